"""Every error Tongwen reports to a user, as one small hierarchy.

Each class carries a stable ``code`` (used by the JSON error shape of the CLI and the HTTP API) and an
``http_status``; ``api`` maps them to responses in one place and the CLI prints ``str(error)`` on one line.
"""

from __future__ import annotations


class TongwenError(Exception):
    """Base of every error that is the user's to read, never a bug."""

    code = "error"
    http_status = 400


class QuerySyntaxError(TongwenError):
    """The query cannot be parsed; the message says where."""

    code = "query_syntax"
    http_status = 400


class InvalidParameter(TongwenError):
    """A parameter is out of its range (empty query, bad limit, unknown match mode)."""

    code = "invalid_parameter"
    http_status = 422


class QueryTooExpensive(TongwenError):
    """The query would match or expand to too much to answer in bounded time."""

    code = "query_too_expensive"
    http_status = 422


class DocumentNotFound(TongwenError):
    """No document with that id is in the index."""

    code = "not_found"
    http_status = 404


class IndexMissing(TongwenError):
    """There is no index at the given place yet."""

    code = "index_missing"
    http_status = 503


class IndexLocked(TongwenError):
    """Another process is writing the index."""

    code = "index_locked"
    http_status = 503


class IndexDamaged(TongwenError):
    """A file of the index is missing, truncated or corrupt; the message names it and says to rebuild."""

    code = "index_damaged"
    http_status = 503


class IndexWriteError(TongwenError):
    """The index could not be written (disk full, permissions); the previous index is intact."""

    code = "index_write_failed"
    http_status = 503


class IndexVersionMismatch(TongwenError):
    """The index was built by a different analysis pipeline or dictionary and must be rebuilt."""

    code = "index_version"
    http_status = 503


class UnreadableFile(TongwenError):
    """A file cannot be turned into a document (undecodable, empty, binary); it is skipped."""

    code = "unreadable_file"
    http_status = 422


class InputPathError(TongwenError):
    """A path given to index does not exist or is not a file or folder."""

    code = "bad_path"
    http_status = 422
