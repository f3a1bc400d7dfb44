"""The pages made from many documents are kept in the result store and read from it where
MkDocs reads them (emit.frontmatter.KeptPage, bridge.kept): a build with a store hands the
bridge their keys, never their text, and the site is byte for byte what it was."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from builder import store as result_store
from builder.bridge import parallel
from builder.bridge import plugin as archive_plugin
from builder.bridge.site import build_site
from builder.emit import Site
from builder.emit.frontmatter import KeptPage
from builder.pipeline import build
from helpers import REPO_CONTENT, page_texts, set_plugin_option, tree_digest, write_config

MANY = ("entities/", "topics/", "timeline/", "authors/", "publications/")
"""Where the pages made from many documents are (and a few hand-made overviews, kept in memory)."""


def _listed(result) -> dict[str, object]:
    return {path: page for path, page in result.pages.items() if path.startswith(MANY)}


def test_a_build_with_a_store_holds_none_of_their_text_and_reads_none_of_them_again(tmp_path, monkeypatch):
    first = build(REPO_CONTENT, Site("Demo"), cache_dir=tmp_path / "cache")
    kept = {path: page for path, page in _listed(first).items() if isinstance(page, KeptPage)}
    entity_pages = {path for path in first.pages if path.startswith("entities/") and path.count("/") == 1
                    and path not in ("entities/index.md", "entities/map.md", "entities/connections.md")}
    assert len(entity_pages) > 50 and entity_pages <= set(kept)
    assert all(page._pickled is None and page._body is None and page.stored > 0 for page in kept.values())
    assert page_texts(first) == page_texts(build(REPO_CONTENT, Site("Demo")))

    asked: list[str] = []
    real = result_store.Cache.get_many

    def get_many(self, keys):
        asked.extend(keys)
        return real(self, keys)

    monkeypatch.setattr(result_store.Cache, "get_many", get_many)
    again = build(REPO_CONTENT, Site("Demo"), cache_dir=tmp_path / "cache")
    found = {path: page for path, page in again.pages.items() if isinstance(page, KeptPage)}
    assert found == kept  # the same pages, by their keys: found in the store ...
    assert all(page.stored is None for page in found.values())
    assert not {page.key for page in found.values()} & set(asked)  # ... and not read
    assert [page.digest() for page in found.values()] == [page.digest() for page in kept.values()]
    monkeypatch.undo()
    assert page_texts(again) == page_texts(first)


@pytest.mark.parametrize("jobs", [1, 2], ids=["rendered here", "rendered by forked processes"])
def test_a_kept_page_gone_before_it_is_rendered_fails_the_build_and_keeps_the_site(tmp_path, monkeypatch, jobs):
    monkeypatch.setattr(parallel, "FROM", 10)  # with two jobs the demo's pages are rendered by forked processes
    content = tmp_path / "content"
    shutil.copytree(REPO_CONTENT, content)
    config = write_config(tmp_path / "mkdocs.yml", content_dir=content)
    set_plugin_option(config, jobs=jobs)
    site = tmp_path / "site"
    build_site(config, site, content_dir=content)
    before = tree_digest(site)
    real = archive_plugin.build

    def then_dropped(*args, **kwargs):  # (another build of the folder dropping the pages meanwhile)
        result = real(*args, **kwargs)
        with sqlite3.connect(kwargs["cache_dir"] / "pages.sqlite") as db:
            db.execute(f"DELETE FROM {result_store.TABLE}")
        return result

    monkeypatch.setattr(archive_plugin, "build", then_dropped)
    with pytest.raises(Exception) as caught:
        build_site(config, site, content_dir=content, reuse=False)  # (every page rendered again)
    assert "no longer holds a page this build kept there" in str(caught.value)
    assert "Build again." in str(caught.value)
    assert tree_digest(site) == before
    monkeypatch.setattr(archive_plugin, "build", real)
    build_site(config, site, content_dir=content, reuse=False)
    assert tree_digest(site) == before


def test_the_exported_copy_has_the_text_of_the_kept_pages(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO_CONTENT, content)

    def exported(name: str, **options) -> dict[str, str]:
        (tmp_path / name).mkdir()
        config = write_config(tmp_path / name / "mkdocs.yml", content_dir=content)
        set_plugin_option(config, export_dir=str(tmp_path / name / "export"), **options)
        build_site(config, tmp_path / name / "site", content_dir=content)
        return {p.relative_to(tmp_path / name / "export").as_posix(): p.read_text(encoding="utf-8")
                for p in (tmp_path / name / "export").rglob("*.md")}

    without_store = exported("no-store", cache_dir="")
    assert exported("store", cache_dir="build/cache") == without_store  # the pages made, and kept
    assert any(path.startswith("entities/") and "\n# " in text for path, text in without_store.items())


def test_a_kept_page_the_navigation_names_is_read_for_it_and_kept_by_the_next_build(tmp_path):
    """mkdocs.yml's nav may name a page made from many documents: MkDocs is handed it with the
    files, and the navigation shows its title, read from the store, also when the next build
    keeps the page rendered (bridge.incremental)."""
    content = tmp_path / "content"
    shutil.copytree(REPO_CONTENT, content)
    nav = [{"Home": "index.md"}, {"Entities": "entities/index.md"}, {"Africa": "entities/africa.md"},
           {"About": ["about.md", {"For editors": "review.md"}]}]
    config = write_config(tmp_path / "mkdocs.yml", content_dir=content, nav=nav)
    site = tmp_path / "site"
    build_site(config, site, content_dir=content)
    first = tree_digest(site)
    assert 'href="entities/africa/"' in (site / "index.html").read_text(encoding="utf-8")
    build_site(config, site, content_dir=content)  # every page kept, the named one too
    assert tree_digest(site) == first
    (tmp_path / "store").mkdir()
    alone = write_config(tmp_path / "store" / "mkdocs.yml", content_dir=content, nav=nav)
    set_plugin_option(alone, cache_dir="")
    build_site(alone, tmp_path / "store" / "site", content_dir=content)
    assert tree_digest(tmp_path / "store" / "site") == first


def test_a_kept_page_that_cannot_be_read_fails_one_build_and_the_next_makes_it_again(tmp_path):
    """A row the store cannot read (a value kept in a file whose file is gone) is not found by
    the page's key alone: the build that reads it fails, drops the row, and the next build
    makes the page again instead of failing the same way for ever."""
    content = tmp_path / "content"
    shutil.copytree(REPO_CONTENT, content)
    config = write_config(tmp_path / "mkdocs.yml", content_dir=content)
    site = tmp_path / "site"
    result = build_site(config, site, content_dir=content)
    assert result.made > 0
    before = tree_digest(site)
    store = tmp_path / "build" / "cache" / "pages.sqlite"
    with sqlite3.connect(store) as db:  # every entity page's row says "in a file", and there is none
        rows = db.execute(f"SELECT key FROM {result_store.TABLE}").fetchall()
        db.executemany(f"UPDATE {result_store.TABLE} SET value = ? WHERE key = ?",
                       [(result_store.IN_A_FILE, key) for (key,) in rows])
    with pytest.raises(Exception) as caught:
        build_site(config, site, content_dir=content, reuse=False)
    assert "no longer holds a page this build kept there" in str(caught.value)
    assert tree_digest(site) == before
    build_site(config, site, content_dir=content, reuse=False)
    assert tree_digest(site) == before


def _kept_pages(result) -> dict[str, KeptPage]:
    return {path: page for path, page in result.pages.items() if isinstance(page, KeptPage)}


def test_a_build_reading_the_store_keeps_another_build_of_the_folder_from_dropping_its_pages(tmp_path, monkeypatch):
    """`archive serve` rendering while `archive build` runs after an edit: each build drops
    from the store what it did not use. A build holds the store as read from the end of its
    stages to its end (KeptPages, made while it holds the cache's lock: builder.reading);
    meanwhile another build drops nothing, and the first reads every page it kept. Once it is
    done, the next build drops them."""
    from builder.bridge.kept import KeptPages, PageLost

    monkeypatch.setattr(result_store, "STALE", 10**9)  # (every stale entry dropped at once)
    content = tmp_path / "content"
    shutil.copytree(REPO_CONTENT, content)
    cache = tmp_path / "cache"
    first = build(content, Site("Demo"), cache_dir=cache)
    theirs = _kept_pages(first)
    reading = KeptPages(cache)  # (the first build's, rendering still)
    source = sorted((content / "sources").glob("*.txt"))[0]
    source.write_text(source.read_text(encoding="utf-8") + "\n\nA paragraph added by an editor.\n", encoding="utf-8")
    other = build(content, Site("Demo"), cache_dir=cache)
    dropped = {path for path, page in theirs.items() if page.key not in {p.key for p in _kept_pages(other).values()}}
    assert dropped  # pages the other build does not use: it would drop them
    texts = {path: reading.text(page) for path, page in theirs.items()}
    assert all(texts[path].startswith("---\n") for path in dropped)
    reading.close()

    build(content, Site("Demo"), cache_dir=cache)  # nobody reads: the first build's pages go
    late = KeptPages(cache)
    with pytest.raises(PageLost, match="no longer holds a page"):
        late.read(theirs[sorted(dropped)[0]])
    late.close()
