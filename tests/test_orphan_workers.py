"""A killed build takes its worker processes with it (issue 16: after `kill -9` during the
per-document stage, both pool workers stayed alive). Each build runs in a new session; the
test kills the build alone, then expects no process of its group to be left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import make_tiny_archive, set_plugin_option
from build_processes import REPO, ended_after, group, start, wait_for
from builder.pipeline.documents import PARALLEL_FROM
from builder.linkcheck import PARALLEL_FROM as PAGES_IN_PARALLEL_FROM

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG and /proc: Linux")

STORY = "Report number {0} on the council\n\nBy Author {0}\n\nThe council met on Thursday to hear report {0}.\n"

STUCK_WORKERS = """
import os, sys, time
from pathlib import Path
from builder.pipeline import documents
from builder.bridge.site import build_site

config, site, content, markers = sys.argv[1:]

def run_batch(batch):  # a worker busy with the per-document stages
    Path(markers, str(os.getpid())).touch()
    time.sleep(600)

documents.run_batch = run_batch
build_site(Path(config), Path(site), content_dir=Path(content))
"""

SLOW_PAGES = """
# Only on the PYTHONPATH of one test: the link check's processes take forever over a page.
import os, pathlib, sys, time

_read_text = pathlib.Path.read_text

def read_text(self, *args, **kwargs):
    if self.suffix == ".html" and sys.argv[0].endswith("linkcheck.py"):
        pathlib.Path(os.environ["STUCK_MARKERS"], str(os.getpid())).touch()
        time.sleep(600)
    return _read_text(self, *args, **kwargs)

pathlib.Path.read_text = read_text
"""


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def parent(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat[stat.rindex(")") + 2:].split()[1])


def kill_and_expect_no_one_left(build: subprocess.Popen) -> None:
    os.kill(build.pid, signal.SIGKILL)
    build.wait(timeout=60)
    wait_for(lambda: not group(build.pid), timeout=10, what=f"the build's processes to end: {group(build.pid)}")


def test_the_pool_workers_of_a_killed_build_end_with_it(tmp_path):
    made = make_tiny_archive(tmp_path / "archive", {f"doc-{k:03d}.txt": STORY.format(k) for k in range(PARALLEL_FROM)},
                             {})
    set_plugin_option(made.config, jobs=2)
    markers = tmp_path / "markers"
    markers.mkdir()
    args = ["-c", STUCK_WORKERS, str(made.config), str(made.root / "site"), str(made.content), str(markers)]
    with open(tmp_path / "stderr", "wb") as errors, ended_after(start(args, errors)) as build:
        wait_for(lambda: any(markers.iterdir()), build, what="a worker started on the documents")
        workers = set(group(build.pid)) - {build.pid}
        assert len(workers) == 2, {pid: command_line(pid) for pid in workers}  # jobs: 2
        assert {int(marker.name) for marker in markers.iterdir()} <= workers
        kill_and_expect_no_one_left(build)


def test_the_link_check_of_a_killed_build_ends_with_it(tmp_path):
    """The link check of a big site runs in a process of its own, with its own pool."""
    site = tmp_path / "site"
    site.mkdir()
    pages = [f"page-{n}.html" for n in range(PAGES_IN_PARALLEL_FROM + 50)]
    links = "".join(f'<a href="{page}">{page}</a>' for page in pages)
    for page in ["index.html", *pages]:
        (site / page).write_text(f"<html><body>{links}</body></html>", encoding="utf-8")
    injected, markers = tmp_path / "injected", tmp_path / "markers"
    injected.mkdir()
    markers.mkdir()
    (injected / "sitecustomize.py").write_text(SLOW_PAGES, encoding="utf-8")
    script = "import sys; from pathlib import Path; from builder.linkcheck import check_site_apart; " \
             "check_site_apart(Path(sys.argv[1]))"
    with open(tmp_path / "stderr", "wb") as errors, ended_after(start(
            ["-c", script, str(site)], errors, PYTHONPATH=str(injected), STUCK_MARKERS=str(markers))) as build:
        wait_for(lambda: any(markers.iterdir()), build, what="the link check started on the pages")
        started = set(group(build.pid)) - {build.pid}
        (check,) = [pid for pid in started if parent(pid) == build.pid]
        assert "-m builder.linkcheck" in command_line(check)
        if (os.cpu_count() or 1) > 1:  # the check's own pool
            assert {pid: parent(pid) for pid in started - {check}} == dict.fromkeys(started - {check}, check)
            assert len(started) == 1 + os.cpu_count()
        kill_and_expect_no_one_left(build)


def test_a_worker_whose_parent_is_already_gone_ends_at_once():
    check = "import sys; from builder.workers import die_with_parent; die_with_parent(int(sys.argv[1])); print('alive')"
    gone = subprocess.run([sys.executable, "-c", check, "1"], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert (gone.returncode, gone.stdout) == (1, "")
    here = subprocess.run([sys.executable, "-c", check, str(os.getpid())], cwd=REPO, capture_output=True, text=True,
                          timeout=60)
    assert (here.returncode, here.stdout) == (0, "alive\n")
