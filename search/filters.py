"""Metadata filters: a document's agency, number, type, year or script compared with what a user typed.

Values compare normalized (NFKC, Simplified, lower case, one bracket form, no spaces), so ``type:報告`` finds 报告 and
``number:劳社部发[2008]3号`` finds 劳社部发〔2008〕3号.
"""

from __future__ import annotations

import numpy as np

from tongwen.index import analysis
from tongwen.index.errors import InvalidParameter

from .contract import FILTER_FIELDS


_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "(": "〔", ")": "〕", "【": "〔", "】": "〕", "［": "〔", "］": "〕",
                           "（": "〔", "）": "〕", "﹝": "〔", "﹞": "〕", "〖": "〔", "〗": "〕"})


def meta_key(value: str) -> str:
    """A metadata value as compared: normalized (NFKC, Simplified), lower case, one bracket form, no spaces."""
    return "".join(analysis.fold_key(value).translate(_BRACKETS).split())


def _meta_value(info: dict, field: str) -> str:
    if field == "script":
        return info["script"]
    return str(info.get("meta", {}).get(field, "") or "")


def meta_matches(info: dict, field: str, value: str) -> bool:
    have = _meta_value(info, field)
    if not have:
        return False
    if field in ("agency", "number"):
        # Issuing bodies and document numbers match as text: 海淀区人民政府 finds 北京市海淀区人民政府, and a number
        # in any bracket form finds the others (劳社部发[2008]3号 = 劳社部发〔2008〕3号).
        return meta_key(value) in meta_key(have)
    if field == "script":
        return have == value.strip().lower()
    return meta_key(have) == meta_key(value)  # in either script: type:報告 = type:报告


def filter_mask(docs: list[dict], filters: dict | None) -> np.ndarray:
    """Which documents pass the filters (field → value; empty values are no filter)."""
    mask = np.ones(len(docs), dtype=bool)
    for key, value in (filters or {}).items():
        if value is None or value == "":
            continue
        if key not in FILTER_FIELDS:
            raise InvalidParameter(f"unknown filter {key!r}: use one of {', '.join(FILTER_FIELDS)}")
        mask &= np.array([meta_matches(info, key, str(value)) for info in docs], dtype=bool)
    return mask
