"""The search index as files a browser loads one at a time, from a server or from file://.

Every file is a classic script calling ``archiveSearchLoad(path, payload)``: a page may load a
script from file:// where ``fetch``, ES modules and WebAssembly fail. A query loads the root
(shard boundaries), then only the shards of its words and the fragments of the results it shows.

- ``root.js``: for each segment, its record-id range, the first term of each shard, and its hot
  prefixes (those whose terms span shards) with their file numbers.
- ``<seg>/t/<i>.js``: shard i, a list of ``[term, df, postings, big]`` in term order. A large
  term's postings there are its head (the ``HEAD`` best records); ``<seg>/b/<big>.js`` holds all.
- ``<seg>/h/<n>.js``: a hot prefix: its ``PREFIX_TERMS`` commonest terms and their best records.
- ``r/<id // 1000>/<id>.js``: a record as its result shows it, and its text for snippets.

Postings are (record id, impact) pairs in id order, written as gaps and impacts in a base-64
varint (``postings.encode``). Impact 1..31: 16 when the term is in the record's title or other names, plus
1..15 for how often it occurs in the text for the text's length (BM25's saturation).
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from heapq import nlargest
from itertools import chain

from builder.search import postings, text
from builder.search.records import Record

FORMAT = 1
ALPHABET = postings.ALPHABET
HEAD = 200
"""Postings of a large term in its shard (its best records), and records kept for a hot prefix."""
PREFIX_TERMS = 32
"""Terms a hot prefix expands to: its commonest."""
SHARD_CHARACTERS = 48_000
"""About how large a shard grows before the next begins."""
FRAGMENTS_PER_FOLDER = 1000


def script(path: str, payload) -> bytes:
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return f"archiveSearchLoad({json.dumps(path)},{data});\n".encode()


def _order(term: str) -> bytes:
    """JavaScript's string order (UTF-16 code units), which the client's binary search uses."""
    return term.encode("utf-16-be")


@dataclass
class Segment:
    """One segment's entry in ``root.js`` and its files (paths relative to the index folder)."""

    meta: dict
    files: dict[str, bytes] = field(default_factory=dict)


class _Words:
    """Term counts of texts, fast: the words of a text are found and counted at C speed, and
    each distinct word made terms once (``text.terms`` of the word alone gives the same as in
    its text: a word's terms never depend on its neighbours)."""

    LIMIT = 500_000  # distinct words kept (a corpus of 100,000 documents has about that many)

    def __init__(self) -> None:
        self.made: dict[tuple[str, bool], tuple[str, ...]] = {}

    def count(self, texts, language: str) -> Counter:
        english = text.is_english(language)
        made, language = self.made, "en" if english else "xx"
        if len(made) > self.LIMIT:
            made.clear()
        counts: Counter = Counter()
        # (each text's words apart, as in the texts joined by line ends: most texts are ASCII,
        # read faster, see text.words, though the line under a record's title is not)
        for word, times in Counter(chain.from_iterable(map(text.words, texts))).items():
            terms = made.get((word, english))
            if terms is None:
                terms = made[word, english] = tuple(text.terms(word, language))
            for term in terms:
                counts[term] += times
        return counts


_WORDS = _Words()

Terms = tuple[str, str, bytes]
"""A record's words as the index needs them, compact (a large archive's are all in memory at
once): the terms of its title and names, and those of its text, each sorted and joined by
spaces (a term has none), and how often each text term occurs (at most 255), a byte each."""


def record_terms(record: Record) -> Terms:
    """What the index needs of a record's text: made beside each document's other outputs, in
    parallel and kept with them, so that a rebuild reads no unchanged document's text."""
    titled = _WORDS.count((record.title, *record.names), record.language)
    body = sorted(_WORDS.count((record.meta, *(p for _, p in record.paragraphs)), record.language).items())
    return " ".join(sorted(titled)), " ".join(t for t, _ in body), bytes(min(n, 255) for _, n in body)


def segment(name: str, offset: int, records: list[Record | None], shard_characters: int = SHARD_CHARACTERS,
            counted: list[Terms | None] | None = None) -> Segment:
    """The index of one segment's records (local ids 0.., global ``offset``..); ``counted``
    their :func:`record_terms` where already made (None where not; a record is needed only
    there, and may be None elsewhere). (Its postings are made and written as arrays:
    builder.search.postings.)"""
    import numpy as np  # (imported where it is used: a rebuild may need none)
    counted = counted or [None] * len(records)
    made = postings.postings([done or record_terms(record) for record, done in zip(records, counted)], _order)
    terms, df = made.terms, made.df.tolist()
    encoded = made.encoded()
    files: dict[str, bytes] = {}
    shards: list[list] = [[]]
    firsts, size, bigs = [""], 0, 0
    for number, term in enumerate(terms):
        entry = [term, df[number], encoded[number], 0]
        if df[number] > HEAD:
            bigs += 1
            entry[2:] = [postings.encode(*postings.best(*made.of(number), HEAD)), bigs]
            files[f"{name}/b/{bigs}.js"] = script(f"{name}/b/{bigs}.js", encoded[number])
        if size >= shard_characters:
            shards.append([])
            firsts.append(term)
            size = 0
        shards[-1].append(entry)
        size += len(term) + len(entry[2]) + 12
    for number, shard in enumerate(shards):
        files[f"{name}/t/{number}.js"] = script(f"{name}/t/{number}.js", shard)
    hot = _hot_prefixes(shards)
    keys = [_order(t) for t in terms]
    for number, prefix in enumerate(hot):
        start = bisect_left(keys, _order(prefix))
        end = start
        while end < len(terms) and terms[end].startswith(prefix):
            end += 1
        common = nlargest(PREFIX_TERMS, range(start, end), key=df.__getitem__)  # stable: term order on ties
        best = np.zeros(len(records), dtype=np.uint8)  # each record's best impact among them
        for term in common:
            np.maximum.at(best, *made.of(term))
        found = np.flatnonzero(best)  # (an impact is at least 1)
        payload = {"terms": [[terms[t], df[t]] for t in common],
                   "postings": postings.encode(*postings.best(found, best[found], HEAD))}
        files[f"{name}/h/{number}.js"] = script(f"{name}/h/{number}.js", payload)
    meta = {"name": name, "offset": offset, "records": len(records), "shards": firsts,
            "hot": {prefix: number for number, prefix in enumerate(hot)}}
    return Segment(meta, files)


def _hot_prefixes(shards: list[list]) -> list[str]:
    """Prefixes whose terms lie in more than one shard: every prefix the last term of a shard
    shares with the first of the next."""
    hot = set()
    for before, after in zip(shards, shards[1:]):
        a, b = before[-1][0], after[0][0]
        common = 0
        while common < min(len(a), len(b)) and a[common] == b[common]:
            common += 1
        hot.update(a[:n] for n in range(1, common + 1))
    return sorted(hot, key=_order)


def fragments(offset: int, records: list[Record]) -> dict[str, bytes]:
    """Each record's fragment file, by global id."""
    return {fragment_path(number): fragment(number, record) for number, record in enumerate(records, start=offset)}


def fragment_path(number: int) -> str:
    """Where the fragment of the record of global id ``number`` is."""
    return f"r/{number // FRAGMENTS_PER_FOLDER}/{number}.js"


def fragment(number: int, record: Record) -> bytes:
    """The fragment file of the record of global id ``number``."""
    return script(fragment_path(number), {"k": record.kind, "t": record.title, "u": record.url, "m": record.meta,
                                          "l": record.language, "n": list(record.names),
                                          "p": [list(p) for p in record.paragraphs]})


def build(segments: list[tuple[str, list[Record]]], shard_characters: int = SHARD_CHARACTERS,
          counted: dict[str, list[Terms | None]] | None = None) -> dict[str, bytes]:
    """Every file of the index, by path relative to its folder: ``segments`` are (name, records)
    pairs, their records numbered one after another; ``counted`` (by segment name) their
    :func:`record_terms` where already made."""
    files: dict[str, bytes] = {}
    metas, offset = [], 0
    for name, records in segments:
        part = segment(name, offset, records, shard_characters, (counted or {}).get(name))
        files.update(part.files)
        files.update(fragments(offset, records))
        metas.append(part.meta)
        offset += len(records)
    files["root.js"] = root(metas)
    return files


def root(metas: list[dict]) -> bytes:
    """``root.js``: each segment's entry (``Segment.meta``), their records numbered one after another."""
    return script("root.js", {"format": FORMAT, "records": sum(m["records"] for m in metas), "segments": metas})
