"""Bad input, built for real: each bad file is reported exactly, and the rest of the archive still builds.

A blocking error (e.g. a sidecar with an unknown key) stops the build and leaves the previous site as it was.
"""

from __future__ import annotations

import logging
import re
import shutil
import os
import tempfile
from pathlib import Path

import pytest
import yaml
from mkdocs.exceptions import MkDocsException

from builder.bridge.site import build_site
from builder.cli import main
from builder.emit import Site
from builder.pipeline import ContentErrors, build, collect
from helpers import (GOOD_SIDECARS, GOOD_SOURCES, article, body_paragraphs, heading_text, make_tiny_archive, page_html,
                     paragraph_text, soup_of)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
LEGACY = (b"Caf\xe9 society in Geneva\r\n\r\n"
          b"The \x93quoted\x94 word appears in this paragraph, na\xefve as it is.\r\n")
BOILERPLATE_ONLY = "Subscribe to PassBlue\nLeave a Comment\nRelated Posts\nShare this:\n"

BAD = {
    "binary.txt": PNG,
    "empty.txt": b"",
    "legacy.txt": LEGACY,
    "boilerplate.txt": BOILERPLATE_ONLY,
    "notes.docx": b"PK\x03\x04\x14\x00\x06\x00",
}

# (path, severity, message, hint), sorted by path as the review page and `archive check` show them.
EXPECTED = [
    ("sources/binary.txt", "error",
     "'sources/binary.txt' is a binary file, not text (it contains NUL bytes); it was left out of the archive",
     "convert it to plain text (.txt) before adding it"),
    ("sources/boilerplate.txt", "error",
     "'sources/boilerplate.txt' has no text left once boilerplate is removed; it was left out",
     "check that the file holds the article, not only a page's navigation"),
    ("sources/empty.txt", "error",
     "'sources/empty.txt' is empty; it was left out of the archive",
     "add the document's text, or delete the file"),
    ("sources/legacy.txt", "warning",
     "'sources/legacy.txt' is not valid UTF-8; it was read as cp1252",
     "check accented letters and quotes on its page, then re-save the file as UTF-8"),
    ("sources/notes.docx", "warning",
     "'notes.docx' is not a supported source type and was skipped",
     "source documents end in .txt, .html or .htm"),
]
CODES = ["source-binary", "source-no-text", "source-empty", "source-encoding-fallback", "source-unsupported"]


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory):
    """Two good documents plus one file of each bad class, built once; returns (archive, site, log lines)."""
    archive = make_tiny_archive(tmp_path_factory.mktemp("bad") / "archive", {**GOOD_SOURCES, **BAD}, GOOD_SIDECARS)
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record.getMessage())

    handler = Keep(level=logging.WARNING)
    logger = logging.getLogger("mkdocs.plugins.archive")
    logger.addHandler(handler)
    cwd = os.getcwd()
    os.chdir(archive.root)
    try:
        site = archive.build()
    finally:
        os.chdir(cwd)
        logger.removeHandler(handler)
    return archive, site, records


def test_other_documents_still_build(bad_build):
    archive, site, _ = bad_build
    built = sorted(p.name for p in (site / "documents").iterdir())
    assert built == ["goodenough-2010", "legacy", "nichols-2023"]
    # each published source beside its original's page (sources/<file>.html); nothing of the bad files
    assert sorted(p.name for p in (site / "sources").iterdir()) == [
        "goodenough-2010.txt", "goodenough-2010.txt.html", "legacy.txt", "legacy.txt.html",
        "nichols-2023.txt", "nichols-2023.txt.html"]
    home = soup_of(site / "index.html")
    assert [a["href"] for a in article(home).select("div.archive-documents li a")] == [
        "documents/nichols-2023/", "documents/goodenough-2010/", "documents/legacy/"]


def test_collect_reports_exactly_these_problems(bad_build):
    archive, _, _ = bad_build
    found = collect(archive.content)
    assert [(d.path, d.severity, d.message, d.hint) for d in found.diagnostics] == EXPECTED
    assert [d.code for d in found.diagnostics] == CODES
    assert [(d.line, d.column) for d in found.diagnostics] == [(0, 0)] * 5
    assert found.blocking_errors == []


def test_build_logs_each_problem_for_the_editor(bad_build):
    _, _, records = bad_build
    expected = [f"content/{path}: {severity}: {message} [{code}]\n    fix: {hint}"
                for (path, severity, message, hint), code in zip(EXPECTED, CODES)]
    assert [r for r in records if r.startswith("content/sources/")] == expected


def test_review_page_lists_the_problems(bad_build):
    _, site, _ = bad_build
    soup = soup_of(page_html(site, "review.md"))
    heading = next(h for h in article(soup).find_all("h2") if heading_text(h) == "Problems found in the content")
    table = heading.find_next_sibling().find("table")  # the section's table, in its HTML block
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in table.select("tbody tr")]
    assert rows == [[path, severity, message, hint] for path, severity, message, hint in EXPECTED]


def test_cp1252_document_builds_with_its_characters(bad_build):
    _, site, _ = bad_build
    soup = soup_of(page_html(site, "documents/legacy.md"))
    assert heading_text(article(soup).h1) == "Café society in Geneva"
    assert [paragraph_text(p) for p in body_paragraphs(soup).values()] == [
        "The “quoted” word appears in this paragraph, naïve as it is."]
    # The original bytes are published as received.
    assert (site / "sources" / "legacy.txt").read_bytes() == LEGACY


# --- a failing build keeps the previous site ---------------------------------------------------------

def snapshot(site: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(site).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_blocking_error_leaves_the_previous_site_untouched(tiny_archive, caplog):
    site = tiny_archive.build()
    before = snapshot(site)
    assert "documents/nichols-2023/index.html" in before
    tiny_archive.add("nichols-2023.yml", "date: 2023-08-14\nautor: Michelle Nichols\n")
    with caplog.at_level(logging.ERROR), pytest.raises(MkDocsException):
        tiny_archive.build()
    assert snapshot(site) == before
    # Nothing but the site and the per-document cache (build/cache) beside the content, and the files
    # builds lock them with (the cache's readers too: builder.reading): no half-built folder.
    assert sorted(p.name for p in tiny_archive.root.iterdir()) == [".site.lock", "build", "content", "mkdocs.yml",
                                                                   "site"]
    assert sorted(p.name for p in (tiny_archive.root / "build").iterdir()) == [".cache.lock", ".cache.readers", "cache"]
    assert "the archive content has errors; nothing was built (1 error(s), 0 warning(s))" in caplog.text
    assert "error: unknown key 'autor' in sidecar file [schema-unknown-key]\n    fix: did you mean 'authors'?" \
        in caplog.text


def test_blocking_error_with_the_cli_exits_1_and_keeps_the_site(tiny_archive, capsys, monkeypatch):
    monkeypatch.chdir(tiny_archive.root)
    assert main(["build"]) == 0
    assert capsys.readouterr().out.endswith("s; site written to site\n")
    before = snapshot(tiny_archive.root / "site")
    tiny_archive.add("goodenough-2010.yml", "publication: CNSNews.com\ndate: 2005-02-30\n")
    assert main(["build"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    # After the progress lines, MkDocs' error (with the file, line and fix), then what happened to the site.
    err = "".join(line for line in captured.err.splitlines(keepends=True)
                  if not re.match(r"archive build: [\d,]+ of [\d,]+ ", line))
    assert err.startswith("ERROR   -  the archive content has errors; nothing was built (1 error(s), 0 warning(s)):\n")
    assert "goodenough-2010.yml:2:7: error: 'date' value '2005-02-30' has day 30, but 2005-02 has 28 days [schema-date]" \
        in err
    assert err.endswith("archive build: failed; site was left as it was.\n")
    assert snapshot(tiny_archive.root / "site") == before


def test_a_stored_part_dropped_by_another_build_is_made_again(tiny_archive, capsys, monkeypatch, tmp_path):
    """A document's parts of entity pages are read from the result store only when needed; if
    another build on the same folder dropped one meanwhile, it is made again from the
    document, and the site is the one a clean build makes."""
    from builder.store import Cache

    monkeypatch.chdir(tiny_archive.root)
    assert main(["build"]) == 0
    read = Cache.get_many
    dropped = []

    def dropped_first(self, keys):  # as if another build had just pruned one of them
        if self.path.name == "document-parts.sqlite" and not dropped:
            dropped.append(sorted(keys)[0])
            with self.db:
                self.db.execute("DELETE FROM kept WHERE key = ?", (dropped[0],))
        return read(self, keys)

    monkeypatch.setattr(Cache, "get_many", dropped_first)
    # A new document remakes the mentions export, made of every document's rows.
    tiny_archive.add("copy-2010.txt", (tiny_archive.sources / "goodenough-2010.txt").read_bytes())
    assert main(["build"]) == 0
    assert dropped  # the parts were read from the store, one of them missing
    monkeypatch.undo()
    capsys.readouterr()
    monkeypatch.chdir(tiny_archive.root)
    shutil.rmtree(tiny_archive.root / "build" / "cache")
    assert main(["build", "--site", str(tmp_path / "clean")]) == 0
    assert {path: data for path, (data, _) in snapshot(tiny_archive.root / "site").items()} == \
        {path: data for path, (data, _) in snapshot(tmp_path / "clean").items()}


def test_missing_content_folder_is_a_blocking_error(tmp_path):
    # Regression: a mistyped --content used to build (and publish) an empty archive.
    archive = collect(tmp_path / "contnet")
    assert [(d.severity, d.path, d.code, d.message, d.hint) for d in archive.diagnostics] == [(
        "error", ".", "content-missing", f"the content folder {(tmp_path / 'contnet').resolve()} does not exist",
        "run the command in the archive's folder, or pass --content DIR")]
    assert [d.code for d in archive.blocking_errors] == ["content-missing"]
    with pytest.raises(ContentErrors):
        build(tmp_path / "contnet", Site("Title"))


def test_mistyped_content_option_keeps_the_site(tiny_archive, capsys, monkeypatch):
    monkeypatch.chdir(tiny_archive.root)
    assert main(["build"]) == 0
    before = snapshot(tiny_archive.root / "site")
    capsys.readouterr()
    assert main(["build", "--content", "contnet"]) == 2
    assert capsys.readouterr().err == (f"archive build: the content folder {tiny_archive.root / 'contnet'} does not "
                                       "exist; pass the archive's content folder with --content\n")
    assert snapshot(tiny_archive.root / "site") == before
    # Given with a configuration, the build says so, and keeps the site too.
    assert main(["build", "--content", "contnet", "--config", "mkdocs.yml"]) == 1
    err = capsys.readouterr().err
    assert "contnet: error: the content folder " in err
    assert err.endswith("archive build: failed; site was left as it was.\n")
    assert snapshot(tiny_archive.root / "site") == before


def test_missing_sources_folder_is_reported(tmp_path):
    (tmp_path / "content").mkdir()
    archive = collect(tmp_path / "content")
    assert [(d.severity, d.path, d.code, d.message) for d in archive.diagnostics] == [
        ("error", "sources", "sources-missing", f"there is no sources folder in {(tmp_path / 'content').resolve()}")]


def test_build_without_pages_folder_leaves_no_temporary_folder(make_archive, tmp_path, monkeypatch):
    # Regression: build_site used to leave an empty archive-pages-* folder in the system temp folder.
    system_tmp = tmp_path / "system-tmp"
    system_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))
    archive = make_archive(about=False)
    archive.build()
    assert (archive.root / "site" / "index.html").is_file()
    assert list(system_tmp.glob("archive-pages-*")) == []


# --- hostile text goes through the whole build -----------------------------------------------------------

HOSTILE_LINES = [
    "#MeToo at a line start",
    "1986. was a year",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "*not emphasis*",
    "---",
    "{: #id }",
    "a | b",
    "&amp;",
    "!!! warning \"not an admonition\"",
    "<img src=x onerror=alert(1)>",
]


def test_hostile_paragraphs_render_as_text(build_archive):
    body = "\n\n".join(HOSTILE_LINES)
    _, site = build_archive({"hostile.txt": f"An ordinary headline\n\nBy Jane Doe\n\n{body}\n"}, {})
    soup = soup_of(page_html(site, "documents/hostile.md"))
    paragraphs = list(body_paragraphs(soup).values())
    assert [paragraph_text(p) for p in paragraphs] == HOSTILE_LINES
    assert [p["id"] for p in paragraphs] == [f"p{i}" for i in range(1, len(HOSTILE_LINES) + 1)]
    main_text = article(soup)
    assert main_text.find_all(["script", "img", "em", "hr", "ol", "h2", "table"]) == []
    assert not any(a.get("href", "").startswith("javascript") for a in main_text.find_all("a"))


LOOKALIKE_TITLES = ["No", "yes", "on", "12:30", "0777", "2005-02-14", "@x", "Key: value", "#MeToo", "~", "'quoted'"]


@pytest.fixture(scope="module")
def lookalike_site(tmp_path_factory):
    """One document per YAML-lookalike title, each title set in the sidecar, built once."""
    sources = {f"doc{i}.txt": "A headline\n\nThe council met on Monday.\n" for i in range(len(LOOKALIKE_TITLES))}
    sidecars = {f"doc{i}.yml": "title: " + yaml.safe_dump(title).splitlines()[0] + "\n"
                for i, title in enumerate(LOOKALIKE_TITLES)}
    archive = make_tiny_archive(tmp_path_factory.mktemp("lookalike") / "archive", sources, sidecars)
    return archive.build()


@pytest.mark.parametrize("index, title", list(enumerate(LOOKALIKE_TITLES)))
def test_yaml_lookalike_titles_survive_front_matter(lookalike_site, index, title):
    soup = soup_of(page_html(lookalike_site, f"documents/doc{index}.md"))
    assert heading_text(article(soup).h1) == title
    assert soup.title.get_text() == f"{title} - Tiny Test Archive"


def test_title_ending_with_hash(build_archive):
    _, site = build_archive({"csharp.txt": "Learning C#\n\nThe council met on Monday.\n"}, {})
    soup = soup_of(page_html(site, "documents/csharp.md"))
    assert heading_text(article(soup).h1) == "Learning C#"


def test_editor_note_is_sanitised(build_archive):
    note = "Dated by *an editor*. <script>alert(1)</script> [bad](javascript:alert(1)) [good](https://example.org/)"
    _, site = build_archive({"doc.txt": "A headline\n\nThe council met on Monday.\n"},
                            {"doc.yml": f"note: '{note}'\n"})
    soup = soup_of(page_html(site, "documents/doc.md"))
    box = article(soup).select_one(".archive-editor-note")
    assert box is not None
    assert box.find("script") is None
    assert box.find("em").get_text() == "an editor"
    hrefs = [a.get("href") for a in box.find_all("a")]
    assert "https://example.org/" in hrefs
    assert not any((h or "").startswith("javascript") for h in hrefs)
    assert "alert(1)" not in str(soup.find_all("script"))


def test_markup_in_a_text_headline_or_byline_is_not_run(build_archive):
    story = ("<b onmouseover=alert(1)>Breaking</b> news & views\n\nBy Evil <i onclick=alert(2)>Writer</i>\n\n"
             "The council met on Monday and decided nothing, diplomats said after the closed meeting.\n")
    _, site = build_archive({"evil.txt": story}, {})
    author_pages = sorted((site / "authors").rglob("index.html"))
    assert len(author_pages) == 2  # the index and the author's page
    for path in [page_html(site, "documents/evil.md"), *author_pages]:
        soup = soup_of(path)
        assert [(tag.name, name) for tag in soup.find_all(True) for name in tag.attrs if name.startswith("on")] == [], path
    soup = soup_of(page_html(site, "documents/evil.md"))
    assert soup.title.get_text().startswith("<b onmouseover=alert(1)>Breaking</b> news & views - ")
