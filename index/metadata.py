"""Policy-document metadata from the cleaned text: issuing body, document number, date, year and type.

Chinese official documents (公文) follow a fixed layout: the document number (发文字号) stands under the
title, the issuing body (发文机关) and the date (成文日期) sign the end — or, on the cover of a plan, the start.
So the rules look at whole lines near the start or the end, never at sentences in the body, where cited
numbers and dates of other documents live. Lines are matched in Simplified script (OpenCC t2s) and values
are returned as the document wrote them; ``type`` is a label from a fixed Simplified vocabulary.
Everything is a regular expression: deterministic and fast.
"""

from __future__ import annotations

import datetime as _dt
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast

from tongwen.index import numerals
from tongwen.index.analysis.script import HAN, to_simplified
from tongwen.index.cleaning import (FIELD_LABEL, FIELD_LINE, MACAO_ACT, RELEASE_HEAD_LINES, SECTION_LINE_MAX,
                                    SECTION_LINES, SOURCE_LINK, TAIWAN_DOCUMENT_HEAD, TAIWAN_FIELD, TAIWAN_HEAD_LINES,
                                    TITLE_BEFORE_HISTORY, header_fields, release_head, spaced_out)
from tongwen.index.document import JOINT, Meta
from tongwen.index.script_detect import script_of

_HAN = HAN
log = logging.getLogger("tongwen.index")

# How many non-empty lines at each end of a document may hold the signature, the number or the title.
_HEAD_LINES = 15
_TAIL_LINES = 12
_MAX_ORGAN_LINE = 40
# The bodies before a title's 关于 may take longer: a joint notice names four or more (成都市发展和改革委员会
# 中共成都市委社会工作部 成都市规划和自然资源局 成都市住房和城乡建设局 关于…).
_MAX_TITLE_LEAD = 100
_YEARS = range(1949, 2101)
# A date a field names as one (修正日期：19291207) may be older: Taiwan's laws go back to the 1920s.
_LABELED_YEARS = range(1900, 2101)
# 民国 (Republic of China) year 1 is 1912: Taiwan dates 中華民國一百十三年 as year 113.
ROC_EPOCH = 1911

# The Republic of China's five branches (行政院, 立法院, …), the central bodies of Taiwan's documents and laws.
_FIVE_YUAN = r"(?:行政|立法|司法|考试|监察)院"
_NATIONAL = rf"(?:中华人民共和国|中共中央|中央|国务院|国家|全国|最高人民|{_FIVE_YUAN})"
_PLACE = rf"(?:[{_HAN}]{{1,8}}?(?:特别行政区|自治区|自治州|省|市|区|县|州|盟|旗|乡|镇|街道))"
_ORGAN_SUFFIX = (
    r"(?:人民政府办公厅|人民政府办公室|人民政府|人民代表大会常务委员会|人民代表大会|人大常委会|"
    r"委员会|管委会|办公厅|办公室|领导小组|总局|中心|联合会|协会)"
)
# One-character endings (财政局, 教育部, 市委) also end ordinary phrases (开创新局), so a line ending so counts
# only in a signature (a date beside it), before 关于 in a title, or in a field that names an organisation.
_SHORT_SUFFIX = r"(?:局|厅|部|委|署|院|政府)"  # 政府: Taiwan's city and county governments (臺北市政府, 新竹縣政府)


def _organ_pattern(suffix: str) -> re.Pattern:
    return re.compile(
        rf"(?:国务院(?:办公厅)?|中共中央(?:办公厅)?|全国人民代表大会(?:常务委员会)?|{_FIVE_YUAN}|总统府?|"
        rf"(?:中共)?(?:{_NATIONAL}|{_PLACE}+)[{_HAN}]{{0,16}}?{suffix})"
    )


_ORGAN = _organ_pattern(_ORGAN_SUFFIX)
_ORGAN_LOOSE = _organ_pattern(f"(?:{_ORGAN_SUFFIX}|{_SHORT_SUFFIX})")
# A central ministry names no place (教育部, 财政部, 国家税务总局 has one): such a bare name counts as an issuer only
# where nothing else can stand, before 关于 in a title or on a signature line of its own beside another body.
_MINISTRY = re.compile(rf"[{_HAN}]{{1,8}}?(?:{_ORGAN_SUFFIX}|部|委|署|银行)")
_ORGAN_SEPARATORS = re.compile(r"[^\s、,，]+")

# Number prefixes (机关代字) whose issuing body is fixed; used only when the text names no body itself.
_PREFIX_AGENCY = {
    "国发": "国务院",
    "国函": "国务院",
    "国办发": "国务院办公厅",
    "国办函": "国务院办公厅",
    "中发": "中共中央",
    "京政发": "北京市人民政府",
    "京政办发": "北京市人民政府办公厅",
    "海政发": "北京市海淀区人民政府",
    "海政办发": "北京市海淀区人民政府办公室",
}

_OPEN = re.escape("〔[(（［【")
_CLOSE = re.escape("〕])）］】")
_NUMBER = re.compile(
    rf"(?P<prefix>[{_HAN}]{{1,10}})\s*[{_OPEN}]\s*(?P<year>\d{{4}})\s*[{_CLOSE}]\s*(?P<serial>\d{{1,5}})\s*号"
)
# An order numbered in sequence, not by year: 中华人民共和国主席令第31号, 国务院令第656号, 司法部令第1号, and a
# congress committee's announcement that promulgates a regulation (深圳市人民代表大会常务委员会公告第三十七号).
_ORDER = re.compile(rf"(?P<prefix>(?:中华人民共和国)?[{_HAN}]{{0,8}}令|[{_HAN}]{{2,24}}?委员会公告)\s*第\s*"
                    r"(?P<serial>\d{1,5}|[〇零一二三四五六七八九十百千]{1,8})\s*号")
# An announcement numbered in its year, as the tax and customs authorities number theirs: 国家税务总局公告2024年第1号,
# 财政部 税务总局公告2023年第12号 (a joint one names each body).
_ANNOUNCEMENT = re.compile(rf"(?P<prefix>[{_HAN}]{{2,24}}(?: [{_HAN}]{{2,24}}){{0,4}}[公通]告)"
                           r"\s*(?P<year>\d{4})\s*年\s*第\s*(?P<serial>\d{1,5})\s*号")
_MACAO_ACT = re.compile(MACAO_ACT)
# Who makes each kind of Macao act (its Basic Law): the Chief Executive its administrative regulations and orders,
# the Legislative Assembly its laws; as written in Simplified and in Traditional script.
_MACAO_MAKERS = {"行政命令": ("行政长官", "行政長官"), "行政法规": ("行政长官", "行政長官"),
                 "法律": ("立法会", "立法會")}
# A Taiwan number: the office's word, 字, and a serial that opens with the ROC year (府授資字第11230012號: 112 = 2023).
_TAIWAN_NUMBER = re.compile(rf"(?P<prefix>[{_HAN}]{{1,10}}字)\s*第\s*(?P<serial>\d{{6,12}})\s*号")
# An older one writes the ROC year in its word, or in brackets before it: 交郵88字第06485號, (68)金銓字第4249號.
_TAIWAN_OLD_NUMBER = re.compile(rf"(?:[(（]\s*(?P<bracketed>\d{{2,3}})\s*[)）])?[{_HAN}]{{1,10}}?(?P<roc>\d{{2,3}})?"
                                rf"[{_HAN}]{{0,6}}字\s*第\s*\d{{1,6}}\s*号")
# A number set off in brackets of its own on a line: （余府发〔2012〕3号）, ( 吉府发〔2003〕37号 ).
_WRAPPED = re.compile(r"^[(（]\s*(.+?)\s*[)）]$")
# A number whose closing bracket and 号 were lost in extraction, e.g. 海政发〔201640.
_DAMAGED_NUMBER = re.compile(rf"(?P<prefix>[{_HAN}]{{1,10}})\s*[{_OPEN}]\s*(?P<year>\d{{4}})(?P<serial>\d{{1,5}})?")
_NUMBER_LABEL = re.compile(r"(?:发文字号|文号|发文编号)[:：]?")
_MAYBE_LABEL = re.compile("[号號]")  # cheap test before converting a line of the body to Simplified
_NOT_A_NUMBER_PREFIX = re.compile(r"ICP|公网安备")
# A number in brackets at the very end of a title line.
_TITLE_NUMBER = re.compile(r"[(（]([^()（）]{2,30}[号號])[)）]\s*$")

# A year written digit by digit, its zero as 〇, ○, 零, a letter O or a digit 0 (二00五年, as typed).
_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "O": 0, "0": 0, "０": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_CN_YEAR = "[〇○零O0０一二三四五六七八九]{4}"
_CN_SMALL = "[一二三四五六七八九十]{1,3}"
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
# An ROC year (110, 一百零八) and a month's or day's number (04, 十二), as the ROC calendar's dates write them.
_ROC_YEAR = r"\d{1,3}|[一二三四五六七八九十百零〇]{1,6}"
_DAY_NUMBER = rf"\d{{1,2}}|{_CN_SMALL}"


def _era_unsaid(year: str) -> tuple[re.Pattern, re.Pattern]:
    """A Taiwan page's date with its era left unsaid, its year the Republic's and matching ``year``: 114年01月13日,
    and so written with dashes, dots or slashes, as Taiwan's government sites date a page (日期:101-03-08)."""
    return (re.compile(rf"(?<![\d.])(?P<roc>)(?P<y>{year})\s*年\s*(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*日"),
            re.compile(rf"(?<![\d.\-/])(?P<roc>)(?P<y>{year})(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})"
                       r"(?![\d.\-/])"))


_DATE_PATTERNS = (
    # A field's value may leave out the 日 at its end (发布日期:2018年03月27).
    re.compile(r"(?<!\d)(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*(?:日|(?=\s*$)))?"),
    # Its month and day may be typed in digits (二O一一年5月16日).
    re.compile(rf"(?P<y>{_CN_YEAR})\s*年\s*(?P<m>{_CN_SMALL}|\d{{1,2}})\s*月"
               rf"(?:\s*(?P<d>{_CN_SMALL}|\d{{1,2}})\s*日)?"),
    re.compile(r"(?<![\d.])(?P<y>\d{4})[-/.](?P<m>\d{1,2})(?:[-/.](?P<d>\d{1,2}))?(?![\d.])"),
    # A compact date after a label (Taiwan's 最新異動日期：20240515); unlabelled eight digits are no date.
    re.compile(r"^(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)"),
    # The Republic of China calendar (Taiwan): 民国 110 年 04 月 28 日, 中华民国八十六年十月八日; year + 1911.
    re.compile(rf"(?:中华)?(?P<roc>民国)\s*(?P<y>{_ROC_YEAR})\s*年\s*(?P<m>{_DAY_NUMBER})\s*月"
               rf"(?:\s*(?P<d>{_DAY_NUMBER})\s*日)?"),
    # The end line of a Hong Kong government release in English: Ends/Wednesday, May 15, 2024.
    re.compile(r"^(?:ends/[a-z]+day,\s*)?(?P<month>" + "|".join(_MONTHS) + r")\s+(?P<d>\d{1,2}),\s*(?P<y>\d{4})$",
               re.IGNORECASE),
    # A Taiwan page's date with its era left unsaid: a three-digit year is the Republic's (114年01月13日 is 2025-01-13).
    *_era_unsaid(r"1\d{2}"),
)
# A date with a two-digit year, as Taiwan dated everything before the Republic's hundredth year (84年12月16日 is
# 1995-12-16; 日期:99-03-08 is 2010-03-08): read so only where the document is written in Traditional script and the
# line is a date or a labelled one (``script_of`` its first lines), and from the 38th year (1949, when the government
# moved to Taiwan) on: 12-05-01 is more likely 2012 shortened than 1923. In Simplified a two-digit year may be the
# Gregorian shorthand (98年, 1998).
_SHORT_ROC_PATTERNS = _era_unsaid(r"3[89]|[4-9]\d")
_BRACKETS = " ()（）[]【】"
# What may follow a date on a signature or cover line besides brackets: a weekday (a Hong Kong release's
# 2024年5月15日（星期三）), or what was done that day.
# Not 施行: the day a text takes effect is its `effective` date, never its own.
# Or a news page's source after a bar: 2025-02-03 | 中央社.
_DATE_LINE_REST = re.compile(r"^[\s()（）\[\]【】]*(?:(?:星期|礼拜|周)[一二三四五六日天])?[\s()（）\[\]【】]*"
                             r"(?:印发|发布|公布|修正公布|修正|制定|通过)?[\s()（）\[\]【】]*[。.]?"
                             r"(?:\s*[|｜]\s*[^|｜。，,；;：:\s]{1,16})?$")
_TAKES_EFFECT = re.compile(r"^[\s()（）\[\]【】]*(?:起|开始)?施行[\s()（）\[\]【】]*$")
# The labels that date the document itself, not its posting.
_OWN_DATE_LABEL = re.compile(r"成文日期|印发日期|发文日期|成文时间|修正日期|公布日期|最新异动日期")
_DATE_LABEL = re.compile(r"(?:成文日期|发布日期|印发日期|发文日期|发布时间|成文时间|修正日期|公布日期|最新异动日期|日期"
                         r"|^时间)\s*[:：]\s*"  # a page's 时间: opens its line; 会议时间: dates a meeting
                         # a record's 時  間 spaced out before the day it met, as Taiwan's gazette sets it
                         r"|^时\s+间\s+(?=(?:中华)?民国|\d{4}\s*年)")

# Longest first, so that 实施细则 and 复函 win over their shorter endings; a court case over an agreement (…诉…补偿
# 协议案) is no motion (议案), nor of any kind.
_TYPES: tuple[tuple[str, str | None], ...] = (
    ("协议案", None),
    ("实施细则", "细则"), ("实施意见", "意见"), ("指导意见", "意见"), ("实施方案", "方案"),
    ("工作方案", "方案"), ("行动计划", "计划"), ("规划纲要", "规划"), ("管理办法", "办法"),
    ("暂行办法", "办法"), ("工作报告", "报告"), ("复函", "函"),
    ("通知", "通知"), ("通报", "通报"), ("意见", "意见"), ("办法", "办法"), ("方案", "方案"),
    ("规划", "规划"), ("决定", "决定"), ("决议", "决议"), ("报告", "报告"), ("条例", "条例"),
    ("规定", "规定"), ("细则", "细则"), ("公告", "公告"), ("通告", "通告"), ("批复", "批复"),
    ("请示", "请示"), ("纪要", "纪要"), ("公报", "公报"), ("命令", "命令"), ("议案", "议案"),
    ("纲要", "纲要"), ("计划", "计划"), ("要点", "要点"), ("指南", "指南"), ("指引", "指引"),
    ("规则", "规则"), ("章程", "章程"), ("通则", "通则"), ("解释", "解释"), ("安排", "安排"), ("答复", "答复"),
    # Normative kinds besides (Taiwan's 中央法規標準法 names 規程, 標準 and 準則 among its regulations' kinds); an
    # amendment of a law (刑法修正案（十一）) is one of the law's own documents.
    ("修正案", "修正案"), ("规程", "规程"), ("标准", "标准"), ("准则", "准则"), ("守则", "守则"), ("规范", "规范"),
    ("解答", "解答"),
    ("函", "函"),
    ("法典", "法"),  # a code (民法典, 生态环境法典) is a law
    ("法", "法"),
)
# An arrangement is an instrument between the Mainland and Hong Kong or Macao (内地与香港特别行政区关于…的安排); a
# release's headline about traffic arrangements (…特別交通及運輸安排) is no such kind.
_TYPE_NEEDS = {"安排": "关于"}
_TRAILING_ASIDE = re.compile(r"\s*[(（〔\[【][^()（）〔〕\[\]【】]{0,30}[)）〕\]】]\s*$")
_TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||｜|——|--|\s-\s)\s*")
_TITLE_MAX = 80  # a longer first line is a paragraph, not a title
_SENTENCE = re.compile("[。！？!?]")


@dataclass(frozen=True)
class _Line:
    """A line as written (NFKC-folded, trimmed) and the same line in Simplified script, for matching."""

    text: str
    simple: str

    def span(self, start: int, end: int) -> str:
        """The written text of a span found in the Simplified line (OpenCC t2s keeps lengths as a rule)."""
        source = self.text if len(self.text) == len(self.simple) else self.simple
        return source[start:end]


def extract_metadata(text: str, props: dict | None = None) -> Meta:
    """Issuing body, document number, ISO date, year and type of a policy text; only the keys found. A
    legal-database export's header fields also give ``effective`` (实施日期), ``status`` (时效性), ``level``
    (效力级别), ``url`` (原文链接) and ``citation`` (法宝引证码).

    ``props`` are what the file format declares (title, author, source, date, number), used where the text
    itself says nothing. Metadata is read on a best effort: a rule that fails on an odd text costs the document
    its metadata, never its place in the index.
    """
    try:
        return _extract(text, props or {})
    except (ValueError, IndexError, KeyError, AttributeError, TypeError, re.error) as error:
        log.warning("the metadata of a document could not be read (%s: %s); indexed without it",
                    type(error).__name__, error)
        return Meta()


# A law's history, one dated event a line in its source, is one line once a reader joins a paragraph's lines
# (2022年1月24日 中共中央政治局会议审议批准 2022年2月25日 中共中央、国务院发布): each event is read on its own.
_NEXT_EVENT = re.compile(r"(?<=通过|通過|批准|公布|公佈|发布|發布|發佈|施行|修正|修订|修訂)\s+"
                         r"(?=[0-9〇零一二三四五六七八九]{4}\s*年)"
                         r"|\s+(?=\d{1,3}\s*[.．]\s*中[華华]民[國国])")  # Taiwan's numbered events: … 2.中華民國…


def _extract(text: str, props: dict) -> Meta:
    # NFKC of the whole text at once equals NFKC line by line (it never joins or makes line breaks), and is faster.
    written = [_set_close(line) for line in (raw.strip() for raw in unicodedata.normalize("NFKC", text).splitlines())
               if line]
    head = [_line(event) for line in written[:_HEAD_LINES] for event in _NEXT_EVENT.split(line)]
    tail = [_line(line) for line in written[_HEAD_LINES:][-_TAIL_LINES:]]
    labelled = [_line(line) for line in written
                if _MAYBE_LABEL.search(line) and _NUMBER_LABEL.search(to_simplified(line))]
    titles = _title_candidates(props.get("title"), head)

    enacting_body, enacted_on = _enacted(head, titles)
    # In a page written in Traditional script a two-digit year is the Republic's (``_SHORT_ROC_PATTERNS``).
    short_roc = script_of("\n".join(line.text for line in head))[0] == "hant"
    labelled_dates = _labelled_dates(head, tail, short_roc)
    own_date = _own_date(labelled_dates[0])
    taiwan = _taiwan_history(head, as_amended=own_date is not None)
    # A Taiwan order's number ends in 號令 as a mainland order's name does (國防部（68）金銓字第4249號令修正發布):
    # where the history reads as Taiwan's, its organ issued it, not a body named 金銓字.
    promulgator, order_number, promulgated_on = _promulgated(head) if taiwan.date is None else (None, None, None)
    noted_body, noted_on = _noted(head)
    reporter, reported_on = _report(head, titles)
    # A law's or regulation's own date is the day it was adopted or promulgated, not a date its text names later
    # (自2021年5月1日起施行 is when it takes effect).
    # A Taiwan law page's 修正日期 dates the law as it stands, before the first event of its history.
    history_on = taiwan.date if own_date is None else None
    date = (enacted_on or promulgated_on or noted_on or history_on or _meeting_adopted(head)
            or _find_date(head, tail, labelled_dates, short_roc) or reported_on
            or _parse_date(to_simplified(_fold(str(props.get("date") or "")))))
    year = int(date[:4]) if date else None
    number, number_year, prefix = _find_number(labelled + head, year)
    if number is None and order_number:
        number, number_year, prefix = order_number, None, None
    if number is None and taiwan.number:
        number, number_year, prefix = taiwan.number, None, None
    if number is None and props.get("number"):
        number, number_year, prefix = _number_of(_line(_fold(str(props["number"]))), year)
    if number is None:
        number, number_year, prefix = _titled_number(titles, year) or (None, number_year, prefix)
    party = (_party_report(head, titles)
             if not (enacting_body or promulgator or noted_body or taiwan.organ or reporter) else None)
    # A press release's head (立 法 會 秘 書 處 / … / 新聞稿) names its issuer and its kind.
    released = release_head([line.text for line in head[: RELEASE_HEAD_LINES + 2]])
    # A Taiwan official document's head (行政院　函) names its organ and its kind.
    taiwan_head = _taiwan_head(head)
    agency = (enacting_body or promulgator or noted_body or taiwan.organ or reporter or party
              or _find_agency(head, tail, titles, props, prefix, released[0] if released else None, taiwan_head)
              or _order_organ(number))
    doc_type = (_find_type(titles) or ("报告" if party else None) or ("新闻稿" if released else None)
                or (taiwan_head[1] if taiwan_head else None))
    # A page's information table (read by its reader) states its fields as a legal-database header does.
    declared = [_declared_line(label, value) for label, value in props.get("fields", ())]
    stated = _database_fields(written[:_HEAD_LINES] + written[_HEAD_LINES:][-_TAIL_LINES:] + declared
                              + _plain_fields(written[:_HEAD_LINES]))
    agency = stated.get("agency") or agency
    if stated.get("number"):
        number, number_year = stated["number"], stated.get("number_year")
    if stated.get("date"):
        date = stated["date"]
        year = int(date[:4])

    found = cast(Meta, {key: stated[key] for key in ("effective", "status", "level", "url", "citation")
                        if key in stated})
    effective = (_takes_effect(head) or _noted_effect(head, promulgated_on or noted_on)
                 or _announced_effect(head, promulgated_on or noted_on or date) or taiwan.effective)
    if effective and "effective" not in found:
        found["effective"] = effective
    revised = _revised(head, date) or (taiwan.revised if taiwan.revised and date and taiwan.revised > date else None)
    if revised:
        found["revised"] = revised
    if agency:
        found["agency"] = agency
    if number:
        found["number"] = number
    if date:
        found["date"] = date
    year = year or number_year or stated.get("stated_year")
    if year:
        found["year"] = year
    if doc_type:
        found["type"] = doc_type
    return found


# Header fields of legal-database exports (北大法宝 and the like): 【label】value, one per line.
_FIELD = re.compile(rf"^{FIELD_LABEL}\s*(?P<value>.*)$")
_URL_LINE = re.compile(rf"^{SOURCE_LINK}\s*(?P<url>https?://\S+)")
_FIELD_KEYS = {"发布部门": "agency", "制定机关": "agency", "发文机关": "agency", "发文单位": "agency",
               "发文字号": "number", "解释字号": "number",
               "发布日期": "date", "公布日期": "date", "成文日期": "date", "实施日期": "effective",
               "施行日期": "effective", "生效日期": "effective", "文号": "number", "时效性": "status",
               "效力级别": "level", "效力位阶": "level", "法宝引证码": "citation", "颁布日期": "date",
               "颁布单位": "agency", "颁布机关": "agency", "期刊年份": "year", "状态": "status",
               "发布文号": "number"}
# A constitutional interpretation's number (解釋字號：釋字第 150 號).
_INTERPRETATION_NUMBER = re.compile(r"[释釋]字第 ?\d{1,4} ?[号號]")
# A year a field states alone (a journal's 【期刊年份】 2018年).
_YEAR_ALONE = re.compile(r"(\d{4})\s*年?(?!\d)")
# A link's words the page writes after a field's value (制定机关：全国人民代表大会常务委员会 机构沿革).
_FIELD_LINKS = re.compile(r"\s*(?:机构沿革|機構沿革|法宝联想)\s*$")
# Between two bodies a field names: 、 or a comma, or a space between Han characters (not inside an English name).
_BODY_SEPARATOR = re.compile(r"\s*[、，,；;]\s*|(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
# A portal's name for itself, where a field would name the issuer (发文机构：县政府网站).
_WEBSITE = re.compile(r"(?:网站|门户网|政府网)$")


_TAIWAN = re.compile(rf"^{TAIWAN_FIELD}\s*(?P<value>.*)$")
# 法規類別：行政＞法務部＞法律事務目 (or 法律 / 行政＞…): a branch of government, the organ in charge, a subject.
_BRANCHES = ("行政", "立法", "司法", "考试", "监察")
# 生效狀態：※本法規部分或全部條文尚未生效 is a status; a note on when amended articles take effect is not, nor its
# first line where the page wraps it (一百十四年一月二十四日修正第 2、3 條條文及增訂): dated, numbered, or long.
_STATUS_NOTE = re.compile(r"[，。；,;]|施行|定之|年.{1,3}月|^[0-9０-９]|^.{25}")
_CATEGORY_ORGAN = re.compile(r"(?:部|会|会议|院|署|局|处|府|银行)$")


def _category_organ(value: str) -> str | None:
    """The organ in charge a law's category path names; 院本部 (a Yuan's own office) is that Yuan, and a branch
    with no organ under it (立法, 國民大會) is its own organ."""
    path = [_TRAILING_ASIDE.sub("", p).strip() for p in re.split(r"[>＞]", re.split(r"[/／]", value)[-1])]
    organ = path[1] if len(path) > 1 else path[0]
    if to_simplified(organ) in ("院本部", *_BRANCHES):
        # The Yuan, written in the path's own script (考試 → 考試院); a repealed law's 院本部 names none.
        organ = path[0] + "院" if to_simplified(path[0]) in _BRANCHES else ""
    return organ if _CATEGORY_ORGAN.search(to_simplified(organ)) else None


def _taiwan_fields(lines: list[str]) -> dict:
    """What a Taiwan law page's header fields state: the organ in charge (法規類別), the status (生效狀態, or
    廢止 where the law is repealed) and the page's address (法規網址)."""
    found: dict = {}
    for line in lines:
        match = _TAIWAN.match(line)
        if not match or not match["value"].strip():
            continue
        field, value = to_simplified(match["field"]), " ".join(match["value"].split())
        repealed = "廢止" if field != match["field"] else "废止"  # in the page's own script
        if field == "法规类别":
            if "废止法规" in to_simplified(value):
                found.setdefault("status", repealed)
            organ = _category_organ(value)
            if organ:
                found.setdefault("agency", organ)
        elif field == "废止说明":
            found["status"] = repealed
        elif field == "生效状态":
            status = value.lstrip("※").strip()
            if not _STATUS_NOTE.search(status):
                found.setdefault("status", status)
        elif field == "法规网址" and re.match(r"https?://\S+$", value):
            found.setdefault("url", value)
    return found


def _declared_line(label: str, value: str) -> str:
    """A field a file states (a page's information table, an export's header) as the line the rules read: 【label】
    value; a source link, and a Taiwan law page's category path and status, as their own lines are written."""
    if label == "原文链接":
        return f"原文链接：{value}"
    if label == "生效状态" or (label == "法规类别" and re.search("[>＞]", value)):
        return f"{label}：{value}"  # read by ``_taiwan_fields``: the category's organ, a status that is no note
    return f"【{label}】{value}"


def _plain_fields(head: list[str]) -> list[str]:
    """A database page's header fields written plainly (制定机关：…, 效力位阶：…) in a text that still holds them,
    as 【label】value lines (``cleaning.header_fields`` says which count)."""
    return [f"【{label}】{value}" for label, value in header_fields(head).values() if label != "原文链接"]


def _stated_agency(value: str) -> str:
    """The bodies a field names, joined by 、 (a page separates them by spaces), without the link after them."""
    names = [name.strip() for name in _BODY_SEPARATOR.split(_FIELD_LINKS.sub("", value)) if name.strip()]
    # A portal fills the field with itself where it knows no issuer (发文机构：县政府网站): that names no body.
    return _joint([name for name in names if not _WEBSITE.search(to_simplified(name))])


def _database_fields(lines: list[str]) -> dict:
    """The header fields a legal-database export states outright (agency, number, dates, status, level, url and its
    citation code)."""
    found: dict = _taiwan_fields(lines)
    for line in lines:
        url = _URL_LINE.match(line)
        if url:
            found.setdefault("url", url["url"])
            continue
        match = _FIELD.match(line)
        if not match:
            continue
        key = _FIELD_KEYS.get(to_simplified(match["label"]).strip())
        written = " ".join(match["value"].split())
        if not key or not written:
            continue
        value: str | None = written
        if key == "agency":
            value = _stated_agency(written)
        elif key in ("date", "effective"):
            value = _parse_date(to_simplified(written), _LABELED_YEARS)
        elif key == "year":  # a journal's year alone (【期刊年份】 2018年【期号】 4)
            year_match = _YEAR_ALONE.match(written)
            if year_match and int(year_match[1]) in _LABELED_YEARS:
                found.setdefault("stated_year", int(year_match[1]))
            continue
        elif key == "number":
            value, number_year, _prefix = _number_of(_line(written), None)
            if number_year:
                found.setdefault("number_year", number_year)
        if value:
            found.setdefault(key, value)
    return found


def _fold(line: str) -> str:
    """Full-width digits, letters and brackets folded to ASCII, outer whitespace dropped."""
    return unicodedata.normalize("NFKC", line).strip()


# A line set with its characters spaced out (an old page's 二 ○ ○ 四 年 四 月 二 十 一 日 ( 星 期 三 )): most of its
# pieces are one character, at least this many.
_SPACED_PIECES = 5
_SPACED_SHARE = 0.8


def _set_close(line: str) -> str:
    """``line`` with the spaces between its characters taken out when it is set spaced out (a space stays between
    two Latin or digit pieces: 2007 年 7 月 → 2007年7月, HKT 12:00 as it is), else ``line``."""
    pieces = line.split(" ")
    if len(pieces) < _SPACED_PIECES or sum(len(piece) == 1 for piece in pieces) < _SPACED_SHARE * len(pieces):
        return line
    joined = pieces[0]
    for piece in pieces[1:]:
        latin = joined[-1:].isascii() and joined[-1:].isalnum() and piece[:1].isascii() and piece[:1].isalnum()
        joined += (" " if latin else "") + piece
    return joined


def _line(text: str) -> _Line:
    return _Line(text, to_simplified(text))


# --- issuing body ------------------------------------------------------------------------------------------

def _organs(line: _Line, upto: int | None = None, loose: bool = False, ministry: bool = False,
            longest: int = _MAX_ORGAN_LINE) -> list[str]:
    """The issuing bodies a line (or its first ``upto`` characters, at most ``longest``) consists of — several
    for a joint document — as written; nothing when anything else is on the line. ``ministry`` also takes bare
    central names (教育部), for a title's lead and a joint signature."""
    simple = line.simple[:upto] if upto is not None else line.simple
    if not simple or len(simple) > longest:
        return []
    pattern = _ORGAN_LOOSE if loose else _ORGAN
    parts = list(_ORGAN_SEPARATORS.finditer(simple))
    if not all(pattern.fullmatch(part.group()) or ministry and _MINISTRY.fullmatch(part.group()) for part in parts):
        return []
    return [line.span(part.start(), part.end()) for part in parts]


def _joint(organs: list[str]) -> str:
    """One body, or the bodies of a joint document in the order they are named, each once."""
    return JOINT.join(dict.fromkeys(organs))


def _unspaced(line: _Line) -> _Line:
    """A signature's name spaced out to the width of the others (财 政 部) as the name; any other line as it is."""
    name = spaced_out(line.text)
    return line if name is None else _line(name)


def _signed_below(lines: list[_Line], index: int) -> list[str]:
    """The bodies signing on the short lines right under ``lines[index]``, where their block ends at its date (a
    joint document's signature read from the top: 中共岳阳市委办公室 / 岳阳市人民政府办公室 / 2017年1月10日)."""
    more: list[str] = []
    below = index + 1
    while below < len(lines) and len(lines[below].simple) <= _SIGNATURE_LINE_MAX:
        if _date_line(lines[below]) is not None:
            return more
        organs = _organs(_unspaced(lines[below]), loose=True, ministry=True)
        if not organs:
            break
        more += organs
        below += 1
    return []


def _signature(lines: list[_Line], index: int) -> list[str]:
    """The bodies a line names, loosely when a date stands on it or on the next line (a signature block), or
    the document's number or its 关于 title on the next (the issuer a site sets under a page's title, over
    科工法字〔2000〕851号 or 关于印发…的通知)."""
    line = _unspaced(lines[index])
    date_at = _date_start(line)
    following = lines[index + 1] if index + 1 < len(lines) else None
    dated = date_at is not None or (following is not None and _date_line(following) is not None)
    heads = following is not None and (_number_of(following, None, labelled=False)[0] is not None
                                       or following.simple.startswith("关于") and _find_type([following]) is not None)
    organs = _organs(line, date_at, loose=dated or heads, ministry=dated or heads)
    # A joint document is signed by each body on a line of its own, one above the other.
    above = index - 1
    while organs and above >= 0 and (more := _organs(_unspaced(lines[above]), loose=True, ministry=True)):
        if any(_in_full(name).endswith(_in_full(organ)) for name in more for organ in organs):
            break  # the same body over it with its province (吉林省长春市人民政府 / 长春市人民政府): no co-issuer
        organs = more + organs
        above -= 1
    return organs


# How long a line of a signature block may be: a body's name, or a few.
_SIGNATURE_LINE_MAX = 30

# A law or regulation states who adopted it under its title: （1990年6月28日第七届全国人民代表大会常务委员会第十四次会议
# 通过） or 北京市第十三届人民代表大会常务委员会第二十次会议通过. The place may stand before or after the session.
_SESSION = "第[〇零一二三四五六七八九十百0-9]+"
# A place's name, which never starts with the end of a date written before it (2020年3月27日北京市).
_PLACE_NAME = (rf"(?!(?<=[0-9〇零一二三四五六七八九十])[年月日])[{_HAN}]{{2,12}}?"
               r"(?:特别行政区|自治区|自治州|自治县|省|市|县|区|州|盟|旗)")
# Zhejiang's cities write it short, the place left to the title: 市十四届人大常委会第二十次会议通过, and their congress
# too: 市十四届人大五次会议通过. The first standing committees numbered their meetings with no term:
# 全国人民代表大会常务委员会第九十一次会议通过.
_ENACTED = re.compile(
    rf"(?:(?<=[年月日])|(?<![{_HAN}]))(?:经\s*)?(?P<place>全国|{_PLACE_NAME}|(?P<bare>省|市|县|区|自治州|自治县))?\s*"
    rf"(?:(?:{_SESSION}|[〇零一二三四五六七八九十百]+)届\s*)?(?P<place2>全国|{_PLACE_NAME})?"
    rf"(?:(?P<organ>人民代表大会(?:常务委员会)?|人民代表大会常委会|人大常委会)\s*{_SESSION}|"
    rf"(?<=届)(?P<short>人大常委会|人大)\s*第?[〇零一二三四五六七八九十百]+)次(?:全体)?会议"
    rf"(?:审议)?(?:通过|修订|批准|修正)"
)
_FULL_ORGAN = {"人大常委会": "人民代表大会常务委员会", "人民代表大会常委会": "人民代表大会常务委员会",
               "人大": "人民代表大会"}


def _in_full(organ: str) -> str:
    """An issuing body's name with its short form written in full (珠海市人大常委会 → 珠海市人民代表大会常务委员会)."""
    simple = to_simplified(organ)
    short = next((short for short in _FULL_ORGAN if simple.endswith(short)), None)
    return simple if short is None else simple[: -len(short)] + _FULL_ORGAN[short]


# A session of a congress or its standing committee that issued a document under its own name, as a title's lead
# (第十四届全国人民代表大会第二次会议关于政府工作报告的决议): the congress issued it.
_SESSION_LEAD = re.compile(
    rf"(?P<place>全国|{_PLACE_NAME})?(?:{_SESSION}届)?(?P<place2>全国|{_PLACE_NAME})?"
    rf"(?P<organ>人民代表大会(?:常务委员会)?){_SESSION}次(?:全体)?会议"
)


def _named_place(match: re.Match) -> str | None:
    """The group of a session match that names the place, written before the session or after it; None if neither."""
    return "place" if match["place"] else "place2" if match["place2"] else None


def _enacted(head: list[_Line], titles: list[_Line]) -> tuple[str | None, str | None]:
    """(the people's congress or standing committee that adopted a law, the date it did), from the line that says
    so; (None, None) when no line does. A place written as 市 alone is the title's city."""
    for line in head:
        match = _ENACTED.search(line.simple)
        if match and _opens_line(line.simple[: match.start()]):
            place = _named_place(match)
            if match["bare"]:
                # 市 (or 省, 县) alone: the place the title names first that ends so (宁波市人民调解条例 → 宁波市).
                named = next((found for title in titles[:1] if (found := re.match(
                    rf"[{_HAN}]{{1,8}}?{match['bare']}", title.simple))), None)
                place_text = named.group() if named else None
            else:
                place_text = line.span(*match.span(place)) if place else None
            if place_text is None:
                continue  # a session with no place named is not enough to say which congress
            organ = line.span(*match.span("organ" if match["organ"] else "short"))
            return place_text + _FULL_ORGAN.get(to_simplified(organ), organ), _parse_date(line.simple[: match.start()])
        assembly = _ASSEMBLY_PASSED.search(line.simple)
        if assembly:
            return line.span(*assembly.span("organ")), _parse_date(assembly["date"])
        enacted = _ENACTED_BY.fullmatch(line.simple)
        if enacted:
            return line.span(*enacted.span("organ")), None
    return None, None


# Macao's Legislative Assembly passing a law, as the note under it says:
# 《第26/2024號法律》經立法會於2024年12月17日通過.
_ASSEMBLY_PASSED = re.compile(r"经(?P<organ>立法会)于(?P<date>\d{4}年\d{1,2}月\d{1,2}日)通过")
# Hong Kong's enacting words, a line of their own under an ordinance's or bill's long title: 由立法會制定。
_ENACTED_BY = re.compile(r"由(?P<organ>立法会|立法局)制定[。.]?")


# An event of a text's history under its title that changed it, the verb ending the event:
# 2021年1月22日 第十三届…会议修订; 2009年8月27日 …《关于修改部分法律的决定》第一次修正;
# 1994年7月13日 国务院批准第一次修订; Taiwan's …令修正公布第 2 條條文.
# Not a line naming an amendment passed (…会议通过的《中华人民共和国刑法修正案》).
_AMENDED = re.compile(r"(?:修正|修订|修改)(?:公布|发布)?(?:第[^。；;]{1,60}?条条文)?[\s)）\]】。;；、,，]*$")
# Where one event of a history line opens: its start, its ordinal (Taiwan's 2.中華民國…), or a date after a space, a
# bracket or 根据 (…通过 根据2011年1月8日…修订).
_EVENT_START = re.compile(r"(?:^|(?<=[\s（(【\[、，,])|(?<=根据)|(?<=^\d[.．])|(?<=^\d\d[.．]))"
                          r"(?=[0-9〇零一二三四五六七八九]{4}\s*年|(?:中华)?民国)")


def _revised(head: list[_Line], date: str | None) -> str | None:
    """The date of the latest amendment or revision a text's history states under its title, when it is later than
    the text's own ``date`` (a law's first adoption): the version the text is."""
    latest = None
    for line in head:
        simple = line.simple
        starts = [m.start() for m in _EVENT_START.finditer(simple)]
        for start, end in zip(starts, [*starts[1:], len(simple)]):
            event = simple[start:end]
            if not _opens_line(simple[:start]) and not simple[:start].rstrip().endswith("根据"):
                continue  # a sentence citing a date, not a history
            dated = next(_leading_dates(event), None)
            if dated is None or not _AMENDED.search(event[dated.end():]):
                continue
            when = _parse_date(event[: dated.end()])
            if when and (latest is None or when > latest):
                latest = when
    latest = max((d for d in (latest, _readopted(head)) if d), default=None)
    return latest if latest and (date is None or latest > date) else None


def _readopted(head: list[_Line]) -> str | None:
    """The latest date a court's committee adopted a judicial interpretation again, when its history under the title
    states the court's adoption more than once (2010年11月22日 最高人民法院审判委员会第1502次会议通过 / 2021年12月30日
    最高人民法院审判委员会第1860次会议通过): the interpretation as amended. Another court's adoption is the same
    event (a joint interpretation)."""
    adoptions: dict[str, list[str]] = {}
    for line in head:
        meeting = _court_meeting(line)
        when = _parse_date(line.simple) if meeting and meeting[1] else None
        if meeting and when:
            adoptions.setdefault(meeting[0], []).append(when)
    again = [max(dates) for dates in adoptions.values() if len(set(dates)) > 1]
    return max(again, default=None)


_EVENT_ORDINAL = re.compile(r"^\d{1,3}\s*[.．、]\s*")


def _opens_line(before: str) -> bool:
    """Whether ``before`` is nothing but brackets and a date: what follows opens its line, as a note under a title
    does (（1990年6月28日第七届…通过）), not a sentence citing it (根据2012年8月31日第十一届…通过的《决定》)."""
    before = _EVENT_ORDINAL.sub("", before.strip(" \t（(【["))  # Taiwan's law pages number the events: 2.中華民國…
    dated = next(_leading_dates(before), None)
    return not before or (dated is not None and not before[dated.end():].strip())


# A note under a title, opening with the date a meeting adopted the text, whatever body met (a congress is read by
# ``_enacted`` with its name): 1949年10月18日中国人民政治协商会议第一届全国委员会常务委员会第一次会议通过.
_MEETING_ADOPTED = re.compile(r"次(?:全体)?会议(?:审议)?(?:通过|修订|修正)[\s)）]*$")
_MEETING_NOTE_MAX = 100


def _meeting_adopted(head: list[_Line]) -> str | None:
    """The date a note under the title says a meeting adopted the text, else None."""
    for line in head:
        written = line.simple.lstrip(_BRACKETS)
        if len(written) <= _MEETING_NOTE_MAX and _MEETING_ADOPTED.search(written):
            date = next((_date_of(match) for match in _leading_dates(written)), None)
            if date:
                return date
    return None


def _leading_dates(text: str) -> Iterator[re.Match]:
    """Each way ``text`` opens with a date (2021年1月1日, 二〇二一年一月一日, 2021-01-01 …), in pattern order."""
    return (match for pattern in _DATE_PATTERNS if (match := pattern.match(text)))


# A government work report says where and when it was given, and who gave it, under its title:
#   ——2024年1月21日在北京市第十六届人民代表大会第二次会议上 / 北京市市长 殷勇
# or in one line, the speaker after the session or before it: 在北京市第十六届人民代表大会第二次会议上北京市市长
# 殷勇同志作政府工作报告; 2025年1月14日海南省省长 刘小明在海南省第七届人民代表大会第四次会议上的讲话; 龚正市长在
# 上海市第十六届人民代表大会第三次会议的政府工作报告.
_GIVEN_AT = re.compile(rf"在\s*(?P<place>全国|{_PLACE_NAME})?\s*{_SESSION}届\s*(?P<place2>全国)?人民代表大会\s*"
                       rf"{_SESSION}次(?:全体)?会议(?:上|的)")
# With no session line, the report says whose it is as it opens: 现在，我代表国务院，向大会报告政府工作; 我代表中华人民
# 共和国国务院; 我受国务院的委托.
_ON_BEHALF = re.compile(rf"我(?:现在)?(?:代表\s*(?:中华人民共和国)?(?P<organ>国务院|{_PLACE_NAME}人民政府)|"
                        rf"受\s*(?P<sender>国务院|{_PLACE_NAME}人民政府)的委托)")
# A work report's title may name its government (2019年中华人民共和国国务院政府工作报告, 2023年北京市政府工作报告): what
# names it when nothing under the title does (a report saved from its first words, 各位代表：).
_REPORT_TITLE = re.compile(rf"(?:^|年|中华人民共和国)(?P<organ>国务院|{_PLACE_NAME})(?:\d{{4}}年)?"
                           r"(?:人民)?政府工作报告")
_SPEAKER = re.compile(rf"(?:(?P<premier>国务院(?:代)?总理)|(?P<place>{_PLACE_NAME})(?:人民政府)?(?:代理|代)?"
                      rf"(?:省长|市长|区长|县长|州长|主席|旗长|盟长|行政长官))")


# A regulation or a ministry's rule states what made it under its title:
# - the order that promulgated it: 2011年1月8日 中华人民共和国国务院令第588号公布;
# - one order of each body of a joint rule: 国家教育委员会令第8号、国家体育运动委员会令第11号发布;
# - one order of several bodies: 农业部、财政部、国家物价局令第1号发布;
# - else the meeting that adopted it: 经人力资源和社会保障部第6次部务会议通过;
# - or, in older ones, only the body: 1980年5月9日 国务院批准.
_SERIAL = r"\d{1,5}|[〇零一二三四五六七八九十百千]{1,8}"
# Never the end of a date written before it (2018年3月20日中华人民共和国主席令第三号).
_AFTER_DATE = r"(?!(?<=[0-9〇零一二三四五六七八九十])[年月日])"
_ORGAN_NAME = rf"{_AFTER_DATE}(?:中华人民共和国)?[{_HAN}]{{2,20}}?"
# Written 国务院令第588号, or, in some older rules, 海关总署第61号令.
_ORDER_OF = re.compile(rf"(?P<organ>{_ORGAN_NAME})(?:令\s*[(（]?第\s*(?P<serial>{_SERIAL})\s*号[)）]?|"
                       rf"第\s*(?P<after>{_SERIAL})\s*号令)")
# The verb may be left out where the order's date stands before it: 2017年11月22日 中华人民共和国国务院令第692号.
_PROMULGATED = re.compile(rf"{_ORDER_OF.pattern}\s*"
                          r"(?:公布|发布|修订公布|修订发布|修正公布|修正发布|令发布|(?P<bare>$))")
_CO_ISSUERS = re.compile(rf"(?:{_ORGAN_NAME}、)+$")
_MINISTRY_NAME = rf"{_AFTER_DATE}[{_HAN}]{{2,16}}?(?:部|委员会|总局|局|署)"
# An office counts its meetings by the year: 国家互联网信息办公室2021年第20次室务会议审议通过.
_MEETING = re.compile(rf"(?:经)?(?P<organ>国务院|{_PLACE_NAME}人民政府|{_MINISTRY_NAME}|[{_HAN}]{{2,16}}?办公室)\s*"
                      rf"(?:\d{{4}}\s*年\s*)?第\s*\d{{1,4}}\s*次"
                      r"(?:常务|部务|委务|局务|署务|室务|主任|全体)?会议(?:审议)?(?:修订)?通过")
_ISSUING = rf"(?:国务院(?:办公厅)?|政务院|中共中央|中央军委|中央军事委员会|{_MINISTRY_NAME})"
# 1985年10月24日 国务院、中央军委发布: every body named issued it (政务院 was the State Council before 1954).
_ISSUED = re.compile(rf"\s*(?P<organ>{_ISSUING}(?:、{_ISSUING})*)\s*(?P<verb>批准|公布|发布)[\s)）]*$")
# A judicial interpretation states the committee meetings that adopted it, each dated: 2018年9月17日 最高人民法院审判
# 委员会第1749次会议、2018年12月12日最高人民检察院第十三届检察委员会第十一次会议通过. The court or procuratorate
# issues it (its committee is a body of its own), and a joint one is adopted when the last of them adopts it.
_JUDICIAL_MEETING = re.compile(
    rf"(?P<organ>最高人民(?:法院|检察院)|{_PLACE_NAME}(?:高级|中级)?人民(?:法院|检察院))\s*"
    rf"(?:{_SESSION}\s*届\s*)?(?:审判|检察)委员会\s*(?:{_SESSION}\s*届\s*)?{_SESSION}\s*次(?:全体)?会议")
_ADOPTION_END = re.compile(r"\s*(?:审议|讨论)?(?:通过|修订|修正)")
_PRC = "中华人民共和国"


def _promulgated(head: list[_Line]) -> tuple[str | None, str | None, str | None]:
    """(the body or bodies that made a regulation, the order's number as written, the date); Nones when no line
    under the title says. A president's order (主席令) promulgates a law, whose body is its congress."""
    adopted: tuple[str | None, str | None, str | None] = (None, None, None)
    approver: str | None = None  # the State Council approving what a body then issued (1987年9月23日 国务院批准)
    for previous, line in zip([None, *head], head):
        order = _PROMULGATED.search(line.simple)
        if order is not None and order["bare"] is not None and not _DATE_PATTERNS[0].match(line.simple):
            order = None  # an order's number alone is a number, not who made the text (``_find_number``)
        if order is not None:
            found = _order(line, order)
            if found is not None:
                return _issued_after(approver, found)
            continue
        if previous is not None and _joint_meeting(previous, line):
            # A joint interpretation's meetings a line each (…最高人民法院审判委员会第1749次会议 / …最高人民检察院…会议
            # 通过): one event, as when written on one line.
            adopted = _adopted(_line(f"{previous.text}、{line.text}"))
            continue
        if adopted[0] is not None and approver is None:
            continue
        found = _adopted(line)
        if found[0] is None:
            continue
        if adopted[0] is None:
            adopted, approver = found, found[0] if _approval(line) else None
        elif not _approval(line):
            return _issued_after(approver, found)
    return adopted


def _issued_after(approver: str | None,
                  issued: tuple[str | None, str | None, str | None]) -> tuple[str | None, str | None, str | None]:
    """What issued a regulation (``_order``, ``_adopted``), the body that approved it named first: a regulation the
    State Council approved is dated the day its body issued it (1987年11月10日 公安部发布), and both made it."""
    if approver is None or issued[0] is None:
        return issued
    return _joint([*approver.split(JOINT), *issued[0].split(JOINT)]), issued[1], issued[2]


def _court_meeting(line: _Line) -> tuple[str, bool] | None:
    """(court, whether it adopted) of a line that is a dated meeting of a court's committee
    (2018年9月17日 最高人民法院审判委员会第1749次会议[通过]), else None."""
    dated = _DATE_PATTERNS[0].match(line.simple)
    rest = line.simple[dated.end():].strip(" 、") if dated else ""
    meeting = _JUDICIAL_MEETING.match(rest)
    if meeting is None:
        return None
    after = rest[meeting.end():].rstrip(" ）)")
    return (meeting["organ"], bool(after)) if not after or _ADOPTION_END.fullmatch(after) else None


def _joint_meeting(previous: _Line, line: _Line) -> bool:
    """Whether ``line`` states another court's committee adopting what the meeting on ``previous`` met on: one joint
    interpretation adopted, a meeting a line (the same court adopting again amends it: ``_readopted``)."""
    first, second = _court_meeting(previous), _court_meeting(line)
    return first is not None and second is not None and second[1] and first[0] != second[0]


def _approval(line: _Line) -> bool:
    """Whether ``line`` is a dated approval (1987年9月23日 国务院批准), not an issue or a promulgation."""
    dated = _DATE_PATTERNS[0].match(line.simple)
    issued = _ISSUED.fullmatch(line.simple, dated.end()) if dated else None
    return issued is not None and issued["verb"] == "批准"


def _order(line: _Line, order: re.Match) -> tuple[str | None, str | None, str | None] | None:
    """What a promulgation line under a title says; None for an order cited inside a sentence."""
    orders = list(_ORDER_OF.finditer(line.simple, 0, order.end()))
    first = orders[0] if orders else order
    co = _CO_ISSUERS.search(line.simple, 0, first.start())
    start = co.start() if co else first.start()
    before = line.simple[:start]
    if before.strip() and _parse_date(before) is None:
        return None
    group = "serial" if first["serial"] else "after"
    serial = str(int(first[group])) if first[group].isdigit() else first[group]
    sign = line.span(first.end(group), first.end(group) + 1)
    organ = line.span(start, first.end("organ"))
    number = f"{organ}令第{serial}{sign}" if group == "serial" else f"{organ}第{serial}{sign}令"
    spans = [(start + part.start(), start + part.end()) for part in re.finditer(f"[{_HAN}]+", co.group())] if co else []
    spans += [o.span("organ") for o in orders or [order] if not o["organ"].endswith("主席")]
    organs = [line.span(*span).removeprefix(_PRC) for span in spans]
    return (_joint(organs) if organs else None), number, _parse_date(before)


def _adopted(line: _Line) -> tuple[str | None, str | None, str | None]:
    """(body, None, date) of a line saying which meeting adopted a regulation, or which body issued it."""
    judicial = list(_JUDICIAL_MEETING.finditer(line.simple))
    if judicial and _ADOPTION_END.match(line.simple, judicial[-1].end()):
        dates = [_parse_date(line.simple[: m.start()].rsplit("、", 1)[-1]) for m in judicial]
        return (_joint([line.span(*m.span("organ")) for m in judicial]), None,
                max((d for d in dates if d), default=None))
    dated = _DATE_PATTERNS[0].match(line.simple)
    meeting = _MEETING.search(line.simple)
    if meeting and (dated or not meeting.start()):
        at = meeting.start("organ")
        return line.span(at, meeting.end("organ")), None, _parse_date(line.simple[:at])
    issued = _ISSUED.fullmatch(line.simple, dated.end()) if dated else None
    if dated and issued:
        organs = line.span(*issued.span("organ")).split("、")
        return _joint(organs), None, _parse_date(line.simple[: dated.end()])
    return None, None, None


_BARE_PLACES = frozenset({"自治区", "自治州", "自治县", "特别行政区"})


def _report(head: list[_Line], titles: list[_Line]) -> tuple[str | None, str | None]:
    """(the government that gave a work report, the date it was given), from the lines under its title."""
    # A resolution on the report (关于政府工作报告的决议) names the premier too, but is the congress's.
    if not any("政府工作报告" in title.simple for title in titles) or _find_type(titles) != "报告":
        return None, None
    agency = date = None
    session_place = None
    for line in head:
        given = _GIVEN_AT.search(line.simple)
        if given and date is None:
            date = _parse_date(line.simple[: given.start()])
            place = _named_place(given)
            if agency is None and place is not None:
                session_place = given[place]
                agency = "国务院" if session_place == "全国" else line.span(*given.span(place)) + "人民政府"
        speaker = _speaker(line, given, session_place)
        if speaker:  # the speaker's office names the government exactly (a district's report, given in its city)
            agency = "国务院" if speaker["premier"] else line.span(*speaker.span("place")) + "人民政府"
            break
    if agency is None:
        for line in head:
            behalf = _ON_BEHALF.search(line.simple)
            if behalf:
                return line.span(*behalf.span("organ" if behalf["organ"] else "sender")), date
        for title in titles:
            named = _REPORT_TITLE.search(title.simple)
            if named:
                organ = title.span(*named.span("organ"))
                return (organ if named["organ"] == "国务院" else organ + "人民政府"), date
    return agency, date


# A Party congress's report is given on behalf of the outgoing committee, as it says when it opens (现在，我代表第十七届
# 中央委员会向大会作报告; 我受十二届中央委员会委托，向大会作报告; 我代表中共北京市第十二届委员会向大会作报告) or in
# its title or the line under it (——在中国共产党第二十次全国代表大会上的报告). It is the committee's, named as the
# Party's documents name their issuers: the Central Committee 中共中央, a province's, city's or county's 中共北京市委.
_PARTY = r"(?:中国共产党|中共)"
_TERM = "第?[〇零一二三四五六七八九十百0-9]+"  # 第十七届, and 十三届 in some
# A people's congress's or a political consultative conference's committee reports its work (向大会报告工作), never
# 作报告, and is no Party committee (政协北京市委员会).
_PARTY_BEHALF = re.compile(rf"我(?:代表|受)\s*(?:{_PARTY}\s*)?(?!政协|人大)(?P<place>{_PLACE_NAME})?\s*"
                           rf"(?:{_TERM}\s*届\s*)?(?P<central>中央)?委员会(?:的)?(?:委托)?[，,\s]*向[^。！]{{0,20}}?大会\s*"
                           r"[作做]报告")
_PARTY_CONGRESS = re.compile(rf"在\s*{_PARTY}\s*(?P<place>{_PLACE_NAME})?\s*{_SESSION}\s*次\s*(?P<central>全国)?"
                             r"代表大会上的(?:政治)?报告")


def _party_report(head: list[_Line], titles: list[_Line]) -> str | None:
    """The Party committee whose report to its congress the text is (中共中央, 中共北京市委), or None."""
    for line in titles + head:
        found = _PARTY_BEHALF.search(line.simple) or _PARTY_CONGRESS.search(line.simple)
        if found is not None and (found["central"] or found["place"]):
            return "中共中央" if found["central"] else f"中共{line.span(*found.span('place'))}委"
    return None


def _speaker(line: _Line, given: re.Match | None, session_place: str | None) -> re.Match | None:
    """The speaker's office on a line under a work report's title (北京市市长, 国务院总理), or None.

    On the session's line the office is read after the session, else before its date ends; an office whose place
    is not the session's (龚正市长: a name before 市长) is not taken."""
    if given is None:
        found = _SPEAKER.search(line.simple)
    else:
        found = _SPEAKER.search(line.simple, given.end()) or _SPEAKER.search(line.simple, 0, given.start())
    if found is None or found["premier"]:
        return found
    place = found["place"]
    if place in _BARE_PLACES:  # 自治区主席: the place is the session's
        return None
    if session_place and session_place != "全国" and place not in session_place and session_place not in place:
        return None
    return found


# An office and the name of its holder on the last lines: 行政长官 崔世安, 经济财政司司长 李伟农 (in Simplified).
_OFFICE_SIGNATURE = re.compile(r"(?P<office>行政长官|[\u4e00-\u9fff]{2,10}司司长)\s+[\u4e00-\u9fff]{2,4}")
_OFFICE_LINES = 3
# How far below a page's own title the document's whole title may stand.
_FULL_TITLE_LINES = 4
# Kinds of document, which no issuing body's name holds.
_KIND_IN_NAME = re.compile("通知|通报|公告|通告|决定|意见|办法|规定|批复")


# A body's rules of its own work, titled by the body (镇巴县人民政府工作规则, 禄丰市人民政府常务会议议事规则): its own.
_OWN_RULES = re.compile(r"(?:常务会议|全体会议|党组)?(?:工作规则|议事规则)$")
# A body's record of its own numbered meeting, titled by it: 行政院第3289次院会决议, 内政部第1024次部务会议纪录.
_TERM_FIRST = re.compile(rf"(?P<organ>[{_HAN}]{{2,20}}?)第[0-9０-９一二三四五六七八九十]+届")
_OWN_MEETING = re.compile(rf"第[0-9０-９一二三四五六七八九十百千零〇]+次[{_HAN}]{{0,4}}会议?(?:决议|纪录|记录|纪要)$")


# A news release's headline naming the bodies that issued a document: 中共中央办公厅 国务院办公厅印发《…的意见》.
_ISSUED_BY = re.compile(r"(?P<organs>[^《》\n]{2,80}?)\s*印发了?《[^《》\n]{4,80}》$")


# A Hong Kong government release issued for another body says so under its headline (read in Simplified):
# The following is issued on behalf of the Legislative Council Secretariat: / 下稿代立法會秘書處發出:
_ISSUED_FOR = re.compile(r"The following is issued on behalf of (?:the )?(?P<organ>[A-Z][A-Za-z ,&'()-]{2,80}?)\s*:?"
                         rf"|下稿代(?P<body>[{_HAN}]{{2,30}}?)发出\s*[:：]?")


# A release's first sentence: the body that speaks, today and the day in brackets (運輸署今日（十月十七日）提醒市民;
# 食物安全中心(中心)今日(一月十一日)公布 gives its short name in brackets first).
_SPEAKS_TODAY = re.compile(rf"(?P<organ>[{_HAN}]{{2,20}}?)(?:[(（][{_HAN}]{{1,6}}[)）])?今[日天]\s*[(（]")
# What such a body's name ends in (a department, bureau, office, centre or commission: 運輸署, 政府統計處, 香港海關,
# 衞生防護中心); an official's name or a spokesman (局長劉江華, 發言人) ends otherwise.
_SPEAKING_BODY = re.compile(rf"[{_HAN}]{{1,18}}(?:署|处|局|中心|委员会|办公室|办事处|海关|部|院)")
# A Legislative Council question's reply: the bureau or department whose head answers it (以下是今日…在立法會會議上
# …議員的提問和保安局局長鄧炳強的書面答覆：) issues the release.
_ANSWERED_BY = re.compile(rf"的提问和(?:署理)?(?P<organ>[{_HAN}]{{2,16}}?[局署处])(?:副)?(?:局长|署长|处长)"
                          rf"[{_HAN}]{{0,6}}的(?:书面|口头)?答复")


_TAIWAN_HEAD = re.compile(TAIWAN_DOCUMENT_HEAD)
_BILL_PAPERS = re.compile("(?P<organ>立法院)议案关系文书")
_TAIWAN_KINDS = {"函": "函", "书函": "函", "公告": "公告", "开会通知单": "通知"}
_TRAILING_SPECK = re.compile(r"[^\w]+$")


def _taiwan_head(head: list[_Line]) -> tuple[list[str], str] | None:
    """(organs, type) of a Taiwan official document's head line (行政院　函 → 行政院, 函; 總統令 → 總統, 命令), when
    what it names is an organ, else None (a portal's 通知公告 is a section)."""
    for line in head[:TAIWAN_HEAD_LINES]:
        own = _TAIWAN_HEAD.fullmatch(line.simple)
        # (A scan's text may set a speck between the organ and its kind: 臺中市政府地政局”函.)
        written = _TRAILING_SPECK.sub("", "".join(line.span(*own.span("organ")).split())) if own else ""
        organs = _organs(_line(written), loose=True, ministry=True) if own else []
        if own and organs:
            return organs, _TAIWAN_KINDS[own["kind"]] if own["kind"] else "命令"
    return None


# A body's news page is headed by the site's short section lines, one naming the body's news (新聞與活動 / 總統府新聞 /
# 114年01月13日 / headline): the body issued it.
# (The site's section lines are those a news page's headline is read under: ``cleaning.SECTION_LINES``.)
_NEWS_SECTION = re.compile(rf"(?P<organ>[{_HAN}]{{2,12}})新闻稿?")


def _news_section(head: list[_Line]) -> str | None:
    """The body whose news a section line among a page's first short lines names (總統府新聞 → 總統府), else None."""
    for line in head[:SECTION_LINES]:
        if len(line.simple) > SECTION_LINE_MAX:
            return None  # the story has begun
        section = _NEWS_SECTION.fullmatch(line.simple)
        organs = _organs(_line(line.span(*section.span("organ"))), loose=True, ministry=True) if section else []
        if organs:
            return _joint(organs)
    return None


def _find_agency(head: list[_Line], tail: list[_Line], titles: list[_Line], props: dict, prefix: str | None,
                 releaser: str | None = None, taiwan: tuple[list[str], str] | None = None):
    # Signature lines at the end first; the date may share the line once line breaks were rejoined.
    for index in reversed(range(len(tail))):
        organs = _signature(tail, index)
        if organs:
            return _joint(organs)
    # Macao's and Hong Kong's acts are signed by an office and its holder (行政長官 崔世安): the office issued it.
    for line in reversed((tail or head)[-_OFFICE_LINES:]):  # a short text is all head
        office = _OFFICE_SIGNATURE.fullmatch(line.simple)
        if office:
            return line.span(*office.span("office"))
    # A Taiwan official document names its organ over its filing fields (行政院　函), its head signed by title alone
    # (``taiwan``: what ``_taiwan_head`` read of it).
    if taiwan:
        return _joint(taiwan[0])
    bill = _BILL_PAPERS.match(head[0].simple) if head else None
    if bill:
        return head[0].span(*bill.span("organ"))  # a bill's papers are its legislature's (立法院議案關係文書)
    section = _news_section(head)
    if section:
        return section
    for title in titles:
        lead = title.simple.find("关于")
        organs = _organs(title, lead, loose=True, ministry=True, longest=_MAX_TITLE_LEAD) if lead > 0 else []
        if organs:
            return _joint(organs)
        # A release's headline: the bodies that issued the document it names (中共中央办公厅 国务院办公厅印发《…》).
        issued = _ISSUED_BY.match(title.simple)
        organs = _organs(title, issued.end("organs"), loose=True, ministry=True) if issued else []
        if organs:
            return _joint(organs)
        rules = (_OWN_RULES.search(title.simple) or _OWN_MEETING.search(title.simple)) if lead < 0 else None
        organs = _organs(title, rules.start(), loose=True, ministry=True) if rules else []
        # A congress's record by its term and session first (立法院第10屆第1會期…委員會第26次全體委員會議紀錄).
        term = _TERM_FIRST.match(title.simple, 0, rules.start()) if rules and not organs else None
        organs = organs or (_organs(title, term.end("organ"), loose=True, ministry=True) if term else [])
        if organs:
            return _joint(organs)
        session = _SESSION_LEAD.fullmatch(title.simple, 0, lead) if lead > 0 else None
        place = _named_place(session) if session else None
        if session and place:
            return title.span(*session.span(place)) + title.span(*session.span("organ"))
    # A page that heads the text with a title of its own sets the document's whole title a line or two below it
    # (吉安市…实施细则 / 江西省吉安市人民政府办公室关于印发…的通知): the bodies before its 关于.
    for line in head[1:_FULL_TITLE_LINES]:
        lead = line.simple.find("关于")
        organs = (_organs(line, lead, loose=True, ministry=True, longest=_MAX_TITLE_LEAD)
                  if lead > 0 and _find_type([line]) else [])
        # Never a heading glued before it (周口市人民政府通知 / 周口市人民政府关于…): no body's name holds a kind.
        if organs and not any(_KIND_IN_NAME.search(to_simplified(organ)) for organ in organs):
            return _joint(organs)
    issued_for = next((said["organ"] or line.span(*said.span("body")) for line in head[: _FULL_TITLE_LINES + 2]
                       if (said := _ISSUED_FOR.fullmatch(line.simple))), None)
    if issued_for:
        return issued_for
    if releaser:
        return releaser  # the body whose press release it is
    signed = [(index, organs) for index in range(len(head)) if (organs := _signature(head, index))]
    if signed:
        index, organs = signed[0]
        # A reprint site names the issuer under the title with its province (湖北省武汉市人民政府), and the document
        # signs itself below without it (武汉市人民政府): the document's own name is the one kept.
        below = next((found for found in signed[1:] if len(organs) == 1 == len(found[1])
                      and organs[0] != found[1][0] and _in_full(organs[0]).endswith(_in_full(found[1][0]))), None)
        if below is not None:
            index, organs = below
        return _joint(organs + _signed_below(head, index))
    # A Hong Kong release's first sentence names the department that speaks (運輸署今日（十月十七日）提醒市民), or whose
    # head answers a Legislative Council question.
    for line in head[1:_FULL_TITLE_LINES + 2]:
        answered = _ANSWERED_BY.search(line.simple)
        if answered:
            return line.span(*answered.span("organ"))
    for line in head[1:_FULL_TITLE_LINES + 2]:
        speaking = _SPEAKS_TODAY.match(line.simple)
        if speaking and _SPEAKING_BODY.fullmatch(speaking["organ"]):
            return line.span(*speaking.span("organ"))
    for key in ("agency", "source", "author"):
        organs = _organs(_line(_fold(str(props.get(key) or ""))), loose=True)
        if organs:
            return organs[0]
    return _PREFIX_AGENCY.get(prefix) if prefix else None


# A note under a title that names the body and the day it promulgated the text, the body first as legal databases
# print it, or the date first:
#   （全国人民代表大会常务委员会 2019-12-28公布 2020-03-01起施行）, （国务院 1987年5月4日发布）,
#   （2019年12月28日全国人民代表大会常务委员会公布 自2020年3月1日起施行）.
# A meeting or an order (``_enacted``, ``_promulgated``) says more and is read first.
_NOTE_DATE = (r"(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?![\d.])|"
              r"[〇零一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月\s*[一二三四五六七八九十]{1,3}\s*日)")
# Bodies and their separators are disjoint, so a long line of 、 with no date fails at once, never by backtracking.
_NOTE_BODIES = r"[^\s\d()（）、]+(?:[\s、]+[^\s\d()（）、]+)*?"
_NOTE_MAX = 120  # a note is a short line; a paragraph is not looked at
_NOTE_VERB = r"(?:公布|发布|印发|批准)"
_BODY_FIRST = re.compile(rf"^[(（]?\s*(?P<organs>{_NOTE_BODIES})\s*(?P<date>{_NOTE_DATE})\s*{_NOTE_VERB}")
_DATE_FIRST = re.compile(rf"^[(（]?\s*(?P<date>{_NOTE_DATE})\s*(?P<organs>{_NOTE_BODIES})?\s*{_NOTE_VERB}")
# The body alone on its line, its date on another: 最高人民法院发布.
_BODY_ONLY = re.compile(rf"^[(（]?\s*(?P<organs>{_NOTE_BODIES})\s*{_NOTE_VERB}\s*[)）]?$")
# When the note says the text takes effect: on a date (2020-03-01起施行, 自2020年3月1日起施行, 自1999年4月1日施行) or
# the day it was published (自公布之日起施行).
_NOTE_EFFECT = re.compile(rf"(?:(?P<date>{_NOTE_DATE})|(?P<published>(?:公布|发布|印发)之日))\s*起?\s*施行")


# An event of a Taiwan law's history, a line each (numbered 1. 2. … on its law page): the day, the organ, its order's
# or letter's number and what it did (中華民國一百十二年十二月二十一日內政部台內消字第 1120827499 號令訂定發布;
# 總統(90)華總一義字第 9000222690 號令制定公布; 國民政府制定公布全文 51 條; 立法院第10屆第8會期第五次會議提報院會
# 修正發布). After a number the verb may wrap onto the next line; without one, the verb says it is an event. A
# number's word has two characters or more and no organ's last character after its second (院授主基法字 is
# 行政院's, 環署管字 行政院環境保護署's; of 新聞局正版三字, 正版三字 is 行政院新聞局's; 勞動福 3 字 holds a digit),
# and its serial may end in a letter (1070201227A).
_ROC_DAY = rf"中华民国\s*(?:{_ROC_YEAR})\s*年\s*(?:{_DAY_NUMBER})\s*月\s*(?:{_DAY_NUMBER})\s*日"
_TAIWAN_VERB = "制定|订定|修正|公布|发布|核定|废止|停止适用"
_TAIWAN_EVENT = re.compile(rf"(?:\d{{1,3}}\s*[.．、]\s*)?(?P<date>{_ROC_DAY})\s*"
                           rf"(?P<organ>总统|[{_HAN}]{{1,16}}?(?:部|院|委员会|署|局|府|处))\s*(?:[(（]\s*\d{{2,3}}\s*[)）])?\s*"
                           rf"(?:(?P<number>[{_HAN}]{{2}}(?:[^\W_部院会署局府处]|[\s（）()]){{0,7}}?字\s*第\s*\d{{3,12}}[A-Z]?\s*号)"
                           rf"\s*(?:令|函|$))?"
                           rf"(?(number)|(?:(?!字\s*第\s*\d)[^\n，,。；;]){{0,30}}?(?:{_TAIWAN_VERB}))")
# A law page states the day the law was first issued on a line of its own, above its latest event.
_ROC_DAY_ALONE = re.compile(rf"(?P<date>{_ROC_DAY})\s*")
# When an event's text takes effect, where that is not the day itself: 並自一百零八年一月一日施行, 並自90年1月1日起實施
# (an ROC year with its era left unsaid).
_TAIWAN_EFFECT = re.compile(r"自\s*(?P<roc>)(?P<y>\d{2,3}|[一二三四五六七八九十百零〇]{1,6})\s*年\s*"
                            r"(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
                            r"\s*起?\s*(?:施行|实施|生效)")
# The president promulgates the laws the Legislative Yuan passes (制定公布, 修正公布): the law is the Yuan's, as a
# mainland law is its congress's, not the president's who signs the order.
_TAIWAN_LEGISLATURE = "立法院"


@dataclass(frozen=True)
class _TaiwanHistory:
    """What the events of a Taiwan law's history say of it: who issued it and with what number, the day it was
    first issued, the day of its latest amendment and the day it took effect."""

    organ: str | None = None
    number: str | None = None
    date: str | None = None
    revised: str | None = None
    effective: str | None = None


def _taiwan_history(head: list[_Line], as_amended: bool = False) -> _TaiwanHistory:
    """The history the head's events state (the earliest first, whichever order the page lists them in); the organ
    and number are the first event's, or with ``as_amended`` (a page dating the law as it stands) the latest's."""
    events, days = [], []
    for line in head:
        titled = TITLE_BEFORE_HISTORY.match(line.simple)
        event = _TAIWAN_EVENT.match(line.simple, titled.end() if titled else 0)
        alone = None if event else _ROC_DAY_ALONE.fullmatch(line.simple)
        found = event or alone
        when = _parse_date(found["date"], _LABELED_YEARS) if found else None  # 中華民國 names the era: 1929 too
        if when and event:
            events.append((when, line, event))
        if when:
            days.append(when)
    if not events:
        return _TaiwanHistory()
    events.sort(key=lambda found: found[0])
    numbered = [found for found in events if found[2]["number"]]
    when, line, event = (numbered[-1] if as_amended else numbered[0]) if numbered else events[0]
    organ = _TAIWAN_LEGISLATURE if event["organ"] == "总统" else line.span(*event.span("organ"))
    number = "".join(line.span(*event.span("number")).split()) if event["number"] else None
    first = min(days)
    amended = [day for day, found_line, found in events
               if "修正" in found_line.simple[found.start("organ"):] and day > first]
    effect = _TAIWAN_EFFECT.search(events[0][1].simple, events[0][2].end())
    effective = _date_of(effect, _LABELED_YEARS) if effect else None  # an ROC year (its empty group says so)
    return _TaiwanHistory(organ, number, first, max(amended) if amended else None,
                          effective if effective and effective != first else None)


def _noted(head: list[_Line]) -> tuple[str | None, str | None]:
    """(the body or bodies a note under the title says promulgated the text, the date); the body None where the note
    names none, the date None where it stands on another line, (None, None) where there is no such note."""
    for line in head:
        # A 公文's record of printing (…办公室  2024年1月18日印发) is no note: a short one's foot is in its first lines.
        if len(line.simple) > _NOTE_MAX or _PRINTED.search(line.simple) and line.simple[:1] not in "(（":
            continue
        for pattern in (_BODY_FIRST, _DATE_FIRST, _BODY_ONLY):
            match = pattern.match(line.simple)
            if match is None:
                continue
            date = _parse_date(match["date"]) if "date" in pattern.groupindex else None
            if match["organs"] is None:  # （1993-03-31公布 1993-03-31起施行）: the date alone
                if date:
                    return None, date
                continue
            organs = _organs(_Line(line.span(*match.span("organs")), match["organs"]), loose=True, ministry=True)
            if organs and (date or pattern is _BODY_ONLY):
                return _joint(organs), date
    return None, None


def _noted_effect(head: list[_Line], published: str | None) -> str | None:
    """The date a note under the title (a line opening with a bracket or a date, never an article) says the text
    takes effect, the day it was ``published`` for 自公布之日起施行; else None."""
    for line in head:
        opening = line.simple.lstrip(" （(")
        if not (line.simple[:1] in "(（" or next(_leading_dates(opening), None)):
            continue
        for effect in _NOTE_EFFECT.finditer(line.simple):
            date = _parse_date(effect["date"]) if effect["date"] else published
            if date:
                return date
    return None


# The sentence of an order or announcement that makes a text public: 现予公布，自2002年1月1日起施行;
# 现发布《…》，自发布之日起施行.
_ANNOUNCES = re.compile(r"现予?(?:公布|发布)")


def _announced_effect(head: list[_Line], published: str | None) -> str | None:
    """The date the order or announcement under the title says the text takes effect (the day it was ``published``
    for 自发布之日起施行), else None."""
    for line in head:
        announced = _ANNOUNCES.search(line.simple)
        if announced is None:
            continue
        effect = _NOTE_EFFECT.search(line.simple, announced.end())
        if effect:
            return _parse_date(effect["date"]) if effect["date"] else published
    return None


def _takes_effect(head: list[_Line]) -> str | None:
    """The date a line under the title says the text takes effect (2021年1月1日 施行), else None."""
    for line in head:
        written = line.simple.lstrip(_BRACKETS)  # （2021年1月1日施行）
        for match in _leading_dates(written):
            if _TAKES_EFFECT.match(written[match.end():]):
                return _date_of(match)
    return None


def _date_start(line: _Line) -> int | None:
    """Where a trailing date starts on the line, so that '海淀区人民政府 2016年11月' reads as a signature."""
    for pattern in _DATE_PATTERNS:
        match = pattern.search(line.simple)
        if match and _DATE_LINE_REST.match(line.simple[match.end():]):
            return len(line.simple[: match.start()].rstrip())
    return None


# --- document number ---------------------------------------------------------------------------------------

def _find_number(lines: list[_Line], date_year: int | None):
    """(number, its year, its prefix) from a labelled field or a line of its own; a damaged number only
    lends its prefix (for the issuing body) unless the document's date confirms its year."""
    prefix_only = None
    for line in lines:
        label = _NUMBER_LABEL.search(line.simple)
        if label:
            start = label.end() + len(line.simple[label.end():]) - len(line.simple[label.end():].lstrip())
            line = _Line(line.text[start:], line.simple[start:])
        number, year, prefix = _number_of(line, date_year, labelled=label is not None)
        if number:
            return number, year, prefix
        prefix_only = prefix_only or prefix
    return None, None, prefix_only


# The body an order's name names (北京市人民政府令, 中华人民共和国国务院令): a president's order promulgates a law,
# whose body is its congress, and is read as such (``_promulgated``).
_ORDER_ORGAN = re.compile(rf"^(?:中华人民共和国)?(?P<organ>[{_HAN}]{{2,30}}(?:政府|部|委员会|局|院|署|银行|厅))令第")


def _order_organ(number: str | None) -> str | None:
    """The body of the order ``number`` is (北京市人民政府令第312号 → 北京市人民政府), or the office a Macao act
    names as its maker (第1/2015號行政法務司司長批示 → 行政法務司司長), else None."""
    if not number:
        return None
    simple = to_simplified(number)
    found = _ORDER_ORGAN.match(simple)
    if found:
        return number[found.start("organ"):found.end("organ")]
    act = _MACAO_ACT.fullmatch(simple)
    if act is None:
        return None
    kind = act["act_kind"]
    if kind.endswith("批示"):  # a dispatch names the office that signs it
        return number[act.start("act_kind"):act.end("act_kind") - 2] or None
    makers = _MACAO_MAKERS.get(kind)
    return (makers[0] if number == simple else makers[1]) if makers else None


def _titled_number(titles: list[_Line], date_year: int | None) -> tuple | None:
    """The number a site writes after a document's title in brackets (…的通知(岳办发〔2017〕2号)), as ``_number_of``
    gives it; None when no title line ends so."""
    for title in titles:
        written = _TITLE_NUMBER.search(title.simple)
        if written:
            found = _number_of(_Line(title.text[written.start(1):written.end(1)], written.group(1)), date_year)
            if found[0]:
                return found
    return None


def _number_of(line: _Line, date_year: int | None, labelled: bool = True):
    """The number a line starts with; unlabelled, it must be all the line says (but for a 签发人 after it)."""
    wrapped = _WRAPPED.match(line.simple.strip())
    if wrapped and not labelled and len(line.text) == len(line.simple):
        start = line.simple.index(wrapped.group(1))
        line = _Line(line.text[start:start + len(wrapped.group(1))], wrapped.group(1))
    order = _ORDER.match(line.simple)
    if order and (labelled or not line.simple[order.end():].strip("。. ")):
        sign = line.span(order.end() - 1, order.end())
        serial = str(int(order["serial"])) if order["serial"].isdigit() else order["serial"]
        return f"{line.span(*order.span('prefix'))}第{serial}{sign}", None, None
    announced = _ANNOUNCEMENT.match(line.simple)
    if announced and (labelled or not line.simple[announced.end():].strip("。. ")):
        year, sign = int(announced["year"]), line.span(announced.end() - 1, announced.end())
        number = f"{line.span(*announced.span('prefix'))}{year}年第{int(announced['serial'])}{sign}"
        return number, year if year in _YEARS else None, None
    act = _MACAO_ACT.match(line.simple)
    if act and (labelled or not line.simple[act.end():].strip("。. ")):
        year = int(act["act_year"])  # 第57/2016號行政命令: numbered in its year, the act's name is its number
        return line.span(*act.span()), year if year in _YEARS else None, None
    taiwan = _TAIWAN_NUMBER.match(line.simple)
    if taiwan and (labelled or not line.simple[taiwan.end():].strip("。. ")):
        # The Republic's year opens the serial, in two digits before its hundredth (華總一義字第9000222690號: 90).
        year = int(taiwan["serial"][:3]) + ROC_EPOCH
        year = year if year in _YEARS else int(taiwan["serial"][:2]) + ROC_EPOCH
        return line.span(*taiwan.span()), year if year in _YEARS else None, None
    older = _TAIWAN_OLD_NUMBER.match(line.simple) if labelled else None
    if older and (older["bracketed"] or older["roc"]):
        year = int(older["bracketed"] or older["roc"]) + ROC_EPOCH
        return "".join(line.span(*older.span()).split()), year if year in _YEARS else None, None
    interpretation = _INTERPRETATION_NUMBER.match(line.simple) if labelled else None
    if interpretation:  # a constitutional interpretation's, numbered in one series: 釋字第 150 號
        return "".join(line.span(*interpretation.span()).split()), None, None
    match = _NUMBER.match(line.simple)
    rest = line.simple[match.end():] if match else ""
    if match and (labelled or not rest.strip("。. ") or rest[:1].isspace()):
        prefix, year = match["prefix"], int(match["year"])
        if _NOT_A_NUMBER_PREFIX.search(prefix) or year not in _YEARS:
            return None, None, None
        sign = line.span(match.end() - 1, match.end())
        return f"{line.span(*match.span('prefix'))}〔{year}〕{int(match['serial'])}{sign}", year, prefix
    damaged = _DAMAGED_NUMBER.fullmatch(line.simple.rstrip())
    if damaged and int(damaged["year"]) in _YEARS:
        year = int(damaged["year"])
        if date_year == year and damaged["serial"]:
            sign = "號" if line.text != line.simple else "号"
            written = line.span(*damaged.span("prefix"))
            return f"{written}〔{year}〕{int(damaged['serial'])}{sign}", year, damaged["prefix"]
        return None, None, damaged["prefix"]
    return None, None, None


# --- date --------------------------------------------------------------------------------------------------

def _labelled_dates(head: list[_Line], tail: list[_Line],
                    short_roc: bool = False) -> tuple[list[tuple[re.Match, str]], dict[int, re.Match]]:
    """(label, date) of every labelled date, and the head lines under a label alone on its line (刊登日期:), which
    date the page by the line under it: that one is labelled, not signed. ``short_roc``: a two-digit year is the
    Republic's (``_SHORT_ROC_PATTERNS``)."""
    labelled = [(label, date) for line in head + tail if (label := _DATE_LABEL.search(line.simple))
                and (date := _parse_date(line.simple[label.end():], _LABELED_YEARS, short_roc))]
    under_label = {k + 1: label for k, line in enumerate(head[:-1]) if (label := _DATE_LABEL.search(line.simple))
                   and not line.simple[label.end():].strip()}
    labelled += [(label, date) for k, label in under_label.items() if (date := _date_line(head[k], short_roc))]
    return labelled, under_label


def _own_date(labelled: list[tuple[re.Match, str]]) -> str | None:
    """The date labelled as the day the document was written or last amended (成文日期, 修正日期), if any."""
    return next((date for label, date in labelled if _OWN_DATE_LABEL.match(label.group())), None)


def _find_date(head: list[_Line], tail: list[_Line],
               labelled_dates: tuple[list[tuple[re.Match, str]], dict[int, re.Match]],
               short_roc: bool = False) -> str | None:
    """The document's date: one labelled as the day it was written (成文日期), else its signature's, else one a page
    labels otherwise (发布日期, 日期: the day a portal posted it, as often as not); ``labelled_dates`` as
    ``_labelled_dates`` finds them; ``short_roc`` as there."""
    labelled, under_label = labelled_dates
    own = _own_date(labelled)
    if own:
        return own
    # The signature date at the end wins over a cover date; both stand on a line of their own. The day a 公文 was
    # printed, in the record at its foot (北京市海淀区人民政府办公室  2024年1月18日印发), comes after either: a short
    # notice's signature is among its first lines.
    tail = list(reversed(tail))
    printed = [line for line in tail if _PRINTED.search(line.simple)]
    for line in [line for line in tail if line not in printed] + [
            line for k, line in enumerate(head) if k not in under_label] + printed:
        date = _date_line(line, short_roc)
        if date:
            return date
    return labelled[0][1] if labelled else None


# The end of a 公文's record of printing, in its 版记: …办公室  2024年1月18日印发.
_PRINTED = re.compile(r"日\s*印发[\s。.]*$")


def _date_line(line: _Line, short_roc: bool = False) -> str | None:
    """The date of a line that is a date — after a signature, in brackets, before 印发 — else None (``short_roc``:
    a two-digit year is the Republic's)."""
    simple = line.simple
    for pattern in _DATE_PATTERNS + (_SHORT_ROC_PATTERNS if short_roc else ()):
        match = pattern.search(simple)
        if not match:
            continue
        before = simple[: match.start()].strip(_BRACKETS)
        if before and not _organs(_line(line.span(0, match.start()).strip(_BRACKETS)), loose=True):
            continue
        # A bracketed line that opens with a date (（2016年11月17日市政府第5次常务会议通过）), unless it is the day
        # the text takes effect.
        rest = simple[match.end():]
        bracketed = not before and simple[:1] in "(（" and not _TAKES_EFFECT.match(rest)
        if _DATE_LINE_REST.match(rest) or bracketed:
            return _date_of(match)
    return None


def _parse_date(value: str, years: range = _YEARS, short_roc: bool = False) -> str | None:
    for pattern in _DATE_PATTERNS + (_SHORT_ROC_PATTERNS if short_roc else ()):
        match = pattern.search(value)
        date = _date_of(match, years) if match else None
        if date:
            return date
    return None


def _date_of(match: re.Match, years: range = _YEARS) -> str | None:
    year = _numeral(match["y"])
    month = _MONTHS.index(match["month"].lower()) + 1 if "month" in match.re.groupindex else _numeral(match["m"])
    if "roc" in match.re.groupindex:
        year = numerals.to_int(match["y"])
        year = year + ROC_EPOCH if year else None
    day = _numeral(match["d"]) if match["d"] else None
    if year is None or year not in years or month is None or not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        day_written = _dt.date(year, month, day).isoformat()
    except ValueError:
        return None
    # A system's empty date printed as a date (发布日期:1970-01-01, the Unix epoch): no date at all.
    return None if match.re is _DATE_PATTERNS[2] and day_written in _PLACEHOLDER_DAYS else day_written


_PLACEHOLDER_DAYS = frozenset(("1970-01-01", "1900-01-01"))


def _numeral(value: str) -> int | None:
    """An Arabic number, a digit-by-digit Chinese year (二〇一六) or a small Chinese number (二十三)."""
    if value.isascii() and value.isdigit():
        return int(value)
    if len(value) == 4 and all(ch in _CN_DIGIT for ch in value):
        return int("".join(str(_CN_DIGIT[ch]) for ch in value))
    return numerals.to_int(value) or None


# --- type --------------------------------------------------------------------------------------------------

def _title_candidates(declared, head: list[_Line]) -> list[_Line]:
    """The declared title and its parts (a page title carries the site name), then the first line and the
    first two lines joined (titles wrap), when they read like a title rather than a paragraph."""
    titles: list[_Line] = []
    if declared:
        declared = _fold(str(declared))
        parts = [part for part in _TITLE_SEPARATORS.split(declared) if part]
        titles.extend(_line(part) for part in dict.fromkeys([declared, *parts]))
    # A header field (法規類別：憲法 / 憲法) is no title, whatever it ends with.
    lines = [line for line in head[:2] if len(line.simple) <= _TITLE_MAX and not _SENTENCE.search(line.simple)
             and not FIELD_LINE.match(line.text)]
    if lines:
        titles.append(lines[0])
    if len(lines) > 1 and lines[0] is head[0] and lines[1] is head[1] and _find_type([head[0]]) is None:
        # A first line that ends as a title does (…实施细则) is whole: the line under it is no wrap of it.
        titles.append(_Line(head[0].text + head[1].text, head[0].simple + head[1].simple))
    return titles


# A whole date as files are named by it (上海市产品质量条例(2012-04-19).md, 2023.05.06会议纪要.pdf), no digit either
# side; a date written out in a name (关于2023年5月6日会议的通知) is more often an event's than the document's.
_NAMED_DATE = re.compile(r"(?<!\d)(?:19|20)\d{2}(?:-\d{1,2}-|\.\d{1,2}\.)\d{1,2}(?!\d)")


def date_in_name(name: str) -> str | None:
    """The ISO date a file's name gives whole (year, month and day), else None: what a person reads as the
    document's date when its text states none, as a law database names its files by the day they were published."""
    match = _NAMED_DATE.search(name)
    return _parse_date(match.group(), _LABELED_YEARS) if match else None


def names_a_document(name: str) -> bool:
    """Whether a file's name reads as a document's title: it ends with a kind of document (…的决议, …工作报告,
    …保护法), a trailing aside (（摘要）) left out."""
    return _find_type([_line(_fold(name))]) is not None


# A title that ends with a document's name in book marks is that document (《…规划》) or publishes it (国务院印发
# 《…规划》); one that does anything else with it is no such document (立法會將辯論《施政報告》, …审议《…法（草案）》).
_NAMED_LEAD = re.compile(r"(?:^|印发|发布|公布|转发|颁布|出台|关于|的)\s*$")


def _find_type(titles: list[_Line]) -> str | None:
    for title in titles:
        stripped = title.simple.rstrip("。.")
        while (shorter := _TRAILING_ASIDE.sub("", stripped)) != stripped:
            stripped = shorter
        if stripped.endswith("》") and not _NAMED_LEAD.search(stripped[: stripped.rfind("《")]):
            continue
        stripped = stripped.rstrip("》\"”")
        for ending, doc_type in _TYPES:
            if stripped.endswith(ending):
                return doc_type if _TYPE_NEEDS.get(ending, "") in stripped else None
    return None
