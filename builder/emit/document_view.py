"""What a document's page shows about it, in one record (:class:`View`): the page
(:mod:`builder.emit.document_page`) and its header (:mod:`builder.emit.document_header`) are
made from it."""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.emit.urls import Urls
from builder.model import Annotation, Document, Mention, Topic


@dataclass
class View:
    """Everything the page shows about one document."""

    doc: Document
    mentions: list[Mention] = field(default_factory=list)
    entities: dict = field(default_factory=dict)
    topics: list[Topic] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)  # anchored ones, numbered
    documents: dict = field(default_factory=dict)  # id -> Document, for notes' links
    urls: Urls = Urls()

    def __post_init__(self) -> None:
        self.by_paragraph: dict[int, list[Mention]] = {}
        for mention in self.mentions:
            self.by_paragraph.setdefault(mention.paragraph, []).append(mention)
