"""Relevance evaluation: how well a query set is answered, per category, so every analysis change shows its effect.

A query set is a JSON list of ``{"q": ..., "category": ..., "expect": [doc ids]}`` (the documents that contain the
query). For each category it reports:

- recall: share of expected documents returned;
- MAP: mean average precision (expected documents ranked above the others);
- highlights: share of expected results whose passages mark the query (every highlight normalizes to a query
  literal, and there is at least one);
- symmetry: share of queries whose other-script twin returns the same ranking.

A cross-strait pair file (TSV with ``zh_CN`` and ``zh_TW`` columns) is evaluated by indexing both sides and using
each message as a ``match=any`` query for its twin: top-10 hit rate and mean reciprocal rank.
"""

from __future__ import annotations

import csv
import json
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from tongwen.index.analysis import fold_key
from tongwen.index.analysis.script import squeeze, to_simplified
from tongwen.index.errors import InvalidParameter
from tongwen.index.store import update_index
from tongwen.index.vocabulary import alternatives

from .contract import MAX_QUERY_CHARS
from .display import to_traditional
from .searcher import Searcher
from .shapes import Result

RESULT_DEPTH = 100
# How far down a cross-strait twin counts as found (top-10), and how many misses a report lists.
PAIR_DEPTH = 10
MAX_LISTED_MISSES = 50
PAIR_COLUMNS = ("id", "zh_CN", "zh_TW")


@dataclass
class CategoryScore:
    """Aggregated figures of one category."""

    queries: int = 0
    recall: float = 0.0
    average_precision: float = 0.0
    highlights: float = 0.0
    symmetry: float = 0.0
    failures: list = field(default_factory=list)

    def as_dict(self) -> dict:
        """Means over the category's queries."""
        n = max(self.queries, 1)
        return {
            "queries": self.queries,
            "recall": round(self.recall / n, 4),
            "map": round(self.average_precision / n, 4),
            "highlights": round(self.highlights / n, 4),
            "symmetry": round(self.symmetry / n, 4),
            "failures": self.failures,
        }


def _average_precision(ranking: list[str], expected: set[str]) -> float:
    hits, total = 0, 0.0
    for rank, doc_id in enumerate(ranking, 1):
        if doc_id in expected:
            hits += 1
            total += hits / rank
    return total / len(expected) if expected else 1.0


def _literal(q: str) -> str:
    return fold_key(re.sub(r'["“”]', "", q))


def _highlights_ok(result: Result, query: str) -> bool:
    """Every highlight normalizes to part of the query (or of a vocabulary alternative); at least one exists."""
    wanted = set(_literal(query).split())
    for word in list(wanted):
        wanted |= {_literal(alt.text) for alt in alternatives(word)}
    marked = 0
    for passage in result["passages"]:
        for s, e in passage["highlights"]:
            # A match runs across a line break or a quotation mark inside the run, which the query leaves out.
            piece = squeeze(fold_key(passage["text"][s:e]))
            if not any(piece in w or w in piece for w in wanted):
                return False
            marked += 1
    return marked > 0


def twin(q: str) -> str:
    """The query written in the other script."""
    simplified = to_simplified(q)
    return to_traditional(q) if simplified == q else simplified


def evaluate_queries(searcher: Searcher, entries: list[dict]) -> dict:
    """Figures per category (and ``all``) for a relevance query set."""
    cats: dict[str, CategoryScore] = defaultdict(CategoryScore)
    for entry in entries:
        q, expected = entry["q"], set(entry["expect"])
        match = entry.get("match", "all")
        res = searcher.search(q, limit=RESULT_DEPTH, match=match)
        ranking = [r["doc_id"] for r in res["results"]]
        other = searcher.search(twin(q), limit=RESULT_DEPTH, match=match)
        recall = len(expected & set(ranking)) / len(expected) if expected else 1.0
        ap = _average_precision(ranking, expected)
        listed = [r for r in res["results"] if r["doc_id"] in expected]
        hl = sum(_highlights_ok(r, q) for r in listed) / len(listed) if listed else 0.0
        sym = 1.0 if [r["doc_id"] for r in other["results"]] == ranking else 0.0
        for name in (entry["category"], "all"):
            c = cats[name]
            c.queries += 1
            c.recall += recall
            c.average_precision += ap
            c.highlights += hl
            c.symmetry += sym
            if name != "all" and (recall < 1 or ap < 1 or hl < 1 or sym < 1):
                c.failures.append({"q": q, "recall": round(recall, 3), "ap": round(ap, 3), "highlights": hl,
                                   "symmetric": bool(sym), "got": ranking[:10]})
    return {name: c.as_dict() for name, c in sorted(cats.items())}


def load_pairs(path: Path, limit: int | None = None) -> list[tuple[str, str, str]]:
    """(id, mainland, taiwan) rows of a cross-strait TSV; InvalidParameter for a file that is not one."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh, delimiter="\t")
            columns = ", ".join(PAIR_COLUMNS)
            missing = [c for c in PAIR_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise InvalidParameter(f"{path}: a pair file is a UTF-8 TSV with the columns {columns}; "
                                       f"{', '.join(missing)} missing")
            rows = []
            for r in reader:
                if not all(r.get(c) for c in PAIR_COLUMNS):
                    raise InvalidParameter(f"{path}: line {reader.line_num} lacks a value of {columns}")
                rows.append((r["id"], r["zh_CN"], r["zh_TW"]))
    except UnicodeDecodeError:
        raise InvalidParameter(f"{path}: a pair file is UTF-8 text") from None
    return rows[:limit] if limit else rows


def write_pair_corpus(pairs: list[tuple[str, str, str]], folder: Path) -> None:
    """One file per message: ``cn/<id>.txt`` and ``tw/<id>.txt``."""
    for side in ("cn", "tw"):
        (folder / side).mkdir(parents=True, exist_ok=True)
    for pid, cn, tw in pairs:
        (folder / "cn" / f"{pid}.txt").write_text(cn + "\n", encoding="utf-8")
        (folder / "tw" / f"{pid}.txt").write_text(tw + "\n", encoding="utf-8")


def index_pairs(pairs: list[tuple[str, str, str]], folder: Path) -> Searcher:
    """Write both sides of ``pairs`` under ``folder``/corpus, index them in ``folder``/index, open a searcher."""
    corpus = Path(folder) / "corpus"
    write_pair_corpus(pairs, corpus)
    update_index([corpus], Path(folder) / "index")
    return Searcher.open(Path(folder) / "index")


def evaluate_pairs(searcher: Searcher, pairs: list[tuple[str, str, str]], depth: int = PAIR_DEPTH) -> dict:
    """Top-``depth`` hit rate and MRR of finding each message's twin with a match=any query, both directions.

    Also per direction (``cn>tw``: a mainland message looking for its Taiwan twin, ``tw>cn`` the other way), the
    number of refused queries (each counts as a miss and is kept among ``misses``; other misses up to
    MAX_LISTED_MISSES), and the mean time per query in milliseconds.
    """
    totals = {d: [0, 0, 0.0] for d in ("cn>tw", "tw>cn")}  # queries, found, reciprocal ranks
    misses: list[dict[str, object]] = []
    errors = 0
    started = time.perf_counter()
    for pid, cn, tw in pairs:
        asks = (("cn>tw", cn, f"tw/{pid}.txt", f"cn/{pid}.txt"), ("tw>cn", tw, f"cn/{pid}.txt", f"tw/{pid}.txt"))
        for direction, query, want, own in asks:
            query = query[:MAX_QUERY_CHARS].strip()
            if not query:
                continue
            t = totals[direction]
            t[0] += 1
            try:
                res = searcher.search(query, limit=depth + 1, match="any")
            except Exception as err:  # an unanswerable message counts as a miss, and is reported
                errors += 1
                misses.append({"q": query, "error": str(err)})
                continue
            # The query's own message is in the index too; it is not the twin being looked for.
            ids = [r["doc_id"] for r in res["results"] if r["doc_id"] != own][:depth]
            if want in ids:
                t[1] += 1
                t[2] += 1.0 / (ids.index(want) + 1)
            elif len(misses) - errors < MAX_LISTED_MISSES:
                misses.append({"q": query, "want": want, "got": ids[:3]})
    elapsed = time.perf_counter() - started
    n = sum(t[0] for t in totals.values())
    found = sum(t[1] for t in totals.values())
    rr = sum(t[2] for t in totals.values())
    return {
        "queries": n,
        f"top{depth}": round(found / max(n, 1), 4),
        "mrr": round(rr / max(n, 1), 4),
        "directions": {d: {"queries": q, f"top{depth}": round(f / max(q, 1), 4), "mrr": round(r / max(q, 1), 4)}
                       for d, (q, f, r) in totals.items()},
        "errors": errors,
        "ms_per_query": round(1000 * elapsed / max(n, 1), 2),
        "misses": misses,
    }


def load_queries(path: Path) -> list[dict]:
    """A relevance query set from JSON; InvalidParameter for a file that is not one."""
    shape = "a JSON list of {\"q\": text, \"category\": text, \"expect\": [document ids]}"
    try:
        entries = json.loads(Path(path).read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as err:
        raise InvalidParameter(f"{path} is not a query set ({shape}): {err}") from None
    if not isinstance(entries, list):
        raise InvalidParameter(f"{path} is not a query set ({shape})")
    for n, entry in enumerate(entries, 1):
        if not (isinstance(entry, dict) and isinstance(entry.get("q"), str) and entry["q"].strip()
                and isinstance(entry.get("category"), str)
                and isinstance(entry.get("expect"), list) and all(isinstance(d, str) for d in entry["expect"])
                and entry.get("match", "all") in ("all", "any")):
            raise InvalidParameter(f"{path}: query {n} is not {{\"q\": text, \"category\": text, \"expect\": "
                                   f"[document ids]}} (and \"match\": all or any, if given)")
    return entries


def evaluate_pair_file(path: Path, limit: int | None = None, depth: int = PAIR_DEPTH) -> dict:
    """Index both sides of a cross-strait TSV in a temporary index and evaluate twin-finding on it."""
    import tempfile

    from tongwen.index.store import update_index

    pairs = load_pairs(path, limit)
    with tempfile.TemporaryDirectory() as tmp:
        corpus, index_dir = Path(tmp) / "corpus", Path(tmp) / "index"
        write_pair_corpus(pairs, corpus)
        update_index([corpus], index_dir)
        return evaluate_pairs(Searcher.open(index_dir), pairs, depth)


def format_report(report: dict) -> str:
    """A per-category table of a query-set evaluation."""
    lines = [f"{'category':<10} {'queries':>7} {'recall':>7} {'MAP':>7} {'highlights':>10} {'symmetry':>8}"]
    for name, row in report.items():
        lines.append(f"{name:<10} {row['queries']:>7} {row['recall']:>7.3f} {row['map']:>7.3f} "
                     f"{row['highlights']:>10.3f} {row['symmetry']:>8.3f}")
    for name, row in report.items():
        for failure in row["failures"]:
            lines.append(f"  {name}: {failure['q']} → recall {failure['recall']}, AP {failure['ap']}, "
                         f"got {', '.join(failure['got'][:5])}")
    return "\n".join(lines)
