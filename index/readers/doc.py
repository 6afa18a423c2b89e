"""Word binary reader (.doc of Word 6 to 2003, and WPS files, written in the same format): the main document's text.

Government sites still publish many of their attachments as .doc. The file is an OLE compound file; its
``WordDocument`` stream opens with the FIB, which says where the piece table (the Clx, in the ``0Table`` or
``1Table`` stream) is and how many characters the main document has. Each piece is a run of text stored as UTF-16
or, compressed, as one byte per character (cp1252; Chinese text is never compressed). Footnotes, headers and
comments follow the main document in the same character stream and are left out, as the DOCX reader leaves out
headers and footers. Field instructions (``HYPERLINK "…"``, ``PAGE``) are dropped and their results kept.
The layout is Microsoft's [MS-DOC] specification (FIB, Clx, PlcPcd, FcCompressed). Word 6/95 wrote the main
document as one run of bytes from fcMin in the code page of the document's language; a fast-saved one keeps pieces
in a layout of its own and is not read.

A .doc that is really a .docx, a web page, RTF or plain text (sites save all four under that name) is read as what
it is.
"""

from __future__ import annotations

import codecs
import re
import struct
from pathlib import Path

from tongwen.index.document import Document
from tongwen.index.errors import UnreadableFile
from tongwen.index.readers import check_text_size, recognize, register
from tongwen.index.readers.assemble import assemble
from tongwen.index.readers.containers import OLE_MAGIC, root_holds
from tongwen.index.readers.docx import CELL_SEPARATOR, junk_title

_WORD97 = 0xA5EC  # wIdent of Word 97 and later; Word 6/95 files say 0xA5DC and lay the FIB out differently
_WORD97_NFIB = 0x00C1
_ENCRYPTED, _TABLE_1, _OBFUSCATED = 0x0100, 0x0200, 0x8000
_CLX_PAIR = 33  # fcClx/lcbClx is the 34th (fc, lcb) pair of the FIB's FibRgFcLcb97
_COMPRESSED = 0x40000000

# Field marks: begin, separator (instructions before it, the result after), end.
_FIELD_BEGIN, _FIELD_SEPARATOR, _FIELD_END = "\x13", "\x14", "\x15"
_CELL = "\x07"  # ends a table cell; a second one in a row ends the row
_CELL_RUN = re.compile(f"{_CELL}{{2,}}\r?")
# Characters that stand for something else in the stream: paragraph and line ends, breaks, special hyphens.
_SPECIAL = str.maketrans({"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x0e": "\n", "\x1e": "-", "\x1f": None,
                          "\xa0": " "})
# What is left below a space after that is an anchor of a picture, note or drawing, not text.
_ANCHORS = re.compile(r"[\x00-\x08\x0e-\x1f]")


def looks_like_word_binary(data: bytes) -> bool:
    """Whether the bytes are a compound file holding a WordDocument stream at its root."""
    return data.startswith(OLE_MAGIC) and root_holds(data, ("WordDocument",))


@register(".doc", ".dot", ".wps", ".wpt")
@recognize(looks_like_word_binary)
def read_doc(path: Path, data: bytes) -> Document:
    """The document of a Word 97–2003 (.doc) or WPS file."""
    if not data.startswith(OLE_MAGIC):
        return _other_kind(path, data)
    raw, props, boxes = word_binary_text(data)
    if not raw.strip() and not boxes.strip():
        raise UnreadableFile("empty: no text in the main document or its text boxes")
    # Text boxes are a story of their own, after the main text; which paragraph anchors each would take the
    # drawing layer to tell, so they follow the text, and the metadata is read from the text alone.
    return assemble(raw, fmt="doc", props=props, join_lines=False, declared_must_hold=True, appendix=boxes)


def _other_kind(path: Path, data: bytes) -> Document:
    """A file named .doc that is not one: plain text (some sites name their text files so), RTF; a package or a
    page under the name is caught before by its own reader's recognizer."""
    from tongwen.index.readers.rtf import looks_like_rtf, read_rtf
    from tongwen.index.readers.text import read_text

    if looks_like_rtf(data):
        return read_rtf(path, data)
    try:
        return read_text(path, data)
    except UnreadableFile:
        raise UnreadableFile("not a Word document (no OLE compound file header), nor text") from None


# Word 6/95 stores its text one or two bytes per character in the code page of the document's language.
_WORD6 = 0xA5DC
_COMPLEX = 0x0004  # fast-saved: the text is in pieces, as Word 97 keeps it, in a layout of its own
_LANGUAGE_CODE_PAGES = {0x0804: "gb18030", 0x1004: "gb18030", 0x0404: "cp950", 0x0C04: "big5hkscs", 0x1404: "cp950",
                        0x0411: "cp932", 0x0412: "cp949", 0x0419: "cp1251", 0x0402: "cp1251", 0x0422: "cp1251",
                        0x0423: "cp1251", 0x0405: "cp1250", 0x0415: "cp1250", 0x040E: "cp1250", 0x0408: "cp1253",
                        0x041F: "cp1254"}


def word_binary_text(data: bytes) -> tuple[str, dict, str]:
    """(the main document's text with paragraphs, cells and fields resolved, title and author properties, the text
    of its text boxes) of a Word binary file (Word 97 and later from its piece table, Word 6/95 from its one run of
    text, without boxes); UnreadableFile for one that is encrypted, fast-saved by Word 6/95, older, or damaged."""
    import olefile

    try:
        ole = olefile.OleFileIO(data)
    except (OSError, ValueError, struct.error, IndexError) as error:
        raise UnreadableFile(f"not a readable Word document ({error})") from None
    try:
        if not ole.exists("WordDocument"):
            raise UnreadableFile("not a Word document: an Office file of another kind")
        word = ole.openstream("WordDocument").read()
        if _u16(word, 0) == _WORD6 and _u16(word, 2) < _WORD97_NFIB:
            return _resolve(_word6_text(word)), _summary(ole), ""
        table_name = "1Table" if _u16(word, 0x0A) & _TABLE_1 else "0Table"
        _check_fib(word)
        if not ole.exists(table_name):
            raise UnreadableFile(f"not a readable Word document (its {table_name} stream is missing)")
        table = ole.openstream(table_name).read()
        props = _summary(ole)
        text, boxes = _stories(word, table)
    except (OSError, ValueError, struct.error, IndexError) as error:
        raise UnreadableFile(f"not a readable Word document ({error})") from None
    finally:
        ole.close()
    return _resolve(text), props, _resolve(boxes)


def _u16(buf: bytes, at: int) -> int:
    if at + 2 > len(buf):
        raise UnreadableFile("not a readable Word document (its header is cut short)")
    return struct.unpack_from("<H", buf, at)[0]


def _u32(buf: bytes, at: int) -> int:
    if at + 4 > len(buf):
        raise UnreadableFile("not a readable Word document (its header is cut short)")
    return struct.unpack_from("<I", buf, at)[0]


def _check_fib(word: bytes) -> None:
    """UnreadableFile, saying why, for a file whose text cannot be read from its piece table."""
    ident, nfib, flags = _u16(word, 0), _u16(word, 2), _u16(word, 0x0A)
    if flags & (_ENCRYPTED | _OBFUSCATED):
        raise UnreadableFile("encrypted (password-protected); skipped")
    if ident != _WORD97 or nfib < _WORD97_NFIB:
        raise UnreadableFile("a document of a Word older than Word 6, which is not read; save it as .docx")


def _word6_text(word: bytes) -> str:
    """The main document of a Word 6/95 file: ccpText bytes from fcMin, in the code page of its language (or, for
    a language that does not say, the legacy encoding its bytes read as)."""
    from tongwen.index.encoding import detect

    flags, language = _u16(word, 0x0A), _u16(word, 0x06)
    if flags & _ENCRYPTED:
        raise UnreadableFile("encrypted (password-protected); skipped")
    if flags & _COMPLEX:
        raise UnreadableFile("a fast-saved Word 6/95 document, which is not read; save it as .docx")
    fc_min, ccp_text = _u32(word, 0x18), _u32(word, 0x34)
    check_text_size(ccp_text)
    raw = word[fc_min : fc_min + ccp_text]
    codec = _LANGUAGE_CODE_PAGES.get(language)
    if codec is None:
        try:
            codec = detect(bytes(b for b in raw if b >= 0x20) or b" ")[1]  # Word's marks aside
        except UnreadableFile:
            codec = "cp1252"
        codec = codec if codec in ("gb18030", "cp950", "big5hkscs", "utf-8") else "cp1252"
    return raw.decode(codec, errors="replace")


def _fib_layout(word: bytes) -> tuple[tuple[int, int], tuple[int, int], int, int]:
    """((first, end) CP of the main document, (first, end) CP of the text boxes' story, fcClx, lcbClx) from the
    FIB, walking its variable-length parts. The stories follow one another in the character positions: main text,
    footnotes, headers, comments, endnotes, text boxes."""
    csw = _u16(word, 0x20)
    rg_lw = 0x22 + 2 * csw + 2  # FibRgLw97 follows fibRgW and its count
    cslw = _u16(word, rg_lw - 2)
    ccp_text, ccp_ftn, ccp_hdd, _ccp_mcr, ccp_atn, ccp_edn, ccp_txbx = struct.unpack_from("<7I", word, rg_lw + 0x0C)
    boxes_at = ccp_text + ccp_ftn + ccp_hdd + ccp_atn + ccp_edn
    blob = rg_lw + 4 * cslw + 2  # FibRgFcLcbBlob follows FibRgLw97 and its count
    if _u16(word, blob - 2) <= _CLX_PAIR:
        raise UnreadableFile("not a readable Word document (its header has no piece table)")
    return ((0, ccp_text), (boxes_at, boxes_at + ccp_txbx), _u32(word, blob + 8 * _CLX_PAIR),
            _u32(word, blob + 8 * _CLX_PAIR + 4))


def _stories(word: bytes, table: bytes) -> tuple[str, str]:
    """The characters of the main document and of its text boxes, piece by piece."""
    main, boxes, fc_clx, lcb_clx = _fib_layout(word)
    # The header says how long the text is: a file over the limit is not read.
    check_text_size(main[1] + boxes[1] - boxes[0])
    clx = table[fc_clx : fc_clx + lcb_clx]
    at = 0
    while at < len(clx) and clx[at] == 0x01:  # Prc: formatting of pieces, not needed for text
        at += 3 + _u16(clx, at + 1)
    if at >= len(clx) or clx[at] != 0x02:
        raise UnreadableFile("not a readable Word document (its piece table is damaged)")
    lcb = _u32(clx, at + 1)
    plc = clx[at + 5 : at + 5 + lcb]
    pieces = (len(plc) - 4) // 12
    if pieces < 1:
        raise UnreadableFile("not a readable Word document (its piece table is empty)")
    cps = struct.unpack_from(f"<{pieces + 1}I", plc, 0)
    return _characters(word, plc, cps, *main), _characters(word, plc, cps, *boxes)


def _characters(word: bytes, plc: bytes, cps: tuple[int, ...], first: int, end: int) -> str:
    """Character positions [first, end) of the document's character stream, from the pieces that hold them."""
    out: list[str] = []
    pieces = len(cps) - 1
    for k in range(pieces):
        start, stop = max(cps[k], first), min(cps[k + 1], end)
        if cps[k] >= end:
            break
        if stop <= start:
            continue
        fc = _u32(plc, 4 * (pieces + 1) + 8 * k + 2)
        skip = start - cps[k]  # characters of the piece before the range
        if fc & _COMPRESSED:
            offset = (fc & ~_COMPRESSED) // 2 + skip
            out.append(word[offset : offset + stop - start].decode("cp1252", errors="replace"))
        else:
            offset = fc + 2 * skip
            out.append(word[offset : offset + 2 * (stop - start)].decode("utf-16-le", errors="replace"))
    return "".join(out)


def _resolve(stream: str) -> str:
    """The character stream as text: field instructions dropped (their results kept), cells and rows as the DOCX
    reader writes them, paragraph marks and breaks as line breaks, anchors of pictures and notes removed."""
    kept: list[str] = []
    depth_hidden: list[bool] = []  # per open field: whether its instructions are being read (hidden)
    for part in re.split(f"([{_FIELD_BEGIN}{_FIELD_SEPARATOR}{_FIELD_END}])", stream):
        if part == _FIELD_BEGIN:
            depth_hidden.append(True)
        elif part == _FIELD_SEPARATOR:
            if depth_hidden:
                depth_hidden[-1] = False
        elif part == _FIELD_END:
            if depth_hidden:
                depth_hidden.pop()
        elif not any(depth_hidden):
            kept.append(part)
    text = "".join(kept)
    # A row ends with its last cell's mark and one (or, from some writers, two) of its own; each other mark ends a
    # cell. Without the paragraph properties an empty cell's mark cannot be told from a row's, so a run of marks
    # ends the row: search loses nothing by it.
    text = _CELL_RUN.sub("\n", text).replace(_CELL, CELL_SEPARATOR)
    text = _ANCHORS.sub("", text.translate(_SPECIAL))
    return "\n".join(line.rstrip().removesuffix(CELL_SEPARATOR.rstrip()).rstrip() for line in text.split("\n"))


# Code pages of property sets that have no cpNNNN codec of that name (65001 is stored as -535, a signed 16 bits).
_CODE_PAGES = {65001: "utf-8", 1200: "utf-16-le", 10000: "mac_roman", 10008: "gb2312", 10002: "big5"}


def _codec(codepage: int | None) -> str:
    """The codec of a property set's code page; cp1252 for none or one Python does not know."""
    if not codepage:
        return "cp1252"
    codepage %= 0x10000
    name = _CODE_PAGES.get(codepage, f"cp{codepage}")
    try:
        codecs.lookup(name)
    except LookupError:
        return "cp1252"
    return name


def _summary(ole) -> dict:
    """Title and author of the file's summary information, where set and meaningful."""
    props: dict = {}
    try:
        meta = ole.get_metadata()
    except Exception:  # a damaged property set loses the properties, never the text
        return props
    codec = _codec(getattr(meta, "codepage", None))
    for key, raw in (("title", meta.title), ("author", meta.author)):
        value = raw.decode(codec, errors="replace") if isinstance(raw, bytes) else str(raw or "")
        value = " ".join(value.replace("\x00", "").split())
        if value and not (key == "title" and junk_title(value)):
            props[key] = value
    return props
