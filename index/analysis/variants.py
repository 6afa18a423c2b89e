"""Step 3: the characters Taiwan's and Hong Kong's standards write where the mainland's writes another, folded to
the mainland's, so that one word meets itself across the strait.

``t2s`` converts script, not standards: Taiwan's 隨著 帳戶 and Hong Kong's 衞生 stayed 随著 帐户 衞生 where the
mainland writes 随着 账户 卫生, and a query in one standard missed every document in the other (the same word, not a
regional word like 軟體/软件, which the query side's vocabulary handles). Each fold maps one character to one, so
offsets hold, and runs on documents and queries alike, so a word folds the same way wherever it is written: the index
and highlighting see one form, results show the text as written.

A character is folded only where its reading is that word's in every context it is folded in: 著 is 着 except in the
words that read it zhù (著作, 显著, 土著 …), 帐 is 账 except in tents and curtains (帐篷, 蚊帐), 藉 is 借 except in the
words the mainland writes with it (慰藉, 狼藉). The other characters are those OpenCC's Hong Kong and Taiwan variant
tables map and its ``t2s`` leaves (衞 → 卫), and a few more of Taiwan's (砲, 賸, 矽). Two standards' spellings of a
word in different characters (身分 / 身份, 規畫 / 规划) are no character fold: 身分 is also the end of 本身 before 分析.
They are pairs of the regional table, which rewrites queries only (``index.vocabulary``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .token import Mapped

# Hong Kong's and Taiwan's variant characters that t2s leaves as they are (OpenCC's hk2s and tw2s convert them);
# Taiwan's 牠 (它, of animals), 蒐 (搜集), 砲 (炮), 賸 (剩余), 濬 (疏浚), 甦 (复苏), 徬 (彷徨), 搥 (捶) and
# 矽 (硅, silicon: 矽谷, 矽晶圓, a company's 有研矽股; OpenCC's tw2sp writes 硅 for it everywhere); and 巿, a
# character of classical texts that Taiwan's law texts print for 市 (直轄巿).
_CHARACTERS = {
    "衞": "卫", "衹": "只", "祇": "只", "敍": "叙", "粧": "妆", "糭": "粽", "枱": "台",
    "痺": "痹", "睪": "睾", "簷": "檐", "牠": "它", "蒐": "搜", "砲": "炮", "賸": "剩", "濬": "浚", "甦": "苏",
    "徬": "彷", "搥": "捶", "矽": "硅", "巿": "市",
}
# Found by one pattern and replaced where they are (``str.translate`` looks every character of a text up).
_CHARACTER = re.compile("[" + "".join(_CHARACTERS) + "]")


def _in_context(char: str, folded: str, before: str, after: str = "") -> tuple[str, re.Pattern, str]:
    """``char``, a pattern of it with the neighbour that keeps it as it is, if any (one of ``before`` before it, group
    ``kept``, or of ``after`` after it, group ``after``), and what it folds to elsewhere. Spaces and line breaks
    between the two are no boundary: the literal index reads 显⏎著 as 显著."""
    pattern = f"(?P<kept>[{before}]\\s*)?{char}" + (f"(?P<after>\\s*[{after}])?" if after else "(?P<after>)")
    return char, re.compile(pattern), folded


# 著 is read zhù (kept) after these characters (显著, 卓著, 土著, 名著, 编著 …) and before these (著作, 著名, 著称 …);
# everywhere else it is the particle or verb the mainland writes 着 (随着, 意味着, 接着, 衣着, 着手, 着重, 着陆).
# 帐 is 账 (账户, 账号, 记账, 会计账簿: Taiwan's and the mainland's older spelling) except for tents and curtains.
# 藉 is Taiwan's 借 (藉由, 藉口, 憑藉) except where the mainland writes it too, read jiè or jí (慰藉, 狼藉, 蕴藉, 枕藉).
_IN_CONTEXT = (
    _in_context("著", "着", "显卓昭土名编原论专巨遗译合拙杰", "作名称述录者书"),
    _in_context("帐", "账", "蚊营纱罗床寝军", "篷幕蓬子"),
    _in_context("藉", "借", "慰狼蕴枕"),
)
_ANY = re.compile("[" + "".join(_CHARACTERS) + "".join(char for char, _, _ in _IN_CONTEXT) + "]")


def fold_variants(m: Mapped) -> Mapped:
    """Fold Taiwan's and Hong Kong's standard characters in ``m.text`` (Simplified already) to the mainland's,
    keeping offsets."""
    text = m.text
    if _ANY.search(text) is None:  # most text: one scan, in C
        return m
    out = _CHARACTER.sub(lambda found: _CHARACTERS[found[0]], text)
    for char, pattern, folded in _IN_CONTEXT:
        if char in out:  # a scan in C; the pattern's search is slower
            out = pattern.sub(_folding(folded), out)
    return m if out == text else Mapped(out, m.origin_start, m.origin_end)


def _folding(folded: str) -> Callable[[re.Match], str]:
    """A replacement that keeps a match with a neighbour that keeps it, and is ``folded`` otherwise."""
    return lambda found: found[0] if found["kept"] or found["after"] else folded
