"""What a query leaf means: the literal pieces to find, the words that score it up, the alternatives, the highlights.

A leaf of the default field must occur LITERALLY (after NFKC and Traditional → Simplified) in a passage or in the
title: every Han run of it through the literal index (any run of characters, across jieba's word boundaries and
hard line breaks), every Latin token as a whole word. The leaf's jieba words only add score where they are whole
words of the passage, so whole-word matches rank above partial ones. Vocabulary alternatives (regional words,
synonyms) are further ways to satisfy the leaf, weighted a little lower, never used for quoted phrases.
"""

from __future__ import annotations

from dataclasses import dataclass

from tongwen.index import analysis
from tongwen.index.analysis import latin, segment
from tongwen.index.vocabulary import alternatives

from .query import Leaf

ALTERNATIVE_WEIGHT = 0.8


@dataclass(frozen=True)
class Target:
    """A normalized literal to highlight, and how it relates to what the user typed."""

    text: str  # normalized (NFKC, t2s, Latin case-folded)
    query: str  # the query term as typed
    via: str  # "exact" (refined to "script"/"substring" on the match), "regional", "synonym"
    latin: bool
    stem: str | None = None  # a Latin word also matches other forms with this stem


@dataclass(frozen=True)
class Variant:
    """One way to satisfy a leaf: its Han runs and Latin words must all occur in one passage."""

    text: str
    via: str
    weight: float
    han: tuple[str, ...]  # normalized Han runs, matched literally
    latin: tuple[str, ...]  # folded, stemmed Latin words, matched as words
    words: tuple[str, ...]  # jieba words of the Han runs, whole-word bonus
    prefix: bool = False


@dataclass(frozen=True)
class LeafPlan:
    """A leaf ready to run: its variants and highlight targets."""

    leaf: Leaf
    variants: tuple[Variant, ...]
    targets: tuple[Target, ...]


def _variant(text: str, via: str, weight: float, prefix: bool = False) -> Variant | None:
    m = analysis.normalize(text)
    han = tuple(segment.HAN_RUN.findall(m.text))
    latin_tokens = latin.fold_and_stem(segment.latin_tokens(m, with_parts=False))
    words = tuple(t.text for t in analysis.words(text, "query") if t.kind == "han" and len(t.text) > 1)
    if not han and not latin_tokens:
        return None
    return Variant(text, via, weight, han, tuple(t.text for t in latin_tokens), words, prefix)


def _targets(text: str, query: str, via: str) -> list[Target]:
    m = analysis.normalize(text)
    out = [Target(run, query, via, latin=False) for run in segment.HAN_RUN.findall(m.text)]
    for tok in latin.fold(segment.latin_tokens(m, with_parts=False)):
        stem = latin.fold_and_stem([tok])[0].text
        out.append(Target(tok.text, query, via, latin=True, stem=stem if stem != tok.text else None))
    return out


def plan_leaf(leaf: Leaf) -> LeafPlan | None:
    """Plan a default-field or ``title:`` leaf; None when it holds nothing searchable (punctuation only)."""
    main = _variant(leaf.text, "exact", 1.0, leaf.prefix)
    if main is None:
        return None
    variants = [main]
    targets = _targets(leaf.text, leaf.text, "exact")
    if not leaf.exact and not leaf.prefix:
        for alt in alternatives(leaf.text):
            v = _variant(alt.text, alt.via, ALTERNATIVE_WEIGHT * alt.weight)
            if v is not None:
                variants.append(v)
                targets += _targets(alt.text, leaf.text, alt.via)
    return LeafPlan(leaf, tuple(variants), tuple(targets))
