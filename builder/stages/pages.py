"""Stage: check the hand-written pages, ``<content>/pages`` (MkDocs' docs_dir).

MkDocs walks that folder itself, following every link to a folder, and copies what is not
Markdown as it is. So, before MkDocs walks it (this stage runs in the plugin's on_config):

- a link there may lead only within the pages folder: one leading out of the content
  folder, or to the archive's other files (sources, entities, annotations: published as
  they are, they would bypass every check), is reported and left out of the site by the
  MkDocs plugin, which reads every page through
  :func:`builder.stages.archive_files.read_inside` with the pages folder as its root;
- a link to a folder that the walk is already in (``up -> ..``) would make MkDocs walk the
  folder again and again (40 nested copies, then a crash; with two such links the walk
  never ends): it is an error that stops the build, as is a pages folder that links make
  larger than :data:`MAX_FOLDERS` folders.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from builder.model import Archive, ContentPath, Diagnostic
from builder.stages.archive_files import (OUTSIDE_HINT, is_utf8, is_within, not_utf8_hint, not_utf8_message, outside,
                                          resolved, utf8_shown)

PAGES = "pages"
OUTSIDE_CODE = "page-outside-archive"
OUTSIDE_PAGES_CODE = "page-outside-pages"
LOOP_CODE = "page-link-loop"
TOO_MANY_CODE = "page-too-many-folders"
FOLDER_CODE = "page-folder-misplaced"
NAME_CODE = "page-name-not-utf8"
MAX_FOLDERS = 10_000
"""Folders MkDocs may walk in the pages folder, each counted once per way links lead to it."""
EDITOR_FOLDERS = ("sources", "entities", "topics", "annotations")
WHERE = "the pages folder"
"""How :func:`read_inside`'s message names the root the plugin reads pages from."""


def outside_message(name: str, real: Path) -> str:
    return f"'{name}' leads to {real}, outside the archive's content folder; it is left out of the site"


def outside_pages_message(name: str, real: Path) -> str:
    return (f"'{name}' leads to {real}, outside the pages folder; a link under pages/ may lead only to a file or "
            f"folder in content/pages, so it is left out of the site")


@dataclass(frozen=True)
class _Folder:
    path: Path  # as MkDocs walks it
    real: Path
    name: str  # as the editor finds it: pages/... (its real place, when that is in the pages folder)
    above: tuple[Path, ...]  # the real folders the walk is in
    out: bool  # reached through a link already reported: only loops are reported below it


class _Walk:
    def __init__(self, archive: Archive, pages_real: Path) -> None:
        self.archive, self.root, self.pages = archive, archive.content_dir, pages_real
        self.folders = 0
        self.reported: set[str] = set()

    def name(self, real: Path, seen_as: str) -> str:
        """``real`` as the editor finds it: pages/ and its real place in the pages folder, or
        ``seen_as`` (the path MkDocs walks) when it is elsewhere."""
        return "/".join((PAGES, *real.relative_to(self.pages).parts)) if is_within(self.pages, real) else seen_as

    def report(self, code: str, name: str, message: str, hint: str) -> None:
        if name not in self.reported:
            self.reported.add(name)
            self.archive.report(Diagnostic("error", ContentPath(name), 0, 0, code, message, hint))

    def walk(self, folder: Path) -> None:
        """Walk the pages folder as MkDocs will, following links to folders (out of the pages
        folder too, for MkDocs does: only loops are looked for there); stop at a link that
        leads back into the walk, and stop altogether once the walk is too large."""
        stack = [_Folder(folder, self.pages, PAGES, (), False)]
        while stack:  # a loop, not recursion: a deep tree does not exhaust Python's stack
            here = stack.pop()
            self.folders += 1
            if self.folders > MAX_FOLDERS:
                self.report(TOO_MANY_CODE, PAGES, f"links in the pages folder lead MkDocs through more than "
                            f"{MAX_FOLDERS:,} folders", "link each folder from one place only, or copy files instead")
                return
            try:
                entries = sorted(os.scandir(here.path), key=lambda entry: entry.name, reverse=True)
            except OSError:  # unreadable: MkDocs skips it too
                continue
            for entry in entries:
                below = self._below(here, entry)
                if below is not None:
                    stack.append(below)

    def _below(self, here: _Folder, entry: os.DirEntry) -> _Folder | None:
        """The folder the walk goes on to from ``entry``, or None (a file, or a link
        reported here: one leading out of the pages folder, or back into the walk)."""
        seen_as = f"{here.name}/{entry.name}"
        real_parent_name = self.name(here.real, here.name)
        name = f"{real_parent_name}/{entry.name}"
        if not is_utf8(entry.name):  # left out of the site by the plugin (bridge.written_pages)
            shown = utf8_shown(name)
            folder = entry.is_dir()
            self.report(NAME_CODE, shown, not_utf8_message(shown, folder, "its files are left out of the site" if folder
                                                           else "it is left out of the site"), not_utf8_hint(PAGES))
            return None
        within = (*here.above, here.real)
        out = here.out
        if entry.is_symlink():
            target = resolved(Path(entry.path))
            is_folder = target.is_dir()
            if is_folder and any(is_within(target, folder) for folder in within):
                shown = self.name(target, str(target))
                self.report(LOOP_CODE, name, f"'{name}' leads to '{shown}', a folder that holds it or leads to it: "
                            f"MkDocs would walk that folder again and again, without end",
                            "remove the link (or link to a file, or to a folder that does not hold it)")
                return None
            if not out and not is_within(self.root, target):
                self.report(OUTSIDE_CODE, name, outside_message(name, target), OUTSIDE_HINT)
                out = True
            elif not out and not is_within(self.pages, target):
                self.report(OUTSIDE_PAGES_CODE, name, outside_pages_message(name, target),
                            "move what it leads to into content/pages, or remove the link")
                out = True
            if not is_folder:
                return None
        elif entry.is_dir(follow_symlinks=False):
            target = here.real / entry.name
        else:
            return None
        return _Folder(Path(entry.path), target, seen_as if out else name, within, out)


def check_pages(archive: Archive) -> Archive:
    """Report every file or folder under pages/ that leads out of the pages folder (a folder
    once, not each file in it), and every link that would make MkDocs' walk loop."""
    root = archive.content_dir
    folder = root / PAGES
    if not folder.is_dir():
        return archive
    real = outside(root, folder)
    if real is not None:
        archive.report(Diagnostic("error", ContentPath(PAGES), 0, 0, OUTSIDE_CODE, outside_message(PAGES, real), OUTSIDE_HINT))
        return archive
    pages_real = resolved(folder)
    if pages_real == root or any(is_within(resolved(root / name), pages_real) for name in EDITOR_FOLDERS):
        archive.report(Diagnostic("error", ContentPath(PAGES), 0, 0, FOLDER_CODE,
                                  f"'{PAGES}' leads to {pages_real}, which holds the archive's other files; "
                                  f"MkDocs would publish them as they are", "make content/pages a folder of its own"))
        return archive
    _Walk(archive, pages_real).walk(folder)
    return archive
