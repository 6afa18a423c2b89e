"""Relevance over the seed index: the shared development set, and a held-out style set drawn from the seeds here."""

from __future__ import annotations

import os
import random
import unicodedata
from pathlib import Path

import opencc
import pytest

from tongwen.index.analysis.script import HAN_RUN
from tongwen.index.errors import InvalidParameter
from tongwen.search.evaluate import evaluate_queries, load_pairs, load_queries

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV_QUERIES = SHARED / "eval" / "dev_queries.json"
CATEGORIES = ("cross", "linebreak", "latin", "number", "and", "phrase", "regional")
PERFECT = {"recall": 1.0, "map": 1.0, "highlights": 1.0, "symmetry": 1.0}
GENERATED = 150

_T2S = opencc.OpenCC("t2s")
_S2T = opencc.OpenCC("s2t")


def _figures(scores: dict) -> dict:
    return {k: scores[k] for k in PERFECT}


@pytest.fixture(scope="module")
def dev_queries() -> list[dict]:
    """The shared development relevance set (required under CI)."""
    if not DEV_QUERIES.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{DEV_QUERIES} is missing: CI must provide the shared evaluation set")
        pytest.skip(f"{DEV_QUERIES} is not there (it lives beside the repository, in shared/eval)")
    return load_queries(DEV_QUERIES)


@pytest.fixture(scope="module")
def dev_scores(seed_searcher, dev_queries) -> dict:
    """Figures per category of the development set over the seed index."""
    return evaluate_queries(seed_searcher, dev_queries)


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_development_query_of_the_category_is_answered_perfectly(dev_queries, dev_scores, category):
    assert any(q["category"] == category for q in dev_queries), f"no {category} query in the set"
    scores = dev_scores[category]
    assert _figures(scores) == PERFECT, scores["failures"]


def _normalized(text: str) -> str:
    """How the shared set finds the documents of a query: NFKC, no whitespace, OpenCC t2s."""
    return _T2S.convert("".join(unicodedata.normalize("NFKC", text).split()))


def generated_queries(seeds_dir: Path, count: int, seed: int) -> list[dict]:
    """Random runs of 2-6 Han characters of the raw seeds, half written in the other script, with the seeds that
    contain them (exact substring of the normalized raw text)."""
    raw = {p.name: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))}
    normalized = {name: _normalized(text) for name, text in raw.items()}
    runs = {name: [r for r in HAN_RUN.findall(text) if len(r) >= 2] for name, text in raw.items()}
    rng = random.Random(seed)
    entries, seen = [], set()
    while len(entries) < count:
        name = rng.choice(sorted(raw))
        run = rng.choice(runs[name])
        n = rng.randint(2, min(6, len(run)))
        i = rng.randint(0, len(run) - n)
        q = run[i : i + n]
        if rng.random() < 0.5:
            q = _T2S.convert(q) if _T2S.convert(q) != q else _S2T.convert(q)
        if q in seen:
            continue
        seen.add(q)
        key = _normalized(q)
        expect = [d for d, text in normalized.items() if key in text]
        assert name in expect, (q, name)
        entries.append({"q": q, "category": "generated", "expect": expect})
    return entries


def test_random_runs_of_the_seeds_in_either_script_are_answered_perfectly(seed_searcher, seeds_dir):
    scores = evaluate_queries(seed_searcher, generated_queries(seeds_dir, GENERATED, seed=20240521))["generated"]
    assert scores["queries"] == GENERATED
    assert _figures(scores) == PERFECT, scores["failures"]


@pytest.mark.parametrize("text, message", [
    ('{"bad": ', "is not a query set"),
    ('{"q": "海淀"}', "is not a query set"),
    ('[{"q": "海淀", "category": "word"}]', "query 1 is not"),
    ('[{"q": "海淀", "category": "word", "expect": ["a.txt"]}, {"q": "", "category": "word", "expect": []}]',
     "query 2 is not"),
    ('[{"q": "海淀", "category": "word", "expect": "a.txt"}]', "query 1 is not"),
    ('[{"q": "海淀", "category": "word", "expect": [], "match": "some"}]', "query 1 is not"),
])
def test_a_file_that_is_not_a_query_set_is_refused_with_what_a_query_set_is(tmp_path, text, message):
    path = tmp_path / "queries.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidParameter, match=message):
        load_queries(path)


@pytest.mark.parametrize("data, message", [
    ("a\tb\n1\t2\n".encode(), "with the columns id, zh_CN, zh_TW; id, zh_CN, zh_TW missing"),
    ("id\tzh_CN\tzh_TW\n1\t软件\t軟體\n2\t网络\n".encode(), "line 3 lacks a value"),
    (b"\xff\xfe\x00i\x00d", "is UTF-8 text"),
])
def test_a_file_that_is_not_a_pair_file_is_refused_with_what_a_pair_file_is(tmp_path, data, message):
    path = tmp_path / "pairs.tsv"
    path.write_bytes(data)
    with pytest.raises(InvalidParameter, match=message):
        load_pairs(path)


def test_a_pair_file_gives_its_rows(tmp_path):
    path = tmp_path / "pairs.tsv"
    path.write_text("id\tzh_CN\tzh_TW\n1\t软件\t軟體\n2\t网络\t網路\n", encoding="utf-8")
    assert load_pairs(path) == [("1", "软件", "軟體"), ("2", "网络", "網路")]
    assert load_pairs(path, limit=1) == [("1", "软件", "軟體")]
