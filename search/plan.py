"""What a query leaf means: the literal pieces to find, the words that score it up, the alternatives, the highlights.

A leaf of the default field must occur LITERALLY (after NFKC and Traditional → Simplified) in a passage or in the
title: every Han run of it through the literal index (any run of characters, across jieba's word boundaries and
hard line breaks), every Latin token as a whole word. The leaf's jieba words only add score where they are whole
words of the passage, so whole-word matches rank above partial ones. Vocabulary alternatives (regional words,
synonyms) are further ways to satisfy the leaf, weighted a little lower, never used for quoted phrases; a regional
word only in documents of its region's script.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from tongwen.index import analysis
from tongwen.index.analysis import script, segment
from tongwen.index import numerals
from tongwen.index.vocabulary import Alternative, alternatives, vocabulary_path

from .query import Leaf

ALTERNATIVE_WEIGHT = 0.8
# Plans kept: a search plans each leaf twice (to order an AND's terms by cost, then to evaluate it), and a searcher
# is asked the same terms again and again (the next page, the document opened from a result); planning one
# (normalizing, segmenting, looking up its alternatives) costs about a tenth of a millisecond.
PLANS_KEPT = 4096
# A run of Han and Latin/number pieces written together, spaces allowed between pieces of different scripts.
_MIXED = re.compile(
    f"(?:[{script.HAN}]+|{segment.LATIN_RUN.pattern})(?:[ \t\u3000]*(?:[{script.HAN}]+|{segment.LATIN_RUN.pattern}))*"
)
# What a number that is a Latin token of its own never follows: a letter, a digit or a joiner of a Latin token (as
# ``segment.LATIN_RUN`` reads them).
NUMBER_BEFORE = "0-9A-Za-z\u00c0-\u024f.'_/&-"
# The spaces that may stand inside a unit (第 12 條), as the index's units allow them.
INLINE_SPACES = "[ \t\u3000\xa0]*"
# A number of its own, spaces, then Han or a percent sign: what the index makes a unit of (``segment.unit_tokens``).
_NUMBER_UNIT = re.compile(
    f"(?<![{NUMBER_BEFORE}])([0-9]+(?:\\.[0-9]+)?){INLINE_SPACES}([{script.HAN}]+|[{segment.PERCENT}])")
# A percentage (5%, 24.5 %): a unit of its own, for highlighting as for matching.
_PERCENTAGE = re.compile(f"(?<![{NUMBER_BEFORE}])[0-9]+(?:\\.[0-9]+)?{INLINE_SPACES}[{segment.PERCENT}]")


def number_unit(number: str, han: str) -> re.Pattern:
    """``number`` written against ``han`` (spaces allowed), the number no end of a longer token: what a passage that
    matches ``Variant.numbers`` holds."""
    return re.compile(f"(?<![{NUMBER_BEFORE}]){re.escape(number)}{INLINE_SPACES}{re.escape(han)}")


@dataclass(frozen=True)
class Target:
    """A normalized literal to highlight, and how it relates to what the user typed."""

    text: str  # normalized (NFKC, t2s, Latin case-folded)
    query: str  # the query term as typed
    via: str  # "exact" (refined to "script"/"substring" on the match), "regional", "synonym", "numeral"
    latin: bool
    stem: str | None = None  # a Latin word also matches other forms with this stem
    unit: bool = False  # a number or Latin word with the Han written against it, matched as one run
    script: str | None = None  # a regional word is marked in documents of its region's script only
    part_of: str | None = None  # the unit this run or word is part of (万元 of 100万元): marked where it is not


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
    # A regional word counts in documents of its region's script only ("hant", "hans"; None: in any document).
    script: str | None = None
    # (number, Han run) of each number written against the Han after it (30日, 100万元): in a passage they must
    # stand together too, not apart (the 3 of 第3条 and the 年 of 三年 are no 3年).
    numbers: tuple[tuple[str, str], ...] = ()

    @property
    def whole_numbers(self) -> bool:
        """Whether a count of its runs (五千元) is found only as a whole number: one the query wrote in the other
        numerals (5000元) is a value, not the end of 一万五千元 (``LiteralIndex.occurrences``)."""
        return self.via == "numeral"


def may_hold(region: str | None, written: str, neutral: bool = False, vocabulary: str | None = None) -> bool:
    """Whether a document ``written`` in that script (``neutral``: in characters both scripts share; ``vocabulary``:
    writing the other script's side's words, as a mainland report put into Traditional does) may hold a regional
    word of the region writing ``region`` (None: any word, anywhere)."""
    return region is None or region == written or written == "mixed" or neutral or region == vocabulary


@dataclass(frozen=True)
class LeafPlan:
    """A leaf ready to run: its variants and highlight targets."""

    leaf: Leaf
    variants: tuple[Variant, ...]
    targets: tuple[Target, ...]
    article: int | None = None  # the article the leaf names (第234条 → 23400): its own passages rank first


def _variant(text: str, via: str, weight: float, prefix: bool = False, script_of: str | None = None) -> Variant | None:
    m = analysis.normalize(text)
    han = tuple(script.HAN_RUN.findall(m.text))
    latin_tokens = analysis.LATIN_WORDS.tokens(m, "query")
    # Whole words score a passage up; a unit (7578家, 5g网络) scores up the passages that hold it as typed.
    tokens = analysis.words(text, "query")
    words = tuple(t.text for t in tokens if (t.kind == "han" and len(t.text) > 1) or t.kind == "unit")
    if not han and not latin_tokens:
        return None
    # Only where the query's own cut makes the number a unit: a word of the dictionary holding a number (1号店) is
    # one word to jieba in a passage too, and no unit says that its number stands against its Han there.
    units = [t.text for t in tokens if t.kind == "unit"]
    numbers = tuple((n, run) for n, run in _NUMBER_UNIT.findall(m.text)
                    if any(u.startswith(n + run[0]) for u in units)) if not prefix else ()
    return Variant(text, via, weight, han, tuple(t.text for t in latin_tokens), words, prefix, script_of, numbers)


def _targets(text: str, query: str, via: str, script_of: str | None = None) -> list[Target]:
    m = analysis.normalize(text)
    units = _units(m.text)
    # A character written against a number or Latin word is part of that unit (7578家): it is marked with the
    # unit, never alone, unless the query has it as a term of its own.
    inside = {i for s, e in units for i in range(s, e)}

    # Each unit by its span in the normalized text (where Han runs are found) and in ``text`` (Latin tokens' spans).
    normalized = [(s, e, m.text[s:e].lower()) for s, e in units]
    written = [(*m.span(s, e), unit) for s, e, unit in normalized]

    def unit_at(start: int, table: list[tuple[int, int, str]]) -> str | None:
        return next((unit for s, e, unit in table if s <= start < e), None)

    out = [Target(unit, query, via, latin=True, unit=True, script=script_of) for _, _, unit in normalized]
    out += [Target(run.group(), query, via, latin=False, script=script_of, part_of=unit_at(run.start(), normalized))
            for run in script.HAN_RUN.finditer(m.text) if len(run.group()) > 1 or run.start() not in inside]
    for tok, stemmed in zip(analysis.LATIN_FOLDED.tokens(m, "query"), analysis.LATIN_WORDS.tokens(m, "query")):
        stem = stemmed.text
        out.append(Target(tok.text, query, via, latin=True, stem=stem if stem != tok.text else None, script=script_of,
                          part_of=unit_at(tok.start, written)))
    return out


def _units(text: str) -> list[tuple[int, int]]:
    """Spans of the runs where Latin/digits and Han are written together (no space or only spaces), maximal, and of
    the percentages."""
    spans = []
    for run in _MIXED.finditer(text):
        if script.HAN_RUN.search(run.group()) and segment.LATIN_PART.search(run.group()):
            spans.append(run.span())
    return spans + [found.span() for found in _PERCENTAGE.finditer(text)]


def _numeral_alternatives(text: str) -> list[Alternative]:
    """The term with its ordinals and years written the other way (第12条 ↔ 第十二条): the same words, full weight."""
    return [Alternative(v, "numeral", 1.0 / ALTERNATIVE_WEIGHT) for v in numerals.variants(text)]


def plan_leaf(leaf: Leaf) -> LeafPlan | None:
    """Plan a default-field or ``title:`` leaf; None when it holds nothing searchable (punctuation only)."""
    # A plan depends on the leaf and on the vocabulary file in effect, which is read again when it changes: a plan
    # made under the last version of the file is never handed out under the next.
    path = vocabulary_path()
    return _planned(leaf, str(path), path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=PLANS_KEPT)
def _planned(leaf: Leaf, _vocabulary: str, _modified: int) -> LeafPlan | None:
    main = _variant(leaf.text, "exact", 1.0, leaf.prefix)
    if main is None:
        return None
    variants = [main]
    targets = _targets(leaf.text, leaf.text, "exact")
    if not leaf.exact and not leaf.prefix:
        for alt in alternatives(leaf.text) + _numeral_alternatives(leaf.text):
            v = _variant(alt.text, alt.via, ALTERNATIVE_WEIGHT * alt.weight, script_of=alt.script)
            if v is not None:
                variants.append(v)
                targets += _targets(alt.text, leaf.text, alt.via, alt.script)
    return LeafPlan(leaf, tuple(variants), tuple(targets), numerals.article_number(leaf.text))
