"""Step 4: Latin folding: case-insensitive tokens (GDP = gdp = ＧＤＰ after NFKC), and English stemming for words.

Stemming applies to purely alphabetic words of four letters or more (policies → polici = policy) in the word field
only; acronyms and tokens with digits or joiners (RISC-V, 5G, 10206.9) stay whole.
"""

from __future__ import annotations

import re

from whoosh.lang.porter import stem as porter_stem

from .token import Token

_STEMMABLE = re.compile(r"[a-z]{4,}$")


def fold(tokens: list[Token], stem: bool = False) -> list[Token]:
    """Lower-case Latin tokens (and stem plain English words when ``stem``); Han tokens pass through."""
    out = []
    for tok in tokens:
        if tok[3] == "latin":  # tok.kind, without the attribute lookup: this runs once per token of a corpus
            text = tok.text.lower()
            if stem and _STEMMABLE.match(text):
                text = porter_stem(text)
            if text != tok.text:
                tok = tok._replace(text=text)
        out.append(tok)
    return out


def fold_and_stem(tokens: list[Token]) -> list[Token]:
    """``fold`` with stemming: the word field's form."""
    return fold(tokens, stem=True)
