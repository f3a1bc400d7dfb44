"""Captured pages: the headline, without the site's or the section's name (issue 20).

Most titles that missed on the labelled pages kept a site or section name: "… - BLINKER",
"… - Gala", "Durch die Gegend | …", "…-新华网". Each rule of builder/stages/html_title.py has a
page made from the pattern here; none names a site.
"""

from __future__ import annotations

import pytest

from builder.stages.html_source import extract

BODY = ("<p>Der Gemeinderat hat am Dienstagabend mit sieben zu zwei Stimmen einen neuen Plan für die Verteilung "
        "des Wassers beschlossen, nach fast zehn Jahren Streit mit den Höfen im Tal und vor Gericht.</p>")


def page(head: str, heading: str = "", before: str = "") -> bytes:
    return (f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">{head}</head><body>{before}'
            f"<article>{heading}{BODY}{BODY.replace('Gemeinderat', 'Stadtrat')}</article></body></html>").encode("utf-8")


@pytest.mark.parametrize("raw, title", [
    pytest.param(page('<title>Wasser für alle im Tal - BLINKER</title><meta property="og:site_name" content="BLINKER">'),
                 "Wasser für alle im Tal", id="site-name-suffix-from-og-site-name"),
    pytest.param(page('<title>Wasser für alle im Tal - Gala</title><meta property="og:title" content="Wasser für alle im Tal">'),
                 "Wasser für alle im Tal", id="suffix-learned-from-og-title"),
    pytest.param(page("<title>Wasser für alle im Tal | wasser-zeitung.example</title>"),
                 "Wasser für alle im Tal", id="a-suffix-written-like-a-domain"),
    pytest.param(page('<title>Wasser für alle im Tal | Die Zeitung</title>'
                      '<link rel="canonical" href="https://www.wasserzeitung.example/2021/tal">'
                      '<meta property="og:site_name" content="Die Zeitung">', "<h1>Wasser für alle im Tal</h1>"),
                 "Wasser für alle im Tal", id="the-h1-that-is-the-headline"),
    pytest.param(page('<title>Durch die Gegend | Mit Musiker Voodoo Jürgens in Wien</title>',
                      "<h1>Mit Musiker Voodoo Jürgens in Wien</h1><h1>Weitere Folgen</h1>"),
                 "Mit Musiker Voodoo Jürgens in Wien", id="section-prefix-and-the-heading"),
    pytest.param(page("<title>Fachmeldungen - Verkündung des Tabaksteuermodernisierungsgesetzes</title>",
                      "<h1>Fachmeldungen</h1><h1>Übersicht</h1>"),
                 "Verkündung des Tabaksteuermodernisierungsgesetzes", id="a-heading-that-is-only-the-section"),
    pytest.param(page('<title>北京举行水资源会议-新华网</title><meta property="og:site_name" content="新华网">'),
                 "北京举行水资源会议", id="cjk-suffix-without-spaces"),
    pytest.param(page("<title>Was ist virales Marketing? | DimidoBlog</title>",
                      before='<div id="header"><h1><a href="https://www.dimido.example/">DimidoBlog</a></h1></div>'),
                 "Was ist virales Marketing?", id="the-logo-heading-is-the-site-name"),
    pytest.param(page('<title>Klimaschutz: Bohren, bis es heiß wird | ZEIT ONLINE</title>',
                      '<h1><span class="article-heading__kicker">Klimaschutz</span><span class="visually-hidden">: '
                      '</span><span class="article-heading__title">Bohren, bis es heiß wird</span></h1>'),
                 "Bohren, bis es heiß wird", id="kicker-and-hidden-text-in-the-heading"),
    pytest.param(page('<meta property="og:title" content="Klimavorreiter Oberland? - Tegernseer Stimme">',
                      '<h1><span style="font-size:18px">Energiewende Oberland:</span> Klimavorreiter Oberland?</h1>'),
                 "Klimavorreiter Oberland?", id="kicker-without-a-class"),
    pytest.param(page("<title>子どもへの体罰を禁止する法律ができる</title>",
                      "<h1><ruby>子<rt>こ</rt></ruby>どもへの<ruby>体罰<rt>たいばつ</rt></ruby>を禁止する法律ができる</h1>"),
                 "子どもへの体罰を禁止する法律ができる", id="ruby-annotations-left-out"),
    pytest.param(page("<title>Ein Quantensprung für Nordhausen Nord : 06.11.2023, 11.41 Uhr</title>"),
                 "Ein Quantensprung für Nordhausen Nord", id="date-beside-the-headline"),
    pytest.param(page('<meta property="og:title" content="Alaska Airlines to become full Oneworld member by spring">',
                      "<h1>Alaska Airlines sets new date for full Oneworld membership</h1>"),
                 "Alaska Airlines sets new date for full Oneworld membership", id="the-one-h1-over-a-title-for-sharing"),
    pytest.param(page('<meta property="og:title" content="Schneeflöckchen, Weißröckchen – mit Hund im Winter">',
                      "<h1>Aktuelles</h1>"),
                 "Schneeflöckchen, Weißröckchen – mit Hund im Winter", id="a-one-word-label-is-not-the-headline"),
    pytest.param(page('<meta property="og:title" content="Senador califica a Biden de">'
                      '<title>Senador califica a Biden de "incapacitado"</title>'),
                 'Senador califica a Biden de "incapacitado"', id="og-title-cut-at-a-quote"),
    pytest.param(page("<title>Bild-Zeitung berichtet über das Wasser</title>"
                      '<meta property="og:site_name" content="Bild">'),
                 "Bild-Zeitung berichtet über das Wasser", id="a-hyphen-inside-a-word-is-no-separator"),
])
def test_the_headline_without_site_or_section(raw, title):
    assert extract(raw).metadata.title == title


def test_a_page_whose_only_title_is_the_site_name_keeps_it():
    raw = page('<title>Colours of the Soul</title>', before='<h1><a href="/">Colours of the Soul</a></h1>')
    assert extract(raw).metadata.title == "Colours of the Soul"


def test_hostile_titles_and_headings_end():
    """Titles of thousands of separators and many headings: the work is bounded (a hang bound, not a timing)."""
    import time

    hostile = " | ".join(["Wasser"] * 5000)
    raw = page(f'<title>{hostile}</title><meta property="og:title" content="{" - ".join(["a b"] * 3000)}">',
               "".join(f"<h1>{' : '.join(['Tal'] * 200)}</h1>" for _ in range(50)))
    started = time.perf_counter()
    assert extract(raw).metadata.title
    assert time.perf_counter() - started < 30


def test_a_headline_not_kept_as_the_title_stays_in_the_text():
    """Its markup keeps it from being the title; it was then dropped from the text as the title's repeat."""
    reading = extract(page("<title>Wasser</title>", "<h1>Wasser &lt;script&gt;alert(1)&lt;/script&gt; für alle</h1>"))
    assert reading.metadata.title == ""
    assert reading.lines[0] == "Wasser <script>alert(1)</script> für alle"
    assert [n.code for n in reading.notes] == ["source-metadata-markup"]
