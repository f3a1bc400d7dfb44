"""The related documents at the end of each document's page, joined to the pages emit made.

Each document's signature (builder.stages.related.signature) is asked for where it is
needed: read from the result store under the document's inputs (the key its other results
are kept under, less its annotations), made only for the documents that changed. Then one
pass over every signature finds the related documents (builder.stages.related.relate), and
emit.related_section shows them. That pass is made again whenever a document's signature
changes, or one is new or deleted (it can change any other's list): the lists are kept under
every signature (a sidecar's new title seldom changes one). The sections are kept as a whole,
so a build after an edit to an annotation only reads them back. A page is rendered again only
where its section changed.
"""

from __future__ import annotations

from builder import store as result_store
from builder.emit import document_foot, related_section
from builder.emit.frontmatter import Page
from builder.emit.urls import Urls
from builder.model import Archive, Indexes
from builder.stages.related import relate, signature


def signatures(archive: Archive, index: Indexes, keys: dict[str, str], store: result_store.Cache | None) -> dict:
    """Every document's signature, by id: kept (under ``keys``) or made."""
    documents = {doc.id: doc for doc in archive.documents}
    topics_of: dict[str, list[str]] = {}
    for assignment in archive.assignments:
        topics_of.setdefault(assignment.doc, []).append(assignment.topic)

    def compute(missing: list[str]) -> dict:
        return {d: signature(documents[d], index.mentions_by_doc.get(d, []), topics_of.get(d, [])) for d in missing}

    return result_store.Kept(store, keys, {}).get_or_compute(sorted(documents), compute)


def join_related(pages: dict[str, Page], archive: Archive, index: Indexes, urls: Urls, text_keys: dict[str, str],
                 store: result_store.Cache | None) -> None:
    """End each document's page in ``pages`` with its related documents, if it has any.

    With a ``store``, the sections are kept as a whole under every document's ``text_keys``
    (everything they show and are found from: the sources, sidecars, register, topics, code),
    the documents' order and the URL style: a build after an edit to an annotation (or to
    nothing) reads them back and reads no signature."""
    order = [doc.id for doc in index.newest_first]
    whole = (result_store.key("related sections", repr(urls), *(f"{d}\0{text_keys[d]}" for d in order))
             if store is not None and all(d in text_keys for d in order) else "")
    ends = store.get_many([whole]).get(whole) if whole else None
    if ends is None:
        # Found again: each document's signature is asked for under its own key, and what this
        # build did not use is dropped. (Read back whole, the store is left as the last build
        # that found them left it: nothing was added, and no signature read.)
        keys = {doc_id: result_store.key("related signature", key) for doc_id, key in text_keys.items()}
        signed = signatures(archive, index, keys, store)
        # The lists are kept under what they are found from (every signature, in the order): a
        # sidecar's new title changes a document's key, seldom its signature.
        # (and the code: each document's key covers it, a signature does not)
        found = (result_store.key("related found", result_store.code_version(), *(f"{d}\0{signed[d]!r}" for d in order))
                 if store is not None else "")
        related = store.get_many([found]).get(found) if found else None
        if related is None:
            related = relate(signed, order)
            if found:
                store.put_many([(found, result_store.dumps(related))])
        ends = related_section.sections(archive.documents, related, archive.entities, archive.topics, urls)
        if whole:
            store.put_many([(whole, result_store.dumps(ends))])
        if store is not None:
            store.prune(set(keys.values()) | {whole, found})
    for doc in archive.documents:
        if doc.id in ends:
            pages[doc.page] = document_foot.ended(pages[doc.page], ends[doc.id])
