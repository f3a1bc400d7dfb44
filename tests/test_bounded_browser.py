"""The editors' page and its lists' own pages (emit.review_lists), and the annotations index in
pages, in headless Chromium: the demo archive built with pages of two items, served over
http://127.0.0.1 (directory URLs) and as the offline bundle opened from file:// (.html pages).
At 1280 and 390 px: nothing sticks out of the page, the pager is on screen, its links lead on
and back, axe-core finds nothing serious, and nothing is requested outside the site.
Screenshots: test-artifacts/bounded-<variant>-<page>-<width>.png."""

from __future__ import annotations

import pytest

from browser_support import (PHONE, WIDTHS, RequestLog, describe_violations, horizontal_overflow, run_axe,
                             serious, set_width)
from helpers import REPO

SIZE = 2  # conftest.SMALL_PAGES: the demo's lists in pages of two (small_pages_demo)
PAGES = {"review": "review", "removed-1": "review/removed", "removed-3": "review/removed/3",
         "structure-2": "review/structure/2", "notes-2": "annotations/all/2"}
ARTIFACTS = REPO / "test-artifacts"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_editors_pages_read_well_and_are_accessible(browser, small_pages_variant, width):
    context = browser.new_context()
    log = RequestLog(small_pages_variant).attach(context)
    page = context.new_page()
    set_width(page, width)
    problems = []
    for name, path in PAGES.items():
        page.goto(small_pages_variant.url(path))
        overflow = horizontal_overflow(page)
        assert overflow["scrollWidth"] <= overflow["clientWidth"], (name, overflow)
        if name != "review":
            nav = page.locator("nav.archive-pager").first
            assert nav.is_visible(), name
            box = nav.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (name, box)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"bounded-{small_pages_variant.name}-{name}-{width}.png"), full_page=True)
        log.assert_clean()
        # From file://, axe-core's second fetch of the stylesheets is refused (see run_axe).
        found = serious(run_axe(page, preload=small_pages_variant.name != "bundle"))
        if found:
            problems.append(describe_violations(name, found))
    assert not problems, "\n".join(problems)
    context.close()


def test_from_the_editors_page_to_a_list_and_back(browser, small_pages_variant):
    context = browser.new_context()
    log = RequestLog(small_pages_variant).attach(context)
    page = context.new_page()
    set_width(page, PHONE)
    page.goto(small_pages_variant.url("review"))
    page.get_by_role("link", name="the 5 documents").click()
    page.wait_for_load_state()
    assert small_pages_variant.is_page(page.url, "review/removed")
    assert page.locator(".archive-removed h3").count() == SIZE
    page.locator("nav.archive-pager").first.get_by_role("link", name="Next").click()
    page.wait_for_load_state()
    assert small_pages_variant.is_page(page.url, "review/removed/2")
    page.locator("nav.archive-pager").last.get_by_role("link", name="Page 3").click()
    page.wait_for_load_state()
    assert small_pages_variant.is_page(page.url, "review/removed/3")
    assert page.locator(".archive-removed h3").count() == 1
    page.locator(".archive-pager-intro a").first.click()
    page.wait_for_load_state()
    assert small_pages_variant.is_page(page.url, "review")
    # The annotations index: the filter shows on a further page, over its notes.
    page.goto(small_pages_variant.url("annotations/all/2"))
    assert page.locator("form.archive-filter").is_visible()
    assert page.locator("ul#archive-annotations > li:not([hidden])").count() == SIZE
    log.assert_clean()
    context.close()
