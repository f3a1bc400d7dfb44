"""The timeline: documents by year and month, newest first, with counts per year."""

from __future__ import annotations

from itertools import groupby

from builder.dates import MONTH_NAMES
from builder.emit import markdown as md
from builder.emit.frontmatter import page
from builder.emit.listing import doc_item
from builder.model import Archive, PagePath

PAGE = PagePath("timeline.md")


def render(archive: Archive) -> str:
    docs = archive.documents_newest_first()
    dated = [d for d in docs if d.metadata.date]
    undated = [d for d in docs if not d.metadata.date]
    parts = ["# Timeline", f"{len(dated)} dated documents, newest first."]
    years = [(year, list(group)) for year, group in groupby(dated, key=lambda d: d.metadata.date[:4])]
    if years:
        parts.append(" · ".join(f"[{year}](#y{year}) ({len(group)})" for year, group in years))
    for year, group in years:
        parts.append(f"## {year} ({len(group)} document{'s' if len(group) != 1 else ''}) {{ #y{year} }}")
        for month, items in groupby(group, key=lambda d: d.metadata.date[5:7]):
            heading = MONTH_NAMES[int(month) - 1] if month else "Month unknown"
            parts.append(f"### {heading} {year}")
            parts.append("\n\n".join(doc_item(d, PAGE, with_excerpt=False) for d in items))
    if undated:
        parts.append("## Undated")
        parts.append("\n\n".join(doc_item(d, PAGE, with_excerpt=False) for d in undated))
    return page({"title": "Timeline"}, "\n\n".join(parts))
