"""The pages made from many documents are made partly in a second process (emit.shared_work):
whichever process makes a page, and whether it was kept, the build is the same."""

from __future__ import annotations

import shutil
import tempfile
import threading
import time

import pytest

from archive_fixtures import REPO_CONTENT
from builder.emit import shared_work
from builder.emit.reuse import Reuse
from builder.emit.shared_work import SharedWork
from builder.model import Archive
from builder.pipeline import build


def _everything(result) -> tuple:
    return {path: page.text for path, page in result.pages.items()}, result.files


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(REPO_CONTENT, folder)
    return folder


@pytest.fixture
def made_aside(monkeypatch, tmp_path):
    """Every build shares its work with a second process, whose files go to tmp_path/tmp."""
    monkeypatch.setattr(shared_work, "ASIDE_FROM", 0)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    return tmp_path / "tmp"


def test_a_build_shared_with_a_second_process_is_the_same(content, made_aside):
    shared = build(content, "Demo", site_url="https://example.org/")
    assert "pages made from many documents (with the second process)" in shared.archive.emit_timings
    assert not list(made_aside.iterdir())  # the second process's files were read and removed
    shared_work.ASIDE_FROM = 10 ** 9
    alone = build(content, "Demo", site_url="https://example.org/")
    assert "pages made from many documents" in alone.archive.emit_timings
    assert _everything(shared) == _everything(alone)


def test_the_second_process_makes_what_it_started_and_this_one_the_rest(monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    archive = Archive(content_dir=tmp_path)
    made_where: dict[str, int] = {}

    def make(names):
        return {name: (name.upper(), threading.get_native_id()) for name in names}

    work = SharedWork(Reuse(archive), aside_from=0)
    work.add("letters", {name: "" for name in "abcdefghijklmnopqrstuvwxyz"}, make, lambda name: 1)
    work.start()
    assert work.shared and len(work.chunks) == 26
    while not work.chunks[0][2].running():  # the other process has the first chunk
        time.sleep(0.01)
    values = work.finish()["letters"]
    assert list(values) == list("abcdefghijklmnopqrstuvwxyz")
    assert all(value[0] == name.upper() for name, value in values.items())
    for name, (_, where) in values.items():
        made_where[name] = where
    here = threading.get_native_id()
    # The other process began at the front, this one at the back: each made some, in one run each.
    sides = [made_where[name] == here for name in "abcdefghijklmnopqrstuvwxyz"]
    assert sides[0] is False and sides[-1] is True
    assert sides == sorted(sides)
    assert not list(tmp_path.iterdir())


def test_little_work_or_other_threads_keep_everything_here(monkeypatch, tmp_path):
    archive = Archive(content_dir=tmp_path)

    def run(aside_from: int) -> SharedWork:
        work = SharedWork(Reuse(archive), aside_from=aside_from)
        work.add("letters", {name: "" for name in "abc"}, lambda names: {n: n for n in names}, lambda name: 10)
        work.start()
        return work

    small = run(31)  # 30 documents listed in all: below
    assert not small.shared and small.chunks == [("letters", ["a", "b", "c"], None)]
    assert small.finish() == {"letters": {"a": "a", "b": "b", "c": "c"}}

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not run(0).shared  # a fork beside another thread can hang: all here
    finally:
        stop.set()
        other.join()
    assert run(30).shared


def test_a_cached_rebuild_shared_with_a_second_process_is_the_same(content, tmp_path, made_aside, monkeypatch):
    cache = tmp_path / "cache"
    build(content, "Demo", cache_dir=cache)
    sidecar = content / "sources" / (sorted(p.stem for p in (content / "sources").glob("*.txt"))[0] + ".yml")
    sidecar.write_text("title: A corrected title\n", encoding="utf-8")
    after = build(content, "Demo", cache_dir=cache)
    assert after.made > 0 and after.kept > 0
    monkeypatch.setattr(shared_work, "ASIDE_FROM", 10 ** 9)
    assert _everything(after) == _everything(build(content, "Demo"))
