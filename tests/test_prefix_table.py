"""The dictionary table a searcher maps instead of loading jieba's dictionary (``index/analysis/prefix_table.py``)."""

from __future__ import annotations

import json
import marshal
import os
import random
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongwen.index import import_jieba
from tongwen.index.analysis import prefix_table

jieba = import_jieba()


@pytest.fixture(scope="module")
def whole_and_table(tmp_path_factory):
    """jieba's own dictionary (a copy) and a table written from it."""
    dt = jieba.Tokenizer()
    dt.initialize()
    path = tmp_path_factory.mktemp("table") / "t.table"
    prefix_table.write_table(path, dt.FREQ, dt.total, ["某某"])
    return dt.FREQ, dt.total, prefix_table.PrefixTable(path)


def test_the_table_answers_every_word_and_prefix_as_jieba_s_dictionary_does(whole_and_table):
    freq, total, table = whole_and_table
    assert (table.total, table.force_split) == (total, ["某某"])
    keys = random.Random(5).sample(sorted(freq), 30_000)
    assert [table.get(k) for k in keys] == [freq[k] for k in keys]
    assert all(k in table for k in keys)
    assert [table[k] for k in keys[:100]] == [freq[k] for k in keys[:100]]
    for absent in ("", "\x00", "中关村科学城海淀园区政策", "zzzz", "\ud800"):
        assert (absent in table, table.get(absent, -1)) == (absent in freq, freq.get(absent, -1))
    with pytest.raises(KeyError):
        table["中关村科学城海淀园区政策"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="中关村科学城海淀区经济社会发展的人民政府规划和信息技术软件网络a1 ", max_size=6))
def test_the_table_and_jieba_s_dictionary_agree_on_any_string(whole_and_table, text):
    freq, _total, table = whole_and_table
    assert (text in table) == (text in freq)
    assert table.get(text, -1) == freq.get(text, -1)


def test_an_entry_added_in_the_process_is_answered_beside_the_file_s(whole_and_table):
    freq, _total, table = whole_and_table
    table["同文检索引擎"] = 7
    assert table.get("同文检索引擎") == 7 and "同文检索引擎" in table
    assert table.get("海淀") == freq["海淀"]


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty", "foreign"])
def test_a_table_that_is_not_whole_is_refused(whole_and_table, tmp_path, damage):
    freq, total, _table = whole_and_table
    path = tmp_path / "t.table"
    prefix_table.write_table(path, {k: freq[k] for k in list(freq)[:5000]}, total, [])
    data = bytearray(path.read_bytes())
    if damage == "truncate":
        data = data[: len(data) - 100]
    elif damage == "flip":
        data[-50] ^= 0xFF
    elif damage == "empty":
        data = bytearray()
    else:
        data = bytearray(b"MZ" + bytes(200))
    path.write_bytes(bytes(data))
    with pytest.raises(ValueError):
        prefix_table.PrefixTable(path)


# A fresh process: prepares jieba as a searcher does, or as a writer after a searcher, and cuts queries.
_CUTS = """
import json, sys
from tongwen.index.analysis import WORDS, segment, words
WORDS.prepare(for_queries=True)
modes = [segment.loaded()]
if sys.argv[1] == "then-index":
    WORDS.prepare()
    modes.append(segment.loaded())
texts = ["中关村科学城的软件和信息技术服务业", "海淀区经济社会发展第十四个五年规划", "集成电路设计企业7578家",
         "軟體與網路資訊", "全国人民代表大会常务委员会关于修改的决定", "北京市海淀区人民政府"]
cuts = [[(t.text, t.start, t.end) for t in words(x, "query")] for x in texts]
cuts += [[(t.text, t.start, t.end) for t in words(x, "index")] for x in texts]
print(json.dumps({"modes": modes, "cuts": cuts}, ensure_ascii=False))
"""


def _cut_in_a_fresh_process(cache, then: str = "") -> dict:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    done = subprocess.run([sys.executable, "-c", _CUTS, then], capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout)


def _tables(cache) -> list:
    return sorted((cache / "tongwen").glob("*.table")) if (cache / "tongwen").is_dir() else []


def test_a_searcher_maps_the_taught_dictionary_written_by_the_first_and_cuts_as_the_whole_dictionary_does(tmp_path):
    first = _cut_in_a_fresh_process(tmp_path)
    assert first["modes"] == ["whole"] and len(_tables(tmp_path)) == 1
    second = _cut_in_a_fresh_process(tmp_path)
    assert second["modes"] == ["table"]
    assert second["cuts"] == first["cuts"]
    # The vocabulary is in the table: its domain words are cut whole.
    assert ["中关村科学城", 0, 6] in first["cuts"][0]


def test_a_process_that_mapped_the_table_segments_documents_with_the_whole_dictionary(tmp_path):
    first = _cut_in_a_fresh_process(tmp_path)
    then = _cut_in_a_fresh_process(tmp_path, "then-index")
    assert then["modes"] == ["table", "whole"]
    assert then["cuts"] == first["cuts"]


def test_a_damaged_table_is_not_used_and_is_written_again(tmp_path):
    first = _cut_in_a_fresh_process(tmp_path)
    [table] = _tables(tmp_path)
    data = bytearray(table.read_bytes())
    data[len(data) // 2] ^= 0xFF
    table.write_bytes(bytes(data))
    again = _cut_in_a_fresh_process(tmp_path)
    assert again["modes"] == ["whole"] and again["cuts"] == first["cuts"]
    prefix_table.PrefixTable(table)  # whole again
    assert _cut_in_a_fresh_process(tmp_path)["modes"] == ["table"]


def test_a_cache_folder_that_cannot_be_written_leaves_the_dictionary_loaded_whole(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    first = _cut_in_a_fresh_process(blocked)
    assert first["modes"] == ["whole"] and first["cuts"] == _cut_in_a_fresh_process(tmp_path / "c")["cuts"]
    assert _cut_in_a_fresh_process(blocked)["modes"] == ["whole"]


def test_a_relative_cache_path_is_ignored_and_without_a_home_folder_no_table_is_written_anywhere(tmp_path):
    def run(home: str) -> list:
        env = {"PATH": os.environ.get("PATH", ""), "XDG_CACHE_HOME": "relative-cache", "HOME": home}
        done = subprocess.run([sys.executable, "-c", _CUTS, ""], capture_output=True, text=True, env=env,
                              cwd=tmp_path, check=True)
        return json.loads(done.stdout)["modes"]

    assert run("") == ["whole"]
    assert list(tmp_path.iterdir()) == []
    home = tmp_path / "home"
    assert run(str(home)) == ["whole"] and run(str(home)) == ["table"]
    assert list(tmp_path.iterdir()) == [home] and len(_tables(home / ".cache")) == 1


def _plant_jieba_cache(folder) -> bytes:
    """A made-up jieba cache where another user could leave one: 淀区人 a word, 海淀区 none."""
    planted = marshal.dumps(({"淀区人": 10**9, "海": 1, "淀": 1, "区": 1, "人": 1, "淀区": 1}, 10**9))
    (folder / "jieba.cache").write_bytes(planted)
    return planted


def test_jieba_s_cache_is_kept_in_the_user_s_own_folder_and_one_left_in_the_shared_temporary_folder_is_never_read(
        tmp_path):
    shared = tmp_path / "tmp"
    shared.mkdir()
    planted = _plant_jieba_cache(shared)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "TMPDIR": str(shared)}
    done = subprocess.run([sys.executable, "-c", _CUTS, "then-index"], capture_output=True, text=True, env=env,
                          check=True)
    assert json.loads(done.stdout)["cuts"] == _cut_in_a_fresh_process(tmp_path / "clean")["cuts"]
    assert "Traceback" not in done.stderr
    assert (tmp_path / "cache" / "tongwen" / "jieba.cache").is_file()
    assert (shared / "jieba.cache").read_bytes() == planted


def test_without_a_home_folder_jieba_s_cache_goes_to_a_folder_of_the_process_s_own_removed_at_exit(tmp_path):
    shared = tmp_path / "tmp"
    shared.mkdir()
    _plant_jieba_cache(shared)
    env = {"PATH": os.environ.get("PATH", ""), "HOME": "", "TMPDIR": str(shared)}
    done = subprocess.run([sys.executable, "-c", _CUTS, ""], capture_output=True, text=True, env=env, check=True)
    assert json.loads(done.stdout)["cuts"] == _cut_in_a_fresh_process(tmp_path / "clean")["cuts"]
    assert [p.name for p in shared.iterdir()] == ["jieba.cache"]


def test_a_cache_folder_others_may_write_in_is_not_the_user_s_own(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert prefix_table.private_folder() == tmp_path / "tongwen"
    assert (tmp_path / "tongwen").stat().st_mode & 0o777 == 0o700
    (tmp_path / "tongwen").chmod(0o777)
    assert prefix_table.private_folder() is None


def test_a_table_in_a_folder_others_may_write_in_is_never_read(tmp_path):
    assert _cut_in_a_fresh_process(tmp_path)["modes"] == ["whole"] and len(_tables(tmp_path)) == 1
    (tmp_path / "tongwen").chmod(0o777)
    assert _cut_in_a_fresh_process(tmp_path)["modes"] == ["whole"]
    (tmp_path / "tongwen").chmod(0o700)
    assert _cut_in_a_fresh_process(tmp_path)["modes"] == ["table"]
