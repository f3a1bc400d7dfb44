"""Issue 21's "Proven": every item of the reader pages, in Chromium, at 1280 and 390 px, hosted
(the demo served over loopback http://) and from the offline bundle (unzipped, file://).

One demo build (conftest's session ``demo``) and the session's bundle (``browser_bundle_folder``),
one browser, one server. Every test runs four times (width x place); every page it opens is watched:
no console error, no script error, no failed request, nothing fetched from outside the site (item
12). Screenshots of the document, entity, annotations and home pages:
test-artifacts/reader-<page>-<width>-<place>.png.

Item -> where it is proven (the other modules check more of each; here, each item again, compactly,
in all four combinations):
 1 editors' pages out of the reader's way   test_reader_navigation (HTML, every page kind),
   test_document_page_reader (headers); here: tabs, no editor words on reader pages, About and
   footer reach "For editors", "not stated in the source".
 2 one page per author/publication entity   test_entity_pages_reader (HTML), test_reader_navigation
   and test_entity_cards_browser (forwarding, in the browser); here: both forwards, both roles.
 3 entity page order, passages, disclosure  test_entity_pages_reader (HTML), test_entity_cards_browser
   (China, 1280 then 390); here: North Korea's order on screen, each passage once, "N more mentions".
 4 entity links and cards                   test_entity_cards_browser (hover, focus, tap, plain text
   of a hostile card), test_browser (captions); here: solid underline, hover card (1280), tap then
   second tap (390), card of plain paragraphs clear of the line, caption not taking the link.
 5 annotations list, margin notes           test_notes_browser, test_document_page_reader; here:
   no word split and no overflow in the list, margin from 1200 px only, numbered notes at 390.
 6 photo captions                            test_document_page_reader (HTML); here: label shown.
 7 citations                                 test_citation_formats (unit), test_notes_browser (1280);
   here: the page URL, "Accessed", BibTeX, RIS and CSL-JSON offered.
 8 the original readable                     test_originals (served, file://); here: from the page.
 9 typography and targets                    test_notes_browser (1280); here: measure, 15 px notes,
   24 px targets, "Paragraph N" names, copy link on focus (and hover), no "Title" row.
10 where the reader is                       test_reader_navigation; here: trail, tab, prev/next.
11 block quotes and headings                 test_segment_structure (unit), test_notes_browser;
   here: the quotation and the heading as set on the page.
12 no console errors                         test_reader_navigation (16 pages); here: every page.
axe-core: no serious or critical violation on the document, entity, annotations and home pages.
"""

from __future__ import annotations

import re

import pytest

from browser_support import (DESKTOP, PHONE, REPO, RequestLog, Variant, describe_violations, horizontal_overflow,
                             require_chromium, run_axe, serious, serve)

ARTIFACTS = REPO / "test-artifacts"
SITE_URL = "https://china-un-human-rights.example.org/"  # the demo's mkdocs.yml
DOC = "china-backs-ban-ki-moon"
DOC_TITLE = "China Backs Ban Ki-Moon, As Advocacy Groups Criticize His Failure to Address Human Rights"
NEXT_DOC = "ban-ki-moon-meets-chinese-leaders-2013"
QUOTING = "why-china-wont-stop-north-korea"
HEADED = "china-agenda-for-may-2021"
ENTITY = "entities/north-korea"
NEWEST_FIRST = ["china-opposes-council-meeting-on-north-korea", HEADED, QUOTING, NEXT_DOC, DOC]
TABS = ["Home", "Topics", "Timeline", "Entities", "Annotations", "Authors", "Publications", "About"]
EDITORS_WORDS = ("Needs review", "sidecar", ".yml", "not found in the source text", "collection.yml")
COMBOS = [(width, place) for width in (DESKTOP, PHONE) for place in ("hosted", "bundle")]


# --- the two places, built once -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def places(demo, browser_bundle_folder):
    """The session's demo site, served on loopback, and the session's offline bundle of the
    demo, unzipped (conftest: made once for every module that opens it)."""
    require_chromium()
    folder = browser_bundle_folder
    with serve(demo.site) as base:
        yield {"hosted": Variant("served", base, demo.site.resolve(), directory_urls=True),
               "bundle": Variant("bundle", folder.as_uri() + "/", folder, directory_urls=False)}


class Visit:
    """One reader: a browser context at one width (390 px: a touch phone), a new tab for each
    test, every page it opens watched."""

    def __init__(self, browser, variant: Variant, width: int, place: str) -> None:
        self.variant, self.width, self.place = variant, width, place
        phone = width == PHONE
        self.context = browser.new_context(viewport={"width": width, "height": 844 if phone else 900},
                                           has_touch=phone, is_mobile=phone)
        self.context.set_default_timeout(15_000)
        self.log = RequestLog(variant).attach(self.context)
        self.errors: list[str] = []

    def start(self) -> None:
        for seen in (self.log.urls, self.log.failed, self.log.errors, self.errors):
            seen.clear()
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(f"script error: {error}"))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(
            f"console: {m.text} ({(m.location or {}).get('url', '')})"))

    @property
    def phone(self) -> bool:
        return self.width == PHONE

    def open(self, name: str) -> None:
        response = self.page.goto(self.variant.url(name), wait_until="load")
        if self.variant.name == "served":
            assert response is not None and response.status == 200, (name, response and response.status)
        self.page.wait_for_selector("article.md-content__inner h1")
        # notes.js places the notes on the frame after load: two frames on, they are placed.
        self.page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")

    def at(self, name: str) -> bool:
        return self.variant.is_page(self.page.url, name)

    def follow(self, selector: str, *, tap: bool = False) -> None:
        with self.page.expect_navigation():
            if tap:
                self.page.tap(selector)
            else:
                self.page.click(selector)
        self.page.wait_for_load_state("load")

    def text(self, selector: str) -> str:
        return squash(self.page.locator(selector).first.inner_text())

    def texts(self, selector: str) -> list[str]:
        return [squash(t) for t in self.page.locator(selector).all_inner_texts()]

    def box(self, selector: str) -> dict:
        return self.page.locator(selector).first.bounding_box()

    def no_overflow(self) -> None:
        overflow = horizontal_overflow(self.page)
        assert overflow["scrollWidth"] <= self.width + 1, overflow

    def finish(self) -> None:
        try:
            assert self.errors == [], self.errors
            self.log.assert_clean()
        finally:
            self.page.close()


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("¶", "")).strip()


@pytest.fixture(scope="module", params=COMBOS, ids=[f"{w}-{p}" for w, p in COMBOS])
def reader(request, browser, places):
    """A browser context for each combination (pytest runs each one's tests together)."""
    width, place = request.param
    one = Visit(browser, places[place], width, place)
    yield one
    one.context.close()


@pytest.fixture
def visit(reader):
    reader.start()
    yield reader
    reader.finish()


# --- 1. what is for editors stays with the editors ------------------------------------------------------------

def test_1_editors_pages_are_linked_from_about_and_the_footer_only(visit):
    visit.open("index")
    tabs = visit.page.locator("li.md-tabs__item a")
    assert visit.texts("li.md-tabs__item a") == TABS
    assert tabs.first.is_visible() is not visit.phone  # a phone has the drawer instead
    for name in ("index", f"documents/{DOC}", "entities/index", "annotations/index", ENTITY):
        if name != "index":
            visit.open(name)
        said = visit.page.locator("article").inner_text()
        assert [w for w in EDITORS_WORDS if w in said] == [], name
    visit.open(f"documents/{QUOTING}")
    rows = dict(zip(visit.texts("article .archive-meta dt"), visit.texts("article .archive-meta dd")))
    assert rows["Authors"] == rows["Publication"] == "not stated in the source"
    footer = visit.page.locator("footer .archive-footer-links a", has_text="For editors")
    footer.scroll_into_view_if_needed()
    assert footer.is_visible()
    visit.follow("footer .archive-footer-links a >> text=For editors", tap=visit.phone)
    assert visit.at("review") and visit.text("article h1") == "For editors"
    visit.open("about")
    visit.follow("article a >> text=For editors", tap=visit.phone)
    assert visit.at("review")


# --- 2. one page for a person or outlet that is also an author or a publication ---------------------------------

@pytest.mark.parametrize("old, new, role", [("authors/patrick-goodenough", "entities/patrick-goodenough",
                                              "Written by Patrick Goodenough"),
                                             ("publications/passblue", "entities/passblue", "Published by PassBlue")])
def test_2_an_author_s_or_publication_s_address_reaches_the_entity_s_page(visit, old, new, role):
    visit.page.goto(visit.variant.url(old), wait_until="commit")
    visit.page.wait_for_url(lambda url: visit.variant.is_page(url, new))
    visit.page.wait_for_selector("article.md-content__inner h1")
    headings = visit.texts("article h2")
    assert role in headings
    if new == "entities/passblue":  # both roles on the one page
        assert any(h.startswith("Mentioned in") for h in headings), headings
    assert visit.texts("nav.archive-breadcrumbs li")[0] == "Entities"
    if new == "entities/patrick-goodenough":
        visit.open(f"documents/{DOC}")
        visit.follow("article .archive-meta a >> text=Patrick Goodenough", tap=visit.phone)
        assert visit.at(new)


# --- 3. an entity page: the record, then what is related, then the documents --------------------------------------

def test_3_the_entity_page_leads_with_the_record_and_shows_each_passage_once(visit):
    visit.open(ENTITY)
    page = visit.page
    tops = [visit.box(sel)["y"] for sel in (
        "article .archive-meta", "figure.archive-chart", "h2#often-mentioned-with", "h2#topics", "h2#editors-notes",
        "h2[id^=mentioned-in]")]
    assert tops == sorted(tops), tops
    assert "Founded 9 September 1948" in squash(page.locator("article .archive-meta").inner_text())
    docs = page.eval_on_selector_all("div.archive-entity-doc h3", "hs => hs.map(h => h.id.replace(/^doc-/, ''))")
    assert docs == [d for d in NEWEST_FIRST if d in docs] and len(docs) == 3
    for doc in page.locator("div.archive-entity-doc").all():
        passages = [squash(t) for t in doc.locator("li").all_text_contents()]
        assert len(passages) == len(set(passages)), passages
        assert doc.locator(":scope > ul > li").count() <= 2
    more = page.locator("details.archive-more")
    assert more.count() == 2
    for one in more.all():
        count = one.locator("ul > li mark").count()  # mentions; a passage naming it twice is one item
        assert squash(one.locator("summary").inner_text()) == f"{count} more mention{'s' if count > 1 else ''}"
        assert not one.locator("ul > li").first.is_visible()
        one.locator("summary").click()
        assert one.locator("ul > li").first.is_visible()
    visit.no_overflow()


# --- 4. entity links read as links; the card on hover and on tap --------------------------------------------------

CARD = "#archive-entity-card"
BAN = "p#p2 a.archive-entity[data-entity='ban-ki-moon']"


def test_4_entity_links_read_as_links_and_show_a_plain_card(visit):
    visit.open(f"documents/{DOC}")
    page = visit.page
    style = page.eval_on_selector(BAN, """a => { const s = getComputedStyle(a), p = getComputedStyle(a.parentElement);
        return [s.textDecorationLine, s.textDecorationStyle, s.color, p.color]; }""")
    assert style[0] == "underline" and style[1] == "solid" and style[2] != style[3], style
    # The caption names Ban Ki-moon first; the article text has his link.
    assert page.locator("p.archive-caption a[data-entity='ban-ki-moon']").count() == 0
    link = page.locator(BAN)
    link.scroll_into_view_if_needed()
    page.mouse.wheel(0, 250)
    page.wait_for_timeout(100)
    if visit.phone:
        link.tap()
    else:
        link.hover()
    page.wait_for_selector(f"{CARD}:not([hidden]) .archive-card-count:not([hidden])")
    lines = page.eval_on_selector(CARD, "c => [...c.children].filter(p => !p.hidden).map(p => p.textContent)")
    assert lines[:4] == ["Person", "Ban Ki-moon",
                         "South Korean diplomat, eighth Secretary-General of the United Nations (2007–2016).",
                         "Named in 2 documents"]
    assert lines[4:] == (["Tap the link again to open its page."] if visit.phone else [])
    assert page.eval_on_selector_all(f"{CARD} *", "els => els.map(e => e.tagName)") == ["P"] * 5  # text, no markup
    card, line = page.evaluate("""([a, c]) => { const r = a.getClientRects(), last = r[r.length - 1], b = c.getBoundingClientRect();
        return [[b.top, b.bottom, b.left, b.right], [r[0].top, last.bottom]]; }""",
                               [link.element_handle(), page.locator(CARD).element_handle()])
    assert card[0] >= line[1] - 0.5 or card[1] <= line[0] + 0.5, (card, line)  # never over the line read
    assert card[2] >= 0 and card[3] <= visit.width, card
    assert visit.at(f"documents/{DOC}")
    if visit.phone:
        visit.follow(BAN, tap=True)  # the second tap follows the link
        assert visit.at("entities/ban-ki-moon")
    # Links come from the article text: a podcast promotion (Patreon, SoundCloud: register
    # entries) and a credit in capitals link nothing.
    visit.open(f"documents/{HEADED}")
    promo = page.locator(".archive-body > p", has_text="download PassBlue’s podcast")
    assert promo.count() == 1 and promo.locator("a.archive-entity").count() == 0
    assert "DULCIE LEIMBACH" in visit.text(".archive-body") and page.locator(
        "a.archive-entity", has_text="DULCIE LEIMBACH").count() == 0


# --- 5. annotations: a list that reads on a phone; notes in the margin on a wide screen --------------------------

SPLIT_WORDS = """() => { const split = [];
    for (const el of document.querySelectorAll('li.archive-annotation p')) {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let node; (node = walker.nextNode());) {
            for (const m of node.data.matchAll(/[^\\s\\-‐]+/g)) {
                const range = document.createRange(); range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
                const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                if (tops.size > 1) split.push(m[0]);
            }
        }
    } return split; }"""

NOTES = """() => [...document.querySelectorAll('aside.archive-note')].map(n => {
    const r = n.getBoundingClientRect(), p = n.previousElementSibling.getBoundingClientRect();
    return {left: r.left, top: r.top, number: n.querySelector('.archive-note-head a').textContent,
            position: getComputedStyle(n).position, after: r.top >= p.bottom - 1,
            textRight: Math.max(...[...document.querySelectorAll('.archive-body > p')].map(q => q.getBoundingClientRect().right))};
    })"""


def test_5_the_annotations_list_reads_at_any_width_and_notes_sit_in_the_margin_only_when_wide(visit):
    visit.open("annotations/index")
    page = visit.page
    items = page.locator("ul#archive-annotations > li")
    assert items.count() == 10
    sentences = [squash(t) for t in page.locator("li.archive-annotation .archive-annotation-text").all_inner_texts()]
    assert len(sentences) == 10 and all(s.endswith(".") for s in sentences), sentences
    assert page.evaluate(SPLIT_WORDS) == []  # no "Atro|cities"
    rules = page.eval_on_selector_all("li.archive-annotation", """els => Object.fromEntries(els.map(e =>
        [e.dataset.kind, getComputedStyle(e).borderLeftColor]))""")
    assert len({rules[kind] for kind in ("context", "correction", "source", "translation")}) == 4, rules  # a rule per kind
    visit.no_overflow()
    visit.open(f"documents/{DOC}")
    notes = page.evaluate(NOTES)
    assert [n["number"] for n in notes] == ["1", "2", "3"]
    margin = page.locator(".archive-body").evaluate("b => b.classList.contains('archive-body--margin')")
    if visit.phone:
        assert not margin and all(n["position"] == "static" and n["after"] for n in notes), notes
    else:
        assert margin and all(n["position"] == "absolute" and n["left"] >= n["textRight"] + 16 for n in notes), notes
        page.set_viewport_size({"width": 1199, "height": 900})  # below 1200 px: after the paragraphs again
        page.wait_for_function("!document.querySelector('.archive-body--margin')")
        assert all(n["position"] == "static" and n["after"] for n in page.evaluate(NOTES))
        page.set_viewport_size({"width": DESKTOP, "height": 900})
    visit.no_overflow()


# --- 6. a caption of a photo the archive does not have ------------------------------------------------------------

def test_6_a_caption_is_labelled_as_of_a_photo_not_archived(visit):
    visit.open(f"documents/{DOC}")
    page = visit.page
    label = page.locator(".archive-body > p.archive-caption-label")
    assert label.count() == 1 and label.is_visible() and label.inner_text().lower() == "caption of a photo not in this archive"
    assert page.eval_on_selector("p.archive-caption-label", "p => p.nextElementSibling.id") == "p1"
    caption, body = page.evaluate("""() => [document.getElementById('p1'), document.getElementById('p2')]
        .map(p => { const s = getComputedStyle(p); return [s.fontStyle, s.fontSize]; })""")
    assert caption != body, (caption, body)  # set apart
    assert page.locator(".archive-body img, .archive-body figure").count() == 0
    assert "(photo not in this archive)" in visit.text("article .archive-meta")


# --- 7. a citation with the page's address, in the formats reference managers read -------------------------------

def test_7_the_citation_names_the_page_and_offers_ris_and_csl_json(visit):
    visit.open(f"documents/{DOC}")
    page = visit.page
    page.locator("details.archive-cite > summary").click()
    plain = visit.text("p.archive-cite-plain")
    assert f"{SITE_URL}documents/{DOC}/" in plain and re.search(r"Accessed \d{1,2} [A-Z][a-z]+ \d{4}\.$", plain), plain
    labels = visit.texts(".archive-cite-format .archive-cite-label")
    assert labels == ["BibTeX", "RIS (Zotero, EndNote, Mendeley)", "CSL-JSON"]
    for name, marker in (("ris", "TY  - NEWS"), ("csl-json", '"URL"')):
        block = page.locator(f".archive-cite-format[data-format='{name}']")
        assert block.locator("pre").is_visible() and marker in block.locator("pre").inner_text()
        assert block.locator("button").count() >= 1  # copy / download
    assert not plain.rstrip(".").endswith(DOC)  # no internal id at the end


# --- 8. the original, readable in the browser ---------------------------------------------------------------------

def test_8_the_original_is_readable_hosted_and_from_the_disk(visit):
    visit.open(f"documents/{DOC}")
    visit.follow("article .archive-meta a[href$='.txt.html']", tap=visit.phone)
    page = visit.page
    assert page.evaluate("document.characterSet") == "UTF-8"
    text = page.inner_text("pre")
    assert "Beijing’s support" in text and "â€" not in text
    visit.no_overflow()


# --- 9. typography and targets ------------------------------------------------------------------------------------

LINES = """() => { const counts = [];
    for (const p of document.querySelectorAll('.archive-body > p.archive-p')) {
        const lines = new Map(), walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
        for (let node; (node = walker.nextNode());) {
            if (node.parentElement.closest('sup, a.archive-copy-link')) continue;
            for (let i = 0; i < node.length; i++) {
                const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
                const r = range.getBoundingClientRect();
                if (r.height) lines.set(Math.round(r.bottom), (lines.get(Math.round(r.bottom)) || 0) + 1);
            }
        }
        counts.push(...[...lines.entries()].sort((a, b) => a[0] - b[0]).map(e => e[1]).slice(0, -1));
    } return counts; }"""

SIZES = """sel => [...document.querySelectorAll(sel)].map(a => {
    const r = a.getBoundingClientRect(); return [a.textContent, r.width, r.height]; })"""


def test_9_typography_targets_and_names(visit):
    visit.open(f"documents/{DOC}")
    page = visit.page
    lines = page.evaluate(LINES)
    assert max(lines) <= 75, max(lines)
    if not visit.phone:
        assert 60 <= sum(lines) / len(lines) <= 75, sum(lines) / len(lines)
    px = page.evaluate("""() => { const s = q => getComputedStyle(document.querySelector(q));
        return {note: s('aside.archive-note p').fontSize, cite: s('p.archive-cite-plain').fontSize,
                h1: s('article h1').fontWeight, body: s('p.archive-p').fontWeight}; }""")
    assert float(px["note"][:-2]) >= 15 and float(px["cite"][:-2]) >= 15, px
    assert int(px["h1"]) >= int(px["body"]), px
    targets = page.evaluate(SIZES, "sup.archive-note-ref a, p.archive-note-head a, nav.archive-breadcrumbs a")
    assert len(targets) == 8 and all(w >= 24 and h >= 24 for _, w, h in targets), targets
    copy = page.locator("#p5 > a.archive-copy-link")
    assert copy.get_attribute("aria-label") == "Copy link to paragraph 5"
    assert copy.evaluate("a => getComputedStyle(a).opacity") == "0"
    if not visit.phone:
        page.hover("#p5")
        page.wait_for_timeout(50)
        assert copy.evaluate("a => getComputedStyle(a).opacity") == "1"
        page.mouse.move(0, 0)
    copy.focus()
    shown = copy.evaluate("a => { const r = a.getBoundingClientRect(); return [getComputedStyle(a).opacity, r.width, r.height]; }")
    assert shown[0] == "1" and shown[1] >= 24 and shown[2] >= 24, shown
    visit.open(f"documents/{NEXT_DOC}")
    assert "Title" not in visit.texts("article .archive-meta dt")
    visit.open(ENTITY)
    paragraph_links = page.get_by_role("link", name=re.compile(r"^Paragraph \d+$"))
    assert paragraph_links.count() >= 3  # "¶6" is read "Paragraph 6"
    sizes = page.evaluate(SIZES, ".archive-entity-doc > ul > li > a")
    assert sizes and all(w >= 24 and h >= 24 for _, w, h in sizes), sizes


# --- 10. where the reader is ----------------------------------------------------------------------------------------

def test_10_trail_tab_and_previous_next(visit):
    visit.open(f"documents/{DOC}")
    page = visit.page
    assert visit.texts("nav.archive-breadcrumbs li") == ["Documents", "2010", DOC_TITLE]
    trail = visit.box("nav.archive-breadcrumbs")
    assert page.locator("nav.archive-breadcrumbs").is_visible() and trail["x"] >= 0 and trail["x"] + trail["width"] <= visit.width
    active = page.locator("li.md-tabs__item--active")
    assert active.count() == 1 and squash(active.inner_text()) == "Timeline"
    assert active.is_visible() is not visit.phone
    visit.follow("a.archive-neighbour[rel=next]", tap=visit.phone)
    assert visit.at(f"documents/{NEXT_DOC}")
    assert page.locator("a.archive-neighbour[rel=prev]").is_visible()
    visit.open(ENTITY)
    assert visit.texts("nav.archive-breadcrumbs li") == ["Entities", "Places", "North Korea"]
    assert squash(page.locator("li.md-tabs__item--active").inner_text()) == "Entities"


# --- 11. structure read from the plain text -----------------------------------------------------------------------

def test_11_a_quotation_and_a_heading_are_set_as_such(visit):
    visit.open(f"documents/{QUOTING}")
    page = visit.page
    quote = page.locator(".archive-body > blockquote.archive-quote").first
    assert quote.is_visible() and quote.locator("p.archive-p").count() >= 1
    indent = page.evaluate("""() => [document.querySelector('blockquote.archive-quote > p').getBoundingClientRect().left,
        document.querySelector('.archive-body > p.archive-p').getBoundingClientRect().left]""")
    assert indent[0] > indent[1], indent  # set off from the blogger's words
    visit.open(f"documents/{HEADED}")
    heading = page.locator(".archive-body > h2#p34")
    assert heading.is_visible() and heading.inner_text().strip() == "Country Profile"
    sizes = page.evaluate("""() => ['.archive-body > h2#p34', '.archive-body > p.archive-p']
        .map(q => parseFloat(getComputedStyle(document.querySelector(q)).fontSize))""")
    assert sizes[0] > sizes[1], sizes
    visit.no_overflow()


# --- 12 and the screenshots: every page kind, no error, axe-core ---------------------------------------------------

SHOTS = {"home": "index", "document": f"documents/{DOC}", "entity": ENTITY, "annotations": "annotations/index"}
TOUR = ["timeline", "topics/north-korea", "entities/index", "authors/index"]  # the rest: the tests above


def test_12_every_page_kind_opens_without_an_error_and_axe_finds_nothing_serious(visit):
    page = visit.page
    ARTIFACTS.mkdir(exist_ok=True)
    for shot, name in SHOTS.items():
        visit.open(name)
        visit.no_overflow()
        page.screenshot(path=str(ARTIFACTS / f"reader-{shot}-{visit.width}-{visit.place}.png"), full_page=True,
                        animations="disabled")  # no tab caught halfway through Material's fade
        found = serious(run_axe(page, preload=visit.place == "hosted"))
        assert not found, describe_violations(f"{name} at {visit.width} ({visit.place})", found)
    for name in TOUR:
        visit.open(name)
    assert visit.errors == []  # and Visit.close() checks the requests
