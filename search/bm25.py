"""BM25's arithmetic, shared by the scoring model and the whole-word bonus."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

K1, B = 1.2, 0.75


def top_indices(scores: np.ndarray, k: int, tie_key: Callable[[np.ndarray], np.ndarray] | None = None) -> np.ndarray:
    """Where the ``k`` highest scores are, ascending; of equal scores at the cut, the first by ``tie_key`` (a key for
    each of the positions it is given), else the earlier ones. A partition, not a sort of all of them (a common word's
    candidate passages number in the hundred thousands)."""
    if len(scores) <= k:
        return np.arange(len(scores))
    if k <= 0:
        return np.empty(0, dtype=np.int64)
    bound = np.partition(scores, len(scores) - k)[len(scores) - k]
    above = np.flatnonzero(scores > bound)
    tied = np.flatnonzero(scores == bound)
    if tie_key is not None and len(tied) > k - len(above):
        tied = tied[np.argsort(tie_key(tied), kind="stable")]
    return np.sort(np.concatenate([above, tied[: k - len(above)]]))


def saturation(tf: np.ndarray, length: np.ndarray, avg: float) -> np.ndarray:
    """BM25's term-frequency part (the factor of the IDF), for passages of ``length`` against an average ``avg``."""
    return tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * length / avg))


def bm25(tf: np.ndarray, df: int, n: int, length: np.ndarray, avg: float) -> np.ndarray:
    """BM25 of a term found ``df`` times among ``n`` units, with frequencies ``tf`` in units of ``length``."""
    idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
    return idf * saturation(tf, length, max(avg, 1.0))
