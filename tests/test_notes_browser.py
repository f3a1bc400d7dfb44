"""A document page and the annotations index as a reader gets them, in Chromium, at 1280 and
390 px, served over http:// and from the unzipped offline bundle (notes.js, notes.css and
archive.css's typography): notes in the margin on wide screens and after their paragraphs
otherwise (and without JavaScript, and in print); lines of 60 to 75 characters; 24 px targets;
"copy link" on each paragraph; the cite box's access date, copy and download; the annotations
list at 390 px and its filter; axe-core. The demo's mkdocs.yml names a site_url, so the
citations carry the archive page's address. Screenshots: test-artifacts/docpages-*.png.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from browser_support import (DESKTOP, PHONE, REPO, RequestLog, Variant, describe_violations, horizontal_overflow,
                             run_axe, serious, serve, set_width)

SITE_URL = "https://china-un-human-rights.example.org/"
DOC = "china-backs-ban-ki-moon"
NOTES = ["note-liu-xiaobo", "note-martin-nesirky", "note-burma-is-myanmar"]
ARTIFACTS = REPO / "test-artifacts"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


@pytest.fixture(scope="module")
def served_site(browser_demo_site, chromium_path):
    """The demo archive (built once a session with its mkdocs.yml, whose site_url is
    :data:`SITE_URL`: conftest.py), served while the module's tests run."""
    with serve(browser_demo_site) as base:
        yield Variant("served", base, browser_demo_site, directory_urls=True)


@pytest.fixture(scope="module")
def bundle_site(browser_bundle_folder, chromium_path) -> Variant:
    """The demo's offline bundle (made and unzipped once a session, conftest.py), opened from file://."""
    return Variant("bundle", browser_bundle_folder.as_uri() + "/", browser_bundle_folder, directory_urls=False)


@pytest.fixture(params=["served", "bundle"])
def variant(request) -> Variant:
    return request.getfixturevalue(f"{request.param}_site")


class Reader:
    """A page in its own browser context, its requests and its errors watched."""

    def __init__(self, browser, variant: Variant, width: int, **options) -> None:
        self.variant = variant
        self.context = browser.new_context(viewport={"width": width, "height": 900 if width > 500 else 844}, **options)
        self.context.set_default_timeout(15_000)
        self.log = RequestLog(variant).attach(self.context)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        self.page.on("console", self._console)

    def _console(self, message) -> None:
        if message.type == "error":  # any, served or from the bundle (issue 21, item 12)
            self.errors.append(f"console: {message.text} ({(message.location or {}).get('url', '')})")

    def open(self, name: str) -> None:
        self.page.goto(self.variant.url(name), wait_until="load")
        self.page.wait_for_selector("article.md-content__inner h1")
        self.page.wait_for_timeout(150)  # notes.js places the notes on the next frame after load

    def shoot(self, name: str, width: int, full_page: bool = True) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"docpages-{self.variant.name}-{name}-{width}.png"), full_page=full_page)

    def close(self) -> None:
        assert self.errors == [], self.errors
        self.log.assert_clean()
        self.context.close()


@pytest.fixture
def reader(browser, variant):
    made = []

    def make(width: int = DESKTOP, **options) -> Reader:
        made.append(Reader(browser, variant, width, **options))
        return made[-1]

    yield make
    for one in made:
        one.close()


BOXES = """() => {
    const box = el => { const r = el.getBoundingClientRect(); return {top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right, width: r.width, height: r.height}; };
    const notes = [...document.querySelectorAll('aside.archive-note')].map(n => ({id: n.id, box: box(n),
        position: getComputedStyle(n).position, before: n.previousElementSibling.id,
        mark: box(document.querySelector('mark.archive-annotated[data-note="' + n.dataset.note + '"]'))}));
    const paragraphs = [...document.querySelectorAll('.archive-body > p')].map(p => ({id: p.id, box: box(p)}));
    return {notes, paragraphs, body: box(document.querySelector('.archive-body')), vw: document.documentElement.clientWidth,
            margin: document.querySelector('.archive-body').classList.contains('archive-body--margin')};
}"""


def test_notes_stand_in_the_margin_beside_their_passages_on_a_wide_screen(reader):
    one = reader(DESKTOP)
    one.open(f"documents/{DOC}")
    layout = one.page.evaluate(BOXES)
    assert layout["margin"] and [n["id"] for n in layout["notes"]] == NOTES
    text_right = max(p["box"]["right"] for p in layout["paragraphs"])
    above = None
    for note in layout["notes"]:
        box = note["box"]
        assert box["left"] >= text_right + 16, f"{note['id']} is over the text: {box} (text ends at {text_right})"
        assert box["right"] <= layout["vw"], note
        assert box["width"] >= 240, note
        level = max(note["mark"]["top"], above["bottom"] + 12 if above else 0)
        assert abs(box["top"] - level) <= 2, f"{note['id']} is not beside its passage: {box} {note['mark']}"
        above = box
    assert layout["body"]["bottom"] >= above["bottom"] - 1, "the last note runs out of the body"
    # A note and its passage light up together.
    one.page.hover("mark.archive-annotated[data-note='2']")
    assert "archive-note--lit" in one.page.get_attribute("#note-martin-nesirky", "class")
    one.shoot("margin-notes", DESKTOP)
    one.page.evaluate("document.querySelector('#note-martin-nesirky').scrollIntoView({block: 'center'})")
    one.shoot("margin-notes-view", DESKTOP, full_page=False)


def _after_their_paragraphs(layout) -> None:
    assert not layout["margin"]
    by_id = {p["id"]: p["box"] for p in layout["paragraphs"]}
    for note in layout["notes"]:
        assert note["position"] == "static", note
        para = by_id[note["before"]]
        assert note["box"]["top"] >= para["bottom"] - 1, f"{note['id']} is not after its paragraph"


def test_notes_follow_their_paragraphs_on_a_phone(reader):
    one = reader(PHONE)
    one.open(f"documents/{DOC}")
    _after_their_paragraphs(one.page.evaluate(BOXES))
    overflow = horizontal_overflow(one.page)
    assert overflow["scrollWidth"] <= PHONE + 1, overflow
    one.shoot("document", PHONE)
    one.page.set_viewport_size({"width": DESKTOP, "height": 900})  # wider: into the margin
    one.page.wait_for_timeout(200)
    assert one.page.evaluate(BOXES)["margin"]


def test_notes_follow_their_paragraphs_without_javascript_and_in_print(reader):
    off = reader(DESKTOP, java_script_enabled=False)
    off.open(f"documents/{DOC}")
    assert off.page.locator("a.archive-copy-link").count() == 0  # no script ran
    _after_their_paragraphs(off.page.evaluate(BOXES))
    printed = reader(DESKTOP)
    printed.open(f"documents/{DOC}")
    printed.page.emulate_media(media="print")
    printed.page.wait_for_timeout(100)
    assert printed.page.evaluate("[...document.querySelectorAll('aside.archive-note')].map(n => getComputedStyle(n).position)") == [
        "static"] * 3
    assert printed.page.evaluate("getComputedStyle(document.querySelector('div.archive-neighbours')).display") == "none"


LINES = """() => {
    const counts = [];
    for (const p of document.querySelectorAll('.archive-body > p.archive-p')) {
        const lines = new Map();
        const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
        for (let node; (node = walker.nextNode());) {
            if (node.parentElement.closest('sup')) continue;
            for (let i = 0; i < node.length; i++) {
                const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
                const rect = range.getBoundingClientRect();
                if (rect.height) lines.set(Math.round(rect.bottom), (lines.get(Math.round(rect.bottom)) || 0) + 1);
            }
        }
        const each = [...lines.entries()].sort((a, b) => a[0] - b[0]).map(e => e[1]);
        counts.push(...each.slice(0, -1));  // a paragraph's last line is as short as it is
    }
    return counts;
}"""


def _alpha(color: str) -> float:
    parts = re.findall(r"[\d.]+", color)
    return float(parts[3]) if len(parts) == 4 else 1.0


def test_typography_and_targets(reader):
    one = reader(DESKTOP)
    one.open(f"documents/{DOC}")
    full_lines = one.page.evaluate(LINES)
    assert len(full_lines) > 40
    assert max(full_lines) <= 75, f"lines of up to {max(full_lines)} characters"
    assert 60 <= sum(full_lines) / len(full_lines) <= 75, sum(full_lines) / len(full_lines)
    style = one.page.evaluate("""() => { const s = q => getComputedStyle(document.querySelector(q));
        return {h1: [s('article h1').fontWeight, s('article h1').color], body: [s('p.archive-p').fontWeight, s('p.archive-p').color],
                note: s('aside.archive-note p').fontSize, cite: s('p.archive-cite-plain').fontSize,
                code: s('pre.archive-cite-bibtex code').fontSize}; }""")
    assert int(style["h1"][0]) >= int(style["body"][0]) and _alpha(style["h1"][1]) >= _alpha(style["body"][1]), style
    for name in ("note", "cite", "code"):
        assert float(style[name].rstrip("px")) >= 15, (name, style)
    one.open("documents/ban-ki-moon-meets-chinese-leaders-2013")  # an editor's note too
    assert float(one.page.evaluate("getComputedStyle(document.querySelector('.archive-editor-note p:not(.admonition-title)')).fontSize")
                 .rstrip("px")) >= 15
    one.open(f"documents/{DOC}")
    targets = one.page.evaluate("""() => [...document.querySelectorAll('sup.archive-note-ref a, p.archive-note-head a')]
        .map(a => { const r = a.getBoundingClientRect(); return [a.textContent, r.width, r.height]; })""")
    assert len(targets) == 6 and all(w >= 24 and h >= 24 for _, w, h in targets), targets
    # The markers do not open the lines they are on.
    heights = one.page.evaluate("""() => { const p = document.getElementById('p3'), q = document.getElementById('p2');
        const lh = parseFloat(getComputedStyle(p).lineHeight); return [p.getBoundingClientRect().height / lh, q.getBoundingClientRect().height / lh]; }""")
    assert all(abs(h - round(h)) < 0.05 for h in heights), heights


def test_copy_link_on_each_paragraph(reader, variant):
    one = reader(DESKTOP)
    one.context.grant_permissions(["clipboard-read", "clipboard-write"])  # the test reads what was copied
    one.open(f"documents/{DOC}")
    page = one.page
    links = page.locator(".archive-body > p > a.archive-copy-link")
    assert links.count() == page.locator(".archive-body > p[id]").count() == 27
    link = page.locator("#p5 > a.archive-copy-link")
    assert link.get_attribute("aria-label") == "Copy link to paragraph 5"
    assert link.evaluate("a => getComputedStyle(a).opacity") == "0"
    assert page.locator("#p5").inner_text().endswith("ahead of taking a decision in October.")  # the text stays the source's
    page.hover("#p5")
    page.wait_for_timeout(50)
    shown = link.evaluate("""a => { const r = a.getBoundingClientRect(); return {opacity: getComputedStyle(a).opacity,
        label: getComputedStyle(a, '::after').content, width: r.width, height: r.height}; }""")
    assert shown == {"opacity": "1", "label": '"Copy link"', "width": shown["width"], "height": shown["height"]}
    assert shown["width"] >= 24 and shown["height"] >= 24, shown
    page.hover("h1")
    link.focus()
    assert link.evaluate("a => getComputedStyle(a).opacity") == "1"
    one.shoot("copy-link", DESKTOP, full_page=False)
    link.click()
    page.wait_for_function("document.getElementById('archive-status') && document.getElementById('archive-status').textContent")
    said = page.locator("#archive-status").text_content()
    target = variant.url(f"documents/{DOC}") + "#p5"
    if said == "Link to paragraph 5 copied":
        assert page.evaluate("navigator.clipboard.readText()") == target
    else:  # no clipboard for a file:// page: the address bar holds the link
        assert said == "The address bar shows the link to paragraph 5"
        assert page.url == target


PARAGRAPH_IDS = """body => [...body.querySelectorAll('[id]')].filter(el => /^p[0-9]+$/.test(el.id)
    && !el.closest('aside.archive-note')).map(el => [el.id, el.tagName.toLowerCase(), el.parentElement.tagName.toLowerCase(),
    el.querySelectorAll(':scope > a.archive-copy-link').length])"""


@pytest.mark.parametrize("doc, shown", [("why-china-wont-stop-north-korea", "p4"), ("china-agenda-for-may-2021", "p34")])
def test_copy_link_on_quoted_paragraphs_and_headings_too(reader, variant, doc, shown):
    """Every paragraph of the text has its link: those in a quotation (blockquote > p) and a
    line read as a heading (h2) as well as the others; the notes' own paragraphs have none."""
    one = reader(DESKTOP)
    one.open(f"documents/{doc}")
    page = one.page
    found = page.eval_on_selector(".archive-body", PARAGRAPH_IDS)
    assert [(i, n) for i, _, _, n in found if n != 1] == []
    kinds = {(tag, parent) for _, tag, parent, _ in found}
    assert ("p", "blockquote") in kinds if doc.startswith("why") else ("h2", "div") in kinds
    assert page.locator("aside.archive-note a.archive-copy-link").count() == 0
    link = page.locator(f"#{shown} > a.archive-copy-link")
    page.hover(f"#{shown}")
    page.wait_for_timeout(50)
    box = link.evaluate("a => { const r = a.getBoundingClientRect(); return [getComputedStyle(a).opacity, r.width, r.height]; }")
    assert box[0] == "1" and box[1] >= 24 and box[2] >= 24, box
    assert link.get_attribute("aria-label") == f"Copy link to paragraph {shown[1:]}"
    one.shoot(f"copy-link-{shown}", DESKTOP, full_page=False)
    assert one.errors == []


def test_copy_link_without_a_clipboard_puts_the_link_in_the_address_bar(reader, variant):
    one = reader(DESKTOP)
    one.context.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    one.open(f"documents/{DOC}")
    one.page.locator("#p7 > a.archive-copy-link").click()
    one.page.wait_for_function("document.getElementById('archive-status') && document.getElementById('archive-status').textContent")
    assert one.page.locator("#archive-status").text_content() == "The address bar shows the link to paragraph 7"
    assert one.page.url == variant.url(f"documents/{DOC}") + "#p7"
    label = one.page.locator("#p7 > a.archive-copy-link").evaluate("a => getComputedStyle(a, '::after').content")
    assert label == '"Link in the address bar"'


def test_the_cite_box_names_the_archive_page_the_day_of_access_and_downloads(reader, variant):
    one = reader(DESKTOP, accept_downloads=True)
    one.open(f"documents/{DOC}")
    page = one.page
    page.click("details.archive-cite > summary")
    today = dt.date.today()
    address = SITE_URL + f"documents/{DOC}/"  # the hosted page, from the bundle too
    assert page.locator("p.archive-cite-plain").inner_text() == (
        "Patrick Goodenough. “China Backs Ban Ki-Moon, As Advocacy Groups Criticize His Failure to Address Human Rights.” "
        f"CNSNews.com, 3 November 2010. Archived in China, the UN and Human Rights, {address}. "
        f"Accessed {today.day} {MONTHS[today.month - 1]} {today.year}.")
    bibtex = page.locator("pre.archive-cite-bibtex").inner_text().splitlines()
    assert bibtex[-4:] == [f"  url = {{{address}}},", "  note = {Archived in China, the UN and Human Rights},",
                           f"  urldate = {{{today.isoformat()}}},", "}"]
    ris = page.locator("pre.archive-cite-ris").inner_text().splitlines()
    assert ris[-4:] == [f"UR  - {address}", "DB  - China, the UN and Human Rights", f"Y2  - {today:%Y/%m/%d}/", "ER  - "]
    item = json.loads(page.locator("pre.archive-cite-csl-json").inner_text())[0]
    assert (item["URL"], item["accessed"]) == (address, {"date-parts": [[today.year, today.month, today.day]]})
    page.locator("details.archive-cite").scroll_into_view_if_needed()
    one.shoot("cite", DESKTOP, full_page=False)
    with page.expect_download() as caught:
        page.click(".archive-cite-format[data-format='ris'] button:has-text('Download .ris')")
    download = caught.value
    assert download.suggested_filename == "goodenough2010china.ris"
    saved = Path(download.path()).read_text(encoding="utf-8")
    assert saved.startswith("TY  - NEWS\n") and f"Y2  - {today:%Y/%m/%d}/\nER  - \n" in saved


def test_previous_and_next_lead_by_date(reader):
    one = reader(PHONE)
    one.open(f"documents/{DOC}")
    with one.page.expect_navigation():
        one.page.click("a.archive-neighbour[rel=next]")
    assert one.variant.is_page(one.page.url, "documents/ban-ki-moon-meets-chinese-leaders-2013"), one.page.url
    one.page.wait_for_selector("a.archive-neighbour[rel=prev]")
    assert one.page.locator("a.archive-neighbour").count() == 2


def test_the_annotations_index_reads_well_on_a_phone(reader):
    one = reader(PHONE)
    one.open("annotations/index")
    page = one.page
    overflow = horizontal_overflow(page)
    assert overflow["scrollWidth"] <= PHONE + 1, overflow
    items = page.locator("ul#archive-annotations > li")
    assert items.count() == 10
    widths = items.evaluate_all("els => els.map(el => el.querySelector('.archive-annotation-text').getBoundingClientRect().width)")
    assert min(widths) >= 300, widths  # the note's sentence runs the width of the phone, not one word a line
    assert items.first.locator(".archive-annotation-text").inner_text() == (
        "The Universal Periodic Review is the Human Rights Council's peer review of every UN member's human rights record.")
    one.shoot("annotations", PHONE)
    page.select_option("form.archive-filter select[name=kind]", "correction")
    assert page.locator("ul#archive-annotations > li:not([hidden])").count() == 1
    assert page.locator("form.archive-filter output").inner_text() == "1 of 10 shown"


@pytest.mark.parametrize("name, width", [(f"documents/{DOC}", DESKTOP), (f"documents/{DOC}", PHONE),
                                         ("annotations/index", PHONE), ("annotations/index", DESKTOP)])
def test_axe_finds_nothing_serious(browser, served_site, name, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(served_site.url(name), wait_until="load")
        page.wait_for_timeout(150)
        if name.startswith("documents/"):
            page.click("details.archive-cite > summary")  # its buttons too
            page.hover("#p4")  # a copy link shown
        found = serious(run_axe(page))
        assert not found, describe_violations(f"{name} at {width}", found)
    finally:
        context.close()
