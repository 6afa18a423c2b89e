"""Every format end to end: a folder mixing HTML, PDF, DOCX, Markdown and text indexes in one run, and each
document is found by a query in the other script with its title, sections and metadata."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tongwen.index.store import update_index
from tongwen.cli import cli
from tongwen.search.display import to_traditional
from tongwen.search.searcher import Searcher
from tests.fixtures_formats import (
    AGENCY,
    HTML_BOILERPLATE,
    NUMBER,
    RUNNING_HEADER,
    TITLE,
    mixed_folder,
)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    folder = mixed_folder(tmp_path_factory.mktemp("mixed") / "policies")
    index_dir = tmp_path_factory.mktemp("mixed-index")
    report = update_index([folder], index_dir)
    return folder, index_dir, report, Searcher.open(index_dir)


def test_a_mixed_folder_indexes_in_one_run_with_a_count_per_format(mixed):
    _, _, report, _ = mixed
    assert report.indexed == 5 and report.skipped == 0
    assert dict(report.by_format) == {"html": 1, "pdf": 1, "docx": 1, "md": 1, "txt": 1}
    assert "(1 docx, 1 html, 1 md, 1 pdf, 1 txt)" in report.summary()


def test_the_cli_summary_line_counts_each_format(mixed, tmp_path):
    folder, _, _, _ = mixed
    result = CliRunner().invoke(cli, ["index", str(folder), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0, result.output
    assert "indexed 5 (1 docx, 1 html, 1 md, 1 pdf, 1 txt)" in result.output


@pytest.mark.parametrize("doc_id", ["web/notice.html", "notice.pdf", "notice.docx"])
def test_each_policy_format_is_found_by_a_traditional_query_with_its_title_and_metadata(mixed, doc_id):
    _, _, _, searcher = mixed
    query = to_traditional("新型研发机构")
    assert query != "新型研发机构"
    result = searcher.search(query, limit=10)
    hit = next(r for r in result["results"] if r["doc_id"] == doc_id)
    assert hit["title"] == TITLE
    assert hit["meta"]["agency"] == AGENCY
    assert hit["meta"]["number"] == NUMBER
    assert hit["meta"]["year"] == 2016
    assert any(p["highlights"] for p in hit["passages"])
    for p in hit["passages"]:
        for s, e in p["highlights"]:
            assert p["text"][s:e] == "新型研发机构"


@pytest.mark.parametrize("doc_id", ["web/notice.html", "notice.docx"])
def test_sections_come_from_the_formats_own_headings(mixed, doc_id):
    _, _, _, searcher = mixed
    hit = next(r for r in searcher.search("专项资金")["results"] if r["doc_id"] == doc_id)
    assert any("重点任务" in p["section"] for p in hit["passages"])


def test_metadata_fields_are_searchable_and_filterable_and_counted(mixed):
    _, _, _, searcher = mixed
    by_field = searcher.search("科技 agency:海淀区人民政府 year:2016")
    assert {r["doc_id"] for r in by_field["results"]} == {"web/notice.html", "notice.pdf", "notice.docx"}
    assert by_field["facets"]["year"] == {"2016": 3}
    filtered = searcher.search("海淀", filters={"script": "hant"})
    assert [r["doc_id"] for r in filtered["results"]] == ["plain.txt"]
    assert filtered["facets"]["script"] == {"hant": 1}
    assert searcher.search("number:海政发〔2016〕40号")["total"] == 3


@pytest.mark.parametrize("word", [w for w in HTML_BOILERPLATE if w not in ("2003",)] + [RUNNING_HEADER])
def test_no_page_furniture_is_searchable(mixed, word):
    _, _, _, searcher = mixed
    result = searcher.search(f'"{word}"', limit=100)
    furniture_hits = [r["doc_id"] for r in result["results"] if r["doc_id"] in ("web/notice.html", "notice.pdf")]
    if word == RUNNING_HEADER:
        # The header's words may occur in the text itself; the header line as a whole must not.
        assert all(RUNNING_HEADER not in searcher.document(d)["text"] for d in furniture_hits)
    else:
        assert "web/notice.html" not in furniture_hits


def test_word_97_rtf_and_ofd_files_index_beside_the_others_and_are_found_across_scripts(tmp_path):
    from tests.fixtures_formats import policy_doc, policy_ofd, policy_rtf

    folder = tmp_path / "attachments"
    folder.mkdir()
    policy_doc(folder / "notice.doc")
    (folder / "opening.rtf").write_bytes(policy_rtf())
    policy_ofd(folder / "notice.ofd")
    report = update_index([folder], tmp_path / "ix")
    assert dict(report.by_format) == {"doc": 1, "rtf": 1, "ofd": 1} and report.skipped == 0
    searcher = Searcher.open(tmp_path / "ix")
    for query, ids in ((to_traditional("新型研发机构"), {"notice.doc", "notice.ofd"}),
                       (to_traditional("高质量增长"), {"notice.doc", "opening.rtf", "notice.ofd"})):
        result = searcher.search(query, limit=10)
        assert {r["doc_id"] for r in result["results"]} == ids
        for hit in result["results"]:
            assert hit["title"] == TITLE and hit["meta"]["number"] == NUMBER and hit["meta"]["agency"] == AGENCY
            marked = [p["text"][s:e] for p in hit["passages"] for s, e in p["highlights"]]
            assert marked and all(to_traditional(m) == query for m in marked)


def test_a_name_in_a_cell_of_a_spreadsheet_attachment_is_found_across_scripts_with_its_row(tmp_path):
    from tests.fixtures_formats import LIST_TITLE, list_xls, list_xlsx

    folder = tmp_path / "attachments"
    folder.mkdir()
    list_xlsx(folder / "附件1.xlsx")
    list_xls(folder / "附件2：2023年度高新技术企业名单.xls")
    report = update_index([folder], tmp_path / "ix")
    assert dict(report.by_format) == {"xlsx": 1, "xls": 1} and report.skipped == 0
    result = Searcher.open(tmp_path / "ix").search(to_traditional("中关村软件园"), limit=10)
    assert {r["doc_id"]: r["title"] for r in result["results"]} == {
        "附件1.xlsx": LIST_TITLE, "附件2：2023年度高新技术企业名单.xls": "附件2：2023年度高新技术企业名单"}
    for hit in result["results"]:
        assert any("1 | 北京中关村软件园发展有限责任公司 | 2023-11-17" in p["text"] for p in hit["passages"])


def test_a_briefing_deck_is_found_by_a_point_on_one_of_its_slides(tmp_path):
    from tests.fixtures_formats import BRIEFING_TITLE, briefing_pptx

    folder = tmp_path / "briefings"
    folder.mkdir()
    briefing_pptx(folder / "解读.pptx")
    report = update_index([folder], tmp_path / "ix")
    assert dict(report.by_format) == {"pptx": 1}
    [hit] = Searcher.open(tmp_path / "ix").search(to_traditional("成果转化"), limit=10)["results"]
    assert hit["title"] == BRIEFING_TITLE and hit["doc_id"] == "解读.pptx"
    assert any(p["section"] == "一、总体目标" for p in hit["passages"])


def test_a_powerpoint_97_deck_indexes_and_is_found(tmp_path):
    from tests.fixtures_formats import BRIEFING_TITLE, briefing_ppt

    folder = tmp_path / "briefings"
    folder.mkdir()
    briefing_ppt(folder / "解读.ppt")
    report = update_index([folder], tmp_path / "ix")
    assert dict(report.by_format) == {"ppt": 1}
    [hit] = Searcher.open(tmp_path / "ix").search(to_traditional("研发投入强度"), limit=10)["results"]
    assert hit["title"] == BRIEFING_TITLE


def test_an_opendocument_text_indexes_and_is_found_with_its_sections(tmp_path):
    from tests.fixtures_formats import policy_odt

    folder = tmp_path / "odf"
    folder.mkdir()
    policy_odt(folder / "notice.odt")
    report = update_index([folder], tmp_path / "ix")
    assert dict(report.by_format) == {"odt": 1}
    [hit] = Searcher.open(tmp_path / "ix").search(to_traditional("研发投入强度"), limit=10)["results"]
    assert hit["title"] == TITLE and hit["meta"]["number"] == NUMBER
    assert any(p["section"] == "一、总体目标" for p in hit["passages"])
