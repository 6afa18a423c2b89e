"""The library interface: one index folder, updated and searched from Python as the CLI and the API do."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tongwen.search.shapes import DocumentView, SearchPage, Stats


class Index:
    """An index folder: ``update`` it from files and folders, ``search`` it, read a ``document`` from it.

    Nothing starts a server. The searcher is opened on first use and follows the newest generation, so an
    ``update`` made here (or by ``tongwen index`` elsewhere) is seen by the next ``search``.
    """

    def __init__(self, path: str | PathLike[str]):
        self.path = Path(path).expanduser()
        self._searcher: Any = None

    def __repr__(self) -> str:
        return f"tongwen.Index({str(self.path)!r})"

    def update(self, paths: Iterable[str | PathLike[str]], rebuild: bool = False, *, follow_symlinks: bool = False,
               warn: Callable[[str], None] | None = None) -> dict:
        """Index files and folders (unchanged files cost nothing); the report as ``tongwen index --json`` prints it."""
        from tongwen.index.store import update_index

        report = update_index([Path(p).expanduser() for p in paths], self.path, rebuild=rebuild,
                              follow_symlinks=follow_symlinks, warn=warn)
        return report.as_json()

    def search(self, query: str, *, limit: int = 10, offset: int = 0, match: str = "all", display: str = "original",
               sort: str = "relevance", filters: dict | None = None) -> SearchPage:
        """Rank documents for ``query``: the same object as the HTTP API's JSON (results, passages, facets)."""
        return self._open().search(query, limit=limit, offset=offset, match=match, display=display, sort=sort,
                                   filters=filters)

    def document(self, doc_id: str, *, query: str | None = None, match: str = "all", display: str = "original",
                 article: str | None = None) -> DocumentView:
        """One document's whole text, title, metadata and outline, as ``GET /documents/{doc_id}`` returns it: with
        ``query`` every match marked, with ``article`` (第十七条) that article's passages only."""
        return self._open().document(doc_id, query=query, match=match, display=display, article=article)

    def stats(self) -> Stats:
        """How many documents and passages the index holds, its size by part, and how it was built."""
        return self._open().stats()

    def _open(self) -> Any:
        from tongwen.search.searcher import Searcher

        if self._searcher is None:
            self._searcher = Searcher.open(self.path)
        else:
            self._searcher.refresh()
        return self._searcher
