"""The OFD reader: every page's text runs as printed lines in reading order, page furniture dropped, wraps rejoined."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongwen.index.errors import UnreadableFile
from tongwen.index.readers import read_document
from tongwen.index.readers.ofd import _advance, read_ofd
from tests.fixtures_formats import (
    AGENCY,
    DATE_LINE,
    INTRO,
    NUMBER,
    RUNNING_HEADER,
    TASK,
    TITLE,
    garbled_package,
    _ofd_page,
    policy_ofd,
    read_or_refused,
)


@pytest.fixture
def notice(tmp_path):
    return read_document(policy_ofd(tmp_path / "notice.ofd"))


def test_the_pages_read_in_order_with_runs_joined_into_lines_and_wrapped_lines_rejoined(notice):
    assert notice.text == "\n\n".join((
        TITLE, NUMBER, "各街道办事处、各镇人民政府，区政府各委、办、局：", INTRO,
        "到2020年，全区研发投入强度保持在百分之十以上，RISC-V与5G等新兴产业集群初具规模。",
        "一、总体目标", TASK, "GDP growth", AGENCY, DATE_LINE,
    ))
    assert notice.format == "ofd"


def test_running_headers_and_page_numbers_stay_out_of_the_text(notice):
    assert RUNNING_HEADER not in notice.text and "- 1 -" not in notice.text and "- 2 -" not in notice.text


# Golden table: what a person reads as the notice's title and policy fields.
def test_the_doc_info_and_the_policy_metadata_go_to_meta(notice):
    assert notice.title == TITLE
    assert notice.meta == {"title": TITLE, "author": AGENCY, "created": "2016-11-17", "agency": AGENCY,
                           "number": NUMBER, "date": "2016-11-17", "year": 2016, "type": "意见"}


def test_an_author_field_naming_the_producing_software_is_no_author(tmp_path):
    path = policy_ofd(tmp_path / "n.ofd")
    with zipfile.ZipFile(path) as good:
        parts = {name: good.read(name) for name in good.namelist()}
    parts["OFD.xml"] = parts["OFD.xml"].replace(AGENCY.encode(), "iOFD® 2.1.1 ©2019-2020 dms360.cn".encode())
    document = read_document(_package(tmp_path, {name: data.decode() for name, data in parts.items()}))
    assert "author" not in document.meta and document.meta["agency"] == AGENCY


def test_a_doc_info_title_the_text_does_not_say_is_not_the_title(tmp_path):
    for junk in ("Untitled", "关于报送2009年度统计报表的通知"):
        assert read_document(policy_ofd(tmp_path / "n.ofd", title=junk)).title == TITLE


@pytest.mark.parametrize("delta, text, size, reach", [
    ("2 g 3 1.5", "abcde", 4.0, 2 + 4.5 + 6.5 / 4),  # g 3 1.5 repeats 1.5 three times; the last is their mean
    ("", "ab中", 4.0, 2 + 2 + 4),  # no advances: half the size per Latin character, the whole per other one
    ("x y", "ab", 4.0, 4.0),  # advances that are not numbers count as none
])
def test_a_run_reaches_as_far_as_its_advances_say(delta, text, size, reach):
    assert _advance(delta, text, size) == pytest.approx(reach)


def _package(tmp_path: Path, parts: dict[str, str]) -> Path:
    path = tmp_path / "x.ofd"
    with zipfile.ZipFile(path, "w") as package:
        for name, text in parts.items():
            package.writestr(name, text)
    return path


def test_an_ofd_with_no_text_or_no_package_is_unreadable_saying_why(tmp_path):
    ofd = ('<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml'
           "</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
    document = ('<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages>'
                '<ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>')
    scan = _package(tmp_path, {"OFD.xml": ofd, "Doc_0/Document.xml": document,
                               "Doc_0/Pages/Page_0/Content.xml": _ofd_page([(100, 285, "- 1 -", "")])})
    with pytest.raises(UnreadableFile, match="the OFD has no text"):
        read_document(scan)
    broken = _package(tmp_path, {"OFD.xml": ofd})  # its document root is missing
    with pytest.raises(UnreadableFile, match="not a readable OFD document"):
        read_document(broken)
    with pytest.raises(UnreadableFile, match="not a readable OFD document"):
        read_ofd(Path("x.ofd"), b"not a zip")


def test_embedded_fonts_and_images_do_not_count_against_the_unpacked_text_limit(tmp_path, monkeypatch):
    import os

    monkeypatch.setenv("TONGWEN_MAX_UNPACKED_MB", "1")
    with zipfile.ZipFile(policy_ofd(tmp_path / "n.ofd")) as good:
        parts = {name: good.read(name) for name in good.namelist()}
    parts["Doc_0/Res/font_1.ttf"] = os.urandom(3 << 20)  # a CJK font, as an official file embeds one
    path = tmp_path / "fonts.ofd"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    assert read_document(path).title == TITLE
    parts["Doc_0/Pages/Page_2/Content.xml"] = b"<a>" + b" " * (2 << 20) + b"</a>"  # text parts still count
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    with pytest.raises(UnreadableFile, match="over the limit of 1 MB"):
        read_document(path)


def test_an_external_entity_in_a_part_is_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容", encoding="utf-8")
    page = _ofd_page([(25, 40, "公开的通知正文", ""), (25, 50, "&secret;", "")]).replace(
        "<ofd:Page ", f'<!DOCTYPE p [<!ENTITY secret SYSTEM "file://{secret}">]><ofd:Page ', 1)
    page = page.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="UTF-8"?>\n', 1)
    with zipfile.ZipFile(policy_ofd(tmp_path / "n.ofd")) as good:
        parts = {name: good.read(name).decode() for name in good.namelist()}
    parts["Doc_0/Pages/Page_1/Content.xml"] = page
    document = read_document(_package(tmp_path, parts))
    assert "公开的通知正文" in document.text and "机密内容" not in document.text


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_garbled_parts_give_unreadable_file_or_text_never_a_crash(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("ofd")
    document = read_or_refused(lambda: read_document(garbled_package(policy_ofd(folder / "n.ofd"), folder / "x.ofd", data)))
    assert document is None or isinstance(document.text, str)
