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

4. The date found is checked against the text the page shows: when the page does not show it,
   but shows another date its markup gives (or the day either side of one: a day stored in
   another time zone, "2022-11-06T23:00:00Z" for 7 November), that date is taken (shown_day).
   Readers, and the labels of the benchmark, go by the date the page shows.

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
ISO_DAY = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")


YMD = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)|(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)|"
                 r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
"""2022-03-01, 2022/3/1, 20220301 (in an address), 2022年3月1日: year, month, day."""
DMY = re.compile(r"(?<!\d)(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})(?!\d)")
"""01.03.2022, 1.3.22: day, month, year."""
SLASHED = re.compile(r"(?<!\d)(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})(?!\d)")
"""01/03/2022: the first of March or the third of January; both are taken as written."""
DAY_NAME = re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th|er|º|°|\.)?\s*(?:(?:de|of)\s+)?([^\W\d_]{3,})\.?,?\s*"
                      r"(?:de\s+)?(\d{4})(?!\d)")
"""1. März 2022, 1 March 2022, 1er mars 2022, 1 de marzo de 2022: day, a month's name, year."""
NAME_DAY = re.compile(r"(?<![^\W\d_])([^\W\d_]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)")
"""March 1, 2022: a month's name, day, year."""


@lru_cache(maxsize=None)
def month_numbers() -> dict[str, frozenset[int]]:
    """Every month's names and abbreviations in dateparser's languages (casefolded) -> the months."""
    from dateparser.languages.loader import default_loader

    found: dict[str, set[int]] = {}
    for locale in default_loader.get_locales():
        for month, key in enumerate(MONTHS, start=1):
            for word in locale.info.get(key, []):
                if len(word) > 2 and word.isalpha():
                    found.setdefault(word.casefold(), set()).add(month)
    return {word: frozenset(months) for word, months in found.items()}


def _day(year: str, month: int, day: str) -> list[str]:
    years = [int(year)] if len(year) == 4 else [1900 + int(year), 2000 + int(year)]
    out = []
    for y in years:
        try:
            out.append(dt.date(y, month, int(day)).isoformat())
        except ValueError:
            continue
    return out


def days_written(text: str) -> set[str]:
    """Every day ``text`` writes in full (YYYY-MM-DD), in digits or with a month's name."""
    found: set[str] = set()
    for m in YMD.finditer(text):
        year, month, day = next(g for g in (m.groups()[i:i + 3] for i in (0, 3, 6)) if g[0])
        found.update(_day(year, int(month), day))
    for m in DMY.finditer(text):
        found.update(_day(m.group(3), int(m.group(2)), m.group(1)))
    for m in SLASHED.finditer(text):
        found.update(_day(m.group(3), int(m.group(2)), m.group(1)) + _day(m.group(3), int(m.group(1)), m.group(2)))
    months = month_numbers()
    for m in DAY_NAME.finditer(text):
        for month in months.get(m.group(2).casefold(), ()):
            found.update(_day(m.group(3), month, m.group(1)))
    for m in NAME_DAY.finditer(text):
        for month in months.get(m.group(1).casefold(), ()):
            found.update(_day(m.group(3), month, m.group(2)))
    return found


def states_day(page: str, iso: str) -> bool:
    """The page writes the day ``iso`` (YYYY-MM-DD) in full, in digits or with its month's name."""
    return iso in days_written(page)


CANDIDATES_READ, CANDIDATES_TRIED, SHOWN_CHARS = 50, 10, 100_000
"""Date values read from the markup; distinct dates tried against the shown text; characters of it read."""


def stated_dates(tree, objects: list[dict]) -> list[str]:
    """Every date the page's markup gives, as YYYY-MM-DD, in page order: JSON-LD values whose key
    names a date, <meta> tags whose name says date or time, and <time datetime>."""
    values = [value for obj in objects for key, value in obj.items() if "date" in str(key).lower()]
    values += [m.get("content") for m in tree.iter("meta")
               if re.search("date|time", (m.get("property") or m.get("name") or m.get("itemprop") or ""), re.I)]
    values += [t.get("datetime") for t in tree.iter("time")]
    found = (ISO_DAY.match(v) for v in values[:CANDIDATES_READ] if isinstance(v, str))
    return list(dict.fromkeys(m.group(1) for m in found if m))


def visible_text(tree) -> str:
    """The text a reader sees: the body's, without scripts and styles (its first SHOWN_CHARS characters)."""
    shown, length = [], 0
    for text in tree.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]"):
        shown.append(text)
        length += len(text)
        if length > SHOWN_CHARS:
            break
    return " ".join(shown)


def shown_day(date: str, candidates: list[str], shown: str) -> str:
    """``date`` when the page shows it; else the first of ``candidates`` (or the day either side of
    one: a date stored in another time zone, "2022-11-06T23:00:00Z" for 7 November) that the page
    shows; else ``date``. Readers and labels go by the date the page shows."""
    written = days_written(shown) if date else set()
    if not date or date in written:
        return date
    for candidate in candidates[:CANDIDATES_TRIED]:
        try:
            day = dt.date.fromisoformat(candidate)
        except ValueError:
            continue
        for near in (day, day + dt.timedelta(days=1), day - dt.timedelta(days=1)):
            if near.isoformat() in written:
                return near.isoformat()
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
