"""Pages as front matter plus a body, byte-identical for the same input."""

from __future__ import annotations

import hashlib
import html
import pickle

from builder.packed import pack, unpack, unpacked_size
from builder.yamlio import dump


class Page:
    """One generated page: its front matter (plain data) and its Markdown body.

    MkDocs is handed ``front`` as the page's metadata and ``body`` as its source, so nothing
    is dumped to YAML and parsed back on the way; :attr:`text` is the page as one Markdown
    file with YAML front matter, for ``archive export`` and the exported copy.

    Pickled (for the cache, or from a worker), a page stays pickled until it is first read:
    a build takes most of its pages from the cache and hands them to MkDocs, which reads
    them one at a time; decoded at once, they would take twice the memory (the text of a
    page is mostly ASCII, but one "·" makes Python keep two bytes per character).

    Kept pickled, a page is its :meth:`digest`, then its pickle compressed (``_pickled``;
    builder.packed: a third of the bytes, in the store and in memory until MkDocs reads it).
    The digest is made once, where the page is first pickled (in the worker that made it, or
    as it is stored), and every later build reads it with the page instead of hashing the
    page again (the bridge keys each page on it: 15,000 pages, 440 MB, took half a second a
    build).
    """

    __slots__ = ("_front", "_body", "_pickled", "__weakref__")
    __hash__ = None  # type: ignore[assignment]  # (the front matter is a dict)

    def __init__(self, front: dict, body: str) -> None:
        self._front, self._body, self._pickled = front, body, None

    def _read(self) -> None:
        kept = self._pickled
        if kept is not None:
            # Set before the blob is let go of: a second thread reading at once finds either
            # the blob (and unpickles it too) or the values.
            self._front, self._body = _unpickled(kept)
            self._pickled = None

    @property
    def front(self) -> dict:
        self._read()
        return self._front

    @property
    def body(self) -> str:
        self._read()
        return self._body

    def read(self) -> tuple[dict, str]:
        """(front matter, body), decoded for the caller alone: a page still pickled stays so.
        (A process forked to render shares the building process's pages: decoded in place,
        each page it rendered would stay decoded in its memory to the end.)"""
        kept = self._pickled
        return _unpickled(kept) if kept is not None else (self._front, self._body)

    @property
    def text(self) -> str:
        """The page as one Markdown file with YAML front matter. A page still pickled stays
        so (the exported copy reads every page before MkDocs does)."""
        return text_of(*self.read())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Page):
            return NotImplemented
        if _kept(self) or _kept(other):  # (a page kept in the store is not read to be compared)
            return self.digest() == other.digest()
        return (self.front, self.body) == (other.front, other.body)

    def __repr__(self) -> str:
        return f"Page(front={self.front!r}, body={self.body!r})"

    def __reduce__(self):
        return _pickled_page, (self._blob(),)

    def _blob(self) -> bytes:
        """The page as it is kept pickled: its digest (of its pickle), then its pickle packed."""
        kept = self._pickled
        if kept is not None:
            return kept
        blob = pickle.dumps((self._front, self._body), protocol=pickle.HIGHEST_PROTOCOL)
        return hashlib.sha256(blob).digest() + pack(blob)

    def size(self) -> int:
        """About how many bytes the page takes (its pickle, or its body's characters)."""
        kept = self._pickled
        return unpacked_size(memoryview(kept)[DIGEST:]) if kept is not None else len(self._body)

    def digest(self) -> bytes:
        """A hash of the page's front matter and body (of its pickle), read with a page still
        pickled. Equal hashes mean equal pages (two equal pages may, rarely, hash differently:
        pickle writes a value shared by two places once)."""
        kept = self._pickled
        if kept is not None:
            return kept[:DIGEST]
        return hashlib.sha256(pickle.dumps((self._front, self._body), protocol=pickle.HIGHEST_PROTOCOL)).digest()


class KeptPage(Page):
    """A page the result store holds, made or found there by this build, named by the store's
    file (``store``) and its key: the build never holds its text. The bridge reads it where
    MkDocs reads the page (builder.bridge.kept), and only if it is rendered: at 100,000
    documents the pages made from many documents were more than a gigabyte of the building
    process, from emit to the end. Its key is a hash of everything the page is made from, so
    its digest is made from the key. ``stored``: the bytes of the page as kept, if known."""

    __slots__ = ("store", "key", "stored")

    def __init__(self, store: str, key: str, stored: int | None = None) -> None:
        self._front = self._body = self._pickled = None
        self.store, self.key, self.stored = store, key, stored

    def _read(self) -> None:
        raise PageNotRead(f"the page kept under {self.key} in the result store's {self.store!r} is read by the "
                          "bridge (builder.bridge.kept), where it is rendered")

    def read(self) -> tuple[dict, str]:
        self._read()
        return {}, ""

    def size(self) -> int:
        return PACKED_RATIO * (self.stored or 0)

    def digest(self) -> bytes:
        return hashlib.sha256(f"kept page\0{self.store}\0{self.key}".encode()).digest()

    def __repr__(self) -> str:
        return f"KeptPage({self.store!r}, {self.key!r})"

    def __reduce__(self):
        return KeptPage, (self.store, self.key, self.stored)


def _kept(page: Page) -> bool:
    """Is ``page`` kept in the store (itself, or the page a document's feet follow)?"""
    return isinstance(page, KeptPage) or getattr(page, "kept", None) is not None


class PageNotRead(RuntimeError):
    """A kept page's text was asked of the page itself, not read from the store (builder.bridge.kept)."""


PACKED_RATIO = 3
"""About how many bytes of text a page has for each byte it is kept in (builder.packed: a
third): what :meth:`KeptPage.size` says, to deal the pages out to the rendering processes."""


DIGEST = hashlib.sha256().digest_size
"""The bytes of a page's digest, before its pickle in a page kept pickled."""


def text_of(front: dict, body: str) -> str:
    """A page as one Markdown file with YAML front matter (:attr:`Page.text`)."""
    return f"---\n{dump(front)}---\n\n{body}"


def _unpickled(kept: bytes) -> tuple[dict, str]:
    """The front matter and body of a page kept pickled (its digest, then its pickle packed)."""
    return pickle.loads(unpack(memoryview(kept)[DIGEST:]))


def _pickled_page(kept: bytes) -> Page:
    """A page as :meth:`Page.__reduce__` pickled it, still pickled (its digest, then its pickle packed)."""
    page = Page.__new__(Page)
    page._front = page._body = None
    page._pickled = kept
    return page


def page(front: dict, body: str) -> Page:
    """Join front matter (key order kept) and a Markdown body into one page.

    Front matter is data: every value is text as written (so the exported Markdown shows it),
    but one. The MkDocs bridge hands each other text value to the templates escaped, as
    Markup (Material's own base.html prints ``author`` and ``description`` raw), and
    overrides/main.html prints lists with ``| e`` and the JSON-LD with ``tojson``. MkDocs and
    Material treat a page's ``title`` as HTML: the navigation, header, tabs and <title>
    print it as it is and strip tags from it. So the title, which can come from untrusted
    text (a headline, a sidecar, an entity's name), is HTML-escaped here, once; templates
    print it raw, and "AT&T" reads "AT&T" everywhere.
    """
    front = dict(front)
    # The builder writes the search index of its pages itself (builder/search, bridge/search.py).
    front.setdefault("search", {"exclude": True})
    if isinstance(front.get("title"), str):
        front["title"] = html.escape(front["title"], quote=False)
    return Page(front, body.strip() + "\n")
