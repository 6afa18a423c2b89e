"""How a document's text is stored in the index: compressed, since it is the largest thing the index holds.

Chinese text in UTF-8 shrinks to about 40 % with zlib, and a text is unpacked only when a result from it is shown.
"""

from __future__ import annotations

import zlib

LEVEL = 6


def pack_text(text: str) -> bytes:
    """A document's text as the index stores it."""
    return zlib.compress(text.encode("utf-8"), LEVEL)


def unpack_text(stored: bytes) -> str:
    """A document's text from what the index stores."""
    return zlib.decompress(stored).decode("utf-8")
