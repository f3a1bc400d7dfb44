"""The three search engines the benchmark compares, as the probe (``bench.search_probe``) sees them:
which box to type into, where the results appear, when the first query can run, when nothing is
pending, and which files on disk are the index.

* ``material``: Material for MkDocs' own search (lunr; one JSON index, built in a worker on the
  reader's side; on file:// the offline bundle's iframe-worker shim runs it on the page itself).
* ``pagefind``: Pagefind's JS API on a test page of our own (``bench.search_pagefind``): it
  imports ``pagefind/pagefind.js`` when the box gets focus and shows the first 10 results with
  their excerpts on every input event (its default UI would wait 300 ms after each key).
* ``archive``: ours: the sharded script index under ``search-index/`` and the client in
  ``assets/archive-search/``, behind the search box of Material's header.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Engine:
    name: str
    input: str  # the search box
    container: str  # changes inside it are the result list's
    item: str  # one result
    ready: str  # JS expression: when the first query could run (performance.now() time), or null
    idle: str  # JS expression: nothing is pending
    count: str  # JS expression: what the page says about how many results there are
    error: str  # JS expression: why the engine could not start, or null
    index: tuple[str, ...]  # the index's files or folders, relative to the site folder


MATERIAL = Engine(
    "material", "input.md-search__input", ".md-search-result", ".md-search-result__list > li",
    ready="__sb.ready", idle="__sb.recv >= __sb.sent",
    count="(document.querySelector('.md-search-result__meta') || {}).textContent",
    error="null", index=("search/search_index.json",))
MATERIAL_BUNDLE = Engine(**{**MATERIAL.__dict__, "index": ("search/search_index.js",)})
PAGEFIND = Engine(
    "pagefind", "#pf-query", "#pf-output", "#pf-results > li",
    ready="window.__pf ? window.__pf.ready : null", idle="window.__pf.pending === 0",
    count="document.getElementById('pf-status').textContent", error="window.__pf.error", index=("pagefind",))
ARCHIVE = Engine(
    "archive", "input.md-search__input", ".md-search__output", "li.md-search-result__item",
    ready="(__sb.loads.find(l => l[0] === 'root.js') || [null, null])[1]", idle="__sb.pending === 0",
    count="(document.querySelector('.md-search-result__meta') || {}).textContent",
    error="null", index=("search-index", "assets/archive-search"))


def site_engine(site: Path, offline: bool = False) -> Engine | None:
    """The engine a built site has: ours when it has ``search-index/``, else Material's."""
    if (site / "search-index" / "root.js").is_file():
        return ARCHIVE
    if (site / "search" / "search_index.json").is_file():
        return MATERIAL_BUNDLE if offline else MATERIAL
    return None


def index_size(site: Path, engine: Engine) -> dict:
    """The engine's index on disk: bytes and files."""
    size = files = 0
    for part in engine.index:
        path = site / part
        for file in ([path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())):
            if file.suffix == ".map":
                continue
            size += file.stat().st_size
            files += 1
    return {"bytes": size, "files": files}


def real_site_queries(site: Path) -> list[tuple[str, str]]:
    """The queries on the synthetic 10,000-document archive (``bench.generate``: a vocabulary of
    about 60 words, entity names made of syllables): two common words, the rarest one-word
    entity name, the most mentioned two-word person, and a quoted phrase."""
    queries = [("common word", "sanctions"), ("common word", "refugees")]
    path = site / "entities.json"
    if path.is_file():
        entities = json.loads(path.read_text(encoding="utf-8"))
        words = [w.lower() for e in entities for w in e["name"].split()]
        single = [e for e in entities if " " not in e["name"] and words.count(e["name"].lower()) == 1
                  and e.get("documents")]
        if single:
            rare = min(single, key=lambda e: (e["documents"], e["name"]))
            queries.append((f"rare word ({rare['documents']} docs)", rare["name"].lower()))
        people = [e for e in entities if e["type"] == "person" and len(e["name"].split()) == 2]
        if people:
            queries.append(("two-word name", max(people, key=lambda e: (e.get("documents", 0), e["name"]))["name"]))
    queries.append(("quoted phrase", '"human rights"'))
    return queries
