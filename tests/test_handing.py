"""MkDocs is handed only the generated pages its navigation shows and those it renders
(bridge.handing): the others never become MkDocs pages, yet a link to one resolves, the
sitemap lists every page, and the site is byte for byte a clean build's."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest

from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from builder.bridge.handing import dest_of, nav_pages, navigable, StandIns, url_of
from helpers import tree_digest
from test_incremental_render import DOC, EDITS, _same_as_clean, built, pristine  # noqa: F401  (the fixtures)

PATHS = ["index.md", "timeline.md", "entities/index.md", "entities/china.md", "entities/china/2.md",
         "documents/README.md", "README.md", "documents/a b/é.md", "topics/x/index.md"]
ODD_PATHS = ["a/.hidden.md", ".md", "a/..md", "/a/b.md", "a//b.md", "a/b.c.md", "a/index.md.md", "a/README.markdown"]


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize("path", PATHS + ODD_PATHS)
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
                                  {"More": ["/topics/index.md", "https://example.org/", "/entities/china/2.md"]}])
    assert nav_pages(config, PATHS) == {"index.md", "timeline.md", "entities/index.md", "entities/china.md",
                                        "README.md", "topics/x/index.md", "entities/china/2.md"}
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


def _refused(built, caplog) -> list[str]:
    """The errors MkDocs logged for a build that must fail."""
    caplog.clear()
    with pytest.raises(Abort):
        built.build()
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def test_a_page_at_the_address_of_a_redirect_is_an_error_naming_both(built, caplog):  # noqa: F811
    """The archive publishes a redirect at documents/old-story/ (redirects.yml); an editor's
    page at the same address would replace it (or be replaced): the build says so, and the
    last site is left as it was."""
    (built.content / "redirects.yml").write_text(f"documents:\n  old-story: {DOC}\n", encoding="utf-8")
    built.build()
    before = tree_digest(built.root / "site")
    (built.content / "pages" / "documents").mkdir()
    (built.content / "pages" / "documents" / "old-story.md").write_text("# Old\n", encoding="utf-8")
    assert _refused(built, caplog) == [
        "'documents/old-story.md' in the pages folder and the published file 'documents/old-story/index.html' "
        "would both be written at 'documents/old-story/index.html' in the site; rename one"]
    assert tree_digest(built.root / "site") == before


def test_a_hand_written_page_at_a_generated_page_s_address_is_an_error(built, caplog):  # noqa: F811
    (built.content / "pages" / "entities" / "cnn").mkdir(parents=True)
    (built.content / "pages" / "entities" / "cnn" / "index.md").write_text("# CNN\n", encoding="utf-8")
    before = tree_digest(built.root / "site")
    assert _refused(built, caplog) == [
        "'entities/cnn/index.md' in the pages folder and the generated page 'entities/cnn.md' would both be "
        "written at 'entities/cnn/index.html' in the site; rename one"]
    assert tree_digest(built.root / "site") == before
