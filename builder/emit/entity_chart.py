"""The small chart of an entity's mentions per year at the top of its page: an HTML list of
bars drawn by the theme's CSS (entities.css), so it needs no script or library, works offline,
prints, and reads as a list ("2013: 20 mentions") to a screen reader."""

from __future__ import annotations

from collections import Counter

from builder.model import Mention

MOST_BARS = 40
"""Years shown one bar each up to this many; a longer span is shown by decade."""
DENSE = 16
"""With more than this many bars, only every fifth label (and the last) is shown (entities.css)."""


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
    """The chart (HTML), or '' when the mentions are not spread over two years or more. Each bar
    is one short list item (a large archive has thousands of entity pages): its height in
    ``--h`` (0 to 100), its label, and its count with the words a screen reader says around it
    ("2013: 20 mentions") in <i>, which the stylesheet hides from sight; the bar itself is drawn
    by the stylesheet."""
    years, undated = per_year(mentions, documents)
    if len(years) < 2:
        return ""
    shown = bars(years)
    top = max(count for _, count in shown)
    items = []
    for label, count in shown:
        said = f"<i>: {count} mention{'s' if count != 1 else ''}</i>"
        if count:
            said = f"<b><i>: </i>{count}<i> mention{'s' if count != 1 else ''}</i></b>"
        items.append(f'<li style="--h:{round(100 * count / top)}"><span>{label}</span>{said}</li>')
    unit = "decade" if shown[0][0].endswith("s") else "year"
    note = f", and {undated} in undated documents" if undated else ""
    dense = " archive-dense" if len(shown) > DENSE else ""
    return (f'<figure class="archive-chart">\n<figcaption>Mentions per {unit}{note}</figcaption>\n'
            f'<ol class="archive-bars{dense}">\n' + "\n".join(items) + "\n</ol>\n</figure>")
