"""The HTML reader: a portal page becomes its article, in whatever Chinese encoding it was served."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongwen.index.errors import UnreadableFile
from tongwen.index.readers import read_document
from tongwen.index.readers.html import decode_html, looks_like_html, read_html
from tests.fixtures_formats import (
    AGENCY,
    DATE_LINE,
    GOAL,
    HTML_BOILERPLATE,
    INTRO,
    NUMBER,
    SUPPORT,
    TASK,
    TITLE,
    government_page_html,
    read_or_refused,
)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.fixture
def gbk_page(tmp_path):
    return read_document(_write(tmp_path, "notice.html", government_page_html("gbk").encode("gbk")))


def test_a_gbk_government_page_reads_as_its_article_and_nothing_of_the_portal(gbk_page):
    for phrase in HTML_BOILERPLATE:
        assert phrase not in gbk_page.text, phrase
    for sentence in (INTRO, GOAL, TASK, SUPPORT):
        assert sentence in gbk_page.text
    assert gbk_page.format == "html"
    assert gbk_page.meta["encoding"] == "gb18030"


def test_the_article_text_starts_with_its_title_and_ends_with_its_signature(gbk_page):
    assert gbk_page.title == TITLE
    assert gbk_page.text.startswith(TITLE + "\n\n" + NUMBER + "\n\n")
    assert gbk_page.text.endswith(AGENCY + "\n\n" + DATE_LINE)


def test_headings_of_the_page_are_its_h2_and_h3_with_levels_from_one(gbk_page):
    outline = [(h.level, h.text, gbk_page.text[h.start:h.end]) for h in gbk_page.headings]
    assert outline == [
        (1, "一、总体目标", "一、总体目标"),
        (1, "二、重点任务", "二、重点任务"),
        (2, "（一）强化原始创新", "（一）强化原始创新"),
        (2, "（二）加大资金支持", "（二）加大资金支持"),
    ]


def test_a_data_table_becomes_one_line_per_row_with_cells_between_bars(gbk_page):
    assert "序号 | 任务 | 责任单位\n\n1 | 共建新型研发机构 | 区科委\n\n2 | 设立专项资金 | 区财政局" in gbk_page.text


def test_policy_metadata_comes_from_the_text_and_the_page_meta_tags(gbk_page):
    meta = gbk_page.meta
    assert meta["agency"] == AGENCY
    assert meta["number"] == NUMBER
    assert meta["date"] == "2016-11-17"  # the signature's date, not the portal's publication date
    assert meta["year"] == 2016
    assert meta["type"] == "意见"
    assert meta["source"] == "区政府办"


def test_a_source_line_break_inside_a_paragraph_leaves_no_gap_between_chinese_characters(gbk_page):
    # The fixture breaks INTRO across two source lines; a browser would show one run of text.
    assert INTRO in gbk_page.text


def test_a_page_declared_gb2312_may_use_characters_only_gbk_has(tmp_path):
    page = government_page_html("gb2312").replace(SUPPORT, "朱镕基同志题词的“喆”“堃”两字。")
    document = read_document(_write(tmp_path, "gb2312.htm", page.encode("gbk")))
    assert "朱镕基同志题词的“喆”“堃”两字。" in document.text
    assert document.meta["encoding"] == "gb18030"


def test_an_undeclared_gbk_page_is_decoded_by_detection(tmp_path):
    page = government_page_html(declare=False)
    document = read_document(_write(tmp_path, "plain.shtml", page.encode("gbk")))
    assert document.title == TITLE
    assert INTRO in document.text


def test_a_charset_declaration_that_lies_gives_way_to_detection(tmp_path):
    page = government_page_html("utf-8")
    document = read_document(_write(tmp_path, "lying.html", page.encode("gb18030")))
    assert document.title == TITLE
    assert GOAL in document.text


def test_a_big5_page_in_traditional_script_keeps_its_script(tmp_path):
    page = opencc.OpenCC("s2tw").convert(government_page_html("big5"))
    document = read_document(_write(tmp_path, "big5.html", page.encode("big5")))
    traditional_title = opencc.OpenCC("s2tw").convert(TITLE)
    assert document.title == traditional_title
    assert "網站首頁" not in document.text and "瀏覽次數" not in document.text
    assert document.meta["agency"] == "北京市海淀區人民政府"
    assert document.meta["number"] == "海政發〔2016〕40號"
    assert document.meta["type"] == "意见"


def test_a_txt_file_that_is_really_a_web_page_is_read_as_html(tmp_path):
    document = read_document(_write(tmp_path, "saved-page.txt", government_page_html().encode("gbk")))
    assert document.format == "html"
    assert "<div" not in document.text and "var _hmt" not in document.text
    assert document.title == TITLE


def test_a_container_named_like_furniture_is_kept_when_it_holds_the_article(tmp_path):
    body = "".join(f"<p>第{n}段：{GOAL}</p>" for n in range(1, 4))
    page = f"<html><head><meta charset='utf-8'><title>规划</title></head><body><div class='top'>{body}</div></body></html>"
    document = read_document(_write(tmp_path, "odd.html", page.encode("utf-8")))
    assert document.text.count(GOAL) == 3


def test_a_list_of_links_is_navigation_but_a_paragraph_with_a_link_is_text(tmp_path):
    page = (
        "<html><head><meta charset='utf-8'></head><body>"
        "<ul><li><a href='/1'>相关文章一</a></li><li><a href='/2'>相关文章二</a></li><li><a href='/3'>相关文章三</a></li></ul>"
        f"<p>{TASK}详见<a href='/rule.html'>管理办法全文</a>。</p></body></html>"
    )
    document = read_document(_write(tmp_path, "links.html", page.encode("utf-8")))
    assert "相关文章" not in document.text
    assert "详见管理办法全文。" in document.text


def test_a_br_breaks_a_line_and_a_layout_table_is_not_written_as_cells(tmp_path):
    long_cell = TASK * 5
    page = (
        "<html><head><meta charset='utf-8'></head><body><table><tr><td>"
        f"<p>{long_cell}</p><p>第二段。</p><p>第三段。</p></td><td>侧栏</td></tr></table>"
        "<p>第一行<br>第二行</p></body></html>"
    )
    document = read_document(_write(tmp_path, "layout.html", page.encode("utf-8")))
    assert " | " not in document.text
    assert long_cell in document.text
    assert "第一行\n\n第二行" in document.text


def test_the_title_falls_back_from_meta_tags_to_h1_to_the_title_element(tmp_path):
    meta_page = f"<html><head><meta property='og:title' content='甲方案'><title>乙_网站</title></head><body><h1>丙</h1><p>{GOAL}</p></body></html>"
    h1_page = f"<html><head><title>乙_网站</title></head><body><h1>丙办法</h1><p>{GOAL}</p></body></html>"
    title_page = f"<html><head><title>关于开展检查的通知_北京市海淀区人民政府网站</title></head><body><p>{GOAL}</p></body></html>"
    titles = [read_document(_write(tmp_path, f"t{n}.html", page.encode("utf-8"))).title
              for n, page in enumerate((meta_page, h1_page, title_page))]
    assert titles == ["甲方案", "丙办法", "关于开展检查的通知"]


def test_a_page_with_nothing_but_furniture_is_unreadable(tmp_path):
    page = "<html><head><meta charset='utf-8'><script>var a = 1;</script></head><body><div class='footer'>版权所有</div></body></html>"
    with pytest.raises(UnreadableFile, match="no text"):
        read_document(_write(tmp_path, "empty.html", page.encode("utf-8")))


def test_a_byte_order_mark_outranks_the_declared_charset():
    page = "<html><head><meta charset='gbk'></head><body><p>海淀</p></body></html>"
    text, encoding = decode_html("\ufeff".encode("utf-8") + page.encode("utf-8"))
    assert "海淀" in text and encoding == "utf-8"


def test_a_page_saved_as_utf8_after_being_read_as_latin_1_is_read_as_it_was_written():
    # A crawler read a GBK page as Latin-1 and saved it as UTF-8, with a charset that now tells the truth.
    body = "关于印发海淀区科技创新专项资金管理办法的通知。各有关单位：现将办法印发给你们，请认真贯彻执行。"
    page = f"<html><head><meta charset='utf-8'></head><body><p>{body.encode('gbk').decode('latin-1')}</p></body></html>"
    text, encoding = decode_html(page.encode("utf-8"))
    assert body in text and encoding == "gb18030 (repaired from Latin-1)"
    # The crawler kept the page's own charset: GB18030 reads UTF-8's byte pairs as characters, and is not believed.
    text, encoding = decode_html(page.replace("utf-8", "gb2312").encode("utf-8"))
    assert body in text and encoding == "gb18030 (repaired from Latin-1)"


def test_only_markup_with_an_html_element_or_doctype_is_recognised_as_a_page():
    assert looks_like_html(b"\xef\xbb\xbf  <!DOCTYPE html><html>")
    assert looks_like_html("<html><body>海淀</body></html>".encode("utf-16"))
    assert not looks_like_html("海淀区的<html>标签说明".encode("utf-8"))
    assert not looks_like_html(b"<note>not a page</note>")


def test_a_counter_in_a_paragraph_goes_but_a_sentence_mentioning_a_qr_code_stays(tmp_path):
    page = (
        "<html><head><meta charset='utf-8'></head><body>"
        "<p>发布时间：2016-11-18　浏览次数：2003</p>"
        f"<p>{GOAL}</p><p>市民可扫描二维码在线办理。</p></body></html>"
    )
    document = read_document(_write(tmp_path, "counter.html", page.encode("utf-8")))
    assert "浏览次数" not in document.text
    assert "市民可扫描二维码在线办理。" in document.text


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400), st.sampled_from([b"", b"<html><body>", b"<meta charset='gbk'><p>"]))
def test_any_bytes_give_a_document_or_unreadable_file_never_a_crash(data, prefix):
    document = read_or_refused(lambda: read_html(Path("any.html"), prefix + data))
    assert document is None or (document.format == "html" and document.text.strip())


def test_a_stray_end_of_page_after_the_site_header_does_not_end_the_article(tmp_path):
    page = ("<html><head><meta charset='utf-8'><title>国务院公报</title></head><body><div id='header'>国务院公报 首页</div>"
            "</body></html>\n<div class='article'><h1>关于批准发行特别国债的决定</h1>"
            "<p>批准发行15500亿元特别国债，用于支持重大项目建设。</p><p>本决定自公布之日起施行。</p></div></body></html>")
    path = tmp_path / "gazette.html"
    path.write_text(page, encoding="utf-8")
    document = read_document(path)
    assert "批准发行15500亿元特别国债" in document.text
    assert "本决定自公布之日起施行。" in document.text


TABLE_LAYOUT_PAGE = """<html><head><meta charset="utf-8"><title>关于做好2024年春耕生产工作的通知_某某县人民政府</title></head><body>
<table width="100%"><tr><td><a href="#">添加收藏夹</a></td><td><a href="#">设为首页</a></td><td><a href="#">联系我们</a></td><td>2024年3月1日 星期五</td></tr></table>
<table width="980"><tr><td>
  <table><tr><td><a href="/">首页</a></td><td><a href="/zw">政务公开</a></td><td><a href="/fw">办事服务</a></td><td><a href="/hd">互动交流</a></td></tr></table>
  <table><tr><td>
    <div class="title">关于做好2024年春耕生产工作的通知</div>
    <div>发布时间：2024-03-01 浏览次数: 2168</div>
    <p>各乡镇人民政府，县直有关单位：</p>
    <p>为切实做好今年春耕生产工作，确保粮食生产稳定发展，现就有关事项通知如下。</p>
    <p>一、提高思想认识。春耕生产是全年农业生产的关键环节，各地要高度重视。</p>
    <p>二、强化物资保障。要做好种子、化肥、农药等农资的调剂供应工作。</p>
    <p>某某县人民政府办公室</p><p>2024年3月1日</p>
  </td></tr></table>
  <table><tr><td>推荐阅读</td></tr><tr><td><a href="/a">县政府召开常务会议</a>【详细】</td></tr><tr><td><a href="/b">春季植树造林工作部署</a>【详细】</td></tr></table>
</td></tr></table>
<table><tr><td>版权所有：某某县人民政府 地址：某某路1号 ICP备12345号</td></tr></table>
</body></html>
"""


@pytest.mark.parametrize("heading", ["推荐阅读", "相关推荐", "相關推薦"])
def test_a_table_laid_out_page_keeps_its_article_without_navigation_counters_or_related_links(tmp_path, heading):
    page = TABLE_LAYOUT_PAGE.replace("<td>推荐阅读</td>", f"<td>{heading}</td>")
    document = read_document(_write(tmp_path, "page.html", page.encode()))
    assert document.title == "关于做好2024年春耕生产工作的通知"
    text = document.text
    assert text.startswith("关于做好2024年春耕生产工作的通知\n\n各乡镇人民政府，县直有关单位：")
    assert text.endswith("某某县人民政府办公室\n\n2024年3月1日")
    for furniture in ("添加收藏夹", "设为首页", "政务公开", "浏览次数", heading, "【详细】", "县政府召开常务会议", "版权所有"):
        assert furniture not in text


# A 信息公开 page of a district portal: the information table above the document, in cells; the document itself
# restates neither its issuer, its number nor its date, and the page title carries the site's name.
INFO_TABLE_PAGE = """<!DOCTYPE html>
<html><head><meta charset="gbk"><title>关于印发海淀区数字经济发展行动方案的通知-海淀区人民政府网站</title></head>
<body><div id="main"><div class="content">
<table class="xxgk_info">
<tr><td>索&nbsp;&nbsp;引&nbsp;&nbsp;号：</td><td>11010800000000/2023-00123</td><td>信息分类：</td><td>规划计划</td></tr>
<tr><td>发布机构：</td><td>北京市海淀区人民政府办公室</td><td>生成日期：</td><td>2023-03-15</td></tr>
<tr><td>名　　称：</td><td colspan="3">关于印发海淀区数字经济发展行动方案的通知</td></tr>
<tr><td>文号：</td><td>海政办发〔2023〕5号</td><td>有效性：</td><td>有效</td></tr>
<tr><td>发布日期：</td><td>2023-03-20</td><td>实施日期：</td><td>2023-04-01</td></tr>
</table>
<h2>关于印发海淀区数字经济发展行动方案的通知</h2>
<p>各街道办事处、各镇人民政府，区政府各委、办、局，各区属机构：</p>
<p>经区政府同意，现将《海淀区数字经济发展行动方案》印发给你们，请认真贯彻落实。</p>
<p>一、发展目标。到2025年，数字经济核心产业增加值占地区生产总值比重达到百分之五十。</p>
</div></div></body></html>"""

# The same fields as a list of labelled items, in Traditional script, as some portals lay them out.
INFO_LIST_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>數位發展行動方案</title></head><body>
<ul class="info"><li>發文機關：臺北市政府</li><li>發文字號：府授資字第11230012號</li><li>成文日期：2023-08-01</li>
<li>主題分類：資訊</li></ul>
<h1>臺北市數位發展行動方案</h1>
<p>為推動軟體產業與網路服務發展，特訂定本方案。</p>
</body></html>"""

# An article that states its number and date on labelled lines of its own, amid its text: no table to remove.
LABELLED_ARTICLE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>通知</title></head><body><div class="content">
<h1>关于开展科技创新券申报工作的通知</h1>
<p>发文字号：海科发〔2024〕2号</p><p>成文日期：2024年2月1日</p><p>发文机关：北京市海淀区科学技术委员会</p>
<p>各有关单位：为支持中小企业开展研发活动，现将科技创新券申报工作通知如下。</p>
</div></body></html>"""


def test_an_information_table_gives_the_fields_it_states_and_leaves_no_line_in_text_or_title(tmp_path):
    document = read_document(_write(tmp_path, "info.html", INFO_TABLE_PAGE.encode("gbk")))
    meta = document.meta
    golden = {"title": "关于印发海淀区数字经济发展行动方案的通知", "agency": "北京市海淀区人民政府办公室",
              "number": "海政办发〔2023〕5号", "date": "2023-03-15", "year": 2023, "effective": "2023-04-01",
              "status": "有效", "type": "通知"}
    assert {key: meta.get(key) for key in golden} == golden
    assert document.title == golden["title"]
    assert document.text == (
        "关于印发海淀区数字经济发展行动方案的通知\n\n各街道办事处、各镇人民政府，区政府各委、办、局，各区属机构：\n\n"
        "经区政府同意，现将《海淀区数字经济发展行动方案》印发给你们，请认真贯彻落实。\n\n"
        "一、发展目标。到2025年，数字经济核心产业增加值占地区生产总值比重达到百分之五十。")


def test_an_information_list_in_traditional_script_is_read_and_removed_too(tmp_path):
    document = read_document(_write(tmp_path, "info.html", INFO_LIST_PAGE.encode()))
    golden = {"agency": "臺北市政府", "number": "府授資字第11230012號", "date": "2023-08-01", "year": 2023}
    assert {key: document.meta.get(key) for key in golden} == golden
    assert document.title == "臺北市數位發展行動方案"
    assert document.text == "臺北市數位發展行動方案\n\n為推動軟體產業與網路服務發展，特訂定本方案。"


# The State Council's layout: the information table, then its 主题词 row in a table of its own beside it, then the
# document with its title set centred over three paragraphs, its number on a line of its own.
SPLIT_TABLE_PAGE = """<html><head><meta charset="utf-8"></head><body><div class="wrap"><table><tr><td>
<table class="bd1">
<tr><td><b>索 引 号：</b></td><td>000014349/2021-00088</td><td><b>主题分类：</b></td><td>城乡建设、环境保护</td></tr>
<tr><td><b>发文机关：</b></td><td>国务院办公厅</td><td><b>成文日期：</b></td><td>2021年06月02日</td></tr>
<tr><td><b>标　　题：</b></td><td colspan="3">国务院办公厅对区人大代表关于城市绿道建设建议的答复</td></tr>
<tr><td><b>发文字号：</b></td><td>国办函〔2021〕58号</td><td><b>发布日期：</b></td><td>2021年06月09日</td></tr>
</table>
<table class="bd1"><tr><td><b>主 题 词：</b></td><td>绿道 答复</td><td></td><td></td></tr></table>
</td></tr></table>
<table><tr><td id="UCAP-CONTENT">
<p style="text-align: center;">国务院办公厅对区人大代表</p>
<p style="text-align: center;">关于城市绿道建设建议</p>
<p style="text-align: center;">的答复</p>
<p style="text-align: center;">国办函〔2021〕58号</p>
<p>张某某代表：</p>
<p>您提出的关于城市绿道建设的建议收悉，现答复如下：绿道连通公园与社区，今后将结合城市更新统筹建设。</p>
<p style="text-align: right;">国务院办公厅</p><p style="text-align: right;">2021年6月2日</p>
</td></tr></table></div></body></html>"""


def test_a_table_of_fields_beside_the_information_table_is_furniture_and_a_title_set_over_lines_is_one(tmp_path):
    document = read_document(_write(tmp_path, "reply.html", SPLIT_TABLE_PAGE.encode()))
    golden = {"title": "国务院办公厅对区人大代表关于城市绿道建设建议的答复", "agency": "国务院办公厅",
              "number": "国办函〔2021〕58号", "date": "2021-06-02", "year": 2021, "type": "答复"}
    assert {key: document.meta.get(key) for key in golden} == golden
    assert document.text == (
        "国务院办公厅对区人大代表关于城市绿道建设建议的答复\n\n国办函〔2021〕58号\n\n张某某代表：\n\n"
        "您提出的关于城市绿道建设的建议收悉，现答复如下：绿道连通公园与社区，今后将结合城市更新统筹建设。\n\n"
        "国务院办公厅\n\n2021年6月2日")


def test_labelled_lines_inside_an_article_are_read_but_stay_its_text(tmp_path):
    document = read_document(_write(tmp_path, "article.html", LABELLED_ARTICLE.encode()))
    assert document.meta["number"] == "海科发〔2024〕2号" and document.meta["date"] == "2024-02-01"
    assert "发文字号：海科发〔2024〕2号" in document.text and "现将科技创新券申报工作通知如下" in document.text


def test_a_page_title_with_the_site_s_name_after_a_hyphen_gives_the_article_s_heading(tmp_path):
    page = INFO_TABLE_PAGE.replace(INFO_TABLE_PAGE[INFO_TABLE_PAGE.index("<table"):
                                                  INFO_TABLE_PAGE.index("</table>") + 8], "")
    document = read_document(_write(tmp_path, "page.html", page.encode("gbk")))
    assert document.title == "关于印发海淀区数字经济发展行动方案的通知"
    assert document.text.count("关于印发海淀区数字经济发展行动方案的通知") == 1
    years = "<title>海淀区“十四五”规划（2021-2025年）</title>"
    kept = read_document(_write(tmp_path, "years.html", page.replace(page[page.index("<title>"):
                                                                          page.index("</title>") + 8], years)
                                .replace("<h2>关于印发海淀区数字经济发展行动方案的通知</h2>", "").encode("gbk")))
    assert kept.title == "海淀区“十四五”规划（2021-2025年）"


# A 北大法宝 page saved from the browser: the header fields as a list of labelled items beside a link.
PKULAW_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>中华人民共和国药品管理法(2019修订)-北大法宝</title></head><body>
<div class="title">中华人民共和国药品管理法(2019修订)</div>
<div class="fields"><ul>
<li><strong>制定机关：</strong>全国人民代表大会常务委员会 <a href="#">机构沿革</a></li>
<li><strong>发文字号：</strong>中华人民共和国主席令第31号</li>
<li><strong>公布日期：</strong>2019.08.26</li><li><strong>施行日期：</strong>2019.12.01</li>
<li><strong>时效性：</strong>现行有效</li><li><strong>效力位阶：</strong>法律</li><li><strong>法规类别：</strong>药政管理</li>
</ul></div>
<div class="fulltext"><p>第一条　为了加强药品管理，保证药品质量，保障公众用药安全和合法权益，保护和促进公众健康，制定本法。</p>
<p>第二条　在中华人民共和国境内从事药品研制、生产、经营、使用和监督管理活动，适用本法。</p></div>
</body></html>"""


def test_a_legal_database_page_s_list_of_fields_is_read_as_its_header_and_left_out_of_the_text(tmp_path):
    document = read_document(_write(tmp_path, "law.html", PKULAW_PAGE.encode()))
    golden = {"agency": "全国人民代表大会常务委员会", "number": "中华人民共和国主席令第31号", "date": "2019-08-26",
              "effective": "2019-12-01", "status": "现行有效", "level": "法律", "type": "法"}
    assert {key: document.meta.get(key) for key in golden} == golden
    assert document.title == "中华人民共和国药品管理法(2019修订)"  # the page's title without the database's name
    assert document.text.startswith("中华人民共和国药品管理法(2019修订)\n\n第一条 为了加强药品管理")
    assert "制定机关" not in document.text and "北大法宝" not in document.text


@pytest.mark.parametrize(("page_title", "title", "number"), [
    ("国务院办公厅关于优化政务服务的通知（国办发〔2024〕5号）_政府信息公开专栏", "国务院办公厅关于优化政务服务的通知", "国办发〔2024〕5号"),
    ("国务院办公厅关于优化政务服务的通知 国办发〔2024〕5号", "国务院办公厅关于优化政务服务的通知", "国办发〔2024〕5号"),
    ("【国办发〔2024〕5号】国务院办公厅关于优化政务服务的通知", "国务院办公厅关于优化政务服务的通知", "国办发〔2024〕5号"),
    ("国务院办公厅关于优化政务服务的通知-北京市人民政府", "国务院办公厅关于优化政务服务的通知", None),
    ("国务院办公厅关于优化政务服务的通知--国务院国有资产监督管理委员会", "国务院办公厅关于优化政务服务的通知", None),
    ("海淀区发展规划（2014-2020年）-海淀区人民政府", "海淀区发展规划（2014-2020年）", None),
    ("RISC-V产业发展行动方案", "RISC-V产业发展行动方案", None),
    ("关于2014-2020年规划的通知", "关于2014-2020年规划的通知", None),
])
def test_a_page_title_loses_the_site_s_name_and_the_number_written_beside_it(tmp_path, page_title, title, number):
    page = (f"<html><head><meta charset='utf-8'><title>{page_title}</title></head><body><div><p>"
            + "各省、自治区、直辖市人民政府：经国务院同意，现将有关事项通知如下。" * 3 + "</p></div></body></html>")
    document = read_document(_write(tmp_path, "page.html", page.encode()))
    assert (document.title, document.meta.get("number")) == (title, number)


# A page of Taiwan's national law database: its header as a table of labelled cells, each article's number in a cell.
TAIWAN_LAW_PAGE = """<!DOCTYPE html><html lang="zh-Hant-TW"><head><meta charset="utf-8"><title>個人資料保護法-全國法規資料庫</title>
</head><body><div id="nav"><ul><li><a href="/">首頁</a></li><li><a href="/Law/LawSearchLaw.aspx">法規檢索</a></li>
<li><a href="/News">最新訊息</a></li></ul></div>
<div class="law-content"><table class="table"><tr><th>法規名稱：</th><td><a href="#">個人資料保護法</a></td></tr>
<tr><th>修正日期：</th><td>民國 112 年 05 月 31 日</td></tr><tr><th>法規類別：</th><td>行政 ＞ 法務部 ＞ 法律事務目</td></tr>
<tr><th>生效狀態：</th><td>※本法規部分或全部條文尚未生效</td></tr></table>
<div class="law-reg-content"><div class="h3 char-2">第 一 章 總則</div>
<div class="row"><div class="col-no"><a name="1">第 1 條</a></div><div class="col-data"><div class="law-article">
<div class="line-0000">為規範個人資料之蒐集、處理及利用，以避免人格權受侵害，並促進個人資料之合理利用，特制定本法。</div></div></div></div>
<div class="row"><div class="col-no"><a name="2">第 2 條</a></div><div class="col-data"><div class="law-article">
<div class="line-0000">本法用詞，定義如下：</div><div class="line-4">一、個人資料：指自然人之姓名、出生年月日。</div></div></div></div>
</div></div></body></html>"""


def test_a_taiwan_law_page_s_header_table_gives_title_organ_date_and_status_and_is_no_text(tmp_path):
    document = read_document(_write(tmp_path, "law.html", TAIWAN_LAW_PAGE.encode()))
    golden = {"agency": "法務部", "date": "2023-05-31", "year": 2023, "type": "法", "status": "本法規部分或全部條文尚未生效"}
    assert {key: document.meta.get(key) for key in golden} == golden
    assert document.title == "個人資料保護法"
    assert document.text.startswith("個人資料保護法\n\n第 一 章 總則\n\n第 1 條\n\n為規範個人資料之蒐集")
    assert "法規名稱" not in document.text and "全國法規資料庫" not in document.text
