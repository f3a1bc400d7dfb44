"""Long lists of documents split into pages (emit.pager), on tiny archives built with pages of
one document: the pages of an author and of a publication (in both URL styles), of a year on
the timeline (by month), of the documents an entity wrote or published, of the undated
documents and of those without a known author."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.emit import pager, timeline_page
from helpers import make_tiny_archive
from helpers.pages import heading_text, soup_of


def _listed_titles(path: Path) -> list[str]:
    """The documents a list of documents (emit.listing.doc_list) links, by their links' targets."""
    return [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in soup_of(path).select(".archive-documents li > p:first-child a")]


def _pager_texts(path: Path) -> list[str]:
    return [p.get_text() for p in soup_of(path).select("nav.archive-pager .archive-pager-where")]


def _tiny(tmp_path: Path, directory_urls: bool, register: bool = False):
    """Three reports by Jane Roe in The Tiny Gazette (in the register, or neither of them),
    built with pages of one document."""
    sources = {f"report-{n}.txt": f"Report number {n}\n\nBy Jane Roe\n\nThe council met on day {n}.\n" for n in (1, 2, 3)}
    sidecars = {f"report-{n}.yml": f"date: 2020-0{min(n, 2)}-0{n}\npublication: The Tiny Gazette\n" for n in (1, 2, 3)}
    files = {"entities/jane-roe.yml": "id: jane-roe\nname: Jane Roe\ntype: person\n",
             "entities/the-tiny-gazette.yml": "id: the-tiny-gazette\nname: The Tiny Gazette\ntype: organisation\n"}
    archive = make_tiny_archive(tmp_path / "tiny", sources, sidecars, files=files if register else None)
    if not directory_urls:
        archive.config.write_text(archive.config.read_text(encoding="utf-8") + "use_directory_urls: false\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pager, "PAGE_SIZE", 1)
        patch.setattr(timeline_page, "SPLIT", 0)  # a page per year however small the archive
        return archive.build()


@pytest.mark.parametrize("directory_urls", [True, False])
def test_authors_and_publications_are_split_too_in_both_url_styles(tmp_path, directory_urls):
    site = _tiny(tmp_path, directory_urls)
    for term, name, what in (("authors/jane-roe", "Jane Roe", "by"),
                             ("publications/the-tiny-gazette", "The Tiny Gazette", "published by")):
        _check_term(site, directory_urls, term, name, what)
    # The year's page too, by month: February's two documents on pages 1 and 2, January's on 3.
    paths = [site / (f"timeline/2020{tail}/index.html" if directory_urls else f"timeline/2020{tail}.html")
             for tail in ("", "/2", "/3")]
    assert [_pager_texts(path) for path in paths] == [
        [f"Page {n} of 3 · documents {n}–{n} of 3, newest first"] * 2 for n in (1, 2, 3)]
    months = [[(heading_text(h), h.get("id")) for h in soup_of(path).select("article h2")] for path in paths]
    assert months == [[("February 2020", "y2020-02")], [("February 2020 (continued)", "february-2020-continued")],
                      [("January 2020", "y2020-01")]]
    # The timeline's chart links each month where it begins.
    timeline = site / ("timeline/index.html" if directory_urls else "timeline.html")
    bars = {a["href"] for a in soup_of(timeline).select(".archive-timeline-chart a")}
    assert len(bars) == 2
    for href in bars:
        page, _, anchor = href.partition("#")
        target = (timeline.parent / page).resolve()
        target = target / "index.html" if target.is_dir() else target
        assert soup_of(target).find(id=anchor) is not None, href
    assert {href.partition("#")[2]: soup_of((timeline.parent / href.partition("#")[0]).resolve() / "index.html"
                                            if directory_urls else (timeline.parent / href.partition("#")[0]).resolve())
            .select_one("nav.archive-pager a[aria-current]").get_text() for href in bars} == {"y2020-02": "1", "y2020-01": "3"}


def _check_term(site: Path, directory_urls: bool, term: str, name: str, what: str) -> None:
    paths = [site / (f"{term}/index.html" if directory_urls else f"{term}.html")]
    paths += [site / (f"{term}/{n}/index.html" if directory_urls else f"{term}/{n}.html") for n in (2, 3)]
    assert [_pager_texts(path) for path in paths] == [
        [f"Page {n} of 3 · documents {n}–{n} of 3, newest first"] * 2 for n in (1, 2, 3)]
    assert [_listed_titles(path) for path in paths] == [["report-3"], ["report-2"], ["report-1"]] if directory_urls else [
        ["report-3.html"], ["report-2.html"], ["report-1.html"]]
    for path in paths[1:]:
        soup = soup_of(path)
        assert soup.select_one(".archive-pager-intro").get_text().strip() == (
            f"More of the documents {what} {name}, newest first. Its first page has the rest.")
        for a in soup.select("article a[href]"):
            page = a["href"].partition("#")[0]
            target = (path.parent / page).resolve() if page else path
            assert (target / "index.html" if target.is_dir() else target).is_file(), (path, a["href"])
    current = [soup_of(path).select_one('nav.archive-pager a[aria-current="page"]') for path in paths]
    assert [a.get_text() for a in current] == ["1", "2", "3"]
    assert all((path.parent / a["href"]).resolve() in (path.resolve(), path.parent.resolve()) for path, a in zip(paths, current))


def test_the_documents_an_entity_wrote_or_published_are_split_too(tmp_path):
    site = _tiny(tmp_path, True, register=True)
    for entity, role, label in (("jane-roe", "written", "the documents it wrote"),
                                ("the-tiny-gazette", "published", "the documents it published")):
        paths = [site / f"entities/{entity}/index.html", site / f"entities/{entity}/{role}/2/index.html",
                 site / f"entities/{entity}/{role}/3/index.html"]
        assert [_pager_texts(path) for path in paths] == [
            [f"Page {n} of 3 · documents {n}–{n} of 3, newest first"] * 2 for n in (1, 2, 3)]
        assert [_listed_titles(path) for path in paths] == [["report-3"], ["report-2"], ["report-1"]]
        assert {nav["aria-label"] for nav in soup_of(paths[1]).select("nav.archive-pager")} == {
            f"Pages of {label} (above the list)", f"Pages of {label} (below the list)"}
        for path in paths:
            for a in soup_of(path).select("nav.archive-pager a, .archive-pager-intro a"):
                target = (path.parent / a["href"]).resolve() / "index.html"
                assert target in [p.resolve() for p in paths], (path, a["href"])
        intro = soup_of(paths[2]).select_one(".archive-pager-intro").get_text().strip()
        assert intro.startswith(f"More of the documents {role} by ")


def authors_pages(site):
    return [site / "authors/index.html", site / "authors/without_author/2/index.html",
            site / "authors/without_author/3/index.html"]


def test_undated_documents_and_those_without_an_author_are_split_too(tmp_path):
    sources = {f"note-{n}.txt": f"Note number {n}\n\nThe council met again, for the {n}th time.\n" for n in (1, 2, 3)}
    archive = make_tiny_archive(tmp_path / "undated", sources, {})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pager, "PAGE_SIZE", 1)
        site = archive.build()
    timeline = [site / "timeline/index.html", site / "timeline/undated/2/index.html", site / "timeline/undated/3/index.html"]
    assert [_pager_texts(path) for path in timeline] == [
        [f"Page {n} of 3 · documents {n}–{n} of 3, by file name"] * 2 for n in (1, 2, 3)]
    assert [_listed_titles(path) for path in timeline] == [["note-1"], ["note-2"], ["note-3"]]
    # A list by file name leads to the previous and next page, not to newer and older documents.
    steps = [" ".join(a.get_text(" ", strip=True) for a in soup_of(path).select(".archive-pager")[0].select("a[rel]"))
             for path in timeline + authors_pages(site)]
    assert steps == ["Next →", "← Previous Next →", "← Previous"] * 2
    authors = [site / "authors/index.html", site / "authors/without_author/2/index.html",
               site / "authors/without_author/3/index.html"]
    assert [_pager_texts(path) for path in authors] == [
        [f"Page {n} of 3 · documents {n}–{n} of 3, by file name"] * 2 for n in (1, 2, 3)]
    assert [[a["href"] for a in soup_of(path).select(".archive-without-term a")] for path in authors] == [
        ["../documents/note-1/"], ["../../../documents/note-2/"], ["../../../documents/note-3/"]]
    for path in timeline[1:] + authors[1:]:
        for a in soup_of(path).select("article a[href]"):
            page = a["href"].partition("#")[0]
            target = (path.parent / page).resolve() if page else path
            assert (target / "index.html" if target.is_dir() else target).is_file(), (path, a["href"])
