"""Laws and regulations read by their structure: 编/章/节 headings, 第X条 articles on every passage, items inside
articles not taken for headings, Taiwan's layout (第 1 條 on a line of its own), and citations found by article."""

from __future__ import annotations

from pathlib import Path

import pytest

from tongwen.index import literal
from tongwen.index.metadata import extract_metadata
from tongwen.index.readers import read_document
from tongwen.index.store import update_index
from tongwen.index.structure import find_articles, find_headings, split_passages
from tongwen.search import scoring
from tongwen.search.budget import Budget
from tongwen.search.searcher import Searcher

CRIMINAL = """中华人民共和国刑法

第二编 分则

第十章 军人违反职责罪

第四百二十一条　战时违抗命令，对作战造成危害的，处十年以上有期徒刑、无期徒刑或者死刑。

第四百三十三条　战时造谣惑众，动摇军心的，处三年以下有期徒刑；情节严重的，处三年以上十年以下有期徒刑；情节特别严重的，处十年以上有期徒刑或者无期徒刑。

第四百三十四条　战时自伤身体，逃避军事义务的，处三年以下有期徒刑；情节严重的，处三年以上七年以下有期徒刑。
"""

EXTRADITION = """中华人民共和国引渡法

第二章 向中华人民共和国请求引渡

第一节 引渡的条件

第十一条　请求国提出引渡请求，应当向外交部提交请求书。请求书应当载明：
（一）请求机关的名称；
（二）被请求引渡人的姓名、性别、年龄、国籍、身份证件的种类及号码、职业、外表特征、住所地和居住地以及其他有助于辨别其身份和查找该人的情况；
（三）犯罪事实，包括犯罪的时间、地点、行为、结果等；
（四）对犯罪的定罪量刑以及追诉时效方面的法律规定。

第十二条　请求国请求引渡，应当在出具请求书的同时，出具下列材料：
（一）为了提起刑事诉讼而请求引渡的，应当附有逮捕证或者其他具有同等效力的文件的副本；
（二）为了执行刑罚而请求引渡的，应当附有发生法律效力的判决书或者裁定书的副本。

第十三条　请求国根据本法第十一条、第十二条的规定提交的请求书及其所附文件，应当附有中文译本。
"""

REGULATION = """人民警察警衔条例

第一章 总则

第一条　为了加强人民警察队伍的革命化、现代化、正规化建设，制定本条例。

第二条　人民警察实行警衔制度。

第二章 警衔等级

第七条　人民警察警衔设下列五等十三级：
（一）总警监、副总警监；
（二）警监：一级、二级、三级；
（三）警督：一级、二级、三级。
"""

TAIWAN = """自來水法

修正日期：民國 110 年 04 月 28 日

第 一 章 總則

第 1 條
為促進水資源之合理利用，發展自來水事業，特制定本法。

第 2 條
本法所稱主管機關：在中央為經濟部；在直轄市為直轄市政府。

第 2-1 條
自來水事業之籌設，應報請主管機關核准。

第 二 章 水源保護

第 104 條
自來水事業應加強水質檢驗，確保供水安全。

第 105 條
本法自公布日施行。
"""


def _doc(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_document(path)


def _path(doc, start: str) -> tuple[str, str]:
    """(section path, article) of the passage that starts with ``start``."""
    [passage] = [p for p in split_passages(doc) if doc.text[p.start:].startswith(start)]
    return passage.section, passage.article


def test_a_code_reads_its_parts_chapters_and_articles(tmp_path):
    doc = _doc(tmp_path, "criminal.txt", CRIMINAL)
    assert [(h.level, h.text) for h in doc.headings] == [(1, "第二编 分则"), (3, "第十章 军人违反职责罪")]
    assert _path(doc, "第四百三十四条") == ("第二编 分则 › 第十章 军人违反职责罪 › 第四百三十四条", "第四百三十四条")
    assert _path(doc, "第四百二十一条")[1] == "第四百二十一条"


def test_items_inside_an_article_are_not_headings_and_passages_do_not_straddle_articles(tmp_path):
    doc = _doc(tmp_path, "extradition.txt", EXTRADITION)
    assert [h.text for h in doc.headings] == ["第二章 向中华人民共和国请求引渡", "第一节 引渡的条件"]
    passages = split_passages(doc)
    for passage in passages:
        text = doc.text[passage.start:passage.end]
        starts = [a for a in ("第十一条", "第十二条", "第十三条") if f"\n{a}" in "\n" + text]
        assert len(starts) <= 1, text  # never two articles in one passage
    item = next(p for p in passages if "（三）犯罪事实" in doc.text[p.start:p.end])
    assert item.section == "第二章 向中华人民共和国请求引渡 › 第一节 引渡的条件 › 第十一条"
    assert item.article == "第十一条"
    # A citation of 第十一条 inside 第十三条 is no article start.
    assert [label for _, label, _ in find_articles(doc.text)] == ["第十一条", "第十二条", "第十三条"]


def test_a_regulation_with_chapters(tmp_path):
    doc = _doc(tmp_path, "regulation.txt", REGULATION)
    assert [h.text for h in doc.headings] == ["第一章 总则", "第二章 警衔等级"]
    assert _path(doc, "第七条") == ("第二章 警衔等级 › 第七条", "第七条")
    assert extract_metadata(doc.text).get("type") == "条例"


def test_taiwan_laws_in_the_national_databases_layout(tmp_path):
    doc = _doc(tmp_path, "taiwan.txt", TAIWAN)
    assert [h.text for h in doc.headings] == ["第一章 總則", "第二章 水源保護"]
    assert _path(doc, "第 104 條") == ("第二章 水源保護 › 第104條", "第104條")
    assert _path(doc, "第 1 條") == ("第一章 總則 › 第1條", "第1條")
    # An inserted article, numbered Taiwan's way (the mainland writes 第二条之一).
    assert _path(doc, "第 2-1 條") == ("第一章 總則 › 第2-1條", "第2-1條")
    assert [number for _start, _label, number in find_articles(doc.text)] == [100, 200, 201, 10400, 10500]
    assert (doc.meta.get("date"), doc.meta.get("year")) == ("2021-04-28", 2021)


@pytest.mark.parametrize("line, iso", [
    ("修正日期：民國 110 年 04 月 28 日", "2021-04-28"),
    ("公布日期：民國 86 年 10 月 8 日", "1997-10-08"),
    ("中華民國八十六年十月八日公布", "1997-10-08"),
    ("中华民国一百一十三年五月十五日修正公布", "2024-05-15"),
    ("中華民國一百十三年五月十五日修正公布", "2024-05-15"),
    ("最新異動日期：20240515", "2024-05-15"),
])
def test_republic_of_china_dates_and_taiwans_date_labels(line, iso):
    found = extract_metadata(f"某某法\n\n{line}\n\n第 1 條\n\n本法自公布日施行。")
    assert found["date"] == iso and found["year"] == int(iso[:4])


def test_a_policy_document_keeps_its_outline_rules(seeds_dir):
    doc = read_document(seeds_dir / "004_61be5e8a0eccf6bc.txt")
    assert find_articles(doc.text) == []
    top = [h.text for h in doc.headings if h.level == 1]
    assert top[:2] == ["一、发展成就与面临形势", "二、总体思路、基本原则及发展目标"]
    assert find_headings("第一章 发展基础\n\n一、成就\n\n（一）产业\n\n正文。")[0].text == "第一章 发展基础"


@pytest.fixture(scope="module")
def laws(tmp_path_factory) -> Searcher:
    corpus = tmp_path_factory.mktemp("laws")
    for name, text in (("criminal.txt", CRIMINAL), ("extradition.txt", EXTRADITION), ("regulation.txt", REGULATION),
                       ("taiwan.txt", TAIWAN)):
        (corpus / name).write_text(text, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("laws-index")
    update_index([corpus], index_dir)
    return Searcher.open(index_dir)


@pytest.mark.parametrize("query, doc_id, article", [
    ("刑法第四百三十四条", "criminal.txt", "第四百三十四条"),
    ("刑法 第434条", "criminal.txt", "第四百三十四条"),
    ("title:刑法 第四百三十四条", "criminal.txt", "第四百三十四条"),
    ("自来水法 第一百零四条", "taiwan.txt", "第104條"),
    ("自來水法第104條", "taiwan.txt", "第104條"),
    ("引渡法第十一条", "extradition.txt", "第十一条"),
    ("自來水法第二條之一", "taiwan.txt", "第2-1條"),
    ("自來水法 第 2-1 條", "taiwan.txt", "第2-1條"),
    ("自来水法 第2-1条", "taiwan.txt", "第2-1條"),
    ("刑法第４３４条", "criminal.txt", "第四百三十四条"),  # full-width digits, as an input method types them
    ("自来水法第2条之1", "taiwan.txt", "第2-1條"),  # 之 typed with an Arabic numeral
])
def test_an_article_reference_finds_that_article_first_in_either_script_and_numeral_style(laws, query, doc_id,
                                                                                          article):
    first = laws.search(query)["results"][0]
    assert first["doc_id"] == doc_id
    assert first["passages"][0]["article"] == article
    assert article.replace("條", "条") in first["passages"][0]["section"].replace("條", "条")


def test_a_law_s_name_and_its_article_written_apart_show_that_article_of_that_law_first_and_keep_every_match(
        tmp_path):
    law = ["中华人民共和国劳动合同法", "（2007年6月29日第十届全国人民代表大会常务委员会第二十八次会议通过）", "第一章 总则",
           "第一条 为了完善劳动合同制度，明确劳动合同双方当事人的权利和义务，制定劳动合同法。",
           "第二条 劳动合同法适用于中华人民共和国境内的企业。", "第三条 订立劳动合同，应当遵循合法、公平、平等自愿的原则。",
           "第四条 用人单位应当依法建立和完善劳动规章制度。"]
    other = ["某市劳动用工条例", "第一条 为了规范劳动用工，根据劳动合同法，制定本条例。", "第二条 本条例适用于本市。",
             "第三条 用人单位招用劳动者，应当依照劳动合同法订立书面劳动合同。"]
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "law.txt").write_text("\n\n".join(law), encoding="utf-8")
    (corpus / "other.txt").write_text("\n\n".join(other), encoding="utf-8")
    (corpus / "third.txt").write_text("关于劳动合同法的学习体会\n\n学习劳动合同法，理解第三条的原则。", encoding="utf-8")
    for n in range(40):  # 第三条 is in nearly every law; 劳动合同法 in few
        (corpus / f"rule{n}.txt").write_text(f"某某管理办法{n}\n\n第一条 为了加强管理，制定本办法。\n\n"
                                             f"第二条 本办法适用于本市。\n\n第三条 本办法自公布之日起施行。", encoding="utf-8")
    update_index([corpus], tmp_path / "ix")
    s = Searcher.open(tmp_path / "ix")
    found = s.search("劳动合同法 第三条")
    first = found["results"][0]
    assert (first["doc_id"], first["passages"][0]["article"]) == ("law.txt", "第三条")
    both = s.search("劳动合同法 AND 第三条", match="all")
    assert found["total"] == 3 and {r["doc_id"] for r in found["results"]} == {"law.txt", "other.txt", "third.txt"}
    assert both["total"] == 3
    assert [r["doc_id"] for r in s.search("第一章 第三条")["results"]] == ["law.txt"]


def test_parts_are_headings_and_numbered_items_inside_articles_are_not(tmp_path):
    text = ("某某实施办法\n\n第一部分 总体要求\n\n第一条　本办法适用于全市。\n\n第二条　申请人应当提交：\n1.申请书；\n2.身份证明。\n\n"
            "第二部分 保障措施\n\n第三条　本办法自发布之日起施行。")
    doc = _doc(tmp_path, "measures.txt", text)
    assert [(h.level, h.text) for h in doc.headings] == [(1, "第一部分 总体要求"), (1, "第二部分 保障措施")]
    assert _path(doc, "第二条") == ("第一部分 总体要求 › 第二条", "第二条")
    assert _path(doc, "第三条") == ("第二部分 保障措施 › 第三条", "第三条")


def test_eight_digits_without_a_date_label_are_no_date():
    assert "date" not in extract_metadata("某某法\n\n电话：20240515\n\n第 1 條\n\n本法自公布日施行。")


def _taiwan_code(name: str, articles: int) -> str:
    """A Taiwan law in the national database's layout: 第 N 條 on a line of its own, citing other articles."""
    body = "\n".join(f"第 {n} 條\n依第 {n + 1} 條之規定，{name}之主管機關應於{n}日內辦理。" for n in range(1, articles + 1))
    return f"{name}\n\n{body}\n"


def test_a_citation_counts_its_article_in_the_laws_it_names_not_wherever_its_characters_are(tmp_path, monkeypatch):
    # Forty laws of 120 articles: 第 and 條 stand alone twice in every article of every law (19,200 positions);
    # in the one law named they stand 480 times. Every list is searched where the law is, none read whole (short
    # ones are, in an index this small, to save a binary search each).
    monkeypatch.setattr(literal, "LONG_LIST", 0)
    corpus = tmp_path / "laws"
    corpus.mkdir()
    names = [f"{place}{kind}" for place in ("水利", "森林", "漁業", "礦業", "電業", "商港", "鐵路", "公路") for kind in
             ("法", "施行細則", "管理條例", "獎勵條例", "審議辦法")]
    for k, name in enumerate(names):
        (corpus / f"law{k:02d}.txt").write_text(_taiwan_code(name, 120), encoding="utf-8")
    update_index([corpus], tmp_path / "index")
    searcher = Searcher.open(tmp_path / "index")
    assert searcher.search("第 9 條", budget=Budget(postings=10**9))["total"] == len(names)
    for query in ("漁業管理條例第9條", "渔业管理条例第九条"):
        budget = Budget(postings=5000)
        first = searcher.search(query, budget=budget)["results"][0]
        assert (first["title"], first["passages"][0]["article"]) == ("漁業管理條例", "第9條")
    # Beside another term, an article reference counts 第 and 條 (common here) in the passages the others leave.
    monkeypatch.setattr(scoring, "DEFER_POSITIONS", 1000)
    # Under a budget of half the positions of 第 alone.
    first = Searcher.open(tmp_path / "index").search("第 9 條 漁業管理條例", budget=Budget(postings=9600))["results"][0]
    assert (first["title"], first["passages"][0]["article"]) == ("漁業管理條例", "第9條")


def test_a_title_field_reads_no_passage_of_the_text(tmp_path):
    corpus = tmp_path / "laws"
    corpus.mkdir()
    for k, name in enumerate(("水利法", "森林法", "漁業法")):
        (corpus / f"law{k}.txt").write_text(_taiwan_code(name, 80), encoding="utf-8")
    update_index([corpus], tmp_path / "index")
    budget = Budget(postings=10**9)
    found = Searcher.open(tmp_path / "index").search("title:森林法", budget=budget)
    assert [r["title"] for r in found["results"]] == ["森林法"]
    assert budget.spent == 0  # titles are looked up in their own table
