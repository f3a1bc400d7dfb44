"""The preview card of each entity, as a small script file the theme's entities.js loads when a
reader first hovers, taps or focuses a link to the entity.

A card shows the entity's name, type, the first sentence of its description and how many
documents name it. The count changes whenever any document naming the entity does, so it is
not written into the documents' pages (each would then be made and rendered again at every
edit of another document): one file per entity, ``entity-cards/<id>.js``, kept between
builds (emit.reuse) under the entity's counts. A classic script calling ``archiveEntityCard(id, card)``,
since a page opened from ``file://`` (the offline bundle) may load a script but not fetch a
file. The values are JSON, every character outside ASCII and every ``<``, ``>`` and ``&``
escaped; the script sets them as text (``textContent``), never as HTML.
"""

from __future__ import annotations

import json

from builder.emit.taxonomy_pages import role_phrases, roles
from builder.emit.links import summary
from builder.emit.markdown import counted
from builder.model import Archive, Entity, Indexes

FOLDER = "entity-cards"


def card(entity: Entity, documents: int, written: dict) -> dict:
    """What the card of ``entity`` shows: named in ``documents`` documents, the author or
    publisher of those in ``written`` (taxonomy -> documents)."""
    said = role_phrases(written)
    said.append(f"named in {counted(documents, 'document')}" if said else f"Named in {counted(documents, 'document')}")
    return {"name": entity.name, "type": entity.type.capitalize(), "summary": summary(entity.description),
            "count": " · ".join(said)}


def script(entity_id: str, values: dict) -> bytes:
    data = json.dumps(values, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        data = data.replace(char, escaped)
    return f"archiveEntityCard({json.dumps(entity_id)},{data});\n".encode("ascii")


def add_group(work, archive: Archive, index: Indexes, every: str) -> None:
    """Every entity's card among emit.reuse's groups (``work``), by entity id: each is kept
    under what it shows beside the register (the fingerprint of every key), its counts, so a
    rebuild renders no description again (a card's first sentence is editor Markdown made
    plain text). The keys are kept under every document's key (``every``, Reuse.documents_key),
    which the counts are found from."""
    ids = sorted(archive.entities)

    def keys() -> dict[str, str]:
        naming, written = index.documents_naming, roles(archive, index)

        def counts(entity_id: str) -> str:
            return repr((len(naming.get(entity_id, ())), *((t.key, len(docs)) for t, docs in written.get(entity_id, {}).items())))

        return {entity_id: work.reuse.key("entity card", entity_id, counts(entity_id)) for entity_id in ids}

    def make(todo: list[str], done) -> dict[str, bytes]:
        naming, written = index.documents_naming, roles(archive, index)
        return {entity_id: script(entity_id, card(archive.entities[entity_id], len(naming.get(entity_id, ())),
                                                  written.get(entity_id, {}))) for entity_id in todo}

    work.add("entity card", work.reuse.keys_kept(work.reuse.key("entity card keys", every), keys), make)


def card_files(made: dict[str, bytes]) -> dict[str, bytes]:
    """The cards (entity id -> script, from the group :func:`add_group` adds) by their paths in the site."""
    return {f"{FOLDER}/{entity_id}.js": value for entity_id, value in made.items()}
