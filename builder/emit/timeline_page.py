"""The timeline: documents by year and month, newest first, with counts per year."""

from __future__ import annotations

from itertools import groupby

from builder.dates import MONTH_NAMES
from builder.emit import charts, rawhtml
from builder.emit.frontmatter import Page, page
from builder.emit.listing import doc_list
from builder.emit.markdown import counted
from builder.emit.urls import Urls
from builder.model import Archive, Indexes, PagePath

PAGE = PagePath("timeline.md")
SPLIT = 500
"""Up to this many documents the timeline is one page; beyond, one page per year."""
UNDATED = "undated"
"""The id of the undated documents' heading. It and each year's (:func:`year_anchor`) are on the
timeline however large the archive: a document page's breadcrumb links them (the theme's
archive.html)."""


def year_anchor(year: str) -> str:
    """The id of a year on the timeline ("y2010")."""
    return f"y{year}"


def month_anchor(month: str) -> str:
    """The id of a month on the timeline, or on its year's page ("y2010-03" for "2010-03");
    the chart's bars link them."""
    return f"y{month}"


def _months(year: str, group: list, this: PagePath, level: str, urls: Urls, listed: dict | None) -> list[str]:
    parts = []
    for month, items in groupby(group, key=lambda d: d.metadata.date[5:7]):
        if month:
            parts.append(f"{level} {MONTH_NAMES[int(month) - 1]} {year} {{ #{month_anchor(f'{year}-{month}')} }}")
        else:
            parts.append(f"{level} Month unknown {year}")
        parts.append(doc_list(list(items), this, urls, with_excerpt=False, parts=listed))
    return parts


def _years(docs: list) -> list[tuple[str, list]]:
    """The dated documents of ``docs`` (newest first) by year."""
    return [(year, list(group)) for year, group in groupby((d for d in docs if d.metadata.date),
                                                           key=lambda d: d.metadata.date[:4])]


def _year_page(year: str) -> PagePath:
    return PagePath(f"timeline/{year}.md")


def year_pages(archive: Archive, index: Indexes) -> dict[str, list[str]]:
    """When the archive is large, its pages per year: path -> the year's documents (ids)."""
    docs = index.newest_first
    if len(docs) <= SPLIT:
        return {}
    return {_year_page(year): [d.id for d in group] for year, group in _years(docs)}


def chart(index: Indexes, urls: Urls = Urls()) -> str:
    """The chart of documents per year (or month) the timeline leads with: each bar links to its
    period's list, on this page or, when the archive is large, on the year's page."""
    docs = index.newest_first
    split = len(docs) > SPLIT
    found = charts.periods([d.metadata.date for d in docs])

    def href(bar: charts.Bar) -> str | None:
        if found.unit == "decade":  # to the decade's newest year (the timeline is newest first)
            year = max(d.metadata.date[:4] for d in docs
                       if d.metadata.date and int(d.metadata.date[:4]) // 10 * 10 == int(bar.period))
            anchor = year_anchor(year)
        else:
            year, anchor = bar.period[:4], year_anchor(bar.period) if found.unit == "year" else month_anchor(bar.period)
        if not split:
            return f"#{anchor}"
        return urls.href(PAGE, _year_page(year), anchor if found.unit == "month" else "")

    return charts.svg(found, "archive-timeline-chart", href=href)


def render(archive: Archive, index: Indexes, urls: Urls = Urls(), listed: dict | None = None,
           only: set[str] | None = None, overview: bool = True, drawn: str | None = None) -> dict[str, Page]:
    """The timeline page (unless ``overview`` is false), and one page per year (or those in
    ``only``) when the archive is large. ``listed``: document id -> listing.item_parts,
    ``drawn``: the page's :func:`chart`, where already made."""
    docs = index.newest_first
    dated = [d for d in docs if d.metadata.date]
    undated = [d for d in docs if not d.metadata.date]
    years = _years(dated)
    split = len(docs) > SPLIT
    pages: dict[str, Page] = {}
    parts = ["# Timeline"]
    if drawn is None and overview:
        drawn = chart(index, urls)
    if drawn:
        parts.append(rawhtml.block("timeline-chart", drawn))
    parts.append(f"{len(dated)} dated documents, newest first.")
    if years and not split:
        parts.append(" · ".join(f"[{year}](#{year_anchor(year)}) ({len(group)})" for year, group in years))
    items = []  # the years' pages, when split: a list handed past Markdown (emit.rawhtml)
    for year, group in years:
        if split:
            year_page = _year_page(year)
            # Its id is the year's anchor, as in the timeline of one page (a document's breadcrumb links it).
            items.append(f'<li id="{year_anchor(year)}"><p>{rawhtml.link(year, PAGE, year_page, urls)} — '
                         f"{counted(len(group), 'document')}</p></li>")
            body = [f"# {year}", rawhtml.block("year-intro", f"<p>{counted(len(group), 'document')}, newest first. "
                                                            f"{rawhtml.link('All years', year_page, PAGE, urls)}.</p>")]
            if only is None or year_page in only:
                pages[year_page] = page({"title": f"Timeline: {year}"}, "\n\n".join(body + _months(year, group, year_page, "##", urls, listed)))
        else:
            parts.append(f"## {year} ({counted(len(group), 'document')}) {{ #{year_anchor(year)} }}")
            parts.extend(_months(year, group, PAGE, "###", urls, listed))
    if items:
        parts.append(rawhtml.block("years", "<ul>\n" + "\n".join(items) + "\n</ul>"))
    if not overview:
        return pages
    if undated:
        parts.append(f"## Undated {{ #{UNDATED} }}")
        parts.append(doc_list(undated, PAGE, urls, with_excerpt=False, parts=listed))
    pages[PAGE] = page({"title": "Timeline"}, "\n\n".join(parts))
    return pages
