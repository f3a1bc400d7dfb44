"""Sources in folders, in everything that names a source by its path or its id (issue 20):
the document page and its published original, exports, annotations, `archive quote`,
`archive review`, copies, redirects and `archive check --since`, collection.yml's folder
patterns; and a rebuild after adding, editing, moving or deleting a nested source is the
site a clean build makes."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest

from builder.bridge.site import build_site
from builder.cli import main
from builder.pipeline import collect as collect_content
from helpers import article, make_tiny_archive, meta_rows, page_soup, site_target, tree_digest
from test_nested_sources import story

PAGE = ("<html><head><title>Harbour page</title></head><body><article><h1>Harbour page</h1><p>"
        + "The harbour board met on Monday to approve a new ferry timetable for the islands. " * 4
        + "</p></article></body></html>")
NESTED = {"business/001.txt": story(1), "business/002.txt": story(2), "sport/001.txt": story(3),
          "site.org/2019/harbour/index.html": PAGE, "top.txt": story(4)}


@pytest.fixture
def nested(make_archive, monkeypatch):
    archive = make_archive(NESTED, {"business/001.yml": "title: Rates rise\n"})
    monkeypatch.chdir(archive.root)
    return archive


def original_link(site: Path, doc_id: str) -> tuple[str, Path]:
    """The document page's link to its published original: its text, and the file its "download"
    link leads to (the first link leads to the original's page, that file's name and ``.html``)."""
    page = f"documents/{doc_id}.md"
    shown, download = meta_rows(page_soup(site, page))["Source"].find_all("a")
    assert download.get_text() == "download"
    target = site / unquote(site_target(page, download["href"]))
    assert site / unquote(site_target(page, shown["href"])) == target.with_name(target.name + ".html")
    return shown.get_text(), target


def test_the_page_offers_the_original_of_a_nested_source_and_the_exports_name_its_path(nested):
    site = nested.build()
    label, target = original_link(site, "business-001")
    assert target.read_bytes() == (nested.sources / "business" / "001.txt").read_bytes()
    assert target == site / "sources" / "business" / "001.txt"
    label, target = original_link(site, "site-org-2019-harbour-index")
    assert label == "view the captured original"
    assert target.read_bytes() == PAGE.encode("utf-8")
    assert target == site / "sources" / "site.org" / "2019" / "harbour" / "index.html.txt"
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO((site / "documents.csv").read_text(encoding="utf-8")))}
    assert {doc_id: (row["source"], row["page"]) for doc_id, row in rows.items()} == {
        "business-001": ("sources/business/001.txt", "documents/business-001/"),
        "business-002": ("sources/business/002.txt", "documents/business-002/"),
        "sport-001": ("sources/sport/001.txt", "documents/sport-001/"),
        "site-org-2019-harbour-index": ("sources/site.org/2019/harbour/index.html",
                                        "documents/site-org-2019-harbour-index/"),
        "top": ("sources/top.txt", "documents/top/")}
    assert article(page_soup(site, "documents/business-001.md")).h1.get_text().startswith("Rates rise")


def test_an_original_whose_name_some_systems_refuse_is_published_under_a_name_every_system_takes(make_archive):
    """A captured page saved with its query (view.php?id=3.html) is offered with '?' written %3F,
    so the offline zip unzips on every system; '%' is written too, so no two names become one."""
    archive = make_archive({"site.org/view.php?id=3.html": PAGE, "site.org/view.php%3Fid=3.txt": story(1),
                            "notes: 100%.txt": story(2), "plain name.txt": story(3)}, {})
    site = archive.build()
    published = {doc_id: original_link(site, doc_id)[1].relative_to(site).as_posix()
                 for doc_id in ("site-org-view-php-id-3", "site-org-view-php-3fid-3", "notes-100", "plain-name")}
    assert published == {"site-org-view-php-id-3": "sources/site.org/view.php%3Fid=3.html.txt",
                         "site-org-view-php-3fid-3": "sources/site.org/view.php%253Fid=3.txt",
                         "notes-100": "sources/notes%3A 100%25.txt", "plain-name": "sources/plain name.txt"}
    assert (site / published["site-org-view-php-id-3"]).read_bytes() == PAGE.encode("utf-8")
    assert (site / published["notes-100"]).read_bytes() == story(2).encode("utf-8")


def test_quote_names_a_nested_document_by_its_id_or_its_source_file(nested, capsys):
    passage = "will open near the"
    for name in ("sport-001", "sources/sport/001.txt", "sport/001.txt", "content/sources/sport/001.txt"):
        assert main(["quote", name, passage]) == 0, name
        out = capsys.readouterr().out
        assert out.startswith("# Save as content/annotations/sport-001/<annotation-id>.yml\nexact: will open near the\n")
    assert main(["quote", "sport/01.txt", passage]) == 1
    assert capsys.readouterr().err == ("archive quote: no document's source file is 'sport/01.txt'; did you mean "
                                       "'sources/sport/001.txt'?\n")


def test_an_annotation_on_a_nested_document_is_anchored_and_shown(nested):
    nested.write({"annotations/sport-001/note.yml": "exact: will open near the\nbody: Opened late.\nauthor: Ann\n"
                                                    "date: 2024-01-01\n"})
    found = nested.collect()
    assert [d for d in found.diagnostics if d.path.startswith("annotations/")] == []
    site = nested.build()
    assert "Opened late." in article(page_soup(site, "documents/sport-001.md")).get_text()


def test_review_and_copies_name_nested_sources_by_their_paths(make_archive, monkeypatch, capsys):
    archive = make_archive({"business/001.txt": story(1), "sport/001.txt": story(1), "sport/002.txt": story(2)}, {})
    monkeypatch.chdir(archive.root)
    assert main(["check", "--since", ""]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "content/sources/sport/001.txt: warning: 'sources/sport/001.txt' is a byte-identical copy of "
        "'sources/business/001.txt' [duplicate-identical]",
        "    fix: add 'duplicate_of: business-001' to sources/sport/001.yml (its page then forwards to the original), "
        "or delete 'sources/sport/001.txt'; if they are different documents, add 'not_duplicate_of: [business-001]' "
        "to sources/sport/001.yml",
        "archive check: 3 documents; 0 error(s), 1 warning(s)"]
    assert main(["review", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "    sources/business/001.txt\n" in out
    assert "    sources/sport/001.txt: a byte-identical copy of 'sources/business/001.txt'\n" in out
    archive.write({"sources/sport/001.yml": "duplicate_of: business-001\n"})
    site = archive.build()
    forward = (site / "documents" / "sport-001" / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../business-001/">' in forward


FOLDER_SETTINGS = """\
defaults:
  - sources: "*"
    authors: []
  - sources: business/*
    section: Business
  - sources: ["*/2019/*"]
    publication: Site
    date_from_name: "*/{year}/*"
  - sources: ["*/2019"]
    section: Nothing
  - sources: busines/*
    section: Typo
  - sources: [sport/, ../x/*, sport//*]
    section: Wrong
  - sources: [nowhere/*.txt]
    section: Nowhere
  - sources: 2019/harbour/*
    section: Moved
"""


def test_collection_patterns_with_folders(nested, capsys):
    nested.write({"collection.yml": FOLDER_SETTINGS})
    assert main(["check", "--since", ""]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "content/collection.yml:9:15: warning: no source file's path matches '*/2019' [collection-matches-nothing]",
        "    fix: for the files in that folder, write '*/2019/*'",
        "content/collection.yml:11:14: warning: no source file's path matches 'busines/*' [collection-matches-nothing]",
        "    fix: did you mean 'business/*'? (a folder of sources/)",
        "content/collection.yml:13:15: error: the pattern 'sport/' ends with '/' [collection-pattern]",
        "    fix: for every file in that folder, write 'sport/*'",
        "content/collection.yml:13:23: error: the pattern '../x/*' has an empty folder name, '.' or '..' between its "
        "'/' [collection-pattern]",
        "    fix: write the path under sources/ with one '/' between folder names, e.g. 'business/*'",
        "content/collection.yml:13:31: error: the pattern 'sport//*' has an empty folder name, '.' or '..' between "
        "its '/' [collection-pattern]",
        "    fix: write the path under sources/ with one '/' between folder names, e.g. 'business/*'",
        "content/collection.yml:15:15: warning: no source file's path matches 'nowhere/*.txt' "
        "[collection-matches-nothing]",
        "    fix: check the pattern against the paths in sources/, such as 'business/001.txt' ('*' matches any run of "
        "characters, '/' included)",
        "content/collection.yml:17:14: warning: no source file's path matches '2019/harbour/*' "
        "[collection-matches-nothing]",
        "    fix: did you mean 'site.org/2019/harbour/*'? (a folder in sources/site.org/)",
        "archive check: 5 documents; 3 error(s), 4 warning(s)"]
    nested.write({"collection.yml": FOLDER_SETTINGS.split("  - sources: [\"*/2019\"]")[0]})
    docs = {doc.id: doc for doc in nested.collect().documents}
    fields = {doc_id: (doc.metadata.section, doc.metadata.publication, doc.metadata.date, doc.metadata.authors,
                       doc.origins.get("authors")) for doc_id, doc in docs.items()}
    assert fields == {"business-001": ("Business", "", "", (), "collection"),
                      "business-002": ("Business", "", "", (), "collection"),
                      "sport-001": ("", "", "", (), "collection"),
                      "site-org-2019-harbour-index": ("", "Site", "2019", (), "collection"),
                      "top": ("", "", "", (), "collection")}


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@t", "HOME": str(folder), "PATH": "/usr/bin:/bin"})


def test_check_since_finds_a_nested_source_moved_to_another_folder(nested, capsys):
    nested.write({"sources/Café au lait.txt": story(7), "sources/über/straße.txt": story(8)})
    _git(nested.root, "init", "-q")
    _git(nested.root, "add", "-A")
    _git(nested.root, "commit", "-qm", "first")
    assert main(["check"]) == 0  # names that are not ASCII are read from git as they are: nothing vanished
    assert capsys.readouterr().out.splitlines() == ["archive check: 7 documents; 0 error(s), 0 warning(s)"]
    (nested.sources / "old" / "business").mkdir(parents=True)
    (nested.sources / "business" / "002.txt").rename(nested.sources / "old" / "business" / "002.txt")
    assert main(["check"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "content/redirects.yml: warning: the document id 'business-002' existed at HEAD and is gone; its URL "
        "documents/business-002/ will break [redirect-missing]",
        "    fix: in redirects.yml, add 'business-002: old-business-002' under 'documents:' ('old-business-002' is new "
        "since HEAD)",
        "archive check: 7 documents; 0 error(s), 1 warning(s)"]
    nested.write({"redirects.yml": "documents:\n  business-002: old-business-002\n"})
    assert main(["check"]) == 0
    assert capsys.readouterr().out.splitlines() == ["archive check: 7 documents; 0 error(s), 0 warning(s)"]


def _clean_build_of(archive, folder: Path) -> dict[str, str]:
    clean = make_tiny_archive(folder, {}, {})
    shutil.rmtree(clean.content)
    shutil.copytree(archive.content, clean.content)
    clean.build()
    return tree_digest(clean.site())


@pytest.mark.parametrize("edit", ["add", "edit", "move", "delete", "sidecar"])
def test_a_rebuild_after_a_nested_source_changes_is_a_clean_build(nested, tmp_path, edit):
    nested.write({"annotations/sport-001/note.yml": "exact: will open near the\nbody: Opened late.\nauthor: Ann\n"
                                                    "date: 2024-01-01\n"})
    first = build_site(nested.config, nested.site(), content_dir=nested.content)
    assert first.computed == 5
    business = nested.sources / "business"
    if edit == "add":
        nested.write({"sources/business/2020/003.txt": story(9)})
    elif edit == "edit":
        (business / "002.txt").write_text(story(2).replace("story number", "report number"), encoding="utf-8")
    elif edit == "move":
        (nested.sources / "archive").mkdir()
        business.rename(nested.sources / "archive" / "business")
    elif edit == "delete":
        (business / "002.txt").unlink()
    else:
        nested.write({"sources/business/002.yml": "title: Rates fall\n"})
    again = build_site(nested.config, nested.site(), content_dir=nested.content)
    assert again.computed == {"add": 1, "edit": 1, "move": 2, "delete": 0, "sidecar": 1}[edit]
    assert tree_digest(nested.site()) == _clean_build_of(nested, tmp_path / "clean")


def test_a_new_archive_s_readme_example_of_collection_yml_works_on_sources_in_folders(tmp_path, monkeypatch, capsys):
    """`archive new` explains sources in folders and collection.yml; its example, used as it
    is, gives what it says."""
    monkeypatch.chdir(tmp_path)
    assert main(["new", "corpus"]) == 0
    root = tmp_path / "corpus"
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "`sources/business/001.txt`" in readme and "(`business-001`)" in readme
    example = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    (root / "content" / "collection.yml").write_text(example, encoding="utf-8")
    sources = root / "content" / "sources"
    (sources / "business").mkdir()
    (sources / "business" / "2005-03-14-rates.txt").write_text(story(1), encoding="utf-8")
    (sources / "2005-04-02-weather.txt").write_text(story(2), encoding="utf-8")
    monkeypatch.chdir(root)
    capsys.readouterr()
    assert main(["check"]) == 0
    assert capsys.readouterr().out == "archive check: 2 documents; 0 error(s), 0 warning(s)\n"
    docs = {doc.id: doc.metadata for doc in collect_content(root / "content").documents}
    assert {doc_id: (meta.publication, meta.authors, meta.date, meta.section) for doc_id, meta in docs.items()} == {
        "business-2005-03-14-rates": ("BBC News", (), "2005-03-14", "Business"),
        "2005-04-02-weather": ("BBC News", (), "2005-04-02", "")}
