"""The shape of a cleaned document: its title, outline headings, section paths and retrieval passages.

Outline levels of Chinese official documents: ``一、`` is level 1, ``(一)``/``（一）`` level 2, ``1.``/``1、`` level 3,
``(1)``/``（1）`` level 4; a Markdown ``#`` heading has the level of its number of ``#``. A heading is the marker's
paragraph, or only its first clause when a long paragraph begins with the marker (``1.加强…。后文…``).
Numbered paragraphs that are really items of a sentence are not headings: an item whose first clause ends in
；or ， (``1.科技创新供给达到新高度；``), and an Arabic-numbered one that does not continue the numbering of its
level under the same parent (a heading starts at 1 or follows the previous number).
"""

from __future__ import annotations

import bisect
import math
import re

from tongwen.index import numerals
from tongwen.index.analysis.script import to_simplified
from tongwen.index.numerals import ARTICLE_MARKER, DIVISION_MARKER
from tongwen.index.cleaning import (ACT_LINE, DATABASE_FIELD, DOCUMENT_NUMBER, DOCUMENT_TITLE, HAN, LAW_LINE,
                                    OUTLINE_MARKER, RELEASE_HEAD_LINES, SALUTATION, SOURCE_LINK, TAIWAN_DOCUMENT_HEAD,
                                    TAIWAN_FIELD, TAIWAN_HEAD_LINES, TITLE_BEFORE_HISTORY, release_head)
from tongwen.index.document import Document, Heading, Passage

SECTION_SEPARATOR = " › "
PASSAGE_MIN = 100  # shorter paragraphs are merged with the next ones of the same section
PASSAGE_MAX = 600  # longer paragraphs are split, at sentence ends when possible
_TITLE_MAX = 60
# A line that reads …关于…的通知 whole is the title up to this long (four bodies' names before 关于 take 40).
_JOINT_TITLE_MAX = 150
_HEADING_MAX = 40  # a heading cut from a long paragraph ends at its first sentence or about here
_HEADING_SENTENCE_MAX = 50

_OUTLINE = re.compile(OUTLINE_MARKER)
_ARTICLE = re.compile(ARTICLE_MARKER)
_DIVISION = re.compile(DIVISION_MARKER)
# 编 above 分编 above 章 above 节; 第X部分 stands where 编 would.
_DIVISION_LEVEL = {"编": 1, "編": 1, "部分": 1, "分编": 2, "分編": 2, "章": 3, "节": 4, "節": 4}
# A document with this many articles at line starts is normative (法、条例、办法、规定): its items are no headings.
_MIN_ARTICLES = 3
_MARKDOWN = re.compile(r"(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_LINE = re.compile(r"\S(?:[^\n]*\S)?")
_MEANINGFUL = re.compile(f"[{HAN}]|[^\\W\\d_]")
# Not a title either: a page's dated or sourced line (归档时间：…, 来源：…), its trail of sections (首页 > 政务公开).
_NOT_A_TITLE = re.compile(rf"【[^】]{{1,10}}】|{SOURCE_LINK}|{TAIWAN_FIELD}|{DATABASE_FIELD}|https?://"
                          rf"|[{HAN}]{{0,4}}(?:时间|時間|日期)[ \t]*[:：]"
                          rf"|(?:来源|來源|作者|责任编辑|責任編輯)[ \t]*[:：]"
                          rf"|[^\n<>＜＞《》]{{1,12}}(?:[ \t]+>[ \t]+|[ \t]*＞[ \t]*)")
# A story printed without a headline opens with its byline or its agency's dateline, never part of a title:
# （中央社記者溫貴香台北16日電）, 【記者陳雅芃／台北報導】, 〔記者李靚慧／台北報導〕, 【大紀元5月16日訊】,
# 新华社北京3月1日电（记者张三）, 中新网3月1日电, 本报讯（记者 王五）. The title is the sentence after it.
_OPEN, _CLOSE = r"（(【〔［\[", r"）)】〕］\]"
_LEAD_BYLINE = re.compile(
    rf"(?:[{_OPEN}](?:[^{_CLOSE}\n]{{0,30}}?(?:記者|记者)[^{_CLOSE}\n]{{0,30}}?"
    rf"|[^{_CLOSE}\n]{{1,30}}?(?:報導|报道|報道|[電电訊讯]))[{_CLOSE}]"
    rf"|(?:(?:新[华華]社|中新社|中新[网網]|人民日[报報]|人民[网網]|央[视視][网網]|央[广廣][网網]|中[国國]新[闻聞][网網]|中央社)"
    rf"[{HAN}]{{0,8}}[0-9０-９一二三四五六七八九十]{{1,2}}月[0-9０-９一二三四五六七八九十]{{1,3}}日[电電]|本[报報][讯訊])"
    rf"(?:[（(][^）)\n]{{1,20}}[）)])?)[ \t\u3000]*")
# Taiwan's law pages state the title as a field.
_NAMED_TITLE = re.compile(r"法[規规]名[稱称]\s*[:：]\s*(?P<name>\S.*)$")
# The issuing bodies' names, when a line of their own stands right above the 关于 line: the first words of the title
# (湖南省人民政府 / 关于下达…的通知), where a letterhead would end with 文件 and a number would stand between.
_ORGAN_ENDS = "办公厅|办公室|人民政府|委员会|总局|局|厅|部|委|院|署"
_ISSUER_LINE = re.compile(f"(?:{_ORGAN_ENDS})$")
_LETTERHEAD_LINES = 9
# What reads as a document's title, whatever stands above it: …关于…的通知, or a title's kind at its end (…办法).
_TITLE_ENDS = "办法|规定|条例|细则|规则|方案|规划|纲要|计划|意见|通知|决定|公告|通告|批复|章程|准则|预案|法"
_TITLE_LIKE = re.compile(f"{DOCUMENT_TITLE.pattern}|(?:{_TITLE_ENDS})$")
# How many lines a saved page may open with before its title, and how long one of them may be.
_FURNITURE_LINES = 12
_FURNITURE_MAX = 40
# What stands above such a title: the issuers' names (…办公厅, …文件) and the document number.
# A 上行文 prints its signer beside its number (海政文〔2024〕12号  签发人：张三); above the letterhead a 公文 may
# print its copy number, secrecy and urgency (000001 / 机密★1年 / 特急), as GB/T 9704 lays them out.
_LETTERHEAD = re.compile(f"(?:文件|{_ORGAN_ENDS}|号[)）]?(?:签发人[:：][{HAN}、]{{2,30}})?)$"
                         r"|^(?:[0-9]{6}|[绝机秘]密(?:★.{1,8})?|特急|加急|特提|平急)$")
_LETTERHEAD_MAX = 40
# A speech opens by greeting its audience (各位代表！, 同志们：, 女士们、先生们：): its body, never its title.
_GREETING = re.compile(r"(?:各位[^\W\d_]{1,6}|同志们|朋友们|女士们、先生们)[！!，,：:]")
_CLAUSE_END = re.compile("[。！？；：!?;:]")
_TITLE_END = re.compile("[。！？；!?;]")
_CLAUSE_BREAK = re.compile("[，,、；;]")
_ITEM_ENDINGS = frozenset("，,；;、")  # the first clause of an enumerated item ends so
_SENTENCE_END = re.compile("[。！？；…]+[”’」』）)\"']*|[.!?;]+[\"')]*(?=\\s)")


def find_title(text: str, markdown: bool = False) -> str:
    """The document's title: its first meaningful line (heading markers removed), shortened to its first clause;
    "" when the text opens with its body, a salutation (各位代表：) or a greeting (各位代表！). A kind spaced out at
    its end to a letterhead's width (…工作的 通 知) is closed up.

    In Markdown the first level-1 heading wins over earlier lines (badges, links, a lead paragraph).
    """
    title = _found_title(text, markdown)
    spaced = _SPACED_KIND.search(title)
    title = title[: spaced.start()] + spaced.group(1).replace(" ", "") if spaced else title
    title = _ISSUER_GAP.sub("", title)
    return with_line_under(text, title)


def with_line_under(text: str, title: str) -> str:
    """``title`` with what the line under it adds to it: a draft's stage (…办法 / （征求意见稿）) or the part of a code
    filed on its own (民法典 / 人格权编)."""
    below = _line_under(text, title)
    return title + _stage_under(title, below) + _part_under(title, below)


# A draft's or trial's stage printed under its title (…管理办法 / （征求意见稿）): part of the title, which tells the
# draft from the rules adopted later under the same name.
_STAGE = re.compile(r"[（(](?:征求意[见見]稿|草案|送[审審]稿|修[订訂]草案|[讨討][论論]稿|[试試]行|[暂暫]行)[）)]")
_STAGE_LINES = 8


def _top_lines(text: str, n: int, start: int = 0) -> list[str]:
    """The first ``n`` lines of ``text`` from ``start`` that are not blank, trimmed (a long text is not split whole)."""
    return [match.group() for _, match in zip(range(n), _LINE.finditer(text, start))]


def _stage_under(title: str, below: str | None) -> str:
    """The stage note ``below`` is (the line right under ``title``), else ""."""
    if not title or _STAGE.search(title):
        return ""
    return below if below is not None and _STAGE.fullmatch(below) else ""


def _line_under(text: str, title: str) -> str | None:
    """The line right under ``title`` (a Markdown heading's marks aside) among the first lines of ``text``."""
    lines = _top_lines(text, _STAGE_LINES)
    return next((lines[k + 1] for k in range(len(lines) - 1) if lines[k].lstrip("# ") == title), None)


# A code's part filed on its own (民法典 / 人格权编, as a law database splits the Civil Code) names the part,
# unnumbered, on the line under the code's name: the part is part of the title, or every part's file has the code's
# one title. A numbered part (第一编 总则) under the name opens the whole code.
_CODE = re.compile("法典$")
_CODE_PART = re.compile(f"(?:#{{1,6}}[ \t]+)?(?P<part>[{HAN}]{{1,8}}[编編]|[总總][则則]|附[则則])")


def _part_under(title: str, below: str | None) -> str:
    """A space and the part of a code ``below`` names (the line right under ``title``, the code's name), else ""."""
    if not _CODE.search(title):
        return ""
    part = _CODE_PART.fullmatch(below) if below is not None else None
    return f" {part['part']}" if part else ""


# A page sets the issuer of a notice apart from its subject (封丘縣人民政府辦公室 關于…的通知): layout, not a word
# break (the spaces between joint issuers stay: 财政部 税务总局关于…).
_ISSUER_GAP = re.compile(r"(?<=[\u3400-\u9fff])[ \u3000]+(?=[关關][于於])")
# Two to four characters a space apart at a title's end, after a character: its kind set to a letterhead's width.
_SPACED_KIND = re.compile(r"(?<=[\u3400-\u9fff]) ?((?:[\u3400-\u9fff] ){1,3}[\u3400-\u9fff])$")


def _found_title(text: str, markdown: bool) -> str:
    """``find_title`` as the text has it."""
    if markdown:
        for match in _LINE.finditer(text):
            heading = _MARKDOWN.match(match.group())
            if heading and len(heading.group(1)) == 1 and _MEANINGFUL.search(heading.group(2)):
                return _first_clause(heading.group(2), _TITLE_MAX, _TITLE_MAX, _TITLE_END)[0]
    top = _top_lines(text, TAIWAN_HEAD_LINES + _TAIWAN_SUBJECT_LINES)  # read once for the three layouts below
    under = (_under_letterhead(text) or _under_release_head(text) or _taiwan_subject(top)
             or _interpretation(top[:_TAIWAN_SUBJECT_LINES]) or _bill(top[:_TAIWAN_SUBJECT_LINES]))
    if under:
        return under
    act = _macao_act(text)
    if act:
        return act
    promulgated = _promulgated_by_order(text)
    if promulgated:
        return promulgated
    for match in _LINE.finditer(text):
        line = match.group()
        heading = _MARKDOWN.match(line)
        if heading:
            line = heading.group(2)
        line = _without_lead_byline(line)
        if not line:
            continue  # the byline alone on its line
        named = _NAMED_TITLE.match(line)
        if named:
            return named["name"].strip()
        cap = _HONG_KONG_CAP.fullmatch(to_simplified(line))
        if cap:
            return line[cap.start("name"):]
        # The body starts (各位代表：) with no title printed above it: a notice that forwards a document by name
        # (现将《…方案》印发给你们) goes by the forwarded document's title where that is printed on its own line.
        if SALUTATION.match(line):
            return _forwarded_title(text, match.end())
        if _GREETING.match(line):
            return ""
        if _NOT_A_TITLE.match(line):  # a database's field (【法宝引证码】 CLI.12.748997) or a source link
            continue
        line = _without_author(line, text, match.end())
        line = _without_site_marks(line)
        if _MEANINGFUL.search(line):
            following = _LINE.search(text, match.end())
            fuller = _kind_over_title(line, following.group() if following else None)
            if fuller:
                return fuller
            whole = _completed(line, following.group() if following else None)
            if whole:
                return whole
            third = _LINE.search(text, following.end()) if following else None
            whole = _above_subtitle(line, following.group() if following else None, third.group() if third else None)
            if whole:
                return whole
            simple = to_simplified(line)
            below = None if _TITLE_LIKE.search(simple) else _title_below_furniture(text, match.end())
            if below:
                return below
            named = TITLE_BEFORE_HISTORY.match(simple)
            if named:
                return line[: named.end()]  # a regulation's name, its history's first event after it on the line
            if DOCUMENT_TITLE.search(simple) and not _TITLE_END.search(line) and len(line) <= _JOINT_TITLE_MAX:
                return line  # every issuer of a joint notice before its 关于: longer than a title runs otherwise
            return _first_clause(line, _TITLE_MAX, _TITLE_MAX, _TITLE_END)[0].rstrip("。.，,；;：:")
    return ""


# A Taiwan official document (``TAIWAN_DOCUMENT_HEAD``) says what it is about in its subject (主旨：): that is its
# title, without the request it closes with (，請查照。).
_TAIWAN_HEAD = re.compile(TAIWAN_DOCUMENT_HEAD)
# (A scan's text may set a speck before a label: ‧主旨:, :受文者:.)
_SUBJECT = re.compile(r"[^\w\s]{0,2}主旨[ \t\u3000]*[:：][ \t\u3000]*(?P<subject>\S.*)")
_FILING_FIELD = re.compile(r"[^\w\s]{0,2}[發发]文(?:機關|机关|字號|字号|日期)[ \t\u3000]*[:：]")
_REQUEST = re.compile(r"[，,]\s*(?:敬)?[請请]\s*[查鑒鉴核照惠卓轉转配辦办協协踴踊][^，,。；;]{0,14}[。.]?$")
_TAIWAN_SUBJECT_LINES = 16


def _taiwan_subject(lines: list[str]) -> str | None:
    """A Taiwan official document's subject, when its head (or, as a gazette prints it, its filing fields) and its
    主旨 line are among its first ``lines`` (``_top_lines``), else None."""
    head = next((k for k, line in enumerate(lines[:TAIWAN_HEAD_LINES])
                 if _TAIWAN_HEAD.fullmatch(line) or _FILING_FIELD.match(line)), None)
    if head is None:
        return None
    subject = next((said["subject"] for line in lines[head + 1:] if (said := _SUBJECT.match(line))), None)
    if subject is None:
        return None
    return _first_clause(_REQUEST.sub("", subject.strip()), _TITLE_MAX, _TITLE_MAX, _TITLE_END)[0].rstrip("。.")


# A constitutional interpretation's page (大法官解釋) names it by its number, on the label's line or the next:
# 解釋字號：釋字第 150 號 → 釋字第150號.
_INTERPRETATION = re.compile(r"解[釋释]字[號号][ \t\u3000]*[:：][ \t\u3000]*(?P<name>\S.*)?")


def _interpretation(lines: list[str]) -> str | None:
    """The number a constitutional interpretation's page names it by among its first ``lines``, else None."""
    for k, line in enumerate(lines):
        label = _INTERPRETATION.fullmatch(line)
        if label:
            name = label["name"] or (lines[k + 1] if k + 1 < len(lines) else "")
            return "".join(name.split()) or None
    return None


# A gazette heads a record with its kind alone, often spaced out (委 員 會 紀 錄), over the record's whole title, which
# ends in the same words (立法院第10屆…委員會第26次全體委員會議紀錄): that title is the document's.
_KIND_HEADING_MAX = 6


def _kind_over_title(line: str, following: str | None) -> str | None:
    """``following`` when ``line`` is a short heading naming the kind the longer ``following`` ends in, else None."""
    kind = "".join(line.split())
    if following is None or len(kind) > _KIND_HEADING_MAX or len(kind) < 2:
        return None
    title = following.strip()
    fits = len(kind) < len(title) <= _TITLE_MAX and not _TITLE_END.search(title)
    return title if fits and title.endswith(kind[-2:]) and _HAN_END.search(kind) else None


_HAN_END = re.compile(f"[{HAN}]$")


# A bill's papers in Taiwan's legislature (立法院議案關係文書) state what it is in their cause (案由：…擬具「某某法部分
# 條文修正草案」…): the draft it proposes is the title, else the cause's first clause.
_BILL_HEAD = re.compile(r"立法院[议議]案[关關][系係]文[书書]")
_CAUSE = re.compile(r"案由[ \t\u3000]*[:：][ \t\u3000]*(?P<cause>\S.*)")
_DRAFTED = re.compile(r"[拟擬]具「(?P<draft>[^「」\n]{2,60})」")


def _bill(lines: list[str]) -> str | None:
    """What a legislature's bill papers propose, when they are such papers (``_BILL_HEAD`` on the first of their
    first ``lines``)."""
    if not lines or not _BILL_HEAD.match(lines[0]):
        return None
    cause = next((said["cause"] for line in lines[1:] if (said := _CAUSE.match(line))), None)
    if cause is None:
        return None
    drafted = _DRAFTED.search(cause)
    return drafted["draft"] if drafted else _first_clause(cause, _TITLE_MAX, _TITLE_MAX, _TITLE_END)[0]


# A reprint site's title with the author's name after a slash (立法法的品性/卓泽渊).
_AUTHOR_AFTER = re.compile(rf"(?P<title>.+?)\s*[/／]\s*[{HAN}]{{2,4}}")
_AUTHOR_CHECK_LINES = 4


def _without_author(line: str, text: str, end: int) -> str:
    """``line`` without an author's name after a slash, when the title before it is printed alone just below."""
    byline = _AUTHOR_AFTER.fullmatch(line)
    if byline is None:
        return line
    below = (match.group() for _, match in zip(range(_AUTHOR_CHECK_LINES), _LINE.finditer(text, end)))
    return byline["title"] if byline["title"] in below else line


# How far down a gazette page's header a Macao act's name may stand (its office, 法規:, then the name).
_ACT_LINES = 8


def _macao_act(text: str) -> str | None:
    """A Macao act's name on a line of its own near the top (第90/2023號行政命令): what the act is called."""
    return next((line for _, match in zip(range(_ACT_LINES), _LINE.finditer(text))
                 if ACT_LINE.match(line := match.group())), None)


# A government's or ministry's order printed before the rules it promulgates (北京市人民政府令 第312号 /
# 《北京市生活垃圾管理办法》已经…常务会议审议通过，现予公布，自…起施行。): the rules' name is the title.
_ORDER_HEAD = re.compile(rf"[{HAN}]{{2,30}}令 ?[(（]?第 ?[0-9〇零一二三四五六七八九十百千]{{1,8}} ?号[)）]?")
_PUBLISHES = re.compile(r"^《(?P<name>[^《》\n]{4,60})》[^。\n《》]{0,80}?通过[，,]现予(?:公布|发布)")
_ORDER_LINES = 3


def _promulgated_by_order(text: str) -> str | None:
    """The name of the rules an order at the top of ``text`` promulgates, or None."""
    lines = _top_lines(text, _ORDER_LINES)
    if not lines or not _ORDER_HEAD.fullmatch(to_simplified(lines[0])):
        return None
    # Matched in Simplified, cut from the line as written (Traditional to Simplified keeps every length).
    return next((line[slice(*said.span("name"))] for line in lines[1:]
                 if (said := _PUBLISHES.match(to_simplified(line)))), None)


# A notice's sentence that hands on a document by name: 现将《…实施方案》印发给你们, 现将《…》转发给你们,
# 《…议事规则》已经…会议通过，现予印发 (read in Simplified script).
_FORWARDS = re.compile(r"《(?P<name>[^《》\n]{4,60})》[^。\n《》]{0,80}?(?:印发|转发|发布)")
_FORWARD_LINES = 12


def _forwarded_title(text: str, start: int) -> str:
    """The title of the document a notice forwards (现将《X》印发给你们, read in the first lines after ``start``)
    when X stands as a line of its own below, else ""."""
    lines = _top_lines(text, _FORWARD_LINES, start)
    simple = [to_simplified(line) for line in lines]
    names = {found["name"] for line in simple[:3] if (found := _FORWARDS.search(line))}
    return next((line for line, written in zip(lines, simple) if written in names), "")


# A line that is all one aside in brackets: a note (（此件公开发布）, (譯自…俄文稿), （2017年10月18日）), not a title.
_BRACKETED = re.compile(r"[(（〔\[【][^()（）〔〕\[\]【】]*[)）〕\]】]")


# A Hong Kong ordinance as legal sites head it, its chapter (Cap.) number first: 第 1 章 - 释义及通则条例.
_HONG_KONG_CAP = re.compile(r"第\s*\d{1,4}[A-Z]{0,2}\s*章\s*[-－—–]\s*"
                            r"(?P<name>\S.{0,40}?(?:条例|规例|规则|令|规定))")


def _title_below_furniture(text: str, start: int) -> str | None:
    """A document's title under the short lines a saved page opens with (the site's name, its sections, a counter)
    when the first line reads as none: the first line after ``start`` that ends as a document's title does (…的通知,
    …办法), before any line of the text's body. None when the body comes first."""
    lines = [_without_site_marks(line) for line in _top_lines(text, _FURNITURE_LINES, start)]
    for k, line in enumerate(lines):
        cap = _HONG_KONG_CAP.fullmatch(to_simplified(line))
        if cap:
            return line[cap.start("name"):]
        if (SALUTATION.match(line) or _GREETING.match(line) or _OUTLINE.match(line) or LAW_LINE.match(line)
                or _MARKDOWN.match(line)):
            return None  # the body has begun: its addressees, a heading, a section, a chapter or an article
        if _NOT_A_TITLE.match(line):
            continue  # a field of the page's (发文字号：…公告 ends as a title would)
        whole = _completed(line, lines[k + 1] if k + 1 < len(lines) else None)
        if whole:
            return whole
        if len(line) <= _TITLE_MAX and _TITLE_LIKE.search(to_simplified(line)) and not _TITLE_END.search(line):
            return line
        if len(line) > _FURNITURE_MAX or _TITLE_END.search(line):
            return None  # a sentence: the body has begun
    return None


def title_only_opens_text(text: str, title: str) -> bool:
    """Whether ``title`` (``find_title``'s) is only what ``text`` opens with, no title printed for the document: the
    first clause of its first paragraph (第十四届全国人民代表大会第二次会议听取和审议了…。会议充分肯定…), a section
    heading (一、去年), or a note in brackets."""
    if not title:
        return False
    if _OUTLINE.match(title) or _BRACKETED.fullmatch(title):
        return True
    for _, match in zip(range(_LETTERHEAD_LINES), _LINE.finditer(text)):
        line = _without_lead_byline(match.group())
        if line.startswith(title):
            # More after it, or a sentence of clauses with its full stop (…听取了…报告，并且进行了充分的讨论。)
            rest = line[len(title):]
            return bool(_MEANINGFUL.search(rest)) or bool(_CLAUSE_BREAK.search(title) and _TITLE_END.match(rest))
    return False


# A page's title line a site writes for a document: its number before it (京政办发〔2016〕26号《…的通知》) or
# after it in brackets, the title in book-title marks.
_NUMBER_FIRST = re.compile(f"^{DOCUMENT_NUMBER}[ \t\u3000]*(?=\\S)")
_NUMBER_AFTER = re.compile(f"[ \t]*[(（]{DOCUMENT_NUMBER}[)）]$")
# A document-sharing site's upload date after a title, in brackets (2023年西安市政府工作报告(20230224)).
_UPLOADED_AFTER = re.compile(r"[ \t]*[(（](?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[)）]$")
_QUOTED_WHOLE = re.compile("《([^《》]+)》")
# The site's section before a title, set off by a bar (政务服务丨济宁市人民政府关于…).
_SECTION_FIRST = re.compile(f"^[{HAN}]{{2,8}}[ \t]*[丨｜][ \t]*(?=[{HAN}])")


def _without_lead_byline(line: str) -> str:
    """``line`` without the byline or dateline a story opens with (``_LEAD_BYLINE``)."""
    lead = _LEAD_BYLINE.match(line)
    return line[lead.end():] if lead else line


def _without_site_marks(line: str) -> str:
    """``line`` without the site's section and the number a site writes before a document's title or after it in
    brackets (or the day it was uploaded: …工作报告(20230224)), and the book-title marks around all of it
    (《成都市人民政府办公厅关于…的通知》 → 成都市人民政府办公厅关于…的通知); any other line as it is."""
    unnumbered = _NUMBER_AFTER.sub("", _NUMBER_FIRST.sub("", _SECTION_FIRST.sub("", line, count=1), count=1))
    unnumbered = _UPLOADED_AFTER.sub("", unnumbered)
    quoted = _QUOTED_WHOLE.fullmatch(unnumbered)
    title = quoted.group(1) if quoted else unnumbered
    return title if _MEANINGFUL.search(title) else line


def _completed(line: str, following: str | None) -> str | None:
    """An official document's title (…关于…的通知) that ``line`` starts and ``following`` ends: a title set on two
    lines of its own, as Word files centre a long one. None when the two lines do not make one. Read in Simplified,
    so that a Traditional text's 關於…的通知 is one too."""
    simple = to_simplified(line)
    if following is None or "关于" not in simple or DOCUMENT_TITLE.search(simple) or _CLAUSE_END.search(following):
        return None
    whole = line + following
    return whole if DOCUMENT_TITLE.search(to_simplified(whole)) and len(whole) <= _TITLE_MAX else None


def _above_subtitle(line: str, following: str | None, third: str | None) -> str | None:
    """A title set on two lines above its dashed subtitle, as a congress report or a speech prints it
    (决胜全面建成小康社会 / 为夺取新时代中国特色社会主义伟大胜利 / ——在…上的报告): the two lines, one title."""
    if following is None or third is None or not third.startswith("—") or following.startswith("—"):
        return None
    if _CLAUSE_END.search(line) or _CLAUSE_END.search(following) or len(line) + len(following) >= _TITLE_MAX:
        return None
    return f"{line} {following}"


def _under_letterhead(text: str) -> str | None:
    """The title of an official document printed under its letterhead and number: one of the first lines reads
    …关于…的通知 (or two lines do), and only the issuers' names and the number stand above it."""
    lines = _top_lines(text, _LETTERHEAD_LINES)
    for index, line in enumerate(lines):
        title = line if DOCUMENT_TITLE.search(to_simplified(line)) else _completed(
            line, lines[index + 1] if index + 1 < len(lines) else None)
        if title and len(title) <= _TITLE_MAX:
            above = ["".join(to_simplified(a).split()) for a in lines[:index]]
            if above and all(len(a) <= _LETTERHEAD_MAX and _LETTERHEAD.search(a) for a in above):
                return _with_issuers(lines[:index], title)
            return None
    return None


def _under_release_head(text: str) -> str | None:
    """The headline under a press release's head (``cleaning.release_head``), or None."""
    lines = _top_lines(text, RELEASE_HEAD_LINES + 2)
    head = release_head(lines)
    return _first_clause(lines[head[1]], _TITLE_MAX, _TITLE_MAX, _TITLE_END)[0] if head else None


def _with_issuers(above: list[str], title: str) -> str:
    """``title`` (关于…的通知) with the issuers' names on the lines right above it, which begin it (湖南省人民政府 /
    关于…): none where a number or a letterhead's 文件 stands between."""
    issuers: list[str] = []
    for line in reversed(above):
        if not _ISSUER_LINE.search("".join(to_simplified(line).split())):
            break
        issuers.insert(0, line)
    if not issuers or not to_simplified(title).startswith("关于"):
        return title
    return " ".join(issuers) + title


def find_headings(text: str, markdown: bool = False) -> tuple[Heading, ...]:
    """The outline headings of ``text`` in order (see the module docstring for what counts as one).

    In Markdown ``1. `` starts an ordered list item, so only ``1、`` is a level-3 marker there; in plain text a
    ``#`` line is a heading only when it is short.
    """
    headings: list[Heading] = []
    numbers: dict[int, int] = {}  # last number seen per outline level, under the current parents
    normative = bool(find_articles(text))
    divisions = _divisions(text)
    # Outline levels sit below the divisions (第一章 › 一、 › (一)); in a normative document the numbered
    # paragraphs inside articles are items (款, 项), not headings.
    shift = max((h.level for h in divisions), default=0)
    headings.extend(divisions)
    for match in _LINE.finditer(text):
        start, line = match.start(), match.group()
        md = _MARKDOWN.match(line)
        if not md and (normative or (_DIVISION.match(line) and LAW_LINE.match(line))):
            continue  # items inside articles, and division lines (found above), are no outline headings
        if md:
            title = md.group(2)
            if title and (markdown or (len(title) <= _HEADING_MAX and _MEANINGFUL.search(title))):
                level = len(md.group(1))
                headings.append(Heading(start, match.end(), level, title))
                _forget_below(numbers, level)
            continue
        outline = _OUTLINE.match(line)
        if not outline or (markdown and outline.group("dot") == "." and line[outline.end():outline.end() + 1] == " "):
            continue
        level = next(level for level in (1, 2, 3, 4) if outline.group(f"l{level}"))
        number = numerals.to_int(outline.group(f"l{level}")) or None
        heading, ending = _first_clause(line, _HEADING_SENTENCE_MAX, _HEADING_MAX)
        if (
            number is None
            or (level >= 3 and number not in (1, numbers.get(level, 0) + 1))
            or not _MEANINGFUL.search(heading[outline.end():])
            or ending in _ITEM_ENDINGS
        ):
            continue
        headings.append(Heading(start, start + len(heading), level + shift, heading))
        numbers[level] = number
        _forget_below(numbers, level)
    return tuple(sorted(headings, key=lambda h: h.start))


def _divisions(text: str) -> list[Heading]:
    """The 编/分编/章/节/部分 headings of ``text``: a short line that starts with the division's marker."""
    found = []
    for match in _LINE.finditer(text):
        line = match.group()
        division = _DIVISION.match(line)
        if division is None or not LAW_LINE.match(line) or len(line) > _HEADING_MAX:
            continue
        label = _squeeze_marker(line[: division.end()])
        rest = line[division.end():].strip(" \t\u3000")
        heading = f"{label} {rest}" if rest else label
        found.append(Heading(match.start(), match.end(), _DIVISION_LEVEL[division.group("kind")], heading))
    return found


def find_articles(text: str) -> list[tuple[int, str, int]]:
    """The articles of a normative text: (start, label as written without spaces, number) for each 第X条 that
    starts a line; empty when fewer than three do (a policy document that cites an article is no law)."""
    found = []
    for match in _LINE.finditer(text):
        line = match.group()
        article = _ARTICLE.match(line)
        if article is None or not LAW_LINE.match(line):
            continue
        label = _squeeze_marker(line[: article.end()])
        number = numerals.article_number(label)  # the same key a query naming the article gets
        if number is not None:
            found.append((match.start(), label, number))
    return found if len(found) >= _MIN_ARTICLES else []


def _squeeze_marker(marker: str) -> str:
    """第 1 條 as 第1條: a marker's spaces are layout, not part of its name."""
    return re.sub("[ \t\u3000]+", "", marker)


def section_path(headings: tuple[Heading, ...] | list[Heading], offset: int) -> str:
    """The path of headings that ``offset`` sits under, joined by " › "; "" before the first heading."""
    stack: list[Heading] = []
    for heading in headings:
        if heading.start > offset:
            break
        _push(stack, heading)
    return _path(stack)


def split_passages(doc: Document) -> list[Passage]:
    """Cut the document text into passages of about 100-600 characters that never cross a heading.

    Passages cover every non-space character exactly once, are ordered and disjoint, start and end on
    non-space characters, and are at most ``PASSAGE_MAX`` characters long. Short paragraphs of one section are
    merged, long ones are split at sentence ends (hard at ``PASSAGE_MAX`` when a sentence is longer).
    """
    text = doc.text
    headings = sorted(doc.headings, key=lambda heading: heading.start)
    articles = find_articles(text)
    article_starts = [start for start, _, _ in articles]
    # A passage never crosses a heading, nor the start of an article: an article that fits is one passage.
    starts = sorted({heading.start for heading in headings} | set(article_starts))
    spans: list[tuple[int, int]] = []
    for unit in _units(text, starts):
        spans.extend(_split_long(text, *unit))
    passages: list[Passage] = []
    stack: list[Heading] = []
    next_heading = 0
    current: tuple[int, int] | None = None

    def close(span: tuple[int, int]) -> Passage:
        at = bisect.bisect_right(article_starts, span[0]) - 1
        label, number = (articles[at][1], articles[at][2]) if at >= 0 else ("", -1)
        inside = at >= 0 and (not stack or stack[-1].start < articles[at][0])
        if not inside:  # under a heading that came after the last article: no article of its own
            label, number = "", -1
        path = _path(stack)
        section = SECTION_SEPARATOR.join(part for part in (path, label) if part)
        return Passage(span[0], span[1], section, label, number)

    for span in spans:
        if current is not None:
            boundary = bisect.bisect_right(starts, current[0])
            crosses = boundary < len(starts) and starts[boundary] <= span[0]
            if not crosses and current[1] - current[0] < PASSAGE_MIN and span[1] - current[0] <= PASSAGE_MAX:
                current = (current[0], span[1])
                continue
            passages.append(close(current))
        current = span
        while next_heading < len(headings) and headings[next_heading].start <= span[0]:
            _push(stack, headings[next_heading])
            next_heading += 1
    if current is not None:
        passages.append(close(current))
    return passages


def _units(text: str, heading_starts: list[int]) -> list[tuple[int, int]]:
    """Non-blank lines without their outer whitespace, also cut where a heading starts inside one."""
    units = []
    for match in _LINE.finditer(text):
        start, end = match.span()
        first = bisect.bisect_right(heading_starts, start)
        for cut in heading_starts[first:bisect.bisect_left(heading_starts, end)]:
            piece = _trim(text, start, cut)
            if piece:
                units.append(piece)
            start = cut
        piece = _trim(text, start, end)
        if piece:
            units.append(piece)
    return units


def _split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a span longer than PASSAGE_MAX into nearly equal pieces, cutting after sentence ends if possible."""
    if end - start <= PASSAGE_MAX:
        return [(start, end)]
    ends = [match.end() for match in _SENTENCE_END.finditer(text, start, end)]
    pieces = []
    while end - start > PASSAGE_MAX:
        ideal = start + (end - start) / math.ceil((end - start) / PASSAGE_MAX)
        low, high = bisect.bisect_right(ends, start), bisect.bisect_right(ends, start + PASSAGE_MAX)
        if low < high:
            cut = min(ends[low:high], key=lambda position: abs(position - ideal))
        else:
            cut = _hard_cut(text, start, start + PASSAGE_MAX)
        piece = _trim(text, start, cut)
        if piece:
            pieces.append(piece)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        pieces.append((start, end))
    return pieces


# How far back a hard cut may move to avoid splitting a Latin word or a number (longer ones are split).
MAX_WORD_BACKTRACK = 50


def _hard_cut(text: str, start: int, cut: int) -> int:
    """A cut at or shortly before ``cut`` that does not split a Latin word or a number."""
    if not (text[cut - 1].isascii() and text[cut - 1].isalnum() and text[cut].isascii() and text[cut].isalnum()):
        return cut
    for position in range(cut - 1, max(start, cut - MAX_WORD_BACKTRACK), -1):
        if not (text[position - 1].isascii() and text[position - 1].isalnum()):
            return position
    return cut


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without whitespace at either end, or None when nothing else is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


# A clause cut shorter than this says too little to stand for its line.
MIN_CLAUSE = 8


def _first_clause(line: str, sentence_max: int, hard_max: int, ends: re.Pattern = _CLAUSE_END) -> tuple[str, str]:
    """``line`` up to its first sentence end when that comes early, else the whole short line or a cut at a clause.

    Also returns the punctuation the clause ended with ("" when it was cut inside a sentence).
    """
    end = ends.search(line)
    if end and end.start() <= sentence_max:
        return line[: end.start()].rstrip(), end.group()
    if len(line) <= sentence_max:
        return line, line[-1]
    breaks = [match.start() for match in _CLAUSE_BREAK.finditer(line, MIN_CLAUSE, hard_max)]
    return line[: breaks[-1] if breaks else hard_max].rstrip(), ""


def _forget_below(numbers: dict[int, int], level: int) -> None:
    """Reset the numbering of every level deeper than ``level`` (a new parent starts a new count)."""
    for deeper in [key for key in numbers if key > level]:
        del numbers[deeper]


def _push(stack: list[Heading], heading: Heading) -> None:
    """Put ``heading`` on the outline stack, closing the sections it ends."""
    while stack and stack[-1].level >= heading.level:
        stack.pop()
    stack.append(heading)


def _path(stack: list[Heading]) -> str:
    """The section path of an outline stack."""
    return SECTION_SEPARATOR.join(heading.text for heading in stack)
