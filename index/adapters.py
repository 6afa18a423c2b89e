"""The few places Tongwen reaches past its dependencies' public APIs, in one module, for the pinned versions only.

Whoosh has no public way to list a committed index's segments with their deletions, and jieba none to ask for its
dictionary file; ``index.segment_writer`` extends Whoosh's segment writer the way Whoosh's own multi-process writer
does. These hold for the versions pinned in pyproject.toml, which importing this module checks: another version
fails at once with a message, not later with a wrong answer.
"""

from __future__ import annotations

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


def jieba_dictionary() -> Path:
    """The main dictionary file jieba segments with."""
    return Path(jieba.dt.dictionary or Path(jieba.__file__).with_name("dict.txt"))


def jieba_frequency(word: str) -> int:
    """How often ``word`` occurs in jieba's dictionary (0 when it is no word of it)."""
    jieba.initialize()
    return jieba.get_FREQ(word) or 0
