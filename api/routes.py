"""The HTTP routes: search, documents, health, stats and the search page, over the server's shared searcher.

Each endpoint runs its work in the thread pool (``_in_pool``), so a slow query or a refresh to a new generation never
blocks the event loop; the endpoints themselves are ``async``, because FastAPI runs a plain ``def`` endpoint there and
then checks its answer against the response model in a second trip, each trip there and back about half a
millisecond a request on this machine (a search at 1× takes two).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse
from starlette.concurrency import run_in_threadpool
from starlette.convertors import Convertor, register_url_convertor

from tongwen.api.errors import ERROR_RESPONSES
from tongwen.api.handle import LiveSearcher
from tongwen.api.models import ErrorResponse, HealthResponse
from tongwen.index.errors import IndexDamaged
from tongwen.search.contract import MAX_LIMIT, MAX_OFFSET, MAX_QUERY_CHARS, DisplayMode, MatchMode, Script, SortMode
from tongwen.search.shapes import DocumentView, SearchPage, Stats

STATIC_DIR = Path(__file__).parent / "static"

# The page loads only its own script and style; nothing it renders from the index can run as code.
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class _DocumentId(Convertor):
    """A document id in a URL path: anything, slashes and line breaks too (a file may be named with one, and
    Starlette's ``path`` stops at it)."""

    regex = r"[\s\S]*"

    def convert(self, value: str) -> str:
        """The id as given."""
        return value

    def to_string(self, value: str) -> str:
        """The id as given."""
        return value


register_url_convertor("document_id", _DocumentId())

router = APIRouter()


def live_searcher(request: Request) -> LiveSearcher:
    """The server's shared searcher, refreshed to the newest index generation (which may open it: in the pool)."""
    return request.app.state.searchers.live()


async def _in_pool(request: Request, method: str, *args: Any, **kwargs: Any) -> Any:
    """The live searcher's ``method`` called in the thread pool, the searcher fetched there too."""
    return await run_in_threadpool(lambda: getattr(live_searcher(request), method)(*args, **kwargs))


@router.get(
    "/search",
    response_model=SearchPage,
    summary="Search the index",
    responses={400: {"model": ErrorResponse, "description": "The query cannot be parsed."}, **ERROR_RESPONSES},
)
async def search(
    request: Request,
    q: Annotated[
        str,
        Query(min_length=1, max_length=MAX_QUERY_CHARS, description="Query in either script, e.g. 中關村 or 中关村."),  # noqa: E501 (a pattern or text written as one line)
    ],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Results per page.")] = 10,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Results to skip (paging).")] = 0,
    match: Annotated[MatchMode, Query(description="`all` terms must match, or `any` of them.")] = "all",
    display: Annotated[
        DisplayMode, Query(description="Show passages as written, or converted to Simplified/Traditional.")
    ] = "original",
    sort: Annotated[
        SortMode, Query(description="`relevance`; `date`, newest first; `-date`, oldest first; `revised`, `-revised`: "
                                    "by the date of the text as it stands, its latest revision where it has one "
                                    "(undated last).")
    ] = "relevance",
    year: Annotated[str | None, Query(max_length=20, description="Only documents of this year (2016) or range of "
                                                                 "years (2016..2020, 2016.., ..2020).")] = None,
    agency: Annotated[str | None, Query(max_length=200, description="Only documents of this agency.")] = None,
    script: Annotated[Script | None, Query(description="Only documents written in this script.")] = None,
    doc_type: Annotated[
        str | None, Query(alias="type", max_length=100, description="Only documents of this type.")
    ] = None,
    status: Annotated[
        str | None, Query(max_length=100, description="Only documents of this status (时效性, e.g. 现行有效).")
    ] = None,
) -> SearchPage:
    """Rank documents for `q` and return a page of them with highlighted passages."""
    filters = {"year": year, "agency": agency, "script": script, "type": doc_type, "status": status}
    filters = {k: v for k, v in filters.items() if v is not None}
    return await _in_pool(request, "search", q, limit=limit, offset=offset, match=match, display=display,
                          filters=filters or None, sort=sort)


@router.get(
    "/documents/{doc_id:document_id}",
    response_model=DocumentView,
    summary="One document's full text",
    responses={400: {"model": ErrorResponse, "description": "`q` cannot be parsed."},
               404: {"model": ErrorResponse, "description": "No document with this id, or no such article in it."},
               **ERROR_RESPONSES},
)
async def document(
    request: Request,
    doc_id: Annotated[str, PathParam(max_length=4096, description="Document id as in search results.")],
    q: Annotated[
        str | None, Query(max_length=MAX_QUERY_CHARS, description="Mark every match of this query in the text.")
    ] = None,
    match: Annotated[MatchMode, Query(description="How `q` is read, as in /search.")] = "all",
    display: Annotated[DisplayMode, Query(description="The text as written, or in one script.")] = "original",
    article: Annotated[str | None, Query(max_length=40, description="Only the passages of this article (第十七条, "
                                         "第17條): where to read it in the text.")] = None,
) -> DocumentView:
    """The cleaned text, outline and passages of one document; the id is looked up in the index, never on disk."""
    return await _in_pool(request, "document", doc_id, query=q, match=match, display=display, article=article)


@router.get(
    "/health",
    response_model=HealthResponse,
    summary="Is the index readable",
    responses={503: ERROR_RESPONSES[503]},
)
async def health(request: Request) -> dict:
    """200 while the index can be read, 503 with the reason otherwise."""
    try:
        stats = await _in_pool(request, "stats")
    except OSError as exc:
        raise IndexDamaged(f"the index cannot be read ({exc.strerror or type(exc).__name__})") from exc
    return {"status": "ok", "documents": stats["documents"]}


@router.get("/stats", response_model=Stats, summary="Index size and versions",
         responses={503: ERROR_RESPONSES[503]})
async def stats(request: Request) -> Stats:
    """How many documents and passages the index holds, when it was built, and by which pipeline."""
    return await _in_pool(request, "stats")


@router.get("/", include_in_schema=False)
@router.get("/read", include_in_schema=False)
async def page() -> FileResponse:
    """The search page; at /read its document view (the page reads the URL)."""
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html", headers=PAGE_HEADERS)

