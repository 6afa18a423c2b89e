"""The slides reader: every slide's text in presentation order, slide titles as sections, tables as rows."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongwen.index.errors import UnreadableFile
from tongwen.index.readers import read_document
from tongwen.index.readers.slides import read_ppt, read_pptx
from tests.fixtures_formats import (
    AGENCY,
    BRIEFING_TITLE,
    DATE_LINE,
    GOAL,
    briefing_ppt,
    briefing_pptx,
    _compound_file,
    garbled_package,
    read_or_refused,
    repackaged,
)


@pytest.fixture
def deck(tmp_path):
    return read_document(briefing_pptx(tmp_path / "解读.pptx"))


def test_the_slides_read_in_the_order_the_presentation_shows_them_with_tables_as_rows_and_smartart_text(deck):
    assert deck.text == "\n\n".join((
        BRIEFING_TITLE, AGENCY, DATE_LINE, "一、总体目标", GOAL, "RISC-V与5G", "原始创新", "成果转化", "二、重点任务",
        "序号 | 任务 | 责任单位", "1 | 共建新型研发机构 | 区科委",
    ))
    assert deck.format == "pptx"
    assert "讲稿备注" not in deck.text  # speaker notes are not read


# Golden table: the deck's title and outline, and what its metadata says.
def test_the_cover_title_is_the_title_and_each_slide_title_a_section(deck):
    assert deck.title == BRIEFING_TITLE
    assert [(h.level, h.text) for h in deck.headings] == [(1, BRIEFING_TITLE), (1, "一、总体目标"), (1, "二、重点任务")]
    assert deck.meta.get("agency") == AGENCY and deck.meta.get("date") == "2016-11-17"


def test_relationship_targets_from_the_package_root_name_the_same_slides(tmp_path, deck):
    path = briefing_pptx(tmp_path / "abs.pptx")
    absolute = repackaged(path, tmp_path / "absolute.pptx", {"ppt/_rels/presentation.xml.rels": lambda rels: rels.replace(
        b'Target="slides/', b'Target="/ppt/slides/')})
    assert read_document(absolute).text == deck.text


def test_a_package_without_slides_or_text_is_unreadable_saying_why(tmp_path):
    with pytest.raises(UnreadableFile, match="not a readable presentation"):
        read_pptx(Path("x.pptx"), b"PK\x03\x04 not a zip")
    empty = tmp_path / "empty.pptx"
    with zipfile.ZipFile(empty, "w") as package:
        package.writestr("ppt/presentation.xml", "<p:presentation xmlns:p='x'/>")
    with pytest.raises(UnreadableFile, match="empty.pptx: empty: no text on its slides"):
        read_document(empty)


def test_a_powerpoint_97_deck_reads_its_slides_without_masters_prompts_notes_or_field_stand_ins(tmp_path):
    deck = read_document(briefing_ppt(tmp_path / "解读.ppt"))
    assert deck.text == "\n\n".join((BRIEFING_TITLE, AGENCY, DATE_LINE, "一、总体目标", GOAL, "RISC-V and 5G"))
    assert deck.title == BRIEFING_TITLE and deck.format == "ppt"
    assert [(h.level, h.text) for h in deck.headings] == [(1, BRIEFING_TITLE), (1, "一、总体目标")]


def test_a_powerpoint_97_file_without_its_stream_or_with_damaged_records_is_unreadable_or_read_never_a_crash(
        tmp_path):
    with pytest.raises(UnreadableFile, match="not a PowerPoint 97–2003 presentation"):
        read_ppt(Path("x.ppt"), _compound_file({"Workbook": b"\0" * 64}))
    good = briefing_ppt(tmp_path / "d.ppt").read_bytes()
    for cut in range(0, len(good), 997):
        try:
            read_ppt(Path("x.ppt"), good[:cut] + bytes(reversed(good[cut:cut + 40])) + good[cut + 40:])
        except UnreadableFile:
            pass


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_garbled_slide_parts_give_unreadable_file_or_text_never_a_crash(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("pptx")
    document = read_or_refused(lambda: read_document(garbled_package(briefing_pptx(folder / "d.pptx"), folder / "x.pptx", data)))
    assert document is None or isinstance(document.text, str)


@pytest.mark.parametrize("suffix", [".pptm", ".ppsx", ".ppsm", ".potx", ".potm", ".pps", ".pot", ".dps", ".dpt"])
def test_shows_templates_and_wps_decks_read_as_the_format_they_are_saved_in(tmp_path, suffix):
    make = briefing_ppt if suffix in (".pps", ".pot", ".dps", ".dpt") else briefing_pptx
    original = make(tmp_path / ("deck.ppt" if make is briefing_ppt else "deck.pptx"))
    copy = tmp_path / f"deck{suffix}"
    copy.write_bytes(original.read_bytes())
    assert read_document(copy).text == read_document(original).text
