"""What a reader meets on a document page, checked on the built HTML of the demo archive
(builder/emit/document_page.py, document_header.py, document_foot.py; the browser's side is in
test_notes_browser.py): a header without editors' instructions, captions of photos the archive
does not hold, note markers with names, previous/next by date, the annotations index as a list;
and a new document renders again only its own page and its neighbours'."""

from __future__ import annotations

import shutil

import pytest

from builder.bridge.site import build_site
from helpers import (REPO_CONTENT, article, body_paragraphs, front_matter, meta_rows, page_soup, site_target, squash,
                     tree_digest, without_editor_mark, write_config)

OLDEST_FIRST = ["china-backs-ban-ki-moon", "ban-ki-moon-meets-chinese-leaders-2013", "why-china-wont-stop-north-korea",
                "china-agenda-for-may-2021", "china-opposes-council-meeting-on-north-korea"]
READOUT = "ban-ki-moon-meets-chinese-leaders-2013"


def soup(demo, doc_id):
    return page_soup(demo.site, f"documents/{doc_id}.md")


def test_the_readout_header_does_not_repeat_the_heading(demo):
    page = soup(demo, READOUT)
    rows = meta_rows(page)
    assert list(rows) == ["Date", "Publication", "Topics", "Annotations", "Source"]
    assert squash(rows["Source"].get_text()) == ("ban-ki-moon-meets-chinese-leaders-2013.txt (586 words) · download · "
                                                 "title supplied by an editor")
    # The heading is the title, once.
    assert squash(article(page).h1.get_text()).startswith("Secretary-General Ban Ki-moon meets President Xi Jinping")


@pytest.mark.parametrize("doc_id", OLDEST_FIRST)
def test_no_header_speaks_to_editors(demo, doc_id):
    header = article(soup(demo, doc_id)).select_one("div.archive-meta")
    said = " ".join([header.get_text()] + [el["title"] for el in header.select("[title]")])
    for word in ("Needs review", "not found in the source text", "sidecar", ".yml", "collection.yml", "add it"):
        assert word not in said, (doc_id, word, said)


def test_what_the_source_does_not_state_is_said_plainly(demo):
    rows = meta_rows(soup(demo, "why-china-wont-stop-north-korea"))
    assert {label: without_editor_mark(rows[label]) for label in ("Authors", "Publication")} == {
        "Authors": ("not stated in the source", False), "Publication": ("not stated in the source", False)}
    assert rows["Authors"].find("a") is None


def test_a_caption_is_labelled_as_of_a_photo_not_archived(demo):
    page = soup(demo, "china-backs-ban-ki-moon")
    body = article(page).select_one("div.archive-body")
    first = body.find("p")
    assert (first["class"], first.get_text()) == (["archive-caption-label"], "Caption of a photo not in this archive")
    assert first.find_next_sibling("p")["id"] == "p1"
    assert [p.get("class") for p in body.select("p.archive-caption-label")] == [["archive-caption-label"]]
    assert body.find(["img", "figure", "picture"]) is None  # no frame for a photo that is not there
    assert squash(meta_rows(page)["Photo credit"].get_text()) == "UN Photo by Mark Garten (photo not in this archive)"


def test_note_markers_and_notes_have_names(demo):
    page = soup(demo, "china-backs-ban-ki-moon")
    refs = article(page).select("sup.archive-note-ref a")
    assert [(a.get_text(), a["aria-label"], a["href"]) for a in refs] == [
        ("1", "Note 1", "#note-liu-xiaobo"), ("2", "Note 2", "#note-martin-nesirky"), ("3", "Note 3", "#note-burma-is-myanmar")]
    notes = article(page).select("aside.archive-note")
    assert [(n["aria-label"], n["data-note"]) for n in notes] == [("Note 1", "1"), ("Note 2", "2"), ("Note 3", "3")]
    assert notes[0].select_one("p.archive-note-head a")["aria-label"] == "Note 1, back to the passage"


def test_document_pages_leave_the_right_column_to_the_notes(demo):
    for doc_id in OLDEST_FIRST:
        assert front_matter(demo.export / "documents" / f"{doc_id}.md")["hide"] == ["toc"]
        assert soup(demo, doc_id).select_one(".md-sidebar--secondary").has_attr("hidden")


def test_previous_and_next_by_date(demo):
    for n, doc_id in enumerate(OLDEST_FIRST):
        nav = article(soup(demo, doc_id)).select_one("div.archive-neighbours nav")
        links = {a["rel"][0]: a for a in nav.select("a")}
        expected = {}
        if n > 0:
            expected["prev"] = OLDEST_FIRST[n - 1]
        if n + 1 < len(OLDEST_FIRST):
            expected["next"] = OLDEST_FIRST[n + 1]
        assert {rel: site_target(f"documents/{doc_id}.md", a["href"]) for rel, a in links.items()} == {
            rel: f"documents/{other}/" for rel, other in expected.items()}
        for rel, other in expected.items():
            other_page = soup(demo, other)
            assert links[rel].select_one(".archive-neighbour-title").get_text() == squash(article(other_page).h1.get_text().rstrip("¶"))
            assert links[rel].select_one(".archive-neighbour-dir").get_text() == {"prev": "← Earlier", "next": "Later →"}[rel]
            assert links[rel].find("time")["datetime"] == front_matter(demo.export / "documents" / f"{other}.md")["date"]
    # The foot comes after the body, the cite box first, the related documents last.
    blocks = [div["class"][0] for div in article(soup(demo, OLDEST_FIRST[0])).find_all("div", recursive=False)]
    assert blocks[-4:] == ["archive-body", "archive-citation", "archive-neighbours", "archive-related-documents"]


def test_the_annotations_index_is_a_list_with_each_notes_first_sentence(demo):
    page = article(page_soup(demo.site, "annotations/index.md"))
    assert page.find("table") is None
    items = page.select("ul#archive-annotations > li.archive-annotation")
    assert len(items) == 10
    first = items[0]
    assert [squash(p.get_text()) for p in first.find_all("p")] == [
        "Context on Secretary-General Ban Ki-moon meets President Xi Jinping and China's leaders in Beijing",
        "“China's last Universal Periodic Review”",
        "The Universal Periodic Review is the Human Rights Council's peer review of every UN member's human rights record.",
        "Archive editors · 22 November 2026"]
    form = page.select_one("form.archive-filter")
    assert form["data-filter-list"] == "archive-annotations" and form.has_attr("hidden")
    assert [o.get_text() for o in form.select("select[name=kind] option")] == [
        "all", "Note", "Context", "Correction", "Translation", "Source"]


# --- a new document renders again its own page and its neighbours' ---------------------------------------

NEW_STORY = """China and the UN in 2012
By Jane Roe
January 15, 2012

UNITED NATIONS – A short story written for this test, about China at the United Nations in the
year between the two documents the demo archive holds from 2010 and 2013.

It says little more, and it is dated in its sidecar.
"""


def test_a_new_document_renders_again_only_its_neighbours_document_pages(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO_CONTENT, content)
    config = write_config(tmp_path / "mkdocs.yml", content_dir=content)
    site = tmp_path / "site"
    build_site(config, site, content_dir=content)
    before = tree_digest(site)
    inodes = {doc_id: (site / "documents" / doc_id / "index.html").stat().st_ino for doc_id in OLDEST_FIRST}
    (content / "sources" / "china-and-the-un-2012.txt").write_text(NEW_STORY, encoding="utf-8")
    (content / "sources" / "china-and-the-un-2012.yml").write_text("date: 2012-01-15\npublication: Test Wire\n",
                                                                   encoding="utf-8")
    build_site(config, site, content_dir=content)
    after = tree_digest(site)
    changed = sorted(path.split("/")[1] for path in after
                     if path.startswith("documents/") and path.endswith("/index.html") and before.get(path) != after[path])
    # Its own page, its two neighbours' by date, and those whose related documents now list it.
    relatives = {doc_id for doc_id in OLDEST_FIRST if page_soup(site, f"documents/{doc_id}.md").select_one(
        ".archive-related-documents a[href='../china-and-the-un-2012/']")}
    assert changed == sorted({"ban-ki-moon-meets-chinese-leaders-2013", "china-and-the-un-2012", "china-backs-ban-ki-moon"}
                             | relatives)
    # The other documents' pages were not rendered again: the last site's files are linked in.
    kept = {doc_id: (site / "documents" / doc_id / "index.html").stat().st_ino for doc_id in OLDEST_FIRST}
    assert [doc_id for doc_id in OLDEST_FIRST if kept[doc_id] == inodes[doc_id]] == [
        doc_id for doc_id in OLDEST_FIRST[2:] if doc_id not in relatives]
    new = page_soup(site, "documents/china-and-the-un-2012.md")
    assert [site_target("documents/china-and-the-un-2012.md", a["href"]) for a in new.select("div.archive-neighbours a")] == [
        "documents/china-backs-ban-ki-moon/", "documents/ban-ki-moon-meets-chinese-leaders-2013/"]
    assert body_paragraphs(new)
