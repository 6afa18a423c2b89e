"""Highlights: where a query's literals occur in a passage, in the passage's own offsets."""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from tongwen.index.analysis import normalize
from tongwen.index.literal import squeeze
from tongwen.search import highlight
from tongwen.search.highlight import Hit, find_hits, is_partial_word, mark, merge_spans
from tongwen.search.plan import Target, plan_leaf
from tongwen.search.query import Leaf


def _targets(query: str):
    return plan_leaf(Leaf(query)).targets


def _marked(text: str, hits: list[Hit]) -> list[str]:
    return [text[h.start : h.end] for h in sorted(hits, key=lambda h: h.start)]


def test_a_simplified_query_marks_its_traditional_spelling_in_a_traditional_passage():
    text = "海淀區中關村科學城，中關村大街。"
    hits = find_hits(text, _targets("中关村"))
    assert [(h.start, h.end) for h in hits] == [(3, 6), (10, 13)]
    assert _marked(text, hits) == ["中關村", "中關村"]
    assert [(h.start, h.end) for h in find_hits(text, _targets("中關村"))] == [(3, 6), (10, 13)]


def test_a_full_width_latin_word_is_marked_whole_and_only_as_a_whole_word():
    text = "２０２０年海淀區ＧＤＰ增長，GDPR 不算，gdp 算。"
    hits = [h for h in find_hits(text, _targets("GDP")) if h.target.latin]
    assert _marked(text, hits) == ["ＧＤＰ", "gdp"]
    assert [(h.start, h.end) for h in hits] == [(8, 11), (22, 25)]


def test_an_english_word_marks_the_other_forms_of_its_stem():
    text = "Innovation and innovating drive the innovations of INNOVATIVE firms, not inns."
    assert _marked(text, find_hits(text, _targets("innovations"))) == [
        "Innovation", "innovating", "innovations", "INNOVATIVE"]


def test_a_joined_latin_token_is_marked_whole_and_its_part_alone_too():
    text = "基於RISC-V的晶片，RISC 指令集"
    assert _marked(text, find_hits(text, _targets("RISC-V"))) == ["RISC-V"]
    assert _marked(text, find_hits(text, _targets("risc"))) == ["RISC", "RISC"]


def test_a_synonym_target_marks_the_other_member():
    text = "人工智能产业与AI芯片"
    hits = find_hits(text, _targets("AI"))
    assert sorted(_marked(text, hits)) == sorted(["人工智能", "AI"])
    assert {h.target.via for h in hits} == {"exact", "synonym"}


def test_overlapping_occurrences_are_all_found():
    text = "哈哈哈哈"
    assert [(h.start, h.end) for h in find_hits(text, [Target("哈哈", "哈哈", "exact", latin=False)])] == [
        (0, 2), (1, 3), (2, 4)]


def test_no_targets_and_absent_targets_mark_nothing():
    assert find_hits("海淀区", []) == []
    assert find_hits("海淀区", _targets("朝阳")) == []


def test_merge_spans_sorts_and_merges_overlapping_spans_but_keeps_touching_ones_apart():
    target = Target("x", "x", "exact", latin=False)
    hits = [Hit(s, e, target) for s, e in [(10, 12), (0, 2), (1, 3), (3, 5), (20, 22), (11, 12), (7, 8)]]
    assert merge_spans(hits) == [[0, 3], [3, 5], [7, 8], [10, 12], [20, 22]]
    assert merge_spans([]) == []


SPANS = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 8)).map(lambda t: (t[0], t[0] + t[1])), max_size=12)


@settings(max_examples=200, deadline=None)
@given(spans=SPANS)
def test_merged_spans_are_sorted_do_not_overlap_and_cover_exactly_the_hits(spans):
    target = Target("x", "x", "exact", latin=False)
    merged = merge_spans([Hit(s, e, target) for s, e in spans])
    assert all(a[1] <= b[0] for a, b in zip(merged, merged[1:]))
    covered = {i for s, e in spans for i in range(s, e)}
    assert {i for s, e in merged for i in range(s, e)} == covered


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="中關关村區区海淀ＧＤＰgdp 。\n", max_size=40))
def test_every_hit_slices_text_that_normalizes_to_its_target(text):
    targets = [*_targets("中关村"), *_targets("海淀区"), *_targets("GDP")]
    hits = find_hits(text, targets)
    for hit in hits:
        piece = squeeze(normalize(text[hit.start : hit.end]).text.lower())
        assert piece == hit.target.text, (text, hit)
    # and nothing is missed: as many hits as the squeezed, normalized text holds occurrences
    flat = squeeze(normalize(text).text.lower())
    for target in targets:
        if not target.latin:
            count = sum(flat.startswith(target.text, i) for i in range(len(flat)))
            assert sum(h.target == target for h in hits) == count, (text, target)


def test_a_word_broken_across_lines_is_marked_from_its_first_to_its_last_character():
    text = "推進海\n\n淀區建設"
    hits = find_hits(text, _targets("海淀区"))
    assert [(h.start, h.end) for h in hits] == [(2, 7)]
    assert find_hits("海淀 ab 区", _targets("海淀区")) == []


def test_mark_wraps_each_span_and_escapes_the_rest():
    text = "<海淀>中关村&科学城"
    assert mark(text, [[4, 7]], "【", "】") == "<海淀>【中关村】&科学城"
    assert mark(text, [[0, 1], [4, 7]], "<b>", "</b>", html.escape) == "<b>&lt;</b>海淀&gt;<b>中关村</b>&amp;科学城"
    assert mark(text, [], "【", "】") == text


def test_a_dictionary_word_is_a_word_of_its_own_and_other_runs_are_partial():
    assert not is_partial_word("推动中关村发展", 2, 5)
    assert not is_partial_word("中關村科學城建設", 0, 3)  # judged in Simplified, as the index sees it
    assert is_partial_word("推动科技创新", 3, 6)  # 技创新
    assert is_partial_word("关村科", 0, 3)


def test_a_number_with_its_unit_marks_the_unit_and_its_parts_only_where_the_whole_is_not():
    beside = "处10万元以上100万元以下罚款，超过１００万元的部分。"
    assert _marked(beside, find_hits(beside, _targets("100万元"))) == ["100万元", "１００万元"]
    apart = "每件交纳100元至500元，不超过5万元的，不另行交纳。"  # why it matched: its parts, marked
    assert sorted(_marked(apart, find_hits(apart, _targets("100万元")))) == ["100", "万元"]


def test_a_term_typed_in_chinese_numerals_marks_no_part_of_its_arabic_form_where_it_is_found_whole():
    text = "处十日以上十五日以下拘留；情节较轻的，处五日以上十日以下拘留。"
    assert _marked(text, find_hits(text, _targets("五日以上十日以下"))) == ["五日以上十日以下"]  # not 日以上 of 十日以上
    assert _marked(text, find_hits(text, _targets("5日以上10日以下"))) == ["五日以上十日以下"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["中", "关", "村", " ", "\n", "　", "“", "”", "《", "a", "1", "。"]), max_size=40)
       .map("".join))
def test_a_squeezed_passage_is_the_literal_index_s_view_and_says_where_each_character_was(text):
    haystack, kept = highlight._squeezed(text)
    assert haystack == squeeze(text)
    assert list(kept) == sorted(set(kept)) and len(kept) == len(haystack)
    assert all(text[k] == c for k, c in zip(kept, haystack))
