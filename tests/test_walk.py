"""Walking input paths: supported files, sorted, POSIX ids, hidden entries skipped, links followed without loops."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tongwen.index.errors import InputPathError
from tongwen.index.walk import listings, walk


def _tree(root: Path, files: list[str]) -> Path:
    """Create the files (relative POSIX paths) under ``root`` with a line of text each."""
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("內容。\n", encoding="utf-8")
    return root


def _ids(paths: list[Path]) -> list[str]:
    """The document ids walk yields for ``paths``."""
    return [found.doc_id for found in walk(paths)]


def test_a_folder_yields_its_supported_files_recursively_sorted_with_posix_ids(tmp_path):
    root = _tree(tmp_path / "corpus", ["b.txt", "a/z.md", "a/b/c.TXT", "notes.key", "a/readme", "c.markdown"])
    found = list(walk([root]))
    assert [f.doc_id for f in found] == ["a/b/c.TXT", "a/z.md", "b.txt", "c.markdown"]
    assert all(f.root == root for f in found)
    assert all(Path(f.path) == root / f.doc_id for f in found)
    assert all(f.stat == (os.stat(f.path).st_size, os.stat(f.path).st_mtime_ns) for f in found)


def test_documents_of_kinds_no_reader_reads_are_named_in_one_warning_per_folder_given(tmp_path):
    root = _tree(tmp_path / "corpus", ["a.txt", "old.doc", "sub/paper.CAJ", "sub/thesis.caj", "report.uot",
                                       "photo.jpg", "readme", ".hidden.uot", "sub/.cache/x.caj"])
    plain = _tree(tmp_path / "plain", ["b.txt", "photo.jpg"])
    warnings: list[str] = []
    assert [found.doc_id for found in walk([root, plain], warn=warnings.append)] == ["a.txt", "old.doc", "b.txt"]
    assert warnings == [f"{root}: left out 3 documents in formats Tongwen does not read (.caj 2, .uot 1); save them "
                        f"as PDF or .docx to index them"]


def test_hidden_files_and_folders_are_skipped(tmp_path):
    root = _tree(tmp_path, ["seen.txt", ".hidden.txt", ".git/objects.txt", "sub/.cache/x.md", "sub/y.md"])
    assert _ids([root]) == ["seen.txt", "sub/y.md"]


def test_a_hidden_folder_given_by_the_user_is_walked(tmp_path):
    root = _tree(tmp_path / ".docs", ["a.txt"])
    assert _ids([root]) == ["a.txt"]


def test_a_single_file_has_its_folder_as_root_and_its_name_as_id(tmp_path):
    path = _tree(tmp_path, ["sub/plan.txt"]) / "sub" / "plan.txt"
    assert [f[:3] for f in walk([path])] == [(path.parent, "plan.txt", str(path))]


def test_a_single_file_is_yielded_whatever_its_suffix(tmp_path):
    path = _tree(tmp_path, ["notes.key"]) / "notes.key"
    assert _ids([path]) == ["notes.key"]


def test_a_missing_path_raises_input_path_error_with_one_line(tmp_path):
    missing = tmp_path / "nowhere"
    with pytest.raises(InputPathError) as raised:
        list(walk([tmp_path, missing]))
    assert str(missing) in str(raised.value)
    assert "\n" not in str(raised.value)


def test_paths_are_checked_before_anything_is_yielded(tmp_path):
    _tree(tmp_path, ["a.txt"])
    walker = walk([tmp_path, tmp_path / "nowhere"])
    with pytest.raises(InputPathError):
        next(walker)


def test_a_broken_symbolic_link_given_as_path_is_an_input_path_error(tmp_path):
    link = tmp_path / "dangling"
    link.symlink_to(tmp_path / "gone")
    with pytest.raises(InputPathError):
        list(walk([link]))


def test_symbolic_links_that_leave_the_folders_given_are_skipped_with_one_warning_each(tmp_path):
    outside = _tree(tmp_path / "outside", ["shared/policy.txt", "single.md"])
    root = _tree(tmp_path / "corpus", ["own.txt"])
    (root / "linked").symlink_to(outside / "shared", target_is_directory=True)
    (root / "alias.md").symlink_to(outside / "single.md")
    warnings: list[str] = []
    found = list(walk([root], warn=warnings.append))
    assert [f.doc_id for f in found] == ["own.txt"]
    assert sorted(w.split(":")[0] for w in warnings) == ["alias.md", "linked"]
    assert all("outside the folders given" in w and "--follow-symlinks" in w for w in warnings)
    assert all(str(tmp_path) not in w for w in warnings)  # the target's place is not told either


def test_symbolic_links_outside_are_followed_when_asked(tmp_path):
    outside = _tree(tmp_path / "outside", ["shared/policy.txt", "single.md"])
    root = _tree(tmp_path / "corpus", ["own.txt"])
    (root / "linked").symlink_to(outside / "shared", target_is_directory=True)
    (root / "alias.md").symlink_to(outside / "single.md")
    found = list(walk([root], follow_symlinks=True))
    assert [f.doc_id for f in found] == ["alias.md", "linked/policy.txt", "own.txt"]
    assert Path(found[1].path) == root / "linked" / "policy.txt"


def test_symbolic_links_that_stay_inside_the_folders_given_are_followed(tmp_path):
    root = _tree(tmp_path / "corpus", ["real/doc.txt", "other/note.md"])
    (root / "alias").symlink_to(root / "other", target_is_directory=True)
    (root / "doc-link.txt").symlink_to(root / "real" / "doc.txt")
    second = _tree(tmp_path / "second", ["x.txt"])
    (root / "to-second.txt").symlink_to(second / "x.txt")  # inside another folder given: still inside
    warnings: list[str] = []
    ids = [f.doc_id for f in walk([root, second], warn=warnings.append)]
    # Each real file once, under the first name that reaches it.
    assert ids == ["alias/note.md", "doc-link.txt", "to-second.txt"]
    assert warnings == []


def test_a_file_name_that_is_not_utf8_is_kept_with_its_bytes_escaped(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    raw = os.fsencode(str(root)) + b"/\xff\xfepolicy.txt"
    with open(raw, "wb") as fh:
        fh.write("海淀区".encode())
    found = list(walk([root]))
    assert [f.doc_id for f in found] == ["\\xff\\xfepolicy.txt"]
    assert Path(found[0].path).read_bytes() == "海淀区".encode()


@pytest.mark.parametrize("escaped_first", [True, False])
def test_a_name_that_is_not_utf8_never_takes_the_id_of_a_file_named_as_its_escape_reads(tmp_path, escaped_first):
    root = tmp_path / "corpus"
    root.mkdir()
    raw = os.fsencode(str(root)) + b"/\xffpolicy.txt"
    written = root / "\\xffpolicy.txt"  # a file really named with a backslash, x, f, f
    for make in ([lambda: Path(os.fsdecode(raw)).write_text("甲"), lambda: written.write_text("乙")][::1 if escaped_first
                                                                                                 else -1]):
        make()
    warnings: list[str] = []
    found = list(walk([root], warn=warnings.append))
    # One document per id: the file whose name is its id keeps it, the other is named in a warning, run after run.
    assert [(f.doc_id, Path(f.path).read_text()) for f in found] == [("\\xffpolicy.txt", "乙")]
    assert len(warnings) == 1 and "not valid UTF-8" in warnings[0] and "skipped" in warnings[0]


@pytest.mark.parametrize("reverse", [False, True])
def test_two_names_escaped_alike_keep_one_document_the_same_whatever_order_they_were_made_in(tmp_path, reverse):
    root = tmp_path / "corpus"
    root.mkdir()
    names = [b"\\xff\xff.txt", b"\xff\\xff.txt"]  # both shown as \xff\xff.txt
    for raw in names[::-1] if reverse else names:
        with open(os.fsencode(str(root)) + b"/" + raw, "wb") as fh:
            fh.write(raw)
    warnings: list[str] = []
    found = list(walk([root], warn=warnings.append))
    assert [(f.doc_id, Path(f.path).read_bytes()) for f in found] == [("\\xff\\xff.txt", names[0])]
    assert len(warnings) == 1


def test_a_file_given_by_a_name_that_is_not_utf8_never_takes_the_id_of_a_file_named_as_its_escape_reads(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    odd = Path(os.fsdecode(os.fsencode(str(root)) + b"/\xffpolicy.txt"))
    odd.write_text("甲")
    warnings: list[str] = []
    assert [f.doc_id for f in walk([odd], warn=warnings.append)] == ["\\xffpolicy.txt"] and warnings == []
    (root / "\\xffpolicy.txt").write_text("乙")
    assert list(walk([odd], warn=warnings.append)) == []
    assert len(warnings) == 1 and "not valid UTF-8" in warnings[0]


def test_a_folder_name_that_is_not_utf8_never_takes_the_ids_of_a_folder_named_as_its_escape_reads(tmp_path):
    root = tmp_path / "corpus"
    (root / "\\xfe").mkdir(parents=True)
    (root / "\\xfe" / "a.txt").write_text("乙")
    odd = os.fsencode(str(root)) + b"/\xfe"
    os.mkdir(odd)
    Path(os.fsdecode(odd + b"/a.txt")).write_text("甲")
    Path(os.fsdecode(odd + b"/b.txt")).write_text("丙")
    warnings: list[str] = []
    found = list(walk([root], warn=warnings.append))
    assert [(f.doc_id, Path(f.path).read_text()) for f in found] == [("\\xfe/a.txt", "乙"), ("\\xfe/b.txt", "丙")]
    assert len(warnings) == 1


def test_a_symbolic_link_loop_ends(tmp_path):
    root = _tree(tmp_path / "corpus", ["a/doc.txt"])
    (root / "a" / "back").symlink_to(root, target_is_directory=True)
    (root / "a" / "self").symlink_to(root / "a", target_is_directory=True)
    assert _ids([root]) == ["a/doc.txt"]


def test_a_file_reached_twice_is_yielded_once(tmp_path):
    root = _tree(tmp_path / "corpus", ["real/doc.txt"])
    (root / "zlink").symlink_to(root / "real", target_is_directory=True)
    assert _ids([root, root / "real" / "doc.txt"]) == ["real/doc.txt"]


def test_an_unreadable_folder_is_skipped(tmp_path, monkeypatch):
    root = _tree(tmp_path, ["ok.txt", "locked/secret.txt"])
    scandir = os.scandir

    def refusing(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    assert _ids([root]) == ["ok.txt"]
    warnings: list[str] = []
    (listing,) = listings([root], warn=warnings.append)
    # Said, and remembered: what was indexed from it is not known to be gone.
    assert listing.unreadable == ("locked/",)
    assert len(warnings) == 1 and "locked: cannot read the folder (Permission denied)" in warnings[0]
