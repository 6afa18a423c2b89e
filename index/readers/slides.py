"""Slides reader (.pptx, and .ppt of PowerPoint 97–2003: a policy briefing's 政策解读 deck): every slide's text in
presentation order, each slide's title a section, tables as rows of cells.

A .pptx is a zip package: ``ppt/presentation.xml`` lists the slides in order (relationship ids that
``ppt/_rels/presentation.xml.rels`` maps to ``slides/slideN.xml``); a slide's text is in its shapes' paragraphs
(``a:p``, runs ``a:t``), its title in the shape whose placeholder is a title, a SmartArt graphic's text in the
diagram data part the slide relates to. Speaker notes, masters and layouts (the template's placeholder text) are
not read. Its XML is parsed without entities or network access.

A .ppt keeps its text in records of its ``PowerPoint Document`` stream ([MS-PPT]): text atoms (UTF-16, or one byte
per character) in the outline of the slides and in the slides' own text boxes, each after a header saying whether
it is a title. The master slides' placeholder text and the notes pages are skipped with their containers.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
from pathlib import Path

from tongwen.index.document import Document
from tongwen.index.errors import UnreadableFile
from tongwen.index.readers import check_text_size, recognize, register
from tongwen.index.readers.assemble import StructuralHeading, assemble
from tongwen.index.readers.containers import (OLE_MAGIC, check_package, local_name, root_holds, transitional,
                                              xml_part, zip_holds)
from tongwen.index.readers.docx import CELL_SEPARATOR

_SLIDE = re.compile(r"^ppt/slides/slide(\d+)\.xml$")
_TITLE_PLACEHOLDERS = ("title", "ctrTitle")


def looks_like_pptx(data: bytes) -> bool:
    """Whether the bytes are a PowerPoint package: a zip archive with a ppt/presentation.xml part."""
    return zip_holds(data, "ppt/presentation.xml")


@register(".pptx", ".pptm", ".ppsx", ".ppsm", ".potx", ".potm")
@recognize(looks_like_pptx)
def read_pptx(path: Path, data: bytes) -> Document:
    """The document of a PowerPoint (.pptx) presentation."""
    from lxml import etree

    package, data = transitional(check_package(data, kind="presentation", media="ppt/media/"), data)
    try:
        lines: list[str] = []
        headings: list[StructuralHeading] = []
        chars = 0
        for name in _slide_order(package):
            title, text = _slide_text(xml_part(package, name))
            if title:
                headings.append(StructuralHeading(title, 1))
            for diagram in _diagrams(package, name):  # a SmartArt graphic keeps its text in a part of its own
                text += _slide_text(xml_part(package, diagram))[1]
            lines += text
            chars += sum(map(len, text))
            check_text_size(chars)
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, ValueError) as error:
        raise UnreadableFile(f"not a readable presentation ({error})") from None
    if not any(line.strip() for line in lines):
        raise UnreadableFile("empty: no text on its slides")
    first_title = headings[0].text if headings else None
    return assemble("\n".join(lines), fmt="pptx", props={}, title=first_title, headings=headings, join_lines=False)


def _slide_order(package: zipfile.ZipFile) -> list[str]:
    """The slides' part names in the order the presentation shows them; by number where it does not say."""
    names = set(package.namelist())
    numbered = [name for _, name in sorted((int(m.group(1)), m.group(0)) for m in map(_SLIDE.match, names) if m)]
    try:
        presentation = xml_part(package, "ppt/presentation.xml")
        rels = xml_part(package, "ppt/_rels/presentation.xml.rels")
    except KeyError:
        return numbered
    target = {rel.get("Id"): _part(rel.get("Target"), "ppt") for rel in rels if local_name(rel) == "Relationship"}
    ordered = []
    for slide_id in (e for e in presentation.iter() if local_name(e) == "sldId"):
        rid = next((value for key, value in slide_id.attrib.items() if key.endswith("}id")), None)
        name = target.get(rid)
        if name in names and name not in ordered:
            ordered.append(name)
    return ordered or numbered


def _part(target: str | None, folder: str) -> str:
    """The part a relationship's target names: from the package's root when it starts with a slash (as some
    writers put it), else from the folder of the part that relates to it."""
    target = (target or "").replace("\\", "/")
    return posixpath.normpath(target[1:] if target.startswith("/") else posixpath.join(folder, target))


def _diagrams(package: zipfile.ZipFile, slide: str) -> list[str]:
    """The SmartArt data parts a slide shows, from its relationships."""
    folder, name = posixpath.split(slide)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in package.namelist():
        return []
    found = []
    for rel in xml_part(package, rels_name):
        if local_name(rel) == "Relationship" and (rel.get("Type") or "").endswith("/diagramData"):
            target = _part(rel.get("Target"), folder)
            if target in package.namelist():
                found.append(target)
    return found


def _slide_text(slide) -> tuple[str, list[str]]:
    """(the slide's title, its lines): each paragraph a line, each table row one line of its cells."""
    title = ""
    lines: list[str] = []
    in_table: set = set()
    for element in slide.iter():
        name = local_name(element)
        if name == "tr":
            cells = [" ".join(_runs(cell).split()) for cell in element if local_name(cell) == "tc"]
            if any(cells):
                lines.append(CELL_SEPARATOR.join(cells))
            in_table.update(p for p in element.iter() if local_name(p) == "p")
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
        name = local_name(e)
        if name == "t" and e.text:
            out.append(e.text)
        elif name == "p" and out:
            out.append(" ")
    return "".join(out)


def _placeholder(shape) -> str | None:
    """The placeholder type of a shape (title, ctrTitle, body…), None for a shape that is none."""
    for e in shape.iter():
        if local_name(e) == "ph":
            return e.get("type", "body")
    return None


# --- PowerPoint 97–2003 ----------------------------------------------------------------------------------------------

_PPT_STREAM = "PowerPoint Document"
_TEXT_HEADER, _TEXT_CHARS, _TEXT_BYTES = 0x0F9F, 0x0FA0, 0x0FA8
# Containers whose text is not the slides': master slides (placeholder prompts), notes pages, the handout master.
_MAIN_MASTER, _NOTES, _HANDOUT = 0x03F8, 0x03F0, 0x0FC9
_TITLE_TYPES = (0, 6)  # the text header's Tx_TYPE_TITLE and Tx_TYPE_CENTERTITLE
# PowerPoint's own prompts on a title master's placeholders (a title master is stored as a slide): they open the
# text boxes of the template, never a slide's text. English, Simplified and Traditional Chinese editions.
_MASTER_PROMPTS = frozenset({
    "Click to edit Master title style", "Click to edit Master subtitle style", "Click to edit Master text styles",
    "单击此处编辑母版标题样式", "单击此处编辑母版副标题样式", "单击此处编辑母版文本样式",
    "按一下以編輯母片標題樣式", "按一下以編輯母片副標題樣式", "按一下以編輯母片文字樣式",
})
# A paragraph that is only a field's stand-in (the slide number's "*").
_FIELD_ONLY = frozenset({"*", "‹#›"})
_MAX_DEPTH = 32


def looks_like_ppt(data: bytes) -> bool:
    """Whether the bytes are a compound file holding a PowerPoint Document stream at its root."""
    return data.startswith(OLE_MAGIC) and root_holds(data, (_PPT_STREAM,))


@register(".ppt", ".pps", ".pot", ".dps", ".dpt")
@recognize(looks_like_ppt)
def read_ppt(path: Path, data: bytes) -> Document:
    """The document of a PowerPoint 97–2003 presentation (and a WPS presentation in that format)."""
    import olefile

    try:
        with olefile.OleFileIO(data) as ole:
            if not ole.exists(_PPT_STREAM):
                raise UnreadableFile("not a PowerPoint 97–2003 presentation (no PowerPoint Document stream)")
            if ole.exists("EncryptedSummary"):
                raise UnreadableFile("encrypted (password-protected); skipped")
            stream = ole.openstream(_PPT_STREAM).read()
    except (OSError, ValueError, struct.error, IndexError) as error:
        raise UnreadableFile(f"not a readable presentation ({error})") from None
    lines: list[str] = []
    headings: list[StructuralHeading] = []
    chars = 0
    for kind, text in ppt_texts(stream):
        paragraphs = [" ".join(p.split()) for p in re.split(r"[\r\n\x0b]", text)]
        paragraphs = [p for p in paragraphs if p and p not in _FIELD_ONLY]
        if paragraphs and paragraphs[0] in _MASTER_PROMPTS:
            continue
        if kind in _TITLE_TYPES and paragraphs:
            headings.append(StructuralHeading(" ".join(paragraphs), 1))
            paragraphs = [" ".join(paragraphs)]
        lines += paragraphs
        chars += sum(map(len, paragraphs))
        check_text_size(chars)
    if not lines:
        raise UnreadableFile("empty: no text on its slides")
    first_title = headings[0].text if headings else None
    return assemble("\n".join(lines), fmt="ppt", props={}, title=first_title, headings=headings, join_lines=False)


def ppt_texts(stream: bytes) -> list[tuple[int | None, str]]:
    """(text type of the header before it, or None; text) of every text atom of the stream, in stream order,
    outside master slides, notes and the handout."""
    out: list[tuple[int | None, str]] = []
    pending: list[tuple[int, int, int]] = [(0, len(stream), 0)]  # (start, end, depth) of record runs to read
    kind: int | None = None
    while pending:
        at, end, depth = pending.pop()
        while at + 8 <= end:
            ver_instance, rec_type, length = struct.unpack_from("<HHI", stream, at)
            body, at = at + 8, min(at + 8 + length, end)
            if ver_instance & 0x0F == 0x0F:  # a container: its records are read before those after it
                if rec_type not in (_MAIN_MASTER, _NOTES, _HANDOUT) and depth < _MAX_DEPTH:
                    pending.append((at, end, depth))
                    pending.append((body, at, depth + 1))
                    break
            elif rec_type == _TEXT_HEADER and at - body >= 4:
                kind = struct.unpack_from("<I", stream, body)[0]
            elif rec_type == _TEXT_CHARS:
                out.append((kind, stream[body:at].decode("utf-16-le", errors="replace")))
                kind = None
            elif rec_type == _TEXT_BYTES:
                out.append((kind, stream[body:at].decode("latin-1")))
                kind = None
    return out
