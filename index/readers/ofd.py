"""OFD reader (.ofd, China's national format for fixed-layout official documents, GB/T 33190): every page's text in
reading order, without running headers, footers and page numbers.

An OFD file is a zip package. ``OFD.xml`` names each document's root (``Document.xml``), which lists its pages; a
page's ``Content.xml`` places text objects (``TextObject``, with a ``Boundary`` box, in millimetres from the page's
top left) holding ``TextCode`` runs at X/Y inside that box. Runs are gathered into printed lines by their baseline
and ordered left to right, then treated as a PDF's lines are: page furniture dropped by its place on the page
(``pdf.without_furniture``), hard wraps rejoined by cleaning. Pages' templates, annotations and signatures are
drawn over or under the text and are not read. The DocInfo's title counts only where the text says it too.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

from tongwen.index.document import Document
from tongwen.index.errors import UnreadableFile
from tongwen.index.readers import check_text_size, recognize, register
from tongwen.index.readers.assemble import assemble
from tongwen.index.readers.containers import check_package, local_name, xml_part, zip_holds
from tongwen.index.readers.docx import junk_title
from tongwen.index.readers.pdf import PrintedLine, tidy, without_furniture

POINTS_PER_MM = 72 / 25.4  # furniture is placed in points, as a PDF's
_A4_HEIGHT_MM = 297.0
# Runs whose baselines are closer than this share of their font size are one printed line.
_SAME_LINE = 0.5
_LETTERS = re.compile(r"[^\W\d_]")
_LATIN_EDGE = re.compile(r"[A-Za-z0-9]")
# An Author field holding the producing software (`iOFD® 2.1.1 ©2019-2020 dms360.cn`), not a person or a body.
_PRODUCER = re.compile(r"[©®™]|\b\d+\.\d+\.\d+\b|\w\.(?:com|cn|net|org)\b", re.IGNORECASE)


def looks_like_ofd(data: bytes) -> bool:
    """Whether the bytes are an OFD package: a zip archive with an OFD.xml entry."""
    return zip_holds(data, "OFD.xml")


@register(".ofd")
@recognize(looks_like_ofd)
def read_ofd(path: Path, data: bytes) -> Document:
    """The document of an OFD file; one with no text (a scan, text drawn as outlines) is UnreadableFile."""
    from lxml import etree

    package = check_package(data, kind="OFD document", media="Res/")
    try:
        pages, props = _read_package(package)
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, ValueError) as error:
        raise UnreadableFile(f"not a readable OFD document ({error})") from None
    kept = without_furniture(pages)
    raw = "\n".join(line.text for page in kept for line in page)
    if not _LETTERS.search(raw):
        raise UnreadableFile("the OFD has no text (a scan, or text drawn as outlines)")
    return assemble(raw, fmt="ofd", props=props, declared_must_hold=True)


def _children(element, name: str) -> list:
    return [child for child in element if local_name(child) == name]


def _first_text(element, name: str) -> str:
    found = next((e for e in element.iter() if local_name(e) == name), None)
    return " ".join((found.text or "").split()) if found is not None else ""


def _resolve(location: str, base: str) -> str:
    """A part's location as the package names it: absolute from the root, or relative to the part naming it."""
    location = location.strip().replace("\\", "/")
    joined = location.lstrip("/") if location.startswith("/") else posixpath.join(base, location)
    return posixpath.normpath(joined)


def _read_package(package: zipfile.ZipFile) -> tuple[list[list[PrintedLine]], dict]:
    """Every page's printed lines, document after document, and the first document's title, author and date."""
    root = xml_part(package, "OFD.xml")
    pages: list[list[PrintedLine]] = []
    props: dict = {}
    chars = 0
    for body in _children(root, "DocBody"):
        info = next(iter(_children(body, "DocInfo")), None)
        if info is not None and not props:
            props = _doc_info(info)
        doc_root = _first_text(body, "DocRoot")
        if not doc_root:
            continue
        doc_path = _resolve(doc_root, "")
        document = xml_part(package, doc_path)
        base = posixpath.dirname(doc_path)
        height = _page_height(document, _A4_HEIGHT_MM)
        for page in (e for e in document.iter() if local_name(e) == "Page" and e.get("BaseLoc")):
            content = xml_part(package, _resolve(page.get("BaseLoc"), base))
            pages.append(_page_lines(content, _page_height(content, height)))
            # Page by page: a file whose text passes the limit is refused as soon as it does, not once read.
            chars += sum(len(line.text) for line in pages[-1])
            check_text_size(chars)
    return pages, props


def _doc_info(info) -> dict:
    props: dict = {}
    title = _first_text(info, "Title")
    if title and not junk_title(title):
        props["title"] = title
    author = _first_text(info, "Author")
    if author and not _PRODUCER.search(author):
        props["author"] = author
    created = re.match(r"\d{4}-\d{2}-\d{2}", _first_text(info, "CreationDate"))
    if created:
        props["created"] = created.group(0)
    return props


def _page_height(part, default: float) -> float:
    """The height (mm) of the physical box a document or page declares, else ``default``."""
    box = _first_text(part, "PhysicalBox").split()
    try:
        return float(box[3]) if len(box) == 4 and float(box[3]) > 0 else default
    except ValueError:
        return default


def _page_lines(content, height: float) -> list[PrintedLine]:
    """A page's text runs as printed lines, top to bottom, each run placed at its box plus its own offset."""
    runs: list[tuple[float, float, float, str, float]] = []  # baseline, x, font size, text, where it ends
    for text_object in (e for e in content.iter() if local_name(e) == "TextObject"):
        box = (text_object.get("Boundary") or "0 0 0 0").split()
        try:
            left, top = float(box[0]), float(box[1])
            size = float(text_object.get("Size") or 3.5)
        except (ValueError, IndexError):
            continue
        for code in _children(text_object, "TextCode"):
            text = code.text or ""
            if not text.strip():
                continue
            try:
                x, y = float(code.get("X") or 0), float(code.get("Y") or 0)
            except ValueError:
                continue
            runs.append((top + y, left + x, size, text, left + x + _advance(code.get("DeltaX"), text, size)))
    runs.sort(key=lambda run: (run[0], run[1]))
    lines: list[list[tuple[float, float, float, str, float]]] = []
    for run in runs:
        if lines and abs(run[0] - lines[-1][0][0]) <= _SAME_LINE * max(run[2], lines[-1][0][2], 1.0):
            lines[-1].append(run)
        else:
            lines.append([run])
    printed = []
    for line in lines:
        text = _joined(sorted(line, key=lambda run: run[1]))
        baseline = line[0][0]
        printed.append(PrintedLine(tidy(text), baseline * POINTS_PER_MM, (height - baseline) * POINTS_PER_MM))
    return [line for line in printed if line.text]


def _advance(delta_x: str | None, text: str, size: float) -> float:
    """How far a run reaches from its start: its characters' advances (DeltaX, where ``g n d`` repeats ``d`` n
    times), the last one taken as their mean; without them, half the font size per Latin character and the whole
    per other one."""
    deltas: list[float] = []
    words = (delta_x or "").split()
    try:
        k = 0
        while k < len(words):
            if words[k] == "g":
                deltas += [float(words[k + 2])] * int(words[k + 1])
                k += 3
            else:
                deltas.append(float(words[k]))
                k += 1
    except (ValueError, IndexError):
        deltas = []
    deltas = deltas[: max(len(text) - 1, 0)]
    if deltas:
        return sum(deltas) + sum(deltas) / len(deltas)
    return sum(size * (0.5 if ch.isascii() else 1.0) for ch in text)


def _joined(runs: list[tuple[float, float, float, str, float]]) -> str:
    """Runs of one line, left to right: Chinese runs meet directly; two Latin or digit runs with a space where a
    gap (a quarter of the font size) is left between them, so a number drawn in two runs stays one number."""
    out, end = "", None
    for _, x, size, text, reach in runs:
        if out and end is not None and x - end > 0.25 * size and _LATIN_EDGE.match(out[-1]) \
                and _LATIN_EDGE.match(text[0]):
            out += " "
        out, end = out + text, reach
    return out
