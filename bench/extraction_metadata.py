"""Title, author and date of captured pages, scored on labelled pages: a benchmark, not a test.

The pages are trafilatura's own evaluation pages (``shared/bench-data/trafilatura-eval-dev``,
487 of its 990; its PROVENANCE.md says how they were chosen; read from there, never copied into
the project). 430 carry labels: a title, an author and a date (each may be empty: the page
states none).

**Held out.** The other labelled set (the article-extraction benchmark) has no title, author or
date, so one labelled page in three is held out here, chosen by a fixed rule (the SHA-256 of its
URL, as a number, divisible by 3): the figures on those pages are the check, and only the other
pages ("development") are ever listed one by one (``--misses``).

**Scores**, per field, on the pages whose label gives a value (as the issue's table counts):

* exact: ours equals the label: the title after spaces are collapsed (case kept); the authors as
  a set of names, case ignored (a label "A, B and C" is three names; a degree after a name is no
  name of its own: "A, PhD" is the one name "A", as a string or as a list's item); the date as YYYY-MM-DD
  (a few labels are mistyped, ``2022-01.26`` or ``2022-29-11``: read as the only day they can
  mean);
* and, on the pages whose label is empty, how often a value was given all the same: a date
  there is one the page does not state as its date.

Rows: ``archive`` (what the builder publishes: the decode stage with trafilatura as we call it,
then the text stages), the same with htmldate's extensive date search in its other modes
(builder/stages/html_dates.py: "off", "checked", "unchecked"), and ``trafilatura`` alone with its
default settings (given the page's bytes).
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import re
import sys
import time
import unicodedata
from pathlib import Path
from typing import Callable, Iterator

from bench.extraction_libraries import Output, Page, version

FIELDS = ("title", "author", "date")
TARGETS = {"title": 0.85, "author": 0.70, "date": 0.90}
HELD_OUT_EVERY = 3
NAME_SPLIT = re.compile(r"\s*(?:;|,|&|\band\b|\bund\b|\bet\b|\by\b)\s*", re.I)
DEGREE = re.compile(r"(?:ph\.?\s?d|m\.?d|mba|msc|mph|dphil|jd)\.?", re.I)
"""An academic degree written after a name ("Michael L. Anderson, PhD"): not a name of its own."""


def held_out(url: str) -> bool:
    """One labelled page in three, fixed by its URL: never looked at one by one."""
    return int(hashlib.sha256(url.encode("utf-8")).hexdigest(), 16) % HELD_OUT_EVERY == 0


def load_labelled(data: Path, limit: int = 0) -> list[Page]:
    """Every page of the set (labelled or not: a page left out counts whatever its labels)."""
    gold = json.loads((data / "evaldata-dev.json").read_text(encoding="utf-8"))
    urls = sorted(gold)[:limit] if limit else sorted(gold)
    return [Page(gold[url]["file"], url, "", gzip.decompress((data / "html" / f"{gold[url]['file']}.gz").read_bytes()),
                 {name: gold[url].get(name) for name in FIELDS}) for url in urls]


# --- what is compared ----------------------------------------------------------------------------------

def text_key(value) -> str:
    return " ".join(unicodedata.normalize("NFC", value or "").split()) if isinstance(value, str) else ""


def names_key(value) -> tuple[str, ...]:
    """A set of names, whatever the separators and case: 'A, B and C' and ['c', 'b', 'a'] are equal.
    A degree after a name is not a name: 'A, PhD' (a string or a list's item) is the one name 'a'."""
    if isinstance(value, (list, tuple)):
        parts = [", ".join(p for p in re.split(r"\s*,\s*", text_key(v)) if not DEGREE.fullmatch(p)) for v in value]
    else:
        parts = [part for part in NAME_SPLIT.split(text_key(value)) if not DEGREE.fullmatch(part)]
    return tuple(sorted({p.casefold().strip(" .") for p in parts if p.strip(" .")}))


def date_key(value) -> str:
    """'2019-11-19' as it is; a mistyped label ('2022-01.26', '2022-29-11') as the only day it can mean."""
    parts = re.findall(r"\d+", value or "") if isinstance(value, str) else []
    if len(parts) != 3 or len(parts[0]) != 4:
        return text_key(value)
    year, a, b = parts
    month, day = (b, a) if int(a) > 12 >= int(b) else (a, b)
    return f"{year}-{int(month):02d}-{int(day):02d}"


KEYS: dict[str, Callable] = {"title": text_key, "author": names_key, "date": date_key}


def found(output: Output) -> dict:
    meta = output.meta
    return {"title": meta.get("title") or "", "author": meta.get("authors") or (), "date": meta.get("date") or ""}


# --- the extractors --------------------------------------------------------------------------------------

@contextlib.contextmanager
def date_search(mode: str) -> Iterator[None]:
    """The builder's web page reader with htmldate's extensive search 'off', 'checked' or 'unchecked'."""
    from builder.stages import html_dates

    kept = html_dates.EXTENSIVE_SEARCH
    html_dates.EXTENSIVE_SEARCH = mode
    try:
        yield
    finally:
        html_dates.EXTENSIVE_SEARCH = kept


def _archive() -> Callable[[Page], Output]:
    from bench.extraction_libraries import EXTRACTORS
    return EXTRACTORS["archive"][0]()


def _trafilatura_default() -> Callable[[Page], Output]:
    import trafilatura

    def run(page: Page) -> Output:
        result = trafilatura.bare_extraction(page.raw, with_metadata=True)
        if result is None:
            return Output("", {"left_out": True})
        return Output(result.text or "", {"title": result.title, "authors": [a for a in (result.author or "").split(";")],
                                          "date": result.date})

    return run


def rows() -> list[tuple[str, Callable[[], Callable[[Page], Output]], str | None]]:
    """(name, extractor, extensive date search mode or None for the builder's own setting)."""
    from builder.stages.html_dates import EXTENSIVE_SEARCH
    return [(f"archive (extensive date search {EXTENSIVE_SEARCH})", _archive, None),
            *((f"archive, extensive date search {mode}", _archive, mode)
              for mode in ("off", "checked", "unchecked") if mode != EXTENSIVE_SEARCH),
            (f"trafilatura {version('trafilatura')} alone, default settings", _trafilatura_default, None)]


def run_row(make: Callable[[], Callable[[Page], Output]], extensive: str | None, pages: list[Page]) -> list[Output]:
    extractor = make()
    outputs = []
    with date_search(extensive) if extensive is not None else contextlib.nullcontext():
        for page in pages:
            try:
                output = extractor(page)
            except Exception as exc:  # one page an extractor cannot handle is left out, and said so
                print(f"  {page.id}: {type(exc).__name__}: {exc}", file=sys.stderr)
                output = Output("", {"left_out": True})
            if not output.body.strip() and not output.meta.get("title"):
                output.meta["left_out"] = True
            outputs.append(output)
    return outputs


# --- scores -------------------------------------------------------------------------------------------------

def score(pages: list[Page], outputs: list[Output], name: str) -> dict:
    """Exact matches where the label has a value, values given where it has none."""
    exact = labelled = given = empty = 0
    for page, output in zip(pages, outputs):
        gold = page.gold.get(name)
        if gold is None:
            continue
        key = KEYS[name]
        ours = key(found(output)[name])
        if key(gold):
            labelled += 1
            exact += ours == key(gold)
        else:
            empty += 1
            given += bool(ours)
    return {"exact": exact, "labelled": labelled, "given": given, "empty": empty}


def measure(pages: list[Page]) -> list[dict]:
    results = []
    for name, make, extensive in rows():
        started = time.perf_counter()
        outputs = run_row(make, extensive, pages)
        seconds = time.perf_counter() - started
        print(f"  metadata, {name}: done ({1000 * seconds / len(pages):.0f} ms/page)", file=sys.stderr)
        parts = {"development": [i for i, p in enumerate(pages) if not held_out(p.url)],
                 "held out": [i for i, p in enumerate(pages) if held_out(p.url)]}
        result = {"name": name, "outputs": outputs,
                  "left_out": [p.id for p, o in zip(pages, outputs) if o.meta.get("left_out")]}
        for part, indices in parts.items():
            result[part] = {field: score([pages[i] for i in indices], [outputs[i] for i in indices], field)
                            for field in FIELDS}
        results.append(result)
    return results


def _share(count: int, total: int) -> str:
    return f"{count / total:.1%} ({count}/{total})" if total else "-"


def print_metadata_table(results: list[dict], pages: list[Page]) -> None:
    print()
    print(f"Title, author and date on the labelled pages ({len(pages)} pages, "
          f"{sum(1 for p in pages if p.gold.get('title') is not None)} labelled; one in {HELD_OUT_EVERY} held out):")
    print("exact where the label has a value; in brackets, a value given where the label has none")
    for part in ("development", "held out"):
        print(f"\n  {part}:")
        print(f"  {'':<52} " + " ".join(f"{field:<26}" for field in FIELDS))
        for result in results:
            cells = []
            for field in FIELDS:
                s = result[part][field]
                cells.append(f"{_share(s['exact'], s['labelled']):<15} [{s['given']}/{s['empty']}]".ljust(26))
            print(f"  {result['name']:<52} " + " ".join(cells))
    print()
    for result in results:
        left = result["left_out"]
        print(f"  {result['name']}: pages left out {len(left)} of {len(pages)}" + (f" ({', '.join(left)})" if left else ""))
    archive = results[0]
    verdicts = []
    for field in FIELDS:
        s = archive["held out"][field]
        share = s["exact"] / s["labelled"] if s["labelled"] else 0.0
        verdicts.append(f"{field} {share:.1%} {'meets' if share >= TARGETS[field] else 'is BELOW'} {TARGETS[field]:.0%}")
    print(f"\narchive on the held-out pages: {'; '.join(verdicts)}")


def print_misses(result: dict, pages: list[Page], count: int) -> None:
    """The archive's misses on development pages only (the held-out pages are never listed)."""
    for field in FIELDS:
        key = KEYS[field]
        misses = [(page, found(output)[field]) for page, output in zip(pages, result["outputs"])
                  if not held_out(page.url) and page.gold.get(field) is not None and key(found(output)[field]) != key(page.gold[field])]
        print(f"\n{result['name']}: {len(misses)} {field} misses on development pages; the first {min(count, len(misses))}:")
        for page, ours in misses[:count]:
            print(f"  {page.id[:40]:<40} label {page.gold[field]!r}\n  {'':<40} ours  {ours!r}")


def summary(results: list[dict]) -> list[dict]:
    """The figures, for --json."""
    return [{"name": r["name"], "left_out": len(r["left_out"]),
             **{part: r[part] for part in ("development", "held out")}} for r in results]
