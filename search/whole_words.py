"""The whole-word bonus: Whoosh's BM25F of a leaf's jieba words in the passages that hold them as whole words.

A leaf's literal runs decide which passages match; its words only add score where they are whole words of the
passage (so 社会 ranks a passage about 社会 above one with 社会学). The bonus is read from Whoosh's postings, which cost
a block decode in Python each; ``bound`` gives what a word can add to a passage at most without reading any, which is
what lets a search read the postings of the documents that can reach the page only (``search.topk``). A Latin word
of a query, always a whole word, is scored from the same postings (``word_scores``), a prefix as the sum of its words'.
A number the query writes against its Han is kept to the passages whose units (whole-word tokens) say the same
(``together``).
"""

from __future__ import annotations

import math
import re
from typing import Any, Callable, Protocol

import numpy as np

from tongwen.index import analysis
from tongwen.index.analysis.script import squeeze
from tongwen.index.errors import QueryTooExpensive
from tongwen.index.generation import Generation
from tongwen.index.literal import distinct, run_starts, sorted_member

from .bm25 import K1, saturation, top_indices
from .topk import passage_order
from .plan import Variant, number_unit



class ScoringState(Protocol):
    """What the bonus reads of the scoring model's state (``scoring.PassageBM25``)."""

    @property
    def g(self) -> Generation: ...

    @property
    def searcher(self) -> Any: ...  # the generation's Whoosh searcher

    @property
    def passage_words(self) -> np.ndarray: ...

    def passage_docnums(self, pids: np.ndarray) -> np.ndarray: ...

    @property
    def docnum_to_pid(self) -> np.ndarray: ...

    @property
    def spend(self) -> Callable[[int], Any]: ...

    @property
    def passage_doc(self) -> np.ndarray: ...

    def passage_span(self, pid: int) -> tuple[int, int]: ...

    @property
    def tie_rank(self) -> np.ndarray: ...  # each document's place in the order of ids

    @property
    def pid_bounds(self) -> np.ndarray: ...  # where each document's passages begin (one more than documents)

    def text(self, d: int, start: int = 0, end: int | None = None) -> str: ...


# A prefix may stand for this many words at most.
MAX_EXPANDED_TERMS = 5000
# Passages read to see whether a number stands against the whole of its Han where the index's units cannot say
# (``_written_against``); past it, such passages match as the units say.
MAX_UNIT_READS = 2000
# A word in more passages than this gets its whole-word bonus looked up for its best candidate passages only (by
# literal score), at most this many: reading all its postings would cost more than that.
MAX_BULK_POSTINGS = 20000
MAX_BONUS_CANDIDATES = 3000
# Candidates fewer than a word's postings by this factor are looked up in the blocks that hold them only.
SPARSE_CANDIDATES = 8


def concept_idf(state: ScoringState, word: str, df: int) -> float:
    """Whoosh's IDF of ``word`` were it as common as its concept (``df`` passages), as a share of its own."""
    own = state.g.word_idf(word)
    concept = math.log(state.g.live_records / (df + 1)) + 1
    return min(1.0, concept / own) if own > 0 else 1.0


def bonus_candidates(state: ScoringState, word: str, pids: np.ndarray, base: np.ndarray) -> np.ndarray | None:
    """Where (ascending) among ``pids`` a passage may get ``word``'s whole-word bonus: for a word in very many
    passages, its best candidates by literal score ``base`` (the same ones whichever of them are asked for, as
    reading all its postings would cost more than the page); None: every one."""
    if state.g.word_frequency(word) > MAX_BULK_POSTINGS and len(pids) > MAX_BONUS_CANDIDATES:
        return top_indices(base, MAX_BONUS_CANDIDATES, lambda at: passage_order(state, pids[at]))
    return None


def bound(state: ScoringState, word: str, pids: np.ndarray, run_tf: np.ndarray | None,
          best: np.ndarray | None = None) -> np.ndarray:
    """The most ``word`` can add to each of ``pids`` as a whole word. Where the word is one of the leaf's runs,
    ``run_tf`` holds the run's occurrences in each passage: every whole-word occurrence is one of them, and the
    bonus grows with the count, so the bonus of that count bounds it; else the limit of BM25's saturation. Outside
    ``best`` (``bonus_candidates``) it adds nothing."""
    idf = state.g.word_idf(word)
    at = slice(None) if best is None else best  # worked out where the word can add something only
    if run_tf is None:
        caps = np.full(len(pids) if best is None else len(best), idf * (K1 + 1.0))
    else:
        avg = state.g.body_average or 1
        caps = idf * saturation(run_tf[at].astype(np.float64), state.passage_words[pids[at]].astype(np.float64), avg)
    if best is None:
        return caps
    only = np.zeros(len(pids))
    only[best] = caps
    return only


def word_bonus(state: ScoringState, word: str, pids: np.ndarray, sel: np.ndarray,
               best: np.ndarray | None = None) -> np.ndarray:
    """BM25 of ``word`` as a whole jieba word in the passages ``pids[sel]`` (``sel`` ascending), 0 where it is only
    a substring, and outside ``best`` (``bonus_candidates``: a very common word's best candidates)."""
    bonus = np.zeros(len(sel))
    chosen = sel if best is None else sel[sorted_member(sel, best)]
    if not len(chosen):
        return bonus
    postings = state.g.word_frequency(word)
    wanted = None
    if postings > MAX_BULK_POSTINGS or len(chosen) * SPARSE_CANDIDATES < postings:
        # Few candidates for the word's postings: only the posting blocks that hold one of them are read (a
        # block's header says which documents it can hold).
        wanted = distinct(state.passage_docnums(pids[chosen]))
    bonus[np.searchsorted(sel, chosen)] = whole_word(state, word, pids[chosen], wanted)
    return bonus


def whole_word(state: ScoringState, word: str, pids: np.ndarray, wanted: np.ndarray | None) -> np.ndarray:
    """Whoosh's BM25F score of ``word`` in each of ``pids`` (0 where the passage lacks it), from its postings:
    all of them, or those of the blocks that hold a ``wanted`` document number."""
    bonus = np.zeros(len(pids))
    found, scores = word_scores(state, word, wanted)
    if not len(found):
        return bonus
    at = np.minimum(np.searchsorted(found, pids), len(found) - 1)
    hit = found[at] == pids
    bonus[hit] = scores[at[hit]]
    return bonus


def word_scores(state: ScoringState, word: str, wanted: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(passages, ascending; Whoosh's BM25F score of ``word`` in each) of every live passage holding ``word`` as
    a whole word, or of those in the posting blocks that hold a ``wanted`` document number."""
    # The postings read in document order and scored together: what Whoosh's scorer gives each posting (same
    # statistics, same quantized lengths), without a skip and a score call per posting.
    docnums, tf = state.g.word_postings(word, state.spend, wanted)
    if not len(docnums):
        return np.empty(0, dtype=np.int64), np.empty(0)
    found = state.docnum_to_pid[docnums].astype(np.int64)  # passage numbers are compared as 64-bit throughout
    keep = found >= 0  # a document's own record, or a deleted document's: no live passage
    found, tf = found[keep], tf[keep]
    if len(found) > 1 and (found[1:] < found[:-1]).any():
        # Passages are numbered in document-number order, so the postings come sorted; a check costs less
        # than a sort of a common word's hundreds of thousands.
        order = np.argsort(found, kind="stable")
        found, tf = found[order], tf[order]
    length = state.passage_words[found].astype(np.float64)
    idf = state.g.word_idf(word)
    avg = state.g.body_average or 1
    return found, idf * saturation(tf, length, avg)


def prefix_scores(state: ScoringState, prefix: str) -> tuple[np.ndarray, np.ndarray]:
    """(passages, ascending; the summed BM25F scores of the words starting with ``prefix`` in each), each word
    scored as Whoosh scores it, its postings read in bulk (through Whoosh's matcher of the prefix, a posting and a
    score call at a time, ``20*`` at a gigabyte took over two seconds); QueryTooExpensive past MAX_EXPANDED_TERMS
    words."""
    words: list[str] = []
    for word in state.searcher.reader().expand_prefix("body", prefix):
        if len(words) == MAX_EXPANDED_TERMS:
            raise QueryTooExpensive(f"'{prefix}*' expands to more than {MAX_EXPANDED_TERMS} words")
        words.append(word.decode("utf-8") if isinstance(word, bytes) else word)
    pieces = [piece for piece in (word_scores(state, word) for word in words) if len(piece[0])]
    if not pieces:
        return np.empty(0, dtype=np.int64), np.empty(0)
    pids = np.concatenate([p for p, _ in pieces])
    scores = np.concatenate([s for _, s in pieces])
    order = np.argsort(pids, kind="stable")  # each passage's words summed in the order they expand in
    pids, scores = pids[order], scores[order]
    first = run_starts(pids)
    return pids[first], np.add.reduceat(scores, first)


def together(state: ScoringState, v: Variant, pids: np.ndarray) -> np.ndarray:
    """The passages of ``pids`` (sorted) where each number of the variant ``v`` stands against the Han written
    after it in the query (``Variant.numbers``), as the passage's units say: 30日 is in 9月30日为 (its unit 30日为),
    not in a passage holding 第30条 and 三日 apart."""
    for number, han in v.numbers:
        if not len(pids):
            break
        pids = pids[_written_against(state, number, han, pids)]
    return pids


def _written_against(state: ScoringState, number: str, han: str, pids: np.ndarray) -> np.ndarray:
    """Which of ``pids`` hold ``number`` written against ``han``. The index makes a unit of a number and the jieba
    word after it: a unit whose word holds ``han`` says so (100万元; 30日为 for 30日); one whose word only begins it
    (10万元 for 10万元以上) says the number stands against that much, so those passages are read to see the rest
    (处1万元以上10万元以下 holds 10万元 and 万元以上, not 10万元以上), up to MAX_UNIT_READS of them."""
    whole, begun = [], []
    for term in state.searcher.reader().expand_prefix("body", number + han[0]):
        word = term.decode("utf-8") if isinstance(term, bytes) else term
        rest = word[len(number) :]
        if rest.startswith(han):
            whole.append(word)
        elif han.startswith(rest):
            begun.append(word)
        if len(whole) + len(begun) > MAX_EXPANDED_TERMS:  # never met in practice: it then matches as its parts do
            return np.ones(len(pids), dtype=bool)
    # Only the posting blocks that can hold one of the passages are read.
    wanted = distinct(state.passage_docnums(pids))
    sure, maybe = (_holding(state, words, wanted, pids) for words in (whole, begun))
    maybe &= ~sure
    if 0 < maybe.sum() <= MAX_UNIT_READS:
        unit = number_unit(number, han)
        maybe[maybe] = [_writes(state, int(pid), unit) for pid in pids[maybe].tolist()]
    return sure | maybe


def _holding(state: ScoringState, words: list[str], wanted: np.ndarray, pids: np.ndarray) -> np.ndarray:
    """Which of ``pids`` hold one of ``words`` as a whole word."""
    found = [word_scores(state, word, wanted)[0] for word in words]
    return sorted_member(pids, distinct(np.concatenate(found))) if found else np.zeros(len(pids), dtype=bool)


def _writes(state: ScoringState, pid: int, unit: re.Pattern) -> bool:
    """Whether passage ``pid``, normalized as the index reads it (lines between Han characters joined), holds
    ``unit``."""
    d = int(state.passage_doc[pid])
    text = state.text(d, *state.passage_span(pid))
    return unit.search(squeeze(analysis.normalize(text).text.lower())) is not None
