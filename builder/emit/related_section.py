"""The "Related documents" section at the end of a document's page: up to five documents,
each with why (the entities and topics the two share, by name, and their similar words).
What is related is found by builder.stages.related; this only shows it. A document with no
related documents gets no section.

Every name and word is text from the register, the topics or the sources: escaped.
"""

from __future__ import annotations

import html

from builder.dates import display_date
from builder.emit import rawhtml
from builder.emit.urls import Urls
from builder.model import Document, Entity, Topic
from builder.model.related import Related

NAMED = 4
"""Shared entities named in a reason, at most (the others are counted)."""
WORDS = 5
"""Similar words shown in a reason, at most."""


def _names(names: list[str], most: int) -> str:
    shown = ", ".join(rawhtml.text(name) for name in names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def reasons(related: Related, entities: dict[str, Entity], topics: dict[str, Topic]) -> list[str]:
    """Why a document is related, as HTML lines: "Shares: …", "Topics: …", "Similar words: …"."""
    lines = []
    if related.entities:
        lines.append("Shares: " + _names([entities[e].name for e in related.entities], NAMED))
    if related.topics:
        lines.append(("Topic: " if len(related.topics) == 1 else "Topics: ")
                     + _names([topics[t].title for t in related.topics], NAMED))
    if related.words:
        lines.append("Similar words: " + _names(list(related.words), WORDS))
    return lines


def section(doc: Document, related: list[Related], documents: dict[str, Document], entities: dict[str, Entity],
            topics: dict[str, Topic], urls: Urls) -> str:
    """The section for ``doc`` ('' when it has no related documents)."""
    if not related:
        return ""
    e = html.escape
    items = []
    for one in related:
        other = documents[one.doc]
        date = other.metadata.date
        when = (f' <time datetime="{e(date)}">{e(display_date(date))}</time>' if date else "")
        why = "".join(f'<span class="archive-related-reason">{line}</span>'
                      for line in reasons(one, entities, topics))
        items.append(f'<li><a class="archive-related-title" href="{e(urls.href(doc.page, other.page))}">'
                     f'{rawhtml.text(other.display_title)}</a>{when}'
                     f'<span class="archive-related-why">{why}</span></li>')
    return rawhtml.block("related", '<h2 id="archive-related-heading">Related documents</h2>\n'
                         '<ol class="archive-related-list" aria-labelledby="archive-related-heading">\n'
                         + "\n".join(items) + "\n</ol>")


def sections(docs: list[Document], related: dict[str, list[Related]], entities: dict[str, Entity],
             topics: dict[str, Topic], urls: Urls) -> dict[str, str]:
    """The section of each of ``docs`` that has related documents, by id."""
    documents = {doc.id: doc for doc in docs}
    return {doc.id: section(doc, related[doc.id], documents, entities, topics, urls)
            for doc in docs if related.get(doc.id)}
