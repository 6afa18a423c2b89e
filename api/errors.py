"""The one place where exceptions become HTTP responses of the shape {"error": {"code", "message"}}."""

from __future__ import annotations

from typing import Any

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from tongwen.api.models import ErrorDetail, ErrorResponse
from tongwen.index.errors import (
    DocumentNotFound,
    IndexDamaged,
    IndexLocked,
    IndexMissing,
    IndexVersionMismatch,
    IndexWriteError,
    InputPathError,
    InvalidParameter,
    QuerySyntaxError,
    QueryTooExpensive,
    TongwenError,
    UnreadableFile,
)

log = logging.getLogger("tongwen.api")

# Codes for errors the framework raises itself (routing, methods); TongwenError brings its own code.
_HTTP_CODES = {404: "not_found", 405: "method_not_allowed"}

# Declared on every operation so the OpenAPI schema tells clients what an error looks like.
ERROR_RESPONSES: dict[int | str, dict] = {
    422: {"model": ErrorResponse, "description": "A parameter is missing, malformed or out of range."},
    503: {"model": ErrorResponse, "description": "The index is missing, being written or must be rebuilt."},
}


def error_body(code: str, message: str) -> dict:
    """The body of every error answer: {"error": {"code", "message"}}."""
    return ErrorResponse(error=ErrorDetail(code=code, message=message)).model_dump()


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """The JSON error body with its status."""
    return JSONResponse(error_body(code, message), status_code=status, headers=headers)


def _describe_validation(exc: RequestValidationError) -> str:
    """Name each offending parameter with pydantic's reason, e.g. 'limit: Input should be ...'."""
    parts = []
    for err in exc.errors():
        # loc is ("query", "limit") or ("path", "doc_id"); the location kind means nothing to a user.
        loc = [str(p) for p in err.get("loc", ()) if p not in ("query", "path", "header", "body")]
        name = ".".join(loc) or "request"
        parts.append(f"{name}: {err.get('msg', 'invalid value')}")
    return "; ".join(parts) or "invalid request"


def _public(message: str, request: Request) -> str:
    """The message without the server's filesystem layout: the index folder is named "the index folder"."""
    settings = getattr(request.app.state, "settings", None)
    index_dir = getattr(settings, "index_dir", None)
    if index_dir is not None:
        for place in sorted({str(index_dir), str(index_dir.resolve())}, key=len, reverse=True):
            message = message.replace(place, "the index folder")
    return message


# The one place errors become HTTP statuses: a bad query or parameter is the client's (4xx); an index that is
# missing, busy, damaged or built by another version is the server's state (503: try again once it is rebuilt).
HTTP_STATUS: dict[type, int] = {
    QuerySyntaxError: 400,
    InvalidParameter: 422,
    QueryTooExpensive: 422,
    UnreadableFile: 422,
    InputPathError: 422,
    DocumentNotFound: 404,
    IndexMissing: 503,
    IndexLocked: 503,
    IndexDamaged: 503,
    IndexWriteError: 503,
    IndexVersionMismatch: 503,
}


def http_status(exc: TongwenError) -> int:
    """The HTTP status of an error: its class's, or its nearest base class's (400 for any other)."""
    for cls in type(exc).__mro__:
        if cls in HTTP_STATUS:
            return HTTP_STATUS[cls]
    return 400


async def _tongwen_error(request: Request, exc: TongwenError) -> JSONResponse:
    message = str(exc) or exc.__class__.__doc__ or exc.code
    return error_response(http_status(exc), exc.code, _public(message, request))


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    return error_response(422, "invalid_parameter", _describe_validation(exc))


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    if exc.status_code == 404 and message == "Not Found":
        message = f"No such endpoint: {request.url.path}"
    elif exc.status_code == 405:
        allowed = (exc.headers or {}).get("allow", "GET")
        message = f"{request.method} is not allowed on {request.url.path}; use {allowed}"
    return error_response(exc.status_code, code, message, headers=getattr(exc, "headers", None))


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    # A bug, never the user's fault: keep the traceback in the log and out of the response.
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_response(500, "internal", "The server failed to answer this request; the error was logged.")


def install_error_handlers(app: FastAPI) -> None:
    """Register the mapping from every exception kind to its JSON error response."""
    # Starlette types a handler as taking any Exception; each of these takes the class it is registered for.
    handlers: list[tuple[type[Exception], Any]] = [(TongwenError, _tongwen_error),
                                                   (RequestValidationError, _validation_error),
                                                   (StarletteHTTPException, _http_error),
                                                   (Exception, _unexpected_error)]
    for exc_class, handler in handlers:
        app.add_exception_handler(exc_class, handler)
