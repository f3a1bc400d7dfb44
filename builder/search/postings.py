"""A segment's postings made and written as arrays (numpy), not one posting at a time.

The index (``builder.search.index``) is the same, byte for byte, as made one posting at a time
(the reference kept in ``tests/test_search_postings.py``): each term's postings in record order,
as ``record << 5 | impact``; a large term's best ``count`` postings (highest impact, then lower
record); each list written as the client's base-64 varint of gaps and impacts. At 10,000
documents (a million postings) this took 1.3 s of every build that changed a document; as
arrays, a tenth of that.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
_CHARS_ASCII = ALPHABET.encode("ascii")
_K1, _B = 1.2, 0.75
_LOW = (1 << 27) - 1


class Postings:
    """Every term's postings of a segment: ``terms`` in the index's order, and term ``i``'s
    postings at ``[starts[i], starts[i + 1])`` of ``records`` and ``impacts``, in record order."""

    def __init__(self, terms: list[str], starts: np.ndarray, records: np.ndarray, impacts: np.ndarray) -> None:
        import numpy as np
        self.terms, self.starts, self.records, self.impacts = terms, starts, records, impacts
        self.df = np.diff(starts)

    def of(self, number: int) -> tuple[np.ndarray, np.ndarray]:
        start, end = self.starts[number], self.starts[number + 1]
        return self.records[start:end], self.impacts[start:end]

    def encoded(self) -> list[str]:
        """Every term's postings as :func:`encode` writes them, by term number."""
        if not self.terms:
            return []
        text, ends = _encode(self.records, self.impacts, self.starts[:-1])
        bounds = [0, *ends[self.starts[1:] - 1].tolist()]  # (every term has a posting)
        return [text[bounds[i]:bounds[i + 1]] for i in range(len(self.terms))]


def _parts(step: int) -> bytes:
    """The text part of an impact (1..15) for each count of a term (0..255), in a record whose
    length is ``step`` sixty-fourths of the average (BM25's saturation)."""
    norm = _K1 * (1 - _B + _B * step / 64)
    return bytes([1] + [min(15, 1 + round(14 * tf / (tf + norm))) for tf in range(1, 256)])


def postings(counted: list, order) -> Postings:
    """The postings of records whose terms are ``counted`` (see ``index.record_terms``); terms
    sorted by ``order`` (a key function). Impact: 16 when the term is among the record's title
    terms, plus the text part for how often it occurs (0 times for a term of the title alone)."""
    import numpy as np
    lengths = [sum(counts) for _, _, counts in counted]
    average = (sum(lengths) / len(counted)) if counted else 1.0
    vocabulary: defaultdict[str, int] = defaultdict()
    vocabulary.default_factory = vocabulary.__len__  # a new term's number: how many came before it
    number = vocabulary.__getitem__
    term_ids: list[int] = []
    counts_all: list[bytes] = []
    sizes: list[int] = []  # postings of each record
    steps: list[int] = []
    titled_at: list[int] = []  # positions (in term_ids) of postings whose term is in the title
    for record, (titles, text_terms, counts) in enumerate(counted):
        step = min(64 * 16, round(64 * lengths[record] / (average or 1.0)))  # the length, to 1/64 of the average
        every = text_terms.split(" ") if text_terms else []
        words = every[:len(counts)]  # (the terms and their counts, as zip reads them)
        titled = set(titles.split(" ")) if titles else set()
        at = len(term_ids)
        term_ids.extend(map(number, words))
        counts_all.append(bytes(counts[:len(words)]))
        if titled:
            for term in titled.intersection(words):
                titled_at.append(at + words.index(term))
            alone = titled.difference(every)
            titled_at.extend(range(len(term_ids), len(term_ids) + len(alone)))
            term_ids.extend(map(number, alone))
            counts_all.append(bytes(len(alone)))
        sizes.append(len(term_ids) - at)
        steps.append(step)
    terms = list(vocabulary)
    tables = {step: _parts(step) for step in set(steps)}
    table_of = {step: n for n, step in enumerate(tables)}
    table = np.frombuffer(b"".join(tables.values()) or bytes(256), dtype=np.uint8).reshape(-1, 256)
    tf = np.frombuffer(b"".join(counts_all), dtype=np.uint8)
    sizes_array = np.array(sizes, dtype=np.int64)
    records = np.repeat(np.arange(len(counted), dtype=np.int64), sizes_array)
    of_record = np.repeat(np.array([table_of[s] for s in steps], dtype=np.int64), sizes_array)
    impacts = table[of_record, tf].astype(np.uint8)
    impacts[np.array(titled_at, dtype=np.int64)] += 16
    rank = np.empty(len(terms), dtype=np.int64)
    sorted_terms = sorted(terms, key=order)
    rank[[vocabulary[t] for t in sorted_terms]] = np.arange(len(terms))
    ranked = rank[np.array(term_ids, dtype=np.int64)]
    by = np.argsort(ranked, kind="stable")  # by term, each term's postings in record order
    starts = np.searchsorted(ranked[by], np.arange(len(terms) + 1))
    return Postings(sorted_terms, starts, records[by], impacts[by])


def best(records: np.ndarray, impacts: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``count`` postings of highest impact (ties: lower record), in record order."""
    import numpy as np
    if len(records) > count:
        keys = impacts.astype(np.int64) << 27 | (_LOW - records)
        chosen = np.sort(np.argpartition(-keys, count - 1)[:count])  # (no two keys are equal)
        records, impacts = records[chosen], impacts[chosen]
    return records, impacts


def encode(records: np.ndarray, impacts: np.ndarray) -> str:
    """Postings (records in increasing order, and their impacts) as the client's varint string:
    each the gap from the record before (the first's from 0), then its impact."""
    import numpy as np
    return _encode(records, impacts, np.zeros(1, np.int64) if len(records) else np.zeros(0, np.int64))[0]


def _encode(records: np.ndarray, impacts: np.ndarray, firsts: np.ndarray) -> tuple[str, np.ndarray]:
    """:func:`encode` of lists one after another (each starting at one of ``firsts``), as one
    string, and the end of each posting's characters in it. A number is written in groups of 5
    bits, the highest first: each but the last as ``ALPHABET[32 + group]``, the last as
    ``ALPHABET[group]``."""
    import numpy as np
    records = np.asarray(records, dtype=np.int64)
    gaps = np.diff(records, prepend=0)
    gaps[firsts] = records[firsts]
    width = np.ones(len(gaps), dtype=np.int64)  # characters of each gap
    rest = gaps >> 5
    while rest.any():
        width += rest > 0
        rest >>= 5
    ends = np.cumsum(width + 1)
    out = np.empty(int(ends[-1]) if len(ends) else 0, dtype=np.uint8)
    starts = ends - width - 1
    for digit in range(int(width.max()) if len(width) else 0):
        has = width > digit
        shift = 5 * (width[has] - 1 - digit)
        group = (gaps[has] >> shift) & 31
        out[starts[has] + digit] = np.frombuffer(_CHARS_ASCII, dtype=np.uint8)[np.where(shift > 0, 32 + group, group)]
    out[ends - 1] = np.frombuffer(_CHARS_ASCII, dtype=np.uint8)[np.asarray(impacts, dtype=np.int64) & 31]
    return out.tobytes().decode("ascii"), ends
