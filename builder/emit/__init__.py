"""Emitters: turn the finished model into site pages (Markdown with front matter) and files.

:mod:`builder.emit.per_document` makes what can be made of one document alone (the
pipeline runs it beside the document's stages); :func:`emit` joins those parts into the
pages and files made from many documents, keeping what it can from the last build (see
:mod:`builder.emit.reuse`).
"""

from __future__ import annotations

import hashlib
import html
import posixpath
from dataclasses import dataclass
from functools import partial
from typing import Callable

from builder.emit import (archive_groups, connections_page, document_foot, entity_cards, entity_groups, listing_groups,
                          originals, taxonomy_pages)
from builder.emit.exports import all_parts, annotation_counts, document_exports, mention_exports
from builder.emit.frontmatter import Page
from builder.emit.graph_layout import force_directed
from builder.emit.entity_parts import READ_AT_ONCE
from builder.emit.per_document import DocumentOutput, document_parts, make_documents
from builder.emit.reuse import Deferred, Groups, Reuse, packed_files
from builder.emit.urls import Urls, relative_path
from builder.model import Archive, Document, Indexes, SourceFile
from builder.keptvalues import Kept
from builder.timings import Timings


@dataclass(frozen=True)
class Site:
    """What the site says of itself (mkdocs.yml's site_name, site_description, site_url), and
    how the hosted site addresses its pages (use_directory_urls: documents/x/ or documents/x.html),
    which a citation names, also in the offline bundle."""

    title: str
    description: str = ""
    url: str = ""
    directory_urls: bool = True


def emit(archive: Archive, index: Indexes, site: Site, urls: Urls = Urls(), outputs: dict[str, DocumentOutput] | None = None,
         parts: Kept | None = None, reuse: Reuse | None = None, timings: Timings | None = None,
         read: Callable[[SourceFile], bytes] | None = None,
         with_text: Callable[[list[Document]], list[Document]] | None = None) -> tuple[dict[str, Page], dict[str, bytes | Deferred]]:
    """Every generated Markdown page (by its path in the site) and every file published as it
    is (the original sources, exports, feeds, redirects). Deterministic.

    ``outputs`` and ``parts`` are what :mod:`builder.emit.per_document` made of each
    document alone (the pipeline had them made beside the document's stages); whatever is
    missing from them is made here. The pages made from many documents (entity, topic,
    author, publication and year pages; the exports) come from ``reuse`` when what they are
    made from is unchanged, and are made otherwise; so are the pages that cover the whole
    archive (home, timeline, overviews, review page, entity index, annotation pages), each
    under every document's key (emit.archive_groups).

    ``read`` gives the bytes of a source the build did not read (builder.model.SourceFile:
    unchanged since the last build); its file is published as made by it when written.
    ``with_text`` gives documents whole where what is made of one alone is made here (a
    build with a store keeps their paragraphs apart: builder.pipeline.texts).
    """
    reuse = reuse or Reuse(None)
    timings = timings or Timings()
    with_text = with_text or list
    timed = partial(timings.timed, timings.emit)
    documents = {d.id: d for d in archive.documents}
    by_doc = index.mentions_by_doc
    # What the per-document work made, and here what it could not: pages whose notes name
    # other documents, or everything when the archive did not come through it.
    outputs = dict(outputs or {})
    missing = [d for d in archive.documents if d.id not in outputs or outputs[d.id].page is None]
    made_here = make_documents(with_text(missing), by_doc, archive.assignments, archive.annotations, archive.entities,
                               archive.topics, urls, documents)
    outputs.update((doc_id, output) for doc_id, (output, _) in made_here.items())
    parts = parts or Kept(None, {}, {})

    def parts_of(doc_ids) -> dict:
        """The documents' parts of entity pages and rows of mentions.json, read from the result
        store when needed and not kept: the pages that need them are made a chunk at a time
        (emit.entity_parts.swept), so that the parts of every document are never in memory at once."""
        return parts.get_or_compute(doc_ids, lambda missing: {
            **{d: made_here[d][1] for d in missing if d in made_here},
            **{doc.id: document_parts(doc, by_doc.get(doc.id, []), urls)
               for doc in with_text([documents[d] for d in missing if d not in made_here])}})

    def mention_rows(doc_ids: list[str]) -> dict[str, str]:
        """The rows of mentions.json of ``doc_ids``, their parts read a few thousand at a time."""
        return {doc_id: one.mention_rows for start in range(0, len(doc_ids), READ_AT_ONCE)
                for doc_id, one in parts_of(doc_ids[start:start + READ_AT_ONCE]).items()}

    listed = {doc_id: one.listed for doc_id, one in outputs.items()}
    with timed("keys"):
        work = Groups(reuse)
        every = reuse.documents_key(d.id for d in archive.documents)  # every document's key, in the archive's order
        rows = all_parts(archive, index, {doc_id: made.exports for doc_id, made in outputs.items() if made.exports})
        digests = {doc_id: bytes.fromhex(one["mentions digest"]) for doc_id, one in rows.items()}

        def mention_digests_of(doc_ids) -> bytes:
            """The mention rows' digests of ``doc_ids``, joined: a key part for what is made
            from their mentions alone."""
            return b"".join(map(digests.__getitem__, doc_ids))

        dated: dict[str, bytes] = {}

        def dated_digests_of(doc_ids) -> bytes:
            """For each of ``doc_ids``, a digest of its id, date and mention rows, joined: a key
            part for a first page, which shows the order, dates and mentions of the documents on
            the pages after it. (Made once for every document: an entity's first page keyed by a
            line of text for each of those took 3 s of every build at 30,000 documents.)"""
            if not dated:
                dated.update((doc.id, hashlib.sha256(f"{doc.id} {doc.metadata.date}".encode() + digests[doc.id]).digest())
                             for doc in archive.documents)
            return b"".join(map(dated.__getitem__, doc_ids))

        listing_groups.add_listing_groups(work, archive, index, urls, listed, {doc_id: one.why for doc_id, one in outputs.items()},
                            mention_digests_of, dated_digests_of, every, timed)
        entity_groups.add_groups(work, archive, index, urls, documents, parts_of, listed, mention_digests_of,
                                 dated_digests_of, every)
        entity_cards.add_group(work, archive, index, every)
        _add_document_feet(work, archive, index, site, urls, every)
        counts = sorted(annotation_counts(archive).items())
        work.add("exports", {"": reuse.key("exports", every, site.title,
                                           site.url, repr(site.directory_urls), repr(counts))},
                 lambda names, done: {"": packed_files(document_exports(archive, index, site.title, site.url, rows,
                                                                        site.directory_urls))})
        # Made from the mentions alone: kept when a document's metadata changes.
        work.add("mention exports", {"": reuse.key("mention exports", repr(site.directory_urls), mention_digests_of(sorted(rows)))},
                 lambda names, done: {"": packed_files(mention_exports(archive, index, mention_rows(sorted(rows)),
                                                                       site.directory_urls))})
        # The pages and files that cover the whole archive: kept under every document's key.
        archive_groups.add_groups(work, archive, index, urls, outputs, every, site.title, site.description, site.url,
                                  site.directory_urls, timed)
    with timed("data files"):
        files = {doc.source.published_path: doc.source.raw if doc.source.raw is not None
                 else Deferred(doc.source.digest, partial(read, doc.source))  # (the key of its bytes: bridge.rendered.file_key)
                 for doc in sorted(archive.documents, key=lambda d: d.id)}
        files.update(originals.files(archive.documents, urls, site.title, reuse, read))
        files.update(redirect_files(archive, urls, taxonomy_pages.moved_pages(archive, index)))
    with timed("pages made from many documents (kept or made)"):
        made = work.make()
    pages = dict(made[archive_groups.OVERVIEWS][""])
    pages.update(made[archive_groups.REVIEW][""])
    pages.update(made[archive_groups.NOTE_PAGES][""])
    files.update(made[archive_groups.NOTE_FILES][""])
    with timed("connections graph"):
        # Made from the mentions alone: kept while they are unchanged. Its layout, most of the
        # work, is kept under the nodes and edges it places: an edit that moves mentions to
        # other paragraphs, or names an entity seldom named, seldom changes them.
        graph = Groups(reuse)
        reuse.keeping(LAYOUT)  # (kept while the page is: the next edit that remakes the page may find it)
        graph.add("connections page", {"": reuse.key("connections page", repr(urls), mention_digests_of(sorted(rows)))},
                  lambda names, done: {"": connections_page.render(archive, index, urls, partial(_kept_layout, reuse))})
        pages[connections_page.PAGE] = graph.make()["connections page"][""]
    pages.update(made["year page"])
    for taxonomy in taxonomy_pages.TAXONOMIES:
        pages.update((taxonomy.term_page(term), page) for term, page in made[f"{taxonomy.key} page"].items())
    pages.update((archive.topics[topic_id].page, page) for topic_id, page in made["topic page"].items())
    pages.update((archive.entities[entity_id].page, page) for entity_id, page in made["entity page"].items())
    for group in listing_groups.FURTHER:  # the further pages of long lists (emit.pager), by path
        pages.update(made[group])
    feet = made["document foot"]
    for doc in archive.documents:
        pages[doc.page] = document_foot.footed(outputs[doc.id].page, feet[doc.id])
    files.update(entity_cards.card_files(made["entity card"]))
    files.update(made["exports"][""])
    files.update(made["mention exports"][""])
    return dict(sorted(pages.items())), dict(sorted(files.items()))


LAYOUT = "connections layout"
"""The connections graph's last layout (Reuse.last), with what it was made from."""


def _kept_layout(reuse: Reuse, nodes: list[str], edges: list[tuple[str, str, int]], *box: int) -> dict:
    """graph_layout.force_directed's places of ``nodes``: the last build's, if made from the same."""
    return reuse.last(LAYOUT, reuse.key(LAYOUT, repr((nodes, edges, box))), lambda: force_directed(nodes, edges, *box))


def _add_document_feet(work: Groups, archive: Archive, index: Indexes, site: Site, urls: Urls, every: str) -> None:
    """The foot of every document's page (its citation and its neighbours by date, see
    emit.document_foot), kept under the document's inputs, its neighbours' and the site's; their
    keys under every document's (``every``: what the neighbours are found from)."""
    reuse = work.reuse
    around = document_foot.neighbours(index.newest_first)
    documents = {doc.id: doc for doc in archive.documents}
    style = repr(urls)

    def keys() -> dict[str, str]:
        found = {}
        for doc in archive.documents:
            before, after = around.get(doc.id, (None, None))
            ids = [other.id for other in (before, doc, after) if other is not None]
            places = " ".join(other.id if other is not None else "-" for other in (before, doc, after))  # which is which
            found[doc.id] = reuse.key("document foot", style, site.title, site.url, repr(site.directory_urls), places,
                                      reuse.documents_key(ids))
        return found

    whole = reuse.key("document foot keys", style, site.title, site.url, repr(site.directory_urls), every)
    work.add("document foot", reuse.keys_kept(whole, keys),
             lambda todo, done: {doc_id: document_foot.packed(foot) for doc_id, foot in document_foot.feet(
                 [documents[d] for d in todo], around, site.title, site.url, urls, site.directory_urls).items()},
             apart=lambda doc_id: 1)


REDIRECT_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Moved</title>
<meta http-equiv="refresh" content="0; url={href}">
<link rel="canonical" href="{href}">
<meta name="robots" content="noindex">
<link rel="icon" href="{icon}">
</head>
<body><p>This page has moved: <a href="{href}">{href}</a>.</p></body>
</html>
"""


def redirect_files(archive: Archive, urls: Urls, moved: list[tuple[str, str]] = ()) -> dict[str, bytes]:
    """A page at each old URL that sends readers on to the renamed item, and at each of
    ``moved`` (old page, new page): the page of an author or publication that is an entity."""
    files = {}
    pairs = [(r.old_page, r.new_page) for r in sorted(archive.redirects, key=lambda r: (r.kind, r.old))]
    for old_page, new_page in [*pairs, *moved]:
        path = urls.page_url(old_page)
        path = path + "index.html" if path.endswith("/") else path
        href = html.escape(urls.href(old_page, new_page))
        icon = html.escape(relative_path(originals.ICON, posixpath.dirname(path)))  # no request for /favicon.ico
        files[path] = REDIRECT_PAGE.format(href=href, icon=icon).encode("utf-8")
    return files
