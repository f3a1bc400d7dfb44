"""The per-document stages on a Dask cluster (``executor: dask`` and ``scheduler:`` in
mkdocs.yml, or ``archive build --scheduler tcp://HOST:PORT``).

The pipeline sends each batch of documents to any ``concurrent.futures`` executor (see
pipeline.documents): here it is Dask's (``Client.get_executor``), whose failures are told as
:class:`ClusterFailed`. A batch carries its documents' bytes, sidecar corrections and
annotations, the register and the topics, and comes back with the results, pickled: the
workers read neither the content folder nor the cache, which stay with the build. They need
only the same builder (the same code, Python and libraries): before any batch is sent, each
worker's :func:`builder.store.code_version` is compared with this one's, and every batch
checks it again on the worker that runs it (a worker may join later).

Pages are still rendered here: MkDocs' configuration, navigation and Jinja environment live
in the building process (see the README, "Running on a cluster").
"""

from __future__ import annotations

import re
from collections import deque
from concurrent.futures import CancelledError, Executor
from contextlib import contextmanager
from functools import cache, partial
from typing import Iterator

from mkdocs.config import config_options as opt
from mkdocs.exceptions import PluginError

from builder.bridge.options import ArchivePluginConfig
from builder.store import code_version

EXECUTORS = ("process", "dask")
INSTALL = "make cluster-extra"
"""The documented command that installs Dask (requirements-cluster.txt) in the builder's folder."""
CONNECT_SECONDS = 10
"""How long the build waits for the scheduler to answer, and for a first worker."""
KEPT = "nothing was built; the previous site is kept"
AHEAD = 2
"""Batches sent per worker thread ahead of the one whose results the build takes next."""
ADDRESS = re.compile(r"tcp://(\[[0-9a-fA-F:]+\]|[^\s:/\[\]]+):([0-9]{1,5})")


class ClusterPluginConfig(ArchivePluginConfig):
    """The archive plugin's options (see bridge.options), and where the per-document stages run."""

    executor = opt.Choice(EXECUTORS, default="process")
    """``process``: a process pool on this machine's cores (see ``jobs``); ``dask``: the workers
    of the Dask scheduler at ``scheduler``."""
    scheduler = opt.Type(str, default="")
    """The Dask scheduler's address, ``tcp://HOST:PORT``, with ``executor: dask``."""


class ClusterFailed(PluginError):
    """The cluster could not be used, or failed mid-build; nothing was built."""


class WrongBuilder(RuntimeError):
    """A worker runs another builder than the one that sent it a batch."""


def scheduler_of(options: ClusterPluginConfig) -> str | None:
    """The scheduler address the build runs on, or None (this machine's processes); raises
    :class:`PluginError` with what to change when the options do not go together."""
    address = options.scheduler.strip()
    if options.executor != "dask":
        if address:
            raise PluginError(f"scheduler is set ({address}) but executor is '{options.executor}': set executor: dask "
                              "under the archive plugin in mkdocs.yml to build on that cluster, or remove scheduler")
        return None
    if not address:
        raise PluginError("executor: dask needs the address of a Dask scheduler: set scheduler: tcp://HOST:PORT under "
                          "the archive plugin in mkdocs.yml, or run archive build --scheduler tcp://HOST:PORT")
    match = ADDRESS.fullmatch(address)
    if match is None or not 0 < int(match.group(2)) < 65536:
        raise PluginError(f"scheduler must be a Dask scheduler's address, tcp://HOST:PORT (e.g. tcp://10.0.0.5:8786), "
                          f"not {address!r}")
    return address


@contextmanager
def cluster_executor(address: str | None) -> Iterator[Executor | None]:
    """An executor on the workers of the scheduler at ``address`` while the build runs (None for
    none), once every worker is known to run this builder."""
    if address is None:
        yield None
        return
    try:
        from distributed import Client
    except ImportError:
        raise ClusterFailed(f"executor: dask needs Dask's distributed package, which is not installed; install it "
                            f"with `{INSTALL}` in the builder's folder (it runs `.venv/bin/python -m pip install -r "
                            f"requirements-cluster.txt`); {KEPT}") from None
    try:
        client = Client(address, timeout=f"{CONNECT_SECONDS}s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ClusterFailed(f"cannot reach the Dask scheduler at {address} ({exc}); {KEPT}") from None
    try:
        yield ClusterExecutor(client, address, _checked_workers(client, address))
    finally:
        client.close()


def _checked_workers(client, address: str) -> str:
    """This builder's code version, once the scheduler has a worker and every worker it has
    runs the same (a tiny task on each)."""
    try:
        client.wait_for_workers(1, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError):
        raise ClusterFailed(f"the Dask scheduler at {address} has no workers (none came within {CONNECT_SECONDS} s); "
                            f"start some (dask worker {address}); {KEPT}") from None
    here = _version()
    try:
        versions = client.run(code_version)
    except Exception as exc:  # whatever a worker without the builder raises (ImportError, a pickling error)
        raise ClusterFailed(f"the Dask workers of {address} cannot run the builder ({type(exc).__name__}: {exc}); "
                            f"install this builder on every worker (see the README, Running on a cluster); {KEPT}") from None
    other = sorted(worker for worker, version in versions.items() if version != here)
    if other:
        raise ClusterFailed(f"the Dask worker(s) {', '.join(other)} of {address} run another version of the builder "
                            f"(code fingerprint {versions[other[0]][:12]} there, {here[:12]} here): install the same "
                            f"builder, Python and libraries on every worker; {KEPT}")
    return here


@cache
def _version() -> str:
    return code_version()


def run_checked(expected: str, fn, *args):
    """Run on a worker: ``fn(*args)``, if this worker runs the builder that sent it."""
    if _version() != expected:
        raise WrongBuilder(f"this worker runs another version of the builder (code fingerprint {_version()[:12]}, "
                           f"not {expected[:12]}): install the same builder on every worker")
    return fn(*args)


class ClusterExecutor(Executor):
    """Dask's executor (``Client.get_executor``), each call checked on its worker, and a
    :meth:`map` that keeps only :data:`AHEAD` batches per worker thread sent ahead of those
    taken back (the scheduler holds what is sent, the workers what is not yet taken) and lets
    each result go once taken. The cluster's failures (a worker that died running a batch, the
    scheduler gone) are raised as :class:`ClusterFailed`, which fails the build before
    anything is written."""

    def __init__(self, client, address: str, version: str) -> None:
        self._client, self._inner = client, client.get_executor(pure=False)
        self.address, self.version = address, version

    def submit(self, fn, /, *args, **kwargs):
        return self._inner.submit(partial(run_checked, self.version, fn), *args, **kwargs)

    def map(self, fn, *iterables, timeout=None, chunksize=1):
        task, calls, sent = partial(run_checked, self.version, fn), zip(*iterables), deque()

        def send() -> None:
            args = next(calls, None)
            if args is not None:
                sent.append(self._client.submit(task, *args, pure=False))

        for _ in range(AHEAD * max(1, sum(self._client.nthreads().values()))):
            send()

        def results():
            try:
                while sent:
                    future = sent.popleft()
                    send()
                    yield future.result(timeout)
                    del future  # its result, on a worker, can go
            finally:
                self._client.cancel(list(sent))

        return self._told(results())

    def _told(self, results):
        from distributed import KilledWorker

        try:
            yield from results
        except KilledWorker as exc:
            raise ClusterFailed(f"the Dask worker {exc.last_worker.address} of {self.address} died running a batch "
                                f"of documents, tried on {exc.allowed_failures + 1} worker(s) in all; the workers' logs "
                                f"say why (often memory: see the README, Running on a cluster); {KEPT}") from None
        except CancelledError:
            raise ClusterFailed(f"the Dask scheduler at {self.address} went away, or cancelled the work, "
                                f"mid-build; {KEPT}") from None
        except (OSError, TimeoutError) as exc:
            raise ClusterFailed(f"lost the Dask scheduler at {self.address} mid-build ({exc}); {KEPT}") from None
        except WrongBuilder as exc:
            raise ClusterFailed(f"a Dask worker of {self.address}: {exc}; {KEPT}") from None

    def shutdown(self, wait=True, *, cancel_futures=False):
        self._inner.shutdown(wait=wait)
