"""MkDocs is handed only the generated pages its navigation shows and those it renders
(bridge.handing): the others never become MkDocs pages, yet a link to one resolves, the
sitemap lists every page, and the site is byte for byte a clean build's."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from mkdocs.config import load_config
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from builder.bridge.handing import dest_of, nav_pages, navigable, StandIns, url_of
from helpers import tree_digest
from test_incremental_render import DOC, EDITS, _same_as_clean, built  # noqa: F401  (the fixture)

PATHS = ["index.md", "timeline.md", "entities/index.md", "entities/china.md", "entities/china/2.md",
         "documents/README.md", "README.md", "documents/a b/é.md", "topics/x/index.md"]


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize("path", PATHS)
def test_where_a_page_goes_and_its_url_are_mkdocs_own(path, directory_urls):
    file = File(path, None, "/site", directory_urls)
    assert dest_of(path, directory_urls) == file.dest_uri
    assert url_of(file.dest_uri, directory_urls) == file.url


@pytest.mark.parametrize("site_url", ["https://example.org/archive/", "https://example.org/archive", ""])
@pytest.mark.parametrize("path", ["index.md", "entities/china/2.md", "documents/a b/é.md", "a/.hidden.md",
                                  "x:y.md", "README.md"])
def test_a_stand_in_has_the_urls_and_date_a_page_would(path, site_url, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(f"site_name: x\nsite_url: '{site_url}'\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    page = Page(None, File(path, None, str(tmp_path / "site"), True), config)
    shown = StandIns(config)(path).page
    assert (shown.is_link, shown.canonical_url, shown.abs_url, shown.update_date) == (
        page.is_link, page.canonical_url, page.abs_url, page.update_date)


def test_the_pages_a_navigation_may_show():
    config = SimpleNamespace(nav=[{"Home": "index.md"}, {"China": "./entities/china.md"},
                                  {"More": ["topics/index.md", "https://example.org/"]}])
    assert nav_pages(config, PATHS) == {"index.md", "timeline.md", "entities/index.md", "entities/china.md",
                                        "README.md", "topics/x/index.md"}
    assert not navigable("entities/china/2.md")


def _pages_made(monkeypatch) -> list[str]:
    made: list[str] = []
    original = Page.__init__

    def counted(self, title, file, config):
        made.append(file.src_uri)
        original(self, title, file, config)

    monkeypatch.setattr(mkdocs_pages.Page, "__init__", counted)
    return made


def test_a_rebuild_makes_mkdocs_pages_only_of_the_navigation_and_what_it_renders(built, monkeypatch):  # noqa: F811
    before = tree_digest(built.root / "site")
    made = _pages_made(monkeypatch)
    EDITS["annotation changed"](built)
    result = built.build()
    after = tree_digest(built.root / "site")
    changed = {path for path in after if before.get(path) != after[path]}
    others = {path for path in made if not navigable(path)}  # neither top-level nor a section's index
    assert f"documents/{DOC}.md" in others
    assert {dest_of(path, True) for path in others} <= changed  # each made because it changed
    assert len(made) < 40 and built.first.rendered > 100
    assert result.rendered + result.pages_reused == built.first.rendered
    _same_as_clean(built, result)


def test_a_link_to_a_page_mkdocs_was_not_handed_resolves_as_in_a_clean_build(built):  # noqa: F811
    about = built.content / "pages" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + f"\nSee [a story](documents/{DOC}.md#archive-related-heading) and "
                     "[a list](entities/index.md).\n", encoding="utf-8")
    built.build()  # about.md is in the navigation: every page renders again
    EDITS["annotation changed"](built)
    result = built.build()
    html = (built.root / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert f'href="../documents/{DOC}/#archive-related-heading"' in html
    assert 'href="../entities/"' in html
    assert result.pages_reused > 0
    _same_as_clean(built, result)


def test_the_sitemap_of_a_rebuild_lists_every_page(built):  # noqa: F811
    EDITS["annotation changed"](built)
    result = built.build()
    sitemap = (built.root / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<url>") == result.rendered + result.pages_reused
    assert f"/documents/{DOC}/</loc>" in sitemap
    _same_as_clean(built, result)
