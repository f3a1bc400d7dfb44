"""Making the pages that span many documents, shared with a second process.

Each kind of such page (entity, topic, author, publication and year pages; the exports)
is a *group* of the page cache (see emit.reuse): names, each with its key, and a function
that makes the values of the names it is given. :class:`SharedWork` looks every group up
in the cache at once; what is not kept is cut into chunks of about equal work, and a
second process, forked from this one (so it has the whole model, and is sent nothing but
names), makes them, heaviest first, while this process joins the pages that cover the
whole archive. Done with those, this process makes the chunks the other has not started
yet, from the last, and takes the others' pages as they come (pickled there, so they go
into the cache as they are).

The pages are the same whichever process makes them: each is made from the model alone.
With little to make, without fork, or in a process that runs other threads (`archive
serve`, where a fork can hang), everything is made here.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_all_start_methods, get_context
from typing import Callable

from builder import cache as result_cache
from builder.emit.reuse import Reuse

ASIDE_FROM = 20_000
"""Work (in documents listed, see :meth:`SharedWork.add`) from which a second process helps:
below, forking it and sending the pages back costs more than it saves."""
CHUNKS = 24
"""About how many chunks the work is cut into, so that the two processes end together."""

_MAKERS: dict[str, Callable[[list[str]], dict]] = {}
"""Each group's function, set before the second process is forked, which finds it here."""


def _make_pickled(group: str, names: list[str]) -> str:
    """In the second process: the values of ``names``, each pickled as the cache keeps it,
    written to a file whose path is returned.

    Not returned through the pool's pipe: the building process reads that pipe in a thread,
    which gets Python's lock only between the main thread's time slices, so a large result
    kept this process waiting (seconds, measured at 10,000 documents)."""
    made = _MAKERS[group](names)
    handle, path = tempfile.mkstemp(prefix="archive-made-", suffix=".pickle")
    with os.fdopen(handle, "wb") as file:
        pickle.dump({name: result_cache.dumps(made[name]) for name in names}, file, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def _read_and_remove(path: str) -> dict[str, bytes]:
    try:
        with open(path, "rb") as file:
            return pickle.load(file)
    finally:
        os.unlink(path)


class SharedWork:
    def __init__(self, reuse: Reuse, aside_from: int = ASIDE_FROM) -> None:
        self.reuse = reuse
        self.aside_from = aside_from
        self.groups: dict[str, tuple[dict[str, str], Callable[[list[str]], dict], Callable[[str], int]]] = {}
        self.prepares: dict[str, Callable[[list[str]], None]] = {}
        self.values: dict[str, dict[str, object]] = {}
        self.chunks: list[tuple[str, list[str], Future | None]] = []
        self.pool: ProcessPoolExecutor | None = None

    def add(self, group: str, keys: dict[str, str], make: Callable[[list[str]], dict], weight: Callable[[str], int],
            prepare: Callable[[list[str]], None] | None = None) -> None:
        """A group: ``keys`` (name -> cache key), ``make`` (names -> their values),
        ``weight`` (name -> how much work making it is, in documents listed) and
        ``prepare``, told every name to be made before any is (so that ``make``, given a
        chunk, can compute once, in each process, what all the chunks share)."""
        self.groups[group] = (keys, make, weight)
        if prepare is not None:
            self.prepares[group] = prepare

    def start(self) -> None:
        """Look every group up in the cache, and start making what is not kept."""
        todo: list[tuple[int, str, list[str]]] = []
        # One look-up for all: a cache asked for most of its entries reads them in one pass.
        kept, _ = self.reuse.lookup({(group, name): key for group, (keys, _, _) in self.groups.items()
                                     for name, key in keys.items()})
        for group, (keys, make, weight) in self.groups.items():
            self.values[group] = {name: kept[(group, name)] for name in keys if (group, name) in kept}
            names = [name for name in keys if name not in self.values[group]]
            if group in self.prepares:
                self.prepares[group](names)
            todo.extend((max(1, weight(name)), group, [name]) for name in names)
        total = sum(w for w, _, _ in todo)
        if total < self.aside_from or "fork" not in get_all_start_methods() or threading.active_count() > 1:
            # All here: each group's pages in one go.
            by_group: dict[str, list[str]] = {}
            for _, group, names in todo:
                by_group.setdefault(group, []).extend(names)
            self.chunks = [(group, names, None) for group, names in by_group.items()]
            return
        self.chunks = [(group, names, None) for group, names in _chunks(todo, max(1, total // CHUNKS))]
        _MAKERS.clear()
        _MAKERS.update({group: make for group, (_, make, _) in self.groups.items()})
        self.pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork"))
        self.chunks = [(group, names, self.pool.submit(_make_pickled, group, names)) for group, names, _ in self.chunks]

    def finish(self) -> dict[str, dict[str, object]]:
        """Every group's values (name -> value, in the order of its keys), kept or made."""
        taken: set[int] = set()
        try:
            for index in reversed(range(len(self.chunks))):  # the other process starts at the front
                group, names, future = self.chunks[index]
                if future is None or future.cancel():
                    keys, make, _ = self.groups[group]
                    made = make(names)
                    self.reuse.keep(keys, {name: made[name] for name in names})
                    self.values[group].update(made)
                    taken.add(index)
            for index, (group, names, future) in enumerate(self.chunks):
                if index not in taken:
                    pickled = _read_and_remove(future.result())
                    taken.add(index)
                    made = {name: pickle.loads(pickled[name]) for name in names}
                    self.reuse.keep(self.groups[group][0], made, pickled)
                    self.values[group].update(made)
        finally:
            if self.pool is not None:
                self.pool.shutdown(cancel_futures=True)
                self.pool = None
                for index, (_, _, future) in enumerate(self.chunks):  # made, but not taken: a build that failed
                    if index not in taken and not future.cancelled() and future.exception() is None:
                        os.unlink(future.result())
            _MAKERS.clear()
        return {group: {name: self.values[group][name] for name in keys} for group, (keys, _, _) in self.groups.items()}

    @property
    def shared(self) -> bool:
        """Is a second process making some of the pages?"""
        return self.pool is not None


def _chunks(todo: list[tuple[int, str, list[str]]], size: int) -> list[tuple[str, list[str]]]:
    """The names to make cut into chunks of one group and about ``size`` work each, the
    heaviest chunks first."""
    chunks: list[tuple[int, str, list[str]]] = []
    for weight, group, names in todo:
        last = chunks[-1] if chunks else None
        if last is not None and last[1] == group and last[0] + weight <= size:
            chunks[-1] = (last[0] + weight, group, last[2] + names)
        else:
            chunks.append((weight, group, list(names)))
    chunks.sort(key=lambda chunk: -chunk[0])  # stable: equal chunks stay in the groups' order
    return [(group, names) for _, group, names in chunks]
