"""The new site made from the last one while the builder's stages run (bridge.skeleton):
every file of the last site linked in, in its folders; before anything is written, only what
is reused stays linked; at the end only what the build made, and no empty folder. The last
site's files are never written through, and a rebuild is still a clean build's."""

from __future__ import annotations

import os
import pickle

from builder.bridge import rendered
from builder.bridge.skeleton import Skeleton, folders_of
from helpers import tree_digest
from test_incremental_render import DOC, EDITS, _same_as_clean, built  # noqa: F401  (the fixture)


def _tree(folder) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def _old_site(tmp_path, files: dict[str, str]):
    old = tmp_path / "old"
    for path, text in files.items():
        (old / path).parent.mkdir(parents=True, exist_ok=True)
        (old / path).write_text(text, encoding="utf-8")
    new = tmp_path / "new"
    new.mkdir()
    return old, new


def test_the_folders_of_every_path_and_those_above_them():
    assert folders_of(["index.html", "a/b/c.html", "a/d.html", "e/index.html"]) == {"a", "a/b", "e"}


def test_every_file_of_the_last_site_is_linked_in_with_its_folders(tmp_path):
    old, new = _old_site(tmp_path, {"index.html": "home", "documents/x/index.html": "x", "feed.xml": "feed"})
    skeleton = Skeleton(new, ["index.html", "documents/x/index.html", "documents/gone/index.html", "feed.xml"], old)
    skeleton.wait()
    assert skeleton.linked
    assert _tree(new) == ["documents", "documents/x", "documents/x/index.html", "feed.xml", "index.html"]
    assert os.path.samefile(new / "documents/x/index.html", old / "documents/x/index.html")


def test_before_anything_is_written_only_the_reused_and_the_later_stay(tmp_path):
    old, new = _old_site(tmp_path, {"a/index.html": "a", "b/index.html": "b", "data.csv/old/x.html": "x",
                                    "search-index/1.js": "s", "feed.xml": "f"})
    skeleton = Skeleton(new, ["a/index.html", "b/index.html", "data.csv/old/x.html", "search-index/1.js",
                              "feed.xml"], old)
    skeleton.settle(["a/index.html", "b/index.html", "data.csv"], {"a/index.html": None},
                    lambda path: path == "feed.xml" or path.startswith("search-index/"))
    assert _tree(new) == ["a", "a/index.html", "b", "feed.xml", "search-index", "search-index/1.js"]
    assert skeleton.folders == {"a", "b", "search-index"}


def test_at_the_end_what_the_build_did_not_make_goes_with_the_folders_left_empty(tmp_path):
    old, new = _old_site(tmp_path, {"a/index.html": "a", "gone/deep/index.html": "g", "feed.xml": "f"})
    skeleton = Skeleton(new, ["a/index.html", "gone/deep/index.html", "feed.xml"], old)
    skeleton.settle([], {"a/index.html": None, "gone/deep/index.html": None}, lambda path: path == "feed.xml")
    (new / "b").mkdir()
    (new / "b" / "index.html").write_text("rendered", encoding="utf-8")
    skeleton.finish({"a/index.html", "b/index.html"})
    assert _tree(new) == ["a", "a/index.html", "b", "b/index.html"]
    assert (old / "gone/deep/index.html").read_text(encoding="utf-8") == "g"  # only the new site's name went


def test_a_process_that_failed_leaves_nothing_linked(tmp_path):
    old, new = _old_site(tmp_path, {"a/index.html": "a", "b/index.html": "b", "c/index.html": "c"})
    (new / "b").mkdir()
    (new / "b" / "index.html").mkdir()  # the process cannot link this one: it ends with an error
    skeleton = Skeleton(new, ["a/index.html", "b/index.html", "c/index.html"], old)
    skeleton.settle([], {"a/index.html": None, "c/index.html": None}, lambda path: False)
    assert not skeleton.linked
    assert not (new / "a" / "index.html").exists() and not (new / "c" / "index.html").exists()


def test_nothing_to_link_starts_no_process(tmp_path):
    skeleton = Skeleton(tmp_path, [], tmp_path / "old")
    assert skeleton.process is None
    skeleton.stop()


def test_the_last_site_s_files_are_never_written_through(built, tmp_path):  # noqa: F811
    """A source edit makes its page, its published bytes and the documents' search index anew:
    each is a new file, and the last site's (kept here by a link of its own) is as it was."""
    site, kept = built.root / "site", tmp_path / "kept"
    kept.mkdir()
    watched = [f"documents/{DOC}/index.html", f"sources/{DOC}.txt",
               *sorted(p.relative_to(site).as_posix() for p in (site / "search-index" / "d").rglob("*.js"))[:3]]
    before = {}
    for n, path in enumerate(watched):
        os.link(site / path, kept / str(n))
        before[path] = (kept / str(n)).read_bytes()
    EDITS["source text"](built)
    result = built.build()
    for n, path in enumerate(watched):
        assert (kept / str(n)).read_bytes() == before[path], path
    assert (site / watched[0]).read_bytes() != before[watched[0]]
    assert (site / watched[1]).read_bytes() != before[watched[1]]
    _same_as_clean(built, result)


def test_a_path_the_last_site_holds_no_more_is_left_out(built):  # noqa: F811
    """The memory names a page inside ``documents.csv/`` (a file in the site): nothing is
    linked for it, and the rebuild is a clean build's."""
    path = next((built.root / "build" / "cache" / rendered.FOLDER).glob("*.pickle"))
    memory = pickle.loads(path.read_bytes())
    memory.written["documents.csv/old/index.html"] = rendered.Written("gone", 1, 1, 1)
    rendered.save(path, memory)
    before = tree_digest(built.root / "site")
    result = built.build()
    assert (built.root / "site" / "documents.csv").is_file()
    assert result.pages_reused > 0 and tree_digest(built.root / "site") == before
    _same_as_clean(built, result)
