"""Realistic policy documents in HTML, PDF and DOCX, generated on the fly so that no binary is committed.

Every generator writes the same small notice of a district government, dressed the way that format dresses
it in the wild: the HTML page carries a portal's navigation and widgets, the PDF a running header, page
numbers and hard-wrapped lines, the DOCX heading styles, a table and a page header.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

TITLE = "北京市海淀区人民政府关于加快建设科技创新中心核心区的实施意见"
NUMBER = "海政发〔2016〕40号"
AGENCY = "北京市海淀区人民政府"
DATE_LINE = "2016年11月17日"

INTRO = "为深入实施创新驱动发展战略，加快全国科技创新中心核心区建设，推动GDP高质量增长，结合本区实际，提出如下意见。"
GOAL = "到2020年，全区研发投入强度保持在百分之十以上，RISC-V与5G等新兴产业集群初具规模。"
TASK = "支持高校院所与企业共建新型研发机构，完善科技成果转化收益分配机制，培育一批具有国际竞争力的创新型企业。"
SUPPORT = "区财政每年安排专项资金，用于支持重大科技项目和创新平台建设。"

# Words that exist only in a page's or a file's furniture: none of them may reach the document text.
HTML_BOILERPLATE = (
    "网站首页", "政务公开", "当前位置", "浏览次数", "2003", "分享到", "微信", "扫一扫", "手机版",
    "打印本页", "关闭窗口", "主办单位", "ICP备", "var _hmt", "font-size", "网站地图", "上一篇",
)
RUNNING_HEADER = "北京市海淀区人民政府文件"

CJK_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)


# --- HTML --------------------------------------------------------------------------------------------------

def government_page_html(charset: str = "gbk", declare: bool = True) -> str:
    """A district portal's article page: navigation, breadcrumbs, counters, share and QR widgets, footer, script."""
    meta_charset = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if declare else ""
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
{meta_charset}
<title>{TITLE}_北京市海淀区人民政府网站</title>
<meta name="SiteName" content="北京市海淀区人民政府">
<meta name="ArticleTitle" content="{TITLE}">
<meta name="PubDate" content="2016-11-18 09:30">
<meta name="ContentSource" content="区政府办">
<style type="text/css">body {{ font-size: 14px; }} .nav li {{ float: left; }}</style>
<script type="text/javascript">var _hmt = _hmt || []; document.write("统计代码");</script>
</head>
<body>
<div class="top">
  <div class="logo"><img src="logo.png" alt="北京市海淀区人民政府"></div>
  <div class="nav"><ul>
    <li><a href="/">网站首页</a></li><li><a href="/zwgk/">政务公开</a></li>
    <li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li>
  </ul></div>
</div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政策文件</div>
<div class="main">
  <h1 class="article-title">{TITLE}</h1>
  <div class="info">发布时间：2016-11-18　来源：区政府办　浏览次数：<span id="hits">2003</span></div>
  <div class="bdsharebuttonbox">分享到：<a class="bds_weixin">微信</a><a class="bds_tsina">微博</a></div>
  <div id="zoom" class="TRS_Editor">
    <p style="text-align:center">{NUMBER}</p>
    <p>各街道办事处、各镇人民政府，区政府各委、办、局：</p>
    <p>　　{INTRO[:30]}
    {INTRO[30:]}</p>
    <h2>一、总体目标</h2>
    <p>　　{GOAL}</p>
    <h2>二、重点任务</h2>
    <h3>（一）强化原始创新</h3>
    <p>　　{TASK}</p>
    <h3>（二）加大资金支持</h3>
    <p>　　{SUPPORT}</p>
    <table border="1">
      <tr><th>序号</th><th>任务</th><th>责任单位</th></tr>
      <tr><td>1</td><td>共建新型研发机构</td><td>区科委</td></tr>
      <tr><td>2</td><td>设立专项资金</td><td>区财政局</td></tr>
    </table>
    <p style="text-align:right">{AGENCY}</p>
    <p style="text-align:right">{DATE_LINE}</p>
  </div>
  <div class="qrcode"><img src="qr.png" alt="二维码">扫一扫在手机打开当前页</div>
  <div class="print"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
  <div class="pages"><a href="/a.html">上一篇：关于开展安全检查的通知</a><a href="/b.html">下一篇：海淀区年度工作要点</a></div>
</div>
<div class="footer">
  <p><a href="/map/">网站地图</a> | <a href="/contact/">联系我们</a> | <a href="/help/">使用帮助</a></p>
  <p>主办单位：北京市海淀区人民政府办公室　京ICP备05084924号-5</p>
</div>
<script>(function(){{ var s = document.createElement("script"); s.src = "count.js"; }})();</script>
</body>
</html>
"""


# --- PDF ---------------------------------------------------------------------------------------------------

def cjk_font_path() -> str | None:
    """A TrueType CJK font on this machine: where Debian's font packages put them, else as fontconfig knows."""
    for candidate in CJK_FONT_CANDIDATES:
        if os.path.exists(candidate):
            return candidate
    if shutil.which("fc-list"):
        # Only fonts that cover Chinese; TrueType outlines only, which the PDF generator can embed.
        found = subprocess.run(["fc-list", ":lang=zh", "-f", "%{file}\n"], capture_output=True, text=True)
        for path in sorted(found.stdout.split("\n")):
            if path.lower().endswith((".ttf", ".ttc")) and os.path.exists(path):
                return path
    return None


def require_cjk_font() -> str:
    """The CJK font path; without one, skip locally but fail in CI, where the font must be installed."""
    path = cjk_font_path()
    if path:
        return path
    reason = "no CJK TrueType font installed (apt-get install fonts-wqy-zenhei)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(reason)


# The body of the notice as a typesetter would lay it out: one list per page, one string per printed line.
# INTRO is wrapped in the middle of a word (核心|区), GOAL across the page break.
PDF_PAGES = (
    (
        TITLE[:18],
        TITLE[18:],
        NUMBER,
        "各街道办事处、各镇人民政府，区政府各委、办、局：",
        INTRO[:26],
        INTRO[26:],
        "一、总体目标",
        GOAL[:20],
    ),
    (
        GOAL[20:],
        "二、重点任务",
        "（一）强化原始创新",
        TASK[:26],
        TASK[26:],
    ),
    (
        "（二）加大资金支持",
        SUPPORT,
        AGENCY,
        DATE_LINE,
    ),
)


def policy_pdf(path: Path, font_path: str, pages=PDF_PAGES, header: str | None = RUNNING_HEADER,
               title: str | None = TITLE) -> Path:
    """The notice as a PDF with a running header, page numbers and hard-wrapped lines (one list per page)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = "TongwenCJK"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(font, font_path, subfontIndex=0))
    width, height = 595, 842
    pdf = canvas.Canvas(str(path), pagesize=(width, height))
    if title:
        pdf.setTitle(title)
    pdf.setAuthor(AGENCY)
    total = len(pages)
    for number, lines in enumerate(pages, 1):
        # Like many exported PDFs, the page furniture is drawn before the body, the footer first of all.
        pdf.setFont(font, 9)
        pdf.drawCentredString(width / 2, 40, f"- {number} -")
        pdf.drawRightString(width - 60, 24, f"第 {number} 页 共 {total} 页")
        if header:
            pdf.drawString(60, height - 40, header)
            pdf.line(60, height - 46, width - 60, height - 46)
        pdf.setFont(font, 12)
        y = height - 100
        for line in lines:
            pdf.drawString(60, y, line)
            y -= 24
        pdf.showPage()
    pdf.save()
    return path


def scanned_pdf(path: Path) -> Path:
    """A PDF whose pages are only pictures, as a scanner makes them: no text layer at all."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    for _ in range(2):
        for row in range(40):
            pdf.rect(60, 780 - row * 18, 300 + (row * 37) % 170, 8, fill=1, stroke=0)
        pdf.showPage()
    pdf.save()
    return path


# --- DOCX --------------------------------------------------------------------------------------------------

def policy_docx(path: Path, title_in_properties: bool = True) -> Path:
    """The notice as a Word file: Heading styles (and a WPS-style 标题 2), a table, a page header and footer."""
    import datetime as dt

    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    if title_in_properties:
        document.core_properties.title = TITLE
    document.core_properties.author = AGENCY
    document.core_properties.created = dt.datetime(2016, 11, 17, 9, 0, 0)

    section = document.sections[0]
    section.header.paragraphs[0].text = RUNNING_HEADER
    section.footer.paragraphs[0].text = "- 1 -"

    # WPS and Chinese Word name the built-in heading styles 标题 1, 标题 2 ...
    wps_heading = document.styles.add_style("标题 2", WD_STYLE_TYPE.PARAGRAPH)
    wps_heading.base_style = document.styles["Normal"]

    document.add_paragraph(TITLE, style="Title")
    document.add_paragraph(NUMBER)
    document.add_paragraph("各街道办事处、各镇人民政府，区政府各委、办、局：")
    document.add_paragraph(INTRO)
    document.add_paragraph("一、总体目标", style="Heading 1")
    document.add_paragraph(GOAL)
    document.add_paragraph("二、重点任务", style="Heading 1")
    document.add_paragraph("（一）强化原始创新", style="Heading 2")
    document.add_paragraph(TASK)
    document.add_paragraph("（二）加大资金支持", style="标题 2")
    document.add_paragraph(SUPPORT)
    table = document.add_table(rows=3, cols=3)
    rows = (("序号", "任务", "责任单位"), ("1", "共建新型研发机构", "区科委"), ("2", "设立专项资金", "区财政局"))
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    document.add_paragraph(AGENCY)
    document.add_paragraph(DATE_LINE)
    document.save(str(path))
    return path


# --- Word 97–2003 (.doc) and RTF -------------------------------------------------------------------------------
# Written byte by byte from Microsoft's specifications: an [MS-CFB] compound file holding an [MS-DOC] WordDocument
# stream (FIB, then text), its 1Table stream (the piece table) and a SummaryInformation property set.

_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
_SECTOR = 512
_MINI_CUTOFF = 4096  # streams are padded past this, so all live in regular sectors and no mini stream is needed


def _compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE compound file (version 3) with ``streams`` under its root: one FAT sector, one directory sector."""
    import struct

    names = sorted(streams, key=lambda name: (len(name), name.upper()))  # the order CFB compares names in
    assert len(names) <= 3
    bodies, sizes, starts, next_sector = [], [], [], 2  # sector 0: the FAT, sector 1: the directory
    for name in names:
        # A stream's recorded size decides where it lives: under the cutoff, in the mini stream.
        body = streams[name].ljust(max(len(streams[name]), _MINI_CUTOFF), b"\0")
        sizes.append(len(body))
        body = body.ljust(-(-len(body) // _SECTOR) * _SECTOR, b"\0")
        starts.append(next_sector)
        next_sector += len(body) // _SECTOR
        bodies.append(body)
    assert next_sector <= _SECTOR // 4
    fat = [_FAT, _END] + [_FREE] * (_SECTOR // 4 - 2)
    for start, body in zip(starts, bodies):
        count = len(body) // _SECTOR
        fat[start : start + count] = [*range(start + 1, start + count), _END]

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (encoded.ljust(64, b"\0") + struct.pack("<HBBIII", len(encoded), kind, 1, left, right, child)
                + b"\0" * 36 + struct.pack("<IQ", start, size))

    middle = len(names) // 2  # a balanced tree of the streams: the middle one under the root, one on each side
    directory = entry("Root Entry", 5, _FREE, _FREE, middle + 1, _END, 0)
    for k, name in enumerate(names):
        left = k if k == middle - 1 else _FREE  # entry ids: the root is 0, stream k is k + 1
        right = k + 2 if k == middle and k + 1 < len(names) else _FREE
        if k != middle:
            left = right = _FREE
        else:
            left = middle if middle > 0 else _FREE
        directory += entry(name, 2, left, right, _FREE, starts[k], sizes[k])
    directory = directory.ljust(_SECTOR, b"\0")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, _MINI_CUTOFF, _END, 0, _END, 0)
              + struct.pack("<109I", 0, *[_FREE] * 108))
    return header + struct.pack(f"<{_SECTOR // 4}I", *fat) + directory + b"".join(bodies)


def _summary_information(title: str, codepage: int = 936) -> bytes:
    """A SummaryInformation property set holding a code page and a title (VT_LPSTR in that code page)."""
    import struct

    fmtid = bytes.fromhex("e0859ff2f94f6810ab9108002b27b3d9")  # FMTID_SummaryInformation, as stored
    value = title.encode(f"cp{codepage}") + b"\0"
    value = struct.pack("<II", 0x1E, len(value)) + value.ljust(-(-len(value) // 4) * 4, b"\0")
    codepage_value = struct.pack("<IhH", 0x02, codepage - 0x10000 if codepage > 0x7FFF else codepage, 0)
    table_size = 8 + 2 * 8
    section = struct.pack("<IIIIII", 0, 2, 1, table_size, 2, table_size + len(codepage_value))
    section += codepage_value + value
    section = struct.pack("<I", len(section)) + section[4:]
    return struct.pack("<HHI16sI", 0xFFFE, 0, 0x00020006, b"\0" * 16, 1) + fmtid + struct.pack("<I", 48) + section


def word97_doc(path: Path, paragraphs: list[str], *, title: str | None = None, latin: str = "",
               boxes: list[str] | None = None) -> Path:
    """A Word 97–2003 file whose main document is ``paragraphs`` (Word's marks allowed inside: \\x07 ends a cell,
    \\x13 \\x14 \\x15 make a field). The first occurrence of ``latin`` is stored as a compressed piece (one byte per
    character) between two UTF-16 pieces, as Word stores Latin runs beside Chinese text; ``title`` is the file's
    title property; ``boxes``, the texts of its text boxes, in their story after the main document."""
    import struct

    main = "\r".join(paragraphs) + "\r"
    story = "".join(box + "\r" for box in boxes or []) + ("\r" if boxes else "")  # and the story's closing mark
    text = main + story
    at = text.find(latin) if latin else -1
    runs = [(text, False)] if at < 0 else [(text[:at], False), (latin, True), (text[at + len(latin) :], False)]
    fib = bytearray(0x400)
    struct.pack_into("<HHHHHHH", fib, 0, 0xA5EC, 0x00C1, 0, 0x0804, 0, 0x0200, 0x00BF)  # 1Table holds the Clx
    struct.pack_into("<H", fib, 0x20, 14)  # csw: 14 fibRgW values follow
    struct.pack_into("<H", fib, 0x3E, 22)  # cslw: 22 fibRgLw values follow
    struct.pack_into("<I", fib, 0x4C, len(main))  # ccpText
    struct.pack_into("<I", fib, 0x64, len(story))  # ccpTxbx (no footnotes, headers, comments or endnotes before it)
    struct.pack_into("<H", fib, 0x98, 0x5D)  # cbRgFcLcb: the 93 (fc, lcb) pairs of Word 97
    body = bytearray(fib)
    cps, fcs, first = [], [], 0
    for run, compressed in runs:
        cps.append(first)
        first += len(run)
        if compressed:
            fcs.append((len(body) * 2) | 0x40000000)  # a compressed piece's fc is twice its byte offset
            body += run.encode("cp1252")
            body += b"\0" * (len(body) % 2)
        else:
            fcs.append(len(body))
            body += run.encode("utf-16-le")
    cps.append(len(text))
    plc = struct.pack(f"<{len(cps)}I", *cps) + b"".join(struct.pack("<HIH", 0, fc, 0) for fc in fcs)
    clx = b"\x02" + struct.pack("<I", len(plc)) + plc
    struct.pack_into("<II", body, 0x9A + 8 * 33, 0, len(clx))  # fcClx, lcbClx: the Clx opens the table stream
    streams = {"WordDocument": bytes(body), "1Table": clx}
    if title is not None:
        streams["\x05SummaryInformation"] = _summary_information(title)
    path.write_bytes(_compound_file(streams))
    return path


def word6_doc(path: Path, paragraphs: list[str], *, language: int = 0x0804, flags: int = 0,
              encoding: str = "gbk") -> Path:
    """A Word 6/95 file: its FIB (language, flags) and the main document as one run of bytes in ``encoding``."""
    import struct

    text = ("\r".join(paragraphs) + "\r").encode(encoding)
    fib = bytearray(0x300)
    struct.pack_into("<HHHHHH", fib, 0, 0xA5DC, 0x0065, 0, language, 0, flags)
    struct.pack_into("<II", fib, 0x18, len(fib), len(fib) + len(text))  # fcMin, fcMac
    struct.pack_into("<I", fib, 0x34, len(text))  # ccpText: a character per byte, as Word 6 counts a DBCS text
    path.write_bytes(_compound_file({"WordDocument": bytes(fib) + text}))
    return path


def policy_doc(path: Path, title_in_properties: bool = True) -> Path:
    """The notice as a Word 97–2003 file: a compressed Latin piece, a table, a hyperlink field, a picture's anchor."""
    cells = ["序号\x07任务\x07责任单位\x07\x07", "1\x07共建新型研发机构\x07区科委\x07\x07",
             "2\x07设立专项资金\x07区财政局\x07\x07"]
    paragraphs = [TITLE, NUMBER, "各街道办事处、各镇人民政府，区政府各委、办、局：", INTRO, "一、总体目标", GOAL,
                  "二、重点任务", "（一）强化原始创新", TASK,
                  "（二）加大资金支持\x01", SUPPORT + "详见\x13 HYPERLINK \"http://www.bjhd.gov.cn/\" \x14区政府网站\x15。",
                  "".join(cells), AGENCY, DATE_LINE]
    return word97_doc(path, paragraphs, title=TITLE if title_in_properties else None, latin="GDP")


def policy_rtf(codepage: int = 936) -> bytes:
    """The notice's opening as RTF, as WPS writes it: a GB2312 font, text as \\'hh bytes, a \\u escape with its
    fallback, a table row, a field, and destinations (fonts, info, header) whose text is not the body's."""
    def escaped(text: str) -> str:
        return "".join(f"\\'{b:02x}" for b in text.encode("gbk"))

    return (
        "{\\rtf1\\ansi\\ansicpg" + str(codepage) + "\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 "
        + escaped("宋体") + ";}{\\f1\\fswiss\\fcharset0 Arial;}}"
        + "{\\info{\\title " + escaped("模板标题") + "}{\\author WPS}}"
        + "{\\header\\pard " + escaped(RUNNING_HEADER) + "\\par}"
        + "\\pard\\f0 " + escaped(TITLE) + "\\par\n" + escaped(NUMBER) + "\\par\n"
        + escaped("为深入实施创新驱动发展战略") + "\\uc1\\u65292?" + escaped("推动") + "{\\f1 GDP}" + escaped("高质量增长。") + "\\par\n"
        + "\\trowd " + escaped("序号") + "\\cell " + escaped("任务") + "\\cell\\row\n"
        + "{\\field{\\*\\fldinst HYPERLINK \"http://www.bjhd.gov.cn/\"}{\\fldrslt " + escaped("区政府网站") + "}}\\par\n"
        + escaped(AGENCY) + "\\par " + escaped(DATE_LINE) + "\\par}"
    ).encode("ascii")


# --- OFD ------------------------------------------------------------------------------------------------------

def _ofd_page(runs: list[tuple[float, float, str, str]], size: float = 4.2) -> str:
    """A page's Content.xml: each run (x, baseline y in mm, text, DeltaX) its own TextObject, as converters write
    them, the run placed at its box's corner plus its own offset."""
    objects = "".join(
        f'<ofd:TextObject ID="{k}" Boundary="{x - 1} {y - 4} 150 5" Font="1" Size="{size}">'
        f'<ofd:TextCode X="1" Y="4"{f" DeltaX={chr(34)}{delta}{chr(34)}" if delta else ""}>{text}</ofd:TextCode>'
        f"</ofd:TextObject>"
        for k, (x, y, text, delta) in enumerate(runs, 10))
    return ('<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content>'
            f'<ofd:Layer ID="2">{objects}</ofd:Layer></ofd:Content></ofd:Page>')


def policy_ofd(path: Path, title: str = TITLE) -> Path:
    """The notice as an OFD file of two pages: a running header and page numbers on each, the title drawn in two
    runs, a year in two runs that touch, Latin words in runs with gaps, body lines wrapped as printed."""
    import zipfile

    header = (60.0, 15.0, RUNNING_HEADER, "")
    first = [header, (25, 40, TITLE[:10], ""), (67, 40, TITLE[10:], ""), (25, 50, NUMBER, ""),
             (25, 60, "各街道办事处、各镇人民政府，区政府各委、办、局：", ""),
             (25, 70, INTRO[:30], ""), (25, 78, INTRO[30:], ""),
             (25, 90, "到", ""), (29.2, 90, "20", "2.1"), (33.4, 90, "20", "2.1"),
             (37.6, 90, "年，全区研发投入强度保持在百分之十以上，", ""),
             (25, 98, "RISC-V", "2.1 g 4 2.1"), (42, 98, "与", ""), (46.2, 98, "5G", "2.1"),
             (52, 98, "等新兴产业集群初具规模。", ""), (100, 285, "- 1 -", "")]
    second = [header, (25, 40, "一、总体目标", ""), (25, 50, TASK, ""), (25, 55, "GDP", "2.1 2.1"),
              (35, 55, "growth", "2.1 g 4 2.1"), (25, 60, AGENCY, ""), (25, 70, DATE_LINE, ""), (100, 285, "- 2 -", "")]
    ofd = ('<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" DocType="OFD" '
           f'Version="1.1"><ofd:DocBody><ofd:DocInfo><ofd:DocID>1</ofd:DocID><ofd:Title>{title}</ofd:Title>'
           f"<ofd:Author>{AGENCY}</ofd:Author><ofd:CreationDate>2016-11-17</ofd:CreationDate></ofd:DocInfo>"
           "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
    document = ('<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="http://www.ofdspec.org/2016">'
                "<ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
                '</ofd:CommonData><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>'
                '<ofd:Page ID="2" BaseLoc="/Doc_0/Pages/Page_1/Content.xml"/></ofd:Pages></ofd:Document>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("OFD.xml", ofd)
        package.writestr("Doc_0/Document.xml", document)
        package.writestr("Doc_0/Pages/Page_0/Content.xml", _ofd_page(first))
        package.writestr("Doc_0/Pages/Page_1/Content.xml", _ofd_page(second))
    return path


# --- Spreadsheets ------------------------------------------------------------------------------------------------

LIST_TITLE = "2023年度海淀区高新技术企业名单"
LIST_ROWS = [("序号", "企业名称", "认定日期", "研发投入（万元）"), (1, "北京中关村软件园发展有限责任公司", "2023-11-17", 1234),
             (2, "北京RISC-V芯片研究院", "2023-12-01", 56.5)]


def list_xlsx(path: Path, sheet: str = "企业名单", title_property: str | None = None) -> Path:
    """A notice's attachment as an .xlsx: a merged title row over the columns, column names, rows with a date and
    numbers, and an empty second sheet."""
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    rows = book.active
    rows.title = sheet
    rows.append([LIST_TITLE])
    rows.merge_cells("A1:D1")
    for row in LIST_ROWS:
        rows.append([dt.datetime.fromisoformat(v) if isinstance(v, str) and v[:2] == "20" else v for v in row])
    book.create_sheet("Sheet2")
    if title_property is not None:
        book.properties.title = title_property
    book.save(path)
    return path


def list_xls(path: Path) -> Path:
    """The same list as an Excel 97–2003 workbook, on a sheet named Sheet1, without its title row."""
    import datetime as dt

    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    date = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, row in enumerate(LIST_ROWS):
        for c, value in enumerate(row):
            if isinstance(value, str) and value[:2] == "20":
                sheet.write(r, c, dt.datetime.fromisoformat(value), date)
            else:
                sheet.write(r, c, value)
    book.save(str(path))
    return path


# --- Slides -----------------------------------------------------------------------------------------------------

_P = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" ' \
     'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
BRIEFING_TITLE = "《关于加快建设科技创新中心核心区的实施意见》政策解读"


def _shape(paragraphs: list[str], placeholder: str | None = None) -> str:
    ph = f'<p:nvSpPr><p:cNvPr id="2" name="s"/><p:cNvSpPr/><p:nvPr><p:ph type="{placeholder}"/></p:nvPr></p:nvSpPr>' \
        if placeholder else '<p:nvSpPr><p:cNvPr id="3" name="s"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
    runs = "".join(f"<a:p><a:r><a:t>{text[:4]}</a:t></a:r><a:r><a:t>{text[4:]}</a:t></a:r></a:p>" for text in paragraphs)
    return f"<p:sp>{ph}<p:txBody><a:bodyPr/>{runs}</p:txBody></p:sp>"


def _table(rows: list[tuple[str, ...]]) -> str:
    body = "".join("<a:tr>" + "".join(f"<a:tc><a:txBody><a:p><a:r><a:t>{cell}</a:t></a:r></a:p></a:txBody></a:tc>"
                                      for cell in row) + "</a:tr>" for row in rows)
    return f"<p:graphicFrame><a:graphic><a:graphicData><a:tbl>{body}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>"


def briefing_pptx(path: Path) -> Path:
    """A policy briefing deck: a cover slide with its title placeholder, a slide of points and a SmartArt graphic, a
    slide with a table; the presentation lists its slides in an order other than their part names' (slide3 is shown
    second)."""
    import zipfile

    slides = {
        "slide1.xml": _shape([BRIEFING_TITLE], "ctrTitle") + _shape([AGENCY, DATE_LINE], "subTitle"),
        "slide3.xml": _shape(["一、总体目标"], "title") + _shape([GOAL, "RISC-V与5G"]),
        "slide2.xml": _shape(["二、重点任务"], "title") + _table([("序号", "任务", "责任单位"), ("1", "共建新型研发机构", "区科委")]),
    }
    order = ["slide1.xml", "slide3.xml", "slide2.xml"]
    presentation = (f"<p:presentation {_P}><p:sldIdLst>"
                    + "".join(f'<p:sldId id="{256 + k}" r:id="rId{k + 1}"/>' for k in range(len(order)))
                    + "</p:sldIdLst></p:presentation>")
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{k + 1}" Type="slide" Target="slides/{name}"/>'
                      for k, name in enumerate(order)) + "</Relationships>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("ppt/presentation.xml", presentation)
        package.writestr("ppt/_rels/presentation.xml.rels", rels)
        for name, shapes in slides.items():
            package.writestr(f"ppt/slides/{name}", f"<p:sld {_P}><p:cSld><p:spTree>{shapes}</p:spTree></p:cSld></p:sld>")
        package.writestr("ppt/notesSlides/notesSlide1.xml", f"<p:notes {_P}>{_shape(['讲稿备注：不宣读'])}</p:notes>")
        # slide3 shows a SmartArt graphic, whose text is in a data part of its own.
        package.writestr("ppt/slides/_rels/slide3.xml.rels", (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
            'Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/diagramData" '
            'Target="../diagrams/data1.xml"/></Relationships>'))
        package.writestr("ppt/diagrams/data1.xml", (
            '<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dgm:ptLst>'
            + "".join(f"<dgm:pt><dgm:t><a:p><a:r><a:t>{text}</a:t></a:r></a:p></dgm:t></dgm:pt>"
                      for text in ("原始创新", "成果转化")) + "</dgm:ptLst></dgm:dataModel>"))
    return path


def _record(rec_type: int, body: bytes, container: bool = False) -> bytes:
    """One [MS-PPT] record: version (0xF for a container) and type, length, body."""
    import struct

    return struct.pack("<HHI", 0x0F if container else 0, rec_type, len(body)) + body


def briefing_ppt(path: Path) -> Path:
    """The deck as a PowerPoint 97–2003 file: the slides' outline (a centred title, body text, a title in UTF-16 and
    a Latin line stored one byte per character), a master slide's prompts, a title master's prompt, a notes page."""
    import struct

    def text(kind: int, value: str, one_byte: bool = False) -> bytes:
        atom = _record(0x0FA8, value.encode("latin-1")) if one_byte else _record(0x0FA0, value.encode("utf-16-le"))
        return _record(0x0F9F, struct.pack("<I", kind)) + atom

    outline = _record(0x0FF0, text(6, BRIEFING_TITLE) + text(1, f"{AGENCY}\r{DATE_LINE}")
                      + text(0, "一、总体目标") + text(1, GOAL) + text(1, "RISC-V and 5G", one_byte=True), container=True)
    master = _record(0x03F8, text(0, "单击此处编辑母版标题样式") + text(1, "单击此处编辑母版文本样式\r第二级"), container=True)
    title_master = _record(0x03EE, text(6, "Click to edit Master title style"), container=True)
    slide = _record(0x03EE, _record(0xF00D, text(4, "*")), container=True)  # a slide number's field stand-in
    notes = _record(0x03F0, text(1, "讲稿备注：不宣读"), container=True)
    stream = _record(0x03E8, outline, container=True) + master + title_master + slide + notes
    path.write_bytes(_compound_file({"PowerPoint Document": stream, "Current User": b"\0" * 64}))
    return path


# --- OpenDocument -----------------------------------------------------------------------------------------------

_ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
           'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
           'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
           'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
           'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"')


def opendocument(path: Path, kind: str, body: str, title: str | None = None) -> Path:
    """An OpenDocument package of ``kind`` (text, spreadsheet, presentation) whose office:body holds ``body``."""
    import zipfile

    meta = (f'<office:document-meta {_ODF_NS}><office:meta>{f"<dc:title>{title}</dc:title>" if title else ""}'
            f"<meta:initial-creator>{AGENCY}</meta:initial-creator><meta:creation-date>2016-11-17T09:00:00"
            "</meta:creation-date></office:meta></office:document-meta>")
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("mimetype", f"application/vnd.oasis.opendocument.{kind}")  # first and stored, as ODF asks
        package.writestr("content.xml", f"<office:document-content {_ODF_NS}><office:body><office:{kind}>{body}"
                                        f"</office:{kind}></office:body></office:document-content>")
        package.writestr("meta.xml", meta)
    return path


def policy_odt(path: Path, title: str | None = TITLE) -> Path:
    """The notice as an OpenDocument text: outline headings, spaces written as text:s, a footnote, a table."""
    cells = "".join("<table:table-row>" + "".join(f"<table:table-cell><text:p>{c}</text:p></table:table-cell>"
                                                  for c in row) + "</table:table-row>"
                    for row in (("序号", "任务", "责任单位"), ("1", "共建新型研发机构", "区科委")))
    body = (f"<text:p>{TITLE}</text:p><text:p>{NUMBER}</text:p>"
            f'<text:h text:outline-level="1">一、总体目标</text:h><text:p>{GOAL}<text:note><text:note-body>'
            "<text:p>注释不入正文</text:p></text:note-body></text:note></text:p>"
            '<text:h text:outline-level="2">（一）强化原始创新</text:h>'
            f"<text:p>RISC-V<text:s/>与<text:s text:c=\"2\"/>5G</text:p><table:table>{cells}</table:table>"
            f"<text:p>{AGENCY}</text:p><text:p>{DATE_LINE}</text:p>")
    return opendocument(path, "text", body, title)


# --- Garbling (for the readers' "never a crash" property tests) ----------------------------------------------------

def garbled_bytes(good: bytes, data) -> bytes:
    """``good`` cut where Hypothesis's ``data`` draws, and up to 8 of its bytes overwritten."""
    from hypothesis import strategies as st

    garbled = bytearray(good[: data.draw(st.integers(0, len(good)))])
    for _ in range(data.draw(st.integers(0, 8))):
        if garbled:
            garbled[data.draw(st.integers(0, len(garbled) - 1))] = data.draw(st.integers(0, 255))
    return bytes(garbled)


def repackaged(source: Path, target: Path, changes: dict) -> Path:
    """A copy of the zip package ``source`` at ``target`` whose parts named in ``changes`` are rewritten by them
    (each a function from the part's bytes to its new bytes); every other part is copied as it is."""
    import zipfile

    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item, changes[item.filename](data) if item.filename in changes else data)
    return target


def read_or_refused(read):
    """What ``read()`` returns, or None when it refuses the file (UnreadableFile): any other error is a crash and
    propagates, which is what the never-a-crash property tests look for."""
    from tongwen.index.errors import UnreadableFile

    try:
        return read()
    except UnreadableFile:
        return None


def garbled_package(good: Path, out: Path, data) -> Path:
    """The zip package ``good`` written to ``out`` with one of its text parts garbled where ``data`` draws: a
    stretch replaced by up to 20 drawn characters."""
    import zipfile

    from hypothesis import strategies as st

    with zipfile.ZipFile(good) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    texts = sorted(name for name, body in parts.items() if _is_utf8(body))  # a picture part is left as it is
    name = data.draw(st.sampled_from(texts))
    text = parts[name].decode()
    cut = data.draw(st.integers(0, len(text)))
    garbled = text[:cut] + data.draw(st.text(max_size=20)) + text[cut + data.draw(st.integers(0, 40)):]
    parts[name] = garbled.encode("utf-8", errors="surrogatepass")
    with zipfile.ZipFile(out, "w") as package:
        for part, body in parts.items():
            package.writestr(part, body)
    return out


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode()
    except UnicodeDecodeError:
        return False
    return True


def mixed_folder(folder: Path) -> Path:
    """A folder mixing every format: a GBK government page, a PDF, a Word file, Markdown and plain text."""
    font = require_cjk_font()
    (folder / "web").mkdir(parents=True)
    (folder / "web" / "notice.html").write_bytes(government_page_html("gbk").encode("gbk"))
    policy_pdf(folder / "notice.pdf", font)
    policy_docx(folder / "notice.docx")
    (folder / "notes.md").write_text("# 會議紀要\n\n討論**石墨烯**實驗室的建設。\n", encoding="utf-8")
    (folder / "plain.txt").write_text("量子計算研究院\n\n量子計算研究院落戶海淀。\n", encoding="utf-8")
    return folder
