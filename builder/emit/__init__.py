"""Emitters: turn the finished model into site pages (Markdown with front matter)."""

from __future__ import annotations

import html
from collections import Counter

from builder.emit import (annotation_pages, document_page, entity_pages, home_page, review_page, taxonomy_pages,
                          timeline_page, topic_pages)
from builder.emit.exports import export_files
from builder.emit.frontmatter import Page
from builder.emit.urls import Urls
from builder.model import Archive, Rendered


def topics_by_document(archive: Archive) -> dict[str, list]:
    topics_of: dict[str, list] = {}
    for assignment in archive.assignments:
        topics_of.setdefault(assignment.doc, []).append(archive.topics[assignment.topic])
    return topics_of


def notes_by_document(archive: Archive) -> dict[str, list]:
    """Each document's placed annotations, in the order of their numbers."""
    notes_of: dict[str, list] = {}
    for annotation in sorted((a for a in archive.annotations if a.spans), key=lambda a: a.number):
        notes_of.setdefault(annotation.doc, []).append(annotation)
    return notes_of


def render_documents(archive: Archive, urls: Urls, docs: list | None = None,
                     documents: dict | None = None) -> dict[str, Rendered]:
    """What can be made of each of ``docs`` (default: all) from ``documents`` (by id; default:
    each document alone): its page, unless one of its notes links to a document not there
    (whose title it would show), and its parts of entity pages. The per-document stages
    call this for their batch, so the work is parallel and cached; :func:`emit_pages` makes
    the rest."""
    mentions = archive.mentions_by_doc()
    topics_of = topics_by_document(archive)
    notes_of = notes_by_document(archive)
    result = {}
    for doc in archive.documents if docs is None else docs:
        notes = notes_of.get(doc.id, [])
        known = documents if documents is not None else {doc.id: doc}
        page = None
        if all(other in known for note in notes for other in note.documents):
            view = document_page.View(doc, mentions.get(doc.id, []), archive.entities, topics_of.get(doc.id, []),
                                      notes, known, urls)
            page = document_page.render(view)
        result[doc.id] = Rendered(urls, page, entity_pages.document_parts(doc, mentions.get(doc.id, []), urls))
    return result


def emit_pages(archive: Archive, title: str, description: str = "", urls: Urls = Urls()) -> dict[str, Page]:
    """Every generated Markdown page, keyed by its path in the site. Deterministic."""
    pages = {home_page.PAGE: home_page.render(archive, title, description, urls),
             review_page.PAGE: review_page.render(archive)}
    pages.update(timeline_page.render(archive, urls))
    pages[annotation_pages.INDEX] = annotation_pages.render_index(archive, urls)
    pages[annotation_pages.ORPHANED] = annotation_pages.render_orphaned(archive)
    for taxonomy in taxonomy_pages.TAXONOMIES:
        pages.update(taxonomy_pages.render(archive, taxonomy, urls))
    pages[topic_pages.INDEX] = topic_pages.render_index(archive)
    pages.update(topic_pages.render_topics(archive, urls))
    pages[entity_pages.INDEX] = entity_pages.render_index(archive)
    documents = {d.id: d for d in archive.documents}
    # What the per-document stages made, and here what they could not: pages whose notes
    # name other documents, or everything when the archive did not come through them.
    rendered = {doc_id: made for doc_id, made in archive.rendered.items() if made.urls == urls}
    missing = [d for d in archive.documents if d.id not in rendered or rendered[d.id].page is None]
    rendered.update(render_documents(archive, urls, missing, documents))
    by_entity = archive.mentions_by_entity()
    together = entity_pages.co_occurrences(archive)
    rank = {doc.id: n for n, doc in enumerate(archive.documents_newest_first())}
    for entity in sorted(archive.entities.values(), key=lambda e: e.id):
        pages[entity.page] = entity_pages.render_entity(archive, entity, by_entity.get(entity.id, []),
                                                        together.get(entity.id, Counter()), documents, rank,
                                                        urls, rendered)
    for doc in archive.documents:
        pages[doc.page] = rendered[doc.id].page
    return dict(sorted(pages.items()))


REDIRECT_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Moved</title>
<meta http-equiv="refresh" content="0; url={href}">
<link rel="canonical" href="{href}">
<meta name="robots" content="noindex">
</head>
<body><p>This page has moved: <a href="{href}">{href}</a>.</p></body>
</html>
"""


def redirect_files(archive: Archive, urls: Urls) -> dict[str, bytes]:
    """A page at each old URL that sends readers on to the renamed item."""
    files = {}
    for redirect in sorted(archive.redirects, key=lambda r: (r.kind, r.old)):
        path = urls.page_url(redirect.old_page)
        path = path + "index.html" if path.endswith("/") else path
        href = html.escape(urls.href(redirect.old_page, redirect.new_page))
        files[path] = REDIRECT_PAGE.format(href=href).encode("utf-8")
    return files


def data_files(archive: Archive, title: str, site_url: str = "", urls: Urls = Urls()) -> dict[str, bytes]:
    """Files published as they are: the original sources (downloads), exports, feeds, redirects."""
    files = {doc.source.published_path: doc.source.raw for doc in sorted(archive.documents, key=lambda d: d.id)}
    files.update(redirect_files(archive, urls))
    files[annotation_pages.JSONLD] = annotation_pages.web_annotations(archive, site_url).encode("utf-8")
    files.update(export_files(archive, title, site_url))
    return files
