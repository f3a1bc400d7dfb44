"""The builder's theme in an archive of one's own (issue 20, "The scaffold"): the archive's
overrides win over the builder's files, an edit of the builder's theme renders every page again,
a new archive bundles, and Material's own templates alone stay safe.
"""

from __future__ import annotations

import re
import shutil

from builder.bridge import theming
from builder.bridge.site import build_site
from builder.cli import main
from helpers import REPO, page_html, soup_of
from helpers.new_archives import EXPECTED, make_new_archive


# --- an archive's own overrides win over the builder's ------------------------------------------------

OWN_MAIN = """{% extends "archive.html" %}
{% block extrahead %}
  {{ super() }}
  <meta name="x-archive-owner" content="ours">
{% endblock %}
"""
OWN_CSS = "/* the archive's own stylesheet, in place of the builder's */\n"


def test_an_archive_s_overrides_win(tmp_path, monkeypatch, capsys):
    """With `custom_dir: overrides`, a main.html extending "archive.html" adds to the builder's
    blocks, and a stylesheet at the builder's path replaces the builder's."""
    root = make_new_archive(tmp_path, monkeypatch)
    (root / "overrides" / "assets" / "stylesheets").mkdir(parents=True)
    (root / "overrides" / "main.html").write_text(OWN_MAIN, encoding="utf-8")
    (root / "overrides" / theming.STYLESHEET).write_text(OWN_CSS, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("theme:\n", "theme:\n  custom_dir: overrides\n"),
                      encoding="utf-8")
    monkeypatch.chdir(root)
    assert main(["build"]) == 0
    soup = soup_of(page_html(root / "site", "documents/council-vote.md"))
    assert [m["content"] for m in soup.find_all("meta", attrs={"name": "x-archive-owner"})] == ["ours"]
    assert soup.find("meta", attrs={"name": "citation_title"})["content"] == "Council votes to extend the harbour mission"
    assert (root / "site" / theming.STYLESHEET).read_text(encoding="utf-8") == OWN_CSS
    assert (root / "site" / theming.SCRIPT).read_bytes() == (theming.FOLDER / theming.SCRIPT).read_bytes()


# --- a change to the builder's theme shows on every page ----------------------------------------------

def test_a_change_to_the_builder_s_theme_renders_every_page_again(tmp_path, monkeypatch):
    """The builder's theme folder is part of every page's key (bridge.rendered): a rebuild after
    an edit to it (an upgrade of the builder) renders every page again, and shows the edit."""
    theme = tmp_path / "theme"
    shutil.copytree(theming.FOLDER, theme)
    monkeypatch.setattr(theming, "FOLDER", theme)
    root = make_new_archive(tmp_path, monkeypatch)
    config, content, site = root / "mkdocs.yml", root / "content", root / "site"
    first = build_site(config, site, content_dir=content)
    assert first.pages_reused == 0 and first.rendered > 15
    assert build_site(config, site, content_dir=content).pages_reused > 15  # unchanged: reused
    template = theme / "archive.html"
    template.write_text(template.read_text(encoding="utf-8").replace(
        "{% block extrahead %}", '{% block extrahead %}\n    <meta name="x-theme-edit" content="1">'), encoding="utf-8")
    again = build_site(config, site, content_dir=content)
    assert again.pages_reused == 0 and again.rendered == first.rendered
    originals = site / "sources"  # the originals' pages (emit.originals) stand alone: no theme, by design
    for page in site.rglob("*.html"):
        if "http-equiv" not in page.read_text(encoding="utf-8")[:500] and originals not in page.parents:
            assert soup_of(page).find("meta", attrs={"name": "x-theme-edit"}) is not None, page


# --- the offline bundle ----------------------------------------------------------------------------------

def test_a_new_archive_bundles_with_nothing_installed_in_it(tmp_path, monkeypatch, capsys):
    """`archive bundle` in a new archive needs nothing installed in the archive's folder: its
    offline copy holds every document, and no page names another host (Material's offline
    plugin adds an iframe-worker shim from a CDN for Material's own search worker, which the
    site never starts: the plugin takes it out)."""
    import zipfile

    root = make_new_archive(tmp_path, monkeypatch)
    monkeypatch.chdir(root)
    assert not (root / "node_modules").exists()
    assert main(["bundle", "--out", "dist"]) == 0
    (bundle,) = (root / "dist").glob("*.zip")
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        pages = {name: archive.read(name).decode("utf-8") for name in names if name.endswith(".html")}
    folder = bundle.name.removesuffix("-offline.zip")
    assert {f"{folder}/documents/{doc_id}.html" for doc_id in EXPECTED} <= names
    assert {f"{folder}/{theming.STYLESHEET}", f"{folder}/{theming.SCRIPT}"} <= names
    assert not [name for name in names if "iframe-worker" in name]
    assert pages and not [name for name, text in pages.items() if "iframe-worker" in text or "unpkg.com" in text]
    scripts = {src for text in pages.values() for src in re.findall(r'<script[^>]* src="([^"]+)"', text)}
    assert scripts and not [src for src in scripts if "//" in src], scripts


def test_material_s_own_templates_alone_still_print_hostile_values_as_text(tmp_path):
    """An archive whose main.html drops the builder's template (extends Material's base.html,
    which prints a page's author and description raw) is still safe: the plugin hands every
    value over escaped (SECURITY.md; the hostile archive of test_escaping_new_archive)."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from builder.emit.taxonomy_pages import AUTHORS
    from hostile_matrix import executable
    from test_escaping_new_archive import NEW_BYLINE_AUTHOR, NEW_DESCRIPTION, write_new_archive

    root = write_new_archive(tmp_path / "hostile")
    (root / "overrides").mkdir()
    (root / "overrides" / "main.html").write_text('{% extends "base.html" %}\n', encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("theme:\n", "theme:\n  custom_dir: overrides\n"),
                      encoding="utf-8")
    mkdocs_build(load_config(str(config)))
    site = root / "site"
    page = soup_of(page_html(site, "documents/doc1.md"))
    assert page.find("meta", attrs={"name": "citation_title"}) is None  # Material's template, not the builder's
    assert [m["content"] for m in page.find_all("meta", attrs={"name": "description"})] == [NEW_DESCRIPTION]
    author = soup_of(page_html(site, AUTHORS.term_page(NEW_BYLINE_AUTHOR)))
    assert [m["content"] for m in author.find_all("meta", attrs={"name": "author"})] == [NEW_BYLINE_AUTHOR]
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 15
    assert {str(p.relative_to(site)): bad for p in pages if (bad := executable(p))} == {}
