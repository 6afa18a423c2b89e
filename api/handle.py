"""One Searcher per server, opened on first use and kept current with the index generation on disk."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tongwen.index.errors import TongwenError
from tongwen.search.shapes import DocumentView, SearchPage, Stats

log = logging.getLogger("tongwen.api")


def _open_searcher(index_dir: Path) -> Any:
    """Open the real searcher; imported late so the app module loads without an index library error."""
    from tongwen.search.searcher import Searcher

    # A server reads every file against its checksum once per generation it opens: it answers for a long time.
    return Searcher.open(index_dir, checksums=True)


class SearcherHandle:
    """Hands out the shared Searcher, opening it lazily and refreshing it at most once per interval.

    The server starts even when no index exists yet (``/health`` then answers 503); the first request after
    ``tongwen index`` has written one opens it. A failed refresh keeps serving the generation already open,
    so a request never fails because the index is being swapped underneath it.
    """

    def __init__(
        self,
        index_dir: Path,
        refresh_seconds: float,
        opener: Callable[[Path], Any] = _open_searcher,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.index_dir = index_dir
        self._interval = refresh_seconds
        self._opener = opener
        self._clock = clock
        self._lock = threading.Lock()
        self._searcher: Any = None
        self._checked = float("-inf")

    def get(self) -> Any:
        """The current Searcher; raises IndexMissing / IndexVersionMismatch while none can be opened."""
        searcher = self._searcher
        if searcher is None:
            with self._lock:
                if self._searcher is None:
                    self._searcher = self._opener(self.index_dir)
                    self._checked = self._clock()
                return self._searcher
        now = self._clock()
        # Non-blocking: while one thread refreshes, the others keep answering from the open generation.
        if now - self._checked >= self._interval and self._lock.acquire(blocking=False):
            try:
                self._checked = now
                searcher.refresh()
            except (TongwenError, OSError) as exc:
                log.warning("index refresh failed, still serving the open generation: %s", exc)
            finally:
                self._lock.release()
        return searcher

    def refresh_now(self) -> None:
        """Move to the live generation at once, waiting for a refresh another thread is making."""
        with self._lock:
            searcher = self._searcher
            if searcher is not None:
                self._checked = self._clock()
                searcher.refresh()

    def live(self) -> LiveSearcher:
        """The current Searcher behind a guard that retries a read whose generation vanished mid-request."""
        return LiveSearcher(self, self.get())

    def close(self) -> None:
        """Release the open Searcher, if it holds anything to release."""
        with self._lock:
            searcher, self._searcher = self._searcher, None
        close = getattr(searcher, "close", None)
        if callable(close):
            close()


class LiveSearcher:
    """The Searcher's read methods, each retried once on the live generation if the one it read was removed.

    ``tongwen index`` keeps the newest two generations; a request that started on an older one can find its files
    gone. That is no reason to fail the request: the data it wants is in the live generation.
    """

    def __init__(self, handle: SearcherHandle, searcher: Any) -> None:
        self._handle = handle
        self._searcher = searcher

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(self._searcher, name)(*args, **kwargs)
        except OSError as exc:
            log.info("index generation vanished during %s (%s); retrying on the live one", name, exc)
            self._handle.refresh_now()
            return getattr(self._searcher, name)(*args, **kwargs)

    def search(self, query: str, **options: Any) -> SearchPage:
        """Searcher.search, on the live generation."""
        return self._call("search", query, **options)

    def document(self, doc_id: str, **options: Any) -> DocumentView:
        """Searcher.document, on the live generation."""
        return self._call("document", doc_id, **options)

    def stats(self) -> Stats:
        """Searcher.stats, on the live generation."""
        return self._call("stats")
