"""The one bridge to MkDocs: run the pipeline, hand MkDocs the generated pages.

Pages are given to MkDocs in memory (``File.generated``); a copy is written to
``export_dir`` so the generated Markdown can be read and diffed. Document pages are kept
out of the navigation: index pages list them, so no page carries the whole archive.
"""

from __future__ import annotations

import gc
import logging
import os
from contextlib import nullcontext
from pathlib import Path

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from builder.bridge import (chrome, handing, handover, letgo, parallel, published, search, session, theming, watching,
                            written_pages)
from builder.bridge.cluster import ClusterPluginConfig, cluster_executor, scheduler_of
from builder.bridge.handover import GeneratedPage
from builder.bridge.incremental import Reuse
from builder.bridge.kept import KeptPages
from builder.bridge.options import folders_apart, offline_enabled, resolve, without_cdn_polyfill
from builder.emit import Site
from builder.emit.urls import Urls
from builder.pipeline import Build, ContentErrors, Options, build, few_collections
from builder.stages.pages import PAGES
from builder.report import as_text, summary
from builder.timings import Progress
from builder.sitefolder import FolderClash, Lock, write_tree

log = logging.getLogger("mkdocs.plugins.archive")

served_content: Path | None = None
"""The content folder `archive serve --content DIR` serves, set by bridge.serve while it runs;
it wins over content_dir. (MkDocs' serve loads mkdocs.yml afresh for every rebuild and offers
no way to set a plugin's option on what it loads: see bridge.serve.)"""


TEMPLATES = "templates"
"""Where, in the cache folder, the theme's compiled templates are kept."""

COLLECT_FROM = 1000  # pages (or groups of them) made from many documents from which garbage is collected


def hosted_url(url: str, directory_urls: bool) -> str:
    """The hosted site's URL of a page of the offline build (``documents/x.html``, ``index.html``):
    the same, or in directory style (``documents/x/``, ``''``) as MkDocs makes it."""
    if not directory_urls:
        return url
    if url == "index.html" or url.endswith("/index.html"):
        return url[: -len("index.html")]
    return url[: -len(".html")] + "/" if url.endswith(".html") else url


class ArchivePlugin(BasePlugin[ClusterPluginConfig]):
    def __init__(self) -> None:
        self.result: Build | None = None
        self.content_dir: Path | None = None
        self.urls = Urls()
        self.offline, self.hosted_directory_urls = False, True  # the bundle's build; the hosted site's URL style
        self.blocks: dict[str, list[str]] = {}  # page -> its HTML blocks (see handover)
        self.placeholder = handover.new_placeholder()
        self.progress: Progress | None = None  # told how far the build is (set by bridge.site)
        self.to_render = 0  # pages MkDocs will read and render, and those read and rendered so far
        self.read = self.rendered = self.reused_pages = 0
        self.reuse_site: Path | None = None  # the site a build beside it may reuse pages of (set by bridge.site)
        self.reuse: Reuse | None = None  # this build's reuse of the last build's pages
        self.apart: parallel.Apart | None = None  # the pages other processes are rendering
        self.held: handing.Held | None = None  # the generated pages handed to MkDocs only in on_nav
        self.kept = KeptPages(None)  # reads the pages the build kept in the result store (bridge.kept)
        self.published: dict = {}  # the files published as they are, written in on_nav (bridge.published, bridge.letgo)
        self.search_rest: search.Rest | None = None  # what the search index's last part is made from (bridge.letgo)
        self.handed_back = False  # bridge.site takes the result once MkDocs is done; else it goes then
        self.timings = None  # the last build's timings (its result's), kept when the result goes
        self.templates: Path | None = None  # where compiled templates are kept

    def on_config(self, config):
        self.blocks = {}
        self.content_dir = served_content or resolve(config, self.config.content_dir)
        pages = self.content_dir / PAGES
        if pages.is_dir():  # the pages checked are the pages published: those of the content folder used
            config["docs_dir"] = str(pages)
        theming.configure(config)
        search.configure(config)
        offline = offline_enabled(config)
        self.urls = Urls(directory=config.use_directory_urls and not offline)
        # The hosted site's URL style, which citations name also in the bundle: mkdocs.yml's, read
        # before Material's offline plugin (listed after this one) turns it off for the bundle.
        hosted_directory_urls = self.hosted_directory_urls = config.use_directory_urls
        self.offline = offline
        cache_dir = resolve(config, self.config.cache_dir) if self.config.cache_dir else None
        export_dir = resolve(config, self.config.export_dir) if self.config.export_dir and not offline else None
        folders_apart(config, self.config, self.content_dir, export_dir, cache_dir)
        self.templates = cache_dir / TEMPLATES if cache_dir is not None else None
        scheduler = scheduler_of(self.config)  # the per-document stages on a Dask cluster (see bridge.cluster)
        self.reuse = None
        try:
            options = Options(link_density=self.config.link_density, directory_urls=self.urls.directory,
                              jobs=self.config.jobs, trust_file_status=self.config.trust_file_status)
            # The collector stays off until the model is frozen: turned on in between, its first
            # collection would walk the whole model (half a second at 10,000 documents). The
            # cache is written and read by one build at a time (until build() closes it).
            with Lock(cache_dir) if cache_dir else nullcontext(), few_collections(), \
                    cluster_executor(scheduler) as executor:
                # `archive build` builds beside the site and may reuse its pages; `archive serve`
                # (MkDocs' dirty serve, see bridge.serve) renders into the folder it serves and may
                # reuse those in it.
                if cache_dir is not None and (self.reuse_site is not None or served_content is not None):
                    self.reuse = Reuse(cache_dir, self.reuse_site or Path(config.site_dir),
                                       in_place=self.reuse_site is None,
                                       session=session.current if self.reuse_site is None else None)
                    self.reuse.link_ahead(Path(config.site_dir))  # beside the stages (bridge.skeleton)
                self.result = build(self.content_dir, Site(config.site_name, config.site_description or "",
                                                           config.site_url or "", hosted_directory_urls),
                                    options, executor, cache_dir=cache_dir, progress=self.progress,
                                    held=session.current.held if session.current is not None else None)
                self.kept = KeptPages(self.result.cache_dir)
                # The model lives through the rendering, frozen: no collection walks it. The garbage of making many
                # pages (cycles: 300-600 MB at 10,000 documents, else frozen to the end) is collected first (1 s).
                if self.result.made >= COLLECT_FROM:
                    gc.collect()
                gc.freeze()
        except ContentErrors as exc:
            details = "\n".join(as_text(d, self.content_dir) for d in exc.archive.blocking_errors)
            raise PluginError(f"the archive content has errors; nothing was built "
                              f"({summary(exc.archive.diagnostics)}):\n{details}") from None
        except FolderClash as exc:
            raise PluginError(str(exc)) from None
        warned = [d for d in self.result.archive.diagnostics if d.severity != "info"]
        for diagnostic in warned:
            log.warning(as_text(diagnostic, self.content_dir))
        if warned and config.strict:  # decided already: fail before anything is rendered or written
            raise PluginError(f"the build is strict and the content has {summary(warned)}, listed above; "
                              "nothing was rendered")  # (an error here left a file out; it did not stop the build)
        made = len(self.result.pages)
        if self.progress is not None:
            self.progress("made", made, made)
        # Material prints these raw in partials this project does not copy (and with `| e` in
        # others): handed over escaped, as Markup, they are escaped once everywhere.
        config["site_name"] = Markup.escape(config.site_name)
        config["site_description"] = Markup.escape(config.site_description) if config.site_description else None
        config["site_author"] = Markup.escape(config.site_author) if config.site_author else None
        if export_dir is not None:  # the export shows the hosted site's pages
            try:
                write_tree(export_dir, ((p, self.kept.text(page)) for p, page in self.result.pages.items()))
            except FolderClash as exc:
                raise PluginError(str(exc)) from None
            if self.progress is not None:
                self.progress("exported", made, made)
        return config

    def on_files(self, files: Files, *, config) -> Files:
        assert self.result is not None and self.content_dir is not None
        written_pages.keep_inside(files, config, self.content_dir, self.result.archive.diagnostics)
        pages = self.result.pages
        self.result.pages = {}  # MkDocs holds the pages now, each read only if it is rendered
        self.held = handing.hand_nav_pages(config, files, pages, self.reuse, self.kept.read)  # the others wait for on_nav
        if self.offline:  # Material's offline plugin (whose on_config ran after ours) adds a CDN script to every page
            config.extra["polyfills"] = without_cdn_polyfill(config.extra.get("polyfills") or [])
        for path, data in search.client().items():
            file = File.generated(config, path, content=data)
            files.append(file)
            if self.reuse is not None:
                self.reuse.file(file, data)
        # The files published as they are: written by the bridge at the end (bridge.published).
        self.published, self.result.files = published.apart(files, self.result.files), {}
        return published.WithPublished(files, self.published, config, pages)

    @event_priority(-100)  # once every plugin has its files and MkDocs has applied exclude_docs and the like
    def on_nav(self, nav, *, config, files):
        reuse = self.reuse
        if reuse is not None:
            reuse.decide(config, nav, files)
        self.held.hand(config, files, reuse and (lambda path, dest, page: reuse.reusable(dest, path, page.digest())))
        templates = [*config.theme.static_templates, *config.extra_templates]
        handing.check_addresses(files, self.held, self.published, templates)
        if reuse is not None:  # the published files and the search index: decided on when written (published.write_kept)
            reuse.settle(files, templates, set(self.published), search.FOLDER + "/")
        reused, pages = reuse.reused if reuse is not None else {}, files.documentation_pages()
        todo = [f for f in pages if f.dest_uri not in reused]
        self.reused_pages = len(pages) - len(todo) + len(self.held.withheld)
        self.to_render, self.read, self.rendered = len(todo), 0, 0
        if self.progress is not None and reuse is not None:
            self.progress("reused", self.reused_pages, len(pages) + len(self.held.withheld))
        # What is made from the model is written now (bridge.letgo); the index's last part once rendered.
        self.search_rest = letgo.write_from_model(Path(config.site_dir), self.result, self.published, self.urls,
                                                  reuse, self.progress)
        self.published = {}
        # MkDocs' files, pages and navigation live to the end too: frozen with the model (see
        # on_config), the rendering's collections need not walk them (they took seconds).
        gc.freeze()
        self.apart = None
        processes = self.config.jobs or os.cpu_count() or 1
        in_nav = {page.file.src_uri for page in nav.pages}
        shared = [f for f in todo if isinstance(f, GeneratedPage) and f.src_uri not in in_nav]
        if processes > 1 and len(shared) >= parallel.FROM and served_content is None and parallel.can_fork():
            self.result = letgo.without_model(self.result)  # not copied again by the processes forked
            self.kept.measure(file.source for file in shared)
            shares = parallel.deal(shared, processes, handover.size_of)
            self.apart = parallel.Apart(config, nav, files, shares, self._quiet)
        return nav

    def on_env(self, env, *, config, files):
        env.bytecode_cache = theming.CompiledTemplates(self.templates)
        chrome.install(env, config, (theming.MATERIAL, theming.FOLDER, search.TEMPLATES))  # parts many pages share
        return env

    def on_template_context(self, context, *, template_name, config):
        if self.held is not None:  # a template of the site (the sitemap) reads every page (bridge.handing)
            return self.held.every_page(context, config)
        return context

    def on_page_markdown(self, markdown, *, page, config, files):
        if self.offline and page.canonical_url:  # the bundle's pages name the hosted site's (as its citations do)
            page.canonical_url = config.site_url.rstrip("/") + "/" + hosted_url(page.url, self.hosted_directory_urls)
        # A generated page's front matter is handed over as data (handover.meta_of), never
        # dumped and parsed again; its HTML blocks are passed around Python-Markdown.
        source = getattr(page.file, "source", None)
        if source is None:
            return markdown
        page.meta = handover.meta_of(page.file.parts()[0])
        page.file.let_go()
        markdown, blocks = handover.split(markdown, self.placeholder)
        if blocks:
            self.blocks[page.file.src_uri] = blocks
        return markdown

    def on_page_content(self, html, *, page, config, files):
        self.read += 1  # MkDocs reads (converts) every page first, then renders each with the theme
        if self.progress is not None:
            self.progress("read", self.read + (self.apart.read() if self.apart else 0), self.to_render)
        if isinstance(page.file, GeneratedPage):
            # MkDocs checks anchors in what Python-Markdown saw, not in the HTML blocks, and not
            # in a page reused or rendered in another process; the build's link check reads the
            # pages as written. Left to it for every generated page, the same in every build.
            page.present_anchor_ids, page.links_to_anchors = None, {}
        blocks = self.blocks.pop(page.file.src_uri, None)
        return html if blocks is None else handover.join(html, blocks, self.placeholder)

    def on_post_page(self, output, *, page, config):
        if isinstance(page.file, GeneratedPage):  # written once returned; MkDocs keeps every page to the end
            page.content = None  # (the Markdown stays: the navigation reads titles from it)
        self.rendered += 1
        self._rendered_so_far()
        return output

    def _quiet(self) -> None:
        self.progress = None

    def _rendered_so_far(self) -> None:
        if self.progress is not None:
            self.progress("pages", self.rendered + (self.apart.rendered() if self.apart else 0), self.to_render)

    def on_build_error(self, *, error):
        gc.unfreeze()  # frozen in on_config
        if self.apart is not None:
            self.apart.stop()
        self.kept.close()  # (once no process renders: they read the store)
        if self.reuse is not None:
            self.reuse.stop()

    @event_priority(-50)  # after Material's search plugin writes its index, before the offline plugin inlines it
    def on_post_build(self, *, config):
        # The search index's last part: the hand-written pages, read from Material's index.
        # The model stays frozen until then: a full collection would walk it (0.6–1.3 s).
        if self.search_rest is not None and self.result is not None:
            with self.result.timings.timed(self.result.timings.stages, "search index"):
                search.write_rest(Path(config.site_dir), self.search_rest, config.theme.get("language") or "en", self.reuse)
            self.search_rest = None
        gc.unfreeze()
        if self.apart is not None:  # the pages rendered by the other processes
            logged = self.apart.wait(self._rendered_so_far)
            self.rendered += self.apart.pages
            if self.reuse is not None and self.reuse.warnings is not None:
                self.reuse.warnings.by_page.update(logged)
            self.apart = None
        if self.result is not None:
            self.result.rendered, self.result.pages_reused = self.rendered, self.reused_pages
        if self.reuse is not None:
            self.reuse.place(Path(config.site_dir))
            if self.reuse.in_place:  # (`archive build` keeps what its site holds once it is swapped in)
                self.reuse.remember(Path(config.site_dir), None)
        self.kept.close()
        if not self.handed_back:  # `archive serve`: MkDocs' configuration holds this plugin in a
            # reference cycle until a full collection; the model (a gigabyte at 10,000 documents)
            # goes now, or it piles up (but the documents' results the session holds).
            self.timings = self.result.timings if self.result is not None else None
            self.result = self.reuse = None
            self.blocks = {}

    def on_serve(self, server, *, config, builder):
        if self.content_dir is not None:
            watched = [config.docs_dir, *([config.config_file_path] if config.config_file_path else [])]
            watching.watch(server, watched, [str(self.content_dir)])
        return server
