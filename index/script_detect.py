"""Which script a document is written in: ``hans``, ``hant``, ``mixed`` or ``latin``."""

from __future__ import annotations

import re

import opencc

_T2S = opencc.OpenCC("t2s")
_S2T = opencc.OpenCC("s2t")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def detect_script(text: str) -> str:
    """Classify ``text`` by its script-specific characters (those OpenCC changes one way but not the other)."""
    chars = {ch for ch in set(text) if _HAN.match(ch)}
    if not chars:
        return "latin"
    joined = "".join(sorted(chars))
    trad_only = sum(1 for a, b in zip(joined, _T2S.convert(joined)) if a != b)
    simp_only = sum(1 for a, b in zip(joined, _S2T.convert(joined)) if a != b)
    if trad_only == simp_only == 0:
        return "hans"
    share = trad_only / (trad_only + simp_only)
    if share >= 0.8:
        return "hant"
    if share <= 0.2:
        return "hans"
    return "mixed"
