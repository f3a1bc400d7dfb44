"""The "Related documents" section at the end of a document's page: up to five documents,
each with why (the entities and topics the two share, by name, and their similar words).
What is related is found by builder.stages.related; this only shows it. A document with no
related documents gets no section.

Every name and word is text from the register, the topics or the sources: escaped.

A section shows its document's list, and of each document listed its page, title and date and
the names of what the two share: :func:`made` keeps the last build's section of a document
where all of these are unchanged (after an edit to one paragraph, nearly every section), and
makes only the others.
"""

from __future__ import annotations

import html
from operator import itemgetter
from typing import NamedTuple

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
    return made(docs, related, entities, topics, urls).sections


class Made(NamedTuple):
    """The sections :func:`made` made (by id), with everything they show: each document's list
    (``related``), each document's page, title and date (``links``, by id), the entities'
    names and the topics' titles (by id), and the URL style (its repr)."""

    related: dict[str, list[Related]]
    links: dict[str, tuple[str, str, str]]
    names: dict[str, str]
    titles: dict[str, str]
    urls: str
    sections: dict[str, str]


def made(docs: list[Document], related: dict[str, list[Related]], entities: dict[str, Entity],
         topics: dict[str, Topic], urls: Urls, last: Made | None = None) -> Made:
    """The section of each of ``docs`` that has related documents, by id, with what it shows:
    ``last``'s section of a document (what an earlier call made) where its list, its page, and
    the page, title and date of each document listed and the names of what they share are the
    same; the others made."""
    links = {doc.id: (doc.page, doc.display_title, doc.metadata.date) for doc in docs}
    names = {e: entity.name for e, entity in entities.items()}
    titles = {t: topic.title for t, topic in topics.items()}
    kept = _kept(related, links, names, titles, repr(urls), last) if last is not None else {}
    wanted = {one.doc for doc in docs if doc.id not in kept for one in related.get(doc.id, ())}
    parts = {doc.id: _link_parts(doc) for doc in docs if doc.id in wanted}
    shown = _shown(entities, topics)
    made_now = {doc.id: kept[doc.id] if doc.id in kept else section(doc, related[doc.id], parts, urls, shown)
                for doc in docs if related.get(doc.id)}
    return Made(related, links, names, titles, repr(urls), made_now)


_doc = itemgetter(0)  # a Related's document


def _kept(related: dict[str, list[Related]], links: dict[str, tuple[str, str, str]], names: dict[str, str],
          titles: dict[str, str], urls: str, last: Made) -> dict[str, str]:
    """``last``'s sections that show what they would show now, by id."""
    if last.urls != urls:
        return {}
    moved = {d for d, link in links.items() if last.links.get(d) != link}  # a new page, title or date
    renamed = {e for e, name in names.items() if last.names.get(e) != name}
    retitled = {t for t, title in titles.items() if last.titles.get(t) != title}
    kept = {}
    for d, link in links.items():
        listed = related.get(d)
        if not listed or d not in last.sections or last.related.get(d) != listed or last.links[d][0] != link[0]:
            continue
        if moved and not moved.isdisjoint(map(_doc, listed)):
            continue
        if (renamed or retitled) and any(not renamed.isdisjoint(one.entities) or not retitled.isdisjoint(one.topics)
                                         for one in listed):
            continue
        kept[d] = last.sections[d]
    return kept
