"""Showing text in one script for readers who want it: conversions that keep the length, so highlights stay put."""

from __future__ import annotations

from functools import lru_cache

import opencc

from tongwen.index.analysis.script import convert_keeping_length, to_simplified


@lru_cache(maxsize=1)
def _s2t() -> opencc.OpenCC:
    # Loading OpenCC's dictionaries takes 60 ms: only a request for Traditional display pays it.
    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    """OpenCC s2t of ``text`` with the length kept (see ``convert_keeping_length``)."""
    return convert_keeping_length(_s2t(), text)


def convert_for_display(text: str, display: str) -> str:
    """``text`` as the document wrote it (``original``), or in Simplified (``hans``) or Traditional (``hant``)."""
    if display == "hans":
        return to_simplified(text)
    if display == "hant":
        return to_traditional(text)
    return text
