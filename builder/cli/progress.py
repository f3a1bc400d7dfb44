"""How far a build is, and how it ended, shown to the person waiting (on standard error): a live bar with counts
and the time left on a terminal (rich), plain lines when not on one (CI, a log file).

Every part of a build says how far it is, in order: the sources read, the documents processed
(or taken from the cache), the pages made from them and exported, the pages reused from the
last build, the search index, the pages read and rendered by MkDocs, the link check."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

LABELS = {"sources": "sources read", "documents": "documents ready", "made": "pages made",
          "exported": "pages exported (Markdown)", "reused": "pages reused (unchanged)",
          "search": "documents indexed for search", "read": "pages read", "pages": "pages rendered",
          "links": "pages checked for broken links"}
"""What each part reported (``what``) counts, as its lines say it: "{done} of {total} {label}"."""
TALLIES = {"reused"}
"""Parts that are a count known at once (the pages reused of all pages), not work going on."""
REFRESH = 0.1
"""Seconds between two redraws of the live bar at most."""


class ProgressReport:
    """A ``builder.timings.Progress``: ``report(what, done, total)``. Use it as a context
    manager, so the live bar is taken down at the end. Plain lines come at most every
    ``every`` seconds for each part, and when a part is done."""

    def __init__(self, stream: TextIO | None = None, every: float = 5.0, clock=time.monotonic,
                 command: str = "archive build") -> None:
        self.stream = stream or sys.stderr
        self.command = command
        self.every, self.clock = every, clock
        self.live: Progress | None = None
        self.drawn = float("-inf")
        if self.stream.isatty():
            # Redrawn here, not by a thread of rich's: a build with another thread running
            # processes its documents in this process (forking beside a thread can hang), so a
            # refresh thread would take the worker processes away. Log lines written meanwhile
            # keep their own line breaks (soft_wrap): a file:line:column stays one line.
            self.live = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(),
                                 console=Console(file=self.stream, soft_wrap=True), transient=False,
                                 auto_refresh=False)
        self.tasks: dict[str, object] = {}
        self.started: dict[str, tuple[float, int]] = {}  # part -> (when, done) at its first report
        self.shown: dict[str, float] = {}  # part -> when its last plain line was written
        self.finished: set[str] = set()  # parts whose last line was written

    def __enter__(self) -> "ProgressReport":
        if self.live is not None:
            self.live.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.live is not None:
            self.live.stop()

    def __call__(self, what: str, done: int, total: int) -> None:
        label = LABELS.get(what, what)
        if self.live is not None:
            if what in TALLIES:  # a count, not a part going on: a full bar of it, if there is any
                if not done:
                    return
                total = done
            if what not in self.tasks:
                self.tasks[what] = self.live.add_task(label, total=total, completed=done)
            self.live.update(self.tasks[what], completed=done, total=total)
            now = self.clock()
            if now - self.drawn >= REFRESH or done >= total:
                self.drawn = now
                self.live.refresh()
            return
        now = self.clock()
        first, before = self.started.setdefault(what, (now, done))
        finished = done >= total
        if what in self.finished or (what in self.shown and not finished and now - self.shown[what] < self.every):
            return
        if what == "documents" and what not in self.shown:  # first reported once the content is read
            print(f"{self.command}: {total:,} of {total:,} {LABELS['sources']}", file=self.stream)
        self.shown[what] = now
        if finished:
            self.finished.add(what)
        line = f"{self.command}: {done:,} of {total:,} {label}"
        if done > before and not finished:
            left = (now - first) / (done - before) * (total - done)
            line += f" (about {left:.0f} s left)"
        print(line, file=self.stream, flush=True)


def build_summary(result, warnings: int, seconds: float, written: str, command: str = "archive build") -> str:
    """The line every build ends with: documents (processed, from the cache, left out), pages
    rendered and reused, ``warnings`` (the warning lines the build printed), seconds, and
    what was ``written``."""
    def count(n: int, what: str) -> str:
        return f"{n:,} {what}{'s' if n != 1 else ''}"

    found = result.computed + result.reused
    left_out = found - result.tally.documents
    return (f"{command}: {count(found, 'document')} ({result.computed:,} processed, {result.reused:,} from the cache"
            f"{f', {left_out:,} left out' if left_out else ''}), {count(result.rendered, 'page')} rendered, {result.pages_reused:,} reused, "
            f"{count(warnings, 'warning')}, {seconds:.1f} s; {written}")
