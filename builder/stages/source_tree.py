"""Where the sources are: every folder under ``content/sources``, at any depth, and each
source's id.

A real corpus comes in folders (``sources/business/001.txt``, a captured site's
``sources/example.org/2019/story/index.html``). Every folder under sources/ is read, at any
depth; its files are sources (.txt, .html, .htm) or their sidecars (.yml, .yaml, beside their
source). Hidden files and folders (a name starting with '.', such as ``.git`` or
``.DS_Store``) are not part of the archive and are passed over, and so is the folder a
browser saves beside a page (``page_files/`` beside ``page.html``), with a notice.

A source's id is the slug of its path under sources/ without its ending, folders and all:
``business/001.txt`` gets ``business-001``; a file at the top keeps the id it has always
had, the slug of its name (``Café Society.txt`` gets ``cafe-society``).

Links: a folder is read where it really is, and only inside the content folder (see
:mod:`builder.stages.archive_files`). A link to a folder leading out of the content folder
is reported once and not read; a link to a folder inside it is followed, after every folder
that is really under sources/ (so a folder's files take their ids from the folder itself,
not from a link to it), and each folder is read once: a link to a folder already read, or
to a folder holding the link (a loop), is reported and not followed. The walk is a loop,
not recursion: a deep tree does not exhaust Python's stack.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from builder.model import ContentPath, Diagnostic
from builder.slugs import MAX_SLUG, slugify
from builder.stages.archive_files import (is_utf8, is_within, not_utf8_hint, not_utf8_message, real_folder,
                                          refusal_outside, resolved, utf8_shown)

SOURCES = "sources"
SIDECAR_SUFFIXES = (".yml", ".yaml")
SAVED_FILES = "_files"
SAVED_PAGE_ENDINGS = (".html", ".htm")
"""A browser's "Web page, complete" saves ``page.html`` and beside it ``page_files/`` (the
page's images, scripts, style sheets and frames, such as adverts): that folder is not read."""


def source_id(rel: str) -> str:
    """The id of the source at ``rel``, its path under sources/ ('/' between folders), ending
    included: 'business/001.txt' -> 'business-001', 'Café Society.txt' -> 'cafe-society'.
    Empty when the path has no letter or digit to make one of."""
    name = posixpath.splitext(rel)[0]
    # A slug is its own slug: most sources are named so (``doc-00001.txt``), and slugify
    # would fold each of their characters only to give the name back.
    return name if len(name) <= MAX_SLUG and _SLUG.fullmatch(name) else slugify(name)


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""A name that is already a slug (lowercase ASCII letters and digits, single hyphens between)."""


def is_hidden(name: str) -> bool:
    """A file or folder that is not part of the archive (``.git``, ``.DS_Store``)."""
    return name.startswith(".")


@dataclass
class Folder:
    """One folder of sources, as its files are read."""

    rel: ContentPath  # as editors know it: sources, sources/business
    path: Path  # as walked (through a link, for a linked folder)
    real: str | None  # where it really is; None when that is outside the content folder
    entries: list[os.DirEntry] = field(default_factory=list)  # its files (not hidden, not folders), by name

    def name_of(self, entry: os.DirEntry) -> str:
        """The path of ``entry`` under sources/ (``business/001.txt``; at the top, its name)."""
        below = self.rel[len(SOURCES) + 1:]
        return f"{below}/{entry.name}" if below else entry.name

    def path_of(self, entry: os.DirEntry) -> ContentPath:
        return ContentPath(f"{self.rel}/{entry.name}")


@dataclass
class Tree:
    """Every folder of sources found, in the order they were read, and what was found wrong
    with the folders themselves (for the read stage to report)."""

    folders: list[Folder] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


@dataclass
class _Walk:
    root: Path  # the content folder, resolved
    tree: Tree = field(default_factory=Tree)
    read: dict[str, ContentPath] = field(default_factory=dict)  # real folder -> the folder it is read as
    links: list[tuple[ContentPath, Path, str]] = field(default_factory=list)  # (link, its path, real folder holding it)

    def problem(self, severity: str, rel: str, code: str, message: str, hint: str) -> None:
        self.tree.problems.append(Diagnostic(severity, ContentPath(rel), 0, 0, code, message, hint))

    def shown(self, real: str) -> str:
        """A real folder as the editor knows it: the folder it is read as, or its place in the
        content folder."""
        if real in self.read:
            return self.read[real]
        return Path(real).relative_to(self.root).as_posix() if is_within(self.root, real) else real

    def walk(self, rel: ContentPath, path: Path, real: str | None) -> None:
        """Read ``path`` and every folder under it that is not a link; note the links to
        folders met on the way, for :meth:`follow_links`."""
        stack = [(rel, path, real)]
        while stack:
            rel, path, real = stack.pop()
            folder = Folder(rel, path, real)
            if real is not None:
                self.read[real] = rel
            try:
                with os.scandir(path) as listing:
                    entries = sorted((e for e in listing if not is_hidden(e.name)), key=lambda e: e.name)
            except OSError as exc:
                self.problem("error", rel, "source-folder-unreadable",
                             f"the folder '{rel}' cannot be read: {exc.strerror}; its files were not read",
                             "check that the folder exists and can be read")
                continue
            self.tree.folders.append(folder)
            below = []
            saved_pages = {entry.name.rpartition(".")[0] + SAVED_FILES: entry.name for entry in entries
                           if entry.name.lower().endswith(SAVED_PAGE_ENDINGS)}  # (page_files -> page.html)
            for entry in entries:
                kind = _kind(entry)
                sub = ContentPath(f"{rel}/{entry.name}")
                if not is_utf8(entry.name):
                    self.refuse_name(sub, kind)
                    continue
                if kind != "file" and entry.name in saved_pages:
                    self.problem("info", sub, "source-saved-page-files",
                                 f"'{sub}' holds what a browser saved with the page '{rel}/{saved_pages[entry.name]}' "
                                 "(its images, scripts and frames); its files were not read",
                                 "nothing to do; to silence this, move the folder out of sources/, or into a hidden "
                                 "folder such as sources/.assets/")
                    continue
                if kind == "file":
                    folder.entries.append(entry)
                elif kind == "link":
                    self.links.append((sub, Path(entry.path), real or str(resolved(path))))
                elif real is None:  # under a folder that leads out of the content folder: not read
                    refused = refusal_outside(sub, resolved(Path(entry.path)))
                    self.problem("error", sub, "source-outside-archive", refused.message, refused.hint)
                else:
                    below.append((sub, Path(entry.path), os.path.join(real, entry.name)))
            stack.extend(reversed(below))  # in order of their names, each with what is under it

    def refuse_name(self, rel: str, kind: str) -> None:
        """A file or folder whose name is not UTF-8: no page, URL or message could name it,
        so it is left out, and said so."""
        shown = utf8_shown(rel)
        folder = kind == "folder"
        self.problem("error", shown, "source-name-not-utf8",
                     not_utf8_message(shown, folder, "its files were not read" if folder
                                      else "it was left out of the archive"), not_utf8_hint(SOURCES))

    def follow_links(self) -> None:
        """Read the folders that links lead to, once each, in order of the links' paths (a
        folder read through a link may hold more links: they follow, in turn)."""
        while self.links:
            pending, self.links = sorted(self.links), []
            for rel, path, holder in pending:
                self._follow(rel, path, holder)

    def _follow(self, rel: ContentPath, path: Path, holder: str) -> None:
        target = str(resolved(path))
        if not is_within(self.root, target):
            refused = refusal_outside(rel, Path(target))
            self.problem("error", rel, "source-outside-archive", refused.message, refused.hint)
        elif is_within(target, holder):
            self.problem("warning", rel, "source-link-loop",
                         f"'{rel}' leads to '{self.shown(target)}', a folder that holds it; it was not followed "
                         f"(each folder's files are read once)", "remove the link")
        elif target in self.read:
            self.problem("warning", rel, "source-folder-again",
                         f"'{rel}' leads to '{self.read[target]}', whose files are read already; it was not "
                         f"followed (each folder's files are read once)",
                         "remove the link: the files keep the ids their own folder gives them")
        else:
            self.walk(rel, path, target)


def _kind(entry: os.DirEntry) -> str:
    """'folder' (a folder, not a link), 'link' (a link to a folder) or 'file' (anything else:
    a file, a link to one, a broken link, a named pipe; a folder named like a sidecar, which
    is then reported as a sidecar that is not a file)."""
    try:
        if entry.is_symlink():
            return "link" if os.path.isdir(entry.path) else "file"
        if entry.is_dir(follow_symlinks=False):
            return "file" if posixpath.splitext(entry.name)[1] in SIDECAR_SUFFIXES else "folder"
    except OSError:
        pass
    return "file"


def source_tree(content_dir: Path) -> Tree:
    """Every folder under ``content_dir``/sources (a resolved folder that holds one), read as
    the module says, with the problems found on the way."""
    walk = _Walk(content_dir)
    top = content_dir / SOURCES
    walk.walk(ContentPath(SOURCES), top, real_folder(content_dir, top))
    walk.follow_links()
    return walk.tree
