"""The searcher: the public result object, highlights, query semantics, ranking, vocabulary, filters and errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import opencc
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from tongwen.index.analysis import normalize
from tongwen.index.analysis.script import HAN_RUN
from tongwen.index.generation import Generation
from tongwen.index.errors import DocumentNotFound, IndexMissing, InvalidParameter, QuerySyntaxError, QueryTooExpensive
from tongwen.index.literal import squeeze
from tongwen.index.readers import read_document
from tongwen.index.store import expected_versions, update_index
from tongwen.index.literal import LiteralIndex
from tongwen.search import scoring
from tongwen.search.searcher import SELECT_FROM, Searcher, first_ranked
from tongwen.search.shapes import DocumentView, SearchPage, Stats

TRADITIONAL_SEED = "000_aa450f02ddd20a6f.txt"
_T2S = opencc.OpenCC("t2s")
_S2T = opencc.OpenCC("s2t")

TOP_KEYS = {"query", "total", "took_ms", "limit", "offset", "results", "facets"}
RESULT_KEYS = {"doc_id", "title", "score", "script", "meta", "passages", "matches"}
PASSAGE_KEYS = {"text", "start", "end", "section", "article", "highlights"}
MATCH_KEYS = {"query", "matched", "via"}
VIAS = {"exact", "script", "substring", "regional", "synonym"}


@pytest.fixture(scope="module")
def seed_texts(seeds_dir) -> dict[str, str]:
    """doc id → the document text (as cleaned) of every seed."""
    return {p.name: read_document(p).text for p in sorted(seeds_dir.glob("*.txt"))}


def _holding(texts: dict[str, str], term: str) -> set[str]:
    """Documents whose normalized text contains ``term`` (normalized), by brute force."""
    needle = squeeze(normalize(term).text.lower())
    return {d for d, t in texts.items() if needle in squeeze(normalize(t).text.lower())}


def _ids(body: dict) -> list[str]:
    return [r["doc_id"] for r in body["results"]]


def _marked(passage: dict) -> list[str]:
    return [passage["text"][s:e] for s, e in passage["highlights"]]


# --- the result object ---------------------------------------------------------------------------------------


def test_a_search_a_document_and_the_statistics_are_exactly_the_shapes_the_api_serves(seed_searcher):
    """Strict validation: no missing or extra key, no value of another type (the API's response models are these)."""
    page = seed_searcher.search("中關村 科学城 第12条", limit=5, match="any")
    assert page["results"] and any(r["matches"] for r in page["results"])
    TypeAdapter(SearchPage).validate_python(page, strict=True, extra="forbid")
    doc = seed_searcher.document(page["results"][0]["doc_id"], query="中关村")
    TypeAdapter(DocumentView).validate_python(doc, strict=True, extra="forbid")
    TypeAdapter(Stats).validate_python(seed_searcher.stats(), strict=True, extra="forbid")


def test_the_result_object_has_the_contract_shape(seed_searcher):
    body = seed_searcher.search("中关村 科学城", limit=3)
    assert set(body) == TOP_KEYS
    assert body["query"] == "中关村 科学城"
    assert isinstance(body["total"], int) and body["total"] >= len(body["results"]) == 3
    assert isinstance(body["took_ms"], float) and body["took_ms"] >= 0
    for result in body["results"]:
        assert set(result) == RESULT_KEYS
        assert isinstance(result["doc_id"], str) and isinstance(result["title"], str)
        assert isinstance(result["score"], float) and result["score"] > 0
        assert result["script"] in {"hans", "hant", "mixed", "latin"}
        assert isinstance(result["meta"], dict)
        for passage in result["passages"]:
            assert set(passage) == PASSAGE_KEYS
            assert isinstance(passage["text"], str) and isinstance(passage["section"], str)
            assert all(isinstance(v, int) for v in (passage["start"], passage["end"]))
            assert all(len(span) == 2 and all(isinstance(v, int) for v in span) for span in passage["highlights"])
        for match in result["matches"]:
            assert set(match) == MATCH_KEYS and match["via"] in VIAS
    assert set(body["facets"]) == {"year", "agency", "type", "status", "script"}


def _readme_contract() -> dict | None:
    """The example object of the README's JSON section, when the README has one."""
    readme = Path(__file__).resolve().parents[1] / "README.md"
    if not readme.exists():
        return None
    section = readme.read_text(encoding="utf-8").partition("\n## JSON")[2]
    block = re.search(r"```json\n(.*?)```", section, re.S)
    return json.loads(block.group(1)) if block else None


def test_the_result_object_has_the_keys_the_readme_shows(seed_searcher):
    contract = _readme_contract()
    if contract is None:
        pytest.skip("the README has no JSON section with an example yet")
    body = seed_searcher.search(contract["query"], limit=1)
    result, shown = body["results"][0], contract["results"][0]
    assert set(body) == set(contract)
    assert set(result) == set(shown)
    assert set(result["passages"][0]) == set(shown["passages"][0])
    assert set(result["matches"][0]) == set(shown["matches"][0])
    assert set(body["facets"]) == set(contract["facets"])


def test_results_come_best_first(seed_searcher):
    scores = [r["score"] for r in seed_searcher.search("创新 人才", limit=100)["results"]]
    assert scores == sorted(scores, reverse=True)


def test_a_simplified_query_marks_the_traditional_spelling_in_the_traditional_seed(seed_searcher):
    body = seed_searcher.search("中关村", limit=100)
    [result] = [r for r in body["results"] if r["doc_id"] == TRADITIONAL_SEED]
    assert result["script"] == "hant"
    marked = [m for p in result["passages"] for m in _marked(p)]
    assert marked and set(marked) == {"中關村"}
    assert {"query": "中关村", "matched": "中關村", "via": "script"} in result["matches"]


def marked_ends(result):
    """Each highlight's normalized text, and whether it reaches the end of its passage."""
    return [(squeeze(normalize(p["text"][s:e]).text), e == len(p["text"]))
            for p in result["passages"] for s, e in p["highlights"]]


def test_a_page_of_results_reads_no_stored_record_and_labels_passages_as_the_document_does(seed_index,
                                                                                            monkeypatch):
    searcher = Searcher.open(seed_index)
    views = {}
    for q in ("海淀区", "中关村 软件", "第十条", "创新"):
        for result in searcher.search(q, limit=10)["results"]:
            if result["doc_id"] not in views:
                views[result["doc_id"]] = searcher.document(result["doc_id"])
    fresh = Searcher.open(seed_index)
    monkeypatch.setattr(Generation, "payload", lambda self, d: pytest.fail("a result read a stored record"))
    shown = 0
    for q in ("海淀区", "中关村 软件", "第十条", "创新"):
        for result in fresh.search(q, limit=10)["results"]:
            view = views[result["doc_id"]]
            labels = {(p["start"], p["end"]): (p["section"], p["article"]) for p in view["passages"]}
            for passage in result["passages"]:
                assert (passage["section"], passage["article"]) == labels[(passage["start"], passage["end"])]
                assert passage["text"] == view["text"][passage["start"] : passage["end"]]
                shown += 1
    assert shown > 20


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_passages_are_slices_of_the_document_and_highlights_mark_the_query(data, seed_searcher, seed_texts):
    doc_id = data.draw(st.sampled_from(sorted(seed_texts)), label="doc")
    runs = [r for r in HAN_RUN.findall(squeeze(seed_texts[doc_id])) if len(r) >= 2]
    run = data.draw(st.sampled_from(runs), label="run")
    n = data.draw(st.integers(2, min(5, len(run))), label="length")
    i = data.draw(st.integers(0, len(run) - n), label="start")
    query = run[i : i + n]
    assume(not re.search(r"\b(AND|OR|NOT)\b", query))
    # OpenCC converts some phrases as a whole (批覆 → 批复): a run that cuts such a phrase in two is findable in
    # the form the whole document converts to, which is what a user of either script types.
    assume(normalize(query).text in squeeze(normalize(seed_texts[doc_id]).text))
    body = seed_searcher.search(query, limit=100)
    assert doc_id in _ids(body)
    wanted = normalize(query).text
    for result in body["results"]:
        text = seed_searcher.document(result["doc_id"])["text"]
        assert 1 <= len(result["passages"]) <= 3
        for passage in result["passages"]:
            assert passage["text"] == text[passage["start"] : passage["end"]]
            for s, e in passage["highlights"]:
                assert 0 <= s < e <= len(passage["text"])
        marked = [squeeze(normalize(m).text) for p in result["passages"] for m in _marked(p)]
        literal = [m for m in result["matches"] if m["via"] not in ("regional", "synonym")]
        if literal:  # found as written: the query is marked (its part inside the passage, if it runs on past it)
            assert any(m == wanted or (wanted.startswith(m) and ends_passage) for m, ends_passage in marked_ends(
                result)), (query, result["doc_id"], marked)


# --- query semantics ---------------------------------------------------------------------------------------


def test_space_separated_terms_need_every_term(seed_searcher, seed_texts):
    expected = _holding(seed_texts, "人才") & _holding(seed_texts, "孵化器")
    assert expected and expected != set(seed_texts)
    assert set(_ids(seed_searcher.search("人才 孵化器", limit=100))) == expected
    assert set(_ids(seed_searcher.search("人才 AND 孵化器", limit=100))) == expected


def test_or_needs_either_term(seed_searcher, seed_texts):
    expected = _holding(seed_texts, "清华") | _holding(seed_texts, "合伙人")
    body = seed_searcher.search("清华 OR 合夥人", limit=100)
    assert set(_ids(body)) == expected and body["total"] == len(expected)


def test_not_and_minus_leave_out_documents_with_the_term(seed_searcher, seed_texts):
    expected = _holding(seed_texts, "中关村") - _holding(seed_texts, "清华")
    assert expected and _holding(seed_texts, "清华")
    assert set(_ids(seed_searcher.search("中关村 NOT 清華", limit=100))) == expected
    assert set(_ids(seed_searcher.search("中关村 -清华", limit=100))) == expected


def test_a_query_of_only_negated_terms_is_refused(seed_searcher):
    with pytest.raises(InvalidParameter, match="not negated"):
        seed_searcher.search("NOT 清华")
    with pytest.raises(InvalidParameter, match="not negated"):
        seed_searcher.search("-清华 -海淀")


def test_a_quoted_phrase_matches_exactly_and_is_not_expanded(seed_searcher, seed_texts):
    body = seed_searcher.search('"全国科技创新中心"', limit=100)
    assert set(_ids(body)) == _holding(seed_texts, "全国科技创新中心")
    assert seed_searcher.search("軟體", limit=100)["total"] > 0
    assert seed_searcher.search('"軟體"', limit=100)["total"] == len(_holding(seed_texts, "軟體"))


def test_a_title_field_matches_titles_only(seed_searcher):
    titles = {d: seed_searcher.document(d)["title"] for d in _ids(seed_searcher.search("海淀", limit=100))}
    in_title = {d for d, t in titles.items() if "规划" in normalize(t).text}
    assert in_title
    assert set(_ids(seed_searcher.search("title:规划", limit=100))) == in_title
    assert set(_ids(seed_searcher.search("title:規劃", limit=100))) == in_title


def test_a_whole_word_match_ranks_above_the_same_characters_inside_another_word(build_index):
    _, _, searcher = build_index({
        "inside.txt": "这是一个特技术语的例子。",  # 技术 only across 特技|术语
        "word.txt": "这是一个新技术的好例子。",
        "talent-inside.txt": "他为人才华横溢的例子。",  # 人才 only across 为人|才华
        "talent-word.txt": "引进高端人才的好例子。",
    })
    assert _ids(searcher.search("技术", limit=10)) == ["word.txt", "inside.txt"]
    assert _ids(searcher.search("人才", limit=10)) == ["talent-word.txt", "talent-inside.txt"]


def test_matching_any_word_finds_the_source_of_a_pasted_sentence_first(seed_searcher, seed_texts):
    misses, tried = [], 0
    for doc_id, text in seed_texts.items():
        sentences = [s.strip() for s in re.split(r"[。！？\n]", text) if 20 <= len(s.strip()) <= 80]
        for sentence in sentences[:: max(1, len(sentences) // 8)]:
            tried += 1
            top = _ids(seed_searcher.search(sentence, match="any", limit=3))
            if not top or top[0] != doc_id:
                misses.append((doc_id, sentence, top))
    assert tried >= 30
    assert not misses, f"{len(misses)} of {tried} pasted sentences rank another document first: {misses}"


def test_a_pasted_sentence_with_unbalanced_syntax_still_works_when_matching_any_word(seed_searcher):
    pasted = '坚持“双轮驱动" (创新主体'
    with pytest.raises(QuerySyntaxError):
        seed_searcher.search(pasted)
    assert seed_searcher.search(pasted, match="any")["total"] > 0


def test_matching_any_word_finds_at_least_what_matching_all_finds(seed_searcher):
    every = set(_ids(seed_searcher.search("中關村 孵化 清华", limit=100)))
    some = set(_ids(seed_searcher.search("中關村 孵化 清华", match="any", limit=100)))
    assert every <= some and len(some) > len(every)


def test_paging_walks_through_every_result_once(seed_searcher):
    everything = seed_searcher.search("创新", limit=100)
    assert everything["total"] == len(everything["results"]) == 5
    pages = [seed_searcher.search("创新", limit=2, offset=o) for o in (0, 2, 4, 6)]
    assert all(p["total"] == 5 for p in pages)
    walked = [d for p in pages for d in _ids(p)]
    assert walked == _ids(everything)
    assert pages[-1]["results"] == []


# --- vocabulary ----------------------------------------------------------------------------------------------


def test_a_taiwan_word_finds_the_mainland_word_and_says_it_is_regional(seed_searcher, seed_texts):
    body = seed_searcher.search("軟體", limit=100)
    assert set(_ids(body)) >= _holding(seed_texts, "软件") and body["total"] > 0
    for result in body["results"]:
        assert {"query": "軟體", "matched": "软件", "via": "regional"} in result["matches"]
        assert "软件" in [m for p in result["passages"] for m in _marked(p)]


def test_a_mainland_word_that_is_also_a_regional_pair_still_ranks_literal_matches_first(build_index):
    _, _, searcher = build_index({"literal.txt": "核心区建设加快推进。", "regional.txt": "内核区建设加快推进。"})
    body = searcher.search("核心区")
    assert _ids(body) == ["literal.txt", "regional.txt"]
    assert body["results"][0]["matches"] == [{"query": "核心区", "matched": "核心区", "via": "exact"}]
    assert body["results"][1]["matches"] == [{"query": "核心区", "matched": "内核区", "via": "regional"}]


def test_a_regional_word_counts_in_its_region_s_documents_only(build_index):
    _, _, searcher = build_index({
        "cn-data.txt": "加强数据安全管理。", "cn-materials.txt": "申请人应当提交有关资料。",
        "tw-data.txt": "加強資料安全管理。", "tw-digits.txt": "統計數據每月公布。"})
    # 资料 is Taiwan's word for data in a Traditional text, and materials in a mainland one.
    assert sorted(_ids(searcher.search("数据"))) == ["cn-data.txt", "tw-data.txt", "tw-digits.txt"]
    # Either script finds the same: 數據 as 数据, 資料 as 资料 (its mainland reading, 数据, in mainland texts).
    assert _ids(searcher.search("數據")) == _ids(searcher.search("数据"))
    assert sorted(_ids(searcher.search("資料"))) == ["cn-data.txt", "cn-materials.txt", "tw-data.txt"]
    assert _ids(searcher.search("资料")) == _ids(searcher.search("資料"))
    marked = [m for r in searcher.search("数据", limit=5)["results"] for p in r["passages"] for m in _marked(p)]
    assert "资料" not in marked and "資料" in marked


def test_a_regional_word_is_looked_for_in_a_text_written_in_characters_both_scripts_share(build_index):
    # 播放影片 has no character particular to either script: it is called hans, yet may be Taiwan's.
    _, _, searcher = build_index({"tw-short.txt": "播放影片。", "cn-video.txt": "播放视频。"})
    body = searcher.search("视频")
    assert sorted(_ids(body)) == ["cn-video.txt", "tw-short.txt"]
    assert [m for r in body["results"] for p in r["passages"] for m in _marked(p)].count("影片") == 1


def test_a_synonym_finds_documents_with_the_other_member_of_its_group(seed_searcher, seed_texts):
    holding = _holding(seed_texts, "人工智能")
    assert holding
    body = seed_searcher.search("AI", limit=100)
    assert set(_ids(body)) >= holding
    for result in body["results"]:
        if result["doc_id"] in holding:
            assert {"query": "AI", "matched": "人工智能", "via": "synonym"} in result["matches"]


# --- filters and facets --------------------------------------------------------------------------------------


def test_a_script_filter_keeps_only_documents_in_that_script(seed_searcher):
    body = seed_searcher.search("海淀", filters={"script": "hant"}, limit=100)
    assert _ids(body) == [TRADITIONAL_SEED]
    assert body["facets"]["script"] == {"hant": 1}
    assert _ids(seed_searcher.search("海淀 script:hant", limit=100)) == [TRADITIONAL_SEED]
    assert TRADITIONAL_SEED not in _ids(seed_searcher.search("海淀", filters={"script": "hans"}, limit=100))


def test_a_search_without_filters_never_makes_the_filter_table_and_a_filter_makes_it_once(seed_index):
    # The filter table is a fifth of a cold search at 37,800 documents; most searches never filter.
    searcher = Searcher.open(seed_index)
    unfiltered = searcher.search("海淀", filters={"agency": "", "type": None}, limit=100)
    assert "filter_table" not in vars(searcher._state)
    assert unfiltered["total"] == 5
    assert _ids(searcher.search("海淀", filters={"script": "hant"}, limit=100)) == [TRADITIONAL_SEED]
    table = vars(searcher._state)["filter_table"]
    searcher.search("海淀", filters={"script": "hans"})
    assert vars(searcher._state)["filter_table"] is table


def test_facets_count_every_matching_document_not_just_the_page(seed_searcher):
    body = seed_searcher.search("海淀", limit=1)
    assert body["facets"]["script"] == {"hans": 4, "hant": 1}
    assert sum(body["facets"]["script"].values()) == body["total"]


def test_an_unknown_filter_is_an_invalid_parameter(seed_searcher):
    with pytest.raises(InvalidParameter, match="unknown filter"):
        seed_searcher.search("海淀", filters={"colour": "red"})


# --- display -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("display, other_script", [("hans", "hant"), ("hant", "hans")])
def test_a_display_script_converts_passages_and_keeps_highlights_on_the_query(seed_searcher, display, other_script):
    original = seed_searcher.search("中關村 創新", limit=100)
    shown = seed_searcher.search("中關村 創新", limit=100, display=display)
    assert _ids(shown) == _ids(original)
    converted = 0
    for before, after in zip(original["results"], shown["results"]):
        assert normalize(after["title"]).text == normalize(before["title"]).text
        for p, q in zip(before["passages"], after["passages"]):
            assert len(q["text"]) == len(p["text"]) == p["end"] - p["start"]
            assert normalize(q["text"]).text == normalize(p["text"]).text  # the same text, in another script
            assert normalize(q["section"]).text == normalize(p["section"]).text
            if display == "hans":
                assert _T2S.convert(q["text"]) == q["text"] and _T2S.convert(q["section"]) == q["section"]
            converted += before["script"] == other_script and q["text"] != p["text"]
            assert q["highlights"] == p["highlights"]
            assert _marked(q)
            for piece in _marked(q):  # touching highlights are merged into one span
                assert re.fullmatch("(中关村|创新)+", normalize(piece).text), piece
    assert converted


# --- errors --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kwargs, message", [
    ({"query": ""}, "empty"),
    ({"query": "   "}, "empty"),
    ({"query": "海" * 1001}, "longer than 1000"),
    ({"query": "海淀", "limit": 0}, "limit"),
    ({"query": "海淀", "limit": 101}, "limit"),
    ({"query": "海淀", "offset": -1}, "offset"),
    ({"query": "海淀", "match": "some"}, "match"),
    ({"query": "海淀", "display": "latin"}, "display"),
])
def test_out_of_range_parameters_are_invalid(seed_searcher, kwargs, message):
    query = kwargs.pop("query")
    with pytest.raises(InvalidParameter, match=message):
        seed_searcher.search(query, **kwargs)


def test_a_query_of_exactly_one_thousand_characters_is_accepted(seed_searcher):
    assert seed_searcher.search("海" * 1000)["total"] == 0


@pytest.mark.parametrize("query, position", [('"中关村', 1), ("海淀 (中关村", 4), ("海淀 )", 4), ("海淀 OR", 4)])
def test_a_syntax_error_says_where(seed_searcher, query, position):
    with pytest.raises(QuerySyntaxError, match=f"at character {position} of the query"):
        seed_searcher.search(query)


def test_a_lone_star_is_too_expensive(seed_searcher):
    with pytest.raises(QueryTooExpensive):
        seed_searcher.search("*")
    with pytest.raises(QueryTooExpensive):
        seed_searcher.search("海淀 *")


def test_a_prefix_finds_latin_words_that_start_with_it(build_index):
    _, _, searcher = build_index({"a.txt": "RISC-V 架构的芯片。", "b.txt": "RISCY 不是架构。", "c.txt": "ARM 架构。"})
    assert sorted(_ids(searcher.search("RISC*"))) == ["a.txt", "b.txt"]


def test_an_unknown_document_is_not_found(seed_searcher):
    with pytest.raises(DocumentNotFound):
        seed_searcher.document("no/such/doc.txt")


def test_an_empty_folder_has_no_index(tmp_path):
    with pytest.raises(IndexMissing, match="no index"):
        Searcher.open(tmp_path)


# --- documents, stats, refresh -------------------------------------------------------------------------------


def test_a_document_is_returned_whole_as_cleaned(seed_searcher, seed_texts):
    doc = seed_searcher.document(TRADITIONAL_SEED)
    assert doc["text"] == seed_texts[TRADITIONAL_SEED]
    assert doc["title"] == "魅力海淀" and doc["script"] == "hant" and doc["format"] == "txt"
    for section in doc["sections"]:
        assert doc["text"][section["start"] : section["end"]] == section["text"]


def test_stats_describe_the_index_and_how_it_was_built(seed_searcher):
    stats = seed_searcher.stats()
    assert stats["documents"] == 5 and stats["passages"] >= 5 and stats["size_bytes"] > 0
    assert {k: stats[k] for k in expected_versions()} == expected_versions()
    assert stats["built_at"]


def test_refresh_picks_up_a_newer_generation(build_index):
    corpus, index_dir, searcher = build_index({"a.txt": "海淀区推进中关村科学城建设。"})
    (corpus / "b.txt").write_text("海淀区的集成电路设计产业园。", encoding="utf-8")
    update_index([corpus], index_dir)
    assert searcher.search("集成电路")["total"] == 0  # still the generation it opened
    searcher.refresh()
    assert _ids(searcher.search("集成电路")) == ["b.txt"]
    assert searcher.search("海淀区")["total"] == 2


def test_metadata_fields_match_in_either_script_and_any_bracket_form(build_index):
    notice = ("北京市人力资源和社会保障局关于印发工作报告的通知\n\n劳社部发〔2008〕3号\n\n各区县：\n\n"
              "现将工作报告印发给你们，请认真贯彻执行。\n\n一、总体要求。\n\n做好就业工作。\n\n"
              "北京市人力资源和社会保障局\n\n2008年3月5日")
    _, _, searcher = build_index({"notice.txt": notice})
    for query in ("number:劳社部发[2008]3号", "number:劳社部发（2008）3号", "number:勞社部發〔2008〕3號",
                  "type:通知", "type:通知 agency:人力資源"):
        assert searcher.search(f"工作 {query}")["total"] == 1, query
    assert searcher.search("工作 number:劳社部发[2009]3号")["total"] == 0


def test_a_legal_database_export_is_found_by_its_stated_status_and_shows_it_as_a_facet(build_index):
    export = ("【法宝引证码】CLI.12.748997\n\n余姚市人民政府关于印发技术改造专项资金管理办法的通知\n\n【发布部门】余姚市人民政府\n\n"
              "【发文字号】余府发〔2012〕3号\n\n【时效性】现行有效\n\n现将办法印发给你们，请认真贯彻执行。")
    other = "余姚市人民政府关于技术改造的通知\n\n技术改造办法已经废止。"
    _, _, searcher = build_index({"export.txt": export, "other.txt": other})
    body = searcher.search("技术改造")
    assert body["facets"]["status"] == {"现行有效": 1}
    assert [r["doc_id"] for r in searcher.search("技术改造", filters={"status": "現行有效"})["results"]] == ["export.txt"]
    assert [r["doc_id"] for r in searcher.search("技术改造 status:现行有效")["results"]] == ["export.txt"]
    assert searcher.search("技术改造 number:余府发[2012]3号")["results"][0]["title"].startswith("余姚市人民政府关于印发")
    # Its citation code is no text but a field: found by it, in any case.
    assert searcher.search("CLI")["total"] == 0
    for query in ("技术改造 citation:CLI.12.748997", "技术改造 citation:cli.12.748997"):
        assert [r["doc_id"] for r in searcher.search(query)["results"]] == ["export.txt"], query
    assert searcher.search("技术改造", filters={"citation": "CLI.12.748997"})["total"] == 1


def _facets_one_by_one(docs: list[dict], ranked: list[int]) -> dict:
    """Facet counts by a loop over the ranked documents: the reference for the table."""
    from collections import Counter

    counts: dict[str, Counter] = {key: Counter() for key in ("year", "agency", "type", "status", "script")}
    for d in ranked:
        meta = docs[d].get("meta", {})
        counts["script"][docs[d]["script"]] += 1
        for key in ("year", "type", "status"):
            if meta.get(key):
                counts[key][str(meta[key])] += 1
        for agency in str(meta.get("agency") or "").split("、"):
            if agency:
                counts["agency"][agency] += 1
    return {k: dict(v.most_common()) for k, v in counts.items()}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_facet_counts_from_the_table_equal_counting_each_ranked_document(seed_searcher, data):
    state = seed_searcher._state
    docs = [*state.docs, {"script": "hans", "meta": {"agency": "教育部、财政部", "year": 2024}},
            {"script": "hant", "meta": {"agency": "财政部", "type": "通知"}}]
    from tongwen.search.facets import FacetTable

    table = FacetTable(docs)
    ranked = data.draw(st.permutations(range(len(docs))).flatmap(lambda p: st.integers(0, len(p)).map(lambda k: p[:k])))
    got = table.counts(np.array(ranked, dtype=np.int64), [np.arange(len(ranked))])
    want = _facets_one_by_one(docs, ranked)
    assert got == want and all(list(got[k]) == list(want[k]) for k in want)


def test_a_common_character_counted_only_where_the_other_terms_are_ranks_and_scores_as_counted_everywhere(
        build_index, write_corpus, monkeypatch):
    laws = {f"law{k}.txt": f"第一章　总则\n\n第{k}条　本法第{k + 1}条所称单位。\n\n第{k + 1}条　依照第六十九条处理。第三条。\n\n"
            f"第六十九条　第{k}条和第69条的规定。\n" for k in range(1, 8)}
    corpus, index_dir, _ = build_index(laws)
    # A deleted document and a second segment: passages are counted through each segment's live numbering.
    (corpus / "law3.txt").unlink()
    write_corpus({"law9.txt": "第二章\n\n第69条　第五条及第69条。\n"}, corpus)
    update_index([corpus], index_dir)
    queries = ["第六十九条", "第69条", "第五条 第69条", "规定 第69条"]

    def ranked(defer: int) -> list:
        monkeypatch.setattr(scoring, "DEFER_POSITIONS", defer)
        searcher = Searcher.open(index_dir)
        return [[(r["doc_id"], r["score"], [p["highlights"] for p in r["passages"]]) for r in
                 searcher.search(q, limit=20)["results"]] for q in queries + queries]  # twice: remembered counts

    deferred, counted = ranked(0), ranked(10**12)
    assert deferred == counted and all(deferred[:3])


def test_a_common_character_s_passages_are_counted_once_per_segment_and_a_query_after_an_update_reads_no_old_one(
        build_index, write_corpus, monkeypatch):
    monkeypatch.setattr(scoring, "DEFER_POSITIONS", 0)  # every character beside other terms is deferred
    laws = {f"law{k}.txt": f"第{k}条　本法第{k + 1}条所称单位。\n\n第{k + 1}条　依照第69条处理。\n" for k in range(1, 8)}
    corpus, index_dir, searcher = build_index(laws)
    counted: list[int] = []  # the literal index each character was counted in, every position read
    real = LiteralIndex.passage_counts

    def passage_counts(self, run, spend=None, whole=False):
        if len(run) == 1:
            counted.append(id(self))
        return real(self, run, spend, whole)

    monkeypatch.setattr(LiteralIndex, "passage_counts", passage_counts)
    assert searcher.search("第69条")["total"] == 7 and counted
    with searcher._read_state() as state:
        old = {id(part.literal) for part in state.g.parts}
    (corpus / "law3.txt").unlink()  # a deletion in an old segment, and a new segment
    write_corpus({"law9.txt": "第9条　依照第69条处理。\n"}, corpus)
    update_index([corpus], index_dir)
    searcher.refresh()
    counted.clear()
    assert searcher.search("第69条")["total"] == 7
    read = set(counted)
    with searcher._read_state() as state:
        now = {id(part.literal) for part in state.g.parts}
        # The remembered counts, less the deleted passages, are the live passages that hold each character.
        for char in "第条":
            assert state.g.passages_holding(char) == len(state.g.passage_counts(char)[0])
    assert old & now and read and read <= now - old  # only the new segment's positions were read


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 3 * SELECT_FROM), st.integers(1, 60), st.integers(1, 400),
       st.booleans())
def test_the_first_ranked_candidates_are_those_a_full_sort_puts_first(seed, count, distinct, n, dated):
    rng = np.random.default_rng(seed)
    # Few distinct scores and dates: ties at the cut are the case a selection could get wrong.
    keys = [rng.integers(0, distinct, count).astype(np.float64) * -0.5, rng.permutation(count)]
    if dated:
        keys.insert(0, np.where(rng.random(count) < 0.2, np.iinfo(np.int64).max, rng.integers(0, distinct, count)))
    assert first_ranked(keys, n).tolist() == np.lexsort(list(reversed(keys)))[:n].tolist()


def test_facets_count_the_same_whichever_keys_order_the_same_ranking(seed_searcher):
    state = seed_searcher._state
    members = np.arange(len(state.docs))[::-1]
    ranks = np.arange(len(members))
    by_rank = state.facet_table.counts(members, [ranks])
    by_two_keys = state.facet_table.counts(members, [ranks // 3 * 1.0, ranks % 3])
    assert by_rank == by_two_keys and all(list(by_rank[k]) == list(by_two_keys[k]) for k in by_rank)


def test_each_body_of_a_joint_document_filters_it_and_counts_in_the_agency_facet(build_index):
    joint = ("教育部 财政部关于做好学生资助工作的通知\n\n各省教育厅、财政厅：\n\n现就学生资助工作有关事项通知如下。\n\n"
             "教育部\n\n财政部\n\n2024年3月1日")
    single = "教育部关于做好学生资助宣传工作的通知\n\n各省教育厅：\n\n现就学生资助宣传有关事项通知如下。\n\n教育部\n\n2024年3月2日"
    _, _, searcher = build_index({"joint.txt": joint, "single.txt": single})
    body = searcher.search("学生资助")
    assert body["facets"]["agency"] == {"教育部": 2, "财政部": 1}
    assert [r["doc_id"] for r in searcher.search("学生资助 agency:財政部")["results"]] == ["joint.txt"]
    assert {r["doc_id"] for r in searcher.search("学生资助", filters={"agency": "教育部"})["results"]} == {
        "joint.txt", "single.txt"}


def test_a_pasted_sentence_counts_a_common_character_only_in_passages_holding_a_term_and_scores_them_the_same(
        build_index, monkeypatch):
    docs = {"a.txt": "开发说明\n\n第一条　本办法所称的各类事项包括但不限于办公用房修缮、车辆购置、会议组织以及软件采购等各项工作内容。"
                     "\n\n第二条　" + "产品产量业务业绩政务策划产值产地业态政风策略。" * 3 + "\n\n第三条　其他事项。",
            "b.txt": "軟體產業政策。", "c.txt": "产业政策研究。", "d.txt": "政策软件开发。"}
    _corpus, index_dir, _ = build_index(docs)
    query = "软件 产业 政策"

    def ranked(defer: int) -> dict:
        monkeypatch.setattr(scoring, "DEFER_POSITIONS", defer)
        searcher = Searcher.open(index_dir)
        results = [searcher.search(query, limit=20, match="any")["results"] for _ in range(2)]  # remembered counts
        assert results[0] == results[1]
        return {r["doc_id"]: r["score"] for r in results[0]}

    deferred, counted = ranked(0), ranked(10**12)
    # a.txt's 第二条 holds none of the query's words, only their characters (产, 业, 政, 策), each many times: counted
    # everywhere they lift it above its 第一条, which holds 软件 once in a long passage; deferred, they are read only
    # where some term of the query is. Every passage holding a term scores as counted everywhere.
    assert deferred["a.txt"] < counted["a.txt"]
    assert {doc: score for doc, score in deferred.items() if doc != "a.txt"} == \
        {doc: score for doc, score in counted.items() if doc != "a.txt"}


def test_a_search_leaves_no_budget_behind_for_what_reads_the_index_after_it(build_index):
    from tongwen.search.budget import Budget

    _, _, searcher = build_index({"a.txt": "海淀区发展规划。GDP 增长。", "b.txt": "发展改革工作。"})
    now = [0.0]
    budget = Budget(postings=1_000_000, seconds=1.0, clock=lambda: now[0])
    assert searcher.search("发展", budget=budget)["total"] == 2
    now[0] = 10.0  # the request's deadline has long passed
    state = searcher._state
    state.g.word_postings("gdp", state.spend)  # read outside any search: nothing refuses it
    assert searcher.search("发展")["total"] == 2


def test_a_search_and_the_index_s_stats_import_nothing_of_the_writing_side(seed_index):
    # A cold `tongwen search` and a server's start pay for what a query needs only: no reader, cleaning rule or
    # metadata rule is compiled (the metadata rules alone took 35 ms to import).
    code = (
        "import sys; from tongwen.search.searcher import Searcher; "
        f"s = Searcher.open({str(seed_index)!r}); s.search('中关村'); s.stats(); "
        "print(sorted(m for m in sys.modules if m.startswith('tongwen.index.readers.') or m in "
        "('tongwen.index.cleaning', 'tongwen.index.metadata', 'tongwen.index.structure', 'tongwen.index.script_detect')))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"


def test_stats_say_whether_the_documents_were_read_by_this_version_of_the_readers(seed_searcher, monkeypatch):
    assert seed_searcher.stats()["readers_current"] and seed_searcher.stats()["readers_version"]
    from tongwen.index import readers

    monkeypatch.setattr(readers, "readers_version", lambda: "reworded")  # comments and docstrings only
    assert seed_searcher.stats()["readers_current"]
    monkeypatch.setattr(readers, "readers_meaning", lambda: "newer-rules")
    assert not seed_searcher.stats()["readers_current"]


@pytest.mark.parametrize("query, match", [("30", "all"), ("GDP 30日", "all"), ("RISC*", "all"), ("30日 GDP", "any")])
def test_a_search_of_an_index_whose_every_file_was_skipped_finds_nothing_and_never_fails(tmp_path, query, match):
    # Whoosh gives such an index an empty reader, without the term table a Latin word is looked up in.
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "blank.txt").write_text(" \n", encoding="utf-8")
    assert update_index([tmp_path / "c"], tmp_path / "ix").skipped == 1
    assert Searcher.open(tmp_path / "ix").search(query, match=match)["total"] == 0


def test_simplified_display_writes_taiwan_s_and_hong_kong_s_standard_characters_as_the_mainland_does(write_corpus,
                                                                                                   tmp_path):
    folder = write_corpus({"tw.txt": "隨著業務發展，帳戶及衞生管理另定之。"})
    update_index([folder], tmp_path / "index")
    result = Searcher.open(tmp_path / "index").search("账户", display="hans")["results"][0]
    passage = result["passages"][0]
    assert passage["text"] == "随着业务发展，账户及卫生管理另定之。"
    assert [passage["text"][s:e] for s, e in passage["highlights"]] == ["账户"]


def test_a_phrase_typed_without_its_quotation_marks_finds_the_text_that_prints_them(write_corpus, tmp_path):
    folder = write_corpus({
        "plan.txt": "全面实施“十三五”规划纲要，依照《民法典》规定办理。",
        "tw.txt": "機關應落實「資通安全」管理。",
        "list.txt": "推进教育、科技和人才工作。",
    })
    update_index([folder], tmp_path / "index")
    searcher = Searcher.open(tmp_path / "index")
    for query, doc_id, marked in (("十三五规划", "plan.txt", "十三五”规划"), ("民法典规定", "plan.txt", "民法典》规定"),
                                  ("资通安全管理", "tw.txt", "資通安全」管理")):
        body = searcher.search(query)
        assert _ids(body) == [doc_id], query
        assert marked in _marked(body["results"][0]["passages"][0]), query
    assert searcher.search("育科")["total"] == 0  # an enumeration comma still parts two words


def test_a_title_query_typed_without_the_title_s_corner_brackets_finds_it_and_names_it_first(write_corpus, tmp_path):
    folder = write_corpus({
        "rules.txt": "「資通安全」管理辦法\n\n第一條　本辦法依法訂定之。",
        "other.txt": "資訊業務說明\n\n機關應落實資通安全管理，辦理相關業務。",
    })
    update_index([folder], tmp_path / "index")
    searcher = Searcher.open(tmp_path / "index")
    assert _ids(searcher.search("title:资通安全管理办法")) == ["rules.txt"]
    assert _ids(searcher.search("資通安全管理辦法"))[0] == "rules.txt"
