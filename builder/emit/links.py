"""Links from a document's page to entity pages, made once for every page that links alike."""

from __future__ import annotations

import html
import posixpath

from builder.emit.urls import Urls
from builder.markup import first_sentence
from builder.model import Entity, PagePath


def linked_alike(page: str) -> tuple[str, PagePath]:
    """What links from ``page`` depend on, and a page to make them from: every page of a
    folder links alike to pages outside it (every document's page is in one), but the
    folder's index page, at the folder's own address (a document whose id is "index")."""
    folder, _, name = page.rpartition("/")
    if name == "index.md":
        return page, PagePath(page)
    return folder, PagePath(posixpath.join(folder, "_.md"))


def entity_link(entity: Entity, surface: str, page: str, urls: Urls) -> str:
    """An HTML link from ``page`` to an entity page. Its title gives type and one-line
    description (the browser's tooltip, and the card on keyboard focus, without JavaScript);
    ``data-entity`` names the preview card the theme's entities.js shows on hover, tap and
    focus (see emit.entity_cards), removing the title so that only one shows."""
    alike, source = linked_alike(page)
    key = (alike, entity.id, entity.type, entity.description, urls.directory)
    opening = _OPENINGS.get(key)
    if opening is None:
        e = html.escape
        line = summary(entity.description)
        card = entity.type.capitalize() + (f": {line}" if line else "")
        href = urls.href(source, entity.page)
        opening = _OPENINGS[key] = f'<a href="{e(href)}" class="archive-entity" data-entity="{e(entity.id)}" title="{e(card)}">'
    return f'{opening}{html.escape(surface, quote=False)}</a>'


def summary(description: str) -> str:
    """The first sentence of an entity's description, as plain text: its links' title and its
    preview card (emit.entity_cards); each description rendered once per process
    (markup.first_sentence keeps what it rendered)."""
    return first_sentence(description)


_OPENINGS: dict[tuple, str] = {}
"""An entity link's opening tag is the same for every mention of the entity from pages that
link alike (see linked_alike), so it is made once: by those pages, the entity's id, type
and description, and the URL style."""
