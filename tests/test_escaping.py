"""Hostile input in every field reaches the built site as text (issue 16, "Script injection").

The hostile matrix archive (tests/hostile_matrix.py) is built once; each test reads the built
files back (HTML with BeautifulSoup, JSON, XML, CSV) and checks that a payload is shown as the
literal characters it is made of, in the context it is printed in. test_hostile_browser.py
opens the same archive in Chromium.
"""

from __future__ import annotations

import csv
import html
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import markupsafe
import pytest

from hostile_matrix import (MATRIX_AGENCY, MATRIX_BYLINE_AUTHOR, MATRIX_REPORTER, MATRIX_ENTITY_NAME, MATRIX_HTML_TITLE, MATRIX_NOTE_AUTHOR,
                            MATRIX_PUBLICATION_WRITES, MATRIX_SIDECAR, MATRIX_SIDECAR_AUTHOR, MATRIX_SIDECAR_TITLE,
                            MATRIX_SITE_DESCRIPTION, MATRIX_SITE_NAME, MATRIX_SOURCE_FILE, MATRIX_TEXT_TITLE,
                            MATRIX_TOPIC_TITLE, executable, write_matrix_archive)
from test_escaping_new_archive import NEW_BYLINE_AUTHOR, new_site  # noqa: F401  (a fixture)
from helpers import page_html, soup_of
from helpers.search_index import fragments, index_files
from builder.bridge import handover
from builder.bridge.site import build_site
from builder.emit import exports, markdown as md, rawhtml
from builder.emit.frontmatter import page
from builder.emit.taxonomy_pages import AUTHORS, PUBLICATIONS
from builder.markup import to_html


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile-matrix")
    config = write_matrix_archive(root)
    build_site(config, root / "site", content_dir=root / "content")
    return root / "site"


def all_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# --- nothing runs: checked on every page of the site --------------------------------------------------

def test_no_page_of_the_hostile_archive_carries_script(site):
    pages = all_pages(site)
    assert len(pages) > 20
    found = {str(p.relative_to(site)): bad for p in pages if (bad := executable(p))}
    assert found == {}


def test_the_payloads_reach_the_site(site):
    """The matrix is only a test if the payloads get through the stages to the pages (a sidecar's
    caption, 36, is kept in the front matter only)."""
    text = html.unescape("\n".join(p.read_text(encoding="utf-8") for p in all_pages(site)))
    for n in (1, 2, 3, 4, 5, 6, 7, 9, 10, 13, 20, 21, 30, 31, 33, 34, 35, 37, 39, 40, 41, 50, 51, 53, 54, 55, 25):
        assert f"__pwned({n})" in text or f"__pwned`{n}`" in text, n


# --- 1. front matter: author, title, description --------------------------------------------------------

@pytest.mark.parametrize("name", [MATRIX_BYLINE_AUTHOR, MATRIX_SIDECAR_AUTHOR, MATRIX_REPORTER])
def test_author_page_meta_and_heading_are_the_literal_name(site, name):
    """Issue 16: 'By Ann Lee"><script>alert(1)</script> | November 3, 2010' closed the meta tag."""
    page_soup = soup_of(page_html(site, AUTHORS.term_page(name)))
    assert page_soup.find("meta", attrs={"name": "author"})["content"] == name
    assert page_soup.select_one("article h1").get_text().replace("¶", "") == name
    assert page_soup.title.get_text() == f"{name} - {MATRIX_SITE_NAME}"
    assert [s for s in page_soup.find_all("script") if "__pwned" in (s.string or "")] == []


@pytest.mark.parametrize("name", [MATRIX_AGENCY, MATRIX_SIDECAR["publication"]])
def test_publication_page_reads_the_literal_name(site, name):
    page_soup = soup_of(page_html(site, PUBLICATIONS.term_page(name)))
    assert page_soup.select_one("article h1").get_text().replace("¶", "") == name
    assert page_soup.title.get_text() == f"{name} - {MATRIX_SITE_NAME}"


def test_document_title_and_description_read_literally(site):
    page_soup = soup_of(page_html(site, "documents/sidecar.md"))
    assert page_soup.title.get_text() == f"{MATRIX_SIDECAR_TITLE} - {MATRIX_SITE_NAME}"
    assert page_soup.select_one(".md-header__topic[data-md-component=header-topic] .md-ellipsis").get_text().strip() \
        == MATRIX_SIDECAR_TITLE
    assert page_soup.find("meta", attrs={"name": "description"})["content"] == MATRIX_SIDECAR["description"]
    captured = soup_of(page_html(site, "documents/captured.md"))
    assert captured.find("meta", attrs={"name": "description"})["content"] == 'Described ">__pwned(65)'


def test_an_ampersand_is_escaped_once(site):
    """'AT&T' reads 'AT&T' in the <title>, the header, the heading and the search result, never 'AT&amp;T'."""
    page_soup = soup_of(page_html(site, PUBLICATIONS.term_page(MATRIX_PUBLICATION_WRITES)))
    assert page_soup.title.get_text() == f"{MATRIX_PUBLICATION_WRITES} - {MATRIX_SITE_NAME}"
    assert page_soup.select_one("article h1").get_text().replace("¶", "") == MATRIX_PUBLICATION_WRITES
    assert "&amp;amp;" not in page_html(site, PUBLICATIONS.term_page(MATRIX_PUBLICATION_WRITES)).read_text()
    home = soup_of(site / "index.html")
    assert home.select_one(".md-header__topic .md-ellipsis").get_text().strip() == MATRIX_SITE_NAME
    assert home.select_one(".md-header__button.md-logo")["title"] == MATRIX_SITE_NAME
    assert home.select_one(".md-header__button.md-logo")["aria-label"] == MATRIX_SITE_NAME


# --- 4. site_name and site_description ----------------------------------------------------------------

def test_site_name_and_description_are_text_on_every_page(site):
    for path in [site / "index.html", site / "documents" / "report" / "index.html", site / "about" / "index.html"]:
        page_soup = soup_of(path)
        assert page_soup.title.get_text().endswith(MATRIX_SITE_NAME), path
        assert page_soup.select_one(".md-header__topic .md-ellipsis").get_text().strip() == MATRIX_SITE_NAME
        assert page_soup.select_one("label.md-nav__title").get_text().strip() == MATRIX_SITE_NAME
    home = soup_of(site / "index.html")
    assert home.find("meta", attrs={"name": "description"})["content"] == MATRIX_SITE_DESCRIPTION
    assert home.select_one("article h1").get_text().replace("¶", "") == MATRIX_SITE_NAME


# --- 2. search index --------------------------------------------------------------------------------

def test_search_records_hold_titles_as_literal_text(site):
    """The search index holds every title as the literal text (data, not markup: the client
    shows it with textContent; the hostile browser test shows it on the page)."""
    shown = {(f["k"], f["t"]) for f in fragments(index_files(site / "search-index")).values()}
    for kind, literal in (("document", MATRIX_TEXT_TITLE), ("document", MATRIX_SIDECAR_TITLE),
                          ("entity", MATRIX_ENTITY_NAME), ("topic", MATRIX_TOPIC_TITLE)):
        assert (kind, literal) in shown, sorted(shown)


# --- 3. editor Markdown is rendered once --------------------------------------------------------------

def test_topic_description_code_block_stays_text(site):
    """Issue 16: an indented '![m](...){onerror=...}' passed nh3 as <code>, then Markdown made it an <img>."""
    description = soup_of(page_html(site, "topics/evil.md")).select_one("article div.archive-description")
    assert description is not None
    assert description.find("img") is None
    assert "![m](https://example.invalid/m.png){onerror=__pwned(21)}" in description.find_all("code")[-1].get_text()


@pytest.mark.parametrize("page_path, selector", [
    ("topics/evil.md", "div.archive-description"),
    ("topics/evil-child.md", "div.archive-description"),
    ("entities/zed-quorum.md", "div.archive-intro"),
    ("entities/council.md", "div.archive-intro"),
    ("documents/sidecar.md", "div.archive-editor-note"),
    ("documents/report.md", "aside.archive-note"),
    ("annotations/orphaned.md", "div.archive-orphan-note"),
])
def test_editor_markdown_is_sanitised_html_and_never_markdown_again(site, page_path, selector):
    box = soup_of(page_html(site, page_path)).select_one(f"article {selector}")
    assert box is not None, selector
    assert box.find(["img", "svg", "script", "details"]) is None
    for tag in box.find_all(True):
        assert not [a for a in tag.attrs if a.startswith("on")], tag
    # The attr_list attempt on its own line stays text, as the editor wrote it.
    assert "{: onclick=" in box.get_text()


def test_rawhtml_blocks_pass_markdown_untouched():
    inner = to_html("    ![m](https://example.invalid/m.png){onerror=alert(1)}")
    markdown, blocks = handover.split("# T\n\n" + rawhtml.block("description", inner) + "\n\nafter", "PH")
    assert "onerror" not in markdown and blocks == [rawhtml.block("description", inner)]


def test_code_spans_of_file_names_cannot_be_closed():
    assert md.code("a`<img src=x onerror=alert(1)>`.txt") == "<code>a&#96;&lt;img src=x onerror=alert(1)&gt;&#96;.txt</code>"


def test_source_file_name_is_text_on_the_document_page(site):
    doc = next(p for p in (site / "documents").iterdir() if p.name.startswith("named"))
    page_soup = soup_of(doc / "index.html")
    link = page_soup.select_one("div.archive-meta a[href*='sources/']")
    assert link.get_text() == MATRIX_SOURCE_FILE


def test_review_page_lists_hostile_file_names_and_messages_as_text(site):
    review = soup_of(page_html(site, "review.md"))
    text = review.select_one("article").get_text()
    assert "x<img src=x onerror=__pwned`62`>.doc" in text
    assert "a passage that is nowhere <img src=x onerror=__pwned(53)>" in text


@pytest.mark.parametrize("built, name", [("site", MATRIX_BYLINE_AUTHOR), ("new_site", NEW_BYLINE_AUTHOR)])
def test_front_matter_author_is_data_printed_escaped_once(request, built, name):
    """A page's front matter is data: its title is escaped text (MkDocs prints a title as HTML),
    the author's name is kept as written (the exported Markdown shows it so). The MkDocs bridge
    hands it to the templates escaped, as Markup: printed with `| e` (overrides/main.html, the
    matrix site) or raw (Material's base.html, an `archive new` site), it is escaped once."""
    made = page({"title": name, "author": name}, "body")
    assert made.front == {"title": html.escape(name, quote=False), "author": name, "search": {"exclude": True}}
    site = request.getfixturevalue(built)
    raw = page_html(site, AUTHORS.term_page(name)).read_text(encoding="utf-8")
    assert f'<meta name="author" content="{markupsafe.escape(name)}">' in raw
    assert soup_of(page_html(site, AUTHORS.term_page(name))).find("meta", attrs={"name": "author"})["content"] == name


# --- 5. JSON-LD, citation tags, the cite box, feeds -------------------------------------------------------

def test_json_ld_cannot_close_its_script_and_reads_back(site):
    page_soup = soup_of(page_html(site, "documents/sidecar.md"))
    raw = (site / "documents" / "sidecar" / "index.html").read_text(encoding="utf-8")
    script = page_soup.find("script", attrs={"type": "application/ld+json"})
    assert not any(c in script.string for c in "<>&")
    data = json.loads(script.string)
    assert data["headline"] == MATRIX_SIDECAR_TITLE
    assert [a["name"] for a in data["author"]] == MATRIX_SIDECAR["authors"]
    assert data["publisher"]["name"] == MATRIX_SIDECAR["publication"]
    assert raw.count("</script>") == raw.count("<script")


def test_citation_meta_tags_and_cite_box_hold_the_literal_values(site):
    page_soup = soup_of(page_html(site, "documents/sidecar.md"))
    tags = {(m["name"], m["content"]) for m in page_soup.find_all("meta") if m.get("name", "").startswith("citation_")}
    assert ("citation_title", MATRIX_SIDECAR_TITLE) in tags
    assert ("citation_author", MATRIX_SIDECAR_AUTHOR) in tags
    assert ("citation_journal_title", MATRIX_SIDECAR["publication"]) in tags
    assert ("citation_language", MATRIX_SIDECAR["language"]) in tags
    plain = page_soup.select_one("p.archive-cite-plain").get_text()
    assert MATRIX_SIDECAR_TITLE in plain and MATRIX_SIDECAR_AUTHOR in plain
    # BibTeX: LaTeX's specials escaped (here "_"); RIS and CSL-JSON: the literal text. Never markup in the page.
    assert "  title = {" + MATRIX_SIDECAR_TITLE.replace("_", r"\_") + "}," in page_soup.select_one(
        "pre.archive-cite-bibtex").get_text().splitlines()
    assert f"TI  - {MATRIX_SIDECAR_TITLE}" in page_soup.select_one("pre.archive-cite-ris").get_text().splitlines()
    assert json.loads(page_soup.select_one("pre.archive-cite-csl-json").get_text())[0]["title"] == MATRIX_SIDECAR_TITLE
    assert page_soup.select_one("details.archive-cite").find_all(["script", "img", "svg"]) == []


def test_feeds_are_well_formed_and_hold_the_literal_text(site):
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring((site / "feed.xml").read_bytes())
    assert feed.find(f"{atom}title").text == f"{MATRIX_SITE_NAME}: documents"
    titles = [e.find(f"{atom}title").text for e in feed.iter(f"{atom}entry")]
    assert MATRIX_SIDECAR_TITLE in titles and MATRIX_TEXT_TITLE in titles
    notes = ET.fromstring((site / "annotations.xml").read_bytes())
    authors = [n.text for n in notes.iter(f"{atom}name")]
    assert MATRIX_NOTE_AUTHOR in authors
    assert any("__pwned(51)" in (s.text or "") for s in notes.iter(f"{atom}summary"))


def test_feed_text_leaves_out_characters_xml_cannot_hold():
    assert exports.escape("a\x0bb<&\x00") == "ab&lt;&amp;"
    assert ET.fromstring("<t>" + exports.escape("bell\x07 and <tag>") + "</t>").text == "bell and <tag>"


def test_web_annotations_read_back(site):
    data = json.loads((site / "annotations.jsonld").read_text(encoding="utf-8"))
    items = data["first"]["items"]
    assert [i["creator"]["name"] for i in items] == [MATRIX_NOTE_AUTHOR]
    assert "__pwned(51)" in items[0]["body"]["value"] and items[0]["body"]["format"] == "text/markdown"


def test_html_source_metadata_is_text(site):
    """A captured page's <title>, meta tags and JSON-LD: markup is dropped by the stage or shown as text."""
    page_soup = soup_of(page_html(site, "documents/captured.md"))
    assert executable(site / "documents" / "captured" / "index.html") == []
    # The page's heading and a paragraph holding escaped markup reach the body as text.
    body = [p.get_text() for p in page_soup.select("article div.archive-body p")]
    assert MATRIX_HTML_TITLE in body
    assert "A second paragraph <script>__pwned(74)</script> follows, with enough words to count as a real " \
           "paragraph of the page." in body
    # What the stage kept of them is shown as it is: the description with its quote and '>'.
    assert page_soup.find("meta", attrs={"name": "description"})["content"] == 'Described ">__pwned(65)'
    summary = next(dd for dt, dd in zip(page_soup.select("div.archive-meta dt"), page_soup.select("div.archive-meta dd"))
                   if dt.get_text() == "Summary")
    assert summary.get_text() == 'Described ">__pwned(65)'


# --- 6. CSV formula injection --------------------------------------------------------------------------

def read_csv(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_csv_cells_that_would_be_formulas_get_an_apostrophe(site):
    rows = {row["id"]: row for row in read_csv(site / "documents.csv")}
    sidecar = rows["sidecar"]
    assert sidecar["title"] == "'" + MATRIX_SIDECAR_TITLE
    assert sidecar["authors"] == "'" + "; ".join(MATRIX_SIDECAR["authors"])
    assert sidecar["publication"] == "'" + MATRIX_SIDECAR["publication"]
    assert rows["report"]["title"] == MATRIX_TEXT_TITLE  # no formula: left as it is
    # The JSON export keeps the values as they are.
    data = {d["id"]: d for d in json.loads((site / "documents.json").read_text(encoding="utf-8"))}
    assert data["sidecar"]["title"] == MATRIX_SIDECAR_TITLE


@pytest.mark.parametrize("value, cell", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1", "'+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("Plain", "Plain"), ("a=b", "a=b"), (12, 12),
])
def test_csv_cell_rule(value, cell):
    assert exports._cell(value) == cell
    out = io.StringIO()
    csv.writer(out).writerow([exports._cell(value)])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == [str(cell)]


def test_entities_csv_prefixes_formula_names(tmp_path):
    rows = exports._csv([{"id": "x", "name": "=cmd|' /C calc'!A0", "aliases": ["@a", "b"]}], ("id", "name", "aliases"))
    parsed = list(csv.DictReader(io.StringIO(rows.decode("utf-8"))))
    assert parsed == [{"id": "x", "name": "'=cmd|' /C calc'!A0", "aliases": "'@a; b"}]
