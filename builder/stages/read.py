"""Stage: find the source documents under ``<content>/sources`` and give each a stable id.

The id is the slug of the file name without its extension, so it never changes when an
editor corrects metadata; URLs are built from it. Which reader reads a source (plain text,
or a captured web page) is decided here too, by the file's ending (:data:`READERS`).
"""

from __future__ import annotations

import os
from pathlib import Path

from builder.model import Archive, ContentPath, Diagnostic, DocId, Document, SourceFile
from builder.slugs import slugify
from builder.stages.archive_files import Refused, TooLarge, read_listed, real_folder
from builder.stages.html_source import WebPageReader
from builder.stages.source_reader import SourceReader
from builder.stages.text_source import TextReader

READERS: dict[str, SourceReader] = {".txt": TextReader(), ".html": WebPageReader(), ".htm": WebPageReader()}
"""The reader of each kind of source, by file ending: the one place that decides how a source is
read (plain text, or a captured web page whose article text is extracted)."""
SOURCE_SUFFIXES = tuple(READERS)
"""File endings read as source documents."""

MAX_SOURCE_BYTES = 5_000_000


def reader_for(path: Path | str) -> SourceReader:
    """The reader of a source file, by its ending (in any case); a file of another kind, which
    read_sources never lets in, would be read as text."""
    return READERS.get(Path(path).suffix.lower(), READERS[".txt"])


def content_path(archive: Archive, path: Path) -> ContentPath:
    return ContentPath(path.relative_to(archive.content_dir).as_posix())


def read_sources(archive: Archive) -> Archive:
    """Collect every source file; report files that cannot become a document."""
    if not archive.content_dir.is_dir():
        archive.report(Diagnostic("error", ContentPath("."), 0, 0, "content-missing",
                                  f"the content folder {archive.content_dir} does not exist",
                                  "run the command in the archive's folder, or pass --content DIR"))
        return archive
    sources_dir = archive.content_dir / "sources"
    if not sources_dir.is_dir():
        archive.report(Diagnostic("error", ContentPath("sources"), 0, 0, "sources-missing",
                                  f"there is no sources folder in {archive.content_dir}",
                                  "create it and put the source documents (.txt) in it"))
        return archive
    seen: dict[DocId, ContentPath] = {}
    # os.scandir, not pathlib: a large archive has tens of thousands of files here.
    with os.scandir(sources_dir) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    folder_real = real_folder(archive.content_dir, sources_dir)  # checked once, not for each file
    for entry in entries:
        name = entry.name
        stem, suffix = os.path.splitext(name)
        if name.startswith(".") or entry.is_dir() or suffix in (".yml", ".yaml"):
            continue
        rel = ContentPath(f"sources/{name}")
        if suffix.lower() not in SOURCE_SUFFIXES:
            archive.report(Diagnostic("warning", rel, 0, 0, "source-unsupported",
                                      f"'{name}' is not a supported source type and was skipped",
                                      "source documents end in .txt, .html or .htm"))
            continue
        doc_id = DocId(slugify(stem))
        if not doc_id:
            archive.report(Diagnostic("error", rel, 0, 0, "source-bad-name",
                                      f"'{name}' has no letters or digits to make an id from",
                                      "rename the file, e.g. my-document.txt"))
            continue
        if doc_id in seen:
            archive.report(Diagnostic("error", rel, 0, 0, "source-duplicate-id",
                                      f"'{name}' gets the id '{doc_id}', already used by {seen[doc_id]}",
                                      "rename one of the two files"))
            continue
        try:
            raw = read_listed(archive.content_dir, folder_real, entry, rel, MAX_SOURCE_BYTES)
        except Refused as refused:
            archive.report(Diagnostic("error", rel, 0, 0, f"source-{refused.kind}", refused.message, refused.hint))
            continue
        except TooLarge as too_large:
            archive.report(Diagnostic("error", rel, 0, 0, "source-too-large",
                                      f"'{name}' is {too_large.size:,} bytes, over the limit of {MAX_SOURCE_BYTES:,}",
                                      reader_for(name).too_large_hint))
            continue
        seen[doc_id] = rel
        archive.documents.append(Document(id=doc_id, source=SourceFile(rel, sources_dir / name, raw)))
    return archive
