"""Literal segments: the literal index of each Whoosh segment, written once beside it and merged when it is.

A Whoosh segment is immutable once committed; deleting a document only marks its records deleted in the table of
contents. The literal index follows the same life: the process that writes a Whoosh segment writes its literal
folder (``literal-<segment id>``) too, with the segment's own document numbers, and neither changes afterwards. A
run that changes a few files writes small new segments; a merge policy (tiered, as Lucene's TieredMergePolicy)
merges segments of similar size, ``MAX_MERGE_AT_ONCE`` at a time, so the number of segments grows with the
logarithm of the corpus, until segments reach ``MAX_SEGMENT_RECORDS``, past which no merge goes (and the count grows
with the corpus). A merge copies the live documents of its sources, in the order Whoosh copies them, into one
new segment: Whoosh's postings through its own ``add_reader``, the literal positions by a merge of the sources'
sorted runs, a slice of the code range at a time (memory bounded by the slice, not the segments).

Each literal folder holds the segment's postings (``LiteralIndex``), its passage and document tables, and
``docs.json`` (each document's id, root, content hash and stat, column by column), which is all an update needs to
know what changed: it never reads a stored text or payload of an unchanged document, nor the documents' summaries
(``summaries.json``: title, length, script, format and metadata, which only a searcher reads). It also holds the
documents' texts in compressed blocks and the table of the passages' labels (``index.texts``), which a merge copies
as they are.
"""

from __future__ import annotations

import json
import math
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import figures, generations, names
from .literal import (NARROW_LIMIT, LiteralIndex, LiteralPart, dictionary, distinct, narrow, narrow_counts,
                      passages_holding)
from .texts import StringTable, TextStore, TextWriter, copy_blocks, copy_strings, write_strings

PREFIX = generations.LITERAL_PREFIX
DOCS = "docs.json"
SUMMARIES = "summaries.json"
# The documents' titles as compared and the names they answer to (``names``), written with the segment.
NAMES = "names.json"
# What a searcher reads of every document to rank, sort and count it (``figures``), written with the segment.
FIGURES = "figures.json"
# The table of a segment's distinct passage labels (``<LABELS>_text.npy``, ``<LABELS>_offsets.npy``).
LABELS = "labels"
# Tiered merging: segments are grouped in tiers of TIER_FACTOR× size from FLOOR_RECORDS up; a tier that holds
# SEGMENTS_PER_TIER segments or more has MAX_MERGE_AT_ONCE of its smallest merged into one of the next tier.
FLOOR_RECORDS = 2000
TIER_FACTOR = 10
SEGMENTS_PER_TIER = 10
MAX_MERGE_AT_ONCE = 10
# A segment with more than this share of its records deleted is merged (rewritten without them) at the next run.
MAX_DELETED_SHARE = 0.5
# No merge writes a segment of more live records than this, and a segment of more than half of it merges with no
# other (it is only rewritten alone once mostly deleted), as Lucene's maxMergedSegmentMB. A merge's time and memory
# grow with what it writes: on the 100× law corpus two segments of 400,000 records merged in 38.5 s with a peak of
# 425 MB (the scale benchmark's largest merge), all nine in 184 s and over 1.5 GB, and the tenth such segment would
# have made one update merge the whole index. Past this size the number of segments grows with the corpus instead
# (a query pays some 0.2 ms a segment).
MAX_SEGMENT_RECORDS = 1_000_000
# Positions merged per slice of the code range: what a merge holds in memory at once (about 60 bytes each, with
# their codes, documents, order and sorted copies).
MERGE_SLICE = 1_000_000


def folder(gen: Path, segment_id: str) -> Path:
    """The literal folder of a Whoosh segment in a generation."""
    return gen / f"{PREFIX}{segment_id}"


@dataclass(frozen=True)
class DocEntry:
    """What an update needs of an indexed document: where it came from and what its file was when read."""

    doc_id: str
    root: str
    hash: str
    stat: tuple[int, int]
    # What ranking, filters and facets read of every document (title, length, script, format, metadata); the
    # rest of its record (outline, passages) is read from Whoosh only for the documents a page shows.
    summary: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class DocTable:
    """A segment's ``docs.json``: its documents' ids, roots, hashes and stats as columns, in document order.

    Columns, not a record per document: a run with nothing to do reads every segment's table, and at 40,000
    documents parsing lists of plain strings and numbers costs a fraction of what a dictionary per row costs."""

    doc_id: list[str]
    roots: list[str]  # the distinct roots
    root: list[int]  # each document's, an index into ``roots``
    hash: list[str]
    size: list[int]
    mtime: list[int]

    @classmethod
    def of(cls, entries: list[DocEntry]) -> DocTable:
        """The table of ``entries``."""
        roots = sorted({e.root for e in entries})
        index = {root: k for k, root in enumerate(roots)}
        return cls([e.doc_id for e in entries], roots, [index[e.root] for e in entries], [e.hash for e in entries],
                   [int(e.stat[0]) for e in entries], [int(e.stat[1]) for e in entries])

    def entry(self, k: int, summary: dict | None = None) -> DocEntry:
        """Document ``k`` as an entry."""
        return DocEntry(self.doc_id[k], self.roots[self.root[k]], self.hash[k], (self.size[k], self.mtime[k]),
                        summary or {})

    def to_json(self) -> str:
        """The table as ``docs.json`` holds it."""
        return json.dumps({"doc_id": self.doc_id, "roots": self.roots, "root": self.root, "hash": self.hash,
                           "size": self.size, "mtime": self.mtime}, ensure_ascii=False)


class SegmentLiteralWriter:
    """Collects a new Whoosh segment's documents for the literal index, in document-number order; writes them once."""

    def __init__(self, spool_dir: Path | None = None) -> None:
        self.parts: list[LiteralPart] = []
        self.entries: list[DocEntry] = []
        self.docnums: list[int] = []  # each document's record
        self.rows: list[tuple[int, int, int, int, int, int, int]] = []  # docnum, n, begin, end, article, words, tokens
        self.passage_doc: list[int] = []
        self.labels = Labels()
        self.texts = TextWriter(spool_dir)
        self.first_blocks: list[int] = []
        self.passage_labels: list[int] = []  # section, article: two per passage

    def add(self, entry: DocEntry, docnum: int, part: LiteralPart, rows: list[tuple], labels: list[tuple[str, str]],
            text: str) -> None:
        """Add one document: its record number, literal part, passage rows (docnum, n, begin, end, article,
        words, tokens), each passage's section and article as shown, and its text."""
        if not len(part.lengths) == len(rows) == len(labels):
            raise ValueError(f"the literal part of {entry.doc_id} has {len(part.lengths)} passages, "
                             f"the segment {len(rows)}, the labels {len(labels)}")
        self.passage_labels.extend(self.labels.number(label) for pair in labels for label in pair)
        self.passage_doc.extend([len(self.entries)] * len(rows))
        self.entries.append(entry)
        self.docnums.append(docnum)
        self.first_blocks.append(self.texts.add(text))
        self.parts.append(part)
        self.rows.extend(rows)

    def write(self, gen: Path, segment_id: str) -> None:
        """Write the literal folder of segment ``segment_id`` into ``gen``."""
        sizes = np.array([part.size for part in self.parts], dtype=np.int64)
        postings = np.array([len(part.codes) for part in self.parts], dtype=np.int64)
        parts, self.parts = self.parts, []
        index = LiteralIndex.from_parts(parts)  # empties ``parts``: each part's arrays go once they are sorted in
        rows = np.array(self.rows, dtype=np.int64).reshape(-1, 7)
        index.tables = {
            "passage_docnum": rows[:, 0].astype(np.int32),
            "passage_doc": np.array(self.passage_doc, dtype=np.int32),
            "passage_n": rows[:, 1].astype(np.int32),
            "passage_begin": narrow(rows[:, 2]),
            "passage_end": narrow(rows[:, 3]),
            # The article each passage belongs to (number × 100 + 之N, -1 for none): a query naming it finds it first.
            "passage_article": rows[:, 4].astype(np.int32),
            # Whoosh's own (byte-quantized) word count of each passage, so whole-word BM25 can be computed for many
            # passages at once, equal to what Whoosh's scorer computes one posting at a time.
            "passage_words": rows[:, 5].astype(np.int32),
            # Its exact word count: the live passages' total is the word field's length over live documents, which
            # Whoosh's own total is not once some are deleted (it keeps theirs until a merge, and a merge subtracts
            # their lengths as stored, rounded).
            "passage_tokens": rows[:, 6].astype(np.int32),
            **_doc_tables(np.array(self.docnums, dtype=np.int64), sizes, postings),
            "doc_block": np.array(self.first_blocks, dtype=np.int64),
            # Each passage's section path and article as results show them, numbers into the segment's label table:
            # a page of results reads them here, not from the documents' stored records.
            "passage_labels": np.array(self.passage_labels, dtype=np.int32).reshape(-1, 2),
        }
        _save(gen, segment_id, index, self.entries, self.labels.texts, self.texts)


def _doc_tables(docnums: np.ndarray, sizes: np.ndarray, postings: np.ndarray) -> dict:
    starts = np.zeros(len(sizes), dtype=np.int64)
    if len(sizes) > 1:
        starts[1:] = np.cumsum(sizes[:-1])
    return {"doc_docnum": docnums.astype(np.int32), "doc_start": starts, "doc_size": sizes, "doc_postings": postings}


class Labels:
    """The distinct section paths and article names of a segment's passages, each stored once."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self._numbers: dict[str, int] = {}

    def number(self, text: str) -> int:
        """The number of ``text``, added if new."""
        k = self._numbers.get(text)
        if k is None:
            k = self._numbers[text] = len(self.texts)
            self.texts.append(text)
        return k


def read_labels(gen: Path, segment_id: str) -> StringTable:
    """A segment's labels: what its ``passage_labels`` table numbers."""
    return StringTable(folder(gen, segment_id), LABELS)


def _save(gen: Path, segment_id: str, index: LiteralIndex, entries: list[DocEntry], labels: list[str],
          texts: TextWriter) -> None:
    target = folder(gen, segment_id)
    tmp = target.with_name(target.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    index.save(tmp)
    texts.write(tmp)
    _write_docs(tmp, entries)
    write_strings(tmp, LABELS, labels)
    tmp.replace(target)


def _write_docs(literal_folder: Path, entries: list[DocEntry]) -> None:
    (literal_folder / DOCS).write_text(DocTable.of(entries).to_json(), encoding="utf-8")
    # A JSON list with one summary to a line (``Summaries`` keeps each line as written; JSON escapes every line
    # break inside a value).
    lines = ",\n".join(json.dumps(e.summary, ensure_ascii=False) for e in entries)
    (literal_folder / SUMMARIES).write_text(f"[\n{lines}\n]", encoding="utf-8")
    folded, known = names.of_titles([e.summary.get("title", "") for e in entries])
    (literal_folder / NAMES).write_text(json.dumps({"version": names.VERSION, "titles": folded, "known": known},
                                                   ensure_ascii=False), encoding="utf-8")
    (literal_folder / FIGURES).write_text(json.dumps(figures.of_summaries([e.summary for e in entries]),
                                                     ensure_ascii=False), encoding="utf-8")


def read_names(data: bytes) -> tuple[list[str], dict[str, list[int]]] | None:
    """A segment's titles as compared and the names they answer to (``names.of_titles``), from its ``names.json``
    as read; None for names written by other naming rules (``names.VERSION``): work them out again."""
    written = json.loads(data)
    if written.get("version") != names.VERSION:
        return None
    return written["titles"], written["known"]


def read_figures(data: bytes | None) -> dict | None:
    """A segment's figures (``figures.of_summaries``) from its ``figures.json`` as read; None for a segment written
    before they were (``data`` None) or in another layout (``figures.VERSION``): work them out from the summaries."""
    if data is None:
        return None
    written = json.loads(data)
    return written if written.get("version") == figures.VERSION else None


def doc_table_text(gen: Path, segment_id: str) -> str:
    """A segment's ``docs.json`` as written (``id_token`` tells, unparsed, which ids it may hold)."""
    return (folder(gen, segment_id) / DOCS).read_text(encoding="utf-8")


def id_token(doc_id: str, prefix: bool = False) -> str:
    """``doc_id`` as a ``docs.json`` writes it (``prefix``: the start of every id that begins with it). A table that
    holds the id contains the token; one without it may too (an id that is a "," would), never the reverse."""
    token = json.dumps(doc_id, ensure_ascii=False)  # escaped as ``DocTable.to_json`` escapes every id
    return token[:-1] if prefix else token


def read_doc_table(gen: Path, segment_id: str, text: str | None = None) -> DocTable:
    """A segment's documents, without their summaries: what an update compares files with (``text``: its
    ``docs.json`` when already read)."""
    columns = json.loads(text if text is not None else doc_table_text(gen, segment_id))
    return DocTable(columns["doc_id"], columns["roots"], columns["root"], columns["hash"], columns["size"],
                    columns["mtime"])


class Summaries:
    """A segment's document summaries (title, length, script, format, metadata), each kept as the line of JSON it
    was written as and read when asked for: a searcher holds every document's summary for as long as it runs, and
    a dictionary of strings per document costs five times the bytes (62 against 13 MB at 37,800 documents)."""

    def __init__(self, lines: list[bytes] | None, parsed: list[dict] | None, length: list[int] | None = None):
        self._lines = lines or []
        # A file written on one line (before summaries took a line each) is kept as read: cutting it into lines
        # would cost a JSON dump per document at every start, until a merge writes the segment again.
        self._kept = parsed if lines is None else None
        self._parsed: list[dict] | None = parsed  # until ``take_all`` hands them on (None: none parsed yet)
        if length is None:
            length = [summary["length"] for summary in parsed or ()]
        self.length = np.array(length, dtype=np.int64)

    @classmethod
    def read(cls, path: Path, data: bytes | None = None, length: list[int] | None = None) -> Summaries:
        """The summaries of a segment's ``summaries.json`` (``data``: the file as read already). With the documents'
        ``length`` known (the segment's figures), none is parsed until it is asked for: at 37,800 documents that
        is 0.15 s of every start."""
        data = path.read_bytes() if data is None else data
        if length is not None and data.startswith(b"[\n") and data.endswith(b"\n]"):
            lines = data[2:-2].split(b",\n") if length else []
            if len(lines) == len(length):
                return cls(lines, None, length)
        parsed = json.loads(data)
        lines = data[2:-2].split(b",\n") if parsed and data.startswith(b"[\n") and data.endswith(b"\n]") else []
        return cls(lines if len(lines) == len(parsed) else None, parsed)

    def __len__(self) -> int:
        return len(self.length)

    def __getitem__(self, k: int) -> dict:
        return self._kept[k] if self._kept is not None else json.loads(self._lines[k])

    def take_all(self) -> list[dict]:
        """Every summary, in document order: the ones read with the file, handed to the first caller and let go
        (a searcher makes its tables of them once), read again after that."""
        if self._kept is not None:
            return self._kept
        parsed, self._parsed = self._parsed, None
        return parsed if parsed is not None else [json.loads(line) for line in self._lines]


def read_docs(gen: Path, segment_id: str) -> list[DocEntry]:
    """The documents of a segment, in document order, with their summaries."""
    table = read_doc_table(gen, segment_id)
    summaries = json.loads((folder(gen, segment_id) / SUMMARIES).read_text(encoding="utf-8"))
    return [table.entry(k, summary) for k, summary in enumerate(summaries)]


def live_docs(segment_literal: LiteralIndex, deleted: np.ndarray) -> np.ndarray:
    """Which documents of a segment are live, given its deleted record numbers."""
    doc_docnum = segment_literal.tables["doc_docnum"]
    if not len(deleted):
        return np.ones(len(doc_docnum), dtype=bool)
    return ~np.isin(doc_docnum, deleted)


# --- merging -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A Whoosh segment as the merge policy sees it."""

    segment_id: str
    records: int  # all records, deleted ones included
    deleted: int


def choose_merges(segments: list[Segment]) -> list[list[str]]:
    """The merges to do now: groups of segment ids, each merged into one new segment (tiered, as Lucene's).

    Live sizes decide the tier; while a tier holds SEGMENTS_PER_TIER segments that may still grow, its smallest,
    up to MAX_MERGE_AT_ONCE and MAX_SEGMENT_RECORDS live records, form a group. Segments mostly deleted are
    rewritten too (with a group they fit in, or alone): a group of more records than the cap is never formed.
    """
    tiers = _mergeable_tiers(segments)
    groups: list[list[Segment]] = []
    for tier in sorted(tiers):
        members = tiers[tier]
        # Every full group of the tier at once (a fresh build leaves many segments of one size): the groups are
        # independent, so they are merged side by side.
        while len(members) >= SEGMENTS_PER_TIER:
            group = _fitting(members[:MAX_MERGE_AT_ONCE])
            groups.append(group)
            members = members[len(group):]
    chosen = {s.segment_id for group in groups for s in group}
    sparse = sorted((s for s in segments
                     if s.segment_id not in chosen and s.deleted > MAX_DELETED_SHARE * s.records),
                    key=lambda s: (_live(s), s.segment_id))
    for seg in sparse:
        room = next((group for group in groups if sum(map(_live, group)) + _live(seg) <= MAX_SEGMENT_RECORDS), None)
        if room is None:
            groups.append([seg])  # alone: what it writes is its live records, fewer than it holds now
        else:
            room.append(seg)
    return [[s.segment_id for s in group] for group in groups]


def largest_merge(segments: list[Segment]) -> list[str]:
    """The largest merge the policy would make of these segments once a tier fills: the smallest segments of the
    highest tier holding two that may merge, up to MAX_MERGE_AT_ONCE and MAX_SEGMENT_RECORDS (what one update may
    have to do at most, as the benchmarks measure it); empty when no two may."""
    tiers = _mergeable_tiers(segments)
    full = [tier for tier, members in tiers.items() if len(members) > 1]
    if not full:
        return []
    return [s.segment_id for s in _fitting(tiers[max(full)][:MAX_MERGE_AT_ONCE])]


def _mergeable_tiers(segments: list[Segment]) -> dict[int, list[Segment]]:
    """The segments that may still merge (at most half of MAX_SEGMENT_RECORDS live: merged with another, a fuller
    one would pass the cap), by tier, each tier's smallest first."""
    tiers: dict[int, list[Segment]] = {}
    for seg in segments:
        live = _live(seg)
        if live <= MAX_SEGMENT_RECORDS // 2:
            tier = max(0, int(math.log(live / FLOOR_RECORDS, TIER_FACTOR) // 1)) if live > FLOOR_RECORDS else 0
            tiers.setdefault(tier, []).append(seg)
    return {tier: sorted(members, key=lambda s: (_live(s), s.segment_id)) for tier, members in tiers.items()}


def _live(seg: Segment) -> int:
    return max(seg.records - seg.deleted, 1)


def _fitting(smallest: list[Segment]) -> list[Segment]:
    """The first of ``smallest`` (ascending by live records) whose live records together stay within
    MAX_SEGMENT_RECORDS: two at least, as each holds at most half of it."""
    group: list[Segment] = []
    total = 0
    for seg in smallest:
        if group and total + _live(seg) > MAX_SEGMENT_RECORDS:
            break
        group.append(seg)
        total += _live(seg)
    return group


def merge(gen: Path, sources: list[tuple[str, np.ndarray]], segment_id: str, base_docnum: int = 0) -> None:
    """Write the literal folder of a segment merged from ``sources`` ((segment id, deleted record numbers), in the
    order Whoosh's ``add_reader`` copied them, the first one's records from ``base_docnum`` on)."""
    loaded = [(LiteralIndex.load(folder(gen, sid)), np.asarray(deleted, dtype=np.int64)) for sid, deleted in sources]
    tables: dict[str, list[np.ndarray]] = {}
    entries: list[DocEntry] = []
    labels: list[tuple[StringTable, np.ndarray]] = []  # each source's labels and those its live passages use
    passage_labels: list[np.ndarray] = []  # each source's live passages' labels, in its own numbering
    texts: list[tuple[TextStore, list[tuple[int, int]]]] = []
    shifts, lives = [], []
    next_docnum, next_char, n_docs = base_docnum, 0, 0
    for (lit, deleted), (sid, _) in zip(loaded, sources):
        t = lit.tables
        live = live_docs(lit, deleted)
        lives.append(live)
        kept = [e for e, keep in zip(read_docs(gen, sid), live.tolist()) if keep]
        entries.extend(kept)
        texts.append((TextStore(folder(gen, sid)),
                      list(zip(t["doc_block"][live].tolist(), [e.summary["length"] for e in kept]))))
        # Whoosh numbers the live records of each source one after the other, in their old order.
        records = np.sort(np.concatenate([t["doc_docnum"][live],
                                          t["passage_docnum"][live[t["passage_doc"]]]]).astype(np.int64))

        def renumber(old: np.ndarray) -> np.ndarray:
            return (np.searchsorted(records, old) + next_docnum).astype(np.int32)

        size = t["doc_size"][live]
        new_start = next_char + np.concatenate([[0], np.cumsum(size)[:-1]]).astype(np.int64)
        shift = np.zeros(len(live), dtype=np.int64)
        shift[live] = new_start - t["doc_start"][live]
        shifts.append(shift)
        keep = live[t["passage_doc"]]
        doc_index = np.full(len(live), -1, dtype=np.int64)
        doc_index[live] = n_docs + np.arange(int(live.sum()))
        pieces = {
            "passage_docnum": renumber(t["passage_docnum"][keep]),
            "passage_doc": doc_index[t["passage_doc"][keep]].astype(np.int32),
            "passage_start": lit.passage_start[keep].astype(np.int64) + shift[t["passage_doc"][keep]],
            "passage_length": np.asarray(lit.passage_length[keep]),
            "doc_docnum": renumber(t["doc_docnum"][live]),
            "doc_start": new_start,
            "doc_size": np.asarray(size),
            "doc_postings": np.asarray(t["doc_postings"][live]),
        }
        for name in ("passage_n", "passage_begin", "passage_end", "passage_article", "passage_words", "passage_tokens"):
            pieces[name] = np.asarray(t[name][keep])
        passage_labels.append(np.asarray(t["passage_labels"][keep]))
        labels.append((read_labels(gen, sid), distinct(passage_labels[-1])))
        for name, piece in pieces.items():
            tables.setdefault(name, []).append(piece)
        next_docnum += len(records)
        next_char += int(size.sum())
        n_docs += int(live.sum())
    joined = {name: np.concatenate(parts) for name, parts in tables.items()}
    for name in ("passage_start", "passage_begin", "passage_end"):
        joined[name] = narrow(joined[name])
    total = int(joined["doc_postings"].sum())
    target = folder(gen, segment_id)
    tmp = target.with_name(target.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    joined["doc_block"] = np.array(copy_blocks(texts, tmp), dtype=np.int64)
    # Labels no live passage uses are left behind; one used in several sources is kept once for each.
    renumbered = copy_strings(labels, tmp, LABELS)
    joined["passage_labels"] = np.concatenate(
        [new[piece] for new, piece in zip(renumbered, passage_labels)]).astype(np.int32).reshape(-1, 2)
    _merge_postings(tmp, [lit for lit, _ in loaded], [folder(gen, sid) for sid, _ in sources], lives, shifts, total,
                    next_char, joined["passage_start"])
    for name, array in joined.items():
        np.save(tmp / f"{name}.npy", array, allow_pickle=False)
    _write_docs(tmp, entries)
    tmp.replace(target)


class _Slices:
    """Slices of a one-dimensional .npy file, read from the file (not mapped: a merge's memory stays its slice's)."""

    def __init__(self, path: Path):
        self.file = open(path, "rb")
        major, _minor = np.lib.format.read_magic(self.file)
        read_header = np.lib.format.read_array_header_1_0 if major == 1 else np.lib.format.read_array_header_2_0
        _shape, _fortran, self.dtype = read_header(self.file)
        self.start = self.file.tell()

    def read(self, first: int, last: int) -> np.ndarray:
        """Elements ``first`` to ``last`` (exclusive)."""
        self.file.seek(self.start + first * self.dtype.itemsize)
        return np.fromfile(self.file, dtype=self.dtype, count=last - first)

    def close(self) -> None:
        """Close the file."""
        self.file.close()


def _merge_postings(out: Path, sources: list[LiteralIndex], folders: list[Path], lives: list[np.ndarray],
                    shifts: list[np.ndarray], total: int, size: int, passage_start: np.ndarray) -> None:
    """Merge the sources' sorted postings into ``out``, a slice of the code range at a time, written as it goes,
    with the passages holding each code counted anew (``passage_start``: the merged segment's passages)."""
    union = distinct(np.concatenate([np.asarray(s.terms) for s in sources])) if sources else np.empty(0, np.uint64)
    counts = np.zeros(len(union), dtype=np.int64)
    for s in sources:
        np.add.at(counts, np.searchsorted(union, s.terms), np.diff(np.asarray(s.offsets)))
    cumulative = np.cumsum(counts)
    dtype = np.uint32 if size < NARROW_LIMIT else np.int64
    readers = [_Slices(folder / "positions.npy") for folder in folders]
    output = open(out / "positions.npy", "wb")
    np.lib.format.write_array_header_1_0(output, {"descr": np.lib.format.dtype_to_descr(np.dtype(dtype)),
                                                  "fortran_order": False, "shape": (total,)})
    terms_out, offsets_out, holding_out, written, lo = [], [], [], 0, 0
    while lo < len(union):
        # The slice ends where MERGE_SLICE more positions have been taken (at least one code).
        hi = max(lo + 1, int(np.searchsorted(cumulative, (cumulative[lo - 1] if lo else 0) + MERGE_SLICE, "right")))
        lo_code = union[lo]
        hi_code = union[hi] if hi < len(union) else None
        codes_l, pos_l = [], []
        for s, reader, live, shift in zip(sources, readers, lives, shifts):
            a = int(np.searchsorted(s.terms, lo_code, "left"))
            b = len(s.terms) if hi_code is None else int(np.searchsorted(s.terms, hi_code, "left"))
            first, last = int(s.offsets[a]), int(s.offsets[b])
            if first == last:
                continue
            pos = reader.read(first, last).astype(np.int64)
            codes = np.repeat(np.asarray(s.terms[a:b]), np.diff(np.asarray(s.offsets[a : b + 1])))
            doc = np.searchsorted(np.asarray(s.tables["doc_start"]), pos, side="right") - 1
            keep = live[doc]
            codes_l.append(codes[keep])
            pos_l.append(pos[keep] + shift[doc[keep]])
        if codes_l:
            codes = np.concatenate(codes_l)
            pos = np.concatenate(pos_l)
            # Stable: within a code, the sources' positions are already ascending, and the sources in order.
            order = np.argsort(codes, kind="stable")
            terms, offsets = dictionary(codes[order])
            pos = pos[order]
            terms_out.append(terms)
            offsets_out.append(offsets[:-1].astype(np.int64) + written)
            holding_out.append(passages_holding(pos, offsets, passage_start))
            output.write(pos.astype(dtype).tobytes())
            written += len(pos)
        lo = hi
    output.close()
    for reader in readers:
        reader.close()
    if written != total:
        raise ValueError(f"a merge wrote {written} literal positions where its documents hold {total}")
    np.save(out / "terms.npy", np.concatenate(terms_out) if terms_out else np.empty(0, np.uint64), allow_pickle=False)
    np.save(out / "term_passages.npy", narrow_counts(np.concatenate(holding_out) if holding_out
                                                     else np.empty(0, np.uint32)), allow_pickle=False)
    np.save(out / "offsets.npy", narrow(np.append(np.concatenate(offsets_out) if offsets_out
                                                  else np.empty(0, np.int64), written)), allow_pickle=False)
