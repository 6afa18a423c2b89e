"""Step 3: segmentation of normalized text into Han words (jieba) and whole Latin/number tokens.

Han runs go to jieba; Latin letters and digits never do, because jieba splits ``RISC-V`` and ``10206.9`` into
pieces. Index side uses jieba's search mode so sub-words are findable (科学城 inside 中关村科学城); query side uses
precise mode, whose words are a subset of search mode's for the same string.
"""

from __future__ import annotations

import atexit
import json
import logging
import re
import shutil
import tempfile
import threading
from functools import lru_cache
from operator import itemgetter
from pathlib import Path

from tongwen.index import import_jieba

from ..adapters import jieba_dictionary
from .prefix_table import PrefixTable, private_folder, table_name, write_table
from .dictionary import Vocabulary
from .script import HAN, joins
from .token import Mapped, Token

jieba = import_jieba()

jieba.setLogLevel(logging.WARNING)


_taught = threading.Lock()
# How this process's jieba holds its dictionary once taught: WHOLE (jieba's own dict) or TABLE (``prefix_table``).
WHOLE, TABLE = "whole", "table"
_LOADED: list[str] = []


def teach(vocabulary: Vocabulary, for_queries: bool = False) -> None:
    """Give jieba the domain words of ``vocabulary``: once per process, before its first segmentation (jieba's
    dictionary is the process's; a writer teaches it before it starts worker processes, so they share it).

    ``for_queries``: the process segments queries only, and may map the dictionary as taught from a table file
    instead of loading it (half a second); a process that then segments documents loads it whole."""
    with _taught:
        if _LOADED and (_LOADED[0] == WHOLE or for_queries):
            return
        # The user's own cache folder, when there is one: a table or jieba cache others could write would be a
        # dictionary they chose.
        folder = private_folder()
        table = _table_path(folder, vocabulary) if for_queries and folder is not None else None
        if table is not None and _from_table(table):
            return
        if _LOADED:  # a table so far: documents read the dictionary millions of times, from jieba's own dict
            jieba.dt.FREQ, jieba.dt.total, jieba.dt.initialized = {}, 0, False
        _keep_jieba_cache_private(folder)
        for word, freq in vocabulary.words:
            jieba.add_word(word, freq)
        _LOADED[:] = [WHOLE]
        if table is not None:
            _save_table(table, vocabulary)


def _keep_jieba_cache_private(folder: Path | None) -> None:
    # jieba keeps its dictionary's cache in the shared temporary folder (/tmp/jieba.cache) and loads whatever file
    # stands there: another user's may be unreadable (jieba then prints a traceback and cannot replace it) or made
    # up (a dictionary that cuts every document differently). It goes to this user's own cache folder instead,
    # else to a folder of this process's own, removed at exit.
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="tongwen-jieba-"))
        atexit.register(shutil.rmtree, folder, True)
    jieba.dt.tmp_dir = str(folder)


def taught() -> bool:
    """Whether this process's jieba has been taught a vocabulary."""
    return bool(_LOADED)


def loaded() -> str | None:
    """How this process's jieba holds its taught dictionary: ``WHOLE``, ``TABLE``, or None before it is taught."""
    return _LOADED[0] if _LOADED else None


def _table_path(folder: Path, vocabulary: Vocabulary) -> Path:
    words = json.dumps(vocabulary.words, ensure_ascii=False).encode()
    return folder / table_name(jieba.__version__, jieba_dictionary(), words)


def _from_table(path: Path) -> bool:
    try:
        table = PrefixTable(path)
    except (OSError, ValueError):  # none yet, or not whole: the dictionary is loaded, and the table written again
        return False
    jieba.dt.FREQ, jieba.dt.total, jieba.dt.initialized = table, table.total, True
    for word in table.force_split:
        jieba.finalseg.add_force_split(word)
    _LOADED[:] = [TABLE]
    return True


def _save_table(path: Path, vocabulary: Vocabulary) -> None:
    force_split = [word for word, freq in vocabulary.words if freq == 0]
    try:
        write_table(path, jieba.dt.FREQ, jieba.dt.total, force_split)
    except OSError:  # no cache folder to write in: the next process loads the dictionary as this one did
        pass


IS_HAN = re.compile(f"[{HAN}]+$")
_HAN_CHAR = re.compile(f"[{HAN}]")
# A Latin/number token keeps inner joiners so RISC-V, 10206.9, C++ and e-mail stay whole.
LATIN_RUN = re.compile(r"[0-9A-Za-z\u00c0-\u024f]+(?:[-.'_/&][0-9A-Za-z\u00c0-\u024f]+)*[+#]*")
LATIN_PART = re.compile(r"[0-9A-Za-z\u00c0-\u024f]+")
_SPAN = itemgetter(1, 2)  # (start, end) of a Token
_JOINED = re.compile(r"[A-Za-z][-_/&]|[-_/&][A-Za-z]")
# Spaces that may stand inside a unit (第 12 條); a line break ends it.
_INLINE_SPACE = frozenset(" \t\u3000\xa0")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?$")
# The signs a number may be written against as a unit besides Han words (NFKC makes ％ of %).
PERCENT = "%‰"


def latin_tokens(m: Mapped, with_parts: bool) -> list[Token]:
    """Whole Latin/number tokens of ``m`` (and their alphanumeric parts when asked), with original spans."""
    out = []
    for match in LATIN_RUN.finditer(m.text):
        word = match.group()
        s, e = match.span()
        out.append(Token(word, *m.span(s, e), "latin"))
        # Parts make RISC findable inside RISC-V; decimals (10206.9) stay whole so 10206 does not match them.
        if with_parts and _JOINED.search(word):
            for part in LATIN_PART.finditer(word):
                if len(part.group()) >= 2:
                    out.append(Token(part.group(), *m.span(s + part.start(), s + part.end()), "latin"))
    return out


@lru_cache(maxsize=1 << 18)
def _han_items(word: str, search: bool) -> tuple[tuple[str, int, int], ...]:
    """What jieba's ``tokenize`` yields for one word of its precise cut, offsets within the word, Han items only.

    Search mode adds the dictionary 2-grams (words longer than 2) and then 3-grams (longer than 3) before the word,
    exactly as ``jieba.Tokenizer.tokenize`` does. A text repeats its words, so this is worked out once per
    distinct word instead of once per occurrence (a sixth of segmentation time, measured on 9.6 MB of laws).
    """
    items = []
    n = len(word)
    if search:
        freq = jieba.get_FREQ
        if n > 2:
            items += [(word[i : i + 2], i, i + 2) for i in range(n - 1) if freq(word[i : i + 2])]
        if n > 3:
            items += [(word[i : i + 3], i, i + 3) for i in range(n - 2) if freq(word[i : i + 3])]
    items.append((word, 0, n))
    return tuple(item for item in items if IS_HAN.match(item[0]))


def han_words(m: Mapped, mode: str, precise: list[tuple[int, int]] | None = None) -> list[Token]:
    """jieba words of the Han runs of ``m``: search mode for ``index``, precise mode for ``query``.

    ``precise`` collects the normalized spans of the precise cut's Han words (what units are made of).
    """
    search = mode == "index"
    out: list[Token] = []
    make = tuple.__new__
    identity = m.origin_start is None
    span = m.span
    start = 0
    for word in jieba.cut(m.text):
        if precise is not None and IS_HAN.match(word):
            precise.append((start, start + len(word)))
        for text, i, j in _han_items(word, search):
            if identity:
                # The common case (nothing changed length): spans are the positions themselves. A million words
                # per megabyte make the tuple constructor, not jieba, the cost worth saving here.
                out.append(make(Token, (text, start + i, start + j, "han")))
            else:
                out.append(Token(text, *span(start + i, start + j), "han"))
        start += len(word)
    return out


def unit_tokens(m: Mapped, precise: list[tuple[int, int]]) -> list[Token]:
    """A number or Latin word and the Han word written against it, as one token: 7578家, 4.6倍, 5g网络, ip核, 第12条;
    a number and the percent sign after it: 5%.

    Written without a space (a number also between spaces, as 第 12 條), they are one unit to a reader; the token lets a
    passage holding the unit as typed score above one holding its parts apart. Latin is lower-cased.
    """
    if not precise and not any(sign in m.text for sign in PERCENT):
        return []
    ending = {e: s for s, e in precise}
    starting = {s: e for s, e in precise}
    text = m.text
    out = []
    for match in LATIN_RUN.finditer(text):
        s, e = match.span()
        before, after = s, e
        if _NUMBER.match(match.group()):  # 第 12 條, 2016 年: a number set off by spaces is still one unit
            while before > 0 and text[before - 1] in _INLINE_SPACE:
                before -= 1
            while after < len(text) and text[after] in _INLINE_SPACE:
                after += 1
        left = ending.get(before)
        right = starting.get(after)
        word = match.group().lower()
        pieces = []
        if after < len(text) and text[after] in PERCENT and _NUMBER.match(word):
            # 5% is a percentage, not any 5 (5.8%, 24.5%, 第5条): a query for it matches where the sign follows.
            pieces.append((s, after + 1, word + text[after]))
            right = None
        if left is not None:
            pieces.append((left, e, text[left:before] + word))
        if right is not None:
            pieces.append((s, right, word + text[after:right]))
        if left is not None and right is not None:
            pieces.append((left, right, text[left:before] + word + text[after:right]))
        for i, j, unit in pieces:
            out.append(Token(unit, *m.span(i, j), "unit"))
    return out


def words(m: Mapped, mode: str = "index") -> list[Token]:
    """Word tokens of normalized text, in text order: jieba words for Han, whole tokens for Latin, and units."""
    precise: list[tuple[int, int]] = []
    tokens = han_words(m, mode, precise) + latin_tokens(m, with_parts=mode == "index")
    tokens += unit_tokens(m, precise)
    tokens.sort(key=_SPAN)
    return tokens


def latin_words(m: Mapped, mode: str = "query") -> list[Token]:
    """Whole Latin/number tokens only (no parts, no jieba): how a query's Latin words are looked up."""
    return latin_tokens(m, with_parts=False)


def grams(m: Mapped, mode: str = "index") -> list[Token]:
    """What the literal index holds of a text, in text order: for every Han character, the bigram it starts with
    the next Han character (whitespace or quotation marks between the two squeezed out, ``script.HAN_GAP``), or the
    character alone where its run ends. Latin text is not in it: the word field finds Latin words.

    A run of k characters is then found as k-1 bigrams at consecutive positions, across jieba's word boundaries.
    A query looks a run up by its bigrams, and a run of one character by every entry that begins with it.
    """
    text = m.text
    han = [match.start() for match in _HAN_CHAR.finditer(text)]
    tokens = []
    after_bigram = False
    for n, i in enumerate(han):
        j = han[n + 1] if n + 1 < len(han) else -1
        if j > i and (j == i + 1 or joins(text[i + 1 : j])):
            tokens.append(Token(text[i] + text[j], *m.span(i, j + 1), "han"))
            after_bigram = True
            continue
        # Querying, a run's last character is inside its last bigram already; only a run of one is looked up alone.
        if mode == "index" or not after_bigram:
            tokens.append(Token(text[i], *m.span(i, i + 1), "han"))
        after_bigram = False
    return tokens
