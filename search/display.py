"""Showing text in one script for readers who want it: conversions that keep the length, so highlights stay put."""

from __future__ import annotations

from tongwen.index.analysis.script import to_simplified, to_traditional


def convert_for_display(text: str, display: str) -> str:
    """``text`` as the document wrote it (``original``), or in Simplified (``hans``) or Traditional (``hant``)."""
    if display == "hans":
        return to_simplified(text)
    if display == "hant":
        return to_traditional(text)
    return text
