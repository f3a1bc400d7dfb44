"""Stage: find the source documents under ``<content>/sources``, at any depth, and give each
a stable id.

The id is the slug of the file's path under sources/ without its extension
(:func:`~builder.stages.source_tree.source_id`: ``business/001.txt`` gets ``business-001``),
so it never changes when an editor corrects metadata; URLs are built from it. Which reader
reads a source (plain text, or a captured web page) is decided here too, by the file's ending
(:data:`READERS`).
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

from builder.model import Archive, ContentPath, Diagnostic, DocId, Document, SourceFile
from builder.model.documents import digest_of
from builder.stages.archive_files import Refused, TooLarge, read_inside, read_listed
from builder.stages.html_source import WebPageReader
from builder.stages.source_reader import SourceReader
from builder.stages.source_tree import SIDECAR_SUFFIXES, SOURCES, source_id, source_tree
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


RECENT_NS = 2_000_000_000
"""A file changed this close to the moment it is read may change again within the same tick of
the file system's clock, its status unchanged (git's "racily clean" files): its status is not
kept, and the next build reads it again."""

Known = dict[str, tuple[tuple, str]]
"""Each source's status on disk and its digest, as a build read them, by its path."""


def read_sources(archive: Archive, known: Known | None = None) -> Archive:
    """Collect every source file under sources/, at any depth (see :mod:`.source_tree`); report
    files that cannot become a document. A file nearer the top of sources/, then the first by
    its path, keeps an id two files would share.

    With ``known`` (a build with a result store: what the last build read), a file whose
    status (size, times of change, inode, device) is the one it had then is not read again:
    its document's source has its digest and no bytes (:class:`SourceFile`), which are read
    where needed (:func:`read_again`). At 10,000 documents, reading every source took a
    second of every rebuild. Only a file that is no link, in a folder inside the content
    folder, is known so (one that is, or that is moved, is read and checked as ever)."""
    now = time.time_ns()
    if not archive.content_dir.is_dir():
        archive.report(Diagnostic("error", ContentPath("."), 0, 0, "content-missing",
                                  f"the content folder {archive.content_dir} does not exist",
                                  "run the command in the archive's folder, or pass --content DIR"))
        return archive
    if not (archive.content_dir / SOURCES).is_dir():
        archive.report(Diagnostic("error", ContentPath(SOURCES), 0, 0, "sources-missing",
                                  f"there is no sources folder in {archive.content_dir}",
                                  "create it and put the source documents (.txt) in it"))
        return archive
    tree = source_tree(archive.content_dir)
    for problem in tree.problems:
        archive.report(problem)
    files = [(folder.name_of(entry), folder, entry) for folder in tree.folders for entry in folder.entries
             if os.path.splitext(entry.name)[1] not in SIDECAR_SUFFIXES]
    files.sort(key=lambda found: (found[0].count("/"), found[0]))
    seen: dict[DocId, ContentPath] = {}
    unsupported: dict[str, list[tuple[str, ContentPath]]] = {}  # ending -> (name, path) of each file
    for name, folder, entry in files:
        rel = folder.path_of(entry)
        if os.path.splitext(name)[1].lower() not in SOURCE_SUFFIXES:
            unsupported.setdefault(_ending(name), []).append((name, rel))
            continue
        doc_id = DocId(source_id(name))
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
        status = _status(folder.real, entry) if known is not None else None
        last = known.get(rel) if status is not None else None
        if last is not None and last[0] == status:
            seen[doc_id] = rel
            archive.documents.append(Document(id=doc_id, source=SourceFile(rel, folder.path / entry.name, None,
                                                                           last[1], status)))
            continue
        try:
            raw = read_listed(archive.content_dir, folder.real, entry, rel, MAX_SOURCE_BYTES)
        except Refused as refused:
            archive.report(Diagnostic("error", rel, 0, 0, f"source-{refused.kind}", refused.message, refused.hint))
            continue
        except TooLarge as too_large:
            _too_large(archive, rel, name, too_large.size)
            continue
        seen[doc_id] = rel
        steady = status is not None and max(status[1], status[2]) < now - RECENT_NS
        archive.documents.append(Document(id=doc_id, source=SourceFile(rel, folder.path / entry.name, raw,
                                                                       seen=status if steady else None)))
    for ending, found in sorted(unsupported.items()):
        _report_unsupported(archive, ending, found)
    return archive


def _status(folder_real: str | None, entry: os.DirEntry) -> tuple | None:
    """The status of a listed file that is no link, in a folder inside the content folder
    (``folder_real``, see archive_files.real_folder), taken before it is read; None for any
    other (read and checked as ever)."""
    if folder_real is None:
        return None
    try:
        if entry.is_symlink():
            return None
        info = entry.stat(follow_symlinks=False)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


def known_sources(archive: Archive) -> Known:
    """What the next build may leave unread: each source's status and digest, where its status
    can tell a change (see :data:`RECENT_NS`)."""
    return {doc.source.path: (doc.source.seen, doc.source.digest) for doc in archive.documents if doc.source.seen}


def read_again(content_dir: Path, source: SourceFile) -> bytes:
    """The bytes of a source :func:`read_sources` did not read, read as it reads a file; raises
    :class:`Refused` when they are no longer those of its digest (the file changed while the
    archive was being built: what was made from its digest would not be right)."""
    try:
        raw = read_inside(content_dir, source.abs_path, source.path, MAX_SOURCE_BYTES)
    except TooLarge:
        raw = None
    if raw is None or digest_of(raw) != source.digest:
        raise Refused("changed", f"'{source.path}' changed while the archive was being built",
                      f"build again; if this comes again, {NOT_TRUSTED}")
    return raw


NOT_TRUSTED = ("the file system does not keep a file's times as it changes (some network or FAT file "
               "systems): set `trust_file_status: false` under the archive plugin in mkdocs.yml")


def _too_large(archive: Archive, rel: ContentPath, name: str, size: int) -> None:
    archive.report(Diagnostic("error", rel, 0, 0, "source-too-large",
                              f"'{name}' is {size:,} bytes, over the limit of {MAX_SOURCE_BYTES:,}",
                              reader_for(name).too_large_hint))


ALONE = 10
"""Files of one unsupported ending reported one by one; more are reported in one warning (a
captured site's images and style sheets would bury every other message)."""
SUPPORTED = "source documents end in .txt, .html or .htm"
COMPRESSED = tuple(f"{suffix}.gz" for suffix in SOURCE_SUFFIXES)


def _ending(name: str) -> str:
    """What groups files that are not sources: a compressed source's two endings (.html.gz),
    or the file's ending in lowercase ('' for none)."""
    lower = name.lower()
    return next((ending for ending in COMPRESSED if lower.endswith(ending)), os.path.splitext(lower)[1])


def _report_unsupported(archive: Archive, ending: str, found: list[tuple[str, ContentPath]]) -> None:
    """A warning for each file of ``ending`` that is not a source, or one for them all when
    they are more than :data:`ALONE`, naming the first three and the count."""
    compressed = ending in COMPRESSED
    hint = (f"it is compressed: decompress it (gunzip) and the {ending[:-3]} file it gives is read" if compressed
            else SUPPORTED)
    if len(found) <= ALONE:
        for name, rel in found:
            archive.report(Diagnostic("warning", rel, 0, 0, "source-unsupported",
                                      f"'{name}' is not a supported source type and was skipped", hint))
        return
    files = f"files ending in '{ending}'" if ending else "files without an ending"
    shown = ", ".join(f"'{name}'" for name, _ in found[:3])
    hint = ("they are compressed: decompress them (gunzip) and the files they give are read" if compressed
            else f"{SUPPORTED}; move the others out of sources/, or into a hidden folder (such as sources/.assets/), "
                 "whose files are passed over")
    archive.report(Diagnostic("warning", ContentPath(SOURCES), 0, 0, "source-unsupported",
                              f"{len(found):,} {files} are not a supported source type and were skipped: {shown} and "
                              f"{len(found) - 3:,} more", hint))


def with_bytes(archive: Archive, todo: list[Document]) -> tuple[list[Document], set[str]]:
    """``todo`` (the documents whose per-document work is done again), each with its source's
    bytes: those :func:`read_sources` did not read (the file unchanged since the last build)
    are read now, as it reads them (one that can no longer be read is reported and left out of
    the archive). Also the ids of those whose bytes are not those of their digest (the file
    changed after its status was taken, or its file system does not show a change): each gets
    a source made from the bytes read, with no status to keep, and must be keyed again."""
    changed, dropped = set(), set()
    for doc in todo:
        if doc.source.raw is not None:
            continue
        name = doc.source.path.removeprefix(f"{SOURCES}/")
        try:
            raw = read_inside(archive.content_dir, doc.source.abs_path, doc.source.path, MAX_SOURCE_BYTES)
        except Refused as refused:
            archive.report(Diagnostic("error", doc.source.path, 0, 0, f"source-{refused.kind}", refused.message,
                                      refused.hint))
            dropped.add(doc.id)
            continue
        except TooLarge as too_large:
            _too_large(archive, doc.source.path, name, too_large.size)
            dropped.add(doc.id)
            continue
        source = SourceFile(doc.source.path, doc.source.abs_path, raw)
        if source.digest == doc.source.digest:
            doc.source.raw = raw
        else:
            doc.source = source
            changed.add(doc.id)
    if dropped:
        archive.documents = [doc for doc in archive.documents if doc.id not in dropped]
    return [doc for doc in todo if doc.id not in dropped], changed
