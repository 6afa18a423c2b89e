"""Immutable values that flow through the analysis pipeline."""

from __future__ import annotations

from array import array
from typing import NamedTuple


class Token(NamedTuple):
    """An analyzed term and the span of ORIGINAL text it came from (code-point offsets, end exclusive)."""

    text: str
    start: int
    end: int
    kind: str  # "han" or "latin"; latin covers digits, so 10206.9 and 5G are "latin"


class Mapped(NamedTuple):
    """Text after character-level normalization, with where each of its characters came from.

    ``origin_start[i]``/``origin_end[i]`` give the original span that produced character ``i``. ``None`` means the
    identity mapping, the common case, kept cheap because most text is already normalized.
    """

    text: str
    origin_start: array | None = None
    origin_end: array | None = None

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Original span of the normalized characters ``[i, j)``."""
        if self.origin_start is None or self.origin_end is None:
            return i, j
        if i >= j:
            pos = self.origin_start[i] if i < len(self.text) else (self.origin_end[-1] if self.text else 0)
            return pos, pos
        return self.origin_start[i], self.origin_end[j - 1]

