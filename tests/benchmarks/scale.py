"""How Tongwen's costs grow with the corpus: `python -m tests.benchmarks.scale [--scale 1,4,10,100]`.

The corpora are DISTINCT documents (``distinct_corpus``): copy 0 is the law corpus itself; every further copy
recombines each law's articles with articles of other laws (seeded), keeps the law's outline, and writes a random
half in Traditional script (Taiwan phrasing), so term statistics stay those of real laws rather than of one law
repeated N times. At each size the run measures a full build, the index size, a re-run with nothing changed, adding,
changing and deleting one file (re-running over the whole folder, and naming the file), the largest merge the merge
policy would make of the index's segments (the most one update may have to do), queries in process and over HTTP, a
cold `tongwen search`, the server's memory, and throughput at 1, 8 and 32 concurrent clients against 1 and 2 server
workers. Every build and update runs in a fresh process whose tree is sampled for memory. Ratios are taken
against the 1x figures of the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tests.benchmarks import tongwen_bench
from tests.benchmarks.corpus import CACHE, TRADITIONAL_CONFIG, build_corpus, fetch_database, law_texts, query_set
from tests.benchmarks.measure import ROOT, dir_bytes, median, run_worker, summary, time_command, tree_rss_kb

DEFAULT_OUT = Path(__file__).resolve().parent / "results" / "scale.json"
ARTICLE = re.compile(r"^(第[〇零一二三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?)[\s　]")
SEED = 20261202


def _split_law(text: str) -> tuple[list[str], list[tuple[str, str]]]:
    """(lines before the first article, [(article label, article paragraph and the headings after it)])."""
    head: list[str] = []
    articles: list[tuple[str, str]] = []
    for block in text.split("\n\n"):
        m = ARTICLE.match(block)
        if m:
            articles.append((m.group(1), block))
        elif articles:
            label, body = articles[-1]
            articles[-1] = (label, body + "\n\n" + block)
        else:
            head.append(block)
    return head, articles


def _recombined(laws: list[tuple[list[str], list[tuple[str, str]]]], i: int, copy: int) -> str:
    """Law ``i`` as copy ``copy`` writes it: its own outline, each article kept or taken from another law."""
    rng = random.Random(SEED * 1_000_003 + copy * 10_007 + i)
    head, articles = laws[i]
    title = head[0] if head else f"文件{i}"
    out = [f"{title}（第{copy}次汇编）", *head[1:]]
    for label, body in articles:
        if rng.random() < 0.5:
            donor = laws[rng.randrange(len(laws))][1]
            if donor:
                other_label, other = donor[rng.randrange(len(donor))]
                body = label + other[len(other_label):]
        out.append(body)
    return "\n\n".join(out) + "\n"


def distinct_corpus(factor: int, cache: Path = CACHE) -> Path:
    """A folder of ``factor`` × 378 distinct law documents (cached): c000/ is the law corpus, cNNN/ recombinations."""
    import opencc

    root = cache / f"distinct-x{factor}"
    done = root.with_name(root.name + ".complete")
    if done.exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    texts = law_texts(fetch_database(cache))
    laws = [_split_law(text) for _, text in texts]
    traditional = opencc.OpenCC(TRADITIONAL_CONFIG)
    for copy in range(factor):
        folder = root / f"c{copy:03d}"
        folder.mkdir(parents=True)
        rng = random.Random(SEED + copy)
        for i, (law_id, text) in enumerate(texts):
            body = text if copy == 0 else _recombined(laws, i, copy)
            if (i % 2 if copy == 0 else rng.random() < 0.5):
                body = traditional.convert(body)
            (folder / f"{i:03d}_{law_id}.txt").write_text(body, encoding="utf-8")
    done.touch()
    return root


def _extra_documents(n: int) -> list[str]:
    """Documents not in any corpus (copy numbers past every scale's), for the add and change measurements."""
    texts = law_texts(fetch_database(CACHE))
    laws = [_split_law(text) for _, text in texts]
    return [_recombined(laws, (17 * k) % len(laws), 10_000 + k) for k in range(n)]


# One file added, changed, deleted: re-running over the whole folder, and naming the file.
UPDATES = ("add_one", "change_one", "delete_one", "add_named", "change_named", "delete_named")


def _update(corpus: Path, index_dir: Path) -> dict:
    """One ``update_index`` run in a fresh process: seconds, report, peak memory (tree and largest process)."""
    r = run_worker(tongwen_bench.MODULE, "build", str(corpus), str(index_dir))
    return {"s": r["seconds"], "tree_mb": r["peak_rss_mb"], "process_mb": r["peak_process_mb"],
            "report": r["report"]}


def _one_file_updates(added_dir: Path, extra: list[str], index_dir: Path,
                      named) -> tuple[list[dict], list[dict], list[dict]]:
    """Runs that add, change, then delete one file of ``added_dir`` at a time, each naming ``named(file)``."""
    adds, changes, deletes = [], [], []
    for k, text in enumerate(extra):
        (added_dir / f"added-{k}.txt").write_text(text, encoding="utf-8")
        adds.append(_update(named(added_dir / f"added-{k}.txt"), index_dir))
    for k in range(len(extra)):
        path = added_dir / f"added-{k}.txt"
        path.write_text(path.read_text(encoding="utf-8") + f"\n\n第九百{k + 1}条　本文件自发布之日起施行。\n",
                        encoding="utf-8")
        changes.append(_update(named(path), index_dir))
    for k in range(len(extra)):
        (added_dir / f"added-{k}.txt").unlink()
        deletes.append(_update(named(added_dir / f"added-{k}.txt"), index_dir))
    return adds, changes, deletes


def _median_of(runs: list[dict]) -> dict:
    return {"s": round(median([r["s"] for r in runs]), 3), "tree_mb": median([r["tree_mb"] for r in runs]),
            "process_mb": median([r["process_mb"] for r in runs]), "runs_s": [r["s"] for r in runs]}


def measure_scale(factor: int, work: Path, queries: list[dict], queries_file: Path, repeat: int,
                  clients: list[int], seconds: float) -> dict:
    """Every figure at one corpus size."""
    corpus = distinct_corpus(factor)
    index_dir = work / f"index-x{factor}"
    text_bytes = dir_bytes(corpus)
    _log(f"x{factor}: build ({text_bytes / 1e6:.0f} MB)")
    builds = []
    for _ in range(repeat if factor == 1 else 1):
        shutil.rmtree(index_dir, ignore_errors=True)
        builds.append(_update(corpus, index_dir))
    result: dict = {"files": sum(1 for _ in corpus.rglob("*.txt")), "text_mb": round(text_bytes / 1e6, 1),
                    "build": _median_of(builds), "index_mb": round(dir_bytes(index_dir) / 1e6, 1)}
    result["index_over_text"] = round(dir_bytes(index_dir) / text_bytes, 3)
    result["stats"] = _stats(index_dir)
    _log(f"x{factor}: nothing changed, add, change, delete")
    result["unchanged"] = _median_of([_update(corpus, index_dir) for _ in range(repeat)])
    extra = _extra_documents(repeat)
    added_dir = corpus / "zz-added"
    shutil.rmtree(added_dir, ignore_errors=True)
    added_dir.mkdir()
    runs: dict[str, list[dict]] = {}
    try:
        # Re-running over the whole folder, then naming the file (`tongwen index corpus/zz-added/added-0.txt`), as
        # a feed that knows what it wrote would: no other file is listed.
        for suffix, named in (("one", lambda path: corpus), ("named", lambda path: path)):
            adds, changes, deletes = _one_file_updates(added_dir, extra, index_dir, named)
            runs.update({f"add_{suffix}": adds, f"change_{suffix}": changes, f"delete_{suffix}": deletes})
    finally:
        shutil.rmtree(added_dir, ignore_errors=True)
    for name in UPDATES:
        field = "removed" if name.startswith("delete") else "indexed"
        if any(r["report"][field] != 1 for r in runs[name]):
            raise RuntimeError(f"{name}: a run did not touch exactly one file: {[r['report'] for r in runs[name]]}")
        result[name] = _median_of(runs[name])
    result["segments_after_updates"] = _stats(index_dir)["segments"]
    _log(f"x{factor}: the largest merge the policy would make")
    merge = tongwen_bench.largest_merge(index_dir)
    result["largest_merge"] = {"s": merge["seconds"], "records": merge["records"], "segments": merge["segments"],
                               "process_mb": merge["peak_process_mb"], "tree_mb": merge["peak_rss_mb"]}
    _log(f"x{factor}: queries in process and over HTTP")
    result["query"] = tongwen_bench.query_in_process(index_dir, queries_file)
    result["http"] = tongwen_bench.query_http(index_dir, queries)
    result["cold_search"] = time_command([*tongwen_bench.TONGWEN, "search", queries[0]["q"], "--index",
                                          str(index_dir), "--json"], repeat)
    _log(f"x{factor}: throughput")
    result["throughput"] = {f"workers{w}": _throughput(index_dir, w, queries_file, clients, seconds) for w in (1, 2)}
    return result


def _stats(index_dir: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", "import json,sys; from tongwen.search.searcher import Searcher; "
                          "print(json.dumps(Searcher.open(sys.argv[1]).stats()))", str(index_dir)],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _throughput(index_dir: Path, workers: int, queries_file: Path, clients: list[int], seconds: float) -> dict:
    """Queries per second `tongwen serve --workers N` answers to C clients (a load process of C threads)."""
    import httpx

    port = tongwen_bench._free_port()
    out: dict = {}
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen([*tongwen_bench.TONGWEN, "serve", "--index", str(index_dir), "--port", str(port),
                                   "--workers", str(workers)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
                tongwen_bench._wait_healthy(client, server, log)
            for n in clients:
                load = subprocess.run([sys.executable, "-m", "tests.benchmarks.scale", "load", str(port), str(n),
                                       str(seconds), str(queries_file)], cwd=ROOT, capture_output=True, text=True,
                                      check=True)
                out[f"clients{n}"] = json.loads(load.stdout)
            out["server_rss_mb"] = round(tree_rss_kb(server.pid) / 1024, 1)
        finally:
            tongwen_bench.stop_server(server)
    return out


def _load(port: int, clients: int, seconds: float, queries_file: Path) -> dict:
    """Run ``clients`` threads sending the query set in turn for ``seconds``: answers per second, latency."""
    import httpx

    queries = [q["q"] for q in json.loads(queries_file.read_text(encoding="utf-8"))]
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def run(k: int) -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            i = k * 7
            while time.perf_counter() < stop:
                start = time.perf_counter()
                response = client.get("/search", params={"q": queries[i % len(queries)], "limit": 10})
                elapsed = time.perf_counter() - start
                with lock:
                    if response.status_code == 200:
                        latencies.append(elapsed)
                    else:
                        errors[0] += 1
                i += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=run, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return {"qps": round(len(latencies) / wall, 1), "errors": errors[0], **summary(latencies or [0.0])}


def _ratios(r: dict, scales: list[int]) -> dict:
    one = r["x1"]
    out: dict = {"x1": {"add_one_vs_build": round(one["add_one"]["s"] / one["build"]["s"], 3)}}
    for s in scales[1:]:
        big = r[f"x{s}"]
        out[f"x{s}"] = {
            "build_time": round(big["build"]["s"] / one["build"]["s"], 2),
            "build_peak_process": round(big["build"]["process_mb"] / one["build"]["process_mb"], 2),
            "build_peak_tree": round(big["build"]["tree_mb"] / one["build"]["tree_mb"], 2),
            **{f"{op}_{k}": round(big[op][field] / one[op][field], 2)
               for op in UPDATES for k, field in (("time", "s"), ("memory", "process_mb"))},
            "unchanged_time": round(big["unchanged"]["s"] / one["unchanged"]["s"], 2),
            "largest_merge_memory": round(big["largest_merge"]["process_mb"] / one["largest_merge"]["process_mb"], 2),
            "http_median": round(big["http"]["median_ms"] / one["http"]["median_ms"], 2),
            "http_p95": round(big["http"]["p95_ms"] / one["http"]["p95_ms"], 2),
            "query_median": round(big["query"]["median_ms"] / one["query"]["median_ms"], 2),
        }
    for s in scales:
        t = r[f"x{s}"]["throughput"]
        out.setdefault(f"x{s}", {})["two_workers_vs_one_at_8"] = round(
            t["workers2"]["clients8"]["qps"] / t["workers1"]["clients8"]["qps"], 2) if "clients8" in t["workers1"] else None
    return out


def _table(r: dict, scales: list[int]) -> str:
    lines = ["| | " + " | ".join(f"x{s}" for s in scales) + " |", "| --- |" + " ---: |" * len(scales)]

    def row(name: str, get) -> None:
        lines.append(f"| {name} | " + " | ".join(str(get(r[f'x{s}'])) for s in scales) + " |")

    row("files / text MB", lambda x: f"{x['files']} / {x['text_mb']}")
    row("full build s / peak MB (largest process, tree)",
        lambda x: f"{x['build']['s']} / {x['build']['process_mb']}, {x['build']['tree_mb']}")
    row("index MB (× text)", lambda x: f"{x['index_mb']} ({x['index_over_text']}×)")
    row("segments after build / after updates", lambda x: f"{x['stats']['segments']} / {x['segments_after_updates']}")
    row("largest merge an update may make: records / s / peak MB",
        lambda x: f"{x['largest_merge']['records']} / {x['largest_merge']['s']} / {x['largest_merge']['process_mb']}")
    for op in (*UPDATES, "unchanged"):
        row(f"{op.replace('_', ' ')}: s / peak MB", lambda x, op=op: f"{x[op]['s']} / {x[op]['process_mb']}")
    row("query in process p50 / p95 ms", lambda x: f"{x['query']['median_ms']} / {x['query']['p95_ms']}")
    row("query over HTTP p50 / p95 ms", lambda x: f"{x['http']['median_ms']} / {x['http']['p95_ms']}")
    row("cold tongwen search s", lambda x: x["cold_search"]["median_s"])
    row("server RSS MB", lambda x: x["http"]["server_rss_mb"])
    for w in (1, 2):
        for n in sorted({int(k[7:]) for s in scales for k in r[f"x{s}"]["throughput"][f"workers{w}"]
                         if k.startswith("clients")}):
            row(f"queries/s, {w} worker(s), {n} clients",
                lambda x, w=w, n=n: x["throughput"][f"workers{w}"].get(f"clients{n}", {}).get("qps"))
    return "\n".join(lines)


def _log(step: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {step}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, measure every scale, print the table and write the JSON."""
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "load":
        port, clients, seconds, queries_file = argv[1:]
        print(json.dumps(_load(int(port), int(clients), float(seconds), Path(queries_file))))
        return
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.scale", description=__doc__.split("\n")[0])
    parser.add_argument("--scale", default="1,4,10,100", help="corpus sizes, as multiples of the law corpus")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the JSON results")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measured operation (median)")
    parser.add_argument("--clients", default="1,8,32", help="concurrent clients for the throughput runs")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each throughput run")
    parser.add_argument("--queries", type=int, default=200, help="size of the query set")
    args = parser.parse_args(argv)
    scales = sorted({int(s) for s in args.scale.split(",")} | {1})
    clients = [int(c) for c in args.clients.split(",")]
    started = time.perf_counter()
    # Copy 0 of every distinct corpus is the law corpus, file for file: its queries name their source there too.
    queries = query_set(build_corpus(), args.queries)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    queries_file = args.out.with_suffix(".queries.json")
    queries_file.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    results: dict = {"cpus": os.cpu_count(), "load_average_1m": round(os.getloadavg()[0], 2)}
    with tempfile.TemporaryDirectory(prefix="scale-", dir=CACHE) as work:
        for s in scales:
            results[f"x{s}"] = measure_scale(s, Path(work), queries, queries_file, args.repeat, clients, args.seconds)
            args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    results["ratios"] = _ratios(results, scales)
    results["total_s"] = round(time.perf_counter() - started, 1)
    results["load_average_1m_at_end"] = round(os.getloadavg()[0], 2)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(_table(results, scales))
    print(json.dumps(results["ratios"], indent=1))
    print(f"\nresults: {args.out}")


if __name__ == "__main__":
    main()
