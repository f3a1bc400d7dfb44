"""Stage read: which files become documents, and their stable ids."""

from __future__ import annotations

import pytest

import builder.stages.read as read
from builder.model import Metadata
from builder.pipeline import collect
from builder.slugs import slugify
from builder.stages.html_source import WebPageReader
from builder.stages.source_reader import Reading
from builder.stages.text_source import TextReader
from helpers import REPO_CONTENT, make_tiny_archive

TEXT = "A headline for the story\n\nThe council met on Monday.\n"


@pytest.mark.parametrize("name, slug", [
    ("china-backs-ban-ki-moon", "china-backs-ban-ki-moon"),
    ("Café Society!", "cafe-society"),
    ("  Why China Won’t Stop  ", "why-china-wont-stop"),
    ("UN_report 2013 (final)", "un-report-2013-final"),
    ("中国", "zhong-guo-f0e952"),  # another script spelled in Latin letters (tests/test_slugs.py)
    ("---", ""),
])
def test_slugify(name, slug):
    assert slugify(name) == slug


def diagnostics(archive):
    return [(d.severity, d.path, d.code, d.message, d.hint) for d in archive.diagnostics]


def test_ids_come_from_file_names(tmp_path):
    archive = make_tiny_archive(tmp_path / "a", {"Café Society.txt": TEXT, "upper.TXT": TEXT, "plain.txt": TEXT},
                                {}, about=False)
    found = collect(archive.content)
    assert sorted(d.id for d in found.documents) == ["cafe-society", "plain", "upper"]
    assert {d.id: d.source.path for d in found.documents}["cafe-society"] == "sources/Café Society.txt"
    # Nothing wrong with the names; the three files are copies of one text, and are reported as such.
    assert [(d.path, d.code) for d in found.diagnostics] == [("sources/plain.txt", "duplicate-identical"),
                                                             ("sources/upper.TXT", "duplicate-identical")]


def test_hidden_files_folders_and_sidecars_are_not_sources(tmp_path):
    """Hidden files and folders are passed over; a folder's sources are read (test_nested_sources)."""
    archive = make_tiny_archive(tmp_path / "a", {"doc.txt": TEXT, ".DS_Store": b"\x00\x01", "doc.yml": "title: T\n",
                                                 ".git/objects/x.txt": TEXT, ".drafts/other.txt": TEXT,
                                                 "drafts/.hidden.txt": TEXT}, {}, about=False)
    found = collect(archive.content)
    assert [d.id for d in found.documents] == ["doc"]
    assert found.diagnostics == []


def test_unsupported_extension_is_a_warning(tmp_path):
    archive = make_tiny_archive(tmp_path / "a", {"doc.txt": TEXT, "scan.pdf": b"%PDF-1.4"}, {}, about=False)
    found = collect(archive.content)
    assert diagnostics(found) == [("warning", "sources/scan.pdf", "source-unsupported",
                                   "'scan.pdf' is not a supported source type and was skipped",
                                   "source documents end in .txt, .html or .htm")]
    assert [d.id for d in found.documents] == ["doc"]


def test_duplicate_id(tmp_path):
    archive = make_tiny_archive(tmp_path / "a", {"Foo Bar.txt": TEXT, "foo-bar.txt": TEXT}, {}, about=False)
    found = collect(archive.content)
    assert diagnostics(found) == [("error", "sources/foo-bar.txt", "source-duplicate-id",
                                   "'foo-bar.txt' gets the id 'foo-bar', already used by sources/Foo Bar.txt",
                                   "rename one of the two files")]
    assert [d.source.path for d in found.documents] == ["sources/Foo Bar.txt"]
    assert found.blocking_errors == []


def test_name_without_letters(tmp_path):
    archive = make_tiny_archive(tmp_path / "a", {"doc.txt": TEXT, "!!!.txt": TEXT}, {}, about=False)
    found = collect(archive.content)
    assert diagnostics(found) == [("error", "sources/!!!.txt", "source-bad-name",
                                   "'!!!.txt' has no letters or digits to make an id from",
                                   "rename the file, e.g. my-document.txt")]


def test_too_large(tmp_path, monkeypatch):
    monkeypatch.setattr(read, "MAX_SOURCE_BYTES", 100)
    archive = make_tiny_archive(tmp_path / "a", {"doc.txt": TEXT, "big.txt": "x" * 101}, {}, about=False)
    found = collect(archive.content)
    assert diagnostics(found) == [("error", "sources/big.txt", "source-too-large",
                                   "'big.txt' is 101 bytes, over the limit of 100",
                                   "split the document, or check that it is really a text file")]
    assert [d.id for d in found.documents] == ["doc"]


def test_demo_content_has_no_errors():
    archive = collect(REPO_CONTENT)
    assert [(d.path, d.code, d.message) for d in archive.errors] == []
    assert len(archive.documents) == 5


@pytest.mark.parametrize("name, kind", [
    ("doc.txt", TextReader), ("DOC.TXT", TextReader),
    ("page.html", WebPageReader), ("page.htm", WebPageReader), ("Page.HTML", WebPageReader),
])
def test_the_file_ending_chooses_the_reader(name, kind):
    assert isinstance(read.reader_for(name), kind)
    assert read.reader_for(f"/some/folder/{name}") is read.reader_for(name)


def test_every_reader_gives_a_reading_of_the_same_shape():
    text = read.reader_for("a.txt").read("Council meets\n\nThe council met on Monday.\n".encode("utf-8"))
    assert text == Reading(["Council meets", "", "The council met on Monday.", ""], "utf-8", Metadata(), [])
    page = ("<html><head><title>Council meets</title></head><body><article><h1>Council meets</h1><p>"
            + "The council met on Monday to approve a new water-sharing plan with the neighbouring farms. " * 3
            + "</p></article></body></html>")
    web = read.reader_for("a.html").read(page.encode("utf-8"))
    assert isinstance(web, Reading)
    assert web.lines == ["The council met on Monday to approve a new water-sharing plan with the neighbouring farms. " * 2
                         + "The council met on Monday to approve a new water-sharing plan with the neighbouring farms."]
    assert (web.encoding, web.metadata.title, web.notes) == ("utf-8", "Council meets", [])
