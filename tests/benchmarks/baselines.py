"""Baselines: bare jieba segmentation and the stock Whoosh + jieba ChineseAnalyzer pipeline.

Each measurement runs in its own process (`python -m tests.benchmarks.baselines MODE ...` prints JSON)
so that memory is measured per pipeline and no pipeline warms another's caches.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
import time
from pathlib import Path

from tests.benchmarks.corpus import corpus_files
from tests.benchmarks.measure import dir_bytes, median, run_worker, summary, worker_main

MODULE = "tests.benchmarks.baselines"


def bare_jieba(corpus: Path, repeat: int) -> dict:
    """Seconds and MB/s of list(jieba.cut(text)) over every file, dictionary loaded beforehand."""
    return run_worker(MODULE, "jieba", str(corpus), str(repeat))


def stock_build(corpus: Path, index_dir: Path, repeat: int) -> dict:
    """Median build time, size on disk and peak memory of the stock index, built `repeat` times from scratch."""
    runs = []
    for _ in range(repeat):
        shutil.rmtree(index_dir, ignore_errors=True)
        runs.append(run_worker(MODULE, "build", str(corpus), str(index_dir)))
    return {
        "build_s": round(median([r["seconds"] for r in runs]), 3),
        "build_runs_s": [r["seconds"] for r in runs],
        "size_mb": round(dir_bytes(index_dir) / 1e6, 2),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
    }


def stock_queries(index_dir: Path, queries_file: Path) -> dict:
    """Latency of parse + search(limit=10) + highlights of every hit, over the query set after a warm-up pass."""
    return run_worker(MODULE, "query", str(index_dir), str(queries_file))


def _jieba_worker(corpus: Path, repeat: int) -> dict:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    texts = [p.read_text(encoding="utf-8") for p in corpus_files(corpus)]
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            list(jieba.cut(text))
        runs.append(time.perf_counter() - start)
    mb = sum(len(t.encode()) for t in texts) / 1e6
    seconds = median(runs)
    return {"seconds": round(seconds, 3), "runs_s": [round(r, 3) for r in runs], "mb": round(mb, 2),
            "mb_per_s": round(mb / seconds, 3)}


def _stock_schema():
    from jieba.analyse import ChineseAnalyzer
    from whoosh.fields import ID, TEXT, Schema

    return Schema(path=ID(stored=True, unique=True), title=TEXT(stored=True),
                  content=TEXT(analyzer=ChineseAnalyzer(), stored=True))


def _build_worker(corpus: Path, index_dir: Path) -> dict:
    import jieba
    from whoosh.index import create_in

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    schema = _stock_schema()
    start = time.perf_counter()
    index_dir.mkdir(parents=True)
    writer = create_in(str(index_dir), schema).writer()
    for path in corpus_files(corpus):
        text = path.read_text(encoding="utf-8")
        writer.add_document(path=str(path), title=text.split("\n", 1)[0], content=text)
    writer.commit()
    return {"seconds": round(time.perf_counter() - start, 3)}


def _query_worker(index_dir: Path, queries_file: Path) -> dict:
    import jieba
    from whoosh.index import open_dir
    from whoosh.qparser import QueryParser

    jieba.setLogLevel(logging.WARNING)
    queries = json.loads(queries_file.read_text(encoding="utf-8"))
    ix = open_dir(str(index_dir))
    found = {True: 0, False: 0}
    with ix.searcher() as searcher:
        parser = QueryParser("content", ix.schema)

        def run(q: dict) -> float:
            start = time.perf_counter()
            results = searcher.search(parser.parse(q["q"]), limit=10)
            paths = []
            for hit in results:
                hit.highlights("content")
                paths.append(hit["path"])
            elapsed = time.perf_counter() - start
            found[q["cross_script"]] += any(p.endswith(q["source"]) for p in paths)
            return elapsed

        for q in queries:
            run(q)
        found = {True: 0, False: 0}
        times = [run(q) for q in queries]
    return {**summary(times), **_source_found(found, queries)}


def _source_found(found: dict, queries: list[dict]) -> dict:
    """Share of queries whose source document is among the top 10, same-script and cross-script."""
    cross = sum(q["cross_script"] for q in queries)
    return {"source_top10_same": round(found[False] / max(1, len(queries) - cross), 3),
            "source_top10_cross": round(found[True] / max(1, cross), 3)}


def _main(argv: list[str]) -> None:
    worker_main(argv, {
        "jieba": lambda folder, repeat: _jieba_worker(Path(folder), int(repeat)),
        "build": lambda corpus, index_dir: _build_worker(Path(corpus), Path(index_dir)),
        "query": lambda index_dir, queries: _query_worker(Path(index_dir), Path(queries)),
    })


if __name__ == "__main__":
    _main(sys.argv[1:])
