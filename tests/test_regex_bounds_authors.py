"""The patterns that find captured pages' bylines and read the names in them stay quick on hostile
input (issue 20): the same adversarial shapes as tests/test_regex_bounds.py.

Patterns applied to a page's text or attributes of any length (a date before a byline, a class
that marks a comment section, a link to a writer's page, a line after a ``<br>``) are fed the
long inputs as they are; those names_in applies only to a byline's short text are fed the texts
cut to BYLINE_MAX_CHARS, as names_in cuts them.
"""

from __future__ import annotations

import time

import lxml.html
import pytest

from builder.stages import html_bylines, html_names
from test_regex_bounds import LIMIT, shapes
from test_regex_bounds_pages import _short


def _page(text: str):
    """A page whose paragraph holds the text after a <br> and in a span marked as the byline."""
    return lambda: None if not text else lxml.html.fromstring(
        f'<html><body><p>x<br>{text}</p><span class="byline">{text}</span></body></html>')


CASES = [
    ("bylines DATED", html_bylines.DATED.match,
     [s for s in shapes("01.01.2020 ", "01.01.2020 12:30 ", " ", ", ", " - ") for s in (s, "01.01.2020" + s)]),
    ("bylines LABELLED", html_bylines.LABELLED.match, shapes("autor ", " ", "von: ")),
    ("bylines BYLINE_WORDS", html_bylines.BYLINE_WORDS.match, shapes("文 ", "记者", "posted ", " ", "文/ ")),
    ("bylines COMMENT_MARK", html_bylines.COMMENT_MARK.search, shapes("preview ", "-", "_", "xcomment")),
    ("bylines AUTHOR_HREF", html_bylines.AUTHOR_HREF.search, shapes("/author", "/autoren/", "/", "//")),
    ("bylines NAME_MARK", html_bylines.NAME_MARK.search, shapes("fn", "nam", " ")),
    *[(f"names {name} (bylines are short)", _short(getattr(html_names, name)), shapes(*blocks)) for name, blocks in (
        ("JOB_BEFORE", ("staff ", "writer ", " ")), ("NOT_A_NAME", ("about", " mein", " ")),
        ("ABBREVIATION", ("prof.", "dr. ", " ")), ("CREDIT", ("reviewed ", "fachlich ", " by", " ")),
        ("DATE_WORDS", ("am ", " 1", "x")), ("PROSE", ("abc. ", "prof. D", " ")),
        ("AFTER_NAME", (" staff ", " senior writer", " 기자", " ")), ("NAME_SPLIT", (" mit ", " with ", " ")))],
    ("names names_in", lambda text: html_names.names_in(text, set(), True),
     shapes("Prof. ", "von ", " mit ", "记者", "Staff Writer ", "am 1")),
]


@pytest.mark.parametrize("name, apply, texts", CASES, ids=[c[0] for c in CASES])
def test_each_pattern_is_quick_on_long_repeats_of_its_building_blocks(name, apply, texts):
    for text in texts:
        started = time.perf_counter()
        apply(text)
        elapsed = time.perf_counter() - started
        assert elapsed < LIMIT, f"{name}: {elapsed:.1f} s on {text[:60]!r}… ({len(text)} characters)"


@pytest.mark.parametrize("blocks", [("Autor: ", " ", "<b>x</b>"), ("<br>von ", "<span class='fn'>", "</span>")])
def test_reading_bylines_is_quick_on_long_repeats(blocks):
    for text in shapes(*blocks):
        tree = _page(text)()
        started = time.perf_counter()
        html_bylines.bylines(tree)
        html_bylines.byline_sentences(tree)
        elapsed = time.perf_counter() - started
        assert elapsed < LIMIT, f"{elapsed:.1f} s on {text[:60]!r}… ({len(text)} characters)"
