"""The spreadsheet reader: every sheet's rows as lines of cells, numbers and dates as a person reads them."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongwen.index.errors import UnreadableFile
from tongwen.index.readers import read_document
from tongwen.index.readers.sheet import _cell, read_xls, read_xlsx
from tests.fixtures_formats import (
    LIST_TITLE,
    _compound_file,
    garbled_bytes,
    list_xls,
    list_xlsx,
    read_or_refused,
    repackaged,
)

ROWS = ["序号 | 企业名称 | 认定日期 | 研发投入（万元）", "1 | 北京中关村软件园发展有限责任公司 | 2023-11-17 | 1234",
        "2 | 北京RISC-V芯片研究院 | 2023-12-01 | 56.5"]


def test_an_xlsx_reads_its_named_sheet_as_a_section_its_title_row_as_title_and_its_rows_as_lines(tmp_path):
    document = read_document(list_xlsx(tmp_path / "附件1.xlsx"))
    assert document.text == "\n\n".join(["企业名单", LIST_TITLE, *ROWS])
    assert document.title == LIST_TITLE
    assert [(h.level, h.text) for h in document.headings] == [(1, "企业名单")]
    assert document.format == "xlsx"


def test_an_xls_without_a_title_row_is_titled_by_its_file_name(tmp_path):
    document = read_document(list_xls(tmp_path / "附件2：2023年度高新技术企业名单.xls"))
    assert document.text == "\n\n".join(ROWS)  # Sheet1 is no section
    assert document.title == "附件2：2023年度高新技术企业名单"
    assert document.format == "xls"


def test_a_title_property_the_cells_do_not_say_is_not_the_title(tmp_path):
    assert read_document(list_xlsx(tmp_path / "a.xlsx", title_property="工作簿1")).title == LIST_TITLE
    assert read_document(list_xlsx(tmp_path / "b.xlsx", title_property="Microsoft Excel - Book1.xls")).title \
        == LIST_TITLE


def test_a_workbook_saved_under_the_other_name_is_read_as_what_it_is(tmp_path):
    xls_named_xlsx = tmp_path / "list.xlsx"
    xls_named_xlsx.write_bytes(list_xls(tmp_path / "l.xls").read_bytes())
    assert read_document(xls_named_xlsx).format == "xls"
    xlsx_named_xls = tmp_path / "list.xls"
    xlsx_named_xls.write_bytes(list_xlsx(tmp_path / "l.xlsx").read_bytes())
    assert read_document(xlsx_named_xls).format == "xlsx"


@pytest.mark.parametrize("value, shown", [
    (2016.0, "2016"), (56.5, "56.5"), (True, "是"), (None, ""), ("  两个\n词  ", "两个 词"), (1e20, "1e+20"),
])
def test_a_cell_is_written_as_a_person_reads_it(value, shown):
    assert _cell(value) == shown


def test_an_external_entity_in_a_workbook_is_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容", encoding="utf-8")
    good = list_xlsx(tmp_path / "good.xlsx")
    evil = tmp_path / "evil.xlsx"
    replaced = False
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(evil, "w") as out:
        for item in source.infolist():
            data = source.read(item)
            cell = re.search(rb"<t>[^<]*RISC-V[^<]*</t>", data)  # the cell's text, inline or shared
            if cell:
                data = f'<!DOCTYPE w [<!ENTITY s SYSTEM "file://{secret}">]>'.encode() + data.replace(
                    cell.group(0), b"<t>&s;</t>")
                replaced = True
            out.writestr(item, data)
    assert replaced
    try:
        document = read_document(evil)
    except UnreadableFile:
        return  # refused whole: nothing of the secret is read either
    assert "机密内容" not in document.text and "北京中关村软件园发展有限责任公司" in document.text


def test_a_sheet_whose_recorded_size_is_one_cell_is_read_to_its_last_row(tmp_path):
    # Streaming writers (a web system's "export to Excel") record <dimension ref="A1"/> for a sheet of any size.
    good = list_xlsx(tmp_path / "good.xlsx")
    sheet = next(n for n in zipfile.ZipFile(good).namelist() if n.startswith("xl/worksheets/sheet"))
    small = repackaged(good, tmp_path / "a1.xlsx", {sheet: lambda xml: re.sub(
        rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1"/>', xml)})
    assert '<dimension ref="A1"/>' in zipfile.ZipFile(small).read(sheet).decode()
    assert read_document(small).text == read_document(good).text


def test_a_styles_part_openpyxl_cannot_read_leaves_the_cells_readable(tmp_path):
    # A producer's own attribute on a cell format makes openpyxl refuse the styles, and with them the workbook.
    good = list_xlsx(tmp_path / "good.xlsx")
    odd = repackaged(good, tmp_path / "odd.xlsx", {"xl/styles.xml": lambda xml: re.sub(
        rb"(<cellXfs[^>]*>\s*<xf)", rb'\1 ZMIENNA_contentFontsCount="1"', xml, count=1)})
    assert "ZMIENNA" in zipfile.ZipFile(odd).read("xl/styles.xml").decode()
    assert "北京RISC-V芯片研究院" in read_document(odd).text


def test_a_file_that_is_no_workbook_or_an_empty_one_is_unreadable_saying_why(tmp_path):
    with pytest.raises(UnreadableFile, match="not a readable spreadsheet"):
        read_xls(Path("x.xls"), _compound_file({"Workbook": b"\x09\x08" + b"\xff" * 200}))
    with pytest.raises(UnreadableFile, match="not a readable spreadsheet|spreadsheet"):
        read_xlsx(Path("x.xlsx"), b"PK\x03\x04 not really")
    import openpyxl

    empty = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(empty)
    with pytest.raises(UnreadableFile, match="empty: no cell holds text"):
        read_document(empty)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_garbled_workbooks_give_unreadable_file_or_text_never_a_crash(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("sheet")
    good = list_xls(folder / "l.xls").read_bytes()
    document = read_or_refused(lambda: read_xls(Path("any.xls"), garbled_bytes(good, data)))
    assert document is None or isinstance(document.text, str)


@pytest.mark.parametrize("suffix", [".xlsm", ".xltx", ".xltm"])
def test_a_macro_enabled_workbook_or_a_template_reads_as_an_xlsx_does(tmp_path, suffix):
    original = list_xlsx(tmp_path / "list.xlsx")
    copy = tmp_path / f"list{suffix}"
    copy.write_bytes(original.read_bytes())
    assert read_document(copy).text == read_document(original).text
