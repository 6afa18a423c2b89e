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
tables map and its ``t2s`` leaves (衞 → 卫), and a few more of Taiwan's (砲, 賸). Two standards' spellings of a word in
different characters (身分 / 身份, 規畫 / 规划) are no character fold: 身分 is also the end of 本身 before 分析. They
are pairs of the regional table, which rewrites queries only (``index.vocabulary``).
"""

from __future__ import annotations

import re

from .token import Mapped

# Hong Kong's and Taiwan's variant characters that t2s leaves as they are (OpenCC's hk2s and tw2s convert them);
# Taiwan's 牠 (它, of animals), 蒐 (搜集), 砲 (炮), 賸 (剩余), 濬 (疏浚), 甦 (复苏), 徬 (彷徨) and 搥 (捶); and 巿, a
# character of classical texts that Taiwan's law texts print for 市 (直轄巿).
_CHARACTERS = str.maketrans({
    "衞": "卫", "衹": "只", "祇": "只", "敍": "叙", "粧": "妆", "糭": "粽", "枱": "台",
    "痺": "痹", "睪": "睾", "簷": "檐", "牠": "它", "蒐": "搜", "砲": "炮", "賸": "剩", "濬": "浚", "甦": "苏",
    "徬": "彷", "搥": "捶", "巿": "市",
})
# 著 is read zhù (kept) after these characters (显著, 卓著, 土著, 名著, 编著 …) and before these (著作, 著名, 著称 …);
# everywhere else it is the particle or verb the mainland writes 着 (随着, 意味着, 接着, 衣着, 着手, 着重, 着陆).
_ZHU = re.compile("(?<![显卓昭土名编原论专巨遗译合拙杰])著(?![作名称述录者书])")
# 帐 is 账 (账户, 账号, 记账, 会计账簿: Taiwan's and the mainland's older spelling) except for tents and curtains.
_ZHANG = re.compile("(?<![蚊营纱罗床寝军])帐(?![篷幕蓬子])")
# 藉 is Taiwan's 借 (藉由, 藉口, 憑藉) except where the mainland writes it too, read jiè or jí (慰藉, 狼藉, 蕴藉, 枕藉).
_JIE = re.compile("(?<![慰狼蕴枕])藉")
_ANY = re.compile("[" + "".join(chr(code) for code in _CHARACTERS) + "著帐藉]")


def fold_variants(m: Mapped) -> Mapped:
    """Fold Taiwan's and Hong Kong's standard characters in ``m.text`` (Simplified already) to the mainland's,
    keeping offsets."""
    text = m.text
    if _ANY.search(text) is None:  # most text: one scan, in C
        return m
    out = _JIE.sub("借", _ZHANG.sub("账", _ZHU.sub("着", text.translate(_CHARACTERS))))
    return m if out == text else Mapped(out, m.origin_start, m.origin_end)
