"""Building the site so that a failed build never replaces a good one.

MkDocs empties ``site_dir`` before it renders; if rendering then fails, the old site
is gone. Here MkDocs builds into a staging folder beside the target, and only a build
that finished, links checked, is swapped in (see sitefolder: the lock, the swap, and
what killed builds leave behind).
"""

from __future__ import annotations

import gc
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from builder import linkscan, sitefolder
from builder.bridge.parallel import release_memory
from builder.bridge.plugin import ArchivePlugin
from builder.bridge.rendered import quiet_dirty
from builder.bridge.spare import drop_spare, keep_spare
from builder.linkcheck import PARALLEL_FROM, Report, check_site, check_site_apart, site_files
from builder.linkcheck_changes import check_changes
from builder.pipeline import Build
from builder.timings import Progress


REMOVE_IN_BACKGROUND_FROM = 2000
"""Pages from which the old site, once swapped out, is kept as the site's spare for the next
build (bridge.spare), and what is removed with the staging folder is removed by a process of
its own."""

OFFLINE = "material/offline"
"""Material's offline plugin: mkdocs.yml lists it turned off, and the bundle's build turns it on."""


class BrokenLinks(Abort):
    """The built site has broken internal links, missing anchors or unreachable pages."""

    def __init__(self, report: Report) -> None:
        listing = "\n".join(f"  {problem}" for problem in report.problems[:50])
        more = f"\n  ... and {len(report.problems) - 50} more" if len(report.problems) > 50 else ""
        super().__init__(f"link check: {len(report.problems)} problem(s) in the built site:\n{listing}{more}")
        self.report = report


def build_site(config_file: Path, site_dir: Path, *, content_dir: Path | None = None, strict: bool = False,
               offline: bool = False, progress: Progress | None = None, reuse: bool = True,
               scheduler: str | None = None) -> Build:
    """Build with MkDocs into ``site_dir`` atomically and return what the builder produced.

    Raises on failure; ``site_dir`` is then untouched. ``offline`` turns on Material's
    offline plugin (pages as .html files, search that works from file://). ``progress`` is
    told how far each part of the build is, as it goes: the documents, the pages made, reused
    and rendered (by the plugin), the search index, the link check. ``reuse``:
    pages ``site_dir`` holds as they would be rendered now are kept, not rendered again
    (see bridge.rendered); off for a site folder no build will find again. ``scheduler``: the
    per-document stages run on the Dask cluster of that scheduler (see bridge.cluster), whatever
    the configuration says.

    One build at a time writes ``site_dir``: a second one waits for the first. The new site
    is built beside it and swapped in at once; what killed builds left beside it is removed
    first (see sitefolder).
    """
    site_dir = site_dir.resolve()
    read = {"the content folder": content_dir, "the configuration file": config_file}
    try:  # before the lock, whose file would be left there (the plugin checks the other folders)
        sitefolder.must_be_a_folder(site_dir)
        sitefolder.check_apart({"the site folder": site_dir}, {k: v for k, v in read.items() if v is not None})
    except sitefolder.FolderClash as exc:
        raise Abort(str(exc)) from None
    with sitefolder.Lock(site_dir):
        sitefolder.clear_debris(site_dir)
        work = sitefolder.staging(site_dir)  # the new site, MkDocs' docs folder if it needs one
        large = False
        try:
            result, remember, remembers = _build(config_file, work, site_dir, content_dir=content_dir, strict=strict,
                                                 offline=offline, progress=progress, reuse=reuse, scheduler=scheduler)
            sitefolder.swap(work / "site", site_dir)
            remember()  # what the site now holds, for the next build to reuse
            large = result.rendered + result.pages_reused >= REMOVE_IN_BACKGROUND_FROM
            if large and remembers:  # the old site, for the next build to start its new one from
                keep_spare(work / "site", site_dir, work)
            else:
                drop_spare(site_dir, work)
        finally:
            gc.unfreeze()  # (frozen once MkDocs was done: _build)
            sitefolder.remove(work, in_background=large)  # with the old site, once swapped
    return result


def archive_plugin(config) -> ArchivePlugin:
    """The archive plugin of a loaded configuration, whose options the bridge sets."""
    plugin = next((p for p in config.plugins.values() if isinstance(p, ArchivePlugin)), None)
    if plugin is None:
        raise Abort(f"{config.config_file_path} lists no archive plugin; add `- archive` under its plugins")
    return plugin


def docs_dir_of(content: Path, empty: Path) -> Path:
    """The docs folder MkDocs is given for the archive in ``content``: its pages folder, the
    pages the plugin checks, or ``empty`` (an empty folder) when it has none (MkDocs needs a
    docs folder; an archive need not have hand-written pages)."""
    pages = content / "pages"
    return pages if pages.is_dir() else empty


def _build(config_file: Path, work: Path, site_dir: Path, *, content_dir: Path | None, strict: bool,
           offline: bool, progress: Progress | None = None, reuse: bool = True,
           scheduler: str | None = None) -> tuple[Build, Callable[[], None], bool]:
    """Build into ``work/site`` (to replace ``site_dir``) and check its links; returns what the
    builder produced, what to call once the site is in place (to keep what it holds), and
    whether that keeps anything (a site's memory needs a cache: the next build can start from
    a spare only with it).
    Pages that the site holds as they would be rendered now are not rendered again (see
    bridge.rendered): MkDocs runs its dirty build, told which pages are unchanged. The check
    reads only the pages neither read as they were written (linkscan.collect_written) nor
    reused as the last check read them."""
    staging = work / "site"
    staging.mkdir()
    staging.chmod(0o755)
    overrides: dict = {"site_dir": str(staging), "strict": strict}
    if content_dir is not None:
        pages = docs_dir_of(content_dir, work / "pages")
        pages.mkdir(exist_ok=True)
        overrides["docs_dir"] = str(pages.resolve())
    config = load_config(str(config_file), **overrides)
    plugin = archive_plugin(config)
    plugin.config.final_site_dir = str(site_dir)  # MkDocs builds into the staging folder
    plugin.progress = progress
    plugin.reuse_site = site_dir if reuse else None
    plugin.handed_back = True  # the result is read below
    if content_dir is not None:
        plugin.config.content_dir = str(content_dir.resolve())
    if scheduler is not None:
        plugin.config.executor, plugin.config.scheduler = "dask", scheduler
    if offline and OFFLINE in config.plugins:
        config.plugins[OFFLINE].config.enabled = True
    linkscan.collect_written(staging)  # the pages rendered in other processes, and the published ones
    try:
        with quiet_dirty():
            mkdocs_build(config, dirty=True)
    except BaseException:  # MkDocs tells the plugin of an Exception, not of an interruption
        if plugin.reuse is not None:
            plugin.reuse.stop()
        plugin.kept.close()
        raise
    finally:
        written = linkscan.take_written(staging)
    # What MkDocs and the builder made lives to the end of the build, and so does what the last
    # site's link check left (read now, bridge.remembered: 376 MB at 100,000 documents): frozen,
    # the collections of the link check and of keeping what the site holds need not walk it.
    # Unfrozen by the plugin once the pages were rendered, the first full collection after took
    # 0.4-0.8 s of a rebuild.
    started = time.perf_counter()
    reuse, collecting = plugin.reuse, gc.isenabled()
    gc.disable()
    try:
        before = reuse.before() if reuse is not None else None
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
    files = site_files(staging)
    pages = sum(1 for rel in files if rel.endswith(".html"))
    if progress is not None:
        progress("links", 0, pages)
    report = None
    if before is not None:  # only what changed is read, if that settles it
        with ThreadPoolExecutor(max_workers=1) as here:
            report = check_changes(staging, before, reuse.unchanged_pages(), here, most=max(PARALLEL_FROM, pages // 4),
                                   files=files, written=written)
    if report is None:
        known = reuse.known_scans() if reuse is not None else {}
        if pages > PARALLEL_FROM + len(known) + len(written):  # (rendered by this process alone)
            release_memory()  # what MkDocs held, before the check's processes start
            report = check_site_apart(staging, known)  # on every core, in a process that starts small
        else:  # a few pages to read: not worth a process
            with ThreadPoolExecutor(max_workers=1) as here:
                report = check_site(staging, here, known, written, files)
    plugin.result.timings.stages["linkcheck"] = time.perf_counter() - started
    if progress is not None:
        progress("links", report.pages, report.pages)
    if not report.ok:
        raise BrokenLinks(report)
    if reuse is None:
        return plugin.result, lambda: None, False
    return plugin.result, lambda: reuse.remember(site_dir, report), True
