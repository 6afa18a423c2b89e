"""Slides reader (.pptx: a policy briefing's 政策解读 deck): every slide's text in presentation order, each slide's
title a section, tables as rows of cells.

A .pptx is a zip package: ``ppt/presentation.xml`` lists the slides in order (relationship ids that
``ppt/_rels/presentation.xml.rels`` maps to ``slides/slideN.xml``); a slide's text is in its shapes' paragraphs
(``a:p``, runs ``a:t``), its title in the shape whose placeholder is a title, a SmartArt graphic's text in the
diagram data part the slide relates to. Speaker notes, masters and layouts (the template's placeholder text) are
not read. Its XML is parsed without entities or network access.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path

from tongwen.index.document import Document
from tongwen.index.errors import UnreadableFile
from tongwen.index.readers import check_text_size, recognize, register
from tongwen.index.readers.assemble import StructuralHeading, assemble
from tongwen.index.readers.docx import CELL_SEPARATOR, check_package, zip_holds

_SLIDE = re.compile(r"^ppt/slides/slide(\d+)\.xml$")
_TITLE_PLACEHOLDERS = ("title", "ctrTitle")


def looks_like_pptx(data: bytes) -> bool:
    """Whether the bytes are a PowerPoint package: a zip archive with a ppt/presentation.xml part."""
    return zip_holds(data, "ppt/presentation.xml")


@register(".pptx", ".pptm", ".ppsx")
@recognize(looks_like_pptx)
def read_pptx(path: Path, data: bytes) -> Document:
    """The document of a PowerPoint (.pptx) presentation."""
    from lxml import etree

    check_package(data, kind="presentation", media="ppt/media/")
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        lines: list[str] = []
        headings: list[StructuralHeading] = []
        for name in _slide_order(package):
            title, text = _slide_text(_parse(package, name))
            if title:
                headings.append(StructuralHeading(title, 1))
            lines += text
            for diagram in _diagrams(package, name):  # a SmartArt graphic keeps its text in a part of its own
                lines += _slide_text(_parse(package, diagram))[1]
            check_text_size(sum(len(line) for line in lines))
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, ValueError) as error:
        raise UnreadableFile(f"not a readable presentation ({error})") from None
    if not any(line.strip() for line in lines):
        raise UnreadableFile("empty: no text on its slides")
    first_title = headings[0].text if headings else None
    return assemble("\n".join(lines), fmt="pptx", props={}, title=first_title, headings=headings, join_lines=False)


def _parse(package: zipfile.ZipFile, name: str):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    return etree.fromstring(package.read(name), parser)


def _local(element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _slide_order(package: zipfile.ZipFile) -> list[str]:
    """The slides' part names in the order the presentation shows them; by number where it does not say."""
    names = set(package.namelist())
    numbered = [name for _, name in sorted((int(m.group(1)), m.group(0)) for m in map(_SLIDE.match, names) if m)]
    try:
        presentation = _parse(package, "ppt/presentation.xml")
        rels = _parse(package, "ppt/_rels/presentation.xml.rels")
    except KeyError:
        return numbered
    target = {rel.get("Id"): posixpath.normpath(posixpath.join("ppt", rel.get("Target") or ""))
              for rel in rels if _local(rel) == "Relationship"}
    ordered = []
    for slide_id in (e for e in presentation.iter() if _local(e) == "sldId"):
        rid = next((value for key, value in slide_id.attrib.items() if key.endswith("}id")), None)
        name = target.get(rid)
        if name in names and name not in ordered:
            ordered.append(name)
    return ordered or numbered


def _diagrams(package: zipfile.ZipFile, slide: str) -> list[str]:
    """The SmartArt data parts a slide shows, from its relationships."""
    folder, name = posixpath.split(slide)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in package.namelist():
        return []
    found = []
    for rel in _parse(package, rels_name):
        if _local(rel) == "Relationship" and (rel.get("Type") or "").endswith("/diagramData"):
            target = posixpath.normpath(posixpath.join(folder, rel.get("Target") or ""))
            if target in package.namelist():
                found.append(target)
    return found


def _slide_text(slide) -> tuple[str, list[str]]:
    """(the slide's title, its lines): each paragraph a line, each table row one line of its cells."""
    title = ""
    lines: list[str] = []
    in_table: set = set()
    for element in slide.iter():
        name = _local(element)
        if name == "tr":
            cells = [" ".join(_runs(cell).split()) for cell in element if _local(cell) == "tc"]
            if any(cells):
                lines.append(CELL_SEPARATOR.join(cells))
            in_table.update(p for p in element.iter() if _local(p) == "p")
        elif name == "sp" and not title and _placeholder(element) in _TITLE_PLACEHOLDERS:
            title = " ".join(_runs(element).split())
        elif name == "p" and element not in in_table:
            text = " ".join(_runs(element).split())
            if text:
                lines.append(text)
    return title, lines


def _runs(element) -> str:
    """The text of the runs under ``element``, a paragraph's runs joined, paragraphs apart."""
    out = []
    for e in element.iter():
        name = _local(e)
        if name == "t" and e.text:
            out.append(e.text)
        elif name == "p" and out:
            out.append(" ")
    return "".join(out)


def _placeholder(shape) -> str | None:
    """The placeholder type of a shape (title, ctrTitle, body…), None for a shape that is none."""
    for e in shape.iter():
        if _local(e) == "ph":
            return e.get("type", "body")
    return None
