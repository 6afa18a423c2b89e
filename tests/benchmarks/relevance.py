"""Relevance before and after: `python -m tests.benchmarks.relevance [--pairs N] [--out FILE.json]`.

Stock Whoosh + jieba (as is, and with OpenCC t2s or tw2sp applied to documents and queries) against Tongwen, on
the seed corpus with the development query set and on the cross-strait pair file, plus what each index costs
(size on disk, build time). Prints a markdown table and writes JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks import tongwen_bench
from tests.benchmarks.baselines import _stock_schema
from tests.benchmarks.corpus import corpus_files
from tests.benchmarks.measure import ROOT, dir_bytes, median, run_worker

MODULE = "tests.benchmarks.relevance"
SEEDS = ROOT / "seeds"
EVAL = ROOT.parent / "shared" / "eval"
DEV_QUERIES = EVAL / "dev_queries.json"
PAIRS = EVAL / "xstrait_dev.tsv"
DEFAULT_OUT = Path(__file__).resolve().parent / "results" / "relevance.json"
CATEGORIES = ("cross", "linebreak", "latin", "number", "and", "phrase", "regional")
# System name -> OpenCC config applied to documents and queries before jieba (None: the text as written).
BASELINES = {"stock": None, "t2s+jieba": "t2s", "tw2sp+jieba": "tw2sp"}
SYSTEMS = (*BASELINES, "tongwen")


class WhooshBaseline:
    """A stock Whoosh index queried as a user of Whoosh would: QueryParser on content, AND or OR between words."""

    def __init__(self, index_dir: Path, config: str | None):
        from whoosh.index import open_dir
        from whoosh.qparser import AndGroup, OrGroup, QueryParser

        self._ix = open_dir(str(index_dir))
        self._searcher = self._ix.searcher()
        self._convert = _converter(config)
        self._parsers = {match: QueryParser("content", self._ix.schema, group=group)
                         for match, group in (("all", AndGroup), ("any", OrGroup))}

    def search(self, query: str, limit: int, match: str) -> list[str]:
        """Document ids ranked by Whoosh's BM25F."""
        parsed = self._parsers[match].parse(self._convert(query))
        return [hit["path"] for hit in self._searcher.search(parsed, limit=limit)]


class _Recorder:
    """Stands in for a searcher to learn which searches an evaluation makes."""

    def __init__(self):
        self.requests: list[tuple[str, int, str]] = []

    def search(self, query: str, *, limit: int = 10, match: str = "all") -> dict:
        """Record the search; answer nothing."""
        self.requests.append((query, limit, match))
        return {"results": []}


class _Replay:
    """Answers an evaluation's searches with the rankings a baseline worker returned for them."""

    def __init__(self, answers: dict):
        self._answers = answers

    def search(self, query: str, *, limit: int = 10, match: str = "all") -> dict:
        """The recorded ranking (no passages: a baseline is scored on its ranking only), or its error."""
        answer = self._answers[(query, limit, match)]
        if "error" in answer:
            raise RuntimeError(answer["error"])
        return {"results": [{"doc_id": d, "passages": []} for d in answer["doc_ids"]]}


def _evaluate_baseline(evaluate, index_dir: Path, config: str | None, work: Path) -> dict:
    """Run ``evaluate(searcher)`` (a search.evaluate function) against a baseline index searched in its own process.

    Importing Tongwen teaches jieba's global dictionary Tongwen's vocabulary, so a baseline searched in this
    process would not be stock: the evaluation is run once to record its searches, a worker that never imports
    Tongwen answers them, and the evaluation is run again on those answers.
    """
    recorder = _Recorder()
    evaluate(recorder)
    requests_file = work / "requests.json"
    requests_file.write_text(json.dumps(recorder.requests, ensure_ascii=False), encoding="utf-8")
    answers = run_worker(MODULE, "search", str(index_dir), str(requests_file), config or "-")["answers"]
    return evaluate(_Replay(dict(zip(recorder.requests, answers))))


def _search_worker(index_dir: Path, requests_file: Path, config: str | None) -> dict:
    """Answer recorded searches: {"doc_ids": [...]} or {"error": message} for each."""
    baseline = WhooshBaseline(index_dir, config)
    answers = []
    for query, limit, match in json.loads(requests_file.read_text(encoding="utf-8")):
        try:
            answers.append({"doc_ids": baseline.search(query, limit, match)})
        except Exception as err:  # a query stock Whoosh cannot parse is that system's miss, not the run's end
            answers.append({"error": f"{type(err).__name__}: {err}"})
    return {"answers": answers}


def _converter(config: str | None):
    """The OpenCC conversion of a baseline, or the identity."""
    if config is None:
        return lambda text: text
    import opencc

    return opencc.OpenCC(config).convert


def build_baseline(corpus: Path, index_dir: Path, config: str | None, repeat: int) -> dict:
    """Median build time (fresh process each) and size on disk of a stock-schema index; the last build is kept."""
    runs = []
    for _ in range(repeat):
        shutil.rmtree(index_dir, ignore_errors=True)
        runs.append(run_worker(MODULE, "build", str(corpus), str(index_dir), config or "-"))
    return {
        "build_s": round(median([r["seconds"] for r in runs]), 3),
        "build_runs_s": [r["seconds"] for r in runs],
        "jieba_load_s": round(median([r["jieba_load_s"] for r in runs]), 3),
        "size_mb": round(dir_bytes(index_dir) / 1e6, 3),
    }


def _build_worker(corpus: Path, index_dir: Path, config: str | None) -> dict:
    """Index every .txt file as one document (doc id: path relative to the corpus, as Tongwen names it)."""
    import jieba
    from whoosh.index import create_in

    convert = _converter(config)
    schema = _stock_schema()
    # Tongwen loads jieba's dictionary when it is imported, before its timed run (pool workers inherit it),
    # so a baseline's load is kept out of its time too, and reported beside it.
    loading = time.perf_counter()
    jieba.initialize()
    start = time.perf_counter()
    index_dir.mkdir(parents=True)
    writer = create_in(str(index_dir), schema).writer()
    for path in corpus_files(corpus):
        text = convert(path.read_text(encoding="utf-8"))
        writer.add_document(path=path.relative_to(corpus).as_posix(), title=text.split("\n", 1)[0], content=text)
    writer.commit()
    return {"seconds": round(time.perf_counter() - start, 3), "jieba_load_s": round(start - loading, 3)}


def _query_scores(report: dict) -> dict:
    """Recall and MAP per category (highlights and symmetry do not apply to a document-only baseline)."""
    return {name: {"queries": row["queries"], "recall": row["recall"], "map": row["map"],
                   "failures": [{k: f[k] for k in ("q", "recall", "ap", "got")} for f in row["failures"]]}
            for name, row in report.items()}


def measure(system: str, seed_dir: Path, pair_dir: Path, work: Path, queries: list[dict], pairs: list,
            repeat: int) -> dict:
    """Build both indexes of one system, then score the dev queries and the pair queries on them."""
    from tongwen.search.evaluate import evaluate_pairs, evaluate_queries
    from tongwen.search.searcher import Searcher

    out = {}
    for corpus_name, corpus in (("seed", seed_dir), ("pairs", pair_dir)):
        _log(f"{system}: build {corpus_name} x{repeat}")
        index_dir = work / f"{system}-{corpus_name}"
        if system == "tongwen":
            out[f"{corpus_name}_index"] = tongwen_bench.build(corpus, index_dir, repeat)
            out[f"{corpus_name}_index"].pop("report")
        else:
            out[f"{corpus_name}_index"] = build_baseline(corpus, index_dir, BASELINES[system], repeat)
    evaluations = (("queries", "seed", lambda searcher: evaluate_queries(searcher, queries)),
                   ("pairs", "pairs", lambda searcher: evaluate_pairs(searcher, pairs)))
    for key, corpus_name, evaluate in evaluations:
        _log(f"{system}: {key}")
        index_dir = work / f"{system}-{corpus_name}"
        if system == "tongwen":
            out[key] = evaluate(Searcher.open(index_dir))
        else:
            out[key] = _evaluate_baseline(evaluate, index_dir, BASELINES[system], work)
    out["queries"] = _query_scores(out["queries"])
    # evaluate_pairs keeps every refused query among its misses (other misses only up to 50).
    out["pairs"]["errors"] = sum("error" in miss for miss in out["pairs"]["misses"])
    return out


def table(results: dict) -> str:
    """The markdown table: categories (recall / MAP), pairs (top-10 / MRR), then index cost."""
    systems = results["systems"]
    header = ["", *systems]
    rows = [header, ["---"] + ["---:"] * len(systems)]
    first = systems[next(iter(systems))]["queries"]
    for cat in [c for c in CATEGORIES if c in first] + sorted(set(first) - {*CATEGORIES, "all"}) + ["all"]:
        rows.append([f"{cat} ({first[cat]['queries']} q), recall / MAP"]
                    + [f"{s['queries'][cat]['recall']:.2f} / {s['queries'][cat]['map']:.2f}" for s in systems.values()])
    n = next(iter(systems.values()))["pairs"]["queries"]
    rows.append([f"cross-strait twins ({n} q), top-10 / MRR"]
                + [f"{s['pairs']['top10']:.3f} / {s['pairs']['mrr']:.3f}" for s in systems.values()])
    rows.append(["cross-strait twins: queries refused (error)"] + [str(s["pairs"]["errors"]) for s in systems.values()])
    files = results["corpus"]
    for key, label in (("seed", f"seed corpus ({files['seed_files']} files)"),
                       ("pairs", f"pair corpus ({files['pair_files']} files)")):
        rows.append([f"{label}: index size"] + [_size(s[f"{key}_index"]["size_mb"]) for s in systems.values()])
        rows.append([f"{label}: build s (median of {results['repeat']})"]
                    + [f"{s[f'{key}_index']['build_s']:.2f}" for s in systems.values()])
    return "\n".join("| " + " | ".join(r) + " |" for r in rows)


def _size(mb: float) -> str:
    return f"{mb:.2f} MB" if mb >= 1 else f"{mb * 1000:.0f} kB"


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, build and score every system, print the table and write the JSON."""
    parser = argparse.ArgumentParser(prog=f"python -m {MODULE}", description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=1000, help="pairs queried, both directions (the first N)")
    parser.add_argument("--pair-file", type=Path, default=PAIRS,
                        help="cross-strait pairs (id, zh_CN, zh_TW): the message pairs, or xstrait_help_dev.tsv")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the JSON results")
    parser.add_argument("--repeat", type=int, default=3, help="builds per index (median time)")
    args = parser.parse_args(argv)
    if args.pairs < 1 or args.repeat < 1:
        parser.error("--pairs and --repeat must be at least 1")

    from tongwen.search.evaluate import load_pairs, load_queries, write_pair_corpus

    started = time.perf_counter()
    queries = load_queries(DEV_QUERIES)
    # Every pair of the file is indexed (the twins of the queried pairs compete with all the others);
    # only the first N pairs are asked for.
    all_pairs = load_pairs(args.pair_file)
    pairs = all_pairs[: args.pairs]
    load_start = os.getloadavg()[0]
    results = {"tongwen_commit": _commit(), "corpus": {}, "repeat": args.repeat, "systems": {}}
    with tempfile.TemporaryDirectory(prefix="relevance-") as work:
        work = Path(work)
        pair_dir = work / "pair-corpus"
        write_pair_corpus(all_pairs, pair_dir)
        results["corpus"] = {
            "seed": str(SEEDS), "seed_files": len(corpus_files(SEEDS)), "dev_queries": str(DEV_QUERIES),
            "pair_file": str(args.pair_file), "pair_files": len(corpus_files(pair_dir)), "pairs_queried": len(pairs),
        }
        for system in SYSTEMS:
            results["systems"][system] = measure(system, SEEDS, pair_dir, work, queries, pairs, args.repeat)
    results["load_average_1m"] = [round(load_start, 2), round(os.getloadavg()[0], 2)]
    results["total_s"] = round(time.perf_counter() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(results))
    print(f"\ncommit {results['tongwen_commit']}, {len(pairs)} pairs queried,"
          f" load average {results['load_average_1m'][0]} -> {results['load_average_1m'][1]},"
          f" total {results['total_s']:.0f} s; results: {args.out}")


def _commit() -> str:
    """The checked-out commit, marked "+changes" when the working tree differs from it."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + ("+changes" if git("status", "--porcelain", "--untracked-files=no") else "")


def _log(step: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {step}", file=sys.stderr, flush=True)


def _worker_main(argv: list[str]) -> None:
    """Worker modes, each in a process that never imports Tongwen (see _evaluate_baseline)."""
    mode, first, second, config = argv
    worker = _build_worker if mode == "build" else _search_worker
    result = worker(Path(first), Path(second), None if config == "-" else config)
    if "tongwen.index.analysis" in sys.modules:
        raise RuntimeError("a baseline worker imported Tongwen, whose vocabulary changes jieba's dictionary")
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    if sys.argv[1:2] in (["build"], ["search"]):
        _worker_main(sys.argv[1:])
    else:
        main()
