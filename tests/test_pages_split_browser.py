"""Long lists split into pages (emit.pager), in headless Chromium: the demo archive built with
pages of two documents, served over http://127.0.0.1 (directory URLs) and as the offline
bundle opened from file:// (.html pages). At 1280 and 390 px: the pager is on screen without
sticking out of the page, its links go to the next page and back, a document's "N more
mentions" opens on a further page, axe-core finds nothing serious, and nothing is requested
outside the site. Screenshots: test-artifacts/pages-<variant>-<page>-<width>.png."""

from __future__ import annotations

import pytest

from browser_support import (PHONE, WIDTHS, RequestLog, describe_violations, horizontal_overflow, run_axe,
                             serious, set_width)
from helpers import REPO

SIZE = 2  # conftest.SMALL_PAGES: the demo's lists in pages of two (small_pages_demo)
PAGES = {"entity-1": "entities/china", "entity-2": "entities/china/2", "entity-3": "entities/china/3",
         "topic-2": "topics/human-rights-at-the-un/2"}
ARTIFACTS = REPO / "test-artifacts"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_pages_of_a_long_list_read_well_and_are_accessible(browser, small_pages_variant, width):
    context = browser.new_context()
    log = RequestLog(small_pages_variant).attach(context)
    page = context.new_page()
    set_width(page, width)
    problems = []
    for name, path in PAGES.items():
        page.goto(small_pages_variant.url(path))
        nav = page.locator("nav.archive-pager").first
        assert nav.is_visible(), name
        overflow = horizontal_overflow(page)
        assert overflow["scrollWidth"] <= overflow["clientWidth"], (name, overflow)
        box = nav.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (name, box)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"pages-{small_pages_variant.name}-{name}-{width}.png"), full_page=True)
        log.assert_clean()
        # From file://, axe-core's second fetch of the stylesheets is refused (see run_axe).
        found = serious(run_axe(page, preload=small_pages_variant.name != "bundle"))
        if found:
            problems.append(describe_violations(name, found))
    assert not problems, "\n".join(problems)
    context.close()


def test_the_pager_leads_on_and_back_and_more_mentions_open(browser, small_pages_variant):
    context = browser.new_context()
    log = RequestLog(small_pages_variant).attach(context)
    page = context.new_page()
    set_width(page, PHONE)
    page.goto(small_pages_variant.url(PAGES["entity-1"]))
    page.locator("nav.archive-pager").first.get_by_role("link", name="Older").click()
    page.wait_for_load_state()
    assert small_pages_variant.is_page(page.url, PAGES["entity-2"])
    assert page.locator('nav.archive-pager a[aria-current="page"]').first.inner_text() == "2"
    more = page.locator("details.archive-more").first
    more.locator("summary").click()
    assert more.evaluate("d => d.open") and more.locator("li").first.is_visible()
    page.locator("nav.archive-pager").last.get_by_role("link", name="Page 3").click()
    page.wait_for_load_state()
    assert small_pages_variant.is_page(page.url, PAGES["entity-3"])
    page.locator(".archive-pager-intro a").first.click()
    page.wait_for_load_state()
    assert small_pages_variant.is_page(page.url, PAGES["entity-1"])
    log.assert_clean()
    context.close()
