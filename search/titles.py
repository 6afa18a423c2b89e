"""Finding a needle in every document's title at once: a sorted table of the titles' character pairs.

A scan of all titles joined costs a pass over every title for every needle (a gigabyte of policy text has tens of
thousands of titles); the pair table answers with a binary search and a look at the titles that hold the needle's
rarest pair, as the literal index answers for passages.
"""

from __future__ import annotations

import math
import re

import numpy as np

from tongwen.index.literal import distinct, held_by_all, run_starts, sorted_member
from tongwen.index.numerals import NUMERAL_CHARS, begins_with_count, ends_with_number

from .bm25 import bm25
from .plan import NUMBER_BEFORE

# A code point takes 21 bits: two make one 64-bit key.
_SHIFT = np.uint64(21)
# The code points a number of its own never follows (``plan.NUMBER_BEFORE``), all below U+0250.
_LATIN_BEFORE = np.array([c for c in range(0x250) if re.match(f"[{NUMBER_BEFORE}]", chr(c))], dtype=np.uint32)
_NUMERAL_CODES = np.array([ord(c) for c in NUMERAL_CHARS], dtype=np.uint32)


class TitleIndex:
    """The occurrences of any string in a list of titles (folded keys, as the query's needles are)."""

    def __init__(self, titles: list[str]):
        # Titles end with a separator no needle holds, so an occurrence never runs from one title into the next.
        text = "".join(title + "\n" for title in titles)
        self.codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        self.starts = np.cumsum([0] + [len(t) + 1 for t in titles])[:-1].astype(np.int64)
        pairs = (self.codes[:-1].astype(np.uint64) << _SHIFT) | self.codes[1:].astype(np.uint64)
        self.order = np.argsort(pairs, kind="stable").astype(np.int32 if len(pairs) < 2**31 else np.int64)
        self.pairs = pairs[self.order]

    def _pair_range(self, lo: int, hi: int) -> np.ndarray:
        a, b = np.searchsorted(self.pairs, np.array([lo, hi], dtype=np.uint64))
        return self.order[a:b]

    def counts(self, needle: str, whole: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """(title numbers, occurrences in each) of ``needle``, counted as ``str.find`` steps through a title: an
        occurrence starts after the end of the one before. ``whole``: a count in Chinese numerals only where it is
        the whole number (一万五千元 holds no 五千元)."""
        at = self._occurrences(needle)
        if whole and len(at) and begins_with_count(needle):
            at = at[(at == 0) | ~np.isin(self.codes[np.maximum(at - 1, 0)], _NUMERAL_CODES)]
        if whole and len(at) and ends_with_number(needle):  # a separator ends every title: a character follows
            at = at[~np.isin(self.codes[at + len(needle)], _NUMERAL_CODES)]
        if not len(at):
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        which = np.searchsorted(self.starts, at, "right") - 1
        first = run_starts(which)  # sorted: each title's occurrences are one run
        return which[first], np.diff(np.append(first, len(which)))

    def holding_number(self, number: str, han: str) -> np.ndarray:
        """The title numbers (ascending) of the titles holding ``number`` written against ``han`` (2016年), the
        number not the end of a longer one (2016年 holds no 16年)."""
        at = self._occurrences(number + han)
        before = self.codes[np.maximum(at - 1, 0)]
        whole = (at == 0) | ~np.isin(before, _LATIN_BEFORE)
        return distinct(np.searchsorted(self.starts, at[whole], "right") - 1)

    def _occurrences(self, needle: str) -> np.ndarray:
        """Where ``needle`` starts in the joined titles (ascending; an occurrence after the end of the one before)."""
        if not needle or not len(self.codes):
            return np.empty(0, dtype=np.int64)
        codes = [ord(c) for c in needle]
        shift = int(_SHIFT)
        if len(codes) == 1:
            at = np.sort(self._pair_range(codes[0] << shift, (codes[0] + 1) << shift))
        else:
            ranges = [self._pair_range(key := (codes[j] << shift) | codes[j + 1], key + 1) - j
                      for j in range(len(codes) - 1)]
            at = np.sort(min(ranges, key=len))
            at = at[(at >= 0) & (at + len(codes) <= len(self.codes))]
            keep = np.ones(len(at), dtype=bool)
            for j, code in enumerate(codes):
                keep &= self.codes[at + j] == code
            at = at[keep]
        if len(codes) > 1 and len(at) and (np.diff(at) < len(codes)).any():
            at = _apart(at, len(codes))
        return at.astype(np.int64)

    def scores(self, needles: list[str], titled: np.ndarray, length: np.ndarray, avg: float,
               numbers: tuple[tuple[str, str], ...] = (), whole: bool = False) -> np.ndarray:
        """Per document (``length`` holds each one's title length): the BM25 of ``needles`` in its title where the
        title holds every needle (and each of ``numbers`` written against its Han, ``holding_number``), else 0;
        title ``i`` is document ``titled[i]``'s."""
        out = np.zeros(len(length))
        if not needles:
            return out
        counts = []
        for needle in needles:
            which, found = self.counts(needle, whole)
            counts.append((titled[which], found.astype(np.float64)))
        docs = held_by_all([held for held, _ in counts])
        for number, han in numbers:
            docs = docs[sorted_member(docs, titled[self.holding_number(number, han)])]
        if not len(docs):
            return out
        # Scored in the titles that hold every needle only (a few, of tens of thousands of documents).
        for needle, (held, c) in zip(needles, counts):
            weight = math.sqrt(len(needle))
            out[docs] += bm25(c[sorted_member(held, docs)], len(held), len(length), length[docs], avg) * weight
        return out


def _apart(at: np.ndarray, width: int) -> np.ndarray:
    """Sorted starts without those that begin inside the occurrence kept before them (哈哈 in 哈哈哈 is one)."""
    kept, end = [], -1
    for start in at.tolist():
        if start >= end:
            kept.append(start)
            end = start + width
    return np.array(kept, dtype=np.int64)
