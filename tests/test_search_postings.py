"""The search index's postings made as arrays (builder.search.postings) are those made one
posting at a time: the index's code before it, kept here as the reference, byte for byte."""

from __future__ import annotations

import random
from array import array
from bisect import bisect_left
from heapq import nlargest
from itertools import chain

import pytest

from builder.search import index, postings
from builder.search.records import Record

_LOW = (1 << 27) - 1


_SMALL = [index.ALPHABET[n] if n < 32 else index.ALPHABET[32 + (n >> 5)] + index.ALPHABET[n & 31] for n in range(1024)]


def _number(n: int) -> str:
    if n < 1024:
        return _SMALL[n]
    groups = []
    while n:
        groups.append(n & 31)
        n >>= 5
    return "".join(index.ALPHABET[32 + g] for g in reversed(groups[1:])) + index.ALPHABET[groups[0]]


def encode(packed) -> str:
    """Postings packed as ``id << 5 | impact``, in increasing id order, as the client's varint string."""
    parts, previous, small = [], 0, _SMALL
    for value in packed:
        number = value >> 5
        gap = number - previous
        parts.append(small[gap] if gap < 1024 else _number(gap))
        parts.append(small[value & 31])
        previous = number
    return "".join(parts)


def _parts(step: int) -> bytes:
    """The text part of an impact (1..15) for each count of a term (0..255), in a record whose
    length is ``step`` sixty-fourths of the average (BM25's saturation)."""
    norm = 1.2 * (1 - 0.75 + 0.75 * step / 64)
    return bytes([1] + [min(15, 1 + round(14 * tf / (tf + norm))) for tf in range(1, 256)])


def _postings(counted: list) -> dict:
    """Each term's postings in id order, as ``id << 5 | impact`` (4 bytes a posting)."""
    lengths = [sum(counts) for _, _, counts in counted]
    average = (sum(lengths) / len(counted)) if counted else 1.0
    postings: dict[str, array] = {}
    tables: dict[int, bytes] = {}
    for number, (titles, text_terms, counts) in enumerate(counted):
        step = min(64 * 16, round(64 * lengths[number] / (average or 1.0)))  # the length, to 1/64 of the average
        part = tables.get(step) or tables.setdefault(step, _parts(step))
        titled = set(titles.split(" ")) if titles else set()
        words = text_terms.split(" ") if text_terms else []
        base = number << 5
        # a term of the title alone counts 0 times in the text: part[0] is 1, its impact 17
        for term, tf in chain(zip(words, counts), ((t, 0) for t in titled.difference(words))):
            found = postings.get(term)
            if found is None:
                found = postings[term] = array("I")
            found.append(base | (part[tf] + (16 if titled and term in titled else 0)))
    return postings


_LOW = (1 << 27) - 1


def _best(packed, count: int) -> list[int]:
    """The ``count`` postings of highest impact (ties: lower id), in id order."""
    ranked = nlargest(count, [(v & 31) << 27 | (_LOW - (v >> 5)) for v in packed])  # impact, then lower id
    return sorted((_LOW - (k & _LOW)) << 5 | k >> 27 for k in ranked)


def reference_segment(name: str, offset: int, records: list, shard_characters: int = index.SHARD_CHARACTERS,
            counted: list | None = None) -> index.Segment:
    """The index of one segment's records (local ids 0.., global ``offset``..); ``counted``
    their :func:`record_terms` where already made (None where not)."""
    counted = counted or [None] * len(records)
    postings = _postings([made or index.record_terms(record) for record, made in zip(records, counted)])
    terms = sorted(postings, key=index._order)
    files: dict[str, bytes] = {}
    shards: list[list] = [[]]
    firsts, size, bigs = [""], 0, 0
    for term in terms:
        packed = postings[term]
        entry = [term, len(packed), "", 0]
        if len(packed) > index.HEAD:
            bigs += 1
            entry[2:] = [encode(_best(packed, index.HEAD)), bigs]
            files[f"{name}/b/{bigs}.js"] = index.script(f"{name}/b/{bigs}.js", encode(packed))
        else:
            entry[2] = encode(packed)
        if size >= shard_characters:
            shards.append([])
            firsts.append(term)
            size = 0
        shards[-1].append(entry)
        size += len(term) + len(entry[2]) + 12
    for number, shard in enumerate(shards):
        files[f"{name}/t/{number}.js"] = index.script(f"{name}/t/{number}.js", shard)
    hot = _hot_prefixes(shards)
    keys = [index._order(t) for t in terms]
    for number, prefix in enumerate(hot):
        start = bisect_left(keys, index._order(prefix))
        end = start
        while end < len(terms) and terms[end].startswith(prefix):
            end += 1
        common = nlargest(index.PREFIX_TERMS, terms[start:end], key=lambda t: len(postings[t]))  # stable: term order on ties
        best: dict[int, int] = {}
        for term in common:
            for packed in postings[term]:
                record, impact = packed >> 5, packed & 31
                if impact > best.get(record, 0):
                    best[record] = impact
        payload = {"terms": [[t, len(postings[t])] for t in common],
                   "postings": encode(_best([record << 5 | impact for record, impact in best.items()], index.HEAD))}
        files[f"{name}/h/{number}.js"] = index.script(f"{name}/h/{number}.js", payload)
    meta = {"name": name, "offset": offset, "records": len(records), "shards": firsts,
            "hot": {prefix: number for number, prefix in enumerate(hot)}}
    return index.Segment(meta, files)


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
    return sorted(hot, key=index._order)




WORDS = ("the of and to in archive report minister council vote sanctions refugees agency crisis "
         "António Guterres Ελλάδα Москва 北京 東京 naïve café zebra zeal zealous zero zone").split()


def corpus(seed: int, n: int, vocabulary: int = 400) -> list[Record]:
    """Records whose words follow a steep curve (a few very common: large terms, hot prefixes),
    some sparse (gaps of 1024 and more), some with no text or no title."""
    rng = random.Random(seed)
    made = [f"{rng.choice(WORDS)}{i}" if i % 3 else rng.choice(WORDS) for i in range(vocabulary)]
    records = []
    for number in range(n):
        length = rng.choice((0, 3, 40, 200, 900))
        text = " ".join(made[min(int(rng.paretovariate(0.8)) - 1, vocabulary - 1)] for _ in range(length))
        if number % 1500 == 7:
            text += " rareword"
        title = "" if number % 97 == 5 else " ".join(rng.sample(made[:60], 3))
        records.append(Record("document", title, f"documents/d{number}/", rng.choice(("", "by someone")),
                              rng.choice(("en", "", "fr")), (), (("p1", text),) if text else ()))
    return records


@pytest.mark.parametrize("seed, n, shard_characters", [(1, 0, 40), (2, 1, 40), (3, 50, 40), (4, 700, 400),
                                                       (5, 3200, 2000), (6, 3200, index.SHARD_CHARACTERS)])
def test_a_segment_is_the_reference_byte_for_byte(seed, n, shard_characters):
    records = corpus(seed, n)
    counted = [index.record_terms(r) if i % 2 else None for i, r in enumerate(records)]
    made = index.segment("d", 5, records, shard_characters, counted)
    reference = reference_segment("d", 5, records, shard_characters, counted)
    assert made.meta == reference.meta
    assert made.files.keys() == reference.files.keys()
    assert [p for p in made.files if made.files[p] != reference.files[p]] == []
    if n >= 3200:  # the corpus has what the arrays must get right
        assert any("/b/" in p for p in made.files) and any("/h/" in p for p in made.files)


def test_encoding_as_arrays_is_the_reference():
    rng = random.Random(9)
    for _ in range(50):
        records = sorted(rng.sample(range(1 << 26), rng.randint(0, 40)) + [0] * rng.randint(0, 1))
        records = sorted(set(records))
        impacts = [rng.randint(1, 31) for _ in records]
        packed = [r << 5 | i for r, i in zip(records, impacts)]
        import numpy as np
        assert postings.encode(np.array(records, dtype=np.int64), np.array(impacts, dtype=np.uint8)) == encode(packed)
        count = rng.randint(1, 30)
        chosen = postings.best(np.array(records, dtype=np.int64), np.array(impacts, dtype=np.uint8), count)
        assert [int(r) << 5 | int(i) for r, i in zip(*chosen)] == _best(packed, count)
