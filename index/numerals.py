"""Chinese numerals as people write them in policy texts and laws: 第十二条 = 第12条, 二〇一六年 = 2016年."""

from __future__ import annotations

import re

DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
          "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL = "零〇○一二两三四五六七八九十百千"
# The markers of the structure of laws (第十二条, 第 1 條, 第十条之一; 第一编, 第二章, 第三节, 第一部分), in either
# script and numeral style, with spaces allowed where Taiwan's database sets them (第 1 條, 第 一 章).
_SPACE = "[ \t\u3000]*"
LAW_NUMBER = f"(?:[0-9]{{1,4}}|[{NUMERAL}]{{1,8}})"
# Taiwan numbers an inserted article 第 1-1 條, as the mainland writes 第一条之一.
ARTICLE_MARKER = (f"第{_SPACE}(?P<article>{LAW_NUMBER})(?:-(?P<inserted>[0-9]{{1,2}}))?{_SPACE}[条條]"
                  f"(?:之(?P<sub>[一二三四五六七八九十]{{1,3}}))?")
DIVISION_MARKER = f"第{_SPACE}(?P<division>{LAW_NUMBER}){_SPACE}(?P<kind>分编|分編|编|編|章|节|節|部分)"
_WRITTEN = "零一二三四五六七八九"
_YEAR_DIGITS = "〇一二三四五六七八九"
# Ordinals of the structure of laws and documents, in either script.
_ORDINAL = re.compile(rf"第\s*(?:(?P<arabic>[0-9]{{1,4}})|(?P<chinese>[{NUMERAL}]{{1,8}}))\s*"
                      r"(?P<unit>条|條|章|节|節|编|編|款|项|項|部分)")
_YEAR = re.compile(rf"(?:(?P<arabic>[12][0-9]{{3}})|(?P<chinese>[{_YEAR_DIGITS}○零]{{4}}))\s*年")
# An inserted article either way: 第十条之一 (the mainland's way) ↔ 第10-1条 (Taiwan's).
_INSERTED = re.compile(rf"第\s*(?:(?P<arabic>[0-9]{{1,4}})\s*-\s*(?P<sub>[0-9]{{1,2}})|"
                       rf"(?P<chinese>[{NUMERAL}]{{1,8}}))\s*"
                       rf"(?P<unit>条|條)(?(chinese)之(?P<chinese_sub>[一二三四五六七八九十]{{1,3}}))")


def to_int(numeral: str) -> int | None:
    """The value of a Chinese numeral (十二, 一百零四, 两千) or of Arabic digits; None if it is neither."""
    if numeral.isdecimal():
        return int(numeral)
    value = digit = 0
    for char in numeral:
        if char in DIGITS:
            digit = DIGITS[char]
        elif char in UNITS:
            value += (digit or 1) * UNITS[char]
            digit = 0
        else:
            return None
    total = value + digit
    return total if numeral else None


def to_chinese(n: int) -> str:
    """``n`` (0-9999) as written in a law's ordinals: 12 → 十二, 104 → 一百零四, 110 → 一百一十."""
    if n == 0:
        return "零"
    out: list[str] = []
    zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // unit % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        if not (unit == 10 and digit == 1 and not out):  # 十二, not 一十二 (but 一百一十)
            out.append(_WRITTEN[digit])
        out.append(name)
    return "".join(out)


def variants(text: str) -> list[str]:
    """``text`` with its ordinals and years written the other way: 第12条 ↔ 第十二条, 2016年 ↔ 二〇一六年, 第十条之一 ↔
    第10-1条."""
    def ordinal(match: re.Match) -> str:
        if match.group("arabic"):
            value = int(match.group("arabic"))
            return f"第{to_chinese(value)}{match.group('unit')}" if value < 10000 else match.group()
        number = to_int(match.group("chinese"))
        return f"第{number}{match.group('unit')}" if number else match.group()

    def year(match: re.Match) -> str:
        if match.group("arabic"):
            return "".join(_YEAR_DIGITS[int(d)] for d in match.group("arabic")) + "年"
        return "".join(str(DIGITS[c]) for c in match.group("chinese")) + "年"

    def inserted(match: re.Match) -> str:
        if match.group("arabic"):
            number, sub = to_chinese(int(match.group("arabic"))), to_chinese(int(match.group("sub")))
            return f"第{number}{match.group('unit')}之{sub}"
        value, part = to_int(match.group("chinese")), to_int(match.group("chinese_sub"))
        return f"第{value}-{part}{match.group('unit')}" if value and part else match.group()

    out = []
    for pattern, rewrite in ((_INSERTED, inserted), (_ORDINAL, ordinal), (_YEAR, year)):
        changed = pattern.sub(rewrite, text)
        if changed != text and changed not in out:
            out.append(changed)
    return out


_ARTICLE_ONLY = re.compile(f"{ARTICLE_MARKER}$")
_CITATION = re.compile(f"(?P<name>.+?)(?P<ref>{ARTICLE_MARKER})$")


def article_number(text: str) -> int | None:
    """The article a term names (第二百三十四条, 第234条, 第 234 條, 第十条之一, 第 10-1 條) as number × 100 + 之N,
    else None."""
    match = _ARTICLE_ONLY.match(text.strip())
    if match is None:
        return None
    number = to_int(match.group("article"))
    written = match.group("sub") or match.group("inserted")
    sub = to_int(written) if written else 0
    return number * 100 + (sub or 0) if number else None


def split_citation(text: str) -> tuple[str, str] | None:
    """A citation written as one term, 刑法第二百三十四条, as (name, article); None for anything else."""
    match = _CITATION.match(text.strip())
    if match is None or not match.group("name").strip():
        return None
    return match.group("name").strip(), match.group("ref")
