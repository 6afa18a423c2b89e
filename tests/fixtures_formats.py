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
