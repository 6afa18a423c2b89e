"""The segment writers write what Whoosh's own writer writes, posting by posting."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from tongwen.index.schema import make_schema
from tongwen.index.segment_writer import FastSegmentWriter, WorkerSegmentWriter, commit_segments

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
    writer = SegmentWriter(ix)
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
    # Whoosh writes 128 postings per block: 700 passages make terms of several blocks, and lengths of many sizes.
    bodies = [[WORDS[(n * k) % len(WORDS)] for k in range(n % 97 + 1)] for n in range(700)]
    _same_as_stock(bodies)


def test_an_empty_word_list_and_a_single_string_are_indexed_as_whoosh_indexes_them():
    _same_as_stock([[], ["海淀"], [], ["海淀", "海淀"]])
