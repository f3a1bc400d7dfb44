"""Terms with pages: authors and publications, one mechanism for both.

Each taxonomy has an index (every term with its document count) and one page per term
listing its documents newest first. A term that is also a register entity (an author who is
a person of the register, a publication that is one of its organisations) has no page of its
own: the entity's page shows its documents ("Written by", "Published by") beside those that
mention it, the index links there, and the term's address forwards to it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Callable

from builder.emit import markdown as md
from builder.emit import pager, rawhtml
from builder.emit.frontmatter import Page, page
from builder.emit.listing import doc_list
from builder.emit.urls import Urls
from builder.model import Archive, Document, EntityId, Indexes, PagePath
from builder.slugs import RESERVED_IDS, slugify


@dataclass(frozen=True)
class Taxonomy:
    key: str  # folder in the site
    title: str  # index page title
    singular: str
    terms_of: Callable[[Document], tuple[str, ...]]
    entity_types: tuple[str, ...]  # the register's types a term may be (see :func:`term_entities`)
    role: str  # the heading of its documents on a merged entity's page ("Written by")

    @property
    def index(self) -> PagePath:
        return PagePath(f"{self.key}/index.md")

    def slug(self, term: str) -> str:
        """The term's page name: its slug. Where the slug cannot be used (the index's name, or
        no slug at all: a name in another script), a name with an underscore, which no slug
        has, so it never meets another term's page ("Index" is index_author, while "Index
        Author" is index-author)."""
        slug = slugify(term)
        if slug in RESERVED_IDS:
            return f"{slug}_{self.singular}"
        if not slug:  # each such name its own page (spellings differing in case share it)
            return f"{self.singular}_{hashlib.sha256(term.casefold().encode('utf-8')).hexdigest()[:8]}"
        return slug

    def term_page(self, term: str) -> PagePath:
        return PagePath(f"{self.key}/{self.slug(term)}.md")


AUTHORS = Taxonomy("authors", "Authors", "author", lambda d: d.metadata.authors, ("person", "organisation", "other"),
                   "Written by")
PUBLICATIONS = Taxonomy("publications", "Publications", "publication",
                        lambda d: (d.metadata.publication,) if d.metadata.publication else (),
                        ("organisation", "work", "other"), "Published by")
TAXONOMIES = (AUTHORS, PUBLICATIONS)


def _grouped(archive: Archive, index: Indexes, taxonomy: Taxonomy) -> dict[str, tuple[tuple[str, ...], list[Document]]]:
    """Each term's name -> (its spellings, its documents newest first), in alphabetical order.

    Spellings with the same slug ("admin" and "Admin", "Smith, J." and "Smith J") would have
    the same page: they share it. It is named after the spelling most of its documents use
    (on a tie, the first in alphabetical order) and lists the others."""
    def grouped() -> dict[str, tuple[tuple[str, ...], list[Document]]]:
        by_slug: dict[str, tuple[dict[str, int], list[Document]]] = {}
        for doc in index.newest_first:
            for term in dict.fromkeys(taxonomy.terms_of(doc)):
                counts, docs = by_slug.setdefault(taxonomy.slug(term), ({}, []))
                counts[term] = counts.get(term, 0) + 1
                if not docs or docs[-1] is not doc:
                    docs.append(doc)
        result = {}
        for counts, docs in by_slug.values():
            spellings = tuple(sorted(counts, key=lambda term: (-counts[term], term.casefold(), term)))
            result[spellings[0]] = (spellings, docs)
        return dict(sorted(result.items(), key=lambda kv: (kv[0].casefold(), kv[0])))
    return index.get_or_compute(f"terms of {taxonomy.key}", grouped)


def term_entities(entities: dict, taxonomy: Taxonomy) -> dict[str, EntityId]:
    """The register's entities a term of ``taxonomy`` can be, by the term's page name (its
    slug): each entity of one of the taxonomy's types under the slug of its name and of each
    alias. A slug two such entities share is left out (the term stays a page of its own)."""
    found: dict[str, set[EntityId]] = {}
    for entity in entities.values():
        if entity.type in taxonomy.entity_types:
            for form in (entity.name, *entity.aliases):
                found.setdefault(taxonomy.slug(form), set()).add(entity.id)
    return {slug: next(iter(ids)) for slug, ids in sorted(found.items()) if len(ids) == 1}


def term_target(taxonomy: Taxonomy, term: str, entities: dict) -> PagePath:
    """Where a link to ``term`` goes: the page of the entity it is, or its own page. (Made from
    the register and the term alone, so a document's page can link there itself.)"""
    kept = _TARGETS.get(taxonomy.key)
    if kept is None or kept[0] is not entities:  # a register not met before
        kept = _TARGETS[taxonomy.key] = (entities, term_entities(entities, taxonomy))
    entity_id = kept[1].get(taxonomy.slug(term))
    return entities[entity_id].page if entity_id else taxonomy.term_page(term)


_TARGETS: dict[str, tuple[dict, dict[str, EntityId]]] = {}
"""Each taxonomy's last register and :func:`term_entities` of it: every document's page
asks with the same register."""


def merged(archive: Archive, index: Indexes, taxonomy: Taxonomy) -> dict[str, EntityId]:
    """The terms of ``taxonomy`` that are register entities (see :func:`term_entities`), and
    which."""
    def compute() -> dict[str, EntityId]:
        by_slug = term_entities(archive.entities, taxonomy)
        return {term: by_slug[taxonomy.slug(term)] for term in _grouped(archive, index, taxonomy)
                if taxonomy.slug(term) in by_slug}
    return index.get_or_compute(f"merged {taxonomy.key}", compute)


def _terms_by_entity(archive: Archive, index: Indexes, taxonomy: Taxonomy) -> dict[EntityId, list[str]]:
    """The terms of ``taxonomy`` each entity is (its name and an alias may both be used), in
    alphabetical order."""
    found: dict[EntityId, list[str]] = {}
    for term, entity_id in merged(archive, index, taxonomy).items():
        found.setdefault(entity_id, []).append(term)
    return found


def roles(archive: Archive, index: Indexes) -> dict[EntityId, dict[Taxonomy, list[Document]]]:
    """The documents each entity that is an author or a publication wrote or published (by
    taxonomy, newest first, each once: under all the terms it is). Shared between calls: do
    not change them."""
    def compute() -> dict[EntityId, dict[Taxonomy, list[Document]]]:
        rank = index.newest_first_rank
        found: dict[EntityId, dict[Taxonomy, list[Document]]] = {}
        for taxonomy in TAXONOMIES:
            grouped = _grouped(archive, index, taxonomy)
            for entity_id, names in _terms_by_entity(archive, index, taxonomy).items():
                docs = {doc.id: doc for term in names for doc in grouped[term][1]}
                found.setdefault(entity_id, {})[taxonomy] = sorted(docs.values(), key=lambda d: rank[d.id])
        return dict(sorted(found.items()))
    return index.get_or_compute("taxonomy roles", compute)


def role_phrases(written: dict[Taxonomy, list[Document]]) -> list[str]:
    """What an entity is as an author or publication: ["Author of 3 documents", ...]."""
    return [f"{'Author' if taxonomy is AUTHORS else 'Publisher'} of {_documents(len(docs))}"
            for taxonomy, docs in written.items()]


def moved_pages(archive: Archive, index: Indexes) -> list[tuple[PagePath, PagePath]]:
    """(term page, entity page) of every term that is an entity: its address forwards there."""
    return [(taxonomy.term_page(term), archive.entities[entity_id].page) for taxonomy in TAXONOMIES
            for term, entity_id in merged(archive, index, taxonomy).items()]


def terms(archive: Archive, index: Indexes, taxonomy: Taxonomy) -> dict[str, list[Document]]:
    """Each term of ``taxonomy`` that has a page of its own (in alphabetical order) and its
    documents, newest first (shared between calls: do not change them). Spellings sharing a
    page are one term; terms that are entities are on their pages."""
    entities = merged(archive, index, taxonomy)
    return {term: docs for term, (_, docs) in _grouped(archive, index, taxonomy).items() if term not in entities}


def spellings(archive: Archive, index: Indexes, taxonomy: Taxonomy) -> dict[str, tuple[str, ...]]:
    """Each term's spellings (see :func:`_grouped`): the first is its name."""
    return {term: names for term, (names, _) in _grouped(archive, index, taxonomy).items()}


def _documents(count: int) -> str:
    return f"{count} document{'s' if count != 1 else ''}"


def _without(taxonomy: Taxonomy) -> PagePath:
    """Where the further pages of the documents without a term are (``authors/without_author/2.md``
    ...: no term's slug has an underscore, see :meth:`Taxonomy.slug`)."""
    return PagePath(f"{taxonomy.key}/without_{taxonomy.singular}.md")


MORE_OF = {AUTHORS.key: "More of the documents by", PUBLICATIONS.key: "More of the documents published by"}
"""What a further page of a term's documents lists, before the term's name (see :func:`render_more`)."""


def render_more(taxonomy: Taxonomy, term: str, number: int, docs: list[Document], total: int, urls: Urls = Urls(),
                listed: dict | None = None) -> Page:
    """Page ``number`` (from 2) of the ``total`` documents of ``term``: ``docs``, newest first
    (emit.pager), under a short header linking the term's first page."""
    first = taxonomy.term_page(term)
    this = pager.page_path(first, number)
    body = [f"# {md.heading(term)}", pager.intro(first, number, term, MORE_OF[taxonomy.key], urls),
            *pager.between(first, number, total, doc_list(docs, this, urls, parts=listed), urls)]
    count = pager.page_count(total)
    return page({"title": f"{term} (page {number:,} of {count:,})", taxonomy.singular: term, "page": number},
                "\n\n".join(body))


def render(archive: Archive, index: Indexes, taxonomy: Taxonomy, urls: Urls = Urls(), listed: dict | None = None,
           only: set[str] | None = None, overview: bool = True) -> dict[str, Page]:
    """The index (unless ``overview`` is false) and every term page (or those of the terms in
    ``only``) of one taxonomy, by page path. ``listed``: document id -> listing.item_parts,
    where already made."""
    grouped = _grouped(archive, index, taxonomy)
    found = {term: docs for term, (_, docs) in grouped.items()}
    entities = merged(archive, index, taxonomy)
    pages: dict[str, Page] = {}
    for term, (spellings, docs) in grouped.items():
        if (only is not None and term not in only) or term in entities:
            continue
        target = taxonomy.term_page(term)
        body = [f"# {md.heading(term)}", f"{_documents(len(docs))} in the archive, newest first.",
                *pager.between(target, 1, len(docs), doc_list(docs[:pager.PAGE_SIZE], target, urls, parts=listed), urls)]
        if len(spellings) > 1:
            body.insert(1, "Also written: " + ", ".join(md.inline(other).strip() for other in spellings[1:]) + ".")
        pages[target] = page({"title": term, taxonomy.singular: term}, "\n\n".join(body))
    if not overview:
        return pages
    # The lists are HTML handed past Markdown (emit.rawhtml): on a large archive the documents
    # without a term are thousands of links.
    entries = [(term, f"<li>{rawhtml.link(term, taxonomy.index, taxonomy.term_page(term), urls)} — {_documents(len(docs))}</li>")
               for term, docs in found.items() if term not in entities]
    written = roles(archive, index)
    for entity_id, names in _terms_by_entity(archive, index, taxonomy).items():  # one entry for all its terms
        names = sorted(names, key=lambda term: (-len(found[term]), term.casefold(), term))  # the most used first
        others = f" (also written {', '.join(rawhtml.text(term) for term in names[1:])})" if len(names) > 1 else ""
        entries.append((names[0], f"<li>{rawhtml.link(names[0], taxonomy.index, archive.entities[entity_id].page, urls)}"
                                  f" — {_documents(len(written[entity_id][taxonomy]))}{others}</li>"))
    items = [item for _, item in sorted(entries, key=lambda entry: (entry[0].casefold(), entry[0]))]
    missing = [d for d in archive.documents if not taxonomy.terms_of(d)]
    body = [f"# {taxonomy.title}", rawhtml.block("terms", "<ul>\n" + "\n".join(items) + "\n</ul>") if items
            else f"No document names its {taxonomy.singular} yet."]
    missing.sort(key=lambda d: d.id)
    for number, chunk in enumerate(pager.chunks(missing) if missing else [], start=1):
        this = pager.page_path(taxonomy.index, number, _without(taxonomy))
        links = ", ".join(rawhtml.link(d.display_title, this, d.page, urls) for d in chunk)
        listed_here = pager.between(taxonomy.index, number, len(missing), rawhtml.block(
            "without-term", f"<p>{_documents(len(missing))} without a known {taxonomy.singular}: {links}</p>"), urls,
            _without(taxonomy), f"the documents without a known {taxonomy.singular}", "by file name")
        if number == 1:
            body += listed_here
        else:
            intro = (f"<p>More of the documents without a known {taxonomy.singular}. "
                     f"{rawhtml.link(taxonomy.title, this, taxonomy.index, urls)} has the others, and the first of these.</p>")
            pages[this] = page({"title": f"{taxonomy.title}: without a known {taxonomy.singular} (page {number:,} of "
                                         f"{pager.page_count(len(missing)):,})"},
                               "\n\n".join([f"# {taxonomy.title}", rawhtml.block("pager-intro", intro), *listed_here]))
    pages[taxonomy.index] = page({"title": taxonomy.title, "hide": ["toc"]}, "\n\n".join(body))
    return pages
