"""The packages documents come in: zip archives and OLE compound files, recognized by their own directories."""

from __future__ import annotations

import io
import zipfile

import pytest

from tongwen.index.errors import UnreadableFile
from tongwen.index.readers import read_document
from tongwen.index.readers.containers import check_package, root_holds, zip_holds
from tests.fixtures_formats import _compound_file, briefing_pptx, list_xlsx, policy_docx, repackaged


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out.getvalue()


def test_a_zip_holds_a_part_its_own_directory_lists_not_one_of_an_archive_it_embeds():
    inner = _zip({"xl/workbook.xml": b"<workbook/>"})
    deck = _zip({"ppt/presentation.xml": b"<p/>", "ppt/embeddings/chart.xlsx": inner})
    assert b"xl/workbook.xml" in deck  # a byte search would take the deck for a workbook
    assert zip_holds(deck, "ppt/presentation.xml") and not zip_holds(deck, "xl/workbook.xml")
    assert not zip_holds(b"PK\x03\x04 xl/workbook.xml, but no archive", "xl/workbook.xml")


def test_a_compound_file_holds_the_streams_at_its_root():
    data = _compound_file({"WordDocument": b"\0" * 64, "1Table": b"\0" * 64})
    assert root_holds(data, ("WordDocument",)) and not root_holds(data, ("Workbook", "Book"))
    assert not root_holds(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"), ("WordDocument",))


@pytest.mark.parametrize("name", ["budget.xlsx", "notice.docx", "deck.pptx"])
def test_a_password_protected_office_package_is_skipped_saying_so(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(_compound_file({"EncryptionInfo": b"\x04\x00\x04\x00" + b"\0" * 60,
                                     "EncryptedPackage": b"\0" * 128}))
    with pytest.raises(UnreadableFile, match=f"{name}: encrypted \\(password-protected\\); skipped"):
        read_document(path)


def test_a_package_over_the_unpacked_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    import os

    monkeypatch.setenv("TONGWEN_MAX_UNPACKED_MB", "1")
    with pytest.raises(UnreadableFile, match="its parts unpack to 2 MB, over the limit of 1 MB"):
        check_package(_zip({"content.xml": os.urandom(2 << 20)}), kind="OpenDocument file", media="Pictures/")
    check_package(_zip({"Pictures/photo.jpg": os.urandom(2 << 20), "content.xml": b"<x/>"}), media="Pictures/")
    assert read_document(list_xlsx(tmp_path / "list.xlsx")).text


# ISO/IEC 29500 Strict writes the same parts under other namespace names (as Excel's "Strict Open XML" saves do):
# each transitional name, the Strict name it becomes. The relationships' name also prefixes their types.
STRICT_NAMES = [
    (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
     b"http://purl.oclc.org/ooxml/officeDocument/relationships"),
    (b"http://schemas.openxmlformats.org/spreadsheetml/2006/main", b"http://purl.oclc.org/ooxml/spreadsheetml/main"),
    (b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
     b"http://purl.oclc.org/ooxml/wordprocessingml/main"),
    (b"http://schemas.openxmlformats.org/presentationml/2006/main",
     b"http://purl.oclc.org/ooxml/presentationml/main"),
    (b"http://schemas.openxmlformats.org/drawingml/2006/main", b"http://purl.oclc.org/ooxml/drawingml/main"),
]


def _as_strict(source, target):
    def strict(xml: bytes) -> bytes:
        for transitional, name in STRICT_NAMES:
            xml = xml.replace(transitional, name)
        return xml

    with zipfile.ZipFile(source) as package:
        parts = [n for n in package.namelist() if n.endswith((".xml", ".rels"))]
    return repackaged(source, target, dict.fromkeys(parts, strict))


@pytest.mark.parametrize("make", [list_xlsx, policy_docx, briefing_pptx], ids=["xlsx", "docx", "pptx"])
def test_a_package_written_in_strict_open_xml_reads_as_its_transitional_twin(tmp_path, make):
    suffix = {"list_xlsx": ".xlsx", "policy_docx": ".docx", "briefing_pptx": ".pptx"}[make.__name__]
    twin = make(tmp_path / f"twin{suffix}")
    strict = _as_strict(twin, tmp_path / f"strict{suffix}")
    main = {".xlsx": "xl/workbook.xml", ".docx": "word/document.xml", ".pptx": "ppt/presentation.xml"}[suffix]
    assert b"purl.oclc.org/ooxml" in zipfile.ZipFile(strict).read(main)
    expected, document = read_document(twin), read_document(strict)
    assert document.text == expected.text and len(document.text) > 20
    assert (document.title, document.meta, document.headings) == (expected.title, expected.meta, expected.headings)


@pytest.mark.parametrize("which", ["_rels/.rels", "xl/worksheets/"])
def test_a_damaged_part_of_a_strict_package_gives_unreadable_file_never_a_zip_error(tmp_path, which):
    strict = _as_strict(list_xlsx(tmp_path / "twin.xlsx"), tmp_path / "strict.xlsx")
    part = next(name for name in zipfile.ZipFile(strict).namelist() if name.startswith(which))
    data = bytearray(strict.read_bytes())
    info = zipfile.ZipFile(strict).getinfo(part)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF  # the part's CRC no longer matches what it unpacks to
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(bytes(data))
    with pytest.raises(UnreadableFile):
        read_document(damaged)
