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
- the documents' results (each document's work, by its key): read back from the result store
  by every rebuild, about a second at 10,000 documents; and the editor files parsed (half a
  second): held here as the last rebuild left them, up to pipeline.stores.HELD_UP_TO, and
  only those not held are read or parsed;
- the installed libraries and the builder's code, part of every page's key: asked of the
  system once, and again only when a folder of Python's path, or a file of the builder,
  changes (:func:`libraries`, :func:`code`).
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

from builder import stamps
from builder.pipeline.stores import Held
from builder.store import code_version


class Session:
    """One `archive serve`, serving the archive in ``content`` (None: the one mkdocs.yml names)."""

    def __init__(self, content: Path | None) -> None:
        self.content = content
        self.memory = None  # the served folder's memory (a bridge.remembered.Memory) once a rebuild succeeded
        self.held = Held()  # the last rebuild's documents' results and editor files (pipeline.stores.Held)

    def keep(self, memory) -> None:
        self.memory = memory


current: Session | None = None
"""The session of the `archive serve` running in this process (set by bridge.serve.serving)."""


def libraries() -> list[str]:
    """Every installed library and its version, sorted (the same answer as asking each time)."""
    return stamps.asked("libraries", stamps.path_folders(), lambda: sorted(
        f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions()))


def code() -> str:
    """The builder's code version (builder.store.code_version, itself read again only when one
    of its files changes)."""
    return code_version()
