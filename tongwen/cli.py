"""The ``tongwen`` command: thin over the library (``index.store`` and ``search.searcher``)."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from tongwen.index.errors import INPUT_ERRORS, IndexMissing, InvalidParameter, TongwenError

from .paths import default_index_dir, seeds_dir

INDEX_OPTION = click.option(
    "--index", "index_dir", type=click.Path(path_type=Path), default=None,
    help="Index folder (default: $TONGWEN_INDEX or ~/.local/share/tongwen/index).",
)


def _index_dir(value: Path | None) -> Path:
    return value if value is not None else default_index_dir()


def _fail(message: str, code: int = 1) -> None:
    click.echo(f"tongwen: error: {message}", err=True)
    sys.exit(code)


def _usage_line(err: click.UsageError) -> str:
    """A usage error as one line, with where to read how the command is used."""
    path = err.ctx.command_path if err.ctx is not None else "tongwen"
    line = f"{err.format_message().rstrip('.')}; see '{path} --help'"
    searching = err.ctx is not None and err.ctx.info_name == "search"
    if searching and isinstance(err, click.exceptions.NoSuchOption) and not err.option_name.startswith("--"):
        # `tongwen search 海淀 -规划` is a query that excludes 规划, not an option.
        line += "; query words that start with '-' go last, after '--': tongwen search --limit 5 -- 海淀 -规划"
    return line


class _Group(click.Group):
    """Turns every Tongwen error and usage error into one line on stderr and a non-zero exit, never a traceback."""

    def make_context(self, info_name, args, parent=None, **extra):
        """The group's context; a usage error in its own options is one line."""
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.exceptions.NoArgsIsHelpError:
            raise  # `tongwen` alone shows the help
        except click.UsageError as err:
            _fail(_usage_line(err), err.exit_code)
            raise  # not reached: _fail exits

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.exceptions.NoArgsIsHelpError:
            raise
        except click.UsageError as err:  # an unknown command, a missing argument, a bad option or value
            _fail(_usage_line(err), err.exit_code)
        except TongwenError as err:
            _fail(str(err), 2 if isinstance(err, INPUT_ERRORS) else 1)
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as err:  # a bug: still one line, with the traceback only on request
            if os.environ.get("TONGWEN_DEBUG"):
                raise
            _fail(f"internal error: {type(err).__name__}: {err} (set TONGWEN_DEBUG=1 for details)")


@click.group(name="tongwen", cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tongwen")
def cli():
    """Tongwen: search Chinese policy texts in Traditional or Simplified script, and English.

    \b
    Example:
      tongwen index ~/policies
      tongwen search 中關村 科技園區
    """


def _progress_printer(enabled: bool):
    if not enabled:
        return None, None
    state: dict[str, Any] = {"bar": None}

    def progress(done: int, total: int) -> None:
        if state["bar"] is None:
            bar = click.progressbar(length=total, label="indexing", file=sys.stderr)
            bar.__enter__()
            state["bar"] = bar
        state["bar"].update(1)
        if done == total:
            state["bar"].__exit__(None, None, None)

    return progress, state


def run_index(paths: list[Path], index_dir: Path, rebuild: bool, show_progress: bool, follow_symlinks: bool = False):
    """Index ``paths`` into ``index_dir``, printing warnings (and a progress bar on a terminal) to stderr."""
    from tongwen.index.store import update_index

    progress, state = _progress_printer(show_progress)

    def warn(message: str) -> None:
        if state and state["bar"] is not None:
            click.echo("", err=True)
        click.echo(f"tongwen: warning: {message}", err=True)

    return update_index(paths, index_dir, rebuild=rebuild, follow_symlinks=follow_symlinks, progress=progress,
                        warn=warn)


@cli.command("index")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@INDEX_OPTION
@click.option("--rebuild", is_flag=True, help="Start from an empty index (after a pipeline or dictionary change).")
@click.option("--follow-symlinks", is_flag=True,
              help="Also index what links inside the folders point to elsewhere on the machine (by default a link "
                   "that leaves the folders given is skipped, so its target is never indexed or served).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def index_command(paths, index_dir, rebuild, follow_symlinks, as_json):
    """Index files and folders (text, web pages, PDF, OFD, Word, spreadsheets, slides); unchanged files are skipped.

    With no PATH, the folders indexed before are refreshed (the bundled seed corpus for a new default index). A PATH
    inside an indexed folder updates that file or folder alone; one that no longer exists drops its documents.

    \b
    Example:
      tongwen index ~/policies --index ./my-index
      tongwen index ~/policies/2024/withdrawn.txt --index ./my-index   # deleted: its document goes
    """
    from tongwen.index import store

    named, index_dir = index_dir is not None, _index_dir(index_dir)
    if not paths:
        paths = store.paths_to_refresh(index_dir, rebuild)
        if not paths:
            if not store.holds_nothing(index_dir):
                raise InvalidParameter(f"{index_dir} holds an index whose folders cannot be found: "
                                       f"name them, `tongwen index PATH --index {index_dir}`")
            if named:  # as for search: the seeds go only into the default index folder
                raise InvalidParameter(f"no folders to index into {index_dir}: name them, "
                                       f"`tongwen index PATH --index {index_dir}`")
            paths = [seeds_dir()]  # only ever into an empty index folder
    report = run_index(list(paths), index_dir, rebuild, sys.stderr.isatty() and not as_json, follow_symlinks)
    if as_json:
        click.echo(json.dumps(report.as_json(), ensure_ascii=False))
    else:
        click.echo(report.summary())


def open_searcher(index_dir: Path | None):
    """Open the index (the default one when ``index_dir`` is None), first building the default one from the bundled
    seeds when there is none yet."""
    from tongwen.search.searcher import Searcher

    named, index_dir = index_dir is not None, _index_dir(index_dir)
    try:
        return Searcher.open(index_dir)
    except IndexMissing:
        from tongwen.index import store

        # An index folder named on the command line is never filled with the seeds: a mistyped path would get them
        # (and a folder the user did not ask for) instead of saying there is no index there.
        if named or not store.holds_nothing(index_dir):
            raise
        click.echo(f"tongwen: no index yet at {index_dir}: indexing the bundled seed corpus first", err=True)
        report = run_index([seeds_dir()], index_dir, False, sys.stderr.isatty())
        click.echo(report.summary(), err=True)
        return Searcher.open(index_dir)


@cli.command("search")
# A query's words may come as one argument or several (tongwen search 中關村 科學城), as a shell splits them.
@click.argument("query", nargs=-1, required=True)
@INDEX_OPTION
@click.option("--limit", default=10, show_default=True, type=int, help="Results per page (1–100).")
@click.option("--offset", default=0, show_default=True, type=int, help="Results to skip.")
@click.option("--match", type=click.Choice(["all", "any"]), default="all", show_default=True,
              help="all: every term must occur; any: rank by how much of the query a document shares.")
@click.option("--display", type=click.Choice(["original", "hans", "hant"]), default="original", show_default=True,
              help="Show passages as written, or converted to Simplified (hans) or Traditional (hant).")
@click.option("--sort", type=click.Choice(["relevance", "date", "-date", "revised", "-revised"]), default="relevance",
              show_default=True,
              help="relevance; date: newest first; -date: oldest first; revised, -revised: by the date of the text as "
                   "it stands, a law's latest revision where it has one (undated documents last).")
@click.option("--year", default=None, help="Only documents of this year (2016) or range of years (2016..2020, "
                                           "2016.., ..2020).")
@click.option("--agency", default=None, help="Only documents issued by this body.")
@click.option("--script", "script_", type=click.Choice(["hans", "hant", "mixed", "latin"]), default=None,
              help="Only documents written in this script.")
@click.option("--type", "doc_type", default=None, help="Only documents of this type (规划, 通知, 意见…).")
@click.option("--status", default=None, help="Only documents of this status (时效性: 现行有效, 已被修改…).")
@click.option("--explain", is_flag=True, help="Show which document words each query term matched, and why.")
@click.option("--json", "as_json", is_flag=True, help="Print the result object as JSON.")
def search_command(query, index_dir, limit, offset, match, display, sort, year, agency, script_, doc_type, status,
                   explain, as_json):
    """Search the index; terms are ANDed, with OR, NOT, "exact phrases" and title: fields.

    \b
    Example:
      tongwen search 中關村 科學城 --limit 3
      tongwen search '"全国科技创新中心" OR 示範區' --json
      tongwen search 规划 --sort date --year 2015..2020
    """
    searcher = open_searcher(index_dir)
    filters = {"year": year, "agency": agency, "script": script_, "type": doc_type, "status": status}
    payload = searcher.search(" ".join(query), limit=limit, offset=offset, match=match, display=display,
                              filters=filters, sort=sort)
    if as_json:
        click.echo(json.dumps(payload, ensure_ascii=False))
    else:
        from tongwen.search.render import render_results

        click.echo(render_results(payload, color=sys.stdout.isatty(), explain=explain))


@cli.command("show")
@click.argument("doc_id")
@INDEX_OPTION
@click.option("--query", "-q", default=None, help="Mark every match of this query in the text.")
@click.option("--match", type=click.Choice(["all", "any"]), default="all", show_default=True,
              help="How --query is read, as in search.")
@click.option("--display", type=click.Choice(["original", "hans", "hant"]), default="original", show_default=True,
              help="The text as written, or converted to Simplified (hans) or Traditional (hant).")
@click.option("--article", default=None, help="Only this article of a law (第十七条, 第17條, 第十条之一).")
@click.option("--outline", is_flag=True, help="Only the headings (编, 章, 节…), indented by depth.")
@click.option("--json", "as_json", is_flag=True, help="Print the document object (as GET /documents/{id}).")
def show_command(doc_id, index_dir, query, match, display, article, outline, as_json):
    """Read one document: DOC_ID as search results name it.

    \b
    Example:
      tongwen show 004_61be5e8a0eccf6bc.txt --query 中关村
      tongwen show laws/刑法.txt --article 第二百三十四条
      tongwen show 004_61be5e8a0eccf6bc.txt --outline
    """
    searcher = open_searcher(index_dir)
    view = searcher.document(doc_id, query=query, match=match, display=display, article=article)
    if as_json:
        click.echo(json.dumps(view, ensure_ascii=False))
        return
    from tongwen.search.render import render_document

    page = render_document(view, color=sys.stdout.isatty(), outline=outline, whole=not (article and article.strip()))
    if sys.stdout.isatty():
        click.echo_via_pager(page)  # a law runs to thousands of lines
    else:
        click.echo(page)


@cli.command("analyze")
@click.argument("text", nargs=-1, required=True)
@click.option("--mode", type=click.Choice(["index", "query"]), default="index", show_default=True,
              help="index: jieba search mode (with sub-words); query: precise mode.")
@click.option("--json", "as_json", is_flag=True, help="Print tokens as JSON.")
def analyze_command(text, mode, as_json):
    """Show the tokens the pipeline makes of TEXT (its words joined by a space), with their spans in TEXT.

    \b
    Example:
      tongwen analyze 中關村科學城的RISC-V晶片
    """
    from tongwen.index import analysis
    from tongwen.search.contract import check_text

    text = " ".join(text)
    check_text("the text", text)
    out = {
        "words": [t._asdict() for t in analysis.words(text, mode)],
        "grams": [t._asdict() for t in analysis.grams(text, mode)],
    }
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False))
        return
    for name, tokens in out.items():
        click.echo(f"{name}:")
        for t in tokens:
            click.echo(f"  {t['start']:>5}–{t['end']:<5} {t['kind']:<5} {t['text']}  ({text[t['start']:t['end']]})")


@cli.command("eval")
@click.argument("query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@INDEX_OPTION
@click.option("--pairs", is_flag=True,
              help="QUERY_FILE is a cross-strait TSV (id, zh_CN, zh_TW): index both sides in a temporary index and "
                   "report how often each message finds its twin (top-10, MRR).")
@click.option("--limit", type=int, default=None, help="Only the first N pairs (with --pairs).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def eval_command(query_file, index_dir, pairs, limit, as_json):
    """Measure relevance: recall, MAP, highlight correctness and script symmetry per category.

    \b
    Example:
      tongwen eval ../shared/eval/dev_queries.json
      tongwen eval --pairs ../shared/eval/xstrait_dev.tsv --limit 500
    """
    from tongwen.search import evaluate

    if pairs:
        report = evaluate.evaluate_pair_file(query_file, limit)
        if as_json:
            click.echo(json.dumps(report, ensure_ascii=False))
        else:
            click.echo(f"queries {report['queries']}  top-10 {report['top10']:.3f}  MRR {report['mrr']:.3f}")
        return
    searcher = open_searcher(index_dir)
    entries = evaluate.load_queries(query_file)
    report = evaluate.evaluate_queries(searcher, entries)
    click.echo(json.dumps(report, ensure_ascii=False) if as_json else evaluate.format_report(report))


@cli.command("serve")
@INDEX_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--workers", default=None, type=click.IntRange(1, 64),
              help="Server processes sharing the memory-mapped index (default: the number of cores).")
def serve_command(index_dir, host, port, workers):
    """Serve the search API and search page over HTTP.

    \b
    Example:
      tongwen serve --port 8000   # then open http://127.0.0.1:8000/
      tongwen serve --workers 2 --host 0.0.0.0
    """
    from tongwen.api.server import serve

    serve(_index_dir(index_dir), host, port, workers)


def main() -> None:
    """Console-script entry point."""
    # A terminal whose encoding cannot write every character (Latin-1; a GBK console and a rare Han character)
    # shows '?' for those, instead of the command failing.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    cli(prog_name="tongwen")
