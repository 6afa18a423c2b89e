"""The shapes of what a search returns, described once: the library returns them, the CLI prints them as JSON and
the API serves them as its response models (and its OpenAPI schema).

They are typed dictionaries rather than classes so that a result is plain JSON data in every one of those places.
Offsets are code-point positions; a span is ``[start, end)``.
"""

from __future__ import annotations

from typing import Annotated

from typing_extensions import TypedDict  # pydantic reads typing.TypedDict only from Python 3.12 on

from tongwen.index.document import Meta

from .contract import Script, Via


class Described:
    """Annotated metadata that adds to a field's JSON schema (the API's OpenAPI document) as pydantic's ``Field``
    would, through the hook pydantic calls on any such object: the library and the CLI never import pydantic (about
    a quarter of a cold ``tongwen search``), and the API, which does, reads the same shapes."""

    def __init__(self, description: str | None = None, **schema) -> None:
        self.schema = dict(schema, **({"description": description} if description else {}))

    def __get_pydantic_json_schema__(self, core_schema, handler):
        """The field's schema as pydantic makes it, with this object's keys added."""
        made = handler(core_schema)
        made.update(self.schema)
        return made


# [start, end): a list rather than a tuple, as JSON gives it back.
Span = Annotated[list[int], Described(minItems=2, maxItems=2)]


class Passage(TypedDict):
    """A passage of a result document, with highlight spans as code-point offsets into ``text``."""

    text: str
    start: Annotated[int, Described(description="Code-point offset of the passage in the document text.")]
    end: int
    section: Annotated[str, Described(description="Heading path the passage sits under (ending with its article in a law).")]  # noqa: E501 (a pattern or text written as one line)
    article: Annotated[str, Described(description="The article (第X条) the passage belongs to, as written; empty if none.")]  # noqa: E501 (a pattern or text written as one line)
    highlights: Annotated[list[Span], Described(description="[start, end) code-point spans of `text` that matched the query.")]  # noqa: E501 (a pattern or text written as one line)


class Match(TypedDict):
    """How one query term was found in the document: the term, the text it matched, and by what rule."""

    query: str
    matched: str
    via: Via


class Result(TypedDict):
    """One matching document with its best passages."""

    doc_id: str
    title: str
    score: float
    script: Script
    meta: Annotated[Meta, Described(description="Metadata found in the document (year, agency, ...).")]
    passages: list[Passage]
    matches: list[Match]


Facets = dict[str, dict[str, int]]


class SearchPage(TypedDict):
    """A page of ranked results, the total number of matching documents, and facet counts over all of them."""

    query: str
    total: int
    took_ms: float
    limit: int
    offset: int
    results: list[Result]
    facets: Annotated[Facets, Described(description="Counts of year, agency, type, status and script over every match.")]  # noqa: E501 (a pattern or text written as one line)


class Section(TypedDict):
    """An outline heading of a document: its span in the document text, depth (1 = top) and text."""

    start: int
    end: int
    level: int
    text: str


class DocumentPassage(TypedDict):
    """A passage of a document: its span in the document text, its heading path and its article."""

    start: int
    end: int
    section: str
    article: str


class DocumentView(TypedDict):
    """The full cleaned text of one indexed document, its outline and passages, and with a query every match."""

    doc_id: str
    title: str
    script: Script
    format: Annotated[str, Described(description="The reader that produced the text (txt, html, pdf, ...).")]
    meta: Meta
    text: str
    sections: list[Section]
    passages: Annotated[list[DocumentPassage], Described(description="The passages the document is split into, in order.")]  # noqa: E501 (a pattern or text written as one line)
    highlights: Annotated[list[Span], Described(description="With `q`: [start, end) code-point spans of `text` that match the query.")]  # noqa: E501 (a pattern or text written as one line)


class Stats(TypedDict):
    """Size and provenance of an index generation."""

    documents: int
    passages: int
    segments: int
    size_bytes: int
    parts: Annotated[dict[str, int],
                     Described(description="bytes per part: whoosh, literal_positions, literal_tables, texts")]
    built_at: str | None
    format_version: int | None
    pipeline_version: str | None
    dictionary_version: str | None
    readers_version: Annotated[str | None, Described(description="digest of the code that read the documents")]
    readers_current: Annotated[bool, Described(description="false: the documents were read by another version of the "
                                                           "readers; `tongwen index --rebuild` reads them again")]
