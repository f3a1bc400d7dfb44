"""The search benchmark's results as Markdown: a summary row per engine, variant and size, then a
table of queries for each of them."""

from __future__ import annotations

import statistics

from bench.search_measure import Result


def _ms(value) -> str:
    return "–" if value is None else f"{value:,.0f}"


def _mb(value) -> str:
    return "–" if value is None else (f"{value / 1e6:,.1f} MB" if value >= 1e5 else f"{value / 1e3:,.1f} kB")


def _quantile(values: list[float], q: float):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def _keys(result: Result, cold: bool) -> list[float]:
    return [k["shown_ms"] for q in result.queries if (q["round"] == 1) == cold for k in q["keys"]
            if k["shown_ms"] is not None]


def _worst_key(result: Result, cold: bool) -> str:
    keys = [(k["shown_ms"], k["text"]) for q in result.queries if (q["round"] == 1) == cold for k in q["keys"]
            if k["shown_ms"] is not None]
    if not keys:
        return "–"
    ms, text = max(keys)
    return f"{ms:,.0f} ({text})"


def _loaded(bytes_: dict) -> float:
    timing = bytes_.get("resource_timing")
    return timing["transfer"] if timing and timing["transfer"] else bytes_["disk"]


def summary(results: list[Result]) -> list[str]:
    lines = ["| engine | site | documents | variant | index on disk | page load | open: ready after focus, median / max "
             "| open: longest task / frame gap (max) | key to results shown, cold: median / p90 / max "
             "| warm: median / max | loaded per query, median / max |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        ready = [o["ready_ms"] for o in r.opens]
        cold, warm = _keys(r, True), _keys(r, False)
        per_query = [_loaded(q["bytes"]) for q in r.queries if q["round"] == 1]
        loads = [_loaded(p["bytes"]) for p in r.page_load]
        tasks = [o["longest_task_ms"] for o in r.opens if o["longest_task_ms"] is not None]
        gaps = [o["longest_frame_gap_ms"] for o in r.opens]
        failed = "" if r.queries else next((e for e in r.errors if "did not start" in e), "; ".join(r.errors[:1]))[:160]
        lines.append(
            f"| {r.engine} | {r.label} | {r.size:,} | {r.variant} "
            f"| {_mb(r.index['bytes'])}, {r.index['files']:,} files "
            f"| {_mb(statistics.median(loads)) if loads else '–'} "
            f"| {_ms(statistics.median(ready) if ready else None)} / {_ms(max(ready, default=None))} "
            f"| {_ms(max(tasks, default=None))} / {_ms(max(gaps, default=None))} "
            + (f"| failed: {failed} | | |" if failed else
               f"| {_ms(_quantile(cold, 0.5))} / {_ms(_quantile(cold, 0.9))} / {_worst_key(r, True)} "
               f"| {_ms(_quantile(warm, 0.5))} / {_worst_key(r, False)} "
               f"| {_mb(_quantile(per_query, 0.5))} / {_mb(max(per_query, default=None))} |"))
    return lines


def per_query(result: Result) -> list[str]:
    over = "transferred (Resource Timing)" if result.variant == "http" else "script files requested, on disk"
    lines = [f"{result.engine}, {result.label}, {result.size:,} documents, {result.variant} ({result.url}):", "",
             f"| query | kind | results shown | keys | cold: median / max key to results ms | warm: median / max "
             f"| keys unanswered in 30 s | loaded by the query, cold: {over} |",
             "|---|---|---|---|---|---|---|---|"]
    seen = []
    for q in result.queries:
        if q["query"] not in seen:
            seen.append(q["query"])
    for text in seen:
        runs = [q for q in result.queries if q["query"] == text]
        cold = [k["shown_ms"] for q in runs if q["round"] == 1 for k in q["keys"] if k["shown_ms"] is not None]
        warm = [k["shown_ms"] for q in runs if q["round"] > 1 for k in q["keys"] if k["shown_ms"] is not None]
        first = runs[0]
        b = next((q["bytes"] for q in runs if q["round"] == 1), None)
        loaded = "–" if b is None else f"{_mb(_loaded(b))} ({b['files']} files)"
        count = (first["count"] or "").strip().replace("|", "/") or "–"
        lines.append(f"| `{text}` | {first['kind']} | {count} | {len(text)} "
                     f"| {_ms(_quantile(cold, 0.5))} / {_ms(max(cold, default=None))} "
                     f"| {_ms(_quantile(warm, 0.5))} / {_ms(max(warm, default=None))} "
                     f"| {sum(1 for q in runs for k in q['keys'] if k.get('timeout'))} | {loaded} |")
    return lines


def report(results: list[Result], header: list[str]) -> str:
    lines = [*header, "", *summary(results)]
    for r in results:
        lines += [""]
        if r.queries:
            lines += per_query(r)
        if r.note:
            lines += ["", r.note]
        if r.errors:
            lines += ["", "Errors: " + "; ".join(dict.fromkeys(e[:300] for e in r.errors[:5]))]
    return "\n".join(lines)
