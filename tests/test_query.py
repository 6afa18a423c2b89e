"""The query language: operators, phrases, fields, and errors that say where."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongwen.index.errors import QuerySyntaxError, QueryTooExpensive, TongwenError
from tongwen.search.query import And, Leaf, Not, Or, leaves, parse


def test_terms_separated_by_spaces_are_anded():
    assert parse("中关村 科学城") == And((Leaf("中关村"), Leaf("科学城")))


def test_or_not_and_minus_are_operators():
    assert parse("软件 OR 軟體") == Or((Leaf("软件"), Leaf("軟體")))
    assert parse("海淀 NOT 朝阳") == And((Leaf("海淀"), Not(Leaf("朝阳"))))
    assert parse("海淀 -朝阳") == And((Leaf("海淀"), Not(Leaf("朝阳"))))


def test_a_quoted_phrase_is_one_exact_leaf_and_full_width_quotes_work_too():
    assert parse('"全国 科技创新中心"') == Leaf("全国 科技创新中心", exact=True)
    assert parse("“全国科技创新中心”") == Leaf("全国科技创新中心", exact=True)


def test_known_fields_apply_to_a_word_or_a_group():
    assert parse("title:规划") == Leaf("规划", "title")
    assert parse("title:(规划 OR 方案)") == Or((Leaf("规划", "title"), Leaf("方案", "title")))
    assert parse("year:2016 agency:海淀区人民政府") == And((Leaf("2016", "year"), Leaf("海淀区人民政府", "agency")))


def test_an_unknown_field_is_just_text_so_pasted_colons_do_not_fail():
    assert parse("错误: 文件") == And((Leaf("错误:"), Leaf("文件")))


def test_a_trailing_star_is_a_prefix_and_a_lone_star_is_refused():
    assert parse("RISC*") == Leaf("RISC", prefix=True)
    with pytest.raises(QueryTooExpensive):
        parse("*")


@pytest.mark.parametrize(
    "query, where",
    [('"abc', 1), ("(a b", 1), ("a)", 2), ("a AND", 3), ("OR a", 1), ("a NOT", 3), ("title:", 1)],
)
def test_syntax_errors_say_where(query, where):
    with pytest.raises(QuerySyntaxError, match=f"at character {where} of the query"):
        parse(query)


def test_parentheses_group():
    tree = parse("(人才 OR 人材) 孵化器")
    assert tree == And((Or((Leaf("人才"), Leaf("人材"))), Leaf("孵化器")))
    assert [leaf.text for leaf in leaves(tree)] == ["人才", "人材", "孵化器"]


def test_thousands_of_terms_are_refused():
    with pytest.raises(QueryTooExpensive):
        parse(" ".join(f"w{i}" for i in range(1000)))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list('ab中關 ()"*:-') + [" OR ", " AND ", " NOT ", "title:"]), max_size=30))
def test_any_string_parses_or_raises_a_tongwen_error(pieces):
    text = "".join(pieces)
    try:
        parse(text)
    except TongwenError:
        pass


def test_a_dash_can_be_read_as_text_for_pasted_paragraphs_while_not_still_excludes():
    assert parse("无法读入 -i 选项", dash_negates=False) == And((Leaf("无法读入"), Leaf("-i"), Leaf("选项")))
    assert parse("a NOT b", dash_negates=False) == And((Leaf("a"), Not(Leaf("b"))))
    assert parse("--force 选项") == And((Leaf("--force"), Leaf("选项")))


@pytest.mark.parametrize("query, term", [("第 12 條", "第12條"), ("第 1-1 條", "第1-1條"), ("第　3　章", "第3章")])
def test_an_ordinal_spaced_as_taiwans_law_database_prints_it_is_one_term(query, term):
    assert parse(f"{query} 主管機關") == And((Leaf(term), Leaf("主管機關")))


@pytest.mark.parametrize("query, tree", [
    ("劳动合同法 第四十七条", Or((Leaf("劳动合同法第四十七条"), And((Leaf("劳动合同法"), Leaf("第四十七条")))))),
    ("自來水法 第 2-1 條 罚款", And((Or((Leaf("自來水法第2-1條"), And((Leaf("自來水法"), Leaf("第2-1條"))))),
                                Leaf("罚款")))),
    ("第五章 第三条", And((Leaf("第五章"), Leaf("第三条")))),
    ("刑法第二百三十四条 第五条", And((Leaf("刑法第二百三十四条"), Leaf("第五条")))),
    ("GDP 第三条", And((Leaf("GDP"), Leaf("第三条")))),
    ("title:劳动 第三条", And((Leaf("劳动", "title"), Leaf("第三条")))),
    ('"劳动合同法" 第三条', And((Leaf("劳动合同法", exact=True), Leaf("第三条")))),
    ("第三条 劳动合同法", And((Leaf("第三条"), Leaf("劳动合同法")))),
    ("工作岗位 第十七条", And((Leaf("工作岗位"), Leaf("第十七条")))),
    ("漁業法施行細則 第3條", Or((Leaf("漁業法施行細則第3條"), And((Leaf("漁業法施行細則"), Leaf("第3條")))))),
])
def test_a_law_s_name_then_its_article_written_apart_is_also_read_as_the_citation(query, tree):
    assert parse(query) == tree
