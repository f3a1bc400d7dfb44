"""The entity register (builder/stages/register.py) and the entity pages and index
(builder/emit/entity_pages.py): bad register files stop the build with an exact message,
and the demo's entity pages show what the pipeline found."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml
from bs4 import NavigableString

from helpers import (DOCUMENT_HREF, ENTITY_HREF, REPO_CONTENT, article, body_paragraphs, demo_archive,
                     failing_build_log, gold_counts, gold_mentions, linked_id, make_tiny_archive, page_soup, squash,
                     staging_leftovers, tree_digest)

GOOD_SOURCE = "A headline about China\n\nChina and Japan met in Tokyo on Monday to talk about trade.\n"
GOOD_ENTITY = "id: china\nname: China\ntype: place\ndescription: A state in East Asia.\n"
SYNTAX_HINT = "check the indentation and quote values that contain ': ' or start with a symbol"

# name -> (files to add to a good archive, the one error expected:
#          (path, line, column, code, message, hint))
BAD_REGISTER = {
    "duplicate-id": (
        {"entities/china.yaml": "id: china\nname: China again\ntype: place\n"},
        ("entities/china.yml", 1, 5, "entity-duplicate-id",
         "entity id 'china' is already used by entities/china.yaml", "give one of them another id")),
    "id-not-file-name": (
        {"entities/prc.yml": "id: peoples-republic\nname: PRC\ntype: place\n"},
        ("entities/prc.yml", 1, 5, "entity-id-mismatch",
         "id 'peoples-republic' does not match the file name 'prc.yml'",
         "rename the file to peoples-republic.yml, or set id: prc")),
    "empty-alias": (
        {"entities/al-gore.yml": "id: al-gore\nname: Al Gore\ntype: person\naliases:\n  - ''\n"},
        ("entities/al-gore.yml", 5, 5, "schema-empty", "'aliases' has an empty item", "remove the empty item")),
    "one-character-alias": (
        {"entities/al-gore.yml": "id: al-gore\nname: Al Gore\ntype: person\naliases:\n  - Al\n  - G\n"},
        ("entities/al-gore.yml", 6, 5, "schema-too-short", "'G' in 'aliases' is shorter than 2 characters",
         "use the full form, or remove it")),
    "one-character-short-form": (
        {"entities/al-gore.yml": "id: al-gore\nname: Al Gore\ntype: person\nshort_forms: G\n"},
        ("entities/al-gore.yml", 4, 14, "schema-too-short", "'G' in 'short_forms' is shorter than 2 characters",
         "use the full form, or remove it")),
    "not-yaml": (
        {"entities/broken.yml": "id: broken\nname: [Broken\ntype: person\n"},
        ("entities/broken.yml", 3, 5, "yaml-syntax",
         "not valid YAML: while parsing a flow sequence, expected ',' or ']', but got ':'", SYNTAX_HINT)),
    "type-not-in-list": (
        {"entities/gore.yml": "id: gore\nname: Al Gore\ntype: persn\n"},
        ("entities/gore.yml", 3, 7, "schema-choice",
         "'type' value 'persn' is not one of: person, organisation, place, event, work, other",
         "did you mean 'person'? use one of: person, organisation, place, event, work, other")),
    "unknown-key": (
        {"entities/gore.yml": "id: gore\nname: Al Gore\ntype: person\naliasses:\n  - Gore\n"},
        ("entities/gore.yml", 4, 1, "schema-unknown-key", "unknown key 'aliasses' in entity file",
         "did you mean 'aliases'?")),
    "wikidata-not-an-item": (
        {"entities/gore.yml": "id: gore\nname: Al Gore\ntype: person\nwikidata: Q0\n"},
        ("entities/gore.yml", 4, 11, "entity-wikidata", "wikidata 'Q0' is not a Wikidata item id",
         "write the Q number only, e.g. wikidata: Q1253")),
}


@pytest.mark.parametrize("case", sorted(BAD_REGISTER))
def test_bad_register_file_is_reported_exactly(tmp_path, case):
    files, expected = BAD_REGISTER[case]
    archive = make_tiny_archive(tmp_path, files={"sources/story.txt": GOOD_SOURCE, "entities/china.yml": GOOD_ENTITY, **files})
    errors = [(d.path, d.line, d.column, d.code, d.message, d.hint) for d in archive.collect().errors]
    assert errors == [expected]


@pytest.mark.parametrize("case", sorted(BAD_REGISTER))
def test_bad_register_file_stops_the_build_and_keeps_the_previous_site(tmp_path, caplog, case):
    files, (path, line, column, code, message, hint) = BAD_REGISTER[case]
    archive = make_tiny_archive(tmp_path, files={"sources/story.txt": GOOD_SOURCE, "entities/china.yml": GOOD_ENTITY})
    archive.build()
    site = archive.site()
    before = tree_digest(site)
    assert "entities/china/index.html" in before

    archive.write(files)
    log = failing_build_log(caplog, archive.config, site, archive.content)
    shown = f"{(archive.content / path).resolve()}:{line}:{column}: error: {message} [{code}]\n    fix: {hint}"
    assert shown in log
    assert "the archive content has errors; nothing was built" in log
    assert tree_digest(site) == before
    assert staging_leftovers(tmp_path) == []


@pytest.mark.parametrize("text, line", [
    ("# People's Republic of China\nname: PRC\ntype: place\nid: peoples-republic\n", 4),
    ("id: prc\nname: PRC\ntype: place\nwikidata: 148\n", 4),
])
def test_register_error_points_at_the_offending_line(tmp_path, text, line):
    archive = make_tiny_archive(tmp_path, files={"sources/story.txt": GOOD_SOURCE, "entities/prc.yml": text})
    assert [(d.path, d.line) for d in archive.collect().errors] == [("entities/prc.yml", line)]


def test_every_register_problem_is_reported_not_only_the_first(tmp_path):
    files = {"sources/story.txt": GOOD_SOURCE, "entities/china.yml": GOOD_ENTITY}
    for case in ("not-yaml", "type-not-in-list", "id-not-file-name"):
        files.update(BAD_REGISTER[case][0])
    errors = make_tiny_archive(tmp_path, files=files).collect().errors
    assert sorted(d.code for d in errors) == ["entity-id-mismatch", "schema-choice", "yaml-syntax"]


# --- the demo's entity pages ----------------------------------------------------------------

def register() -> dict[str, dict]:
    """The demo register as the editors wrote it: id -> YAML values."""
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((REPO_CONTENT / "entities").glob("*.yml"))}


def one_line(description: str | None) -> str:
    text = squash(description or "")
    m = re.match(r"(.*?\.)(?: |$)", text)
    return m.group(1) if m else text


def _text(node) -> str:
    return str(node) if isinstance(node, NavigableString) else node.get_text()


@pytest.fixture(scope="module")
def ban_page(demo):
    return article(page_soup(demo.site, "entities/ban-ki-moon.md"))


def test_ban_ki_moon_page_shows_the_register_record(ban_page):
    record = register()["ban-ki-moon"]
    assert squash(ban_page.h1.get_text()).rstrip("¶").strip() == "Ban Ki-moon" == record["name"]
    assert ban_page.select_one("p.archive-entity-type").get_text() == "Person"
    assert squash(ban_page.select_one("p.archive-entity-type").find_next_sibling("p").get_text()) == \
        squash(record["description"])
    wikidata = [a for a in ban_page.select("div.archive-meta a") if "wikidata.org" in a["href"]]
    assert [(a["href"], a.get_text()) for a in wikidata] == [("https://www.wikidata.org/wiki/Q1253", "Wikidata Q1253")]
    facts = {squash(dt.get_text()): squash(dt.find_next_sibling("dd").get_text())
             for dt in ban_page.select("div.archive-meta dt")}
    assert facts["Also called"] == "Ban Ki-Moon, Ban"
    assert facts["Born"] == "13 June 1944"  # a person's start is a birth


def test_a_name_the_register_spells_with_both_apostrophes_is_shown_once(demo):
    """china.yml lists "People's" and "People’s Republic of China", so that either spelling is linked."""
    assert {"People's Republic of China", "People’s Republic of China"} <= set(register()["china"]["aliases"])
    page = article(page_soup(demo.site, "entities/china.md"))
    facts = {squash(dt.get_text()): squash(dt.find_next_sibling("dd").get_text()) for dt in page.select("div.archive-meta dt")}
    assert facts["Also called"] == "People's Republic of China, PRC"


def test_ban_ki_moon_counts_equal_the_pipeline_and_the_gold(ban_page):
    mentions = [m for m in demo_archive().mentions if m.entity == "ban-ki-moon"]
    docs = {m.doc for m in mentions}
    assert (len(mentions), len(docs)) == gold_counts()["ban-ki-moon"] == (19, 2)
    facts = {squash(dt.get_text()): squash(dt.find_next_sibling("dd").get_text())
             for dt in ban_page.select("div.archive-meta dt")}
    assert facts["In the archive"] == \
        f"{len(mentions)} mentions in {len(docs)} documents, from 3 November 2010 to 19 June 2013"


def test_ban_ki_moon_documents_newest_first_with_every_mention_in_context(demo, ban_page):
    """Each document under its title and one line of facts; the passages naming Ban Ki-moon,
    each once (two mentions close together share one, both marked); the first two mentions shown,
    the others behind "N more mentions"; each passage links to its paragraph."""
    archive = demo_archive()
    headings = ban_page.select("div.archive-entity-doc h3")
    assert [DOCUMENT_HREF.search(h.a["href"]).group(1) for h in headings] == [
        "ban-ki-moon-meets-chinese-leaders-2013", "china-backs-ban-ki-moon"]  # 2013-06-19, then 2010-11-03
    expected_lines = ["19 June 2013 · United Nations · 1 mention", "3 November 2010 · CNSNews.com · 18 mentions"]
    for heading, line in zip(headings, expected_lines):
        doc_id = DOCUMENT_HREF.search(heading.a["href"]).group(1)
        assert heading["id"] == f"doc-{doc_id}"
        assert squash(heading.find_next_sibling("p").get_text()) == line
        part = heading.parent
        shown = part.find("ul", recursive=False).find_all("li", recursive=False)
        more = part.find("details", class_="archive-more", recursive=False)
        hidden = more.find("ul").find_all("li", recursive=False) if more else []
        mentions = sorted((m for m in archive.mentions if m.doc == doc_id and m.entity == "ban-ki-moon"),
                          key=lambda m: (m.paragraph, m.start))
        marks = [[mark.get_text() for mark in li.find_all("mark")] for li in shown + hidden]
        assert sum(map(len, marks)) == len(mentions)  # every mention marked, in one passage only
        assert [s for group in marks for s in group] == [m.surface for m in mentions]
        assert sum(len(li.find_all("mark")) for li in shown) == min(2, len(mentions)) or len(shown) == 2
        if hidden:
            assert squash(more.summary.get_text()) == f"{sum(len(li.find_all('mark')) for li in hidden)} more mentions"
        doc_page = body_paragraphs(page_soup(demo.site, f"documents/{doc_id}.md"))
        paragraphs = {p.index: p.text for p in archive.document(doc_id).paragraphs}
        passages = []
        position = iter(mentions)
        for li in shown + hidden:
            link = li.find_all("a")[-1]
            found = [next(position) for _ in li.find_all("mark")]
            paragraph = found[0].paragraph
            assert {m.paragraph for m in found} == {paragraph}
            assert link["href"] == f"../../documents/{doc_id}/#p{paragraph}"
            assert (link.get_text(), link["aria-label"]) == (f"¶{paragraph}", f"Paragraph {paragraph}")
            assert f"p{paragraph}" in doc_page  # the anchor exists on the document page
            # the passage is the paragraph's own text, as the document page shows it
            text = squash("".join(_text(node) for node in li.contents if node is not link)).strip("…")
            shown_there = "".join(_text(node) for node in doc_page[f"p{paragraph}"].descendants
                                  if isinstance(node, NavigableString) and not node.find_parent("sup"))
            assert text in squash(paragraphs[paragraph]) and text in squash(shown_there)
            passages.append(text)
        assert len(passages) == len(set(passages))  # no passage twice


def _co_occurrences(entity_id: str) -> Counter:
    by_paragraph: dict[tuple, set] = {}
    for doc, anchor, _, other in gold_mentions():
        by_paragraph.setdefault((doc, anchor), set()).add(other)
    counts = Counter()
    for entities in by_paragraph.values():
        if entity_id in entities:
            counts.update(e for e in entities if e != entity_id)
    return counts


def test_ban_ki_moon_often_mentioned_with(ban_page):
    names = {k: v["name"] for k, v in register().items()}
    counts = _co_occurrences("ban-ki-moon")
    expected = sorted(counts.items(), key=lambda kv: (-kv[1], names[kv[0]]))[:12]
    assert expected[:3] == [("united-nations", 7), ("hu-jintao", 6), ("china", 5)]
    heading = next(h for h in ban_page.select("h2") if squash(h.get_text()).startswith("Often mentioned with"))
    items = heading.find_next("ul").find_all("li")
    shown = []
    for li in items:
        m = re.fullmatch(r"(.+) — (\d+) paragraphs?", squash(li.get_text()))
        assert m, li
        shown.append((linked_id("entities/ban-ki-moon.md", li.a["href"], "entities"), int(m.group(2))))
        assert m.group(1) == names[shown[-1][0]]
    assert shown == expected


@pytest.mark.parametrize("entity_id", [
    "china", "kim-jong-un", "united-nations",
    "antonio-guterres",
])
def test_other_entity_pages_have_the_gold_counts(demo, entity_id):
    page = article(page_soup(demo.site, f"entities/{entity_id}.md"))
    mentions, docs = gold_counts()[entity_id]
    facts = {squash(dt.get_text()): squash(dt.find_next_sibling("dd").get_text())
             for dt in page.select("div.archive-meta dt")}
    counted = f"{mentions} mention{'s' if mentions != 1 else ''} in {docs} document{'s' if docs != 1 else ''}"
    assert re.fullmatch(r"(Publisher of \d+ documents?; )?" + re.escape(counted) + r", (from .+ to .+|[^,]+)", facts["In the archive"])
    assert len(page.select("div.archive-entity-doc h3")) == docs
    assert len(page.select("div.archive-entity-doc mark")) == mentions


# --- the entities index -----------------------------------------------------------------------

TYPE_TITLES = {"person": "People", "organisation": "Organisations", "place": "Places", "event": "Events",
               "work": "Works", "other": "Other"}


def test_entities_index_groups_by_type_with_counts(demo):
    page = article(page_soup(demo.site, "entities/index.md"))
    entries = register()
    counts = gold_counts()
    assert squash(page.find("p").get_text()).startswith(f"{len(entries)} people, organisations, places and more")
    expected = {}
    for entity_id, record in sorted(entries.items(), key=lambda kv: (kv[1]["name"].casefold(), kv[0])):
        if entity_id in counts:
            expected.setdefault(TYPE_TITLES[record["type"]], []).append((entity_id, record["name"], *counts[entity_id]))
    shown = {}
    for h2 in page.select("h2"):
        title = squash(h2.get_text()).rstrip("¶").strip()
        table = h2.find_next_sibling()
        if table is None or table.name != "table":
            continue
        rows = []
        for tr in table.select("tbody tr"):
            name, mentions, docs = tr.find_all("td")
            rows.append((linked_id("entities/index.md", name.a["href"], "entities"), name.get_text(), int(mentions.get_text()),
                         int(docs.get_text())))
        shown[title] = rows
    assert list(shown) == [t for t in TYPE_TITLES.values() if t in expected]  # in type order
    assert shown == expected


def test_entities_index_lists_register_entries_never_mentioned(demo):
    """For the reader, under their type, with what they are in the archive (the demo's are all
    authors or publications); their files are on the editors' page (issue 21)."""
    page = article(page_soup(demo.site, "entities/index.md"))
    entries = register()
    never = sorted((set(entries) - set(gold_counts())), key=lambda e: entries[e]["name"].casefold())
    assert never == ["cnsnews", "patrick-goodenough", "stephanie-fillion"]
    listed = {}
    for li in page.select("ul > li"):
        entity_id = linked_id("entities/index.md", li.a["href"], "entities")
        listed[entity_id] = (squash(li.find_previous("h2").get_text()).rstrip("¶").strip(), squash(li.get_text()))
    documents = demo_archive().documents
    wrote = {e: sum(entries[e]["name"] in d.metadata.authors for d in documents) for e in never}
    published = {e: sum(entries[e]["name"] == d.metadata.publication for d in documents) for e in never}
    assert wrote == {"cnsnews": 0, "patrick-goodenough": 1, "stephanie-fillion": 1}
    assert published["cnsnews"] > 0 and published["patrick-goodenough"] == published["stephanie-fillion"] == 0
    n = published["cnsnews"]
    assert listed == {"cnsnews": ("Organisations", f"CNSNews.com — publisher of {n} document{'s' if n != 1 else ''}"),
                      "patrick-goodenough": ("People", "Patrick Goodenough — author of 1 document"),
                      "stephanie-fillion": ("People", "Stéphanie Fillion — author of 1 document")}
    assert ".yml" not in page.get_text() and "For editors" not in page.get_text()


def test_every_entity_has_a_page(demo):
    for entity_id in register():
        assert (demo.site / "entities" / entity_id / "index.html").is_file(), entity_id


# --- hover text on document pages -------------------------------------------------------------

def test_entity_links_on_document_pages_carry_type_and_one_line_description(demo):
    entries = register()
    checked = 0
    for doc_id in sorted(d.id for d in demo_archive().documents):
        for anchor, p in body_paragraphs(page_soup(demo.site, f"documents/{doc_id}.md")).items():
            for a in p.select('a[href*="entities/"]'):
                record = entries[ENTITY_HREF.search(a["href"]).group(1)]
                first = one_line(record.get("description"))
                assert a.get("title") == record["type"].capitalize() + (f": {first}" if first else ""), (doc_id, anchor)
                checked += 1
    assert checked == len({(m.doc, m.entity) for m in demo_archive().mentions if m.linked})
    assert checked == len({(d, e) for d, _, _, e in gold_mentions()}) - 7  # six in a podcast promotion, one credit


def test_hover_text_examples(demo):
    p2 = body_paragraphs(page_soup(demo.site, "documents/china-backs-ban-ki-moon.md"))["p2"]
    titles = {a.get_text(): a["title"] for a in p2.select('a[href*="entities/"]')}
    assert titles["Ban Ki-moon"] == \
        "Person: South Korean diplomat, eighth Secretary-General of the United Nations (2007–2016)."
    assert titles["Beijing"] == \
        "Place: Capital of the People's Republic of China; the name often stands for the Chinese government."
