"""The linter's rules and the type checker (both configured in pyproject.toml) hold for the whole project."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing_to_report():
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def package_tree(folder: Path) -> Path:
    """The ``tongwen`` package laid out as it installs (``index/`` as ``tongwen/index``), linked, inside ``folder``.

    The type checker must see the modules under the names they import each other by: checked as ``index/...``,
    every ``from tongwen.index ...`` would be an unknown module, typed as anything, and nothing across modules
    would be checked."""
    package = folder / "tongwen"
    package.mkdir(parents=True)
    for entry in (ROOT / "tongwen").iterdir():
        if entry.suffix == ".py":
            (package / entry.name).symlink_to(entry)
    for name in ("index", "search", "api"):
        (package / name).symlink_to(ROOT / name, target_is_directory=True)
    return folder


def test_mypy_finds_no_type_errors(tmp_path):
    root = package_tree(tmp_path)
    done = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental", "--config-file",
                           str(ROOT / "pyproject.toml"), "-p", "tongwen"], cwd=root, capture_output=True, text=True,
                          env={**os.environ, "MYPYPATH": str(root)})
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_type_checker_sees_across_modules(tmp_path):
    """A call with a wrong type into another module of the package is an error (imports are not unknown)."""
    root = package_tree(tmp_path / "tree")
    probe = tmp_path / "probe.py"
    probe.write_text("from tongwen.index.analysis import fold_key\n\nfold_key(3)\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental", "--config-file",
                           str(ROOT / "pyproject.toml"), str(probe)], cwd=root, capture_output=True, text=True,
                          env={**os.environ, "MYPYPATH": str(root)})
    assert done.returncode == 1 and "fold_key" in done.stdout, done.stdout + done.stderr
