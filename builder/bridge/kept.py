"""The pages a build left in the result store, read where MkDocs reads them.

The pages made from many documents (entity, topic, year and other list pages, and the further
pages of each list) and each document's page are kept in the result store as they are made,
or found there, and the build hands the bridge each as a
:class:`builder.emit.frontmatter.KeptPage`: the store's file and the page's key, never its
text (a document's page with its feet after it: emit.document_foot.FootedPage). At 100,000
documents their text was more than a gigabyte of the building process, held from emit to the
end of the build, when only the pages that change are rendered again. :class:`KeptPages` reads a page's text from the store when MkDocs
reads the page (bridge.handover.GeneratedPage), in the process that renders it: a process
forked to render opens the store's file for itself (builder.store.Cache.db).

The store is read after the build has let go of its lock on the cache folder (the rendering
comes after it), so :class:`KeptPages` holds it as read (builder.reading) from before then to
its end: another build of the same folder drops none of the pages meanwhile. A page that
is gone all the same (build/cache removed by hand), or found by its key but unreadable (a
value kept in a file that is gone), fails the build (:class:`PageLost`, with what to do), and
the site is left as it was; its row goes, with every other such row, so that the next build
makes them again.
"""

from __future__ import annotations

from pathlib import Path

from builder import store as result_store
from builder.reading import Reading
from builder.emit.frontmatter import KeptPage, text_of


class PageLost(RuntimeError):
    """A kept page was not in the store when MkDocs read it."""


class KeptPages:
    """Reads the kept pages of one build, from the result store in ``folder`` (None: a build
    without a store, which keeps none)."""

    def __init__(self, folder: Path | None) -> None:
        """Made while the build still holds the cache folder's lock: from then to :meth:`close`,
        no other build drops any of the pages or paragraphs kept in the store (builder.reading)."""
        self.folder = folder
        self._open: dict[str, result_store.Cache] = {}
        self.reading = Reading(folder)

    def _cache(self, name: str) -> result_store.Cache:
        if self.folder is None:
            raise PageLost(f"a page is kept in the result store's {name!r}, but the build names no store")
        cache = self._open.get(name)
        if cache is None:
            cache = self._open[name] = result_store.Cache(self.folder, name)
        return cache

    def read(self, page) -> tuple[dict, str]:
        """A generated page's front matter and Markdown body; a kept page's read from the store
        (and a document's page kept there, with its feet after it: emit.document_foot.FootedPage)."""
        kept = getattr(page, "kept", None)
        if kept is not None:
            front, body = self.read(kept)
            return front, page.after(body)
        if not isinstance(page, KeptPage):
            return page.read()
        cache = self._cache(page.store)
        found = cache.get_many([page.key]).get(page.key)
        if found is None:
            cache.drop_unreadable([page.key])
            raise PageLost(f"the result store ({self.folder}) no longer holds a page this build kept there "
                           f"({page.store}, {page.key[:12]}): was build/cache removed, or used by another build, "
                           "during this one? Build again.")
        return found.read()

    def text(self, page) -> str:
        """A generated page as one Markdown file with YAML front matter (the exported copy)."""
        return text_of(*self.read(page))

    def measure(self, pages) -> None:
        """Learn the stored bytes of those of ``pages`` that are kept pages of unknown size (found
        in the store, not made by this build), in one query: what dealing them out to the
        rendering processes weighs them by (KeptPage.size)."""
        unknown: dict[str, list[KeptPage]] = {}
        for page in pages:
            page = getattr(page, "kept", None) or page  # (a document's page, with its feet)
            if isinstance(page, KeptPage) and page.stored is None:
                unknown.setdefault(page.store, []).append(page)
        for name, kept in unknown.items():
            lengths = self._cache(name).lengths([page.key for page in kept])
            for page in kept:
                page.stored = lengths.get(page.key, 0)

    def close(self) -> None:
        for cache in self._open.values():
            cache.close()
        self._open = {}
        self.reading.release()
