"""Pages as front matter plus a body, byte-identical for the same input."""

from __future__ import annotations

import html
from dataclasses import dataclass

from builder.yamlio import dump


@dataclass(frozen=True)
class Page:
    """One generated page: its front matter (plain data) and its Markdown body.

    MkDocs is handed ``front`` as the page's metadata and ``body`` as its source, so nothing
    is dumped to YAML and parsed back on the way; :attr:`text` is the page as one Markdown
    file with YAML front matter, for ``archive export`` and the exported copy.
    """

    front: dict
    body: str

    @property
    def text(self) -> str:
        return f"---\n{dump(self.front)}---\n\n{self.body}"


def page(front: dict, body: str) -> Page:
    """Join front matter (key order kept) and a Markdown body into one page.

    Material prints ``title`` (in <title> and the header) and ``description`` (in a meta
    tag) without escaping, and both can come from untrusted text (a headline, a byline), so
    they are HTML-escaped here.
    """
    front = dict(front)
    # The builder writes the search entries of its pages itself (emit/search_index.py).
    front.setdefault("search", {"exclude": True})
    if isinstance(front.get("title"), str):
        front["title"] = html.escape(front["title"], quote=False)
    if isinstance(front.get("description"), str):
        front["description"] = html.escape(front["description"])
    return Page(front, body.strip() + "\n")
