"""URLs for links written as raw HTML (where MkDocs does not rewrite .md links).

MkDocs turns ``documents/x.md`` into ``documents/x/`` (directory URLs, the hosted site)
or ``documents/x.html`` (the offline bundle, opened from the file system).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass


@dataclass(frozen=True)
class Urls:
    directory: bool = True

    def page_url(self, page: str) -> str:
        """Site-relative URL of a Markdown page."""
        if not self.directory:
            return page[: -len(".md")] + ".html"
        if page == "index.md":
            return ""
        if page.endswith("/index.md"):
            return page[: -len("index.md")]
        return page[: -len(".md")] + "/"

    def href(self, from_page: str, to_page: str, anchor: str = "") -> str:
        """Relative link from one page to another (optionally to an anchor in it)."""
        source, target = self.page_url(from_page), self.page_url(to_page)
        base = source.rstrip("/") if self.directory else posixpath.dirname(source)
        link = relative_path(target.rstrip("/"), base)
        if self.directory and (target.endswith("/") or not target):
            link = link.rstrip("/") + "/"
        return link + (f"#{anchor}" if anchor else "")


def relative_path(path: str, start: str) -> str:
    """``posixpath.relpath(path or ".", start or ".")`` for site-relative paths (no "." or ".."
    parts), without its costly turning of both into absolute paths."""
    to, start_parts = path.split("/") if path else [], start.split("/") if start else []
    common = 0
    while common < min(len(to), len(start_parts)) and to[common] == start_parts[common]:
        common += 1
    return "/".join([".."] * (len(start_parts) - common) + to[common:]) or "."
