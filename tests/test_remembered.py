"""What the last build wrote into a site folder, kept for the next (bridge.remembered): the
link check's part is kept apart and read only by the link check, at the build's end; a part
that is not the one saved with the memory is never read."""

from __future__ import annotations

import pickle

import pytest

from builder.bridge import incremental, remembered, rendered, session
from builder.bridge import site as site_module
from builder.bridge import skeleton as skeleton_module
from helpers import tree_digest
from test_incremental_render import DOC, EDITS, _same_as_clean, built, pristine  # noqa: F401  (the fixtures)


def _memory_path(archive):
    return remembered.memory_file(archive.root / "build" / "cache", archive.root / "site")


def test_the_link_checks_part_is_kept_apart_and_read_only_for_the_link_check(built, monkeypatch):  # noqa: F811
    path = _memory_path(built)
    first = remembered.load(path)
    assert len(first.written) > 100 and first.checks and not first.files and not first.pages and not first.linked
    whole = remembered.with_checks(path, first)
    assert whole.checks == "" and whole.written == first.written
    assert len(whole.files) > len(whole.pages) > 100 and whole.linked and whole.reached and whole.links > 0
    seen, checked = [], []
    decide = incremental.Reuse.decide

    def deciding(self, *args):  # what the build holds of the memory while MkDocs renders
        seen.append((len(self.memory.written), len(self.memory.files), bool(self.memory.checks)))
        return decide(self, *args)

    check_changes = site_module.check_changes

    def checking(staging, before, *args, **kwargs):
        checked.append(len(before.files))
        return check_changes(staging, before, *args, **kwargs)

    monkeypatch.setattr(incremental.Reuse, "decide", deciding)
    monkeypatch.setattr(site_module, "check_changes", checking)
    EDITS["annotation changed"](built)
    result = built.build()
    assert seen == [(len(first.written), 0, True)] and checked == [len(whole.files)]
    assert 0 < result.rendered < 10
    _same_as_clean(built, result)


def test_a_link_checks_part_not_saved_with_the_memory_is_not_read(built, monkeypatch):  # noqa: F811
    path = _memory_path(built)
    name, *part = pickle.loads(remembered.checks_file(path).read_bytes())
    remembered.checks_file(path).write_bytes(pickle.dumps(("another build's", *part)))
    assert remembered.with_checks(path, remembered.load(path)).files == frozenset()
    monkeypatch.setattr(site_module, "check_changes", lambda *args, **kwargs: pytest.fail("checked from what changed"))
    EDITS["annotation changed"](built)
    result = built.build()  # the whole site checked: nothing known of the last one's links
    _same_as_clean(built, result)
    again = remembered.with_checks(path, remembered.load(path))
    assert len(again.files) == len(part[0]) and again.linked == part[3] and again.reached == part[4]


def test_a_memory_kept_without_a_link_check_leaves_no_part_behind(tmp_path):
    path = tmp_path / remembered.FOLDER / "site.pickle"
    written = {"index.html": remembered.Written("key", 1, 2, 3)}
    remembered.save(path, remembered.Memory(written, remembered.MEMORY, frozenset({"index.html"}), {"index.html": (1, 2, 3)}, 1))
    assert remembered.checks_file(path).is_file()
    remembered.save(path, remembered.Memory(written, remembered.MEMORY))
    assert not remembered.checks_file(path).exists() and remembered.load(path).written == written
    assert sorted(p.name for p in path.parent.iterdir()) == ["site.pickle"]  # (no partial file left)
    remembered.save(path, remembered.Memory(written, remembered.MEMORY, frozenset({"index.html"}), {"index.html": (1, 2, 3)}, 1))
    remembered.forget(path)
    assert list(path.parent.iterdir()) == [] and remembered.load(path) == remembered.Memory()


@pytest.mark.parametrize("change", ["builder version", "library version"])
def test_a_site_made_with_other_code_has_none_of_its_pages_linked_in(built, change, monkeypatch):  # noqa: F811
    """A page's key covers the code it was made with: none of a site made with other code can
    be reused, so none is linked into the new site (and out again); its other files still are."""
    memory = remembered.load(_memory_path(built))
    pages = {dest for dest, entry in memory.written.items() if entry.key.startswith(rendered.PAGE)}
    others = memory.written.keys() - pages
    assert memory.made_with == rendered.made_with() and len(pages) > 100 and len(others) > 10
    source = f"sources/{DOC}.txt"  # a published file: the same bytes whatever the code
    assert source in others
    before = (built.root / "site" / source).stat().st_ino
    if change == "builder version":
        version = session.code()
        monkeypatch.setattr(session, "code", lambda: version + "-next")
    else:
        libraries = session.libraries()
        monkeypatch.setattr(session, "libraries", lambda: [f"{name}.post1" if name.startswith("mkdocs==") else name
                                                           for name in libraries])
    linked = []
    start = skeleton_module.Skeleton.__init__

    def linking(self, site_dir, paths, old):
        linked.append(set(paths))
        start(self, site_dir, paths, old)

    monkeypatch.setattr(skeleton_module.Skeleton, "__init__", linking)
    result = built.build()
    assert linked == [others] and result.pages_reused == 0 and result.rendered >= len(pages)
    assert (built.root / "site" / source).stat().st_ino == before  # reused: the last site's file
    again = remembered.load(_memory_path(built))
    assert again.made_with == rendered.made_with() != memory.made_with
    assert tree_digest(built.root / "site") == built.clean_build()
    linked.clear()
    result = built.build()  # made with this code now: every page may be reused, and is linked in
    assert linked == [set(again.written)] and (result.rendered, result.pages_reused) == (1, built.clean_pages - 1)
