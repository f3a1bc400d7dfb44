"""The model's last readers, before any page is rendered; then, if the pages are rendered on
every core, the model let go of.

Once MkDocs has its files and navigation (the plugin's ``on_nav``), two writers still read the
model (the pipeline's :class:`~builder.pipeline.Build`): the published files
(:mod:`bridge.published`: the originals are made from the sources) and the search index
(:mod:`bridge.search`). The first are written then, before the rendering; the index's part of
the documents is made then, and written with its part of hand-written pages, which it reads
from Material's index once they are rendered (:func:`bridge.search.write_rest`), while the
other processes still render (writing its 10,000 files at 10,000 documents took about 2 s).

When the pages are rendered on every core (:mod:`bridge.parallel`), the building process then
lets go of the model before it forks. A forked process shares the building process's memory as
it was at the fork, and each page of that memory either process writes afterwards is copied
for the writer: a reference count raised by reading an object writes. The index, written by the
building process while the others rendered, read every document, and so copied most of the
model once more; and the model lived to the end for nothing. At 10,000 documents a build's
peak over all its processes fell by 350 to 400 MB: 1.96 to 1.62 GB with the stages' results
from the cache, 2.47 to 2.09 GB from scratch (where the peak is now the stages' own).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from builder.bridge import published, search
from builder.pipeline import Build
from builder.timings import Progress


def write_from_model(site_dir: Path, result: Build, files: dict, urls, reuse, progress: Progress | None) -> search.Rest:
    """Write the published ``files`` into ``site_dir`` and make the documents' part of the search
    index; return what the index is written from (bridge.search.write_rest)."""
    published.write(site_dir, files, reuse)
    documents = result.tally.documents
    if progress is not None:
        progress("search", 0, documents)
    with result.timings.timed(result.timings.stages, "search index"):
        rest = search.from_model(result, urls, reuse)  # (its files written while the others render)
    if progress is not None:
        progress("search", documents, documents)
    return rest


def without_model(result: Build) -> Build:
    """``result`` without the model, the tables made from it and the documents' search words.
    Once the caller drops ``result``, they are freed as their last reference goes (the model
    holds no reference cycles: a full collection freed nothing more), frozen or not; what is
    freed is handed back to the system by bridge.parallel, before it forks."""
    return dataclasses.replace(result, archive=None, index=None, search={})
