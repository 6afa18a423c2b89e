"""What a serving searcher pays to move to a new generation after a one-file update, at each corpus size:
`python -m tests.benchmarks.refresh --scale 1,100 [--index-root DIR]`.

For each size the index of the distinct corpus (``scale.distinct_corpus``) is built, or brought up to date when
``--index-root`` already holds ``index-x<N>``. A searcher is opened as the server opens one (every file read against
its checksum), then, ``--repeat`` times: one file is added to the corpus, ``update_index`` runs, and the searcher's
``refresh()`` is timed; beside it, the same generation opened by a fresh searcher, which has nothing to hand on
(every file read against its checksum, every document's tables worked out again: what each refresh cost before).
The file is removed at the end and the index brought back. Medians, and ratios against 1× from the same run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

from tests.benchmarks.measure import median
from tests.benchmarks.scale import distinct_corpus
from tongwen.index.analysis import WORDS
from tongwen.index.store import update_index
from tongwen.search.searcher import Searcher

DEFAULT_OUT = Path(__file__).resolve().parent / "results" / "refresh.json"
ADDED = "zz-refresh"
TEXT = "海淀区关于促进集成电路设计产业发展的若干措施\n\n第一条　为支持企业研发，制定本措施。\n\n第二条　本措施自发布之日起施行。\n"


def measure(factor: int, index_dir: Path, repeat: int) -> dict:
    """Refresh and fresh-open seconds after each of ``repeat`` one-file updates of the ``factor``× corpus."""
    corpus = distinct_corpus(factor)
    added = corpus / ADDED
    shutil.rmtree(added, ignore_errors=True)
    update_index([corpus], index_dir)
    searcher = Searcher.open(index_dir, checksums=True)
    refresh, fresh = [], []
    try:
        added.mkdir()
        for k in range(repeat):
            (added / f"added-{k}.txt").write_text(TEXT.replace("第二条", f"第{k + 2}条"), encoding="utf-8")
            update_index([corpus], index_dir)
            started = time.perf_counter()
            searcher.refresh()
            refresh.append(time.perf_counter() - started)
            assert searcher.search("集成电路设计产业", limit=1)["total"] >= k + 1
            started = time.perf_counter()
            Searcher.open(index_dir, checksums=True)
            fresh.append(time.perf_counter() - started)
    finally:
        shutil.rmtree(added, ignore_errors=True)
        update_index([corpus], index_dir)
    return {"documents": searcher.stats()["documents"], "refresh_s": round(median(refresh), 3),
            "fresh_open_s": round(median(fresh), 3), "refresh_runs_s": [round(t, 3) for t in refresh],
            "fresh_runs_s": [round(t, 3) for t in fresh]}


def main() -> None:
    """Measure every size asked for, print a table, write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="1,100", help="corpus sizes, comma-separated (default 1,100)")
    parser.add_argument("--index-root", type=Path, default=Path(__file__).resolve().parent / ".cache",
                        help="where index-x<N> folders are kept (built when missing)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    WORDS.prepare()  # jieba's dictionary, loaded once before anything is timed
    results = {f"x{n}": measure(n, args.index_root / f"index-x{n}", args.repeat)
               for n in (int(s) for s in args.scale.split(","))}
    first = results[next(iter(results))]
    for row in results.values():
        row["refresh_vs_first"] = round(row["refresh_s"] / first["refresh_s"], 2)
        row["fresh_open_vs_refresh"] = round(row["fresh_open_s"] / row["refresh_s"], 2)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print("| | documents | refresh s | fresh open s | refresh / first size |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, row in results.items():
        print(f"| {name} | {row['documents']} | {row['refresh_s']} | {row['fresh_open_s']} | {row['refresh_vs_first']} |")


if __name__ == "__main__":
    main()
