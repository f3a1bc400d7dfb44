"""Captured pages: the date the page gives its article, and never a date it does not state (issue 20).

htmldate's extensive search finds more true dates than its quick mode, and more dates on pages
that state none: with no date in full, it takes the copyright year as 1 January. The archive
keeps a first of the month from it only when the page writes that day, and prefers the date the page
shows to one only its markup gives (builder/stages/html_dates.py).
"""

from __future__ import annotations

import pytest

from builder.stages import html_dates
from builder.stages.html_dates import states_day
from builder.stages.html_source import extract

BODY = ("<p>Der Gemeinderat hat am Dienstagabend mit sieben zu zwei Stimmen einen neuen Plan für die Verteilung "
        "des Wassers beschlossen, nach fast zehn Jahren Streit mit den Höfen im Tal und vor Gericht.</p>")


def page(head: str = "", text: str = "", footer: str = "") -> bytes:
    return (f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Wasser für alle</title>{head}</head>'
            f"<body><article><h1>Wasser für alle</h1>{text}{BODY}{BODY.replace('Gemeinderat', 'Stadtrat')}</article>"
            f"<footer>{footer}</footer></body></html>").encode("utf-8")


@pytest.mark.parametrize("text, day, stated", [
    ("Stand: 2022-03-01", "2022-03-01", True),
    ("am 01.03.2022 um 12 Uhr", "2022-03-01", True),
    ("am 1.3.22", "2022-03-01", True),
    ("posted 3/1/2022", "2022-03-01", True),
    ("/2022/03/01/wasser", "2022-03-01", True),
    ("Veröffentlicht am 1. März 2022", "2022-03-01", True),
    ("Published March 1, 2022", "2022-03-01", True),
    ("publié le 1er mars 2022", "2022-03-01", True),
    ("publicado el 1 de marzo de 2022", "2022-03-01", True),
    ("2022年3月1日", "2022-03-01", True),
    ("© 2022 Wasserzeitung", "2022-01-01", False),
    ("im März 2022", "2022-03-01", False),
    ("am 11.03.2022", "2022-03-01", False),
    ("am 1. April 2022", "2022-03-01", False),
    ("2022-03-011", "2022-03-01", False),
])
def test_states_day(text, day, stated):
    assert states_day(f"<p>{text}</p>", day) is stated


def test_a_copyright_year_is_not_a_date(monkeypatch):
    raw = page(footer="<p>© 2019 Wasserzeitung. Alle Rechte vorbehalten.</p>")
    assert extract(raw).metadata.date == ""
    monkeypatch.setattr(html_dates, "EXTENSIVE_SEARCH", "unchecked")  # the search taken as it is: a guess
    assert extract(raw).metadata.date == "2019-01-01"


def test_the_extensive_search_finds_a_date_written_in_the_text(monkeypatch):
    raw = page(text="<p>Gemeinderat Talstadt, Sitzung vom 14. Februar 2021</p>")
    assert extract(raw).metadata.date == "2021-02-14"
    monkeypatch.setattr(html_dates, "EXTENSIVE_SEARCH", "off")
    assert extract(raw).metadata.date == ""


def test_a_first_of_the_month_the_page_writes_is_kept():
    raw = page(text="<p>Gemeinderat Talstadt, Sitzung vom 1. Februar 2021</p>",
               footer="<p>© 2019 Wasserzeitung</p>")
    assert extract(raw).metadata.date == "2021-02-01"


@pytest.mark.parametrize("shown, date", [
    ('<p class="date">07.11.2022</p>', "2022-11-07"),
    ("", "2022-11-06"),
])
def test_a_day_stored_in_another_time_zone_is_the_day_the_page_shows(shown, date):
    raw = page('<meta property="article:published_time" content="2022-11-06T23:00:00.000Z">', shown)
    assert extract(raw).metadata.date == date


def test_the_date_the_page_shows_over_one_only_its_markup_gives():
    """A <meta name="date"> (last edited) beside the published date the page shows and its JSON-LD gives."""
    raw = page('<meta name="date" content="2022-01-21T15:38:44+01:00">'
               '<script type="application/ld+json">{"@type": "Article", "datePublished": "2022-01-27"}</script>',
               '<p class="meta">27.01.2022</p>')
    assert extract(raw).metadata.date == "2022-01-27"


def test_a_date_the_page_does_not_show_is_kept_when_it_shows_none():
    raw = page('<meta name="date" content="2022-01-21T15:38:44+01:00">'
               '<script type="application/ld+json">{"@type": "Article", "datePublished": "2022-01-27"}</script>')
    assert extract(raw).metadata.date == "2022-01-21"
