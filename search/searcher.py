"""Searching one index folder: parse → plan → evaluate → rank → passages and highlights → result.

``Searcher`` holds the opened generation (``index.generation``) and its scoring model (``scoring``), follows new
generations as ``tongwen index`` writes them, and runs each request through the modules of its steps: ``query``
(parse), ``plan`` (what a leaf means), ``tree`` (evaluate), ranking here (the documents a query names by their title,
short name or number first), ``results`` (passages, highlights, facets).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from whoosh import scoring as whoosh_scoring

from tongwen.index import generations, numerals, store
from tongwen.index.readers import readers_agree
from tongwen.index.store import READERS_MEANING, READERS_VERSION
from tongwen.index.analysis import WORDS
from tongwen.index.errors import DocumentNotFound, IndexDamaged, InvalidParameter, QueryTooExpensive, TongwenError
from tongwen.index.generation import Generation
from tongwen.index.generations import generation_parts
from tongwen.index.leases import READERS_GRACE_SECONDS
from tongwen.index.names import TITLE, known_item_key

from . import query as query_lang
from .bm25 import B, K1
from .budget import Budget
from .contract import check_modes, check_params
from .filters import active_filters, filter_mask
from .plan import plan_leaf
from .query import Not, positive_leaves
from .results import document_view, facets, in_article, shape_result
from .scoring import PassageBM25
from .shapes import DocumentView, SearchPage, Stats
from .tree import (NodeResult, complete_page, evaluate, evaluate_any, explode_for_any, negated,
                   parse, query_leaves)


def _open(index_dir: Path, checksums: "bool | generations.Verified",
          previous: PassageBM25 | None = None) -> PassageBM25:
    # Every query is segmented: jieba's dictionary is ready with the index, not loaded by a first query (mapped from
    # a table, where one was written before: ``prefix_table``).
    WORDS.prepare(for_queries=True)
    # ``previous``: the generation open until now, whose segments the new one mostly shares (read once, kept). A
    # file garbled where its size is still right is found by what reading it does (a one-off command checks sizes).
    with _reading(generations.pointer(Path(index_dir))):
        g = Generation(index_dir, checksums=checksums, weighting=whoosh_scoring.BM25F(B=B, K1=K1),
                       previous=previous.g if previous is not None else None)
    if isinstance(checksums, generations.Verified):
        checksums.save()  # forget the files of generations gone, so that memory follows the index, not its history
    with _reading(g.folder):
        return PassageBM25(g, previous)


@contextmanager
def _reading(gen: Path | None) -> Iterator[None]:
    """Turn a failure that comes from a damaged file of ``gen`` into IndexDamaged naming the file."""
    try:
        yield
    except (TongwenError, OSError):  # OSError: the generation was removed by a newer run; callers retry
        raise
    except Exception as err:
        problem = generations.damage(gen, checksums=True) if gen is not None else None
        if problem is None:
            raise
        raise IndexDamaged(f"the index is damaged: {problem}; rebuild it with `tongwen index --rebuild`") from err


@contextmanager
def _spending(state: PassageBM25, budget: Budget) -> Iterator[None]:
    """The request's budget on the state while the request runs, and none of it left behind: a stale deadline
    would refuse whatever reads the state next outside a search (a document view, a test)."""
    state.spend = budget.spend
    try:
        yield
    finally:
        state.spend = Budget.unlimited().spend


def _sizes_changed(state: PassageBM25) -> str | None:
    """A file of the open generation whose size changed, when only its size can tell (see ``index.leases``)."""
    leases = state.g.leases
    if leases.held and not leases.changed.is_set():
        # Held read leases hold back any truncation or write until the requests reading are done and the generation
        # is marked changed: a stat per file per request (hundreds of files at a gigabyte) would tell nothing more.
        # Once a lease is broken it is let go, and sizes are all there is to go by.
        return None
    return generations.sizes_changed(state.gen, state.manifest["files"])


def rank_keys(state: PassageBM25, score: np.ndarray, candidates: np.ndarray, sort: str) -> list[np.ndarray]:
    """What the matching documents are ordered by, primary key first, one value per candidate: score (best first),
    then document id, so ties always fall the same way; sorted by date, the date comes first, undated last (by
    ``revised``: the date of the text as it stands, its latest revision's where it has one)."""
    keys = [-score[candidates], state.tie_rank[candidates]]
    if sort != "relevance":
        dates = (state.revised_key if sort.endswith("revised") else state.date_key)[candidates]
        undated = np.iinfo(np.int64).max
        keys.insert(0, np.where(dates < 0, undated, dates if sort.startswith("-") else -dates))
    return keys


# Below this many candidates a page is taken from a full sort: selecting first saves nothing.
SELECT_FROM = 1024


def first_ranked(keys: list[np.ndarray], n: int) -> np.ndarray:
    """Where the first ``n`` candidates in the order of ``keys`` are, in that order.

    A common word matches most of a large index; sorting all its documents to show ten is most of the query's time.
    The candidates are first cut to those whose primary key is no worse than the ``n``-th best (ties included, so
    the cut loses none of the first ``n``), and only those are sorted.
    """
    count = len(keys[0])
    if count > SELECT_FROM and 0 < n < count // 4:
        primary = keys[0]
        bound = np.partition(primary, n - 1)[n - 1]
        kept = np.flatnonzero(primary <= bound)
        return kept[np.lexsort([key[kept] for key in reversed(keys)])][:n]
    return np.lexsort(list(reversed(keys)))[:n]


def _names_in(query: str, tree) -> list[set[str]]:
    """What in a query may name a document, most specific first: the whole query, then each term and the law of a
    citation (normalized)."""
    whole = {known_item_key(query)} - {""}
    parts = set()
    for leaf in positive_leaves(tree):
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


# A query with a numeral before 号 may be a document's number (海政发[2016]40号, 国务院令第五八八号, 府授資字第
# 11230012號); only such a query makes the filter table that numbers are looked up in (once per segment).
_NUMBER_MARK = re.compile("[0-9０-９〇零一二三四五六七八九十百千] ?[号號]")
_QUERY_QUOTES = re.compile('["“”]')


# An announcement cited by its year and serial, as people write it: 2023年第12号公告 (numbered …公告2023年第12号).
_ANNOUNCEMENT_CITED = re.compile(
    r"^\s*(?P<year>[0-9]{4})\s*年\s*第\s*(?P<serial>[0-9]{1,5})\s*[号號]\s*(?P<kind>[公通]告)\s*$")


def _numbered(state: PassageBM25, query: str) -> np.ndarray:
    """The documents whose number is the whole query, in any bracket form, spacing or script: the number may be
    lost from a document's text (a letterhead line broken by a PDF's extraction, 海政发〔201640) and held by its
    metadata, read from the number's parts. An announcement cited as 2023年第12号公告 names those numbered so."""
    if not _NUMBER_MARK.search(query):
        return np.empty(0, dtype=np.int64)
    cited = _ANNOUNCEMENT_CITED.match(query.translate(numerals.ASCII_DIGITS))
    if cited:
        return np.flatnonzero(state.filter_table.mask(
            "number", f"{cited['kind']}{cited['year']}年第{int(cited['serial'])}号"))
    return state.filter_table.equal("number", _QUERY_QUOTES.sub("", query))


def named_documents(state: PassageBM25, names_in: list[set[str]], numbered: np.ndarray) -> np.ndarray:
    """Every document a query may name, by the names in it (``_names_in``) and its number (``_numbered``):
    ``known_items`` ranks first those of the most specific names that match."""
    found = {d for names in names_in for name in names for d, _tier in state.named(name)}
    found.update(numbered.tolist())
    return np.array(sorted(found), dtype=np.int64)


def known_items(state: PassageBM25, names_in: list[set[str]], numbered: np.ndarray, result: NodeResult) -> None:
    """Rank first the documents a query names: by their whole title or number, then by their short name (教育法
    names 中华人民共和国教育法, not 高等教育法; 刑法 names 中华人民共和国刑法, not 刑法修正案（八）). A document
    the query numbers matches by its number, whether or not its text holds it."""
    named: dict[int, int] = {}
    for d in numbered.tolist():
        result.mask[d] = True
        named[d] = TITLE
    for names in names_in:  # the whole query naming a document outranks a term naming others
        for name in names:
            for d, tier in state.named(name):
                if result.mask[d]:
                    named[d] = max(named.get(d, 0), tier)
        if named:
            break
    if not named:
        return
    top = float(result.score.max()) if len(result.score) else 0.0
    for d, tier in named.items():
        result.score[d] += top * tier + tier


class Searcher:
    """Answers queries over one index folder; safe to share between threads, picks up rebuilt indexes.

    ``checksums`` reads every file of a generation against its CRC-32 when it is opened, but for files this
    searcher read before (same inode, size and time: the segments a new generation shares with the last one); the
    server does, a one-off command checks sizes only. A generation whose files change size while it is open is
    damaged: the searcher moves to the newest whole generation, or answers IndexDamaged until one is written.
    """

    def __init__(self, index_dir: Path, checksums: bool = False):
        self.index_dir = Path(index_dir)
        self.checksums = checksums
        # The files this searcher has read against their checksums, by inode, size and time: a generation shares
        # all but its new segments' files with the one before, and those are not read again on each refresh (at a
        # gigabyte, reading every file again would cost seconds per update).
        self._verified = generations.Verified(None) if checksums else None
        self._state = _open(self.index_dir, self._verified or False)
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
        broken = _sizes_changed(state)
        # Another process asked to truncate or write one of its files (a lease break): read it again, verified.
        changed = state.g.leases.changed.is_set() and self._damaged is None
        if not broken and not changed and self._damaged is None and generations.pointer(self.index_dir) == state.gen:
            # Still the generation CURRENT names, and whole as opened: nothing to verify again. Checking every file
            # of it would cost a stat per file, several hundred at a gigabyte, on every refresh.
            return
        live = store.current_generation(self.index_dir)
        if live is None or (live == state.gen and not broken and not changed):
            if broken:
                self._damaged = f"the index is damaged: {broken}; rebuild it with `tongwen index --rebuild`"
            return
        with self._refresh_lock:
            if self._state is state:
                if changed:  # the change goes ahead once the reads in flight are done: read what it left
                    state.g.leases.released.wait(READERS_GRACE_SECONDS)
                try:
                    # The old state is dropped, not closed: requests still running on it finish normally.
                    # A generation left because a file of it moved hands nothing on: all is read again, verified.
                    self._state = _open(self.index_dir, self._verified or False,
                                        None if changed or broken or self._damaged else state)
                except IndexDamaged as exc:
                    if not changed:
                        raise
                    self._damaged = str(exc)
                    return
                self._damaged = None

    def _live_state(self) -> PassageBM25:
        if self.checksums and not self._damaged:
            # A server checks its files' sizes before every request (a few stat calls): a file truncated in place
            # is taken out of service before this request maps past its end, not only at the next refresh.
            state = self._state
            if state.g.leases.changed.is_set() or _sizes_changed(state):
                self.refresh()
        if self._damaged:
            raise IndexDamaged(self._damaged)
        return self._state

    @contextmanager
    def _read_state(self) -> Iterator[PassageBM25]:
        """The live state, counted as read until the block ends, so that another process's change to one of its
        files waits for this request (see ``index.leases``)."""
        for _ in range(2):
            state = self._live_state()
            if state.g.leases.enter():
                try:
                    yield state
                finally:
                    state.g.leases.leave()
                return
            self.refresh()  # a change was asked for after the check above: the next state is read instead
        raise IndexDamaged("the index is being changed by another process; try again")

    def search(self, query: str, *, limit: int = 10, offset: int = 0, match: str = "all",
               display: str = "original", filters: dict | None = None, sort: str = "relevance",
               budget: Budget | None = None) -> SearchPage:
        """Search the index; returns the public result object (see README, "JSON").

        ``sort``: ``relevance``; ``date``, newest first; ``-date``, oldest first. Documents without a date come
        after the dated ones in either order, and ties keep the relevance order, so paging is stable.
        """
        started = time.perf_counter()
        check_params(query, limit, offset, match, display, sort)
        tree = parse(query, match)
        if isinstance(tree, Not):
            raise InvalidParameter("a query needs at least one term that is not negated")
        exploded = explode_for_any(tree) if match == "any" else []
        if len(exploded) > query_lang.MAX_LEAVES:
            raise QueryTooExpensive(f"the query has more than {query_lang.MAX_LEAVES} words")
        with (self._read_state() as state, state.lock, _reading(state.gen),
              _spending(state, budget or Budget.for_index(state.g.postings))):
            # The filter table is made when a query first filters: a search without filters never waits for it.
            wanted = active_filters(filters)
            allowed = filter_mask(state.filter_table, wanted) if wanted else np.ones(len(state.docs), dtype=bool)
            if match == "any":
                result = evaluate_any(state, exploded)
                for excluded in negated(tree):
                    result.mask &= ~evaluate(state, excluded).mask
            else:
                # The request's filters pick the documents first: a term is scored only in those. Ranked by
                # relevance, only the page and the documents the query names need their scores in full.
                result = evaluate(state, tree, None if allowed.all() else allowed, bounded=sort == "relevance")
                # What the query names, worked out once for the page's scores and the ranking.
                names_in, numbered = _names_in(query, tree), _numbered(state, query)
                complete_page(result, offset + limit, named_documents(state, names_in, numbered), allowed)
                known_items(state, names_in, numbered, result)
            mask = result.mask & allowed
            candidates = np.flatnonzero(mask)
            keys = rank_keys(state, result.score, candidates, sort)
            page = candidates[first_ranked(keys, offset + limit)[offset:]]
            results = [shape_result(state, int(d), float(result.score[d]), result.leaves, display) for d in page]
            found = facets(state, candidates, keys)
        return SearchPage(
            query=query,
            total=int(len(candidates)),
            took_ms=round((time.perf_counter() - started) * 1000, 2),
            limit=limit,
            offset=offset,
            results=results,
            facets=found,
        )

    def document(self, doc_id: str, query: str | None = None, match: str = "all",
                 display: str = "original", article: str | None = None) -> DocumentView:
        """A whole document: its text as cleaned, title, script, outline, passages and metadata.

        With ``query``, ``highlights`` marks every match of the query's terms in the whole text (code-point spans),
        as a result's passages mark them, so a reader can step from one match to the next. With ``article``
        (第十七条), ``passages`` holds that article's passages only: where to read it in the text.
        """
        check_modes(match, display)
        with self._read_state() as state, _reading(state.gen):
            d = state.ordinal.get(doc_id)
            if d is None:
                raise DocumentNotFound(f"no document {doc_id!r} in the index")
            targets: list = []
            if query is not None and query.strip():
                check_params(query, 1, 0, match, display)
                targets = [t for leaf in query_leaves(query, match) if (plan := plan_leaf(leaf)) for t in plan.targets]
            view = document_view(state, d, state.text(d), targets, display)
        return in_article(view, article) if article is not None and article.strip() else view

    def stats(self) -> Stats:
        """What the index holds, how it was built and what each part of it takes on disk."""
        state = self._live_state()
        manifest = state.manifest
        return Stats(
            documents=len(state.docs),
            passages=state.n_passages,
            segments=len(state.g.parts),
            size_bytes=state.size,
            parts=generation_parts(manifest["files"]),
            built_at=manifest.get("built_at"),
            format_version=manifest.get("format_version"),
            pipeline_version=manifest.get("pipeline_version"),
            dictionary_version=manifest.get("dictionary_version"),
            readers_version=manifest.get(READERS_VERSION),
            readers_current=readers_agree(manifest.get(READERS_VERSION), manifest.get(READERS_MEANING)),
        )
