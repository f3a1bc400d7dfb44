"""The link check of a site whose earlier version passed it, reading only what changed.

A rebuild that renders a few pages again leaves most of the site as it was: the same files,
whose links and anchors were all checked when that version was built. Their links can only
break if a file they point to is gone, or a page they point to lost an anchor; a page can only
become unreachable if a page that led to it no longer does. So when, compared with the
earlier version:
- no file is gone,
- every page read again (changed) keeps every anchor that an unchanged page links to (the
  check counts, for each page, the links other pages make to each of its anchors), links to
  every page it linked to, and none was a redirect (exempt from being reachable) that is now
  a page,
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

from builder.linkcheck import SKIP_PAGES, Problem, Report, site_files
from builder.linkscan import _resolve, _scan_site


@dataclass
class Before:
    """The earlier version of a site, as its link check left it."""

    files: frozenset[str]  # every file
    links: int  # links its pages held
    scans: Callable[[list[str]], dict]  # what its check read in these of its pages (those at hand)
    linked: dict = field(default_factory=dict)  # page -> {anchor: links from other pages to it}


def _count(linked: dict, rel: str, page, files, html: set[str], step: int) -> None:
    """Add (``step`` 1) or take away (-1) what ``page`` (at ``rel``) links to on other pages
    (none for the error page, whose links are not checked, as in the whole check)."""
    for _, _, path, fragment in page.links if rel not in SKIP_PAGES else ():
        if fragment:
            target = _resolve(files, path)
            if target in html and target != rel:
                anchors = linked.setdefault(target, {})
                anchors[fragment] = anchors.get(fragment, 0) + step
                if not anchors[fragment]:
                    del anchors[fragment]


def _targets(page, files) -> set[str]:
    """The pages and files a scanned page's links resolve to."""
    found = set()
    for _, _, path, _ in page.links:
        target = _resolve(files, path)
        if target is not None:
            found.add(target)
    return found


def check_changes(site: Path, before: Before, unchanged: set[str], executor: Executor | None = None,
                  most: int | None = None, files: set[str] | None = None) -> Report | None:
    """Check ``site``, in which the pages ``unchanged`` are files of the earlier version
    ``before`` as they were, reading only the others; None if that cannot settle it, or if
    more than ``most`` pages changed (the whole check is then faster: it has most of them, read
    as they were written, or reads them on every core, and needs nothing the earlier check read
    in them). ``files``: every file of the site, if known (site_files)."""
    site = site.resolve()
    files = site_files(site) if files is None else files
    if not files >= before.files:
        return None  # a file is gone: links to it anywhere are broken
    pages = sorted(rel for rel in files if rel.endswith(".html"))
    if "index.html" not in pages:
        return None  # (the whole check looks for no path from a home page then)
    changed = [rel for rel in pages if rel not in unchanged]
    if most is not None and len(changed) > most:
        return None
    read = dict(zip(changed, _scan_site(site, changed, executor)))
    existed = [rel for rel in changed if rel in before.files]
    earlier = before.scans(existed)
    if len(earlier) != len(existed):
        return None  # what the earlier check read in a changed page is not at hand
    html = {rel for rel in files if rel.endswith(".html")}
    # What the unchanged pages link to: the earlier counts, less what the changed pages linked to.
    linked = {target: dict(anchors) for target, anchors in before.linked.items()}
    for rel in existed:
        _count(linked, rel, earlier[rel], files, html, -1)
    for rel in existed:
        now, then = read[rel], earlier[rel]
        lost = then.ids - now.ids
        if lost and lost & linked.get(rel, {}).keys():
            return None  # an anchor an unchanged page links to is gone
        if not _targets(now, files) >= _targets(then, files):
            return None  # a link is gone: a page may no longer be reachable
        if then.redirect and not now.redirect:
            return None  # a redirect, exempt, is now a page that must be reachable
    for rel in changed:
        _count(linked, rel, read[rel], files, html, 1)
    report = Report(pages=len(pages), scans=read, files=frozenset(files),
                    links=before.links + sum(read[rel].count for rel in changed)
                    - sum(earlier[rel].count for rel in existed), linked=linked)
    wanted = {target for page in read.values() for _, _, path, fragment in page.links if fragment
              for target in [_resolve(files, path)] if target in html and target not in read}
    anchors = before.scans(sorted(wanted))
    if len(anchors) != len(wanted):
        return None
    ids = {rel: page.ids for rel, page in {**anchors, **read}.items()}
    edges: dict[str, set[str]] = {}
    for rel, page in read.items():
        for message, value, path, fragment in page.links if rel not in SKIP_PAGES else ():
            target = _resolve(files, path)
            if target is None:
                report.problems.append(Problem(rel, value, message))
                continue
            if target in html:
                edges.setdefault(rel, set()).add(target)
                if fragment and fragment not in ids[target]:
                    report.problems.append(Problem(rel, value, "missing anchor"))
    new = {rel for rel in changed if rel not in before.files}
    # Every page of the earlier version was reachable, or exempt (404, redirects): the search
    # starts from those that were reachable, through the changed pages' links.
    seen = {rel for rel in existed if rel not in SKIP_PAGES and not earlier[rel].redirect}
    queue = deque(seen)
    while queue:
        for target in edges.get(queue.popleft(), ()):
            if target in new and target not in seen:
                seen.add(target)
                queue.append(target)
    for rel in sorted(new - seen):
        if rel not in SKIP_PAGES and not read[rel].redirect:
            report.problems.append(Problem(rel, "", "page not reachable from the home page"))
    report.problems.sort(key=lambda p: (p.page, p.target, p.message))
    return report
