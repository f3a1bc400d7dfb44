"""Reading a built site's pages for the link check (builder.linkcheck): each page's ids, its
links split and normalised to site paths, and whether it is a redirect; in chunks, in parallel
on big sites.

The pages are read with regular expressions (an HTML parser is ten times slower, and MkDocs'
output is well-formed).
"""

from __future__ import annotations

import multiprocessing
import os
import posixpath
import re
from concurrent.futures import Executor, ProcessPoolExecutor
from html import unescape
from itertools import repeat
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from builder.workers import die_with_parent

IGNORED_SCHEMES = ("http", "https", "mailto", "data", "tel", "blob")
PARALLEL_FROM = 200  # pages; smaller sites are scanned in-process
CHUNK = 64  # pages at most per task sent to the executor

TAG = re.compile(r"<([a-z][a-z0-9]*)(\s[^>]*)?>", re.I)
READABLE = re.compile(r"(?:href|src|id|name|http-equiv)\s*=")  # in lowercased attributes: worth parsing
ATTRIBUTE = re.compile(r"""([a-zA-Z_:][-\w:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
NOT_MARKUP = re.compile(r"<!--.*?-->|<style\b[^>]*>.*?</style>", re.I | re.S)
SCRIPT_BODY = re.compile(r"(<script\b[^>]*>).*?</script>", re.I | re.S)
READ = frozenset(("href", "src", "id", "name", "http-equiv", "rel"))
BROKEN = {"href": "broken href", "src": "broken src"}


class _Page(NamedTuple):
    """What the parent needs of a scanned page."""

    ids: set[str]
    count: int  # links, the ignored ones (external, mailto: ...) included
    # (problem if it does not resolve, the link as written, site path or None, unquoted fragment)
    links: list[tuple[str, str, str | None, str]]
    redirect: bool  # a page that only forwards readers elsewhere (renamed ids)


def _scan(text: str) -> tuple[set[str], list[tuple[str, str]], bool]:
    """A page's ids, (attribute, value) links and whether it is a redirect, read with regular
    expressions (an HTML parser is ten times slower, and MkDocs' output is well-formed); only
    tags that may hold one of the attributes read have their attributes parsed."""
    ids: set[str] = set()
    links: list[tuple[str, str]] = []
    redirect = False
    # Scripts' own src attributes count; their bodies and comments do not.
    text = SCRIPT_BODY.sub(r"\1", NOT_MARKUP.sub("", text))
    for tag, attributes in TAG.findall(text):
        if not READABLE.search(attributes.lower()):
            continue
        values: dict[str, str] = {}
        for key, double, single, bare in ATTRIBUTE.findall(attributes):
            key = key.lower()
            if key in READ and key not in values:
                value = double or single or bare
                values[key] = unescape(value) if "&" in value else value
        tag = tag.lower()
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            redirect = True
        if values.get("id"):
            ids.add(values["id"])
        if tag == "a" and values.get("name"):
            ids.add(values["name"])
        for key in ("href", "src"):
            if key in values and not (tag == "link" and values.get("rel") in ("canonical", "alternate")
                                      and urlsplit(values[key]).scheme):
                links.append((key, values[key]))
    return ids, links, redirect


def _parts(value: str) -> tuple[str, str, str, str]:
    """urlsplit(value.strip())'s scheme, netloc, and unquoted path and fragment; plain relative
    links skip urlsplit."""
    url = value.strip()
    if ":" in url or url.startswith("//") or not url.isprintable():
        parts = urlsplit(url)
        scheme, netloc, path, fragment = parts.scheme, parts.netloc, parts.path, parts.fragment
    else:
        scheme = netloc = ""
        path, _, fragment = url.partition("#")
        path = path.partition("?")[0]
    return scheme, netloc, unquote(path), unquote(fragment)


def _climb(target_path: str) -> tuple[int, str]:
    """A relative link path as (directories up, path from there): '../../a/b/' is (2, 'a/b')."""
    parts = posixpath.normpath(target_path).split("/")
    up = 0
    while up < len(parts) and parts[up] == "..":
        up += 1
    rest = "/".join(parts[up:])
    return up, "" if rest == "." else rest


def _scan_pages(site: str, pages: list[str]) -> list[_Page]:
    """Scan some pages of the site (site-relative paths); top-level, so any executor can run it."""
    known: dict[str, tuple[str, str, str, str]] = {}  # pages share theme and navigation links
    climbs: dict[str, tuple[int, str]] = {}
    scanned = []
    for page in pages:
        text = Path(site, page).read_text(encoding="utf-8", errors="replace")
        ids, found, redirect = _scan(text)
        ancestors = [posixpath.dirname(page)]  # the page's directory, its parent, ... up to the root ''
        while ancestors[-1]:
            ancestors.append(posixpath.dirname(ancestors[-1]))
        links = []
        for attribute, value in found:
            scheme, netloc, path, fragment = known[value] if value in known else known.setdefault(value, _parts(value))
            if scheme == "javascript":
                links.append(("javascript: URL", value, None, ""))
                continue
            if scheme in IGNORED_SCHEMES or netloc:
                continue
            rel: str | None = page
            if path:
                if path.startswith("/"):
                    rel = path.lstrip("/") or "."
                else:  # posixpath.normpath(posixpath.join(directory, path)), from the cache
                    up, rest = climbs[path] if path in climbs else climbs.setdefault(path, _climb(path))
                    base = ancestors[up] if up < len(ancestors) else ".."
                    rel = f"{base}/{rest}" if base and rest else base or rest or "."
                rel = None if rel.startswith("..") else rel  # above the site's root
            links.append((BROKEN[attribute], value, rel, fragment))
        scanned.append(_Page(ids, len(found), links, redirect))
    return scanned


def _resolve(files: set[str], rel: str | None) -> str | None:
    """The site file a normalised link path points to, or None if missing."""
    if rel is None or rel in files:
        return rel
    index = "index.html" if rel == "." else posixpath.join(rel, "index.html")
    return index if index in files else None


def _scan_site(site: Path, pages: list[str], executor: Executor | None) -> list[_Page]:
    """Every page scanned, in order."""
    if executor is None:
        workers = os.cpu_count() or 1
        if len(pages) <= PARALLEL_FROM or workers == 1:
            return _scan_pages(str(site), pages)
        context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
        with ProcessPoolExecutor(workers, mp_context=context, initializer=die_with_parent,
                                 initargs=(os.getpid(),)) as pool:
            return _scan_site(site, pages, pool)
    # Several chunks per CPU, so that a few big pages do not keep one worker busy alone.
    size = max(1, min(CHUNK, len(pages) // (8 * (os.cpu_count() or 1))))
    chunks = [pages[i:i + size] for i in range(0, len(pages), size)]
    # Pages share most of their links (theme, navigation) and ids (p1, p2...): keep one copy of
    # each, or a large site's links fill more memory than the whole build.
    shared: dict = {}
    return [_Page({shared.setdefault(i, i) for i in page.ids}, page.count,
                  [shared.setdefault(link, link) for link in page.links], page.redirect)
            for chunk in executor.map(_scan_pages, repeat(str(site)), chunks) for page in chunk]
