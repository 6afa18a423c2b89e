"""Tongwen measured through its public interfaces: update_index, Searcher, `tongwen serve` and `tongwen search`.

Builds and in-process queries run in their own process (`python -m tests.benchmarks.tongwen_bench MODE ...`
prints JSON), so peak memory is that of one build and query timings are not disturbed by the runner.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from tests.benchmarks.measure import (
    ROOT,
    dir_bytes,
    median,
    run_worker,
    summary,
    time_command,
    tree_rss_kb,
    worker_main,
)

MODULE = "tests.benchmarks.tongwen_bench"
# The console script installed beside this interpreter is what users run (a version manager's shim on PATH
# would add its own start-up time); without it, the same entry point through this interpreter.
_SCRIPT = Path(sys.executable).with_name("tongwen")
TONGWEN = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-c", "from tongwen.cli import main; main()"]


def build(corpus: Path, index_dir: Path, repeat: int, before_each: Callable[[], None] | None = None) -> dict:
    """Median time of a from-scratch build and of a run with nothing changed; size on disk; peak memory.

    ``before_each`` runs before every from-scratch build: a baseline measured in turn with the builds, so that a
    ratio can be taken pair by pair while the machine's speed drifts.
    """
    runs = []
    for _ in range(repeat):
        if before_each is not None:
            before_each()
        shutil.rmtree(index_dir, ignore_errors=True)
        runs.append(run_worker(MODULE, "build", str(corpus), str(index_dir)))
    again = [run_worker(MODULE, "build", str(corpus), str(index_dir)) for _ in range(repeat)]
    if any(r["report"]["indexed"] for r in again):
        raise RuntimeError(f"a run over an unchanged corpus re-indexed files: {again[0]['report']}")
    return {
        "build_s": round(median([r["seconds"] for r in runs]), 3),
        "build_runs_s": [r["seconds"] for r in runs],
        "unchanged_s": round(median([r["seconds"] for r in again]), 3),
        "report": runs[-1]["report"],
        "size_mb": round(dir_bytes(index_dir) / 1e6, 2),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
    }


def query_in_process(index_dir: Path, queries_file: Path) -> dict:
    """Latency of Searcher.search(q, limit=10) over the query set, after one warm-up pass."""
    return run_worker(MODULE, "query", str(index_dir), str(queries_file))


def query_http(index_dir: Path, queries: list[dict]) -> dict:
    """Latency of GET /search?q=..&limit=10 against `tongwen serve` (keep-alive client), and the server's memory."""
    import httpx

    port = _free_port()
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen([*TONGWEN, "serve", "--index", str(index_dir), "--port", str(port)],
                                  cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
                ready_s = _wait_healthy(client, server, log)
                statuses: dict[int, int] = {}

                def run(q: dict) -> tuple[float, dict | None]:
                    start = time.perf_counter()
                    response = client.get("/search", params={"q": q["q"], "limit": 10})
                    elapsed = time.perf_counter() - start
                    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                    return elapsed, response.json() if response.status_code == 200 else None

                for q in queries:
                    run(q)
                statuses.clear()
                timed = [run(q) for q in queries]
                rss_kb = tree_rss_kb(server.pid)
        finally:
            stop_server(server)
    return {
        **summary([t for t, _ in timed]),
        **_source_found(queries, [body for _, body in timed]),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "server_ready_s": round(ready_s, 3),
        "server_rss_mb": round(rss_kb / 1024, 1),
    }


def largest_merge(index_dir: Path) -> dict:
    """Time and peak memory of the largest merge the merge policy would make of the index's segments (the most one
    update may have to do), done on a copy of the generation made of hard links: the index is left as it was."""
    return run_worker(MODULE, "largest-merge", str(index_dir))


def cold_start(index_dir: Path, query: str, repeat: int = 5) -> dict:
    """Median wall time of `tongwen search QUERY --index DIR --json` and of a process that only loads jieba."""
    return {
        "tongwen_search": time_command([*TONGWEN, "search", query, "--index", str(index_dir), "--json"], repeat),
        "jieba_initialize": time_command([sys.executable, "-c", "import jieba; jieba.initialize()"], repeat),
    }


def stop_server(server: subprocess.Popen, timeout: float = 20) -> None:
    """Stop a `tongwen serve` process: terminate it, and kill it if it has not ended within ``timeout`` seconds."""
    server.terminate()
    try:
        server.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(client, server: subprocess.Popen, log, timeout: float = 180) -> float:
    """Poll GET /health until it answers 200; seconds it took. Fails with the server's output if it dies."""
    import httpx

    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if server.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"tongwen serve exited with {server.returncode}:\n{log.read()[-2000:].decode()}")
        try:
            if client.get("/health").status_code == 200:
                return time.perf_counter() - start
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError("tongwen serve did not become healthy in time")


def _source_found(queries: list[dict], bodies: list[dict | None]) -> dict:
    """Share of queries whose source document is among the top 10, same-script and cross-script."""
    hits = {True: 0, False: 0}
    for q, body in zip(queries, bodies):
        ids = [str(r.get("doc_id") or r.get("path", "")) for r in (body or {}).get("results", [])]
        hits[q["cross_script"]] += any(i.endswith(q["source"]) for i in ids)
    cross = sum(q["cross_script"] for q in queries)
    return {"source_top10_same": round(hits[False] / max(1, len(queries) - cross), 3),
            "source_top10_cross": round(hits[True] / max(1, cross), 3)}


def _build_worker(corpus: Path, index_dir: Path) -> dict:
    from tongwen.index.store import update_index

    start = time.perf_counter()
    report = update_index([corpus], index_dir)
    seconds = time.perf_counter() - start
    fields = ("indexed", "unchanged", "skipped", "removed", "seconds")
    return {"seconds": round(seconds, 3), "report": {f: getattr(report, f) for f in fields}}


def _largest_merge_worker(index_dir: Path) -> dict:
    from whoosh import index as whoosh_index

    from tongwen.index import segments, store, workers

    gen = store.current_generation(index_dir)
    if gen is None:
        raise RuntimeError(f"no index at {index_dir}")
    scratch = Path(tempfile.mkdtemp(prefix=".merge-", dir=index_dir.parent))
    try:
        copy = scratch / gen.name
        # A segment's files never change once written and a merge only adds files: linked, not copied.
        shutil.copytree(gen, copy, copy_function=os.link)
        by_id = {seg.segment_id(): seg for seg in whoosh_index.open_dir(str(copy))._segments()}
        group = segments.largest_merge([segments.Segment(sid, seg.doc_count_all(), seg.deleted_count())
                                        for sid, seg in by_id.items()])
        start = time.perf_counter()
        if group:
            workers.merge_group(copy, [by_id[sid] for sid in group])
        seconds = time.perf_counter() - start
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    records = sum(by_id[sid].doc_count_all() - by_id[sid].deleted_count() for sid in group)
    return {"seconds": round(seconds, 3), "segments": len(group), "records": records}


def _query_worker(index_dir: Path, queries_file: Path) -> dict:
    from tongwen.search.searcher import Searcher

    queries = json.loads(queries_file.read_text(encoding="utf-8"))
    searcher = Searcher.open(index_dir)
    errors: dict[str, int] = {}

    def run(q: dict) -> tuple[float, dict | None]:
        start = time.perf_counter()
        try:
            body = searcher.search(q["q"], limit=10)
        except Exception as err:  # counted and reported: a benchmark should show failures, not stop on them
            body = None
            errors[type(err).__name__] = errors.get(type(err).__name__, 0) + 1
        return time.perf_counter() - start, body

    for q in queries:
        run(q)
    errors.clear()
    timed = [run(q) for q in queries]
    return {**summary([t for t, _ in timed]), **_source_found(queries, [b for _, b in timed]), "errors": errors}


def _main(argv: list[str]) -> None:
    worker_main(argv, {
        "build": lambda corpus, index_dir: _build_worker(Path(corpus), Path(index_dir)),
        "query": lambda index_dir, queries: _query_worker(Path(index_dir), Path(queries)),
        "largest-merge": lambda index_dir: _largest_merge_worker(Path(index_dir)),
    })


if __name__ == "__main__":
    _main(sys.argv[1:])
