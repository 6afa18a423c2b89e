"""`tongwen serve`: run the API and search page under uvicorn."""

from __future__ import annotations

import logging
from pathlib import Path

import uvicorn

from tongwen.api.app import create_app
from tongwen.api.settings import Settings

log = logging.getLogger("tongwen.api")


def serve(index_dir: Path | None = None, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the index at index_dir (or ``TONGWEN_INDEX``) on host:port until interrupted."""
    settings = Settings.from_env(index_dir=index_dir)
    if not settings.index_dir.exists():
        # Not fatal: the server picks the index up once `tongwen index` writes it; /health says 503 until then.
        logging.basicConfig(level=logging.INFO)
        log.warning("no index at %s yet; build it with `tongwen index`", settings.index_dir)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info", workers=1)
