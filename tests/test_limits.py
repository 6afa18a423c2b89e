"""Per-file limits: oversized files, oversized text, zip bombs and deeply nested pages cost bounded work."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest

from tongwen.index import limits
from tongwen.index.errors import InvalidParameter, UnreadableFile
from tongwen.index.readers import read_document
from tongwen.index.readers.html import MAX_DEPTH, flatten_deep
from tongwen.index.store import update_index
from tongwen.search.searcher import Searcher


def docx_bytes(paragraphs: list[str]) -> bytes:
    """A small Word file with these paragraphs."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _skips(tmp_path: Path, files: dict[str, bytes | str], **env) -> tuple[dict, list[str]]:
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    for name, content in files.items():
        data = content.encode() if isinstance(content, str) else content
        (corpus / name).write_bytes(data)
    warnings: list[str] = []
    report = update_index([corpus], tmp_path / "index", warn=warnings.append)
    return report, warnings


def test_a_file_over_the_size_limit_is_skipped_unread_with_one_warning_naming_the_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("TONGWEN_MAX_FILE_MB", "1")
    report, warnings = _skips(tmp_path, {"huge.txt": "海淀区。" * 200_000, "ok.txt": "海淀区推进建设。"})
    assert (report.indexed, report.skipped) == (1, 1)
    [warning] = warnings
    assert "huge.txt" in warning and "over the limit of 1 MB (TONGWEN_MAX_FILE_MB)" in warning


def test_text_over_the_character_limit_is_skipped_before_it_is_analyzed(tmp_path, monkeypatch):
    monkeypatch.setenv("TONGWEN_MAX_TEXT_CHARS", "1000")
    long_page = "<html><body>" + "<p>湿地公园建设。</p>" * 400 + "</body></html>"
    report, warnings = _skips(tmp_path, {"long.txt": "湿地公园。" * 1000, "long.html": long_page,
                                         "short.txt": "湿地公园。"})
    assert (report.indexed, report.skipped) == (1, 2)
    assert all("over the limit of 1,000 (TONGWEN_MAX_TEXT_CHARS)" in w for w in warnings)
    assert Searcher.open(tmp_path / "index").search("湿地公园")["total"] == 1


def _never_parsed(monkeypatch) -> None:
    from tongwen.index.readers import html

    def parse(markup):
        raise AssertionError("the page was parsed")

    monkeypatch.setattr(html, "_parse", parse)


def test_a_page_whose_text_is_over_the_limit_is_refused_before_it_is_parsed_whatever_its_size(tmp_path, monkeypatch):
    monkeypatch.setenv("TONGWEN_MAX_TEXT_CHARS", "1000")
    _never_parsed(monkeypatch)
    # Refused from its bytes (4,000 characters, 12,000 bytes: surely over), and once decoded (1,200 characters
    # in 3,600 bytes: over, though its bytes could have held fewer).
    for name, chars in (("long.html", 4000), ("just_over.html", 1200)):
        page = "<html><body><script>var a = 1;</script>" + "<p>湿地公园。</p>" * (chars // 5) + "</body></html>"
        path = tmp_path / name
        path.write_text(page, encoding="utf-8")
        with pytest.raises(UnreadableFile, match="over the limit of 1,000"):
            read_document(path)


def test_markup_scripts_and_white_space_do_not_count_as_a_page_s_text(tmp_path, monkeypatch):
    monkeypatch.setenv("TONGWEN_MAX_TEXT_CHARS", "1000")
    page = ("<html><head><style>p { margin: 0 }" + " " * 5000 + "</style></head><body>"
            + "<script>" + "var x = '湿地';" * 500 + "</script>" + "<!-- " + "注释" * 2000 + " -->"
            + "<div class='content'>" + "&nbsp;" * 2000 + "<p>湿地公园建设。</p></div></body></html>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    assert "湿地公园建设。" in read_document(path).text


def test_a_word_body_whose_text_is_over_the_limit_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    monkeypatch.setenv("TONGWEN_MAX_TEXT_CHARS", "100000")
    path = tmp_path / "long.docx"
    rng = random.Random(7)  # varied text: repeated text would inflate like a zip bomb
    path.write_bytes(docx_bytes(["".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(60))
                                 for _ in range(5_000)]))  # a body of some 2 MB

    def never_opened(stream):
        raise AssertionError("the document was opened")

    monkeypatch.setattr("docx.Document", never_opened)
    with pytest.raises(UnreadableFile, match="over the limit of 100,000"):
        read_document(path)


def _bomb(inflated: int) -> bytes:
    """A Word package whose document part inflates ``inflated`` bytes from a few kilobytes."""
    good = zipfile.ZipFile(io.BytesIO(docx_bytes(["湿地公园建设。"])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in good.infolist():
            data = good.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"</w:body>", b"<!--" + b" " * inflated + b"--></w:body>")
            z.writestr(item.filename, data)
    return out.getvalue()


def test_a_zip_bomb_docx_is_skipped_by_its_inflation_ratio_and_by_its_unpacked_size(tmp_path, monkeypatch):
    bomb = _bomb(20 * limits.MB)
    assert len(bomb) < 200_000
    report, warnings = _skips(tmp_path, {"bomb.docx": bomb, "ok.docx": docx_bytes(["湿地公园建设。"])})
    assert (report.indexed, report.skipped) == (1, 1)
    assert "word/document.xml inflates" in warnings[0] and "a zip bomb" in warnings[0]

    monkeypatch.setenv("TONGWEN_MAX_UNPACKED_MB", "1")
    path = tmp_path / "plain.docx"
    path.write_bytes(_bomb(int(1.5 * limits.MB)))  # a ratio under the limit, but more than 1 MB unpacked
    with pytest.raises(Exception) as raised:
        read_document(path)
    assert "over the limit of 1 MB (TONGWEN_MAX_UNPACKED_MB)" in str(raised.value)


def test_a_page_nested_far_deeper_than_the_parser_goes_keeps_its_text(tmp_path):
    deep = ("<html><head><title>深层页面</title></head><body>" + "<div>" * 50_000 + "<p>深层正文：湿地公园建设。</p>"
            + "</div>" * 50_000 + "<p>结尾段落。</p></body></html>")
    path = tmp_path / "deep.html"
    path.write_text(deep, encoding="utf-8")
    document = read_document(path)
    assert "深层正文：湿地公园建设。" in document.text and "结尾段落。" in document.text


def test_flattening_removes_only_tags_past_the_limit_and_leaves_ordinary_pages_alone():
    page = "<html><body><div><p>一<br>二</p><img src=x></div></body></html>"
    assert flatten_deep(page, limit=MAX_DEPTH) == page
    nested = "<div>" * 5 + "文字" + "</div>" * 5
    assert flatten_deep(nested, limit=2) == "<div><div>文字</div></div>"


@pytest.mark.parametrize("name,value", [("TONGWEN_MAX_FILE_MB", "lots"), ("TONGWEN_MAX_TEXT_CHARS", "0")])
def test_a_bad_limit_setting_is_one_clear_error(name, value):
    with pytest.raises(InvalidParameter) as raised:
        limits.Limits.from_env({name: value})
    assert name in str(raised.value)
