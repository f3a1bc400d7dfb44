"""Incremental rendering: after each kind of edit a rebuild renders only what can change, and
the site it leaves is byte for byte the site a clean build of the same content makes.

Each test takes the demo archive built (a copy, built once for all: see Pristine), edits it,
builds it again with the cache and site of the first build, and compares every file of the site
with a clean build of the edited copy (its own cache and site).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from builder.bridge import remembered, rendered, session
from builder.bridge import site as site_module
from builder.bridge.serve import serving
from builder.bridge.site import archive_plugin, build_site
from builder.emit.urls import Urls
from builder.pipeline.stores import Stores
from builder.stages import read
from helpers import REPO, REPO_CONTENT, make_tiny_archive, recorded, set_plugin_option, tree_digest, write_config


class Copy:
    """The demo archive copied to ``root``: content, overrides, and a mkdocs.yml using them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.content = root / "content"
        shutil.copytree(REPO_CONTENT, self.content)
        shutil.copytree(REPO / "overrides", root / "overrides")
        self.config = self.configure(root)

    def configure(self, root: Path) -> Path:
        """A mkdocs.yml in ``root`` (so its cache is ``root``/build/cache) for this content."""
        config = write_config(root / "mkdocs.yml", content_dir=self.content)
        text = config.read_text(encoding="utf-8").replace(str(REPO / "overrides"), str(self.root / "overrides"))
        config.write_text(text, encoding="utf-8")
        return config

    def build(self, site: str = "site", config: Path | None = None):
        return build_site(config or self.config, self.root / site, content_dir=self.content)

    def clean_build(self) -> dict[str, str]:
        """The site a clean build of the content as it is now makes (own cache, own site); its
        number of pages is kept in ``clean_pages``."""
        fresh = self.root / "fresh"
        shutil.rmtree(fresh, ignore_errors=True)
        fresh.mkdir()
        config = self.configure(fresh)
        if (self.root / "mkdocs.yml").read_text(encoding="utf-8") != config.read_text(encoding="utf-8"):
            shutil.copy(self.root / "mkdocs.yml", config)  # an edited configuration: the same edit
            set_plugin_option(config, cache_dir=str(fresh / "build" / "cache"))
        result = build_site(config, fresh / "site", content_dir=self.content)
        assert result.pages_reused == 0
        self.clean_pages = result.rendered
        return tree_digest(fresh / "site")

    def edit(self, path: str, old: str, new: str) -> None:
        file = self.content / path
        text = file.read_text(encoding="utf-8")
        assert old in text, (path, old)
        file.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(autouse=True)
def sources_known(monkeypatch):
    """The copies' files were written a moment before their first build: a build would read
    them all again (builder.stages.read.RECENT_NS). Here their status is trusted at once, so
    that each rebuild reads only the sources that changed, as it does on an archive's files."""
    monkeypatch.setattr(read, "RECENT_NS", -3600 * 10**9)


class Pristine:
    """The demo archive built once for this file's tests, kept beside the folder each test
    works in (``root``, always the same: a build's memory names its folders) and put back
    there before each: its site's files as hard links (a build never writes into a site's
    files; it writes a new site and links in what it reuses), everything else copied. A test
    that changes the kept site's files in place (a page edited by hand) has it built again."""

    def __init__(self, root: Path) -> None:
        self.root, self.kept = root, root.with_name("pristine")
        self.first, self.digest = None, None

    def restore(self) -> Copy:
        if self.digest is None:
            shutil.rmtree(self.root, ignore_errors=True)
            shutil.rmtree(self.kept, ignore_errors=True)
            archive = Copy(self.root)
            self.first = archive.build()
            assert self.first.pages_reused == 0 and self.first.rendered > 100
            self.root.rename(self.kept)
            self.digest = tree_digest(self.kept / "site")
        shutil.rmtree(self.root, ignore_errors=True)
        site = str(self.kept / "site") + "/"
        shutil.copytree(self.kept, self.root,
                        copy_function=lambda source, to: os.link(source, to) if source.startswith(site) else shutil.copy2(source, to))
        archive = Copy.__new__(Copy)
        archive.root, archive.content, archive.config = self.root, self.root / "content", self.root / "mkdocs.yml"
        archive.first = self.first
        _sources_known_again(archive)
        return archive

    def check(self) -> None:
        if tree_digest(self.kept / "site") != self.digest:
            self.digest = None


def _sources_known_again(archive: Copy) -> None:
    """The sources as the pristine build read them, with the status on disk of their copies
    (new files: a new inode and time of change), as if that build had read the copies: the
    first rebuild reads only the sources a test changed, as a rebuild of an archive does.
    (In a file of tests that does not trust a status at once, see ``sources_known``, the
    pristine build kept none: its files were written a moment before.)"""
    content = archive.content.resolve()
    with Stores.open(archive.root / "build" / "cache", Urls(directory=True)) as stores:
        before = stores.sources_read(content)
        now = {}
        for path, (_, digest) in before.items():
            info = os.stat(content / path, follow_symlinks=False)
            now[path] = ((info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev), digest)
        stores.keep_sources_read(content, before, now)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Pristine:
    return Pristine(tmp_path_factory.mktemp("incremental") / "archive")


@pytest.fixture
def built(pristine) -> Copy:
    yield pristine.restore()
    pristine.check()


DOC = "china-backs-ban-ki-moon"


def folders(site: Path) -> list[str]:
    """Every folder of a site (one left empty would not show among its files)."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_dir())


def _same_as_clean(archive: Copy, result) -> dict[str, str]:
    site = tree_digest(archive.root / "site")
    assert site == archive.clean_build()
    assert folders(archive.root / "site") == folders(archive.root / "fresh" / "site")
    return site


EDITS = {
    "annotation changed": lambda a: a.edit(f"annotations/{DOC}/liu-xiaobo.yml", "eleven-year sentence",
                                           "eleven-year prison sentence"),
    "annotation added": lambda a: (a.content / f"annotations/{DOC}/hu-jintao.yml").write_text(
        "exact: President Hu Jintao\nsuffix: at\nkind: context\nbody: Hu Jintao led China from 2003 to 2013.\n"
        "author: Archive editors\ndate: 2026-12-05\n", encoding="utf-8"),
    "annotation removed": lambda a: (a.content / f"annotations/{DOC}/martin-nesirky.yml").unlink(),
    "sidecar": lambda a: a.edit(f"sources/{DOC}.yml", "publication: CNSNews.com",
                                "publication: CNSNews.com\ntitle: China backs Ban Ki-moon for a second term"),
    "source text": lambda a: a.edit(f"sources/{DOC}.txt", "Great Hall of the People", "Great Hall of the People (edited)"),
    "register entity": lambda a: a.edit("entities/cnn.yml", "based in Atlanta", "based in Atlanta, Georgia"),
    "topic": lambda a: a.edit("topics/peacekeeping.yml", "praised by the Secretary-General",
                              "praised by the Secretary-General, and debated"),
}


@pytest.mark.parametrize("kind", sorted(EDITS))
def test_after_an_edit_only_some_pages_are_rendered_and_the_site_is_a_clean_builds(built, kind):
    before = tree_digest(built.root / "site")
    EDITS[kind](built)
    result = built.build()
    after = _same_as_clean(built, result)
    assert after != before
    assert result.pages_reused > 0
    assert result.rendered + result.pages_reused == built.clean_pages
    changed = {path for path in after if before.get(path) != after[path] and path.endswith(".html")}
    # Every changed page was rendered (plus the hand-written About page, always rendered).
    assert len(changed) <= result.rendered


@pytest.mark.parametrize("kind, kept", [("annotation changed", True), ("register entity", True), ("source text", False)])
def test_the_documents_search_index_is_linked_in_unless_a_document_changed(built, kind, kept):
    """The documents' part of the search index is made from the documents alone: an edit to
    a note or the register links the last site's files in (the same file); a source edit
    makes them anew. Either way the site is a clean build's."""
    shards = sorted((built.root / "site" / "search-index" / "d" / "t").glob("*.js"))
    before = {path.name: path.stat().st_ino for path in shards}
    EDITS[kind](built)
    built.build()
    after = {path.name: path.stat().st_ino for path in (built.root / "site" / "search-index" / "d" / "t").glob("*.js")}
    assert (after == before) is kept
    assert (built.root / "site" / "search-index" / "root.js").stat().st_ino not in set(before.values())
    _same_as_clean(built, None)


def test_a_rebuild_with_nothing_changed_renders_only_the_hand_written_pages(built, monkeypatch):
    before = tree_digest(built.root / "site")
    sources_read = recorded(monkeypatch, read, "read_listed", lambda *args, **kwargs: args[3])
    result = built.build()
    assert sources_read == []  # (the sources unchanged on disk are not read again)
    assert tree_digest(built.root / "site") == before
    assert result.rendered == 1  # about.md
    assert result.pages_reused == built.first.rendered - 1


def test_a_new_document_is_added_and_a_deleted_one_disappears(built, monkeypatch):
    shutil.copy(built.content / f"sources/{DOC}.txt", built.content / "sources/copy-of-a-story.txt")
    whole_checks = recorded(monkeypatch, site_module, "check_site"), recorded(monkeypatch, site_module, "check_site_apart")
    built.build()
    assert whole_checks == ([], [])  # (the pages that changed were checked alone: linkcheck_changes)
    site = _same_as_clean(built, None)
    assert "documents/copy-of-a-story/index.html" in site
    (built.content / "sources/copy-of-a-story.txt").unlink()
    for path in (built.content / f"sources/{DOC}.txt", built.content / f"sources/{DOC}.yml"):
        path.unlink()
    shutil.rmtree(built.content / f"annotations/{DOC}")
    whole_checks = recorded(monkeypatch, site_module, "check_site"), recorded(monkeypatch, site_module, "check_site_apart")
    result = built.build()
    assert whole_checks == ([], [])  # (their pages gone, no page unchanged linked to them)
    site = _same_as_clean(built, result)
    assert "documents/copy-of-a-story/index.html" not in site
    assert f"documents/{DOC}/index.html" not in site
    assert not (built.root / "site" / "documents" / DOC).exists()


@pytest.mark.parametrize("kind", ["mkdocs.yml", "overrides", "builder version", "library version"])
def test_what_every_page_shows_renders_every_page_again(built, kind, monkeypatch):
    if kind == "mkdocs.yml":
        text = built.config.read_text(encoding="utf-8")
        built.config.write_text(text.replace("site_name: China, the UN and Human Rights",
                                             "site_name: China, the UN and Human Rights (2nd edition)"),
                                encoding="utf-8")
        assert built.config.read_text(encoding="utf-8") != text
    elif kind == "overrides":
        main = built.root / "overrides" / "main.html"
        main.write_text(main.read_text(encoding="utf-8") + "\n{# edited #}\n", encoding="utf-8")
    elif kind == "builder version":
        version = session.code()
        monkeypatch.setattr(session, "code", lambda: version + "-next")
    else:
        libraries = session.libraries()
        assert any(name.startswith("mkdocs-material==") for name in libraries)
        monkeypatch.setattr(session, "libraries",
                            lambda: [f"{name}.post1" if name.startswith("mkdocs-material==") else name for name in libraries])
    result = built.build()
    assert result.pages_reused == 0
    site = tree_digest(built.root / "site")
    if kind in ("mkdocs.yml", "overrides"):
        assert site == built.clean_build()
    if kind == "mkdocs.yml":
        assert "(2nd edition)" in (built.root / "site" / "documents" / DOC / "index.html").read_text(encoding="utf-8")


def test_the_navigation_s_titles_are_part_of_every_page(built):
    text = built.config.read_text(encoding="utf-8")
    built.config.write_text(text.replace("- Timeline: timeline.md", "- Chronology: timeline.md"), encoding="utf-8")
    assert built.config.read_text(encoding="utf-8") != text
    result = built.build()
    assert result.pages_reused == 0
    assert "Chronology" in (built.root / "site" / "documents" / DOC / "index.html").read_text(encoding="utf-8")
    assert tree_digest(built.root / "site") == built.clean_build()


def test_a_failed_rebuild_leaves_the_site_and_the_next_build_is_still_right(built, monkeypatch):
    before = tree_digest(built.root / "site")
    EDITS["annotation changed"](built)
    import builder.bridge.site as site_module

    def broken(*args, **kwargs):
        raise RuntimeError("the link check failed: killed")

    monkeypatch.setattr(site_module, "check_site", broken)
    monkeypatch.setattr(site_module, "check_changes", broken)
    with pytest.raises(RuntimeError):
        built.build()
    assert tree_digest(built.root / "site") == before
    monkeypatch.undo()
    result = built.build()
    assert result.pages_reused > 0
    _same_as_clean(built, result)


def test_deleting_the_cache_renders_everything_and_changes_nothing(built):
    before = tree_digest(built.root / "site")
    shutil.rmtree(built.root / "build" / "cache")
    result = built.build()
    assert result.pages_reused == 0
    assert tree_digest(built.root / "site") == before


def test_a_page_changed_in_the_site_by_hand_is_rendered_again(built):
    page = built.root / "site" / "documents" / DOC / "index.html"
    good = page.read_bytes()
    page.write_bytes(good.replace(b"Ban Ki-moon", b"Someone else"))
    result = built.build()
    assert page.read_bytes() == good
    assert result.rendered == 2  # that page and about.md


def test_a_site_built_elsewhere_reuses_nothing_of_the_first(built):
    result = built.build(site="elsewhere")
    assert result.pages_reused == 0
    assert tree_digest(built.root / "elsewhere") == tree_digest(built.root / "site")


def test_serving_renders_in_place_and_removes_deleted_pages(built):
    """`archive serve` (MkDocs' dirty serve) renders into the folder it serves: an unchanged
    page is left as it is, a deleted one removed, and the folder is then a clean build's."""
    served = built.root / "served"

    def serve_build():
        config = load_config(str(built.config), site_dir=str(served), docs_dir=str(built.content / "pages"))
        plugin = archive_plugin(config)
        mkdocs_build(config, dirty=True)
        # Serving, the model is let go once the site is written (MkDocs keeps the configuration,
        # and with it the plugin, until a full collection).
        assert plugin.result is None and plugin.reuse is None and plugin.timings is not None
        return plugin

    with serving(built.content):  # one `archive serve`: what a rebuild reuses, it keeps (bridge.session)
        first = serve_build()
        assert first.reused_pages == 0
        about = served / "about" / "index.html"
        entity = served / "entities" / "cnn" / "index.html"
        stamp = entity.stat().st_mtime_ns
        for path in (built.content / f"sources/{DOC}.txt", built.content / f"sources/{DOC}.yml"):
            path.unlink()
        shutil.rmtree(built.content / f"annotations/{DOC}")
        second = serve_build()
    assert second.reused_pages > 0
    assert entity.stat().st_mtime_ns == stamp
    assert about.is_file() and not (served / "documents" / DOC).exists()
    clean = built.clean_build()
    served_files = tree_digest(served)
    pages = {path for path in clean if path.endswith(".html")}
    assert {path: served_files.get(path) for path in pages} == {path: clean[path] for path in pages}


def test_the_offline_bundle_built_in_a_folder_of_its_own_leaves_no_memory(built, tmp_path):
    from builder.bridge.bundle import make_bundle

    memories = built.root / "build" / "cache" / remembered.FOLDER
    before = sorted(p.name for p in memories.iterdir())
    bundle = make_bundle(built.config, tmp_path / "dist", content_dir=built.content)
    assert bundle.build.pages_reused == 0 and bundle.path.is_file()
    assert sorted(p.name for p in memories.iterdir()) == before


def test_a_damaged_store_of_links_is_made_again_and_the_build_still_succeeds(built):
    for scans in (built.root / "build" / "cache" / remembered.FOLDER).glob("*.scans.sqlite"):
        scans.write_bytes(b"garbage, not a database" * 100)
    EDITS["annotation changed"](built)
    result = built.build()
    _same_as_clean(built, result)
    again = built.build()
    assert again.rendered == 1 and again.pages_reused == built.clean_pages - 1


def test_a_memory_that_cannot_be_kept_is_said_and_the_build_still_succeeds(built, caplog):
    import logging

    memories = built.root / "build" / "cache" / remembered.FOLDER
    shutil.rmtree(memories)
    memories.write_text("a file where the memories' folder was\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        result = built.build()
    said = [r.getMessage() for r in caplog.records if "could not keep what the site holds" in r.getMessage()]
    assert len(said) == 1 and said[0].endswith("; the next build renders every page"), said
    assert result.pages_reused == 0
    assert tree_digest(built.root / "site") == built.clean_build()


def test_a_hook_edited_renders_every_page_again(built):
    hook = built.root / "hooks.py"
    hook.write_text('def on_post_page(output, page, config):\n    return output.replace("</body>", "<!-- one --></body>")\n',
                    encoding="utf-8")
    built.config.write_text(built.config.read_text(encoding="utf-8") + f"hooks:\n  - {hook}\n", encoding="utf-8")
    first = built.build()
    assert first.pages_reused == 0
    hook.write_text(hook.read_text(encoding="utf-8").replace("one", "two"), encoding="utf-8")
    from mkdocs.config.config_options import Hooks

    Hooks._load_hook.cache_clear()  # MkDocs loads a hook once per process; `archive build` is a new one
    result = built.build()
    assert result.pages_reused == 0
    page = built.root / "site" / "documents" / DOC / "index.html"
    assert "<!-- two -->" in page.read_text(encoding="utf-8")


def test_settings_naming_python_functions_keep_pages_reusable(built):
    """Material's documented emoji settings name Python functions (!!python/name:...)."""
    built.config.write_text(built.config.read_text(encoding="utf-8").replace(
        "markdown_extensions:\n", "markdown_extensions:\n- pymdownx.emoji:\n    emoji_index: "
        "!!python/name:material.extensions.emoji.twemoji\n    emoji_generator: "
        "!!python/name:material.extensions.emoji.to_svg\n", 1), encoding="utf-8")
    assert "twemoji" in built.config.read_text(encoding="utf-8")
    assert built.build().pages_reused == 0  # the configuration changed
    assert built.build().pages_reused > 100


def test_how_many_processes_build_changes_no_page(tmp_path):
    """``jobs`` (and ``executor``, ``scheduler``: which machines run the per-document stages)
    change no byte of a page: a build with another value reuses every page."""
    archive = make_tiny_archive(tmp_path / "archive")
    first = build_site(archive.config, archive.site(), content_dir=archive.content)
    before = tree_digest(archive.site())
    set_plugin_option(archive.config, jobs=1)
    result = build_site(archive.config, archive.site(), content_dir=archive.content)
    assert result.rendered == 1 and result.pages_reused == first.rendered - 1  # about.md, hand-written
    assert tree_digest(archive.site()) == before


def test_the_executor_and_the_scheduler_are_not_part_of_the_site_s_key(tmp_path):
    archive = make_tiny_archive(tmp_path / "archive")
    config = load_config(str(archive.config))
    options = archive_plugin(config).config
    keys = set()
    for executor, scheduler, jobs in (("process", "", 0), ("dask", "tcp://10.0.0.5:8786", 0), ("process", "", 3)):
        options["executor"], options["scheduler"], options["jobs"] = executor, scheduler, jobs
        keys.add(rendered.site_key(config, ["pages/about.md"], "nav"))
    assert len(keys) == 1
    options["export_dir"] = str(tmp_path / "export")  # an option that does change pages
    assert rendered.site_key(config, ["pages/about.md"], "nav") not in keys


def test_the_pages_of_the_originals_are_made_only_for_documents_that_changed(built, monkeypatch):
    """A document's original page is given to MkDocs as a deferred file under its document's
    key: a rebuild makes it only where the document changed, and the site is a clean build's."""
    from builder.emit import originals

    made: list[str] = []
    page_of = originals.page_of
    monkeypatch.setattr(originals, "page_of", lambda doc, *rest: made.append(doc.id) or page_of(doc, *rest))
    EDITS["annotation changed"](built)
    built.build()
    assert made == []
    EDITS["source text"](built)
    built.build()
    assert made == [DOC]
    original = next((built.root / "site" / "sources").glob(f"{DOC}.*.html"))
    assert "Great Hall of the People (edited)" in original.read_text(encoding="utf-8")
    _same_as_clean(built, None)


def test_the_editorial_part_of_the_search_index_keeps_the_files_that_did_not_change(built):
    """The editorial part of the search index (entities, topics, notes, hand-written pages) is
    made every build; a file of it whose bytes the last site holds is linked in, not written
    again, and those that changed are new files. The site is a clean build's."""
    folder = built.root / "site" / "search-index"
    before = {path.relative_to(folder): (path.stat().st_ino, path.read_bytes()) for path in folder.rglob("*.js")}
    EDITS["annotation changed"](built)
    built.build()
    after = {path.relative_to(folder): (path.stat().st_ino, path.read_bytes()) for path in folder.rglob("*.js")}
    assert after.keys() == before.keys()
    same = {path for path in after if after[path][1] == before[path][1]}
    changed = set(after) - same
    assert changed and any(path.parts[0] == "r" for path in same)  # the note's record changed; others did not
    assert all(after[path][0] == before[path][0] for path in same)
    assert all(after[path][0] != before[path][0] for path in changed)
    _same_as_clean(built, None)
