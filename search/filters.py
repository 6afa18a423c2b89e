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
from tongwen.index.literal import gather_ranges
from tongwen.index.document import JOINT

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


FACET_FIELDS = ("year", "agency", "type", "status", "script")


# Fields whose values are counted folded (全国人民代表大会常务委员会 and 全國人民代表大會常務委員會: one agency).
_FOLDED = frozenset({"agency", "type", "status"})


class FacetTable:
    """Every document's facet values as numbers, made once per generation, so counting a query's matches is one
    ``bincount`` per field instead of a loop over the matching documents (a tenth of a query's time at 1 GB).

    An agency, type or status is counted by its ``filter_key``: written in either script, or an agency by its
    short name (全国人大常委会), it is one value, shown as most of its documents write it (a filter by it finds them
    all)."""

    def __init__(self, docs: list[dict]):
        self.labels: dict[str, list[str]] = {}
        self.keys: dict[str, list[str]] = {}
        # Per field, the value codes of every document one after another, and where each document's begin (one more
        # entry than documents): a joint document has one value per issuing body, most have one or none.
        self.values: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        # Beside each value code, how that document writes it (a code of ``forms``, whose value is ``form_value``).
        self.written: dict[str, np.ndarray] = {}
        self.forms: dict[str, list[str]] = {}
        self.form_value: dict[str, np.ndarray] = {}
        for field in FACET_FIELDS:
            codes: dict[str, int] = {}
            forms: dict[str, int] = {}
            form_value: list[int] = []
            starts: list[int] = [0]
            values: list[int] = []
            written: list[int] = []
            # Each distinct field value is worked out once (a segment's documents share a few hundred): its value
            # codes and form codes, numbered when first met, as a pass over every document numbers them.
            made: dict[str, tuple[list[int], list[int]]] = {}
            for info in docs:
                raw = repr(info["script"] if field == "script" else info.get("meta", {}).get(field))
                found = made.get(raw)
                if found is None:
                    held = {filter_key(field, value) if field in _FOLDED else value: value
                            for value in _facet_values(info, field)}
                    found = made[raw] = ([], [])
                    for key, form in held.items():
                        found[0].append(codes.setdefault(key, len(codes)))
                        found[1].append(forms.setdefault(form, len(forms)))
                        if found[1][-1] == len(form_value):
                            form_value.append(found[0][-1])
                values.extend(found[0])
                written.extend(found[1])
                starts.append(len(values))
            self.values[field] = (np.array(starts, dtype=np.int64), np.array(values, dtype=np.int64))
            self._name(field, list(codes), list(forms), np.array(form_value, dtype=np.int64),
                       np.array(written, dtype=np.int64))
        self.n_docs = len(docs)

    def _name(self, field: str, keys: list[str], forms: list[str], form_value: np.ndarray, written: np.ndarray) -> None:
        self.keys[field], self.forms[field] = keys, forms
        self.form_value[field], self.written[field] = form_value, written
        # Each value is shown as most of its documents write it, of equals the longest (a full name before its short
        # name) and then the least: the same label however the documents are segmented.
        uses = np.bincount(written, minlength=len(forms))
        best: dict[int, tuple[int, int, str]] = {}
        for form, value, n in zip(forms, form_value.tolist(), uses.tolist()):
            if value not in best or (-n, -len(form), form) < best[value]:
                best[value] = (-n, -len(form), form)
        self.labels[field] = [best[value][2] for value in range(len(keys))]

    @classmethod
    def join(cls, parts: list[tuple[FacetTable, np.ndarray]]) -> FacetTable:
        """The table of the documents ``live`` picks from each part, in order: what a table of those documents
        holds, values numbered in the order the documents first hold them (a segment's table is made once and
        joined into each generation that has the segment)."""
        table = cls([])
        for field in FACET_FIELDS:
            codes: dict[str, int] = {}
            forms: dict[str, int] = {}
            form_value: list[int] = []
            all_starts, all_values, all_written, total = [np.zeros(1, dtype=np.int64)], [], [], 0
            for part, live in parts:
                rows = np.flatnonzero(live)
                held, local = _rows(*part.values[field], rows)
                _, local_written = _rows(part.values[field][0], part.written[field], rows)
                remap = np.full(len(part.labels[field]), -1, dtype=np.int64)
                for code in _in_order_met(local).tolist():
                    remap[code] = codes.setdefault(part.keys[field][code], len(codes))
                form_remap = np.full(len(part.forms[field]), -1, dtype=np.int64)
                for form in _in_order_met(local_written).tolist():
                    new = form_remap[form] = forms.setdefault(part.forms[field][form], len(forms))
                    if new == len(form_value):
                        form_value.append(int(remap[part.form_value[field][form]]))
                all_values.append(remap[local])
                all_written.append(form_remap[local_written])
                all_starts.append(total + np.cumsum(held))
                total += int(held.sum())
            empty = np.empty(0, dtype=np.int64)
            table.values[field] = (np.concatenate(all_starts), np.concatenate(all_values) if all_values else empty)
            table._name(field, list(codes), list(forms), np.array(form_value, dtype=np.int64),
                        np.concatenate(all_written) if all_written else empty)
        table.n_docs = sum(int(np.count_nonzero(live)) for _, live in parts)
        return table

    def counts(self, members: np.ndarray, order: list[np.ndarray]) -> dict[str, dict[str, int]]:
        """Counts of each field's values over the documents ``members``, most common first; equal counts in the
        order the ranking first meets them.

        ``order`` holds, for each member, the keys the ranking sorts by, primary first (the last tells every two
        members apart). Which member of a value the ranking meets first is its least key: no sort of the members.
        """
        out: dict[str, dict[str, int]] = {}
        for field in FACET_FIELDS:
            # The members' values only, gathered from the table: no pass over every document of the index.
            held, values = _rows(*self.values[field], members)
            at = np.repeat(np.arange(len(members)), held)
            n = len(self.labels[field])
            counts = np.bincount(values, minlength=n)
            first = _first_met(values, at, order, n)
            # A stable sort: two values first met in one document (a joint document's bodies) keep table order.
            ranking = np.lexsort((*reversed(first), -counts))
            out[field] = {self.labels[field][k]: int(counts[k]) for k in ranking.tolist() if counts[k]}
        return out


def _rows(starts: np.ndarray, values: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(how many values each of ``rows`` holds, their values one row after another) of a table whose row r holds
    values[starts[r]:starts[r + 1]]: gathered at once, no loop over the rows."""
    first, held = starts[rows], starts[rows + 1] - starts[rows]
    return held, values[gather_ranges(first, held)]


def _in_order_met(codes: np.ndarray) -> np.ndarray:
    """The distinct codes of ``codes`` (non-negative ones), in the order they first occur."""
    codes = codes[codes >= 0]
    distinct, first = np.unique(codes, return_index=True)
    return distinct[np.argsort(first)]


def _first_met(values: np.ndarray, at: np.ndarray, order: list[np.ndarray], n: int) -> list[np.ndarray]:
    """Per value (of ``n``), the keys of the member the ranking meets first among those holding it: the least key
    tuple, found one key at a time among the members still tied."""
    best_keys = []
    tied = np.ones(len(values), dtype=bool)
    for key in order:
        k = key[at]
        top = np.inf if k.dtype.kind == "f" else np.iinfo(k.dtype).max
        best = np.full(n, top, dtype=k.dtype)
        np.minimum.at(best, values[tied], k[tied])
        tied &= k == best[values]
        best_keys.append(best)
    return best_keys


def _facet_values(info: dict, field: str) -> list[str]:
    if field == "script":
        return [info["script"]]
    value = info.get("meta", {}).get(field)
    if not value:
        return []
    if field == "agency":
        return [part for part in str(value).split(JOINT) if part]  # each body of a joint document counts
    return [str(value)]


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
                for code in _in_order_met(local).tolist():
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
