"""Results kept between builds, keyed by a hash of everything they depend on.

One SQLite file per kind of result (standard library). A per-document key covers the
source's bytes, its sidecar and annotations, the entity register, the topics, the build
options and the builder's own code, so a changed input can never be answered from the
cache, and whatever a build stopped half-way stored is still right; a build keeps only the
entries it used, so the file does not grow with old versions.
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
import sqlite3
import sys
from importlib import metadata
from pathlib import Path
from typing import Iterable

import builder



LIBRARIES = ("markdown", "nh3", "pyahocorasick", "pyyaml", "trafilatura")
"""Libraries whose output is part of a document's result (text extraction, Markdown, linking)."""


def code_version() -> str:
    """A hash of the builder's source files, Python's version and the versions of
    :data:`LIBRARIES`: new code never reads results of old code."""
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
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


SCAN_FROM = 1000
"""Asked for at least this many keys, a cache reads its whole file in order (faster than as many
look-ups; at most one byte in :data:`STALE` is not wanted)."""

STALE = 10
"""Stale entries are dropped once they hold more than one byte in this many."""


class CacheChanged(Exception):
    """Part of an entry this build had still to read is gone from the cache: another build on
    the same folder dropped it (each keeps only its own entries)."""


def dumps(value: object) -> bytes:
    """A value as the cache keeps it."""
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


TABLE = "entries"
"""The table of values (earlier code kept them, without what is kept apart, in ``results``)."""

LARGE = 1_000_000
"""Values of at least this many bytes (pickled) are kept in files beside the database, one
per value: SQLite stores them slowly, and removing one (a copy of the exports, tens of
megabytes, goes stale at every edit of a document) took longer than making it again."""
IN_A_FILE = b"\x00"
"""What the database holds for a value kept in a file (no pickle starts with it)."""


class Cache:
    """Pickled values by key, in ``folder/NAME.sqlite``, and the large ones in ``folder/NAME/``."""

    def __init__(self, folder: Path, name: str = "documents") -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f"{name}.sqlite"
        self.files = folder / name
        # (Values kept apart are read back on demand, maybe by another thread: `archive serve`.)
        self.db = sqlite3.connect(self.path, check_same_thread=False)
        try:
            self._create()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError):  # locked by another build, say: not damaged
                raise
            self.db.close()  # not a database (a damaged file): start again
            self.path.unlink()
            shutil.rmtree(self.files, ignore_errors=True)
            self.db = sqlite3.connect(self.path, check_same_thread=False)
            self._create()

    def _create(self) -> None:
        # ``apart``: what a value's owner keeps apart (model.PickledLazily.take_apart), after the
        # value, so that reading the values does not read it. The table of earlier code, without
        # it, is dropped (its values are of older code: never read), under another name so that
        # earlier code building with this folder makes its own again instead of failing on this.
        self.db.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (key TEXT PRIMARY KEY, value BLOB NOT NULL, apart BLOB)")
        self.db.execute("DROP TABLE IF EXISTS results")

    def get_many(self, keys: list[str]) -> dict[str, object]:
        found: dict[str, object] = {}
        wanted = list(dict.fromkeys(keys))
        if len(wanted) >= SCAN_FROM:  # most of the file: read it in order rather than key by key
            chosen = set(wanted)
            rows = (row for row in self.db.execute(f"SELECT key, value FROM {TABLE}") if row[0] in chosen)
        else:
            rows = (row for start in range(0, len(wanted), 500) for row in self.db.execute(
                f"SELECT key, value FROM {TABLE} WHERE key IN ({','.join('?' * len(wanted[start:start + 500]))})",
                wanted[start:start + 500]))
        for k, value in rows:
            try:
                found[k] = pickle.loads((self.files / k).read_bytes() if value == IN_A_FILE else value)
            except Exception:  # unreadable entry, or its file gone: recompute it
                continue
        return found

    def put_many(self, blobs: Iterable[tuple[str, bytes] | tuple[str, bytes, bytes | None]]) -> None:
        """Store values already pickled by :func:`dumps` (maybe in another process), each as it
        comes, each maybe with what it keeps apart (see :meth:`apart`). Every entry is keyed
        by what it was made from, so whatever a build stopped half-way has stored is still
        right."""
        def rows():
            for k, blob, *apart in blobs:
                if len(blob) >= LARGE:
                    self.files.mkdir(exist_ok=True)
                    part = self.files / f".{k}.part"  # written whole, then renamed: never read half-written
                    part.write_bytes(blob)
                    part.replace(self.files / k)
                    blob = IN_A_FILE
                yield k, blob, apart[0] if apart else None
        with self.db:
            self.db.executemany(f"INSERT OR REPLACE INTO {TABLE} VALUES (?, ?, ?)", rows())

    def apart(self, k: str) -> bytes:
        """What the value under ``k`` keeps apart, as :meth:`put_many` was given it."""
        return self.apart_many([k])[k]

    def apart_many(self, keys: list[str]) -> dict[str, bytes]:
        """:meth:`apart` of each of ``keys``, 500 to a query (a pass over the whole file took
        as long for all of its entries, and longer for fewer)."""
        wanted = sorted(set(keys))
        rows = (row for start in range(0, len(wanted), 500) for row in self.db.execute(
            f"SELECT key, apart FROM {TABLE} WHERE key IN ({','.join('?' * len(wanted[start:start + 500]))})",
            wanted[start:start + 500]))
        found = {k: blob for k, blob in rows if blob is not None}
        if len(found) < len(wanted):
            raise CacheChanged(f"the build cache {self.path} lost part of an entry while the build read it "
                               "(another build on the same folder?); build again")
        return found

    def prune(self, keep: set[str]) -> None:
        """Drop the entries whose key is not in ``keep`` (this build's): those kept in files at
        once (removing a file costs nothing), the others once they hold more than one byte in
        :data:`STALE`, so that the file does not grow with old versions (dropping a few
        entries from the database after each small edit would cost a rebuild more than
        keeping them)."""
        # Keys and lengths are read from the rows' headers, not the values.
        rows = self.db.execute(f"SELECT key, length(value), ifnull(length(apart), 0) FROM {TABLE}").fetchall()
        sizes = {k: value + apart for k, value, apart in rows}
        stale = sizes.keys() - keep
        in_files = {k for k, value, _ in rows if value == len(IN_A_FILE) and k in stale}
        if self.files.is_dir():  # also files no row names (a build stopped between the two)
            for path in self.files.iterdir():
                if path.name in in_files or path.name not in sizes:
                    path.unlink()
        if sum(map(sizes.__getitem__, stale)) * STALE > sum(sizes.values()):
            dropped = stale
        else:
            dropped = in_files
        if dropped:
            with self.db:
                self.db.executemany(f"DELETE FROM {TABLE} WHERE key = ?", ((k,) for k in dropped))

    def close(self) -> None:
        self.db.close()


class Apart:
    """Reads what the value under ``key`` keeps apart from ``cache`` (see
    model.PickledLazily.read_apart_from); :func:`read_apart_together` reads many at once."""

    __slots__ = ("cache", "key")

    def __init__(self, cache: Cache, key: str) -> None:
        self.cache, self.key = cache, key

    def __call__(self) -> bytes:
        return self.cache.apart(self.key)


def read_apart_together(objects: Iterable) -> None:
    """Read what ``objects`` (model.PickledLazily) keep apart in a cache together, 500 to a
    query, instead of one look-up each when first asked for (the mentions export of 10,000
    documents: 0.36 s of look-ups against 0.25 s)."""
    by_cache: dict[Cache, list] = {}
    for obj in objects:
        source = obj.apart_source()
        if isinstance(source, Apart):
            by_cache.setdefault(source.cache, []).append((obj, source.key))
    for store, items in by_cache.items():
        blobs = store.apart_many([k for _, k in items])
        for obj, k in items:
            obj.read_apart_from(Held(blobs[k]))


class Held:
    """What is kept apart, already read (or just made by a worker)."""

    __slots__ = ("blob",)

    def __init__(self, blob: bytes) -> None:
        self.blob = blob

    def __call__(self) -> bytes:
        return self.blob
