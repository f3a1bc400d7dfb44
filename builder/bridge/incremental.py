"""One build's reuse of what the last build rendered into a site (see bridge.rendered, bridge.remembered).

The plugin tells :class:`Reuse` each generated page and file as it hands them to MkDocs
(:meth:`Reuse.page`, :meth:`Reuse.file`); once MkDocs has the navigation, :meth:`Reuse.decide`
keys every one and tells MkDocs which it need not render; once MkDocs is done,
:meth:`Reuse.place` puts the reused files into the new site; once the site is in place,
:meth:`Reuse.remember` keeps what it holds for the next build.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import pickle
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

from builder.bridge import remembered, rendered
from builder.bridge.handover import meta_of
from builder.bridge.remembered import Memory, Written
from builder.bridge.scans import Scans, scans_file
from builder.bridge.skeleton import LOOK, Looked, Skeleton, remove_empty_folders
from builder.linkcheck import Report
from builder.linkcheck_changes import Before

NO_LINKS = (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK)
"""What os.link raises where a file system has no hard links (or no more for a file)."""
log = logging.getLogger("mkdocs.plugins.archive")


def _not_modified() -> bool:
    return False


def skip(file) -> None:
    """Have MkDocs' dirty build neither read nor render ``file`` (it says it is not modified)."""
    file.is_modified = _not_modified


def _shown(file) -> bytes:
    """What the navigation shows of a page, beyond its address: for a generated page the
    metadata Material shows (rendered.NAV_META), for another a hash of its text."""
    source = getattr(file, "source", None)
    if source is None:
        return hashlib.sha256(file.content_bytes).digest()
    front = file.parts()[0]  # (read from the store if it is kept there: bridge.kept)
    return repr([(name, front.get(name)) for name in rendered.NAV_META]).encode()


class Reuse:
    """What one build reuses of the site at ``site``: in place (``archive serve`` renders into
    the site it serves) or linked into a new site built beside it (``archive build``)."""

    def __init__(self, cache_dir: Path, site: Path, *, in_place: bool, session=None) -> None:
        self.site, self.in_place = site, in_place
        self.old = f"{site}/"  # (the path of each of its files: os.path.join took a tenth of a second)
        self.cache_dir = cache_dir
        self.memory_path = remembered.memory_file(cache_dir, None if in_place else site)
        self.session = session  # serving, the memory is kept by the process (bridge.session), not on disk
        self.memory = (session and session.memory) or remembered.load(self.memory_path)
        self.scans = Scans(scans_file(self.memory_path))
        self.pages: dict[str, tuple[object, bytes]] = {}  # src_uri -> (File, hash of its text)
        self.files: list[tuple[object, str]] = []  # generated files copied as they are, and their keys
        self.keys: dict[str, str] = {}  # dest_uri -> key, for every generated output of this build
        self.reused: dict[str, Written] = {}  # dest_uri -> what the last build wrote, for those not made again
        self.warnings: rendered.Warnings | None = None
        self.skeleton: Skeleton | None = None
        self.looked: Looked | None = None  # (in place: what each file is, found beside the stages)
        self.site_key = ""  # every generated page's part of its key (decide)
        self.made_with = ""  # the code it covers (rendered.made_with)

    def link_ahead(self, site_dir: Path) -> None:
        """Start linking into the new site ``site_dir`` every file the last site holds (bridge.skeleton),
        but its pages if other code made them (a page's key covers the code: none can be reused)."""
        if not self.in_place:
            if self.memory.made_with != rendered.made_with():  # (at 100,000 documents: 242,210 pages)
                self.memory = replace(self.memory, written={dest: entry for dest, entry in self.memory.written.items()
                                                            if not entry.key.startswith(rendered.PAGE)})
            self.looked = self.skeleton = Skeleton(site_dir, self.memory.written, self.site)
        else:
            self.looked = Looked(self.site, self.memory.written, LOOK, self.site)

    def settle(self, files, templates, later: set[str], later_folder: str) -> None:
        """Before anything is written: only the files reused, and those the bridge decides on
        later (the paths ``later``, and those under ``later_folder``), stay linked in; nothing
        MkDocs writes (``files`` not skipped, ``templates``) does; no folder stands where a file goes."""
        if self.skeleton is not None:
            dests = {f.dest_uri: f for f in files}
            written = {dest for dest, f in dests.items() if f.is_modified is not _not_modified} | set(templates)
            self.skeleton.settle(written | later | dests.keys(), lambda path: path not in written and (
                path in self.reused or path in later or path.startswith(later_folder)))

    def page(self, file, text: bytes) -> None:
        """A generated page handed to MkDocs, and a hash of its front matter and Markdown."""
        self.pages[file.src_uri] = (file, text)

    def file(self, file, data: bytes | str) -> None:
        """A generated file MkDocs copies as it is."""
        self.files.append((file, rendered.file_key(data)))

    def decide(self, config, nav, files) -> None:
        """Key every generated output and tell MkDocs not to make again those the site holds
        as they would be made (their warnings are logged again); start collecting the
        warnings of the pages made."""
        texts = {src: text for src, (_, text) in self.pages.items()}
        written = sorted(f.src_uri for f in files.documentation_pages() if f.src_uri not in texts)
        self.made_with = rendered.made_with()  # (kept in the memory as the pages' keys have it)
        site = self.site_key = rendered.site_key(config, written, rendered.nav_key(nav, _shown), self.made_with)
        in_nav = {page.file.src_uri: page for page in nav.pages}
        for src, (file, text) in self.pages.items():
            self._keep_or_make(file, rendered.page_key(site, src, text))
            if file.dest_uri in self.reused:
                page = in_nav.get(src)
                if page is not None:  # not read, but the other pages' navigation shows it as if it were
                    page.meta = meta_of(file.parts()[0])
                    page.markdown = ""
                file.let_go()  # never read by MkDocs
        for file, key in self.files:
            self._keep_or_make(file, key)
        self.pages, self.files = {}, []
        self.warnings = rendered.Warnings(config)
        logging.getLogger().addHandler(self.warnings)

    def _keep_or_make(self, file, key: str) -> None:
        if self._reused(file.dest_uri, key):
            skip(file)

    def reusable(self, dest: str, src: str, text: bytes) -> bool:
        """After :meth:`decide`, a generated page MkDocs has not been handed (bridge.handing),
        written at ``dest``: is it the last site's file (then reused), or is it made?"""
        return self._reused(dest, rendered.page_key(self.site_key, src, text))

    def _reused(self, dest: str, key: str) -> bool:
        self.keys[dest] = key
        entry = self.memory.written.get(dest)
        if entry is None or entry.key != key or self._identity(dest) != entry.identity:  # (the same key, the same file)
            return False
        self.reused[dest] = entry
        rendered.log_again(entry.warnings)
        return True

    def kept(self, key: str) -> list[str] | None:
        """The files the bridge wrote itself from ``key`` in the last build, if the last site
        holds every one of them as written (then they are linked into the new site like a
        reused page), else None: the caller writes them, and tells :meth:`wrote`."""
        found = {dest: entry for dest, entry in self.memory.written.items() if entry.key == key}
        if not found or not all(self._identity(dest) == entry.identity for dest, entry in found.items()):
            return None
        for dest, entry in found.items():
            self.keys[dest] = key
            self.reused[dest] = entry
        return sorted(found)

    def _identity(self, dest: str) -> tuple[int, int, int] | None:
        """The last site's file at ``dest``: as the process linking it into the new site found it."""
        return self.looked.identity(dest) if self.looked is not None else rendered.identity(self.old + dest)

    def keep(self, dest: str, key: str) -> bool:
        """A file the bridge writes itself: True if the last site holds it as made from ``key``
        (then it is kept: linked into the new site like a reused page, or left in place), and
        the caller need not write it."""
        return self._reused(dest, key)  # (no warnings to log again: none is logged while one is written)

    def wrote(self, dests, key: str) -> None:
        """Files the bridge wrote itself into the new site, all made from ``key``."""
        for dest in dests:
            self.keys[dest] = key

    def stop_listening(self) -> None:
        if self.warnings is not None:
            logging.getLogger().removeHandler(self.warnings)

    def stop(self) -> None:
        """The build failed."""
        self.stop_listening()
        if self.looked is not None:
            self.looked.stop()

    def place(self, site_dir: Path) -> None:
        """Once MkDocs is done: link each reused file into the new site ``site_dir``, or, in
        place, remove what the last build wrote that this one has not (deleted pages)."""
        self.stop_listening()
        if self.in_place:
            if self.looked is not None:
                self.looked.stop()  # (done with it)
            for dest in self.memory.written.keys() - self.keys.keys():  # (a path joined for each took 0.1 s)
                path = os.path.join(site_dir, dest)
                if rendered.identity(path) == self.memory.written[dest].identity:
                    os.unlink(path)
                    remove_empty_folders(os.path.dirname(path), site_dir)
            return
        old, new = self.old, f"{site_dir}/"
        made: set[str] = {""}
        skeleton = self.skeleton
        for dest, entry in self.reused.items() if skeleton is None or not skeleton.linked else ():
            folder = dest.rpartition("/")[0]
            if folder not in made:
                os.makedirs(new + folder, exist_ok=True)
                made.add(folder)
            try:
                os.link(old + dest, new + dest)
            except OSError as exc:
                if exc.errno not in NO_LINKS:
                    raise
                shutil.copy2(old + dest, new + dest)  # a file system without hard links: a copy, a new file
                self.reused[dest] = Written(entry.key, *rendered.identity(new + dest), warnings=entry.warnings)
        if skeleton is not None:
            skeleton.finish(self.keys)

    def unchanged_pages(self) -> set[str]:
        """The HTML pages of the new site that are the last site's files, as they were."""
        return {dest for dest in self.reused if dest.endswith(".html")}

    def known_scans(self) -> dict[str, object]:
        """What the last link check read in each reused HTML page (those at hand)."""
        return self.scans.get({dest: self.reused[dest].identity for dest in self.unchanged_pages()})

    def before(self) -> Before | None:
        """The last site as its link check left it (None if nothing is known of it)."""
        memory, scans = self._checked(), self.scans
        if not memory.files:
            return None
        return Before(memory.files, memory.links,
                      lambda pages: scans.get({page: memory.pages[page] for page in pages if page in memory.pages}),
                      memory.linked, memory.reached)

    def _checked(self) -> Memory:
        """The memory with its link check's part (bridge.remembered: read at the build's end)."""
        if self.memory.checks:
            self.memory = remembered.with_checks(self.memory_path, self.memory)
        return self.memory

    def remember(self, site_dir: Path, report: Report | None) -> None:
        """Keep, for the next build, what this build's site at ``site_dir`` holds: every generated
        output (its key, its file, its warnings) and, given its link check's ``report``, every
        file, and what the check read in each page (read this time: kept; reused: kept already).
        If it cannot be kept (a damaged file, a full disk), the build still succeeded: that is
        said, what was kept is dropped, and the next build renders every page."""
        try:
            self._remember(site_dir, report)
        except (OSError, sqlite3.Error, pickle.PicklingError) as exc:
            log.warning("%s: could not keep what the site holds for the next build (%s); the next build "
                        "renders every page", self.memory_path.parent, exc)
            for drop in (lambda: self.session.keep(Memory()) if self.session else remembered.forget(self.memory_path),
                         self.scans.drop):
                try:
                    drop()
                except OSError:
                    pass

    def _remember(self, site_dir: Path, report: Report | None) -> None:
        by_page = self.warnings.by_page if self.warnings is not None else {}
        written: dict[str, Written] = {}
        for dest, key in self.keys.items():
            if dest in self.reused:  # the same file (linked: same inode, size and time)
                written[dest] = self.reused[dest]
                continue
            found = rendered.identity(f"{site_dir}/{dest}")
            if found is not None:
                written[dest] = Written(key, *found, warnings=tuple(by_page.get(dest, ())))
        memory = Memory(written, remembered.MEMORY, made_with=self.made_with)
        if report is not None:
            pages = {dest: self.reused[dest].identity for dest in self.unchanged_pages()}
            read = {}
            for page, scan in report.scans.items():
                found = rendered.identity(f"{site_dir}/{page}")
                if found is not None:
                    pages[page] = found
                    read[page] = (found, scan)
            try:
                self.scans.put(read, set(self._checked().pages) - set(pages))
            except sqlite3.DatabaseError:  # not a database (damaged): made again, with only what was read now
                self.scans.drop()
                self.scans.put(read, set())
                pages = {page: identity for page, identity in pages.items() if page in read}
            memory = replace(memory, files=report.files, pages=pages, links=report.links, linked=report.linked,
                             reached=report.reached)
        else:
            self.scans.drop()
        if self.session is not None:
            self.session.keep(memory)
        else:
            remembered.save(self.memory_path, memory)
