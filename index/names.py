"""Known items: the names a document answers to, worked out from its title when its segment is written.

People look a law or a notice up by its name: 刑法 for 中华人民共和国刑法, 自来水法 for 自來水法, 海淀区规划 for
北京市人民政府办公厅关于印发《海淀区规划》的通知. The short names of a title are the title without the issuing
prefix (中华人民共和国), without a trailing edition note (（2018修正）), and the subject of a 关于…的通知 wrapper.

A segment's titles and names are written beside it (``segments.NAMES``), so that opening an index reads them rather
than working them out again for every document on every start (0.80 → 0.62 s to open 37,800 documents). The file
says which version of these rules wrote it: one written by other rules is not read, and the names are worked out
again when the segment is opened.
"""

from __future__ import annotations

import re

from tongwen.index import analysis

# The version of the rules below: a segment's names written by other rules are worked out again when it is opened.
VERSION = 2

# Tiers: a query equal to the whole title outranks one equal to a short name.
TITLE, SHORT = 2, 1
_PREFIXES = ("中华人民共和国", "中华民国")
_EDITION = re.compile(r"[（(][^（）()]{0,20}[）)]$")
_ABOUT = re.compile(r"关于(?:印发|发布|公布|转发)?(?P<subject>.+?)的(?:若干|实施|指导)?(?:通知|决定|意见|批复|公告|通告|函|报告|请示|决议|解释|规定|命令)")  # noqa: E501 (a pattern or text written as one line)
# Quotation and title marks are typography (关于修改《…法》的决定, 「資通安全」管理辦法): a name typed without them
# meets the title, as the text's runs join across them (``script.INLINE_MARKS``; an ASCII apostrophe stays: china's).
TITLE_MARKS = re.compile("[《》〈〉“”\"‘’「」『』]")


def known_item_key(text: str) -> str:
    """The form titles and queries are compared in: normalized (NFKC, Simplified), lower case, no spaces."""
    return "".join(analysis.fold_key(text).split())


def short_names(title: str, folded: str | None = None) -> list[tuple[str, int]]:
    """(key, tier) of every name a title answers to: itself, and its short names. ``folded`` is the title's
    ``fold_key`` when the caller has it already."""
    key = known_item_key(title) if folded is None else "".join(folded.split())
    if not key:
        return []
    names = {key: TITLE}
    candidates = [key]
    about = _ABOUT.search(key)
    if about:
        candidates.append(TITLE_MARKS.sub("", about.group("subject")))
    for name in list(candidates):
        for prefix in _PREFIXES:
            if name.startswith(prefix) and len(name) > len(prefix) + 1:
                candidates.append(name[len(prefix):])
    for name in list(candidates):
        bare = _EDITION.sub("", name)
        if bare != name and len(bare) >= 2:
            candidates.append(bare)
    for name in candidates:
        if len(name) >= 2:
            names.setdefault(name, SHORT)
    return sorted(names.items())


def of_titles(titles: list[str]) -> tuple[list[str], dict[str, list[int]]]:
    """The titles' ``fold_key`` forms, and every name they answer to: name → the ``named`` numbers of its titles."""
    folded = analysis.fold_keys(titles)
    known: dict[str, list[int]] = {}
    for k, (title, key) in enumerate(zip(titles, folded)):
        for name, tier in short_names(title, key):
            known.setdefault(name, []).append(k << 2 | tier)
    return folded, known


def named(number: int) -> tuple[int, int]:
    """(title number, tier) of a number ``of_titles`` lists under a name: one number, not a pair, so that a segment's
    table of names reads back as a list of numbers per name (a third of the time)."""
    return number >> 2, number & 3
