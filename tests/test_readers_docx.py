"""The DOCX reader: paragraphs and tables in order, Word's heading styles as the outline."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongwen.index.errors import UnreadableFile
from tongwen.index.readers import read_document
from tongwen.index.readers.docx import read_docx
from tests.fixtures_formats import (
    AGENCY,
    DATE_LINE,
    GOAL,
    INTRO,
    NUMBER,
    RUNNING_HEADER,
    SUPPORT,
    TASK,
    TITLE,
    garbled_package,
    policy_docx,
    read_or_refused,
    repackaged,
)


@pytest.fixture
def notice(tmp_path):
    return read_document(policy_docx(tmp_path / "notice.docx"))


def test_the_body_reads_in_order_with_the_table_as_rows_of_cells(notice):
    assert notice.text == "\n\n".join((
        TITLE, NUMBER, "各街道办事处、各镇人民政府，区政府各委、办、局：", INTRO,
        "一、总体目标", GOAL, "二、重点任务", "（一）强化原始创新", TASK, "（二）加大资金支持", SUPPORT,
        "序号 | 任务 | 责任单位", "1 | 共建新型研发机构 | 区科委", "2 | 设立专项资金 | 区财政局",
        AGENCY, DATE_LINE,
    ))
    assert notice.format == "docx"


def test_page_headers_and_footers_stay_out_of_the_text(notice):
    assert RUNNING_HEADER not in notice.text
    assert "- 1 -" not in notice.text


def test_heading_styles_in_english_and_chinese_names_give_the_outline_levels(notice):
    assert [(h.level, h.text) for h in notice.headings] == [
        (1, "一、总体目标"), (1, "二、重点任务"), (2, "（一）强化原始创新"), (2, "（二）加大资金支持"),
    ]
    assert all(notice.text[h.start:h.end] == h.text for h in notice.headings)


def test_core_properties_and_policy_metadata_go_to_meta(notice):
    assert notice.title == TITLE
    assert notice.meta == {
        "title": TITLE, "author": AGENCY, "created": "2016-11-17",
        "agency": AGENCY, "number": NUMBER, "date": "2016-11-17", "year": 2016, "type": "意见",
    }


_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


@pytest.mark.parametrize(("suffix", "content_type"), [
    (".dotx", "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"),
    (".docm", "application/vnd.ms-word.document.macroEnabled.main+xml"),
    (".dotm", "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"),
    (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"),
])
def test_a_template_or_a_macro_enabled_file_reads_as_a_docx_does(tmp_path, notice, suffix, content_type):
    # Their main part has a content type of its own, whatever the file's name says.
    source = policy_docx(tmp_path / "n.docx")
    with zipfile.ZipFile(source) as package:
        types = package.read("[Content_Types].xml").decode()
    assert _MAIN in types
    path = repackaged(source, tmp_path / f"notice{suffix}",
                      {"[Content_Types].xml": lambda data: data.decode().replace(_MAIN, content_type).encode()})
    assert read_document(path).text == notice.text


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NAMESPACES = (f'xmlns:w="{_W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
               'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
               'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
               'wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"')


def _r(text: str) -> str:
    return f"<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>"


def _box(*lines: str) -> str:
    """A text box as Word 2010 writes it: the shape's box (the choice) and a VML copy for old Word (the fallback)."""
    content = "<w:txbxContent>" + "".join(f"<w:p>{_r(line)}</w:p>" for line in lines) + "</w:txbxContent>"
    return ("<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><a:graphic><a:graphicData>"
            f"<wps:wsp><wps:txbx>{content}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
            f"</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape></w:pict>"
            "</mc:Fallback></mc:AlternateContent></w:r>")


# What Word shows from inside other elements, in a body written as Word writes it.
_SHOWN_BODY = (
    f"<w:p>{_r('北京市海淀区人民政府文件')}</w:p>"
    f"<w:p>{_r('第一步')}{_box('申请人提交材料', '窗口受理')}</w:p>"
    f"<w:p>{_r('依照')}<w:ins w:id=\"1\" w:author=\"a\">{_r('修订后的')}</w:ins>"
    f"<w:del w:id=\"2\" w:author=\"a\"><w:r><w:delText>原</w:delText></w:r></w:del>{_r('办法执行。')}</w:p>"
    f"<w:p><w:moveFrom w:id=\"3\" w:author=\"a\">{_r('移走的句子')}</w:moveFrom>{_r('留下的句子')}</w:p>"
    f"<w:sdt><w:sdtPr><w:alias w:val=\"正文\"/></w:sdtPr><w:sdtContent><w:p>{_r('控件中的段落')}</w:p>"
    "</w:sdtContent></w:sdt>"
    f"<w:p><w:fldSimple w:instr=\" DATE \">{_r('2024年5月15日')}</w:fldSimple>"
    f"<w:smartTag w:uri=\"u\" w:element=\"e\">{_r('发布')}</w:smartTag>"
    f"<w:sdt><w:sdtPr/><w:sdtContent>{_r('施行')}</w:sdtContent></w:sdt></w:p>"
    "<w:tbl><w:tr><w:tc><w:p>" + _r("项目") + "</w:p></w:tc><w:sdt><w:sdtContent><w:tc><w:p>" + _r("金额")
    + "</w:p></w:tc></w:sdtContent></w:sdt></w:tr><w:sdt><w:sdtContent><w:tr><w:tc><w:p>" + _r("补贴")
    + "</w:p></w:tc><w:tc><w:p>" + _r("100万元") + "</w:p></w:tc></w:tr></w:sdtContent></w:sdt></w:tbl>"
)


def test_what_word_shows_from_boxes_insertions_controls_and_fields_is_read_once_and_deletions_are_not(tmp_path):
    source = tmp_path / "plain.docx"
    docx.Document().save(str(source))
    body = f'<w:document {_NAMESPACES}><w:body>{_SHOWN_BODY}<w:sectPr/></w:body></w:document>'
    document = read_document(repackaged(source, tmp_path / "shown.docx", {"word/document.xml": lambda _: body.encode()}))
    assert document.text.split("\n\n") == [
        "北京市海淀区人民政府文件",
        "第一步", "申请人提交材料", "窗口受理",  # the box once: its fallback copy is not read again
        "依照修订后的办法执行。",
        "留下的句子",
        "控件中的段落",
        "2024年5月15日发布施行",
        "项目 | 金额",
        "补贴 | 100万元",
    ]


def test_a_style_that_does_not_say_its_type_is_a_paragraph_style_and_the_file_is_read(tmp_path):
    # Word takes a style without w:type for a paragraph style; python-docx's style list refuses the file.
    source = policy_docx(tmp_path / "n.docx")
    with zipfile.ZipFile(source) as package:
        styles = package.read("word/styles.xml").decode()
    untyped = styles.replace('w:type="paragraph" w:styleId="Heading1"', 'w:styleId="Heading1"', 1)
    assert untyped != styles
    document = read_document(repackaged(source, tmp_path / "untyped.docx",
                                        {"word/styles.xml": lambda _: untyped.encode()}))
    assert (1, "一、总体目标") in [(h.level, h.text) for h in document.headings]


def test_without_a_title_property_the_title_styled_paragraph_is_the_title(tmp_path):
    document = read_document(policy_docx(tmp_path / "untitled.docx", title_in_properties=False))
    assert document.title == TITLE
    assert "title" not in document.meta


def test_a_stale_title_property_left_by_a_template_is_not_the_document_s_title(tmp_path):
    path = policy_docx(tmp_path / "notice.docx")
    word = docx.Document(str(path))
    word.core_properties.title = "关于召开2015年度工作会议的通知"  # the file this one was copied from
    word.save(str(path))
    document = read_document(path)
    assert document.title == TITLE
    assert document.meta.get("title") != "关于召开2015年度工作会议的通知"


def _save(tmp_path: Path, build) -> Path:
    word = docx.Document()
    build(word)
    path = tmp_path / "built.docx"
    word.save(str(path))
    return path


def test_a_house_style_with_an_outline_level_is_a_heading(tmp_path):
    def build(word):
        style = word.styles.add_style("一级标题", WD_STYLE_TYPE.PARAGRAPH)
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), "0")
        style.element.get_or_add_pPr().append(outline)
        word.add_paragraph("海淀区年度工作要点")
        word.add_paragraph("重点任务", style="一级标题")
        word.add_paragraph(TASK)

    document = read_document(_save(tmp_path, build))
    assert [(h.level, h.text) for h in document.headings] == [(1, "重点任务")]


def test_without_heading_styles_the_numbered_outline_of_the_text_is_found(tmp_path):
    def build(word):
        for text in ("海淀区年度工作要点", "一、总体目标", GOAL, "（一）强化原始创新", TASK):
            word.add_paragraph(text)

    document = read_document(_save(tmp_path, build))
    assert [(h.level, h.text) for h in document.headings] == [(1, "一、总体目标"), (2, "（一）强化原始创新")]


def test_a_notice_title_set_on_two_paragraphs_under_its_letterhead_is_one_title_and_types_the_notice(tmp_path):
    def build(word):
        for text in ("北京市海淀区人民政府办公室文件", "海政办发〔2024〕7号", "关于印发《海淀区2024年科技创新工作要点》的",
                     "通知", "各街道办事处，区政府各委、办、局：", TASK):
            word.add_paragraph(text)

    document = read_document(_save(tmp_path, build))
    assert document.title == "关于印发《海淀区2024年科技创新工作要点》的通知"
    assert (document.meta["type"], document.meta["number"]) == ("通知", "海政办发〔2024〕7号")


def test_a_merged_cell_is_written_once(tmp_path):
    def build(word):
        word.add_paragraph("责任分工表")
        table = word.add_table(rows=2, cols=3)
        merged = table.cell(0, 0).merge(table.cell(0, 2))
        merged.text = "重点任务分工"
        for cell, value in zip(table.rows[1].cells, ("1", "共建新型研发机构", "区科委"), strict=True):
            cell.text = value

    document = read_document(_save(tmp_path, build))
    assert document.text.split("\n\n")[1:] == ["重点任务分工", "1 | 共建新型研发机构 | 区科委"]


def test_a_file_that_is_not_a_word_package_is_unreadable(tmp_path):
    not_zip = tmp_path / "plain.docx"
    not_zip.write_bytes("海淀区年度工作要点".encode("utf-8"))
    other_zip = tmp_path / "archive.docx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("readme.txt", "not a document")
    for path in (not_zip, other_zip):
        with pytest.raises(UnreadableFile, match=path.name):
            read_document(path)


def test_a_word_file_with_no_text_is_unreadable(tmp_path):
    with pytest.raises(UnreadableFile, match="empty"):
        read_document(_save(tmp_path, lambda word: word.add_paragraph("   ")))


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_unreadable_file_never_a_crash(data):
    with pytest.raises(UnreadableFile):
        read_docx(Path("any.docx"), b"PK\x03\x04" + data)


def _with_alt_chunk(tmp_path, part_name: str, content_type: str, blob: bytes, lead: str | None = None):
    """A Word file whose body is (mostly) one w:altChunk embedding ``blob`` as ``word/<part_name>``."""
    import io
    import zipfile

    import docx

    word = docx.Document()
    if lead:
        word.add_paragraph(lead)
    buffer = io.BytesIO()
    word.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:sectPr", b'<w:altChunk r:id="rIdChunk1"/><w:sectPr', 1)
            elif item.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", (
                    b'<Relationship Id="rIdChunk1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/aFChunk" Target="' + part_name.encode() + b'"/></Relationships>'))
            elif item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", (
                    b'<Override PartName="/word/' + part_name.encode() + b'" ContentType="'
                    + content_type.encode() + b'"/></Types>'))
            z.writestr(item, data)
        z.writestr(f"word/{part_name}", blob)
    path = tmp_path / "chunk.docx"
    path.write_bytes(out.getvalue())
    return path


LAW_PAGE = ("<html><head><meta charset='utf-8'><title>x</title></head><body>"
            "<p>中华人民共和国国旗法</p><p>第一条　为了维护国旗的尊严，制定本法。</p>"
            "<p>第二条　中华人民共和国国旗是五星红旗。</p><p>第三条　国旗的制作，依照国旗制法说明。</p></body></html>")


def test_a_body_embedded_as_an_mht_alt_chunk_is_read(tmp_path):
    mht = ("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"B\"\r\n\r\n--B\r\n"
           "Content-Type: text/html; charset=\"utf-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
           + __import__("base64").b64encode(LAW_PAGE.encode()).decode() + "\r\n--B--\r\n").encode()
    document = read_document(_with_alt_chunk(tmp_path, "afchunk.mht", "message/rfc822", mht))
    assert "第二条 中华人民共和国国旗是五星红旗。" in document.text
    assert document.title == "中华人民共和国国旗法"


def test_a_body_embedded_as_an_html_alt_chunk_follows_the_word_paragraphs(tmp_path):
    path = _with_alt_chunk(tmp_path, "chunk.htm", "text/html", LAW_PAGE.encode("gb18030").replace(
        b"charset='utf-8'", b"charset='gbk'"), lead="封面")
    document = read_document(path)
    assert document.text.startswith("封面")
    assert "第三条 国旗的制作，依照国旗制法说明。" in document.text


def test_a_body_written_twice_is_read_whole_as_word_shows_it(tmp_path):
    source = tmp_path / "plain.docx"
    docx.Document().save(str(source))
    body = (f'<w:document {_NAMESPACES}><w:body><w:p>{_r("第一部分")}</w:p></w:body>'
            f'<w:body><w:p>{_r("第二部分")}</w:p><w:sectPr/></w:body></w:document>')
    document = read_document(repackaged(source, tmp_path / "twice.docx", {"word/document.xml": lambda _: body.encode()}))
    assert document.text == "第一部分\n\n第二部分"


def test_an_external_entity_in_the_body_is_never_read_and_the_text_around_it_is_kept(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容", encoding="utf-8")
    source = tmp_path / "plain.docx"
    docx.Document().save(str(source))
    body = (f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [<!ENTITY s SYSTEM "file://{secret}">]>'
            f'<w:document {_NAMESPACES}><w:body><w:p>{_r("申请&s;材料")}</w:p><w:sectPr/></w:body></w:document>')
    document = read_document(repackaged(source, tmp_path / "entity.docx", {"word/document.xml": lambda _: body.encode()}))
    assert "机密内容" not in document.text
    assert document.text == "申请材料"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_garbled_word_parts_give_unreadable_file_or_text_never_a_crash(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("docx")
    document = read_or_refused(lambda: read_document(garbled_package(policy_docx(folder / "d.docx"), folder / "x.docx", data)))
    assert document is None or isinstance(document.text, str)
