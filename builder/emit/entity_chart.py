"""The small chart at the top of an entity's page: how many of the documents that mention it
are from each year (or month, for a short span), drawn as SVG by emit.charts. Each bar links
to that period's first document in the page's own list (or on the page of the entity's
documents that lists it, emit.pager) ("Mentioned in N documents", newest
first, each document's heading with the id ``doc-ID``: emit.entity_parts)."""

from __future__ import annotations

from builder.emit.charts import Bar, periods, svg
from builder.model import Mention

IDENT = "archive-entity-chart"


def newest_of_each(documents: list) -> dict[str, str]:
    """The id of the first document of each year and month (``2013``, ``2013-03``) in the
    archive's newest-first order (by date, then by id, as model.Indexes orders them)."""
    ordered = sorted(sorted(documents, key=lambda d: d.id), key=lambda d: d.metadata.date, reverse=True)
    first: dict[str, str] = {}
    for doc in ordered:
        date = doc.metadata.date
        if date:
            first.setdefault(date[:4], doc.id)
            if len(date) >= 7:
                first.setdefault(date[:7], doc.id)
            first.setdefault(f"{int(date[:4]) // 10 * 10:04d}s", doc.id)
    return first


def chart(mentions: list[Mention], documents: dict, elsewhere: dict[str, str] | None = None) -> str:
    """The chart (HTML) of the documents that mention the entity, or '' when they are not
    spread over two periods or more. ``elsewhere``: the link to the page of the entity's
    documents (emit.pager) of each listed on another page than this one."""
    elsewhere = elsewhere or {}
    docs = [documents[doc_id] for doc_id in dict.fromkeys(m.doc for m in mentions)]
    found = periods([doc.metadata.date for doc in docs])
    first = newest_of_each(docs)

    def href(bar: Bar) -> str | None:
        key = bar.period + "s" if found.unit == "decade" else bar.period
        return f"{elsewhere.get(first[key], '')}#doc-{first[key]}" if key in first else None

    return svg(found, IDENT, href=href)
