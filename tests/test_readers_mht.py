"""The MHT reader: a page saved as one file reads as the page itself does."""

from __future__ import annotations

from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest

from tongwen.index.errors import UnreadableFile
from tongwen.index.readers import read_document
from tests.fixtures_formats import government_page_html


def _archive(page: MIMEText | None) -> bytes:
    """A web archive as Internet Explorer saves one: the page, then an image it shows."""
    archive = MIMEMultipart("related")
    archive["Subject"] = "saved page"
    if page is not None:
        page["Content-Location"] = "http://www.bjhd.gov.cn/zfxxgk/notice.htm"
        archive.attach(page)
    image = MIMEImage(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "gif")
    image["Content-Location"] = "http://www.bjhd.gov.cn/logo.gif"
    archive.attach(image)
    return archive.as_bytes()


def test_a_saved_gbk_page_reads_as_the_page_itself_with_its_encoding(tmp_path):
    html = government_page_html("gbk")
    page = tmp_path / "notice.html"
    page.write_bytes(html.encode("gbk"))
    saved = tmp_path / "notice.mht"
    saved.write_bytes(_archive(MIMEText(html, "html", "gbk")))
    expected, document = read_document(page), read_document(saved)
    assert (document.text, document.title, document.headings) == (expected.text, expected.title, expected.headings)
    assert document.meta == expected.meta and document.meta["encoding"] == "gb18030"  # GBK's superset, as for a page
    assert document.format == "mht"


def test_a_saved_page_whose_part_names_no_charset_is_decoded_by_its_meta_tag(tmp_path):
    html = government_page_html("gbk")
    part = MIMEText("", "html")
    part.replace_header("Content-Type", "text/html")
    part.replace_header("Content-Transfer-Encoding", "8bit")
    part.set_payload(html.encode("gbk"))
    saved = tmp_path / "notice.mht"
    saved.write_bytes(_archive(part))
    page = tmp_path / "page.html"
    page.write_bytes(html.encode("gbk"))
    assert read_document(saved).text == read_document(page).text


def test_an_archive_without_a_page_is_unreadable_saying_why(tmp_path):
    saved = tmp_path / "images.mht"
    saved.write_bytes(_archive(None))
    with pytest.raises(UnreadableFile, match="images.mht: not a web archive: no HTML part in it"):
        read_document(saved)
