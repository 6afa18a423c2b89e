"""Document texts, stored in compressed blocks of BLOCK_CHARS code points beside a segment's literal index.

A page of results shows a few passages of ten documents. Stored whole, each result would decompress its whole
document (a law runs to 100,000 characters); in blocks, it decompresses the one or two blocks its passages are in.
A document's text starts a new block, so its blocks are consecutive and block k holds code points
[k·BLOCK_CHARS, (k+1)·BLOCK_CHARS). Two arrays hold them: the compressed blocks one after another (``text_data``)
and where each block starts in it (``text_blocks``, one more entry than blocks). A merge copies the compressed
blocks of the documents it keeps, never decompressing them.
"""

from __future__ import annotations

import functools
import tempfile
import zlib
from pathlib import Path

import numpy as np

BLOCK_CHARS = 4096
DATA = "text_data"
BLOCKS = "text_blocks"
# zlib's default level: on law texts level 9 is no smaller (0.333 of the UTF-8 either way) and 1.5× slower to write,
# level 1 is 10% larger.
LEVEL = 6
# Blocks kept decompressed per segment (about 8 KB each): a result's passages, and the text just past each one that
# highlighting looks at, are mostly in one block.
BLOCK_CACHE = 64


def blocks_of(text: str) -> list[bytes]:
    """``text`` cut into blocks of BLOCK_CHARS code points, each compressed (an empty text has no block)."""
    return [zlib.compress(text[i : i + BLOCK_CHARS].encode("utf-8"), LEVEL) for i in range(0, len(text), BLOCK_CHARS)]


def block_count(length: int) -> int:
    """How many blocks a text of ``length`` code points takes."""
    return -(-length // BLOCK_CHARS)


class TextWriter:
    """Collects a segment's texts, a document at a time, and writes them once. The compressed blocks wait in an
    unnamed file in ``spool_dir`` (a segment's texts are tens of megabytes: a worker's memory stays its analysis')."""

    def __init__(self, spool_dir: Path | None = None) -> None:
        self.spool = tempfile.TemporaryFile(dir=spool_dir)
        self.sizes: list[int] = []

    def add(self, text: str) -> int:
        """Add a document's text; the number of its first block."""
        first = len(self.sizes)
        for block in blocks_of(text):
            self.spool.write(block)
            self.sizes.append(len(block))
        return first

    def write(self, folder: Path) -> None:
        """Write the two arrays into ``folder``."""
        offsets = np.concatenate([[0], np.cumsum(np.array(self.sizes, dtype=np.int64))]).astype(np.int64)
        np.save(folder / f"{BLOCKS}.npy", offsets, allow_pickle=False)
        self.spool.seek(0)
        _write_pieces(folder / f"{DATA}.npy", int(offsets[-1]), _chunks(self.spool))
        self.spool.close()


class TextStore:
    """A segment's stored texts, memory-mapped (shared between processes, read a block at a time)."""

    def __init__(self, folder: Path):
        # Plain arrays over the mapping (NumPy's memmap subclass runs Python code on every slice).
        self.data = np.load(folder / f"{DATA}.npy", mmap_mode="r", allow_pickle=False).view(np.ndarray)
        self.offsets = np.load(folder / f"{BLOCKS}.npy", mmap_mode="r", allow_pickle=False).view(np.ndarray)
        self._block = functools.lru_cache(maxsize=BLOCK_CACHE)(self._read_block)  # thread-safe

    def _read_block(self, k: int) -> str:
        lo, hi = int(self.offsets[k]), int(self.offsets[k + 1])
        return zlib.decompress(self.data[lo:hi].tobytes()).decode("utf-8")

    def read(self, first_block: int, length: int, start: int = 0, end: int | None = None) -> str:
        """Code points [start, end) of the text of ``length`` code points whose first block is ``first_block``."""
        end = length if end is None else min(end, length)
        start = max(0, start)
        if start >= end:
            return ""
        a, b = start // BLOCK_CHARS, (end - 1) // BLOCK_CHARS + 1
        text = "".join(self._block(k) for k in range(first_block + a, first_block + b))
        return text[start - a * BLOCK_CHARS : end - a * BLOCK_CHARS]


def _chunks(spool, size: int = 1 << 20):
    """The bytes of ``spool`` as (array, start, end) pieces of at most ``size`` bytes."""
    while chunk := spool.read(size):
        yield np.frombuffer(chunk, dtype=np.uint8), 0, len(chunk)


def copy_blocks(sources: list[tuple[TextStore, list[tuple[int, int]]]], folder: Path) -> list[int]:
    """Write into ``folder`` the blocks of the documents listed ((first block, length) per document, per source),
    compressed as they are; the new first block of each, in order. Memory holds one document's blocks at a time."""
    spans = [(store, first, block_count(length)) for store, docs in sources for first, length in docs]
    sizes = np.zeros(sum(n for _, _, n in spans), dtype=np.int64)
    firsts, k = [], 0
    for store, first, n in spans:
        firsts.append(k)
        sizes[k : k + n] = np.diff(np.asarray(store.offsets[first : first + n + 1]))
        k += n
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    np.save(folder / f"{BLOCKS}.npy", offsets, allow_pickle=False)
    _write_pieces(folder / f"{DATA}.npy", int(offsets[-1]),
                  ((store.data, int(store.offsets[first]), int(store.offsets[first + n])) for store, first, n in spans))
    return firsts


# --- string tables: the distinct labels of a segment's passages (section paths, articles) -------------------------


def write_strings(folder: Path, name: str, strings: list[str]) -> None:
    """Write ``strings`` into ``folder`` as a table: their UTF-8 bytes one after another (``<name>_text``) and
    where each starts (``<name>_offsets``, one more entry than strings)."""
    encoded = [s.encode("utf-8") for s in strings]
    sizes = np.array([len(e) for e in encoded], dtype=np.int64)
    np.save(folder / f"{name}_offsets.npy", np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64),
            allow_pickle=False)
    np.save(folder / f"{name}_text.npy", np.frombuffer(b"".join(encoded), dtype=np.uint8), allow_pickle=False)


class StringTable:
    """A table of strings written by ``write_strings``, memory-mapped: a string is decoded when it is asked for, so
    a generation's million section paths cost no memory until results show them."""

    def __init__(self, folder: Path, name: str):
        self.data = np.load(folder / f"{name}_text.npy", mmap_mode="r", allow_pickle=False).view(np.ndarray)
        self.offsets = np.load(folder / f"{name}_offsets.npy", mmap_mode="r", allow_pickle=False).view(np.ndarray)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, k: int) -> str:
        lo, hi = int(self.offsets[k]), int(self.offsets[k + 1])
        return self.data[lo:hi].tobytes().decode("utf-8")


def copy_strings(sources: list[tuple[StringTable, np.ndarray]], folder: Path, name: str) -> list[np.ndarray]:
    """Write into ``folder`` the strings of each source that ``used`` (sorted numbers) lists, in order; for each
    source, the new number of each of its old numbers (-1 where not copied). Strings are copied as bytes."""
    renumbered, sizes = [], []
    total = 0
    for table, used in sources:
        new = np.full(len(table), -1, dtype=np.int64)
        new[used] = total + np.arange(len(used))
        renumbered.append(new)
        sizes.append(np.diff(np.asarray(table.offsets))[used])
        total += len(used)
    joined = np.concatenate(sizes) if sizes else np.empty(0, dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(joined)]).astype(np.int64)
    np.save(folder / f"{name}_offsets.npy", offsets, allow_pickle=False)
    _write_pieces(folder / f"{name}_text.npy", int(offsets[-1]),
                  ((table.data, lo, hi) for table, used in sources
                   for lo, hi in zip(np.asarray(table.offsets)[used].tolist(),
                                     np.asarray(table.offsets)[used + 1].tolist())))
    return renumbered


def _write_pieces(path: Path, total: int, pieces) -> None:
    """Write a uint8 array of ``total`` bytes from (source array, start, end) pieces, in order, a piece at a time."""
    if not total:
        np.save(path, np.empty(0, dtype=np.uint8), allow_pickle=False)
        return
    out = np.lib.format.open_memmap(path, mode="w+", dtype=np.uint8, shape=(total,))
    at = 0
    for source, lo, hi in pieces:
        out[at : at + hi - lo] = source[lo:hi]
        at += hi - lo
    out.flush()
    del out
