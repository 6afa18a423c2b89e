"""The k best without scoring every match in full: what cannot reach the page is left at a bound.

Every match of a leaf is found and scored by its literal runs (the total and the facets need each one); the
whole-word bonus, read from Whoosh's postings a block at a time, is what costs per match. Each document's score is
known from below (without the bonus) and from above (with the most each word can add), so, as block-max WAND does
with its blocks' best scores, only the documents whose bound from above reaches the k-th best score known are
scored in full; the rest cannot be among the k best and keep their bound from below. A query tree sums its
terms' scores, so its bounds are the sums of theirs (``tree.TreeBounds``).
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from .bm25 import top_indices


class Bounded(Protocol):
    """Document scores known from below and from above until ``complete`` makes them exact."""

    def lower(self) -> np.ndarray:
        """Per document: the score as known now (exact where completed)."""
        ...

    def upper(self) -> np.ndarray:
        """Per document: the most its score can be."""
        ...

    def complete(self, docs: np.ndarray) -> None:
        """Score the documents ``docs`` (a mask) in full."""
        ...


def complete_best(bounded: Bounded, k: int, must: np.ndarray, matched: np.ndarray) -> None:
    """Score in full the documents ``must`` and every document of ``matched`` (a mask) that can be among the
    ``k`` best of them, ties included."""
    candidates = np.flatnonzero(matched)
    done = np.zeros(len(matched), dtype=bool)  # the documents asked for in full so far
    done[must] = True
    if len(candidates) <= k:
        bounded.complete(matched | done)
        return
    upper = bounded.upper()
    # The best by their bound from above first: usually the k best, so the k-th score known is already the k-th
    # score, and few others can still pass it.
    batch = 2 * k
    chosen = candidates[top_indices(upper[candidates], batch)]
    while True:
        done[chosen] = True
        bounded.complete(done)  # only those not scored in full yet cost anything
        known = bounded.lower()[candidates]  # in full where scored in full, from below elsewhere
        kth = np.partition(known, len(known) - k)[len(known) - k]
        # A document scored from above below the k-th score known is below the k-th best score; the k-th score
        # known only rises as more are scored in full, so the rest are taken best bound first, in batches that
        # double: a bound that is loose for a common word's many documents costs the few it takes to pass them,
        # not a read of its every posting.
        open_ = np.flatnonzero(matched & ~done & (upper >= kth))
        if not len(open_):
            return
        batch *= 2
        chosen = open_ if len(open_) <= batch else open_[top_indices(upper[open_], batch)]


class Numbered(Protocol):
    """What ``passage_order`` reads of the scoring state: which document each passage is of, where each document's
    passages begin, and each document's place in the order of ids."""

    @property
    def passage_doc(self) -> np.ndarray: ...

    @property
    def pid_bounds(self) -> np.ndarray: ...

    @property
    def tie_rank(self) -> np.ndarray: ...


def passage_order(state: Numbered, pids: np.ndarray) -> np.ndarray:
    """A key per passage that no segmentation changes: its document's place in the order of ids, then its place in
    the document. Candidates tied at a cut (``top_indices``) are taken by it, so that which of them are taken, and
    the scores that follow, are the same however the index happens to be segmented."""
    docs = state.passage_doc[pids]
    return state.tie_rank[docs].astype(np.int64) * (1 << 32) + (pids - state.pid_bounds[docs])
