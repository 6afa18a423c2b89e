"""Markup for people: search results as terminal text, highlights in color or 【】 brackets.

Works only on the result data (passages and highlight spans); it never searches.
"""

from __future__ import annotations

import click

from .highlight import mark

SNIPPET_CHARS = 220


def snippet(text: str, spans: list[list[int]], width: int = SNIPPET_CHARS) -> tuple[str, list[list[int]]]:
    """A window of at most ``width`` characters of ``text`` around its first highlight, with shifted spans."""
    flat = " ".join(text.split("\n"))
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
    return "\n".join(lines)
