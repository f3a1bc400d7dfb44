"""What a reader gets from the demo's entity pages, read from the built HTML (issue 21, items 2-4):
one page per person or outlet (an author or publication that is a register entity), the record
first with dated facts labelled by type and a chart of its documents per year, the topics and notes
naming the entity, each passage once with the rest behind a disclosure, and the preview cards'
files. The numbers are computed from the collected archive, not written down."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
import yaml
from bs4 import BeautifulSoup

from helpers import DOCUMENT_HREF, REPO_CONTENT, article, body_paragraphs, demo_archive, linked_id, page_soup, squash
from builder.dates import display_date
from builder.markup import first_sentence


def facts(page) -> dict[str, str]:
    return {squash(dt.get_text()): squash(dt.find_next_sibling("dd").get_text()) for dt in page.select("div.archive-meta dt")}


def h2s(page) -> list[str]:
    return [squash(h.get_text()).rstrip("¶").strip() for h in page.select("h2")]


def entity_page(demo, entity_id: str):
    return article(page_soup(demo.site, f"entities/{entity_id}.md"))


def register() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((REPO_CONTENT / "entities").glob("*.yml"))}


def newest_first(docs) -> list[str]:
    dated = sorted((d for d in docs if d.metadata.date), key=lambda d: d.id)
    dated.sort(key=lambda d: d.metadata.date, reverse=True)
    return [d.id for d in dated] + sorted(d.id for d in docs if not d.metadata.date)


# --- one page per person or outlet --------------------------------------------------------------------

ROLES = {  # (taxonomy folder, the demo's term) -> the entity it is
    ("authors", "Patrick Goodenough"): "patrick-goodenough",
    ("authors", "Michelle Nichols"): "michelle-nichols",
    ("authors", "Stéphanie Fillion"): "stephanie-fillion",
    ("publications", "CNSNews.com"): "cnsnews",
    ("publications", "PassBlue"): "passblue",
    ("publications", "Reuters"): "reuters",
    ("publications", "United Nations"): "united-nations",
}


def test_every_author_and_publication_of_the_demo_is_a_register_entity():
    archive = demo_archive()
    terms = {("authors", a) for d in archive.documents for a in d.metadata.authors} | \
        {("publications", d.metadata.publication) for d in archive.documents if d.metadata.publication}
    assert terms == set(ROLES)


@pytest.mark.parametrize("key", sorted(ROLES), ids=[term for _, term in sorted(ROLES)])
def test_an_author_or_publication_that_is_an_entity_has_one_page(demo, key):
    folder, term = key
    entity_id = ROLES[key]
    archive = demo_archive()
    slug = {"Stéphanie Fillion": "stephanie-fillion", "CNSNews.com": "cnsnews-com"}.get(term, term.lower().replace(" ", "-"))
    # The old address forwards to the entity's page.
    forward = (demo.site / folder / slug / "index.html").read_text(encoding="utf-8")
    target = f"../../entities/{entity_id}/"
    assert f'<meta http-equiv="refresh" content="0; url={target}">' in forward
    assert f'<link rel="canonical" href="{target}">' in forward
    assert "<article" not in forward
    # The index links straight to the entity's page.
    index = article(page_soup(demo.site, f"{folder}/index.md"))
    links = {squash(a.get_text()): a["href"] for a in index.select("li a")}
    assert links[term] == f"../entities/{entity_id}/"
    # The entity's page lists what it wrote or published, newest first, as the term page did.
    page = entity_page(demo, entity_id)
    role = "Written by" if folder == "authors" else "Published by"
    name = register()[entity_id]["name"]
    assert f"{role} {name}" in h2s(page)
    heading = next(h for h in page.select("h2") if squash(h.get_text()).startswith(role))
    listed = [DOCUMENT_HREF.search(a["href"]).group(1) for a in heading.find_next_sibling("div").select("li > p > a")]
    expected = [d for d in archive.documents
                if (term in d.metadata.authors if folder == "authors" else d.metadata.publication == term)]
    assert listed == newest_first(expected)
    word = "Author" if folder == "authors" else "Publisher"
    assert facts(page)["In the archive"].startswith(f"{word} of {len(expected)} document{'s' if len(expected) != 1 else ''}")


def test_an_author_never_named_in_the_text_reads_so(demo):
    page = entity_page(demo, "patrick-goodenough")
    assert facts(page)["In the archive"] == "Author of 1 document; not named in the text of any document"
    assert h2s(page) == ["Written by Patrick Goodenough"]
    assert "0 mentions" not in page.get_text()


def test_a_document_s_author_and_publication_links_reach_the_entity_page(demo):
    """The document page links the entity's page itself (not the term's old address, which forwards)."""
    page = page_soup(demo.site, "documents/china-backs-ban-ki-moon.md")
    header = {squash(dt.get_text()): dt.find_next_sibling("dd") for dt in page.select("div.archive-meta dt")}
    assert header["Authors"].a["href"] == "../../entities/patrick-goodenough/"
    assert header["Publication"].a["href"] == "../../entities/cnsnews/"
    for href in (header["Authors"].a["href"], header["Publication"].a["href"]):
        assert (demo.site / "documents" / "china-backs-ban-ki-moon" / href / "index.html").resolve().is_file()


# --- the record first --------------------------------------------------------------------------------

@pytest.mark.parametrize("entity_id, rows", [
    ("ban-ki-moon", [("Born", "13 June 1944")]),
    ("boutros-boutros-ghali", [("Born", "14 November 1922"), ("Died", "16 February 2016")]),
    ("kim-jong-il", [("Died", "17 December 2011")]),
    ("china", [("Founded", "1 October 1949")]),
    ("reuters", [("Founded", "1851")]),
    ("tiananmen-square-protests", [("Began", "15 April 1989"), ("Ended", "4 June 1989")]),
    ("charter-of-the-united-nations", [("Published", "26 June 1945")]),
    ("millennium-development-goals", [("Began", "2000"), ("Ended", "2015")]),
    ("beijing", []),
])
def test_dates_are_labelled_by_the_entity_s_type(demo, entity_id, rows):
    shown = facts(entity_page(demo, entity_id))
    assert [(label, value) for label, value in shown.items()
            if label in ("Born", "Died", "Founded", "Dissolved", "Began", "Ended", "Published", "Date")] == rows
    assert "Dates" not in shown


def test_the_record_comes_before_the_lists(demo):
    page = entity_page(demo, "united-nations")
    assert h2s(page) == ["Often mentioned with", "Published by United Nations", "Mentioned in 5 documents"]
    order = [node.name == "figure" and "chart" or node.get("class", [""])[0] for node in
             page.select("div.archive-meta, figure.archive-chart, div.archive-related, div.archive-entity-doc")]
    assert order[:3] == ["archive-meta", "chart", "archive-related"] and set(order[3:]) == {"archive-entity-doc"}


def test_topics_and_notes_that_name_the_entity(demo):
    topics = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (REPO_CONTENT / "topics").glob("*.yml")}
    archive = demo_archive()
    for entity_id in sorted(archive.entities):
        page = entity_page(demo, entity_id)
        expected_topics = sorted((t["title"] for t in topics.values() if entity_id in (t.get("entities") or [])),
                                 key=str.casefold)
        shown = page.select("div.archive-entity-topics li a")
        assert [squash(a.get_text()) for a in shown] == expected_topics, entity_id
        assert ("Topics" in h2s(page)) == bool(expected_topics)
        notes = [a for a in archive.annotations if entity_id in a.entities and a.spans]
        items = page.select("div.archive-entity-notes li")
        assert len(items) == len(notes), entity_id
        for li, note in zip(items, sorted(notes, key=lambda a: (newest_first(archive.documents).index(a.doc), a.number))):
            assert li.a["href"] == f"../../documents/{note.doc}/#{note.anchor}"
            doc_page = page_soup(demo.site, f"documents/{note.doc}.md")
            assert doc_page.find(id=note.anchor) is not None
            assert squash(li.get_text()).endswith(f"note {note.number} ({note.kind}): {first_sentence(note.body)}")
    upr = entity_page(demo, "universal-periodic-review")
    assert squash(upr.select_one("div.archive-entity-notes li").get_text()) == (
        "Secretary-General Ban Ki-moon meets President Xi Jinping and China's leaders in Beijing, note 1 (context): "
        "The Universal Periodic Review is the Human Rights Council's peer review of every UN member's human rights record.")


# --- the documents: each passage once, the rest behind a disclosure ---------------------------------------

def test_each_document_shows_its_first_mentions_and_hides_the_rest(demo):
    archive = demo_archive()
    checked = 0
    for entity_id in sorted(archive.entities):
        page = entity_page(demo, entity_id)
        for part in page.select("div.archive-entity-doc"):
            doc_id = DOCUMENT_HREF.search(part.h3.a["href"]).group(1)
            mentions = [m for m in archive.mentions if m.doc == doc_id and m.entity == entity_id]
            shown = part.select(":scope > ul > li")
            hidden = part.select(":scope > details.archive-more > ul > li")
            marks = [len(li.select("mark")) for li in shown + hidden]
            assert sum(marks) == len(mentions), (entity_id, doc_id)
            assert 1 <= len(shown) <= 2
            if len(shown) == 2:  # a second passage only when the first names the entity once
                assert marks[0] == 1
            texts = [squash(li.get_text()) for li in shown + hidden]
            assert len(texts) == len(set(texts)), (entity_id, doc_id)  # each passage once
            more = part.select_one(":scope > details.archive-more > summary")
            assert (more is not None) == bool(hidden)
            if hidden:
                n = sum(marks[len(shown):])
                assert squash(more.get_text()) == f"{n} more mention{'s' if n != 1 else ''}"
            checked += 1
    assert checked == len({(m.doc, m.entity) for m in archive.mentions})


def test_a_sentence_naming_an_entity_twice_is_one_passage(demo):
    archive = demo_archive()
    doc = archive.document("china-opposes-council-meeting-on-north-korea")
    page = entity_page(demo, "china")
    part = next(p for p in page.select("div.archive-entity-doc") if doc.id in p.h3.a["href"])
    passages = part.select("ul > li")
    twice = [li for li in passages if len(li.select("mark")) == 2]
    assert twice, "a passage naming China twice"
    for li in twice:
        text = squash(li.get_text())
        assert sum(squash(other.get_text()) == text for other in passages) == 1


# --- entity links and their cards ------------------------------------------------------------------------

def test_entity_links_name_their_card(demo):
    archive = demo_archive()
    for doc in archive.documents:
        for p in body_paragraphs(page_soup(demo.site, f"documents/{doc.id}.md")).values():
            for a in p.select("a.archive-entity"):
                assert a["data-entity"] == linked_id(f"documents/{doc.id}.md", a["href"], "entities")


def test_every_entity_has_a_card_file_of_plain_values(demo):
    archive = demo_archive()
    naming = Counter()
    for doc_id, entity_id in {(m.doc, m.entity) for m in archive.mentions}:
        naming[entity_id] += 1
    authored = Counter(ROLES[("authors", a)] for d in archive.documents for a in d.metadata.authors)
    published = Counter(ROLES[("publications", d.metadata.publication)] for d in archive.documents if d.metadata.publication)
    files = sorted(p.stem for p in (demo.site / "entity-cards").glob("*.js"))
    assert files == sorted(archive.entities)
    for entity_id, entity in sorted(archive.entities.items()):
        text = (demo.site / "entity-cards" / f"{entity_id}.js").read_text(encoding="ascii")
        m = re.fullmatch(r'archiveEntityCard\("([a-z0-9-]+)",(\{.*\})\);\n', text)
        assert m and m.group(1) == entity_id, text
        assert not set("<>&") & set(text)
        card = json.loads(m.group(2))
        said = [f"{word} of {n} document{'s' if n != 1 else ''}"
                for word, n in (("Author", authored[entity_id]), ("Publisher", published[entity_id])) if n]
        n = naming[entity_id]
        said.append(("named" if said else "Named") + f" in {n} document{'s' if n != 1 else ''}")
        assert card == {"name": entity.name, "type": entity.type.capitalize(), "summary": first_sentence(entity.description),
                        "count": " · ".join(said)}, entity_id


def test_document_dates_on_entity_pages_are_the_documents(demo):
    archive = demo_archive()
    page = entity_page(demo, "ban-ki-moon")
    lines = [squash(p.get_text()) for p in page.select("div.archive-entity-doc > p")]
    assert [line.split(" · ")[0] for line in lines] == [
        display_date(archive.document(d).metadata.date) for d in ("ban-ki-moon-meets-chinese-leaders-2013",
                                                                  "china-backs-ban-ki-moon")]


def test_the_page_is_html_a_reader_can_parse(demo):
    """Every entity page's article parses into the sections above, with no stray Markdown."""
    for path in sorted((demo.site / "entities").glob("*/index.html")):
        text = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(text, "html.parser")
        body = soup.select_one("article.md-content__inner")
        assert body is not None and body.h1 is not None, path
        assert "&lt;div" not in text and "&lt;details" not in text, path
