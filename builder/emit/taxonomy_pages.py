"""Terms with pages: authors and publications, one mechanism for both.

Each taxonomy has an index (every term with its document count) and one page per term
listing its documents newest first.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Callable

from builder.emit import markdown as md
from builder.emit import rawhtml
from builder.emit.frontmatter import Page, page
from builder.emit.listing import doc_list
from builder.emit.urls import Urls
from builder.model import Archive, Indexes, Document, PagePath
from builder.slugs import RESERVED_IDS, slugify


@dataclass(frozen=True)
class Taxonomy:
    key: str  # folder in the site
    title: str  # index page title
    singular: str
    terms_of: Callable[[Document], tuple[str, ...]]

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


AUTHORS = Taxonomy("authors", "Authors", "author", lambda d: d.metadata.authors)
PUBLICATIONS = Taxonomy("publications", "Publications", "publication",
                        lambda d: (d.metadata.publication,) if d.metadata.publication else ())
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


def terms(archive: Archive, index: Indexes, taxonomy: Taxonomy) -> dict[str, list[Document]]:
    """Each term of ``taxonomy`` (in alphabetical order) and its documents, newest first
    (shared between calls: do not change them). Spellings sharing a page are one term."""
    return {term: docs for term, (_, docs) in _grouped(archive, index, taxonomy).items()}


def _documents(count: int) -> str:
    return f"{count} document{'s' if count != 1 else ''}"


def render(archive: Archive, index: Indexes, taxonomy: Taxonomy, urls: Urls = Urls(), listed: dict | None = None,
           only: set[str] | None = None, overview: bool = True) -> dict[str, Page]:
    """The index (unless ``overview`` is false) and every term page (or those of the terms in
    ``only``) of one taxonomy, by page path. ``listed``: document id -> listing.item_parts,
    where already made."""
    grouped = _grouped(archive, index, taxonomy)
    found = {term: docs for term, (_, docs) in grouped.items()}
    pages: dict[str, Page] = {}
    for term, (spellings, docs) in grouped.items():
        if only is not None and term not in only:
            continue
        target = taxonomy.term_page(term)
        body = [f"# {md.heading(term)}", f"{_documents(len(docs))} in the archive, newest first.",
                doc_list(docs, target, urls, parts=listed)]
        if len(spellings) > 1:
            body.insert(1, "Also written: " + ", ".join(md.inline(other).strip() for other in spellings[1:]) + ".")
        pages[target] = page({"title": term, taxonomy.singular: term}, "\n\n".join(body))
    if not overview:
        return pages
    # The lists are HTML handed past Markdown (emit.rawhtml): on a large archive the documents
    # without a term are thousands of links.
    items = [f"<li>{rawhtml.link(term, taxonomy.index, taxonomy.term_page(term), urls)} — {_documents(len(docs))}</li>"
             for term, docs in found.items()]
    missing = [d for d in archive.documents if not taxonomy.terms_of(d)]
    body = [f"# {taxonomy.title}", rawhtml.block("terms", "<ul>\n" + "\n".join(items) + "\n</ul>") if items
            else f"No document names its {taxonomy.singular} yet."]
    if missing:
        links = ", ".join(rawhtml.link(d.display_title, taxonomy.index, d.page, urls) for d in sorted(missing, key=lambda d: d.id))
        body.append(rawhtml.block("without-term", f"<p>{_documents(len(missing))} without a known {taxonomy.singular}: {links}</p>"))
    pages[taxonomy.index] = page({"title": taxonomy.title, "hide": ["toc"]}, "\n\n".join(body))
    return pages
