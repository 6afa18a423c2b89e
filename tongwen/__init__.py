"""Tongwen (同文): bilingual search for Chinese policy texts in Traditional or Simplified script, and English.

Use it from Python without a server::

    import tongwen
    ix = tongwen.Index("my-index")
    ix.update(["~/policies"])
    ix.search("中關村", limit=3)["results"]

The subpackages follow the request one way: ``tongwen.api`` and ``tongwen.cli`` → ``tongwen.search`` →
``tongwen.index``.
"""

from __future__ import annotations

from pathlib import Path

# Installed, the subpackages (index, search, api, seeds) sit inside this folder. In a source checkout they are the
# design's top-level folders beside it, so the checkout's root is where the package looks for them.
if not (Path(__file__).parent / "index").is_dir():
    __path__.append(str(Path(__file__).resolve().parent.parent))  # noqa: F821 (a package's own __path__)

from .library import Index  # noqa: E402

__all__ = ["Index"]
