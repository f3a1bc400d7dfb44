"""Records of related documents: what one document is made of, for finding its relatives
(:class:`Signature`, made of that document alone and kept in the result store), and one
document's relative with the reasons (:class:`Related`). See builder.stages.related."""

from __future__ import annotations

from typing import NamedTuple


class Signature(NamedTuple):
    """What a document is about, as related documents compare it: the register's entities it
    names and the topics it belongs to (ids, sorted), and its most frequent words (outside
    the names of entities and common words: ``(word, count)``, most frequent first)."""

    entities: tuple[str, ...]
    topics: tuple[str, ...]
    words: tuple[tuple[str, int], ...]


class Related(NamedTuple):
    """One related document, and why: what the two share (each most telling first)."""

    doc: str  # the related document's id
    score: float
    entities: tuple[str, ...]  # entity ids
    topics: tuple[str, ...]  # topic ids
    words: tuple[str, ...]


class Found(NamedTuple):
    """What builder.stages.related.find found, with what each list was found from, so that
    the next finding keeps the lists whose inputs are unchanged: the documents' ``order``, the
    ``limit``, the features (``(kind, name)``: only those of two documents or more) and their
    weights, by number (weightiest first); each document's features (their numbers, in order)
    and the candidates it scored (positions in the order), by position; and the lists
    (``related``, by id: the documents with none left out)."""

    order: tuple[str, ...]
    limit: int
    labels: tuple[tuple[str, str], ...]
    weights: tuple[float, ...]
    features: tuple[tuple[int, ...], ...]
    picked: tuple[tuple[int, ...], ...]
    related: dict[str, list[Related]]
