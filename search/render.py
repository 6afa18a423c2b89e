"""Markup for people: search results and documents as terminal text, highlights in color or 【】 brackets.

Works only on the result data (passages and highlight spans); it never searches.
"""

from __future__ import annotations

import bisect
import re

import click

from .highlight import mark

SNIPPET_CHARS = 220
_NEWLINES = re.compile(r"\n\n+")
# The metadata shown under a result's title.
RESULT_META = ("date", "revised", "agency", "number", "status")
# Values of each facet listed under a page of results, commonest first.
FACET_VALUES = 5


def snippet(text: str, spans: list[list[int]], width: int = SNIPPET_CHARS) -> tuple[str, list[list[int]]]:
    """A window of at most ``width`` characters of ``text`` around its first highlight, with shifted spans; a line
    or paragraph break is shown as one space."""
    # A paragraph break is two newlines: the second goes, and every span after it moves back one.
    dropped = [k for run in _NEWLINES.finditer(text) for k in range(run.start() + 1, run.end())]
    if dropped:
        spans = [[s - bisect.bisect_right(dropped, s), e - bisect.bisect_left(dropped, e)] for s, e in spans]
        text = _NEWLINES.sub("\n", text)
    flat = text.replace("\n", " ")
    if len(flat) <= width:
        return flat, spans
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 4, len(flat) - width))
    end = start + width
    shifted = [[max(s, start) - start, min(e, end) - start] for s, e in spans if e > start and s < end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(flat) else ""
    return prefix + flat[start:end] + suffix, [[s + len(prefix), e + len(prefix)] for s, e in shifted]


def render_results(payload: dict, color: bool, explain: bool = False) -> str:
    """The human-readable page of results."""
    lines = []
    total, results = payload["total"], payload["results"]
    shown = f"{len(results)} of {total}" if len(results) < total else str(total)
    noun = "result" if total == 1 else "results"
    lines.append(f"{shown} {noun} for {payload['query']} ({payload['took_ms']:.1f} ms)")
    if color:
        open_, close = "\x1b[1;33m", "\x1b[0m"
    else:
        open_, close = "【", "】"
    for rank, res in enumerate(results, 1):
        title = click.style(res["title"], bold=True) if color else res["title"]
        lines.append("")
        lines.append(f"{rank}. {title}  [{res['doc_id']} · {res['script']} · score {res['score']:.2f}]")
        # When and by whom, as --sort date and the filters read them.
        meta = res.get("meta", {})
        about = [str(meta[key]) if key != "revised" else f"revised {meta[key]}" for key in RESULT_META if meta.get(key)]
        if about:
            lines.append("   " + " · ".join(about))
        for passage in res["passages"]:
            if passage["section"]:
                lines.append(f"   § {passage['section']}")
            text, spans = snippet(passage["text"], passage["highlights"])
            lines.append("   " + mark(text, spans, open_, close))
        if explain and res.get("matches"):
            joined = "; ".join(f"{m['query']} → {m['matched']} ({m['via']})" for m in res["matches"])
            lines.append(f"   why: {joined}")
    if not results and total == 0:
        lines.append("no documents match")
    shown_facets = [(field, values) for field, values in payload.get("facets", {}).items() if values]
    if results and shown_facets:
        # What the matches hold, to narrow them by: --year, --agency, --type, --status, --script.
        lines.append("")
        for field, values in shown_facets:
            top = [f"{value} ({n})" for value, n in list(values.items())[:FACET_VALUES]]
            more = f", … {len(values) - FACET_VALUES} more" if len(values) > FACET_VALUES else ""
            lines.append(f"{field}: {', '.join(top)}{more}")
    return "\n".join(lines)


# The metadata a reader wants beside a document's title, in this order (the rest is for machines: --json).
SHOWN_META = ("agency", "number", "date", "revised", "effective", "status", "type", "level", "url", "citation")


def render_document(view: dict, color: bool, outline: bool = False, whole: bool = True) -> str:
    """A document for reading: title and where it is from, then its outline, its whole text, or (``whole`` False)
    the passages ``view`` holds (one article's), each under its heading path; every match marked."""
    open_, close = ("\x1b[1;33m", "\x1b[0m") if color else ("【", "】")
    title = view["title"] or view["doc_id"]
    meta = view["meta"]
    about = [view["doc_id"], view["script"], view["format"],
             *(f"{key} {meta[key]}" for key in SHOWN_META if meta.get(key))]
    lines = [click.style(title, bold=True) if color else title, " · ".join(about)]
    highlights = view["highlights"]
    if not whole:  # the matches of the passages shown
        highlights = [h for h in highlights if any(h[1] > p["start"] and h[0] < p["end"] for p in view["passages"])]
    if highlights and not outline:
        lines.append(f"{len(highlights)} match{'es' if len(highlights) > 1 else ''} marked")
    lines.append("")
    text = view["text"]
    if outline:
        top = min((s["level"] for s in view["sections"]), default=1)  # a law without 编 starts at 章
        lines.extend("  " * (s["level"] - top) + s["text"] for s in view["sections"])
        if not view["sections"]:
            lines.append("(no headings)")
    elif whole:
        lines.append(mark(text, highlights, open_, close))
    else:
        for passage in view["passages"]:
            start, end = passage["start"], passage["end"]
            if passage["section"]:
                lines.append(f"§ {passage['section']}")
            spans = [[max(s, start) - start, min(e, end) - start] for s, e in highlights if e > start and s < end]
            lines.extend([mark(text[start:end], spans, open_, close), ""])
    return "\n".join(lines).rstrip("\n")
