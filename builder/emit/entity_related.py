"""Which entities are named with which: what an entity page shows under "Often mentioned
with", made from the mentions alone (so emit.reuse keeps it while only the documents'
metadata changes), and the mentions of a few entities found through their documents."""

from __future__ import annotations

import heapq
from collections import Counter
from itertools import chain, combinations, permutations

from builder.model import Archive, Indexes, Mention


def mentions_of(archive: Archive, index: Indexes, entity_ids: list[str]) -> dict[str, list[Mention]]:
    """The mentions of each of ``entity_ids``, in the archive's order (as
    :meth:`Archive.mentions_by_entity` has them), found through the documents naming it:
    for a few entities, quicker than grouping every mention."""
    naming, by_doc = index.documents_naming, index.mentions_by_doc
    return {entity_id: [m for doc_id in naming.get(entity_id, ()) for m in by_doc[doc_id] if m.entity == entity_id]
            for entity_id in entity_ids}


def co_occurrences(archive: Archive, index: Indexes, entities: set[str] | None = None) -> dict[str, Counter]:
    """For every entity (or those in ``entities``), how many paragraphs each other entity
    shares with it."""
    if entities is None:
        mentions = archive.mentions
    else:
        naming = index.documents_naming
        docs = {doc_id for entity in entities for doc_id in naming.get(entity, ())}
        by_doc = index.mentions_by_doc
        mentions = [m for doc_id in docs for m in by_doc.get(doc_id, ())]
    by_paragraph: dict[tuple, set] = {}
    for mention in mentions:
        by_paragraph.setdefault((mention.doc, mention.paragraph), set()).add(mention.entity)
    counts: dict[str, Counter] = {}
    if entities is None:
        # Every ordered pair of entities sharing a paragraph, counted in one pass (in C), then
        # split by the first of the pair: each entity's partners in the order first met.
        for shared in by_paragraph.values():
            for entity in shared:
                if entity not in counts:
                    counts[entity] = Counter()
        pairs = Counter(chain.from_iterable(permutations(shared, 2) for shared in by_paragraph.values() if len(shared) > 1))
        for (entity, other), n in pairs.items():
            counts[entity][other] = n
        return counts
    for shared in by_paragraph.values():
        for entity in shared & entities:
            counter = counts.get(entity)
            if counter is None:
                counter = counts[entity] = Counter()
            counter.update(shared)  # itself too (counted in C), taken out below
    for entity, counter in counts.items():
        del counter[entity]
    return counts


RELATED = 12
"""Entities shown under "Often mentioned with"."""


def often_with(archive: Archive, index: Indexes, entity_ids: list[str], every: bool = False) -> dict[str, list[tuple[str, int]]]:
    """What the page of each of ``entity_ids`` shows under "Often mentioned with" (all the
    entities when ``every``): see :func:`_most_shared`. Made from the mentions alone, so
    emit.reuse keeps it while only the documents' metadata changes."""
    together = co_occurrences(archive, index, None if every else set(entity_ids))
    return {entity_id: _most_shared(together.get(entity_id, Counter()), archive.entities) for entity_id in entity_ids}


def _most_shared(together: Counter, entities: dict) -> list[tuple[str, int]]:
    """The :data:`RELATED` entities sharing most paragraphs, ties by name: sorted, of all of
    them, only those sharing at least as many as the last one shown (a popular entity shares
    paragraphs with most of the register)."""
    items = list(together.items())
    if len(items) > RELATED:
        floor = heapq.nlargest(RELATED, together.values())[-1]
        items = [(other, count) for other, count in items if count >= floor]
    items.sort(key=lambda item: (-item[1], entities[item[0]].name))
    return items[:RELATED]


def shared_among(index: Indexes, among: set[str]) -> Counter:
    """How many paragraphs each pair of ``among`` shares: (id, id) in id order -> count,
    counted over the documents that name any of them."""
    naming, by_doc = index.documents_naming, index.mentions_by_doc
    docs = sorted({doc_id for entity in among for doc_id in naming.get(entity, ())})
    pairs: Counter = Counter()
    for doc_id in docs:
        by_paragraph: dict[int, set] = {}
        for mention in by_doc.get(doc_id, ()):
            if mention.entity in among:
                by_paragraph.setdefault(mention.paragraph, set()).add(mention.entity)
        pairs.update(chain.from_iterable(combinations(sorted(shared), 2) for shared in by_paragraph.values()
                                         if len(shared) > 1))
    return pairs
