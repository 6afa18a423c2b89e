"""Server settings, read once from the environment (``TONGWEN_*``) into a small frozen dataclass."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tongwen.index.errors import InvalidParameter
from tongwen.paths import default_index_dir

DEFAULT_REFRESH_SECONDS = 0.5


@dataclass(frozen=True)
class Settings:
    """Where the index lives and how often the server looks for a newer index generation."""

    # Same place `tongwen index` writes to by default, so `tongwen serve` finds it without options.
    index_dir: Path = field(default_factory=default_index_dir)
    # At most one refresh check per interval: a check is cheap, but a busy server need not make one per request.
    refresh_seconds: float = DEFAULT_REFRESH_SECONDS

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, *, index_dir: Path | None = None) -> Settings:
        """Build settings from ``TONGWEN_INDEX`` and ``TONGWEN_REFRESH_SECONDS``; an explicit index_dir wins."""
        env = os.environ if environ is None else environ
        if index_dir is None:
            index_dir = Path(env["TONGWEN_INDEX"]) if env.get("TONGWEN_INDEX") else default_index_dir()
        raw = env.get("TONGWEN_REFRESH_SECONDS")
        refresh = DEFAULT_REFRESH_SECONDS
        if raw:
            try:
                refresh = float(raw)
            except ValueError:
                raise InvalidParameter(f"TONGWEN_REFRESH_SECONDS must be a number of seconds, not {raw!r}") from None
            if not refresh >= 0:
                raise InvalidParameter(f"TONGWEN_REFRESH_SECONDS must be 0 or more, not {raw!r}")
        return cls(index_dir=Path(index_dir).expanduser(), refresh_seconds=refresh)
