"""Captured web pages: the date the page gives its article, and never a date it does not state.

1. The extraction library's date search (htmldate) in its quick mode, run with the extraction:
   the page's date tags, JSON-LD, ``<time>``, its address, dates written out in its text.
2. Where that finds nothing, the page's own tags (html_metadata: JSON-LD ``datePublished``,
   ``article:published_time`` and the like, the first ``<time datetime>``).
3. Where those say nothing, htmldate's extensive search, which reads more of the text. It also
   guesses: with no date in full, it takes the copyright year as 1 January, or a month as its
   first day. So a date it finds on the first of a month is kept only when the page writes that
   day, in digits ("2022-03-01", "01.03.2022", "3/1/2022") or with the month's name in any of
   dateparser's languages ("1. März 2022", "March 1, 2022", "1er mars 2022", "2022年3月1日").

A day a page stores as a local midnight in UTC ("2022-11-06T23:00:00Z", for 7 November in Central
Europe) is read as the day the page writes, when it writes that next day (local_day).

``EXTENSIVE_SEARCH`` is "checked" (as above); the benchmark (bench/extraction_metadata.py)
measures "off" (steps 1 and 2 only) and "unchecked" (the extensive search taken as it is).
Deterministic: the search runs with a fixed latest date, and htmldate's free-text parser reads
only absolute dates (no "yesterday" counted from the day of the build).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

LATEST_DATE = "2100-12-31"
"""The date search never accepts a later date. Fixed, so that a build does not depend on the day
it runs (the library's default is today)."""
EXTENSIVE_SEARCH = "checked"
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")


@lru_cache(maxsize=None)
def month_names(month: int) -> str:
    """A pattern of the month's names and abbreviations in dateparser's languages, longest first."""
    from dateparser.languages.loader import default_loader

    names = {word.casefold() for locale in default_loader.get_locales()
             for word in locale.info.get(MONTHS[month - 1], []) if len(word) > 2 and not word.isdigit()}
    return "|".join(re.escape(name) for name in sorted(names, key=lambda name: (-len(name), name)))


def states_day(page: str, iso: str) -> bool:
    """The page writes the day ``iso`` (YYYY-MM-DD) in full, in digits or with its month's name."""
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return False
    y, m, d, yy = day.year, day.month, day.day, f"{day.year % 100:02d}"
    names = month_names(m)
    patterns = [
        rf"(?<!\d){y}[-/.]0?{m}[-/.]0?{d}(?!\d)", rf"(?<!\d){y}{m:02d}{d:02d}(?!\d)",
        rf"(?<!\d)0?{d}\.\s?0?{m}\.\s?(?:{y}|{yy})(?!\d)", rf"(?<!\d)0?{d}[/-]0?{m}[/-](?:{y}|{yy})(?!\d)",
        rf"(?<!\d)0?{m}/0?{d}/(?:{y}|{yy})(?!\d)", rf"{y}\s*年\s*0?{m}\s*月\s*0?{d}\s*日",
        rf"(?<!\d)0?{d}(?:st|nd|rd|th|er|º|°|\.)?\s*(?:de\s+|of\s+)?(?:{names})\.?,?\s*(?:de\s+)?{y}(?!\d)",
        rf"(?<![^\W\d_])(?:{names})\.?\s+0?{d}(?:st|nd|rd|th)?,?\s+{y}(?!\d)",
    ]
    return any(re.search(pattern, page, re.I) for pattern in patterns)


UTC_LATE_EVENING = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})T(?:22|23):00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)\s*$")
"""A day stored as local midnight in UTC: 23:00Z is midnight in Central Europe in winter, 22:00Z in summer."""


def local_day(date: str, stated: list, page: str) -> str:
    """``date``, or the next day when the page states ``date`` only as a local midnight in UTC
    ("2022-11-06T23:00:00.000Z") and writes the next day itself ("07.11.2022")."""
    for value in stated:
        m = UTC_LATE_EVENING.match(value) if isinstance(value, str) else None
        if m and m.group(1) == date:
            following = (dt.date.fromisoformat(date) + dt.timedelta(days=1)).isoformat()
            return following if states_day(page, following) else date
    return date


def extensive_date(tree, page: str, url: str, latest: str = LATEST_DATE) -> str:
    """htmldate's extensive search, as EXTENSIVE_SEARCH says: '' when it is "off", or when it
    finds only a first of the month that the page does not write ("checked")."""
    if EXTENSIVE_SEARCH == "off" or tree is None:
        return ""
    from htmldate import find_date

    found = find_date(tree, extensive_search=True, original_date=True, max_date=latest, url=url or None) or ""
    if found.endswith("-01") and EXTENSIVE_SEARCH == "checked" and not states_day(page, found):
        return ""
    return found
