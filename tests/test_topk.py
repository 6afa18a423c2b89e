"""The k best: a page read with only what can reach it scored in full equals the page of every match in full.

Bounding pays for words in very many passages only (``whole_words.MAX_BULK_POSTINGS``); the tests bound every word.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongwen.index.store import update_index
from tongwen.search import scoring, topk, tree, whole_words
from tongwen.search.plan import plan_leaf
from tongwen.search.query import Leaf
from tongwen.search.searcher import Searcher

# Words whole and inside longer words (发展 in 发展改革委员会, 社会 in 社会保险), in both scripts, with an article.
SENTENCES = ["社会发展取得新成效。", "发展改革委员会发布通知。", "社会保险基金管理办法。", "軟體產業發展迅速。", "软件和信息服务业。",
             "第一条 为了规范社会保险，制定本办法。", "第二条 本办法适用于全市。", "社會團體依法登記。", "加快发展现代产业体系。",
             "企业发展规划。", "GDP增长6.5%。", "推进社会治理现代化，社会各界广泛参与。"]
QUERIES = ["社会", "发展", "社会保险", "軟體", "软件", "第一条", "GDP", "现代", "办法", "社會", "企业发展", "管理", "社会 发展",
           "软件 -社会", "社会 OR 企业", "发展 (社会 OR 軟體)", "title:社会 发展"]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory) -> Searcher:
    """Sixty documents of two to ten paragraphs drawn from SENTENCES (a seeded draw)."""
    rng = random.Random(7)
    corpus = tmp_path_factory.mktemp("topk-corpus")
    for k in range(60):
        paragraphs = ["".join(rng.choices(SENTENCES, k=rng.randint(1, 5))) for _ in range(rng.randint(2, 10))]
        (corpus / f"doc{k:02d}.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("topk-index")
    update_index([corpus], index_dir)
    return Searcher.open(index_dir)


def _page(body) -> list:
    return [(r["doc_id"], r["score"], [(p["start"], p["end"], p["highlights"]) for p in r["passages"]])
            for r in body["results"]]


def _in_full(bounded, k, must, matched):
    bounded.complete(np.ones(len(matched), dtype=bool))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.sampled_from(QUERIES), limit=st.integers(1, 8), offset=st.integers(0, 3),
       script=st.sampled_from([None, "hans"]))
def test_a_page_of_the_k_best_equals_the_page_of_every_match_scored_in_full(searcher, monkeypatch, query, limit,
                                                                           offset, script):
    monkeypatch.setattr(whole_words, "MAX_BULK_POSTINGS", 0)  # every word bounded, as a very common one is
    filters = {"script": script} if script else None
    pruned = searcher.search(query, limit=limit, offset=offset, filters=filters)
    with monkeypatch.context() as m:
        m.setattr(tree, "complete_best", _in_full)
        full = searcher.search(query, limit=limit, offset=offset, filters=filters)
    assert _page(pruned) == _page(full)
    assert pruned["total"] == full["total"] and pruned["facets"] == full["facets"]


def test_no_passage_scores_above_its_bound_and_a_whole_word_in_every_place_reaches_it(searcher):
    with searcher._read_state() as state:
        for query in QUERIES:
            plan = plan_leaf(Leaf(query))
            found = [state._matches(v) for v in plan.variants]
            for v, (postings, matched) in zip(plan.variants, found):
                s, _title = state._variant(v, postings, matched, 0)
                exact = state._exact(s, np.arange(len(s.pids)))
                assert (exact <= state._upper(s)).all(), query
                assert (exact >= s.base * v.weight).all(), query
        # 软件 is a whole word wherever it occurs here: the bound is the bonus itself.
        v = plan_leaf(Leaf("软件")).variants[0]
        s, _title = state._variant(v, *state._matches(v), 0)
        assert np.array_equal(state._exact(s, np.arange(len(s.pids))), state._upper(s))


def test_a_very_common_word_adds_nothing_to_the_bound_of_a_passage_that_cannot_get_its_bonus(searcher, monkeypatch):
    monkeypatch.setattr(whole_words, "MAX_BULK_POSTINGS", 0)
    monkeypatch.setattr(whole_words, "MAX_BONUS_CANDIDATES", 3)
    with searcher._read_state() as state:
        for query in ("社会", "发展", "社会保险"):
            v = plan_leaf(Leaf(query)).variants[0]
            s, _title = state._variant(v, *state._matches(v), 0)
            assert len(s.pids) > 3, query
            exact, upper = state._exact(s, np.arange(len(s.pids))), state._upper(s)
            outside = np.setdiff1d(np.arange(len(s.pids)), s.best[query])
            assert (exact <= upper).all() and (upper[outside] == s.base[outside] * v.weight).all(), query


def test_a_common_word_scores_in_full_only_the_passages_of_the_documents_that_can_reach_the_page(searcher,
                                                                                                   monkeypatch):
    scored: list[int] = []
    real = scoring.PassageBM25._exact

    def counted(self, s, sel):
        scored.append(len(sel))
        return real(self, s, sel)

    monkeypatch.setattr(scoring.PassageBM25, "_exact", counted)
    monkeypatch.setattr(whole_words, "MAX_BULK_POSTINGS", 0)
    first = searcher.search("发展", limit=1)
    pruned = sum(scored)
    scored.clear()
    monkeypatch.setattr(tree, "complete_best", _in_full)
    assert _page(searcher.search("发展", limit=1)) == _page(first)
    assert 0 < pruned < sum(scored) / 2


class _Synthetic:
    """Documents with exact scores between known bounds: what ``complete_best`` sees of a query tree."""

    def __init__(self, lower, exact, upper):
        self.known, self.exact, self.bound = np.array(lower), np.array(exact), np.array(upper)
        self.done = np.zeros(len(self.known), dtype=bool)

    def lower(self):
        return self.known.copy()

    def upper(self):
        return self.bound.copy()

    def complete(self, docs):
        self.known[docs] = self.exact[docs]
        self.done |= docs


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.floats(0.1, 5), st.floats(0, 5), st.floats(0, 5)), min_size=1, max_size=60),
       st.integers(1, 12), st.data())
def test_every_document_that_can_reach_the_k_best_is_scored_in_full_and_the_k_best_are_the_same(rows, k, data):
    lower = [low for low, _, _ in rows]
    exact = [low + a for low, a, _ in rows]
    upper = [low + a + b for low, a, b in rows]
    matched = np.array(data.draw(st.lists(st.booleans(), min_size=len(rows), max_size=len(rows))))
    must = np.array(data.draw(st.lists(st.integers(0, len(rows) - 1), max_size=3)), dtype=np.int64)
    docs = _Synthetic(lower, exact, upper)
    topk.complete_best(docs, k, must, matched)
    assert docs.done[must].all()
    members = np.flatnonzero(matched)
    if not len(members):
        return
    kth = np.sort(docs.exact[members])[::-1][min(k, len(members)) - 1]
    # Whatever can tie or pass the k-th best is exact, and nothing left from below reaches it.
    assert docs.done[members[docs.exact[members] >= kth]].all()
    assert (docs.known[members[~docs.done[members]]] < kth).all()


def test_documents_are_scored_in_full_best_bound_first_until_no_bound_left_reaches_the_k_th_score():
    # Ten documents worth 10 (bound 11); fifteen decoys bound above them (12) but worth 1, so the k-th score known
    # after the first 2k by bound is 1; and a thousand worth 1 whose bound, 9.5, passes that but not the ten's 10.
    n = 1025
    exact = np.r_[np.full(10, 10.0), np.ones(n - 10)]
    upper = np.r_[np.full(10, 11.0), np.full(15, 12.0), np.full(n - 25, 9.5)]
    order = np.random.default_rng(3).permutation(n)  # the ten anywhere
    docs = _Synthetic(np.ones(n), exact[order], upper[order])
    topk.complete_best(docs, 10, np.empty(0, dtype=np.int64), np.ones(n, dtype=bool))
    assert docs.done[np.argsort(order)[:10]].all()
    assert docs.done.sum() <= 60  # not the thousand
