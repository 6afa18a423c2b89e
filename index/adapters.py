"""The few places Tongwen reaches past its dependencies' public APIs, in one module, for the pinned versions only.

Whoosh has no public way to list a committed index's segments with their deletions, and jieba none to ask for its
dictionary file; ``index.segment_writer`` extends Whoosh's segment writer the way Whoosh's own multi-process writer
does. These hold for the versions pinned in pyproject.toml, which importing this module checks: another version
fails at once with a message, not later with a wrong answer.
"""

from __future__ import annotations

import bisect

from pathlib import Path

import jieba
import whoosh

WHOOSH_VERSION = (2, 7, 5)
JIEBA_VERSION = "0.42.1"

if tuple(whoosh.__version__) != WHOOSH_VERSION or jieba.__version__ != JIEBA_VERSION:
    raise ImportError(f"Tongwen needs whoosh-reloaded {'.'.join(map(str, WHOOSH_VERSION))} and jieba {JIEBA_VERSION}"
                      f" (found {whoosh.versionstring()} and {jieba.__version__}): "
                      f"reinstall it with `pip install tongwen`")


def segments_of(ix) -> list:
    """The committed segments of a Whoosh index, in order, each knowing its deleted documents."""
    return list(ix._segments())


def posting_blocks(reader, name: str, tbytes: bytes, fmt, terminfo=None, wanted=None, values: bool = True):
    """A term's postings in one segment, block by block as stored: (ids, weights, values), deleted documents
    included. Reading a block at a time instead of a posting at a time is what makes merges and bulk scoring fast.

    ``wanted``, sorted document numbers of the segment, skips every block that holds none of them: a block's header
    gives its last document number, so a block is passed over without decoding it."""
    terms = reader._terms
    terminfo = terminfo if terminfo is not None else terms.term_info(name, tbytes)
    matcher = terms._codec.postings_reader(terms._postfile, terminfo, fmt, term=(name, tbytes))
    with_values = values and fmt.fixed_value_size() != 0
    if not hasattr(matcher, "_next_block"):  # a term with one posting is stored inline, in a list matcher
        ids, weights, found = [], [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            found.append(matcher.value() if with_values else None)
            matcher.next()
        yield ids, weights, found
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
        matcher._read_ids()
        matcher._read_weights()
        if with_values:
            matcher._read_values()
        yield matcher._ids, matcher._weights, matcher._values
        matcher._next_block()


def jieba_dictionary() -> Path:
    """The main dictionary file jieba segments with."""
    return Path(jieba.dt.dictionary or Path(jieba.__file__).with_name("dict.txt"))


def jieba_frequency(word: str) -> int:
    """How often ``word`` occurs in jieba's dictionary (0 when it is no word of it)."""
    jieba.initialize()
    return jieba.get_FREQ(word) or 0
