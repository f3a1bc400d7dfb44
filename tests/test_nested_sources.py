"""Sources in folders (issue 20): every source under content/sources, at any depth, is read;
its id comes from its path (business/001.txt -> business-001), a top-level file keeps the id
of its name; its sidecar sits beside it; links to folders keep to the content folder, and each
folder is read once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from builder.cli import main
from builder.pipeline import collect
from builder.stages.source_tree import source_id

WORDS = ("harbour", "council", "ferry", "tariff", "orchard", "quarry", "lantern", "meadow", "granary", "viaduct",
         "foundry", "tannery", "brewery", "chapel", "market", "bridge")


def story(n: int) -> str:
    """A short story of words of its own (no two are alike enough to be reported as copies)."""
    words = [WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(12)]
    return (f"The {words[0]} story number {n}\n\n"
            f"On Monday the {words[1]} of the {words[2]} met the {words[3]} and the {words[4]} about the {words[5]}.\n\n"
            f"Story {n} says the {words[6]} will open near the {words[7]} by {1990 + n}, after the {words[8]}.\n")


def problems(archive) -> list[tuple]:
    return [(d.severity, d.path, d.code, d.message, d.hint) for d in archive.diagnostics]


@pytest.mark.parametrize("path, doc_id", [
    ("business/001.txt", "business-001"),
    ("sport/2019/001.txt", "sport-2019-001"),
    ("www.example.org/2019/05/story/index.html", "www-example-org-2019-05-story-index"),
    ("Café Society.txt", "cafe-society"),  # a file at the top: the slug of its name, as it always was
    ("UN_report 2013 (final).txt", "un-report-2013-final"),
    ("a.b/c", "a-b-c"),
    ("中国/新闻.html", "zhong-guo-xin-wen-94961f"),  # another script: spelled in Latin letters, with a short hash
    ("★/☆.html", ""),
])
def test_an_id_is_the_slug_of_the_path_without_its_ending(path, doc_id):
    assert source_id(path) == doc_id


def test_sources_in_folders_at_any_depth_are_read(make_archive):
    archive = make_archive({"top.txt": story(1), "business/001.txt": story(2), "business/002.txt": story(3),
                            "sport/001.txt": story(4), "sport/2019/final/001.txt": story(5),
                            "site.org/2019/a/index.html": f"<html><body><article><h1>Page</h1><p>{story(6) * 3}"
                                                          "</p></article></body></html>",
                            "business/.hidden.txt": story(7), ".drafts/x.txt": story(8), "sport/.git/y.txt": story(9)},
                           {}, about=False)
    found = archive.collect()
    assert problems(found) == []
    assert {d.id: d.source.path for d in found.documents} == {
        "top": "sources/top.txt", "business-001": "sources/business/001.txt", "business-002": "sources/business/002.txt",
        "sport-001": "sources/sport/001.txt", "sport-2019-final-001": "sources/sport/2019/final/001.txt",
        "site-org-2019-a-index": "sources/site.org/2019/a/index.html"}
    # Nearer the top first, then by path: the order in which ids are given out.
    assert [d.id for d in found.documents] == ["top", "business-001", "business-002", "sport-001",
                                               "site-org-2019-a-index", "sport-2019-final-001"]


def test_two_paths_giving_one_id_are_reported_and_the_file_nearer_the_top_keeps_it(make_archive):
    archive = make_archive({"business-001.txt": story(1), "business/001.txt": story(2), "Business/001.txt": story(3),
                            "a/b-c.txt": story(4), "a-b/c.txt": story(5)}, {}, about=False)
    found = archive.collect()
    assert problems(found) == [  # (by path)
        ("error", "sources/Business/001.txt", "source-duplicate-id",
         "'Business/001.txt' gets the id 'business-001', already used by sources/business-001.txt",
         "rename one of the two files"),
        ("error", "sources/a/b-c.txt", "source-duplicate-id",
         "'a/b-c.txt' gets the id 'a-b-c', already used by sources/a-b/c.txt", "rename one of the two files"),
        ("error", "sources/business/001.txt", "source-duplicate-id",
         "'business/001.txt' gets the id 'business-001', already used by sources/business-001.txt",
         "rename one of the two files"),
    ]
    assert [d.source.path for d in found.documents] == ["sources/business-001.txt", "sources/a-b/c.txt"]
    assert found.blocking_errors == []  # a source that cannot be read only leaves itself out


def test_unsupported_and_nameless_files_in_folders_are_reported_with_their_paths(make_archive):
    archive = make_archive({"business/001.txt": story(1), "business/scan.pdf": b"%PDF-1.4", "★/☆.txt": story(2)},
                           {}, about=False)
    assert problems(archive.collect()) == [
        ("warning", "sources/business/scan.pdf", "source-unsupported",
         "'business/scan.pdf' is not a supported source type and was skipped",
         "source documents end in .txt, .html or .htm"),
        ("error", "sources/★/☆.txt", "source-bad-name", "'★/☆.txt' has no letters or digits to make an id from",
         "rename the file, e.g. my-document.txt"),
    ]


def test_a_sidecar_sits_beside_its_source_in_its_folder(make_archive):
    archive = make_archive({"business/001.txt": story(1), "sport/001.txt": story(2)},
                           {"business/001.yml": "title: Rates rise\ndate: 2005-03-14\n", "sport/001.yml": "date: 2006\n",
                            "sport/002.yml": "date: 2007\n", "sport/01.yml": "date: 2008\n",
                            "sport/old/x.yml": "date: 2009\n"}, about=False)
    found = archive.collect()
    docs = {d.id: d for d in found.documents}
    assert (docs["business-001"].metadata.title, docs["business-001"].metadata.date) == ("Rates rise", "2005-03-14")
    assert docs["business-001"].sidecar == "sources/business/001.yml"
    assert (docs["sport-001"].metadata.date, docs["sport-001"].origins["date"]) == ("2006", "editor")
    assert problems(found) == [
        ("error", "sources/sport/002.yml", "sidecar-orphan", "sidecar 'sport/002.yml' belongs to no source document",
         "did you mean 'sport/001.yml'?"),
        ("error", "sources/sport/01.yml", "sidecar-orphan", "sidecar 'sport/01.yml' belongs to no source document",
         "did you mean 'sport/001.yml'?"),
        ("error", "sources/sport/old/x.yml", "sidecar-orphan", "sidecar 'sport/old/x.yml' belongs to no source document",
         "name it after its source file: <name>.yml next to <name>.txt"),
    ]


def test_a_sidecar_in_another_folder_than_its_source_is_an_orphan(make_archive):
    archive = make_archive({"business/001.txt": story(1)}, {"001.yml": "title: Misplaced\n"}, about=False)
    found = archive.collect()
    assert found.documents[0].metadata.title != "Misplaced"
    assert problems(found) == [("error", "sources/001.yml", "sidecar-orphan",
                                "sidecar '001.yml' belongs to no source document",
                                "did you mean 'business/001.yml'? (a sidecar sits beside its source)")]


# --- links to folders ----------------------------------------------------------------------

def test_a_folder_linked_out_of_the_archive_is_refused_once_and_nothing_of_it_is_read(make_archive, tmp_path,
                                                                                      monkeypatch, capsys):
    elsewhere = tmp_path / "elsewhere" / "corpus"
    (elsewhere / "deeper").mkdir(parents=True)
    for path in (elsewhere / "leak.txt", elsewhere / "deeper" / "leak.txt"):
        path.write_text(story(9), encoding="utf-8")
    archive = make_archive({"business/001.txt": story(1)}, {}, about=False)
    os.symlink(elsewhere, archive.sources / "business" / "linked")
    monkeypatch.chdir(archive.root)
    assert main(["check", "--since", ""]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"content/sources/business/linked: error: 'sources/business/linked' leads to {elsewhere.resolve()}, outside "
        "the archive's content folder; it was not read [source-outside-archive]",
        "    fix: copy what it leads to into the content folder instead of linking to it, or remove the link",
        "archive check: 1 documents; 1 error(s), 0 warning(s)",
    ]


def test_a_sources_folder_linked_out_of_the_archive_refuses_its_folders_once_each(make_archive, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "sub" / "deeper").mkdir(parents=True)
    (elsewhere / "top.txt").write_text(story(1), encoding="utf-8")
    (elsewhere / "sub" / "a.txt").write_text(story(2), encoding="utf-8")
    archive = make_archive(files={"pages/x.md": "# X\n"}, about=False)
    archive.sources.rmdir()
    os.symlink(elsewhere, archive.sources)
    found = archive.collect()
    assert found.documents == []
    assert [(d.path, d.code) for d in found.diagnostics] == [("sources/sub", "source-outside-archive"),
                                                             ("sources/top.txt", "source-outside-archive")]


def test_a_folder_linked_within_the_archive_is_read_once(make_archive):
    """Read where it is when that is under sources/ (its files keep their own folder's ids); a
    link to a folder elsewhere in the content folder is followed; a link to a folder already
    read, or to a folder holding it, is reported and not followed."""
    archive = make_archive({"business/001.txt": story(1), "sport/001.txt": story(2)},
                           {}, files={"extra/more/002.txt": story(3)}, about=False)
    os.symlink("../business", archive.sources / "sport" / "a-business")  # read already, from business/
    os.symlink("../../extra", archive.sources / "sport" / "extra")  # elsewhere in the content folder: followed
    os.symlink("..", archive.sources / "business" / "up")  # holds the link: a loop
    os.symlink("../sources", archive.content / "extra" / "back")  # a loop through the followed folder
    found = archive.collect()
    assert {d.id: d.source.path for d in found.documents} == {
        "business-001": "sources/business/001.txt", "sport-001": "sources/sport/001.txt",
        "sport-extra-more-002": "sources/sport/extra/more/002.txt"}
    assert problems(found) == [
        ("warning", "sources/business/up", "source-link-loop",
         "'sources/business/up' leads to 'sources', a folder that holds it; it was not followed (each folder's files "
         "are read once)", "remove the link"),
        ("warning", "sources/sport/a-business", "source-folder-again",
         "'sources/sport/a-business' leads to 'sources/business', whose files are read already; it was not followed "
         "(each folder's files are read once)", "remove the link: the files keep the ids their own folder gives them"),
        ("warning", "sources/sport/extra/back", "source-folder-again",
         "'sources/sport/extra/back' leads to 'sources', whose files are read already; it was not followed "
         "(each folder's files are read once)", "remove the link: the files keep the ids their own folder gives them"),
    ]


def test_a_folder_that_cannot_be_listed_is_reported_and_the_rest_is_read(make_archive, monkeypatch):
    archive = make_archive({"business/001.txt": story(1), "locked/002.txt": story(2)}, {}, about=False)
    locked, scandir = archive.sources / "locked", os.scandir

    def refusing(path):  # (the tests run as root, who may list any folder: the refusal is played)
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied")
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    found = archive.collect()
    assert [d.id for d in found.documents] == ["business-001"]
    assert problems(found) == [("error", "sources/locked", "source-folder-unreadable",
                                "the folder 'sources/locked' cannot be read: Permission denied; its files were not read",
                                "check that the folder exists and can be read")]


def test_a_deep_tree_is_walked_without_recursion(make_archive, tmp_path):
    archive = make_archive({"top.txt": story(1)}, {}, about=False)
    folder = archive.sources
    for _ in range(60):  # deeper than a recursive walk at 50 frames would allow
        folder = folder / "d"
    folder.mkdir(parents=True)
    (folder / "deep.txt").write_text(story(2), encoding="utf-8")
    import sys

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(120)
    try:
        found = collect(archive.content)
    finally:
        sys.setrecursionlimit(limit)
    assert [d.id for d in found.documents] == ["top", "-".join(["d"] * 60) + "-deep"]


def test_a_date_from_name_with_a_slash_reads_the_path_under_sources(make_archive):
    settings = 'defaults:\n  - sources: "*"\n    date_from_name: "*/{year}/{month}/{day}/*"\n'
    archive = make_archive({"example.org/2019/05/14/story/index.txt": story(1), "example.org/about.txt": story(2)},
                           {}, files={"collection.yml": settings}, about=False)
    found = archive.collect()
    assert {d.id: (d.metadata.date, d.origins.get("date")) for d in found.documents} == {
        "example-org-2019-05-14-story-index": ("2019-05-14", "collection"), "example-org-about": ("", None)}
    assert problems(found) == []


@pytest.mark.parametrize("text", ["", "# defaults:\n#   - sources: \"*\"\n#     authors: []\n"])
def test_a_collection_file_of_comments_only_is_no_setting_and_no_problem(make_archive, text):
    archive = make_archive({"business/001.txt": story(1)}, {}, files={"collection.yml": text}, about=False)
    found = archive.collect()
    assert problems(found) == []
    assert found.documents[0].defaults == {}


def test_many_files_of_one_unsupported_ending_are_one_warning_with_their_count(make_archive):
    """A captured site's images would bury every other message: more than ten of one ending
    are counted in one warning naming three; ten or fewer are reported one by one."""
    files = {f"site.org/img/{n:02d}.png": b"\x89PNG" for n in range(12)}
    files.update({f"site.org/css/{n}.css": "body{}" for n in range(2)})
    archive = make_archive({"site.org/index.html": PAGE_TEXT, **files}, {}, about=False)
    assert problems(archive.collect()) == [
        ("warning", "sources", "source-unsupported",
         "12 files ending in '.png' are not a supported source type and were skipped: 'site.org/img/00.png', "
         "'site.org/img/01.png', 'site.org/img/02.png' and 9 more",
         "source documents end in .txt, .html or .htm; move the others out of sources/, or into a hidden folder "
         "(such as sources/.assets/), whose files are passed over"),
        ("warning", "sources/site.org/css/0.css", "source-unsupported",
         "'site.org/css/0.css' is not a supported source type and was skipped", "source documents end in .txt, .html or .htm"),
        ("warning", "sources/site.org/css/1.css", "source-unsupported",
         "'site.org/css/1.css' is not a supported source type and was skipped", "source documents end in .txt, .html or .htm"),
    ]


def test_compressed_sources_are_told_to_be_decompressed(make_archive):
    import gzip

    many = {f"captures/{n:02d}.html.gz": gzip.compress(PAGE_TEXT.encode()) for n in range(11)}
    archive = make_archive({"one.txt.gz": gzip.compress(story(1).encode()), **many}, {}, about=False)
    assert problems(archive.collect()) == [
        ("warning", "sources", "source-unsupported",
         "11 files ending in '.html.gz' are not a supported source type and were skipped: 'captures/00.html.gz', "
         "'captures/01.html.gz', 'captures/02.html.gz' and 8 more",
         "they are compressed: decompress them (gunzip) and the files they give are read"),
        ("warning", "sources/one.txt.gz", "source-unsupported", "'one.txt.gz' is not a supported source type and was "
         "skipped", "it is compressed: decompress it (gunzip) and the .txt file it gives is read"),
    ]


PAGE_TEXT = ("<html><head><title>Harbour page</title></head><body><article><h1>Harbour page</h1><p>"
             + "The harbour board met on Monday to approve a new ferry timetable for the islands. " * 4
             + "</p></article></body></html>")
