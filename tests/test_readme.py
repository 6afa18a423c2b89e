"""Every ``$ tongwen ...`` example in a ```console block of README.md runs, and prints what the README shows."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from tongwen.cli import cli

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
# Commands that serve until stopped: the README shows how to start them, a test cannot wait for them to end.
LONG_RUNNING = {"serve"}
SHELL = re.compile(r"[|;&<>`$]")


@dataclass(frozen=True)
class Example:
    """One ``$ tongwen ...`` line of the README and the output lines shown under it."""

    line: int
    command: str
    shown: tuple[str, ...]


def readme_examples(text: str) -> list[Example]:
    """The ``$ tongwen`` commands of every ```console block, in order, each with the output lines after it."""
    examples: list[Example] = []
    fenced, console, current = False, False, None
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if stripped.startswith("```"):
            if fenced and current:
                examples.append(current)
            fenced, current = not fenced, None
            console = fenced and stripped[3:].strip() == "console"
            continue
        if not console:
            continue
        if stripped.startswith("$ "):
            if current:
                examples.append(current)
            command = stripped[2:].strip()
            current = Example(number, command, ()) if command.startswith("tongwen ") else None
        elif current is not None:
            current = Example(current.line, current.command, (*current.shown, raw))
    return examples


def _collect() -> list[Example]:
    if not README.exists():
        return []
    return readme_examples(README.read_text(encoding="utf-8"))


EXAMPLES = _collect()


def test_the_readme_exists_under_ci():
    if not README.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("README.md is missing")
        pytest.skip("README.md is not written yet")
    assert README.read_text(encoding="utf-8").strip()


def test_examples_are_found_in_console_blocks_only():
    text = "\n".join([
        "```console", "$ tongwen index seeds", "indexed 5 (5 txt), …", "", "$ ls", "x", "```",
        "```bash", "$ tongwen search ignored", "```",
        "```console", "$ tongwen search 中关村 --limit 1", "```",
    ])
    assert readme_examples(text) == [
        Example(2, "tongwen index seeds", ("indexed 5 (5 txt), …", "")),
        Example(12, "tongwen search 中关村 --limit 1", ()),
    ]


def _pattern(shown: str) -> re.Pattern:
    """A shown output line as a pattern: numbers may differ (timings, scores), and … stands for anything."""
    parts = re.split(r"(\d+(?:\.\d+)?|…|\.\.\.)", shown.strip())
    regex = ""
    for part in parts:
        if part in ("…", "..."):
            regex += ".*"
        elif re.fullmatch(r"\d+(?:\.\d+)?", part or "x"):
            regex += r"\d+(?:\.\d+)?"
        else:
            regex += re.escape(part)
    return re.compile(regex)


def test_a_shown_output_line_matches_with_other_numbers_and_ellipses():
    assert _pattern("5 results for 中关村 (3.1 ms)").fullmatch("5 results for 中关村 (12.40 ms)")
    assert _pattern("indexed 5 (5 txt), … in 0.40 s").fullmatch("indexed 5 (5 txt), unchanged 0, skipped 0 in 1.00 s")
    assert not _pattern("5 results for 中关村").fullmatch("4 results for 海淀")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A folder that looks like the repository (same entries, linked) where examples can write, with an empty
    default index: the README walks through a first run (a search before any index builds the seed index)."""
    root = tmp_path_factory.mktemp("readme")
    work = root / "work"
    work.mkdir()
    for entry in REPO.iterdir():
        if not entry.name.startswith("."):
            (work / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    (root / "index").mkdir()
    (root / "home").mkdir()
    return root


@pytest.mark.skipif(not EXAMPLES, reason="README.md has no ```console block with a $ tongwen example yet")
@pytest.mark.parametrize("example", EXAMPLES, ids=[f"line{e.line}" for e in EXAMPLES])
def test_the_readme_example_runs_and_prints_what_the_readme_shows(example, workspace, monkeypatch, tongwen_command):
    args = shlex.split(example.command)[1:]
    if args and args[0] in LONG_RUNNING:
        pytest.skip(f"`tongwen {args[0]}` runs until stopped")
    env = {"TONGWEN_INDEX": str(workspace / "index"), "HOME": str(workspace / "home")}
    monkeypatch.chdir(workspace / "work")
    if SHELL.search(example.command):  # a pipe or redirection: let a shell run it
        done = subprocess.run(["bash", "-c", example.command.replace("tongwen", shlex.join(tongwen_command), 1)],
                              env={**os.environ, **env}, capture_output=True, text=True, timeout=600)
        code, stdout, stderr = done.returncode, done.stdout, done.stderr
    else:
        result = CliRunner().invoke(cli, args, env=env)
        code, stdout, stderr = result.exit_code, result.stdout, result.stderr
    assert code == 0, f"README line {example.line}: `{example.command}` exited {code}: {stderr}"
    shown = [line for line in example.shown if line.strip()]
    if shown:
        printed = [line for line in stdout.splitlines() if line.strip()] or [
            line for line in stderr.splitlines() if line.strip()]
        assert printed, f"README line {example.line}: `{example.command}` printed nothing"
        assert _pattern(shown[0]).fullmatch(printed[0].strip()), (shown[0], printed[0])


def python_examples(text: str) -> list[tuple[int, str]]:
    """The ```python blocks of the README, with the line each starts on."""
    blocks, current, start = [], None, 0
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if current is None and stripped == "```python":
            current, start = [], number
        elif current is not None and stripped == "```":
            blocks.append((start, "\n".join(current)))
            current = None
        elif current is not None:
            current.append(raw)
    return blocks


PYTHON_EXAMPLES = python_examples(README.read_text(encoding="utf-8")) if README.exists() else []


def test_the_readme_has_a_python_example():
    assert PYTHON_EXAMPLES, "README.md shows no ```python example of the library interface"


@pytest.mark.parametrize("start,code", PYTHON_EXAMPLES, ids=[f"line{s}" for s, _ in PYTHON_EXAMPLES])
def test_the_readme_python_example_runs(start, code, workspace):
    done = subprocess.run([sys.executable, "-c", code], cwd=workspace / "work", capture_output=True, text=True,
                          env={**os.environ, "HOME": str(workspace / "home")}, timeout=600)
    assert done.returncode == 0, f"README line {start}: {done.stderr}"
    assert done.stdout.strip(), f"README line {start}: the example printed nothing"
