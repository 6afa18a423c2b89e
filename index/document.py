"""The values that flow from readers to the index: a cleaned document and its passages.

Offsets everywhere are code-point positions in ``Document.text``, the cleaned text, which is THE document
text: passages, highlights and sections all refer to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    """An outline heading found in the cleaned text: its span, its depth (1 = top) and its text."""

    start: int
    end: int
    level: int
    text: str


@dataclass(frozen=True)
class Passage:
    """A unit of retrieval: a span of the document text, the heading path it sits under (ending with its article
    in a law), and the article it belongs to (its label as written, and number × 100 + 之N; -1 for none)."""

    start: int
    end: int
    section: str
    article: str = ""
    article_number: int = -1


@dataclass(frozen=True)
class Document:
    """A cleaned document as a reader produced it, before analysis."""

    text: str
    title: str
    headings: tuple[Heading, ...] = ()
    meta: dict = field(default_factory=dict)
    format: str = "txt"
