"""Long lists of documents split into pages (emit.pager): the demo archive built with pages of
two documents, so that its entities, topics, authors and publications with three to five
documents have two or three pages each. Every document is listed once across the pages,
newest first, as the page of one list lists them; the pagers say where the reader is; every
link resolves; and a rebuild after a title edit renders only the pages that list the
document, and is a clean build's byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder.bridge.site import build_site
from builder.emit import pager
from helpers import REPO, REPO_CONTENT, tree_digest, write_config
from helpers.pages import heading_text, soup_of

SIZE = 2


class Split:
    """The demo archive copied to ``root`` and built with pages of :data:`SIZE` documents."""

    def __init__(self, root: Path, directory_urls: bool = True, size: int = SIZE) -> None:
        self.root, self.size = root, size
        self.content = root / "content"
        shutil.copytree(REPO_CONTENT, self.content)
        shutil.copytree(REPO / "overrides", root / "overrides")
        self.config = self.configure(root, directory_urls)

    def configure(self, root: Path, directory_urls: bool = True) -> Path:
        config = write_config(root / "mkdocs.yml", content_dir=self.content)
        text = config.read_text(encoding="utf-8").replace(str(REPO / "overrides"), str(self.root / "overrides"))
        if not directory_urls:
            text += "use_directory_urls: false\n"
        config.write_text(text, encoding="utf-8")
        return config

    def build(self, root: Path | None = None):
        root = root or self.root
        root.mkdir(parents=True, exist_ok=True)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(pager, "PAGE_SIZE", self.size)
            return build_site(self.configure(root) if root != self.root else self.config, root / "site",
                              content_dir=self.content)

    @property
    def site(self) -> Path:
        return self.root / "site"


@pytest.fixture(scope="module")
def split(tmp_path_factory) -> Split:
    archive = Split(tmp_path_factory.mktemp("split") / "archive")
    archive.build()
    return archive


@pytest.fixture(scope="module")
def whole(demo) -> Path:
    """The demo's site as it is built (every list on one page)."""
    return demo.site


def _html(site: Path, page: str) -> Path:
    """The HTML file of ``page`` (a site path without .md) in a directory-URL site."""
    return site / page / "index.html"


def _doc_ids(path: Path, selector: str) -> list[str]:
    return [node["id"].removeprefix("doc-") for node in soup_of(path).select(selector)]


def _pages(site: Path, first: str) -> list[Path]:
    """The first page of a list and its further pages, in order."""
    found = [_html(site, first)]
    while (site / first / str(len(found) + 1) / "index.html").exists():
        found.append(site / first / str(len(found) + 1) / "index.html")
    return found


def test_an_entity_s_documents_are_split_into_pages_newest_first(split, whole):
    every = _doc_ids(_html(whole, "entities/china"), ".archive-entity-doc h3")
    assert len(every) == 5
    pages = _pages(split.site, "entities/china")
    assert len(pages) == 3
    listed = [_doc_ids(path, ".archive-entity-doc h3") for path in pages]
    assert [len(ids) for ids in listed] == [2, 2, 1]
    assert [doc for ids in listed for doc in ids] == every  # each once, in the same newest-first order
    for number, path in enumerate(pages, start=1):
        soup = soup_of(path)
        navs = soup.select("nav.archive-pager")
        assert [nav["aria-label"] for nav in navs] == ["Pages of documents (above the list)",
                                                      "Pages of documents (below the list)"]
        start, end = 2 * number - 1, min(5, 2 * number)
        assert navs[0].select_one(".archive-pager-where").get_text() == (
            f"Page {number} of 3 · documents {start}–{end} of 5, newest first")
        current = navs[0].select('a[aria-current="page"]')
        assert [a.get_text() for a in current] == [str(number)]
        assert [a.get_text() for a in navs[0].select("li:not(.archive-pager-prev):not(.archive-pager-next) a")] == ["1", "2", "3"]
        assert bool(navs[0].select('a[rel="prev"]')) == (number > 1)
        assert bool(navs[0].select('a[rel="next"]')) == (number < 3)
        assert heading_text(soup.select_one("h1")) == "China"


def test_the_first_page_keeps_what_leads_it_and_further_pages_link_back(split, whole):
    first = soup_of(_html(split.site, "entities/china"))
    before = soup_of(_html(whole, "entities/china"))
    for selector in (".archive-intro", ".archive-meta", ".archive-entity-chart", ".archive-related", ".archive-place-map"):
        assert before.select_one(selector) is not None, selector
        assert first.select_one(selector).get_text() == before.select_one(selector).get_text(), selector
    second = soup_of(split.site / "entities/china/2/index.html")
    assert second.select_one(".archive-meta") is None and second.select_one(".archive-related") is None
    intro = second.select_one(".archive-pager-intro")
    assert intro.get_text().strip() == "More of the documents that mention China, newest first. Its first page has the rest."
    assert {a["href"] for a in intro.select("a")} == {"../"}
    assert second.select_one("title").get_text().startswith("China (page 2 of 3) - ")
    # The chart's bars link each period's newest document, on the page that lists it.
    hrefs = [a["href"] for a in first.select(".archive-entity-chart a")]
    for href in hrefs:
        page, anchor = href.split("#")
        target = _html(split.site, "entities/china") if not page else split.site / "entities/china" / page / "index.html"
        assert soup_of(target).find(id=anchor) is not None, href


def test_every_link_of_the_further_pages_resolves(split):
    further = sorted(split.site.glob("entities/*/[0-9]/index.html"))
    assert len(further) >= 5
    for path in further:
        for a in soup_of(path).select("article a[href]"):
            href = a["href"]
            if href.startswith(("http", "mailto:")):
                continue
            page, _, anchor = href.partition("#")
            target = (path.parent / page).resolve() if page else path
            target = target / "index.html" if target.is_dir() else target
            assert target.is_file(), (path, href)
            if anchor:
                assert soup_of(target).find(id=anchor) is not None, (path, href)


def test_a_list_that_fits_on_one_page_has_no_pager(split):
    one = [path for path in split.site.glob("entities/*/index.html")
           if len(_doc_ids(path, ".archive-entity-doc h3")) == 1]
    assert one
    for path in one:
        assert soup_of(path).select("nav.archive-pager") == []
        assert not (path.parent / "2").exists()


CHINA = ("entities/china/index.html", "entities/china/2/index.html", "entities/china/3/index.html")


def _china_s_last_document_corrected(tmp_path, line: str):
    """A copy built, then built again once the document listed last on China's last page has
    ``line`` in its sidecar: (the copy, that document, the inodes of China's pages before, after)."""
    archive = Split(tmp_path / "archive")
    archive.build()
    last = _doc_ids(archive.site / "entities/china/3/index.html", ".archive-entity-doc h3")[-1]
    before = {name: (archive.site / name).stat().st_ino for name in CHINA}
    sidecar = archive.content / "sources" / f"{last}.yml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    archive.build()
    return archive, last, before, {name: (archive.site / name).stat().st_ino for name in CHINA}


def test_a_title_edit_remakes_only_the_page_that_lists_the_document(split, tmp_path):
    """The document listed last on China's last page gets a new title: that page is rendered
    again, China's first and second pages are kept (the same files, linked in), and the site
    is a clean build's."""
    archive, last, kept, inodes = _china_s_last_document_corrected(tmp_path, "title: A corrected title")
    assert "A corrected title" in (archive.site / "entities/china/3/index.html").read_text(encoding="utf-8")
    assert inodes["entities/china/3/index.html"] != kept["entities/china/3/index.html"]
    assert inodes["entities/china/index.html"] == kept["entities/china/index.html"]
    assert inodes["entities/china/2/index.html"] == kept["entities/china/2/index.html"]
    clean = archive.build(tmp_path / "fresh")
    assert clean.pages_reused == 0
    assert tree_digest(archive.site) == tree_digest(tmp_path / "fresh" / "site")


def test_a_date_edit_on_a_further_page_remakes_the_first_page_that_charts_it(tmp_path):
    """The oldest document of China's list, on its last page, is dated a year earlier: it stays
    last, so China's second page is kept, but its last page (which shows the date) and its
    first page (whose chart shows the dates of all its documents) are made again, and the site
    is a clean build's."""
    archive, last, kept, inodes = _china_s_last_document_corrected(tmp_path, "date: 2009-01-01")
    assert inodes["entities/china/index.html"] != kept["entities/china/index.html"]
    assert inodes["entities/china/2/index.html"] == kept["entities/china/2/index.html"]
    assert inodes["entities/china/3/index.html"] != kept["entities/china/3/index.html"]
    assert _doc_ids(archive.site / "entities/china/3/index.html", ".archive-entity-doc h3")[-1] == last
    clean = archive.build(tmp_path / "fresh")
    assert clean.pages_reused == 0
    assert tree_digest(archive.site) == tree_digest(tmp_path / "fresh" / "site")


def test_pages_the_split_no_longer_makes_are_gone_after_a_rebuild(tmp_path):
    archive = Split(tmp_path / "archive")
    archive.build()
    assert (archive.site / "entities/china/3/index.html").exists()
    victim = sorted((archive.content / "sources").glob("*.txt"))[0]
    victim.unlink()
    victim.with_suffix(".yml").unlink()
    shutil.rmtree(archive.content / "annotations" / victim.stem, ignore_errors=True)
    archive.build()
    assert not (archive.site / "entities/china/3").exists()
    assert (archive.site / "entities/china/2/index.html").exists()
    archive.build(tmp_path / "fresh")
    assert tree_digest(archive.site) == tree_digest(tmp_path / "fresh" / "site")


def _listed_titles(path: Path) -> list[str]:
    """The documents a list of documents (emit.listing.doc_list) links, by their links' targets."""
    return [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in soup_of(path).select(".archive-documents li > p:first-child a")]


def _pager_texts(path: Path) -> list[str]:
    return [p.get_text() for p in soup_of(path).select("nav.archive-pager .archive-pager-where")]


def test_a_topic_s_documents_are_split_into_pages_each_with_why_it_is_there(split, whole):
    every = _listed_titles(_html(whole, "topics/human-rights-at-the-un"))
    assert len(every) == 5
    pages = _pages(split.site, "topics/human-rights-at-the-un")
    assert [_listed_titles(path) for path in pages] == [every[0:2], every[2:4], every[4:]]
    assert [_pager_texts(path) for path in pages] == [
        [f"Page {n} of 3 · documents {start}–{end} of 5, newest first"] * 2 for n, start, end in ((1, 1, 2), (2, 3, 4), (3, 5, 5))]
    first, second = soup_of(pages[0]), soup_of(pages[1])
    assert first.select_one(".archive-topic-chart") is not None and first.find(id="most-mentioned-in-this-topic")
    assert second.select_one(".archive-topic-chart") is None and not second.find(id="most-mentioned-in-this-topic")
    whys = [p.get_text() for p in second.select(".archive-documents li small")]
    assert len(whys) == 2 and all(why.startswith("Why it is here: ") for why in whys)
    assert second.select_one(".archive-pager-intro").get_text().strip() == (
        "More of the documents on Human rights at the UN, newest first. Its first page has the rest.")
