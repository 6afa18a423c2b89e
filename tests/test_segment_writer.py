"""The segment writers write what Whoosh's own writer writes, posting by posting."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from array import array

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.writing import SegmentWriter

from tongwen.index.adapters import _blocks, posting_arrays
from tongwen.index.schema import make_schema
from tongwen.index.segment_writer import (
    POSTING_BLOCK,
    FastSegmentWriter,
    MergingSegmentWriter,
    WorkerSegmentWriter,
    commit_segments,
    posting_codec,
    quantized_length,
)

WORDS = ["海淀", "中关村", "科学城", "软件", "gdp", "risc-v", "5g", "的", "和", "人工智能", "集成电路", "园区"]


def _records(bodies: list[list[str]]) -> list[dict]:
    records = []
    for n, body in enumerate(bodies):
        doc_id = f"doc{n // 3}.txt"
        if n % 3 == 0:
            records.append({"kind": "doc", "doc_id": doc_id, "payload": {"title": doc_id, "n": n}})
        records.append({"kind": "passage", "doc_id": doc_id, "body": body})
    return records


def _stock(folder: Path, records: list[dict]):
    ix = whoosh_index.create_in(str(folder), make_schema())
    writer = SegmentWriter(ix, codec=posting_codec())  # Whoosh's own writer, with the blocks an index uses
    for record in records:
        writer.add_document(**record)
    writer.commit()
    return whoosh_index.open_dir(str(folder))


def _worker(folder: Path, records: list[dict]):
    ix = whoosh_index.create_in(str(folder), make_schema())
    writer = WorkerSegmentWriter(ix, limitmb=16)
    for record in records:
        writer.add_document(**record)
    segment = writer.finish()
    commit_segments(FastSegmentWriter(ix), [segment])
    return whoosh_index.open_dir(str(folder))


def _contents(ix) -> dict:
    """Everything a reader can tell about an index: terms with their statistics and postings, fields, lengths."""
    with ix.reader() as reader:
        terms = {}
        for field, text in reader.all_terms():
            info = reader.term_info(field, text)
            matcher = reader.postings(field, text)
            postings = []
            while matcher.is_active():
                postings.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            terms[(field, text)] = (info.is_inlined() or info.extent(), info.doc_frequency(), info.weight(), info.min_length(),
                                    info.max_length(), info.max_weight(), postings)
        stored = list(reader.all_stored_fields())
        lengths = [reader.doc_field_length(d, "body") for d in range(reader.doc_count_all())]
        return {"terms": terms, "stored": stored, "lengths": lengths, "total": reader.field_length("body")}


def _same_as_stock(bodies: list[list[str]]) -> None:
    records = _records(bodies)
    root = Path(tempfile.mkdtemp())
    try:
        (root / "a").mkdir()
        (root / "b").mkdir()
        assert _contents(_worker(root / "b", records)) == _contents(_stock(root / "a", records))
    finally:
        shutil.rmtree(root)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=40), min_size=1, max_size=60))
def test_a_worker_segment_holds_exactly_the_postings_whoosh_writes(bodies):
    _same_as_stock(bodies)


def test_posting_lists_longer_than_a_block_are_written_block_by_block_as_whoosh_does():
    # Passages past several blocks' worth make terms of several blocks, and lengths of many sizes.
    bodies = [[WORDS[(n * k) % len(WORDS)] for k in range(n % 97 + 1)] for n in range(3 * POSTING_BLOCK + 100)]
    _same_as_stock(bodies)


def test_blocks_written_as_arrays_hold_the_numbers_whooshs_own_tuples_hold_and_read_alike():
    # Whoosh's stock codec pickles tuples; the index's pickles arrays of the same numbers (long blocks only).
    bodies = [[WORDS[(n * k) % len(WORDS)] for k in range(n % 97 + 1)] for n in range(3 * POSTING_BLOCK + 100)]
    records = _records(bodies)
    root = Path(tempfile.mkdtemp())
    try:
        ix = whoosh_index.create_in(str(root), make_schema())
        writer = SegmentWriter(ix, codec=W3Codec(blocklimit=POSTING_BLOCK))
        for record in records:
            writer.add_document(**record)
        writer.commit()
        (root / "ours").mkdir()
        stock, ours = whoosh_index.open_dir(str(root)), _worker(root / "ours", records)

        def without_extents(ix) -> dict:
            found = _contents(ix)
            found["terms"] = {term: info[1:] for term, info in found["terms"].items()}
            return found

        assert without_extents(ours) == without_extents(stock)
        fmt = make_schema()["body"].format
        arrays = 0
        with stock.reader() as a, ours.reader() as b:
            for field, text in b.all_terms():
                if field != "body":
                    continue
                read = [list(posting_arrays(r, "body", text, fmt)) for r in (a, b)]
                assert [(ids.tolist(), w.tolist()) for ids, w in read[0]] == [(ids.tolist(), w.tolist())
                                                                             for ids, w in read[1]]
                for matcher in _blocks(b, "body", text, fmt, None, None):
                    if hasattr(matcher, "_next_block"):
                        matcher._read_data()
                        arrays += isinstance(matcher._data[0], array)
        assert arrays >= 3  # long terms' blocks were written as arrays, and read as Whoosh reads tuples
        # Each segment records Whoosh's own codec, which reads them: any Whoosh 2.7 reader opens the index.
        assert [type(seg.codec()) for seg in ours._segments()] == [W3Codec]
    finally:
        shutil.rmtree(root)


def test_an_empty_word_list_and_a_single_string_are_indexed_as_whoosh_indexes_them():
    _same_as_stock([[], ["海淀"], [], ["海淀", "海淀"]])


def _segments_of(folder: Path, groups: list[list[dict]], deleted: set[str]):
    """An index of one committed segment per group of records, with the documents in ``deleted`` deleted."""
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), make_schema())
    segments = []
    for records in groups:
        writer = WorkerSegmentWriter(ix, limitmb=16)
        for record in records:
            writer.add_document(**record)
        segments.append(writer.finish())
    commit_segments(FastSegmentWriter(ix), segments)
    if deleted:
        writer = FastSegmentWriter(whoosh_index.open_dir(str(folder)))
        for doc_id in sorted(deleted):
            writer.delete_by_term("doc_id", doc_id)
        commit_segments(writer, list(writer.segments))
    return whoosh_index.open_dir(str(folder))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(groups=st.lists(st.lists(st.lists(st.sampled_from(WORDS), max_size=30), min_size=1, max_size=25),
                       min_size=1, max_size=4),
       delete=st.sets(st.integers(0, 8), max_size=4))
def test_a_merged_segment_holds_what_whoosh_merging_the_same_segments_writes_and_the_exact_word_count(groups, delete):
    root = Path(tempfile.mkdtemp())
    try:
        record_groups = [[{**r, "doc_id": f"g{g}-{r['doc_id']}"} for r in _records(bodies)]
                         for g, bodies in enumerate(groups)]
        deleted = {r["doc_id"] for records in record_groups for r in records
                   if int(r["doc_id"].split("doc")[1].split(".")[0]) in delete}
        results = []
        for name, merge in (("stock", _stock_merge), ("fast", _fast_merge)):
            ix = _segments_of(root / name, record_groups, deleted)
            merge(ix)
            results.append(_contents(whoosh_index.open_dir(str(root / name))))
        # Whoosh's merge totals the lengths as it stored them, rounded past ten words; this one keeps the sources'
        # exact totals, less what is known of the deleted documents' lengths (as stored).
        bodies = [(r["doc_id"] in deleted, len(r["body"])) for records in record_groups for r in records
                  if r["kind"] == "passage"]
        assert results[1].pop("total") == sum(n for _, n in bodies) - sum(quantized_length(n) for gone, n in bodies
                                                                          if gone)
        results[0].pop("total")
        assert results[0] == results[1]
    finally:
        shutil.rmtree(root)


def _stock_merge(ix) -> None:
    writer = SegmentWriter(ix, codec=posting_codec())  # Whoosh's own writer, with the blocks an index uses
    writer.commit(optimize=True)


def _fast_merge(ix) -> None:
    writer = FastSegmentWriter(ix)
    merger = MergingSegmentWriter(ix, limitmb=16)
    for seg in writer.segments:
        merger.add_segment(seg)
    commit_segments(writer, [merger.finish()])
