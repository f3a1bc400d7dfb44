"""The search index entries for the archive's own pages, written by the builder.

Material's search plugin would parse every generated page's HTML again (a third of the
rendering time of a large archive) and index every word of every list, snippet and
header; its index then grows past what a browser can load. The builder knows the text
already, so it writes compact entries itself: each document (its metadata, the entities
it names, and its text), each entity (name, aliases, description) and each topic.
Generated pages are excluded from Material's own indexing; hand-written pages are still
indexed by it.

Up to ``full_text_limit`` documents, a document's entry holds its title, a facts line
(authors · publication · date), every word of its text and every name it mentions.
Beyond that, the browser's work decides what is indexed. Material 9 ships no prebuilt
index: its search worker builds a lunr index from this file on every page load (on the
page itself, which freezes meanwhile, in the offline bundle), at a cost that grows with
the distinct words of each entry, names as much as prose; and a query copies the matching
paragraphs of every hit back to the page. So at scale a document's entry holds its title,
its facts line, the first ``SUMMARY_WORDS`` words of its text, and ``NAMES`` names: those
it mentions most (ties: the first mentioned), leaving out names its title or opening
already carry. A name beyond those still leads to the document through the entity's
page, which is in the index under that name and lists every document naming it. On the
10,000-document benchmark (80 words and every name before) this took the index from
11.2 to 4.4 MB, its build in Material's worker from about 5.5 to 2.1 s, and what a query
for a common word copies back from 8.7 to 2 MB. The names are separated by " · ", not
commas: Material's default separator splits at spaces and hyphens only, so a comma would
stay on the last word of a name and a quoted or ``+`` search would miss it.

Material's search inserts an entry's title and text into the page as HTML: both are
escaped here (the text is written as escaped paragraphs), so a title reading
``<img src=x onerror=...>`` is shown as those characters.
"""

from __future__ import annotations

import json
from pathlib import Path

from builder.emit.search_entry import document_entry, paragraph, title
from builder.emit.urls import Urls
from builder.markup import to_plain_text
from builder.model import Archive, Indexes


def entries(archive: Archive, index: Indexes, urls: Urls, full_text_limit: int, summaries: dict[str, dict]) -> list[dict]:
    """Every entry the builder adds to the index: each document's (``summaries``, by document
    id, as emit made them beside each document, where they fit), each entity's and each
    topic's."""
    full = len(archive.documents) <= full_text_limit
    made = {} if full else summaries
    by_doc = index.mentions_by_doc
    result = [made.get(doc.id) or document_entry(doc, by_doc.get(doc.id, []), archive.entities, urls, full)
              for doc in sorted(archive.documents, key=lambda d: d.id)]
    for entity in sorted(archive.entities.values(), key=lambda e: e.id):
        also = ", ".join((*entity.aliases, *entity.short_forms))
        result.append({"location": urls.page_url(entity.page), "title": title(entity.name),
                       "text": paragraph(entity.type.capitalize() + (f"; also {also}" if also else ""))
                       + paragraph(to_plain_text(entity.description))})
    for topic in sorted(archive.topics.values(), key=lambda t: t.id):
        result.append({"location": urls.page_url(topic.page), "title": title(topic.title),
                       "text": paragraph("Topic") + paragraph(to_plain_text(topic.description))})
    return result


def add_to_index(index_file: Path, extra: list[dict]) -> None:
    """Append the builder's entries to the index Material's search plugin wrote."""
    data = json.loads(index_file.read_text(encoding="utf-8"))
    data["docs"] = [d for d in data["docs"] if d["location"] not in {e["location"] for e in extra}] + extra
    index_file.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
