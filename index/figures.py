"""What a searcher reads of every document to rank, sort, count and show it, written beside a segment as columns.

Opening an index used to read every document's summary (title, length, script, metadata: a JSON object each) and
work these figures out of them on every start and every cold search: at 37,800 documents 0.15 s to read the
summaries and 0.15 s to work the figures out. A segment now carries them (``segments.FIGURES``), and a summary is
read only when a result shows it. Metadata values are kept as the documents hold them: how a searcher folds,
filters and counts them is its own, so a change of those rules never leaves the file stale. The file says which
version of this layout wrote it; one of another version, or none (an index written before), is worked out from the
summaries as before, with the same figures.
"""

from __future__ import annotations

# The layout of the file: another version's is not read, and the figures are worked out from the summaries.
VERSION = 1
# The metadata fields a searcher counts (its facets besides the script).
FACET_META = ("year", "agency", "type", "status")


def of_summaries(summaries: list[dict]) -> dict:
    """The figures of a segment's documents, from their summaries in document order: lengths, dates, how each is
    written, and each facet field's distinct values with each document's code into them (first met, first)."""
    meta = [summary.get("meta", {}) for summary in summaries]
    return {
        "version": VERSION,
        "length": [summary.get("length", 0) for summary in summaries],
        "title_length": [len(summary.get("title", "")) for summary in summaries],
        "date_key": [date_key(m) for m in meta],
        "revised_key": [date_key({"date": m["revised"]}) if m.get("revised") else -1 for m in meta],
        "written": _coded([_written(s) for s in summaries]),
        "facets": {field: _coded([m.get(field) for m in meta]) for field in FACET_META},
    }


def _written(summary: dict) -> list:
    """[script, neutral], and the side whose words the document writes where that is not its script's."""
    vocabulary = summary.get("vocabulary")
    return [summary.get("script", ""), bool(summary.get("neutral"))] + ([vocabulary] if vocabulary else [])


def _coded(values: list) -> dict:
    """{"values": the distinct values in the order first met, "codes": each value's place among them}."""
    distinct: list = []
    places: dict = {}
    codes = []
    for value in values:
        # Equal values meet under one key; a value of another type (2016 and "2016") under another.
        key = value if isinstance(value, str) else (type(value).__name__, repr(value))
        place = places.get(key)
        if place is None:
            place = places[key] = len(distinct)
            distinct.append(value)
        codes.append(place)
    return {"values": distinct, "codes": codes}


def date_key(meta: dict) -> int:
    """A document's date as YYYYMMDD (unknown month or day as 00), or -1 when it has none."""
    date = str(meta.get("date") or meta.get("year") or "")
    digits = date.replace("-", "")
    if not digits[:4].isdigit():
        return -1
    return int((digits + "0000")[:8]) if digits.isdigit() else int(digits[:4]) * 10000
