"""OpenDocument reader (.odt, .ods, .odp: the format of LibreOffice and of the office suites some public bodies
standardised on): headings and paragraphs in order, tables as rows of cells, slides without their notes.

A file is a zip package whose ``content.xml`` holds the body. ``text:h`` is a heading at its outline level,
``text:p`` a paragraph; spaces, tabs and line breaks written as elements (``text:s``, ``text:tab``,
``text:line-break``) are kept. A spreadsheet row or cell repeated N times (how empty ranges are stored) is written
once when empty and at most ``MAX_REPEAT`` times when not. ``meta.xml`` gives the title and author; the title counts
only where the text says it too. Parsed without entities or network access.
"""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

from tongwen.index.document import Document
from tongwen.index.errors import UnreadableFile
from tongwen.index.readers import check_text_size, recognize, register
from tongwen.index.readers.assemble import StructuralHeading, assemble
from tongwen.index.readers.containers import check_package, local_name, xml_part, zip_holds
from tongwen.index.readers.docx import CELL_SEPARATOR, junk_title

MAX_REPEAT = 100
_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_SKIPPED = frozenset({"notes", "tracked-changes", "annotation", "forms", "scripts", "font-face-decls",
                      "automatic-styles", "sequence-decls", "variable-decls", "user-field-decls"})


def looks_like_opendocument(data: bytes) -> bool:
    """Whether the bytes are an OpenDocument package: a zip archive with a content.xml part and its mimetype."""
    return b"application/vnd.oasis.opendocument" in data[:200] and zip_holds(data, "content.xml")


@register(".odt", ".ods", ".odp", ".ott")
@recognize(looks_like_opendocument)
def read_opendocument(path: Path, data: bytes) -> Document:
    """The document of an OpenDocument text, spreadsheet or presentation."""
    from lxml import etree

    package = check_package(data, kind="OpenDocument file", media="Pictures/")
    try:
        body = _Body()
        _walk(xml_part(package, "content.xml"), body)
        lines, headings = body.lines, body.headings
        props = _meta(xml_part(package, "meta.xml")) if "meta.xml" in package.namelist() else {}
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, ValueError) as error:
        raise UnreadableFile(f"not a readable OpenDocument file ({error})") from None
    if not any(line.strip() for line in lines):
        raise UnreadableFile("empty: no text in its body")
    fmt = {"odt": "odt", "ods": "ods", "odp": "odp"}.get(_kind(package), "odt")
    document = assemble("\n".join(lines), fmt=fmt, props=props, headings=headings, join_lines=False,
                        declared_must_hold=True)
    if CELL_SEPARATOR in document.title:
        # A row of cells (a sheet's column names) is no title: the file's name says more.
        return replace(document, title="")
    return document


def _kind(package: zipfile.ZipFile) -> str:
    try:
        mimetype = package.read("mimetype").decode("ascii", "ignore")
    except KeyError:
        return ""
    return {"text": "odt", "spreadsheet": "ods", "presentation": "odp"}.get(mimetype.rsplit(".", 1)[-1], "")


class _Body:
    """The lines and headings gathered from a body, and how many characters they hold (checked as they grow)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.headings: list[StructuralHeading] = []
        self.chars = 0

    def add(self, line: str, times: int = 1) -> None:
        """Append ``line`` ``times`` times; UnreadableFile once the text passes the limit."""
        self.lines += [line] * times
        self.chars += len(line) * times
        check_text_size(self.chars)


def _walk(element, body: _Body) -> None:
    """Gather the lines (and headings) of ``element``'s body in document order."""
    for child in element:
        name = local_name(child)
        if name in _SKIPPED:
            continue
        if name in ("h", "p") and child.tag.startswith("{" + _TEXT_NS):
            text = " ".join(_text(child).split())
            if text:
                body.add(text)
                if name == "h":
                    body.headings.append(StructuralHeading(text, _level(child)))
        elif name == "table-row" and child.tag.startswith("{" + _TABLE_NS):
            row = _row(child)
            if row:
                body.add(row, min(_repeat(child, "number-rows-repeated"), MAX_REPEAT))
        else:
            _walk(child, body)


def _level(heading) -> int:
    try:
        return max(1, int(heading.get(f"{{{_TEXT_NS}}}outline-level") or 1))
    except ValueError:
        return 1


def _repeat(element, attribute: str) -> int:
    try:
        return max(1, int(element.get(f"{{{_TABLE_NS}}}{attribute}") or 1))
    except ValueError:
        return 1


def _row(row) -> str:
    """A table row's cells, each as its paragraphs' text, repeated cells written as often as stored (up to
    MAX_REPEAT), empty cells at its end left out."""
    cells: list[str] = []
    for cell in row:
        if local_name(cell) not in ("table-cell", "covered-table-cell"):
            continue
        text = " ".join(" ".join(_text(p).split()) for p in cell.iter(f"{{{_TEXT_NS}}}p"))
        cells += [text] * (min(_repeat(cell, "number-columns-repeated"), MAX_REPEAT) if text else 1)
    while cells and not cells[-1]:
        cells.pop()
    return CELL_SEPARATOR.join(cells) if any(cells) else ""


def _text(element) -> str:
    """A paragraph's text with its spaces, tabs and line breaks written as elements; notes and annotations out."""
    out = [element.text or ""]
    for child in element:
        name = local_name(child)
        if name == "s":
            try:
                out.append(" " * min(int(child.get(f"{{{_TEXT_NS}}}c") or 1), 100))
            except ValueError:
                out.append(" ")
        elif name == "tab":
            out.append("\t")
        elif name == "line-break":
            out.append(" ")
        elif name not in ("note", "annotation", "annotation-end", "bookmark-ref"):
            out.append(_text(child))
        out.append(child.tail or "")
    return "".join(out)


def _meta(meta) -> dict:
    props: dict = {}
    found = {local_name(e): " ".join((e.text or "").split()) for e in meta.iter() if isinstance(e.tag, str)}
    if found.get("title") and not junk_title(found["title"]):
        props["title"] = found["title"]
    author = found.get("initial-creator") or found.get("creator")
    if author:
        props["author"] = author
    if found.get("creation-date", "")[:4].isdigit():
        props["created"] = found["creation-date"][:10]
    return props
