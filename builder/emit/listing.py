"""Shared pieces of index pages: a list of documents, an excerpt."""

from __future__ import annotations

import html

from builder.dates import display_date
from builder.emit import rawhtml
from builder.emit.urls import Urls
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


def item_parts(doc: Document, urls: Urls) -> tuple[str, str, str]:
    """A document's list item, cut where the link's way up from the listing page goes
    (see :func:`doc_list`): what comes before it, what comes after it (the link's target
    from the site's root, the title, the publication), and the excerpt's paragraph.

    The per-document stages make these (in parallel, cached), since on a large archive
    each document is listed on several pages."""
    e = html.escape
    date, publication = doc.metadata.date, doc.metadata.publication
    when = f'<time datetime="{e(date)}">{e(display_date(date), quote=False)}</time>' if date else "Undated"
    after = f'{e(urls.page_url(doc.page))}">{rawhtml.text(doc.display_title)}</a>'
    if publication:
        after += f" · <em>{rawhtml.text(publication)}</em>"
    text = excerpt(doc)
    return f"<li><p><strong>{when}</strong> · <a href=\"", after + "</p>", f"<p>{rawhtml.text(text)}</p>" if text else ""


def doc_list(docs: list[Document], from_page: PagePath, urls: Urls, why=None,
             with_excerpt: bool = True, parts: dict[str, tuple[str, str, str]] | None = None) -> str:
    """Documents as an HTML list (handed past Markdown, see emit.rawhtml), one item per line:
    date · linked title · publication, then an excerpt and why the document is listed
    (``why``: anything with ``get(document id)`` giving escaped HTML, or None). ``parts`` (document id -> :func:`item_parts`)
    are used where given."""
    up = way_up(from_page, urls)
    parts = parts or {}
    items = []
    for doc in docs:
        before, after, lead = parts.get(doc.id) or item_parts(doc, urls)
        line = before + up + after + lead if with_excerpt else before + up + after
        reason = why.get(doc.id) if why is not None else None
        if reason:
            line += f"<p><small>{reason}</small></p>"
        items.append(line + "</li>")
    return rawhtml.block("documents", "<ul>\n" + "\n".join(items) + "\n</ul>")


def way_up(from_page: PagePath, urls: Urls) -> str:
    """The relative way from ``from_page`` to the site's root, as links to documents start
    (no listing page is among the documents, so their links always go up to the root)."""
    sample = PagePath("documents/_.md")
    if from_page.startswith("documents/"):
        raise ValueError(f"{from_page} is among the documents: links from it do not all go through the root")
    return urls.href(from_page, sample)[:-len(urls.page_url(sample))]
