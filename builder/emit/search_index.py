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

import html
import json
import re
from collections import Counter
from itertools import islice
from operator import attrgetter
from pathlib import Path

from builder.dates import display_date
from builder.emit.urls import Urls
from builder.markup import to_plain_text
from builder.model import Archive

SUMMARY_WORDS = 20
"""Words of a document's opening indexed when the archive is too large to index every word."""

NAMES = 6
"""Names indexed per document at that size, beyond those its title and opening carry."""


def _p(text: str) -> str:
    return f"<p>{html.escape(text, quote=False)}</p>" if text else ""


def _title(text: str) -> str:
    """A result's title as Material's search shows it: as HTML (it inserts titles as markup), so escaped."""
    return html.escape(text, quote=False)


def _words(text: str) -> str:
    """``text`` as its lower-case words, each between spaces, to look for a name in it."""
    return " " + " ".join(re.findall(r"\w+", text.casefold())) + " "


def _prominent_names(mentions: list, entities: dict) -> list[str]:
    """A document's distinct entity names, the most mentioned first, then the first mentioned."""
    counts = Counter(m.entity for m in sorted(mentions, key=attrgetter("paragraph", "start")))
    return list(dict.fromkeys(entities[e].name for e, _ in counts.most_common()))  # stable on ties


def document_entry(doc, mentions: list, entities: dict, urls: Urls, full: bool) -> dict:
    """The search entry of one document, from its ``mentions``: every word of its text and
    every name it mentions when ``full``, else a summary (see the module's docstring). The
    per-document stages make the summary (in parallel, cached), so a large archive's index
    needs no document's text again."""
    meta = doc.metadata
    facts = " · ".join(x for x in (", ".join(meta.authors), meta.publication, display_date(meta.date)) if x)
    words = " ".join(p.text for p in doc.paragraphs)
    if full:
        about = " · ".join(sorted({entities[m.entity].name for m in mentions}))
    else:
        split = words.split()
        words = " ".join(split[:SUMMARY_WORDS]) + (" …" if len(split) > SUMMARY_WORDS else "")
        carried = _words(f"{doc.display_title} {words}")
        about = " · ".join(islice((n for n in _prominent_names(mentions, entities) if _words(n) not in carried), NAMES))
    return {"location": urls.page_url(doc.page), "title": _title(doc.display_title),
            "text": _p(facts) + _p(words) + _p(f"Names: {about}" if about else "")}


def entries(archive: Archive, urls: Urls, full_text_limit: int) -> list[dict]:
    """Every entry the builder adds to the index: each document's (the summaries the
    per-document stages made, kept in ``archive.search_summaries``, where they fit), each
    entity's and each topic's."""
    full = len(archive.documents) <= full_text_limit
    made = {} if full else archive.search_summaries
    by_doc = archive.mentions_by_doc()
    result = [made.get(doc.id) or document_entry(doc, by_doc.get(doc.id, []), archive.entities, urls, full)
              for doc in sorted(archive.documents, key=lambda d: d.id)]
    for entity in sorted(archive.entities.values(), key=lambda e: e.id):
        also = ", ".join((*entity.aliases, *entity.short_forms))
        result.append({"location": urls.page_url(entity.page), "title": _title(entity.name),
                       "text": _p(entity.type.capitalize() + (f"; also {also}" if also else ""))
                       + _p(to_plain_text(entity.description))})
    for topic in sorted(archive.topics.values(), key=lambda t: t.id):
        result.append({"location": urls.page_url(topic.page), "title": _title(topic.title),
                       "text": _p("Topic") + _p(to_plain_text(topic.description))})
    return result


def add_to_index(index_file: Path, extra: list[dict]) -> None:
    """Append the builder's entries to the index Material's search plugin wrote."""
    data = json.loads(index_file.read_text(encoding="utf-8"))
    data["docs"] = [d for d in data["docs"] if d["location"] not in {e["location"] for e in extra}] + extra
    index_file.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
