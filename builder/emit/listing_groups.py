"""The year, author, publication and topic pages among emit.reuse's groups: each lists its
documents, newest first, in pages of :data:`emit.pager.PAGE_SIZE <builder.emit.pager.PAGE_SIZE>`
(emit.pager): a first page, at the term's or topic's address, and further pages beside it.

Each page is kept under what it is made from: the documents it lists (their keys, in order),
and for a first page what it says of the others (how many; for a topic, their dates, for its
chart, and their mentions, for the entities they mention most; for a term, its spellings). A
further page: its number and how many documents there are in all (its pager). So a corrected
title remakes the one page that lists the document.
"""

from __future__ import annotations

from functools import cache
from typing import Callable, Iterator

from builder.emit import pager, taxonomy_pages, timeline_page, topic_pages
from builder.emit.entity_groups import MORE as ENTITY_MORE
from builder.emit.frontmatter import Page
from builder.emit.chunks import in_chunks_of
from builder.emit.reuse import Groups
from builder.emit.urls import Urls
from builder.model import Archive, Indexes

TOPIC_MORE = "topic more"
FURTHER = (ENTITY_MORE, TOPIC_MORE, *(f"{taxonomy.key} more" for taxonomy in taxonomy_pages.TAXONOMIES))
"""The groups of further pages (by page path; emit.entity_groups's too)."""


def _further(first_of: dict, documents: dict[str, list[str]]) -> dict[str, tuple[str, int, list[str]]]:
    """Page path -> (name, number, its documents) of each further page of each name's list
    (``documents``: name -> its documents' ids, newest first; ``first_of``: name -> first page)."""
    found = {}
    for name, doc_ids in documents.items():
        for number, chunk in enumerate(pager.chunks(doc_ids), start=1):
            if number > 1:
                found[pager.page_path(first_of[name], number)] = (name, number, chunk)
    return found


def add_listing_groups(work: Groups, archive: Archive, index: Indexes, urls: Urls, listed: dict, whys: dict,
                       mention_digests_of: Callable[[list[str]], bytes],
                       dated_digests_of: Callable[[list[str]], bytes], every: str, timed=None) -> None:
    """The year, author, publication and topic pages (first pages by name, further pages by
    path, see :data:`FURTHER`). What a topic page shows of the mentions (the entities most
    mentioned) is kept apart, under the documents' mentions: a new title remakes the page,
    but need not count them again. Each group's keys are kept under every document's key
    (``every``, Reuse.documents_key) and the URL style: what they are made from."""
    reuse = work.reuse
    url_style = repr(urls)
    size = pager.PAGE_SIZE

    def kept(group: str, keys: Callable[[], dict[str, str]]) -> dict[str, str]:
        return reuse.keys_kept(reuse.key(f"{group} keys", url_style, str(size), every), keys)

    def first_keys(kind: str, documents: dict[str, list[str]], more: Callable[[str, list[str]], tuple] = lambda n, d: ()):
        return {name: reuse.key(kind, name, url_style, str(size), str(len(doc_ids)), reuse.documents_key(doc_ids[:size]),
                                *more(name, doc_ids[size:]))
                for name, doc_ids in documents.items()}

    def more_keys(kind: str, further: dict, documents: dict[str, list[str]]) -> dict[str, str]:
        return {path: reuse.key(kind, name, url_style, str(size), str(number), str(len(documents[name])),
                                reuse.documents_key(chunk)) for path, (name, number, chunk) in further.items()}

    def year_keys() -> dict[str, str]:
        return {path: reuse.key("year page", path, url_style, str(size), str(number), str(total),
                                reuse.documents_key(doc_ids), before)
                for path, (_, number, total, doc_ids, before) in timeline_page.year_pages(archive, index).items()}

    work.add("year page", kept("year page", year_keys),
             lambda todo, done: timeline_page.render(archive, index, urls, listed, only=set(todo), overview=False),
             pages=True)
    documents = {doc.id: doc for doc in archive.documents}
    for taxonomy in taxonomy_pages.TAXONOMIES:
        @cache
        def terms(taxonomy=taxonomy) -> dict[str, list[str]]:
            return {term: [d.id for d in docs] for term, docs in taxonomy_pages.terms(archive, index, taxonomy).items()}

        @cache
        def further(taxonomy=taxonomy, terms=terms) -> dict[str, tuple[str, int, list[str]]]:
            return _further({term: taxonomy.term_page(term) for term in terms()}, terms())

        def make(todo: list[str], done, taxonomy=taxonomy) -> dict[str, Page]:
            return {page.front[taxonomy.singular]: page for page in
                    taxonomy_pages.render(archive, index, taxonomy, urls, listed, only=set(todo), overview=False).values()}

        def page_keys(taxonomy=taxonomy, terms=terms) -> dict[str, str]:
            spellings = taxonomy_pages.spellings(archive, index, taxonomy)
            return first_keys(f"{taxonomy.key} page", terms(), lambda name, _: (repr(spellings[name]),))

        work.add(f"{taxonomy.key} page", kept(f"{taxonomy.key} page", page_keys), make, pages=True)

        def make_more(todo: list[str], done, taxonomy=taxonomy, further=further, terms=terms) -> Iterator[dict[str, Page]]:
            return in_chunks_of((path, taxonomy_pages.render_more(taxonomy, further()[path][0], further()[path][1],
                                                                  [documents[d] for d in further()[path][2]],
                                                                  len(terms()[further()[path][0]]), urls, listed))
                                for path in todo)

        work.add(f"{taxonomy.key} more",
                 kept(f"{taxonomy.key} more", lambda taxonomy=taxonomy, further=further, terms=terms:
                      more_keys(f"{taxonomy.key} more", further(), terms())), make_more, pages=True)

    @cache
    def by_topic() -> dict[str, list[str]]:
        return {topic_id: sorted(doc_ids, key=index.newest_first_rank.__getitem__)
                for topic_id, doc_ids in topic_pages.documents_of(archive, index).items()}

    work.add("topic mentions", kept("topic mentions", lambda: {topic_id: reuse.key("topic mentions", topic_id, mention_digests_of(doc_ids))
                                                               for topic_id, doc_ids in by_topic().items()}),
             lambda todo, done: topic_pages.most_mentioned(archive, index, todo))

    def others(topic_id: str, doc_ids: list[str]) -> tuple:
        """What a topic's first page shows of the documents on its other pages."""
        return (dated_digests_of(doc_ids),)

    work.add("topic page", kept("topic page", lambda: first_keys("topic page", by_topic(), others)),
             lambda todo, done: topic_pages.render_topics(archive, index, urls, listed, only=set(todo), whys=whys,
                                                          most=done, timed=timed),
             needs="topic mentions", pages=True)

    @cache
    def further_topics() -> dict[str, tuple[str, int, list[str]]]:
        return _further({topic_id: archive.topics[topic_id].page for topic_id in by_topic()}, by_topic())

    def make_topics(todo: list[str], done) -> Iterator[dict[str, Page]]:
        # (stored a chunk at a time, as they are made: at 100,000 documents, 8,575 further
        # pages of topics made at once held 830 MB more at emit's peak)
        assignments = index.assignments_by_topic
        return in_chunks_of((path, topic_pages.render_more(archive.topics[topic_id], number, [documents[d] for d in chunk],
                                                           len(by_topic()[topic_id]), assignments.get(topic_id, {}), urls,
                                                           listed, whys))
                            for path in todo for topic_id, number, chunk in [further_topics()[path]])

    work.add(TOPIC_MORE, kept(TOPIC_MORE, lambda: more_keys(TOPIC_MORE, further_topics(), by_topic())), make_topics,
             pages=True)
