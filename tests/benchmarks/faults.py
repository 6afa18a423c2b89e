"""The long fault-injection run: hostile files against the limits (with peak memory), expensive queries under
load, and kill -9 at random moments of builds. The fast cases are in tests/test_generations.py,
tests/test_limits.py and tests/test_server.py; this script measures what is too slow for CI.

    python -m tests.benchmarks.faults [--kills 40] [--out tests/benchmarks/results/faults.json]

Run from the repository root; it uses the benchmark law corpus (fetched and cached by tests.benchmarks.corpus).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import httpx

from tests.benchmarks.corpus import build_corpus
from tests.benchmarks.measure import ROOT, communicate_sampled

TONGWEN = [sys.executable, "-m", "tongwen"]


def _run_measured(argv: list[str], env: dict | None = None, timeout: float = 900) -> dict:
    """Run a command; its exit code, wall time, last stderr line and peak memory of its process tree (MB)."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})
    out, err, peak = communicate_sampled(proc, timeout)
    lines = [line for line in err.splitlines() if line.strip()]
    return {"code": proc.returncode, "seconds": round(time.perf_counter() - started, 2),
            "peak_mb": round(peak / 1024, 1), "stderr_lines": len(lines), "said": lines[-3:], "out": out.strip()}


def hostile_files(work: Path) -> dict:
    """Each hostile file alone in a folder, indexed with the default limits."""
    cases = {}
    seed = (ROOT / "seeds" / "004_61be5e8a0eccf6bc.txt").read_text(encoding="utf-8")
    big = work / "big"
    big.mkdir()
    with open(big / "dump.txt", "w", encoding="utf-8") as fh:  # 309 MB of policy text
        block = seed * 4
        while fh.tell() < 309 * (1 << 20):
            fh.write(block)
    bomb = work / "bomb"
    bomb.mkdir()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with z.open("word/document.xml", "w") as part:  # streamed: the bomb is never in memory here either
            part.write(b"<w:document>")
            for _ in range(1 << 10):
                part.write(b" " * (1 << 20))
            part.write(b"</w:document>")
    (bomb / "bomb.docx").write_bytes(out.getvalue())
    deep = work / "deep"
    deep.mkdir()
    (deep / "deep.html").write_text("<html><body>" + "<div>" * 200_000 + "<p>深层正文：湿地公园建设。</p>"
                                    + "</div>" * 200_000 + "</body></html>", encoding="utf-8")
    page = work / "page"
    page.mkdir()
    with open(page / "table.html", "w", encoding="utf-8") as fh:  # 100 MB of markup, 18 M characters of text
        fh.write("<!doctype html><html><head><meta charset='utf-8'><title>数据表</title></head><body><div>")
        lines = [line for line in seed.splitlines() if line.strip()]
        k = 0
        while fh.tell() < 100 * (1 << 20):
            fh.write(f"<p><span style='font-family:宋体;font-size:16px'>{lines[k % len(lines)]}</span></p>\n")
            k += 1
        fh.write("</div></body></html>")
    near = work / "near"
    near.mkdir()
    (near / "near-limit.txt").write_text((seed * 150)[:3_900_000], encoding="utf-8")  # just under 4 M characters
    sizes = {"big": (big / "dump.txt").stat().st_size, "bomb": (bomb / "bomb.docx").stat().st_size,
             "deep": (deep / "deep.html").stat().st_size, "near": (near / "near-limit.txt").stat().st_size,
             "page": (page / "table.html").stat().st_size}
    for name, folder in (("309 MB .txt", big), ("1 GiB zip bomb .docx", bomb), ("HTML nested 200,000 deep", deep),
                         ("100 MB web page", page), ("3.9 M-character .txt (under the limit)", near)):
        result = _run_measured([*TONGWEN, "index", str(folder), "--index", str(work / f"ix-{folder.name}"),
                                "--json"])
        report = json.loads(result.pop("out") or "{}")
        cases[name] = {**result, "file_bytes": sizes[folder.name], "indexed": report.get("indexed"),
                       "skipped": report.get("skipped"), "warnings": report.get("warnings")}
    return cases


def expensive_queries(index_dir: Path, clients: int = 8, seconds: float = 20) -> dict:
    """Median of an ordinary query alone, and while ``clients`` send 199 OR-ed single characters."""
    port = 8700 + random.randrange(200)
    server = subprocess.Popen([*TONGWEN, "serve", "--index", str(index_dir), "--port", str(port), "--workers", "2"],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        wide = " OR ".join("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子"
                           "说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机"
                           "当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反"
                           "你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五"[:199])
        ordinary = ["人民法院", "環境保護", "税收 征收", "第十二条", "知识产权"]

        def ordinary_median(n: int = 60) -> float:
            times = []
            with httpx.Client(timeout=30) as c:
                for i in range(n):
                    t = time.perf_counter()
                    c.get(base + "/search", params={"q": ordinary[i % len(ordinary)]})
                    times.append(time.perf_counter() - t)
            return statistics.median(times) * 1000

        alone = ordinary_median()
        stop = threading.Event()
        answers: list[int] = []

        def hammer() -> None:
            with httpx.Client(timeout=60) as c:
                while not stop.is_set():
                    answers.append(c.get(base + "/search", params={"q": wide}).status_code)

        threads = [threading.Thread(target=hammer) for _ in range(clients)]
        for t in threads:
            t.start()
        time.sleep(1)
        loaded = ordinary_median()
        stop.set()
        for t in threads:
            t.join()
        return {"ordinary_median_ms_alone": round(alone, 1), "ordinary_median_ms_with_wide_clients": round(loaded, 1),
                "wide_query_answers": {str(code): answers.count(code) for code in sorted(set(answers))},
                "clients": clients}
    finally:
        server.terminate()
        server.wait(timeout=15)


def kills(corpus: Path, work: Path, n: int) -> dict:
    """kill -9 at random moments of full and incremental builds; the previous index must stay whole."""
    from tongwen.index import generations
    from tongwen.search.searcher import Searcher

    rng = random.Random(7)
    index_dir = work / "kill-index"
    subprocess.run([*TONGWEN, "index", str(corpus), "--index", str(index_dir)], cwd=ROOT, check=True,
                   capture_output=True)
    intact = 0
    files = sorted(corpus.glob("*.txt"))
    for i in range(n):
        rebuild = i % 2 == 0
        victim = rng.choice(files)
        victim.write_text(victim.read_text(encoding="utf-8") + f"\n\n补充条款{i}。", encoding="utf-8")
        argv = [*TONGWEN, "index", str(corpus), "--index", str(index_dir)] + (["--rebuild"] if rebuild else [])
        proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        time.sleep(rng.uniform(0.5, 14.0 if rebuild else 3.0))
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        live = generations.live_generation(index_dir, checksums=True)
        ok = live is not None and Searcher.open(index_dir).search("人民法院")["total"] > 0
        intact += ok
    final = subprocess.run([*TONGWEN, "index", str(corpus), "--index", str(index_dir), "--json"], cwd=ROOT,
                           capture_output=True, text=True)
    left = [g.name for g in generations.generations(index_dir) if generations.abandoned(g)]
    return {"kills": n, "previous_index_whole_and_searchable": intact, "next_run_exit_code": final.returncode,
            "abandoned_generations_left": len(left)}


def main() -> None:
    """Run every case and print (and save) the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=40)
    parser.add_argument("--files-only", action="store_true", help="only the hostile files (a few minutes)")
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "benchmarks" / "results" / "faults.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tongwen-faults-") as tmp:
        work = Path(tmp)
        results = {"hostile_files": hostile_files(work)}
        if args.files_only:
            print(json.dumps(results, ensure_ascii=False, indent=1))
            return
        corpus = work / "corpus"
        shutil.copytree(build_corpus(), corpus)
        index_dir = work / "law-index"
        subprocess.run([*TONGWEN, "index", str(corpus), "--index", str(index_dir)], cwd=ROOT, check=True,
                       capture_output=True)
        results["expensive_queries"] = expensive_queries(index_dir)
        results["kill_9"] = kills(corpus, work, args.kills)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
