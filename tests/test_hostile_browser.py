"""The hostile matrix in Chromium: no payload runs, on any page or in any search (issue 16).

The archive (tests/hostile_matrix.py, write_matrix_archive) carries a payload in every field of
every editor file (sidecar, entity, topic, annotation, an orphaned annotation), in every
metadata field a text source or a captured web page can give, in a source's file name and in
mkdocs.yml's site_name and site_description. Each payload calls window.__pwned(N): the browser
context exposes that function, and every test fails if it was ever called or a dialog opened.
The archive is built once and read twice, served over http:// and as the offline bundle from
file://, each in one browser page.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest

from browser_support import DESKTOP, RequestLog, Variant, serve
from hostile_matrix import (MATRIX_AGENCY, MATRIX_BYLINE_AUTHOR, MATRIX_REPORTER, MATRIX_ENTITY_NAME, MATRIX_PUBLICATION_WRITES,
                            MATRIX_SIDECAR_AUTHOR, MATRIX_SIDECAR_TITLE, MATRIX_SITE_DESCRIPTION, MATRIX_SITE_NAME,
                            MATRIX_TEXT_TITLE, MATRIX_TOPIC_TITLE, write_matrix_archive)
from builder.bridge.bundle import make_bundle
from builder.bridge.site import build_site
from builder.emit.taxonomy_pages import AUTHORS, PUBLICATIONS
from test_browser import TIMEOUT, h1, open_page  # (the browser fixtures are in conftest.py)
from test_escaping_new_archive import new_site  # noqa: F401  (a fixture)


@pytest.fixture(scope="module")
def matrix_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("browser-matrix")
    write_matrix_archive(root)
    return root


@pytest.fixture(scope="module", params=["served", "bundle"])
def matrix_site(request, matrix_root, tmp_path_factory, chromium_path):  # noqa: F811
    """The matrix archive served over http:// (directory URLs), and as the offline bundle
    opened from file:// (.html pages; search from the index's script files)."""
    config, content = matrix_root / "mkdocs.yml", matrix_root / "content"
    if request.param == "served":
        site = matrix_root / "site"
        build_site(config, site, content_dir=content)
        with serve(site) as base:
            yield Variant("served", base, site.resolve(), directory_urls=True)
        return
    result = make_bundle(config, tmp_path_factory.mktemp("matrix-bundle"), content_dir=content)
    with zipfile.ZipFile(result.path) as zf:
        zf.extractall(result.path.parent / "unzipped")
    folder = next((result.path.parent / "unzipped").glob("*/index.html")).parent.resolve()
    yield Variant("bundle", folder.as_uri() + "/", folder, directory_urls=False)


class Watch:
    """One browser page whose context exposes __pwned; records its calls and every dialog."""

    def __init__(self, context, variant: Variant) -> None:
        self.calls: list[tuple] = []
        self.dialogs: list[str] = []
        self.variant = variant
        context.expose_function("__pwned", lambda *args: self.calls.append(args))
        self.log = RequestLog(variant).attach(context)
        self.page = context.new_page()
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))

    def visit(self, url: str) -> None:
        self.page.goto(url, wait_until="load")
        self.page.wait_for_timeout(60)  # handlers that fire after load (ontoggle, a late onerror)

    def assert_nothing_ran(self, where: str) -> None:
        # The exposed function answers through Playwright's channel: let pending calls arrive.
        self.page.wait_for_timeout(30)
        calls, dialogs = list(self.calls), list(self.dialogs)
        self.calls.clear()  # each test reports what ran in it
        self.dialogs.clear()
        assert calls == [], f"{where}: script from content ran: __pwned{calls}"
        assert dialogs == [], f"{where}: a dialog opened: {dialogs}"


@pytest.fixture(scope="module")
def watch(browser, matrix_site):  # noqa: F811
    context = browser.new_context(viewport={"width": DESKTOP, "height": 900})
    context.set_default_timeout(TIMEOUT)
    try:
        yield Watch(context, matrix_site)
    finally:
        context.close()


def every_page(variant: Variant) -> list[str]:
    """Every HTML page of the site (home, documents, entities and their index, topics and their
    index, authors, publications, timeline, annotations, orphaned annotations, review, about,
    404 when served: from file:// no page shows it, and its links start at the server's root),
    and the published originals (served as text)."""
    root = variant.root
    pages = [p for p in root.rglob("*.html") if "assets" not in p.relative_to(root).parts
             and (variant.directory_urls or p != root / "404.html")]
    originals = sorted((root / "sources").iterdir())
    urls = []
    for path in sorted(pages) + originals:
        rel = path.relative_to(root).as_posix()
        if variant.directory_urls and rel.endswith("index.html"):
            rel = rel[:-len("index.html")]
        urls.append(variant.base + quote(rel))
    return urls


def test_the_exposed_function_is_seen(watch):
    """The harness itself: a call of __pwned from the page is recorded (else the matrix proves nothing)."""
    watch.visit(watch.variant.url("index"))
    watch.page.evaluate("() => window.__pwned(0)")
    watch.page.wait_for_timeout(30)
    assert watch.calls == [(0,)]
    watch.calls.clear()


def test_no_page_runs_a_payload(watch):
    urls = every_page(watch.variant)
    kinds = ["documents/report", "entities/zed-quorum", "entities/index", "entities/connections", "topics/evil",
             "topics/index", "authors/index",
             "publications/index", "timeline", "annotations/index", "annotations/orphaned", "review", "about", "index"]
    assert all(watch.variant.url(kind) in urls for kind in kinds), urls
    for url in urls:
        watch.visit(url)
        watch.assert_nothing_ran(url)
    watch.log.assert_clean()


@pytest.mark.parametrize("query, title", [
    ("Report", MATRIX_TEXT_TITLE),
    ("Zed", MATRIX_ENTITY_NAME),
    ("Evil", MATRIX_TOPIC_TITLE),
    ("title", MATRIX_SIDECAR_TITLE),
    ("Alias", MATRIX_ENTITY_NAME),
])
def test_search_results_show_hostile_titles_as_text(watch, query, title):
    """Issue 16: typing "Report" ran `Report on <img src=x onerror=alert(1)> rights`. The
    archive's search shows titles, meta lines and snippets as text."""
    page = watch.page
    watch.visit(watch.variant.url("index"))
    page.locator("input.md-search__input").click()
    page.keyboard.type(query)
    page.wait_for_selector(f".md-search-result__list[data-query='{query}'] a.md-search-result__link", state="visible")
    page.wait_for_timeout(150)
    watch.assert_nothing_ran(f"search {query!r}")
    shown = page.eval_on_selector_all(".archive-search__name", "ns => ns.map(n => n.textContent)")
    assert title in shown, shown
    assert page.locator(".md-search-result__list :is(img, svg, script, iframe)").count() == 0
    # Following a result runs nothing.
    result = page.locator("a.md-search-result__link", has=page.locator(".archive-search__name", has_text=title)).first
    with page.expect_navigation():
        result.click()
    page.wait_for_selector("article.md-content__inner h1")
    page.wait_for_timeout(60)
    watch.assert_nothing_ran(f"the result of {query!r}")


def test_a_hostile_search_query_in_the_address_runs_nothing(watch):
    watch.visit(watch.variant.url("index") + "?q=" + quote("<img src=x onerror=__pwned(98)>"))
    watch.page.wait_for_timeout(200)
    watch.assert_nothing_ran("?q=")
    watch.visit(watch.variant.url("documents/report") + "?h=" + quote("<img src=x onerror=__pwned(99)> report"))
    watch.assert_nothing_ran("?h=")


@pytest.mark.parametrize("name, taxonomy", [(MATRIX_BYLINE_AUTHOR, AUTHORS), (MATRIX_SIDECAR_AUTHOR, AUTHORS),
                                            (MATRIX_REPORTER, AUTHORS), (MATRIX_PUBLICATION_WRITES, PUBLICATIONS),
                                            (MATRIX_AGENCY, PUBLICATIONS)])
def test_term_pages_read_the_literal_name(watch, name, taxonomy):
    page = watch.page
    watch.visit(watch.variant.url(taxonomy.term_page(name)[:-len(".md")]))
    assert h1(page) == name
    assert page.title() == f"{name} - {MATRIX_SITE_NAME}"
    if taxonomy is AUTHORS:
        assert page.evaluate("document.querySelector('meta[name=author]').content") == name
    assert page.locator(".md-header__topic[data-md-component=header-topic] .md-ellipsis").inner_text().strip() == name
    watch.assert_nothing_ran(name)


def test_site_name_description_and_documents_read_literally(watch):
    page = watch.page
    watch.visit(watch.variant.url("index"))
    assert h1(page) == MATRIX_SITE_NAME
    assert page.locator(".md-header__topic .md-ellipsis").first.inner_text().strip() == MATRIX_SITE_NAME
    assert page.evaluate("document.querySelector('meta[name=description]').content") == MATRIX_SITE_DESCRIPTION
    watch.visit(watch.variant.url("documents/sidecar"))
    assert page.title() == f"{MATRIX_SIDECAR_TITLE} - {MATRIX_SITE_NAME}"
    assert h1(page) == MATRIX_SIDECAR_TITLE
    ld = page.evaluate("JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)")
    assert ld["headline"] == MATRIX_SIDECAR_TITLE
    watch.visit(watch.variant.url("topics/evil"))
    assert h1(page) == MATRIX_TOPIC_TITLE
    code = page.locator("article div.archive-description code").last.inner_text()
    assert "![m](https://example.invalid/m.png){onerror=__pwned(21)}" in code
    watch.assert_nothing_ran("literal checks")


def test_annotation_filter_with_hostile_author_runs_nothing(watch):
    """The annotations page's filter reads the authors' names (notes.js) and shows its items again."""
    page = watch.page
    watch.visit(watch.variant.url("annotations/index"))
    select = page.locator("form.archive-filter select[name=author]")
    options = select.locator("option").all_inner_texts()
    assert any(o.startswith("Note Author <img src=x onerror=__pwned(50)>") for o in options), options
    select.select_option(index=1)
    page.wait_for_timeout(60)
    assert page.locator("#archive-annotations > li:not([hidden])").count() == 1
    watch.assert_nothing_ran("annotation filter")


def test_tour_loaded_nothing_from_elsewhere(watch):
    """Last: the whole module's visits loaded nothing from another host, and nothing failed."""
    watch.assert_nothing_ran("the end of the tour")
    watch.log.assert_clean()


def test_an_archive_new_site_runs_nothing(browser, new_site):  # noqa: F811
    """A site `archive new` lays out has no overrides: Material's own templates print the pages'
    metadata. Filled with hostile bylines, sidecars, an entity and a topic
    (test_escaping_new_archive.py), no page of it runs a payload."""
    context = browser.new_context(viewport={"width": DESKTOP, "height": 900})
    context.set_default_timeout(TIMEOUT)
    try:
        with serve(new_site) as base:
            watch = Watch(context, Variant("served", base, new_site.resolve(), directory_urls=True))
            urls = every_page(watch.variant)
            assert watch.variant.url("authors/joe-img-src-x-onerror-pwned-83-smith") in urls, urls
            for url in urls:
                watch.visit(url)
                watch.assert_nothing_ran(url)
            watch.log.assert_clean()
    finally:
        context.close()


def test_matrix_covers_the_editor_schemas():
    """Every declared field of every editor file that takes text carries a payload in the matrix."""
    from hostile_matrix import (MATRIX_ANNOTATION, MATRIX_CHILD_TOPIC, MATRIX_ENTITY, MATRIX_ORPHAN, MATRIX_SIDECAR,
                                MATRIX_TOPIC)
    from builder.stages.annotations import ANNOTATION_SCHEMA
    from builder.stages.register import ENTITY_SCHEMA
    from builder.stages.sidecars import SIDECAR_SCHEMA
    from builder.stages.topics import TOPIC_SCHEMA

    free_text = ("text", "markdown", "text-list", "passage")
    for schema, written in ((SIDECAR_SCHEMA, [MATRIX_SIDECAR]), (ENTITY_SCHEMA, [MATRIX_ENTITY]),
                            (TOPIC_SCHEMA, [MATRIX_TOPIC, MATRIX_CHILD_TOPIC]),
                            (ANNOTATION_SCHEMA, [MATRIX_ANNOTATION, MATRIX_ORPHAN])):
        # Checked before they reach a page: ids and id lists (slugs), dates, choices, http(s)
        # URLs, Wikidata ids, a topic's threshold (a number).
        exempt = {"wikidata", "threshold"}
        for field in schema:
            if field.kind in free_text and field.name not in exempt:
                values = [str(w.get(field.name, "")) for w in written]
                assert any("__pwned" in v for v in values), f"{field.name} carries no payload"
