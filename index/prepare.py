"""Turning one file into index records: read, clean, split into passages, analyze once.

This is the work that runs in parallel worker processes, so it returns plain, picklable values.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path

from . import analysis
from .analysis import latin, segment
from .document import Document, Passage
from .literal import LiteralPart, document_passages
from .readers import read_document
from .script_detect import detect_script
from .structure import split_passages


@dataclass
class PreparedDocument:
    """A document with its passages and every field's tokens, ready for the Whoosh writer."""

    doc_id: str
    root: str
    hash: str
    stat: tuple[int, int]  # size and modification time (ns) when hashed: a re-run hashes only files whose stat moved
    format: str
    document: Document
    script: str
    passages: list[Passage]
    body: list[list[str]]
    literal: LiteralPart  # what the literal index holds of the document

    def payload(self) -> dict:
        """The stored document record: text stored once, with everything results and /documents show."""
        doc = self.document
        return {
            "doc_id": self.doc_id,
            "title": doc.title,
            "length": len(doc.text),
            "script": self.script,
            "format": self.format,
            "hash": self.hash,
            "stat": list(self.stat),
            "root": self.root,
            "meta": dict(doc.meta),
            "headings": [(h.start, h.end, h.level, h.text) for h in doc.headings],
            "passages": [(p.start, p.end, p.section, p.article) for p in self.passages],
        }

    def records(self):
        """Whoosh documents: the document record, then one record per passage."""
        yield {"kind": "doc", "doc_id": self.doc_id, "payload": self.payload()}
        # The text is a record of its own, read only for the documents a page of results shows.
        yield {"kind": "text", "doc_id": self.doc_id, "text": self.document.text}
        for n, (passage, body) in enumerate(zip(self.passages, self.body)):
            yield {"kind": "passage", "doc_id": self.doc_id, "body": body,
                   "span": (n, passage.start, passage.end, passage.article_number)}


def _bucket(tokens, starts: list[int], n: int) -> list[list[str]]:
    """Token texts grouped by the passage each token starts in (``tokens`` in text order)."""
    out: list[list[str]] = [[] for _ in range(n)]
    if not n:
        return out
    # One walk over both sorted lists instead of a binary search per token.
    i, current = -1, None
    bound = starts[0]
    for tok in tokens:
        start = tok[1]
        if start >= bound:
            i = bisect.bisect_right(starts, start) - 1
            current = out[i]
            bound = starts[i + 1] if i + 1 < n else float("inf")
        if current is not None:
            current.append(tok[0])
    return out


def prepare_document(root: str, doc_id: str, path: str, digest: str,
                     stat: tuple[int, int] = (-1, -1)) -> PreparedDocument:
    """Read ``path`` and analyze it for the index (raises UnreadableFile for files to skip)."""
    doc = read_document(Path(path))
    passages = split_passages(doc)
    m = analysis.normalize(doc.text)
    word_tokens = latin.fold_and_stem(segment.words(m, "index"))
    starts = [p.start for p in passages]
    return PreparedDocument(
        doc_id=doc_id,
        root=root,
        hash=digest,
        stat=tuple(stat),
        format=doc.format,
        document=doc,
        script=detect_script(doc.text),
        passages=passages,
        body=_bucket(word_tokens, starts, len(passages)),
        literal=LiteralPart.encode(*document_passages(m, doc.text, [(p.start, p.end) for p in passages])),
    )
