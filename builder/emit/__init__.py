"""Emitters: turn the finished model into site pages (Markdown with front matter)."""

from __future__ import annotations

import html
from typing import Callable

from builder.emit import (annotation_pages, document_page, entity_pages, exports, home_page, listing, review_page,
                          search_index, taxonomy_pages, timeline_page, topic_pages)
from builder.cache import read_apart_together
from builder.emit.exports import all_parts, annotation_counts, annotation_feed, document_exports, mention_exports
from builder.emit.frontmatter import Page
from builder.emit.reuse import Groups, Reuse
from builder.emit.urls import Urls
from builder.model import Archive, Rendered


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
    call this for their batch, so the work is parallel and cached; :func:`emit` makes
    the rest."""
    mentions = archive.mentions_by_doc()
    notes_of = notes_by_document(archive)
    assigned: dict[str, list] = {}
    for assignment in archive.assignments:
        assigned.setdefault(assignment.doc, []).append(assignment)
    result = {}
    for doc in archive.documents if docs is None else docs:
        notes = notes_of.get(doc.id, [])
        known = documents if documents is not None else {doc.id: doc}
        named, assignments = mentions.get(doc.id, []), assigned.get(doc.id, [])
        page = None
        if all(other in known for note in notes for other in note.documents):
            view = document_page.View(doc, named, archive.entities, [archive.topics[a.topic] for a in assignments],
                                      notes, known, urls)
            page = document_page.render(view)
        rows = exports.document_parts(doc, named, [a.topic for a in assignments], len(notes))
        mention_rows = rows.pop("mentions.json")  # kept apart, with the entity pages' parts (see model.Rendered)
        result[doc.id] = Rendered(urls, page, entity_pages.document_parts(doc, named, urls), mention_rows,
                                  listing.item_parts(doc, urls), rows, review_page.removed_section(doc),
                                  topic_pages.why_lines(assignments), review_page.missing_row(doc),
                                  search_index.document_entry(doc, named, archive.entities, urls, full=False))
    return result


def emit(archive: Archive, title: str, description: str = "", site_url: str = "", urls: Urls = Urls(),
         reuse: Reuse | None = None) -> tuple[dict[str, Page], dict[str, bytes]]:
    """Every generated Markdown page (by its path in the site) and every file published as it
    is (the original sources, exports, feeds, redirects). Deterministic.

    The pages made from many documents (entity, topic, author, publication and year pages;
    the exports) come from ``reuse`` when what they are made from is unchanged, and are
    made otherwise. The pages that cover the whole archive (home, timeline, overviews,
    review page, entity index, annotation pages) are joined from the per-document parts
    every time.
    """
    reuse = reuse or Reuse(archive)
    documents = {d.id: d for d in archive.documents}
    # What the per-document stages made, and here what they could not: pages whose notes
    # name other documents, or everything when the archive did not come through them.
    rendered = {doc_id: made for doc_id, made in archive.rendered.items() if made.urls == urls}
    missing = [d for d in archive.documents if d.id not in rendered or rendered[d.id].page is None]
    rendered.update(render_documents(archive, urls, missing, documents))
    listed = {doc_id: one.listed for doc_id, one in rendered.items()}
    with archive.timed("keys"):
        work = Groups(reuse)
        parts = all_parts(archive, {doc_id: made.exports for doc_id, made in rendered.items() if made.exports})
        digests = {doc_id: bytes.fromhex(one["mentions digest"]) for doc_id, one in parts.items()}

        def mention_digests_of(doc_ids) -> bytes:
            """The mention rows' digests of ``doc_ids``, joined: a key part for what is made
            from their mentions alone."""
            return b"".join(map(digests.__getitem__, doc_ids))

        _add_listing_groups(work, archive, urls, listed, {doc_id: one.why for doc_id, one in rendered.items()},
                            mention_digests_of)
        _add_entity_groups(work, archive, urls, documents, rendered, mention_digests_of)
        counts = sorted(annotation_counts(archive).items())
        work.add("exports", {"": reuse.key("exports", reuse.documents_key(d.id for d in archive.documents), title,
                                           site_url, repr(counts))},
                 lambda names: {"": document_exports(archive, title, site_url, parts)})
        # Made from the mentions alone: kept when a document's metadata changes.
        work.add("mention exports", {"": reuse.key("mention exports", mention_digests_of(sorted(parts)))},
                 lambda names: {"": mention_exports(archive, _mention_rows(rendered, sorted(parts)))})
    with archive.timed("overviews"):
        pages = {home_page.PAGE: home_page.render(archive, title, description, urls, listed),
                 topic_pages.INDEX: topic_pages.render_index(archive),
                 entity_pages.INDEX: entity_pages.render_index(archive)}
        pages.update(timeline_page.render(archive, urls, listed, only=set()))
        for taxonomy in taxonomy_pages.TAXONOMIES:
            pages.update(taxonomy_pages.render(archive, taxonomy, urls, listed, only=set()))
    with archive.timed("review and annotation pages"):
        pages[review_page.PAGE] = review_page.render(archive, {doc_id: made.removed for doc_id, made in rendered.items()},
                                                     {doc_id: made.missing for doc_id, made in rendered.items()})
        pages[annotation_pages.INDEX] = annotation_pages.render_index(archive, urls)
        pages[annotation_pages.ORPHANED] = annotation_pages.render_orphaned(archive)
    for doc in archive.documents:
        pages[doc.page] = rendered[doc.id].page
    with archive.timed("data files"):
        files = {doc.source.published_path: doc.source.raw for doc in sorted(archive.documents, key=lambda d: d.id)}
        files.update(redirect_files(archive, urls))
        files[annotation_pages.JSONLD] = annotation_pages.web_annotations(archive, site_url).encode("utf-8")
        files.update(annotation_feed(archive, title, site_url))
    with archive.timed("pages made from many documents (kept or made)"):
        made = work.make()
    pages.update(made["year page"])
    for taxonomy in taxonomy_pages.TAXONOMIES:
        pages.update((taxonomy.term_page(term), page) for term, page in made[f"{taxonomy.key} page"].items())
    pages.update((archive.topics[topic_id].page, page) for topic_id, page in made["topic page"].items())
    pages.update((archive.entities[entity_id].page, page) for entity_id, page in made["entity page"].items())
    files.update(made["exports"][""])
    files.update(made["mention exports"][""])
    return dict(sorted(pages.items())), dict(sorted(files.items()))


def _mention_rows(rendered: dict, doc_ids: list[str]) -> dict[str, str]:
    """Each document's rows of mentions.json, kept apart in the cache: read together."""
    read_apart_together(rendered[doc_id] for doc_id in doc_ids)
    return {doc_id: rendered[doc_id].mention_rows for doc_id in doc_ids}


def _add_listing_groups(work: Groups, archive: Archive, urls: Urls, listed: dict, whys: dict,
                        mention_digests_of: Callable[[list[str]], bytes]) -> None:
    """The year, author, publication and topic pages: each lists its documents. What a topic
    page shows of the mentions (the entities most mentioned) is kept apart, under the
    documents' mentions: a new title remakes the page, but need not count them again."""
    reuse = work.reuse

    def keys(kind: str, documents: dict[str, list[str]]) -> dict[str, str]:
        return {name: reuse.key(kind, name, repr(urls), reuse.documents_key(doc_ids)) for name, doc_ids in documents.items()}

    years = timeline_page.year_pages(archive)
    work.add("year page", keys("year page", years), lambda todo: timeline_page.render(archive, urls, listed, only=set(todo), overview=False))
    for taxonomy in taxonomy_pages.TAXONOMIES:
        terms = {term: [d.id for d in docs] for term, docs in taxonomy_pages.terms(archive, taxonomy).items()}

        def make(todo: list[str], taxonomy=taxonomy) -> dict[str, Page]:
            return {page.front[taxonomy.singular]: page for page in
                    taxonomy_pages.render(archive, taxonomy, urls, listed, only=set(todo), index=False).values()}

        work.add(f"{taxonomy.key} page", keys(f"{taxonomy.key} page", terms), make)
    by_topic = topic_pages.documents_of(archive)
    work.add("topic mentions", {topic_id: reuse.key("topic mentions", topic_id, mention_digests_of(doc_ids))
                                for topic_id, doc_ids in by_topic.items()},
             lambda todo: topic_pages.most_mentioned(archive, todo))
    work.add("topic page", keys("topic page", by_topic),
             lambda todo: topic_pages.render_topics(archive, urls, listed, only=set(todo), whys=whys,
                                                    most=work.done["topic mentions"]))


def _add_entity_groups(work: Groups, archive: Archive, urls: Urls, documents: dict, rendered: dict,
                       mention_digests_of: Callable[[list[str]], bytes]) -> None:
    """The entity pages, and apart from them (kept under the mentions of the documents
    naming the entity) what each shows under "Often mentioned with"."""
    reuse = work.reuse
    naming = archive.documents_naming()
    entity_ids = sorted(archive.entities)
    work.add("entity related", {entity_id: reuse.key("entity related", entity_id, mention_digests_of(naming.get(entity_id, ())))
                                for entity_id in entity_ids},
             lambda todo: entity_pages.often_with(archive, todo, every=len(todo) == len(entity_ids)))
    keys = {entity_id: reuse.key("entity page", repr(urls), entity_id, reuse.documents_key(naming.get(entity_id, ())))
            for entity_id in entity_ids}

    def make(todo: list[str]) -> dict[str, Page]:
        every = len(todo) == len(keys)
        by_entity = archive.mentions_by_entity() if every else entity_pages.mentions_of(archive, todo)
        # Their documents' parts, kept apart in the cache: read together.
        read_apart_together(rendered.values() if every else (rendered[doc_id] for doc_id in
                                                             {d for e in todo for d in naming.get(e, ())}))
        blocks = entity_pages.parts_newest_first(archive, rendered) if every else {}
        rank = archive.newest_first_rank()
        related = work.done["entity related"]
        return {entity_id: entity_pages.render_entity(archive, archive.entities[entity_id], by_entity.get(entity_id, []),
                                                      related[entity_id], documents, rank, urls, rendered,
                                                      blocks.get(entity_id, []) if every else None)
                for entity_id in todo}

    work.add("entity page", keys, make)


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
