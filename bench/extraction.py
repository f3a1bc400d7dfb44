"""How well captured web pages are read: a benchmark, not a test.

    .venv/bin/python -m bench.extraction [--data DIR] [--dev-data DIR] [--only body|metadata]
                                         [--libraries archive,trafilatura,...] [--misses N]

Two labelled sets, read from ``shared/bench-data`` and never copied into the project:

1. **Body text** on the 181 hand-labelled pages of the article-extraction benchmark
   (github.com/scrapinghub/article-extraction-benchmark), with that benchmark's own method
   (``bench/extraction_score.py``). Rows:

   * ``archive``: what the archive builder publishes: ``stages.html_source`` (trafilatura with
     our settings) and then the clean, extract and segment stages, the document's paragraphs.
   * ``html_source``: the same before the clean, extract and segment stages (the extraction alone).
   * ``trafilatura``: trafilatura called as the benchmark's own runner calls it, for reference.
   * ``readability-lxml``, ``goose3``, ``newspaper4k``, ``justext``: the alternatives, called as
     the benchmark's runners call them; each is skipped (and said so) when not installed.

   Its ground truth has only ``articleBody`` and ``url`` (no title, author or date), so the only
   metadata checked there is the canonical URL; for the other fields the share of pages where each
   was found is printed.

2. **Title, author and date** on the labelled pages of trafilatura's evaluation set, one in
   three held out (``bench/extraction_metadata.py``), against trafilatura alone.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

from bench import extraction_metadata as metadata
from bench.extraction_libraries import EXTRACTORS, Output, Page, forbid_network, version
from bench.extraction_score import evaluate

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "bench-data" / "article-extraction-benchmark"
DEFAULT_DEV_DATA = REPO.parent / "shared" / "bench-data" / "trafilatura-eval-dev"
TARGET_F1 = 0.90

# --- the pages ------------------------------------------------------------------------------------------

def load_pages(data: Path, limit: int = 0) -> list[Page]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)
    files = {p.name[: -len(".html.gz")] for p in (data / "html").glob("*.html.gz")}
    if files != set(ids):
        raise SystemExit(f"{data}: ground-truth.json and html/ do not list the same pages")
    fields = sorted({key for item in truth.values() for key in item})
    print(f"{len(ids)} pages in {data}; ground-truth fields: {', '.join(fields)}")
    ids = ids[:limit] if limit else ids
    return [Page(i, truth[i].get("url", ""), truth[i].get("articleBody", ""),
                 gzip.decompress((data / "html" / f"{i}.html.gz").read_bytes())) for i in ids]


# --- running and printing ------------------------------------------------------------------------------

def url_key(url: str) -> str:
    """URLs compared without scheme, 'www.', query or trailing slash."""
    url = re.sub(r"^https?://(?:www\.)?", "", (url or "").strip().lower())
    return url.split("?")[0].split("#")[0].rstrip("/")


def run(name: str, pages: list[Page]) -> dict | None:
    make, distribution = EXTRACTORS[name]
    try:
        extractor = make()
    except ImportError as exc:
        print(f"  {name}: not installed here ({exc.name or exc}); skipped")
        return None
    outputs, seconds, errors = [], [], 0
    for page in pages:
        started = time.perf_counter()
        try:
            output = extractor(page)
        except Exception as exc:  # one page an extractor cannot handle scores as empty
            errors += 1
            print(f"  {name}: {page.id[:12]}: {type(exc).__name__}: {exc}", file=sys.stderr)
            output = Output("")
        seconds.append(time.perf_counter() - started)
        outputs.append(output)
    result = evaluate([p.truth for p in pages], [o.body for o in outputs])
    result.update(name=name, version=version(distribution), errors=errors, outputs=outputs,
                  ms_mean=1000 * statistics.mean(seconds), ms_median=1000 * statistics.median(seconds),
                  empty=sum(1 for o in outputs if not o.body.strip()))
    print(f"  {name}: done ({result['ms_mean']:.0f} ms/page)", file=sys.stderr)
    return result


def print_table(results: list[dict]) -> None:
    print()
    print("Body text (benchmark method; P, R, F1 and accuracy are means over pages, ± bootstrap std):")
    header = (f"{'':<18} {'version':<9} {'precision':<14} {'recall':<14} {'F1':<14} {'accuracy':<14} "
              f"{'page F1 mean':>12} {'median':>7} {'empty':>5} {'ms/page':>8} {'median':>7}")
    print(header)
    for r in results:
        print(f"{r['name']:<18} {r['version']:<9} "
              f"{r['precision']:.3f} ± {r['precision_std']:.3f}  {r['recall']:.3f} ± {r['recall_std']:.3f}  "
              f"{r['f1']:.3f} ± {r['f1_std']:.3f}  {r['accuracy']:.3f} ± {r['accuracy_std']:.3f}  "
              f"{r['page_f1_mean']:>12.3f} {r['page_f1_median']:>7.3f} {r['empty']:>5} "
              f"{r['ms_mean']:>8.1f} {r['ms_median']:>7.1f}")


def print_metadata(results: list[dict], pages: list[Page]) -> None:
    with_meta = [r for r in results if any(o.meta for o in r["outputs"])]
    if not with_meta:
        return
    print()
    print("Metadata: the ground truth carries only articleBody and url, so only the URL can be checked")
    print("for exactness; for the other fields, the share of pages where one was found (not checked).")
    truths = [p for p in pages if p.url]
    for r in with_meta:
        outs = r["outputs"]
        exact = sum(1 for p, o in zip(pages, outs) if p.url and o.meta.get("url") == p.url)
        same = sum(1 for p, o in zip(pages, outs) if p.url and url_key(o.meta.get("url", "")) == url_key(p.url))
        print(f"  {r['name']}: url exact {exact}/{len(truths)} ({exact / len(truths):.1%}), "
              f"same page (scheme, www, query, trailing / ignored) {same}/{len(truths)} ({same / len(truths):.1%})")
        found = ", ".join(f"{name} {sum(1 for o in outs if o.meta.get(name)) / len(outs):.0%}"
                          for name in ("title", "authors", "date", "publication", "language", "description"))
        print(f"  {r['name']}: found {found}")


def print_worst(result: dict, pages: list[Page], count: int) -> None:
    print()
    print(f"Worst {count} pages for {result['name']} (page F1, id, url):")
    ranked = sorted(zip(result["per_page"], pages), key=lambda item: (item[0], item[1].id))
    for score, page in ranked[:count]:
        print(f"  {score:.3f}  {page.id[:12]}  {page.url}")


def body_benchmark(args, names: list[str]) -> dict:
    """The body-text benchmark; its figures for --json."""
    pages = load_pages(args.data, args.limit)
    results = [r for r in (run(name, pages) for name in names) if r]
    if not results:
        return {}
    print_table(results)
    print_metadata(results, pages)
    archive = next((r for r in results if r["name"] == "archive"), None)
    if archive:
        verdict = "meets" if archive["f1"] >= TARGET_F1 else "is BELOW"
        print(f"\narchive body F1 {archive['f1']:.3f} {verdict} the target of {TARGET_F1:.2f}")
    if args.worst:
        print_worst(results[0], pages, args.worst)
    keep = ("name", "version", "precision", "recall", "f1", "accuracy", "precision_std", "recall_std", "f1_std",
            "accuracy_std", "page_f1_mean", "page_f1_median", "empty", "errors", "ms_mean", "ms_median")
    return {"body": [{k: r[k] for k in keep} for r in results]}


def metadata_benchmark(args) -> dict:
    """Title, author and date on the labelled pages; their figures for --json."""
    pages = metadata.load_labelled(args.dev_data, args.limit)
    print(f"\n{len(pages)} pages in {args.dev_data}")
    results = metadata.measure(pages)
    metadata.print_metadata_table(results, pages)
    if args.misses:
        metadata.print_misses(results[0], pages, args.misses)
    return {"metadata": metadata.summary(results)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.extraction", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("ARCHIVE_BENCH_DATA", DEFAULT_DATA)),
                        help="the body-text benchmark's folder (ground-truth.json and html/); default: %(default)s")
    parser.add_argument("--dev-data", type=Path, default=Path(os.environ.get("ARCHIVE_BENCH_DEV_DATA", DEFAULT_DEV_DATA)),
                        help="the labelled metadata set (evaldata-dev.json and html/); default: %(default)s")
    parser.add_argument("--only", choices=("body", "metadata"), help="run one of the two benchmarks")
    parser.add_argument("--libraries", default=",".join(EXTRACTORS),
                        help="body text: comma-separated, from: " + ", ".join(EXTRACTORS))
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages (by id, by URL)")
    parser.add_argument("--worst", type=int, default=0, help="body text: list the N worst pages of the first library")
    parser.add_argument("--misses", type=int, default=0,
                        help="metadata: list the archive's first N misses of each field on development pages")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.libraries.split(",") if n.strip()]
    unknown = [n for n in names if n not in EXTRACTORS]
    if unknown:
        parser.error(f"unknown libraries: {', '.join(unknown)}")
    figures: dict = {}
    forbid_network()
    if args.only != "metadata":
        if not (args.data / "ground-truth.json").is_file():
            print(f"no benchmark data in {args.data} (pass --data DIR or set ARCHIVE_BENCH_DATA)", file=sys.stderr)
            return 2
        figures.update(body_benchmark(args, names))
        if not figures:
            return 1
    if args.only != "body":
        if not (args.dev_data / "evaldata-dev.json").is_file():
            print(f"no labelled metadata set in {args.dev_data} (pass --dev-data DIR or set ARCHIVE_BENCH_DEV_DATA)",
                  file=sys.stderr)
            return 2
        figures.update(metadata_benchmark(args))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
