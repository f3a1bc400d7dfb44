"""Checks of single values that editor files and stages share: ids, dates, URLs, coordinates."""

from __future__ import annotations

import calendar
import math
import re

from builder.slugs import MAX_SLUG

# Whole values: test them with fullmatch (with match, ``$`` lets a trailing newline through).
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
URL = re.compile(r"^https?://[^\s<>\"']+$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_HINT = "ids are lowercase letters, digits and single hyphens"


def id_problem(value: str) -> str | None:
    """Why ``value`` cannot be an id (the name of a page in the site), or None."""
    if not SLUG.fullmatch(value):
        return "is not a valid id"
    if len(value) > MAX_SLUG:
        return f"is {len(value)} characters long; an id has at most {MAX_SLUG} (it names a file in the site)"
    return None


def id_hint(problem: str, example: str) -> str:
    if problem.startswith("is not"):
        return f"{ID_HINT}, e.g. {example}"
    return f"use a shorter id, e.g. {example}, and name its file after it"


def check_date(value: str) -> str | None:
    """Return why ``value`` is not an ISO 8601 (possibly partial) calendar date, or None."""
    m = PARTIAL_DATE.fullmatch(value)
    if not m:
        return "is not a date in the form YYYY-MM-DD (or YYYY-MM, or YYYY)"
    year, month, day = m.group(1), m.group(2), m.group(3)
    if month and not 1 <= int(month) <= 12:
        return f"has month {month}, which does not exist"
    if day:
        last = calendar.monthrange(int(year), int(month))[1]
        if not 1 <= int(day) <= last:
            return f"has day {day}, but {year}-{month} has {last} days"
    return None


COORDINATES_EXAMPLE = "[39.9042, 116.4074]"
BOUNDS = {"latitude": (-90.0, 90.0), "longitude": (-180.0, 180.0)}


def read_coordinates(key: str, texts: list[str | None] | None, other,
                     kinds: list[str] | None = None) -> tuple[tuple[float, float] | None, int, str, str]:
    """``[latitude, longitude]`` from the texts of a list's items (None: the value is not a
    list, but ``other``, a text or a mapping; an item None: a list or a mapping, its kind in
    ``kinds``): (the two numbers or None, which item is wrong (-1: the whole value), the
    message, the fix); the message is '' when all is well."""
    hint = f"write [latitude, longitude] in decimal degrees, e.g. {key}: {COORDINATES_EXAMPLE} (south and west are negative)"
    if texts is None:
        said = ("a mapping" if not isinstance(other, str) else f"'{other}'" if other else "empty")
        return None, -1, f"'{key}' must be a list of two numbers, [latitude, longitude], not {said}", hint
    if len(texts) != 2:
        return None, -1, f"'{key}' has {len(texts)} value{'s' if len(texts) != 1 else ''}; it needs two, [latitude, longitude]", hint
    if None in texts:  # [[39.9, 116.4], [1, 2]]: nested
        at = texts.index(None)
        return None, at, f"{tuple(BOUNDS)[at]} in '{key}' must be a number, not a {(kinds or ['list'] * 2)[at]}", \
            f"write [latitude, longitude] in decimal degrees, e.g. {key}: {COORDINATES_EXAMPLE} (one pair, not nested)"
    numbers = []
    for at, (which, text) in enumerate(zip(BOUNDS, texts)):
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            return None, at, f"{which} '{text}' in '{key}' is not a number", hint
        low, high = BOUNDS[which]
        if not low <= number <= high:
            return None, at, f"{which} {text} in '{key}' is outside {low:g} to {high:g}", \
                f"write [latitude, longitude], latitude first, e.g. {key}: {COORDINATES_EXAMPLE}"
        numbers.append(number)
    return (numbers[0], numbers[1]), -1, "", ""
