"""The adapters over Whoosh's internals: a compound segment's parts are read where they are mapped."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st
from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile

from tongwen.index.adapters import MappedBufferFile
from tongwen.search.searcher import Searcher


_OPS = st.lists(st.one_of(
    st.tuples(st.just("seek"), st.integers(0, 300), st.sampled_from([0, 1, 2])),
    st.tuples(st.just("read"), st.integers(-1, 80)),
    st.tuples(st.just("readline")),
    st.tuples(st.just("get"), st.integers(0, 250), st.integers(0, 60)),
    st.tuples(st.just("int")),
), max_size=25)


@given(st.binary(max_size=256), _OPS)
def test_a_mapped_part_reads_exactly_as_whoosh_s_copied_part_does(data, ops):
    view = memoryview(bytearray(data))
    ours, theirs = MappedBufferFile(view, name="part"), BufferFile(view, name="part")
    for op in ops:
        results = []
        for f in (ours, theirs):
            try:
                if op[0] == "seek":
                    position = op[1] if op[2] == 0 else (op[1] - 150 if op[2] == 1 else -min(op[1], len(data)))
                    f.seek(max(position, 0) if op[2] == 0 else position, op[2])
                    results.append(f.tell())
                elif op[0] == "read":
                    results.append(f.read(op[1]))
                elif op[0] == "readline":
                    results.append(f.readline())
                elif op[0] == "get":
                    results.append(f.get(op[1], op[2]))
                else:
                    results.append(f.read_int())
            except Exception as error:  # both must fail alike
                results.append(type(error).__name__)
        assert results[0] == results[1], op


def test_a_pickled_record_is_read_from_a_mapped_part():
    data = b"\x00" * 7 + pickle.dumps({"a": [1, 2, 3]})
    part = MappedBufferFile(memoryview(data), name="part")
    part.seek(7)
    assert part.read_pickle() == {"a": [1, 2, 3]}


def test_an_opened_index_reads_its_segments_through_the_mapping(seed_searcher: Searcher):
    assert compound.BufferFile is MappedBufferFile
    assert seed_searcher.search("中关村")["total"] > 0
