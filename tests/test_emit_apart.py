"""Groups of pages made from many documents, half of them made by a forked copy of the building
process (emit.reuse.Groups, builder.workers.Forked): the same site as made in one process, a
failure there reported here, and the result store's files opened again by the copy."""

from __future__ import annotations

import os

import pytest

from builder import store as result_store
from builder import workers
from builder.emit import chunks, reuse
from helpers import REPO_CONTENT, tree_digest, write_config


def _build(root, apart_from, monkeypatch):
    from builder.bridge.site import build_site

    monkeypatch.setattr(reuse, "APART_FROM", apart_from)
    root.mkdir()
    config = write_config(root / "mkdocs.yml", content_dir=REPO_CONTENT)
    build_site(config, root / "site", content_dir=REPO_CONTENT)
    return root / "site"


def test_the_demo_made_half_apart_is_the_demo_made_in_one_process(tmp_path, monkeypatch):
    """Lists of two documents a page, so that entities have further pages too."""
    from builder.emit import pager

    monkeypatch.setattr(pager, "PAGE_SIZE", 2)
    forks = []
    forked = workers.Forked
    monkeypatch.setattr(reuse, "Forked", lambda produce: forks.append(1) or forked(produce))
    apart = _build(tmp_path / "apart", 2, monkeypatch)
    assert len(forks) == 3  # the entity pages, their further pages, the documents' feet
    forks.clear()
    here = _build(tmp_path / "here", 10 ** 9, monkeypatch)
    assert forks == []
    assert tree_digest(apart) == tree_digest(here)


def test_no_copy_is_forked_while_the_building_process_holds_much_memory(tmp_path, monkeypatch):
    """Over reuse.APART_UP_TO_MB, the groups made apart are made in the building process, to
    the same site."""
    forks = []
    forked = workers.Forked
    monkeypatch.setattr(reuse, "Forked", lambda produce: forks.append(1) or forked(produce))
    monkeypatch.setattr(reuse, "resident_mb", lambda: reuse.APART_UP_TO_MB)
    large = _build(tmp_path / "large", 2, monkeypatch)
    assert forks == []
    monkeypatch.setattr(reuse, "resident_mb", lambda: reuse.APART_UP_TO_MB - 1)
    small = _build(tmp_path / "small", 2, monkeypatch)
    assert forks
    assert tree_digest(large) == tree_digest(small)
    status = dict(line.split(":", 1) for line in open("/proc/self/status").read().splitlines() if ":" in line)
    assert abs(workers.resident_mb() - int(status["VmRSS"].split()[0]) / 1024) < 20  # (this process's, in MB)


def _made(names, needed):
    for name in names:
        if name == "e":
            raise ValueError("no page for e")
        yield {name: f"page {name} {needed}"}


def test_a_group_made_apart_gives_every_value_in_the_order_of_its_keys(monkeypatch):
    monkeypatch.setattr(reuse, "APART_FROM", 2)
    work = reuse.Groups(reuse.Reuse(None))
    work.add("needed", {"": "k"}, lambda names, done: {"": "x"})
    work.add("pages", {n: n for n in "abcd"}, _made, needs="needed", apart=lambda name: 1)
    work.add("meanwhile", {"": "m"}, lambda names, done: {"": "made while the copy makes c and d"})
    work.add("after", {"": "l"}, lambda names, done: {"": list(done.items())}, needs="pages")
    made = work.make()
    assert list(made) == ["needed", "pages", "meanwhile", "after"]
    assert made["pages"] == {n: f"page {n} {{'': 'x'}}" for n in "abcd"}
    assert list(made["pages"]) == list("abcd")
    assert made["after"] == {"": list(made["pages"].items())}


def test_a_failure_in_the_forked_copy_fails_the_build_with_what_went_wrong_there(monkeypatch):
    monkeypatch.setattr(reuse, "APART_FROM", 2)
    work = reuse.Groups(reuse.Reuse(None))
    work.add("pages", {n: n for n in "abcde"}, _made, apart=lambda name: 9 if name == "a" else 1)  # (a here; b to e, e too, in the copy's half)
    with pytest.raises(RuntimeError) as failed:
        work.make()
    assert str(failed.value).startswith("a forked process failed:\nTraceback")
    assert str(failed.value).rstrip().endswith("ValueError: no page for e")


def test_a_forked_copy_that_dies_fails_what_waits_for_it():
    def produce():
        yield 1
        os._exit(3)

    with pytest.raises(RuntimeError) as failed:
        list(workers.Forked(produce).results())
    assert str(failed.value) == "a forked process died (exit code 3)"


def test_a_forked_copy_reads_the_result_store_through_a_connection_of_its_own(tmp_path):
    cache = result_store.Cache(tmp_path, "values")
    cache.put_many([("k", result_store.dumps("kept"))])
    here = cache.db

    def produce():
        yield cache.get_many(["k"])["k"], cache.db is here

    assert list(workers.Forked(produce).results()) == [("kept", False)]
    assert cache.db is here and cache.get_many(["k"]) == {"k": "kept"}
    cache.close()


def test_the_names_are_dealt_in_two_halves_of_about_the_same_cost():
    costs = {"a": 10, "b": 1, "c": 1, "d": 6, "e": 3, "f": 1}
    assert chunks.halves(list(costs), costs.__getitem__) == (["a", "c"], ["b", "d", "e", "f"])
    assert chunks.halves(list("abcd"), lambda name: 1) == (["a", "c"], ["b", "d"])


def test_a_copy_is_ended_and_its_file_removed_when_the_wait_for_it_is_interrupted():
    import signal
    import time

    def produce():
        time.sleep(60)
        yield 1

    class Interrupted(Exception):
        pass

    def interrupt(*_):
        raise Interrupted()

    forked = workers.Forked(produce)
    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        with pytest.raises(Interrupted):
            list(forked.results())
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert not forked.process.is_alive()
    assert not os.path.exists(forked.folder)


def test_no_copy_is_forked_by_a_daemonic_process():
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=lambda: send.send(workers.can_fork_here()), daemon=True)
    process.start()
    assert receive.recv() is False
    process.join()
