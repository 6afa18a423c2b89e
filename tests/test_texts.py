"""Stored texts: blocks of code points, compressed, read back a range at a time; tables of labels."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tongwen.index import texts
from tongwen.index.texts import (BLOCK_CHARS, StringTable, TextStore, TextWriter, block_count, copy_blocks,
                                 copy_strings, write_strings)

TEXT = st.text(alphabet=st.sampled_from("海淀區中关村A1 \n。😀\u00ad"), max_size=3 * BLOCK_CHARS + 5)


@settings(max_examples=40, deadline=None)
@given(documents=st.lists(TEXT, min_size=1, max_size=4), data=st.data())
def test_any_range_of_any_stored_text_reads_back_as_the_same_slice(tmp_path_factory, documents, data):
    folder = tmp_path_factory.mktemp("texts")
    writer = TextWriter()
    firsts = [writer.add(text) for text in documents]
    writer.write(folder)
    store = TextStore(folder)
    for first, text in zip(firsts, documents):
        assert store.read(first, len(text)) == text
        start = data.draw(st.integers(-2, len(text) + 2), label="start")
        end = data.draw(st.integers(-2, len(text) + BLOCK_CHARS), label="end")
        assert store.read(first, len(text), start, end) == text[max(start, 0) : max(end, 0)]


def test_a_document_starts_a_block_and_takes_as_many_as_its_length_needs(tmp_path):
    writer = TextWriter()
    assert [writer.add(t) for t in ["", "甲" * BLOCK_CHARS, "乙" * (BLOCK_CHARS + 1), "丙"]] == [0, 0, 1, 3]
    assert [block_count(n) for n in (0, 1, BLOCK_CHARS, BLOCK_CHARS + 1)] == [0, 1, 1, 2]


def test_a_range_inside_one_block_decompresses_that_block_only(tmp_path, monkeypatch):
    writer = TextWriter()
    text = "".join(chr(0x4E00 + k % 500) for k in range(3 * BLOCK_CHARS))
    writer.add(text)
    writer.write(tmp_path)
    store = TextStore(tmp_path)
    calls = []
    real = texts.zlib.decompress
    monkeypatch.setattr(texts.zlib, "decompress", lambda data: calls.append(1) or real(data))
    assert store.read(0, len(text), BLOCK_CHARS + 10, BLOCK_CHARS + 300) == text[BLOCK_CHARS + 10 : BLOCK_CHARS + 300]
    assert len(calls) == 1
    assert store.read(0, len(text), BLOCK_CHARS + 400, 2 * BLOCK_CHARS) == text[BLOCK_CHARS + 400 : 2 * BLOCK_CHARS]
    assert len(calls) == 1  # the block just read is kept


def test_copied_blocks_read_back_as_the_texts_they_were(tmp_path):
    sources = []
    for name, documents in (("a", ["海淀" * 3000, "", "中关村"]), ("b", ["科学城" * 2000])):
        folder = tmp_path / name
        folder.mkdir()
        writer = TextWriter()
        firsts = [writer.add(t) for t in documents]
        writer.write(folder)
        sources.append((TextStore(folder), documents, firsts))
    merged = tmp_path / "merged"
    merged.mkdir()
    keep = [(sources[0][0], [(sources[0][2][0], len(sources[0][1][0])), (sources[0][2][2], 3)]),
            (sources[1][0], [(sources[1][2][0], len(sources[1][1][0]))])]
    firsts = copy_blocks(keep, merged)
    store = TextStore(merged)
    wanted = ["海淀" * 3000, "中关村", "科学城" * 2000]
    assert [store.read(first, len(t)) for first, t in zip(firsts, wanted)] == wanted


def test_a_string_table_reads_back_its_strings_and_a_copy_keeps_only_those_used(tmp_path):
    first, second, merged = tmp_path / "a", tmp_path / "b", tmp_path / "m"
    for folder in (first, second, merged):
        folder.mkdir()
    write_strings(first, "labels", ["第一章 總則 › 第一條", "", "第二条"])
    write_strings(second, "labels", ["第二条", "附则"])
    a, b = StringTable(first, "labels"), StringTable(second, "labels")
    assert [a[k] for k in range(len(a))] == ["第一章 總則 › 第一條", "", "第二条"]
    renumbered = copy_strings([(a, np.array([0, 2])), (b, np.array([1]))], merged, "labels")
    table = StringTable(merged, "labels")
    assert [table[k] for k in range(len(table))] == ["第一章 總則 › 第一條", "第二条", "附则"]
    assert renumbered[0].tolist() == [0, -1, 1] and renumbered[1].tolist() == [-1, 2]
