"""DOCX reader: the body's paragraphs and tables in order, Word's heading styles as the outline.

A heading is a paragraph whose style is Heading n or 标题 n (how Chinese Word and WPS name them), or whose
paragraph or style sets an outline level, which is how house templates with their own style names do it.
Page headers and footers live in other parts of the package and never reach the text.

The body's XML is walked here, not through python-docx's paragraphs, which leave out what Word shows from inside
other elements: content controls (``w:sdt``), tracked insertions (``w:ins``), simple fields, smart tags and text
boxes (a flowchart's steps, a letterhead drawn in a box). Text deleted with tracking on (``w:del``,
``w:moveFrom``) is not the document's, and a text box's fallback copy for old Word (``mc:Fallback``) is read once.
Templates and macro-enabled files (.dotx, .docm, .dotm) hold the same body under a content type of their own.
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
from tongwen.index.readers.containers import check_package, transitional, zip_holds

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
    from docx.opc.exceptions import OpcError
    from lxml import etree

    data = _check_package(data)
    try:
        word = _open(io.BytesIO(data))
        blocks, headings, title_paragraph = _body(word)
        # Official files often carry their whole body as an embedded page (Word's altChunk, an .mht part).
        chunk_blocks, chunk_headings = _alt_chunks(word)
        blocks, headings = blocks + chunk_blocks, headings + chunk_headings
        props = _core_properties(word)
    except (OpcError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError,
            TypeError, AttributeError) as error:  # the last two: python-docx on a garbled relationship or part
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


def _check_package(data: bytes) -> bytes:
    """``containers.check_package`` for a Word package, and its body's text checked from its bytes; the package
    as transitional Open XML (``containers.transitional``)."""
    package, data = transitional(check_package(data), data)
    body = next((m for m in package.infolist() if m.filename == _BODY_PART), None)
    if body is not None and body.file_size > limits.MB:
        # Parsed, the body's XML takes some eight times its size: a body whose text is over the limit is
        # refused from its bytes (at most the unpacked limit), before it is parsed.
        from tongwen.index.readers.html import check_page_text

        check_page_text(package.read(body))
    return data


# The main part's content types of a document, a template and their macro-enabled kinds: one body format.
_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)


def _open(stream: io.BytesIO):
    """The python-docx document of a Word package whose main part is a document's, a template's or a
    macro-enabled one's (python-docx itself opens the first kind only)."""
    from docx.opc.part import PartFactory
    from docx.package import Package
    from docx.parts.document import DocumentPart

    for content_type in _MAIN_TYPES:
        PartFactory.part_type_for.setdefault(content_type, DocumentPart)
    part = Package.open(stream).main_document_part
    if not isinstance(part, DocumentPart):
        raise UnreadableFile(f"not a Word document (its main part is {part.content_type})")
    return part.document


def _body(word) -> tuple[list[str], list[StructuralHeading], str]:
    """The body as blocks of text, the headings among them and the first Title-styled paragraph."""
    styles = _paragraph_styles(word)
    walk = _Walk(styles)
    for body in word.element.iterchildren(_BODY):  # one, though a few writers repeat it, and Word shows them all
        walk.blocks_of(body)
    return walk.blocks, walk.headings, walk.title


class _Walk:
    """The text of a body (or a text box, a cell) in document order: a block per line of a paragraph, a row per
    table row; each paragraph's text boxes right after it."""

    def __init__(self, styles: dict, outline: bool = True) -> None:
        self.styles = styles
        self.outline = outline  # headings and the title come from the body, never from a box or a cell
        self.blocks: list[str] = []
        self.headings: list[StructuralHeading] = []
        self.title = ""

    def blocks_of(self, container) -> None:
        """Paragraphs and tables of a body-like element, through content controls and tracked insertions."""
        for child in container:
            tag = child.tag
            if tag == _P:
                self._paragraph(child)
            elif tag == _TBL:
                self.blocks.extend(self._table_rows(child))
            elif tag in _BLOCK_WRAPPERS:
                self.blocks_of(child)
            elif tag == _SDT:
                for content in child.iterchildren(_SDT_CONTENT):
                    self.blocks_of(content)

    def _paragraph(self, p) -> None:
        pieces: list[str] = []
        boxes: list = []
        _inline_text(p, pieces, boxes)
        text = "".join(pieces).replace("\t", " ").strip(" \u3000\xa0")
        for line in (part.strip(" \u3000\xa0") for part in text.split("\n")):
            if line:
                self.blocks.append(line)
        if text and self.outline:
            style = p.xpath("./w:pPr/w:pStyle/@w:val")
            style_name, style_level = self.styles.get(style[0] if style else None, self.styles[None])
            if _TITLE_STYLE.match(style_name):
                self.title = self.title or " ".join(text.split())
            else:
                level = _outline_level(p) or style_level
                if level:
                    self.headings.append(StructuralHeading(" ".join(text.split()), level))
        for box in boxes:
            inner = _Walk(self.styles, outline=False)
            inner.blocks_of(box)
            self.blocks.extend(inner.blocks)

    def _table_rows(self, tbl) -> list[str]:
        """One line per row, cells joined; a merged cell is written once, nested tables are flattened."""
        rows = []
        for tr in _wrapped(tbl, _TR):
            cells = []
            for tc in _wrapped(tr, _TC):
                if tc.xpath("./w:tcPr/w:vMerge[not(@w:val) or @w:val='continue']"):
                    cells.append("")  # the rest of a cell merged down: written in the row it starts in
                    continue
                inner = _Walk(self.styles, outline=False)
                inner.blocks_of(tc)
                cells.append(" ".join(" ".join(inner.blocks).split()))
            if any(cells):
                rows.append(CELL_SEPARATOR.join(cells))
        return rows


def _wrapped(element, tag: str):
    """The children of ``element`` with ``tag``, also inside content controls and custom XML around them (a row
    or a cell can be one)."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag == _SDT:
            for content in child.iterchildren(_SDT_CONTENT):
                yield from _wrapped(content, tag)
        elif child.tag in _BLOCK_WRAPPERS:
            yield from _wrapped(child, tag)


def _inline_text(element, out: list[str], boxes: list) -> None:
    """The text a paragraph shows, in order, into ``out``; its text boxes into ``boxes``."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _NOT_SHOWN:
            continue
        if tag == _T:
            # An entity reference left unresolved is a child of the text: the text after it is its tail.
            out.append((child.text or "") + "".join(part.tail or "" for part in child))
        elif tag in _TABS:
            out.append("\t")
        elif tag in _BREAKS:
            out.append("\n")
        elif tag == _NO_BREAK_HYPHEN:
            out.append("-")
        elif tag == _TXBX:
            boxes.append(child)
        else:
            _inline_text(child, out, boxes)


def _w(name: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + name


_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_BODY, _P, _TBL, _TR, _TC, _T, _SDT, _SDT_CONTENT, _TXBX = map(
    _w, ("body", "p", "tbl", "tr", "tc", "t", "sdt", "sdtContent", "txbxContent"))
_TABS = {_w("tab"), _w("ptab")}
_BREAKS = {_w("br"), _w("cr")}
_NO_BREAK_HYPHEN = _w("noBreakHyphen")
# Block-level wrappers whose paragraphs and tables are the document's (an insertion tracked, custom XML).
_BLOCK_WRAPPERS = {_w("ins"), _w("moveTo"), _w("customXml"), _w("smartTag")}
# What is not shown as the paragraph's text: deletions tracked, properties, field codes, the fallback copy of a
# drawing (its text box read once, from the choice), comments' marks, footnote references' own runs.
_NOT_SHOWN = {_w("del"), _w("moveFrom"), _w("pPr"), _w("rPr"), _w("sdtPr"), _w("sdtEndPr"), _w("instrText"),
              _w("delText"), _w("tblPr"), _MC + "Fallback"}


def _paragraph_styles(word) -> dict:
    """Style id -> (name, heading level or None) for every paragraph style; None -> the default style.

    Read from the styles part's XML once per document: python-docx looks a paragraph's style up by scanning all
    styles, and refuses a style that does not say its type (which means a paragraph style).
    """
    root = word.part._styles_part.element if word.part._styles_part is not None else None
    found: dict = {}
    default = None
    for style in (root.iterchildren(_w("style")) if root is not None else ()):
        if style.get(_w("type"), "paragraph") != "paragraph":
            continue
        style_id = style.get(_w("styleId"))
        names = style.xpath("./w:name/@w:val")
        based = style.xpath("./w:basedOn/@w:val")
        found[style_id] = (names[0].strip() if names else "", _outline_level(style), based[0] if based else None)
        if style.get(_w("default")) in ("1", "true", "on"):
            default = style_id
    styles: dict = {}
    for style_id, (name, outline, based) in found.items():
        match = _HEADING_STYLE.match(name)
        level = max(1, int(match.group(1))) if match else outline
        seen = {style_id}
        while level is None and based in found and based not in seen:  # a cycle of bases ends the search
            seen.add(based)
            _name, level, based = found[based]
        styles[style_id] = (name, level)
    styles[None] = styles.get(default, ("", None))
    return styles


def _outline_level(element) -> int | None:
    """The heading level an outline level in a paragraph's or style's properties sets (0-8 -> 1-9)."""
    outline = element.xpath("./w:pPr/w:outlineLvl/@w:val")
    if outline and outline[0].isdigit() and int(outline[0]) < _BODY_OUTLINE:
        return int(outline[0]) + 1
    return None


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
