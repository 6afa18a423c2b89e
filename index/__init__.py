"""Indexing: reading files, analysis, segments and generations (``tongwen.index``)."""

import sys
from typing import Any


def import_jieba() -> Any:  # jieba has no type hints
    """jieba, imported without pkg_resources the first time: jieba imports it only to find its own dictionary file,
    which cost 50 ms at every start and, with setuptools 80, printed a UserWarning under every command (67–79 warn
    too, hidden by default). Without it jieba opens the file by its path, as it does where setuptools is absent."""
    if "jieba" not in sys.modules and "pkg_resources" not in sys.modules:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # importing it now fails
        try:
            import jieba  # noqa: F401
        finally:
            del sys.modules["pkg_resources"]
    import jieba

    return jieba
