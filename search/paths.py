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
    import importlib.util

    # The folder has no __init__.py, so it is a namespace package; an editable install adds a path entry that is
    # no folder, which importlib.resources.files refuses. The first real folder of its path is the corpus.
    spec = importlib.util.find_spec("tongwen_seeds")
    return next(Path(p) for p in spec.submodule_search_locations if Path(p).is_dir())
