"""HTML blocks in generated pages that Python-Markdown never parses.

Most of a generated page is HTML the builder wrote itself (escaped text, links it
computed): a document's header and body, an entity page's facts and mention lists. Parsing
them again as Markdown was most of MkDocs' rendering time on a large archive, so each such
block is written as::

    <div class="archive-NAME" ...>
    ...
    </div><!-- /archive-NAME -->

and the MkDocs bridge hands every block past Python-Markdown (builder.bridge.handover finds
them with :data:`BLOCK`). Source text cannot produce the marker lines: it reaches pages
escaped. The exported Markdown keeps the blocks in place, one line per paragraph or field,
so diffs stay readable.

Editor Markdown, rendered and sanitised by builder.markup, is always put in such a block
(a topic's or entity's description, a sidecar's note, an annotation's body): rendered by
Python-Markdown a second time, it would turn text back into markup.
"""

from __future__ import annotations

import html
import re

from builder.emit.urls import Urls

BLOCK = re.compile(r'^<div class="archive-(?P<name>[a-z-]+)[" ][^\n]*>\n(?:[^\n]*\n)+?</div><!-- /archive-(?P=name) -->$',
                   re.MULTILINE)
"""A block as :func:`block` writes it, found in a page's Markdown: its first line, then the
fewest whole lines up to its closing line (tried a line at a time, not a character at a time:
six times faster than ``\n.*?\n`` over a page, and the same matches)."""


_SPACE = re.compile(r"\s+")


def text(value: str) -> str:
    """Untrusted text as HTML: escaped, each run of whitespace one space (as in Markdown)."""
    return html.escape(_SPACE.sub(" ", value).strip(), quote=False)


def block(name: str, inner: str, classes: str = "") -> str:
    """Wrap ``inner`` (HTML) as a block handed past Markdown, in a div of class
    ``archive-NAME`` (and ``classes``)."""
    css = f"archive-{name} {classes}".strip()
    return f'<div class="{css}">\n{inner}\n</div><!-- /archive-{name} -->'


def link(label: str, from_page: str, to_page: str, urls: Urls) -> str:
    """An HTML link from one generated page to another, its label escaped text (what
    emit.markdown's ``link`` is in Markdown, with the URL MkDocs would have made)."""
    return f'<a href="{html.escape(urls.href(from_page, to_page))}">{text(label)}</a>'


def table(headers: list[str], rows: list[list[str]]) -> str:
    """An HTML table, one line per row; cells must already be escaped HTML. It has no class,
    as a Markdown table has none: Material styles and wraps such tables alike."""
    head = "".join(f"<th>{text(h)}</th>" for h in headers)
    body = "\n".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table>\n<thead>\n<tr>{head}</tr>\n</thead>\n<tbody>\n{body}\n</tbody>\n</table>"
