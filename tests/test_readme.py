"""Every example of README.md runs and prints what the README shows: each ``$ tongwen ...`` and ``$ curl ...`` line of
a ```console or ```text block (curl against a real server over the same index), and every ```python block."""

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

from tests.fixtures_formats import mixed_folder
from tests.test_browser import serving
from tongwen.cli import cli

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
# Commands that serve until stopped: the README shows how to start them, a test cannot wait for them to end.
LONG_RUNNING = {"serve"}
SHELL = re.compile(r"[|;&<>`$~]")


@dataclass(frozen=True)
class Example:
    """One ``$ tongwen ...`` line of the README and the output lines shown under it."""

    line: int
    command: str
    shown: tuple[str, ...]


def readme_examples(text: str) -> list[Example]:
    """The ``$ tongwen`` and ``$ curl`` commands of every ```console and ```text block, in order, each with the
    output lines after it."""
    examples: list[Example] = []
    fenced, console, current = False, False, None
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if stripped.startswith("```"):
            if fenced and current:
                examples.append(current)
            fenced, current = not fenced, None
            console = fenced and stripped[3:].strip() in ("console", "text")
            continue
        if not console:
            continue
        if stripped.startswith("$ "):
            if current:
                examples.append(current)
            command = stripped[2:].strip()
            current = Example(number, command, ()) if command.startswith(("tongwen ", "curl ")) else None
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


def test_examples_are_found_in_console_and_text_blocks_only():
    text = "\n".join([
        "```console", "$ tongwen index seeds", "indexed 5 (5 txt), …", "", "$ ls", "x", "```",
        "```bash", "$ tongwen search ignored", "```",
        "```text", "$ tongwen search 中关村 --limit 1", "$ curl -s localhost:8000/health", '{"status":"ok"}', "```",
    ])
    assert readme_examples(text) == [
        Example(2, "tongwen index seeds", ("indexed 5 (5 txt), …", "")),
        Example(12, "tongwen search 中关村 --limit 1", ()),
        Example(13, "curl -s localhost:8000/health", ('{"status":"ok"}',)),
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
    default index (the README walks through a first run) and a home holding the mixed-format ``~/policies``
    folder the README indexes."""
    root = tmp_path_factory.mktemp("readme")
    work = root / "work"
    work.mkdir()
    for entry in REPO.iterdir():
        if not entry.name.startswith("."):
            (work / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    (root / "index").mkdir()
    mixed_folder(root / "home" / "policies")
    return root


@pytest.fixture(scope="module")
def readme_server(workspace, tongwen_command):
    """``tongwen serve`` over the examples' index, started when the first curl example needs it."""
    with serving(tongwen_command, workspace / "index", workspace / "serve.log", "--workers", "1") as (_, base):
        yield int(base.rsplit(":", 1)[1])


def _run(example: Example, workspace: Path, tongwen_command: list[str], request) -> tuple[int, str, str]:
    env = {"TONGWEN_INDEX": str(workspace / "index"), "HOME": str(workspace / "home")}
    if example.command.startswith("curl "):
        port = request.getfixturevalue("readme_server")
        command = example.command.replace("localhost:8000", f"127.0.0.1:{port}")
    elif SHELL.search(example.command):  # a pipe, a redirection or a ~: let a shell run it
        command = example.command.replace("tongwen", shlex.join(tongwen_command), 1)
    else:
        result = CliRunner().invoke(cli, shlex.split(example.command)[1:], env=env)
        return result.exit_code, result.stdout, result.stderr
    done = subprocess.run(["bash", "-c", command], env={**os.environ, **env}, cwd=workspace / "work",
                          capture_output=True, text=True, timeout=600)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.skipif(not EXAMPLES, reason="README.md has no ```console block with a $ tongwen example yet")
@pytest.mark.parametrize("example", EXAMPLES, ids=[f"line{e.line}" for e in EXAMPLES])
def test_the_readme_example_runs_and_prints_what_the_readme_shows(example, workspace, monkeypatch, tongwen_command,
                                                                   request):
    """Every line the README shows is printed, in order (numbers may differ, … stands for anything); an example
    that shows an error exits non-zero."""
    args = shlex.split(example.command)[1:]
    if example.command.startswith("tongwen ") and args and args[0] in LONG_RUNNING:
        pytest.skip(f"`tongwen {args[0]}` runs until stopped")
    monkeypatch.chdir(workspace / "work")
    code, stdout, stderr = _run(example, workspace, tongwen_command, request)
    shown = [line.strip() for line in example.shown if line.strip()]
    fails = bool(shown) and shown[0].startswith("tongwen: error")
    assert (code != 0) == fails, f"README line {example.line}: `{example.command}` exited {code}: {stderr}"
    if shown:
        printed = [line.strip() for line in (stderr if fails else stdout).splitlines() if line.strip()]
        assert printed, f"README line {example.line}: `{example.command}` printed nothing"
        assert _pattern(shown[0]).fullmatch(printed[0]), (example.line, shown[0], printed[0])
        rest = iter(printed[1:])
        for line in shown[1:]:
            pattern = _pattern(line)
            assert any(pattern.fullmatch(got) for got in rest), (example.line, line, printed)


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
