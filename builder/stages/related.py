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
sorted in a fixed order). Given what the last pass found (:func:`find`), a pass after an edit
scores again only the lists whose candidates, or what they share with them, changed: the same
lists, found in a fraction of the time.
"""

from __future__ import annotations

import heapq
import math
import re
from bisect import bisect_left
from collections import Counter, deque
from itertools import chain, repeat
from operator import itemgetter, mul

from builder.model import Document, Mention
from builder.model.related import Found, Related, Signature

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
    return find(signatures, order, limit).related


def find(signatures: dict[str, Signature], order: list[str], limit: int = LIMIT, last: Found | None = None) -> Found:
    """:func:`relate`'s lists, with what each was found from. Given what an earlier call found
    (``last``), a document's candidates are found again only where its features or the lists
    of documents of its weightiest features changed, and its list is scored again only where
    its candidates, or what it shares with one of them (features, weights), changed: the same
    lists as :func:`relate`'s (what a list is made from is compared, not guessed)."""
    n = len(order)
    sigs = [signatures[doc_id] for doc_id in order]
    counted = {"entity": Counter(chain.from_iterable(sig.entities for sig in sigs)),
               "topic": Counter(chain.from_iterable(sig.topics for sig in sigs)),
               "word": Counter(map(itemgetter(0), chain.from_iterable(sig.words for sig in sigs)))}
    # A feature of one document relates it to none. The features are numbered weightiest
    # first (ties: by kind, then name), so that sorting numbers sorts them so.
    named = sorted(((WEIGHTS[kind] * math.log(1 + n / df), kind, name) for kind, dfs in counted.items()
                    for name, df in dfs.items() if df > 1), key=lambda item: (-item[0], item[1], item[2]))
    weight = [w for w, _, _ in named]
    labels = [(kind, name) for _, kind, name in named]
    number: dict[str, dict[str, int]] = {"entity": {}, "topic": {}, "word": {}}
    for k, (kind, name) in enumerate(labels):
        number[kind][name] = k
    features, ranked, windows = _features(sigs, weight, number, len(named))
    # (Another limit, or other documents, so another number of them: every weight, every list.)
    same_documents = last is not None and last.limit == limit and sorted(last.order) == sorted(order)
    was = _Was(order, ranked, weight, labels, number, last) if same_documents else None
    kind_of = {"entity": 0, "topic": 1, "word": 2}
    shown = [(kind_of[kind], name) for kind, name in labels]
    result: dict[str, list[Related]] = {}
    picked_by = []
    for position, doc_id in enumerate(order):
        if was is None or position in was.renear:
            picked = _picked(position, windows)
            same = was is not None and was.ids(position) == frozenset(map(order.__getitem__, picked))
        else:
            picked, same = was.picked(position), True
        picked_by.append(tuple(picked))
        if same and position not in was.again and all(was.shares(position, other, features)
                                                      for other in picked if other in was.again):
            listed = last.related.get(doc_id)
        else:
            listed = _chosen(position, picked, features, weight, shown, order, limit)
        if listed:
            result[doc_id] = listed
    return Found(tuple(order), limit, tuple(labels), tuple(weight), tuple(map(tuple, ranked)), tuple(picked_by), result)


def _features(sigs: list[Signature], weight: list[float], number: dict[str, dict[str, int]], count: int):
    """Each document's features (a set of numbers) and the same in order (weightiest first),
    and for its FEATURES weightiest the list of documents that have it (positions in the
    order) with where it is in that list."""
    entity_k, topic_k = number["entity"].get, number["topic"].get
    # Every word numbered, those of one document as ``count`` (a number of no feature), whose
    # weight (-inf, negated) ranks it last; -(c * w) is c * -w, exactly.
    word_k = dict.fromkeys(chain.from_iterable(map(itemgetter(0), sig.words) for sig in sigs), count)
    word_k.update(number["word"])
    minus = [-w for w in weight] + [math.inf]
    features: list[set[int]] = []
    ranked: list[list[int]] = []
    postings: list[list[int]] = [[] for _ in range(count)]
    windows: list[list[tuple[list[int], int]]] = []
    for position, sig in enumerate(sigs):
        # Its WORDS most telling words (ties: the weightiest feature), then its entities and topics.
        ks = list(map(word_k.__getitem__, map(itemgetter(0), sig.words)))
        words = sorted(zip(map(mul, map(itemgetter(1), sig.words), map(minus.__getitem__, ks)), ks))[:WORDS]
        mine = set(map(entity_k, sig.entities))
        mine.update(map(topic_k, sig.topics))
        mine.update(map(itemgetter(1), words))
        mine.discard(None)
        mine.discard(count)
        features.append(mine)
        ranked.append(sorted(mine))
        windows.append([(postings[k], len(postings[k])) for k in ranked[-1][:FEATURES]])
        deque(map(list.append, map(postings.__getitem__, ranked[-1]), repeat(position)), maxlen=0)
    return features, ranked, windows


class _Was:
    """What ``last`` found, as this finding (its numbers of the features, its positions) sees it:
    ``again``, the positions of the documents whose features or their weights changed;
    ``renear``, those and the documents one of whose FEATURES weightiest features has a list
    of documents that changed (a document gained or lost it, or moved in the order)."""

    def __init__(self, order, ranked, weight, labels, number, last: Found) -> None:
        self.last, self.order = last, order
        n = len(order)
        self.at = {doc_id: p for p, doc_id in enumerate(order)}
        self.before = {doc_id: p for p, doc_id in enumerate(last.order)}
        self.now = [self.at[doc_id] for doc_id in last.order]  # the last finding's positions as this one's
        # The last finding's numbers of the features as this one's (None: a feature no more).
        self.number = [number[kind].get(name) for kind, name in last.labels]
        weighed = dict(zip(last.labels, last.weights))
        self.reweighed = {k for k, label in enumerate(labels) if weighed.get(label) != weight[k]}
        changed = [p for p, doc_id in enumerate(order) if self.had(doc_id) != ranked[p]]
        self.again = set(changed)
        if self.reweighed:
            self.again.update(p for p, mine in enumerate(ranked) if not self.reweighed.isdisjoint(mine))
        moved = set()  # features whose lists of documents changed
        for p in changed:
            moved.update(set(ranked[p]).symmetric_difference(self.had(order[p])))
        if last.order != tuple(order):
            # The documents outside a longest run in the same order as before moved: every list
            # they are in changed (the others' order in it is the same).
            stayed = _in_order([self.before[doc_id] for doc_id in order])
            for p in set(range(n)) - stayed:
                moved.update(ranked[p], self.had(order[p]))
        moved.discard(None)
        self.renear = self.again.union(p for p, mine in enumerate(ranked) if not moved.isdisjoint(mine[:FEATURES]))

    def had(self, doc_id: str) -> list[int | None]:
        """The features the document had, weightiest first (by this finding's numbers)."""
        return list(map(self.number.__getitem__, self.last.features[self.before[doc_id]]))

    def ids(self, position: int) -> frozenset[str]:
        """The documents (ids) the last finding scored for the document at ``position``."""
        return frozenset(map(self.last.order.__getitem__, self.last.picked[self.before[self.order[position]]]))

    def picked(self, position: int) -> list[int]:
        """The same as positions in this finding's order."""
        return list(map(self.now.__getitem__, self.last.picked[self.before[self.order[position]]]))

    def shares(self, position: int, other: int, features) -> bool:
        """Whether the two documents share what they shared, with the same weights (the first's
        features unchanged)."""
        shared = features[position] & features[other]
        return self.reweighed.isdisjoint(shared) and shared == features[position].intersection(
            self.had(self.order[other]))


def _in_order(values: list[int]) -> set[int]:
    """The indexes of a longest increasing run of ``values`` (not necessarily contiguous)."""
    tails: list[int] = []  # the least last value of a run of each length
    ends: list[int] = []  # ... and its index
    back = [-1] * len(values)
    for i, value in enumerate(values):
        j = bisect_left(tails, value)
        back[i] = ends[j - 1] if j else -1
        if j == len(tails):
            tails.append(value)
            ends.append(i)
        else:
            tails[j], ends[j] = value, i
    run, i = set(), ends[-1] if ends else -1
    while i >= 0:
        run.add(i)
        i = back[i]
    return run


def _picked(position: int, windows) -> list[int]:
    """The RESCORED documents (positions) found in most of the windows of the document at
    ``position`` (ties: the first found), as heapq.nlargest would pick them (their order is of
    no matter: they are sorted by score and id)."""
    near: list[int] = []
    for listed, at in windows[position]:
        near += listed[at - WINDOW if at > WINDOW else 0:at + WINDOW + 1]
    found = Counter(near)
    del found[position]
    if len(found) <= RESCORED:
        return list(found)
    return [other for other, _ in sorted(found.items(), key=itemgetter(1), reverse=True)[:RESCORED]]


def _chosen(position: int, picked: list[int], features, weight: list[float], shown, order: list[str],
            limit: int) -> list[Related]:
    """The ``limit`` best of the ``picked`` for the document at ``position``: scored on what the
    two share, best first (ties: the lower id), if they share an entity, a topic or two words."""
    own = features[position]
    scored = []
    for other in picked:
        shared = sorted(own & features[other])  # weightiest first
        scored.append((-round(sum(map(weight.__getitem__, shared)), 9), order[other], shared))
    scored.sort()
    chosen = []
    for minus, other_id, shared in scored:
        by_kind: tuple[list[str], list[str], list[str]] = ([], [], [])
        for kind, name in map(shown.__getitem__, shared):
            by_kind[kind].append(name)
        if by_kind[0] or by_kind[1] or len(by_kind[2]) > 1:
            chosen.append(Related(other_id, -minus, tuple(by_kind[0]), tuple(by_kind[1]), tuple(by_kind[2])))
            if len(chosen) == limit:
                break
    return chosen
