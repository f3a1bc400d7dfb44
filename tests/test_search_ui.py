"""The search box and its results in a real browser (Debian's Chromium through Playwright).

The demo archive is built as the bridge builds it (the search partial, the client's search.js and
search.css), plus a fake engine (tests/fixtures/search_ui/fake_engine.js: the engine's API with
canned results) put in place of engine.js's, twice: with directory URLs, served over http://127.0.0.1, and as the offline
bundle is built (.html pages, Material's offline plugin on: no feed links), opened from file://. Screenshots go to test-artifacts/screenshots/search-*.png.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from browser_support import (DESKTOP, HEIGHTS, PHONE, RequestLog, Variant, describe_violations, repo_config, run_axe,
                             screenshot, serious, serve, set_width, write_test_config)
from builder.bridge.site import build_site
from helpers import REPO, REPO_CONTENT

FAKE_ENGINE = REPO / "tests" / "fixtures" / "search_ui" / "fake_engine.js"

DOC = "documents/china-backs-ban-ki-moon"
ROOT = "[data-archive-search-index]"
INPUT = f"{ROOT} .md-search__input"
STATUS = f"{ROOT} .md-search-result__meta"
ITEMS_LIST = f"{ROOT} .md-search-result__list"
ITEMS = f"{ITEMS_LIST} > .md-search-result__item"
MORE = f"{ROOT} .archive-search__more"
PHONE_BUTTON = "label.md-header__button[for=__search]"
TIMEOUT = 15_000


def build_search_site(root: Path, directory_urls: bool) -> Path:
    """The demo archive as the bridge builds it, its theme folder the repository's overrides plus
    the fake engine, loaded before the site's search.js and put in place of its engine."""
    theme = root / "theme"
    shutil.copytree(REPO / "overrides", theme)
    assets = theme / "assets" / "archive-search"
    assets.mkdir(parents=True, exist_ok=True)
    shutil.copy(FAKE_ENGINE, assets / "fake-engine.js")
    config_file = write_test_config(root, REPO_CONTENT, "China, the UN and Human Rights")
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(theme)
    config["theme"]["palette"] = repo_config()["theme"]["palette"]  # and with it Material's dark scheme, "slate"
    config["use_directory_urls"] = directory_urls
    config["extra_javascript"].append("assets/archive-search/fake-engine.js")  # the bridge adds search.js, search.css
    config_file.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    # .html pages are the offline bundle's: built as make_bundle builds it (Material's offline plugin on).
    build_site(config_file, root / "site", content_dir=REPO_CONTENT, offline=not directory_urls)
    return (root / "site").resolve()


@pytest.fixture(scope="module")
def served_site(tmp_path_factory) -> Variant:
    site = build_search_site(tmp_path_factory.mktemp("search-ui-served"), directory_urls=True)
    with serve(site) as base:
        yield Variant("served", base, site, directory_urls=True)


@pytest.fixture(scope="module")
def file_site(tmp_path_factory) -> Variant:
    site = build_search_site(tmp_path_factory.mktemp("search-ui-file"), directory_urls=False)
    return Variant("bundle", site.as_uri() + "/", site, directory_urls=False)


@pytest.fixture(params=["served", "file"])
def variant(request) -> Variant:
    return request.getfixturevalue(f"{request.param}_site")


def new_page(browser, variant: Variant):
    """Yields (page at desktop width, variant, request log); no script error may happen in the page."""
    context = browser.new_context(viewport={"width": DESKTOP, "height": HEIGHTS[DESKTOP]})
    context.set_default_timeout(TIMEOUT)
    log = RequestLog(variant).attach(context)
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, variant, log
    context.close()
    assert not errors, f"errors in the page: {errors}"


@pytest.fixture
def reader(browser, variant):
    yield from new_page(browser, variant)


@pytest.fixture
def served(browser, served_site):
    yield from new_page(browser, served_site)


def goto(page, variant: Variant, name: str) -> None:
    page.goto(variant.url(name), wait_until="load")
    page.wait_for_selector(f"{ROOT}[data-archive-search-mounted]", state="attached")


def search(page, query: str | None, status: str) -> None:
    """Put ``query`` in the open box (None: as it is) and wait until the status line reads ``status``."""
    if query is not None:
        page.fill(INPUT, query)
    page.wait_for_function(f"want => document.querySelector({STATUS!r}).textContent.trim() === want", arg=status)


def state(page) -> dict:
    return page.evaluate("""() => {
        const active = document.activeElement;
        return {open: document.getElementById('__search').checked,
                expanded: document.querySelector('.md-search__input').getAttribute('aria-expanded'),
                focus: active === document.body ? 'body' : active.classList.contains('md-search__input') ? 'input'
                       : (active.getAttribute('href') || active.tagName.toLowerCase())};
    }""")


def texts(page, selector: str, what: str = "textContent") -> list[str]:
    return page.eval_on_selector_all(selector, f"els => els.map(e => e.{what})")


# --- where the search is, what it loads -----------------------------------------------------------------------

@pytest.mark.parametrize("name", ["index", DOC, "topics/index", "entities/ban-ki-moon"])
def test_index_and_root_urls_are_relative_and_right_on_every_page(reader, name):
    page, variant, log = reader
    goto(page, variant, name)
    index, root = page.eval_on_selector(ROOT, "e => [e.dataset.archiveSearchIndex, e.dataset.archiveSearchRoot]")
    assert index.endswith("search-index/") and root.endswith("/")
    assert not re.match(r"^[a-z]+:|^/", index) and not re.match(r"^[a-z]+:|^/", root), (index, root)
    absolute = page.evaluate("urls => urls.map(u => new URL(u, location.href).href)", [index, root])
    assert absolute == [variant.base + "search-index/", variant.base]
    # Nothing is made or opened until the reader comes to the box; Material's own search stays off.
    assert page.evaluate("window.fakeSearchLog") == {"created": [], "opens": 0, "searches": []}
    page.focus(INPUT)
    page.wait_for_function("window.fakeSearchLog.opens === 1")
    assert page.evaluate("window.fakeSearchLog.created") == [{"index": index, "root": root}]
    assert not [url for url in log.urls if "search_index" in url or "/workers/search" in url]
    log.assert_clean()


def test_not_found_page_has_root_relative_urls(served):
    page, variant, _ = served
    page.goto(variant.base + "404.html", wait_until="load")
    urls = page.eval_on_selector(ROOT, "e => [e.dataset.archiveSearchIndex, e.dataset.archiveSearchRoot]"
                                       ".map(u => new URL(u, location.href).href)")
    assert urls == [variant.base + "search-index/", variant.base]


# --- results ----------------------------------------------------------------------------------------------------

def test_typing_shows_labelled_results_with_marked_snippets(served):
    page, variant, _ = served
    goto(page, variant, "index")
    assert page.inner_text(STATUS).strip() == "Type to start searching"
    page.click(INPUT)
    assert state(page) == {"open": True, "expanded": "true", "focus": "input"}
    search(page, "ban", "23 results")
    assert page.locator(ITEMS).count() == 10
    assert texts(page, f"{ITEMS} .archive-search__kind")[:5] == ["Document", "Entity", "Topic", "Annotation", "Page"]
    first = page.locator(ITEMS).first
    assert first.locator(".archive-search__name").inner_text().startswith("China Backs Ban Ki-Moon, As Advocacy")
    assert first.locator(".archive-search__meta").inner_text() == "Colum Lynch · Foreign Policy · 3 November 2010"
    assert texts(page, f"{ITEMS}:first-child a", "href") == [variant.base + DOC + "/"] + [
        f"{variant.base}{DOC}/#p{n}" for n in (2, 3, 5)]
    assert texts(page, f"{ITEMS}:first-child .archive-search__snippet mark") == ["Ban", "Ban", "Ban's"]
    assert texts(page, f"{ITEMS}:nth-child(3) a") == [texts(page, f"{ITEMS}:nth-child(3) .archive-search__title")[0]]
    # What a screen reader is told: a combobox that controls the labelled list, a polite status.
    box = page.locator(INPUT)
    assert (box.get_attribute("role"), box.get_attribute("aria-label")) == ("combobox", "Search")
    controlled = page.locator("#" + box.get_attribute("aria-controls"))
    assert controlled.evaluate("e => [e.tagName, e.getAttribute('aria-label')]") == ["OL", "Search results"]
    assert page.get_attribute(STATUS, "role") == "status"
    search(page, '"ban ki"', "About 23 results")
    search(page, "zzz", "No matching documents")
    assert page.locator(ITEMS).count() == 0 and page.locator(MORE).is_hidden()
    search(page, "zzz later", "Nothing found yet: press More results to look further")
    assert page.locator(ITEMS).count() == 0 and page.locator(MORE).is_visible()
    search(page, "", "Type to start searching")
    page.fill(INPUT, "slow")  # answered after 400 ms, after "ban": that answer is dropped
    search(page, "ban", "23 results")
    page.wait_for_timeout(600)
    assert page.inner_text(STATUS).strip() == "23 results" and "slow" not in page.inner_text(ITEMS_LIST)


def test_an_engine_that_cannot_load_its_index_is_reported(served):
    page, variant, _ = served
    goto(page, variant, "index")
    page.evaluate("ArchiveSearch.createEngine = () => ({open: () => Promise.reject(new Error('no root.js'))})")
    page.click(INPUT)
    search(page, "ban", "Search could not be loaded")
    assert page.locator(ITEMS).count() == 0


def test_more_results_at_the_end_of_the_list_and_on_the_button(served):
    page, variant, _ = served
    goto(page, variant, "index")
    page.click(INPUT)
    search(page, "ban", "23 results")
    assert page.locator(MORE).is_visible()
    page.eval_on_selector(f"{ROOT} .md-search__scrollwrap", "e => { e.scrollTop = e.scrollHeight; }")
    page.wait_for_function(f"document.querySelectorAll({ITEMS!r}).length === 20")
    # The button, pressed from the keyboard (focused without scrolling, so that the end of the list
    # is not in view): the next results, the focus on the first of them.
    page.eval_on_selector(MORE, "button => button.focus({preventScroll: true})")
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelectorAll({ITEMS!r}).length === 23")
    assert page.locator(MORE).is_hidden()
    assert texts(page, f"{ITEMS} .archive-search__name")[20:] == [f"Result {n} for ban" for n in (21, 22, 23)]
    assert page.evaluate("document.activeElement.textContent") == "DocumentResult 21 for banReuters · 21 May 2021"
    offsets = [(s["query"], s["offset"], s["limit"]) for s in page.evaluate("window.fakeSearchLog.searches")]
    assert offsets[-3:] == [("ban", 0, 10), ("ban", 10, 10), ("ban", 20, 10)]


def test_hostile_results_show_as_text_and_schemes_are_not_links(served):
    page, variant, _ = served
    goto(page, variant, "index")
    page.click(INPUT)
    search(page, "hostile", "3 results")
    results = ITEMS_LIST
    assert page.locator(f"{results} :is(img, script, b, i)").count() == 0
    assert texts(page, f"{ITEMS} .archive-search__name")[0] == "<img src=x onerror=\"window.hacked='img'\"> title"
    assert texts(page, f"{ITEMS} mark") == ["<img src=x onerror=\"window.hacked='img'\">"]
    assert texts(page, f"{ITEMS} .archive-search__kind")[1] == "Result"
    hrefs = page.eval_on_selector_all(f"{results} [href]", "els => els.map(a => a.getAttribute('href'))")
    assert hrefs == ["./" + DOC + "/", "./" + DOC + "/#p2"]
    # What has no link is still shown, as text.
    assert "javascript link" in page.inner_text(results) and "data link" in page.inner_text(results)
    for text in ("javascript link", "scheme snippet", "newline scheme", "https link", "data link"):
        page.get_by_text(text).click()
    page.wait_for_timeout(300)
    assert page.evaluate("window.hacked") is None
    assert page.url == variant.base


# --- keys ----------------------------------------------------------------------------------------------------------

def test_keys_focus_move_and_close(reader):
    page, variant, log = reader
    goto(page, variant, "index")
    page.focus("article a")
    before = page.eval_on_selector("article a", "a => a.getAttribute('href')")
    page.keyboard.press("s")
    assert state(page) == {"open": True, "expanded": "true", "focus": "input"}
    page.keyboard.type("ban")
    search(page, None, "23 results")
    title, *snippets = texts(page, f"{ITEMS}:first-child a", "getAttribute('href')")
    for key, focus in [("ArrowDown", title), ("ArrowDown", snippets[0]), ("ArrowUp", title), ("ArrowUp", "input"),
                       ("ArrowUp", "input")]:
        page.keyboard.press(key)
        assert state(page)["focus"] == focus, key
    page.keyboard.press("Escape")
    assert state(page) == {"open": False, "expanded": "false", "focus": before}
    page.focus(f"{ITEMS} a")  # closed, the results are out of the Tab order: nothing happens
    assert state(page)["focus"] == before
    page.keyboard.press("/")
    assert state(page) == {"open": True, "expanded": "true", "focus": "input"}
    assert page.input_value(INPUT) == "ban"  # kept, and selected: typing replaces it
    page.keyboard.press("Escape")
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("/")
    page.keyboard.press("Escape")
    assert state(page) == {"open": False, "expanded": "false", "focus": "body"}
    # Not while the reader types elsewhere, nor with a modifier key.
    page.evaluate("document.querySelector('article').append(document.createElement('textarea'))")
    page.focus("article textarea")
    page.keyboard.type("s/")
    assert page.input_value("article textarea") == "s/" and state(page)["open"] is False
    page.focus("article a")
    page.keyboard.press("Alt+s")
    assert state(page)["open"] is False
    log.assert_clean()


def test_enter_follows_the_focused_result_or_the_first(reader):
    page, variant, log = reader
    goto(page, variant, "index")
    page.keyboard.press("/")
    # One query: typed a letter at a time, the answer to "b" reads "23 results" as well, and the
    # answer to "ban" arriving after the arrow keys would render the list again under the focus.
    search(page, "ban", "23 results")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.wait_for_function("() => (document.activeElement.getAttribute('href') || '').endsWith('#p2')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert variant.is_page(page.url, DOC) and page.url.endswith("#p2"), page.url
    goto(page, variant, "index")
    page.keyboard.press("/")
    page.keyboard.type("ban")
    with page.expect_navigation():  # Enter at once: the first result once it is there
        page.keyboard.press("Enter")
    assert variant.is_page(page.url, DOC) and "#" not in page.url, page.url
    log.assert_clean()


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_a_result_on_the_same_page_closes_the_search_and_shows_the_paragraph(served, width):
    page, variant, _ = served
    set_width(page, width)
    goto(page, variant, DOC)
    page.click(PHONE_BUTTON if width == PHONE else INPUT)
    assert state(page)["focus"] == "input"
    page.wait_for_timeout(500)  # Material locks the page's scrolling once the full-screen search is open
    search(page, "ban", "23 results")
    page.click(f"{ITEMS}:first-child a[href$='#p5']")
    page.wait_for_function("location.hash === '#p5' && !document.getElementById('__search').checked")
    page.wait_for_timeout(400)
    top = page.eval_on_selector("#p5", "p => p.getBoundingClientRect().top")
    assert 0 <= top < HEIGHTS[width] / 2, top


# --- how it looks: accessibility, phone width, screenshots ------------------------------------------------------------

def open_with_results(page, width: int, query: str, status: str) -> None:
    set_width(page, width)
    page.click(PHONE_BUTTON if width == PHONE else INPUT)
    page.wait_for_timeout(500)
    search(page, query, status)


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_open_search_has_no_serious_axe_violations_light_or_dark(served, width):
    page, variant, _ = served
    goto(page, variant, DOC)
    open_with_results(page, width, "ban", "23 results")
    page.keyboard.press("ArrowDown")
    screenshot(page, "search", "results", width, full_page=False)
    problems = serious(run_axe(page))
    assert not problems, describe_violations(f"search open at {width} px", problems)
    # Material's dark scheme, which this site does not offer (its own pages are not checked in it):
    # the search alone.
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    screenshot(page, "search", "results-dark", width, full_page=False)
    problems = serious(run_axe(page, root=ROOT))
    assert not problems, describe_violations(f"search open at {width} px, dark", problems)


@pytest.mark.parametrize("query, status", [("ban", "23 results"), ("long", "1 result")])
def test_no_result_is_taller_than_a_phone_screen(served, query, status):
    page, variant, _ = served
    goto(page, variant, DOC)
    open_with_results(page, PHONE, query, status)
    boxes = page.eval_on_selector_all(ITEMS, "els => els.map(e => e.getBoundingClientRect())"
                                             ".map(r => ({height: r.height, right: r.right}))")
    assert boxes and all(0 < box["height"] <= HEIGHTS[PHONE] for box in boxes), boxes
    assert all(box["right"] <= PHONE for box in boxes), boxes
    screenshot(page, "search", f"phone-{query}", PHONE, full_page=False)
