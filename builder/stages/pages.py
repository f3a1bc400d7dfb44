"""Stage: check the hand-written pages, ``<content>/pages`` (MkDocs' docs_dir).

MkDocs reads that folder itself, following links, and copies what is not Markdown as it
is. A file or folder there that leads out of the content folder is reported here (so that
``archive check`` shows it) and left out of the site by the MkDocs plugin, which reads
every page through :func:`builder.stages.archive_files.read_inside`.
"""

from __future__ import annotations

import os
from pathlib import Path

from builder.model import Archive, ContentPath, Diagnostic
from builder.stages.archive_files import OUTSIDE_HINT, outside

PAGES = "pages"
OUTSIDE_CODE = "page-outside-archive"


def outside_message(name: str, real: Path) -> str:
    return f"'{name}' leads to {real}, outside the archive's content folder; it is left out of the site"


def check_pages(archive: Archive) -> Archive:
    """Report every file or folder under pages/ that leads out of the content folder (a
    folder once, not each file in it)."""
    root = archive.content_dir
    folder = root / PAGES
    if not folder.is_dir():
        return archive
    real = outside(root, folder)
    if real is not None:
        archive.report(Diagnostic("error", ContentPath(PAGES), 0, 0, OUTSIDE_CODE, outside_message(PAGES, real), OUTSIDE_HINT))
        return archive
    visited: set[Path] = set()
    for here, dirnames, filenames in os.walk(folder, followlinks=True):
        here_path = Path(here)
        visited.add(here_path.resolve())
        kept = []
        for name in sorted(dirnames):
            path = here_path / name
            real = outside(root, path)
            if real is not None:
                rel = path.relative_to(root).as_posix()
                archive.report(Diagnostic("error", ContentPath(rel), 0, 0, OUTSIDE_CODE, outside_message(rel, real),
                                          OUTSIDE_HINT))
            elif path.resolve() not in visited:  # a link back to a folder above: once is enough
                kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            path = here_path / name
            real = outside(root, path)
            if real is not None:
                rel = path.relative_to(root).as_posix()
                archive.report(Diagnostic("error", ContentPath(rel), 0, 0, OUTSIDE_CODE, outside_message(rel, real),
                                          OUTSIDE_HINT))
    return archive
