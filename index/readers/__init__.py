"""Readers turn a file into a Document, chosen by the file's suffix.

A reader is a function ``(path, data) -> Document`` in a module of this package, registered for its suffixes
with ``@register(".html", ".htm")``, and with ``@recognize(test)`` for files whose bytes betray their format
whatever their suffix says. Every module of the package is imported the first time a reader is needed,
so adding a reader is adding a module, and its suffixes to ``READER_SUFFIXES`` (which a folder's walk reads
without importing any reader; a test keeps the two equal); reader modules keep heavy imports (parsers) inside
their functions so that loading the registry stays cheap. Readers raise UnreadableFile with a short reason
("empty", "cannot decode: ...") and ``read_document`` puts the file name in front of it.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import io
import pkgutil
import tokenize
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import cast

from tongwen.index import limits
from tongwen.index.document import Document, Meta, display_name
from tongwen.index.errors import UnreadableFile

Reader = Callable[[Path, bytes], Document]

_READERS: dict[str, Reader] = {}
_RECOGNIZERS: list[tuple[Callable[[bytes], bool], Reader]] = []
_loaded = False
# Formats whose text is the file itself, so its size bounds the text before anything is read.
_PLAIN_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
# No text encoding spends more bytes than this on one character (UTF-32, GB18030's four-byte sequences).
MAX_BYTES_PER_CHAR = 4
# Besides the readers themselves, the modules that make a file's text, title, sections and metadata.
_READING_MODULES = ("cleaning.py", "document.py", "encoding.py", "metadata.py", "numerals.py", "script_detect.py",
                    "structure.py")


def _reading_sources() -> list[tuple[str, bytes]]:
    """(file name, bytes) of every module that reads files into documents; ``?`` for one that cannot be read (an
    installation without the file reads as one that differs)."""
    here = Path(__file__).parent
    sources = []
    for path in [*sorted(here.glob("*.py")), *(here.parent / name for name in _READING_MODULES)]:
        try:
            sources.append((path.name, path.read_bytes()))
        except OSError:
            sources.append((path.name, b"?"))
    return sources


@functools.lru_cache(maxsize=1)
def readers_version() -> str:
    """A digest of the code that reads files into documents: an index records it, so that documents read by other
    rules (an older Tongwen's titles, text or metadata) can be told apart and read again. Read once a process: the
    code that runs is the code it loaded."""
    digest = hashlib.sha1()
    for name, source in _reading_sources():
        digest.update(name.encode())
        digest.update(source)
    return digest.hexdigest()[:12]


@functools.lru_cache(maxsize=1)
def readers_meaning() -> str:
    """A digest of what the reading code does: its tokens without comments, blank lines and docstrings, so an
    upgrade that only rewords them reads every file as before. Worked out only when ``readers_version`` differs
    (tokenizing the modules takes some 70 ms)."""
    return code_meaning(_reading_sources())


def code_meaning(sources: list[tuple[str, bytes]]) -> str:
    """A digest of Python ``sources`` (name, bytes) that comments, blank lines and docstrings do not change."""
    digest = hashlib.sha1()
    for name, source in sources:
        digest.update(name.encode() + b"\0")
        try:
            tokens = list(tokenize.tokenize(io.BytesIO(source).readline))
        except (tokenize.TokenError, SyntaxError):  # not Python: its bytes are what it is
            digest.update(source)
            continue
        statement_start, in_docstring = True, False
        kept: list[str] = []
        for k, tok in enumerate(tokens):
            if tok.type in _NO_MEANING:
                continue
            if tok.type == tokenize.STRING and (in_docstring or (statement_start and _ends_statement(tokens, k))):
                in_docstring = True  # a string standing alone as a statement: a docstring, which no code reads
                continue
            if in_docstring and tok.type == tokenize.NEWLINE:  # the end of that statement goes with it
                in_docstring = False
                continue
            in_docstring = False
            kept.append(tok.string)
            statement_start = tok.type in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)
        digest.update("\0".join(kept).encode())
    return digest.hexdigest()[:12]


_NO_MEANING = frozenset({tokenize.COMMENT, tokenize.NL, tokenize.ENCODING})


def _ends_statement(tokens: list, k: int) -> bool:
    """Whether the strings from ``tokens[k]`` on are a whole statement (adjacent strings, then its end)."""
    while k < len(tokens) and tokens[k].type in (tokenize.STRING, tokenize.NL, tokenize.COMMENT):
        k += 1
    return k == len(tokens) or tokens[k].type in (tokenize.NEWLINE, tokenize.ENDMARKER)


def readers_agree(version: object, meaning: object) -> bool:
    """Whether documents read by the code an index records (``readers_version``, ``readers_meaning``) read as this
    code reads them: the same code, or code that differs in comments and docstrings only."""
    if version == readers_version():
        return True
    return isinstance(meaning, str) and meaning == readers_meaning()


def register(*suffixes: str) -> Callable[[Reader], Reader]:
    """Decorator registering a reader function for file suffixes (with the dot, any case)."""

    for suffix in suffixes:
        if not suffix.startswith("."):
            raise ValueError(f"a suffix starts with a dot: {suffix!r}")

    def decorate(reader: Reader) -> Reader:
        for suffix in suffixes:
            _READERS[suffix.lower()] = reader
        return reader

    return decorate


def recognize(test: Callable[[bytes], bool]) -> Callable[[Reader], Reader]:
    """Decorator: the reader also takes any supported file whose bytes ``test`` recognizes (a .txt that is HTML)."""

    def decorate(reader: Reader) -> Reader:
        _RECOGNIZERS.append((test, reader))
        return reader

    return decorate


# Documents of kinds no reader reads, which a policy archive holds beside those it does (CNKI's CAJ papers, files
# of the UOF office standard, e-books): a folder's walk counts them, so that a run says what it left out instead
# of passing over them in silence.
UNREAD_DOCUMENTS = frozenset({".caj", ".uof", ".uot", ".uos", ".uop", ".epub"})


# The suffixes the reader modules of this package register, known without importing them: a folder's walk asks
# which files to read, and importing every reader (with the cleaning and metadata rules they share, some 270
# patterns to compile: 0.28 s) only to learn that was most of a run that finds nothing changed. A test keeps the
# list equal to what the modules register.
READER_SUFFIXES = frozenset({
    ".txt", ".md", ".markdown", ".html", ".htm", ".shtml", ".xhtml", ".mht", ".mhtml", ".pdf", ".ofd", ".rtf",
    ".doc", ".dot", ".wps", ".wpt", ".docx", ".docm", ".dotx", ".dotm", ".odt", ".ods", ".odp", ".ott",
    ".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlt", ".et", ".ett",
    ".pptx", ".pptm", ".ppsx", ".ppsm", ".potx", ".potm", ".ppt", ".pps", ".pot", ".dps", ".dpt",
})


def supported_suffixes() -> frozenset[str]:
    """Every file suffix some reader handles, lower-case with the dot (no reader is imported to say so)."""
    return READER_SUFFIXES | frozenset(_READERS)


def read_document(path: Path) -> Document:
    """Read, decode and clean one file into a Document; raise UnreadableFile (naming the file) to skip it."""
    _load_readers()
    path = Path(path)
    shown = display_name(str(path))  # messages name the file with a name's undecodable bytes escaped
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise UnreadableFile(f"{shown}: unsupported suffix {display_name(path.suffix) or '(none)'!r}")
    bounds = limits.current()
    try:
        size = path.stat().st_size
        if size > bounds.max_file_bytes:
            raise UnreadableFile(f"{size / limits.MB:.0f} MB, over the limit of "
                                 f"{bounds.max_file_bytes // limits.MB} MB (TONGWEN_MAX_FILE_MB); skipped")
        if path.suffix.lower() in _PLAIN_SUFFIXES and size > MAX_BYTES_PER_CHAR * bounds.max_text_chars:
            check_text_size(size // MAX_BYTES_PER_CHAR)  # surely over the limit, so never read
        data = path.read_bytes()
    except UnreadableFile as error:
        raise UnreadableFile(f"{shown}: {error}") from None
    except OSError as error:
        raise UnreadableFile(f"{shown}: cannot read ({error.strerror or error})") from None
    if not data.strip():
        raise UnreadableFile(f"{shown}: empty")
    # The content outranks a suffix that lies (a .pdf that is a zip, a page saved as .txt).
    reader = next((sniffed for test, sniffed in _RECOGNIZERS if test(data)), reader)
    try:
        document = reader(path, data)
    except UnreadableFile as error:
        raise UnreadableFile(f"{shown}: {error}") from None
    from tongwen.index.metadata import extract_metadata, names_a_document
    from tongwen.index.structure import title_only_opens_text

    title = display_name(path.stem)  # a name's undecodable bytes escaped: a title is text
    if document.title and not (title_only_opens_text(document.text, document.title) and names_a_document(title)):
        return _dated_by_name(document, title)
    # A text that prints no title of its own goes by its file's name, which often says what it is
    # (2019年政府工作报告.txt, 关于印发…的通知.pdf): its metadata is read again with that for its title. So does one
    # whose first sentence, first heading or a note stood for a title, when the name reads as one
    # (…关于政府工作报告的决议.txt). What that line decided as a title (an issuer, a kind) is not kept, nor handed on
    # as if the file declared it.
    kept = {key: value for key, value in document.meta.items() if not (document.title and key in TITLE_DECIDES)}
    props = {**kept, "title": title, "fields": list(document.fields)}
    meta = cast(Meta, {**kept, **extract_metadata(document.text, props)})
    return _dated_by_name(replace(document, title=title, meta=meta), title)


def _dated_by_name(document: Document, name: str) -> Document:
    """``document`` dated by its file's name when its text and format state no date (上海市产品质量条例(2012-04-19).md),
    unless the year read from its text (a number's, a title's) is another."""
    from tongwen.index.metadata import date_in_name

    named = None if "date" in document.meta else date_in_name(name)
    if named is None or document.meta.get("year", int(named[:4])) != int(named[:4]):
        return document
    return replace(document, meta=cast(Meta, {**document.meta, "date": named, "year": int(named[:4])}))


# What a title decides of a document's metadata: its issuer (…关于…的决议 is the congress's) and its kind.
TITLE_DECIDES = frozenset(("agency", "type"))


# Formats whose text is rows of cells or slides, not a page of prose: what repeats in them is what they hold.
GRIDS = frozenset(("xlsx", "xls", "ods", "odp", "pptx", "ppt"))


def make_document(text: str, *, format: str, markdown: bool = False, join_lines: bool = True,
                  meta: Meta | None = None) -> Document:
    """Clean extracted text and find its title and headings: the common last step of every reader.

    Raises UnreadableFile("empty") when nothing is left after cleaning.
    """
    from tongwen.index.cleaning import (below_content_mark, clean, dated_headline, release_headline, split_header,
                                        without_header_repeats)
    from tongwen.index.structure import find_headings, find_title

    check_text_size(len(text))
    # A release's headline is known by the rule under it, which cleaning takes away (a Markdown rule is a break); a
    # news page's, by the date above it: a paragraph of its own, never joined to its subtitle.
    dated = None if markdown else dated_headline(text)
    headline = None if markdown else release_headline(text) or dated
    cleaned = clean(text, join_lines=join_lines, alone=(dated,) if dated else ())
    if format not in GRIDS:
        cleaned = without_header_repeats(cleaned)  # a sheet's rows and a deck's slide titles repeat as data
    cleaned, fields = split_header(cleaned)
    if not cleaned:
        # Nothing but what reads as a page's furniture (a file holding 打印, a one-word message): that is its
        # text, not an empty file.
        cleaned = clean(text, join_lines=join_lines, furniture=False)
    if not cleaned:
        raise UnreadableFile("empty")
    # A Taiwan government page's title is under its content mark, not the site's section name above it.
    content = None if markdown or headline else below_content_mark(text)
    content_title = find_title(without_header_repeats(clean(content)), markdown) if content else ""
    return Document(
        text=cleaned,
        title=headline or content_title or find_title(cleaned, markdown),
        headings=find_headings(cleaned, markdown),
        meta=Meta(**meta) if meta else Meta(),
        format=format,
        fields=tuple(fields),
    )


def check_text_size(chars: int) -> None:
    """UnreadableFile when extracted text of ``chars`` characters is over the limit (checked before analysis)."""
    bounds = limits.current()
    if chars > bounds.max_text_chars:
        raise UnreadableFile(f"its text has {chars:,} characters, over the limit of {bounds.max_text_chars:,} "
                             f"(TONGWEN_MAX_TEXT_CHARS); skipped")


def _load_readers() -> None:
    """Import every reader module of this package once, which registers their suffixes."""
    global _loaded
    if _loaded:
        return
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    _loaded = True
