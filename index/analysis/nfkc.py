"""Step 1: Unicode NFKC, applied per code point so every output character keeps one origin.

Full-width Latin (ＧＤＰ), full-width punctuation and compatibility forms (㈠, ﬁ) become their plain forms. Applying it
per code point rather than to the whole string is deliberate: it never merges characters, so offsets stay exact.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from functools import lru_cache

from .token import Mapped


@lru_cache(maxsize=65536)
def _nfkc_char(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch)


# Code points outside the Basic Multilingual Plane (the fast path below covers the plane only).
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@lru_cache(maxsize=1)
def _plane_zero() -> tuple[dict[int, str], re.Pattern, re.Pattern]:
    """What NFKC changes in the Basic Multilingual Plane: a table of what each such code point becomes, a pattern
    of those code points, and one of those it turns into more than one (made once per process: 65,536 checks, about
    ten milliseconds). Checked in C, and not through ``_nfkc_char``, whose cache would keep every code point of the
    plane (10 MB a process) for the astral ones it serves."""
    table, longer = {}, []
    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:
            continue  # surrogates: no text holds them alone
        ch = chr(code)
        if not unicodedata.is_normalized("NFKC", ch):
            out = table[code] = unicodedata.normalize("NFKC", ch)
            if len(out) != 1:
                longer.append(re.escape(ch))
    changed = re.compile("[" + "".join(re.escape(chr(code)) for code in table) + "]")
    return table, changed, re.compile("[" + "".join(longer) + "]")


def nfkc(m: Mapped) -> Mapped:
    """Normalize each code point of ``m.text`` to NFKC, keeping offsets."""
    text = m.text
    if text and _ASTRAL.search(text) is None:
        # The common case, in C: a passage or a query whose code points each stay one code point. What changes
        # (full-width punctuation and digits, a few per line of Chinese) is found by one pattern and replaced:
        # four times faster than ``str.translate``, which looks every character up in the table.
        table, changed, longer = _plane_zero()
        if longer.search(text) is None:
            out = changed.sub(lambda found: table[ord(found[0])], text)
            return m if out == text else Mapped(out, m.origin_start, m.origin_end)
    table = {}
    same_length = True
    for ch in set(text):
        out = _nfkc_char(ch)
        if out != ch:
            table[ord(ch)] = out
            if len(out) != 1:
                same_length = False
    if not table:
        return m
    if same_length:
        return Mapped(text.translate(table), m.origin_start, m.origin_end)
    parts, starts, ends = [], array("l"), array("l")
    for i, ch in enumerate(text):
        out = table.get(ord(ch), ch)
        parts.append(out)
        s, e = m.span(i, i + 1)
        starts.extend([s] * len(out))
        ends.extend([e] * len(out))
    return Mapped("".join(parts), starts, ends)
