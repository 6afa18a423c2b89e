"""The benchmark query sampler, on a small synthetic corpus (no network, no downloaded data); the largest-merge
measurement on a small index."""

from collections import Counter

import opencc
import pytest

from tongwen.index import generations, store, workers
from tongwen.index.store import update_index
from tests.benchmarks import tongwen_bench
from tests.benchmarks.corpus import SourceDocument, sample_queries

SIMPLIFIED = [
    "本法规定。国家保护公民的个人信息，促进经济社会发展。",
    "本法规定。环境保护部门负责监督管理污染防治工作。",
    "本法规定。人民法院依法审理行政诉讼案件，保障当事人的合法权益。",
    "本法规定。海关总署负责进出口货物的监管和关税征收。",
    "本法规定。国务院财政部门编制预算草案，报全国人民代表大会审查。",
    "本法规定。农村土地承包经营权受法律保护，任何组织不得侵犯。",
]


@pytest.fixture(scope="module")
def docs() -> list[SourceDocument]:
    to_traditional = opencc.OpenCC("s2t")
    return [
        SourceDocument(f"{i}.txt", "hant", to_traditional.convert(text)) if i % 2
        else SourceDocument(f"{i}.txt", "hans", text)
        for i, text in enumerate(SIMPLIFIED)
    ]


def test_the_same_seed_draws_the_same_queries_and_another_seed_draws_others(docs):
    first = sample_queries(docs, n=16, seed=7)
    assert sample_queries(docs, n=16, seed=7) == first
    assert sample_queries(docs, n=16, seed=8) != first


def test_the_queries_split_evenly_into_words_and_pairs_same_and_cross_script_and_both_source_scripts(docs):
    queries = sample_queries(docs, n=16, seed=3)
    cells = Counter((q["kind"], q["cross_script"], q["source_script"]) for q in queries)
    assert len(cells) == 8 and set(cells.values()) == {2}
    assert all(len(q["words"]) == (2 if q["kind"] == "pair" else 1) for q in queries)


def test_every_drawn_word_is_written_in_its_source_document(docs):
    text = {d.name: d.text for d in docs}
    for q in sample_queries(docs, n=40, seed=5):
        assert all(len(w) >= 2 and w in text[q["source"]] for w in q["words"])


def test_a_cross_script_query_is_its_words_converted_and_a_same_script_query_is_its_words(docs):
    into = {"hans": opencc.OpenCC("s2t"), "hant": opencc.OpenCC("t2s")}
    for q in sample_queries(docs, n=40, seed=11):
        if q["cross_script"]:
            expected = [into[q["source_script"]].convert(w) for w in q["words"]]
            assert q["q"].split() == expected and q["q"].split() != q["words"]
            assert q["query_script"] != q["source_script"]
        else:
            assert q["q"].split() == q["words"] and q["query_script"] == q["source_script"]


def test_a_word_found_in_every_document_is_never_drawn(docs):
    drawn = {w for q in sample_queries(docs, n=40, seed=13) for w in q["words"]}
    assert not drawn & {"本法", "规定", "規定"}


def test_the_largest_merge_is_measured_on_linked_copies_and_leaves_the_index_as_it_was(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, text in enumerate(SIMPLIFIED):
        (corpus / f"{i}.txt").write_text(text, encoding="utf-8")
    monkeypatch.setattr(workers, "SEGMENT_PASSAGES", 1)  # a segment per document: something to merge
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    gen = store.current_generation(index_dir)
    before = sorted(p.name for p in gen.rglob("*"))
    found = tongwen_bench._largest_merge_worker(index_dir)
    assert found["segments"] >= 2 and found["records"] > 0
    assert sorted(p.name for p in gen.rglob("*")) == before
    assert generations.damage(gen, checksums=True) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "index"]  # the copy is gone
