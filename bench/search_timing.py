"""`make bench-search`: how quickly search opens and answers, in headless Chromium, for three engines
side by side: a benchmark, not a test (nothing is asserted).

    .venv/bin/python -m bench.search_timing [--site SITE] [--bundle ZIP_OR_FOLDER] [--sizes 10000,100000]
        [--material-site SITE --material-bundle ZIP] [--engines material,pagefind,archive]
        [--variants http,file] [--rounds 2] [--work DIR] [--json FILE]

The engines (``bench.search_engines``): Material's own lunr search, Pagefind (its JS API on a test
page; installed into build/bench-tools/ for the benchmark only) and ours ("archive"), chosen by
what the site has. Each is measured served over HTTP on 127.0.0.1 (``bench.localserver``) and
opened from file://, in Debian's Chromium (/usr/bin/chromium; Playwright's own browser download is
never used), by ``bench.search_measure``:

* opening search: focusing the box until the first query can run (Material: its worker's READY;
  Pagefind: its module imported and initialised; ours: ``root.js`` loaded); the longest long task
  and the longest gap between animation frames meanwhile: how long the page could not react;
* each keystroke of typical queries, typed a key at a time: from the key event to the first
  results shown (the result list changed and the next frame ran);
* what each query loaded (over HTTP: Resource Timing's transferSize; from file://: the sizes on
  disk of the files the page requested, seen through Playwright's request events) and what the
  page itself loaded; the whole index on disk: its size and file count.

The sites: SITE (default: the 10,000-document archive of ``bench.generate``, generated and built
with its offline bundle into WORK when missing; its vocabulary is tiny, about 60 words plus entity
names made of syllables) and its offline bundle (``--bundle``; without one, file:// opens SITE
itself). When SITE has our search, Material's is measured on the same archive built by the last
commit that has it (``--material-ref``, through ``bench.checkout``) or on ``--material-site``.
Pagefind indexes a hard-linked copy of SITE. Then, at each of ``--sizes``, a synthetic search-only
site (``bench.search_corpus``: a Zipf vocabulary of 60,000 words, about 640 words a document),
for ours (its page and script taken from SITE, when SITE has our search) and for Pagefind (the
same documents as minimal HTML pages; by default only at 10,000: at 100,000 it needed more than
the machine's memory).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
import zipfile
from contextlib import ExitStack
from pathlib import Path

from bench.localserver import serve
from bench.search_corpus import Corpus, pages, write_index
from bench.search_engines import ARCHIVE, PAGEFIND, index_size, real_site_queries, site_engine
from bench.search_measure import Result, Setup, measure
from bench.search_pagefind import PAGE, index_site
from bench.search_report import report

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PAGEFIND_ROOT = "article.md-content__inner"
MATERIAL_REF = "3b3ac78"  # the last commit whose sites search with Material's lunr search  # on the built site: index each page's article, not the menus


def progress(message: str) -> None:
    print(f"bench-search: {message}", file=sys.stderr, flush=True)


def build_archive(folder: Path, documents: int, ref: str | None = None) -> Path:
    """The benchmark archive of ``documents`` documents (``bench.generate``, the same for every
    code) in ``folder``, generated and built, with its offline bundle in dist/, when missing, by
    this checkout's code or by commit ``ref``'s (``bench.checkout``); returns its site folder."""
    from bench import checkout
    from bench.generate import generate
    from bench.run import bench_config

    site, dist = folder / "site", folder / "dist"
    if (site / "index.html").is_file() and list(dist.glob("*-offline.zip")):
        return site
    progress(f"generating and building a {documents:,}-document archive in {folder}"
             + (f" with the code of {checkout.describe(ref)}" if ref else "") + " (a few minutes)")
    generate(folder, documents)
    with ExitStack() as stack:
        code, env = ROOT, None
        if ref:
            code = stack.enter_context(checkout.worktree(ref, folder.parent / f"code-{folder.name}"))
            env = checkout.environment(code, folder.parent / f"meta-{folder.name}")
        bench_config(folder, code)
        for command in (["build"], ["bundle", "--out", str(dist)]):
            subprocess.run([sys.executable, "-m", "builder", *command], cwd=folder, env=env, check=True,
                           stdout=subprocess.DEVNULL)
    return site


def unpacked(bundle: Path, work: Path) -> Path:
    """The bundle's folder holding index.html: a zip is unpacked into ``work`` (once per zip)."""
    if bundle.is_file():
        target = work / f"bundle-{bundle.stem}-{hashlib.sha1(str(bundle.resolve()).encode()).hexdigest()[:8]}"
        stamp = target / ".unpacked"
        if not stamp.is_file() or stamp.stat().st_mtime < bundle.stat().st_mtime:
            shutil.rmtree(target, ignore_errors=True)
            with zipfile.ZipFile(bundle) as zf:
                zf.extractall(target)
            stamp.touch()
        bundle = target
    if (bundle / "index.html").is_file():
        return bundle
    inner = [p for p in bundle.iterdir() if (p / "index.html").is_file()]
    if len(inner) != 1:
        raise SystemExit(f"{bundle}: no index.html, and not exactly one folder holding one")
    return inner[0]


class Servers:
    """One HTTP server per folder, all stopped at the end."""

    def __init__(self, stack: ExitStack):
        self.stack, self.bases = stack, {}

    def base(self, folder: Path) -> str:
        if folder not in self.bases:
            self.bases[folder] = self.stack.enter_context(serve(folder))
        return self.bases[folder]


def setups(args, servers: Servers) -> list[Setup]:
    """Every page to measure, in order: the real site's engine, Pagefind on it, then the synthetic sites."""
    site = args.site.resolve() if args.site else build_archive(args.work / "archive-10000", 10_000)
    engine = site_engine(site)
    if engine is None:
        raise SystemExit(f"{site}: neither search-index/ nor search/search_index.json (not a built site?)")
    size = len(json.loads((site / "documents.json").read_text(encoding="utf-8")))
    queries = real_site_queries(site)
    label = "bench archive"
    note = ("The bench archive's text is drawn from a vocabulary of about 60 words (bench/generate.py), so every "
            "common word is in about a third of the documents and prefixes are few: not a realistic vocabulary.")
    out = []
    sites = [(site, args.bundle)]
    if engine.name == "archive" and "material" in args.engines:  # Material's search: the same archive, older code
        material = (args.material_site.resolve() if args.material_site else
                    build_archive(args.work / "material-10000", 10_000, args.material_ref))
        sites.append((material, args.material_bundle))
    for built, bundle in sites:
        built_engine = site_engine(built)
        if built_engine.name not in args.engines:
            continue
        if "http" in args.variants:
            out.append(Setup(built_engine, "http", size, label, built, servers.base(built), "", queries, note))
        if "file" in args.variants:
            bundle = bundle or next(iter(sorted((built.parent / "dist").glob("*-offline.zip"))), None)
            if bundle is None:
                progress(f"{built}: no offline bundle, {built_engine.name} opened from file:// on the site folder itself")
            root = unpacked(bundle, args.work) if bundle else built
            out.append(Setup(site_engine(root, offline=True) or built_engine, "file", size,
                             label + (" (offline bundle)" if bundle else ""), root, root.as_uri() + "/", "index.html",
                             queries, note))
    if "pagefind" in args.engines:
        copy = args.work / f"pagefind-{site.parent.name or 'site'}"
        seconds = index_site(site, copy, PAGEFIND_ROOT, progress, args.pagefind_memory_gb)
        pf_note = f"Pagefind indexed the copy in {seconds:.0f} s (--root-selector '{PAGEFIND_ROOT}'). " + note
        for variant in args.variants:
            base = servers.base(copy) if variant == "http" else copy.as_uri() + "/"
            out.append(Setup(PAGEFIND, variant, size, label, copy, base, PAGE, queries, pf_note))
    for documents in args.sizes:
        corpus = Corpus(documents)
        label, queries = "synthetic", corpus.queries()
        if "archive" in args.engines:
            target = args.work / f"synthetic-{documents}"
            template = site if engine.name == "archive" else None
            started = time.perf_counter()
            write_index(corpus, target, template)
            progress(f"synthetic index of {documents:,} documents: {time.perf_counter() - started:.0f} s")
            if template is None:
                out.append(Setup(ARCHIVE, "none", documents, label, target, "", "", [],
                                 "Index written; not measured in the browser: SITE has no archive search client."))
            for variant in args.variants if template else ():
                base = servers.base(target) if variant == "http" else target.as_uri() + "/"
                out.append(Setup(ARCHIVE, variant, documents, label, target, base, "index.html", queries))
        if "pagefind" in args.engines and documents in args.pagefind_sizes:
            folder = args.work / f"synthetic-pages-{documents}"
            pages(corpus, folder)
            copy = args.work / f"pagefind-synthetic-{documents}"
            try:
                seconds = index_site(folder, copy, None, progress, args.pagefind_memory_gb)
            except subprocess.CalledProcessError as exc:
                out.append(Setup(PAGEFIND, "none", documents, label, copy, "", "", [],
                                 f"Pagefind failed to index the pages (exit status {exc.returncode}; its memory "
                                 f"was limited to {args.pagefind_memory_gb:g} GB)."))
                continue
            for variant in args.variants:
                base = servers.base(copy) if variant == "http" else copy.as_uri() + "/"
                out.append(Setup(PAGEFIND, variant, documents, label, copy, base, PAGE, queries,
                                 f"Pagefind indexed the pages in {seconds:.0f} s."))
    return out


def _sizes(text: str) -> list[int]:
    return [int(s) for s in text.split(",") if s.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="a built site (hosted variant); default: WORK/archive-10000/site")
    parser.add_argument("--bundle", type=Path, help="its offline bundle, zip or folder (default: SITE/../dist/*-offline.zip)")
    parser.add_argument("--material-site", type=Path, help="when SITE has our search: the same archive built with "
                        "Material's search (default: built into WORK/material-10000 by --material-ref's code)")
    parser.add_argument("--material-bundle", type=Path, help="its offline bundle (default: its ../dist/*-offline.zip)")
    parser.add_argument("--material-ref", default=MATERIAL_REF, help=f"the commit whose code builds it (default {MATERIAL_REF})")
    parser.add_argument("--sizes", type=_sizes, default=[10_000, 100_000], help="synthetic sites' documents")
    parser.add_argument("--pagefind-sizes", type=_sizes, default=[10_000],
                        help="synthetic sizes for Pagefind (default 10000: at 100,000 it needed more than 21 GB)")
    parser.add_argument("--pagefind-memory-gb", type=float, default=8, help="Pagefind's memory limit (default 8)")
    parser.add_argument("--engines", type=lambda s: s.split(","), default=["material", "pagefind", "archive"])
    parser.add_argument("--variants", type=lambda s: s.split(","), default=["http", "file"])
    parser.add_argument("--rounds", type=int, default=2, help="1 cold round (a fresh page per query) + warm rounds")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench" / "search")
    parser.add_argument("--json", type=Path, help="also write the raw measurements here")
    args = parser.parse_args(argv)
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        raise SystemExit(f"Chromium is needed at {CHROMIUM} (Debian package 'chromium')")
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    results, load_before = [], os.getloadavg()[1]
    with ExitStack() as stack:
        todo = setups(args, Servers(stack))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            try:
                for setup in todo:
                    progress(f"{setup.engine.name} {setup.variant} {setup.size:,} ({setup.label})")
                    if setup.variant == "none":
                        results.append(Result(setup.engine.name, "(not measured)", setup.size, setup.label, "",
                                              index_size(setup.root, setup.engine), setup.note))
                        continue
                    results.append(measure(browser, setup, args.rounds, progress))
            finally:
                browser.close()
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    header = [f"Measured {time.strftime('%Y-%m-%d %H:%M')} on {machine}, headless {CHROMIUM}; "
              f"{args.rounds} round(s): a fresh page per query, then the queries again on one page (warm). "
              "Times in ms from the key event to the next frame after the result list changed. "
              f"Load average (5 min) {load_before:.1f} before, {os.getloadavg()[1]:.1f} after."]
    print(report(results, header))
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in results], indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
