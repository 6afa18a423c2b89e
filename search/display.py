"""Showing text in one script for readers who want it: conversions that keep the length, so highlights stay put."""

from __future__ import annotations

import opencc

from index.analysis.script import convert_keeping_length, to_simplified

_S2T = opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    """OpenCC s2t of ``text`` with the length kept (see ``convert_keeping_length``)."""
    return convert_keeping_length(_S2T, text)


def convert_for_display(text: str, display: str) -> str:
    """``text`` as the document wrote it (``original``), or in Simplified (``hans``) or Traditional (``hant``)."""
    if display == "hans":
        return to_simplified(text)
    if display == "hant":
        return to_traditional(text)
    return text
