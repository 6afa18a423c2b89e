"""One typed unit, one unit: 7578家, 4.6倍, IP核, 5G网络, 第12条 match, rank and highlight as written together."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongwen.index import analysis
from tongwen.index.numerals import count_value, to_chinese, to_chinese_count, to_int, variants
from tongwen.search.plan import plan_leaf
from tongwen.search.query import Leaf


def _marked(result: dict) -> list[str]:
    return [p["text"][s:e] for p in result["passages"] for s, e in p["highlights"]]


@pytest.fixture(scope="module")
def units_index(tmp_path_factory):
    """Documents with a unit written together, and with its parts apart."""
    from tongwen.index.store import update_index
    from tongwen.search.searcher import Searcher

    corpus = tmp_path_factory.mktemp("units")
    files = {
        "together.txt": "集成电路产业。\n\n研发集成电路IP核，构建开源生态。",
        "apart.txt": "IP授权业务增长。\n\n核心技术攻关取得突破，核电项目开工。",
        "firms.txt": ("国家级企业名录。\n\n" + "全国各家单位、国家机关和各家企业积极参与。" * 6
                      + "\n\n全区国家级高新技术企业7578家，居全市首位。\n\n第7578号文件另行印发。"),
        "ratio.txt": "研发投入强度为全国的4.6倍。\n\n万人发明专利拥有量是全国的30倍。",
        "network.txt": "加快5G网络建设，推进千兆光纤网络。",
        "network-apart.txt": "5G基站建设。\n\n网络安全保障。",
        "article.txt": "第一章 总则\n\n第十一条　本条例自公布之日起施行。\n\n第十二条　湿地保护应当坚持生态优先。\n\n第十三条　附则。",
        "taiwan.txt": "第 一 章 總則\n\n第 11 條\n\n本法所稱主管機關。\n\n第 12 條\n\n濕地保護應以生態優先。\n\n第 13 條\n\n附則。",
        "year.txt": "二〇一六年十一月，区政府印发规划。",
        "dated.txt": "本办法自2021年1月1日起施行。",
        "dated-chinese.txt": "本办法自二〇二一年一月一日起施行。",
        "fine.txt": "违反本办法的，处100万元以上罚款。",
        "fine-spaced.txt": "違反本辦法的，處 100 萬元以上罰款。",
        "fine-apart.txt": "违反本办法的，处100元以上罚款；情节严重的，处5万元以上罚款。",
        "memorial.txt": "每年9月30日为烈士纪念日。",
        "days-apart.txt": "第30条　收到申请后三日内答复。",
        "term-apart.txt": "第3条　本办法有效期为十三年。",
        "term-chinese.txt": "申请人应当具有三年以上从业经历。",
        "fine-chinese.txt": "违反本法规定的，处五千元以下罚款。",
        "fine-larger.txt": "情节严重的，处一万五千元以下罚款。",
        "share.txt": "持有百分之五的股份。",
        "share-larger.txt": "持有百分之五十的股份。",
        "share-digits.txt": "年均增长5%左右。",
        "twice.txt": "并处违法所得二倍以上五倍以下罚款。",
        "twelve-times.txt": "并处违法所得十二倍以上十五倍以下罚款。",
        "share-decimal.txt": "研发投入强度达5.8%，全市占比24.5%，第5条另有规定。",
        "share-spaced.txt": "增速為 5 ％。",
        "fine-range.txt": "违反本条例的，处1万元以上10万元以下罚款。",
        "fine-floor.txt": "情节严重的，处10万元以上罚款。",
    }
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("units-index")
    update_index([corpus], index_dir)
    return Searcher.open(index_dir)


def _ids(searcher, query: str) -> list[str]:
    return [r["doc_id"] for r in searcher.search(query, limit=20)["results"]]


def test_a_latin_and_han_unit_ranks_where_written_together_and_the_lone_character_is_never_marked(units_index):
    body = units_index.search("IP核")
    assert [r["doc_id"] for r in body["results"]] == ["together.txt", "apart.txt"]
    together, apart = body["results"]
    assert _marked(together) == ["IP核"]
    assert "核" not in _marked(apart) and set(_marked(apart)) <= {"IP"}


def test_a_number_with_its_measure_word_shows_the_passage_with_the_run_and_marks_only_the_run(units_index):
    [firms] = units_index.search("7578家")["results"]
    assert "7578家" in firms["passages"][0]["text"]
    assert "7578家" in _marked(firms)
    assert "家" not in _marked(firms)  # not 国家级, 各家


def test_a_decimal_with_its_measure_word_does_not_mark_the_measure_word_elsewhere(units_index):
    [ratio] = units_index.search("4.6倍")["results"]
    assert _marked(ratio) == ["4.6倍"]  # not the 倍 of 30倍


def test_a_unit_of_a_latin_word_and_a_han_word_ranks_above_its_parts_apart(units_index):
    assert _ids(units_index, "5G网络") == ["network.txt", "network-apart.txt"]


@pytest.mark.parametrize("query", ["第12条", "第十二条", "第 12 條", "第十二條", "第１２条"])
def test_an_article_number_in_either_numeral_style_and_script_finds_both_layouts(units_index, query):
    ids = _ids(units_index, query)
    assert set(ids[:2]) == {"article.txt", "taiwan.txt"}
    for result in units_index.search(query)["results"][:2]:
        assert result["passages"][0]["article"] in ("第十二条", "第12條")
        assert any(m.replace(" ", "") in ("第十二条", "第12條") for m in _marked(result))


@pytest.mark.parametrize("query", ["2016年", "二〇一六年"])
def test_a_year_in_arabic_or_chinese_digits_finds_the_other(units_index, query):
    assert _ids(units_index, query) == ["year.txt"]


def test_a_percentage_in_digits_finds_the_law_that_writes_it_in_words_and_no_longer_number(units_index):
    ids = _ids(units_index, "5%")
    assert "share.txt" in ids and "share-larger.txt" not in ids  # not 百分之五十
    assert [_marked(r) for r in units_index.search("5%")["results"] if r["doc_id"] == "share.txt"] == [["百分之五"]]
    assert _ids(units_index, "50%")[0] == "share-larger.txt"


def test_a_percentage_is_found_where_its_sign_follows_the_whole_number_not_in_any_number_holding_it(units_index):
    # 5.8%, 24.5% and 第5条 hold a 5 and a percent sign, but no 5%.
    assert sorted(_ids(units_index, "5%")) == ["share-digits.txt", "share-spaced.txt", "share.txt"]
    assert _ids(units_index, "24.5%") == ["share-decimal.txt"]
    marked = {r["doc_id"]: _marked(r) for r in units_index.search("5%")["results"]}
    assert marked["share-digits.txt"] == ["5%"] and marked["share-spaced.txt"] == ["5 ％"]


def test_a_number_is_not_marked_inside_a_decimal(units_index):
    result = next(r for r in units_index.search("5")["results"] if r["doc_id"] == "share-decimal.txt")
    assert _marked(result) == ["5"]  # the 5 of 第5条, not those of 5.8% and 24.5%


@pytest.mark.parametrize("query, found", [("2021年1月1日", "dated-chinese.txt"), ("二〇二一年一月一日", "dated.txt"),
                                          ("2016年11月", "year.txt")])
def test_a_date_in_arabic_or_chinese_numerals_finds_the_other(units_index, query, found):
    assert found in _ids(units_index, query)


@pytest.mark.parametrize("query, found", [
    ("100万元", ["fine-spaced.txt", "fine.txt"]), ("100萬元", ["fine-spaced.txt", "fine.txt"]),
    ("一百万元", ["fine-spaced.txt", "fine.txt"]),  # typed in Chinese numerals, found in Arabic ones
    ("30日", ["memorial.txt"]), ("3年", ["term-chinese.txt"]), ("5万元", ["fine-apart.txt"]),
    # The index cuts 10 / 万元 / 以上: its unit 10万元 says no more than that, so the passage is read for the rest.
    ("10万元以上", ["fine-floor.txt"]), ("1万元以上", ["fine-range.txt"]),
])
def test_a_number_with_its_unit_matches_only_where_they_stand_together(units_index, query, found):
    # 100 and 万元 apart (100元 … 5万元), 30 and 日 apart (第30条 … 三日内), 3 and 年 apart (第3条 … 十三年) are no match;
    # 9月30日为 is 30日 though jieba cuts it 30 / 日为; 三年 is 3年 in Chinese numerals, 十三年 is not.
    assert sorted(_ids(units_index, query)) == found


def test_a_number_with_its_unit_matches_a_title_only_where_they_stand_together(tmp_path):
    from tongwen.index.store import update_index
    from tongwen.search.searcher import Searcher

    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.md").write_text("# 2013年工作报告\n\n本年度工作总结。\n", encoding="utf-8")
    (tmp_path / "c" / "b.md").write_text("# 3年行动计划\n\n行动计划的目标。\n", encoding="utf-8")
    update_index([tmp_path / "c"], tmp_path / "ix")
    searcher = Searcher.open(tmp_path / "ix")
    assert _ids(searcher, "title:3年") == ["b.md"]
    assert _ids(searcher, "title:2013年") == ["a.md"]


_PIECES = st.sampled_from(["30", "3", "130", "日", "日为", "日内", "第", "条", "三", "9月", " ", "，", "纪念", "a"])


@settings(max_examples=30, deadline=None)
@given(pieces=st.lists(_PIECES, min_size=1, max_size=8))
def test_a_number_and_its_unit_match_a_passage_exactly_where_the_text_writes_them_together(tmp_path_factory, pieces):
    text = "".join(pieces)
    found = _found_in(tmp_path_factory.mktemp("unit-property"), text, "30日")
    assert found == bool(re.search(r"(?<![0-9A-Za-z.])30 *日", text)), text


def _found_in(folder, text: str, query: str) -> bool:
    """Whether ``query`` finds the one document ``text``, indexed in ``folder``."""
    from tongwen.index.store import update_index
    from tongwen.search.searcher import Searcher

    (folder / "c").mkdir()
    (folder / "c" / "doc.txt").write_text(text + "\n", encoding="utf-8")
    update_index([folder / "c"], folder / "ix")
    return Searcher.open(folder / "ix").search(query)["total"] == 1


_FINE_PIECES = st.sampled_from(["10", "1", "万元", "以上", "以下", "万元以上", "10万元以下", "处", " ", "，"])


@settings(max_examples=20, deadline=None)
@given(pieces=st.lists(_FINE_PIECES, min_size=1, max_size=8))
def test_a_number_matches_a_passage_only_where_the_whole_of_its_han_follows_it(tmp_path_factory, pieces):
    text = "".join(pieces)
    found = _found_in(tmp_path_factory.mktemp("fine-property"), text, "10万元以上")
    assert found == bool(re.search(r"(?<![0-9A-Za-z.])10 *万元以上", text)), text


@pytest.mark.parametrize("n", [1, 9, 10, 11, 19, 20, 101, 110, 234, 434, 1000, 1010, 2999])
def test_chinese_numerals_round_trip(n):
    assert to_int(to_chinese(n)) == n


@pytest.mark.parametrize("text, expected", [
    ("第12条", ["第十二条"]), ("第十二条", ["第12条"]), ("第 104 條", ["第一百零四條"]), ("第一百零四条", ["第104条"]),
    ("2016年", ["二〇一六年"]), ("二〇一六年", ["2016年"]), ("第一章", ["第1章"]), ("海淀区", []),
    # An inserted article: the mainland's 之一 and Taiwan's hyphen.
    ("第十条之一", ["第10-1条", "第10条之一"]), ("第 43-4 條", ["第四十三條之四"]),
    ("第234条之1", ["第二百三十四条之一", "第二百三十四条之1"]),  # 之 typed with an Arabic numeral too
])
def test_numeral_variants(text, expected):
    assert variants(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("5000元以下罚款", ["五千元以下罚款"]), ("五千元以下罚款", ["5000元以下罚款"]), ("1万元以上10万元以下", ["一万元以上十万元以下"]),
    ("10500元", ["一万零五百元"]), ("一万五千元", ["15000元"]), ("30日内", ["三十日内"]), ("三十日內", ["30日內"]),
    ("18周岁", ["十八周岁"]), ("15个工作日", ["十五个工作日"]), ("处5萬元", ["处五萬元"]),
    # A leading 二 is also written 两; a year stays a year; a decimal, a code or a digit string is no count.
    ("2年", ["二年", "两年"]), ("2000元", ["二千元", "两千元"]), ("二〇一三年", ["2013年"]),
    # Typed in Chinese numerals, a leading 两 is also 二 (laws write 二倍) and 二 is 两 where 两 is usual.
    ("两个月", ["2个月", "二个月"]), ("兩倍以上五倍以下", ["2倍以上5倍以下", "二倍以上五倍以下"]),
    ("二千元以下", ["2000元以下", "两千元以下"]), ("二百元", ["200元"]), ("兩萬元", ["2萬元", "二萬元"]),
    ("4.6倍", []), ("二三年", []), ("第3条", ["第三条"]),
    # A date in one style throughout (its year and day are no year or count of their own).
    ("2021年1月1日", ["二〇二一年一月一日"]), ("二〇二一年一月一日", ["2021年1月1日"]), ("2016年11月", ["二〇一六年十一月"]),
    ("12月31日前", ["十二月三十一日前"]), ("13月1日", ["13月一日"]),
    # A percentage, which laws write in words.
    ("50%", ["百分之五十"]), ("百分之五十", ["50%"]), ("5％以上", ["百分之五以上"]), ("4.5%", []),
    # Full-width digits, as a Chinese input method in full-width mode types them.
    ("５０００元以下罚款", ["五千元以下罚款"]), ("第１２条", ["第十二条"]), ("２０１６年", ["二〇一六年"]),
])
def test_a_count_an_amount_or_a_span_of_time_is_written_the_other_way_too(text, expected):
    assert variants(text) == expected


@pytest.mark.parametrize("n", [1, 10, 15, 110, 5000, 10500, 15000, 100000, 1000000, 12345678])
def test_counts_in_chinese_numerals_round_trip(n):
    assert count_value(to_chinese_count(n)) == n


@pytest.mark.parametrize("query", ["5000元以下罚款", "5000元以下罰款"])
def test_an_amount_in_arabic_numerals_finds_the_law_that_writes_it_in_chinese_and_no_larger_amount(units_index,
                                                                                                    query):
    body = units_index.search(query)
    assert [r["doc_id"] for r in body["results"]] == ["fine-chinese.txt"]  # not 一万五千元以下罚款
    assert _marked(body["results"][0]) == ["五千元以下罚款"]
    assert _ids(units_index, "15000元以下罚款") == ["fine-larger.txt"]
    # Typed in Chinese numerals, a run is a run of characters, found wherever it stands.
    assert sorted(_ids(units_index, "五千元以下罚款")) == ["fine-chinese.txt", "fine-larger.txt"]


@pytest.mark.parametrize("query", ["两倍以上五倍以下", "兩倍以上五倍以下", "2倍以上5倍以下"])
def test_two_typed_as_liang_finds_the_law_that_writes_er_and_no_larger_number(units_index, query):
    body = units_index.search(query)
    assert [r["doc_id"] for r in body["results"]] == ["twice.txt"]  # not 十二倍以上十五倍以下
    assert _marked(body["results"][0]) == ["二倍以上五倍以下"]


# --- no lone-character highlight, as a property over the seeds ---------------------------------------------

_SEED_TERMS = st.sampled_from([
    "7578家", "4.6倍", "IP核", "5G", "中关村", "科学城", "RISC-V", "10206.9亿元", "海淀区", "集成电路", "人工智能",
    "软件", "軟體", "中關村", "第五代", "2016年", "GDP", "174.06平方公里", "独角兽", "高精尖",
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(terms=st.lists(_SEED_TERMS, min_size=1, max_size=3, unique=True), match=st.sampled_from(["all", "any"]))
def test_every_highlight_is_part_of_a_query_term_or_of_its_listed_alternatives(seed_searcher, terms, match):
    allowed: dict[str, list[str]] = {}
    for term in terms:
        plan = plan_leaf(Leaf(term))
        forms = {_norm(term)} | {t.text for t in plan.targets} | {_norm(v.text) for v in plan.variants}
        allowed[term] = sorted(forms)
    body = seed_searcher.search(" ".join(terms), match=match, limit=5)
    for result in body["results"]:
        for passage in result["passages"]:
            for s, e in passage["highlights"]:
                piece = _norm(passage["text"][s:e])
                assert any(piece in form for forms in allowed.values() for form in forms), (piece, allowed)
                if len(piece) == 1 and not piece.isascii():
                    # A lone Han character only where the query has it as a term of its own.
                    assert any(_norm(t) == piece for t in terms), (piece, terms)


def _norm(text: str) -> str:
    return "".join(analysis.normalize(text).text.lower().split())
