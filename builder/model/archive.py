"""The whole archive: every record collected, and every problem found on the way."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from builder.model.documents import Diagnostic, Document
from builder.model.editorial import Annotation, Assignment, Entity, EntityId, Mention, Topic, TopicId


@dataclass
class Archive:
    """What the stages collected from the content folder. Plain records: no results of the
    emitters, no caches, no timings (the pipeline passes those along on their own)."""

    content_dir: Path
    documents: list[Document] = field(default_factory=list)
    entities: dict[EntityId, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    unresolved: list = field(default_factory=list)  # names the linker would not guess (link.Unresolved)
    topics: dict[TopicId, Topic] = field(default_factory=dict)
    annotations: list[Annotation] = field(default_factory=list)
    redirects: list = field(default_factory=list)  # stages.redirects.Redirect
    assignments: list[Assignment] = field(default_factory=list)
    duplicate_of: dict[str, str] = field(default_factory=dict)  # copy's id -> its original's, from sidecars (see stages.copies)
    set_aside: dict[str, Document] = field(default_factory=dict)  # the copies (duplicate_of), by id: no page of their own
    distinct: dict[str, tuple[str, ...]] = field(default_factory=dict)  # id -> ids a sidecar says it is not a copy of
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def report(self, diagnostic: Diagnostic) -> None:
        self.diagnostics.append(diagnostic)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def blocking_errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.blocking]

    def document(self, doc_id: str) -> Document:
        return next(d for d in self.documents if d.id == doc_id)
