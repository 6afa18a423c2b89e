"""Vocabulary alternatives: regional words across the strait, synonym groups, and the vocabulary file."""

from __future__ import annotations

import os

import pytest

from tongwen.index.analysis.script import to_simplified
from tongwen.index.errors import InputPathError
from tongwen.index.vocabulary import (
    DEFAULT_VOCABULARY,
    Alternative,
    Vocabulary,
    alternatives,
    parse_vocabulary,
    regional_pairs,
    regional_alternatives,
    regional_variants,
    synonyms,
    vocabulary,
    vocabulary_path,
)


@pytest.mark.parametrize("text, variants", [
    ("軟體城", ["软件城"]),
    ("软件城", ["软体城"]),
    ("資料庫", ["数据库"]),
    ("核心区", ["内核区"]),
    ("軟體", ["软件"]),
    ("矽谷", []),  # 矽 is folded to 硅 by the analysis, in every word: no regional word
    ("云端运算", ["云计算"]),
    ("電腦", ["计算机"]),  # Taiwan's computer (请重新启动计算机 / 請重新啟動電腦)
    ("電腦程式", ["电脑程序", "计算机程序", "计算机程式"]),
    # Two table words overlap (品质, Taiwan's 质量, and 质量): each reading is a variant, so 产品质量 finds 產品品質.
    ("产品质量", ["产质量量", "产品品质"]),
    ("網路安全法", ["网络安全法"]),
    ("設定檔", ["配置文件"]),  # software's words each side translates its own way (設定檔 / 配置文件, 暫存檔 / 临时文件)  # the longer word wins where it covers more (网路安全, not 网路 alone)
    ("中关村", []),
    ("海淀", []),
    ("", []),
])
def test_regional_variants_swap_regional_words_for_their_counterparts(text, variants):
    assert regional_variants(text) == variants


def test_the_regional_table_reads_both_ways():
    pairs = regional_pairs()
    for word, others in pairs.items():
        for other in others:
            assert word in pairs[other], (word, other)
    assert "数据库" in pairs["资料库"] and "资料库" in pairs["数据库"]


def test_the_first_variants_swap_every_word_the_other_region_writes_its_own_way():
    # A text of one side holds none of the other's words: with four of them in one term, the spelling that swaps all
    # four comes first, not one keeping the first words (the cap of eight once kept only those).
    variants = regional_variants("推动软件产业与数据库、网络安全及人工智能发展")
    assert variants[0] == "推动软体产业与资料库、网路安全及人工智慧发展"
    # A word of the other side's already in the text (核心, Taiwan's 内核) is swapped only towards its own region.
    assert regional_alternatives("软件和数据库的核心区")[:2] == [("软体和资料库的核心区", "hant"), ("软件和数据库的内核区", "hans")]


def test_a_pasted_paragraph_of_many_table_words_gives_its_variants_at_once():
    text = "软件、数据库、网络安全、人工智能、服务器、硬件、程序、信息、网络、视频、" * 6
    variants = regional_variants(text)
    assert len(variants) == 8 and variants[0].count("软体") == 6 and "软件" not in variants[0]


def test_regional_variants_never_return_the_query_itself_and_stay_few():
    for text in ("软件和数据库的核心区", "軟體與資料庫", "行动电话软件"):
        variants = regional_variants(text)
        assert variants and len(variants) <= 8 and len(set(variants)) == len(variants)
        assert to_simplified(text) not in variants


def test_parse_vocabulary_reads_words_with_optional_frequencies_and_synonym_groups():
    text = """
# a comment
[words]
中关村科学城
高精尖 300   # frequency after a space
双创 many

[synonyms]
人工智能 = AI = artificial intelligence
孤单   # one member is no group
 国内生产总值=GDP
"""
    assert parse_vocabulary(text) == Vocabulary(
        words=(("中关村科学城", None), ("高精尖", 300), ("双创", None)),
        synonyms=(("人工智能", "AI", "artificial intelligence"), ("国内生产总值", "GDP")),
    )


def test_lines_before_any_section_are_ignored():
    assert parse_vocabulary("中关村\n人工智能 = AI\n") == Vocabulary((), ())


@pytest.mark.parametrize("term, others", [
    ("AI", ("人工智能", "artificial intelligence")),
    ("ai", ("人工智能", "artificial intelligence")),
    ("Artificial  Intelligence", ("人工智能", "AI")),
    ("人工智能", ("AI", "artificial intelligence")),
    ("國內生產總值", ("GDP",)),
    ("海淀", ()),
    ("人工", ()),
    # The short names texts and their readers give the national bodies that adopt laws.
    ("全国人大常委会", ("全国人民代表大会常务委员会",)), ("全國人大常委會", ("全国人民代表大会常务委员会",)),
    ("最高人民法院", ("最高法",)),
])
def test_synonyms_are_the_other_members_of_the_whole_terms_group(term, others):
    assert synonyms(term) == others


def test_alternatives_list_synonyms_then_regional_words():
    assert alternatives("AI") == [Alternative("人工智能", "synonym"), Alternative("artificial intelligence", "synonym")]
    assert alternatives("軟體") == [Alternative("软件", "regional", script="hans")]
    assert alternatives("中关村") == []


def test_the_vocabulary_file_comes_from_the_environment_and_is_reread_when_it_changes(tmp_path, monkeypatch):
    assert vocabulary_path() == DEFAULT_VOCABULARY
    own = tmp_path / "vocabulary.txt"
    own.write_text("[synonyms]\n海淀 = 五道口\n", encoding="utf-8")
    monkeypatch.setenv("TONGWEN_VOCABULARY", str(own))
    assert vocabulary_path() == own
    assert synonyms("五道口") == ("海淀",)
    assert synonyms("AI") == ()
    own.write_text("[synonyms]\n海淀 = 中关村 = 五道口\n", encoding="utf-8")
    os.utime(own, ns=(own.stat().st_atime_ns, own.stat().st_mtime_ns + 1_000_000_000))
    assert synonyms("五道口") == ("海淀", "中关村")
    assert vocabulary().synonyms == (("海淀", "中关村", "五道口"),)


def test_a_missing_vocabulary_file_is_an_input_path_error(tmp_path, monkeypatch):
    monkeypatch.setenv("TONGWEN_VOCABULARY", str(tmp_path / "missing.txt"))
    with pytest.raises(InputPathError, match="vocabulary file not found"):
        vocabulary_path()


@pytest.mark.parametrize("text, found", [
    ("数据", [("资料", "hant")]),  # Taiwan's word for it: in Traditional documents only
    ("資料", [("数据", "hans")]),  # the mainland's: in Simplified documents only
    ("软件", [("软体", "hant")]),
    # Each region's words swapped in: a spelling with one side's word for each half is no text's.
    ("數據資料", [("资料资料", "hant"), ("数据数据", "hans")]),
])
def test_a_regional_variant_is_tied_to_the_script_of_the_region_whose_words_it_swaps_in(text, found):
    assert regional_alternatives(text) == found
