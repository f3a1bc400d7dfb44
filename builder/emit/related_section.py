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
    """Names as escaped HTML, the first ``most`` of them, the others counted."""
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


class _Shown(dict):
    """Escaped text by what it shows (an entity's name, a topic's title, a word), each made
    once: the same names are on many pages."""

    def __init__(self, text) -> None:
        super().__init__()
        self.text = text

    def __missing__(self, key: str) -> str:
        value = self[key] = rawhtml.text(self.text(key))
        return value


def reasons(related: Related, entities: dict[str, Entity], topics: dict[str, Topic], shown=None) -> list[str]:
    """Why a document is related, as HTML lines: "Shares: …", "Topics: …", "Similar words: …"
    (``shown``: see :func:`sections`)."""
    entity_names, topic_titles, words = shown or _shown(entities, topics)
    lines = []
    if related.entities:
        lines.append(_line("Shares:", _names([entity_names[e] for e in related.entities], NAMED)))
    if related.topics:
        lines.append(_line("Topic:" if len(related.topics) == 1 else "Topics:",
                           _names([topic_titles[t] for t in related.topics], NAMED)))
    if related.words:
        lines.append(_line("Similar words:", _names([words[w] for w in related.words], WORDS)))
    return lines


def _line(label: str, names: str) -> str:
    return f'<span class="archive-related-label">{label}</span> {names}'


def _shown(entities: dict[str, Entity], topics: dict[str, Topic]) -> tuple[_Shown, _Shown, _Shown]:
    return _Shown(lambda e: entities[e].name), _Shown(lambda t: topics[t].title), _Shown(str)


def section(doc: Document, related: list[Related], links: dict[str, str], urls: Urls, shown) -> str:
    """The section for ``doc`` ('' when it has no related documents). ``links``: each
    document's title and date as HTML (see :func:`sections`)."""
    if not related:
        return ""
    items = []
    for one in related:
        other = links[one.doc]
        why = "".join(f'<span class="archive-related-reason">{line}</span>' for line in reasons(one, {}, {}, shown))
        items.append(f'<li><a class="archive-related-title" href="{html.escape(urls.href(doc.page, other[0]))}">'
                     f'{other[1]}</a>{other[2]}<span class="archive-related-why">{why}</span></li>')
    return rawhtml.block("related-documents", '<h2 id="archive-related-heading">Related documents</h2>\n'
                         '<ol class="archive-related-list" aria-labelledby="archive-related-heading">\n'
                         + "\n".join(items) + "\n</ol>")


def _link_parts(doc: Document) -> tuple[str, str, str]:
    """A document as a related document shows it: its page, its title and its date (HTML)."""
    date = doc.metadata.date
    e = html.escape
    when = f' <time datetime="{e(date)}">{e(display_date(date))}</time>' if date else ""
    return doc.page, rawhtml.text(doc.display_title), when


def sections(docs: list[Document], related: dict[str, list[Related]], entities: dict[str, Entity],
             topics: dict[str, Topic], urls: Urls) -> dict[str, str]:
    """The section of each of ``docs`` that has related documents, by id."""
    wanted = {one.doc for doc in docs for one in related.get(doc.id, ())}
    links = {doc.id: _link_parts(doc) for doc in docs if doc.id in wanted}
    shown = _shown(entities, topics)
    return {doc.id: section(doc, related[doc.id], links, urls, shown) for doc in docs if related.get(doc.id)}
