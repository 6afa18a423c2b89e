"""Every error Tongwen reports to a user, as one small hierarchy.

Each class carries a stable ``code`` (used by the JSON error shape of the CLI and the HTTP API); ``api.errors``
maps them to HTTP statuses in one place, and the CLI prints ``str(error)`` on one line.
"""

from __future__ import annotations


class TongwenError(Exception):
    """Base of every error that is the user's to read, never a bug."""

    code = "error"


class QuerySyntaxError(TongwenError):
    """The query cannot be parsed; the message says where."""

    code = "query_syntax"


class InvalidParameter(TongwenError):
    """A parameter is out of its range (empty query, bad limit, unknown match mode)."""

    code = "invalid_parameter"


class QueryTooExpensive(TongwenError):
    """The query would match or expand to too much to answer in bounded time."""

    code = "query_too_expensive"


class DocumentNotFound(TongwenError):
    """No document with that id is in the index."""

    code = "not_found"


class IndexMissing(TongwenError):
    """There is no index at the given place yet."""

    code = "index_missing"


class IndexLocked(TongwenError):
    """Another process is writing the index."""

    code = "index_locked"


class IndexDamaged(TongwenError):
    """A file of the index is missing, truncated or corrupt; the message names it and says to rebuild."""

    code = "index_damaged"


class IndexWriteError(TongwenError):
    """The index could not be written (disk full, permissions); the previous index is intact."""

    code = "index_write_failed"


class IndexVersionMismatch(TongwenError):
    """The index was built by a different analysis pipeline or dictionary and must be rebuilt."""

    code = "index_version"


class UnreadableFile(TongwenError):
    """A file cannot be turned into a document (undecodable, empty, binary); it is skipped."""

    code = "unreadable_file"


class InputPathError(TongwenError):
    """A path given to index does not exist or is not a file or folder."""

    code = "bad_path"


class CannotListen(TongwenError):
    """The server cannot listen on the address and port it was given (in use, or not this machine's)."""

    code = "cannot_listen"


# Errors in what the user gave (a query, a parameter, a path, a file), as opposed to the index's state: the CLI
# exits with 2 for these and 1 for the others.
INPUT_ERRORS = (QuerySyntaxError, InvalidParameter, QueryTooExpensive, DocumentNotFound, UnreadableFile,
                InputPathError)
