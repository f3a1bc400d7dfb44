"""The charts, the dark scheme and print in Chromium (issue 22, "Timeline you can see" and "Also
expected"), at 1280 and 390 px, on the demo served over http:// and as the offline bundle from
file://, every request that would leave the site aborted (and none made).

- The timeline, an entity page and a topic page show their chart across the column, its labels
  apart; a bar on the timeline leads to its year, an entity's to the year's first document.
- With the system set to dark, pages use Material's slate scheme and axe finds nothing serious.
- In print, a document page has no navigation, header, footer, search or sidebars; its notes
  follow their paragraphs; the citation and the page's address close it; it prints dark on white.
Screenshots go to test-artifacts/ (charts-*.png).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browser_support import (DESKTOP, PHONE, REPO, RequestLog, Variant, describe_violations, horizontal_overflow,
                             run_axe, serious, set_width)
from test_browser import TIMEOUT, bundle_site, open_page, served_site, variant  # noqa: F401

ARTIFACTS = REPO / "test-artifacts"
DOC = "documents/china-backs-ban-ki-moon"
CITED = "https://china-un-human-rights.example.org/documents/china-backs-ban-ki-moon/"
PAGES = {"timeline": "timeline", "entity": "entities/china", "topic": "topics/north-korea", "document": DOC}


class Watched:
    """A browser context whose requests leaving the site are aborted and listed, with its pages'
    console errors."""

    def __init__(self, browser, variant: Variant, **options) -> None:
        self.context = browser.new_context(viewport={"width": DESKTOP, "height": 900}, **options)
        self.context.set_default_timeout(TIMEOUT)
        self.log = RequestLog(variant).attach(self.context)
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)

    def _route(self, route) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme in ("file", "data", "blob") or parts.hostname == "127.0.0.1":
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def page(self):
        page = self.context.new_page()
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        return page

    def assert_clean(self) -> None:
        assert self.blocked == [], self.blocked
        assert self.errors == [], self.errors
        self.log.assert_clean()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def watched(browser, variant):
    made: list[Watched] = []

    def make(**options) -> Watched:
        made.append(Watched(browser, variant, **options))
        return made[-1]

    yield make
    for one in made:
        one.close()


def shoot(page, name: str, width: int) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"charts-{name}-{width}.png"), full_page=False)


def chart_box(page, selector: str) -> dict:
    """The chart's and its column's widths, and the boxes of the labels shown."""
    return page.eval_on_selector(selector, """figure => {
        const svg = figure.querySelector('svg'), column = figure.closest('article');
        const shown = [...svg.querySelectorAll('text.archive-chart-label:not(.archive-chart-year)')]
            .filter(t => getComputedStyle(t).display !== 'none').map(t => t.getBoundingClientRect())
            .map(r => ({left: r.left, right: r.right, width: r.width}));
        return {svg: svg.getBoundingClientRect().width, column: column.getBoundingClientRect().width,
                bars: svg.querySelectorAll('rect.archive-chart-bar').length, labels: shown};
    }""")


def assert_drawn(page, selector: str, width: int) -> None:
    page.wait_for_selector(f"{selector} svg")
    box = chart_box(page, selector)
    assert box["bars"] >= 2
    assert box["svg"] >= min(0.95 * box["column"], 700), box  # across the column (at most 40rem)
    assert len(box["labels"]) >= 2 and all(label["width"] > 0 for label in box["labels"])
    for left, right in zip(box["labels"], box["labels"][1:]):
        assert left["right"] <= right["left"], (width, box["labels"])  # no label over the next
    overflow = horizontal_overflow(page)
    assert overflow["scrollWidth"] <= width + 1, overflow


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_the_charts_render_and_their_bars_lead_to_the_period(watched, variant, width):
    site = watched(color_scheme="light")
    page = site.page()
    set_width(page, width)
    open_page(page, variant, "timeline")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"  # a light system: light
    assert_drawn(page, "figure#archive-timeline-chart", width)
    shoot(page, f"{variant.name}-timeline", width)
    page.locator("figure#archive-timeline-chart svg a[href='#y2013']").click()
    assert page.url.endswith("#y2013")
    heading = page.locator("h2#y2013")
    assert heading.is_visible() and page.evaluate("window.scrollY") > 0
    assert 0 <= heading.evaluate("h => h.getBoundingClientRect().top") < page.evaluate("window.innerHeight")
    open_page(page, variant, "entities/china")
    assert_drawn(page, "figure#archive-entity-chart", width)
    shoot(page, f"{variant.name}-entity", width)
    page.locator("figure#archive-entity-chart svg a").nth(1).click()
    assert page.url.endswith("#doc-ban-ki-moon-meets-chinese-leaders-2013")
    assert page.locator("h3#doc-ban-ki-moon-meets-chinese-leaders-2013").is_visible()
    open_page(page, variant, "topics/north-korea")
    assert_drawn(page, "figure#archive-topic-chart", width)
    assert page.locator("figure#archive-topic-chart svg").get_attribute("role") == "img"
    shoot(page, f"{variant.name}-topic", width)
    site.assert_clean()


# --- the dark scheme --------------------------------------------------------------------------------------

DARK_PAGES = {"home": "index", "document": DOC, "entity": "entities/china", "annotations": "annotations/index",
              "timeline": "timeline", "topic": "topics/north-korea"}


def test_dark_scheme_follows_the_system_and_passes_axe(watched, variant):
    """axe on the hosted site (from file://, axe's own requests for the stylesheets fail: the
    bundle's pages are the same); the scheme and its colours on both."""
    site = watched(color_scheme="dark")
    page = site.page()
    failures = []
    for name, path in DARK_PAGES.items():
        if variant.name == "bundle" and name not in ("document", "timeline"):
            continue
        open_page(page, variant, path)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate", name
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background not in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), background
        if variant.name == "served":
            found = serious(run_axe(page))
            if found:
                failures.append(describe_violations(f"{name} (dark)", found))
        if variant.name == "served" and name in PAGES:
            for width in (DESKTOP, PHONE):
                set_width(page, width)
                shoot(page, f"dark-{name}", width)
            set_width(page, DESKTOP)
    assert not failures, "\n".join(failures)
    site.assert_clean()


# --- print ----------------------------------------------------------------------------------------------

HIDDEN_IN_PRINT = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer",
                   ".md-search", ".archive-breadcrumbs", ".archive-neighbours"]


def test_a_document_prints_without_navigation_with_its_notes_citation_and_address(watched, variant):
    """From the light scheme, and on the hosted site from the dark one too (the bundle's page and
    stylesheets are the same)."""
    for scheme in ("light", "dark") if variant.name == "served" else ("light",):
        prints_well(watched(color_scheme=scheme), variant, scheme)


def prints_well(site: Watched, variant: Variant, scheme: str) -> None:
    page = site.page()
    open_page(page, variant, DOC)
    notes = page.locator("aside.archive-note")
    # On a wide screen the notes stand in the margin ...
    assert notes.first.evaluate("n => getComputedStyle(n).position") == "absolute"
    assert page.locator(".archive-print-url").is_hidden()
    page.emulate_media(media="print")
    for selector in HIDDEN_IN_PRINT:
        located = page.locator(selector)
        assert located.count() == 0 or all(not one.is_visible() for one in located.all()), selector
    # ... in print each follows the paragraph it is on, in the column.
    text = page.locator("div.archive-body").bounding_box()
    for i in range(notes.count()):
        note = notes.nth(i)
        assert note.evaluate("n => getComputedStyle(n).position") == "static"
        box = note.bounding_box()
        assert box["x"] >= text["x"] and box["x"] + box["width"] <= text["x"] + text["width"] + 1
        assert note.evaluate("n => n.previousElementSibling.matches('.archive-p, .archive-caption, blockquote, "
                             "aside.archive-note')")
    # The plain citation, not the formats or buttons, then the address, last.
    cite = page.locator("details.archive-cite .archive-cite-plain")
    assert cite.is_visible() and CITED in cite.inner_text()
    assert page.locator(".archive-cite-format").first.is_hidden()
    address = page.locator("article .archive-print-url")
    assert address.is_visible() and address.inner_text() == f"This page: {CITED}"
    assert page.evaluate("[...document.querySelector('article').children].filter(e => e.offsetParent !== null)"
                         ".pop().className") == "archive-print-url"
    assert address.bounding_box()["y"] > cite.bounding_box()["y"] > notes.last.bounding_box()["y"]
    # Dark on white, from either scheme.
    colour = page.locator("div.archive-body p.archive-p").first.evaluate("p => getComputedStyle(p).color")
    assert colour in ("rgb(0, 0, 0)", "rgba(0, 0, 0, 0.87)"), colour
    if variant.name == "served":
        for width in (DESKTOP, PHONE):
            set_width(page, width)
            page.screenshot(path=str(ARTIFACTS / f"charts-print-{scheme}-document-{width}.png"), full_page=True)
    site.assert_clean()


def test_a_chart_prints_in_grey_and_black(watched, variant):
    site = watched(color_scheme="dark")
    page = site.page()
    open_page(page, variant, "timeline")
    page.emulate_media(media="print")
    chart = page.locator("figure#archive-timeline-chart")
    assert chart.is_visible()
    assert chart.locator("rect.archive-chart-bar").first.evaluate("r => getComputedStyle(r).fill") == "rgb(68, 68, 68)"
    assert chart.locator("text.archive-chart-label").first.evaluate("t => getComputedStyle(t).fill") == "rgb(0, 0, 0)"
    if variant.name == "served":
        for width in (DESKTOP, PHONE):
            set_width(page, width)
            shoot(page, "print-timeline", width)
    site.assert_clean()
