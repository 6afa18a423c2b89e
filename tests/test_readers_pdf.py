"""The PDF reader: the text layer without page furniture, its hard-wrapped lines rejoined."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongwen.index.errors import UnreadableFile
from tongwen.index.readers import read_document
from tongwen.index.readers.pdf import PrintedLine, without_furniture, looks_like_pdf, read_pdf
from tests.fixtures_formats import (
    AGENCY,
    DATE_LINE,
    GOAL,
    INTRO,
    NUMBER,
    PDF_PAGES,
    RUNNING_HEADER,
    SUPPORT,
    TASK,
    TITLE,
    policy_docx,
    policy_pdf,
    require_cjk_font,
    scanned_pdf,
)


@pytest.fixture(scope="module")
def font() -> str:
    return require_cjk_font()


@pytest.fixture
def notice(tmp_path, font):
    return read_document(policy_pdf(tmp_path / "notice.pdf", font))


def test_the_text_layer_reads_as_the_notice_with_wrapped_lines_rejoined(notice):
    assert notice.text == "\n\n".join((
        TITLE, NUMBER, "各街道办事处、各镇人民政府，区政府各委、办、局：", INTRO,
        "一、总体目标", GOAL, "二、重点任务", "（一）强化原始创新", TASK, "（二）加大资金支持", SUPPORT,
        AGENCY, DATE_LINE,
    ))


def test_a_sentence_broken_inside_a_word_and_across_a_page_is_one_paragraph_again(notice):
    assert "中心核心区建设" in notice.text  # printed as 核心 | 区
    assert "百分之十以上" in notice.text  # printed as 百分 | page break | 之十


def test_running_headers_and_page_numbers_are_gone(notice):
    assert RUNNING_HEADER not in notice.text
    assert "第 1 页" not in notice.text and "共 3 页" not in notice.text
    assert "- 1 -" not in notice.text and "- 2 -" not in notice.text


def test_title_headings_and_metadata_of_the_notice(notice):
    assert notice.format == "pdf"
    assert notice.title == TITLE
    assert [(h.level, h.text) for h in notice.headings] == [
        (1, "一、总体目标"), (1, "二、重点任务"), (2, "（一）强化原始创新"), (2, "（二）加大资金支持"),
    ]
    assert all(notice.text[h.start:h.end] == h.text for h in notice.headings)
    meta = notice.meta
    assert (meta["agency"], meta["number"], meta["date"], meta["year"], meta["type"]) == (
        AGENCY, NUMBER, "2016-11-17", 2016, "意见")
    assert meta["author"] == AGENCY


def test_without_a_declared_title_the_first_lines_are_the_title(tmp_path, font):
    document = read_document(policy_pdf(tmp_path / "untitled.pdf", font, title=None))
    assert document.title == TITLE
    assert "title" not in document.meta


def test_a_producer_s_name_in_the_title_property_is_not_the_document_s_title(tmp_path, font):
    junk = "Markdown在线编辑器，Markdown免费转Word/Html/Pdf - 在线工具"
    document = read_document(policy_pdf(tmp_path / "law.pdf", font, title=junk))
    assert document.title == TITLE
    assert "title" not in document.meta


def test_the_running_header_text_stays_where_the_body_says_it(tmp_path, font):
    pages = (("海淀区年度工作安排", RUNNING_HEADER + "按年度编制。", GOAL),) + PDF_PAGES[1:]
    document = read_document(policy_pdf(tmp_path / "mention.pdf", font, pages=pages))
    assert document.text.count(RUNNING_HEADER) == 1
    assert RUNNING_HEADER + "按年度编制。" in document.text


def test_a_one_page_pdf_loses_its_page_number_but_keeps_its_lines(tmp_path, font):
    lines = ("海淀区年度工作要点", "一、总体目标", GOAL[:20], GOAL[20:], "二、重点任务", TASK[:26], TASK[26:], AGENCY)
    document = read_document(policy_pdf(tmp_path / "single.pdf", font, pages=(lines,), header=None, title=None))
    assert document.text == "\n\n".join(("海淀区年度工作要点", "一、总体目标", GOAL, "二、重点任务", TASK, AGENCY))
    assert document.meta["type"] == "要点"


def test_a_scan_without_a_text_layer_is_unreadable_and_says_why(tmp_path):
    with pytest.raises(UnreadableFile, match=r"no text layer \(scanned\?\)"):
        read_document(scanned_pdf(tmp_path / "scan.pdf"))


def test_a_damaged_pdf_is_unreadable(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF garbage")
    with pytest.raises(UnreadableFile, match="broken.pdf"):
        read_document(path)


def test_a_pdf_that_is_really_a_word_file_is_read_as_one(tmp_path):
    path = policy_docx(tmp_path / "notice.docx").rename(tmp_path / "notice.pdf")
    document = read_document(path)
    assert document.format == "docx"
    assert TASK in document.text


def test_a_txt_file_that_is_really_a_pdf_is_read_as_one(tmp_path, font):
    path = policy_pdf(tmp_path / "notice.pdf", font).rename(tmp_path / "notice.txt")
    assert read_document(path).format == "pdf"


def test_only_bytes_that_start_as_a_pdf_are_recognised_as_one():
    assert looks_like_pdf(b"%PDF-1.4\n...")
    assert looks_like_pdf(b"\r\n %PDF-1.7")
    assert not looks_like_pdf(b"PK\x03\x04word/document.xml")
    assert not looks_like_pdf("说明：文件头是%PDF-1.4。".encode("utf-8"))


def _page(*lines: tuple[str, float]) -> list[PrintedLine]:
    return [PrintedLine(text, top, 842 - top) for text, top in lines]


def test_a_line_repeated_at_the_same_height_on_most_pages_is_furniture_and_body_lines_are_not():
    pages = [
        _page(("海淀区人民政府公报", 40), ("正文第一页的第一行。", 100), ("2016年第3期", 810)),
        _page(("海淀区人民政府公报", 41), ("正文第二页。", 100), ("2016年第4期", 811)),
        _page(("正文第三页，没有页眉。", 100), ("海淀区人民政府公报", 500), ("2016年第5期", 810)),
    ]
    kept = [[line.text for line in page] for page in without_furniture(pages)]
    assert kept == [["正文第一页的第一行。"], ["正文第二页。"], ["正文第三页，没有页眉。", "海淀区人民政府公报"]]


def test_page_numbers_at_a_page_edge_go_even_on_a_single_page_but_not_in_the_middle():
    pages = [_page(("第 1 页", 30), ("正文。", 100), ("12", 400), ("正文完。", 700), ("- 1 -", 810))]
    assert [line.text for line in without_furniture(pages)[0]] == ["正文。", "12", "正文完。"]


def test_a_missing_cjk_font_skips_locally_but_fails_in_ci(monkeypatch):
    import tests.fixtures_formats as fixtures

    monkeypatch.setattr(fixtures, "cjk_font_path", lambda: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="fonts-wqy-zenhei"):
        fixtures.require_cjk_font()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="fonts-wqy-zenhei"):
        fixtures.require_cjk_font()


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_unreadable_file_never_a_crash(data):
    with pytest.raises(UnreadableFile):
        read_pdf(Path("any.pdf"), b"%PDF-1.4\n" + data)


def test_a_pdf_whose_text_passes_the_limit_is_refused_at_the_page_where_it_does(tmp_path, font, monkeypatch):
    from tongwen.index.readers import pdf

    path = policy_pdf(tmp_path / "notice.pdf", font)
    read_pages: list[int] = []
    page_lines = pdf._page_lines

    def counted(document, index):
        read_pages.append(index)
        return page_lines(document, index)

    monkeypatch.setattr(pdf, "_page_lines", counted)
    monkeypatch.setenv("TONGWEN_MAX_TEXT_CHARS", "20")
    with pytest.raises(UnreadableFile, match="over the limit of 20"):
        read_document(path)
    assert read_pages == [0]  # the other pages are never read
