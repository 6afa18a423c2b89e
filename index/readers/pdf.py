"""PDF reader: the text layer in reading order, without running headers, footers and page numbers.

PDFium (through pypdfium2) extracts the text, CJK included, with the line breaks of the printed page; the
breaks inside sentences are then rejoined by the same cleaning as plain text. Page furniture is recognised
by geometry, not by stream order (exporters often draw the footer first): a line near the top or bottom of
a page that recurs at the same height on most pages, or that is a page number, is dropped.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from tongwen.index.document import Document
from tongwen.index.errors import UnreadableFile
from tongwen.index.readers import check_text_size, recognize, register
from tongwen.index.readers.assemble import assemble

# PDFium is not thread-safe: one document at a time per process.
_PDFIUM = threading.Lock()

# How many lines at each edge of a page may be furniture, and how far (in points) a repeated line may move.
_EDGE_LINES = 3
_EDGE_SHARE = 0.2  # page furniture sits in the outer fifth of the page height
_SAME_PLACE = 4.0

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－_~·•.\s]*\d{1,4}[-—–－_~·•.\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$",
    re.IGNORECASE,
)
_LETTERS = re.compile(r"[^\W\d_]")
_JUNK_TITLE = re.compile(r"(?:^microsoft\s+word\s*-|\.(?:docx?|wps|pdf|txt)$|^untitled$|^无标题)", re.IGNORECASE)


@dataclass(frozen=True)
class PrintedLine:
    """One printed line: its text and its distance from the top and from the bottom of its page."""

    text: str
    from_top: float
    from_bottom: float


def looks_like_pdf(data: bytes) -> bool:
    """Whether the bytes start as a PDF does (a .pdf file itself may have junk before its header)."""
    return data.lstrip(b"\x00\t\r\n\f ").startswith(b"%PDF-")


@register(".pdf")
@recognize(looks_like_pdf)
def read_pdf(path: Path, data: bytes) -> Document:
    """The document of a PDF with a text layer; a scan without one is UnreadableFile."""
    import pypdfium2 as pdfium

    with _PDFIUM:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as error:
            raise UnreadableFile(f"cannot open the PDF ({error})") from None
        try:
            pages, chars = [], 0
            for index in range(len(pdf)):
                pages.append(_page_lines(pdf, index))
                # Page by page: a PDF whose text passes the limit is refused as soon as it does, not once read.
                chars += sum(len(line.text) for line in pages[-1])
                check_text_size(chars)
            props = _properties(pdf)
        except pdfium.PdfiumError as error:
            raise UnreadableFile(f"cannot read the PDF ({error})") from None
        finally:
            pdf.close()

    kept = without_furniture(pages)
    raw = "\n".join(line.text for page in kept for line in page)
    if not _LETTERS.search(raw):
        raise UnreadableFile("the PDF has no text layer (scanned?)")
    return assemble(raw, fmt="pdf", props=props, declared_must_hold=True)


def _page_lines(pdf, index: int) -> list[PrintedLine]:
    """The lines of one page in PDFium's reading order, each placed by its first visible character."""
    page = pdf[index]
    textpage = page.get_textpage()
    try:
        _, height = page.get_size()
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count > 0 else ""
        # Without one character per index the geometry cannot be read; the page then has no furniture.
        placed = len(text) == count
        lines: list[PrintedLine] = []
        start = 0
        for raw_line in re.split(r"(\r\n|\r|\n)", text)[::2]:
            visible = raw_line.strip()
            if visible:
                if placed:
                    first = start + (len(raw_line) - len(raw_line.lstrip()))
                    _, bottom, _, top = textpage.get_charbox(first)
                    middle = (bottom + top) / 2
                else:
                    middle = height / 2
                lines.append(PrintedLine(tidy(raw_line), height - middle, middle))
            start += len(raw_line) + _break_length(text, start + len(raw_line))
        return lines
    finally:
        textpage.close()
        page.close()


def _break_length(text: str, at: int) -> int:
    if text.startswith("\r\n", at):
        return 2
    return 1 if at < len(text) else 0


def tidy(line: str) -> str:
    """PDFium's stand-ins for soft hyphens and unmapped glyphs out, the line's edges trimmed."""
    return line.replace("\x02", "-").replace("\ufffe", "").replace("\x00", "").strip()


def without_furniture(pages: list[list[PrintedLine]]) -> list[list[PrintedLine]]:
    """The pages without running headers, running footers and page numbers (of any fixed-layout format: the OFD
    reader places its lines the same way)."""
    candidates: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for number, lines in enumerate(pages):
        for zone, line in _edge_lines(lines):
            key = (zone, _shape(line.text))
            place = line.from_top if zone == "top" else line.from_bottom
            candidates.setdefault(key, []).append((number, place))

    needed = max(2, math.ceil(len(pages) / 2))
    furniture: set[tuple[int, str, str]] = set()
    for (zone, shape), places in candidates.items():
        for number, place in places:
            pages_here = {other for other, there in places if abs(there - place) <= _SAME_PLACE}
            if len(pages_here) >= needed:
                furniture.add((number, zone, shape))

    kept: list[list[PrintedLine]] = []
    for number, lines in enumerate(pages):
        edges = {id(line): zone for zone, line in _edge_lines(lines)}
        page: list[PrintedLine] = []
        for line in lines:
            zone = edges.get(id(line))
            if zone and ((number, zone, _shape(line.text)) in furniture or _PAGE_NUMBER.match(line.text)):
                continue
            page.append(line)
        kept.append(page)
    return kept


def _edge_lines(lines: list[PrintedLine]):
    """(zone, line) for the few lines nearest the top and the bottom of a page, within its margins."""
    by_height = sorted(lines, key=lambda line: line.from_top)
    top = [line for line in by_height[:_EDGE_LINES] if line.from_top < _EDGE_SHARE * _height(line)]
    bottom = [line for line in by_height[-_EDGE_LINES:] if line.from_bottom < _EDGE_SHARE * _height(line)]
    seen = set()
    for zone, group in (("top", top), ("bottom", bottom)):
        for line in group:
            if id(line) not in seen:
                seen.add(id(line))
                yield zone, line


def _height(line: PrintedLine) -> float:
    return line.from_top + line.from_bottom


def _shape(text: str) -> str:
    """A line with its numbers blurred, so 'page 3 of 9' on every page counts as the same line."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _properties(pdf) -> dict:
    """Title, author and creation date from the document information dictionary, where meaningful."""
    info = pdf.get_metadata_dict(skip_empty=True)
    props: dict = {}
    title = (info.get("Title") or "").strip()
    if title and not _JUNK_TITLE.search(title):
        props["title"] = title
    author = (info.get("Author") or "").strip()
    if author:
        props["author"] = author
    created = _pdf_date(info.get("CreationDate") or "")
    if created:
        props["created"] = created
    return props


def _pdf_date(value: str) -> str | None:
    """A PDF date string (D:20161117093000+08'00') as an ISO date."""
    match = re.match(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?", value.strip())
    if not match:
        return None
    year, month, day = match.groups()
    if month and day:
        return f"{year}-{month}-{day}"
    return f"{year}-{month}" if month else year
