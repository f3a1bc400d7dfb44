"""Rendering on every core: MkDocs renders its pages one at a time, so the bridge forks.

Once MkDocs has every file and the navigation (the plugin's ``on_nav``), the generated pages
outside the navigation that are to be rendered are dealt out, by their size, to one process
forked for each core (:func:`deal`). A forked process holds the very configuration,
navigation, files and plugins the building process holds at that moment (fork copies them;
nothing is pickled), reads and renders its pages one at a time with MkDocs' own two steps
(``_populate_page`` then ``_build_page``, with the plugins' page events), and writes them
into the site folder. The building process marks those pages as not modified, so that its
MkDocs build (a dirty build, see bridge.site) skips them, renders the rest meanwhile, then
waits for the others (:meth:`Apart.wait`). The pages are the same bytes a serial render
writes: each page's HTML depends on its own text and on what every page shares, never on
the pages rendered before it.

Memory: MkDocs reads every page before it renders any, so a page's HTML waits in memory
until all are read; a forked process renders each page as soon as it has read it, and keeps
nothing of it. The building process, which holds the model, renders only a few pages, and
gives what it has freed back to the system before it forks (:func:`release_memory`): the
forked processes share its memory, and only what they write is their own.

Hand-written pages and the pages in the navigation are rendered by the building process:
Material's search indexes the first as it renders them, and every page's navigation shows
the others (a forked process reads those it has not read first, as MkDocs would have, for
their titles). A forked process prints nothing: what it logs is sent back and logged by the
building process, page by page (see bridge.rendered.Warnings), and a page that fails fails
the build with MkDocs' own message. A forked process that dies fails the build.

A forked process also reads each page it wrote for the link check, while it is at hand
(linkscan.scan_written), and writes what it found to a file of its own every few hundred pages,
which the building process reads once it is done: the check then reads only the pages nobody
read.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import multiprocessing
import os
import pickle
import shutil
import tempfile
import weakref
from typing import Callable

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.pages import Page

from builder import linkscan
from builder.bridge import rendered
from builder.bridge.incremental import skip
from builder.workers import die_with_parent

FROM = 200
"""Pages to render from which the work is shared between processes (fewer: not worth a fork)."""


WAVE = 2000
"""Pages a forked process renders before it ends and a fresh one is forked for the share's next
pages: a forked process copies about 35 KB of the building process's memory for each page it
renders (the page's MkDocs objects, what its links look up), so one process for a whole share
grew with the archive (1.2 GB each at 30,000 documents)."""


class Apart:
    """Pages being rendered by forked processes."""

    def __init__(self, config, nav, files, shares: list[list], quiet: Callable[[], None]) -> None:
        """Fork one process for each share of pages, and a fresh one for each :data:`WAVE`
        pages of it, once the one before has ended and the building process has rendered its
        own pages (:meth:`wait`); ``quiet`` is called first thing in each (to stop the plugin
        reporting progress from there: the building process reports it)."""
        release_memory()
        self.context = multiprocessing.get_context("fork")
        self.pages = sum(len(share) for share in shares)
        self.site_dir = config.site_dir
        self.scans = tempfile.mkdtemp(prefix="archive-scans-")  # where each process writes what it scans
        # Removed when the rendering ends, or the build is interrupted (at exit, by this process only).
        self.remove_scans = weakref.finalize(self, _remove_folder, self.scans, os.getpid())
        # Listed once, before the fork: a forked process listing them would write a reference
        # count into each of 25,000 files at 10,000 documents, and so copy 35 MB of memory.
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        self.start = (config, nav, files, doc_files, os.getpid(), quiet)
        self.waves = [[share[i:i + WAVE] for i in range(0, len(share), WAVE)] for share in shares]
        self.running: list = [None] * len(shares)  # per share: (process, pipe, scans file, counts) or None
        self.done = [[0, 0] for _ in shares]  # per share: pages read and rendered by its ended processes
        self.by_page: dict[str, list[tuple[str, int, str]]] = {}
        self.failure: str | None = None
        self.forked = 0
        for share in shares:
            for file in share:
                skip(file)  # the building process's MkDocs skips them
        for number in range(len(shares)):
            self._next(number)

    def _next(self, number: int) -> None:
        """Fork a process for share ``number``'s next wave of pages, if it has one (and nothing failed)."""
        self.running[number] = None
        if not self.waves[number] or self.failure is not None:
            return
        wave = self.waves[number].pop(0)
        counts = self.context.Array("q", 2, lock=False)
        receive, send = self.context.Pipe(duplex=False)
        scans = os.path.join(self.scans, f"{number}-{self.forked}")
        self.forked += 1
        process = self.context.Process(target=_render, args=(*self.start[:4], wave, send, counts, *self.start[4:], scans),
                                       daemon=True)
        process.start()
        send.close()
        self.running[number] = (process, receive, scans, counts)

    def _take(self, number: int) -> None:
        """If share ``number``'s process has ended (waiting for it a little), take what it sent
        back and fork the next."""
        process, receive, scans, counts = self.running[number]
        if not receive.poll(0.2):
            if process.is_alive() or receive.poll(0):
                return
        try:
            outcome, logged, error = receive.recv()
        except (EOFError, OSError):
            outcome, logged, error = "died", {}, f"exit code {process.exitcode}"
        process.join()
        receive.close()
        self.done[number][0] += counts[0]
        self.done[number][1] += counts[1]
        if outcome == "done":
            for batch in _batches(scans):
                linkscan.note_written(self.site_dir, batch)
        for dest, records in logged.items():
            rendered.log_again(tuple(records))
            if dest:
                self.by_page.setdefault(dest, []).extend(records)
        if outcome != "done" and self.failure is None:
            self.failure = error
        self._next(number)

    def stop(self) -> None:
        """End the forked processes (the build failed)."""
        self.waves = [[] for _ in self.waves]
        for running in self.running:
            if running is not None:
                running[0].kill()
                running[0].join()
                running[1].close()
        self.running = [None] * len(self.running)
        self.remove_scans()

    def _counted(self, which: int) -> int:
        # (Counts only: the next processes are forked in wait(), never from inside the building
        # process's rendering of a page, whose state, a navigation item marked active, a fork
        # would copy into every page it renders.)
        return sum(done[which] for done in self.done) + sum(r[3][which] for r in self.running if r is not None)

    def read(self) -> int:
        """Pages the forked processes have read so far."""
        return self._counted(0)

    def rendered(self) -> int:
        """Pages the forked processes have rendered so far."""
        return self._counted(1)

    def wait(self, progress: Callable[[], None] | None = None) -> dict[str, list[tuple[str, int, str]]]:
        """Wait for every forked process (forking the next of each share as one ends); log
        what each logged; return the warnings of each page (by its path in the site), and keep
        what each read in its pages for the link check (linkscan.note_written). Raises if a
        page failed or a process died."""
        while any(running is not None for running in self.running):
            for number, running in enumerate(self.running):
                if running is not None:
                    self._take(number)
            if progress is not None:
                progress()
        self.remove_scans()
        if self.failure is not None:
            raise RuntimeError(f"rendering pages in another process failed: {self.failure}")
        return self.by_page


TRIM_EVERY = 200
"""Pages a forked process renders between two hand-backs of freed memory to the system: a page's
HTML is large and short-lived, and what the C library keeps of it adds up."""


def _trim() -> None:
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def release_memory() -> None:
    """Free what is no longer used (reference cycles only the collector frees) and hand the
    freed memory back to the system (glibc's malloc_trim), so that the processes started next
    fit beside this one."""
    gc.collect()
    _trim()  # (not glibc: the memory is reused by this process only)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


PAGE_MS, KB_MS = 2.0, 0.05
"""What rendering a page costs, roughly (measured at 10,000 documents): a fixed part (the
theme's templates) and a part for each kilobyte of its text."""


def deal(pages: list, processes: int, size) -> list[list]:
    """Deal ``pages`` out to ``processes`` shares of about equal cost, the largest first, each
    to the share that costs least so far. ``size(file)``: about how many bytes a page's text
    takes. Each share keeps the pages' order."""
    cost = [0.0] * processes
    shares: list[list[int]] = [[] for _ in range(processes)]
    weights = [PAGE_MS + KB_MS * size(file) / 1000 for file in pages]
    for index in sorted(range(len(pages)), key=lambda i: -weights[i]):
        least = min(range(processes), key=cost.__getitem__)
        shares[least].append(index)
        cost[least] += weights[index]
    return [[pages[i] for i in sorted(share)] for share in shares]


SCANS_EVERY = 500
"""Pages a forked process renders between two writes of what it scanned in them to its file: sent
back all at once at the end, the scans of 20,000 pages took a gigabyte more to pickle and read."""


def _remove_folder(folder: str, owner: int) -> None:
    if os.getpid() == owner:  # (never by a forked process)
        shutil.rmtree(folder, ignore_errors=True)


def _batches(path: str):
    """What a forked process scanned, batch by batch, from its file (see _render)."""
    try:
        with open(path, "rb") as handle:
            while True:
                yield pickle.load(handle)
    except (OSError, EOFError):
        return


def _render(config, nav, files, doc_files: list, share: list, send, counts, parent: int,
            quiet: Callable[[], None], scans_file: str) -> None:
    """In a forked process: read and render ``share`` as MkDocs' build would, and send back
    ("done" or "failed", what was logged by page, the error). What the link check reads in the
    pages written, if it is collected (linkscan.scan_written), is written to ``scans_file`` as it
    goes, every :data:`SCANS_EVERY` pages."""
    die_with_parent(parent)
    gc.freeze()  # what it holds from the building process: never walked, so never copied, by a collection here
    quiet()
    captured = rendered.Warnings(config)  # (what is logged outside a page, the building process logs too)
    for logger in [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]:
        if isinstance(logger, logging.Logger):  # nothing is printed here: every record is sent back
            logger.handlers = []
            logger.propagate = True
    logging.getLogger().addHandler(captured)
    outcome, error, scans = "done", "", {}
    try:
        out = open(scans_file, "wb")
        env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
        for page in nav.pages:  # every page shows them: read as the building process reads them
            if page.markdown is None:
                _populate_page(page, config, files)
        for file in share:  # each read and rendered at once: no page waits in memory for the others
            if file.page is None:
                Page(None, file, config)
            _populate_page(file.page, config, files)
            counts[0] += 1
            _build_page(file.page, config, doc_files, nav, env, excluded=file.inclusion.is_excluded())
            counts[1] += 1
            scans.update(linkscan.scan_written(config.site_dir, [file.dest_uri]))  # while its file is at hand
            file.page = None  # let go: no other page shows anything of it (none is in the navigation)
            if counts[1] % SCANS_EVERY == 0 and scans:
                pickle.dump(scans, out, protocol=pickle.HIGHEST_PROTOCOL)
                scans = {}
            if counts[1] % TRIM_EVERY == 0:
                _trim()
        if scans:
            pickle.dump(scans, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.close()
    except BaseException as exc:  # sent back: the building process fails the build
        outcome, error = "failed", f"{type(exc).__name__}: {exc}"
    send.send((outcome, captured.by_page, error))
    send.close()
