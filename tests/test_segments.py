"""Segments: updates write only what changed, merges keep every live document, scores ignore segmentation."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import index as whoosh_index

from tongwen.index import figures, names, segments, store, workers
from tongwen.index.literal import LiteralIndex, LiteralPart
from tongwen.index.segments import DocEntry, Segment, SegmentLiteralWriter, choose_merges
from tongwen.index.texts import TextStore
from tongwen.index.store import update_index
from tongwen.search import whole_words
from tongwen.search.searcher import Searcher

TEXTS = [
    "海淀区加快建设中关村科学城。\n\n人工智能产业集群发展迅速。",
    "中關村科學城的軟體產業持續成長。\n\n網路安全列為重點。",
    "集成电路设计产业园在海淀区落成。\n\n第十二条 企业可以申请补贴。",
    "北京市海淀区人民政府关于促进科技创新的若干措施。\n\n支持GDP增长与RISC-V生态。",
    "软件和信息服务业是海淀区的支柱产业。\n\n人工智能与软件融合。",
    "海淀區推動創新創業，設立科技創新基金。",
]
QUERIES = ["海淀区", "中关村科学城", "软件", "人工智能", "科技创新", "GDP", "第十二条", "網路"]


def _write_corpus(folder: Path, texts: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"doc{i:02d}.txt").write_text(text * 3, encoding="utf-8")
    return folder


def _answers(index_dir: Path, match: str = "all", searcher: Searcher | None = None) -> list:
    searcher = searcher or Searcher.open(index_dir)
    out = []
    for q in QUERIES:
        body = searcher.search(q, limit=20, match=match)
        out.append([(r["doc_id"], r["score"], [(p["start"], p["end"], p["highlights"]) for p in r["passages"]])
                    for r in body["results"]])
    return out


def _segment_ids(index_dir: Path) -> list[str]:
    gen = store.current_generation(index_dir)
    return [seg.segment_id() for seg in whoosh_index.open_dir(str(gen))._segments()]


def test_one_segment_and_many_segments_of_the_same_documents_give_the_same_scores_and_ranking(tmp_path, monkeypatch):
    corpus = _write_corpus(tmp_path / "corpus", TEXTS)
    update_index([corpus], tmp_path / "one")
    monkeypatch.setattr(workers, "SEGMENT_PASSAGES", 1)  # a segment per document
    monkeypatch.setattr(segments, "SEGMENTS_PER_TIER", 1000)  # and none merged
    update_index([corpus], tmp_path / "many")
    assert len(_segment_ids(tmp_path / "one")) == 1 and len(_segment_ids(tmp_path / "many")) == len(TEXTS)
    for match in ("all", "any"):
        assert _answers(tmp_path / "one", match) == _answers(tmp_path / "many", match)


def test_an_index_updated_by_changes_renames_and_deletions_answers_as_a_fresh_build_of_the_same_files(tmp_path,
                                                                                                      monkeypatch):
    import random

    monkeypatch.setattr(segments, "SEGMENTS_PER_TIER", 1000)  # no merge drops the deleted records: they stay counted
    rng = random.Random(7)
    corpus = _write_corpus(tmp_path / "corpus", TEXTS)
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    made = len(TEXTS)
    for run in range(6):
        names = sorted(p.name for p in corpus.iterdir())
        for name in rng.sample(names, 2):  # changed: its old records deleted, new ones added
            text = rng.choice(TEXTS) + f"\n\n第{run + 1}次修订。" + rng.choice(TEXTS)
            (corpus / name).write_text(text, encoding="utf-8")
            os.utime(corpus / name, ns=(0, (run + 2) * 10**9))
        gone = rng.choice(names)
        (corpus / gone).rename(corpus / f"moved{run}.txt") if run % 2 else (corpus / gone).unlink()
        (corpus / f"new{made:02d}.txt").write_text(rng.choice(TEXTS) * 2, encoding="utf-8")
        made += 1
        update_index([corpus], index_dir)
    g = Searcher.open(index_dir)._state.g
    assert g.searcher.doc_count_all() > g.live_records  # deleted records still in their segments
    update_index([corpus], tmp_path / "fresh")
    for match in ("all", "any"):
        assert _answers(index_dir, match) == _answers(tmp_path / "fresh", match)


def test_a_cut_among_tied_candidates_falls_the_same_way_however_the_index_is_segmented(tmp_path, monkeypatch):
    # A common word's whole-word bonus is looked up for its best candidates only; six files hold the same passage,
    # and only two get it. Which two must not depend on the order the segments put the files in.
    monkeypatch.setattr(whole_words, "MAX_BONUS_CANDIDATES", 2)
    monkeypatch.setattr(whole_words, "MAX_BULK_POSTINGS", 0)
    corpus = _write_corpus(tmp_path / "corpus", [f"第{n}号文件。\n\n人工智能产业集群发展迅速。" for n in "一二三四五六"])
    update_index([corpus], tmp_path / "one")
    monkeypatch.setattr(segments, "SEGMENTS_PER_TIER", 1000)  # none merged
    staged = tmp_path / "staged"
    staged.mkdir()
    for path in sorted(corpus.iterdir(), reverse=True):  # the last file first: its segment and passages first
        shutil.copy(path, staged / path.name)
        update_index([staged], tmp_path / "many")
    assert len(_segment_ids(tmp_path / "many")) == 6
    for query in ("人工智能", "人工智能 产业"):
        one, many = (Searcher.open(tmp_path / name).search(query, limit=10)["results"] for name in ("one", "many"))
        assert [(r["doc_id"], r["score"]) for r in one] == [(r["doc_id"], r["score"]) for r in many]


def test_an_update_writes_a_segment_for_the_changed_file_only_and_links_the_others(tmp_path):
    corpus = _write_corpus(tmp_path / "corpus", TEXTS)
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    before = store.current_generation(index_dir)
    (corpus / "doc02.txt").write_text("石景山区的首钢园改造完成。", encoding="utf-8")
    report = update_index([corpus], index_dir)
    assert (report.indexed, report.unchanged) == (1, len(TEXTS) - 1)
    after = store.current_generation(index_dir)
    old_ids, new_ids = set(_segment_ids_of(before)), set(_segment_ids_of(after))
    assert old_ids < new_ids and len(new_ids - old_ids) == 1
    for sid in old_ids:  # the unchanged segment's files are the very same files: nothing re-read or re-written
        for part in segments.folder(before, sid).iterdir():
            assert os.path.samefile(part, segments.folder(after, sid) / part.name)
    searcher = Searcher.open(index_dir)
    assert [r["doc_id"] for r in searcher.search("首钢园")["results"]] == ["doc02.txt"]
    assert "doc02.txt" not in [r["doc_id"] for r in searcher.search("集成电路")["results"]]


def test_a_searcher_refreshed_after_an_update_reads_the_new_segments_only_and_answers_as_one_opened_anew(
        tmp_path, monkeypatch):
    monkeypatch.setattr(workers, "SEGMENT_PASSAGES", 1)  # a segment per document
    monkeypatch.setattr(segments, "SEGMENTS_PER_TIER", 1000)  # and none merged
    texts = [text.replace("。", "。\n\n北京市海淀区人民政府\n\n2016年11月17日\n\n", 1) for text in TEXTS]
    corpus = _write_corpus(tmp_path / "corpus", texts)
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    searcher = Searcher.open(index_dir, checksums=True)
    _answers(index_dir, searcher=searcher)
    (corpus / "doc02.txt").write_text("石景山区的首钢园改造完成。\n\n海淀区人民政府办公室\n\n2020年1月2日", encoding="utf-8")
    (corpus / "doc04.txt").unlink()
    old_ids = set(_segment_ids(index_dir))
    read: list[str] = []
    real = segments.Summaries.read
    monkeypatch.setattr(segments.Summaries, "read",
                        lambda path, *more: read.append(path.parent.name[len(segments.PREFIX):]) or real(path, *more))
    update_index([corpus], index_dir)
    assert not read  # the writer reads no summary
    searcher.refresh()
    assert read and not set(read) & old_ids  # the new segments' documents only
    fresh = Searcher.open(index_dir)
    for match in ("all", "any"):
        assert _answers(index_dir, match, searcher) == _answers(index_dir, match, fresh)
    named = "北京市海淀区人民政府关于促进科技创新的若干措施"  # doc03's title: a known item, ranked first
    assert searcher.search(named)["results"][0]["doc_id"] == "doc03.txt"
    for query, filters in (("海淀区", None), ("海淀区", {"agency": "海淀区人民政府办公室"}), ("year:2016 海淀区", None),
                           ("首钢园", {"year": "2020"}), (named, None), ("科技创新的若干措施", None)):
        mine, theirs = searcher.search(query, filters=filters), fresh.search(query, filters=filters)
        assert (mine["total"], mine["facets"]) == (theirs["total"], theirs["facets"])
        assert [r["doc_id"] for r in mine["results"]] == [r["doc_id"] for r in theirs["results"]]
    assert searcher.search("首钢园", filters={"year": "2020"})["total"] == 1



LAW = "中华人民共和国测试法\n\n第一章 总则\n\n第一条 为了规范测试工作，制定本法。\n\n第二条 本法适用于测试。\n\n第十二条 企业可以申请补贴。\n"


def test_passages_read_from_their_segments_tables_agree_with_the_records_and_texts_after_deletions(tmp_path):
    corpus = _write_corpus(tmp_path / "corpus", [*TEXTS, LAW])
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    (corpus / "doc02.txt").write_text(LAW.replace("测试", "检验"), encoding="utf-8")
    (corpus / "doc04.txt").unlink()
    update_index([corpus], index_dir)
    g = Searcher.open(index_dir)._state.g
    assert len(g.parts) == 2 and g.parts[0].pid is not None and g.parts[1].pid is None  # deletions in the first
    pids = np.arange(g.n_passages)
    docnums = g.passage_docnums(pids)
    # Each live passage's record, in record order, maps back to it, and follows its own document's record.
    assert (np.diff(docnums) > 0).all() and (g.docnum_to_pid[docnums] == pids).all()
    assert (np.searchsorted(g.doc_docnum, docnums) - 1 == g.passage_doc).all()
    assert not any(g.searcher.reader().is_deleted(n) for n in docnums.tolist())
    articles = g.passage_articles(pids)
    spans = [g.passage_span(pid) for pid in pids.tolist()]
    for pid, (begin, end) in enumerate(spans):
        text = g.text(int(g.passage_doc[pid]), begin, end)
        article = g.passage_label(pid)[1]
        assert text.strip() and (article == "") == (articles[pid] < 0) and text.startswith(article)
    assert sorted(g.text(int(g.passage_doc[pid]), *spans[pid])[:4] for pid in np.flatnonzero(articles == 1200)) == [
        "第十二条"] * 4  # doc06 writes the law three times, the changed doc02 once
    # Any ascending selection reads as the whole column does.
    some = pids[::3]
    assert g.passage_docnums(some).tolist() == docnums[::3].tolist()
    assert g.passage_articles(some).tolist() == articles[::3].tolist()


def _segment_ids_of(gen: Path) -> list[str]:
    return [seg.segment_id() for seg in whoosh_index.open_dir(str(gen))._segments()]


def test_merges_keep_the_segment_count_small_and_answer_as_a_fresh_build_does(tmp_path, monkeypatch):
    monkeypatch.setattr(segments, "SEGMENTS_PER_TIER", 3)
    monkeypatch.setattr(segments, "MAX_MERGE_AT_ONCE", 3)
    corpus = tmp_path / "corpus"
    index_dir = tmp_path / "index"
    for i, text in enumerate(TEXTS * 2):  # one file per run: a new segment each time
        corpus.mkdir(exist_ok=True)
        (corpus / f"doc{i:02d}.txt").write_text(text + f"\n\n第{i + 1}号文件。", encoding="utf-8")
        if i == 7:
            (corpus / "doc03.txt").unlink()  # a deletion, dropped by a later merge
        update_index([corpus], index_dir)
        assert len(_segment_ids(index_dir)) <= 4
    update_index([corpus], tmp_path / "fresh")
    ids = [[r[0] for r in answer] for answer in _answers(index_dir)]
    assert ids == [[r[0] for r in answer] for answer in _answers(tmp_path / "fresh")]
    gen = store.current_generation(index_dir)
    on_disk = {p.name[len(segments.PREFIX):] for p in gen.glob(f"{segments.PREFIX}*")}
    assert on_disk == set(_segment_ids(index_dir))  # merged-away segments leave no literal folder behind


def test_an_index_whose_segments_reach_the_cap_stops_merging_them_and_still_answers_as_a_fresh_build(
        tmp_path, monkeypatch):
    monkeypatch.setattr(segments, "SEGMENTS_PER_TIER", 3)
    monkeypatch.setattr(segments, "MAX_MERGE_AT_ONCE", 3)
    monkeypatch.setattr(segments, "MAX_SEGMENT_RECORDS", 12)  # records: a document and each of its passages
    merged: list[int] = []
    real = workers.merge_groups
    monkeypatch.setattr(workers, "merge_groups", lambda gen, batches, *rest: (
        merged.extend(sum(s.doc_count_all() - s.deleted_count() for s in batch) for batch in batches)
        or real(gen, batches, *rest)))
    corpus = _write_corpus(tmp_path / "corpus", [])
    index_dir = tmp_path / "index"
    for i, text in enumerate(TEXTS * 3):  # one file per run: a new segment each time
        (corpus / f"doc{i:02d}.txt").write_text(text + f"\n\n第{i + 1}号文件。", encoding="utf-8")
        update_index([corpus], index_dir)
    assert merged and max(merged) <= 12
    sizes = [seg.doc_count_all() for seg in whoosh_index.open_dir(str(store.current_generation(index_dir)))._segments()]
    assert max(sizes) <= 12 and len(sizes) >= sum(sizes) // 12  # without the cap, one tier would hold them all
    update_index([corpus], tmp_path / "fresh")
    assert _answers(index_dir) == _answers(tmp_path / "fresh")


def test_merged_segments_keep_the_exact_word_count_so_scores_equal_a_fresh_builds(tmp_path, monkeypatch):
    monkeypatch.setattr(segments, "SEGMENTS_PER_TIER", 3)
    monkeypatch.setattr(segments, "MAX_MERGE_AT_ONCE", 3)
    corpus = _write_corpus(tmp_path / "corpus", [])
    index_dir = tmp_path / "index"
    for i, text in enumerate(TEXTS):  # one file per run; passages of more than ten words, whose lengths Whoosh rounds
        (corpus / f"doc{i:02d}.txt").write_text(text * 4, encoding="utf-8")
        update_index([corpus], index_dir)
    update_index([corpus], tmp_path / "fresh")
    merged, fresh = Searcher.open(index_dir), Searcher.open(tmp_path / "fresh")
    assert len(_segment_ids(index_dir)) < len(TEXTS)
    words = [s._live_state().searcher.field_length("body") for s in (merged, fresh)]
    assert words[0] == words[1]
    assert _answers(index_dir, searcher=merged) == _answers(tmp_path / "fresh", searcher=fresh)


def test_the_merge_policy_keeps_the_segment_count_logarithmic():
    live: list[Segment] = []
    counts = []
    for run in range(2000):
        live.append(Segment(f"s{run}", 500, 0))
        for group in choose_merges(live):
            merged = [s for s in live if s.segment_id in group]
            live = [s for s in live if s.segment_id not in group]
            live.append(Segment(f"m{run}-{len(live)}", sum(s.records - s.deleted for s in merged), 0))
        counts.append(len(live))
    # 1,000,000 records in segments of 500: 2000 flushes, held in a few tens of segments.
    assert max(counts) < 40
    assert sum(s.records for s in live) == 2000 * 500


def _simulate(flushes: int, records: int, deleting: float = 0.0, seed: int = 0) -> tuple[list[Segment], list[int]]:
    """The segments after ``flushes`` runs that each add a segment of ``records`` and, with ``deleting``, delete that
    share of a random live segment's live records; and the live records each merge wrote."""
    rng = np.random.default_rng(seed)
    live: list[Segment] = []
    written = []
    for run in range(flushes):
        live.append(Segment(f"s{run}", records, 0))
        if deleting and len(live) > 1:
            k = int(rng.integers(len(live)))
            s = live[k]
            live[k] = Segment(s.segment_id, s.records, s.deleted + int((s.records - s.deleted) * deleting))
        for group in choose_merges(live):
            merged = [s for s in live if s.segment_id in group]
            live = [s for s in live if s.segment_id not in group]
            written.append(sum(s.records - s.deleted for s in merged))
            live.append(Segment(f"m{run}-{len(written)}", written[-1], 0))
    return live, written


def test_no_merge_writes_a_segment_past_the_cap_and_the_count_then_grows_with_the_corpus(monkeypatch):
    monkeypatch.setattr(segments, "MAX_SEGMENT_RECORDS", 20_000)
    live, written = _simulate(2000, 500)
    assert max(written) <= 20_000
    assert sum(s.records for s in live) == 2000 * 500
    # 1,000,000 records in segments of 10,000 to 20,000 (those over half the cap merge with no other).
    assert 50 <= len(live) <= 100
    assert sum(s.records > 10_000 for s in live) >= 40


def test_a_tier_of_large_segments_merges_its_smallest_up_to_the_cap_and_full_ones_never():
    cap = segments.MAX_SEGMENT_RECORDS
    tier = [Segment(f"t{k}", cap * 2 // 5 + k, 0) for k in range(10)]
    assert choose_merges(tier) == [["t0", "t1"]]
    assert choose_merges([Segment(f"f{k}", cap // 2 + 1 + k, 0) for k in range(30)]) == []


@settings(max_examples=200, deadline=None)
@given(sizes=st.lists(st.tuples(st.integers(1, 1_200_000), st.integers(0, 100)), min_size=1, max_size=40))
def test_every_group_the_policy_chooses_stays_within_the_cap_or_is_one_mostly_deleted_segment(sizes):
    cap = segments.MAX_SEGMENT_RECORDS
    given_segments = [Segment(f"s{k}", records, records * deleted // 100) for k, (records, deleted) in enumerate(sizes)]
    by_id = {s.segment_id: s for s in given_segments}
    groups = choose_merges(given_segments)
    ids = [sid for group in groups for sid in group]
    assert len(ids) == len(set(ids))  # no segment in two merges
    for group in groups:
        members = [by_id[sid] for sid in group]
        if len(members) == 1:
            assert members[0].deleted > segments.MAX_DELETED_SHARE * members[0].records
        else:
            assert sum(max(s.records - s.deleted, 1) for s in members) <= cap


def test_merges_of_a_corpus_with_deletions_stay_within_the_cap(monkeypatch):
    monkeypatch.setattr(segments, "MAX_SEGMENT_RECORDS", 20_000)
    live, written = _simulate(1500, 500, deleting=0.3, seed=7)
    assert max(written) <= 20_000
    assert all(s.deleted <= segments.MAX_DELETED_SHARE * s.records for s in live)


def test_the_largest_merge_is_the_smallest_of_the_highest_tier_that_may_still_merge_within_the_cap():
    cap = segments.MAX_SEGMENT_RECORDS
    shape = [Segment("small", 3_000, 0), Segment("mid", 40_000, 0), Segment("mid2", 41_000, 0),
             *(Segment(f"top{k}", cap * 2 // 5 + k, 0) for k in range(9)), Segment("full", cap, 0)]
    assert segments.largest_merge(shape) == ["top0", "top1"]
    assert segments.largest_merge([Segment("full", cap, 0), Segment("one", 40_000, 0)]) == []
    many = [Segment(f"s{k}", 30_000 + k, 0) for k in range(12)]
    assert segments.largest_merge(many) == [f"s{k}" for k in range(segments.MAX_MERGE_AT_ONCE)]


def test_a_segment_whose_documents_are_all_deleted_is_dropped_not_rewritten(tmp_path, monkeypatch):
    corpus = _write_corpus(tmp_path / "corpus", TEXTS)
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    answers = _answers(index_dir)
    (corpus / "added.txt").write_text("石景山区的首钢园改造完成。", encoding="utf-8")
    update_index([corpus], index_dir)
    with_added = set(_segment_ids(index_dir))
    merged: list = []
    real = workers.merge_groups
    monkeypatch.setattr(workers, "merge_groups", lambda gen, batches, *rest: merged.extend(batches) or real(gen, batches, *rest))
    (corpus / "added.txt").unlink()
    assert update_index([corpus], index_dir).removed == 1
    assert merged == []  # nothing written: the added file's segment is gone from the table of contents
    after = set(_segment_ids(index_dir))
    assert after < with_added and len(with_added - after) == 1
    assert Searcher.open(index_dir).search("首钢园")["total"] == 0
    assert _answers(index_dir) == answers


def test_an_index_whose_files_are_all_deleted_has_no_segment_answers_nothing_and_takes_files_again(tmp_path):
    corpus = _write_corpus(tmp_path / "corpus", TEXTS)
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    files = sorted(corpus.iterdir())
    for path in files:
        path.unlink()
    # Named, as deleted paths: a folder the index was built from that holds no file at all keeps its documents (a
    # share not mounted).
    report = update_index(files, index_dir)
    assert (report.removed, report.segments) == (len(TEXTS), 0)
    assert Searcher.open(index_dir).search("海淀区")["total"] == 0
    _write_corpus(corpus, TEXTS[:2])
    assert update_index([corpus], index_dir).indexed == 2
    assert {r["doc_id"] for r in Searcher.open(index_dir).search("中关村科学城")["results"]} == {"doc00.txt", "doc01.txt"}


def test_a_mostly_deleted_segment_is_rewritten():
    groups = choose_merges([Segment("big", 100_000, 0), Segment("holey", 10_000, 6_000)])
    assert groups == [["holey"]]


PASSAGE = st.text(alphabet="海淀区中关村科学城A1 。", max_size=12)
DOCUMENT = st.lists(PASSAGE, min_size=1, max_size=3)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(groups=st.lists(st.lists(DOCUMENT, min_size=1, max_size=4), min_size=1, max_size=3), data=st.data())
def test_a_merged_literal_segment_equals_one_built_from_the_live_documents(tmp_path_factory, groups, data):
    gen = tmp_path_factory.mktemp("gen")
    sources, live_parts, live_labels, live_texts, live_passages = [], [], [], [], []
    for g, documents in enumerate(groups):
        writer = SegmentLiteralWriter()
        docnum = 0
        deleted: list[int] = []
        for k, passages in enumerate(documents):
            part = LiteralPart.encode(passages)
            rows = [(docnum + 1 + n, n, 0, len(p), -1, len(p), len(p) + 1) for n, p in enumerate(passages)]
            text = "\n".join(passages) * data.draw(st.sampled_from([1, 700]), label="repeat")  # one block or many
            # Sections shared between segments and documents, articles of their own: both renumbered by a merge.
            labels = [(f"第{n % 2}章", f"第{g}{k}{n}条") for n in range(len(passages))]
            writer.add(DocEntry(f"{g}-{k}", "root", "hash", (1, 2), {"length": len(text)}), docnum, part, rows, labels,
                       text)
            records = list(range(docnum, docnum + 1 + len(passages)))
            if data.draw(st.booleans(), label=f"delete {g}-{k}"):
                deleted.extend(records)
            else:
                live_parts.append(part)
                live_passages.extend(passages)
                live_labels.extend(labels)
                live_texts.append(text)
            docnum = records[-1] + 1
        writer.write(gen, f"S{g}")
        sources.append((f"S{g}", np.array(deleted, dtype=np.int64)))
    segments.merge(gen, sources, "MERGED")
    merged = LiteralIndex.load(segments.folder(gen, "MERGED"))
    expected = LiteralIndex.from_parts(live_parts) if live_parts else None
    for run in ["海淀", "中关村", "区", "科学城", "村科"]:
        got = merged.passage_counts(run)
        want = expected.passage_counts(run) if expected else (np.empty(0), np.empty(0))
        assert got[0].tolist() == want[0].tolist() and got[1].tolist() == want[1].tolist()
    assert merged.postings == (expected.postings if expected else 0)
    # Each live passage's word counts come along, the exact one too (what the live statistics sum).
    assert merged.tables["passage_tokens"].tolist() == [len(p) + 1 for p in live_passages]
    # The passages holding each pair are counted anew over the live passages, as a segment built of them counts.
    assert merged.term_passages.tolist() == (expected.term_passages.tolist() if expected else [])
    # Record numbers are renumbered as Whoosh's add_reader renumbers the live records: 0, 1, 2, ... in order.
    t = merged.tables
    records = np.sort(np.concatenate([t["doc_docnum"], t["passage_docnum"]]))
    assert records.tolist() == list(range(len(records)))
    texts = segments.read_labels(gen, "MERGED")
    assert [(texts[a], texts[b]) for a, b in t["passage_labels"].tolist()] == live_labels
    # Only labels some live passage uses are kept (each source's once).
    assert {texts[k] for k in range(len(texts))} == {label for pair in live_labels for label in pair}
    store = TextStore(segments.folder(gen, "MERGED"))
    assert [store.read(first, len(text)) for first, text in zip(t["doc_block"].tolist(), live_texts)] == live_texts
    assert [e.doc_id for e in segments.read_docs(gen, "MERGED")] == [
        f"{g}-{k}" for g, documents in enumerate(groups) for k in range(len(documents))
        if not np.isin(_first_record(groups, g, k), sources[g][1])]


def _first_record(groups, g: int, k: int) -> int:
    return sum(1 + len(p) for p in groups[g][:k])


def test_a_writer_killed_during_a_merge_leaves_the_previous_generation_whole_and_the_next_run_completes(
        tmp_path, monkeypatch):
    import multiprocessing
    import signal
    import time

    corpus = _write_corpus(tmp_path / "corpus", TEXTS)
    index_dir = tmp_path / "index"
    monkeypatch.setattr(workers, "SEGMENT_PASSAGES", 1)
    monkeypatch.setattr(segments, "SEGMENTS_PER_TIER", 1000)
    update_index([corpus], index_dir)  # one segment per document, none merged
    before, live = _answers(index_dir), (index_dir / store.CURRENT).read_text(encoding="utf-8")
    merging = tmp_path / "merging"

    def writer() -> None:
        segments.SEGMENTS_PER_TIER = segments.MAX_MERGE_AT_ONCE = 3
        real = segments.merge

        def slow_merge(*args, **kwargs):
            merging.touch()
            time.sleep(60)
            return real(*args, **kwargs)

        segments.merge = slow_merge
        (corpus / "new.txt").write_text("首钢园的冬奥场馆改造完成。", encoding="utf-8")
        update_index([corpus], index_dir)

    process = multiprocessing.get_context("fork").Process(target=writer)
    process.start()
    deadline = time.monotonic() + 120
    while not merging.exists() and time.monotonic() < deadline and process.is_alive():
        time.sleep(0.05)
    assert merging.exists(), "the run never reached a merge"
    os.kill(process.pid, signal.SIGKILL)  # its merging workers die with it
    process.join()

    assert (index_dir / store.CURRENT).read_text(encoding="utf-8") == live
    assert _answers(index_dir) == before
    monkeypatch.setattr(segments, "SEGMENTS_PER_TIER", 3)
    monkeypatch.setattr(segments, "MAX_MERGE_AT_ONCE", 3)
    report = update_index([corpus], index_dir)
    assert report.indexed == 1
    assert [r["doc_id"] for r in Searcher.open(index_dir).search("首钢园")["results"]] == ["new.txt"]
    assert len(_segment_ids(index_dir)) < len(TEXTS)
    assert not [p for p in index_dir.iterdir() if p.name.endswith(".tmp")]


@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=8), st.data())
def test_a_document_table_written_with_an_id_contains_its_token_and_the_token_of_every_start_of_it(ids, data):
    entries = [DocEntry(doc_id, "/root", "0" * 40, (1, 2), {}) for doc_id in ids]
    written = segments.DocTable.of(entries).to_json()
    doc_id = data.draw(st.sampled_from(ids))
    start = doc_id[: data.draw(st.integers(0, len(doc_id)))]
    # No false "not here": a run that names a deleted file never skips the table holding it.
    assert segments.id_token(doc_id) in written
    assert segments.id_token(start, prefix=True) in written


_SUMMARY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.fixed_dictionaries({"title": _SUMMARY_TEXT, "length": st.integers(0, 10**6),
                                       "meta": st.dictionaries(_SUMMARY_TEXT, _SUMMARY_TEXT, max_size=3)}),
                max_size=8))
def test_summaries_written_a_line_each_read_back_one_by_one_and_all_at_once_as_written(tmp_path, summaries):
    # Titles and values with line breaks, commas and brackets (",\n" included) cannot end a line early: JSON
    # escapes every line break inside a value.
    folder = tmp_path / f"seg{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    segments._write_docs(folder, [DocEntry(f"d{k}", "/r", "h", (1, 2), s) for k, s in enumerate(summaries)])
    written = (folder / segments.SUMMARIES).read_text(encoding="utf-8")
    assert json.loads(written) == summaries
    assert [json.loads(line.rstrip(",")) for line in written.split("\n")[1:-1] if line] == summaries
    read = segments.Summaries.read(folder / segments.SUMMARIES)
    assert len(read) == len(summaries)
    assert [read[k] for k in range(len(read))] == summaries
    assert read.length.tolist() == [s["length"] for s in summaries]
    assert read.take_all() == summaries and read.take_all() == summaries  # handed on once, then read again
    lazy = segments.Summaries.read(folder / segments.SUMMARIES, None, [s["length"] for s in summaries])
    assert lazy._parsed is None  # its lengths known from the figures, none is parsed until asked for
    assert [lazy[k] for k in range(len(lazy))] == summaries and lazy.take_all() == summaries
    assert lazy.length.tolist() == read.length.tolist()


NAMED = ["中华人民共和国刑法（2020修正）\n\n第一条 为了惩罚犯罪，保护人民，制定本法。",
         "北京市人民政府关于印发《海淀区规划》的通知\n\n各区人民政府：现将规划印发给你们。",
         "中華人民共和國教育法\n\n第一條 為了發展教育事業，制定本法。"]


def test_the_names_written_with_a_segment_are_those_its_titles_give(tmp_path):
    corpus = _write_corpus(tmp_path / "corpus", NAMED)
    update_index([corpus], tmp_path / "index")
    gen = store.current_generation(tmp_path / "index")
    (sid,) = _segment_ids(tmp_path / "index")
    folder = segments.folder(gen, sid)
    titles = [summary["title"] for summary in json.loads((folder / segments.SUMMARIES).read_text(encoding="utf-8"))]
    assert segments.read_names((folder / segments.NAMES).read_bytes()) == names.of_titles(titles)
    _folded, known = names.of_titles(titles)
    assert {"刑法", "海淀区规划", "教育法"} <= set(known)  # short names, the Traditional one's folded
    law = titles.index("中华人民共和国刑法（2020修正）")
    assert [names.named(code) for code in known["刑法"]] == [(law, names.SHORT)]
    whole = names.known_item_key("中华人民共和国刑法（2020修正）")  # folded: (2020修正)
    assert [names.named(code) for code in known[whole]] == [(law, names.TITLE)]
    assert segments.NAMES in {Path(name).name for name in store.read_manifest(gen)["files"]}  # checksummed


def test_a_segment_without_its_names_or_figures_or_with_those_of_other_rules_answers_the_same(tmp_path, monkeypatch):
    corpus = _write_corpus(tmp_path / "corpus", TEXTS + NAMED)
    update_index([corpus], tmp_path / "index")
    queries = QUERIES + ["刑法", "海淀区规划", "教育法", "中华人民共和国刑法（2020修正）"]

    def answers() -> list:
        searcher = Searcher.open(tmp_path / "index")
        pages = [searcher.search(q, limit=20) for q in queries]
        return [([(r["doc_id"], r["score"]) for r in page["results"]], page["facets"]) for page in pages]

    written = answers()
    assert written[queries.index("刑法")][0][0][0] == "doc06.txt"
    monkeypatch.setattr(names, "VERSION", names.VERSION + 1)  # written by other rules: worked out again
    assert answers() == written
    monkeypatch.setattr(segments, "NAMES", "absent.json")  # an index written before names were
    assert answers() == written
    monkeypatch.setattr(figures, "VERSION", figures.VERSION + 1)  # figures of another layout: worked out again
    assert answers() == written
    monkeypatch.setattr(segments, "FIGURES", "absent.json")  # an index written before figures were
    assert answers() == written


def test_summaries_written_on_one_line_by_an_earlier_version_read_the_same(tmp_path):
    summaries = [{"title": "海淀区\n规划", "length": 3, "meta": {"agency": "海淀区人民政府"}}, {"title": "},\n{", "length": 0}]
    path = tmp_path / segments.SUMMARIES
    path.write_text(json.dumps(summaries, ensure_ascii=False), encoding="utf-8")
    read = segments.Summaries.read(path)
    assert [read[k] for k in range(len(read))] == summaries and read.take_all() == summaries


def test_a_searcher_holds_each_summary_as_its_line_of_json_not_as_a_dictionary(tmp_path):
    index_dir = tmp_path / "index"
    update_index([_write_corpus(tmp_path / "corpus", TEXTS)], index_dir)
    searcher = Searcher.open(index_dir)
    searcher.search("海淀区")
    state = searcher._live_state()
    for part in state.g.parts:
        summaries = part.opened.summaries
        assert summaries._parsed is None  # the dictionaries read at open went to the searcher's tables
        assert all(isinstance(line, bytes) for line in summaries._lines)
    assert [state.docs[d]["title"] for d in range(len(state.docs))] == [
        json.loads(line)["title"] for part in state.g.parts
        for line, alive in zip(part.opened.summaries._lines, (part.doc_number >= 0).tolist()) if alive]
