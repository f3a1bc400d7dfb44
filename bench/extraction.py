"""How well captured web pages are turned into article text: a benchmark, not a test.

    .venv/bin/python -m bench.extraction [--data DIR] [--libraries archive,trafilatura,...]

Scores body text on the 181 hand-labelled pages of the article-extraction benchmark
(github.com/scrapinghub/article-extraction-benchmark, read from ``shared/bench-data``, never
copied into the project) with that benchmark's own method, reimplemented from its
``evaluate.py``: both texts are cut into ``\\w+`` tokens and 4-token shingles; per page,
true/false positives and false negatives are counted over shingle multisets and normalised
to sum to 1; precision is the mean over pages with a prediction, recall the mean over pages
with a truth, F1 the harmonic mean of those two means; accuracy is the share of pages whose
token sequence is exactly right; ± is the bootstrap standard deviation (1,000 resamples, seeded).

Rows:

* ``archive``: what the archive builder publishes: ``stages.html_source`` (trafilatura with
  our settings) and then the clean, extract and segment stages, the document's paragraphs.
* ``html_source``: the same before the clean, extract and segment stages (the extraction alone).
* ``trafilatura``: trafilatura called as the benchmark's own runner calls it, for reference.
* ``readability-lxml``, ``goose3``, ``newspaper4k``, ``justext``: the alternatives, called as
  the benchmark's runners call them; each is skipped (and said so) when not installed.

The ground truth has only ``articleBody`` and ``url`` (no title, author or date), so the only
metadata that can be checked for exactness is the canonical URL; for the other fields the
share of pages where each was found is printed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "bench-data" / "article-extraction-benchmark"
N_BOOTSTRAP = 1000
TARGET_F1 = 0.90

# --- the benchmark's evaluation method (evaluate.py), reimplemented ---------------------------

_TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)


def tokenize(text: str) -> list[str]:
    return _TOKEN_RE.findall(text or "")


def ngrams(text: str, n: int = 4) -> list[tuple[str, ...]]:
    tokens = tokenize(text)
    result = []
    for i in range(0, max(1, len(tokens) - n + 1)):
        shingle = tuple(tokens[i: i + n])
        if shingle:
            result.append(shingle)
    return result


def shingle_matching(true: str, pred: str, n: int = 4) -> tuple[float, float, float]:
    """(tp, fp, fn) over shingle multisets, normalised so that long texts do not weigh more."""
    true_shingles, pred_shingles = Counter(ngrams(true, n)), Counter(ngrams(pred, n))
    tp = fp = fn = 0.0
    for key in set(true_shingles) | set(pred_shingles):
        t, p = true_shingles.get(key, 0), pred_shingles.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total > 0 else (tp, fp, fn)


def precision_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def recall_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def metrics(tp_fp_fns: list[tuple[float, float, float]]) -> dict[str, float]:
    precision = statistics.mean([precision_score(*x) for x in tp_fp_fns if x[0] + x[1] > 0])
    recall = statistics.mean([recall_score(*x) for x in tp_fp_fns if x[0] + x[2] > 0])
    return {"f1": 2 * precision * recall / (precision + recall), "precision": precision, "recall": recall}


def accuracy(true: str, pred: str) -> float:
    return float(tokenize(true) == tokenize(pred))


def evaluate(truths: list[str], preds: list[str], n_bootstrap: int = N_BOOTSTRAP, seed: int = 0) -> dict:
    tp_fp_fns = [shingle_matching(t, p) for t, p in zip(truths, preds)]
    accuracies = [accuracy(t, p) for t, p in zip(truths, preds)]
    result: dict = metrics(tp_fp_fns)
    result["accuracy"] = statistics.mean(accuracies)
    rng = random.Random(seed)
    samples: dict[str, list[float]] = {}
    n = len(tp_fp_fns)
    for _ in range(n_bootstrap):
        indices = [rng.randint(0, n - 1) for _ in range(n)]
        for key, value in metrics([tp_fp_fns[i] for i in indices]).items():
            samples.setdefault(key, []).append(value)
        samples.setdefault("accuracy", []).append(statistics.mean([accuracies[i] for i in indices]))
    for key, values in samples.items():
        result[f"{key}_std"] = statistics.stdev(values) if len(values) > 1 else 0.0
    # Per page F1 (not part of the benchmark's table): how the pages spread.
    per_page = [2 * precision_score(*x) * recall_score(*x) / (precision_score(*x) + recall_score(*x))
                if precision_score(*x) + recall_score(*x) else 0.0 for x in tp_fp_fns]
    result["page_f1_mean"] = statistics.mean(per_page)
    result["page_f1_median"] = statistics.median(per_page)
    result["per_page"] = per_page
    return result


# --- the pages -----------------------------------------------------------------------------------

@dataclass
class Page:
    id: str
    url: str
    truth: str
    raw: bytes  # the page as saved (UTF-8)

    @property
    def html(self) -> str:
        return self.raw.decode("utf-8")


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


# --- the extractors --------------------------------------------------------------------------------

@dataclass
class Output:
    body: str
    meta: dict = field(default_factory=dict)  # title, authors, date, publication, url, language, description


def _archive() -> Callable[[Page], Output]:
    from builder.model import Archive, ContentPath, DocId, Document, SourceFile
    from builder.stages.clean import clean_documents
    from builder.stages.decode import decode_sources
    from builder.stages.extract import extract_metadata
    from builder.stages.segment import segment_documents

    def run(page: Page) -> Output:
        archive = Archive(content_dir=Path("/nonexistent"))
        path = Path("/nonexistent/sources") / f"{page.id}.html"
        archive.documents.append(Document(DocId(page.id), SourceFile(ContentPath(f"sources/{page.id}.html"), path, page.raw)))
        for stage in (decode_sources, clean_documents, extract_metadata, segment_documents):
            archive = stage(archive)
        if not archive.documents:
            return Output("")
        doc = archive.documents[0]
        meta = {name: doc.metadata.get(name) for name in
                ("title", "authors", "date", "publication", "url", "language", "description")}
        return Output("\n\n".join(p.text for p in doc.paragraphs), meta)

    return run


def _html_source() -> Callable[[Page], Output]:
    from builder.stages.html_source import extract

    def run(page: Page) -> Output:
        extraction = extract(page.raw)
        meta = {name: extraction.metadata.get(name) for name in
                ("title", "authors", "date", "publication", "url", "language", "description")}
        return Output("\n".join(extraction.lines), meta)

    return run


def _trafilatura() -> Callable[[Page], Output]:
    import trafilatura

    return lambda page: Output(trafilatura.extract(page.html, include_comments=False) or "")


def _html_to_text(fragment: str) -> str:
    try:
        import html_text  # what the benchmark's runner uses
        return html_text.extract_text(fragment)
    except ImportError:
        import lxml.html
        return "\n".join(lxml.html.fromstring(fragment).itertext()) if fragment.strip() else ""


def _readability() -> Callable[[Page], Output]:
    from readability import Document

    return lambda page: Output(_html_to_text(Document(page.html).summary(html_partial=True)))


def _goose3() -> Callable[[Page], Output]:
    from goose3 import Goose

    goose = Goose({"enable_image_fetching": False})
    return lambda page: Output(goose.extract(raw_html=page.html).cleaned_text or "")


def _newspaper4k() -> Callable[[Page], Output]:
    import newspaper

    def run(page: Page) -> Output:
        # As the benchmark's runner, but without fetching the article's images over the network.
        article = newspaper.Article(page.url, fetch_images=False)
        article.download(input_html=page.html)
        article.parse()
        return Output(article.text or "")

    return run


def _justext() -> Callable[[Page], Output]:
    import justext

    stoplist = justext.get_stoplist("English")
    return lambda page: Output(" ".join(p.text for p in justext.justext(page.html, stoplist, 50, 200, 0.1, 0.2, 0.2, 200, True)
                                        if not p.is_boilerplate))


EXTRACTORS: dict[str, tuple[Callable[[], Callable[[Page], Output]], str]] = {
    "archive": (_archive, "trafilatura"),
    "html_source": (_html_source, "trafilatura"),
    "trafilatura": (_trafilatura, "trafilatura"),
    "readability-lxml": (_readability, "readability-lxml"),
    "goose3": (_goose3, "goose3"),
    "newspaper4k": (_newspaper4k, "newspaper4k"),
    "justext": (_justext, "jusText"),
}


def version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version as dist_version
    try:
        return dist_version(distribution)
    except PackageNotFoundError:
        return "?"


# --- running and printing ------------------------------------------------------------------------------

def url_key(url: str) -> str:
    """URLs compared without scheme, 'www.', query or trailing slash."""
    url = re.sub(r"^https?://(?:www\.)?", "", (url or "").strip().lower())
    return url.split("?")[0].split("#")[0].rstrip("/")


def forbid_network() -> None:
    """Every extractor works on the saved page alone: a connection attempt fails at once."""
    import socket

    def refuse(*args, **kwargs):
        raise OSError("bench.extraction: no network (the pages are read from disk)")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    socket.socket.connect_ex = refuse  # type: ignore[method-assign]
    socket.create_connection = refuse  # type: ignore[assignment]


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.extraction", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("ARCHIVE_BENCH_DATA", DEFAULT_DATA)),
                        help="the benchmark folder (ground-truth.json and html/); default: %(default)s")
    parser.add_argument("--libraries", default=",".join(EXTRACTORS),
                        help="comma-separated, from: " + ", ".join(EXTRACTORS))
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages (by id)")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages of the first library")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").is_file():
        print(f"no benchmark data in {args.data} (pass --data DIR or set ARCHIVE_BENCH_DATA)", file=sys.stderr)
        return 2
    names = [n.strip() for n in args.libraries.split(",") if n.strip()]
    unknown = [n for n in names if n not in EXTRACTORS]
    if unknown:
        parser.error(f"unknown libraries: {', '.join(unknown)}")
    pages = load_pages(args.data, args.limit)
    forbid_network()
    results = [r for r in (run(name, pages) for name in names) if r]
    if not results:
        return 1
    print_table(results)
    print_metadata(results, pages)
    archive = next((r for r in results if r["name"] == "archive"), None)
    if archive:
        verdict = "meets" if archive["f1"] >= TARGET_F1 else "is BELOW"
        print(f"\narchive body F1 {archive['f1']:.3f} {verdict} the target of {TARGET_F1:.2f}")
    if args.worst:
        print_worst(results[0], pages, args.worst)
    if args.json:
        keep = ("name", "version", "precision", "recall", "f1", "accuracy", "precision_std", "recall_std", "f1_std",
                "accuracy_std", "page_f1_mean", "page_f1_median", "empty", "errors", "ms_mean", "ms_median")
        args.json.write_text(json.dumps([{k: r[k] for k in keep} for r in results], indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
