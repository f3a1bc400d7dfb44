"""The copies check (builder.stages.duplicates), kept as a whole between builds.

Finding copies compares every document with its candidates: seconds at 10,000 documents, on
every build. What it finds depends only on the documents' texts, paths and dates and on the
editors' ``not_duplicate_of``, all of which each document's text key covers (the key its
pages made from many documents are kept under: its source, sidecar, defaults, the register,
the topics, the options and the code). So the copies found are kept under the keys of every
document in id order: a build after an edit to an annotation (or to nothing) reads them back,
and any new, changed or deleted document finds them again. The report itself is made on every
build, from what was kept or found.
"""

from __future__ import annotations

from builder import store as result_store
from builder.model import Archive
from builder.stages.duplicates import copies_found, report_copies


def kept_find_duplicates(store: result_store.Cache, text_keys: dict[str, str]):
    """The check :func:`builder.stages.duplicates.find_duplicates`, with its finding kept in
    ``store`` under every document's ``text_keys`` (found again when one is missing)."""

    def find_duplicates(archive: Archive) -> Archive:
        docs = sorted(doc.id for doc in archive.documents)
        if not all(d in text_keys for d in docs):
            return report_copies(archive, copies_found(archive))
        distinct = sorted((a, sorted(b)) for a, b in archive.distinct.items())
        whole = result_store.key("copies found", repr(distinct), *(f"{d}\0{text_keys[d]}" for d in docs))
        copies = store.get_many([whole]).get(whole)
        if copies is None:
            copies = copies_found(archive)
            store.put_many([(whole, result_store.dumps(copies))])
        store.prune({whole})
        return report_copies(archive, copies)

    return find_duplicates
