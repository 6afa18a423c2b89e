"""Pydantic models of every HTTP response body; they are the API's OpenAPI schema."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from tongwen.search.contract import DisplayMode, MatchMode, Script, SortMode, Via

__all__ = ["DisplayMode", "MatchMode", "Script", "SortMode", "Via"]


class ErrorDetail(BaseModel):
    """A stable machine-readable code and a message for a person."""

    code: str = Field(examples=["invalid_parameter"])
    message: str = Field(examples=["limit: Input should be less than or equal to 100"])


class ErrorResponse(BaseModel):
    """The body of every 4xx and 5xx response."""

    error: ErrorDetail


class PassageOut(BaseModel):
    """A passage of a result document, with highlight spans as code-point offsets into ``text``."""

    text: str
    start: int = Field(description="Code-point offset of the passage in the document text.")
    end: int
    section: str = Field(description="Heading path the passage sits under (ending with its article in a law).")
    article: str = Field(default="", description="The article (第X条) the passage belongs to, as written; empty if none.")  # noqa: E501 (a pattern or text written as one line)
    highlights: list[tuple[int, int]] = Field(
        default_factory=list, description="[start, end) code-point spans of `text` that matched the query."
    )


class MatchOut(BaseModel):
    """How one query term was found in the document: the term, the text it matched, and by what rule."""

    query: str
    matched: str
    via: Via


class ResultOut(BaseModel):
    """One matching document with its best passages."""

    doc_id: str
    title: str
    score: float
    script: Script
    meta: dict[str, Any] = Field(default_factory=dict, description="Metadata found in the document (year, agency, ...).")  # noqa: E501 (a pattern or text written as one line)
    passages: list[PassageOut]
    matches: list[MatchOut] = Field(default_factory=list)


class SearchResponse(BaseModel):
    """A page of ranked results and the total number of matching documents."""

    query: str
    total: int
    took_ms: float
    limit: int
    offset: int
    results: list[ResultOut]
    facets: dict[str, Any] | None = None


class SectionOut(BaseModel):
    """An outline heading of a document: its span in the document text, depth (1 = top) and text."""

    start: int
    end: int
    level: int
    text: str


class DocumentPassageOut(BaseModel):
    """A passage of a document: its span in the document text, its heading path and its article."""

    start: int
    end: int
    section: str
    article: str = ""


class DocumentResponse(BaseModel):
    """The full cleaned text of one indexed document and its outline."""

    doc_id: str
    title: str
    script: Script
    format: str = Field(description="The reader that produced the text (txt, html, pdf, ...).")
    meta: dict[str, Any] = Field(default_factory=dict)
    text: str
    sections: list[SectionOut]
    passages: list[DocumentPassageOut] = Field(description="The passages the document is split into, in order.")
    highlights: list[tuple[int, int]] = Field(
        default_factory=list, description="With `q`: [start, end) code-point spans of `text` that match the query."
    )


class HealthResponse(BaseModel):
    """The index is readable and answers."""

    status: Literal["ok"] = "ok"
    documents: int


class StatsResponse(BaseModel):
    """Size and provenance of the index being served."""

    documents: int
    passages: int
    segments: int
    size_bytes: int
    parts: dict[str, int] = Field(description="bytes per part: whoosh, literal_positions, literal_tables")
    built_at: str
    format_version: int
    pipeline_version: str
    dictionary_version: str
