"""Reading dates written the ways news pages write them, into ISO 8601."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {name: i for i, name in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"], start=1)}
MONTHS.update({name[:3]: i for name, i in list(MONTHS.items())})

_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
PATTERNS = (
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\s+(?P<year>\d{{4}})\b", re.I),
    re.compile(r"\b(?P<year>\d{4})-(?P<nmonth>\d{2})-(?P<day>\d{2})\b"),
    re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4})\b"),
)


def parse_date(text: str) -> tuple[str, str]:
    """Find the first date in ``text`` (the one that starts earliest).

    Returns (iso, note): iso is "" when no valid date is found; note explains a guess
    (a numeric date that reads both as month/day and day/month is read month first).
    """
    found = sorted(((m.start(), i, m) for i, pattern in enumerate(PATTERNS) for m in pattern.finditer(text)),
                   key=lambda item: (item[0], item[1]))
    for _, _, m in found:
        groups = m.groupdict()
        year = int(groups["year"])
        note = ""
        if groups.get("month"):
            month = MONTHS[groups["month"].lower()[:3]]
            day = int(groups["day"])
        elif groups.get("nmonth"):
            month, day = int(groups["nmonth"]), int(groups["day"])
        else:
            a, b = int(groups["a"]), int(groups["b"])
            if a > 12 >= b:
                day, month = a, b
            else:
                month, day = a, b
                if b <= 12 and a != b:
                    note = f"'{m.group(0)}' could be month/day or day/month; it was read as month/day"
        try:
            return dt.date(year, month, day).isoformat(), note
        except ValueError:
            continue
    return "", ""


MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")


def display_date(iso: str) -> str:
    """'2010-11-03' -> '3 November 2010'; partial dates keep their precision."""
    if not iso:
        return ""
    parts = iso.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTH_NAMES[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"
