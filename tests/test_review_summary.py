"""`archive review` and the review page group what needs an editor by problem, counts first,
with the one fix for each; `--limit N` shows N documents under each problem."""

from __future__ import annotations

import pytest

from builder.cli import main
from helpers import GOOD_SIDECARS, GOOD_SOURCES, article, heading_text, page_soup, squash

UNSIGNED = "An unsigned readout of meeting number {n}\n\n{body}\n"
BODIES = ["", "The council met on Monday.", "Delegates argued about the budget until late.",
          "A vote on the new rules was put off again.", "Observers from three countries were refused entry.",
          "The chair closed the session early, citing the weather."]
AUTHORS_FIX = ("add 'authors: ...' to each one's sidecar, sources/<name>.yml ('authors: []' if it names none); if "
               "the sources never name their authors, say so once in collection.yml ('authors: []')")
DATE_FIX = ("add 'date: ...' to each one's sidecar, sources/<name>.yml; if the file names hold the dates, read them "
            "once for all in collection.yml ('date_from_name: ...')")
PUBLICATION_FIX = ("add 'publication: ...' to each one's sidecar, sources/<name>.yml; for every source of one "
                   "publication, once in collection.yml ('publication: ...')")


@pytest.fixture
def unsigned(make_archive, monkeypatch):
    """The two good stories, five unsigned readouts (no author, date or publication), two of
    them dated by a sidecar; the working folder is the archive's root."""
    readouts = {f"readout-{n}.txt": UNSIGNED.format(n=n, body=BODIES[n]) for n in range(1, 6)}
    dated = {"readout-1.yml": "date: 2020-01-02\n", "readout-2.yml": "date: 2020-01-03\npublication: UN\n"}
    archive = make_archive({**GOOD_SOURCES, **readouts}, {**GOOD_SIDECARS, **dated})
    monkeypatch.chdir(archive.root)
    return archive


def test_review_counts_each_problem_first_with_its_fix_and_a_few_examples(unsigned, capsys):
    assert main(["review"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "5 documents without authors",
        f"    fix: {AUTHORS_FIX}",
        "    sources/readout-1.txt",
        "    sources/readout-2.txt",
        "    sources/readout-3.txt",
        "    ... and 2 more (--limit N lists N, --limit 0 every one)",
        "3 documents without a date",
        f"    fix: {DATE_FIX}",
        "    sources/readout-3.txt",
        "    sources/readout-4.txt",
        "    sources/readout-5.txt",
        "4 documents without a publication",
        f"    fix: {PUBLICATION_FIX}",
        "    sources/readout-1.txt",
        "    sources/readout-3.txt",
        "    sources/readout-4.txt",
        "    ... and 1 more (--limit N lists N, --limit 0 every one)",
        "archive review: 5 of 7 documents need review",
    ]


def test_review_limit_shows_more_or_every_document(unsigned, capsys):
    assert main(["review", "--limit", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:4] == ["5 documents without authors", f"    fix: {AUTHORS_FIX}", "    sources/readout-1.txt",
                       "    ... and 4 more (--limit N lists N, --limit 0 every one)"]
    assert main(["review", "--limit", "0"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:7] == ["5 documents without authors", f"    fix: {AUTHORS_FIX}",
                       *(f"    sources/readout-{n}.txt" for n in range(1, 6))]
    assert not any(line.startswith("    ... and") for line in out)


def test_review_limit_must_be_a_count(unsigned, capsys):
    with pytest.raises(SystemExit) as info:
        main(["review", "--limit", "-2"])
    assert info.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "archive review: error: argument --limit: expected a number of documents (0 or more), not '-2'")


def test_review_of_a_clean_archive_says_so_in_one_line(tiny_archive, monkeypatch, capsys):
    monkeypatch.chdir(tiny_archive.root)
    assert main(["review"]) == 0
    assert capsys.readouterr().out == "archive review: 0 of 2 documents need review\n"


def test_review_page_groups_by_problem_with_counts_and_fixes(unsigned):
    page = article(page_soup(unsigned.build(), "review.md"))
    heading = next(h for h in page.find_all("h2") if heading_text(h) == "Missing metadata")
    block = heading.find_next_sibling("div")
    assert squash(block.find("p").get_text()) == "5 of 7 documents lack a title, authors, a date or a publication:"
    summary = [(a["href"], a.get_text()) for a in block.find("ul").find_all("a")]
    assert summary == [("#missing-authors", "5 documents without authors"), ("#missing-date", "3 documents without a date"),
                       ("#missing-publication", "4 documents without a publication")]
    groups = {}
    for h3 in block.find_all("h3"):
        fix = h3.find_next_sibling("p")
        table = fix.find_next_sibling("table")
        assert [th.get_text() for th in table.thead.find_all("th")] == ["Document", "Source"]
        rows = [[squash(td.get_text()) for td in tr.find_all("td")] for tr in table.tbody.find_all("tr")]
        hrefs = [tr.find("a")["href"] for tr in table.tbody.find_all("tr")]
        groups[h3["id"]] = (heading_text(h3), squash(fix.get_text()), rows, hrefs)

    def listed(*numbers):
        return [[f"An unsigned readout of meeting number {n}", f"sources/readout-{n}.txt"] for n in numbers]

    assert groups == {
        "missing-authors": ("5 documents without authors", f"Fix: {AUTHORS_FIX}.", listed(1, 2, 3, 4, 5),
                            [f"../documents/readout-{n}/" for n in (1, 2, 3, 4, 5)]),
        "missing-date": ("3 documents without a date", f"Fix: {DATE_FIX}.", listed(3, 4, 5),
                         [f"../documents/readout-{n}/" for n in (3, 4, 5)]),
        "missing-publication": ("4 documents without a publication", f"Fix: {PUBLICATION_FIX}.", listed(1, 3, 4, 5),
                                [f"../documents/readout-{n}/" for n in (1, 3, 4, 5)]),
    }


def test_review_page_of_a_clean_archive(tiny_archive):
    page = article(page_soup(tiny_archive.build(), "review.md"))
    heading = next(h for h in page.find_all("h2") if heading_text(h) == "Missing metadata")
    assert squash(heading.find_next_sibling("p").get_text()) == (
        "Every document has a title, authors, a date and a publication.")
    heading = next(h for h in page.find_all("h2") if heading_text(h) == "Copies of another document")
    assert squash(heading.find_next_sibling("p").get_text()) == "None: no source is a copy of another."
