"""Vocabulary alternatives for a query term: regional words (軟體 ↔ 软件) and synonym groups.

The regional table comes from OpenCC's Taiwan and Hong Kong phrase dictionaries (see ``index.regional_build``),
normalized to the index's Simplified form and used in both directions. It expands QUERIES only: no document text is
rewritten, so offsets stay exact and a mainland 核心区 still matches 核心区 literally (ranked first) even though the
table pairs 核心 with 内核.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .analysis import fold_key
from .analysis.dictionary import DATA, DEFAULT_VOCABULARY, Vocabulary, parse_vocabulary, vocabulary, vocabulary_path
from .analysis.script import to_simplified

__all__ = ["DEFAULT_VOCABULARY", "Vocabulary", "parse_vocabulary", "vocabulary", "vocabulary_path", "Alternative",
           "alternatives", "regional_pairs", "regional_variants", "synonyms"]
REGIONAL_TABLE = DATA / "regional.tsv"
# Pairs the generated table cannot have (OpenCC converts 矽 → 硅 by character variant, not as a phrase).
REGIONAL_EXTRA = DATA / "regional_extra.tsv"
MAX_ALTERNATIVES = 8


@dataclass(frozen=True)
class Alternative:
    """Another way to write a query term, and why it is one."""

    text: str
    via: str  # "regional", "synonym" or "numeral"
    weight: float = 1.0


@lru_cache(maxsize=1)
def regional_pairs() -> dict[str, tuple[str, ...]]:
    """word → its counterparts across the strait, both directions, in Simplified form."""
    table: dict[str, set[str]] = {}
    for path in (REGIONAL_TABLE, REGIONAL_EXTRA):
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            a, _, b = line.partition("\t")
            table.setdefault(a, set()).add(b)
            table.setdefault(b, set()).add(a)
    return {k: tuple(sorted(v)) for k, v in table.items()}


@lru_cache(maxsize=1)
def _by_length() -> list[int]:
    return sorted({len(k) for k in regional_pairs()}, reverse=True)


def _key(text: str) -> str:
    return " ".join(fold_key(text).split())


@lru_cache(maxsize=4)
def _synonym_index(vocab: Vocabulary) -> dict[str, tuple[str, ...]]:
    index: dict[str, tuple[str, ...]] = {}
    for group in vocab.synonyms:
        for member in group:
            index[_key(member)] = tuple(m for m in group if _key(m) != _key(member))
    return index


def synonyms(text: str) -> tuple[str, ...]:
    """The other members of ``text``'s synonym group (the whole term must be a member)."""
    return _synonym_index(vocabulary()).get(_key(text), ())


def regional_variants(text: str) -> list[str]:
    """Spellings of ``text`` with regional words swapped for their counterparts (longest words first)."""
    norm = to_simplified(text)
    table = regional_pairs()
    lengths = _by_length()
    # Greedy longest-match segmentation over the table: each position takes the longest known word.
    pieces: list[tuple[str, tuple[str, ...]]] = []
    i = 0
    while i < len(norm):
        for n in lengths:
            word = norm[i : i + n]
            if len(word) == n and word in table:
                pieces.append((word, table[word]))
                i += n
                break
        else:
            pieces.append((norm[i], ()))
            i += 1
    if not any(alts for _, alts in pieces):
        return []
    variants = [""]
    for word, alts in pieces:
        options = (word, *alts) if alts else (word,)
        variants = [v + o for v in variants for o in options][: MAX_ALTERNATIVES * 4]
    return [v for v in dict.fromkeys(variants) if v != norm][:MAX_ALTERNATIVES]


def alternatives(text: str) -> list[Alternative]:
    """Other spellings of ``text`` that should find the same documents: synonyms, then regional words."""
    out = [Alternative(s, "synonym") for s in synonyms(text)]
    out += [Alternative(v, "regional") for v in regional_variants(text)]
    return out
