"""Run by test_dask_cluster.py in a process of its own. Building on a Dask cluster (`archive
build --scheduler`, `executor: dask`): a LocalCluster of two worker processes on loopback runs
the per-document batches of the demo and of a generated archive, and the sites are byte for
byte those of a local build; the workers read neither the content nor the cache. A worker
killed mid-build has its batch run again (same site), or, past what the scheduler allows,
fails the build with the previous site kept; so does a scheduler that goes away, is
unreachable, or whose workers run another builder.
"""

from __future__ import annotations

import math
import re
import shutil
import socket
import sys
import threading
import time

import pytest
from distributed import Client, LocalCluster

from bench.generate import generate
from builder.bridge import cluster as cluster_module
from builder.cli import main
from builder.pipeline import documents
from helpers import REPO_CONTENT, set_plugin_option, staging_leftovers, tree_digest, write_config
from helpers.dask_watch import COUNT, HOLD, KILL_ONCE, NAME, OTHER_BUILDER, Watch, seen

# A second cluster's scheduler finds the first one's HTTP port taken, and says so.
pytestmark = pytest.mark.filterwarnings("ignore:Port 8787 is already in use:UserWarning")

GENERATED = 250  # documents: more than the pipeline's PARALLEL_FROM (the local build uses its process pool)


def _cluster(workers: int = 2) -> LocalCluster:
    return LocalCluster(n_workers=workers, processes=True, threads_per_worker=1, host="127.0.0.1",
                        dashboard_address=None)


@pytest.fixture(scope="module")
def cluster(archives):
    # (after the local builds: while a client's threads run, the pipeline keeps its documents
    # in its own process rather than fork a pool, see pipeline.documents)
    with _cluster() as running, Client(running.scheduler_address, set_as_default=False) as client:
        yield running, client


@pytest.fixture(scope="module")
def archives(tmp_path_factory):
    """The demo's content and a generated archive's, each with its local build's site and digest."""
    root = tmp_path_factory.mktemp("archives")
    shutil.copytree(REPO_CONTENT, root / "demo" / "content")
    generate(root / "generated", GENERATED, entities=200, topics=10)
    made = {}
    for name in ("demo", "generated"):
        content = root / name / "content"
        (root / name / "local").mkdir()
        config = write_config(root / name / "local" / "mkdocs.yml", content_dir=content)
        assert build(config, content, root / name / "local" / "site") == 0
        made[name] = content, root / name / "local" / "site", tree_digest(root / name / "local" / "site")
    return made


def build(config, content, site, *extra: str) -> int:
    return main(["build", "--config", str(config), "--content", str(content), "--site", str(site), *extra])


def watch(client, mode: str = COUNT, marker="", watched=()) -> None:
    client.register_plugin(Watch(mode, str(marker), tuple(str(w) for w in watched)), name=NAME)


def differing(a: dict, b: dict) -> list[str]:
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


@pytest.mark.parametrize("name, batch_size", [("demo", documents.BATCH_SIZE), ("generated", 20)])
def test_a_build_on_the_cluster_is_byte_identical_to_a_local_one(cluster, archives, tmp_path, monkeypatch, name,
                                                                  batch_size):
    running, client = cluster
    content, _, local = archives[name]
    config = write_config(tmp_path / "mkdocs.yml", content_dir=content)
    count = sum(1 for p in (content / "sources").rglob("*") if p.is_file() and p.suffix != ".yml")
    # (smaller batches for the generated archive: more of them than the cluster is sent at once)
    monkeypatch.setattr(documents, "BATCH_SIZE", batch_size)
    watch(client, watched=(content, tmp_path / "build" / "cache"))
    assert build(config, content, tmp_path / "site", "--scheduler", running.scheduler_address) == 0
    assert differing(tree_digest(tmp_path / "site"), local) == []
    workers = client.run(seen)
    assert len(workers) == 2
    # Every document went to the cluster, in batches (the cache was empty) ...
    assert sum(w["batches"] for w in workers.values()) == math.ceil(count / batch_size)
    # ... and no worker opened anything in the content folder or the cache.
    assert [path for w in workers.values() for path in w["opened"]] == []


def test_executor_dask_in_mkdocs_yml_builds_on_the_cluster(cluster, archives, tmp_path):
    running, client = cluster
    content, _, local = archives["demo"]
    config = write_config(tmp_path / "mkdocs.yml", content_dir=content)
    set_plugin_option(config, executor="dask", scheduler=running.scheduler_address)
    watch(client)
    assert build(config, content, tmp_path / "site") == 0
    assert differing(tree_digest(tmp_path / "site"), local) == []
    assert sum(w["batches"] for w in client.run(seen).values()) == 1


def test_a_worker_killed_mid_build_has_its_batch_run_again(cluster, archives, tmp_path):
    running, client = cluster
    content, _, local = archives["demo"]
    config = write_config(tmp_path / "mkdocs.yml", content_dir=content)
    marker = tmp_path / "killed"
    watch(client, KILL_ONCE, marker)
    assert build(config, content, tmp_path / "site", "--scheduler", running.scheduler_address) == 0
    assert marker.exists()  # a worker died on its batch; the scheduler gave that batch to the other
    assert differing(tree_digest(tmp_path / "site"), local) == []
    client.wait_for_workers(2, timeout=60)  # (the nanny starts a new worker in its place)


def _previous_site(tmp_path, archives):
    """The demo's configuration in ``tmp_path``, with its local build's site as the previous site
    (and no cache: every batch goes to the cluster): the configuration, the site and its digest."""
    content, local, digest = archives["demo"]
    config = write_config(tmp_path / "mkdocs.yml", content_dir=content)
    shutil.copytree(local, tmp_path / "site")
    assert tree_digest(tmp_path / "site") == digest
    return content, config, tmp_path / "site", digest


def test_a_worker_dying_past_what_the_scheduler_allows_fails_the_build_and_keeps_the_site(
        cluster, archives, tmp_path, capsys, monkeypatch):
    running, client = cluster
    content, config, site, before = _previous_site(tmp_path, archives)
    monkeypatch.setattr(running.scheduler, "allowed_failures", 0)  # one death is too many
    watch(client, KILL_ONCE, tmp_path / "killed")
    assert build(config, content, site, "--scheduler", running.scheduler_address) == 1
    err = capsys.readouterr().err
    assert tree_digest(site) == before and staging_leftovers(tmp_path) == []
    assert re.search(f"ERROR   -  the Dask worker tcp://127.0.0.1:[0-9]+ of {re.escape(running.scheduler_address)} died running "
                     "a batch of documents, tried on 1 worker\\(s\\) in all; the workers' logs say why \\(often memory: see "
                     "the README, Running on a cluster\\); nothing was built; the previous site is kept\n", err), err
    assert err.rstrip().endswith(f"archive build: failed; {site} was left as it was.")
    client.wait_for_workers(2, timeout=60)


def test_workers_running_another_builder_are_named_and_nothing_is_built(cluster, archives, tmp_path, capsys):
    running, client = cluster
    content, _, _ = archives["demo"]
    config = write_config(tmp_path / "mkdocs.yml", content_dir=content)
    watch(client, OTHER_BUILDER)
    try:
        assert build(config, content, tmp_path / "site", "--scheduler", running.scheduler_address) == 1
    finally:
        watch(client)
    err = capsys.readouterr().err
    workers = ", ".join(sorted(client.scheduler_info()["workers"]))
    here = cluster_module.code_version()[:12]
    assert (f"ERROR   -  the Dask worker(s) {workers} of {running.scheduler_address} run another version of the "
            f"builder (code fingerprint 000000000000 there, {here} here): install the same builder, Python and "
            f"libraries on every worker; nothing was built; the previous site is kept\n") in err
    assert not (tmp_path / "site").exists()


def test_a_scheduler_that_goes_away_mid_build_fails_it_and_keeps_the_site(archives, tmp_path, capsys):
    content, config, site, before = _previous_site(tmp_path, archives)
    marker = tmp_path / "holding"
    with _cluster(workers=1) as doomed, Client(doomed.scheduler_address, set_as_default=False) as client:
        address = doomed.scheduler_address
        watch(client, HOLD, marker)

        def take_away():  # once the worker holds the batch
            while not marker.exists():
                time.sleep(0.05)
            doomed.close()

        closer = threading.Thread(target=take_away)
        closer.start()
        status = build(config, content, site, "--scheduler", address)
        closer.join()
    assert status == 1
    assert tree_digest(site) == before and staging_leftovers(tmp_path) == []
    err = capsys.readouterr().err
    assert (f"ERROR   -  the Dask scheduler at {address} went away, or cancelled the work, mid-build; nothing was "
            "built; the previous site is kept\n") in err
    assert err.rstrip().endswith(f"archive build: failed; {site} was left as it was.")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_scheduler_is_named_and_the_site_kept(archives, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(cluster_module, "CONNECT_SECONDS", 1)
    content, config, site, before = _previous_site(tmp_path, archives)
    address = f"tcp://127.0.0.1:{_free_port()}"
    assert build(config, content, site, "--scheduler", address) == 1
    err = capsys.readouterr().err
    assert (f"ERROR   -  cannot reach the Dask scheduler at {address} (Timed out trying to connect to {address} after "
            "1 s); nothing was built; the previous site is kept\n") in err
    assert err.rstrip().endswith(f"archive build: failed; {site} was left as it was.")
    assert tree_digest(site) == before


@pytest.mark.parametrize("options, message", [
    ({"executor": "dask"}, "executor: dask needs the address of a Dask scheduler: set scheduler: tcp://HOST:PORT under "
                           "the archive plugin in mkdocs.yml, or run archive build --scheduler tcp://HOST:PORT"),
    ({"scheduler": "tcp://10.0.0.5:8786"}, "scheduler is set (tcp://10.0.0.5:8786) but executor is 'process': set "
     "executor: dask under the archive plugin in mkdocs.yml to build on that cluster, or remove scheduler"),
    ({"executor": "dask", "scheduler": "10.0.0.5:8786"}, "scheduler must be a Dask scheduler's address, "
     "tcp://HOST:PORT (e.g. tcp://10.0.0.5:8786), not '10.0.0.5:8786'"),
    ({"executor": "dask", "scheduler": "tcp://10.0.0.5:99999"}, "scheduler must be a Dask scheduler's address, "
     "tcp://HOST:PORT (e.g. tcp://10.0.0.5:8786), not 'tcp://10.0.0.5:99999'"),
    ({"executor": "cluster"}, "Config value 'plugins': Plugin 'archive' option 'executor': Expected one of: "
     "('process', 'dask') but received: 'cluster'"),
])
def test_cluster_settings_are_checked(tmp_path, capsys, options, message):
    config = write_config(tmp_path / "mkdocs.yml", content_dir=REPO_CONTENT)
    set_plugin_option(config, **options)
    assert build(config, REPO_CONTENT, tmp_path / "site") == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_without_dask_installed_the_build_says_how_to_install_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` raises ImportError
    config = write_config(tmp_path / "mkdocs.yml", content_dir=REPO_CONTENT)
    assert build(config, REPO_CONTENT, tmp_path / "site", "--scheduler", "tcp://127.0.0.1:8786") == 1
    assert ("ERROR   -  executor: dask needs Dask's distributed package, which is not installed; install it with "
            "`make cluster-extra` in the builder's folder (it runs `.venv/bin/python -m pip install -r "
            "requirements-cluster.txt`); nothing was built; the previous site is kept\n") in capsys.readouterr().err


def test_a_batch_sent_by_another_builder_is_refused_by_the_worker():
    # (a worker that joined after the build checked every worker: each batch checks again)
    here = cluster_module.code_version()
    assert cluster_module.run_checked(here, len, [1, 2]) == 2
    with pytest.raises(cluster_module.WrongBuilder) as refused:
        cluster_module.run_checked("f" * 64, len, [1, 2])
    assert str(refused.value) == (f"this worker runs another version of the builder (code fingerprint {here[:12]}, "
                                  "not ffffffffffff): install the same builder on every worker")
