"""Links in the hand-written pages folder (MkDocs' docs_dir, which MkDocs walks itself,
following links): a link there may lead only within content/pages, and a link that would
make the walk loop stops the build before MkDocs walks (issue 16 review: `ln -s ..
content/pages/up` made MkDocs list 40 nested copies of the content folder and crash; a
second such link made the build endless; and the content folder's YAML was published)."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

from helpers import REPO, article, failing_build_log, soup_of
from builder.bridge.serve import serve_options
from builder.cli import main

PAGES_HINT = "    fix: move what it leads to into content/pages, or remove the link"
LOOP_HINT = "    fix: remove the link (or link to a file, or to a folder that does not hold it)"


def check_lines(archive, monkeypatch, capsys) -> tuple[int, list[str]]:
    monkeypatch.chdir(archive.root)
    status = main(["check"])
    return status, capsys.readouterr().out.splitlines()


def outside_pages(rel: str, target: Path) -> list[str]:
    return [f"content/{rel}: error: '{rel}' leads to {target}, outside the pages folder; a link under pages/ may lead "
            f"only to a file or folder in content/pages, so it is left out of the site [page-outside-pages]",
            PAGES_HINT]


def loop(rel: str, shown: str) -> list[str]:
    return [f"content/{rel}: error: '{rel}' leads to '{shown}', a folder that holds it or leads to it: MkDocs would "
            f"walk that folder again and again, without end [page-link-loop]", LOOP_HINT]


def site_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def test_a_link_to_the_content_folder_is_a_loop(make_archive, monkeypatch, capsys, caplog):
    """`pages/up -> ..` leads to the content folder, which holds pages/: MkDocs listed 40
    nested copies of the content folder (its sources and entities YAML among them), then
    crashed with IsADirectoryError. Now `archive check` reports it and the build stops before
    MkDocs walks the folder."""
    archive = make_archive()
    os.symlink("..", archive.content / "pages" / "up")
    status, lines = check_lines(archive, monkeypatch, capsys)
    assert status == 1
    assert lines == [*loop("pages/up", str(archive.content.resolve())),
                     "archive check: 2 documents; 1 error(s), 0 warning(s)"]
    log = failing_build_log(caplog, archive.config, archive.root / "site", archive.content)
    assert "the archive content has errors; nothing was built (1 error(s), 0 warning(s))" in log
    assert "[page-link-loop]" in log and "IsADirectoryError" not in log
    assert not (archive.root / "site").exists()


def test_links_elsewhere_in_the_content_folder_publish_nothing_of_it(make_archive, monkeypatch, capsys):
    """A link under pages/ to the content folder's other files (no loop) published sources,
    sidecars and entities YAML as site files. Only the pages folder is published now."""
    archive = make_archive()
    (archive.content / "entities").mkdir()
    (archive.content / "entities" / "ban-ki-moon.yml").write_text("id: ban-ki-moon\nname: Ban Ki-moon\ntype: person\n",
                                                                  encoding="utf-8")
    pages = archive.content / "pages"
    os.symlink("../sources/nichols-2023.yml", pages / "meta.yml")
    os.symlink("../sources", pages / "raw")
    os.symlink("../entities", pages / "people")
    status, lines = check_lines(archive, monkeypatch, capsys)
    assert lines == [*outside_pages("pages/meta.yml", (archive.sources / "nichols-2023.yml").resolve()),
                     *outside_pages("pages/people", (archive.content / "entities").resolve()),
                     *outside_pages("pages/raw", archive.sources.resolve()),
                     "archive check: 2 documents; 3 error(s), 0 warning(s)"]
    site = archive.build()  # those are left out; the rest builds
    assert [f for f in site_files(site) if f.endswith(".yml") or f.startswith(("raw/", "people/"))] == []
    assert not any((site / name).exists() for name in ("meta.yml", "raw", "people"))
    assert article(soup_of(site / "about" / "index.html")).h1.get_text().startswith("About")


def test_a_link_back_to_a_folder_above_is_an_error_found_before_mkdocs_walks(make_archive, monkeypatch, capsys,
                                                                            caplog):
    """`pages/sub/up -> ..` (the pages folder): MkDocs would walk it 40 times over, then crash."""
    archive = make_archive()
    sub = archive.content / "pages" / "sub"
    sub.mkdir()
    (sub / "note.md").write_text("# Note\n", encoding="utf-8")
    os.symlink("..", sub / "up")
    os.symlink(".", archive.content / "pages" / "here")
    status, lines = check_lines(archive, monkeypatch, capsys)
    assert status == 1
    assert lines == [*loop("pages/here", "pages"), *loop("pages/sub/up", "pages"),
                     "archive check: 2 documents; 2 error(s), 0 warning(s)"]
    log = failing_build_log(caplog, archive.config, archive.root / "site", archive.content)
    assert "the archive content has errors; nothing was built" in log
    assert log.count("[page-link-loop]") == 2
    assert "IsADirectoryError" not in log
    assert not (archive.root / "site").exists()


def test_links_that_lead_to_each_other_are_a_loop(make_archive, monkeypatch, capsys):
    """Neither link leads to a folder that holds it, but together they make the walk endless."""
    archive = make_archive()
    pages = archive.content / "pages"
    (pages / "a").mkdir()
    (pages / "b").mkdir()
    os.symlink("../b", pages / "a" / "to-b")
    os.symlink("../a", pages / "b" / "to-a")
    status, lines = check_lines(archive, monkeypatch, capsys)
    assert lines == [*loop("pages/a/to-b", "pages/b"), *loop("pages/b/to-a", "pages/a"),
                     "archive check: 2 documents; 2 error(s), 0 warning(s)"]


def _build_in_a_process(config: Path, site: Path, content: Path) -> None:
    from builder.bridge.site import build_site

    try:
        build_site(config, site, content_dir=content)
    except BaseException:  # the build must fail, and soon
        pass


def test_two_links_back_no_longer_make_the_build_endless(make_archive):
    """`up -> ..` and `up2 -> ..` in pages/: the walk was exponential and never finished, so
    a hostile pull request stalled CI. Now the build stops at once with the errors."""
    archive = make_archive()
    sub = archive.content / "pages" / "sub"
    sub.mkdir()
    os.symlink("..", sub / "up")
    os.symlink("..", sub / "up2")
    process = multiprocessing.get_context("spawn").Process(
        target=_build_in_a_process, args=(archive.config, archive.root / "site", archive.content))
    process.start()
    process.join(60)  # generous: it takes about two seconds; it used to run for ever
    if process.is_alive():
        process.kill()
        process.join()
        raise AssertionError("the build still walks the pages folder without end")
    assert not (archive.root / "site").exists()


def test_links_that_multiply_the_walk_stop_the_build(make_archive, monkeypatch, capsys):
    """No loop, but each of 16 folders links twice to the next: MkDocs would walk 2**16
    copies of the last one. Past MAX_FOLDERS the check stops with an error."""
    from builder.stages.pages import MAX_FOLDERS

    archive = make_archive()
    pages = archive.content / "pages"
    for level in range(16):
        (pages / f"l{level}").mkdir()
    for level in range(15):
        for name in ("a", "b"):
            os.symlink(f"../l{level + 1}", pages / f"l{level}" / name)
    status, lines = check_lines(archive, monkeypatch, capsys)
    assert status == 1
    assert lines == [f"content/pages: error: links in the pages folder lead MkDocs through more than {MAX_FOLDERS:,} "
                     f"folders [page-too-many-folders]",
                     "    fix: link each folder from one place only, or copy files instead",
                     "archive check: 2 documents; 1 error(s), 0 warning(s)"]


def test_a_link_within_the_pages_folder_is_followed(make_archive, monkeypatch, capsys):
    archive = make_archive()
    pages = archive.content / "pages"
    (pages / "drafts").mkdir()
    (pages / "drafts" / "note.md").write_text("# Note\n\nLinked within the pages folder.\n", encoding="utf-8")
    os.symlink("drafts", pages / "notes")
    with (pages / "about.md").open("a", encoding="utf-8") as about:  # every page is reachable
        about.write("\n[Draft](drafts/note.md), [note](notes/note.md).\n")
    status, lines = check_lines(archive, monkeypatch, capsys)
    assert (status, lines) == (0, ["archive check: 2 documents; 0 error(s), 0 warning(s)"])
    site = archive.build()
    for folder in ("drafts", "notes"):
        assert "Linked within the pages folder." in article(soup_of(site / folder / "note" / "index.html")).get_text()


# --- the pages served are those of the content folder used ------------------------------------

def test_serve_hands_mkdocs_the_pages_of_the_content_folder_it_is_given(make_archive, tmp_path):
    archive = make_archive()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert serve_options(archive.content, empty) == {"docs_dir": str((archive.content / "pages").resolve())}
    bare = make_archive(about=False)
    assert serve_options(bare.content, empty) == {"docs_dir": str(empty.resolve())}


def test_mkdocs_build_with_another_content_folder_publishes_its_pages(make_archive, tmp_path):
    """`mkdocs build` with a mkdocs.yml whose content_dir is one archive's content and whose
    docs_dir is another archive's pages: every page was "outside the archive" and left out."""
    first, other = make_archive(), make_archive()
    (other.content / "pages" / "about.md").write_text("# About\n\nThe other archive's own page.\n", encoding="utf-8")
    text = first.config.read_text(encoding="utf-8")
    assert text.count(f"content_dir: {first.content}\n") == 1
    first.config.write_text(text.replace(f"content_dir: {first.content}\n", f"content_dir: {other.content}\n"),
                            encoding="utf-8")
    site = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(first.config), "-d", str(site)],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "outside" not in done.stderr
    assert "The other archive's own page." in article(soup_of(site / "about" / "index.html")).get_text()
