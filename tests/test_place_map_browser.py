"""The map of places in Chromium (issue 22), at 1280 and 390 px, on the demo served over
http://127.0.0.1 and as the offline bundle from file://, with every other request aborted (and
none made): the map renders with its outlines and one marker per located place, a click on a
marker reaches the place's page, nothing is logged as an error, and axe finds nothing serious.
Screenshots: test-artifacts/map-<variant>-<width>.png.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browser_support import (DESKTOP, PHONE, REPO, Variant, describe_violations, horizontal_overflow, run_axe, serious,
                             set_width)
from test_browser import TIMEOUT, bundle_site, h1, open_page, served_site, variant  # noqa: F401

ARTIFACTS = REPO / "test-artifacts"
MAP = "entities/map"
LOCATED = 32  # the demo's places with coordinates (tests/fixtures/demo-content/entities)


def local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("file", "data", "blob", "about") or parts.hostname in ("127.0.0.1", "localhost")


@pytest.fixture
def watched(browser):  # noqa: F811
    """(context, requests aborted because they would leave the machine, errors logged by pages)."""
    context = browser.new_context(viewport={"width": DESKTOP, "height": 900})
    context.set_default_timeout(TIMEOUT)
    aborted: list[str] = []
    errors: list[str] = []

    def route(request_route):
        if local(request_route.request.url):
            request_route.continue_()
        else:
            aborted.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    context.on("page", lambda page: (page.on("pageerror", lambda error: errors.append(str(error))),
                                     page.on("console", lambda m: m.type == "error" and errors.append(m.text))))
    yield context, aborted, errors
    context.close()


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_map_renders_and_a_marker_leads_to_its_place(watched, variant, width):
    context, aborted, errors = watched
    page = context.new_page()
    set_width(page, width)
    open_page(page, variant, MAP)
    assert h1(page) == "Map of places"
    svg = page.locator("svg.archive-map-world")
    box = svg.bounding_box()
    assert box["width"] > (800 if width == DESKTOP else 300) and box["height"] > 100, box
    assert page.locator("svg.archive-map-world path.archive-map-land").count() == 1
    assert page.locator("svg.archive-map-world a circle").count() == LOCATED
    # Drawn: the land is filled with the theme's colour, the markers are visible.
    fill = page.eval_on_selector("svg.archive-map-world path.archive-map-land", "p => getComputedStyle(p).fill")
    assert fill not in ("none", "rgb(0, 0, 0)"), fill
    marker = page.locator('svg.archive-map-world a[aria-label="Russia: 1 document"] circle')
    marker_box = marker.bounding_box()
    assert marker_box["width"] >= 4, marker_box
    overflow = horizontal_overflow(page)
    assert overflow["scrollWidth"] <= overflow["clientWidth"], overflow
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"map-{variant.name}-{width}.png"), full_page=True)
    marker.click()
    page.wait_for_selector("article.md-content__inner h1")
    assert variant.is_page(page.url, "entities/russia"), page.url
    assert h1(page) == "Russia"
    # And from the table beneath, for readers without the picture.
    open_page(page, variant, MAP)
    page.locator(".archive-map-places a", has_text="Pyongyang").click()
    page.wait_for_selector("article.md-content__inner h1")
    assert h1(page) == "Pyongyang"
    assert aborted == []
    assert errors == []


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_map_page_has_no_serious_axe_violations(watched, served_site, width):  # noqa: F811
    context, aborted, errors = watched
    page = context.new_page()
    set_width(page, width)
    open_page(page, served_site, MAP)
    found = serious(run_axe(page))
    assert not found, describe_violations(f"{MAP} at {width}", found)
    assert aborted == [] and errors == []
