"""Facets: every document's year, agency, type, status and script as codes, counted over a query's matches.

A segment's table is made once (from the figures written with it, ``index.figures``, or from its documents'
summaries) and joined into each generation that has the segment; counting a query's matches is then one
``bincount`` per field. A value is counted as a filter compares it (``filters.filter_key``), so a facet's count is
what filtering by its value finds.
"""

from __future__ import annotations

import numpy as np

from tongwen.index.document import JOINT
from tongwen.index.literal import gather_ranges

from .filters import filter_key, in_order_met

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
            # Each distinct field value is worked out once (a segment's documents share a few hundred).
            made: dict[str, int] = {}
            reps: list[dict] = []
            kinds = np.empty(len(docs), dtype=np.int64)
            for k, info in enumerate(docs):
                raw = repr(info["script"] if field == "script" else info.get("meta", {}).get(field))
                kind = made.get(raw)
                if kind is None:
                    kind = made[raw] = len(reps)
                    reps.append(info)
                kinds[k] = kind
            self._add(field, reps, kinds)
        self.n_docs = len(docs)

    @classmethod
    def of_figures(cls, figures: dict) -> FacetTable:
        """The table of a segment's figures (``index.figures``): the table of the summaries they were made of."""
        table = cls([])
        written = figures["written"]
        scripts = [{"script": script} for script, *_how in written["values"]]
        for field in FACET_FIELDS:
            if field == "script":
                reps, codes = scripts, written["codes"]
            else:
                reps = [{"meta": {field: value}} for value in figures["facets"][field]["values"]]
                codes = figures["facets"][field]["codes"]
            table._add(field, reps, np.asarray(codes, dtype=np.int64))
        table.n_docs = len(written["codes"])
        return table

    def _add(self, field: str, reps: list[dict], kinds: np.ndarray) -> None:
        """``field``'s columns for documents of the kinds ``kinds`` (a document of kind k holds what ``reps[k]``
        holds; kinds numbered in the order the documents first hold them, as both callers number them): value and
        form codes numbered in that order, as a pass over every document numbers them, worked out once per kind and
        spread over the documents by NumPy."""
        codes: dict[str, int] = {}
        forms: dict[str, int] = {}
        form_value: list[int] = []
        held_codes: list[list[int]] = [[] for _ in reps]
        held_forms: list[list[int]] = [[] for _ in reps]
        for kind in range(len(reps)):
            held = {filter_key(field, value) if field in _FOLDED else value: value
                    for value in _facet_values(reps[kind], field)}
            for key, form in held.items():
                held_codes[kind].append(codes.setdefault(key, len(codes)))
                held_forms[kind].append(forms.setdefault(form, len(forms)))
                if held_forms[kind][-1] == len(form_value):
                    form_value.append(held_codes[kind][-1])
        counts = np.array([len(c) for c in held_codes], dtype=np.int64)
        per_doc = counts[kinds] if len(kinds) else np.zeros(0, dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(per_doc)]).astype(np.int64)
        kind_start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        # A document's values are its kind's, in order: gathered from the kinds' lists laid end to end.
        at = np.repeat(kind_start[kinds] - starts[:-1], per_doc) + np.arange(int(starts[-1]))
        flat_codes = np.array([c for held in held_codes for c in held], dtype=np.int64)
        flat_forms = np.array([f for held in held_forms for f in held], dtype=np.int64)
        self.values[field] = (starts, flat_codes[at])
        self._name(field, list(codes), list(forms), np.array(form_value, dtype=np.int64), flat_forms[at])

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
                for code in in_order_met(local).tolist():
                    remap[code] = codes.setdefault(part.keys[field][code], len(codes))
                form_remap = np.full(len(part.forms[field]), -1, dtype=np.int64)
                for form in in_order_met(local_written).tolist():
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
