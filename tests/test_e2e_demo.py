"""End to end: the demo archive (content/) built once with the repository's mkdocs.yml."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import (REPO, REPO_CONTENT, ConfigLoader, article, body_paragraphs, meta_rows, page_html, page_soup,
                     paragraph_text, soup_of, squash, without_editor_mark, write_config)
from helpers.site_checks import (boilerplate_found, check_authors, check_date, check_front_matter,
                                 check_home_lists_newest_first, check_no_markup_from_sources,
                                 check_paragraphs_in_source_order, check_publication, check_source_published_unchanged,
                                 check_title, documents_built, home_counts, missing_metadata)

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
    assert documents_built(demo.site, demo.export) == (sorted(DEMO), sorted(DEMO))


@pytest.mark.parametrize("doc_id", DEMO)
def test_title(pages, demo, doc_id):
    check_title(pages[doc_id], DEMO[doc_id]["title"])


@pytest.mark.parametrize("doc_id", DEMO)
def test_authors(pages, doc_id):
    check_authors(pages[doc_id], DEMO[doc_id]["authors"], "authors" in DEMO[doc_id]["needs_review"])


@pytest.mark.parametrize("doc_id", DEMO)
def test_date(pages, doc_id):
    check_date(pages[doc_id], DEMO[doc_id]["date"])


@pytest.mark.parametrize("doc_id", DEMO)
def test_publication(pages, doc_id):
    check_publication(pages[doc_id], DEMO[doc_id]["publication"], "publication" in DEMO[doc_id]["needs_review"])


def test_editor_mark_explains_itself(pages):
    mark = meta_rows(pages["china-backs-ban-ki-moon"])["Publication"].select_one("span.archive-editor-mark")
    assert mark.get_text() == "(editor)"
    assert mark["title"] == "Supplied or corrected by the archive's editors"


def test_dateline_caption_and_section(pages):
    reuters = meta_rows(pages["china-opposes-council-meeting-on-north-korea"])
    assert without_editor_mark(reuters["Dateline"]) == ("UNITED NATIONS", False)
    cns = meta_rows(pages["china-backs-ban-ki-moon"])
    assert without_editor_mark(cns["Photo credit"]) == ("UN Photo by Mark Garten (photo not in this archive)", False)
    analysis = meta_rows(pages["why-china-wont-stop-north-korea"])
    assert without_editor_mark(analysis["Section"]) == ("News Analysis", False)
    # Readers are told what the source does not say, not what editors should do about it.
    assert list(analysis) == ["Authors", "Date", "Publication", "Section", "Topics", "Annotations", "Source"]
    assert (without_editor_mark(analysis["Authors"]), without_editor_mark(analysis["Publication"])) == (
        ("not stated in the source", False), ("not stated in the source", False))
    for soup in pages.values():
        assert "Needs review" not in meta_rows(soup)
        header = article(soup).select_one("div.archive-meta")
        said = " ".join([header.get_text()] + [el["title"] for el in header.select("[title]")])
        assert not any(word in said for word in ("sidecar", ".yml", "review", "Review", "editors' area")), said
    first = list(body_paragraphs(pages["china-backs-ban-ki-moon"]).values())[0]
    assert first["class"] == ["archive-caption"]
    # A caption is labelled as a photo's the archive does not hold, just before it and outside the paragraph.
    label = first.find_previous_sibling("p")
    assert (label["class"], label.get_text()) == (["archive-caption-label"], "Caption of a photo not in this archive")
    assert squash(paragraph_text(first)) == ("U.N. Secretary-General Ban Ki-moon meets with President Hu Jintao at the "
                                           "Great Hall of the People in Beijing on November 1, 2010. (UN Photo by "
                                           "Mark Garten)")


@pytest.mark.parametrize("doc_id", DEMO)
def test_paragraph_anchors_are_consecutive_and_in_source_order(pages, demo, doc_id):
    check_paragraphs_in_source_order(pages[doc_id], demo.export / "documents" / f"{doc_id}.md",
                                     REPO_CONTENT / "sources" / f"{doc_id}.txt")


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
    assert boilerplate_found(pages, phrase) == []


def test_removed_lines_are_listed_on_the_review_page(demo):
    text = squash(article(soup_of(page_html(demo.site, "review.md"))).get_text())
    for removed in ["This site uses Akismet to reduce spam. Learn how your comment data is processed.",
                    "Subscribe to PassBlue", "Filed under News Analysis", "Category Archives: News Analysis",
                    "(Originally published on 06/19/2013)", "Leave a Comment", "Spencer Journalism Fellow"]:
        assert removed in text


def test_home_page_lists_all_documents_newest_first(demo):
    check_home_lists_newest_first(demo.site, DEMO, NEWEST_FIRST)
    counts = home_counts(demo.site)
    assert counts.startswith("5 documents, from 3 November 2010 to 14 August 2023; ")
    assert counts.endswith(" words; 3 authors; 4 publications.")


def test_review_page_lists_the_document_missing_metadata(demo):
    problems, href = missing_metadata(demo.site)
    row = [["Why China Won’t Stop North Korea’s Human Rights Atrocities", "sources/why-china-wont-stop-north-korea.txt"]]
    assert problems == {"1 document without authors": row, "1 document without a publication": row}
    assert href == "../documents/why-china-wont-stop-north-korea/"


@pytest.mark.parametrize("doc_id", DEMO)
def test_source_file_is_published_unchanged(pages, demo, doc_id):
    check_source_published_unchanged(pages[doc_id], demo.site, doc_id, REPO_CONTENT / "sources" / f"{doc_id}.txt")


@pytest.mark.parametrize("doc_id", DEMO)
def test_front_matter_matches_the_page(demo, doc_id):
    check_front_matter(demo.export / "documents" / f"{doc_id}.md", doc_id, DEMO[doc_id])


def test_no_markup_from_sources_reaches_pages(pages):
    check_no_markup_from_sources(pages.values())


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
