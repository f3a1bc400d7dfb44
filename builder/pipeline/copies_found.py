"""The copies among the documents found as ``builder.stages.duplicates.copies_found`` finds
them, with each comparison of two texts kept between builds (by what the two texts are).

Finding copies compares each document with its candidates (the documents sharing a band of
its sketch): at 10,000 documents, 4,700 comparisons of two texts took most of the 2 to 4 s the
finding took after one paragraph was edited. A comparison depends only on the two texts, so
the ones made in the last build are read back, and only those of the edited document are made
again: the finding is the same (the same steps, in the same order, with the same answers),
only the answers the last build had are not worked out twice.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from builder.model import Archive, Document
from builder.stages import duplicates
from builder.stages.duplicates import BANDS, BINS, MAX_COMPARED, ROUGH, ROWS, Copies

if TYPE_CHECKING:
    import numpy as np

Compared = dict[tuple[bytes, bytes], "float | None"]
"""How alike two texts are (duplicates._alike), by the hashes of the two texts."""


Order = list[tuple[str, bytes]]
"""The documents in the order the finding takes them, each with a hash of what it reads of it."""


def copies_found(archive: Archive, texts: dict[str, bytes], kept: Compared, compared: Compared,
                 reads: dict[str, bytes] | None = None, last: tuple[Order, Copies] | None = None,
                 with_text=None) -> tuple[Copies, Order]:
    """:func:`builder.stages.duplicates.copies_found` of ``archive``, each comparison of two
    documents looked up in ``kept`` by their texts' hashes (``texts``, by document id) before it
    is made; every comparison this finding needs is put in ``compared`` (and those of ``kept``
    between documents still here). (The steps below are that function's:
    ``tests/test_copies_kept.py`` checks the two agree.) Also the order it took the documents
    in, with ``reads`` (a hash of what it read of each, by id). ``with_text``: see
    duplicates.Words.

    The finding takes the documents one after another, and what it finds of one depends only
    on those before it: so, given the ``last`` finding's order and copies (with the same
    ``not_duplicate_of``), the documents before the first that is new, moved or changed are
    what they were, and are only put in their bands again, not compared."""
    import numpy as np  # (imported where it is used: a rebuild may need none)
    docs = sorted(archive.documents, key=duplicates._preferred)
    reads = reads or {}
    order = [(doc.id, reads.get(doc.id, b"")) for doc in docs]
    same = 0
    if last is not None and reads:
        for now, before in zip(order, last[0]):
            if now != before:
                break
            same += 1
    here = set(texts.values())
    compared.update({pair: how for pair, how in kept.items() if pair[0] in here and pair[1] in here})
    distinct = {frozenset((a, b)) for a, others in archive.distinct.items() for b in others}
    original: dict[str, str] = {}
    alike: dict[str, float | None] = {}
    by_bytes: dict[str, Document] = {}  # by the digest of the bytes
    copied = np.zeros(len(docs), dtype=bool)
    for n, doc in enumerate(docs):
        first = by_bytes.setdefault(doc.source.digest, doc)
        if first is not doc and frozenset((first.id, doc.id)) not in distinct:
            original[doc.id], alike[doc.id] = first.id, None
            copied[n] = True
    words = duplicates.Words(with_text)
    rows = np.zeros((len(docs), BINS), dtype=np.uint64)
    for n, doc in enumerate(docs):
        if doc.sketch:
            rows[n] = np.frombuffer(doc.sketch, dtype=np.uint64)
    bands: list[dict[bytes, list[int]]] = [{} for _ in range(BANDS)]
    width = ROWS * duplicates._VALUE
    for n, doc in enumerate(docs):
        if not doc.sketch or alike.get(doc.id, 0) is None:
            continue
        if n < same:  # as the last finding found it (see above): only put in its bands
            duplicates.into_bands(bands, doc.sketch, width, n)
            if doc.id in last[1]:
                original[doc.id], alike[doc.id] = last[1][doc.id]
                copied[n] = True
            continue
        hits: list[int] = []
        duplicates.into_bands(bands, doc.sketch, width, n, hits)
        if not hits:
            continue
        found, shared = _shared(hits)
        ranked = found[np.lexsort((found, -shared, copied[found]))[:MAX_COMPARED]]
        close = ranked[(rows[ranked] == rows[n]).sum(axis=1) >= ROUGH * BINS]
        for m in close.tolist():
            other = docs[m]
            if {frozenset((other.id, doc.id)), frozenset((duplicates._root(other.id, original), doc.id))} & distinct:
                continue
            pair = (texts[doc.id], texts[other.id])
            how = kept[pair] if pair in kept else duplicates._alike(doc, other, words)
            compared[pair] = how
            if how is not None:
                original[doc.id], alike[doc.id] = other.id, how
                copied[n] = True
                break
    return {doc_id: (original[doc_id], alike[doc_id]) for doc_id in sorted(original)}, order


def _shared(hits: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """``duplicates._shared``: the documents in ``hits``, each once in order, and how many times
    each is there; counted in Python (a call of ``np.unique`` costs more than the few hits)."""
    import numpy as np  # (imported where it is used: a rebuild may need none)
    counts = Counter(hits)
    found = sorted(counts)
    return np.array(found, dtype=np.int64), np.array([counts[m] for m in found], dtype=np.int64)
