"""Stages: load editors' annotations and anchor each one to the passage it quotes.

Files: ``annotations/<document-id>/<annotation-id>.yml``, one annotation per file, so
pull requests that add notes never conflict. Anchoring (see :mod:`builder.anchoring`):
exactly one match anchors; several matches are an error that lists each occurrence and
the prefix that would single it out; no match but a close one re-anchors with a warning
showing the text found; nothing close is an orphan, an error listed on its own page.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from builder.anchoring import LISTED_OCCURRENCES, NormalText, disambiguators, listing, look_for_close, normalise
from builder.model import ANNOTATION_KINDS, Annotation, Archive, Diagnostic, DocId, Document
from builder.schema import Field
from builder.schema_checks import id_problem
from builder.stages.editor_files import EditorFolder, Parsed, stem_and_suffix
from builder.yamlio import dump

ANNOTATION_SCHEMA: tuple[Field, ...] = (
    Field("id", "id", doc="the annotation's id; must equal the file name without .yml (optional)"),
    Field("exact", "passage", required=True,
          doc="the passage, quoted exactly as it reads (quotes, dashes, spacing and line breaks may differ)"),
    Field("prefix", "passage", doc="a few words just before the passage, when it occurs more than once"),
    Field("suffix", "passage", doc="a few words just after the passage, when it occurs more than once"),
    Field("body", "markdown", required=True, doc="the note, in Markdown"),
    Field("author", "text", required=True, doc="who wrote the note"),
    Field("date", "day", required=True, doc="when the note was written, YYYY-MM-DD"),
    Field("kind", "choice", choices=ANNOTATION_KINDS, doc="note, context, correction, translation or source"),
    Field("entities", "id-list", doc="entity ids the note is about (linked under it)"),
    Field("documents", "id-list", doc="document ids the note refers to (linked under it)"),
)


def load_annotations(archive: Archive, parsed: Parsed | None = None) -> Archive:
    folder = archive.content_dir / "annotations"
    if not folder.is_dir():
        return archive
    doc_ids = {d.id for d in archive.documents}
    with os.scandir(folder) as listing:  # os.scandir, not pathlib: a large archive has thousands of these
        doc_dirs = sorted((entry for entry in listing if entry.is_dir()), key=lambda entry: entry.name)
    for doc_dir in doc_dirs:
        files = EditorFolder(archive, Path(doc_dir.path), f"annotations/{doc_dir.name}", parsed=parsed)
        if doc_dir.name not in doc_ids:
            close = difflib.get_close_matches(doc_dir.name, sorted(doc_ids), n=1)
            for entry in files.yaml_files():
                archive.report(Diagnostic("error", files.path_of(entry), 0, 0, "annotation-unknown-document",
                                          f"folder '{doc_dir.name}' is not the id of a document",
                                          f"did you mean '{close[0]}'?" if close else "name the folder after the document's id"))
            continue
        for entry in files.yaml_files():
            _load_one(archive, DocId(doc_dir.name), files, entry, doc_ids)
    return archive


def _load_one(archive: Archive, doc_id: DocId, files: EditorFolder, entry: os.DirEntry, doc_ids: set[str]) -> None:
    read = files.read(entry, ANNOTATION_SCHEMA, "annotation")
    if read is None:
        return
    rel, values, positions = read.path, read.values, read.positions
    name, stem = entry.name, stem_and_suffix(entry.name)[0]
    problem = id_problem(stem)
    if problem:
        archive.report(Diagnostic("error", rel, 0, 0, "annotation-bad-name",
                                  f"'{name}' is not a valid annotation file name: '{stem}' {problem}",
                                  "name it with lowercase letters, digits and hyphens, e.g. who-is-nesirky.yml"))
        return
    annotation_id = values.pop("id", stem)
    if annotation_id != stem:
        line, column = positions["id"][0]
        archive.report(Diagnostic("error", rel, line, column, "annotation-id-mismatch",
                                  f"id '{annotation_id}' does not match the file name '{name}'",
                                  f"rename the file to {annotation_id}.yml, or remove the id line"))
        return
    for key, known, what in (("entities", archive.entities, "entity"), ("documents", doc_ids, "document")):
        for value, (line, column) in zip(values.get(key, ()), positions.get(key, [])):
            if value not in known:
                close = difflib.get_close_matches(value, sorted(known), n=1)
                archive.report(Diagnostic("error", rel, line, column, f"annotation-unknown-{what}",
                                          f"{what} '{value}' does not exist",
                                          f"did you mean '{close[0]}'?" if close else f"check the {what} id"))
                return
    for key, placeholder in PLACEHOLDERS.items():
        if values.get(key) == placeholder:
            line, column = positions[key][0]
            archive.report(Diagnostic("error", rel, line, column, "annotation-placeholder",
                                      f"'{key}' still says \"{placeholder}\" (the placeholder archive quote writes)",
                                      "write the note there" if key == "body" else "write your name there"))
            return
    exact_line = positions["exact"][0][0]
    archive.annotations.append(Annotation(id=annotation_id, doc=doc_id, path=rel, line=exact_line, **values))


def anchor_document(doc: Document, annotations: list[Annotation], work: int | None = None) -> list[Diagnostic]:
    """Anchor each of ``doc``'s annotations to the passage it quotes (setting its status, spans and
    quoted text) and number the ones placed, in the order of their passages. ``work`` overrides
    the close-passage search's budget (:func:`builder.nearest.work_allowed`).

    Returns the problems found, for the caller to report.
    """
    if not annotations:
        return []
    normal = NormalText.of(doc.paragraphs)
    diagnostics = [d for d in (_anchor(annotation, normal, work) for annotation in annotations) if d]
    notes = sorted((a for a in annotations if a.spans), key=lambda a: (a.spans[0][0], a.spans[0][1], a.id))
    for number, annotation in enumerate(notes, start=1):
        annotation.number = number
    return diagnostics


def anchor_annotations(archive: Archive) -> Archive:
    """Anchor every annotation, one document at a time (see :func:`anchor_document`)."""
    docs = {d.id: d for d in archive.documents}
    by_doc: dict[str, list[Annotation]] = {}
    for annotation in archive.annotations:
        by_doc.setdefault(annotation.doc, []).append(annotation)
    for doc_id, annotations in by_doc.items():
        for diagnostic in anchor_document(docs[doc_id], annotations):
            archive.report(diagnostic)
    return archive


PLACEHOLDERS = {"body": "Write the note here, in Markdown.", "author": "Your Name"}
"""What `archive quote` fills in; an annotation still saying it is unfinished."""

QUOTE_CONTEXT = 32
"""Characters of the document's own text kept before and after a passage for the W3C selector."""


def _place(annotation: Annotation, normal: NormalText, start: int, end: int) -> None:
    annotation.spans = normal.spans(start, end)
    annotation.quoted = normal.original(start, end)
    annotation.quoted_prefix = normal.original(max(0, start - QUOTE_CONTEXT), start)
    annotation.quoted_suffix = normal.original(end, min(len(normal.text), end + QUOTE_CONTEXT))


def _diagnostic(annotation: Annotation, severity: str, code: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(severity, annotation.path, annotation.line, 1, code, message, hint)


def _how_to_single_out(way: tuple[str, str]) -> str:
    key, value = way
    if not value:
        return "no nearby text singles it out: quote a longer passage"
    return "add " + dump({key: value}).strip()


def _anchor(annotation: Annotation, normal: NormalText, work: int | None) -> Diagnostic | None:
    """Place ``annotation`` in ``normal`` and set its status; the problem to report, if any."""
    exact = normalise(annotation.exact)
    starts = normal.find_all(exact)
    if annotation.prefix or annotation.suffix:
        prefix, suffix = normalise(annotation.prefix), normalise(annotation.suffix)
        text, size = normal.text, len(exact)
        # The normalised text has single spaces: one space at most lies between passage and context.
        starts = [s for s in starts if text[max(0, s - len(prefix) - 1):s].rstrip().endswith(prefix)
                  and text[s + size:s + size + len(suffix) + 1].lstrip().startswith(suffix)]
    if len(starts) == 1:
        annotation.status = "anchored"
        _place(annotation, normal, starts[0], starts[0] + len(exact))
        return None
    if len(starts) > 1:
        annotation.status = "ambiguous"
        ways = disambiguators(normal, starts, len(exact), list(range(min(len(starts), LISTED_OCCURRENCES))))
        places = listing(normal, starts, len(exact), [_how_to_single_out(way) for way in ways])
        return _diagnostic(annotation, "error", "annotation-ambiguous",
                           f"the passage \"{annotation.exact}\" occurs {len(starts)} times in {annotation.doc}:{places}",
                           "add the 'prefix' (or 'suffix') shown for the occurrence you mean")
    absence = look_for_close(normal, exact, work)
    if absence.found:
        ratio, start, end, _ = absence.found
        annotation.status = "reanchored"
        _place(annotation, normal, start, end)
        annotation.found = normal.text[start:end]
        return _diagnostic(annotation, "warning", "annotation-reanchored",
                           f"the passage was not found exactly; it was anchored to the closest text ({ratio:.0%} alike): "
                           f"\"{annotation.found}\"",
                           "if that is the right passage, copy it into 'exact'")
    annotation.status = "orphan"
    where = " exactly, and the search for a close passage gave up" if absence.gave_up else ""
    return _diagnostic(annotation, "error", "annotation-orphan",
                       f"the passage \"{annotation.exact}\" is not in {annotation.doc}{where}", absence.hint)
