"""The values that flow from readers to the index: a cleaned document and its passages.

Offsets everywhere are code-point positions in ``Document.text``, the cleaned text, which is THE document
text: passages, highlights and sections all refer to it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from typing_extensions import TypedDict  # pydantic, serving these, reads typing.TypedDict only from Python 3.12 on


# The bodies of a joint document, as ``agency`` holds them: every one filterable, each counted in the facets.
JOINT = "、"


class Meta(TypedDict, total=False):
    """The metadata of a document: only the keys found in it. The first eleven come from the text (``metadata``),
    the rest are what the file format declared (``readers``)."""

    agency: str
    number: str
    date: str
    revised: str  # the latest amendment or revision its history states, when later than ``date``
    year: int
    type: str
    effective: str
    status: str
    level: str
    url: str
    citation: str  # a legal database's citation code (北大法宝's 法宝引证码: CLI.1.334862)
    encoding: str
    title: str
    author: str
    created: str
    source: str


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
    meta: Meta = field(default_factory=lambda: Meta())
    format: str = "txt"
    # A legal-database export's header fields, (label, value), read as metadata and kept out of ``text``.
    fields: tuple[tuple[str, str], ...] = ()


def display_name(name: str) -> str:
    """A file name as text: undecodable bytes (kept by the OS as surrogates) shown as ``\\xNN``."""
    try:
        name.encode("utf-8")  # nearly every name: nothing to escape
        return name
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
