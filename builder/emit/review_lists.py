"""The long lists of the editors' page (emit.review_page) on pages of their own.

The editors' page is a to-do list: what needs an editor, by problem, counts first. On a large
archive its lists are long (every document without authors; the removed lines of nearly every
document), so a list longer than :data:`builder.emit.pager.PAGE_SIZE` items is not on it: the
page keeps the list's heading, what it is and its fix, and links the list's own pages, where it
is in pages of that size with a pager (``review/missing-authors.md``,
``review/missing-authors/2.md`` ...). A list that fits stays on the editors' page as it was.
So the editors' page stays small whatever the archive's size, and every item stays reachable.

A list's rows are made before it is known on which page they will be (a document's row of
missing metadata and its removed lines are made by the per-document stages): their links to
the documents' pages start with :data:`UP`, which :func:`placed` turns into the way up to the
site's root from the page they are put on (see emit.listing.way_up).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from builder.emit import pager, rawhtml
from builder.emit.frontmatter import Page, page
from builder.emit.listing import way_up
from builder.emit.urls import Urls
from builder.model import PagePath

PAGE = PagePath("review.md")
TITLE = "For editors"
UP = "<^>"
"""Where a link's way up to the site's root goes, in rows made before their page is known: no
escaped text or URL holds "<"."""


def href(to_page: str, urls: Urls, anchor: str = "") -> str:
    """The link (escaped, for an attribute) to ``to_page`` from a page of the review, its way
    up left as :data:`UP`. Only for pages outside review/ (documents', entities')."""
    return UP + html.escape(urls.page_url(to_page) + (f"#{anchor}" if anchor else ""))


def link(label: str, to_page: str, urls: Urls) -> str:
    """``rawhtml.link`` from a page of the review, its way up left as :data:`UP`."""
    return f'<a href="{href(to_page, urls)}">{rawhtml.text(label)}</a>'


def placed(text: str, on: PagePath, urls: Urls) -> str:
    """``text`` (HTML with :data:`UP`) as it is on the page ``on``."""
    return text.replace(UP, way_up(on, urls))


@dataclass(frozen=True)
class Listing:
    """A list of the editors' page: ``key`` names its own pages (``review/KEY.md``), ``heading``
    its heading there (the editors' page has its own), ``lead`` the HTML (escaped) that says
    what it is (a sentence or two), above it on each of its pages; ``items`` are table rows (lists of cells) under
    ``headers``, or blocks of HTML when ``headers`` is empty; ``noun`` what an item is (its
    pager says "documents 1–100 of 2,225") and ``order`` how they are ordered."""

    key: str
    heading: str
    lead: str
    headers: tuple[str, ...]
    items: list
    noun: str = "documents"
    order: str = "by file name"

    @property
    def first(self) -> PagePath:
        return PagePath(f"review/{self.key}.md")

    def too_long(self) -> bool:
        return len(self.items) > pager.PAGE_SIZE

    def body(self, items: list, on: PagePath, urls: Urls) -> str:
        """``items`` as HTML, placed on the page ``on``."""
        if self.headers:
            return placed(rawhtml.table(list(self.headers), items), on, urls)
        return placed("\n".join(items), on, urls)

    def pointer(self, urls: Urls) -> str:
        """What the editors' page says in its place: where it is (HTML, one paragraph)."""
        count = pager.page_count(len(self.items))
        target = html.escape(urls.href(PAGE, self.first))
        return (f'<p>Too many to show here: <a href="{target}">the {len(self.items):,} {self.noun}</a> are on '
                f"{count:,} pages of their own, {pager.PAGE_SIZE:,} to a page.</p>")

    def pages(self, urls: Urls, block: str) -> dict[str, Page]:
        """Its own pages, by path: each with its part of the list in a block named ``block``
        (see emit.rawhtml), between pagers."""
        total, count, found = len(self.items), pager.page_count(len(self.items)), {}
        for number, chunk in enumerate(pager.chunks(self.items), start=1):
            this = pager.page_path(self.first, number)
            back = html.escape(urls.href(this, PAGE))
            intro = f'<p>Part of the <a href="{back}">editors\' page</a>. {self.lead}</p>'
            found[this] = page({"title": f"{TITLE}: {self.heading} (page {number:,} of {count:,})",
                                "search": {"exclude": True}},
                               "\n\n".join([f"# {TITLE}", f"## {self.heading}", rawhtml.block("pager-intro", intro),
                                            *pager.between(self.first, number, total,
                                                           rawhtml.block(block, self.body(chunk, this, urls)), urls,
                                                           label=self.heading, order=self.order, noun=self.noun,
                                                           steps=pager.IN_ORDER)]))
        return found
