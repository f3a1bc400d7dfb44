"""Shared pieces of index pages: a list of documents, an excerpt."""

from __future__ import annotations

import html
from functools import lru_cache

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


def doc_list(docs: list[Document], from_page: PagePath, urls: Urls, why: dict[str, str] | None = None,
             with_excerpt: bool = True) -> str:
    """Documents as an HTML list (handed past Markdown, see emit.rawhtml), one item per line:
    date · linked title · publication, then an excerpt and why the document is listed."""
    items = []
    for doc in docs:
        line = _item(urls.href(from_page, doc.page), doc.display_title, doc.metadata.date, doc.metadata.publication,
                     excerpt(doc) if with_excerpt else "")
        if why and why.get(doc.id):
            line += f"<p><small>{rawhtml.text(why[doc.id])}</small></p>"
        items.append(line + "</li>")
    return rawhtml.block("documents", "<ul>\n" + "\n".join(items) + "\n</ul>")


@lru_cache(maxsize=100_000)
def _item(href: str, title: str, date: str, publication: str, text: str) -> str:
    """The start of a document's list item. Remembered: on a large archive each document is
    listed on several topic, author and timeline pages, at the same depth, so the same."""
    when = f'<time datetime="{html.escape(date)}">{html.escape(display_date(date), quote=False)}</time>' if date else "Undated"
    line = f'<li><p><strong>{when}</strong> · <a href="{html.escape(href)}">{rawhtml.text(title)}</a>'
    if publication:
        line += f" · <em>{rawhtml.text(publication)}</em>"
    line += "</p>"
    if text:
        line += f"<p>{rawhtml.text(text)}</p>"
    return line
