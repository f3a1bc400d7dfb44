"""Emitters: turn the finished model into site pages (Markdown with front matter)."""

from __future__ import annotations

from builder.emit import document_page, entity_pages, home_page, review_page
from builder.model import Archive


def emit_pages(archive: Archive, title: str, description: str = "") -> dict[str, str]:
    """Every generated Markdown page, keyed by its path in the site. Deterministic."""
    pages = {home_page.PAGE: home_page.render(archive, title, description),
             review_page.PAGE: review_page.render(archive)}
    pages[entity_pages.INDEX] = entity_pages.render_index(archive)
    by_entity = archive.mentions_by_entity()
    for entity in sorted(archive.entities.values(), key=lambda e: e.id):
        pages[entity.page] = entity_pages.render_entity(archive, entity, by_entity.get(entity.id, []))
    mentions = archive.mentions_by_doc()
    for doc in sorted(archive.documents, key=lambda d: d.id):
        pages[doc.page] = document_page.render(doc, mentions.get(doc.id, []), archive.entities)
    return dict(sorted(pages.items()))


def source_files(archive: Archive) -> dict[str, bytes]:
    """Original source files, published as downloads next to the pages."""
    return {doc.source.path: doc.source.raw for doc in sorted(archive.documents, key=lambda d: d.id)}
