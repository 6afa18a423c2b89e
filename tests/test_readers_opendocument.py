"""The OpenDocument reader: text, spreadsheets and slides from content.xml, title and author from meta.xml."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongwen.index.errors import UnreadableFile
from tongwen.index.readers import read_document
from tongwen.index.readers.opendocument import MAX_REPEAT, read_opendocument
from tests.fixtures_formats import (
    AGENCY,
    DATE_LINE,
    GOAL,
    NUMBER,
    TITLE,
    garbled_package,
    opendocument,
    policy_odt,
    read_or_refused,
)


def test_a_text_reads_its_paragraphs_headings_and_table_without_notes(tmp_path):
    document = read_document(policy_odt(tmp_path / "notice.odt"))
    assert document.text == "\n\n".join((
        TITLE, NUMBER, "一、总体目标", GOAL, "（一）强化原始创新", "RISC-V 与 5G",
        "序号 | 任务 | 责任单位", "1 | 共建新型研发机构 | 区科委", AGENCY, DATE_LINE,
    ))
    assert [(h.level, h.text) for h in document.headings] == [(1, "一、总体目标"), (2, "（一）强化原始创新")]
    assert document.format == "odt"


# Golden table: the notice's title and policy fields.
def test_the_title_author_and_policy_metadata_go_to_meta(tmp_path):
    document = read_document(policy_odt(tmp_path / "notice.odt"))
    assert document.title == TITLE
    assert document.meta == {"title": TITLE, "author": AGENCY, "created": "2016-11-17", "agency": AGENCY,
                             "number": NUMBER, "date": "2016-11-17", "year": 2016, "type": "意见"}
    stale = read_document(policy_odt(tmp_path / "stale.odt", title="会议纪要模板"))
    assert stale.title == TITLE and "title" not in stale.meta


def test_a_spreadsheet_writes_repeated_rows_and_cells_as_stored_and_bounded(tmp_path):
    row = ('<table:table-row table:number-rows-repeated="{n}"><table:table-cell table:number-columns-repeated="2">'
           "<text:p>{text}</text:p></table:table-cell><table:table-cell table:number-columns-repeated=\"16000\"/>"
           "</table:table-row>")
    body = ("<table:table>" + row.format(n=2, text="区科委") + row.format(n=1048000, text="")
            + row.format(n=5000, text="同一行") + "</table:table>")
    document = read_document(opendocument(tmp_path / "list.ods", "spreadsheet", body))
    assert document.text.split("\n\n") == ["区科委 | 区科委"] * 2 + ["同一行 | 同一行"] * MAX_REPEAT
    assert document.format == "ods"
    assert document.title == "list"  # a row of cells is no title: the file's name is


def test_a_presentation_reads_its_slides_without_their_notes(tmp_path):
    page = ('<draw:page draw:name="p{k}"><draw:frame><draw:text-box><text:p>{text}</text:p></draw:text-box>'
            "</draw:frame><presentation:notes><draw:frame><draw:text-box><text:p>讲稿备注</text:p></draw:text-box>"
            "</draw:frame></presentation:notes></draw:page>")
    body = page.format(k=1, text=TITLE) + page.format(k=2, text=GOAL)
    document = read_document(opendocument(tmp_path / "deck.odp", "presentation", body))
    assert document.text == f"{TITLE}\n\n{GOAL}" and document.format == "odp"


def test_a_package_that_is_no_opendocument_or_is_empty_is_unreadable_saying_why(tmp_path):
    with pytest.raises(UnreadableFile, match="not a readable OpenDocument file"):
        read_opendocument(Path("x.odt"), b"PK\x03\x04 no zip")
    with pytest.raises(UnreadableFile, match="empty.odt: empty: no text in its body"):
        read_document(opendocument(tmp_path / "empty.odt", "text", "<text:p> </text:p>"))


def test_a_document_saved_under_another_name_is_read_as_what_it_is(tmp_path):
    disguised = tmp_path / "notice.docx"
    disguised.write_bytes(policy_odt(tmp_path / "n.odt").read_bytes())
    assert read_document(disguised).format == "odt"


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_garbled_parts_give_unreadable_file_or_text_never_a_crash(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("odt")
    document = read_or_refused(lambda: read_document(garbled_package(policy_odt(folder / "n.odt"), folder / "x.odt", data)))
    assert document is None or isinstance(document.text, str)
