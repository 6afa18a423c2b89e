"""Find the files to index under the paths a user gives.

A folder yields every file with a supported suffix below it, recursively, sorted by document id (the path
relative to the folder, with "/" separators). Hidden files and folders (name starting with ".") are skipped.
Symbolic links are followed only while they resolve inside the folders given: a link to anything elsewhere on
the machine is skipped with a warning, so indexing (and serving) a shared folder never publishes what a link in
it points to (``follow_symlinks`` opts in). A folder already visited (by its real path) is not entered again, so
link cycles end, and a file reached twice (through a link, or by two given paths) is yielded once. A single file
is yielded as given, whatever its suffix: its root is its folder, its id its name.

A name that is not valid UTF-8 keeps its bytes for reading; its document id shows them escaped (``\\xff``).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import NamedTuple

from tongwen.index.errors import InputPathError
from tongwen.index.readers import supported_suffixes


class Found(NamedTuple):
    """A file to index: the folder given, its document id, its path, and its size and modification time (ns),
    or None when it could not be stat'ed (vanished, unreadable: whoever reads it finds out and says so)."""

    root: Path
    doc_id: str
    path: str
    stat: tuple[int, int] | None


def walk(paths: list[Path], *, follow_symlinks: bool = False,
         warn: Callable[[str], None] | None = None) -> Iterator[Found]:
    """Yield every file to index under ``paths``, each stat'ed once; InputPathError for a bad path.

    Paths are plain strings and each file is stat'ed once (for finding it twice and for change detection alike):
    at a million files a path object and a second stat per file are most of a run with nothing to do."""
    warn = warn or (lambda message: None)
    paths = [Path(path) for path in paths]
    for path in paths:  # all paths are checked before anything is yielded
        if not path.exists():
            raise InputPathError(f"no such file or folder: {path}")
        if not (path.is_file() or path.is_dir()):
            raise InputPathError(f"not a file or folder: {path}")
    suffixes = supported_suffixes()
    inside = None if follow_symlinks else [os.path.realpath(p) for p in paths]
    seen_files: set = set()
    for path in paths:
        if path.is_file():
            st = _stat(str(path))
            if _first_visit(st, seen_files):
                yield Found(path.parent, display_name(path.name), str(path), _change_key(st))
            continue
        base = os.path.join(str(path), "")  # ends with the separator: a file's path is base + its id
        for doc_id, odd_path, numbers in _collect(path, suffixes, inside, warn):
            file_path = odd_path or base + doc_id
            if numbers is None:
                yield Found(path, doc_id, file_path, None)
                continue
            size, mtime, device, inode = numbers
            key = (device, inode)  # _first_visit and _change_key inline: this loop runs once per file
            if key not in seen_files:
                seen_files.add(key)
                yield Found(path, doc_id, file_path, (size, mtime))


def _within(real: str, roots: list[str]) -> bool:
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def display_name(name: str) -> str:
    """A file name as text: undecodable bytes (kept by the OS as surrogates) shown as ``\\xNN``."""
    try:
        name.encode("utf-8")  # nearly every name: nothing to escape
        return name
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")


def _collect(root: Path, suffixes: frozenset[str], inside: list[str] | None,
             warn: Callable[[str], None]) -> list[tuple[str, str | None, tuple[int, int, int, int] | None]]:
    """The (doc_id, path, (size, mtime, device, inode)) of every indexable file under ``root``, entering each real
    folder once. The path is None where it is ``root``/doc_id (every name on the way valid UTF-8), and only those
    four numbers of a file's stat are kept: at a million files whole stats and paths would take a gigabyte while
    the list is sorted."""
    found: list[tuple[str, str | None, tuple[int, int, int, int] | None]] = []
    visited = {os.path.realpath(root)}
    pending = deque([(str(root), "", True)])
    while pending:
        # Breadth first in name order: which of two links to a folder wins is stable.
        folder, prefix, plain = pending.popleft()
        try:
            entries = sorted(os.scandir(folder), key=_NAME)
        except OSError:  # an unreadable folder has nothing to index
            continue
        for entry in entries:
            raw = entry.name
            if raw[0] == ".":
                continue
            if raw[raw.rfind(".") :].lower() in suffixes and not entry.is_symlink():
                # The common case first, in as few steps as it takes: a file of an indexed kind, not a link.
                try:
                    if entry.is_file(follow_symlinks=False):
                        st = entry.stat(follow_symlinks=False)
                        name = display_name(raw)
                        found.append((prefix + name, None if plain and name is raw else entry.path,
                                      (st.st_size, st.st_mtime_ns, st.st_dev, st.st_ino)))
                        continue
                except OSError:
                    found.append((prefix + display_name(raw), entry.path, None))
                    continue
            try:
                is_dir, is_file = entry.is_dir(), entry.is_file()  # both follow symbolic links
                link = entry.is_symlink()
            except OSError:
                continue
            name = display_name(entry.name)
            if link and inside is not None and (is_dir or is_file):
                if not _within(os.path.realpath(entry.path), inside):
                    warn(f"{prefix}{name}: a link to a place outside the folders given; skipped "
                         f"(--follow-symlinks indexes it)")
                    continue
            if is_dir:
                real = os.path.realpath(entry.path)
                if real not in visited:
                    visited.add(real)
                    pending.append((entry.path, f"{prefix}{name}/", plain and name is entry.name))
            elif is_file and entry.name[entry.name.rfind(".") :].lower() in suffixes:
                odd_path = None if plain and name is entry.name else entry.path
                try:
                    st = entry.stat()  # follows a link, as reading the file will
                    found.append((f"{prefix}{name}", odd_path, (st.st_size, st.st_mtime_ns, st.st_dev, st.st_ino)))
                except OSError:
                    found.append((f"{prefix}{name}", odd_path, None))
    found.sort(key=_doc_id)
    return found


_doc_id = itemgetter(0)
_NAME = attrgetter("name")


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def _change_key(st: os.stat_result | None) -> tuple[int, int] | None:
    """What change detection compares: size and modification time in nanoseconds."""
    return (st.st_size, st.st_mtime_ns) if st is not None else None


def _first_visit(st: os.stat_result | None, seen: set) -> bool:
    """Record the file a stat describes (device and inode: where resolving the path takes a stat per folder on the
    way); False when it was yielded already."""
    if st is None:  # vanished or unreadable: the caller finds out and says so
        return True
    key = (st.st_dev, st.st_ino)
    if key in seen:
        return False
    seen.add(key)
    return True
