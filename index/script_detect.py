"""Which script a document is written in (``hans``, ``hant``, ``mixed`` or ``latin``), and whose words it writes."""

from __future__ import annotations

import re

from .analysis.script import HAN_RUN, T2S, convert_keeping_length, s2t


# A document is in one script when at most this share of its script-specific characters belong to the other (a
# quotation, a name); beyond it, it is mixed.
MIXED_SHARE = 0.2


def script_of(text: str) -> tuple[str, bool]:
    """The script of ``text`` by its script-specific characters (those OpenCC changes one way but not the other), and
    whether its Han characters are all both scripts' (播放影片): such a text is called ``hans``, but a Taiwan text may
    be written so as well."""
    chars = {ch for ch in set(text) if HAN_RUN.match(ch)}
    if not chars:
        return "latin", False
    joined = "".join(sorted(chars))
    # Compared character by character, so the conversions must keep the length.
    trad_only = sum(1 for a, b in zip(joined, convert_keeping_length(T2S, joined)) if a != b)
    simp_only = sum(1 for a, b in zip(joined, convert_keeping_length(s2t(), joined)) if a != b)
    if trad_only == simp_only == 0:
        return "hans", True
    return _by_share(trad_only, simp_only), False


# Words each side writes its own way that policy texts use often and the other side's texts hardly ever (the
# mainland's first, Taiwan's second; in Simplified form, as the normalized text is): a count of them tells whose
# vocabulary a text writes, whatever its script. Words both sides use in another sense (资料, materials on the
# mainland; 程序, a procedure in Taiwan) are not among them.
VOCABULARY_MARKERS = (
    ("信息", "资讯"), ("软件", "软体"), ("网络", "网路"), ("互联网", "网际网路"), ("人工智能", "人工智慧"),
    ("知识产权", "智慧财产权"), ("硬件", "硬体"), ("芯片", "晶片"), ("服务器", "伺服器"), ("数据库", "资料库"),
    ("数字化", "数位化"), ("打印", "列印"), ("屏幕", "萤幕"), ("默认", "预设"), ("激光", "雷射"), ("出租车", "计程车"),
    ("博客", "部落格"), ("鼠标", "滑鼠"), ("短信", "简讯"),
)
# A side's words tell when they occur at least this often, and this many times as often as the other side's.
VOCABULARY_LEAST = 3
VOCABULARY_RATIO = 4
# All the markers in one pass (longest first, so 网际网路 is one of Taiwan's words, not also its 网路): a count of each
# apart cost 70 ns a character of every document indexed, some 3% of a build; this costs 8.
_MARKER = re.compile("|".join(sorted((re.escape(word) for pair in VOCABULARY_MARKERS for word in pair), key=len,
                                     reverse=True)))
_MAINLAND = frozenset(word for word, _ in VOCABULARY_MARKERS)


def vocabulary_of(normalized: str) -> str | None:
    """Whose words a text writes, by its ``normalized`` (Simplified) form: "hans" for the mainland's, "hant" for
    Taiwan's, None when the markers do not tell. On 3,500 mainland laws and 1,346 Taiwan laws none is told as the
    other side's; a mainland report put into Traditional (the seeds' 000) is told as the mainland's."""
    found = _MARKER.findall(normalized)
    mainland = sum(1 for word in found if word in _MAINLAND)
    taiwan = len(found) - mainland
    if mainland >= VOCABULARY_LEAST and mainland >= VOCABULARY_RATIO * taiwan:
        return "hans"
    if taiwan >= VOCABULARY_LEAST and taiwan >= VOCABULARY_RATIO * mainland:
        return "hant"
    return None


def _by_share(trad_only: int, simp_only: int) -> str:
    """The script of a text with these counts of characters particular to Traditional and to Simplified."""
    share = trad_only / (trad_only + simp_only)
    if share >= 1 - MIXED_SHARE:
        return "hant"
    if share <= MIXED_SHARE:
        return "hans"
    return "mixed"
