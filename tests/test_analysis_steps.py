"""Golden tables for each analysis step, one step at a time."""

from array import array

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongwen.index.analysis import WORDS, Mapped, Token, latin, nfkc, script, segment, variants


@pytest.fixture(autouse=True)
def taught():
    """The segmenter as the word pipeline runs it: taught the domain vocabulary first."""
    WORDS.prepare()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ＧＤＰ", "GDP"),
        ("５Ｇ", "5G"),
        ("中关村，海淀", "中关村,海淀"),
        ("（一）", "(一)"),
        ("㈠", "(一)"),
        ("ﬁle", "file"),
        ("中關村", "中關村"),  # script conversion is the next step's concern
    ],
)
def test_nfkc_folds_compatibility_forms_per_code_point(text, expected):
    assert nfkc.nfkc(Mapped(text)).text == expected


def test_nfkc_of_every_code_point_of_the_basic_plane_is_unicodes_alone_and_amid_chinese():
    import unicodedata

    for code in [*range(0xD800), *range(0xE000, 0x10000)]:
        for text in (chr(code), f"海{chr(code)}淀，（１）ＧＤＰ"):
            expected = "".join(unicodedata.normalize("NFKC", ch) for ch in text)
            assert nfkc.nfkc(Mapped(text)).text == expected, hex(code)


def test_nfkc_keeps_each_output_character_pointing_at_its_original():
    m = nfkc.nfkc(Mapped("a㈠b"))
    assert m.text == "a(一)b"
    assert [m.span(i, i + 1) for i in range(len(m.text))] == [(0, 1), (1, 2), (1, 2), (1, 2), (2, 3)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("中關村", "中关村"),
        ("海淀區", "海淀区"),
        ("軟體", "软体"),  # characters only: the regional word 软件 is a query-side alternative
        ("資料庫", "资料库"),
        ("中关村", "中关村"),
        ("GDP 5G", "GDP 5G"),
    ],
)
def test_script_step_converts_traditional_to_simplified_keeping_length(text, expected):
    out = script.t2s(Mapped(text)).text
    assert out == expected and len(out) == len(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("随著", "随着"),  # Taiwan's particle: the mainland's 着
        ("意味著接著", "意味着接着"),
        ("衣著", "衣着"),
        ("著手", "着手"),
        ("显著", "显著"),  # read zhù: kept, as the mainland writes it
        ("显\n著", "显\n著"),  # a line break inside a word is none (the literal index reads 显著)
        ("随 著", "随 着"),
        ("著作权", "著作权"),
        ("土著", "土著"),
        ("帐户", "账户"),  # Taiwan's (and the mainland's older) spelling of the account
        ("会计帐簿", "会计账簿"),
        ("帐篷", "帐篷"),  # a tent stays a tent
        ("帐\n篷", "帐\n篷"),
        ("蚊帐", "蚊帐"),
        ("衞生", "卫生"),  # Hong Kong's variant character
        ("敍述", "叙述"),
        ("牠们", "它们"),
        ("直辖巿", "直辖市"),  # a classical character Taiwan's law texts print for 市
        ("枪砲", "枪炮"),
        ("賸余", "剩余"),
        ("有研矽股", "有研硅股"),  # Taiwan's silicon, in any word
        ("疏濬", "疏浚"),
        ("复甦", "复苏"),
        ("藉由", "借由"),
        ("慰藉", "慰藉"),
        ("身分证", "身分证"),  # a spelling in other characters is the regional table's (身分 ends 本身 in 本身分析)
        ("本身分析", "本身分析"),
        ("中关村 GDP", "中关村 GDP"),
    ],
)
def test_variant_step_folds_the_other_standards_characters_keeping_length(text, expected):
    # Origins as an earlier step that changed lengths would hand them on: each character keeps its own.
    m = Mapped(text, array("q", range(0, 2 * len(text), 2)), array("q", range(2, 2 * len(text) + 2, 2)))
    out = variants.fold_variants(m)
    assert out.text == expected and len(out.text) == len(text)
    assert (out.origin_start, out.origin_end) == (m.origin_start, m.origin_end)


@pytest.mark.parametrize(
    "text, mode, expected",
    [
        ("清华大学", "index", ["清华", "清华大学", "华大", "大学"]),
        ("清华大学", "query", ["清华大学"]),
        # A vocabulary word is one query word, and its parts are still index words.
        ("中关村科学城", "index", ["中关", "中关村", "中关村科学城", "关村", "科学", "科学城"]),
        ("中关村科学城", "query", ["中关村科学城"]),
        ("RISC-V和5G", "query", ["RISC-V", "risc-v和", "和", "和5g", "5G"]),
        ("RISC-V", "index", ["RISC", "RISC-V"]),
        # A number or Latin word and the Han word written against it are also one unit.
        ("10206.9亿元", "query", ["10206.9", "10206.9亿元", "亿元"]),
        ("IP核", "query", ["IP", "ip核", "核"]),
        ("174.06平方公里", "query", ["174.06", "174.06平方公里", "平方公里"]),
        ("第 12 条", "query", ["第", "第12", "第12条", "12", "12条", "条"]),
        ("5G 网络", "query", ["5G", "网络"]),  # a Latin word set off by a space is no unit; a number is
        # A number and the percent sign after it are a unit too: 5% is no 5 of 5.8%.
        ("增长5%左右", "index", ["增长", "增长5", "5", "5%", "左右"]),
        ("24.5 %", "query", ["24.5", "24.5%"]),
        ("5‰", "query", ["5", "5‰"]),
        ("RISC-V%", "query", ["RISC-V"]),
    ],
)
def test_word_segmentation_keeps_latin_whole_and_finds_sub_words_on_the_index_side(text, mode, expected):
    assert [t.text for t in segment.words(Mapped(text), mode)] == expected


@pytest.mark.parametrize(
    "text, mode, expected",
    [
        ("科技创新", "index", ["科技", "技创", "创新", "新"]),
        ("科技创新", "query", ["科技", "技创", "创新"]),
        ("海", "query", ["海"]),
        ("IP核", "index", ["核"]),
        ("10206.9亿元", "query", ["亿元"]),
        ("海\n淀 区", "index", ["海淀", "淀区", "区"]),  # whitespace inside a run is squeezed out
        ("中国,北京", "index", ["中国", "国", "北京", "京"]),
        ("中国,北京", "query", ["中国", "北京"]),
        ("一 , 二", "query", ["一", "二"]),
        # Quotation and title marks inside a phrase are typography, as a line break inside a word is.
        ("“十三五”规划", "index", ["十三", "三五", "五规", "规划", "划"]),
        ("《民法典》规定", "query", ["民法", "法典", "典规", "规定"]),
        ("「資通安全」 管理", "query", ["資通", "通安", "安全", "全管", "管理"]),
        ("教育、科技", "query", ["教育", "科技"]),  # an enumeration comma parts two words
    ],
)
def test_gram_segmentation_emits_every_han_bigram_and_the_last_character_of_each_run(text, mode, expected):
    assert [t.text for t in segment.grams(Mapped(text), mode)] == expected


@pytest.mark.parametrize(
    "token, stem, expected",
    [
        ("GDP", False, "gdp"),
        ("RISC-V", False, "risc-v"),
        ("Policies", True, "polici"),
        ("policy", True, "polici"),
        ("Policies", False, "policies"),
        ("5G", True, "5g"),
        ("中关村", True, "中关村"),
    ],
)
def test_latin_folding_lowers_case_and_stems_only_plain_words(token, stem, expected):
    kind = "han" if token == "中关村" else "latin"
    assert latin.fold([Token(token, 0, len(token), kind)], stem=stem)[0].text == expected


def test_tokens_are_immutable_values():
    tok = Token("gdp", 0, 3, "latin")
    with pytest.raises(AttributeError):
        tok.text = "x"
    assert tok == Token("gdp", 0, 3, "latin")


_SEGMENT_TEXT = st.text(alphabet="中关村科学城海淀区软件和信息服务业人工智能集成电路的發展園區ＧＤＰGDP RISC-V 5G，。\n、㈠",
                        max_size=80)


@settings(max_examples=200, deadline=None)
@given(text=_SEGMENT_TEXT, mode=st.sampled_from(["index", "query"]))
def test_han_words_are_what_jieba_tokenize_yields_for_han(text, mode):
    m = nfkc.nfkc(Mapped(text))
    jmode = "search" if mode == "index" else "default"
    expected = [Token(w, *m.span(s, e), "han") for w, s, e in jieba.tokenize(m.text, mode=jmode)
                if segment.IS_HAN.match(w)]
    assert segment.han_words(m, mode) == expected
