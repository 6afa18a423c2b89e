"""Showing text in one script for readers who want it: conversions that keep the length, so highlights stay put."""

from __future__ import annotations

from tongwen.index.analysis.script import to_simplified, to_traditional
from tongwen.index.analysis.token import Mapped
from tongwen.index.analysis.variants import fold_variants


def convert_for_display(text: str, display: str) -> str:
    """``text`` as the document wrote it (``original``), or in Simplified (``hans``) or Traditional (``hant``).

    Simplified is shown as the mainland writes it: Taiwan's 隨著 帳戶 and Hong Kong's 衞生 as 随着 账户 卫生, not as
    script conversion alone leaves them (随著 帐户 衞生)."""
    if display == "hans":
        return fold_variants(Mapped(to_simplified(text))).text
    if display == "hant":
        return to_traditional(text)
    return text
