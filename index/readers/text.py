"""Readers for plain text (.txt) and Markdown (.md).

Markdown is reduced to its text before cleaning: emphasis markers, link targets, image syntax, HTML tags and
table pipes would only pollute search. Headings stay as ``#`` lines so that the outline can be found; code
blocks and spans stay as text. Paragraph lines are joined the Markdown way (a soft line break is no break),
without a space between Chinese characters, and every block becomes one paragraph. A line that is a header field
(法規名稱：…, 【发布部门】…) starts a block, as a list item does, and an article's marker alone on its line
(第 1 條) is a block of its own.
"""

from __future__ import annotations

import bisect
import html
import itertools
import re
from dataclasses import replace
from pathlib import Path

from tongwen.index.cleaning import FIELD_LINE, HAN, LAW_ONLY, clean
from tongwen.index.document import Document, Meta
from tongwen.index.encoding import detect
from tongwen.index.metadata import extract_metadata
from tongwen.index.readers import make_document, register
from tongwen.index.structure import with_line_under


def with_metadata(document: Document, fields: list[tuple[str, str]] | None = None) -> Document:
    """The document with the policy metadata its text carries (issuing body, number, date, type); ``fields``:
    (label, value) its file states outright, as a legal database's header does (【发布日期】…)."""
    props: dict = {"title": document.title, "fields": [*(fields or []), *document.fields]}
    meta: Meta = {**document.meta, **extract_metadata(document.text, props)}
    return replace(document, meta=meta)


@register(".txt")
def read_text(path: Path, data: bytes) -> Document:
    """Read a plain-text file: decode, clean (undoing hard wraps), find title and headings."""
    text, encoding = detect(data)
    title, fields, text = _record(text)
    blocks = without_markup(text)
    if blocks is not None:
        # Its markup said where each paragraph ends: no line is joined to another by the shape of the lines.
        document = make_document(blocks, format="txt", join_lines=False, meta={"encoding": encoding})
    else:
        document = make_document(text, format="txt", meta={"encoding": encoding})
    return with_metadata(replace(document, title=title) if title else document, fields=fields)


# Chinese characters and punctuation: no space stands between them where a line breaks.
_CJK = f"{HAN}\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026\u2014"
# The tags of an article's markup that a crawler or a legal site's export leaves in a text file
# (<p>各市、县人民政府…</p><p style="text-align: right;">…</p>): a block's tags end a paragraph, the others go.
_BLOCK_TAGS = ("p", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "tbody", "thead",
               "tr", "hr", "section", "article", "center", "blockquote", "pre")
_INLINE_TAGS = ("span", "strong", "b", "i", "em", "u", "font", "a", "img", "sup", "sub", "td", "th", "o:p")
_MARKUP = re.compile(r"<(?P<end>/?)(?P<name>" + "|".join(sorted(_BLOCK_TAGS + _INLINE_TAGS, key=len, reverse=True))
                     + r")(?=[\s/>])[^<>]{0,400}?/?>", re.IGNORECASE)
# Fewer tags than this are words of the text (a formula's <b>, an example of markup), not markup around it.
_MARKUP_MIN = 3
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_CJK_BREAK = re.compile(f"(?<=[{_CJK}])[ \t]*\n[ \t]*(?=[{_CJK}])")


def without_markup(text: str) -> str | None:
    """A text file's HTML markup taken out, one line per block, or None when the text has fewer than ``_MARKUP_MIN``
    tags (a tag or two there is part of what it says). From the first tag on, a line break is the source's, folded
    as a browser folds it (nothing between Chinese characters, a space otherwise); a block's tags end a line, a
    cell's leave a space, other tags vanish, and entities (&nbsp;, &ldquo;) become their characters. The lines before
    the first tag (a crawler's fields: 发文机关:…) stay lines."""
    first = _MARKUP.search(text)
    if first is None or text.count("<") < _MARKUP_MIN or len(_MARKUP.findall(text, 0, 1 << 16)) < _MARKUP_MIN:
        return None
    body = _CJK_BREAK.sub("", text[first.start():]).replace("\n", " ")

    def replaced(match: re.Match) -> str:
        name = match["name"].lower()
        if name in _BLOCK_TAGS:
            return "\n"
        return " " if name in ("td", "th") and match["end"] else ""

    return text[: first.start()] + "\n" + _ENTITY.sub(lambda m: html.unescape(m.group()), _MARKUP.sub(replaced, body))


@register(".md", ".markdown")
def read_markdown(path: Path, data: bytes) -> Document:
    """Read a Markdown file: decode, reduce the Markdown to text, clean, find title and headings."""
    source, encoding = detect(data)
    front, source = _front_matter(source)
    if not front:
        record_title, record_fields, source = _record(source)
        front = {"title": record_title, **dict(record_fields)} if record_title else {}
    front_title = front.pop("title", "")
    text, heading_texts = _convert(source)
    if front_title and not text.strip():
        # Front matter alone (a record's title and fields, its body not saved): the title is its text, as a page's
        # that holds nothing else is; only a file with no text is empty.
        text = front_title
    document = make_document(text, format="md", markdown=True, join_lines=False, meta={"encoding": encoding})
    # A "# comment" line inside a code block looks like a heading once the fences are gone: keep only the
    # Markdown headings the source really had, in their order.
    expected = iter(clean(title, join_lines=False) for title in heading_texts)
    wanted = next(expected, None)
    headings = []
    for heading in document.headings:
        if document.text.startswith("#", heading.start):
            if heading.text != wanted:
                continue
            wanted = next(expected, None)
        headings.append(heading)
    first_level_one = next((h.text for h in headings if h.level == 1 and document.text[h.start] == "#"), "")
    if first_level_one:
        first_level_one = with_line_under(document.text, first_level_one)
    titled = replace(document, headings=tuple(headings), title=front_title or first_level_one or document.title)
    return with_metadata(_without_markers(titled), fields=list(front.items()))


_MARKER = re.compile(r"#{1,6}[ \t]+")


def _without_markers(document: Document) -> Document:
    """The document with the ``#`` markers of its Markdown headings taken out of the text (they told the heading
    finder what is a heading; a reader sees the heading's words only), every offset moved to match."""
    cuts = []  # (where a marker starts, its length), in text order
    for heading in document.headings:
        marker = _MARKER.match(document.text, heading.start)
        if marker:
            cuts.append((heading.start, marker.end() - heading.start))
    if not cuts:
        return document
    starts = [start for start, _ in cuts]
    removed = list(itertools.accumulate(length for _, length in cuts))

    def moved(position: int) -> int:
        """Where ``position`` lands once the markers before it are gone (inside a marker: where it was)."""
        k = bisect.bisect_right(starts, position) - 1
        if k < 0:
            return position
        before = removed[k - 1] if k else 0
        return starts[k] - before + max(0, position - starts[k] - cuts[k][1])

    pieces, position = [], 0
    for start, length in cuts:
        pieces.append(document.text[position:start])
        position = start + length
    pieces.append(document.text[position:])
    headings = tuple(replace(h, start=moved(h.start), end=moved(h.end)) for h in document.headings)
    return replace(document, text="".join(pieces), headings=headings)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
# A top-level ``key: value`` line (not indented: a nested map's keys are not the document's).
_FRONT_FIELD = re.compile(r"^(?P<key>[^\s:#\-][^:\n]{0,40}?)[ \t]*:[ \t]+(?P<value>[^\n]+)$", re.MULTILINE)
# Front-matter keys, lower case, "-" and " " as "_", and the header field each means (see ``metadata``).
_FRONT_KEYS = {
    **dict.fromkeys(("title", "标题", "標題"), "title"),
    **dict.fromkeys(("publish_date", "published", "pubdate", "publish", "issue_date", "issued", "date",
                     "release_date", "发布日期", "發布日期", "公布日期", "成文日期"), "发布日期"),
    **dict.fromkeys(("implement_date", "implementation_date", "effective_date", "effective", "施行日期",
                     "实施日期", "實施日期"), "实施日期"),
    **dict.fromkeys(("status", "validity", "时效性", "時效性"), "时效性"),
    **dict.fromkeys(("issuing_authority", "issuing_agency", "issuer", "authority", "agency", "department",
                     "发布部门", "發布部門", "制定机关", "制定機關", "发文机关", "發文機關"), "发布部门"),
    **dict.fromkeys(("doc_number", "document_number", "number", "文号", "文號", "发文字号", "發文字號"), "发文字号"),
    **dict.fromkeys(("level", "效力级别", "效力級別"), "效力级别"),
    **dict.fromkeys(("url", "source_url", "original_url", "link", "原文链接", "原文連結"), "原文链接"),
}
# A crawler's record saved as text opens with labelled lines (标题：… / 发布时间：… / 来源：… / 正文：), as a site
# generator's front matter does without its fences: the title and the fields they state, never the text's first
# lines. Its keys: a title's, the front matter's, and a crawler's own (None: read as no field, kept in the text).
_RECORD_LINE = re.compile(r"[ \t\u3000]*(?P<key>[^\s:：]{1,12}?)[ \t\u3000]*[:：]"
                          r"[ \t\u3000]*(?P<value>[^\n]*?)[ \t\u3000]*")
_RECORD_TITLE = frozenset(("title", "标题", "標題", "题目", "題目", "文章标题", "文章標題", "新闻标题", "新聞標題",
                           "文件标题", "文件標題"))
_RECORD_KEYS: dict[str, str | None] = {
    **_FRONT_KEYS,
    **dict.fromkeys(("发布时间", "發布時間", "發佈時間", "时间", "時間", "日期", "发文日期", "發文日期"), "发布日期"),
    **dict.fromkeys(("链接", "鏈接", "网址", "網址", "来源网址", "來源網址"), "原文链接"),
    **dict.fromkeys(("来源", "來源", "信息来源", "信息來源", "文章来源", "文章來源", "source", "作者", "author",
                     "编辑", "編輯", "责任编辑", "責任編輯", "栏目", "欄目", "分类", "分類", "category", "浏览次数",
                     "瀏覽次數", "点击数", "點擊數"), None),
}
# The label a record's text follows: on its own line, or with the text's first line after it.
_RECORD_BODY = frozenset(("正文", "内容", "內容", "content", "body", "text"))
_RECORD_LINES = 20


def _record(text: str) -> tuple[str, list[tuple[str, str]], str]:
    """(title, fields, the text after them) of a text that opens with a crawler's record (``_RECORD_LINE``): a title
    line, then at least one more labelled line of a known key; ("", [], text) for any other text."""
    lines = text.lstrip("\ufeff").split("\n")
    k = next((k for k, line in enumerate(lines) if line.strip()), len(lines))
    first = _RECORD_LINE.fullmatch(lines[k]) if k < len(lines) else None
    if first is None or _record_key(first) not in _RECORD_TITLE or not first["value"]:
        return "", [], text
    stated: dict[str, str] = {}
    # A line no field takes (the site's 来源：, an author, a second date) stays in the text: nothing is lost.
    kept: list[str] = []
    labelled, k = 1, k + 1
    while k < min(len(lines), _RECORD_LINES):
        if not lines[k].strip():
            k += 1
            continue
        match = _RECORD_LINE.fullmatch(lines[k])
        key = _record_key(match) if match else ""
        if match and key in _RECORD_BODY:
            labelled += 1
            if match["value"]:
                lines[k] = match["value"]  # the text begins on the label's line
            else:
                k += 1
            break
        if not match or key not in _RECORD_KEYS:
            break
        labelled, field, value = labelled + 1, _RECORD_KEYS[key], match["value"]
        if field and value and field not in stated and (field != "原文链接" or value.startswith(("http://", "https://"))):
            stated[field] = value
        elif value:
            kept.append(lines[k])
        k += 1
    rest = "\n".join(kept + lines[k:])
    if labelled < 2 or not rest.strip():
        return "", [], text
    stated.pop("title", None)
    return first["value"], list(stated.items()), rest


def _record_key(match: re.Match) -> str:
    """A record line's key as the key tables write it (lower case, ``_`` for ``-``)."""
    return match["key"].strip().lower().replace("-", "_")


_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'")
_DOUBLE_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
_ESCAPES = {"n": " ", "t": " ", "\\": "\\", '"': '"', "/": "/"}
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$|^[ \t]*\|[ \t]*:?-+:?[ \t]*\|[ \t]*$")  # noqa: E501 (a pattern or text written as one line)
_QUOTE = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+")
_BULLET = re.compile(r"^[ \t]*[*+-][ \t]+")
_ORDERED = re.compile(r"^[ \t]*\d{1,9}[.)][ \t]+")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*\S+.*$")

# Inline syntax. Code spans and backslash escapes are protected: their content is kept literally.
_PROTECTED = re.compile(r"(`+)(.+?)\1|\\([!-/:-@\[-`{-~])")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])")
_FOOTNOTE = re.compile(r"\[\^[^\]]+\]")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_EMPHASIS = re.compile(r"(\*\*|\*|~~)(?=\S)(.+?)(?<=\S)\1|(?<![A-Za-z0-9])(__|_)(?=\S)(.+?)(?<=\S)\3(?![A-Za-z0-9])")
_CJK_END = re.compile(f"[{_CJK}]$")
_CJK_START = re.compile(f"[{_CJK}]")


def markdown_to_text(source: str) -> str:
    """Reduce Markdown to plain text, one block (paragraph, heading, list item, table row, code line) per line."""
    return _convert(source)[0]


def _convert(source: str) -> tuple[str, list[str]]:
    """Markdown reduced to text (as markdown_to_text) and the texts of its headings in order."""
    headings: list[str] = []
    source = _COMMENT.sub("", source.replace("\r\n", "\n").replace("\r", "\n"))
    out: list[str] = []
    paragraph: list[str] = []
    fence: str | None = None
    in_table = False
    lines = source.split("\n")

    def flush() -> None:
        if paragraph:
            out.append(_join_soft(paragraph))
            paragraph.clear()

    for index, raw in enumerate(lines):
        if fence is not None:
            if raw.strip().startswith(fence):
                fence = None
            else:
                out.append(raw)
            continue
        opening = _FENCE.match(raw)
        if opening:
            flush()
            fence = opening.group(1)[0] * 3
            continue
        line = _QUOTE.sub("", raw)
        if not line.strip():
            flush()
            in_table = False
            continue
        heading = _ATX.match(line)
        if heading:
            flush()
            title = _inline(heading.group(2) or "")
            if title:
                out.append(f"{heading.group(1)} {title}")
                headings.append(title)
            continue
        setext = _SETEXT.match(line)
        if setext and paragraph and not in_table:
            level = "#" if setext.group(1)[0] == "=" else "##"
            title = _join_soft(paragraph)
            out.append(f"{level} {title}")
            headings.append(title)
            paragraph.clear()
            continue
        if _TABLE_RULE.match(line) and "|" in line:
            in_table = True
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if "|" in line and (in_table or _TABLE_RULE.match(following) and "|" in following):
            flush()
            cells = (cell.strip() for cell in re.split(r"(?<!\\)\|", line))
            out.append(" ".join(_inline(cell) for cell in cells if cell))
            continue
        if _RULE.match(line) or _REFERENCE.match(line):
            flush()
            continue
        if LAW_ONLY.match(line.strip()):
            # An article's marker alone on its line (第 1 條, Taiwan's layout) heads what follows: joined to it, the
            # article would not be known as one (第 1 條為規範…).
            flush()
            out.append(line.strip())
            continue
        item = _BULLET.match(line) or _ORDERED.match(line)
        if item or FIELD_LINE.match(line.strip()):
            # A header field (法規名稱：…, 【发布部门】…) starts a block of its own, as a list item does: files
            # written a field per line are read a field per line, and a field's wrapped value stays with it.
            flush()
            bullet = _BULLET.match(line)
            if bullet:
                line = line[bullet.end():]
        # A hard line break (two spaces or a backslash at the end) stays inside its paragraph, joined as a soft one.
        paragraph.append(_inline(line.strip()))
    flush()
    return "\n".join(out), headings


def _join_soft(lines: list[str]) -> str:
    """Join the lines of one Markdown paragraph: nothing between Chinese characters, a space otherwise."""
    text = lines[0]
    for line in lines[1:]:
        text += ("" if _CJK_END.search(text) and _CJK_START.match(line) else " ") + line
    return text


def _inline(text: str) -> str:
    """Remove inline Markdown syntax from one line, keeping code spans and escaped characters literally."""
    parts = []
    position = 0
    for match in _PROTECTED.finditer(text):
        parts.append(_strip_inline(text[position:match.start()]))
        parts.append(match.group(2) if match.group(2) is not None else match.group(3))
        position = match.end()
    parts.append(_strip_inline(text[position:]))
    return "".join(parts).rstrip("\\").strip()


def _strip_inline(text: str) -> str:
    """Remove images (keeping alt text), link targets, footnote marks, autolink brackets, HTML tags, emphasis."""
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _FOOTNOTE.sub("", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    previous = None
    while previous != text:  # nested emphasis: ***a*** and **a _b_**
        previous = text
        text = _EMPHASIS.sub(lambda match: match.group(2) if match.group(2) is not None else match.group(4), text)
    return text


def _front_matter(source: str) -> tuple[dict[str, str], str]:
    """Split YAML front matter off a Markdown source: (what it states, the rest).

    What it states: ``title``, and the policy fields a collection's converter or site generator writes there
    (publish_date, status, implement_date, issuing_authority …), under the label of the legal-database header field
    that means the same (发布日期, 时效性, 实施日期, 发布部门 …), so they are read as such a header's are. Only flat
    ``key: value`` lines are read; lists, nested maps and multi-line values are not the document's metadata."""
    match = _FRONT_MATTER.match(source.lstrip("\ufeff"))
    if not match:
        return {}, source
    stated: dict[str, str] = {}
    for line in _FRONT_FIELD.finditer(match.group(1)):
        key = _FRONT_KEYS.get(line["key"].strip().lower().replace("-", "_").replace(" ", "_"))
        value = _front_value(line["value"])
        if key and value and key not in stated and (key != "原文链接" or value.startswith(("http://", "https://"))):
            stated[key] = value
    return stated, source.lstrip("\ufeff")[match.end():]


def _front_value(raw: str) -> str:
    """A flat YAML scalar as written: quotes taken off, a trailing comment dropped; "" for a block or flow value."""
    value = raw.strip()
    if value[:1] == "'":  # a single-quoted scalar writes its quote twice
        match = _SINGLE_QUOTED.match(value)
        return match.group(1).replace("''", "'").strip() if match else ""
    if value[:1] == '"':  # a double-quoted one escapes with a backslash
        match = _DOUBLE_QUOTED.match(value)
        if not match:
            return ""
        return re.sub(r'\\(.)', lambda m: _ESCAPES.get(m.group(1), m.group(1)), match.group(1)).strip()
    if value[:1] in ("|", ">", "[", "{", "&", "*", "!"):
        return ""
    return value.split(" #", 1)[0].strip()
