"""What one query may cost: postings read and time, counted as it runs, refused past either bound.

A query of a few words reads a few thousand postings; 200 common single characters OR-ed read millions, and on a
shared server such a query would hold the index while ordinary ones wait. Past the budget the query stops and
is refused (``query_too_expensive``, a 422) with a message that says what to do.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

from tongwen.index.errors import QueryTooExpensive

# Positions and postings one query may read: this share of the index's character positions, and at least the
# floor. On the 378-law corpus (2.9 M positions) the heaviest of 200 sampled queries reads 28 K, a tenth of the
# floor; 199 single characters OR-ed read 1.5 M.
SHARE = 0.05
FLOOR = 250_000
MAX_SECONDS = 2.0


class Budget:
    """A query's allowance of postings and seconds; ``spend`` is called before each read."""

    def __init__(self, postings: int | None = None, seconds: float | None = None,
                 clock: Callable[[], float] = time.perf_counter):
        self.postings = postings if postings is not None else _env_int("TONGWEN_QUERY_MAX_POSTINGS", FLOOR)
        self.seconds = seconds if seconds is not None else _env_float("TONGWEN_QUERY_MAX_SECONDS", MAX_SECONDS)
        self.spent = 0
        self._clock = clock
        self._deadline = clock() + self.seconds

    @classmethod
    def for_index(cls, positions: int) -> "Budget":
        """The budget of one query over an index of ``positions`` character positions (it grows with the corpus)."""
        fixed = os.environ.get("TONGWEN_QUERY_MAX_POSTINGS")
        return cls(postings=None if fixed else max(FLOOR, int(SHARE * positions)))

    @classmethod
    def unlimited(cls) -> "Budget":
        """A budget nothing exhausts (the state a searcher holds between queries)."""
        return cls(postings=sys.maxsize, seconds=float("inf"))

    def spend(self, n: int) -> None:
        """Count ``n`` postings about to be read; QueryTooExpensive when the query is over either bound."""
        self.spent += n
        if self.spent > self.postings:
            raise QueryTooExpensive(f"the query would read more than {self.postings:,} postings: use fewer, longer "
                                    f"or rarer terms (single common characters match almost everywhere)")
        if self._clock() > self._deadline:
            raise QueryTooExpensive(f"the query took longer than {self.seconds:g} s: use fewer or longer terms")


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name) or default)
    except ValueError:
        return default


def _env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name) or default)
    except ValueError:
        return default
