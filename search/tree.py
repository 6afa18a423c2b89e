"""Evaluating a query tree over all documents: leaves through the scoring model, then AND, OR and NOT.

A query tree is evaluated at the document level (``人才 孵化器`` needs both words in the document, not in one
passage); a document's score is the sum over the query terms. match=any reads every word of the query as a term of
its own and ranks by how much of the query one passage shares. Metadata terms (``agency:``, ``year:`` ...) filter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from tongwen.index import analysis, numerals
from tongwen.index.analysis.script import across_the_strait
from tongwen.index.analysis.script import HAN_RUN
from tongwen.index.errors import InvalidParameter, TongwenError
from tongwen.index.literal import distinct
from tongwen.index.vocabulary import regional_spans

from . import query as query_lang
from .contract import FILTER_FIELDS
from .plan import plan_leaf
from .query import And, Leaf, Not, Or, positive_leaves
from .bm25 import bm25, top_indices
from .scoring import LeafHits, PassageBM25
from .topk import complete_best, passage_order

# match=any: a character pair the query gains only across the strait counts as one BM25 term, as a word does.
REGIONAL_BIGRAM_WEIGHT = 1.0
# match=any: a passage's score is multiplied by (share of the query's terms it contains) ** COORDINATION.
COORDINATION = 1.0
# match=any: a character shared with a missing word earns its one-character BM25 twice over, as a Latin word does.
CHARACTER_WEIGHT = 2.0
# match=any: the most passages a common character is counted in for that share (the best by the query's terms).
MAX_CHARACTER_CANDIDATES = 4096


@dataclass
class NodeResult:
    """A query (sub)tree evaluated over all documents."""

    mask: np.ndarray  # bool per document ordinal
    score: np.ndarray  # float per document ordinal (from below while some leaf's passages are)
    leaves: list
    parts: list[NodeResult] = field(default_factory=list)  # an AND's or OR's scored children, in query order
    hits: LeafHits | None = None  # a leaf's


def rescored(result: NodeResult, upper: bool = False) -> np.ndarray:
    """A tree's document scores from its leaves' passages as scored now (or bounded from above): the sums the
    tree made, made again in the same order, so a score completed later is the score made in full at once."""
    if result.hits is not None and result.hits.passages is not None:
        passages = result.hits.passages
        return passages.doc_scores(passages.upper) if upper else passages.lower()
    if result.parts:
        return np.add.reduce([rescored(part, upper) for part in result.parts])
    return result.score


class TreeBounds:
    """A tree's document scores from below and above, for ``topk.complete_best``."""

    def __init__(self, result: NodeResult):
        self.result = result
        self.pending = [h.passages for h in result.leaves if h.passages is not None]

    def lower(self) -> np.ndarray:
        """Per document: the score as known now."""
        return rescored(self.result)

    def upper(self) -> np.ndarray:
        """Per document: the most its score can be."""
        return rescored(self.result, upper=True)

    def complete(self, docs: np.ndarray) -> None:
        """Score the documents ``docs`` (a mask) in full in every leaf."""
        for passages in self.pending:
            passages.complete(docs)


def complete_page(result: NodeResult, k: int, must: np.ndarray, allowed: np.ndarray) -> None:
    """Make exact the scores of the documents that can be among the ``k`` best and of ``must``."""
    bounds = TreeBounds(result)
    if bounds.pending:
        complete_best(bounds, k, must, result.mask & allowed)
        result.score = rescored(result)


def negated(node) -> list:
    """The subtrees a query excludes (its NOT parts)."""
    if isinstance(node, Not):
        return [node.child]
    if isinstance(node, (And, Or)):
        return [n for child in node.children for n in negated(child)]
    return []


def parse(query: str, match: str):
    """The query tree; in match=any a pasted paragraph that does not parse is read as plain text."""
    try:
        # A pasted paragraph (match=any) is full of -i and --force: there only the keyword NOT excludes.
        return query_lang.parse(query, dash_negates=match != "any")
    except TongwenError:
        if match != "any":
            raise
        return query_lang.plain(query)


def query_leaves(query: str, match: str) -> list[Leaf]:
    """The terms of a query that mark text (its positive, non-metadata leaves), as ``search`` reads the query."""
    tree = parse(query, match)
    leaves = explode_for_any(tree) if match == "any" else positive_leaves(tree)
    return [leaf for leaf in leaves if leaf.field not in FILTER_FIELDS]


def _covers(unit, token) -> bool:
    """Whether ``token`` lies inside ``unit`` (both with original spans)."""
    return unit.start <= token.start and token.end <= unit.end


def explode_for_any(node) -> list[Leaf]:
    """match=any: every word of every plain term becomes a term of its own, any of which may match."""
    out: list[Leaf] = []
    seen: set[str] = set()
    for leaf in positive_leaves(node):
        if leaf.field is not None or leaf.exact or leaf.prefix:
            out.append(leaf)
            continue
        words = analysis.words(leaf.text, "query")
        if not words:
            out.append(leaf)
            continue
        # A lone character written against a number or Latin word is part of that unit (7578家): the unit is the
        # term, the character is none of its own.
        lone = [w for w in words if w.kind == "han" and len(w.text) == 1]
        units = [u for u in words if u.kind == "unit" and any(_covers(u, w) for w in lone)]
        words = [w for w in words if w.kind != "unit" or w in units]
        words = [w for w in words if w not in lone or not any(_covers(u, w) for u in units)]
        for start, end, key in _regional_words(words, regional_spans(leaf.text)):
            if key not in seen:
                seen.add(key)
                out.append(Leaf(leaf.text[start:end]))
    return out


def _regional_words(words: list, table: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(start, end, normalized text) of ``words`` (tokens, in order), each run of two or more that makes up a word
    of the regional table exactly made one: the segmenter's dictionary is the mainland's, so it splits the words
    only the other side writes (暫存檔 as 暫|存檔), and only the whole word is the table's, which finds 临时文件."""
    out, k = [], 0
    ends = {start: end for start, end in table}
    while k < len(words):
        start, last = words[k].start, k
        if start in ends:
            while (last + 1 < len(words) and words[last].end < ends[start]
                   and words[last + 1].start == words[last].end):
                last += 1
        if last == k or words[last].end != ends[start]:
            last = k
        out.append((start, words[last].end, "".join(w.text for w in words[k : last + 1])))
        k = last + 1
    return out


def evaluate(state: PassageBM25, node, within: np.ndarray | None = None, bounded: bool = False) -> NodeResult:
    """A query (sub)tree over all documents: which match (mask) and how well (score).

    ``within`` (a mask of documents) says that only those can match in the end (an AND's other terms or the
    request's filters have picked them): the result is exact for them, and passages of other documents may go
    unscored. ``bounded``: scores may be left from below, to be completed where needed (``complete_page``).
    """
    n = len(state.docs)
    if isinstance(node, Leaf):
        if node.field in FILTER_FIELDS:
            mask = state.filter_table.mask(node.field, node.text)
            return NodeResult(mask, np.zeros(n), [])
        citation = _citation(node)
        if citation is not None:
            # 刑法第二百三十四条: the law named in a title, the article in its text, counted in those laws only:
            # 第 and 條 of 第 9 條 are in nearly every passage of a code of laws, and the laws named are few.
            name, article = citation
            titled = evaluate(state, Leaf(name, "title"))
            plan = plan_leaf(Leaf(article))
            if plan is None:
                return titled
            hits, score = state.leaf(plan, title_only=False, within=titled.mask, bounded=bounded, among=True)
            cited = NodeResult(score > 0, score, [hits], hits=hits)
            return NodeResult(titled.mask & cited.mask, titled.score + cited.score, titled.leaves + cited.leaves,
                              [titled, cited])
        plan = plan_leaf(node)
        if plan is None:
            return NodeResult(np.zeros(n, dtype=bool), np.zeros(n), [])
        hits, score = state.leaf(plan, title_only=node.field == "title", within=within, bounded=bounded)
        return NodeResult(score > 0, score, [hits], hits=hits)
    if isinstance(node, Not):
        raise InvalidParameter("a query needs at least one term that is not negated")
    if isinstance(node, Or):
        parts = [evaluate(state, c, within, bounded) for c in node.children]
        return NodeResult(np.logical_or.reduce([p.mask for p in parts]), np.add.reduce([p.score for p in parts]),
                          [h for p in parts for h in p.leaves], parts)
    if isinstance(node, And):
        positive = [c for c in node.children if not isinstance(c, Not)]
        negative = [c.child for c in node.children if isinstance(c, Not)]
        if not positive:
            raise InvalidParameter("a query needs at least one term that is not negated")
        # The most selective term first, as a conjunction is led by its rarest clause: each further term is
        # scored only in the documents the ones before it left (a common word's passages elsewhere never are).
        results: dict[int, NodeResult] = {}
        left = within
        for k in sorted(range(len(positive)), key=lambda k: cost(state, positive[k])):
            results[k] = evaluate(state, positive[k], left, bounded)
            left = results[k].mask if left is None else left & results[k].mask
        parts = [results[k] for k in range(len(positive))]  # summed in the query's order, as written
        mask = np.logical_and.reduce([p.mask for p in parts])
        for child in negative:
            mask &= ~evaluate(state, child, mask, bounded=True).mask  # only its matches count, never its scores
        return NodeResult(mask, np.add.reduce([p.score for p in parts]), [h for p in parts for h in p.leaves],
                          parts)
    raise TypeError(node)


def _citation(leaf: Leaf) -> tuple[str, str] | None:
    """(law, article) of a plain term that cites an article of a law (刑法第二百三十四条), else None."""
    return numerals.split_citation(leaf.text) if leaf.field is None and not leaf.exact else None


def cost(state: PassageBM25, node) -> float:
    """About how many postings evaluating a (sub)tree reads: what orders an AND's terms (filters cost nothing)."""
    if isinstance(node, Leaf):
        # Filters and titles are looked up in per-document tables; a citation starts from the title it names.
        if node.field in FILTER_FIELDS or node.field == "title" or _citation(node) is not None:
            return 0.0
        plan = plan_leaf(node)
        # Per variant, the postings of its rarest term (a run's rarest pair).
        return sum(min([state.g.run_positions(run) for run in v.han]
                       + [state.g.word_frequency(word) for word in v.latin], default=0)
                   for v in plan.variants) if plan is not None else 0.0
    if isinstance(node, Or):
        return sum(cost(state, c) for c in node.children)
    if isinstance(node, And):
        return min((cost(state, c) for c in node.children if not isinstance(c, Not)), default=0.0)
    return math.inf


def evaluate_any(state: PassageBM25, leaves: list[Leaf]) -> NodeResult:
    """match=any: rank by how much of the query one passage shares (a pasted sentence finds its source).

    Each passage sums the scores of the query terms it contains, scaled by the share of terms it contains
    (coordination); a document scores by its best passage plus its title. Metadata field terms filter.
    """
    n = len(state.docs)
    mask = np.ones(n, dtype=bool)
    hits: list[LeafHits] = []
    for leaf in leaves:
        if leaf.field in FILTER_FIELDS:
            mask &= evaluate(state, leaf).mask
            continue
        plan = plan_leaf(leaf)
        if plan is not None:
            hits.append(state.leaf(plan, title_only=leaf.field == "title")[0])
    if not hits:
        return NodeResult(np.zeros(n, dtype=bool), np.zeros(n), [])
    terms = len(hits)
    passage_score = np.zeros(state.n_passages)
    passage_terms = np.zeros(state.n_passages)
    doc_terms = np.zeros(n)
    title = np.zeros(n)
    characters: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    # The passages some term of the query is in: where a common character's share is worth counting.
    candidates = _character_candidates(state, hits)
    for h in hits:
        np.add.at(passage_score, h.pids, h.scores)
        passage_terms[h.pids] += 1
        _characters(state, h, characters, passage_score, passage_terms, candidates)
        in_doc = np.zeros(n, dtype=bool)
        in_doc[state.passage_doc[h.pids]] = True
        in_doc |= h.title > 0
        doc_terms += in_doc
        title += h.title
    passage_score *= (passage_terms / terms) ** COORDINATION
    passage_score += REGIONAL_BIGRAM_WEIGHT * _regional_bigrams(
        state, " ".join(leaf.text for leaf in leaves if leaf.field is None))
    score = np.zeros(n)
    if state.n_passages:
        np.maximum.at(score, state.passage_doc, passage_score)
    score += title * (doc_terms / terms) ** COORDINATION
    return NodeResult(mask & (doc_terms > 0), score, hits)

def _character_candidates(state: PassageBM25, hits: list[LeafHits]) -> np.ndarray:
    """The passages (sorted) where a common character counts towards a missing word (``_characters``): those some
    term of the query is in, and of very many, the MAX_CHARACTER_CANDIDATES best by the terms' scores. Two common
    words are in hundreds of thousands of passages at a gigabyte; looking a character up at each of them read more
    than a query's budget, and a short query with --match any was refused."""
    candidates = distinct(np.concatenate([h.pids for h in hits]))
    if len(candidates) <= MAX_CHARACTER_CANDIDATES:
        return candidates
    terms_score = np.zeros(state.n_passages)
    for h in hits:
        np.add.at(terms_score, h.pids, h.scores)
    best = top_indices(terms_score[candidates], MAX_CHARACTER_CANDIDATES,
                       lambda at: passage_order(state, candidates[at]))
    return np.sort(candidates[best])


def _regional_bigrams(state: PassageBM25, text: str) -> np.ndarray:
    """match=any: BM25 per passage of the character pairs the query gains only when written across the strait.

    A pasted paragraph's words are matched as written and through the regional word table; a freer
    translation also differs in phrasing that no word table lists. OpenCC's phrase conversions of the query
    (Taiwan ↔ mainland) produce those phrasings, and their new character pairs are searched as literals.
    Pairs the query already has are left out: they are scored through its words once already.
    """
    def pairs(texts: list[str]) -> set[str]:
        out: set[str] = set()
        for form in texts:
            for run in HAN_RUN.findall(form):
                out.update(run[i:i + 2] for i in range(len(run) - 1))
        return out

    scores = np.zeros(state.n_passages)
    if not text.strip():
        return scores
    extra = pairs(across_the_strait(text)) - pairs([analysis.normalize(text).text])
    for pair in sorted(extra):
        pids, tf = state.g.passage_counts(pair, state.spend)
        if len(pids):
            scores[pids] += bm25(tf.astype(np.float64), len(pids), state.n_passages,
                                  state.passage_length[pids], state.avg_passage)
    return scores

def _characters(state: PassageBM25, h: LeafHits, cache: dict, passage_score: np.ndarray,
                passage_terms: np.ndarray, candidates: np.ndarray) -> None:
    """match=any: a word missing from a passage still counts in part through the characters it shares with it.

    The two sides of the strait often write one notion with different words that share characters (验证 and
    认证, 虚拟机器 and 虚拟机, 目前 and 当前). Where a word (or its alternatives) does not occur, each of its
    characters that does adds its own BM25 (times CHARACTER_WEIGHT), and the word counts as that share of
    a term for coordination. Common characters have a low IDF, so they add little; one in very many places is
    counted only in the ``candidates``, the passages some term of the query is in (``PassageBM25.character``).
    """
    leaf = h.plan.leaf
    if leaf.field is not None or leaf.exact or leaf.prefix:
        return
    chars = list(dict.fromkeys("".join(h.plan.variants[0].han)))
    if len(chars) < 2:
        return
    for c in chars:
        if c not in cache:
            cache[c] = state.character(c, candidates)
        pids, scores = cache[c]
        if not len(pids):
            continue
        at = np.searchsorted(h.pids, pids)
        missing = at >= len(h.pids)
        missing[~missing] = h.pids[at[~missing]] != pids[~missing]
        passage_score[pids[missing]] += CHARACTER_WEIGHT * scores[missing]
        passage_terms[pids[missing]] += 1.0 / len(chars)
