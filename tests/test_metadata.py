"""Policy metadata: issuing body, document number, date, year and type, by rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tongwen.index.metadata import extract_metadata
from tongwen.index.readers import read_document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
KEYS = {"agency", "number", "date", "year", "type"}


def _notice(*lines: str) -> str:
    return "\n\n".join(lines)


def test_the_damaged_seed_plan_yields_its_district_government_month_and_number():
    text = (SEEDS / "004_61be5e8a0eccf6bc.txt").read_text(encoding="utf-8")
    assert extract_metadata(text) == {
        "agency": "北京市海淀区人民政府", "number": "海政发〔2016〕40号", "date": "2016-11", "year": 2016, "type": "规划",
    }


def test_the_seed_plan_keeps_its_metadata_after_cleaning():
    document = read_document(SEEDS / "004_61be5e8a0eccf6bc.txt")
    found = extract_metadata(document.text, {"title": document.title})
    assert found["agency"] == "北京市海淀区人民政府"
    assert (found["date"], found["year"], found["type"]) == ("2016-11", 2016, "规划")


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda path: path.name[:3])
def test_seed_articles_and_reports_get_no_invented_number_or_date(seed):
    found = extract_metadata(seed.read_text(encoding="utf-8"))
    if not seed.name.startswith("004"):
        assert "number" not in found and "date" not in found


def test_a_state_council_notice_signed_at_the_end_in_chinese_numerals():
    text = _notice("国务院办公厅关于印发科技体制改革实施方案的通知", "国办发〔2015〕46号",
                   "各省、自治区、直辖市人民政府：", "现将《实施方案》印发给你们，请认真贯彻执行。",
                   "国务院办公厅", "二〇一五年十一月三日", "（此件公开发布）")
    assert extract_metadata(text) == {
        "agency": "国务院办公厅", "number": "国办发〔2015〕46号", "date": "2015-11-03", "year": 2015, "type": "通知",
    }


@pytest.mark.parametrize("written", ["海政发〔2016〕40号", "海政发[2016]40号", "海政发(2016)40号",
                                     "海政发［2016］40号", "海政发（2016）40号", "海政发 〔2016〕 40 号",
                                     "海政发〔2016〕040号", "海政发〔2016〕40号 签发人：张三"])
def test_every_bracket_form_of_a_number_reads_as_the_standard_one(written):
    assert extract_metadata(_notice("标题", written, "正文。"))["number"] == "海政发〔2016〕40号"


def test_a_damaged_number_is_restored_only_when_the_date_confirms_its_year():
    confirmed = extract_metadata(_notice("标题", "海政发〔201640", "北京市海淀区人民政府", "2016年11月"))
    contradicted = extract_metadata(_notice("标题", "海政发〔201640", "北京市海淀区人民政府", "2017年11月"))
    undated = extract_metadata(_notice("标题", "海政发〔201640", "正文。"))
    assert confirmed["number"] == "海政发〔2016〕40号"
    assert "number" not in contradicted and contradicted["year"] == 2017
    assert "number" not in undated and "year" not in undated


def test_numbers_cited_in_the_body_and_site_registrations_are_not_the_document_number():
    text = _notice("关于开展检查的通知", "各单位：", "根据《国务院关于印发的通知》（国发〔2015〕62号）要求，开展检查。",
                   "依据国发〔2014〕3号文件精神。", "京ICP备05084924号-5")
    assert "number" not in extract_metadata(text)


def test_a_labelled_number_and_date_count_wherever_the_line_is():
    text = _notice("海淀区年度工作要点", "正文。" * 20, "发文字号：海政发〔2016〕40号  成文日期：2016-11-17")
    found = extract_metadata(text)
    assert (found["number"], found["date"]) == ("海政发〔2016〕40号", "2016-11-17")


@pytest.mark.parametrize("line, iso", [
    ("2016年11月17日", "2016-11-17"), ("2016年11月", "2016-11"), ("2016-11-17", "2016-11-17"),
    ("2016/1/7", "2016-01-07"), ("二〇一六年十一月十七日", "2016-11-17"), ("二○一六年一月三十一日", "2016-01-31"),
    ("２０１６年１１月１７日", "2016-11-17"), ("（2016年11月17日北京市人民政府第5次常务会议通过）", "2016-11-17"),
    ("北京市海淀区人民政府 2016年11月17日", "2016-11-17"), ("2016年11月17日印发", "2016-11-17"),
    ("二00五年六月十七日", "2005-06-17"),  # its zeros typed as digits
    ("二 ○ ○ 四 年 四 月 二 十 一 日 ( 星 期 三 )", "2004-04-21"),  # set with its characters spaced out
    ("二零一六年九月二日。", "2016-09-02"),  # a full stop after it, as Macao's gazette writes it
    ("2007 年 7 月 1 日", "2007-07-01"),
])
def test_dates_in_every_common_form_become_iso(line, iso):
    assert extract_metadata(_notice("关于开展检查的通知", line, "正文。"))["date"] == iso


@pytest.mark.parametrize("line", ["2016年13月", "2016年2月30日", "1850年1月1日", "2016年，海淀区地区生产总值增长。",
                                  "本办法自2017年1月1日起施行。"])
def test_impossible_dates_and_dates_inside_sentences_are_not_the_document_date(line):
    assert "date" not in extract_metadata(_notice("关于开展检查的通知", line, "正文。"))


def test_the_signature_date_wins_over_a_publication_date_from_the_page():
    found = extract_metadata(_notice("关于开展检查的通知", "正文。", "海淀区人民政府", "2016年11月17日"), {"date": "2016-11-20"})
    assert found["date"] == "2016-11-17"
    assert extract_metadata("关于开展检查的通知\n\n正文。", {"date": "2016-11-20 09:30"})["date"] == "2016-11-20"


@pytest.mark.parametrize("title, kind", [
    ("海淀区“十三五”时期加强全国科技创新中心核心区建设规划", "规划"), ("关于加强科技创新的实施意见", "意见"),
    ("海淀区促进科技成果转化管理办法（试行）", "办法"), ("关于支持企业发展的若干措施实施细则", "细则"),
    ("北京市海淀区人民政府关于同意设立产业园的批复", "批复"), ("关于商请支持的函", "函"), ("关于征求意见的复函", "函"),
    ("北京市科学技术进步条例", "条例"), ("海淀区2023年政府工作报告", "报告"), ("关于禁止燃放烟花爆竹的通告", "通告"),
    ("海淀区人民政府公告", "公告"), ("关于表彰先进集体的决定", "决定"), ("关于印发《工作方案》的通知", "通知"),
    ("海淀区数字经济行动计划（2022—2025年）", "计划"), ("关于加快发展的若干规定(征求意见稿)", "规定"),
    ("財政部各地區國稅局組織通則", "通则"), ("关于区十七届人大三次会议第12号建议的答复", "答复"),
    ("對市政協十三屆二次會議第105號提案的答覆", "答复"), ("中华人民共和国民法典", "法"),
    ("中华人民共和国刑法修正案（十一）", "修正案"), ("药品经营质量管理规范", "规范"), ("人体损伤程度鉴定标准", "标准"),
    ("北京市人民代表大会常务委员会组成人员守则", "守则"), ("營造安全衛生設施標準", "标准"), ("會計師職業道德規範", "规范"),
    ("公務人員考績獎懲準則", "准则"), ("行政院組織規程", "规程"), ("最高人民法院关于审理名誉权案件若干问题的解答", "解答"),
])
def test_the_type_is_read_off_the_end_of_the_title(title, kind):
    assert extract_metadata(_notice(title, "正文。"))["type"] == kind


@pytest.mark.parametrize("title, kind", [
    ("关于提请审议某某条例草案的议案", "议案"), ("关于修改某某决议案的议案", "议案"),
    ("宁某某诉某市住房和城乡建设局房屋征收补偿安置协议案", None),  # a court case over an agreement
])
def test_a_motion_is_told_from_a_court_case_over_an_agreement(title, kind):
    assert extract_metadata(_notice(title, "正文。")).get("type") == kind


@pytest.mark.parametrize("title, kind", [
    ("内地与香港特别行政区关于建立更紧密经贸关系的安排", "安排"), ("最高人民法院关于内地与澳门特别行政区相互认可和执行仲裁裁决的安排", "安排"),
    ("星期日於灣仔北實施的特別交通及運輸安排", None),  # a release's headline about traffic arrangements
])
def test_an_arrangement_between_the_mainland_and_hong_kong_or_macao_is_told_from_a_release_on_arrangements(title, kind):
    assert extract_metadata(_notice(title, "正文。")).get("type") == kind


def test_the_declared_title_decides_the_type_before_the_text_and_the_site_name_is_ignored():
    found = extract_metadata("正文第一行\n\n正文。", {"title": "关于同意设立产业园的批复_北京市海淀区人民政府网站"})
    assert found["type"] == "批复"
    assert "type" not in extract_metadata("海淀区2023年经济运行情况\n\n正文。")


def test_the_issuing_body_comes_from_the_signature_then_the_title_then_the_cover():
    signed = _notice("关于开展检查的通知", "正文。", "北京市海淀区科学技术委员会", "2016年11月17日")
    titled = _notice("北京市财政局 北京市科学技术委员会关于印发《资金管理办法》的通知", "正文。")
    cover = _notice("海淀区科技创新规划", "海淀区人民政府", "2016年11月", "正文。")
    assert extract_metadata(signed)["agency"] == "北京市海淀区科学技术委员会"
    assert extract_metadata(titled)["agency"] == "北京市财政局、北京市科学技术委员会"
    assert extract_metadata(cover)["agency"] == "海淀区人民政府"


@pytest.mark.parametrize("lines, agency", [
    (["国家发展改革委办公厅 国家税务总局办公厅关于进一步加强信用体系建设的通知", "发改办财金〔2024〕12号", "各省发展改革委：",
      "现就有关事项通知如下。", "国家发展改革委办公厅", "国家税务总局办公厅", "2024年3月1日"],
     "国家发展改革委办公厅、国家税务总局办公厅"),
    (["教育部 财政部关于做好2024年学生资助工作的通知", "各省教育厅：", "现就有关事项通知如下。", "教育部", "财政部", "2024年3月1日"],
     "教育部、财政部"),
    (["关于做好2024年学生资助工作的通知", "各省教育厅：", "现就有关事项通知如下。", "教育部　　财政部", "2024年3月1日"],
     "教育部、财政部"),
    # A forwarding notice signed near its top, above the text it forwards: the signature block read downwards.
    (["中共某市委办公室某市人民政府办公室印发《关于推进政务公开的实施意见》的通知", "各县市区委：", "现印发给你们。",
      "中共某市委办公室", "某市人民政府办公室", "2017年1月10日", "关于推进政务公开的实施意见", *["一、总体要求。"] * 12],
     "中共某市委办公室、某市人民政府办公室"),
])
def test_a_joint_document_names_every_issuer(lines, agency):
    assert extract_metadata(_notice(*lines))["agency"] == agency


def test_the_issuing_body_falls_back_to_declared_properties_and_then_to_the_number_prefix():
    assert extract_metadata("关于开展检查的通知\n\n正文。", {"source": "国务院办公厅"})["agency"] == "国务院办公厅"
    assert "agency" not in extract_metadata("关于开展检查的通知\n\n正文。", {"author": "张三"})
    assert extract_metadata(_notice("关于开展检查的通知", "国发〔2016〕5号", "正文。"))["agency"] == "国务院"


def test_lines_that_merely_end_like_an_office_are_no_issuing_body():
    text = _notice("海淀区", "一、基本情况", "（三）领导小组办公室", "主办:北京市发展和改革委员会", "海淀区开创新局")
    assert "agency" not in extract_metadata(text)


def test_traditional_script_is_matched_and_returned_as_written():
    text = _notice("北京市海淀區人民政府關於加快建設的實施意見", "海政發〔2016〕40號", "正文。", "北京市海淀區人民政府", "二〇一六年十一月十七日")
    assert extract_metadata(text) == {
        "agency": "北京市海淀區人民政府", "number": "海政發〔2016〕40號", "date": "2016-11-17", "year": 2016, "type": "意见",
    }


def test_only_found_keys_are_returned():
    assert extract_metadata("") == {}
    assert extract_metadata("海淀区2023年经济运行情况\n\n地区生产总值突破万亿元。") == {}


@given(st.text(alphabet="海政发国办〔〕[]()（）0123456789年月日号二〇一六十人民政府区市关于通知规划\n ", max_size=120))
def test_any_text_gives_only_known_keys_and_a_year_that_agrees_with_date_and_number(text):
    found = extract_metadata(text)
    assert set(found) <= KEYS
    if "date" in found:
        assert found["year"] == int(found["date"][:4])
    if "number" in found:
        assert f"〔{found['year']}〕" in found["number"]


@given(st.integers(1949, 2099), st.integers(1, 999), st.sampled_from("〔[(（［"))
def test_a_damaged_number_never_gets_a_year_the_document_contradicts(year, serial, opener):
    text = _notice("标题", f"海政发{opener}{year}{serial}", "北京市海淀区人民政府", f"{year + 1}年11月")
    found = extract_metadata(text)
    assert "number" not in found and found["year"] == year + 1


def test_a_bureau_signs_with_a_date_beside_it():
    signed = _notice("关于开展检查的通知", "正文。", "北京市海淀区财政局", "2016年11月17日")
    unsigned = _notice("关于开展检查的通知", "正文。", "北京市海淀区财政局")
    assert extract_metadata(signed)["agency"] == "北京市海淀区财政局"
    assert "agency" not in extract_metadata(unsigned)


def test_a_first_paragraph_that_ends_like_a_type_is_no_title():
    text = "根据工作安排，现就有关事项提出如下意见。各单位要认真落实，确保各项任务按期完成并报送意见\n\n正文。"
    assert "type" not in extract_metadata(text)


@pytest.mark.parametrize("written, number", [
    ("（余府发〔2012〕3号）", "余府发〔2012〕3号"),
    ("( 吉府发〔2003〕37号 )", "吉府发〔2003〕37号"),  # spaces inside its brackets
    ("第57/2016號行政命令", "第57/2016號行政命令"),  # a Macao act, numbered in its year
    ("(医保办函〔2025〕82 号)", "医保办函〔2025〕82号"),
    ("中华人民共和国主席令第31号", "中华人民共和国主席令第31号"),
    ("中華人民共和國主席令第三十一號", "中華人民共和國主席令第三十一號"),  # in Chinese numerals, as written
    ("国务院令第 656 号", "国务院令第656号"),
    ("第十三届全国人民代表大会第一次会议通过", None),
])
def test_a_number_in_brackets_of_its_own_and_an_order_number_are_document_numbers(written, number):
    found = extract_metadata(_notice("关于某事的通知", written, "正文。"))
    assert found.get("number") == number


@pytest.mark.parametrize("title, adopted, agency, date", [
    ("中华人民共和国国旗法", "（1990年6月28日第七届全国人民代表大会常务委员会第十四次会议通过　根据2009年8月27日第十一届"
     "全国人民代表大会常务委员会第十次会议《关于修改部分法律的决定》第一次修正）", "全国人民代表大会常务委员会", "1990-06-28"),
    ("中华人民共和国宪法", "（1982年12月4日第五届全国人民代表大会第五次会议通过）", "全国人民代表大会", "1982-12-04"),
    ("北京市物业管理条例", "（2020年3月27日北京市第十五届人民代表大会常务委员会第二十次会议通过）",
     "北京市人民代表大会常务委员会", "2020-03-27"),
    ("深圳经济特区数据条例", "2021年6月29日深圳市第七届人民代表大会常务委员会第二次会议通过", "深圳市人民代表大会常务委员会",
     "2021-06-29"),
    ("中華人民共和國國旗法", "（1990年6月28日第七屆全國人民代表大會常務委員會第十四次會議通過）", "全國人民代表大會常務委員會",
     "1990-06-28"),
    # Written short, the city left to the title.
    ("宁波市人民调解条例", "2014年12月26日 市十四届人大常委会第二十次会议通过", "宁波市人民代表大会常务委员会", "2014-12-26"),
    ("北京市邮政通信条例", "1994年7月22日北京市第十届人大常委会第十二次会议通过", "北京市人民代表大会常务委员会", "1994-07-22"),
    ("酉阳土家族苗族自治县城镇管理条例", "2012年11月29日 经酉阳土家族苗族自治县第十六届人民代表大会第二次会议通过",
     "酉阳土家族苗族自治县人民代表大会", "2012-11-29"),
    # The first standing committees numbered their meetings with no term; a city's congress written short.
    ("中华人民共和国户籍登记条例", "1958年1月9日 全国人民代表大会常务委员会第九十一次会议通过", "全国人民代表大会常务委员会",
     "1958-01-09"),
    ("河南省档案管理条例", "2003年11月28日 河南省人民代表大会常务委员会第六次会议通过", "河南省人民代表大会常务委员会",
     "2003-11-28"),
    ("宁波市古村落保护条例", "2015年2月8日 市十四届人大五次会议通过", "宁波市人民代表大会", "2015-02-08"),
])
def test_a_law_names_the_congress_that_adopted_it_and_when(title, adopted, agency, date):
    found = extract_metadata(_notice(title, adopted, "2015年6月1日 施行", "第一章 总则", "第一条 为了规范管理，制定本法。"))
    assert (found["agency"], found["date"]) == (agency, date)
    assert found["type"] in ("法", "条例")
    assert found["effective"] == "2015-06-01"  # the day it takes effect is not its date


@pytest.mark.parametrize("line", ["2015年6月1日起施行", "二〇一五年六月一日起施行", "（2015年6月1日施行）"])
def test_a_line_saying_only_when_a_text_takes_effect_dates_nothing_but_that(line):
    found = extract_metadata(_notice("某某条例", line, "第一条 为了规范管理，制定本条例。"))
    assert found.get("date") is None and found["effective"] == "2015-06-01"


@pytest.mark.parametrize("title, adopted, agency, date, kind", [
    ("最高人民法院关于审理名誉权案件若干问题的解释", "1998年7月14日 最高人民法院审判委员会第1002次会议通过", "最高人民法院",
     "1998-07-14", "解释"),
    ("人民检察院行政诉讼监督规则（试行）", "2016年3月22日 最高人民检察院第十二届检察委员会第四十九次会议通过", "最高人民检察院",
     "2016-03-22", "规则"),
    ("最高人民检察院关于适用刑法分则规定的犯罪的罪名的意见", "1997年12月17日 最高人民检察院检察委员会第八届第八十一次会议通过",
     "最高人民检察院", "1997-12-17", "意见"),
    ("最高人民法院关于审理船舶碰撞和触碰案件财产损害赔偿的规定", "1995年10月18日 最高人民法院审判委员会第735次会议讨论通过",
     "最高人民法院", "1995-10-18", "规定"),
    ("最高人民法院关于内地与香港特别行政区相互执行仲裁裁决的补充安排",
     "2020年11月9日 由最高人民法院审判委员会第1815次会议通过", "最高人民法院", "2020-11-09", "安排"),
    # Joint: both issuers, adopted when the second adopts it.
    ("最高人民法院 最高人民检察院关于办理非法从事资金支付结算业务刑事案件适用法律若干问题的解释",
     "2018年9月17日 最高人民法院审判委员会第1749次会议、2018年12月12日最高人民检察院第十三届检察委员会第十一次会议通过",
     "最高人民法院、最高人民检察院", "2018-12-12", "解释"),
    # The same, a meeting a line, the court's the later.
    ("最高人民法院、最高人民检察院关于检察公益诉讼案件适用法律若干问题的解释",
     "2018年2月23日 最高人民法院审判委员会第1734次会议\n2018年2月11日 最高人民检察院第十二届检察委员会第73次会议通过",
     "最高人民法院、最高人民检察院", "2018-02-23", "解释"),
])
def test_a_judicial_interpretation_is_the_court_s_and_dated_when_its_committees_adopted_it(
        title, adopted, agency, date, kind):
    found = extract_metadata(_notice(title, adopted, "2019年2月1日 施行",
                                     "根据2012年8月31日第十一届全国人民代表大会常务委员会第二十八次会议通过的《决定》，解释如下：",
                                     "第一条 本解释自公布之日起施行。"))
    assert (found["agency"], found["date"], found["type"]) == (agency, date, kind)


@pytest.mark.parametrize("lines, agency, date", [
    (["政府工作报告", "——2024年1月21日在北京市第十六届人民代表大会第二次会议上", "北京市市长 殷勇"], "北京市人民政府", "2024-01-21"),
    (["政府工作报告", "——2024年3月5日在第十四届全国人民代表大会第二次会议上", "国务院总理 李强"], "国务院", "2024-03-05"),
    (["2023年海淀区政府工作报告", "在北京市海淀区第十七届人民代表大会第二次会议上 海淀区区长 张军同志作政府工作报告",
      "2023年1月8日"], "海淀区人民政府", "2023-01-08"),
    (["政府工作报告", "——2024年1月22日在广西壮族自治区第十四届人民代表大会第二次会议上", "自治区主席 蓝天立"],
     "广西壮族自治区人民政府", "2024-01-22"),
    (["政府工作報告", "——2024年1月21日在北京市第十六屆人民代表大會第二次會議上", "北京市市長 殷勇"], "北京市人民政府",
     "2024-01-21"),
    # The speaker in the session's line, after it with no space, or before it; a name before 市长 is no place.
    (["2024年河北省政府工作报告", "2024年1月21日在河北省第十四届人民代表大会第二次会议上河北省人民政府省长张明作政府工作报告。"],
     "河北省人民政府", "2024-01-21"),
    (["2024年天津市政府工作报告", "2024年1月22日在天津市第十八届人民代表大会第二次会议上天津市市长李华同志作政府工作报告。"],
     "天津市人民政府", "2024-01-22"),
    (["2024年海南省政府工作报告", "——2024年1月23日海南省省长 王平在海南省第七届人民代表大会第二次会议上的讲话"],
     "海南省人民政府", "2024-01-23"),
    (["2024年上海市政府工作报告", "----2024年1月23日陈东市长在上海市第十六届人民代表大会第二次会议的政府工作报告"],
     "上海市人民政府", "2024-01-23"),
    (["2024年江苏省政府工作报告", "2024年1月24日在江苏省第十四届人民代表大会第二次会议上省长赵强作政府工作报告。"],
     "江苏省人民政府", "2024-01-24"),
])
def test_a_work_report_is_the_government_s_and_dated_when_it_was_given(lines, agency, date):
    found = extract_metadata(_notice(*lines, "各位代表：", "现在，我代表人民政府，向大会报告工作，请予审议。"))
    assert (found["agency"], found["date"], found["type"]) == (agency, date, "报告")


@pytest.mark.parametrize("opening, agency", [
    ("现在，我代表国务院，向大会报告政府工作，请予审议。", "国务院"),
    ("现在我代表中华人民共和国国务院向大会提出报告，请予审查。", "国务院"),
    ("现在，我受国务院的委托，向全国人民代表大会报告政府工作。", "国务院"),
    ("现在，我代表江西省人民政府向大会报告工作，请予审议。", "江西省人民政府"),
    ("现在，我代表省人民政府向大会报告工作，请予审议。", None),  # names no province
])
def test_a_work_report_without_a_session_line_is_the_government_it_speaks_for(opening, agency):
    found = extract_metadata(_notice("政府工作报告", "各位代表：", opening, "一、过去一年的工作"))
    assert (found.get("agency"), found["type"]) == (agency, "报告")


@pytest.mark.parametrize("title, agency", [
    ("1985年中华人民共和国国务院政府工作报告", "国务院"),
    ("2023年北京市海淀区政府工作报告", "北京市海淀区人民政府"),
    ("广西壮族自治区2020年政府工作报告", "广西壮族自治区人民政府"),
    ("政府工作报告", None),  # names no government
])
def test_a_work_report_that_says_nothing_of_its_government_is_the_one_its_title_names(title, agency):
    speech = _notice("各位代表：", "刚刚过去的一年，是我国各族人民团结奋斗的一年。", "一、过去一年的工作")
    found = extract_metadata(speech, {"title": title})
    assert (found.get("agency"), found["type"]) == (agency, "报告")


@pytest.mark.parametrize("title, agency", [
    ("第十四届全国人民代表大会第二次会议关于政府工作报告的决议", "全国人民代表大会"),
    ("北京市第十六届人民代表大会第二次会议关于北京市国民经济和社会发展计划的决议", "北京市人民代表大会"),
    ("第十三届全国人民代表大会常务委员会第十次会议关于批准某协定的决定", "全国人民代表大会常务委员会"),
])
def test_a_resolution_of_a_congress_session_is_the_congress_s_not_the_premier_s_whose_report_it_names(title, agency):
    text = _notice("第十四届全国人民代表大会第二次会议听取和审议了国务院总理李强所作的政府工作报告。会议充分肯定国务院过去一年的工作。",
                   "会议号召，全国各族人民团结奋斗。")
    found = extract_metadata(text, {"title": title})
    assert (found.get("agency"), found["type"]) == (agency, title[-2:])


@pytest.mark.parametrize("lines, agency", [
    (["同志们：", "现在，我代表第十七届中央委员会向大会作报告。"], "中共中央"),
    (["同志们：", "现在，我代表中国共产党第十一届中央委员会，向党的第十二次全国代表大会作报告。"], "中共中央"),
    (["同志们！", "某某大会是在大好形势下召开的。", "我代表中央委员会向第十次全国代表大会作报告。"], "中共中央"),
    (["同志们：", "我受十二届中央委员会委托，向大会作报告。"], "中共中央"),
    (["某某伟大旗帜", "——在中国共产党第二十次全国代表大会上的报告", "（2022年10月16日）", "同志们："], "中共中央"),
    (["同志们：", "现在，我代表中共北京市第十二届委员会向大会作报告。"], "中共北京市委"),
    (["——在中国共产党广东省第十三次代表大会上的报告", "同志们："], "中共广东省委"),
    # Not a congress's report: a committee named in passing, a report to a people's congress.
    (["同志们：", "我代表市委向大家表示感谢。"], None),
    (["同志们：", "我代表委员会向大会作报告。"], None),  # names no committee of the Party
    (["各位委员：", "现在，我代表政协北京市委员会常务委员会向大会报告工作。"], None),
    (["各位委员：", "我代表政协北京市委员会向大会报告工作。"], None),
])
def test_a_party_congress_report_is_the_committee_s_that_gives_it(lines, agency):
    found = extract_metadata(_notice(*lines, "一、过去五年的工作", "过去五年，我们坚持稳中求进。"))
    assert (found.get("agency"), found.get("type")) == (agency, "报告" if agency else None)


@pytest.mark.parametrize("lines, agency, number, date", [
    (["医疗保障基金使用监督管理条例", "2020年12月9日 国务院第117次常务会议通过", "2021年1月15日 中华人民共和国国务院令第735号公布",
      "2021年5月1日 施行"], "国务院", "中华人民共和国国务院令第735号", "2021-01-15"),
    (["医疗器械注册与备案管理办法", "2021年8月26日 国家市场监督管理总局令第47号公布", "2021年10月1日 施行"],
     "国家市场监督管理总局", "国家市场监督管理总局令第47号", "2021-08-26"),
    (["学校体育工作条例", "1990年3月12日 国家教育委员会令第8号、国家体育运动委员会令第11号发布"],
     "国家教育委员会、国家体育运动委员会", "国家教育委员会令第8号", "1990-03-12"),
    (["渔业资源增殖保护费征收使用办法", "1988年10月31日 农业部、财政部、国家物价局令第1号发布"],
     "农业部、财政部、国家物价局", "农业部、财政部、国家物价局令第1号", "1988-10-31"),
    (["企业职工带薪年休假实施办法", "2008年7月17日 经人力资源和社会保障部第6次部务会议通过"], "人力资源和社会保障部", None,
     "2008-07-17"),
    (["关于爱国卫生运动委员会及其办事机构若干问题的规定", "1980年5月9日 国务院批准"], "国务院", None, "1980-05-09"),
    # A regulation the State Council approved and a body then issued, by its order or in its name: both made it,
    # on the day it was issued.
    (["旅馆业治安管理办法", "1987年9月23日 国务院批准\u3000", "1987年11月10日 公安部发布\u3000"], "国务院、公安部", None,
     "1987-11-10"),
    (["某某登记办法", "1999年5月12日 国务院批准", "1999年5月25日 民政部令第15号发布"], "国务院、民政部", "民政部令第15号",
     "1999-05-25"),
    (["国境口岸卫生监督办法", "1981年12月30日 国务院批准", "1982年2月4日 卫生部、交通部、中国民用航空总局、铁道部发布"],
     "国务院、卫生部、交通部、中国民用航空总局、铁道部", None, "1982-02-04"),
    (["征兵工作条例", "1985年10月24日 国务院、中央军委发布\u3000"], "国务院、中央军委", None, "1985-10-24"),
    (["中华人民共和国民用航空器适航管理条例", "1987年5月4日 国务院发布）"], "国务院", None, "1987-05-04"),
    (["劳动保险条例", "1951年2月26日 政务院公布"], "政务院", None, "1951-02-26"),
    # A city government's executive meeting; an order with its date and no verb.
    (["北京市道路噪声管理办法", "2006年11月17日 北京市人民政府第56次常务会议审议通过", "2007年1月1日 施行"], "北京市人民政府",
     None, "2006-11-17"),
    (["某某法实施细则", "2017年11月22日 中华人民共和国国务院令第692号\u3000"], "国务院", "中华人民共和国国务院令第692号",
     "2017-11-22"),
    # An office's meeting counted by the year.
    (["某某信息服务管理规定", "2021年11月16日 国家互联网信息办公室2021年第20次室务会议审议通过", "2022年3月1日 施行"],
     "国家互联网信息办公室", None, "2021-11-16"),
    # The order's number written before 令, in some older rules.
    (["某某进口管理办法", "2003年8月18日 食品药品监管局、海关总署第4号令公布"], "食品药品监管局、海关总署",
     "食品药品监管局、海关总署第4号令", "2003-08-18"),
    # A history whose dated lines a Markdown paragraph joined into one: each event read on its own.
    (["信访工作条例", "2022年1月24日 中共中央政治局会议审议批准 2022年2月25日 中共中央、国务院发布"], "中共中央、国务院", None,
     "2022-02-25"),
])
def test_a_regulation_names_the_body_whose_order_or_meeting_made_it(lines, agency, number, date):
    found = extract_metadata(_notice(*lines, "第一条 为了规范管理，制定本办法。", "第二条 本办法自公布之日起施行。"))
    assert (found.get("agency"), found.get("number"), found.get("date")) == (agency, number, date)


def test_a_law_promulgated_by_a_president_s_order_keeps_its_congress_and_the_order_s_number():
    found = extract_metadata(_notice("中华人民共和国农村土地承包法", "2002年8月29日 第九届全国人民代表大会常务委员会第二十九次会议通过",
                                     "2002年8月29日 中华人民共和国主席令第七十三号公布", "第一条 为了规范管理，制定本法。"))
    assert (found["agency"], found["number"], found["date"]) == (
        "全国人民代表大会常务委员会", "中华人民共和国主席令第七十三号", "2002-08-29")


@pytest.mark.parametrize("note, agency, date, effective", [
    # As legal databases print it under a law's title: the body first, ISO dates.
    ("（全国人民代表大会常务委员会 2019-12-28公布 2020-03-01起施行）", "全国人民代表大会常务委员会", "2019-12-28", "2020-03-01"),
    ("（全國人民代表大會常務委員會 2019-12-28公佈 2020-03-01起施行）", "全國人民代表大會常務委員會", "2019-12-28", "2020-03-01"),
    ("（中国人民银行 2019年12月28日发布 2020年3月1日起施行）", "中国人民银行", "2019-12-28", "2020-03-01"),
    ("（国务院、中央军委 1985年10月24日发布）", "国务院、中央军委", "1985-10-24", None),
    # The date first, the day it takes effect after it.
    ("（2019年12月28日全国人民代表大会常务委员会公布 自2020年3月1日起施行）", "全国人民代表大会常务委员会", "2019-12-28",
     "2020-03-01"),
    ("2019.12.28 工业和信息化部、国家发展改革委印发", "工业和信息化部、国家发展改革委", "2019-12-28", None),
    ("1999年3月10日 海关总署发布 自1999年4月1日施行", "海关总署", "1999-03-10", "1999-04-01"),
    # The body alone on its line (its date, if any, on a line of its own).
    ("最高人民法院发布", "最高人民法院", None, None),
    # No body named: the date alone, never a later date from the text.
    ("（1993-03-31公布 1993-03-31起施行）", None, "1993-03-31", "1993-03-31"),
    # Not a body: no agency and no date from the note.
    ("（关于加强管理 2019-12-28公布）", None, None, None),
])
def test_a_note_under_the_title_gives_the_body_that_promulgated_it_the_date_and_when_it_takes_effect(
        note, agency, date, effective):
    found = extract_metadata(_notice("某某管理条例", note, "第一条 为了规范管理，制定本条例。",
                                     "附件：2017年11月4日修正的名单", "第二条 本条例自2031年1月1日起施行。"))
    assert (found.get("agency"), found.get("date"), found.get("effective")) == (agency, date, effective)


def test_a_line_of_bodies_with_no_date_is_given_up_at_once():
    # Bodies and separators that could be split either way would take 2**27 tries on this line before failing.
    line = "（" + "、".join(["国务院"] * 28) + " 公布"
    assert "agency" not in extract_metadata(_notice("某某条例", line, "第一条 为了规范管理，制定本条例。"))


def test_the_official_law_note_without_spaces_gives_the_congress_the_president_s_order_and_the_effective_date():
    # The National People's Congress prints it so: no space between a date and the order that follows it.
    found = extract_metadata(_notice(
        "中华人民共和国监察法", "（2018年3月20日第十三届全国人民代表大会第一次会议通过　2018年3月20日中华人民共和国主席令第三号公布"
        "　自公布之日起施行）", "第一章 总则", "第一条 为了深化国家监察体制改革，制定本法。"))
    assert (found["agency"], found["number"], found["date"], found["effective"]) == (
        "全国人民代表大会", "中华人民共和国主席令第三号", "2018-03-20", "2018-03-20")


@pytest.mark.parametrize("line, agency, number", [
    ("2021年1月15日中华人民共和国国务院令第735号公布", "国务院", "中华人民共和国国务院令第735号"),
    ("2008年7月17日经人力资源和社会保障部第6次部务会议通过", "人力资源和社会保障部", None),
])
def test_a_body_written_against_the_date_before_it_does_not_take_the_date_s_last_character(line, agency, number):
    found = extract_metadata(_notice("某某办法", line, "第一条 为了规范管理，制定本办法。"))
    assert (found.get("agency"), found.get("number")) == (agency, number)


def test_a_session_that_names_no_congress_gives_no_agency():
    found = extract_metadata(_notice("某某法", "（第十次会议通过）", "第一条 为了规范管理，制定本法。"))
    assert "agency" not in found


def test_an_order_number_is_found_in_a_law_and_gives_no_year():
    found = extract_metadata(_notice("中华人民共和国国旗法", "中华人民共和国主席令第31号", "第一条 为了维护国旗的尊严，制定本法。"))
    assert found["number"] == "中华人民共和国主席令第31号" and "year" not in found


PKULAW = _notice(
    "【法宝引证码】CLI.12.748997",
    "余姚市人民政府关于印发余姚市工业企业技术改造专项资金管理办法的通知",
    "【发布部门】余姚市人民政府",
    "【发文字号】余府发〔2012〕3号",
    "【发布日期】2012.01.05",
    "【实施日期】2012.02.01",
    "【时效性】现行有效",
    "【效力级别】地方规范性文件",
    "各乡镇人民政府：",
    "现将《余姚市工业企业技术改造专项资金管理办法》印发给你们，请认真贯彻执行。",
    "原文链接：http://www.pkulaw.cn/fulltext_form.aspx?Gid=17611287",
)


def test_a_legal_database_export_gives_its_stated_fields_and_its_own_title():
    from tongwen.index.structure import find_title

    found = extract_metadata(PKULAW)
    assert found == {"agency": "余姚市人民政府", "number": "余府发〔2012〕3号", "date": "2012-01-05", "year": 2012,
                     "effective": "2012-02-01", "status": "现行有效", "level": "地方规范性文件",
                     "url": "http://www.pkulaw.cn/fulltext_form.aspx?Gid=17611287", "type": "通知",
                     "citation": "CLI.12.748997"}
    assert find_title(PKULAW) == "余姚市人民政府关于印发余姚市工业企业技术改造专项资金管理办法的通知"


@pytest.mark.parametrize("label", ["URL: ", "url：", "原文链接："])
def test_the_address_a_crawler_or_an_export_writes_above_the_title_is_the_url_not_the_title(label):
    from tongwen.index.structure import find_title

    url = "http://www.gov.cn/zhengce/content/2021-03/12/content_5592671.htm"
    text = (f"{label}{url}\n国务院关于落实《政府工作报告》重点工作分工的意见\n国发〔2021〕6号\n"
            "各省、自治区、直辖市人民政府：\n现就落实重点工作提出如下分工意见。\n国务院\n2021年3月12日\n")
    found = extract_metadata(text)
    assert (found["url"], found["number"], found["date"]) == (url, "国发〔2021〕6号", "2021-03-12")
    assert find_title(text) == "国务院关于落实《政府工作报告》重点工作分工的意见"
    export = (f"{label}{url}\n中华人民共和国反电信网络诈骗法\n【法宝引证码】CLI.1.5149474\n时效性：现行有效\n"
              "公布日期：2022.09.02\n施行日期：2022.12.01\n第一条 为了预防、遏制和惩治电信网络诈骗活动，制定本法。\n")
    found = extract_metadata(export)
    assert (found["url"], found["citation"], found["status"], found["date"], found["effective"]) == (
        url, "CLI.1.5149474", "现行有效", "2022-09-02", "2022-12-01")
    assert find_title(export) == "中华人民共和国反电信网络诈骗法"


RELEASE = ("立 法 會 秘 書 處\n\nLegislative Council Secretariat\n\n新聞稿\n\n"
           "立法會將恢復二讀辯論《2024年撥款條例草案》\n\n"
           "立法會將於星期三(4月24日)上午11時在立法會綜合大樓會議廳舉行會議。\n\n2024年4月22日(星期一)\n")


def test_a_press_release_s_head_gives_its_issuer_and_kind_and_its_headline_is_the_title():
    from tongwen.index.structure import find_title

    assert find_title(RELEASE) == "立法會將恢復二讀辯論《2024年撥款條例草案》"
    found = extract_metadata(RELEASE)
    assert (found["agency"], found["date"], found["type"]) == ("立法會秘書處", "2024-04-22", "新闻稿")
    mainland = "国家统计局\n\n新闻稿\n\n2024年国民经济运行稳中有进\n\n初步核算，全年国内生产总值1349084亿元。\n"
    assert find_title(mainland) == "2024年国民经济运行稳中有进"
    assert extract_metadata(mainland)["agency"] == "国家统计局"


@pytest.mark.parametrize("text", [
    "新聞稿\n\n立法會將恢復二讀辯論\n\n立法會將於星期三舉行會議。\n",  # no issuer above the kind
    "立法會秘書處今日表示，會議將如期舉行。\n\n新聞稿\n\n其他\n",  # a sentence above it is no issuer
    "通知\n\n某某\n\n某某\n\n某某\n\n某某\n\n某某\n\n新聞稿\n\n標題\n",  # too far down to be a head
])
def test_a_kind_of_paper_without_a_release_s_head_above_it_names_nothing(text):
    assert extract_metadata(text).get("type") != "新闻稿"


@pytest.mark.parametrize("first, agency", [
    ("運輸署今日（十月十七日）提醒市民，為配合星期日舉行的一項公眾遊行活動，當局將實施特別交通安排。", "運輸署"),
    ("衞生署衞生防護中心今日(二月十三日)正調查一宗兒童感染甲型流感的嚴重個案。", "衞生署衞生防護中心"),
    ("國家統計局今天（1月17日）發布2023年國民經濟運行情況。", "國家統計局"),
    ("食物環境衞生署食物安全中心(中心)今日(一月十一日)公布，一個樣本的鈉含量與其營養標籤不符。", "食物環境衞生署食物安全中心"),
    ("香港海關今日(10日)表示，海關關長因一名同事初步確診被列為密切接觸者。", "香港海關"),
    ("政府統計處今日(一月十二日)發表去年十二月份對外商品貿易貨量統計數字。", "政府統計處"),
    ("民政事務局局長劉江華今日(一月三十日)祝賀香港單車運動員李慧詩。", None),  # an official, not a body
    ("保安局發言人今日(一月十一日)表示，有關事件並無構成任何影響。", None),
    ("我们今天(1月1日)召开会议。", None),
])
def test_a_release_s_first_sentence_names_the_body_that_speaks_where_nothing_else_does(first, agency):
    assert extract_metadata(f"特別交通及運輸安排\n\n{first}\n").get("agency") == agency


@pytest.mark.parametrize("title, doc_type", [
    ("《北京市城市总体规划》", "规划"),
    ("国务院印发《“十四五”数字经济发展规划》", "规划"),
    ("北京市人民政府关于印发《北京市生活垃圾管理办法》", "办法"),
    ("立法會將辯論《施政報告》", None),  # a release about the report, not the report
    ("全国人大常委会审议《中华人民共和国民法典（草案）》", None),
])
def test_a_title_ending_in_a_named_document_is_of_its_kind_only_when_it_is_or_publishes_it(title, doc_type):
    assert extract_metadata(f"{title}\n\n正文。\n").get("type") == doc_type


@pytest.mark.parametrize("line, date", [
    ("114年01月13日", "2025-01-13"),  # a Taiwan page's date, its era left unsaid
    ("113年5月15日", "2024-05-15"),
    ("2024年5月15日", "2024-05-15"),
    ("99年12月31日", "2010-12-31"),  # two digits, on a page in Traditional script: before the hundredth year
    ("84年12月16日", "1995-12-16"),
    ("日期:101-03-08", "2012-03-08"),  # as Taiwan's government sites label a page's date
    ("發布日期：113.05.15", "2024-05-15"),
    ("113/5/15", "2024-05-15"),
    ("版本 110-12-01-3", None),  # a version's numbers, no date
    ("日期:99-12-31", "2010-12-31"),
    ("12年5月1日", None),  # the Republic's twelfth year would be 1923: more likely 2012 shortened
    ("日期:12-05-01", None),
    ("總統府開放參觀 84年12月16日", None),  # in a sentence, no date line
])
def test_a_year_on_a_traditional_page_s_date_line_is_the_republic_of_china_s(line, date):
    found = extract_metadata(f"總統府新聞\n\n{line}\n\n總統接見鳳凰獎楷模\n\n賴清德總統今日上午接見得獎人。\n")
    assert found.get("date") == date


@pytest.mark.parametrize("line, date", [
    ("98年3月1日", None),  # in Simplified, two digits may be the Gregorian shorthand (1998): no date is made up
    ("日期:98-03-01", None),
    ("113年5月15日", "2024-05-15"),  # three digits are the Republic's in either script
])
def test_a_two_digit_year_in_a_simplified_text_is_no_date(line, date):
    found = extract_metadata(f"新闻中心\n\n{line}\n\n海淀区召开会议\n\n会议研究部署了年度重点工作。\n")
    assert found.get("date") == date


@pytest.mark.parametrize("line, date", [
    ("2025-02-03 | 中央社", "2025-02-03"),  # a news portal's byline: the date and its source
    ("2025年2月3日｜新华社", "2025-02-03"),
    ("2025-02-03 | 中央社，記者王小明", None),  # a sentence after the bar: no byline
])
def test_a_date_line_naming_its_source_after_a_bar_dates_the_page(line, date):
    assert extract_metadata(f"{line}\n\n新春開工日 賴總統拜年\n\n總統今天到總統府拜年。\n").get("date") == date


@pytest.mark.parametrize("title, agency", [
    ("行政院第3289次院會決議", "行政院"),  # a body's record of its own numbered meeting
    ("內政部第1024次部務會議紀錄", "內政部"),
    ("国务院第100次常务会议纪要", "国务院"),
    ("監察院關於加強公務員財產申報的函", "監察院"),  # Taiwan's five branches are bodies of their own
    ("行政院環境保護署關於空氣品質的公告", "行政院環境保護署"),
    ("第3次会议纪要", None),  # a meeting no body's name opens
    ("某某公司第5次董事会决议", None),
])
def test_a_title_that_records_a_body_s_numbered_meeting_or_opens_with_a_taiwan_branch_names_its_agency(title, agency):
    assert extract_metadata(f"{title}\n\n正文。\n", {"title": title, "fields": []}).get("agency") == agency


def test_the_stated_fields_of_an_export_in_traditional_script_are_read_too():
    found = extract_metadata(PKULAW.replace("【发布部门】", "【發布部門】").replace("【发文字号】", "【發文字號】"))
    assert found["agency"] == "余姚市人民政府" and found["number"] == "余府发〔2012〕3号"


def test_a_rule_that_fails_costs_the_document_its_metadata_not_its_place(monkeypatch, tmp_path):
    from tongwen.index import metadata
    from tongwen.index.readers import read_document

    def broken(*_):
        raise AttributeError("'NoneType' object has no attribute 'group'")

    monkeypatch.setattr(metadata, "_promulgated", broken)
    assert extract_metadata("关于开展检查的通知\n\n正文。") == {}
    path = tmp_path / "a.txt"
    path.write_text("关于开展检查的通知\n\n正文。", encoding="utf-8")
    assert read_document(path).text.startswith("关于开展检查的通知")


@pytest.mark.parametrize("line, number, year", [
    ("發文字號：府授資字第11230012號", "府授資字第11230012號", 2023),
    ("发文字号：台财税字第09304512345号", "台财税字第09304512345号", 2004),
])
def test_a_labelled_taiwan_number_is_a_number_and_its_serial_s_roc_year_is_the_year(line, number, year):
    found = extract_metadata(f"数位发展方案\n{line}\n为推动软体产业发展，特订定本方案。\n")
    assert (found.get("number"), found.get("year")) == (number, year)


def test_an_unlabelled_word_and_serial_in_a_sentence_is_no_number():
    assert "number" not in extract_metadata("关于一件事的通知\n某某单位：\n本字第123456号文件指出，一切照旧。\n")


# A 北大法宝 page as its site shows it, saved as text: the header fields written plainly, not in 【】.
PKULAW_PAGE = _notice(
    "中华人民共和国药品管理法",
    "【法宝引证码】CLI.1.334862",
    "制定机关：全国人民代表大会常务委员会 机构沿革",
    "发文字号：中华人民共和国主席令第31号",
    "公布日期：2019.08.26",
    "施行日期：2019.12.01",
    "时效性：现行有效",
    "效力位阶：法律",
    "法规类别：药政管理",
    "中华人民共和国药品管理法",
    "（1984年9月20日第六届全国人民代表大会常务委员会第七次会议通过　2019年8月26日第十三届全国人民代表大会常务委员会第十二次会议第二次修订）",
    "第一条　为了加强药品管理，保证药品质量，制定本法。",
)


def test_a_legal_database_page_s_plain_header_fields_are_read_as_its_bracketed_ones_are():
    from tongwen.index.structure import find_title

    assert extract_metadata(PKULAW_PAGE) == {
        "agency": "全国人民代表大会常务委员会", "number": "中华人民共和国主席令第31号", "date": "2019-08-26", "year": 2019,
        "effective": "2019-12-01", "status": "现行有效", "level": "法律", "type": "法", "citation": "CLI.1.334862"}
    assert find_title(PKULAW_PAGE) == "中华人民共和国药品管理法"
    joint = _notice("关于印发某某办法的通知", "制定机关：国家发展和改革委员会 国家税务总局", "時效性：現行有效", "各省：")
    assert extract_metadata(joint)["agency"] == "国家发展和改革委员会、国家税务总局"
    # 公布日期 and 施行日期 alone are a Taiwan law page's fields, read as before (the date, not a stated one).
    taiwan = _notice("法規名稱：某某法", "公布日期：民國 110 年 04 月 28 日", "施行日期：民國 110 年 05 月 01 日", "第 1 條")
    assert "effective" not in extract_metadata(taiwan)


def test_a_joint_signature_with_a_name_spaced_to_the_others_width_lists_every_body():
    text = _notice("关于做好2024年降成本重点工作的通知", "发改运行〔2024〕865号", "各省发展改革委：", "现将有关事项通知如下。",
                   "国家发展改革委", "工业和信息化部", "财 政 部", "中国人民银行", "2024年6月5日")
    assert extract_metadata(text)["agency"] == "国家发展改革委、工业和信息化部、财政部、中国人民银行"


@pytest.mark.parametrize("history, date, revised", [
    # Each event a line of its own, as the law-text repositories write it.
    (["1996年3月17日 第八届全国人民代表大会第四次会议通过",
      "2009年8月27日 第十一届全国人民代表大会常务委员会第十次会议《关于修改部分法律的决定》第一次修正",
      "2021年1月22日 第十三届全国人民代表大会常务委员会第二十五次会议修订"], "1996-03-17", "2021-01-22"),
    # One bracketed note, the amendments after 根据.
    (["（1994年9月8日北京市第十届人民代表大会常务委员会第十二次会议通过，根据1997年9月4日北京市第十届人民代表大会常务"
      "委员会第三十九次会议《关于修改〈北京市统计管理条例〉的决定》第一次修正，根据2001年10月16日北京市第十一届人民代表大"
      "会常务委员会第三十次会议《关于修改〈北京市统计管理条例〉的决定》第二次修正）"], "1994-09-08", "2001-10-16"),
    (["（1993年8月4日中华人民共和国国务院令第120号发布　根据2011年1月8日《国务院关于废止和修改部分行政法规的决定》修订）"],
     "1993-08-04", "2011-01-08"),
    # An amendment passed is no revision of the text that lists it.
    (["1979年7月1日第五届全国人民代表大会第二次会议通过", "1997年3月14日第八届全国人民代表大会第五次会议修订",
      "1999年12月25日 第九届全国人民代表大会常务委员会第十三次会议通过的《中华人民共和国刑法修正案》"],
     "1979-07-01", "1997-03-14"),
    (["2020年3月27日北京市第十五届人民代表大会常务委员会第二十次会议通过"], "2020-03-27", None),
])
def test_a_law_s_latest_revision_is_read_from_its_history_and_its_date_stays_its_adoption(history, date, revised):
    found = extract_metadata(_notice("北京市统计管理条例", *history, "第一章 总则", "第一条 为了规范管理，制定本条例。"))
    assert (found["date"], found.get("revised")) == (date, revised)


@pytest.mark.parametrize("history, date, revised", [
    # The court's committee adopting the interpretation again: the interpretation as amended.
    (["2003年5月16日 最高人民法院审判委员会第1270次会议通过", "2020年12月23日 最高人民法院审判委员会第1823次会议通过"],
     "2003-05-16", "2020-12-23"),
    (["2001年6月19日 最高人民法院审判委员会第1180次会议通过", "2013年2月25日 最高人民法院审判委员会第1570次会议通过",
      "2015年1月19日 最高人民法院审判委员会第1641次会议通过", "2015年2月1日 施行"], "2001-06-19", "2015-01-19"),
    # Two courts adopting one joint interpretation: one event, no revision.
    (["2018年9月17日 最高人民法院审判委员会第1749次会议通过",
      "2018年12月12日 最高人民检察院第十三届检察委员会第十一次会议通过"], "2018-12-12", None),
])
def test_a_judicial_interpretation_adopted_again_by_its_court_is_revised_then(history, date, revised):
    found = extract_metadata(_notice("最高人民法院关于审理某类纠纷案件若干问题的规定", *history,
                                     "为正确审理某类纠纷案件，制定本规定。", "第一条 本规定自公布之日起施行。"))
    assert (found["date"], found.get("revised")) == (date, revised)


def test_a_taiwan_official_letter_is_its_organ_s_with_its_number_date_and_kind():
    text = "\n".join(["檔　　號：", "保存年限：", "行政院　函", "受文者：內政部", "發文日期：中華民國113年5月15日",
                      "發文字號：院臺法字第1130012345號", "速別：普通件", "主旨：所報「某某辦法」修正草案一案，准予備查，請查照。",
                      "說明：", "一、復貴部113年4月30日台內法字第1130801234號函。", "正本：內政部", "院長　卓榮泰"])
    found = extract_metadata(text)
    assert {k: found.get(k) for k in ("agency", "number", "date", "type")} == {
        "agency": "行政院", "number": "院臺法字第1130012345號", "date": "2024-05-15", "type": "函"}


@pytest.mark.parametrize("lines, agency, number, date, kind", [
    # An order: its organ over its date and number, each a line of its own.
    (["總統令", "中華民國113年5月15日", "華總一義字第11300044841號", "茲修正漁業法第二條條文，公布之。", "總統　賴清德",
      "行政院院長　卓榮泰"], "總統", "華總一義字第11300044841號", "2024-05-15", "命令"),
    (["行政院令", "發文日期：中華民國113年6月3日", "發文字號：院臺法字第1131012345號", "修正「某某辦法」第三條條文。",
      "院長　卓榮泰"], "行政院", "院臺法字第1131012345號", "2024-06-03", "命令"),
    # A city's government (臺北市政府, not …人民政府), its letter and its announcement.
    (["臺北市政府　函", "受文者：本府各機關", "發文日期：中華民國113年5月15日", "發文字號：府授法字第1130012345號",
      "主旨：檢送某某要點一份，請查照。", "市長　蔣萬安"], "臺北市政府", "府授法字第1130012345號", "2024-05-15", "函"),
    (["新竹縣政府　公告", "發文日期：中華民國113年5月16日", "發文字號：府產農字第1130012345號",
      "主旨：公告某某事項。"], "新竹縣政府", "府產農字第1130012345號", "2024-05-16", "公告"),
    # The head set spaced out, or its kind close to the organ, as extracted from a PDF.
    (["檔　　號：", "行 政 院　函", "發文日期：中華民國113年5月15日", "發文字號：院臺法字第1130012345號",
      "主旨：某某事項，請查照。"], "行政院", "院臺法字第1130012345號", "2024-05-15", "函"),
    (["內政部函", "發文日期：中華民國113年5月15日", "發文字號：台內法字第1130012345號", "主旨：某某事項，請查照。"],
     "內政部", "台內法字第1130012345號", "2024-05-15", "函"),
    # A scan's speck between the organ and its kind.
    (["某某市政府地政局”函", "受文者：某某基金會", "發文日期：中華民國110年5月5日", "發文字號：某市地編字第1100017003號",
      "主旨：某某事項，請查照。"], "某某市政府地政局", "某市地編字第1100017003號", "2021-05-05", "函"),
])
def test_a_taiwan_order_letter_or_announcement_is_its_organ_s(lines, agency, number, date, kind):
    found = extract_metadata("\n".join(lines))
    assert (found.get("agency"), found.get("number"), found.get("date"), found.get("type")) == (agency, number, date,
                                                                                                kind)


@pytest.mark.parametrize("opening, agency", [
    ("以下是今日（五月十五日）在立法會會議上陳某某議員的提問和保安局局長鄧炳強的書面答覆：", "保安局"),
    ("以下為今日（十二月四日）在立法會會議上葛某某議員的提問和創新科技及工業局局長孫東教授的書面答覆：", "創新科技及工業局"),
    ("以下是今日在立法會會議上何某某議員的提問和署理發展局局長林智文的口頭答覆：", "發展局"),
])
def test_a_legislative_council_question_s_reply_is_the_answering_bureau_s(opening, agency):
    found = extract_metadata(_notice("立法會二十題：某某事項", "＊＊＊＊＊＊＊＊＊＊", opening, "問題：", "某某。", "答覆：",
                                     "主席：", "某某。", "完", "2024年5月15日（星期三）", "香港時間15時30分"))
    assert found.get("agency") == agency


@pytest.mark.parametrize("act, agency", [
    ("第1/2015號行政法務司司長批示", "行政法務司司長"),  # a dispatch: the office that signs it
    ("第57/2016號行政命令", "行政長官"), ("第3/2023號行政法規", "行政長官"),  # the Chief Executive's
    ("第5/2024號法律", "立法會"), ("第5/2024号法律", "立法会"),  # the Legislative Assembly's, in its script
])
def test_a_macao_act_with_no_signature_is_its_maker_s(act, agency):
    found = extract_metadata(_notice(act, "某某事項。", "一、某某。"))
    assert (found.get("number"), found.get("agency")) == (act, agency)


def test_a_constitutional_interpretation_s_page_gives_its_court_number_and_date():
    found = extract_metadata(_notice("大法官解釋", "發文單位：司法院", "解釋字號：釋字第 150 號", "解釋日期：民國 66 年 09 月 16 日",
                                     "解釋文：動員戡亂時期臨時條款第六項，並無變更憲法所定中央民意代表任期之規定。"))
    assert {k: found.get(k) for k in ("agency", "number", "date")} == {
        "agency": "司法院", "number": "釋字第150號", "date": "1977-09-16"}


@pytest.mark.parametrize("text, agency", [
    ("新聞與活動\n\n總統府新聞\n\n114年01月13日\n\n總統接見鳳凰獎楷模\n\n賴清德總統今(13)日上午接見得獎人。", "總統府"),
    ("外交部新聞稿\n\n2024-05-06\n\n外交部歡迎友邦支持\n\n外交部今日表示歡迎。", "外交部"),
    # A section that names no body, or such words inside the story, name no issuer.
    ("新聞與活動\n\n本院新聞\n\n114年01月13日\n\n院會通過法案\n\n行政院今日通過法案。", None),
    ("記者今日在台北採訪多位民眾對政策的看法\n\n外交部新聞稿\n\n外交部歡迎友邦支持。", None),
])
def test_a_news_page_under_a_section_naming_a_body_s_news_is_that_body_s(text, agency):
    assert extract_metadata(text).get("agency") == agency


def test_a_constitutional_interpretation_s_fields_read_alike_with_each_value_under_its_label():
    found = extract_metadata(_notice("釋字第150號", "發文單位：", "司法院", "解釋字號：", "釋字第 150 號", "解釋日期：",
                                     "民國 66 年 09 月 16 日", "解釋文：動員戡亂時期臨時條款第六項，並無變更之規定。"))
    assert {k: found.get(k) for k in ("agency", "number", "date")} == {
        "agency": "司法院", "number": "釋字第150號", "date": "1977-09-16"}


@pytest.mark.parametrize("field, number, year", [
    ("發文字號: 交郵88字第 06485 號公告", "交郵88字第06485號", 1999),  # the ROC year in the office's word
    ("發文字號：(68)金銓字第4249號", "(68)金銓字第4249號", 1979),  # or in brackets before it
    ("發文字號：府授資字第11230012號", "府授資字第11230012號", 2023),  # or opening the serial
    ("發文字號：華總一義字第9000222690號", "華總一義字第9000222690號", 2001),  # in two digits before the 100th
    ("發文字號：院臺聞字第0970081304號", "院臺聞字第0970081304號", 2008),
])
def test_a_taiwan_number_gives_its_year_however_it_writes_it(field, number, year):
    found = extract_metadata(_notice("某某事項之解釋", "發文單位: 交通部", field, "正文。"))
    assert (found.get("agency"), found.get("number"), found.get("year")) == ("交通部", number, year)


def test_a_taiwan_law_s_latest_amendment_is_its_revision():
    found = extract_metadata(_notice("漁業法", "中華民國十八年十一月十一日國民政府制定公布全文 51 條",
                                     "中華民國一百十三年五月十五日總統華總一義字第11300044841號令修正公布第 2 條條文",
                                     "第 1 條", "為保育、合理利用水產資源，特制定本法。"))
    assert found["revised"] == "2024-05-15"


def test_a_sentence_that_cites_a_revision_gives_the_text_no_revision_date():
    found = extract_metadata(_notice("关于做好统计工作的通知", "各区人民政府：",
                                     "根据2011年1月8日修订的《统计法实施条例》，现就有关事项通知如下。",
                                     "北京市统计局", "2012年3月1日"))
    assert "revised" not in found


def test_a_legal_site_s_plain_fields_give_number_dates_and_status_and_a_portal_is_no_issuer():
    text = ("发文机关:山西省人民政府\n\n发布日期:2018年03月27\n\n生效日期:2018年04月01\n\n时效性 :现行有效\n\n"
            "文号 :晋政发〔2018〕13号\n\n各市、县人民政府：\n\n现将实施方案印发给你们。")
    found = extract_metadata(text)
    golden = {"agency": "山西省人民政府", "number": "晋政发〔2018〕13号", "date": "2018-03-27", "effective": "2018-04-01",
              "status": "现行有效"}
    assert {key: found.get(key) for key in golden} == golden
    # A portal names itself where it knows no issuer; the document's signature does.
    portal = extract_metadata("某某通知\n\n【发布部门】县政府网站\n\n【发文字号】某政发〔2024〕7号\n\n正文。\n\n某县人民政府\n\n2024年4月6日")
    assert portal.get("agency") != "县政府网站"


def test_a_signature_s_date_wins_over_the_day_a_page_posted_the_document():
    text = ("某市人民政府办公室关于印发实施方案的通知\n\n发布日期:2023-03-21 访问次数:\n\n各镇人民政府：\n\n现印发给你们。\n\n"
            "某市人民政府办公室\n\n2023年3月13日\n\n实施方案\n\n正文。")
    assert extract_metadata(text)["date"] == "2023-03-13"
    # A date labelled as the day the document was written wins over both.
    assert extract_metadata("成文日期：2023年03月10日\n\n" + text)["date"] == "2023-03-10"


def test_a_number_a_site_writes_after_the_title_in_brackets_is_the_number_a_cited_one_inside_is_not():
    own = "某市人民政府办公室印发《关于推进政务公开的实施意见》的通知(某办发〔2017〕2号)\n\n各县：\n\n现印发给你们。"
    assert extract_metadata(own)["number"] == "某办发〔2017〕2号"
    assert "number" not in extract_metadata("关于转发《某办法》(国办发〔2016〕8号)的通知\n\n各县：\n\n正文。")


def test_a_legal_site_s_plain_promulgation_fields_give_the_issuer_date_and_day_it_takes_effect():
    text = _notice("某市制定地方性法规条例", "某省某市人大常委会", "颁布日期:2001-6-3", "实施日期:2001-8-1",
                   "颁布单位:某市人民代表大会常务委员会",
                   "【题注】 (2001年4月29日某市人民代表大会通过 2001年6月3日某省人民代表大会常务委员会批准)",
                   "第一条 为了规范立法活动，制定本条例。")
    found = extract_metadata(text, {"title": "某市制定地方性法规条例"})
    assert (found["agency"], found["date"], found["effective"]) == ("某市人民代表大会常务委员会", "2001-06-03", "2001-08-01")


@pytest.mark.parametrize("order, number", [
    ("中华人民共和国国务院令第227号", "中华人民共和国国务院令第227号"),
    ("深圳市人民代表大会常务委员会公告第三十七号", "深圳市人民代表大会常务委员会公告第三十七号"),
    ("某省人民政府令第十二号", "某省人民政府令第十二号"),
])
def test_an_order_or_a_committee_s_announcement_alone_on_its_line_is_the_number(order, number):
    text = _notice("某市听证条例", order, "某市人民代表大会常务委员会会议审议通过的《某市听证条例》，现予公布，自2002年1月1日起施行。",
                   "某市人民代表大会常务委员会", "2001年12月26日", "第一条 为了规范听证活动，制定本条例。")
    found = extract_metadata(text, {"title": "某市听证条例"})
    assert found["number"] == number
    assert found["effective"] == "2002-01-01"  # what the announcement says, not the day it is dated


def test_an_order_that_takes_effect_on_its_publication_takes_effect_on_its_date():
    text = _notice("某某管理条例", "中华人民共和国国务院令第227号", "现发布《某某管理条例》，自发布之日起施行。", "总理李鹏",
                   "1997年8月3日", "第一条 为了规范管理，制定本条例。")
    found = extract_metadata(text, {"title": "某某管理条例"})
    assert (found["date"], found["effective"]) == ("1997-08-03", "1997-08-03")


def test_the_document_s_own_signature_wins_over_the_issuer_a_reprint_site_names_with_its_province():
    text = _notice("关于批转某某规定的通知", "湖北省武汉市人民政府", "武政〔2005〕32号", "各区人民政府：",
                   "现将《某某规定》批转给你们，请遵照执行。", "武汉市人民政府", "二○○五年六月十七日", "某某规定")
    assert extract_metadata(text, {"title": "关于批转某某规定的通知"})["agency"] == "武汉市人民政府"


def test_the_issuer_a_site_sets_between_a_title_and_its_number_is_the_agency():
    text = _notice("关于印发某工作程序的通知", "国防科学技术工业委员会", "科工法字[2000] 851号", "各单位：",
                   "现将某工作程序印发给你们，请遵照执行。", "2000年11月13日", "某工作程序")
    found = extract_metadata(text, {"title": "关于印发某工作程序的通知"})
    assert (found["agency"], found["number"]) == ("国防科学技术工业委员会", "科工法字〔2000〕851号")


@pytest.mark.parametrize("lines", [
    # The page's title, then the document's whole title with its issuer before 关于.
    ["某市政务公开工作实施细则", "江西省吉安市人民政府办公室关于印发某市政务公开工作实施细则的通知"],
    # The issuer on a line of its own over the 关于 title.
    ["某市政务公开工作实施细则", "江西省吉安市人民政府办公室", "关于印发某市政务公开工作实施细则的通知"],
])
def test_the_issuer_of_the_whole_title_under_a_page_s_own_title_is_the_agency(lines):
    text = _notice(*lines, "( 吉府发〔2003〕37号 )", "市政府各部门：", "现将《某市政务公开工作实施细则》印发给你们。",
                   "二OO三年十二月四日", "某市政务公开工作实施细则")
    found = extract_metadata(text, {"title": lines[0]})
    assert (found["agency"], found["number"], found["date"]) == ("江西省吉安市人民政府办公室", "吉府发〔2003〕37号", "2003-12-04")


def test_a_macao_law_is_issued_by_the_legislative_assembly_on_the_day_it_passed_it():
    text = _notice("第26/2024號法律", "《第26/2024號法律》經立法會於2024年12月17日通過本法律，行政長官於2024年12月18日發佈本法律。",
                   "立法會根據《澳門特別行政區基本法》第七十一條（一）項，制定本法律。", "第一條 標的", "本法律旨在進行適應化。")
    found = extract_metadata(text, {"title": "第26/2024號法律"})
    assert (found["agency"], found["date"], found["number"]) == ("立法會", "2024-12-17", "第26/2024號法律")


def test_a_heading_glued_before_a_whole_title_is_no_part_of_its_issuer():
    text = _notice("周口市規範性檔案管理規定", "周口市人民政府通知周口市人民政府關於印發周口市規范性檔案管理規定的通知", "周政〔2011〕53號",
                   "各縣(市、區)人民政府:", "現將《周口市規範性檔案管理規定》印發給你們。", "周口市人民政府", "二○一一年七月二十八日")
    assert extract_metadata(text, {"title": "周口市規範性檔案管理規定"})["agency"] == "周口市人民政府"


def test_a_body_named_again_with_its_province_above_its_own_line_is_one_issuer_not_two():
    text = _notice("长春市地名管理办法", "吉林省长春市人民政府", "长春市人民政府", "第一章 总则", "第一条 为加强地名管理，制定本办法。")
    assert extract_metadata(text, {"title": "长春市地名管理办法"})["agency"] == "长春市人民政府"


@pytest.mark.parametrize("note, date", [
    ("1949年10月18日中国人民政治协商会议第一届全国委员会常务委员会第一次会议通过", "1949-10-18"),  # no congress
    ("1994年7月22日 北京市第十届人民代表大会常务员会第十一次会议通过", "1994-07-22"),  # the committee's name mistyped
])
def test_a_text_is_dated_by_the_meeting_its_note_says_adopted_it_whatever_body_met(note, date):
    text = _notice("某某工作条例", note, "第一条 为了规范工作，制定本条例。", "第二条 本条例自通过之日起施行。")
    assert extract_metadata(text, {"title": "某某工作条例"})["date"] == date


def test_every_body_before_a_joint_title_s_subject_is_its_issuer_however_many():
    from tests.test_structure import _JOINT_TITLE

    found = extract_metadata(_notice(_JOINT_TITLE, "各区(市)县政府(管委会):", "现将方案印发给你们，请认真贯彻落实。"))
    assert found["agency"] == "成都市发展和改革委员会、中共成都市委社会工作部、成都市规划和自然资源局、成都市住房和城乡建设局"


@pytest.mark.parametrize("history, golden", [
    # A regulation's history on a Taiwan law page, the verb wrapped onto the next line.
    (["沿革", "1.中華民國一百十二年十二月二十一日內政部台內消字第 1120827499 號", "令訂定發布全文 10 條;並自發布日施行"],
     {"date": "2023-12-21", "agency": "內政部", "number": "台內消字第1120827499號"}),
    (["中華民國94年12月16日行政院文化建設委員會文參字第0941129172號令訂定發布全文三條,並自發布日施行"],
     {"date": "2005-12-16", "agency": "行政院文化建設委員會", "number": "文參字第0941129172號"}),
    # A law the president promulgates is the Legislative Yuan's; the events listed newest first, the first one counts.
    (["2.中華民國一百零八年八月八日總統華總一義字第 10800085621 號令修正公布",
      "1.中華民國九十年十一月十二日總統(90)華總一義字第 9000222690 號 令制定公布全文 10 條"],
     {"date": "2001-11-12", "agency": "立法院", "number": "華總一義字第9000222690號", "revised": "2019-08-08"}),
    # Two events on one line; a serial ending in a letter; the day it took effect, in the era left unsaid.
    (["1.中華民國一百零七年十月十一日行政院院授主基法字第 1070201227A 號令訂定發布全文 17 條;並自一百零八年一月一日施行 "
      "2.中華民國一百十二年九月二十八日行政院院授主基法字第 1120201935A 號令修正發布第 5、12、15、17 條條文"],
     {"date": "2018-10-11", "agency": "行政院", "number": "院授主基法字第1070201227A號", "revised": "2023-09-28",
      "effective": "2019-01-01"}),
    # The day it was first issued on a line of its own above its latest amendment; an organ under an organ.
    (["中華民國100年7月6日", "中華民國104年8月5日法務部法令字第10408516290號令修正發布,並自104年8月5日生效"],
     {"date": "2011-07-06", "agency": "法務部", "number": "法令字第10408516290號", "revised": "2015-08-05",
      "effective": "2015-08-05"}),
    (["中華民國89年12月30日行政院新聞局正版三字第19392號令訂定發布全文七點;並自90年1月1日起實施"],
     {"date": "2000-12-30", "agency": "行政院新聞局", "number": "正版三字第19392號", "effective": "2001-01-01"}),
    (["中華民國96年6月1日", "中華民國112年10月27日立法院第10屆第8會期第五次會議提報院會修正發布"],
     {"date": "2007-06-01", "agency": "立法院", "number": None, "revised": "2023-10-27"}),
    # A number's 號令 is no mainland order's name (no body called 金銓字); an organ's order with no number.
    (["沿革", "6.中華民國六十八年十二月二十六日國防部（68）金銓字第4249號令修正發布"],
     {"date": "1979-12-26", "agency": "國防部", "number": "金銓字第4249號"}),
    (["2.中華民國八十三年一月二十六日考試院令修正發布第4條條文"], {"date": "1994-01-26", "agency": "考試院", "number": None}),
    # A number's word with a digit and spaces, or an abbreviation with an organ's character in it.
    (["中華民國 114 年 11 月 24 日勞動部勞動福 3 字第 1140153598 號令修正發布，自 115 年 1 月 1 日生效"],
     {"date": "2025-11-24", "agency": "勞動部", "number": "勞動福3字第1140153598號", "effective": "2026-01-01"}),
    # The regulation's name and its first event printed as one line.
    (["行政院環境保護署環境保護產品證書規費收費標準中華民國101 年12 月12 日行政院環境保護署環署管字第1010110642 號令訂定發布全文四條"],
     {"date": "2012-12-12", "agency": "行政院環境保護署", "number": "環署管字第1010110642號"}),
])
def test_a_taiwan_history_event_gives_the_day_the_organ_and_its_order_s_number(history, golden):
    found = extract_metadata(_notice(*history))
    assert {key: found.get(key) for key in golden} == golden


def test_a_date_with_its_year_in_chinese_numerals_and_its_month_and_day_in_digits_is_read():
    found = extract_metadata(_notice("兖州市人民政府办公室关于印发信息发布规定的通知", "各镇人民政府:", "现印发给你们。",
                                     "二O一一年5月16日"))
    assert found["date"] == "2011-05-16"


def test_a_page_s_time_label_at_a_line_s_start_dates_it_where_nothing_else_does_and_a_meeting_s_time_does_not():
    page = extract_metadata(_notice("封丘縣人民政府辦公室關于推進工作的通知", "時間:2019年06月17日 點擊次數:28596", "各鄉人民政府:"))
    assert page["date"] == "2019-06-17"
    meeting = extract_metadata(_notice("关于召开工作会议的通知", "各单位:", "会议时间:2019年6月17日上午9时。"))
    assert "date" not in meeting


def test_hong_kong_s_enacting_words_name_the_legislative_council():
    found = extract_metadata(_notice("1999年成文法(杂项规定)条例草案", "对不同条例作出杂项修订。", "由立法會制定。", "第I部"))
    assert found["agency"] == "立法會"


def test_a_legal_site_s_fields_give_status_and_agency_and_its_empty_date_is_no_date():
    found = extract_metadata(_notice("第 1 章 - 释义及通则条例", "状态:有效", "发布日期:1970-01-01", "生效日期: 1970-01-01",
                                     "发布部门: 香港特别行政区", "本条例可引称为《释义及通则条例》。"))
    assert (found.get("status"), found.get("agency")) == ("有效", "香港特别行政区")
    assert "date" not in found and "effective" not in found


@pytest.mark.parametrize("title, agency", [
    ("镇巴县人民政府工作规则", "镇巴县人民政府"),
    ("禄丰市人民政府常务会议议事规则", "禄丰市人民政府"),
    ("国务院工作规则", "国务院"),
])
def test_a_body_s_rules_of_its_own_work_are_its_own(title, agency):
    found = extract_metadata(_notice(title, "第一章 总则", "一、根据有关规定，结合本县实际，制定本规则。",
                                     "发文机构: 县政府网站"))
    assert found.get("agency") == agency


_PRINTED_NOTICE = ("北京市海淀区人民政府办公室文件\n\n海政办发〔2024〕3号\n\n北京市海淀区人民政府办公室\n"
                   "关于印发《海淀区促进人工智能产业发展若干措施》的通知\n\n各镇人民政府，各街道办事处：\n"
                   "{body}\n\n北京市海淀区人民政府办公室\n2024年1月15日\n\n（此件公开发布）\n\n"
                   "抄送：区委各部门，区人大常委会办公室。\n北京市海淀区人民政府办公室                2024年1月18日印发\n")


@pytest.mark.parametrize("paragraphs", [1, 30])
def test_a_notice_is_dated_by_its_signature_not_by_the_record_of_its_printing(paragraphs):
    # Short, the whole notice is among its first lines; long, its signature and record are both at its end.
    body = "\n".join(f"{k}. 经区政府同意，现将有关措施印发给你们，请认真贯彻落实。" for k in range(1, paragraphs + 1))
    meta = extract_metadata(_PRINTED_NOTICE.format(body=body), {})
    assert (meta["date"], meta["agency"], meta["number"]) == ("2024-01-15", "北京市海淀区人民政府办公室", "海政办发〔2024〕3号")


def test_a_record_of_printing_alone_still_dates_a_notice():
    text = "关于做好春节期间安全工作的通知\n\n各单位：\n请做好安全工作。\n\n北京市海淀区人民政府办公室  2024年1月18日印发\n"
    assert extract_metadata(text, {})["date"] == "2024-01-18"


# A 请示 to the body above: copy number, secrecy and urgency over the letterhead, the signer beside the number, one
# addressee under the title.
_REQUEST = ("000001\n机密★1年\n特急\n\n北京市海淀区人民政府文件\n\n海政文〔2024〕12号                签发人：张三\n\n"
            "北京市海淀区人民政府\n关于申请设立海淀区科技创新专项资金的请示\n\n北京市人民政府：\n"
            "为加快建设全国科技创新中心核心区，现申请设立海淀区科技创新专项资金。\n妥否，请批示。\n\n"
            "附件：1．海淀区科技创新专项资金管理办法（草案）\n2．资金测算说明\n\n北京市海淀区人民政府\n2024年3月5日\n")


def test_a_request_with_its_signer_beside_its_number_is_titled_numbered_and_kept_apart_from_its_addressee(tmp_path):
    path = tmp_path / "request.txt"
    path.write_text(_REQUEST, encoding="utf-8")
    doc = read_document(path)
    assert doc.title == "北京市海淀区人民政府关于申请设立海淀区科技创新专项资金的请示"
    assert {k: doc.meta.get(k) for k in ("agency", "number", "date", "type")} == {
        "agency": "北京市海淀区人民政府", "number": "海政文〔2024〕12号", "date": "2024-03-05", "type": "请示"}
    paragraphs = doc.text.split("\n\n")
    assert "海政文〔2024〕12号 签发人：张三" in paragraphs and "北京市人民政府：" in paragraphs


@pytest.mark.parametrize("number_line, title, agency, number", [
    ("国家税务总局公告2024年第1号", "国家税务总局关于优化纳税缴费服务有关事项的公告", "国家税务总局", "国家税务总局公告2024年第1号"),
    ("财政部 税务总局公告2023年第12号", "财政部 税务总局关于进一步支持小微企业和个体工商户发展有关税费政策的公告", "财政部、税务总局",
     "财政部 税务总局公告2023年第12号"),
])
def test_an_announcement_numbered_in_its_year_is_numbered_so_and_titled_by_its_own_line(tmp_path, number_line, title,
                                                                                     agency, number):
    path = tmp_path / "announcement.txt"
    path.write_text(f"{number_line}\n\n{title}\n\n为进一步支持发展，现将有关政策公告如下：\n一、减半征收资源税。\n"
                    f"二、本公告执行至2027年12月31日。\n\n{agency.replace('、', ' ')}\n2023年8月2日\n", encoding="utf-8")
    doc = read_document(path)
    assert (doc.title, doc.meta["agency"], doc.meta["number"], doc.meta["type"]) == (title, agency, number, "公告")
    assert doc.text.split("\n\n")[:3] == [number_line, title, "为进一步支持发展，现将有关政策公告如下："]


_ORDER_FIRST = ("北京市人民政府令\n第312号\n\n《北京市生活垃圾管理办法》已经2024年1月2日市人民政府第20次常务会议审议通过，现予公布，"
                "自2024年3月1日起施行。\n\n市长  殷勇\n2024年1月5日\n\n北京市生活垃圾管理办法\n\n"
                "第一条　为了加强生活垃圾管理，制定本办法。\n第二条　本办法自2024年3月1日起施行。\n")
_MINUTES = ("海淀区人民政府常务会议纪要\n\n第5期\n\n北京市海淀区人民政府办公室              2024年3月1日\n\n"
            "2024年2月28日，区长主持召开区政府第50次常务会议，研究了以下事项：\n一、审议通过《海淀区促进人工智能产业发展若干措施》。\n")


@pytest.mark.parametrize("text, title, agency, number, date, kind", [
    # Rules printed under the order that promulgates them: titled by their name, issued by the order's body.
    (_ORDER_FIRST, "北京市生活垃圾管理办法", "北京市人民政府", "北京市人民政府令第312号", "2024-01-05", "办法"),
    (_ORDER_FIRST.replace("北京市", "臺北市").replace("办法", "辦法"), "臺北市生活垃圾管理辦法", "臺北市人民政府",
     "臺北市人民政府令第312号", "2024-01-05", "办法"),
    # Minutes: the issuing office and the date on one line under the name, apart from the text below.
    (_MINUTES, "海淀区人民政府常务会议纪要", "北京市海淀区人民政府办公室", None, "2024-03-01", "纪要"),
])
def test_an_order_first_and_a_minutes_header_give_title_issuer_number_and_date(tmp_path, text, title, agency, number,
                                                                               date, kind):
    path = tmp_path / "document.txt"
    path.write_text(text, encoding="utf-8")
    doc = read_document(path)
    assert (doc.title, doc.meta.get("agency"), doc.meta.get("number"), doc.meta.get("date"), doc.meta.get("type")) == (
        title, agency, number, date, kind)


def test_a_news_release_of_a_document_is_titled_by_its_headline_and_issued_by_the_bodies_it_names(tmp_path):
    path = tmp_path / "release.txt"
    path.write_text("中共中央办公厅 国务院办公厅印发《关于加快推进数字乡村建设的意见》\n\n"
                    "新华社北京3月1日电 近日，中共中央办公厅、国务院办公厅印发了《关于加快推进数字乡村建设的意见》，并发出通知，"
                    "要求各地区各部门结合实际认真贯彻落实。\n\n一、总体要求。\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.title == "中共中央办公厅 国务院办公厅印发《关于加快推进数字乡村建设的意见》"  # not glued to the dateline
    assert (doc.meta.get("agency"), doc.meta.get("type")) == ("中共中央办公厅、国务院办公厅", "意见")
