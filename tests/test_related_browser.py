"""Related documents in Chromium, at 1280 and 390 px, on the demo served over http:// and as
the offline bundle from file://: the section ends the document's page, a click on a related
title reaches that document, the section fits a phone, axe finds nothing serious, and no
request leaves the site. Screenshots go to test-artifacts/ (related-*.png)."""

from __future__ import annotations

import pytest

from browser_support import (DESKTOP, PHONE, REPO, RequestLog, Variant, describe_violations, horizontal_overflow,
                             run_axe, serious, set_width)
from test_browser import TIMEOUT, bundle_site, open_page, served_site, variant  # noqa: F401

ARTIFACTS = REPO / "test-artifacts"
DOC = "documents/china-opposes-council-meeting-on-north-korea"
FIRST = "documents/why-china-wont-stop-north-korea"
SECTION = "article.md-content__inner .archive-related-documents"


def test_the_related_documents_end_the_page_and_lead_to_each_document(browser, variant):
    context = browser.new_context(viewport={"width": DESKTOP, "height": 900})
    context.set_default_timeout(TIMEOUT)
    log = RequestLog(variant).attach(context)
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        open_page(page, variant, DOC)
        section = page.locator(SECTION)
        assert section.is_visible()
        assert section.locator("h2").inner_text().strip() == "Related documents"
        items = section.locator("ol.archive-related-list > li")
        assert items.count() == 4
        assert items.first.locator(".archive-related-reason").first.inner_text().startswith("Shares: Kim Jong Un")
        ARTIFACTS.mkdir(exist_ok=True)
        for width in (DESKTOP, PHONE):
            set_width(page, width)
            section.scroll_into_view_if_needed()
            overflow = horizontal_overflow(page)
            assert overflow["scrollWidth"] <= overflow["clientWidth"], overflow
            box = section.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
            section.screenshot(path=str(ARTIFACTS / f"related-{variant.name}-{width}.png"))
            page.screenshot(path=str(ARTIFACTS / f"related-{variant.name}-page-{width}.png"))
        set_width(page, DESKTOP)
        items.first.locator("a.archive-related-title").click()
        page.wait_for_load_state("load")
        assert variant.is_page(page.url, FIRST), page.url
        assert page.locator(SECTION).is_visible()
        assert not errors, "\n".join(errors)
        log.assert_clean()
    finally:
        context.close()


def test_axe_finds_nothing_serious_on_a_page_with_related_documents(browser, variant):
    """(In a context of its own: axe asks for the stylesheets itself, which file:// refuses.)"""
    context = browser.new_context(viewport={"width": DESKTOP, "height": 900})
    context.set_default_timeout(TIMEOUT)
    try:
        page = context.new_page()
        open_page(page, variant, DOC)
        found = serious(run_axe(page))
        assert not found, describe_violations(DOC, found)
    finally:
        context.close()


def test_an_entity_page_s_related_block_keeps_its_own_style(browser, served_site):  # noqa: F811
    """The related documents' section has a class of its own: its styles (a measure, a rule
    above, hidden in print) must not reach the entity pages' 'Often mentioned with' block."""
    context = browser.new_context(viewport={"width": DESKTOP, "height": 900})
    context.set_default_timeout(TIMEOUT)
    try:
        page = context.new_page()
        open_page(page, served_site, "entities/china")
        block = page.locator("article.md-content__inner .archive-related").first
        assert block.is_visible()
        style = block.evaluate("e => { const s = getComputedStyle(e); return [s.borderTopStyle, s.maxWidth]; }")
        assert style[0] == "none" and style[1] != page.evaluate(
            "getComputedStyle(document.documentElement).getPropertyValue('--archive-measure')").strip(), style
        assert block.locator("ul").evaluate("e => getComputedStyle(e).columnCount") == "2"
        page.emulate_media(media="print")
        assert block.is_visible()
    finally:
        context.close()
