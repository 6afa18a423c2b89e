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
import zlib
from pathlib import Path

import numpy as np

BLOCK_CHARS = 4096
DATA = "text_data"
BLOCKS = "text_blocks"
# zlib's default level: level 9 makes blocks about 1% smaller and writing three times slower.
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
    """Collects a segment's texts, a document at a time, and writes them once."""

    def __init__(self) -> None:
        self.blocks: list[bytes] = []

    def add(self, text: str) -> int:
        """Add a document's text; the number of its first block."""
        first = len(self.blocks)
        self.blocks.extend(blocks_of(text))
        return first

    def write(self, folder: Path) -> None:
        """Write the two arrays into ``folder``."""
        sizes = np.array([len(block) for block in self.blocks], dtype=np.int64)
        np.save(folder / f"{BLOCKS}.npy", np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64),
                allow_pickle=False)
        np.save(folder / f"{DATA}.npy", np.frombuffer(b"".join(self.blocks), dtype=np.uint8), allow_pickle=False)


class TextStore:
    """A segment's stored texts, memory-mapped (shared between processes, read a block at a time)."""

    def __init__(self, folder: Path):
        self.data = np.load(folder / f"{DATA}.npy", mmap_mode="r", allow_pickle=False)
        self.offsets = np.load(folder / f"{BLOCKS}.npy", mmap_mode="r", allow_pickle=False)
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
    if not offsets[-1]:
        np.save(folder / f"{DATA}.npy", np.empty(0, dtype=np.uint8), allow_pickle=False)
        return firsts
    out = np.lib.format.open_memmap(folder / f"{DATA}.npy", mode="w+", dtype=np.uint8, shape=(int(offsets[-1]),))
    at = 0
    for store, first, n in spans:
        lo, hi = int(store.offsets[first]), int(store.offsets[first + n])
        out[at : at + hi - lo] = store.data[lo:hi]
        at += hi - lo
    out.flush()
    del out
    return firsts
