"""The per-document stages: run on batches of documents, in parallel, cached by content.

Everything a document's stages need is in a picklable :class:`Batch` (the documents with
their bytes, sidecar corrections and annotations; the register; the topics), and
:func:`run_batch` is a plain top-level function, so the batches can go to any
:class:`concurrent.futures.Executor`: the default is a process pool on every core; a
cluster engine's executor works the same way.

Each document's result is cached under a hash of its inputs (:func:`document_key`).
Changing one annotation or sidecar recomputes that document only; changing the entity
register or the topics recomputes every document, since linking and topics depend on them.
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
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

from builder import cache as result_cache
from builder.emit import render_documents
from builder.emit.urls import Urls
from builder.model import Annotation, Archive, Assignment, Diagnostic, Document, Mention, Rendered
from builder.stages.annotations import anchor_annotations
from builder.stages.clean import clean_documents
from builder.stages.decode import decode_sources
from builder.stages.extract import extract_metadata
from builder.stages.link import link_entities
from builder.stages.segment import segment_documents
from builder.stages.sidecars import apply_corrections
from builder.stages.topics import assign_topics
from builder.workers import die_with_parent

BATCH_SIZE = 200
"""Documents per batch sent to a worker: large enough that sending the register is cheap,
small enough that the cores stay evenly busy."""
PARALLEL_FROM = 100
"""Fewer documents than this to compute are processed in this process (starting worker
processes would cost more than it saves)."""


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


def stages(density: str):
    """The per-document stages, in order."""
    return (
        decode_sources,     # bytes -> clean Unicode lines (BOM, UTF-8, cp1252 fallback)
        clean_documents,    # remove web boilerplate, recording every removed line
        extract_metadata,   # title, authors, date, publication... from the text itself
        segment_documents,  # paragraphs in original order, with stable anchors
        apply_corrections,  # editors' sidecar corrections override what extraction found
        drop_empty,         # a document with no text left is reported and left out
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


@dataclass
class Result:
    """What the per-document stages found about one document (``document`` is None when it
    was left out)."""

    document: Document | None
    mentions: list[Mention] = field(default_factory=list)
    unresolved: list = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    rendered: Rendered | None = None  # its page and its parts of entity pages


def run_batch(batch: Batch) -> tuple[dict[str, tuple[bytes, bytes | None]], dict[str, float]]:
    """Run the per-document stages over one batch: each document's :class:`Result`, pickled
    (as the cache keeps it, so the caller stores it without pickling it again, and the
    pickling is done here, in parallel), with what its pages' parts keep apart (see
    model.Rendered); and seconds per stage."""
    # Copies, unless the batch was pickled on its way here: in this process, or in a thread
    # of another executor, the stages must not change the caller's objects.
    copied = (lambda value: value) if batch.own else copy.deepcopy
    paths = {doc.source.path: doc.id for doc in batch.documents}  # (read before the stages let go of the sources)
    archive = Archive(content_dir=batch.content_dir, documents=copied(batch.documents), entities=batch.entities,
                      topics=batch.topics, annotations=copied(batch.annotations))
    timings: dict[str, float] = {}
    for stage in stages(batch.density):
        started = time.perf_counter()
        archive = stage(archive)
        name = getattr(stage, "func", stage).__name__
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - started
    started = time.perf_counter()
    rendered = render_documents(archive, batch.urls)
    timings["emit_documents"] = time.perf_counter() - started
    for doc in archive.documents:
        doc.lines = []  # the text stages' working material; paragraphs and removals keep what is needed
        doc.source = None  # the caller has it, bytes and all (see _merge): neither sent back nor cached
    kept = {doc.id: doc for doc in archive.documents}
    results = {doc.id: Result(kept.get(doc.id), rendered=rendered.get(doc.id)) for doc in batch.documents}
    for mention in archive.mentions:
        results[mention.doc].mentions.append(mention)
    for item in archive.unresolved:
        results[item.doc].unresolved.append(item)
    for assignment in archive.assignments:
        results[assignment.doc].assignments.append(assignment)
    for annotation in archive.annotations:
        results[annotation.doc].annotations.append(annotation)
    annotation_docs = {a.path: a.doc for a in batch.annotations}
    for diagnostic in archive.diagnostics:
        doc_id = paths.get(diagnostic.path) or annotation_docs.get(diagnostic.path)
        if doc_id is None:
            raise AssertionError(f"a per-document stage reported on {diagnostic.path}, which is not one of its documents")
        results[doc_id].diagnostics.append(diagnostic)
    started = time.perf_counter()
    pickled = {}
    for doc_id, result in results.items():
        apart = result.rendered.take_apart() if result.rendered is not None else None
        pickled[doc_id] = (result_cache.dumps(result), apart)
    timings["pickle"] = time.perf_counter() - started
    return pickled, timings


def fingerprint(archive: Archive) -> str:
    """What every document's result depends on besides its own files: the register, the
    topics, and the builder's code."""
    register = sorted((e.id, repr(e)) for e in archive.entities.values())
    topics = sorted((t.id, repr(t)) for t in archive.topics.values())
    return result_cache.key(result_cache.code_version(), repr(register), repr(topics))


def text_key(doc: Document, common: str, density: str, urls: Urls) -> str:
    """A hash of everything one document's result depends on but its annotations: its
    source, its sidecar, the register, the topics, the options and the code. Pages made
    from many documents are kept between builds under these (see emit.reuse): an edited
    annotation changes only its document's page and the annotation pages."""
    return result_cache.key(common, density, repr(urls), doc.id, doc.source.path, doc.source.raw, repr(doc.corrections),
                            repr(doc.sidecar_topics), doc.editor_note)


def document_key(text: str, annotations: list[Annotation]) -> str:
    """The cache key of one document's result: its :func:`text_key` and its annotations."""
    return result_cache.key(text, repr(sorted(map(repr, annotations))))


def _default_executor(jobs: int) -> Executor:
    # Workers start as copies of this process (fork): nothing is imported or read twice. They
    # end with it, even when it is killed (see workers).
    context = get_context("fork") if "fork" in get_all_start_methods() else None
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=die_with_parent,
                               initargs=(os.getpid(),))


def process_documents(archive: Archive, density: str, urls: Urls, executor: Executor | None = None, jobs: int = 0,
                      cache_dir: Path | None = None) -> Archive:
    """Run the per-document stages over every document of ``archive`` and merge the results.

    Documents whose inputs are unchanged since the last build come from the cache in
    ``cache_dir`` (if given). The others go in batches to ``executor``, or, without one, to
    a process pool of ``jobs`` workers (0: one per core), or run here when they are few.
    """
    by_doc: dict[str, list[Annotation]] = {}
    for annotation in archive.annotations:
        by_doc.setdefault(annotation.doc, []).append(annotation)
    started = time.perf_counter()
    # The hosted site and the offline bundle (pages as .html files) keep separate files, so
    # building one never evicts the other's results.
    store = result_cache.Cache(cache_dir, "documents" if urls.directory else "documents-offline") if cache_dir else None
    common = fingerprint(archive) if store else ""
    texts = {doc.id: text_key(doc, common, density, urls) for doc in archive.documents} if store else {}
    keys = {doc.id: document_key(texts[doc.id], by_doc.get(doc.id, [])) for doc in archive.documents} if store else {}
    results: dict[str, Result] = store.get_many(list(keys.values())) if store else {}
    results = {doc.id: results[keys[doc.id]] for doc in archive.documents if keys.get(doc.id) in results}
    for doc_id, result in results.items():
        if result.rendered is not None:  # what it keeps apart is read only if asked for
            result.rendered.read_apart_from(result_cache.Apart(store, keys[doc_id]))
    archive.worker_timings["cache_read"] = time.perf_counter() - started
    todo = [doc for doc in archive.documents if doc.id not in results]
    jobs = jobs or os.cpu_count() or 1
    # Forking a process that runs other threads (`archive serve` rebuilds in one) can hang the
    # copies, so there the stages run in this process; the cache keeps such rebuilds small.
    here = executor is None and (len(todo) < PARALLEL_FROM or jobs == 1 or threading.active_count() > 1)
    if not here:
        for entity in archive.entities.values():
            entity.one_line  # computed once here, and sent with the register to every batch
    archive.reused, archive.computed = len(results), len(todo)
    own = not here and executor is None
    batches = [Batch(archive.content_dir, todo[i:i + BATCH_SIZE],
                     [a for doc in todo[i:i + BATCH_SIZE] for a in by_doc.get(doc.id, [])],
                     archive.entities, archive.topics, density, urls, own=own)
               for i in range(0, len(todo), BATCH_SIZE)]
    if not here:
        executor = executor or _default_executor(jobs)
    try:
        # Each batch's results are taken in (and cached) as it comes, while the workers go on
        # with the next ones; their pickled bytes are not kept beyond that.
        for batch_results, timings in map(run_batch, batches) if here else executor.map(run_batch, batches):
            for name, seconds in timings.items():
                archive.worker_timings[name] = archive.worker_timings.get(name, 0.0) + seconds
            started = time.perf_counter()
            for doc_id, (blob, apart) in batch_results.items():
                result = results[doc_id] = pickle.loads(blob)
                if apart is not None:
                    result.rendered.read_apart_from(result_cache.Held(apart))
            archive.worker_timings["unpickle"] = archive.worker_timings.get("unpickle", 0.0) + time.perf_counter() - started
            if store:
                started = time.perf_counter()
                store.put_many((keys[doc_id], blob, apart) for doc_id, (blob, apart) in batch_results.items())
                archive.worker_timings["cache_write"] = archive.worker_timings.get("cache_write", 0.0) + time.perf_counter() - started
    finally:
        if own:
            executor.shutdown()
    if store:  # left open: results read what they keep apart from it (see read_apart_from above)
        store.prune(set(keys.values()))
        archive.caches.append(store)
        archive.text_keys = {doc_id: texts[doc_id] for doc_id in texts if results[doc_id].document is not None}
        archive.fingerprint = common
    return _merge(archive, results)


def _merge(archive: Archive, results: dict[str, Result]) -> Archive:
    """Put the per-document results back into the archive, in a deterministic order."""
    had_mentions = bool(archive.mentions)
    ordered = [results[doc.id] for doc in archive.documents]
    for doc, result in zip(archive.documents, ordered):
        if result.document is not None:  # this build's view of the files, which the cache key leaves out
            result.document.source = doc.source
            result.document.sidecar, result.document.sidecar_positions = doc.sidecar, doc.sidecar_positions
    archive.documents = [r.document for r in ordered if r.document is not None]
    placed = {(a.doc, a.id): a for r in ordered for a in r.annotations}
    archive.annotations = [placed[(a.doc, a.id)] for a in archive.annotations if (a.doc, a.id) in placed]
    archive.rendered = {r.document.id: r.rendered for r in ordered if r.document is not None and r.rendered}
    for result in ordered:
        archive.mentions.extend(result.mentions)
        archive.unresolved.extend(result.unresolved)
        archive.diagnostics.extend(result.diagnostics)
    for result in sorted(ordered, key=lambda r: r.document.id if r.document else ""):
        archive.assignments.extend(result.assignments)
    if not had_mentions:  # then these are all the mentions, each document's together
        archive.remember_mentions_by_doc({r.mentions[0].doc: r.mentions for r in ordered if r.mentions})
    return archive
