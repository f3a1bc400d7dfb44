"""A build's folders are apart (issue 16, review of the lock and swap): the site, the Markdown
export and the cache each a folder of their own, none inside another nor around the content,
and nothing that is not a folder replaced. Before, `export_dir: site` made a build wait for
itself forever (flock is per open file, so a process locking one file twice blocks), and
`--site .` would have swapped the whole archive away."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from build_processes import REPO, build_env, cli_build, ended_after, tree
from builder import sitefolder
from helpers import make_tiny_archive

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="flock: Linux")

APART = (": a build replaces the site and the Markdown export whole, so the site, the export and the cache must "
         "each be a folder of their own, apart from one another and from the content; set them apart (--site, "
         "or export_dir, cache_dir, content_dir in the archive plugin's options in mkdocs.yml)")


@pytest.fixture
def archive(tmp_path):
    made = make_tiny_archive(tmp_path / "archive", export=True)
    made.build()
    return made


def set_option(config: Path, name: str, value: str) -> None:
    """Set (or add after export_dir) one option of the archive plugin in the test's mkdocs.yml."""
    text = config.read_text(encoding="utf-8")
    line = re.compile(rf"^( +){name}:.*$", re.M)
    if line.search(text):
        text = line.sub(lambda m: f"{m.group(1)}{name}: {value}", text, count=1)
    else:
        text = re.sub(r"^( +)export_dir:.*$", lambda m: f"{m.group(0)}\n{m.group(1)}{name}: {value}", text,
                      count=1, flags=re.M)
    config.write_text(text, encoding="utf-8")


def failed_build(archive, site: Path, tmp_path: Path) -> str:
    """`archive build` that must fail at once (a build that waits for itself would hang): its stderr."""
    stderr = tmp_path / "stderr"
    with open(stderr, "wb") as errors, ended_after(cli_build(archive, site, errors)) as build:
        try:
            code = build.wait(timeout=120)
        except subprocess.TimeoutExpired:
            pytest.fail("the build hung: " + stderr.read_text()[-2000:])
    assert code == 1, stderr.read_text()[-3000:]
    return stderr.read_text()


def test_an_export_folder_that_is_the_site_is_refused_and_nothing_hangs(archive, tmp_path):
    site = archive.root / "site"
    before = tree(site)
    set_option(archive.config, "export_dir", str(site))
    errors = failed_build(archive, site, tmp_path)
    assert f"the site folder and the Markdown export folder (export_dir) are the same folder, {site}{APART}" in errors
    assert "waiting" not in errors
    assert tree(site) == before
    assert sorted(p.name for p in archive.root.iterdir()) == [".export.lock", ".site.lock", "build", "content",
                                                               "export", "mkdocs.yml", "site"]


@pytest.mark.parametrize("case", ["cache inside the site", "export inside the content", "site around the archive",
                                  "site inside the content", "cache is the export"])
def test_folders_inside_one_another_are_refused(archive, case, tmp_path):
    root, site = archive.root, archive.root / "site"
    content = archive.content.resolve()
    if case == "cache inside the site":
        set_option(archive.config, "cache_dir", str(site / "cache"))
        problem = f"the cache folder (cache_dir), {site / 'cache'}, is inside the site folder, {site}"
    elif case == "export inside the content":
        set_option(archive.config, "export_dir", str(content / "markdown"))
        problem = f"the Markdown export folder (export_dir), {content / 'markdown'}, is inside the content folder, {content}"
    elif case == "site around the archive":  # would have swapped the whole archive away
        site = root
        problem = f"the content folder, {content}, is inside the site folder, {root}"
    elif case == "site inside the content":
        site = content / "site"
        problem = f"the site folder, {site}, is inside the content folder, {content}"
    else:
        set_option(archive.config, "cache_dir", str(archive.export_dir))
        problem = f"the Markdown export folder (export_dir) and the cache folder (cache_dir) are the same folder, " \
                  f"{archive.export_dir}"
    before = {name: tree(root / name) for name in ("site", "content", "export")}
    errors = failed_build(archive, site, tmp_path)
    assert problem + APART in errors
    assert {name: tree(root / name) for name in ("site", "content", "export")} == before
    assert not (content / "site").exists() and not (content / "markdown").exists()
    assert not [p for p in content.iterdir() if p.name.startswith(".")]  # no lock, no staging folder


def test_a_file_where_the_site_goes_is_kept(archive, tmp_path):
    notes = archive.root / "notes.txt"
    notes.write_text("my notes\n", encoding="utf-8")
    errors = failed_build(archive, notes, tmp_path)
    assert (f"{notes} is not a folder; a build replaces a folder there whole, so it would be lost: move it away "
            f"or choose another place") in errors
    assert notes.read_text(encoding="utf-8") == "my notes\n"
    assert not [p for p in archive.root.iterdir() if p.name.startswith(".notes.txt-")]


def test_archive_export_into_the_content_is_refused(archive):
    content = archive.content.resolve()
    before = tree(content)
    done = subprocess.run([sys.executable, "-m", "builder", "export", "--content", str(content), "--out", str(content)],
                          cwd=REPO, env=build_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr == (f"archive export: the export folder (--out) and the content folder (--content) are the "
                           f"same folder, {content}{APART}\n")
    assert tree(content) == before


LOCK_TWICE = """
import sys
from pathlib import Path
from builder.sitefolder import FolderClash, Lock

target = Path(sys.argv[1])
with Lock(target):
    try:
        Lock(target).acquire()
    except FolderClash as exc:
        print(exc)
"""


def test_a_lock_taken_twice_by_one_build_is_an_error_not_a_wait(tmp_path):
    target = tmp_path / "site"
    done = subprocess.run([sys.executable, "-c", LOCK_TWICE, str(target)], cwd=REPO, env=build_env(),
                          capture_output=True, text=True, timeout=60)
    assert done.stdout == (f"this build already holds {tmp_path / '.site.lock'}: {target} is one of its folders "
                           f"twice (the site, the Markdown export and the cache must each be a folder of their "
                           f"own)\n"), done.stderr
    assert done.returncode == 0


def test_another_thread_still_waits_for_the_lock(tmp_path):
    """The check is per thread: another thread of the process (say, `archive serve`) waits its turn."""
    target, taken = tmp_path / "site", []
    held = sitefolder.Lock(target).acquire()
    other = threading.Thread(target=lambda: taken.append(sitefolder.Lock(target).acquire()))
    other.start()
    other.join(timeout=1)
    assert other.is_alive() and not taken  # waiting, not refused
    held.release()
    other.join(timeout=60)
    assert len(taken) == 1
    taken[0].release()


def test_an_offline_zip_inside_the_site_is_refused(archive):
    """The next build would swap the zip, its lock and its staging folder away with the site."""
    from mkdocs.exceptions import Abort

    from builder.bridge.bundle import make_bundle

    site = archive.root / "site"
    before = tree(site)
    with pytest.raises(Abort) as refused:
        make_bundle(archive.config, site, content_dir=archive.content)
    assert str(refused.value) == (f"the offline zip, {site / 'tiny-test-archive-offline.zip'}, is inside the site "
                                  f"folder (site_dir), {site}{APART}")
    assert tree(site) == before and not [p for p in site.iterdir() if p.name.startswith(".")]


def test_a_large_old_site_is_removed_by_a_process_of_its_own_and_this_one_does_not_wait(tmp_path):
    site = tmp_path / "site"
    work = sitefolder.staging(site)
    for number in range(300):
        page = work / "site" / "documents" / f"doc-{number}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text("old page\n", encoding="utf-8")
    sitefolder.remove(work, in_background=True)
    for _ in range(200):  # removed by `rm -rf` meanwhile
        if not work.exists():
            break
        time.sleep(0.05)
    assert not work.exists()


def test_a_folder_not_marked_as_the_builders_is_never_handed_to_a_process_to_remove(tmp_path, monkeypatch):
    folder = tmp_path / ".site-building-notmine"
    (folder / "a").mkdir(parents=True)
    started = []
    monkeypatch.setattr(subprocess, "run", lambda *args, **kwargs: started.append(args))
    sitefolder.remove(folder, in_background=True)
    assert started == [] and not folder.exists()  # removed here, at once


def test_the_next_build_leaves_a_folder_being_removed_to_its_process(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    work = sitefolder.staging(site)
    (work / "site" / "a").mkdir(parents=True)
    # (the folder in its command line; "; true" keeps sh from replacing itself with sleep, which drops it)
    sleeper = subprocess.Popen(["sh", "-c", "sleep 30; true", "sh", str(work)])
    cmdline = Path(f"/proc/{sleeper.pid}/cmdline")
    for _ in range(500):  # a process just started may not show its command line yet
        if os.fsencode(work) in cmdline.read_bytes().split(b"\0"):
            break
        time.sleep(0.01)
    try:
        (tmp_path / f"{work.name}.removing").write_text(str(sleeper.pid), encoding="ascii")
        sitefolder.clear_debris(site)
        assert work.is_dir()  # left to the process removing it
    finally:
        sleeper.kill()
        sleeper.wait()
    sitefolder.clear_debris(site)  # that process is gone: removed now, and its note too
    assert not work.exists() and not (tmp_path / f"{work.name}.removing").exists()


def test_a_process_whose_id_was_reused_does_not_keep_debris(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    work = sitefolder.staging(site)
    other = subprocess.Popen(["sleep", "30"])  # alive, but not removing this folder
    try:
        (tmp_path / f"{work.name}.removing").write_text(str(other.pid), encoding="ascii")
        sitefolder.clear_debris(site)
        assert not work.exists()
    finally:
        other.kill()
        other.wait()
