"""The title index finds a needle in every title as stepping ``str.find`` through each title does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tongwen.search.titles import TitleIndex

# A small alphabet makes repeats and overlaps (哈哈 in 哈哈哈) common; 𠀀 is outside the Basic Multilingual Plane.
_CHARS = st.sampled_from("哈海淀法条a1𠀀")


def _stepped(title: str, needle: str) -> int:
    count, i = 0, title.find(needle)
    while i >= 0:
        count += 1
        i = title.find(needle, i + len(needle))
    return count


@given(st.lists(st.text(_CHARS, max_size=12), max_size=8), st.text(_CHARS, min_size=1, max_size=4))
def test_the_title_index_counts_every_needle_in_every_title_as_str_find_steps_through_it(titles, needle):
    index = TitleIndex(titles)
    which, counts = index.counts(needle)
    got = dict(zip(which.tolist(), counts.tolist()))
    want = {i: n for i, title in enumerate(titles) if (n := _stepped(title, needle))}
    assert got == want


def test_an_empty_title_list_and_a_needle_found_nowhere_give_nothing():
    assert [len(a) for a in TitleIndex([]).counts("海淀")] == [0, 0]
    assert [len(a) for a in TitleIndex(["海淀区", "中关村"]).counts("科学城")] == [0, 0]
