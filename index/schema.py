"""The Whoosh schema: one record per passage (the unit of retrieval) and one per document.

Passage records carry the passage's jieba words (``body``, scored by BM25); document records store what results
show of a document (title, sections, metadata); the text itself is stored beside the segment, in blocks
(``index.texts``). Text fields receive tokens
already analyzed by ``index.analysis`` (a ``Prepared`` list), so Whoosh never runs a second analysis. Literal
matching of any run of characters is the literal index's job (``index.literal``), kept beside each segment.
"""

from __future__ import annotations

from collections import Counter

from whoosh.analysis import Analyzer
from whoosh.analysis import Token as WhooshToken
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.system import pack_uint


class Prepared(Analyzer):
    """Feeds pre-analyzed token texts to Whoosh: position = index in the list."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True, start_pos=0,
                 start_char=0, tokenize=True, mode="", **kwargs):
        """Yield Whoosh tokens for a list of token texts (a plain string is one token)."""
        if isinstance(value, str):
            value = [value]
        tok = WhooshToken(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, text in enumerate(value):
            tok.text = text
            tok.boost = 1.0
            tok.stopped = False
            if positions:
                tok.pos = start_pos + pos
            yield tok

    def __eq__(self, other):
        return type(other) is type(self)

    __hash__ = Analyzer.__hash__


class PreparedText(TEXT):
    """A TEXT field whose value is a list of analyzed token texts; only their frequencies are indexed."""

    def index(self, value, **kwargs):
        """(term bytes, frequency, weight, encoded frequency) for each distinct token text of ``value``."""
        if isinstance(value, str):
            value = [value]
        # Whoosh's own path runs every token through the analyzer and its format one by one; counting the texts
        # at once gives the same postings (weight = frequency × field boost) for a fraction of the time.
        boost = self.format.field_boost
        for word, freq in Counter(value).items():
            yield word.encode("utf-8"), freq, freq * boost, pack_uint(freq)


def make_schema() -> Schema:
    """Build the index schema."""
    return Schema(
        kind=ID(),
        doc_id=ID(),
        body=PreparedText(analyzer=Prepared(), phrase=False),
        payload=STORED(),
    )
