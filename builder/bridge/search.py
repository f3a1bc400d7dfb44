"""The archive's own search in MkDocs' site: its box in Material's header, its scripts, its index.

- **The box.** ``templates/partials/search.html`` takes the place of Material's partial of that
  name. Material's header includes it while Material's search plugin is on, and the plugin stays
  on for that and for its entries of hand-written pages. Its form has no ``name="search"`` and no
  ``data-md-component``, so Material's own search script never starts.
- **The scripts.** The client (``builder/search/client``: text.js, files.js, engine.js, ui.js) is served as
  one file, with its stylesheet.
- **The index.** Made under ``search-index/`` in two parts: the documents' part and the
  editorial records (entities, topics, notes) before any page is rendered (the model's last use,
  see bridge.letgo), and written once every page is built, with the hand-written pages as
  Material's search plugin saw them (its ``search_index.json``, which nothing else reads).
- **Material's plugin and the generated pages.** It never indexes them (their front matter
  excludes them), but it would still strip anything reading ``data-search-…="…"`` from their HTML,
  text of a source included, and search every page for it. It is not called on them
  (:func:`spare_generated_pages`).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import nh3

from builder import store
from builder.keptvalues import Kept
from builder.bridge import published, rendered, theming
from builder.bridge.handover import GeneratedPage
from builder.markup import to_plain_text
from builder.pipeline import texts
from builder.search import index, records
from builder.search.records import Record

CLIENT = Path(__file__).resolve().parent.parent / "search" / "client"
TEMPLATES = Path(__file__).resolve().parent / "templates"
SCRIPT = "assets/archive-search/search.js"
STYLE = "assets/archive-search/search.css"
FOLDER = "search-index"
PARTS = ("text.js", "files.js", "engine.js", "ui.js")
MATERIAL_SEARCH = "material.plugins.search.plugin"
SEGMENT = "d/segment.json"
"""The documents' entry in root.js, beside their part (the cache keeps it too: :data:`DOCUMENTS`)."""


def configure(config) -> None:
    """Put the search box's template before Material's (after the site's own overrides), and its
    script and stylesheet on every page; Material's plugin left to the hand-written pages."""
    theming.add_templates(config, TEMPLATES)
    spare_generated_pages(config.plugins)
    if STYLE not in config.extra_css:
        config.extra_css.append(STYLE)
    if SCRIPT not in [str(s) for s in config.extra_javascript]:
        config.extra_javascript.append(SCRIPT)


def spare_generated_pages(plugins) -> None:
    """Material's search plugin's ``on_page_context`` called on the hand-written pages only."""
    handlers = plugins.events.get("page_context", [])
    for at, handler in enumerate(handlers):
        if type(getattr(handler, "__self__", None)).__module__ == MATERIAL_SEARCH:
            handlers[at] = _on_hand_written(handler)
            if hasattr(plugins, "_event_origins"):  # (MkDocs names the plugin of an event's error by it)
                plugins._event_origins[handlers[at]] = plugins._event_origins.get(handler, "<unknown>")


def _on_hand_written(handler):
    def on_page_context(context, *, page, config, nav):
        if isinstance(page.file, GeneratedPage):
            return None
        return handler(context, page=page, config=config, nav=nav)

    return on_page_context


def client() -> dict[str, bytes]:
    """The client's script (its parts in order) and stylesheet, by their paths in the site."""
    return {SCRIPT: b"\n".join((CLIENT / part).read_bytes() for part in PARTS), STYLE: (CLIENT / "search.css").read_bytes()}


def _plain(markup: str) -> str:
    """The text of Material's HTML of an entry (its tags dropped by nh3, which parses it)."""
    return " ".join(html.unescape(nh3.clean(markup.replace("<", " <"), tags=set(), attributes={})).split())


def pages(site_dir: Path, language: str) -> list[Record]:
    """The hand-written pages as records, from Material's search index: a page and its sections,
    each section a paragraph linked to its heading."""
    found = site_dir / "search" / "search_index.json"
    if not found.is_file():
        return []
    by_page: dict[str, list[dict]] = {}
    for entry in json.loads(found.read_text(encoding="utf-8")).get("docs", []):
        by_page.setdefault(entry["location"].partition("#")[0], []).append(entry)
    result = []
    for url, entries in sorted(by_page.items()):
        top = next((e for e in entries if "#" not in e["location"]), entries[0])
        paragraphs = tuple((e["location"].partition("#")[2],
                            " ".join(x for x in (_plain(e.get("title", "")) if e is not top else "", _plain(e.get("text", ""))) if x))
                           for e in entries)
        result.append(Record("page", _plain(top.get("title", "")) or url or "Home", url, "", language, (),
                             tuple(p for p in paragraphs if p[1])))
    return result


@dataclass(frozen=True)
class Rest:
    """What the index is made from once the model is let go of (:func:`from_model`): the
    documents' part's entry in root.js, its files to write (each with the key it is made
    from; none of those the last site holds), and the editorial records (entities, topics, notes)."""

    documents: dict
    files: dict[str, tuple[bytes, str]]
    editorial: list[Record]


DOCUMENTS = "search-documents"
"""The cache of what the documents' part of the index was made of (``build/cache/search-documents.sqlite``):
its entry in root.js and its files' keys, under what it is made from (the build's ``search_key``)."""


def from_model(result, urls, reuse=None) -> Rest:
    """What the index needs of the build's ``result``: the documents' part, made (its files are
    written later, by :func:`write_rest`, while other processes render), and the editorial
    records. The documents' part is made from the documents alone (``result.search_key``): when
    the last site holds it as made from that key, ``reuse`` (bridge.incremental) links it in
    instead; otherwise each of its files the last site holds as it would be made now is kept:
    a record's fragment by what the record is (:func:`fragment_key`: those of unchanged
    documents are not made again), the postings' files by their bytes."""
    archive = result.archive
    documents = sorted(archive.documents, key=lambda d: d.id)
    key = result.search_key if reuse is not None else ""
    cache = store.Cache(reuse.cache_dir, DOCUMENTS) if key else None
    try:
        kept = cache.get_many([key]).get(key) if cache is not None else None
        if kept is not None and all(reuse.keep(f"{FOLDER}/{path}", file_key) for path, file_key in kept["files"].items()):
            meta, files = kept["meta"], {}
        else:
            meta, files = _documents_part(result, documents, urls, reuse)
            if cache is not None:
                cache.put_many([(key, store.dumps({"meta": meta, "files": {p: k for p, (_, k) in files.items()}}))])
            files = {path: made for path, made in files.items() if made[0] is not None}
        if cache is not None:
            cache.prune({key})
    finally:
        if cache is not None:
            cache.close()
    return Rest(meta, files, records.editorial(archive, urls, _kept_plain(archive, reuse)))


def _documents_part(result, documents, urls, reuse) -> tuple[dict, dict[str, tuple[bytes | None, str]]]:
    """The documents' part of the index: its entry in root.js, and each file's bytes and key
    (its bytes None where the last site holds it, see :func:`from_model`). A document's record
    is made only where what the per-document work made of it (its words and its record's
    digest, ``result.search``) is not at hand, or its fragment is written: from the document
    whole (its paragraphs read back from the store a few thousand documents at a time, where
    the build kept them apart: builder.pipeline.texts)."""
    made = [result.search.get(doc.id) for doc in documents]
    with texts.reading(getattr(result, "texts", None)) as with_text:
        found = {doc.id: records.document(doc, urls)
                 for doc in with_text([doc for doc, done in zip(documents, made) if done is None])}
        part = index.segment("d", 0, [found.get(doc.id) for doc in documents], counted=[done and done[0] for done in made])
        files: dict[str, tuple[bytes | None, str]] = {path: (data, rendered.file_key(data)) for path, data in part.files.items()}
        code = store.hashed(store.code_version(), "search fragment")
        fragments: list[tuple[bytes | None, str]] = []
        todo: list[int] = []
        for number, (doc, done) in enumerate(zip(documents, made)):
            record = found.get(doc.id)
            file_key = fragment_key(code, record, done and done[1])
            if reuse is not None and reuse.keep(f"{FOLDER}/{index.fragment_path(number)}", file_key):
                fragments.append((None, file_key))
            else:
                fragments.append((index.fragment(number, record) if record is not None else None, file_key))
                todo += [number] if record is None else []
        for start in range(0, len(todo), texts.READ_AT_ONCE):
            chunk = todo[start:start + texts.READ_AT_ONCE]
            for number, doc in zip(chunk, with_text([documents[number] for number in chunk])):
                fragments[number] = (index.fragment(number, records.document(doc, urls)), fragments[number][1])
    files.update((index.fragment_path(number), fragment) for number, fragment in enumerate(fragments))
    segment = json.dumps(part.meta, ensure_ascii=False, separators=(",", ":")).encode()
    files[SEGMENT] = (segment, rendered.file_key(segment))
    return part.meta, files


def fragment_key(code, record: Record | None, digest: str | None = None) -> str:
    """The key of a record's fragment (``r/<n // 1000>/<n>.js`` for the n-th): what the record
    is (its ``digest``, search.records.digest, made with the document's other outputs, or the
    ``record`` itself), and the builder's code (``code``: store.hashed of its version; the
    fragment's number is in its path)."""
    return store.key_after(code, digest if digest is not None else records.digest(record))


def write_rest(site_dir: Path, rest: Rest, language: str, reuse=None) -> None:
    """Write the documents' part's files made (those the last site does not hold), the index's
    last part (the editorial records and the hand-written pages, read from Material's index once
    they are rendered) and its root, which names both parts."""
    if rest.files:
        published.write_kept(site_dir, ((f"{FOLDER}/{path}", data, file_key)
                                        for path, (data, file_key) in sorted(rest.files.items())), reuse)
    editorial = rest.editorial + pages(site_dir, language)
    start = rest.documents["records"]
    part = index.segment("e", start, editorial, counted=_kept_terms(editorial, reuse))
    others = part.files | index.fragments(start, editorial)
    others["root.js"] = index.root([rest.documents, part.meta])
    _write(site_dir, others, reuse, "")


PLAIN = "plain-text"
"""The cache of editor Markdown as plain text (``build/cache/plain-text.sqlite``)."""

TERMS = "search-terms"
"""The cache of the editorial records' words as the index counts them (``build/cache/search-terms.sqlite``)."""


def _kept_plain(archive, reuse) -> Callable[[str], str]:
    """Editor Markdown as plain text, for the editorial records, which are made every build:
    kept by the text, so that a rebuild renders only the notes and descriptions that changed
    (3,000 of them took 1.3 s). Without a cache (the bundle, a build without reuse), each is made."""
    if reuse is None:
        return to_plain_text
    sources = records.editor_markdown(archive)
    return _kept(reuse.cache_dir, PLAIN, dict(zip(sources, sources)), to_plain_text).__getitem__


def _kept_terms(editorial: list[Record], reuse) -> list | None:
    """The editorial records' words as the index counts them (index.record_terms), kept by
    what each record is, so that a rebuild counts the words of those that changed alone
    (3,000 of them took 0.13 s). None without a cache: the index counts them all."""
    if reuse is None:
        return None
    texts = [repr(record) for record in editorial]
    found = _kept(reuse.cache_dir, TERMS, dict(zip(texts, editorial)), index.record_terms)
    return [found[text] for text in texts]


def _kept(cache_dir: Path, name: str, values: dict[str, object], make: Callable) -> dict[str, object]:
    """``make(value)`` for each of ``values`` (by a text that says all the value is), a visible
    get-or-compute in the cache ``name``, by that text and the builder's code."""
    code = store.hashed(store.code_version())
    keys = {text: store.key_after(code, text) for text in values}
    cache = store.Cache(cache_dir, name)
    try:
        found = Kept(cache, keys, {}).get_or_compute(values, lambda missing: {t: make(values[t]) for t in missing})
        cache.prune(set(keys.values()))
    finally:
        cache.close()
    return found


def _write(site_dir: Path, files: dict[str, bytes], reuse, key: str) -> None:
    """Write ``files`` under the site's index folder, each kept if the last site holds it as
    made from ``key`` (bridge.published.write_kept); without a key, each under its bytes (kept
    track of all the same, so that serve removes it when it is gone). The editorial part's
    3,000 files at 10,000 documents, written on every rebuild, took seconds while serving."""
    published.write_kept(site_dir, ((f"{FOLDER}/{path}", data, key or rendered.file_key(data))
                                    for path, data in sorted(files.items())), reuse)
