"""Writing the index: incremental, atomic, single-writer.

Layout of an index folder::

    CURRENT            name of the live generation, replaced atomically (os.replace)
    tongwen.lock       held (flock) by the one writer; the OS releases it if the writer dies
    gen-<id>/          a Whoosh index plus manifest.json (how it was built)

A run writes a NEW generation (hard links to the live one's immutable segment files, then Whoosh's own atomic
commit) and only then points CURRENT at it. Killed at any moment, the previous generation stays whole and
searchable, and a left-over half generation is removed by the next run.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import shutil
import time
import uuid
from collections import Counter
from itertools import compress
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

import numpy as np

from whoosh import index as whoosh_index

from . import analysis
from . import generations
from .errors import IndexDamaged, IndexLocked, IndexVersionMismatch, IndexWriteError, InputPathError
from . import segments as literal_segments
from .adapters import segments_of
from .document import display_name
from . import readers
from .schema import make_schema
from .segment_writer import FastSegmentWriter, commit_segments
from .walk import Listing, listings

MANIFEST = generations.MANIFEST
CURRENT = generations.CURRENT
LOCK = generations.LOCK
# Below this many changed files, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 8
MAX_WORKERS = 4
# A file modified less than this before a run looked at it may change again within the same tick of its file
# system's clock (2 s on FAT, 1 s on HFS+, milliseconds on ext4) and keep its size and time: git's "racy" entries.
# Its time is recorded as unknown, so the next run compares its content.
RACY_NS = 2_000_000_000
# Files read again only because their time was racy are few (those written just before a run): hashing them again
# costs less than writing a generation to record them. Past this many (a folder copied just before it was indexed),
# the generation is written.
RACY_REREAD_MAX = 256
# How the files of a generation are laid out (segments with literal folders): an index of another layout is rebuilt.
FORMAT_VERSION = 8
# The manifest's record of the code that read the documents (``readers.readers_version``): not checked when an
# index is opened, since queries do not depend on it, but a run on an index read by other rules says so.
READERS_VERSION = "readers_version"
READERS_MEANING = "readers_meaning"


@dataclass
class IndexReport:
    """What one ``update_index`` run did."""

    indexed: int = 0
    unchanged: int = 0
    skipped: int = 0
    removed: int = 0
    seconds: float = 0.0
    by_format: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    segments: int = 0  # of the live generation after the run
    parts: dict = field(default_factory=dict)  # bytes per part of the live generation after the run

    def as_json(self) -> dict:
        """The report as ``tongwen index --json`` prints it and ``tongwen.Index.update`` returns it."""
        return {"indexed": self.indexed, "unchanged": self.unchanged, "skipped": self.skipped,
                "removed": self.removed, "seconds": round(self.seconds, 3), "by_format": dict(self.by_format),
                "warnings": list(self.warnings), "segments": self.segments, "parts": dict(self.parts)}

    def summary(self) -> str:
        """The one-line summary the CLI prints."""
        formats = ", ".join(f"{n} {fmt}" for fmt, n in sorted(self.by_format.items()))
        fmt_part = f" ({formats})" if formats else ""
        return (f"indexed {self.indexed}{fmt_part}, unchanged {self.unchanged}, skipped {self.skipped}, "
                f"removed {self.removed} in {self.seconds:.2f} s")


def expected_versions() -> dict:
    """The versions a reader of this code analyzes queries with; an index must match them."""
    from .vocabulary import vocabulary_path

    # The regional tables are not among the dictionaries: they only add spellings to a query, each looked up as any
    # query term is, so an index answers the same with any of them, and a pair added needs no rebuild.
    return {
        "format_version": FORMAT_VERSION,
        "pipeline_version": analysis.pipeline_version(),
        "dictionary_version": analysis.dictionary_version([vocabulary_path()]),
    }


def current_generation(index_dir: Path) -> Path | None:
    """The generation to read in ``index_dir`` (recovered when ``CURRENT`` is damaged), or None when none is whole."""
    return generations.live_generation(Path(index_dir))


read_manifest = generations.read_manifest
holds_nothing = generations.holds_nothing


def paths_to_refresh(index_dir: Path, rebuild: bool) -> list[Path]:
    """What a run given no path reads: the paths the index was built from that are there. A rebuild is refused while
    one is missing (a share not mounted, a folder moved): it would leave that path's documents out, in silence."""
    roots = [Path(r) for r in known_roots(index_dir)]
    missing = [root for root in roots if not root.exists()]
    if rebuild and missing:
        raise InputPathError(f"{display_name(str(missing[0]))}: the index holds documents read from there, and it is "
                             f"not there; a rebuild would leave them out: restore or mount it, or name the folders to "
                             f"keep (`tongwen index --rebuild PATH ...`)")
    return [root for root in roots if root.exists()]


def known_roots(index_dir: Path) -> list[str]:
    """The folders the index was built from: the live generation's, else any generation's that still says."""
    candidates = [generations.live_generation(Path(index_dir))] + generations.generations(Path(index_dir))[::-1]
    for gen in candidates:
        manifest = generations.manifest_or_none(gen) if gen is not None else None
        if manifest and isinstance(manifest.get("roots"), list):
            return [str(r) for r in manifest["roots"]]
    for gen in candidates:
        if gen is None:
            continue
        try:  # no manifest left: the documents themselves name their roots
            documents = _existing_documents(gen)
        except Exception:  # a damaged index tells nothing
            continue
        if documents.number:
            return sorted(documents.used_roots())
    return []


def check_versions(manifest: dict, index_dir: Path) -> None:
    """Raise IndexVersionMismatch when the index was built by a pipeline that analyzes differently."""
    want = expected_versions()
    for key, value in want.items():
        if manifest.get(key) != value:
            raise IndexVersionMismatch(
                f"the index at {index_dir} was built with {key.replace('_', ' ')} {manifest.get(key)!r}, "
                f"this Tongwen uses {value!r}: rebuild it with `tongwen index --rebuild`"
            )


def open_generation(index_dir: Path, *, checksums: "bool | generations.Verified" = False):
    """Open the live generation for reading: (whoosh index, manifest, folder). Checks versions and file sizes.

    Raises IndexMissing for an empty folder and IndexDamaged when no generation is whole; ``checksums`` also
    reads every file against its CRC-32 (what a long-running server does once per generation it opens).
    """
    gen = generations.require_live(index_dir, checksums=checksums)
    manifest = read_manifest(gen)
    check_versions(manifest, index_dir)
    try:
        ix = whoosh_index.open_dir(str(gen))
    except Exception as err:  # Whoosh raises what its parser meets (EOFError, struct.error, ...) on a bad TOC
        raise IndexDamaged(f"the index at {index_dir} is damaged: {gen.name} cannot be opened "
                           f"({type(err).__name__}); rebuild it with `tongwen index --rebuild`") from None
    return ix, manifest, gen


# Lock descriptors held by this process, which worker processes close (see ``workers``).
_HELD_LOCKS: set[int] = set()


@contextmanager
def writer_lock(index_dir: Path) -> Iterator[None]:
    """Hold the single-writer lock of ``index_dir`` or raise IndexLocked at once."""
    index_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(index_dir / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexLocked(f"index is locked: another process is writing {index_dir}") from None
        _HELD_LOCKS.add(fd)
        yield
    finally:
        _HELD_LOCKS.discard(fd)
        os.close(fd)


# What os.link fails with on a file system that has no hard links (exFAT and FAT drives, some network shares).
_NO_LINKS = {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS}


def _new_generation(index_dir: Path, base: Path | None, warn: Callable[[str], None]) -> Path:
    gen = index_dir / f"gen-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
    gen.mkdir()
    (gen / generations.BUILDING).touch()
    if base is None:
        whoosh_index.create_in(str(gen), make_schema())
        return gen
    copied: list[int] = []

    def link(source: Path, target: Path) -> None:
        # Whoosh never rewrites a committed segment file, so linking them is a safe, instant copy; where the file
        # system has no hard links, a copy is the same files, at the cost of copying them.
        try:
            os.link(source, target)
        except OSError as err:
            if err.errno not in _NO_LINKS:
                raise
            shutil.copy2(source, target)
            copied.append(target.stat().st_size)

    for f in base.iterdir():
        # Not Whoosh's MAIN_WRITELOCK: a linked lock file would be one lock shared by every generation.
        if (f.name not in (MANIFEST, generations.BUILDING) and f.is_file()
                and not f.name.endswith(("LOCK", ".lock", ".tmp"))):
            link(f, gen / f.name)
        elif f.is_dir() and f.name.startswith(literal_segments.PREFIX) and not f.name.endswith(".tmp"):
            (gen / f.name).mkdir()
            for part in f.iterdir():
                link(part, gen / f.name / part.name)
    if copied:
        warn(f"{display_name(str(index_dir))}: the file system has no hard links, so this run copied "
             f"{sum(copied) / 1e6:,.0f} MB of the index's files instead of linking them; keep the index on a Linux "
             f"or macOS file system (ext4, XFS, APFS...) for updates that cost what they change")
    return gen


def _replace_durably(path: Path, text: str, tmp: Path) -> None:
    """Put ``text`` at ``path`` whole or not at all: written to ``tmp`` and flushed to disk, then renamed over it
    (a hard link at ``path`` is replaced, never written through)."""
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _switch(index_dir: Path, gen: Path) -> None:
    _replace_durably(index_dir / CURRENT, gen.name, index_dir / f"{CURRENT}.{uuid.uuid4().hex[:8]}.tmp")
    _sync_folder(index_dir)


def _sync_folder(folder: Path) -> None:
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _remove_abandoned(index_dir: Path) -> None:
    """Remove what killed runs left: half-written generations (still marked as building) and pointer temp files."""
    for gen in generations.generations(index_dir):
        if generations.abandoned(gen):
            shutil.rmtree(gen, ignore_errors=True)
    for entry in index_dir.glob(f"{CURRENT}.*.tmp"):
        entry.unlink(missing_ok=True)


def _collect_garbage(index_dir: Path, keep: set[str]) -> None:
    # Called only once a newer generation is live and whole; the previous one is kept too, because a searcher may
    # still be reading it until it refreshes.
    for gen in generations.generations(index_dir):
        if gen.name not in keep:
            shutil.rmtree(gen, ignore_errors=True)


def _write_manifest(gen: Path, versions: dict, roots: list[str], sequence: int, base: Path | None,
                    base_files: dict) -> None:
    manifest = {
        **versions,
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "sequence": sequence,
        "roots": roots,
        # Size and CRC-32 of every file: checked (sizes) whenever the generation is opened, in full by the server
        # and before a run builds on it. Files linked from the base keep the base's verified figures.
        "files": generations.checksum_table(gen, base, base_files),
    }
    try:
        text = json.dumps(manifest, ensure_ascii=False, indent=1)
        text.encode("utf-8")
    except UnicodeEncodeError:
        # A file given by a name that is not valid UTF-8 is a root of its own: written as JSON escapes (\udcff),
        # which read back as the very path.
        text = json.dumps(manifest, indent=1)
    _replace_durably(gen / MANIFEST, text, gen / (MANIFEST + ".tmp"))
    (gen / generations.BUILDING).unlink()
    _sync_folder(gen)


class _Existing:
    """The live documents of a generation, from the segments' document tables: where each one is and what its file
    was when read. Columns indexed by a number per document, not an object per document: a run with nothing to do
    looks every file up here."""

    def __init__(self) -> None:
        self.number: dict[str, int] = {}  # doc id → its number in the columns below
        self.ids: list[str] = []
        self.shadowed: list[int] = []  # documents whose id a later document holds too
        self.roots: list[str] = []  # the distinct roots
        self.root: list[int] = []  # each document's, an index into ``roots``
        self.size: list[int] = []
        self.mtime: list[int] = []
        self.hash: list[str] = []
        self.segment_ids: list[str] = []
        self._segment: list[int] = []  # each document's segment, an index into ``segment_ids``
        self._k: list[int] = []  # its number in its segment
        self.restat: dict[str, list[int]] = {}  # the generation's RESTAT: doc id → size and time of its file now

    def add(self, segment_id: str, table: literal_segments.DocTable, live: list[bool] | None) -> None:
        """Add a segment's documents (``live``: which of them are not deleted; None for all)."""
        def kept(column: list) -> list:
            return column if live is None else list(compress(column, live))

        ids = kept(table.doc_id)
        first = len(self.root)
        root_of = [self._root_id(root) for root in table.roots]
        self.root.extend(root_of[r] for r in kept(table.root))
        self.size.extend(kept(table.size))
        self.mtime.extend(kept(table.mtime))
        self.hash.extend(kept(table.hash))
        self._k.extend(kept(list(range(len(table.doc_id)))))
        self._segment.extend([len(self.segment_ids)] * len(ids))
        self.segment_ids.append(segment_id)
        clash = not self.number.keys().isdisjoint(ids)
        self.number.update(zip(ids, range(first, first + len(ids))))
        self.ids.extend(ids)
        if clash or len(self.number) < len(self.ids) - len(self.shadowed):
            # An index written before ids were kept unique may hold two documents of one id: the later is kept,
            # the earlier dropped by the next run.
            self.shadowed = [g for g, doc_id in enumerate(self.ids) if self.number[doc_id] != g]

    def _root_id(self, root: str) -> int:
        if root not in self.roots:
            self.roots.append(root)
        return self.roots.index(root)

    def root_id(self, root: str) -> int:
        """The index of ``root`` among the roots, -1 when no document came from it."""
        return self.roots.index(root) if root in self.roots else -1

    def root_of(self, doc_id: str) -> str:
        """The folder document ``doc_id`` was read from."""
        return self.roots[self.root[self.number[doc_id]]]

    def place(self, doc_id: str) -> tuple[str, int]:
        """(segment id, number in the segment) of document ``doc_id``."""
        return self.place_of(self.number[doc_id])

    def place_of(self, g: int) -> tuple[str, int]:
        """(segment id, number in the segment) of the document numbered ``g``."""
        return self.segment_ids[self._segment[g]], self._k[g]

    def used_roots(self) -> set[str]:
        """The roots some live document came from."""
        return {self.roots[r] for r in set(self.root)}


def _existing_documents(gen: Path, holding: list[str] | None = None) -> _Existing:
    """The live documents of a generation and where they are, from the segments' document tables: no stored
    text, payload or summary is read. With ``holding`` (``id_token``s), only the segments whose table contains one
    of the tokens: a run that names a deleted file reads the table that holds it, not 40,000 documents' ids."""
    ix = whoosh_index.open_dir(str(gen))
    found = _Existing()
    for seg in segments_of(ix):
        sid = seg.segment_id()
        text = literal_segments.doc_table_text(gen, sid)
        if holding is not None and not any(token in text for token in holding):
            continue
        table = literal_segments.read_doc_table(gen, sid, text)
        live = None
        if seg.has_deletions():
            lit = literal_segments.LiteralIndex.load(literal_segments.folder(gen, sid))
            live = literal_segments.live_docs(lit, np.fromiter(seg.deleted_docs(), dtype=np.int64)).tolist()
        found.add(sid, table, live)
    restat = gen / generations.RESTAT
    if restat.exists():
        found.restat = json.loads(restat.read_text(encoding="utf-8"))
        for doc_id, (size, mtime) in found.restat.items():
            g = found.number.get(doc_id)
            if g is not None:
                found.size[g], found.mtime[g] = size, mtime
    return found


def _write_restat(gen: Path, existing: _Existing, plan: _Plan) -> None:
    """Write ``gen``'s RESTAT: the base's and this run's, for the documents kept as they were."""
    dropped = set(plan.gone) | {job[1] for job in plan.jobs}
    restat = {doc_id: list(stat) for doc_id, stat in {**existing.restat, **plan.restat}.items()
              if doc_id not in dropped}
    path = gen / generations.RESTAT
    # The base's file is linked here: replaced or removed, never written through (the base must stay as it was).
    if restat:
        _replace_durably(path, json.dumps(restat, ensure_ascii=False, sort_keys=True),
                         gen / (generations.RESTAT + ".tmp"))
    else:
        path.unlink(missing_ok=True)


def _delete(gen: Path, segments: list, places: list[tuple[str, int]]) -> None:
    """Mark the records of the documents at ``places`` (segment id, number in it) deleted in ``segments``.

    A document's records are consecutive in its segment (its record, then its passages), and the segment's
    literal tables say where they start and how many passages follow: no Whoosh searcher is opened (which reads
    per-document data of every segment, in memory growing with the index).
    """
    by_id = {seg.segment_id(): seg for seg in segments}
    tables: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for sid, k in places:
        if sid not in tables:
            t = literal_segments.LiteralIndex.load(literal_segments.folder(gen, sid)).tables
            doc_docnum = np.asarray(t["doc_docnum"])
            tables[sid] = (doc_docnum, np.bincount(np.asarray(t["passage_doc"]), minlength=len(doc_docnum)))
        doc_docnum, passages = tables[sid]
        first = int(doc_docnum[k])
        for record in range(first, first + 1 + int(passages[k])):
            by_id[sid].delete_document(record)


# Files are hashed a block at a time: memory stays flat whatever a file's size.
HASH_BLOCK = 1 << 20


def _file_hash(path: str) -> str:
    h = hashlib.sha1()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(HASH_BLOCK), b""):
            h.update(block)
    return h.hexdigest()


def _stat(path: str) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns


def _base_generation(index_dir: Path, rebuild: bool) -> Path | None:
    """The whole generation a run builds on (None to start empty); never a damaged one."""
    if rebuild:
        return None
    verified = generations.Verified(index_dir)
    live = generations.live_generation(index_dir, checksums=verified)
    if live is None:
        if any(not generations.abandoned(g) for g in generations.generations(index_dir)):
            # Not "no index": building from nothing here would drop every document the damaged index held.
            generations.require_live(index_dir, checksums=True)
        return None
    verified.save()
    check_versions(read_manifest(live), index_dir)
    if generations.pointer(index_dir) != live:
        _switch(index_dir, live)  # repair a damaged or stale pointer: the generation it names is whole
    return live


def update_index(
    paths: list[Path],
    index_dir: Path,
    *,
    rebuild: bool = False,
    follow_symlinks: bool = False,
    progress: Callable[[int, int], None] | None = None,
    warn: Callable[[str], None] | None = None,
) -> IndexReport:
    """Bring the index at ``index_dir`` up to date with the files under ``paths``.

    Unchanged files (same size and modification time, else same content hash, same root) cost nothing; changed
    ones are re-indexed; files that disappeared under a folder given are dropped. A path given that no longer
    exists, inside a folder the index holds, drops the documents read from it (a file, or everything under a
    folder), as ``git add`` of a deleted path stages its deletion: an update that names what changed lists
    nothing else. ``rebuild`` starts from an empty index (needed after a pipeline change); the generations
    already there stay until the new one is live.
    """
    started = time.perf_counter()
    report = IndexReport()
    user_warn = warn or (lambda message: None)

    def note(message: str) -> None:
        report.warnings.append(message)
        user_warn(message)

    named_gone: list[str] = []  # real paths, gone from disk, of documents to drop
    present = []
    for p in map(Path, paths):
        if not p.exists():
            if os.path.lexists(p):  # a link to nothing
                raise InputPathError(f"no such file or folder: {display_name(str(p))}")
            named_gone.append(os.path.realpath(p))  # refused later unless it names indexed documents
            continue
        present.append(p)
        root = str(p.resolve() if p.is_dir() else p.resolve().parent)
        if display_name(root) != root:
            # The folders documents come from are stored as text (the manifest, each segment's document table).
            raise InputPathError(f"{display_name(root)}: the folder's path is not valid UTF-8; rename it, or index a "
                                 f"folder above it")
    if rebuild and not present:
        # A rebuild starts from nothing and reads what it is given: given nothing there, it would empty the index.
        raise InputPathError("a rebuild reads the files and folders it is given, and none is there: name those to "
                             "index (`tongwen index --rebuild` with no path names the ones the index was built from)")
    index_dir = Path(index_dir)
    try:
        with writer_lock(index_dir):
            _remove_abandoned(index_dir)
            live = _update_locked(present, named_gone, index_dir, rebuild, follow_symlinks, progress, note, report)
            files = (generations.manifest_or_none(live) or {}).get("files", {}) if live else {}
            report.segments, report.parts = generations.segment_count(files), generations.generation_parts(files)
    except OSError as err:
        raise IndexWriteError(_write_failure(err, index_dir)) from None
    report.seconds = time.perf_counter() - started
    return report


def _write_failure(err: OSError, index_dir: Path) -> str:
    what = err.strerror or str(err)
    if err.errno is not None:
        what = f"{what} ({errno.errorcode.get(err.errno, err.errno)})"
    return f"could not write the index at {index_dir}: {what}; the previous index is intact"


@dataclass
class _Plan:
    """What a run has to do: files to analyze (root, doc id, path, hash, stat), documents to drop, and the new
    stat of files touched but not changed."""

    jobs: list[tuple]
    gone: list[str]
    restat: dict[str, tuple[int, int]] = field(default_factory=dict)
    touched: int = 0  # of ``restat``, files whose recorded time was a time (not one left unknown as racy)


def _read_by_these_readers(manifest: dict) -> bool:
    """Whether a generation's documents were read as this code reads them (``readers.readers_agree``)."""
    return readers.readers_agree(manifest.get(READERS_VERSION), manifest.get(READERS_MEANING))


def _update_locked(paths, named_gone, index_dir, rebuild, follow_symlinks, progress, warn,
                   report) -> Path | None:
    """One run, in three steps: plan (what changed), write (a new generation), publish (switch to it); the
    generation live after it."""
    base = _base_generation(index_dir, rebuild)
    previous = base or generations.live_generation(index_dir)  # searchers may still read it: kept one more run
    if base is not None and not _read_by_these_readers(read_manifest(base)):
        warn(f"{display_name(str(index_dir))}: its documents were read by another version of Tongwen's readers, so "
             f"their titles, text and metadata may differ from what this one reads; `tongwen index --rebuild` reads "
             f"them again")
    kept_roots: set[str] = set()  # roots the manifest goes on naming, beside those of the documents read
    if base is None:
        existing = _Existing()
    elif not paths and isinstance(known := read_manifest(base).get("roots"), list):
        # A run that only names deleted paths drops what was read from them: the tables that may hold their ids
        # are all it reads, and the roots the index keeps are the manifest's (not every document's root is read).
        existing = _existing_documents(base, _tokens_of(named_gone, known))
        kept_roots = set(known)
    else:
        existing = _existing_documents(base)
    roots = {str(p.resolve()) for p in paths}
    plan = _plan(paths, existing, roots, follow_symlinks, warn, report)
    if rebuild and not plan.jobs and previous is not None and _existing_documents(previous).number:
        # Nothing to read where the index holds documents: a share not mounted leaves its mount point empty, and
        # a rebuild over it would empty the index.
        given = ", ".join(display_name(str(p)) for p in paths)
        raise InputPathError(f"a rebuild found no file to index under {given}, and the index holds documents: "
                             f"restore or mount what they were read from, or name the folders to index")
    for real in named_gone:
        named = _read_from(real, existing)
        if not named:
            raise InputPathError(f"no such file or folder: {display_name(real)} (and no document of the index "
                                 f"was read from there)")
        plan.gone = sorted(set(plan.gone) | set(named))
    # Files read again only because their time was racy are recorded when a generation is written anyway, unless
    # they are many (RACY_REREAD_MAX).
    recorded = plan.touched or len(plan.restat) > RACY_REREAD_MAX
    if not plan.jobs and not plan.gone and not existing.shadowed and not recorded and base is not None:
        return base
    gen = _write(index_dir, base, existing, plan, progress or (lambda done, total: None), warn, report)
    all_roots = sorted(roots | existing.used_roots() | kept_roots)
    _publish(index_dir, gen, base, previous, all_roots)
    return gen


def _plan(paths, existing: _Existing, roots: set[str], follow_symlinks: bool, warn, report: IndexReport) -> _Plan:
    """Compare the files under ``paths`` with what the index holds: stat first, content hash only when it moved.

    Sizes and times are compared as arrays, a path given at a time; only files whose stat moved (or that are new)
    take a step in Python each."""
    jobs, restat, touched = [], {}, 0
    # Times at or after this are racy (RACY_NS): the walk below stats every file after it.
    racy_from = time.time_ns() - RACY_NS
    number = existing.number
    found, prefixes = [], []
    used = existing.used_roots()
    for path, listing in zip(paths, listings(paths, follow_symlinks=follow_symlinks, warn=warn)):
        report.skipped += listing.skipped
        listing, prefix = _under_indexed_root(listing, used)
        found.append(listing)
        prefixes.append(None if prefix is None or Path(path).is_file() else prefix)
    real_roots = [str(listing.root.resolve()) for listing in found]
    root_ids = [existing.root_id(root) for root in real_roots]
    taken = _taken_ids(found, root_ids, existing, warn, report)
    indexed_root = np.array(existing.root, dtype=np.int64)
    indexed_size = np.array(existing.size, dtype=np.int64)
    indexed_mtime = np.array(existing.mtime, dtype=np.int64)
    seen = np.zeros(len(indexed_root), dtype=bool)  # which of the indexed documents were found again
    for listing, real_root, root_id, elsewhere in zip(found, real_roots, root_ids, taken):
        g = np.array([number.get(doc_id, -1) for doc_id in listing.doc_ids], dtype=np.int64)
        if elsewhere is not None:
            g[elsewhere] = -1  # not this listing's to index, nor to mark as found again
        known = g >= 0
        seen[g[known]] = True
        if not len(seen):  # nothing indexed yet
            same = unchanged = known
        else:
            at = np.where(known, g, 0)
            # The same file, as far as its path goes; and those whose size and time are what they were when read.
            same = known & (indexed_root[at] == root_id)
            unchanged = same & (indexed_size[at] == listing.size) & (indexed_mtime[at] == listing.mtime)
        report.unchanged += int(unchanged.sum())
        todo = ~unchanged if elsewhere is None else ~unchanged & ~elsewhere
        for i in np.flatnonzero(todo).tolist():
            doc_id, file_path = listing.doc_ids[i], listing.path(i)
            try:
                # No stat from the walk: stat it again, or raise its error.
                stat = _stat(file_path) if listing.size[i] < 0 else (int(listing.size[i]), int(listing.mtime[i]))
                digest = _file_hash(file_path)
            except OSError as err:
                # The file vanished or cannot be read: skip it, keep what the index holds of it.
                report.skipped += 1
                warn(f"{doc_id}: cannot read ({err.strerror or err}); skipped")
                continue
            if same[i] and existing.hash[g[i]] == digest:
                # Touched but not changed (copied, checked out, synced): not analyzed again, and its new size and
                # time recorded, as git refreshes its index, so the next run does not read it again.
                report.unchanged += 1
                if stat[1] < racy_from:
                    restat[doc_id] = stat
                    touched += existing.mtime[g[i]] != -1
                continue
            jobs.append((real_root, doc_id, file_path, digest, stat if stat[1] < racy_from else (stat[0], -1)))
    seen[existing.shadowed] = True  # dropped on their own: their id names the document kept
    unreadable = [(root_id, place) for listing, root_id in zip(found, root_ids) if root_id >= 0
                  for place in listing.unreadable]
    dangling = [(root_id, place, target) for listing, root_id in zip(found, root_ids) if root_id >= 0
                for place, target in listing.dangling]
    if unreadable or dangling:
        ids = np.array(existing.ids, dtype=str)
        for root_id, place in unreadable:
            # Kept as they were: their files may well be there (the walk said why in a warning).
            seen[(indexed_root == root_id) & np.char.startswith(ids, place)] = True
        for root_id, place, target in dangling:
            held = (indexed_root == root_id) & ~seen & ((ids == place) | np.char.startswith(ids, place + "/"))
            if held.any():
                seen[held] = True
                n = int(held.sum())
                warn(f"{place}: a link to {target}, which is not there; kept as indexed: {n} document"
                     f"{'s' if n > 1 else ''} read through it")
    for path, listing, root_id, prefix in zip(paths, found, root_ids, prefixes):
        if not listing.doc_ids and root_id >= 0 and prefix is None and Path(path).is_dir():
            _keep_emptied(path, indexed_root == root_id, seen, warn)
    given = [r for r, root in enumerate(existing.roots) if root in roots]
    missing = ~seen & np.isin(indexed_root, given)
    for listing, root_id, prefix in zip(found, root_ids, prefixes):
        if prefix is not None:
            # A folder inside an indexed folder: what it no longer holds goes, nothing else. Its walk stops at links
            # leading out of it, which the outer folder's walk follows: a document is dropped only when its file
            # is gone from the outer folder too.
            missing[_gone_under(existing, root_id, prefix, ~seen)] = True
    gone = sorted(existing.ids[k] for k in np.flatnonzero(missing).tolist())
    gone += _indexed_again(found, real_roots, existing, indexed_root)
    return _Plan(jobs, gone, restat, touched)


def _keep_emptied(path, from_root: np.ndarray, seen: np.ndarray, warn) -> None:
    """A folder the index was built from (``from_root``: which documents were read from it) that holds no file to
    index at all now: its documents are kept (marked ``seen``), with a warning. A share not mounted leaves its mount
    point there and empty, and a run (a nightly one, say) would drop every document read from it, to read them all
    again once it is back. (A folder inside it, named, is updated as it is: emptied, its documents go.)"""
    held = np.flatnonzero(~seen & from_root)
    if not len(held):
        return
    seen[held] = True
    warn(f"{display_name(str(path))}: holds no file to index, and the index holds {len(held)} document"
         f"{'s' if len(held) > 1 else ''} read from there; kept, as for a share not mounted (to drop them, "
         f"`tongwen index --rebuild` naming the folders to keep)")


def _tokens_of(gone: list[str], roots: list[str]) -> list[str]:
    """The ``id_token``s of every id a document read from the real paths ``gone`` can have under ``roots``: the
    file's own, and the start of those of a folder's files (what ``_read_from`` looks up)."""
    tokens = []
    for real in gone:
        for root in roots:
            if _below(real, root):
                rel = display_name(Path(os.path.relpath(real, root)).as_posix())  # as the ids show it
                tokens += [literal_segments.id_token(rel), literal_segments.id_token(rel + "/", prefix=True)]
    return tokens


def _read_from(real: str, existing: _Existing) -> list[str]:
    """The documents read from the file or folder ``real`` (a real path, no longer on disk) whose files are gone;
    none while the indexed folder above it is itself missing (a share not mounted drops nothing)."""
    out = []
    for r, root in enumerate(existing.roots):
        if not _below(real, root) or not os.path.isdir(root):
            continue
        rel = display_name(Path(os.path.relpath(real, root)).as_posix())  # as the ids show it
        g = existing.number.get(rel, -1)
        if g >= 0 and existing.root[g] == r:  # a file: one look-up, not a pass over every document
            if not os.path.lexists(real):
                out.append(rel)
            continue
        out += [existing.ids[k] for k in _gone_under(existing, r, rel + "/")]
    return out


def _gone_under(existing: _Existing, root_id: int, prefix: str, among: np.ndarray | None = None) -> list[int]:
    """The documents (of those ``among`` picks, a mask) read from root ``root_id`` whose ids start with ``prefix``
    and whose files are gone."""
    under = (np.array(existing.root, dtype=np.int64) == root_id) & np.char.startswith(
        np.array(existing.ids, dtype=str), prefix)
    if among is not None:
        under &= among
    root = existing.roots[root_id]
    return [k for k in np.flatnonzero(under).tolist() if not os.path.lexists(os.path.join(root, existing.ids[k]))]


def _under_indexed_root(listing: Listing, used: set[str]) -> tuple[Listing, str | None]:
    """``listing`` as the folder the index already holds it under would list it: a file or folder given from inside
    an indexed folder keeps the ids that folder gave its files (``tongwen index docs/2024/a.txt`` updates
    ``2024/a.txt`` of ``docs``, not a second document ``a.txt``). The prefix its ids gained, or None."""
    real = os.path.realpath(listing.root)
    if real in used:
        return listing, None
    above = [root for root in used if _below(real, root)]
    if not above:
        return listing, None
    root = max(above, key=len)  # the nearest indexed folder above it
    prefix = Path(os.path.relpath(real, root)).as_posix() + "/"
    # Paths stay where they are: an entry's path is the old base + its old id, or its odd path.
    odd = {i: listing.odd.get(i) or listing.base + doc_id for i, doc_id in enumerate(listing.doc_ids)}
    return Listing(Path(root), os.path.join(root, ""), [prefix + doc_id for doc_id in listing.doc_ids],
                   listing.size, listing.mtime, odd, listing.skipped,
                   tuple(prefix + folder for folder in listing.unreadable),
                   tuple((prefix + place, target) for place, target in listing.dangling)), prefix


def _below(path: str, folder: str) -> bool:
    """Whether the real path ``path`` lies strictly inside the real folder ``folder``."""
    return path.startswith(folder.rstrip(os.sep) + os.sep)


def _indexed_again(found: list[Listing], real_roots: list[str], existing: _Existing,
                   indexed_root: np.ndarray) -> list[str]:
    """Documents indexed from a folder inside a folder given now, which this run lists under the outer folder's
    ids: the same files, so the old documents go (a file no longer listed keeps its document, as before).
    ``indexed_root``: each indexed document's root, as an array."""
    out = []
    for listing, outer in zip(found, real_roots):
        inner = [r for r, root in enumerate(existing.roots) if _below(root, outer)]
        if not inner:
            continue
        listed = set(listing.doc_ids)
        for g in np.flatnonzero(np.isin(indexed_root, inner)).tolist():
            outer_id = Path(os.path.relpath(existing.roots[existing.root[g]], outer)).as_posix() + "/" + existing.ids[g]
            if outer_id in listed and existing.number.get(existing.ids[g]) == g:
                out.append(existing.ids[g])
    return out


def _taken_ids(found: list, real: list[int], existing: _Existing, warn, report: IndexReport) -> list[np.ndarray | None]:
    """For each listing, which of its files have a document id that belongs to a file under another folder (None:
    none); those are skipped with a warning. An index holds one document per id.

    An id found under several of the folders given stays with the folder its indexed document came from, else
    goes to the first folder given; an id indexed from a folder not given this run stays with that folder, unless
    that folder is gone and the file is the very one it held (the same content): a folder moved or renamed.
    ``real``: each listing's root among the index's roots (-1 for a root nothing was indexed from)."""
    if len(found) < 2 and set(existing.root) <= set(real):
        return [None] * len(found)  # one folder, every indexed document from it: nothing can collide
    gone_roots = {r for r, root in enumerate(existing.roots) if r not in real and not os.path.isdir(root)}
    owner: dict[str, int] = {}
    for k, listing in enumerate(found):
        for i, doc_id in enumerate(listing.doc_ids):
            g = existing.number.get(doc_id)
            if g is not None and existing.root[g] not in real:
                # Indexed from a folder not given this run: it keeps its document, but for a file moved with it.
                owner[doc_id] = k if doc_id not in owner and _moved_here(listing, i, existing, g, gone_roots) else -1
            elif doc_id not in owner or (g is not None and existing.root[g] == real[k]):
                owner[doc_id] = k
    taken = []
    for k, listing in enumerate(found):
        mask = np.array([owner[doc_id] != k for doc_id in listing.doc_ids], dtype=bool)
        for i in np.flatnonzero(mask).tolist():
            doc_id = listing.doc_ids[i]
            other = owner[doc_id]
            place = existing.root_of(doc_id) if other < 0 else str(found[other].root)
            report.skipped += 1
            if other < 0 and existing.root[existing.number[doc_id]] in gone_roots:
                warn(f"{doc_id}: a document of the same id was read from {place}, which is not there any more, and "
                     f"this file differs from it; skipped (`tongwen index --rebuild` naming every folder to keep "
                     f"reads them anew)")
            else:
                warn(f"{doc_id}: a document of the same id comes from {place}; skipped (index the folders' common "
                     f"parent, or each folder into its own index, to keep both)")
        taken.append(mask if mask.any() else None)
    return taken


def _moved_here(listing: Listing, i: int, existing: _Existing, g: int, gone_roots: set[int]) -> bool:
    """Whether file ``i`` of ``listing`` is indexed document ``g`` moved: its folder is gone, the content the same."""
    if existing.root[g] not in gone_roots:
        return False
    try:
        return _file_hash(listing.path(i)) == existing.hash[g]
    except OSError:
        return False


def _write(index_dir: Path, base: Path | None, existing: _Existing, plan: _Plan, progress, warn,
           report: IndexReport) -> Path:
    """Write a new generation: the base's segments with deletions marked, new segments, merges; committed."""
    # Imported here: readers, cleaning and the script detector are for writing; a searcher never loads them.
    from . import workers

    gen = _new_generation(index_dir, base, warn)
    ix = whoosh_index.open_dir(str(gen))
    # This writer only deletes replaced documents from the old segments; new documents go into segments written
    # by ``workers`` (in worker processes when there are enough files), merges into segments of their own, and
    # all of it is committed together at the end.
    writer = FastSegmentWriter(ix)
    new_segments: list = []
    try:
        # Also a changed file that became unreadable: its old text no longer describes it.
        replaced = [job[1] for job in plan.jobs if job[1] in existing.number]
        _delete(gen, writer.segments, [existing.place(doc_id) for doc_id in plan.gone + replaced]
                + [existing.place_of(g) for g in existing.shadowed])
        report.removed += len(plan.gone) + len(existing.shadowed)
        _write_restat(gen, existing, plan)
        n_workers = min(os.cpu_count() or 1, MAX_WORKERS)
        if len(plan.jobs) < PARALLEL_MIN_FILES or n_workers < 2:
            done = workers.index_in_process(gen, plan.jobs, new_segments)
        else:
            done = workers.index_in_workers(gen, plan.jobs, n_workers, tuple(_HELD_LOCKS), new_segments)
        for i, file in enumerate(done, 1):
            if file.skipped is not None:
                report.skipped += 1
                warn(file.skipped)
            else:
                report.indexed += 1
                report.by_format[file.format] += 1
            progress(i, len(plan.jobs))
        final = _merge(ix, gen, list(writer.segments) + new_segments, n_workers)
        commit_segments(writer, final)
        _drop_unused_literals(gen, {seg.segment_id() for seg in final})
    except BaseException:
        if not writer.is_closed:
            writer.cancel()
        shutil.rmtree(gen, ignore_errors=True)
        raise
    return gen


def _publish(index_dir: Path, gen: Path, base: Path | None, previous: Path | None, roots: list[str]) -> None:
    """Make ``gen`` live: its manifest (versions, roots, checksums), then the pointer; then drop old generations."""
    base_manifest = read_manifest(base) if base else {}
    # The readers' version is this code's only when every document was read as it reads them: from nothing, a
    # rebuild, or by code that differed in comments and docstrings only.
    recorded = {key: base_manifest.get(key) for key in (READERS_VERSION, READERS_MEANING)}
    if base is not None and not _read_by_these_readers(base_manifest):
        read_by = recorded  # other rules read some of its documents
    elif recorded[READERS_VERSION] == readers.readers_version() and recorded[READERS_MEANING]:
        read_by = recorded  # this very code, its meaning worked out once already
    else:
        read_by = {READERS_VERSION: readers.readers_version(), READERS_MEANING: readers.readers_meaning()}
    try:
        _write_manifest(gen, {**expected_versions(), **read_by}, roots, int(base_manifest.get("sequence", 0)) + 1,
                        base, base_manifest.get("files", {}))
    except BaseException:
        shutil.rmtree(gen, ignore_errors=True)
        raise
    _switch(index_dir, gen)
    _collect_garbage(index_dir, keep={gen.name} | ({previous.name} if previous else set()))


def _merge(ix, gen: Path, segments: list, processes: int = 1) -> list:
    """The segments after the merge policy's merges (each group into one new segment, Whoosh and literal parts).

    The groups of one round are independent and are merged side by side in ``processes`` worker processes; the
    policy is asked again after each round, so merges cascade (ten merged segments may complete a tier above).
    The base's files were checked against their checksums when the run opened it (``Verified``).
    """
    from . import workers

    # A segment whose records are all deleted holds nothing to merge: it is dropped, not rewritten empty.
    by_id = {seg.segment_id(): seg for seg in segments if seg.deleted_count() < seg.doc_count_all()}
    while True:
        groups = literal_segments.choose_merges([
            literal_segments.Segment(sid, seg.doc_count_all(), seg.deleted_count()) for sid, seg in by_id.items()])
        if not groups:
            return list(by_id.values())
        batches = [[by_id.pop(sid) for sid in group] for group in groups]
        for merged in workers.merge_groups(gen, batches, processes, tuple(_HELD_LOCKS)):
            by_id[merged.segment_id()] = merged


def _drop_unused_literals(gen: Path, live_ids: set[str]) -> None:
    """Remove the literal folders of segments the committed table of contents no longer lists (merged away)."""
    for entry in gen.iterdir():
        if entry.is_dir() and entry.name.startswith(literal_segments.PREFIX):
            if entry.name.endswith(".tmp") or entry.name[len(literal_segments.PREFIX):] not in live_ids:
                shutil.rmtree(entry, ignore_errors=True)
