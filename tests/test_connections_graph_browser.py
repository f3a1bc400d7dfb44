"""The connections graph in Chromium (issue 22), at 1280 and 390 px, on the demo served over
http:// and as the offline bundle from file://, with every request that is neither file:// nor
loopback aborted (and none made):

- the graph renders, its filters (type, number of entities, minimum shared paragraphs) hide
  and show nodes and connections, and say what is shown;
- a click on a node opens that entity's page, whose neighbourhood is drawn and whose nodes
  lead on;
- without JavaScript the core is drawn and the table is there;
- no console error; axe finds nothing serious or critical; the page fits a phone (the drawing
  scrolls inside its frame).
Screenshots go to test-artifacts/ (graph-*.png).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browser_support import (DESKTOP, PHONE, REPO, RequestLog, Variant, describe_violations, horizontal_overflow,
                             run_axe, serious)
from test_browser import TIMEOUT, bundle_site, h1, open_page, served_site, variant  # noqa: F401  (fixtures)

ARTIFACTS = REPO / "test-artifacts"
GRAPH = "entities/connections"
VISIBLE_NODES = "svg.archive-graph-svg a.archive-graph-node:not(.is-off)"
VISIBLE_EDGES = "svg.archive-graph-svg line:not(.is-off)"


class Guard:
    """A browser context whose requests may only be file:// or loopback (others are aborted and
    recorded), with its console errors and page errors recorded."""

    def __init__(self, browser, variant: Variant, width: int, javascript: bool = True) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900 if width == DESKTOP else 844},
                                           java_script_enabled=javascript)
        self.context.set_default_timeout(TIMEOUT)
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.log = RequestLog(variant).attach(self.context)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(f"{m.text} {m.location}"))

    def _route(self, route) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme == "file" or (parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost")):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def assert_clean(self) -> None:
        assert self.blocked == [] and self.errors == []
        self.log.assert_clean()

    def close(self) -> None:
        self.context.close()


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"graph-{name}.png"))


def status(page) -> str:
    return page.locator(".archive-graph-status").inner_text()


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_the_graph_filters_and_leads_to_entity_pages(browser, variant, width):
    guard = Guard(browser, variant, width)
    page = guard.page
    try:
        open_page(page, variant, GRAPH)
        assert h1(page) == "Connections"
        page.wait_for_selector(".archive-graph-controls:not([hidden])")  # graph.js ran
        nodes = page.locator(VISIBLE_NODES).count()
        edges = page.locator(VISIBLE_EDGES).count()
        rows = page.locator("div.archive-connections-table tbody tr").count()
        assert nodes == rows > 50 and edges > 0
        assert status(page) == f"Showing {nodes} of {nodes} entities and {edges} connections of at least " \
                               f"{page.locator('input[name=weight]').input_value()} shared paragraphs."
        overflow = horizontal_overflow(page)
        assert overflow["scrollWidth"] <= overflow["clientWidth"], overflow
        page.locator("figure.archive-graph").scroll_into_view_if_needed()
        page.evaluate("document.querySelector('figure.archive-graph').scrollIntoView()")
        shoot(page, f"connections-{variant.name}-{width}")
        # The type filter hides every person and the connections at them.
        people = page.locator(f"{VISIBLE_NODES}[data-type=person]").count()
        assert people > 0
        page.locator("input[name=type][value=person]").uncheck()
        assert page.locator(f"{VISIBLE_NODES}[data-type=person]").count() == 0
        assert page.locator(VISIBLE_NODES).count() == nodes - people
        assert page.locator(VISIBLE_EDGES).count() < edges
        assert status(page).startswith(f"Showing {nodes - people} of {nodes} entities")
        page.locator("input[name=type][value=person]").check()
        assert page.locator(VISIBLE_NODES).count() == nodes
        # Fewer entities, then a higher floor: fewer shown.
        page.locator("select[name=count]").select_option("50")
        assert page.locator(VISIBLE_NODES).count() == 50
        assert page.locator(f"{VISIBLE_NODES}[data-i='50']").count() == 0
        floor = int(page.locator("input[name=weight]").input_value())
        before = page.locator(VISIBLE_EDGES).count()
        page.locator("input[name=weight]").fill(str(floor + 2))
        after = page.locator(VISIBLE_EDGES).count()
        assert 0 < after < before
        weights = page.eval_on_selector_all(VISIBLE_EDGES, "ls => ls.map(l => +l.getAttribute('data-w'))")
        assert min(weights) >= floor + 2
        # A click on a node opens its entity's page.
        node = page.locator("svg.archive-graph-svg a.archive-graph-node[data-i='0']")
        name = node.locator("title").text_content().rsplit(": ", 1)[0]
        target = node.get_attribute("href")
        with page.expect_navigation():
            node.locator("circle").click()
        entity = target.rstrip("/").removeprefix("../").removesuffix(".html")
        assert variant.is_page(page.url, f"entities/{entity}"), page.url
        assert h1(page) == name
        # Its neighbourhood is drawn; its nodes lead on.
        related = page.locator("div.archive-related")
        related.scroll_into_view_if_needed()
        neighbours = page.locator("figure.archive-neighbourhood a.archive-graph-node")
        assert neighbours.count() == min(10, page.locator("div.archive-related > ul > li").count())
        shoot(page, f"entity-{variant.name}-{width}")
        first = neighbours.first
        next_name = first.locator("title").text_content().rsplit(": ", 1)[0]
        with page.expect_navigation():
            first.locator("circle").click()
        assert h1(page) == next_name
        guard.assert_clean()
    finally:
        guard.close()


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_axe_finds_nothing_serious(browser, served_site, width):  # noqa: F811
    guard = Guard(browser, served_site, width)
    try:
        for name in (GRAPH, "entities/ban-ki-moon"):
            open_page(guard.page, served_site, name)
            found = serious(run_axe(guard.page))
            assert not found, describe_violations(name, found)
        guard.assert_clean()
    finally:
        guard.close()


def test_without_javascript_the_core_and_the_table(browser, bundle_site):  # noqa: F811
    guard = Guard(browser, bundle_site, DESKTOP, javascript=False)
    page = guard.page
    try:
        open_page(page, bundle_site, GRAPH)
        assert page.locator(".archive-graph-controls").is_hidden()
        figure = page.locator("figure.archive-graph")
        floor = int(figure.get_attribute("data-floor"))
        nodes = page.locator(VISIBLE_NODES)
        assert nodes.count() == int(figure.get_attribute("data-core")) > 0
        assert nodes.first.is_visible()
        weights = page.eval_on_selector_all(VISIBLE_EDGES, "ls => ls.map(l => +l.getAttribute('data-w'))")
        assert weights and min(weights) >= floor
        hidden = page.locator("svg.archive-graph-svg line.is-off").first
        assert hidden.count() == 0 or not hidden.is_visible()
        assert page.locator("div.archive-connections-table tbody tr").count() == nodes.count()
        assert "of at least" in page.locator(".archive-graph-status").inner_text()
        guard.assert_clean()
    finally:
        guard.close()


def test_the_status_line_writes_large_numbers_as_the_page_does(browser):
    """After a change of the filters, graph.js writes "1,200 connections", as the page's own
    status line (emit.markdown.counted) does, not "1200 connections"."""
    lines = "".join('<line data-a="0" data-b="1" data-w="3"></line>' for _ in range(1200))
    page = browser.new_page()
    try:
        page.set_content(
            '<figure class="archive-graph"><form class="archive-graph-filter"><div class="archive-graph-controls" hidden>'
            '<input type="checkbox" name="type" value="person" checked disabled>'
            '<select name="count"><option value="2" selected>2</option></select>'
            '<input type="number" name="weight" value="1"></div><p class="archive-graph-status"></p></form>'
            '<svg class="archive-graph-svg"><a class="archive-graph-node" data-i="0" data-type="person"></a>'
            f'<a class="archive-graph-node" data-i="1" data-type="person"></a>{lines}</svg></figure>')
        page.add_script_tag(path=str(REPO / "builder/bridge/theme/assets/javascripts/graph.js"))
        page.locator("input[name=weight]").fill("2")
        assert page.locator(".archive-graph-status").inner_text() == \
            "Showing 2 of 2 entities and 1,200 connections of at least 2 shared paragraphs."
    finally:
        page.close()
