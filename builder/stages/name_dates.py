"""Dates read from source file names, by a pattern an editor writes in collection.yml
(``date_from_name: "{year}-{month}-{day}-*.txt"``).

A pattern is the file name with ``{year}`` (four digits), ``{month}`` and ``{day}`` (two
digits each) where the date is, ``*`` for any run of characters and ``?`` for any one; the
rest is matched as it is, and the pattern must match the whole name. File names are
untrusted, so the pattern becomes a regular expression that runs in time linear in the
name's length for each ``*`` (as Python's fnmatch does it): each ``*`` but the last stands
for the shortest run before what follows it (an atomic group, which never tries the other
ways of splitting the name), the last for the longest.
"""

from __future__ import annotations

import re

PLACEHOLDERS = {"year": r"(?P<year>\d{4})", "month": r"(?P<month>\d{2})", "day": r"(?P<day>\d{2})"}
_PIECE = re.compile(r"\{[^{}]*\}|[*?]|[^{}*?]+|[{}]")
HINT = "write the file name with {year}, {month} and {day} where the date is and * for the rest, e.g. {year}-{month}-{day}-*.txt"


class PatternError(ValueError):
    """Why a pattern cannot be used (``str(error)`` follows "'date_from_name' value '...' ")."""


def compile_name_pattern(pattern: str) -> re.Pattern:
    """The regular expression a ``date_from_name`` pattern stands for; its groups are named
    year, month and day. Raises :class:`PatternError`."""
    segments: list[list[str]] = [[]]
    seen: list[str] = []
    for piece in _PIECE.findall(pattern):
        if piece == "*":
            segments.append([])
        elif piece == "?":
            segments[-1].append(".")
        elif len(piece) > 1 and piece[0] == "{":
            name = piece[1:-1]
            if name not in PLACEHOLDERS:
                raise PatternError(f"has '{piece}'; the places of the date are {{year}}, {{month}} and {{day}}")
            if name in seen:
                raise PatternError(f"has {piece} twice")
            seen.append(name)
            segments[-1].append(PLACEHOLDERS[name])
        elif piece in "{}":
            raise PatternError(f"has a '{piece}' that is not part of {{year}}, {{month}} or {{day}}")
        else:
            segments[-1].append(re.escape(piece))
    if "year" not in seen:
        raise PatternError("has no {year}")
    if "day" in seen and "month" not in seen:
        raise PatternError("has a {day} but no {month}")
    parts = ["".join(segment) for segment in segments]
    if len(parts) > 1:
        parts = [parts[0], *(f"(?>.*?{part})" for part in parts[1:-1]), f".*{parts[-1]}"]
    return re.compile("(?s:" + "".join(parts) + r")\Z")


def date_from_name(pattern: re.Pattern, name: str) -> str | None:
    """The date (YYYY, YYYY-MM or YYYY-MM-DD) the pattern finds in a file name, or None when
    the name does not match it. The date is not checked (month 13 is found as it is)."""
    found = pattern.match(name)
    if found is None:
        return None
    parts = found.groupdict()
    return "-".join(parts[key] for key in ("year", "month", "day") if parts.get(key))
