"""Rendering on every core: pages rendered by forked processes are the bytes a serial render
writes; what those processes log reaches the build's log; a page that fails there, or a
process that dies, fails the build and leaves the previous site.

The demo has fewer pages than it takes to share the work (parallel.FROM), and than a forked
process renders before a fresh one takes over (parallel.WAVE): the tests lower both.
"""

from __future__ import annotations

import logging
import os
import signal
import shutil
import tempfile

import pytest

from builder.bridge import parallel
from builder.bridge.site import build_site
from helpers import REPO_CONTENT, set_plugin_option, tree_digest, write_config


@pytest.fixture
def demo_copy(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "FROM", 10)
    monkeypatch.setattr(parallel, "WAVE", 7)
    content = tmp_path / "content"
    shutil.copytree(REPO_CONTENT, content)
    return tmp_path, content


def _build(root, content, name: str, jobs: int | None = None):
    folder = root / name
    folder.mkdir()
    config = write_config(folder / "mkdocs.yml", content_dir=content)
    if jobs is not None:
        set_plugin_option(config, jobs=jobs)
    return build_site(config, folder / "site", content_dir=content), folder / "site"


def test_pages_rendered_on_two_processes_are_the_bytes_of_a_serial_render(demo_copy, monkeypatch):
    root, content = demo_copy
    in_children = []
    real = parallel._build_page

    def counted(page, *args, **kwargs):
        in_children.append(page.file.src_uri)  # (in the forked process: sent nowhere)
        return real(page, *args, **kwargs)

    monkeypatch.setattr(parallel, "_build_page", counted)
    waves = []  # the pages of each process forked
    real_next = parallel.Apart._next

    def forking(self, number):
        share = self.waves[number][0] if self.waves[number] else None
        real_next(self, number)
        if share is not None:
            waves.append(len(share))

    monkeypatch.setattr(parallel.Apart, "_next", forking)
    serial, serial_site = _build(root, content, "serial", jobs=1)
    both, both_site = _build(root, content, "both", jobs=2)
    assert tree_digest(both_site) == tree_digest(serial_site)
    assert both.rendered == serial.rendered > 100
    assert in_children == []  # nothing was rendered in this process by the forked processes' code
    # Each share's pages were rendered by a process forked for each 7 of them, one after another.
    assert len(waves) > 4 and max(waves) == 7 and sum(waves) > both.rendered // 2
    # The forked processes were not handed the model (bridge.letgo): the build let go of it
    # first, its counts kept; the search index, made from it, is in the same bytes (above).
    assert both.archive is None and both.index is None and both.search == {}
    assert serial.archive is not None and len(serial.archive.documents) == 5
    assert both.tally == serial.tally
    assert (serial.tally.documents, serial.tally.entities) == (5, len(serial.archive.entities))
    assert serial.tally.annotations == sum(1 for a in serial.archive.annotations if a.spans) > 0


def test_with_progress_reported_each_process_is_forked_outside_the_rendering_of_a_page(demo_copy, monkeypatch):
    """The building process renders the pages in the navigation itself, and reports progress
    from its hooks as it renders each: a process forked there would copy the state of the
    page it is rendering (its navigation item marked active) into every page it renders. Each
    is forked when no page is being rendered, and the site is a serial render's, byte for byte."""
    root, content = demo_copy
    monkeypatch.setattr(parallel, "WAVE", 2)
    states = []  # at each fork: the page the building process renders, the navigation items marked active
    real_next = parallel.Apart._next

    def forking(self, number):
        config, nav = self.start[0], self.start[1]
        states.append((config._current_page, [page.file.src_uri for page in nav.pages if page.active]))
        real_next(self, number)

    monkeypatch.setattr(parallel.Apart, "_next", forking)
    reported = []

    def build(name: str, jobs: int):
        folder = root / name
        folder.mkdir()
        config = write_config(folder / "mkdocs.yml", content_dir=content)
        set_plugin_option(config, jobs=jobs)
        build_site(config, folder / "site", content_dir=content, progress=lambda *told: reported.append(told), reuse=False)
        return tree_digest(folder / "site")

    assert build("both", 2) == build("serial", 1)
    assert len(states) > 20 and all(state == (None, []) for state in states)
    assert any(told[0] == "pages" for told in reported)


def _failing_build(root, content, caplog, action):
    """Build once (good), then build again with ``action`` run by a forked process on its
    first page; return the error and what was logged."""
    result, site = _build(root, content, "archive", jobs=2)
    before = tree_digest(site)
    real = parallel._build_page

    def failing(page, *args, **kwargs):
        action(page)
        return real(page, *args, **kwargs)

    config = root / "archive" / "mkdocs.yml"
    scratch = root / "tmp"  # where the rendering processes write what they scan: removed all the same
    scratch.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tempfile, "tempdir", str(scratch))
        patch.setattr(parallel, "_build_page", failing)
        (content / "sources" / "china-backs-ban-ki-moon.yml").write_text("publication: CNS News\n", encoding="utf-8")
        shutil.rmtree(root / "archive" / "build" / "cache")  # every page rendered again
        caplog.clear()
        with caplog.at_level(logging.WARNING), pytest.raises(Exception) as caught:
            build_site(config, site, content_dir=content)
    assert tree_digest(site) == before
    assert not [p for p in site.parent.iterdir() if "-building-" in p.name]
    assert list(scratch.iterdir()) == []
    return caught.value


def test_a_page_failing_in_another_process_fails_the_build_and_keeps_the_site(demo_copy, caplog):
    root, content = demo_copy

    def fail(page):
        raise ValueError(f"cannot render {page.file.src_uri}")

    error = _failing_build(root, content, caplog, fail)
    assert str(error).startswith("rendering pages in another process failed: ValueError: cannot render ")


def test_a_rendering_process_that_dies_fails_the_build_and_keeps_the_site(demo_copy, caplog):
    root, content = demo_copy

    def die(page):
        os.kill(os.getpid(), signal.SIGKILL)

    error = _failing_build(root, content, caplog, die)
    assert str(error) == f"rendering pages in another process failed: exit code -{int(signal.SIGKILL)}"


def test_what_another_process_logs_while_rendering_is_logged_by_the_build_and_again_when_reused(
        demo_copy, caplog, monkeypatch):
    root, content = demo_copy
    real = parallel._build_page

    def warning(page, config, *args, **kwargs):  # run by the forked process only
        config._current_page = page  # as MkDocs sets it while it renders the page
        logging.getLogger("mkdocs.structure.pages").warning("a warning about %s", page.file.src_uri)
        return real(page, config, *args, **kwargs)

    monkeypatch.setattr(parallel, "_build_page", warning)

    def warnings_logged() -> list[str]:
        return sorted(r.getMessage() for r in caplog.records
                      if r.name == "mkdocs.structure.pages" and r.getMessage().startswith("a warning about"))

    with caplog.at_level(logging.WARNING):
        result, site = _build(root, content, "archive", jobs=2)
    first = warnings_logged()
    assert len(first) > result.rendered // 3 and len(set(first)) == len(first)
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        again = build_site(root / "archive" / "mkdocs.yml", site, content_dir=content)
    assert again.rendered == 1 and warnings_logged() == first  # reused pages warn as they did


def test_pages_are_dealt_by_their_size():
    sizes = {"big": 400_000, "a": 1_000, "b": 1_000, "c": 1_000, "d": 1_000, "e": 60_000}
    pages = ["a", "big", "b", "c", "d"]
    # The largest first, each to the share that costs least so far; each share in the pages' order.
    assert parallel.deal(pages, 2, sizes.__getitem__) == [["big"], ["a", "b", "c", "d"]]
    assert parallel.deal(["a", "e", "b", "big"], 3, sizes.__getitem__) == [["big"], ["e"], ["a", "b"]]
    assert parallel.deal([], 3, sizes.__getitem__) == [[], [], []]


def test_a_navigation_without_titles_reads_the_same_in_pages_rendered_by_another_process(demo_copy):
    """Titles then come from the pages themselves, which the forked process reads first."""
    root, content = demo_copy
    nav = ["index.md", "topics/index.md", "timeline.md", "entities/index.md", "annotations/index.md",
           "authors/index.md", "publications/index.md", "about.md", "review.md"]
    sites = {}
    for jobs in (1, 2):
        folder = root / f"jobs{jobs}"
        folder.mkdir()
        config = write_config(folder / "mkdocs.yml", content_dir=content, nav=nav)
        set_plugin_option(config, jobs=jobs)
        build_site(config, folder / "site", content_dir=content)
        sites[jobs] = tree_digest(folder / "site")
    assert sites[2] == sites[1]
    page = (root / "jobs2" / "site" / "documents" / "china-backs-ban-ki-moon" / "index.html").read_text(encoding="utf-8")
    assert "Timeline" in page and ">None<" not in page and "None\n" not in page
