"""Shaping results: the passages of a document worth showing, their highlights, the matches, facets.

Highlights are data (code-point spans in the passage as the document wrote it); markup is the caller's.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from tongwen.index import numerals
from tongwen.index.errors import DocumentNotFound, InvalidParameter

from .contract import Via
from .display import convert_for_display
from .highlight import find_hits, is_partial_word, merge_spans
from .plan import may_hold
from .scoring import LeafHits, PassageBM25
from .shapes import DocumentPassage, DocumentView, Facets, Match, Passage, Result, Section

MAX_PASSAGES = 3
# Passages shown after the best one must score at least this share of it.
PASSAGE_SHARE = 0.5
# How far past a passage's end highlighting looks for a run that began inside it.
SPILL = 64


def shape_result(state: PassageBM25, d: int, score: float, leaves: list[LeafHits], display: str) -> Result:
    """One result: the document with its best passages (up to MAX_PASSAGES), their highlights and the matches."""
    info = state.docs[d]
    passage_scores: dict[int, float] = {}
    targets: list = []
    for hits in leaves:
        pids, scores = state.hits_of(hits, d)
        if len(pids) or hits.plan.leaf.field == "title":
            targets.extend(hits.plan.targets)
        for pid, s in zip(pids.tolist(), scores.tolist()):
            passage_scores[pid] = passage_scores.get(pid, 0.0) + s
    if not targets:
        targets = [t for hits in leaves for t in hits.plan.targets]
    targets = in_script(targets, info)
    ranked = sorted(passage_scores.items(), key=lambda kv: (-kv[1], kv[0]))
    if ranked:
        best = ranked[0][1]
        chosen = [pid for pid, s in ranked[:MAX_PASSAGES] if s >= PASSAGE_SHARE * best]
    else:
        chosen = [int(state.first_pid[d])] if state.first_pid[d] >= 0 else []
    passages: list[Passage] = []
    matches: dict[tuple[str, str], Match] = {}
    for pid in chosen:
        start, end = state.passage_span(pid)
        # A run may go on across a line break into the next passage: look a little past the end, mark the
        # part inside this passage.
        spilled = state.text(d, start, end + SPILL)
        ptext = spilled[: end - start]
        found = [h for h in find_hits(spilled, targets) if h.start < len(ptext)]
        found = [h if h.end <= len(ptext) else replace(h, end=len(ptext)) for h in found]
        for hit in found:
            key = (hit.target.query, ptext[hit.start : hit.end])
            if key not in matches:
                matches[key] = Match(query=key[0], matched=key[1], via=via(hit, ptext))
        section, article = state.g.passage_label(pid)
        passages.append(Passage(
            text=convert_for_display(ptext, display),
            start=start,
            end=end,
            section=convert_for_display(section, display),
            article=convert_for_display(article, display),
            highlights=merge_spans(found),
        ))
    return Result(
        doc_id=state.doc_ids[d],
        title=convert_for_display(info["title"], display),
        score=round(score, 4),
        script=info["script"],
        meta=info.get("meta", {}),
        passages=passages,
        matches=list(matches.values()),
    )


def in_script(targets: list, info: dict) -> list:
    """The targets to mark in the document whose summary or payload is ``info`` (its script, and whether it is
    ``neutral`` or writes the other side's ``vocabulary``: see ``plan.may_hold``): a regional word only in its
    region's."""
    written, neutral, vocabulary = info["script"], bool(info.get("neutral")), info.get("vocabulary")
    return [t for t in targets if may_hold(t.script, written, neutral, vocabulary)]


def document_view(state: PassageBM25, d: int, text: str, targets: list, display: str) -> DocumentView:
    """A whole document: text as cleaned, title, script, outline, passages, metadata, and every match marked."""
    info = state.g.payload(d)
    targets = in_script(targets, info)
    highlights = merge_spans(find_hits(text, targets)) if targets else []
    return DocumentView(
        doc_id=state.doc_ids[d],
        title=convert_for_display(info["title"], display),
        script=info["script"],
        format=info.get("format", "txt"),
        meta=info.get("meta", {}),
        text=convert_for_display(text, display),
        sections=[Section(start=s, end=e, level=lvl, text=convert_for_display(t, display))
                  for s, e, lvl, t in info["headings"]],
        passages=[DocumentPassage(start=s, end=e, section=convert_for_display(sec, display),
                                  article=convert_for_display(article, display))
                  for s, e, sec, article in info["passages"]],
        highlights=highlights,
    )


def in_article(view: DocumentView, article: str) -> DocumentView:
    """``view`` with the passages of the article ``article`` names only (第十七条, 第17條, 第十条之一, in either
    script); InvalidParameter when it names no article, DocumentNotFound when the document has no such article."""
    wanted = numerals.article_number(article)
    shown = " ".join(article.split())  # an error message is one line
    if wanted is None:
        raise InvalidParameter(f"article: {shown!r} is not an article (第十七条, 第17條, 第十条之一)")
    # Each passage knows its article as written (第十七條 in a Traditional text): compared by number.
    passages = [p for p in view["passages"] if p["article"] and numerals.article_number(p["article"]) == wanted]
    if not passages:
        raise DocumentNotFound(f"{view['doc_id']!r} has no article {shown}")
    return DocumentView(**{**view, "passages": passages})


def via(hit, passage_text: str) -> Via:
    """How a query term joined the document's word: exact, script, substring, regional or synonym."""
    target = hit.target
    if target.via != "exact":
        return target.via
    if not target.latin and is_partial_word(passage_text, hit.start, hit.end):
        return "substring"
    original = passage_text[hit.start : hit.end]
    if original in target.query or original.lower() in target.query.lower():
        return "exact"
    return "script"


def facets(state: PassageBM25, members: np.ndarray, order: list[np.ndarray]) -> Facets:
    """Counts of year, agency, type, status (时效性) and script over the matching documents, ``order`` being the
    keys they rank by (see ``FacetTable.counts``)."""
    return state.facet_table.counts(members, order)
