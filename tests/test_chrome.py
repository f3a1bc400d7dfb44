"""The parts of a page's frame that many pages share are rendered once (bridge/chrome.py): the
site is the bytes of a site whose every page renders them in full, in both URL styles and
with pages rendered by other processes; a page the navigation lists renders its own; an
archive's own template for one of these parts is rendered on every page."""

from __future__ import annotations

import re
import shutil

import pytest

from builder.bridge import chrome, parallel
from builder.bridge.site import build_site
from helpers import REPO, REPO_CONTENT, page_soup, set_plugin_option, soup_of, tree_digest, write_config


@pytest.fixture
def demo_copy(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "FROM", 10)  # the demo's pages are shared out too
    content = tmp_path / "content"
    shutil.copytree(REPO_CONTENT, content)
    return tmp_path, content


def _build(root, content, name: str, *, jobs: int = 2, directory_urls: bool = True, custom_dir=None):
    folder = root / name
    folder.mkdir()
    config = write_config(folder / "mkdocs.yml", content_dir=content)
    set_plugin_option(config, jobs=jobs)
    text = config.read_text(encoding="utf-8")
    if not directory_urls:
        text += "\nuse_directory_urls: false\n"
    if custom_dir is not None:
        text, count = re.subn(r"^(\s+custom_dir:).*$", rf"\1 {custom_dir}", text, flags=re.M)
        assert count == 1
    config.write_text(text, encoding="utf-8")
    build_site(config, folder / "site", content_dir=content)
    return folder / "site"


class Counted:
    """Chrome.render, counting what was made and what was taken from the store (in this process)."""

    def __init__(self, monkeypatch, share: bool = True) -> None:
        self.made, self.taken = [], []
        real = chrome.Chrome.render

        def render(store, key, make):
            (self.taken if key in store.parts else self.made).append(key[0])
            return real(store, key, make) if share else make()

        monkeypatch.setattr(chrome.Chrome, "render", render)


@pytest.mark.parametrize("directory_urls", [True, False])
def test_a_site_whose_pages_share_their_frame_is_the_bytes_of_one_rendering_every_page_in_full(
        demo_copy, monkeypatch, directory_urls):
    root, content = demo_copy
    with monkeypatch.context() as patched:
        Counted(patched, share=False)
        full = _build(root, content, "full", directory_urls=directory_urls)
    shared = _build(root, content, "shared", directory_urls=directory_urls)
    assert tree_digest(shared) == tree_digest(full)
    counted = Counted(monkeypatch)
    serial = _build(root, content, "serial", jobs=1, directory_urls=directory_urls)  # all in this process
    assert tree_digest(serial) == tree_digest(full)
    for part in chrome.INCLUDES:
        assert counted.taken.count(part) > 10 * counted.made.count(part) > 0, part


def test_a_page_the_navigation_lists_renders_its_own_sidebar(demo_copy, monkeypatch):
    root, content = demo_copy
    site = _build(root, content, "site", jobs=1)
    about = page_soup(site, "about.md")
    active = about.select(".md-sidebar--primary .md-nav__link--active")
    assert active and {link.get_text(" ", strip=True) for link in active} == {"About this archive"}
    document = soup_of(sorted((site / "documents").glob("*/index.html"))[0])
    assert document.select(".md-sidebar--primary .md-nav__link--active") == []
    # The sidebar's links are relative to each page: from two folders down, and from the root.
    # (The home page's sidebar also lists its own headings.)
    home_links = [a["href"] for a in page_soup(site, "index.md").select(".md-sidebar--primary a.md-nav__link")
                  if not a["href"].startswith("#")]
    doc_links = [a["href"] for a in document.select(".md-sidebar--primary a.md-nav__link")]
    assert doc_links == ["../.." if home == "." else "../../" + home for home in home_links]
    assert len(doc_links) > 5


def test_an_archive_s_own_sidebar_and_tab_templates_are_rendered_on_every_page(demo_copy, monkeypatch):
    root, content = demo_copy
    custom = root / "overrides"
    shutil.copytree(REPO / "overrides", custom)
    (custom / "partials").mkdir(exist_ok=True)
    (custom / "partials" / "nav.html").write_text(
        '<nav class="md-nav custom-sidebar">Sidebar of {{ page.title }}</nav>', encoding="utf-8")
    (custom / "partials" / "tabs-item.html").write_text(
        '{% macro render(nav_item, ref = nav_item) %}<li class="custom-tab">{{ page.title }}</li>{% endmacro %}',
        encoding="utf-8")
    counted = Counted(monkeypatch)
    site = _build(root, content, "site", jobs=1, custom_dir=custom)
    documents = sorted((site / "documents").glob("*/index.html"))
    assert len(documents) == 5
    for path in documents:
        soup = soup_of(path)
        title = soup.select_one("[data-md-component=header-topic]").get_text(" ", strip=True)
        assert soup.select_one(".custom-sidebar").get_text(" ", strip=True) == f"Sidebar of {title}"
        tabs = [tab.get_text(" ", strip=True) for tab in soup.select(".md-tabs .custom-tab")]
        assert tabs and set(tabs) == {title}
    assert set(counted.made + counted.taken) == {"search", "config", "scripts"}  # the rest is still shared


def test_what_is_shared_depends_on_whose_templates_render_it(tmp_path):
    from jinja2 import Environment, FileSystemLoader
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.utils import templates

    from builder.bridge import search, theming

    own = (theming.MATERIAL, theming.FOLDER, search.TEMPLATES)
    custom = tmp_path / "overrides"
    (custom / "partials").mkdir(parents=True)

    def sharable(*names: str) -> set:
        for name in names:
            (custom / name).write_text("{{ page.title }}", encoding="utf-8")
        env = Environment(loader=FileSystemLoader([str(custom), *map(str, own)]))
        env.filters.update(url=templates.url_filter, script_tag=templates.script_tag_filter)  # as MkDocs' theme
        store = chrome.install(env, MkDocsConfig(), own)
        wrapped = env.get_template(chrome.NAV).root_render_func.__name__ == "sidebar"
        return store.sharable | ({chrome.NAV} if wrapped else set())

    assert sharable() == {chrome.NAV, "tabs", "search", "config", "scripts"}
    assert sharable("base.html") == {chrome.NAV, "tabs", "search"}
    assert sharable("partials/logo.html") == {"tabs", "search"}
    assert sharable("partials/tabs-item.html") == {"search"}
    # One at a time, on a clean folder:
    for name, left in (("partials/source.html", {"tabs", "search", "config", "scripts"}),
                       ("partials/search.html", {chrome.NAV, "tabs", "config", "scripts"}),
                       ("archive.html", {chrome.NAV, "search"})):
        shutil.rmtree(custom)
        (custom / "partials").mkdir(parents=True)
        assert sharable(name) == left, name
