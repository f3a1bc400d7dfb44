"""The bridge hands the archive plugin its settings explicitly (the content folder, the site
folder a build replaces, the offline build): no environment variable carries them, so none
changes a build."""

from __future__ import annotations

import zipfile

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from builder.bridge.bundle import make_bundle
from builder.bridge.serve import serving
from builder.bridge.site import build_site
from builder.cli import main
from helpers import REPO, REUTERS_STORY, set_plugin_option

OLD_VARIABLES = ("ARCHIVE_CONTENT_DIR", "ARCHIVE_SITE_DIR", "ARCHIVE_OFFLINE")


def documents(site) -> list[str]:
    return sorted(p.name for p in (site / "documents").iterdir())


def test_a_build_reads_the_content_folder_mkdocs_yml_names_whatever_the_environment_says(make_archive, tmp_path,
                                                                                         monkeypatch):
    given, other = make_archive(), make_archive({"other-story.txt": REUTERS_STORY}, {})
    monkeypatch.setenv("ARCHIVE_CONTENT_DIR", str(other.content))
    monkeypatch.setenv("ARCHIVE_SITE_DIR", str(given.content))  # once checked apart from the content
    monkeypatch.setenv("ARCHIVE_OFFLINE", "true")
    site = tmp_path / "site"
    build_site(given.config, site)
    assert documents(site) == ["goodenough-2010", "nichols-2023"]
    assert (site / "documents" / "nichols-2023" / "index.html").is_file()  # directory URLs: not offline


def test_archive_build_builds_the_content_folder_it_is_given(make_archive, tmp_path, monkeypatch, capsys):
    given, named, other = make_archive(), make_archive({"named.txt": REUTERS_STORY}, {}), make_archive(
        {"other-story.txt": REUTERS_STORY}, {})
    monkeypatch.setenv("ARCHIVE_CONTENT_DIR", str(other.content))
    site = tmp_path / "site"
    assert main(["build", "--config", str(named.config), "--site", str(site), "--content", str(given.content)]) == 0
    assert documents(site) == ["goodenough-2010", "nichols-2023"]


def test_archive_serve_builds_the_content_folder_it_is_given_on_every_rebuild(make_archive, tmp_path):
    """MkDocs' serve loads mkdocs.yml afresh and builds it, as here, for every rebuild."""
    served, named = make_archive(), make_archive({"named.txt": REUTERS_STORY}, {})

    def rebuild(site):
        mkdocs_build(load_config(str(named.config), site_dir=str(site)))
        return documents(site)

    with serving(served.content):
        assert rebuild(tmp_path / "first") == rebuild(tmp_path / "second") == ["goodenough-2010", "nichols-2023"]
    assert rebuild(tmp_path / "after") == ["named"]


def test_the_bundle_alone_is_built_offline(make_archive, tmp_path, monkeypatch):
    archive = make_archive()
    for name in OLD_VARIABLES:
        monkeypatch.setenv(name, "false")
    result = make_bundle(archive.config, tmp_path / "dist", content_dir=archive.content)
    with zipfile.ZipFile(result.path) as zf:
        names = set(zf.namelist())
    assert {"tiny-test-archive/documents/nichols-2023.html", "tiny-test-archive/search/search_index.js"} <= names
    site = archive.build()  # the hosted site, after the bundle in the same process
    assert (site / "documents" / "nichols-2023" / "index.html").is_file()
    assert not (site / "documents" / "nichols-2023.html").exists() and not (site / "search" / "search_index.js").exists()


def test_offline_shim_is_no_longer_used_and_a_strict_build_says_to_remove_it(make_archive, tmp_path, capsys):
    """`offline_shim` named a local copy of the iframe-worker shim for the bundle; the bundle needs
    none now (bridge.options.CDN_POLYFILL). An archive that still sets it is told, by name."""
    archive = make_archive()
    set_plugin_option(archive.config, offline_shim="node_modules/iframe-worker/shim/index.js")
    capsys.readouterr()
    assert main(["build", "--config", str(archive.config), "--site", str(tmp_path / "site"), "--strict"]) == 1
    err = capsys.readouterr().err
    assert ("offline_shim is no longer used: the offline bundle needs no iframe-worker shim (the archive's search "
            "runs no worker); remove it from mkdocs.yml") in err, err
    assert not (tmp_path / "site").exists()
