"""HTML reader: the article of a web page, without the portal around it.

Government portals wrap each document in navigation, breadcrumbs, share and QR-code widgets, view counters
and footers. Those are pruned by tag, by class or id, by their words and by link density — but never a
block that holds most of a page's text (more than a widget's worth), so a badly named container cannot
take the article with it.
Block elements become paragraphs, <h1>-<h6> headings, data tables rows of cells.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path

from tongwen.index.cleaning import (INFO_MIN_LABELS, LABEL_GAPS, RELATED_HEADING, declared_fields, information_label,
                                    stated_fields)
from tongwen.index.document import Document
from tongwen.index.encoding import detect, repaired
from tongwen.index.errors import UnreadableFile
from tongwen.index.readers import MAX_BYTES_PER_CHAR, check_text_size, recognize, register
from tongwen.index.readers.assemble import StructuralHeading, assemble

CELL_SEPARATOR = " | "

# GB2312 and GBK pages routinely use characters only their superset has; Big5 pages use HKSCS/CP950 ones.
_CHARSET_ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030", "ms936": "gb18030",
    "euc-cn": "gb18030", "gb_2312-80": "gb18030", "csgb2312": "gb18030", "x-euc-cn": "gb18030",
    "big5": "big5hkscs", "x-x-big5": "big5hkscs", "cp950": "big5hkscs", "big5-hkscs": "big5hkscs",
    "csbig5": "big5hkscs",
}
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# What a page's markup holds besides its text: tags, comments, scripts, styles, entities and runs of white space.
_NOT_TEXT = r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<[^>]*>|&#?\w{1,8};|\s+"
_NOT_TEXT_BYTES = re.compile(_NOT_TEXT.encode(), re.DOTALL | re.IGNORECASE)
_NOT_TEXT_STR = re.compile(_NOT_TEXT, re.DOTALL | re.IGNORECASE)

_DROP_TAGS = {
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed", "svg",
    "canvas", "button", "select", "option", "textarea", "input", "label", "nav", "header", "footer", "aside",
    "head", "map", "audio", "video", "link", "meta", "title", "base", "dialog", "menu",
}
_BLOCK_TAGS = {
    "address", "article", "blockquote", "body", "center", "dd", "details", "dialog", "dir", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "form", "hr", "html", "li", "main", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "thead", "tfoot", "caption", "tr", "td", "th", "ul",
    "h1", "h2", "h3", "h4", "h5", "h6",
}
_TEXT_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "blockquote", "pre"}
_SENTENCE_ENDS = ("。", "！", "？", "；", "：", ".", "!", "?")
_HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}

# Class and id words of page furniture (English and the pinyin abbreviations Chinese portals use).
_FURNITURE_WORDS = {
    "nav", "navbar", "navigation", "menu", "submenu", "breadcrumb", "breadcrumbs", "crumb", "crumbs",
    "position", "location", "dqwz", "header", "head", "top", "topbar", "masthead", "logo", "banner",
    "footer", "foot", "bottom", "copyright", "dibu", "share", "sharebox", "bdshare", "jiathis", "social",
    "qrcode", "qr", "erweima", "ewm", "sidebar", "aside", "toolbar", "tools", "print", "close",
    "hits", "views", "viewcount", "counter", "pv", "login", "search", "ad", "ads", "advert", "related",
    "relate", "xgxx", "xgwz", "pagination", "pager", "prevnext", "comment", "comments", "skip",
    "wza", "weixin", "wechat", "weibo", "fontsize", "links", "friendlink", "yqlj", "daohang", "sitemap",
}
_FURNITURE_PARTS = (
    "breadcrumb", "crumb", "navbar", "footer", "header", "copyright", "share", "qrcode", "erweima",
    "sidebar", "toolbar", "banner", "daohang", "dibu", "friendlink", "pagination",
)
# Words that make a short block furniture whatever its markup says.
_FURNITURE_TEXT = re.compile(
    r"(?:浏览|瀏覽|阅读|閱讀|点击|點擊|访问|訪問)(?:次数|次數|数|數|量|率)|"
    r"扫一扫|掃一掃|扫描二维码|掃描二維碼|二维码|二維碼|手机版|手機版|分享到|分享至|"
    r"当前位置|當前位置|您的位置|你的位置|您現在的位置|"
    r"打印本页|打印本頁|打印此页|列印本頁|关闭窗口|關閉窗口|關閉視窗|返回顶部|返回頂部|收藏本页|加入收藏|"
    r"字[号体號體]\s*[:：]?\s*[【\[]?\s*[大中小]|上一篇|下一篇|上一条|下一条|上一則|下一則|"
    r"主办单位|主辦單位|承办单位|承辦單位|版权所有|版權所有|网站标识码|網站標識碼|ICP备|公网安备|"
    r"网站地图|網站地圖|联系我们|聯繫我們|聯絡我們"
)
_SHORT_BLOCK = 120
# A block that opens so lists other pages (推荐阅读 县政府召开常务会议【详细】…), not the article.
_RELATED = re.compile(rf"\s*(?:{RELATED_HEADING})")
_LABELLED_FIELDS = (
    ("number", re.compile(r"(?:发文字号|發文字號|文号|文號)\s*[:：]\s*([^\s:：]{2,30}?[号號])")),
    ("agency", re.compile(r"(?:发文机关|發文機關|发布机构|發布機構|发布机关|發布機關)\s*[:：]\s*([^\s:：]{2,40})")),
    ("date", re.compile(r"(?:成文日期|成文時間|成文时间)\s*[:：]\s*([0-9０-９]{4}[^\s]{0,12})")),
)
# What tells an information table from a table of the document that happens to hold a label or two (beside
# ``cleaning.INFO_MIN_LABELS`` of its labels): little text, nearly all of it the labels and their values.
_INFO_MAX_TEXT = 800
_INFO_SHARE = 0.8
_LABEL_MARKS = re.compile(r"[\s\u3000\xa0:：]+")
_LINE_BREAK = "\x00"
_DOCUMENT_END = re.compile(r"</\s*(?:html|body)\s*>", re.IGNORECASE)
# Nesting kept below libxml2's own limit (256), which drops deeper content instead of keeping its text.
MAX_DEPTH = 200
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^>]*?(/?)>")
_VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                        "source", "track", "wbr", "!doctype"})
_MOSTLY = 0.5
_TEXT_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_WRAP_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]*[\r\n][ \t\r\n]*(?=[{_CJK}])")
_CONTENT_WORDS = {"article", "content", "zoom", "trs_editor", "trs_ueditor", "articlebody", "zhengwen", "zw",
                  "detail", "main-content", "article-content", "pages_content", "mainbody", "bt_content"}
# How much of the start of a file tells a web page from other text, and where a page declares its charset.
SNIFF_BYTES = 1024
CHARSET_BYTES = 4096
# A cell of a data table is short: a longer one, or one with paragraphs, is a table laying out a page.
MAX_DATA_CELL = 200
MAX_DATA_CELL_PARAGRAPHS = 2
# A heading longer than this is a paragraph set in a heading tag, not a title.
MAX_TITLE = 200
# The heading is taken to open the text when it is among its first few blocks.
_TITLE_NEAR_BLOCKS = 3
# How many lines a title set over several may take.
_TITLE_MAX_LINES = 4
# A block of at least this many links, mostly link text, is a menu or a list of related articles.
_MENU_LINKS = 3
_MENU_LINKED_SHARE = 0.6
# 关于…的通知-海淀区人民政府网站: a site's name joined by a bare hyphen (a hyphen inside a title, 2014-2020, stays).
# A government's site goes by the body's name (关于…的通知-北京市人民政府); legal databases' names end no such word
# (中华人民共和国药品管理法(2019修订)-北大法宝).
_SITE_TAIL = re.compile(r"(?<=[^-－—\s])\s*[-－—]\s*(?:[^-－—_|｜0-9]{2,30}(?:网站|網站|网|網|门户|門戶|官网|官網"
                        r"|人民政府|政府|委员会|委員會|办公厅|辦公廳|办公室|辦公室|部|局|厅|廳)"
                        r"|北大法宝|北大法寶|北大法律信息网|法律图书馆|法律圖書館|威科先行|法信|国家法律法规数据库|國家法律法規資料庫"
                        r"|全國法規資料庫|全国法规资料库)\s*$")
# A page title that carries the document's number after it, in brackets or after a space, or before it in 【】:
# 国务院办公厅关于…的通知（国办发〔2024〕5号）, 【国办发〔2024〕5号】国务院办公厅关于…的通知.
_NUMBER = r"[\u4e00-\u9fff]{1,12}[〔\[［(（【﹝][0-9０-９]{4}[〕\]］)）】﹞] ?[0-9０-９]{1,4} ?[号號]"
_NUMBER_AFTER = re.compile(rf"\s*(?:[（(](?P<a>{_NUMBER})[)）]|\s(?P<b>{_NUMBER}))\s*$")
_NUMBER_BEFORE = re.compile(rf"^\s*【(?P<c>{_NUMBER})】\s*")
_TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||｜|——|--|\s-\s)\s*")


def looks_like_html(data: bytes) -> bool:
    """Whether the bytes are a web page: markup from the start, with an <html> or doctype near it."""
    head = data[:SNIFF_BYTES]
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom):].decode(encoding, "ignore").encode("ascii", "ignore")
    head = head.removeprefix(codecs.BOM_UTF8).lstrip().lower()
    return head.startswith(b"<") and (b"<html" in head or b"<!doctype html" in head)


@register(".html", ".htm", ".shtml", ".xhtml")
@recognize(looks_like_html)
def read_html(path: Path, data: bytes) -> Document:
    """The document of a web page, decoded by its declared charset or else by detection."""
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        check_page_text(data)
    markup, encoding = decode_html(data)
    markup = _XML_DECLARATION.sub("", markup, count=1)
    if not markup.strip():
        raise UnreadableFile("empty")
    check_page_text(markup)
    markup = flatten_deep(markup)
    root = _parse(markup)
    # A labelled 成文日期 is the document's own date; the meta tags' date is only the portal's.
    props = {**_page_properties(root), **_labelled_fields(root), "encoding": encoding}
    stated = _info_table(root)
    if stated:
        # What the table states is the document's metadata (read as a legal database's header fields are), and the
        # table itself is furniture: no line of it becomes text or title.
        props["fields"] = declared_fields(stated)
        if stated.get("标题") and not props.get("title"):
            props["title"] = stated["标题"]
    body, blocks, headings = _article(root)
    title = _choose_title(props, body)
    if title:
        props["title"] = title
        wrapped = _wrapped_title(blocks, title)
        if wrapped is not None:
            # A title set centred over several lines, each its own paragraph, is one title (and one paragraph).
            start, end = wrapped
            blocks[start:end] = [title]
        elif title not in "\n".join(blocks[:_TITLE_NEAR_BLOCKS]):
            # The article's own heading often sits outside its text container; the text starts with it.
            blocks.insert(0, title)
            headings = [h for h in headings if h.text != title]
    raw = "\n\n".join(blocks)
    if not raw.strip():
        raise UnreadableFile("the page has no text")
    return assemble(raw, fmt="html", props=props, title=title, headings=headings, join_lines=False)


def _wrapped_title(blocks: list[str], title: str) -> tuple[int, int] | None:
    """Where two or more paragraphs in a row near the start of ``blocks`` read ``title`` together (spaces aside)."""
    key = "".join(title.split())
    for start in range(min(len(blocks), _TITLE_NEAR_BLOCKS)):
        joined = ""
        for end in range(start + 1, min(len(blocks), start + _TITLE_MAX_LINES) + 1):
            joined += "".join(blocks[end - 1].split())
            if not key.startswith(joined):
                break
            if joined == key:
                return (start, end) if end - start > 1 else None
    return None


def _parse(markup: str):
    import lxml.html
    from lxml import etree

    # A stray </body> or </html> (a site header's, say) ends libxml2's parse and drops the article after it;
    # end tags of these two are never needed, so none is kept.
    markup = _DOCUMENT_END.sub("", markup)
    try:
        return lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as error:
        raise UnreadableFile(f"cannot parse the page ({error})") from None


def _article(root):
    """(body, blocks, headings): the page's article as paragraph blocks, furniture removed."""
    body = root.find("body")
    if body is None:
        body = root
    _prune(body)
    blocks, headings = _render(_main_container(body))
    return body, blocks, headings


def check_page_text(markup: bytes | str) -> None:
    """UnreadableFile when the text between a page's tags is surely over the text limit, found before the page is
    parsed: a parse takes some eight times the markup's size in memory, so a page is judged by its text, not its
    bytes. From bytes (before decoding) at most one character per MAX_BYTES_PER_CHAR bytes is counted."""
    # Summed match by match: a substitution would build the text from millions of pieces, costing more memory
    # than the page.
    if isinstance(markup, bytes):
        spans: Iterator[re.Match] = _NOT_TEXT_BYTES.finditer(markup)
        per_char = MAX_BYTES_PER_CHAR
    else:
        spans, per_char = _NOT_TEXT_STR.finditer(markup), 1
    not_text = sum(match.end() - match.start() for match in spans)
    check_text_size((len(markup) - not_text) // per_char)


def html_blocks(markup: str) -> tuple[list[str], list[StructuralHeading]]:
    """The paragraph blocks and headings of an HTML fragment or page (a Word file's embedded HTML, say)."""
    check_page_text(markup)
    markup = flatten_deep(_XML_DECLARATION.sub("", markup, count=1))
    if not markup.strip():
        return [], []
    _, blocks, headings = _article(_parse(markup))
    return blocks, headings


def flatten_deep(markup: str, limit: int = MAX_DEPTH) -> str:
    """The markup with every tag nested deeper than ``limit`` removed, its text kept.

    libxml2 stops building the tree past 256 levels and drops what lies below; a page nested deeper (broken or
    hostile) would lose its body. Tags past the limit are only structure, so removing them keeps every word.
    """
    if markup.count("<") < limit:
        return markup
    depth, peak = 0, 0
    for match in _TAG.finditer(markup):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID_TAGS or self_closing:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        peak = max(peak, depth)
    if peak <= limit:
        return markup
    out, depth, at = [], 0, 0
    kept: list[bool] = []
    for match in _TAG.finditer(markup):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID_TAGS or self_closing:
            continue
        if closing:
            keep = kept.pop() if kept else True
            depth = max(depth - 1, 0)
        else:
            depth += 1
            keep = depth <= limit
            kept.append(keep)
        if not keep:
            out.append(markup[at:match.start()])
            at = match.end()
    out.append(markup[at:])
    return "".join(out)


def mime_html(blob: bytes) -> tuple[str, str] | None:
    """(the page, the encoding it was read in) of an MHT (MIME) archive: its first text/html part, decoded by the
    part's charset, else as a page is (declared charset or detection); None when it holds none."""
    import email
    from email import policy

    message = email.message_from_bytes(blob, policy=policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True) or b""
            if not isinstance(payload, bytes):  # decode=True gives bytes for a leaf part
                continue
            return decode_html(payload, part.get_content_charset())
    return None


def decode_html(data: bytes, charset: str | None = None) -> tuple[str, str]:
    """The page's text and encoding: BOM, then ``charset`` (a web archive part's header says one), then the
    declared charset, each when it decodes cleanly, else detection."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace"), encoding
    try:
        as_utf8: str | None = data.decode("utf-8")
    except UnicodeDecodeError:
        as_utf8 = None
    # A page a crawler read in the wrong charset and saved as UTF-8 is mojibake, whatever its <meta> still says
    # (gb2312, whose decoder reads UTF-8's byte pairs as characters of its own).
    fixed = repaired(as_utf8) if as_utf8 is not None else None
    if fixed:
        return fixed
    declared = _DECLARED_CHARSET.search(data[:CHARSET_BYTES])
    for label in (charset, declared.group(1).decode("ascii", "ignore") if declared else None):
        if not label:
            continue
        encoding = _CHARSET_ALIASES.get(label.lower(), label.lower())  # gbk and gb2312 read as GB18030
        try:
            name = codecs.lookup(encoding).name
            # A page that says UTF-8 was read as such above: not decoded a second time.
            return (as_utf8 if name == "utf-8" and as_utf8 is not None else data.decode(encoding)), name
        except (LookupError, UnicodeDecodeError):
            pass  # an unknown or lying label: the next one, or detection, decides
    return detect(data)


def _page_properties(root) -> dict:
    """What the page's <meta> tags say about the document: title, date, source, author."""
    wanted = {
        "articletitle": "title", "og:title": "title", "dc.title": "title",
        "pubdate": "date", "publishdate": "date", "firstpublishedtime": "date", "article:published_time": "date",
        "dc.date": "date", "date": "date", "contentsource": "source", "source": "source",
        "author": "author", "dc.creator": "author", "sitename": "site_name", "og:site_name": "site_name",
    }
    props: dict = {}
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").strip().lower()
        value = (meta.get("content") or "").strip()
        if key in wanted and value and wanted[key] not in props:
            props[wanted[key]] = _TEXT_SPACE.sub(" ", value)
    title = root.find(".//title")
    if title is not None and title.text_content().strip():
        props["page_title"] = _TEXT_SPACE.sub(" ", title.text_content().strip())
    return props


def _labelled_fields(root) -> dict:
    """Fields of the information table many portals put above a document (发文字号：…), wherever it sits."""
    text = root.text_content()
    fields: dict = {}
    for key, pattern in _LABELLED_FIELDS:
        match = pattern.search(text)
        if match:
            fields[key] = match.group(1).strip()
    return fields


def _info_pairs(element) -> list[tuple[str, str]]:
    """(label, value) pairs of a table's rows or a list's items: a label cell and the cell after it, or one cell
    holding ``label：value``."""
    pairs = []
    if element.tag.lower() == "table":
        rows = [_row_cells(row) for row in element.iter("tr")]
    else:
        rows = [[_inline(item.text_content()).strip(" \u3000\xa0")] for item in element.iter("li", "dt", "dd", "p")]
        if element.tag.lower() == "dl":  # <dt>label</dt><dd>value</dd>: one row
            rows = [[cell for row in rows for cell in row]]
    for cells in rows:
        k = 0
        while k < len(cells):
            label = information_label(cells[k])
            if label is not None and k + 1 < len(cells) and information_label(cells[k + 1]) is None:
                pairs.append((label, cells[k + 1]))
                k += 2
                continue
            head, colon, rest = cells[k].replace(":", "：").partition("：")
            label = information_label(head) if colon else None
            if label is not None:
                pairs.append((label, rest.strip()))
            k += 1
    return pairs


def _info_table(root) -> dict[str, str]:
    """The fields an information table of a 信息公开 page states, by ``metadata``'s label (the table is removed):
    the innermost table or list holding at least three of its labels and little else."""
    found: dict[str, str] = {}
    holder = None
    for element in root.iter("table", "ul", "dl", "div"):
        text = _visible_text(element)
        if not text or len(text) > _INFO_MAX_TEXT:
            continue
        pairs = _info_pairs(element)
        if len({label for label, _ in pairs}) < INFO_MIN_LABELS:
            continue
        if sum(len(LABEL_GAPS.sub("", label + value)) for label, value in pairs) < _INFO_SHARE * len(text):
            continue  # labelled lines among other text: an article that states its fields, not the table
        if holder is not None and element in holder.iterdescendants():
            found, holder = {}, None  # an inner table states the same: it alone is the table
        if holder is None:
            holder = element
            found = stated_fields(pairs)
    if holder is not None:
        # The table's last rows may stand in a table of their own beside it (gov.cn's 主题词), the same furniture.
        for side in (holder.itersiblings(preceding=True), holder.itersiblings()):
            for sibling in side:
                pairs = _info_pairs(sibling) if sibling.tag in ("table", "ul", "dl", "div") else []
                if not pairs or not _only_fields(sibling, pairs):
                    break
                for field, value in stated_fields(pairs).items():
                    found.setdefault(field, value)
                _drop(sibling)
        _drop(holder)
    return found


def _only_fields(element, pairs: list[tuple[str, str]]) -> bool:
    """Whether ``element`` holds nothing but the labelled fields ``pairs`` (its labels' spaces and colons aside)."""
    text = _LABEL_MARKS.sub("", _visible_text(element))
    return 0 < len(text) <= _INFO_MAX_TEXT and sum(len(_LABEL_MARKS.sub("", label + value))
                                                   for label, value in pairs) >= _INFO_SHARE * len(text)


def _prune(body) -> None:
    """Remove page furniture from the tree, sparing any block that holds most of a page's text."""
    total = len(_visible_text(body)) or 1
    doomed = []
    for element in body.iter():
        if not isinstance(element.tag, str):
            doomed.append(element)  # comments and processing instructions
            continue
        tag = element.tag.lower()
        if tag in _DROP_TAGS or element.get("hidden") is not None or _hidden_by_style(element):
            doomed.append(element)
            continue
        if tag in ("body", "html"):
            continue
        text = _visible_text(element)
        if len(text) >= total * _MOSTLY and len(text) > _SHORT_BLOCK:
            continue
        if _furniture_markup(element) or _furniture_words(element, text) or _link_dense(element, text):
            doomed.append(element)
    for element in doomed:
        _drop(element)


def _hidden_by_style(element) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _furniture_markup(element) -> bool:
    names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    if not names.strip():
        return False
    words = set(re.split(r"[\s_\-]+", names)) - {""}
    return bool(words & _FURNITURE_WORDS) or any(part in names for part in _FURNITURE_PARTS)


def _furniture_words(element, text: str) -> bool:
    """A short widget block (a counter, a QR-code or share box); a sentence of the text itself is spared."""
    if element.tag.lower() in _TEXT_TAGS and text.endswith(_SENTENCE_ENDS):
        return False
    return len(text) <= _SHORT_BLOCK and _FURNITURE_TEXT.search(text) is not None


def _link_dense(element, text: str) -> bool:
    """A list of links (menus, 'related articles'), not a paragraph that happens to link."""
    links = [a for a in element.iter("a")]
    if links and _RELATED.match(text):
        return True  # 推荐阅读 / 相关链接 over links to other pages, however few
    if len(links) < _MENU_LINKS or not text:
        return False
    linked = sum(len(_visible_text(a)) for a in links)
    return linked / len(text) > _MENU_LINKED_SHARE


def _drop(element) -> None:
    """Remove an element but keep its tail, the text that follows it in its parent."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _visible_text(element) -> str:
    return _TEXT_SPACE.sub("", element.text_content()) if isinstance(element.tag, str) else ""


def _main_container(body):
    """The article container when the page marks one that holds most of the text, else the whole body."""
    total = len(_visible_text(body)) or 1
    best = None
    for element in body.iter():
        if not isinstance(element.tag, str) or element is body:
            continue
        tag = element.tag.lower()
        names = set(re.split(r"[\s]+", f"{element.get('class') or ''} {element.get('id') or ''}".lower()))
        marked = tag in ("article", "main") or element.get("itemprop") == "articleBody" or names & _CONTENT_WORDS
        if marked and len(_visible_text(element)) >= total * _MOSTLY:
            best = element  # iter() is document order, so the last one found is the innermost
    return best if best is not None else body


def _render(root) -> tuple[list[str], list[StructuralHeading]]:
    """Paragraph blocks in document order and the <h1>-<h6> headings among them."""
    blocks: list[str] = []
    headings: list[StructuralHeading] = []
    current: list[str] = []

    def flush() -> None:
        pieces = "".join(current).split(_LINE_BREAK)
        current.clear()
        for piece in pieces:
            line = _inline(piece).strip(" \u3000\xa0")
            if line:
                blocks.append(line)

    def walk(element) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag in _HEADING_TAGS:
            flush()
            text = _inline(element.text_content()).strip(" \u3000\xa0")
            if text:
                blocks.append(text)
                headings.append(StructuralHeading(text, _HEADING_TAGS[tag]))
            return
        if tag == "table" and _is_data_table(element):
            flush()
            blocks.extend(_table_rows(element))
            return
        if tag == "br":
            current.append(_LINE_BREAK)
        elif tag in _BLOCK_TAGS:
            flush()
        if element.text and tag:
            current.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                current.append(child.tail)
        if tag in _BLOCK_TAGS:
            flush()

    walk(root)
    flush()
    return blocks, headings


def _inline(text: str) -> str:
    """Whitespace folded the way a browser does, except that a source line break between CJK vanishes."""
    return _TEXT_SPACE.sub(" ", _WRAP_BETWEEN_CJK.sub("", text))


def _is_data_table(table) -> bool:
    """A table of data, not one that lays out a page: no nested tables, no long cells, no paragraphs."""
    if table.find(".//table") is not None:
        return False
    for cell in table.iter("td", "th"):
        if len(_visible_text(cell)) > MAX_DATA_CELL or len(cell.findall(".//p")) > MAX_DATA_CELL_PARAGRAPHS:
            return False
    return True


def _row_cells(row) -> list[str]:
    """The text of each cell of a table row."""
    return [_inline(cell.text_content()).strip(" \u3000\xa0") for cell in row
            if isinstance(cell.tag, str) and cell.tag.lower() in ("td", "th")]


def _table_rows(table) -> list[str]:
    rows = []
    for row in table.iter("tr"):
        cells = _row_cells(row)
        if any(cells):
            rows.append(CELL_SEPARATOR.join(cells))
    return rows


def _choose_title(props: dict, body) -> str:
    """The declared article title, else the first <h1> left after pruning, else the <title>'s first part."""
    if props.get("title"):
        return props["title"]
    for h1 in body.iter("h1"):
        text = _inline(h1.text_content()).strip()
        if text and len(text) <= MAX_TITLE:
            return text
    # "Article_Site name" is the convention; the site's own name is never the article's title.
    site = props.get("site_name", "")
    page_title = _SITE_TAIL.sub("", props.get("page_title", ""))
    parts = [part for part in _TITLE_SEPARATORS.split(page_title) if part and part != site]
    first = parts[0] if parts else ""
    # Nor is the number a portal writes beside it: it is the document's number (where its text states none).
    numbered = _NUMBER_AFTER.search(first) or _NUMBER_BEFORE.match(first)
    if numbered and len(first) - len(numbered[0]) >= 4:
        props.setdefault("number", next(found for found in numbered.groupdict().values() if found))
        first = first[: numbered.start()] + first[numbered.end():]
    # The article's heading, set in a lower heading tag, is the title the page's own title starts with.
    for heading in body.iter("h2", "h3"):
        text = _inline(heading.text_content()).strip()
        if text and len(text) <= MAX_TITLE and first.startswith(text) and len(text) >= len(first) / 2:
            return text
    return first
