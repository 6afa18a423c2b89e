"""The literal index: every Han character and bigram of every passage, with positions, as sorted NumPy arrays.

It answers "where does this run of characters occur?" for any run of one or more Han characters, across jieba's
word boundaries, exactly and fast: a run of k characters is the intersection of k-1 bigram position lists (shifted),
so a lookup costs a few binary searches and array intersections, not a phrase query over a word index.

Text is stored normalized (NFKC, Traditional → Simplified), passage after passage with a separator between, so
positions are positions in that concatenation; ``passage_of`` maps them back to passages. A generation holds one
literal index, built from the documents its Whoosh index stores, in Whoosh document-number order.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .analysis import Mapped
from .analysis.script import HAN_RUN, is_han, squeeze
from .numerals import NUMERAL_CHARS, begins_with_count, ends_with_number

# A folder of .npy arrays, memory-mapped when read: opening an index reads none of them, and the pages a query
# touches are shared by every process that has the index open.
FILE = "literal"
SEPARATOR = "\n"
# A bigram code is (first character << SHIFT) | second character, 0 when the run ends there.
SHIFT = np.uint64(21)


# Positions, offsets and spans below this fit in 32 bits, half the size on disk and in the page cache.
NARROW_LIMIT = 1 << 32

# Han code points fit in 18 bits, so (code, position) packs into one 64-bit key while positions fit in 28 bits.
_CHAR_BITS = np.uint64(18)
_POSITION_BITS = np.uint64(28)


def _sort_parts(parts: list[LiteralPart], offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every part's codes in ascending order, with their positions (part offset added) ascending within a code:
    the order lookups rely on. ``parts`` is emptied as it is read, so a part's arrays go as soon as they are packed.
    """
    total = sum(len(part.codes) for part in parts)
    end = int(offsets[-1]) + parts[-1].size if parts else 0
    if end >= 1 << int(_POSITION_BITS):
        codes = np.concatenate([part.codes for part in parts])
        positions = np.concatenate([part.positions.astype(np.int64) + off for part, off in zip(parts, offsets)])
        parts.clear()
        order = np.argsort(codes, kind="stable")
        return codes[order], positions[order]
    # One sort of unique packed keys, (first character, second character, position), is three times faster than a
    # stable argsort, and it is the serial tail of every build (3.4 M bigrams: 0.12 s against 0.36 s). The keys
    # are packed part by part into one array: at the peak a character costs the keys (8 bytes) and then the codes
    # and positions unpacked from them (12), never a concatenated copy of every part besides.
    keys = np.empty(total, dtype=np.uint64)
    low = np.uint64((1 << int(SHIFT)) - 1)
    at = 0
    for off in offsets.tolist():
        part = parts.pop(0)
        n = len(part.codes)
        keys[at : at + n] = (((part.codes >> SHIFT) << (_CHAR_BITS + _POSITION_BITS))
                             | ((part.codes & low) << _POSITION_BITS)
                             | (part.positions.astype(np.uint64) + np.uint64(off)))
        at += n
    keys.sort()
    mask = np.uint64((1 << int(_CHAR_BITS)) - 1)
    codes = ((keys >> (_CHAR_BITS + _POSITION_BITS)) << SHIFT) | ((keys >> _POSITION_BITS) & mask)
    positions = narrow(keys & np.uint64((1 << int(_POSITION_BITS)) - 1))
    return codes, positions


def pair_code(pair: str) -> int:
    """The code of a pair of characters: (first << SHIFT) | second, as ``LiteralPart.encode`` makes them."""
    return (ord(pair[0]) << int(SHIFT)) | ord(pair[1])


def _is_han_char(ch: str) -> bool:
    return bool(HAN_RUN.match(ch))


def document_passages(m: Mapped, text: str, spans: list[tuple[int, int]]) -> tuple[list[str], list[str]]:
    """The literal index's view of one document: each passage span's normalized, squeezed text, and what joins it
    to the next passage (SEPARATOR, or "" where a line break between two Han characters splits a run of text).
    ``LiteralPart.encode`` of the two is what the index holds of the document.

    ``m`` is ``text`` normalized (``analysis.normalize``); the analysis of a document passes its own, so nothing is
    normalized twice.
    """
    if m.origin_start is None:
        passages = [squeeze(m.text[s:e]) for s, e in spans]
    else:
        starts = np.asarray(m.origin_start)
        passages = []
        for s, e in spans:
            i = int(np.searchsorted(starts, s, "left"))
            j = int(np.searchsorted(starts, e, "left"))
            passages.append(squeeze(m.text[i:j]))
    joins = [SEPARATOR] * len(spans)
    for i in range(len(spans) - 1):
        here, after = passages[i], passages[i + 1]
        if (here and after and not text[spans[i][1] : spans[i + 1][0]].strip()
                and _is_han_char(here[-1]) and _is_han_char(after[0])):
            joins[i] = ""
    return passages, joins


@dataclass
class LiteralPart:
    """Passages encoded for the literal index, positions counted from the part's start: the work of indexing them
    that does not depend on what comes before (so worker processes do it, document by document)."""

    codes: np.ndarray  # uint64 bigram codes, in text order
    positions: np.ndarray  # uint32 (int64 past 4 G characters), where each code's bigram starts
    starts: np.ndarray  # int64, where each passage starts
    lengths: np.ndarray  # int32, characters per passage
    size: int  # characters the part takes in the concatenation

    @classmethod
    def encode(cls, passages: list[str], joins: list[str] | None = None) -> LiteralPart:
        """Encode passages joined by ``joins`` (SEPARATOR by default; a separator always ends the part)."""
        joins = joins if joins is not None else [SEPARATOR] * len(passages)
        lengths = np.fromiter((len(p) for p in passages), dtype=np.int64, count=len(passages))
        gaps = np.fromiter((len(j) for j in joins), dtype=np.int64, count=len(passages))
        starts = np.zeros(len(passages), dtype=np.int64)
        if len(passages) > 1:
            starts[1:] = np.cumsum(lengths[:-1] + gaps[:-1])
        big = "".join(p + j for p, j in zip(passages, joins))
        if not big.endswith(SEPARATOR):
            big += SEPARATOR
        # Characters stay 32-bit until the codes are made: a long document's temporaries are half as large.
        chars = np.frombuffer(big.encode("utf-32-le"), dtype=np.uint32)
        han = is_han(chars)
        first = np.flatnonzero(han[:-1])
        nxt = chars[first + 1]
        nxt[~han[first + 1]] = 0
        codes = chars[first].astype(np.uint64) << SHIFT
        codes |= nxt
        return cls(codes, narrow(first), starts, lengths.astype(np.int32), len(big))


@dataclass
class LiteralIndex:
    """Bigram codes with their positions, and the passage layout of the concatenated text.

    Each distinct code is stored once (``terms``, sorted) with where its positions begin (``offsets``); the
    positions of one code are ascending and as narrow as the text allows (32 bits below 4 G characters).
    """

    terms: np.ndarray  # uint64, sorted, distinct
    # uint32 or int64, len(terms) + 1: the positions of terms[i] are positions[offsets[i]:offsets[i + 1]]
    offsets: np.ndarray
    positions: np.ndarray  # uint32 or int64
    passage_start: np.ndarray  # uint32 or int64, where each passage starts in the concatenation
    passage_length: np.ndarray  # int32, characters per passage (normalized)
    # uint16 or uint32, len(terms): how many passages hold each code (deleted ones too), as Lucene keeps each term's
    # document frequency: a pair's IDF without mapping every position of it to its passage
    term_passages: np.ndarray
    # per-passage and per-document tables of a segment (see ``index.segments``)
    tables: dict[str, np.ndarray] = field(default_factory=dict)
    # positions mapped to their passages by binary search so far (see ``passage_of``)
    _searched: int = field(default=0, init=False, repr=False, compare=False)

    @property
    def postings(self) -> int:
        """How many positions the index holds (what a query budget is measured against)."""
        return int(len(self.positions))

    @classmethod
    def build(cls, passages: list[str], joins: list[str] | None = None) -> LiteralIndex:
        """Index the normalized texts of passages, in passage order.

        ``joins[i]`` goes between passage i and i+1: SEPARATOR, or "" where the text runs on (a line break between
        two Han characters of one document), so a run crossing the break is found, in the passage it starts in.
        """
        return cls.from_parts([LiteralPart.encode(passages, joins)])

    @classmethod
    def from_parts(cls, parts: list[LiteralPart]) -> LiteralIndex:
        """Index encoded parts (one per document, say), one after the other. The list is emptied as it is read."""
        if not parts:
            parts.append(LiteralPart.encode([]))
        offsets = np.zeros(len(parts), dtype=np.int64)
        offsets[1:] = np.cumsum([part.size for part in parts[:-1]])
        starts = np.concatenate([part.starts + off for part, off in zip(parts, offsets)])
        lengths = np.concatenate([part.lengths for part in parts])
        codes, positions = _sort_parts(parts, offsets)
        terms, term_offsets = dictionary(codes)
        passage_start = narrow(starts)
        return cls(terms, term_offsets, positions, passage_start, lengths.astype(np.int32),
                   passages_holding(positions, term_offsets, passage_start))

    def save(self, folder: Path) -> None:
        """Write the arrays (and tables) into ``folder``, created here (a segment's literal folder)."""
        folder.mkdir()
        arrays = {"terms": self.terms, "offsets": self.offsets, "positions": self.positions,
                  "passage_start": self.passage_start, "passage_length": self.passage_length,
                  "term_passages": self.term_passages, **self.tables}
        for name, array in arrays.items():
            np.save(folder / f"{name}.npy", array, allow_pickle=False)

    @classmethod
    def load(cls, folder: Path) -> "LiteralIndex":
        """Map the arrays of a literal folder (read lazily, shared between processes)."""

        def load(name: str) -> np.ndarray:
            # A plain array over the mapping: NumPy's memmap subclass runs Python code on every slice taken of it,
            # and a query takes thousands.
            return np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False).view(np.ndarray)

        tables = {p.stem: load(p.stem) for p in folder.glob("*.npy") if p.stem not in _POSTINGS}
        return cls(load("terms"), load("offsets"), load("positions"), load("passage_start"), load("passage_length"),
                   load("term_passages"), tables)

    def _slice(self, lo: int, hi: int, spend=None) -> np.ndarray:
        """The positions of the codes in [lo, hi): a view of the mapped array, nothing read yet."""
        a, b = np.searchsorted(self.terms, np.array([lo, hi], dtype=np.uint64)).tolist()
        first, last = self.offsets[[a, b]].tolist()
        if spend is not None:
            spend(last - first)  # counted before a position is read: an over-budget query reads nothing more
        return self.positions[first:last]

    def occurrences(self, run: str, spend=None, whole: bool = False, ranges=None) -> np.ndarray:
        """Start positions (in the concatenation) of every occurrence of a normalized Han run.

        ``spend(n)`` is told how many positions each lookup reads before it reads them (a query's budget).
        ``whole``: a run that starts with a count (五千元以下, written so for 5000元以下) only where no numeral stands
        before it, and one that ends with a number (百分之五, for 5%) only where none follows it: the whole number.
        ``ranges`` (starts, ends: ascending, disjoint): the occurrences starting inside them only, the rarest pair
        cut to them before the others are searched (a common phrase's every place elsewhere is never looked for).
        """
        if not run:
            return np.empty(0, dtype=np.int64)
        shift = int(SHIFT)
        if len(run) == 1:
            c = ord(run) << shift
            return np.sort(self._slice(c, c + (1 << shift), spend))  # sorted in the stored width, half of 64 bits
        lists = []
        for j in range(len(run) - 1):
            code = pair_code(run[j : j + 2])
            lists.append((self._slice(code, code + 1, None if ranges is not None else spend), j))
        whole = whole and (begins_with_count(run) or ends_with_number(run))
        if len(lists) == 1 and not whole and ranges is None:
            return lists[0][0]  # one pair: its positions as stored, sorted, with no copy made
        lists.sort(key=lambda item: len(item[0]))
        # Only the shortest list is read whole (or where the ranges are); a candidate is looked up in each longer
        # one by binary search, so a common bigram's long list costs a few pages, not a pass over all of it.
        first, shift = lists[0]
        if ranges is not None:
            first = _inside(first, ranges[0] + shift, ranges[1] + shift)
            if spend is not None:
                spend(len(first) * len(lists) + 2 * len(ranges[0]))
        found = first.astype(np.int64) - shift
        for positions, offset in lists[1:]:
            if not len(found):
                break
            found = found[sorted_member(found + offset, positions)]
        if len(found) and whole:
            found = self._whole_numbers(found, run, spend)
        return found

    def _whole_numbers(self, found: np.ndarray, run: str, spend=None) -> np.ndarray:
        """The starts of ``found`` (of ``run``) where no numeral character runs on into a count it starts with or a
        number it ends with: 五千元 is not in 一万五千元, 三年 not in 二〇一三年, 百分之五 not in 百分之五十.
        The character before a start is the first of the pair stored one position before it; the one after the
        run, the second of the pair its last character starts."""
        keep = np.ones(len(found), dtype=bool)
        before, after = begins_with_count(run), ends_with_number(run)
        for numeral in NUMERAL_CHARS:
            if before:
                code = pair_code(numeral + run[0])
                keep &= ~sorted_member(found - 1, self._slice(code, code + 1, spend))
            if after:
                code = pair_code(run[-1] + numeral)
                keep &= ~sorted_member(found + len(run) - 1, self._slice(code, code + 1, spend))
        return found[keep]

    def character_positions(self, char: str) -> int:
        """How many positions one Han character has (what reading them all would cost)."""
        c = ord(char) << int(SHIFT)
        return len(self._slice(c, c + (1 << int(SHIFT))))  # a view of the mapped positions: none is read

    def pair_positions(self, pair: str) -> int:
        """How many positions a pair of Han characters has (nothing read)."""
        code = pair_code(pair)
        return len(self._slice(code, code + 1))

    def pair_passages(self, pair: str) -> int:
        """How many passages hold a pair of Han characters (deleted ones too), as stored: nothing is read."""
        code = pair_code(pair)
        at = int(np.searchsorted(self.terms, np.uint64(code)))
        return int(self.term_passages[at]) if at < len(self.terms) and int(self.terms[at]) == code else 0

    def counts_in_docs(self, run: str, docs: np.ndarray, spend=None,
                       whole: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """``passage_counts`` of a run for the passages of the documents ``docs`` (the segment's, ascending) only:
        two binary searches a document, and only the positions inside them mapped to their passages (a single
        character's positions elsewhere are not even read, nor is a phrase looked for there)."""
        starts = np.asarray(self.tables["doc_start"][docs], dtype=np.int64)
        ends = starts + np.asarray(self.tables["doc_size"][docs], dtype=np.int64)
        if len(run) == 1:
            inside = self._char_inside(run, starts, ends, spend)
            if not len(inside):
                return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
            return self._counted(inside)
        occ = self.occurrences(run, spend, whole, ranges=(starts, ends))
        if not len(occ):
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        return self._counted(occ)  # every document's positions at once

    def _char_inside(self, char: str, starts: np.ndarray, ends: np.ndarray, spend=None) -> np.ndarray:
        """The positions, ascending, of one Han character inside the ranges [starts[i], ends[i]) (ascending,
        disjoint). A character's positions are stored under each character that follows it (第一, 第二, 第 alone…):
        the short lists are read whole, a long one only where the ranges are (one binary search of every edge)."""
        if not len(starts):
            return np.empty(0, dtype=np.int64)
        shift = int(SHIFT)
        c = ord(char) << shift
        a, b = np.searchsorted(self.terms, np.array([c, c + (1 << shift)], dtype=np.uint64)).tolist()
        bounds = np.asarray(self.offsets[a : b + 1], dtype=np.int64)
        sizes = np.diff(bounds)
        short = sizes <= LONG_LIST
        read = np.asarray(self.positions[gather_ranges(bounds[:-1][short], sizes[short])], dtype=np.int64)
        at = np.searchsorted(starts, read, "right") - 1
        inside = read[(at >= 0) & (read < ends[np.maximum(at, 0)])]
        edges = np.column_stack([starts, ends]).ravel()  # ascending: the ranges are
        if self.positions.dtype == np.uint32:
            # Searched as stored, no list copied to 64 bits: no position is past 32 bits, nor an end that matters.
            edges = np.minimum(edges, NARROW_LIMIT - 1).astype(np.uint32)
        first, lengths = [], []
        for k in np.flatnonzero(~short).tolist():
            found = np.searchsorted(self.positions[bounds[k] : bounds[k + 1]], edges)
            first.append(found[0::2] + bounds[k])
            lengths.append(found[1::2] - found[0::2])
        taken = gather_ranges(np.concatenate(first), np.concatenate(lengths)) if first else np.empty(0, dtype=np.int64)
        if spend is not None:
            spend(len(read) + len(taken) + len(edges) * len(first))
        return np.sort(np.concatenate([inside, np.asarray(self.positions[taken], dtype=np.int64)]))

    def counts_within(self, char: str, passages: np.ndarray, spend=None) -> tuple[np.ndarray, np.ndarray]:
        """(passage ordinals, occurrences in each) of a Han run (a common character, a pair) among ``passages``
        (sorted ordinals) only: what ``passage_counts`` gives for those passages, without mapping every position of
        the run to its passage (a common character's millions, which are not even read)."""
        if not len(passages):
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        # A passage owns the positions from its start up to the next passage's start, as ``passage_counts`` counts.
        starts = self.passage_start[passages].astype(np.int64)
        nxt = passages + 1
        ends = np.where(nxt < len(self.passage_start),
                        self.passage_start[np.minimum(nxt, len(self.passage_start) - 1)].astype(np.int64),
                        np.iinfo(np.int64).max)
        if len(char) == 1:
            # Only its positions inside those passages are read (a common character's others never are).
            inside = self._char_inside(char, starts, ends, spend)
            counts = np.bincount(np.searchsorted(starts, inside, "right") - 1, minlength=len(passages))
        else:
            occ = self.occurrences(char, spend)
            counts = search_sorted(occ, ends) - search_sorted(occ, starts)
        found = counts > 0
        return passages[found], counts[found]

    def passage_counts(self, run: str, spend=None, whole: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """(passage ordinals, occurrences in each) for a normalized Han run (``whole``: see ``occurrences``)."""
        occ = self.occurrences(run, spend, whole)
        if not len(occ):
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        return self._counted(occ)

    @functools.cached_property
    def _buckets(self) -> np.ndarray:
        """Per bucket of 2**BUCKET_BITS positions, the last passage starting before it (see ``passage_of``)."""
        return passage_buckets(self.passage_start)

    def passage_of(self, positions: np.ndarray) -> np.ndarray:
        """The passage ordinal holding each position: ``search_sorted(passage_start, positions, "right") - 1``."""
        if len(positions) < BUCKETED_FROM or not self._bucketed(len(positions)):
            return search_sorted(self.passage_start, positions, "right") - 1
        return passage_of(self.passage_start, self._buckets, positions)

    def _bucketed(self, n: int) -> bool:
        """Whether ``n`` positions are mapped by the bucket table: always once it is made; before, only when the
        positions mapped by binary search so far, these included, number as many as the table has buckets. Making
        it costs a pass over its buckets (8 to 15 ms for a merged segment of the 100× corpus, a million buckets),
        which a process that maps few positions (a cold ``tongwen search``) never pays, and one that maps many (a
        server) pays back at most twice, as renting skis until their price is spent."""
        if "_buckets" in self.__dict__:
            return True
        self._searched += n
        buckets = (int(self.passage_start[-1]) >> BUCKET_BITS) + 2 if len(self.passage_start) else 1
        return self._searched >= buckets

    def _counted(self, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(passage ordinals, positions in each) of sorted, non-empty ``positions``."""
        passages = self.passage_of(positions)
        # Positions are sorted, so their passages are too: runs of one passage, counted without sorting again.
        starts = run_starts(passages)
        return passages[starts], np.diff(np.append(starts, len(passages)))


_POSTINGS = ("terms", "offsets", "positions", "passage_start", "passage_length", "term_passages")
# A character's list under one following character longer than this is searched inside a range, not read whole.
LONG_LIST = 4096
# Positions mapped to their passages at a time when the passages holding each code are counted (bounded memory).
HOLDING_CHUNK = 1 << 22


def passages_holding(positions: np.ndarray, offsets: np.ndarray, passage_start: np.ndarray) -> np.ndarray:
    """How many distinct passages hold each code, whose positions are ``positions[offsets[i]:offsets[i + 1]]``
    (ascending), given where each passage starts. A chunk of codes at a time, so memory stays a chunk's."""
    n_terms = len(offsets) - 1
    out = np.zeros(n_terms, dtype=np.uint32)
    offsets = np.asarray(offsets, dtype=np.int64)
    lo = 0
    while lo < n_terms:
        # The chunk ends where HOLDING_CHUNK more positions have been taken (at least one code).
        hi = max(lo + 1, int(np.searchsorted(offsets, offsets[lo] + HOLDING_CHUNK, "right")) - 1)
        first, last = int(offsets[lo]), int(offsets[hi])
        if last > first:
            passage = search_sorted(passage_start, np.asarray(positions[first:last]), "right")
            new = np.empty(last - first, dtype=bool)
            new[0] = True
            np.not_equal(passage[1:], passage[:-1], out=new[1:])
            starts = offsets[lo:hi] - first
            new[starts[starts < len(new)]] = True  # a code's first position begins a pair of its own
            nonempty = offsets[lo + 1 : hi + 1] > offsets[lo:hi]
            out[lo:hi][nonempty] = np.add.reduceat(new, starts[nonempty], dtype=np.int64)
        lo = hi
    return narrow_counts(out)


# Positions per bucket of ``passage_buckets``: well under a passage's average (about 80 characters), so most
# positions find their passage in the bucket's first guess or the one after it. The table costs 4 bytes per 32
# characters, an eighth of what the positions themselves take.
BUCKET_BITS = 5
# Fewer positions than this are mapped by binary search: the bucket table's fixed steps would cost more.
BUCKETED_FROM = 1024


def passage_buckets(passage_start: np.ndarray) -> np.ndarray:
    """For each bucket of 2**BUCKET_BITS positions, the last passage starting in an earlier bucket (0 for the
    first): never after the passage of any position of the bucket. Counted from the passages' starts, in one pass
    over them and the buckets (no binary search)."""
    if not len(passage_start):
        return np.zeros(1, dtype=np.int32)
    bucket = np.asarray(passage_start) >> BUCKET_BITS
    per_bucket = np.bincount(bucket.astype(np.int64), minlength=int(bucket[-1]) + 2)
    before = np.cumsum(per_bucket) - per_bucket  # passages starting in earlier buckets
    return np.maximum(before - 1, 0).astype(np.int32 if len(passage_start) < 1 << 31 else np.int64)


def passage_of(passage_start: np.ndarray, buckets: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """``search_sorted(passage_start, positions, "right") - 1`` for positions inside the text, by the bucket
    table: a guess that is never past the answer, then steps forward while the next passage starts at or before
    the position. A binary search costs some twenty dependent reads of a long array per position; this costs two
    or three, which is most of what mapping a common pair's positions to passages takes."""
    at = np.asarray(positions)
    found = buckets[np.minimum(at >> BUCKET_BITS, len(buckets) - 1)].astype(np.int64)
    last = len(passage_start) - 1
    moving = np.flatnonzero(found < last)
    while len(moving):
        ahead = found[moving] + 1
        moving = moving[passage_start[ahead] <= at[moving]]
        found[moving] += 1
        moving = moving[found[moving] < last]
    return found


def narrow_counts(counts: np.ndarray) -> np.ndarray:
    """Counts in 16 bits when they fit (a segment of the size workers write holds fewer passages than that)."""
    if not len(counts) or int(counts.max()) < 1 << 16:
        return counts.astype(np.uint16)
    return counts.astype(np.uint32)


def search_sorted(a: np.ndarray, v: np.ndarray, side: str = "left") -> np.ndarray:
    """``np.searchsorted(a, v, side)`` without converting ``a``: numpy converts both arrays to a common type, and
    for a long 32-bit array searched with 64-bit values that copy of all of it costs more than the search."""
    if a.dtype == v.dtype or not len(v) or not len(a):
        return np.searchsorted(a, v, side)  # type: ignore[call-overload]
    if a.dtype == np.uint32 and v.dtype.kind in "iu":
        if 0 <= int(v.min()) and int(v.max()) < NARROW_LIMIT:
            # Values that fit, converted as they are: no clip, whose fixed cost is most of a short search's, and a
            # query makes one per character pair and segment.
            return np.searchsorted(a, v.astype(np.uint32), side)  # type: ignore[call-overload]
        # Values outside 32 bits sort before or after every value of ``a``.
        below, above = v < 0, v >= NARROW_LIMIT
        at = np.searchsorted(a, np.clip(v, 0, NARROW_LIMIT - 1).astype(np.uint32), side)  # type: ignore[call-overload]
        at[below] = 0
        at[above] = len(a)
        return at
    return np.searchsorted(a, v, side)  # type: ignore[call-overload]


def sorted_member(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Which values of ``a`` are in ``b``; both sorted ascending. A binary search of each value of the shorter
    array in the longer (np.isin and np.intersect1d sort both again, the cost of a common bigram's long list)."""
    if not len(a) or not len(b):
        return np.zeros(len(a), dtype=bool)
    if len(a) <= len(b):
        at = np.minimum(search_sorted(b, a), len(b) - 1)
        return b[at] == a
    at = np.minimum(search_sorted(a, b), len(a) - 1)
    member = np.zeros(len(a), dtype=bool)
    member[at[a[at] == b]] = True
    return member


def _inside(positions: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The ``positions`` (ascending) inside the ranges [starts[i], ends[i]) (ascending, disjoint)."""
    lo, hi = search_sorted(positions, starts), search_sorted(positions, ends)
    return np.asarray(positions[gather_ranges(lo, hi - lo)])


def held_by_all(lists: list[np.ndarray]) -> np.ndarray:
    """The values in every one of ``lists`` (each sorted ascending, at least one), ascending, shortest list first:
    each intersection then costs binary searches of the fewest candidates."""
    by_length = sorted(lists, key=len)
    found = by_length[0]
    for other in by_length[1:]:
        found = found[sorted_member(found, other)]
    return found


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, ascending, of an array of any shape: ``np.unique`` by a sort. NumPy 2's ``np.unique``
    of integers goes through a hash table that costs twenty times a sort at a million values (0.3 s against 15 ms)."""
    ordered = np.sort(values, axis=None)  # flattened, as np.unique does
    return ordered[run_starts(ordered)] if len(ordered) else ordered


def gather_ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The indices of the ranges [starts[i], starts[i] + lengths[i]), one range after another, without a loop."""
    return np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(int(lengths.sum()))


def run_starts(values: np.ndarray) -> np.ndarray:
    """Where each run of equal values of a sorted, non-empty array starts."""
    return np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))


def dictionary(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct codes, where each one's run begins, plus the end) of sorted ``codes``."""
    if not len(codes):
        return np.empty(0, dtype=np.uint64), np.zeros(1, dtype=np.uint32)
    # The codes are sorted already: a run starts where the code changes (np.unique would sort them again).
    first = run_starts(codes)
    return codes[first].astype(np.uint64), narrow(np.append(first, len(codes)))


def narrow(positions: np.ndarray) -> np.ndarray:
    """Positions (or offsets) in 32 bits when they fit (half the size on disk and in the page cache)."""
    if not len(positions) or int(positions.max()) < NARROW_LIMIT:
        return positions.astype(np.uint32)
    return positions.astype(np.int64)
