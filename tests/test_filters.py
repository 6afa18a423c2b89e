"""Metadata filters: the table of distinct values answers every filter as a comparison per document would."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongwen.index.errors import InvalidParameter
from tongwen.search.contract import FILTER_FIELDS
from tongwen.search.facets import FacetTable
from tongwen.search.filters import FilterTable, filter_mask, meta_matches, year_bounds

_VALUES = {
    "agency": ["北京市海淀区人民政府", "北京市海淀區人民政府", "教育部、财政部", "国务院", "國務院辦公廳", "全国人民代表大会常务委员会",
               "北京市人大常委会", "国家发改委", ""],
    "number": ["海政发〔2016〕40号", "海政發[2016]40號", "劳社部发（2008）3号", "府授資字第11230012號",
               "中华人民共和国主席令第七十三号", "国务院令第656号", ""],
    "year": [2016, 2023, ""],
    "type": ["报告", "報告", "通知", ""],
    "status": ["现行有效", "有效", "已废止", ""],
    "script": ["hans", "hant", "mixed"],
    "citation": ["CLI.1.334862", "CLI.12.748997", ""],
}
_TYPED = {
    "agency": ["海淀区人民政府", "海淀區", "财政部", "国务院", "北京市", "政府、北京", "全国人大常委会", "國辦",
               "北京市人民代表大會常務委員會", "发展和改革委员会"],
    "number": ["海政发[2016]40号", "〔2016〕40", "劳社部发〔2008〕3号", "11230012", "主席令第73号", "國務院令第六百五十六號"],
    "year": ["2016", "2023", "2024", "2016..2023", "2017..", "..2016", "2020-2030", "２０２３", "2016至2016"],
    "type": ["報告", "通知", "意见"],
    "status": ["有效", "現行有效", "已废止"],
    "script": ["hans", " HANT ", "latin"],
    "citation": ["CLI.1.334862", "cli.12.748997", "CLI.1"],
}


def _doc(choice: dict) -> dict:
    meta = {field: value for field, value in choice.items() if field != "script" and value != ""}
    return {"script": choice["script"], "meta": meta}


_DOCS = st.lists(st.fixed_dictionaries({field: st.sampled_from(values) for field, values in _VALUES.items()})
                 .map(_doc), max_size=30)


@settings(max_examples=200, deadline=None)
@given(_DOCS, st.sampled_from(FILTER_FIELDS), st.data())
def test_a_filter_picks_the_documents_a_comparison_of_each_document_picks(docs, field, data):
    value = data.draw(st.sampled_from(_TYPED[field]))
    table = FilterTable(docs)
    assert table.mask(field, value).tolist() == [meta_matches(info, field, value) for info in docs]


@pytest.mark.parametrize("typed, held", [
    ("全国人大常委会", "全国人民代表大会常务委员会"), ("全國人大常委會", "全国人民代表大会常务委员会"),
    ("北京市人大常委会", "北京市人民代表大会常务委员会"), ("国家发改委", "国家发展和改革委员会"),
    ("人社部", "人力资源和社会保障部、财政部"), ("国务院办公厅", "国办"), ("最高法", "最高人民法院、最高人民检察院"),
])
def test_an_agency_filter_reads_the_short_names_of_state_bodies_as_their_full_names(typed, held):
    table = FilterTable([_doc({"agency": held, "script": "hans"}), _doc({"agency": "国务院", "script": "hans"})])
    assert table.mask("agency", typed).tolist() == [True, False]


def test_filters_combine_and_an_empty_value_filters_nothing():
    docs = [_doc({"agency": "北京市海淀区人民政府", "year": 2016, "script": "hans", "type": "通知"}),
            _doc({"agency": "北京市海淀区人民政府", "year": 2023, "script": "hant", "type": "報告"}),
            _doc({"agency": "教育部", "year": 2023, "script": "hans", "type": ""})]
    table = FilterTable(docs)
    assert filter_mask(table, {"agency": "海淀區人民政府", "year": "2023"}).tolist() == [False, True, False]
    assert filter_mask(table, {"agency": "", "type": None}).tolist() == [True, True, True]
    assert filter_mask(table, {"type": "报告"}).tolist() == [False, True, False]


@pytest.mark.parametrize("value, bounds", [
    ("2016", (2016, 2016)), (" ２０１６ ", (2016, 2016)), ("2016..2020", (2016, 2020)), ("2016-2020", (2016, 2020)),
    ("2016–2020", (2016, 2020)), ("2016 至 2020", (2016, 2020)), ("2016..", (2016, 9999)), ("..2020", (0, 2020)),
    ("2016～2016", (2016, 2016)),
])
def test_a_year_filter_is_one_year_or_a_range_open_at_either_end(value, bounds):
    assert year_bounds(value) == bounds


@pytest.mark.parametrize("field, value, words", [
    ("year", "last", "'last' is not a year"), ("year", "..", "is not a year"), ("year", "20160", "is not a year"),
    ("year", "2016..2020..2024", "is not a year"), ("year", "2020..2016", "ends before it begins"),
    ("script", "latn", "'latn' is not one of hans, hant, mixed, latin"),
])
def test_a_value_a_field_can_never_hold_is_an_invalid_parameter_not_an_empty_filter(field, value, words):
    table = FilterTable([_doc({"year": 2016, "script": "hans"})])
    with pytest.raises(InvalidParameter, match=f"^{field}: .*{words}"):
        table.mask(field, value)
    with pytest.raises(InvalidParameter):
        filter_mask(table, {field: value})


_PARTS = st.lists(st.lists(st.tuples(_DOCS.filter(bool).map(lambda docs: docs[0]), st.booleans()), max_size=8),
                  max_size=4)


@settings(max_examples=200, deadline=None)
@given(_PARTS)
def test_tables_joined_from_segments_equal_the_tables_of_their_live_documents(parts):
    live_docs = [doc for part in parts for doc, live in part if live]
    joined = [([doc for doc, _ in part], np.array([live for _, live in part], dtype=bool)) for part in parts]
    facets = FacetTable.join([(FacetTable(docs), live) for docs, live in joined])
    direct = FacetTable(live_docs)
    assert facets.n_docs == direct.n_docs and facets.labels == direct.labels
    for field in direct.values:
        assert [a.tolist() for a in facets.values[field]] == [a.tolist() for a in direct.values[field]]
    filters = FilterTable.join([(FilterTable(docs), live) for docs, live in joined])
    plain = FilterTable(live_docs)
    assert filters.n_docs == plain.n_docs and filters.values == plain.values
    assert all(filters.codes[f].tolist() == plain.codes[f].tolist() for f in FILTER_FIELDS)
    for field in FILTER_FIELDS:  # the joined table normalizes through its parts: the same documents pass
        for value in _TYPED[field]:
            assert filters.mask(field, value).tolist() == plain.mask(field, value).tolist()
            assert filters.equal(field, value).tolist() == plain.equal(field, value).tolist()


@pytest.mark.parametrize("stored, typed", [
    ("中华人民共和国主席令第七十三号", "主席令第73号"),
    ("中华人民共和国主席令第73号", "主席令第七十三號"),
    ("国务院令第656号", "國務院令第六百五十六號"),
])
def test_an_order_s_serial_in_chinese_numerals_matches_it_in_arabic_numerals_and_back(stored, typed):
    assert meta_matches(_doc({"number": stored, "script": "hans"}), "number", typed)
    assert not meta_matches(_doc({"number": stored, "script": "hans"}), "number", typed.replace("7", "8").replace("七", "八")
                            .replace("656", "657").replace("五十六", "五十七"))


def test_a_facet_counts_a_value_written_in_either_script_once_shown_as_most_documents_write_it():
    docs = [_doc({"agency": "全國人民代表大會常務委員會", "type": "報告", "script": "hant"}),
            _doc({"agency": "全国人民代表大会常务委员会、国务院", "type": "报告", "script": "hans"}),
            _doc({"agency": "全国人民代表大会常务委员会", "type": "报告", "script": "hans"}),
            _doc({"agency": "國務院", "type": "通知", "script": "hant"})]
    counts = FacetTable(docs).counts(np.arange(4), [np.arange(4)])
    assert counts["agency"] == {"全国人民代表大会常务委员会": 3, "国务院": 2}  # 国务院 < 國務院: the least of equals
    assert counts["type"] == {"报告": 3, "通知": 1}
    assert counts["script"] == {"hant": 2, "hans": 2}


def test_a_facet_counts_an_agency_written_by_its_short_name_with_its_full_name_as_its_filter_finds_them():
    docs = [_doc({"agency": "全国人大常委会", "script": "hans"}),
            _doc({"agency": "全国人民代表大会常务委员会", "script": "hans"}),
            _doc({"agency": "全國人民代表大會常務委員會", "script": "hant"}),
            _doc({"agency": "北京市人大常委会", "script": "hans"})]
    counts = FacetTable(docs).counts(np.arange(4), [np.arange(4)])
    assert counts["agency"] == {"全国人民代表大会常务委员会": 3, "北京市人大常委会": 1}
    table = FilterTable(docs)
    for value, count in counts["agency"].items():
        assert int(table.mask("agency", value).sum()) == count


def test_equal_picks_the_documents_numbered_by_the_value_in_any_form_and_none_holding_it_as_a_part():
    numbers = ["京政发〔2016〕5号", "京政发〔2016〕52号", "中华人民共和国国务院令第656号", "", "京政发[2016]5号"]
    table = FilterTable([{"script": "hans", "meta": {"number": n} if n else {}} for n in numbers])
    assert table.equal("number", "京政發(2016)5 號").tolist() == [0, 4]
    assert table.equal("number", "国务院令第六百五十六号").tolist() == [2]
    assert table.equal("number", "〔2016〕5号").tolist() == []  # a filter takes the part: 0 and 4
    assert np.flatnonzero(table.mask("number", "〔2016〕5号")).tolist() == [0, 4]
