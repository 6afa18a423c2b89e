"""Metadata filters: a document's agency, number, type, year or script compared with what a user typed.

Values compare normalized (NFKC, Simplified, lower case, one bracket form, no spaces, an order's serial in Arabic
numerals), so ``type:報告`` finds 报告, ``number:劳社部发[2008]3号`` finds 劳社部发〔2008〕3号 and
``number:主席令第73号`` finds 主席令第七十三号. A year is one year or a range of them (``2016..2020``: a five-year
plan's period); a year or script that cannot be one is an error, not a filter that silently finds nothing.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import get_args

import numpy as np

from tongwen.index import analysis, numerals
from tongwen.index.errors import InvalidParameter

from .contract import FILTER_FIELDS, Script, check_text


_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "(": "〔", ")": "〕", "【": "〔", "】": "〕", "［": "〔", "］": "〕",
                           "（": "〔", "）": "〕", "﹝": "〔", "﹞": "〕", "〖": "〔", "〗": "〕"})


# An order's serial written in Chinese numerals (主席令第七十三号) compares as the Arabic one (主席令第73号).
_CHINESE_SERIAL = re.compile("第([〇零一二三四五六七八九十百千]+)号")
_STATE = "中华人民共和国"


def meta_key(value: str) -> str:
    """A metadata value as compared: normalized (NFKC, Simplified), lower case, one bracket form, no spaces, an
    order's serial in Arabic numerals."""
    key = "".join(analysis.fold_key(value).translate(_BRACKETS).split())
    if "第" not in key:
        return key
    return _CHINESE_SERIAL.sub(lambda m: f"第{numerals.to_int(m.group(1)) or m.group(1)}号", key)


def _meta_value(info: dict, field: str) -> str:
    if field == "script":
        return info["script"]
    return str(info.get("meta", {}).get(field, "") or "")


def meta_matches(info: dict, field: str, value: str) -> bool:
    """Whether document ``info``'s ``field`` matches what the user typed (``FilterTable`` asks this once per value)."""
    have = _meta_value(info, field)
    return _matches(field, have, filter_key(field, have), filter_key(field, value), value)


# 2016..2020 as GitHub's search writes a range, 2016-2020 and 2016至2020 as a plan's title does; either end may be open.
_YEAR_RANGE = re.compile(r"(\d{1,4})?(?:\.\.|-|–|—|~|～|至)(\d{1,4})?")
SCRIPTS: tuple[str, ...] = get_args(Script)


@lru_cache(maxsize=256)
def year_bounds(value: str) -> tuple[int, int]:
    """(first, last) year that a ``year`` filter names: one year (2016) or a range (2016..2020, 2016.., ..2020);
    InvalidParameter for anything else."""
    text = "".join(unicodedata.normalize("NFKC", value).split())
    if text.isascii() and text.isdigit() and len(text) <= 4:
        return int(text), int(text)
    found = _YEAR_RANGE.fullmatch(text)
    if found is None or found.group(1) is found.group(2) is None:
        raise InvalidParameter(f"year: {value!r} is not a year (2016) or a range of years (2016..2020, 2016.., "
                               f"..2020)")
    first, last = int(found.group(1) or 0), int(found.group(2) or 9999)
    if first > last:
        raise InvalidParameter(f"year: the range {value!r} ends before it begins; write the earlier year first")
    return first, last


def check_value(field: str, value: str) -> None:
    """InvalidParameter for a value ``field`` can never hold: a year that is not one, an unknown script."""
    if field == "year":
        year_bounds(value)
    elif field == "script" and value.strip().lower() not in SCRIPTS:
        raise InvalidParameter(f"script: {value.strip()!r} is not one of {', '.join(SCRIPTS)}")


def _matches(field: str, have: str, have_key: str, want: str, value: str) -> bool:
    """Whether a document's ``field`` holding ``have`` (``have_key`` its ``meta_key``) matches ``value`` (``want``)."""
    if not have:
        return False
    if field == "year":
        first, last = year_bounds(value)
        return have.isdigit() and first <= int(have) <= last
    if field in ("agency", "number"):
        # Issuing bodies and document numbers match as text: 海淀区人民政府 finds 北京市海淀区人民政府 (and
        # 全国人大常委会 全国人民代表大会常务委员会, ``filter_key``), and a number in any bracket form finds the others
        # (劳社部发[2008]3号 = 劳社部发〔2008〕3号).
        return want in have_key
    if field == "script":
        return have == value.strip().lower()
    return have_key == want  # in either script: type:報告 = type:报告


# The short names texts and their readers give state bodies (全国人大常委会, 国家发改委, 人社部, 最高法), as
# ``meta_key`` folds them: an agency filter reads them as the full names that documents sign with.
_AGENCY_SHORT = {
    "人大常委会": "人民代表大会常务委员会", "人大": "人民代表大会", "常委会": "常务委员会", "国办": "国务院办公厅",
    "中办": "中共中央办公厅", "发改委": "发展和改革委员会", "人社": "人力资源和社会保障", "住建": "住房和城乡建设",
    "工信": "工业和信息化", "经信": "经济和信息化", "市场监管": "市场监督管理", "卫健委": "卫生健康委员会",
    "最高法": "最高人民法院", "最高检": "最高人民检察院",
}
_AGENCY_SHORT_FORM = re.compile("|".join(sorted(_AGENCY_SHORT, key=len, reverse=True)))


# Worked out once per value: every segment's facet table folds the values its documents hold, and a gigabyte's dozen
# segments hold the same few hundred agencies and types.
@lru_cache(maxsize=1 << 16)
def filter_key(field: str, value: str) -> str:
    """A value of ``field`` as a filter compares it: its ``meta_key``, an agency's with the short names of state
    bodies written out (全国人大常委会 → 全国人民代表大会常务委员会). Facets count by it too: a facet's count is what
    filtering by its value finds."""
    key = meta_key(value)
    return _AGENCY_SHORT_FORM.sub(lambda m: _AGENCY_SHORT[m.group()], key) if field == "agency" else key


def in_order_met(codes: np.ndarray) -> np.ndarray:
    """The distinct codes of ``codes`` (non-negative ones), in the order they first occur."""
    codes = codes[codes >= 0]
    distinct, first = np.unique(codes, return_index=True)
    return distinct[np.argsort(first)]


class FilterTable:
    """Every document's filter values, each distinct value written once with a code per document: a filter compares
    the distinct values with what the user typed and picks the documents by code, instead of comparing (and
    normalizing) a value per document, a third of a second at 10^5 documents."""

    def __init__(self, docs: list[dict]):
        self.n_docs = len(docs)
        self.values: dict[str, list[str]] = {}
        self.codes: dict[str, np.ndarray] = {}
        for field in FILTER_FIELDS:
            index: dict[str, int] = {}
            self.codes[field] = np.fromiter(
                (index.setdefault(have, len(index)) if (have := _meta_value(info, field)) else -1 for info in docs),
                dtype=np.int64, count=len(docs))
            self.values[field] = list(index)
        self._keys: dict[str, list[str]] = {}
        self._by_key: dict[str, dict[str, list[int]]] = {}  # per field, the codes of each normalized value
        # A joined table's parts, with where each part's values went: their normalized forms are the parts' own,
        # made once per segment and handed on with it, not once per generation.
        self._parts: dict[str, list[tuple[FilterTable, np.ndarray]]] = {}

    @classmethod
    def join(cls, parts: list[tuple[FilterTable, np.ndarray]]) -> FilterTable:
        """The table of the documents ``live`` picks from each part, in order (see ``FacetTable.join``)."""
        table = cls([])
        for field in FILTER_FIELDS:
            index: dict[str, int] = {}
            pieces = []
            for part, live in parts:
                local = part.codes[field][live]
                remap = np.full(len(part.values[field]) + 1, -1, dtype=np.int64)  # the last: no value (-1)
                for code in in_order_met(local).tolist():
                    remap[code] = index.setdefault(part.values[field][code], len(index))
                pieces.append(remap[local])
                table._parts.setdefault(field, []).append((part, remap[:-1]))
            table.codes[field] = np.concatenate(pieces) if pieces else np.empty(0, dtype=np.int64)
            table.values[field] = list(index)
        table.n_docs = sum(int(np.count_nonzero(live)) for _, live in parts)
        return table

    def _normalized(self, field: str) -> list[str]:
        """The ``filter_key`` of each distinct value of ``field``: made on the first filter by the field, then kept."""
        keys = self._keys.get(field)
        if keys is None:
            if field in self._parts:
                keys = [""] * len(self.values[field])
                for part, remap in self._parts[field]:
                    made = part._normalized(field)
                    for code in np.flatnonzero(remap >= 0).tolist():
                        keys[remap[code]] = made[code]
            else:
                keys = [filter_key(field, have) for have in self.values[field]]
            self._keys[field] = keys
        return keys

    def mask(self, field: str, value: str) -> np.ndarray:
        """Which documents' ``field`` matches ``value``, as ``meta_matches`` tells for each; InvalidParameter for a
        value the field can never hold."""
        check_value(field, value)
        want = filter_key(field, value)
        distinct = self.values[field]
        keys = self._normalized(field)
        hit = np.fromiter((_matches(field, have, key, want, value) for have, key in zip(distinct, keys)),
                          dtype=bool, count=len(distinct))
        return np.append(hit, False)[self.codes[field]]  # code -1 (no value) picks the False appended

    def equal(self, field: str, value: str) -> np.ndarray:
        """The documents whose ``field`` is ``value`` itself in any form it compares in (``filter_key``), where a
        filter takes a part too (``number:〔2016〕40号`` picks every document so numbered, whatever its office)."""
        by_key = self._by_key.get(field)
        if by_key is None:
            by_key = self._by_key[field] = {}
            for code, key in enumerate(self._normalized(field)):
                by_key.setdefault(_bare(key), []).append(code)
        codes = by_key.get(_bare(filter_key(field, value)))
        if not codes:
            return np.empty(0, dtype=np.int64)
        return np.flatnonzero(np.isin(self.codes[field], codes))


def _bare(key: str) -> str:
    """A value as ``FilterTable.equal`` compares it: an order's number without the state's name before it
    (国务院令第227号 is 中华人民共和国国务院令第227号)."""
    return key.removeprefix(_STATE)


def active_filters(filters: dict | None) -> dict[str, str]:
    """The filters that pick something (field → value; empty values are no filter), checked: InvalidParameter for
    an unknown field or a value that is not text."""
    active = {}
    for key, value in (filters or {}).items():
        if value is None or value == "":
            continue
        if key not in FILTER_FIELDS:
            raise InvalidParameter(f"unknown filter {key!r}: use one of {', '.join(FILTER_FIELDS)}")
        check_text(f"the {key} filter", str(value))
        active[key] = str(value)
    return active


def filter_mask(table: FilterTable, filters: dict | None) -> np.ndarray:
    """Which documents pass the filters (field → value; empty values are no filter)."""
    mask = np.ones(table.n_docs, dtype=bool)
    for key, value in active_filters(filters).items():
        mask &= table.mask(key, value)
    return mask
