"""The search index entries for the archive's own pages, written by the builder.

Material's search plugin would parse every generated page's HTML again (a third of the
rendering time of a large archive) and index every word of every list, snippet and
header; its index then grows past what a browser can load. The builder knows the text
already, so it writes compact entries itself: each document (its metadata, the entities
it names, and its text, in full up to ``full_text_limit`` documents and as a summary
beyond), each entity (name, aliases, description) and each topic. Generated pages are
excluded from Material's own indexing; hand-written pages are still indexed by it.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from builder.dates import display_date
from builder.emit.urls import Urls
from builder.markup import to_plain_text
from builder.model import Archive

SUMMARY_WORDS = 80
"""Words of a document's text indexed when the archive is too large to index every word."""


def _p(text: str) -> str:
    return f"<p>{html.escape(text, quote=False)}</p>" if text else ""


def entries(archive: Archive, urls: Urls, full_text_limit: int) -> list[dict]:
    full = len(archive.documents) <= full_text_limit
    names: dict[str, set[str]] = {}
    for mention in archive.mentions:
        names.setdefault(mention.doc, set()).add(archive.entities[mention.entity].name)
    result = []
    for doc in sorted(archive.documents, key=lambda d: d.id):
        meta = doc.metadata
        facts = " · ".join(x for x in (", ".join(meta.authors), meta.publication, display_date(meta.date)) if x)
        words = " ".join(p.text for p in doc.paragraphs)
        if not full:
            split = words.split()
            words = " ".join(split[:SUMMARY_WORDS]) + (" …" if len(split) > SUMMARY_WORDS else "")
        about = ", ".join(sorted(names.get(doc.id, ())))
        result.append({"location": urls.page_url(doc.page), "title": doc.display_title,
                       "text": _p(facts) + _p(words) + _p(f"Names: {about}" if about else "")})
    for entity in sorted(archive.entities.values(), key=lambda e: e.id):
        also = ", ".join((*entity.aliases, *entity.short_forms))
        result.append({"location": urls.page_url(entity.page), "title": entity.name,
                       "text": _p(entity.type.capitalize() + (f"; also {also}" if also else ""))
                       + _p(to_plain_text(entity.description))})
    for topic in sorted(archive.topics.values(), key=lambda t: t.id):
        result.append({"location": urls.page_url(topic.page), "title": topic.title,
                       "text": _p("Topic") + _p(to_plain_text(topic.description))})
    return result


def add_to_index(index_file: Path, extra: list[dict]) -> None:
    """Append the builder's entries to the index Material's search plugin wrote."""
    data = json.loads(index_file.read_text(encoding="utf-8"))
    data["docs"] = [d for d in data["docs"] if d["location"] not in {e["location"] for e in extra}] + extra
    index_file.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
