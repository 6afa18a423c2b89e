"""Readers: the suffix registry, read_document's errors, and the plain-text and Markdown readers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tongwen.index import readers
from tongwen.index.document import Document
from tongwen.index.errors import UnreadableFile
from tongwen.index.readers import read_document, register, supported_suffixes
from tongwen.index.readers.text import markdown_to_text

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _write(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to ``folder/name`` and return the path."""
    path = folder / name
    path.write_bytes(data)
    return path


def _seed(prefix: str) -> Document:
    """The seed document whose file name starts with ``prefix``."""
    return read_document(next(SEEDS.glob(f"{prefix}_*.txt")))


def test_text_and_markdown_suffixes_are_supported():
    assert {".txt", ".md", ".markdown"} <= supported_suffixes()
    assert all(suffix.startswith(".") and suffix == suffix.lower() for suffix in supported_suffixes())


def test_the_suffixes_known_without_importing_a_reader_are_those_the_reader_modules_register():
    code = ("import sys, tongwen.index.readers as r; known = r.supported_suffixes(); "
            "assert not [m for m in sys.modules if m.startswith('tongwen.index.readers.')]; "
            "r._load_readers(); print(sorted(known) == sorted(r._READERS) == sorted(r.READER_SUFFIXES))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True"


def test_registering_a_reader_for_a_suffix_is_one_decorator(tmp_path, monkeypatch):
    readers._load_readers()  # the package's own, registered in the table the test restores after it
    monkeypatch.setattr(readers, "_READERS", dict(readers._READERS))

    @register(".Tongwen")
    def read_tongwen(path: Path, data: bytes) -> Document:
        return Document(text=data.decode(), title="fixed", format="tongwen")

    assert ".tongwen" in supported_suffixes()
    document = read_document(_write(tmp_path, "a.TONGWEN", "內容".encode()))
    assert (document.text, document.format) == ("內容", "tongwen")


def test_a_suffix_must_start_with_a_dot():
    with pytest.raises(ValueError):
        register("txt")


def test_importing_the_registry_loads_no_reader_and_no_parser():
    code = (
        "import sys, tongwen.index.readers; "
        "print(sorted(m for m in sys.modules if m.startswith('tongwen.index.readers.') or m in "
        "('jieba', 'opencc', 'whoosh', 'charset_normalizer', 'pypdfium2', 'lxml')))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"


def test_a_gb18030_text_file_is_read_as_a_txt_document(tmp_path):
    path = _write(tmp_path, "plan.txt", "海淀区规划\n\n一、总体要求\n\n加快建设科技创新中心。".encode("gb18030"))
    document = read_document(path)
    assert document.format == "txt"
    assert document.title == "海淀区规划"
    assert document.text == "海淀区规划\n\n一、总体要求\n\n加快建设科技创新中心。"
    assert [(h.level, h.text) for h in document.headings] == [(1, "一、总体要求")]
    assert document.meta["encoding"] == "gb18030"


def test_a_big5_text_file_with_an_upper_case_suffix_is_read(tmp_path):
    document = read_document(_write(tmp_path, "CHARM.TXT", "魅力海淀\n\n觀念的\n\n變革".encode("big5")))
    assert document.text == "魅力海淀\n\n觀念的變革"  # a short title on its own, a word broken off rejoined


def test_a_short_meeting_note_is_titled_by_its_first_line_not_by_all_of_it(tmp_path):
    note = "会议纪要\n\n时间：2024年3月1日\n\n地点：三楼会议室\n\n参会人员：张三、李四".encode()
    assert read_document(_write(tmp_path, "note.txt", note)).title == "会议纪要"


def test_a_document_without_words_takes_its_file_name_as_title(tmp_path):
    assert read_document(_write(tmp_path, "2016年度.txt", b"2016\n\n2017\n")).title == "2016年度"


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_a_text_opening_with_its_salutation_is_known_by_its_file_name_and_read_by_it(tmp_path, suffix):
    speech = "各位代表：\n\n现在，我代表国务院，向大会报告政府工作，请予审议。\n\n一、过去一年的工作\n\n经济平稳增长。"
    document = read_document(_write(tmp_path, f"2019年政府工作报告{suffix}", speech.encode()))
    assert document.title == "2019年政府工作报告"
    assert (document.meta["type"], document.meta["agency"]) == ("报告", "国务院")


@pytest.mark.parametrize(("name", "title", "agency", "doc_type"), [
    ("第十四届全国人民代表大会第二次会议关于政府工作报告的决议.txt",
     "第十四届全国人民代表大会第二次会议关于政府工作报告的决议", "全国人民代表大会", "决议"),
    ("1964年中华人民共和国国务院政府工作报告（摘要）.txt", "1964年中华人民共和国国务院政府工作报告（摘要）", "国务院", "报告"),
    # A name that says nothing: the first sentence stands for the title, as before.
    ("003_cefa6ee8675b435d.txt", "第十四届全国人民代表大会第二次会议听取和审议了国务院总理李强所作的政府工作报告", "国务院", "报告"),
])
def test_a_text_opening_with_its_body_is_known_by_its_file_name_when_the_name_reads_as_a_title(
        tmp_path, name, title, agency, doc_type):
    body = ("第十四届全国人民代表大会第二次会议听取和审议了国务院总理李强所作的\n政府工作报告\n。会议充分肯定国务院过去一年的工作，"
            "决定批准这个报告。\n\n会议号召，全国各族人民更加紧密地团结起来。")
    document = read_document(_write(tmp_path, name, body.encode()))
    assert (document.title, document.meta.get("agency"), document.meta.get("type")) == (title, agency, doc_type)


@pytest.mark.parametrize("opening", ["一、去年", "（此件公开发布）", "(譯自檔案俄文稿)"])
def test_a_text_opening_with_a_section_heading_or_a_note_is_known_by_its_file_name_when_it_reads_as_a_title(
        tmp_path, opening):
    body = f"{opening}\n\n去年，这里没有任何组织，也不可能找到能做组织工作的人。\n\n二、今年\n\n今年情况好转。"
    document = read_document(_write(tmp_path, "广州共产党报告 (一大).txt", body.encode()))
    assert (document.title, document.meta.get("type")) == ("广州共产党报告 (一大)", "报告")
    assert read_document(_write(tmp_path, "0001.txt", body.encode())).title == opening


def test_a_first_line_that_is_a_whole_sentence_of_clauses_is_no_title_when_the_name_is_one(tmp_path):
    body = "第二届全国人民代表大会第三次会议听取了周恩来总理代表国务院所作的政府工作报告，并且进行了充分的讨论。\n\n1958年以来，成就很大。"
    document = read_document(_write(tmp_path, "第二届全国人民代表大会第三次会议关于政府工作报告的决议.txt", body.encode()))
    assert document.title == "第二届全国人民代表大会第三次会议关于政府工作报告的决议"
    assert read_document(_write(tmp_path, "x.txt", body.encode())).title.startswith("第二届全国人民代表大会第三次会议听取了")


@pytest.mark.parametrize(("text", "kept"), [("打印", "打印"), ("【打印】【关闭】", "【打印】【关闭】"),
                                          ("- 1 -\n浏览数:12\n\ue000", "浏览数:12")])
def test_a_file_holding_nothing_but_what_reads_as_page_furniture_is_that_text_not_an_empty_file(tmp_path, text, kept):
    # A one-word message, a page's widget saved alone: the file has text, and only a file with none is empty.
    assert read_document(_write(tmp_path, "a.txt", text.encode())).text == kept


def test_a_markdown_file_of_front_matter_alone_is_its_title_not_an_empty_file(tmp_path):
    document = read_document(_write(tmp_path, "a.md", "---\ntitle: 关于开展安全检查的通知\ndate: 2020-01-02\n---\n".encode()))
    assert (document.title, document.text, document.meta["date"]) == ("关于开展安全检查的通知", "关于开展安全检查的通知",
                                                                      "2020-01-02")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b" \r\n\t\n", "empty"),
        ("junk.txt", "- 1 -\n\n\ue000".encode(), "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("random.txt", bytes(range(0x80, 0x100)) * 3, "cannot decode"),
        ("slides.key", b"PK\x03\x04", "unsupported suffix"),
        ("README", "內容".encode(), "unsupported suffix"),
    ],
)
def test_unreadable_files_raise_one_line_naming_the_file_and_why(tmp_path, name, data, reason):
    path = _write(tmp_path, name, data)
    with pytest.raises(UnreadableFile) as raised:
        read_document(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: ")
    assert reason in message
    assert "\n" not in message


def test_a_skipped_file_whose_name_is_not_utf8_is_named_with_its_bytes_escaped(tmp_path):
    raw = os.fsencode(str(tmp_path)) + b"/\xff\xfeempty.txt"
    with open(raw, "wb") as fh:
        fh.write(b"   ")
    with pytest.raises(UnreadableFile) as caught:
        read_document(Path(os.fsdecode(raw)))
    assert str(caught.value) == f"{tmp_path}/\\xff\\xfeempty.txt: empty"
    str(caught.value).encode("utf-8")  # printable and storable as it is


def test_a_missing_file_is_unreadable_not_a_crash(tmp_path):
    with pytest.raises(UnreadableFile, match="cannot read"):
        read_document(tmp_path / "gone.txt")


def test_markdown_keeps_heading_text_and_drops_syntax_that_pollutes_search(tmp_path):
    source = (
        "# 海淀区**创新**规划\n\n"
        "本规划依据[《北京市规划》](https://example.org/plan.pdf)编制，参见![示意图](img/map.png)与<https://bj.gov.cn>。\n"
        "重点发展*人工智能*、__RISC-V__ 和~~旧产业~~`5G`。\n\n"
        "## 主要任务\n\n"
        "- 加快**高精尖**产业\n"
        "- 建设中关村[^1]\n\n"
        "> 引文：<b>创新</b>驱动\n\n"
        "```python\n# 不是标题\nprint('a*b*c')\n```\n\n"
        "| 指标 | 目标 |\n|---|---|\n| GDP | 1万亿 |\n\n"
        "[^1]: 脚注内容\n"
    )
    document = read_document(_write(tmp_path, "plan.md", source.encode()))
    assert document.format == "md"
    assert document.title == "海淀区创新规划"
    assert [(h.level, h.text) for h in document.headings] == [(1, "海淀区创新规划"), (2, "主要任务")]
    text = document.text
    for gone in ("**", "__", "~~", "`", "https://example.org", "img/map.png", "](", "<b>", "|", "---", "[^1]", "> "):
        assert gone not in text
    assert "本规划依据《北京市规划》编制，参见示意图与https://bj.gov.cn。重点发展人工智能、RISC-V 和旧产业5G。" in text
    assert "加快高精尖产业\n\n建设中关村" in text
    assert "引文：创新驱动" in text
    assert "# 不是标题\n\nprint('a*b*c')" in text
    assert "指标 目标\n\nGDP 1万亿" in text


def test_markdown_heading_markers_leave_the_text_and_each_heading_span_holds_its_words(tmp_path):
    source = "# 中华人民共和国国旗法\n\n## 第一章 总则\n\n**第一条** 为了维护国旗的尊严。\n\n### 第二节 ### \n\n```\n# 代码\n```\n"
    document = read_document(_write(tmp_path, "law.md", source.encode()))
    text = document.text
    assert text == "中华人民共和国国旗法\n\n第一章 总则\n\n第一条 为了维护国旗的尊严。\n\n第二节\n\n# 代码"
    assert [(h.level, text[h.start:h.end]) for h in document.headings] == [
        (1, "中华人民共和国国旗法"), (2, "第一章 总则"), (3, "第二节")]
    assert document.title == "中华人民共和国国旗法"


def test_a_markdown_hard_line_break_stays_inside_its_paragraph(tmp_path):
    source = "第二条 中华人民共和国国旗是五星红旗。  \n国旗的通用尺度见附表。\\\nRISC-V lab\n\n下一段。\n"
    document = read_document(_write(tmp_path, "a.md", source.encode()))
    assert document.text == "第二条 中华人民共和国国旗是五星红旗。国旗的通用尺度见附表。 RISC-V lab\n\n下一段。"


def test_a_markdown_heading_changed_by_cleaning_is_still_a_heading(tmp_path):
    document = read_document(_write(tmp_path, "a.md", "## 建设 「创新」 高地\n\n正文。".encode()))
    assert [(h.level, h.text) for h in document.headings] == [(2, "建设「创新」高地")]


def test_a_hash_line_inside_a_code_block_is_neither_heading_nor_title(tmp_path):
    source = "```sh\n# 安装\npip install tongwen\n```\n\n# 使用说明\n\n正文。"
    document = read_document(_write(tmp_path, "usage.md", source.encode()))
    assert document.title == "使用说明"
    assert [(h.level, h.text) for h in document.headings] == [(1, "使用说明")]


def test_markdown_soft_line_breaks_join_chinese_without_a_space_and_latin_with_one():
    assert markdown_to_text("海淀区位于\n北京市西北部\nand the\nRISC-V lab") == "海淀区位于北京市西北部 and the RISC-V lab"


def test_markdown_setext_headings_become_headings():
    assert markdown_to_text("总览\n===\n\n任务\n---\n正文") == "# 总览\n## 任务\n正文"


def test_markdown_front_matter_title_is_the_document_title(tmp_path):
    source = "---\ntitle: 海淀区简介\ndate: 2020-01-01\n---\n\n正文第一段。\n"
    document = read_document(_write(tmp_path, "intro.markdown", source.encode()))
    assert document.title == "海淀区简介"
    assert document.text == "正文第一段。"
    assert document.meta["date"] == "2020-01-01"


@pytest.mark.parametrize("source, title", [
    ("# 中华人民共和国民法典\n\n# 人格权编\n\n2020年5月28日 第十三届全国人民代表大会第三次会议通过\n\n## 第一章 一般规定\n\n"
     "第九百八十九条 本编调整因人格权的享有和保护产生的民事关系。\n", "中华人民共和国民法典 人格权编"),
    ("# 北京市数据交易管理办法\n\n（征求意见稿）\n\n第一条 为了规范数据交易活动，制定本办法。\n", "北京市数据交易管理办法（征求意见稿）"),
    ("# 中华人民共和国民法典\n\n## 第一编 总则\n\n第一条 为了保护民事主体的合法权益，制定本法。\n", "中华人民共和国民法典"),
])
def test_a_markdown_level_one_heading_takes_in_the_stage_or_code_part_under_it(tmp_path, source, title):
    assert read_document(_write(tmp_path, "part.md", source.encode())).title == title


@pytest.mark.parametrize("name, text, date", [
    ("上海市产品质量条例(2012-04-19).md", "# 上海市产品质量条例\n\n第一条 为了明确产品质量责任，制定本条例。\n", "2012-04-19"),
    ("2023.05.06会议纪要.txt", "会议纪要\n\n会议研究了有关事项。\n", "2023-05-06"),
    # The text's own date, or its year (a number's), outranks the name; a date written out in a name is an event's.
    ("某某条例(2012-04-19).txt", "某某条例\n\n（2010年5月1日某市人民代表大会常务委员会通过）\n\n第一条 规范。\n",
     "2010-05-01"),
    ("某某通知(2012-04-19).txt", "某某通知\n\n某政发〔2010〕3号\n\n各单位：现将有关事项通知如下。\n", None),
    ("关于2023年5月6日会议的通知.txt", "关于会议的通知\n\n各单位：定于下周开会。\n", None),
])
def test_a_file_name_s_whole_date_dates_a_text_that_states_none(tmp_path, name, text, date):
    assert read_document(_write(tmp_path, name, text.encode())).meta.get("date") == date


FRONT_MATTER_CASES = [
    # A legal collection's converter: title, dates, status, as the database states them.
    ('---\ntitle: "中华人民共和国测试法"\npublish_date: "2009-02-28"\nstatus: "现行有效"\n'
     'implement_date: "2009-05-01"\ncategory: "刑法"\nsource: "国家法律法规数据库"\ntags:\n  - 法律法规\n---\n'
     '# 中华人民共和国测试法\n\n第一条　为了测试，制定本法。\n',
     "中华人民共和国测试法", {"date": "2009-02-28", "year": 2009, "status": "现行有效", "effective": "2009-05-01"}),
    # Chinese keys, single quotes, a comment, a site generator's timestamp, a number and an agency.
    ("---\n标题: 关于测试工作的通知\n发文字号: '京测发〔2021〕3号'\n发布部门: 北京市测试局  # 主办\n"
     "date: 2021-03-04T09:00:00+08:00\nurl: https://www.example.gov.cn/a.html\n---\n各区：现通知如下。\n",
     "关于测试工作的通知", {"date": "2021-03-04", "year": 2021, "number": "京测发〔2021〕3号",
                           "agency": "北京市测试局", "url": "https://www.example.gov.cn/a.html"}),
    # Quotes inside quoted values, as YAML escapes them: doubled in single quotes, a backslash in double ones.
    ("---\ntitle: '关于''十四五''规划的通知'\nagency: \"北京市\\\"测试\\\"局\"\n---\n正文。\n",
     "关于'十四五'规划的通知", {"agency": '北京市"测试"局'}),
    # A nested map's keys, a list, a block value and a link that is no URL are not the document's fields.
    ("---\ntitle: 说明\nseo:\n  date: 1999-01-01\n  status: 草稿\nstatus: [a, b]\nagency: >\n  折叠的值\n"
     "link: 见附件\n---\n正文。\n",
     "说明", {}),
]


@pytest.mark.parametrize(("source", "title", "meta"), FRONT_MATTER_CASES)
def test_markdown_front_matter_fields_are_read_as_a_databases_header_fields(tmp_path, source, title, meta):
    document = read_document(_write(tmp_path, "doc.md", source.encode()))
    assert document.title == title
    fields = ("date", "year", "status", "effective", "number", "agency", "url")
    assert {k: document.meta[k] for k in fields if k in document.meta} == meta  # type: ignore[literal-required]
    assert "---" not in document.text and ":" not in document.text.splitlines()[0]


CRAWLED_CASES = [
    # A portal's page saved by a crawler: its labels, the site's own fields, and the label the text follows.
    ("标题：国务院关于落实《政府工作报告》重点工作分工的意见\n发布时间：2021-03-12 16:00\n来源：中国政府网\n\n正文：\n"
     "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n现就落实重点工作提出如下分工意见。\n",
     "国务院关于落实《政府工作报告》重点工作分工的意见", {"agency": "国务院", "date": "2021-03-12", "year": 2021},
     "来源：中国政府网"),  # a line no field takes stays in the text, before the text's first line
    # English keys, a link, and the text on the body label's own line; Traditional labels.
    ("title: 北京市人民政府关于加快推进城市更新的实施意见\nurl: https://www.beijing.gov.cn/zhengce/x.html\n"
     "date: 2021-08-21\ncontent: 各区人民政府，市政府各委、办、局：\n为加快推进城市更新，现提出以下意见。\n",
     "北京市人民政府关于加快推进城市更新的实施意见",
     {"agency": "北京市人民政府", "date": "2021-08-21", "year": 2021, "url": "https://www.beijing.gov.cn/zhengce/x.html"},
     "各区人民政府，市政府各委、办、局："),
    ("標題：臺北市政府公告\n發布時間：2024-05-15\n作者：秘書處\n\n主旨：公告本府辦公時間。\n",
     "臺北市政府公告", {"date": "2024-05-15", "year": 2024}, "作者：秘書處"),
]


@pytest.mark.parametrize(("source", "title", "meta", "first"), CRAWLED_CASES)
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_a_crawler_s_labelled_record_gives_the_title_and_fields_not_the_text_s_first_lines(tmp_path, source, title,
                                                                                         meta, first, suffix):
    document = read_document(_write(tmp_path, f"page{suffix}", source.encode()))
    assert document.title == title
    fields = ("date", "year", "agency", "url")
    assert {k: document.meta[k] for k in fields if k in document.meta} == meta  # type: ignore[literal-required]
    # (A Markdown file's soft line breaks join its lines: the text starts with that line, its paragraph goes on.)
    assert document.text.startswith(first) and (suffix == ".md" or document.text.split("\n\n")[0] == first)
    assert source.strip().split("\n")[-1] in document.text  # the text itself, whole


@pytest.mark.parametrize("source", [
    "标题：关于开展检查的通知\n\n各区县：\n现通知如下。\n",  # one labelled line: the text's own, as written
    "来源：中国政府网\n标题：关于开展检查的通知\n\n正文。\n",  # the first label is no title's
    "标题：关于开展检查的通知\n发布时间：2021-03-12\n",  # nothing after the labels: they are the text
])
def test_labelled_lines_that_are_no_crawler_s_record_stay_the_text(tmp_path, source):
    document = read_document(_write(tmp_path, "page.txt", source.encode()))
    assert document.text.startswith(source.split("\n")[0])


GIA_RELEASE = """Go to main content

Latest arrangements for LegCo Secretariat public services
*********************************************************
The following is issued on behalf of the Legislative Council Secretariat:

     In view of the latest situation, the Legislative Council (LegCo) Secretariat announced today (January 27) that \
the LegCo Public Complaints Office will resume its counter services.

Ends/Wednesday, January 27, 2021
Issued at HKT 18:30
NNNN
Today's Press Releases
"""


def test_a_hong_kong_release_issued_for_another_body_names_it_and_leaves_the_page_s_links_out(tmp_path):
    document = read_document(_write(tmp_path, "P2021012700709.txt", GIA_RELEASE.encode()))
    assert document.title == "Latest arrangements for LegCo Secretariat public services"
    assert (document.meta["agency"], document.meta["date"]) == ("Legislative Council Secretariat", "2021-01-27")
    assert document.text.startswith("Latest arrangements") and document.text.endswith("January 27, 2021")


GIA_RELEASE_ZH = """跳至主要內容

立法會將辯論《施政報告》
************
下稿代立法會秘書處發出:

  立法會星期三(十一月七日)上午十一時在立法會綜合大樓會議廳舉行會議。

2018年11月5日(星期一)
香港時間16時18分
即日新聞
"""


def test_a_chinese_hong_kong_release_issued_for_another_body_names_it_too(tmp_path):
    document = read_document(_write(tmp_path, "P2018110500557.txt", GIA_RELEASE_ZH.encode()))
    assert document.title == "立法會將辯論《施政報告》"
    assert (document.meta["agency"], document.meta["date"]) == ("立法會秘書處", "2018-11-05")
    assert document.text.endswith("2018年11月5日(星期一)")
    chinese_bar = GIA_RELEASE_ZH.replace("跳至主要內容", "簡體版 英文版 寄給朋友 政府新聞網")
    assert read_document(_write(tmp_path, "P2018.txt", chinese_bar.encode())).text.startswith("立法會將辯論")
    english = GIA_RELEASE.replace("Go to main content", "Traditional Chinese Simplified Chinese Email this article "
                                  "news.gov.hk").replace("Today's Press Releases", "Print this page")
    assert read_document(_write(tmp_path, "P2014.txt", english.encode())).text.startswith("Latest arrangements")


NEWS_PAGE = """跳到主要內容
:::
:::

新聞與活動

總統府新聞

114年01月13日
總統接見鳳凰獎楷模 盼共同打造更全方位、更具韌性的防救災體系
總統接見「113年『鳳凰獎』楷模得獎人」

賴清德總統今(13)日上午接見113年「鳳凰獎」楷模得獎人，感謝所有得獎人守護國人生命財產。
"""


def test_a_news_page_s_headline_under_its_date_is_the_title_and_the_date_its_date(tmp_path):
    document = read_document(_write(tmp_path, "38988.txt", NEWS_PAGE.encode()))
    assert document.title == "總統接見鳳凰獎楷模 盼共同打造更全方位、更具韌性的防救災體系"
    assert document.meta["date"] == "2025-01-13"
    # Headline, subtitle and first paragraph, each written on a line: three paragraphs, not one.
    assert document.text.split("\n\n")[3:6] == [
        "總統接見鳳凰獎楷模 盼共同打造更全方位、更具韌性的防救災體系", "總統接見「113年『鳳凰獎』楷模得獎人」",
        "賴清德總統今(13)日上午接見113年「鳳凰獎」楷模得獎人，感謝所有得獎人守護國人生命財產。"]


def test_a_taiwan_order_is_titled_by_its_head_not_by_the_number_under_its_date(tmp_path):
    order = "總統令\n中華民國113年5月15日\n華總一義字第11300044841號\n茲修正漁業法第二條條文，公布之。\n總統　賴清德\n"
    document = read_document(_write(tmp_path, "order.txt", order.encode()))
    assert (document.title, document.meta["agency"], document.meta["number"], document.meta["date"]) == (
        "總統令", "總統", "華總一義字第11300044841號", "2024-05-15")


def test_a_gazette_s_meeting_record_is_titled_by_its_whole_title_under_its_kind_and_dated_when_it_met(tmp_path):
    record = "\n\n".join(["委 員 會 紀 錄", "立法院第10屆第1會期某某委員會第26次全體委員會議紀錄",
                           "時  間 中華民國109年5月14日(星期四)14時30分至15時56分", "地  點 本院紅樓302會議室",
                           "主  席 某委員", "主席:出席委員8人,已足法定人數,現在開會。進行報告事項。"])
    document = read_document(_write(tmp_path, "record.txt", record.encode()))
    assert (document.title, document.meta["agency"], document.meta["date"]) == (
        "立法院第10屆第1會期某某委員會第26次全體委員會議紀錄", "立法院", "2020-05-14")
    assert document.text.split("\n\n")[2:4] == ["時 間 中華民國109年5月14日(星期四)14時30分至15時56分", "地 點 本院紅樓302會議室"]


def test_a_bill_s_papers_are_titled_by_the_draft_they_propose_and_dated_when_printed(tmp_path):
    papers = "\n".join(["立法院議案關係文書 （中華民國41年9月起編號）", "中華民國113年5月15日印發", "",
                        "院總第1150號 委員提案第10123號", "",
                        "案由：本院委員王某某等16人，有鑑於某某問題日益嚴重，爰擬具「某某法部分條文修正草案」。是否有當？敬請公決。",
                        "", "說明：", "一、某某。"])
    document = read_document(_write(tmp_path, "bill.txt", papers.encode()))
    assert (document.title, document.meta["agency"], document.meta["date"]) == ("某某法部分條文修正草案", "立法院",
                                                                                 "2024-05-15")
    assert document.text.split("\n\n")[1] == "中華民國113年5月15日印發"  # the day printed, a line of its own


def test_reading_a_text_never_loads_jieba_whose_dictionary_depends_on_the_process(tmp_path):
    # A reader's text must be the same in every process: jieba's dictionary is the process's (taught words, and a
    # cache the pipeline keeps private only once it teaches it), so no rule of reading may look a word up in it.
    page = tmp_path / "page.txt"
    page.write_text(NEWS_PAGE + "第一条 违反本法规定，销售能够伪造排放检验数据的装\n" + "置或者为虚假排放检验提供条件的设备的，" * 9 + "\n",
                    encoding="utf-8")
    script = ("import sys, jieba; from tongwen.index.readers import read_document; from pathlib import Path; "
              "read_document(Path(sys.argv[1])); print(jieba.dt.initialized)")
    done = subprocess.run([sys.executable, "-c", script, str(page)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


GOVERNMENT_PAGE = """您的瀏覽器不支援JavaScript功能,若部份網頁功能無法正常使用時,請開啟瀏覽器JavaScript狀態
友善列印 :
請利用鍵盤按住Ctrl + P開啟列印功能
字級設定 :

內政部會議

:::
內政部第1024次部務會議紀錄

日期:102-04-15

部長提示:
一、各單位應依限完成年度施政計畫之檢討，並將辦理情形送部彙整。
"""


def test_a_taiwan_government_page_is_titled_under_its_content_mark_and_dated_by_its_labelled_date(tmp_path):
    document = read_document(_write(tmp_path, "minutes.txt", GOVERNMENT_PAGE.encode()))
    assert document.title == "內政部第1024次部務會議紀錄"  # not the site's section above the mark, nor a widget
    assert document.meta["date"] == "2013-04-15"  # 102-04-15: the Republic's year, with dashes
    assert not any(w in document.text for w in ("友善列印", "字級設定", "Ctrl"))
    # A mark with nothing of the site's above it, or none: the title as before.
    bare = GOVERNMENT_PAGE.split("內政部會議\n\n", 1)[1]
    assert read_document(_write(tmp_path, "bare.txt", bare.encode())).title == "內政部第1024次部務會議紀錄"


def test_a_news_page_dated_before_the_republic_s_hundredth_year_is_titled_by_its_headline(tmp_path):
    page = NEWS_PAGE.replace("114年01月13日", "84年12月16日")
    document = read_document(_write(tmp_path, "22645.txt", page.encode()))
    assert document.title == "總統接見鳳凰獎楷模 盼共同打造更全方位、更具韌性的防救災體系"
    assert "84年12月16日" in document.text.split("\n\n")  # the date a line of its own
    assert document.meta["date"] == "1995-12-16"  # on a page in Traditional script, the Republic's 84th year


OLD_NEWS_PAGE = """跳到主要內容區塊
:::
:::

新聞與活動

總統今天接見兩位來訪的經濟學者
中華民國83年06月29日

總統今天下午接見兩位來訪的經濟學者，對他們的來訪表示歡迎之意。
晤談時，總統特別提及教育對國家未來發展的重要性。
"""


def test_a_news_page_of_the_older_layout_dated_under_its_headline_is_titled_and_dated_by_them(tmp_path):
    document = read_document(_write(tmp_path, "3505.txt", OLD_NEWS_PAGE.encode()))
    assert document.title == "總統今天接見兩位來訪的經濟學者"  # not the site's section above it
    assert document.meta["date"] == "1994-06-29"
    assert document.text.split("\n\n")[:3] == ["新聞與活動", "總統今天接見兩位來訪的經濟學者", "中華民國83年06月29日"]
    # A line over the date that a paragraph does not follow is no headline of this layout: the title as before.
    listing = OLD_NEWS_PAGE.replace("總統今天下午接見", "總統府新聞\n\n總統今天下午接見").replace(
        "總統今天接見兩位來訪的經濟學者\n", "本站最新消息與活動公告一覽\n", 1)
    listing = listing.replace("中華民國83年06月29日\n\n總統府新聞", "中華民國83年06月29日\n總統府新聞")
    assert read_document(_write(tmp_path, "list.txt", listing.encode())).title != "本站最新消息與活動公告一覽"


def test_a_portal_s_byline_of_date_and_source_over_the_headline_dates_the_page_and_the_headline_is_its_title(
        tmp_path):
    page = ("2025-02-03 | 中央社\n新春開工日 賴總統偕蕭副總統拜年祝蛇年行大運\n"
            "農曆春節假期過後第一個上班日,總統賴清德、副總統蕭美琴今天到總統府各局處室向上班人員拜年。\n")
    document = read_document(_write(tmp_path, "cna.txt", page.encode()))
    assert document.title == "新春開工日 賴總統偕蕭副總統拜年祝蛇年行大運"
    assert document.meta["date"] == "2025-02-03"
    assert document.text.split("\n\n")[1] == "新春開工日 賴總統偕蕭副總統拜年祝蛇年行大運"


@pytest.mark.parametrize("text, title", [
    # No section line above the date: the text's own first line reads as the title, as before.
    ("2024年1月5日\n\n关于开展检查的通知\n\n各区县：\n\n现通知如下。\n", "关于开展检查的通知"),
    # A salutation under the date is no headline.
    ("北京市教育委员会\n\n2024年1月5日\n\n各区教委：\n\n现将有关事项通知如下。\n", "北京市教育委员会"),
    # A long line above the date is text, not a site's section.
    ("本市将于近期开展全市范围的安全生产大检查工作\n\n2024年1月5日\n\n检查安排\n\n正文。\n",
     "本市将于近期开展全市范围的安全生产大检查工作"),
])
def test_a_date_line_without_a_news_page_s_sections_above_it_names_no_headline(tmp_path, text, title):
    assert read_document(_write(tmp_path, "doc.txt", text.encode())).title == title


def test_seed_000_reads_with_its_title_and_rejoined_words():
    document = _seed("000")
    assert document.title == "魅力海淀"
    assert "觀念的變革" in document.text and "海淀區立足" in document.text
    assert "- 1 -" not in document.text


def test_seed_004_reads_with_its_title_and_without_boilerplate():
    document = _seed("004")
    assert document.title == "海淀区“十三五”时期加强全国科技创新中心核心区建设规划"
    assert "浏览数" not in document.text
    assert (1, "三、主要任务") in [(h.level, h.text) for h in document.headings]


@pytest.mark.parametrize(
    ("prefix", "title"),
    [("001", "全国科技管理系统先进集体事迹简介"), ("002", "海淀区"), ("003", "新年伊始，万象更新")],
)
def test_every_seed_has_a_title(prefix, title):
    assert _seed(prefix).title == title


TAIWAN_LAW_PAGE = """法規名稱：個人資料保護法
修正日期：民國 112 年 05 月 31 日
生效狀態：※本法規部分或全部條文尚未生效
法規類別：行政 ＞ 法務部 ＞ 法律事務目
沿革：
1.中華民國八十四年八月十一日總統（84）華總（一）義字第 5960 號令制定公布全文 45 條
2.中華民國九十九年五月二十六日總統華總一義字第 09900125121 號令修正公布名稱及全文 56 條
第 一 章 總則
第 1 條
為規範個人資料之蒐集、處理及利用，以避免人格權受侵害，並促進個人資料之合理利用，特制定本法。
第 2 條
本法用詞，定義如下：
一、個人資料：指自然人之姓名、出生年月日、國民身分證統一編號。
第 3 條
當事人就其個人資料依本法規定行使之下列權利，不得預先拋棄或以特約限制之。
"""


def test_hard_wrapped_history_lines_of_a_taiwan_law_are_rejoined_each_amendment_a_paragraph(tmp_path):
    page = TAIWAN_LAW_PAGE.replace(
        "1.中華民國八十四年八月十一日總統（84）華總（一）義字第 5960 號令制定公布全文 45 條\n",
        "1.中華民國八十四年八月十一日總統（84）華總（一）義字第 5960 號令制定公\n  布全文 45 條\n").replace(
        "2.中華民國九十九年五月二十六日總統華總一義字第 09900125121 號令修正公布名稱及全文 56 條\n",
        "2.中華民國九十九年五月二十六日總統華總一義字第 09900125121 號令修正公布名稱\n  及全文 56 條\n")
    document = read_document(_write(tmp_path, "pdpa.txt", page.encode()))
    paragraphs = document.text.split("\n\n")
    at = paragraphs.index("沿革：")
    assert paragraphs[at + 1 : at + 4] == [
        "1.中華民國八十四年八月十一日總統（84）華總（一）義字第 5960 號令制定公布全文 45 條",
        "2.中華民國九十九年五月二十六日總統華總一義字第 09900125121 號令修正公布名稱及全文 56 條",
        "第 一 章 總則",
    ]


def test_a_taiwan_law_page_gives_its_named_title_ministry_date_and_status_and_keeps_its_fields_apart(tmp_path):
    document = read_document(_write(tmp_path, "pdpa.txt", TAIWAN_LAW_PAGE.encode()))
    assert document.title == "個人資料保護法"
    meta = document.meta
    assert (meta["agency"], meta["date"], meta["status"], meta["type"]) == (
        "法務部", "2023-05-31", "本法規部分或全部條文尚未生效", "法")
    # Dated as it stands (修正日期), the law is numbered by the order of its latest event, not its first.
    assert meta["number"] == "華總一義字第09900125121號"
    lines = document.text.split("\n\n")
    assert lines[:5] == ["法規名稱：個人資料保護法", "修正日期：民國 112 年 05 月 31 日", "生效狀態：※本法規部分或全部條文尚未生效",
                         "法規類別：行政＞法務部＞法律事務目", "沿革："]


# The national law database's data written out as Markdown, a field per line (no blank line between them): a
# layout public law-text collections use.
TAIWAN_LAW_MARKDOWN = """法規名稱：個人資料保護法
法規類別：法律 / 行政＞個人資料保護委員會籌備處＞通用目
修正日期：20251111
生效狀態：1.一百十二年五月三十一日增訂之第 1-1  條條文，施行日期，由行政院
  定之。
法規網址：https://law.moj.gov.tw/LawClass/LawAll.aspx?pcode=I0050021

   第 一 章 總則

第 1 條
為規範個人資料之蒐集、處理及利用，以避免人格權受侵害，並促進個人資料之合理利用，特制定本法。

第 1-1 條
本法之主管機關為個人資料保護委員會。

第 2 條
本法用詞，定義如下：
"""


@pytest.mark.parametrize(
    ("category", "more", "agency", "status", "date"),
    [
        ("法律 / 行政＞個人資料保護委員會籌備處＞通用目", "", "個人資料保護委員會籌備處", None, "2025-11-11"),
        # A Yuan's own office (院本部) is the Yuan; a branch with no organ under it is its own organ.
        ("法律 / 司法＞院本部＞刑事目", "", "司法院", None, "2025-11-11"),
        ("法律 / 立法", "", "立法院", None, "2025-11-11"),
        ("法律 / 國民大會（憲法國民大會章條文已停止適用）", "", "國民大會", None, "2025-11-11"),
        ("法律 / 總統＞國家安全會議＞組織目", "", "國家安全會議", None, "2025-11-11"),
        ("憲法 / 憲法", "", None, None, "2025-11-11"),
        # A repealed law says so twice: in its category and in 廢止說明.
        ("法律 / 廢止法規＞教育部", "廢止說明：廢\n", "教育部", "廢止", "2025-11-11"),
        ("法律 / 廢止法規＞院本部", "廢止說明：廢\n", None, "廢止", "2025-11-11"),
    ],
)
def test_a_taiwan_law_written_as_markdown_a_field_per_line_is_read_a_field_per_line(
        tmp_path, category, more, agency, status, date):
    page = TAIWAN_LAW_MARKDOWN.replace("法律 / 行政＞個人資料保護委員會籌備處＞通用目", category).replace(
        "法規網址：", more + "法規網址：")
    document = read_document(_write(tmp_path, "個人資料保護法.md", page.encode()))
    assert document.title == "個人資料保護法"
    meta = document.meta
    assert (meta.get("agency"), meta.get("status"), meta.get("date"), meta["type"]) == (agency, status, date, "法")
    assert meta["url"] == "https://law.moj.gov.tw/LawClass/LawAll.aspx?pcode=I0050021"
    paragraphs = document.text.split("\n\n")
    # The wrapped note stays one field: a note on when articles take effect is no status.
    assert paragraphs[:2] == ["法規名稱：個人資料保護法", f"法規類別：{category}"]
    assert "生效狀態：1.一百十二年五月三十一日增訂之第 1-1 條條文，施行日期，由行政院定之。" in paragraphs
    # An article's marker alone on its line heads its article, not the start of its first sentence.
    assert paragraphs[paragraphs.index("第 1-1 條") + 1] == "本法之主管機關為個人資料保護委員會。"


def test_a_taiwan_law_page_s_wrapped_note_on_when_articles_take_effect_is_no_status(tmp_path):
    page = TAIWAN_LAW_PAGE.replace("生效狀態：※本法規部分或全部條文尚未生效",
                                   "生效狀態：一百十四年一月二十四日修正第 2、3、6~8、18、19、21 條條文及增訂\n"
                                   "第 4-1 條條文，施行日期由行政院定之。")
    document = read_document(_write(tmp_path, "pdpa.txt", page.encode()))
    assert (document.title, document.meta["agency"]) == ("個人資料保護法", "法務部")
    assert "status" not in document.meta


def test_a_field_dated_before_1949_is_dated_and_a_category_line_gives_no_type(tmp_path):
    page = "法規名稱：監督寺廟條例\n法規類別：法律 / 行政＞內政部＞宗教及禮制目\n修正日期：19291207\n\n第 1 條\n凡有僧道住持之宗教上建築物。\n"
    document = read_document(_write(tmp_path, "監督寺廟條例.md", page.encode()))
    assert (document.meta["date"], document.meta["type"]) == ("1929-12-07", "条例")
    # An order filed under the constitution: its name gives no type, and 憲法 / 憲法 (ending in 法) is no title.
    page = "法規名稱：全國戒嚴令\n法規類別：憲法 / 憲法\n修正日期：19490707\n\n茲據行政院呈請，宣告全國戒嚴。\n"
    document = read_document(_write(tmp_path, "全國戒嚴令.md", page.encode()))
    assert "type" not in document.meta and "agency" not in document.meta


HK_RELEASE = """立法會十八題：公共圖書館服務
＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊

　　以下是今日（五月十五日）在立法會會議上葉議員的提問和民政及青年事務局局長的書面答覆：

問題：

　　關於公共圖書館的電子資源及軟體服務，政府可否告知本會：

答覆：

　　公共圖書館的網路服務使用人次每年約為二千萬。

完

2024年5月15日（星期三）
香港時間12時00分
"""

HK_RELEASE_EN = """LCQ18: Public library services
******************************

     Following is a question by a Member and a written reply by the Secretary for Home and Youth Affairs in
the Legislative Council today (May 15):

Reply:

President,
     The online services of public libraries are used about 20 million times a year.

Ends/Wednesday, May 15, 2024
Issued at HKT 12:00
"""


@pytest.mark.parametrize("name, release, text", [
    ("zh.txt", HK_RELEASE,
     "立法會十八題：公共圖書館服務\n\n以下是今日（五月十五日）在立法會會議上葉議員的提問和民政及青年事務局局長的書面答覆：\n\n問題：\n\n"
     "關於公共圖書館的電子資源及軟體服務，政府可否告知本會：\n\n答覆：\n\n公共圖書館的網路服務使用人次每年約為二千萬。\n\n"
     "2024年5月15日（星期三）"),
    ("en.txt", HK_RELEASE_EN,
     "LCQ18: Public library services\n\nFollowing is a question by a Member and a written reply by the Secretary for "
     "Home and Youth Affairs in the Legislative Council today (May 15):\n\nReply:\n\nPresident, The online services "
     "of public libraries are used about 20 million times a year.\n\nEnds/Wednesday, May 15, 2024"),
])
def test_a_hong_kong_release_is_dated_by_its_end_line_and_loses_its_rule_end_mark_and_hour(tmp_path, name, release,
                                                                                            text):
    document = read_document(_write(tmp_path, name, release.encode()))
    assert document.title == text.split("\n")[0]
    assert (document.meta.get("date"), document.meta.get("year")) == ("2024-05-15", 2024)
    assert document.text == text


def test_a_title_printed_twice_is_one_title(tmp_path):
    title = "关于做好春耕生产工作的通知"
    text = f"{title}\n\n{title}\n\n各乡镇人民政府：\n\n现就做好春耕生产工作通知如下。\n\n某某县人民政府\n\n2024年3月1日\n"
    document = read_document(_write(tmp_path, "notice.txt", text.encode()))
    assert document.title == title and document.meta["type"] == "通知"


ARTICLES = ("第一条　为了加强药品管理，保证药品质量，保障公众用药安全和合法权益，保护和促进公众健康，制定本法。\n"
            "第二条　在中华人民共和国境内从事药品研制、生产、经营、使用和监督管理活动，适用本法。\n"
            "第三条　药品管理应当以人民健康为中心，坚持风险管理、全程管控、社会共治的原则，建立科学、严格的监督管理制度。")


def test_a_legal_database_export_saved_as_text_keeps_its_header_as_metadata_not_as_text(tmp_path):
    export = tmp_path / "export.txt"
    export.write_text("中华人民共和国药品管理法\n【法宝引证码】CLI.1.334862\n制定机关：全国人民代表大会常务委员会 机构沿革\n"
                      "发文字号：中华人民共和国主席令第31号\n公布日期：2019.08.26\n施行日期：2019.12.01\n时效性：现行有效\n"
                      "效力位阶：法律\n收起\n引用本法\n全部\n未修改\n中华人民共和国药品管理法\n"
                      f"{ARTICLES}\n复制全文\n下载PDF\n微信扫码阅读\n", encoding="utf-8")
    document = read_document(export)
    assert document.title == "中华人民共和国药品管理法"
    assert document.text == "中华人民共和国药品管理法\n\n" + ARTICLES.replace("　", " ").replace("\n", "\n\n")
    golden = {"agency": "全国人民代表大会常务委员会", "number": "中华人民共和国主席令第31号", "date": "2019-08-26",
              "effective": "2019-12-01", "status": "现行有效", "level": "法律", "type": "法", "citation": "CLI.1.334862"}
    assert {key: document.meta.get(key) for key in golden} == golden


def test_a_government_page_copied_as_text_with_its_information_list_is_titled_and_dated_by_it(tmp_path):
    page = tmp_path / "notice.txt"
    page.write_text("索引号：000014349/2024-00012\n主题分类：综合政务\n发文机关：国务院办公厅\n成文日期：2024年03月01日\n"
                    "标题：国务院办公厅关于优化政务服务的通知\n发文字号：国办发〔2024〕5号\n发布日期：2024年03月05日\n\n"
                    "国务院办公厅关于优化政务服务的通知\n各省、自治区、直辖市人民政府：\n现将有关事项通知如下。\n国务院办公厅\n"
                    "2024年3月1日\n", encoding="utf-8")
    document = read_document(page)
    assert document.title == "国务院办公厅关于优化政务服务的通知"
    golden = {"agency": "国务院办公厅", "number": "国办发〔2024〕5号", "date": "2024-03-01", "type": "通知"}
    assert {key: document.meta.get(key) for key in golden} == golden
    assert document.text.startswith("国务院办公厅关于优化政务服务的通知\n\n各省、") and "索引号" not in document.text


_MODULE = b'"""A reader."""\nimport re\n\n\ndef read(x):\n    """Read it."""\n    # why\n    return re.sub("a", "b", x)  # note\n'


@pytest.mark.parametrize("edited, same", [
    (b'"""A reader, reworded\nover two lines."""\nimport re\n\ndef read(x):\n    """Other words."""\n'
     b'    return re.sub("a", "b", x)\n', True),
    (b'import re\n\n\ndef read(x):\n    return re.sub(\n        "a", "b", x)\n', True),
    (b'"""A reader."""\nimport re\n\n\ndef read(x):\n    """Read it."""\n    return re.sub("a", "c", x)\n', False),
    (b'"""A reader."""\nimport re\nX = "a"\n\ndef read(x):\n    """Read it."""\n    return re.sub("a", "b", x)\n', False),
])
def test_the_readers_meaning_ignores_comments_blank_lines_and_docstrings_and_nothing_else(edited, same):
    from tongwen.index.readers import code_meaning

    assert (code_meaning([("m.py", _MODULE)]) == code_meaning([("m.py", edited)])) is same


# A provincial notice as a legal site's export writes it to a text file: its fields, then the article's markup.
MARKUP_TEXT = ("发文机关:山西省人民政府\n发布日期:2018年03月27\n时效性 :现行有效\n文号 :晋政发〔2018〕13号\n"
               '<p>各市、县人民政府，省人民政府各委、办、厅、局：</p><p>　现将《山西省促进城乡居民增收的实施方案》印发给你们，'
               '请认真组织实施。</p><p style="text-align: right;">山西省人民政府</p><p style="text-align: right;">'
               "2018年3月27日</p><p><br/></p><p style=\"text-align: center;\"><strong>山西省促进城乡居民增收的实施方案"
               "</strong></p><p><br/></p><p>　根据《国务院关于激发重点群体活力的实施意见》精神，结合我省\n实际，"
               "制定本方案。</p><p><strong>一、指导思想</strong></p><p>坚持&ldquo;以人民为中心&rdquo;&nbsp;的发展思想。</p>")


def test_a_text_file_holding_an_article_s_markup_is_read_without_it_one_paragraph_per_block(tmp_path):
    document = read_document(_write(tmp_path, "sx.txt", MARKUP_TEXT.encode()))
    assert document.text.split("\n\n") == [
        "发文机关:山西省人民政府", "发布日期:2018年03月27", "时效性 :现行有效", "文号 :晋政发〔2018〕13号",
        "各市、县人民政府，省人民政府各委、办、厅、局：", "现将《山西省促进城乡居民增收的实施方案》印发给你们，请认真组织实施。",
        "山西省人民政府", "2018年3月27日", "山西省促进城乡居民增收的实施方案",
        "根据《国务院关于激发重点群体活力的实施意见》精神，结合我省实际，制定本方案。", "一、指导思想",
        "坚持“以人民为中心”的发展思想。"]
    # It opens with its addressees: it goes by the title of the plan it forwards, printed on its own line below.
    assert document.title == "山西省促进城乡居民增收的实施方案"
    assert (document.meta["number"], document.meta["date"], document.meta["type"]) == ("晋政发〔2018〕13号", "2018-03-27", "方案")


def test_a_text_that_names_a_tag_or_two_keeps_them_as_words(tmp_path):
    text = "网页编写规范\n\n段落用<p>标记，换行用<br>标记。"
    assert read_document(_write(tmp_path, "spec.txt", text.encode())).text == text


def test_a_reprint_site_s_copy_prints_its_letterhead_once_and_is_titled_under_it(tmp_path):
    page = ("湖南省人民政府办公厅文件\n\n时间:2019-05-14 10:45:55下载本文作者:会员上传\n\n湖南省人民政府办公厅文件\n\n"
            "湘政办发〔2009〕24号\n\n湖南省人民政府办公厅关于加强普通高等学校\n\n毕业生就业工作的通知\n\n"
            "各市州、县市区人民政府，省政府各厅委、各直属机构：\n\n现就加强普通高等学校毕业生就业工作有关问题通知如下。\n")
    document = read_document(_write(tmp_path, "hunan.txt", page.encode()))
    assert document.text.split("\n\n")[:3] == ["湖南省人民政府办公厅文件", "湘政办发〔2009〕24号",
                                                "湖南省人民政府办公厅关于加强普通高等学校毕业生就业工作的通知"]
    assert document.title == "湖南省人民政府办公厅关于加强普通高等学校毕业生就业工作的通知"
    assert (document.meta["agency"], document.meta["type"]) == ("湖南省人民政府办公厅", "通知")


def test_a_release_page_set_with_its_characters_spaced_out_is_titled_by_its_headline_and_dated(tmp_path):
    page = ("跳至內容的開始\n\n新聞發布\n\n新聞發布\n\n\n回 應 鄭 家 富 議 員 的 評 論\n* * * * * * * * * *\n\n"
            "回 應 傳 媒 查 詢 ， 政 制 事 務 局 發 言 人 表 示 ：\n\n「 政 制 發 展 專 責 小 組 的 成 立 反 映 特 區 政 府 的 重 視 。\n\n"
            "二 ○ ○ 四 年 四 月 二 十 一 日 ( 星 期 三 )\n\n回上頁\n")
    document = read_document(_write(tmp_path, "hk.txt", page.encode()))
    assert document.title == "回應鄭家富議員的評論"
    assert (document.meta["date"], document.meta["year"]) == ("2004-04-21", 2004)  # its date line, spaced out too
    assert document.text.split("\n\n")[:2] == ["新聞發布", "回 應 鄭 家 富 議 員 的 評 論"]


# A regulation as a reprint site saves it: its trail, its title, the site's byline and download link, the title again
# over the issuer the site names, once more over the order that promulgated it, set on two lines.
REPRINTED_REGULATION = """您的位置: 首页 » 法律资料网 » 法律法规 »

珠海市听证条例

时间:2024-07-23 15:15:41 来源: 法律资料网 作者:法律资料网 阅读:8077
下载地址: 点击此处下载

珠海市听证条例

广东省珠海市人大常委会


珠海市听证条例

珠海市人民代表大会常务委员会公告

第三十七号

  珠海市人民代表大会常务委员会第十一次会议于2001年10月17日审议通过的《珠海市听证条例》业经广东省人民代表大会常务委员会批准,现予公布,自2002年1月1日起施行。

珠海市人民代表大会常务委员会

2001年12月26日

第一章 总 则
  第一条 为了规范听证活动,制定本条例。
"""


def test_a_reprint_site_s_copy_of_a_regulation_reads_as_the_regulation(tmp_path):
    document = read_document(_write(tmp_path, "sz.txt", REPRINTED_REGULATION.encode()))
    assert document.title == "珠海市听证条例"
    assert document.text.split("\n\n")[:3] == ["珠海市听证条例", "广东省珠海市人大常委会", "珠海市人民代表大会常务委员会公告第三十七号"]
    meta = document.meta
    assert (meta["agency"], meta["number"], meta["effective"], meta["type"]) == (
        "珠海市人民代表大会常务委员会", "珠海市人民代表大会常务委员会公告第三十七号", "2002-01-01", "条例")


# A journal article as a legal database exports it: its buttons, its fields in 【】 (the journal's, its author's), and
# where its text begins, with the database's citation code.
JOURNAL_EXPORT = """查找:                      转第 显示法宝之窗 隐藏相关资料 下载下载 收藏收藏 打印打印 小字 小字 大字 大字
【期刊名称】 《行政法研究》
论行政协议的识别标准
【作者】 张三【作者单位】 某某大学法学院{教授}
【中文关键词】 行政协议;识别标准
【期刊年份】 2019年【期号】 3
【页码】 12
【摘要】 行政协议的识别关系到行政诉讼的受案范围。
【全文】法宝引证码CLI.A.1234567
  行政诉讼法修改后，行政协议纳入了受案范围。
"""


def test_a_journal_article_exported_from_a_legal_database_is_titled_and_cited_without_its_buttons(tmp_path):
    document = read_document(_write(tmp_path, "article.txt", JOURNAL_EXPORT.encode()))
    assert document.title == "论行政协议的识别标准"
    assert (document.meta["citation"], document.meta["year"]) == ("CLI.A.1234567", 2019)
    assert "法宝之窗" not in document.text and "法宝引证码" not in document.text
    # The journal, the author and the abstract are what a reader searches for: they stay text.
    assert "《行政法研究》" in document.text and "张三" in document.text and "受案范围" in document.text


# Macao's official gazette, one act saved as text: a link to the Portuguese text, the act's name, its text, the day
# it was made and the Chief Executive's order that it be published. A page of the gazette's site sets its office,
# the act's name after 法規:, its issue and date above the same text.
MACAO_ACT_TEXT = ("葡文版本\n\n第57/2016號行政命令\n\n行政長官行使《澳門特別行政區基本法》第五十條(四)項規定的職權,發佈本行政命令。\n\n"
                  "由經濟財政司司長臨時代理行政長官的職務。\n\n二零一六年九月二日。\n\n命令公佈。\n\n行政長官 崔世安\n")
MACAO_GAZETTE_PAGE = ("澳 門 特 別 行 政 區\n\n行政長官辦公室\n\n法規:\n\n第90/2023號行政命令\n\n公報編號:\n\n50/2023\n\n"
                      "刊登日期:\n\n2023.12.15\n\n第90/2023號行政命令\n\n行政長官行使《澳門特別行政區基本法》規定的職權,發佈本行政命令。\n\n"
                      "二零二三年十二月十四日\n\n命令公佈。\n\n行政長官 賀一誠\n")


@pytest.mark.parametrize("text, title, date", [(MACAO_ACT_TEXT, "第57/2016號行政命令", "2016-09-02"),
                                               (MACAO_GAZETTE_PAGE, "第90/2023號行政命令", "2023-12-14")])
def test_a_macao_act_is_titled_and_numbered_by_its_name_dated_by_the_day_it_was_made_and_issued_by_its_signer(tmp_path, text, title, date):
    document = read_document(_write(tmp_path, "act.txt", text.encode()))
    assert document.title == title
    assert (document.meta["number"], document.meta["date"]) == (title, date)
    assert document.meta["agency"] == "行政長官"  # the office that signs it, its holder's name after it
    assert "葡文版本" not in document.text
