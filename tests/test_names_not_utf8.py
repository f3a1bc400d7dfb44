"""A file or folder whose name is not UTF-8 (Latin-1 bytes from an old system or a zip file)
is reported, named with a replacement character, and left out; the rest of the archive builds."""

from __future__ import annotations

import os

from helpers import GOOD_SIDECARS, GOOD_SOURCES, make_tiny_archive

HINT = ("rename it in UTF-8; names from an old system are often Latin-1, which this renames (run in the "
        "archive's folder): convmv -f latin1 -t utf8 -r --notest content/sources")


def _write(folder, name: bytes, data: bytes) -> None:
    os.makedirs(os.fsencode(folder), exist_ok=True)
    with open(os.path.join(os.fsencode(folder), name), "wb") as file:
        file.write(data)


def test_a_source_and_a_folder_named_in_latin1_are_reported_and_the_rest_builds(tmp_path):
    archive = make_tiny_archive(tmp_path / "archive", GOOD_SOURCES, GOOD_SIDECARS)
    _write(archive.sources, b"caf\xe9.txt", b"A cafe\n\nThe cafe opened on Monday.\n")
    _write(archive.sources / os.fsdecode(b"r\xe9sum\xe9s"), b"one.txt", b"One\n\nThe first of them.\n")
    found = archive.collect()
    problems = [(d.severity, d.path, d.code, d.message, d.hint) for d in found.diagnostics]
    assert problems == [
        ("error", "sources/caf\ufffd.txt", "source-name-not-utf8",
         "the name of the file 'sources/caf\ufffd.txt' is not UTF-8 (shown with '\ufffd' for each byte that is "
         "not); it was left out of the archive", HINT),
        ("error", "sources/r\ufffdsum\ufffds", "source-name-not-utf8",
         "the name of the folder 'sources/r\ufffdsum\ufffds' is not UTF-8 (shown with '\ufffd' for each byte "
         "that is not); its files were not read", HINT),
    ]
    assert found.blocking_errors == []
    assert sorted(d.id for d in found.documents) == ["goodenough-2010", "nichols-2023"]
    site = archive.build()
    assert sorted(p.name for p in (site / "documents").iterdir()) == ["goodenough-2010", "nichols-2023"]


def test_a_hand_written_page_named_in_latin1_is_left_out_of_the_site(tmp_path):
    archive = make_tiny_archive(tmp_path / "archive", GOOD_SOURCES, GOOD_SIDECARS)
    _write(archive.content / "pages", b"m\xe9mo.md", b"# Memo\n\nA page.\n")
    _write(archive.content / "pages" / os.fsdecode(b"pi\xe8ces"), b"one.md", b"# One\n\nA page.\n")
    found = archive.collect()
    hint = HINT.replace("content/sources", "content/pages")
    assert [(d.severity, d.path, d.code, d.message, d.hint) for d in found.diagnostics] == [
        ("error", "pages/m\ufffdmo.md", "page-name-not-utf8",
         "the name of the file 'pages/m\ufffdmo.md' is not UTF-8 (shown with '\ufffd' for each byte that is not); "
         "it is left out of the site", hint),
        ("error", "pages/pi\ufffdces", "page-name-not-utf8",
         "the name of the folder 'pages/pi\ufffdces' is not UTF-8 (shown with '\ufffd' for each byte that is not); "
         "its files are left out of the site", hint),
    ]
    assert found.blocking_errors == []
    site = archive.build()
    assert (site / "about" / "index.html").is_file() and (site / "documents" / "nichols-2023" / "index.html").is_file()
    assert [p for p in site.rglob("*") if not p.name.isascii()] == []  # neither page, nor its folder


def test_folders_named_in_another_script_give_their_files_distinct_ids(tmp_path):
    """Review of issue 20, finding 6: news/001.txt and sport/001.txt in Chinese were one id."""
    archive = make_tiny_archive(tmp_path / "archive", {
        "新闻/001.txt": "新闻标题\n\n市议会周一批准了新计划。\n", "体育/001.txt": "体育标题\n\n主队在雨中赢得了比赛。\n"}, {})
    found = archive.collect()
    assert [d for d in found.diagnostics if d.severity != "info"] == []
    assert sorted((d.source.path, d.id) for d in found.documents) == [
        ("sources/体育/001.txt", "ti-yu-001-9e6dee"), ("sources/新闻/001.txt", "xin-wen-001-69c8f4")]
