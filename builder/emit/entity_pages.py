"""Entity pages (the entities index is emit.entity_index's, the connections page emit.connections_page's).

An entity page leads with the register record: its type and description, its other names,
dates, roles and identifiers, what it is in the archive (how many documents it wrote or
published, how many mention it) and a small chart of its mentions per year (a place, its
locator map). Then the entities it most often shares a paragraph with, drawn around it (its
neighbourhood, emit.graph_svg) and listed, the topics it belongs to and the editors'
notes that name it; then its documents newest first: those it wrote, those it published
(an author or publication that is a register entity has its documents here, see
emit.taxonomy_pages), and those that mention it, each with its first mentions in context
(emit.entity_parts makes each document's part, in the per-document stages).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import quote

from builder.dates import display_date
from builder.emit import markdown as md
from builder.emit import pager, rawhtml
from builder.emit.document_page import BODY_END, BODY_START, KIND_LABELS
from builder.emit.entity_chart import chart
from builder.emit.entity_index import CONNECTIONS, INDEX, TYPE_TITLES, render_index  # noqa: F401
from builder.emit.entity_parts import SAMPLE_PAGE, SNIPPET, document_parts, joined, snippet, swept  # noqa: F401
from builder.emit.entity_related import RELATED, co_occurrences, mentions_of, often_with  # noqa: F401
from builder.emit.frontmatter import Page, page
from builder.emit.graph_svg import NEIGHBOURS, neighbourhood
from builder.emit.listing import doc_list, way_up
from builder.emit.place_map import basemap_key, locator_map
from builder.emit.taxonomy_pages import AUTHORS, PUBLICATIONS, Taxonomy, role_phrases
from builder.emit.taxonomy_pages import roles as taxonomy_roles
from builder.emit.urls import Urls
from builder.markup import first_sentence, to_html
from builder.model import Annotation, Archive, Entity, Indexes, Mention, PagePath

DATE_LABELS = {"person": ("Born", "Died"), "organisation": ("Founded", "Dissolved"), "place": ("Founded", "Dissolved"),
               "event": ("Began", "Ended"), "work": ("Published", "Ended"), "other": ("Began", "Ended")}
"""What an entity's ``start`` and ``end`` are, by its type: "Born 13 June 1944"."""


@dataclass
class Context:
    """What every entity page is made with, gathered once for all of them."""

    archive: Archive
    documents: dict  # id -> Document
    rank: dict  # document id -> place in the archive's newest-first order
    urls: Urls
    listed: dict = field(default_factory=dict)  # document id -> listing.item_parts, where made
    roles: dict = field(default_factory=dict)  # entity id -> {Taxonomy: documents it wrote or published}
    notes: dict = field(default_factory=dict)  # entity id -> placed annotations naming it
    topics: dict = field(default_factory=dict)  # entity id -> the topics it belongs to (topics_naming)


def notes_naming(archive: Archive, documents: dict) -> dict[str, list[Annotation]]:
    """The placed annotations that name each entity (``entities:``), their documents newest
    first, then in the order of their numbers."""
    found: dict[str, list[Annotation]] = {}
    for annotation in archive.annotations:
        if annotation.spans and annotation.doc in documents:
            for entity_id in dict.fromkeys(annotation.entities):
                found.setdefault(entity_id, []).append(annotation)
    return found


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


def dates(entity: Entity) -> list[tuple[str, str]]:
    """(label, date) of the entity's start and end, labelled by its type ("Born", "13 June
    1944"); one "Date" where an event starts and ends on the same day."""
    began, ended = DATE_LABELS[entity.type]
    if entity.start and entity.start == entity.end:
        return [("Date", display_date(entity.start))]
    return [(label, display_date(value)) for label, value in ((began, entity.start), (ended, entity.end)) if value]


def _in_archive(entity: Entity, mentions: list[Mention], docs: dict, dated: list[str], roles: dict) -> str:
    """What the entity is in the archive: the documents it wrote or published, and those that
    mention it, with the first and last date."""
    said = role_phrases(roles)
    if mentions:
        span = ""
        if dated and dated[0] != dated[-1]:
            span = f", from {display_date(dated[0])} to {display_date(dated[-1])}"
        elif dated:
            span = f", {display_date(dated[0])}"
        said.append(f"{md.counted(len(mentions), 'mention')} in {md.counted(len(docs), 'document')}{span}")
    else:
        said.append("not named in the text of any document" if roles else "No document mentions it yet")
    return "; ".join(said)


_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def _shown_once(names) -> list[str]:
    """Other names as a reader reads them: a register may list a name with both kinds of
    apostrophe or quotation mark so that either spelling is linked, but it is one name."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.translate(_QUOTES), name)
    return list(seen.values())


def _facts(entity: Entity, mentions: list[Mention], docs: dict, dated: list[str], roles: dict) -> str:
    e = partial(html.escape, quote=False)
    facts = []
    if entity.aliases or entity.short_forms:
        facts.append(("Also called", ", ".join(rawhtml.text(a) for a in _shown_once((*entity.aliases, *entity.short_forms)))))
    facts.extend((label, e(value)) for label, value in dates(entity))
    if entity.roles:
        facts.append(("Roles", "; ".join(rawhtml.text(r) for r in entity.roles)))
    identifiers = _identifiers(entity)
    if identifiers:
        facts.append(("Elsewhere", " · ".join(identifiers)))
    facts.append(("In the archive", e(_in_archive(entity, mentions, docs, dated, roles))))
    return "<dl>\n" + "\n".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in facts) + "\n</dl>"


def _related(context: Context, entity: Entity, shared: list[tuple[str, int]]) -> str:
    """The entities most often named with this one: its neighbourhood drawn (emit.graph_svg),
    then the list, which says the same in words."""
    entities, e, this = context.archive.entities, html.escape, entity.page
    hrefs = {other: context.urls.href(this, entities[other].page) for other, _ in shared}
    items = (f'<li><a href="{e(hrefs[other])}">{rawhtml.text(entities[other].name)}</a>'
             f" — {md.counted(count, 'paragraph')}</li>" for other, count in shared)
    drawn = neighbourhood(entity.name, entity.type, [(entities[other].name, entities[other].type, hrefs[other], count)
                                                      for other, count in shared])
    drawn_count = min(len(shared), NEIGHBOURS)
    said = "Its strongest connection" if drawn_count == 1 else f"Its {drawn_count} strongest connections"
    figure = (f'<figure class="archive-neighbourhood">\n{drawn}\n<figcaption>{said}. '
              f"{rawhtml.link('All connections', this, CONNECTIONS, context.urls)}"
              "</figcaption>\n</figure>")
    return rawhtml.block("related", figure + "\n<ul>\n" + "\n".join(items) + "\n</ul>")


def topics_naming(archive: Archive) -> dict[str, list]:
    """The topics each entity belongs to (its ``entities:``), by title."""
    found: dict[str, list] = {}
    for topic in sorted(archive.topics.values(), key=lambda t: (t.title.casefold(), t.id)):
        for entity_id in dict.fromkeys(topic.entities):
            found.setdefault(entity_id, []).append(topic)
    return found


def _topics(context: Context, this: PagePath, entity: Entity) -> str:
    topics = context.topics.get(entity.id)
    if not topics:
        return ""
    items = (f"<li>{rawhtml.link(t.title, this, t.page, context.urls)}</li>" for t in topics)
    return rawhtml.block("entity-topics", "<ul>\n" + "\n".join(items) + "\n</ul>")


def _notes(context: Context, this: PagePath, notes: list[Annotation]) -> str:
    e = html.escape
    items = []
    for note in sorted(notes, key=lambda a: (context.rank[a.doc], a.number)):
        doc = context.documents[note.doc]
        href = e(context.urls.href(this, doc.page, note.anchor))
        line = first_sentence(note.body)
        items.append(f'<li><a href="{href}">{rawhtml.text(doc.display_title)}</a>, note {note.number} '
                     f"({KIND_LABELS[note.kind].lower()}){': ' + rawhtml.text(line) if line else ''}</li>")
    return rawhtml.block("entity-notes", "<ul>\n" + "\n".join(items) + "\n</ul>")


def render_entity(context: Context, entity: Entity, mentions: list[Mention], shared: list[tuple[str, int]],
                  blocks: list[tuple[str, ...]]) -> Page:
    """An entity's (first) page. ``shared`` is what :func:`often_with` found for it; ``blocks``,
    its part of each of the newest :data:`emit.pager.PAGE_SIZE <builder.emit.pager.PAGE_SIZE>`
    documents that mention it (emit.entity_parts), which it lists; :func:`render_more` makes
    the pages of the others.

    The page is mostly HTML handed past Markdown by the MkDocs bridge (see emit.rawhtml):
    on a large archive its lists are most of the rendering work. Only the headings stay
    Markdown, for the table of contents.
    """
    this = entity.page
    documents = context.documents
    by_doc: dict[str, list[Mention]] = {}
    for mention in mentions:
        by_doc.setdefault(mention.doc, []).append(mention)
    ordered = sorted(by_doc, key=context.rank.__getitem__)  # newest first, undated last
    # The first and last dates: those of the last dated document and of the first.
    newest = documents[ordered[0]].metadata.date if ordered else ""
    oldest = next((date for date in (documents[doc_id].metadata.date for doc_id in reversed(ordered)) if date), "")
    roles: dict[Taxonomy, list] = context.roles.get(entity.id, {})
    intro = f'<p class="archive-entity-type">{entity.type.capitalize()}</p>'
    if entity.description:
        intro += "\n" + to_html(entity.description)
    parts = [f"# {md.heading(entity.name)}", rawhtml.block("intro", intro),
             rawhtml.block("meta", _facts(entity, mentions, by_doc, [oldest, newest] if newest else [], roles))]
    drawn = chart(mentions, documents, {doc_id: context.urls.href(this, pager.page_path(this, at // pager.PAGE_SIZE + 1))
                                        for at, doc_id in enumerate(ordered) if at >= pager.PAGE_SIZE})
    if drawn:
        parts.append(rawhtml.block("entity-chart", drawn))
    if entity.type == "place":
        located = locator_map(entity, context.archive, context.urls)
        if located:
            parts.append(located)
    if shared:
        parts += ["## Often mentioned with", _related(context, entity, shared)]
    topics = _topics(context, this, entity)
    if topics:
        parts += ["## Topics", topics]
    notes = context.notes.get(entity.id)
    if notes:
        parts += ["## Editors' notes", _notes(context, this, notes)]
    for taxonomy, written in roles.items():
        listing = doc_list(written[:pager.PAGE_SIZE], this, context.urls, parts=context.listed)
        parts += [f"## {taxonomy.role} {md.heading(entity.name)}",
                  *pager.between(this, 1, len(written), listing, context.urls, role_base(entity, taxonomy), _LABELS[taxonomy.key])]
    if mentions or not roles:
        parts.append(f"## Mentioned in {md.counted(len(by_doc), 'document')}")
    if not mentions and not roles:
        parts.append("No document in the archive mentions this entity yet.")
    parts += _listed(this, len(ordered), 1, blocks, context.urls)
    front = {"title": entity.name, "entity": entity.id, "type": entity.type,
             "mentions": len(mentions), "documents": len(by_doc)}
    front.update(("written" if taxonomy is AUTHORS else "published", len(written)) for taxonomy, written in roles.items())
    return page(front, "\n\n".join(parts))


def _listed(this: PagePath, total: int, number: int, blocks: list, urls: Urls) -> list[str]:
    """Page ``number``'s documents (their parts, ``blocks``) of the ``total`` that mention the
    entity whose first page is ``this``, between pagers when there is more than one page."""
    if not blocks:
        return []
    up = way_up(pager.page_path(this, number), urls)
    return pager.between(this, number, total, "\n".join([BODY_START, *(joined(block, up) for block in blocks), BODY_END]), urls)


def render_more(entity: Entity, number: int, total: int, blocks: list, urls: Urls) -> Page:
    """Page ``number`` (from 2) of the documents that mention ``entity``, ``total`` of them:
    ``blocks`` are this page's parts, newest first. A short header names the entity and links
    its first page, which has everything else (its record, its connections, its notes)."""
    parts = [f"# {md.heading(entity.name)}", pager.intro(entity.page, number, entity.name, "More of the documents that mention", urls),
             f"## Mentioned in {md.counted(total, 'document')}", *_listed(entity.page, total, number, blocks, urls)]
    count = pager.page_count(total)
    front = {"title": f"{entity.name} (page {number:,} of {count:,})", "type": entity.type, "entity": entity.id, "page": number}
    return page(front, "\n\n".join(parts))


_LABELS = {AUTHORS.key: "the documents it wrote", PUBLICATIONS.key: "the documents it published"}
_FOLDERS = {AUTHORS.key: "written", PUBLICATIONS.key: "published"}


def role_base(entity: Entity, taxonomy: Taxonomy) -> PagePath:
    """Where the further pages of the documents an entity wrote or published are (emit.pager):
    ``entities/x/written/2.md`` ..."""
    return PagePath(f"entities/{entity.id}/{_FOLDERS[taxonomy.key]}.md")


def render_role_more(entity: Entity, taxonomy: Taxonomy, number: int, docs: list, total: int, urls: Urls,
                     listed: dict | None = None) -> Page:
    """Page ``number`` (from 2) of the ``total`` documents ``entity`` wrote or published
    (``taxonomy``): ``docs``, newest first, under a short header linking its first page."""
    base = role_base(entity, taxonomy)
    this = pager.page_path(entity.page, number, base)
    what = f"More of the documents {taxonomy.role.split()[0].lower()} by"
    listing = doc_list(docs, this, urls, parts=listed)
    parts = [f"# {md.heading(entity.name)}", pager.intro(entity.page, number, entity.name, what, urls, base),
             f"## {taxonomy.role} {md.heading(entity.name)}",
             *pager.between(entity.page, number, total, listing, urls, base, _LABELS[taxonomy.key])]
    count = pager.page_count(total)
    front = {"title": f"{entity.name}: {taxonomy.role.lower()} (page {number:,} of {count:,})", "type": entity.type,
             "entity": entity.id, "page": number}
    return page(front, "\n\n".join(parts))
