"""Indexing: reading files, analysis, segments and generations (``tongwen.index``)."""

import sys

# jieba imports pkg_resources only to find its own dictionary file: 50 ms at every start, and with setuptools 80 a
# UserWarning printed under every command (67–79 warn too, hidden by default). Without it, jieba opens the file by
# its path, as it does where setuptools is not installed; jieba is imported here, before any module of the package
# imports it.
if "jieba" not in sys.modules and "pkg_resources" not in sys.modules:
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # importing it now fails
    try:
        import jieba  # noqa: F401
    finally:
        del sys.modules["pkg_resources"]
