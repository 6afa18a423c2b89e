"""Find the files to index under the paths a user gives.

A folder yields every file with a supported suffix below it, recursively, sorted by document id (the path
relative to the folder, with "/" separators). Hidden files and folders (name starting with ".") are skipped.
Symbolic links are followed only while they resolve inside the folders given: a link to anything elsewhere on
the machine is skipped with a warning, so indexing (and serving) a shared folder never publishes what a link in
it points to (``follow_symlinks`` opts in). A folder already visited (by its real path) is not entered again, so
link cycles end, and a file reached twice (through a link, or by two given paths) is yielded once. A single file
is yielded as given, whatever its suffix: its root is its folder, its id its name. Documents of kinds no reader
reads (``readers.UNREAD_DOCUMENTS``: .caj, .uof, .epub…) are counted under each folder and named in one warning.

A name that is not valid UTF-8 keeps its bytes for reading; its document id shows them escaped (``\\xff``).
"""

from __future__ import annotations

import os
import stat
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

import numpy as np

from tongwen.index.document import display_name
from tongwen.index.errors import InputPathError
from tongwen.index.readers import UNREAD_DOCUMENTS, supported_suffixes


class Found(NamedTuple):
    """A file to index: the folder given, its document id, its path, and its size and modification time (ns),
    or None when it could not be stat'ed (vanished, unreadable: whoever reads it finds out and says so)."""

    root: Path
    doc_id: str
    path: str
    stat: tuple[int, int] | None


@dataclass(frozen=True)
class Listing:
    """The files to index under one path given, sorted by document id, as columns: a run with nothing to do
    compares a million files' sizes and times as arrays, not one Python object per file.

    ``size`` is -1 where a file could not be stat'ed. A file's path is ``base`` + its id, except where ``odd``
    holds it (a name that is not valid UTF-8, a folder reached through a link, or a single file given)."""

    root: Path
    base: str
    doc_ids: list[str]
    size: np.ndarray
    mtime: np.ndarray
    odd: dict[int, str]
    skipped: int = 0  # files left out, each named in a warning (a name escaped as another file's id)
    # Folders that could not be read, what was indexed from them not known to be gone: their id prefixes ("" for the
    # folder given, else ending in "/").
    unreadable: tuple[str, ...] = ()
    # Links to nothing now (a share behind them not mounted), as (id, target): what was indexed through one, the file
    # of that id or the files under it, is not known to be gone either.
    dangling: tuple[tuple[str, str], ...] = ()

    def path(self, i: int) -> str:
        """The path of file ``i``."""
        return self.odd.get(i) or self.base + self.doc_ids[i]

    def found(self, i: int) -> Found:
        """File ``i`` as a Found."""
        size = int(self.size[i])
        return Found(self.root, self.doc_ids[i], self.path(i), None if size < 0 else (size, int(self.mtime[i])))


def walk(paths: list[Path], *, follow_symlinks: bool = False,
         warn: Callable[[str], None] | None = None) -> Iterator[Found]:
    """Yield every file to index under ``paths``, each stat'ed once; InputPathError for a bad path."""
    for listing in listings(paths, follow_symlinks=follow_symlinks, warn=warn):
        for i in range(len(listing.doc_ids)):
            yield listing.found(i)


def listings(paths: list[Path], *, follow_symlinks: bool = False,
             warn: Callable[[str], None] | None = None) -> Iterator[Listing]:
    """One Listing per path given, in the order given, each file stat'ed once; InputPathError for a bad path.

    A file reached twice (two links, two paths given, two hard links) is listed once, under the first of its
    ids in that order."""
    warn = warn or (lambda message: None)
    paths = [Path(path) for path in paths]
    for path in paths:  # all paths are checked before anything is yielded
        if not path.exists():
            raise InputPathError(f"no such file or folder: {path}")
        if not (path.is_file() or path.is_dir()):
            raise InputPathError(f"not a file or folder: {path}")
    suffixes = supported_suffixes()
    inside = None if follow_symlinks else [os.path.realpath(p) for p in paths]
    seen: set[tuple[int, int]] = set()  # (device, inode) of the files of earlier paths
    for n, path in enumerate(paths):
        if path.is_file():
            columns = _Columns()
            shown = display_name(path.name)
            if shown != path.name and (path.parent / shown).is_file():
                # As a walk of its folder would (``one_per_id``): the id is the other file's.
                warn(_taken_id(str(path), shown))
                columns.skipped += 1
            else:
                columns.add_stat(shown, str(path), _stat(str(path)))
            listing, keys = columns.listing(path.parent, "", seen, n + 1 < len(paths), warn)
        else:
            columns = _collect(path, suffixes, inside, warn)
            if columns.unread:
                warn(_unread_message(path, columns.unread))
            # Ends with the separator: a file's path is base + its id.
            listing, keys = columns.listing(path, os.path.join(str(path), ""), seen, n + 1 < len(paths), warn)
        seen.update(keys)
        yield listing


def _unread_message(folder: Path, unread: Counter) -> str:
    """One line naming the documents under ``folder`` that no reader reads, by kind, and what to do."""
    kinds = ", ".join(f"{suffix} {n}" for suffix, n in sorted(unread.items(), key=lambda kv: (-kv[1], kv[0])))
    total = sum(unread.values())
    return (f"{display_name(str(folder))}: left out {total} document{'s' if total > 1 else ''} in formats Tongwen "
            f"does not read ({kinds}); save them as PDF or .docx to index them")


class _Columns:
    """What a walk collects, a list per number: cheaper than a tuple per file at a million files."""

    def __init__(self) -> None:
        self.unread: Counter = Counter()  # documents of a kind no reader reads, by suffix
        self.ids: list[str] = []
        self.size: list[int] = []
        self.mtime: list[int] = []
        self.device: list[int] = []
        self.inode: list[int] = []
        self.odd: dict[int, str] = {}
        # Whether a name was shown with escapes: only then can two files have one id (``one_per_id``).
        self.escaped = False
        self.skipped = 0  # files left out with a warning
        self.unreadable: list[str] = []  # ``Listing.unreadable``
        self.dangling: list[tuple[str, str]] = []  # ``Listing.dangling``

    def add_stat(self, doc_id: str, path: str | None, st: os.stat_result | None) -> None:
        """Add one file (``path`` None where it is base + id) and its stat (None: could not be stat'ed)."""
        if path is not None:
            self.odd[len(self.ids)] = path
        self.ids.append(doc_id)
        if st is None:
            st_numbers = (-1, 0, -1, 0)
        else:
            st_numbers = (st.st_size, st.st_mtime_ns, st.st_dev, st.st_ino)
        self.size.append(st_numbers[0])
        self.mtime.append(st_numbers[1])
        self.device.append(st_numbers[2])
        self.inode.append(st_numbers[3])

    def listing(self, root: Path, base: str, seen: set[tuple[int, int]], remember: bool,
                warn: Callable[[str], None]) -> tuple[Listing, list[tuple[int, int]]]:
        """The files sorted by id, each real file once, one file per id, none of those in ``seen``; and, with
        ``remember``, the (device, inode) of those listed."""
        ids = self.ids
        order = np.array(sorted(range(len(ids)), key=ids.__getitem__), dtype=np.int64)
        if self.escaped:
            order = self.one_per_id(order, base, warn)
        device = np.array(self.device, dtype=np.int64)[order]
        inode = np.array(self.inode, dtype=np.uint64)[order]
        keep = _first_visits(device, inode)
        keys: list[tuple[int, int]] = []
        if seen or remember:
            keys = list(zip(device[keep].tolist(), inode[keep].tolist()))
            if seen:
                keep[keep] = [key not in seen for key in keys]
                keys = [key for key in keys if key not in seen]
        keep |= device < 0  # not stat'ed: never the same file as another, whoever reads it finds out
        order = order[keep]
        new_place = np.full(len(ids), -1, dtype=np.int64)
        new_place[order] = np.arange(len(order))
        odd = {int(new_place[old]): path for old, path in self.odd.items() if new_place[old] >= 0}
        listing = Listing(root, base, [ids[i] for i in order.tolist()],
                          np.array(self.size, dtype=np.int64)[order], np.array(self.mtime, dtype=np.int64)[order],
                          odd, self.skipped, tuple(self.unreadable), tuple(self.dangling))
        return listing, keys

    def one_per_id(self, order: np.ndarray, base: str, warn: Callable[[str], None]) -> np.ndarray:
        """``order`` (sorted by id) with one file per id: a name that is not valid UTF-8 is shown escaped, and a
        file may be named as that escape reads (``a\\xff.txt``). One document per id, so the file whose name is
        written as its id keeps it and the other is skipped with a warning; never one silently replacing the
        other, run after run."""
        ids, kept = self.ids, []
        for _, same in groupby(order.tolist(), key=ids.__getitem__):
            group = list(same)
            if len(group) > 1:
                paths = [self.odd.get(i) or base + ids[i] for i in group]
                # The name written as the id, else (two names escaped alike: \\xff\xff and \xff\\xff) the first
                # by its bytes, whatever order the folder lists them in.
                first = next((k for k, path in enumerate(paths) if path[len(base):] == ids[group[k]]),
                             min(range(len(paths)), key=lambda k: os.fsencode(paths[k])))
                for k, path in enumerate(paths):
                    if k != first:
                        warn(_taken_id(path, ids[group[k]]))
                        self.skipped += 1
                group = [group[first]]
            kept.append(group[0])
        return np.array(kept, dtype=np.int64)


def _taken_id(path: str, doc_id: str) -> str:
    """The warning for a file skipped because the escaped form of its name is another file's id."""
    return (f"{display_name(path)}: a name that is not valid UTF-8, shown as {doc_id}, the id of another file there; "
            f"skipped (rename it to index both)")


def _first_visits(device: np.ndarray, inode: np.ndarray) -> np.ndarray:
    """Which entries are the first with their (device, inode); entries not stat'ed (device -1) are False."""
    keys = np.empty(len(device), dtype=[("device", np.int64), ("inode", np.uint64)])
    keys["device"], keys["inode"] = device, inode
    _, first = np.unique(keys, return_index=True)
    keep = np.zeros(len(device), dtype=bool)
    keep[first] = True
    return keep & (device >= 0)


def _within(real: str, roots: list[str]) -> bool:
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _collect(root: Path, suffixes: frozenset[str], inside: list[str] | None,
             warn: Callable[[str], None]) -> _Columns:
    """Every indexable file under ``root`` with its size, time, device and inode, entering each real folder once.

    Only those four numbers of a file's stat are kept, and no path that ``root`` + its id gives: at a million
    files whole stats and paths would take a gigabyte."""
    found = _Columns()
    # The loop below runs once per file: its appends are bound once, not looked up per file.
    add_size, add_mtime = found.size.append, found.mtime.append
    add_device, add_inode = found.device.append, found.inode.append
    file_type, regular = _FILE_TYPE, _REGULAR
    visited = {os.path.realpath(root)}
    pending = deque([(str(root), "", True)])
    while pending:
        # Breadth first, folders and links in name order: which of two links to a folder wins is stable.
        folder, prefix, plain = pending.popleft()
        try:
            entries = os.scandir(folder)
            others, failed = [], []
            names: list[str] = []
            add_name = names.append
            for entry in entries:
                raw = entry.name
                if raw[0] == ".":
                    continue
                if raw[raw.rfind(".") :].lower() in suffixes:
                    # The common case in as few steps as it takes: a regular file of an indexed kind (lstat: not
                    # a link).
                    try:
                        st = entry.stat(follow_symlinks=False)
                    except OSError:
                        failed.append(entry)
                        continue
                    if st.st_mode & file_type == regular:
                        add_name(raw)
                        add_size(st.st_size)
                        add_mtime(st.st_mtime_ns)
                        add_device(st.st_dev)
                        add_inode(st.st_ino)
                        continue
                others.append(entry)
            entries.close()
        except OSError as err:
            # Nothing of it is listed, and nothing indexed from it is dropped: a folder a permission or a network
            # share keeps from being read has not lost its files.
            found.unreadable.append(prefix)
            warn(f"{display_name(folder)}: cannot read the folder ({err.strerror or err}); what was indexed from it "
                 f"is kept as it was")
            continue
        _add_names(found, names, prefix, folder, plain)
        for entry in failed:  # vanished or unreadable: whoever reads it finds out and says so
            found.escaped |= display_name(entry.name) is not entry.name
            found.add_stat(prefix + display_name(entry.name), entry.path, None)
        for entry in sorted(others, key=_NAME):
            _visit(entry, prefix, plain, found, pending, visited, suffixes, inside, warn)
    return found


def _add_names(found: _Columns, names: list[str], prefix: str, folder: str, plain: bool) -> None:
    """The ids (and the odd paths) of the regular files just collected from ``folder``."""
    first = len(found.ids)
    try:
        "".join(names).encode("utf-8")  # nearly always: every name valid UTF-8, nothing to escape
        found.ids.extend([prefix + name for name in names] if prefix else names)
        if not plain:
            found.odd.update((first + k, os.path.join(folder, name)) for k, name in enumerate(names))
    except UnicodeEncodeError:
        found.escaped = True
        for k, name in enumerate(names):
            shown = display_name(name)
            found.ids.append(prefix + shown)
            if not plain or shown is not name:
                found.odd[first + k] = os.path.join(folder, name)


def _visit(entry: os.DirEntry, prefix: str, plain: bool, found: _Columns, pending: deque, visited: set[str],
           suffixes: frozenset[str], inside: list[str] | None, warn: Callable[[str], None]) -> None:
    """A folder, a link, or a file of an unusual kind met in a folder: entered, collected, or skipped."""
    try:
        is_dir, is_file = entry.is_dir(), entry.is_file()  # both follow symbolic links
        link = entry.is_symlink()
    except OSError:
        return
    name = display_name(entry.name)
    found.escaped |= name is not entry.name
    if link and not (is_dir or is_file) and not os.path.lexists(os.path.realpath(entry.path)):
        # A link to nothing now: said only where the index held something through it (the plan knows), as links to
        # what never was a file (/dev/stdout's) are many and mean nothing here.
        try:
            target = display_name(os.readlink(entry.path))
        except OSError:  # gone since
            target = "a place"
        found.dangling.append((f"{prefix}{name}", target))
        return
    if link and inside is not None and (is_dir or is_file):
        if not _within(os.path.realpath(entry.path), inside):
            warn(f"{prefix}{name}: a link to a place outside the folders given; skipped "
                 f"(--follow-symlinks indexes it)")
            return
    if is_dir:
        real = os.path.realpath(entry.path)
        if real not in visited:
            visited.add(real)
            pending.append((entry.path, f"{prefix}{name}/", plain and name is entry.name))
    elif is_file:
        suffix = entry.name[entry.name.rfind(".") :].lower()
        if suffix not in suffixes:
            if suffix in UNREAD_DOCUMENTS:
                found.unread[suffix] += 1
            return
        odd_path = None if plain and name is entry.name else entry.path
        try:
            st = entry.stat()  # follows a link, as reading the file will
        except OSError:
            st = None
        found.add_stat(f"{prefix}{name}", odd_path, st)


_FILE_TYPE, _REGULAR = stat.S_IFMT(0o177777), stat.S_IFREG
_NAME = attrgetter("name")


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None
