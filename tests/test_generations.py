"""Damage to an index folder: nothing is destroyed, damage is named, the last whole generation keeps answering."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from tests.conftest import truncate_elsewhere
from tests.test_browser import serving
from tongwen.api.app import create_app
from tongwen.api.settings import Settings
from tongwen.index import generations, prepare, store, workers
from tongwen.index.errors import IndexDamaged, IndexWriteError
from tongwen.index.store import update_index
from tongwen.cli import cli
from tongwen.search.searcher import Searcher

A = "海淀区推进中关村科学城建设，打造创新高地。"
B = "软件和信息服务业是海淀区的支柱产业。"
C = "人工智能与集成电路产业加快发展。"


@pytest.fixture
def built(tmp_path, write_corpus):
    """A corpus of three files written a while ago (not in the clock tick before the index read them: see
    ``store.RACY_NS``) and an index of it with one generation."""
    corpus = write_corpus({"a.txt": A, "b.txt": B, "c.txt": C})
    for f in corpus.iterdir():
        os.utime(f, (time.time() - 600, time.time() - 600))
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    return corpus, index_dir


def _gens(index_dir: Path) -> list[str]:
    return [g.name for g in generations.generations(index_dir)]


def _search(runner: CliRunner, index_dir: Path, query: str = "海淀区"):
    return runner.invoke(cli, ["search", query, "--index", str(index_dir), "--json"])


def _one_error_line(result) -> str:
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tongwen: error: "), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    return lines[0]


# --- the pointer ---------------------------------------------------------------------------------------------

POINTER_DAMAGE = {
    "emptied": b"",
    "binary junk": b"\xff\xfe\x00\x81garbage\x00",
    "names no folder": b"gen-20990101000000-deadbeef",
    "names a folder outside": b"../elsewhere",
    "an absolute path": b"/tmp",
    "a name that is not a generation": b"literal",
}


@pytest.mark.parametrize("damage", sorted(POINTER_DAMAGE) + ["missing"])
def test_a_damaged_pointer_is_recovered_from_the_generations_and_nothing_is_deleted(built, damage):
    corpus, index_dir = built
    before = _gens(index_dir)
    if damage == "missing":
        (index_dir / store.CURRENT).unlink()
    else:
        (index_dir / store.CURRENT).write_bytes(POINTER_DAMAGE[damage])
    (index_dir.parent / "elsewhere").mkdir(exist_ok=True)

    runner = CliRunner()
    result = _search(runner, index_dir)
    assert result.exit_code == 0, result.output
    assert "seed" not in result.output
    assert _gens(index_dir) == before  # a read never deletes

    # The next run repairs the pointer and indexes nothing again.
    report = update_index([corpus], index_dir)
    assert (report.indexed, report.unchanged) == (0, 3)
    assert (index_dir / store.CURRENT).read_text() == before[-1]
    assert _gens(index_dir) == before


def test_a_pointer_to_a_link_leading_outside_the_index_folder_is_ignored(built, tmp_path):
    corpus, index_dir = built
    [gen] = _gens(index_dir)
    outside = tmp_path / "outside"
    outside.mkdir()
    fake = "gen-20990101000000-0badf00d"
    (index_dir / fake).symlink_to(outside, target_is_directory=True)
    (index_dir / store.CURRENT).write_text(fake)
    assert generations.pointer(index_dir) is None
    assert store.current_generation(index_dir).name == gen


def test_a_generation_without_its_manifest_is_damage_never_no_index(built, tmp_path):
    corpus, index_dir = built
    [gen] = _gens(index_dir)
    (index_dir / gen / store.MANIFEST).unlink()
    runner = CliRunner()

    line = _one_error_line(_search(runner, index_dir))
    assert "damaged" in line and "manifest.json" in line and "--rebuild" in line
    with pytest.raises(IndexDamaged):
        update_index([corpus], index_dir)  # never builds on (or over) a damaged index
    assert _gens(index_dir) == [gen]

    # The bundled seeds are never built into a folder that holds an index.
    line = _one_error_line(runner.invoke(cli, ["search", "海淀", "--index", str(index_dir)]))
    assert "seed" not in line

    # --rebuild with no path finds the folders the documents came from, and replaces the damaged generation.
    result = runner.invoke(cli, ["index", "--rebuild", "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert "indexed 3" in result.output
    # The damaged generation goes only now that a newer one is live and whole.
    assert _gens(index_dir) == [store.current_generation(index_dir).name] != [gen]
    assert _search(runner, index_dir).exit_code == 0


def test_the_seeds_are_built_only_into_an_index_folder_that_holds_nothing(tmp_path):
    assert generations.holds_nothing(tmp_path / "absent")
    (tmp_path / "empty").mkdir()
    assert generations.holds_nothing(tmp_path / "empty")
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("mine")
    assert not generations.holds_nothing(tmp_path / "used")
    result = CliRunner().invoke(cli, ["search", "海淀", "--index", str(tmp_path / "used")])
    _one_error_line(result)
    assert (tmp_path / "used" / "notes.txt").read_text() == "mine"
    assert _gens(tmp_path / "used") == []


def test_an_abandoned_half_generation_is_removed_but_a_damaged_whole_one_is_kept(built):
    corpus, index_dir = built
    [gen] = _gens(index_dir)
    half = index_dir / "gen-20000101000000-00000000"
    half.mkdir()
    (half / generations.BUILDING).touch()
    (index_dir / store.CURRENT).write_text(gen)
    (corpus / "d.txt").write_text(C + "第二份", encoding="utf-8")
    update_index([corpus], index_dir)
    assert not half.exists()
    assert gen in _gens(index_dir)


# --- damaged files -------------------------------------------------------------------------------------------


def _files(index_dir: Path) -> dict[str, Path]:
    gen = store.current_generation(index_dir)
    return {name: gen / name for name in store.read_manifest(gen)["files"]}


def _kinds(index_dir: Path) -> dict[str, Path]:
    """One file of each kind: a literal array, the stored texts, the passage labels, the titles' names, a Whoosh
    segment, the TOC."""
    files = _files(index_dir)
    pick = {}
    for name, path in files.items():
        if name.endswith("/text_data.npy"):
            kind = "texts"
        elif name == generations.RESTAT:
            kind = "restat"
        elif name.endswith("/labels_text.npy"):
            kind = "labels"
        elif name.endswith("/names.json"):
            kind = "names"
        elif name.endswith("/figures.json"):
            kind = "figures"
        else:
            kind = "literal" if name.startswith("literal-") else "toc" if name.endswith(".toc") else "segment"
        pick.setdefault(kind, path)
    return pick


@pytest.mark.parametrize("kind", ["literal", "texts", "labels", "names", "figures", "segment", "toc", "restat"])
@pytest.mark.parametrize("how", ["truncated", "garbled"])
def test_a_damaged_index_file_is_one_line_on_the_cli_and_503_over_http(built, kind, how):
    corpus, index_dir = built
    if kind == "restat":  # a file touched but not changed: its new time is recorded in a new generation
        os.utime(corpus / "a.txt", (time.time() - 300, time.time() - 300))
        update_index([corpus], index_dir)
        for gen in _gens(index_dir)[:-1]:  # no older whole generation to answer instead (as after a later run)
            shutil.rmtree(index_dir / gen)
    path = _kinds(index_dir)[kind]
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    else:
        middle = len(data) // 2
        path.write_bytes(data[:middle] + bytes(b ^ 0x5A for b in data[middle:middle + 64]) + data[middle + 64:])

    with TestClient(create_app(Settings(index_dir=index_dir, refresh_seconds=0))) as client:
        for url in ("/search?q=海淀区", "/health", "/stats", "/documents/a.txt"):
            response = client.get(url)
            assert response.status_code == 503, (url, response.text)
            body = response.json()
            assert body["error"]["code"] == "index_damaged"
            assert str(index_dir) not in body["error"]["message"]
    if how == "truncated":  # a one-off command checks sizes; garbling is the server's (checksums) to find
        line = _one_error_line(_search(CliRunner(), index_dir))
        assert "damaged" in line and path.name in line
    with pytest.raises(IndexDamaged):
        update_index([corpus], index_dir)
    report = update_index([corpus], index_dir, rebuild=True)  # --rebuild always works
    assert report.indexed == 3
    assert Searcher.open(index_dir, checksums=True).search("海淀区")["total"] == 2


@pytest.mark.parametrize("name", ["summaries.json", "names.json", "figures.json", "docs.json"])
def test_a_segment_table_garbled_in_place_is_one_damage_line_on_the_cli_never_an_internal_error(built, name):
    """A one-off command checks the sizes of most files; a segment's tables it checks against their checksums, so
    one garbled in place (a byte flipped inside an id still parses) is named as damaged, never read as it stands."""
    _corpus, index_dir = built
    path = next(p for p in _files(index_dir).values() if p.name == name)
    data = path.read_bytes()
    middle = len(data) // 2
    path.write_bytes(data[:middle] + bytes(b ^ 0x5A for b in data[middle:middle + 64]) + data[middle + 64:])
    line = _one_error_line(_search(CliRunner(), index_dir))
    assert "damaged" in line and path.name in line and "--rebuild" in line


def test_a_document_id_changed_in_place_that_still_parses_is_named_as_damage_not_shown_as_a_result(built):
    _corpus, index_dir = built
    path = next(p for p in _files(index_dir).values() if p.name == "docs.json")
    data = path.read_bytes()
    assert b'"a.txt"' in data
    path.write_bytes(data.replace(b'"a.txt"', b'"e.txt"'))  # same size, still JSON: only its checksum tells
    line = _one_error_line(_search(CliRunner(), index_dir))
    assert "damaged" in line and "docs.json" in line and "--rebuild" in line


def test_a_file_truncated_while_served_is_taken_out_of_service_and_the_last_whole_generation_answers(built):
    corpus, index_dir = built
    (corpus / "d.txt").write_text("集成电路设计产业园在海淀区落成。", encoding="utf-8")
    update_index([corpus], index_dir)
    older, newer = _gens(index_dir)
    with TestClient(create_app(Settings(index_dir=index_dir, refresh_seconds=0))) as client:
        assert client.get("/search", params={"q": "海淀区"}).json()["total"] == 3
        # A file of the new segment only: the older generation shares (hard links) the files of the segments it has.
        literal = next(p for n, p in _files(index_dir).items()
                       if n.startswith("literal-") and not (index_dir / older / n).exists())
        truncate_elsewhere(literal, 10)
        response = client.get("/search", params={"q": "海淀区"})
        assert response.status_code == 200
        assert response.json()["total"] == 2  # the previous generation, whole, is served
        for gen in (older, newer):
            truncate_elsewhere(next(next((index_dir / gen).glob("literal-*")).iterdir()), 5)
        response = client.get("/search", params={"q": "海淀区"})
        assert response.status_code == 503 and response.json()["error"]["code"] == "index_damaged"
        assert client.get("/health").status_code == 503


def test_a_server_reads_against_their_checksums_only_the_files_it_has_not_read_before(built, monkeypatch):
    corpus, index_dir = built
    searcher = Searcher.open(index_dir, checksums=True)
    read: list[Path] = []
    real = generations.file_checksum
    monkeypatch.setattr(generations, "file_checksum", lambda path: read.append(Path(path)) or real(path))
    (corpus / "d.txt").write_text("集成电路设计产业园在海淀区落成。", encoding="utf-8")
    update_index([corpus], index_dir)
    read.clear()  # the writer's own checks
    older, newer = _gens(index_dir)
    searcher.refresh()
    assert searcher.search("海淀区")["total"] == 3
    names = generations.read_manifest(index_dir / newer)["files"]
    shared = {n for n in names if (index_dir / older / n).exists()
              and (index_dir / older / n).samefile(index_dir / newer / n)}
    new = set(names) - shared
    assert shared and new == {p.relative_to(index_dir / newer).as_posix() for p in read}


def test_a_file_changed_in_place_is_read_against_its_checksum_again(built):
    _corpus, index_dir = built
    gen = index_dir / _gens(index_dir)[-1]
    verified = generations.Verified(None)
    assert generations.damage(gen, checksums=verified) is None
    literal = next(p for p in sorted(gen.glob("literal-*/*.npy")) if p.stat().st_size > 64)
    data = bytearray(literal.read_bytes())
    data[-8:] = bytes(b ^ 0x5A for b in data[-8:])
    literal.write_bytes(bytes(data))  # same size, new content and time
    assert "does not match its checksum" in generations.damage(gen, checksums=verified)


def _fail_for(monkeypatch, owner, name: str, failures: dict[str, Exception]) -> None:
    """Make ``owner.name(path)`` raise the given error for the files named, and work as before for the others
    (set before an index run, so forked workers inherit it)."""
    real = getattr(owner, name)

    def patched(path):
        if Path(path).name in failures:
            raise failures[Path(path).name]
        return real(path)

    monkeypatch.setattr(owner, name, patched)


# --- writing fails -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["in process", "workers"])
def test_a_full_disk_while_indexing_is_one_line_and_the_previous_index_stays_live(built, monkeypatch, path, tmp_path):
    corpus, index_dir = built
    before = _gens(index_dir)
    count = 1 if path == "in process" else store.PARALLEL_MIN_FILES
    for n in range(count):
        (corpus / f"new{n}.txt").write_text(f"新的文件{n}：集成电路设计产业园。" * 50, encoding="utf-8")

    real_add = workers.WorkerSegmentWriter.add_document

    def full(self, **fields):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(workers.WorkerSegmentWriter, "add_document", full)
    with pytest.raises(IndexWriteError) as raised:
        update_index([corpus], index_dir)
    message = str(raised.value)
    assert "No space left on device" in message and "ENOSPC" in message and "previous index is intact" in message
    assert "\n" not in message
    assert _gens(index_dir) == before  # the partial generation is gone at once
    monkeypatch.setattr(workers.WorkerSegmentWriter, "add_document", real_add)
    assert Searcher.open(index_dir).search("海淀区")["total"] == 2

    monkeypatch.setattr(workers.WorkerSegmentWriter, "add_document", full)
    result = CliRunner().invoke(cli, ["index", str(corpus), "--index", str(index_dir)])
    line = _one_error_line(result)
    assert "No space left on device" in line


@pytest.mark.parametrize("path", ["in process", "workers"])
def test_one_unreadable_or_unparsable_file_is_skipped_with_a_warning_and_the_run_goes_on(write_corpus, tmp_path,
                                                                                        monkeypatch, path):
    n = 2 if path == "in process" else store.PARALLEL_MIN_FILES + 2
    files = {f"f{i}.txt": f"第{i}份文件：海淀区集成电路。" for i in range(n)}
    corpus = write_corpus(files)
    _fail_for(monkeypatch, prepare, "read_document", {
        "f0.txt": PermissionError(errno.EACCES, "Permission denied"), "f1.txt": ValueError("a parser gave up")})
    warnings: list[str] = []
    report = update_index([corpus], tmp_path / "index", warn=warnings.append)
    assert (report.indexed, report.skipped) == (n - 2, 2)
    assert sorted(warnings) == ["f0.txt: cannot read (Permission denied); skipped",
                                "f1.txt: cannot be parsed (ValueError); skipped"]


def test_a_file_that_vanishes_before_it_is_hashed_is_skipped(write_corpus, tmp_path, monkeypatch):
    corpus = write_corpus({"a.txt": A, "b.txt": B})
    _fail_for(monkeypatch, store, "_file_hash", {"a.txt": FileNotFoundError(errno.ENOENT, "No such file or directory")})
    warnings: list[str] = []
    report = update_index([corpus], tmp_path / "index", warn=warnings.append)
    assert (report.indexed, report.skipped) == (1, 1)
    assert warnings == ["a.txt: cannot read (No such file or directory); skipped"]


def test_a_file_with_an_undecodable_name_is_indexed_under_its_escaped_name(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with open(os.fsencode(str(corpus)) + b"/\xffname.txt", "wb") as fh:
        fh.write(A.encode())
    index_dir = tmp_path / "index"
    assert update_index([corpus], index_dir).indexed == 1
    searcher = Searcher.open(index_dir)
    [hit] = searcher.search("中关村")["results"]
    assert hit["doc_id"] == "\\xffname.txt"
    assert searcher.document("\\xffname.txt")["text"].startswith("海淀区")
    assert update_index([corpus], index_dir).unchanged == 1


def test_nothing_changed_is_decided_by_size_and_time_without_reading_the_files(built, monkeypatch):
    corpus, index_dir = built

    def no_reading(p):
        raise AssertionError(f"{p} was read")

    monkeypatch.setattr(store, "_file_hash", no_reading)
    assert update_index([corpus], index_dir).unchanged == 3
    monkeypatch.undo()
    os.utime(corpus / "a.txt", ns=(1, 1))  # touched, same content: hashed, not re-indexed
    report = update_index([corpus], index_dir)
    assert (report.indexed, report.unchanged) == (0, 3)


def test_a_run_with_nothing_to_do_reads_the_segments_document_tables_and_no_summary(built, monkeypatch):
    corpus, index_dir = built

    def no_summaries(*args):
        raise AssertionError("a document summary was read")

    monkeypatch.setattr(store.literal_segments, "read_docs", no_summaries)
    assert update_index([corpus], index_dir).unchanged == 3
    os.utime(corpus / "a.txt", ns=(1, 1))
    assert update_index([corpus], index_dir).unchanged == 3


def test_a_killed_writer_leaves_the_previous_generation_whole(built, tongwen_command):
    corpus, index_dir = built
    for n in range(30):
        (corpus / f"bulk{n}.txt").write_text("海淀区集成电路设计产业园。" * 400, encoding="utf-8")
    proc = subprocess.Popen([*tongwen_command, "index", str(corpus), "--index", str(index_dir)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        proc.wait(timeout=0.6)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    gen = store.current_generation(index_dir)
    assert generations.damage(gen, checksums=True) is None
    assert Searcher.open(index_dir).search("海淀区")["total"] >= 2
    report = update_index([corpus], index_dir)
    assert report.indexed + report.unchanged == 33
    assert [g for g in generations.generations(index_dir) if generations.abandoned(g)] == []


def test_a_garbled_manifest_is_damage_and_an_older_whole_generation_answers(built):
    corpus, index_dir = built
    (corpus / "d.txt").write_text("集成电路设计产业园在海淀区落成。", encoding="utf-8")
    update_index([corpus], index_dir)
    older, newer = _gens(index_dir)
    (index_dir / newer / store.MANIFEST).write_bytes(b'{"files": {"_MAIN_1.toc": [1, ')
    searcher = Searcher.open(index_dir)
    assert searcher.search("海淀区")["total"] == 2  # the older whole generation
    # The next run builds on that whole generation: what changed since is indexed again, and the damage is gone.
    report = update_index([corpus], index_dir)
    assert (report.indexed, report.unchanged) == (1, 3)
    assert Searcher.open(index_dir).search("海淀区")["total"] == 3
    assert newer not in _gens(index_dir)


def test_odd_file_names_and_unreadable_files_in_the_worker_path(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(store.PARALLEL_MIN_FILES + 2):
        (corpus / f"f{n}.txt").write_text(f"第{n}份：海淀区集成电路。", encoding="utf-8")
    with open(os.fsencode(str(corpus)) + b"/\xfe\xffodd.txt", "wb") as fh:
        fh.write("奇怪的名字：海淀区。".encode())
    _fail_for(monkeypatch, prepare, "read_document", {"f0.txt": PermissionError(errno.EACCES, "Permission denied")})
    warnings: list[str] = []
    report = update_index([corpus], tmp_path / "index", warn=warnings.append)
    assert (report.indexed, report.skipped) == (store.PARALLEL_MIN_FILES + 2, 1)
    assert warnings == ["f0.txt: cannot read (Permission denied); skipped"]
    assert Searcher.open(tmp_path / "index").document("\\xfe\\xffodd.txt")["text"].startswith("奇怪")


def test_a_server_checks_sizes_before_every_request_not_only_at_refresh(built):
    corpus, index_dir = built
    with TestClient(create_app(Settings(index_dir=index_dir, refresh_seconds=3600))) as client:
        assert client.get("/search", params={"q": "海淀区"}).status_code == 200
        literal = next(p for n, p in _files(index_dir).items() if n.startswith("literal-"))
        truncate_elsewhere(literal, 10)
        response = client.get("/search", params={"q": "海淀区"})  # no refresh is due for an hour
        assert response.status_code == 503 and response.json()["error"]["code"] == "index_damaged"


def _workers(server_pid: int) -> list[int]:
    """The worker processes a ``tongwen serve`` parent has started (its spawned children)."""
    children = Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()
    return [int(pid) for pid in children
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]


def _until(check, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while True:
        try:
            value = check()
            if value:
                return value
        except (OSError, httpx.HTTPError):
            pass
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_a_worker_killed_by_a_read_past_a_truncated_file_is_replaced_and_the_last_whole_generation_served(
        built, write_corpus, tongwen_command, tmp_path):
    """Where no read lease can be taken (another owner, a file system without leases), a truncation landing inside
    a request's reads ends that worker with SIGBUS; the server goes on answering."""
    corpus, index_dir = built
    (corpus / "d.txt").write_text("石墨烯实验室落户海淀区。", encoding="utf-8")
    update_index([corpus], index_dir)  # a second generation, with a segment of its own for d.txt
    gens = _gens(index_dir)
    with serving(tongwen_command, index_dir, tmp_path / "serve.log", "--workers", "1") as (server, url):
        assert httpx.get(f"{url}/search", params={"q": "石墨烯"}).json()["total"] == 1
        (worker,) = _workers(server.pid)
        newest = index_dir / gens[-1]
        own = next(p for p in newest.glob("literal-*/positions.npy") if p.stat().st_nlink == 1)
        os.truncate(own, 10)
        os.kill(worker, signal.SIGBUS)  # what a mapped read past the new end does to the reading process
        _until(lambda: _workers(server.pid) and _workers(server.pid) != [worker])
        body = _until(lambda: httpx.get(f"{url}/search", params={"q": "海淀区"}, timeout=10).json())
        # The replacement refused the damaged generation and serves the previous one, which is whole.
        assert body["total"] == 2 and "石墨烯" not in str(body)
        assert server.poll() is None
