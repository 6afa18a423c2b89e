"""Which script a document is written in: ``hans``, ``hant``, ``mixed`` or ``latin``."""

from __future__ import annotations

from .analysis.script import HAN_RUN, T2S, convert_keeping_length, s2t


# A document is in one script when at most this share of its script-specific characters belong to the other (a
# quotation, a name); beyond it, it is mixed.
MIXED_SHARE = 0.2


def script_of(text: str) -> tuple[str, bool]:
    """The script of ``text`` by its script-specific characters (those OpenCC changes one way but not the other), and
    whether its Han characters are all both scripts' (播放影片): such a text is called ``hans``, but a Taiwan text may
    be written so as well."""
    chars = {ch for ch in set(text) if HAN_RUN.match(ch)}
    if not chars:
        return "latin", False
    joined = "".join(sorted(chars))
    # Compared character by character, so the conversions must keep the length.
    trad_only = sum(1 for a, b in zip(joined, convert_keeping_length(T2S, joined)) if a != b)
    simp_only = sum(1 for a, b in zip(joined, convert_keeping_length(s2t(), joined)) if a != b)
    if trad_only == simp_only == 0:
        return "hans", True
    return _by_share(trad_only, simp_only), False


def _by_share(trad_only: int, simp_only: int) -> str:
    """The script of a text with these counts of characters particular to Traditional and to Simplified."""
    share = trad_only / (trad_only + simp_only)
    if share >= 1 - MIXED_SHARE:
        return "hant"
    if share <= MIXED_SHARE:
        return "hans"
    return "mixed"
