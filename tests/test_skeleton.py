"""The new site made from the last one while the builder's stages run (bridge.skeleton):
every file of the last site linked in, in its folders; before anything is written, only what
is reused stays linked; at the end only what the build made, and no empty folder. The last
site's files are never written through, and a rebuild is still a clean build's."""

from __future__ import annotations

import os
import shutil

import pytest

from builder.bridge import plugin as plugin_module
from builder.bridge import remembered, rendered
from builder.bridge import skeleton as skeleton_module
from builder.bridge.skeleton import Skeleton, folders_of
from helpers import tree_digest
from test_incremental_render import DOC, EDITS, _same_as_clean, built, pristine  # noqa: F401  (the fixtures)


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
    # What each file linked is, as the process found it: the build asks the disk for none of them.
    assert skeleton.identities == {path: rendered.identity(old / path)
                                   for path in ("index.html", "documents/x/index.html", "feed.xml")} | {
                                       "documents/gone/index.html": None}
    assert skeleton.identity("feed.xml") == rendered.identity(old / "feed.xml") and skeleton.identity("other") is None


def test_before_anything_is_written_only_what_is_kept_stays(tmp_path):
    old, new = _old_site(tmp_path, {"a/index.html": "a", "b/index.html": "b", "data.csv/old/x.html": "x",
                                    "search-index/1.js": "s", "feed.xml": "f"})
    skeleton = Skeleton(new, ["a/index.html", "b/index.html", "data.csv/old/x.html", "search-index/1.js",
                              "feed.xml"], old)
    skeleton.settle(["a/index.html", "b/index.html", "data.csv"],
                    lambda path: path in ("a/index.html", "feed.xml") or path.startswith("search-index/"))
    assert _tree(new) == ["a", "a/index.html", "b", "feed.xml", "search-index", "search-index/1.js"]
    assert skeleton.folders == {"a", "b", "search-index"}
    assert skeleton.paths == ["a/index.html", "feed.xml", "search-index/1.js"]


def test_at_the_end_what_the_build_did_not_make_goes_with_the_folders_left_empty(tmp_path):
    old, new = _old_site(tmp_path, {"a/index.html": "a", "gone/deep/index.html": "g", "feed.xml": "f",
                                    "search-index/9.js": "old part"})
    skeleton = Skeleton(new, ["a/index.html", "gone/deep/index.html", "feed.xml", "search-index/9.js"], old)
    skeleton.settle([], lambda path: path != "gone/deep/index.html")
    (new / "b").mkdir()
    (new / "b" / "index.html").write_text("rendered", encoding="utf-8")
    (new / "feed.xml").unlink()  # unlinked and written again by what is never keyed (a hand-written page, say)
    (new / "feed.xml").write_text("new", encoding="utf-8")
    skeleton.finish({"a/index.html", "b/index.html"})
    assert _tree(new) == ["a", "a/index.html", "b", "b/index.html"]
    assert (old / "gone/deep/index.html").read_text(encoding="utf-8") == "g"  # only the new site's name went


def test_a_file_written_anew_where_a_linked_one_was_is_never_unlinked_at_the_end(tmp_path):
    old, new = _old_site(tmp_path, {"documents/gone/index.html": "the last site's page"})
    skeleton = Skeleton(new, ["documents/gone/index.html"], old)
    skeleton.settle([], lambda path: False)  # the page is gone from the archive
    (new / "documents" / "gone" / "index.html").write_text("an editor's page at its address", encoding="utf-8")
    skeleton.finish(set())  # a hand-written page is not keyed
    assert (new / "documents" / "gone" / "index.html").read_text(encoding="utf-8") == "an editor's page at its address"


def test_in_a_folder_holding_a_spare_only_what_the_last_site_names_stays_and_is_its_own_file(tmp_path):
    old, new = _old_site(tmp_path, {"a/index.html": "a", "b/index.html": "b", "c/index.html": "c", "d": "d"})
    (new / "a").mkdir()
    os.link(old / "a" / "index.html", new / "a" / "index.html")  # the last site's very file: stays
    (new / "b" / "index.html").mkdir(parents=True)  # a folder where a file goes
    (new / "c").mkdir()
    (new / "c" / "index.html").write_text("an older c", encoding="utf-8")  # another file at its path
    (new / "d").mkdir()  # a folder where a file goes, holding a file no path names
    (new / "d" / "old.html").write_text("old", encoding="utf-8")
    (new / "gone" / "deep").mkdir(parents=True)  # what no path names, and the folders it leaves empty
    (new / "gone" / "deep" / "index.html").write_text("gone", encoding="utf-8")
    os.symlink(old, new / "link")
    kept = os.stat(new / "a" / "index.html").st_ino
    skeleton = Skeleton(new, ["a/index.html", "b/index.html", "c/index.html", "d"], old)
    skeleton.settle([], lambda path: True)
    assert skeleton.linked
    assert _tree(new) == ["a", "a/index.html", "b", "b/index.html", "c", "c/index.html", "d"]
    assert os.stat(new / "a" / "index.html").st_ino == kept
    for path in ("b/index.html", "c/index.html", "d"):
        assert os.stat(new / path).st_ino == os.stat(old / path).st_ino
        assert skeleton.identity(path) == rendered.identity(old / path)


def test_a_path_the_spare_holds_and_the_last_site_no_longer_can_is_left_out(tmp_path):
    old, new = _old_site(tmp_path, {"p": "a file where the memory names a folder", "q/index.html": "q"})
    (new / "p").mkdir()
    (new / "p" / "x.html").write_text("the spare's", encoding="utf-8")
    skeleton = Skeleton(new, ["p/x.html", "q/index.html"], old)
    skeleton.settle([], lambda path: True)
    assert skeleton.linked
    assert skeleton.identity("p/x.html") is None
    assert _tree(new) == ["q", "q/index.html"]


def test_a_process_that_failed_leaves_nothing_linked(tmp_path, monkeypatch):
    old, new = _old_site(tmp_path, {"a/index.html": "a", "b/index.html": "b", "c/index.html": "c"})
    monkeypatch.setattr(skeleton_module, "LINK", skeleton_module.LINK + "sys.exit(3)\n")  # (all linked, then an error)
    skeleton = Skeleton(new, ["a/index.html", "b/index.html", "c/index.html"], old)
    skeleton.settle([], lambda path: True)
    assert not skeleton.linked and skeleton.paths == []
    assert skeleton.identities is None and rendered.identity(old / "a/index.html") is not None
    assert skeleton.identity("a/index.html") == rendered.identity(old / "a/index.html")  # (asked of the disk)
    assert not (new / "a" / "index.html").exists() and not (new / "c" / "index.html").exists()


def test_nothing_to_link_starts_no_process(tmp_path):
    skeleton = Skeleton(tmp_path, [], tmp_path / "old")
    assert skeleton.process is None
    skeleton.stop()


def _held_apart(site, kept) -> dict[str, bytes]:
    """Every file of ``site``, linked under ``kept`` (a link of its own): its bytes."""
    before = {}
    for n, path in enumerate(sorted(p for p in site.rglob("*") if p.is_file())):
        os.link(path, kept / str(n))
        before[str(n)] = path.read_bytes()
    return before


def test_the_last_site_s_files_are_never_written_through(built, tmp_path):  # noqa: F811
    """A source edit makes its page, its published bytes and the documents' search index anew:
    each is a new file, and every file of the last site (kept here by a link of its own) is as
    it was."""
    site, kept = built.root / "site", tmp_path / "kept"
    kept.mkdir()
    page, source = site / f"documents/{DOC}/index.html", site / f"sources/{DOC}.txt"
    old_page, old_source = page.read_bytes(), source.read_bytes()
    before = _held_apart(site, kept)
    EDITS["source text"](built)
    result = built.build()
    assert {name: (kept / name).read_bytes() for name in before} == before
    assert page.read_bytes() != old_page and source.read_bytes() != old_source
    _same_as_clean(built, result)


def _linked(monkeypatch) -> list[bool]:
    """Whether each build's process linked every file in (its wait, recorded)."""
    seen: list[bool] = []
    wait = Skeleton.wait

    def recorded(self):
        busy = self.process is not None
        wait(self)
        if busy:
            seen.append(self.linked)

    monkeypatch.setattr(Skeleton, "wait", recorded)
    return seen


def test_a_path_the_last_site_holds_no_more_is_left_out(built, monkeypatch):  # noqa: F811
    """The memory names a page inside ``documents.csv/`` (a file in the site): nothing is
    linked for it, and the rebuild is a clean build's."""
    path = next((built.root / "build" / "cache" / remembered.FOLDER).glob("*.pickle"))
    memory = remembered.with_checks(path, remembered.load(path))
    memory.written["documents.csv/old/index.html"] = remembered.Written("gone", 1, 1, 1)
    remembered.save(path, memory)
    before = tree_digest(built.root / "site")
    linked = _linked(monkeypatch)
    result = built.build()
    assert linked == [True]
    assert (built.root / "site" / "documents.csv").is_file()
    assert result.pages_reused > 0 and tree_digest(built.root / "site") == before
    _same_as_clean(built, result)


def test_when_the_process_fails_the_reused_files_are_linked_one_by_one(built, monkeypatch, tmp_path):  # noqa: F811
    monkeypatch.setattr(skeleton_module, "LINK", skeleton_module.LINK + "raise SystemExit(3)\n")
    kept = tmp_path / "kept"
    kept.mkdir()
    before = _held_apart(built.root / "site", kept)
    linked = _linked(monkeypatch)
    EDITS["annotation changed"](built)
    result = built.build()
    assert linked == [False] and result.pages_reused > 0
    assert {name: (kept / name).read_bytes() for name in before} == before
    _same_as_clean(built, result)


def test_a_hand_written_page_where_a_deleted_document_was_is_kept(built):  # noqa: F811
    """A document is deleted and an editor puts a page at its old address: the page, written
    by MkDocs where the last site's page was linked in, stays in the new site."""
    for path in (built.content / f"sources/{DOC}.txt", built.content / f"sources/{DOC}.yml"):
        path.unlink()
    shutil.rmtree(built.content / f"annotations/{DOC}")
    (built.content / "pages" / "documents").mkdir()
    (built.content / "pages" / "documents" / f"{DOC}.md").write_text("# Withdrawn\n\nThis story was withdrawn.\n",
                                                                     encoding="utf-8")
    about = built.content / "pages" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + f"\n[Withdrawn](documents/{DOC}.md)\n", encoding="utf-8")
    result = built.build()
    assert "This story was withdrawn." in (built.root / "site" / "documents" / DOC / "index.html").read_text(
        encoding="utf-8")
    _same_as_clean(built, result)


def test_an_interrupted_build_ends_the_process(built, monkeypatch):  # noqa: F811
    """MkDocs tells plugins of an error, not of an interruption (Ctrl-C): the process linking
    the last site in is ended all the same, before the staging folder is removed."""
    started: list[Skeleton] = []
    init = Skeleton.__init__

    def recorded(self, *args):
        init(self, *args)
        started.append(self)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(Skeleton, "__init__", recorded)
    monkeypatch.setattr(plugin_module, "build", interrupted)
    with pytest.raises(KeyboardInterrupt):
        built.build()
    assert len(started) == 1 and started[0].process is None


def test_asked_about_a_file_while_it_links_the_build_asks_the_disk_and_never_waits(tmp_path, monkeypatch):
    old, new = _old_site(tmp_path, {"index.html": "home", "feed.xml": "feed"})
    gate = tmp_path / "go"
    monkeypatch.setattr(skeleton_module, "LINK", f"import os, time\nwhile not os.path.exists({str(gate)!r}): time.sleep(0.01)\n"
                        + skeleton_module.LINK)
    skeleton = Skeleton(new, ["index.html", "feed.xml"], old)
    assert skeleton.identity("feed.xml") == rendered.identity(old / "feed.xml")  # (asked of the disk) ...
    assert skeleton.process.poll() is None and skeleton.identities is None  # ... while the process still waits
    gate.touch()
    skeleton.wait()
    assert skeleton.identities == {"index.html": rendered.identity(old / "index.html"), "feed.xml": rendered.identity(old / "feed.xml")}
    assert skeleton.identity("feed.xml") == rendered.identity(old / "feed.xml")


def test_a_site_served_in_place_has_its_files_looked_at_by_a_process_of_its_own(tmp_path):
    """`archive serve` renders into the site it serves: nothing is linked, but what each file
    the last build wrote is (rendered.identity) is found beside the stages all the same."""
    site, _ = _old_site(tmp_path, {"index.html": "home", "documents/x/index.html": "x"})
    (site / "a-folder").mkdir()
    looked = skeleton_module.Looked(site, ["index.html", "documents/x/index.html", "gone.html", "a-folder"],
                                    skeleton_module.LOOK, site)
    looked.wait()
    assert looked.done and looked.identities == {
        "index.html": rendered.identity(site / "index.html"), "documents/x/index.html": rendered.identity(site / "documents/x/index.html"),
        "gone.html": None, "a-folder": None}
    assert _tree(site) == ["a-folder", "documents", "documents/x", "documents/x/index.html", "index.html"]  # (nothing made)
    looked.stop()
