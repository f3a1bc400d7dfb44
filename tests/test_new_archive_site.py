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
import shutil
import xml.etree.ElementTree as ET
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import yaml

from builder.bridge import theming
from builder.bridge.site import build_site
from builder.cli import main
from builder.linkcheck import check_site
from helpers import ENTITY_HREF, REPO, article, body_paragraphs, page_html, page_soup, soup_of, squash
from helpers.search_index import fragments, index_files
from helpers.site_checks import (check_authors, check_date, check_front_matter, check_home_lists_newest_first,
                                 check_no_markup_from_sources, check_paragraphs_in_source_order, check_publication,
                                 check_source_published_unchanged, check_title, documents_built, home_counts,
                                 missing_metadata_rows)

ATOM = "{http://www.w3.org/2005/Atom}"

SOURCES = {
    "council-vote.txt": """\
Council votes to extend the harbour mission

By Jane Roe

UNITED NATIONS – The Security Council voted on Thursday to extend the harbour mission for another year, after a long debate about its cost.

The United Nations said the mission had cleared the harbour of wrecks and trained a new coast guard of two hundred officers.

Three members abstained. Their ambassadors said the mission should hand its work to the coast guard within six months.
""",
    "harbour-reopens.txt": """\
The old harbour reopens to ships

By Sam Poe | May 5, 2019 | 9:00 AM EDT

The old harbour reopened to cargo ships on Sunday, two years after the storm that closed it.

Engineers of the United Nations mission rebuilt the northern pier and dredged the channel to nine metres.

The first ship to enter carried grain and medicine for the city's hospitals.
""",
    "fishermen-wait.txt": """\
Fishermen wait for the harbour

The fishermen of the bay still wait for their boats to be allowed back into the harbour.

They say the mission has forgotten them, while cargo ships come and go every day.

A spokesman for the port promised a decision before the winter.
""",
}
SIDECARS = {
    "council-vote.yml": "date: 2021-03-04\npublication: The Harbour Times\n",
    "fishermen-wait.yml": "date: 2015-07\n",
}
ENTITY = {"id": "united-nations", "name": "United Nations", "type": "organisation", "aliases": ["UN"],
          "description": "The organisation whose mission runs the harbour."}
TOPIC = {"id": "the-harbour", "title": "The harbour", "description": "The harbour, its mission and its ships.",
         "phrases": ["harbour"], "threshold": 2}
ANNOTATION = {"exact": "trained a new coast guard", "kind": "context",
              "body": "The coast guard was founded in 2020 and took over the patrols in 2022.",
              "author": "Archive editors", "date": "2024-01-10"}

# id -> what the built page must show, as the demo's end-to-end test writes it.
EXPECTED = {
    "council-vote": {
        "title": "Council votes to extend the harbour mission",
        "authors": ("Jane Roe", False),
        "date": ("2021-03-04", "4 March 2021", True),
        "publication": ("The Harbour Times", True),
        "needs_review": [],
    },
    "harbour-reopens": {
        "title": "The old harbour reopens to ships",
        "authors": ("Sam Poe", False),
        "date": ("2019-05-05", "5 May 2019", False),
        "publication": None,
        "needs_review": ["publication"],
    },
    "fishermen-wait": {
        "title": "Fishermen wait for the harbour",
        "authors": None,
        "date": ("2015-07", "July 2015", True),
        "publication": None,
        "needs_review": ["authors", "publication"],
    },
}
NEWEST_FIRST = ["council-vote", "harbour-reopens", "fishermen-wait"]


def make_new_archive(parent: Path, monkeypatch, name: str = "harbour") -> Path:
    """`archive new` in ``parent``/``name``, filled with SOURCES, SIDECARS, the entity, the topic
    and the annotation."""
    monkeypatch.chdir(parent)
    with redirect_stdout(io.StringIO()):
        assert main(["new", name]) == 0
    root = parent / name
    content = root / "content"
    for file, text in {**SOURCES, **SIDECARS}.items():
        (content / "sources" / file).write_text(text, encoding="utf-8")
    (content / "entities" / "united-nations.yml").write_text(yaml.safe_dump(ENTITY, sort_keys=False), encoding="utf-8")
    (content / "topics" / "the-harbour.yml").write_text(yaml.safe_dump(TOPIC, sort_keys=False), encoding="utf-8")
    (content / "annotations" / "council-vote").mkdir()
    (content / "annotations" / "council-vote" / "coast-guard.yml").write_text(yaml.safe_dump(ANNOTATION, sort_keys=False),
                                                                              encoding="utf-8")
    return root


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
    check_authors(soup, expected["authors"])
    check_date(soup, expected["date"])
    check_publication(soup, expected["publication"])


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
    assert " words; 2 authors; 1 publication" in home_counts(site)


def test_review_page_lists_the_documents_missing_metadata(site):
    rows, href = missing_metadata_rows(site)
    assert rows == [["Fishermen wait for the harbour", "authors, publication"],
                    ["The old harbour reopens to ships", "publication"]]
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
    box's script: the new archive's document page has all the demo's have, and no more."""
    demo_page = page_soup(demo.site, "documents/china-backs-ban-ki-moon.md")  # dated, with author and publication
    ours = head_features(pages["council-vote"])
    assert ours == head_features(demo_page)
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
    own = ("documents/", "entities/", "topics/", "authors/", "publications/", "sources/", "annotations/",
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
    assert [e.find(f"{ATOM}link").get("href") for e in feed] == [f"documents/{d}/" for d in NEWEST_FIRST]
    shown = fragments(index_files(site / "search-index"))
    assert {f["u"] for f in shown.values() if f["k"] == "document"} == {f"documents/{d}/" for d in EXPECTED}


# --- an archive's own overrides win over the builder's ------------------------------------------------

OWN_MAIN = """{% extends "archive.html" %}
{% block extrahead %}
  {{ super() }}
  <meta name="x-archive-owner" content="ours">
{% endblock %}
"""
OWN_CSS = "/* the archive's own stylesheet, in place of the builder's */\n"


def test_an_archive_s_overrides_win(tmp_path, monkeypatch, capsys):
    """With `custom_dir: overrides`, a main.html extending "archive.html" adds to the builder's
    blocks, and a stylesheet at the builder's path replaces the builder's."""
    root = make_new_archive(tmp_path, monkeypatch)
    (root / "overrides" / "assets" / "stylesheets").mkdir(parents=True)
    (root / "overrides" / "main.html").write_text(OWN_MAIN, encoding="utf-8")
    (root / "overrides" / theming.STYLESHEET).write_text(OWN_CSS, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("theme:\n", "theme:\n  custom_dir: overrides\n"),
                      encoding="utf-8")
    monkeypatch.chdir(root)
    assert main(["build"]) == 0
    soup = soup_of(page_html(root / "site", "documents/council-vote.md"))
    assert [m["content"] for m in soup.find_all("meta", attrs={"name": "x-archive-owner"})] == ["ours"]
    assert soup.find("meta", attrs={"name": "citation_title"})["content"] == "Council votes to extend the harbour mission"
    assert (root / "site" / theming.STYLESHEET).read_text(encoding="utf-8") == OWN_CSS
    assert (root / "site" / theming.SCRIPT).read_bytes() == (theming.FOLDER / theming.SCRIPT).read_bytes()


# --- a change to the builder's theme shows on every page ----------------------------------------------

def test_a_change_to_the_builder_s_theme_renders_every_page_again(tmp_path, monkeypatch):
    """The builder's theme folder is part of every page's key (bridge.rendered): a rebuild after
    an edit to it (an upgrade of the builder) renders every page again, and shows the edit."""
    theme = tmp_path / "theme"
    shutil.copytree(theming.FOLDER, theme)
    monkeypatch.setattr(theming, "FOLDER", theme)
    root = make_new_archive(tmp_path, monkeypatch)
    config, content, site = root / "mkdocs.yml", root / "content", root / "site"
    first = build_site(config, site, content_dir=content)
    assert first.pages_reused == 0 and first.rendered > 15
    assert build_site(config, site, content_dir=content).pages_reused > 15  # unchanged: reused
    template = theme / "archive.html"
    template.write_text(template.read_text(encoding="utf-8").replace(
        "{% block extrahead %}", '{% block extrahead %}\n    <meta name="x-theme-edit" content="1">'), encoding="utf-8")
    again = build_site(config, site, content_dir=content)
    assert again.pages_reused == 0 and again.rendered == first.rendered
    for page in site.rglob("*.html"):
        if "http-equiv" not in page.read_text(encoding="utf-8")[:500]:  # (a redirect has no theme)
            assert soup_of(page).find("meta", attrs={"name": "x-theme-edit"}) is not None, page


# --- the offline bundle ----------------------------------------------------------------------------------

def test_a_new_archive_bundles_once_it_has_the_shim(tmp_path, monkeypatch, capsys):
    """`archive bundle` needs the iframe-worker shim (npm): without it, the message says where to
    install it or what to set; with it, the new archive's offline copy holds every document."""
    import zipfile

    root = make_new_archive(tmp_path, monkeypatch)
    monkeypatch.chdir(root)
    capsys.readouterr()
    assert main(["bundle", "--out", "dist"]) == 1
    shim = root / "node_modules" / "iframe-worker" / "shim" / "index.js"
    assert (f"ERROR   -  the offline bundle needs {shim} (the npm package iframe-worker); install it: `npm install "
            f"iframe-worker@1.0.4` in {root}, or set offline_shim under the archive plugin in mkdocs.yml to its "
            "shim/index.js (in the builder's own folder, `make bundle` installs it)\n") in capsys.readouterr().err
    config = root / "mkdocs.yml"
    shipped = REPO / "node_modules" / "iframe-worker" / "shim" / "index.js"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "    content_dir: content\n", f"    content_dir: content\n    offline_shim: {shipped}\n"), encoding="utf-8")
    assert main(["bundle", "--out", "dist"]) == 0
    (bundle,) = (root / "dist").glob("*.zip")
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
    folder = bundle.name.removesuffix("-offline.zip")
    assert {f"{folder}/documents/{doc_id}.html" for doc_id in EXPECTED} <= names
    assert {f"{folder}/{theming.STYLESHEET}", f"{folder}/{theming.SCRIPT}",
            f"{folder}/assets/javascripts/iframe-worker-shim.js"} <= names


def test_material_s_own_templates_alone_still_print_hostile_values_as_text(tmp_path):
    """An archive whose main.html drops the builder's template (extends Material's base.html,
    which prints a page's author and description raw) is still safe: the plugin hands every
    value over escaped (SECURITY.md; the hostile archive of test_escaping_new_archive)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from builder.emit.taxonomy_pages import AUTHORS
    from hostile_matrix import executable
    from test_escaping_new_archive import NEW_BYLINE_AUTHOR, NEW_DESCRIPTION, write_new_archive

    root = write_new_archive(tmp_path / "hostile")
    (root / "overrides").mkdir()
    (root / "overrides" / "main.html").write_text('{% extends "base.html" %}\n', encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("theme:\n", "theme:\n  custom_dir: overrides\n"),
                      encoding="utf-8")
    mkdocs_build(load_config(str(config)))
    site = root / "site"
    page = soup_of(page_html(site, "documents/doc1.md"))
    assert page.find("meta", attrs={"name": "citation_title"}) is None  # Material's template, not the builder's
    assert [m["content"] for m in page.find_all("meta", attrs={"name": "description"})] == [NEW_DESCRIPTION]
    author = soup_of(page_html(site, AUTHORS.term_page(NEW_BYLINE_AUTHOR)))
    assert [m["content"] for m in author.find_all("meta", attrs={"name": "author"})] == [NEW_BYLINE_AUTHOR]
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 15
    assert {str(p.relative_to(site)): bad for p in pages if (bad := executable(p))} == {}
