"""Writing the index: incremental runs, document ids, skipped files, the writer lock, versions and atomicity."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tongwen.index import readers, store
from tongwen.index.errors import IndexLocked, IndexVersionMismatch, InputPathError
from tongwen.index.store import update_index, writer_lock
from tongwen.index.vocabulary import DEFAULT_VOCABULARY
from tongwen.cli import cli
from tongwen.search.searcher import Searcher

A = "海淀区推进中关村科学城建设，打造创新高地。"
B = "软件和信息服务业是海淀区的支柱产业。"
C = "人工智能与集成电路产业加快发展。"


def _ids(searcher: Searcher, query: str) -> list[str]:
    return [r["doc_id"] for r in searcher.search(query, limit=100)["results"]]


# --- incremental runs ----------------------------------------------------------------------------------------


def test_a_second_run_skips_unchanged_files_reindexes_changed_ones_and_drops_deleted_ones(tmp_path, write_corpus):
    corpus = write_corpus({"a.txt": A, "b.txt": B, "c.txt": C})
    index_dir = tmp_path / "index"

    first = update_index([corpus], index_dir)
    assert (first.indexed, first.unchanged, first.skipped, first.removed) == (3, 0, 0, 0)
    assert first.by_format == {"txt": 3}

    again = update_index([corpus], index_dir)
    assert (again.indexed, again.unchanged, again.skipped, again.removed) == (0, 3, 0, 0)

    (corpus / "b.txt").write_text("集成电路设计产业园在海淀区落成。", encoding="utf-8")
    changed = update_index([corpus], index_dir)
    assert (changed.indexed, changed.unchanged, changed.removed) == (1, 2, 0)
    searcher = Searcher.open(index_dir)
    assert _ids(searcher, "软件") == []
    assert _ids(searcher, "设计产业园") == ["b.txt"]

    (corpus / "c.txt").unlink()
    dropped = update_index([corpus], index_dir)
    assert (dropped.indexed, dropped.unchanged, dropped.removed) == (0, 2, 1)
    searcher = Searcher.open(index_dir)
    assert _ids(searcher, "人工智能") == []
    assert sorted(_ids(searcher, "海淀区")) == ["a.txt", "b.txt"]
    assert searcher.stats()["documents"] == 2


def _hashes_counted(monkeypatch) -> list[str]:
    """The names of the files each later run hashes, in order."""
    hashed: list[str] = []
    original = store._file_hash
    monkeypatch.setattr(store, "_file_hash", lambda path: (hashed.append(Path(path).name), original(path))[1])
    return hashed


def _settled(corpus: Path, seconds_ago: float = 600) -> None:
    """Give every file of ``corpus`` a time well before now, as files downloaded or copied a while ago have."""
    when = time.time() - seconds_ago
    for f in corpus.iterdir():
        os.utime(f, (when, when))


def test_files_touched_but_not_changed_are_read_once_and_their_new_time_is_kept(tmp_path, write_corpus, monkeypatch):
    corpus = write_corpus({"a.txt": A, "b.txt": B, "c.txt": C})
    _settled(corpus, 900)
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    _settled(corpus)  # copied again, checked out, synced: new times, the same content
    hashed = _hashes_counted(monkeypatch)
    touched = update_index([corpus], index_dir)
    assert (touched.indexed, touched.unchanged) == (0, 3) and sorted(hashed) == ["a.txt", "b.txt", "c.txt"]
    live = (index_dir / store.CURRENT).read_text(encoding="utf-8")
    restat = json.loads((index_dir / live / store.generations.RESTAT).read_text(encoding="utf-8"))
    assert sorted(restat) == ["a.txt", "b.txt", "c.txt"]
    hashed.clear()
    again = update_index([corpus], index_dir)
    assert (again.indexed, again.unchanged) == (0, 3) and hashed == []  # read once, not on every run
    assert (index_dir / store.CURRENT).read_text(encoding="utf-8") == live  # and nothing written
    # Another file changed: the times recorded go on to the next generation, and the base's record is untouched.
    (corpus / "c.txt").write_text("集成电路设计产业园在海淀区落成。", encoding="utf-8")
    os.utime(corpus / "c.txt", (time.time() - 300, time.time() - 300))
    changed = update_index([corpus], index_dir)
    assert (changed.indexed, changed.unchanged) == (1, 2) and hashed == ["c.txt"]
    assert json.loads((index_dir / live / store.generations.RESTAT).read_text(encoding="utf-8")) == restat
    newer = json.loads(store.generations.live_generation(index_dir).joinpath(store.generations.RESTAT).read_text())
    assert sorted(newer) == ["a.txt", "b.txt"]  # c.txt was read again: its table says when
    hashed.clear()
    (corpus / "b.txt").unlink()
    dropped = update_index([corpus], index_dir)
    assert (dropped.unchanged, dropped.removed) == (2, 1) and hashed == []
    assert sorted(json.loads(store.generations.live_generation(index_dir).joinpath(
        store.generations.RESTAT).read_text())) == ["a.txt"]
    assert sorted(_ids(Searcher.open(index_dir), "海淀区")) == ["a.txt", "c.txt"]


def test_a_file_rewritten_within_its_clocks_tick_at_the_same_size_is_read_again(tmp_path, write_corpus,
                                                                               monkeypatch):
    corpus = write_corpus({"a.txt": "海淀区推进甲项目。"})
    index_dir = tmp_path / "index"
    monkeypatch.setattr(store, "RACY_NS", 600 * 10**9)  # "just written", however slow this machine is today
    update_index([corpus], index_dir)  # right after the file was written: its time says nothing yet
    stat = (corpus / "a.txt").stat()
    # Rewritten at once, the same size, and the file system's coarse clock gives it the same time.
    (corpus / "a.txt").write_text("海淀区推进乙项目。", encoding="utf-8")
    os.utime(corpus / "a.txt", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (corpus / "a.txt").stat().st_size == stat.st_size
    report = update_index([corpus], index_dir)
    assert report.indexed == 1
    searcher = Searcher.open(index_dir)
    assert _ids(searcher, "乙项目") == ["a.txt"] and _ids(searcher, "甲项目") == []


def test_many_files_read_again_for_their_racy_time_are_recorded_and_a_few_are_not(tmp_path, write_corpus,
                                                                                  monkeypatch):
    index_dir = tmp_path / "index"
    corpus = write_corpus({f"{n}.txt": f"{A}第{n}号" for n in range(5)})
    monkeypatch.setattr(store, "RACY_NS", 10**18)  # every file just written, as after a fast copy
    update_index([corpus], index_dir)
    monkeypatch.setattr(store, "RACY_NS", 0)  # ... and a while later
    monkeypatch.setattr(store, "RACY_REREAD_MAX", 5)
    live = (index_dir / store.CURRENT).read_text(encoding="utf-8")
    hashed = _hashes_counted(monkeypatch)
    assert update_index([corpus], index_dir).unchanged == 5 and len(hashed) == 5
    assert (index_dir / store.CURRENT).read_text(encoding="utf-8") == live  # five read again: nothing written
    monkeypatch.setattr(store, "RACY_REREAD_MAX", 4)
    assert update_index([corpus], index_dir).unchanged == 5 and len(hashed) == 10
    assert (index_dir / store.CURRENT).read_text(encoding="utf-8") != live  # more: their times recorded
    assert update_index([corpus], index_dir).unchanged == 5 and len(hashed) == 10  # and not read again


def test_files_outside_the_folders_given_are_kept_when_another_folder_is_indexed(tmp_path, write_corpus):
    first = write_corpus({"a.txt": A})
    second = write_corpus({"b.txt": B})
    index_dir = tmp_path / "index"
    update_index([first], index_dir)
    report = update_index([second], index_dir)
    assert (report.indexed, report.removed) == (1, 0)
    assert sorted(_ids(Searcher.open(index_dir), "海淀区")) == ["a.txt", "b.txt"]


def test_the_summary_line_counts_what_the_run_did(tmp_path, write_corpus):
    report = update_index([write_corpus({"a.txt": A, "b.md": "# 标题\n\n" + B})], tmp_path / "index")
    assert report.summary().startswith("indexed 2 (1 md, 1 txt), unchanged 0, skipped 0, removed 0 in ")
    assert report.summary().endswith(" s")


# --- document ids ------------------------------------------------------------------------------------------


def test_a_document_id_is_the_relative_posix_path_under_a_folder_given(tmp_path, write_corpus):
    corpus = write_corpus({"top.txt": A, "规划/2016/plan.txt": B, "deep/er/still/c.txt": C})
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    searcher = Searcher.open(index_dir)
    assert sorted(_ids(searcher, "海淀区")) == ["top.txt", "规划/2016/plan.txt"]
    assert _ids(searcher, "人工智能") == ["deep/er/still/c.txt"]
    assert searcher.document("规划/2016/plan.txt")["text"].startswith("软件和信息服务业")


def test_a_single_file_given_gets_its_file_name_as_document_id(tmp_path, write_corpus):
    corpus = write_corpus({"nested/folder/only.txt": A})
    index_dir = tmp_path / "index"
    update_index([corpus / "nested" / "folder" / "only.txt"], index_dir)
    assert _ids(Searcher.open(index_dir), "中关村") == ["only.txt"]


def test_two_folders_with_the_same_relative_path_keep_one_document_of_that_id_and_warn_of_the_other(
        tmp_path, write_corpus):
    first = write_corpus({"readme.txt": A, "only-first.txt": C})
    second = write_corpus({"readme.txt": B})
    index_dir = tmp_path / "index"
    warnings: list[str] = []
    report = update_index([first, second], index_dir, warn=warnings.append)
    assert (report.indexed, report.skipped) == (2, 1)
    assert len(warnings) == 1 and warnings[0].startswith("readme.txt: a document of the same id comes from ")
    assert str(first) in warnings[0]
    searcher = Searcher.open(index_dir)
    assert _ids(searcher, "中关村") == ["readme.txt"] and _ids(searcher, "软件") == []
    # Stable: the next run neither re-reads the file kept nor swaps in the other one.
    again = update_index([first, second], index_dir, warn=warnings.append)
    assert (again.indexed, again.unchanged, again.skipped, again.removed) == (0, 2, 1, 0)
    assert searcher.document("readme.txt")["text"] == A


def test_a_file_given_from_inside_an_indexed_folder_updates_its_document_there_instead_of_adding_another(
        tmp_path, write_corpus):
    corpus = write_corpus({"2024/plan.txt": A, "other.txt": C})
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    (corpus / "2024" / "plan.txt").write_text(A + B, encoding="utf-8")
    report = update_index([corpus / "2024" / "plan.txt"], index_dir)
    assert (report.indexed, report.removed) == (1, 0)
    searcher = Searcher.open(index_dir)
    assert _ids(searcher, "中关村") == ["2024/plan.txt"] and _ids(searcher, "软件") == ["2024/plan.txt"]
    assert _ids(searcher, "人工智能") == ["other.txt"]  # the rest of the folder is untouched
    again = update_index([corpus], index_dir)
    assert (again.indexed, again.unchanged, again.removed) == (0, 2, 0)


def test_a_folder_given_from_inside_an_indexed_folder_keeps_its_ids_and_drops_only_what_it_no_longer_holds(
        tmp_path, write_corpus):
    corpus = write_corpus({"2024/a.txt": A, "2024/b.txt": B, "c.txt": C})
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    (corpus / "2024" / "b.txt").unlink()
    report = update_index([corpus / "2024"], index_dir)
    assert (report.indexed, report.unchanged, report.removed) == (0, 1, 1)
    searcher = Searcher.open(index_dir)
    assert _ids(searcher, "中关村") == ["2024/a.txt"] and _ids(searcher, "人工智能") == ["c.txt"]
    assert _ids(searcher, "软件") == []


def test_a_deleted_file_or_folder_named_to_the_index_drops_its_documents_and_lists_nothing_else(
        tmp_path, write_corpus):
    corpus = write_corpus({"2024/a.txt": A, "2024/b.txt": B, "2023/b.txt": B, "c.txt": C})
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    (corpus / "2024" / "b.txt").unlink()
    report = update_index([corpus / "2024" / "b.txt"], index_dir)
    # Nothing was listed or stat'ed but the path named: no file counts as unchanged.
    assert (report.indexed, report.unchanged, report.removed) == (0, 0, 1)
    searcher = Searcher.open(index_dir)
    assert sorted(_ids(searcher, "软件")) == ["2023/b.txt"]
    assert sorted(_ids(searcher, "海淀区")) == ["2023/b.txt", "2024/a.txt"]
    shutil.rmtree(corpus / "2024")
    report = update_index([corpus / "2024"], index_dir)
    assert (report.indexed, report.unchanged, report.removed) == (0, 0, 1)
    assert _ids(Searcher.open(index_dir), "中关村") == []
    assert Searcher.open(index_dir).stats()["documents"] == 2
    assert update_index([corpus], index_dir).unchanged == 2


def test_a_deleted_file_named_to_the_index_is_looked_up_in_the_document_tables_that_can_hold_it_only(
        tmp_path, write_corpus, monkeypatch):
    # Three runs, three segments; the id of the file deleted needs escaping as the tables write it.
    corpus = write_corpus({"a.txt": A})
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    write_corpus({'2024/政策"二"\\b.txt': B}, corpus)
    update_index([corpus], index_dir)
    write_corpus({"c.txt": C}, corpus)
    assert update_index([corpus], index_dir).segments == 3
    roots = store.read_manifest(store.current_generation(index_dir))["roots"]
    parsed: list[str] = []
    real = store.literal_segments.read_doc_table
    monkeypatch.setattr(store.literal_segments, "read_doc_table",
                        lambda gen, sid, *text: parsed.append(sid) or real(gen, sid, *text))
    (corpus / "2024" / '政策"二"\\b.txt').unlink()
    report = update_index([corpus / "2024" / '政策"二"\\b.txt'], index_dir)
    assert (report.indexed, report.unchanged, report.removed) == (0, 0, 1)
    assert len(parsed) == 1  # of the three segments' tables, the one that holds the file's id
    searcher = Searcher.open(index_dir)
    assert _ids(searcher, "软件") == [] and _ids(searcher, "中关村") == ["a.txt"] and _ids(searcher, "人工智能") == ["c.txt"]
    assert store.read_manifest(store.current_generation(index_dir))["roots"] == roots
    # The folder it was in, named once gone, is looked up the same way: it held nothing more.
    shutil.rmtree(corpus / "2024")
    with pytest.raises(InputPathError, match="no such file or folder"):
        update_index([corpus / "2024"], index_dir)
    assert update_index([corpus], index_dir).unchanged == 2


def test_a_deleted_path_named_beside_a_new_file_drops_one_document_and_adds_the_other(tmp_path, write_corpus):
    corpus = write_corpus({"a.txt": A, "b.txt": B})
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    (corpus / "a.txt").unlink()
    (corpus / "c.txt").write_text(C, encoding="utf-8")
    report = update_index([corpus / "a.txt", corpus / "c.txt"], index_dir)
    assert (report.indexed, report.removed) == (1, 1)
    searcher = Searcher.open(index_dir)
    assert _ids(searcher, "中关村") == [] and _ids(searcher, "人工智能") == ["c.txt"]


def test_a_missing_path_that_names_no_indexed_document_is_an_input_path_error_and_nothing_is_written(
        tmp_path, write_corpus):
    corpus = write_corpus({"a.txt": A, "2024/b.txt": B})
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    live = store.current_generation(index_dir)
    (corpus / "2024" / "b.txt").unlink()
    # A typo inside the indexed folder, a path outside it, and a file still there beside a missing one that was
    # never indexed: each refused, the deleted b.txt kept until it is named.
    for paths in ([corpus / "a.txtt"], [tmp_path / "elsewhere.txt"], [corpus / "2024" / "b.txt", corpus / "nope"]):
        with pytest.raises(InputPathError, match="no such file or folder"):
            update_index(paths, index_dir)
        assert store.current_generation(index_dir) == live
    assert _ids(Searcher.open(index_dir), "软件") == ["2024/b.txt"]
    # The indexed folder itself gone (a share not mounted): naming a file under it drops nothing.
    corpus.rename(tmp_path / "moved")
    with pytest.raises(InputPathError, match="no such file or folder"):
        update_index([corpus / "a.txt"], index_dir)
    assert store.current_generation(index_dir) == live


def test_a_folder_given_from_inside_an_indexed_folder_keeps_a_document_its_own_walk_does_not_reach(
        tmp_path, write_corpus):
    # 2024/linked.txt leads to a file outside 2024 (but inside the corpus): the corpus's walk follows it, the walk
    # of 2024 alone does not. The file is there: its document stays.
    corpus = write_corpus({".shared/linked.txt": B, "2024/a.txt": A})
    (corpus / "2024" / "linked.txt").symlink_to(corpus / ".shared" / "linked.txt")
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    assert _ids(Searcher.open(index_dir), "软件") == ["2024/linked.txt"]
    warnings: list[str] = []
    report = update_index([corpus / "2024"], index_dir, warn=warnings.append)
    assert report.removed == 0 and any("outside the folders given" in w for w in warnings)
    assert _ids(Searcher.open(index_dir), "软件") == ["2024/linked.txt"]


def test_indexing_the_folder_around_an_indexed_folder_or_file_keeps_one_document_per_file(tmp_path, write_corpus):
    corpus = write_corpus({"2024/a.txt": A, "c.txt": C})
    for first in (corpus / "2024", corpus / "2024" / "a.txt"):
        index_dir = tmp_path / f"index-{first.name}"
        update_index([first], index_dir)
        report = update_index([corpus], index_dir)
        assert (report.indexed, report.removed) == (2, 1)  # a.txt again as 2024/a.txt, and c.txt
        searcher = Searcher.open(index_dir)
        assert _ids(searcher, "中关村") == ["2024/a.txt"]
        assert update_index([corpus], index_dir).unchanged == 2


def test_an_id_indexed_from_a_folder_not_given_stays_with_that_folder(tmp_path, write_corpus):
    first = write_corpus({"readme.txt": A})
    second = write_corpus({"readme.txt": B, "other.txt": C})
    index_dir = tmp_path / "index"
    update_index([first], index_dir)
    warnings: list[str] = []
    report = update_index([second], index_dir, warn=warnings.append)
    assert (report.indexed, report.skipped, report.removed) == (1, 1, 0)
    assert str(first.resolve()) in warnings[0]
    assert Searcher.open(index_dir).document("readme.txt")["text"] == A
    # Once its file is gone from the folder it came from, the id is free for the other folder's file.
    (first / "readme.txt").unlink()
    report = update_index([first, second], index_dir)
    assert (report.indexed, report.removed) == (1, 0)
    assert Searcher.open(index_dir).document("readme.txt")["text"] == B


def test_an_index_holding_two_documents_of_one_id_keeps_one_on_the_next_run(tmp_path, write_corpus, monkeypatch):
    first = write_corpus({"readme.txt": A})
    second = write_corpus({"readme.txt": B})
    index_dir = tmp_path / "index"
    with monkeypatch.context() as m:  # as indexes were written before ids were kept unique
        m.setattr(store, "_taken_ids", lambda found, *args: [None] * len(found))
        update_index([first, second], index_dir)
    assert Searcher.open(index_dir).stats()["documents"] == 2
    report = update_index([first, second], index_dir)
    assert (report.indexed, report.removed) == (0, 1)
    searcher = Searcher.open(index_dir)
    assert searcher.stats()["documents"] == 1
    assert searcher.document("readme.txt")["text"] in (A, B)
    assert update_index([first, second], index_dir).removed == 0


def test_a_path_that_does_not_exist_is_an_input_path_error_and_nothing_is_written(tmp_path):
    with pytest.raises(InputPathError, match="no such file or folder"):
        update_index([tmp_path / "missing"], tmp_path / "index")
    assert store.current_generation(tmp_path / "index") is None


# --- unreadable files ----------------------------------------------------------------------------------------

UNREADABLE = {
    "binary junk": bytes(range(256)) * 8,
    "empty": b"",
    "only whitespace": b" \n\n\t ",
    "undecodable": bytes([0x81, 0x30, 0x81, 0x30, 0x80, 0xFF, 0x9F, 0x83]) * 40,
}


@pytest.mark.parametrize("kind", sorted(UNREADABLE))
def test_an_unreadable_file_is_skipped_with_one_warning_naming_it_and_the_run_goes_on(tmp_path, write_corpus, kind):
    corpus = write_corpus({"a.txt": A, "broken.txt": UNREADABLE[kind], "z.txt": C})
    warnings: list[str] = []
    report = update_index([corpus], tmp_path / "index", warn=warnings.append)
    assert (report.indexed, report.skipped) == (2, 1)
    assert len(warnings) == 1 and "broken.txt" in warnings[0]
    assert report.warnings == warnings
    searcher = Searcher.open(tmp_path / "index")
    assert searcher.stats()["documents"] == 2
    assert _ids(searcher, "人工智能") == ["z.txt"]


def test_a_file_that_becomes_unreadable_leaves_the_index(tmp_path, write_corpus):
    corpus = write_corpus({"a.txt": A, "b.txt": B})
    update_index([corpus], tmp_path / "index")
    (corpus / "b.txt").write_bytes(b"")
    report = update_index([corpus], tmp_path / "index")
    assert (report.indexed, report.unchanged, report.skipped) == (0, 1, 1)
    assert _ids(Searcher.open(tmp_path / "index"), "软件") == []


# --- the writer lock -----------------------------------------------------------------------------------------


def test_a_second_writer_while_the_lock_is_held_raises_index_locked(tmp_path, write_corpus):
    corpus = write_corpus({"a.txt": A})
    index_dir = tmp_path / "index"
    with writer_lock(index_dir):
        with pytest.raises(IndexLocked, match="index is locked"):
            update_index([corpus], index_dir)
    assert update_index([corpus], index_dir).indexed == 1


def test_the_cli_says_the_index_is_locked_and_exits_non_zero(tmp_path, write_corpus):
    corpus = write_corpus({"a.txt": A})
    index_dir = tmp_path / "index"
    with writer_lock(index_dir):
        result = CliRunner().invoke(cli, ["index", str(corpus), "--index", str(index_dir)])
    assert result.exit_code != 0
    assert result.stderr.startswith("tongwen: error: index is locked")
    assert "Traceback" not in result.output


# --- versions ----------------------------------------------------------------------------------------------


def test_an_index_built_by_another_pipeline_version_refuses_to_open_until_rebuilt(tmp_path, write_corpus):
    corpus = write_corpus({"a.txt": A, "b.txt": B})
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    manifest_path = store.current_generation(index_dir) / store.MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["pipeline_version"] = "p0-an-older-pipeline"
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")

    with pytest.raises(IndexVersionMismatch, match="rebuild") as err:
        Searcher.open(index_dir)
    assert "tongwen index --rebuild" in str(err.value)
    with pytest.raises(IndexVersionMismatch, match="rebuild"):
        update_index([corpus], index_dir)

    report = update_index([corpus], index_dir, rebuild=True)
    assert report.indexed == 2
    assert sorted(_ids(Searcher.open(index_dir), "海淀区")) == ["a.txt", "b.txt"]


def test_a_changed_vocabulary_file_makes_index_ask_for_rebuild_and_rebuild_succeeds(tmp_path, write_corpus):
    corpus = write_corpus({"a.txt": A})
    vocabulary = tmp_path / "vocabulary.txt"
    shutil.copy(DEFAULT_VOCABULARY, vocabulary)
    env = {"TONGWEN_VOCABULARY": str(vocabulary)}
    args = ["index", str(corpus), "--index", str(tmp_path / "index")]
    runner = CliRunner()

    assert runner.invoke(cli, args, env=env).exit_code == 0
    assert runner.invoke(cli, args, env=env).stdout.startswith("indexed 0, unchanged 1")

    with open(vocabulary, "a", encoding="utf-8") as fh:
        fh.write("\n[words]\n创新高地\n")
    refused = runner.invoke(cli, args, env=env)
    assert refused.exit_code != 0
    assert refused.stderr.startswith("tongwen: error: ")
    assert "tongwen index --rebuild" in refused.stderr

    rebuilt = runner.invoke(cli, [*args, "--rebuild"], env=env)
    assert rebuilt.exit_code == 0, rebuilt.output
    assert rebuilt.stdout.startswith("indexed 1 (1 txt)")
    searched = runner.invoke(cli, ["search", "创新高地", "--index", str(tmp_path / "index"), "--json"], env=env)
    assert searched.exit_code == 0, searched.output
    assert [r["doc_id"] for r in json.loads(searched.stdout)["results"]] == ["a.txt"]


def test_a_pair_added_to_the_regional_table_needs_no_rebuild_and_is_used_at_once(tmp_path, write_corpus, monkeypatch):
    from tongwen.index import vocabulary as vocab
    from tongwen.search import plan

    corpus = write_corpus({"tw.txt": "第一條　本條例所稱鄉鎮市公所，依本法辦理。"})
    update_index([corpus], tmp_path / "index")
    assert Searcher.open(tmp_path / "index").search("乡镇人民政府")["total"] == 0
    extra = tmp_path / "regional_extra.tsv"
    extra.write_text(vocab.REGIONAL_EXTRA.read_text(encoding="utf-8") + "乡镇市公所\t乡镇人民政府\n", encoding="utf-8")
    monkeypatch.setattr(vocab, "REGIONAL_EXTRA", extra)
    for cached in (vocab.regional_pairs, vocab.regional_scripts, vocab._by_length, plan._planned):
        cached.cache_clear()
    try:
        searcher = Searcher.open(tmp_path / "index")  # no version mismatch: the tables only add query spellings
        assert [r["doc_id"] for r in searcher.search("乡镇人民政府")["results"]] == ["tw.txt"]
        assert update_index([corpus], tmp_path / "index").unchanged == 1
    finally:
        monkeypatch.undo()
        for cached in (vocab.regional_pairs, vocab.regional_scripts, vocab._by_length, plan._planned):
            cached.cache_clear()


# --- atomicity -----------------------------------------------------------------------------------------------

MARKER = "鹦鹉螺号潜艇"
COPIES = 60


def _state(index_dir: Path) -> tuple[list[tuple[str, float]], int]:
    """What a freshly opened searcher answers: the ranking for 中关村 and how many documents hold the marker."""
    searcher = Searcher.open(index_dir)
    ranking = [(r["doc_id"], r["score"]) for r in searcher.search("中关村", limit=100)["results"]]
    return ranking, searcher.search(MARKER, limit=1)["total"]


def _generations(index_dir: Path) -> set[str]:
    return {p.name for p in index_dir.iterdir() if p.name.startswith("gen-")}


def _wait_for(proc: subprocess.Popen, ready, limit: float = 120.0) -> bool:
    """Poll until ``ready()`` or the process ends; True when ready while the process still runs."""
    deadline = time.monotonic() + limit
    while proc.poll() is None and time.monotonic() < deadline:
        if ready():
            return True
        time.sleep(0.01)
    return False


def _copy_of_the_seeds(folder: Path, seeds_dir: Path) -> list[Path]:
    """``folder``, made, holding a copy of every seed; the seeds, in name order."""
    folder.mkdir()
    seeds = sorted(seeds_dir.glob("*.txt"))
    for seed in seeds:
        shutil.copy(seed, folder / seed.name)
    return seeds


def test_ctrl_c_stops_an_indexing_run_at_once_with_one_line_and_leaves_the_previous_index_whole(
        tmp_path, seeds_dir, tongwen_command):
    # Many files: the jobs not yet handed to the workers fill more than a pipe holds, which once held the
    # interrupted writer's exit forever (a second Ctrl-C ended it, with a traceback).
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seed = sorted(seeds_dir.glob("*.txt"))[0]
    shutil.copy(seed, corpus / seed.name)
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    old = _state(index_dir)
    text = seed.read_text(encoding="utf-8")[:3000]
    for i in range(1500):
        (corpus / f"note{i:04d}.txt").write_text(f"第{i}号通知\n\n{text}\n\n{MARKER}\n", encoding="utf-8")
    live = (index_dir / store.CURRENT).read_text(encoding="utf-8")
    before = _generations(index_dir)
    command = [*tongwen_command, "index", str(corpus), "--index", str(index_dir)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        assert _wait_for(proc, lambda: bool(_generations(index_dir) - before), limit=120)
        time.sleep(0.5)
        assert proc.poll() is None
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends: the writer and its workers
        _out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130
    assert err.decode() == "tongwen: error: interrupted\n"
    assert (index_dir / store.CURRENT).read_text(encoding="utf-8") == live
    assert _state(index_dir) == old
    assert subprocess.run(command, capture_output=True, timeout=600).returncode == 0
    assert _state(index_dir)[1] == 1500


def test_killing_an_indexing_run_at_any_moment_leaves_the_previous_index_whole(tmp_path, seeds_dir, tongwen_command):
    corpus = tmp_path / "corpus"
    seeds = _copy_of_the_seeds(corpus, seeds_dir)
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    old = _state(index_dir)
    assert old[1] == 0 and sorted(d for d, _ in old[0]) == [s.name for s in seeds]
    reader = Searcher.open(index_dir)  # opened before any run: must keep answering throughout

    (corpus / "more").mkdir()
    for i in range(COPIES):
        seed = seeds[i % len(seeds)]
        (corpus / "more" / f"copy{i:02d}_{seed.name}").write_text(
            seed.read_text(encoding="utf-8") + f"\n\n{MARKER}\n", encoding="utf-8")

    def new_generation_appeared(before):
        return lambda: bool(_generations(index_dir) - before)

    def literal_file_appeared(before):
        def ready():
            return any(f.name.startswith("literal") for g in _generations(index_dir) - before
                       for f in (index_dir / g).iterdir())
        return ready

    # (what to wait for, then how long to wait before kill -9)
    moments = [(None, 0.2), (new_generation_appeared, 0.0), (new_generation_appeared, 0.5),
               (new_generation_appeared, 1.5), (literal_file_appeared, 0.0)]
    command = [*tongwen_command, "index", str(corpus), "--index", str(index_dir)]
    started: list[subprocess.Popen] = []
    killed_with_half_generation = 0
    try:
        for wait, delay in moments:
            before = _generations(index_dir)
            live = (index_dir / store.CURRENT).read_text(encoding="utf-8")
            proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
            started.append(proc)
            running = _wait_for(proc, wait(before)) if wait else proc.poll() is None
            time.sleep(delay)
            if proc.poll() is None:
                half = bool(_generations(index_dir) - before)
                proc.send_signal(signal.SIGKILL)  # the writer only: its worker processes are left to fend alone
                proc.wait()
                ranking, marked = _state(index_dir)
                if (index_dir / store.CURRENT).read_text(encoding="utf-8") == live:
                    assert (ranking, marked) == old, f"after a kill at {wait and wait.__name__} + {delay} s"
                    killed_with_half_generation += half and running
                else:  # killed after the switch, while cleaning up: the new index, whole
                    assert (len(ranking), marked) == (len(seeds) + COPIES, COPIES)
            else:
                out, err = proc.communicate()
                assert proc.returncode == 0, err.decode()
            assert reader.search("中关村", limit=100)["total"] == len(old[0])

        final = subprocess.run(command, capture_output=True, timeout=600)
        assert final.returncode == 0, final.stderr.decode()
    finally:
        for proc in started:
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # workers a killed writer left behind
            except ProcessLookupError:
                pass
    assert killed_with_half_generation >= 2  # the kills really fell inside a run that was writing

    ranking, marked = _state(index_dir)
    assert marked == COPIES
    assert len(ranking) == len(seeds) + COPIES
    # Half-written generations of the killed runs are gone; the new one and its predecessor remain.
    assert len(_generations(index_dir)) <= 2
    assert not [p for p in index_dir.iterdir() if p.name.endswith(".tmp")]
    assert reader.search("中关村", limit=100)["total"] == len(old[0])
    reader.refresh()
    assert reader.search(MARKER, limit=1)["total"] == COPIES


# --- walking -------------------------------------------------------------------------------------------------


def test_symbolic_link_loops_do_not_hang_and_each_file_is_indexed_once(tmp_path, write_corpus):
    corpus = write_corpus({"a.txt": A, "sub/b.txt": B})
    (corpus / "sub" / "up").symlink_to(corpus, target_is_directory=True)
    (corpus / "sub" / "self").symlink_to(corpus / "sub", target_is_directory=True)
    (corpus / "alias.txt").symlink_to(corpus / "a.txt")
    outcome: dict = {}

    def run():
        try:
            outcome["report"] = update_index([corpus], tmp_path / "index")
        except BaseException as err:  # reported below
            outcome["error"] = err

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(300)  # a guard against hanging forever, not a speed check
    assert not worker.is_alive(), "indexing a folder with link loops did not end"
    assert "error" not in outcome, outcome.get("error")
    assert outcome["report"].indexed == 2
    assert sorted(_ids(Searcher.open(tmp_path / "index"), "海淀区")) == ["a.txt", "sub/b.txt"]


def test_a_file_named_in_bytes_that_are_not_utf8_and_printing_no_title_is_indexed_under_its_escaped_name(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with open(os.fsencode(str(corpus)) + b"/\xff\xfe" + "2019年政府工作报告.txt".encode(), "wb") as fh:
        fh.write("各位代表：\n\n现在，我代表国务院，向大会报告政府工作。".encode())
    assert update_index([corpus], tmp_path / "index").indexed == 1
    (result,) = Searcher.open(tmp_path / "index").search("国务院")["results"]
    assert (result["doc_id"], result["title"]) == ("\\xff\\xfe2019年政府工作报告.txt", "\\xff\\xfe2019年政府工作报告")
    assert (result["meta"]["agency"], result["meta"]["type"]) == ("国务院", "报告")


def test_a_folder_whose_path_is_not_utf8_is_refused_in_one_line_and_the_folder_above_it_is_indexed(tmp_path):
    odd = os.fsencode(str(tmp_path / "corpus")) + b"/\xff\xfedocs"
    os.makedirs(odd)
    with open(odd + b"/a.txt", "wb") as fh:
        fh.write("海淀区科技创新。".encode())
    with pytest.raises(InputPathError, match=r"\\xff\\xfedocs: the folder's path is not valid UTF-8"):
        update_index([Path(os.fsdecode(odd))], tmp_path / "index")
    result = CliRunner().invoke(cli, ["index", os.fsdecode(odd), "--index", str(tmp_path / "index")])
    assert result.exit_code != 0 and len(result.output.strip().splitlines()) == 1
    assert update_index([tmp_path / "corpus"], tmp_path / "index").indexed == 1
    assert [r["doc_id"] for r in Searcher.open(tmp_path / "index").search("科技创新")["results"]] == ["\\xff\\xfedocs/a.txt"]


def test_a_name_escaped_as_another_file_s_id_is_skipped_and_counted_run_after_run_and_replaces_nothing(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    Path(os.fsdecode(os.fsencode(str(corpus)) + b"/\xff.txt")).write_text("海淀区科技创新。")
    index_dir = tmp_path / "index"
    assert update_index([corpus], index_dir).indexed == 1
    (corpus / "\\xff.txt").write_text("海淀区数据安全。")  # a file really named as the escape reads
    warnings: list[str] = []
    for _ in range(2):
        report = update_index([corpus], index_dir, warn=warnings.append)
        assert (report.skipped, report.indexed + report.unchanged) == (1, 1)
        results = Searcher.open(index_dir).search("海淀区")["results"]
        # One document for the id, always the same file's: never the two taking turns.
        assert [(r["doc_id"], r["passages"][0]["text"]) for r in results] == [("\\xff.txt", "海淀区数据安全。")]
    assert len(warnings) == 2 and all("not valid UTF-8" in w for w in warnings)


def test_a_folder_the_index_was_built_from_that_holds_no_file_now_keeps_its_documents_with_a_warning(tmp_path):
    share = tmp_path / "share"  # a mount point: there, and empty while the share is not mounted
    (share / "sub").mkdir(parents=True)
    for name in ("a.txt", "b.txt", "sub/c.txt"):
        (share / name).write_text(f"关于{name[-5]}的通知\n\n海淀区事项。", encoding="utf-8")
    index_dir = tmp_path / "index"
    update_index([share], index_dir)
    away = tmp_path / "away"
    shutil.move(str(share), str(away))
    share.mkdir()
    warnings: list[str] = []
    report = update_index([share], index_dir, warn=warnings.append)
    assert report.removed == 0 and Searcher.open(index_dir).search("海淀区")["total"] == 3
    assert len(warnings) == 1 and "holds no file to index" in warnings[0] and "3 documents" in warnings[0]
    # Back, less one file: that one goes, as ever.
    share.rmdir()
    shutil.move(str(away), str(share))
    (share / "b.txt").unlink()
    assert update_index([share], index_dir).removed == 1
    # A folder inside it, named and emptied, is updated as it is.
    (share / "sub" / "c.txt").unlink()
    assert update_index([share / "sub"], index_dir).removed == 1
    assert [r["doc_id"] for r in Searcher.open(index_dir).search("海淀区")["results"]] == ["a.txt"]


@pytest.mark.parametrize("locked", ["corpus", "sub"])
def test_documents_read_from_a_folder_that_cannot_be_read_now_are_kept(tmp_path, monkeypatch, locked):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text("关于甲的通知\n\n海淀区事项。", encoding="utf-8")
    (corpus / "sub" / "b.txt").write_text("关于乙的通知\n\n海淀区事项。", encoding="utf-8")
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    scandir = os.scandir

    def refusing(path):
        if Path(path).name == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    warnings: list[str] = []
    report = update_index([corpus], index_dir, warn=warnings.append)
    assert report.removed == 0 and Searcher.open(index_dir).search("海淀区")["total"] == 2
    assert len(warnings) == 1 and "cannot read the folder" in warnings[0]
    monkeypatch.setattr(os, "scandir", scandir)
    (corpus / "sub" / "b.txt").unlink()  # readable again: what is gone goes
    assert update_index([corpus], index_dir).removed == 1


def test_documents_read_through_a_link_to_a_place_not_there_now_are_kept(tmp_path):
    corpus, share = tmp_path / "corpus", tmp_path / "share"
    (share / "notices").mkdir(parents=True)
    corpus.mkdir()
    (corpus / "a.txt").write_text("关于甲的通知\n\n海淀区事项。", encoding="utf-8")
    (share / "notices" / "b.txt").write_text("关于乙的通知\n\n海淀区事项。", encoding="utf-8")
    (share / "c.txt").write_text("关于丙的通知\n\n海淀区事项。", encoding="utf-8")
    (corpus / "notices").symlink_to(share / "notices", target_is_directory=True)
    (corpus / "c.txt").symlink_to(share / "c.txt")
    index_dir = tmp_path / "index"
    assert update_index([corpus], index_dir, follow_symlinks=True).indexed == 3
    shutil.move(str(share), str(tmp_path / "unmounted"))
    (corpus / "stale.txt").symlink_to(tmp_path / "never")  # nothing was read through it: nothing to say
    warnings: list[str] = []
    report = update_index([corpus], index_dir, follow_symlinks=True, warn=warnings.append)
    assert report.removed == 0 and Searcher.open(index_dir).search("海淀区")["total"] == 3
    assert sorted(w.split(":")[0] for w in warnings) == ["c.txt", "notices"]
    assert all("which is not there" in w for w in warnings)
    (corpus / "c.txt").unlink()  # the link itself removed: its document goes
    assert update_index([corpus], index_dir, follow_symlinks=True).removed == 1


def test_a_rebuild_given_nothing_that_is_there_is_refused_and_the_index_kept(tmp_path, write_corpus):
    corpus = write_corpus({"a.txt": A, "b.txt": B})
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    for paths in ([], [tmp_path / "gone"]):
        with pytest.raises(InputPathError, match="a rebuild reads the files and folders it is given"):
            update_index(paths, index_dir, rebuild=True)
    empty = tmp_path / "mount-point"
    empty.mkdir()
    with pytest.raises(InputPathError, match="a rebuild found no file to index under .*mount-point"):
        update_index([empty], index_dir, rebuild=True)
    assert Searcher.open(index_dir).stats()["documents"] == 2


def test_a_file_given_by_a_name_that_is_not_utf8_is_indexed_updated_and_dropped_by_name(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    odd = os.fsdecode(os.fsencode(str(corpus)) + b"/\xff\xfe.txt")
    Path(odd).write_text("海淀区科技创新。")
    index_dir = tmp_path / "index"
    assert update_index([Path(odd)], index_dir).indexed == 1  # the path given is in the manifest, escaped
    assert [r["doc_id"] for r in Searcher.open(index_dir).search("科技创新")["results"]] == ["\\xff\\xfe.txt"]
    assert update_index([Path(odd)], index_dir).indexed == 0
    Path(odd).write_text("海淀区数据安全。")
    assert update_index([Path(odd)], index_dir).indexed == 1
    assert [r["doc_id"] for r in Searcher.open(index_dir).search("数据安全")["results"]] == ["\\xff\\xfe.txt"]
    os.remove(odd)
    assert update_index([Path(odd)], index_dir).removed == 1
    assert Searcher.open(index_dir).search("数据安全")["total"] == 0


def test_a_run_on_an_index_read_by_other_readers_says_to_rebuild_until_it_is_rebuilt(tmp_path, write_corpus, monkeypatch):
    corpus = write_corpus({"a.txt": A, "b.txt": B})
    index_dir = tmp_path / "index"
    warnings: list[str] = []
    update_index([corpus], index_dir, warn=warnings.append)
    update_index([corpus], index_dir, warn=warnings.append)
    assert warnings == []  # read by this code
    # An upgrade that reads files otherwise: its code differs, and not in comments and docstrings only.
    monkeypatch.setattr(readers, "readers_version", lambda: "newer-rules")
    monkeypatch.setattr(readers, "readers_meaning", lambda: "newer-meaning")
    (corpus / "c.txt").write_text(C, encoding="utf-8")
    update_index([corpus], index_dir, warn=warnings.append)
    update_index([corpus], index_dir, warn=warnings.append)  # an update reads only what changed: still mixed
    assert len(warnings) == 2 and all("--rebuild" in w and str(index_dir) in w for w in warnings)
    update_index([corpus], index_dir, rebuild=True, warn=warnings.append)
    update_index([corpus], index_dir, warn=warnings.append)
    assert len(warnings) == 2


def test_an_upgrade_that_rewords_only_comments_and_docstrings_of_the_readers_asks_for_no_rebuild(tmp_path, write_corpus,
                                                                                              monkeypatch):
    corpus = write_corpus({"a.txt": A, "b.txt": B})
    index_dir = tmp_path / "index"
    warnings: list[str] = []
    update_index([corpus], index_dir, warn=warnings.append)
    monkeypatch.setattr(readers, "readers_version", lambda: "reworded")  # other bytes, the same tokens
    (corpus / "c.txt").write_text(C, encoding="utf-8")
    update_index([corpus], index_dir, warn=warnings.append)
    assert warnings == []
    assert Searcher.open(index_dir).stats()["readers_current"]
    assert store.read_manifest(store.generations.live_generation(index_dir))["readers_version"] == "reworded"


_UPDATE_AND_SAY_IF_JIEBA_LOADED = """
import sys
from pathlib import Path
from tongwen.index.store import update_index
report = update_index([Path(sys.argv[1])], Path(sys.argv[2]))
jieba = sys.modules.get("jieba")
print(report.indexed, report.removed, bool(jieba and jieba.dt.initialized))
"""


def test_a_run_that_only_deletes_or_finds_nothing_changed_never_loads_the_segmentation_dictionary(tmp_path,
                                                                                                   write_corpus):
    # Loading jieba's dictionary is half a second: a deletion that paid it took nine times as long at 1×.
    corpus = write_corpus({"a.txt": "海淀区人民政府关于推进科技创新的通知。", "b.txt": "中关村科学城建设规划。"})
    index_dir = tmp_path / "index"

    def run() -> list[str]:
        done = subprocess.run([sys.executable, "-c", _UPDATE_AND_SAY_IF_JIEBA_LOADED, str(corpus), str(index_dir)],
                              capture_output=True, text=True, check=True)
        return done.stdout.split()

    assert run() == ["2", "0", "True"]
    assert run() == ["0", "0", "False"]
    (corpus / "b.txt").unlink()
    assert run() == ["0", "1", "False"]


def test_on_a_file_system_without_hard_links_updates_copy_the_index_say_so_and_answer_as_linked_ones_do(
        tmp_path, seeds_dir, monkeypatch):
    corpus = tmp_path / "corpus"
    _copy_of_the_seeds(corpus, seeds_dir)
    linked, copied = tmp_path / "linked", tmp_path / "copied"
    update_index([corpus], linked)
    update_index([corpus], copied)
    real_link = store.os.link

    def no_links(source, target):  # exFAT, FAT, some network shares
        raise OSError(errno.EPERM, "Operation not permitted")

    first = sorted(corpus.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + f"\n\n{MARKER}\n", encoding="utf-8")
    for step in range(2):
        assert update_index([corpus], linked).warnings == []
        monkeypatch.setattr(store.os, "link", no_links)
        report = update_index([corpus], copied)
        monkeypatch.setattr(store.os, "link", real_link)
        assert report.indexed == 1
        [warning] = report.warnings
        assert "no hard links" in warning and "MB" in warning
        (corpus / "more.txt").write_text(f"海淀区{MARKER}第二份", encoding="utf-8")
    mine, theirs = Searcher.open(copied, checksums=True), Searcher.open(linked)
    for query in ("海淀", MARKER, "中关村 科学城"):
        a, b = mine.search(query, limit=100), theirs.search(query, limit=100)
        assert a["total"] == b["total"] > 0
        assert [(r["doc_id"], r["score"]) for r in a["results"]] == [(r["doc_id"], r["score"]) for r in b["results"]]


def test_a_folder_moved_or_renamed_is_indexed_in_its_new_place_and_a_file_changed_meanwhile_is_named(
        tmp_path, seeds_dir):
    corpus = tmp_path / "policies"
    seeds = _copy_of_the_seeds(corpus, seeds_dir)
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    before = [r["doc_id"] for r in Searcher.open(index_dir).search("海淀", limit=100)["results"]]
    moved = tmp_path / "policies-2024"
    corpus.rename(moved)
    changed = moved / seeds[0].name
    changed.write_text(changed.read_text(encoding="utf-8") + f"\n\n{MARKER}\n", encoding="utf-8")

    report = update_index([moved], index_dir)
    # The moved files are read in their new place; the one changed meanwhile is not taken for the old one.
    assert (report.indexed, report.skipped) == (len(seeds) - 1, 1)
    [warning] = report.warnings
    assert warning.startswith(f"{seeds[0].name}: a document of the same id was read from {corpus}, which is not "
                              f"there any more, and this file differs from it; skipped")
    searcher = Searcher.open(index_dir)
    assert [r["doc_id"] for r in searcher.search("海淀", limit=100)["results"]] == before
    assert searcher.search(MARKER)["total"] == 0

    # The moved documents are the new folder's: a file deleted there goes.
    (moved / seeds[1].name).unlink()
    report = update_index([moved], index_dir)
    assert (report.removed, report.unchanged) == (1, len(seeds) - 2)
    assert Searcher.open(index_dir).search("海淀", limit=100)["total"] == len(before) - 1


def test_a_file_whose_id_is_taken_by_a_folder_still_there_is_skipped_even_when_it_is_the_same_file(
        tmp_path, seeds_dir):
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        _copy_of_the_seeds(folder, seeds_dir)
    index_dir = tmp_path / "index"
    update_index([first], index_dir)
    report = update_index([second], index_dir)
    assert (report.indexed, report.skipped) == (0, 5)
    assert all("comes from" in w and "common parent" in w for w in report.warnings)


def test_once_every_document_moved_with_its_folder_the_old_folder_is_forgotten(tmp_path, seeds_dir):
    corpus = tmp_path / "policies"
    _copy_of_the_seeds(corpus, seeds_dir)
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    corpus.rename(tmp_path / "renamed")
    assert update_index([tmp_path / "renamed"], index_dir).warnings == []
    # A run without a path refreshes the folders the index holds: the new one only.
    done = CliRunner().invoke(cli, ["index", "--index", str(index_dir)])
    assert done.exit_code == 0, done.output
    assert "unchanged 5" in done.output
