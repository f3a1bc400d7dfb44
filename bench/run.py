"""`make bench`: build synthetic archives from scratch and print what it took.

For each size: documents, total pages, builder-stage seconds (per stage), render seconds,
total seconds, pages per second, peak memory, site size, search index size; then the
time of a rebuild after changing one annotation and after adding one document.
Numbers are measured, never asserted: this is not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.generate import generate

ROOT = Path(__file__).resolve().parent.parent


def _config(folder: Path) -> Path:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    text = text.replace("export_dir: build/markdown", "export_dir: ''")
    text = text.replace("docs_dir: content/pages", f"docs_dir: {folder / 'content' / 'pages'}")
    text = text.replace("content_dir: content", f"content_dir: {folder / 'content'}")
    path = folder / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    return path


def _build(config: Path, site: Path) -> dict:
    """One build in a child process; its peak memory from the kernel's accounting."""
    process = subprocess.Popen([sys.executable, "-m", "bench.build_once", str(config), str(site)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    out, err = process.stdout.read(), process.stderr.read()
    if status != 0:
        raise SystemExit(f"build failed:\n{err[-3000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_mb"] = usage.ru_maxrss / 1024
    return result


def _size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def run(sizes: list[int], work: Path) -> str:
    rows, stage_rows, rebuild_rows = [], [], []
    for n in sizes:
        folder = work / f"archive-{n}"
        generate(folder, n)
        config = _config(folder)
        site = folder / "site"
        first = _build(config, site)
        pages = sum(1 for _ in site.rglob("*.html"))
        index = site / "search" / "search_index.json"
        rows.append(f"| {n:,} | {pages:,} | {first['builder']:.1f} | {first['render']:.1f} | {first['linkcheck']:.1f} | "
                    f"{first['total']:.1f} | {pages / first['total']:.0f} | {first['peak_mb']:.0f} | "
                    f"{_size_mb(site):.0f} | {index.stat().st_size / 1e6 if index.exists() else 0:.1f} |")
        stage_rows.append(f"| {n:,} | " + " | ".join(f"{k} {v:.2f}" for k, v in first["stages"].items()) + " |")
        note = next((folder / "content" / "annotations").iterdir()) / "note.yml"
        note.write_text(note.read_text(encoding="utf-8").replace("A synthetic note", "An edited note"), encoding="utf-8")
        after_note = _build(config, site)
        shutil.copy(folder / "content" / "sources" / "doc-00000.txt", folder / "content" / "sources" / "doc-new.txt")
        after_doc = _build(config, site)
        rebuild_rows.append(f"| {n:,} | {after_note['builder']:.1f} | {after_note['total']:.1f} | "
                            f"{after_doc['builder']:.1f} | {after_doc['total']:.1f} |")
        print(f"N={n}: done", file=sys.stderr)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
    return "\n".join([
        f"Measured {time.strftime('%Y-%m-%d')} on {machine}.", "",
        "| documents | pages | builder s | render s | link check s | total s | pages/s | peak MB | site MB | search index MB |",
        "|---|---|---|---|---|---|---|---|---|---|", *rows, "",
        "Builder stages (seconds):", "", "| documents | stages |", "|---|---|", *stage_rows, "",
        "Rebuilds (no cache yet: a rebuild is a full build):", "",
        "| documents | builder s after editing one annotation | total s | builder s after adding one document | total s |",
        "|---|---|---|---|---|", *rebuild_rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated document counts")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench")
    args = parser.parse_args()
    print(run([int(s) for s in args.sizes.split(",")], args.work))


if __name__ == "__main__":
    main()
