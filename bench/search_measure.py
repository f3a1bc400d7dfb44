"""One engine on one page, measured in headless Chromium: opening search, each keystroke of each
query, and what was loaded (see ``bench.search_probe`` for what the page records).

Queries are typed a key at a time with real key events; after each key the next waits until that
key's results are shown and nothing is pending, so every keystroke is timed on its own, as when
the engine keeps up with a reader (a slower engine would also fall behind a real reader).

Round 1 ("cold") opens a fresh page for each query: load, focus the search box, type the query.
Later rounds ("warm") type every query one after another on one page, what was loaded kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench.search_engines import Engine, index_size
from bench.search_probe import HOOK, OPEN, OPENED, config_script, resource_bytes, settled, shown

TIMEOUT_MS = 120_000
KEY_TIMEOUT_MS = 30_000
READY_TIMEOUT_MS = 60_000
QUIET_MS = 300


@dataclass
class Setup:
    """A page to measure: ``url`` opens it, ``root`` is the folder its site is on disk."""

    engine: Engine
    variant: str  # "http" or "file"
    size: int  # documents
    label: str  # which site ("real site", "synthetic")
    root: Path
    base: str  # URL of the site folder, ending in /
    page: str  # the page, relative to base
    queries: list[tuple[str, str]]
    note: str = ""

    @property
    def url(self) -> str:
        return self.base + self.page


@dataclass
class Result:
    engine: str
    variant: str
    size: int
    label: str
    url: str
    index: dict
    note: str = ""
    page_load: list[dict] = field(default_factory=list)  # per cold page: ms to load, bytes
    opens: list[dict] = field(default_factory=list)  # per cold page: ready after focus, longest block, bytes
    queries: list[dict] = field(default_factory=list)  # per query and round: keys, bytes, what was found
    errors: list[str] = field(default_factory=list)


def _disk_bytes(urls: list[str], setup: Setup) -> dict:
    """The files these URLs are on disk under the site folder: their sizes added up."""
    base = urlsplit(setup.base).path
    total = files = 0
    for url in urls:
        parts = urlsplit(url)
        if not url.startswith(setup.base.split("#")[0]) or not parts.path.startswith(base):
            continue
        path = setup.root / unquote(parts.path[len(base):])
        if path.is_dir():
            path = path / "index.html"
        if path.is_file():
            total += path.stat().st_size
            files += 1
    return {"disk": total, "files": files}


class _Page:
    """A fresh browser context with the probe installed, and every request it makes."""

    def __init__(self, browser, setup: Setup, errors: list[str]):
        self.setup, self.requests, self.errors = setup, [], errors
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(TIMEOUT_MS)
        self.context.add_init_script(config_script(setup.engine.input, setup.engine.container, setup.engine.item))
        self.context.add_init_script(HOOK)
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
        self.page.on("console", lambda m: m.type == "error" and errors.append(f"console: {m.text}"))

    def now(self) -> float:
        return self.page.evaluate("() => performance.now()")

    def settle(self) -> None:
        self.page.wait_for_function(settled(self.setup.engine.idle, QUIET_MS), polling=25, timeout=TIMEOUT_MS)

    def loaded(self, since_request: int, since: float) -> dict:
        out = _disk_bytes(self.requests[since_request:], self.setup)
        if self.setup.variant == "http":
            out["resource_timing"] = resource_bytes(self.page, since)
        return out

    def load(self) -> dict:
        self.page.goto(self.setup.url, wait_until="load")
        self.page.wait_for_timeout(500)
        self.settle()
        return {"load_ms": self.page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd"),
                "bytes": self.loaded(0, 0)}

    def open(self) -> dict:
        """Focus the search box; until the first query can run: the longest task and frame gap."""
        first, since = len(self.requests), self.now()
        focus = self.page.evaluate(OPEN)
        ready_expr = self.setup.engine.ready
        self.page.wait_for_function(f"() => ({ready_expr}) !== null", polling=10, timeout=READY_TIMEOUT_MS)
        ready = self.page.evaluate(f"() => {ready_expr}")
        error = self.page.evaluate(f"() => {self.setup.engine.error}")
        if error:
            raise RuntimeError(f"search did not start: {error}")
        block = self.page.evaluate(OPENED, ready)
        self.settle()
        return {"ready_ms": max(0.0, ready - focus), "ready_before_focus": ready < focus,
                "longest_task_ms": block["task"], "longest_frame_gap_ms": block["gap"],
                "bytes": self.loaded(first, since)}

    def clear(self) -> None:
        self.page.keyboard.press("Control+A")
        self.page.keyboard.press("Backspace")
        self.settle()

    def type(self, kind: str, query: str, round_: int) -> dict:
        """``query`` a key at a time: each key's time to its first results shown."""
        first, since = len(self.requests), self.now()
        check = shown(self.setup.engine.idle, QUIET_MS)
        keys = []
        for i, char in enumerate(query):
            self.page.evaluate("() => { __sb.key = null; }")
            self.page.keyboard.type(char)
            key = self.page.evaluate("() => __sb.key")
            try:
                mark = self.page.wait_for_function(check, arg=key, polling=10, timeout=KEY_TIMEOUT_MS).json_value()
                self.settle()
            except PlaywrightTimeout:
                state = self.page.evaluate(f"() => [String({self.setup.engine.idle}), String({self.setup.engine.error})]")
                self.errors.append(f"{query[:i + 1]!r}: not answered and settled within {KEY_TIMEOUT_MS / 1000:g} s "
                                   f"(idle: {state[0]}, error: {state[1]})")
                keys.append({"text": query[:i + 1], "items": None, "dom_ms": None, "shown_ms": None, "timeout": True})
                continue
            found = mark.get("t") is not None
            keys.append({"text": query[:i + 1], "items": mark["items"],
                         "dom_ms": mark["t"] - key if found else None,
                         "shown_ms": mark["frame"] - key if found else None})
        return {"kind": kind, "query": query, "round": round_, "keys": keys,
                "count": self.page.evaluate(f"() => {self.setup.engine.count}"),
                "bytes": self.loaded(first, since)}

    def close(self) -> None:
        self.context.close()


def measure(browser, setup: Setup, rounds: int, progress=None) -> Result:
    result = Result(setup.engine.name, setup.variant, setup.size, setup.label, setup.url,
                    index_size(setup.root, setup.engine), setup.note)
    for kind, query in setup.queries:
        page = _Page(browser, setup, result.errors)
        try:
            result.page_load.append(page.load())
            result.opens.append(page.open())
            result.queries.append(page.type(kind, query, 1))
        except Exception as exc:  # a failing engine (Pagefind from file://) is a result too
            result.errors.append(f"{query!r}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
            if not result.opens:
                return result
        finally:
            page.close()
        if progress:
            progress(f"{setup.engine.name} {setup.variant} {setup.size:,}: {query} (cold)")
    if rounds > 1:
        page = _Page(browser, setup, result.errors)
        try:
            page.load()
            page.open()
            for round_ in range(2, rounds + 1):
                for kind, query in setup.queries:
                    page.clear()
                    result.queries.append(page.type(kind, query, round_))
        except Exception as exc:
            result.errors.append(f"warm rounds: {type(exc).__name__}: {str(exc).splitlines()[0]}")
        finally:
            page.close()
    return result
