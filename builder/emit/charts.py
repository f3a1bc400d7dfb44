"""Small bar charts of documents over time, drawn at build time as SVG (the timeline, topic
and entity pages lead with one).

A chart needs no script or library: it is inline SVG in the page, so it works offline and
prints. Its colours come from the theme's stylesheet (charts.css, by class, with custom
properties the dark scheme and the print stylesheet change). Lengths across are percentages,
so the chart fills the column at any width while its text keeps its size.

What it says is said in words too: the SVG has a <title> and a <desc>; each bar with
documents is a link (or, without links, a group) whose own <title> reads "March 2013: 3
documents", and a chart without links (role="img") lists every count in its <desc>.
Everything written is escaped, and the output depends on the dates alone (deterministic).
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass
from typing import Callable

from builder.dates import MONTH_NAMES
from builder.emit.markdown import counted

MOST_YEARS = 40
"""Years are shown one bar each up to this many; a longer span is shown by decade."""
MONTHS_UP_TO = 2
"""Dates spread over at most this many calendar years are shown by month."""
FEW, SOME = 12, 24
"""Up to FEW bars, every label and count is shown; up to SOME, all but on a phone (charts.css);
beyond, only the labels of the first, the last and every fifth year (or each January)."""

WIDEST = 6
"""A bar is at most this wide (% of the chart), however few the bars."""
HEIGHT, BASE, TALLEST = 150, 112, 92
"""The chart's height, the baseline's y and the tallest bar's height (px, as drawn)."""


@dataclass(frozen=True)
class Bar:
    """One bar: its period (``2013``, ``2013-03``, or ``1990`` for the 1990s; always four digits
    for the year, as in dates: ``0990``), the label under it (``2013``, ``Mar``, ``1990s``,
    ``990``: as a reader says it), the period as a reader says it and its count."""

    period: str
    label: str
    name: str
    count: int


@dataclass(frozen=True)
class Periods:
    """The bars of a set of dates, and what they leave out."""

    unit: str  # "year", "month" or "decade"
    bars: list[Bar]
    undated: int = 0
    no_month: int = 0  # dated by year alone, when the bars are months

    @property
    def shown(self) -> int:
        return sum(bar.count for bar in self.bars)


def periods(dates: list[str]) -> Periods:
    """The bars of ``dates`` (ISO dates, any precision; '' for undated), from the first period
    to the last, the empty ones included: by month when the dates span at most
    :data:`MONTHS_UP_TO` calendar years, by decade beyond :data:`MOST_YEARS` years."""
    dated = [d for d in dates if d]
    undated = len(dates) - len(dated)
    if not dated:
        return Periods("year", [], undated)
    years = Counter(int(d[:4]) for d in dated)
    first, last = min(years), max(years)
    months = Counter(d[:7] for d in dated if len(d) >= 7)
    if last - first < MONTHS_UP_TO and months:
        start, end = min(months), max(months)
        bars = []
        year, month = int(start[:4]), int(start[5:7])
        while f"{year:04d}-{month:02d}" <= end:
            period = f"{year:04d}-{month:02d}"
            bars.append(Bar(period, MONTH_NAMES[month - 1][:3], f"{MONTH_NAMES[month - 1]} {year}", months.get(period, 0)))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return Periods("month", bars, undated, len(dated) - sum(months.values()))
    if last - first < MOST_YEARS:
        return Periods("year", [Bar(f"{y:04d}", str(y), str(y), years.get(y, 0)) for y in range(first, last + 1)], undated)
    decades: Counter = Counter()
    for year, count in years.items():
        decades[year // 10 * 10] += count
    return Periods("decade", [Bar(f"{d:04d}", f"{d}s", f"the {d}s", decades.get(d, 0))
                              for d in range(first // 10 * 10, last + 1, 10)], undated)


def _major(bars: list[Bar], unit: str) -> list[bool]:
    """Which labels are shown however dense the chart: the first and the last, and every fifth
    year or decade (each January) not crowding them."""
    n = len(bars)
    marks = []
    for i, bar in enumerate(bars):
        if i in (0, n - 1):
            marks.append(True)
            continue
        regular = bar.period.endswith("-01") if unit == "month" else int(bar.period) % (50 if unit == "decade" else 5) == 0
        marks.append(regular and 1 < i < n - 2)
    return marks


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _caption(found: Periods, noun: str) -> str:
    bars = found.bars
    first, last = (bars[0].label, bars[-1].label) if found.unit == "decade" else (bars[0].name, bars[-1].name)
    said = f"{noun.capitalize()}s per {found.unit}, {first} to {last}"
    left = []
    if found.no_month:
        left.append(f"{counted(found.no_month, noun)} dated by year alone")
    if found.undated:
        left.append(f"{found.undated} undated")
    return said + (f" (not shown: {', '.join(left)})" if left else "")


def svg(found: Periods, ident: str, noun: str = "document",
        href: Callable[[Bar], str | None] | None = None) -> str:
    """The chart of ``found`` as a <figure> holding the SVG; ``ident`` is the figure's id (the
    SVG's title and desc ids are made from it), ``href`` gives each bar with documents its
    link (None: no link). '' when fewer than two periods have any."""
    bars = found.bars
    if sum(1 for bar in bars if bar.count) < 2:
        return ""
    e = html.escape
    n = len(bars)
    slot = 100 / n
    wide = min(0.7 * slot, WIDEST)
    top = max(bar.count for bar in bars)
    caption = _caption(found, noun)
    linked = href is not None
    busiest = max(bars, key=lambda bar: bar.count)  # the first of the busiest
    desc = [f"{counted(found.shown, noun)} over {n} {found.unit}s; the busiest, {busiest.name}, has {top}."]
    if linked:
        desc.append(f"Each bar links to the list of its {found.unit}.")
    else:
        desc.append("; ".join(f"{bar.name}: {bar.count}" for bar in bars if bar.count) + f"; no other {found.unit} has any.")
    density = "few" if n <= FEW else "some" if n <= SOME else "dense"
    height = HEIGHT + (16 if found.unit == "month" else 0)
    role = "group" if linked else "img"
    lines = [f'<figure class="archive-chart" id="{e(ident)}">',
             f'<figcaption>{e(caption)}</figcaption>',
             f'<svg xmlns="http://www.w3.org/2000/svg" class="archive-chart-svg archive-chart-{density}" width="100%" '
             f'height="{height}" role="{role}" aria-labelledby="{e(ident)}-title" aria-describedby="{e(ident)}-desc">',
             f'<title id="{e(ident)}-title">{e(caption)}</title>',
             f'<desc id="{e(ident)}-desc">{e(" ".join(desc))}</desc>',
             f'<line class="archive-chart-axis" x1="0" x2="100%" y1="{BASE + 0.5}" y2="{BASE + 0.5}" stroke="currentColor"/>']
    majors = _major(bars, found.unit)
    for i, (bar, major) in enumerate(zip(bars, majors)):
        middle = _number((i + 0.5) * slot)
        if bar.count:
            tall = max(2.0, TALLEST * bar.count / top)
            said = f"{bar.name}: {counted(bar.count, noun)}"
            shape = (f'<title>{e(said)}</title>'
                     f'<rect class="archive-chart-hit" x="{_number(i * slot)}%" y="0" width="{_number(slot)}%" '
                     f'height="{BASE}" fill="transparent"/>'
                     f'<rect class="archive-chart-bar" x="{_number((i + 0.5) * slot - wide / 2)}%" y="{_number(BASE - tall)}" '
                     f'width="{_number(wide)}%" height="{_number(tall)}" fill="currentColor"/>'
                     f'<text class="archive-chart-count{"" if major else " archive-chart-minor"}" x="{middle}%" '
                     f'y="{_number(BASE - tall - 4)}" text-anchor="middle" aria-hidden="true">{bar.count}</text>')
            target = href(bar) if linked else None
            lines.append(f'<a href="{e(target)}">{shape}</a>' if target else f"<g>{shape}</g>")
        minor = "" if major else " archive-chart-minor"
        lines.append(f'<text class="archive-chart-label{minor}" x="{middle}%" y="{BASE + 16}" text-anchor="middle" '
                     f'aria-hidden="true">{e(bar.label)}</text>')
        crowded = i == 0 and n > FEW and n > 1 and bars[1].period.endswith("-01")
        if found.unit == "month" and (i == 0 or bar.period.endswith("-01")) and not crowded:
            lines.append(f'<text class="archive-chart-label archive-chart-year" x="{middle}%" y="{BASE + 32}" '
                         f'text-anchor="middle" aria-hidden="true">{e(bar.period[:4])}</text>')
    lines += ["</svg>", "</figure>"]
    return "\n".join(lines)


def chart(dates: list[str], ident: str, noun: str = "document",
          href: Callable[[Bar], str | None] | None = None) -> str:
    """The chart of ``dates`` (see :func:`periods` and :func:`svg`)."""
    return svg(periods(dates), ident, noun, href)
