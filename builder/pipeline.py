"""The build, read top to bottom: collect everything, then (later) link, then emit.

:func:`collect` runs the stages over the content folder and returns the model with every
problem found; it writes nothing. :func:`build` adds the emitted pages. Stages are small
functions ``Archive -> Archive`` listed in order in :data:`STAGES`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from builder.emit import data_files, emit_pages
from builder.emit.frontmatter import Page
from builder.emit.urls import Urls
from builder.model import Archive, Diagnostic
from builder.stages.annotations import anchor_annotations, load_annotations
from builder.stages.clean import clean_documents
from builder.stages.decode import decode_sources
from builder.stages.extract import extract_metadata
from builder.stages.link import DENSITIES, link_entities
from builder.stages.read import read_sources
from builder.stages.redirects import load_redirects
from builder.stages.register import load_register
from builder.stages.segment import segment_documents
from builder.stages.sidecars import apply_sidecars
from builder.stages.topics import assign_topics, load_topics


def drop_empty(archive: Archive) -> Archive:
    """A document with no text left after cleaning is reported and left out."""
    kept = []
    for doc in archive.documents:
        if doc.paragraphs:
            kept.append(doc)
        else:
            archive.report(Diagnostic("error", doc.source.path, 0, 0, "source-no-text",
                                      f"'{doc.source.path}' has no text left once boilerplate is removed; it was left out",
                                      "check that the file holds the article, not only a page's navigation"))
    archive.documents = kept
    return archive


@dataclass(frozen=True)
class Options:
    """Build settings (from the plugin's options in mkdocs.yml)."""

    link_density: str = "document"  # one of stages.link.DENSITIES
    directory_urls: bool = True  # False for the offline bundle (pages as .html files)

    def __post_init__(self) -> None:
        if self.link_density not in DENSITIES:
            raise ValueError(f"link_density must be one of {', '.join(DENSITIES)}, not {self.link_density!r}")


def stages(options: Options):
    """The stages in order. Everything is collected before anything is linked."""
    return (
        load_register,      # the editors' entity register, validated
        load_topics,        # the editors' topics, validated
        read_sources,       # find source files, give each a stable id
        decode_sources,     # bytes -> clean Unicode lines (BOM, UTF-8, cp1252 fallback)
        clean_documents,    # remove web boilerplate, recording every removed line
        extract_metadata,   # title, authors, date, publication... from the text itself
        segment_documents,  # paragraphs in original order, with stable anchors
        apply_sidecars,     # editors' corrections override what extraction found
        drop_empty,         # a document with no text left is reported and left out
        load_annotations,   # the editors' annotations, validated (they name documents by id)
        load_redirects,     # old ids that must keep working
        partial(link_entities, density=options.link_density),  # mentions of register entities
        assign_topics,      # documents to topics, with the reasons
        anchor_annotations, # each annotation to the passage it quotes
    )


def collect(content_dir: Path, options: Options = Options()) -> Archive:
    """Read and understand the whole content folder. Writes nothing."""
    archive = Archive(content_dir=Path(content_dir).resolve())
    for stage in stages(options):
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


def build(content_dir: Path, title: str, description: str = "", options: Options = Options(),
          site_url: str = "") -> Build:
    """Collect; stop with every blocking error before anything is emitted; then emit."""
    archive = collect(content_dir, options)
    if archive.blocking_errors:
        raise ContentErrors(archive)
    urls = Urls(directory=options.directory_urls)
    started = time.perf_counter()
    pages = emit_pages(archive, title, description, urls)
    files = data_files(archive, title, site_url, urls)
    archive.timings["emit"] = time.perf_counter() - started
    return Build(archive, pages, files)
