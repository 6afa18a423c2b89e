"""What ranking, known items, facets and filters read of every document, worked out once per segment.

A segment never changes once written, so these tables are made when a searcher first opens the segment and handed on
to every later generation that has it (``scoring.PassageBM25`` joins them with each generation's deletions).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from tongwen.index import names as known_names
from tongwen.index.segments import Summaries

from .filters import FacetTable, FilterTable
from .plan import may_hold



@dataclass(frozen=True)
class SegmentDocs:
    """What scoring, known items, facets and filters read of each document of one segment, deleted ones included:
    worked out once per segment (segments never change once written)."""

    titles: list[str]  # the title as scored: folded, without quotes; "" for a title that is the whole document
    title_length: np.ndarray  # characters of each title as scored (1 at least)
    known: dict[str, list[int]]  # name → the documents it names, with their tiers (``names.named``)
    date_key: np.ndarray
    revised_key: np.ndarray  # the date of the text as it stands: its latest revision, else ``date_key``
    facets: FacetTable
    # Per script (hans, hant), which documents a regional word of a region writing it may match (``plan.may_hold``).
    written_in: dict[str, np.ndarray]
    summaries: Summaries  # for the tables made on first use

    @functools.cached_property
    def filters(self) -> FilterTable:
        """The segment's filter values: made when a query first filters (most never do)."""
        return FilterTable(self.summaries.take_all())

    def named(self, name: str) -> list[tuple[int, int]]:
        """(document, tier) of the segment's documents whose title or one of its short names is ``name``."""
        return [known_names.named(code) for code in self.known.get(name, ())]

    @classmethod
    def of(cls, summaries: Summaries, names: tuple[list[str], dict] | None = None) -> SegmentDocs:
        """The figures of a segment's documents, from their summaries and, where written with the segment, their
        titles' names (``names.of_titles``; worked out here for a segment written without them)."""
        docs = summaries.take_all()
        folded, known = names if names is not None else known_names.of_titles([p["title"] for p in docs])
        # A title that is (nearly) the whole document, like a one-line message, would only count its words twice.
        # Title quotes are typography (关于修改《…法》的决定): a name typed without them still meets the title.
        titles = [known_names.TITLE_MARKS.sub("", key) if len(p["title"]) < 0.8 * p["length"] else ""
                  for p, key in zip(docs, folded)]
        lengths = np.array([max(len(t), 1) for t in titles], dtype=np.float64)
        dates = np.array([date_key(p.get("meta", {})) for p in docs], dtype=np.int64)
        revised = np.array([date_key({"date": p["meta"]["revised"]}) if p.get("meta", {}).get("revised") else -1
                            for p in docs], dtype=np.int64)
        written = [(info.get("script", ""), bool(info.get("neutral"))) for info in docs]
        written_in = {name: np.array([may_hold(name, *w) for w in written], dtype=bool) for name in ("hans", "hant")}
        return cls(titles, lengths, known, dates, np.maximum(dates, revised), FacetTable(docs), written_in, summaries)


def date_key(meta: dict) -> int:
    """A document's date as YYYYMMDD (unknown month or day as 00), or -1 when it has none."""
    date = str(meta.get("date") or meta.get("year") or "")
    digits = date.replace("-", "")
    if not digits[:4].isdigit():
        return -1
    return int((digits + "0000")[:8]) if digits.isdigit() else int(digits[:4]) * 10000
