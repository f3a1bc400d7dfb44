"""The result store's files one build uses (see builder.store)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from builder import store as result_store
from builder.emit.frontmatter import KeptPage
from builder.emit.urls import Urls
from builder.stages.editor_files import Parsed


HELD_UP_TO = 20_000
"""A process that builds again and again (`archive serve`) may hold the documents' results of
its last build in memory (in a :class:`Held` it owns, handed to :func:`builder.pipeline.build`),
up to this many documents, and as many editor files: the next build reads from the store only
the results it does not hold (reading 10,000 of them back took about a second of every rebuild).
Past it, holding them would keep gigabytes between builds."""

TEXTS = "document-texts"
"""The store of each document's paragraphs, kept apart from its other results (under the same
key): a build holds every document's result at once, and the paragraphs are the largest part
of one that nothing after the documents' work reads of most documents (a fifth of the model's
memory). Read where needed: builder.pipeline.texts."""

PAGES = "document-pages"
"""The store of each document's page, kept apart from its other results (under the same key):
the result names it (emit.frontmatter.KeptPage), and the bridge reads it where it renders it
(bridge.kept), so that the build never holds the documents' pages (50 MB at 10,000 documents)."""

SOURCES_READ = "sources read, 1"
"""The key (with the content folder's path) of the sources as the last build read them; the
number is the form of what is kept."""


@dataclass
class Stores:
    """The result store's files for one build: documents' results, their texts (kept apart:
    see :data:`TEXTS`) and their parts; pages made
    from many documents; documents' signatures (for related documents); the checks' findings
    (the copies found, builder.pipeline.copies); the sources as the last build read them
    (builder.stages.read.known_sources); the editor files as parsed and checked
    (stages.editor_files.Parsed)."""

    results: result_store.Cache
    texts: result_store.Cache
    document_pages: result_store.Cache
    parts: result_store.Cache
    pages: result_store.Cache
    signatures: result_store.Cache
    checks: result_store.Cache
    sources: result_store.Cache
    editor_files: result_store.Cache

    @classmethod
    def open(cls, folder: Path, urls: Urls) -> "Stores":
        # The hosted site and the offline bundle (pages as .html files) keep separate files, so
        # building one never evicts the other's results.
        suffix = "" if urls.directory else "-offline"
        opened: list[result_store.Cache] = []
        try:
            for name in ("documents", TEXTS, PAGES, "document-parts", "pages", "document-signatures", "checks", "sources-read",
                         "editor-files"):
                # (the pages and the paragraphs are read after the build lets go of the folder's lock)
                opened.append(result_store.Cache(folder, f"{name}{suffix}", read_late=name in (TEXTS, PAGES, "pages")))
        except BaseException:
            for cache in opened:
                cache.close()
            raise
        return cls(*opened)

    def results_held(self, keys: list[str], held: dict | None) -> dict:
        """The documents' results under ``keys``: those ``held`` (the last build's: see
        :data:`HELD_UP_TO`) as they are, the others read from the store; each only with its
        paragraphs and its page (kept apart, see :data:`TEXTS` and :data:`PAGES`)."""
        if not held:
            found = self.results.get_many(keys)
        else:
            found = {key: held[key] for key in keys if key in held}
            held.clear()  # (what this build does not use is let go of before the rest is read or made)
            held.update(found)
            found.update(self.results.get_many([key for key in keys if key not in found]))
        documents = [key for key, result in found.items() if result.document is not None]
        paged = {key for key in documents if isinstance(getattr(found[key].output, "page", None), KeptPage)}
        whole = self.texts.held(documents) - (paged - self.document_pages.held(list(paged)))
        return {key: result for key, result in found.items() if result.document is None or key in whole}

    def sources_read(self, content_dir: Path) -> dict:
        """Each source's status and digest as the last build of ``content_dir`` read them
        (builder.stages.read.known_sources)."""
        key = result_store.key(SOURCES_READ, str(content_dir))
        return self.sources.get_many([key]).get(key) or {}

    def keep_sources_read(self, content_dir: Path, before: dict, now: dict) -> None:
        key = result_store.key(SOURCES_READ, str(content_dir))
        if now != before:
            self.sources.put_many([(key, result_store.dumps(now))])
        self.sources.prune({key})

    def close(self) -> None:
        for cache in (self.results, self.texts, self.document_pages, self.parts, self.pages, self.signatures, self.checks,
                      self.sources, self.editor_files):
            cache.close()

    def __enter__(self) -> "Stores":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@dataclass
class Held:
    """What a process that builds again and again (`archive serve`) holds between its builds,
    handed to each (see :data:`HELD_UP_TO`): the documents' results of the last build, by key;
    the editor files it parsed (stages.editor_files.Parsed)."""

    results: dict = field(default_factory=dict)
    parsed: Parsed = field(default_factory=Parsed)


def hold(held: dict | None, results: dict) -> None:
    """Put this build's documents' results (by key) in ``held``, in place of the last build's
    (None: nothing is held; past :data:`HELD_UP_TO` documents, none)."""
    if held is not None:
        held.clear()
        if len(results) <= HELD_UP_TO:
            held.update(results)
