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
    """Put the blocks back into the HTML Python-Markdown made of :func:`split`'s Markdown."""
    for number, raw in enumerate(blocks):
        html = html.replace(f"<p>{placeholder}{number}</p>", raw, 1)
    return html
