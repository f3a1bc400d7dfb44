"""End to end: an archive made with `archive new`, given a few documents, an entity, a topic and
an annotation, builds a site with every feature of the demo's (issue 20, "The scaffold").

The archive is made and built through the command line (``main``), from inside its folder, as a
person starting their own archive would. Its pages pass the demo's end-to-end checks
(helpers.site_checks), and its document pages carry what the demo's do: citation metadata,
JSON-LD, the feeds' links, the archive's stylesheet and script, which come with the builder
(builder/bridge/theme), not from the archive.
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import yaml

from builder.bridge import theming
from builder.cli import main
from builder.linkcheck import check_site
from helpers import ENTITY_HREF, article, body_paragraphs, page_soup, squash
from helpers.new_archives import EXPECTED, NEWEST_FIRST, make_new_archive
from helpers.search_index import fragments, index_files
from helpers.site_checks import (check_authors, check_date, check_front_matter, check_home_lists_newest_first,
                                 check_no_markup_from_sources, check_paragraphs_in_source_order, check_publication,
                                 check_source_published_unchanged, check_title, documents_built, home_counts,
                                 missing_metadata)

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def new_archive(tmp_path_factory):
    """The new archive, built with `archive build` from inside its folder: (its folder, what
    the build printed on standard output, and on standard error)."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as monkeypatch:
        root = make_new_archive(tmp_path_factory.mktemp("new-archive"), monkeypatch)
        monkeypatch.chdir(root)
        with redirect_stdout(out), redirect_stderr(err):
            assert main(["build"]) == 0
    return root, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def site(new_archive) -> Path:
    return new_archive[0] / "site"


@pytest.fixture(scope="module")
def pages(site):
    return {doc_id: page_soup(site, f"documents/{doc_id}.md") for doc_id in EXPECTED}


def test_the_scaffold_names_no_theme_file(new_archive):
    """The archive's mkdocs.yml names none of the shared files, and nothing of them was copied
    into it: they come with the builder."""
    root = new_archive[0]
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "custom_dir" not in config["theme"] and "extra_css" not in config and "extra_javascript" not in config
    made = [p.relative_to(root).as_posix() for p in root.rglob("*") if p.suffix in (".html", ".css", ".js")
            and not p.is_relative_to(root / "site")]
    assert made == []
    assert not (root / "overrides").exists()


def test_the_build_is_clean(new_archive):
    root, out, err = new_archive
    assert "WARNING" not in err and "ERROR" not in err, err
    assert out.startswith("archive build: 3 documents (3 processed, 0 from the cache), ")
    assert ", 0 warnings, " in out


def test_every_document_has_a_page_and_nothing_else(new_archive, site):
    assert documents_built(site, new_archive[0] / "build" / "markdown") == (sorted(EXPECTED), sorted(EXPECTED))


@pytest.mark.parametrize("doc_id", EXPECTED)
def test_each_page_shows_its_metadata(pages, doc_id):
    soup, expected = pages[doc_id], EXPECTED[doc_id]
    check_title(soup, expected["title"])
    check_authors(soup, expected["authors"], "authors" in expected["needs_review"])
    check_date(soup, expected["date"])
    check_publication(soup, expected["publication"], "publication" in expected["needs_review"])


@pytest.mark.parametrize("doc_id", EXPECTED)
def test_paragraphs_sources_and_front_matter(new_archive, pages, site, doc_id):
    root = new_archive[0]
    exported = root / "build" / "markdown" / "documents" / f"{doc_id}.md"
    source = root / "content" / "sources" / f"{doc_id}.txt"
    check_paragraphs_in_source_order(pages[doc_id], exported, source, at_least=3)
    check_source_published_unchanged(pages[doc_id], site, doc_id, source)
    check_front_matter(exported, doc_id, EXPECTED[doc_id])


def test_no_markup_from_sources_reaches_pages(pages):
    check_no_markup_from_sources(pages.values())


def test_home_page_lists_all_documents_newest_first(site):
    check_home_lists_newest_first(site, EXPECTED, NEWEST_FIRST)
    assert home_counts(site).startswith("3 documents, from July 2015 to 4 March 2021; ")
    assert home_counts(site).endswith(" words; 2 authors; 1 publication.")


def test_review_page_lists_the_documents_missing_metadata(site):
    problems, href = missing_metadata(site)
    assert problems == {"1 document without authors": [["Fishermen wait for the harbour", "sources/fishermen-wait.txt"]],
                        "2 documents without a publication": [["Fishermen wait for the harbour", "sources/fishermen-wait.txt"],
                                                              ["The old harbour reopens to ships", "sources/harbour-reopens.txt"]]}
    assert href == "../documents/fishermen-wait/"


def test_the_site_passes_the_link_check(site):
    report = check_site(site)
    assert report.problems == []
    assert report.pages > 15


# --- every feature of the demo's site -----------------------------------------------------------------

def head_features(soup) -> set[tuple[str, ...]]:
    """What a page's <head> offers beside its text: its meta names, its links (rel, and the file
    of a stylesheet or feed), its scripts (file, or type of an inline one)."""
    head = soup.head
    found: set[tuple[str, ...]] = set()
    for meta in head.find_all("meta"):
        if meta.get("name"):
            found.add(("meta", meta["name"]))
    for link in head.find_all("link"):
        found.add(("link", " ".join(link.get("rel", [])), link["href"].rsplit("/", 1)[-1]))
    for script in head.find_all("script") + soup.body.find_all("script"):
        found.add(("script", script["src"].rsplit("/", 1)[-1]) if script.get("src") else ("script", script.get("type", "")))
    return found


def test_a_document_page_offers_what_the_demo_s_offers(demo, pages):
    """Citation metadata, JSON-LD, the feeds, the archive's stylesheet and script, the search
    box's script: the new archive's document page has all the demo's have, and no more, but for
    what only a site_url gives (the demo has one, a new archive none until it is published)."""
    demo_page = page_soup(demo.site, "documents/china-backs-ban-ki-moon.md")  # dated, with author and publication
    ours = head_features(pages["council-vote"])
    by_site_url = {("meta", "citation_public_url"), ("link", "canonical", "")}
    assert by_site_url <= head_features(demo_page)
    assert ours == head_features(demo_page) - by_site_url
    for feature in [("meta", "citation_title"), ("meta", "citation_author"), ("meta", "citation_publication_date"),
                    ("meta", "citation_journal_title"), ("script", "application/ld+json"),
                    ("link", "alternate", "feed.xml"), ("link", "alternate", "annotations.xml"),
                    ("link", "stylesheet", "archive.css"), ("script", "archive.js"), ("script", "search.js")]:
        assert feature in ours, feature


def test_the_page_metadata_is_the_document_s(pages, site):
    soup = pages["council-vote"]
    tags = [(m["name"], m["content"]) for m in soup.find_all("meta") if m.get("name", "").startswith("citation_")]
    assert tags == [("citation_title", "Council votes to extend the harbour mission"), ("citation_author", "Jane Roe"),
                    ("citation_publication_date", "2021/03/04"), ("citation_journal_title", "The Harbour Times")]
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert (data["@type"], data["datePublished"], data["author"]) == (
        "NewsArticle", "2021-03-04", [{"@type": "Person", "name": "Jane Roe"}])
    for link in soup.head.find_all("link", rel="stylesheet") + soup.find_all("script", src=True):
        assert (site / "documents" / "council-vote" / link.get("href", link.get("src"))).resolve().is_file()


def test_the_shared_files_are_the_builder_s(site):
    assert (site / theming.STYLESHEET).read_bytes() == (theming.FOLDER / theming.STYLESHEET).read_bytes()
    assert (site / theming.SCRIPT).read_bytes() == (theming.FOLDER / theming.SCRIPT).read_bytes()


def test_the_site_has_every_file_the_demo_s_has(demo, site):
    """The feeds, the data exports, the search index's root, the assets: every file of the demo's
    site that is not a page of its own content is in the new archive's site too."""
    own = ("documents/", "entities/", "entity-cards/", "topics/", "authors/", "publications/", "sources/", "annotations/",
           "search-index/", "about/", "review/", "timeline/")

    def shared(folder: Path) -> set[str]:
        return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
                if p.is_file() and not p.relative_to(folder).as_posix().startswith(own)}

    assert shared(demo.site) - shared(site) == set()
    assert (site / "search-index" / "root.js").is_file()


def test_entity_topic_and_annotation_have_their_pages(site, pages):
    linked = {ENTITY_HREF.search(a["href"]).group(1) for a in article(pages["council-vote"]).find_all("a", href=True)
              if ENTITY_HREF.search(a["href"])}
    assert linked == {"united-nations"}
    entity = article(page_soup(site, "entities/united-nations.md"))
    assert {a["href"] for a in entity.find_all("a", href=True) if "documents/" in a["href"]} >= {
        "../../documents/council-vote/", "../../documents/harbour-reopens/"}
    topic = article(page_soup(site, "topics/the-harbour.md"))
    assert "../../documents/council-vote/" in {a["href"] for a in topic.find_all("a", href=True)}
    marks = [squash(m.get_text()) for m in body_paragraphs(pages["council-vote"])["p2"].select("mark.archive-annotated")]
    assert marks == ["trained a new coast guard"]
    notes = ET.parse(site / "annotations.xml").getroot().findall(f"{ATOM}entry")
    assert len(notes) == 1
    feed = ET.parse(site / "feed.xml").getroot().findall(f"{ATOM}entry")
    # fishermen-wait is dated to the month only (2015-07): no day to write, so not in the feed.
    assert [e.find(f"{ATOM}link").get("href") for e in feed] == [f"documents/{d}/" for d in NEWEST_FIRST
                                                                  if d != "fishermen-wait"]
    shown = fragments(index_files(site / "search-index"))
    assert {f["u"] for f in shown.values() if f["k"] == "document"} == {f"documents/{d}/" for d in EXPECTED}
