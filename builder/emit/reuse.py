"""Pages made from many documents, kept between builds.

An entity page is made from the documents that name the entity (and those it wrote or
published); a topic, author, publication or year page from the documents it lists; the data
exports from every document. None of them shows the documents' annotations (the annotation
pages do, kept under the annotations, see emit.archive_groups), but for the notes that name an entity, whose
first sentences its page shows. So each is kept under a hash of what it is made from: the
:func:`~builder.pipeline.keys.text_key` of each of its documents (their sources and
sidecars), the register, the topics and the builder's code (see :meth:`Reuse.key`), and
whatever else it shows (the URL style; the site's title, for the feed; how many
annotations each document has, for documents.json; the notes naming an entity, for its
page; how many documents name an entity, for its preview card). What is made from the
mentions alone is kept under a hash of the mention rows of its documents instead: the
exports mentions.json and the entity exports; the entities mentioned with each entity, and
the entities a topic's documents mention most, which their pages show. The pages that cover
the whole archive (home, timeline, overviews, review page, entity index, annotation pages) are
kept under every document's key (emit.archive_groups).

So editing one annotation remakes that document's page and the annotation pages (and the
pages of the entities it names, if any); editing a sidecar remakes that document's page and
the pages that list it (its entities, topics, author, publication, year, and the exports of
the documents' metadata); editing the register or the topics remakes everything.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from functools import partial
from typing import Callable, Iterator

from builder import store as result_store
from builder.packed import pack, unpack
from builder.emit.chunks import Made, chunks, halves
from builder.emit.frontmatter import KeptPage
from builder.workers import Forked, can_fork_here, resident_mb


@dataclass(frozen=True)
class Deferred:
    """A file of the site given as the key of what it is made from and how to make it: made
    only if it is written (a site that holds it as it would be made keeps it, see
    bridge.published)."""

    key: str
    make: Callable[[], bytes] = field(compare=False)  # (two files of one key are one file)


def made(data: bytes | Deferred) -> bytes:
    """A published file's bytes, made if it is deferred."""
    return data.make() if isinstance(data, Deferred) else data


def packed_files(files: dict[str, bytes]) -> dict[str, Deferred]:
    """``files`` kept packed (builder.packed) until written, each under a hash of its bytes:
    the data exports of a whole archive (mentions.json alone took 47 MB of the building
    process at 10,000 documents, and as much again to be read back from the store on every
    build), a fifth of their bytes packed (72 MB of exports: 17 MB)."""
    return {path: Deferred(result_store.key("packed file", data), partial(unpack, pack(data)))
            for path, data in files.items()}


class Reuse:
    """Values kept from the last build in ``store``, under the keys :meth:`key` makes from
    ``text_keys`` (document id -> the hash of what its result is made from, but its
    annotations) and ``fingerprint`` (the register's, the topics' and the code's). Without
    a store nothing is kept and everything is made."""

    def __init__(self, store: result_store.Cache | None, text_keys: dict[str, str] | None = None,
                 fingerprint: str = "") -> None:
        self.store = store
        self.text_keys = text_keys or {}
        self.fingerprint = fingerprint
        self.used: set[str] = set()
        self.reused = 0
        self.computed = 0
        self._digests: dict[str, bytes] | None = None
        self._start = result_store.hashed(fingerprint)

    def key(self, *parts: str) -> str:
        """A key from ``parts`` and what every page depends on: the register, the topics and
        the builder's code (see pipeline.keys.fingerprint)."""
        return result_store.key_after(self._start, *parts) if self.store else ""

    def documents_key(self, docs) -> str:
        """A hash of the keys of ``docs`` (document ids), in that order."""
        if not self.store:
            return ""
        if self._digests is None:  # each key's bytes (it covers the document's id): short to join
            self._digests = {doc_id: bytes.fromhex(key) for doc_id, key in self.text_keys.items()}
        return result_store.key(b"".join(map(self._digests.__getitem__, docs)))

    def keys_kept(self, whole: str, compute: Callable[[], dict[str, str]]) -> dict[str, str]:
        """The keys of a group's names (name -> key), kept under ``whole``: a key over
        everything they are made from (every document's key, say), which the caller makes
        without them. ``compute()`` makes them only when they are not kept: after an edit
        that changes none of a group's documents, its ten thousand keys are read, not made."""
        if not self.store:
            return compute()
        keys = self.store.get_many([whole]).get(whole)
        if keys is None:
            keys = compute()
            self.store.put_many([(whole, result_store.dumps(keys))])
        self.used.add(whole)
        return keys

    def lookup(self, keys: dict[str, str]) -> tuple[dict[str, object], list[str]]:
        """``keys`` maps names to keys: the values kept for some names, and the other names."""
        found = self.store.get_many(list(keys.values())) if self.store else {}
        values = {name: found[key] for name, key in keys.items() if key in found}
        self.reused += len(values)
        if self.store:
            self.used.update(keys[name] for name in values)
        return values, [name for name in keys if name not in values]

    def last(self, name: str, made_from: str, make: Callable[[], object]) -> object:
        """The value the last build made under ``name`` if it was made from ``made_from`` (a
        key), else the one ``make()`` makes, kept in its place. One value for each name, kept
        by every build (:meth:`keeping`), whether it asks for it or not."""
        key = self.keeping(name)
        found, _ = self.lookup({"": key})
        if "" in found and found[""][0] == made_from:
            return found[""][1]
        return self.keep({"": key}, {"": (made_from, make())})[""][1]

    def keeping(self, name: str) -> str:
        """The key of :meth:`last`'s value of ``name``, kept by this build (see :meth:`prune`)."""
        key = self.key("last", name)
        if self.store:
            self.used.add(key)
        return key

    def pages_held(self, keys: dict[str, str]) -> dict[str, KeptPage]:
        """``keys`` maps names to the keys of pages: those the store holds, as pages kept there
        (emit.frontmatter.KeptPage: their values are not read), and only those."""
        held = self.store.held(list(keys.values())) if self.store else set()
        found = {name: self._kept(key) for name, key in keys.items() if key in held}
        self.reused += len(found)
        self.used.update(keys[name] for name in found)
        return found

    def _kept(self, key: str, stored: int | None = None) -> KeptPage:
        """The page kept in this store under ``key`` (``stored``: its bytes there, if known)."""
        return KeptPage(self.store.path.stem, key, stored)

    def keep(self, keys: dict[str, str], made: dict[str, object], pages: bool = False) -> dict[str, object]:
        """Store the values just made for some of the names of ``keys``; return them as the
        store holds them: a page stays pickled until it is read (emit.frontmatter.Page), as a
        page read from the store does, in half the memory or less. ``made`` is emptied as they
        are stored: each value made goes as its stored copy comes (the caller holds no other
        reference to them), so the two are never all in memory at once (the entity pages of
        2,000 documents: 120 MB). ``pages``: the values are pages, returned as kept there
        (emit.frontmatter.KeptPage), not read back."""
        self.computed += len(made)
        if not self.store:
            return made
        kept: dict[str, object] = {}

        def pickled():  # stored one by one: their pickled copies are not all kept at once
            for name in list(made):
                blob = result_store.dumps(made.pop(name))
                kept[name] = self._kept(keys[name], len(blob)) if pages else pickle.loads(blob)
                yield keys[name], blob

        self.store.put_many(pickled())
        self.used.update(keys[name] for name in kept)
        return kept

    def keep_pickled(self, keys: dict[str, str], made: list[tuple[str, bytes]], pages: bool = False) -> dict[str, object]:
        """:meth:`keep`, for values made and pickled elsewhere ((name, pickled value) pairs)."""
        self.computed += len(made)
        if self.store:
            self.store.put_many((keys[name], blob) for name, blob in made)
            self.used.update(keys[name] for name, _ in made)
            if pages:
                return {name: self._kept(keys[name], len(blob)) for name, blob in made}
        return {name: pickle.loads(blob) for name, blob in made}

    def prune(self) -> None:
        """Keep what this build made and used; drop the rest once it is a tenth of the file
        (see store.Cache.prune)."""
        if self.store:
            self.store.prune(self.used)


class Groups:
    """The groups of pages made from many documents (entity, topic, author, publication and
    year pages; the exports): each is names, each name's key, and a function that makes the
    values of the names it is given. All are looked up in the store at once (a store asked
    for most of its entries reads them in one pass), then what is not kept is made, group
    by group, in the order they were added. A group may need the values of one added before
    it (``needs``): its function is given them."""

    def __init__(self, reuse: Reuse) -> None:
        self.reuse = reuse
        self.groups: dict[str, tuple[dict[str, str], Callable, str | None]] = {}

    def add(self, group: str, keys: dict[str, str], make: Callable[[list[str], dict | None], Made],
            needs: str | None = None, apart: Callable[[str], float] | None = None, pages: bool = False) -> None:
        """``make(names, values of the group it needs)`` makes the values of ``names``: a dict
        of them, or dicts of some of them one after another (a generator), each stored before
        the next is made, so that what one is made from (the documents' parts read from the
        store, say) goes before the next is read: see :func:`in_chunks_of`. ``apart``: each
        value is made from the model alone, whatever else is made with it, so a forked copy
        of this process may make some of them meanwhile (:data:`APART_FROM`); it says about
        what making a name's value costs, so that each process gets half of the work. ``pages``:
        the values are pages, given as kept in the store, never read (emit.frontmatter.KeptPage)."""
        if needs is not None and needs not in self.groups:
            raise ValueError(f"{group!r} needs {needs!r}, which must be added first")
        self.groups[group] = (keys, make, needs, apart, pages)

    def make(self) -> dict[str, dict[str, object]]:
        """Every group's values (name -> value, in the order of its keys), kept or made. Once:
        the makers are let go of at the end. What a forked copy makes of a group made apart is
        taken in when a group that needs it comes, before another copy is forked, or at the
        end: meanwhile this process makes its own half and the groups after it."""
        groups, self.groups = self.groups, {}
        kept, _ = self.reuse.lookup({(group, name): key for group, (keys, _, _, _, pages) in groups.items()
                                     if not pages for name, key in keys.items()})
        kept.update(self.reuse.pages_held({(group, name): key for group, (keys, _, _, _, pages) in groups.items()
                                           if pages for name, key in keys.items()}))
        values: dict[str, dict[str, object]] = {}
        result: dict[str, dict[str, object]] = {}
        pending: dict[str, Forked] = {}  # (one at a time)

        def finish(group: str) -> None:
            keys, pages = groups[group][0], groups[group][4]
            if group in pending:
                for chunk in pending.pop(group).results():
                    values[group].update(self.reuse.keep_pickled(keys, chunk, pages))
            unmade = [name for name in keys if name not in values[group]]
            if unmade:
                raise KeyError(f"{group!r}: nothing was made for {unmade[:3]!r}")
            result[group] = {name: values[group][name] for name in keys}

        try:
            for group, (keys, make, needs, apart, pages) in groups.items():
                if needs is not None and needs not in result:
                    finish(needs)
                values[group] = {name: kept[(group, name)] for name in keys if (group, name) in kept}
                todo = [name for name in keys if name not in values[group]]
                needed = result[needs] if needs else None
                if (apart is not None and len(todo) >= APART_FROM and can_fork_here()
                        and resident_mb() < APART_UP_TO_MB):  # half made by a copy
                    for other in list(pending):
                        finish(other)
                    todo, later = halves(todo, apart)
                    pending[group] = Forked(partial(_pickled, make, later, needed))
                made = make(todo, needed) if todo else {}
                for chunk in chunks(made):
                    values[group].update(self.reuse.keep(keys, chunk, pages))  # (keep empties the chunk: each value goes once stored)
                del made
                if group not in pending:
                    finish(group)
            for group in list(pending):
                finish(group)
        finally:
            for forked in pending.values():  # (this process failed: the copies' work is not wanted)
                forked.stop()
        return {group: result[group] for group in groups}


APART_FROM = 400
"""Values to make in a group made ``apart`` (Groups.add) from which a forked copy of the building
process makes half of them, by cost (a build from scratch, or after the register changed: the
entity pages, about 15 s at 10,000 documents)."""


APART_UP_TO_MB = 2000
"""No copy is forked while the building process holds this much memory or more: the copy's
share of what it reads becomes its own (reading an object writes its reference count), so a
copy costs memory in proportion to the archive. At 10,000 documents (the process holding
about 640 MB) one added about 150 MB and saved about 1.8 s of 11.7; at 100,000 (4.7 GB) it
added 2.4 GB to the build's peak."""


def _pickled(make: Callable, names: list[str], needed: dict | None) -> Iterator[list[tuple[str, bytes]]]:
    """What ``make(names, needed)`` makes, a chunk at a time, pickled (in a forked copy, see Groups.make)."""
    made = make(names, needed)
    for chunk in chunks(made):
        yield [(name, result_store.dumps(value)) for name, value in chunk.items()]
