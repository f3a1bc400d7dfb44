"""A build with a result store reads again only the sources whose status on disk changed
(builder.stages.read): a rebuild after an edit elsewhere leaves every source unread, reads the
source of a document whose per-document work runs again, and makes the site a clean build
makes. A file changed too recently to tell a later change, a changed file whose time was put
back, a source made a link out of the archive, and a source that changes during the build are
each read (or refused) as ever."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from builder import pipeline
from builder.bridge import rendered
from builder.cli import main
from builder.model import Archive, ContentPath, DocId, Document, SourceFile
from builder.model.documents import digest_of
from builder.stages import archive_files, read
from helpers import GOOD_SIDECARS, GOOD_SOURCES, REUTERS_STORY, make_tiny_archive, set_plugin_option, tree_digest

HOUR = 3600 * 10**9


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The sources (.txt) the builder reads, by their path in the content folder, as read."""
    read_names: list[str] = []
    real = archive_files._read_real

    def recorded(path, name, limit):
        if str(name).endswith(".txt"):
            read_names.append(str(name))
        return real(path, name, limit)

    monkeypatch.setattr(archive_files, "_read_real", recorded)
    return read_names


@pytest.fixture
def later(monkeypatch):
    """The builds see the files as if written an hour before (their status can tell a change)."""
    monkeypatch.setattr(read, "RECENT_NS", -HOUR)


def clean_build(archive, root: Path) -> dict[str, str]:
    """The site a clean build of ``archive``'s content makes (its own folder and cache)."""
    files = {p.relative_to(archive.content).as_posix(): p.read_bytes() for p in archive.content.rglob("*") if p.is_file()}
    return tree_digest(make_tiny_archive(root, files=files).build())


def page(site: Path, doc_id: str) -> str:
    return (site / "documents" / doc_id / "index.html").read_text(encoding="utf-8")


def test_a_rebuild_reads_only_the_source_whose_document_is_made_again(make_archive, reads, later, tmp_path):
    archive = make_archive(GOOD_SOURCES, GOOD_SIDECARS)
    archive.build()
    assert sorted(reads) == ["sources/goodenough-2010.txt", "sources/nichols-2023.txt"]
    reads.clear()
    site = archive.build()  # nothing changed: no source is read
    assert reads == []
    archive.write({"sources/nichols-2023.yml": "date: 2023-08-14\ntitle: A title from the sidecar\n"})
    reads.clear()
    site = archive.build()
    assert reads == ["sources/nichols-2023.txt"]  # its document is made again, from its bytes
    assert "A title from the sidecar" in page(site, "nichols-2023")
    assert tree_digest(site) == clean_build(archive, tmp_path / "clean")
    assert (site / "sources" / "goodenough-2010.txt").read_bytes() == GOOD_SOURCES["goodenough-2010.txt"].encode()
    reads.clear()
    other = archive.build("other")  # a site folder that holds nothing: the unread sources' files are made, read now
    assert sorted(set(reads)) == ["sources/goodenough-2010.txt", "sources/nichols-2023.txt"]
    assert tree_digest(other) == tree_digest(site)


def test_a_source_changed_with_its_size_and_time_kept_is_read_again(make_archive, reads, later, tmp_path):
    archive = make_archive(GOOD_SOURCES, GOOD_SIDECARS)
    source = archive.sources / "nichols-2023.txt"
    before = os.stat(source)
    archive.build()
    edited = REUTERS_STORY.replace("Reuters", "Rxxters", 1)
    assert len(edited) == len(REUTERS_STORY) and edited != REUTERS_STORY
    source.write_text(edited, encoding="utf-8")
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))  # as an editor's tool may: the change time still moves
    reads.clear()
    site = archive.build()
    assert reads == ["sources/nichols-2023.txt"]
    assert (site / "sources" / "nichols-2023.txt").read_bytes() == edited.encode()
    assert tree_digest(site) == clean_build(archive, tmp_path / "clean")


def test_a_file_changed_just_before_it_is_read_is_read_again_by_the_next_build(make_archive, reads, monkeypatch):
    archive = make_archive(GOOD_SOURCES, GOOD_SIDECARS)
    monkeypatch.setattr(read, "RECENT_NS", HOUR)  # every file changed "just before" each build
    archive.build()
    reads.clear()
    archive.build()  # its status could not tell a change within the same tick of the clock: read again
    assert sorted(reads) == ["sources/goodenough-2010.txt", "sources/nichols-2023.txt"]
    monkeypatch.setattr(read, "RECENT_NS", -HOUR)  # long after: read, and its status kept
    reads.clear()
    archive.build()
    assert len(reads) == 2
    reads.clear()
    archive.build()
    assert reads == []


def test_a_source_made_a_link_out_of_the_archive_is_refused_after_a_build_knew_it(make_archive, reads, later, tmp_path):
    archive = make_archive(GOOD_SOURCES, GOOD_SIDECARS)
    archive.build()
    outside = tmp_path / "elsewhere" / "copy.txt"
    outside.parent.mkdir()
    source = archive.sources / "nichols-2023.txt"
    shutil.copy2(source, outside)  # the same bytes and times
    source.unlink()
    os.symlink(outside, source)
    site = archive.build()
    assert not (site / "documents" / "nichols-2023").exists() and not (site / "sources" / "nichols-2023.txt").exists()
    assert (site / "documents" / "goodenough-2010" / "index.html").is_file()
    assert [p for p in site.rglob("*") if p.is_file() and b"Nichols" in p.read_bytes()] == []  # (its byline's name)
    assert [(d.path, d.code) for d in archive.collect().diagnostics if d.severity == "error"] == [
        ("sources/nichols-2023.txt", "source-outside-archive")]


def _unread(tmp_path: Path, known: bytes, now: bytes | None) -> Archive:
    """An archive in ``tmp_path``/content whose one document's source, sources/a.txt, was left
    unread, known by the digest of ``known``; the file holds ``now`` (None: there is none)."""
    path = tmp_path / "content" / "sources" / "a.txt"
    path.parent.mkdir(parents=True)
    if now is not None:
        path.write_bytes(now)
    archive = Archive(content_dir=(tmp_path / "content").resolve())
    archive.documents.append(Document(DocId("a"), SourceFile(ContentPath("sources/a.txt"), path, None,
                                                             digest_of(known))))
    return archive


def test_an_unread_source_whose_bytes_changed_is_made_again_from_them(tmp_path):
    archive = _unread(tmp_path, b"The text as the build found it.\n", b"The text as it is now.\n")
    (doc,), changed = read.with_bytes(archive, list(archive.documents))
    assert changed == {"a"} and archive.diagnostics == [] and archive.documents == [doc]
    assert (doc.source.raw, doc.source.digest, doc.source.seen) == (
        b"The text as it is now.\n", rendered.file_key(b"The text as it is now.\n"), None)
    with pytest.raises(archive_files.Refused) as refused:
        read.read_again(archive.content_dir, SourceFile(ContentPath("sources/a.txt"), doc.source.abs_path, None, "0" * 64))
    assert (refused.value.kind, refused.value.message, refused.value.hint) == (
        "changed", "'sources/a.txt' changed while the archive was being built",
        "build again; if this comes again, the file system does not keep a file's times as it changes (some network "
        "or FAT file systems): set `trust_file_status: false` under the archive plugin in mkdocs.yml")


def test_an_unread_source_gone_before_it_is_read_is_reported_and_left_out(tmp_path):
    archive = _unread(tmp_path, b"A text.\n", None)
    assert read.with_bytes(archive, list(archive.documents)) == ([], set())
    assert archive.documents == []
    assert [(d.severity, d.path, d.code) for d in archive.diagnostics] == [("error", "sources/a.txt", "source-unreadable")]


def test_a_digest_is_the_key_the_bridge_gives_a_published_file():
    for data in (b"", b"A text.\n", "Caf\u00e9 \u5b54".encode("utf-8")):
        assert SourceFile(ContentPath("sources/a.txt"), None, data).digest == rendered.file_key(data)


def test_on_a_file_system_whose_status_does_not_change_a_document_made_again_reads_the_new_bytes(
        make_archive, reads, later, monkeypatch, tmp_path):
    archive = make_archive(GOOD_SOURCES, GOOD_SIDECARS)
    monkeypatch.setattr(read, "_status", lambda folder_real, entry: (1, 2, 3, 4, 5))  # never changes
    archive.build()
    source = archive.sources / "nichols-2023.txt"
    edited = REUTERS_STORY.replace("Reuters", "Rxxters", 1)
    source.write_text(edited, encoding="utf-8")
    archive.write({"sources/nichols-2023.yml": "date: 2023-08-14\ntitle: A title from the sidecar\n"})
    reads.clear()
    site = archive.build()  # its document is made again: from the bytes read now, not those of the digest
    assert reads == ["sources/nichols-2023.txt"]
    assert (site / "sources" / "nichols-2023.txt").read_bytes() == edited.encode()
    assert tree_digest(site) == clean_build(archive, tmp_path / "clean")
    reads.clear()
    archive.build()  # and its status is not kept: read again
    assert reads == ["sources/nichols-2023.txt"]


def test_with_trust_file_status_off_every_source_is_read_on_every_build(make_archive, reads, later):
    archive = make_archive(GOOD_SOURCES, GOOD_SIDECARS)
    set_plugin_option(archive.config, trust_file_status=False)
    archive.build()
    reads.clear()
    archive.build()
    assert sorted(reads) == ["sources/goodenough-2010.txt", "sources/nichols-2023.txt"]


def test_an_unread_source_is_read_with_its_bytes_where_its_document_is_made_again(tmp_path):
    archive = _unread(tmp_path, b"The same text.\n", b"The same text.\n")
    (doc,), changed = read.with_bytes(archive, list(archive.documents))
    assert doc.source.raw == b"The same text.\n" and changed == set() and archive.diagnostics == []


def test_an_unread_source_changed_before_its_file_is_written_fails_the_build_and_keeps_the_site(
        make_archive, later, monkeypatch, capsys):
    archive = make_archive(GOOD_SOURCES, GOOD_SIDECARS)
    archive.build()
    source = archive.sources / "goodenough-2010.txt"
    real = pipeline.read_again

    def changed_meanwhile(content_dir, unread):  # an editor saves the file while the build runs
        source.write_text("A new text.\n", encoding="utf-8")
        return real(content_dir, unread)

    monkeypatch.setattr(pipeline, "read_again", changed_meanwhile)
    monkeypatch.chdir(archive.root)
    other = archive.site("other")  # holds nothing yet: the unread source's file is made there
    assert main(["build", "--site", str(other)]) == 1
    assert not other.exists()
    assert capsys.readouterr().err.splitlines()[-2:] == [
        "ERROR   -  'sources/goodenough-2010.txt' changed while the archive was being built, so "
        "sources/goodenough-2010.txt could not be written; build again; if this comes again, the file system does not "
        "keep a file's times as it changes (some network or FAT file systems): set `trust_file_status: false` under "
        "the archive plugin in mkdocs.yml",
        f"archive build: failed; no site was written to {other}."]
