"""The packages documents come in: zip archives (Word, Excel and PowerPoint packages, OFD, OpenDocument) and OLE
compound files (Word, Excel and PowerPoint 97–2003, WPS), recognized by their own directories and checked before
they are unpacked; and their XML parts, parsed so that no entity is expanded and nothing a part names is fetched
(a document handed to the indexer must not pull a file of the machine into the index).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
import zipfile
import zlib

from tongwen.index import limits
from tongwen.index.errors import UnreadableFile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def zip_holds(data: bytes, part: str) -> bool:
    """Whether the bytes are a zip archive whose own directory lists ``part``: not a byte search, which a package
    embedding another (a deck's chart keeps a workbook) would pass."""
    if not data.startswith(b"PK\x03\x04") or part.encode() not in data:
        return False  # the common case, decided without reading the archive's directory
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            package.getinfo(part)
    except (KeyError, zipfile.BadZipFile, ValueError, OSError):
        return False
    return True


def root_holds(data: bytes, streams: tuple[str, ...]) -> bool:
    """Whether the compound file ``data`` holds one of ``streams`` at its root (not inside an embedded object: a
    workbook may carry a Word document, a document a workbook)."""
    import olefile

    if not any(name.encode("utf-16-le") in data for name in streams):
        return False  # the common case, decided without parsing the file
    try:
        with olefile.OleFileIO(data) as ole:
            return any(ole.exists(name) for name in streams)
    except Exception:  # a damaged container: whoever reads it by its suffix says so
        return False


def check_package(data: bytes, kind: str = "Word document", media: str = "word/media/") -> zipfile.ZipFile:
    """UnreadableFile for a zip bomb: text parts (all but those in a folder named ``media``, at the root or, for
    a folder name without a slash before it, anywhere: an OFD keeps each document's fonts and images in its own
    ``Doc_N/Res/``) that unpack past the limit, or a part that inflates too much; ``kind`` names the format in the
    message for a file that is no zip. Returns the package, opened once for the check and the reading."""
    if data.startswith(OLE_MAGIC) and root_holds(data, ("EncryptedPackage",)):
        # Office keeps a password-protected package whole inside a compound file.
        raise UnreadableFile("encrypted (password-protected); skipped")
    bounds = limits.current()
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        members = package.infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        raise UnreadableFile(f"not a readable {kind} ({error})") from None
    nested = "/" + media if "/" not in media.rstrip("/") else None
    unpacked = sum(m.file_size for m in members
                   if not (m.filename.startswith(media) or (nested is not None and nested in "/" + m.filename)))
    if unpacked > bounds.max_unpacked_bytes:
        raise UnreadableFile(f"its parts unpack to {unpacked / limits.MB:.0f} MB, over the limit of "
                             f"{bounds.max_unpacked_bytes // limits.MB} MB (TONGWEN_MAX_UNPACKED_MB); skipped")
    for m in members:
        if m.file_size > limits.MB and m.file_size > bounds.max_ratio * max(m.compress_size, 1):
            raise UnreadableFile(f"{m.filename} inflates {m.file_size // max(m.compress_size, 1)} times, over the "
                                 f"limit of {bounds.max_ratio} (a zip bomb); skipped")
    return package


# ISO/IEC 29500 Strict names the vocabularies of the transitional packages every library reads otherwise (Excel's
# "Strict Open XML" saves): the main vocabularies, and drawingml's and officeDocument's (the relationships, whose
# name begins each relationship type, among them), each a fixed renaming. Package-level names (content types, core
# properties) are the same in both.
_STRICT_NAME = re.compile(rb"http://purl\.oclc\.org/ooxml/(?:(wordprocessingml|spreadsheetml|presentationml)/main"
                          rb"|(drawingml|officeDocument)/(\w+)(/\w+)?)")
# The part that tells a Strict package: its package relationships, else its main part (a package may lack the first).
_SAYS_STRICT = ("_rels/.rels", "word/document.xml", "xl/workbook.xml", "ppt/presentation.xml")
_TRANSITIONAL_SPELLING = {b"extendedProperties": b"extended-properties", b"customProperties": b"custom-properties"}


# What reading a part of a damaged archive raises (a bad header or CRC, a cut or garbled deflate stream, a method
# zipfile lacks, a part encrypted on its own).
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError)


def _transitional_name(match: re.Match) -> bytes:
    main, family, name, kind = match.groups()
    if main:
        return b"http://schemas.openxmlformats.org/" + main + b"/2006/main"
    # A relationship type is the relationships' name and a kind (/officeDocument, /extendedProperties): both renamed.
    kind = b"/" + _TRANSITIONAL_SPELLING.get(kind[1:], kind[1:]) if kind else b""
    return b"http://schemas.openxmlformats.org/" + family + b"/2006/" + _TRANSITIONAL_SPELLING.get(name, name) + kind


def transitional(package: zipfile.ZipFile, data: bytes) -> tuple[zipfile.ZipFile, bytes]:
    """The package as transitional Open XML: itself, or, written in Strict (its relationships or main part say so), a
    copy whose XML parts name the transitional vocabularies. Python-docx, openpyxl and the readers here know those
    only: a Strict workbook read as one without a cell of text, a Strict document as no Word document."""
    names = set(package.namelist())
    said = next((name for name in _SAYS_STRICT if name in names), None)
    try:
        if said is None or b"purl.oclc.org/ooxml/" not in package.read(said):
            return package, data
    except _DAMAGED:
        return package, data  # a damaged part: the reader that opens it says what is wrong
    try:
        data = repackaged(package, lambda name, part: _STRICT_NAME.sub(_transitional_name, part)
                          if name.endswith((".xml", ".rels")) else part)
    except _DAMAGED as error:
        raise UnreadableFile(f"not a readable Strict Open XML package ({error})") from None
    return zipfile.ZipFile(io.BytesIO(data)), data


def repackaged(package: zipfile.ZipFile, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """The bytes of a copy of ``package`` whose parts are ``change(name, part)`` (None leaves the part out)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in package.infolist():
            part = change(item.filename, package.read(item.filename))
            if part is not None:
                copy.writestr(item, part)
    return out.getvalue()


def xml_part(package: zipfile.ZipFile, name: str):
    """The XML part ``name`` of ``package`` (a leading slash, as some packages write names, allowed), parsed
    without entities, DTDs or network access."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(package.read(name.lstrip("/")), parser)


def local_name(element) -> str:
    """An element's tag without its namespace ('' for a comment or processing instruction)."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
