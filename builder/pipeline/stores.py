"""The result store's files one build uses (see builder.store)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builder import store as result_store
from builder.emit.urls import Urls


SOURCES_READ = "sources read, 1"
"""The key (with the content folder's path) of the sources as the last build read them; the
number is the form of what is kept."""


@dataclass
class Stores:
    """The result store's files for one build: documents' results, and their parts; pages made
    from many documents; documents' signatures (for related documents); the checks' findings
    (the copies found, builder.pipeline.copies); the sources as the last build read them
    (builder.stages.read.known_sources)."""

    results: result_store.Cache
    parts: result_store.Cache
    pages: result_store.Cache
    signatures: result_store.Cache
    checks: result_store.Cache
    sources: result_store.Cache

    @classmethod
    def open(cls, folder: Path, urls: Urls) -> "Stores":
        # The hosted site and the offline bundle (pages as .html files) keep separate files, so
        # building one never evicts the other's results.
        suffix = "" if urls.directory else "-offline"
        opened: list[result_store.Cache] = []
        try:
            for name in ("documents", "document-parts", "pages", "document-signatures", "checks", "sources-read"):
                opened.append(result_store.Cache(folder, f"{name}{suffix}"))
        except BaseException:
            for cache in opened:
                cache.close()
            raise
        return cls(*opened)

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
        for cache in (self.results, self.parts, self.pages, self.signatures, self.checks, self.sources):
            cache.close()

    def __enter__(self) -> "Stores":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
