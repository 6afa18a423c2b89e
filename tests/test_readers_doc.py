"""The Word 97–2003 reader: the main document from the piece table, tables as rows, fields as their results."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongwen.index.errors import UnreadableFile
from tongwen.index.readers import read_document
from tongwen.index.readers.doc import read_doc, word_binary_text
from tests.fixtures_formats import (
    AGENCY,
    DATE_LINE,
    GOAL,
    INTRO,
    NUMBER,
    SUPPORT,
    TASK,
    TITLE,
    _compound_file,
    garbled_bytes,
    policy_doc,
    policy_docx,
    policy_rtf,
    read_or_refused,
    word6_doc,
    word97_doc,
)


@pytest.fixture
def notice(tmp_path):
    return read_document(policy_doc(tmp_path / "notice.doc"))


def test_the_main_document_reads_in_order_with_the_table_as_rows_and_a_field_as_its_result(notice):
    assert notice.text == "\n\n".join((
        TITLE, NUMBER, "各街道办事处、各镇人民政府，区政府各委、办、局：", INTRO,
        "一、总体目标", GOAL, "二、重点任务", "（一）强化原始创新", TASK, "（二）加大资金支持",
        SUPPORT + "详见区政府网站。",
        "序号 | 任务 | 责任单位", "1 | 共建新型研发机构 | 区科委", "2 | 设立专项资金 | 区财政局",
        AGENCY, DATE_LINE,
    ))
    assert notice.format == "doc"
    assert "HYPERLINK" not in notice.text and "\x01" not in notice.text


# Golden table: what a person reads as the notice's title and policy fields.
def test_the_title_property_and_the_policy_metadata_go_to_meta(notice):
    assert notice.title == TITLE
    assert notice.meta == {"title": TITLE, "agency": AGENCY, "number": NUMBER, "date": "2016-11-17", "year": 2016,
                           "type": "意见"}


def test_without_a_title_property_the_first_title_like_line_is_the_title(tmp_path):
    document = read_document(policy_doc(tmp_path / "untitled.doc", title_in_properties=False))
    assert document.title == TITLE and "title" not in document.meta


def test_a_title_property_the_text_does_not_say_is_not_the_title(tmp_path):
    path = word97_doc(tmp_path / "n.doc", [TITLE, INTRO], title="Microsoft Word - 文档1.doc")
    assert read_document(path).title == TITLE
    path = word97_doc(tmp_path / "stale.doc", [TITLE, INTRO], title="关于报送2009年度统计报表的通知")
    assert read_document(path).title == TITLE


def test_a_wps_file_in_the_word_format_is_read(tmp_path):
    path = policy_doc(tmp_path / "notice.wps")
    assert read_document(path).text.startswith(TITLE + "\n\n" + NUMBER)


def test_a_doc_that_is_really_rtf_or_a_word_package_is_read_as_what_it_is(tmp_path):
    rtf = tmp_path / "rtf.doc"
    rtf.write_bytes(policy_rtf())
    assert read_document(rtf).format == "rtf"
    package = tmp_path / "package.doc"
    package.write_bytes(policy_docx(tmp_path / "notice.docx").read_bytes())
    assert read_document(package).format == "docx"
    disguised = tmp_path / "notice.txt"  # a Word binary saved under another supported name
    disguised.write_bytes(policy_doc(tmp_path / "n.doc").read_bytes())
    assert read_document(disguised).title == TITLE


def _flag(path: Path, offset: int, value: int) -> Path:
    """The file with the WordDocument stream's 16 bits at ``offset`` set to ``value`` (the stream starts at
    sector 2 of the fixture's compound file, and sorts after 1Table)."""
    data = bytearray(path.read_bytes())
    at = data.find(b"\xec\xa5\xc1\x00")
    struct.pack_into("<H", data, at + offset, value)
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize("offset, value, words", [
    (0x0A, 0x0200 | 0x0100, "encrypted (password-protected); skipped"),
    (0x00, 0xA59B, "a document of a Word older than Word 6, which is not read; save it as .docx"),
])
def test_an_encrypted_or_word_95_file_is_skipped_saying_why(tmp_path, offset, value, words):
    path = _flag(policy_doc(tmp_path / "notice.doc"), offset, value)
    with pytest.raises(UnreadableFile, match=re.escape(f"notice.doc: {words}")):
        read_document(path)


def test_an_office_file_of_another_kind_or_no_compound_file_is_unreadable_saying_why(tmp_path):
    drawing = tmp_path / "drawing.doc"
    drawing.write_bytes(_compound_file({"VisioDocument": b"\0" * 100}))
    with pytest.raises(UnreadableFile, match="an Office file of another kind"):
        read_document(drawing)
    sheet = tmp_path / "sheet.doc"  # a workbook under a Word name is read as the workbook it is
    sheet.write_bytes(_compound_file({"Workbook": b"\x09\x08" + b"\0" * 100}))
    with pytest.raises(UnreadableFile, match="not a readable spreadsheet"):
        read_document(sheet)
    binary = tmp_path / "binary.doc"
    binary.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(UnreadableFile, match="not a Word document \\(no OLE compound file header\\), nor text"):
        read_document(binary)


def test_a_doc_that_is_plain_text_is_read_as_text(tmp_path):
    text = tmp_path / "2016年工作要点.doc"  # some sites save their text files under a Word name
    text.write_bytes(f"{TITLE}\n{NUMBER}\n{INTRO}\n".encode("gbk"))
    document = read_document(text)
    assert document.text.startswith(TITLE) and document.meta["number"] == NUMBER and document.format == "txt"


def test_a_word_file_whose_main_document_is_empty_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFile, match="empty"):
        read_document(word97_doc(tmp_path / "blank.doc", ["", "\x01"]))


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_garbled_or_cut_files_give_unreadable_file_or_text_never_a_crash(tmp_path_factory, data):
    good = policy_doc(tmp_path_factory.mktemp("doc") / "notice.doc").read_bytes()
    document = read_or_refused(lambda: read_doc(Path("any.doc"), garbled_bytes(good, data)))
    assert document is None or isinstance(document.text, str)


def test_word_binary_text_keeps_a_nested_field_s_result_only():
    text, _, _ = word_binary_text(_compound_bytes(["前\x13 IF \x13 PAGE \x141\x15 = 1 \"是\" \x14是\x15后"]))
    assert text.strip() == "前是后"


def _compound_bytes(paragraphs: list[str]) -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        return word97_doc(Path(folder) / "x.doc", paragraphs).read_bytes()


def test_a_main_document_over_the_text_limit_is_refused_from_its_header_before_its_text_is_read(tmp_path, monkeypatch):
    from tongwen.index.readers import doc

    monkeypatch.setenv("TONGWEN_MAX_TEXT_CHARS", "20000")
    monkeypatch.setattr(doc, "_resolve", lambda stream: pytest.fail("the text was read"))
    path = word97_doc(tmp_path / "long.doc", ["中" * 12000, "文" * 12000])
    with pytest.raises(UnreadableFile, match="its text has 24,002 characters, over the limit of 20,000"):
        read_document(path)


@pytest.mark.parametrize("language", [0x0804, 0x0409])  # Chinese; English, whose text's bytes then decide
def test_a_word_95_file_reads_its_text_in_its_language_s_code_page(tmp_path, language):
    document = read_document(word6_doc(tmp_path / "notice.doc", [TITLE, NUMBER, INTRO, AGENCY, DATE_LINE],
                                       language=language))
    assert document.text == "\n\n".join((TITLE, NUMBER, INTRO, AGENCY, DATE_LINE))
    assert document.meta["number"] == NUMBER and document.meta["date"] == "2016-11-17"


@pytest.mark.parametrize("flags, words", [(0x0004, "a fast-saved Word 6/95 document, which is not read"),
                                          (0x0100, "encrypted (password-protected); skipped")])
def test_a_fast_saved_or_encrypted_word_95_file_is_skipped_saying_why(tmp_path, flags, words):
    with pytest.raises(UnreadableFile, match=re.escape(words)):
        read_document(word6_doc(tmp_path / "old.doc", [TITLE], flags=flags))


def test_text_boxes_follow_the_text_and_stay_out_of_its_title_and_metadata(tmp_path):
    # A procedure's flowchart drawn in boxes; the boxes' story comes after the main document in the file. A date
    # in a box is the chart's, not the document's.
    boxes = ["申请人提交材料", "窗口受理\r审核通过", "北京市朝阳区人民政府办公室", "2030年1月1日"]
    document = read_document(word97_doc(tmp_path / "flow.doc", [TITLE, INTRO], boxes=boxes))
    assert document.text.split("\n\n")[-5:] == ["申请人提交材料", "窗口受理", "审核通过", "北京市朝阳区人民政府办公室",
                                                 "2030年1月1日"]
    plain = read_document(word97_doc(tmp_path / "plain.doc", [TITLE, INTRO]))
    assert (document.title, document.meta) == (plain.title, plain.meta) and "date" not in document.meta
