"""Bounds on what one file may cost to index, read from the environment when a run starts.

One document is analyzed as a whole (its offsets are positions in its whole text), so the memory a file costs
grows with its text: about 60 bytes per character at peak. The limits keep one hostile or mistaken file (a
database dump saved as .txt, a zip bomb saved as .docx, a table of millions of rows saved as a page) from taking the
machine; such a file is skipped with one warning naming the limit, and the run goes on. Each reader checks the text
limit before its costly step (a page and a Word body before they are parsed, a PDF page by page), so what a file
costs follows its text, not its bytes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from tongwen.index.errors import InvalidParameter

MB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """Per-file limits: the file's size, its extracted text, and what a zip package may unpack to."""

    # A file larger than this is not read at all.
    max_file_bytes: int = 128 * MB
    # Extracted text longer than this is not analyzed: 4 M characters is 30 times the longest national law, and
    # costs about 0.4 GB at peak.
    max_text_chars: int = 4_000_000
    # A Word package whose text parts unpack to more than this, or any part that inflates more than
    # ``max_ratio`` times (past the first MB), is a zip bomb.
    max_unpacked_bytes: int = 96 * MB
    max_ratio: int = 100

    @classmethod
    def from_env(cls, environ: dict | None = None) -> "Limits":
        """Limits from ``TONGWEN_MAX_FILE_MB``, ``TONGWEN_MAX_TEXT_CHARS`` and ``TONGWEN_MAX_UNPACKED_MB``."""
        env = os.environ if environ is None else environ
        default = cls()
        return cls(
            max_file_bytes=_number(env, "TONGWEN_MAX_FILE_MB", default.max_file_bytes // MB) * MB,
            max_text_chars=_number(env, "TONGWEN_MAX_TEXT_CHARS", default.max_text_chars),
            max_unpacked_bytes=_number(env, "TONGWEN_MAX_UNPACKED_MB", default.max_unpacked_bytes // MB) * MB,
            max_ratio=default.max_ratio,
        )


def _number(env, name: str, default: int) -> int:
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InvalidParameter(f"{name} must be a whole number, not {raw!r}") from None
    if value < 1:
        raise InvalidParameter(f"{name} must be 1 or more, not {raw!r}")
    return value


def current() -> Limits:
    """The limits in force (read each time: a test or a caller may set the environment between runs)."""
    return Limits.from_env()
