"""Metadata filters: a document's agency, number, type, year or script compared with what a user typed.

Values compare normalized (NFKC, Simplified, lower case, one bracket form, no spaces), so ``type:報告`` finds 报告 and
``number:劳社部发[2008]3号`` finds 劳社部发〔2008〕3号.
"""

from __future__ import annotations

import numpy as np

from tongwen.index import analysis
from tongwen.index.errors import InvalidParameter
from tongwen.index.metadata import JOINT

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


FACET_FIELDS = ("year", "agency", "type", "status", "script")


class FacetTable:
    """Every document's facet values as numbers, made once per generation, so counting a query's matches is one
    ``bincount`` per field instead of a loop over the matching documents (a tenth of a query's time at 1 GB)."""

    def __init__(self, docs: list[dict]):
        self.labels: dict[str, list[str]] = {}
        # Per field: (document of each value, value code); a joint document has one value per issuing body.
        self.pairs: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for field in FACET_FIELDS:
            codes: dict[str, int] = {}
            owners, values = [], []
            for d, info in enumerate(docs):
                for value in _facet_values(info, field):
                    owners.append(d)
                    values.append(codes.setdefault(value, len(codes)))
            self.labels[field] = list(codes)
            self.pairs[field] = (np.array(owners, dtype=np.int64), np.array(values, dtype=np.int64))
        self.n_docs = len(docs)

    def counts(self, ranked: np.ndarray) -> dict[str, dict[str, int]]:
        """Counts of each field's values over the documents ``ranked``, most common first; equal counts in the
        order the ranking first meets them."""
        rank = np.full(self.n_docs, -1, dtype=np.int64)
        rank[ranked] = np.arange(len(ranked))
        out: dict[str, dict[str, int]] = {}
        for field in FACET_FIELDS:
            owners, values = self.pairs[field]
            at = rank[owners]
            inside = at >= 0
            counts = np.bincount(values[inside], minlength=len(self.labels[field]))
            first = np.full(len(counts), len(ranked), dtype=np.int64)
            np.minimum.at(first, values[inside], at[inside])
            order = np.lexsort((first, -counts))
            out[field] = {self.labels[field][k]: int(counts[k]) for k in order.tolist() if counts[k]}
        return out


def _facet_values(info: dict, field: str) -> list[str]:
    if field == "script":
        return [info["script"]]
    value = info.get("meta", {}).get(field)
    if not value:
        return []
    if field == "agency":
        return [part for part in str(value).split(JOINT) if part]  # each body of a joint document counts
    return [str(value)]


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
