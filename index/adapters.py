"""The few places Tongwen reaches past its dependencies' public APIs, in one module, for the pinned versions only.

Whoosh has no public way to list a committed index's segments with their deletions, and jieba none to ask for its
dictionary file; Whoosh copies every part of a compound segment it opens into memory (``MappedBufferFile`` reads it
where it is mapped); ``index.segment_writer`` extends Whoosh's segment writer the way Whoosh's own multi-process writer
does. These hold for the versions pinned in pyproject.toml, which importing this module checks: another version
fails at once with a message, not later with a wrong answer.
"""

from __future__ import annotations

import bisect
import io
from pathlib import Path

import numpy as np
import whoosh
from whoosh.filedb import compound as whoosh_compound
from whoosh.filedb.structfile import BufferFile
from whoosh.reading import TermNotFound

from tongwen.index import import_jieba

jieba = import_jieba()

WHOOSH_VERSION = (2, 7, 5)
JIEBA_VERSION = "0.42.1"

if tuple(whoosh.__version__) != WHOOSH_VERSION or jieba.__version__ != JIEBA_VERSION:
    raise ImportError(f"Tongwen needs whoosh-reloaded {'.'.join(map(str, WHOOSH_VERSION))} and jieba {JIEBA_VERSION}"
                      f" (found {whoosh.versionstring()} and {jieba.__version__}): "
                      f"reinstall it with `pip install tongwen`")


class _ViewReader(io.RawIOBase):
    """A read-only raw file over a memoryview, read where it lies."""

    def __init__(self, view: memoryview):
        self._view = view
        self._at = 0

    def readable(self) -> bool:
        """Always: the view is read, never written."""
        return True

    def seekable(self) -> bool:
        """Always: a view is random access."""
        return True

    def readinto(self, buffer) -> int:
        """Copy the next bytes of the view into ``buffer``."""
        n = max(0, min(len(buffer), len(self._view) - self._at))
        buffer[:n] = self._view[self._at : self._at + n]
        self._at += n
        return n

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """Move to ``offset`` (from the start, the current place or the end)."""
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._at, io.SEEK_END: len(self._view)}[whence]
        self._at = max(0, base + offset)
        return self._at

    def tell(self) -> int:
        """Where the next read starts."""
        return self._at


class MappedBufferFile(BufferFile):
    """Whoosh's file over a part of a memory-mapped compound segment, without its copy.

    Whoosh's own ``BufferFile`` wraps the part's memoryview in ``BytesIO``, which copies it: every process that
    opened an index held a private copy of every segment's postings and stored records (gigabytes at a gigabyte of
    text, copied again at every open), where the mapped pages could be shared by all of them and the page cache.
    Reads here go to the mapping; ``get`` and ``get_array``, the hot paths, slice the view as Whoosh's do.
    """

    def __init__(self, buf, name=None, onclose=None):
        super().__init__(b"", name=name, onclose=onclose)
        self._buf = buf
        self.file = io.BufferedReader(_ViewReader(buf))


# Compound segments (a Whoosh segment's files in one .seg file) open their parts through this name.
whoosh_compound.BufferFile = MappedBufferFile


def segments_of(ix) -> list:
    """The committed segments of a Whoosh index, in order, each knowing its deleted documents."""
    return list(ix._segments())


def posting_blocks(reader, name: str, tbytes: bytes, fmt, terminfo=None, wanted=None, values: bool = True):
    """A term's postings in one segment, block by block as stored: (ids, weights, values), deleted documents
    included. Reading a block at a time instead of a posting at a time is what makes merges and bulk scoring fast.

    ``wanted``, sorted document numbers of the segment, skips every block that holds none of them: a block's header
    gives its last document number, so a block is passed over without decoding it."""
    with_values = values and fmt.fixed_value_size() != 0
    for matcher in _blocks(reader, name, tbytes, fmt, terminfo, wanted):
        if not hasattr(matcher, "_next_block"):  # a term with one posting is stored inline, in a list matcher
            yield _inline(matcher, with_values)
            return
        matcher._read_ids()
        matcher._read_weights()
        if with_values:
            matcher._read_values()
        yield matcher._ids, matcher._weights, matcher._values


def term_info(reader, name: str, tbytes: bytes):
    """A term's statistics and where its postings are in one segment, or None when the segment lacks it: one
    lookup (``in``, ``doc_frequency`` and reading the postings would each look the term up again)."""
    terms = getattr(reader, "_terms", None)
    if terms is None:  # an index whose documents were all skipped has Whoosh's empty reader, which has no terms
        return None
    try:
        return terms.term_info(name, tbytes)
    except TermNotFound:
        return None


def posting_arrays(reader, name: str, tbytes: bytes, fmt, wanted=None, terminfo=None):
    """A term's postings in one segment as arrays, block by block: (document numbers, weights), decoded by NumPy.

    What ``posting_blocks`` gives without values, without Whoosh's decoding of a posting at a time in Python (a
    block stores its document numbers as differences and its weights as one number when they are all equal)."""
    for matcher in _blocks(reader, name, tbytes, fmt, terminfo, wanted):
        if not hasattr(matcher, "_next_block"):
            inline_ids, inline_weights, _ = _inline(matcher, False)
            yield np.asarray(inline_ids, dtype=np.int64), np.asarray(inline_weights, dtype=np.float64)
            return
        if matcher._data is None:
            matcher._read_data()
        stored_ids, stored_weights = matcher._data[0], matcher._data[1]
        ids = np.asarray(stored_ids, dtype=np.int64)
        if not matcher._byteids:
            ids = np.cumsum(ids)
        if stored_weights is None:
            weights = np.ones(len(ids))
        elif isinstance(stored_weights, float):
            weights = np.full(len(ids), stored_weights)
        else:
            weights = np.asarray(stored_weights, dtype=np.float64)
        yield ids, weights


def _blocks(reader, name: str, tbytes: bytes, fmt, terminfo, wanted):
    """The postings matcher of a term, positioned at each block to read in turn (or once, a list matcher without
    blocks, where the term's one posting is inline); with ``wanted``, blocks holding none of those document numbers
    are skipped."""
    terms = reader._terms
    terminfo = terminfo if terminfo is not None else terms.term_info(name, tbytes)
    matcher = terms._codec.postings_reader(terms._postfile, terminfo, fmt, term=(name, tbytes))
    if not hasattr(matcher, "_next_block"):
        yield matcher
        return
    previous_max = -1
    while matcher.is_active():
        if wanted is not None:
            block_max = matcher._maxid
            first = bisect.bisect_right(wanted, previous_max)
            previous_max = block_max
            if first >= len(wanted):
                return
            if wanted[first] > block_max:
                matcher._next_block()
                continue
        yield matcher
        matcher._next_block()


def _inline(matcher, with_values: bool) -> tuple[list, list, list]:
    ids, weights, found = [], [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        found.append(matcher.value() if with_values else None)
        matcher.next()
    return ids, weights, found


def jieba_dictionary() -> Path:
    """The main dictionary file jieba segments with."""
    return Path(jieba.dt.dictionary or Path(jieba.__file__).with_name("dict.txt"))


def jieba_frequency(word: str) -> int:
    """How often ``word`` occurs in jieba's dictionary (0 when it is no word of it)."""
    jieba.initialize()
    return jieba.get_FREQ(word) or 0
