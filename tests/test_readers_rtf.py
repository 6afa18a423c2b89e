"""The RTF reader: the body outside fonts, info, headers and field instructions, bytes in their font's code page."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongwen.index.errors import UnreadableFile
from tongwen.index.readers import read_document
from tongwen.index.readers.rtf import read_rtf, rtf_text
from tests.fixtures_formats import AGENCY, DATE_LINE, NUMBER, RUNNING_HEADER, TITLE, policy_rtf, read_or_refused


@pytest.fixture
def notice(tmp_path):
    path = tmp_path / "notice.rtf"
    path.write_bytes(policy_rtf())
    return read_document(path)


def test_the_body_reads_with_gb2312_bytes_unicode_escapes_a_table_row_and_a_field_result(notice):
    assert notice.text == "\n\n".join((
        TITLE, NUMBER, "为深入实施创新驱动发展战略，推动GDP高质量增长。", "序号 | 任务", "区政府网站", AGENCY, DATE_LINE,
    ))
    assert notice.format == "rtf"


def test_fonts_document_info_headers_and_field_instructions_stay_out_of_the_text(notice):
    for furniture in ("宋体", "Arial", "模板标题", "WPS", RUNNING_HEADER, "HYPERLINK", "http"):
        assert furniture not in notice.text


# Golden table: the notice's title and policy fields, as from its other formats.
def test_the_title_and_policy_metadata_are_found_in_the_text(notice):
    assert notice.title == TITLE
    assert notice.meta == {"agency": AGENCY, "number": NUMBER, "date": "2016-11-17", "year": 2016, "type": "意见"}


@pytest.mark.parametrize("source, text", [
    (rb"{\rtf1\ansi\ansicpg950{\fonttbl{\f0\fcharset136 x;}}\f0 \'a4\'a4\'a4\'e5\par}", "中文\n"),  # Big5 font
    (rb"{\rtf1\ansi\ansicpg936 \'d6\'d0\'ce\'c4\par}", "中文\n"),  # the document's code page, no font's
    (rb"{\rtf1\ansi\uc2\u20013\'d6\'d0\u25991\'ce\'c4\par}", "中文\n"),  # two fallback bytes after each \u
    (rb"{\rtf1 a\~b\-c\_d\tab e\line f\emdash g}", "a bc-d\te\nf—g"),  # \\- is a soft hyphen
    (rb"{\rtf1 {\*\unknowndestination hidden}shown}", "shown"),
    # macOS TextEdit: fonts listed without groups, GB2312 bytes under their font, a backslash ending each line.
    (b"{\\rtf1\\ansi\\ansicpg936{\\fonttbl\\f0\\fmodern\\fcharset0 Courier;\\f1\\fnil\\fcharset134 PingFangSC;}\n"
     b"\\f0\\fs24 // \n\\f1 \\'d7\\'ee\\'b4\\'f3\n\\f0 \\\nnext\\\n}", "// 最大\nnext\n"),
])
def test_characters_come_from_bytes_unicode_escapes_and_symbols(source, text):
    assert rtf_text(source) == text


def test_a_file_that_is_not_rtf_or_has_no_body_text_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFile, match="not an RTF document"):
        read_rtf(Path("x.rtf"), b"plain text")
    empty = tmp_path / "empty.rtf"
    empty.write_bytes(rb"{\rtf1{\fonttbl{\f0 Arial;}}{\info{\title x}}}")
    with pytest.raises(UnreadableFile, match="empty.rtf: empty"):
        read_document(empty)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_after_the_rtf_header_give_text_or_unreadable_file_never_a_crash(data):
    document = read_or_refused(lambda: read_rtf(Path("any.rtf"), b"{\\rtf1 " + data))
    assert document is None or isinstance(document.text, str)


def test_text_over_the_limit_is_refused_while_it_is_read(monkeypatch):
    monkeypatch.setenv("TONGWEN_MAX_TEXT_CHARS", "100000")
    with pytest.raises(UnreadableFile, match="over the limit of 100,000"):
        rtf_text(b"{\\rtf1 " + b"a\\par " * 400_000 + b"}")
