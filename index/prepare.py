"""Turning one file into index records: read, clean, split into passages, analyze once.

This is the work that runs in parallel worker processes, so it returns plain, picklable values.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import analysis
from .document import Document, Passage
from .literal import LiteralPart, document_passages
from .readers import read_document
from .script_detect import script_of, vocabulary_of
from .structure import split_passages


SUMMARY = ("doc_id", "title", "length", "script", "format", "meta", "neutral", "vocabulary")


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
    literal: LiteralPart  # what the literal index holds of the document
    neutral: bool = False  # no Han character particular to either script: a region's words may be in it either way
    # The side whose words the text writes, where it is not its script's (a mainland report put into Traditional
    # writes 信息 and 软件, not 資訊 and 軟體): that side's regional words may be in it too.
    vocabulary: str | None = None

    def bodies(self) -> Iterator[list[str]]:
        """Each passage's word tokens, analyzed as the passage is written to the index: a long document's
        tokens are never all in memory at once (a token object costs some 60 bytes per character of text)."""
        text = self.document.text
        for passage in self.passages:
            words = analysis.WORDS.run(text[passage.start:passage.end], "index")
            yield [token[0] for token in words]

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
            **({"neutral": True} if self.neutral else {}),
            **({"vocabulary": self.vocabulary} if self.vocabulary else {}),
            "headings": [(h.start, h.end, h.level, h.text) for h in doc.headings],
            "passages": [(p.start, p.end, p.section, p.article) for p in self.passages],
        }

    def summary(self) -> dict:
        """What ranking, filters and facets need of the document (a part of ``payload``), kept for every document."""
        payload = self.payload()
        return {key: payload[key] for key in SUMMARY if key in payload}

    def records(self):
        """Whoosh documents: the document record, then one record per passage."""
        yield {"kind": "doc", "doc_id": self.doc_id, "payload": self.payload()}
        # The text is stored in blocks beside the literal index (``texts``), not in a Whoosh record: a page of
        # results reads the blocks its passages are in.
        # A passage's place in the document (number, span, article) is the literal segment's to keep, not Whoosh's.
        for body in self.bodies():
            yield {"kind": "passage", "doc_id": self.doc_id, "body": body}


def prepare_document(root: str, doc_id: str, path: str, digest: str,
                     stat: tuple[int, int] = (-1, -1)) -> PreparedDocument:
    """Read ``path`` and analyze it for the index (raises UnreadableFile for files to skip)."""
    doc = read_document(Path(path))
    passages = split_passages(doc)
    m = analysis.normalize(doc.text)
    script, neutral = script_of(doc.text)
    side = vocabulary_of(m.text)
    return PreparedDocument(
        doc_id=doc_id,
        root=root,
        hash=digest,
        stat=(stat[0], stat[1]),
        format=doc.format,
        document=doc,
        script=script,
        passages=passages,
        literal=LiteralPart.encode(*document_passages(m, doc.text, [(p.start, p.end) for p in passages])),
        neutral=neutral,
        vocabulary=side if side is not None and side != script and script in ("hans", "hant") else None,
    )
