"""Stages: documents an editor declared copies of another (``duplicate_of: <id>`` in the
copy's sidecar).

A copy is set aside before any document is processed: it gets no page, and is in no listing,
feed, export, entity page or search; its URL (``documents/<copy>/``) forwards to the
original's page, as a renamed document's does (a redirect, see stages.redirects), so links to
it keep working. ``duplicate_of`` naming a document that does not exist, the document itself,
or another copy is an error, on its line. ``not_duplicate_of: [<id>]`` says two documents
that look alike are not copies (stages.duplicates then does not report them); its ids must
exist too.
"""

from __future__ import annotations

import difflib

from builder.model import Archive, Diagnostic
from builder.stages.redirects import Redirect


def set_aside_duplicates(archive: Archive) -> Archive:
    """Check every ``duplicate_of`` and ``not_duplicate_of``; set each valid copy aside
    (``Archive.set_aside``), with a redirect from its id to its original's. Runs after the
    annotations and redirects are read (they may name the copy)."""
    docs = {d.id: d for d in archive.documents}
    declared = {copy: target for copy, target in archive.duplicate_of.items() if target}

    def error(doc, key: str, n: int, code: str, message: str, hint: str) -> None:
        line, column = doc.sidecar_positions[key][n]
        archive.report(Diagnostic("error", doc.sidecar, line, column, code, message, hint))

    valid = {}
    for copy, target in sorted(declared.items()):
        doc = docs[copy]
        if target == copy:
            error(doc, "duplicate_of", 0, "duplicate-of-itself", "'duplicate_of' names this document itself",
                  "write the id of the document this one copies, or remove the line")
        elif target not in docs:
            error(doc, "duplicate_of", 0, "duplicate-of-unknown", f"'duplicate_of' value '{target}' is not a document id",
                  _hint(target, docs, "write the original's id, as in its page's address documents/<id>/ (the "
                                      "path under sources/ without the ending, '/' as '-')"))
        elif target in declared:
            error(doc, "duplicate_of", 0, "duplicate-of-duplicate",
                  f"'{target}' is itself a duplicate of '{declared[target]}'",
                  f"write 'duplicate_of: {declared[target]}': a copy names the original, not another copy")
        else:
            valid[copy] = target
    for doc_id, others in sorted(archive.distinct.items()):
        for n, other in enumerate(others):
            if other == doc_id or other not in docs:
                error(docs[doc_id], "not_duplicate_of", n, "duplicate-of-unknown",
                      f"'{other}' in 'not_duplicate_of' is " + ("this document itself" if other == doc_id
                                                               else "not a document id"),
                      _hint(other, docs, "write the id of a document this one looks like"))
    archive.duplicate_of = valid
    archive.set_aside = {copy: docs[copy] for copy in valid}
    archive.documents = [d for d in archive.documents if d.id not in valid]
    # A redirect to a copy now forwards to its original, as the copy's own URL does.
    archive.redirects = [Redirect(r.kind, r.old, valid.get(r.new, r.new)) if r.kind == "documents" else r
                         for r in archive.redirects]
    archive.redirects += [Redirect("documents", copy, original) for copy, original in sorted(valid.items())]
    for annotation in archive.annotations:
        if annotation.doc in valid:
            archive.report(Diagnostic("error", annotation.path, annotation.line, 1, "annotation-on-duplicate",
                                      f"this note is on '{annotation.doc}', which its sidecar says is a duplicate of "
                                      f"'{valid[annotation.doc]}': the copy has no page",
                                      f"move the file to annotations/{valid[annotation.doc]}/ (if the passage is "
                                      "there too), or delete it"))
        for other in annotation.documents:
            if other in valid:
                archive.report(Diagnostic("error", annotation.path, annotation.line, 1, "annotation-names-duplicate",
                                          f"'documents' names '{other}', a duplicate of '{valid[other]}' with no page",
                                          f"name '{valid[other]}' instead"))
    archive.annotations = [a for a in archive.annotations if a.doc not in valid]
    return archive


def _hint(value: str, docs: dict, otherwise: str) -> str:
    close = difflib.get_close_matches(value, sorted(docs), n=1)
    return f"did you mean '{close[0]}'?" if close else otherwise


def check_originals(archive: Archive) -> Archive:
    """A check, once every document is processed: a copy's original must still be in the
    archive (a source with no text is left out), or the copy's URL would forward nowhere."""
    kept = {d.id for d in archive.documents}
    for copy, original in sorted(archive.duplicate_of.items()):
        if original not in kept:
            doc = archive.set_aside[copy]
            line, column = doc.sidecar_positions["duplicate_of"][0]
            archive.report(Diagnostic("error", doc.sidecar, line, column, "duplicate-of-left-out",
                                      f"the original, '{original}', was left out of the archive (see the error on "
                                      "its source file), so this copy has nothing to forward to",
                                      "fix the original's source file, or remove 'duplicate_of' to give the copy "
                                      "its own page"))
    return archive
