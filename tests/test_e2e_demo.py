"""End to end: the demo archive (content/) built once with the repository's mkdocs.yml."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import (REPO, REPO_CONTENT, ConfigLoader, article, body_paragraphs, front_matter, heading_text, meta_rows,
                     page_html, page_soup, paragraph_text, soup_of, squash, without_editor_mark, write_config)

# id -> what the built page must show. (value, shown with the "(editor)" mark?)
DEMO = {
    "china-opposes-council-meeting-on-north-korea": {
        "title": "China opposes UN Security Council meeting on North Korea rights",
        "authors": ("Michelle Nichols", False),
        "date": ("2023-08-14", "14 August 2023", True),
        "publication": ("Reuters", False),
        "needs_review": [],
    },
    "china-agenda-for-may-2021": {
        "title": "China’s Agenda for May: Less on Myanmar, More on Tech, Peace and Security",
        "authors": ("Stéphanie Fillion", False),
        "date": ("2021-05", "May 2021", True),
        "publication": ("PassBlue", False),
        "needs_review": [],
    },
    "why-china-wont-stop-north-korea": {
        "title": "Why China Won’t Stop North Korea’s Human Rights\u00a0Atrocities",
        "authors": None,
        "date": ("2014-02", "February 2014", True),
        "publication": None,
        "needs_review": ["authors", "publication"],
    },
    "ban-ki-moon-meets-chinese-leaders-2013": {
        "title": "Secretary-General Ban Ki-moon meets President Xi Jinping and China's leaders in Beijing",
        "authors": None,  # an editor confirmed: a readout has no byline
        "date": ("2013-06-19", "19 June 2013", False),
        "publication": ("United Nations", True),
        "needs_review": [],
    },
    "china-backs-ban-ki-moon": {
        "title": "China Backs Ban Ki-Moon, As Advocacy Groups Criticize His Failure to Address Human Rights",
        "authors": ("Patrick Goodenough", False),
        "date": ("2010-11-03", "3 November 2010", False),
        "publication": ("CNSNews.com", True),
        "needs_review": [],
    },
}
NEWEST_FIRST = list(DEMO)  # DEMO is written newest first

BOILERPLATE = [
    "Subscribe to PassBlue", "Akismet", "[display-posts", "Filed under", "Leave a Comment", "Seton Hall",
    "Category Archives", "Originally published", "Notify of", "Inline Feedbacks", "View all comments",
    "Related Posts", "You might be interested", "Don't miss a", "directly to your inbox", "We respect your privacy",
    "Please comment", "What are your thoughts", "SMALL STATES", "Global Connections Television",
    "Spencer Journalism Fellow", "By Patrick Goodenough", "By Michelle Nichols", "is a New York-based reporter",
]


@pytest.fixture(scope="module")
def pages(demo):
    return {doc_id: page_soup(demo.site, f"documents/{doc_id}.md") for doc_id in DEMO}


def test_every_demo_document_has_a_page_and_nothing_else(demo):
    built = sorted(p.name for p in (demo.site / "documents").iterdir() if (p / "index.html").is_file())
    assert built == sorted(DEMO)
    assert sorted(p.stem for p in (demo.export / "documents").glob("*.md")) == sorted(DEMO)


@pytest.mark.parametrize("doc_id", DEMO)
def test_title(pages, demo, doc_id):
    soup = pages[doc_id]
    (h1,) = article(soup).find_all("h1")
    # Pages show whitespace runs (here a no-break space) as one space; front matter keeps the text as is.
    assert heading_text(h1) == squash(DEMO[doc_id]["title"])
    assert squash(soup.title.get_text()).startswith(squash(DEMO[doc_id]["title"]) + " - ")


@pytest.mark.parametrize("doc_id", DEMO)
def test_authors(pages, doc_id):
    rows = meta_rows(pages[doc_id])
    expected = DEMO[doc_id]["authors"]
    if expected is None:
        assert "Authors" not in rows
    else:
        assert without_editor_mark(rows["Authors"]) == expected


@pytest.mark.parametrize("doc_id", DEMO)
def test_date(pages, doc_id):
    iso, shown, by_editor = DEMO[doc_id]["date"]
    dd = meta_rows(pages[doc_id])["Date"]
    (time,) = dd.find_all("time")
    assert (time["datetime"], time.get_text()) == (iso, shown)
    assert without_editor_mark(dd) == (shown, by_editor)


@pytest.mark.parametrize("doc_id", DEMO)
def test_publication(pages, doc_id):
    rows = meta_rows(pages[doc_id])
    expected = DEMO[doc_id]["publication"]
    if expected is None:
        assert "Publication" not in rows
    else:
        assert without_editor_mark(rows["Publication"]) == expected


def test_editor_mark_explains_itself(pages):
    mark = meta_rows(pages["china-backs-ban-ki-moon"])["Publication"].select_one("span.archive-editor-mark")
    assert mark.get_text() == "(editor)"
    assert mark["title"] == "Supplied or corrected by an editor (see the sidecar file)"


def test_dateline_caption_and_section(pages):
    reuters = meta_rows(pages["china-opposes-council-meeting-on-north-korea"])
    assert without_editor_mark(reuters["Dateline"]) == ("UNITED NATIONS", False)
    cns = meta_rows(pages["china-backs-ban-ki-moon"])
    assert without_editor_mark(cns["Photo credit"]) == ("UN Photo by Mark Garten", False)
    analysis = meta_rows(pages["why-china-wont-stop-north-korea"])
    assert without_editor_mark(analysis["Section"]) == ("News Analysis", False)
    assert without_editor_mark(analysis["Needs review"]) == ("authors, publication not found in the source text",
                                                             False)
    first = list(body_paragraphs(pages["china-backs-ban-ki-moon"]).values())[0]
    assert first["class"] == ["archive-caption"]
    assert squash(paragraph_text(first)) == ("U.N. Secretary-General Ban Ki-moon meets with President Hu Jintao at the "
                                           "Great Hall of the People in Beijing on November 1, 2010. (UN Photo by "
                                           "Mark Garten)")


@pytest.mark.parametrize("doc_id", DEMO)
def test_paragraph_anchors_are_consecutive_and_in_source_order(pages, demo, doc_id):
    paragraphs = list(body_paragraphs(pages[doc_id]).values())
    assert len(paragraphs) >= 5
    assert [p["id"] for p in paragraphs] == [f"p{i}" for i in range(1, len(paragraphs) + 1)]
    assert front_matter(demo.export / "documents" / f"{doc_id}.md")["paragraphs"] == len(paragraphs)
    source = squash((REPO_CONTENT / "sources" / f"{doc_id}.txt").read_text(encoding="utf-8"))
    position = 0
    for paragraph in paragraphs:
        text = squash(paragraph_text(paragraph))
        found = source.find(text, position)
        assert found >= 0, f"{paragraph['id']} is not in the source after the previous paragraph: {text[:80]!r}"
        position = found + len(text)


def test_known_first_and_last_paragraphs(pages):
    def ends(doc_id):
        paragraphs = list(body_paragraphs(pages[doc_id]).values())
        return squash(paragraph_text(paragraphs[0]))[:60], squash(paragraph_text(paragraphs[-1]))

    assert ends("china-opposes-council-meeting-on-north-korea") == (
        "UNITED NATIONS (Reuters) – China opposes a planned United Na",
        "(Reporting by Michelle Nichols; Editing by Richard Chang)")
    assert ends("china-agenda-for-may-2021") == (
        "On May 3, 2021, Ambassador Zhang Jun told reporters at the U",
        "This article was updated to reflect China’s original status at the UN.")
    assert ends("china-backs-ban-ki-moon")[0] == "U.N. Secretary-General Ban Ki-moon meets with President Hu J"
    assert ends("china-backs-ban-ki-moon")[1].startswith("In contrast to Ban’s silence about Liu’s imprisonment")
    assert ends("ban-ki-moon-meets-chinese-leaders-2013") == (
        "UN Secretary-General Ban Ki-moon had a range of meetings wit",
        "The Secretary-General and the General also exchanged views on the Korean Peninsula.")
    # The empty dateline "( – " was cut; the rest of that paragraph stays.
    second = squash(paragraph_text(list(body_paragraphs(pages["china-backs-ban-ki-moon"]).values())[1]))
    assert second.startswith("Ban Ki-moon appears to have secured Beijing’s support")


@pytest.mark.parametrize("phrase", BOILERPLATE)
def test_no_boilerplate_in_titles_or_bodies(pages, phrase):
    found = []
    for doc_id, soup in pages.items():
        texts = [heading_text(article(soup).h1)] + [paragraph_text(p) for p in body_paragraphs(soup).values()]
        if any(phrase in squash(t) for t in texts):
            found.append(doc_id)
    assert found == []


def test_removed_lines_are_listed_on_the_review_page(demo):
    text = squash(article(soup_of(page_html(demo.site, "review.md"))).get_text())
    for removed in ["This site uses Akismet to reduce spam. Learn how your comment data is processed.",
                    "Subscribe to PassBlue", "Filed under News Analysis", "Category Archives: News Analysis",
                    "(Originally published on 06/19/2013)", "Leave a Comment", "Spencer Journalism Fellow"]:
        assert removed in text


def test_home_page_lists_all_documents_newest_first(demo):
    soup = soup_of(demo.site / "index.html")
    rows = article(soup).select("div.archive-documents li")
    links = [row.find("a") for row in rows]
    assert [a["href"] for a in links] == [f"documents/{doc_id}/" for doc_id in NEWEST_FIRST]
    assert [a.get_text() for a in links] == [squash(DEMO[doc_id]["title"]) for doc_id in NEWEST_FIRST]
    assert [row.find("time")["datetime"] for row in rows] == [DEMO[d]["date"][0] for d in NEWEST_FIRST]
    assert [row.find("em").get_text() if row.find("em") else "—" for row in rows] == [
        (DEMO[d]["publication"] or ("—",))[0] for d in NEWEST_FIRST]
    for a in links:
        assert (demo.site / a["href"] / "index.html").is_file()
    counts = squash(article(soup).select_one("p.archive-counts").get_text())
    assert counts.startswith("5 documents, from 3 November 2010 to 14 August 2023; ")
    assert counts.endswith(" words; 3 authors; 4 publications.")


def test_review_page_lists_the_document_missing_metadata(demo):
    soup = soup_of(page_html(demo.site, "review.md"))
    heading = next(h for h in article(soup).find_all("h2") if heading_text(h) == "Missing metadata")
    block = heading.find_next_sibling()  # the section's HTML block: a table of documents under each problem
    assert [heading_text(h3) for h3 in block.find_all("h3")] == ["1 document without authors",
                                                                 "1 document without a publication"]
    for table in block.find_all("table"):
        rows = [[td.get_text() for td in tr.find_all("td")] for tr in table.select("tbody tr")]
        assert rows == [["Why China Won’t Stop North Korea’s Human Rights Atrocities",
                         "sources/why-china-wont-stop-north-korea.txt"]]
    href = block.select_one("table tbody a")["href"]
    assert href == "../documents/why-china-wont-stop-north-korea/"
    assert (demo.site / "review" / href / "index.html").resolve().is_file()


@pytest.mark.parametrize("doc_id", DEMO)
def test_source_file_is_published_unchanged(pages, demo, doc_id):
    link = meta_rows(pages[doc_id])["Source"].find("a")
    assert link.get_text() == f"{doc_id}.txt"
    published = (demo.site / "documents" / doc_id / link["href"]).resolve()
    assert published == (demo.site / "sources" / f"{doc_id}.txt").resolve()
    assert published.read_bytes() == (REPO_CONTENT / "sources" / f"{doc_id}.txt").read_bytes()


@pytest.mark.parametrize("doc_id", DEMO)
def test_front_matter_matches_the_page(demo, doc_id):
    front = front_matter(demo.export / "documents" / f"{doc_id}.md")
    expected = DEMO[doc_id]
    assert front["id"] == doc_id
    assert front["title"] == expected["title"]
    assert front["authors"] == ([expected["authors"][0]] if expected["authors"] else [])
    assert front["date"] == expected["date"][0] and isinstance(front["date"], str)
    assert front["publication"] == (expected["publication"][0] if expected["publication"] else "")
    assert front["source"] == f"sources/{doc_id}.txt"
    assert front["encoding"] == "utf-8"
    assert front["needs_review"] == expected["needs_review"]
    editor = set(front["editor_fields"])
    assert ("date" in editor) == expected["date"][2]
    assert ("publication" in editor) == bool(expected["publication"] and expected["publication"][1])


def test_no_markup_from_sources_reaches_pages(pages):
    for soup in pages.values():
        for p in body_paragraphs(soup).values():
            assert p.find_all(["script", "img", "iframe", "h1", "h2", "em", "strong", "code", "pre"]) == []


def test_export_is_byte_identical_across_builds(demo, tmp_path):
    """Two more builds, in two processes with different hash seeds, write the very same Markdown as this one.

    The two are started together so that both read the same code even while the builder is being edited.
    """
    script = ("import sys; from pathlib import Path; from builder.bridge.site import build_site; "
              "build_site(Path(sys.argv[1]), Path(sys.argv[2]), content_dir=Path(sys.argv[3]))")
    runs = []
    for seed in ("1", "12345"):
        root = tmp_path / f"seed{seed}"
        root.mkdir()
        config = write_config(root / "mkdocs.yml", content_dir=REPO_CONTENT, export_dir=root / "export")
        env = {**os.environ, "PYTHONHASHSEED": seed}
        runs.append((root, subprocess.Popen([sys.executable, "-c", script, str(config), str(root / "site"),
                                             str(REPO_CONTENT)], cwd=REPO, env=env, stdout=subprocess.PIPE,
                                            stderr=subprocess.PIPE, text=True)))
    for _, process in runs:
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr[-3000:]

    def tree(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    first, second = (tree(root / "export") for root, _ in runs)
    assert sorted(first) == sorted(second)
    assert {"index.md", "review.md"} | {f"documents/{doc_id}.md" for doc_id in DEMO} <= set(first)
    fronts = {name: data.split(b"\n---\n", 1)[0] for name, data in first.items()}
    assert all(front.startswith(b"---\n") for front in fronts.values())
    assert {name: data.split(b"\n---\n", 1)[0] for name, data in second.items()} == fronts
    assert [name for name in first if first[name] != second[name]] == []
    # The session's in-process build wrote the same document pages (unless the code changed in between).
    assert sorted(p.relative_to(demo.export).as_posix() for p in demo.export.rglob("*.md")) == sorted(first)


def test_demo_config_copy_keeps_builds_out_of_the_repository(demo):
    config = yaml.load(demo.config.read_text(encoding="utf-8"), Loader=ConfigLoader)
    (archive,) = [p["archive"] for p in config["plugins"] if isinstance(p, dict) and "archive" in p]
    assert archive["export_dir"] == str(demo.export)
    assert archive["content_dir"] == str(REPO_CONTENT)
    assert not demo.export.resolve().is_relative_to(REPO)
    assert not demo.site.resolve().is_relative_to(REPO)
    assert (demo.export / "index.md").is_file()
