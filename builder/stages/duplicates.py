"""Stages: find sources that are copies of one another.

Two kinds, each reported on the copy (a warning naming both files, with the fix:
``duplicate_of: <id>`` in the copy's sidecar, or delete the copy):

- **byte-identical**: the two files have the same bytes;
- **nearly identical**: the same text with small edits. Two bodies are compared as their
  sequences of words (lowercase; a word is a run of letters and digits) with rapidfuzz's
  Indel similarity: twice the words the two share in the same order, over their two lengths
  added up. At :data:`THRESHOLD` (90%) or more they are reported: a one-word change in 200
  words is 99.5% alike.

Comparing every pair would take hours at 10,000 documents, so candidates are found first by
locality-sensitive hashing, and only they are compared. Each document's body gets a sketch
(made with its other per-document results, in parallel, and kept in the result store): its
word pairs, each hashed (CRC-32), put in :data:`BINS` bins by hash, the smallest hash of each
bin kept (one-permutation MinHash; an empty bin takes the next bin's value, shifted). Two
documents whose word pairs overlap by a fraction J have a bin in common with probability
about J. The bins are taken :data:`ROWS` at a time (:data:`BANDS` bands); documents with a band
in common are candidates. Two texts 90% alike with the edits spread evenly share about two
thirds of their word pairs, and are then candidates with probability over 99.9%; unrelated
texts (under a twentieth of their word pairs in common) almost never are. Each candidate is
compared with a quick estimate from the sketches first, then with rapidfuzz. Everything is in
a fixed order (see :func:`_preferred`), so the same archive always gives the same report.
"""

from __future__ import annotations

import re
import zlib
from array import array
from typing import TYPE_CHECKING, Callable

from rapidfuzz.distance import Indel

from builder.model import Archive, Diagnostic, Document
from builder.model.documents import UNSPACED

if TYPE_CHECKING:
    import numpy as np

# numpy is imported where it is used (it takes a tenth of a second): a rebuild that processes a
# few documents (sketch_plain) and keeps the copies found (pipeline.copies) never needs it.

THRESHOLD = 0.9
"""Two bodies at least this alike (see the module's docstring) are nearly identical."""
BINS = 63
ROWS = 3
BANDS = BINS // ROWS
MAX_COMPARED = 200
"""A document is compared with at most this many candidates (those sharing the most bands
first): a bound on the work even in a corpus of thousands of near-copies of one text."""
MAX_BUCKET = 50
"""A band's value is kept for at most this many documents (the first found): a corpus of
thousands of near-copies of one text (failed captures saying "Please enable JavaScript")
would otherwise give each document every earlier one as a candidate."""
ROUGH = 0.3
"""Candidates whose sketches agree on fewer bins than this fraction are not compared further."""
_WORD = re.compile(f"[{UNSPACED}]|[^\\W{UNSPACED}]+")
"""A word: a run of letters and digits; in a script written without spaces, one character."""
_VALUE = 8  # bytes of one bin's value in a sketch


def words_of(doc: Document) -> list[str]:
    """The body's words, lowercase, in order."""
    return _WORD.findall("\n".join(p.text for p in doc.paragraphs).casefold())


def sketch(words: list[str]) -> bytes:
    """The body's sketch: :data:`BINS` values, each the smallest hash of the word pairs that
    fall in that bin ("" for a body without words). (A pair found twice adds nothing: the
    smallest hashes stay the same.)"""
    import numpy as np

    grams = map(" ".join, zip(words, words[1:])) if len(words) > 1 else words
    hashes = np.fromiter(map(zlib.crc32, map(str.encode, grams)), dtype=np.uint64)
    if not len(hashes):
        return b""
    hashes.sort()
    bins, first = np.unique(hashes % BINS, return_index=True)  # the first of each bin is its smallest
    if len(bins) == BINS:
        return hashes[first].tobytes()
    return _filled(dict(zip(bins.tolist(), hashes[first].tolist())))


def sketch_plain(words: list[str]) -> bytes:
    """:func:`sketch` without numpy (the same bytes; a document takes about half again as
    long, and no tenth of a second goes to importing numpy)."""
    grams = map(" ".join, zip(words, words[1:])) if len(words) > 1 else words
    hashes = sorted(set(map(zlib.crc32, map(str.encode, grams))), reverse=True)
    smallest = {value % BINS: value for value in hashes}  # largest first: each bin's smallest is written last
    if not smallest:
        return b""
    if len(smallest) == BINS:
        return array("Q", [smallest[i] for i in range(BINS)]).tobytes()
    return _filled(smallest)


def _filled(smallest: dict[int, int]) -> bytes:
    """A sketch from the smallest hash of each bin that has one: an empty bin takes the next
    bin's value, shifted."""
    values = []
    for i in range(BINS):
        step = 0
        while (value := smallest.get((i + step) % BINS)) is None:
            step += 1
        values.append(value + (step << 32))
    return array("Q", values).tobytes()


NUMPY_FROM = 50
"""Sketching at least this many documents at once (a batch of a build from scratch), the
per-document stage uses numpy (:func:`sketch`); fewer (a rebuild after an edit, in the building
process), :func:`sketch_plain`."""


def sketch_documents(archive: Archive) -> Archive:
    """A per-document stage: each document's :func:`sketch`, kept on it."""
    make = sketch if len(archive.documents) >= NUMPY_FROM else sketch_plain
    for doc in archive.documents:
        doc.sketch = make(words_of(doc))
    return archive


Copies = dict[str, tuple[str, float | None]]
"""Each copy found, by id -> the document it was found to copy (found before it), and how
alike the two are (None: byte-identical)."""


def find_duplicates(archive: Archive) -> Archive:
    """A check (it needs every document): report each byte-identical and each nearly identical
    copy, on the copy (:func:`copies_found`, then :func:`report_copies`)."""
    return report_copies(archive, copies_found(archive))


def copies_found(archive: Archive, with_text: Callable[[list[Document]], list[Document]] | None = None) -> Copies:
    """Every byte-identical and nearly identical copy among the documents. Of two alike
    documents, the original is the one nearer the top of sources/, then the one dated earlier,
    then the first by id (see :func:`_preferred`). What it depends on: each document's id,
    source path and bytes, date and text, and the editors' ``not_duplicate_of``. ``with_text``:
    see :class:`Words`."""
    import numpy as np

    docs = sorted(archive.documents, key=_preferred)
    distinct = {frozenset((a, b)) for a, others in archive.distinct.items() for b in others}
    original: dict[str, str] = {}  # copy -> the document it was found to copy (found before it)
    alike: dict[str, float | None] = {}  # copy -> how alike (None: byte-identical)
    by_bytes: dict[str, Document] = {}  # by the digest of the bytes
    copied = np.zeros(len(docs), dtype=bool)  # by position in docs: found to be a copy (in original)
    for n, doc in enumerate(docs):
        first = by_bytes.setdefault(doc.source.digest, doc)
        if first is not doc and frozenset((first.id, doc.id)) not in distinct:
            original[doc.id], alike[doc.id] = first.id, None
            copied[n] = True
    words = Words(with_text)
    # Every sketch as a row of numbers, so that a document's candidates are checked against it
    # at once (the rough estimate: how many bins agree); a body without words has none.
    rows = np.zeros((len(docs), BINS), dtype=np.uint64)
    for n, doc in enumerate(docs):
        if doc.sketch:
            rows[n] = np.frombuffer(doc.sketch, dtype=np.uint64)
    bands: list[dict[bytes, list[int]]] = [{} for _ in range(BANDS)]  # each band's value -> the documents with it
    width = ROWS * _VALUE
    for n, doc in enumerate(docs):
        if not doc.sketch or alike.get(doc.id, 0) is None:
            continue  # a byte-identical copy has its original's sketch: it adds nothing to compare with
        hits: list[int] = []
        into_bands(bands, doc.sketch, width, n, hits)
        if not hits:
            continue
        found, shared = _shared(hits)
        # The documents that are not copies first, then those sharing the most bands, then by position.
        ranked = found[np.lexsort((found, -shared, copied[found]))[:MAX_COMPARED]]
        close = ranked[(rows[ranked] == rows[n]).sum(axis=1) >= ROUGH * BINS]  # the sketches agree enough
        for m in close.tolist():
            other = docs[m]
            if {frozenset((other.id, doc.id)), frozenset((_root(other.id, original), doc.id))} & distinct:
                continue  # an editor said they differ (not_duplicate_of), from it or its original
            how = _alike(doc, other, words)
            if how is not None:
                original[doc.id], alike[doc.id] = other.id, how
                copied[n] = True
                break
    return {doc_id: (original[doc_id], alike[doc_id]) for doc_id in sorted(original)}


def into_bands(bands: list[dict[bytes, list[int]]], sketch: bytes, width: int, n: int,
               hits: list[int] | None = None) -> None:
    """Put the document at ``n`` in the bucket of each band of its ``sketch`` (a bucket keeps
    at most :data:`MAX_BUCKET` documents); with ``hits``, add to it the documents already in
    those buckets (one for each band shared)."""
    for band, buckets in enumerate(bands):
        key = sketch[band * width:(band + 1) * width]
        bucket = buckets.get(key)
        if bucket is None:
            buckets[key] = [n]
        else:
            if hits is not None:
                hits += bucket
            if len(bucket) < MAX_BUCKET:
                bucket.append(n)


def _shared(hits: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """The documents a document has a band in common with (``hits``: one for each band shared),
    each once in order, and how many bands each shares with it."""
    import numpy as np

    return np.unique(np.array(hits), return_counts=True)


def report_copies(archive: Archive, copies: Copies) -> Archive:
    """Report each copy of :func:`copies_found` on the copy, in the order originals are taken
    (:func:`_preferred`). A copy of a copy is told to name the original at the end of the chain."""
    original = {doc_id: first for doc_id, (first, _) in copies.items()}
    by_id = {doc.id: doc for doc in archive.documents}
    for doc in sorted(archive.documents, key=_preferred):
        # A copy whose sidecar names its original already has an error, if it is still here.
        if doc.id in copies and "duplicate_of" not in doc.sidecar_positions:
            _report(archive, doc, by_id[original[doc.id]], _root(doc.id, original), copies[doc.id][1])
    return archive


def _preferred(doc: Document) -> tuple:
    """The order in which documents are taken as originals: nearer the top of sources/ first,
    then dated earlier (undated last), then by id."""
    return doc.source.path.count("/"), doc.metadata.date or "\uffff", doc.id


def _root(doc_id: str, original: dict[str, str]) -> str:
    """The original at the end of ``doc_id``'s chain of copies (``doc_id`` itself, if no copy).
    Each copy was found after its original: a chain never goes round."""
    while doc_id in original:
        doc_id = original[doc_id]
    return doc_id


class Words:
    """:func:`words_of` each document, kept while copies are found (a document is compared with
    each of its candidates in turn, an original with each of its copies), each word kept once:
    every list holds the same string for the same word. The lists of the documents compared,
    each word a string of its own, took 2.3 GB of a build from scratch of 100,000 documents;
    kept for the last few documents compared only, the words of nearly twice as many
    documents were made."""

    def __init__(self, with_text: Callable[[list[Document]], list[Document]] | None = None) -> None:
        self._kept: dict[str, list[str]] = {}
        self._vocabulary: dict[str, str] = {}
        self._with_text = with_text  # given documents, the same with their paragraphs (their model's may be kept apart)

    def __call__(self, doc: Document) -> list[str]:
        words = self._kept.get(doc.id)
        if words is None:
            if self._with_text is not None:
                doc = self._with_text([doc])[0]
            one = self._vocabulary.setdefault
            words = self._kept[doc.id] = [one(word, word) for word in words_of(doc)]
        return words


def _alike(doc: Document, other: Document, words: Words) -> float | None:
    """How alike the two bodies are, if :data:`THRESHOLD` or more; None otherwise (two whose
    sketches agree on fewer than :data:`ROUGH` of their bins are not compared: see
    :func:`find_duplicates`)."""
    a, b = words(doc), words(other)
    if 2 * min(len(a), len(b)) < THRESHOLD * (len(a) + len(b)):
        return None  # too different in length to be alike
    alike = Indel.normalized_similarity(a, b, score_cutoff=THRESHOLD)
    return alike if alike >= THRESHOLD else None


def _report(archive: Archive, copy: Document, first: Document, root: str, alike: float | None) -> None:
    """Report ``copy``, found to copy ``first``, whose original is ``root``."""
    path, other = copy.source.path, first.source.path
    sidecar = f"{path.rpartition('.')[0]}.yml"
    if alike is None:
        message = f"'{path}' is a byte-identical copy of '{other}'"
        code = "duplicate-identical"
    else:
        message = (f"'{path}' is nearly identical to '{other}' ({int(alike * 1000) / 10:g}% of their words alike, "
                   f"in order; the threshold is {THRESHOLD:.0%})")
        code = "duplicate-near"
    if root != first.id:
        message += f", itself a copy of '{root}'"
    archive.report(Diagnostic("warning", path, 0, 0, code, message,
                              f"add 'duplicate_of: {root}' to {sidecar} (its page then forwards to the "
                              f"original), or delete '{path}'; if they are different documents, add "
                              f"'not_duplicate_of: [{first.id}]' to {sidecar}"))
