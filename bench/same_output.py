"""`make same-output REF=<commit>`: does the working tree's code publish, byte for byte, what
the code of REF publishes?

For the demo (the working tree's content/, no site_url) and a synthetic archive (bench.generate,
configured as `make bench` does, with a site_url), in both URL styles: a build from scratch
by each code, then, edit by edit (one annotation's body; a sidecar correcting one document's
title and date; one new document), the same edit made to both copies and each rebuilt with
the cache of its previous build. After every build the two sites and Markdown exports are
compared file by file, and each cached rebuild is compared with a build from scratch of the
same content by the working tree's code. Then the offline bundle (`archive bundle`) of each,
with those caches and from scratch. Prints what it compared and where files differ; exits
1 if any does. Not a test: a tool for changes that must not change the output.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench import checkout
from bench.generate import generate
from bench.run import bench_config
from bench.tree_diff import Outcome, changed, compare, digests, summary

ROOT = checkout.ROOT

DRIVER = """
import json, sys
from builder.cli import main
try:
    status = main(sys.argv[1:])
except SystemExit as exc:
    status = exc.code
print("\\n" + json.dumps({"status": status, "modules": {
    n: getattr(m, "__file__", None) or next(iter(getattr(m, "__path__", [])), None)
    for n, m in sys.modules.items() if n == "builder" or n.startswith("builder.")}}))
"""
"""Run by each build's process with the code of one side: the `archive` command, then the
file every builder module it loaded came from."""

SITE_URL = "https://archive.example.org/"
METHOD = f"""\
  Every build: SOURCE_DATE_EPOCH={checkout.EPOCH}, the date MkDocs writes into sitemap.xml and sitemap.xml.gz
  (the only trace of the build time in a site: builds a day apart differ in those two files alone).
  Compared byte for byte: every file of each site and Markdown export, and every file inside each offline
  bundle's zip (not the zip itself, which records when its files were written), .gz files decompressed
  only to say where they differ; set aside: the "built" time in the bundle's manifest.json (`archive
  bundle` stamps it with the clock). "changed": files the edit changed in the working tree's site and
  export (none would leave the rebuild untested)."""


class BuildFailed(Exception):
    """A build by one side's code failed: nothing to compare."""


@dataclass
class Side:
    label: str
    code: Path
    env: dict[str, str]


def _swap(text: str, old: str, new: str, where: Path) -> str:
    if old not in text:
        raise SystemExit(f"{where}: expected '{old}' in the mkdocs.yml of {where.parent}")
    return text.replace(old, new, 1)


def configure(code: Path, folder: Path, directory_urls: bool, site_url: str) -> None:
    """``folder``/mkdocs.yml as `make bench` writes it for the code at ``code``, with the
    Markdown export on, the URL style and a site_url."""
    path = bench_config(folder, code)
    text = _swap(path.read_text(encoding="utf-8"), "use_directory_urls: true",
                 f"use_directory_urls: {str(directory_urls).lower()}", path)
    text = _swap(text, "export_dir: ''", "export_dir: build/markdown", path)
    if site_url:
        text = _swap(text, "\nsite_dir: site\n", f"\nsite_dir: site\nsite_url: {site_url}\n", path)
    path.write_text(text, encoding="utf-8")


def edit_annotation(content: Path) -> None:
    path = min((content / "annotations").rglob("*.yml"))
    note = yaml.safe_load(path.read_text(encoding="utf-8"))
    note["body"] = note["body"] + " An editor added this sentence."
    path.write_text(yaml.safe_dump(note, sort_keys=False, allow_unicode=True), encoding="utf-8")


def edit_sidecar(content: Path) -> None:
    sidecar = min((content / "sources").glob("*.txt")).with_suffix(".yml")
    kept = yaml.safe_load(sidecar.read_text(encoding="utf-8")) if sidecar.exists() else {}
    kept = {k: v for k, v in (kept or {}).items() if k not in ("title", "date")}
    sidecar.write_text((yaml.safe_dump(kept, sort_keys=False, allow_unicode=True) if kept else "")
                       + "title: A corrected title\ndate: 2001-02-03\n", encoding="utf-8")


def add_document(content: Path) -> None:
    text = min((content / "sources").glob("*.txt")).read_text(encoding="utf-8")
    (content / "sources" / "a-new-document.txt").write_text("A new document: " + text, encoding="utf-8")


EDITS = (("after an annotation edit", edit_annotation), ("after a sidecar edit", edit_sidecar),
         ("after a new document", add_document))


def build(side: Side, folder: Path, offline: bool = False) -> None:
    """Build the archive in ``folder`` with the side's code: `archive build` into its site/, or
    `archive bundle` into its dist/, unzipped into its bundle/."""
    if offline:
        shutil.rmtree(folder / "dist", ignore_errors=True)
        args = ["bundle", "--out", str(folder / "dist")]
    else:
        args = ["build", "--site", str(folder / "site")]
    args += ["--config", str(folder / "mkdocs.yml"), "--content", str(folder / "content")]
    log = folder / "build.log"
    with log.open("w") as out:
        subprocess.run([sys.executable, "-c", DRIVER, *args], cwd=side.code, env=side.env, stdout=out,
                       stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    try:
        result = json.loads(lines[-1])
    except (IndexError, ValueError):
        result = {"status": "crashed"}
    if result["status"] != 0:
        raise BuildFailed(f"the {side.label} code failed to {args[0]} {folder}:\n" + "\n".join(lines[-30:]))
    checkout.check_code(side.code, side.env, result["modules"])
    if offline:
        (zipped,) = (folder / "dist").glob("*.zip")
        shutil.rmtree(folder / "bundle", ignore_errors=True)
        with zipfile.ZipFile(zipped) as archive:
            archive.extractall(folder / "bundle")


def _without_built(data: bytes) -> bytes:
    manifest = json.loads(data)
    manifest.pop("built", None)
    return json.dumps(manifest, indent=2, ensure_ascii=False).encode()


def outputs(folder: Path) -> dict[str, bytes]:
    """A digest of every file of the site and the Markdown export built in ``folder``."""
    return digests(folder / "site", folder / "build" / "markdown")


def compare_builds(a: Path, b: Path, names: tuple[str, str], offline: bool) -> Outcome:
    """Two builds of an archive: their sites (and Markdown exports), or their bundles."""
    if offline:
        manifests = {p.relative_to(a / "bundle").as_posix(): _without_built for p in (a / "bundle").glob("*/manifest.json")}
        return compare(a / "bundle", b / "bundle", names, normalise=manifests)
    return compare(a / "site", b / "site", names).add(
        compare(a / "build" / "markdown", b / "build" / "markdown", names, prefix="export: "))


class Run:
    def __init__(self, sides: dict[str, Side], parallel: int) -> None:
        self.sides, self.pool = sides, ThreadPoolExecutor(max_workers=parallel)
        self.comparisons = self.failed = self.files = 0

    def builds(self, *jobs: tuple[str, Path, bool]) -> None:
        """Build (side, folder, offline) each, ``parallel`` at a time; once all are done,
        raise the first failure."""
        started = [self.pool.submit(build, self.sides[side], folder, offline) for side, folder, offline in jobs]
        wait(started)
        for done in started:
            done.result()

    def report(self, step: str, what: str, outcome: Outcome, edited: int | None = None) -> None:
        self.comparisons += 1
        self.files += outcome.files
        self.failed += bool(outcome.differences) or edited == 0
        verdict = f"{len(outcome.differences)} of {outcome.files:,} files differ" if outcome.differences \
            else f"identical ({outcome.files:,} files)"
        if edited is not None:
            verdict += f"; {edited} changed" if edited else "; THE EDIT CHANGED NOTHING"
        print(f"  {step:<27} {what:<16} {verdict}", flush=True)
        for line in summary(outcome):
            print(f"      {line}", flush=True)

    def series(self, base: Path, content: Path, settings: dict, offline: bool) -> None:
        """Fresh builds, then each edit and cached rebuilds (then the offline bundles)."""
        shutil.rmtree(base, ignore_errors=True)
        folders = {name: base / name for name in ("ref", "new", "fresh", "fresh-ref")}
        for name in ("ref", "new"):
            shutil.copytree(content, folders[name] / "content")
            configure(self.sides[name].code, folders[name], **settings)
        self.builds(("ref", folders["ref"], False), ("new", folders["new"], False))
        self.report("fresh", "REF vs new", compare_builds(folders["ref"], folders["new"], ("REF", "new"), False))
        for step, edit in EDITS:
            for name in ("ref", "new"):
                edit(folders[name] / "content")
            self._fresh_copy(folders["new"], folders["fresh"], "new", settings)
            before = outputs(folders["new"])
            self.builds(("ref", folders["ref"], False), ("new", folders["new"], False), ("new", folders["fresh"], False))
            self._both(step, folders, False, changed(before, outputs(folders["new"])))
        if offline:
            self._fresh_copy(folders["ref"], folders["fresh-ref"], "ref", settings)
            self._fresh_copy(folders["new"], folders["fresh"], "new", settings)
            self.builds(("ref", folders["fresh-ref"], True), ("new", folders["fresh"], True))
            self.report("offline bundle, fresh", "REF vs new",
                        compare_builds(folders["fresh-ref"], folders["fresh"], ("REF", "new"), True))
            self.builds(("ref", folders["ref"], True), ("new", folders["new"], True))
            self._both("offline bundle, cached", folders, True)

    def _fresh_copy(self, source: Path, target: Path, side: str, settings: dict) -> None:
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source / "content", target / "content")
        configure(self.sides[side].code, target, **settings)

    def _both(self, step: str, folders: dict[str, Path], offline: bool, edited: int | None = None) -> None:
        self.report(step, "REF vs new", compare_builds(folders["ref"], folders["new"], ("REF", "new"), offline), edited)
        self.report("", "cached vs fresh", compare_builds(folders["new"], folders["fresh"], ("cached", "fresh"), offline))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ref", default="HEAD", help="the commit to compare with (default: HEAD)")
    parser.add_argument("--documents", type=int, default=1000, help="the synthetic archive's size (default: 1000)")
    parser.add_argument("--parallel", type=int, default=2, help="builds run at once (default: 2)")
    parser.add_argument("--only", choices=("demo", "bench"), help="only the demo, or only the synthetic archive")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "same-output")
    args = parser.parse_args()
    started = time.monotonic()
    work = args.work.resolve()
    print(f"same-output: REF {checkout.describe(args.ref)}\n  against the working tree "
          f"({checkout.describe('HEAD')}{' + changes' if checkout.git('status', '--porcelain') else ''})")
    try:
        run = compare_all(args, work)
    except (BuildFailed, checkout.WrongCode) as exc:
        print(f"\nsame-output: {exc}", flush=True)
        sys.exit(2)
    minutes, seconds = divmod(int(time.monotonic() - started), 60)
    verdict = "all identical" if not run.failed else \
        f"{run.failed} of them failed (files differ, or an edit changed nothing)"
    print(f"\nsame-output: {run.comparisons} comparisons of {run.files:,} files, {verdict} ({minutes} min {seconds} s)")
    sys.exit(1 if run.failed else 0)


def compare_all(args: argparse.Namespace, work: Path) -> Run:
    """Every archive, URL style and step (see the module's description)."""
    with checkout.worktree(args.ref, work / "ref-code") as ref_code:
        sides = {"ref": Side("REF", ref_code, checkout.environment(ref_code, work / "meta-ref")),
                 "new": Side("working tree's", ROOT, checkout.environment(ROOT, work / "meta-new"))}
        for side in sides.values():
            print(f"  {side.label} code: {checkout.check_code(side.code, side.env)} (checked again after every build)")
        print(METHOD, flush=True)
        run = Run(sides, args.parallel)
        synthetic = work / "synthetic-content"
        if args.only != "demo":
            generate(synthetic, args.documents)
        archives = {"demo": ("demo", "the working tree's content/, no site_url", ROOT / "content", ""),
                    "bench": (f"archive-{args.documents}", f"bench.generate, site_url {SITE_URL}", synthetic / "content",
                              SITE_URL)}
        for name, what, content, site_url in (archives[k] for k in archives if args.only in (None, k)):
            for style, directory in (("directory URLs", True), ("file URLs", False)):
                print(f"\n{name} ({what}), {style}:", flush=True)
                run.series(work / name / style.split()[0], content, dict(
                    directory_urls=directory, site_url=site_url), offline=not directory)
    return run


if __name__ == "__main__":
    main()
