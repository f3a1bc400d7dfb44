"""Entity links, their preview cards and the entity pages in Chromium (issue 21, items 2-4), at
1280 and 390 px, on the demo served over http:// and as the offline bundle from file://.

- A link shows its card on hover, on keyboard focus and on a first tap (a second tap follows
  it); the card names the entity, its type, the first sentence of its description and how many
  documents name it, sits below the line it was opened from (or above it), never over it, and
  closes with Escape.
- The card's text is plain text: an entity whose name and description are HTML shows them
  literally, and nothing of them runs.
- An entity page reads from the top: record, chart, related entities, documents; the other
  mentions open from "N more mentions"; it fits a phone; axe finds nothing serious.
- An author or publication that is an entity: its old address forwards to the entity's page.
Screenshots go to test-artifacts/ (entities-*.png).
"""

from __future__ import annotations

import pytest

from browser_support import (DESKTOP, PHONE, REPO, RequestLog, Variant, describe_violations, horizontal_overflow,
                             run_axe, serious, serve, set_width, write_test_config)
from builder.bridge.site import build_site
from test_browser import (TIMEOUT, bundle_site, h1, open_page,  # noqa: F401
                          served_site, variant)

ARTIFACTS = REPO / "test-artifacts"
DOC = "documents/china-backs-ban-ki-moon"
CARD = "#archive-entity-card"
BAN_CARD = ["Person", "Ban Ki-moon", "South Korean diplomat, eighth Secretary-General of the United Nations (2007–2016).",
            "Named in 2 documents"]


def shoot(page, name: str, width: int, full_page: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"entities-{name}-{width}.png"), full_page=full_page)


def card_lines(page) -> list[str]:
    return page.eval_on_selector(CARD, "card => [...card.children].filter(p => !p.hidden).map(p => p.textContent)")


def wait_for_card(page) -> None:
    page.wait_for_selector(f"{CARD}:not([hidden]) .archive-card-count:not([hidden])")


def line_and_card(page, link) -> tuple[dict, dict]:
    """The box of the line the link ends on (its last line box, the paragraph's line height) and the card's."""
    return page.evaluate("""([link, card]) => {
        const rects = link.getClientRects(), last = rects[rects.length - 1];
        const line = parseFloat(getComputedStyle(link.parentElement).lineHeight);
        const middle = (last.top + last.bottom) / 2;
        const box = card.getBoundingClientRect();
        return [{top: middle - line / 2, bottom: middle + line / 2, first: rects[0].top},
                {top: box.top, bottom: box.bottom, left: box.left, right: box.right}];
    }""", [link.element_handle(), page.locator(CARD).element_handle()])


def assert_clear_of_the_line(page, link) -> None:
    line, card = line_and_card(page, link)
    below = card["top"] >= line["bottom"] - 0.5
    above = card["bottom"] <= line["first"] + 0.5
    assert below or above, f"the card {card} covers the line {line}"
    width = page.evaluate("document.documentElement.clientWidth")
    assert card["left"] >= 0 and card["right"] <= width, (card, width)


@pytest.fixture
def context(browser):  # noqa: F811
    context = browser.new_context(viewport={"width": DESKTOP, "height": 900})
    context.set_default_timeout(TIMEOUT)
    yield context
    context.close()


def errors_of(page) -> list[str]:
    found: list[str] = []
    page.on("pageerror", lambda error: found.append(str(error)))
    page.on("console", lambda message: message.type == "error" and found.append(f"{message.text} {message.location}"))
    return found


# --- the card -----------------------------------------------------------------------------------------------

def test_a_card_on_hover_beside_the_line_and_closed_by_escape(context, variant):
    log = RequestLog(variant).attach(context)
    page = context.new_page()
    errors = errors_of(page)
    open_page(page, variant, DOC)
    link = page.locator("p#p2 a.archive-entity[data-entity='ban-ki-moon']")
    assert link.get_attribute("title") is None  # the script took the title: no browser tooltip as well
    assert link.get_attribute("data-title").startswith("Person: South Korean diplomat")
    link.scroll_into_view_if_needed()
    page.mouse.wheel(0, 250)
    link.hover()
    wait_for_card(page)
    assert card_lines(page) == BAN_CARD
    assert link.get_attribute("aria-describedby") == "archive-entity-card"
    assert page.locator(CARD).get_attribute("role") == "tooltip"
    assert_clear_of_the_line(page, link)
    shoot(page, f"{variant.name}-card-hover", DESKTOP)
    # Hoverable: the pointer may move onto the card; leaving both closes it.
    page.locator(CARD).hover()
    page.wait_for_timeout(400)
    assert page.locator(CARD).is_visible()
    page.mouse.move(5, 880)
    page.wait_for_selector(f"{CARD}[hidden]", state="attached")
    assert link.get_attribute("aria-describedby") is None
    # Another link, then Escape.
    other = page.locator("p#p2 a.archive-entity[data-entity='beijing']")
    other.hover()
    wait_for_card(page)
    assert card_lines(page)[1] == "Beijing"
    page.keyboard.press("Escape")
    assert page.locator(CARD).is_hidden()
    assert page.url.endswith(variant.path(DOC))  # hovering never navigates
    assert errors == []
    log.assert_clean()


def test_a_card_on_keyboard_focus(context, variant):
    page = context.new_page()
    errors = errors_of(page)
    open_page(page, variant, DOC)
    page.locator("p#p2").evaluate("p => { p.setAttribute('tabindex', '-1'); p.focus(); }")
    page.keyboard.press("Tab")  # the first link of the article text
    focused = page.evaluate("document.activeElement.getAttribute('data-entity')")
    assert focused == "ban-ki-moon"
    wait_for_card(page)
    assert card_lines(page) == BAN_CARD
    assert_clear_of_the_line(page, page.locator("p#p2 a.archive-entity[data-entity='ban-ki-moon']"))
    shoot(page, f"{variant.name}-card-focus", DESKTOP)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('data-entity')") == "beijing"
    wait_for_card(page)
    assert card_lines(page)[1] == "Beijing"
    page.keyboard.press("Escape")
    assert page.locator(CARD).is_hidden()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Enter still follows the focused link
    assert variant.is_page(page.url, "entities/beijing"), page.url
    assert errors == []


def test_a_first_tap_shows_the_card_a_second_follows_the_link(browser, variant):  # noqa: F811
    context = browser.new_context(viewport={"width": PHONE, "height": 844}, has_touch=True, is_mobile=True)
    context.set_default_timeout(TIMEOUT)
    try:
        log = RequestLog(variant).attach(context)
        page = context.new_page()
        errors = errors_of(page)
        open_page(page, variant, DOC)
        link = page.locator("p#p2 a.archive-entity[data-entity='ban-ki-moon']")
        link.scroll_into_view_if_needed()
        page.mouse.wheel(0, 200)
        link.tap()
        wait_for_card(page)
        assert card_lines(page) == BAN_CARD + ["Tap the link again to open its page."]
        assert variant.is_page(page.url, DOC)
        assert_clear_of_the_line(page, link)
        assert horizontal_overflow(page)["scrollWidth"] <= PHONE + 1
        shoot(page, f"{variant.name}-card-tap", PHONE)
        # A tap elsewhere closes it; the next tap on the link opens it again, the one after follows it.
        page.locator("article h1").tap()
        assert page.locator(CARD).is_hidden()
        link.tap()
        wait_for_card(page)
        with page.expect_navigation():
            link.tap()
        assert variant.is_page(page.url, "entities/ban-ki-moon"), page.url
        page.wait_for_selector("article.md-content__inner h1")
        assert h1(page) == "Ban Ki-moon"
        assert errors == []
        log.assert_clean()
    finally:
        context.close()


def test_axe_on_a_document_page_with_a_card_open(browser, served_site):  # noqa: F811
    context = browser.new_context(viewport={"width": DESKTOP, "height": 900})
    try:
        page = context.new_page()
        open_page(page, served_site, DOC)
        page.locator("p#p2 a.archive-entity[data-entity='ban-ki-moon']").hover()
        wait_for_card(page)
        found = serious(run_axe(page))
        assert not found, describe_violations("document page with a card open", found)
    finally:
        context.close()


# --- hostile text on a card -------------------------------------------------------------------------------

HOSTILE_NAME = "Zed <img src=x onerror=__pwned(1)> Quorum"
HOSTILE_DESCRIPTION = "`<img src=x onerror=__pwned(2)>` was <b onmouseover=__pwned(3)>his</b> reply. He does not exist."


@pytest.fixture(scope="module")
def card_archive(tmp_path_factory, chromium_path):  # noqa: F811
    import yaml

    root = tmp_path_factory.mktemp("card-hostile")
    content = root / "content"
    for folder in ("sources", "entities", "pages"):
        (content / folder).mkdir(parents=True)
    (content / "pages" / "about.md").write_text("# About\n\nA test archive.\n", encoding="utf-8")
    (content / "sources" / "story.txt").write_text(
        "A headline about a delegate\n\nThe delegate Zed Quorum spoke at length to the council on Monday.\n\n"
        "The firm Constructor Ltd built the hall where the council met.\n", encoding="utf-8")
    (content / "entities" / "zed.yml").write_text(yaml.safe_dump(
        {"id": "zed", "name": HOSTILE_NAME, "type": "person", "aliases": ["Zed Quorum"], "description": HOSTILE_DESCRIPTION},
        sort_keys=False), encoding="utf-8")
    # An id that is also a name every JavaScript object has (Object.prototype.constructor).
    (content / "entities" / "constructor.yml").write_text(
        "id: constructor\nname: Constructor Ltd\ntype: organisation\ndescription: A builder of halls.\n", encoding="utf-8")
    config = write_test_config(root, content, "Card test")
    site = root / "site"
    build_site(config, site, content_dir=content)
    with serve(site) as base:
        yield Variant("served", base, site.resolve(), directory_urls=True)


def test_card_text_is_plain_text(browser, card_archive):  # noqa: F811
    context = browser.new_context(viewport={"width": DESKTOP, "height": 900})
    calls: list = []
    context.expose_function("__pwned", lambda *args: calls.append(args))
    try:
        page = context.new_page()
        open_page(page, card_archive, "documents/story")
        link = page.locator("a.archive-entity[data-entity='zed']")
        link.hover()
        wait_for_card(page)
        assert card_lines(page) == ["Person", HOSTILE_NAME, "<img src=x onerror=__pwned(2)> was his reply.",
                                    "Named in 1 document"]
        assert page.locator(f"{CARD} *").count() == 5  # its five paragraphs, no element from the text
        page.locator(f"{CARD} .archive-card-summary").hover()
        page.wait_for_timeout(100)
        assert calls == []
    finally:
        context.close()


def test_a_card_whose_id_every_object_has(browser, card_archive):  # noqa: F811
    context = browser.new_context(viewport={"width": DESKTOP, "height": 900})
    try:
        page = context.new_page()
        errors = errors_of(page)
        open_page(page, card_archive, "documents/story")
        for _ in range(2):  # loaded, then known
            page.locator("a.archive-entity[data-entity='constructor']").hover()
            wait_for_card(page)
            assert card_lines(page) == ["Organisation", "Constructor Ltd", "A builder of halls.", "Named in 1 document"]
            page.mouse.move(5, 880)
            page.wait_for_selector(f"{CARD}[hidden]", state="attached")
        assert errors == []
    finally:
        context.close()


# --- entity pages ------------------------------------------------------------------------------------------

def test_an_entity_page_leads_with_the_record_and_fits_a_phone(context, variant):
    log = RequestLog(variant).attach(context)
    page = context.new_page()
    errors = errors_of(page)
    open_page(page, variant, "entities/china")
    headings = [h.replace("¶", "").strip() for h in page.locator("article h2").all_inner_texts()]
    assert headings == ["Often mentioned with", "Mentioned in 5 documents"]
    chart = page.locator("figure.archive-chart")
    assert chart.is_visible() and chart.locator("figcaption").inner_text() == "Documents per year, 2010 to 2023"
    years = page.eval_on_selector_all("figure.archive-chart svg a > title", "titles => titles.map(t => t.textContent)")
    assert years == ["2010: 1 document", "2013: 1 document", "2014: 1 document", "2021: 1 document", "2023: 1 document"]
    # The chart sits above the fold on a desktop: the record and its chart come first.
    assert chart.bounding_box()["y"] + chart.bounding_box()["height"] < 900
    first = page.locator("div.archive-entity-doc").first
    assert first.locator(":scope > ul > li").count() == 2
    more = first.locator("details.archive-more")
    assert more.locator("summary").inner_text() == "4 more mentions"
    assert not more.locator("ul").is_visible()
    more.locator("summary").click()
    assert more.locator("ul > li").first.is_visible()
    shoot(page, f"{variant.name}-china", DESKTOP, full_page=True)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 4000, height  # was 8,305 px: 100 one-line bullets
    set_width(page, PHONE)
    page.reload(wait_until="load")
    overflow = horizontal_overflow(page)
    assert overflow["scrollWidth"] <= PHONE + 1, overflow
    assert page.evaluate("document.documentElement.scrollHeight") < 5000  # was 13,217 px
    shoot(page, f"{variant.name}-china", PHONE, full_page=True)
    assert errors == []
    log.assert_clean()


@pytest.mark.parametrize("name", ["entities/china", "entities/reuters", "entities/patrick-goodenough"])
def test_axe_on_entity_pages(browser, served_site, name):  # noqa: F811
    context = browser.new_context(viewport={"width": DESKTOP, "height": 900})
    try:
        page = context.new_page()
        open_page(page, served_site, name)
        if page.locator("details.archive-more").count():
            page.locator("details.archive-more summary").first.click()
        found = serious(run_axe(page))
        assert not found, describe_violations(name, found)
    finally:
        context.close()


@pytest.mark.parametrize("old, new, title", [
    ("authors/patrick-goodenough", "entities/patrick-goodenough", "Patrick Goodenough"),
    ("publications/reuters", "entities/reuters", "Reuters"),
    ("publications/cnsnews-com", "entities/cnsnews", "CNSNews.com"),
])
def test_an_author_or_publication_that_is_an_entity_forwards_to_its_page(context, variant, old, new, title):
    page = context.new_page()
    page.goto(variant.url(old), wait_until="load")
    page.wait_for_url(lambda url: variant.is_page(url, new))
    page.wait_for_selector("article.md-content__inner h1")
    assert h1(page) == title
    roles = [h.replace("¶", "").strip() for h in page.locator("article h2").all_inner_texts()]
    assert any(r in (f"Written by {title}", f"Published by {title}") for r in roles), roles
