"""The store keys of a document's results (pipeline.documents): what each depends on, hashed."""

from __future__ import annotations

from builder import store as result_store
from builder.emit.urls import Urls
from builder.model import Annotation, Archive, Document


def fingerprint(archive: Archive) -> str:
    """What every document's result depends on besides its own files: the register, the
    topics, and the builder's code."""
    register = sorted((e.id, repr(e)) for e in archive.entities.values())
    topics = sorted((t.id, repr(t)) for t in archive.topics.values())
    return result_store.key(result_store.code_version(), repr(register), repr(topics))


def text_key(doc: Document, common: str, density: str, urls: Urls, shared=None) -> str:
    """A hash of everything one document's result depends on but its annotations: its
    source, its sidecar, its defaults from collection.yml, the register, the topics, the
    options and the code. Pages made
    from many documents are kept between builds under these (see emit.reuse): an edited
    annotation changes only its document's page and the annotation pages. (``shared``:
    ``store.hashed(common, density, repr(urls))``, the part every document's key shares,
    when the caller hashed it once for all.)"""
    return result_store.key_after(shared or result_store.hashed(common, density, repr(urls)), doc.id, doc.source.path,
                                  doc.source.digest, repr(doc.corrections), repr(doc.sidecar_topics), doc.editor_note,
                                  repr(sorted(doc.defaults.items())))


NO_ANNOTATIONS = repr([])


def document_key(text: str, annotations: list[Annotation]) -> str:
    """The store key of one document's result: its :func:`text_key` and its annotations."""
    return result_store.key(text, repr(sorted(map(repr, annotations))) if annotations else NO_ANNOTATIONS)
