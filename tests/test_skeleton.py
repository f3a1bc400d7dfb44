"""The new site's folders made beside the builder's stages (bridge.skeleton): made under the
new site, cleared where this build writes a file, swept where nothing filled them; and a
rebuild whose last site had a folder where this one writes a file is still a clean build's."""

from __future__ import annotations

import pickle

from builder.bridge import rendered
from builder.bridge.skeleton import Skeleton, folders_of
from test_incremental_render import _same_as_clean, built  # noqa: F401  (the fixture)


def test_the_folders_of_every_path_and_those_above_them():
    assert folders_of(["index.html", "a/b/c.html", "a/d.html", "e/index.html"]) == {"a", "a/b", "e"}


def test_the_folders_are_made_under_the_new_site(tmp_path):
    skeleton = Skeleton(tmp_path, ["documents/x/index.html", "documents/y/index.html", "feed.xml"])
    skeleton.wait()
    assert skeleton.made
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "documents", "documents/x", "documents/y"]


def test_a_folder_where_a_file_goes_is_removed_with_what_is_inside(tmp_path):
    skeleton = Skeleton(tmp_path, ["data.csv/old/index.html", "documents/x/index.html"])
    skeleton.clear(["data.csv", "documents/x/index.html"])
    assert not (tmp_path / "data.csv").exists()
    assert (tmp_path / "documents" / "x").is_dir()
    assert skeleton.folders == {"documents", "documents/x"}


def test_folders_nothing_filled_are_swept_deepest_first(tmp_path):
    skeleton = Skeleton(tmp_path, ["documents/gone/index.html", "documents/kept/index.html", "old/a/b/c.html"])
    skeleton.wait()
    (tmp_path / "documents" / "kept" / "index.html").write_text("kept", encoding="utf-8")
    (tmp_path / "old" / "written-by-mkdocs.css").mkdir()  # not this build's keyed output, yet not empty
    skeleton.sweep(["documents/kept/index.html"])
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "documents", "documents/kept", "documents/kept/index.html", "old", "old/written-by-mkdocs.css"]


def test_nothing_to_make_starts_no_process(tmp_path):
    skeleton = Skeleton(tmp_path, ["index.html", "feed.xml"])
    assert skeleton.process is None and not skeleton.folders
    skeleton.stop()


def test_a_folder_of_the_last_site_where_this_build_writes_a_file_is_no_clash(built):  # noqa: F811
    """The last site's memory names a page inside ``documents.csv/`` (as if that export had been
    a folder): its folder is made in advance, and this build's documents.csv replaces it."""
    path = next((built.root / "build" / "cache" / rendered.FOLDER).glob("*.pickle"))
    memory = pickle.loads(path.read_bytes())
    memory.written["documents.csv/old/index.html"] = rendered.Written("gone", 1, 1, 1)
    rendered.save(path, memory)
    result = built.build()
    assert (built.root / "site" / "documents.csv").is_file()
    assert result.pages_reused > 0
    _same_as_clean(built, result)
