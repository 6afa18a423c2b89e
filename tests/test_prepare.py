"""Turning a file into index records: tokens grouped by passage, and the literal view of the same text."""

from __future__ import annotations

import bisect

from hypothesis import given
from hypothesis import strategies as st

from tongwen.index.analysis import Token, normalize
from tongwen.index.literal import LiteralIndex, LiteralPart, document_passages
from tongwen.index.prepare import _bucket, prepare_document


@given(st.lists(st.integers(0, 200), min_size=1, max_size=8, unique=True),
       st.lists(st.tuples(st.integers(0, 220), st.integers(1, 4)), max_size=60))
def test_tokens_go_to_the_passage_they_start_in(starts, spans):
    starts.sort()
    tokens = sorted((Token(f"w{s}", s, s + n, "han") for s, n in spans), key=lambda t: (t.start, t.end))
    expected = [[] for _ in starts]
    for tok in tokens:
        i = bisect.bisect_right(starts, tok.start) - 1
        if i >= 0:
            expected[i].append(tok.text)
    assert _bucket(tokens, starts, len(starts)) == expected


def test_a_prepared_document_carries_the_literal_part_of_its_passages(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("海淀區科技園\n\n中關村科學城建設。\n\n人工智能產業發展\n", encoding="utf-8")
    prepared = prepare_document(str(tmp_path), "a.txt", str(path), "hash")
    spans = [(p.start, p.end) for p in prepared.passages]
    text = prepared.document.text
    again = LiteralPart.encode(*document_passages(normalize(text), text, spans))
    assert prepared.literal.codes.tolist() == again.codes.tolist()
    index = LiteralIndex.from_parts([prepared.literal])
    assert len(index.occurrences("中关村科学城")) == 1
