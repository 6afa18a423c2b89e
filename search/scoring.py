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
from whoosh import query as Q

from tongwen.index.errors import QueryTooExpensive
from tongwen.index.generation import Generation
from tongwen.index.literal import distinct, run_starts, sorted_member

from .budget import Budget
from .doc_tables import SegmentDocs
from .filters import FacetTable, FilterTable
from .plan import LeafPlan, Variant
from .titles import TitleIndex

# A word in more passages than this gets its whole-word bonus looked up for its best candidate passages only (by
# literal score), at most this many: reading all its postings would cost more than that.
MAX_BULK_POSTINGS = 20000
MAX_BONUS_CANDIDATES = 3000
# Candidates fewer than a word's postings by this factor are looked up in the blocks that hold them only.
SPARSE_CANDIDATES = 8
MAX_EXPANDED_TERMS = 5000
TITLE_BOOST = 2.0
# A passage of the very article a query names scores this many times its match.
ARTICLE_BOOST = 3.0
K1, B = 1.2, 0.75
# A Latin word is always a whole word: it earns what a Han word earns twice, as a literal run and as a whole word.
LATIN_WEIGHT = 2.0
# A character in more places than this, searched beside other terms, is counted only where the others are.
DEFER_POSITIONS = 20000
# Postings read one by one are paid for in batches of this many (a call per posting would cost more than the read).
SPEND_EVERY = 1024


@dataclass
class LeafHits:
    """What one leaf matched: passages with scores, and title scores per document."""

    plan: LeafPlan
    pids: np.ndarray
    scores: np.ndarray
    title: np.ndarray = field(default_factory=lambda: np.zeros(0))


def top_indices(scores: np.ndarray, k: int) -> np.ndarray:
    """Where the ``k`` highest scores are, ascending; of equal scores at the cut, the earlier ones. A partition,
    not a sort of all of them (a common word's candidate passages number in the hundred thousands)."""
    if len(scores) <= k:
        return np.arange(len(scores))
    if k <= 0:
        return np.empty(0, dtype=np.int64)
    bound = np.partition(scores, len(scores) - k)[len(scores) - k]
    above = np.flatnonzero(scores > bound)
    tied = np.flatnonzero(scores == bound)[: k - len(above)]
    return np.sort(np.concatenate([above, tied]))


def saturation(tf: np.ndarray, length: np.ndarray, avg: float) -> np.ndarray:
    """BM25's term-frequency part (the factor of the IDF), for passages of ``length`` against an average ``avg``."""
    return tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * length / avg))


def bm25(tf: np.ndarray, df: int, n: int, length: np.ndarray, avg: float) -> np.ndarray:
    """BM25 of a term found ``df`` times among ``n`` units, with frequencies ``tf`` in units of ``length``."""
    idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
    return idf * saturation(tf, length, max(avg, 1.0))


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
        self.passage_docnum = g.passage_docnum
        self.passage_begin = g.passage_begin
        self.passage_end = g.passage_end
        self.passage_words = g.passage_words
        self.passage_article = g.passage_article
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
            seg = known_segments.get(key) or SegmentDocs.of([e.summary for e in part.opened.entries])
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
        # Each segment's table of names, with its documents' generation numbers (-1: deleted).
        self._named = [(seg.known, part.doc_number) for (seg, _live), part in zip(parts, g.parts)]
        self.date_key = np.concatenate([seg.date_key[live] for seg, live in parts] or [np.empty(0, dtype=np.int64)])
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
        for known, number in self._named:
            for k, tier in known.get(name, ()):
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

    def _word_postings(self, q: Q.Query) -> tuple[np.ndarray, np.ndarray]:
        matcher = q.matcher(self.searcher, self.searcher.context(weighting=self.searcher.weighting))
        ids: list[int] = []
        scores: list[float] = []
        while matcher.is_active():
            if len(ids) % SPEND_EVERY == 0:
                self.spend(SPEND_EVERY)
            ids.append(matcher.id())
            scores.append(matcher.score())
            matcher.next()
        found = self.docnum_to_pid[np.array(ids, dtype=np.int64)] if ids else np.empty(0, dtype=np.int32)
        pids = found.astype(np.int64)
        keep = pids >= 0
        return pids[keep], np.array(scores, dtype=np.float64)[keep] if ids else np.empty(0)

    def _latin(self, word: str, prefix: bool) -> tuple[np.ndarray, np.ndarray]:
        if prefix:
            q = Q.Prefix("body", word)
            n = sum(1 for _ in self.searcher.reader().expand_prefix("body", word))
            if n > MAX_EXPANDED_TERMS:
                raise QueryTooExpensive(f"'{word}*' expands to more than {MAX_EXPANDED_TERMS} words")
        else:
            q = Q.Term("body", word)
        pids, scores = self._word_postings(q)
        order = np.argsort(pids)
        return pids[order], scores[order] * LATIN_WEIGHT

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
            # The first time: all its passages, counted once per generation (which never changes); the query
            # reads its positions once, as it would undeferred.
            everywhere, all_counts = self.g.passage_counts(char, self.spend)
            df = self._passage_df[char] = len(everywhere)
            keep = sorted_member(everywhere, within)
            return (everywhere[keep], all_counts[keep]), df
        return self.g.counts_within(char, within, self.spend), df

    def _word_bonus(self, word: str, pids: np.ndarray, scores: np.ndarray) -> np.ndarray:
        """BM25 of ``word`` as a whole jieba word in each candidate passage (0 where it is only a substring)."""
        bonus = np.zeros(len(pids))
        if not len(pids):
            return bonus
        idx = np.arange(len(pids))
        wanted = None
        postings = self.searcher.doc_frequency("body", word)
        if postings > MAX_BULK_POSTINGS:
            # A word in very many passages: only the best candidates get the bonus.
            if len(pids) > MAX_BONUS_CANDIDATES:
                idx = top_indices(scores, MAX_BONUS_CANDIDATES)
        if postings > MAX_BULK_POSTINGS or len(pids) * SPARSE_CANDIDATES < postings:
            # Few candidates for the word's postings (its best ones, or those an AND's other terms left): only the
            # posting blocks that hold one of them are read (a block's header says which documents it can hold).
            wanted = distinct(self.passage_docnum[pids[idx]])
        bonus[idx] = self._whole_word(word, pids[idx], wanted)
        return bonus

    def _whole_word(self, word: str, pids: np.ndarray, wanted: np.ndarray | None) -> np.ndarray:
        """Whoosh's BM25F score of ``word`` in each of ``pids`` (0 where the passage lacks it), from its postings:
        all of them, or those of the blocks that hold a ``wanted`` document number."""
        bonus = np.zeros(len(pids))
        # The postings read in document order and scored together: what Whoosh's scorer gives each posting (same
        # statistics, same quantized lengths), without a skip and a score call per candidate.
        docnums, tf = self.g.word_postings(word, self.spend, wanted)
        if not len(docnums):
            return bonus
        found = self.docnum_to_pid[docnums].astype(np.int64)  # passage numbers are compared as 64-bit throughout
        keep = found >= 0
        found, tf = found[keep], tf[keep]
        if not len(found):
            return bonus
        if len(found) > 1 and (found[1:] < found[:-1]).any():
            # Passages are numbered in document-number order, so the postings come sorted; a check costs less
            # than a sort of a common word's hundreds of thousands.
            order = np.argsort(found, kind="stable")
            found, tf = found[order], tf[order]
        at = np.minimum(np.searchsorted(found, pids), len(found) - 1)
        hit = found[at] == pids
        length = self.passage_words[pids[hit]].astype(np.float64)
        idf = self.searcher.idf("body", word)
        avg = self.searcher.avg_field_length("body") or 1
        bonus[hit] = idf * saturation(tf[at[hit]], length, avg)
        return bonus

    def _matches(self, v: Variant) -> tuple[list, np.ndarray]:
        """The postings of a variant's Han runs and Latin words, each with the number of passages it is in, and
        the passages that hold all of them."""
        # The Arabic form of 第六十九条 is 第 + 69 + 条, and 第 and 条 are in nearly every passage: a common character
        # beside other terms is counted only in the passages that hold the others, its passage count remembered.
        deferred = [k for k, run in enumerate(v.han) if len(v.han) + len(v.latin) > 1 and len(run) == 1
                    and self.g.character_positions(run) > DEFER_POSITIONS]
        if len(deferred) == len(v.han) + len(v.latin):
            deferred = deferred[1:]
        read = [None if k in deferred else self.g.passage_counts(run, self.spend) for k, run in enumerate(v.han)]
        read += [self._latin(w, v.prefix) for w in v.latin]
        # Shortest first: each intersection then costs binary searches of the fewest candidates.
        by_length = sorted((post for post in read if post is not None), key=lambda post: len(post[0]))
        pids = by_length[0][0]
        for other, _ in by_length[1:]:
            pids = pids[sorted_member(pids, other)]
        postings = [(post[0], post[1], len(post[0])) if post is not None else None for post in read]
        for k in deferred:
            (found, counts), df = self._counted_within(v.han[k], pids)
            postings[k] = (found, counts, df)
            pids = found
        return postings, pids

    def _variant(self, v: Variant, postings: list, matched: np.ndarray,
                 df: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(passage ids, passage scores, title scores per document) for one variant of a leaf, whose passages
        holding all its terms are ``matched``."""
        # Each term is scored in the matched passages only, with its own document frequency (that of all its
        # passages), and the scores are summed in the terms' order: what scoring every posting and intersecting
        # after gives, without scoring the millions of passages a common character is in.
        pieces = []
        for k, (term_pids, values, term_df) in enumerate(postings):
            keep = sorted_member(term_pids, matched)
            if k < len(v.han):
                pieces.append(self._han(v.han[k], (term_pids[keep], values[keep]), max(df, term_df)))
            else:
                pieces.append((term_pids[keep], values[keep]))
        pids, scores = pieces[0]
        for _, other_scores in pieces[1:]:
            scores = scores + other_scores
        for word in v.words:
            bonus = self._word_bonus(word, pids, scores)
            scores = scores + (bonus * self._concept_idf(word, df) if df else bonus)
        return pids, scores * v.weight, self._title(v) * v.weight

    def _concept_idf(self, word: str, df: int) -> float:
        """Whoosh's IDF of ``word`` were it as common as its concept (``df`` passages), as a share of its own."""
        own = self.searcher.idf("body", word)
        concept = math.log(self.searcher.doc_count_all() / (df + 1)) + 1
        return min(1.0, concept / own) if own > 0 else 1.0

    def _title_counts(self, needle: str) -> tuple[np.ndarray, np.ndarray]:
        """(documents, occurrences in each title) of ``needle``, documents ascending."""
        which, found = self.title_index.counts(needle)
        return self.titled[which], found.astype(np.float64)

    def _title(self, v: Variant) -> np.ndarray:
        out = np.zeros(len(self.docs))
        needles = list(v.han) + [w for w in v.latin]
        if not needles:
            return out
        counts = [self._title_counts(needle) for needle in needles]
        docs = counts[0][0]
        for other, _ in counts[1:]:
            docs = docs[sorted_member(docs, other)]
        if not len(docs):
            return out
        # Scored in the titles that hold every needle only (a few, of tens of thousands of documents).
        for needle, (held, c) in zip(needles, counts):
            out[docs] += bm25(c[sorted_member(held, docs)], len(held), len(self.docs), self.title_length[docs],
                              self.avg_title) * math.sqrt(len(needle))
        return TITLE_BOOST * out

    def leaf_cost(self, plan: LeafPlan) -> float:
        """About how many postings a leaf reads: per variant, those of its rarest term (a run's rarest pair)."""
        total = 0.0
        for v in plan.variants:
            counts = [self.g.run_positions(run) for run in v.han]
            counts += [self.searcher.doc_frequency("body", word) for word in v.latin]
            total += min(counts, default=0)
        return total

    def leaf(self, plan: LeafPlan, title_only: bool,
             within: np.ndarray | None = None) -> tuple[LeafHits, np.ndarray]:
        """Evaluate a planned leaf: its passage hits and its per-document score (0 = no match); with ``within``
        (a mask of documents), exact for those documents only, whose passages alone are scored."""
        all_pids, all_scores = [], []
        title = np.zeros(len(self.docs))
        found = [self._matches(v) for v in plan.variants]
        # The variants are one concept (軟體 = 软件): each is as common as all of them together, so a document is
        # not ranked up for using the rarer spelling (one region's word is rare among the other region's texts).
        df = len(distinct(np.concatenate([pids for _, pids in found]))) if len(found) > 1 else 0
        if within is not None:
            # Every statistic above is the whole index's; what is left is scoring each passage, and a passage of a
            # document that cannot match in the end need not be (a common word's tens of thousands).
            found = [(postings, matched[within[self.passage_doc[matched]]]) for postings, matched in found]
        for v, (postings, matched) in zip(plan.variants, found):
            pids, scores, tscore = self._variant(v, postings, matched, df)
            if not title_only:
                all_pids.append(pids)
                all_scores.append(scores)
            title += tscore
        if all_pids and sum(len(p) for p in all_pids):
            cat = np.concatenate(all_pids)
            uniq, inverse = np.unique(cat, return_inverse=True)
            summed = np.zeros(len(uniq))
            np.add.at(summed, inverse, np.concatenate(all_scores))
            pids, scores = uniq, summed
        else:
            pids, scores = np.empty(0, dtype=np.int64), np.empty(0)
        if plan.article is not None and len(pids):
            # 第二百三十四条 occurs wherever the article is cited; the article itself is what the reader wants.
            scores = np.where(self.passage_article[pids] == plan.article, scores * ARTICLE_BOOST, scores)
        doc_score = np.zeros(len(self.docs))
        if len(pids):
            # Passages are numbered document by document, so the hits of one document are one run of ``pids``.
            docs = self.passage_doc[pids]
            starts = run_starts(docs)
            count = np.diff(np.append(starts, len(docs)))
            # More matching passages help a little; the best passage decides most.
            doc_score[docs[starts]] = np.maximum.reduceat(scores, starts) * (1.0 + 0.05 * np.log1p(count - 1))
        return LeafHits(plan, pids, scores, title), doc_score + title
