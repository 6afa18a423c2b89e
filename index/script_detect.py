"""Which script a document is written in: ``hans``, ``hant``, ``mixed`` or ``latin``."""

from __future__ import annotations

from .analysis.script import HAN_RUN, T2S, convert_keeping_length, s2t


def detect_script(text: str) -> str:
    """Classify ``text`` by its script-specific characters (those OpenCC changes one way but not the other)."""
    chars = {ch for ch in set(text) if HAN_RUN.match(ch)}
    if not chars:
        return "latin"
    joined = "".join(sorted(chars))
    # Compared character by character, so the conversions must keep the length.
    trad_only = sum(1 for a, b in zip(joined, convert_keeping_length(T2S, joined)) if a != b)
    simp_only = sum(1 for a, b in zip(joined, convert_keeping_length(s2t(), joined)) if a != b)
    if trad_only == simp_only == 0:
        return "hans"
    share = trad_only / (trad_only + simp_only)
    if share >= 0.8:
        return "hant"
    if share <= 0.2:
        return "hans"
    return "mixed"
