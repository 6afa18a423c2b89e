"""What ranking, known items, facets and filters read of every document, worked out once per segment.

A segment never changes once written, so these tables are made when a searcher first opens the segment and handed on
to every later generation that has it (``scoring.PassageBM25`` joins them with each generation's deletions).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from tongwen.index import figures as doc_figures
from tongwen.index import names as known_names
from tongwen.index.segments import Summaries

from .facets import FacetTable
from .filters import FilterTable
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
    def of_segment(cls, opened) -> SegmentDocs:
        """The tables of an opened segment's documents (``generation.Opened``)."""
        return cls.of(opened.summaries, opened.names(), opened.figures)

    @classmethod
    def of(cls, summaries: Summaries, names: tuple[list[str], dict] | None = None,
           figures: dict | None = None) -> SegmentDocs:
        """The tables of a segment's documents, from the figures and the titles' names written with the segment
        (``index.figures``, ``names.of_titles``), or worked out here from the summaries where it has none."""
        if figures is None or names is None:
            docs = summaries.take_all()
            if figures is None:
                figures = doc_figures.of_summaries(docs)
            if names is None:
                names = known_names.of_titles([p["title"] for p in docs])
        folded, known = names
        # A title that is (nearly) the whole document, like a one-line message, would only count its words twice.
        # Title quotes are typography (关于修改《…法》的决定): a name typed without them still meets the title.
        titles = [known_names.TITLE_MARKS.sub("", key) if title_length < 0.8 * length else ""
                  for key, title_length, length in zip(folded, figures["title_length"], figures["length"])]
        lengths = np.array([max(len(t), 1) for t in titles], dtype=np.float64)
        dates = np.array(figures["date_key"], dtype=np.int64)
        revised = np.array(figures["revised_key"], dtype=np.int64)
        written = figures["written"]
        codes = np.array(written["codes"], dtype=np.int64)
        # An index written before a document's vocabulary was told apart from its script holds (script, neutral).
        written_in = {name: np.array([may_hold(name, script, bool(neutral), rest[0] if rest else None)
                                      for script, neutral, *rest in written["values"]],
                                     dtype=bool)[codes] if len(codes) else np.zeros(0, dtype=bool)
                      for name in ("hans", "hant")}
        return cls(titles, lengths, known, dates, np.maximum(dates, revised), FacetTable.of_figures(figures),
                   written_in, summaries)
