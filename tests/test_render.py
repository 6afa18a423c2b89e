"""Terminal rendering of results and documents: brackets without a terminal, title, id, section, and snippets and
passages that keep marks right."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tongwen.search.render import SNIPPET_CHARS, render_document, render_results, snippet

PAYLOAD = {
    "query": "中关村",
    "total": 2,
    "took_ms": 1.234,
    "results": [
        {
            "doc_id": "plans/haidian.txt", "title": "海淀区规划", "score": 3.5, "script": "hans", "meta": {},
            "passages": [{"text": "推进中关村科学城建设", "start": 10, "end": 20, "section": "一、总体要求 › (一)目标",
                          "highlights": [[2, 5]]}],
            "matches": [{"query": "中关村", "matched": "中关村", "via": "exact"}],
        },
        {
            "doc_id": "tw.txt", "title": "魅力海淀", "score": 1.25, "script": "hant", "meta": {},
            "passages": [{"text": "中關村\n創業大街", "start": 0, "end": 8, "section": "", "highlights": [[0, 3]]}],
            "matches": [{"query": "中关村", "matched": "中關村", "via": "script"}],
        },
    ],
    "facets": {},
}


def test_without_a_terminal_highlights_are_bracketed_and_title_id_and_section_are_shown():
    out = render_results(PAYLOAD, color=False)
    lines = out.splitlines()
    assert lines[0] == "2 results for 中关村 (1.2 ms)"
    assert "1. 海淀区规划  [plans/haidian.txt · hans · score 3.50]" in lines
    assert "   § 一、总体要求 › (一)目标" in lines
    assert "   推进【中关村】科学城建设" in lines
    assert "2. 魅力海淀  [tw.txt · hant · score 1.25]" in lines
    assert "   【中關村】 創業大街" in lines  # a line break in a passage is shown as a space
    assert "\x1b[" not in out and "why:" not in out


def test_on_a_terminal_highlights_are_coloured_instead_of_bracketed():
    out = render_results(PAYLOAD, color=True)
    assert "\x1b[1;33m中关村\x1b[0m" in out and "【" not in out


def test_explain_adds_a_why_line_per_result():
    out = render_results(PAYLOAD, color=False, explain=True)
    assert "   why: 中关村 → 中关村 (exact)" in out.splitlines()
    assert "   why: 中关村 → 中關村 (script)" in out.splitlines()


def test_a_page_of_fewer_results_than_the_total_says_so_and_no_results_say_so():
    assert render_results({**PAYLOAD, "total": 7}, color=False).startswith("2 of 7 results for 中关村")
    empty = render_results({**PAYLOAD, "total": 0, "results": []}, color=False)
    assert empty.splitlines() == ["0 results for 中关村 (1.2 ms)", "no documents match"]
    assert render_results({**PAYLOAD, "total": 1, "results": PAYLOAD["results"][:1]}, color=False).startswith(
        "1 result for")


def test_real_results_render_with_their_highlights(seed_searcher):
    payload = seed_searcher.search("中关村", limit=5)
    out = render_results(payload, color=False, explain=True)
    for result in payload["results"]:
        assert f"[{result['doc_id']} · {result['script']} · score" in out
        assert result["title"] in out
    assert "【中关村】" in out and "【中關村】" in out


def test_a_long_passage_is_cut_around_its_first_highlight_and_the_mark_stays_on_the_word():
    text = "海" * 500 + "中关村" + "淀" * 500
    shown, spans = snippet(text, [[500, 503]])
    assert len(shown) == SNIPPET_CHARS + 2 and shown[0] == shown[-1] == "…"
    assert [shown[s:e] for s, e in spans] == ["中关村"]


def test_a_short_passage_is_shown_whole_with_its_spans_unchanged():
    assert snippet("推进\n中关村", [[3, 6]]) == ("推进 中关村", [[3, 6]])


def test_a_paragraph_break_in_a_passage_is_shown_as_one_space_and_the_marks_stay_on_their_words():
    shown, spans = snippet("第一款。\n\n犯前款罪的，\n\n\n依照中关村规定。", [[0, 2], [6, 10], [17, 20]])
    assert shown == "第一款。 犯前款罪的， 依照中关村规定。"
    assert [shown[s:e] for s, e in spans] == ["第一", "犯前款罪", "中关村"]


@st.composite
def _passage_with_spans(draw):
    text = draw(st.text(alphabet="海淀区中关村\n ab", min_size=1, max_size=700))
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=10))))
    spans = [[s, e] for s, e in zip(cuts[::2], cuts[1::2]) if s < e]
    return text, spans


@settings(max_examples=300, deadline=None)
@given(case=_passage_with_spans())
def test_snippet_spans_always_mark_the_same_characters_as_the_original_spans(case):
    text, spans = case

    def flat(piece: str) -> str:  # as a snippet shows it: a run of line breaks is one space
        return re.sub(r"\n+", " ", piece)

    shown, shifted = snippet(text, spans)
    assert len(shifted) <= len(spans)
    originals = [flat(text[s:e]) for s, e in spans]
    for s, e in shifted:
        assert 0 <= s < e <= len(shown)
        assert any(shown[s:e] in piece for piece in originals), (shown[s:e], originals)
    if spans and spans[0][1] - spans[0][0] <= SNIPPET_CHARS // 2:
        assert shown[shifted[0][0] : shifted[0][1]] == originals[0]
    body = shown.strip("…")
    assert body in flat(text) and len(body) <= SNIPPET_CHARS


LAW_TEXT = "某某法\n\n第一章 总则\n\n第一条 为了规范软件管理。\n\n第二条 软件应当登记。"
LAW_VIEW = {
    "doc_id": "laws/x.txt", "title": "某某法", "script": "hans", "format": "txt",
    "meta": {"agency": "全国人民代表大会常务委员会", "date": "2019-12-28", "encoding": "utf-8", "year": 2019},
    "text": LAW_TEXT,
    "sections": [{"start": 5, "end": 11, "level": 3, "text": "第一章 总则"}],
    "passages": [{"start": 13, "end": 26, "section": "第一章 总则 › 第一条", "article": "第一条"},
                 {"start": 28, "end": 39, "section": "第一章 总则 › 第二条", "article": "第二条"}],
    "highlights": [[21, 23], [32, 34]],
}


def test_a_document_renders_as_title_source_and_metadata_then_its_whole_text_marked():
    assert render_document(LAW_VIEW, color=False).splitlines() == [
        "某某法", "laws/x.txt · hans · txt · agency 全国人民代表大会常务委员会 · date 2019-12-28", "2 matches marked", "",
        "某某法", "", "第一章 总则", "", "第一条 为了规范【软件】管理。", "", "第二条 【软件】应当登记。"]


def test_one_article_renders_its_passages_under_their_headings_with_their_own_matches_only():
    article = {**LAW_VIEW, "passages": LAW_VIEW["passages"][1:]}
    assert render_document(article, color=False, whole=False).splitlines()[2:] == [
        "1 match marked", "", "§ 第一章 总则 › 第二条", "第二条 【软件】应当登记。"]


def test_an_outline_indents_headings_from_the_document_s_top_level_and_a_terminal_gets_colors():
    assert render_document(LAW_VIEW, color=False, outline=True).splitlines()[2:] == ["", "第一章 总则"]
    colored = render_document(LAW_VIEW, color=True)
    assert "\x1b[1;33m软件\x1b[0m" in colored and "【" not in colored


def test_a_page_of_results_ends_with_what_the_matches_hold_to_narrow_them_by():
    facets = {"year": {"2016": 3, "2015": 1}, "agency": {f"机关{k}": 7 - k for k in range(7)}, "type": {},
              "status": {}, "script": {"hans": 4}}
    lines = render_results({**PAYLOAD, "facets": facets}, color=False).splitlines()
    assert lines[-4:] == ["", "year: 2016 (3), 2015 (1)",
                          "agency: 机关0 (7), 机关1 (6), 机关2 (5), 机关3 (4), 机关4 (3), … 2 more", "script: hans (4)"]
    assert "year:" not in render_results({**PAYLOAD, "results": [], "total": 0, "facets": facets}, color=False)


def test_a_result_shows_its_date_agency_number_and_status_under_its_title():
    dated = {**PAYLOAD["results"][0], "meta": {"date": "2016-11", "agency": "北京市海淀区人民政府", "number": "海政发〔2016〕40号",
                                                "type": "规划", "encoding": "utf-8"}}
    lines = render_results({**PAYLOAD, "results": [dated, PAYLOAD["results"][1]]}, color=False).splitlines()
    at = lines.index("1. 海淀区规划  [plans/haidian.txt · hans · score 3.50]")
    assert lines[at + 1] == "   2016-11 · 北京市海淀区人民政府 · 海政发〔2016〕40号"
    after = lines.index("2. 魅力海淀  [tw.txt · hant · score 1.25]")
    assert lines[after + 1].startswith("   【中關村】")  # no metadata: no line
