"""A note's date is the day it was written: a month or a year alone is an error on its line
(such a note was accepted, then silently left out of annotations.xml; review of issue 20)."""

from __future__ import annotations

import pytest

from test_annotations import about, collect_with, note


@pytest.mark.parametrize("date, hint", [("2024-01", "write the day too: 2024-01-DD"),
                                        ("2024", "write the day too: 2024-MM-DD")])
def test_a_note_dated_by_its_month_or_year_alone_is_an_error_on_its_line(tmp_path, date, hint):
    archive = collect_with(tmp_path, {"partial": note("the council met", date=date),
                                      "full": note("met on Monday", date="2024-01-15")})
    annotation, diagnostics = about(archive, "partial")
    assert annotation.status == "not loaded"
    assert diagnostics == [("error", 5, "schema-date", f"'date' value '{date}' is not a full date (YYYY-MM-DD)", hint)]
    assert [d.column for d in archive.diagnostics if d.code == "schema-date"] == [7]
    assert about(archive, "full")[0].status == "anchored"


def test_a_wrong_day_is_still_named_as_such(tmp_path):
    _, diagnostics = about(collect_with(tmp_path, {"bad": note("the council met", date="2024-02-30")}), "bad")
    assert diagnostics == [("error", 5, "schema-date", "'date' value '2024-02-30' has day 30, but 2024-02 has 29 days",
                            "write the date as YYYY-MM-DD, e.g. 2010-11-03")]
