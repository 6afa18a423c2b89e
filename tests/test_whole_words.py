"""The whole-word bonus: read in bulk it equals Whoosh's scorer; its bound is never passed."""

from __future__ import annotations

import numpy as np
import pytest

from tongwen.search import whole_words


def _whoosh_scores(state, word: str, pids: np.ndarray) -> np.ndarray:
    """Whoosh's own BM25F scorer on each passage, one posting at a time: the reference."""
    from whoosh import query as Q

    scores = np.zeros(len(pids))
    docnums = state.passage_docnums(pids)
    matcher = Q.Term("body", word).matcher(state.searcher, state.searcher.context(weighting=state.searcher.weighting))
    for k in np.argsort(docnums, kind="stable"):
        if not matcher.is_active():
            break
        if matcher.id() < docnums[k]:
            matcher.skip_to(int(docnums[k]))
        if matcher.is_active() and matcher.id() == docnums[k]:
            scores[k] = matcher.score()
    return scores


@pytest.mark.parametrize("word", ["海淀", "中关村", "科学城", "的", "发展", "gdp", "人工智能", "没有这个词"])
def test_whole_word_bonuses_read_in_bulk_equal_whoosh_scoring_each_posting(seed_searcher, word):
    state = seed_searcher._state
    # Candidates as a query has them: passages holding the literal (every passage for a Latin word).
    pids = np.arange(state.n_passages) if word.isascii() else state.g.passage_counts(word)[0]
    bulk = whole_words.word_bonus(state, word, pids, np.arange(len(pids)))
    assert np.allclose(bulk, _whoosh_scores(state, word, pids), rtol=1e-9, atol=1e-12)
    assert (bulk > 0).any() == (word != "没有这个词")
    # Reading only the posting blocks that hold some of the passages scores those passages the same.
    some = pids[::3]
    wanted = np.unique(state.passage_docnums(some))
    assert np.allclose(whole_words.whole_word(state, word, some, wanted), bulk[::3], rtol=1e-9, atol=1e-12)


def test_a_words_posting_count_is_whooshs_and_is_looked_up_in_the_segments_once(seed_searcher, monkeypatch):
    g = seed_searcher._state.g
    words = ["海淀", "发展", "gdp", "没有这个词"]
    expected = {w: g.searcher.doc_frequency("body", w) for w in words}
    assert expected["发展"] > 0 and expected["没有这个词"] == 0
    assert {w: g.word_frequency(w) for w in words} == expected
    asked: list[str] = []
    original = g.searcher.doc_frequency
    monkeypatch.setattr(g.searcher, "doc_frequency", lambda field, w: (asked.append(w), original(field, w))[1])
    assert {w: g.word_frequency(w) for w in words} == expected
    assert asked == []


def test_a_word_in_very_many_passages_reads_only_the_blocks_of_its_best_candidates(monkeypatch, build_index):
    texts = {f"d{i:03d}.txt": ("海淀区发展规划。" if i % 2 else "发展改革工作。") + f"第{i}号文件的内容。" * 20
             for i in range(300)}
    _, _, searcher = build_index(texts)
    state = searcher._state
    pids = state.g.passage_counts("发展")[0]
    base = np.arange(len(pids), dtype=float)
    assert whole_words.bonus_candidates(state, "发展", pids, base) is None  # not common enough to bound
    full = whole_words.word_bonus(state, "发展", pids, np.arange(len(pids)))
    read: list[int] = []
    monkeypatch.setattr(whole_words, "MAX_BULK_POSTINGS", 10)
    monkeypatch.setattr(whole_words, "MAX_BONUS_CANDIDATES", 5)
    original = state.spend
    state.spend = lambda n: (read.append(n), original(n))
    best = whole_words.bonus_candidates(state, "发展", pids, base)
    assert best is not None and list(best) == sorted(np.argsort(-base)[:5])
    capped = whole_words.word_bonus(state, "发展", pids, np.arange(len(pids)), best)
    assert np.allclose(capped[best], full[best]) and (capped[np.setdiff1d(np.arange(len(pids)), best)] == 0).all()
    assert sum(read) < len(pids)  # only the blocks of the five best were decoded
    # What the word can add is nothing outside them, at least the bonus inside.
    caps = whole_words.bound(state, "发展", pids, state.g.passage_counts("发展")[1], best)
    assert (caps[np.setdiff1d(np.arange(len(pids)), best)] == 0).all() and (caps[best] >= capped[best]).all()


def test_a_latin_word_scored_in_bulk_equals_whoosh_scoring_each_posting_and_skips_deleted_documents(build_index,
                                                                                                     tmp_path):
    from tongwen.index.store import update_index
    from tongwen.search.scoring import LATIN_WEIGHT
    from tongwen.search.searcher import Searcher

    texts = {f"d{i:02d}.txt": f"第{i % 7 + 10}条　依照 GDP 指标考核，{2000 + i % 9} 年起施行。\n\n第{i}条　其他 GDP 与 RISC-V 事项。" * (1 + i % 3)
             for i in range(40)}
    corpus, index_dir, _ = build_index(texts)
    for name in ("d03.txt", "d17.txt"):
        (corpus / name).unlink()
    (corpus / "d40.txt").write_text("第十七条　GDP 指标，2008 年起。", encoding="utf-8")
    update_index([corpus], index_dir)  # a segment with deletions and a new one: postings of deleted documents remain
    state = Searcher.open(index_dir)._state
    assert len(state.g.parts) > 1
    # The same files written at once: no deleted records, so Whoosh's own statistics are the live documents'.
    update_index([corpus], tmp_path / "fresh")
    fresh = Searcher.open(tmp_path / "fresh")._state
    assert fresh.searcher.doc_count_all() == fresh.g.live_records
    for word in ("gdp", "2008", "risc", "没有"):
        pids, scores = state._latin(word, prefix=False)
        expected = _whoosh_scores(fresh, word, np.arange(fresh.n_passages)) * LATIN_WEIGHT
        fresh_pids, fresh_scores = fresh._latin(word, prefix=False)
        assert (len(pids) > 0) == (word != "没有")
        assert np.array_equal(fresh_pids, np.flatnonzero(expected))  # Whoosh's scorer, one posting at a time
        assert np.allclose(fresh_scores, expected[fresh_pids], rtol=1e-12, atol=0)
        # The updated index scores each live passage as the fresh one does: deleted records count nowhere.
        assert _keyed(state, pids, scores).keys() == _keyed(fresh, fresh_pids, fresh_scores).keys()
        assert all(np.isclose(score, _keyed(fresh, fresh_pids, fresh_scores)[key], rtol=1e-12, atol=0)
                   for key, score in _keyed(state, pids, scores).items())
        assert not np.isin(state.passage_doc[pids], [state.ordinal.get("d03.txt", -1)]).any()


def _keyed(state, pids: np.ndarray, scores: np.ndarray) -> dict[tuple[str, int], float]:
    """Scores by (document id, passage's place in it): the same passage in two indexes of the same files."""
    docs = state.passage_doc[pids]
    return {(state.doc_ids[d], int(p - state.first_pid[d])): float(s) for d, p, s in zip(docs, pids, scores)}


def _whoosh_prefix(state, prefix: str) -> tuple[np.ndarray, np.ndarray]:
    """Each word starting with ``prefix`` scored by Whoosh's own matcher of the word, one posting at a time, and
    summed per passage: the reference. (Whoosh's matcher of the prefix itself scores every match 1.0 in an index of
    fewer than 5,000 records and by the words' BM25F sums in a larger one.)"""
    from whoosh import query as Q

    context = state.searcher.context(weighting=state.searcher.weighting)
    found: dict[int, float] = {}
    for word in state.searcher.reader().expand_prefix("body", prefix):
        word = word.decode("utf-8") if isinstance(word, bytes) else word
        matcher = Q.Term("body", word).matcher(state.searcher, context)
        while matcher.is_active():
            pid = int(state.docnum_to_pid[matcher.id()])
            if pid >= 0:
                found[pid] = found.get(pid, 0.0) + matcher.score()
            matcher.next()
    pids = np.array(sorted(found), dtype=np.int64)
    return pids, np.array([found[p] for p in pids.tolist()])


def test_a_prefix_scores_each_passage_by_the_sum_of_its_words_scores_as_whoosh_scores_each_word(build_index,
                                                                                                tmp_path):
    from tongwen.index.store import update_index
    from tongwen.search.searcher import Searcher

    texts = {f"d{i:02d}.txt": f"依照 GDP{i % 4} 指标考核，{2000 + i % 9} 年起施行。\n\n其他 GDP 与 RISC-V 事项，"
                              f"{1990 + i % 13} 年版。" * (1 + i % 3) for i in range(40)}
    corpus, index_dir, _ = build_index(texts)
    (corpus / "d05.txt").unlink()
    update_index([corpus], index_dir)
    state = Searcher.open(index_dir)._state
    update_index([corpus], tmp_path / "fresh")  # the same files at once: Whoosh's statistics are the live ones
    fresh = Searcher.open(tmp_path / "fresh")._state
    for prefix in ("gdp", "20", "19", "risc", "没有"):
        expected = _whoosh_prefix(fresh, prefix)
        fresh_pids, fresh_scores = whole_words.prefix_scores(fresh, prefix)
        assert np.array_equal(fresh_pids, expected[0]) and (len(fresh_pids) > 0) == (prefix != "没有")
        assert np.allclose(fresh_scores, expected[1], rtol=1e-12, atol=0)
        assert len(set(np.round(fresh_scores, 9).tolist())) > 1 or len(fresh_scores) < 2  # by the words, not 1.0
        pids, scores = whole_words.prefix_scores(state, prefix)  # with a deleted document's records still there
        want = _keyed(fresh, fresh_pids, fresh_scores)
        assert _keyed(state, pids, scores).keys() == want.keys()
        assert all(np.isclose(score, want[key], rtol=1e-12, atol=0) for key, score in _keyed(state, pids, scores).items())


def test_a_prefix_that_stands_for_more_words_than_allowed_is_refused_saying_so(build_index, monkeypatch):
    from tongwen.index.errors import QueryTooExpensive

    _, _, searcher = build_index({"a.txt": "依照 gdp1 gdp2 gdp3 指标。"})
    monkeypatch.setattr(whole_words, "MAX_EXPANDED_TERMS", 2)
    with pytest.raises(QueryTooExpensive, match="expands to more than 2 words"):
        searcher.search("gdp*")
    monkeypatch.setattr(whole_words, "MAX_EXPANDED_TERMS", 3)
    assert searcher.search("gdp*")["total"] == 1
