"""Small measuring tools shared by the benchmarks: summaries, sizes, memory, timed child processes."""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def summary(seconds: list[float]) -> dict:
    """Median and 95th percentile (in milliseconds) of a list of durations in seconds."""
    ms = sorted(s * 1000 for s in seconds)
    p95 = statistics.quantiles(ms, n=20, method="inclusive")[-1] if len(ms) > 1 else ms[0]
    return {"median_ms": round(statistics.median(ms), 3), "p95_ms": round(p95, 3), "n": len(ms)}


def median(values: list[float]) -> float:
    """Median of a non-empty list."""
    return statistics.median(values)


def dir_bytes(path: Path) -> int:
    """Total size of the regular files below a folder."""
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def tree_rss_kb(pid: int) -> int:
    """Resident memory (VmRSS, kB) of a process and all of its descendants; 0 once it is gone."""
    return tree_rss(pid)[0]


def tree_rss(pid: int) -> tuple[int, int]:
    """(resident memory of a process and its descendants, of the largest one of them), in kB."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, largest, todo = 0, 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            with open(f"/proc/{p}/status") as f:
                rss = next((int(line.split()[1]) for line in f if line.startswith("VmRSS:")), 0)
        except OSError:
            continue
        total += rss
        largest = max(largest, rss)
    return total, largest


def communicate_sampled(proc: subprocess.Popen, timeout: float, largest: list | None = None) -> tuple[str, str, int]:
    """``proc.communicate()``, sampling the resident memory of its process tree every 50 ms: (out, err, peak kB).

    ``largest``, when given, receives the peak of the largest single process of the tree (kB).
    """
    peak, single = 0, 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, single
        while not done.wait(0.05):
            total, one = tree_rss(proc.pid)
            peak, single = max(peak, total), max(single, one)
            if largest is not None:
                largest[:] = [single]

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    finally:
        done.set()
        sampler.join()
    return out, err, peak


def run_worker(module: str, *args: str, timeout: float = 3600) -> dict:
    """Run `python -m module args...` which prints one JSON object; add its peak tree memory (MB).

    The process tree is sampled every 50 ms, so memory of worker processes a build may start is
    counted too; the child's own ru_maxrss is reported as well.
    """
    proc = subprocess.Popen(
        [sys.executable, "-m", module, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    largest: list = [0]
    out, err, peak = communicate_sampled(proc, timeout, largest)
    if proc.returncode != 0:
        raise RuntimeError(f"{module} {' '.join(args)} exited with {proc.returncode}:\n{err[-2000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_rss_mb"] = round(max(peak, result.get("maxrss_kb", 0)) / 1024, 1)
    result["peak_process_mb"] = round(max(largest[0], result.get("maxrss_kb", 0)) / 1024, 1)
    return result


def time_command(argv: list[str], repeat: int, env: dict | None = None) -> dict:
    """Median wall time (seconds) of running a command to completion `repeat` times, after one untimed run.

    The untimed run leaves the OS file cache and bytecode caches as a user's second invocation finds them.
    """
    times = []
    for i in range(repeat + 1):
        start = time.perf_counter()
        done = subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} exited with {done.returncode}:\n{done.stderr[-2000:]}")
        if i:
            times.append(time.perf_counter() - start)
    return {"median_s": round(median(times), 3), "runs_s": [round(t, 3) for t in times]}


def worker_main(argv: list[str], modes: dict) -> None:
    """A worker process's entry: run ``modes[argv[0]](*argv[1:])`` and print its result, with peak RSS, as JSON."""
    mode, *args = argv
    if mode not in modes:
        raise SystemExit(f"unknown mode {mode!r}")
    result = modes[mode](*args)
    result["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps(result, default=str))
