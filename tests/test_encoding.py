"""Encoding detection: Unicode with and without BOM, GB18030 and Big5 by plausibility, binary refused."""

from __future__ import annotations

import codecs
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongwen.index.encoding import detect, plausibility
from tongwen.index.errors import UnreadableFile

SIMPLIFIED = [
    "你好",
    "海淀区",
    "观念的变革",
    "北京市海淀区人民政府",
    "三、主要任务",
    "海淀区位于北京市区西北部，区域面积430.77平方公里。",
    "我们的国家发生了天翻地覆的变化，无论是在中华民族历史上，还是在世界历史上。",
    "加快建设全国科技创新中心核心区，打造具有全球影响力的科技创新中心。",
]
TRADITIONAL = [
    "你好",
    "魅力海淀",
    "海淀區",
    "觀念的變革",
    "北京市海淀區人民政府",
    "海淀區立足首都城市戰略定位。",
    "我們的國家發生了天翻地覆的變化，無論是在中華民族歷史上，還是在世界歷史上。",
    "始終佔據着中國高技術產業創新源頭的領先地位，成為中國科技創新出發地。",
]


def _decode(data: bytes) -> str:
    return detect(data)[0]


def _common_characters() -> tuple[str, str]:
    """The frequent-character lists the detector ships with (simplified, traditional)."""
    from importlib import resources

    lines = resources.files("index").joinpath("data/common_han.txt").read_text(encoding="utf-8").splitlines()
    simplified, traditional = (line for line in lines if line and not line.startswith("#"))
    return simplified, traditional


def test_plain_utf8_is_decoded_as_utf8():
    assert detect("海淀区 GDP 增长 7.0%".encode()) == ("海淀区 GDP 增长 7.0%", "utf-8")


def test_a_utf8_byte_order_mark_is_removed():
    assert _decode(codecs.BOM_UTF8 + "魅力海淀".encode()) == "魅力海淀"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_decoded_in_its_byte_order(encoding):
    bom = codecs.BOM_UTF16_LE if encoding == "utf-16-le" else codecs.BOM_UTF16_BE
    assert _decode(bom + "觀念的變革 RISC-V".encode(encoding)) == "觀念的變革 RISC-V"


def test_utf16_without_byte_order_mark_is_recognised_by_its_zero_bytes():
    assert _decode("Haidian 海淀 district report".encode("utf-16-le")) == "Haidian 海淀 district report"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", ["关于加强城市规划管理工作的通知\n\n一、各区人民政府要加强管理。\n",
                                  "第一條　為促進經濟發展，特制定本條例。\n第二條　本條例所稱主管機關：在中央為經濟部。"])
def test_chinese_in_utf16_without_byte_order_mark_is_read_in_the_order_it_reads_as_chinese(text, encoding):
    # Its few NULs (line breaks, the low byte of 一) sit on both sides of the code units.
    assert detect(text.encode(encoding)) == (text, encoding)


@pytest.mark.parametrize("data", [bytes([0, 0x4E, 0x89, 0x50, 0, 0, 0x1A, 0x0A] * 40), b"\x89PNG\r\n\x1a\n\x00\x00"])
def test_bytes_with_nuls_that_read_as_no_text_in_either_utf16_order_are_binary(data):
    with pytest.raises(UnreadableFile, match="binary"):
        detect(data)


@pytest.mark.parametrize("text", SIMPLIFIED)
def test_simplified_chinese_in_gb18030_is_decoded_even_when_short(text):
    assert detect(text.encode("gb18030")) == (text, "gb18030")


@pytest.mark.parametrize("text", TRADITIONAL)
def test_traditional_chinese_in_big5_is_decoded_even_when_short(text):
    decoded, encoding = detect(text.encode("big5hkscs"))
    assert decoded == text
    assert encoding in ("cp950", "big5hkscs")


@pytest.mark.parametrize("text", TRADITIONAL[2:])
def test_traditional_chinese_saved_as_gb18030_is_still_gb18030(text):
    assert _decode(text.encode("gb18030")) == text


def test_a_utf8_file_cut_inside_its_last_character_is_still_utf8():
    data = "海淀区位于北京市区西北部，区域面积430.77平方公里。".encode()
    assert _decode(data[:-1]).startswith("海淀区位于北京市区西北部")


def test_mostly_ascii_windows_1252_text_is_decoded():
    assert _decode("Le café est très bon, à côté.".encode("cp1252")) == "Le café est très bon, à côté."


def test_empty_data_is_unreadable_as_empty():
    with pytest.raises(UnreadableFile, match="empty"):
        _decode(b"")


def test_data_with_nul_bytes_is_binary():
    with pytest.raises(UnreadableFile, match="binary"):
        _decode(b"%PDF-1.4\n\x00\x01\x02binary\x00stream")


def test_data_that_is_mostly_control_characters_is_binary():
    with pytest.raises(UnreadableFile, match="binary"):
        _decode(bytes(range(1, 32)) * 20)


@pytest.mark.parametrize("size", [12, 200, 5000])
def test_random_high_bytes_are_not_decodable(size):
    rng = random.Random(size)
    data = bytes(rng.randrange(0x80, 0x100) for _ in range(size))
    with pytest.raises(UnreadableFile, match="cannot decode"):
        _decode(data)


def test_real_chinese_is_more_plausible_than_its_wrong_legacy_decoding():
    text = "海淀区位于北京市区西北部，区域面积430.77平方公里。"
    assert plausibility(text) > 0.6
    assert plausibility(text.encode("gb18030").decode("big5hkscs", "replace")) < 0.3


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_runs_of_frequent_simplified_characters_round_trip_through_gb18030(data):
    simplified, _ = _common_characters()
    text = data.draw(st.text(alphabet=st.sampled_from(simplified + "，。、"), min_size=6, max_size=40))
    assert _decode(text.encode("gb18030")) == text


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_runs_of_frequent_traditional_characters_round_trip_through_big5(data):
    _, traditional = _common_characters()
    text = data.draw(st.text(alphabet=st.sampled_from(traditional + "，。、"), min_size=6, max_size=40))
    assert _decode(text.encode("big5hkscs")) == text


# A Chinese page read in the wrong charset (Latin-1 or Windows-1252) and saved as UTF-8: mojibake of each encoding.
MOJIBAKE = [
    ("cp950", "latin-1", TRADITIONAL[6]),
    ("gb18030", "latin-1", SIMPLIFIED[6]),
    ("utf-8", "latin-1", SIMPLIFIED[7]),
    ("gb18030", "cp1252", SIMPLIFIED[5] + SIMPLIFIED[7]),
]


@pytest.mark.parametrize("encoding, read_as, text", MOJIBAKE)
def test_a_chinese_page_saved_as_mojibake_is_read_as_the_page_was_written(encoding, read_as, text):
    page = text.encode(encoding)
    garbled = "".join(bytes([b]).decode(read_as) if read_as == "latin-1" or b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
                      else chr(b) for b in page)  # a lenient reader keeps the five undefined bytes as they were
    assert garbled != text
    assert detect(garbled.encode("utf-8")) == (text, f"{encoding} (repaired from Latin-1)")


def _lenient(page: bytes) -> str:
    """``page`` read as a lenient reader reads it: runs that form UTF-8 as UTF-8, every other byte as Latin-1."""
    read = page.decode("utf-8", errors="surrogateescape")
    return "".join(chr(ord(char) - 0xDC00) if "\udc80" <= char <= "\udcff" else char for char in read)


def test_a_big5_page_read_leniently_as_utf8_then_latin_1_is_repaired_too():
    text = "簡體版 英文版 寄給朋友 政府新聞網\n因應十一月十八日在灣仔及中區舉行的公眾遊行而實施的特別交通及運輸安排"
    garbled = _lenient(text.encode("cp950"))
    assert "骩" in garbled  # 體版 (C5 E9 AA A9) holds E9 AA A9, which is UTF-8
    repaired, encoding = detect(garbled.encode("utf-8"))
    # 簡 (C2 B2) was read as the UTF-8 of ², one character, which no one can tell from the byte B2: it is lost.
    assert encoding == "cp950 (repaired from Latin-1)" and repaired[3:] == text[3:]
    damaged = garbled.replace("\xad", "")  # a tool dropped a soft hyphen: a character is lost, the rest is read
    assert detect(damaged.encode("utf-8"))[0].endswith("特別交通及運輸安排")


@pytest.mark.parametrize("text", [
    "Le Conseil législatif a adopté le projet de loi à l'unanimité; les députés ont été félicités. Élections, été.",
    "Die Straßenbahn fährt über die Brücke; Größe, Maß und Gebühr für Übergänge und Änderungen, schön und müde.",
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏ",  # too few to tell
    "海淀区 Ñandú Ñandú Ñandú Ñandú Ñandú Ñandú Ñandú",  # a character no byte reads as: real text
])
def test_text_with_accents_that_reads_as_no_chinese_stays_as_written(text):
    assert detect(text.encode("utf-8")) == (text, "utf-8")


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_frequent_characters_garbled_through_latin_1_come_back_whole(data):
    simplified, traditional = _common_characters()
    alphabet, encoding = data.draw(st.sampled_from([(simplified, "gb18030"), (traditional, "big5hkscs")]))
    # Each character's first byte is in the upper half: twenty of them are enough to tell (``_MOJIBAKE_MIN``).
    text = data.draw(st.text(alphabet=st.sampled_from(alphabet + "，。、"), min_size=20, max_size=40))
    repaired, _ = detect(text.encode(encoding).decode("latin-1").encode("utf-8"))
    assert repaired == text


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_chinese_text_with_latin_1_symbols_is_never_taken_for_mojibake(data):
    # Real text: its Han characters are no bytes of anything, however many ·, ×, ° or é stand among them.
    simplified, _ = _common_characters()
    symbols = data.draw(st.text(alphabet=st.characters(min_codepoint=0xA0, max_codepoint=0xFF), max_size=60))
    han = data.draw(st.text(alphabet=st.sampled_from(simplified), min_size=len(symbols) // 4 + 1, max_size=80))
    text = "".join(data.draw(st.permutations(list(symbols + han))))
    assert detect(text.encode("utf-8")) == (text, "utf-8")
