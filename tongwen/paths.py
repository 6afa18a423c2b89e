"""Where things live: the default index folder and the bundled seed corpus."""

from __future__ import annotations

import os
from pathlib import Path


def default_index_dir() -> Path:
    """``$TONGWEN_INDEX``, else the per-user data folder (``$XDG_DATA_HOME/tongwen/index``)."""
    env = os.environ.get("TONGWEN_INDEX")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "tongwen" / "index"


def seeds_dir() -> Path:
    """The bundled seed corpus (package data of ``tongwen``: ``tongwen/seeds`` installed, ``seeds/`` in a checkout)."""
    import tongwen

    for base in tongwen.__path__:
        folder = Path(base) / "seeds"
        if folder.is_dir():
            return folder
    raise FileNotFoundError("the bundled seed corpus is missing from this installation")
