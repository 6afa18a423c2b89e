"""The scoring model: BM25 over passages, by literal runs and whole words, with titles and articles weighted.

A leaf scores each passage by BM25 over its literal occurrences (the literal index) plus its whole-word matches
(Whoosh, BM25 over jieba words), and a document by its best passage plus its title (weighted more).
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass, field

import numpy as np

from tongwen.index.generation import Generation
from tongwen.index.literal import distinct, held_by_all, run_starts, sorted_member

from . import whole_words
from .bm25 import bm25
from .budget import Budget
from .doc_tables import SegmentDocs
from .facets import FacetTable
from .filters import FilterTable
from .plan import LeafPlan, Variant
from .titles import TitleIndex

TITLE_BOOST = 2.0
# A passage of the very article a query names scores this many times its match.
ARTICLE_BOOST = 3.0
# A Latin word is always a whole word: it earns what a Han word earns twice, as a literal run and as a whole word.
LATIN_WEIGHT = 2.0
# A character in more places than this, searched beside other terms, is counted only where the others are.
DEFER_POSITIONS = 20000


@dataclass
class LeafHits:
    """What one leaf matched: passages with scores, and title scores per document."""

    plan: LeafPlan
    pids: np.ndarray
    scores: np.ndarray  # in full, or from below while ``passages`` is set
    title: np.ndarray = field(default_factory=lambda: np.zeros(0))
    passages: LeafPassages | None = None  # scored from below until completed


class PassageBM25:
    """BM25 over passages, for one opened generation: literal runs and whole words score passages, titles score
    documents; a leaf's document score is its best passage's (plus a little for more passages) and its title's.

    Holds the per-generation figures the model needs (title table, known names, dates), computed once.
    """

    def __init__(self, g: Generation, previous: PassageBM25 | None = None):
        self.g = g
        self.gen = g.folder
        self.manifest = g.manifest
        self.searcher = g.searcher
        self.lock = g.lock
        self.doc_ids = g.doc_ids
        self.ordinal = g.ordinal
        self.passage_doc = g.passage_doc
        self.passage_docnums = g.passage_docnums
        self.passage_span = g.passage_span  # [begin, end) of a passage in its document, read from its segment
        self.passage_words = g.passage_words
        self.passage_articles = g.passage_articles
        self.passage_length = g.passage_length
        self.docnum_to_pid = g.docnum_to_pid
        self.n_passages = g.n_passages
        self.avg_passage = float(self.passage_length.mean()) if self.n_passages else 1.0
        self.docs = g.summaries
        # What is read of each document is worked out once per segment and handed on to the next generation that
        # has the segment: a refresh after an update works on the new segments' documents only.
        known_segments = previous._segment_docs if previous is not None else {}
        self._segment_docs: dict[tuple, SegmentDocs] = {}
        parts = []
        for part in g.parts:
            key = part.opened.key
            seg = known_segments.get(key) or SegmentDocs.of_segment(part.opened)
            self._segment_docs[key] = seg
            parts.append((seg, part.doc_number >= 0))
        titles = [t for seg, live in parts for t in itertools.compress(seg.titles, live)]
        self.titled = np.flatnonzero([bool(t) for t in titles])
        self.title_index = TitleIndex([titles[d] for d in self.titled.tolist()])
        self.title_length = np.concatenate([seg.title_length[live] for seg, live in parts] or [np.empty(0)])
        self.avg_title = float(self.title_length.mean()) if len(titles) else 1.0
        # A generation numbers documents and passages segment by segment in the same order (``Generation``), so a
        # document's passages are one range of passage numbers, pid_bounds[d]:pid_bounds[d + 1] (-1: none).
        self.pid_bounds = np.searchsorted(self.passage_doc, np.arange(len(self.doc_ids) + 1, dtype=np.int32))
        starts = self.pid_bounds[:-1]
        self.first_pid = np.where(starts < self.pid_bounds[1:], starts, -1)
        # Each segment's tables (its names), with its documents' generation numbers (-1: deleted).
        self._named = [(seg, part.doc_number) for (seg, _live), part in zip(parts, g.parts)]
        self.date_key = np.concatenate([seg.date_key[live] for seg, live in parts] or [np.empty(0, dtype=np.int64)])
        self.revised_key = np.concatenate([seg.revised_key[live] for seg, live in parts] or [np.empty(0, np.int64)])
        self.facet_table = FacetTable.join([(seg.facets, live) for seg, live in parts])
        self._parts = parts
        self.tie_rank = np.argsort(np.argsort(np.array(self.doc_ids, dtype=str))) if self.doc_ids else np.empty(0)
        self.size = g.size
        # Passages holding each common character searched so far (see ``_matches``).
        self._passage_df: dict[str, int] = {}
        # The running query's budget (searches on one generation take turns under ``lock``).
        self.spend = Budget.unlimited().spend

    @functools.cached_property
    def filter_table(self) -> FilterTable:
        """Every document's filter values: joined when a query first filters (searches take turns under ``lock``)."""
        return FilterTable.join([(seg.filters, live) for seg, live in self._parts])

    def named(self, name: str) -> list[tuple[int, int]]:
        """(document, tier) of the live documents whose title or short name is ``name`` (a ``known_item_key``):
        titles and short names without 中华人民共和国, 国务院关于…的通知 and the like."""
        found = []
        for segment_docs, number in self._named:
            for k, tier in segment_docs.named(name):
                if number[k] >= 0:
                    found.append((int(number[k]), tier))
        return found

    def text(self, d: int, start: int = 0, end: int | None = None) -> str:
        """Code points [start, end) of document ``d``'s text (all of it by default)."""
        return self.g.text(d, start, end)

    def hits_of(self, hits: LeafHits, d: int) -> tuple[np.ndarray, np.ndarray]:
        """(passage numbers, scores) of the hits in document ``d``: two binary searches in the sorted hits, not a
        pass over all of them (a common word's hits number in the hundred thousands, for each result shown)."""
        lo, hi = np.searchsorted(hits.pids, self.pid_bounds[d : d + 2])
        return hits.pids[lo:hi], hits.scores[lo:hi]

    # --- leaf evaluation --------------------------------------------------------------------------------

    def _latin(self, word: str, prefix: bool) -> tuple[np.ndarray, np.ndarray]:
        # A word's postings are decoded a block at a time and scored together, as Whoosh scores each (the 17 of
        # 第十七条 is in tens of thousands of passages at a gigabyte); a prefix sums the words it expands to.
        pids, scores = (whole_words.prefix_scores if prefix else whole_words.word_scores)(self, word)
        return pids, scores * LATIN_WEIGHT

    def _han(self, run: str, postings: tuple[np.ndarray, np.ndarray] | None = None,
             df: int = 0) -> tuple[np.ndarray, np.ndarray]:
        pids, tf = postings if postings is not None else self.g.passage_counts(run, self.spend)
        if not len(pids):
            return pids, np.empty(0)
        # Longer runs are more specific: scale by their length as a term of that many characters would be.
        scores = bm25(tf.astype(np.float64), max(df, len(pids)), self.n_passages, self.passage_length[pids],
                       self.avg_passage) * math.sqrt(len(run))
        return pids, scores

    def character(self, char: str, within: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(passages, BM25) of one Han character, as ``_han`` scores it; a common one (in more than DEFER_POSITIONS
        places) only among the passages ``within`` (sorted): reading where a character like 人 is costs what the
        index holds, and the scores of the passages counted are those of the full count."""
        positions = self.g.character_positions(char)
        if positions <= DEFER_POSITIONS or len(within) * 2 > positions:
            return self._han(char)  # a rare character, or one the candidates hold most of: counted everywhere
        return self._han(char, *self._counted_within(char, within))

    def _counted_within(self, char: str, within: np.ndarray) -> tuple[tuple[np.ndarray, np.ndarray], int]:
        """((passages of ``within`` holding ``char``, occurrences in each), passages holding it anywhere)."""
        df = self._passage_df.get(char)
        if df is None:
            # How many passages hold it: a statistic of the generation, as a term's document frequency is of a
            # Lucene index, counted once per segment ever. Its time counts against the query that asks first, its
            # positions do not (第 and 條 of Taiwan's codes are a budget of their own).
            df = self._passage_df[char] = self.g.passages_holding(char)
            self.spend(0)
        return self.g.counts_within(char, within, self.spend), df

    def _run_counts(self, run: str, within: np.ndarray | None, whole=False) -> tuple[np.ndarray, np.ndarray, int]:
        """(passages, occurrences in each, passages holding it at most) of a Han run (``Variant.whole_numbers``);
        with ``within`` (a mask of documents), a run in many more places than they hold is counted in those only."""
        if within is not None and len(run) > 1 and 2 * int(within.sum()) < self.g.run_positions(run):
            # Its IDF comes from the passages the segments say hold its pairs: no position elsewhere is mapped to
            # its passage (a common pair's hundreds of thousands), nor is a common phrase looked for there.
            pids, counts = self.g.counts_in_docs(run, within, self.spend, whole)
            return pids, counts, self.g.passages_holding(run)
        pids, counts = self.g.passage_counts(run, self.spend, whole)
        return pids, counts, self.g.passages_holding(run) if len(run) > 2 else len(pids)

    def _matches(self, v: Variant, within: np.ndarray | None = None) -> tuple[list, np.ndarray]:
        """The postings of a variant's Han runs and Latin words, each with the number of passages it is in, and
        the passages that hold all of them (of the documents ``within`` picks, when given: a mask)."""
        # The Arabic form of 第六十九条 is 第 + 69 + 条, and 第 and 条 are in nearly every passage: a common character
        # beside other terms is counted only in the passages that hold the others, its passage count remembered.
        deferred = [k for k, run in enumerate(v.han) if len(v.han) + len(v.latin) > 1 and len(run) == 1
                    and self.g.character_positions(run) > DEFER_POSITIONS]
        if len(deferred) == len(v.han) + len(v.latin):
            deferred = deferred[1:]
        read = [None if k in deferred else self._run_counts(h, within, v.whole_numbers) for k, h in enumerate(v.han)]
        read += [(*latin, len(latin[0])) for latin in (self._latin(w, v.prefix) for w in v.latin)]
        # A number stands against its Han (第69条) in few of the passages holding it: the common characters are
        # looked up in those only.
        pids = whole_words.together(self, v, held_by_all([post[0] for post in read if post is not None]))
        postings = list(read)
        for k in deferred:
            (found, counts), df = self._counted_within(v.han[k], pids)
            postings[k] = (found, counts, df)
            pids = found
        return postings, pids

    def _among(self, v: Variant, docs: np.ndarray) -> tuple[list, np.ndarray]:
        """``_matches`` among the documents ``docs`` (a mask) as if they were the corpus: every term counted in
        their passages only, a common character too (reading only its positions inside them), each df theirs."""
        read = [self.g.counts_in_docs(run, docs, self.spend, v.whole_numbers) for run in v.han]
        for word in v.latin:
            pids, scores = self._latin(word, v.prefix)
            keep = docs[self.passage_doc[pids]]
            read.append((pids[keep], scores[keep]))
        postings = [(pids, values, len(pids)) for pids, values in read]
        return postings, whole_words.together(self, v, held_by_all([pids for pids, _ in read]))

    def _variant(self, v: Variant, postings: list, matched: np.ndarray, df: int) -> tuple[Scored, np.ndarray]:
        """One variant of a leaf scored in its passages ``matched`` (those holding all its terms), before its
        whole-word bonuses, with the most they can add; and its title scores per document."""
        # Each term scored in the matched passages only, with its own document frequency, summed in the terms' order:
        # what scoring every posting and intersecting gives, without scoring the millions a common character is in.
        pieces, run_tf = [], {}
        for k, (term_pids, values, term_df) in enumerate(postings):
            keep = slice(None) if len(term_pids) == len(matched) else sorted_member(term_pids, matched)
            if k < len(v.han):
                run_tf[v.han[k]] = values[keep]
                pieces.append(self._han(v.han[k], (term_pids[keep], values[keep]), max(df, term_df)))
            else:
                pieces.append((term_pids[keep], values[keep]))
        pids, scores = pieces[0]
        for _, other_scores in pieces[1:]:
            scores = scores + other_scores
        best = {word: whole_words.bonus_candidates(self, word, pids, scores) for word in v.words}
        return Scored(v, pids, scores, run_tf, df, best), self._title(v) * v.weight

    def _upper(self, s: Scored) -> np.ndarray:
        """The scores of a variant's passages with the most its whole words can add, weighted."""
        upper = s.base
        for word in s.v.words:  # added in the order the bonuses are, so no rounding takes the sum past the bound
            cap = whole_words.bound(self, word, s.pids, s.run_tf.get(word), s.best[word])
            upper = upper + (cap * whole_words.concept_idf(self, word, s.df) if s.df else cap)
        return upper * s.v.weight

    def _exact(self, s: Scored, sel: np.ndarray) -> np.ndarray:
        """The scores of the passages ``s.pids[sel]`` with their whole-word bonuses, weighted."""
        scores = s.base[sel]
        for word in s.v.words:
            bonus = whole_words.word_bonus(self, word, s.pids, sel, s.best[word])
            scores = scores + (bonus * whole_words.concept_idf(self, word, s.df) if s.df else bonus)
        return scores * s.v.weight

    @functools.cached_property
    def _written_in(self) -> dict[str, np.ndarray]:
        """Per script, the documents a regional word of a region writing it may match: those in it, or in both, or
        in characters both scripts share."""
        return {name: np.concatenate([seg.written_in[name][live] for seg, live in self._parts] or [np.zeros(0, bool)])
                for name in ("hans", "hant")}

    def _in_script(self, v: Variant, scores: np.ndarray) -> np.ndarray:
        """Per-document ``scores`` of ``v``, kept for the documents a regional word may match only."""
        return scores * self._written_in[v.script] if v.script else scores

    def _title(self, v: Variant) -> np.ndarray:
        return TITLE_BOOST * self.title_index.scores([*v.han, *v.latin], self.titled, self.title_length,
                                                     self.avg_title, v.numbers, v.whole_numbers)

    def leaf(self, plan: LeafPlan, title_only: bool, within: np.ndarray | None = None,
             bounded: bool = False, among: bool = False) -> tuple[LeafHits, np.ndarray]:
        """Evaluate a planned leaf: its passage hits and its per-document score (0 = no match).

        With ``within`` (a mask of documents), exact for those documents only, whose passages alone are scored.
        ``among``: the leaf is counted among the documents ``within`` as if they were the corpus, every variant
        and the concept's frequency too (a citation's article, among the laws it names).
        ``bounded``: a word in very many passages may be left out of the scores, each passage then scored from
        below, until ``hits.passages.complete`` scores the documents that need it in full (``search.topk``)."""
        if title_only:  # a title: leaf reads titles only: no passage of the body is counted or scored
            title = np.add.reduce([self._in_script(v, self._title(v) * v.weight) for v in plan.variants])
            hits = LeafPassages(self, plan, [], title)
            return LeafHits(plan, hits.pids, hits.scores, title), hits.doc_scores(hits.scores)
        title = np.zeros(len(self.docs))
        # One variant's terms may be counted in the documents ``within`` only; several variants' passages make one
        # concept's count (below), which needs every passage of each.
        found = [self._among(v, within) if among and within is not None else
                 self._matches(v, within if len(plan.variants) == 1 else None) for v in plan.variants]
        # A regional word counts in its region's documents only: 资料 stands for 数据 in Taiwan's texts, and is
        # "materials" in the mainland's.
        found = [(postings, matched[self._written_in[v.script][self.passage_doc[matched]]] if v.script else matched)
                 for v, (postings, matched) in zip(plan.variants, found)]
        # The variants are one concept (軟體 = 软件): each is as common as all of them together, so a document is
        # not ranked up for using the rarer spelling (one region's word is rare among the other region's texts).
        df = len(distinct(np.concatenate([pids for _, pids in found]))) if len(found) > 1 else 0
        if within is not None:
            # Every statistic above is the whole index's; what is left is scoring each passage, and a passage of a
            # document that cannot match in the end need not be (a common word's tens of thousands).
            found = [(postings, matched[within[self.passage_doc[matched]]]) for postings, matched in found]
        scored = []
        for v, (postings, matched) in zip(plan.variants, found):
            s, tscore = self._variant(v, postings, matched, df)
            title += self._in_script(v, tscore)
            if len(s.pids):
                scored.append(s)
        hits = LeafPassages(self, plan, scored, title)
        # Only a word in very many passages is worth bounding: the postings of a rarer one are read whole in a
        # block or two per segment, as few as the blocks of the page's documents would be.
        if not bounded or not any(self.g.word_frequency(word) > whole_words.MAX_BULK_POSTINGS
                                  for s in scored for word in s.v.words):
            hits.complete(np.ones(len(self.docs), dtype=bool))
            return LeafHits(plan, hits.pids, hits.scores, title), hits.doc_scores(hits.scores)
        return LeafHits(plan, hits.pids, hits.scores, title, hits), hits.lower()


@dataclass
class Scored:
    """One variant's matching passages: their literal scores, and what bounds what its words can add."""

    v: Variant
    pids: np.ndarray
    base: np.ndarray
    run_tf: dict[str, np.ndarray]  # each run's occurrences in each passage
    df: int
    best: dict[str, np.ndarray | None]  # per word, where among ``pids`` its bonus may be (None: anywhere)


class LeafPassages:
    """A leaf's passages (every variant's), scored from below until made exact, document by document."""

    def __init__(self, state: PassageBM25, plan: LeafPlan, scored: list[Scored], title: np.ndarray):
        self.state, self.plan, self.scored, self.title = state, plan, scored, title
        # Where each variant's passages are among the leaf's (None: one variant, whose passages they are).
        self.at: list[np.ndarray] | None = None
        if len(scored) == 1:
            self.pids = scored[0].pids
        else:
            self.pids = distinct(np.concatenate([s.pids for s in scored])) if scored else np.empty(0, dtype=np.int64)
            self.at = [np.searchsorted(self.pids, s.pids) for s in scored]
        self.docs = state.passage_doc[self.pids]
        # Passages are numbered document by document, so the hits of one document are one run of ``pids``.
        self.starts = run_starts(self.docs) if len(self.pids) else np.empty(0, dtype=np.int64)
        # More matching passages help a little; the best passage decides most.
        self.more = 1.0 + 0.05 * np.log1p(np.diff(np.append(self.starts, len(self.docs))) - 1)
        self.scores = self._boosted(self._summed([s.base * s.v.weight for s in scored]), slice(None))
        self.exact = np.zeros(len(state.docs), dtype=bool)  # documents whose passages are scored in full
        self._lower: np.ndarray | None = None  # doc_scores(scores), kept up to date by ``complete``

    @functools.cached_property
    def upper(self) -> np.ndarray:
        """Each passage's score with the most its whole words can add."""
        return self._boosted(self._summed([self.state._upper(s) for s in self.scored]), slice(None))

    def _summed(self, values: list[np.ndarray]) -> np.ndarray:
        if self.at is None:
            return values[0]
        # Added variant after variant, as one np.add.at over them all would: the same sums to the last bit.
        out = np.zeros(len(self.pids))
        for at, vals in zip(self.at, values):
            np.add.at(out, at, vals)
        return out

    def _boosted(self, scores: np.ndarray, where) -> np.ndarray:
        if self.plan.article is None or not len(scores):
            return scores
        # 第二百三十四条 occurs wherever the article is cited; the article itself is what the reader wants.
        return np.where(self.state.passage_articles(self.pids[where]) == self.plan.article,
                        scores * ARTICLE_BOOST, scores)

    def doc_scores(self, scores: np.ndarray) -> np.ndarray:
        """Per document: its best passage's score (plus a little for more passages) and its title's."""
        out = np.zeros(len(self.state.docs))
        if len(self.pids):
            out[self.docs[self.starts]] = np.maximum.reduceat(scores, self.starts) * self.more
        return out + self.title

    def lower(self) -> np.ndarray:
        """Per document: ``doc_scores`` of the passages' scores as they are now (a copy the caller may change).

        Kept from one call to the next and brought up to date for the documents ``complete`` scores: a common
        word's hundreds of thousands of passages are reduced to documents once, not on every bound taken."""
        if self._lower is None:
            self._lower = self.doc_scores(self.scores)
        return self._lower.copy()

    def complete(self, docs: np.ndarray) -> None:
        """Score in full the passages of the documents ``docs`` (a mask) not scored in full yet."""
        todo = docs & ~self.exact
        self.exact |= docs
        wanted = np.flatnonzero(todo[self.docs])
        if not len(wanted):
            return
        if self.at is None:
            self.scores[wanted] = self._boosted(self.state._exact(self.scored[0], wanted), wanted)
        else:
            summed = np.zeros(len(wanted))
            for s, at in zip(self.scored, self.at):
                sel = np.flatnonzero(sorted_member(at, wanted))
                if len(sel):
                    np.add.at(summed, np.searchsorted(wanted, at[sel]), self.state._exact(s, sel))
            self.scores[wanted] = self._boosted(summed, wanted)
        if self._lower is not None:
            # ``wanted`` holds every passage of each document completed, so each one's best is taken as
            # ``doc_scores`` takes it, with the same factor and title: the same sums to the last bit.
            first = run_starts(self.docs[wanted])
            runs = np.searchsorted(self.starts, wanted[first])
            docs_done = self.docs[wanted[first]]
            best = np.maximum.reduceat(self.scores[wanted], first) * self.more[runs]
            self._lower[docs_done] = best + self.title[docs_done]
