"""Long lists of documents split into pages a reader can use.

A page that lists documents without bound (an entity's, a topic's, an author's or a
publication's) lists at most :data:`PAGE_SIZE` of them, newest first. Its first page keeps its
address (``entities/china.md``) and everything that leads it; the documents that follow are on
further pages beside it, one folder down: ``entities/china/2.md``, ``entities/china/3.md``
(``entities/china/2/`` on the hosted site, ``entities/china/2.html`` in the offline bundle).
Each page carries a pager: the page's number of all, the range of its documents, and links to
the others (:func:`pager`). A list that fits on one page has no pager, and its page is as it
was.

The same pages serve lists of other things in other orders: the annotations index's notes
(emit.annotation_pages) and the editors' page's long lists (emit.review_lists), whose pager
says what it lists (``noun``) and leads to the "Previous" and "Next" page (:data:`IN_ORDER`).
"""

from __future__ import annotations

import html

from builder.emit import rawhtml
from builder.emit.urls import Urls
from builder.model import PagePath

PAGE_SIZE = 100
"""Documents listed on one page. An entity's page shows each with its mentions in context
(about 1.5 kB of HTML each): a hundred are about 160 kB, which a phone renders at once, and
scrolling through them is a reader's work of a few minutes. See the README's "Long lists"."""

AROUND = 2
"""Pages linked on each side of the current one in the pager (the first and last always are)."""


def chunks(items: list, size: int | None = None) -> list[list]:
    """``items`` in pages of ``size`` (:data:`PAGE_SIZE`), in order; one empty page for none."""
    size = size or PAGE_SIZE
    return [items[at:at + size] for at in range(0, len(items), size)] or [[]]


def page_count(total: int, size: int | None = None) -> int:
    size = size or PAGE_SIZE
    return max(1, -(-total // size))


def page_path(first: PagePath, number: int, base: PagePath | None = None) -> PagePath:
    """The path of page ``number`` (from 1) of the list whose first page is ``first``: the
    further pages are in the folder of ``base`` (``first`` unless given) without ".md". A page
    with two lists (an entity's documents that mention it, and those it wrote) has the further
    pages of the second in a folder of their own (``entities/x/written/2.md``)."""
    if number == 1:
        return first
    base = base or first
    if not base.endswith(".md") or base.endswith("/index.md"):
        raise ValueError(f"{base}: only a page of its own name can be split into pages")
    return PagePath(f"{base[:-len('.md')]}/{number}.md")


def _numbers(number: int, count: int) -> list[int | None]:
    """The page numbers the pager links, None where it leaves some out."""
    shown = sorted({1, count, *range(max(1, number - AROUND), min(count, number + AROUND) + 1)})
    found: list[int | None] = []
    for n in shown:
        if found and n - found[-1] > 1:
            found.append(None if n - found[-1] > 2 else n - 1)
        found.append(n)
    return found


def range_text(number: int, total: int, size: int | None = None, order: str = "newest first",
               noun: str = "documents") -> str:
    """"documents 101–200 of 1,350, newest first" (``noun``: what the list holds)."""
    size = size or PAGE_SIZE
    start, end = (number - 1) * size + 1, min(total, number * size)
    return f"{noun} {start:,}–{end:,} of {total:,}, {order}"


NEWEST_FIRST = ("Newer", "Older")
"""The pager's words for the pages before and after the current one, in a list newest first."""
IN_ORDER = ("Previous", "Next")
"""Its words in a list in another order (by file name, by name)."""


def pager(first: PagePath, number: int, total: int, urls: Urls, size: int | None = None, place: str = "top",
          base: PagePath | None = None, label: str = "documents", order: str = "newest first", noun: str = "documents",
          steps: tuple[str, str] | None = None) -> str:
    """The pager of page ``number`` of a list of ``total`` documents whose first page is ``first``
    (HTML, handed past Markdown): where this page is, and links to the others. '' when the list
    fits on one page. ``place`` tells the pager above the list from the one below, and
    ``label`` (what the list is) one list's from another's on the same page (their landmarks'
    names); ``base``: see :func:`page_path`; ``order``: how the list is ordered, as the
    pager says it; ``noun``: what it lists (:func:`range_text`); ``steps``: the words of the
    links to the page before and after (:data:`NEWEST_FIRST`, :data:`IN_ORDER`; by default
    the first for a list newest first, the second for any other order)."""
    steps = steps or (NEWEST_FIRST if order == "newest first" else IN_ORDER)
    count = page_count(total, size)
    if count == 1:
        return ""
    this = page_path(first, number, base)

    def href(n: int) -> str:
        return urls.href(this, page_path(first, n, base))

    items = []
    if number > 1:
        items.append(f'<li class="archive-pager-prev"><a href="{href(number - 1)}" rel="prev">'
                     f'<span aria-hidden="true">← </span>{steps[0]}</a></li>')
    for n in _numbers(number, count):
        if n is None:
            items.append('<li class="archive-pager-gap" aria-hidden="true">…</li>')
        elif n == number:
            items.append(f'<li><a href="{href(n)}" aria-current="page" aria-label="Page {n:,}">{n:,}</a></li>')
        else:
            items.append(f'<li><a href="{href(n)}" aria-label="Page {n:,}">{n:,}</a></li>')
    if number < count:
        items.append(f'<li class="archive-pager-next"><a href="{href(number + 1)}" rel="next">'
                     f'{steps[1]}<span aria-hidden="true"> →</span></a></li>')
    where = "above" if place == "top" else "below"
    return (f'<nav class="archive-pager" aria-label="Pages of {label} ({where} the list)">\n'
            f'<p class="archive-pager-where">Page {number:,} of {count:,} · {range_text(number, total, size, order, noun)}</p>\n'
            f'<ul>\n' + "\n".join(items) + "\n</ul>\n</nav>")


def between(first: PagePath, number: int, total: int, listing: str, urls: Urls, base: PagePath | None = None,
            label: str = "documents", order: str = "newest first", noun: str = "documents",
            steps: tuple[str, str] | None = None) -> list[str]:
    """Page ``number``'s ``listing`` (HTML) of a list of ``total`` documents whose first page is
    ``first``: between pagers, as blocks handed past Markdown, when there is more than one page
    (``base``, ``label``, ``order``, ``noun`` and ``steps``: see :func:`pager`)."""
    above = pager(first, number, total, urls, place="top", base=base, label=label, order=order, noun=noun, steps=steps)
    if not above:
        return [listing]
    return [_block(above), listing, _block(pager(first, number, total, urls, place="bottom", base=base, label=label,
                                                 order=order, noun=noun, steps=steps))]


def intro(first: PagePath, number: int, name: str, what: str, urls: Urls, base: PagePath | None = None) -> str:
    """The short header of a further page (``number`` from 2): what it lists (``what``, HTML,
    before the name: "More of the documents that mention"), named and linked to its first page,
    which has the rest."""
    this = page_path(first, number, base)
    link = f'<a href="{html.escape(urls.href(this, first))}">'
    return _block(f"<p>{what} {link}{rawhtml.text(name)}</a>, newest first. Its {link}first page</a> "
                  f"has the rest.</p>", "pager-intro")


def _block(inner: str, name: str = "pager") -> str:
    return rawhtml.block(name, inner)
