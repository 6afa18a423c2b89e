"""Query trees: an AND scores each term only in the documents its other terms leave, and answers as if it did not."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongwen.index.analysis import normalize
from tongwen.index.analysis.token import Token
from tongwen.index.store import update_index
from tongwen.search.searcher import Searcher
from tongwen.search import tree as tree_module
from tongwen.search.query import And, Leaf, Not, Or
from tongwen.search.tree import NodeResult, cost, evaluate

# Sentences in both scripts that spell one notion two ways (软件 / 軟體, 网络 / 網路, 人工智能 / 人工智慧), so a
# term's alternatives are found in different passages, and words from ones in nearly every passage to a few.
HANS = ["海淀区发展软件产业。", "企业建设网络平台。", "人工智能企业发展迅速。", "集成电路设计企业落户海淀。", "GDP增长百分之六。",
        "第一条 为了促进发展，制定本办法。", "全区共有企业7578家。", "区域创新体系建设。", "发展", "企业"]
HANT = ["中關村發展軟體產業。", "企業建設網路平臺。", "人工智慧研究持續發展。", "科學城的服務體系。", "區域創新發展。"]
WORDS = ["海淀", "发展", "创新", "企业", "軟體", "软件", "網路", "中关村", "人工智能", "集成电路", "科學城", "GDP",
         "服务", "第一条", "7578家", "区域", "建设", "研究"]
FILTERS = [Leaf("hant", "script"), Leaf("hans", "script")]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory) -> Searcher:
    """Forty documents of three to twelve paragraphs (a seeded draw): a third Traditional, a third Simplified,
    a third both."""
    rng = random.Random(20261203)
    corpus = tmp_path_factory.mktemp("tree-corpus")
    for k in range(40):
        sentences = [HANT, HANS, HANS + HANT][k % 3]
        paragraphs = ["".join(rng.choices(sentences, k=rng.randint(1, 4))) for _ in range(rng.randint(3, 12))]
        (corpus / f"doc{k:02d}.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("tree-index")
    update_index([corpus], index_dir)
    return Searcher.open(index_dir)


def _reference(state, node) -> NodeResult:
    """The tree evaluated term by term over every document, nothing restricted: what ``evaluate`` must equal."""
    if isinstance(node, Leaf) or isinstance(node, Or):
        return evaluate(state, node)
    positive = [_reference(state, c) for c in node.children if not isinstance(c, Not)]
    mask = np.logical_and.reduce([p.mask for p in positive])
    for c in node.children:
        if isinstance(c, Not):
            mask &= ~evaluate(state, c.child).mask
    return NodeResult(mask, np.add.reduce([p.score for p in positive]), [h for p in positive for h in p.leaves])


def _hits(state, result: NodeResult, d: int) -> list:
    return [(pids.tolist(), scores.tolist()) for pids, scores in (state.hits_of(h, d) for h in result.leaves)]


TERM = st.one_of(st.sampled_from(WORDS).map(Leaf), st.sampled_from(FILTERS))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(terms=st.lists(TERM, min_size=2, max_size=4), either=st.lists(st.sampled_from(WORDS), min_size=2, max_size=2),
       negate=st.sampled_from([None, *WORDS]), allowed=st.sampled_from([None, *FILTERS]))
def test_an_and_scored_within_what_its_other_terms_leave_matches_and_scores_as_each_term_over_every_document(
        searcher, terms, either, negate, allowed):
    children = [*terms, Or(tuple(Leaf(w) for w in either))]
    if negate is not None:
        children.append(Not(Leaf(negate)))
    node = And(tuple(children))
    with searcher._read_state() as state:
        within = evaluate(state, allowed).mask if allowed is not None else None
        got = evaluate(state, node, within)
        want = _reference(state, node)
        if within is not None:
            want.mask &= within
            got.mask &= within
        assert got.mask.tolist() == want.mask.tolist()
        for d in np.flatnonzero(want.mask).tolist():
            assert got.score[d] == want.score[d]
            assert _hits(state, got, d) == _hits(state, want, d)  # the passages shown, with their scores


def test_a_common_phrase_beside_a_rare_word_is_looked_for_only_in_the_rare_word_s_documents(searcher):
    with searcher._read_state() as state:
        phrase = normalize("人工智能").text
        holding = np.flatnonzero(evaluate(state, Leaf("人工智能")).mask)
        rare = np.zeros(len(state.docs), dtype=bool)  # what a rare word's documents would be: two of them
        rare[holding[:2]] = True
        assert 2 * rare.sum() < state.g.run_positions(phrase)
        spent: list[int] = []
        state.spend = spent.append
        pids, counts, df = state._run_counts(phrase, rare)
        # Positions read: far fewer than its rarest pair has; its weight is that pair's, as when counted everywhere.
        assert 0 < sum(spent) < state.g.run_positions(phrase)
        everywhere, _counts, df_everywhere = state._run_counts(phrase, None)
        assert df == df_everywhere == min(state.g.passages_holding(phrase[j : j + 2]) for j in range(3))
        assert df >= len(everywhere)
        assert set(pids.tolist()) == {p for p in everywhere.tolist() if rare[state.passage_doc[p]]}


def test_an_and_starts_from_its_rarest_term_and_scores_a_common_one_only_in_the_documents_left(searcher,
                                                                                                 monkeypatch):
    scored: list[tuple[str, int]] = []
    with searcher._read_state() as state:
        real = type(state).leaf

        def leaf(self, plan, title_only, within=None, bounded=False):
            hits, score = real(self, plan, title_only, within, bounded)
            scored.append((plan.leaf.text, len(hits.pids)))
            return hits, score

        monkeypatch.setattr(type(state), "leaf", leaf)
        assert cost(state, Leaf("7578家")) < cost(state, Leaf("发展"))
        assert cost(state, Leaf("2023", "year")) == 0  # a filter is a table lookup: it goes first
        everywhere = len(state.leaf(tree_module.plan_leaf(Leaf("发展")), False)[0].pids)
        scored.clear()
        evaluate(state, And((Leaf("发展"), Leaf("7578家"))))
    assert [text for text, _ in scored] == ["7578家", "发展"]
    assert 0 < scored[1][1] < everywhere


def test_a_request_filter_restricts_scoring_and_the_page_is_that_of_filtering_after(searcher):
    for q, script in (("发展", "hant"), ("软件 企业", "hans"), ("创新 -GDP", "hant"), ("建设 平台 -7578家", "mixed")):
        filtered = searcher.search(q, limit=50, filters={"script": script})
        unfiltered = searcher.search(q, limit=50)
        kept = [r for r in unfiltered["results"] if r["script"] == script]
        assert filtered["total"] == len(kept) > 0
        assert [(r["doc_id"], r["score"]) for r in filtered["results"]] == [(r["doc_id"], r["score"]) for r in kept]


def test_after_deletions_a_pair_counted_in_the_documents_left_scores_as_counted_everywhere(tmp_path):
    rng = random.Random(5)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for k in range(30):
        paragraphs = ["".join(rng.choices(HANS + HANT, k=rng.randint(1, 4))) for _ in range(rng.randint(3, 8))]
        (corpus / f"doc{k:02d}.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    for k in range(0, 30, 4):  # a quarter deleted, a few changed: their old passages stay, deleted, in the segment
        (corpus / f"doc{k:02d}.txt").unlink()
    for k in (1, 2):
        path = corpus / f"doc{k:02d}.txt"
        path.write_text(path.read_text(encoding="utf-8") + "\n\n企业发展。", encoding="utf-8")
    update_index([corpus], index_dir)
    searcher = Searcher.open(index_dir)
    with searcher._read_state() as state:
        for pair in ("发展", "企业", "軟體", "网络", "区域", "海淀"):
            normalized = normalize(pair).text
            assert state.g.passages_holding(normalized) == len(state.g.passage_counts(normalized)[0]), pair
        for words in (("7578家", "发展"), ("GDP", "企业"), ("中关村", "区域", "建设"), ("人工智能", "发展")):
            node = And(tuple(Leaf(w) for w in words))
            got, want = evaluate(state, node), _reference(state, node)
            assert got.mask.tolist() == want.mask.tolist()
            for d in np.flatnonzero(want.mask).tolist():
                assert got.score[d] == want.score[d]
                assert _hits(state, got, d) == _hits(state, want, d)


def test_match_any_counts_a_common_character_in_the_best_passages_of_the_query_terms_only(tmp_path, monkeypatch):
    from tongwen.index import literal
    from tongwen.search import scoring
    from tongwen.search.budget import Budget

    corpus = tmp_path / "docs"
    corpus.mkdir()
    for i in range(60):  # 国家 and 年度 in many passages; 国 and 有 far more common still
        body = "\n\n".join(f"第{k + 1}条　国家{'有关' if (i + k) % 5 == 0 else '机关'}部门{'年度' * (k % 3)}报告。"
                           f"国有资产国有企业国有土地国有。" for k in range(6))
        (corpus / f"d{i:02d}.txt").write_text(f"文件{i}\n\n{body}\n", encoding="utf-8")
    update_index([corpus], tmp_path / "index")
    searcher = Searcher.open(tmp_path / "index")
    monkeypatch.setattr(scoring, "DEFER_POSITIONS", 10)  # every character of the query counts as a common one
    # A segment reads a short position list whole whatever the bound, as it should; a common character's list at a
    # gigabyte is long. Made long here, the saving shows however the two workers happened to split the files (one
    # segment or two).
    monkeypatch.setattr(literal, "LONG_LIST", 4)

    def run(limit: int):
        monkeypatch.setattr(tree_module, "MAX_CHARACTER_CANDIDATES", limit)
        budget = Budget(postings=10**9, seconds=60)
        page = searcher.search("国家有关 年度", match="any", budget=budget)
        return page, budget.spent

    everywhere, spent_everywhere = run(10**9)
    bounded, spent_bounded = run(8)
    assert spent_bounded < 0.75 * spent_everywhere  # the characters looked up at 8 passages, not at every one
    assert bounded["total"] == everywhere["total"]  # what matches does not change, only the share's reach
    assert bounded["results"][0]["doc_id"] == everywhere["results"][0]["doc_id"]
    # The bound keeps the best passages by the query's terms.
    state = searcher._state
    hits = [state.leaf(p, title_only=False)[0] for p in
            (tree_module.plan_leaf(Leaf(w)) for w in ("国家", "有关", "年度"))]
    chosen = tree_module._character_candidates(state, hits)
    assert len(chosen) == 8 and np.all(np.diff(chosen) > 0)
    scores = np.zeros(state.n_passages)
    for h in hits:
        np.add.at(scores, h.pids, h.scores)
    assert scores[chosen].min() >= np.sort(scores[np.unique(np.concatenate([h.pids for h in hits]))])[-8]


@pytest.mark.parametrize(("query", "terms"), [
    ("刪除暫存檔", ["刪除", "暫存檔"]),  # the segmenter splits Taiwan's 暫存檔 as 暫|存檔
    ("正規表示式比對", ["正規表示式", "比", "對"]),
    ("删除临时文件", ["删除", "临时文件"]),
    ("推動軟體產業與資料庫", ["推動", "軟體", "產業", "與", "資料庫"]),
    ("海淀区发展软件产业", ["海淀区", "发展", "软件产业"]),
])
def test_match_any_keeps_each_word_of_the_regional_table_whole_where_the_segmenter_splits_it(query, terms):
    assert [leaf.text for leaf in tree_module.explode_for_any(tree_module.parse(query, "any"))] == terms


def test_runs_of_words_are_joined_only_where_they_make_up_a_table_word_exactly():
    def join(spans, table):
        words = [Token("abcde"[s:e], s, e, "han") for s, e in spans]
        return [(s, e) for s, e, _ in tree_module._regional_words(words, table)]

    assert join([(0, 1), (1, 3)], [(0, 3)]) == [(0, 3)]
    assert join([(0, 1), (1, 3), (3, 5)], [(1, 5)]) == [(0, 1), (1, 5)]
    # A table word ending inside a word, or starting inside one, leaves the words as they are.
    assert join([(0, 2), (2, 4)], [(0, 3)]) == [(0, 2), (2, 4)]
    assert join([(0, 2), (2, 4)], [(1, 4)]) == [(0, 2), (2, 4)]
    assert join([(0, 2)], [(0, 2)]) == [(0, 2)]


def test_match_any_takes_a_word_written_twice_in_either_script_as_one_term():
    assert [leaf.text for leaf in tree_module.explode_for_any(tree_module.parse("網路 网路 暫存檔 暂存档", "any"))] == [
        "網路", "暫存檔"]
