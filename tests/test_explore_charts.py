"""Charts of documents over time, the dark scheme's default and the print files (issue 22,
"Timeline you can see" and "Also expected"), read from built HTML and from the model.

- The timeline leads with an SVG chart of documents per year (per month over a short span)
  with a <title> and <desc>; each bar's count is the model's, and each bar links to its
  period's heading on the page (or, in a large archive, on the year's page).
- Topic and entity pages show the chart of their own documents; an entity's bars link to the
  period's first document in the page's own list; a topic's have no links.
- Two builds of the same archive are byte-identical.
- Material's dark scheme ("slate") follows the reader's system when mkdocs.yml leaves it open.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.config import load_config

from builder.bridge import theming
from builder.bridge.options import DARK, LIGHT, follow_system_scheme
from builder.emit import charts, entity_chart, timeline_page
from builder.emit.urls import Urls
from builder.model import Archive, ContentPath, DocId, Document, EntityId, Indexes, Mention, Metadata, SourceFile
from builder.scaffold import mkdocs_config
from helpers import article, demo_archive, page_soup

COUNT = re.compile(r"^(?P<name>.+): (?P<n>\d+) documents?$")


def bar_counts(chart) -> dict[str, int]:
    """{period as said ("2013", "March 2023"): count} from each bar's <title>."""
    found = {}
    for title in chart.select("svg > a > title, svg > g > title"):
        m = COUNT.match(title.get_text())
        assert m, title.get_text()
        found[m["name"]] = int(m["n"])
    return found


def links(chart) -> dict[str, str]:
    return {COUNT.match(a.title.get_text())["name"]: a["href"] for a in chart.select("svg > a")}


def per_year(dates) -> dict[str, int]:
    return dict(Counter(d[:4] for d in dates if d))


# --- the periods ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("dates, unit, first, last, counts", [
    (["2010-11-03", "2013-06-01", "2013", "2023-08-14", ""], "year", "2010", "2023", {"2010": 1, "2013": 2, "2023": 1}),
    (["2022-11-30", "2023-02-01", "2023-02-20", "2023"], "month", "2022-11", "2023-02", {"2022-11": 1, "2023-02": 2}),
    (["1901-05-01", "1955", "2020-01-01", "2021"], "decade", "1900", "2020", {"1900": 1, "1950": 1, "2020": 2}),
])
def test_periods_from_first_to_last(dates, unit, first, last, counts):
    found = charts.periods(dates)
    assert found.unit == unit
    assert (found.bars[0].period, found.bars[-1].period) == (first, last)
    assert {bar.period: bar.count for bar in found.bars if bar.count} == counts
    assert found.undated == dates.count("")
    assert found.no_month == (1 if unit == "month" else 0)  # "2023", by year alone, has no month's bar
    step = {"year": 1, "decade": 10}.get(unit)
    if step:  # every period in between, the empty ones too
        assert [int(bar.period) for bar in found.bars] == list(range(int(first), int(last) + 1, step))
    else:
        assert [bar.period for bar in found.bars] == ["2022-11", "2022-12", "2023-01", "2023-02"]
        assert [bar.name for bar in found.bars][:2] == ["November 2022", "December 2022"]


def test_a_single_period_draws_nothing():
    assert charts.chart(["2013-01-02", "2013-01-20", ""], "x") == ""
    assert charts.chart([], "x") == ""


def test_what_the_chart_says_is_escaped():
    drawn = charts.chart(["2010-01-01", "2012-01-01"], 'a"><script>x</script>',
                         href=lambda bar: f'#"><script>{bar.period}</script>')
    soup = BeautifulSoup(drawn, "html.parser")
    assert soup.find("script") is None
    assert soup.figure["id"] == 'a"><script>x</script>'
    assert [a["href"] for a in soup.select("svg a")] == ['#"><script>2010</script>', '#"><script>2012</script>']
    assert soup.svg["aria-labelledby"] == soup.svg.title["id"] == 'a"><script>x</script>-title'


# --- the demo: timeline, topics, entities ---------------------------------------------------------------

def test_the_timeline_leads_with_its_chart(demo):
    archive = demo_archive()
    page = article(page_soup(demo.site, "timeline.md"))
    chart = page.select_one("figure#archive-timeline-chart")
    assert chart is page.find(["figure", "h2", "ul", "p"])  # first, before the years
    svg = chart.svg
    assert svg["role"] == "group" and svg["aria-labelledby"] == svg.title["id"] and svg["aria-describedby"] == svg.desc["id"]
    assert svg.title.get_text() == chart.figcaption.get_text() == "Documents per year, 2010 to 2023"
    dated = [d.metadata.date for d in archive.documents]
    assert svg.desc.get_text() == (f"{len([d for d in dated if d])} documents over 14 years; the busiest, 2010, has 1. "
                                   "Each bar links to the list of its year.")
    assert bar_counts(chart) == per_year(dated)
    assert len(svg.select(".archive-chart-label")) == 14  # every year from 2010 to 2023, the empty ones too
    ids = {tag["id"] for tag in page.find_all(id=True)}
    for year, href in links(chart).items():
        assert href == f"#y{year}" and href[1:] in ids
        heading = page.find(id=href[1:])
        assert heading.name == "h2" and heading.get_text().startswith(f"{year} (")


def test_topic_pages_chart_their_own_documents(demo):
    archive = demo_archive()
    dates = {d.id: d.metadata.date for d in archive.documents}
    by_topic: dict[str, list[str]] = {}
    for assignment in archive.assignments:
        by_topic.setdefault(assignment.topic, []).append(dates[assignment.doc])
    charted = 0
    for topic in archive.topics.values():
        page = article(page_soup(demo.site, topic.page))
        chart = page.select_one("figure#archive-topic-chart")
        years = per_year(by_topic.get(topic.id, []))
        if len(years) < 2:
            assert chart is None, topic.id
            continue
        charted += 1
        assert chart.svg["role"] == "img" and not chart.select("svg a")  # no links: the list is not by year
        assert bar_counts(chart) == years, topic.id
        said = "; ".join(f"{year}: {n}" for year, n in sorted(years.items()))
        assert said in chart.svg.desc.get_text()
        assert chart.find_next("h2").get_text().startswith("Documents (")
    assert charted >= 3


def test_entity_pages_chart_the_documents_that_mention_them(demo):
    archive = demo_archive()
    dates = {d.id: d.metadata.date for d in archive.documents}
    charted = 0
    for entity_id, entity in sorted(archive.entities.items()):
        docs = sorted({m.doc for m in archive.mentions if m.entity == entity_id})
        years = per_year(dates[d] for d in docs)
        page = article(page_soup(demo.site, entity.page))
        chart = page.select_one("figure#archive-entity-chart")
        if len(years) < 2:
            assert chart is None, entity_id
            continue
        charted += 1
        assert bar_counts(chart) == years, entity_id
        listed = [h3["id"][len("doc-"):] for h3 in page.select("div.archive-entity-doc h3[id]")]
        for year, href in links(chart).items():
            # The year's first document in the page's own list, newest first.
            first = next(doc_id for doc_id in listed if dates[doc_id][:4] == year)
            assert href == f"#doc-{first}", (entity_id, year)
    assert charted >= 10


def test_an_entity_s_bar_links_the_newest_document_of_its_year():
    """Ordered as the page lists them (model.Indexes: newest first, a date's documents by id)."""
    dates = {"b": "2013-05-01", "a": "2013-05-01", "c": "2013-02-01", "d": "2011", "e": ""}
    documents = {doc_id: Document(DocId(doc_id), SourceFile(ContentPath(f"sources/{doc_id}.txt"), Path(doc_id), b""),
                                  metadata=Metadata(date=date)) for doc_id, date in dates.items()}
    mentions = [Mention(DocId(doc_id), 1, 0, 1, EntityId("x"), "X") for doc_id in ("e", "d", "c", "b", "a", "a")]
    chart = BeautifulSoup(entity_chart.chart(mentions, documents), "html.parser")
    assert links(chart) == {"2011": "#doc-d", "2013": "#doc-a"}
    assert bar_counts(chart) == {"2011": 1, "2013": 3}
    assert chart.figcaption.get_text() == "Documents per year, 2011 to 2013 (not shown: 1 undated)"
    assert [doc.id for doc in Indexes(Archive(content_dir=Path("/x"), documents=list(documents.values()))).newest_first
            ][:2] == ["a", "b"]


def test_month_bars_link_the_month_headings_and_two_builds_are_identical(make_archive):
    story = "A Title for {n}\n\nBy A. Writer\n\n" + "A paragraph of the story with enough words to be a paragraph. " * 4
    months = {"a": "2023-01-05", "b": "2023-01-20", "c": "2023-03-02", "d": "2024-02-11", "e": "2023"}
    archive = make_archive({f"{k}.txt": story.format(n=k) for k in months},
                           {f"{k}.yml": f"date: '{v}'\n" for k, v in months.items()})
    first, second = archive.build("site1"), archive.build("site2")
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    different = [str(p) for p in files if (first / p).read_bytes() != (second / p).read_bytes()]
    assert different == []
    page = article(page_soup(first, "timeline.md"))
    chart = page.select_one("figure#archive-timeline-chart")
    assert chart.figcaption.get_text() == "Documents per month, January 2023 to February 2024 (not shown: 1 document dated by year alone)"
    assert bar_counts(chart) == {"January 2023": 2, "March 2023": 1, "February 2024": 1}
    assert len(chart.select(".archive-chart-label:not(.archive-chart-year)")) == 14
    assert [t.get_text() for t in chart.select(".archive-chart-year")] == ["2023", "2024"]
    for name, href in links(chart).items():
        heading = page.find(id=href[1:])
        assert heading is not None and heading.name == "h3" and heading.get_text().startswith(name), (name, href)
    assert links(chart)["March 2023"] == "#y2023-03"


def test_a_large_timeline_links_the_years_pages(make_archive, monkeypatch):
    story = "A Title for {n}\n\nBy A. Writer\n\n" + "A paragraph of the story with enough words to be a paragraph. " * 4
    dates = {"a": "2021-04-01", "b": "2023-05-06", "c": "2023-07-01"}
    archive = make_archive({f"{k}.txt": story.format(n=k) for k in dates},
                           {f"{k}.yml": f"date: '{v}'\n" for k, v in dates.items()}).collect()
    monkeypatch.setattr(timeline_page, "SPLIT", 1)  # one page per year from two documents on
    index = Indexes(archive)
    for urls, expected in ((Urls(), {"2021": "2021/", "2023": "2023/"}),
                           (Urls(directory=False), {"2021": "timeline/2021.html", "2023": "timeline/2023.html"})):
        chart = BeautifulSoup(timeline_page.chart(index, urls), "html.parser")
        assert links(chart) == expected
    pages = timeline_page.render(archive, index, Urls())
    assert "## May 2023 { #y2023-05 }" in pages["timeline/2023.md"].body
    # Over two calendar years: by month, each bar to its month on its year's page.
    dates = {"a": "2023-11-01", "b": "2024-02-06"}
    archive = make_archive({f"{k}.txt": story.format(n=k) for k in dates},
                           {f"{k}.yml": f"date: '{v}'\n" for k, v in dates.items()}).collect()
    chart = BeautifulSoup(timeline_page.chart(Indexes(archive), Urls()), "html.parser")
    assert links(chart) == {"November 2023": "2023/#y2023-11", "February 2024": "2024/#y2024-02"}


# --- the dark scheme ------------------------------------------------------------------------------------

def _config(tmp_path: Path, palette) -> object:
    (tmp_path / "docs").mkdir(exist_ok=True)
    theme = {"name": "material"} | ({"palette": palette} if palette is not None else {})
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump({"site_name": "x", "theme": theme}), encoding="utf-8")
    return load_config(str(tmp_path / "mkdocs.yml"))


LIGHT_ONLY = [{"media": LIGHT, "scheme": "default", "primary": "blue grey", "accent": "deep orange"}]


@pytest.mark.parametrize("palette, expected", [
    (None, [{"media": LIGHT, "scheme": "default"}, {"media": DARK, "scheme": "slate"}]),
    (LIGHT_ONLY, LIGHT_ONLY + [{"media": DARK, "scheme": "slate", "primary": "blue grey", "accent": "deep orange"}]),
    # An archive's own choice is kept: one scheme (a mapping, or no media), or both already.
    ({"scheme": "default", "primary": "red"}, {"scheme": "default", "primary": "red"}),
    ([{"scheme": "default"}], [{"scheme": "default"}]),
    ([{"media": DARK, "scheme": "slate"}], [{"media": DARK, "scheme": "slate"}]),
])
def test_the_dark_scheme_follows_the_system_unless_the_archive_chose(tmp_path, palette, expected):
    config = _config(tmp_path, palette)
    follow_system_scheme(config)
    assert config.theme["palette"] == expected


def test_new_archives_and_the_demo_get_the_dark_scheme(tmp_path, demo):
    config = _config(tmp_path, mkdocs_config("x")["theme"]["palette"])
    theming.configure(config)
    assert [p["scheme"] for p in config.theme["palette"]] == ["default", "slate"]
    for path in ("assets/stylesheets/charts.css", "assets/stylesheets/dark.css", "assets/stylesheets/print.css"):
        assert path in [str(css) for css in config.extra_css]
    assert "assets/javascripts/print.js" in [str(js) for js in config.extra_javascript]
    soup = page_soup(demo.site, "index.md")
    inputs = soup.select("form[data-md-component=palette] input")
    assert [(i["data-md-color-media"], i["data-md-color-scheme"]) for i in inputs] == [(LIGHT, "default"), (DARK, "slate")]
    for name in ("dark.css", "print.css", "charts.css"):
        assert (demo.site / "assets" / "stylesheets" / name).is_file()


# --- dates before the year 1000 -------------------------------------------------------------------------

@pytest.mark.parametrize("dates, unit, expected", [
    # Over MOST_YEARS: by decade, each bar to its newest year's heading.
    (["2020-01-01", "0950-05-01", "2001"], "decade",
     {"the 950s": "#y0950", "the 2000s": "#y2001", "the 2020s": "#y2020"}),
    (["0990-01-01", "1001-05-01"], "year", {"990": "#y0990", "1001": "#y1001"}),
])
def test_dates_before_the_year_1000_are_charted_and_linked(build_archive, dates, unit, expected):
    """Periods are four digits, as dates are (``0990``): a bar of the 990s or of the year 990 links
    the timeline's heading of that year, and the build's link check passes."""
    story = "A Title for {n}\n\nBy A. Writer\n\n" + "A paragraph of the story with enough words to be a paragraph. " * 4
    names = [chr(ord("a") + i) for i in range(len(dates))]
    _, site = build_archive({f"{k}.txt": story.format(n=k) for k in names},
                            {f"{k}.yml": f"date: '{v}'\n" for k, v in zip(names, dates)})
    page = article(page_soup(site, "timeline.md"))
    chart = page.select_one("figure#archive-timeline-chart")
    assert links(chart) == expected
    for href in expected.values():
        assert page.find(id=href[1:]).name == "h2"
    assert charts.periods(dates).unit == unit


def test_an_entity_s_bars_before_the_year_1000_link_its_documents():
    for dates, expected in (({"a": "0990-05-01", "b": "0995", "c": ""}, {"990": "#doc-a", "995": "#doc-b"}),
                            ({"a": "0950-05-01", "b": "2020-01-01"}, {"the 950s": "#doc-a", "the 2020s": "#doc-b"})):
        documents = {k: Document(DocId(k), SourceFile(ContentPath(f"sources/{k}.txt"), Path(k), b""),
                                 metadata=Metadata(date=date)) for k, date in dates.items()}
        mentions = [Mention(DocId(k), 1, 0, 1, EntityId("x"), "X") for k in dates]
        assert links(BeautifulSoup(entity_chart.chart(mentions, documents), "html.parser")) == expected
