"""Builds that still read the result store after they let go of its lock.

A build writes the result store (``build/cache``) holding the folder's lock
(:class:`builder.sitefolder.Lock`), and lets go of it once its stages are done; but it reads
what it kept there until its rendering ends: the pages, where MkDocs reads them
(bridge.kept), and the documents' paragraphs, for the search index. So, before it lets go of
the lock, it takes a shared flock(2) on ``.NAME.readers`` beside the folder (:class:`Reading`),
and holds it to its end. Another build of the same folder (`archive build` after an edit,
while `archive serve` renders) prunes the store only when no build
holds it (:func:`idle`, asked by :meth:`builder.store.Cache.prune` of the stores read late:
the pages and the paragraphs): what it would have dropped stays until a later build prunes. Those
stores are pruned during a build's stages, under the lock, before it takes its own hold; no
build can start reading while one prunes them: a reader takes its hold while it holds the lock.
(The bridge's own stores, read only by the build that prunes them and made again when missing,
are pruned as they always were.)
"""

from __future__ import annotations

import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # (no flock: nothing is held, and every prune goes ahead)
    fcntl = None  # type: ignore[assignment]


def readers_file(folder: Path) -> Path:
    """The file a build reading the store in ``folder`` holds a shared lock on."""
    return folder.parent / f".{folder.name}.readers"


class Reading:
    """A build reading the store in ``folder`` (None: a build without one) until :meth:`release`.
    A process reads for one build of a folder at a time (`archive serve` builds one after
    another): a reading left held by the last (stopped before its end) is released first."""

    def __init__(self, folder: Path | None) -> None:
        self.fd: int | None = None
        self.pid = os.getpid()
        if folder is not None and fcntl is not None:
            path = readers_file(folder)
            held = os.path.realpath(path)
            if held in _HELD:
                _HELD[held].release()
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_SH)  # (held by readers only: never waits)
            except BaseException:
                os.close(fd)
                raise
            self.fd = fd
            _HELD[held] = self

    def release(self) -> None:
        if self.fd is not None:
            if self.pid == os.getpid():  # (a forked copy of the process only lets go of its descriptor)
                fcntl.flock(self.fd, fcntl.LOCK_UN)  # released even if a forked process still has the file open
            os.close(self.fd)
            self.fd = None


_HELD: dict[str, Reading] = {}
"""The last reading of each store this process took (by its readers file)."""


def idle(folder: Path) -> bool:
    """Is no build reading the store in ``folder`` (one that let go of its lock but renders still)?"""
    if fcntl is None:
        return True
    try:
        fd = os.open(readers_file(folder), os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)  # (and with it the exclusive lock, if it was had)
    return True
