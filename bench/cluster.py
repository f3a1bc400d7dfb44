"""`make bench-cluster` (and `make bench`): the same generated archive built from scratch with
the default process pool and on a Dask LocalCluster of 2 worker processes on loopback, taking
turns in the same sitting; prints the seconds of the whole `archive build` command, those of
the per-document stages, the overhead of the cluster, the peak memory of the building process
(with its pool) and each worker's peak RSS, and whether the two sites are byte-identical.
Numbers are measured, never asserted: this is not a test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import shutil
import sys
import time
from pathlib import Path

from bench.generate import generate
from bench.run import ROOT, bench_config, machine_speed, measured


def one_build(config: Path, site: Path, scheduler: str | None) -> None:
    """In a child process: one `archive build` (the command's own code), its timings as JSON."""
    from builder.bridge.site import build_site

    started = time.perf_counter()
    result = build_site(config, site, scheduler=scheduler)
    print(json.dumps({"total": time.perf_counter() - started, "stages": dict(result.timings.stages),
                      "workers": dict(result.timings.workers), "computed": result.computed}))


def _timed(config: Path, site: Path, scheduler: str | None) -> dict:
    """One build from scratch in a child process: the whole command's seconds (Python's start
    included), its timings, and the peak memory of it and its process pool (PSS, MB)."""
    shutil.rmtree(config.parent / "build" / "cache", ignore_errors=True)
    command = [sys.executable, "-m", "bench.cluster", "--one", str(config), str(site)]
    command += ["--scheduler", scheduler] if scheduler else []
    return measured(command, site)


def _peak_rss_mb() -> float:
    """Run on a worker: its process's peak resident memory since it started, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _digest(site: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        digest.update(path.relative_to(site).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def run(size: int, work: Path, rounds: int, workers: int) -> str:
    from distributed import Client, LocalCluster

    folder = work / f"cluster-{size}"
    generate(folder, size)
    config = bench_config(folder)
    speed_before = machine_speed()
    rows, stage_rows, local_seconds, cluster_seconds, sites = [], [], [], [], {}
    with LocalCluster(n_workers=workers, processes=True, threads_per_worker=1, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster.scheduler_address, set_as_default=False) as client:
        for turn in range(rounds):
            local = _timed(config, folder / "site-local", None)
            client.restart()  # fresh worker processes: their peak memory is this build's
            idle = client.run(_peak_rss_mb)
            on_cluster = _timed(config, folder / "site-cluster", cluster.scheduler_address)
            peaks = client.run(_peak_rss_mb)
            local_seconds.append(local["command"])
            cluster_seconds.append(on_cluster["command"])
            for name, result, memory in (("process pool (default)", local, "-"),
                                         (f"LocalCluster, {workers} workers", on_cluster,
                                          ", ".join(f"{peaks[w]:.0f} (idle {idle[w]:.0f})" for w in sorted(peaks)))):
                rows.append(f"| {turn + 1} | {name} | {result['command']:.1f} | "
                            f"{result['stages'].get('process_documents', 0.0):.1f} | {result['total']:.1f} | "
                            f"{result['computed']:,} | {result['peak_mb']:.0f} | {memory} |")
                stage_rows.append(f"| {turn + 1} | {name} | " + " | ".join(
                    f"{k} {v:.1f}" for k, v in {**result["stages"], **result["workers"]}.items()) + " |")
        for name in ("site-local", "site-cluster"):
            sites[name] = _digest(folder / name)
    overhead = [c - l for c, l in zip(cluster_seconds, local_seconds)]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
    return "\n".join([
        f"Measured {time.strftime('%Y-%m-%d')} on {machine}; a loop of ten million additions took "
        f"{speed_before:.2f} s before the builds and {machine_speed():.2f} s after.", "",
        f"{size:,} generated documents, each build from scratch (empty cache), taking turns:", "",
        "| round | per-document stages on | whole command s | per-document stages s | build s | documents computed "
        "| peak MB (building process and its pool, PSS) | worker peak RSS MB |",
        "|---|---|---|---|---|---|---|---|", *rows, "",
        "Where the seconds went (the build's stages, then the per-document stages' own, summed over the workers; "
        "render and link check are in the build's seconds but not listed):", "",
        "| round | per-document stages on | seconds |", "|---|---|---|", *stage_rows, "",
        "Overhead of the cluster (whole command): " + ", ".join(
            f"{o:+.1f} s ({o / l:+.0%})" for o, l in zip(overhead, local_seconds)) + ".",
        f"The two sites are {'byte-identical' if sites['site-local'] == sites['site-cluster'] else 'DIFFERENT'}."])


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        scheduler = sys.argv[5] if len(sys.argv) > 5 and sys.argv[4] == "--scheduler" else None
        one_build(Path(sys.argv[2]), Path(sys.argv[3]), scheduler)
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=2000, help="documents in the generated archive (default 2,000)")
    parser.add_argument("--rounds", type=int, default=1, help="builds of each kind, taking turns (default 1)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the LocalCluster (default 2)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench")
    args = parser.parse_args()
    print(run(args.size, args.work, args.rounds, args.workers))


if __name__ == "__main__":
    main()
