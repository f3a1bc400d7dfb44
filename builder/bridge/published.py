"""The files the builder publishes as they are: each source's bytes, the page of each
original, the redirects of old addresses, the feeds, the web annotations and the data exports.

The bridge writes them itself, as it writes the search index, instead of handing them to
MkDocs: MkDocs only copies such a file, yet it made a File object of each (20,000 of them at
10,000 documents: pathlib's work on every build, edit or not) and keyed each for the
incremental build. Here each is kept under its key (its bytes, or a deferred file's own key,
:class:`builder.emit.reuse.Deferred`): a file the last site holds as made from the same key is
linked into the new site (or left in place while serving), the others are written; a deferred
file is made only then.

A page's Markdown may still link to a published file (the home page to the exports, an
editor's page to a source): MkDocs checks such a link against its files and makes it relative
to the page. :class:`WithPublished` answers it as MkDocs would have: with a File made for that
path when asked (never copied by MkDocs), so the pages are what they were.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from builder import linkscan
from builder.bridge import rendered
from builder.emit.reuse import Deferred
from builder.stages.archive_files import Refused


def apart(files: Files, published: dict[str, bytes | Deferred]) -> dict[str, bytes | Deferred]:
    """``published``, checked against MkDocs' ``files``: a file MkDocs would publish at the
    path of a published one is an error (one would silently replace the other); a file MkDocs
    leaves out (``exclude_docs``, drafts) is no clash."""
    uris = files.src_uris
    for path in published:  # (as MkDocs looks a path up, its PurePath made only where it changes it)
        existing = uris.get(path) if as_posix(path) else files.get_file_from_path(path)
        if existing is not None and not existing.inclusion.is_excluded():
            where = f"in {existing.src_dir}" if existing.src_dir else "made by the theme or a plugin"
            raise PluginError(f"'{existing.src_uri}' ({where}) has the same path as a file the archive "
                              f"publishes; rename it")
    return published


def as_posix(path: str) -> bool:
    """Is ``path`` its own ``PurePath(path).as_posix()`` (no empty or "." part, no "/" at the end)?
    20,000 PurePaths made to look the published files up took 0.1 s of every build."""
    return bool(path) and "//" not in path and "/./" not in path and not path.startswith("./") \
        and not path.endswith(("/", "/.")) and path != "."


class WithPublished(Files):
    """MkDocs' files, and the published ones where a page's link looks for one (see the module);
    likewise the generated ``pages`` MkDocs is not handed (see bridge.handing)."""

    def __init__(self, files: Files, published, config, pages=()) -> None:
        super().__init__(files)
        self._answered = frozenset(published) | frozenset(pages)
        self._config = config
        self._made: dict[str, File] = {}

    def get_file_from_path(self, path: str) -> File | None:
        found = super().get_file_from_path(path)
        if found is None:
            uri = PurePath(path).as_posix()
            if uri in self._answered:
                found = self._made.get(uri) or self._made.setdefault(uri, File.generated(self._config, uri, content=b""))
        return found


def write(site_dir: Path, published: dict[str, bytes | Deferred], reuse) -> None:
    """Write ``published`` into ``site_dir``, keeping what ``reuse`` (bridge.incremental; None:
    nothing is kept) says the last site holds as it would be made."""
    write_kept(site_dir, ((path, data, data.key if isinstance(data, Deferred) else rendered.file_key(data))
                          for path, data in sorted(published.items())), reuse)


def write_kept(site_dir: Path, files, reuse) -> None:
    """Write each of ``files`` (its path in the site, its bytes or a Deferred, the key it is
    made from) into ``site_dir``, but those ``reuse`` says the last site holds as made from
    the same key (then kept: linked into the new site, or left in place while serving); tell
    ``reuse`` each written. The files the bridge writes itself: the published ones and the
    search index (bridge.search). A file is always written as a new one: the name may hold the
    last site's file, linked in beforehand (bridge.skeleton), which must never be written through.
    The HTML pages written are read for the link check (linkscan.scan_written) while at hand."""
    made: set[str] = set()
    pages = []
    for path, data, key in files:
        if reuse is not None and reuse.keep(path, key):
            continue
        folder = os.path.dirname(path)
        if folder not in made:
            os.makedirs(os.path.join(site_dir, folder), exist_ok=True)
            made.add(folder)
        target = os.path.join(site_dir, path)
        try:
            os.unlink(target)
        except FileNotFoundError:
            pass
        with open(target, "wb") as out:
            out.write(_made(path, data))
        if reuse is not None:
            reuse.wrote([path], key)
        if path.endswith(".html"):
            pages.append(path)
    linkscan.note_written(site_dir, linkscan.scan_written(site_dir, pages))


def _made(path: str, data: bytes | Deferred) -> bytes:
    """The bytes of a published file, made if it is deferred. A source the build did not read
    (unchanged since the last build) that changed since the build began fails the build, which
    keeps the last site: its pages were made from the bytes it had."""
    try:
        return data.make() if isinstance(data, Deferred) else data
    except Refused as refused:
        raise PluginError(f"{refused.message}, so {path} could not be written; {refused.hint}") from None
