"""Shared pieces of index pages: a list of documents, an excerpt."""

from __future__ import annotations

import html
from functools import partial

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
    e = partial(html.escape, quote=False)
    items = []
    for doc in docs:
        date = doc.metadata.date
        when = f'<time datetime="{html.escape(date)}">{e(display_date(date))}</time>' if date else "Undated"
        line = f'<li><p><strong>{when}</strong> · <a href="{html.escape(urls.href(from_page, doc.page))}">{rawhtml.text(doc.display_title)}</a>'
        if doc.metadata.publication:
            line += f" · <em>{rawhtml.text(doc.metadata.publication)}</em>"
        line += "</p>"
        text = excerpt(doc) if with_excerpt else ""
        if text:
            line += f"<p>{rawhtml.text(text)}</p>"
        if why and why.get(doc.id):
            line += f"<p><small>{rawhtml.text(why[doc.id])}</small></p>"
        items.append(line + "</li>")
    return rawhtml.block("documents", "<ul>\n" + "\n".join(items) + "\n</ul>")
