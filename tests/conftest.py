"""Shared fixtures: the seed corpus indexed once per run, and small throw-away indexes for tests that write."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from tongwen.index.store import update_index
from tongwen.search.searcher import Searcher

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


_CACHE: list[str] = []


def pytest_configure(config) -> None:
    """A cache folder of the run's own (the searchers' dictionary tables), so that no test reads or writes the
    user's, and every run starts without one."""
    _CACHE.append(tempfile.mkdtemp(prefix="tongwen-test-cache-"))
    os.environ["XDG_CACHE_HOME"] = _CACHE[-1]


def pytest_unconfigure(config) -> None:
    """Remove the run's cache folder."""
    for folder in _CACHE:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The bundled seed corpus (read it, never write it)."""
    return SEEDS


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    """The seed corpus indexed once for the whole run (read-only: tests that write build their own)."""
    index_dir = tmp_path_factory.mktemp("seed-index")
    update_index([SEEDS], index_dir)
    return index_dir


@pytest.fixture(scope="session")
def seed_searcher(seed_index) -> Searcher:
    """A searcher over the session's seed index."""
    return Searcher.open(seed_index)


@pytest.fixture
def write_corpus(tmp_path):
    """Write ``{relative path: text}`` into a fresh folder and return the folder."""
    counter = iter(range(1_000_000))

    def write(files: dict[str, str | bytes], folder: Path | None = None) -> Path:
        folder = folder or tmp_path / f"corpus{next(counter)}"
        for rel, content in files.items():
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return folder

    return write


@pytest.fixture
def build_index(tmp_path, write_corpus):
    """Index ``{relative path: text}`` into a fresh index folder; returns (corpus folder, index folder, searcher)."""
    counter = iter(range(1_000_000))

    def build(files: dict[str, str | bytes]) -> tuple[Path, Path, Searcher]:
        corpus = write_corpus(files)
        index_dir = tmp_path / f"index{next(counter)}"
        update_index([corpus], index_dir)
        return corpus, index_dir, Searcher.open(index_dir)

    return build


@pytest.fixture(scope="session")
def tongwen_command() -> list[str]:
    """How to run the installed ``tongwen`` console script in a subprocess."""
    exe = shutil.which("tongwen")
    if exe is None:  # not installed as a script: run the same entry point through this interpreter
        return [sys.executable, "-c", "import sys; from tongwen.cli import main; sys.argv[0] = 'tongwen'; main()"]
    return [exe]


def truncate_elsewhere(path: Path, size: int) -> None:
    """Truncate ``path`` from another process, as a user or a program would do to a served index; this process
    keeps running Python meanwhile, so a server in it holding a read lease hears of it and lets go."""
    import subprocess
    import time

    other = subprocess.Popen([sys.executable, "-c", f"import os; os.truncate({str(path)!r}, {size})"])
    while other.poll() is None:
        time.sleep(0.01)
    assert other.returncode == 0
