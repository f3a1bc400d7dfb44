"""Captured pages: what follows a writer's name in a byline is not part of it (issue 20).

Bylines as news sites and blogs write them, in several languages: a date with the month or the
weekday written out, a date glued to the name where the page's parts were joined without a
space, the publication the writer works for, a photographer's credit, the buttons of a box about
the writer ("Follow", "Email"), a reading time, a time ago, a category, a biography, the writer's
role, a news agency; and a byline that says when and by whom it was published ("Posted on … by
…"). Each case has its negative: a wider rule would have cut a name ("April Roach", "Per Olsson",
"freeman1984", a surname of three or four letters).
"""

from __future__ import annotations

import time

import pytest

from builder.stages import html_names
from builder.stages.html_names import names_in
from builder.stages.html_source import extract
from test_page_authors import page
from test_regex_bounds import LIMIT, shapes
from test_regex_bounds_pages import _short


@pytest.mark.parametrize("value, names", [
    # a date after the name, its month or weekday written out (en, de, fr, es, it, nl, pt)
    ("By Jane Doe March 12, 2021", ("Jane Doe",)),
    ("By Jane Doe Tuesday, March 12, 2021", ("Jane Doe",)),
    ("Von Anna Berg Montag, 12. Oktober 2020", ("Anna Berg",)),
    ("Par Marie Dupont mardi 12 octobre 2021", ("Marie Dupont",)),
    ("Di Marco Rossi giovedì 3 settembre 2020", ("Marco Rossi",)),
    ("Por Ana Lima em 12/03/2021", ("Ana Lima",)),
    ("Poppy Reid Feb 21", ("Poppy Reid",)),
    # a surname of three or four letters before a date is a surname, not a month
    ("Von Anna Berg 12.03.2021", ("Anna Berg",)),
    ("Von Tom Lind 12. März 2021", ("Tom Lind",)),
    ("By Jane Doe 3 min read", ("Jane Doe",)),
    # a month's name before a date's shape: a year, a day and a year or a time, a day at the end
    ("Jane Doe May 2021", ("Jane Doe",)),
    ("By Jane Doe 3 May 2021", ("Jane Doe",)),
    ("By Jane Doe May 3rd, 2021", ("Jane Doe",)),
    ("By Jane Doe March 12 at 10:30", ("Jane Doe",)),
    ("Li Sun 12.03.2021", ("Li Sun",)),
    # a date glued to the name
    ("Von Anna Berg12.03.2021", ("Anna Berg",)),
    ("Anna Berg2021-03-12", ("Anna Berg",)),
    ("Jan de Vries12 maart 2021", ("Jan de Vries",)),
    ("Jane DoeMarch 12, 2021", ("Jane Doe",)),
    ("By Jane DoePublished March 12", ("Jane Doe",)),
    ("Par Marie Dupont Publié le 12 octobre", ("Marie Dupont",)),
    # the publication the writer works for
    ("By Jane Doe for The Guardian", ("Jane Doe",)),
    ("Von Anna Berg für die ZEIT", ("Anna Berg",)),
    ("Par Marie Dupont pour Le Monde", ("Marie Dupont",)),
    ("Por Ana Lima para El País", ("Ana Lima",)),
    ("By Anna Berg, The Washington Post", ("Anna Berg",)),
    ("Von Anna Berg, Süddeutsche Zeitung", ("Anna Berg",)),
    ("By Jane Doe, BBC News", ("Jane Doe",)),
    ("By Jane Doe, Fox News", ("Jane Doe",)),
    ("By Jane Doe, Financial Times", ("Jane Doe",)),
    ("By Jane Doe, Sunday Times", ("Jane Doe",)),
    ("By Jane Doe, Los Angeles Times", ("Jane Doe",)),
    ("By Jane Doe and The Daily", ("Jane Doe",)),
    ("By Jane Doe, Axel Springer Group", ("Jane Doe",)),
    ("Anna Berg und Bayerischer Rundfunk", ("Anna Berg",)),
    # a photographer's credit, the buttons and links of a box about the writer, a reading time
    ("By Jane Doe Photography by Tom Lind", ("Jane Doe",)),
    ("By Jane Doe Follow", ("Jane Doe",)),
    ("By Jane Doe Email", ("Jane Doe",)),
    ("Von Anna Berg Kontakt", ("Anna Berg",)),
    ("Von Anna Berg Mehr Artikel", ("Anna Berg",)),
    ("Martin Junker Alles von Martin Junker Kontakt", ("Martin Junker",)),
    ("Anna Berg Lesezeit 3 Minuten", ("Anna Berg",)),
    # after a full name only: a category, a biography, a profile, the writer's role, a news agency
    ("Posted by Anna Berg in Politics", ("Anna Berg",)),
    ("Publié par Marie Dupont dans Actualités", ("Marie Dupont",)),
    ("Anna Berg ist Redakteurin bei der Zeitung.", ("Anna Berg",)),
    ("Ana Lima es periodista", ("Ana Lima",)),
    ("Anna Berg on Twitter", ("Anna Berg",)),
    ("Anna Berg auf Twitter", ("Anna Berg",)),
    ("Anna Berg Gastautorin", ("Anna Berg",)),
    ("Jane Doe Guest Contributor", ("Jane Doe",)),
    ("By Jane Doe Associated Press", ("Jane Doe",)),
    ("Anna Berg dpa", ("Anna Berg",)),
    # a time ago, today, yesterday, the last update
    ("By Jane Doe an hour ago", ("Jane Doe",)),
    ("Anna Berg vor 2 Stunden", ("Anna Berg",)),
    ("Anna Berg vor einer Stunde", ("Anna Berg",)),
    ("Por Ana Lima hace 2 horas", ("Ana Lima",)),
    ("Ana Lima hoy, 10:15", ("Ana Lima",)),
    ("By Jane Doe Yesterday", ("Jane Doe",)),
    ("Anna Berg heute, 10:15 Uhr", ("Anna Berg",)),
    ("By Jane Doe Last updated March 3", ("Jane Doe",)),
    # who published it, after the date or without one
    ("Posted by Anna Berg", ("Anna Berg",)),
    ("Published by Anna Berg", ("Anna Berg",)),
    ("Veröffentlicht von Anna Berg", ("Anna Berg",)),
    ("Publicado por Ana Lima", ("Ana Lima",)),
    ("Pubblicato da Marco Rossi", ("Marco Rossi",)),
    ("Posted on March 3, 2021 by Anna Berg", ("Anna Berg",)),
    ("Veröffentlicht am 12.03.2021 von Anna Berg", ("Anna Berg",)),
    ("Publié le 3 mars 2021 par Marie Dupont", ("Marie Dupont",)),
    ("Posted by Anna Berg on March 3, 2021", ("Anna Berg",)),
])
def test_what_follows_a_name_is_cut_off(value, names):
    assert tuple(names_in(value, set())) == names


@pytest.mark.parametrize("value, names", [
    # a month's or a weekday's name that is a person's name, with no date after it
    ("By April Roach and June Smith", ("April Roach", "June Smith")),
    ("By Anna Berg and Per Olsson", ("Anna Berg", "Per Olsson")),
    # a month's name as a surname, before a reading time (not a date's shape)
    ("By Brian May, 3 min read", ("Brian May",)),
    ("Brian May 3 min read", ("Brian May",)),
    ("Theresa May | 5 min read", ("Theresa May",)),
    ("By Jane Doe and June Smith, 4 min read", ("Jane Doe", "June Smith")),
    # a user name with digits, no date glued to it
    ("Dezember 10, 2019 · von freeman1984 · in Uncategorized", ("freeman1984",)),
    # a capital inside a name that is no date word
    ("Jessica DeFino", ("Jessica DeFino",)),
    ("Marie Lamarche", ("Marie Lamarche",)),
    # a co-author whose name merely begins like a publication's word
    ("Anna Berg, Theo Lind", ("Anna Berg", "Theo Lind")),
    ("Anna Berg und Tim Newsom", ("Anna Berg", "Tim Newsom")),
    # a co-author whose surname is a publication's word (Press, Daily, Times, Group, Media are surnames)
    ("By Jane Doe and Tom Daily", ("Jane Doe", "Tom Daily")),
    ("By Jane Doe, Kim Press", ("Jane Doe", "Kim Press")),
    ("By Jane Doe, Kim Press and Tom Daily", ("Jane Doe", "Kim Press", "Tom Daily")),
    ("Von Anna Berg und Sam Times", ("Anna Berg", "Sam Times")),
    ("By Jane Doe and Lee Media", ("Jane Doe", "Lee Media")),
    ("Par Marie Dupont et Rachel Group", ("Marie Dupont", "Rachel Group")),
    # a publication's name alone is left to html_authors (a page may mark it as its author)
    ("Fox News", ("Fox News",)),
    # a surname that is a day's word in another language, "vor" before no time
    ("By Chris Hoy", ("Chris Hoy",)),
    ("Anna Vorberg", ("Anna Vorberg",)),
    # a trailer's word after no full name: no name is left, and none is made of the rest
    ("Alle Autoren", ()),
    ("Guest Author", ()),
    ("Er ist Redakteur", ()),
    # "im Gespräch mit", "in conversation with": a co-author, not a category
    ("Richard David Precht im Gespräch mit Karin Fischer", ("Richard David Precht", "Karin Fischer")),
    ("Jane Doe in conversation with Tom Lind", ("Jane Doe", "Tom Lind")),
    # a date alone, an update, the site's software: still no author
    ("Posted on March 3, 2021", ()),
    ("Veröffentlicht am 19.10.19 um 14:34 Uhr", ()),
    ("Updated by Jane Doe", ()),
    ("Posted by admin", ()),
])
def test_names_that_look_like_trailers_are_kept(value, names):
    assert tuple(names_in(value, set())) == names


@pytest.mark.parametrize("byline, authors", [
    ('<div class="byline">By Jane Doe Tuesday, March 12, 2021</div>', ("Jane Doe",)),
    ('<div class="byline">By Jane Doe for The Guardian</div>', ("Jane Doe",)),
    ('<div class="author-box"><span class="author-name">Anna Berg</span> <a href="/x">Follow</a></div>', ("Anna Berg",)),
    ('<p class="byline">Von Tom Lind, Süddeutsche Zeitung</p>', ("Tom Lind",)),
    ('<p class="byline">By Jane Doe and Tom Daily</p>', ("Jane Doe", "Tom Daily")),
    ('<p class="byline">By Jane Doe, Kim Press</p>', ("Jane Doe", "Kim Press")),
    ('<p class="byline">By Brian May, 3 min read</p>', ("Brian May",)),
])
def test_the_pages_author_without_what_follows_the_name(byline, authors):
    assert extract(page(byline=byline)).metadata.authors == authors


@pytest.mark.parametrize("name, apply, blocks", [
    ("GLUED (any length)", html_names.GLUED.sub, ("Berg12.03", "a1", "DoeMarch ", "a" * 3, " ")),
    ("MEDIA (any length)", html_names.MEDIA.search, ("the ", " news", " ", "x")),
    ("AFTER_NAME (bylines are short)", _short(html_names.AFTER_NAME),
     (" Tuesday,", " March", " the", " 1", " for ", " photos by ", " Follow", " hoy,", " vor ", " a hour", " ")),
    ("TRAILER (bylines are short)", _short(html_names.TRAILER), (" in ", " ist", " guest ", " on ", " ")),
    ("PUBLISHED_BY (bylines are short)", _short(html_names.PUBLISHED_BY), ("posted ", " on ", " by", " ")),
])
def test_the_new_patterns_are_quick_on_long_repeats(name, apply, blocks):
    for text in shapes(*blocks):
        started = time.perf_counter()
        apply(" ", text) if name.startswith("GLUED") else apply(text)
        assert time.perf_counter() - started < LIMIT, f"{name} on {text[:60]!r}… ({len(text)} characters)"


def test_a_trailer_after_a_long_run_of_spaces_is_quick():
    """A name, a long run of spaces and no trailer (TRAILER's run of spaces before a guest author's
    role was matched twice over: seconds on this line, far longer on longer ones)."""
    for text in ("Anna" + " " * 20_000 + "x", "Anna" + " " * 20_000 + "guest" + " " * 20_000 + "x",
                 *shapes(" guest ", "Anna ", "gast ", " ")):
        started = time.perf_counter()
        html_names.TRAILER.search(text)
        assert time.perf_counter() - started < LIMIT, f"TRAILER on {text[:60]!r}… ({len(text)} characters)"
