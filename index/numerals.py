"""Chinese numerals as people write them in policy texts and laws: 第十二条 = 第12条, 二〇一六年 = 2016年."""

from __future__ import annotations

import re
from collections.abc import Callable

DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
          "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL = "零〇○一二两兩三四五六七八九十百千"
# The markers of the structure of laws (第十二条, 第 1 條, 第十条之一; 第一编, 第二章, 第三节, 第一部分), in either
# script and numeral style, with spaces allowed where Taiwan's database sets them (第 1 條, 第 一 章).
_SPACE = "[ \t\u3000]*"
LAW_NUMBER = f"(?:[0-9]{{1,4}}|[{NUMERAL}]{{1,8}})"
# Taiwan numbers an inserted article 第 1-1 條, as the mainland writes 第一条之一.
ARTICLE_MARKER = (f"第{_SPACE}(?P<article>{LAW_NUMBER})(?:-(?P<inserted>[0-9]{{1,2}}))?{_SPACE}[条條]"
                  f"(?:之(?P<sub>[一二三四五六七八九十]{{1,3}}))?")
DIVISION_MARKER = f"第{_SPACE}(?P<division>{LAW_NUMBER}){_SPACE}(?P<kind>分编|分編|编|編|章|节|節|部分)"
_WRITTEN = "零一二三四五六七八九"
# A query typed with a Chinese input method in full-width mode writes its digits full width (第１２条, ５０００元).
ASCII_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_YEAR_DIGITS = "〇一二三四五六七八九"
# Ordinals of the structure of laws and documents, in either script.
_ORDINAL = re.compile(rf"第\s*(?:(?P<arabic>[0-9]{{1,4}})|(?P<chinese>[{NUMERAL}]{{1,8}}))\s*"
                      r"(?P<unit>条|條|章|节|節|编|編|款|项|項|部分)")
_YEAR = re.compile(rf"(?:(?P<arabic>[12][0-9]{{3}})|(?P<chinese>[{_YEAR_DIGITS}○零]{{4}}))\s*年")
# A date, its year optional (2021年1月1日, 二〇二一年一月一日, 1月1日): written in one numeral style throughout.
_DATE = re.compile(rf"(?:(?P<year>[12][0-9]{{3}}|[{_YEAR_DIGITS}○零]{{4}})\s*年\s*)?"
                   rf"(?P<month>[0-9]{{1,2}}|[一二三四五六七八九十]{{1,2}})\s*月"
                   rf"(?:\s*(?P<day>[0-9]{{1,2}}|[一二三四五六七八九十]{{1,3}})\s*(?P<mark>[日号號]))?")
# An inserted article either way: 第十条之一 (the mainland's way) ↔ 第10-1条 (Taiwan's).
_INSERTED = re.compile(rf"第\s*(?:(?P<arabic>[0-9]{{1,4}})\s*(?:-\s*(?P<sub>[0-9]{{1,2}})|(?=[条條]之[0-9]))|"
                       rf"(?P<chinese>[{NUMERAL}]{{1,8}}))\s*"
                       rf"(?P<unit>条|條)(?(chinese)之(?P<chinese_sub>[一二三四五六七八九十]{{1,3}})|(?(sub)|之(?P<typed_sub>[0-9]{{1,2}})))")


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


# What a count, an amount or a span of time is counted in (5000元, 三十日内, 十八周岁), in either script: laws write
# these numbers in Chinese numerals (处五千元以下罚款), most other texts and their readers in Arabic ones.
_COUNTED = ("元|年|日|天|[个個]月|[个個]?工作日|小[时時]|周[岁歲]|週歲|[岁歲]|倍|人|名|家|次|[项項]|件|"
            "公里|公[顷頃]|[亩畝]|[吨噸]|平方米|立方米")
_MYRIAD = "万萬亿億"
# A number written against what it counts; 第 before it makes an ordinal (``_ORDINAL``), a four-digit number of 年
# a year (``_YEAR``), and a decimal (4.6倍) or a longer number is left as it is.
_ARABIC_COUNT = re.compile(rf"(?<![第0-9.,])(?P<number>[0-9]{{1,8}})(?P<myriad>[{_MYRIAD}]?)(?P<unit>{_COUNTED})")
_CHINESE_COUNT = re.compile(rf"(?<![第{NUMERAL}{_MYRIAD}])(?P<number>[{NUMERAL}]{{1,8}}(?:[万萬][{NUMERAL}]{{1,8}})?)"
                            rf"(?P<myriad>[{_MYRIAD}]?)(?P<unit>{_COUNTED})")
# A Han run that starts with a number and what it counts: found only where no numeral runs on before it.
_COUNT_START = re.compile(rf"[{NUMERAL}]+(?:万[{NUMERAL}]+)?[万亿]?(?:{_COUNTED})")
_PLAIN_TWO = str.maketrans("两兩萬", "二二万")
# A percentage, which laws write in words (百分之五十) and most other texts in digits (50%).
_ARABIC_PERCENT = re.compile(r"(?<![0-9.])(?P<number>[0-9]{1,3})\s*[%％]")
_CHINESE_PERCENT = re.compile(f"百分之(?P<number>[{NUMERAL}]{{1,5}})")
# The characters of a number in Chinese numerals: one before a number's first makes it part of a longer one (一万五千元
# holds no 五千元 of its own).
NUMERAL_CHARS = NUMERAL + "万亿"


_Rules = list[tuple[re.Pattern, Callable[[re.Match], str]]]


def _year_other_way(year: str) -> str:
    """A year's four digits in the other style: 2016 → 二〇一六, 二〇一六 → 2016."""
    if year.isdecimal():
        return "".join(_YEAR_DIGITS[int(d)] for d in year)
    return "".join(str(DIGITS[c]) for c in year)


def to_chinese_count(n: int) -> str:
    """``n`` (below 10**8) as laws write a count or an amount: 5000 → 五千, 15000 → 一万五千, 10500 → 一万零五百."""
    high, low = divmod(n, 10000)
    if not high:
        return to_chinese(low)
    rest = ("零" if low < 1000 else "") + to_chinese(low) if low else ""
    return to_chinese(high) + "万" + rest


def count_value(numeral: str) -> int | None:
    """The value of a Chinese count with or without 万 (一万五千, 十五万, 三十); None if it is none."""
    if any(c in numeral for c in "万萬"):
        high, _, low = numeral.replace("萬", "万").partition("万")
        top, rest = to_int(high), to_int(low) if low else 0
        return top * 10000 + rest if top and rest is not None else None
    return to_int(numeral)


def _written_count(numeral: str) -> int | None:
    """The value of ``numeral`` where it is written as a count is (五千, 一万零五百, the 两 of 两年), else None:
    二〇一六 is a year's digits, 二三 no number."""
    value = count_value(numeral)
    return value if value and to_chinese_count(value) == numeral.translate(_PLAIN_TWO) else None


def begins_with_count(run: str) -> bool:
    """Whether a normalized Han run starts with a number in Chinese numerals and what it counts (五千元以下)."""
    return _COUNT_START.match(run) is not None


def ends_with_number(run: str) -> bool:
    """Whether a normalized Han run ends with a Chinese numeral, which a longer number could run on from (百分之五
    of 百分之五十)."""
    return bool(run) and run[-1] in NUMERAL_CHARS


def variants(text: str) -> list[str]:
    """``text`` with its ordinals, years and counts written the other way: 第12条 ↔ 第十二条, 2016年 ↔ 二〇一六年,
    第十条之一 ↔ 第10-1条, 5000元 ↔ 五千元 (and 两 for a leading 二: 2年 → 二年, 两年)."""
    text = text.translate(ASCII_DIGITS)

    def ordinal(match: re.Match) -> str:
        if match.group("arabic"):
            value = int(match.group("arabic"))
            return f"第{to_chinese(value)}{match.group('unit')}" if value < 10000 else match.group()
        number = to_int(match.group("chinese"))
        return f"第{number}{match.group('unit')}" if number else match.group()

    def year(match: re.Match) -> str:
        return _year_other_way(match.group("arabic") or match.group("chinese")) + "年"

    def inserted(match: re.Match) -> str:
        if match.group("arabic"):
            # 第10-1条, or 第10条之1 as it may be typed: the mainland's 第十条之一
            sub = to_chinese(int(match.group("sub") or match.group("typed_sub")))
            return f"第{to_chinese(int(match.group('arabic')))}{match.group('unit')}之{sub}"
        value, part = to_int(match.group("chinese")), to_int(match.group("chinese_sub"))
        return f"第{value}-{part}{match.group('unit')}" if value and part else match.group()

    def date(match: re.Match) -> str:
        year, month, day = match.group("year"), match.group("month"), match.group("day")
        arabic = month.isdecimal()
        values = [to_int(month) or 0] + ([to_int(day) or 0] if day else [])
        if not (1 <= values[0] <= 12 and all(1 <= v <= 31 for v in values[1:])):
            return match.group()
        if year is None:
            written = ""
        elif arabic != year.isdecimal():
            return match.group()  # written in both styles at once: no one form to give
        else:
            written = _year_other_way(year) + "年"
        parts = [str(to_chinese(v) if arabic else v) for v in values]
        return written + parts[0] + "月" + (parts[1] + match.group("mark") if day else "")

    def arabic_count(match: re.Match, two: str = "二") -> str:
        value = int(match.group("number"))
        if not 0 < value < 10**8 or (match.group("unit") == "年" and len(match.group("number")) == 4):
            return match.group()
        written = to_chinese_count(value)
        if written.startswith("二") and (len(written) == 1 or written[1] in "千万"):
            written = two + written[1:]
        return written + match.group("myriad") + match.group("unit")

    def arabic_percent(match: re.Match) -> str:
        value = int(match.group("number"))
        return f"百分之{to_chinese(value)}" if 0 < value <= 100 else match.group()

    def chinese_percent(match: re.Match) -> str:
        numeral = match.group("number")
        value = to_int(numeral)
        if not value or value > 100 or to_chinese(value) != numeral.translate(_PLAIN_TWO):
            return match.group()
        return f"{value}%"

    def chinese_count(match: re.Match) -> str:
        value = _written_count(match.group("number"))
        return f"{value}{match.group('myriad')}{match.group('unit')}" if value else match.group()

    def chinese_two(match: re.Match) -> str:
        # 两 and 二 are one number: 两倍 is the 二倍 laws write, 二年 the 两年 of other texts (where 两 is usual,
        # alone and before 千 or 万, as ``arabic_count`` writes it).
        numeral = match.group("number")
        if not _written_count(numeral):
            return match.group()
        if numeral[0] in "两兩":
            other = "二"
        elif numeral[0] == "二" and (len(numeral) == 1 or numeral[1] in "千万萬"):
            other = "两"
        else:
            return match.group()
        return other + numeral[1:] + match.group("myriad") + match.group("unit")

    dated = _DATE.sub(date, text)
    # A date's year and day are its own: no year or count of their own (二〇二一年1月1日 is no text's).
    counts: _Rules = [] if dated != text else [
        (_YEAR, year), (_ARABIC_COUNT, arabic_count), (_ARABIC_COUNT, lambda m: arabic_count(m, "两")),
        (_CHINESE_COUNT, chinese_count), (_CHINESE_COUNT, chinese_two), (_ARABIC_PERCENT, arabic_percent),
        (_CHINESE_PERCENT, chinese_percent)]
    structure: _Rules = [(_INSERTED, inserted), (_ORDINAL, ordinal)]
    out: list[str] = []
    for changed in [*(p.sub(r, text) for p, r in structure), dated, *(p.sub(r, text) for p, r in counts)]:
        if changed != text and changed not in out:
            out.append(changed)
    return out


_ARTICLE_ONLY = re.compile(f"{ARTICLE_MARKER}$")
_CITATION = re.compile(f"(?P<name>.+?)(?P<ref>{ARTICLE_MARKER})$")
# 之 typed with an Arabic numeral (第234条之1): the inserted article Taiwan prints 第 234-1 條.
_TYPED_SUB = re.compile(f"第{_SPACE}([0-9]{{1,4}}){_SPACE}([条條])之([0-9]{{1,2}})$")


def _as_printed(text: str) -> str:
    """A typed article reference as laws print it: ASCII digits, an inserted article in Arabic numerals hyphened."""
    return _TYPED_SUB.sub(r"第\1-\3\2", text.translate(ASCII_DIGITS).strip())


def article_number(text: str) -> int | None:
    """The article a term names (第二百三十四条, 第234条, 第 234 條, 第十条之一, 第 10-1 條) as number × 100 + 之N,
    else None."""
    match = _ARTICLE_ONLY.match(_as_printed(text))
    if match is None:
        return None
    number = to_int(match.group("article"))
    written = match.group("sub") or match.group("inserted")
    sub = to_int(written) if written else 0
    return number * 100 + (sub or 0) if number else None


def split_citation(text: str) -> tuple[str, str] | None:
    """A citation written as one term, 刑法第二百三十四条, as (name, article); None for anything else."""
    match = _CITATION.match(_as_printed(text))
    if match is None or not match.group("name").strip():
        return None
    return match.group("name").strip(), match.group("ref")
