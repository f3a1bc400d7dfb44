"""The home page: what the archive is, its counts, and every document newest first."""

from __future__ import annotations

from builder.dates import display_date
from builder.emit import markdown as md
from builder.emit.frontmatter import Page, page
from builder.emit.listing import doc_list
from builder.emit.urls import Urls
from builder.model import Archive, Indexes, PagePath

PAGE = PagePath("index.md")
HOME_LIMIT = 100
"""The home page lists at most this many documents; the timeline lists them all."""


def render(archive: Archive, index: Indexes, title: str, description: str, urls: Urls = Urls(), listed: dict | None = None) -> Page:
    """``listed``: document id -> listing.item_parts, where already made."""
    docs = index.newest_first
    publications = sorted({d.metadata.publication for d in docs if d.metadata.publication})
    authors = sorted({a for d in docs for a in d.metadata.authors})
    dates = sorted(d.metadata.date for d in docs if d.metadata.date)
    words = sum(d.word_count for d in docs)
    parts = [f"# {md.heading(title)}"]
    if description:
        parts.append(md.text(description))
    span = f", from {display_date(dates[0])} to {display_date(dates[-1])}" if dates else ""
    parts.append(
        f'<p class="archive-counts">{len(docs)} documents{span}; '
        f"{words:,} words; {len(authors)} authors; {len(publications)} publications.</p>")
    parts.append("Browse by " + ", ".join([
        md.link("topic", PAGE, "topics/index.md"), md.link("date", PAGE, "timeline.md"),
        md.link("person, organisation or place", PAGE, "entities/index.md"),
        md.link("author", PAGE, "authors/index.md"), md.link("publication", PAGE, "publications/index.md")])
        + ", or read the editors' " + md.link("annotations", PAGE, "annotations/index.md") + ".")
    shown = docs[:HOME_LIMIT]
    parts.append("## Documents, newest first" if len(shown) == len(docs) else f"The {len(shown)} newest documents")
    parts.append(doc_list(shown, PAGE, urls, with_excerpt=False, parts=listed) if docs else "The archive has no documents yet.")
    if len(shown) < len(docs):
        parts.append(f"All {len(docs):,} documents are listed in the {md.link('timeline', PAGE, 'timeline.md')}.")
    parts.append("## Data for reuse")
    from builder.emit.exports import FILES
    parts.append("\n".join(f"- [{name}]({name}) — {md.inline(what)}" for name, what in FILES.items())
                 + "\n- [annotations.jsonld](annotations.jsonld) — every annotation as W3C Web Annotations (JSON-LD)")
    review = len([d for d in docs if d.needs_review])
    parts.append(f"For editors: {md.link('documents whose metadata needs review', PAGE, 'review.md')} ({review}).")
    return page({"title": title, "hide": ["navigation", "toc"]}, "\n\n".join(parts))
