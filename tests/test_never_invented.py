"""No date appears that no source or editor gave: the Atom feeds hold only what has a full
date, a feed with nothing dated has no date, and the home page says what its list is (undated
documents are never "the newest")."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from bs4 import BeautifulSoup
from markdown import Markdown

from builder.emit import Site
from builder.emit.reuse import made
from builder.pipeline import build
from helpers import page_text

ATOM = "{http://www.w3.org/2005/Atom}"
STORY = "{title}\n\nBy Ann Writer\n\nThe council met on Monday to discuss {title}. It decided nothing at all.\n"


def _archive(root: Path, dates: dict[str, str]) -> Path:
    """An archive of one document per entry of ``dates`` (name -> date, "" for none)."""
    sources = root / "content" / "sources"
    sources.mkdir(parents=True)
    for name, date in dates.items():
        (sources / f"{name}.txt").write_text(STORY.format(title=f"Story {name}"), encoding="utf-8")
        if date:
            (sources / f"{name}.yml").write_text(f"date: {date!r}\n", encoding="utf-8")
    return root / "content"


def _feed(result, name: str = "feed.xml") -> ET.Element:
    return ET.fromstring(made(result.files[name]))


def _home(result) -> BeautifulSoup:
    text = page_text(result, next(p for p in result.pages if str(p) == "index.md"))
    return BeautifulSoup(Markdown(extensions=["md_in_html", "attr_list"]).convert(text.split("---\n", 2)[2]), "html.parser")


def test_the_feed_holds_only_documents_with_a_full_date(tmp_path):
    content = _archive(tmp_path, {"a": "2020-03-04", "b": "2021-05", "c": "2019", "d": "", "e": "2018-12-31"})
    feed = _feed(build(content, Site("Tiny")))
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}link").get("href") for e in entries] == ["documents/a/", "documents/e/"]
    assert [e.find(f"{ATOM}updated").text for e in entries] == ["2020-03-04T00:00:00Z", "2018-12-31T00:00:00Z"]
    assert feed.find(f"{ATOM}updated").text == "2020-03-04T00:00:00Z"
    assert feed.find(f"{ATOM}subtitle").text == (
        "The archive's documents, newest first; 3 without a full date of publication (day, month and year) "
        "are not in this feed: the timeline lists them")
    assert b"1970" not in made(build(content, Site("Tiny")).files["feed.xml"])


def test_an_archive_with_nothing_dated_has_feeds_without_any_date(tmp_path):
    content = _archive(tmp_path, {"a": "", "b": "", "c": "2011"})
    result = build(content, Site("Tiny"))
    for name in ("feed.xml", "annotations.xml"):
        feed = _feed(result, name)
        assert feed.findall(f"{ATOM}entry") == [] and feed.find(f"{ATOM}updated") is None, name
        assert not re.search(rb"\d{4}-\d\d-\d\dT", made(result.files[name])), name


def test_one_left_out_is_said_in_the_singular(tmp_path):
    feed = _feed(build(_archive(tmp_path, {"a": "2020-03-04", "b": ""}), Site("Tiny")))
    assert feed.find(f"{ATOM}subtitle").text == (
        "The archive's documents, newest first; 1 without a full date of publication (day, month and year) "
        "is not in this feed: the timeline lists it")


def test_a_fully_dated_archive_says_nothing_is_left_out(tmp_path):
    content = _archive(tmp_path, {"a": "2020-03-04", "b": "2021-05-06"})
    feed = _feed(build(content, Site("Tiny")))
    assert feed.find(f"{ATOM}subtitle").text == "The archive's documents, newest first"
    assert feed.find(f"{ATOM}updated").text == "2021-05-06T00:00:00Z"


def _listed_ids(home: BeautifulSoup) -> list[str]:
    return [a["href"].split("/")[-2] for a in home.select("a[href*='documents/']")]


def test_the_home_page_never_calls_undated_documents_newest(tmp_path):
    dates = {f"u{n:03}": "" for n in range(150)}
    dates.update({"d1": "2001-01-01", "d2": "2002-02"})
    home = _home(build(_archive(tmp_path, dates), Site("Tiny")))
    assert [h.get_text() for h in home.find_all("h2")][0] == "The 2 newest documents"
    assert _listed_ids(home) == ["d2", "d1"]
    assert "All 152 documents are listed in the" in home.get_text()
    assert "the 150 without a date at its end." in home.get_text()


def test_the_home_page_of_an_undated_archive_says_what_its_list_is(tmp_path):
    home = _home(build(_archive(tmp_path, {f"u{n:03}": "" for n in range(120)}), Site("Tiny")))
    text = home.get_text()
    assert "No document has a date yet. The first 100 of 120, by file name:" in text
    assert "newest" not in text.lower().replace("newest first", "")
    assert _listed_ids(home) == [f"u{n:03}" for n in range(100)]
    assert "All 120 documents are listed in the" in text


def test_a_small_archive_lists_undated_documents_last_and_says_so(tmp_path):
    home = _home(build(_archive(tmp_path, {"a": "", "b": "2001-01-01"}), Site("Tiny")))
    assert [h.get_text() for h in home.find_all("h2")][0] == "Documents, newest first, undated ones last"
    assert _listed_ids(home) == ["b", "a"]
    home = _home(build(_archive(tmp_path / "none", {"a": "", "b": ""}), Site("Tiny")))
    assert [h.get_text() for h in home.find_all("h2")][0] == "Documents, by file name"
