"""Read leases: another process's truncation of a file the server reads waits for the reads in flight."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tongwen.api.app import create_app
from tongwen.api.settings import Settings
from tongwen.index import generations, leases
from tongwen.index.leases import Leases
from tongwen.index.store import update_index


@pytest.fixture
def installed():
    if not leases.install():
        pytest.skip("read leases are not available here")


def _leased(path: Path, content: bytes) -> tuple[Path, Leases]:
    """A file written with ``content`` and a read lease on it (the test is skipped where leases cannot be had)."""
    path.write_bytes(content)
    held = Leases([path])
    if not held.held:
        pytest.skip("no read lease on this file system")
    return path, held


def _truncate_later(path: Path) -> subprocess.Popen:
    """Another process truncating ``path``; it prints how long the truncation took."""
    code = f"import os, time; t = time.time(); os.truncate({str(path)!r}, 10); print(time.time() - t)"
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)


def _wait(event, seconds: float = 10.0) -> bool:
    """Wait for ``event`` while letting this thread run signal handlers (a plain wait would block them)."""
    deadline = time.monotonic() + seconds
    while not event.is_set() and time.monotonic() < deadline:
        time.sleep(0.01)
    return event.is_set()


def test_a_truncation_by_another_process_waits_until_the_reads_in_flight_are_done(installed, tmp_path):
    path, held = _leased(tmp_path / "positions.npy", b"x" * 100_000)
    assert held.enter()  # a request is reading
    other = _truncate_later(path)
    assert _wait(held.changed)  # the kernel told us before truncating
    assert not held.enter()  # no new request starts on the file
    time.sleep(0.5)
    assert path.stat().st_size == 100_000 and other.poll() is None  # held back while the request reads
    held.leave()
    assert other.wait(timeout=30) == 0 and float(other.stdout.read()) >= 0.5
    assert path.stat().st_size == 10 and held.released.is_set()


def test_without_a_request_reading_the_truncation_goes_ahead_at_once(installed, tmp_path):
    path, held = _leased(tmp_path / "terms.npy", b"y" * 1000)
    other = _truncate_later(path)
    assert _wait(held.released)
    assert other.wait(timeout=30) == 0 and float(other.stdout.read()) < 5
    assert path.stat().st_size == 10


def test_a_dropped_generation_lets_go_of_its_files(installed, tmp_path):
    path, held = _leased(tmp_path / "a.seg", b"z" * 1000)
    fds = len(os.listdir("/proc/self/fd"))
    del held
    assert len(os.listdir("/proc/self/fd")) == fds - 1


def test_a_server_moves_to_the_last_whole_generation_when_another_process_truncates_a_file_it_reads(
        installed, tmp_path, write_corpus):
    corpus = write_corpus({"a.txt": "海淀区推进中关村科学城建设。", "b.txt": "软件和信息服务业是海淀区的支柱产业。"})
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    (corpus / "c.txt").write_text("石墨烯实验室落户海淀区。", encoding="utf-8")
    update_index([corpus], index_dir)
    with TestClient(create_app(Settings(index_dir=index_dir, refresh_seconds=3600))) as client:
        assert client.get("/search", params={"q": "海淀区"}).json()["total"] == 3
        searcher = client.app.state.searchers.get()
        state = searcher._state
        assert state.g.leases.held
        own = next(p for p in state.gen.glob("literal-*/positions.npy") if p.stat().st_nlink == 1)
        other = _truncate_later(own)
        assert _wait(state.g.leases.released)
        assert other.wait(timeout=30) == 0
        body = client.get("/search", params={"q": "海淀区"}).json()
        assert body["total"] == 2 and "石墨烯" not in str(body)  # the previous generation, verified whole


def test_a_server_holding_leases_stats_no_file_per_request_and_verifies_nothing_again_while_current_is_unchanged(
        installed, tmp_path, write_corpus, monkeypatch):
    corpus = write_corpus({"a.txt": "海淀区推进中关村科学城建设。"})
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    with TestClient(create_app(Settings(index_dir=index_dir, refresh_seconds=0))) as client:
        assert client.get("/search", params={"q": "海淀区"}).json()["total"] == 1
        assert client.app.state.searchers.get()._state.g.leases.held
        calls = []
        for name in ("sizes_changed", "damage"):
            real = getattr(generations, name)
            monkeypatch.setattr(generations, name, lambda *a, _real=real, _name=name, **k: calls.append(_name)
                                or _real(*a, **k))
        for _ in range(3):
            assert client.get("/search", params={"q": "海淀区"}).json()["total"] == 1
        assert calls == []
        # A new generation is still found, and verified, at the next refresh.
        (corpus / "b.txt").write_text("石墨烯实验室落户海淀区。", encoding="utf-8")
        update_index([corpus], index_dir)
        assert client.get("/search", params={"q": "海淀区"}).json()["total"] == 2
        assert "damage" in calls
