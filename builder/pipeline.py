"""The build, read top to bottom: collect everything, then link, then emit.

:func:`collect` runs the stages over the content folder and returns the model with every
problem found; it writes nothing but the cache. :func:`build` adds the emitted pages.
Stages are small functions ``Archive -> Archive`` listed in order by :func:`stages`; the
per-document ones run in parallel batches (:mod:`builder.document_stages`).
"""

from __future__ import annotations

import gc
import time
from contextlib import contextmanager
from concurrent.futures import Executor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from builder.document_stages import process_documents
from builder.emit import emit
from builder.emit.frontmatter import Page
from builder.emit.reuse import Reuse
from builder.emit.urls import Urls
from builder.model import Archive, Diagnostic
from builder.stages.aliases import check_aliases
from builder.stages.annotations import load_annotations
from builder.stages.link import DENSITIES
from builder.stages.pages import check_pages
from builder.stages.read import read_sources
from builder.stages.redirects import load_redirects
from builder.stages.register import load_register
from builder.stages.sidecars import load_sidecars
from builder.stages.topics import check_topics, load_topics


@dataclass(frozen=True)
class Options:
    """Build settings (from the plugin's options in mkdocs.yml)."""

    link_density: str = "document"  # one of stages.link.DENSITIES
    directory_urls: bool = True  # False for the offline bundle (pages as .html files)
    jobs: int = 0  # worker processes for the per-document stages; 0: one per core

    def __post_init__(self) -> None:
        if self.link_density not in DENSITIES:
            raise ValueError(f"link_density must be one of {', '.join(DENSITIES)}, not {self.link_density!r}")


def stages(options: Options, executor: Executor | None = None, cache_dir: Path | None = None):
    """The stages in order. Everything is collected before anything is linked."""
    return (
        load_register,      # the editors' entity register, validated
        load_topics,        # the editors' topics, validated
        read_sources,       # find source files, give each a stable id
        load_sidecars,      # the editors' metadata corrections, validated
        load_annotations,   # the editors' annotations, validated (they name documents by id)
        load_redirects,     # old ids that must keep working
        check_pages,        # hand-written pages (MkDocs reads them): none may lead out of the archive
        # decode, clean, extract, segment, correct, link, assign topics, anchor annotations:
        # per document, in parallel, cached by content (see document_stages)
        partial(process_documents, density=options.link_density, urls=Urls(directory=options.directory_urls),
                executor=executor, jobs=options.jobs, cache_dir=cache_dir),
        check_topics,       # topics' and sidecars' references; topics that match nothing
        check_aliases,      # aliases and short forms that would link ordinary words
    )


def collect(content_dir: Path, options: Options = Options(), executor: Executor | None = None,
            cache_dir: Path | None = None) -> Archive:
    """Read and understand the whole content folder. Writes nothing (but the cache, if given)."""
    archive = Archive(content_dir=Path(content_dir).resolve())
    for stage in stages(options, executor, cache_dir):
        started = time.perf_counter()
        archive = stage(archive)
        name = getattr(stage, "func", stage).__name__
        archive.timings[name] = archive.timings.get(name, 0.0) + time.perf_counter() - started
    archive.diagnostics.sort(key=Diagnostic.sort_key)
    return archive


class ContentErrors(Exception):
    """The content has errors that stop the build; nothing was emitted."""

    def __init__(self, archive: Archive) -> None:
        super().__init__(f"{len(archive.blocking_errors)} error(s) in the content")
        self.archive = archive


@dataclass
class Build:
    archive: Archive
    pages: dict[str, Page]  # page path in the site -> front matter and Markdown
    files: dict[str, bytes]  # file path in the site -> bytes, published as is
    kept: int = 0  # pages or groups of pages made from many documents, kept from the last build (see emit.reuse)
    made: int = 0  # ... and made in this one


def build(content_dir: Path, title: str, description: str = "", options: Options = Options(),
          site_url: str = "", executor: Executor | None = None, cache_dir: Path | None = None) -> Build:
    """Collect; stop with every blocking error before anything is emitted; then emit."""
    with few_collections():
        archive = collect(content_dir, options, executor, cache_dir)
        try:
            if archive.blocking_errors:
                raise ContentErrors(archive)
            urls = Urls(directory=options.directory_urls)
            started = time.perf_counter()
            # Pages made from many documents, kept from the last build where what they are made
            # from is unchanged (the hosted site and the offline bundle keep separate files).
            reuse = Reuse(archive, cache_dir, "pages" if urls.directory else "pages-offline")
            pages, files = emit(archive, title, description, site_url, urls, reuse)
            with archive.timed("page cache upkeep"):
                reuse.close()
            # In the pages now (the entity pages' parts were joined into them), but for the search
            # entries, which the index is given once MkDocs has written it.
            archive.search_summaries = {doc_id: made.search for doc_id, made in archive.rendered.items()
                                        if made.urls == urls and made.search}
            archive.rendered = {}
            archive.timings["emit"] = time.perf_counter() - started
        finally:
            for store in archive.caches:  # nothing reads from the results any more
                store.close()
            archive.caches = []
    return Build(archive, pages, files, reuse.reused, reuse.computed)


@contextmanager
def few_collections():
    """Python's cycle collector, left alone, walks every object of the model again and again
    as the model grows (on a 10,000-document archive that was half of the builder's time).
    The model holds no reference cycles, so the collector waits until the build is done."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
