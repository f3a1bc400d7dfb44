"""Register entities that are authors or publications, on the pages that list the register
(issue 21, item 2, after review): the entities index has a heading for every type the register
has (each entity page's trail links it), an author or publication named in no document's text
is listed with its role, not as unmentioned, and is not on the editors' list of entries to
check or remove; a publication written two ways (its name and an alias) has one entry and one
page that lists the documents of both.

Read from the built HTML of a tiny archive made for it."""

from __future__ import annotations

import pytest

from helpers import DOCUMENT_HREF, REPORT, article, heading_text, linked_id, make_tiny_archive, page_soup, squash
from test_nested_sources import story

SOURCES = {"report.txt": REPORT, "later.txt": story(1), "earlier.txt": story(2)}
SIDECARS = {
    "report.yml": "date: 2020-01-02\nauthors: [Jane Roe]\npublication: The Harbour Times\n",
    "later.yml": "date: 2021-05-01\nauthors: [Jane Roe]\npublication: Harbour Times Daily\n",
    "earlier.yml": "date: 2019-03-03\nauthors: [Jane Roe]\npublication: The Harbour Times\n",
}
REGISTER = {
    "entities/jane-roe.yml": "id: jane-roe\nname: Jane Roe\ntype: person\n",  # an author only, never in the text
    "entities/john-doe.yml": "id: john-doe\nname: John Doe\ntype: person\n",  # nothing at all
    "entities/harbour-times.yml": "id: harbour-times\nname: The Harbour Times\ntype: organisation\n"
                                  "aliases: [Harbour Times Daily]\n",  # a publication, under two names
    "entities/geneva.yml": "id: geneva\nname: Geneva\ntype: place\n",  # named in the report
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    archive = make_tiny_archive(tmp_path_factory.mktemp("entity-roles"), SOURCES, SIDECARS, files=REGISTER)
    return archive.build()  # the build's link check checks every trail's anchor


def sections(page) -> dict[str, tuple[str, list]]:
    """The entities index by type heading: (its id, the elements up to the next heading)."""
    found = {}
    for h2 in page.select("h2"):
        parts, node = [], h2.find_next_sibling()
        while node is not None and node.name != "h2":
            parts.append(node)
            node = node.find_next_sibling()
        found[heading_text(h2)] = (h2.get("id"), parts)
    return found


def test_every_type_of_the_register_has_its_heading_and_the_trails_lead_there(site):
    index = article(page_soup(site, "entities/index.md"))
    found = sections(index)
    assert {title: anchor for title, (anchor, _) in found.items()} == {
        "People": "people", "Organisations": "organisations", "Places": "places"}
    for entity_id, anchor in (("jane-roe", "people"), ("harbour-times", "organisations"), ("geneva", "places")):
        trail = page_soup(site, f"entities/{entity_id}.md").select("nav.archive-breadcrumbs a")
        assert trail[1]["href"] == f"../#{anchor}"


def test_an_entity_named_in_no_text_is_listed_under_its_type_with_its_role(site):
    found = sections(article(page_soup(site, "entities/index.md")))
    listed = {}
    for title, (_, parts) in found.items():
        for node in parts:
            for li in node.select("li") if node.name == "ul" else ():
                listed[linked_id("entities/index.md", li.a["href"], "entities")] = (title, squash(li.get_text()))
    assert listed == {"jane-roe": ("People", "Jane Roe — author of 3 documents"),
                      "john-doe": ("People", "John Doe — named in no document yet"),
                      "harbour-times": ("Organisations", "The Harbour Times — publisher of 3 documents")}
    places = found["Places"][1]
    assert [n.name for n in places] == ["table"]
    assert [linked_id("entities/index.md", a["href"], "entities") for a in places[0].select("a")] == ["geneva"]


def test_the_editors_are_asked_to_check_only_entries_with_no_role(site):
    review = article(page_soup(site, "review.md"))
    heading = next(h for h in review.select("h2") if heading_text(h) == "Register entries no document mentions")
    rows = heading.find_next("table").select("tbody tr")
    assert [squash(tr.find_all("td")[2].get_text()) for tr in rows] == ["entities/john-doe.yml"]
    assert ".yml" not in article(page_soup(site, "entities/index.md")).get_text()  # for the reader: no files


def test_a_publication_under_its_name_and_an_alias_is_one_entry_with_the_documents_of_both(site):
    page = article(page_soup(site, "entities/harbour-times.md"))
    heading = next(h for h in page.select("h2") if squash(h.get_text()).startswith("Published by"))
    listed = [DOCUMENT_HREF.search(a["href"]).group(1) for a in heading.find_next_sibling("div").select("li > p > a")]
    assert listed == ["later", "report", "earlier"]  # newest first, each once
    facts = {squash(dt.get_text()): squash(dt.find_next_sibling("dd").get_text()) for dt in page.select("div.archive-meta dt")}
    assert facts["In the archive"].startswith("Publisher of 3 documents")
    publications = article(page_soup(site, "publications/index.md"))
    entries = [(squash(li.get_text()), li.a["href"]) for li in publications.select("li")]
    assert entries == [("The Harbour Times — 3 documents (also written Harbour Times Daily)", "../entities/harbour-times/")]
    card = (site / "entity-cards" / "harbour-times.js").read_text(encoding="utf-8")
    assert "Publisher of 3 documents" in card
