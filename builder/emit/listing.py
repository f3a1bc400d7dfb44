"""Shared pieces of index pages: a document as a list item, an excerpt, slugs for terms."""

from __future__ import annotations

from builder.dates import display_date
from builder.emit import markdown as md
from builder.model import Document, PagePath

EXCERPT = 220


def excerpt(doc: Document, limit: int = EXCERPT) -> str:
    """The start of the first body paragraph (not a caption), cut at a word."""
    paragraph = next((p for p in doc.paragraphs if p.kind == "text"), None)
    if paragraph is None:
        return ""
    text = paragraph.text
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text


def doc_item(doc: Document, from_page: PagePath, why: str = "", with_excerpt: bool = True) -> str:
    """A document as a Markdown list item: date · linked title · publication, then an excerpt."""
    date = doc.metadata.date
    when = f'<time datetime="{date}">{md.inline(display_date(date))}</time>' if date else "Undated"
    line = f"- **{when}** · {md.link(doc.display_title, from_page, doc.page)}"
    if doc.metadata.publication:
        line += f" · *{md.inline(doc.metadata.publication)}*"
    if with_excerpt and excerpt(doc):
        line += f"\n\n    {md.inline(excerpt(doc))}"
    if why:
        line += f"\n\n    <small>{why}</small>"
    return line
