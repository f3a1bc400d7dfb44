"""The per-document work: each document's stages, then what emit makes of it alone; run on
batches of documents, in parallel, and kept in the result store under a hash of the inputs.

Everything a batch needs is in a picklable :class:`Batch` (the documents with their bytes,
sidecar corrections and annotations; the register; the topics), and :func:`run_batch` is a plain
top-level function, so the batches can go to any :class:`concurrent.futures.Executor`: the
default is a process pool on every core; a cluster engine's executor works the same way.

Changing one annotation or sidecar redoes that document only; changing the entity
register or the topics redoes every document, since linking and topics depend on them.
"""

from __future__ import annotations

import copy
import os
import pickle
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from itertools import repeat
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

from builder import store as result_store
from builder.keptvalues import Kept
from builder.emit.frontmatter import KeptPage
from builder.emit.per_document import DocumentOutput, make_documents
from builder.emit.urls import Urls
from builder.model import Annotation, Archive, Assignment, Diagnostic, Document, Mention
from builder.model.indexes import by_document
from builder.stages.annotations import anchor_annotations
from builder.stages.clean import clean_documents
from builder.stages.collection import apply_defaults
from builder.stages.decode import decode_sources
from builder.stages.duplicates import sketch_documents
from builder.stages.empty import drop_empty
from builder.stages.extract import extract_metadata
from builder.stages.link import link_entities
from builder.stages.read import with_bytes
from builder.stages.segment import segment_documents
from builder.stages.sidecars import apply_corrections
from builder.stages.topics import assign_topics
from builder.pipeline.keys import document_key, fingerprint, text_key
from builder.pipeline.merging import merge
from builder.pipeline.related import signed_by
from builder.pipeline.stores import Stores, hold
from builder.pipeline.texts import Texts
from builder.timings import Progress, Timings
from builder.workers import die_with_parent

BATCH_SIZE = 200
"""Documents per batch sent to a worker: sending the register is cheap, the cores evenly busy."""
PARALLEL_FROM = 100
"""Fewer documents than this to compute are processed here (starting workers would cost more)."""


def stages(density: str):
    """The per-document stages, in order."""
    return (
        decode_sources,     # bytes -> clean Unicode lines (BOM, UTF-8, cp1252 fallback)
        clean_documents,    # remove web boilerplate, recording every removed line
        extract_metadata,   # title, authors, date, publication... from the text itself
        segment_documents,  # paragraphs in original order, with stable anchors
        apply_corrections,  # editors' sidecar corrections override what extraction found
        apply_defaults,     # collection.yml's defaults fill what neither the text nor the sidecar gave
        drop_empty,         # a document with no text left is reported and left out
        sketch_documents,   # a sketch of each body, to find near-identical copies among them all
        partial(link_entities, density=density),  # mentions of register entities
        assign_topics,      # the topics each document belongs to, with the reasons
        anchor_annotations,   # each annotation to the passage it quotes
    )


@dataclass
class Batch:
    content_dir: Path
    documents: list[Document]
    annotations: list[Annotation]  # those of these documents
    entities: dict
    topics: dict
    density: str
    urls: Urls
    own: bool = False
    """The documents and annotations are this batch's own (it is pickled on its way to a
    worker of the default process pool): the stages change them without copying them first."""
    apart: bool = False
    """Each document's paragraphs are sent back apart from its result, which has none (with a
    result store: builder.pipeline.texts); and its page, which the result names as kept in the
    store's file ``pages`` under the document's key (``keys``: emit.frontmatter.KeptPage)."""
    keys: dict = field(default_factory=dict)
    pages: str = ""


@dataclass
class Result:
    """What the per-document work found and made of one document (``document`` is None when
    it was left out). Its :class:`~builder.emit.per_document.DocumentParts` travel and are
    kept on their own (see :func:`run_batch`)."""

    document: Document | None
    mentions: list[Mention] = field(default_factory=list)
    unresolved: list = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    output: DocumentOutput | None = None

    def __reduce__(self):
        # Its mentions and topics as plain tuples, made named tuples again in C (a rebuild reads
        # 280,000 mentions back at 10,000 documents; unpickled one by one, they took 40% longer).
        return _result, (self.document, tuple(map(tuple, self.mentions)), self.unresolved,
                         tuple(map(tuple, self.assignments)), self.annotations, self.diagnostics, self.output)


def _result(document, mentions, unresolved, assignments, annotations, diagnostics, output) -> Result:
    return Result(document, list(map(tuple.__new__, repeat(Mention), mentions)), unresolved,
                  list(map(tuple.__new__, repeat(Assignment), assignments)), annotations, diagnostics, output)


def run_batch(batch: Batch) -> tuple[dict[str, tuple[bytes, bytes | None, bytes | None, bytes | None, bytes | None]],
                                     dict[str, float]]:
    """Run the per-document stages over one batch, then make what emit makes of each document
    alone, and its signature (for related documents, pipeline.related.signed_by). Returns each
    document's :class:`Result`, its parts, its signature and (``batch.apart``) its paragraphs
    and its page, each pickled (as the store keeps them, so the caller stores them without pickling them
    again, and the pickling is done here, in parallel); and seconds per stage."""
    # Copies, unless the batch was pickled on its way here: in this process, or in a thread
    # of another executor, the stages must not change the caller's objects.
    copied = (lambda value: value) if batch.own else copy.deepcopy
    paths = {doc.source.path: doc.id for doc in batch.documents}  # (read before the stages let go of the sources)
    archive = Archive(content_dir=batch.content_dir, documents=copied(batch.documents), entities=batch.entities,
                      topics=batch.topics, annotations=copied(batch.annotations))
    timings = Timings()
    for stage in stages(batch.density):
        with timings.timed(timings.workers, getattr(stage, "func", stage).__name__):
            archive = stage(archive)
    with timings.timed(timings.workers, "emit_documents"):
        made = make_documents(archive.documents, by_document(archive.mentions), archive.assignments,
                              archive.annotations, archive.entities, archive.topics, batch.urls)
    for doc in archive.documents:
        doc.lines = []  # the text stages' working material; paragraphs and removals keep what is needed
        doc.source = None  # the caller has it, bytes and all (see merge): neither sent back nor kept
    kept = {doc.id: doc for doc in archive.documents}
    results = {doc.id: Result(kept.get(doc.id)) for doc in batch.documents}
    for doc_id, (output, _) in made.items():
        results[doc_id].output = output
    for name in ("mentions", "unresolved", "assignments", "annotations"):
        for item in getattr(archive, name):
            getattr(results[item.doc], name).append(item)
    annotation_docs = {a.path: a.doc for a in batch.annotations}
    for diagnostic in archive.diagnostics:
        doc_id = paths.get(diagnostic.path) or annotation_docs.get(diagnostic.path)
        if doc_id is None:
            raise AssertionError(f"a per-document stage reported on {diagnostic.path}, which is not one of its documents")
        results[doc_id].diagnostics.append(diagnostic)
    with timings.timed(timings.workers, "signatures"):  # (per document: made here, in parallel, not by the caller)
        signed = {doc_id: signed_by(result.document, result.mentions, [a.topic for a in result.assignments])
                  for doc_id, result in results.items() if result.document is not None}
    with timings.timed(timings.workers, "pickle"):
        texts = {}
        for doc in archive.documents if batch.apart else ():  # (its word count made first: the document keeps it)
            texts[doc.id], _ = result_store.dumps(doc.paragraphs), doc.word_count
            doc.paragraphs = None  # see builder.pipeline.texts
        pages = {}
        for doc_id, result in results.items() if batch.apart else ():
            if result.output is not None and result.output.page is not None:
                pages[doc_id] = blob = result_store.dumps(result.output.page)
                result.output.page = KeptPage(batch.pages, batch.keys[doc_id], len(blob))
        pickled = {doc_id: (result_store.dumps(result), result_store.dumps(made[doc_id][1]) if doc_id in made else None,
                            result_store.dumps(signed[doc_id]) if doc_id in signed else None, texts.get(doc_id),
                            pages.get(doc_id))
                   for doc_id, result in results.items()}
    return pickled, timings.workers


def _default_executor(jobs: int) -> Executor:
    # Workers start as copies of this process (fork): nothing is imported or read twice. They
    # end with it, even when it is killed (see workers).
    context = get_context("fork") if "fork" in get_all_start_methods() else None
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=die_with_parent,
                               initargs=(os.getpid(),))


@dataclass
class Processed:
    """What :func:`process_documents` gives the rest of the build."""

    outputs: dict[str, DocumentOutput]  # document id -> what emit made of it alone
    parts: Kept  # document id -> its DocumentParts, read when asked for
    mentions_by_doc: dict[str, list[Mention]]  # each document's mentions, as the results had them
    text_keys: dict[str, str]  # with a store: document id -> text_key (what pages made from many documents are kept under)
    signatures: dict[str, bytes]  # without a store: document id -> its signature made in this build, pickled (pipeline.related)
    fingerprint: str  # with a store: the register's, topics' and code's hash
    reused: int  # documents whose results came from the store
    computed: int  # documents whose per-document work ran in this build
    texts: Texts | None = None  # with a store: where each document's paragraphs are kept (see builder.pipeline.texts)


def process_documents(archive: Archive, density: str, urls: Urls, stores: Stores | None, timings: Timings,
                      executor: Executor | None = None, jobs: int = 0, progress: Progress | None = None,
                      held: dict | None = None) -> Processed:
    """Run the per-document work over every document of ``archive`` and merge the results
    into it.

    Documents whose inputs are unchanged since the last build come from ``stores`` (if
    given). The others go in batches to ``executor``, or, without one, to a process pool of
    ``jobs`` workers (0: one per core), or run here when they are few. ``progress`` is told
    how many documents are done, as each batch comes back. ``held``: see stores.HELD_UP_TO.
    """
    by_doc: dict[str, list[Annotation]] = {}
    for annotation in archive.annotations:
        by_doc.setdefault(annotation.doc, []).append(annotation)
    started = time.perf_counter()
    common = fingerprint(archive) if stores else ""
    shared = result_store.hashed(common, density, repr(urls))
    texts = {doc.id: text_key(doc, common, density, urls, shared) for doc in archive.documents} if stores else {}
    keys = {doc.id: document_key(texts[doc.id], by_doc.get(doc.id, [])) for doc in archive.documents} if stores else {}
    found = stores.results_held(list(keys.values()), held) if stores else {}
    results: dict[str, Result] = {doc.id: found[keys[doc.id]] for doc in archive.documents if keys.get(doc.id) in found}
    timings.add(timings.workers, "cache_read", time.perf_counter() - started)
    todo, changed = with_bytes(archive, [doc for doc in archive.documents if doc.id not in results])
    for doc in (doc for doc in todo if doc.id in changed and stores):  # not the bytes of its digest: keyed again
        texts[doc.id] = text_key(doc, common, density, urls, shared)
        keys[doc.id] = document_key(texts[doc.id], by_doc.get(doc.id, []))
    reused = len(results)
    jobs = jobs or os.cpu_count() or 1
    # Forking a process that runs other threads (`archive serve` rebuilds in one) can hang the
    # copies, so there the stages run in this process; the store keeps such rebuilds small.
    here = executor is None and (len(todo) < PARALLEL_FROM or jobs == 1 or threading.active_count() > 1)
    own = not here and executor is None
    batches = [Batch(archive.content_dir, todo[i:i + BATCH_SIZE],
                     [a for doc in todo[i:i + BATCH_SIZE] for a in by_doc.get(doc.id, [])],
                     archive.entities, archive.topics, density, urls, own=own, apart=stores is not None,
                     keys={doc.id: keys[doc.id] for doc in todo[i:i + BATCH_SIZE]} if stores else {},
                     pages=stores.document_pages.path.stem if stores else "")
               for i in range(0, len(todo), BATCH_SIZE)]
    if not here:
        executor = executor or _default_executor(jobs)
    made_parts: dict[str, bytes] = {}
    made_signatures: dict[str, bytes] = {}
    if progress is not None:
        progress("documents", reused, len(archive.documents))
    try:
        # Each batch's results are taken in (and stored) as they come, while the workers go on
        # with the next ones.
        for batch_results, seconds in map(run_batch, batches) if here else executor.map(run_batch, batches):
            for name, value in seconds.items():
                timings.add(timings.workers, name, value)
            with timings.timed(timings.workers, "unpickle"):
                for doc_id, (blob, parts, signed, *_) in batch_results.items():
                    results[doc_id] = pickle.loads(blob)
                    if not stores:  # else read from the store when needed
                        if parts is not None:
                            made_parts[doc_id] = parts
                        if signed is not None:
                            made_signatures[doc_id] = signed
            if stores:
                with timings.timed(timings.workers, "cache_write"):
                    stores.results.put_many((keys[doc_id], blob) for doc_id, (blob, *_) in batch_results.items())
                    stores.texts.put_many((keys[doc_id], text) for doc_id, (*_, text, _) in batch_results.items()
                                          if text is not None)
                    stores.document_pages.put_many((keys[doc_id], page) for doc_id, (*_, page) in batch_results.items()
                                                   if page is not None)
                    stores.parts.put_many((keys[doc_id], parts) for doc_id, (_, parts, *_) in batch_results.items()
                                          if parts is not None)
                    # (under the document's text key: what pipeline.related asks for them by)
                    stores.signatures.put_many((texts[doc_id], signed) for doc_id, (_, _, signed, *_) in batch_results.items()
                                               if signed is not None)
            if progress is not None:
                progress("documents", len(results), len(archive.documents))
    finally:
        if own:
            executor.shutdown()
    kept = {doc.id for doc in archive.documents if results[doc.id].document is not None}
    if stores:
        hold(held, {keys[doc_id]: result for doc_id, result in results.items()})
        stores.results.prune(set(keys.values()))
        stores.parts.prune({keys[doc_id] for doc_id in kept})
        stores.texts.prune({keys[doc_id] for doc_id in kept})
        stores.document_pages.prune({keys[doc_id] for doc_id in kept})
    mentions_by_doc = merge(archive, results, held is not None)
    return Processed({doc_id: results[doc_id].output for doc_id in kept if results[doc_id].output is not None},
                     Kept(stores.parts if stores else None, {d: keys[d] for d in kept if d in keys}, made_parts),
                     mentions_by_doc, {doc_id: texts[doc_id] for doc_id in kept} if stores else {}, made_signatures,
                     common, reused, len(todo),
                     Texts(stores.texts.path.parent, stores.texts.path.stem, {d: keys[d] for d in kept}) if stores else None)
