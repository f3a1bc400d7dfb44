"""Builds that are killed or run at the same time (issue 16, "Build debris and crashes"): the site
is swapped in whole, whatever a killed build left is removed by the next one, and a second
build of the same archive waits for the first instead of crashing."""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import signal
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

import pytest

from helpers import REPO, make_tiny_archive, set_plugin_option
from build_processes import EPOCH, cli_build, ended_after, start, tree, wait_for
from builder import folderexchange, sitefolder
from builder.bridge.bundle import make_bundle

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="flock, renameat2 and /proc: Linux")

THIRD_STORY = "Third report on the council\n\nBy Ann Lee\n\nThe council met again on Thursday to hear the report.\n"


@pytest.fixture
def archive(tmp_path, monkeypatch):
    """A tiny archive with its Markdown export, built once; builds here are dated alike."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    made = make_tiny_archive(tmp_path / "archive", export=True)
    made.build()
    return made


def beside(folder: Path) -> list[str]:
    """What is beside ``folder`` with its name in it (the folder, its lock, debris)."""
    return sorted(p.name for p in folder.parent.iterdir() if folder.name in p.name)


def lock_is_free(target: Path) -> bool:
    with open(target.parent / f".{target.name}.lock", "rb") as file:
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


# --- the swap ---------------------------------------------------------------------------------

@pytest.mark.parametrize("by", ["libc", "syscall"])
def test_exchange_swaps_two_folders_in_one_step(tmp_path, by, monkeypatch):
    if by == "syscall":  # a C library without renameat2 (glibc before 2.28)
        call = folderexchange._by_syscall(ctypes.CDLL(None, use_errno=True))
        if call is None:
            pytest.skip("renameat2's number on this machine is not known")
        monkeypatch.setattr(folderexchange, "_renameat2", lambda: call)
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "from-a").write_text("a")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "from-b").write_text("b")
    sitefolder.exchange(tmp_path / "a", tmp_path / "b")
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["from-b"]
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["from-a"]
    with pytest.raises(FileNotFoundError):
        sitefolder.exchange(tmp_path / "a", tmp_path / "missing")


def test_a_build_over_a_site_exchanges_it_whole(archive, monkeypatch):
    site = archive.root / "site"
    old_inode = site.stat().st_ino
    exchanged = []
    real = sitefolder.exchange
    monkeypatch.setattr(sitefolder, "exchange",
                        lambda a, b: (exchanged.append((a.parent.name.split("-building-")[0], a.name, b)), real(a, b)))
    archive.add("third-2024.txt", THIRD_STORY)
    archive.build()
    # The export, then the site, each built in its staging folder and exchanged with the folder it
    # replaces (not two renames).
    assert exchanged == [(".export", "tree", archive.export_dir), (".site", "site", site)]
    assert beside(site) == [".site.lock", "site"]  # one folder named site, no staging or old copy left
    assert beside(archive.export_dir) == [".export.lock", "export"]
    assert site.is_dir() and not site.is_symlink() and site.stat().st_ino != old_inode
    assert (site / "documents" / "third-2024" / "index.html").is_file()


def test_where_the_exchange_is_refused_two_renames_replace_the_site(archive, monkeypatch):
    def refused(a, b):
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(sitefolder, "exchange", refused)
    archive.add("third-2024.txt", THIRD_STORY)
    site = archive.build()
    assert beside(site) == [".site.lock", "site"]
    assert (site / "documents" / "third-2024" / "index.html").is_file()


# --- builds killed while replacing the site ------------------------------------------------------

KILLED_BUILD = """
import errno, os, sys, time
from pathlib import Path
from builder import folderexchange, sitefolder
from builder.bridge.site import build_site

config, site, content, marker, point = sys.argv[1:]
real_swap, real_rename = sitefolder.swap, os.rename

def pause():
    Path(marker).write_text(point)
    time.sleep(600)

def swap(new, target):  # (the Markdown export is swapped in too, earlier)
    if point == "before the swap" and target.name == "site":
        pause()
    real_swap(new, target)
    if point == "after the swap" and target.name == "site":
        pause()

def refused(a, b):
    raise OSError(errno.EINVAL, "Invalid argument")

def rename(source, target, **kwargs):
    real_rename(source, target, **kwargs)
    if Path(source).name == "site" and Path(target).name == "previous":
        pause()

sitefolder.swap = swap
if point == "between the two renames":  # a file system without RENAME_EXCHANGE
    sitefolder.exchange = refused
    os.rename = rename
build_site(Path(config), Path(site), content_dir=Path(content))
"""


def kill_at(archive, point: str, tmp_path: Path) -> None:
    """Build the archive in another process and SIGKILL it at ``point``."""
    marker = tmp_path / "paused"
    args = ["-c", KILLED_BUILD, str(archive.config), str(archive.root / "site"), str(archive.content), str(marker),
            point]
    with open(tmp_path / "stderr", "wb") as errors, ended_after(start(args, errors)) as build:
        wait_for(marker.exists, build, what=f"the build reached {point}")
        os.kill(build.pid, signal.SIGKILL)
        build.wait(timeout=60)


@pytest.mark.parametrize("point", ["before the swap", "after the swap"])
def test_a_build_killed_at_the_swap_leaves_a_whole_site_and_the_next_build_cleans_up(archive, point, tmp_path):
    site = archive.root / "site"
    old = tree(site)
    archive.add("third-2024.txt", THIRD_STORY)
    kill_at(archive, point, tmp_path)
    assert site.is_dir()
    killed = tree(site)
    if point == "before the swap":
        assert killed == old
    else:
        assert "documents/third-2024/index.html" in killed
    assert [name for name in beside(site) if name.startswith(".site-building-")]  # the kill left debris
    assert lock_is_free(site)  # the killed build's lock went with it
    archive.build()
    assert beside(site) == [".site.lock", "site"]
    if point == "after the swap":  # the site the killed build swapped in was whole: the same as a full build's
        assert tree(site) == killed
    assert "documents/third-2024/index.html" in tree(site)


def test_a_build_killed_between_the_two_renames_gets_the_old_site_back(archive, tmp_path):
    site = archive.root / "site"
    old = tree(site)
    archive.add("third-2024.txt", THIRD_STORY)
    kill_at(archive, "between the two renames", tmp_path)
    assert not site.exists()  # the fallback's window: what the next build repairs first
    (work,) = [p for p in site.parent.iterdir() if p.name.startswith(".site-building-")]
    assert tree(work / "previous") == old and (work / sitefolder.MARK).is_file()
    with sitefolder.Lock(site):
        sitefolder.clear_debris(site)
    assert tree(site) == old
    assert beside(site) == [".site.lock", "site"]
    archive.build()
    assert "documents/third-2024/index.html" in tree(site)


# --- debris ---------------------------------------------------------------------------------------

REVIEWERS = [".site-settings", ".site-previous", ".site-original", ".site-old-designs", ".site-building-notes"]
"""Folders a person may name so (the review's reproduction): no build may remove or move them."""


def user_folders(parent: Path, names: list[str]) -> dict[str, dict[str, bytes]]:
    """Make each folder with a file in it; return what they hold, to compare after the build."""
    for name in names:
        (parent / name / "deep").mkdir(parents=True)
        (parent / name / "important.txt").write_text(f"kept in {name}\n", encoding="utf-8")
        (parent / name / "deep" / "page.html").write_bytes(b"x" * 100_000)
    return {name: tree(parent / name) for name in names}


def test_a_build_removes_what_killed_builds_left_and_nothing_else(tmp_path, monkeypatch):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    made = make_tiny_archive(tmp_path / "archive", export=True, about=False)  # MkDocs needs an empty docs folder
    root = made.root
    made.build()
    # Staging folders of this version (marked), then the exact names earlier versions left.
    marked = [sitefolder.staging(root / "site").name, sitefolder.staging(made.export_dir).name]
    legacy = [".site-building-k3j4h5g6", ".site-old-4242", ".export-building-abcdefgh"]
    others = [*REVIEWERS, ".site-notes", ".export-keep", ".sitemap", "site-old-1", ".site-k2j3h4g5", ".export-k2j3h4g5",
              ".site-old-20261205", ".site-building-abc", ".export-old-designs", ".export-settings-2"]
    kept = user_folders(root, others)
    user_folders(root, legacy)
    for name in marked:
        (root / name / "deep").mkdir()
        (root / name / "deep" / "page.html").write_bytes(b"x" * 100_000)
    (root / ".site-building-link0001").symlink_to(root / ".site-settings")  # a link is never followed nor removed
    made.build()
    assert sorted(p.name for p in root.iterdir() if p.name.startswith((".", "site"))) == sorted(
        [".export.lock", ".site.lock", "site", ".site-building-link0001"] + others)
    assert {name: tree(root / name) for name in others} == kept
    assert (root / "export" / "index.md").is_file()
    assert list(temporary.iterdir()) == []  # nothing of the build outside the folders it locks


def test_what_earlier_versions_left_beside_the_export_in_build_goes(tmp_path):
    """Earlier versions staged build/markdown in build/.markdown-XXXXXXXX (mkdtemp's 8 characters)."""
    export = tmp_path / "build" / "markdown"
    kept = user_folders(export.parent, [".markdown-notes", ".markdown-old-designs", ".markdown-building-mine"])
    user_folders(export.parent, [".markdown-k2j3h4g5", ".markdown-building-a_b9c8d7"])
    sitefolder.write_tree(export, [("index.md", "# Home\n")])
    assert beside(export) == sorted([".markdown.lock", "markdown", *kept])
    assert {name: tree(export.parent / name) for name in kept} == kept
    assert tree(export) == {"index.md": b"# Home\n"}


def test_the_reviewers_folders_survive_archive_build(archive, tmp_path):
    """The review's reproduction, through the CLI: beside the site and beside the export."""
    names = REVIEWERS + [name.replace(".site-", ".export-") for name in REVIEWERS]
    kept = user_folders(archive.root, names)
    with open(tmp_path / "stderr", "wb") as errors, ended_after(cli_build(archive, archive.root / "site", errors)) as build:
        assert build.wait(timeout=300) == 0, (tmp_path / "stderr").read_text()[-3000:]
    assert {name: tree(archive.root / name) for name in names} == kept
    assert (archive.root / "site" / "index.html").is_file()


def test_a_missing_site_is_never_replaced_by_a_users_folder(archive):
    site = archive.root / "site"
    shutil.rmtree(site)
    kept = user_folders(archive.root, [".site-old-designs", ".site-old-20261205"])
    with sitefolder.Lock(site):
        sitefolder.clear_debris(site)
    assert not site.exists()
    archive.build()
    assert {name: tree(archive.root / name) for name in kept} == kept
    assert "important.txt" not in tree(site) and (site / "index.html").is_file()


def test_a_missing_site_is_put_back_from_what_an_earlier_version_left(archive):
    """Earlier versions renamed the site to .site-old-PID before moving the new one in."""
    site = archive.root / "site"
    old = tree(site)
    site.rename(archive.root / ".site-old-31337")
    with sitefolder.Lock(site):
        sitefolder.clear_debris(site)
    assert tree(site) == old
    assert beside(site) == [".site.lock", "site"]


def test_a_bundle_works_beside_its_zip_and_removes_what_killed_bundles_left(tmp_path, monkeypatch):
    made = make_tiny_archive(tmp_path / "archive")
    out = tmp_path / "dist"
    left = out / ".tiny-test-archive-offline.zip-building-abcd1234"
    (left / "site").mkdir(parents=True)
    (left / "tiny-test-archive-offline.zip").write_bytes(b"half a zip")
    theirs = [".tiny-test-archive-offline.zip-old-designs", ".tiny-test-archive-offline.zip-building-mine"]
    kept = user_folders(out, theirs)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    result = make_bundle(made.config, out, content_dir=made.content)
    assert result.path == out.resolve() / "tiny-test-archive-offline.zip"
    assert sorted(p.name for p in out.iterdir()) == sorted([".tiny-test-archive-offline.zip.lock",
                                                            "tiny-test-archive-offline.zip", *theirs])
    assert {name: tree(out / name) for name in theirs} == kept
    assert list(temporary.iterdir()) == []


# --- two builds at once ------------------------------------------------------------------------

@pytest.mark.parametrize("held", ["fresh-site", "build/cache", "export"])
def test_a_second_build_waits_for_the_lock_and_says_so(archive, held, tmp_path):
    """Whatever a build writes is locked: the site, the cache, the Markdown export."""
    site, target = archive.root / "fresh-site", archive.root / held
    # The staging folder of the build that holds the lock (the cache has none).
    live = target.parent / f".{target.name}-building-live0001"
    stderr = tmp_path / "stderr"
    waiting = (f"INFO    -  another build of this archive is writing {target}; waiting for it to finish "
               f"({target.parent / f'.{target.name}.lock'} is locked)")
    lock = sitefolder.Lock(target).acquire()
    try:
        if held != "build/cache":
            live.mkdir()
        with open(stderr, "wb") as errors, ended_after(cli_build(archive, site, errors)) as build:
            wait_for(lambda: waiting in stderr.read_text(), build, what="the waiting message")
            assert not site.exists()
            assert live.is_dir() or held == "build/cache"
            lock.release()
            assert build.wait(timeout=300) == 0, stderr.read_text()[-3000:]
    finally:
        lock.release()
    assert (site / "index.html").is_file() and (archive.export_dir / "index.md").is_file()
    assert stderr.read_text().count("waiting for it to finish") == 1
    assert not live.exists()  # what the lock holder was building is debris to the next build


TOGETHER = """
import sys, time
from pathlib import Path
from builder.bridge import plugin
from builder.bridge.site import build_site

config, site, content, ready, other, where = sys.argv[1:]

def meet():  # both builds go on from here at the same moment
    Path(ready).touch()
    while not Path(other).exists():
        time.sleep(0.001)

if where == "export":
    real = plugin.write_tree
    def write_tree(root, files):
        meet()
        real(root, files)
    plugin.write_tree = write_tree
else:
    meet()
build_site(Path(config), Path(site), content_dir=Path(content))
"""


@pytest.mark.parametrize("sites, where", [(("site", "site"), "start"), (("site", "preview"), "export")],
                         ids=["one site, started together", "two sites, writing the export together"])
def test_two_builds_at_once_both_succeed_with_a_single_builds_output(archive, sites, where, tmp_path):
    """Both builds share the cache and the export; in the first case also the site. Without the locks,
    builds met in the export's replacement fail with FileNotFoundError (4 times in 6 here)."""
    single, export = tree(archive.root / "site"), tree(archive.export_dir)
    for attempt in range(3):
        ready = [tmp_path / f"ready{attempt}-{n}" for n in (0, 1)]
        logs = [tmp_path / f"build{attempt}-{n}.log" for n in (0, 1)]
        with open(logs[0], "wb") as log0, open(logs[1], "wb") as log1, ExitStack() as running:
            builds = [running.enter_context(ended_after(start(
                ["-c", TOGETHER, str(archive.config), str(archive.root / sites[n]), str(archive.content),
                 str(ready[n]), str(ready[1 - n]), where], log)))
                for n, log in enumerate((log0, log1))]
            codes = [build.wait(timeout=300) for build in builds]
        assert codes == [0, 0], [log.read_text()[-3000:] for log in logs]
        for name in sites:
            assert tree(archive.root / name) == single
            assert beside(archive.root / name) == sorted([f".{name}.lock", name])
        assert tree(archive.export_dir) == export
        assert beside(archive.export_dir) == [".export.lock", "export"]
