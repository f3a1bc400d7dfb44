"""Emitters: turn the finished model into site pages (Markdown with front matter)."""

from __future__ import annotations

from builder.emit import document_page, home_page, review_page
from builder.model import Archive


def emit_pages(archive: Archive, title: str, description: str = "") -> dict[str, str]:
    """Every generated Markdown page, keyed by its path in the site. Deterministic."""
    pages = {home_page.PAGE: home_page.render(archive, title, description),
             review_page.PAGE: review_page.render(archive)}
    for doc in sorted(archive.documents, key=lambda d: d.id):
        pages[doc.page] = document_page.render(doc)
    return dict(sorted(pages.items()))


def source_files(archive: Archive) -> dict[str, bytes]:
    """Original source files, published as downloads next to the pages."""
    return {doc.source.path: doc.source.raw for doc in sorted(archive.documents, key=lambda d: d.id)}
