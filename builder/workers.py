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
import os
import signal
import sys

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
