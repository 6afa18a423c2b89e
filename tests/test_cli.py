"""The ``tongwen`` command: help, index, search, show, analyze, and errors as one line without a traceback."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess

import pytest
from click.testing import CliRunner

from tongwen.index.store import writer_lock
from tongwen.cli import cli

COMMANDS = ["index", "search", "show", "analyze", "serve"]
SUMMARY = re.compile(r"^indexed (\d+)(?: \(([^)]*)\))?, unchanged (\d+), skipped (\d+), removed (\d+) in \d+\.\d\d s$")


@pytest.fixture
def runner() -> CliRunner:
    """A runner that keeps stdout and stderr apart."""
    return CliRunner()


def _error_line(result) -> str:
    """Assert the one-line error shape and return the line."""
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("tongwen: error: ")
    return lines[0]


# --- help ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [[], *([c] for c in COMMANDS)], ids=["tongwen", *COMMANDS])
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_every_command_has_help_with_an_example(runner, args, flag):
    result = runner.invoke(cli, [*args, flag])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.stdout and "Example" in result.stdout


def test_the_top_level_help_lists_every_command(runner):
    out = runner.invoke(cli, ["-h"]).stdout
    for command in COMMANDS:
        assert re.search(rf"^\s+{command}\s", out, re.M), command


def _help_examples(runner) -> list[list[str]]:
    """The ``tongwen search``, ``show`` and ``analyze`` lines of every help text's examples, as arguments."""
    lines = []
    for args in [[], *([c] for c in COMMANDS)]:
        for line in runner.invoke(cli, [*args, "-h"]).stdout.splitlines():
            if not line.strip().startswith("tongwen "):
                continue
            words = shlex.split(line.split("  #", 1)[0])
            if words[:2] in (["tongwen", "search"], ["tongwen", "show"], ["tongwen", "analyze"]):
                lines.append(words[1:])
    return lines


def test_the_search_show_and_analyze_examples_of_the_help_texts_run_on_the_seeds(runner, seed_index):
    examples = _help_examples(runner)
    assert len(examples) >= 6
    for args in examples:
        if args[0] == "show" and not args[1].startswith("004_"):
            continue  # a law the seeds do not hold
        result = runner.invoke(cli, [*args, *(["--index", str(seed_index)] if args[0] != "analyze" else [])])
        assert result.exit_code == 0, (args, result.output)
        assert result.stdout.strip(), args


# --- index ---------------------------------------------------------------------------------------------------


def test_index_prints_the_summary_line(runner, tmp_path, seeds_dir):
    result = runner.invoke(cli, ["index", str(seeds_dir), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0, result.output
    match = SUMMARY.match(result.stdout.strip())
    assert match and match.group(1) == "5" and match.group(2) == "5 txt", result.stdout
    again = runner.invoke(cli, ["index", str(seeds_dir), "--index", str(tmp_path / "ix")])
    assert SUMMARY.match(again.stdout.strip()).group(1, 3) == ("0", "5")


def test_index_without_a_path_refreshes_the_folders_indexed_before(runner, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("海淀区推进中关村科学城建设。", encoding="utf-8")
    index = ["--index", str(tmp_path / "ix")]
    assert runner.invoke(cli, ["index", str(corpus), *index]).exit_code == 0
    (corpus / "b.txt").write_text("集成电路设计产业园。", encoding="utf-8")
    result = runner.invoke(cli, ["index", *index])
    assert result.exit_code == 0, result.output
    assert SUMMARY.match(result.stdout.strip()).group(1, 3) == ("1", "1")


def test_index_json_prints_the_counts_and_the_size_of_each_part_of_the_index(runner, tmp_path, seeds_dir):
    result = runner.invoke(cli, ["index", str(seeds_dir), "--index", str(tmp_path / "ix"), "--json"])
    body = json.loads(result.stdout)
    assert body["indexed"] == 5 and body["by_format"] == {"txt": 5} and body["warnings"] == []
    assert set(body) == {"indexed", "unchanged", "skipped", "removed", "seconds", "by_format", "warnings",
                         "segments", "parts"}
    on_disk = sum(p.stat().st_size for p in (tmp_path / "ix").rglob("*") if p.is_file() and "gen-" in str(p)
                  and p.name != "manifest.json")
    assert body["segments"] == 1 and set(body["parts"]) == {"whoosh", "literal_positions", "literal_tables", "texts"}
    assert sum(body["parts"].values()) == on_disk and min(body["parts"].values()) > 0
    again = json.loads(runner.invoke(cli, ["index", str(seeds_dir), "--index", str(tmp_path / "ix"), "--json"]).stdout)
    assert again["unchanged"] == 5 and again["parts"] == body["parts"]


def test_index_warns_about_a_skipped_file_on_stderr_and_goes_on(runner, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("海淀区推进中关村科学城建设。", encoding="utf-8")
    (corpus / "junk.txt").write_bytes(bytes(range(256)) * 4)
    result = runner.invoke(cli, ["index", str(corpus), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 0
    assert [line for line in result.stderr.splitlines() if line.startswith("tongwen: warning: ")] == [
        line for line in result.stderr.splitlines() if "junk.txt" in line]
    assert "junk.txt" in result.stderr
    assert SUMMARY.match(result.stdout.strip()).group(1, 4) == ("1", "1")


# --- search --------------------------------------------------------------------------------------------------


def test_search_json_prints_the_result_object(runner, seed_index):
    result = runner.invoke(cli, ["search", "中關村", "--index", str(seed_index), "--json", "--limit", "2"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert set(body) == {"query", "total", "took_ms", "limit", "offset", "results", "facets"}
    assert body["query"] == "中關村" and body["total"] == 5 and len(body["results"]) == 2
    for r in body["results"]:
        assert {"doc_id", "title", "score", "script", "passages", "matches"} <= set(r)
        for p in r["passages"]:
            assert {"text", "start", "end", "section", "article", "highlights"} == set(p)


def test_search_options_reach_the_searcher(runner, seed_index):
    args = ["search", "海淀", "--index", str(seed_index), "--json"]
    hant = json.loads(runner.invoke(cli, [*args, "--script", "hant"]).stdout)
    assert [r["script"] for r in hant["results"]] == ["hant"]
    paged = json.loads(runner.invoke(cli, [*args, "--limit", "2", "--offset", "4"]).stdout)
    assert paged["total"] == 5 and len(paged["results"]) == 1
    # The seed 004 is the one dated document (2016): a range holding its year keeps it, one past it does not.
    assert [r["meta"]["year"] for r in json.loads(runner.invoke(cli, [*args, "--year", "2015..2020"]).stdout)
            ["results"]] == [2016]
    assert json.loads(runner.invoke(cli, [*args, "--year", "2017.."]).stdout)["total"] == 0
    shown = json.loads(runner.invoke(cli, [*args, "--display", "hant", "--limit", "5"]).stdout)
    assert all("区" not in p["text"] for r in shown["results"] for p in r["passages"])


def test_search_prints_bracketed_highlights_when_not_on_a_terminal(runner, seed_index):
    result = runner.invoke(cli, ["search", "中关村科学城", "--index", str(seed_index), "--limit", "3"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("3 of ")
    assert "【中关村科学城】" in result.stdout


def test_explain_shows_why_each_result_matched(runner, seed_index):
    result = runner.invoke(cli, ["search", "軟體", "--index", str(seed_index), "--explain"])
    assert result.exit_code == 0, result.output
    why = [line.strip() for line in result.stdout.splitlines() if line.strip().startswith("why:")]
    assert why and all("軟體 → 软件 (regional)" in line for line in why)


def test_search_with_no_index_builds_one_from_the_bundled_seeds_first(tmp_path, tongwen_command):
    index_dir = tmp_path / "empty"
    index_dir.mkdir()
    env = {**os.environ, "TONGWEN_INDEX": str(index_dir)}
    first = subprocess.run([*tongwen_command, "search", "中关村科学城"], env=env, capture_output=True, text=True,
                           timeout=600)
    assert first.returncode == 0, first.stderr
    assert "indexing the bundled seed corpus first" in first.stderr
    assert SUMMARY.match(first.stderr.strip().splitlines()[-1]).group(1) == "5"
    assert "【中关村科学城】" in first.stdout and "Traceback" not in first.stderr
    again = subprocess.run([*tongwen_command, "search", "中關村科學城", "--json"], env=env, capture_output=True,
                           text=True, timeout=600)
    assert again.returncode == 0 and again.stderr == ""
    assert json.loads(again.stdout)["total"] >= 1


# --- analyze -------------------------------------------------------------------------------------------------

TOKEN_LINE = re.compile(r"^\s+(\d+)–(\d+)\s+(\w+)\s+(\S+)  \((.*)\)$")


# --- show ----------------------------------------------------------------------------------------------------

LAW = ("中華人民共和國測試法\n\n（全國人民代表大會常務委員會 2019-12-28公佈 2020-03-01起施行）\n\n第一章 總則\n\n"
       "第一條 為了規範軟體管理，制定本法。\n\n第二章 管理\n\n第一節 登記\n\n第十七條 軟體應當登記。\n\n"
       "登記機關應當公開軟體目錄。\n\n第十八條 本法自公佈之日起施行。\n")


@pytest.fixture
def law_index(runner, tmp_path) -> str:
    """An index of one law in Traditional script, with chapters, a section and a two-paragraph article."""
    corpus = tmp_path / "laws"
    corpus.mkdir()
    (corpus / "測試法.txt").write_text(LAW, encoding="utf-8")
    index_dir = tmp_path / "index"
    assert runner.invoke(cli, ["index", str(corpus), "--index", str(index_dir)]).exit_code == 0
    return str(index_dir)


def test_show_prints_the_document_with_its_metadata_and_every_match_of_the_query_marked(runner, seed_index):
    result = runner.invoke(cli, ["show", "004_61be5e8a0eccf6bc.txt", "--index", str(seed_index), "-q", "中關村"])
    assert result.exit_code == 0, result.output
    title, about, count, *text = result.stdout.splitlines()
    assert title == "海淀区“十三五”时期加强全国科技创新中心核心区建设规划"
    assert about == ("004_61be5e8a0eccf6bc.txt · hans · txt · agency 北京市海淀区人民政府 · number 海政发〔2016〕40号 · "
                     "date 2016-11 · type 规划")
    marked = "\n".join(text).count("【中关村")
    assert marked > 10 and count == f"{marked} matches marked"
    assert "\n".join(text).replace("【", "").replace("】", "").strip() == json.loads(runner.invoke(
        cli, ["show", "004_61be5e8a0eccf6bc.txt", "--index", str(seed_index), "--json"]).stdout)["text"].strip()


def test_show_article_prints_that_article_s_paragraphs_under_their_headings_in_either_numeral_form(runner, law_index):
    for article in ("第十七条", "第17條", "第 17 条"):
        result = runner.invoke(cli, ["show", "測試法.txt", "--index", law_index, "--article", article, "-q", "软件"])
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines()[1:] == [
            "測試法.txt · hant · txt · agency 全國人民代表大會常務委員會 · date 2019-12-28 · effective 2020-03-01 · "
            "type 法",
            "2 matches marked", "",
            "§ 第二章 管理 › 第一節 登記 › 第十七條", "第十七條 【軟體】應當登記。", "", "登記機關應當公開【軟體】目錄。"], article
    body = json.loads(runner.invoke(cli, ["show", "測試法.txt", "--index", law_index, "--article", "第十八条",
                                          "--display", "hans", "--json"]).stdout)
    assert [body["text"][p["start"]:p["end"]] for p in body["passages"]] == ["第十八条 本法自公布之日起施行。"]


def test_show_outline_prints_the_headings_indented_by_depth(runner, law_index):
    result = runner.invoke(cli, ["show", "測試法.txt", "--index", law_index, "--outline"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[3:] == ["第一章 總則", "第二章 管理", "  第一節 登記"]


@pytest.mark.parametrize("args, words", [
    (["no/such.txt"], "no document 'no/such.txt' in the index"),
    (["測試法.txt", "--article", "第九十九条"], "has no article 第九十九条"),
    (["測試法.txt", "--article", "第\n99\n条"], "'第 99 条' is not an article"),
    (["測試法.txt", "--article", "總則"], "is not an article"),
    (["測試法.txt", "-q", "(軟體"], "never closed"),
])
def test_show_of_what_is_not_there_is_one_error_line(runner, law_index, args, words):
    line = _error_line(runner.invoke(cli, ["show", *args, "--index", law_index]))
    assert words in line


def test_analyze_prints_tokens_with_their_spans_in_the_text(runner):
    text = "中關村科學城的RISC-V晶片"
    result = runner.invoke(cli, ["analyze", text])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "words:" in lines and "grams:" in lines
    tokens = [TOKEN_LINE.match(line) for line in lines if line not in ("words:", "grams:")]
    assert tokens and all(tokens), lines
    for m in tokens:
        start, end = int(m.group(1)), int(m.group(2))
        assert text[start:end] == m.group(5)
    assert ("中关村", "中關村") in {(m.group(4), m.group(5)) for m in tokens}
    assert ("risc-v", "RISC-V") in {(m.group(4), m.group(5)) for m in tokens}


def test_analyze_json_gives_words_and_grams(runner):
    body = json.loads(runner.invoke(cli, ["analyze", "海淀區", "--json", "--mode", "query"]).stdout)
    assert [t["text"] for t in body["words"]] == ["海淀区"]
    assert {"text", "start", "end", "kind"} <= set(body["words"][0])


# --- errors --------------------------------------------------------------------------------------------------


def test_a_bad_path_is_one_error_line(runner, tmp_path):
    line = _error_line(runner.invoke(cli, ["index", str(tmp_path / "nope"), "--index", str(tmp_path / "ix")]))
    assert "no such file or folder" in line and "nope" in line


def test_a_deleted_file_named_to_index_drops_its_document_and_a_path_never_indexed_is_one_error_line(
        runner, tmp_path):
    corpus = tmp_path / "docs"
    (corpus / "2024").mkdir(parents=True)
    (corpus / "2024" / "plan.txt").write_text("海淀区推进中关村科学城建设。", encoding="utf-8")
    (corpus / "keep.txt").write_text("软件和信息服务业是海淀区的支柱产业。", encoding="utf-8")
    ix = str(tmp_path / "ix")
    assert runner.invoke(cli, ["index", str(corpus), "--index", ix]).exit_code == 0
    (corpus / "2024" / "plan.txt").unlink()
    result = runner.invoke(cli, ["index", str(corpus / "2024" / "plan.txt"), "--index", ix, "--json"])
    assert result.exit_code == 0
    assert (json.loads(result.stdout)["removed"], json.loads(result.stdout)["unchanged"]) == (1, 0)
    line = _error_line(runner.invoke(cli, ["index", str(corpus / "2024" / "plan.txt"), "--index", ix]))
    assert "no such file or folder" in line and "plan.txt" in line
    hits = json.loads(runner.invoke(cli, ["search", "海淀区", "--index", ix, "--json"]).stdout)["results"]
    assert [hit["doc_id"] for hit in hits] == ["keep.txt"]


def test_a_syntax_error_is_one_error_line_saying_where(runner, seed_index):
    line = _error_line(runner.invoke(cli, ["search", '海淀 "中关村', "--index", str(seed_index)]))
    assert "at character 4 of the query" in line


def test_a_locked_index_is_one_error_line(runner, tmp_path, seeds_dir):
    with writer_lock(tmp_path / "ix"):
        line = _error_line(runner.invoke(cli, ["index", str(seeds_dir), "--index", str(tmp_path / "ix")]))
    assert "index is locked" in line


@pytest.mark.parametrize("args, words", [
    (["search", "海淀", "--limit", "0"], "limit"),
    (["search", "*"], "'*'"),
    (["search", "   "], "empty"),
    # Bytes that are not UTF-8, as a shell passes them on (Python keeps them as lone surrogates).
    (["search", "\udcff\udcfe海淀"], "the query holds bytes that are not UTF-8 (\\xff\\xfe海淀)"),
    (["search", "海淀", "--agency", "\udcff"], "the agency filter holds bytes that are not UTF-8"),
    (["analyze", "\udcff海淀"], "the text holds bytes that are not UTF-8"),
    (["search", "海淀", "--year", "last"], "year: 'last' is not a year"),
    (["search", "海淀 year:2020..2016"], "year: the range '2020..2016' ends before it begins"),
    (["search", "海淀 script:latn"], "script: 'latn' is not one of hans, hant, mixed, latin"),
])
def test_bad_search_input_is_one_error_line(runner, seed_index, args, words):
    assert words in _error_line(runner.invoke(cli, [*args, *(["--index", str(seed_index)] if args[0] == "search" else [])]))


def test_a_bad_option_value_is_a_usage_error_not_a_traceback(runner, seed_index):
    result = runner.invoke(cli, ["search", "海淀", "--match", "some", "--index", str(seed_index)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "Invalid value for '--match'" in result.stderr


@pytest.mark.parametrize("args, words", [
    (["serch", "海淀"], "No such command 'serch'"),
    (["--bogus"], "No such option '--bogus'; see 'tongwen --help'"),
    (["search"], "Missing argument 'QUERY...'; see 'tongwen search --help'"),
    (["search", "海淀", "--limit", "ten"], "Invalid value for '--limit'"),
    (["index", "--bogus"], "No such option '--bogus'; see 'tongwen index --help'"),
    (["search", "-规划 海淀"], "query words that start with '-' go last, after '--'"),
    (["search", "海淀", "-规划"], "query words that start with '-' go last, after '--': tongwen search --limit 5 -- 海淀 -规划"),
])
def test_a_usage_error_is_one_error_line_that_says_where_help_is(runner, args, words):
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert words in _error_line(result)


def test_only_search_is_told_where_a_query_starting_with_a_minus_goes(runner):
    line = _error_line(runner.invoke(cli, ["index", "-x"]))
    assert line == "tongwen: error: No such option '-x'; see 'tongwen index --help'"


def test_a_query_that_starts_with_a_minus_searches_after_two_dashes(runner, seed_index):
    result = runner.invoke(cli, ["search", "--index", str(seed_index), "--json", "--", "-规划 海淀"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total"] > 0


def test_a_query_given_as_several_words_is_the_query_of_those_words(runner, seed_index):
    def search(*words):
        result = runner.invoke(cli, ["search", "--index", str(seed_index), "--json", *words])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    several, one = search("中關村", "科學城"), search("中關村 科學城")
    assert several["query"] == "中關村 科學城" and several["total"] > 0
    assert [r["doc_id"] for r in several["results"]] == [r["doc_id"] for r in one["results"]]
    assert search("--", "海淀", "-规划")["total"] == search("海淀 -规划")["total"]


def test_an_index_of_another_version_is_one_error_line_asking_for_rebuild(runner, tmp_path, seeds_dir):
    from tongwen.index import store

    index_dir = tmp_path / "ix"
    assert runner.invoke(cli, ["index", str(seeds_dir), "--index", str(index_dir)]).exit_code == 0
    manifest = store.current_generation(index_dir) / store.MANIFEST
    data = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**data, "pipeline_version": "old"}), encoding="utf-8")
    assert "--rebuild" in _error_line(runner.invoke(cli, ["search", "海淀", "--index", str(index_dir)]))


def test_a_terminal_that_cannot_write_han_characters_shows_question_marks_not_an_error(seed_index, tongwen_command):
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    done = subprocess.run([*tongwen_command, "search", "海淀", "--index", str(seed_index), "--limit", "1"],
                          capture_output=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode("latin-1")
    assert out.startswith("1 of 5 results for ?? (") and "score" in out
    assert done.stderr == b""


def test_an_index_folder_named_that_holds_no_index_is_an_error_and_nothing_is_written_there(tmp_path, tongwen_command):
    # A mistyped --index got the bundled seeds, in a folder the user never asked for.
    typo = tmp_path / "polcies-index"
    for command in (["search", "海淀"], ["show", "x.txt"]):
        done = subprocess.run([*tongwen_command, *command, "--index", str(typo)], capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 1
        assert done.stderr == f"tongwen: error: no index at {typo}: build one with `tongwen index PATH --index {typo}`\n"
    done = subprocess.run([*tongwen_command, "index", "--index", str(typo)], capture_output=True, text=True,
                          timeout=600)
    assert (done.returncode, done.stderr) == (2, f"tongwen: error: no folders to index into {typo}: name them, "
                                                 f"`tongwen index PATH --index {typo}`\n")
    assert not typo.exists()


def test_a_rebuild_with_no_path_refuses_while_a_folder_the_index_was_built_from_is_missing(runner, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.txt").write_text("关于甲的通知\n\n甲事项。", encoding="utf-8")
    (tmp_path / "b" / "y.txt").write_text("关于乙的通知\n\n乙事项。", encoding="utf-8")
    index_dir = str(tmp_path / "ix")
    assert runner.invoke(cli, ["index", str(tmp_path / "a"), str(tmp_path / "b"), "--index", index_dir]).exit_code == 0
    (tmp_path / "b").rename(tmp_path / "b-unmounted")

    def total() -> int:
        result = runner.invoke(cli, ["search", "事项", "--index", index_dir, "--json"])
        return json.loads(result.stdout)["total"]

    refused = runner.invoke(cli, ["index", "--rebuild", "--index", index_dir])
    assert refused.exit_code == 2 and "b: the index holds documents read from there" in _error_line(refused)
    assert total() == 2  # nothing left out
    # A plain refresh keeps what it cannot see; naming the folders to keep rebuilds from them alone.
    assert runner.invoke(cli, ["index", "--index", index_dir]).exit_code == 0 and total() == 2
    assert runner.invoke(cli, ["index", "--rebuild", str(tmp_path / "a"), "--index", index_dir]).exit_code == 0
    assert total() == 1
