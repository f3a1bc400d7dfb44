"""What emit makes of one document alone: its page, and its parts of the pages and files
made from many documents. The pipeline has it made beside the document's stages (in
parallel, and kept in the result store), so a rebuild makes it again only for the
documents that changed; :func:`builder.emit.emit` joins the parts."""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.emit import document_page, entity_parts, exports, listing, review_page, topic_pages
from builder.emit.frontmatter import Page
from builder.emit.urls import Urls
from builder.model import Annotation, Assignment, Document, Entity, Mention, Topic
from builder.search import index, records


@dataclass
class DocumentOutput:
    """One document's page and its parts of the pages that cover the whole archive."""

    page: Page | None  # its page, or None when one of its notes names a document it was not made with
    listed: tuple = ()  # its item on pages that list documents, in parts (listing.item_parts)
    exports: dict = field(default_factory=dict)  # its rows of the data exports (exports.document_parts), but mentions.json
    removed: str = ""  # its section of the review page (review_page.removed_section)
    why: dict = field(default_factory=dict)  # why it is on each of its topics' pages (topic_pages.why_lines)
    missing: list = field(default_factory=list)  # its row of the review page's missing metadata (review_page.missing_row)
    search: tuple = ()  # its words as the search index keeps them (search.index.record_terms), and its record's digest
    structure: list = field(default_factory=list)  # its rows of the review page's headings and quotations (review_page.structure_rows)


@dataclass
class DocumentParts:
    """One document's parts of the entity pages, and its rows of mentions.json: needed only
    when one of those is made again, so the result store keeps them on their own and a
    rebuild reads them only then."""

    entity_parts: dict  # entity id -> this document's part of that entity's page (HTML)
    mention_rows: str  # its rows of mentions.json


def notes_by_document(annotations: list[Annotation]) -> dict[str, list[Annotation]]:
    """Each document's placed annotations, in the order of their numbers."""
    notes_of: dict[str, list] = {}
    for annotation in sorted((a for a in annotations if a.spans), key=lambda a: a.number):
        notes_of.setdefault(annotation.doc, []).append(annotation)
    return notes_of


def make_documents(docs: list[Document], mentions_by_doc: dict[str, list[Mention]], assignments: list[Assignment],
                   annotations: list[Annotation], entities: dict[str, Entity], topics: dict[str, Topic], urls: Urls,
                   documents: dict[str, Document] | None = None) -> dict[str, tuple[DocumentOutput, DocumentParts]]:
    """What can be made of each of ``docs`` from ``documents`` (by id; default: each document
    alone): its page, unless one of its notes links to a document not there (whose title it
    would show), and its parts."""
    notes_of = notes_by_document(annotations)
    assigned: dict[str, list[Assignment]] = {}
    for assignment in assignments:
        assigned.setdefault(assignment.doc, []).append(assignment)
    result = {}
    for doc in docs:
        notes = notes_of.get(doc.id, [])
        known = documents if documents is not None else {doc.id: doc}
        named, assignments_of = mentions_by_doc.get(doc.id, []), assigned.get(doc.id, [])
        page = None
        if all(other in known for note in notes for other in note.documents):
            view = document_page.View(doc, named, entities, [topics[a.topic] for a in assignments_of], notes, known, urls)
            page = document_page.render(view)
        rows = exports.document_parts(doc, named, [a.topic for a in assignments_of], len(notes))
        mention_rows = rows.pop("mentions.json")
        output = DocumentOutput(page, listing.item_parts(doc, urls), rows, review_page.removed_section(doc, urls),
                                topic_pages.why_lines(assignments_of), review_page.missing_row(doc, urls),
                                _search(doc, urls), review_page.structure_rows(doc, urls))
        result[doc.id] = (output, document_parts(doc, named, urls, mention_rows))
    return result


def _search(doc: Document, urls: Urls) -> tuple:
    record = records.document(doc, urls)
    return index.record_terms(record), records.digest(record)


def document_parts(doc: Document, mentions: list[Mention], urls: Urls, mention_rows: str | None = None) -> DocumentParts:
    """One document's :class:`DocumentParts`."""
    if mention_rows is None:
        mention_rows = exports.mention_rows(mentions)
    return DocumentParts(entity_parts.document_parts(doc, mentions, urls), mention_rows)
