"""A link check over a built site: every internal link and anchor resolves, no page is an
orphan, and no link uses a ``javascript:`` URL.

It reads the HTML files as they will be served (directory URLs resolve to index.html), so
it also covers links MkDocs does not validate (raw HTML written by the builder, theme
links, assets).

Pages are scanned in chunks, in parallel on big sites (``check_site``'s executor, by
default a process pool): a chunk returns each page's ids, its links already split and
normalised to site paths, and whether it is a redirect. The parent then looks the paths up
among the site's files, checks anchors and walks the pages from the home page.

A build reads most pages as it writes them, where they are at hand (the processes that render
them, the building process for those it publishes: linkscan.scan_written); its check reads only
the others, and those changed since they were read.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import tempfile
from collections import deque
from concurrent.futures import Executor
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from builder.linkscan import PARALLEL_FROM, _resolve, _scanned, still_written
from builder.workers import die_with_parent

SKIP_PAGES = frozenset({"404.html"})
"""The server's error page, which MkDocs writes at the site's root: a server shows it at any
address, so its links start from the site_url's path ('/', '/sub/'), which a check of the built
folder cannot follow. Neither its links nor its reachability are checked."""


@dataclass(frozen=True)
class Problem:
    page: str
    target: str
    message: str

    def __str__(self) -> str:
        return f"{self.page}: {self.message}: {self.target}"


@dataclass
class Report:
    pages: int = 0
    links: int = 0
    problems: list[Problem] = field(default_factory=list)
    scans: dict = field(default_factory=dict, repr=False, compare=False)
    """What was read in each page read by this check (site path -> scan), for a later check to reuse."""
    files: frozenset = field(default_factory=frozenset, repr=False, compare=False)
    """Every file of the site checked."""
    linked: dict = field(default_factory=dict, repr=False, compare=False)
    """For each file, the anchors other pages link to on it, and how many links to each ("":
    the links to the file itself, with no anchor)."""
    reached: dict = field(default_factory=dict, repr=False, compare=False)
    """Why each page reachable from the home page is: its rank (0 for the home page, else more
    than the rank of a page linking to it: the order in which the walk from home came to it),
    and up to :data:`WITNESSES` pages of a smaller rank that link to it. While every page but
    the home page keeps one of these links, every page is reachable (by induction on the rank),
    so a later check knows whether a page losing links leaves another unreachable without
    walking the site (linkcheck_changes)."""

    @property
    def ok(self) -> bool:
        return not self.problems


def site_files(site: Path) -> set[str]:
    """Every file of the site, by its path in it, as os.walk finds them (a link to a folder is
    neither walked nor a file). Each folder's path is kept as text on the way down: os.walk,
    and a relative path made for each folder, took twice as long (15,000 folders)."""
    files: set[str] = set()
    folders = [("", os.fspath(site))]
    while folders:
        prefix, folder = folders.pop()
        try:
            entries = os.scandir(folder)
        except OSError:  # (as os.walk: a folder that cannot be read is left out)
            continue
        with entries:
            for entry in entries:
                try:
                    is_folder = entry.is_dir()
                except OSError:
                    is_folder = False
                if not is_folder:
                    files.add(prefix + entry.name)
                elif not entry.is_symlink():
                    folders.append((f"{prefix}{entry.name}/", entry.path))
    return files


def check_site(site: Path, executor: Executor | None = None, known: dict | None = None,
               written: dict | None = None, files: set[str] | None = None) -> Report:
    """Check a built site. Pages are scanned by executor (any concurrent.futures executor);
    without one, by a process pool on sites of more than PARALLEL_FROM pages, else in-process.
    ``known`` gives what an earlier check read in pages that have not changed since (by site
    path, from its report's ``scans``), ``written`` what was read in pages as they were written
    by this build (linkscan.take_written), for those still the file read: those are not read
    again. ``files``: every file of the site, if known (site_files)."""
    site = site.resolve()
    files = site_files(site) if files is None else files
    pages = sorted(rel for rel in files if rel.endswith(".html"))
    known = known or {}
    listed = set(pages)
    given = still_written(site, {rel: scan for rel, scan in (written or {}).items() if rel in listed and rel not in known})
    unread = [rel for rel in pages if rel not in known and rel not in given]
    read: dict = {}
    kept = {rel: known[rel] for rel in pages if rel in known}
    scanned = {**given, **kept}  # so far: the pages read are added as they come
    report = Report(pages=len(pages), scans=read, files=frozenset(files))
    edges: dict[str, dict[str, None]] = {rel: {} for rel in pages}  # (the pages each links to, in the order of its links)
    resolved: dict[str | None, str | None] = {}
    linked = report.linked
    later: list[tuple[str, str, str, str]] = []  # links to an anchor of a page not read yet
    # Each page read is checked as soon as it is, while the rest are read (the order is the
    # same as checking them all after: the pages read, then those written, then those known).
    for rel, page in chain(zip(unread, _scanned(site, unread, executor)), given.items(), kept.items()):
        if rel not in kept:
            read[rel] = scanned[rel] = page
        report.links += page.count
        for message, value, path, fragment in page.links if rel not in SKIP_PAGES else ():
            target = resolved[path] if path in resolved else resolved.setdefault(path, _resolve(files, path))
            if target is None:
                report.problems.append(Problem(rel, value, message))
                continue
            if target != rel:
                anchors = linked.setdefault(target, {})
                anchors[fragment] = anchors.get(fragment, 0) + 1
            if target in edges:
                edges[rel][target] = None
                if fragment:
                    if target not in scanned:
                        later.append((rel, value, target, fragment))
                    elif fragment not in scanned[target].ids:
                        report.problems.append(Problem(rel, value, "missing anchor"))
    report.problems += [Problem(rel, value, "missing anchor") for rel, value, target, fragment in later
                        if fragment not in scanned[target].ids]
    start = "index.html"
    if start in edges:
        report.reached = reached = walked(edges, start)
        seen = reached.keys()
        for rel in pages:
            if rel not in seen and rel not in SKIP_PAGES and not scanned[rel].redirect:
                report.problems.append(Problem(rel, "", "page not reachable from the home page"))
    report.problems.sort(key=lambda p: (p.page, p.target, p.message))
    return report


WITNESSES = 3
"""The pages kept for each page as the reason it is reachable (:attr:`Report.reached`)."""


def walked(edges: dict[str, dict[str, None]], start: str) -> dict[str, tuple[int, tuple[str, ...]]]:
    """Each page reachable from ``start`` through ``edges`` (page -> the pages it links to, in
    order): its rank, the order in which a walk from ``start``, breadth first, comes to it; and
    the first :data:`WITNESSES` pages of a smaller rank that link to it, the smallest first (see
    :attr:`Report.reached`). (A rank, not a depth: a page the walk came to earlier at the same
    depth may vouch for it, as an entity page for a document first come to as a related one.)"""
    order = [start]
    rank = {start: 0}
    for rel in order:  # (the list grows as the walk goes)
        for target in edges[rel]:
            if target not in rank:
                rank[target] = len(order)
                order.append(target)
    witnesses: dict[str, list[str]] = {}
    for rel in order:
        level = rank[rel]
        for target in edges[rel]:
            if rank[target] > level:
                found = witnesses.setdefault(target, [])
                if len(found) < WITNESSES:
                    found.append(rel)
    return {rel: (rank[rel], tuple(witnesses.get(rel, ()))) for rel in order}


def check_site_apart(site: Path, known: dict | None = None) -> Report:
    """:func:`check_site` in a new Python process, which scans with its own process pool.

    For a large build whose pages were not read as they were written (rendered by one process): a pool forked from the building process would share, and partly copy,
    its memory (measured at 10,000 documents: 2.4 GB in all against 1.7 GB), so the building
    process could only scan on one core; the new process starts small. ``known`` and the
    report's scans travel in pickle files, the rest of the report as JSON, in a folder this
    process makes (the new one prints nothing)."""
    with tempfile.TemporaryDirectory(prefix="archive-linkcheck-") as folder:
        given, written, scans = Path(folder, "known.pickle"), Path(folder, "report.json"), Path(folder, "scans.pickle")
        given.write_bytes(pickle.dumps(known or {}, protocol=pickle.HIGHEST_PROTOCOL))
        done = subprocess.run([sys.executable, "-m", "builder.linkcheck", str(site), folder, str(os.getpid())],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (
                                  str(Path(__file__).resolve().parent.parent), os.environ.get("PYTHONPATH"))))})
        if done.returncode != 0 or not written.is_file() or not scans.is_file():
            raise RuntimeError(f"the link check failed:\n{done.stderr[-3000:] or 'it wrote no report'}")
        found = json.loads(written.read_text(encoding="utf-8"))
        scanned, linked, reached = pickle.loads(scans.read_bytes())
    return Report(found["pages"], found["links"], [Problem(*problem) for problem in found["problems"]], scanned,
                  site_files(site), linked, reached)


def main() -> None:
    """``python -m builder.linkcheck SITE FOLDER [PARENT]``: check SITE, given the scans of
    FOLDER/known.pickle, and write the report to FOLDER/report.json and its scans to
    FOLDER/scans.pickle (see check_site_apart); given the pid of the process that started it,
    it ends when that process ends."""
    site, folder, *parent = sys.argv[1:]
    if parent:
        die_with_parent(int(parent[0]))
    known = pickle.loads(Path(folder, "known.pickle").read_bytes())
    report = check_site(Path(site), known=known)
    Path(folder, "scans.pickle").write_bytes(pickle.dumps((report.scans, report.linked, report.reached), protocol=pickle.HIGHEST_PROTOCOL))
    Path(folder, "report.json").write_text(json.dumps({"pages": report.pages, "links": report.links,
                                                       "problems": [[p.page, p.target, p.message] for p in report.problems]}),
                                           encoding="utf-8")


if __name__ == "__main__":
    # Run as the module builder.linkcheck, not __main__, so that its scans unpickle as such.
    from builder.linkcheck import main as run

    run()
