"""Spreadsheet reader (.xlsx, .xls, and WPS's .et): every sheet's rows as lines of cells, so that a name or a number
in any cell of a notice's attachment (附件：…名单, …汇总表) is found.

A row is written as the DOCX reader writes a table row (``a | b | c``), empty cells at its end left out; a sheet
with a name of its own (not Sheet1 or 工作表1) is a section of the document. Numbers are written as a person reads
them (2016, not 2016.0), dates as dates. Formulas count by their last computed values. An .xlsx is read a row at a
time (openpyxl's read-only mode), an .xls or .et by xlrd; a workbook whose text passes the limit is refused at the
row where it does.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from tongwen.index.document import Document
from tongwen.index.errors import UnreadableFile
from tongwen.index.readers import check_text_size, recognize, register
from tongwen.index.readers.assemble import StructuralHeading, assemble
from tongwen.index.readers.containers import (OLE_MAGIC, check_package, repackaged, root_holds, transitional,
                                              zip_holds)
from tongwen.index.readers.docx import CELL_SEPARATOR, junk_title

_DEFAULT_SHEET = re.compile(r"^(?:sheet|工作表|表)\s*\d*$", re.IGNORECASE)


def looks_like_xlsx(data: bytes) -> bool:
    """Whether the bytes are an Excel package: a zip archive with an xl/workbook.xml part."""
    return zip_holds(data, "xl/workbook.xml")


@register(".xlsx", ".xlsm", ".xltx", ".xltm")
@recognize(looks_like_xlsx)
def read_xlsx(path: Path, data: bytes) -> Document:
    """The document of an Excel workbook (.xlsx)."""
    package = check_package(data, kind="spreadsheet", media="xl/media/")
    _, data = transitional(package, data)
    with _parsing():
        book = _open_xlsx(data)
        try:
            sheets = [(sheet.title, _all_rows(sheet)) for sheet in book.worksheets]
            raw, headings, title = _text(sheets)
            props = _props(book.properties.title, book.properties.creator)
        finally:
            book.close()
    return _document(raw, headings, props, title, "xlsx")


_STYLES_PART = "xl/styles.xml"


def _open_xlsx(data: bytes):
    """The workbook, read only; when only its styles part is one openpyxl cannot read (a producer's own
    attributes, a named style without a name), the workbook without it: its cells, not its looks, are the text."""
    import openpyxl

    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (TypeError, ValueError) as error:
        if "openpyxl.styles" not in _origin(error):
            raise
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        plain = repackaged(source, lambda name, part: None if name == _STYLES_PART else part)
    return openpyxl.load_workbook(io.BytesIO(plain), read_only=True, data_only=True)


def _origin(error: BaseException) -> str:
    """The modules the traceback of ``error`` passes through, joined (where a library's failure came from)."""
    names, tb = [], error.__traceback__
    while tb is not None:
        names.append(tb.tb_frame.f_globals.get("__name__", ""))
        tb = tb.tb_next
    return " ".join(names)


def _all_rows(sheet) -> Iterator[tuple]:
    """Every row a read-only sheet stores: the size a file records for its sheet (``<dimension>``) is not trusted,
    since streaming writers record A1 for a sheet of thousands of rows and openpyxl would read A1 alone."""
    sheet.reset_dimensions()
    return sheet.iter_rows(values_only=True)


def looks_like_xls(data: bytes) -> bool:
    """Whether the bytes are a compound file whose root holds a workbook stream (Excel 97–2003, WPS)."""
    return data.startswith(OLE_MAGIC) and root_holds(data, ("Workbook", "Book"))


@register(".xls", ".xlt", ".et", ".ett")
@recognize(looks_like_xls)
def read_xls(path: Path, data: bytes) -> Document:
    """The document of an Excel 97–2003 workbook (.xls) or a WPS spreadsheet (.et) in the same format."""
    import xlrd

    with _parsing():
        # xlrd writes its complaints about a file to a log, by default standard output: they go nowhere here.
        book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO(), verbosity=0)
        try:
            sheets = [(name, _xls_rows(book, book.sheet_by_index(k))) for k, name in enumerate(book.sheet_names())]
            raw, headings, title = _text(sheets)
            props = _props(None, book.user_name)
        finally:
            book.release_resources()
    return _document(raw, headings, props, title, "xls")


@contextmanager
def _parsing() -> Iterator[None]:
    """Any failure of the spreadsheet libraries on a malformed file as UnreadableFile saying what it was, and their
    warnings about a file's oddities kept out of the output."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            yield
        except UnreadableFile:
            raise
        except (MemoryError, RecursionError):
            raise
        except Exception as error:  # xlrd and openpyxl raise a dozen kinds of error on a damaged file
            if "encrypted" in str(error).lower():
                raise UnreadableFile("encrypted (password-protected); skipped") from None
            raise UnreadableFile(f"not a readable spreadsheet ({error or type(error).__name__})") from None


def _xls_rows(book, sheet) -> Iterator[list]:
    """The rows of an .xls sheet as values, its dates as dates."""
    import xlrd

    for r in range(sheet.nrows):
        row = []
        for cell in sheet.row(r):
            if cell.ctype == xlrd.XL_CELL_DATE:
                try:
                    row.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
                except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                    row.append(cell.value)
            elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                row.append(None)
            else:
                row.append(cell.value)
        yield row


def _text(sheets: Iterable[tuple[str, Iterable]]) -> tuple[str, list[StructuralHeading], str]:
    """The sheets' rows as lines (a named sheet's name first, as its heading), refused once over the text limit;
    and the title: the first row that is one cell (a merged title row over the columns), else none."""
    lines: list[str] = []
    headings: list[StructuralHeading] = []
    title = ""
    chars = 0
    for name, rows in sheets:
        named = " ".join(str(name).split())
        sheet_lines: list[str] = []
        for row in rows:
            cells = [_cell(value) for value in row]
            while cells and not cells[-1]:
                cells.pop()
            if any(cells):
                if not title and not lines and not sheet_lines and len([c for c in cells if c]) == 1:
                    title = next(c for c in cells if c)
                sheet_lines.append(CELL_SEPARATOR.join(cells))
                chars += len(sheet_lines[-1])
                check_text_size(chars)
        if sheet_lines and named and not _DEFAULT_SHEET.match(named):
            headings.append(StructuralHeading(named, 1))
            sheet_lines.insert(0, named)
        lines += sheet_lines
    return "\n".join(lines), headings, title


def _cell(value) -> str:
    """A cell's value as a person reads it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:g}"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return " ".join(str(value).split())


def _props(title: str | None, author: str | None) -> dict:
    props: dict = {}
    title = " ".join((title or "").split())
    if title and not junk_title(title):
        props["title"] = title
    author = (author or "").strip()
    if author:
        props["author"] = author
    return props


def _document(raw: str, headings: list[StructuralHeading], props: dict, title: str, fmt: str) -> Document:
    if not raw.strip():
        raise UnreadableFile("empty: no cell holds text")
    document = assemble(raw, fmt=fmt, props=props, title=title, headings=headings, join_lines=False,
                        declared_must_hold=True)
    if not props.get("title") and not title:
        # Column names or a sheet's name are no title: the file's name says more (附件1：2023年度高新技术企业名单.xlsx).
        return replace(document, title="")
    return document
