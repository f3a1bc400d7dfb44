"""What search can find: each document, entity, topic and editor's note of the archive as a
plain record (title, where it is, one line to show under the title, its text by paragraph).

Documents make one segment of the index and everything else the other: an edit to a note,
an entity or a topic leaves the documents' segment as it was (see ``index``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Callable, Protocol

from builder.dates import display_date
from builder.markup import to_plain_text
from builder.model import Archive, Document


class Urls(Protocol):
    """Where a page is in the site (builder.emit.urls.Urls: search is below emit, which uses it)."""

    def page_url(self, page: str) -> str: ...


@dataclass(frozen=True, slots=True)
class Record:
    """One search result to be: all of it is untrusted text, shown by the reader's browser as text."""

    kind: str  # "document", "entity", "topic", "annotation" or "page"
    title: str
    url: str  # relative to the site root, in the site's URL style, perhaps with "#anchor"
    meta: str = ""  # one line shown under the title
    language: str = ""  # BCP 47, "" when not known (read as English)
    names: tuple[str, ...] = ()  # other names, ranked as the title is
    paragraphs: tuple[tuple[str, str], ...] = ()  # (anchor on the page or "", text)


def facts(authors, publication: str, date: str) -> str:
    """A document's line under its title: authors · publication · date, each when known."""
    return " · ".join(x for x in (", ".join(authors), publication, display_date(date) if date else "") if x)


def document(doc: Document, urls: Urls) -> Record:
    meta = doc.metadata
    return Record("document", doc.display_title, urls.page_url(doc.page), facts(meta.authors, meta.publication, meta.date),
                  meta.language, (), tuple((p.anchor, p.text) for p in doc.paragraphs))


def digest(record: Record) -> str:
    """A hash of everything a record is."""
    return hashlib.sha256(repr(record).encode()).hexdigest()


def documents(archive: Archive, urls: Urls) -> list[Record]:
    """A record per document, in document-id order."""
    return [document(doc, urls) for doc in sorted(archive.documents, key=lambda d: d.id)]


def _notes(archive: Archive, docs: dict[str, Document]) -> list:
    return sorted((a for a in archive.annotations if a.spans and a.doc in docs), key=lambda a: (a.doc, a.number, a.id))


def editor_markdown(archive: Archive) -> list[str]:
    """The editor Markdown :func:`editorial` reads as plain text (each once): entities' and
    topics' descriptions and the notes' bodies."""
    docs = {doc.id: doc for doc in archive.documents}
    return list(dict.fromkeys([*(e.description for e in archive.entities.values()),
                               *(t.description for t in archive.topics.values()),
                               *(note.body for note in _notes(archive, docs))]))


def editorial(archive: Archive, urls: Urls, plain: Callable[[str], str] = to_plain_text) -> list[Record]:
    """A record per entity, topic and anchored editor's note, in that order, each by id.
    ``plain``: editor Markdown as plain text (markup.to_plain_text; or the same, kept from
    the last build: see :func:`editor_markdown`)."""
    found = []
    for entity in sorted(archive.entities.values(), key=lambda e: e.id):
        text = plain(entity.description)
        found.append(Record("entity", entity.name, urls.page_url(entity.page), entity.type.capitalize(), "",
                            tuple(dict.fromkeys((*entity.aliases, *entity.short_forms))),
                            (("", text),) if text else ()))
    for topic in sorted(archive.topics.values(), key=lambda t: t.id):
        text = plain(topic.description)
        found.append(Record("topic", topic.title, urls.page_url(topic.page), "Topic", "", (),
                            (("", text),) if text else ()))
    docs = {doc.id: doc for doc in archive.documents}
    for note in _notes(archive, docs):
        doc = docs[note.doc]
        by = " · ".join(x for x in (f"Editor's note by {note.author}" if note.author else "Editor's note",
                                    display_date(note.date) if note.date else "") if x)
        quoted = note.quoted or note.found or note.exact
        paragraphs = tuple(x for x in ((note.anchor, plain(note.body)), (note.anchor, quoted)) if x[1])
        found.append(Record("annotation", doc.display_title, f"{urls.page_url(doc.page)}#{note.anchor}", by,
                            doc.metadata.language, (), paragraphs))
    return found
