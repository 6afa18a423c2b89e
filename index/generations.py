"""Finding, checking and recovering the generations of an index folder, without ever destroying one.

``CURRENT`` names the live generation, but it is only a pointer: when it is missing, empty, garbled, names no
folder or a folder outside the index, the live generation is recovered from the generations present (the newest
whole one). A generation is *whole* when its manifest reads and every file the manifest lists has the size (and,
when asked, the CRC-32) written there, as Lucene's codec footers let it check a segment. A folder that holds
generations is never taken for "no index": if none is whole, that is damage, named, and never silently replaced.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from pathlib import Path

from .errors import IndexDamaged, IndexMissing

MANIFEST = "manifest.json"
CURRENT = "CURRENT"
LOCK = "tongwen.lock"
# Present while a run writes a generation and removed once its manifest is in place: a generation that still has
# it and no manifest was abandoned by a killed run, and only such a one may be removed before a newer one is live.
BUILDING = ".building"
VERIFIED = "verified.json"
# Files whose content was found unchanged under a new size or time, with those (``store``): kept beside the segments'
# document tables, whose recorded stat they replace.
RESTAT = "restat.json"
# The folder of each segment's literal index is named with this prefix (see ``index.segments``).
LITERAL_PREFIX = "literal-"
GENERATION_NAME = re.compile(r"gen-[0-9]{14}-[0-9a-f]{8}")
CHUNK = 1 << 20


def is_generation_name(name: str) -> bool:
    """True for the names Tongwen gives generation folders (nothing else in a folder is ever taken for one)."""
    return GENERATION_NAME.fullmatch(name) is not None


def _inside(index_dir: Path, entry: Path) -> bool:
    """A real folder directly inside ``index_dir`` (a link to a folder elsewhere is not)."""
    return entry.is_dir() and not entry.is_symlink() and entry.resolve().parent == index_dir.resolve()


# A generation's name is short; a pointer longer than this is junk, and nothing more of it is read.
MAX_POINTER_BYTES = 256


def pointer(index_dir: Path) -> Path | None:
    """The generation ``CURRENT`` names, when it names one inside ``index_dir``; else None (the pointer is ignored)."""
    try:
        raw = (index_dir / CURRENT).read_bytes()[:MAX_POINTER_BYTES]
    except OSError:
        return None
    try:
        name = raw.decode("ascii").strip()
    except UnicodeDecodeError:
        return None
    if not is_generation_name(name):
        return None
    gen = index_dir / name
    return gen if _inside(index_dir, gen) else None


def generations(index_dir: Path) -> list[Path]:
    """Every generation folder of ``index_dir``, oldest first (names begin with their creation time)."""
    try:
        entries = list(index_dir.iterdir())
    except OSError:
        return []
    return sorted((e for e in entries if is_generation_name(e.name) and _inside(index_dir, e)), key=_age)


def _age(gen: Path) -> tuple:
    manifest = manifest_or_none(gen)
    sequence = manifest.get("sequence", 0) if isinstance(manifest, dict) else 0
    return (sequence if isinstance(sequence, int) else 0, gen.name)


def manifest_or_none(gen: Path) -> dict | None:
    """The manifest of ``gen`` as a dict, or None when it is missing or unreadable."""
    try:
        value = json.loads((gen / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def abandoned(gen: Path) -> bool:
    """A generation a killed run left half-written: still marked as building, and without a manifest."""
    return (gen / BUILDING).exists() and not (gen / MANIFEST).exists()


def file_checksum(path: Path) -> int:
    """The CRC-32 of a file's bytes."""
    crc = 0
    with open(path, "rb") as fh:
        while block := fh.read(CHUNK):
            crc = zlib.crc32(block, crc)
    return crc


class Verified:
    """Files whose CRC-32 was read and found right, by stat (as git's index remembers which files it hashed).

    A writer checks every file of the generation it builds on; reading them all again on every run would cost as
    much as the index is large, so a file whose inode, size and modification time have not moved since it was last
    found right is not read again. Kept in ``VERIFIED`` in the index folder, written by the writer only.
    """

    def __init__(self, index_dir: Path | None):
        # None: kept in memory only, by a reading process (a server verifies each file once, not each generation).
        self.path = index_dir / VERIFIED if index_dir is not None else None
        loaded = {}
        if self.path is not None:
            try:
                loaded = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                loaded = {}
        self.known: dict = loaded if isinstance(loaded, dict) else {}
        self.seen: set[str] = set()

    def matches(self, gen: Path, name: str, crc: int, st: os.stat_result | None = None) -> bool:
        """Whether the file ``name`` of ``gen`` (whose stat ``st`` was just taken, if given) has checksum ``crc``
        (read only when its stat moved).

        Kept by the file itself (device, inode, size, time), not by its name: a segment's files are hard links
        shared by every generation that has the segment, and one reading vouches for all of them.
        """
        st = st or (gen / name).stat()
        key = f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"
        self.seen.add(key)
        if self.known.get(key) == crc:
            return True
        if file_checksum(gen / name) != crc:
            return False
        self.known[key] = crc
        return True

    def save(self) -> None:
        """Write the figures down for the files checked in this run (the others may be gone)."""
        self.known = {k: v for k, v in self.known.items() if k in self.seen}
        if self.path is None:
            self.seen = set()
            return
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(self.known), encoding="utf-8")
        os.replace(tmp, self.path)


def damage(gen: Path, *, checksums: "bool | Verified" = False) -> str | None:
    """What is wrong with a generation (one phrase naming the file), or None when it is whole.

    ``checksums`` reads every file against its CRC-32; a ``Verified`` reads only those not found right before.
    """
    manifest = manifest_or_none(gen)
    if manifest is None:
        state = "missing" if not (gen / MANIFEST).exists() else "unreadable"
        return f"{gen.name}/{MANIFEST} is {state}"
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        return f"{gen.name}/{MANIFEST} lists no files (an index of an older format)"
    folder = os.path.join(gen, "")
    for name, entry in files.items():
        # Strings, not Path objects: a generation of a gigabyte lists thousands of files, checked on every run.
        path = folder + name
        if not isinstance(entry, list) or len(entry) != 2 or ".." in name.split("/"):
            return f"{gen.name}/{MANIFEST} is unreadable"
        try:
            st = os.stat(path)
        except OSError:
            return f"{gen.name}/{name} is missing"
        if st.st_size != entry[0]:
            return f"{gen.name}/{name} has {st.st_size} bytes where {entry[0]} were written"
        if isinstance(checksums, Verified):
            if not checksums.matches(gen, name, entry[1], st):
                return f"{gen.name}/{name} does not match its checksum"
        elif checksums and file_checksum(path) != entry[1]:
            return f"{gen.name}/{name} does not match its checksum"
    return None


def read_manifest(gen: Path) -> dict:
    """The manifest of a generation folder (IndexDamaged when it cannot be read)."""
    manifest = manifest_or_none(gen)
    if manifest is None:
        raise IndexDamaged(f"the index is damaged: {gen.name}/{MANIFEST} cannot be read; "
                           f"rebuild it with `tongwen index --rebuild`")
    return manifest


def live_generation(index_dir: Path, *, checksums: "bool | Verified" = False) -> Path | None:
    """The generation to read: the one ``CURRENT`` names if whole, else the newest whole one; None if none is."""
    named = pointer(index_dir)
    if named is not None and damage(named, checksums=checksums) is None:
        return named
    for gen in reversed(generations(index_dir)):
        if gen != named and damage(gen, checksums=checksums) is None:
            return gen
    return None


def require_live(index_dir: Path, *, checksums: "bool | Verified" = False) -> Path:
    """The generation to read, or the error that says why there is none: missing (nothing there) or damaged."""
    gen = live_generation(index_dir, checksums=checksums)
    if gen is not None:
        return gen
    present = [g for g in generations(index_dir) if not abandoned(g)]
    if not present:
        raise IndexMissing(f"no index at {index_dir}: build one with `tongwen index PATH --index {index_dir}`")
    named = pointer(index_dir)
    worst = named if named in present else present[-1]
    raise IndexDamaged(f"the index at {index_dir} is damaged: {damage(worst, checksums=checksums)}; "
                       f"rebuild it with `tongwen index --rebuild`")


def holds_nothing(index_dir: Path) -> bool:
    """True when ``index_dir`` is absent or holds nothing but a lock file: the only place seeds may be built into."""
    try:
        names = {e.name for e in index_dir.iterdir()}
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return names <= {LOCK}


def checksum_table(gen: Path, base: Path | None = None, known: dict | None = None) -> dict[str, list[int]]:
    """Size and CRC-32 of every file of ``gen``; files hard-linked from a verified ``base`` keep its figures."""
    table: dict[str, list[int]] = {}
    known = known or {}
    # os.walk and the stats its listing gives: a generation holds hundreds of files at a gigabyte, and pathlib's
    # rglob, relative_to and samefile cost more per file than the stat calls themselves.
    for folder, _dirs, files in os.walk(gen):
        prefix = os.path.relpath(folder, gen).replace(os.sep, "/")
        for file in files:
            if file in (MANIFEST, BUILDING) or file.endswith((".tmp", "LOCK", ".lock")):
                continue
            name = file if prefix == "." else f"{prefix}/{file}"
            path = os.path.join(folder, file)
            st = os.stat(path)
            old = known.get(name)
            if old is not None and old[0] == st.st_size and base is not None and _same_inode(st, base / name):
                table[name] = [st.st_size, old[1]]  # the very file (a hard link) the base verified: not read again
            else:
                table[name] = [st.st_size, file_checksum(Path(path))]
    return dict(sorted(table.items()))


def _same_inode(st: os.stat_result, other: Path) -> bool:
    try:
        theirs = os.stat(other)
    except OSError:
        return False
    return (st.st_dev, st.st_ino) == (theirs.st_dev, theirs.st_ino)


def sizes_changed(gen: Path, files: dict) -> str | None:
    """A file of an OPEN generation whose size changed underneath (truncated or replaced in place), or None."""
    for name, (size, _crc) in files.items():
        try:
            if os.stat(gen / name).st_size != size:
                return f"{gen.name}/{name} changed size while open"
        except OSError:
            return None  # removed by a newer run: the folder is gone, not damaged; the reader moves on
    return None


def generation_parts(files: dict) -> dict[str, int]:
    """Bytes on disk per part of a generation (from its manifest's file table): Whoosh's word postings and stored
    records, the literal positions, the literal tables (passages, documents, labels, code dictionary) and the
    documents' texts."""
    parts = {"whoosh": 0, "literal_positions": 0, "literal_tables": 0, "texts": 0}
    for name, (size, _crc) in files.items():
        if name.startswith(LITERAL_PREFIX):
            if name.endswith("/positions.npy"):
                parts["literal_positions"] += size
            elif name.endswith(("/text_data.npy", "/text_blocks.npy")):
                parts["texts"] += size
            else:
                parts["literal_tables"] += size
        elif name == RESTAT:
            parts["literal_tables"] += size
        else:
            parts["whoosh"] += size
    return parts


def segment_count(files: dict) -> int:
    """How many segments a generation has (from its manifest's file table: one literal folder each)."""
    return len({name.split("/", 1)[0] for name in files if name.startswith(LITERAL_PREFIX)})
