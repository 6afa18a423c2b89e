"""The installed package: one import name, its library interface, and ``python -m tongwen``."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import tongwen
from tongwen.index.errors import DocumentNotFound, IndexMissing, InvalidParameter

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel `pip` builds from this checkout."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out),
                    str(REPO)], check=True, capture_output=True)
    [built] = out.glob("tongwen-*.whl")
    return built


def test_the_wheel_installs_tongwen_and_its_dist_info_only(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"tongwen"}
    assert len([t for t in tops if t.endswith(".dist-info")]) == 1
    # The design's folders, the seeds and the data files are inside it.
    for needed in ("tongwen/index/store.py", "tongwen/search/searcher.py", "tongwen/api/app.py", "tongwen/cli.py",
                   "tongwen/api/static/app.js", "tongwen/index/data/regional.tsv",
                   "tongwen/seeds/000_aa450f02ddd20a6f.txt", "tongwen/__main__.py"):
        assert needed in names, needed
    entry = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "tongwen = tongwen.cli:main" in entry


def test_the_wheel_runs_from_a_clean_target_without_the_checkout(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    code = ("import tongwen, sys; from tongwen.paths import seeds_dir; "
            "print(tongwen.__file__.startswith(sys.argv[1]), sorted(p.name for p in seeds_dir().glob('*.txt'))[0])")
    done = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r}); " + code,
                           str(target)], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "000_aa450f02ddd20a6f.txt"]


def test_python_dash_m_tongwen_runs_the_command_line():
    done = subprocess.run([sys.executable, "-m", "tongwen", "search", "-h"], capture_output=True, text=True)
    assert done.returncode == 0
    assert "Example:" in done.stdout and "--sort" in done.stdout


def test_the_library_indexes_searches_and_reads_documents(tmp_path, seeds_dir):
    ix = tongwen.Index(tmp_path / "index")
    with pytest.raises(IndexMissing):
        ix.search("中关村")
    report = ix.update([seeds_dir])
    assert (report["indexed"], report["skipped"], report["by_format"]) == (5, 0, {"txt": 5})
    assert ix.update([seeds_dir])["unchanged"] == 5

    page = ix.search("中關村", limit=2, display="hant")
    assert (page["total"], page["limit"], page["offset"], len(page["results"])) == (5, 2, 0, 2)
    assert set(page) >= {"query", "total", "took_ms", "results", "facets"}
    assert all("中關村" in p["text"] for r in page["results"] for p in r["passages"][:1])

    filtered = ix.search("海淀", filters={"year": 2016})
    assert [r["meta"]["year"] for r in filtered["results"]] == [2016]
    dated = ix.search("海淀", sort="date", limit=5)
    assert dated["results"][0]["meta"].get("date") == "2016-11"  # the one dated document first, undated after

    doc = ix.document(page["results"][0]["doc_id"])
    assert doc["text"] and doc["passages"] and doc["doc_id"] == page["results"][0]["doc_id"]
    marked = ix.document(page["results"][0]["doc_id"], query="中關村", display="hant")
    assert marked["highlights"] and all(marked["text"][s:e] == "中關村" for s, e in marked["highlights"])
    with pytest.raises(DocumentNotFound):
        ix.document("nowhere.txt")
    with pytest.raises(InvalidParameter):
        ix.search("海淀", sort="size")


def test_an_update_made_through_the_library_is_seen_by_its_next_search(tmp_path, write_corpus):
    corpus = write_corpus({"a.txt": "集成电路设计产业园在海淀区落成。"})
    ix = tongwen.Index(tmp_path / "index")
    ix.update([corpus])
    assert ix.search("产业园")["total"] == 1
    (corpus / "b.txt").write_text("产业园二期开工。", encoding="utf-8")
    ix.update([corpus])
    assert ix.search("产业园")["total"] == 2
    assert repr(ix).startswith("tongwen.Index(")


def test_the_installed_package_reads_files_in_legacy_encodings_from_any_working_directory(wheel, tmp_path):
    """Detecting GBK or Big5 reads a table shipped in the package: it must be found where the package is installed,
    not only beside a checkout (a run from a checkout's root would find ``index/`` there by accident)."""
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "gbk.txt").write_bytes("北京市海淀区人民政府关于推进中关村科学城建设的通知\n\n各街道办事处：现将有关事项通知如下。\n"
                                   .encode("gbk"))
    (docs / "big5.txt").write_bytes("臺北市政府資訊局公告\n\n本局將於下週舉辦軟體研習活動。\n".encode("big5"))
    code = ("import sys; from tongwen.cli import main; sys.argv = ['tongwen', 'index', sys.argv[1], '--index', "
            "sys.argv[2]]; main()")
    done = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r}); " + code,
                           str(docs), str(tmp_path / "ix")], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "" and "indexed 2 (2 txt)" in done.stdout, done.stdout + done.stderr


def test_a_search_and_an_update_never_import_pkg_resources_and_jieba_still_finds_its_dictionary(tmp_path, seeds_dir):
    # jieba imports it only to find its dictionary; with setuptools 80 the import prints a UserWarning under every
    # command. A fresh temporary folder makes jieba read its dictionary file, not its cache.
    code = (
        "import sys, tongwen\n"
        "ix = tongwen.Index(sys.argv[1])\n"
        "ix.update([sys.argv[2]])\n"
        "hits = ix.search('中关村科学城')['results']\n"
        "print(len(hits) > 0, 'pkg_resources' in sys.modules)\n"
    )
    env = {"PATH": "/usr/bin:/bin", "TMPDIR": str(tmp_path), "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-W", "error::UserWarning", "-c", code, str(tmp_path / "ix"), str(seeds_dir)],
                          capture_output=True, text=True, env=env, check=True)
    assert done.stdout.split() == ["True", "False"]


def test_a_command_line_search_imports_no_pydantic_which_only_the_server_needs(tmp_path, seeds_dir):
    # The result shapes describe their fields for the API's schema without importing pydantic: its import and the
    # shapes made with it were a quarter of a cold `tongwen search`.
    code = (
        "import sys, tongwen, tongwen.cli\n"
        "ix = tongwen.Index(sys.argv[1])\n"
        "ix.update([sys.argv[2]])\n"
        "hits = ix.search('中关村科学城')['results']\n"
        "print(len(hits) > 0, 'pydantic' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "ix"), str(seeds_dir)],
                          capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "False"]
