"""What each kind of page of a built site makes a browser load: the page's HTML and the
stylesheets and scripts it references (<link rel=stylesheet href>, <script src>) that are
files of the site, in bytes. Read from the built site alone, so it measures any archive.

Loaded later on demand (the search index when the reader searches, an entity's preview
card on hover) is not counted; nor are images (the pages have none but the logo's SVG,
inline). ``python -m bench.page_weight SITE`` prints the table for a built site.
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

KINDS = {"home page": "index.html", "document page": "documents/*/index.html", "entity page": "entities/*/index.html",
         "connections page": "entities/connections/index.html", "map page": "entities/map/index.html",
         "timeline page": "timeline/index.html"}
"""Each kind of page, by where a site with directory URLs has it (glob); a kind of many pages
is measured on its median page (by total bytes) and its largest."""
NOT_ENTITIES = {"entities/index.html", "entities/connections/index.html", "entities/map/index.html"}
"""Pages in entities/ that are not an entity's."""


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.css: list[str] = []
        self.js: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = dict(attrs)
        if tag == "link" and "stylesheet" in (values.get("rel") or "").split() and values.get("href"):
            self.css.append(values["href"])
        elif tag == "script" and values.get("src"):
            self.js.append(values["src"])


def _local(site: Path, page: Path, reference: str) -> Path | None:
    """The site's file ``reference`` names from ``page``, or None (another host, or missing)."""
    parts = urlsplit(reference)
    if parts.scheme or parts.netloc:
        return None
    path = (page.parent / unquote(parts.path)).resolve()
    return path if path.is_file() and site.resolve() in path.parents else None


def weight(site: Path, page: Path) -> dict[str, int]:
    """Bytes of ``page`` (HTML) and of the CSS and JS files it references; ``total``; and
    ``files``, how many files that is (the page counted)."""
    html = page.read_bytes()
    found = _References()
    found.feed(html.decode("utf-8", errors="replace"))
    css = {p for p in (_local(site, page, r) for r in found.css) if p}
    js = {p for p in (_local(site, page, r) for r in found.js) if p}
    sizes = {"html": len(html), "css": sum(p.stat().st_size for p in css), "js": sum(p.stat().st_size for p in js)}
    return {**sizes, "total": sum(sizes.values()), "files": 1 + len(css) + len(js)}


def page_weights(site: Path) -> dict[str, dict]:
    """For each of :data:`KINDS` found in ``site``: the weight (see :func:`weight`) of its page,
    or of its median and largest pages (``page`` names which)."""
    result = {}
    for kind, pattern in KINDS.items():
        pages = sorted(p for p in site.glob(pattern)
                       if kind != "entity page" or p.relative_to(site).as_posix() not in NOT_ENTITIES)
        if not pages:
            continue
        measured = sorted(((weight(site, p), p.relative_to(site).as_posix()) for p in pages),
                          key=lambda item: (item[0]["total"], item[1]))
        if len(measured) == 1:
            result[kind] = {**measured[0][0], "page": measured[0][1]}
            continue
        middle = measured[(len(measured) - 1) // 2]
        result[f"{kind} (median of {len(measured):,})"] = {**middle[0], "page": middle[1]}
        result[f"{kind} (largest)"] = {**measured[-1][0], "page": measured[-1][1]}
    return result


def table(weights: dict[str, dict], size: str = "") -> list[str]:
    """Rows of a Markdown table of ``weights`` (kB = 1,000 bytes)."""
    first = f"| {size} " if size else ""
    return [f"{first}| {kind} | {w['html'] / 1e3:.1f} | {w['css'] / 1e3:.1f} | {w['js'] / 1e3:.1f} | "
            f"{w['total'] / 1e3:.1f} | {w['files']} | {w['page']} |" for kind, w in weights.items()]


HEADER = ["| page | HTML kB | CSS kB | JS kB | total kB | files | measured on |", "|---|---|---|---|---|---|---|"]


def main() -> None:
    site = Path(sys.argv[1])
    print("\n".join([*HEADER, *table(page_weights(site))]))


if __name__ == "__main__":
    main()
