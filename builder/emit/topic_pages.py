"""Topic pages and the topics overview."""

from __future__ import annotations

from collections import Counter
from contextlib import AbstractContextManager, nullcontext
from itertools import chain
from typing import Callable

from builder.emit import markdown as md
from builder.emit import charts, pager, rawhtml
from builder.markup import to_html
from builder.emit.frontmatter import Page, page
from builder.emit.listing import doc_list
from builder.emit.urls import Urls
from builder.model import Archive, Indexes, Topic, PagePath

INDEX = PagePath("topics/index.md")
TOP_ENTITIES = 10


def _children(archive: Archive, topic: Topic) -> list[Topic]:
    return sorted((t for t in archive.topics.values() if t.parent == topic.id), key=lambda t: t.title.casefold())


def documents_of(archive: Archive, index: Indexes) -> dict[str, list[str]]:
    """Every topic's documents (ids), in the order of the archive's assignments."""
    by_topic = index.assignments_by_topic
    return {topic_id: list(by_topic.get(topic_id, ())) for topic_id in archive.topics}


def why_lines(assignments) -> dict[str, str]:
    """Why a document is on each of its topics' pages (topic id -> escaped HTML): made by the
    per-document stages (in parallel, cached) from the document's assignments."""
    return {a.topic: rawhtml.text("Why it is here: " + "; ".join(a.reasons) + ".") for a in assignments}


class _Why:
    """Why each document is on one topic's page (document id -> escaped HTML, as doc_list
    asks for it): the line the per-document stages made, else one made here."""

    def __init__(self, topic_id: str, whys: dict[str, dict[str, str]], assignments: dict) -> None:
        self.topic_id, self.whys, self.assignments = topic_id, whys, assignments

    def get(self, doc_id: str) -> str:
        made = self.whys.get(doc_id)
        return made[self.topic_id] if made is not None else why_lines([self.assignments[doc_id]])[self.topic_id]


def most_mentioned(archive: Archive, index: Indexes, topic_ids) -> dict[str, list[tuple[str, int]]]:
    """The entities the documents of each of ``topic_ids`` mention most: (entity id, mentions),
    at most :data:`TOP_ENTITIES`, ties by name. Made from the mentions alone, so emit.reuse
    keeps them while only the documents' metadata changes."""
    rank = index.newest_first_rank
    assignments = index.assignments_by_topic
    named = index.entities_by_doc
    entities = archive.entities
    result = {}
    for topic_id in topic_ids:
        docs = sorted(assignments.get(topic_id, {}), key=rank.__getitem__)
        counts = Counter(chain.from_iterable(named.get(doc_id, ()) for doc_id in docs))
        result[topic_id] = sorted(counts.items(), key=lambda kv: (-kv[1], entities[kv[0]].name))[:TOP_ENTITIES]
    return result


def render_topics(archive: Archive, index: Indexes, urls: Urls = Urls(), listed: dict | None = None,
                  only: set[str] | None = None, whys: dict[str, dict[str, str]] | None = None,
                  most: dict[str, list[tuple[str, int]]] | None = None,
                  timed: Callable[[str], AbstractContextManager] | None = None) -> dict[str, Page]:
    """The page of every topic (or of those in ``only``), by topic id; the tables they
    share are computed once. ``listed``: document id -> listing.item_parts, ``whys``:
    document id -> :func:`why_lines`, and ``most``: topic id -> :func:`most_mentioned`,
    where already made. ``timed(part)`` times the charts (see builder.timings)."""
    rank = index.newest_first_rank
    documents = {doc.id: doc for doc in archive.documents}
    assignments = index.assignments_by_topic
    topics = sorted((t for t in archive.topics.values() if only is None or t.id in only), key=lambda t: t.id)
    most = most if most is not None else most_mentioned(archive, index, [t.id for t in topics])
    pages = {}
    for topic in topics:
        chosen = assignments.get(topic.id, {})
        docs = [documents[doc_id] for doc_id in sorted(chosen, key=rank.__getitem__)]
        with (timed or _untimed)("charts (topic pages)"):
            drawn = chart(docs)
        pages[topic.id] = render_topic(archive, topic, docs, chosen, most[topic.id], urls, listed, whys, drawn)
    return pages


def chart(docs: list) -> str:
    """The chart of a topic's documents per year (or month). Its bars have no links: the
    topic's list is one list, newest first, not split by year."""
    return charts.chart([d.metadata.date for d in docs], "archive-topic-chart")


def _untimed(part: str) -> AbstractContextManager:
    return nullcontext()


def render_topic(archive: Archive, topic: Topic, docs: list, assignments: dict, top: list[tuple[str, int]],
                 urls: Urls = Urls(), listed: dict | None = None, whys: dict | None = None,
                 drawn: str | None = None) -> Page:
    """One topic: the chart of its documents over time (``drawn``, made here when not given),
    its documents (newest first, each with why it is here) and the entities they mention
    most (``top``: see :func:`most_mentioned`)."""
    this = topic.page
    parts = [f"# {md.heading(topic.title)}"]
    if topic.parent:
        parent = archive.topics[topic.parent]
        parts.append(f"Part of {md.link(parent.title, this, parent.page)}.")
    if topic.description:
        # Sanitised HTML, handed past Markdown (emit.rawhtml): rendered again, a code block's
        # text would become Markdown, attributes and all.
        parts.append(rawhtml.block("description", to_html(topic.description)))
    children = _children(archive, topic)
    if children:
        parts.append("**Sub-topics:** " + ", ".join(md.link(c.title, this, c.page) for c in children))
    drawn = chart(docs) if drawn is None else drawn
    if drawn:
        parts.append(rawhtml.block("topic-chart", drawn))
    parts.append(f"## Documents ({len(docs)})")
    if docs:
        listing = doc_list(docs[:pager.PAGE_SIZE], this, urls, _Why(topic.id, whys or {}, assignments), parts=listed)
        parts += pager.between(this, 1, len(docs), listing, urls)
    else:
        parts.append("No document matches this topic yet. Editors: check its phrases and entities, "
                     "or lower its threshold.")
    if top:
        parts.append("## Most mentioned in this topic")
        parts.append("\n".join(f"- {md.link(archive.entities[e].name, this, archive.entities[e].page)} — {n} mention{'s' if n != 1 else ''}"
                               for e, n in top))
    front = {"title": topic.title, "topic": topic.id, "documents": [d.id for d in docs]}
    return page(front, "\n\n".join(parts))


def render_more(topic: Topic, number: int, docs: list, total: int, assignments: dict, urls: Urls = Urls(),
                listed: dict | None = None, whys: dict | None = None) -> Page:
    """Page ``number`` (from 2) of the ``total`` documents of ``topic``: ``docs``, newest first,
    each with why it is here (emit.pager), under a short header linking the topic's first page."""
    first = topic.page
    this = pager.page_path(first, number)
    listing = doc_list(docs, this, urls, _Why(topic.id, whys or {}, assignments), parts=listed)
    parts = [f"# {md.heading(topic.title)}", pager.intro(first, number, topic.title, "More of the documents on", urls),
             f"## Documents ({total})", *pager.between(first, number, total, listing, urls)]
    count = pager.page_count(total)
    return page({"title": f"{topic.title} (page {number:,} of {count:,})", "topic": topic.id, "page": number},
                "\n\n".join(parts))


def _documents(count: int) -> str:
    return f"{count} document{'s' if count != 1 else ''}"


def render_index(archive: Archive) -> Page:
    counts = Counter(a.topic for a in archive.assignments)
    parts = ["# Topics", "Subjects the archive's editors follow. A document can belong to several."]
    lines = []
    roots = sorted((t for t in archive.topics.values() if not t.parent), key=lambda t: t.title.casefold())
    for root in roots:
        lines.append(f"- {md.link(root.title, INDEX, root.page)} — {_documents(counts[root.id])}")
        for child in _children(archive, root):
            lines.append(f"    - {md.link(child.title, INDEX, child.page)} — {_documents(counts[child.id])}")
    parts.append("\n".join(lines) if lines else "No topics are defined yet.")
    return page({"title": "Topics", "hide": ["toc"]}, "\n\n".join(parts))
