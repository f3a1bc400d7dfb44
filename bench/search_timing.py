"""How quickly Material's search answers on a large built site, in headless Chromium: a benchmark, not a test.

    .venv/bin/python -m bench.search_timing SITE [--bundle ZIP_OR_FOLDER] [--rounds 3] [--query TEXT ...]

SITE is a built site folder (the hosted variant, e.g. build/bench/archive-10000/site); it is
served on 127.0.0.1 and opened over http://. ``--bundle`` is an ``archive bundle`` zip (unpacked
into a temporary folder) or an unpacked bundle folder; it is opened from file://, as a reader
opens it. Debian's Chromium (/usr/bin/chromium) is driven through Playwright; Playwright's own
browser download is never used.

What is measured, all in the page with ``performance.now()`` (Playwright's round trips are not
counted), through a thin wrapper around the page's ``Worker`` (Material's search worker, or on
file:// the iframe-worker shim that stands in for it) and a MutationObserver on the result list:

* index ready: the search worker's READY message, in ms after navigation start (served), or after
  the search box got focus (bundle: Material loads the index only when the search is opened);
  "index build" is SETUP sent to READY received (lunr building its index from the JSON).
* right after load: a query pasted as soon as the search box exists, before the index is ready:
  keyup to results shown (so it includes loading and building the index).
* first query: the first query once the index is ready (lunr and the renderer still cold).
* later queries: every query ``--rounds`` times, pasted (value set, one ``keyup``: Material queries
  on keyup, not on input): keyup to result list updated (the MutationObserver's callback right after
  Material has rendered the result count and first results), and "frame": to the end of the next
  animation frame, about when the results are painted. "worker" is the QUERY message to the RESULT
  message (lunr's search and post-processing plus the copy of the results back).
* typed: the query typed a key at a time, one ``keyup`` every ``--type-delay`` ms (page-side timers,
  as a reader types, whether or not the page keeps up); Material sends a query on every keyup and
  the worker answers them in order, so this is from when the last key was due to the result list
  updated for the whole query, the queued prefix queries included. "key lag" is how late the
  latest key was handled (the main thread was busy: on file:// the "worker" runs on it);
  "slowest of them" is the slowest of the prefix queries sent while typing, by its own search time.
* longest block: the longest main-thread task (PerformanceObserver 'longtask') while the index
  was loaded and built, and while queries ran: how long the page could not react to the reader.

Default queries come from the site's own search index: the most frequent two-word entity name,
the most common (non-stop) word, two common words, the rarest word, and a 5-letter prefix of a
common long word. Numbers are printed as a Markdown table; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench.localserver import serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
INPUT = "input.md-search__input"
TIMEOUT_MS = 180_000

# lunr's English stop words (lunr.stopWordFilter): never useful as a benchmark query.
STOP_WORDS = set("""a able about across after all almost also am among an and any are as at be because been but by
can cannot could dear did do does either else ever every for from get got had has have he her hers him his how however
i if in into is it its just least let like likely may me might most must my neither no nor not of off often on only or
other our own rather said say says she should since so some than that the their them then there these they this tis to
too twas us wants was we were what when where which while who whom why will with would yet you your""".split())

# Installed in every frame before the page's own scripts; only the top frame records.
HOOK = r"""
(() => {
  if (window !== window.top || window.__sb) return;
  const now = () => performance.now();
  const sb = window.__sb = {created: null, setup: null, ready: null, focus: null, sent: [], recv: 0, last: null,
                            longtasks: []};
  try {
    new PerformanceObserver(list => {
      for (const e of list.getEntries()) sb.longtasks.push([e.startTime, e.duration]);
    }).observe({type: 'longtask', buffered: true});
  } catch (e) { sb.longtasks = null; }
  // After the next animation frame: roughly when the update has been painted.
  const afterFrame = cb => requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = cb;
    channel.port2.postMessage(0);
  });
  // Material's messages: 0 SETUP, 1 READY, 2 QUERY, 3 RESULT. The worker answers queries in order.
  const onMessage = ev => {
    const t = now(), m = ev.data;
    if (!m || typeof m !== 'object') return;
    if (m.type === 1 && sb.ready === null) sb.ready = t;
    if (m.type === 3) {
      const s = sb.sent[sb.recv++];
      if (s) {
        s.result = t;
        s.hits = m.data && Array.isArray(m.data.items) ? m.data.items.length : null;
        sb.last = s;
      }
    }
  };
  const wrap = Base => {
    if (typeof Base !== 'function' || Base.__sbWrapped) return Base;
    const Wrapped = class extends Base {
      constructor(...args) {
        super(...args);
        sb.created = now();
        this.addEventListener('message', onMessage);  // before Material's own listener
      }
      postMessage(m, ...rest) {
        const t = now();
        if (m && m.type === 0) sb.setup = t;
        if (m && m.type === 2) sb.sent.push({q: String(m.data), sent: t});
        return super.postMessage(m, ...rest);
      }
    };
    Wrapped.__sbWrapped = true;
    return Wrapped;
  };
  // The iframe-worker shim replaces window.Worker on file://: wrap whatever is put there.
  let current = wrap(window.Worker);
  Object.defineProperty(window, 'Worker', {configurable: true, get: () => current, set: v => { current = wrap(v); }});
  const isInput = t => t && t.matches && t.matches('input.md-search__input');
  document.addEventListener('focusin', e => { if (sb.focus === null && isInput(e.target)) sb.focus = now(); }, true);
  const observe = () => {
    const el = document.querySelector('.md-search-result');
    if (!el) return;
    new MutationObserver(() => {
      const s = sb.last;
      if (s && s.dom === undefined) {
        s.dom = now();
        const meta = el.querySelector('.md-search-result__meta');
        s.meta = meta ? meta.textContent.trim() : null;
        s.shown = el.querySelectorAll('.md-search-result__list > li').length;
        afterFrame(() => { s.frame = now(); });
      }
    }).observe(el, {childList: true, subtree: true, characterData: true});
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', observe); else observe();
})();
"""

PASTE = """(q, focus) => {
  const el = document.querySelector('input.md-search__input');
  const t = performance.now();
  if (focus) el.focus();
  el.value = q;
  el.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: 'Unidentified'}));
  return t;
}"""

# The answer to query q sent at or after t0, once shown and painted; and nothing else still pending.
DONE = """([q, t0]) => {
  const sb = window.__sb;
  const s = sb.sent.find(s => s.q === q && s.sent >= t0);
  if (!s || s.frame === undefined || sb.recv < sb.sent.length) return null;
  return s;
}"""

# A reader typing at a steady pace, one keyup per character (the i-th due at t0 + i * delay); on a
# busy main thread the timers fire late, as real key events would be handled late. Returns t0, when
# the last key was due, and how late the latest key was handled.
TYPE = """([q, delay]) => new Promise(resolve => {
  const el = document.querySelector('input.md-search__input');
  el.focus();
  const t0 = performance.now();
  let late = 0;
  for (let i = 1; i <= q.length; i++) {
    const due = t0 + (i - 1) * delay;
    setTimeout(() => {
      late = Math.max(late, performance.now() - due);
      el.value = q.slice(0, i);
      el.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: q[i - 1]}));
      if (i === q.length) resolve([t0, due, late]);
    }, (i - 1) * delay);
  }
})"""

# The queries sent since t0, each with its own time in the worker (its queue wait left out). On
# file:// the iframe "worker" searches on the main thread, in the task that sent the query, before
# earlier answers are delivered: there a query's time is the long task it was sent from (null: < 50 ms).
STEPS = """([t0, inline]) => {
  const sb = window.__sb, sent = sb.sent, out = [];
  for (let i = 0; i < sent.length; i++) {
    const s = sent[i];
    if (s.sent < t0 || s.result === undefined) continue;
    if (inline) {
      const task = (sb.longtasks || []).find(([start, d]) => start <= s.sent && s.sent <= start + d);
      out.push([s.q, task ? task[1] : null]);
    } else {
      const begin = i > 0 && sent[i - 1].result !== undefined ? Math.max(s.sent, sent[i - 1].result) : s.sent;
      out.push([s.q, s.result - begin]);
    }
  }
  return out;
}"""

IDLE = """() => {
  const sb = window.__sb;
  return sb.recv === sb.sent.length && (!sb.last || sb.last.frame !== undefined);
}"""


# --- the sites ------------------------------------------------------------------------------------

@contextmanager
def bundle_folder(path: Path):
    """The unpacked bundle folder (the one holding index.html): a zip is unpacked into a temporary folder."""
    work = None
    try:
        if path.is_file():
            work = Path(tempfile.mkdtemp(prefix="search-bench-bundle-"))
            with zipfile.ZipFile(path) as zf:
                zf.extractall(work)
            path = work
        if not (path / "index.html").is_file():
            inner = [p for p in path.iterdir() if (p / "index.html").is_file()]
            if len(inner) != 1:
                raise SystemExit(f"{path}: no index.html, and not exactly one folder holding one")
            path = inner[0]
        yield path.resolve()
    finally:
        if work:
            shutil.rmtree(work, ignore_errors=True)


# --- the queries ----------------------------------------------------------------------------------

_SPLIT = re.compile(r"[\s\-]+")
_TAG = re.compile(r"<[^>]+>")


def _words(text: str) -> set[str]:
    out = set()
    for raw in _SPLIT.split(_TAG.sub(" ", text).lower()):
        word = raw.strip(".,;:!?()[]{}\"'“”‘’…·")
        if word.isalpha():
            out.add(word)
    return out


def default_queries(index_file: Path) -> list[tuple[str, str]]:
    """(kind, query) pairs that exist in this site's search index."""
    docs = json.loads(index_file.read_text(encoding="utf-8"))["docs"]
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(_words(doc.get("title", "") + " " + doc.get("text", "")))
    usable = {w: c for w, c in df.items() if w not in STOP_WORDS and len(w) >= 4}
    out = []
    entities = [d for d in docs if "entities/" in d.get("location", "") and len(d.get("title", "").split()) == 2
                and all(w.isalpha() for w in d["title"].split())]
    people = [d for d in entities if _TAG.sub("", d.get("text", "")).lstrip().lower().startswith("person")]
    names = [d["title"] for d in people or entities]
    if names:
        name = max(sorted(names), key=lambda n: min(df[w.lower()] for w in n.split()))
        out.append(("two-word name", name))
    common = sorted(usable, key=lambda w: (-usable[w], w))
    if common:
        out.append(("common word", common[0]))
    if len(common) >= 3:
        out.append(("two common words", f"{common[1]} {common[2]}"))
    rare = sorted((w for w in usable if len(w) >= 6), key=lambda w: (usable[w], w))
    if rare:
        out.append((f"rare word ({usable[rare[0]]} doc{'s' if usable[rare[0]] != 1 else ''})", rare[0]))
    long_common = [w for w in common if len(w) >= 8]
    if long_common:
        out.append(("prefix", long_common[0][:5]))
    return out


# --- measuring ------------------------------------------------------------------------------------

@dataclass
class Run:
    variant: str
    url: str
    load_ms: float | None = None
    ready_ms: float | None = None  # after navigation start (served) or search focus (bundle)
    build_ms: float | None = None  # SETUP sent -> READY received
    setup_block_ms: float | None = None  # longest main-thread task until READY
    cold: dict | None = None  # a query right after page load
    first: dict | None = None  # first query after READY
    pasted: list[dict] = field(default_factory=list)
    typed: list[dict] = field(default_factory=list)
    query_block_ms: float | None = None  # longest main-thread task while queries ran
    errors: list[str] = field(default_factory=list)


def _state(page, key: str):
    return page.evaluate(f"() => window.__sb.{key}")


def _clear(page) -> None:
    page.evaluate(PASTE, "")
    page.wait_for_function(IDLE, timeout=TIMEOUT_MS)


def _result(s: dict, start: float, kind: str, query: str) -> dict:
    return {"kind": kind, "query": query, "hits": s.get("hits"), "meta": s.get("meta"), "shown": s.get("shown"),
            "worker_ms": s["result"] - s["sent"], "latency_ms": s["dom"] - start, "frame_ms": s["frame"] - start}


def paste(page, kind: str, query: str) -> dict:
    _clear(page)
    start = page.evaluate(PASTE, query)
    s = page.wait_for_function(DONE, arg=[query, start], timeout=TIMEOUT_MS).json_value()
    return _result(s, start, kind, query)


def typed(page, kind: str, query: str, delay_ms: float, inline: bool) -> dict:
    _clear(page)
    start, last_key, late = page.evaluate(TYPE, [query, delay_ms])
    s = page.wait_for_function(DONE, arg=[query, start], timeout=TIMEOUT_MS).json_value()
    out = _result(s, last_key, kind, query)
    page.wait_for_timeout(100)  # let the long-task observer deliver
    steps = page.evaluate(STEPS, [start, inline])
    out["queries_sent"] = len(steps)
    out["slowest_step"] = max(steps, key=lambda step: step[1] or 0) if steps else None
    out["key_late_ms"] = late
    return out


def _longest(tasks: list | None, start: float, end: float) -> float | None:
    if tasks is None:
        return None
    return max((d for t, d in tasks if t + d >= start and t <= end), default=0.0)


def _open(browser, url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(HOOK)
    page = context.new_page()
    return context, page


def measure(browser, variant: str, url: str, queries: list[tuple[str, str]], rounds: int, delay_ms: float) -> Run:
    run = Run(variant, url)
    served = variant == "served"

    # 1. A query pasted as soon as the search box and the worker exist (before the index is ready).
    context, page = _open(browser, url)
    try:
        page.goto(url, wait_until="commit")
        page.wait_for_function("() => window.__sb && window.__sb.created !== null && "
                               "document.querySelector('input.md-search__input')", timeout=TIMEOUT_MS)
        kind, query = queries[0]
        start = page.evaluate(f"q => ({PASTE})(q, true)", query)  # focus and paste in one task
        s = page.wait_for_function(DONE, arg=[query, start], timeout=TIMEOUT_MS).json_value()
        run.cold = _result(s, start, kind, query)
        run.cold["at_ms"] = start
    finally:
        context.close()

    # 2. A fresh page: when is the index ready, then the first and later queries.
    context, page = _open(browser, url)
    try:
        page.on("pageerror", lambda exc: run.errors.append(str(exc)))
        page.goto(url, wait_until="load")
        run.load_ms = page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
        if not served:  # Material sets the search up on file:// only once the search is opened
            page.focus(INPUT)
        page.wait_for_function("() => window.__sb.ready !== null", timeout=TIMEOUT_MS)
        sb = page.evaluate("() => ({setup: __sb.setup, ready: __sb.ready, focus: __sb.focus})")
        run.ready_ms = sb["ready"] - (0 if served else sb["focus"])
        run.build_ms = sb["ready"] - sb["setup"] if sb["setup"] is not None else None
        run.setup_block_ms = _longest(_state(page, "longtasks"), 0, sb["ready"])
        page.focus(INPUT)
        queries_start = page.evaluate("() => performance.now()")
        run.first = paste(page, *queries[0])
        for _ in range(rounds):
            for kind, query in queries:
                run.pasted.append(paste(page, kind, query))
        for _ in range(rounds):
            for kind, query in queries:
                run.typed.append(typed(page, kind, query, delay_ms, inline=not served))
        run.query_block_ms = _longest(_state(page, "longtasks"), queries_start, float("inf"))
    finally:
        context.close()
    return run


# --- reporting ------------------------------------------------------------------------------------

def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def _worst(result: dict | None) -> str:
    return "–" if result is None else f"{result['latency_ms']:,.0f} ({result['query']})"


def _step(results: list[dict]) -> str:
    steps = [r["slowest_step"] for r in results if r.get("slowest_step")]
    if not steps:
        return "–"
    query, ms = max(steps, key=lambda step: step[1] or 0)
    return f"'{query}' " + ("< 50" if ms is None else f"{ms:,.0f}")


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def report(runs: list[Run], queries: list[tuple[str, str]], site: Path, index_file: Path, args) -> str:
    docs = len(json.loads(index_file.read_text(encoding="utf-8"))["docs"])
    pages = sum(1 for _ in site.rglob("*.html"))
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
    lines = [f"Measured {time.strftime('%Y-%m-%d %H:%M')} on {machine}, headless {CHROMIUM}.",
             f"Site {site}: {pages:,} pages, search index {index_file.stat().st_size / 1e6:.1f} MB, {docs:,} entries. "
             f"{args.rounds} round(s) per query; typing {args.type_delay:g} ms per key.", "",
             "| variant | page load ms | index ready ms (from navigation start) | index build ms | query right after load ms | first query ms "
             "| later queries median ms | later max ms | typed median ms | typed max ms | longest block ms (index / queries) |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for run in runs:
        later = [r["latency_ms"] for r in run.pasted]
        worst = max(run.pasted, key=lambda r: r["latency_ms"]) if run.pasted else None
        typed_all = [r["latency_ms"] for r in run.typed]
        worst_typed = max(run.typed, key=lambda r: r["latency_ms"]) if run.typed else None
        ready = _ms(run.ready_ms) + ("" if run.variant == "served" else " (after focus)")
        lines.append(
            f"| {run.variant} | {_ms(run.load_ms)} | {ready} | {_ms(run.build_ms)} "
            f"| {_ms(run.cold and run.cold['latency_ms'])} | {_ms(run.first and run.first['latency_ms'])} "
            f"| {_ms(_median(later))} | {_worst(worst)} | {_ms(_median(typed_all))} | {_worst(worst_typed)} "
            f"| {_ms(run.setup_block_ms)} / {_ms(run.query_block_ms)} |")
    lines += ["", "Per query (ms; pasted: keyup to result list updated, frame: to the next frame after it, "
              "worker: QUERY to RESULT message; typed: last key due to results for the whole query):", "",
              "| variant | query | kind | results | worker median | pasted median | pasted max | frame median "
              "| typed median | typed max | key lag max | queries sent while typing | slowest of them |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for run in runs:
        for kind, query in queries:
            p = [r for r in run.pasted if r["query"] == query]
            t = [r for r in run.typed if r["query"] == query]
            hits = p[0]["meta"] if p else "–"
            lines.append(
                f"| {run.variant} | {query} | {kind} | {hits} | {_ms(_median([r['worker_ms'] for r in p]))} "
                f"| {_ms(_median([r['latency_ms'] for r in p]))} | {_ms(max((r['latency_ms'] for r in p), default=None))} "
                f"| {_ms(_median([r['frame_ms'] for r in p]))} | {_ms(_median([r['latency_ms'] for r in t]))} "
                f"| {_ms(max((r['latency_ms'] for r in t), default=None))} "
                f"| {_ms(max((r['key_late_ms'] for r in t), default=None))} | {t[0]['queries_sent'] if t else '–'} "
                f"| {_step(t)} |")
    notes = []
    for run in runs:
        if run.cold:
            notes.append(f"{run.variant}: the query right after load ({run.cold['query']!r}) was pasted "
                         f"{run.cold['at_ms']:,.0f} ms after navigation start.")
        if run.errors:
            notes.append(f"{run.variant}: page errors: " + "; ".join(run.errors[:5]))
        slow = sorted({r["query"] for r in run.pasted if r["latency_ms"] > 1000})
        if slow:
            notes.append(f"{run.variant}: over one second (pasted): {', '.join(slow)}")
    if notes:
        lines += ["", *notes]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path, help="a built site folder (hosted variant), served over http://")
    parser.add_argument("--bundle", type=Path, help="an `archive bundle` zip or unpacked bundle folder, opened from file://")
    parser.add_argument("--rounds", type=int, default=3, help="times each query is run (default 3)")
    parser.add_argument("--type-delay", type=float, default=120, help="ms between keys when typing (default 120)")
    parser.add_argument("--query", action="append", help="a query (repeatable); default: picked from the index")
    parser.add_argument("--json", type=Path, help="also write the raw measurements here")
    args = parser.parse_args(argv)

    site = args.site.resolve()
    index_file = site / "search" / "search_index.json"
    if not index_file.is_file():
        raise SystemExit(f"{site}: no search/search_index.json (not a built site?)")
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        raise SystemExit(f"Chromium is needed at {CHROMIUM} (Debian package 'chromium')")
    if args.bundle and not args.bundle.exists():
        raise SystemExit(f"{args.bundle}: not found")
    queries = [("given", q) for q in args.query] if args.query else default_queries(index_file)
    if not queries:
        raise SystemExit(f"{index_file}: no queries could be picked; give --query")

    from playwright.sync_api import sync_playwright

    runs = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            with serve(site) as base:
                runs.append(measure(browser, "served", base, queries, args.rounds, args.type_delay))
                print("served: done", file=sys.stderr)
            if args.bundle:
                with bundle_folder(args.bundle) as folder:
                    runs.append(measure(browser, "bundle", folder.as_uri() + "/index.html", queries, args.rounds,
                                        args.type_delay))
                    print("bundle: done", file=sys.stderr)
        finally:
            browser.close()
    print(report(runs, queries, site, index_file, args))
    if args.json:
        args.json.write_text(json.dumps([run.__dict__ for run in runs], indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
