"""The entities index: every entity of the register under the heading of its type, with the
connections page (emit.connections_page) and, when the register has places, the map of places
(emit.place_map) linked at its head."""

from __future__ import annotations

from builder.emit import markdown as md
from builder.emit.frontmatter import Page, page
from builder.emit.place_map import has_places, map_link
from builder.emit.taxonomy_pages import role_phrases
from builder.emit.taxonomy_pages import roles as taxonomy_roles
from builder.emit.urls import Urls
from builder.model import ENTITY_TYPES, Archive, Indexes, PagePath

INDEX = PagePath("entities/index.md")
CONNECTIONS = PagePath("entities/connections.md")
"""The connections page (emit.connections_page)."""
TYPE_TITLES = {"person": "People", "organisation": "Organisations", "place": "Places", "event": "Events",
               "work": "Works", "other": "Other"}


def render_index(archive: Archive, index: Indexes, urls: Urls) -> Page:
    """Every entity of the register under the heading of its type, which has a fixed id (an
    entity page's trail links it: Entities › People): those the documents name in a table
    with their counts, then those no document's text names, with what they are in the archive
    (an author, a publisher) or that no document names them yet."""
    counts = index.mention_counts
    naming = index.documents_naming
    roles = taxonomy_roles(archive, index)
    parts = ["# Entities",
             f"{len(archive.entities)} people, organisations, places and more, kept by the archive's editors. "
             "Each page shows every passage that names it. "
             f"{md.link('How they are connected', INDEX, CONNECTIONS)}: the entities most often named together, "
             "as a graph."]
    if has_places(archive):
        parts.append(map_link(INDEX, urls))
    rows_by_type: dict[str, list] = {t: [] for t in ENTITY_TYPES}
    unmentioned_by_type: dict[str, list] = {t: [] for t in ENTITY_TYPES}
    for entity in sorted(archive.entities.values(), key=lambda e: (e.name.casefold(), e.id)):
        mentions = counts.get(entity.id, 0)
        if not mentions:  # (their files, for editors, are on the editors' page: emit.review_page)
            said = ", ".join(role_phrases(roles[entity.id])).lower() if entity.id in roles else "named in no document yet"
            unmentioned_by_type[entity.type].append(f"- {md.link(entity.name, INDEX, entity.page)} — {said}")
            continue
        docs = len(naming[entity.id])
        rows_by_type[entity.type].append([md.link(entity.name, INDEX, entity.page), str(mentions), str(docs)])
    for entity_type in ENTITY_TYPES:
        rows, unmentioned = rows_by_type[entity_type], unmentioned_by_type[entity_type]
        if rows or unmentioned:
            parts.append(f"## {TYPE_TITLES[entity_type]} {{ #{TYPE_TITLES[entity_type].lower()} }}")
        if rows:
            parts.append(md.table(["Name", "Mentions", "Documents"], rows))
        if unmentioned:
            parts.append("Also in the register, named in the text of no document:" if rows
                         else "In the register, named in the text of no document:")
            parts.append("\n".join(unmentioned))
    return page({"title": "Entities", "hide": ["toc"]}, "\n\n".join(parts))
