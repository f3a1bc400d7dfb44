"""A document's entry in the search index: what the builder knows of its text, written as
the entry Material's search reads (see builder.bridge.search_index, which adds these to
the index MkDocs wrote, and says why the builder writes them).

Material's search inserts an entry's title and text into the page as HTML: both are
escaped here (the text is written as escaped paragraphs), so a title reading
``<img src=x onerror=...>`` is shown as those characters.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from itertools import islice
from operator import attrgetter

from builder.dates import display_date
from builder.emit.urls import Urls

SUMMARY_WORDS = 20
"""Words of a document's opening indexed when the archive is too large to index every word."""

NAMES = 6
"""Names indexed per document at that size, beyond those its title and opening carry."""


def paragraph(text: str) -> str:
    return f"<p>{html.escape(text, quote=False)}</p>" if text else ""


def title(text: str) -> str:
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
    return {"location": urls.page_url(doc.page), "title": title(doc.display_title),
            "text": paragraph(facts) + paragraph(words) + paragraph(f"Names: {about}" if about else "")}
