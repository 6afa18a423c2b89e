"""RTF reader (.rtf, and the .doc files that are RTF inside): the body's text, tables as rows of cells.

RTF is text with control words. The body is what is left outside the destinations that hold no body text (font
and colour tables, style sheets, document info, pictures, headers, footers, footnotes, field instructions, any
``{\\*…}`` group). Characters come as ``\\uN`` (Unicode, followed by a fallback to skip) or as bytes ``\\'hh`` in
the code page of the current font's character set (``\\fcharset134`` is GB2312, 136 Big5), else the document's
``\\ansicpg``: Chinese RTF written by Word and WPS uses both.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace
from pathlib import Path

from tongwen.index.document import Document
from tongwen.index.errors import UnreadableFile
from tongwen.index.readers import check_text_size, recognize, register
from tongwen.index.readers.assemble import assemble
from tongwen.index.readers.docx import CELL_SEPARATOR

_TOKEN = re.compile(rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|[\r\n]+|([^\\{}\r\n]+)",
                    re.DOTALL)
# Destinations whose text is not the body's.
_SKIPPED = frozenset({
    "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "objdata", "header", "headerl", "headerr",
    "headerf", "footer", "footerl", "footerr", "footerf", "footnote", "annotation", "fldinst", "xmlnstbl",
    "listtable", "listoverridetable", "rsidtbl", "generator", "themedata", "colorschememapping", "datastore",
    "latentstyles", "pgdsctbl", "filetbl", "revtbl", "bkmkstart", "bkmkend", "shpinst", "nonshppict", "template",
    "userprops", "xe", "tc", "atnid", "atnauthor", "mmathPr", "wgrffmtfilter", "listtext", "pntext",
})
_BREAKS = {"par": "\n", "line": "\n", "sect": "\n", "page": "\n", "row": "\n", "cell": CELL_SEPARATOR, "tab": "\t",
           "emdash": "—", "endash": "–", "lquote": "‘", "rquote": "’", "ldblquote": "“", "rdblquote": "”",
           "bullet": "•", "emspace": " ", "enspace": " "}
_CHECK_EVERY = 50_000  # pieces of text between two checks of its length against the limit
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")  # a NUL or other control character a writer left in the text
# A backslash before a line break is a paragraph's end (macOS TextEdit writes them so).
_SYMBOLS = {b"~": " ", b"_": "-", b"-": "", b"\\": "\\", b"{": "{", b"}": "}", b"\n": "\n", b"\r": "\n"}
# Windows character sets → code pages (\fcharsetN), for the bytes written as \'hh.
_CHARSETS = {0: "cp1252", 128: "cp932", 129: "cp949", 134: "gbk", 136: "big5", 161: "cp1253", 162: "cp1254",
             177: "cp1255", 178: "cp1256", 186: "cp1257", 204: "cp1251", 222: "cp874", 238: "cp1250"}


def looks_like_rtf(data: bytes) -> bool:
    """Whether the bytes are an RTF document."""
    return data.lstrip()[:5] == b"{\\rtf"


@register(".rtf")
@recognize(looks_like_rtf)
def read_rtf(path: Path, data: bytes) -> Document:
    """The document of an RTF file."""
    if not looks_like_rtf(data):
        raise UnreadableFile("not an RTF document (it does not start with {\\rtf)")
    raw = rtf_text(data)
    if not raw.strip():
        raise UnreadableFile("empty: no text in its body")
    return assemble(raw, fmt="rtf", props={}, join_lines=False)


@dataclass(frozen=True)
class _State:
    """What a group inherits: whether its text is skipped, the code page of its bytes, how many characters
    follow a \\uN as its fallback."""

    skip: bool = False
    codepage: str = "cp1252"
    uc: int = 1


def rtf_text(data: bytes) -> str:
    """The body text of an RTF document, paragraphs and rows as lines, cells separated as the DOCX reader does."""
    fonts = _font_codepages(data)
    out: list[str] = []
    pending = bytearray()  # \'hh bytes, decoded together (a GBK character is two of them)
    state, stack = _State(), []
    default = "cp1252"
    skip_fallback = 0
    destination_next = False

    def flush() -> None:
        if pending:
            if not state.skip:
                out.append(pending.decode(state.codepage, errors="replace"))
            pending.clear()

    checked = total = 0

    for match in _TOKEN.finditer(data):
        if len(out) - checked > _CHECK_EVERY:
            # A file of markup can hide any amount of text: it is refused once it passes the limit, not once read.
            total += sum(map(len, out[checked:]))
            checked = len(out)
            check_text_size(total)
        word, arg, hexbyte, symbol, brace, text = match.groups()
        if skip_fallback and (hexbyte is not None or text is not None or symbol is not None):
            # The fallback of a \uN: one character (a byte, a symbol, or one of a run of text) per count.
            if text is not None and len(text) > skip_fallback:
                text, skip_fallback = text[skip_fallback:], 0
            else:
                skip_fallback -= 1
                continue
        if hexbyte is not None:
            pending.append(int(hexbyte, 16))
            continue
        flush()
        if brace == b"{":
            stack.append(state)
            destination_next = True
            continue
        destination_next, first = False, destination_next
        if brace == b"}":
            state = stack.pop() if stack else state
        elif symbol is not None:
            if symbol == b"*" and first:
                state = replace(state, skip=True)
            elif not state.skip:
                out.append(_SYMBOLS.get(symbol, ""))
        elif word is not None:
            name = word.decode("ascii")
            value = int(arg) if arg is not None else None
            if name in _SKIPPED:
                state = replace(state, skip=True)
            elif name == "ansicpg" and value and _known(f"cp{value}"):
                default = f"cp{value}"
                state = replace(state, codepage=default)
            elif name == "f" and value is not None:
                state = replace(state, codepage=fonts.get(value) or default)
            elif name == "uc" and value is not None:
                state = replace(state, uc=max(0, value))
            elif name == "u" and value is not None:
                if not state.skip:
                    out.append(chr(value % 0x10000 if value < 0 else value))
                skip_fallback = state.uc
            elif name in _BREAKS and not state.skip:
                out.append(_BREAKS[name])
        elif text is not None and not state.skip:
            out.append(text.decode(state.codepage, errors="replace"))
    flush()
    lines = _CONTROL.sub("", "".join(out)).split("\n")
    return "\n".join(line.rstrip().removesuffix(CELL_SEPARATOR.rstrip()).rstrip() for line in lines)


def _known(codepage: str) -> bool:
    try:
        codecs.lookup(codepage)
    except LookupError:
        return False
    return True


_FONT = re.compile(rb"\\f(\d+)[^{}]*?\\fcharset(\d+)")


def _font_codepages(data: bytes) -> dict[int, str]:
    """Font number → code page of its character set, from the font table."""
    start = data.find(b"\\fonttbl")
    if start < 0:
        return {}
    depth, end = 0, start
    for end in range(start, min(len(data), start + 200_000)):  # the table's group ends where its braces balance
        depth += {123: 1, 125: -1}.get(data[end], 0)
        if depth < 0:
            break
    return {int(number): _CHARSETS[int(charset)] for number, charset in _FONT.findall(data[start:end])
            if int(charset) in _CHARSETS}
