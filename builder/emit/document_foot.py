"""The foot of a document's page: how to cite it, and the documents before and after it by
date. Neither can be made with the document alone: the citation names the page's address on
the hosted site (the site's settings), and the neighbours are known only once every document
is dated. So the per-document work makes the page without its foot (kept in the result
store, see :mod:`builder.emit.per_document`), and :func:`builder.emit.emit` joins each page
and its foot (no page decoded: see :class:`FootedPage`). The feet are kept between builds
(emit.reuse) under the document's inputs, its neighbours' and the site's settings: making them
all takes a few tenths of a millisecond a document.

The related documents come last (emit.related_section; joined by :func:`ended`).

A page is rendered again only when what it shows changes (the bridge keys each page on its
text), so a new document renders again its own page and its two neighbours' pages, and an
edit to a title or date the pages of the two documents that show it.
"""

from __future__ import annotations

import hashlib
import html

from builder.dates import display_date
from builder.emit import citations, rawhtml
from builder.emit.frontmatter import KeptPage, Page, PageNotRead
from builder.emit.urls import Urls
from builder.model import Document
from builder.packed import pack, unpack, unpacked_size


def public_url(doc: Document, site_url: str, directory_urls: bool) -> str:
    """The document page's address on the hosted site ('' without a ``site_url``), which a
    citation names also in the offline bundle (whose own pages are .html files):
    ``directory_urls`` is how the hosted site addresses its pages (mkdocs.yml's
    use_directory_urls: documents/x/, or documents/x.html)."""
    if not site_url:
        return ""
    return site_url.rstrip("/") + "/" + Urls(directory=directory_urls).page_url(doc.page)


def chronological(newest_first: list[Document]) -> list[Document]:
    """The dated documents, oldest first (the reverse of the archive's newest-first order, so
    documents of the same date keep one order everywhere); undated ones have no place."""
    return [doc for doc in reversed(newest_first) if doc.metadata.date]


def neighbours_html(doc: Document, before: Document | None, after: Document | None, urls: Urls) -> str:
    """Links to the documents just before and just after ``doc`` by date (one may be None)."""
    def link(other: Document, rel: str, label: str) -> str:
        e = html.escape
        when = f'<time datetime="{e(other.metadata.date)}">{e(display_date(other.metadata.date))}</time>'
        return (f'<a class="archive-neighbour archive-neighbour--{rel}" rel="{rel}" '
                f'href="{e(urls.href(doc.page, other.page))}"><span class="archive-neighbour-dir">{label}</span> '
                f'<span class="archive-neighbour-title">{rawhtml.text(other.display_title)}</span> {when}</a>')

    links = []
    if before is not None:
        links.append(link(before, "prev", "← Earlier"))
    if after is not None:
        links.append(link(after, "next", "Later →"))
    return rawhtml.block("neighbours", '<nav aria-label="Documents before and after this one by date">\n'
                         + "\n".join(links) + "\n</nav>")


def neighbours(newest_first: list[Document]) -> dict[str, tuple[Document | None, Document | None]]:
    """Each dated document's neighbours by date (the one just before, the one just after, or
    None); undated documents have none and are not listed."""
    dated = chronological(newest_first)
    return {doc.id: (dated[n - 1] if n > 0 else None, dated[n + 1] if n + 1 < len(dated) else None)
            for n, doc in enumerate(dated)}


def feet(docs: list[Document], around: dict[str, tuple[Document | None, Document | None]], archive_name: str,
         site_url: str, urls: Urls, directory_urls: bool = True) -> dict[str, str]:
    """The foot of each of ``docs`` (by id): its cite box, then its neighbours by date
    (``around``, see :func:`neighbours`). ``directory_urls``: see :func:`public_url`."""
    result = {}
    for doc in docs:
        parts = [citations.cite_box(doc, citations.Place(archive_name, public_url(doc, site_url, directory_urls)))]
        before, after = around.get(doc.id, (None, None))
        if before is not None or after is not None:
            parts.append(neighbours_html(doc, before, after, urls))
        result[doc.id] = "\n\n".join(parts)
    return result


class FootedPage(Page):
    """A document's page and its foot: the page as the per-document work made it (often still
    pickled, as read from the result store), and the pieces of the foot after its body, each
    kept packed (builder.packed: the feet of 10,000 documents took 120 MB as text). Neither
    is decoded or copied until the page is read; its digest is made from the page's and the
    packed pieces'. The page may be kept in the result store (a KeptPage, ``kept``): the
    bridge reads it there and puts the feet after it (:meth:`after`)."""

    __slots__ = ("_feet", "kept")

    def __init__(self, page: Page, feet: tuple[bytes, ...]) -> None:
        self._front, self._body, self._pickled = page._front, page._body, page._pickled
        self.kept = page if isinstance(page, KeptPage) else getattr(page, "kept", None)
        self._feet = feet

    def _read(self) -> None:
        if self.kept is not None:
            raise PageNotRead(f"the page kept under {self.kept.key} is read by the bridge (builder.bridge.kept)")
        Page._read(self)

    def __repr__(self) -> str:
        return f"FootedPage({self.kept!r}, {len(self._feet)} feet)" if self.kept is not None else Page.__repr__(self)

    def after(self, body: str) -> str:
        """The body of the page (read where it is kept) with the feet after it."""
        return body + "\n" + self._foot() + "\n"

    def _foot(self) -> str:
        return "\n\n".join(unpack(piece).decode("utf-8") for piece in self._feet)

    @property
    def body(self) -> str:
        return Page.body.fget(self) + "\n" + self._foot() + "\n"

    def read(self) -> tuple[dict, str]:
        """As :meth:`Page.read`: a page still pickled stays so."""
        if self.kept is not None:
            self._read()
        front, body = Page.read(self)
        return front, self.after(body)

    def size(self) -> int:
        page = self.kept.size() if self.kept is not None else Page.size(self)
        return page + sum(map(unpacked_size, self._feet))

    def digest(self) -> bytes:
        # (each piece's length first: the same bytes cut into other pieces hash apart)
        page = self.kept.digest() if self.kept is not None else Page.digest(self)
        return hashlib.sha256(b"".join([page, *(len(piece).to_bytes(8, "big") + piece for piece in self._feet)])).digest()

    def __reduce__(self):
        if self.kept is not None:
            return FootedPage, (self.kept, self._feet)
        return _footed, (Page._blob(self), self._feet)


def _footed(blob: bytes, feet: tuple[bytes, ...]) -> FootedPage:
    """A footed page as :meth:`FootedPage.__reduce__` pickled it, its page still pickled."""
    page = Page.__new__(Page)
    page._front = page._body = None
    page._pickled = blob
    return FootedPage(page, feet)


def packed(foot: str) -> bytes:
    """A foot as :func:`footed` takes it: its text packed (builder.packed), or b"" if empty."""
    return pack(foot.encode("utf-8")) if foot else b""


def footed(page: Page, foot: bytes) -> Page:
    """``page`` with the foot ``foot`` (:func:`packed`) after its body (b"" : the page as it is)."""
    return FootedPage(page, (foot,)) if foot else page


def ended(page: Page, end: str) -> Page:
    """``page`` (footed or not) with ``end`` after its foot: the related documents (see
    emit.related_section), which are found once every document's foot is made ('' : the page
    as it is)."""
    if not end:
        return page
    if isinstance(page, FootedPage):
        return FootedPage(page, (*page._feet, packed(end)))
    return FootedPage(page, (packed(end),))
