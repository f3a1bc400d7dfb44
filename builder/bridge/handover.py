"""The HTML-block hand-over: the HTML blocks of a generated page are passed around
Python-Markdown, not through it.

Emit writes most of a generated page as HTML blocks (:mod:`builder.emit.rawhtml`: escaped
text, links it computed, sanitised editor Markdown). Parsing them again as Markdown was most
of MkDocs' rendering time on a large archive, and would turn sanitised text back into markup.
So before MkDocs renders a page the plugin swaps each block for a placeholder paragraph
(:func:`split`), and once Python-Markdown has made the page's HTML it puts the blocks back
(:func:`join`). Source text cannot produce the blocks' marker lines (it reaches pages
escaped), nor guess the placeholder (:func:`new_placeholder`).
"""

from __future__ import annotations

import re
import secrets

from markupsafe import Markup
from mkdocs.structure.files import File, InclusionLevel

from builder.emit.frontmatter import Page
from builder.emit.rawhtml import BLOCK


def new_placeholder() -> str:
    """A word to stand in for HTML blocks while Python-Markdown renders the pages of one
    build: random, so that no text can guess it."""
    return "ARCHIVEHTML" + secrets.token_hex(8).upper()


def split(text: str, placeholder: str) -> tuple[str, list[str]]:
    """(Markdown with each block replaced by a paragraph ``{placeholder}{n}``, the blocks)."""
    blocks: list[str] = []

    def stand_in(match: re.Match) -> str:
        blocks.append(match.group(0))
        return f"{placeholder}{len(blocks) - 1}"

    return BLOCK.sub(stand_in, text), blocks


def join(html: str, blocks: list[str], placeholder: str) -> str:
    """Put the blocks back into the HTML Python-Markdown made of :func:`split`'s Markdown, in
    one pass (a page of 10,000 blocks, replaced one by one from the start, took 30 s)."""
    if not blocks:
        return html
    return re.sub(f"<p>{placeholder}(\\d+)</p>", lambda match: blocks[int(match.group(1))], html)


def meta_of(front: dict) -> dict:
    """A generated page's metadata as MkDocs is handed it: its front matter, each text value
    but the title escaped, as Markup. Its text comes from untrusted sources, and Material's
    base.html and partials print page.meta.author, .description, .subtitle ... raw
    (overrides/main.html with `| e`): escaped as Markup, which `| e` leaves as it is, a value
    is escaped once with or without the project's overrides (an `archive new` site has none).
    The title is escaped text already (emit/frontmatter.py); lists and mappings (the citation
    tags, the JSON-LD) are printed with `| e` and `tojson`: plain data."""
    return {key: Markup.escape(value) if isinstance(value, str) and key != "title" else value
            for key, value in front.items()}


class GeneratedPage(File):
    """A generated page as MkDocs is handed it: its text is read from the builder's page
    (:class:`builder.emit.frontmatter.Page`) only when MkDocs reads the page, so a page that
    is not rendered again (bridge.incremental) is never decoded; and it is decoded for this
    file alone (:meth:`parts`), until the page is read (:meth:`let_go`). A page kept in the
    result store is read from it then, by ``reader`` (bridge.kept.KeptPages.read)."""

    source: Page | None = None
    reader = None
    _parts: tuple[dict, str] | None = None

    def parts(self) -> tuple[dict, str]:
        """The page's front matter and Markdown body."""
        if self._parts is None:
            self._parts = self.reader(self.source) if self.reader is not None else self.source.read()
        return self._parts

    def let_go(self) -> None:
        """Read: MkDocs holds the Markdown from here on."""
        self.source = self._parts = self.reader = None

    @classmethod
    def of(cls, config, path: str, source: Page, inclusion: InclusionLevel, reader=None) -> "GeneratedPage":
        file = cls.generated(config, path, content="", inclusion=inclusion)
        file.source, file.reader = source, reader
        return file

    @property
    def content_string(self) -> str:
        return self.parts()[1] if self.source is not None else super().content_string

    @content_string.setter
    def content_string(self, value: str) -> None:
        self.let_go()
        File.content_string.fset(self, value)

    @property
    def content_bytes(self) -> bytes:
        return self.parts()[1].encode("utf-8") if self.source is not None else super().content_bytes

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self.let_go()
        File.content_bytes.fset(self, value)


def size_of(file: File) -> int:
    """About how many bytes a page's text takes (read from the disk for a hand-written page)."""
    source = getattr(file, "source", None)
    if source is not None:
        return source.size()
    try:
        return len(file.content_bytes)
    except OSError:
        return 0
