"""The literal index: any run of Han characters of a passage finds it, in either script, exactly."""

from __future__ import annotations

import numpy as np
import opencc
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tongwen.index.analysis import normalize
from tongwen.index import literal
from tongwen.index.analysis.script import HAN_RUN
from tongwen.index.literal import (
    distinct,
    SEPARATOR,
    LiteralIndex,
    LiteralPart,
    _sort_parts,
    document_passages,
    search_sorted,
    sorted_member,
    squeeze,
)
from tongwen.index.readers import read_document
from tongwen.index.structure import split_passages

_S2T = opencc.OpenCC("s2t")
_T2S = opencc.OpenCC("t2s")


@pytest.fixture(scope="module")
def seed_passages(seeds_dir, seed_searcher) -> list[tuple[str, str]]:
    """(doc id, passage text) of every passage of every seed, as the index cut them."""
    out = []
    for path in sorted(seeds_dir.glob("*.txt")):
        doc = read_document(path)
        assert seed_searcher.document(path.name)["text"] == doc.text
        out += [(path.name, doc.text[p.start : p.end]) for p in split_passages(doc)]
    return out


def _twin(text: str) -> str:
    simplified = _T2S.convert(text)
    return _S2T.convert(text) if simplified == text else simplified


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_run_of_two_to_eight_han_characters_of_a_passage_finds_its_document_in_either_script(
        data, seed_passages, seed_searcher):
    doc_id, passage = data.draw(st.sampled_from(seed_passages), label="passage")
    # Line breaks between Han characters are no boundary (extraction put them inside words): runs bridge them.
    runs = [r for r in HAN_RUN.findall(squeeze(passage)) if len(r) >= 2]
    assume(runs)
    run = data.draw(st.sampled_from(runs), label="run")
    length = data.draw(st.integers(2, min(8, len(run))), label="length")
    start = data.draw(st.integers(0, len(run) - length), label="start")
    piece = run[start : start + length]
    for query in (piece, _twin(piece)):
        found = [r["doc_id"] for r in seed_searcher.search(query, limit=100)["results"]]
        assert doc_id in found, (query, piece)


def test_a_single_han_character_finds_and_ranks_the_documents_that_contain_it(seed_searcher, seeds_dir):
    for char in ("淀", "澱", "芯", "矽"):
        body = seed_searcher.search(char, limit=100)
        holding = {p.name for p in seeds_dir.glob("*.txt") if normalize(char).text in normalize(
            read_document(p).text).text}
        assert {r["doc_id"] for r in body["results"]} == holding, char
        scores = [r["score"] for r in body["results"]]
        assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)
    assert seed_searcher.search("淀", limit=100)["total"] == 5


def test_a_han_character_that_occurs_nowhere_finds_nothing(seed_searcher):
    assert seed_searcher.search("鬱", limit=10)["total"] == 0
    assert seed_searcher.search("龘", limit=10)["results"] == []


def _brute_force(passages: list[str], run: str) -> list[int]:
    big = SEPARATOR.join(passages) + SEPARATOR
    return [i for i in range(len(big)) if big.startswith(run, i)]


HAN_ALPHABET = "海淀区中关村科"
PASSAGE = st.text(alphabet=HAN_ALPHABET + "A1 。\n", max_size=30)


@settings(max_examples=300, deadline=None)
@given(passages=st.lists(PASSAGE, max_size=6), run=st.text(alphabet=HAN_ALPHABET, min_size=1, max_size=4))
def test_occurrences_equal_a_brute_force_scan_of_the_passages(passages, run):
    index = LiteralIndex.build(passages)
    assert sorted(index.occurrences(run).tolist()) == _brute_force(passages, run)


@settings(max_examples=200, deadline=None)
@given(documents=st.lists(st.lists(PASSAGE, min_size=1, max_size=4), max_size=5),
       run=st.text(alphabet=HAN_ALPHABET, min_size=1, max_size=3))
def test_an_index_of_parts_counts_what_a_brute_force_scan_of_each_passage_counts(documents, run):
    index = LiteralIndex.from_parts([LiteralPart.encode(passages) for passages in documents])
    flat = [p for passages in documents for p in passages]
    expected = {i: _count(p, run) for i, p in enumerate(flat) if _count(p, run)}
    pids, counts = index.passage_counts(run)
    assert dict(zip(pids.tolist(), counts.tolist())) == expected


@settings(max_examples=200, deadline=None)
@given(documents=st.lists(st.lists(PASSAGE, min_size=1, max_size=4), max_size=5),
       char=st.sampled_from(HAN_ALPHABET), data=st.data())
def test_a_character_counted_within_chosen_passages_counts_what_all_its_passages_count_there(documents, char, data):
    index = LiteralIndex.from_parts([LiteralPart.encode(passages) for passages in documents])
    n = sum(len(passages) for passages in documents)
    chosen = sorted(data.draw(st.sets(st.integers(0, max(n - 1, 0)), max_size=n)) if n else set())
    pids, counts = index.counts_within(char, np.array(chosen, dtype=np.int64))
    everywhere = dict(zip(*(a.tolist() for a in index.passage_counts(char))))
    assert dict(zip(pids.tolist(), counts.tolist())) == {p: everywhere[p] for p in chosen if p in everywhere}
    assert index.character_positions(char) == sum(everywhere.values())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents=st.lists(st.lists(PASSAGE, min_size=1, max_size=4), max_size=5), chunk=st.sampled_from([1, 3, 1 << 22]),
       data=st.data())
def test_the_passages_stored_as_holding_each_pair_are_those_its_positions_fall_in(documents, chunk, data, monkeypatch):
    monkeypatch.setattr(literal, "HOLDING_CHUNK", chunk)  # counted a few codes at a time, or all at once
    parts = [LiteralPart.encode(passages) for passages in documents]
    sizes = np.array([part.size for part in parts], dtype=np.int64)
    index = LiteralIndex.from_parts(parts)
    # Where each document's part starts, as a segment's tables say (``segments._doc_tables``).
    index.tables = {"doc_start": np.cumsum(sizes) - sizes, "doc_size": sizes}
    pairs = {a + b for a in HAN_ALPHABET for b in HAN_ALPHABET}
    for pair in pairs:
        assert index.pair_passages(pair) == len(index.passage_counts(pair)[0]), pair
    n_docs = len(documents)
    docs = sorted(data.draw(st.sets(st.integers(0, max(n_docs - 1, 0)), max_size=n_docs)) if n_docs else set())
    first = np.cumsum([0] + [len(passages) for passages in documents])
    chosen = {p for d in docs for p in range(first[d], first[d + 1])}
    for pair in ("海淀", "中关", "村科", "区区", "中关村", "区区区", "海淀区中"):  # and runs of pairs
        pids, counts = index.counts_in_docs(pair, np.array(docs, dtype=np.int64))
        everywhere = dict(zip(*(a.tolist() for a in index.passage_counts(pair))))
        assert dict(zip(pids.tolist(), counts.tolist())) == {p: c for p, c in everywhere.items() if p in chosen}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents=st.lists(st.lists(PASSAGE, min_size=1, max_size=4), max_size=5), long_list=st.sampled_from([0, 2, 1 << 20]),
       char=st.sampled_from(HAN_ALPHABET), data=st.data())
def test_a_character_counted_in_chosen_documents_counts_what_all_its_passages_count_there(
        documents, long_list, char, data, monkeypatch):
    # Its lists under each following character read whole, or searched where the documents are, or some of each.
    monkeypatch.setattr(literal, "LONG_LIST", long_list)
    parts = [LiteralPart.encode(passages) for passages in documents]
    sizes = np.array([part.size for part in parts], dtype=np.int64)
    index = LiteralIndex.from_parts(parts)
    index.tables = {"doc_start": np.cumsum(sizes) - sizes, "doc_size": sizes}
    n_docs = len(documents)
    docs = sorted(data.draw(st.sets(st.integers(0, max(n_docs - 1, 0)), max_size=n_docs)) if n_docs else set())
    first = np.cumsum([0] + [len(passages) for passages in documents])
    chosen = {p for d in docs for p in range(first[d], first[d + 1])}
    spent = []
    pids, counts = index.counts_in_docs(char, np.array(docs, dtype=np.int64), spent.append)
    everywhere = dict(zip(*(a.tolist() for a in index.passage_counts(char))))
    assert dict(zip(pids.tolist(), counts.tolist())) == {p: c for p, c in everywhere.items() if p in chosen}
    assert sum(spent) >= sum(counts.tolist())  # every position read is paid for


@settings(max_examples=200, deadline=None)
@given(passages=st.lists(PASSAGE, min_size=1, max_size=8), run=st.text(alphabet="海淀区中", min_size=2, max_size=4),
       data=st.data())
def test_a_run_looked_for_inside_ranges_is_found_where_it_is_found_everywhere_and_inside_them(passages, run, data):
    index = LiteralIndex.build(passages)
    size = int(index.passage_start[-1]) + len(passages[-1]) + 1
    edges = sorted(data.draw(st.sets(st.integers(0, size), max_size=6)))
    starts = np.array(edges[0::2][: len(edges) // 2], dtype=np.int64)
    ends = np.array(edges[1::2][: len(edges) // 2], dtype=np.int64)
    everywhere = index.occurrences(run).tolist()
    inside = [p for p in everywhere if any(s <= p < e for s, e in zip(starts.tolist(), ends.tolist()))]
    spent: list[int] = []
    assert index.occurrences(run, spent.append, ranges=(starts, ends)).tolist() == inside
    assert sum(spent) >= len(inside)  # what is read is paid for


def _count(text: str, run: str) -> int:
    return sum(1 for i in range(len(text)) if text.startswith(run, i))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_occurrences_equal_a_brute_force_scan_of_random_seed_passages(data, seed_passages):
    chosen = data.draw(st.lists(st.sampled_from(seed_passages), min_size=1, max_size=5), label="passages")
    texts = [normalize(text).text for _, text in chosen]
    runs = [r for t in texts for r in HAN_RUN.findall(t)]
    assume(runs)
    run = data.draw(st.sampled_from(runs), label="run")
    length = data.draw(st.integers(1, min(6, len(run))), label="length")
    start = data.draw(st.integers(0, len(run) - length), label="start")
    needle = run[start : start + length]
    index = LiteralIndex.build(texts)
    assert sorted(index.occurrences(needle).tolist()) == _brute_force(texts, needle)


def test_passage_counts_name_each_passage_with_its_number_of_occurrences():
    index = LiteralIndex.build(["中关村中关村", "海淀", "中关村"])
    passages, counts = index.passage_counts("中关村")
    assert passages.tolist() == [0, 2] and counts.tolist() == [2, 1]
    assert index.passage_counts("朝阳")[0].tolist() == []


def test_document_passages_are_the_normalized_text_of_each_span_and_what_joins_them():
    text = "中關村科學城\n\n海淀區ＧＤＰ，海\n淀區"
    passages, joins = document_passages(normalize(text), text, [(0, 6), (8, 19)])
    assert passages == ["中关村科学城", "海淀区GDP,海淀区"]
    # A break between two Han characters runs on; the last passage of a document always ends with a separator.
    assert joins == ["", SEPARATOR]


def test_passages_split_after_punctuation_are_separated():
    text = "海淀区。\n中关村"
    assert document_passages(normalize(text), text, [(0, 4), (5, 8)])[1] == [SEPARATOR, SEPARATOR]


def test_the_literal_index_survives_saving_and_loading(tmp_path):
    index = LiteralIndex.build(["海淀区中关村", "中关村科学城"])
    index.save(tmp_path / "literal")
    loaded = LiteralIndex.load(tmp_path / "literal")
    assert loaded.occurrences("中关村").tolist() == index.occurrences("中关村").tolist()
    assert loaded.passage_counts("科学城")[0].tolist() == [1]
    assert loaded.pair_passages("中关") == 2 and loaded.pair_passages("城中") == 0


@given(st.lists(st.lists(st.tuples(st.sampled_from([0x3007, 0x4E00, 0x6D77, 0x9FFF, 0x20000, 0x3134F]),
                                   st.sampled_from([0, 0x4E00, 0x6D77, 0x3134F])), max_size=20), min_size=1,
                max_size=4),
       st.sampled_from([0, 1 << 30]))
def test_sorting_the_parts_by_packed_keys_orders_them_as_a_stable_sort_of_all_of_them_does(documents, base):
    parts, all_codes, all_positions = [], [], []
    offset = base  # 1 << 30: past what packed keys hold, the stable sort is taken instead
    for pairs in documents:
        codes = np.array([(a << 21) | b for a, b in pairs], dtype=np.uint64)
        positions = np.arange(len(pairs), dtype=np.int64) * 3  # ascending, as built
        parts.append(LiteralPart(codes, positions, np.zeros(0, np.int64), np.zeros(0, np.int32), 3 * len(pairs) + 1))
        all_codes += codes.tolist()
        all_positions += (positions + offset).tolist()
        offset += 3 * len(pairs) + 1
    offsets = np.array([base] + np.cumsum([p.size for p in parts[:-1]]).tolist(), dtype=np.int64)
    offsets[1:] += base
    got_codes, got_positions = _sort_parts(parts, offsets)
    assert parts == []
    assert list(zip(got_codes.tolist(), got_positions.tolist())) == sorted(zip(all_codes, all_positions))


@given(st.lists(st.integers(0, 60), unique=True), st.lists(st.integers(0, 60), unique=True))
def test_sorted_membership_by_binary_search_equals_numpy_s(a, b):
    a, b = np.array(sorted(a), dtype=np.int64), np.array(sorted(b), dtype=np.int64)
    assert sorted_member(a, b).tolist() == np.isin(a, b).tolist()


@given(st.lists(st.integers(0, (1 << 32) - 1), max_size=40),
       st.lists(st.integers(-(1 << 34), 1 << 34), max_size=40), st.sampled_from(["left", "right"]))
def test_searching_a_32_bit_array_with_64_bit_values_finds_what_numpy_finds_in_64_bits(a, v, side):
    array = np.array(sorted(a), dtype=np.uint32)
    values = np.array(v, dtype=np.int64)
    expected = np.searchsorted(array.astype(np.int64), values, side)
    assert search_sorted(array, values, side).tolist() == expected.tolist()


@given(st.lists(st.integers(min_value=-5, max_value=40), max_size=60), st.booleans())
def test_distinct_values_are_those_np_unique_gives_for_any_shape(values, pairs):
    array = np.array(values[: len(values) // 2 * 2] if pairs else values, dtype=np.int64)
    if pairs:
        array = array.reshape(-1, 2)
    assert distinct(array).tolist() == np.unique(array).tolist()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 300), min_size=1, max_size=60), st.lists(st.integers(0, 1), max_size=400),
       st.sampled_from([np.uint32, np.int64]))
def test_the_bucket_table_maps_every_position_to_the_passage_a_binary_search_finds(lengths, picks, dtype):
    # Passages of any length, empty ones too (several starting at one position), and positions anywhere in them.
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(dtype)
    end = int(starts[-1]) + lengths[-1] + 1
    positions = np.sort(np.array([k * 7 % end for k, keep in enumerate(picks) if keep] + [0, end - 1])).astype(dtype)
    buckets = literal.passage_buckets(starts)
    expected = np.searchsorted(starts, positions, "right") - 1
    assert np.array_equal(literal.passage_of(starts, buckets, positions), expected)


def test_a_common_pair_is_counted_in_its_passages_alike_by_binary_search_and_by_the_bucket_table(monkeypatch):
    # 6,000 positions of 改革 in a text of some 7,000 buckets (long passages of other text after them).
    passages = [("改革" * (k % 5) + "发展" * (k % 3)) or "空" for k in range(3000)] + ["其他内容" * 25] * 2000
    index = LiteralIndex.build(passages)
    counted = index.passage_counts("改革")
    assert literal.BUCKETED_FROM < len(index.occurrences("改革")) < int(index.passage_start[-1]) >> literal.BUCKET_BITS
    assert "_buckets" not in index.__dict__  # fewer positions than the table would have buckets: searched
    again = index.passage_counts("改革")  # as many as the table's buckets by now: the table is made, and maps them
    assert "_buckets" in index.__dict__
    assert all(np.array_equal(a, b) for a, b in zip(again, counted))
    tabled = index.passage_counts("改革")
    monkeypatch.setattr(literal, "BUCKETED_FROM", 1 << 60)
    searched = index.passage_counts("改革")
    assert all(np.array_equal(a, b) for a, b in zip(tabled, searched))
    assert np.array_equal(counted[1], [k % 5 for k in range(3000) if k % 5])
