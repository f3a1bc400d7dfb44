"""Records of what editors write (the register's entities, topics, annotations) and of what
the stages find between documents and them (mentions, topic assignments)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple, NewType

from builder.model.documents import ContentPath, DocId, PagePath

ENTITY_TYPES = ("person", "organisation", "place", "event", "work", "other")

EntityId = NewType("EntityId", str)


@dataclass
class Entity:
    """A person, organisation, place... from the editors' register (``entities/<id>.yml``)."""

    id: EntityId
    name: str
    type: str
    path: ContentPath
    line: int = 1
    aliases: tuple[str, ...] = ()
    short_forms: tuple[str, ...] = ()
    description: str = ""
    wikidata: str = ""
    viaf: str = ""
    website: str = ""
    start: str = ""
    end: str = ""
    roles: tuple[str, ...] = ()
    coordinates: tuple[float, float] | None = None  # (latitude, longitude) of a place, in decimal degrees
    positions: dict = field(default_factory=dict, repr=False, compare=False)  # key -> [(line, column)] of values

    @property
    def page(self) -> PagePath:
        return PagePath(f"entities/{self.id}.md")


class Mention(NamedTuple):
    """One place where a document names an entity. (A named tuple, not a dataclass: an
    archive holds hundreds of thousands, and a rebuild reads every one back from the
    cache; a tuple is made in half the time.)"""

    doc: DocId
    paragraph: int  # Paragraph.index
    start: int  # character offsets in the paragraph text
    end: int
    entity: EntityId
    surface: str
    linked: bool = True


ANNOTATION_KINDS = ("note", "context", "correction", "translation", "source")


@dataclass
class Annotation:
    """An editor's note on a quoted passage (``annotations/<document-id>/<id>.yml``).

    The passage is found with a W3C TextQuoteSelector (``exact`` plus optional ``prefix``
    and ``suffix``). ``status`` says how anchoring went: anchored, reanchored (close match,
    with a warning), ambiguous or orphan (both errors; never silently dropped).
    """

    id: str
    doc: DocId
    path: ContentPath
    exact: str
    body: str
    author: str
    date: str
    kind: str = "note"
    prefix: str = ""
    suffix: str = ""
    entities: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    line: int = 1
    status: str = "pending"
    spans: list[tuple[int, int, int]] = field(default_factory=list)  # (paragraph, start, end)
    found: str = ""  # the text actually anchored to, when re-anchored
    quoted: str = ""  # the document's own text of the passage (for the W3C selector)
    quoted_prefix: str = ""
    quoted_suffix: str = ""
    number: int = 0  # 1-based order of the note in its document

    @property
    def anchor(self) -> str:
        return f"note-{self.id}"


TopicId = NewType("TopicId", str)


@dataclass
class Topic:
    """A subject editors define (``topics/<id>.yml``) and the rules that assign documents to it."""

    id: TopicId
    title: str
    path: ContentPath
    line: int = 1
    description: str = ""
    parent: str = ""
    phrases: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    threshold: int = 1
    positions: dict = field(default_factory=dict, repr=False)  # key -> [(line, column)] of values

    @property
    def page(self) -> PagePath:
        return PagePath(f"topics/{self.id}.md")


class Assignment(NamedTuple):
    """A document belongs to a topic, and why (shown to readers). (A named tuple, as Mention.)"""

    doc: DocId
    topic: TopicId
    reasons: tuple[str, ...]
