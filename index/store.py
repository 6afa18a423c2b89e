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

import fcntl
import hashlib
import json
import os
import shutil
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

from whoosh import index as whoosh_index

from . import analysis
from .errors import IndexLocked, IndexMissing, IndexVersionMismatch, InputPathError
from .literal import FILE as LITERAL_FILE
from .literal import build_for_generation
from .schema import make_schema
from .segment_writer import FastSegmentWriter, commit_with_segments
from .walk import walk

MANIFEST = "manifest.json"
CURRENT = "CURRENT"
LOCK = "tongwen.lock"
# Below this many changed files, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 8
MAX_WORKERS = 4


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

    def summary(self) -> str:
        """The one-line summary the CLI prints."""
        formats = ", ".join(f"{n} {fmt}" for fmt, n in sorted(self.by_format.items()))
        fmt_part = f" ({formats})" if formats else ""
        return (f"indexed {self.indexed}{fmt_part}, unchanged {self.unchanged}, skipped {self.skipped}, "
                f"removed {self.removed} in {self.seconds:.2f} s")


def expected_versions() -> dict:
    """The versions a reader of this code analyzes queries with; an index must match them."""
    from .vocabulary import REGIONAL_EXTRA, REGIONAL_TABLE, vocabulary_path

    return {
        "pipeline_version": analysis.pipeline_version(),
        "dictionary_version": analysis.dictionary_version([vocabulary_path(), REGIONAL_TABLE, REGIONAL_EXTRA]),
    }


def current_generation(index_dir: Path) -> Path | None:
    """The live generation folder of ``index_dir``, or None when there is no index yet."""
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    gen = index_dir / name
    # The manifest is written last, after the Whoosh files and the literal index: its presence means complete.
    return gen if (gen / MANIFEST).exists() else None


def read_manifest(gen: Path) -> dict:
    """The manifest of a generation folder."""
    return json.loads((gen / MANIFEST).read_text(encoding="utf-8"))


def check_versions(manifest: dict, index_dir: Path) -> None:
    """Raise IndexVersionMismatch when the index was built by a pipeline that analyzes differently."""
    want = expected_versions()
    for key, value in want.items():
        if manifest.get(key) != value:
            raise IndexVersionMismatch(
                f"the index at {index_dir} was built with {key.replace('_', ' ')} {manifest.get(key)!r}, "
                f"this Tongwen uses {value!r}: rebuild it with `tongwen index --rebuild`"
            )


def open_generation(index_dir: Path):
    """Open the live generation for reading: (whoosh index, manifest, folder). Checks versions."""
    gen = current_generation(index_dir)
    if gen is None:
        raise IndexMissing(f"no index at {index_dir}: build one with `tongwen index PATH --index {index_dir}`")
    manifest = read_manifest(gen)
    check_versions(manifest, index_dir)
    return whoosh_index.open_dir(str(gen)), manifest, gen


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


def _new_generation(index_dir: Path, base: Path | None) -> Path:
    gen = index_dir / f"gen-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
    gen.mkdir()
    if base is None:
        whoosh_index.create_in(str(gen), make_schema())
    else:
        # Whoosh never rewrites a committed segment file, so linking them is a safe, instant copy.
        for f in base.iterdir():
            # Not Whoosh's MAIN_WRITELOCK: a linked lock file would be one lock shared by every generation.
            if f.name not in (MANIFEST, LITERAL_FILE) and f.is_file() and not f.name.endswith(("LOCK", ".lock")):
                os.link(f, gen / f.name)
    return gen


def _switch(index_dir: Path, gen: Path) -> None:
    tmp = index_dir / f"{CURRENT}.{uuid.uuid4().hex[:8]}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(gen.name)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / CURRENT)
    dir_fd = os.open(index_dir, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _collect_garbage(index_dir: Path, keep: set[str]) -> None:
    # Keep the previous generation too: a searcher may still be reading it until it refreshes.
    for entry in index_dir.iterdir():
        if entry.name.startswith("gen-") and entry.name not in keep:
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.name.startswith(f"{CURRENT}.") and entry.name.endswith(".tmp"):
            entry.unlink(missing_ok=True)


def _write_manifest(gen: Path, versions: dict, roots: list[str]) -> None:
    manifest = {
        **versions,
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "roots": roots,
    }
    tmp = gen / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, gen / MANIFEST)


def _existing_documents(ix) -> dict[str, dict]:
    with ix.searcher() as s:
        return {fields["doc_id"]: fields["payload"] for fields in s.documents(kind="doc")}


def _file_hash(path: Path) -> str:
    h = hashlib.sha1()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def update_index(
    paths: list[Path],
    index_dir: Path,
    *,
    rebuild: bool = False,
    progress: Callable[[int, int], None] | None = None,
    warn: Callable[[str], None] | None = None,
) -> IndexReport:
    """Bring the index at ``index_dir`` up to date with the files under ``paths``.

    Unchanged files (same content hash, same root) cost nothing; changed ones are re-indexed; files that disappeared
    under a folder given are dropped. ``rebuild`` starts from an empty index (needed after a pipeline change).
    """
    # Imported here: readers, cleaning and the script detector are for writing; a searcher never loads them.
    from . import workers

    started = time.perf_counter()
    progress = progress or (lambda done, total: None)
    warn = warn or (lambda message: None)
    paths = [Path(p) for p in paths]
    for p in paths:
        if not p.exists():
            raise InputPathError(f"no such file or folder: {p}")
    index_dir = Path(index_dir)
    report = IndexReport()
    versions = expected_versions()
    with writer_lock(index_dir):
        live = current_generation(index_dir)
        if live is not None and not rebuild:
            check_versions(read_manifest(live), index_dir)
        _collect_garbage(index_dir, keep={live.name} if live else set())
        base = None if rebuild else live
        existing = _existing_documents(whoosh_index.open_dir(str(base))) if base else {}

        roots = {str(p.resolve()) for p in paths}
        jobs, seen = [], set()
        for root, doc_id, file_path in walk(paths):
            seen.add(doc_id)
            digest = _file_hash(file_path)
            old = existing.get(doc_id)
            if old is not None and old["hash"] == digest and old["root"] == str(root.resolve()):
                report.unchanged += 1
                continue
            jobs.append((str(root.resolve()), doc_id, str(file_path), digest))
        gone = [doc_id for doc_id, payload in existing.items() if payload["root"] in roots and doc_id not in seen]

        if not jobs and not gone and base is not None:
            report.seconds = time.perf_counter() - started
            return report

        gen = _new_generation(index_dir, base)
        ix = whoosh_index.open_dir(str(gen))
        # This writer deletes replaced documents from the old segments; new documents go into segments written
        # by ``workers`` (in worker processes when there are enough files), committed together at the end.
        writer = FastSegmentWriter(ix)
        segments: list = []
        literal: dict = {}  # doc_id -> LiteralPart
        try:
            for doc_id in gone:
                writer.delete_by_term("doc_id", doc_id)
                report.removed += 1
            for job in jobs:
                if job[1] in existing:
                    # Also when the file became unreadable: its old text no longer describes it.
                    writer.delete_by_term("doc_id", job[1])
            n_workers = min(os.cpu_count() or 1, MAX_WORKERS)
            if len(jobs) < PARALLEL_MIN_FILES or n_workers < 2:
                done = workers.index_in_process(gen, jobs, segments)
            else:
                done = workers.index_in_workers(gen, jobs, n_workers, tuple(_HELD_LOCKS), segments)
            for i, file in enumerate(done, 1):
                if file.skipped is not None:
                    report.skipped += 1
                    report.warnings.append(file.skipped)
                    warn(file.skipped)
                else:
                    report.indexed += 1
                    report.by_format[file.format] += 1
                    literal[file.job[1]] = file.literal
                progress(i, len(jobs))
            # A fresh build keeps its segments as written; an update lets Whoosh merge small ones.
            commit_with_segments(writer, segments, merge=base is not None)
            with whoosh_index.open_dir(str(gen)).searcher() as searcher:
                build_for_generation(searcher, literal).save(gen)
        except BaseException:
            if not writer.is_closed:
                writer.cancel()
            shutil.rmtree(gen, ignore_errors=True)
            raise
        all_roots = sorted(roots | {p["root"] for p in existing.values()})
        _write_manifest(gen, versions, all_roots)
        _switch(index_dir, gen)
        _collect_garbage(index_dir, keep={gen.name} | ({live.name} if live else set()))
    report.seconds = time.perf_counter() - started
    return report
