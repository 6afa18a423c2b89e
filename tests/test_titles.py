"""The title index finds a needle in every title as stepping ``str.find`` through each title does."""

from __future__ import annotations

import re

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


def test_a_number_is_held_by_a_title_only_written_against_its_han_and_not_as_the_end_of_a_longer_number():
    index = TitleIndex(["2016年工作报告", "12016年", "第3条 三年", "a3年", "3 年", "关于3年行动的通知", "1.3年"])
    assert index.holding_number("3", "年").tolist() == [5]
    assert index.holding_number("2016", "年").tolist() == [0]


@given(st.lists(st.text(st.sampled_from("3年2a.-哈 "), max_size=10), max_size=6))
def test_a_title_holds_a_number_with_its_han_exactly_where_a_pattern_finds_it_standing_alone(titles):
    want = [i for i, title in enumerate(titles) if re.search(r"(?<![0-9A-Za-z.'_/&-])3年", title)]
    assert TitleIndex(titles).holding_number("3", "年").tolist() == want


def test_a_count_a_query_wrote_in_arabic_numerals_is_held_by_a_title_only_as_the_whole_number():
    index = TitleIndex(["关于处五千元罚款的通知", "一万五千元标准", "二〇一三年工作报告", "三年行动计划"])
    assert index.counts("五千元", whole=True)[0].tolist() == [0]
    assert index.counts("三年", whole=True)[0].tolist() == [3]
    assert index.counts("五千元")[0].tolist() == [0, 1]  # typed so, a run of characters anywhere
    assert index.counts("三年")[0].tolist() == [2, 3]


def test_a_number_a_query_wrote_in_digits_ends_a_title_s_match_only_where_no_numeral_follows():
    index = TitleIndex(["持股百分之五的股东", "持股百分之五十的股东"])
    assert index.counts("百分之五", whole=True)[0].tolist() == [0]
    assert index.counts("百分之五")[0].tolist() == [0, 1]
