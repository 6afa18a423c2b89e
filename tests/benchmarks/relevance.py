"""Relevance before and after: `python -m tests.benchmarks.relevance [--pairs N] [--out FILE.json]`.

Stock Whoosh + jieba (as is, and with OpenCC t2s or tw2sp applied to documents and queries) against Tongwen, on
the seed corpus with the development query set and on the cross-strait pair file, plus what each index costs
(size on disk, build time). Prints a markdown table and writes JSON.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from search.evaluate import evaluate_pairs, evaluate_queries, load_pairs, load_queries, write_pair_corpus
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
    """A stock Whoosh index answering like Searcher.search, so search.evaluate can score it unchanged."""

    def __init__(self, index_dir: Path, config: str | None):
        import jieba
        from whoosh.index import open_dir
        from whoosh.qparser import AndGroup, OrGroup, QueryParser

        jieba.setLogLevel(logging.WARNING)
        self._ix = open_dir(str(index_dir))
        self._searcher = self._ix.searcher()
        self._convert = _converter(config)
        self._parsers = {match: QueryParser("content", self._ix.schema, group=group)
                         for match, group in (("all", AndGroup), ("any", OrGroup))}

    def search(self, query: str, *, limit: int = 10, match: str = "all") -> dict:
        """Documents ranked by Whoosh's BM25F; no passages (a baseline is scored on its ranking only)."""
        parsed = self._parsers[match].parse(self._convert(query))
        hits = self._searcher.search(parsed, limit=limit)
        return {"results": [{"doc_id": hit["path"], "passages": []} for hit in hits]}

    def close(self) -> None:
        """Release the index files."""
        self._searcher.close()


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

    jieba.setLogLevel(logging.WARNING)
    convert = _converter(config)
    schema = _stock_schema()
    # Tongwen's build loads its dictionary inside the timed run, so the baselines' load is counted too.
    start = time.perf_counter()
    jieba.initialize()
    loaded = time.perf_counter()
    index_dir.mkdir(parents=True)
    writer = create_in(str(index_dir), schema).writer()
    for path in corpus_files(corpus):
        text = convert(path.read_text(encoding="utf-8"))
        writer.add_document(path=path.relative_to(corpus).as_posix(), title=text.split("\n", 1)[0], content=text)
    writer.commit()
    return {"seconds": round(time.perf_counter() - start, 3), "jieba_load_s": round(loaded - start, 3)}


def _open(system: str, index_dir: Path):
    """A searcher of one system over its built index."""
    if system == "tongwen":
        from search.searcher import Searcher

        return Searcher.open(index_dir)
    return WhooshBaseline(index_dir, BASELINES[system])


def _query_scores(report: dict) -> dict:
    """Recall and MAP per category (highlights and symmetry do not apply to a document-only baseline)."""
    return {name: {"queries": row["queries"], "recall": row["recall"], "map": row["map"],
                   "failures": [{k: f[k] for k in ("q", "recall", "ap", "got")} for f in row["failures"]]}
            for name, row in report.items()}


def measure(system: str, seed_dir: Path, pair_dir: Path, work: Path, queries: list[dict], pairs: list,
            repeat: int) -> dict:
    """Build both indexes of one system, then score the dev queries and the pair queries on them."""
    out = {}
    for corpus_name, corpus in (("seed", seed_dir), ("pairs", pair_dir)):
        index_dir = work / f"{system}-{corpus_name}"
        _log(f"{system}: build {corpus_name} x{repeat}")
        if system == "tongwen":
            built = tongwen_bench.build(corpus, index_dir, repeat)
            built.pop("report")
        else:
            built = build_baseline(corpus, index_dir, BASELINES[system], repeat)
        out[f"{corpus_name}_index"] = built
    _log(f"{system}: dev queries")
    searcher = _open(system, work / f"{system}-seed")
    out["queries"] = _query_scores(evaluate_queries(searcher, queries))
    getattr(searcher, "close", lambda: None)()
    _log(f"{system}: {2 * len(pairs)} pair queries")
    searcher = _open(system, work / f"{system}-pairs")
    out["pairs"] = evaluate_pairs(searcher, pairs)
    getattr(searcher, "close", lambda: None)()
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
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the JSON results")
    parser.add_argument("--repeat", type=int, default=3, help="builds per index (median time)")
    args = parser.parse_args(argv)
    if args.pairs < 1 or args.repeat < 1:
        parser.error("--pairs and --repeat must be at least 1")

    started = time.perf_counter()
    queries = load_queries(DEV_QUERIES)
    # Every pair of the file is indexed (the twins of the queried pairs compete with all the others);
    # only the first N pairs are asked for.
    all_pairs = load_pairs(PAIRS)
    pairs = all_pairs[: args.pairs]
    load_start = os.getloadavg()[0]
    results = {"corpus": {}, "repeat": args.repeat, "systems": {}}
    with tempfile.TemporaryDirectory(prefix="relevance-") as work:
        work = Path(work)
        pair_dir = work / "pair-corpus"
        write_pair_corpus(all_pairs, pair_dir)
        results["corpus"] = {
            "seed": str(SEEDS), "seed_files": len(corpus_files(SEEDS)), "dev_queries": str(DEV_QUERIES),
            "pair_file": str(PAIRS), "pair_files": len(corpus_files(pair_dir)), "pairs_queried": len(pairs),
        }
        for system in SYSTEMS:
            results["systems"][system] = measure(system, SEEDS, pair_dir, work, queries, pairs, args.repeat)
    results["load_average_1m"] = [round(load_start, 2), round(os.getloadavg()[0], 2)]
    results["total_s"] = round(time.perf_counter() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(table(results))
    print(f"\nload average {results['load_average_1m'][0]} -> {results['load_average_1m'][1]},"
          f" total {results['total_s']:.0f} s; results: {args.out}")


def _log(step: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {step}", file=sys.stderr, flush=True)


def _worker_main(argv: list[str]) -> None:
    corpus, index_dir, config = argv
    result = _build_worker(Path(corpus), Path(index_dir), None if config == "-" else config)
    print(json.dumps(result))


if __name__ == "__main__":
    if sys.argv[1:2] == ["build"]:
        _worker_main(sys.argv[2:])
    else:
        main()
