"""DOCX reader: the body's paragraphs and tables in order, Word's heading styles as the outline.

A heading is a paragraph whose style is Heading n or 标题 n (how Chinese Word and WPS name them), or whose
paragraph or style sets an outline level, which is how house templates with their own style names do it.
Page headers and footers live in other parts of the package and never reach the text.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from tongwen.index import limits
from tongwen.index.document import Document
from tongwen.index.errors import UnreadableFile
from tongwen.index.readers import recognize, register
from tongwen.index.readers.assemble import StructuralHeading, assemble
from tongwen.index.readers.containers import check_package, zip_holds

CELL_SEPARATOR = " | "
# How much of the start of an embedded part tells a MIME archive or a web page from plain text.
SNIFF_BYTES = 200

_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLE = re.compile(r"^(?:title|标题)$", re.IGNORECASE)
_BODY_OUTLINE = 9  # w:outlineLvl 9 means "body text"; 0-8 are heading levels 1-9
_JUNK_TITLE = re.compile(r"(?:^microsoft\s+word\s*-|\.(?:docx?|wps)$|^untitled$|^无标题|^文档\d*$)", re.IGNORECASE)


def junk_title(title: str) -> bool:
    """Whether a file's title property is a producer's or template's placeholder, not a title (Word's own files'
    ``Microsoft Word - x.doc``, a file name, 无标题, 文档1)."""
    return bool(_JUNK_TITLE.search(title))


def looks_like_docx(data: bytes) -> bool:
    """Whether the bytes are a Word package: a zip archive with a word/document.xml part."""
    return zip_holds(data, "word/document.xml")


@register(".docx", ".docm", ".dotx", ".dotm")
@recognize(looks_like_docx)
def read_docx(path: Path, data: bytes) -> Document:
    """The document of a Word (.docx) file."""
    import docx
    from docx.opc.exceptions import OpcError
    from lxml import etree

    _check_package(data)
    try:
        word = docx.Document(io.BytesIO(data))
        blocks, headings, title_paragraph = _body(word)
        # Official files often carry their whole body as an embedded page (Word's altChunk, an .mht part).
        chunk_blocks, chunk_headings = _alt_chunks(word)
        blocks, headings = blocks + chunk_blocks, headings + chunk_headings
        props = _core_properties(word)
    except (OpcError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError) as error:
        raise UnreadableFile(f"not a readable Word document ({error})") from None
    raw = "\n\n".join(blocks)
    if not raw.strip():
        raise UnreadableFile("empty: no text in its body, tables or embedded parts")
    return assemble(raw, fmt="docx", props=props, title=title_paragraph, headings=headings, join_lines=False,
                    declared_must_hold=True)


def _alt_chunks(word) -> tuple[list[str], list[StructuralHeading]]:
    """Blocks and headings of the parts ``w:altChunk`` elements embed (HTML, MHT, plain text), in body order."""
    from docx.oxml.ns import qn

    from tongwen.index.readers.html import html_blocks

    blocks: list[str] = []
    headings: list[StructuralHeading] = []
    for chunk in word.element.body.iter(qn("w:altChunk")):
        part = word.part.related_parts.get(chunk.get(qn("r:id")))
        if part is None:
            continue
        kind, text = _embedded_text(part.blob, part.content_type)
        if kind == "html":
            more, found = html_blocks(text)
            blocks += more
            headings += found
        elif text.strip():
            blocks += [line.strip() for line in text.splitlines() if line.strip()]
    return blocks, headings


def _embedded_text(blob: bytes, content_type: str) -> tuple[str, str]:
    """("html" or "text", its text) of an embedded part: an MHT (MIME) archive's HTML, a page, or plain text."""
    from tongwen.index.readers.html import decode_html, mime_html

    if "rfc822" in content_type or blob.lstrip()[:SNIFF_BYTES].lower().startswith((b"mime-version", b"content-type")):
        page = mime_html(blob)
        return ("html", page[0]) if page is not None else ("text", "")
    if "html" in content_type or blob.lstrip()[:SNIFF_BYTES].lower().startswith((b"<html", b"<!doctype")):
        return "html", decode_html(blob)[0]
    return "text", blob.decode("utf-8", errors="replace")


_BODY_PART = "word/document.xml"


def _check_package(data: bytes) -> None:
    """``containers.check_package`` for a Word package, and its body's text checked from its bytes."""
    package = check_package(data)
    body = next((m for m in package.infolist() if m.filename == _BODY_PART), None)
    if body is not None and body.file_size > limits.MB:
        # Parsed, the body's XML takes some eight times its size: a body whose text is over the limit is
        # refused from its bytes (at most the unpacked limit), before it is parsed.
        from tongwen.index.readers.html import check_page_text

        check_page_text(package.read(body))


def _body(word) -> tuple[list[str], list[StructuralHeading], str]:
    """The body as blocks of text, the headings among them and the first Title-styled paragraph."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    styles = _paragraph_styles(word)
    blocks: list[str] = []
    headings: list[StructuralHeading] = []
    title = ""
    for item in word.iter_inner_content():
        if isinstance(item, Table):
            blocks.extend(_table_rows(item))
            continue
        if not isinstance(item, Paragraph):
            continue
        text = item.text.replace("\t", " ").strip(" \u3000\xa0")
        if not text:
            continue
        for line in (part.strip(" \u3000\xa0") for part in text.split("\n")):
            if line:
                blocks.append(line)
        style_name, style_level = styles.get(item._p.style, styles[None])
        if _TITLE_STYLE.match(style_name):
            title = title or " ".join(text.split())
            continue
        level = _outline_level(item._p) or style_level
        if level:
            headings.append(StructuralHeading(" ".join(text.split()), level))
    return blocks, headings, title


def _paragraph_styles(word) -> dict:
    """Style id -> (name, heading level or None) for every paragraph style; None -> the default style.

    Resolved once per document: python-docx looks a paragraph's style up by scanning all styles.
    """
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn

    styles: dict = {}
    default = None
    for style in word.styles:
        if style.type != WD_STYLE_TYPE.PARAGRAPH:
            continue
        name = (style.name or "").strip()
        match = _HEADING_STYLE.match(name)
        level = max(1, int(match.group(1))) if match else None
        base = style
        while level is None and base is not None:
            level = _outline_level(base.element)
            base = base.base_style
        styles[style.style_id] = (name, level)
        if style.element.get(qn("w:default")) in ("1", "true", "on"):
            default = style.style_id
    styles[None] = styles.get(default, ("", None))
    return styles


def _outline_level(element) -> int | None:
    """The heading level an outline level in a paragraph's or style's properties sets (0-8 -> 1-9)."""
    outline = element.xpath("./w:pPr/w:outlineLvl/@w:val")
    if outline and outline[0].isdigit() and int(outline[0]) < _BODY_OUTLINE:
        return int(outline[0]) + 1
    return None


def _table_rows(table) -> list[str]:
    """One line per row, cells joined; a merged cell is written once, nested tables are flattened."""
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            rows.append(CELL_SEPARATOR.join(cells))
    return rows


def _core_properties(word) -> dict:
    """Title, author and creation date of the core properties, where set and meaningful."""
    core = word.core_properties
    props: dict = {}
    title = " ".join((core.title or "").split())
    if title and not junk_title(title):
        props["title"] = title
    author = (core.author or "").strip()
    if author:
        props["author"] = author
    if core.created is not None:
        props["created"] = core.created.date().isoformat()
    return props
