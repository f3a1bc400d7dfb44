"""Where the reader is, and what is for editors (issue 21, items 1, 10 and 12).

- The editors' page (review.md, "For editors") is no tab: it is in the About section of the
  navigation, the About page links it, and so does the footer of every page.
- A generated page below an overview (a document, an entity, an author's, a publication's or
  a topic's page) has a breadcrumb trail (Documents › 2010 › title; Entities › People › name)
  and its overview's tab highlighted, in both URL styles. An author or publication that is a
  register entity has the entity's page (the demo's all are): its own URL forwards there.
- No page logs an error in the browser's console, served or from the offline bundle (whose
  pages no longer link feeds: Material fetched sitemap.xml beside each, refused from file://).

The built HTML is checked for every page kind; Chromium opens each kind served and from the
bundle, at 1280 and 390 px (screenshots: test-artifacts/screenshots/navigation-*).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

import pytest

from browser_support import (BUNDLE_FOLDER, DESKTOP, PHONE, WIDTHS, Variant, describe_violations, require_chromium,
                             run_axe, screenshot, serious, serve, set_width, unzip)
from builder.bridge.bundle import make_bundle
from builder.emit import timeline_page
from helpers import (REPO, article, heading_text, make_tiny_archive, set_plugin_option, soup_of,
                     squash)

TABS = ["Home", "Topics", "Timeline", "Entities", "Annotations", "Authors", "Publications", "About"]
DOC = "china-backs-ban-ki-moon"
DOC_TITLE = "China Backs Ban Ki-Moon, As Advocacy Groups Criticize His Failure to Address Human Rights"
QUOTING_DOC = "why-china-wont-stop-north-korea"  # with notes and block quotations

# An author's and a publication's page of their own: in the tiny archive (no register), not the demo.
OWN_TRAILS = {
    "authors/patrick-goodenough": ([("Authors", "authors/index"), ("Patrick Goodenough", None)], "Authors"),
    "publications/cnsnews-com": ([("Publications", "publications/index"), ("CNSNews.com", None)], "Publications"),
}
# The demo's authors and publications that are register entities: their pages forward to the entity's.
FORWARDS = {"authors/patrick-goodenough": "entities/patrick-goodenough", "publications/passblue": "entities/passblue"}

# page -> (its trail: (title, the page it links and the anchor, or None), the tab highlighted)
TRAILS = {
    f"documents/{DOC}": ([("Documents", "timeline"), ("2010", "timeline#y2010"), (DOC_TITLE, None)], "Timeline"),
    "entities/ban-ki-moon": ([("Entities", "entities/index"), ("People", "entities/index#people"), ("Ban Ki-moon", None)],
                             "Entities"),
    "entities/united-nations": ([("Entities", "entities/index"), ("Organisations", "entities/index#organisations"),
                                 ("United Nations", None)], "Entities"),
    "entities/beijing": ([("Entities", "entities/index"), ("Places", "entities/index#places"), ("Beijing", None)],
                         "Entities"),
    "entities/patrick-goodenough": ([("Entities", "entities/index"), ("People", "entities/index#people"),
                                     ("Patrick Goodenough", None)], "Entities"),  # an author, in the register
    "entities/passblue": ([("Entities", "entities/index"), ("Organisations", "entities/index#organisations"),
                           ("PassBlue", None)], "Entities"),  # a publication, in the register
    "topics/north-korea": ([("Topics", "topics/index"), ("North Korea", None)], "Topics"),
    "annotations/orphaned": ([("Annotations", "annotations/index"), ("Orphaned annotations", None)], "Annotations"),
    "review": ([("About", "about"), ("For editors", None)], "About"),
}
NO_TRAIL = {"index": "Home", "timeline": "Timeline", "entities/index": "Entities", "topics/index": "Topics",
            "authors/index": "Authors", "publications/index": "Publications", "annotations/index": "Annotations",
            "about": "About"}


def html_file(site: Path, page: str, directory: bool = True) -> Path:
    """The HTML file of a page named as in TRAILS ('index', 'documents/x', 'topics/index')."""
    if page == "index":
        return site / "index.html"
    if not directory:
        return site / f"{page}.html"
    return site / (page[: -len("index")] if page.endswith("/index") else f"{page}/") / "index.html"


def resolve(site: Path, page_file: Path, href: str) -> tuple[Path, str]:
    """The file and fragment a relative link in ``page_file`` leads to."""
    path, _, fragment = href.partition("#")
    target = Path(posixpath.normpath(posixpath.join(page_file.parent.as_posix(), path)))
    if target.is_dir():
        target = target / "index.html"
    return target, fragment


def trail_of(soup) -> list[tuple[str, str | None]]:
    nav = soup.select_one("nav.archive-breadcrumbs")
    if nav is None:
        return []
    return [(squash(li.get_text()), li.a["href"] if li.a else None) for li in nav.select("ol > li")]


def active_tabs(soup) -> list[str]:
    return [squash(li.get_text()) for li in soup.select("li.md-tabs__item--active")]


# --- the built HTML (directory URLs) ------------------------------------------------------------------------

def test_the_tabs_are_the_reader_s_and_the_editors_page_is_in_the_about_section(demo):
    home = soup_of(demo.site / "index.html")
    assert [squash(a.get_text()) for a in home.select("li.md-tabs__item a")] == TABS
    review = soup_of(demo.site / "review" / "index.html")
    assert heading_text(article(review).h1) == "For editors"
    # Its section of the navigation (the drawer on a phone, the sidebar on a desktop).
    section = review.select_one("nav.md-nav--primary li.md-nav__item--active")
    assert [squash(li.find(["a", "label"], recursive=False).get_text()) for li in section.select(":scope > nav > ul > li")] \
        == ["About this archive", "For editors"]


@pytest.mark.parametrize("page", [*TRAILS, *NO_TRAIL])
def test_the_footer_of_every_page_links_the_editors_page(demo, page):
    page_file = html_file(demo.site, page)
    links = [a for a in soup_of(page_file).select("footer.md-footer a") if squash(a.get_text()) == "For editors"]
    assert len(links) == 1
    assert resolve(demo.site, page_file, links[0]["href"]) == (demo.site / "review" / "index.html", "")


def test_the_about_page_links_the_editors_page_and_the_home_page_does_not(demo):
    about = demo.site / "about" / "index.html"
    (link,) = [a for a in article(soup_of(about)).select("a") if squash(a.get_text()) == "For editors"]
    assert resolve(demo.site, about, link["href"]) == (demo.site / "review" / "index.html", "")
    home = demo.site / "index.html"
    assert [a for a in article(soup_of(home)).select("a[href]")
            if resolve(demo.site, home, a["href"])[0] == demo.site / "review" / "index.html"] == []


def check_trail(site: Path, page: str, directory: bool, trails: dict = TRAILS) -> None:
    expected, tab = trails[page]
    page_file = html_file(site, page, directory)
    soup = soup_of(page_file)
    trail = trail_of(soup)
    assert [title for title, _ in trail] == [title for title, _ in expected]
    for (title, href), (_, target) in zip(trail, expected):
        if target is None:
            assert href is None
            continue
        name, _, anchor = target.partition("#")
        file, fragment = resolve(site, page_file, href)
        assert (file, fragment) == (html_file(site, name, directory), anchor), title
        assert not fragment or soup_of(file).find(id=fragment) is not None, f"{title}: no #{fragment} on {file}"
    assert active_tabs(soup) == [tab]
    # The last step is the page itself, as its heading says, and marked so.
    last = soup.select("nav.archive-breadcrumbs li")[-1]
    assert last.get("aria-current") == "page" and squash(last.get_text()) == heading_text(article(soup).h1)
    # schema.org's BreadcrumbList, numbered from 1; the trail is outside the page's <article>.
    assert [m["content"] for m in soup.select('nav.archive-breadcrumbs li > meta[itemprop="position"]')] == [
        str(n) for n in range(1, len(expected) + 1)]
    assert soup.select_one("article nav.archive-breadcrumbs") is None


@pytest.mark.parametrize("page", list(TRAILS))
def test_breadcrumbs_and_tab_of_a_generated_page(demo, page):
    check_trail(demo.site, page, directory=True)


@pytest.fixture(scope="module")
def tiny_sites(tmp_path_factory) -> dict[str, Path]:
    """The tiny archive (authors and publications of its own, no register), built and bundled."""
    archive = make_tiny_archive(tmp_path_factory.mktemp("navigation-tiny"))
    site = archive.build()
    result = make_bundle(archive.config, archive.root / "bundle", content_dir=archive.content)
    return {"served": site, "bundle": unzip(result.path, archive.root / "unzipped") / result.path.stem.removesuffix("-offline")}


@pytest.mark.parametrize("page", list(OWN_TRAILS))
@pytest.mark.parametrize("name", ["served", "bundle"])
def test_breadcrumbs_and_tab_of_an_author_s_and_a_publication_s_own_page(tiny_sites, name, page):
    check_trail(tiny_sites[name], page, directory=name == "served", trails=OWN_TRAILS)


def forward_of(page_file: Path) -> str:
    """Where a forwarding file sends the reader (its refresh URL; its link says the same)."""
    soup = soup_of(page_file)
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh is not None, f"{page_file} forwards nowhere"
    url = refresh["content"].split("url=", 1)[1]
    assert soup.body.a["href"] == url and soup.find("link", rel="canonical")["href"] == url
    return url


@pytest.mark.parametrize("page", list(FORWARDS))
def test_an_author_or_publication_in_the_register_forwards_to_the_entity_s_page(demo, bundle, page):
    for site, directory in ((demo.site, True), (bundle, False)):
        page_file = html_file(site, page, directory)
        assert resolve(site, page_file, forward_of(page_file)) == (html_file(site, FORWARDS[page], directory), "")
        # It names the site's icon, so that a browser asks for no /favicon.ico (a 404 in the console).
        assert resolve(site, page_file, soup_of(page_file).find("link", rel="icon")["href"])[0].is_file()


@pytest.mark.parametrize("page", list(NO_TRAIL))
def test_a_page_of_the_navigation_has_its_own_tab_and_no_trail(demo, page):
    soup = soup_of(html_file(demo.site, page))
    assert trail_of(soup) == []
    assert active_tabs(soup) == [NO_TRAIL[page]]


def test_the_entities_index_names_no_file_and_the_editors_page_does(demo):
    """The register's entries no document names: on the entities index by name and role, for
    the reader; on the editors' page with their files, unless they wrote or published a
    document, as the demo's all did (test_entity_roles lists one with its file)."""
    index_file = demo.site / "entities" / "index.html"
    index = article(soup_of(index_file))
    assert not re.search(r"\.ya?ml\b", index.get_text())
    assert "author of 1 document" in squash(index.get_text())
    review_file = demo.site / "review" / "index.html"
    review = article(soup_of(review_file))
    heading = next(h for h in review.select("h2") if heading_text(h) == "Register entries no document mentions")
    assert squash(heading.find_next_sibling().get_text()) == (
        "None: every entity in the register is mentioned at least once, or wrote or published a document.")


def test_a_year_of_a_timeline_split_by_year_keeps_its_anchor(make_archive, monkeypatch):
    """A large archive's timeline is a page per year; the overview keeps each year's id, so a
    document's "2010" still leads to it (the build's link check checks every anchor)."""
    monkeypatch.setattr(timeline_page, "SPLIT", 1)
    archive = make_archive()
    site = archive.build()
    doc_file = next(site.glob("documents/*/index.html"))
    _, (year, href), _ = trail_of(soup_of(doc_file))
    file, fragment = resolve(site, doc_file, href)
    assert file == site / "timeline" / "index.html" and fragment == f"y{year}"
    item = soup_of(file).find(id=fragment)
    assert item.name == "li" and item.a.get_text() == year
    assert (site / "timeline" / year / "index.html").is_file()


# --- the offline bundle -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bundle(bundle_zip, browser_bundle_folder) -> Path:
    """The demo's offline bundle, unzipped (file:// pages, .html URLs): the session's (conftest)."""
    with zipfile.ZipFile(bundle_zip) as zf:
        assert f"{BUNDLE_FOLDER}/404.html" not in zf.namelist()
    return browser_bundle_folder


def test_no_page_of_the_bundle_links_a_feed_but_the_served_site_does(bundle, demo):
    pages = sorted(bundle.rglob("*.html"))
    assert len(pages) > 100
    linking = [p.relative_to(bundle).as_posix() for p in pages if soup_of(p).select('link[rel="alternate"]')]
    assert linking == []
    assert (bundle / "feed.xml").is_file()  # the feeds are still in the bundle, to download
    served = soup_of(demo.site / "index.html").select('link[rel="alternate"]')
    assert [link["href"] for link in served] == ["feed.xml", "annotations.xml"]


@pytest.mark.parametrize("page", list(TRAILS))
def test_breadcrumbs_and_tab_in_the_bundle(bundle, page):
    check_trail(bundle, page, directory=False)


# --- in a browser: served and from the bundle, at 1280 and 390 px -------------------------------------------

BROWSED = ["index", f"documents/{DOC}", f"documents/{QUOTING_DOC}", "entities/ban-ki-moon", "entities/patrick-goodenough",
           "entities/passblue", "topics/north-korea", "topics/index", "timeline", "entities/index",
           "annotations/index", "authors/index", "publications/index", "about", "review", "annotations/orphaned"]


@pytest.fixture(scope="module")
def variants(demo, bundle):
    require_chromium()
    with serve(demo.site) as base:
        yield {"served": Variant("served", base, demo.site.resolve(), directory_urls=True),
               "bundle": Variant("bundle", bundle.resolve().as_uri() + "/", bundle.resolve(), directory_urls=False)}


class Console:
    """Errors and warnings a page logs, scripts that throw, and requests that fail or get an error."""

    def __init__(self, page) -> None:
        self.found: list[str] = []
        page.on("console", lambda m: m.type in ("error", "warning") and self.found.append(f"console {m.type}: {m.text}"))
        page.on("pageerror", lambda e: self.found.append(f"script error: {e}"))
        page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED"
                and self.found.append(f"failed: {r.url} {r.failure}"))
        page.on("response", lambda r: r.status >= 400 and self.found.append(f"HTTP {r.status}: {r.url}"))

    def take(self) -> list[str]:
        found, self.found = self.found, []
        return found


AT_ONCE = 4
"""Pages open at once in test_no_page_logs_an_error: each waits for the network to be idle
(half a second without a request), and those waits overlap."""


# Each page is opened served at one width and from the disk at the other: both ways of
# opening, both layouts (each open waits for the network to be idle: all four took 40 s).
@pytest.mark.parametrize("name, width", [("served", 1280), ("bundle", 390)])
def test_no_page_logs_an_error(browser, variants, name, width):
    variant = variants[name]
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        tabs = [context.new_page() for _ in range(AT_ONCE)]
        consoles = [Console(tab) for tab in tabs]
        shown: list[str | None] = [None] * AT_ONCE  # the page each tab shows
        problems: dict[str, list[str]] = {}

        def take(n: int) -> None:  # what tab n logged since, charged to the page it shows
            found = consoles[n].take()
            if found:
                problems.setdefault(shown[n], []).extend(found)

        for at in range(0, len(BROWSED), AT_ONCE):
            opened = list(enumerate(BROWSED[at:at + AT_ONCE]))
            for n, path in opened:
                take(n)  # (what came late for the page the tab showed before)
                shown[n] = path
                tabs[n].goto(variant.url(path), wait_until="load")
            for n, _ in opened:
                tabs[n].wait_for_load_state("networkidle")
                take(n)
        tabs[0].wait_for_timeout(300)  # what comes late for the last pages
        for n in range(AT_ONCE):
            take(n)
        assert problems == {}
    finally:
        context.close()


@pytest.mark.parametrize("name", ["served", "bundle"])
def test_every_page_of_the_bundle_and_site_refers_to_nothing_outside_it(variants, name):
    """What the browser test cannot open one by one: no page has a link, script or stylesheet
    from the server's root ('/...'), which a page opened from the disk does not find."""
    root = variants[name].root
    rooted = []
    for file in sorted(root.rglob("*.html")):
        if name == "served" and file.name == "404.html":
            continue  # a server's error page: its links start at the root on purpose
        soup = soup_of(file)
        rooted += [f"{file.relative_to(root)}: {tag.name} {url}" for tag in soup.select("[href], [src]")
                   for url in [tag.get("href") or tag.get("src")] if url.startswith("/")]
    assert rooted == []


@pytest.mark.parametrize("name", ["served", "bundle"])
def test_following_the_trail(browser, variants, name):
    """At 390 px (where the tabs are hidden, the trail is what says where the reader is): from a
    document to its year on the timeline, from an entity to its type on the entities index."""
    variant = variants[name]
    context = browser.new_context(viewport={"width": PHONE, "height": 844})
    try:
        page = context.new_page()
        console = Console(page)
        page.goto(variant.url(f"documents/{DOC}"), wait_until="load")
        trail = page.locator("nav.archive-breadcrumbs")
        assert trail.is_visible()
        box = trail.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE
        sizes = page.eval_on_selector_all("nav.archive-breadcrumbs a", "as => as.map(a => [a.offsetWidth, a.offsetHeight])")
        assert sizes and all(h >= 24 for _, h in sizes), sizes
        page.click("nav.archive-breadcrumbs a >> text=2010")
        page.wait_for_load_state("load")
        assert variant.is_page(page.url, "timeline") and page.url.endswith("#y2010")
        assert page.locator("#y2010").is_visible()
        page.goto(variant.url("entities/ban-ki-moon"), wait_until="load")
        page.click("nav.archive-breadcrumbs a >> text=People")
        page.wait_for_load_state("load")
        assert variant.is_page(page.url, "entities/index") and page.url.endswith("#people")
        assert console.take() == []
    finally:
        context.close()


@pytest.mark.parametrize("name", ["served", "bundle"])
def test_an_author_s_old_address_opens_the_entity_s_page(browser, variants, name):
    variant = variants[name]
    context = browser.new_context(viewport={"width": PHONE, "height": 844})
    try:
        page = context.new_page()
        console = Console(page)
        for old, new in FORWARDS.items():
            with page.expect_navigation(url=lambda url, new=new: variant.is_page(url, new)):
                page.goto(variant.url(old), wait_until="commit")
            page.wait_for_load_state("load")
            assert page.locator("nav.archive-breadcrumbs li").first.inner_text().strip() == "Entities"
        assert console.take() == []
    finally:
        context.close()


SHOTS = {"document": f"documents/{DOC}", "entity": "entities/ban-ki-moon", "author": "entities/patrick-goodenough",
         "editors": "review", "about": "about"}


@pytest.mark.parametrize("name", ["served", "bundle"])
def test_screenshots_and_the_highlighted_tab(browser, variants, name):
    """The highlighted tab is shown on a desktop; screenshots of each page kind at both widths."""
    variant = variants[name]
    context = browser.new_context(viewport={"width": DESKTOP, "height": 900})
    try:
        page = context.new_page()
        for shot, path in SHOTS.items():
            page.goto(variant.url(path), wait_until="load")
            if shot != "editors":
                active = page.locator("li.md-tabs__item--active")
                assert active.count() == 1 and active.is_visible()
            for width in WIDTHS:
                set_width(page, width)
                screenshot(page, name, f"navigation-{shot}", width, full_page=False)
            set_width(page, DESKTOP)
    finally:
        context.close()


@pytest.mark.parametrize("path", ["review", "entities/patrick-goodenough", f"documents/{DOC}", "about"])
def test_axe_finds_nothing_serious(browser, variants, path):
    context = browser.new_context(viewport={"width": DESKTOP, "height": 900})
    try:
        page = context.new_page()
        page.goto(variants["served"].url(path), wait_until="load")
        found = serious(run_axe(page))
        assert not found, describe_violations(path, found)
    finally:
        context.close()
