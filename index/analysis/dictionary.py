"""The segmentation vocabulary: domain words jieba is taught, and synonym groups, from one file.

The file in effect is ``$TONGWEN_VOCABULARY`` or the bundled ``index/data/vocabulary.txt``; it is read when first
needed (never at import), and again when it changes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import InputPathError

DATA = Path(__file__).resolve().parents[1] / "data"
DEFAULT_VOCABULARY = DATA / "vocabulary.txt"


def vocabulary_path() -> Path:
    """The domain vocabulary file in effect: ``$TONGWEN_VOCABULARY`` or the bundled one."""
    env = os.environ.get("TONGWEN_VOCABULARY")
    path = Path(env).expanduser() if env else DEFAULT_VOCABULARY
    if not path.is_file():
        raise InputPathError(f"vocabulary file not found: {path} (set by TONGWEN_VOCABULARY)")
    return path


@dataclass(frozen=True)
class Vocabulary:
    """Extra segmentation words and synonym groups."""

    words: tuple[tuple[str, int | None], ...]
    synonyms: tuple[tuple[str, ...], ...]


def parse_vocabulary(text: str) -> Vocabulary:
    """Read the ``[words]``/``[synonyms]`` file format (see ``index/data/vocabulary.txt``)."""
    words, groups, section = [], [], None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line in ("[words]", "[synonyms]"):
            section = line[1:-1]
        elif section == "words":
            word, _, freq = line.partition(" ")
            words.append((word, int(freq) if freq.strip().isdigit() else None))
        elif section == "synonyms":
            members = tuple(m.strip() for m in line.split("=") if m.strip())
            if len(members) > 1:
                groups.append(members)
    return Vocabulary(tuple(words), tuple(groups))


@lru_cache(maxsize=4)
def _load(path: Path, mtime: float) -> Vocabulary:
    return parse_vocabulary(path.read_text(encoding="utf-8"))


def vocabulary() -> Vocabulary:
    """The vocabulary in effect (re-read when its file changes)."""
    path = vocabulary_path()
    return _load(path, path.stat().st_mtime)
