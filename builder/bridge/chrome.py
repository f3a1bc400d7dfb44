"""The parts of a page's frame that many pages share, rendered once for all of them.

Material renders its whole frame for every page: the navigation's sidebar, the tabs, the
search box. On a page the navigation does not list (a document, an entity, any generated
page but the overviews), what these print depends on the page in one way only: their links
are relative to it (MkDocs' ``url`` filter). So two such pages whose links to every address
these parts can print are the same strings get the same HTML, and at 10,000 documents that
is thousands of pages for each: rendered once (about a third of the theme's time per page).

What is shared, under which key (:meth:`Chrome.key`: the part's name, what the template says
it depends on, and the page's relative link to each address the parts print):
- Material's ``partials/nav.html`` (the sidebar), as the template it is: its rendering is
  wrapped once it is loaded (:func:`install`);
- the builder's tabs (theme/archive.html) and search box (templates/partials/search.html),
  and Material's blocks ``config`` (its settings for its script, by the page's base URL) and
  ``scripts`` (the site's scripts), each written inside ``{% call shared(...) %}`` in the
  template itself.

A page the navigation lists, or a page with no page object (404.html, the sitemap), is
rendered in full, as is everything when an archive brings a template of its own for one of
these parts or the templates they include (``overrides/partials/nav.html``): what such a
template prints is not known here. Each process keeps its own store, made new with the Jinja
environment of each build (the plugin's ``on_env``).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import pass_context
from mkdocs.structure.nav import Link
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

NAV = "partials/nav.html"

ASSETS = "assets/"
"""Where Material's scripts are: a page there (none is) renders every part in full."""

INCLUDES = {NAV: (NAV, "partials/nav-item.html", "partials/logo.html", "partials/source.html"),
            "tabs": ("archive.html", "partials/tabs-item.html"), "search": ("partials/search.html",),
            "config": ("archive.html", "base.html"), "scripts": ("archive.html", "base.html")}
"""The shared parts, and the templates each is written in or renders, shared only while every one
is Material's or the builder's: Material's sidebar and what it includes that prints something of
the site's (its toc.html only on a page the navigation lists, which renders in full; its icons
are pictures); the builder's archive.html and search.html (an archive may bring a copy of its
own); Material's tabs-item.html (one for each tab) and base.html (its settings and scripts are
blocks of it)."""


class Chrome:
    """The store of shared parts of one Jinja environment."""

    def __init__(self, env, config, own: tuple[Path, ...]) -> None:
        """``own``: the folders whose templates' dependencies are known here (Material's and
        the builder's)."""
        self.env = env
        self.config = config
        self.own = tuple(folder.resolve() for folder in own)
        self.parts: dict[tuple, str] = {}
        self.nav = None
        self.addresses: tuple[str, ...] = ()
        self.listed: set[int] = set()
        self.page, self.links = None, None  # the last page a key was asked for, and its links
        self.sharable = {part for part, names in INCLUDES.items() if all(self._known(name) for name in names)}

    def _known(self, name: str) -> bool:
        """Is the template of this name one of Material's or the builder's?"""
        filename = self.env.get_template(name).filename
        return filename is not None and any(Path(filename).resolve().is_relative_to(folder) for folder in self.own)

    def key(self, context, parts: tuple) -> tuple | None:
        """The key of a shared part on the page being rendered, or None if that page renders it in full."""
        page = context.get("page")
        nav = context.get("nav")
        if not isinstance(page, Page) or nav is None or page.parent is not None:  # (a parent: its sections light up)
            return None
        if nav is not self.nav:
            self._learn(nav)
        if page is not self.page:  # the same for each part of a page: worked out once
            self.page = page
            base = context.get("base_url", "")
            self.links = None if id(page) in self.listed or (page.url or "").startswith(ASSETS) else (
                base, *(normalize_url(address, page=page, base=base) for address in self.addresses))
        return None if self.links is None else (*parts, *self.links)

    def _learn(self, nav) -> None:
        """The pages the navigation lists, and every address a shared part may print: the
        navigation's pages and links, the home page, the logo, the search index, the site's root,
        the theme's assets and the site's scripts."""
        self.nav, self.page = nav, None
        self.parts.clear()
        self.listed = {id(page) for page in nav.pages}
        addresses = ["search-index/", "./", ASSETS, *(str(script) for script in self.config.extra_javascript)]
        items = list(nav.items)
        while items:
            item = items.pop(0)
            if isinstance(item, (Page, Link)) and item.url is not None:
                addresses.append(item.url)
            items.extend(item.children or ())
        homepage = self.config.extra.get("homepage") or (nav.homepage.url if nav.homepage else "")
        addresses.append(str(homepage))
        if self.config.theme.get("logo"):
            addresses.append(str(self.config.theme["logo"]))
        self.addresses = tuple(addresses)

    def render(self, key: tuple, make) -> str:
        """The part under ``key``, made by ``make()`` the first time."""
        found = self.parts.get(key)
        if found is None:
            found = self.parts[key] = make()
        return found


def install(env, config, own: tuple[Path, ...]) -> Chrome:
    """A new store for ``env``: the templates' ``shared`` call, and Material's sidebar shared
    when it and what it includes are Material's own."""
    chrome = Chrome(env, config, own)

    @pass_context
    def shared(context, *parts, caller):
        key = chrome.key(context, parts) if parts[0] in chrome.sharable else None
        return caller() if key is None else chrome.render(key, caller)

    env.globals["shared"] = shared
    if NAV in chrome.sharable:
        template = env.get_template(NAV)
        whole = template.root_render_func

        def sidebar(context):
            key = chrome.key(context, (NAV,))
            if key is None:
                yield from whole(context)
            else:
                yield chrome.render(key, lambda: "".join(whole(context)))

        template.root_render_func = sidebar  # what Jinja's {% include %} calls
    return chrome
