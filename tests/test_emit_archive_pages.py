"""The pages that cover the whole archive (the review page, the home page, the timeline and
its years, the author and publication indexes) write their lists, tables and links to other
pages as HTML handed past Markdown (emit.rawhtml), as every other generated page does: no
Markdown link to a .md file is left in them, every link leads to the right page in both URL
styles, and text from the sources is shown as text."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import GOOD_SIDECARS, GOOD_SOURCES, article, heading_text, make_tiny_archive, soup_of, squash
from builder.emit import rawhtml, timeline_page
from builder.emit.taxonomy_pages import PUBLICATIONS
from builder.emit.urls import Urls

HOSTILE_TITLE = "Talks on <img src=x onerror=__pwned(1)> & [the vote](javascript:__pwned(2)) at *the* council"
HOSTILE_STORY = f"{HOSTILE_TITLE}\n\nThe council met on Monday and the talks went on into the night.\n"
PAGES = ["index.md", "review.md", "timeline.md", "authors/index.md", "publications/index.md"]
MARKDOWN_LINK_TO_PAGE = re.compile(r"\]\([^)\s]*\.md(?:#[^)\s]*)?(?:\s+\"[^\"]*\")?\)")


class Built:
    """A tiny archive built with one URL style: its site, its Markdown export, its documents."""

    def __init__(self, root: Path, directory: bool) -> None:
        archive = make_tiny_archive(root, {**GOOD_SOURCES, "talks.txt": HOSTILE_STORY}, GOOD_SIDECARS, export=True)
        if not directory:
            with archive.config.open("a", encoding="utf-8") as config:
                config.write("use_directory_urls: false\n")
        self.directory = directory
        self.site = archive.build()
        self.export = archive.export_dir
        self.documents = {doc.id: doc for doc in archive.collect().documents}

    def html_of(self, page: str) -> Path:
        """The built file of a generated page ('documents/x.md')."""
        if not self.directory:
            return self.site / (page[:-len(".md")] + ".html")
        if page == "index.md" or page.endswith("/index.md"):
            return self.site / page[:-len("index.md")] / "index.html"
        return self.site / page[:-len(".md")] / "index.html"

    def target(self, page: str, href: str) -> Path:
        """The file a relative link on ``page`` opens."""
        assert not re.match(r"^[a-z]+:|^/", href), f"{page}: {href} is not a relative link"
        path = posixpath.normpath(posixpath.join(self.html_of(page).parent.relative_to(self.site).as_posix(),
                                                 href.partition("#")[0]))
        return self.site / path / "index.html" if href.partition("#")[0].endswith("/") else self.site / path

    def article(self, page: str):
        return article(soup_of(self.html_of(page)))


@pytest.fixture(scope="module", params=[True, False], ids=["directory-urls", "file-urls"])
def built(request, tmp_path_factory) -> Built:
    """The archive built with the timeline split into a page per year (as a large archive's is)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timeline_page, "SPLIT", 1)
        return Built(tmp_path_factory.mktemp("archive-pages"), request.param)


def years_of(built: Built) -> list[str]:
    return sorted({doc.metadata.date[:4] for doc in built.documents.values() if doc.metadata.date}, reverse=True)


def test_the_generated_markdown_has_no_markdown_link_to_a_page(built):
    pages = PAGES + [f"timeline/{year}.md" for year in years_of(built)]
    found = {page: MARKDOWN_LINK_TO_PAGE.findall((built.export / page).read_text(encoding="utf-8")) for page in pages}
    assert found == {page: [] for page in pages}
    # What the pattern finds, to be sure it would find one.
    assert MARKDOWN_LINK_TO_PAGE.findall('[a](../documents/x.md) [b](x.md#p1 "t")') == ["](../documents/x.md)", '](x.md#p1 "t")']


def test_every_link_of_the_pages_opens_a_file_of_the_site(built):
    pages = PAGES + [f"timeline/{year}.md" for year in years_of(built)]
    broken = [(page, a["href"]) for page in pages for a in built.article(page).select("a[href]")
              if not a["href"].startswith("#") and not built.target(page, a["href"]).is_file()]
    assert broken == []


def test_review_page_links_each_document_missing_metadata_by_its_title_as_text(built):
    page = built.article("review.md")
    heading = next(h for h in page.find_all("h2") if heading_text(h) == "Missing metadata")
    missing = sorted((doc for doc in built.documents.values() if doc.needs_review), key=lambda d: d.id)
    for field in ("title", "authors", "date", "publication"):
        lacking = [doc for doc in missing if field in doc.needs_review]
        h3 = heading.find_next_sibling("div").find("h3", id=f"missing-{field}")
        if not lacking:
            assert h3 is None
            continue
        table = h3.find_next_sibling("table")
        rows = [[squash(td.get_text()) for td in tr.find_all("td")] for tr in table.select("tbody tr")]
        assert rows == [[squash(doc.display_title), doc.source.path] for doc in lacking]
        assert [built.target("review.md", a["href"]) for a in table.select("tbody a")] == [built.html_of(doc.page)
                                                                                           for doc in lacking]
    assert squash(built.documents["talks"].display_title) == squash(HOSTILE_TITLE)
    assert "talks" in [doc.id for doc in missing]


def test_review_page_lists_each_documents_removed_lines_under_its_title(built):
    page = built.article("review.md")
    removed = sorted((doc for doc in built.documents.values() if doc.removals), key=lambda d: d.id)
    assert removed
    headings = page.select("div.archive-removed h3")
    assert [squash(heading_text(h)) for h in headings] == [squash(doc.display_title) for doc in removed]
    ids = [h["id"] for h in page.find_all(id=True)]
    assert len(ids) == len(set(ids))
    for heading, doc in zip(headings, removed):
        assert heading.select_one("a.headerlink")["href"] == f"#{heading['id']}"
        where = heading.find_next_sibling("p")
        link = where.find("a", string="Open the document")
        assert built.target("review.md", link["href"]) == built.html_of(doc.page)
        assert where.find("code").get_text() == doc.source.path
        rows = [[td.get_text() for td in tr.find_all("td")] for tr in where.find_next_sibling("table").select("tbody tr")]
        assert rows == [[str(r.line), squash(r.text), squash(r.reason)]
                        for r in sorted(doc.removals, key=lambda r: (r.line, r.kind))]


def test_review_page_tables_are_styled_as_markdown_tables(built):
    """Material styles and wraps `table:not([class])`, as Python-Markdown writes tables."""
    tables = built.article("review.md").find_all("table")
    assert len(tables) >= 2
    assert [table.get("class") for table in tables] == [None] * len(tables)
    assert all(table.thead and table.tbody for table in tables)


def test_publications_index_links_the_documents_without_a_publication(built):
    page = built.article("publications/index.md")
    without = sorted((doc for doc in built.documents.values() if not doc.metadata.publication), key=lambda d: d.id)
    paragraph = next(p for p in page.find_all("p") if "without a known publication" in p.get_text())
    assert squash(paragraph.get_text()) == (f"{len(without)} document{'s' if len(without) != 1 else ''} without a known "
                                            "publication: " + ", ".join(squash(doc.display_title) for doc in without))
    assert [built.target("publications/index.md", a["href"]) for a in paragraph.find_all("a")] == [
        built.html_of(doc.page) for doc in without]
    terms = [(squash(li.get_text()), built.target("publications/index.md", li.a["href"])) for li in page.select("ul li")]
    named = sorted({doc.metadata.publication for doc in built.documents.values() if doc.metadata.publication})
    assert named == ["CNSNews.com", "Reuters"]
    assert terms == [(f"{name} — 1 document", built.html_of(PUBLICATIONS.term_page(name))) for name in named]


def test_authors_index_links_each_author_page(built):
    page = built.article("authors/index.md")
    items = page.select("ul li")
    assert items
    for li in items:
        name = li.a.get_text()
        target = built.target("authors/index.md", li.a["href"])
        assert heading_text(article(soup_of(target)).h1) == name


def test_timeline_links_each_year_page_and_back(built):
    years = years_of(built)
    page = built.article("timeline.md")
    links = [(a.get_text(), built.target("timeline.md", a["href"])) for a in page.select("ul li a")]
    assert links[:len(years)] == [(year, built.html_of(f"timeline/{year}.md")) for year in years]
    for year in years:
        back = built.article(f"timeline/{year}.md").find("a", string="All years")
        assert built.target(f"timeline/{year}.md", back["href"]) == built.html_of("timeline.md")


def test_home_page_links_the_overviews(built):
    page = built.article("index.md")
    links = {a.get_text(): built.target("index.md", a["href"]) for a in page.select("p a")}
    assert {label: links[label] for label in ("topic", "date", "person, organisation or place", "author", "publication",
                                              "annotations")} == {
        "topic": built.html_of("topics/index.md"), "date": built.html_of("timeline.md"),
        "person, organisation or place": built.html_of("entities/index.md"), "author": built.html_of("authors/index.md"),
        "publication": built.html_of("publications/index.md"), "annotations": built.html_of("annotations/index.md")}
    # The editors' page is not among the reader's links (the footer links it, for editors).
    assert built.html_of("review.md") not in [built.target("index.md", a["href"]) for a in page.select("a[href]")
                                             if not a["href"].startswith("#")]


@pytest.mark.parametrize("page", PAGES)
def test_source_text_on_the_pages_is_text(built, page):
    """The title's markup shows as the characters it is made of (the hostile document, undated
    and without authors or publication, is listed on every one of these pages)."""
    node = built.article(page)
    assert node.find_all(["img", "script"]) == []
    assert [a["href"] for a in node.select("a[href]") if a["href"].startswith("javascript")] == []
    assert [attribute for element in node.find_all(True) for attribute in element.attrs if attribute.startswith("on")] == []
    assert squash(HOSTILE_TITLE) in squash(node.get_text())


@pytest.mark.parametrize("label", ["[x](javascript:alert(1))", "<script>", "*x* & _y_", 'a "b"\n  c'])
@pytest.mark.parametrize("directory, href", [(True, "../documents/x/"), (False, "documents/x.html")])
def test_an_html_link_has_the_url_mkdocs_makes_and_its_label_as_text(label, directory, href):
    (a,) = BeautifulSoup(rawhtml.link(label, "review.md", "documents/x.md", Urls(directory)), "html.parser").find_all()
    assert (a.name, a["href"], a.get_text()) == ("a", href, " ".join(label.split()))


def test_an_html_table_has_its_headers_as_text_and_its_cells_as_given():
    table = BeautifulSoup(rawhtml.table(["<Line>", "Text"], [["1", "<em>a</em>"], ["2", "b &amp; c"]]), "html.parser")
    assert [th.get_text() for th in table.select("thead th")] == ["<Line>", "Text"]
    assert [[td.decode_contents() for td in tr.find_all("td")] for tr in table.select("tbody tr")] == [
        ["1", "<em>a</em>"], ["2", "b &amp; c"]]
    assert table.table.get("class") is None
