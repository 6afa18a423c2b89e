"""The public contract of a search, defined once: its modes, filter fields and limits, and their checks.

The API's response models and query parameters, the CLI's choices and the library all take these from here.
"""

from __future__ import annotations

from typing import Literal, get_args

from tongwen.index.document import display_name
from tongwen.index.errors import InvalidParameter

MatchMode = Literal["all", "any"]
DisplayMode = Literal["original", "hans", "hant"]
SortMode = Literal["relevance", "date", "-date", "revised", "-revised"]
FilterField = Literal["year", "agency", "script", "type", "number", "status", "citation"]
Script = Literal["hans", "hant", "mixed", "latin"]
Via = Literal["exact", "script", "regional", "substring", "synonym", "numeral"]

MATCH_MODES: tuple[str, ...] = get_args(MatchMode)
DISPLAY_MODES: tuple[str, ...] = get_args(DisplayMode)
SORT_MODES: tuple[str, ...] = get_args(SortMode)
FILTER_FIELDS: tuple[str, ...] = get_args(FilterField)
MAX_QUERY_CHARS = 1000
MAX_LIMIT = 100
# Paging past this many results is no use to a person and only makes the searcher collect more hits.
MAX_OFFSET = 10_000


def check_params(text: str, limit: int, offset: int, match: str, display: str, sort: str = "relevance") -> None:
    """Raise InvalidParameter for a query, page or mode outside the contract."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidParameter("the query is empty")
    if len(text) > MAX_QUERY_CHARS:
        raise InvalidParameter(f"the query is longer than {MAX_QUERY_CHARS} characters")
    check_text("the query", text)
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidParameter(f"limit must be between 1 and {MAX_LIMIT}")
    if not isinstance(offset, int) or offset < 0:
        raise InvalidParameter("offset must be 0 or more")
    check_modes(match, display, sort)


def check_text(what: str, text: str) -> None:
    """Raise InvalidParameter for text holding bytes that are not UTF-8 (a shell passes them on as they are)."""
    shown = display_name(text)
    if shown != text:
        raise InvalidParameter(f"{what} holds bytes that are not UTF-8 ({shown}); write it in UTF-8")


def check_modes(match: str, display: str, sort: str = "relevance") -> None:
    """Raise InvalidParameter for a match, display or sort mode the contract does not name."""
    for name, value, allowed in (("match", match, MATCH_MODES), ("display", display, DISPLAY_MODES),
                                 ("sort", sort, SORT_MODES)):
        if value not in allowed:
            raise InvalidParameter(f"{name} must be one of: {', '.join(allowed)}")
