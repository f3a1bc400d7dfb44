"""Pages as front matter plus Markdown body, byte-identical for the same input."""

from __future__ import annotations

from builder.yamlio import dump


def page(front: dict, body: str) -> str:
    """Join YAML front matter (key order kept) and a Markdown body into one page."""
    return f"---\n{dump(front)}---\n\n{body.strip()}\n"
