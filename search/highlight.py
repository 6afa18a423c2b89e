"""Highlights as data: where the query's literals occur in a passage, in ORIGINAL passage offsets.

The passage is normalized the same way the index was (NFKC, Traditional → Simplified, Latin case folding), literals
are found in the normalized text, and every hit is mapped back through the normalization's offset map, so a query
中关村 marks 中關村 in a Traditional passage and ＧＤＰ is marked whole. No jieba runs here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tongwen.index import analysis
from tongwen.index.adapters import jieba_frequency
from tongwen.index.analysis.script import HAN, HAN_GAP
from tongwen.index.analysis.segment import PERCENT
from tongwen.index.numerals import NUMERAL_CHARS, begins_with_count, ends_with_number

from .plan import INLINE_SPACES, Target


def _fold_case(text: str) -> str:
    """Lower case that keeps the length (a few characters, like İ, lower to two)."""
    out = text.lower()
    if len(out) == len(text):
        return out
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@dataclass(frozen=True)
class Hit:
    """One occurrence of a target in a passage: original span and the target that produced it."""

    start: int
    end: int
    target: Target


def find_hits(text: str, targets: tuple[Target, ...] | list[Target]) -> list[Hit]:
    """Every occurrence of every target in ``text`` (original offsets into ``text``)."""
    if not targets:
        return []
    m = analysis.normalize(text)
    lowered = _fold_case(m.text)
    # Han targets are found across line breaks between Han characters, as the literal index finds them.
    haystack, kept = _squeezed(lowered)
    hits: list[Hit] = []
    units_found: set[str] = set()
    whole_found: set[str] = set()
    # Units first, parts last: a part of a unit (万元 of 100万元, 100 of it) is marked only in a passage that holds no
    # occurrence of the whole unit, where it is why the passage matched; beside the unit it is noise (10万元). The
    # unit written in other numerals (五千元以下罚款 for 5000元以下罚款) is the whole unit too, and a term typed in
    # Chinese numerals found as typed leaves the parts of its Arabic form unmarked (日以上 of 5日以上10日以下, for
    # 五日以上十日以下, is no match in 十日以上十五日以下).
    for target in sorted(targets, key=lambda t: (t.part_of is not None, not (t.unit or t.via == "numeral"))):
        if not target.text or (target.part_of is not None and target.part_of in units_found):
            continue
        if target.part_of is not None and target.via == "numeral" and target.query in whole_found:
            continue
        before = len(hits)
        if target.latin:
            if target.unit:
                pattern = unit_pattern(target.text)
            else:
                pattern = re.escape(target.text) if target.stem is None else re.escape(target.stem) + "[a-z]*"
            # A number is not the part of a decimal either side of its point (5 in 24.5 or 5.8, as the index reads it).
            pattern = rf"(?<![0-9a-z\u00c0-\u024f])(?<![0-9]\.){pattern}(?![0-9a-z\u00c0-\u024f])(?!\.[0-9])"
            for found in re.finditer(pattern, lowered):
                start, end = m.span(*found.span())
                hits.append(Hit(start, end, target))
            if target.unit and len(hits) > before:
                units_found.add(target.text)
            if target.part_of is None and len(hits) > before:
                whole_found.add(target.query)
            continue
        needle = _fold_case(target.text)
        # A number the query wrote in the other numerals is a value, read whole as the literal index reads it.
        numeral = target.via == "numeral"
        whole_start, whole_end = numeral and begins_with_count(needle), numeral and ends_with_number(needle)
        for s, e in _find_all(haystack, needle):
            if (whole_start and s and haystack[s - 1] in NUMERAL_CHARS
                    or whole_end and e < len(haystack) and haystack[e] in NUMERAL_CHARS):
                continue
            start, end = m.span(kept[s], kept[e - 1] + 1)
            hits.append(Hit(start, end, target))
        if numeral and len(hits) > before:
            units_found.update(t.text for t in targets if t.unit and t.query == target.query)
        if target.part_of is None and len(hits) > before:
            whole_found.add(target.query)
    return hits


def unit_pattern(unit: str) -> str:
    """A regular expression for a unit as typed: spaces may stand where Han meets Latin or digits (第 12 条), and
    before a percent sign."""
    pieces = re.findall(f"[{HAN}]+|[{PERCENT}]|[^{HAN}{PERCENT}\\s]+", unit)
    return INLINE_SPACES.join(re.escape(piece) for piece in pieces)


def _find_all(haystack: str, needle: str):
    start = haystack.find(needle)
    while start >= 0:
        yield start, start + len(needle)
        start = haystack.find(needle, start + 1)


def _squeezed(text: str) -> tuple[str, list[int] | range]:
    """``text`` without whitespace between Han characters, and where each kept character was."""
    pieces: list[str] = []
    kept: list[int] = []
    at = 0
    # The pieces between the gaps and their offsets, in one pass (a boolean array per passage cost more than the
    # passage's few hundred characters: every result highlights two or three).
    for gap in HAN_GAP.finditer(text):
        start, end = gap.span()
        pieces.append(text[at:start])
        kept.extend(range(at, start))
        at = end
    if not pieces:
        return text, range(len(text))
    pieces.append(text[at:])
    kept.extend(range(at, len(text)))
    return "".join(pieces), kept


def merge_spans(hits: list[Hit]) -> list[list[int]]:
    """The hits' spans, sorted, with overlapping spans merged (touching ones stay apart: each is one match)."""
    spans: list[list[int]] = []
    for s, e in sorted((h.start, h.end) for h in hits):
        if spans and s < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], e)
        else:
            spans.append([s, e])
    return spans


def mark(text: str, spans: list[list[int]], open_: str, close: str, escape=lambda s: s) -> str:
    """Markup: ``text`` with each span wrapped in ``open_``/``close`` (the rest passed through ``escape``)."""
    out, pos = [], 0
    for s, e in spans:
        out.append(escape(text[pos:s]))
        out.append(open_ + escape(text[s:e]) + close)
        pos = e
    out.append(escape(text[pos:]))
    return "".join(out)


def is_partial_word(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is no word of its own: not in jieba's dictionary (技创新, 区立足).

    A lookup in the dictionary jieba segments with, not a segmentation, so it costs one dictionary access.
    """
    return not jieba_frequency(analysis.normalize(text[start:end]).text)
