"""Documents made whole again where their paragraphs are needed.

With a result store, each document's paragraphs are kept apart from its other results
(:data:`builder.pipeline.stores.TEXTS`, under the same key), and the model's documents have
none (``paragraphs`` is None): what a build does after the documents' work reads them of few
documents (finding copies compares a few thousand; the aliases' check reads 200; a page
whose notes name other documents is made again; the search index writes the records of the
documents whose fragment changed). Those ask for them here, where they need them:
:func:`whole` gives copies of the documents with their paragraphs read back.
"""

from __future__ import annotations

import copy
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable, Iterator

from builder import store as result_store
from builder.model import Document

READ_AT_ONCE = 2000
"""Documents made whole at once where many are (their paragraphs read back in one go)."""

Whole = Callable[[list[Document]], list[Document]]
"""Given documents, the same documents each with its paragraphs (see :func:`whole`)."""


class TextLost(RuntimeError):
    """A document's paragraphs were not in the store while the build needed them."""


@dataclass(frozen=True)
class Texts:
    """Where one build's documents' paragraphs are kept: the store's folder and file name
    (builder.store.Cache), and each document's key in it (by id)."""

    folder: Path
    name: str
    keys: dict[str, str]


def as_they_are(docs: list[Document]) -> list[Document]:
    """A :data:`Whole` for documents that hold their paragraphs (a build without a store)."""
    return list(docs)


def whole(cache: result_store.Cache, keys: dict[str, str], docs: list[Document]) -> list[Document]:
    """``docs`` in their order, each with its paragraphs: one whose paragraphs are kept apart
    (None) is a copy of it with them read from ``cache`` (under ``keys[its id]``, read in one
    go), the others as they are."""
    apart = [doc for doc in docs if doc.paragraphs is None]
    if not apart:
        return list(docs)
    wanted = {doc.id: keys.get(doc.id) for doc in apart}
    found = cache.get_many([key for key in wanted.values() if key is not None])
    lost = sorted(doc_id for doc_id, key in wanted.items() if key not in found)
    if lost:
        raise TextLost(f"the result store no longer holds the text of {len(lost)} document(s) ({', '.join(lost[:3])}"
                       f"{', ...' if len(lost) > 3 else ''}): was build/cache removed, or used by another build, during "
                       "this one? Build again.")
    made = {}
    for doc in apart:
        made[doc.id] = one = copy.copy(doc)
        one.paragraphs = found[wanted[doc.id]]
    return [made.get(doc.id, doc) for doc in docs]


@contextmanager
def reading(texts: Texts | None) -> Iterator[Whole]:
    """A :data:`Whole` reading from the store ``texts`` names while the block runs (after the
    build, which closed its stores: the search index's records); :func:`as_they_are` without one."""
    if texts is None:
        yield as_they_are
        return
    cache = result_store.Cache(texts.folder, texts.name)
    try:
        yield partial(whole, cache, texts.keys)
    finally:
        cache.close()

