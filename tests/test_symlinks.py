"""Files outside the archive: a link that leads out of the content folder is refused for
every kind of file the builder reads, nothing of it is published, and a link that stays
inside the archive is followed (issue 16, "Files outside the archive")."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers import GOOD_SOURCES, article, failing_build_log, page_html, soup_of
from builder.bridge.site import build_site
from builder.cli import main
from builder.pipeline import collect

MARKER = "SECRET-7f3a9c-DO-NOT-PUBLISH"
HINT = "    fix: copy what it leads to into the content folder instead of linking to it, or remove the link"


def secret(folder: Path, name: str, text: str) -> Path:
    """A file outside the archive holding the marker."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path.resolve()


def files_holding_marker(root: Path) -> list[str]:
    """Every file under ``root`` (hidden ones, the search index, feed and exports too) that
    holds the marker, as text or anywhere in its bytes."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and not p.is_symlink() and MARKER.encode() in p.read_bytes())


def check_output(archive, monkeypatch, capsys) -> tuple[int, list[str]]:
    monkeypatch.chdir(archive.root)
    status = main(["check"])
    return status, capsys.readouterr().out.splitlines()


def refused(rel: str, target: Path, code: str, what: str = "it was not read") -> list[str]:
    return [f"content/{rel}: error: '{rel}' leads to {target}, outside the archive's content folder; {what} [{code}]",
            HINT]


def test_a_linked_source_is_refused_and_the_rest_builds(make_archive, tmp_path, monkeypatch, capsys):
    target = secret(tmp_path / "elsewhere", "passwd", f"Root account\n\n{MARKER} root:x:0:0\n")
    archive = make_archive()
    os.symlink(target, archive.sources / "passwd.txt")
    status, lines = check_output(archive, monkeypatch, capsys)
    assert status == 1
    assert lines == [*refused("sources/passwd.txt", target, "source-outside-archive"),
                     "archive check: 2 documents; 1 error(s), 0 warning(s)"]
    site = archive.build()  # a refused source drops only that document
    assert (site / "documents" / "nichols-2023" / "index.html").is_file()
    assert not (site / "documents" / "passwd").exists()
    assert (site / "search" / "search_index.json").is_file() and (site / "feed.xml").is_file()
    assert (site / "documents.csv").is_file()
    assert files_holding_marker(site) == []


def test_a_linked_sidecar_is_refused_and_nothing_is_published(make_archive, tmp_path, monkeypatch, capsys, caplog):
    target = secret(tmp_path / "elsewhere", "meta.yml", f"title: {MARKER}\n")
    archive = make_archive(GOOD_SOURCES, {"goodenough-2010.yml": "publication: CNSNews.com\n"})
    os.symlink(target, archive.sources / "nichols-2023.yml")
    status, lines = check_output(archive, monkeypatch, capsys)
    assert status == 1
    assert lines == [*refused("sources/nichols-2023.yml", target, "sidecar-outside-archive"),
                     "archive check: 2 documents; 1 error(s), 0 warning(s)"]
    assert "[sidecar-outside-archive]" in failing_build_log(caplog, archive.config, archive.root / "site", archive.content)
    assert not (archive.root / "site").exists()
    assert files_holding_marker(archive.root) == []


@pytest.mark.parametrize("rel, code, text", [
    ("entities/leak.yml", "entity-outside-archive", f"id: leak\nname: {MARKER}\ntype: person\n"),
    ("topics/leak.yml", "topic-outside-archive", f"id: leak\ntitle: {MARKER}\nphrases: [China]\n"),
    ("annotations/nichols-2023/leak.yml", "annotation-outside-archive",
     f"exact: China opposes\nbody: {MARKER}\nauthor: A\ndate: 2024-01-01\n"),
    ("redirects.yml", "redirects-outside-archive", f"documents:\n  {MARKER.lower()}: nichols-2023\n"),
])
def test_linked_editor_files_are_refused(make_archive, tmp_path, monkeypatch, capsys, caplog, rel, code, text):
    target = secret(tmp_path / "elsewhere", "file.yml", text)
    archive = make_archive()
    link = archive.content / rel
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, link)
    status, lines = check_output(archive, monkeypatch, capsys)
    assert status == 1
    assert lines == [*refused(rel, target, code), "archive check: 2 documents; 1 error(s), 0 warning(s)"]
    assert f"[{code}]" in failing_build_log(caplog, archive.config, archive.root / "site", archive.content)
    assert not (archive.root / "site").exists()
    assert files_holding_marker(archive.root) == []


def test_a_linked_annotation_folder_is_refused(make_archive, tmp_path, monkeypatch, capsys, caplog):
    """A folder link anywhere under content/ (here annotations/<doc> -> elsewhere)."""
    target = secret(tmp_path / "elsewhere" / "notes", "leak.yml",
                    f"exact: China opposes\nbody: {MARKER}\nauthor: A\ndate: 2024-01-01\n")
    archive = make_archive()
    (archive.content / "annotations").mkdir()
    os.symlink(target.parent, archive.content / "annotations" / "nichols-2023")
    status, lines = check_output(archive, monkeypatch, capsys)
    assert status == 1
    assert lines == [*refused("annotations/nichols-2023/leak.yml", target, "annotation-outside-archive"),
                     "archive check: 2 documents; 1 error(s), 0 warning(s)"]
    assert "[annotation-outside-archive]" in failing_build_log(caplog, archive.config, archive.root / "site",
                                                               archive.content)
    assert files_holding_marker(archive.root) == []


def test_linked_pages_are_left_out_of_the_site(make_archive, tmp_path, monkeypatch, capsys):
    """content/pages is MkDocs' docs_dir: MkDocs finds the files itself and copies what is not
    Markdown as it is. A file or folder there leading out of the archive is left out."""
    leak = secret(tmp_path / "elsewhere", "passwd", f"root:x:0:0:{MARKER}\n")
    folder = secret(tmp_path / "elsewhere" / "folder", "page.md", f"# Hidden\n\n{MARKER}\n").parent
    archive = make_archive()
    pages = archive.content / "pages"
    os.symlink(leak, pages / "leak.txt")
    os.symlink(leak, pages / "leak.md")
    os.symlink(folder, pages / "sub")
    status, lines = check_output(archive, monkeypatch, capsys)
    what = "it is left out of the site"
    assert status == 1
    assert lines == [*refused("pages/leak.md", leak, "page-outside-archive", what),
                     *refused("pages/leak.txt", leak, "page-outside-archive", what),
                     *refused("pages/sub", folder, "page-outside-archive", what),
                     "archive check: 2 documents; 3 error(s), 0 warning(s)"]
    site = archive.build()  # the rest of the site builds
    assert not (site / "leak.txt").exists() and not (site / "leak").exists() and not (site / "sub").exists()
    assert (site / "about" / "index.html").is_file()
    assert files_holding_marker(site) == []


def test_a_pages_folder_linked_out_of_the_archive(make_archive, tmp_path, monkeypatch, capsys):
    folder = secret(tmp_path / "elsewhere" / "pages", "about.md", f"# About\n\n{MARKER}\n").parent
    archive = make_archive(about=False)
    os.symlink(folder, archive.content / "pages")
    status, lines = check_output(archive, monkeypatch, capsys)
    assert lines == [*refused("pages", folder, "page-outside-archive", "it is left out of the site"),
                     "archive check: 2 documents; 1 error(s), 0 warning(s)"]
    site = archive.build()
    assert files_holding_marker(site) == []


def test_links_inside_the_archive_are_followed(make_archive, tmp_path):
    """For sources and editor files, anywhere in the content folder; for hand-written pages,
    anywhere in the pages folder (see test_page_links)."""
    archive = make_archive()
    shared = archive.content / "shared"
    shared.mkdir()
    (shared / "story.txt").write_text("A shared story\n\nBy Ann Lee\n\nAnn Lee wrote the shared story's one paragraph.\n",
                                      encoding="utf-8")
    (shared / "ann.yml").write_text("id: ann-lee\nname: Ann Lee\ntype: person\n", encoding="utf-8")
    pages = archive.content / "pages"
    (pages / "drafts" / "media").mkdir(parents=True)
    (pages / "drafts" / "notice.txt").write_text("Hand-written, linked in.\n", encoding="utf-8")
    (pages / "drafts" / "media" / "note.txt").write_text("a file in a linked folder\n", encoding="utf-8")
    os.symlink("../shared/story.txt", archive.sources / "shared-story.txt")
    (archive.content / "entities").mkdir()
    os.symlink("../shared/ann.yml", archive.content / "entities" / "ann-lee.yml")
    os.symlink("drafts/notice.txt", pages / "notice.txt")
    os.symlink("drafts/media", pages / "media")
    archive_model = collect(archive.content)
    assert [d for d in archive_model.diagnostics if d.severity == "error"] == []
    site = archive.build()
    page = article(soup_of(page_html(site, "documents/shared-story.md")))
    assert page.h1.get_text().startswith("A shared story")
    assert page.select_one('a[href$="entities/ann-lee/"]') is not None  # the linked entity file was read
    assert (site / "notice.txt").read_text(encoding="utf-8") == "Hand-written, linked in.\n"
    assert (site / "media" / "note.txt").read_text(encoding="utf-8") == "a file in a linked folder\n"


def test_a_broken_link_is_reported_not_a_crash(make_archive, monkeypatch, capsys):
    archive = make_archive()
    os.symlink("nowhere.txt", archive.sources / "broken.txt")
    status, lines = check_output(archive, monkeypatch, capsys)
    assert status == 1
    assert lines == ["content/sources/broken.txt: error: 'sources/broken.txt' cannot be read: No such file or "
                     "directory [source-unreadable]",
                     "    fix: check that the file exists and can be read (a link must lead to a file)",
                     "archive check: 2 documents; 1 error(s), 0 warning(s)"]


def test_a_named_pipe_does_not_hang_the_check(make_archive, monkeypatch, capsys):
    archive = make_archive()
    os.mkfifo(archive.sources / "pipe.txt")
    status, lines = check_output(archive, monkeypatch, capsys)
    assert lines[0] == "content/sources/pipe.txt: error: 'sources/pipe.txt' is not a regular file; it was not read " \
                       "[source-not-a-file]"


def test_build_site_refuses_linked_pages_when_docs_dir_is_elsewhere(make_archive, tmp_path, caplog):
    """The plugin itself leaves such pages out, whatever folder docs_dir names (here one
    that the pipeline does not check), and says so."""
    leak = secret(tmp_path / "elsewhere", "passwd", f"{MARKER}\n")
    archive = make_archive(about=False)
    docs = archive.content / "sources" / "docs"  # under the content folder, not content/pages
    docs.mkdir()
    os.symlink(leak, docs / "leak.txt")
    text = archive.config.read_text(encoding="utf-8")
    archive.config.write_text(text.replace(str(archive.content / "pages"), str(docs)), encoding="utf-8")
    site = tmp_path / "site"
    build_site(archive.config, site)
    assert not (site / "leak.txt").exists()
    assert files_holding_marker(site) == []
    assert any("leak.txt" in r.getMessage() and "[page-outside-archive]" in r.getMessage() for r in caplog.records)


def test_a_link_put_in_place_after_the_check_is_not_followed(tmp_path, monkeypatch):
    """The file read is the file checked: its real path is opened without following a link,
    so a link swapped in between the check and the open fails instead of being read."""
    from builder.stages import archive_files

    target = secret(tmp_path / "elsewhere", "passwd", f"{MARKER}\n")
    root = tmp_path / "content"
    root.mkdir()
    link = root / "story.txt"
    os.symlink(target, link)
    monkeypatch.setattr(archive_files, "real_path", lambda root, path: path)  # as if it was a file when checked
    with pytest.raises(archive_files.Refused) as refused:
        archive_files.read_inside(root.resolve(), link, "story.txt")
    assert refused.value.kind == "unreadable"
    assert refused.value.message == "'story.txt' cannot be read: Too many levels of symbolic links"


def test_a_linked_sources_folder_is_refused_file_by_file(make_archive, tmp_path, monkeypatch, capsys):
    target = secret(tmp_path / "elsewhere" / "sources", "leak.txt", f"Leak\n\n{MARKER}\n")
    archive = make_archive(about=False)
    for path in archive.sources.iterdir():
        path.unlink()
    archive.sources.rmdir()
    os.symlink(target.parent, archive.sources)
    status, lines = check_output(archive, monkeypatch, capsys)
    assert lines == [*refused("sources/leak.txt", target, "source-outside-archive"),
                     "archive check: 0 documents; 1 error(s), 0 warning(s)"]


def test_a_broken_link_as_redirects_file_is_reported(make_archive, monkeypatch, capsys):
    archive = make_archive()
    os.symlink("gone.yml", archive.content / "redirects.yml")
    status, lines = check_output(archive, monkeypatch, capsys)
    assert status == 1
    assert lines[0] == "content/redirects.yml: error: 'redirects.yml' cannot be read: No such file or directory " \
                       "[redirects-unreadable]"


@pytest.mark.parametrize("rel, code", [
    ("annotations/nichols-2023/x.yml", "annotation-not-a-file"),
    ("topics/t.yml", "topic-not-a-file"),
    ("entities/e.yml", "entity-not-a-file"),
    ("redirects.yml", "redirects-not-a-file"),
    ("sources/nichols-2023.yml", "sidecar-not-a-file"),
])
def test_a_folder_named_like_a_file_is_reported_not_a_crash(make_archive, monkeypatch, capsys, rel, code):
    """A folder opens like a file; reading it raised IsADirectoryError (a traceback from
    `archive check`)."""
    archive = make_archive()
    (archive.content / rel).unlink(missing_ok=True)
    (archive.content / rel).mkdir(parents=True)
    status, lines = check_output(archive, monkeypatch, capsys)
    assert status == 1
    assert lines == [f"content/{rel}: error: '{rel}' is a folder, not a file; it was not read [{code}]",
                     "    fix: rename the folder (its name ends like a file the builder reads), or remove it",
                     "archive check: 2 documents; 1 error(s), 0 warning(s)"]


def test_read_inside_refuses_a_folder_and_a_link_loop(tmp_path):
    from builder.stages.archive_files import Refused, read_inside

    root = tmp_path.resolve()
    (root / "folder.yml").mkdir()
    os.symlink("b.yml", root / "a.yml")
    os.symlink("a.yml", root / "b.yml")
    with pytest.raises(Refused) as folder:
        read_inside(root, root / "folder.yml", "folder.yml")
    assert (folder.value.kind, folder.value.message) == ("not-a-file", "'folder.yml' is a folder, not a file; it was "
                                                                       "not read")
    with pytest.raises(Refused) as looped:
        read_inside(root, root / "a.yml", "a.yml")
    assert (looped.value.kind, looped.value.message) == ("unreadable", "'a.yml' cannot be read: Too many levels of "
                                                                       "symbolic links")
