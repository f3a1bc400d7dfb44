"""Which generated pages MkDocs is handed, and when.

MkDocs makes a ``Page`` object of every documentation file it is given, with its canonical
URL, before any plugin can say which it will render (``get_navigation``), and walks every one
of them in each of its loops after. At 10,000 documents that was 15,000 pages, about 1.5 s of
every rebuild, for a rebuild that renders three of them. So the plugin hands MkDocs, with its
files (``on_files``), only the generated pages its navigation may show (:func:`nav_pages`:
the top-level and section index pages, and any page ``mkdocs.yml``'s ``nav`` names); the
others wait (:class:`Held`) until MkDocs has its navigation (``on_nav``), when each page's key
is known (bridge.incremental): those the last site holds as they would be rendered now are
never handed over (their files are linked into the new site), the rest are appended to
MkDocs' files, not in the navigation, and MkDocs reads and renders them as any other page.

What MkDocs makes of the files it holds is the same either way, but for two things, both
mended here so that a rebuild's site is byte for byte a clean build's:

- a Markdown link to a page MkDocs was not handed: :class:`builder.bridge.published.WithPublished`
  answers it with a file made for that path, as it does for a published file;
- the sitemap, which lists every page MkDocs holds: :meth:`Held.every_page` gives its template
  every page, in the order a clean build's files hold them, those not handed over as the
  stand-ins the template reads (:class:`StandIns`: MkDocs' own rules for a page's URL).
"""

from __future__ import annotations

import posixpath
from pathlib import PurePath
from types import SimpleNamespace
from urllib.parse import quote, urljoin, urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import InclusionLevel
from mkdocs.utils import get_build_date

from builder.bridge.handover import GeneratedPage


def navigable(path: str) -> bool:
    """Is a generated page one an automatic navigation would list (a top-level page, or the
    index page of a section)? The others are kept out of it: index pages list them."""
    return path.count("/") == 0 or path.endswith("/index.md")


def nav_pages(config, paths) -> set[str]:
    """The generated pages (of ``paths``) MkDocs' navigation may show: those :func:`navigable`,
    and those ``mkdocs.yml``'s ``nav`` names (as MkDocs looks each up)."""
    named: set[str] = set()

    def walk(item) -> None:
        if isinstance(item, str):  # (MkDocs may read "/x.md" as "x.md": both are shown)
            named.update((PurePath(item).as_posix(), PurePath(item.lstrip("/")).as_posix()))
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(config.nav or [])
    return {path for path in paths if navigable(path) or path in named}


def hand_nav_pages(config, files, pages: dict, reuse, reader=None) -> "Held":
    """Append to MkDocs' ``files`` the generated ``pages`` its navigation may show (told to
    ``reuse``, bridge.incremental, if any); the others are held (:class:`Held`). ``reader``
    reads a page kept in the result store (bridge.kept)."""
    taken = {file.src_uri for file in files}
    shown = nav_pages(config, pages)
    held = Held(list(pages), reader)
    for path, generated in pages.items():
        if path in taken:
            raise PluginError(f"'{path}' in the pages folder has the same path as a generated page; rename it")
        if path not in shown:
            held.pages[path] = generated
            continue
        inclusion = InclusionLevel.UNDEFINED if navigable(path) else InclusionLevel.NOT_IN_NAV
        file = GeneratedPage.of(config, path, generated, inclusion, reader)
        files.append(file)
        if reuse is not None:
            reuse.page(file, generated.digest())
    return held


_dests: dict[tuple[str, bool], str] = {}  # what dest_of said: asked for every page, twice, by every build


def dest_of(path: str, directory_urls: bool) -> str:
    """Where MkDocs writes the documentation page ``path`` (its ``File.dest_uri``)."""
    dest = _dests.get((path, directory_urls))
    if dest is None:
        dest = _dests[(path, directory_urls)] = _dest_of(path, directory_urls)
    return dest


def _dest_of(path: str, directory_urls: bool) -> str:
    parent, _, filename = path.rpartition("/")
    if filename.endswith(".md") and filename[0] != "." and not parent.endswith("/") and path[0] != "/":
        stem = filename[:-3]  # (what posixpath's split, splitext and join make of every generated page)
        stem = "index" if stem == "README" else stem
        folder = parent + "/" if parent else ""
        return f"{folder}{stem}.html" if not directory_urls or stem == "index" else f"{folder}{stem}/index.html"
    parent, filename = posixpath.split(path)
    stem = posixpath.splitext(filename)[0]
    stem = "index" if stem == "README" else stem
    if not directory_urls or stem == "index":
        return posixpath.join(parent, stem + ".html")
    return posixpath.join(parent, stem, "index.html")


def url_of(dest: str, directory_urls: bool) -> str:
    """A page's URL in the site (its ``File.url``), from where it is written."""
    folder, filename = posixpath.split(dest)
    if directory_urls and filename == "index.html":
        dest = (folder or ".") + "/"
    return quote(dest)


_stand_ins: dict[tuple, dict[str, SimpleNamespace]] = {}  # the last StandIns' pages, by what they are made from


class StandIns:
    """What the sitemap's template reads of a page not handed over (``file.page``'s link flag,
    canonical and absolute URL, and date), as MkDocs' ``Page`` would have it: its canonical URL
    is ``urljoin`` of the site's URL and the page's, made here without ``urljoin`` (15,000 of
    them took half a second) for the URLs that need none of its rules (no dot segment, no
    scheme, query or fragment: every generated page's), by ``urljoin`` for any other. Each is
    kept for the next build of the same process (`archive serve`'s rebuilds) with the same
    site URL, URL style and date: 15,000 of them took 0.15 to 0.35 s of every rebuild."""

    def __init__(self, config) -> None:
        self.directory = config.use_directory_urls
        base = config.site_url or ""
        self.base = base if not base or base.endswith("/") else base + "/"
        parts = urlsplit(self.base)
        self.base_path = parts.path
        self.plain = not (parts.query or parts.fragment or "/." in parts.path)  # else urljoin for every page
        self.date = get_build_date()
        self.made = _stand_ins.get((self.directory, self.base, self.date), {})  # serving, the last rebuild's
        _stand_ins.clear()
        _stand_ins[(self.directory, self.base, self.date)] = self.made

    def __call__(self, path: str) -> SimpleNamespace:
        made = self.made.get(path)
        if made is None:
            made = self.made[path] = self._made(path)
        return made

    def _made(self, path: str) -> SimpleNamespace:
        url = url_of(dest_of(path, self.directory), self.directory)
        canonical = absolute = None
        if self.base:
            if not self.plain or url.startswith((".", "/")) or "/." in url or ":" in url:
                canonical = urljoin(self.base, url)
                absolute = urlsplit(canonical).path
            else:  # (quote() leaves no "?" or "#" in a URL)
                canonical, absolute = self.base + url, self.base_path + url
        return SimpleNamespace(page=SimpleNamespace(is_link=False, canonical_url=canonical, abs_url=absolute,
                                                    update_date=self.date))


def check_addresses(files, held: "Held", published, templates) -> None:
    """Raise PluginError if two of the build's files would be written at one address in the
    site (one would silently replace the other): MkDocs' files (hand-written pages, the
    theme's, the generated pages handed over), the generated pages not handed over, the
    files the archive publishes, and the theme's templates (the sitemap, the 404 page)."""
    seen: dict[str, str] = {}

    def claim(dest: str, what: str) -> None:
        other = seen.setdefault(dest, what)
        if other != what:
            raise PluginError(f"{other} and {what} would both be written at '{dest}' in the site; rename one")

    for file in files:
        if not file.inclusion.is_excluded():
            claim(file.dest_uri, _described(file))
    for path, dest in held.withheld.items():
        claim(dest, f"the generated page '{path}'")
    for path in published:
        claim(path, f"the published file '{path}'")
    for name in templates:
        claim(name, f"the theme's template '{name}'")


def _described(file) -> str:
    if isinstance(file, GeneratedPage):
        return f"the generated page '{file.src_uri}'"
    if file.generated_by:
        return f"the file '{file.src_uri}' made by {file.generated_by}"
    where = "in the pages folder" if file.src_dir and file.is_documentation_page() else "of the pages folder or the theme"
    return f"'{file.src_uri}' {where}"


class Held:
    """The generated pages not handed to MkDocs with its files (by path, in the order of the
    archive's pages, ``order``), until :meth:`hand` decides which it renders."""

    def __init__(self, order: list[str], reader=None) -> None:
        self.order = order  # every generated page, handed or not
        self.reader = reader  # reads a page kept in the result store (bridge.kept)
        self.pages: dict[str, object] = {}  # path -> builder.emit.frontmatter.Page, while held
        self.withheld: dict[str, str] = {}  # never handed (the last site's files are this build's): path -> address
        self._every: list | None = None  # every page, as the templates read them (every_page)

    def hand(self, config, files, reused) -> None:
        """Append to MkDocs' ``files`` each held page but those ``reused(path, address, page)``
        says the last site holds as they would be rendered now."""
        for path, page in self.pages.items():
            dest = dest_of(path, config.use_directory_urls) if reused is not None else ""
            if reused is not None and reused(path, dest, page):
                self.withheld[path] = dest
                continue
            files.append(GeneratedPage.of(config, path, page, InclusionLevel.NOT_IN_NAV, self.reader))
        self.pages = {}

    def every_page(self, context: dict, config) -> dict:
        """A template's context (the sitemap's, the 404 page's) with every page, as a clean
        build's files hold them: the pages that are not the archive's (hand-written) first, in
        MkDocs' order, then the archive's in its order. Made once, for every template."""
        if self._every is None:
            generated, stand_in = set(self.order), StandIns(config)
            handed = {file.src_uri: file for file in context["pages"]}
            self._every = [file for file in context["pages"] if file.src_uri not in generated]
            for path in self.order:
                if path in handed:
                    self._every.append(handed[path])
                elif path in self.withheld:
                    self._every.append(stand_in(path))
        context["pages"] = self._every
        return context
