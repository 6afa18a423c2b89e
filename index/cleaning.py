"""Turn extracted text into clean paragraphs: undo hard line wraps, drop page furniture and invisible junk.

Output convention: paragraphs are separated by exactly one blank line ("\\n\\n"); a paragraph never contains a
newline, never starts or ends with whitespace, and runs of spaces inside it are single spaces. The text has no
leading or trailing whitespace.

Line joining. Text extracted from PDFs (and some web pages) breaks lines at the right margin, often with blank
lines in between, in the middle of words: ``觀念的\\n\\n變革``. A line break is undone (with nothing in between for
Chinese, a space for Latin) when the line before it does not end a sentence and either

* punctuation says the sentence goes on (the next line starts with ，。」 and the like, or the line ends
  with ，、「), or
* the line reaches the document's right margin: its display width is at least ``_FULL_RATIO`` of the typical width
  of lines that are followed by another line. Short lines - titles, table cells, captions, menu entries - are not
  wrapped lines and stay paragraphs of their own. With too few lines to know a margin every line counts as full.

An outline heading (一、 (一) 1. (1) or a Markdown ``#`` line) keeps its own paragraph unless the text before it is
inside an open quote or bracket (``“五证合\\n一、一照一码”`` is a wrapped sentence, not a heading). A removed page
number line is transparent (page breaks fall mid-sentence); a removed boilerplate line is a paragraph break.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from tongwen.index.analysis.script import HAN, to_simplified
from tongwen.index.numerals import ARTICLE_MARKER, DIVISION_MARKER

# Character classes, as regex class bodies.
_OPENERS = "「『“‘（(《〈【〔［"
_CLOSERS = "」』”’）)》〉】〕］"
# Punctuation that can only continue a sentence when it starts a line.
_CONTINUES_AT_LINE_START = "，、。！？；：…" + _CLOSERS + ",;:!?%％"
# Punctuation after which a sentence surely goes on when it ends a line.
_CONTINUES_AT_LINE_END = "，、,·～—+＋=＝" + _OPENERS
_FULLWIDTH_PUNCT = "\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018-\u201f\u2026\u2014\u00b7"

# Invisible or meaningless code points left by PDF fonts and web pages: private-use glyphs (BMP and planes 15-16),
# zero-width characters, soft hyphens, replacement characters and control characters other than tab and newline.
_JUNK = re.compile(
    "[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
    "\u200b-\u200d\u2060\ufeff\u00ad\ufffd\ud800-\udfff\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]+"
)
# A title's opening: the issuer's name and 关于 (广东省人民政府办公厅关于印发…).
_TITLE_OPENING = re.compile(r"[\u3400-\u9fff]{2,30}?(?:关于|關於|关於|關于)")
# A page's line that opens with its label of when or whence (时间：, 來源：): never the rest of the line above.
_PAGE_LABEL = re.compile(r"(?:发布|發布)?(?:时间|時間|日期|来源|來源)[ \t]*[:：]")
# A meeting record's labels, spaced out to one width as Taiwan's gazette sets them (時  間 中華民國…, 地  點 …).
_RECORD_LABEL = re.compile(r"(?:[时時][ \t\u3000]+[间間]|地[ \t\u3000]+[点點]|主[ \t\u3000]+席|[出列][ \t\u3000]+席"
                           r"|[纪紀][ \t\u3000]+[录錄])[ \t\u3000]+\S")
_RANGE_HYPHEN = re.compile("(?<=[0-9０-９])\u00ad(?=[0-9０-９])")
# A content farm's conversion to Traditional that writes a character's reading after it, in brackets, in pinyin with
# its tone mark (關(guān)于, 發(fā)〔2017〕): an annotation, never the document's text.
# (The bracket first, the character before it looked behind: a scan for a bracket is a scan for one character.)
_PINYIN_NOTE = re.compile(r"\((?<=[\u3400-\u9fff]\()(?:[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńň][a-zü]*)\)")
_OTHER_NEWLINES = ("\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029")
_SPACES = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# Spaces next to full-width punctuation are layout artefacts: 始終把 「高精尖」 作為 -> 始終把「高精尖」作為.
# (The pattern starts with the space so that the regex engine can skip ahead to spaces.)
_SPACE_AT_PUNCT = re.compile(
    f" (?:(?<=[{HAN}{_FULLWIDTH_PUNCT}] )(?=[{_FULLWIDTH_PUNCT}])|(?<=[{_FULLWIDTH_PUNCT}] )(?=[{HAN}]))"
)

# Line patterns are matched as "\n<line>" followed by "\n" in the text padded with newlines: a pattern that
# starts with a literal lets the regex engine jump from newline to newline.
PAGE_NUMBER = re.compile(
    r"\n(?:[-—–－―~～]+ ?\d{1,4} ?[-—–－―~～]+"
    r"|第 ?\d{1,4} ?[页頁](?: ?[/，,]? ?共 ?\d{1,4} ?[页頁])?"
    r"|共 ?\d{1,4} ?[页頁] ?[/，,]? ?第 ?\d{1,4} ?[页頁]"
    r"|[Pp]age \d{1,4}(?: of \d{1,4})?)(?=\n)"
)

# A reprint site's byline: its labels, and the counter among them.
_BYLINE_LABEL = "(?:作者|来源|來源|时间|時間|日期|发布时间|發布時間|浏览|瀏覽|阅读|閱讀|点击|點擊|编辑|編輯)"
_READ_COUNTER = "(?:浏览|瀏覽|阅读|閱讀|点击|點擊)(?:数|數|量|次数|次數)?"

# Page furniture of web pages, one whole line each: counters, QR-code and share/print/font-size widgets. Kept
# small on purpose: only lines that carry nothing of the document. A site's registration footer (主办…ICP备…)
# stays: it names the issuing body, and people search for it.
BOILERPLATE: tuple[tuple[str, str], ...] = (
    # A reprint site's counter, its count left empty where the page drew it by script, and the hour it was posted.
    ("view counter", r"(?:浏览|瀏覽|阅读|閱讀|点击|點擊|访问|訪問)(?:数|數|量|次数|次數|次)? ?[:：]? *"
                     r"(?:\d+ ?次?|(?= *(?:时间|時間)))"
                     r"(?: *(?:时间|時間) ?[:：] ?\d{4}-\d{1,2}-\d{1,2}(?: \d{1,2}:\d{2}(?::\d{2})?)?)?"),
    ("qr code", r"(?i:qr ?code)|二维码|二維碼"),
    ("scan for mobile", r"(?:扫描|掃描|扫一扫|掃一掃|用手机扫描|用手機掃描).{0,12}(?:手机|手機|移动端|移動端|二维码|二維碼).{0,8}"),  # noqa: E501 (a pattern or text written as one line)
    ("share widget", r"(?:分享到|分享至) ?[:：]?.{0,30}"),
    ("font size widget", r"[【\[]? ?(?:字号|字號|字体|字體) ?[:：]? ?[大中小默认認 ]+[】\]]?"),
    # A Hong Kong government release: the rule under its headline, its end mark and the hour it was issued.
    ("release rule", r"[*＊]{4,}|[*＊](?: [*＊]){4,}"),
    ("release end", r"完|Ends|NNNN"),
    # The link under a release on the government's news site to the day's other releases.
    ("release list link", r"(?:Today's Press Releases|今日新聞公報|今日新闻公报|即日新聞|即日新闻)"),
    # The same site's bar above a release: its other languages and its e-mail link.
    ("release tools", r"Traditional Chinese Simplified Chinese(?: Email this article)?(?: news\.gov\.hk)?"
                      r"|[^\n]{0,20}寄給朋友 ?政府新聞網"),
    ("release time", r"(?:香港時間|香港时间) ?\d{1,2} ?[時时] ?\d{1,2} ?分|(?:Issued at )?HKT \d{1,2}:\d{2}"),
    # A legal database's page saved as text (北大法宝): its buttons and the links beside and under the text.
    ("legal database widget", r"复制全文|複製全文|复制链接|複製鏈接|(?:下载|下載) ?(?:PDF|pdf|WORD|Word|word)"
                              r"|微信扫码阅读|微信掃碼閱讀|(?:正文右侧)?法宝联想|法宝产品资讯|引用本法|机构沿革|機構沿革"
                              r"|收起|展开|展開|未修改|新增法条|(?:非)?实质性修改|法宝类案检索|法宝透镜|爱法律 ?有未来"
                              r"|北大法宝1985年.{0,80}|开通会员解锁全库.{0,40}|已购买此数据库.{0,40}"
                              r"|转第|下载|下載|保留字段信息|页面宽度.{0,24}"
                              r"|查找 ?[:：].{0,40}(?:显示|隐藏)法宝之窗.{0,120}"),
    # A portal's links in a row of pipes (热门站点| 世界资料网 | …, 收藏本站| 设为首页| 首页).
    # (A cheap test of the line's start first, without backtracking: the line is read whole only where a pipe
    # comes early.)
    ("site links", r"(?=[^\n|｜]{1,12}+[ \t]*+[|｜])"
                   r"(?=[^\n]*(?:设为首页|設為首頁|收藏本站|加入收藏|添加收藏|热门站点|熱門站點))"
                   r"(?:[^\n|｜]{1,12}[ \t]*[|｜][ \t]*){1,10}[^\n|｜]{0,12}"),
    # Where the page sits on its site: 当前位置：首页 > 政务公开 > …, or the trail alone.
    ("breadcrumb", r"(?:当前位置|當前位置|您的位置|您现在的位置|您現在的位置|您?当前的位置|您?當前的位置)"
                   r"[ \t]*(?:[:：]|(?=首页|首頁)).{0,120}"
                   r"|[^\n<>＜＞《》:：]{1,12}(?:(?:[ \t]+>[ \t]+|[ \t]*＞[ \t]*)[^\n<>＜＞《》:：]{1,12}){1,6}"
                   # the trail wrapped after 首页, its next line opening with the arrow (two levels at least: one
                   # is a Markdown quote)
                   r"|(?:[ \t]*[>＞][ \t]*[^\n<>＜＞《》:：]{1,12}){2,6}"),
    # A site's login form and its own links, a line each: 用户名 密码, 记住我, 加入收藏, 全国站 [进入分站].
    ("login and site links", r"(?:(?:用户名|用戶名|账号|帳號|密码|密碼|记住我|記住我|忘记密码|忘記密碼"
                             r"|登录|登錄|注册|註冊)[ \t]*){1,4}"
                             r"|(?:加入收藏|设为首页|設為首頁|收藏本站)"
                             r"|[^\n\[\]]{1,8}+\[(?:进入分站|進入分站|切换|切換)\]"
                             # its menu, a row of short words from its home page on (网站首页 法律咨询 找律师 …)
                             r"|(?:网站首页|網站首頁|首页|首頁)(?:[ \t]+[^\s|｜]{2,6}){3,15}"),
    # A page's switch of its background to an eye-care colour, and a line of a page's labels left empty with the
    # hour it was posted (2015-11-10 01:51:51信息来源:浏览次数:字体:[ ]).
    ("colour widget", r"(?:视力保护色|視力保護色|护眼模式|護眼模式)[ \t]*[:：]?"),
    # A Taiwan government page's print, export, folder and type-size widgets, and how to work them from the keyboard
    # (友善列印 :, 字級設定 :, 去格式引用 轉存PDF 轉存RTF 友善列印, 加入資料夾:, 請利用鍵盤按住Ctrl + P開啟列印功能,
    # IE6請利用鍵盤按住ALT鍵 + V → X → …).
    ("print and type-size widgets", r"(?:(?:友善列印|字級設定|字级设置|字級|字级|加入資料夾|加入资料夹|去格式引用"
                                    r"|[轉转]存(?:PDF|RTF|ODF))[ \t]*[:：]?[ \t]*){1,6}"
                                    r"|[^\n]{0,20}利用鍵盤[^\n]{0,20}(?i:ctrl|alt)[^\n]{0,150}"),
    ("empty labels", r"(?:\d{4}-\d{1,2}-\d{1,2}(?: \d{1,2}:\d{2}(?::\d{2})?)? ?)?"
                     r"(?:(?:信息来源|信息來源|来源|來源|浏览次数|瀏覽次數|点击数|點擊數|字体|字體) ?[:：] ?"
                     r"(?:\[ ?[大中小 ]*\]|[大中小 ]{0,6})? ?){2,5}"),
    ("print/close widget", r"(?i:print this page)|(?:[【\[]? ?(?:打印本页|打印本頁|打印|关闭窗口|關閉窗口|关闭|關閉|返回顶部|返回頂部|收藏本页|收藏) ?[】\]]? ?){1,6}"),  # noqa: E501 (a pattern or text written as one line)
    # A page's links for screen readers, back and to its top: 跳至主要內容, 回上頁, 快速回到頁首按鈕, 返回頁面頂端,
    # and the accesskey mark of Taiwan's government sites (:::).
    ("skip link", r"(?:跳至|跳到|跳过|跳過)(?:主要)?(?:内容|內容)(?:的开始|的開始|區塊|区块)?"
                  r"|(?i:(?:skip|go) to (?:main )?content)"
                  r"|回上[页頁]|返回上一?[页頁]|(?:快速)?回到?[页頁]首(?:按鈕|按钮)?|:::"
                  r"|(?:返回|回到)[页頁]面(?:顶端|頂端|顶部|頂部)"),
    # What a page says to a browser that runs no script, with the skip link after it on the line.
    ("script notice", r"(?:您的|你的)?(?:瀏覽器|浏览器)(?:不支援|不支持|未啟用|未启用)"
                      r"(?=[^\n]{0,40}(?i:javascript|script))[^\n]{0,100}"),
    # A reprint site's byline: who posted it, when, from where, and how often it was read, a counter among them
    # (作者:法律资料网 时间:2024-07-22 05:37:26 浏览:9174 来源:法律资料网), and its download link.
    ("reprint byline", rf"(?={_BYLINE_LABEL})(?=[^\n]*{_READ_COUNTER} ?[:：] ?\d)"
                       rf"(?:{_BYLINE_LABEL}(?:数|數|量|次数|次數)? ?[:：] ?"
                       r"(?:\d{1,2}:\d{2}(?::\d{2})?|[^\n:：])*?[ \t]*){3,6}"
                       r"|(?:下载地址|下載地址) ?[:：] ?(?:点击此处下载|點擊此處下載)"),
    # A wiki's links to a law's articles in a row (第十一條 第二十一條 第三十一條): an article's line has its text.
    ("article links", r"第[零〇一二三四五六七八九十百千0-9０-９]{1,8}[条條]"
                      r"(?:[ \t]+第[零〇一二三四五六七八九十百千0-9０-９]{1,8}[条條])+"),
    # A bilingual gazette's link to the text in its other language (Macao's 葡文版本).
    ("language version link", r"葡文版本|葡文版|中文版本|Versão (?:Portuguesa|Chinesa)"),
    # A document-sharing site's line over what a member uploaded: 时间:2019-05-14 10:45:55下载本文作者:会员上传.
    ("document-sharing header", r"(?:(?:时间|時間) ?[:：] ?\d{4}-\d{1,2}-\d{1,2}(?: \d{1,2}:\d{2}(?::\d{2})?)? ?)?"
                                r"(?:下载本文|下載本文)? ?(?:作者 ?[:：] ?)?(?:会员上传|會員上傳)"),
)
_BOILERPLATE = re.compile("\n(?:" + "|".join(f"(?:{p})" for _, p in BOILERPLATE) + ")(?=\n)")
# Stands for a removed boilerplate line until lines are joined, so that no join reaches across it.
_BARRIER = "\x00"

# Chinese outline markers: 一、 (一) 1. (1), levels 1 to 4 (``index.structure`` reads the levels from the groups).
_CN_NUMBER = "[一二三四五六七八九十百零〇]{1,4}"
_NUMBER = "[0-9０-９]{1,3}"
OUTLINE_MARKER = (
    rf"(?P<l1>{_CN_NUMBER})、|[(（](?P<l2>{_CN_NUMBER})[)）]|(?P<l3>{_NUMBER})(?P<dot>[.．、])(?![0-9０-９.．])"
    rf"|[(（](?P<l4>{_NUMBER})[)）]"
)
_HEADING_START = re.compile(f"(?:#{{1,6}} |{OUTLINE_MARKER})")
# An item's Roman numeral (I. II. III., Ⅳ、), alone on its line or before its words.
_ROMAN_MARKER = re.compile(r"(?:[IVX]{1,4}\.|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ][.．、]?)(?=[ \t]|$|[^\x00-\x7f])")
# The structure of laws and regulations (``numerals`` defines the markers): a marker line is never glued to another.
_SPACE = "[ \t\u3000]*"
_LAW = f"(?:{ARTICLE_MARKER}|{DIVISION_MARKER})"
# A marker that starts a line and is followed by a space or nothing: 第一条　…, 第一章 总则, 第 1 條.
LAW_LINE = re.compile(_LAW + "(?=[ \\t\\u3000]|$)")
# A line that is an article's or a division's marker alone: 第 1 條 (Taiwan's layout), 第一章.
LAW_ONLY = re.compile(_LAW + _SPACE + "$")
# A document number (发文字号) as it is written on a line: 劳社部发〔2008〕3号, 湘政办发[2009]24號.
DOCUMENT_NUMBER = (f"(?:[{HAN}]{{1,12}}[〔\\[［(（【﹝][0-9０-９]{{4}}[〕\\]］)）】﹞] ?[0-9０-９]{{1,4}} ?[号號]"
                   # an announcement numbered in its year: 国家税务总局公告2024年第1号, 财政部 税务总局公告2023年第12号
                   f"|[{HAN}]{{2,24}}(?: [{HAN}]{{2,24}}){{0,4}}[公通]告"
                   "(?: ?[0-9０-９]{4} ?年 ?第 ?[0-9０-９]{1,4} ?[号號]))")
# An official document's (公文) title, read in Simplified: its subject after 关于, its kind at the end.
_DOCUMENT_KINDS = ("通知|通报|意见|决定|办法|方案|规定|报告|批复|复函|函|公告|通告|请示|"
                   "细则|规划|纲要|计划|决议|命令|议案|纪要|指引|指南")
DOCUMENT_TITLE = re.compile(rf"关于[^。；！？]{{2,80}}的(?:若干|实施|指导)?(?:{_DOCUMENT_KINDS})$")
# A 上行文 (a 请示 or 报告 to the body above) prints its signer beside its number: 海政文〔2024〕12号  签发人：张三.
_NUMBER_LINE = re.compile(f"[(（]?{DOCUMENT_NUMBER}[)）]?(?: ?签发人[:：] ?[{HAN}、 ]{{2,30}})?$"
                          # Taiwan's, under an order's date (總統令 / 中華民國113年5月15日 / 華總一義字第11300044841號)
                          f"|[(（]?[0-9]{{0,3}}[)）]?[{HAN}]{{1,12}}字 ?第 ?[0-9０-９]{{1,12}} ?[号號]$")
# A page may print a regulation's name and its first event as one line (…收費標準中華民國101 年12 月12 日行政院…):
# the name ends in a regulation's kind right before the era.
TITLE_BEFORE_HISTORY = re.compile(r"[\u3400-\u9fff（）()、]{2,60}?"
                                  r"(?:法|条例|通则|规程|规则|细则|办法|纲要|标准|准则|要点|须知|规定|原则|表)"
                                  r"(?=\s*中华民国\s*[0-9〇零一二三四五六七八九十百]{1,6}\s*年)")
# The header fields of legal-database exports (【法宝引证码】, 【发布部门】 …) and their source links.
FIELD_LABEL = r"【(?P<label>[^】]{2,8})】"
# A crawler or an export copying a database's page labels its address URL: (above the title it copied).
SOURCE_LINK = r"(?:原文链接|原文連結|来源链接|(?i:url))\s*[:：]"
# The header fields of Taiwan's law pages (全國法規資料庫), in either script: 法規名稱：個人資料保護法.
TAIWAN_FIELD = (r"(?P<field>法[規规]名[稱称]|修正日期|公布日期|[發发]布日期|最新[異异][動动]日期|生效[狀状][態态]|"
                r"法[規规][類类][別别]|[廢废]止日期|[廢废]止[說说]明|施行日期|沿革|法[規规][網网]址)\s*[:：]")
# A Taiwan official document (公文) heads itself with its organ and kind on a line (行政院　函, 內政部　公告) over its
# filing fields (受文者：, 發文日期：, 發文字號：…).
# Its organ's name may be set spaced out (行 政 院　函), the kind close to it (行政院函); an order is 總統令, 行政院令.
TAIWAN_DOCUMENT_HEAD = (r"(?P<organ>[^\s:：](?:[ \t\u3000]?[^\s:：]){1,29}?)[ \t\u3000]*"
                        r"(?:(?P<kind>函|書函|书函|公告|開會通知單|开会通知单)|(?P<order>令))")
TAIWAN_HEAD_LINES = 6  # the head stands among the document's first lines (under 檔號 and 保存年限)
# The header fields of a legal database's page written plainly, as its page shows them (制定机关：…, 效力位阶：…),
# and the like fields of a 信息公开 page's information table; 公布日期, 施行日期 and 法规类别 are Taiwan's fields too.
DATABASE_FIELD = (r"(?P<plain>制定[机機][关關]|[发發]布部[门門]|[发發]文[机機][关關]|[发發]文[单單]位|[发發]文字[号號]|"
                  r"解[释釋]字[号號]|"
                  r"[时時]效性|效力位[阶階]|效力[级級][别別]|[实實]施日期|生效日期|成文日期|文[号號]|[颁頒]布日期|[颁頒]布[单單]位|"
                  r"[颁頒]布[机機][关關]|[发發]布文[号號]|[状狀][态態])\s*[:：]")
# A legal site's fields set side by side on one line (状态:有效 发布日期:1970-01-01 生效日期: 1970-01-01): a line each.
_ROW_LABEL = (r"(?:[状狀][态態]|[发發]布日期|生效日期|[实實]施日期|[发發]布部[门門]|[发發]布文[号號]|[时時]效性|"
              r"效力[级級][别別]|[发發]文字[号號]|文[号號]|公布日期|施行日期|[颁頒]布日期)[ \t]*[:：]")
_FIELD_ROW = re.compile(rf"\n(?:{_ROW_LABEL}[^\n:：]*?[ \t]+)+{_ROW_LABEL}[^\n:：]*(?=\n)")
_ROW_BREAK = re.compile(rf"[ \t]+(?={_ROW_LABEL})")
# A date alone on its line: the date under a signature, never the end of the line before it.
_DATE_ALONE = re.compile(r"[0-9０-９〇○零一二三四五六七八九]{4} ?年 ?[0-9０-９〇○零一二三四五六七八九十]{1,2} ?月"
                         r" ?[0-9０-９〇○零一二三四五六七八九十]{1,3} ?日(?:[（(][^）)]{1,4}[）)])?")
# The day a document was printed, alone on its line under its head, in either calendar: 中華民國113年5月15日印發.
_PRINTED_ON = re.compile(r"(?:中[华華]民[国國] ?)?[0-9０-９〇○零一二三四五六七八九十百]{2,4} ?年"
                         r" ?[0-9０-９〇○零一二三四五六七八九十]{1,2} ?月"
                         r" ?[0-9０-９〇○零一二三四五六七八九十]{1,3} ?日 ?印[发發]")
# A news agency's dateline opens a release's first paragraph (新华社北京3月1日电 近日，…): never a wrap of its headline.
_DATELINE = re.compile(f"(?:新华社|中新社|人民日报|人民网|央视网|央广网|中国新闻网)[{HAN}]{{0,8}}"
                       "[0-9０-９一二三四五六七八九十]{1,2}月[0-9０-９一二三四五六七八九十]{1,3}日电")
# A news story's byline under its headline: the reporter and where from, or the desk (記者吳典叡／臺北報導,
# 綜合報導 / 台北市, 综合外电): a line of its own, never a wrap of the headline.
_BYLINE = re.compile(f"(?:文 ?[／/] ?)?(?:(?:記者|记者) ?[{HAN}]{{2,4}}(?:[、 ][{HAN}]{{2,4}}){{0,3}} ?[／/]? ?"
                     f"[{HAN}]{{0,4}}(?:報導|报道|報道)"
                     f"|(?:綜合|综合)(?:報導|报道|報道|外電|外电)(?: ?[／/] ?[{HAN}]{{2,6}})?)")
# A body and a date on one line, set apart: the issuer's line under a 纪要's name (…人民政府办公室  2024年3月1日).
_BODY_DATE = re.compile(f"[{HAN}]{{2,30}}(?:政府|办公室|辦公室|办公厅|辦公廳|委员会|委員會|局|厅|廳|部|院) "
                        f"{_DATE_ALONE.pattern}")
# One event of a law's history on its line (1996年3月17日…会议通过, 2021年1月22日…修订, 中華民國…令修正公布…): a
# history is a list, one event to a line, whatever the widths of its lines.
_HISTORY_EVENT = re.compile(r"(?:[0-9０-９〇○零一二三四五六七八九]{4} ?年|中[华華]民[国國]).{2,160}"
                            r"(?:通过|通過|修订|修訂|修正|修改|公布|发布|發布|施行|批准|制定)(?:公布|发布|發布)?"
                            r"(?:第[^。；;]{1,60}?[条條]{1,2}文)?")
# What a sentence broken before a date ends with (本条例于 / 2021年…施行): the date goes on with it.
_EVENT_GOES_ON = frozenset("于於经經在自由据據的和及与與、，,（(　 ")
# The bodies a document is addressed to (各位代表：, 各省、自治区…：), one body or two named before them too
# (云南禄丰产业园区管委会，各乡镇人民政府，市级各部门：): the body of the text starts here.
SALUTATION = re.compile(r"^(?:(?:[^。；！？：:，,、\n]{2,30}+[，,、]){0,2}各[^。；！？]{1,120}"
                        # or one body or a few, a 请示's or 报告's addressee: 北京市人民政府：, 市委、市政府：
                        f"|[{HAN}]{{1,30}}(?:[、，,][{HAN}]{{1,30}}){{0,3}}(?<=[府委会會厅廳室部局院署处處组組司办辦]))[：:]$")
# One character and at most the punctuation ending its sentence: the end of a word broken off the line before.
_BROKEN_OFF = re.compile(f"[{HAN}][。，；！？、]?")
# A line that is one bracketed note, as under a law's or resolution's title: （2023年3月13日…会议通过）.
_BRACKETED = re.compile(r"[（(][^（()）\n]*[）)]")
# A line that is one header field of a database export or law page, or its source link.
FIELD_LINE = re.compile(f"{FIELD_LABEL}|{SOURCE_LINK}|{TAIWAN_FIELD}|{DATABASE_FIELD}")
_DIVISION_LINE = re.compile(f"{DIVISION_MARKER}(?:[ \\t\\u3000].{{0,40}})?$")
_MARKDOWN_HEADING = re.compile(r"#{1,6} ")
_SENTENCE_END = re.compile(f"[。！？；：!?;:…．.][{_CLOSERS}\"']*$")
_JOINABLE_END = re.compile(f"[{HAN}0-9A-Za-z０-９%％{_CLOSERS}]$")
_JOINABLE_START = re.compile(f"[{HAN}0-9A-Za-z０-９{_OPENERS}]")
_CJK_EDGE = re.compile(f"[{HAN}{_FULLWIDTH_PUNCT}]")
_HAS_HAN = re.compile(f"[{HAN}]")
# A Macao act's name, numbered in its year (第57/2016號行政命令, 第26/2024號法律), and a line that is one: the
# heading of its text, a line of its own.
MACAO_ACT = r"第 ?(?P<act_serial>\d{1,4}) ?/ ?(?P<act_year>\d{4}) ?[號号](?P<act_kind>[\u4e00-\u9fff]{2,12})"
ACT_LINE = re.compile(MACAO_ACT + "$")
# How an order's or announcement's name ends a line, and its number alone on the next.
_ORDER_NAME = ("令", "公告", "通告")
_ORDER_NUMBER = re.compile(r"[(（]?第 ?[0-9０-９一二三四五六七八九十百千零〇○]{1,8} ?[号號][)）]?")
# A clause closed inside a line (outside any quotation or brackets, where a headline may hold a comma).
_CLAUSE_MARK = re.compile("[，,；;]")
_BRACKETED_SPAN = re.compile("[「『“‘（(《〈【〔［][^「『“‘（(《〈【〔［」』”’）)》〉】〕］]*[」』”’）)》〉】〕］]")
_OPEN_COUNT = re.compile(f"[{_OPENERS}]")
_CLOSE_COUNT = re.compile(f"[{_CLOSERS}]")

# A red header's letterhead: among the first paragraphs, ending with 文件 or a body's name (one that no list of
# people's names ends with).
_LETTERHEAD_PARAGRAPHS = 4
_LETTERHEAD_PIECES = 3
_ALL_HAN = re.compile(f"[{HAN}]+")
_LETTERHEAD_END = re.compile(r"(?:文件|办公厅|辦公廳|办公室|辦公室|人民政府|委员会|委員會|总局|總局)$")

_FULL_RATIO = 0.7
_MARGIN_PERCENTILE = 0.75
_MIN_LINES_FOR_MARGIN = 6
# Too few lines to measure (a short notice, a name list): a line counts as full from this display width, 20 Chinese
# characters, under the 28 of a 公文's line; a shorter one is a line of its own (会议纪要 / 时间：… / 地点：…).
_SHORT_TEXT_FULL = 40
# Words no sentence or heading ends with (觀念的 / 變革): a short line ending with one goes on, however short.
_WORD_GOES_ON = frozenset("的之和与與及或在对對向从從把被将將于於以自由经經据據按依当當因为為")
# ... and words none starts with (《…暫行辦法》 / 的決議).
_WORD_GOES_ON_FROM = frozenset("的之")


def clean(text: str, *, join_lines: bool = True, alone: Iterable[str] = (), furniture: bool = True) -> str:
    """Clean extracted text into paragraphs separated by one blank line (see the module docstring).

    ``join_lines=False`` keeps every line break as a paragraph break, for sources whose line structure is
    already meaningful (the Markdown reader joins its own paragraphs). A line of ``alone`` (a headline known by the
    page's layout, ``dated_headline``) is a paragraph of its own. ``furniture=False`` keeps the lines that read as
    a page's furniture (打印, 关闭, 返回顶部), for a text that holds nothing else.
    """
    text = text.replace("\r\n", "\n")
    for newline in _OTHER_NEWLINES:
        if newline in text:
            text = text.replace(newline, "\n")
    text = _RANGE_HYPHEN.sub("-", text)  # （2014­2020年）: a soft hyphen between numbers is the range's dash
    text = _JUNK.sub("", text)
    if "(" in text:
        text = _PINYIN_NOTE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = "\n" + _strip_lines(text) + "\n"
    text = PAGE_NUMBER.sub("\n", text)
    if furniture:
        text = _BOILERPLATE.sub("\n" + _BARRIER, text)
    if "_" in text:
        text = _KEYWORD_BANNER.sub(_without_banner, text)
    if "：" in text or ":" in text:
        text = _FIELD_ROW.sub(lambda row: _ROW_BREAK.sub("\n", row.group()), text)
    text = _SPACE_AT_PUNCT.sub("", text)
    lines = text.split("\n")
    if join_lines:
        paragraphs = _join(lines, frozenset(alone))
    else:
        paragraphs = [line for line in lines if line and line != _BARRIER]
    return "\n\n".join(_letterhead_squeezed(_without_related_list(_without_license_notice(paragraphs))))


# A Hong Kong government release's headline: the line right above the rule of asterisks near its top (a page
# saved whole has the site's sections above it, 新聞發布 printed twice).
_HEADLINE = re.compile(r"^[ \t\u3000]*(?P<line>[^\n]*?\S)[ \t\u3000]*\n"
                       r"[ \t\u3000]*(?:[*＊]{4,}|[*＊](?: [*＊]){4,})[ \t\u3000]*$", re.MULTILINE)
_HEADLINE_LINES = 12
_HEADLINE_SCAN = 200
_HEADLINE_MAX = 120


def _first_lines(text: str, n: int) -> list[str]:
    """The first ``n`` lines of ``text`` that are not blank, as written."""
    # The first lines only: a text of megabytes is not split whole to look at its top.
    return list(itertools.islice((line for line in text.split("\n", _HEADLINE_SCAN) if line.strip()), n))


def release_headline(text: str) -> str | None:
    """The headline of a release ruled off under it near the top of ``text`` (as written, its characters joined
    again when they are spaced out: 回 應 鄭 家 富 議 員 的 評 論), else None."""
    match = _HEADLINE.search("\n".join(_first_lines(text, _HEADLINE_LINES + 1)))
    if match is None or len(match["line"]) > _HEADLINE_MAX:
        return None
    line = _SPACES.sub(" ", _JUNK.sub("", match["line"]))
    return spaced_out(line, _LETTERHEAD_PIECES) or line


# A news page dates its story above the headline, under the site's short section lines (跳到主要內容 / 新聞與活動 /
# 總統府新聞 / 114年01月13日 / headline): the line under the date is the title. Read before lines are joined, since
# a short text's headline, subtitle and first paragraph may be joined into one. The same site's pages of the 1990s
# date the story under its headline, the era written (新聞與活動 / headline / 中華民國83年06月29日 / first paragraph).
_NEWS_DATE = re.compile(r"(?:(?:中[華华])?民[國国] ?)?(?:\d{4}|1?\d{2}) ?年 ?\d{1,2} ?月 ?\d{1,2} ?日"
                        r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")
_NEWS_DATE_LINE = re.compile(rf"(?:{_NEWS_DATE.pattern})(?: \d{{1,2}}:\d{{2}}(?::\d{{2}})?)?"
                             r"(?: ?[（(][^）)]{1,4}[）)])?(?P<source> ?[|｜] ?[^|｜。，,；;：: ]{1,16})?")
SECTION_LINE_MAX = 12  # a site's section or link line above the date
SECTION_LINES = 6  # how many stand there at most
_NEWS_HEADLINE_MAX = 60
_NOT_A_HEADLINE = re.compile(r"[。！？!?]|[:：]$")
_SENTENCE_IN = re.compile("[。！？!?；;，,]")


def dated_headline(text: str) -> str | None:
    """The headline under a news page's date line, when only the site's short section lines stand above the date
    (``_NEWS_DATE_LINE``) or the date names its source (2025-02-03 | 中央社), else None; or the one over it, when
    the line under the date is no headline but the story's first paragraph (an older layout of such pages)."""
    top = [line.strip() for line in _first_lines(text, SECTION_LINES + 2)]
    for index, line in enumerate(top[:-1]):
        dated = _NEWS_DATE_LINE.fullmatch(line)
        if dated:
            headline = top[index + 1]
            # A date with its source (2025-02-03 | 中央社) is a byline even on the first line.
            if (index or dated["source"]) and _is_headline(headline):
                return _SPACES.sub(" ", headline)
            return None
        if len(line) > SECTION_LINE_MAX or _SENTENCE_IN.search(line):
            # Too long for a section line: the headline itself, where the date stands under it and a paragraph
            # (no headline) under the date.
            below = top[index + 1 : index + 3]
            if (len(below) == 2 and _NEWS_DATE_LINE.fullmatch(below[0]) and _is_headline(line)
                    and not _is_headline(below[1])):
                return _SPACES.sub(" ", line)
            return None
    return None


def _is_headline(line: str) -> bool:
    """Whether a line of a news page's top can be its headline: Han, short, no sentence, no date and no document's
    number (an order's, under its date)."""
    return bool(_ALL_HAN.search(line) and len(line) <= _NEWS_HEADLINE_MAX and not _NOT_A_HEADLINE.search(line)
                and not _NEWS_DATE_LINE.fullmatch(line) and not _NUMBER_LINE.match(line))


# Taiwan's government sites mark where a page's content begins with ::: (the accesskey of its content block, under
# the site's banner, menus and section name): the lines above the last such mark among the first are the site's.
_CONTENT_MARK = ":::"
_CONTENT_MARK_LINES = 12


def below_content_mark(text: str) -> str | None:
    """The first lines below a Taiwan government page's last content mark (:::) among its first lines, when a line
    of the site's stands above it (``行政院會議`` over ``行政院第3289次院會決議``), else None: where the title is.
    Only the text's top is split and returned (the title is looked for there, not in the rest of the text)."""
    lines = text.split("\n", _HEADLINE_SCAN)[:_HEADLINE_SCAN]
    shown = [k for k, line in enumerate(lines) if line.strip()][:_CONTENT_MARK_LINES]
    marks = [k for k in shown if lines[k].strip() == _CONTENT_MARK]
    if not marks or not any(lines[k].strip() != _CONTENT_MARK for k in shown if k < marks[-1]):
        return None
    return "\n".join(lines[marks[-1] + 1 :])


# A reprint site prints a document's header lines again (its title two or three times, the letterhead above and
# below the site's own line, the title after the number and then alone). In the header, above the first paragraph
# that ends a sentence or opens the body, a paragraph that repeats an earlier one, or is the end of the one just
# before it, says nothing new. Short lines repeat by nature (是, 否, a table's cells), and so do the events of a
# law's history (2019年…修正 under each of its names): those stay.
_REPEAT_PARAGRAPHS = 12
# A short note in brackets at a line's end (…的通知(2019修订)), which a site's title may carry and the copy not.
_LAST_ASIDE = re.compile(r"[(（][^()（）]{1,20}[)）]$")
_REPEAT_MIN_HAN = 4
_ENDS_SENTENCE = re.compile("[。！？!?；;：:]$")
_CELLS = " | "  # how the readers write a table's row: its cells repeat as data


def without_header_repeats(text: str) -> str:
    """Cleaned ``text`` without a repeat of one of its header's paragraphs (see above): the first stays."""
    paragraphs = text.split("\n\n")
    kept: list[str] = []
    previous = ""
    for k, paragraph in enumerate(paragraphs):
        if (k >= _REPEAT_PARAGRAPHS or _ENDS_SENTENCE.search(paragraph) or SALUTATION.match(paragraph)
                or LAW_LINE.match(paragraph) or _HEADING_START.match(paragraph)):
            return "\n\n".join(kept + paragraphs[k:])  # the body has begun
        repeated = paragraph in kept or previous.endswith(paragraph) or _LAST_ASIDE.sub("", previous) == paragraph
        if not (repeated and len(_HAS_HAN.findall(paragraph)) >= _REPEAT_MIN_HAN
                and not _HISTORY_EVENT.fullmatch(paragraph) and _CELLS not in paragraph):
            kept.append(paragraph)
        previous = paragraph
    return "\n\n".join(kept)


# A text saved from Wikisource (维基文库) ends with the wiki's licence template: 本作品是中华人民共和国的法律、法规…
# 属于公有领域 (or 这部作品在1931年1月1日以前…), its footnotes, and the template's own words (Public domain,
# false). It says nothing of the document, and every text that carries it would match 著作权法 or 公有领域.
_NOTICE_START = re.compile("(?:本|这部|這部|此)作品")
_NOTICE_SAYS = re.compile("公有[领領]域|知[识識]共享|版[权權]|授[权權]|Creative Commons|GFDL", re.IGNORECASE)
_WIKI_MARK = re.compile("^(?:Public domain|false|true|↑)$|[维維]基文[库庫]")
_NOTICE_PARAGRAPHS = 40


# A page's title stuffed with search keywords, a line of pieces joined by underscores (日韩高清…一区二区_亚洲…_…):
# spam a site injected, when no piece reads as a document's title (a page's own title, 关于…的通知_国务院文件_中国
# 政府网, is kept) and every piece is a phrase of several Han characters with nothing between them: a line of text
# that names identifiers (gtk_radio_action_get_current_value() 返回的值, bash_execute_unix_command: 无法…) or files
# (附件1_申报表_填报说明) is text.
_KEYWORD_BANNER = re.compile(f"\n[{HAN}0-9A-Za-z]{{2,40}}(?:_[{HAN}0-9A-Za-z]{{2,40}}){{2,9}}(?=\n)")
_KEYWORD_MIN_HAN = 4
_TITLE_PIECE = re.compile(r"关于|關於|关於|關于|(?:通知|意见|意見|办法|辦法|规定|規定|条例|條例|决定|決定|方案"
                          r"|规划|規劃|公告|通告|批复|批復|细则|細則|报告|報告|法)$")


def _without_banner(banner: re.Match) -> str:
    """A keyword banner's line taken out (a barrier left, as for boilerplate), a page title kept."""
    pieces = banner.group()[1:].split("_")
    if any(_TITLE_PIECE.search(piece) or len(_HAS_HAN.findall(piece)) < _KEYWORD_MIN_HAN for piece in pieces):
        return banner.group()
    return "\n" + _BARRIER


def _without_license_notice(paragraphs: list[str]) -> list[str]:
    """``paragraphs`` without a wiki's licence template at their end (all of them when it is not one)."""
    tail = range(max(0, len(paragraphs) - _NOTICE_PARAGRAPHS), len(paragraphs))
    starts = [k for k in tail if _NOTICE_START.match(paragraphs[k])]
    if not starts or starts[0] == 0:
        return paragraphs
    notice = paragraphs[starts[0]:]
    if _NOTICE_SAYS.search(" ".join(notice)) and any(_WIKI_MARK.search(line) for line in notice):
        return paragraphs[: starts[0]]
    return paragraphs


# A page's list of other pages, under a heading of its own (相关推荐, 推荐阅读, 延伸閱讀…): their headlines, teasers
# cut off with an ellipsis, dates and counters. It says nothing of the document, and its headlines would match
# queries the document has nothing to do with. The HTML reader drops it by its links; a page saved as text has none.
RELATED_HEADING = (r"推荐阅读|推薦閱讀|相关阅读|相關閱讀|延伸阅读|延伸閱讀|相关文章|相關文章|相关链接|相關鏈接|相關連結"
                   r"|相关新闻|相關新聞|热点推荐|熱點推薦|猜你喜欢|猜你喜歡|相关推荐|相關推薦|精彩推荐|精彩推薦"
                   r"|为你推荐|為你推薦")
_RELATED_ALONE = re.compile(rf"(?:#{{1,6}} )?[【\[]?(?:{RELATED_HEADING})[】\]]?[ \t]*[:：]?")
# What such a list holds, a paragraph each: a headline (short, no sentence in it), a teaser cut off (…, 【详细】),
# a date with counters (2022-01-13 0 116 0), a bullet.
_RELATED_HEADLINE_MAX = 60
_RELATED_TEASER = re.compile(r"(?:…|\.{3}|[【\[](?:详细|詳細|更多)[】\]]|更多 ?>+)$")
_RELATED_FIGURES = re.compile(r"[-–—•·*0-9０-９ \t/:.]+")
_RELATED_LIST_MAX = 80
_RELATED_SENTENCE = re.compile("[。！？!?；;]")


def _without_related_list(paragraphs: list[str]) -> list[str]:
    """``paragraphs`` without a list of other pages that ends them (all of them when what follows the heading is
    not such a list: a heading followed by a paragraph of text heads a section of the document)."""
    tail = range(max(1, len(paragraphs) - _RELATED_LIST_MAX), len(paragraphs) - 1)
    for k in tail:
        if _RELATED_ALONE.fullmatch(paragraphs[k]):
            if all(_related_item(p) for p in paragraphs[k + 1 :]):
                return paragraphs[:k]
    return paragraphs


def _related_item(paragraph: str) -> bool:
    """Whether a paragraph reads as an entry of a list of other pages (a date written out alone is a signature's)."""
    if _DATE_ALONE.fullmatch(paragraph):
        return False
    if _RELATED_FIGURES.fullmatch(paragraph) or _RELATED_TEASER.search(paragraph):
        return True
    return len(paragraph) <= _RELATED_HEADLINE_MAX and not _RELATED_SENTENCE.search(paragraph)


def _letterhead_squeezed(paragraphs: list[str]) -> list[str]:
    """The first paragraphs with a red header's letterhead, set or extracted with its characters spaced out
    (国 家 税 务 总 局 文件, 税务 总局 办 公厅 文件), written as the name it reads: 国家税务总局文件."""
    for k, paragraph in enumerate(paragraphs[:_LETTERHEAD_PARAGRAPHS]):
        name = spaced_out(paragraph, _LETTERHEAD_PIECES)
        if name is not None and _LETTERHEAD_END.search(name):
            paragraphs[k] = name
    return paragraphs


# A press release's head: the issuing body (its name often spaced out, its English name under it), then the kind of
# paper on a line of its own; the headline under them is the title (立 法 會 秘 書 處 / Legislative Council
# Secretariat / 新聞稿 / 立法會將恢復二讀辯論《2024年撥款條例草案》).
_RELEASE_KIND = re.compile(r"新闻稿|新闻公报|新闻发布稿|(?i:press release)")
RELEASE_HEAD_LINES = 4
_RELEASE_ISSUER = re.compile(f"[{HAN}]{{2,20}}|[A-Za-z][A-Za-z .,&'()-]{{2,80}}")


def release_head(lines: list[str]) -> tuple[str, int] | None:
    """(the issuer's name in Han, where the headline is) of the first ``lines`` of a text when they are a press
    release's head (the issuer's names, then 新闻稿 or Press Release alone on a line, then the headline), else None."""
    for index, line in enumerate(lines[: RELEASE_HEAD_LINES + 1]):
        if _RELEASE_KIND.fullmatch("".join(to_simplified(line).split())):
            above = [spaced_out(a) or a for a in lines[:index]]
            han = [a for a in above if _ALL_HAN.fullmatch(a)]
            if (han and index + 1 < len(lines) and all(_RELEASE_ISSUER.fullmatch(a) for a in above)
                    and _ALL_HAN.search(lines[index + 1])):
                return han[0], index + 1
            return None
    return None


def spaced_out(line: str, pieces: int = 2) -> str | None:
    """The name a line set with its characters spaced out reads as (国 家 税 务 总 局 → 国家税务总局; pieces of one or
    two Han characters, at least ``pieces`` of them), or None for any other line."""
    parts = line.split()
    if len(parts) < pieces or any(len(part) > 2 or not _ALL_HAN.fullmatch(part) for part in parts):
        return None
    return "".join(parts)


# The information table of a government 信息公开 page: labelled cells above the document (索引号 … 有效性). Each
# label's field as a legal-database header names it (``metadata`` reads both alike); None: furniture only.
INFO_LABELS: dict[str, str | None] = {
    "索引号": None, "主题分类": None, "信息分类": None, "体裁分类": None, "组配分类": None, "服务对象": None,
    "主题词": None, "关键词": None, "公开方式": None, "公开范围": None, "公开时限": None, "信息来源": None,
    "内容概述": None, "所属主题": None, "主题": None, "分类": None, "发布时间": None, "来源": None,
    "公开属性": None, "公开类别": None, "公开形式": None, "有效期": None,
    "公开主体": "发布部门", "信息名称": "标题", "文件编号": "发文字号", "生效日期": "实施日期",
    "发文机关": "发布部门", "发布机构": "发布部门", "发布机关": "发布部门", "发文单位": "发布部门",
    "发文机构": "发布部门", "制定机关": "发布部门", "公布日期": "发布日期", "效力位阶": "效力级别",
    "效力级别": "效力级别",
    # A Taiwan law page's header (全國法規資料庫): its category names the organ in charge (法規類別：行政＞法務部＞…).
    "法规名称": "标题", "修正日期": "发布日期", "最新异动日期": "发布日期", "法规类别": "法规类别",
    "生效状态": "生效状态",
    "成文日期": "成文日期", "印发日期": "成文日期", "生成日期": "成文日期", "发文日期": "成文日期",
    "发布日期": "发布日期",
    "发文字号": "发文字号", "文号": "发文字号", "实施日期": "实施日期", "施行日期": "实施日期",
    "有效性": "时效性", "时效性": "时效性", "是否有效": "时效性", "效力状态": "时效性", "有效状态": "时效性",
    "标题": "标题", "名称": "标题", "文件名称": "标题",
    # A Taiwan official document's filing fields (檔號, 保存年限, 受文者, 速別…): each a line of its own.
    "档号": None, "保存年限": None, "受文者": None, "速别": None, "承办人": None, "密等及解密条件或保密期限": None,
}
# The order a field is taken in when a table states it twice (成文日期 is the document's date, 发布日期 the portal's).
INFO_ORDER = ("标题", "发布部门", "发文字号", "成文日期", "发布日期", "实施日期", "时效性", "效力级别", "法规类别",
               "生效状态")
# What tells an information list copied as text from labelled lines of a document: how many labels, one of them a
# portal's own; how long a label is, its spaces included (标　　题).
INFO_MIN_LABELS = 3
_PORTAL_LABELS = frozenset(("索引号", "主题分类", "信息分类", "体裁分类", "组配分类", "公开方式", "公开范围",
                            "公开时限", "所属主题", "服务对象", "内容概述", "公开属性", "公开类别", "公开形式",
                            "公开主体"))
_INFO_LABEL_CHARS = 12
# A list item's mark before a label; the labels whose value is the document itself, never the line under them; how
# long a value set on a line of its own may be.
_ITEM_BULLETS = "•·●▪◆■◇"
_OPEN_LABELS = frozenset(("内容概述",))
_VALUE_MAX = 40
_SENTENCE_MARK = re.compile("[。；！？;!?]")
LABEL_GAPS = re.compile(r"[\s\u3000\xa0]+")
_LABEL_END = re.compile("[:：]")
_SPECKS = ":：.．‧·-"
# A legal-database export's header: the fields it states in 【】 (or plainly, as its web page does) and its source
# link, read as metadata and kept out of the text. Looked for in its first and last paragraphs only.
_DATABASE_LABELS = frozenset(("法宝引证码", "发布部门", "制定机关", "发文机关", "发文字号", "发布日期", "公布日期",
                              "成文日期", "实施日期", "施行日期", "时效性", "效力级别", "效力位阶", "法规类别",
                              "批准日期", "失效日期", "颁布日期", "颁布单位", "颁布机关"))
_EXPORT_MARK = "法宝引证码"
_EXPORT_CONTROLS = frozenset(("全部",))
# A journal article's export marks where its text begins with its citation code, unbracketed.
_FULL_TEXT_CITED = re.compile(r"【全文】\s*法宝引证码\s*[:：]?\s*(?P<code>CLI\.[0-9A-Z.]+)")
_TEXT_FIELDS = frozenset(("法规类别", "批准日期", "失效日期"))
_BRACKET_FIELD = re.compile(rf"{FIELD_LABEL}\s*(?P<value>.*)")
_PLAIN_FIELD = re.compile(rf"(?:{DATABASE_FIELD}|(?P<dated>公布日期|施行日期|法规类别)\s*[:：])\s*(?P<value>\S.*)?")
# A page's table sets a label in its cell and the value in the next (解釋字號： / 釋字第 150 號): a short line, no
# sentence (``_SENTENCE_MARK``), no field of its own.
_VALUE_BELOW_MAX = 60
_SOURCE_FIELD = re.compile(rf"(?P<label>{SOURCE_LINK})\s*(?P<value>https?://\S+)")
_HEADER_PARAGRAPHS = 20
_FOOTER_PARAGRAPHS = 5


def header_fields(paragraphs: list[str]) -> dict[int, tuple[str, str]]:
    """The paragraphs that are a database's header fields, by index: (label in Simplified, value as written).

    Fields written plainly (制定机关：…) count when two or more stand together, one of them a label Taiwan's law
    pages do not have (公布日期, 施行日期 and 法规类别 alone are theirs)."""
    bracketed: dict[int, tuple[str, str]] = {}
    plain: dict[int, tuple[str, str]] = {}
    for k, paragraph in enumerate(paragraphs):
        simple = to_simplified(paragraph)  # keeps the length: a match's offsets hold in what is written
        match = _BRACKET_FIELD.fullmatch(simple)
        cited = _FULL_TEXT_CITED.fullmatch(simple.strip())
        if cited:  # 【全文】法宝引证码CLI.A.1242258: where a journal article's text begins, and its code
            bracketed[k] = (_EXPORT_MARK, cited["code"])
            continue
        if match and match["label"].strip() in _DATABASE_LABELS:
            bracketed[k] = (match["label"].strip(), paragraph[match.start("value"):].strip())
            continue
        match = _SOURCE_FIELD.fullmatch(simple.strip())
        if match:
            bracketed[k] = ("原文链接", match["value"])
            continue
        match = _PLAIN_FIELD.fullmatch(simple)
        if match and match["value"]:
            plain[k] = (match["plain"] or match["dated"], paragraph[match.start("value"):].strip())
        elif match and k + 1 < len(paragraphs):
            below = paragraphs[k + 1].strip()
            if (below and len(below) <= _VALUE_BELOW_MAX and not _SENTENCE_MARK.search(below)
                    and not _PLAIN_FIELD.fullmatch(to_simplified(below)) and not _BRACKET_FIELD.match(below)):
                plain[k] = (match["plain"] or match["dated"], below)
    labels = {label for label, _ in plain.values()}
    if len(labels) < 2 or not labels - {"公布日期", "施行日期", "法规类别"}:
        plain = {}
    return {**bracketed, **plain}


def split_header(text: str) -> tuple[str, list[tuple[str, str]]]:
    """A document's text without the header a database or portal set above it, and that header's fields (label,
    value): a legal-database export's (it carries 【法宝引证码】 or two fields in 【】) and its source link, or a
    信息公开 page's information list copied with it (索引号, 主题分类 …). Any other text is returned whole."""
    paragraphs = text.split("\n\n")
    kept, fields = _split_export(paragraphs)
    kept, listed = _split_information_list(kept)
    return (text, []) if kept is paragraphs else ("\n\n".join(kept), fields + listed)


def _split_information_list(paragraphs: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The paragraphs without the information list of the 信息公开 page they were copied from (``paragraphs`` itself
    when there is none), and the fields the list states.

    A list is three or more of the table's labels under the title, one of them a portal's own (索引号, 主题分类 …):
    labelled lines inside a document's text (发文字号：… under its title) are its text."""
    found: dict[int, tuple[str, str]] = {}
    values: set[int] = set()  # paragraphs that are the value of the label above them
    for k in range(min(len(paragraphs), _HEADER_PARAGRAPHS)):
        labelled = information_field(paragraphs[k]) if k not in values else None
        if labelled is None:
            continue
        label, value = labelled
        below = paragraphs[k + 1] if k + 1 < len(paragraphs) else ""
        if not value and label not in _OPEN_LABELS and _value_alone(below):
            # A list copied from a page's items sets each value on the line under its label (• 发文字号： / 7号).
            labelled = (label, below.strip())
            values.add(k + 1)
        found[k] = labelled
    labels = {label for label, _ in found.values()}
    if (len(labels) < INFO_MIN_LABELS or not labels & _PORTAL_LABELS
            or len(found) + len(values) == len(paragraphs)):
        return paragraphs, []
    stated = stated_fields(found.values())
    kept = [paragraph for k, paragraph in enumerate(paragraphs) if k not in found and k not in values]
    if len(kept) > 1 and kept[0] == kept[1] and min(found) == 1:
        kept = kept[1:]  # the page's title above the list and the document's own below it: one title
    title = stated.get("标题")
    if title and title not in kept[:3]:
        kept.insert(0, title)  # the list alone said what the document is called
    return kept, declared_fields(stated)


def _value_alone(paragraph: str) -> bool:
    """Whether ``paragraph`` can be a field's value set on the line under its label: short, no sentence, no label."""
    return (0 < len(paragraph) <= _VALUE_MAX and information_field(paragraph) is None
            and _SENTENCE_MARK.search(paragraph) is None and not paragraph.rstrip().endswith((":", "："))
            and information_label(paragraph) is None)


def information_label(text: str) -> str | None:
    """The information-table label ``text`` is, in Simplified (``索  引  号：`` → 索引号, ``發文機關`` → 发文机关, a
    list item's ``• 发文字号：`` → 发文字号), or None."""
    label = to_simplified(LABEL_GAPS.sub("", text).lstrip(_ITEM_BULLETS).rstrip(":："))
    return label if label in INFO_LABELS else None


def stated_fields(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """What an information table's (label, value) pairs state, by the field each label names (the first of each)."""
    stated: dict[str, str] = {}
    for label, value in pairs:
        name = INFO_LABELS[to_simplified(label)]
        if name and value:
            stated.setdefault(name, value)
    return stated


def declared_fields(stated: dict[str, str]) -> list[tuple[str, str]]:
    """The fields a table states, as its document declares them to the metadata rules: in the order they are taken
    (成文日期 before 发布日期), its 标题 left to the title."""
    return [(field, stated[field]) for field in INFO_ORDER if field in stated and field != "标题"]


def information_field(paragraph: str) -> tuple[str, str] | None:
    """(label in Simplified, value) of a paragraph that is one labelled field of an information table (``索 引 号：…``,
    ``發文機關：…``), or None."""
    # (A scan's text may set a speck before the label: :受文者:…, .速別:….)
    start = 0
    while start < 2 and start < len(paragraph) and paragraph[start] in _SPECKS:
        start += 1
    colon = _LABEL_END.search(paragraph, start, start + _INFO_LABEL_CHARS + 1)  # asked of every line: its start only
    if colon is None:
        return None
    label = information_label(paragraph[start: colon.start()])
    return None if label is None else (label, paragraph[colon.end():].strip())


def _split_export(paragraphs: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The paragraphs of a legal-database export without its header fields and source link (``paragraphs`` itself
    when they are no export's), and those fields (label, value)."""
    head = len(paragraphs) if len(paragraphs) <= _HEADER_PARAGRAPHS + _FOOTER_PARAGRAPHS else _HEADER_PARAGRAPHS
    tail = max(head, len(paragraphs) - _FOOTER_PARAGRAPHS)
    # The head and the foot apart (an empty paragraph between), so no label at the head's end takes its value from
    # the foot.
    places: list[int | None] = [*range(head), None, *range(tail, len(paragraphs))]
    found = header_fields(["" if k is None else paragraphs[k] for k in places])
    fields = {at: field for k, field in found.items() if (at := places[k]) is not None}
    bracketed = [label for k, (label, _) in fields.items() if paragraphs[k].lstrip().startswith("【")]
    if _EXPORT_MARK not in bracketed and len(bracketed) < 2:
        return paragraphs, []
    if len(fields) == len(paragraphs):
        return paragraphs, []  # nothing but fields: they are the text
    # A field the metadata has no place for (the database's subject category, 批准日期, 失效日期) stays text: nothing
    # the header says is lost.
    fields = {k: field for k, field in fields.items() if field[0] not in _TEXT_FIELDS}
    # The page's version switch (全部 / 未修改 …; the rest are removed as furniture anywhere) is no text either.
    controls = {k for k in range(head) if paragraphs[k] in _EXPORT_CONTROLS}
    # A label alone has its value in the paragraph under it (a table's next cell): that goes with it.
    controls |= {k + 1 for k, (_, value) in fields.items()
                 if value not in paragraphs[k] and k + 1 < len(paragraphs) and paragraphs[k + 1].strip() == value}
    kept = [paragraph for k, paragraph in enumerate(paragraphs) if k not in fields and k not in controls]
    if len(kept) > 2 and kept[0] == kept[1]:
        del kept[0]  # the page's title above its header, then the document's own below it: one title
    return kept, [fields[k] for k in sorted(fields)]


def _strip_lines(text: str) -> str:
    """Strip spaces at both ends of every line."""
    return "\n".join(line.strip(" ") for line in text.split("\n"))


def _width(line: str) -> int:
    """Approximate display width: 1 per ASCII character, 2 per CJK character."""
    # UTF-8 spends 1 byte on ASCII and 3 on CJK, so the mean of bytes and code points is the column count;
    # computed in C, which matters for megabytes of text.
    return (len(line) + len(line.encode("utf-8", "surrogatepass"))) // 2


def _margin(lines: list[str]) -> float | None:
    """The typical display width of lines followed by another line, or None when there are too few to tell."""
    widths = []
    previous = None
    for line in lines:
        if not line or line == _BARRIER:
            continue
        if previous is not None:
            widths.append(_width(previous))
        previous = line
    if len(widths) < _MIN_LINES_FOR_MARGIN:
        return None
    widths.sort()
    margin = widths[int(_MARGIN_PERCENTILE * (len(widths) - 1))]
    # Narrower than any body text is set, with lines running past twice that width: no wrap's width, only a page's
    # short lines (its sections, a date, a headline) above paragraphs written a line each. Too scattered to tell, as
    # too few lines are. (A newspaper's narrow columns have no line past their width.)
    return None if margin < _SHORT_TEXT_FULL and widths[-1] > 2 * margin else margin


def _join(lines: list[str], alone: frozenset[str] = frozenset()) -> list[str]:
    """Group lines into paragraphs, undoing hard wraps; a line of ``alone`` is a paragraph of its own."""
    margin = _margin(lines)
    full_width = None if margin is None else _FULL_RATIO * margin
    paragraphs: list[str] = []
    parts: list[str] = []  # pieces of the paragraph being built
    last = ""  # the last line added to it
    barrier = False
    # The first lines, to know a header line printed again (a reprint's title under its byline and issuer): it is
    # a paragraph of its own, neither the end of the line before nor the start of the next.
    header: set[str] = set()
    header_lines = 0
    for line in lines:
        if not line:
            continue
        if line == _BARRIER:
            barrier = True
            continue
        if header_lines < _REPEAT_PARAGRAPHS:
            if line in alone or line in header and len(_HAS_HAN.findall(line)) >= _REPEAT_MIN_HAN:
                if parts:
                    paragraphs.append("".join(parts))
                paragraphs.append(line)
                parts, last, barrier = [], "", False
                continue
            # A site's title may carry a note its copy below does not (…的通知(2019修订) / …的通知).
            header.update((line, _LAST_ASIDE.sub("", line)))
            header_lines += 1
        if parts and not barrier:
            glue = _glue(parts, last, line, full_width)
            if glue is not None:
                parts.append(glue)
                parts.append(line)
                last = line
                continue
        if parts:
            paragraphs.append("".join(parts))
        parts = [line]
        last = line
        barrier = False
    if parts:
        paragraphs.append("".join(parts))
    return paragraphs


def _glue(parts: list[str], last: str, line: str, full_width: float | None) -> str | None:
    """What joins ``line`` to the paragraph ending with ``last`` ("" or " "), or None for a paragraph break."""
    if _MARKDOWN_HEADING.match(last) or _MARKDOWN_HEADING.match(line) or _SENTENCE_END.search(last):
        return None
    if last.endswith(_ORDER_NAME) and _ORDER_NUMBER.fullmatch(line):
        return ""  # an order's or announcement's name over its number (中华人民共和国国务院令 / 第227号): one line
    if ((line == last or len(line) >= _REPEAT_MIN_HAN and last.endswith(line)
         or len(last) >= _REPEAT_MIN_HAN and line.startswith(last)) and _HAS_HAN.search(line)):
        # A Chinese line printed twice (a title on the cover, then on the first page), the end of the line before
        # printed again (a number and the title, then the title alone), or the line before printed again with more
        # after it (a page's title, then its summary: the title and the text's first words), is no wrap.
        return None
    # A line wrapped at a width is as wide as any after it in its paragraph: one followed by a line twice as wide
    # was not cut there (a page's headline or subtitle over its first paragraph, each written on one line), unless
    # it is a sentence under way, a clause already closed in it (第一千一百二十五条 违反本法规定，…数据的装 / 置或者…,
    # the rest of the article on one line): a headline's clauses are set apart by spaces, not commas.
    cut = 2 * _width(last) > _width(line) or _CLAUSE_MARK.search(_BRACKETED_SPAN.sub("", last)) is not None
    if full_width is None:
        # One character alone (海 / 淀區), a word that goes on (觀念的 / 變革, 《…》 / 的決議), an open quote: a wrap,
        # however short.
        full = (cut and _width(last) >= _SHORT_TEXT_FULL or last[-1] in _WORD_GOES_ON
                or line[0] in _WORD_GOES_ON_FROM or _BROKEN_OFF.fullmatch(last) is not None or _inside_brackets(parts))
    else:
        full = cut and _width(last) >= full_width
    if _NUMBER_LINE.match(line) or _NUMBER_LINE.match(last) or ACT_LINE.match(line) or ACT_LINE.match(last):
        return None  # a document number (发文字号) stands on its own line: 劳社部发〔2008〕3号
    if SALUTATION.match(line):
        return None  # the bodies a document is addressed to (各省、自治区…：) open its text under the title
    # (于 or 於 first: converting the script of every paragraph's first line would cost a text's length again)
    if len(parts) == 1 and ("于" in last or "於" in last) and DOCUMENT_TITLE.search(to_simplified(last)):
        return None  # a whole title (…关于…的公告) on its line: what follows is the text, addressed to no one
    if _BRACKETED.fullmatch(line) or _BRACKETED.fullmatch(last):
        return None  # a note in brackets under a title is a line of its own, and so is what follows it
    if FIELD_LINE.match(line) or FIELD_LINE.match(last):
        return None  # a database's field (【发布部门】…, 制定机关：…, 法規名稱：…) or source link is a line of its own
    if information_field(line) or information_field(last):
        return None  # and so is a field of a 信息公开 page's information list (索引号：…, 主题分类：…)
    if _PRINTED_ON.fullmatch(line):
        return None  # the day a document was printed, under its head (中華民國113年5月15日印發)
    if (_DATE_ALONE.fullmatch(line) or _DATE_ALONE.fullmatch(last) or _BODY_DATE.fullmatch(last)
            or _NEWS_DATE_LINE.fullmatch(line) or _NEWS_DATE_LINE.fullmatch(last)):
        # the date under a signature (国家医疗保障局办公室 / 2025年3月12日), a body's dated line, a news page's date
        # (84年12月16日, as the Republic of China wrote its years before its hundredth)
        return None
    if _DATELINE.match(line):
        return None  # a news release's dateline under its headline
    if _BYLINE.fullmatch(line) or _BYLINE.fullmatch(last):
        return None  # a story's byline under its headline
    if _PAGE_LABEL.match(line):
        return None  # a page's dated or sourced line under the title (時間:2019年06月17日 點擊次數:28596)
    if _RECORD_LABEL.match(line):
        return None  # a meeting record's labelled line (時  間 中華民國109年5月14日…, 地  點 …)
    if last[0] == "《" and "》" not in last and _TITLE_OPENING.match(line):
        return None  # a page's headline cut short (《…实行), then the document's title (…办公厅关于印发…)
    if _HISTORY_EVENT.fullmatch(line) and last[-1] not in _EVENT_GOES_ON and not _inside_brackets(parts):
        return None  # an event of a law's history is a line of its own: 条例 / 1996年…通过 / 2021年…修订
    if LAW_ONLY.match(last) or (len(parts) == 1 and _DIVISION_LINE.match(last)):
        return None  # 第 1 條 alone on its line (Taiwan's layout), a chapter's line: what follows starts anew
    if LAW_LINE.match(line):
        if LAW_ONLY.match(line) or _DIVISION_LINE.match(line):
            return None  # a marker alone, or a chapter's line: a line of its own by its shape
        # Never after an event of the text's history (…会议通过 / 第一条 …): the articles start there.
        return "" if (full_width is not None and full and not LAW_LINE.match(last)
                      and not _HISTORY_EVENT.fullmatch(last)) else None
    if _HEADING_START.match(line):
        return "" if full and _inside_brackets(parts) else None
    if _ROMAN_MARKER.match(line):
        return None  # an item numbered in Roman numerals, as a Legislative Council agenda numbers them (III.)
    if len(parts) == 1 and _HEADING_START.match(last) and (full_width is None or not full):
        return None
    if line[0] in _CONTINUES_AT_LINE_START or last[-1] in _CONTINUES_AT_LINE_END:
        # An English line ending with a comma goes on after a space; Chinese punctuation takes none.
        return " " if last[-1] in ",;" and line[0].isascii() and line[0].isalnum() else ""
    if _BROKEN_OFF.fullmatch(line) and _HAS_HAN.match(last[-1]):
        return ""  # one character alone on its line ends a word broken off the line before: 政府工作报 / 告, 登 / 记。
    if full and _JOINABLE_END.search(last) and _JOINABLE_START.match(line):
        if _CJK_EDGE.match(last[-1]) or _CJK_EDGE.match(line[0]):
            return ""
        return " "
    return None


def _inside_brackets(parts: list[str]) -> bool:
    """Whether the paragraph so far has an opening quote or bracket that is not closed yet."""
    paragraph = "".join(parts)
    return len(_OPEN_COUNT.findall(paragraph)) > len(_CLOSE_COUNT.findall(paragraph))
