"""Dates as news pages write them, to ISO 8601; and back for display."""

from __future__ import annotations

import pytest

from builder.dates import display_date, parse_date


@pytest.mark.parametrize("text, iso", [
    ("November 3, 2010", "2010-11-03"),
    ("Nov. 3, 2010", "2010-11-03"),
    ("Nov 3 2010", "2010-11-03"),
    ("3 November 2010", "2010-11-03"),
    ("1st March 2014", "2014-03-01"),
    ("December 31st, 2011", "2011-12-31"),
    ("Sept. 5, 2010", "2010-09-05"),
    ("Sep 5, 2010", "2010-09-05"),
    ("2010-11-03", "2010-11-03"),
    ("06/19/2013", "2013-06-19"),
    ("19/06/2013", "2013-06-19"),
    ("05/05/2020", "2020-05-05"),
    ("By Patrick Goodenough | November 3, 2010 | 5:54 AM EDT", "2010-11-03"),
    ("(Originally published on 06/19/2013)", "2013-06-19"),
    ("February 29, 2012", "2012-02-29"),
])
def test_parse_date(text, iso):
    assert parse_date(text) == (iso, "")


@pytest.mark.parametrize("text", [
    "", "no date here", "May 2021", "February 30, 2010", "February 29, 2011", "2010-02-30", "2010-13-01",
    "13/13/2013", "5:54 AM EDT", "in 1996", "Smarch 3, 2010",
])
def test_parse_date_finds_nothing(text):
    assert parse_date(text) == ("", "")


def test_ambiguous_numeric_date_note():
    assert parse_date("05/06/2020") == (
        "2020-05-06", "'05/06/2020' could be month/day or day/month; it was read as month/day")


def test_invalid_date_is_skipped_for_the_next_valid_one():
    assert parse_date("February 30, 2010 or rather March 2, 2010") == ("2010-03-02", "")


@pytest.mark.parametrize("text, iso", [
    ("2013-06-19, updated March 3, 2014", "2013-06-19"),
    ("Updated March 3, 2014; first published 2013-06-19", "2014-03-03"),
    ("06/19/2013 (updated 2014-03-03)", "2013-06-19"),
])
def test_parse_date_returns_the_first_date_in_the_text(text, iso):
    # Regression: it used to return the first match of the first pattern, wherever it was.
    assert parse_date(text) == (iso, "")


@pytest.mark.parametrize("iso, shown", [
    ("2010-11-03", "3 November 2010"),
    ("2010-01-01", "1 January 2010"),
    ("2023-12-31", "31 December 2023"),
    ("2021-05", "May 2021"),
    ("2014", "2014"),
    ("", ""),
])
def test_display_date(iso, shown):
    assert display_date(iso) == shown
