"""Pydantic models of the HTTP responses that are the API's own: errors and health.

Search results, documents and statistics are the library's shapes (``tongwen.search.shapes``), served as they are.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class ErrorDetail(BaseModel):
    """A stable machine-readable code and a message for a person."""

    code: str = Field(examples=["invalid_parameter"])
    message: str = Field(examples=["limit: Input should be less than or equal to 100"])


class ErrorResponse(BaseModel):
    """The body of every 4xx and 5xx response."""

    error: ErrorDetail


class HealthResponse(BaseModel):
    """The index is readable and answers."""

    status: Literal["ok"] = "ok"
    documents: int
