"""Step 2: Traditional → Simplified with OpenCC ``t2s``, so both scripts meet in one form before segmentation.

``t2s`` maps characters (and a few phrases) one to one, so it keeps the string length and the offsets; where it
would not, the text is converted character by character instead, which always keeps them.

This is also the one definition of what a Han character is (as a regex class and for NumPy code points), of the
rule that whitespace and quotation marks between two Han characters are no boundary (``HAN_GAP``), and of the
shared OpenCC converters; every other module takes them from here.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import opencc

from .token import Mapped

# CJK Unified Ideographs with Extension A, compatibility ideographs, Extensions B–G, and 〇 (written in numbers).
HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_RUN = re.compile(f"[{HAN}]+")
# What may stand between two Han characters of one run: a line break or spaces (extraction put them there), and
# quotation and title marks, which set a phrase's part off in print (实施“十三五”规划, 《民法典》规定, 「資通安全」管理)
# and which a reader leaves out typing it (十三五规划); Elasticsearch's analyzers drop them, so its phrases span them.
INLINE_MARKS = "“”‘’「」『』《》〈〉\"'"
HAN_GAP = re.compile(f"(?<=[{HAN}])[\\s{re.escape(INLINE_MARKS)}]+(?=[{HAN}])")
_GAP = re.compile(f"[\\s{re.escape(INLINE_MARKS)}]*")


def joins(between: str) -> bool:
    """Whether the text ``between`` two Han characters leaves them one run (only spaces, line breaks or marks)."""
    return _GAP.fullmatch(between) is not None


def is_han(codes: np.ndarray) -> np.ndarray:
    """Which code points (a NumPy array) are Han characters, by the same ranges as ``HAN``."""
    return (
        ((codes >= 0x4E00) & (codes <= 0x9FFF))
        | ((codes >= 0x3400) & (codes <= 0x4DBF))
        | ((codes >= 0xF900) & (codes <= 0xFAFF))
        | ((codes >= 0x20000) & (codes <= 0x3134F))
        | (codes == 0x3007)
    )


def squeeze(text: str) -> str:
    """``text`` without the whitespace and marks between Han characters (``HAN_GAP``), as literal matching sees it."""
    return HAN_GAP.sub("", text)


T2S = opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def s2t() -> opencc.OpenCC:
    """The shared Simplified → Traditional converter (loading OpenCC's dictionaries takes 60 ms: on first use)."""
    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    """OpenCC s2t of ``text`` with the length kept (see ``convert_keeping_length``)."""
    return convert_keeping_length(s2t(), text)
# Conversion is retried piece by piece between these, so one odd phrase does not spoil a whole text.
_PIECE = re.compile(r"[^\s，。、；：！？,.;:!?（）()「」“”《》]+|[\s，。、；：！？,.;:!?（）()「」“”《》]+")


def convert_keeping_length(converter: opencc.OpenCC, text: str) -> str:
    """``converter`` over ``text`` with the length kept: pieces whose phrase conversion changes length are
    converted character by character, and characters that would change length stay as they are."""
    out = converter.convert(text)
    if len(out) == len(text):
        return out
    parts = []
    for piece in _PIECE.findall(text):
        conv = converter.convert(piece)
        if len(conv) != len(piece):
            chars = [converter.convert(ch) for ch in piece]
            conv = "".join(c if len(c) == 1 else ch for c, ch in zip(chars, piece))
        parts.append(conv)
    return "".join(parts)


def to_simplified(text: str) -> str:
    """OpenCC t2s of ``text`` with the length kept (see ``convert_keeping_length``)."""
    return convert_keeping_length(T2S, text)


def t2s(m: Mapped) -> Mapped:
    """Convert ``m.text`` to Simplified script, keeping offsets."""
    return Mapped(to_simplified(m.text), m.origin_start, m.origin_end)


_REGIONAL: tuple[opencc.OpenCC, opencc.OpenCC] | None = None


def across_the_strait(text: str) -> list[str]:
    """``text`` as the other side of the strait would write it, in Simplified characters: OpenCC's Taiwan phrase
    conversions both ways (s2twp then t2s: 软件 → 软体; tw2sp: 軟體 → 软件). For queries only: these change length
    and rewrite mainland words (核心区 → 内核区), so they never touch the index or offsets."""
    global _REGIONAL
    if _REGIONAL is None:  # loaded on the first match=any query, not by every search
        _REGIONAL = (opencc.OpenCC("s2twp"), opencc.OpenCC("tw2sp"))
    to_taiwan, to_mainland = _REGIONAL
    return [T2S.convert(to_taiwan.convert(text)), to_mainland.convert(text)]
