"""MHT reader (.mht, .mhtml: a web page saved as one file, as Internet Explorer and Word save "网页，单个文件"): the
page inside, read as the HTML reader reads any page.

The file is a MIME archive; its first text/html part is the page, decoded by the part's charset (a saved GBK page
says so in its part's header, and often again in a meta tag).
"""

from __future__ import annotations

import codecs
from dataclasses import replace
from pathlib import Path

from tongwen.index.document import Document
from tongwen.index.errors import UnreadableFile
from tongwen.index.readers import register
from tongwen.index.readers.html import mime_html, read_html


@register(".mht", ".mhtml")
def read_mht(path: Path, data: bytes) -> Document:
    """The document of a page saved as an MHT archive."""
    found = mime_html(data)
    if found is None:
        raise UnreadableFile("not a web archive: no HTML part in it")
    page, encoding = found
    # Handed on as UTF-8 with its mark, which outranks a meta tag's charset: the part's own was applied already.
    document = read_html(path, codecs.BOM_UTF8 + page.encode("utf-8", errors="replace"))
    return replace(document, format="mht", meta={**document.meta, "encoding": encoding})
