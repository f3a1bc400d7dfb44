"""The build, read top to bottom: collect, process each document, check, emit.

:func:`build` runs the stages of :data:`COLLECT` (the editors' files and the sources),
:func:`~builder.pipeline.documents.process_documents` (each document's stages and what
emit makes of it alone, in parallel, kept in the result store), the checks of
:data:`CHECK` (what needs every document), then :func:`builder.emit.emit`, and last each document's
page ends with its related documents (:mod:`builder.pipeline.related`). :func:`collect`
is the same without emit and without the store (``archive check``). Stages are small
functions ``Archive -> Archive``; the pipeline runs them, then emit (neither of which
imports the other, or the pipeline).
"""

from __future__ import annotations

import gc
from concurrent.futures import Executor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from builder import store as result_store
from builder.emit import Site, emit
from builder.emit.frontmatter import Page
from builder.emit.reuse import Deferred, Reuse
from builder.emit.urls import Urls
from builder.model import Archive, Diagnostic, Indexes
from builder.pipeline.copies import kept_find_duplicates
from builder.pipeline.documents import Processed, process_documents
from builder.pipeline.related import join_related, related_ends
from builder.pipeline.stores import HELD_UP_TO, Held, Stores
from builder.pipeline.texts import Texts, Whole, as_they_are, whole
from builder.stages.aliases import check_aliases
from builder.stages.annotations import load_annotations
from builder.stages.collection import load_collection
from builder.stages.copies import check_originals, set_aside_duplicates
from builder.stages.duplicates import find_duplicates
from builder.stages.editor_files import Parsed
from builder.stages.link import DENSITIES
from builder.stages.pages import check_pages
from builder.stages.read import Known, known_sources, read_again, read_sources
from builder.stages.redirects import load_redirects
from builder.stages.register import load_register
from builder.stages.sidecars import load_sidecars
from builder.stages.topics import check_topics, load_topics
from builder.timings import Progress, Timings


@dataclass(frozen=True)
class Options:
    """Build settings (from the plugin's options in mkdocs.yml)."""

    link_density: str = "document"  # one of stages.link.DENSITIES
    directory_urls: bool = True  # False for the offline bundle (pages as .html files)
    jobs: int = 0  # worker processes for the per-document stages; 0: one per core
    trust_file_status: bool = True  # a source whose status on disk is unchanged is not read again (stages.read)

    def __post_init__(self) -> None:
        if self.link_density not in DENSITIES:
            raise ValueError(f"link_density must be one of {', '.join(DENSITIES)}, not {self.link_density!r}")


COLLECT = (
    load_register,      # the editors' entity register, validated
    load_topics,        # the editors' topics, validated
    read_sources,       # find source files, give each a stable id
    load_collection,    # the editors' settings for many sources at once (collection.yml), validated
    load_sidecars,      # the editors' metadata corrections, validated
    load_annotations,   # the editors' annotations, validated (they name documents by id)
    load_redirects,     # old ids that must keep working
    set_aside_duplicates,  # copies an editor declared (duplicate_of): no page, their URL forwards to the original
    check_pages,        # hand-written pages (MkDocs reads them): none may lead out of the archive
)
"""The stages that read everything before any document is processed, in order."""

CHECK = (
    check_topics,       # topics' and sidecars' references; topics that match nothing
    check_aliases,      # aliases and short forms that would link ordinary words
    find_duplicates,    # byte-identical and nearly identical sources
    check_originals,    # each declared copy's original is still in the archive
)
"""The checks that need every document processed, in order."""


def run_stages(archive: Archive, stages, timings: Timings) -> Archive:
    for stage in stages:
        with timings.timed(timings.stages, stage.__name__):
            archive = stage(archive)
    return archive


class ContentErrors(Exception):
    """The content has errors that stop the build; nothing was emitted."""

    def __init__(self, archive: Archive) -> None:
        super().__init__(f"{len(archive.blocking_errors)} error(s) in the content")
        self.archive = archive


@dataclass(frozen=True)
class Tally:
    """What a build's summary line and the bundle's manifest count of the model, kept when the
    model goes (see :class:`Build`)."""

    documents: int = 0
    entities: int = 0
    annotations: int = 0  # those anchored in their document


@dataclass
class Build:
    archive: Archive | None  # None once the bridge has let go of it (bridge.letgo: before the pages are rendered on every core)
    index: Indexes | None  # ... and so the tables made from it
    pages: dict[str, Page]  # page path in the site -> front matter and Markdown
    files: dict[str, bytes | Deferred]  # file path in the site -> bytes (or how to make them, emit.reuse.Deferred), published as is
    search: dict[str, tuple] = field(default_factory=dict)  # document id -> its words as search keeps them (search.index.record_terms), and its record's digest (search.records.digest)
    search_key: str = ""  # with a store: a hash of what the documents' part of the search index is made from (search_key)
    texts: Texts | None = None  # with a store: where the documents' paragraphs are kept (read with pipeline.texts.reading)
    timings: Timings = field(default_factory=Timings)
    reused: int = 0  # documents whose per-document results came from the store
    computed: int = 0  # ... and computed in this build
    kept: int = 0  # pages or groups of pages made from many documents, kept from the last build (see emit.reuse)
    made: int = 0  # ... and made in this one
    rendered: int = 0  # pages MkDocs rendered (counted by the bridge)
    pages_reused: int = 0  # pages the last build rendered as they would be now, kept (by the bridge)
    tally: Tally = field(default_factory=Tally)
    cache_dir: Path | None = None  # with a store: its folder, where the bridge reads the pages kept there (emit.frontmatter.KeptPage)


def build(content_dir: Path, site: Site, options: Options = Options(), executor: Executor | None = None,
          cache_dir: Path | None = None, progress: Progress | None = None, held: Held | None = None) -> Build:
    """Collect; process each document; check; stop with every blocking error before anything
    is emitted; then emit; then end each document's page with its related documents. ``held``:
    what a process that builds again and again keeps of its last build (pipeline.stores.Held),
    and this build's put in its place."""
    timings = Timings()
    urls = Urls(directory=options.directory_urls)
    stores = Stores.open(cache_dir, urls) if cache_dir else None
    with few_collections(), stores or nullcontext():
        archive, processed = understand(content_dir, options, urls, stores, timings, executor, progress, held)
        if archive.blocking_errors:
            raise ContentErrors(archive)
        index = Indexes(archive, processed.mentions_by_doc)
        # Pages made from many documents, kept from the last build where what they are made from is unchanged.
        reuse = Reuse(stores.pages if stores and processed.text_keys else None, processed.text_keys, processed.fingerprint)
        with timings.timed(timings.stages, "emit"):
            pages, files = emit(archive, index, site, urls, processed.outputs, processed.parts, reuse, timings,
                                partial(read_again, archive.content_dir), whole_of(stores, processed))
            with timings.timed(timings.emit, "page cache upkeep"):
                reuse.prune()
        with timings.timed(timings.stages, "related documents"):
            # (after emit: found before it, at 30,000 documents, the build's peak was 210 MB higher)
            ends = related_ends(archive, index, urls, processed.text_keys, stores.signatures if stores else None,
                                processed.signatures, whole_of(stores, processed))
            join_related(pages, archive, ends)
    made = {doc_id: output.search for doc_id, output in processed.outputs.items() if output.search}
    return Build(archive, index, pages, files, made, search_key(archive, made, stores is not None, urls), processed.texts,
                 timings, processed.reused, processed.computed, reuse.reused, reuse.computed,
                 tally=Tally(len(archive.documents), len(archive.entities), sum(1 for a in archive.annotations if a.spans)),
                 cache_dir=cache_dir if stores is not None else None)


def search_key(archive: Archive, made: dict[str, tuple], kept: bool, urls: Urls) -> str:
    """With a store (``kept``), what the documents' part of the search index is made from:
    each document's record (its digest, made beside its other outputs) in id order, the URL
    style and the builder's code. Not the register, the topics or the annotations: their
    records are the index's other part."""
    docs = sorted(archive.documents, key=lambda d: d.id)
    if not kept or any(doc.id not in made for doc in docs):
        return ""
    return result_store.key(result_store.code_version(), str(urls.directory),
                            *(f"{doc.id}\0{made[doc.id][1]}" for doc in docs))


def understand(content_dir: Path, options: Options, urls: Urls, stores: Stores | None, timings: Timings,
               executor: Executor | None = None, progress: Progress | None = None,
               held: Held | None = None) -> tuple[Archive, Processed]:
    """The build's phases up to emit: collect, process each document, check. The archive has
    every problem found, in order."""
    content_dir = Path(content_dir).resolve()
    known = stores.sources_read(content_dir) if stores and options.trust_file_status else None
    parsed = held.parsed if held is not None else Parsed() if stores is not None else None
    if parsed is not None:
        parsed.turn(HELD_UP_TO, stores.editor_files if stores is not None else None)
    try:
        archive = run_stages(Archive(content_dir=content_dir), collecting(known, parsed), timings)
    finally:
        if parsed is not None:
            parsed.keep()
    with timings.timed(timings.stages, "process_documents"):
        processed = process_documents(archive, options.link_density, urls, stores, timings, executor, options.jobs,
                                      progress, held.results if held is not None else None)
    if known is not None:  # (after the documents' work: a source whose bytes were not its digest's is left out)
        stores.keep_sources_read(content_dir, known, known_sources(archive))
    archive = run_stages(archive, checks(stores, processed), timings)
    archive.diagnostics.sort(key=Diagnostic.sort_key)
    return archive, processed


def collecting(known: Known | None, parsed: Parsed | None = None) -> tuple:
    """The stages of :data:`COLLECT`; given what the last build read (``known``: with a store,
    unless ``trust_file_status`` is off), the sources unchanged on disk are not read again
    (see builder.stages.read.read_sources); given the editor files parsed before (``parsed``:
    held by the process, or kept in the store), those unchanged are not parsed again."""
    def given(stage):
        if stage is read_sources and known is not None:
            chosen = partial(stage, known=known)
        elif stage in EDITOR_FILES and parsed is not None:
            chosen = partial(stage, parsed=parsed)
        else:
            return stage
        chosen.__name__ = stage.__name__  # (the timings name the stage)
        return chosen

    return tuple(map(given, COLLECT))


EDITOR_FILES = (load_register, load_topics, load_collection, load_sidecars, load_annotations)
"""The stages of :data:`COLLECT` that read editor files (given a stages.editor_files.Parsed)."""


def checks(stores: Stores | None, processed: Processed) -> tuple:
    """The stages of :data:`CHECK`; with a store, the copies found are kept between builds
    (builder.pipeline.copies), and the checks that read documents' paragraphs read them from
    it (builder.pipeline.texts)."""
    if stores is None or not processed.text_keys:
        return CHECK
    kept = kept_find_duplicates(stores.checks, processed.text_keys, whole_of(stores, processed))
    aliases = partial(check_aliases, with_text=whole_of(stores, processed))
    aliases.__name__ = check_aliases.__name__  # (the timings name the stage)
    return tuple(kept if stage is find_duplicates else aliases if stage is check_aliases else stage for stage in CHECK)


def whole_of(stores: Stores | None, processed: Processed) -> Whole:
    """How this build's stages and emit have documents whole (their paragraphs read back from
    the store: builder.pipeline.texts), while the stores are open."""
    if stores is None or processed.texts is None:
        return as_they_are
    return partial(whole, stores.texts, processed.texts.keys)


def collect(content_dir: Path, options: Options = Options(), executor: Executor | None = None) -> Archive:
    """Read and understand the whole content folder, every problem found (``archive check``):
    :func:`understand` with no result store. Writes nothing."""
    with few_collections():
        return understand(content_dir, options, Urls(directory=options.directory_urls), None, Timings(), executor)[0]


@contextmanager
def few_collections():
    """Python's cycle collector, left alone, walks every object of the model again and again
    as the model grows (on a 10,000-document archive that was half of the builder's time).
    The model holds no reference cycles, so the collector waits until the build is done.
    Turned on again, its first collection would still walk every object the build made and
    kept (0.3 s at 10,000 documents): they are frozen first (``gc.freeze``, as the MkDocs
    plugin does for the rendering), so it walks only what is made after. Frozen objects are
    freed as usual when the last reference to them goes."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()
