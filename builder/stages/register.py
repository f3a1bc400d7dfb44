"""Stage: load the editors' entity register, ``entities/<id>.yml``, one file per entity.

Every file is validated against :data:`ENTITY_SCHEMA`; every problem is reported with its
line. The register is complete before any document is linked.
"""

from __future__ import annotations

import re

from builder.model import ENTITY_TYPES, Archive, Diagnostic, Entity, EntityId
from builder.schema import Field
from builder.slugs import RESERVED_IDS
from builder.stages.editor_files import YAML_SUFFIXES, EditorFolder, Parsed, stem_and_suffix
from builder.stages.read import content_path

ENTITY_SCHEMA: tuple[Field, ...] = (
    Field("id", "id", required=True, doc="the entity's id; must equal the file name without .yml"),
    Field("name", "text", required=True, doc="the full name as readers know it"),
    Field("type", "choice", required=True, choices=ENTITY_TYPES, doc="what kind of entity it is"),
    Field("aliases", "text-list", min_length=2,
          doc="other names that always mean this entity, linked anywhere (e.g. U.N. for United Nations)"),
    Field("short_forms", "text-list", min_length=2,
          doc="bare surnames or short forms (Ban, Hu), linked only after the name or an alias "
              "has appeared earlier in the same document"),
    Field("description", "markdown", doc="one or two sentences of Markdown; the first is the hover text"),
    Field("wikidata", "text", doc="Wikidata item id, e.g. Q1253"),
    Field("viaf", "text", doc="VIAF id"),
    Field("website", "url", doc="official website"),
    Field("start", "date", doc="born / founded / began"),
    Field("end", "date", doc="died / dissolved / ended"),
    Field("roles", "text-list", doc="roles or offices, e.g. UN Secretary-General (2007-2016)"),
    Field("coordinates", "coordinates", doc="a place's [latitude, longitude] in decimal degrees, e.g. [39.9042, 116.4074]; "
          "it puts the place on the map of places"),
)
PAGES_AMONG_ENTITIES = {"map": "the map of places", "connections": "the connections graph"}
"""Pages the builder makes beside the entity pages (entities/map/, emit.place_map;
entities/connections/, emit.connections_page): no entity may have their ids."""
WIKIDATA = re.compile(r"^Q[1-9]\d*$")


def load_register(archive: Archive, parsed: Parsed | None = None) -> Archive:
    folder = archive.content_dir / "entities"
    if not folder.is_dir():
        return archive
    first_file: dict[str, str] = {}
    files = EditorFolder(archive, folder, "entities", parsed=parsed)
    for entry in files.yaml_files():
        read = files.read(entry, ENTITY_SCHEMA, "entity")
        if read is None:
            continue
        rel, values, positions, line = read.path, read.values, read.positions, read.line
        entity_id = EntityId(values["id"])
        id_line, id_column = positions["id"][0]
        name, stem = entry.name, stem_and_suffix(entry.name)[0]
        if entity_id != stem:
            taken = next((folder / f"{entity_id}{suffix}" for suffix in YAML_SUFFIXES
                          if (folder / f"{entity_id}{suffix}").is_file()), None)
            if taken is not None:
                archive.report(Diagnostic("error", rel, id_line, id_column, "entity-duplicate-id",
                                          f"entity id '{entity_id}' is already used by {content_path(archive, taken)}",
                                          "give this entity an id of its own and name the file after it"))
            else:
                archive.report(Diagnostic("error", rel, id_line, id_column, "entity-id-mismatch",
                                          f"id '{entity_id}' does not match the file name '{name}'",
                                          f"rename the file to {entity_id}.yml, or set id: {stem}"))
            continue
        if entity_id in first_file:
            archive.report(Diagnostic("error", rel, id_line, id_column, "entity-duplicate-id",
                                      f"entity id '{entity_id}' is already used by {first_file[entity_id]}",
                                      "give one of them another id"))
            continue
        if entity_id in RESERVED_IDS:
            archive.report(Diagnostic("error", rel, id_line, id_column, "entity-reserved-id",
                                      f"'{entity_id}' is the name of the entities index page, not an entity id",
                                      "give the entity another id and name the file after it"))
            continue
        if entity_id in PAGES_AMONG_ENTITIES:
            archive.report(Diagnostic("error", rel, id_line, id_column, "entity-reserved-id",
                                      f"'{entity_id}' is the name of {PAGES_AMONG_ENTITIES[entity_id]} page, not an entity id",
                                      "give the entity another id and name the file after it"))
            continue
        if "coordinates" in values and values["type"] != "place":
            at_line, at_column = positions["coordinates"][0]
            archive.report(Diagnostic("error", rel, at_line, at_column, "entity-coordinates-not-place",
                                      f"'coordinates' are for places, and this entity is of type '{values['type']}'; "
                                      "they were left out",
                                      "remove the coordinates, or set type: place if it is a place"))
            del values["coordinates"]
        wikidata = values.get("wikidata", "")
        if wikidata and not WIKIDATA.fullmatch(wikidata):
            wd_line, wd_column = positions["wikidata"][0]
            archive.report(Diagnostic("error", rel, wd_line, wd_column, "entity-wikidata",
                                      f"wikidata '{wikidata}' is not a Wikidata item id",
                                      "write the Q number only, e.g. wikidata: Q1253"))
            continue
        first_file[entity_id] = rel
        archive.entities[entity_id] = Entity(path=rel, line=line, positions=positions, **values)
    return archive
