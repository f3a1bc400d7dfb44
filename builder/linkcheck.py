"""A link check over a built site: every internal link and anchor resolves, no page is an
orphan, and no link uses a ``javascript:`` URL.

It reads the HTML files as they will be served (directory URLs resolve to index.html), so
it also covers links MkDocs does not validate (raw HTML written by the builder, theme
links, assets).
"""

from __future__ import annotations

import posixpath
import re
from collections import deque
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

SKIP_PAGES = ("404.html",)
IGNORED_SCHEMES = ("http", "https", "mailto", "data", "tel", "blob")


@dataclass(frozen=True)
class Problem:
    page: str
    target: str
    message: str

    def __str__(self) -> str:
        return f"{self.page}: {self.message}: {self.target}"


TAG = re.compile(r"<(a|link|script|img|meta|[a-z][a-z0-9]*)(\s[^>]*)?>", re.I)
ATTRIBUTE = re.compile(r"""([a-zA-Z_:][-\w:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
NOT_MARKUP = re.compile(r"<!--.*?-->|<style\b[^>]*>.*?</style>", re.I | re.S)
SCRIPT_BODY = re.compile(r"(<script\b[^>]*>).*?</script>", re.I | re.S)


class _Collector:
    """Ids, links and redirects of one page, read with two regular expressions (an HTML
    parser is ten times slower, and MkDocs' output is well-formed)."""

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (attribute, value)
        self.redirect = False  # a page that only forwards readers elsewhere (renamed ids)

    def feed(self, text: str) -> None:
        # Scripts' own src attributes count; their bodies and comments do not.
        text = SCRIPT_BODY.sub(r"\1", NOT_MARKUP.sub("", text))
        for m in TAG.finditer(text):
            tag = m.group(1).lower()
            values = {}
            for a in ATTRIBUTE.finditer(m.group(2) or ""):
                values.setdefault(a.group(1).lower(), unescape(next(v for v in a.groups()[1:] if v is not None)))
            if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
                self.redirect = True
            if values.get("id"):
                self.ids.add(values["id"])
            if tag == "a" and values.get("name"):
                self.ids.add(values["name"])
            for key in ("href", "src"):
                if key in values and not (tag == "link" and values.get("rel") in ("canonical", "alternate")
                                          and urlsplit(values[key]).scheme):
                    self.links.append((key, values[key]))


@dataclass
class Report:
    pages: int = 0
    links: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8", errors="replace"))
    return collector


def _resolve(files: set[str], page: str, target_path: str) -> str | None:
    """The site file a link points to (relative to the site root), or None if missing."""
    if target_path.startswith("/"):
        rel = target_path.lstrip("/") or "."
    else:
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(page), target_path))
    if rel.startswith(".."):
        return None
    if rel in files:
        return rel
    index = "index.html" if rel == "." else posixpath.join(rel, "index.html")
    return index if index in files else None


def check_site(site: Path) -> Report:
    site = site.resolve()
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    pages = {rel: site / rel for rel in sorted(files) if rel.endswith(".html")}
    parsed = {rel: _parse(path) for rel, path in pages.items()}
    report = Report(pages=len(pages))
    edges: dict[str, set[str]] = {rel: set() for rel in pages}
    for rel, page in parsed.items():
        for attribute, value in page.links:
            report.links += 1
            parts = urlsplit(value.strip())
            if parts.scheme == "javascript":
                report.problems.append(Problem(rel, value, "javascript: URL"))
                continue
            if parts.scheme in IGNORED_SCHEMES or parts.netloc:
                continue
            target = rel if not parts.path else _resolve(files, rel, unquote(parts.path))
            if target is None:
                report.problems.append(Problem(rel, value, f"broken {attribute}"))
                continue
            if target in edges:
                edges[rel].add(target)
            if parts.fragment and target in parsed and unquote(parts.fragment) not in parsed[target].ids:
                report.problems.append(Problem(rel, value, "missing anchor"))
    start = "index.html"
    if start in pages:
        seen, queue = {start}, deque([start])
        while queue:
            for nxt in edges[queue.popleft()]:
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        for rel in pages:
            if rel not in seen and not rel.endswith(SKIP_PAGES) and not parsed[rel].redirect:
                report.problems.append(Problem(rel, "", "page not reachable from the home page"))
    report.problems.sort(key=lambda p: (p.page, p.target, p.message))
    return report
