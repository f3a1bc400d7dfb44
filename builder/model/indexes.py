"""Tables derived from a complete archive: each document's mentions, each entity's, the
documents newest first... Made when first asked for, from an archive the stages have
finished with (the pipeline makes one :class:`Indexes` per build and hands it to emit)."""

from __future__ import annotations

from collections import Counter
from functools import cached_property
from operator import attrgetter

from builder.model.archive import Archive
from builder.model.documents import Document
from builder.model.editorial import Assignment, Mention

_DOC = attrgetter("doc")
_ENTITY = attrgetter("entity")


def grouped(items, key) -> dict[str, list]:
    """``items`` by ``key(item)``, in their order."""
    result: dict[str, list] = {}
    for item in items:
        result.setdefault(key(item), []).append(item)
    return result


def by_document(items) -> dict[str, list]:
    """Mentions (or anything with a ``doc``) by document id, in their order."""
    return grouped(items, _DOC)


class Indexes:
    """The tables of one finished archive (shared by every caller: do not change them)."""

    def __init__(self, archive: Archive, mentions_by_doc: dict[str, list[Mention]] | None = None) -> None:
        self.archive = archive
        self.other: dict[str, object] = {}  # see get_or_compute
        if mentions_by_doc is not None:  # the per-document results had each document's apart already
            self.__dict__["mentions_by_doc"] = mentions_by_doc

    @cached_property
    def mentions_by_doc(self) -> dict[str, list[Mention]]:
        return by_document(self.archive.mentions)

    @cached_property
    def mentions_by_entity(self) -> dict[str, list[Mention]]:
        return grouped(self.archive.mentions, _ENTITY)

    @cached_property
    def mention_counts(self) -> Counter:
        """How many times each entity is mentioned."""
        return Counter(map(_ENTITY, self.archive.mentions))

    @cached_property
    def entities_by_doc(self) -> dict[str, list[str]]:
        """For each document, the entity of each of its mentions."""
        return {doc: list(map(_ENTITY, mentions)) for doc, mentions in self.mentions_by_doc.items()}

    @cached_property
    def documents_naming(self) -> dict[str, list[str]]:
        """For each entity, the documents (ids) that mention it, in the order of the mentions;
        entities in the order of their first mention, as :attr:`mentions_by_entity` has them."""
        found: dict[str, list[str]] = {}
        for doc_id, entities in self.entities_by_doc.items():
            for entity in dict.fromkeys(entities):
                named = found.get(entity)
                if named is None:
                    found[entity] = [doc_id]
                else:
                    named.append(doc_id)
        return found

    @cached_property
    def newest_first(self) -> list[Document]:
        """The documents, newest first; undated ones last, ties broken by id (deterministic)."""
        documents = self.archive.documents
        dated = sorted((d for d in documents if d.metadata.date), key=lambda d: d.id)
        dated.sort(key=lambda d: d.metadata.date, reverse=True)
        undated = sorted((d for d in documents if not d.metadata.date), key=lambda d: d.id)
        return dated + undated

    @cached_property
    def newest_first_rank(self) -> dict[str, int]:
        """Each document's place (from 0) in :attr:`newest_first`."""
        return {doc.id: n for n, doc in enumerate(self.newest_first)}

    @cached_property
    def assignments_by_topic(self) -> dict[str, dict[str, Assignment]]:
        """For each topic, its documents' assignments by document id, in the archive's order."""
        found: dict[str, dict[str, Assignment]] = {}
        for assignment in self.archive.assignments:
            found.setdefault(assignment.topic, {})[assignment.doc] = assignment
        return found

    def get_or_compute(self, name: str, compute):
        """Another table of this archive, by ``name``: ``compute()`` the first time, kept for later callers."""
        if name not in self.other:
            self.other[name] = compute()
        return self.other[name]
