"""The per-document results put back into the archive (builder.pipeline.documents)."""

from __future__ import annotations

import copy

from builder.model import Archive, Mention


def merge(archive: Archive, results: dict, held: bool = False) -> dict[str, list[Mention]]:
    """Put the per-document results back into the archive, in a deterministic order (``held``:
    results held for the next build, whose documents are copied, never changed); returns each
    document's mentions (the archive's list holds them all, each document's together)."""
    ordered = [results[doc.id] for doc in archive.documents]
    documents, placed, mentions_by_doc = [], {}, {}
    mentions, unresolved, diagnostics = archive.mentions, archive.unresolved, archive.diagnostics
    for doc, result in zip(archive.documents, ordered):
        if result.document is not None:  # this build's view of the files, which the key leaves out
            document = copy.copy(result.document) if held else result.document
            document.source, document.sidecar, document.sidecar_positions = doc.source, doc.sidecar, doc.sidecar_positions
            documents.append(document)
        for annotation in result.annotations:
            placed[(annotation.doc, annotation.id)] = annotation
        if result.mentions:
            mentions.extend(result.mentions)
            mentions_by_doc[result.mentions[0].doc] = result.mentions
        if result.unresolved:
            unresolved.extend(result.unresolved)
        if result.diagnostics:
            diagnostics.extend(result.diagnostics)
    archive.documents = documents
    archive.annotations = [placed[(a.doc, a.id)] for a in archive.annotations if (a.doc, a.id) in placed]
    for result in sorted(ordered, key=lambda r: r.document.id if r.document else ""):
        archive.assignments.extend(result.assignments)
    return mentions_by_doc
