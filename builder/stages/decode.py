"""Stage: turn each source's bytes into numbered lines of clean Unicode text.

Every source takes the same path: the reader its kind of file has (``read.reader_for``: a
plain text file or a captured web page, see source_reader) gives its lines, how it was
decoded, warnings, and any metadata the file states about itself (fields it finds are marked
as found in the source; an editor's sidecar still wins). An empty, binary or undecodable
file, or one with no text, is reported and dropped; the rest of the archive goes on.
"""

from __future__ import annotations

from builder.model import Archive, Diagnostic, Document, Line
from builder.stages.read import reader_for
from builder.stages.source_reader import EMPTY, Note
from builder.textdecode import DecodeError

FOUND_FIELDS = ("title", "authors", "date", "publication", "section", "url", "language", "description")
"""Metadata a file may state about itself (a web page's tags), in the order they are taken."""


def _left_out(archive: Archive, doc: Document, why: Note) -> bool:
    path = doc.source.path
    archive.report(Diagnostic("error", path, 0, 0, why.code, f"'{path}' {why.message}; it was left out of the archive", why.hint))
    return False


def decode_document(archive: Archive, doc: Document) -> bool:
    """Decode one document in place; report and return False if it cannot be used."""
    reader = reader_for(doc.source.abs_path)
    if not doc.source.raw.strip():
        return _left_out(archive, doc, EMPTY)
    try:
        reading = reader.read(doc.source.raw)
    except DecodeError as exc:
        return _left_out(archive, doc, Note(exc.code, exc.message, exc.hint))
    path = doc.source.path
    for note in reading.notes:
        archive.report(Diagnostic("warning", path, 0, 0, note.code, f"'{path}' {note.message}", note.hint))
    doc.encoding = reading.encoding
    if not reading.lines:
        return _left_out(archive, doc, reader.no_text)
    doc.lines = [Line(n, text) for n, text in enumerate(reading.lines, start=1)]
    for name in FOUND_FIELDS:
        value = reading.metadata.get(name)
        if value and not doc.metadata.get(name):
            setattr(doc.metadata, name, value)
            doc.origins[name] = "source"
    return True


def decode_sources(archive: Archive) -> Archive:
    archive.documents = [doc for doc in archive.documents if decode_document(archive, doc)]
    return archive
