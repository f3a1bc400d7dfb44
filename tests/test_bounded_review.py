"""The editors' page stays small whatever the archive's size (emit.review_lists): a list longer
than a page (emit.pager.PAGE_SIZE, one here) is on pages of its own, which the page links;
every document is on them exactly once, with its file and the fix, in both URL styles."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.emit import pager
from helpers import make_tiny_archive, tree_digest
from helpers.pages import heading_text, soup_of

STORY = "Report number {n} on the council\n\nBy Jane Roe\n\n{body}\n"
BODIES = {1: "The council met on Monday and argued about the budget until late.",
          2: "Delegates from three countries were refused entry at the border crossing.",
          3: "The chair closed the session early, citing the weather and a broken heater."}
DATE_FIX = ("Fix: add 'date: ...' to each one's sidecar, sources/<name>.yml; if the file names hold the dates, read "
            "them once for all in collection.yml ('date_from_name: ...').")


def _html(site: Path, page: str, directory_urls: bool) -> Path:
    return site / (f"{page}/index.html" if directory_urls else f"{page}.html")


def _target(path: Path, href: str) -> Path:
    """The file a relative link from the page ``path`` opens (without its anchor)."""
    page = href.partition("#")[0]
    target = (path.parent / page).resolve() if page else path
    return target / "index.html" if target.is_dir() else target


def _build(tmp_path: Path, directory_urls: bool, size: int) -> Path:
    sources = {f"report-{n}.txt": STORY.format(n=n, body=BODIES[n]) for n in (1, 2, 3)}
    archive = make_tiny_archive(tmp_path / "tiny", sources, {})
    if not directory_urls:
        archive.config.write_text(archive.config.read_text(encoding="utf-8") + "use_directory_urls: false\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pager, "PAGE_SIZE", size)
        return archive.build()


@pytest.mark.parametrize("directory_urls", [True, False])
def test_long_lists_of_the_editors_page_are_on_pages_of_their_own(tmp_path, directory_urls):
    site = _build(tmp_path, directory_urls, 1)
    review = _html(site, "review", directory_urls)
    article = soup_of(review).select_one("article")
    # The summary by problem leads, counts first, each linked to its heading on the page.
    summary = article.select_one(".archive-review-missing ul")
    assert [(a.get_text(), a["href"]) for a in summary.select("a")] == [
        ("3 documents without a date", "#missing-date"), ("3 documents without a publication", "#missing-publication")]
    # Under its heading, the fix and where its documents are: not in a table here.
    heading = article.find(id="missing-date")
    fix, pointer = heading.find_next_siblings("p")[:2]
    assert fix.get_text() == DATE_FIX
    assert pointer.get_text().strip() == "Too many to show here: the 3 documents are on 3 pages of their own, 1 to a page."
    assert not article.select(".archive-review-missing table, .archive-removed")
    first = _target(review, pointer.a["href"])
    assert first == _html(site, "review/missing-date", directory_urls)
    # Its pages: each document exactly once, in order, with its file; the pager on each.
    paths = [first] + [_html(site, f"review/missing-date/{n}", directory_urls) for n in (2, 3)]
    rows = []
    for number, path in enumerate(paths, start=1):
        soup = soup_of(path)
        assert soup.title.get_text().startswith(f"For editors: 3 documents without a date (page {number} of 3)")
        assert [heading_text(h) for h in soup.select("article h1, article h2")] == [
            "For editors", "3 documents without a date"]
        intro = soup.select_one(".archive-pager-intro")
        assert intro.get_text().strip() == "Part of the editors' page. " + DATE_FIX
        assert _target(path, intro.a["href"]) == review
        assert [p.get_text() for p in soup.select("nav.archive-pager .archive-pager-where")] == [
            f"Page {number} of 3 · documents {number}–{number} of 3, by file name"] * 2
        assert soup.select_one('nav.archive-pager a[aria-current="page"]').get_text() == str(number)
        if number > 1:
            assert soup.select_one("nav.archive-pager a[rel=prev]").get_text() == "← Previous"
        for a in soup.select("article a[href]"):
            assert _target(path, a["href"]).is_file(), (path, a["href"])
        for tr in soup.select("article table tbody tr"):
            link = tr.select_one("a")
            rows.append((link.get_text(), _target(path, link["href"]), tr.select_one("code").get_text()))
    assert rows == [(f"Report number {n} on the council", _html(site, f"documents/report-{n}", directory_urls),
                     f"sources/report-{n}.txt") for n in (1, 2, 3)]
    # The removed lines (the bylines moved to the header) too, a document to a page.
    removed = article.find(id="removed-from-the-text").find_next_siblings("p")[1]
    assert removed.get_text().strip() == "Too many to show here: the 3 documents are on 3 pages of their own, 1 to a page."
    paths = [_target(review, removed.a["href"])] + [_html(site, f"review/removed/{n}", directory_urls) for n in (2, 3)]
    assert [[heading_text(h) for h in soup_of(path).select("article .archive-removed h3")] for path in paths] == [
        [f"Report number {n} on the council"] for n in (1, 2, 3)]
    for path in paths:
        for a in soup_of(path).select("article a[href]"):
            assert _target(path, a["href"]).is_file(), (path, a["href"])


def test_lists_that_fit_stay_on_the_editors_page(tmp_path):
    site = _build(tmp_path, True, 3)
    article = soup_of(site / "review/index.html").select_one("article")
    table = article.find(id="missing-date").find_next_sibling("table")
    assert [tr.select_one("code").get_text() for tr in table.select("tbody tr")] == [
        f"sources/report-{n}.txt" for n in (1, 2, 3)]
    assert len(article.select(".archive-removed h3")) == 3
    assert not (site / "review/missing-date").exists() and not (site / "review/removed").exists()


def test_a_rebuild_after_an_edit_is_a_clean_build(tmp_path):
    """report-3 gets a date: the list of documents without one is a page shorter, its third page
    is gone, and the site is byte for byte a clean build's."""
    sources = {f"report-{n}.txt": STORY.format(n=n, body=BODIES[n]) for n in (1, 2, 3)}
    archive = make_tiny_archive(tmp_path / "tiny", sources, {})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pager, "PAGE_SIZE", 1)
        site = archive.build()
        assert (site / "review/missing-date/3/index.html").is_file()
        (archive.sources / "report-3.yml").write_text("date: 2020-01-03\n", encoding="utf-8")
        archive.build()
        assert not (site / "review/missing-date/3").exists()
        assert (site / "review/missing-date/2/index.html").is_file()
        fresh = make_tiny_archive(tmp_path / "fresh", {**sources, "report-3.yml": "date: 2020-01-03\n"}, {})
        assert tree_digest(fresh.build()) == tree_digest(site)
