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
   with their square. The :data:`RESCORED` best candidates are scored again on everything the
   two share; the :data:`LIMIT` best are kept (ties: the lower id).

A document is related to another only if they share an entity or a topic, or at least two
words. The same signatures in the same order give the same lists (everything is summed and
sorted in a fixed order).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter

from builder.model import Document, Mention
from builder.model.related import Related, Signature

LIMIT = 5
"""Related documents shown on a page, at most."""
KEPT_WORDS = 40
"""Words a signature keeps (the most frequent)."""
WORDS = 8
"""Words of a document's signature that count as its features (the most telling)."""
FEATURES = 16
"""Features of a document (the weightiest) that give it candidates."""
WINDOW = 10
"""Documents on either side of a document in a feature's list taken as its candidates."""
RESCORED = 4 * LIMIT
"""Candidates (the best by what gave them) scored again on everything the two share."""
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
    counts: Counter[str] = Counter()
    for paragraph in doc.paragraphs:
        text = paragraph.text
        for start, end in sorted(spans.get(paragraph.index, ()), reverse=True):
            text = text[:start] + " " + text[end:]
        counts.update(word for word in _WORD.findall(text.casefold()) if word not in COMMON)
    words = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:KEPT_WORDS]
    return Signature(tuple(sorted({m.entity for m in mentions})), tuple(sorted(set(topics))), tuple(words))


Feature = tuple[str, str]  # (kind, entity id, topic id or word)


def relate(signatures: dict[str, Signature], order: list[str], limit: int = LIMIT) -> dict[str, list[Related]]:
    """Each document's related documents (at most ``limit``, best first; documents with none
    are left out). ``order``: every document's id, in the order the features' lists keep."""
    n = len(order)
    entity_df = Counter(e for doc_id in order for e in signatures[doc_id].entities)
    topic_df = Counter(t for doc_id in order for t in signatures[doc_id].topics)
    word_df = Counter(w for doc_id in order for w, _ in signatures[doc_id].words)

    def rarity(df: int) -> float:
        return math.log(1 + n / df)

    weight: dict[Feature, float] = {}
    for kind, df in (("entity", entity_df), ("topic", topic_df), ("word", word_df)):
        for name, count in df.items():
            if count > 1:  # a feature of one document relates it to none
                weight[(kind, name)] = WEIGHTS[kind] * rarity(count)
    features: list[tuple[Feature, ...]] = []
    postings: dict[Feature, list[int]] = {}
    for position, doc_id in enumerate(order):
        sig = signatures[doc_id]
        told = sorted(((count * weight[("word", w)], w) for w, count in sig.words if ("word", w) in weight),
                      key=lambda item: (-item[0], item[1]))[:WORDS]
        mine = [f for f in (*(("entity", e) for e in sig.entities), *(("topic", t) for t in sig.topics),
                            *(("word", w) for _, w in told)) if f in weight]
        mine.sort(key=lambda f: (-weight[f], f))
        features.append(tuple(mine))
        for feature in mine:
            postings.setdefault(feature, []).append(position)
    result: dict[str, list[Related]] = {}
    for position, doc_id in enumerate(order):
        mine = features[position]
        found: dict[int, float] = {}
        for feature in mine[:FEATURES]:
            listed = postings[feature]
            at = bisect_left(listed, position)
            w = weight[feature]
            for other in listed[max(0, at - WINDOW):at + WINDOW + 1]:
                if other != position:
                    found[other] = found.get(other, 0.0) + w
        if not found:
            continue
        best = sorted(found, key=lambda other: (-found[other], order[other]))[:RESCORED]
        own = set(mine)
        scored = []
        for other in best:
            shared = [f for f in features[other] if f in own]  # weightiest first
            kinds = {kind: tuple(name for k, name in shared if k == kind) for kind in WEIGHTS}
            if kinds["entity"] or kinds["topic"] or len(kinds["word"]) > 1:
                score = round(sum(weight[f] for f in shared), 9)
                scored.append(Related(order[other], score, kinds["entity"], kinds["topic"], kinds["word"]))
        scored.sort(key=lambda r: (-r.score, r.doc))
        if scored:
            result[doc_id] = scored[:limit]
    return result
