"""A large site's last tree kept as its spare, the next build's new site made from it
(bridge.spare, bridge.skeleton): the site each build leaves is byte for byte, folder for
folder, the site a build from nothing makes, whatever the spare holds.

The threshold of a large site (bridge.site.REMOVE_IN_BACKGROUND_FROM pages) is 0 here, so a
tiny archive has a spare; a site built without reuse is each build's reference.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from builder.bridge import site as site_module
from builder.bridge import skeleton
from builder.bridge.site import build_site
from builder.bridge.spare import spare_of
from builder.sitefolder import MARK
from helpers import set_plugin_option, staging_leftovers, tree_digest


@pytest.fixture(autouse=True)
def every_site_large(monkeypatch):
    monkeypatch.setattr(site_module, "REMOVE_IN_BACKGROUND_FROM", 0)


def leftovers(root: Path) -> list[str]:
    """The staging folders beside the site, once the process removing the last one is done
    (a large site's is removed in the background: bridge.site)."""
    deadline = time.monotonic() + 60
    while staging_leftovers(root) and time.monotonic() < deadline:
        time.sleep(0.05)
    return staging_leftovers(root)


def folders(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_dir())


def build(archive, name: str = "site", reuse: bool = True):
    return build_site(archive.config, archive.site(name), content_dir=archive.content, reuse=reuse)


def assert_as_from_nothing(archive) -> None:
    """The site is what a build from nothing (no spare, nothing reused) makes of the content now."""
    build(archive, "reference", reuse=False)
    site, reference = archive.site(), archive.site("reference")
    assert tree_digest(site) == tree_digest(reference)
    assert folders(site) == folders(reference)


def test_the_last_tree_is_kept_and_the_next_site_is_made_from_it(tiny_archive):
    build(tiny_archive)
    spare = spare_of(tiny_archive.site())
    assert not spare.exists()  # (there was no last site to keep)
    build(tiny_archive)
    assert (spare / MARK).is_file() and (spare / "index.html").is_file()
    kept = os.stat(spare).st_ino
    tiny_archive.add("third.txt", "A third story\n\nBy Ann Lee\n\nMarch 3, 2021\n\nA third story, about the council.\n")
    result = build(tiny_archive)
    assert os.stat(tiny_archive.site()).st_ino == kept  # the new site is the spare
    assert result.pages_reused > 0
    assert spare.is_dir() and os.stat(spare).st_ino != kept  # ... and the site it replaced the next spare
    assert not (tiny_archive.site() / MARK).exists()
    assert leftovers(tiny_archive.root) == []
    assert_as_from_nothing(tiny_archive)


def test_what_the_spare_holds_that_the_site_does_not_never_reaches_the_site(tiny_archive):
    build(tiny_archive)
    build(tiny_archive)
    spare = spare_of(tiny_archive.site())
    (spare / "stray.html").write_text("<p>a stray page</p>", encoding="utf-8")
    (spare / "stray" / "deep").mkdir(parents=True)
    (spare / "stray" / "deep" / "index.html").write_text("<p>stray</p>", encoding="utf-8")
    (spare / "empty-folder").mkdir()
    os.symlink("/etc", spare / "outside")
    index = spare / "index.html"  # the same path as a page of the site, another file
    index.unlink()
    index.write_text("<p>an old home page</p>", encoding="utf-8")
    about = next(p for p in spare.rglob("index.html") if p.parent != spare)  # a page where a folder stands
    folder = about.parent
    for child in sorted(folder.rglob("*"), reverse=True):
        child.unlink() if not child.is_dir() else child.rmdir()
    folder.rmdir()
    folder.write_text("a file where a folder of the site stands", encoding="utf-8")
    build(tiny_archive)
    site = tiny_archive.site()
    assert not (site / "stray.html").exists() and not (site / "stray").exists()
    assert not (site / "empty-folder").exists() and not os.path.lexists(site / "outside")
    assert_as_from_nothing(tiny_archive)


def test_a_folder_of_that_name_not_the_builders_is_never_used_nor_removed(tiny_archive):
    build(tiny_archive)
    mine = spare_of(tiny_archive.site())
    mine.mkdir()
    (mine / "notes.txt").write_text("a person's notes", encoding="utf-8")
    build(tiny_archive)
    build(tiny_archive)
    assert sorted(p.name for p in mine.iterdir()) == ["notes.txt"]
    assert_as_from_nothing(tiny_archive)


def test_a_build_that_keeps_no_spare_leaves_none(tiny_archive, monkeypatch):
    build(tiny_archive)
    build(tiny_archive)
    assert spare_of(tiny_archive.site()).is_dir()
    monkeypatch.setattr(site_module, "REMOVE_IN_BACKGROUND_FROM", 10**9)  # (a small site)
    build(tiny_archive)
    assert not os.path.lexists(spare_of(tiny_archive.site()))
    assert leftovers(tiny_archive.root) == []
    assert_as_from_nothing(tiny_archive)


def test_when_the_linking_process_fails_the_spare_is_set_aside_and_the_site_is_still_right(tiny_archive, monkeypatch):
    build(tiny_archive)
    build(tiny_archive)
    (spare_of(tiny_archive.site()) / "stray.html").write_text("<p>a stray page</p>", encoding="utf-8")
    monkeypatch.setattr(skeleton, "LINK", "import sys\nsys.exit(3)\n")
    tiny_archive.add("third.txt", "A third story\n\nBy Ann Lee\n\nMarch 3, 2021\n\nA third story, about the council.\n")
    result = build(tiny_archive)
    assert result.pages_reused > 0  # (the reused pages linked one by one)
    assert not (tiny_archive.site() / "stray.html").exists()
    assert_as_from_nothing(tiny_archive)


def test_a_build_without_a_cache_keeps_no_spare(tiny_archive):
    set_plugin_option(tiny_archive.config, cache_dir='""')  # (no memory of the site: no build could start from one)
    build(tiny_archive)
    build(tiny_archive)
    assert not os.path.lexists(spare_of(tiny_archive.site()))
    assert leftovers(tiny_archive.root) == []


def test_the_folders_of_a_site_made_from_a_spare_have_the_modes_a_new_one_has(tiny_archive):
    build(tiny_archive)
    build(tiny_archive)
    spare = spare_of(tiny_archive.site())
    spare.chmod(0o700)
    inner = next(p for p in spare.iterdir() if p.is_dir() and any(p.iterdir()))
    inner.chmod(0o700)
    build(tiny_archive)
    site = tiny_archive.site()
    assert (site.stat().st_mode & 0o777) == 0o755
    assert ((site / inner.name).stat().st_mode & 0o777) == 0o777 & ~_umask()
    build(tiny_archive, "reference", reuse=False)
    assert {p.relative_to(site).as_posix(): p.stat().st_mode for p in site.rglob("*") if p.is_dir()} == {
        p.relative_to(tiny_archive.site("reference")).as_posix(): p.stat().st_mode
        for p in tiny_archive.site("reference").rglob("*") if p.is_dir()}


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
