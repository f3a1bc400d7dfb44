"""Worker processes that end with the process that started them.

A killed build (``kill -9``) cannot shut its pools down: its workers would wait for work
forever, keeping their memory (and a copy of the build's locks, see sitefolder). Each
worker and the link check's process therefore asks Linux to kill it when its parent ends
(``prctl(PR_SET_PDEATHSIG, SIGKILL)``), then checks that its parent is still the one that
started it: a parent that died before the request was made would never send the signal.

The kernel sends the signal when the *thread* that started the worker ends. The pools are
started, used and shut down by the thread that runs the build, so for them the thread's end
is the build's end. Elsewhere than Linux only the check is made.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import pickle
import shutil
import signal
import sys
import tempfile
import threading
import traceback
from typing import Callable, Iterable, Iterator

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Be killed when the parent process ends; end now if ``parent`` is already gone (a pool's
    initializer: ``initializer=die_with_parent, initargs=(os.getpid(),)``)."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):  # no C library to ask: the check below still runs
            pass
    if os.getppid() != parent:
        os._exit(1)


def can_fork_here() -> bool:
    """May this process fork a copy of itself to work beside it? Only where fork exists, when
    no other thread runs (`archive serve` builds in one: a copy forked then may hang on a lock
    another thread held), and when this process may have children (not a daemonic worker)."""
    return ("fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
            and not multiprocessing.current_process().daemon)


def resident_mb() -> float:
    """This process's resident memory in MB (0 where /proc does not tell it)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2 ** 20
    except (OSError, ValueError, IndexError):
        return 0.0


class Forked:
    """``produce()`` run in a forked copy of this process while this one goes on: what it yields
    is pickled into a file as it comes, and read back here, in order, by :meth:`results`. The
    copy holds everything this process holds at the fork (nothing is sent to it), and ends
    with this process (:func:`die_with_parent`)."""

    def __init__(self, produce: Callable[[], Iterable[object]]) -> None:
        self.folder = tempfile.mkdtemp(prefix="archive-forked-")
        self.path = os.path.join(self.folder, "produced")
        context = multiprocessing.get_context("fork")
        self.receive, send = context.Pipe(duplex=False)
        self.process = context.Process(target=_produce, args=(produce, self.path, send, os.getpid()), daemon=True)
        self.process.start()
        send.close()

    def results(self) -> Iterator[object]:
        """What ``produce()`` yielded, once the copy has ended; raises RuntimeError, with what
        went wrong there, if it failed or died."""
        try:
            try:
                outcome, detail = self.receive.recv()
            except (EOFError, OSError):
                outcome, detail = "died", ""
            self.process.join()
            if outcome == "failed":
                raise RuntimeError(f"a forked process failed:\n{detail}")
            if outcome != "done":
                raise RuntimeError(f"a forked process died (exit code {self.process.exitcode})")
            with open(self.path, "rb") as produced:
                while True:
                    try:
                        yield pickle.load(produced)
                    except EOFError:
                        break
        finally:  # (also when this process is interrupted while it waits: the copy goes too)
            self.stop()

    def stop(self) -> None:
        """End the copy if it still runs (its work not wanted: the building process failed),
        and remove what it wrote."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.receive.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def _produce(produce: Callable[[], Iterable[object]], path: str, send, parent: int) -> None:
    die_with_parent(parent)
    try:
        with open(path, "wb") as produced:
            for item in produce():
                pickle.dump(item, produced, protocol=pickle.HIGHEST_PROTOCOL)
        send.send(("done", ""))
    except BaseException:  # (what the building process reports: the copy prints nothing)
        send.send(("failed", traceback.format_exc()))
