"""The small chart of an entity's mentions per year at the top of its page: an HTML list of
bars drawn by the theme's CSS (entities.css), so it needs no script or library, works offline,
prints, and reads as a list ("2013: 20 mentions") to a screen reader."""

from __future__ import annotations

from collections import Counter

from builder.model import Mention

MOST_BARS = 40
"""Years shown one bar each up to this many; a longer span is shown by decade."""
LABEL_EVERY = 5
"""With more than :data:`DENSE` bars, only every fifth label (and the first and last) is shown."""
DENSE = 16


def per_year(mentions: list[Mention], documents: dict) -> tuple[Counter, int]:
    """How many of ``mentions`` each year has (by the date of the document), and how many are
    in undated documents."""
    years: Counter = Counter()
    undated = 0
    for mention in mentions:
        date = documents[mention.doc].metadata.date
        if date:
            years[int(date[:4])] += 1
        else:
            undated += 1
    return years, undated


def bars(years: Counter) -> list[tuple[str, int]]:
    """(label, count) of each bar from the first year to the last, the years without a
    mention included; by decade when the span is longer than :data:`MOST_BARS` years."""
    first, last = min(years), max(years)
    if last - first + 1 <= MOST_BARS:
        return [(str(year), years.get(year, 0)) for year in range(first, last + 1)]
    decades: Counter = Counter()
    for year, count in years.items():
        decades[year // 10 * 10] += count
    return [(f"{decade}s", decades.get(decade, 0)) for decade in range(first // 10 * 10, last + 1, 10)]


def chart(mentions: list[Mention], documents: dict) -> str:
    """The chart (HTML), or '' when the mentions are not spread over two years or more."""
    years, undated = per_year(mentions, documents)
    if len(years) < 2:
        return ""
    shown = bars(years)
    top = max(count for _, count in shown)
    dense = len(shown) > DENSE
    items = []
    for n, (label, count) in enumerate(shown):
        classes = []
        if not count:
            classes.append("archive-bar-zero")
        if dense and n not in (0, len(shown) - 1) and n % LABEL_EVERY:
            classes.append("archive-bar-minor")
        css = f' class="{" ".join(classes)}"' if classes else ""
        height = round(100 * count / top)
        items.append(f'<li{css}><span class="archive-bar-label">{label}</span><span class="archive-vh">: </span>'
                     f'<span class="archive-bar-n">{count}<span class="archive-vh"> mention{"s" if count != 1 else ""}'
                     f'</span></span><span class="archive-bar" style="--h: {height}"></span></li>')
    unit = "decade" if shown[0][0].endswith("s") else "year"
    note = f", and {undated} in undated documents" if undated else ""
    return (f'<figure class="archive-chart">\n<figcaption>Mentions per {unit}{note}</figcaption>\n'
            f'<ol class="archive-bars">\n' + "\n".join(items) + "\n</ol>\n</figure>")
