"""The home page: what the archive is, its counts, and every document newest first."""

from __future__ import annotations

from builder.dates import display_date
from builder.emit import markdown as md
from builder.emit import rawhtml
from builder.emit.frontmatter import Page, page
from builder.emit.listing import doc_list
from builder.emit.urls import Urls
from builder.model import Archive, Indexes, PagePath

PAGE = PagePath("index.md")
HOME_LIMIT = 100
"""The home page lists at most this many documents; the timeline lists them all."""


def _paragraph(name: str, html: str) -> str:
    """A paragraph with links to other pages (``html``), handed past Markdown (emit.rawhtml)."""
    return rawhtml.block(name, f"<p>{html}</p>")


def _listed(docs: list, timeline: str) -> tuple[str, list, str]:
    """What the home page lists of ``docs`` (newest first, undated last), under which heading,
    and the line after it (HTML, or ""): each says truthfully what the list is. Undated
    documents are never shown as "newest"."""
    dated = [d for d in docs if d.metadata.date]
    undated = len(docs) - len(dated)
    if len(docs) <= HOME_LIMIT:
        heading = "## Documents, newest first" + (", undated ones last" if undated and dated else "")
        if not dated:
            heading = "## Documents, by file name" if docs else "## Documents"
        return heading, docs, ""
    if not dated:
        return (f"## Documents\n\nNo document has a date yet. The first {HOME_LIMIT} of {len(docs):,}, by file name:",
                docs[:HOME_LIMIT], f"All {len(docs):,} documents are listed in the {timeline}.")
    shown = dated[:HOME_LIMIT]
    rest = f"All {len(docs):,} documents are listed in the {timeline}"
    rest += f", the {undated:,} without a date at its end." if undated else "."
    return f"## The {len(shown):,} newest documents", shown, rest


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
        f'<p class="archive-counts">{md.counted(len(docs), "document")}{span}; '
        f"{md.counted(words, 'word')}; {md.counted(len(authors), 'author')}; {md.counted(len(publications), 'publication')}.</p>")
    def link(label: str, to_page: str) -> str:
        return rawhtml.link(label, PAGE, to_page, urls)

    parts.append(_paragraph("browse", "Browse by " + ", ".join([
        link("topic", "topics/index.md"), link("date", "timeline.md"), link("person, organisation or place", "entities/index.md"),
        link("author", "authors/index.md"), link("publication", "publications/index.md")])
        + ", or read the editors' " + link("annotations", "annotations/index.md") + "."))
    heading, shown, after = _listed(docs, link("timeline", "timeline.md"))
    parts.append(heading)
    parts.append(doc_list(shown, PAGE, urls, with_excerpt=False, parts=listed) if docs else "The archive has no documents yet.")
    if after:
        parts.append(_paragraph("all-documents", after))
    parts.append("## Data for reuse")
    from builder.emit.exports import FILES
    parts.append("\n".join(f"- [{name}]({name}) — {md.inline(what)}" for name, what in FILES.items())
                 + "\n- [annotations.jsonld](annotations.jsonld) — every annotation as W3C Web Annotations (JSON-LD)")
    return page({"title": title, "hide": ["navigation", "toc"]}, "\n\n".join(parts))
