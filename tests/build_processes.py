"""Helpers for tests that run builds in other processes and kill them (not a conftest: import
what you need). Every process is started in a new session, so that a test can find and end
the whole group it started, whatever happens to the test."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from helpers import REPO
EPOCH = "1700000000"
"""SOURCE_DATE_EPOCH of every build these tests compare: MkDocs dates the sitemap with the build's day."""


def build_env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **extra}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(REPO), extra.get("PYTHONPATH"),
                                                      os.environ.get("PYTHONPATH"))))
    return env


def start(args: list[str], stderr, **extra_env: str) -> subprocess.Popen:
    """``python ARGS`` in a new session (its process group's id is its pid)."""
    return subprocess.Popen([sys.executable, *args], cwd=REPO, env=build_env(**extra_env), stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)


def cli_build(archive, site: Path, stderr) -> subprocess.Popen:
    """`archive build` of a helpers.TinyArchive into ``site``."""
    return start(["-m", "builder", "build", "--config", str(archive.config), "--site", str(site),
                  "--content", str(archive.content)], stderr)


@contextmanager
def ended_after(process: subprocess.Popen):
    """Kill the process's whole group on the way out, even when the test failed."""
    try:
        yield process
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        process.wait(timeout=60)


def wait_for(condition, process: subprocess.Popen | None = None, timeout: float = 120, what: str = "") -> None:
    """Poll until ``condition()``; fail if ``process`` ends first or the time runs out."""
    deadline = time.monotonic() + timeout
    while not condition():
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the process ended ({process.returncode}) before {what}")
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def group(pgid: int) -> dict[int, str]:
    """The live processes of a process group: pid -> state (zombies, which are dead, left out)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended meanwhile
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # state, ppid, pgrp, ...
        if int(fields[2]) == pgid and fields[0] not in "ZX":
            found[int(entry.name)] = fields[0]
    return found


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
