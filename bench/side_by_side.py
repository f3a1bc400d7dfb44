"""`make bench-side-by-side REF=<commit> SIZES=10000`: `make bench`'s builds with the code of
REF and the working tree's, taking turns in the same hour, and how they compare.

Each run generates the synthetic archive afresh, builds it from scratch, then rebuilds it with
the cache after editing one annotation, adding a sidecar and adding one document (bench.run's
build_and_rebuild, each build a child process running that code's bench.build_once; see
bench.checkout). The runs take turns as REF, new, new, REF, REF, new, ... (ROUNDS of each),
so that a machine speeding up or slowing down over the hour favours neither; a plain loop is
timed before each run. Prints a table of every run and the ratio of the means, new / REF.
Numbers are measured, never asserted: this is not a test.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench import checkout
from bench.run import REBUILDS, build_and_rebuild, machine_speed, repeated_rebuilds

ROOT = checkout.ROOT
BUILDS = ("fresh", *REBUILDS)
HEADINGS = {"fresh": "full build", "one annotation": "after editing one annotation",
            "a sidecar": "after adding a sidecar", "a source paragraph": "after editing a source paragraph",
            "one document": "after adding one document"}


def turns(rounds: int) -> list[str]:
    """REF, new, new, REF, REF, new, ...: ``rounds`` runs of each."""
    return [side for r in range(rounds) for side in (("REF", "new") if r % 2 == 0 else ("new", "REF"))]


def measure(label: str, code: Path, env: dict[str, str], folder: Path, n: int, repeats: int) -> dict:
    """One run of one code: the loop's seconds, then each build's numbers (only those every
    version of bench.build_once prints: total, builder, computed, made; peak_mb, the parent's)."""
    loop = machine_speed()
    print(f"{time.strftime('%H:%M:%S')} {label} code, {n:,} documents ...", file=sys.stderr, flush=True)
    builds = build_and_rebuild(folder, n, code, env)
    run = {"loop": loop, **{name: {k: builds[name].get(k) for k in ("total", "command", "builder", "computed", "made", "peak_mb")}
                            for name in BUILDS}}
    if repeats:
        for name, seconds in repeated_rebuilds(folder, folder / "mkdocs.yml", code, env, repeats).items():
            run[f"repeated {name}"] = statistics.median(seconds)
    return run


def _cell(build: dict) -> str:
    work = f"; {build['computed']} / {build['made']}" if build.get("computed") is not None else ""
    return f"{build['command']:.1f} / {build['total']:.1f} ({build['builder']:.2f}{work})"


def table(n: int, runs: list[tuple[str, dict]], repeats: int) -> list[str]:
    repeated = [f"repeated {name}" for name in ("one annotation", "a sidecar")] if repeats else []
    head = ["run", "code", "loop s"] + [f"{HEADINGS[name]}: whole command s / build s (builder s; computed / made)" for name in BUILDS] \
        + ["peak MB, full build", "peak MB, largest rebuild"] + [f"median builder s, {name} (x{repeats})" for name in repeated]
    lines = [f"{n:,} documents:", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for i, (side, run) in enumerate(runs, 1):
        cells = [str(i), side, f"{run['loop']:.2f}", *(_cell(run[name]) for name in BUILDS), f"{run['fresh']['peak_mb']:.0f}",
                 f"{max(run[name]['peak_mb'] for name in REBUILDS):.0f}", *(f"{run[name]:.2f}" for name in repeated)]
        lines.append("| " + " | ".join(cells) + " |")

    def ratio(value) -> str:
        mean = {side: statistics.mean(value(run) for s, run in runs if s == side) for side in ("REF", "new")}
        return f"{mean['new'] / mean['REF']:.3f}" if mean["REF"] else "-"

    if {s for s, _ in runs} == {"REF", "new"}:
        cells = [f"{ratio(lambda r, k=name: r[k]['command'])} ({ratio(lambda r, k=name: r[k]['builder'])})" for name in BUILDS]
        cells += [ratio(lambda r: r["fresh"]["peak_mb"]), ratio(lambda r: max(r[k]["peak_mb"] for k in REBUILDS))]
        cells += [ratio(lambda r, k=name: r[k]) for name in repeated]
        lines.append(f"| new / REF, means | | {ratio(lambda r: r['loop'])} | " + " | ".join(cells) + " |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ref", default="HEAD", help="the commit to compare with (default: HEAD)")
    parser.add_argument("--sizes", default="10000", help="comma-separated document counts (default: 10000)")
    parser.add_argument("--rounds", type=int, default=2, help="runs of each code (default: 2)")
    parser.add_argument("--repeats", type=int, default=0,
                        help="also time each of two rebuilds this many more times, builder only (default: 0)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "side-by-side")
    args = parser.parse_args()
    work = args.work.resolve()
    started = time.strftime("%Y-%m-%d %H:%M")
    lines = [f"REF {checkout.describe(args.ref)}", f"new: the working tree ({checkout.describe('HEAD')}"
             f"{' + changes' if checkout.git('status', '--porcelain') else ''})"]
    with checkout.worktree(args.ref, work / "ref-code") as ref_code:
        # Both sides are timed by this checkout's build runner (its process ends as `archive
        # build` does), so that a change to how a build is timed never counts for one side.
        if (ref_code / "bench" / "build_once.py").is_file():  # (a ref before it had none to replace)
            shutil.copyfile(ROOT / "bench" / "build_once.py", ref_code / "bench" / "build_once.py")
        codes = {"REF": (ref_code, checkout.environment(ref_code, work / "meta-ref")),
                 "new": (ROOT, checkout.environment(ROOT, work / "meta-new"))}
        for side, (code, env) in codes.items():
            # Compiled before the runs, so that neither code's first build compiles its modules.
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(code / "builder"), str(code / "bench")], check=True)
            lines.append(f"{side} code: {checkout.check_code(code, env)}")
        print("\n".join(lines), file=sys.stderr, flush=True)
        tables = []
        for n in (int(s) for s in args.sizes.split(",")):
            runs = [(side, measure(side, *codes[side], work / f"archive-{n}", n, args.repeats)) for side in turns(args.rounds)]
            tables += ["", *table(n, runs, args.repeats)]
    machine = f"{platform.machine()}, {checkout.os.cpu_count()} cores, Python {platform.python_version()}"
    print("\n".join([f"Side by side, {started} to {time.strftime('%H:%M')} on {machine}.", *lines,
                     "Each cell: seconds of the whole build (the builder's stages in brackets; documents computed / "
                     "values made from many documents); peak MB: all processes of a build, sampled every 0.2 s. "
                     "The last row: the mean of the working tree's runs over the mean of REF's (below 1: the working "
                     "tree is faster or smaller).", *tables]))


if __name__ == "__main__":
    main()
