"""A segment's figures: what a searcher reads of each document, written as columns, giving the tables the summaries
give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tongwen.index import figures, names
from tongwen.index.segments import Summaries
from tongwen.search.doc_tables import SegmentDocs
from tongwen.search.facets import FacetTable
from tongwen.search.plan import may_hold

SUMMARIES = [
    {"title": "海淀区规划", "length": 300, "script": "hans",
     "meta": {"date": "2016-11-17", "year": 2016, "agency": "北京市海淀区人民政府", "type": "规划"}},
    {"title": "海淀區規劃", "length": 280, "script": "hant", "meta": {"year": 2016, "revised": "2020-01-02"}},
    {"title": "通知", "length": 3, "script": "hans", "neutral": True, "meta": {"agency": "海淀区人民政府|北京市人民政府"}},
    {"title": "魅力海淀", "length": 900, "script": "hant", "vocabulary": "hans", "meta": {}},  # the mainland's words
]


def test_the_figures_of_summaries_are_their_lengths_dates_scripts_and_facet_values_coded_first_met_first():
    assert figures.of_summaries(SUMMARIES) == {
        "version": figures.VERSION,
        "length": [300, 280, 3, 900],
        "title_length": [5, 5, 2, 4],
        "date_key": [20161117, 20160000, -1, -1],
        "revised_key": [-1, 20200102, -1, -1],
        "written": {"values": [["hans", False], ["hant", False], ["hans", True], ["hant", False, "hans"]],
                    "codes": [0, 1, 2, 3]},
        "facets": {
            "year": {"values": [2016, None], "codes": [0, 0, 1, 1]},
            "agency": {"values": ["北京市海淀区人民政府", None, "海淀区人民政府|北京市人民政府"], "codes": [0, 1, 2, 1]},
            "type": {"values": ["规划", None], "codes": [0, 1, 1, 1]},
            "status": {"values": [None], "codes": [0, 0, 0, 0]},
        },
    }


_VALUE = st.one_of(st.none(), st.sampled_from(["", "海淀区人民政府", "海淀區人民政府", "全国人大常委会", "规划", "規劃",
                                               "现行有效", "2016", "2016-11-17", "A|B", "甲|乙|甲"]),
                   st.integers(1990, 2030))
_SUMMARY = st.fixed_dictionaries(
    {"title": st.sampled_from(["", "海淀区规划", "中华人民共和国刑法（2020修正）", "通知"]),
     "length": st.integers(0, 50), "script": st.sampled_from(["hans", "hant", "mixed"])},
    optional={"neutral": st.booleans(), "vocabulary": st.sampled_from(["hans", "hant"]),
              "meta": st.dictionaries(st.sampled_from(["date", "year", "agency", "type", "status", "revised"]),
                                      _VALUE, max_size=5)})


def _facets(table: FacetTable) -> dict:
    return {f: (table.values[f][0].tolist(), table.values[f][1].tolist(), table.written[f].tolist(), table.keys[f],
                table.forms[f], table.form_value[f].tolist(), table.labels[f]) for f in table.values}


@settings(max_examples=150, deadline=None)
@given(st.lists(_SUMMARY, max_size=12))
def test_a_segment_s_tables_from_its_figures_are_those_its_summaries_give(summaries):
    # Dates that do not parse, years as numbers, joint agencies, values in both scripts, empty values, none at all.
    written = figures.of_summaries(summaries)
    assert _facets(FacetTable.of_figures(written)) == _facets(FacetTable(summaries))  # counted a document at a time
    docs = SegmentDocs.of(Summaries(None, summaries), names.of_titles([s["title"] for s in summaries]), written)
    for name in ("hans", "hant"):
        assert docs.written_in[name].tolist() == [may_hold(name, s["script"], bool(s.get("neutral")), s.get("vocabulary"))
                                                  for s in summaries]
    meta = [s.get("meta", {}) for s in summaries]
    assert docs.date_key.tolist() == [figures.date_key(m) for m in meta]
    assert docs.revised_key.tolist() == [max(figures.date_key(m), figures.date_key({"date": m["revised"]})
                                             if m.get("revised") else -1) for m in meta]
    assert [bool(t) for t in docs.titles] == [len(s["title"]) < 0.8 * s["length"] and bool(s["title"])
                                              for s in summaries]
