"""Indexing on every core: worker processes that analyze files and write Whoosh segments of their own.

Workers take files from one shared queue, so a worker slowed by a busy machine simply takes fewer of them, and
report each file (what the run summary and the literal index need) and each segment they finish. The parent only
collects: it never sees a token, so it is never the bottleneck.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from .analysis import WORDS
from .errors import IndexWriteError, UnreadableFile
from .prepare import PreparedDocument, prepare_document
from .segment_writer import MergingSegmentWriter, WorkerSegmentWriter, quantized_length
from . import segments as literal_segments
from .segments import DocEntry, SegmentLiteralWriter

# Passages per Whoosh segment: Whoosh sorts a segment's postings in memory and merges spilled runs slowly, so
# bounded segments keep indexing linear in the corpus. And the memory each writer may use for sorting them.
SEGMENT_PASSAGES = 40000
WRITER_MB = 256
GC_THRESHOLDS = (50_000, 20, 1000)
# How often the parent checks that its workers are still alive while it waits for news.
POLL_SECONDS = 0.5


@dataclass
class FileDone:
    """What became of one file: its format, or the reason it was skipped."""

    job: tuple
    format: str | None = None
    skipped: str | None = None


class WorkerFailed(IndexWriteError):
    """A worker process died or raised; the run is abandoned and the previous index stays live."""


def analyze_file(job: tuple) -> PreparedDocument | FileDone:
    """Analyze the file of ``job``, or say why it is skipped: a fault of one file never stops the run."""
    try:
        return prepare_document(*job)
    except UnreadableFile as err:
        return FileDone(job, skipped=str(err))
    except OSError as err:  # vanished, unreadable, a folder where a file was
        return FileDone(job, skipped=f"{job[1]}: cannot read ({err.strerror or err}); skipped")
    except RecursionError:
        return FileDone(job, skipped=f"{job[1]}: nested too deeply to read; skipped")
    except Exception as err:  # a reader's parser failing on a malformed file: that file's fault, not the run's
        return FileDone(job, skipped=f"{job[1]}: cannot be parsed ({type(err).__name__}); skipped")


def _die_with_parent(fds: tuple[int, ...]) -> None:
    # A flock lasts until every copy of its descriptor is closed: a worker outliving a killed writer must not keep
    # the index locked. And Linux prctl(PR_SET_PDEATHSIG, SIGKILL) takes the workers along if the writer is killed.
    for fd in fds:
        os.close(fd)
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _write(ix, jobs: Iterable[tuple]) -> Iterator[tuple[str, Any]]:
    """Analyze the files of ``jobs`` into new segments of ``ix``, each with its literal folder: yield
    ("file", FileDone) and ("segment", seg)."""
    gen = Path(ix.storage.folder)
    writer: WorkerSegmentWriter | None = None
    literal: SegmentLiteralWriter | None = None
    in_segment = 0
    try:
        for job in jobs:
            prepared = analyze_file(job)
            if isinstance(prepared, FileDone):
                yield "file", prepared
                continue
            if writer is None or literal is None:
                writer, literal = WorkerSegmentWriter(ix, WRITER_MB), SegmentLiteralWriter(gen)
            _add(writer, literal, prepared)
            yield "file", FileDone(job, prepared.format)
            in_segment += len(prepared.passages)
            if in_segment >= SEGMENT_PASSAGES:
                segment = writer.finish()
                literal.write(gen, segment.segment_id())
                writer, literal, in_segment = None, None, 0
                yield "segment", segment
        if writer is not None and literal is not None:
            segment = writer.finish()
            literal.write(gen, segment.segment_id())
            writer = None
            yield "segment", segment
    finally:
        if writer is not None:
            writer.abandon()


def _add(writer: WorkerSegmentWriter, literal: SegmentLiteralWriter, prepared: PreparedDocument) -> None:
    """Write one document's records into a segment, and note them for the segment's literal folder."""
    first = writer.docnum
    rows: list[tuple[int, int, int, int, int, int, int]] = []
    for record in prepared.records():
        if record["kind"] == "passage":
            passage = prepared.passages[len(rows)]
            tokens = len(record["body"])
            rows.append((writer.docnum, len(rows), passage.start, passage.end, passage.article_number,
                         quantized_length(tokens), tokens))
        writer.add_document(**record)
    entry = DocEntry(prepared.doc_id, prepared.root, prepared.hash, (prepared.stat[0], prepared.stat[1]),
                     prepared.summary())
    labels = [(passage.section, passage.article) for passage in prepared.passages]
    literal.add(entry, first, prepared.literal, rows, labels, prepared.document.text)


def _work(gen: str, tasks, results, lock_fds: tuple[int, ...]) -> None:
    _die_with_parent(lock_fds)
    # Python's collector scans every live container, again and again while a document's million tokens are made:
    # a tenth of a worker's time in profiles. Frozen, what the worker inherits (jieba's dictionary) is never
    # scanned and its pages stay shared with the parent; a higher threshold runs the collector less often while
    # still freeing cycles (which some readers' object graphs have).
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        for message in _write(whoosh_index.open_dir(gen), iter(tasks.get, None)):
            results.put(message)
        results.put(("done", None))
    except OSError as err:  # writing the segment (disk full, ...): the parent reports it as an OS error
        results.put(("oserror", (err.errno, err.strerror or str(err))))
    except BaseException as err:
        if os.environ.get("TONGWEN_DEBUG"):
            traceback.print_exc()
        results.put(("error", f"{type(err).__name__}: {err}"))


def index_in_workers(gen: Path, jobs: list[tuple], workers: int, lock_fds: tuple[int, ...],
                     segments: list) -> Iterator[FileDone]:
    """Analyze and write ``jobs`` in ``workers`` processes; yield each file as it is done.

    Finished segments are appended to ``segments`` (uncommitted: the caller commits them). Raises WorkerFailed
    if a worker dies or fails; the caller then drops the whole generation.
    """
    WORDS.prepare()  # before the fork: the workers share the parent's taught dictionary
    ctx = multiprocessing.get_context("fork")
    tasks, results = ctx.Queue(), ctx.Queue()
    # Largest files first: the last file handed out is then a small one, and the workers finish together.
    for job in sorted(jobs, key=_size, reverse=True):
        tasks.put(job)
    for _ in range(workers):
        tasks.put(None)
    procs = [ctx.Process(target=_work, args=(str(gen), tasks, results, lock_fds), daemon=True)
             for _ in range(workers)]
    for p in procs:
        p.start()
    try:
        running = workers
        while running:
            try:
                kind, value = results.get(timeout=POLL_SECONDS)
            except queue.Empty:
                dead = [p.exitcode for p in procs if p.exitcode not in (None, 0)]
                if dead:
                    raise WorkerFailed(f"an indexing worker died (exit code {dead[0]})") from None
                continue
            if kind == "file":
                yield value
            elif kind == "segment":
                segments.append(value)
            elif kind == "done":
                running -= 1
            elif kind == "oserror":
                raise OSError(*value)
            else:
                raise WorkerFailed(f"an indexing worker failed ({value}); the previous index is intact")
    finally:
        # Stopped early (Ctrl-C, a failure), the jobs not handed out yet wait in the queue's buffer, and the thread
        # feeding them to the workers would hold the process's exit on a pipe nobody reads any more.
        tasks.cancel_join_thread()
        for p in procs:
            if p.is_alive():
                p.terminate()
        for p in procs:
            p.join()


def index_in_process(gen: Path, jobs: list[tuple], segments: list) -> Iterator[FileDone]:
    """``index_in_workers`` without the workers, for a few files (starting processes would cost more)."""
    if jobs:  # a run that only deletes segments nothing and loads no dictionary
        WORDS.prepare()  # the whole dictionary: a searcher of this process may have mapped a table (``prefix_table``)
    for kind, value in _write(whoosh_index.open_dir(str(gen)), jobs):
        if kind == "file":
            yield value
        else:
            segments.append(value)


def _size(job: tuple) -> int:
    try:
        return os.path.getsize(job[2])
    except OSError:
        return 0


def merge_group(gen: Path, group: list):
    """Merge committed segments into one new segment (its Whoosh files and its literal folder); return it."""
    import numpy as np

    # Read, not memory-mapped: a merge reads its sources once from end to end, and mapped pages would count as the
    # merging process's own memory, growing with the segments merged.
    ix = FileStorage(str(gen), supports_mmap=False).open_index()
    merger = MergingSegmentWriter(ix, WRITER_MB)
    sources = []
    try:
        for seg in group:
            merger.add_segment(seg)
            sources.append((seg.segment_id(), np.fromiter(seg.deleted_docs(), dtype=np.int64)))
        merged = merger.finish()
    except BaseException:
        merger.abandon()
        raise
    literal_segments.merge(gen, sources, merged.segment_id())
    return merged


def _merge_work(gen: str, job: int, group: list, results, lock_fds: tuple[int, ...]) -> None:
    _die_with_parent(lock_fds)
    try:
        results.put(("segment", job, merge_group(Path(gen), group)))
    except OSError as err:
        results.put(("oserror", job, (err.errno, err.strerror or str(err))))
    except BaseException as err:
        if os.environ.get("TONGWEN_DEBUG"):
            traceback.print_exc()
        results.put(("error", job, f"{type(err).__name__}: {err}"))


def merge_groups(gen: Path, groups: list[list], processes: int, lock_fds: tuple[int, ...]) -> Iterator:
    """Merge each group of segments into one, ``processes`` groups at a time; yield the merged segments."""
    if processes < 2 or len(groups) < 2:
        for group in groups:
            yield merge_group(gen, group)
        return
    ctx = multiprocessing.get_context("fork")
    results = ctx.Queue()
    pending = list(enumerate(groups))
    running: dict[int, Any] = {}
    try:
        while pending or running:
            while pending and len(running) < processes:
                job, group = pending.pop(0)
                proc = ctx.Process(target=_merge_work, args=(str(gen), job, group, results, lock_fds), daemon=True)
                proc.start()
                running[job] = proc
            try:
                kind, job, value = results.get(timeout=POLL_SECONDS)
            except queue.Empty:
                dead = [p.exitcode for p in running.values() if p.exitcode not in (None, 0)]
                if dead:
                    raise WorkerFailed(f"a merging worker died (exit code {dead[0]})") from None
                continue
            running.pop(job).join()
            if kind == "oserror":
                raise OSError(*value)
            if kind == "error":
                raise WorkerFailed(f"a merging worker failed ({value}); the previous index is intact")
            yield value
    finally:
        for proc in running.values():
            if proc.is_alive():
                proc.terminate()
            proc.join()
