"""Structure: titles, outline headings with levels, section paths, and passages that tile the text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongwen.index.cleaning import clean
from tongwen.index.document import Document, Heading
from tongwen.index.structure import (
    PASSAGE_MAX,
    find_headings,
    find_title,
    title_only_opens_text,
    section_path,
    split_passages,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _seed_document(prefix: str) -> Document:
    """The cleaned seed whose name starts with ``prefix``, with its headings."""
    text = clean(next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8"))
    return Document(text=text, title=find_title(text), headings=find_headings(text))


def _levels(text: str, markdown: bool = False) -> list[tuple[int, str]]:
    """(level, text) of the headings found in ``text``."""
    return [(heading.level, heading.text) for heading in find_headings(text, markdown)]


def test_the_title_is_the_first_meaningful_line():
    assert find_title("\n\n▲\n\n魅力海淀\n\n70年來，海淀一直堅持創新發展。") == "魅力海淀"


def test_the_title_of_markdown_is_its_first_heading_without_the_marker():
    assert find_title("# 海淀区简介\n\n正文。", markdown=True) == "海淀区简介"


def test_in_markdown_the_first_level_one_heading_beats_earlier_lines():
    text = "build passing\n\n## 目录\n\n# 海淀区规划\n\n正文。"
    assert find_title(text, markdown=True) == "海淀区规划"
    assert find_title(text, markdown=False) == "build passing"


def test_a_long_first_line_gives_its_first_sentence_as_title():
    assert find_title("新年伊始，万象更新。每年年初，都是各地提交“经济答卷”的时刻。") == "新年伊始，万象更新"


_JOINT_TITLE = ("成都市发展和改革委员会 中共成都市委社会工作部 成都市规划和自然资源局 成都市住房和城乡建设局 "
                "关于印发成都市城市社区嵌入式服务设施建设工程实施方案的通知")


def test_a_hong_kong_ordinance_headed_by_its_chapter_number_is_titled_by_its_name():
    assert find_title("第 1 章 - 释义及通则条例\n\n状态:有效\n\n本条例可引称为《释义及通则条例》。") == "释义及通则条例"
    assert find_title("法规库\n\n第 32 章 - 公司(清盘及杂项条文)条例\n\n第 1 条") == "公司(清盘及杂项条文)条例"


def test_a_title_s_kind_spaced_out_at_its_end_is_closed_up():
    assert find_title("封丘縣人民政府辦公室關于推進政務信息資源共享工作的 通 知\n\n各鄉人民政府:") == (
        "封丘縣人民政府辦公室關于推進政務信息資源共享工作的通知")
    assert find_title("海淀区 规划\n\n正文。") == "海淀区 规划"


def test_a_space_a_page_sets_between_the_issuer_and_the_subject_leaves_the_title():
    assert find_title("封丘縣人民政府辦公室 關于印發封丘縣2020年農村人居環境整治工作方案的通知\n\n各鄉鎮人民政府：") == (
        "封丘縣人民政府辦公室關于印發封丘縣2020年農村人居環境整治工作方案的通知")
    assert find_title("财政部 税务总局关于延续实施小微企业增值税政策的公告\n\n为进一步支持小微企业发展。") == (
        "财政部 税务总局关于延续实施小微企业增值税政策的公告")  # the space between joint issuers stays


def test_a_regulation_s_name_printed_on_one_line_with_its_first_event_is_the_title():
    line = "行政院環境保護署環境保護產品證書規費收費標準中華民國101 年12 月12 日行政院環境保護署環署管字第1010110642 號令訂定發布"
    assert find_title(f"{line}\n\n第一條 本標準依規費法訂定之。") == "行政院環境保護署環境保護產品證書規費收費標準"


def test_a_joint_notice_s_title_with_every_issuer_before_its_subject_is_kept_whole():
    assert len(_JOINT_TITLE) > 70
    # As GB/T 9704 prints it: the issuers a space apart, the last one against 关于.
    assert find_title(f"{_JOINT_TITLE}\n\n各区(市)县政府(管委会):\n\n现将方案印发给你们。") == (
        _JOINT_TITLE.replace(" 关于", "关于"))
    # A long first line that only ends like a title, or holds a sentence, is still cut.
    sentence = "根据" + "国务院关于加强城市社区服务设施建设的有关要求" * 3 + "，现将方案印发给你们。关于做好工作的通知"
    assert len(find_title(sentence)) <= 60


@pytest.mark.parametrize("opening", ["各位代表：", "各位代表！", "各位代表，现在，我代表国务院，作政府工作报告，请予审议。",
                                     "同志们：", "同志们！", "女士们、先生们："])
def test_a_text_opening_with_its_salutation_has_no_title_of_its_own(opening):
    assert find_title(f"{opening}\n\n一、过去一年的工作\n\n过去一年，经济平稳增长。") == ""


@pytest.mark.parametrize("text, title", [
    # Its addressees, then a sentence that forwards a plan by name, printed again on its own line below.
    ("各市、县人民政府：\n\n现将《某省促进居民增收实施方案》印发给你们，请认真组织实施。\n\n某省人民政府\n\n2018年3月27日\n\n"
     "某省促进居民增收实施方案\n\n根据有关精神，制定本方案。", "某省促进居民增收实施方案"),
    ("各市、縣人民政府：\n\n現將《某省促進居民增收實施方案》印發給你們。\n\n某省促進居民增收實施方案\n\n一、總體要求", "某省促進居民增收實施方案"),
    # Addressees named before 各, and a plan adopted, then issued (现予印发).
    ("云南某产业园区管委会，各乡镇人民政府，市级各部门：\n\n《某市人民政府常务会议议事规则》已经市人民政府常务会议通过，现予印发。\n\n"
     "某市人民政府\n\n2024年11月20日\n\n某市人民政府常务会议议事规则\n\n第一章 总 则", "某市人民政府常务会议议事规则"),
    # The name forwarded is never printed on a line of its own: no title.
    ("各市、县人民政府：\n\n现将《某省促进居民增收实施方案》印发给你们。\n\n一、总体要求\n\n根据有关精神，制定本方案。", ""),
])
def test_a_notice_opening_with_its_addressees_goes_by_the_title_of_what_it_forwards(text, title):
    assert find_title(text) == title


@pytest.mark.parametrize("text, title", [
    ("立法法的品性/卓泽渊\n\n立法法的品性\n\n法制日报2000年7月2日\n\n我们可以说，立法应当是民主和法治的过程。", "立法法的品性"),
    # A slash inside a title, with nothing printed again below: the line as it is.
    ("城市/乡村规划\n\n为加强规划管理，制定本规划。", "城市/乡村规划"),
])
def test_a_reprint_s_title_loses_the_author_after_its_slash_when_the_title_is_printed_alone_below(text, title):
    assert find_title(text) == title


@pytest.mark.parametrize("text, title", [
    ("决胜全面建成小康社会\n\n为夺取新时代中国特色社会主义伟大胜利\n\n——在中国共产党第十九次全国代表大会上的报告\n\n同志们：",
     "决胜全面建成小康社会 为夺取新时代中国特色社会主义伟大胜利"),
    # One line of title above its subtitle stays one line; so does a title above a first sentence.
    ("政府工作报告\n\n——2024年1月21日在北京市第十六届人民代表大会第二次会议上\n\n北京市市长 殷勇", "政府工作报告"),
    ("海淀区湿地保护规划\n\n为加强湿地保护，制定本规划。\n\n——附件", "海淀区湿地保护规划"),
])
def test_a_title_set_on_two_lines_above_its_dashed_subtitle_is_one_title(text, title):
    assert find_title(text) == title


@pytest.mark.parametrize("text, stands_in", [
    ("第十四届全国人民代表大会第二次会议听取了政府工作报告。会议充分肯定国务院的工作。", True),  # its first sentence
    ("第二届全国人民代表大会第三次会议听取了政府工作报告，并且进行了充分的讨论。\n\n会议认为。", True),
    ("一、去年\n\n去年，这里没有任何组织。", True),  # a section heading
    ("（此件公开发布）\n\n各区人民政府：", True),  # a note
    ("新年伊始，万象更新。每年年初，都是各地提交“经济答卷”的时刻。", True),
    ("海淀区湿地保护规划\n\n为加强湿地保护，制定本规划。", False),  # a title printed above the body
    ("海淀区简介。\n\n正文。", False),
    ("关于开展调研\n\n现将有关事项通知如下。", False),
    ("各位代表：\n\n现在，我代表国务院。", False),  # no title at all: the file's name is taken anyway
])
def test_a_title_that_only_opens_the_text_is_told_from_a_title_printed_for_it(text, stands_in):
    assert title_only_opens_text(text, find_title(text)) is stands_in


@pytest.mark.parametrize("text, title", [
    ("（中央社記者王小明台北16日電）行政院會今天通過某條例修正草案，將送立法院審議。\n\n第二段。",
     "行政院會今天通過某條例修正草案，將送立法院審議"),
    ("【記者陳小華／台北報導】衛福部今天宣布，明年起擴大長照服務。\n\n衛福部表示，將持續檢討。",
     "衛福部今天宣布，明年起擴大長照服務"),
    ("〔記者李小美／台北報導〕勞動部今日召開記者會，說明明年新制。\n\n首先。", "勞動部今日召開記者會，說明明年新制"),
    ("新华社北京3月1日电（记者张三）国务院常务会议1日召开，研究部署优化营商环境工作。\n\n会议指出。",
     "国务院常务会议1日召开，研究部署优化营商环境工作"),
    ("中新网3月1日电 2月份全国居民消费价格同比上涨0.7%，涨幅回落。\n\n其中。",
     "2月份全国居民消费价格同比上涨0.7%，涨幅回落"),
    ("本报讯（记者 王五）某区召开推进会，部署全年工作。\n\n会议要求。", "某区召开推进会，部署全年工作"),
    # The byline alone on its line above the story; a headline above its byline keeps its place.
    ("【記者陳小華／台北報導】\n\n衛福部今天宣布，擴大長照服務。", "衛福部今天宣布，擴大長照服務"),
    ("長照擴大適用對象\n\n【記者陳小華／台北報導】衛福部今天宣布。", "長照擴大適用對象"),
    # A database's field in brackets is no byline: the line is skipped as before.
    ("【法宝引证码】 CLI.12.748997\n\n某市人民政府关于加强管理的通知", "某市人民政府关于加强管理的通知"),
])
def test_a_story_without_a_headline_is_titled_by_its_first_sentence_after_its_byline(text, title):
    assert find_title(text) == title
    assert title_only_opens_text(text, title) is (not text.startswith(("長照", "【法宝")))


TAIWAN_LETTER = ("檔　　號：\n保存年限：\n行政院　函\n地址：100009臺北市中正區忠孝東路1段1號\n受文者：內政部\n"
                 "發文日期：中華民國113年5月15日\n發文字號：院臺法字第1130012345號\n速別：普通件\n附件：如文\n"
                 "主旨：所報「某某辦法」修正草案一案，准予備查，請查照。\n說明：\n一、復貴部113年4月30日函。\n院長　卓榮泰")


@pytest.mark.parametrize("text, title", [
    (TAIWAN_LETTER, "所報「某某辦法」修正草案一案，准予備查"),
    ("內政部　公告\n發文日期：中華民國113年5月15日\n發文字號：台內法字第1130801234號\n"
     "主旨：預告修正「某某辦法」草案。\n依據：行政程序法第一百五十一條。", "預告修正「某某辦法」草案"),
    ("臺北市政府　函\n受文者：本府各機關\n發文日期：中華民國113年5月15日\n主旨：檢送某某要點一份，請查照。",
     "檢送某某要點一份"),
    # A scan's text: specks before the labels; a request is only one that closes the subject.
    ("檔號:\n-保存年限:\n某某縣政府函\n:受文者:某某縣消防局\n:發文日期:中華民國115年9月29日\n"
     "‧主旨:函轉某某部辦理講座課程,請依業務需求自行報名參加,請查照。\n:說明:", "函轉某某部辦理講座課程,請依業務需求自行報名參加"),
    # A gazette prints the filing fields without the head.
    ("行政院公報 第030卷 第090期 20240515 法制篇\n發文機關：內政部\n發文字號：台內法字第1130801234號\n"
     "發文日期：中華民國113年5月15日\n主旨：預告修正「某某辦法」草案。\n依據：行政程序法。", "預告修正「某某辦法」草案"),
    # An order prints no subject: its head is its title, never the number under its date.
    ("總統令\n中華民國113年5月15日\n華總一義字第11300044841號\n茲修正漁業法第二條條文，公布之。", "總統令"),
    # A subject with no organ's head above it is a line like any other.
    ("主旨：某某事項，請查照。\n說明：略。", "主旨：某某事項，請查照"),
])
def test_a_taiwan_official_document_is_titled_by_its_subject_without_its_closing_request(text, title):
    assert find_title(text) == title


@pytest.mark.parametrize("text", [
    "大法官解釋(舊制)\n發文單位:\n司法院\n解釋字號:\n釋字第 150 號\n解釋日期:\n民國 66 年 09 月 16 日\n解釋文:\n某某。",
    "大法官解釋\n發文單位：司法院\n解釋字號：釋字第 150 號\n解釋日期：民國 66 年 09 月 16 日\n解釋文：某某。",
])
def test_a_constitutional_interpretation_is_titled_by_its_number_not_by_the_site_s_section(text):
    assert find_title(text) == "釋字第150號"


@pytest.mark.parametrize("text, title", [
    ("委 員 會 紀 錄\n\n立法院第10屆第1會期某某委員會第26次全體委員會議紀錄\n\n時  間 中華民國109年5月14日",
     "立法院第10屆第1會期某某委員會第26次全體委員會議紀錄"),
    ("通 知\n\n某某市人民政府关于做好某项工作的通知\n\n各区人民政府：", "某某市人民政府关于做好某项工作的通知"),
    # A short first line that is no kind of what follows stays the title.
    ("海淀区\n\n一、基本情况\n\n海淀区位于北京市区西北部。", "海淀区"),
])
def test_a_kind_heading_over_the_whole_title_gives_way_to_it(text, title):
    assert find_title(text) == title


def test_a_page_s_field_below_its_furniture_is_no_title_though_it_ends_as_one():
    text = "網站導覽\n\n發文單位: 交通部\n\n發文字號: 交郵88字第 06485 號公告\n\n關於某某事項之公告\n\n正文。"
    assert find_title(text) == "關於某某事項之公告"


@pytest.mark.parametrize("text, title", [
    ("2023年西安市政府工作报告(20230224)\n\n各位代表：现在，我代表市人民政府向大会报告工作。", "2023年西安市政府工作报告"),
    ("某某规划(2021-2025年)\n\n正文。", "某某规划(2021-2025年)"),  # a plan's years are its title's
])
def test_a_sharing_site_s_upload_date_after_a_title_is_no_part_of_it(text, title):
    assert find_title(text) == title


def test_a_colon_does_not_cut_a_title():
    assert find_title("专题：海淀区创新之路\n\n正文。") == "专题：海淀区创新之路"


def test_a_text_without_words_has_no_title():
    assert find_title("\n\n123\n\n—— …\n") == ""


def test_chinese_outline_markers_give_heading_levels_and_keep_the_marker():
    text = "三、主要任务\n\n(二)着力增强产业核心竞争力\n\n1.超前布局战略先导产业\n\n(1)率先在超级计算机领域突破\n\n正文。"
    assert _levels(text) == [
        (1, "三、主要任务"),
        (2, "(二)着力增强产业核心竞争力"),
        (3, "1.超前布局战略先导产业"),
        (4, "(1)率先在超级计算机领域突破"),
    ]


def test_full_width_brackets_and_enumeration_commas_are_outline_markers_too():
    assert _levels("一、总则\n\n（一）目的\n\n1、范围\n\n（1）对象") == [
        (1, "一、总则"), (2, "（一）目的"), (3, "1、范围"), (4, "（1）对象"),
    ]


def test_heading_spans_cover_their_text_at_a_paragraph_start():
    text = "前言。\n\n一、发展成就与面临形势\n\n内容。"
    (heading,) = find_headings(text)
    assert heading == Heading(start=5, end=16, level=1, text="一、发展成就与面临形势")
    assert text[heading.start:heading.end] == heading.text


def test_a_long_paragraph_opening_with_a_marker_gives_its_first_clause_as_heading():
    text = "1.加强组织领导。各级政府要把规划实施摆在突出位置，建立健全工作机制，明确责任分工，确保各项任务落到实处。"
    assert _levels(text) == [(3, "1.加强组织领导")]


def test_a_marker_paragraph_without_an_early_sentence_end_is_cut_near_forty_characters():
    text = "一、" + "聚焦功能定位抓服务原始创新和自主创新" * 3 + "，继续推进。" + "后文" * 30
    (heading,) = find_headings(text)
    assert heading.text.startswith("一、聚焦功能定位")
    assert len(heading.text) <= 40


def test_a_long_marker_paragraph_is_cut_at_its_last_clause_break_before_forty_characters():
    text = "二、聚焦首都添秤，构建高精尖经济结构" + "并且继续深入推进" * 8 + "。"
    assert _levels(text) == [(1, "二、聚焦首都添秤")]


def test_numbered_items_of_a_sentence_are_not_headings():
    text = "主要包括：\n\n1.科技创新供给达到新高度；\n\n2.新经济发展呈现新融合；\n\n3.创新创业呈现新特点。"
    assert _levels(text) == []


def test_a_number_that_does_not_continue_the_outline_is_not_a_heading():
    assert _levels("一、总体要求\n\n5.随便一段话，不是标题\n\n二、主要任务") == [(1, "一、总体要求"), (1, "二、主要任务")]


def test_numbering_restarts_under_each_parent_heading():
    text = "(一)回顾\n\n1.甲\n\n2.乙\n\n(二)形势\n\n1.丙\n\n2.丁"
    assert [level for level, _ in _levels(text)] == [2, 3, 3, 2, 3, 3]


def test_decimal_numbers_and_years_are_not_outline_markers():
    assert _levels("1.84万亿元的总收入\n\n2016年海淀园规模以上企业\n\n3.0版的跨越发展") == []


def test_markdown_headings_have_the_level_of_their_hashes():
    assert _levels("# 总览\n\n## 关键数字\n\n### 创新是主引擎 ###\n\n正文", markdown=True) == [
        (1, "总览"), (2, "关键数字"), (3, "创新是主引擎"),
    ]


def test_in_markdown_an_ordered_list_item_is_not_a_heading():
    assert _levels("## 任务\n\n1. 第一项工作\n\n2. 第二项工作\n\n1、正式条目", markdown=True) == [
        (2, "任务"), (3, "1、正式条目"),
    ]


def test_in_plain_text_a_short_hash_line_is_a_heading_but_a_long_one_is_not():
    assert _levels("## 关键数字\n\n# " + "很长的一行" * 20) == [(2, "关键数字")]


def test_the_section_path_joins_the_headings_an_offset_sits_under():
    headings = (
        Heading(0, 6, 1, "三、主要任务"),
        Heading(10, 20, 2, "(一)全面提升"),
        Heading(30, 40, 2, "(二)着力增强产业核心竞争力"),
        Heading(50, 60, 3, "1.超前布局"),
        Heading(70, 76, 1, "四、保障措施"),
    )
    assert section_path(headings, 35) == "三、主要任务 › (二)着力增强产业核心竞争力"
    assert section_path(headings, 55) == "三、主要任务 › (二)着力增强产业核心竞争力 › 1.超前布局"
    assert section_path(headings, 70) == "四、保障措施"
    assert section_path(headings, 5) == "三、主要任务"


def test_before_the_first_heading_the_section_path_is_empty():
    assert section_path((Heading(10, 16, 1, "一、总则"),), 3) == ""
    assert section_path((), 3) == ""


def test_short_paragraphs_of_one_section_are_merged_into_one_passage():
    text = "短段一。\n\n短段二。\n\n短段三。"
    assert [(p.start, p.end) for p in split_passages(Document(text=text, title="t"))] == [(0, len(text))]


def test_a_heading_starts_a_new_passage_even_after_a_short_one():
    text = "前言。\n\n一、总则\n\n总则正文。\n\n二、附则\n\n附则正文。"
    doc = Document(text=text, title="t", headings=find_headings(text))
    passages = split_passages(doc)
    assert [text[p.start:p.end] for p in passages] == ["前言。", "一、总则\n\n总则正文。", "二、附则\n\n附则正文。"]
    assert [p.section for p in passages] == ["", "一、总则", "二、附则"]


def test_a_long_paragraph_is_split_at_sentence_ends():
    sentence = "海淀区坚持创新驱动发展战略，加快建设全国科技创新中心核心区。"
    text = sentence * 45
    passages = split_passages(Document(text=text, title="t"))
    assert len(passages) == 3
    for passage in passages:
        assert passage.end - passage.start <= PASSAGE_MAX
        assert text[passage.start:passage.end].endswith("。")


def test_a_long_paragraph_without_sentence_ends_is_cut_hard():
    text = "创新" * 700
    passages = split_passages(Document(text=text, title="t"))
    assert [p.end - p.start for p in passages] == [PASSAGE_MAX, PASSAGE_MAX, 200]


def test_a_hard_cut_does_not_split_a_latin_word():
    text = "创" * 597 + " RISC-V " + "新" * 10
    first = split_passages(Document(text=text, title="t"))[0]
    assert text[first.start:first.end].endswith("创")


def test_seed_004_headings_are_found_with_their_levels():
    doc = _seed_document("004")
    found = {(heading.level, heading.text) for heading in doc.headings}
    assert (1, "一、发展成就与面临形势") in found
    assert (1, "三、主要任务") in found
    assert (2, "(二)着力增强产业核心竞争力,加快构建“高精尖”经济结构") in found
    assert (3, "1.超前布局战略先导产业,抢占新兴产业制高点") in found
    assert (3, "6、深化军民融合创新,构筑新型军民融合产业体系") in found
    assert (1, "四、保障措施") in found
    assert not any(text.isdigit() for _, text in found)


def test_seed_004_passages_under_a_subsection_carry_its_path():
    doc = _seed_document("004")
    start = doc.text.index("瞄准消费型制造")
    (passage,) = [p for p in split_passages(doc) if p.start <= start < p.end]
    assert passage.section.startswith("三、主要任务 › (二)着力增强产业核心竞争力")
    assert passage.section.endswith("2.做优做强优势主导产业,形成稳固的区域经济支撑点")


def test_seed_001_headings_are_the_first_clauses_of_their_paragraphs():
    assert [(h.level, h.text) for h in _seed_document("001").headings] == [
        (1, "一、聚焦功能定位，抓服务原始创新和自主创新"),
        (1, "二、聚焦首都添秤，构建高精尖经济结构"),
        (1, "三、聚焦先行先试，打造制度创新高地"),
    ]


def test_seed_003_markdown_style_headings_in_plain_text_are_found():
    assert [(h.level, h.text) for h in _seed_document("003").headings] == [
        (2, "关键数字"), (2, "发展密码"), (3, "创新是经济快速增长“主引擎”"),
    ]


def _check_passages(doc: Document) -> None:
    """Assert every passage invariant on ``doc``."""
    text = doc.text
    passages = split_passages(doc)
    covered = [False] * len(text)
    previous_end = 0
    for passage in passages:
        assert previous_end <= passage.start < passage.end <= len(text)
        assert 0 < passage.end - passage.start <= PASSAGE_MAX
        assert not text[passage.start].isspace() and not text[passage.end - 1].isspace()
        for heading in doc.headings:
            assert not passage.start < heading.start < passage.end
        assert passage.section == section_path(doc.headings, passage.start)
        for position in range(passage.start, passage.end):
            covered[position] = True
        previous_end = passage.end
    assert all(covered[position] or char.isspace() for position, char in enumerate(text))
    for heading in doc.headings:
        assert any(passage.start == heading.start for passage in passages)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_passages_tile_the_text(prefix):
    _check_passages(_seed_document(prefix))


_PIECES = st.sampled_from(
    ["海淀区", "创新", "。", "，", "；", "\n\n", "\n", " ", "一、", "二、", "(一)", "(二)", "1.", "2.", "(1)",
     "## ", "RISC-V", "GDP", "5G", "2016年", "！"]
)
_PARAGRAPH = st.lists(_PIECES, min_size=1, max_size=30).map("".join)
_LONG = st.integers(min_value=1, max_value=900).map(lambda n: "发展" * n)
_DOCUMENT = st.lists(st.one_of(_PARAGRAPH, _PARAGRAPH, _LONG), max_size=12).map("\n\n".join)


@settings(max_examples=300, deadline=None)
@given(_DOCUMENT, st.booleans())
def test_passages_cover_the_text_in_order_without_crossing_headings(raw, markdown):
    text = clean(raw)
    _check_passages(Document(text=text, title="t", headings=find_headings(text, markdown)))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text_splits_into_valid_passages(text):
    _check_passages(Document(text=text, title="t", headings=find_headings(text)))


RED_HEADER = ("国家发展改革委办公厅\n国 家 税 务 总 局 办 公 厅 文件\n\n发改办财金〔2024〕12号\n\n"
              "国家发展改革委办公厅 国家税务总局办公厅\n关于进一步加强信用体系建设的通知\n\n"
              "各省、自治区、直辖市发展改革委，国家税务总局各省、自治区、直辖市税务局：\n\n"
              "为深入贯彻落实党中央、国务院决策部署，现就有关事项通知如下。\n\n一、总体要求\n\n加强信用体系建设。\n\n"
              "国家发展改革委办公厅\n国家税务总局办公厅\n2024年3月1日\n")


def test_a_red_header_notice_is_titled_under_its_letterhead_and_its_addressees_open_the_text():
    text = clean(RED_HEADER)
    assert find_title(text) == "国家发展改革委办公厅 国家税务总局办公厅关于进一步加强信用体系建设的通知"
    assert "\n\n各省、自治区、直辖市发展改革委，国家税务总局各省、自治区、直辖市税务局：\n\n" in text


@pytest.mark.parametrize("above", ["", "国家税务总局办公厅文件\n\n税总办发〔2024〕3号\n\n"])
def test_a_notice_title_set_on_two_lines_of_its_own_is_one_title(above):
    text = f"{above}关于进一步做好个人所得税综合所得汇算\n\n清缴工作的通知\n\n各省、自治区：\n\n现将有关事项通知如下。"
    assert find_title(text) == "关于进一步做好个人所得税综合所得汇算清缴工作的通知"
    # Two lines that do not make a notice's title stay apart.
    assert find_title("关于开展调研\n\n现将有关事项通知如下。") == "关于开展调研"


def test_a_plan_whose_first_line_is_its_title_keeps_it_though_a_notice_title_follows():
    body = "\n\n".join(f"第{n}项任务是加快推进科技创新体系建设，提升区域创新能力和产业竞争力水平。" for n in range(1, 8))
    text = clean(f"海淀区促进科技创新发展规划\n\n关于印发海淀区促进科技创新发展规划的通知\n\n各街道：\n\n{body}")
    assert find_title(text) == "海淀区促进科技创新发展规划"


@pytest.mark.parametrize("text, title", [
    # A Traditional red-header notice: its title under the letterhead and number, as a Simplified one.
    ("國家稅務總局辦公廳文件\n\n稅總辦發〔2024〕3號\n\n關於進一步做好個人所得稅綜合所得匯算\n\n清繳工作的通知\n\n各省、自治區：",
     "關於進一步做好個人所得稅綜合所得匯算清繳工作的通知"),
    # The issuer on a line of its own right above 关于 begins the title; a letterhead with its number does not.
    ("湖南省人民政府\n\n關於下達《湖南省2017年國民經濟和\n\n社會發展計劃》的通知\n\n湘政發〔2017〕10號\n\n各市州：",
     "湖南省人民政府關於下達《湖南省2017年國民經濟和社會發展計劃》的通知"),
    ("湖南省人民政府\n\n湘政函〔2017〕5號\n\n關於同意設立產業園的\n\n批復\n\n長沙市人民政府：", "關於同意設立產業園的批復"),
    # 若干意见 ends a title as 意见 does.
    ("省人民政府關于\n\n進一步優化營商環境的若干意見\n\n鄂政發〔2018〕26號\n\n各市、州、縣人民政府：",
     "省人民政府關于進一步優化營商環境的若干意見"),
    # A site's title line: the number before the title, the title in book-title marks.
    ("京政办发〔2016〕26号《北京市人民政府办公厅关于印发〈北京市2016年政务公开工作要点〉的通知》\n\n各区人民政府：",
     "北京市人民政府办公厅关于印发〈北京市2016年政务公开工作要点〉的通知"),
    ("晋政办发〔2017〕55号 山西省人民政府办公厅关于印发工作方案的通知\n\n各市、县人民政府：", "山西省人民政府办公厅关于印发工作方案的通知"),
    ("《成都市人民政府辦公廳關于建立報告制度的通知》\n\n瀏覽量: 時間:2018-11-13 15:36:26", "成都市人民政府辦公廳關于建立報告制度的通知"),
    ("《中华人民共和国宪法》修正案\n\n第一条", "《中华人民共和国宪法》修正案"),
    # A page's labelled line and its trail of sections are no title; nor the site's section before a title, nor the
    # number after it in brackets.
    ("归档时间:2018-11-21\n\n广东规范性文件 > 正文阅览\n\n某市人民政府关于印发工作规则的通知(某政发〔2017〕2号)\n\n各县：",
     "某市人民政府关于印发工作规则的通知"),
    ("政务服务丨济宁市人民政府关于深化改革的实施意见\n\n- 发布日期:2021-07-19", "济宁市人民政府关于深化改革的实施意见"),
    ("各位代表：\n\n现在，我代表国务院，向大会报告政府工作。", ""),
    # A saved page opens with its site's name, sections and counters: the title is the first line that reads as one,
    # a title set on two lines too, before the body begins.
    ("某县人民政府\n\n首页 >> 公开信息内容\n\n某县人民政府办公室关于印发突发环境事件应急预案的通知\n\n各乡镇人民政府：",
     "某县人民政府办公室关于印发突发环境事件应急预案的通知"),
    ("宣传人大制度，构建和谐文明。\n\n主任之窗\n\n自身建设\n\n某州人民代表大会常务委员会机关公文处理办法\n\n第一章 总则",
     "某州人民代表大会常务委员会机关公文处理办法"),
    ("某省人民政府办公厅文件\n\n时间:2019-05-14\n\n某省人民政府办公厅关于加强普通高等学校\n\n毕业生就业工作的通知\n\n各市州：",
     "某省人民政府办公厅关于加强普通高等学校毕业生就业工作的通知"),
    # Not past a chapter, a section or a sentence of the body: a code's name, a speech's title stay the title.
    ("中华人民共和国民法典\n\n第一编 总则\n\n第一章 基本规定\n\n第一条 为了保护民事主体的合法权益，制定本法。",
     "中华人民共和国民法典"),
    ("坚定不移沿着中国特色社会主义道路前进\n\n同志们：\n\n现在，我代表第十七届中央委员会向大会作报告。\n\n关于印发工作规则的通知",
     "坚定不移沿着中国特色社会主义道路前进"),
])
def test_a_title_is_read_alike_in_either_script_and_from_the_lines_a_site_sets_it_on(text, title):
    assert find_title(text) == title


@pytest.mark.parametrize("text, title", [
    ("北京市数据交易管理办法\n（征求意见稿）\n第一条　为了规范数据交易活动，制定本办法。", "北京市数据交易管理办法（征求意见稿）"),
    ("個人資料保護法施行細則\n(草案)\n第一條　本細則依本法訂定之。", "個人資料保護法施行細則(草案)"),
    ("某某管理办法（试行）\n（试行）\n第一条　总则。", "某某管理办法（试行）"),  # printed once in the title, kept once
    ("北京市数据交易管理办法\n（2024年1月5日公布）\n第一条　总则。", "北京市数据交易管理办法"),  # a date note is no stage
])
def test_a_draft_s_or_trial_s_stage_under_its_title_is_part_of_the_title(text, title):
    assert find_title(text) == title


@pytest.mark.parametrize("text, markdown, title", [
    ("# 中华人民共和国民法典\n\n# 人格权编\n\n2020年5月28日 第十三届全国人民代表大会第三次会议通过\n\n## 第一章 一般规定",
     True, "中华人民共和国民法典 人格权编"),
    ("中华人民共和国民法典\n\n总则\n\n第一章 基本规定\n\n第一条 为了保护民事主体的合法权益，制定本法。", False,
     "中华人民共和国民法典 总则"),
    ("中華人民共和國民法典\n附則\n第一千二百五十九條 民法所稱的「以上」，包括本數。", False, "中華人民共和國民法典 附則"),
    # A numbered part opens the whole code; a law's chapter is no part of its title.
    ("中华人民共和国民法典\n\n第一编 总则\n\n第一章 基本规定", False, "中华人民共和国民法典"),
    ("某某管理办法\n\n总则\n\n第一条 为了规范管理，制定本办法。", False, "某某管理办法"),
])
def test_a_code_s_part_filed_on_its_own_is_named_in_the_title(text, markdown, title):
    assert find_title(text, markdown=markdown) == title
