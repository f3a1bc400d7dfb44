"""The timeline: documents by year and month, newest first, with counts per year."""

from __future__ import annotations

from itertools import groupby

from builder.dates import MONTH_NAMES
from builder.emit import charts, pager, rawhtml
from builder.emit.frontmatter import Page, page
from builder.emit.listing import doc_list
from builder.emit.markdown import counted
from builder.emit.urls import Urls
from builder.model import Archive, Indexes, PagePath

PAGE = PagePath("timeline.md")
SPLIT = 500
"""Up to this many documents the timeline is one page; beyond, one page per year."""
UNDATED_PAGES = PagePath("timeline/undated.md")
"""Where the further pages of the undated documents are (``timeline/undated/2.md`` ...), when
they are more than :data:`emit.pager.PAGE_SIZE <builder.emit.pager.PAGE_SIZE>`."""
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


def _months(year: str, group: list, this: PagePath, level: str, urls: Urls, listed: dict | None,
            started: set[str] = frozenset()) -> list[str]:
    """The documents of ``group`` (of ``year``, newest first) by month, under headings; a month
    in ``started`` began on an earlier page of the year's: its heading says it continues, and
    has no id (the month's anchor is where it begins)."""
    parts = []
    for month, items in groupby(group, key=lambda d: d.metadata.date[5:7]):
        name = f"{MONTH_NAMES[int(month) - 1]} {year}" if month else f"Month unknown {year}"
        if month in started:
            parts.append(f"{level} {name} (continued)")
        elif month:
            parts.append(f"{level} {name} {{ #{month_anchor(f'{year}-{month}')} }}")
        else:
            parts.append(f"{level} {name}")
        parts.append(doc_list(list(items), this, urls, with_excerpt=False, parts=listed))
    return parts


def _years(docs: list) -> list[tuple[str, list]]:
    """The dated documents of ``docs`` (newest first) by year."""
    return [(year, list(group)) for year, group in groupby((d for d in docs if d.metadata.date),
                                                           key=lambda d: d.metadata.date[:4])]


def _year_page(year: str) -> PagePath:
    return PagePath(f"timeline/{year}.md")


def year_pages(archive: Archive, index: Indexes) -> dict[str, tuple[str, int, int, list[str], str]]:
    """When the archive is large, its pages per year, each year's documents in pages of
    :data:`emit.pager.PAGE_SIZE <builder.emit.pager.PAGE_SIZE>` (``timeline/2010.md``, then
    ``timeline/2010/2.md`` ...): path -> (year, page number, the year's number of documents,
    the page's documents' ids, the date of the last document of the page before, whose month
    may go on here)."""
    docs = index.newest_first
    if len(docs) <= SPLIT:
        return {}
    found = {}
    for year, group in _years(docs):
        for number, chunk in enumerate(pager.chunks(group), start=1):
            before = group[(number - 1) * pager.PAGE_SIZE - 1].metadata.date if number > 1 else ""
            found[pager.page_path(_year_page(year), number)] = (year, number, len(group), [d.id for d in chunk], before)
    return found


def _month_pages(docs: list) -> dict[str, int]:
    """The page of its year's (see :func:`year_pages`) each month (``2010-03``) begins on."""
    found: dict[str, int] = {}
    for year, group in _years(docs):
        for at, doc in enumerate(group):
            found.setdefault(doc.metadata.date[:7], at // pager.PAGE_SIZE + 1)
    return found


def chart(index: Indexes, urls: Urls = Urls()) -> str:
    """The chart of documents per year (or month) the timeline leads with: each bar links to its
    period's list, on this page or, when the archive is large, on the year's page."""
    docs = index.newest_first
    split = len(docs) > SPLIT
    found = charts.periods([d.metadata.date for d in docs])
    months = _month_pages(docs) if split and found.unit == "month" else {}

    def href(bar: charts.Bar) -> str | None:
        if found.unit == "decade":  # to the decade's newest year (the timeline is newest first)
            year = max(d.metadata.date[:4] for d in docs
                       if d.metadata.date and int(d.metadata.date[:4]) // 10 * 10 == int(bar.period))
            anchor = year_anchor(year)
        else:
            year, anchor = bar.period[:4], year_anchor(bar.period) if found.unit == "year" else month_anchor(bar.period)
        if not split:
            return f"#{anchor}"
        if found.unit != "month":
            return urls.href(PAGE, _year_page(year))
        return urls.href(PAGE, pager.page_path(_year_page(year), months.get(bar.period, 1)), anchor)

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
            for number, chunk in enumerate(pager.chunks(group), start=1):
                path = pager.page_path(year_page, number)
                if only is None or path in only:
                    pages[path] = _year_page_of(year, number, group, chunk, urls, listed)
        else:
            parts.append(f"## {year} ({counted(len(group), 'document')}) {{ #{year_anchor(year)} }}")
            parts.extend(_months(year, group, PAGE, "###", urls, listed))
    if items:
        parts.append(rawhtml.block("years", "<ul>\n" + "\n".join(items) + "\n</ul>"))
    if not overview:
        return pages
    if undated:
        parts.append(f"## Undated {{ #{UNDATED} }}")
        for number, chunk in enumerate(pager.chunks(undated), start=1):
            listing = doc_list(chunk, pager.page_path(PAGE, number, UNDATED_PAGES), urls, with_excerpt=False, parts=listed)
            listed_here = pager.between(PAGE, number, len(undated), listing, urls, UNDATED_PAGES, "the undated documents",
                                        "by file name")
            if number == 1:
                parts += listed_here
            else:
                pages[pager.page_path(PAGE, number, UNDATED_PAGES)] = _undated_page(number, len(undated), listed_here, urls)
    pages[PAGE] = page({"title": "Timeline"}, "\n\n".join(parts))
    return pages


def _undated_page(number: int, total: int, listed_here: list[str], urls: Urls) -> Page:
    """Page ``number`` (from 2) of the undated documents (``listed_here``, between pagers)."""
    this = pager.page_path(PAGE, number, UNDATED_PAGES)
    intro = (f"<p>More of the documents without a date. {rawhtml.link('The timeline', this, PAGE, urls)} "
             "has the others, and the first of these.</p>")
    body = ["# Undated documents", rawhtml.block("pager-intro", intro), *listed_here]
    return page({"title": f"Undated documents (page {number:,} of {pager.page_count(total):,})"}, "\n\n".join(body))


def _year_page_of(year: str, number: int, group: list, chunk: list, urls: Urls, listed: dict | None) -> Page:
    """Page ``number`` of the documents of ``year`` (``group``, newest first): ``chunk``, by
    month, between pagers when the year has more than one page (emit.pager)."""
    first = _year_page(year)
    this = pager.page_path(first, number)
    size = pager.PAGE_SIZE
    started = {d.metadata.date[5:7] for d in group[:(number - 1) * size]}
    intro = (f"<p>{counted(len(group), 'document')}, newest first. "
             f"{rawhtml.link('All years', this, PAGE, urls)}.</p>")
    listing = "\n\n".join(_months(year, chunk, this, "##", urls, listed, started))
    body = [f"# {year}", rawhtml.block("year-intro", intro), *pager.between(first, number, len(group), listing, urls)]
    title = f"Timeline: {year}" if number == 1 else f"Timeline: {year} (page {number:,} of {pager.page_count(len(group)):,})"
    return page({"title": title}, "\n\n".join(body))
