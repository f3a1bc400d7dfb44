"""Documents with no text left, and what hangs on them."""

from __future__ import annotations

from builder.model import Archive, Diagnostic


def drop_empty(archive: Archive) -> Archive:
    """A document with no text left after cleaning is reported and left out; so are the
    annotations of every document left out (here, or earlier for bytes that are not text):
    they have no passage to attach to."""
    kept = []
    for doc in archive.documents:
        if doc.paragraphs:
            kept.append(doc)
        else:
            archive.report(Diagnostic("error", doc.source.path, 0, 0, "source-no-text",
                                      f"'{doc.source.path}' has no text left once boilerplate is removed; it was left out",
                                      "check that the file holds the article, not only a page's navigation"))
    archive.documents = kept
    known = {doc.id for doc in kept}
    for annotation in archive.annotations:
        if annotation.doc not in known:
            archive.report(Diagnostic("error", annotation.path, 0, 0, "annotation-unknown-document",
                                      f"document '{annotation.doc}' was left out (see the error on its source file), "
                                      "so this annotation has no passage to attach to",
                                      "fix the source document, or delete the annotation"))
    archive.annotations = [a for a in archive.annotations if a.doc in known]
    return archive
