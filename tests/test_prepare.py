"""Turning a file into index records: tokens grouped by passage, the literal view of the same text, its script."""

from __future__ import annotations

import bisect

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tongwen.index.analysis import normalize
from tongwen.index.literal import LiteralIndex, LiteralPart, document_passages
from tongwen.index.errors import UnreadableFile
from tongwen.index.prepare import prepare_document
from tongwen.index.script_detect import script_of, vocabulary_of


def _whole_document_bodies(text: str, passages) -> list[list[str]]:
    """The words of the whole text, each given to the passage it starts in (what analysis per passage replaces)."""
    from tongwen.index.analysis import latin, segment

    starts = [p.start for p in passages]
    out: list[list[str]] = [[] for _ in passages]
    for token in latin.fold_and_stem(segment.words(normalize(text), "index")):
        i = bisect.bisect_right(starts, token.start) - 1
        if i >= 0:
            out[i].append(token.text)
    return out


def test_each_passage_is_analyzed_as_the_whole_document_would_be(seeds_dir, tmp_path):
    for seed in sorted(seeds_dir.glob("*.txt")):
        prepared = prepare_document(str(seeds_dir), seed.name, str(seed), "hash")
        assert list(prepared.bodies()) == _whole_document_bodies(prepared.document.text, prepared.passages), seed.name


@given(st.text(alphabet="中關村科學城海淀區RISC-V 5G第12條。，\n", min_size=1, max_size=300))
def test_per_passage_words_equal_whole_text_words_for_any_text(text):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.txt"
        path.write_text(text, encoding="utf-8")
        try:
            prepared = prepare_document(tmp, "a.txt", str(path), "hash")
        except UnreadableFile:  # an empty text is skipped; nothing to compare
            return
        assert list(prepared.bodies()) == _whole_document_bodies(prepared.document.text, prepared.passages)


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


@pytest.mark.parametrize("text, script, neutral", [
    ("播放影片。", "hans", True),  # no character particular to either script
    ("加強資料安全", "hant", False),
    ("加强数据安全", "hans", False),
    ("GDP 5G", "latin", False),
    ("中国与中國" * 3, "mixed", False),
])
def test_a_text_s_script_and_whether_both_scripts_would_write_it_so(text, script, neutral):
    assert script_of(text) == (script, neutral)


@pytest.mark.parametrize("text, side", [
    ("推動軟體產業與資訊安全、網路建設及人工智慧發展", "hant"),  # Taiwan's words, in Traditional
    ("推动软体产业与资讯安全、网路建设及人工智慧发展", "hant"),  # Taiwan's words put into Simplified
    ("推動軟件產業與信息安全、網絡建設及人工智能發展", "hans"),  # the mainland's, put into Traditional
    ("推动软件产业与信息安全、网络建设及人工智能发展", "hans"),
    ("加强数据安全，完善资料管理", None),  # 数据 and 资料: words both sides use, no marker
    ("推动软件产业发展", None),  # one marker is too few to tell
    ("软件、信息、网络与资讯、软体", None),  # both sides' words: neither four times the other's
])
def test_whose_words_a_text_writes_is_told_by_words_each_side_writes_its_own_way(text, side):
    assert vocabulary_of(normalize(text).text) == side


def test_a_mainland_text_put_into_traditional_records_the_mainland_s_vocabulary_and_a_taiwan_text_none(tmp_path):
    mainland = tmp_path / "cn.txt"
    mainland.write_text("推動軟件產業與信息安全、網絡建設及人工智能發展。\n", encoding="utf-8")
    taiwan = tmp_path / "tw.txt"
    taiwan.write_text("推動軟體產業與資訊安全、網路建設及人工智慧發展。\n", encoding="utf-8")
    cn = prepare_document(str(tmp_path), "cn.txt", str(mainland), "hash")
    tw = prepare_document(str(tmp_path), "tw.txt", str(taiwan), "hash")
    assert (cn.script, cn.summary().get("vocabulary")) == ("hant", "hans")
    assert (tw.script, "vocabulary" in tw.summary()) == ("hant", False)  # its script's own side: nothing to say
