"""Decode the bytes of a text file without assuming its encoding.

Order of evidence: a byte-order mark (UTF-8, UTF-16, UTF-32) decides; NUL bytes mean binary (or BOM-less UTF-16
of mostly ASCII text); valid UTF-8 is UTF-8 (legacy Chinese text is practically never valid UTF-8). Otherwise the
legacy Chinese encodings compete: GB18030 (a superset of GBK and GB2312) and Big5 (as CP950 and Big5-HKSCS) both
decode almost any byte string, and Big5 text decodes as GB18030 (and vice versa) into real but unlikely
characters. So every strict decoding is scored by plausibility - the share of frequent Han characters and CJK
punctuation, with private-use and replacement characters counting against it - and the most plausible one wins.
What is neither is accepted only as Windows-1252 (Western European) text, mostly ASCII with accented letters.
UTF-8 that is a Chinese page read in the wrong charset and saved (mojibake) is put back to the page's bytes and read
again (``repaired``).
charset-normalizer is not used: on short Chinese texts it picks Big5 or UTF-16 for GB18030 and worse.
"""

from __future__ import annotations

import codecs
import functools
import re
from collections import Counter
from importlib import resources

from tongwen.index.errors import UnreadableFile

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CHINESE_CANDIDATES = ("gb18030", "cp950", "big5hkscs")
_CJK_PUNCTUATION = frozenset("，。、；：？！“”‘’（）《》〈〉「」『』【】〔〕—…·％＋－／＝～　０１２３４５６７８９")
_MIN_PLAUSIBILITY = 0.4  # real Chinese prose scores 0.65-0.95, a wrong legacy decoding rarely above 0.3
_MAX_CONTROL_SHARE = 0.05
_SAMPLE = 200_000  # characters scored per candidate; enough to decide, bounded for huge files
_MAX_WESTERN_SHARE = 0.3
# A frequent character weighs 1 down to 1 - _RANK_DECAY by rank; any other level-1 character of GB2312 or Big5
# weighs _LEVEL_ONE_WEIGHT (a wrong legacy decoding yields rare characters, weighing 0).
_RANK_DECAY = 0.5
_LEVEL_ONE_WEIGHT = 0.2
# UTF-8 with at most one broken character per this many is still UTF-8 (a character cut at the end, say).
_BROKEN_UTF8_PER = 1000
# BOM-less UTF-16: ASCII-heavy text has a NUL in at least this share of its code units, always on one side.
_UTF16_NUL_SHARE = 0.3
_WESTERN_SYMBOLS = frozenset("€‘’“”–—…°§©®«»·×÷±¢£¥")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x84\x86-\x9f]")


def detect(data: bytes) -> tuple[str, str]:
    """Decode file bytes to text and name the encoding used (as ``decode`` does)."""
    if not data:
        raise UnreadableFile("empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data[len(bom):].decode(encoding)), encoding
            except UnicodeDecodeError:
                raise UnreadableFile(f"cannot decode: invalid {encoding} after its byte-order mark") from None
    if b"\x00" in data:
        return _bomless_utf16(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return repaired(text) or (_checked(text), "utf-8")
    best_score, best = _most_plausible(data)
    # A UTF-8 file with a few broken bytes (often a multi-byte character cut at the end) is still UTF-8.
    score, broken = _most_plausible(data, ("utf-8",), _BROKEN_UTF8_PER)
    if score > best_score:
        best_score, best = score, broken
    if best is not None and best_score >= _MIN_PLAUSIBILITY:
        return _checked(best[0]), best[1]
    return _western(data)


def _most_plausible(data: bytes, encodings: tuple[str, ...] = _CHINESE_CANDIDATES,
                    broken_per: int | None = None) -> tuple[float, tuple[str, str] | None]:
    """(plausibility, (text, encoding)) of the decoding of ``data`` in ``encodings`` that reads most like Chinese:
    strict, or with ``broken_per`` lenient, at most one character replaced per that many."""
    best_score, best = float("-inf"), None
    for encoding in encodings:
        if broken_per is None:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
        else:
            text = data.decode(encoding, errors="replace")
            if text.count("\ufffd") > max(1, len(text) // broken_per):
                continue
        score = plausibility(text)
        if score > best_score:
            best_score, best = score, (text, encoding)
    return best_score, best


# A crawler that read a Chinese page as Latin-1 or Windows-1252 (HTTP's default charset, which Python's requests
# gives a page that names none) and saved what it read as UTF-8 leaves mojibake: Á¢·¨»á for 立法會, ç«\x8bæ³\x95 for
# 立法. Each of its characters is one byte of the page, so the page's bytes, and its text, can be had back. A lenient
# reader takes the bytes that happen to form UTF-8 as UTF-8 (a Big5 page's E9 AA A9 as 骩): those are put back too.
_CP1252_BACK = {ord(bytes([b]).decode("cp1252")): b for b in range(0x80, 0xA0)
                 if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}  # the five bytes Windows-1252 leaves undefined
_UTF8_BACK = "tongwen.utf8-back"


def _utf8_back(err: UnicodeError) -> tuple[bytes, int]:
    """The UTF-8 bytes of the characters an encoding to single bytes stopped at (see ``repaired``)."""
    if not isinstance(err, UnicodeEncodeError):
        raise err
    return err.object[err.start:err.end].encode("utf-8"), err.end


codecs.register_error(_UTF8_BACK, _utf8_back)
_PEEK = 1 << 14  # characters looked at to tell mojibake from text
_MOJIBAKE_MIN = 20  # characters of the upper half of Latin-1 needed to tell
_MAX_BEYOND = 0.25  # characters no byte decodes to, as a share of those (more: real text)
_BROKEN_PER = 100  # at most one character a repaired text may have lost per this many
_UPPER_HALF = re.compile("[\x80-\xff]")
_BEYOND_A_BYTE = re.compile("[^\x00-\u2122]")  # ™ is the last character Windows-1252 decodes a byte to


def repaired(text: str) -> tuple[str, str] | None:
    """(the text, its encoding) of UTF-8 text that is a legacy Chinese or UTF-8 page read as Latin-1 or
    Windows-1252, when its bytes read as Chinese (plausibly) once put back; None for any other text."""
    head = text[:_PEEK]
    high = len(_UPPER_HALF.findall(head))
    if high < _MOJIBAKE_MIN or len(_BEYOND_A_BYTE.findall(head)) > _MAX_BEYOND * high:
        return None  # too few to tell, or real text: its characters are no bytes
    raw = text.translate(_CP1252_BACK).encode("latin-1", errors=_UTF8_BACK)
    # A byte or two may be lost on the way (a tool that drops control characters): replaced, and counted.
    score, best = _most_plausible(raw, (*_CHINESE_CANDIDATES, "utf-8"), _BROKEN_PER)
    if best is None or score < _MIN_PLAUSIBILITY:
        return None
    try:
        return _checked(best[0]), f"{best[1]} (repaired from Latin-1)"
    except UnreadableFile:
        return None


def plausibility(text: str) -> float:
    """How much ``text`` looks like real Chinese: mean weight of its non-ASCII, non-space characters (max 1).

    Frequent Han characters weigh 0.5-1 by rank, CJK punctuation 1, other standard Han characters 0.2,
    private-use and replacement characters -2; text without such characters scores 0.
    """
    weights = _weights()
    counts = Counter(text if len(text) <= _SAMPLE else text[: _SAMPLE // 2] + text[-_SAMPLE // 2 :])
    total = score = 0.0
    for char, count in counts.items():
        if char < "\x80" or char.isspace():
            continue
        total += count
        if char in _CJK_PUNCTUATION:
            score += count
        elif char in weights:
            score += weights[char] * count
        elif "\ue000" <= char <= "\uf8ff" or char == "\ufffd" or char >= "\U000f0000":
            score -= 2 * count
    return score / total if total else 0.0


@functools.cache
def _weights() -> dict[str, float]:
    """Character weights: frequent Han characters (both scripts) by rank, then the level-1 sets of GB2312 and Big5."""
    lines = resources.files("tongwen.index").joinpath("data/common_han.txt").read_text(encoding="utf-8").splitlines()
    simplified, traditional = (line for line in lines if line and not line.startswith("#"))
    weights = dict.fromkeys(_level_one_characters(), _LEVEL_ONE_WEIGHT)
    for rank, chars in enumerate(zip(simplified, traditional)):
        for char in chars:
            weights[char] = max(weights.get(char, 0.0), 1.0 - _RANK_DECAY * rank / len(simplified))
    return weights


def _level_one_characters() -> set[str]:
    """The characters of GB2312 level 1 and Big5 level 1, each standard's list of common characters."""
    chars = set()
    for encoding, leads, trails in (
        ("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF)),
        ("big5", range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)]),
    ):
        for lead in leads:
            for trail in trails:
                try:
                    chars.add(bytes((lead, trail)).decode(encoding))
                except UnicodeDecodeError:
                    pass
    return chars


def _bomless_utf16(data: bytes) -> tuple[str, str]:
    """Decode data with NUL bytes as UTF-16 if they sit on one side of every code unit or it reads as Chinese in one
    byte order, else call it binary."""
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) / 2
    encoding = ("utf-16-le" if odd >= _UTF16_NUL_SHARE * half and even == 0
                else "utf-16-be" if even >= _UTF16_NUL_SHARE * half and odd == 0 else None)
    if encoding is not None and len(data) % 2 == 0:
        try:
            return _checked(data.decode(encoding)), encoding
        except (UnicodeDecodeError, UnreadableFile):
            pass
    # Chinese text in UTF-16 has NULs only where it writes ASCII (line breaks, digits) and in characters such as
    # 一 (U+4E00, whose low byte is 00): too few to tell the byte order by, but it reads as Chinese in one order.
    score, best = _most_plausible(data, ("utf-16-le", "utf-16-be"))
    if best is not None and score >= _MIN_PLAUSIBILITY:
        try:
            return _checked(best[0]), best[1]
        except UnreadableFile:
            pass
    raise UnreadableFile("binary (contains NUL bytes)")


def _western(data: bytes) -> tuple[str, str]:
    """Decode mostly-ASCII data whose other bytes are Windows-1252 letters, or refuse it as undecodable."""
    text = data.decode("cp1252", "replace")
    extra = [char for char in text if char >= "\x80"]
    western = all(char.isalpha() or char in _WESTERN_SYMBOLS for char in extra)
    if len(extra) <= _MAX_WESTERN_SHARE * len(text) and western:
        return _checked(text), "cp1252"
    raise UnreadableFile("cannot decode: not UTF-8, UTF-16, GB18030, Big5 or Windows-1252 text")


def _checked(text: str) -> str:
    """Return text unless control characters make up a visible share of it (a binary file)."""
    sample = text[:_SAMPLE]
    if len(_CONTROL.findall(sample)) > _MAX_CONTROL_SHARE * len(sample):
        raise UnreadableFile("binary (control characters)")
    return text
