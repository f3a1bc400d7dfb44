"""What the last build wrote into a site folder, kept in the cache folder for the next build
(bridge.rendered says what a page's key covers, bridge.incremental how a build reuses it).

A memory is kept in two files. The first holds what each generated output was made from and
which file it is (:attr:`Memory.written`), which a build asks for as it starts. The second
holds what the site's link check left (every file, each page's identity, how often each
anchor is linked, how each page was reached), which only the link check reads, at the
build's end: at 100,000 documents that part took 376 MB of the building process (of 622
for the whole memory), held through every stage and while the pages were rendered, when it
was read with the first.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

MEMORY = 6
"""The version of what a memory holds (:class:`Memory`): one of another version is not read."""

FOLDER = "rendered"
"""Where, in the cache folder, the memory of each site folder is kept (files per site)."""

SERVED = "served"
"""The name of the memory of the folder `archive serve` renders into (a new temporary folder
for each session: one memory for them all, so that they do not pile up)."""


class Written(NamedTuple):
    """What a build wrote at one path of the site; in the memory file, a plain tuple (:func:`save`):
    50,000 of them, read and kept every rebuild, took 0.3 s as objects pickled each, 0.05 s so."""

    key: str
    size: int
    mtime_ns: int
    inode: int
    warnings: tuple[tuple[str, int, str], ...] = ()  # (logger, level, message) logged while it was made

    @property
    def identity(self) -> tuple[int, int, int]:
        return (self.size, self.mtime_ns, self.inode)


@dataclass
class Memory:
    """What the last build wrote into one site folder: each generated output by its path in
    the site, every file of the site, and how many links its pages hold (its link check's
    count). What the link check read in each page is kept apart (bridge.scans)."""

    written: dict[str, Written] = field(default_factory=dict)
    version: int = 0  # MEMORY: a memory of another version is not read
    files: frozenset[str] = frozenset()
    pages: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # identity of each HTML page
    links: int = 0
    linked: dict[str, dict[str, int]] = field(default_factory=dict)  # page -> {anchor: links to it from others}
    reached: dict[str, tuple] = field(default_factory=dict)  # page -> its rank and witnesses (linkcheck.Report.reached)
    checks: str = ""  # as read by load: the name of the link check's part, kept apart (read by with_checks)
    made_with: str = ""  # the code its pages were made with (bridge.rendered.made_with)


def memory_file(cache_dir: Path, site_dir: Path | None) -> Path:
    """The file keeping the memory of ``site_dir`` (one per site folder: the hosted site and,
    say, a site built elsewhere with --site), or of the folder served (None)."""
    name = hashlib.sha256(os.fsencode(site_dir.resolve())).hexdigest()[:24] if site_dir is not None else SERVED
    return cache_dir / FOLDER / f"{name}.pickle"


def checks_file(path: Path) -> Path:
    """Where the link check's part of the memory at ``path`` is kept."""
    return path.with_name(path.name.removesuffix(".pickle") + ".checks")


def load(path: Path) -> Memory:
    """The memory kept at ``path``, but the link check's part (see :func:`with_checks`); an
    empty one if there is none or it cannot be read (the next build renders everything)."""
    try:
        memory = pickle.loads(path.read_bytes())
        if isinstance(memory, Memory) and memory.version == MEMORY:
            return replace(memory, written={dest: Written._make(entry) for dest, entry in memory.written.items()})
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    return Memory()


def with_checks(path: Path, memory: Memory) -> Memory:
    """``memory`` (as :func:`load` read it from ``path``) with the link check's part, if it
    was kept with it; else with none (nothing is known of the last site's links)."""
    if not memory.checks:
        return memory
    try:
        name, files, pages, links, linked, reached = pickle.loads(checks_file(path).read_bytes())
        if name == memory.checks:  # (the part saved with this memory, not one left by another build)
            return replace(memory, files=files, pages=pages, links=links, linked=linked, reached=reached, checks="")
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    return replace(memory, checks="")


def save(path: Path, memory: Memory) -> None:
    """Keep ``memory`` (whole: its link check's part read, or none) at ``path``, and its link
    check's part beside it; each whole or not at all. The part is written first: a build
    stopped in between leaves the last memory, whose part's name it no longer matches."""
    path.parent.mkdir(parents=True, exist_ok=True)
    name = os.urandom(12).hex() if memory.files else ""
    if name:
        _write(checks_file(path), (name, memory.files, memory.pages, memory.links, memory.linked, memory.reached))
    plain = Memory({dest: tuple(entry) for dest, entry in memory.written.items()}, memory.version, checks=name,
                   made_with=memory.made_with)  # (Written)
    _write(path, plain)
    if not name:
        _unlink(checks_file(path))


def _write(path: Path, value) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(partial, path)


def forget(path: Path) -> None:
    """Drop the memory at ``path`` (its site is about to change in ways it does not record)."""
    _unlink(path)
    _unlink(checks_file(path))


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
