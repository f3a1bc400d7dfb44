"""Stages: each document's related documents, and why (shared entities, shared topics,
similar words), found without comparing every pair.

Two steps:

1. **A signature of each document alone** (:func:`signature`): the register's entities it
   names, its topics, and its :data:`KEPT_WORDS` most frequent words (letters only, at least
   three; not a common English word; not inside a name the register links). The pipeline keeps
   it in the result store under the document's inputs, so a rebuild makes it only for the
   documents that changed.
2. **One pass over an inverted index** (:func:`relate`): from each feature (an entity, a topic
   or a word) to the documents that have it, in a fixed order (the caller's: newest first). A
   feature weighs its kind's weight (:data:`WEIGHTS`) times ``log(1 + N / df)`` (N documents,
   df of them have it): a name in every document tells little, one in two documents much. A
   document's words are its :data:`WORDS` most telling (count times that weight) of those at
   least two documents have. Each document takes as candidates, for each of its
   :data:`FEATURES` weightiest features, the documents at most :data:`WINDOW` places from it
   in that feature's list (all of them when the list is short; for a feature of thousands of
   documents, the nearest in the order): the work grows with the number of documents, not
   with their square. The :data:`RESCORED` candidates found in the most windows (ties: the
   first found) are scored on everything the two share (the sum of the shared features'
   weights); the :data:`LIMIT` best are kept (ties: the lower id).

A document is related to another only if they share an entity or a topic, or at least two
words. The same signatures in the same order give the same lists (everything is summed and
sorted in a fixed order).
"""

from __future__ import annotations

import heapq
import math
import re
from bisect import bisect_left
from collections import Counter
from operator import itemgetter

from builder.model import Document, Mention
from builder.model.related import Related, Signature

LIMIT = 5
"""Related documents shown on a page, at most."""
KEPT_WORDS = 40
"""Words a signature keeps (the most frequent)."""
WORDS = 8
"""Words of a document's signature that count as its features (the most telling)."""
FEATURES = 12
"""Features of a document (the weightiest) that give it candidates."""
WINDOW = 8
"""Documents on either side of a document in a feature's list taken as its candidates."""
RESCORED = 4 * LIMIT
"""Candidates (those found in the most of the windows) scored on everything the two share."""
WEIGHTS = {"entity": 1.0, "topic": 0.75, "word": 0.5}
"""How much a shared feature of each kind counts, before its rarity."""

_WORD = re.compile(r"[^\W\d_]{3,}")
COMMON = frozenset("""
about above after again against all also among and another any are around because been before being below
between both but can could did does doing down during each either even ever every few for from further had has
have having her here hers herself him himself his how however into its itself just last least less like made
make many may more most much must near neither never new nor not now off once one only other our ours ourselves
out over own per rather said same says several she should since some such than that the their theirs them
themselves then there these they this those though through thus too two under until upon very via was way were
what when where whether which while who whom whose why will with within without would year years yet you your
yours yourself also told according people time first still well back including already told percent
""".split())
"""Common English words, never counted as words a document is about."""


def signature(doc: Document, mentions: list[Mention], topics: list[str]) -> Signature:
    """A document's :class:`Signature`: its entities (``mentions``), its topics, and its
    most frequent words outside the names it mentions."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for mention in mentions:
        spans.setdefault(mention.paragraph, []).append((mention.start, mention.end))
    texts = []
    for paragraph in doc.paragraphs:
        text, pieces, at = paragraph.text, [], 0
        for start, end in sorted(spans.get(paragraph.index, ())):  # (mentions never overlap)
            pieces += [text[at:max(start, at)], " "]
            at = max(end, at)
        texts.append("".join(pieces) + text[at:])
    counts = Counter(_WORD.findall("\n".join(texts).casefold()))
    for word in COMMON.intersection(counts):
        del counts[word]
    return Signature(tuple(sorted({m.entity for m in mentions})), tuple(sorted(set(topics))), _most(counts, KEPT_WORDS))


def _most(counts: Counter, most: int) -> tuple[tuple[str, int], ...]:
    """The ``most`` words of highest count (ties: the first in alphabetical order)."""
    if len(counts) > most:
        least = heapq.nlargest(most, counts.values())[-1]
        counts = {word: count for word, count in counts.items() if count >= least}
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:most])


def relate(signatures: dict[str, Signature], order: list[str], limit: int = LIMIT) -> dict[str, list[Related]]:
    """Each document's related documents (at most ``limit``, best first; documents with none
    are left out). ``order``: every document's id, in the order the features' lists keep."""
    n = len(order)
    sigs = [signatures[doc_id] for doc_id in order]
    counted = {"entity": Counter(e for sig in sigs for e in sig.entities),
               "topic": Counter(t for sig in sigs for t in sig.topics),
               "word": Counter(w for sig in sigs for w, _ in sig.words)}
    # A feature of one document relates it to none. The features are numbered weightiest
    # first (ties: by kind, then name), so that sorting numbers sorts them so.
    named = sorted(((WEIGHTS[kind] * math.log(1 + n / df), kind, name) for kind, dfs in counted.items()
                    for name, df in dfs.items() if df > 1), key=lambda item: (-item[0], item[1], item[2]))
    weight = [w for w, _, _ in named]
    number = {(kind, name): k for k, (_, kind, name) in enumerate(named)}
    kinds = [kind for _, kind, _ in named]
    names = [name for _, _, name in named]
    features: list[frozenset[int]] = []
    postings: list[list[int]] = [[] for _ in named]
    tops: list[list[int]] = []
    for position, sig in enumerate(sigs):
        words = [(count * weight[k], k) for w, count in sig.words if (k := number.get(("word", w))) is not None]
        words.sort(key=lambda item: (-item[0], item[1]))
        mine = sorted({*(number[("entity", e)] for e in sig.entities if ("entity", e) in number),
                       *(number[("topic", t)] for t in sig.topics if ("topic", t) in number),
                       *(k for _, k in words[:WORDS])})
        features.append(frozenset(mine))
        tops.append(mine[:FEATURES])
        for k in mine:
            postings[k].append(position)
    result: dict[str, list[Related]] = {}
    for position, doc_id in enumerate(order):
        near: list[int] = []
        for k in tops[position]:
            listed = postings[k]
            at = bisect_left(listed, position)
            near += listed[max(0, at - WINDOW):at + WINDOW + 1]
        found = Counter(near)
        del found[position]
        own = features[position]
        scored = []
        for other, _ in heapq.nlargest(RESCORED, found.items(), key=itemgetter(1)):
            shared = sorted(own & features[other])  # weightiest first
            scored.append((-round(sum(map(weight.__getitem__, shared)), 9), order[other], shared))
        scored.sort()
        chosen = []
        for minus, other_id, shared in scored:
            by_kind: dict[str, list[str]] = {"entity": [], "topic": [], "word": []}
            for k in shared:
                by_kind[kinds[k]].append(names[k])
            if by_kind["entity"] or by_kind["topic"] or len(by_kind["word"]) > 1:
                chosen.append(Related(other_id, -minus, tuple(by_kind["entity"]), tuple(by_kind["topic"]),
                                      tuple(by_kind["word"])))
                if len(chosen) == limit:
                    break
        if chosen:
            result[doc_id] = chosen
    return result
