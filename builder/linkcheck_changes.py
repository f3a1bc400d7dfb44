"""The link check of a site whose earlier version passed it, reading only what changed.

A rebuild that renders a few pages again leaves most of the site as it was: the same files,
whose links and anchors were all checked when that version was built. Their links can only
break if a file they point to is gone, or a page they point to lost an anchor; a page can only
become unreachable if a page that led to it no longer does. So when, compared with the
earlier version:
- no file that an unchanged page links to is gone (the check counts the links to each file from
  other pages, and to each of its anchors),
- every page read again (changed) keeps every anchor that an unchanged page links to, and none
  was a redirect (exempt from being reachable) that is now a page,
- every page still has a reason to be reachable: the check keeps, for each page, its rank (the
  order in which the walk from home came to it) and a few pages of a smaller rank linking to
  it (linkcheck.Report.reached), and a page all of whose such links are gone (a related
  document no longer listed, a page of a long list whose items moved) needs one from a changed
  page of a smaller rank that links to it now,
then only the changed pages' own links need checking (against the new site's files, and the
anchors of the pages they point to), and only the new pages need to be reachable (from the
pages that were, through the changed pages' links: no unchanged page can link to a new one,
or its link would have been broken before). When any of this does not hold, or what the
earlier check read is not at hand, :func:`check_changes` says so (None) and the whole site is
checked (:func:`builder.linkcheck.check_site`).
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from builder.linkcheck import SKIP_PAGES, WITNESSES, Problem, Report, site_files
from builder.linkscan import _resolve, _scan_site, still_written


@dataclass
class Before:
    """The earlier version of a site, as its link check left it."""

    files: frozenset[str]  # every file
    links: int  # links its pages held
    scans: Callable[[list[str]], dict]  # what its check read in these of its pages (those at hand)
    linked: dict = field(default_factory=dict)  # page -> {anchor: links from other pages to it}
    reached: dict = field(default_factory=dict)  # page -> its rank and witnesses (linkcheck.Report.reached)


def _count(linked: dict, rel: str, page, files, step: int, copied: set[str]) -> None:
    """Add (``step`` 1) or take away (-1) what ``page`` (at ``rel``) links to in other files
    (none for the error page, whose links are not checked, as in the whole check). ``linked``
    starts as a shallow copy of the earlier counts: each file's counts are copied once changed
    here (``copied``), so the earlier ones stay as they were."""
    for _, _, path, fragment in page.links if rel not in SKIP_PAGES else ():
        target = _resolve(files, path)
        if target is not None and target != rel:
            if target not in copied:
                copied.add(target)
                linked[target] = dict(linked.get(target, ()))
            anchors = linked[target]
            anchors[fragment] = anchors.get(fragment, 0) + step
            if not anchors[fragment]:
                del anchors[fragment]
                if not anchors:  # (as the whole check counts: no page without links to it)
                    del linked[target]
                    copied.discard(target)


def _targets(page, files) -> set[str]:
    """The pages and files a scanned page's links resolve to."""
    found = set()
    for _, _, path, _ in page.links:
        target = _resolve(files, path)
        if target is not None:
            found.add(target)
    return found


def _still_reached(before: Before, existed: list[str], earlier: dict, read: dict, edges: dict[str, dict[str, None]],
                   new: set[str], gone: set[str], files) -> dict | None:
    """Each page's rank and witnesses (linkcheck.Report.reached) after the changed pages'
    (``existed``: as ``earlier``, now as ``read``; ``edges``: the pages each now links to), the
    ``new`` pages' and the ``gone`` pages' links; None if a page of the earlier version may no
    longer be reachable (or the earlier check's are not known)."""
    if not before.reached:
        return None
    reached = {rel: entry for rel, entry in before.reached.items() if rel not in gone}
    weakened = set()
    for rel in existed:  # the links gone
        for target in _targets(earlier[rel], before.files) - _targets(read[rel], files):
            entry = reached.get(target)
            if entry is not None and rel in entry[1]:
                reached[target] = (entry[0], tuple(page for page in entry[1] if page != rel))
                weakened.add(target)
    if gone:  # (and those of the pages gone)
        for rel, (level, found) in list(reached.items()):
            if not gone.isdisjoint(found):
                reached[rel] = (level, tuple(page for page in found if page not in gone))
                weakened.add(rel)
    # The new pages reachable through the changed pages' links (no unchanged page links to one).
    queue = deque(rel for rel in existed if rel in reached)
    while queue:
        rel = queue.popleft()
        for target in edges.get(rel, ()):
            if target in reached:
                continue
            if target not in new:  # a page that was not reachable (a redirect, exempt) now is: where it
                return None        # leads, its scan not at hand, is not known here
            reached[target] = (reached[rel][0] + 1, ())  # (a rank after the page that leads to it)
            queue.append(target)
    for rel in read:  # the links the changed pages make now, from a smaller rank
        level = reached[rel][0] if rel in reached else None
        for target in edges.get(rel, ()) if level is not None else ():
            entry = reached[target] if target in reached else None
            if entry is not None and entry[0] > level and rel not in entry[1] and len(entry[1]) < WITNESSES:
                reached[target] = (entry[0], entry[1] + (rel,))
    if any(not reached[rel][1] for rel in weakened):
        return None
    return reached


def check_changes(site: Path, before: Before, unchanged: set[str], executor: Executor | None = None,
                  most: int | None = None, files: set[str] | None = None, written: dict | None = None) -> Report | None:
    """Check ``site``, in which the pages ``unchanged`` are files of the earlier version
    ``before`` as they were, reading only the others (but those read as this build wrote them:
    ``written``, see linkscan.take_written); None if that cannot settle it, or if more than
    ``most`` pages changed (the whole check is then faster: it reads them on every core, and
    needs nothing the earlier check read in them). ``files``: every file of the site, if known
    (site_files)."""
    site = site.resolve()
    files = site_files(site) if files is None else files
    gone = before.files - files  # (fine if no page unchanged linked to them: see below)
    pages = sorted(rel for rel in files if rel.endswith(".html"))
    if "index.html" not in pages:
        return None  # (the whole check looks for no path from a home page then)
    changed = [rel for rel in pages if rel not in unchanged]
    if most is not None and len(changed) > most:
        return None
    html = set(pages)
    given = still_written(site, {rel: scan for rel, scan in (written or {}).items() if rel in html and rel not in unchanged})
    unread = [rel for rel in changed if rel not in given]
    scanned = dict(zip(unread, _scan_site(site, unread, executor)))
    read = {rel: given[rel] if rel in given else scanned[rel] for rel in changed}
    existed = [rel for rel in changed if rel in before.files]
    gone_pages = sorted(rel for rel in gone if rel.endswith(".html"))
    earlier = before.scans(existed + gone_pages)
    if len(earlier) != len(existed) + len(gone_pages):
        return None  # what the earlier check read in a changed or gone page is not at hand
    # What the unchanged pages link to: the earlier counts, less what the changed and gone pages linked to.
    linked, copied = dict(before.linked), set()
    for rel in earlier:
        _count(linked, rel, earlier[rel], before.files, -1, copied)
    if not gone.isdisjoint(linked):
        return None  # a file gone is linked to by a page unchanged
    for rel in existed:
        now, then = read[rel], earlier[rel]
        lost = then.ids - now.ids  # (never "", the key of the links to the page itself: no empty id is read)
        if lost and lost & linked.get(rel, {}).keys():
            return None  # an anchor an unchanged page links to is gone
        if then.redirect and not now.redirect:
            return None  # a redirect, exempt, is now a page that must be reachable
    for rel in changed:
        _count(linked, rel, read[rel], files, 1, copied)
    report = Report(pages=len(pages), scans=read, files=frozenset(files),
                    links=before.links + sum(read[rel].count for rel in changed)
                    - sum(page.count for page in earlier.values()), linked=linked)
    wanted = {target for page in read.values() for _, _, path, fragment in page.links if fragment
              for target in [_resolve(files, path)] if target in html and target not in read}
    anchors = before.scans(sorted(wanted))
    if len(anchors) != len(wanted):
        return None
    ids = {rel: page.ids for rel, page in {**anchors, **read}.items()}
    edges: dict[str, dict[str, None]] = {}
    for rel, page in read.items():
        for message, value, path, fragment in page.links if rel not in SKIP_PAGES else ():
            target = _resolve(files, path)
            if target is None:
                report.problems.append(Problem(rel, value, message))
                continue
            if target in html:
                edges.setdefault(rel, {})[target] = None
                if fragment and fragment not in ids[target]:
                    report.problems.append(Problem(rel, value, "missing anchor"))
    new = {rel for rel in changed if rel not in before.files}
    report.reached = reached = _still_reached(before, existed, earlier, read, edges, new, gone, files)
    if reached is None:
        return None  # a page lost every link that made it reachable
    seen = reached.keys()
    for rel in sorted(new - seen):
        if rel not in SKIP_PAGES and not read[rel].redirect:
            report.problems.append(Problem(rel, "", "page not reachable from the home page"))
    report.problems.sort(key=lambda p: (p.page, p.target, p.message))
    return report
