"""The related documents at the end of each document's page, joined to the pages emit made.

Each document's signature (builder.stages.related.signature) is asked for where it is
needed: read from the result store under the document's inputs (the key its other results
are kept under, less its annotations), made only for the documents that changed. Then a pass
over every signature finds the related documents, and emit.related_section shows them. That
pass is made again whenever a document's signature changes, or one is new or deleted (it can
change any other's list), from what the last build found (builder.stages.related.find: only
the lists that can change are found again); the lists are kept with a hash of every signature
(a sidecar's new title seldom changes one). The sections are kept with what each shows, so a
build after an edit to an annotation only reads them back (:data:`SHOWN`), and one after an
edit to a source makes again only the sections whose list or listed documents changed. A
page is rendered again only where its section changed.
"""

from __future__ import annotations

import hashlib

from builder import store as result_store
from builder.keptvalues import Kept
from builder.emit import document_foot, related_section
from builder.emit.frontmatter import Page
from builder.emit.urls import Urls
from builder.model import Archive, Document, Indexes, Mention
from builder.model.related import Signature
from builder.pipeline.texts import Whole, as_they_are
from builder.stages.related import find, signature


def signed_by(doc: Document, mentions: list[Mention], topics: list[str]) -> tuple[Signature, str]:
    """A document's signature (builder.stages.related.signature) and a hash of it (its repr's):
    made with the document's other results (pipeline.documents.run_batch), or here for one
    the store lost."""
    sig = signature(doc, mentions, topics)
    return sig, hashlib.sha256(repr(sig).encode()).hexdigest()


def signatures(archive: Archive, index: Indexes, keys: dict[str, str], store: result_store.Cache | None,
               made: dict[str, bytes] | None = None, with_text: Whole = as_they_are) -> dict:
    """Every document's signature with a hash of it, by id: made in this build (``made``,
    pickled: see :func:`signed_by`), kept (under ``keys``), or made here (from the documents
    ``with_text`` gives whole: see builder.pipeline.texts)."""
    documents = {doc.id: doc for doc in archive.documents}
    topics_of: dict[str, list[str]] = {}
    for assignment in archive.assignments:
        topics_of.setdefault(assignment.doc, []).append(assignment.topic)

    def compute(missing: list[str]) -> dict:
        return {doc.id: signed_by(doc, index.mentions_by_doc.get(doc.id, []), topics_of.get(doc.id, []))
                for doc in with_text([documents[d] for d in missing])}

    kept, ids, found, vocabulary = Kept(store, keys, made or {}), sorted(documents), {}, {}
    for start in range(0, len(ids), READ_AT_ONCE):  # (so that few are held as read)
        for doc_id, (sig, digest) in kept.get_or_compute(ids[start:start + READ_AT_ONCE], compute).items():
            found[doc_id] = (_shared(sig, vocabulary.setdefault), digest)
    return found


READ_AT_ONCE = 20_000
"""Signatures read back at once (each then made of the strings every signature shares)."""


def _shared(sig: Signature, one) -> Signature:
    """``sig`` made of the strings of a vocabulary (``one``: its ``setdefault``): each signature
    read back has strings of its own (at 10,000 documents, 72 MB for the signatures; 30 MB
    with the strings shared; at 100,000 documents the 680 MB they took was most of related
    documents' peak)."""
    words, counts = zip(*sig.words) if sig.words else ((), ())
    return Signature(tuple(map(one, sig.entities, sig.entities)), tuple(map(one, sig.topics, sig.topics)),
                     tuple(zip(map(one, words, words), counts)))


LAST = "related documents last"
"""The key (with the code's and the URL style's) of what the last build found and showed: the
key of the signatures its lists were found from (``found``), its sections with what each
shows (emit.related_section.Made), and its lists with what each was found from
(model.related.Found)."""
SHOWN = "related documents shown"
"""The key (with the code's and the URL style's) of the last build's sections alone, with the
key of everything they were made from (``whole``): all a build after an edit to an annotation
reads (the whole finding took 0.26 s more to read back at 10,000 documents)."""


def related_ends(archive: Archive, index: Indexes, urls: Urls, text_keys: dict[str, str],
                 store: result_store.Cache | None, signed_here: dict[str, bytes] | None = None,
                 with_text: Whole = as_they_are) -> dict[str, str]:
    """The section of related documents that ends each document's page, by document id (those
    with none are left out; :func:`join_related` ends the pages with them).

    With a ``store``, what the last build found and showed is kept (:data:`LAST`): read back
    whole when every document's ``text_keys`` (everything the sections show and are found from:
    the sources, sidecars, register, topics, code) and the documents' order are the same (a
    build after an edit to an annotation, or to nothing: no signature is read); else its lists
    are read back when every signature is the same (a sidecar's new title seldom changes one),
    and its sections kept where what they show is unchanged (emit.related_section.made)."""
    order = [doc.id for doc in index.newest_first]
    code = result_store.code_version() if store is not None else ""
    whole = (result_store.key("related sections", repr(urls), *(f"{d}\0{text_keys[d]}" for d in order))
             if store is not None and all(d in text_keys for d in order) else "")
    last_key = result_store.key(LAST, code, repr(urls)) if store is not None else ""
    shown_key = result_store.key(SHOWN, code, repr(urls)) if store is not None else ""
    shown = store.get_many([shown_key]).get(shown_key) if store is not None else None
    if whole and shown is not None and shown[0] == whole:
        return shown[1]
    del shown  # (the last sections, not used: let go of while the lists are found)
    last = store.get_many([last_key]).get(last_key) if store is not None else None
    last_found, last_made, last_finding = last if last is not None else ("", None, None)
    del last
    # Found again: each document's signature is asked for under its own key (its text key
    # itself: this store holds only signatures, LAST and SHOWN), and what this build did not
    # use is dropped. (Read back whole, the store is left as the last build that found them
    # left it, but the signatures the workers stored, and no signature is read.)
    signed = signatures(archive, index, text_keys, store, signed_here, with_text)
    # The lists are found from every signature, in the order (and the code: each
    # document's key covers it, a signature does not).
    found = result_store.key("related found", code, *(f"{d}\0{signed[d][1]}" for d in order))
    if found == last_found:
        finding = last_finding
    else:  # (the last finding's lists kept where what they are found from is unchanged)
        finding = find({d: sig for d, (sig, _) in signed.items()}, order, last=last_finding)
    del last_finding, signed
    made = related_section.made(archive.documents, finding.related, archive.entities, archive.topics, urls,
                                last_made)
    del last_made
    if store is not None:  # (one pickled at a time: at 100,000 documents they are 330 and 400 MB)
        store.put_many([(last_key, result_store.dumps((found, made, finding)))])
        store.put_many([(shown_key, result_store.dumps((whole, made.sections)))])
        store.prune(set(text_keys.values()) | {last_key, shown_key})
    return made.sections


def join_related(pages: dict[str, Page], archive: Archive, ends: dict[str, str]) -> None:
    """End each document's page in ``pages`` with its related documents (``ends``: see
    :func:`related_ends`), if it has any."""
    for doc in archive.documents:
        if doc.id in ends:
            pages[doc.page] = document_foot.ended(pages[doc.page], ends[doc.id])
