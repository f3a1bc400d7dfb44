"""What a long-lived process keeps between its builds: `archive serve`'s rebuilds.

MkDocs' serve loads mkdocs.yml afresh for every rebuild, with a new archive plugin, and `archive
build` runs once per process; so each build read from disk what the last one left there, and
worked out again what cannot have changed since the process started. While serving, that was
part of every edit's wait:

- the memory of the folder served (bridge.rendered: 50,000 entries at 10,000 documents), read
  from the cache folder and written back on every rebuild. The folder is a new temporary one
  for each `archive serve` (MkDocs' own), so the memory on disk never served another process:
  while serving it is kept here (:class:`Session`), as the last rebuild left it, and a failed
  rebuild leaves it as it was (the files it wrote differ from those the memory names, and are
  made again);
- the installed libraries and the builder's code, part of every page's key: asked of the
  system once, and again only when a folder of Python's path, or a file of the builder,
  changes (:func:`libraries`, :func:`code`).
"""

from __future__ import annotations

import os
import sys
from importlib import metadata
from pathlib import Path

import builder
from builder.store import code_version


class Session:
    """One `archive serve`, serving the archive in ``content`` (None: the one mkdocs.yml names)."""

    def __init__(self, content: Path | None) -> None:
        self.content = content
        self.memory = None  # the served folder's memory (a bridge.rendered.Memory) once a rebuild succeeded

    def keep(self, memory) -> None:
        self.memory = memory


current: Session | None = None
"""The session of the `archive serve` running in this process (set by bridge.serve.serving)."""

_known: dict[str, tuple[object, object]] = {}  # what was asked -> (what it depends on, the answer)


def _asked(name: str, depends, answer):
    found = _known.get(name)
    if found is None or found[0] != depends:
        found = _known[name] = (depends, answer())
    return found[1]


def _path_folders() -> tuple:
    """Each folder of Python's path and its time: installing or removing a library changes it."""
    stamps = []
    for entry in sys.path:
        try:
            stamps.append((entry, os.stat(entry or ".").st_mtime_ns))
        except OSError:
            stamps.append((entry, None))
    return tuple(stamps)


def libraries() -> list[str]:
    """Every installed library and its version, sorted (the same answer as asking each time)."""
    return _asked("libraries", _path_folders(), lambda: sorted(
        f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions()))


def _code_files() -> tuple:
    stamps = []
    folders = [os.path.dirname(builder.__file__)]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif entry.name.endswith(".py"):
                    st = entry.stat()
                    stamps.append((entry.path, st.st_size, st.st_mtime_ns))
    return tuple(sorted(stamps))


def code() -> str:
    """The builder's code version (builder.store.code_version), read again only when one of its
    files changes (its size or time)."""
    return _asked("code", (_code_files(), _path_folders()), code_version)
