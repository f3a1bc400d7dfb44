"""The related documents at the end of each document's page, joined to the pages emit made.

Each document's signature (builder.stages.related.signature) is asked for where it is
needed: read from the result store under the document's inputs (the key its other results
are kept under, less its annotations), made only for the documents that changed. Then one
pass over every signature finds the related documents (builder.stages.related.relate), and
emit.related_section shows them. That pass is made at every build: a new, changed or deleted
document can change any other's list. A page is rendered again only where its list changed.
"""

from __future__ import annotations

from builder import store as result_store
from builder.emit import document_foot, related_section
from builder.emit.frontmatter import Page
from builder.emit.urls import Urls
from builder.model import Archive, Indexes
from builder.stages.related import relate, signature


def signatures(archive: Archive, index: Indexes, text_keys: dict[str, str], store: result_store.Cache | None) -> dict:
    """Every document's signature, by id: kept (under ``text_keys``) or made."""
    documents = {doc.id: doc for doc in archive.documents}
    topics_of: dict[str, list[str]] = {}
    for assignment in archive.assignments:
        topics_of.setdefault(assignment.doc, []).append(assignment.topic)
    keys = {doc_id: result_store.key("related signature", key) for doc_id, key in text_keys.items()}

    def compute(missing: list[str]) -> dict:
        return {d: signature(documents[d], index.mentions_by_doc.get(d, []), topics_of.get(d, [])) for d in missing}

    found = result_store.Kept(store, keys, {}).get_or_compute(sorted(documents), compute)
    if store is not None:
        store.prune(set(keys.values()))
    return found


def join_related(pages: dict[str, Page], archive: Archive, index: Indexes, urls: Urls, text_keys: dict[str, str],
                 store: result_store.Cache | None) -> None:
    """End each document's page in ``pages`` with its related documents, if it has any."""
    related = relate(signatures(archive, index, text_keys, store), [doc.id for doc in index.newest_first])
    ends = related_section.sections(archive.documents, related, archive.entities, archive.topics, urls)
    for doc in archive.documents:
        if doc.id in ends:
            pages[doc.page] = document_foot.ended(pages[doc.page], ends[doc.id])
