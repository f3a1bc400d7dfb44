"""collection.yml: metadata for many sources at once (a publication, a section, a language,
"these sources name no author", a date from the file name), validated like every editor
file, marked as an editor's on the page, below the text and the sidecar, and redoing exactly
the documents it changes."""

from __future__ import annotations

import shutil
import time

import pytest

from builder.cli import main
from builder.stages.name_dates import PatternError, compile_name_pattern, date_from_name
from helpers import (article, front_matter, heading_text, make_tiny_archive, meta_rows, page_soup, tree_digest,
                     without_editor_mark)

UNSIGNED = "Rates rise again in {n}\n\n{body}\n"
BODIES = {"third": "The bank raised rates on Monday.", "fourth": "Savers cheered, and borrowers grumbled about it.",
          "fifth": "Shares in lenders fell for a second day.", "sixth": "Economists expect two more rises next year.",
          "first": "Nobody saw it coming.", "x": "A story of no importance at all."}
SIGNED = "A signed story\n\nBy Jane Roe | March 3, 2004\n\nThe council met on Monday and agreed.\n"
SOURCES = {
    "2005-03-14-rates.txt": UNSIGNED.format(n="third", body=BODIES["third"]),
    "2005-04-02-rates.txt": UNSIGNED.format(n="fourth", body=BODIES["fourth"]),
    "2006-05-rates.txt": UNSIGNED.format(n="fifth", body=BODIES["fifth"]),
    "2004-03-01-signed.txt": SIGNED,
    "business-undated.txt": UNSIGNED.format(n="sixth", body=BODIES["sixth"]),
}
SETTINGS = """\
defaults:
  - sources: "*"
    publication: BBC News
    language: en
    authors: []
    date_from_name: "{year}-{month}-{day}-*.txt"
  - sources: [business-*, "2005-*"]
    section: Business
"""
COLLECTION_MARK = "Supplied by the archive's editors for many documents at once"


@pytest.fixture
def corpus(make_archive, monkeypatch):
    archive = make_archive(SOURCES, {"2005-04-02-rates.yml": "publication: The Economist\ndate: 2005-04-03\n"},
                           files={"collection.yml": SETTINGS})
    monkeypatch.chdir(archive.root)
    return archive


def test_defaults_fill_what_neither_the_text_nor_the_sidecar_gives(corpus):
    docs = {doc.id: doc for doc in corpus.collect().documents}
    fields = ("authors", "date", "publication", "section", "language")
    found = {doc_id: ({name: docs[doc_id].metadata.get(name) for name in fields},
                      {name: docs[doc_id].origins.get(name) for name in fields}) for doc_id in sorted(docs)}
    assert found == {
        # The text's byline and date come before the defaults; the name's date is only a default.
        "2004-03-01-signed": ({"authors": ("Jane Roe",), "date": "2004-03-03", "publication": "BBC News", "section": "",
                               "language": "en"},
                              {"authors": "source", "date": "source", "publication": "collection", "section": None,
                               "language": "collection"}),
        "2005-03-14-rates": ({"authors": (), "date": "2005-03-14", "publication": "BBC News", "section": "Business",
                              "language": "en"},
                             {"authors": "collection", "date": "collection", "publication": "collection",
                              "section": "collection", "language": "collection"}),
        # The sidecar comes before everything.
        "2005-04-02-rates": ({"authors": (), "date": "2005-04-03", "publication": "The Economist",
                              "section": "Business", "language": "en"},
                             {"authors": "collection", "date": "editor", "publication": "editor",
                              "section": "collection", "language": "collection"}),
        # The pattern needs a day: this name does not match it.
        "2006-05-rates": ({"authors": (), "date": "", "publication": "BBC News", "section": "", "language": "en"},
                          {"authors": "collection", "date": None, "publication": "collection", "section": None,
                           "language": "collection"}),
        "business-undated": ({"authors": (), "date": "", "publication": "BBC News", "section": "Business",
                              "language": "en"},
                             {"authors": "collection", "date": None, "publication": "collection",
                              "section": "collection", "language": "collection"}),
    }
    assert {doc_id: doc.needs_review for doc_id, doc in sorted(docs.items())} == {
        "2004-03-01-signed": [], "2005-03-14-rates": [], "2005-04-02-rates": [], "2006-05-rates": ["date"],
        "business-undated": ["date"]}


def test_review_no_longer_lists_what_the_settings_give(corpus, capsys):
    assert main(["review"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "2 documents without a date"
    assert out[2:] == ["    sources/2006-05-rates.txt", "    sources/business-undated.txt",
                       "archive review: 2 of 5 documents need review"]


def test_the_page_marks_the_defaults_as_an_editors_and_says_the_authors_are_not_given(corpus):
    site = corpus.build()
    rows = meta_rows(page_soup(site, "documents/2005-03-14-rates.md"))
    assert {label: without_editor_mark(rows[label]) for label in ("Authors", "Date", "Publication", "Section",
                                                                   "Language")} == {
        "Authors": ("not given in this collection", True), "Date": ("14 March 2005", True),
        "Publication": ("BBC News", True), "Section": ("Business", True), "Language": ("en", True)}
    assert {rows[label].select_one("span.archive-editor-mark")["title"] for label in ("Authors", "Date")} == {
        COLLECTION_MARK}
    assert rows["Authors"].find("a") is None  # no author page for "not given"
    assert "Needs review" not in rows
    signed = meta_rows(page_soup(site, "documents/2004-03-01-signed.md"))
    assert without_editor_mark(signed["Authors"]) == ("Jane Roe", False)
    assert without_editor_mark(signed["Publication"]) == ("BBC News", True)
    corrected = meta_rows(page_soup(site, "documents/2005-04-02-rates.md"))
    assert corrected["Publication"].select_one("span.archive-editor-mark")["title"] == (
        "Supplied or corrected by the archive's editors")
    assert not (site / "authors" / "not-given-in-this-collection").exists()


def test_the_front_matter_lists_the_defaults_among_the_editors_fields(make_archive):
    archive = make_archive(SOURCES, {}, files={"collection.yml": SETTINGS}, export=True)
    archive.build()
    front = front_matter(archive.export_dir / "documents/2005-03-14-rates.md")
    assert front["editor_fields"] == ["authors", "date", "language", "publication", "section"]
    assert front["authors"] == [] and front["needs_review"] == []


BAD = """\
defaults:
  - sources: "*"
    publicaton: BBC
  - publication: X
  - sources: /sub/x-*.txt
    date_from_name: "{year}-{mon}-*"
  - sources: [a-*]
    date_from_name: "{month}-*"
  -
extra: 1
"""


def test_every_problem_is_reported_with_its_line_and_fix(make_archive, monkeypatch, capsys):
    archive = make_archive(SOURCES, {}, files={"collection.yml": BAD})
    monkeypatch.chdir(archive.root)
    assert main(["check", "--since", ""]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "content/collection.yml:3:5: error: unknown key 'publicaton' in an item of 'defaults' [schema-unknown-key]",
        "    fix: did you mean 'publication'?",
        "content/collection.yml:4:5: error: required key 'sources' is missing from the item of 'defaults' on line 4 "
        "[schema-missing-key]",
        "    fix: add a line: sources: ...",
        "content/collection.yml:5:14: error: the pattern '/sub/x-*.txt' starts with '/' [collection-pattern]",
        "    fix: patterns are paths under sources/, with no '/' before them: write 'sub/x-*.txt'",
        "content/collection.yml:6:21: error: 'date_from_name' value '{year}-{mon}-*' has '{mon}'; the places of the "
        "date are {year}, {month} and {day} [collection-date-pattern]",
        "    fix: write the file name with {year}, {month} and {day} where the date is and * for the rest, e.g. "
        "{year}-{month}-{day}-*.txt",
        "content/collection.yml:7:15: warning: no source file's name matches 'a-*' [collection-matches-nothing]",
        "    fix: check the pattern against the names in sources/ ('*' matches every one)",
        "content/collection.yml:8:21: error: 'date_from_name' value '{month}-*' has no {year} "
        "[collection-date-pattern]",
        "    fix: write the file name with {year}, {month} and {day} where the date is and * for the rest, e.g. "
        "{year}-{month}-{day}-*.txt",
        "content/collection.yml:9:4: error: the item of 'defaults' on line 9 is empty [schema-empty-file]",
        "    fix: write at least: sources: ...",
        "content/collection.yml:10:1: error: unknown key 'extra' in collection file [schema-unknown-key]",
        "    fix: known keys: defaults",
        "archive check: 5 documents; 7 error(s), 1 warning(s)",
    ]


def test_a_date_pattern_that_matches_no_name_and_a_name_that_is_no_date_are_warnings(make_archive, monkeypatch, capsys):
    settings = 'defaults:\n  - sources: "2005-*"\n    date_from_name: "{year}{month}{day}_*"\n' \
               '  - sources: "business-*"\n    date_from_name: "business-{year}*"\n'
    archive = make_archive({**SOURCES, "business-2005-13-x.txt": UNSIGNED.format(n="x", body=BODIES["x"])}, {},
                           files={"collection.yml": settings.replace("business-{year}*", "business-{year}-{month}-*")})
    monkeypatch.chdir(archive.root)
    assert main(["check", "--since", ""]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "content/collection.yml:3:21: warning: 'date_from_name' value '{year}{month}{day}_*' matches none of the 2 "
        "file names of this block (one is '2005-03-14-rates.txt') [collection-date-matches-nothing]",
        "    fix: write the file name with {year}, {month} and {day} where the date is and * for the rest, e.g. "
        "{year}-{month}-{day}-*.txt",
        "content/collection.yml:5:21: warning: 'sources/business-2005-13-x.txt': the date its name gives, 2005-13, "
        "has month 13, which does not exist [collection-date-not-a-date]",
        "    fix: rename the file, or set its date in its sidecar, sources/business-2005-13-x.yml",
        "archive check: 6 documents; 0 error(s), 2 warning(s)",
    ]


@pytest.mark.parametrize("pattern, name, date", [
    ("{year}-{month}-{day}-*.txt", "2005-03-14-rates.txt", "2005-03-14"),
    ("{year}-{month}-{day}-*.txt", "2005-03-14-rates.html", None),
    ("{year}-{month}-{day}-*", "2005-03-14-a-b-c.html", "2005-03-14"),
    ("*_{year}{month}{day}_*", "bbc_20050314_001.txt", "2005-03-14"),
    ("*-{year}-{month}-{day}.txt", "a-2001-01-01-b-2005-03-14.txt", "2005-03-14"),  # the last * is the longest
    ("*-{year}-*", "a-2001-b-2005-c.txt", "2001"),  # a * before the end is the shortest
    ("{year}?{month}*", "2005_03.txt", "2005-03"),
    ("{year}{month}{day}", "20050314", "2005-03-14"),
    ("{year}{month}{day}", "20050314.txt", None),  # the whole name must match
    ("{year}-{month}-*", "2005-3-14.txt", None),  # two digits for the month
    ("notes (draft) [{year}]*", "notes (draft) [1999] x.txt", "1999"),  # the rest is matched as it is
    ("{year}-*", "2005-13-99.txt", "2005"),
])
def test_date_from_name(pattern, name, date):
    assert date_from_name(compile_name_pattern(pattern), name) == date


@pytest.mark.parametrize("pattern, problem", [
    ("*.txt", "has no {year}"),
    ("{year}-{day}-*", "has a {day} but no {month}"),
    ("{year}-{year}", "has {year} twice"),
    ("{yyyy}-*", "has '{yyyy}'; the places of the date are {year}, {month} and {day}"),
    ("{year}-{month", "has a '{' that is not part of {year}, {month} or {day}"),
])
def test_bad_date_patterns(pattern, problem):
    with pytest.raises(PatternError) as info:
        compile_name_pattern(pattern)
    assert str(info.value) == problem


@pytest.mark.parametrize("pattern", ["*-*-*-*-{year}-*-*", "*{year}*{month}*{day}*x", "?*?*{year}?*?*?"])
def test_matching_a_long_hostile_name_stays_linear(pattern):
    """File names are untrusted: a pattern of many stars against a long name that almost
    matches must not try every way of splitting it (a hang bound, not a timing)."""
    compiled = compile_name_pattern(pattern)
    for name in ("-" * 20_000, "1-" * 10_000, "2005" * 5_000 + "!", "-2005" * 4_000 + "-"):
        started = time.perf_counter()
        date_from_name(compiled, name)
        assert time.perf_counter() - started < 5.0


def _clean_build(archive, root):
    """A build from scratch (own cache, own site) of a copy of the archive's content as it is now."""
    clean = make_tiny_archive(root, {}, {})
    shutil.rmtree(clean.content)
    shutil.copytree(archive.content, clean.content)
    result = clean.build()
    assert result  # the site folder
    return tree_digest(clean.site())


EDITS = {
    # (the edit, the documents whose results must be made again)
    "a publication changed": (lambda text: text.replace("BBC News", "BBC Online"), 5),
    "a block for one document": (lambda text: text + '  - sources: "2006-*"\n    section: Economy\n', 1),
    "a date pattern": (lambda text: text.replace("{year}-{month}-{day}-*.txt", "{year}-{month}-*.txt"), 4),
    "the file removed": (None, 5),
}


@pytest.mark.parametrize("kind", sorted(EDITS))
def test_editing_the_settings_redoes_exactly_what_it_changes_and_equals_a_clean_build(make_archive, tmp_path, kind):
    from builder.bridge.site import build_site

    archive = make_archive(SOURCES, {"2005-04-02-rates.yml": "publication: The Economist\ndate: 2005-04-03\n"},
                           files={"collection.yml": SETTINGS})
    first = build_site(archive.config, archive.site(), content_dir=archive.content)
    assert first.computed == 5
    edit, redone = EDITS[kind]
    settings = archive.content / "collection.yml"
    if edit is None:
        settings.unlink()
    else:
        settings.write_text(edit(settings.read_text(encoding="utf-8")), encoding="utf-8")
    again = build_site(archive.config, archive.site(), content_dir=archive.content)
    assert (again.computed, again.reused) == (redone, 5 - redone)
    assert tree_digest(archive.site()) == _clean_build(archive, tmp_path / "clean")


def test_an_unchanged_settings_file_redoes_nothing(make_archive):
    from builder.bridge.site import build_site

    archive = make_archive(SOURCES, {}, files={"collection.yml": SETTINGS})
    build_site(archive.config, archive.site(), content_dir=archive.content)
    (archive.content / "collection.yml").write_text(SETTINGS + "# a comment\n", encoding="utf-8")
    again = build_site(archive.config, archive.site(), content_dir=archive.content)
    assert (again.computed, again.reused) == (0, 5)
    assert heading_text(article(page_soup(archive.site(), "documents/2005-03-14-rates.md")).h1) == (
        "Rates rise again in third")


def test_values_from_the_settings_reach_the_page_as_text(make_archive):
    payload = '<img src=x onerror="__pwned()"><script>__pwned()</script>'
    settings = f"defaults:\n  - sources: '*'\n    publication: '{payload}'\n    section: '{payload}'\n"
    archive = make_archive({"story.txt": UNSIGNED.format(n="first", body=BODIES["first"])}, {}, files={"collection.yml": settings})
    soup = page_soup(archive.build(), "documents/story.md")
    rows = meta_rows(soup)
    assert without_editor_mark(rows["Publication"]) == (payload, True)
    assert without_editor_mark(rows["Section"]) == (payload, True)
    assert soup.select("article img, article script") == []
