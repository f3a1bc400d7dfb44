"""Pages as front matter plus Markdown body, byte-identical for the same input."""

from __future__ import annotations

import html

from builder.yamlio import dump


def page(front: dict, body: str) -> str:
    """Join YAML front matter (key order kept) and a Markdown body into one page.

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
    return f"---\n{dump(front)}---\n\n{body.strip()}\n"
