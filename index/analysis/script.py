"""Step 2: Traditional → Simplified with OpenCC ``t2s``, so both scripts meet in one form before segmentation.

``t2s`` maps characters (and a few phrases) one to one, so it keeps the string length and the offsets; where it
would not, the text is converted character by character instead, which always keeps them.
"""

from __future__ import annotations

import opencc

from .token import Mapped

_T2S = opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """OpenCC t2s of ``text`` with the length kept (character-wise where phrase conversion would change it)."""
    out = _T2S.convert(text)
    if len(out) == len(text):
        return out
    chars = [_T2S.convert(ch) for ch in text]
    return "".join(c if len(c) == 1 else ch for c, ch in zip(chars, text))


def t2s(m: Mapped) -> Mapped:
    """Convert ``m.text`` to Simplified script, keeping offsets."""
    return Mapped(to_simplified(m.text), m.origin_start, m.origin_end)
