"""Stage: redirects that keep old URLs working when an editor renames an id.

``content/redirects.yml`` maps old ids to new ones, per kind::

    documents:
      old-document-id: new-document-id
    entities:
      old-entity-id: new-entity-id
    topics:
      old-topic-id: new-topic-id

Each old URL gets a small page that sends the reader on to the new one. The target must
exist and the old id must not be in use again. :func:`vanished_ids` finds ids that were
published (in a git revision) and are gone without a redirect.
"""

from __future__ import annotations

import difflib
import posixpath
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from builder.model import Archive, ContentPath, Diagnostic
from builder.schema_checks import id_problem
from builder.stages.editor_files import read_editor_text
from builder.slugs import MAX_SLUG, RESERVED_IDS, slugify
from builder.stages.read import SOURCE_SUFFIXES
from builder.stages.source_tree import SOURCES, is_hidden, source_id
from builder.yamlio import parse_nodes, position

KINDS = {"documents": "sources", "entities": "entities", "topics": "topics"}
ONE = {"documents": "document", "entities": "entity", "topics": "topic"}
A = {"documents": "a document", "entities": "an entity", "topics": "a topic"}
INDEXED = ("entities", "topics")
"""Kinds whose folder has an index page of the builder's own (entities/ and topics/ list
theirs). documents/ has none: a source named index.txt has the page documents/, and a
redirect from the old id 'index' is a redirect like any other."""
REDIRECTS_FILE = "redirects.yml"


@dataclass(frozen=True)
class Redirect:
    kind: str  # documents, entities or topics
    old: str
    new: str

    @property
    def old_page(self) -> str:
        return f"{self.kind}/{self.old}.md"

    @property
    def new_page(self) -> str:
        return f"{self.kind}/{self.new}.md"


def _known(archive: Archive, kind: str) -> set[str]:
    if kind == "documents":
        return {d.id for d in archive.documents}
    if kind == "entities":
        return set(archive.entities)
    return set(archive.topics)


def load_redirects(archive: Archive) -> Archive:
    path = archive.content_dir / REDIRECTS_FILE
    if not path.exists() and not path.is_symlink():  # a broken link is reported, not ignored
        return archive
    rel = ContentPath(REDIRECTS_FILE)
    text = read_editor_text(archive, path, "redirects")
    if text is None:
        return archive
    node, problem = parse_nodes(text)

    def error(at, code, message, hint):
        line, column = at
        archive.report(Diagnostic("error", rel, line, column, code, message, hint))

    if problem:
        error((problem.line, problem.column), "yaml-syntax", f"not valid YAML: {problem.message}", "check the indentation")
        return archive
    if node is None:
        return archive
    if not isinstance(node, yaml.MappingNode):
        error(position(node), "schema-type", "redirects.yml must map documents/entities/topics to old: new pairs",
              "see the README")
        return archive
    for key_node, value_node in node.value:
        kind = key_node.value
        if kind not in KINDS:
            close = difflib.get_close_matches(str(kind), list(KINDS), n=1)
            error(position(key_node), "schema-unknown-key", f"unknown key '{kind}' in redirects file",
                  f"did you mean '{close[0]}'?" if close else "use documents, entities or topics")
            continue
        if not isinstance(value_node, yaml.MappingNode):
            error(position(value_node), "schema-type", f"'{kind}' must map old ids to new ids", f"{kind}:\n  old-id: new-id")
            continue
        known = _known(archive, kind)
        for old_node, new_node in value_node.value:
            if not _valid_ids(old_node, new_node, kind, error):
                continue
            old, new = old_node.value, new_node.value
            if old in known:
                error(position(old_node), "redirect-old-in-use", f"'{old}' is still {A[kind]} id; it cannot redirect",
                      "remove this redirect, or rename the item first")
            elif new not in known:
                close = difflib.get_close_matches(new, sorted(known), n=1)
                error(position(new_node), "redirect-unknown-target", f"redirect target '{new}' is not {A[kind]} id",
                      f"did you mean '{close[0]}'?" if close else f"check the {ONE[kind]} id")
            else:
                archive.redirects.append(Redirect(kind, old, new))
    return archive


def _valid_ids(old_node: yaml.Node, new_node: yaml.Node, kind: str, error) -> bool:
    """The old id is an id as the builder makes them (what slugify leaves as it is, at most
    MAX_SLUG characters), and not the name of the folder's index page; both are single values. (The new id must be an
    existing id, which is checked next.)"""
    what = ONE[kind]
    for node, which in ((old_node, "old"), (new_node, "new")):
        if not isinstance(node, yaml.ScalarNode):
            error(position(node), "redirect-bad-id", f"the {which} {what} id must be a single id",
                  "write one redirect a line: old-id: new-id")
            return False
    old = old_node.value
    problem = id_problem(old)
    if problem and problem.startswith("is not"):
        close = slugify(old)
        error(position(old_node), "redirect-bad-id",
              f"{old!r} is not {A[kind]} id (ids are lowercase letters, digits and single hyphens)",
              f"write the id as it was in the old URL, {kind}/<id>/" + (f"; did you mean '{close}'?" if close else ""))
        return False
    if problem:
        error(position(old_node), "redirect-bad-id", f"'{old}' {problem}",
              f"check the id (ids have at most {MAX_SLUG} characters); write it as it was in the old URL, {kind}/<id>/")
        return False
    if old in RESERVED_IDS and kind in INDEXED:
        error(position(old_node), "redirect-bad-id", f"'{old}' is the {kind} index page, not {A[kind]} id",
              "remove this redirect")
        return False
    return True


def published_ids(content_dir: Path, revision: str) -> dict[str, set[str]] | None:
    """Ids of documents, entities and topics at a git revision (None outside git). A source's
    id is made as the read stage makes it (any depth under sources/, hidden files and folders
    passed over); file names are read as git keeps them (``-z``: no quoting of names that are
    not ASCII)."""
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=content_dir, capture_output=True,
                             text=True, check=True).stdout.strip()
        prefix = content_dir.resolve().relative_to(Path(top).resolve()).as_posix()
        listing = subprocess.run(["git", "ls-tree", "-r", "-z", "--name-only", revision, "--", prefix], cwd=top,
                                 capture_output=True, check=True).stdout.decode("utf-8", "surrogateescape").split("\0")
    except (OSError, subprocess.CalledProcessError, ValueError):
        return None
    ids: dict[str, set[str]] = {kind: set() for kind in KINDS}
    start = len(prefix) + 1 if prefix != "." else 0
    for name in listing:
        folder, _, rest = name[start:].partition("/")
        if not rest:
            continue
        if folder == SOURCES:
            if not any(is_hidden(part) for part in rest.split("/")) and \
                    posixpath.splitext(rest)[1].lower() in SOURCE_SUFFIXES:
                ids["documents"].add(source_id(rest))
            continue
        for kind in INDEXED:
            stem, dot, suffix = rest.rpartition(".")
            if folder == KINDS[kind] and "/" not in rest and suffix in ("yml", "yaml"):
                ids[kind].add(stem)
    ids["documents"].discard("")
    return ids


def vanished_ids(archive: Archive, revision: str) -> list[Diagnostic]:
    """A warning for every id published at ``revision`` that is gone without a redirect; its
    fix names the likeliest new id (one that is new since then: a source moved to another
    folder gets a new id)."""
    before = published_ids(archive.content_dir, revision)
    if before is None:
        return []
    redirected = {(r.kind, r.old) for r in archive.redirects}
    found = []
    for kind in KINDS:
        known = _known(archive, kind)
        new = sorted(known - before[kind])
        for old in sorted(before[kind] - known):
            if (kind, old) not in redirected:
                close = _moved(old, new)
                found.append(Diagnostic("warning", ContentPath(REDIRECTS_FILE), 0, 0, "redirect-missing",
                                        f"the {ONE[kind]} id '{old}' existed at {revision} and is gone; its URL "
                                        f"{kind}/{old}/ will break",
                                        f"in redirects.yml, add '{old}: {close or '<new-id>'}' under '{kind}:'"
                                        + (f" ('{close}' is new since {revision})" if close else "")))
    return found


def _moved(old: str, new: list[str]) -> str | None:
    """The new id ``old`` most likely became: one ending like it (the same file in another
    folder), else the closest."""
    same_end = [candidate for candidate in new if candidate.endswith(f"-{old}") or old.endswith(f"-{candidate}")]
    close = difflib.get_close_matches(old, same_end or new, n=1, cutoff=0.0 if same_end else 0.75)
    return close[0] if close else None
