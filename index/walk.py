"""Find the files to index under the paths a user gives.

A folder yields every file with a supported suffix below it, recursively, sorted by document id (the path
relative to the folder, with "/" separators). Hidden files and folders (name starting with ".") are skipped.
Symbolic links to files and folders are followed, but a folder already visited (by its real path) is not
entered again, so link cycles end, and a file reached twice (through a link, or by two given paths) is
yielded once. A single file is yielded as given, whatever its suffix: its root is its folder, its id its name.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from index.errors import InputPathError
from index.readers import supported_suffixes


def walk(paths: list[Path]) -> Iterator[tuple[Path, str, Path]]:
    """Yield (root, doc_id, file_path) for every file to index under ``paths``; InputPathError for a bad path."""
    paths = [Path(path) for path in paths]
    for path in paths:  # all paths are checked before anything is yielded
        if not path.exists():
            raise InputPathError(f"no such file or folder: {path}")
        if not (path.is_file() or path.is_dir()):
            raise InputPathError(f"not a file or folder: {path}")
    suffixes = supported_suffixes()
    seen_files: set[str] = set()
    for path in paths:
        if path.is_file():
            if _first_visit(path, seen_files):
                yield path.parent, path.name, path
            continue
        for doc_id, file_path in _collect(path, suffixes):
            if _first_visit(file_path, seen_files):
                yield path, doc_id, file_path


def _collect(root: Path, suffixes: frozenset[str]) -> list[tuple[str, Path]]:
    """The (doc_id, path) of every indexable file under ``root``, entering each real folder once."""
    found: list[tuple[str, Path]] = []
    visited = {os.path.realpath(root)}
    pending = deque([(root, "")])
    while pending:
        folder, prefix = pending.popleft()  # breadth first in name order: which of two links to a folder wins is stable
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:  # an unreadable folder has nothing to index
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_dir, is_file = entry.is_dir(), entry.is_file()  # both follow symbolic links
            except OSError:
                continue
            if is_dir:
                real = os.path.realpath(entry.path)
                if real not in visited:
                    visited.add(real)
                    pending.append((Path(entry.path), f"{prefix}{entry.name}/"))
            elif is_file and os.path.splitext(entry.name)[1].lower() in suffixes:
                found.append((f"{prefix}{entry.name}", Path(entry.path)))
    found.sort()
    return found


def _first_visit(path: Path, seen: set[str]) -> bool:
    """Record the real path of a file; False when it was yielded already."""
    real = os.path.realpath(path)
    if real in seen:
        return False
    seen.add(real)
    return True
