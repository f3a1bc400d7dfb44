"""The pages and files that cover the whole archive, among emit.reuse's groups: the overviews
(the home page, the indexes of topics and entities, the first pages of the timeline and of the
authors and publications, the map), the editors' page with its long lists, and the annotation
pages and files.

Each is made from every document, so each is kept under one key over all of them: every
document's text key in the archive's order (its source, sidecar and defaults; with the
register, the topics and the builder's code, which every key covers: see Reuse.key), and what
else it shows. The overviews show nothing else; the editors' page also every problem found in
the content (the diagnostics); the annotation pages and files show the annotations and the
titles and addresses of their documents. So editing an annotation makes the overviews and the
editors' page again only if it changed a problem found; editing a source or a sidecar makes the
annotation pages again only if that document has notes.
"""

from __future__ import annotations

from builder.emit import annotation_pages, entity_pages, home_page, place_map, review_page, taxonomy_pages, timeline_page, topic_pages
from builder.emit.exports import annotation_feed
from builder.emit.frontmatter import Page
from builder.emit.reuse import Groups
from builder.emit.urls import Urls
from builder.model import Archive, Indexes

OVERVIEWS, REVIEW, NOTE_PAGES, NOTE_FILES = "overview pages", "review pages", "annotation pages", "annotation files"
"""The groups (each of one value, named ""): pages by path, or files by path."""


def add_groups(work: Groups, archive: Archive, index: Indexes, urls: Urls, outputs: dict, texts: str, site_title: str,
               site_description: str, site_url: str, directory_urls: bool, timed) -> None:
    """The groups :data:`OVERVIEWS`, :data:`REVIEW`, :data:`NOTE_PAGES` and :data:`NOTE_FILES`
    (``outputs``: what emit.per_document made of each document; ``texts``: every document's
    key, in the archive's order, Reuse.documents_key; ``timed(name)``: a block timed apart,
    when made: the timeline's chart and the map)."""
    reuse = work.reuse
    listed = {doc_id: one.listed for doc_id, one in outputs.items()}

    def overviews(names, done) -> dict[str, dict[str, Page]]:
        with timed("charts (timeline)"):
            chart = timeline_page.chart(index, urls)
        made = {home_page.PAGE: home_page.render(archive, index, site_title, site_description, urls, listed),
                topic_pages.INDEX: topic_pages.render_index(archive),
                entity_pages.INDEX: entity_pages.render_index(archive, index, urls)}
        made.update(timeline_page.render(archive, index, urls, listed, only=set(), drawn=chart))
        for taxonomy in taxonomy_pages.TAXONOMIES:
            made.update(taxonomy_pages.render(archive, index, taxonomy, urls, listed, only=set()))
        with timed("map"):
            made.update(place_map.pages(archive, index, urls))
        return {"": made}

    work.add(OVERVIEWS, {"": reuse.key(OVERVIEWS, repr(urls), site_title, site_description, place_map.basemap_key(archive),
                                       texts)}, overviews)
    work.add(REVIEW, {"": reuse.key(REVIEW, repr(urls), texts, repr(archive.diagnostics))},
             lambda names, done: {"": review_page.render_pages(archive, urls, {d: one.removed for d, one in outputs.items()},
                                                               {d: one.missing for d, one in outputs.items()},
                                                               taxonomy_pages.roles(archive, index),
                                                               {d: one.structure for d, one in outputs.items()})})
    documents = {doc.id for doc in archive.documents}
    noted = reuse.documents_key(sorted({a.doc for a in archive.annotations} & documents))
    notes = repr(archive.annotations)

    def note_pages(names, done) -> dict[str, dict[str, Page]]:
        made = annotation_pages.render_index_pages(archive, urls)
        made[annotation_pages.ORPHANED] = annotation_pages.render_orphaned(archive)
        return {"": made}

    def note_files(names, done) -> dict[str, dict[str, bytes]]:
        made = {annotation_pages.JSONLD: annotation_pages.web_annotations(archive, site_url, directory_urls).encode("utf-8")}
        made.update(annotation_feed(archive, site_title, site_url, directory_urls))
        return {"": made}

    work.add(NOTE_PAGES, {"": reuse.key(NOTE_PAGES, repr(urls), notes, noted)}, note_pages)
    work.add(NOTE_FILES, {"": reuse.key(NOTE_FILES, site_title, site_url, repr(directory_urls), notes, noted)}, note_files)
