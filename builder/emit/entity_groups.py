"""The entity pages among emit.reuse's groups: each entity's first page (emit.entity_pages),
and the further pages of the documents that mention it, when they are more than
:data:`emit.pager.PAGE_SIZE <builder.emit.pager.PAGE_SIZE>` (emit.pager).

Each page is kept under what it is made from. A further page: the documents it lists (their
keys, in order), its number and how many documents there are in all (its pager). The first
page: the documents it lists, the order and dates of all the others (its chart and its
pager), their mentions (what it says of them, its connections), and as before the documents
the entity wrote or published and the notes naming it. So a corrected title remakes the one
page that lists the document; a new document remakes the pages whose documents move.
"""

from __future__ import annotations

from functools import cache
from typing import Iterator

from builder.emit import pager
from builder.emit.entity_pages import Context, notes_naming, render_entity, render_more, render_role_more, role_base, topics_naming
from builder.emit.entity_parts import swept
from builder.emit.entity_related import mentions_of, often_with
from builder.emit.frontmatter import Page
from builder.emit.place_map import basemap_key
from builder.emit.chunks import in_chunks_of
from builder.emit.taxonomy_pages import Taxonomy
from builder.emit.taxonomy_pages import roles as taxonomy_roles
from builder.emit.urls import Urls
from builder.markup import first_sentence
from builder.model import Archive, Indexes

MORE = "entity more"
"""The group of the further pages (by page path)."""


def add_groups(work, archive: Archive, index: Indexes, urls: Urls, documents: dict, parts_of, listed: dict,
               mention_digests_of, dated_digests_of, every: str) -> None:
    """The entity pages among emit.reuse's groups (``work``, a reuse.Groups): "entity page"
    (by entity id) and :data:`MORE` (by page path), and apart from them (kept under the
    mentions of the documents naming the entity) what each shows under "Often mentioned
    with". An edit to one document remakes pages of the entities it names, writes or
    publishes, no other: those that list it, and their first pages where it moves others.
    Each group's keys are kept under every document's key (``every``, Reuse.documents_key),
    the URL style and, for the first pages, the notes naming an entity: what they are made from."""
    reuse = work.reuse
    entity_ids = sorted(archive.entities)
    url_style = repr(urls) + basemap_key(archive)  # a place's locator map: the outlines found
    notes = notes_naming(archive, documents)
    size = pager.PAGE_SIZE

    @cache
    def ordered() -> dict[str, list[str]]:
        """Each entity's documents, newest first."""
        naming, rank = index.documents_naming, index.newest_first_rank
        return {entity_id: sorted(naming.get(entity_id, ()), key=rank.__getitem__) for entity_id in entity_ids}

    def related_keys() -> dict[str, str]:
        naming = index.documents_naming
        return {entity_id: reuse.key("entity related", entity_id, mention_digests_of(naming.get(entity_id, ())))
                for entity_id in entity_ids}

    work.add("entity related", reuse.keys_kept(reuse.key("entity related keys", every), related_keys),
             lambda todo, done: often_with(archive, index, todo, every=len(todo) == len(entity_ids)))

    def key(entity_id: str) -> str:
        written = taxonomy_roles(archive, index).get(entity_id, {})
        noted = notes.get(entity_id, ())
        docs = ordered()[entity_id]
        others = docs[size:]  # listed on further pages: the first page shows their order, dates and mentions
        return reuse.key("entity page", url_style, str(size), entity_id, reuse.documents_key(docs[:size]),
                         dated_digests_of(others),
                         *(f"{taxonomy.key} {len(docs)} {reuse.documents_key(d.id for d in docs[:size])}"
                           for taxonomy, docs in written.items()),
                         repr([(a.id, a.doc, a.number, a.kind, first_sentence(a.body)) for a in noted]),
                         reuse.documents_key(a.doc for a in noted))

    noted = repr([(entity_id, [(a.id, a.doc, a.number, a.kind, a.body) for a in found]) for entity_id, found in sorted(notes.items())])
    keys = reuse.keys_kept(reuse.key("entity page keys", url_style, str(size), every, noted),
                           lambda: {entity_id: key(entity_id) for entity_id in entity_ids})

    def make(todo: list[str], related) -> Iterator[dict[str, Page]]:
        """The pages of ``todo``, each made once the parts of the documents it lists are read
        (entity_parts.swept: each document's read once, newest first, a few thousand at a
        time), given a chunk at a time to be stored: neither the parts of every document nor
        every page made is in memory at once (all of them were: 4.5 GB at 30,000 documents)."""
        # (every entity's mentions at once when many are made: half of them, by a forked copy, say)
        by_entity = index.mentions_by_entity if 4 * len(todo) >= len(keys) else mentions_of(archive, index, todo)
        context = Context(archive, documents, index.newest_first_rank, urls, listed, taxonomy_roles(archive, index),
                          notes, topics_naming(archive))
        yield from in_chunks_of((entity_id, render_entity(context, archive.entities[entity_id], by_entity.get(entity_id, []),
                                                          related[entity_id], blocks))
                                for entity_id, blocks in swept({e: (e, ordered()[e][:size]) for e in todo},
                                                               index.newest_first_rank, parts_of))

    # (what making a first page costs grows with the documents naming the entity: its chart
    # and what it says of them all; the pages it lists are at most a page's size)
    naming = index.documents_naming
    work.add("entity page", keys, make, needs="entity related", apart=lambda e: size + len(naming.get(e, ())),
             pages=True)

    @cache
    def further() -> tuple[dict[str, tuple[str, int, list[str], Taxonomy | None]], dict[tuple[str, str], int]]:
        """The further pages: page path -> (entity id, number, its documents, the taxonomy of
        the documents it wrote or published, or None for those that mention it); and how many
        documents each list has, by (entity id, taxonomy key or "")."""
        roles = taxonomy_roles(archive, index)
        pages: dict[str, tuple[str, int, list[str], Taxonomy | None]] = {}
        totals: dict[tuple[str, str], int] = {}
        for entity_id in entity_ids:
            entity = archive.entities[entity_id]
            lists = [(None, ordered()[entity_id], None),
                     *((taxonomy, [d.id for d in docs], role_base(entity, taxonomy)) for taxonomy, docs in roles.get(entity_id, {}).items())]
            for taxonomy, docs, base in lists:
                totals[(entity_id, taxonomy.key if taxonomy else "")] = len(docs)
                for number, chunk in enumerate(pager.chunks(docs), start=1):
                    if number > 1:
                        pages[pager.page_path(entity.page, number, base)] = (entity_id, number, chunk, taxonomy)
        return pages, totals

    def more_keys() -> dict[str, str]:
        pages, totals = further()
        return {path: reuse.key(MORE, repr(urls), str(size), entity_id, taxonomy.key if taxonomy else "", str(number),
                                str(totals[(entity_id, taxonomy.key if taxonomy else "")]), reuse.documents_key(chunk))
                for path, (entity_id, number, chunk, taxonomy) in pages.items()}

    def make_more(todo: list[str], done) -> Iterator[dict[str, Page]]:
        """The further pages of ``todo``, each made once the parts of the documents it lists
        are read, given a chunk at a time to be stored (as :func:`make`)."""
        pages, totals = further()

        def made():
            for path in todo:  # the documents an entity wrote or published: from the model
                entity_id, number, chunk, taxonomy = pages[path]
                if taxonomy is not None:
                    yield path, render_role_more(archive.entities[entity_id], taxonomy, number, [documents[d] for d in chunk],
                                                 totals[(entity_id, taxonomy.key)], urls, listed)
            mentioning = {path: pages[path][::2] for path in todo if pages[path][3] is None}
            for path, blocks in swept(mentioning, index.newest_first_rank, parts_of):
                entity_id, number, _, _ = pages[path]
                yield path, render_more(archive.entities[entity_id], number, totals[(entity_id, "")], blocks, urls)

        yield from in_chunks_of(made())

    work.add(MORE, reuse.keys_kept(reuse.key("entity more keys", repr(urls), str(size), every), more_keys), make_more,
             apart=lambda path: 1, pages=True)
