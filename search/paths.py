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
    """The bundled seed corpus (installed as the ``tongwen_seeds`` package)."""
    import importlib.resources

    return Path(str(importlib.resources.files("tongwen_seeds")))
