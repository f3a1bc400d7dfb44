"""The model: plain typed records of the archive, and the tables derived from them.

Every stage reads and returns these records; nothing else is passed between stages. The
model imports nothing else of the builder (a contract in pyproject.toml keeps it so).
"""

from builder.model.archive import Archive
from builder.model.documents import (EDITOR_ORIGINS, METADATA_FIELDS, REVIEW_FIELDS, SEVERITIES, ContentPath, Diagnostic, DocId, Document,
                                     Line, Metadata, PagePath, Paragraph, Removal, SourceFile)
from builder.model.editorial import (ANNOTATION_KINDS, ENTITY_TYPES, Annotation, Assignment, Entity, EntityId, Mention,
                                     Topic, TopicId)
from builder.model.indexes import Indexes

__all__ = ["ANNOTATION_KINDS", "EDITOR_ORIGINS", "ENTITY_TYPES", "METADATA_FIELDS", "REVIEW_FIELDS", "SEVERITIES", "Annotation", "Archive",
           "Assignment", "ContentPath", "Diagnostic", "DocId", "Document", "Entity", "EntityId", "Indexes", "Line",
           "Mention", "Metadata", "PagePath", "Paragraph", "Removal", "SourceFile", "Topic", "TopicId"]
