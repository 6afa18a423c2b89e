"""BM25's arithmetic: the k best found by a partition are those a stable sort puts first."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tongwen.search.bm25 import top_indices


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.25]), max_size=40), st.integers(min_value=0, max_value=45))
def test_the_top_scores_are_those_a_stable_sort_puts_first(scores, k):
    array = np.array(scores)
    expected = np.sort(np.argsort(-array, kind="stable")[:k])
    assert top_indices(array, k).tolist() == expected.tolist()
