"""The `archive` command line: check (text and GitHub formats), review, build, new."""

from __future__ import annotations

import re
import subprocess

import pytest

from builder.bridge.site import build_site
from builder.cli import main
from helpers import GOOD_SIDECARS, GOOD_SOURCES, article, heading_text, page_html, soup_of

BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00"
LEGACY = b"Caf\xe9 society in Geneva\r\n\r\nThe \x93quoted\x94 word appears here.\r\n"


@pytest.fixture
def checked(make_archive, monkeypatch):
    """An archive with one binary file and one cp1252 file; the working folder is the archive's root."""
    archive = make_archive({**GOOD_SOURCES, "binary.txt": BINARY, "legacy.txt": LEGACY}, GOOD_SIDECARS)
    monkeypatch.chdir(archive.root)
    return archive


def test_check_text_format(checked, capsys):
    assert main(["check"]) == 1  # an error, even one that does not block the build, fails the check
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "content/sources/binary.txt: error: 'sources/binary.txt' is a binary file, not text (it contains NUL "
        "bytes); it was left out of the archive [source-binary]",
        "    fix: convert it to plain text (.txt) before adding it",
        "content/sources/legacy.txt: warning: 'sources/legacy.txt' is not valid UTF-8; it was read as cp1252 "
        "[source-encoding-fallback]",
        "    fix: check accented letters and quotes on its page, then re-save the file as UTF-8",
        "archive check: 3 documents; 1 error(s), 1 warning(s)",
    ]
    assert captured.err == ""


def test_check_github_format(checked, capsys):
    assert main(["check", "--format", "github"]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "::error file=content/sources/binary.txt,title=source-binary::'sources/binary.txt' is a binary file, not "
        "text (it contains NUL bytes); it was left out of the archive. Fix: convert it to plain text (.txt) before "
        "adding it",
        "::warning file=content/sources/legacy.txt,title=source-encoding-fallback::'sources/legacy.txt' is not "
        "valid UTF-8; it was read as cp1252. Fix: check accented letters and quotes on its page, then re-save the "
        "file as UTF-8",
    ]
    assert captured.err == "archive check: 3 documents; 1 error(s), 1 warning(s)\n"


def test_check_github_format_with_line_and_column(make_archive, monkeypatch, capsys):
    archive = make_archive(GOOD_SOURCES, {**GOOD_SIDECARS, "nichols-2023.yml": "date: 2023-08-14\nautor: X\n"})
    monkeypatch.chdir(archive.root)
    assert main(["check", "--format", "github"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "::error file=content/sources/nichols-2023.yml,line=2,col=1,title=schema-unknown-key::unknown key 'autor' "
        "in sidecar file. Fix: did you mean 'authors'?"]


def test_check_warnings_only(make_archive, monkeypatch, capsys):
    archive = make_archive({**GOOD_SOURCES, "legacy.txt": LEGACY}, GOOD_SIDECARS)
    monkeypatch.chdir(archive.root)
    assert main(["check"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "archive check: 3 documents; 0 error(s), 1 warning(s)"
    assert main(["check", "--strict"]) == 1


def test_check_clean_archive(tiny_archive, monkeypatch, capsys):
    monkeypatch.chdir(tiny_archive.root)
    assert main(["check"]) == 0
    assert capsys.readouterr().out == "archive check: 2 documents; 0 error(s), 0 warning(s)\n"


def test_check_with_content_option_from_elsewhere(tiny_archive, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--content", str(tiny_archive.content)]) == 0
    assert capsys.readouterr().out == "archive check: 2 documents; 0 error(s), 0 warning(s)\n"


def test_review(make_archive, monkeypatch, capsys):
    unsigned = "An unsigned readout of the meeting\n\nThe council met on Monday.\n"
    archive = make_archive({**GOOD_SOURCES, "readout.txt": unsigned}, GOOD_SIDECARS)
    monkeypatch.chdir(archive.root)
    assert main(["review"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "1 document without authors",
        "    fix: add 'authors: ...' to each one's sidecar, sources/<name>.yml ('authors: []' if it names none); if the "
        "sources never name their authors, say so once in collection.yml ('authors: []')",
        "    sources/readout.txt",
        "1 document without a date",
        "    fix: add 'date: ...' to each one's sidecar, sources/<name>.yml; if the file names hold the dates, read them "
        "once for all in collection.yml ('date_from_name: ...')",
        "    sources/readout.txt",
        "1 document without a publication",
        "    fix: add 'publication: ...' to each one's sidecar, sources/<name>.yml; for every source of one publication, "
        "once in collection.yml ('publication: ...')",
        "    sources/readout.txt",
        "archive review: 1 of 3 documents need review",
    ]
    assert main(["review", "--removed"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "sources/nichols-2023.txt: removed lines" in out
    assert "      11  comment form: Leave a Comment" in out  # line numbers are the source's
    assert "       3  byline (kept as authors and date): By Michelle Nichols" in out


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("archive ")


def test_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err


# --- archive new ---------------------------------------------------------------------------------------

def test_new_creates_an_archive(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "my-archive"]) == 0
    out = capsys.readouterr().out.splitlines()
    root = tmp_path / "my-archive"
    for rel in ("mkdocs.yml", "README.md", "content/pages/about.md"):
        assert (root / rel).is_file(), rel
        assert f"created my-archive/{rel}" in out
    assert (root / "content" / "sources").is_dir()
    assert [p.name for p in (root / "content" / "sources").iterdir() if not p.name.startswith(".")] == []
    assert out[-1] == ("Next: put documents in my-archive/content/sources, then run 'archive build' in my-archive")
    assert (root / "mkdocs.yml").read_text(encoding="utf-8").startswith("site_name: My Archive\n")
    assert (root / "README.md").read_text(encoding="utf-8").startswith("# My Archive\n")
    assert (root / "content" / "pages" / "about.md").read_text(encoding="utf-8").startswith("# About this archive\n")


def test_new_archive_checks_clean(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "fresh"]) == 0
    monkeypatch.chdir(tmp_path / "fresh")
    capsys.readouterr()
    assert main(["check"]) == 0
    assert capsys.readouterr().out == "archive check: 0 documents; 0 error(s), 0 warning(s)\n"
    (tmp_path / "fresh" / "content" / "sources" / "first.txt").write_text(
        "A first headline\n\nBy Jane Doe\n\nThe council met on Monday.\n", encoding="utf-8")
    assert main(["check"]) == 0
    assert capsys.readouterr().out == "archive check: 1 documents; 0 error(s), 0 warning(s)\n"


def test_new_empty_archive_builds(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "my-archive"]) == 0
    root = tmp_path / "my-archive"
    build_site(root / "mkdocs.yml", root / "site", content_dir=root / "content")
    home = soup_of(root / "site" / "index.html")
    assert heading_text(article(home).h1) == "My Archive"
    assert article(home).select_one("p.archive-counts").get_text() == (
        "0 documents; 0 words; 0 authors; 0 publications.")
    assert "The archive has no documents yet." in article(home).get_text()
    assert heading_text(article(soup_of(page_html(root / "site", "about.md"))).h1) == "About this archive"
    assert heading_text(article(soup_of(page_html(root / "site", "review.md"))).h1) == "For editors"


def test_new_archive_builds_with_the_cli_from_inside(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "fresh"]) == 0
    monkeypatch.chdir(tmp_path / "fresh")
    (tmp_path / "fresh" / "content" / "sources" / "first.txt").write_text(
        "A first headline\n\nBy Jane Doe\n\nThe council met on Monday.\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["build"]) == 0
    out = capsys.readouterr()
    summary = re.fullmatch(r"archive build: 1 document \(1 processed, 0 from the cache\), (\d+) pages rendered, "
                           r"0 reused, 0 warnings, \d+\.\d s; site written to site\n", out.out)
    assert summary, out.out
    site = tmp_path / "fresh" / "site"
    # every page of the site, rendered by MkDocs; the original's page beside each source file
    # (sources/first.txt.html) is written by the builder, as a file MkDocs copies
    originals = sorted((site / "sources").glob("*.html"))
    assert [p.name for p in originals] == ["first.txt.html"]
    pages = sorted(p for p in site.rglob("*.html") if p.name != "404.html" and p not in originals)
    assert int(summary.group(1)) == len(pages) > 5
    # Not on a terminal (as here, or in CI): plain lines of progress on standard error, for
    # every part of the build (tests/test_progress.py has more).
    made = len(pages) - 1  # every page but the hand-written About page
    checked = len(pages) + 1 + len(originals)  # and the 404 page and the originals' pages
    assert out.err.splitlines() == ["archive build: 1 of 1 sources read", "archive build: 0 of 1 documents ready",
                                    "archive build: 1 of 1 documents ready",
                                    f"archive build: {made} of {made} pages made",
                                    f"archive build: {made} of {made} pages exported (Markdown)",
                                    f"archive build: 0 of {len(pages)} pages reused (unchanged)",
                                    "archive build: 0 of 1 documents indexed for search",
                                    "archive build: 1 of 1 documents indexed for search",
                                    f"archive build: 1 of {len(pages)} pages read",
                                    f"archive build: {len(pages)} of {len(pages)} pages read",
                                    f"archive build: 1 of {len(pages)} pages rendered",
                                    f"archive build: {len(pages)} of {len(pages)} pages rendered",
                                    f"archive build: 0 of {checked} pages checked for broken links",
                                    f"archive build: {checked} of {checked} pages checked for broken links"]
    assert main(["build"]) == 0
    assert capsys.readouterr().out.startswith("archive build: 1 document (0 processed, 1 from the cache), ")
    # A document with no text is left out (a warning); MkDocs' own warnings count too.
    (tmp_path / "fresh" / "content" / "sources" / "empty.txt").write_text("\n", encoding="utf-8")
    config = tmp_path / "fresh" / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nunknown_setting: 1\n", encoding="utf-8")
    assert main(["build"]) == 0
    out = capsys.readouterr()
    assert out.err.count("WARNING") == 2 and "unknown_setting" in out.err and "empty.txt" in out.err
    assert out.out.startswith("archive build: 2 documents (1 processed, 1 from the cache, 1 left out), ")
    assert ", 0 reused, 2 warnings, " in out.out
    page = soup_of(page_html(tmp_path / "fresh" / "site", "documents/first.md"))
    assert heading_text(article(page).h1) == "A first headline"


def test_new_archive_ignores_everything_a_build_writes(tmp_path, monkeypatch, capsys):
    """The scaffolded .gitignore covers the site, the cache, the export and the build's lock
    and staging files: after a build, git sees only what `archive new` and the editor wrote."""
    monkeypatch.chdir(tmp_path)
    assert main(["new", "fresh"]) == 0
    root = tmp_path / "fresh"
    (root / "content" / "sources" / "first.txt").write_text("A first headline\n\nBy Jane Doe\n\nText.\n",
                                                          encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    monkeypatch.chdir(root)
    assert main(["build"]) == 0
    (root / ".site-building-killed1").mkdir()  # what a killed build leaves
    (root / ".site-building-killed1" / "index.html").write_text("half", encoding="utf-8")
    (root / ".site-spare" / "documents").mkdir(parents=True)  # what a large site's build keeps (bridge.spare)
    (root / ".site-spare" / "documents" / "index.html").write_text("the site before", encoding="utf-8")
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=root, check=True,
                            capture_output=True, text=True).stdout
    assert sorted(line[3:] for line in status.splitlines()) == [
        ".gitignore", "README.md", *(f"content/{folder}/.gitkeep" for folder in ("annotations", "entities")),
        "content/pages/about.md", "content/sources/.gitkeep", "content/sources/first.txt",
        "content/topics/.gitkeep", "mkdocs.yml"]


def test_new_with_a_name(tmp_path, capsys):
    assert main(["new", str(tmp_path / "x"), "--name", "China and the UN"]) == 0
    assert (tmp_path / "x" / "mkdocs.yml").read_text(encoding="utf-8").startswith("site_name: China and the UN\n")


def test_new_into_a_non_empty_folder_exits_2(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["new", "taken"]) == 2
    captured = capsys.readouterr()
    assert captured.err == "archive new: taken is not an empty folder; choose a new folder\n"
    assert captured.out == ""
    assert sorted(p.name for p in (tmp_path / "taken").iterdir()) == ["notes.txt"]


def test_new_into_an_empty_existing_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    assert main(["new", "empty"]) == 0
    assert (tmp_path / "empty" / "mkdocs.yml").is_file()


def test_new_onto_an_existing_file_exits_2(tmp_path, monkeypatch, capsys):
    # Regression: this used to raise NotADirectoryError (a traceback).
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    assert main(["new", "afile"]) == 2
    assert capsys.readouterr().err == "archive new: afile is not an empty folder; choose a new folder\n"
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "x"


HOSTILE_NAMES = [
    "News #1 archive",
    "Archive: the sequel",
    "- a list?",
    "yes",
    "No",
    "12:30",
    "0777",
    "2005-02-14",
    "null",
    "~",
    "'single' and \"double\" quotes",
    "{braces} [brackets], commas",
    "!ENV SECRET",
    "&anchor *alias",
    "% percent @at `tick` | pipe > gt",
    "Tab\there",
    "Line\u2028separator and next\x85line",
    " leading and trailing spaces ",
    "Caf\u00e9 \u4e2d\u6587 \u0627\u0644\u0639\u0631\u0628\u064a\u0629",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_new_writes_any_name_as_yaml_that_reads_back_exactly(tmp_path, capsys, name):
    from mkdocs.config import load_config

    assert main(["new", str(tmp_path / "x"), "--name", name]) == 0
    config = load_config(str(tmp_path / "x" / "mkdocs.yml"))
    assert config.site_name == name
    assert config.docs_dir == str(tmp_path / "x" / "content" / "pages")


def test_new_with_a_hostile_name_builds(tmp_path, monkeypatch, capsys):
    name = "News #1 archive: the sequel"
    monkeypatch.chdir(tmp_path)
    assert main(["new", "fresh", "--name", name]) == 0
    monkeypatch.chdir(tmp_path / "fresh")
    assert main(["build"]) == 0
    home = soup_of(tmp_path / "fresh" / "site" / "index.html")
    assert heading_text(article(home).h1) == name
    assert home.title.get_text() == f"{name} - {name}"  # the home page is named after the site


def test_main_called_with_arguments_leaves_sigpipe_as_it_was(make_archive, monkeypatch):
    """main() with arguments (the tests, another program calling it) leaves the process's
    handling of SIGPIPE alone: a test process once left with the default by a module's
    fixture ended at a later test's write to a closed pipe ("node down"), and the run hung."""
    import signal

    archive = make_archive()
    monkeypatch.chdir(archive.root)
    assert signal.getsignal(signal.SIGPIPE) == signal.SIG_IGN  # (Python's own)
    assert main(["check", "--content", str(archive.content)]) == 0
    assert signal.getsignal(signal.SIGPIPE) == signal.SIG_IGN

