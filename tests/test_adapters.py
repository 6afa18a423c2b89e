"""The adapters over Whoosh's internals: a compound segment's parts are read where they are mapped, postings are
decoded a block at a time."""

from __future__ import annotations

import pickle

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from whoosh import index as whoosh_index
from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile

from tongwen.index.adapters import MappedBufferFile, posting_arrays
from tongwen.index.schema import make_schema
from tongwen.index.segment_writer import POSTING_BLOCK, FastSegmentWriter
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


def test_posting_arrays_decode_every_term_as_whoosh_s_own_matcher_does(tmp_path):
    ix = whoosh_index.create_in(str(tmp_path), make_schema())
    writer = FastSegmentWriter(ix)
    for n in range(3 * POSTING_BLOCK + 50):
        # 的 in every passage (several blocks), 海淀 in some with frequencies of several sizes, one word each.
        body = ["的"] + ["海淀"] * (n % 4) + [f"w{n}"]
        writer.add_document(kind="passage", doc_id=f"d{n // 5}.txt", body=body)
    writer.commit()
    reader = whoosh_index.open_dir(str(tmp_path)).reader()
    fmt = reader.schema["body"].format
    terms = [t for _, t in zip(range(400), reader.lexicon("body"))]
    assert any(reader.doc_frequency("body", t.decode()) == 1 for t in terms)  # inline postings are covered too
    common = max(reader.lexicon("body"), key=lambda t: reader.doc_frequency("body", t.decode()))
    assert len(list(posting_arrays(reader, "body", common, fmt))) > 1  # and postings over several blocks
    for tbytes in terms + [common]:
        matcher = reader.postings("body", tbytes.decode())
        want_ids, want_weights = [], []
        while matcher.is_active():
            want_ids.append(matcher.id())
            want_weights.append(matcher.weight())
            matcher.next()
        blocks = list(posting_arrays(reader, "body", tbytes, fmt))
        assert np.concatenate([ids for ids, _ in blocks]).tolist() == want_ids
        assert np.concatenate([w for _, w in blocks]).tolist() == want_weights
        wanted = want_ids[:: max(1, len(want_ids) // 3)]
        kept = np.concatenate([ids for ids, _ in posting_arrays(reader, "body", tbytes, fmt, wanted=wanted)])
        assert set(wanted) <= set(kept.tolist())
