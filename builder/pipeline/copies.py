"""The copies check (builder.stages.duplicates), kept as a whole between builds.

Finding copies compares every document with its candidates: seconds at 10,000 documents, on
every build. What it finds depends only on the documents' texts, paths and dates and on the
editors' ``not_duplicate_of``, all of which each document's text key covers (the key its
pages made from many documents are kept under: its source, sidecar, defaults, the register,
the topics, the options and the code). So the copies found are kept under the keys of every
document in id order: a build after an edit to an annotation (or to nothing) reads them back.
They are also kept under what the finding reads of each document (its text, bytes, path and
date): a build after a sidecar's new title reads them back too, and a new, deleted or rewritten
document finds them again, with the comparisons of two texts the last finding made read back
(builder.pipeline.copies_found): only those of the changed documents are made. The report
itself is made on every build, from what was kept or found.
"""

from __future__ import annotations

import hashlib

from builder import store as result_store
from builder.model import Archive, Document
from builder.pipeline.copies_found import copies_found as kept_copies_found
from builder.pipeline.texts import READ_AT_ONCE, Whole, as_they_are
from builder.stages.duplicates import copies_found, report_copies


def kept_find_duplicates(store: result_store.Cache, text_keys: dict[str, str], with_text: Whole = as_they_are):
    """The check :func:`builder.stages.duplicates.find_duplicates`, with its finding kept in
    ``store`` under every document's ``text_keys``, and under what it reads of each document
    (:func:`what_is_read`): a sidecar's new title changes the first, not the second, so the
    copies are found again only when a document's text, bytes, path or date changed, or a
    document is new or deleted. (Kept under the first key beside the finding: the second, so
    that a build reading the finding back keeps both.) What is read of each document is kept
    under its text key, and the comparisons of two texts the finding made (see
    builder.pipeline.copies_found), so that after one document's edit neither is worked out
    again for the others: :data:`LAST`. ``with_text`` gives documents whole, where their text
    is read (builder.pipeline.texts)."""

    def find_duplicates(archive: Archive) -> Archive:
        docs = sorted(archive.documents, key=lambda doc: doc.id)
        if not all(doc.id in text_keys for doc in docs):
            return report_copies(archive, copies_found(archive, with_text))
        distinct = repr(sorted((a, sorted(b)) for a, b in archive.distinct.items()))
        whole = result_store.key("copies found", distinct, *(f"{doc.id}\0{text_keys[doc.id]}" for doc in docs))
        kept = store.get_many([whole]).get(whole)
        last = result_store.key(LAST, result_store.code_version())
        if kept is None:
            before = store.get_many([last]).get(last) or ({}, {}, None, None)
            read_of = {text_keys[doc.id]: before[0].get(text_keys[doc.id]) for doc in docs}
            unread = [doc for doc in docs if read_of[text_keys[doc.id]] is None]
            for start in range(0, len(unread), READ_AT_ONCE):  # (their texts read a few thousand at a time)
                read_of.update((text_keys[doc.id], _read(doc)) for doc in with_text(unread[start:start + READ_AT_ONCE]))
            # (and the code: each document's key covers it, what is read of each does not)
            read = result_store.key("copies found from", result_store.code_version(), distinct,
                                    *(read_of[text_keys[doc.id]][0] for doc in docs))
            copies = store.get_many([read]).get(read)
            state = before
            if copies is None:
                compared: dict = {}
                texts = {doc.id: read_of[text_keys[doc.id]][1] for doc in docs}
                reads = {doc.id: read_of[text_keys[doc.id]][0] for doc in docs}
                copies, order = kept_copies_found(archive, texts, before[1], compared, reads,
                                                  before[3] if before[2] == distinct else None, with_text)
                store.put_many([(read, result_store.dumps(copies))])
                state = (read_of, compared, distinct, (order, copies))
            kept = (read, copies)
            store.put_many([(whole, result_store.dumps(kept)), (last, result_store.dumps((read_of, *state[1:])))])
        read, copies = kept
        store.prune({whole, read, last})
        return report_copies(archive, copies)

    return find_duplicates


LAST = "copies found last"
"""The key (with the code's) of what the last finding read of each document (by its text key),
the comparisons it made, the editors' ``not_duplicate_of`` it read, and the order it took the
documents in with the copies it found: what the next finding need not work out again."""


def _read(doc: Document) -> tuple[bytes, bytes]:
    """A hash of :func:`what_is_read` of ``doc``, and the hash of its text in it."""
    parts = what_is_read(doc)
    return hashlib.sha256(repr(parts).encode()).digest(), parts[-1]


def what_is_read(doc: Document) -> tuple:
    """What finding copies reads of a document (see builder.stages.duplicates.copies_found):
    its id, its source's path and bytes (their digest), its date, and its text (a hash of
    its paragraphs, which its sketch is made from)."""
    text = "\n".join(p.text for p in doc.paragraphs).encode("utf-8")
    return (doc.id, doc.source.path, doc.source.digest, doc.metadata.date or "",
            hashlib.sha256(text).digest())
