"""Reading a built site's pages for the link check (builder.linkcheck): each page's ids, its
links split and normalised to site paths, and whether it is a redirect; in chunks, in parallel
on big sites, or as a build writes them (:func:`scan_written`, kept for its check).

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
from itertools import chain, repeat
from operator import itemgetter
from pathlib import Path
from typing import Iterator, NamedTuple
from urllib.parse import unquote, urlsplit

from builder.workers import die_with_parent

IGNORED_SCHEMES = ("http", "https", "mailto", "data", "tel", "blob")
PARALLEL_FROM = 200  # pages; smaller sites are scanned in-process
CHUNK = 64  # pages at most per task sent to the executor

TAG = re.compile(r"<([a-z][a-z0-9]*)(\s[^>]*)>", re.I)
"""A tag with attributes (one without has nothing to read; there is no '<' or '>' inside one,
so leaving them out changes no other match, and finds the rest three times faster)."""
MARKUP = re.compile(r"<!--.*?-->|<style\b[^>]*>.*?</style>|<script\b([^>]*)>.*?</script>|" + TAG.pattern, re.I | re.S)
"""What a page is read for, from its start, as a browser reads it (an HTML parser is ten times
slower, and MkDocs' output is well-formed): a comment or a style sheet (for nothing), a script
(its opening tag, not its body) or a tag, each as (a script's tag's rest, a tag's name, its attributes)."""
READABLE = re.compile(r"(?:href|src|id|name|http-equiv)\s*=")  # in lowercased attributes: worth parsing
ATTRIBUTE = re.compile(r"""([a-zA-Z_:][-\w:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
READ = frozenset(("href", "src", "id", "name", "http-equiv", "rel"))
BROKEN = {"href": "broken href", "src": "broken src"}


class _Page(NamedTuple):
    """What the parent needs of a scanned page."""

    ids: set[str]
    count: int  # links, the ignored ones (external, mailto: ...) included
    # (problem if it does not resolve, the link as written, site path or None, unquoted fragment)
    links: list[tuple[str, str, str | None, str]]
    redirect: bool  # a page that only forwards readers elsewhere (renamed ids)


class _Tags(dict):
    """What each piece :data:`MARKUP` finds contributes (see :func:`_tag`), by what it found,
    made when first asked for: pages share most of their tags (theme, navigation, links at the
    same depth), and a tag's contribution depends on its text alone. Kept for the life of the
    (worker) process; a page's pieces are all looked up at once (``map(_TAGS.__getitem__, ...)``)."""

    def __missing__(self, found: tuple[str, str, str]) -> tuple | None:
        script, tag, attributes = found  # (a comment, a style sheet or a bare script: all empty)
        # A script's opening tag is read as the tags in it are (one, unless a '<' is in it).
        inner = [(tag, attributes)] if tag else TAG.findall(f"<script{script}>") if script else []
        ids, links, redirect = read = _joined(_tag(*one) for one in inner)
        self[found] = read = read if ids or links or redirect else None
        return read


_TAGS = _Tags()
_TAGS_MOST = 200_000  # tags kept at most; the cache starts again past it
_IDS, _LINKS_OF, _REDIRECT = (itemgetter(n) for n in range(3))


def _joined(reads) -> tuple[tuple, tuple, bool]:
    reads = list(filter(None, reads))  # (what each tag contributes, as _tag gives it), as one
    return tuple(chain.from_iterable(map(_IDS, reads))), tuple(chain.from_iterable(map(_LINKS_OF, reads))), any(map(_REDIRECT, reads))


def _tag(tag: str, attributes: str) -> tuple | None:
    """What one tag contributes to a page's scan: (ids, links, whether it makes the page a
    redirect), or None if it contributes nothing."""
    if not READABLE.search(attributes.lower()):
        return None
    values: dict[str, str] = {}
    for key, double, single, bare in ATTRIBUTE.findall(attributes):
        key = key.lower()
        if key in READ and key not in values:
            value = double or single or bare
            values[key] = unescape(value) if "&" in value else value
    tag = tag.lower()
    redirect = tag == "meta" and values.get("http-equiv", "").lower() == "refresh"
    ids = []
    if values.get("id"):
        ids.append(values["id"])
    if tag == "a" and values.get("name"):
        ids.append(values["name"])
    links = tuple((key, values[key]) for key in ("href", "src")
                  if key in values and not (tag == "link" and values.get("rel") in ("canonical", "alternate")
                                            and urlsplit(values[key]).scheme))
    return (tuple(ids), links, redirect) if ids or links or redirect else None


def _scan(text: str) -> tuple[set[str], list[tuple[str, str]], bool]:
    """A page's ids, (attribute, value) links and whether it is a redirect, read in one pass
    (:data:`MARKUP`); only tags that may hold an attribute read are parsed, once each (:data:`_TAGS`)."""
    if len(_TAGS) > _TAGS_MOST:
        _TAGS.clear()
    ids, links, redirect = _joined(map(_TAGS.__getitem__, MARKUP.findall(text)))  # (at C speed, as the look-ups)
    return set(ids), list(links), redirect


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


_LINKS: dict = {}
"""The links read, by (attribute, value) -> how to make the link of a page from it (see
:func:`_recipe`), and by (attribute, value, base directory) -> the link itself: pages share
most of their links (theme, navigation; the same link from pages at the same depth), and each
is made and kept once in a (worker) process, which also keeps one copy of each in what it
returns. Cleared past :data:`_TAGS_MOST` entries."""
_IGNORED, _FIXED, _HERE, _RELATIVE = range(4)


def _recipe(attribute: str, value: str) -> tuple:
    """How a link (``attribute`` = ``value``) is made for a page: (_IGNORED,) for an external
    or ignored scheme; (_FIXED, link) the same from every page; (_HERE, fragment) a link to the
    page itself; (_RELATIVE, up, rest, fragment) a path relative to the page's directory."""
    scheme, netloc, path, fragment = _parts(value)
    if scheme == "javascript":
        return _FIXED, ("javascript: URL", value, None, "")
    if scheme in IGNORED_SCHEMES or netloc:
        return (_IGNORED,)
    if not path:
        return _HERE, fragment
    if path.startswith("/"):
        rel = path.lstrip("/") or "."
        return _FIXED, (BROKEN[attribute], value, None if rel.startswith("..") else rel, fragment)
    up, rest = _climb(path)  # posixpath.normpath(posixpath.join(directory, path)), in two steps
    return _RELATIVE, up, rest, fragment


def _scan_pages(site: str, pages: list[str]) -> list[_Page]:
    """Scan some pages of the site (site-relative paths); top-level, so any executor can run it."""
    return [_scan_page(page, Path(site, page).read_text(encoding="utf-8", errors="replace")) for page in pages]


def _scan_page(page: str, text: str) -> _Page:
    """The scan of the page at ``page`` (its site path), whose text is ``text``."""
    cache = _LINKS
    if len(cache) > _TAGS_MOST:
        cache.clear()
    known = cache.get
    ids, found, redirect = _scan(text)
    ancestors = [posixpath.dirname(page)]  # the page's directory, its parent, ... up to the root ''
    while ancestors[-1]:
        ancestors.append(posixpath.dirname(ancestors[-1]))
    depth = len(ancestors)
    links = []
    for key in found:
        recipe = known(key) or cache.setdefault(key, _recipe(*key))
        kind = recipe[0]
        if kind == _RELATIVE:
            up = recipe[1]
            base = ancestors[up] if up < depth else ".."
            made = (*key, base)
            link = known(made)
            if link is None:
                rest = recipe[2]
                rel = f"{base}/{rest}" if base and rest else base or rest or "."
                link = cache[made] = (BROKEN[key[0]], key[1], None if rel.startswith("..") else rel, recipe[3])
            links.append(link)
        elif kind == _FIXED:
            links.append(recipe[1])
        elif kind == _HERE:
            links.append((BROKEN[key[0]], key[1], page, recipe[1]))
    return _Page({cache.setdefault(i, i) for i in ids}, len(found), links, redirect)


def _resolve(files: set[str], rel: str | None) -> str | None:
    """The site file a normalised link path points to, or None if missing."""
    if rel is None or rel in files:
        return rel
    index = "index.html" if rel == "." else posixpath.join(rel, "index.html")
    return index if index in files else None


def _scan_site(site: Path, pages: list[str], executor: Executor | None) -> list[_Page]:
    """Every page scanned, in order."""
    return list(_scanned(site, pages, executor))


def _scanned(site: Path, pages: list[str], executor: Executor | None) -> Iterator[_Page]:
    """Every page scanned, in order, each as soon as it is (the caller can use the first while
    the rest are read)."""
    if executor is None:
        workers = os.cpu_count() or 1
        if len(pages) <= PARALLEL_FROM or workers == 1:
            yield from _scan_pages(str(site), pages)
            return
        context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
        with ProcessPoolExecutor(workers, mp_context=context, initializer=die_with_parent,
                                 initargs=(os.getpid(),)) as pool:
            yield from _scanned(site, pages, pool)
        return
    # Several chunks per CPU, so that a few big pages do not keep one worker busy alone.
    size = max(1, min(CHUNK, len(pages) // (8 * (os.cpu_count() or 1))))
    chunks = [pages[i:i + size] for i in range(0, len(pages), size)]
    # Pages share most of their links (theme, navigation) and ids (p1, p2...): one copy of each
    # (each worker's chunks share its own, _LINKS), or a large site's links fill more memory
    # than the whole build.
    keep = {}.setdefault
    for chunk in executor.map(_scan_pages, repeat(str(site)), chunks):
        yield from map(shared, chunk, repeat(keep))


def shared(page: _Page, keep) -> _Page:
    """``page`` made of one object for each link and id (``keep``: a dict's ``setdefault``,
    the same for every page; see :func:`_scanned`)."""
    return _Page(set(map(keep, page.ids, page.ids)), page.count, list(map(keep, page.links, page.links)), page.redirect)


_WRITTEN: dict[str, dict[str, tuple[tuple[int, int, int], _Page]]] = {}
"""The pages scanned as they were written into a site folder being built (by its real path), with
the identity of the file read, from :func:`collect_written` to :func:`take_written`."""
_SHARED: dict[str, dict] = {}


def _folder(site) -> str:
    return os.path.realpath(site)


def collect_written(site) -> None:
    """Have the pages written into ``site`` from now on scanned as they are written (by the
    building process and the processes it forks: see :func:`scan_written`)."""
    _WRITTEN[_folder(site)] = {}


def scan_written(site, pages: list[str]) -> dict[str, tuple[tuple[int, int, int], _Page]]:
    """Scan ``pages`` (site paths), just written into ``site``, while they are at hand; each with
    the identity (size, time, inode) of the file read. Nothing unless the scans of ``site`` are
    collected (:func:`collect_written`)."""
    found = {}
    if _folder(site) in _WRITTEN:
        for page in pages:
            try:
                with open(os.path.join(site, page), "rb") as handle:
                    data, stat = handle.read(), os.fstat(handle.fileno())
                # (as Path.read_text reads it: universal newlines)
                text = data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
                found[page] = ((stat.st_size, stat.st_mtime_ns, stat.st_ino), _scan_page(page, text))
            except (OSError, ValueError):  # (not written, or a URL urlsplit refuses): left to the check
                continue
    return found


def note_written(site, scans: dict) -> None:
    """Keep ``scans`` (from :func:`scan_written`, perhaps in another process) until the check takes them,
    one object for each link and id of all (:func:`shared`; each few hundred pages came with their own)."""
    kept = _WRITTEN.get(_folder(site))
    if kept is not None:
        keep = _SHARED.setdefault(_folder(site), {}).setdefault
        kept.update((page, (identity, shared(scan, keep))) for page, (identity, scan) in scans.items())


def take_written(site) -> dict[str, tuple[tuple[int, int, int], _Page]]:
    """The scans of the pages written into ``site`` (see :func:`scan_written`), which are no longer collected."""
    _SHARED.pop(_folder(site), None)
    return _WRITTEN.pop(_folder(site), {})


def still_written(site: Path, scans: dict) -> dict[str, _Page]:
    """The scans of ``scans`` whose page is still the file that was read."""
    kept = {}
    for page, (identity, scan) in scans.items():
        try:
            stat = os.stat(os.path.join(site, page))
        except OSError:
            continue
        if (stat.st_size, stat.st_mtime_ns, stat.st_ino) == identity:
            kept[page] = scan
    return kept
