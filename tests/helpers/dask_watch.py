"""What the Dask cluster tests put on each worker (tests/test_dask_cluster.py): a worker plugin
that wraps the per-document batch function in the worker's process, to count the batches it
ran, and to kill its process or hold a batch when a test asks; and an audit hook that records
every file or folder the worker opens under the folders a test watches (the content folder and
the cache: a worker must read neither).

The workers import this module as ``helpers.dask_watch`` (they are started from the test
process, with its ``sys.path``).
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from distributed.diagnostics.plugin import WorkerPlugin

import builder.pipeline.documents as documents
import builder.store as store

NAME = "archive-watch"
COUNT, KILL_ONCE, HOLD, OTHER_BUILDER = "count", "kill-once", "hold", "other-builder"

REAL_RUN_BATCH = documents.run_batch
REAL_CODE_VERSION = store.code_version
state = {"mode": COUNT, "marker": "", "batches": 0, "watched": (), "opened": []}


def _run_batch(batch):
    """The batch function as the worker runs it while the plugin is on."""
    mode, marker = state["mode"], state["marker"]
    if mode == KILL_ONCE:
        try:  # the first worker to get here dies, once in the whole cluster
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            pass
        else:
            os.kill(os.getpid(), signal.SIGKILL)
    if mode == HOLD:
        Path(marker).touch()
        time.sleep(60)  # the test takes the scheduler away meanwhile
    state["batches"] += 1
    return REAL_RUN_BATCH(batch)


def _audit(event: str, args) -> None:
    if event in ("open", "os.listdir", "os.scandir") and args and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.fsdecode(args[0])
        if any(path == folder or path.startswith(folder + os.sep) for folder in state["watched"]):
            state["opened"].append(path)


class Watch(WorkerPlugin):
    def __init__(self, mode: str = COUNT, marker: str = "", watched: tuple[str, ...] = ()) -> None:
        self.mode, self.marker, self.watched = mode, marker, watched

    def setup(self, worker) -> None:
        if not state.get("audited"):
            sys.addaudithook(_audit)  # (for the life of the worker process: it cannot be removed)
            state["audited"] = True
        state.update(mode=self.mode, marker=self.marker, watched=self.watched, batches=0, opened=[])
        documents.run_batch = _run_batch  # what the batches sent from now on find, by name, when unpickled
        store.code_version = (lambda: "0" * 64) if self.mode == OTHER_BUILDER else REAL_CODE_VERSION


def seen() -> dict:
    """Run on a worker: the batches it ran and what it opened under the watched folders, since
    the plugin was last set up."""
    return {"batches": state["batches"], "opened": list(state["opened"])}
