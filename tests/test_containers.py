"""The packages documents come in: zip archives and OLE compound files, recognized by their own directories."""

from __future__ import annotations

import io
import zipfile

import pytest

from tongwen.index.errors import UnreadableFile
from tongwen.index.readers import read_document
from tongwen.index.readers.containers import check_package, root_holds, zip_holds
from tests.fixtures_formats import _compound_file, list_xlsx


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
