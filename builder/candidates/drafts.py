"""Register files drafted for the candidates an editor chooses (``archive candidates --write``).

A draft is in the register's schema (:data:`~builder.stages.register.ENTITY_SCHEMA`) and
passes ``archive check`` as it is: its name, its short forms (the surnames grouped under it)
and its other spellings as aliases are what the corpus shows; its type is ``other`` until the
editor chooses one; the fields only an editor can fill are listed as comments, each with what
it is for. An existing file is never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builder.candidates import Candidate
from builder.model import ENTITY_TYPES
from builder.slugs import RESERVED_IDS, slugify
from builder.stages.editor_files import YAML_SUFFIXES
from builder.stages.register import ENTITY_SCHEMA
from builder.yamlio import dump

EXAMPLES = 3
"""Documents named in a draft's opening comment."""


@dataclass(frozen=True)
class Draft:
    request: str  # what the editor asked for: a name or a rank
    written: bool
    message: str  # what happened, in a sentence that names the file


def examples(candidate: Candidate, limit: int = EXAMPLES) -> list[str]:
    """The documents that use the name most, most first (then by id)."""
    return [doc for doc, _ in sorted(candidate.by_document.items(), key=lambda item: (-item[1], item[0]))[:limit]]


def draft_text(candidate: Candidate, entity_id: str) -> str:
    """The register file drafted for one candidate."""
    shown = examples(candidate)
    more = len(candidate.documents) - len(shown)
    lines = [f"# Drafted by `archive candidates --write`: \"{candidate.name}\" occurs {candidate.count} times in "
             f"{len(candidate.documents)} documents",
             f"# ({', '.join(shown)}{f' and {more} more' if more else ''}). Check the name and the forms below,",
             "# choose the type, and fill in what you know (or delete the lines you do not need)."]
    values = {"id": entity_id, "name": candidate.name, "type": "other"}
    lists = {"short_forms": [form for form, _ in candidate.forms],
             "aliases": [spelling for spelling, _ in candidate.spellings]}
    unfilled = []
    for field in ENTITY_SCHEMA:
        if field.name in values:
            text = dump({field.name: values[field.name]}).rstrip("\n")
            if field.name == "type":
                text += f"  # one of: {', '.join(ENTITY_TYPES)}"
            lines.append(text)
        elif lists.get(field.name):
            lines.append(f"# {field.name}: {field.doc}")
            lines.append(dump({field.name: lists[field.name]}).rstrip("\n"))
        else:
            unfilled.append(f"#   {field.name}: {field.doc}")
    lines += ["# Fields to add if you know them:", *unfilled]
    return "\n".join(lines) + "\n"


def _chosen(candidates: list[Candidate], request: str) -> Candidate | None:
    """The candidate of a rank ("3") or a name, or the group a short form or spelling is in."""
    if request.isdigit():
        rank = int(request)
        return candidates[rank - 1] if 1 <= rank <= len(candidates) else None
    wanted = " ".join(request.split()).casefold()
    for candidate in candidates:
        names = [candidate.name, *(form for form, _ in candidate.forms + candidate.spellings)]
        if any(name.casefold() == wanted for name in names):
            return candidate
    return None


def write_drafts(content_dir: Path, candidates: list[Candidate], requests: list[str]) -> list[Draft]:
    """Write ``entities/<id>.yml`` for each requested candidate (by rank or name), in order;
    say what happened to each. Nothing existing is overwritten."""
    folder = content_dir / "entities"
    drafts = []
    for request in requests:
        candidate = _chosen(candidates, request)
        if candidate is None:
            what = f"rank {request}" if request.isdigit() else f"'{request}'"
            drafts.append(Draft(request, False, f"{what} is not among the {len(candidates)} candidates; "
                                                "run `archive candidates` to see their names and ranks"))
            continue
        entity_id = slugify(candidate.name)
        if not entity_id or entity_id in RESERVED_IDS:
            drafts.append(Draft(request, False, f"no file name can be made from '{candidate.name}'; "
                                                f"write entities/<id>.yml for it by hand"))
            continue
        existing = next((folder / f"{entity_id}{suffix}" for suffix in YAML_SUFFIXES
                         if (folder / f"{entity_id}{suffix}").exists()), None)
        if existing is not None:
            drafts.append(Draft(request, False, f"{existing} already exists, left as it is (a draft never "
                                                f"overwrites a file); edit it to add '{candidate.name}'"))
            continue
        path = folder / f"{entity_id}.yml"
        folder.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as out:
            out.write(draft_text(candidate, entity_id))
        drafts.append(Draft(request, True, f"wrote {path} for '{candidate.name}': choose its type and fill it in"))
    return drafts
