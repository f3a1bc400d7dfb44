"""The built site checks itself (link check; redirects are in test_redirects) and serves
readers beyond pages (citations, feeds, data exports)."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from builder.bridge.site import BrokenLinks, build_site
from builder.linkcheck import Problem, check_site
from builder.pipeline import collect
from helpers.search_index import find, fragments, index_files
from helpers import REPO_CONTENT, ConfigLoader, article, page_html, soup_of

ATOM = "{http://www.w3.org/2005/Atom}"
NEWEST_FIRST = ["china-opposes-council-meeting-on-north-korea", "china-agenda-for-may-2021",
                "why-china-wont-stop-north-korea", "ban-ki-moon-meets-chinese-leaders-2013", "china-backs-ban-ki-moon"]


# --- link check -------------------------------------------------------------------------------

def _site(tmp_path: Path, pages: dict[str, str]) -> Path:
    for rel, body in pages.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<!doctype html><html><body>{body}</body></html>", encoding="utf-8")
    return tmp_path


def test_link_check_passes_a_sound_site(tmp_path):
    site = _site(tmp_path, {
        "index.html": '<a href="a/">A</a> <a href="b.html#x">B</a> <img src="img/logo.png">',
        "a/index.html": '<a href="../" id="top">home</a> <a href="#top">up</a> <a href="https://example.org/">out</a>',
        "b.html": '<p id="x">x</p><a href="mailto:a@b.c">mail</a>',
        "old/index.html": '<meta http-equiv="refresh" content="0; url=../a/"><a href="../a/">moved</a>',
        "404.html": "not found",
    })
    (site / "img").mkdir()
    (site / "img" / "logo.png").write_bytes(b"png")
    report = check_site(site)
    assert (report.pages, report.links, report.problems) == (5, 8, [])


def test_link_check_reports_every_problem(tmp_path):
    site = _site(tmp_path, {
        "index.html": '<a href="a/">A</a> <a href="missing/">gone</a> <a href="a/#nowhere">anchor</a> '
                      '<a href="javascript:alert(1)">js</a> <script src="assets/app.js"></script>',
        "a/index.html": '<p id="here">a</p>',
        "lonely.html": "<p>nobody links here</p>",
    })
    report = check_site(site)
    assert sorted((p.page, p.message, p.target) for p in report.problems) == [
        ("index.html", "broken href", "missing/"),
        ("index.html", "broken src", "assets/app.js"),
        ("index.html", "javascript: URL", "javascript:alert(1)"),
        ("index.html", "missing anchor", "a/#nowhere"),
        ("lonely.html", "page not reachable from the home page", ""),
    ]
    assert not report.ok


def test_demo_site_passes_the_link_check(demo):
    report = check_site(demo.site)
    assert report.problems == []
    assert report.pages >= 140 and report.links > 5000


def test_a_build_with_a_broken_link_keeps_the_previous_site(tiny_archive, monkeypatch):
    site = tiny_archive.build()
    before = (site / "index.html").read_bytes()
    from builder.bridge import site as bridge_site

    def broken(path, executor=None, known=None):
        return bridge_site.Report(pages=1, links=1, problems=[Problem("index.html", "nowhere/", "broken href")])

    monkeypatch.setattr(bridge_site, "check_site", broken)
    monkeypatch.setattr(bridge_site, "check_changes", lambda path, *args, **kwargs: broken(path))
    with pytest.raises(BrokenLinks) as caught:
        build_site(tiny_archive.config, site, content_dir=tiny_archive.content)
    assert str(caught.value) == "link check: 1 problem(s) in the built site:\n  index.html: broken href: nowhere/"
    assert (site / "index.html").read_bytes() == before
    assert not list(site.parent.glob(".site-building-*"))



# --- citations, feeds, data ---------------------------------------------------------------------

def demo_site_url(demo) -> str:
    """The demo's site_url (mkdocs.yml), without its last slash; '' when it has none."""
    return (yaml.load(demo.config.read_text(encoding="utf-8"), Loader=ConfigLoader).get("site_url") or "").rstrip("/")


def test_document_page_citation_metadata(demo):
    # The citation names the archive's page where the site's address (site_url) is set; no internal id.
    site_url = demo_site_url(demo)
    page = f"{site_url}/documents/china-backs-ban-ki-moon/" if site_url else ""
    soup = soup_of(page_html(demo.site, "documents/china-backs-ban-ki-moon.md"))
    tags = [(m["name"], m["content"]) for m in soup.find_all("meta") if m.get("name", "").startswith("citation_")]
    assert tags == [
        ("citation_title", "China Backs Ban Ki-Moon, As Advocacy Groups Criticize His Failure to Address Human Rights"),
        ("citation_author", "Patrick Goodenough"),
        ("citation_publication_date", "2010/11/03"),
        ("citation_journal_title", "CNSNews.com"),
    ] + ([("citation_public_url", page)] if page else [])
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "NewsArticle" and data["datePublished"] == "2010-11-03"
    assert data["author"] == [{"@type": "Person", "name": "Patrick Goodenough"}]
    assert data["publisher"] == {"@type": "Organization", "name": "CNSNews.com"}
    box = article(soup).select_one("details.archive-cite")
    assert box.select_one("p.archive-cite-plain").get_text() == (
        "Patrick Goodenough. “China Backs Ban Ki-Moon, As Advocacy Groups Criticize His Failure to Address Human "
        "Rights.” CNSNews.com, 3 November 2010. Archived in China, the UN and Human Rights"
        + (f", {page}." if page else "."))
    bibtex = box.select_one("pre.archive-cite-bibtex").get_text().splitlines()
    assert bibtex[:3] == [
        "@article{goodenough2010china,",
        "  title = {China Backs Ban Ki-Moon, As Advocacy Groups Criticize His Failure to Address Human Rights},",
        "  author = {Patrick Goodenough},"]
    assert ("  url = {" + page + "}," in bibtex) == bool(page)
    assert bibtex[-2:] == ["  note = {Archived in China, the UN and Human Rights},", "}"]
    assert box.select_one("pre.archive-cite-ris").get_text().splitlines()[0] == "TY  - NEWS"
    assert json.loads(box.select_one("pre.archive-cite-csl-json").get_text())[0]["id"] == "goodenough2010china"


def test_document_feed_is_atom_newest_first(demo):
    root = ET.parse(demo.site / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    # Two documents are dated only to the month (2021-05, 2014-02): no day to write, so not in the feed.
    full_dates = [d for d in NEWEST_FIRST if d not in ("china-agenda-for-may-2021", "why-china-wont-stop-north-korea")]
    assert [e.find(f"{ATOM}link").get("href") for e in entries] == [f"documents/{d}/" for d in full_dates]
    assert entries[0].find(f"{ATOM}updated").text == "2023-08-14T00:00:00Z"
    assert root.find(f"{ATOM}updated").text == "2023-08-14T00:00:00Z"
    site_url = demo_site_url(demo)  # Atom ids are absolute: the site's address, else a URN
    assert root.find(f"{ATOM}id").text == (f"{site_url}/feed.xml" if site_url else
                                           "urn:archive:china-the-un-and-human-rights:feed.xml")
    notes = ET.parse(demo.site / "annotations.xml").getroot().findall(f"{ATOM}entry")
    archive = collect(REPO_CONTENT)
    assert len(notes) == sum(1 for a in archive.annotations if a.spans)


def test_data_exports_match_the_archive(demo):
    archive = collect(REPO_CONTENT)
    documents = json.loads((demo.site / "documents.json").read_text(encoding="utf-8"))
    assert [d["id"] for d in documents] == NEWEST_FIRST
    assert documents[0]["publication"] == "Reuters" and documents[0]["authors"] == ["Michelle Nichols"]
    rows = list(csv.DictReader(io.StringIO((demo.site / "documents.csv").read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == NEWEST_FIRST
    assert rows[-1]["authors"] == "Patrick Goodenough" and rows[-1]["date"] == "2010-11-03"
    entities = {e["id"]: e for e in json.loads((demo.site / "entities.json").read_text(encoding="utf-8"))}
    assert len(entities) == len(archive.entities)
    ban = [m for m in archive.mentions if m.entity == "ban-ki-moon"]
    assert (entities["ban-ki-moon"]["mentions"], entities["ban-ki-moon"]["documents"]) == (len(ban), 2)
    mentions = json.loads((demo.site / "mentions.json").read_text(encoding="utf-8"))
    assert len(mentions) == len(archive.mentions)
    assert mentions[0] == {"document": "ban-ki-moon-meets-chinese-leaders-2013", "paragraph": "p1", "entity": "united-nations",
                           "text": "UN", "start": 0, "end": 2, "linked": True}
    home = soup_of(demo.site / "index.html")
    links = {a["href"] for a in article(home).find_all("a")}
    assert {"documents.json", "documents.csv", "entities.json", "entities.csv", "mentions.json", "feed.xml",
            "annotations.xml", "annotations.jsonld"} <= links


# --- search index -------------------------------------------------------------------------------

def test_search_index_holds_every_document_entity_topic_note_and_page(demo):
    files = index_files(demo.site / "search-index")
    shown = fragments(files)
    archive = collect(REPO_CONTENT)
    notes = [a for a in archive.annotations if a.spans]
    assert sorted(f["u"] for f in shown.values()) == sorted(
        ["about/"] + [f"documents/{d.id}/" for d in archive.documents] + [f"entities/{e}/" for e in archive.entities]
        + [f"topics/{t}/" for t in archive.topics] + [f"documents/{a.doc}/#{a.anchor}" for a in notes])
    assert sorted(shown) == list(range(len(shown)))
    doc = next(f for f in shown.values() if f["u"] == "documents/china-backs-ban-ki-moon/")
    assert (doc["k"], doc["t"], doc["m"]) == (
        "document", "China Backs Ban Ki-Moon, As Advocacy Groups Criticize His Failure to Address Human Rights",
        "Patrick Goodenough · CNSNews.com · 3 November 2010")
    assert doc["p"][0][0] == "p1" and doc["p"][0][1].startswith("U.N. Secretary-General Ban")


def test_search_finds_every_word_of_every_document(demo):
    """No summary at any size: each word of each paragraph leads to its document."""
    from builder.search import text

    files = index_files(demo.site / "search-index")
    ids = {f["u"]: number for number, f in fragments(files).items()}
    for doc in collect(REPO_CONTENT).documents:
        terms = {t for p in doc.paragraphs for t in text.terms(p.text, doc.metadata.language)}
        assert len(terms) > 100
        missing = [t for t in terms if ids[f"documents/{doc.id}/"] not in find(files, t)]
        assert not missing, (doc.id, missing[:10])


# --- the bridge hands document bodies past Markdown -------------------------------------------------

def test_html_blocks_go_past_markdown_and_back(demo):
    from builder.bridge import handover

    exported = (demo.export / "documents" / "china-backs-ban-ki-moon.md").read_text(encoding="utf-8")
    body_text = exported.split("---\n", 2)[2]
    markdown, blocks = handover.split(body_text, "PH")
    assert [b.split(">", 1)[0] for b in blocks] == ['<div class="archive-meta"', '<div class="archive-body"',
                                                     '<div class="archive-citation"', '<div class="archive-neighbours"',
                                                     '<div class="archive-related-documents"']
    assert markdown == ("\n# China Backs Ban Ki-Moon, As Advocacy Groups Criticize His Failure to Address Human Rights"
                        "\n\nPH0\n\nPH1\n\nPH2\n\nPH3\n\nPH4\n")
    assert blocks[1].startswith('<div class="archive-body">\n<p class="archive-caption-label">Caption of a photo not in '
                                'this archive</p>\n<p id="p1" class="archive-caption">')
    assert blocks[1].endswith("\n</div><!-- /archive-body -->")
    built = (demo.site / "documents" / "china-backs-ban-ki-moon" / "index.html").read_text(encoding="utf-8")
    for block in blocks:
        assert block in built
    assert "ARCHIVEHTML" not in built


def test_source_text_cannot_fake_the_body_markers(build_archive):
    story = ("A headline\n\nThe council met on Monday and decided nothing at all, diplomats said.\n\n"
             "ARCHIVEHTML0\n\n</div><!-- /archive-body -->\n\n<div class=\"archive-body\">\n")
    _, site = build_archive({"fake.txt": story}, {})
    soup = soup_of(page_html(site, "documents/fake.md"))
    texts = [p.get_text() for p in soup.select("div.archive-body p")]
    assert texts == ["The council met on Monday and decided nothing at all, diplomats said.", "ARCHIVEHTML0",
                     "</div><!-- /archive-body -->", '<div class="archive-body">']
