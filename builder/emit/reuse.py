"""Pages made from many documents, kept between builds.

An entity page is made from the documents that name the entity; a topic, author,
publication or year page from the documents it lists; the data exports from every
document. None of them shows the documents' annotations (the annotation pages do, and are
made again every build), so each is kept under a hash of what it is made from: the
:func:`~builder.document_stages.text_key` of each of its documents (their sources and
sidecars), the register, the topics and the builder's code (see :meth:`Reuse.key`), and
whatever else it shows (the URL style; the site's title, for the feed; how many
annotations each document has, for documents.json). What is made from the mentions alone
is kept under a hash of the mention rows of its documents instead: the exports
mentions.json and the entity exports; the entities mentioned with each entity, and the
entities a topic's documents mention most, which their pages show. The pages that cover
the whole archive (home, timeline, overviews, review page, entity index) are joined again
every build from the per-document parts.

So editing one annotation remakes that document's page and the annotation pages;
editing a sidecar remakes that document's page and the pages that list it (its entities,
topics, author, publication, year, and the exports of the documents' metadata); editing
the register or the topics remakes everything.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from builder import cache as result_cache
from builder.model import Archive


class Reuse:
    """Values kept from the last build under the keys :meth:`key` makes. Without a cache
    folder (or without the documents' keys, which only a cached build has) nothing is
    kept and everything is made."""

    def __init__(self, archive: Archive, folder: Path | None = None, name: str = "pages") -> None:
        self.archive = archive
        self.store = result_cache.Cache(folder, name) if folder is not None and archive.text_keys else None
        self.used: set[str] = set()
        self.reused = 0
        self.computed = 0
        self._digests: dict[str, bytes] | None = None

    def key(self, *parts: str) -> str:
        """A key from ``parts`` and what every page depends on: the register, the topics and
        the builder's code (see document_stages.fingerprint)."""
        return result_cache.key(self.archive.fingerprint, *parts) if self.store else ""

    def documents_key(self, docs) -> str:
        """A hash of the keys of ``docs`` (document ids), in that order."""
        if not self.store:
            return ""
        if self._digests is None:  # each key's bytes (it covers the document's id): short to join
            self._digests = {doc_id: bytes.fromhex(key) for doc_id, key in self.archive.text_keys.items()}
        return result_cache.key(b"".join(map(self._digests.__getitem__, docs)))

    def lookup(self, keys: dict[str, str]) -> tuple[dict[str, object], list[str]]:
        """``keys`` maps names to keys: the values kept for some names, and the other names."""
        found = self.store.get_many(list(keys.values())) if self.store else {}
        values = {name: found[key] for name, key in keys.items() if key in found}
        self.reused += len(values)
        if self.store:
            self.used.update(keys[name] for name in values)
        return values, [name for name in keys if name not in values]

    def keep(self, keys: dict[str, str], made: dict[str, object]) -> None:
        """Store the values just made for some of the names of ``keys``."""
        self.computed += len(made)
        if self.store:  # stored one by one: their pickled copies are not all kept at once
            self.store.put_many((keys[name], result_cache.dumps(value)) for name, value in made.items())
            self.used.update(keys[name] for name in made)

    def close(self) -> None:
        """Keep what this build made and used; drop the rest once it is a tenth of the file
        (see cache.Cache.prune)."""
        if self.store:
            self.store.prune(self.used)
            self.store.close()
            self.store = None


class Groups:
    """The groups of pages made from many documents (entity, topic, author, publication and
    year pages; the exports): each is names, each name's key, and a function that makes the
    values of the names it is given. All are looked up in the cache at once (a cache asked
    for most of its entries reads them in one pass), then what is not kept is made, group
    by group."""

    def __init__(self, reuse: Reuse) -> None:
        self.reuse = reuse
        self.groups: dict[str, tuple[dict[str, str], Callable[[list[str]], dict[str, object]]]] = {}
        self.done: dict[str, dict[str, object]] = {}  # the values of the groups made so far (a later group's make may read them)

    def add(self, group: str, keys: dict[str, str], make: Callable[[list[str]], dict[str, object]]) -> None:
        self.groups[group] = (keys, make)

    def make(self) -> dict[str, dict[str, object]]:
        """Every group's values (name -> value, in the order of its keys), kept or made, the
        groups in the order they were added. Once: the makers and the values are let go of
        at the end (a maker that reads :attr:`done` refers to this object, and the build
        runs without the cycle collector: kept, the cycle would keep every page made here
        through the rendering)."""
        try:
            kept, _ = self.reuse.lookup({(group, name): key for group, (keys, _) in self.groups.items()
                                         for name, key in keys.items()})
            result = self.done = {}
            for group, (keys, make) in self.groups.items():
                values = {name: kept[(group, name)] for name in keys if (group, name) in kept}
                todo = [name for name in keys if name not in values]
                made = make(todo) if todo else {}
                self.reuse.keep(keys, {name: made[name] for name in todo})
                values.update(made)
                result[group] = {name: values[name] for name in keys}
            return result
        finally:
            self.groups, self.done = {}, {}
