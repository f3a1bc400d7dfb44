"""`make bench`: build synthetic archives from scratch and print what it took.

For each size: documents, total pages, builder-stage seconds (per stage), render seconds,
total seconds, pages per second, peak memory, site size, search index size; then the
time of a rebuild after changing one annotation and after adding one document; the build-time
cost of each feature (:data:`FEATURES`) and what each kind of page makes a
browser load (bench.page_weight).
Numbers are measured, never asserted: this is not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import page_weight, serve_timing
from bench.generate import generate

ROOT = Path(__file__).resolve().parent.parent


def bench_config(folder: Path, code: Path = ROOT) -> Path:
    """``folder``/mkdocs.yml: the configuration of the code at ``code`` (its mkdocs.yml and
    theme overrides; another commit's, for bench.side_by_side) for the archive in ``folder``."""
    text = (code / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("custom_dir: overrides", f"custom_dir: {code / 'overrides'}")
    text = text.replace("export_dir: build/markdown", "export_dir: ''")
    text = text.replace("docs_dir: content/pages", f"docs_dir: {folder / 'content' / 'pages'}")
    text = text.replace("content_dir: content", f"content_dir: {folder / 'content'}")
    options = code / "builder" / "bridge" / "options.py"
    if options.is_file() and "offline_shim = opt.Type" in options.read_text(encoding="utf-8"):
        # Older code (before 36df322) builds its bundle with a copy of the shim, named here.
        shim = code / "node_modules" / "iframe-worker" / "shim" / "index.js"
        if not shim.is_file():
            raise SystemExit(f"the code at {code} builds its offline bundle with the iframe-worker shim: run "
                             f"`npm install iframe-worker@1.0.4` in {code} first")
        text = text.replace(f"content_dir: {folder / 'content'}", f"content_dir: {folder / 'content'}\n"
                            f"      offline_shim: {shim}")
    path = folder / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    return path


def _tree_pss_mb(root: int) -> float:
    """Memory of a process and all its descendants (worker processes), in MB: the sum of
    their proportional set sizes, so pages shared after a fork count once."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def _build(config: Path, site: Path, code: Path = ROOT, env: dict[str, str] | None = None) -> dict:
    """One build in a child process; peak memory of it and its workers, sampled every 0.2 s;
    ``command``: the child's whole life in seconds (Python's start and imports included: what a
    person running `archive build` waits for). ``code`` and ``env``: whose bench.build_once (and
    builder) runs, see bench.checkout."""
    return measured([sys.executable, "-m", "bench.build_once", str(config), str(site)], site, code, env)


def measured(command: list[str], site: Path, cwd: Path = ROOT, env: dict[str, str] | None = None) -> dict:
    """Run ``command`` (a build of ``site`` that prints its timings as JSON on its last line):
    that JSON, with ``peak_mb`` (the child and its workers, sampled) and ``command`` (its whole
    life in seconds); the site is removed after."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=as_a_user(env), stdout=out, stderr=err)
        peak = 0.0
        while process.poll() is None:
            peak = max(peak, _tree_pss_mb(process.pid))
            time.sleep(0.05 if time.perf_counter() - started < 2 else 0.2)
        command = time.perf_counter() - started
        _removed(site)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise SystemExit(f"build failed:\n{err.read().decode()[-3000:]}")
        result = json.loads(out.read().decode().strip().splitlines()[-1])
    result["peak_mb"], result["command"] = peak, command
    return result


def as_a_user(env: dict[str, str] | None) -> dict[str, str]:
    """``env`` (this process's environment if None) as a person's shell has it: Python keeps
    the modules it compiles (no PYTHONDONTWRITEBYTECODE). A machine that sets it makes every
    timed command compile the builder's 150 modules again, 0.2 s that a person running
    `archive build` a second time never waits for."""
    env = dict(os.environ if env is None else env)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _removed(site: Path, timeout: float = 120) -> None:
    """Wait until the old site a build left to be removed in the background is gone, so that
    its removal does not slow the next build timed (the person waiting does not wait for it:
    it is not in the build's seconds)."""
    deadline = time.monotonic() + timeout
    while any(site.parent.glob(f".{site.name}-building-*.removing")) and time.monotonic() < deadline:
        time.sleep(0.1)


def _builder_only(config: Path, code: Path = ROOT, env: dict[str, str] | None = None) -> dict:
    """The builder's stages alone, in a child process (see bench.build_once)."""
    done = subprocess.run([sys.executable, "-m", "bench.build_once", "--builder-only", str(config)], cwd=code,
                          env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


REPEATS = 5
"""Rebuilds of each kind timed again (builder stages only): one rebuild varies by a fifth or
more on this machine."""


def repeated_rebuilds(folder: Path, config: Path, code: Path = ROOT, env: dict[str, str] | None = None,
                       repeats: int = REPEATS) -> dict[str, list[float]]:
    """Builder seconds of ``repeats`` rebuilds after editing one annotation and as many
    after correcting one document's title in its sidecar, taking turns, each edit new."""
    note = _first_note(folder)
    sidecar = folder / "content" / "sources" / "doc-00001.yml"
    seconds: dict[str, list[float]] = {"one annotation": [], "a sidecar": []}
    for n in range(repeats):
        text = note.read_text(encoding="utf-8")
        note.write_text(re.sub(r"An edited note( \d+)?", f"An edited note {n}", text, count=1), encoding="utf-8")
        seconds["one annotation"].append(_builder_only(config, code, env)["builder"])
        sidecar.write_text(f"title: A corrected title {n}\n", encoding="utf-8")
        seconds["a sidecar"].append(_builder_only(config, code, env)["builder"])
    return seconds


def _first_note(folder: Path) -> Path:
    return min((folder / "content" / "annotations").iterdir()) / "note.yml"


REBUILDS = ("one annotation", "a sidecar", "a source paragraph", "one document")
"""The rebuilds :func:`build_and_rebuild` times, after changing what each names."""


def build_and_rebuild(folder: Path, n: int, code: Path = ROOT, env: dict[str, str] | None = None) -> dict[str, dict]:
    """A synthetic archive of ``n`` documents in ``folder``, built from scratch ("fresh", with
    its pages, site and search index sizes), then with the cache of the previous build after
    editing one annotation, adding a sidecar and adding one document (see :data:`REBUILDS`)."""
    generate(folder, n)
    config = bench_config(folder, code)
    site = folder / "site"
    shutil.rmtree(folder / "build" / "cache", ignore_errors=True)  # the first build is from scratch
    first = _build(config, site, code, env)
    first.update(pages=sum(1 for _ in site.rglob("*.html")), site_mb=_size_mb(site),
                 index_mb=_size_mb(site / "search-index") if (site / "search-index").exists() else 0)
    note = _first_note(folder)
    note.write_text(note.read_text(encoding="utf-8").replace("A synthetic note", "An edited note"), encoding="utf-8")
    after_note = _build(config, site, code, env)
    (folder / "content" / "sources" / "doc-00001.yml").write_text("title: A corrected title\n", encoding="utf-8")
    after_sidecar = _build(config, site, code, env)
    source = folder / "content" / "sources" / "doc-00002.txt"
    paragraphs = source.read_text(encoding="utf-8").split("\n\n")
    paragraphs[1] = "An edited paragraph. " + paragraphs[1]
    source.write_text("\n\n".join(paragraphs), encoding="utf-8")
    after_source = _build(config, site, code, env)
    shutil.copy(folder / "content" / "sources" / "doc-00000.txt", folder / "content" / "sources" / "doc-new.txt")
    after_doc = _build(config, site, code, env)
    return dict(zip(("fresh", *REBUILDS), (first, after_note, after_sidecar, after_source, after_doc)))


def _size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def machine_speed() -> float:
    """Seconds a plain Python loop of ten million additions takes: this machine's speed
    changes from hour to hour, so the bench records it before and after its builds."""
    started = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - started


FEATURES = ("charts (timeline)", "charts (topic pages)", "connections graph", "map", "related documents")
"""Parts of the build timed on their own (inside emit, or a pipeline stage: related documents)
whose build-time cost the report gives apart: the features of issue 22. (The entity pages'
charts, neighbourhoods and locator maps are drawn with the entity pages, and counted there.)"""


def feature_seconds(build: dict, name: str) -> float:
    """Seconds of the feature ``name`` in one build: a part of emit, else a pipeline stage."""
    return build["emit_parts"].get(name, build["stages"].get(name, 0.0))


HEADINGS = {"one annotation": "editing one annotation", "a sidecar": "adding a sidecar (a title)",
            "a source paragraph": "editing one paragraph of a source", "one document": "adding one document"}


def run(sizes: list[int], work: Path, serve: bool = True) -> str:
    rows, stage_rows, rebuild_rows, where_rows, repeated_rows, serve_rows = [], [], [], [], [], []
    feature_rows, weight_rows = [], []
    speed_before = machine_speed()
    for n in sizes:
        folder = work / f"archive-{n}"
        builds = build_and_rebuild(folder, n)
        first = builds["fresh"]
        rebuilt = [builds[name] for name in REBUILDS]
        pages = first["pages"]
        rows.append(f"| {n:,} | {pages:,} | {first['builder']:.1f} | {n / first['builder']:.0f} | {first['render']:.1f} | "
                    f"{pages / first['render']:.0f} | {first['linkcheck']:.1f} | "
                    f"{first['total']:.1f} | {first['command']:.1f} | {first['peak_mb']:.0f} | "
                    f"{first['site_mb']:.0f} | {first['index_mb']:.1f} |")
        stage_rows.append(f"| {n:,} | " + " | ".join(f"{k} {v:.2f}" for k, v in first["stages"].items()) + " |")
        stage_rows.append(f"| {n:,} (in the workers, summed) | "
                          + " | ".join(f"{k} {v:.2f}" for k, v in first["worker_stages"].items()) + " |")
        stage_rows.append(f"| {n:,} (inside emit) | " + " | ".join(f"{k} {v:.2f}" for k, v in first["emit_parts"].items()) + " |")
        feature_rows.append(f"| {n:,} | " + " | ".join(
            f"{feature_seconds(first, name):.2f} / {feature_seconds(builds['one annotation'], name):.2f}"
            for name in FEATURES) + " |")
        weight_rows.extend(page_weight.table(page_weight.page_weights(folder / "site"), f"{n:,}"))
        rebuild_rows.append(f"| {n:,} | " + " | ".join(
            f"{after['builder']:.1f} ({after['computed']} computed, {after['made']} made) | {after['total']:.1f} | "
            f"{after['command']:.1f}" for after in rebuilt) + " |")
        for name, after in zip(REBUILDS, rebuilt):
            split = {**after["stages"], **after["emit_parts"], "cache_read": after["worker_stages"].get("cache_read", 0.0)}
            where_rows.append(f"| {n:,} | {name} | " + " | ".join(f"{k} {v:.2f}" for k, v in split.items()
                                                                 if k != "linkcheck") + " |")
        for name, seconds in repeated_rebuilds(folder, folder / "mkdocs.yml").items():
            repeated_rows.append(f"| {n:,} | {name} | {statistics.median(seconds):.2f} | {min(seconds):.2f}–{max(seconds):.2f} | "
                                 + ", ".join(f"{s:.2f}" for s in seconds) + " |")
        if serve:
            shown = serve_timing.measure(folder, None, 3)
            seconds = shown["edit to page shown s"]
            serve_rows.append(f"| {n:,} | {statistics.median(seconds):.2f} | " + ", ".join(f"{s:.2f}" for s in seconds)
                              + " | " + ", ".join(f"{s:.2f}" for s in shown["rebuilds"]) + " |")
        print(f"N={n}: done", file=sys.stderr)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
    speed = f"a loop of ten million additions took {speed_before:.2f} s before the builds and {machine_speed():.2f} s after"
    return "\n".join([
        f"Measured {time.strftime('%Y-%m-%d')} on {machine}; {speed}.", "",
        "| documents | pages | builder s | builder documents/s | render s | render pages/s | link check s | total s "
        "| whole command s | peak MB (all processes) | site MB | search index MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|", *rows, "",
        "Builder stages (wall seconds; the per-document stages run in worker processes, their seconds summed "
        "over the workers):", "", "| documents | stages |", "|---|---|", *stage_rows, "",
        "Features' build-time cost, seconds (from scratch / rebuilt after editing one annotation):", "",
        "| documents | " + " | ".join(FEATURES) + " |", "|---" * (1 + len(FEATURES)) + "|", *feature_rows, "",
        "What each kind of page loads: its HTML and the stylesheets and scripts it references (bench.page_weight; "
        "after the last rebuild):", "", "| documents " + page_weight.HEADER[0],
        "|---" + page_weight.HEADER[1], *weight_rows, "",
        "Rebuilds with the cache of the previous build:", "",
        "| documents | " + " | ".join(f"builder s after {HEADINGS[name]} (documents computed, pages made) | total s "
                                      f"| whole command s" for name in REBUILDS) + " |",
        "|---" * (1 + 3 * len(REBUILDS)) + "|", *rebuild_rows, "",
        "`archive serve` (bench.serve_timing, headless Chromium): from saving an annotation to the page "
        "showing it, after MkDocs' live reload:", "", "| documents | median s | each | rebuilds per the server s |",
        "|---|---|---|---|", *serve_rows, "",
        "Where a rebuild's builder seconds go (stages; inside emit; and reading the cached results):", "",
        "| documents | after changing | seconds |", "|---|---|---|", *where_rows, "",
        f"The same rebuilds repeated, the builder's stages only ({REPEATS} of each, taking turns, each edit new):", "",
        "| documents | after changing | median builder s | range | each |", "|---|---|---|---|---|", *repeated_rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated document counts")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--no-serve", action="store_true", help="skip the `archive serve` timing")
    args = parser.parse_args()
    print(run([int(s) for s in args.sizes.split(",")], args.work, serve=not args.no_serve))


if __name__ == "__main__":
    main()
