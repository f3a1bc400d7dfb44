"""Stages: documents an editor declared copies of another (``duplicate_of: <id>`` in the
copy's sidecar).

A copy is set aside before any document is processed: it gets no page, and is in no listing,
feed, export, entity page or search; its URL (``documents/<copy>/``) forwards to the
original's page, as a renamed document's does (a redirect, see stages.redirects), so links to
it keep working. A copy of a copy forwards to the original at the end of the chain.
``duplicate_of`` naming a document that does not exist or the document itself is an error,
on its line; so are copies that name each other in a circle (reported once, on the first of
them by id). ``not_duplicate_of: [<id>]`` says two documents that look alike are not copies
(stages.duplicates then does not report them); its ids must exist too.
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
    circles: set[frozenset[str]] = set()
    for copy, target in sorted(declared.items()):
        doc = docs[copy]
        if target == copy:
            error(doc, "duplicate_of", 0, "duplicate-of-itself", "'duplicate_of' names this document itself",
                  "write the id of the document this one copies, or remove the line")
        elif target not in docs:
            error(doc, "duplicate_of", 0, "duplicate-of-unknown", f"'duplicate_of' value '{target}' is not a document id",
                  _hint(target, docs, "write the original's id, as in its page's address documents/<id>/ (the "
                                      "path under sources/ without the ending, '/' as '-')"))
        else:
            root, circle = _original(copy, declared, docs)
            if root is not None:
                valid[copy] = root
            elif frozenset(circle) not in circles:  # reported once, on the first of them by id
                circles.add(frozenset(circle))
                _report_circle(archive, [docs[d] for d in circle], error)
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


def _original(copy: str, declared: dict[str, str], docs: dict) -> tuple[str | None, list[str]]:
    """The original ``copy`` forwards to: what its ``duplicate_of`` names, or, when that is a
    copy too, what that one names, and so on (a ``duplicate_of`` that is wrong itself ends the
    chain: that document keeps its page). None, and the copies in the circle, in order, when
    the chain goes round in one."""
    chain = [copy]
    current = declared[copy]
    while current in declared and declared[current] != current and declared[current] in docs:
        if current in chain:
            circle = chain[chain.index(current):]
            start = circle.index(min(circle))
            return None, circle[start:] + circle[:start]
        chain.append(current)
        current = declared[current]
    return current, chain


def _report_circle(archive: Archive, circle: list, error) -> None:
    """One error for copies whose ``duplicate_of`` lead round in a circle (``circle``, in
    order, from the first by id), on the first's line."""
    ids = [f"'{doc.id}'" for doc in circle]
    if len(circle) == 2:
        message = f"{ids[0]} and {ids[1]} name each other in 'duplicate_of'"
    else:
        message = (f"{', '.join(ids[:-1])} and {ids[-1]} name each other in 'duplicate_of', in a circle "
                   f"({' -> '.join(doc.id for doc in (*circle, circle[0]))})")
    sidecars = [doc.sidecar for doc in circle]
    error(circle[0], "duplicate_of", 0, "duplicate-of-circle", message,
          f"keep one of them as the original: remove 'duplicate_of' from its sidecar ({', '.join(sidecars[:-1])} "
          f"or {sidecars[-1]}); the others then forward to it")


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
