"""Searching: parse, evaluate over documents, pick passages, highlight, and shape the public JSON.

Passages are what the index retrieves; documents are what a user gets. A query tree is evaluated at the document
level (``人才 孵化器`` needs both words in the document, not in one passage). A leaf scores each passage by BM25
over its literal occurrences (the literal index) plus its whole-word matches (Whoosh, BM25 over jieba words), and
a document by its best passage plus its title (weighted more); a document's score is the sum over the query terms.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from whoosh import query as Q
from whoosh import scoring

from tongwen.index import analysis, generations, numerals, store
from tongwen.index.analysis.script import across_the_strait
from tongwen.index.analysis.segment import HAN_RUN
from tongwen.index.errors import DocumentNotFound, IndexDamaged, InvalidParameter, QueryTooExpensive, TongwenError
from tongwen.index.generation import Generation, generation_parts

from . import query as query_lang
from .budget import Budget
from .known import known_item_key, short_names
from .display import convert_for_display
from .highlight import find_hits, is_partial_word, merge_spans
from .plan import LeafPlan, Variant, plan_leaf
from .query import And, Leaf, Not, Or

MAX_QUERY_CHARS = 1000
MAX_LIMIT = 100
MAX_PASSAGES = 3
# Passages shown after the best one must score at least this share of it.
PASSAGE_SHARE = 0.5
# A word in more passages than this gets its whole-word bonus looked up for its best candidate passages only (by
# literal score), at most this many: reading all its postings would cost more than that.
MAX_BULK_POSTINGS = 20000
MAX_BONUS_CANDIDATES = 3000
MAX_EXPANDED_TERMS = 5000
TITLE_BOOST = 2.0
# match=any: a character pair the query gains only across the strait counts as one BM25 term, as a word does.
REGIONAL_BIGRAM_WEIGHT = 1.0
_TITLE_QUOTES = re.compile("[《》〈〉“”\"]")
# A passage of the very article a query names scores this many times its match.
ARTICLE_BOOST = 3.0
# match=any: a passage's score is multiplied by (share of the query's terms it contains) ** COORDINATION.
COORDINATION = 1.0
K1, B = 1.2, 0.75
# match=any: a character shared with a missing word earns its one-character BM25 twice over, as a Latin word does.
CHARACTER_WEIGHT = 2.0
# A Latin word is always a whole word: it earns what a Han word earns twice, as a literal run and as a whole word.
LATIN_WEIGHT = 2.0
MATCH_MODES = ("all", "any")
# How far past a passage's end highlighting looks for a run that began inside it.
SPILL = 64
DISPLAY_MODES = ("original", "hans", "hant")
SORT_MODES = ("relevance", "date", "-date")
FILTER_FIELDS = ("year", "agency", "script", "type", "number")


@dataclass
class LeafHits:
    """What one leaf matched: passages with scores, and title scores per document."""

    plan: LeafPlan
    pids: np.ndarray
    scores: np.ndarray
    title: np.ndarray | None = None


@dataclass
class NodeResult:
    """A query (sub)tree evaluated over all documents."""

    mask: np.ndarray  # bool per document ordinal
    score: np.ndarray  # float per document ordinal
    leaves: list


def _saturation(tf: np.ndarray, length: np.ndarray, avg: float) -> np.ndarray:
    """BM25's term-frequency part (the factor of the IDF), for passages of ``length`` against an average ``avg``."""
    return tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * length / avg))


def _bm25(tf: np.ndarray, df: int, n: int, length: np.ndarray, avg: float) -> np.ndarray:
    idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
    return idf * _saturation(tf, length, max(avg, 1.0))


class _State:
    """One opened generation and the scoring model's per-generation figures (title table, known names, dates)."""

    def __init__(self, index_dir: Path, checksums: bool = False):
        g = self.g = Generation(index_dir, checksums=checksums, weighting=scoring.BM25F(B=B, K1=K1))
        self.gen = g.folder
        self.manifest = g.manifest
        with _reading(self.gen):
            self._load(g)

    def _load(self, g: Generation) -> None:
        self.searcher = g.searcher
        self.lock = g.lock
        self.doc_ids = g.doc_ids
        self.ordinal = g.ordinal
        self.passage_doc = g.passage_doc
        self.passage_docnum = g.passage_docnum
        self.passage_n = g.passage_n
        self.passage_begin = g.passage_begin
        self.passage_end = g.passage_end
        self.passage_words = g.passage_words
        self.passage_article = g.passage_article
        self.passage_length = g.passage_length
        self.docnum_to_pid = g.docnum_to_pid
        self.n_passages = g.n_passages
        self.avg_passage = float(self.passage_length.mean()) if self.n_passages else 1.0
        self.docs = g.payloads
        # A title that is (nearly) the whole document, like a one-line message, would only count its words twice.
        # Title quotes are typography (关于修改《…法》的决定): a name typed without them still meets the title.
        self.titles = [
            _TITLE_QUOTES.sub("", analysis.normalize(p["title"]).text.lower()) if len(p["title"]) < 0.8 * p["length"]
            else "" for p in self.docs
        ]
        self.titled = np.flatnonzero([bool(t) for t in self.titles])
        # All titles in one string (a separator no needle holds), for finding a needle in every title at once.
        self.title_text = "\n".join(self.titles[d] for d in self.titled.tolist())
        self.title_start = np.cumsum([0] + [len(self.titles[d]) + 1 for d in self.titled.tolist()])[:-1]
        self.title_length = np.array([max(len(t), 1) for t in self.titles], dtype=np.float64)
        self.first_pid = np.full(len(self.doc_ids), -1, dtype=np.int64)
        for pid in range(self.n_passages - 1, -1, -1):
            self.first_pid[self.passage_doc[pid]] = pid
        # Titles and short names (without 中华人民共和国, 国务院关于…的通知 and the like) → the documents they name.
        self.known: dict[str, list[tuple[int, int]]] = {}
        for d, p in enumerate(self.docs):
            for key, tier in short_names(p["title"]):
                self.known.setdefault(key, []).append((d, tier))
        self.date_key = np.array([_date_key(p.get("meta", {})) for p in self.docs], dtype=np.int64)
        self.tie_rank = np.argsort(np.argsort(np.array(self.doc_ids, dtype=str))) if self.doc_ids else np.empty(0)
        self.size = g.size
        # The running query's budget (searches on one generation take turns under ``lock``).
        self.spend = Budget(postings=1 << 62, seconds=float("inf")).spend

    def text(self, d: int) -> str:
        """The text of document ``d``, read on first use (most documents are never shown)."""
        return self.g.text(d)

    # --- leaf evaluation --------------------------------------------------------------------------------

    def _word_postings(self, q: Q.Query) -> tuple[np.ndarray, np.ndarray]:
        matcher = q.matcher(self.searcher, self.searcher.context(weighting=self.searcher.weighting))
        ids, scores = [], []
        while matcher.is_active():
            if len(ids) % 1024 == 0:
                self.spend(1024)
            ids.append(matcher.id())
            scores.append(matcher.score())
            matcher.next()
        pids = self.docnum_to_pid[np.array(ids, dtype=np.int64)] if ids else np.empty(0, dtype=np.int64)
        keep = pids >= 0
        return pids[keep], np.array(scores, dtype=np.float64)[keep] if ids else np.empty(0)

    def _latin(self, word: str, prefix: bool) -> tuple[np.ndarray, np.ndarray]:
        if prefix:
            q = Q.Prefix("body", word)
            n = sum(1 for _ in q._btexts(self.searcher.reader()))
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
        scores = _bm25(tf.astype(np.float64), max(df, len(pids)), self.n_passages, self.passage_length[pids],
                       self.avg_passage) * math.sqrt(len(run))
        return pids, scores

    def _word_bonus(self, word: str, pids: np.ndarray, scores: np.ndarray) -> np.ndarray:
        """BM25 of ``word`` as a whole jieba word in each candidate passage (0 where it is only a substring)."""
        bonus = np.zeros(len(pids))
        if not len(pids):
            return bonus
        if self.searcher.doc_frequency("body", word) > MAX_BULK_POSTINGS:
            return self._word_bonus_skipping(word, pids, scores)
        # Every posting of the word, read once in document order, and scored together: what Whoosh's BM25F scorer
        # gives each posting (same statistics, same quantized lengths), without a skip and a score call per
        # candidate, which was half of all query time.
        docnums, tf = self._postings(word)
        if not len(docnums):
            return bonus
        found = self.docnum_to_pid[docnums]
        keep = found >= 0
        found, tf = found[keep], tf[keep]
        order = np.argsort(found)
        found, tf = found[order], tf[order]
        at = np.minimum(np.searchsorted(found, pids), len(found) - 1)
        hit = found[at] == pids
        length = self.passage_words[pids[hit]]
        idf = self.searcher.idf("body", word)
        avg = self.searcher.avg_field_length("body") or 1
        bonus[hit] = idf * _saturation(tf[at[hit]], length, avg)
        return bonus

    def _postings(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers, frequencies) of every posting of ``word`` in the word field."""
        return self.g.word_postings(word, self.spend)

    def _word_bonus_skipping(self, word: str, pids: np.ndarray, scores: np.ndarray) -> np.ndarray:
        """``_word_bonus`` for a word in very many passages: Whoosh's scorer on the best candidates only."""
        bonus = np.zeros(len(pids))
        chosen = np.argsort(-scores)[:MAX_BONUS_CANDIDATES] if len(pids) > MAX_BONUS_CANDIDATES else None
        idx = np.arange(len(pids)) if chosen is None else chosen
        self.spend(len(idx))
        docnums = self.passage_docnum[pids[idx]]
        order = np.argsort(docnums)
        matcher = Q.Term("body", word).matcher(self.searcher, self.searcher.context(weighting=self.searcher.weighting))
        for k in order:
            dn = int(docnums[k])
            if not matcher.is_active():
                break
            if matcher.id() < dn:
                matcher.skip_to(dn)
                if not matcher.is_active():
                    break
            if matcher.id() == dn:
                bonus[idx[k]] = matcher.score()
        return bonus

    def _matches(self, v: Variant) -> tuple[list, np.ndarray]:
        """The postings of a variant's Han runs and Latin words, and the passages that hold all of them."""
        postings = [self.g.passage_counts(run, self.spend) for run in v.han] + [
            self._latin(w, v.prefix) for w in v.latin]
        pids = postings[0][0]
        for other, _ in postings[1:]:
            pids = np.intersect1d(pids, other, assume_unique=True)
        return postings, pids

    def _variant(self, v: Variant, postings: list, df: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(passage ids, passage scores, title scores per document) for one variant of a leaf."""
        pieces = [self._han(run, post, df) for run, post in zip(v.han, postings)] + postings[len(v.han) :]
        pids, scores = pieces[0]
        for other_pids, other_scores in pieces[1:]:
            common, a, b = np.intersect1d(pids, other_pids, assume_unique=True, return_indices=True)
            pids, scores = common, scores[a] + other_scores[b]
        for word in v.words:
            bonus = self._word_bonus(word, pids, scores)
            scores = scores + (bonus * self._concept_idf(word, df) if df else bonus)
        return pids, scores * v.weight, self._title(v) * v.weight

    def _concept_idf(self, word: str, df: int) -> float:
        """Whoosh's IDF of ``word`` were it as common as its concept (``df`` passages), as a share of its own."""
        own = self.searcher.idf("body", word)
        concept = math.log(self.searcher.doc_count_all() / (df + 1)) + 1
        return min(1.0, concept / own) if own > 0 else 1.0

    def _title_counts(self, needle: str) -> np.ndarray:
        """Occurrences of ``needle`` in each document's title (found in all titles at once, joined)."""
        counts = np.zeros(len(self.docs))
        found, i = [], self.title_text.find(needle)
        while i >= 0:
            found.append(i)
            i = self.title_text.find(needle, i + len(needle))
        if found:
            which = np.searchsorted(self.title_start, np.array(found), "right") - 1
            np.add.at(counts, self.titled[which], 1.0)
        return counts

    def _title(self, v: Variant) -> np.ndarray:
        out = np.zeros(len(self.docs))
        needles = list(v.han) + [w for w in v.latin]
        if not needles:
            return out
        counts = [self._title_counts(needle) for needle in needles]
        present = np.logical_and.reduce([c > 0 for c in counts])
        if not present.any():
            return out
        for needle, c in zip(needles, counts):
            df = int((c > 0).sum())
            out += np.where(present, _bm25(c, df, len(self.docs), self.title_length, float(self.title_length.mean()))
                            * math.sqrt(len(needle)), 0.0)
        return TITLE_BOOST * out

    def leaf(self, plan: LeafPlan, title_only: bool) -> tuple[LeafHits, np.ndarray]:
        """Evaluate a planned leaf: its passage hits and its per-document score (0 = no match)."""
        all_pids, all_scores = [], []
        title = np.zeros(len(self.docs))
        found = [self._matches(v) for v in plan.variants]
        # The variants are one concept (軟體 = 软件): each is as common as all of them together, so a document is
        # not ranked up for using the rarer spelling (one region's word is rare among the other region's texts).
        df = len(np.unique(np.concatenate([pids for _, pids in found]))) if len(found) > 1 else 0
        for v, (postings, _) in zip(plan.variants, found):
            pids, scores, tscore = self._variant(v, postings, df)
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
            docs = self.passage_doc[pids]
            np.maximum.at(doc_score, docs, scores)
            count = np.bincount(docs, minlength=len(self.docs))
            # More matching passages help a little; the best passage decides most.
            doc_score *= 1.0 + 0.05 * np.log1p(np.maximum(count - 1, 0))
        return LeafHits(plan, pids, scores, title), doc_score + title


def _check_params(text: str, limit: int, offset: int, match: str, display: str, sort: str = "relevance") -> None:
    if not isinstance(text, str) or not text.strip():
        raise InvalidParameter("the query is empty")
    if len(text) > MAX_QUERY_CHARS:
        raise InvalidParameter(f"the query is longer than {MAX_QUERY_CHARS} characters")
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidParameter(f"limit must be between 1 and {MAX_LIMIT}")
    if not isinstance(offset, int) or offset < 0:
        raise InvalidParameter("offset must be 0 or more")
    _check_modes(match, display, sort)


def _check_modes(match: str, display: str, sort: str = "relevance") -> None:
    for name, value, allowed in (("match", match, MATCH_MODES), ("display", display, DISPLAY_MODES),
                                 ("sort", sort, SORT_MODES)):
        if value not in allowed:
            raise InvalidParameter(f"{name} must be one of: {', '.join(allowed)}")


def _date_key(meta: dict) -> int:
    """A document's date as YYYYMMDD (unknown month or day as 00), or -1 when it has none."""
    date = str(meta.get("date") or meta.get("year") or "")
    digits = date.replace("-", "")
    if not digits[:4].isdigit():
        return -1
    return int((digits + "0000")[:8]) if digits.isdigit() else int(digits[:4]) * 10000


def _negated(node) -> list:
    """The subtrees a query excludes (its NOT parts)."""
    if isinstance(node, Not):
        return [node.child]
    if isinstance(node, (And, Or)):
        return [n for child in node.children for n in _negated(child)]
    return []


def _positive_leaves(node) -> list[Leaf]:
    if isinstance(node, Leaf):
        return [node]
    if isinstance(node, (And, Or)):
        return [leaf for child in node.children for leaf in _positive_leaves(child)]
    return []


def _names_in(query: str, tree) -> list[set[str]]:
    """What in a query may name a document, most specific first: the whole query, then each term and the law of a
    citation (normalized)."""
    whole = {known_item_key(query)} - {""}
    parts = set()
    for leaf in _positive_leaves(tree):
        if leaf.field not in (None, "title"):
            continue
        citation = numerals.split_citation(leaf.text)
        for part in (leaf.text, citation[0] if citation else ""):
            key = known_item_key(part)
            if key:
                parts.add(key)
    whole_citation = numerals.split_citation(query)
    if whole_citation:
        parts.add(known_item_key(whole_citation[0]))
    return [whole, parts - whole]


def _known_items(state: "_State", query: str, tree, result: NodeResult) -> None:
    """Rank first the documents a query names: by their whole title, then by their short name (教育法 names
    中华人民共和国教育法, not 高等教育法; 刑法 names 中华人民共和国刑法, not 刑法修正案（八）)."""
    named: dict[int, int] = {}
    for names in _names_in(query, tree):  # the whole query naming a document outranks a term naming others
        for name in names:
            for d, tier in state.known.get(name, ()):
                if result.mask[d]:
                    named[d] = max(named.get(d, 0), tier)
        if named:
            break
    if not named:
        return
    top = float(result.score.max()) if len(result.score) else 0.0
    for d, tier in named.items():
        result.score[d] += top * tier + tier


def _parse(query: str, match: str):
    """The query tree; in match=any a pasted paragraph that does not parse is read as plain text."""
    try:
        # A pasted paragraph (match=any) is full of -i and --force: there only the keyword NOT excludes.
        return query_lang.parse(query, dash_negates=match != "any")
    except TongwenError:
        if match != "any":
            raise
        return query_lang.plain(query)


def _query_leaves(query: str, match: str) -> list[Leaf]:
    """The terms of a query that mark text (its positive, non-metadata leaves), as ``search`` reads the query."""
    tree = _parse(query, match)
    leaves = _explode_for_any(tree) if match == "any" else _positive_leaves(tree)
    return [leaf for leaf in leaves if leaf.field not in FILTER_FIELDS]


def _covers(unit, token) -> bool:
    """Whether ``token`` lies inside ``unit`` (both with original spans)."""
    return unit.start <= token.start and token.end <= unit.end


def _explode_for_any(node) -> list[Leaf]:
    """match=any: every word of every plain term becomes a term of its own, any of which may match."""
    out: list[Leaf] = []
    seen: set[str] = set()
    for leaf in _positive_leaves(node):
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
        for w in words:
            if w.text not in seen:
                seen.add(w.text)
                out.append(Leaf(leaf.text[w.start : w.end]))
    return out


_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "(": "〔", ")": "〕", "【": "〔", "】": "〕", "［": "〔", "］": "〕",
                           "（": "〔", "）": "〕", "﹝": "〔", "﹞": "〕", "〖": "〔", "〗": "〕"})


def _meta_key(value: str) -> str:
    """A metadata value as compared: normalized (NFKC, Simplified), lower case, one bracket form, no spaces."""
    return "".join(analysis.normalize(value).text.lower().translate(_BRACKETS).split())


def _meta_value(info: dict, field: str) -> str:
    if field == "script":
        return info["script"]
    return str(info.get("meta", {}).get(field, "") or "")


def _meta_matches(info: dict, field: str, value: str) -> bool:
    have = _meta_value(info, field)
    if not have:
        return False
    if field in ("agency", "number"):
        # Issuing bodies and document numbers match as text: 海淀区人民政府 finds 北京市海淀区人民政府, and a number
        # in any bracket form finds the others (劳社部发[2008]3号 = 劳社部发〔2008〕3号).
        return _meta_key(value) in _meta_key(have)
    if field == "script":
        return have == value.strip().lower()
    return _meta_key(have) == _meta_key(value)  # in either script: type:報告 = type:报告


@contextmanager
def _reading(gen: Path) -> Iterator[None]:
    """Turn a failure that comes from a damaged file of ``gen`` into IndexDamaged naming the file."""
    try:
        yield
    except (TongwenError, OSError):  # OSError: the generation was removed by a newer run; callers retry
        raise
    except Exception as err:
        problem = generations.damage(gen, checksums=True)
        if problem is None:
            raise
        raise IndexDamaged(f"the index is damaged: {problem}; rebuild it with `tongwen index --rebuild`") from err


class Searcher:
    """Answers queries over one index folder; safe to share between threads, picks up rebuilt indexes.

    ``checksums`` reads every file of a generation against its CRC-32 when it is opened (the server does; a
    one-off command checks sizes only). A generation whose files change size while it is open is damaged: the
    searcher moves to the newest whole generation, or answers IndexDamaged until one is written.
    """

    def __init__(self, index_dir: Path, checksums: bool = False):
        self.index_dir = Path(index_dir)
        self.checksums = checksums
        self._state = _State(self.index_dir, checksums)
        self._damaged: str | None = None
        self._refresh_lock = threading.Lock()

    @classmethod
    def open(cls, index_dir: Path, checksums: bool = False) -> "Searcher":
        """Open the index at ``index_dir`` (raises IndexMissing, IndexDamaged or IndexVersionMismatch)."""
        return cls(index_dir, checksums)

    def refresh(self) -> None:
        """Switch to a newer generation if ``tongwen index`` wrote one, or away from one damaged while open."""
        state = self._state
        # Memory-mapped reads past a truncated file's end would kill the process (SIGBUS): a file whose size
        # moved is taken out of service before any request reads it again.
        broken = generations.sizes_changed(state.gen, state.manifest["files"])
        live = store.current_generation(self.index_dir)
        if live is None or (live == state.gen and not broken):
            if broken:
                self._damaged = f"the index is damaged: {broken}; rebuild it with `tongwen index --rebuild`"
            return
        with self._refresh_lock:
            if self._state is state:
                # The old state is dropped, not closed: requests still running on it finish normally.
                self._state = _State(self.index_dir, self.checksums)
                self._damaged = None

    def _live_state(self) -> _State:
        if self.checksums and not self._damaged:
            # A server checks its files' sizes before every request (a few stat calls): a file truncated in place
            # is taken out of service before this request maps past its end, not only at the next refresh.
            if generations.sizes_changed(self._state.gen, self._state.manifest["files"]):
                self.refresh()
        if self._damaged:
            raise IndexDamaged(self._damaged)
        return self._state

    # --- evaluation -------------------------------------------------------------------------------------

    def _evaluate(self, state: _State, node) -> NodeResult:
        n = len(state.docs)
        if isinstance(node, Leaf):
            if node.field in FILTER_FIELDS:
                mask = np.array([_meta_matches(info, node.field, node.text) for info in state.docs], dtype=bool)
                return NodeResult(mask, np.zeros(n), [])
            citation = numerals.split_citation(node.text) if node.field is None and not node.exact else None
            if citation is not None:
                # 刑法第二百三十四条: the law named in a title, the article in its text.
                name, article = citation
                return self._evaluate(state, And((Leaf(name, "title"), Leaf(article))))
            plan = plan_leaf(node)
            if plan is None:
                return NodeResult(np.zeros(n, dtype=bool), np.zeros(n), [])
            hits, score = state.leaf(plan, title_only=node.field == "title")
            return NodeResult(score > 0, score, [hits])
        if isinstance(node, Not):
            raise InvalidParameter("a query needs at least one term that is not negated")
        if isinstance(node, Or):
            parts = [self._evaluate(state, c) for c in node.children]
            return NodeResult(np.logical_or.reduce([p.mask for p in parts]), sum(p.score for p in parts),
                              [h for p in parts for h in p.leaves])
        if isinstance(node, And):
            positive = [c for c in node.children if not isinstance(c, Not)]
            negative = [c.child for c in node.children if isinstance(c, Not)]
            if not positive:
                raise InvalidParameter("a query needs at least one term that is not negated")
            parts = [self._evaluate(state, c) for c in positive]
            mask = np.logical_and.reduce([p.mask for p in parts])
            for child in negative:
                mask &= ~self._evaluate(state, child).mask
            return NodeResult(mask, sum(p.score for p in parts), [h for p in parts for h in p.leaves])
        raise TypeError(node)

    def _evaluate_any(self, state: _State, leaves: list[Leaf]) -> NodeResult:
        """match=any: rank by how much of the query one passage shares (a pasted sentence finds its source).

        Each passage sums the scores of the query terms it contains, scaled by the share of terms it contains
        (coordination); a document scores by its best passage plus its title. Metadata field terms filter.
        """
        n = len(state.docs)
        mask = np.ones(n, dtype=bool)
        hits: list[LeafHits] = []
        for leaf in leaves:
            if leaf.field in FILTER_FIELDS:
                mask &= self._evaluate(state, leaf).mask
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
        for h in hits:
            np.add.at(passage_score, h.pids, h.scores)
            passage_terms[h.pids] += 1
            self._characters(state, h, characters, passage_score, passage_terms)
            in_doc = np.zeros(n, dtype=bool)
            in_doc[state.passage_doc[h.pids]] = True
            in_doc |= h.title > 0
            doc_terms += in_doc
            title += h.title
        passage_score *= (passage_terms / terms) ** COORDINATION
        passage_score += REGIONAL_BIGRAM_WEIGHT * self._regional_bigrams(
            state, " ".join(leaf.text for leaf in leaves if leaf.field is None))
        score = np.zeros(n)
        if state.n_passages:
            np.maximum.at(score, state.passage_doc, passage_score)
        score += title * (doc_terms / terms) ** COORDINATION
        return NodeResult(mask & (doc_terms > 0), score, hits)

    @staticmethod
    def _regional_bigrams(state: _State, text: str) -> np.ndarray:
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
                scores[pids] += _bm25(tf.astype(np.float64), len(pids), state.n_passages,
                                      state.passage_length[pids], state.avg_passage)
        return scores

    @staticmethod
    def _characters(state: _State, h: LeafHits, cache: dict, passage_score: np.ndarray,
                    passage_terms: np.ndarray) -> None:
        """match=any: a word missing from a passage still counts in part through the characters it shares with it.

        The two sides of the strait often write one notion with different words that share characters (验证 and
        认证, 虚拟机器 and 虚拟机, 目前 and 当前). Where a word (or its alternatives) does not occur, each of its
        characters that does adds its own BM25 (times CHARACTER_WEIGHT), and the word counts as that share of
        a term for coordination. Common characters have a low IDF, so they add little.
        """
        leaf = h.plan.leaf
        if leaf.field is not None or leaf.exact or leaf.prefix:
            return
        chars = list(dict.fromkeys("".join(h.plan.variants[0].han)))
        if len(chars) < 2:
            return
        for c in chars:
            if c not in cache:
                cache[c] = state._han(c)
            pids, scores = cache[c]
            if not len(pids):
                continue
            at = np.searchsorted(h.pids, pids)
            missing = at >= len(h.pids)
            missing[~missing] = h.pids[at[~missing]] != pids[~missing]
            passage_score[pids[missing]] += CHARACTER_WEIGHT * scores[missing]
            passage_terms[pids[missing]] += 1.0 / len(chars)

    # --- public -----------------------------------------------------------------------------------------

    def search(self, query: str, *, limit: int = 10, offset: int = 0, match: str = "all",
               display: str = "original", filters: dict | None = None, sort: str = "relevance",
               explain: bool = False, budget: Budget | None = None) -> dict:
        """Search the index; returns the public result object (see README, "JSON").

        ``sort``: ``relevance``; ``date``, newest first; ``-date``, oldest first. Documents without a date come
        after the dated ones in either order, and ties keep the relevance order, so paging is stable.
        """
        started = time.perf_counter()
        _check_params(query, limit, offset, match, display, sort)
        tree = _parse(query, match)
        if isinstance(tree, Not):
            raise InvalidParameter("a query needs at least one term that is not negated")
        exploded = _explode_for_any(tree) if match == "any" else []
        if len(exploded) > query_lang.MAX_LEAVES:
            raise QueryTooExpensive(f"the query has more than {query_lang.MAX_LEAVES} words")
        state = self._live_state()
        with state.lock, _reading(state.gen):
            state.spend = (budget or Budget.for_index(state.g.postings)).spend
            if match == "any":
                result = self._evaluate_any(state, exploded)
                for excluded in _negated(tree):
                    result.mask &= ~self._evaluate(state, excluded).mask
            else:
                result = self._evaluate(state, tree)
                _known_items(state, query, tree, result)
            mask = result.mask & self._filter_mask(state, filters)
            candidates = np.flatnonzero(mask)
            keys = [state.tie_rank[candidates], -result.score[candidates]]
            if sort != "relevance":
                dates = state.date_key[candidates]
                keys += [-dates if sort == "date" else dates, dates < 0]
            order = np.lexsort(keys)
            ranked = candidates[order]
            page = ranked[offset : offset + limit]
            results = [self._result(state, int(d), float(result.score[d]), result.leaves, display) for d in page]
        return {
            "query": query,
            "total": int(len(ranked)),
            "took_ms": round((time.perf_counter() - started) * 1000, 2),
            "results": results,
            "facets": _facets(state, ranked),
        }

    def _filter_mask(self, state: _State, filters: dict | None) -> np.ndarray:
        mask = np.ones(len(state.docs), dtype=bool)
        for key, value in (filters or {}).items():
            if value is None or value == "":
                continue
            if key not in FILTER_FIELDS:
                raise InvalidParameter(f"unknown filter {key!r}: use one of {', '.join(FILTER_FIELDS)}")
            mask &= np.array([_meta_matches(info, key, str(value)) for info in state.docs], dtype=bool)
        return mask

    def _result(self, state: _State, d: int, score: float, leaves: list[LeafHits], display: str) -> dict:
        info = state.docs[d]
        text = state.text(d)
        passage_scores: dict[int, float] = {}
        targets = []
        for hits in leaves:
            sel = state.passage_doc[hits.pids] == d if len(hits.pids) else np.zeros(0, dtype=bool)
            if sel.any() or hits.plan.leaf.field == "title":
                targets.extend(hits.plan.targets)
            for pid, s in zip(hits.pids[sel].tolist(), hits.scores[sel].tolist()):
                passage_scores[pid] = passage_scores.get(pid, 0.0) + s
        if not targets:
            targets = [t for hits in leaves for t in hits.plan.targets]
        ranked = sorted(passage_scores.items(), key=lambda kv: (-kv[1], kv[0]))
        if ranked:
            best = ranked[0][1]
            chosen = [pid for pid, s in ranked[:MAX_PASSAGES] if s >= PASSAGE_SHARE * best]
        else:
            chosen = [int(state.first_pid[d])] if state.first_pid[d] >= 0 else []
        passages, matches = [], {}
        for pid in chosen:
            start, end = int(state.passage_begin[pid]), int(state.passage_end[pid])
            ptext = text[start:end]
            # A run may go on across a line break into the next passage: look a little past the end, mark the
            # part inside this passage.
            found = [h for h in find_hits(text[start : end + SPILL], targets) if h.start < len(ptext)]
            found = [h if h.end <= len(ptext) else replace(h, end=len(ptext)) for h in found]
            for hit in found:
                key = (hit.target.query, ptext[hit.start : hit.end])
                if key not in matches:
                    matches[key] = _via(hit, ptext)
            stored = info["passages"][int(state.passage_n[pid])]
            passages.append({
                "text": convert_for_display(ptext, display),
                "start": start,
                "end": end,
                "section": convert_for_display(stored[2], display),
                "article": convert_for_display(stored[3], display),
                "highlights": merge_spans(found),
            })
        return {
            "doc_id": state.doc_ids[d],
            "title": convert_for_display(info["title"], display),
            "score": round(score, 4),
            "script": info["script"],
            "meta": info.get("meta", {}),
            "passages": passages,
            "matches": [{"query": q, "matched": w, "via": via} for (q, w), via in matches.items()],
        }

    def document(self, doc_id: str, query: str | None = None, match: str = "all",
                 display: str = "original") -> dict:
        """A whole document: its text as cleaned, title, script, outline, passages and metadata.

        With ``query``, ``highlights`` marks every match of the query's terms in the whole text (code-point spans),
        as a result's passages mark them, so a reader can step from one match to the next.
        """
        _check_modes(match, display)
        state = self._live_state()
        d = state.ordinal.get(doc_id)
        if d is None:
            raise DocumentNotFound(f"no document {doc_id!r} in the index")
        info = state.docs[d]
        with _reading(state.gen):
            text = state.text(d)
        highlights: list = []
        if query is not None and query.strip():
            _check_params(query, 1, 0, match, display)
            targets = [t for leaf in _query_leaves(query, match) if (plan := plan_leaf(leaf)) for t in plan.targets]
            highlights = merge_spans(find_hits(text, targets)) if targets else []
        return {
            "doc_id": doc_id,
            "title": convert_for_display(info["title"], display),
            "script": info["script"],
            "format": info.get("format", "txt"),
            "meta": info.get("meta", {}),
            "text": convert_for_display(text, display),
            "sections": [{"start": s, "end": e, "level": lvl, "text": convert_for_display(t, display)}
                         for s, e, lvl, t in info["headings"]],
            "passages": [{"start": s, "end": e, "section": convert_for_display(sec, display),
                          "article": convert_for_display(article, display)}
                         for s, e, sec, article in info["passages"]],
            "highlights": highlights,
        }

    def stats(self) -> dict:
        """What the index holds, how it was built and what each part of it takes on disk."""
        state = self._live_state()
        manifest = state.manifest
        return {
            "documents": len(state.docs),
            "passages": state.n_passages,
            "segments": len(state.g.parts),
            "size_bytes": state.size,
            "parts": generation_parts(manifest["files"]),
            "built_at": manifest.get("built_at"),
            "format_version": manifest.get("format_version"),
            "pipeline_version": manifest.get("pipeline_version"),
            "dictionary_version": manifest.get("dictionary_version"),
        }


def _via(hit, passage_text: str) -> str:
    """How a query term joined the document's word: exact, script, substring, regional or synonym."""
    target = hit.target
    if target.via != "exact":
        return target.via
    if not target.latin and is_partial_word(passage_text, hit.start, hit.end):
        return "substring"
    original = passage_text[hit.start : hit.end]
    if original in target.query or original.lower() in target.query.lower():
        return "exact"
    return "script"


def _facets(state: _State, ranked: np.ndarray) -> dict:
    counts = {"year": Counter(), "agency": Counter(), "type": Counter(), "script": Counter()}
    for d in ranked.tolist():
        info = state.docs[d]
        meta = info.get("meta", {})
        counts["script"][info["script"]] += 1
        for key in ("year", "agency", "type"):
            if meta.get(key):
                counts[key][str(meta[key])] += 1
    return {k: dict(v.most_common()) for k, v in counts.items()}
