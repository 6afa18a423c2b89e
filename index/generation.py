"""Reading a generation: its Whoosh segments and their literal folders, opened together, as one snapshot.

A generation is a list of segments (Whoosh's table of contents), each with deleted records marked there. Opening
it maps every segment's literal arrays and lays out, once, what a query needs across segments: the live passages
numbered 0..n-1 in segment order (``pid``), the live documents numbered the same way (``d``), and for each segment
the map from its own passage numbers to ``pid`` (-1 for a deleted one). Term statistics are taken over all live
segments, so a score does not depend on how the documents happen to be split into segments.
"""

from __future__ import annotations

import functools
import itertools
import math
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import segments as literal_segments
from .adapters import posting_arrays, segments_of, term_info
from . import store
from .errors import IndexDamaged
from .generations import Verified
from .leases import Leases
from .literal import LiteralIndex, sorted_member
from .texts import StringTable, TextStore

# Stored records kept read (a document opened is often opened again).
PAYLOAD_CACHE = 256
# Words whose posting counts are kept (``word_frequency``): a server's whole working vocabulary, a few MB at most.
FREQUENCY_CACHE = 1 << 16
# The files a generation reads through memory maps.
MAPPED = (".seg", ".npy")


@dataclass(frozen=True)
class Opened:
    """What a segment's files give, whatever documents of it are deleted: read once per segment, and handed on to
    the next generation that has the segment (segments never change once written), so a refresh after an update
    reads the new segments only."""

    key: tuple  # the segment's id and its document table's device, inode, size and time: the same files
    literal: LiteralIndex
    texts: TextStore
    labels: StringTable
    doc_ids: list[str]  # its documents' ids, deleted ones too, in document order
    summaries: literal_segments.Summaries  # and their summaries
    # Reads their titles as compared and the names they answer to, as written with the segment (None: work them out);
    # read once, by the searcher that makes its tables of them, and not kept here.
    names: Callable[[], tuple[list[str], dict] | None]
    # What a searcher reads of each document to rank, sort and count it, as written with the segment (``figures``;
    # None: worked out from the summaries).
    figures: dict | None
    # How many of its passages hold a Han character, for the characters asked so far (its files never change).
    char_passages: dict = field(default_factory=dict, compare=False)

    @functools.cached_property
    def tokens(self) -> int:
        """The exact word count of all its passages, deleted ones too: summed once, not on every refresh."""
        return int(np.asarray(self.literal.tables["passage_tokens"]).sum(dtype=np.int64))


@dataclass(frozen=True)
class _Part:
    """One segment's literal index and where its live passages go in the generation's numbering."""

    opened: Opened  # its files as read
    # The generation's passage number of each of the segment's passages, -1 when deleted; None when none is deleted
    # (they then follow ``first_pid`` in order): a number per passage is 30 MB at a gigabyte, per worker.
    pid: np.ndarray | None
    first_pid: int  # the generation's number of the segment's first live passage; the others follow it
    live: np.ndarray | None  # the segment's number of each live passage, in order (None: none deleted)
    doc_number: np.ndarray  # the generation's number of each of the segment's documents, -1 when deleted
    first_docnum: int  # the Whoosh document number of the segment's first record in the generation's searcher

    @property
    def literal(self) -> LiteralIndex:
        """The segment's literal index."""
        return self.opened.literal

    @property
    def texts(self) -> TextStore:
        """The segment's documents' texts."""
        return self.opened.texts

    @property
    def labels(self) -> StringTable:
        """The segment's section and article labels."""
        return self.opened.labels

    def local(self, pids):
        """The segment's own numbers of the generation's passages ``pids`` (a number or an array; all its own)."""
        at = pids - self.first_pid
        return at if self.live is None else self.live[at]

    def numbered(self, local: np.ndarray) -> np.ndarray:
        """The generation's numbers of the segment's passages ``local`` (-1 for deleted ones). With none deleted they
        follow ``first_pid`` in order: an addition, not a look-up in ``pid`` for each of a common pair's hundreds of
        thousands of passages."""
        if self.pid is None:
            return (local + self.first_pid).astype(np.int64, copy=False)
        return self.pid[local]

    def holding(self, run: str) -> int:
        """How many of the segment's passages, deleted ones too, hold a pair of Han characters (as stored) or one
        character (counted the first time it is asked, then remembered by the segment's files)."""
        if len(run) == 2:
            return self.literal.pair_passages(run)
        held = self.opened.char_passages.get(run)
        if held is None:
            held = self.opened.char_passages[run] = len(self.literal.passage_counts(run)[0])
        return held

    @functools.cached_property
    def deleted(self) -> np.ndarray:
        """The segment's numbers of its deleted passages, ascending."""
        return np.empty(0, dtype=np.int64) if self.pid is None else np.flatnonzero(self.pid < 0)

    @functools.cached_property
    def live_docs(self) -> np.ndarray:
        """The segment's numbers of its live documents, ascending."""
        return np.flatnonzero(self.doc_number >= 0)


class Generation:
    """One opened generation: Whoosh searcher, literal segments and the passage and document tables, loaded once.

    Safe to share between threads: Whoosh reads go through ``lock``.
    """

    def __init__(self, index_dir: Path, *, checksums: "bool | Verified" = False, weighting=None,
                 previous: "Generation | None" = None):
        ix, manifest, gen = store.open_generation(index_dir, checksums=checksums)
        self.folder = gen
        self.manifest = manifest
        self.searcher = ix.searcher(weighting=weighting) if weighting is not None else ix.searcher()
        self.lock = threading.RLock()
        # Leases on what is memory-mapped (Whoosh's segment files, the literal arrays): see ``leases``.
        self.leases = Leases(gen / name for name in manifest["files"] if name.endswith(MAPPED))
        self._payloads: dict[int, dict] = {}
        self._word_frequency: dict[str, int] = {}
        self._live_frequency: dict[str, int] = {}
        self._load(ix, {part.opened.key: part.opened for part in previous.parts} if previous is not None else {})

    def _open_segment(self, sid: str, known: dict) -> Opened:
        folder = literal_segments.folder(self.folder, sid)
        st = (folder / literal_segments.DOCS).stat()
        key = (sid, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
        if key in known:
            return known[key]
        figures = literal_segments.read_figures(self._table(folder / literal_segments.FIGURES))
        summaries = self._table(folder / literal_segments.SUMMARIES)
        docs = self._table(folder / literal_segments.DOCS)
        return Opened(key, LiteralIndex.load(folder), TextStore(folder), literal_segments.read_labels(self.folder, sid),
                      literal_segments.read_doc_table(self.folder, sid, docs.decode("utf-8") if docs else None).doc_id,
                      literal_segments.Summaries.read(folder / literal_segments.SUMMARIES, summaries,
                                                      figures["length"] if figures is not None else None),
                      functools.partial(self._names, folder), figures)

    def _table(self, path: Path) -> bytes | None:
        """A segment's JSON table as read, checked against the checksum the generation's manifest keeps for it (None
        where the manifest has none: an index written before the table was). A one-off command checks the sizes of
        the other files only; a table garbled in place would otherwise be read as it stands, or, read a document at
        a time, fail in the middle of a search. The tables are a few megabytes at a gigabyte: milliseconds."""
        name = path.relative_to(self.folder).as_posix()
        entry = self.manifest["files"].get(name)
        if entry is None:
            return None
        data = path.read_bytes()
        if zlib.crc32(data) != entry[1]:
            raise IndexDamaged(f"the index is damaged: {self.folder.name}/{name} does not match its checksum; "
                               "rebuild it with `tongwen index --rebuild`")
        return data

    def _names(self, folder: Path) -> tuple[list[str], dict] | None:
        """A segment's titles as compared and their names, as written with it (None: work them out)."""
        path = folder / literal_segments.NAMES
        data = self._table(path)
        return literal_segments.read_names(data) if data is not None else None

    def _load(self, ix, known: dict) -> None:
        parts: list[_Part] = []
        columns: dict[str, list[np.ndarray]] = {}
        doc_ids: list[str] = []
        offset, n_passages, tokens = 0, 0, 0
        for seg in segments_of(ix):
            opened = self._open_segment(seg.segment_id(), known)
            lit = opened.literal
            t = lit.tables
            live = literal_segments.live_docs(lit, np.fromiter(seg.deleted_docs(), dtype=np.int64))
            keep = live[t["passage_doc"]]
            pid = None
            if not keep.all():
                pid = np.full(len(keep), -1, dtype=np.int64)
                pid[keep] = n_passages + np.arange(int(keep.sum()))
            doc_index = np.full(len(live), -1, dtype=np.int32)
            doc_index[live] = len(doc_ids) + np.arange(int(live.sum()))
            doc_ids.extend(itertools.compress(opened.doc_ids, live.tolist()))
            # Most segments have nothing deleted: their mapped columns go to the joined ones as they are, copied
            # once by the join instead of once more by a selection that selects everything.
            passages = slice(None) if keep.all() else keep
            docs = slice(None) if live.all() else live
            # The live passages' words: the segment's total less its deleted passages' (few between merges).
            gone = 0 if keep.all() else int(np.asarray(t["passage_tokens"][~keep]).sum(dtype=np.int64))
            tokens += opened.tokens - gone
            pieces = {
                "passage_doc": doc_index[t["passage_doc"][passages]],
                "passage_words": t["passage_words"][passages],
                "passage_length": np.asarray(lit.passage_length)[passages],
                "doc_docnum": t["doc_docnum"][docs].astype(np.int64) + offset,
                "doc_part": np.full(int(live.sum()), len(parts), dtype=np.int32),
                "doc_block": t["doc_block"][docs].astype(np.int64),
                "doc_local": np.flatnonzero(live),
                "doc_length": opened.summaries.length[docs],
            }
            for name, piece in pieces.items():
                columns.setdefault(name, []).append(piece)
            parts.append(_Part(opened, pid, n_passages, None if keep.all() else np.flatnonzero(keep), doc_index,
                               offset))
            n_passages += int(keep.sum())
            offset += seg.doc_count_all()
        # Document, record and passage numbers and word counts fit in 32 bits (a Whoosh index numbers its records in
        # 32): half the memory of every worker's tables, which at 100× hold 3.7 million passages.
        empty = {"passage_doc": np.int32, "passage_words": np.int32, "passage_length": np.int32, "doc_docnum": np.int64,
                 "doc_part": np.int32, "doc_block": np.int64, "doc_local": np.int64, "doc_length": np.int64}
        joined = {name: np.concatenate(columns[name]) if name in columns else np.empty(0, dtype=dtype)
                  for name, dtype in empty.items()}
        self.part_first_pid = np.array([part.first_pid for part in parts], dtype=np.int64)
        self.parts = parts
        self.doc_ids = doc_ids
        self.ordinal = {d: i for i, d in enumerate(doc_ids)}
        self.passage_doc = joined["passage_doc"]
        self.passage_words = joined["passage_words"]
        self.passage_length = joined["passage_length"]
        self.doc_part = joined["doc_part"]
        self.doc_block = joined["doc_block"]
        self.n_passages = n_passages
        # The word field's statistics over the live records (a document's and each passage's), as Whoosh's would be
        # of the same documents written at once: a deleted document's still count in Whoosh's until a merge.
        self.live_records = n_passages + len(doc_ids)
        self.body_average = tokens / self.live_records if self.live_records else 0.0
        self.postings = sum(part.literal.postings for part in parts)
        # Whoosh document number → passage number (-1: a document record, or deleted).
        self.docnum_to_pid = np.full(offset + 1, -1, dtype=np.int32)
        for part in parts:
            docnums = part.literal.tables["passage_docnum"]
            docnums = docnums if part.live is None else docnums[part.live]
            first = part.first_pid
            self.docnum_to_pid[docnums.astype(np.int64) + part.first_docnum] = np.arange(first, first + len(docnums),
                                                                                        dtype=np.int32)
        self.doc_docnum = joined["doc_docnum"]
        self.doc_length = joined["doc_length"]
        # Every document's summary (title, length, script, format, metadata); whole records are read when shown.
        self.summaries = _LiveSummaries([part.opened.summaries for part in parts], self.doc_part, joined["doc_local"])
        self.size = sum(size for size, _crc in self.manifest["files"].values())

    def passage_counts(self, run: str, spend=None, whole: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """(passage numbers, occurrences in each) of a normalized Han run, over every live segment (``whole``: a
        count only where it is the whole number, ``LiteralIndex.occurrences``)."""
        found_pids, found_counts = [], []
        for part in self.parts:
            local, counts = part.literal.passage_counts(run, spend, whole)
            if not len(local):
                continue
            pids = part.numbered(local)
            if part.live is not None:
                alive = pids >= 0
                pids, counts = pids[alive], counts[alive]
            found_pids.append(pids)
            found_counts.append(counts)
        return _joined(found_pids, found_counts)

    def character_positions(self, char: str) -> int:
        """How many positions one Han character has over every segment (deleted passages' too): its reading cost."""
        return sum(part.literal.character_positions(char) for part in self.parts)

    def run_positions(self, run: str) -> int:
        """How many positions the rarest character pair of a normalized Han run has (its one character's, for a
        run of one) over every segment: what finding the run costs at most, nothing read."""
        if len(run) == 1:
            return self.character_positions(run)
        return min(sum(part.literal.pair_positions(run[j : j + 2]) for part in self.parts)
                   for j in range(len(run) - 1))

    def passages_holding(self, run: str) -> int:
        """How many live passages hold one Han character or a pair of them over every segment: each segment's count
        (``_Part.holding``), less its deleted passages that hold the run (a binary search or two each, or their
        positions only). What ``passage_counts`` would count.

        A longer run is held by at most as many passages as its rarest pair: that count is the run's, as Lucene
        weighs a phrase by its terms' statistics, never by a pass over every place the phrase occurs."""
        if len(run) > 2:
            return min(self.passages_holding(run[j : j + 2]) for j in range(len(run) - 1))
        total = 0
        for part in self.parts:
            held = part.holding(run)
            if held and part.live is not None:
                held -= len(part.literal.counts_within(run, part.deleted)[0])
            total += held
        return total

    def counts_in_docs(self, run: str, docs: np.ndarray, spend=None,
                       whole: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """``passage_counts`` of a run for the passages of the documents the mask ``docs`` picks only."""
        found_pids, found_counts = [], []
        for part in self.parts:
            local = part.live_docs[docs[part.doc_number[part.live_docs]]]
            if not len(local):
                continue  # no document of the segment: its term dictionary is not even looked at
            at, counts = part.literal.counts_in_docs(run, local, spend, whole)
            if len(at):
                found_pids.append(part.numbered(at))
                found_counts.append(counts)
        return _joined(found_pids, found_counts)

    def counts_within(self, char: str, pids: np.ndarray, spend=None) -> tuple[np.ndarray, np.ndarray]:
        """``passage_counts`` of one Han character, for the passages ``pids`` (sorted) only."""
        found_pids, found_counts = [], []
        for part, lo, hi in self._by_part(pids):
            at, counts = part.literal.counts_within(char, part.local(pids[lo:hi]), spend)
            found_pids.append(part.numbered(at))
            found_counts.append(counts)
        return _joined(found_pids, found_counts)

    def _by_part(self, pids: np.ndarray) -> Iterator[tuple[_Part, int, int]]:
        """(part, lo, hi) for each part holding some of the passages ``pids`` (ascending): ``pids[lo:hi]`` are its."""
        bounds = np.searchsorted(pids, np.append(self.part_first_pid[1:], self.n_passages)).tolist()
        lo = 0
        for part, hi in zip(self.parts, bounds):
            if hi > lo:
                yield part, lo, hi
            lo = hi

    def text(self, d: int, start: int = 0, end: int | None = None) -> str:
        """Code points [start, end) of document ``d``'s text (all of it by default), from the blocks that hold them:
        read on use (most documents are never shown, and a result shows a few passages of one)."""
        part = self.parts[int(self.doc_part[d])]
        return part.texts.read(int(self.doc_block[d]), int(self.doc_length[d]), start, end)

    def _part_of(self, pid: int) -> tuple[_Part, int]:
        """The part holding passage ``pid``, and the passage's number in it."""
        part = self.parts[int(np.searchsorted(self.part_first_pid, pid, "right")) - 1]
        return part, int(part.local(pid))

    def passage_label(self, pid: int) -> tuple[str, str]:
        """(section path, article) of passage ``pid``, as results show them: read from its segment's tables."""
        part, local = self._part_of(pid)
        section, article = part.literal.tables["passage_labels"][local].tolist()
        return part.labels[section], part.labels[article]

    def passage_docnums(self, pids: np.ndarray) -> np.ndarray:
        """The Whoosh document numbers of the passages ``pids`` (ascending)."""
        return self._gathered("passage_docnum", pids, shifted=True)

    def passage_articles(self, pids: np.ndarray) -> np.ndarray:
        """The article numbers of the passages ``pids`` (ascending)."""
        return self._gathered("passage_article", pids)

    def _gathered(self, name: str, pids: np.ndarray, shifted: bool = False) -> np.ndarray:
        """A column of the segments' mapped passage tables for the passages ``pids`` (ascending), each segment's
        range of them read from its table (plus its first record's number, ``shifted``). Read where a query asks, not
        joined for every passage at opening: 15 MB a column per worker at a gigabyte, for what few queries read."""
        out = np.empty(len(pids), dtype=np.int64)
        for part, lo, hi in self._by_part(pids):
            out[lo:hi] = part.literal.tables[name][part.local(pids[lo:hi])]
            if shifted:
                out[lo:hi] += part.first_docnum
        return out

    def passage_span(self, pid: int) -> tuple[int, int]:
        """[begin, end) of passage ``pid`` in its document's text, read from its segment's mapped tables: only
        shown passages ask, so the spans are not joined into every worker's memory (60 MB at a gigabyte)."""
        part, local = self._part_of(pid)
        t = part.literal.tables
        return int(t["passage_begin"][local]), int(t["passage_end"][local])

    def payload(self, d: int) -> dict:
        """The whole stored record of document ``d`` (outline, passages with sections and articles, metadata)."""
        payload = self._payloads.get(d)
        if payload is None:
            with self.lock:
                payload = self._payloads[d] = self.searcher.stored_fields(int(self.doc_docnum[d]))["payload"]
            if len(self._payloads) > PAYLOAD_CACHE:
                self._payloads.pop(next(iter(self._payloads)))
        return payload

    def word_frequency(self, word: str) -> int:
        """How many postings ``word`` has in the word field (deleted documents' too), as Whoosh's ``doc_frequency``
        counts them: looked up in each segment once per generation, not on each of a query's several asks (at a
        gigabyte, a hash lookup in each of a dozen segments every time)."""
        found = self._word_frequency.get(word)
        if found is None:
            with self.lock:
                found = self.searcher.doc_frequency("body", word)
            if len(self._word_frequency) >= FREQUENCY_CACHE:
                self._word_frequency.clear()
            self._word_frequency[word] = found
        return found

    def word_idf(self, word: str) -> float:
        """The IDF of ``word`` in the word field, as Whoosh's BM25 works it out (log(records / (postings + 1)) + 1),
        over the live records only: the same whichever documents were replaced or removed since the last merge."""
        return math.log(self.live_records / (self.live_frequency(word) + 1)) + 1 if self.live_records else 0.0

    def live_frequency(self, word: str) -> int:
        """How many live passages hold ``word`` in the word field: ``word_frequency`` less the postings of deleted
        passages, read from the posting blocks that hold those (few, between merges) and remembered per generation."""
        found = self._live_frequency.get(word)
        if found is not None:
            return found
        found = self.word_frequency(word)
        deleted = self._deleted_docnums
        if found and len(deleted):
            ids, _ = self.word_postings(word, wanted=deleted)
            found -= int(sorted_member(ids, deleted).sum())
        if len(self._live_frequency) >= FREQUENCY_CACHE:
            self._live_frequency.clear()
        self._live_frequency[word] = found
        return found

    @functools.cached_property
    def _deleted_docnums(self) -> np.ndarray:
        """The Whoosh record numbers of the deleted passages of every segment, ascending."""
        found = [part.literal.tables["passage_docnum"][part.deleted].astype(np.int64) + part.first_docnum
                 for part in self.parts if len(part.deleted)]
        return np.concatenate(found) if found else np.empty(0, dtype=np.int64)

    def word_postings(self, word: str, spend=None, wanted: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(Whoosh document numbers, frequencies) of every posting of ``word`` in the word field; with ``wanted``
        (sorted document numbers), only those of the posting blocks that hold one of them."""
        ids, weights = [], []
        fmt = self.searcher.schema["body"].format
        tbytes = word.encode("utf-8")
        for sub, offset in self.searcher.leaf_searchers():
            reader = sub.reader()
            local = None
            if wanted is not None:
                # A segment holding none of the wanted documents is passed by before its term dictionary is looked
                # at: the page's few documents are in a few of a gigabyte's dozen segments.
                inside = wanted[(wanted >= offset) & (wanted < offset + reader.doc_count_all())] - offset
                if not len(inside):
                    continue
                local = inside.tolist()
            info = term_info(reader, "body", tbytes)
            if info is None:
                continue
            if local is None and spend is not None:
                spend(info.doc_frequency())
            # A block at a time; postings of deleted documents come too, and map to no live passage.
            for block_ids, block_weights in posting_arrays(reader, "body", tbytes, fmt, local, info):
                if local is not None and spend is not None:
                    spend(len(block_ids))
                ids.append(block_ids + offset)
                weights.append(block_weights)
        if not ids:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
        return np.concatenate(ids), np.concatenate(weights)


class _LiveSummaries:
    """The summaries of a generation's live documents, by generation number, read from their segments' when asked."""

    def __init__(self, parts: list[literal_segments.Summaries], doc_part: np.ndarray, doc_local: np.ndarray):
        self._parts, self._part, self._local = parts, doc_part, doc_local

    def __len__(self) -> int:
        return len(self._part)

    def __getitem__(self, d: int) -> dict:
        return self._parts[int(self._part[d])][int(self._local[d])]


def _joined(pids: list[np.ndarray], counts: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Per-segment (passage numbers, counts) as one pair; segments number their passages in order, so the
    concatenation is sorted."""
    if not pids:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    return np.concatenate(pids), np.concatenate(counts)
