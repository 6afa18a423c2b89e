"""Vocabulary alternatives for a query term: regional words (軟體 ↔ 软件) and synonym groups.

The regional table comes from OpenCC's Taiwan and Hong Kong phrase dictionaries (see ``index.regional_build``),
normalized to the index's Simplified form and used in both directions, each side's words in documents of its
region's script only (Taiwan's 资料 is data, a mainland text's is materials). It expands QUERIES only: no
document text is rewritten, so offsets stay exact and a mainland 核心区 still matches 核心区 literally (ranked first)
even though the table pairs 核心 with 内核.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from .analysis import fold_key
from .analysis.dictionary import DATA, DEFAULT_VOCABULARY, Vocabulary, parse_vocabulary, vocabulary, vocabulary_path
from .analysis.script import to_simplified

__all__ = ["DEFAULT_VOCABULARY", "Vocabulary", "parse_vocabulary", "vocabulary", "vocabulary_path", "Alternative",
           "alternatives", "regional_alternatives", "regional_pairs", "regional_scripts", "regional_spans",
           "regional_variants", "synonyms"]
REGIONAL_TABLE = DATA / "regional.tsv"
# Pairs the generated table cannot have (words OpenCC pairs only inside longer ones, the policy vocabulary it lacks).
REGIONAL_EXTRA = DATA / "regional_extra.tsv"
MAX_ALTERNATIVES = 8
# Readings of one text as the table's words kept apart (产品质量 as 产品|质量 and as 产|品质|量).
MAX_PARSES = 4


@dataclass(frozen=True)
class Alternative:
    """Another way to write a query term, and why it is one."""

    text: str
    via: str  # "regional", "synonym" or "numeral"
    weight: float = 1.0
    # Regional words are one region's vocabulary: Taiwan's and Hong Kong's are written in Traditional script
    # ("hant"), the mainland's in Simplified ("hans"). None: usable in any document.
    script: str | None = None


def _regional_rows() -> Iterator[tuple[str, str]]:
    """(Taiwan's or Hong Kong's word, the mainland's) for every row of the regional tables, in Simplified form."""
    for path in (REGIONAL_TABLE, REGIONAL_EXTRA):
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            a, _, b = line.partition("\t")
            yield a, b


@lru_cache(maxsize=1)
def regional_pairs() -> dict[str, tuple[str, ...]]:
    """word → its counterparts across the strait, both directions, in Simplified form."""
    table: dict[str, set[str]] = {}
    for a, b in _regional_rows():
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


@lru_cache(maxsize=1)
def regional_scripts() -> dict[str, str | None]:
    """word → the script its region writes in: "hant" for a word only of Taiwan's and Hong Kong's side of the table
    (its first column), "hans" for one only of the mainland's (its second), None for a word on both sides."""
    sides: dict[str, set[str]] = {}
    for a, b in _regional_rows():
        sides.setdefault(a, set()).add("hant")
        sides.setdefault(b, set()).add("hans")
    return {word: next(iter(side)) if len(side) == 1 else None for word, side in sides.items()}


def regional_variants(text: str) -> list[str]:
    """Spellings of ``text`` with regional words swapped for their counterparts (longest words first)."""
    return [variant for variant, _script in regional_alternatives(text)]


def regional_alternatives(text: str) -> list[tuple[str, str | None]]:
    """``regional_variants`` of ``text``, each with the script of the region whose words it swapped in: a mainland
    text's 资料 is "materials", not Taiwan's word for 数据, so 资料 stands for 数据 in Traditional documents only."""
    norm = to_simplified(text)
    table = regional_pairs()
    readings = [_spellings(norm, words, table, region) for words in _table_parses(norm, table)
                for region in ("hant", "hans")]
    found: dict[str, str | None] = {}
    # Each reading's spellings in each region's words, all of its words swapped first, then those keeping one word
    # as written, and so on.
    for _kept, variant, script in heapq.merge(*readings, key=lambda item: item[0]):
        if variant != norm and variant not in found:
            found[variant] = script
            if len(found) == MAX_ALTERNATIVES:
                break
    return list(found.items())


def _spellings(text: str, words: list[tuple[int, int]], table: dict[str, tuple[str, ...]], region: str
               ) -> Iterator[tuple[int, str, str | None]]:
    """(words kept as written, spelling, script of the words swapped in) for ``text`` read as table ``words``, with
    the words another region writes its own way swapped for ``region``'s ("hant": Taiwan's and Hong Kong's, "hans":
    the mainland's), those with the fewest words kept first. A document writes one region's vocabulary, so the
    spelling that swaps every such word is the one a text of that side holds (推动软件产业与数据库 is
    推動軟體產業與資料庫, no word of the mainland's left); one word kept comes next, for a pair the table holds that
    this text does not mean. Made as they are asked for: a pasted paragraph holds dozens of table words."""
    scripts = regional_scripts()
    swaps = []  # (start, end, the region's words for it)
    for s, e in words:
        alts = [alt for alt in table[text[s:e]] if scripts.get(alt) in (region, None)]
        if alts:
            swaps.append((s, e, alts))
    for kept in range(len(swaps) + 1):
        for keep in itertools.combinations(range(len(swaps)), kept):
            options = [[text[s:e]] if k in keep else alts for k, (s, e, alts) in enumerate(swaps)]
            for choice in itertools.product(*options):
                pieces, at = [], 0
                swapped = set()
                for k, ((s, e, _alts), piece) in enumerate(zip(swaps, choice)):
                    pieces += [text[at:s], piece]
                    at = e
                    if k not in keep:
                        swapped.add(scripts.get(piece))
                yield kept, "".join(pieces) + text[at:], next(iter(swapped)) if len(swapped) == 1 else None


def _table_parses(text: str, table: dict[str, tuple[str, ...]]) -> list[list[tuple[int, int]]]:
    """The ways of reading ``text`` as table words (spans, in order, not overlapping) that cover the most of it, the
    longest words first, at most MAX_PARSES. Taking the longest word at each place from the left reads 产品质量 as
    产|品质|量 and misses 质量 (品质 is Taiwan's word for it): where two words overlap and cover as much, each
    reading is kept, and the spellings of all of them are the variants."""
    n = len(text)
    lengths = _by_length()
    # at[i]: the table words starting at i, as their ends; most[i]: the most of text[i:] table words can cover.
    at = [[i + k for k in lengths if i + k <= n and text[i : i + k] in table] for i in range(n)]
    most = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        most[i] = max([most[i + 1]] + [e - i + most[e] for e in at[i]])
    if not most[0]:
        return []
    parses: list[list[tuple[int, int]]] = []
    stack: list[tuple[int, list[tuple[int, int]]]] = [(0, [])]
    while stack and len(parses) < MAX_PARSES:
        i, words = stack.pop()
        while i < n and most[i] == most[i + 1] and not any(e - i + most[e] == most[i] for e in at[i]):
            i += 1  # no word here is part of a best reading: the character stays as written
        if i == n or not most[i]:
            parses.append(words)
            continue
        # Pushed shortest first, so the longest word's reading is taken first.
        if most[i] == most[i + 1]:
            stack.append((i + 1, words))
        for e in reversed(at[i]):
            if e - i + most[e] == most[i]:
                stack.append((e, words + [(i, e)]))
    return parses


def regional_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds the regional table's words, as its first reading by ``_table_parses`` takes them
    (code-point spans of ``text``; none when its Simplified form is not as long)."""
    norm = to_simplified(text)
    if len(norm) != len(text):
        return []
    parses = _table_parses(norm, regional_pairs())
    return parses[0] if parses else []


def alternatives(text: str) -> list[Alternative]:
    """Other spellings of ``text`` that should find the same documents: synonyms, then regional words."""
    out = [Alternative(s, "synonym") for s in synonyms(text)]
    out += [Alternative(v, "regional", script=script) for v, script in regional_alternatives(text)]
    return out
