"""The HTTP API and search page: ``create_app(settings)`` builds the FastAPI application."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders

from tongwen.api.errors import install_error_handlers
from tongwen.api.handle import SearcherHandle
from tongwen.api.routes import STATIC_DIR, router
from tongwen.api.settings import Settings
from tongwen.index import leases
from tongwen.index.errors import TongwenError

log = logging.getLogger("tongwen.api")

# FastAPI's docs pages load Swagger UI / ReDoc from jsDelivr and start them with one inline script.
DOCS_CSP = (
    "default-src 'none'; script-src 'self' https://cdn.jsdelivr.net 'unsafe-inline'; "
    "style-src 'self' https://cdn.jsdelivr.net 'unsafe-inline'; img-src 'self' data: https://fastapi.tiangolo.com; "
    "connect-src 'self'; font-src https://cdn.jsdelivr.net; worker-src blob:; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'none'"
)

DESCRIPTION = """
Search Chinese policy documents in Traditional or Simplified script, with English terms mixed in.
A query in either script finds documents in either script; passages are returned as the document wrote
them unless `display` asks for one script. Every error answers with `{"error": {"code", "message"}}`.
"""


def _version() -> str:
    try:
        return version("tongwen")
    except PackageNotFoundError:
        return "0+unknown"


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application for one index directory; the Searcher is opened once and shared."""
    settings = settings or Settings.from_env()
    # A server reads its index for a long time: it takes read leases, so that no other process can truncate a
    # file under a request's memory-mapped reads (see ``index.leases``).
    leases.install()
    handle = SearcherHandle(settings.index_dir, settings.refresh_seconds)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The index is opened (and, by a server, read against its checksums) before the first request is taken, so
        # no user's first query waits for it; an index missing or damaged now is reported by each request instead.
        try:
            await asyncio.to_thread(handle.get)
        except (TongwenError, OSError) as exc:
            log.warning("the index could not be opened at start (%s); each request will say why", exc)
        yield
        handle.close()

    app = FastAPI(title="Tongwen", version=_version(), description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    app.state.searchers = handle
    install_error_handlers(app)

    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(SecurityHeaders)
    app.add_middleware(HeadAsGet)
    return app


class SecurityHeaders:
    """No response is sniffed into another type; the API docs page may load only its own assets.

    A plain ASGI middleware: it touches the response's first message only, where Starlette's ``BaseHTTPMiddleware``
    would pass every response body through a stream of its own (a millisecond per page of results)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = scope["path"] in ("/docs", "/redoc")

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                if docs:
                    headers["Content-Security-Policy"] = DOCS_CSP
            await send(message)

        await self.app(scope, receive, with_headers)


class HeadAsGet:
    """HEAD answers as GET would, headers only (RFC 9110): uptime checkers and link checkers ask with HEAD."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message):
            if message["type"] != "http.response.body":
                await send(message)
            elif not message.get("more_body", False):
                await send({"type": "http.response.body", "body": b""})

        await self.app({**scope, "method": "GET"}, receive, headers_only)
