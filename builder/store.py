"""The result store: values kept between builds, keyed by a hash of everything they depend on.

One SQLite file per kind of value (standard library). A per-document key covers the
source's bytes, its sidecar and annotations, the entity register, the topics, the build
options and the builder's own code, so a changed input can never be answered from the
cache, and whatever a build stopped half-way stored is still right; a build keeps only the
entries it used, so the file does not grow with old versions.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sqlite3
import sys
from importlib import metadata
from pathlib import Path
from typing import Iterable

import builder
from builder import reading, stamps



LIBRARIES = ("anyascii", "htmldate", "lz4", "markdown", "networkx", "nh3", "numpy", "pyahocorasick", "pyyaml",
             "rapidfuzz", "trafilatura")
"""Libraries whose output is part of a document's result or a page (text extraction, Markdown,
linking, the connections' layout), or of how it is kept (LZ4's frames: a page's digest hashes
its foot as packed)."""


def code_version() -> str:
    """A hash of the builder's source files, Python's version and the versions of
    :data:`LIBRARIES`: new code never reads results of old code. Worked out again only when a
    file of the builder or a folder of Python's path changes (builder.stamps)."""
    package = str(Path(builder.__file__).parent)
    return stamps.asked("code", (stamps.code_files(package), stamps.path_folders()), _code_version)


def _code_version() -> str:
    digest = hashlib.sha256()
    digest.update(sys.version.encode())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}=={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} missing".encode())
    package = Path(builder.__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def key(*parts: bytes | str) -> str:
    """A hash of the parts, each length-prefixed so that no two lists of parts collide."""
    return key_after(hashlib.sha256(), *parts)


def hashed(*parts: bytes | str):
    """The hash of the first parts of keys (a ``hashlib`` object): ``key_after(hashed(*a), *b)``
    is ``key(*a, *b)``, and the parts shared by many keys are hashed once."""
    digest = hashlib.sha256()
    _feed(digest, parts)
    return digest


def key_after(start, *parts: bytes | str) -> str:
    """:func:`key` of the parts :func:`hashed` gave ``start`` (left as it is), then ``parts``."""
    digest = start.copy()
    _feed(digest, parts)
    return digest.hexdigest()


def _feed(digest, parts) -> None:
    update = digest.update
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        update(len(data).to_bytes(8, "big"))
        update(data)


SCAN_FROM = 1000
"""Asked for at least this many keys, and for at least half of what it holds, a cache reads its
whole file in order (faster than as many look-ups; at most one byte in :data:`STALE` is not
wanted). Asked for a part (the documents' parts of a chunk of entity pages, say), it looks
each up."""

STALE = 10
"""Stale entries are dropped once they hold more than one byte in this many."""


def dumps(value: object) -> bytes:
    """A value as the cache keeps it."""
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


TABLE = "kept"
"""The table of values (earlier code kept them in ``results`` and ``entries``)."""

LARGE = 1_000_000
"""Values of at least this many bytes (pickled) are kept in files beside the database, one
per value: SQLite stores them slowly, and removing one (a copy of the exports, tens of
megabytes, goes stale at every edit of a document) took longer than making it again."""
IN_A_FILE = b"\x00"
"""What the database holds for a value kept in a file (no pickle starts with it)."""

COUNTED_UP_TO = 64_000_000
"""Up to this many bytes of pages in use, a cache counts its values' bytes one by one to tell
when its stale entries are to be dropped (:data:`STALE`); past it, its pages in use stand for them."""

PAGE_SIZE = 65536
"""SQLite's page size for the caches (its default is 4,096 bytes). A rebuild reads most of the
large caches in order (see :data:`SCAN_FROM`), and a value of tens of kilobytes is a chain of
pages: with larger pages, reading the 10,000 documents' results (270 MB) took a third of the
time (0.06 s instead of 0.18 s), and looking up a few hundred keys no longer."""


class Cache:
    """Pickled values by key, in ``folder/NAME.sqlite``, and the large ones in ``folder/NAME/``."""

    def __init__(self, folder: Path, name: str = "documents", read_late: bool = False) -> None:
        """``read_late``: a build reads it after it has let go of the folder's lock (builder.reading)."""
        folder.mkdir(parents=True, exist_ok=True)
        self.read_late = read_late
        self.path = folder / f"{name}.sqlite"
        self.files = folder / name
        self._pid = os.getpid()
        self._db = sqlite3.connect(self.path, check_same_thread=False)
        try:
            self._create()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError):  # locked by another build, say: not damaged
                raise
            self._db.close()  # not a database (a damaged file): start again
            self.path.unlink()
            shutil.rmtree(self.files, ignore_errors=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False)
            self._create()

    @property
    def db(self) -> sqlite3.Connection:
        """This process's connection to the file: a forked copy of the process that opened it
        (builder.workers.Forked) opens its own, as SQLite's connections must not cross a fork."""
        if self._pid != os.getpid():
            # (the inherited connection is kept, never closed here: closing it could release
            # what the process that opened it holds)
            self._inherited, self._db = self._db, sqlite3.connect(self.path, check_same_thread=False)
            self._pid = os.getpid()
        return self._db

    def _create(self) -> None:
        if self.db.execute("PRAGMA page_size").fetchone()[0] != PAGE_SIZE:
            # (A new file takes it at once; a file of earlier code is written again with it, once.)
            self.db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            try:
                self.db.execute("VACUUM")
            except sqlite3.OperationalError:  # in use by another build: left as it is, this time
                pass
        # The tables of earlier code are dropped (their values are of older code: never read);
        # this one has another name, so that earlier code building with this folder makes its
        # own again instead of failing on this.
        self.db.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
        self.db.execute("DROP TABLE IF EXISTS results")
        self.db.execute("DROP TABLE IF EXISTS entries")

    def get_many(self, keys: list[str]) -> dict[str, object]:
        found: dict[str, object] = {}
        chosen = set(keys)
        if len(chosen) >= SCAN_FROM and 2 * len(chosen) >= self._count():  # most of the file: read it in order
            rows = self.db.execute(f"SELECT key, value FROM {TABLE}")
        else:
            rows = self._rows_of("key, value", list(chosen))
        loads = pickle.loads
        for k, value in rows:
            if k not in chosen:
                continue
            try:
                found[k] = loads(value) if value != IN_A_FILE else loads((self.files / k).read_bytes())
            except Exception:  # unreadable entry, or its file gone: recompute it
                continue
        return found

    def held(self, keys: list[str]) -> set[str]:
        """Which of ``keys`` the cache holds (read from the index of its keys, not the values)."""
        chosen = set(keys)
        if not chosen:
            return set()
        if len(chosen) >= SCAN_FROM:
            rows = self.db.execute(f"SELECT key FROM {TABLE}")
        else:
            rows = self._rows_of("key", list(chosen))
        return {k for (k,) in rows if k in chosen}

    def lengths(self, keys: list[str]) -> dict[str, int]:
        """The bytes of the values of those of ``keys`` the cache holds (read from the page each
        row starts on, not the whole value)."""
        found = dict(self._rows_of("key, length(value)", list(set(keys))))
        for k, size in found.items():
            if size == len(IN_A_FILE):
                try:
                    found[k] = (self.files / k).stat().st_size
                except OSError:
                    pass
        return found

    def _rows_of(self, columns: str, keys: list[str]):
        """The rows (``columns``) of ``keys``, looked up 500 keys to a query."""
        return (row for start in range(0, len(keys), 500) for row in self.db.execute(
            f"SELECT {columns} FROM {TABLE} WHERE key IN ({','.join('?' * len(keys[start:start + 500]))})",
            keys[start:start + 500]))

    def everything(self) -> dict[str, object]:
        """Every entry the store holds, by key (for a small store whose entries a build asks
        for one by one: one read rather than a query for each)."""
        return self.get_many([k for (k,) in self.db.execute(f"SELECT key FROM {TABLE}")])

    def _count(self) -> int:
        """How many entries the cache holds (counted in the index of its keys)."""
        return self.db.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0]

    def put_many(self, blobs: Iterable[tuple[str, bytes]]) -> None:
        """Store values already pickled by :func:`dumps` (maybe in another process), each as it
        comes. Every entry is keyed by what it was made from, so whatever a build stopped
        half-way has stored is still right."""
        def rows():
            for k, blob in blobs:
                if len(blob) >= LARGE:
                    self.files.mkdir(exist_ok=True)
                    part = self.files / f".{k}.part"  # written whole, then renamed: never read half-written
                    part.write_bytes(blob)
                    part.replace(self.files / k)
                    blob = IN_A_FILE
                yield k, blob
        with self.db:
            self.db.executemany(f"INSERT OR REPLACE INTO {TABLE} VALUES (?, ?)", rows())

    def prune(self, keep: set[str]) -> None:
        """Drop the entries whose key is not in ``keep`` (this build's): those kept in files at
        once (removing a file costs nothing), the others once they hold more than one byte in
        :data:`STALE`, so that the file does not grow with old versions (dropping a few
        entries from the database after each small edit would cost a rebuild more than
        keeping them)."""
        if self.read_late and not reading.idle(self.path.parent):  # another build reads what this one would drop:
            return  # a later build drops it
        # The keys are read from the index of keys; the lengths only of the stale values (a
        # value's length is read from its row, on the page it starts on: the lengths of every
        # row read the whole file, 1-3 s of every build at 100,000 documents).
        keys = {k for (k,) in self.db.execute(f"SELECT key FROM {TABLE}")}
        stale = list(keys - keep)
        sizes = dict(self._rows_of("key, length(value)", stale))
        in_files = {k for k, size in sizes.items() if size == len(IN_A_FILE)}
        if stale and sum(sizes.values()) * STALE > self._bytes():
            dropped = set(stale)
        else:
            dropped = in_files
        if dropped:  # the rows first: a build stopped before the files go leaves files no row names, never the reverse
            with self.db:
                self.db.executemany(f"DELETE FROM {TABLE} WHERE key = ?", ((k,) for k in dropped))
        if self.files.is_dir():  # also the files no row names (left by a build stopped here)
            for path in self.files.iterdir():
                if path.name in in_files or path.name not in keys:
                    path.unlink()

    def _bytes(self) -> int:
        """The bytes of the values the cache holds: those of its pages in use where they are more
        than :data:`COUNTED_UP_TO` (15% more than the values' own, at 100,000 documents), else
        the values' lengths."""
        pages, free, size = (self.db.execute(f"PRAGMA {name}").fetchone()[0]
                             for name in ("page_count", "freelist_count", "page_size"))
        if (pages - free) * size > COUNTED_UP_TO:  # (the page size: a file of earlier code may keep its own a while)
            return (pages - free) * size
        return self.db.execute(f"SELECT coalesce(sum(length(value)), 0) FROM {TABLE}").fetchone()[0]

    def drop_unreadable(self, keys: Iterable[str] = ()) -> None:
        """Drop the rows of ``keys`` and every row whose value is kept in a file that is gone
        (earlier code removed the files of a prune before its rows), so that the next build
        makes them again: found by their keys alone, they would fail every build after this one."""
        in_files = [k for (k,) in self.db.execute(f"SELECT key FROM {TABLE} WHERE length(value) = ?", (len(IN_A_FILE),))]
        gone = {*keys, *(k for k in in_files if not (self.files / k).is_file())}
        with self.db:
            self.db.executemany(f"DELETE FROM {TABLE} WHERE key = ?", [(k,) for k in sorted(gone)])

    def close(self) -> None:
        self.db.close()
