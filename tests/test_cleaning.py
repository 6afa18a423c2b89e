"""Cleaning: hard wraps undone, page furniture and junk removed, real paragraphs kept, no Han character lost."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongwen.index import cleaning
from tongwen.index.cleaning import (HAN, SALUTATION, below_content_mark, clean, header_fields, release_headline,
                                    split_header, without_header_repeats)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
_HAN_CHAR = re.compile(f"[{HAN}]")

# A page of wrapped lines, as a PDF extractor gives it: every line is cut at the same width.
WRAPPED_PAGE = (
    "魅力海淀\n\n"
    "70年來，海淀一直堅持創新發展，從觀念的\n\n"
    "變革到體制的變革，從技術體系的引領到商業體系的\n\n"
    "引領，海淀誕生了中國科技創新史上多個第一：第一\n\n"
    "家民營科技企業、第一家不核定經營範圍的企業、第\n\n"
    "一家無形資產佔註冊資本100%的企業、第一家有限合\n\n"
    "夥投資機構、第一個政府引導基金，始終佔據着中國\n\n"
    "高技術產業創新源頭的領先地位，成為中國科技創新\n\n"
    "出發地、原始創新的策源地、自主創新的主陣地。\n\n"
    "改革開放40多年來，特別是黨的十八大以來，海\n\n"
    "淀區立足首都城市戰略定位，牢牢把握減量發展是特\n\n"
    "徵、綠色發展是基礎。\n"
)


def _seed(prefix: str) -> str:
    """The raw text of the seed file whose name starts with ``prefix``."""
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def _han(text: str) -> str:
    """The Han characters of ``text`` in order."""
    return "".join(_HAN_CHAR.findall(text))


def test_a_line_break_between_two_han_characters_is_no_word_boundary():
    assert clean("觀念的\n\n變革") == "觀念的變革"
    assert clean("海\n\n淀區") == "海淀區"


def test_the_short_lines_of_a_short_text_stay_apart_unless_a_word_or_sentence_is_broken_across_them():
    # Too few lines to measure a full line: one under 20 Chinese characters is a line of its own.
    assert clean("会议纪要\n\n时间：2024年3月1日\n\n地点：三楼会议室\n\n参会人员：张三、李四").split("\n\n") == [
        "会议纪要", "时间：2024年3月1日", "地点：三楼会议室", "参会人员：张三、李四"]
    assert clean("表彰名单\n\n张三 李四 王五 赵六\n\n某某局").split("\n\n") == ["表彰名单", "张三 李四 王五 赵六", "某某局"]
    # ... unless the line ends with a word that goes on, or the next begins with one, or a quote is open.
    assert clean("《國務院關於工人退休、退職的暫行辦法》\n的決議") == "《國務院關於工人退休、退職的暫行辦法》的決議"
    assert clean("依据\n国家有关规定办理") == "依据国家有关规定办理"
    long_line = "海淀区位于北京市区西北部，区域面积四百三十平方公里"
    assert clean(f"{long_line}\n约占北京市总面积的百分之二") == long_line + "约占北京市总面积的百分之二"


def test_a_line_break_before_punctuation_that_continues_the_sentence_is_removed():
    assert clean("海淀区\n，北京市") == "海淀区，北京市"
    assert clean("一条龙「\n\n转化」") == "一条龙「转化」"


def test_a_line_ending_in_a_comma_continues_on_the_next_line():
    assert clean("坚持创新发展，\n\n推动产业升级。") == "坚持创新发展，推动产业升级。"


def test_sentence_final_punctuation_at_a_line_end_is_a_paragraph_break():
    assert clean("第一段结束了。\n第二段开始。") == "第一段结束了。\n\n第二段开始。"
    assert clean("主要包括：\n\n科技创新") == "主要包括：\n\n科技创新"
    assert clean("他说：“好。”\n\n下一段") == "他说：“好。”\n\n下一段"


def test_an_outline_heading_line_stays_its_own_paragraph():
    assert clean("三、主要任务\n\n(一)全面提升自主创新能力\n\n1.支持驻区高校\n\n深挖核心区") == (
        "三、主要任务\n\n(一)全面提升自主创新能力\n\n1.支持驻区高校\n\n深挖核心区"
    )
    assert clean("## 关键数字\n万亿元") == "## 关键数字\n\n万亿元"


def test_a_heading_marker_inside_an_open_quote_is_a_wrapped_sentence():
    assert clean("全面启动“五证合\n\n一、一照一码”改革。") == "全面启动“五证合一、一照一码”改革。"


def test_wrapped_lines_of_a_page_are_joined_but_its_short_title_is_not():
    cleaned = clean(WRAPPED_PAGE)
    paragraphs = cleaned.split("\n\n")
    assert paragraphs[0] == "魅力海淀"
    assert "從觀念的變革到體制的變革" in cleaned
    assert "海淀區立足首都城市戰略定位" in cleaned
    assert len(paragraphs) == 3


def test_short_lines_of_a_web_page_are_not_glued_together():
    paragraphs = ["海淀区", "一、基本情况"] + ["海淀区位于北京市区西北部，" * 20 + "自然与人文环境优雅。"] * 6
    page = "\n\n".join(paragraphs + ["地址:北京市通州区运河东大街55号院", "电话:010-55590088", "微信公众号", "政务微博"])
    cleaned = clean(page).split("\n\n")
    assert cleaned[0] == "海淀区"
    assert cleaned[-2:] == ["微信公众号", "政务微博"]


def test_a_taiwan_official_document_s_filing_fields_stay_a_line_each_though_a_scan_sets_specks_before_them():
    letter = "\n".join(["檔號:", "保存年限:", "某某縣政府函", ".地址: 95001某某市中山路276號", "承辦人:王小明",
                        ":受文者:某某縣消防局", ":發文日期:中華民國115年9月29日", "發文字號:府國資字第1150219578號",
                        ".速別:普通件", "主旨:函轉某某講座課程,請依", "業務需求自行報名參加,請查照。"])
    paragraphs = clean(letter).split("\n\n")
    assert paragraphs[3:9] == [".地址: 95001某某市中山路276號", "承辦人:王小明", ":受文者:某某縣消防局",
                               ":發文日期:中華民國115年9月29日", "發文字號:府國資字第1150219578號", ".速別:普通件"]
    assert paragraphs[-1] == "主旨:函轉某某講座課程,請依業務需求自行報名參加,請查照。"  # the subject's wrap still joins


@pytest.mark.parametrize("lines", [6, 3])  # a margin measured, and a short text's
def test_a_line_followed_by_one_twice_as_wide_was_not_wrapped_and_a_wrapped_paragraph_still_joins(lines):
    sentence = "总统今日上午接见得奖人，感谢所有得奖人守护国人生命财产，并表示要继续团结所有力量，全面强化防救灾体系。" * 2
    subtitle = "总统接见“一百一十三年凤凰奖”楷模得奖人并致词"  # no sentence ends: only widths tell it from a wrap
    text = "\n".join(["新闻与活动", subtitle, *[sentence] * lines])
    assert clean(text).split("\n\n")[:3] == ["新闻与活动", subtitle, sentence]
    wrapped = "\n".join(["这是一段按固定宽度折行的文字，每一行都一样宽，只有段落", "的最后一行较短，这些行应当连成一段，", "成为一个段落。"] * lines)
    assert clean(wrapped).split("\n\n")[0] == ("这是一段按固定宽度折行的文字，每一行都一样宽，只有段落的最后一行较短，这些行应当连成一段，"
                                                  "成为一个段落。")
    # A sentence under way (a clause closed in it) is a wrap however wide the line after it.
    article = ["第一百二十五条 " + "违反本法规定，" * 10 + "销售能够伪造排放检验数据的装", "置或者为虚假排放检验提供条件的检验设备的，" * 9 + "责令停业。"]
    assert clean("\n".join([*[sentence] * lines, *article])).split("\n\n")[-1] == "".join(article)


@pytest.mark.parametrize("byline", ["綜合報導 / 台北市", "記者吳典叡／臺北報導", "记者 王小明 报道", "综合外电"])
def test_a_story_s_byline_under_its_headline_is_a_line_of_its_own(byline):
    headline = "總統府重新開放參觀 賴蕭合體開箱全新常設展覽與文物特展"  # wide enough to read as wrapped
    body = ["睽違已久，總統府終於又有常設展覽要開放參觀了，總統與副總統一起開箱總統府內全新常設展覽。"] * 6
    for lines in (2, 6):  # a short text's, and one whose lines are measured
        assert clean("\n".join([headline, byline, *body[:lines]])).split("\n\n")[:2] == [headline, byline]
    # Words of a sentence are no byline: a wrapped line that opens with 記者 and ends with 報導 goes on as before.
    wrapped = ["睽違已久，總統府終於又有常設展覽要開放參觀了，總統與副總統一起開箱總統府內全新常設展覽，本報",
               "記者今日前往現場採訪並發出相關報導"]
    assert clean("\n".join([*body, *wrapped])).split("\n\n")[-1] == "".join(wrapped)


def test_a_page_s_short_lines_over_paragraphs_a_line_each_stay_apart_and_narrow_columns_still_join():
    paragraph = "總統府發言人室今天表示，總統府自開放參觀以來，頗獲民眾好評，為方便民眾安排來府參觀，明年開放參觀時間訂於例假日實施。"
    page = "\n".join(["新聞與活動", "總統府新聞", "84年12月16日", "總統府開放參觀", paragraph, paragraph[:40], "網站導覽",
                      "隱私權政策"])
    assert clean(page).split("\n\n")[:4] == ["新聞與活動", "總統府新聞", "84年12月16日", "總統府開放參觀"]
    # A newspaper's narrow columns, every line as wide: a wrap at that width, however narrow.
    column = ("海淀区今年新增科技型企业七千余家其中高新技术企业占比超过三成全区研发投入强度继续位居全市前列"
              "中关村科学城聚集了大批高校院所和创新主体形成了较为完整的创新生态体系为首都发展提供了有力支撑")
    lines = [column[k : k + 12] for k in range(0, len(column), 12)]
    assert clean("\n".join(lines)) == column


@pytest.mark.parametrize(("text", "below"), [
    ("行政院會議\n:::\n行政院第3289次院會決議\n日期:101-03-08", "行政院第3289次院會決議\n日期:101-03-08"),
    ("跳到主要內容\n:::\n:::\n新聞與活動", "新聞與活動"),  # the last mark of the first lines
    (":::\n新聞資訊\n查詢條件", None),  # nothing of the site's above it
    ("第一條 本法依憲法制定。\n" * 20 + ":::\n附錄", None),  # a mark far below the top is no content mark
    ("行政院會議\n行政院第3289次院會決議", None),
])
def test_the_text_below_a_taiwan_government_page_s_content_mark_is_where_its_title_is(text, below):
    assert below_content_mark(text) == below


def test_a_character_broken_off_a_short_line_onto_its_own_is_joined_back():
    body = ["现在，我代表人民政府，向大会报告工作，请予审议，并请政协委员提出意见。" * 3] * 6
    cleaned = clean("\n".join(["政府工作报", "告", "", "——2024年1月21日在第十四届全国人民代表大会第二次会议上", *body]))
    assert cleaned.split("\n\n")[:2] == ["政府工作报告", "——2024年1月21日在第十四届全国人民代表大会第二次会议上"]
    assert clean("\n".join(["各位代表：", "附", *body])).split("\n\n")[:2] == ["各位代表：", "附"]
    assert clean("\n".join(["申请人应当于三十日内办理变更登", "", "记。", *body])).startswith("申请人应当于三十日内办理变更登记。\n\n")


def test_a_bracketed_note_under_a_title_is_a_paragraph_of_its_own():
    lines = ["第十四届全国人民代表大会第一次会议关于政府工作报告的决议", "（2023年3月13日第十四届全国人民代表大会第一次会议通过）",
             "第十四届全国人民代表大会第一次会议听取和审议了国务院总理所作的", "政府工作报告", "。会议决定批准这个报告。"]
    assert clean("\n".join(lines)).split("\n\n") == [
        lines[0], lines[1], "第十四届全国人民代表大会第一次会议听取和审议了国务院总理所作的政府工作报告。会议决定批准这个报告。"]


def test_wrapped_latin_text_is_joined_with_a_space():
    line = "the quick brown fox jumps over the lazy dog and"
    assert clean("\n".join([line] * 7 + ["keeps running"])) == " ".join([line] * 7 + ["keeps running"])


@pytest.mark.parametrize("page_number", ["- 1 -", "— 2 —", "－12－", "第 3 页", "第3页 共10页", "Page 4 of 9"])
def test_page_number_lines_are_removed_without_breaking_the_sentence(page_number):
    assert clean(f"從觀念的\n\n{page_number}\n\n變革到體制的變革。") == "從觀念的變革到體制的變革。"


@pytest.mark.parametrize(
    "line",
    [
        "浏览数:2003",
        "瀏覽次數：15",
        "浏览量:          时间:2016-01-17 23:45:19",  # a reprint site's counter drawn by script, and its hour
        "瀏覽量: 時間:2018-11-13 15:36:26",
        "当前位置: 首页 > 政务公开 > 政策法规",  # where the page sits on its site
        "广东规范性文件 > 正文阅览",
        "首頁＞法規查詢",
        "保留字段信息",  # a legal database page's widgets
        "页面宽度(px):",
        "跳至主要內容",  # links for screen readers and back
        "跳至內容的開始",
        "回上頁",
        "返回頁面頂端",
        "友善列印 :",  # a Taiwan government page's print and type-size widgets, and their keyboard help
        "字級設定 :",
        "請利用鍵盤按住Ctrl + P開啟列印功能",
        "IE6請利用鍵盤按住ALT鍵 + V → X → (G)最大(L)較大(M)中(S)較小(A)小,來選擇適合您的文字大小,",
        "而IE7或Firefox瀏覽器則可利用鍵盤 Ctrl + (+)放大 (-)縮小來改變字型大小。",
        "****",  # a Hong Kong release's rule under its headline, short or spaced out
        "* * * * * * * * * *",
        "qrCode",
        "扫描查看手机版网站",
        "扫一扫在手机打开当前页",
        "分享到：微信 微博",
        "【打印本页】【关闭窗口】",
        "字号：大 中 小",
        "【字体：大 中 小】",
        "作者:法律资料网 时间:2024-07-22 05:37:26  浏览:9174   来源:法律资料网",  # a reprint site's byline
        "时间:2024-07-23 15:15:41 来源: 法律资料网 作者:法律资料网 阅读:8077",
        "下载地址: 点击此处下载",
        "葡文版本",  # a bilingual gazette's link to its other language
        "第十一條 第二十一條 第三十一條",  # a wiki's links to a law's articles
        "热门站点| 世界资料网 | 专利资料网 | 世界资料网论坛",  # a portal's links in a row of pipes
        "收藏本站| 设为首页| 首页",
        "查找:    转第 显示法宝之窗 隐藏相关资料 下载下载 收藏收藏 打印打印 小字 大字",  # a legal database's buttons
        "时间:2019-05-14 10:45:55下载本文作者:会员上传",  # a document-sharing site's line over an upload
        "作者:會員上傳",
        "您的瀏覽器不支援JavaScript功能,若網頁功能無法正常使用時,請開啟瀏覽器JavaScript狀態 跳到主要內容",  # no script
        ":::",  # the accesskey mark of Taiwan's government sites
        "> 政府信息公开制度 > 兖州区",  # a trail of sections wrapped after 当前位置:首页
        "视力保护色:",  # a page's colour switch
        "用户名 密码",  # a site's login form and its own links
        "记住我",
        "加入收藏",
        "全国站 [进入分站]",
        "网站首页 法律咨询 找律师 律师在线 律师热线 法治资讯 法律法规",
        "您的位置首页 >> 法规库 >> 法规正文",
        "2015-11-10 01:51:51信息来源:浏览次数:字体:[ ]",  # a page's labels left empty
        "快速回到頁首按鈕",  # back to the page's top
        "回頁首",
    ],
)
def test_page_boilerplate_lines_are_removed(line):
    assert clean(f"规划全文如下。\n{line}\n正文开始。") == "规划全文如下。\n\n正文开始。"


def test_a_line_with_angle_brackets_that_is_no_trail_of_sections_stays():
    text = "《关于修改<中华人民共和国招标投标法>\n<中华人民共和国计量法>的决定》修正"
    assert clean(text, join_lines=False) == text.replace("\n", "\n\n")


def test_a_removed_boilerplate_line_separates_the_lines_around_it():
    assert clean("建设规划\n浏览数:2003\n\n\n海淀区规划") == "建设规划\n\n海淀区规划"


def test_words_of_boilerplate_inside_running_text_are_kept():
    text = "发展分享经济，扫描仪产业和打印设备产业浏览数据平台。"
    assert clean(text) == text


def test_private_use_glyphs_and_invisible_characters_are_removed():
    assert clean("在\U001003a0壯麗70年\U001003a1\ue000砥礪\u200b奮進\ufeff\u00ad") == "在壯麗70年砥礪奮進"


def test_control_characters_are_removed_and_odd_newlines_normalised():
    assert clean("第一段。\r\n第二段。\r第三段。\u2028第四段。\x0c第五\x07段。") == (
        "第一段。\n\n第二段。\n\n第三段。\n\n第四段。\n\n第五段。"
    )


def test_spaces_around_full_width_punctuation_are_removed_but_other_spaces_kept():
    assert clean("始終把 「高精尖」 作為動力 ，GDP 5036.8 亿元") == "始終把「高精尖」作為動力，GDP 5036.8 亿元"
    assert clean("a  \t b\u3000c\u00a0d") == "a b c d"


def test_without_line_joining_every_line_is_a_paragraph():
    assert clean("觀念的\n變革\n\n\n- 1 -\n浏览数:12\n創新", join_lines=False) == "觀念的\n\n變革\n\n創新"


def test_blank_input_cleans_to_nothing():
    assert clean(" \n\n\t\u3000\n") == ""


def test_seed_000_has_its_words_rejoined_and_no_page_numbers():
    cleaned = clean(_seed("000"))
    assert "觀念的變革" in cleaned
    assert "海淀區立足" in cleaned
    assert "「高精尖」作為發展的持久動力" in cleaned
    assert "\U001003a0" not in cleaned
    assert cleaned.startswith("魅力海淀\n\n")


def test_seed_001_loses_its_page_number_and_keeps_its_outline_paragraphs():
    cleaned = clean(_seed("001"))
    assert "- 1 -" not in cleaned
    assert "是中关村的发祥地" in cleaned
    assert "\n\n一、聚焦功能定位" in cleaned
    assert "\n\n三、聚焦先行先试" in cleaned
    assert "“五证合一、一照一码”改革" in cleaned
    assert cleaned.startswith("全国科技管理系统先进集体事迹简介\n\n中关村科技园区海淀园事迹材料\n\n")


def test_seed_004_loses_its_web_page_boilerplate_but_keeps_its_table_cells_apart():
    cleaned = clean(_seed("004"))
    for boilerplate in ("浏览数", "qrCode", "扫描查看手机版网站"):
        assert boilerplate not in cleaned
    assert cleaned.startswith("海淀区“十三五”时期加强全国科技创新中心核心区建设规划\n\n")
    assert "\n\n类别\n\n序号\n\n指标\n\n" in cleaned


def test_seed_002_keeps_its_site_registration_footer_because_it_names_the_issuing_body():
    cleaned = clean(_seed("002"))
    assert "主办:北京市发展和改革委员会" in cleaned
    assert "京ICP备05084924号-5" in cleaned


# Random text from the pieces extracted text is made of. Han characters that occur in the boilerplate and page
# number patterns are left out: a generated line could otherwise be real boilerplate, rightly removed.
_PATTERN_HAN = set(_han("".join(pattern for _, pattern in cleaning.BOILERPLATE) + cleaning.PAGE_NUMBER.pattern
                        + cleaning.RELATED_HEADING))
_HAN_ALPHABET = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF).filter(lambda c: c not in _PATTERN_HAN)
_OTHER_ALPHABET = st.sampled_from(
    list("，。、；：？！“”‘’「」『』（）《》—…·%+-.,;:!?()#*") + list("abcXYZ019") + ["\n", "\n\n", " ", "\u3000", "\t"]
    + ["\ue000", "\U001003a0", "\u200b", "\r\n", "- 1 -", "一、", "(二)", "3.", "## "]
)
_RAW_TEXT = st.lists(st.one_of(_HAN_ALPHABET, _HAN_ALPHABET, _OTHER_ALPHABET), max_size=300).map("".join)


@settings(max_examples=400, deadline=None)
@given(_RAW_TEXT)
def test_cleaning_never_drops_or_reorders_a_han_character(text):
    assert _han(clean(text)) == _han(text)


@settings(max_examples=300, deadline=None)
@given(_RAW_TEXT, st.booleans())
def test_paragraphs_are_separated_by_exactly_one_blank_line(text, join_lines):
    cleaned = clean(text, join_lines=join_lines)
    assert cleaned == cleaned.strip()
    for paragraph in cleaned.split("\n\n") if cleaned else []:
        assert paragraph and "\n" not in paragraph
        assert paragraph == paragraph.strip()
        assert "  " not in paragraph


def test_a_document_number_on_its_own_line_stays_on_it_and_a_soft_hyphen_between_years_is_a_dash():
    text = "某局关于印发工作报告的通知\n\n劳社部发〔2008〕3号\n\n各区县：\n\n（医保办函〔2025〕82 号）\n规划（2014\u00ad2020 年）"
    lines = clean(text).split("\n\n")
    assert "劳社部发〔2008〕3号" in lines and "（医保办函〔2025〕82 号）" in lines
    assert "（2014-2020 年）" in clean(text)


def test_a_line_printed_twice_is_two_paragraphs_not_one_wrapped_line():
    text = "关于做好春耕生产工作的通知\n关于做好春耕生产工作的通知\n各乡镇人民政府：\n现就做好春耕生产工作通知如下。"
    assert clean(text).split("\n\n")[:2] == ["关于做好春耕生产工作的通知"] * 2


def test_a_date_under_a_signature_stays_on_its_own_line_in_a_short_text():
    # Too few lines to tell a full line's width: before, every line not ending a sentence was taken for a wrap.
    text = "关于做好医保工作的通知\n\n各医疗保障局：\n\n现就有关事项通知如下。\n\n国家医疗保障局办公室\n\n2025年3月12日"
    assert clean(text).split("\n\n")[-2:] == ["国家医疗保障局办公室", "2025年3月12日"]
    assert clean("某某局\n二〇二五年三月十二日（星期三）").split("\n\n") == ["某某局", "二〇二五年三月十二日（星期三）"]
    assert clean("本办法自\n2025年3月12日起施行。") == "本办法自2025年3月12日起施行。"  # a date inside a sentence


def test_the_events_of_a_law_s_history_one_to_a_line_stay_lines_of_their_own():
    history = ["1996年3月17日北京市第十届人民代表大会常务委员会第四次会议通过",
               "2021年1月22日北京市第十五届人民代表大会常务委员会第二十五次会议修订",
               "中華民國一百十三年五月十五日總統華總一義字第11300044841號令修正公布第 2 條條文"]
    text = "\n\n".join(["北京市湿地保护条例", *history, "第一章 总则", "第一条 为了加强湿地保护，制定本条例。"])
    assert clean(text).split("\n\n")[1:4] == history
    # A date that goes on a sentence broken before it is still joined to it, and so is an event broken off its date.
    assert clean("本条例经北京市人民代表大会常务委员会审议\n2021年1月22日起施行。") == (
        "本条例经北京市人民代表大会常务委员会审议2021年1月22日起施行。")
    assert clean("（1996年3月17日第八届全国人民代表大会第四次会议通过　根据2009年8月27日第十一届全国人民\n"
                 "代表大会常务委员会第十次会议修正）") == (
        "（1996年3月17日第八届全国人民代表大会第四次会议通过 根据2009年8月27日第十一届全国人民代表大会常务委员会第十次会议修正）")


def test_a_legal_database_page_saved_as_text_loses_its_buttons_and_keeps_its_plain_fields_apart():
    page = ("某某法\n【法宝引证码】CLI.1.334862\n制定机关：全国人民代表大会常务委员会 机构沿革\n发文字号：主席令第31号\n"
            "公布日期：2019.08.26\n效力位阶：法律\n收起\n引用本法\n未修改\n第一条 为了规范管理，制定本法。\n复制全文\n复制链接\n"
            "下载PDF\n下载WORD\n微信扫码阅读\n正文右侧法宝联想\n法宝产品资讯\n北大法宝1985年诞生于北京大学法学院\n"
            "爱法律 有未来\n开通会员解锁全库")
    assert clean(page).split("\n\n") == [
        "某某法", "【法宝引证码】CLI.1.334862", "制定机关：全国人民代表大会常务委员会 机构沿革", "发文字号：主席令第31号",
        "公布日期：2019.08.26", "效力位阶：法律", "第一条 为了规范管理，制定本法。"]


EXPORT = ("【法宝引证码】CLI.12.748997\n\n余姚市人民政府关于印发技术改造专项资金管理办法的通知\n\n【发布部门】余姚市人民政府\n\n"
          "【發文字號】余府发〔2012〕3号\n\n【时效性】现行有效\n\n各乡镇人民政府：\n\n现将办法印发给你们。\n\n"
          "原文链接：http://www.pkulaw.cn/fulltext_form.aspx?Gid=17611287")


def test_a_legal_database_export_s_header_fields_and_source_link_are_split_off_its_text():
    text, fields = split_header(EXPORT)
    assert text == "余姚市人民政府关于印发技术改造专项资金管理办法的通知\n\n各乡镇人民政府：\n\n现将办法印发给你们。"
    assert fields == [("法宝引证码", "CLI.12.748997"), ("发布部门", "余姚市人民政府"), ("发文字号", "余府发〔2012〕3号"),
                      ("时效性", "现行有效"), ("原文链接", "http://www.pkulaw.cn/fulltext_form.aspx?Gid=17611287")]
    page = "某某法\n\n【法宝引证码】CLI.1.334862\n\n制定机关：全国人民代表大会常务委员会\n\n效力位阶：法律\n\n全部\n\n第一条 为了规范管理。"
    assert split_header(page) == ("某某法\n\n第一条 为了规范管理。", [
        ("法宝引证码", "CLI.1.334862"), ("制定机关", "全国人民代表大会常务委员会"), ("效力位阶", "法律")])
    crawled = "URL: https://www.pkulaw.com/chl/0c5a6b4b2c8d.html\n\n" + page  # a crawler's address above the page
    assert split_header(crawled) == ("某某法\n\n第一条 为了规范管理。", [
        ("原文链接", "https://www.pkulaw.com/chl/0c5a6b4b2c8d.html"), ("法宝引证码", "CLI.1.334862"),
        ("制定机关", "全国人民代表大会常务委员会"), ("效力位阶", "法律")])


def test_a_text_that_is_no_export_keeps_its_labelled_lines():
    # A 信息公开 notice's labelled lines, a Taiwan law page's, one bracketed field: text, as the document wrote it.
    for text in ("某某通知\n\n发文字号：海科发〔2024〕2号\n\n成文日期：2024年2月1日\n\n各有关单位：",
                 "法規名稱：某某法\n\n公布日期：民國 110 年 04 月 28 日\n\n施行日期：民國 110 年 05 月 01 日\n\n第 1 條",
                 "某某通知\n\n【发布日期】2012.01.05\n\n全部\n\n正文。"):
        assert split_header(text) == (text, [])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["【法宝引证码】CLI.1.1", "【发布部门】某局", "制定机关：某局", "效力位阶：法律", "全部",
                                 "原文链接：http://x.cn/a", "第一条 规范管理。", "某某办法", "各区县："]), max_size=40))
def test_splitting_a_header_keeps_every_other_paragraph_in_order(paragraphs):
    text = "\n\n".join(paragraphs)
    kept, fields = split_header(text)
    others = [p for p in paragraphs if p in ("第一条 规范管理。", "某某办法", "各区县：")]
    shown = [p for p in (kept.split("\n\n") if kept else []) if p in others]
    # A title printed above the header and again below it is kept once.
    assert shown == others or (len(others) > 1 and others[0] == others[1] and shown == others[1:])
    assert kept == text or fields


@pytest.mark.parametrize(("letterhead", "read"), [
    ("国 家 税 务 总 局 办 公 厅 文件", "国家税务总局办公厅文件"),
    ("税务 总局 办 公厅 文件", "税务总局办公厅文件"),  # as a PDF's text layer spaces a letterhead set wide
    ("国 家 税 务 总 局", "国家税务总局"),
])
def test_a_red_header_s_spaced_out_letterhead_reads_as_its_name(letterhead, read):
    text = f"{letterhead}\n\n税总发〔2024〕1号\n\n关于做好纳税服务工作的通知\n\n各省税务局：\n\n现就有关事项通知如下。"
    assert clean(text).split("\n\n")[0] == read


def test_spaced_names_and_joint_issuers_near_the_top_keep_their_spaces():
    for line in ("国家发展改革委办公厅 税务总局办公厅", "张三 李四 王五 赵院", "财 政 部"):
        text = f"某某通知\n\n{line}\n\n各省：\n\n现就有关事项通知如下。\n\n一、总体要求。\n\n二、工作安排。\n\n三、保障措施。"
        assert line in clean(text).split("\n\n")


INFORMATION_LIST = ("索 引 号：000014349/2024-00012\n\n主题分类：综合政务\\其他\n\n發文機關：国务院办公厅\n\n成文日期：2024年03月01日\n\n"
                    "标　　题：国务院办公厅关于优化政务服务的通知\n\n发文字号：国办发〔2024〕5号\n\n发布日期：2024年03月05日\n\n")


def test_a_portal_s_information_list_copied_with_a_document_is_split_off_as_its_fields():
    body = "国务院办公厅关于优化政务服务的通知\n\n各省、自治区、直辖市人民政府：\n\n现将有关事项通知如下。"
    assert split_header(INFORMATION_LIST + body) == (body, [
        ("发布部门", "国务院办公厅"), ("发文字号", "国办发〔2024〕5号"), ("成文日期", "2024年03月01日"),
        ("发布日期", "2024年03月05日")])
    # With no title line of its own under the list, the list's 标题 is the text's first line.
    assert split_header(INFORMATION_LIST + "各省：\n\n现将有关事项通知如下。")[0] == (
        "国务院办公厅关于优化政务服务的通知\n\n各省：\n\n现将有关事项通知如下。")
    # Copied as lines, not paragraphs, the list's lines are not glued into one.
    assert clean(INFORMATION_LIST.replace("\n\n", "\n")).split("\n\n")[:2] == ["索 引 号：000014349/2024-00012", "主题分类：综合政务\\其他"]


# A portal's list copied from its items: a bullet before each label, each value on the line under it, some empty.
BULLETED_LIST = ("某县人民政府工作规则\n\n• 索引号:\n\n6107000000/2024-001005\n\n• 主题分类:\n\n• 来源:\n\n• 发文机构:\n\n"
                 "县政府网站\n\n• 发文字号:\n\n某政发〔2024〕7号\n\n• 发文日期:\n\n2024年04月06日 16:40\n\n• 内容概述:\n\n")


def test_a_bulleted_information_list_with_each_value_under_its_label_is_split_off_as_its_fields():
    body = "某县人民政府工作规则\n\n第一章 总则\n\n一、为规范县政府工作，制定本规则。"
    assert split_header(BULLETED_LIST + body) == (body, [
        ("发布部门", "县政府网站"), ("发文字号", "某政发〔2024〕7号"), ("成文日期", "2024年04月06日 16:40")])
    # An empty field takes no label below it for its value, and the summary's field never takes the text.
    assert "来源" not in split_header(BULLETED_LIST + body)[0]


# Shanghai's district portals: 公开属性 and 公开主体 (the publishing body) among the labels.
PUBLIC_BODY_LIST = ("索引号：SY310107202603028\n主题分类：土地\n公开属性：主动公开\n成文日期：2026年07月03日\n"
                    "发文字号：普府〔2026〕54号\n发布日期：2026年07月03日\n公开主体：上海市普陀区人民政府\n")


def test_an_information_list_naming_its_public_body_is_split_off_and_the_body_is_the_issuer():
    body = "各街道办事处、镇政府：\n\n现将《普陀区土地储备管理办法》印发给你们。"
    title = "上海市普陀区人民政府关于印发《普陀区土地储备管理办法》的通知\n"
    text, fields = split_header(clean(title + PUBLIC_BODY_LIST + body))
    assert text == clean(title + body)  # no 公开属性 or 公开主体 line left in the text
    assert fields == [("发布部门", "上海市普陀区人民政府"), ("发文字号", "普府〔2026〕54号"),
                      ("成文日期", "2026年07月03日"), ("发布日期", "2026年07月03日")]


def test_labelled_lines_without_a_portal_s_label_stay_the_document_s_text():
    text = "关于开展申报工作的通知\n\n发文字号：海科发〔2024〕2号\n\n成文日期：2024年2月1日\n\n发文机关：海淀区科委\n\n各有关单位："
    assert split_header(text) == (text, [])


def test_an_export_s_field_with_no_place_in_the_metadata_stays_its_text():
    export = "某某法\n\n【法宝引证码】CLI.1.1\n\n【时效性】现行有效\n\n【法规类别】药政管理\n\n【失效日期】2030.01.01\n\n第一条 规范。"
    assert split_header(export) == ("某某法\n\n【法规类别】药政管理\n\n【失效日期】2030.01.01\n\n第一条 规范。",
                                    [("法宝引证码", "CLI.1.1"), ("时效性", "现行有效")])


def test_a_field_whose_value_a_page_s_table_sets_under_its_label_is_one_field_and_leaves_the_text_together():
    export = ("某某条例\n\n【法宝引证码】CLI.2.123\n\n发文字号：\n\n国发〔2020〕1号\n\n实施日期：2020-01-02\n\n"
              "第一条 为了规范，制定本条例。")
    assert split_header(export) == ("某某条例\n\n第一条 为了规范，制定本条例。", [
        ("法宝引证码", "CLI.2.123"), ("发文字号", "国发〔2020〕1号"), ("实施日期", "2020-01-02")])
    # A paragraph of the body under a label alone is no value of it.
    assert header_fields(["发文字号：", "第一条 为了规范管理，制定本条例。", "实施日期：2020-01-02", "时效性：现行有效"]) == {
        2: ("实施日期", "2020-01-02"), 3: ("时效性", "现行有效")}



def test_a_label_alone_at_the_end_of_an_export_s_head_takes_no_value_from_its_foot_and_no_paragraph_is_lost():
    body = [f"第{i}条 内容{i}。" for i in range(1, 17)]
    foot = [f"正文{i}" for i in range(10)] + ["附件清单", "结尾"]
    paragraphs = ["某某条例", "【法宝引证码】CLI.2.123", "实施日期：2020-01-01", *body, "发文字号：", *foot]
    text, fields = split_header("\n\n".join(paragraphs))
    assert fields == [("法宝引证码", "CLI.2.123")]
    assert text.split("\n\n") == [p for p in paragraphs if not p.startswith("【")]


_WIKI_NOTICE = ("本作品是中华人民共和国的\n法律\n、\n法规\n，国家机关的决议、决定、命令和其他具有立法、行政、司法性质的文件，"
                "及其官方正式译文。根据《\n中华人民共和国著作权法\n》第五条第一项，本作品不适用于该法，在\n中国大陆\n，"
                "也可能在其他管辖区，属于\n公有领域\n。\n\n注：中文维基文库社群认为，中华人民共和国公务演讲，不总是\n"
                "具有立法、行政、司法性质的文件。\n\nPublic domain\nPublic domain\nfalse\nfalse\n")
_OLD_WIKI_NOTICE = ("这部作品在1931年1月1日以前以匿名或別名發表，確實作者身份不明，在\n美國\n以及版權期限是\n匿名別名作品發表起95年\n"
                    "以下的國家以及地区屬於\n公有領域。\n\nPublic domain\nfalse\n")


@pytest.mark.parametrize("notice", [_WIKI_NOTICE, _OLD_WIKI_NOTICE])
def test_a_wiki_s_licence_template_at_the_end_of_a_saved_text_is_no_text(notice):
    body = "各位代表：\n\n现在，我代表国务院，向大会报告政府工作。\n\n我们的改革就一定能够成功！\n\n"
    assert clean(body + notice) == "各位代表：\n\n现在，我代表国务院，向大会报告政府工作。\n\n我们的改革就一定能够成功！"


def test_a_closing_paragraph_about_the_work_that_is_no_wiki_template_stays():
    text = "第一条 为了保护著作权，制定本办法。\n\n本作品的版权归原作者所有，转载须经授权。"
    assert clean(text) == text


_STORY = "行政长官明日发表施政报告。\n\n他表示，这是任内第三份施政报告。"


@pytest.mark.parametrize("heading", ["相关推荐", "推薦閱讀：", "## 延伸阅读", "【相关文章】"])
def test_a_list_of_other_pages_under_its_heading_at_the_end_of_a_saved_page_is_no_text(heading):
    listing = ("-\n\n某区召开常务会议 部署春耕\n\n某区召开常务会议 部署春耕 区政府昨日召开常务会议，研究…\n\n"
               "2022-01-13 0 116 0 -\n\n涉嫌出售假证明 三人被捕【详细】")
    assert clean(f"{_STORY}\n\n{heading}\n\n{listing}", join_lines=False) == _STORY


@pytest.mark.parametrize("after", [
    "本规划所称创新，是指科技、制度和管理创新。",  # a sentence: the heading heads a section of the document
    "某区召开常务会议 部署春耕\n\n区政府召开常务会议，研究部署春耕生产工作，要求各部门抓好落实。",
    "某某区人民政府办公室\n\n2024年3月1日",  # a signature
])
def test_a_related_heading_followed_by_text_of_the_document_stays(after):
    text = f"{_STORY}\n\n延伸阅读\n\n{after}"
    assert clean(text, join_lines=False) == text


def test_a_related_heading_that_ends_the_text_or_opens_it_stays():
    for text in (f"{_STORY}\n\n相关推荐", "相关推荐\n\n某区召开常务会议"):
        assert clean(text, join_lines=False) == text


@pytest.mark.parametrize("marker", ["III.", "IV. ", "Ⅲ、", "Ⅳ"])
def test_an_item_numbered_in_roman_numerals_is_never_glued_to_the_line_before(marker):
    items = ["續議事項", "內務委員會主席匯報與政務司司長會面的情況", f"{marker}將於立法會會議席上處理的其他事項",
             "法案委員會及小組委員會的情況"]
    # Lines as short as an agenda's: any of them could be a wrap but for its marker.
    cleaned = clean("\n".join(["立法會內務委員會議程", *items]))
    assert f"\n\n{marker.strip()}將於" in cleaned or f"\n\n{marker.strip()} 將於" in cleaned


_NOTICE_BODY = ["各区人民政府：", "现将有关事项通知如下。"]


@pytest.mark.parametrize(("header", "kept"), [
    # A reprint site's title printed twice, with the site's counter between (removed by then): once.
    (["关于做好春耕生产工作的通知", "关于做好春耕生产工作的通知"], ["关于做好春耕生产工作的通知"]),
    # A red header's letterhead above and below a document-sharing site's line: once.
    (["湖南省人民政府办公厅文件", "湖南省人民政府办公厅文件", "湘政办发〔2009〕24号", "湖南省人民政府办公厅关于加强就业工作的通知"],
     ["湖南省人民政府办公厅文件", "湘政办发〔2009〕24号", "湖南省人民政府办公厅关于加强就业工作的通知"]),
    # The number and the title on one line, then the title alone, then the number twice.
    (["京政办发〔2016〕26号《关于印发工作要点的通知》", "《关于印发工作要点的通知》", "京政办发〔2016〕26号", "京政办发〔2016〕26号"],
     ["京政办发〔2016〕26号《关于印发工作要点的通知》", "京政办发〔2016〕26号"]),
    # A site's title with its note, then the document's own below it: once, with the note.
    (["清远市人民政府关于印发工作规则的通知(2019修订)", "清远市人民政府关于印发工作规则的通知"], ["清远市人民政府关于印发工作规则的通知(2019修订)"]),
    # A site's section printed twice above a release: once.
    (["新聞發布", "新聞發布", "回應議員的評論"], ["新聞發布", "回應議員的評論"]),
    # What repeats by nature stays: short cells, the events of a law's history, chapters named again as they begin.
    (["是", "否", "是"], ["是", "否", "是"]),
    (["某区科委 | 某区科委", "某区科委 | 某区科委"], ["某区科委 | 某区科委", "某区科委 | 某区科委"]),  # a table's rows
    (["某市条例", "2019年11月27日某市人民代表大会常务委员会第十六次会议通过的决定修正", "某市条例",
      "2019年11月27日某市人民代表大会常务委员会第十六次会议通过的决定修正"],
     ["某市条例", "2019年11月27日某市人民代表大会常务委员会第十六次会议通过的决定修正",
      "2019年11月27日某市人民代表大会常务委员会第十六次会议通过的决定修正"]),
    (["某市条例", "目录", "第一章　总则", "第二章　附则", "第一章　总则"],
     ["某市条例", "目录", "第一章　总则", "第二章　附则", "第一章　总则"]),
])
def test_a_repeat_of_a_header_paragraph_is_dropped_and_what_repeats_by_nature_stays(header, kept):
    assert without_header_repeats("\n\n".join(header + _NOTICE_BODY)) == "\n\n".join(kept + _NOTICE_BODY)


def test_a_sentence_repeated_in_the_body_stays_twice():
    text = "某某规定\n\n第一条　依照其规定。\n\n法律另有规定的，依照其规定。\n\n法律另有规定的，依照其规定。"
    assert without_header_repeats(text) == text


def test_a_line_that_repeats_the_end_of_the_line_before_is_no_wrapped_line():
    text = "京政办发〔2016〕26号《关于印发工作要点的通知》\n《关于印发工作要点的通知》\n各区人民政府：\n现将工作要点印发给你们。"
    assert clean(text).split("\n\n")[:2] == ["京政办发〔2016〕26号《关于印发工作要点的通知》", "《关于印发工作要点的通知》"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["关于做好工作的通知", "做好工作的通知", "某某人民政府文件", "是", "各区人民政府：",
                                 "第一章　总则", "现通知如下。", "二〇二四年三月一日"]), min_size=1, max_size=16))
def test_dropping_header_repeats_keeps_the_order_and_drops_only_a_repeat(paragraphs):
    kept = without_header_repeats("\n\n".join(paragraphs)).split("\n\n")
    at = 0
    for k, paragraph in enumerate(paragraphs):
        if at < len(kept) and kept[at] == paragraph:
            at += 1  # kept, in its place
        else:  # dropped: an earlier paragraph says it already
            assert paragraph in kept[:at] or (k and paragraphs[k - 1].endswith(paragraph))
    assert at == len(kept)


@pytest.mark.parametrize(("page", "headline"), [
    ("跳至內容的開始\n\n新聞發布\n\n新聞發布\n\n\n回 應 鄭 家 富 議 員 的 評 論\n* * * * * * * * * *\n\n回 應 傳 媒 查 詢 。",
     "回應鄭家富議員的評論"),  # a page set with its characters spaced out
    ("立法會十八題：公共圖書館服務\n＊＊＊＊＊＊＊＊\n\n以下是今日的答覆：", "立法會十八題：公共圖書館服務"),
    ("LCQ18: Public library services\n******************************\n\nFollowing is a question", "LCQ18: Public library services"),
    ("关于做好春耕生产工作的通知\n\n各乡镇人民政府：\n\n现通知如下。", None),  # no rule: no release
    ("\n".join(f"第{k}行内容" for k in range(20)) + "\n某行\n*****\n", None),  # a rule far below the top
])
def test_a_release_s_headline_is_the_line_above_its_rule_near_the_top(page, headline):
    assert release_headline(page) == headline


def test_a_byline_without_a_read_counter_stays_text():
    text = "规划全文如下。\n来源:岳阳市政府门户网 日期:2017-01-12 17:08\n正文开始。"
    assert "来源:岳阳市政府门户网" in clean(text)


def test_a_header_line_printed_again_stands_alone_and_joins_neither_neighbour():
    # A reprint site's title, its byline (removed), the title again over the issuer it names, the title once more
    # over the fields it states: each line of its own, before the repeats are dropped.
    text = ("某市制定地方性法规条例\n作者:法律资料网 时间:2024-07-22 05:37:26 浏览:9174\n某市制定地方性法规条例\n"
            "某省某市人大常委会\n某市制定地方性法规条例\n颁布日期:2001-6-3\n实施日期:2001-8-1\n第一条 为了规范立法活动，制定本条例。")
    assert clean(text).split("\n\n")[:6] == ["某市制定地方性法规条例", "某市制定地方性法规条例", "某省某市人大常委会",
                                               "某市制定地方性法规条例", "颁布日期:2001-6-3", "实施日期:2001-8-1"]
    assert without_header_repeats(clean(text)).split("\n\n")[:3] == ["某市制定地方性法规条例", "某省某市人大常委会",
                                                                         "颁布日期:2001-6-3"]


@pytest.mark.parametrize(("name", "number"), [("中华人民共和国国务院令", "第227号"),
                                              ("某市人民代表大会常务委员会公告", "第三十七号"), ("某省人民政府令", "(第12号)")])
def test_an_order_s_name_over_its_number_is_one_line(name, number):
    text = f"某某条例\n\n{name}\n\n{number}\n\n现发布《某某条例》，自发布之日起施行。"
    assert clean(text).split("\n\n")[1] == name + number


@pytest.mark.parametrize("number", ["周政〔2011〕53号", "周政〔2011〕53號"])
def test_a_document_number_in_either_script_stays_on_its_own_line_under_the_title(number):
    text = f"周口市人民政府关于印发周口市规范性文件管理规定的通知\n{number}\n各县人民政府：\n现将管理规定印发给你们。"
    assert clean(text).split("\n\n")[:2] == ["周口市人民政府关于印发周口市规范性文件管理规定的通知", number]


def test_a_site_s_title_with_a_note_and_the_title_below_it_are_two_lines_not_one():
    text = ("清远市人民政府关于印发《清远市人民政府工作规则》的通知(2019修订)\n清远市人民政府关于印发《清远市人民政府工作规则》的通知\n"
            "各县(市、区)人民政府，市政府各部门：\n新修订的《清远市人民政府工作规则》已经市政府常务会议审议通过。")
    assert clean(text).split("\n\n")[:2] == ["清远市人民政府关于印发《清远市人民政府工作规则》的通知(2019修订)",
                                               "清远市人民政府关于印发《清远市人民政府工作规则》的通知"]


def test_the_first_article_under_a_wrapped_law_s_adoption_note_starts_a_line_of_its_own():
    text = ("中国人民政治协商会议全国委员会工作条例\n1949年10月18日中国人民政治协商会议第一届全国委员会常务委员会第一次会议通过\n"
            "  第一条 中国人民政协全国委员会常务委员会的职权如下:\n  第二条 中国人民政协全国委员会常务委员会的会议,由全国委员会主席副主席视工作\n"
            "需要召开之。\n  第三条 中国人民政协全国委员会分设下列各组,在秘书长领导下,进行研讨和审议工\n作:\n")
    assert clean(text).split("\n\n")[1:3] == ["1949年10月18日中国人民政治协商会议第一届全国委员会常务委员会第一次会议通过",
                                              "第一条 中国人民政协全国委员会常务委员会的职权如下:"]


def test_a_line_printed_again_with_more_after_it_is_not_joined_to_it():
    title = "成都市住房和城乡建设局关于印发社区服务设施建设工程实施方案的通知"
    text = f"{title}\n{title} 各区(市)县政府(管委会…\n{title}"
    assert clean(text).split("\n\n")[0] == title


def test_a_content_farm_s_pinyin_after_a_character_is_no_text_and_brackets_of_text_stay():
    text = "滬府發(fā)〔2017〕92號\n上海市人民政府印發(fā)《關(guān)于本市加強政務誠信建設(shè)的實施意見》的通知"
    assert clean(text, join_lines=False) == "滬府發〔2017〕92號\n\n上海市人民政府印發《關于本市加強政務誠信建設的實施意見》的通知"
    kept = "汇率(rate)与“蹒跚”(pan shan)及规定(试行)"
    assert clean(kept) == kept


def test_a_single_quoted_line_is_no_trail_of_sections():
    assert clean("引文如下。\n> 注意事项\n正文。", join_lines=False) == "引文如下。\n\n> 注意事项\n\n正文。"


def test_a_page_s_dated_line_under_the_title_is_not_joined_to_it():
    text = "封丘縣人民政府辦公室關于推進工作的通知\n時間:2019年06月17日 點擊次數:28596\n各鄉人民政府:"
    assert clean(text).split("\n\n")[:2] == ["封丘縣人民政府辦公室關于推進工作的通知", "時間:2019年06月17日 點擊次數:28596"]


def test_a_legal_site_s_fields_side_by_side_on_one_line_become_a_line_each():
    text = "第 1 章 - 释义及通则条例\n状态:有效 发布日期:1970-01-01 生效日期: 1970-01-01\n发布部门: 香港特别行政区"
    assert clean(text, join_lines=False).split("\n\n")[1:4] == ["状态:有效", "发布日期:1970-01-01", "生效日期: 1970-01-01"]
    prose = "会议时间:上午九时 地点:会议室"  # no field labels: as written
    assert clean(prose) == prose


def test_a_headline_cut_short_in_its_brackets_is_not_joined_to_the_title_under_it():
    text = "《广东省进一步加大力度支持民间投资发展实施\n\n广东省人民政府办公厅关于印发广东省\n\n进一步加大力度支持民间投资发展\n\n实施方案的通知"
    paragraphs = clean(text).split("\n\n")
    assert paragraphs[0] == "《广东省进一步加大力度支持民间投资发展实施"
    assert paragraphs[1].startswith("广东省人民政府办公厅关于印发广东省")
    # A title in brackets wrapped over two lines is still one line.
    assert clean("《广东省进一步加大力度支持民间投资\n发展实施方案》") == "《广东省进一步加大力度支持民间投资发展实施方案》"


def test_a_line_of_keywords_joined_by_underscores_is_spam_and_a_page_title_so_joined_stays():
    spam = "日韩高清亚洲日韩精品一区二区_亚洲成a人片在线观看无码_有奶水三级电视频_婷婷五月天激情综合影院"
    title = "成都市人民政府关于印发成都市市级财政专项资金管理暂行办法的通知"
    assert clean(f"{spam}\n\n{title}\n\n各区(市)县政府:") == f"{title}\n\n各区(市)县政府:"
    page_title = f"{title}_政府文件_成都市人民政府门户网站"
    assert clean(f"{page_title}\n\n正文。", join_lines=False).split("\n\n")[0] == page_title


@pytest.mark.parametrize("line", [
    "此动作为其动作组的的当前动作时，gtk_radio_action_get_current_value() 返回的值。",
    "bash_execute_unix_command: 无法找到命令的键映射。", "不要导出函数；请将它们声明为 G_GNUC_INTERNAL。",
    "附件1_申报表_填报说明", "2024年度_部门预算_公开说明",
])
def test_a_line_of_text_naming_identifiers_or_files_joined_by_underscores_is_kept(line):
    assert clean(f"第一段。\n\n{line}\n\n第三段。") == f"第一段。\n\n{line}\n\n第三段。"


@pytest.mark.parametrize("line, addressed", [
    ("各省、自治区、直辖市人民政府：", True), ("北京市人民政府：", True), ("国务院：", True), ("市委、市政府：", True),
    ("现就有关事项通知如下：", False), ("附件：", False), ("具体要求如下：", False),
])
def test_a_salutation_names_its_addressees_one_body_or_many(line, addressed):
    assert bool(SALUTATION.match(line)) is addressed


def test_a_request_s_title_is_no_wrap_of_its_addressee_nor_its_number_of_the_signer_beside_it():
    text = ("海政文〔2024〕12号 签发人：张三\n北京市海淀区人民政府关于申请设立海淀区科技创新专项资金的请示\n北京市人民政府：\n"
            "为加快建设全国科技创新中心核心区，现申请设立海淀区科技创新专项资金。\n妥否，请批示。")
    assert clean(text).split("\n\n")[:3] == ["海政文〔2024〕12号 签发人：张三", "北京市海淀区人民政府关于申请设立海淀区科技创新专项资金的请示",
                                             "北京市人民政府："]
