"""The last step the structured readers (HTML, PDF, DOCX) share on top of ``make_document``.

Besides cleaning, they carry what their format knows: a declared title, headings from markup (located in
the cleaned text, since cleaning moves offsets) and properties that feed the policy metadata. A document
whose markup declares no heading keeps the headings the plain-text rules find.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import cast

from tongwen.index.analysis import fold_key
from tongwen.index.document import Document, Heading, Meta
from tongwen.index.metadata import extract_metadata
from tongwen.index.readers import make_document

# Properties a format declares that are worth keeping beside the extracted metadata.
_KEPT_PROPS = ("encoding", "title", "author", "created", "source")


@dataclass(frozen=True)
class StructuralHeading:
    """A heading as the markup declares it, before its place in the cleaned text is known."""

    text: str
    level: int


# How far into the text a file's declared title must be found to be taken for this document's title.
DECLARED_TITLE_REACH = 3000


def assemble(raw: str, fmt: str, props: dict, title: str | None = None,
             headings: list[StructuralHeading] | None = None, join_lines: bool = True,
             declared_must_hold: bool = False, appendix: str = "") -> Document:
    """Clean the raw text and build the Document with its headings, title and metadata.

    ``join_lines`` is False for formats whose line breaks are real paragraph breaks (HTML blocks, Word
    paragraphs); PDF lines are printed lines, which cleaning rejoins into paragraphs. ``declared_must_hold``: a
    file's own title property (PDF, Word) counts only when the text near its start says it too; producers fill it
    with their own names (``Markdown在线编辑器，Markdown免费转Word/Html/Pdf - 在线工具``), templates with stale ones.
    ``appendix``: text the file keeps apart from its flow (a Word 97 file's text boxes), after the text; the title
    and the metadata are read from the text before it.
    """
    main = make_document(raw, format=fmt, join_lines=join_lines)
    base = main
    if appendix.strip():
        base = make_document(f"{raw}\n\n{appendix}", format=fmt, join_lines=join_lines)
        if main.text:
            base = replace(base, title=main.title)
        else:  # nothing but the appendix: it is the text
            main = base
    located = _locate(base.text, headings or [])
    if declared_must_hold and props.get("title") and not _said_near_start(props["title"], base.text):
        props = {key: value for key, value in props.items() if key != "title"}
    chosen = " ".join((props.get("title") or title or "").split()) or base.title
    meta = cast(Meta, {key: props[key] for key in _KEPT_PROPS if props.get(key)})
    fields = [*props.get("fields", ()), *main.fields]  # the file's own, then an export's header's
    meta.update(extract_metadata(main.text, {**props, "title": chosen, "fields": fields}))
    return replace(base, title=chosen, headings=located or base.headings, meta=meta)


def _said_near_start(title: str, text: str) -> bool:
    """Whether ``title`` is written near the start of ``text`` (either script, spaces and line breaks aside)."""
    key = "".join(fold_key(title).split())
    return bool(key) and key in "".join(fold_key(text[:DECLARED_TITLE_REACH]).split())


def _locate(text: str, headings: list[StructuralHeading]) -> tuple[Heading, ...]:
    """Each declared heading at its first place in the cleaned text after the previous one.

    Levels are shifted so that the shallowest becomes 1: a page whose <h1> is its title outlines with <h2>.
    """
    from tongwen.index.cleaning import clean

    found: list[Heading] = []
    position = 0
    for heading in headings:
        needle = " ".join(clean(heading.text, join_lines=False).split("\n\n"))
        start = _find_at_line_start(text, needle, position) if needle else -1
        if start < 0:
            continue
        found.append(Heading(start=start, end=start + len(needle), level=heading.level, text=needle))
        position = start + len(needle)
    if not found:
        return ()
    shift = min(heading.level for heading in found) - 1
    return tuple(replace(heading, level=heading.level - shift) for heading in found)


def _find_at_line_start(text: str, needle: str, position: int) -> int:
    """The first occurrence of ``needle`` from ``position`` that starts a line, else -1."""
    start = text.find(needle, position)
    while start >= 0 and start > 0 and text[start - 1] != "\n":
        start = text.find(needle, start + 1)
    return start
