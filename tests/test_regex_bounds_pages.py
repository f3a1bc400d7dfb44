"""The patterns that read captured pages' titles and bylines stay quick on hostile input (issue 20).

The same adversarial shapes as tests/test_regex_bounds.py, fed to the patterns of html_title and
html_names, and to the functions that apply them the way the code calls them (which bound their
input: a title of more than ANALYSED_CHARS is not cut, a byline of more than BYLINE_MAX_CHARS is not one).
"""

from __future__ import annotations

import time

import pytest

from builder.stages import html_bylines, html_dates, html_names, html_title
from test_regex_bounds import LIMIT, shapes

def _short(pattern):
    """The pattern over a long text cut into bylines of the longest length names_in reads."""
    size = html_bylines.BYLINE_MAX_CHARS
    return lambda text: [pattern.search(text[i:i + size]) for i in range(0, min(len(text), 20_000), size)]


CASES = [
    ("title EDGE (bounded)", lambda text: html_title._splits(text), shapes(" | ", " -", "|", " ", "-新")),
    ("title segments (bounded)", lambda text: html_title._segments_match(text, ("a",)), shapes(" | ", ": ", " a ")),
    ("title strip edges", lambda text: html_title._strip_edges(text, {("a",)}), shapes("a | ", " - ", "|")),
    ("title DOMAIN_LIKE", html_title.DOMAIN_LIKE.match, shapes("a.", "a-", "a.b")),
    ("title DATE_AFFIX", html_title.DATE_AFFIX.match, shapes("1.", "12.12.", " ")),
    ("title words", html_title.words, shapes("a ", "ä-", " ")),
    ("authors names_in", lambda text: html_names.names_in(text, set()), shapes("von ", " am 1", ", ", "&amp;", " says")),
    *[(f"authors {name} (bylines are short)", _short(getattr(html_names, name)), shapes(*blocks)) for name, blocks in (
        ("BYLINE_WORDS", ("von ", "posted by ", "autor: ", " ")), ("AFTER_NAME", (" am ", " a 1", " x.com", " - ", " Feb")),
        ("NAME_SPLIT", (" and ", ", ", " ", "/")), ("COMPANY", ("gmbh ", "e. v", " ")), ("COMMENTER", (" says", " ")))],
    ("authors plain", html_names.plain, shapes("&amp;", "&amp;amp;", "&#", "<a ")),
    ("dates states_day", lambda text: html_dates.states_day(text, "2022-03-01"),
     shapes("1 ", "1. M", "2022-03-", "1/", "March 1, ", " de ", "01.03.")),
]


@pytest.mark.parametrize("name, apply, texts", CASES, ids=[c[0] for c in CASES])
def test_each_pattern_is_quick_on_long_repeats_of_its_building_blocks(name, apply, texts):
    for text in texts:
        started = time.perf_counter()
        apply(text)
        elapsed = time.perf_counter() - started
        assert elapsed < LIMIT, f"{name}: {elapsed:.1f} s on {text[:60]!r}… ({len(text)} characters)"
