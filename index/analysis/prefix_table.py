"""jieba's prefix dictionary as a file a process that only segments queries maps instead of loading.

jieba keeps its dictionary as one Python dict of 498,000 words and word prefixes, which it builds from a cache at the
first segmentation: half a second (``marshal.load``), half of a cold ``tongwen search``. A searcher segments a few
words per query, so it reads the same dictionary from a memory-mapped table instead: each entry's UTF-8 bytes,
sorted by their CRC-32, looked up by a binary search. The table is a snapshot of the dictionary after the
vocabulary was taught, written by the first searcher that loads the dictionary itself, in the user's cache folder,
named by what it was made from (jieba's version and dictionary file, the vocabulary's text): a process with another
vocabulary never reads it. A table whose checksum fails is not used (and is written again).

Segmenting documents reads the dictionary millions of times per megabyte, so an update that reads a file loads it
whole (one that only deletes loads none).
"""

from __future__ import annotations

import bisect
import hashlib
import json
import mmap
import os
import stat
import struct
import tempfile
import zlib
from pathlib import Path
from typing import Any

import numpy as np

_MAGIC = b"TWPREFIX"
FORMAT = 1
_HEAD = struct.Struct("<8sII")  # magic, format, length of the JSON header that follows
_MISSING = object()


def cache_folder() -> Path | None:
    """Where tables are kept: ``$XDG_CACHE_HOME/tongwen``, else ``~/.cache/tongwen``; None without a home folder."""
    # A relative path would put the cache in whatever folder a command runs in; an empty HOME is no home (Python
    # would read it as /).
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return Path(xdg) / "tongwen"
    home = os.environ["HOME"] if "HOME" in os.environ else os.path.expanduser("~")
    return Path(home) / ".cache" / "tongwen" if os.path.isabs(home) else None


def private_folder() -> Path | None:
    """``cache_folder()``, made if missing, when it is this user's alone (a folder others may write in is not a
    place to load a dictionary from); None otherwise."""
    folder = cache_folder()
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        st = folder.stat()
    except OSError:
        return None
    mine = stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    return folder if mine else None


def table_name(jieba_version: str, dictionary: Path, vocabulary_text: bytes) -> str:
    """The file name of the table made from this jieba, its dictionary file and this vocabulary."""
    try:
        st = dictionary.stat()
        made_from = f"{dictionary}|{st.st_size}|{st.st_mtime_ns}"
    except OSError:
        made_from = f"{dictionary}|missing"
    digest = hashlib.sha1(f"{FORMAT}|{jieba_version}|{made_from}|".encode() + vocabulary_text).hexdigest()[:16]
    return f"jieba-prefixes-{digest}.table"


class PrefixTable:
    """A read-only dictionary of words and prefixes (word → frequency, prefix → 0) over a mapped table file, with
    the few entries added in this process kept beside it. It answers ``in``, ``[]``, ``get`` and item assignment:
    what jieba asks of its ``FREQ``."""

    def __init__(self, path: Path):
        """Map the table at ``path``: OSError when it cannot be read, ValueError when it is not whole."""
        with open(path, "rb") as f:
            if not os.fstat(f.fileno()).st_size:
                raise ValueError(f"{path}: empty")
            self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            magic, version, head_len = _HEAD.unpack_from(self._map, 0)
            if magic != _MAGIC or version != FORMAT:
                raise ValueError("not a prefix table of this format")
            head = json.loads(bytes(self._map[_HEAD.size : _HEAD.size + head_len]))
            body = memoryview(self._map)[_HEAD.size + head_len :]
            if zlib.crc32(body) != head["crc"]:
                raise ValueError("checksum mismatch")
            n = head["entries"]
            self.total: int = head["total"]
            self.force_split: list[str] = head["force_split"]
            at = 0
            self._freq = body[at : at + 8 * n].cast("q")
            at += 8 * n
            self._hash = body[at : at + 4 * n].cast("I")
            at += 4 * n
            self._offset = body[at : at + 8 * (n + 1)].cast("q")
            at += 8 * (n + 1)
            self._blob = body[at:]
            if len(self._blob) != self._offset[n]:
                raise ValueError("truncated")
        except (ValueError, KeyError, TypeError, struct.error):
            self.close()
            raise ValueError(f"{path}: not a whole prefix table")
        self._n = n
        self._added: dict[str, int] = {}

    def close(self) -> None:
        """Unmap the file (the table answers nothing afterwards)."""
        for name in ("_freq", "_hash", "_offset", "_blob"):
            view = getattr(self, name, None)
            if view is not None:
                view.release()
        try:
            self._map.close()
        except BufferError:  # a view still open elsewhere: the mapping goes with the process
            pass

    def _find(self, key: str) -> Any:
        added = self._added.get(key, _MISSING)
        if added is not _MISSING:
            return added
        raw = key.encode("utf-8", "surrogatepass")
        h = zlib.crc32(raw)
        hashes, offset, blob = self._hash, self._offset, self._blob
        i = bisect.bisect_left(hashes, h)
        while i < self._n and hashes[i] == h:
            if blob[offset[i] : offset[i + 1]] == raw:
                return self._freq[i]
            i += 1
        return _MISSING

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._find(key) is not _MISSING

    def __getitem__(self, key: str) -> int:
        found = self._find(key)
        if found is _MISSING:
            raise KeyError(key)
        return found

    def get(self, key: str, default: Any = None) -> Any:
        """The frequency of ``key`` (0 for a prefix that is no word), ``default`` when it is neither."""
        found = self._find(key)
        return default if found is _MISSING else found

    def __setitem__(self, key: str, value: int) -> None:
        self._added[key] = value


def write_table(path: Path, freq: dict[str, int], total: int, force_split: list[str]) -> None:
    """Write the table of jieba's ``freq`` and ``total`` to ``path`` whole or not at all (a temporary file, then
    renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # first: nowhere to write, nothing worked out
    keys = [key.encode("utf-8", "surrogatepass") for key in freq]
    hashes = np.fromiter((zlib.crc32(k) for k in keys), dtype=np.uint32, count=len(keys))
    order = np.argsort(hashes, kind="stable")
    values = list(freq.values())
    sorted_keys = [keys[i] for i in order.tolist()]
    frequencies = np.array([values[i] for i in order.tolist()], dtype=np.int64)
    offsets = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum([len(k) for k in sorted_keys], out=offsets[1:])
    body = b"".join([frequencies.tobytes(), hashes[order].tobytes(), offsets.tobytes(), *sorted_keys])
    head = json.dumps({"entries": len(keys), "total": total, "force_split": force_split,
                       "crc": zlib.crc32(body)}).encode()
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".writing-", suffix=".table")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(_HEAD.pack(_MAGIC, FORMAT, len(head)))
            f.write(head)
            f.write(body)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    for other in path.parent.glob("jieba-prefixes-*.table"):
        if other != path:  # made from another dictionary or vocabulary: the next one to need it writes it again
            try:
                other.unlink()
            except OSError:
                pass
