"""Entity pages and the entities index.

An entity page shows the register record, the counts, every document that mentions the
entity (newest first) with each mention in context linking to its paragraph, and the
entities it most often shares a paragraph with.
"""

from __future__ import annotations

import heapq
import html
from collections import Counter
from functools import partial
from itertools import chain, permutations
from urllib.parse import quote

from builder.dates import display_date
from builder.emit import markdown as md
from builder.emit import rawhtml
from builder.markup import to_html
from builder.emit.document_page import BODY_END, BODY_START
from builder.emit.frontmatter import Page, page
from builder.emit.urls import Urls
from builder.model import ENTITY_TYPES, Archive, Indexes, Entity, Mention, PagePath

INDEX = PagePath("entities/index.md")
SNIPPET = 90
"""Characters of context shown on each side of a mention."""
TYPE_TITLES = {"person": "People", "organisation": "Organisations", "place": "Places", "event": "Events",
               "work": "Works", "other": "Other"}


def snippet(text: str, start: int, end: int) -> str:
    """The mention with some context on each side, cut at word boundaries, mention marked (HTML)."""
    left = text[max(0, start - SNIPPET):start]
    right = text[end:end + SNIPPET]
    if start > SNIPPET:
        left = "…" + left[left.find(" ") + 1:] if " " in left else "…" + left
    if end + SNIPPET < len(text):
        right = (right[:right.rfind(" ")] if " " in right else right) + "…"
    e = partial(html.escape, quote=False)
    return f"{e(left)}<mark>{e(text[start:end])}</mark>{e(right)}".strip()


def mentions_of(archive: Archive, index: Indexes, entity_ids: list[str]) -> dict[str, list[Mention]]:
    """The mentions of each of ``entity_ids``, in the archive's order (as
    :meth:`Archive.mentions_by_entity` has them), found through the documents naming it:
    for a few entities, quicker than grouping every mention."""
    naming, by_doc = index.documents_naming, index.mentions_by_doc
    return {entity_id: [m for doc_id in naming.get(entity_id, ()) for m in by_doc[doc_id] if m.entity == entity_id]
            for entity_id in entity_ids}


def co_occurrences(archive: Archive, index: Indexes, entities: set[str] | None = None) -> dict[str, Counter]:
    """For every entity (or those in ``entities``), how many paragraphs each other entity
    shares with it."""
    if entities is None:
        mentions = archive.mentions
    else:
        naming = index.documents_naming
        docs = {doc_id for entity in entities for doc_id in naming.get(entity, ())}
        by_doc = index.mentions_by_doc
        mentions = [m for doc_id in docs for m in by_doc.get(doc_id, ())]
    by_paragraph: dict[tuple, set] = {}
    for mention in mentions:
        by_paragraph.setdefault((mention.doc, mention.paragraph), set()).add(mention.entity)
    counts: dict[str, Counter] = {}
    if entities is None:
        # Every ordered pair of entities sharing a paragraph, counted in one pass (in C), then
        # split by the first of the pair: each entity's partners in the order first met.
        for shared in by_paragraph.values():
            for entity in shared:
                if entity not in counts:
                    counts[entity] = Counter()
        pairs = Counter(chain.from_iterable(permutations(shared, 2) for shared in by_paragraph.values() if len(shared) > 1))
        for (entity, other), n in pairs.items():
            counts[entity][other] = n
        return counts
    for shared in by_paragraph.values():
        for entity in shared & entities:
            counter = counts.get(entity)
            if counter is None:
                counter = counts[entity] = Counter()
            counter.update(shared)  # itself too (counted in C), taken out below
    for entity, counter in counts.items():
        del counter[entity]
    return counts


def _identifiers(entity: Entity) -> list[str]:
    e = html.escape
    links = []
    if entity.wikidata:
        links.append(f'<a href="https://www.wikidata.org/wiki/{e(quote(entity.wikidata, safe=""))}">Wikidata {e(entity.wikidata)}</a>')
    if entity.viaf:
        links.append(f'<a href="https://viaf.org/viaf/{e(quote(entity.viaf, safe=""))}">VIAF {e(entity.viaf)}</a>')
    if entity.website:
        links.append(f'<a href="{e(entity.website)}">{e(entity.website, quote=False)}</a>')
    return links


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _facts(entity: Entity, mentions: list[Mention], docs: dict, dated: list[str]) -> str:
    e = partial(html.escape, quote=False)
    facts = []
    if entity.aliases or entity.short_forms:
        facts.append(("Also called", ", ".join(rawhtml.text(a) for a in (*entity.aliases, *entity.short_forms))))
    if entity.roles:
        facts.append(("Roles", "; ".join(rawhtml.text(r) for r in entity.roles)))
    if entity.start or entity.end:
        facts.append(("Dates", e(" – ".join(display_date(d) if d else "?" for d in (entity.start, entity.end)).rstrip(" –?"))))
    identifiers = _identifiers(entity)
    if identifiers:
        facts.append(("Elsewhere", " · ".join(identifiers)))
    span = f"; first {display_date(dated[0])}, last {display_date(dated[-1])}" if dated else ""
    facts.append(("In the archive", f"{_count(len(mentions), 'mention')} in {_count(len(docs), 'document')}{e(span)}"))
    return "<dl>\n" + "\n".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in facts) + "\n</dl>"


SAMPLE_PAGE = PagePath("entities/_.md")
"""Every entity page is at the same depth, so links from any of them read the same."""


def document_parts(doc, mentions: list[Mention], urls: Urls) -> dict[str, str]:
    """This document's part of the page of each entity it names: its linked title, date and
    publication, and each mention in context linking to its paragraph (HTML).

    Made by the per-document stages, in parallel and cached, since they are most of the
    work of the entity pages of a large archive.
    """
    e = html.escape
    by_entity: dict[str, list[Mention]] = {}
    for mention in mentions:
        by_entity.setdefault(mention.entity, []).append(mention)
    when = display_date(doc.metadata.date) or "undated"
    pub = f" · {e(doc.metadata.publication)}" if doc.metadata.publication else ""
    target = e(urls.href(SAMPLE_PAGE, doc.page))
    head = f'<h3 id="{e(doc.id)}"><a href="{target}">{e(doc.display_title)}</a></h3>'
    paragraphs = {p.index: p for p in doc.paragraphs}
    result = {}
    for entity_id, items in by_entity.items():
        lines = []
        for mention in items:
            paragraph = paragraphs[mention.paragraph]
            lines.append(f'<li>{snippet(paragraph.text, mention.start, mention.end)} '
                         f'<a href="{target}#{e(paragraph.anchor)}" title="Paragraph {mention.paragraph}">¶{mention.paragraph}</a></li>')
        result[entity_id] = (f"{head}\n<p>{e(when)}{pub} · {_count(len(items), 'mention')}</p>\n"
                             '<div class="archive-snippets">\n<ul>\n' + "\n".join(lines) + "\n</ul>\n</div>")
    return result


def parts_newest_first(archive: Archive, index: Indexes, rendered: dict) -> dict[str, list[str]]:
    """Every entity's parts (see :func:`document_parts`), its documents newest first: for
    making every entity page, one pass over the documents instead of a look-up per entity
    and document."""
    found: dict[str, list[str]] = {}
    for doc in index.newest_first:
        for entity_id, part in rendered[doc.id].entity_parts.items():
            found.setdefault(entity_id, []).append(part)
    return found


def render_entity(archive: Archive, entity: Entity, mentions: list[Mention], shared: list[tuple[str, int]],
                  documents: dict, rank: dict, urls: Urls, rendered: dict, blocks: list[str] | None = None) -> Page:
    """One entity page. ``shared`` (from :func:`often_with`), ``documents`` (by id),
    ``rank`` (document id -> place in the archive's newest-first order) and ``rendered``
    (document id -> model.Rendered, with the document's parts of entity pages, see
    :func:`document_parts`) are computed once for all entity pages by the caller; so are
    ``blocks``, the parts of this page from :func:`parts_newest_first`, when every page is made.

    The page is mostly HTML handed past Markdown by the MkDocs bridge (see emit.rawhtml):
    on a large archive its lists are most of the rendering work. Only the headings stay
    Markdown, for the table of contents.
    """
    this = entity.page
    e = html.escape
    by_doc: dict[str, list[Mention]] = {}
    for mention in mentions:
        by_doc.setdefault(mention.doc, []).append(mention)
    ordered = sorted(by_doc, key=rank.__getitem__)  # newest first, undated last
    # The first and last dates: those of the last dated document and of the first.
    newest = documents[ordered[0]].metadata.date if ordered else ""
    oldest = next((date for date in (documents[doc_id].metadata.date for doc_id in reversed(ordered)) if date), "")
    intro = f'<p class="archive-entity-type">{entity.type.capitalize()}</p>'
    if entity.description:
        intro += "\n" + to_html(entity.description)
    parts = [f"# {md.heading(entity.name)}", rawhtml.block("intro", intro),
             rawhtml.block("meta", _facts(entity, mentions, by_doc, [oldest, newest] if newest else []))]

    parts.append("## Documents")
    if not mentions:
        parts.append("No document in the archive mentions this entity yet.")
    if blocks is None:
        blocks = [rendered[doc_id].entity_parts[entity.id] for doc_id in ordered]
    if blocks:
        parts.append("\n".join([BODY_START, *blocks, BODY_END]))

    parts.append("## Often mentioned with")
    if shared:
        items = (f'<li><a href="{e(urls.href(this, archive.entities[other].page))}">'
                 f"{rawhtml.text(archive.entities[other].name)}</a> — "
                 f"{count} paragraph{'s' if count != 1 else ''}</li>" for other, count in shared)
        parts.append(rawhtml.block("related", "<ul>\n" + "\n".join(items) + "\n</ul>"))
    else:
        parts.append("No other entity shares a paragraph with this one.")
    front = {"title": entity.name, "entity": entity.id, "type": entity.type,
             "mentions": len(mentions), "documents": len(by_doc)}
    return page(front, "\n\n".join(parts))


RELATED = 12
"""Entities shown under "Often mentioned with"."""


def often_with(archive: Archive, index: Indexes, entity_ids: list[str], every: bool = False) -> dict[str, list[tuple[str, int]]]:
    """What the page of each of ``entity_ids`` shows under "Often mentioned with" (all the
    entities when ``every``): see :func:`_most_shared`. Made from the mentions alone, so
    emit.reuse keeps it while only the documents' metadata changes."""
    together = co_occurrences(archive, index, None if every else set(entity_ids))
    return {entity_id: _most_shared(together.get(entity_id, Counter()), archive.entities) for entity_id in entity_ids}


def _most_shared(together: Counter, entities: dict) -> list[tuple[str, int]]:
    """The :data:`RELATED` entities sharing most paragraphs, ties by name: sorted, of all of
    them, only those sharing at least as many as the last one shown (a popular entity shares
    paragraphs with most of the register)."""
    items = list(together.items())
    if len(items) > RELATED:
        floor = heapq.nlargest(RELATED, together.values())[-1]
        items = [(other, count) for other, count in items if count >= floor]
    items.sort(key=lambda item: (-item[1], entities[item[0]].name))
    return items[:RELATED]


def render_index(archive: Archive, index: Indexes) -> str:
    counts = index.mention_counts
    naming = index.documents_naming
    parts = ["# Entities",
             f"{len(archive.entities)} people, organisations, places and more, kept by the archive's editors. "
             "Each page shows every passage that names it."]
    rows_by_type: dict[str, list] = {t: [] for t in ENTITY_TYPES}
    unmentioned = []
    for entity in sorted(archive.entities.values(), key=lambda e: (e.name.casefold(), e.id)):
        mentions = counts.get(entity.id, 0)
        if not mentions:
            unmentioned.append(entity)
            continue
        docs = len(naming[entity.id])
        rows_by_type[entity.type].append([md.link(entity.name, INDEX, entity.page), str(mentions), str(docs)])
    for entity_type in ENTITY_TYPES:
        rows = rows_by_type[entity_type]
        if rows:
            parts.append(f"## {TYPE_TITLES[entity_type]}")
            parts.append(md.table(["Name", "Mentions", "Documents"], rows))
    if unmentioned:  # (their files, for editors, are on the editors' page: emit.review_page)
        parts.append("## Also in the register")
        parts.append("Kept by the archive's editors, but named in no document yet:")
        parts.append("\n".join(f"- {md.link(e.name, INDEX, e.page)} ({e.type})" for e in unmentioned))
    return page({"title": "Entities", "hide": ["toc"]}, "\n\n".join(parts))
