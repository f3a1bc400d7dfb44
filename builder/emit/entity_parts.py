"""Each document's part of the page of each entity it names: made by the per-document stages
(in parallel, and kept in the result store), joined per entity by :mod:`builder.emit.entity_pages`.

A part is the document's linked title, its date, publication and number of mentions, then the
passages that name the entity, each once: mentions whose contexts overlap share one passage,
every one of them marked. The first passage (and the second, when the first names the entity
only once) is shown; the others wait behind a disclosure ("4 more mentions"), so that an entity
named in thousands of documents still has a page one can read down.
"""

from __future__ import annotations

import html
from functools import partial
from typing import Iterator, NamedTuple

from builder.dates import display_date
from builder.emit.markdown import counted
from builder.model import Mention, PagePath
from builder.emit.urls import Urls

SNIPPET = 90
"""Characters of context shown on each side of a mention (cut back to a word)."""
SHOWN = 2
"""Mentions shown of each document before the disclosure (in at most this many passages)."""
SAMPLE_PAGE = PagePath("entities/_.md")
"""An entity's first page (every one is at the same depth)."""


class Passage(NamedTuple):
    """A stretch of one paragraph (``start``-``end``) and the mentions in it, as (start, end)."""

    paragraph: int
    start: int
    end: int
    marks: tuple[tuple[int, int], ...]


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    """The context of ``text[start:end]``: up to SNIPPET characters each side, cut at a space."""
    left, right = max(0, start - SNIPPET), min(len(text), end + SNIPPET)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space >= 0 else left
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space >= 0 else right
    return left, right


def passages(paragraphs: dict, mentions: list[Mention]) -> list[Passage]:
    """The passages of ``mentions`` (of one entity in one document, in text order): each
    mention's context, and overlapping contexts in one paragraph made one."""
    found: list[Passage] = []
    for mention in mentions:
        text = paragraphs[mention.paragraph].text
        start, end = _window(text, mention.start, mention.end)
        last = found[-1] if found else None
        if last is not None and last.paragraph == mention.paragraph and start <= last.end:
            found[-1] = Passage(last.paragraph, last.start, max(last.end, end), (*last.marks, (mention.start, mention.end)))
        else:
            found.append(Passage(mention.paragraph, start, end, ((mention.start, mention.end),)))
    return found


def passage_html(text: str, passage: Passage) -> str:
    """The passage as HTML: escaped, each mention in <mark>, an ellipsis where it is cut."""
    e = partial(html.escape, quote=False)
    out, at = ["…" if passage.start > 0 else ""], passage.start
    for start, end in passage.marks:
        out.append(f"{e(text[at:start])}<mark>{e(text[start:end])}</mark>")
        at = end
    out.append(e(text[at:passage.end]))
    if passage.end < len(text):
        out.append("…")
    return "".join(out).strip()


def snippet(text: str, start: int, end: int) -> str:
    """One mention with its context, the mention marked (HTML)."""
    window = _window(text, start, end)
    return passage_html(text, Passage(0, *window, ((start, end),)))


def shown_and_hidden(found: list[Passage]) -> tuple[list[Passage], list[Passage]]:
    """The passages shown (up to :data:`SHOWN` mentions, in up to as many passages) and
    those behind the disclosure."""
    shown, marks = 0, 0
    while shown < len(found) and shown < SHOWN and marks < SHOWN:
        marks += len(found[shown].marks)
        shown += 1
    return found[:shown], found[shown:]


UP = None
"""In a part's pieces (see :func:`document_parts`): where the way up from the listing page to
the site's root goes."""


def _segments(pieces: list) -> tuple[str, ...]:
    """``pieces`` (text, and :data:`UP` where the way up goes) as the text between the ways up."""
    found = [""]
    for piece in pieces:
        if piece is UP:
            found.append("")
        else:
            found[-1] += piece
    return tuple(found)


def joined(part: tuple[str, ...], up: str) -> str:
    """A part (see :func:`document_parts`) as HTML on a page whose way up to the root is ``up``."""
    return up.join(part)


def document_parts(doc, mentions: list[Mention], urls: Urls) -> dict[str, tuple[str, ...]]:
    """This document's part of the page of each entity it names (HTML, see the module), cut
    where its links' way up from the listing page goes (see :func:`joined`): an entity's first
    page is one folder nearer the root than its further pages (emit.pager)."""
    e = html.escape
    by_entity: dict[str, list[Mention]] = {}
    for mention in mentions:
        by_entity.setdefault(mention.entity, []).append(mention)
    when = display_date(doc.metadata.date) or "Undated"
    pub = f" · {e(doc.metadata.publication)}" if doc.metadata.publication else ""
    target = e(urls.page_url(doc.page))
    head = [f'<h3 id="doc-{e(doc.id)}"><a href="', UP, f'{target}">{e(doc.display_title)}</a></h3>']
    paragraphs = {p.index: p for p in doc.paragraphs}

    def items(found: list[Passage]) -> list:
        pieces: list = []
        for p in found:
            if pieces:
                pieces.append("\n")
            pieces += [f'<li>{passage_html(paragraphs[p.paragraph].text, p)} <a href="', UP,
                       f'{target}#{e(paragraphs[p.paragraph].anchor)}" aria-label="Paragraph {p.paragraph}">¶{p.paragraph}</a></li>']
        return pieces

    result = {}
    for entity_id, named in by_entity.items():
        named.sort(key=lambda m: (m.paragraph, m.start))
        shown, hidden = shown_and_hidden(passages(paragraphs, named))
        pieces = ['<div class="archive-entity-doc">\n', *head, f'\n<p>{e(when)}{pub} · {counted(len(named), "mention")}</p>',
                  '\n<ul>\n', *items(shown), '\n</ul>']
        if hidden:
            more = sum(len(p.marks) for p in hidden)
            pieces += [f'\n<details class="archive-more">\n<summary>{counted(more, "more mention")}</summary>\n<ul>\n',
                       *items(hidden), '\n</ul>\n</details>']
        pieces.append("\n</div>")
        result[entity_id] = _segments(pieces)
    return result



READ_AT_ONCE = 2000
"""Documents whose parts :func:`swept` reads from the result store at once."""


def swept(wanted: dict[str, tuple[str, list[str]]], rank: dict[str, int], parts_of,
          size: int | None = None) -> Iterator[tuple[str, list[tuple[str, ...]]]]:
    """The parts of the lists in ``wanted`` (name -> (entity id, its documents' ids, in the
    order of ``rank``)): (name, the entity's part of each document) for each, as soon as all of
    its documents are read. Every document is read once, newest first, ``size`` at a time
    (:data:`READ_AT_ONCE`), with ``parts_of(doc ids)`` (by id, per_document.DocumentParts), and
    only a list's own parts wait for the rest of it: what is in memory at once is bounded by
    the lists, not by the archive (an entity's pages list 100 documents each)."""
    waiting: dict[str, list[str]] = {}  # document id -> the names of the lists it is in
    got: dict[str, list] = {}
    for name, (_, doc_ids) in wanted.items():
        if not doc_ids:
            yield name, []
            continue
        got[name] = []
        for doc_id in doc_ids:
            waiting.setdefault(doc_id, []).append(name)
    order = sorted(waiting, key=rank.__getitem__)
    size = size or READ_AT_ONCE
    for start in range(0, len(order), size):
        chunk = order[start:start + size]
        parts = parts_of(chunk)
        for doc_id in chunk:
            entity_parts = parts[doc_id].entity_parts
            for name in waiting.pop(doc_id):
                found = got[name]
                found.append(entity_parts[wanted[name][0]])
                if len(found) == len(wanted[name][1]):
                    yield name, got.pop(name)
        del parts
