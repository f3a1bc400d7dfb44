"""The entity linker (builder/stages/link.py): every matching rule on tiny archives, then the
demo archive against the hand-made gold file tests/data/gold_mentions.yml."""

from __future__ import annotations

from collections import Counter

import pytest

from helpers import (ENTITY_HREF, body_paragraphs, demo_archive, entity, gold, gold_mentions, make_tiny_archive,
                     memory_archive, page_soup, set_plugin_option, write_files)
from builder.pipeline import Options, collect
from builder.stages.link import DENSITIES, link_entities


def found(archive, doc_id=None):
    """(paragraph, start, end, surface, entity, linked) of every mention, in order."""
    return [(m.paragraph, m.start, m.end, m.surface, m.entity, m.linked)
            for m in archive.mentions if doc_id is None or m.doc == doc_id]


def surfaces(archive, doc_id=None):
    return [(m.surface, m.entity) for m in archive.mentions if doc_id is None or m.doc == doc_id]


def link(documents, entities, density="document"):
    return link_entities(memory_archive(documents, entities), density=density)


def unresolved_diagnostics(archive):
    return [(d.severity, d.path, d.line, d.column, d.code, d.message, d.hint)
            for d in archive.diagnostics if d.code == "link-unresolved"]


# --- case and whole words ---------------------------------------------------------------------

def test_case_sensitive_and_whole_words_only():
    text = "China, CHINA, china, Chinatown, Indochina, China_x, 2China, China."
    archive = link({"d": [text]}, [entity("china", "China", "place")], density="all")
    last = text.rindex("China")
    assert found(archive) == [(1, 0, 5, "China", "china", True), (1, last, last + 5, "China", "china", True)]


def test_a_name_with_inner_punctuation_is_matched_whole():
    archive = link({"d": ["The U.N. said so; the UN agreed, but UNESCO and UNICEF did not."]},
                   [entity("un", "United Nations", "organisation", aliases=["U.N.", "UN"])], density="all")
    assert surfaces(archive) == [("U.N.", "un"), ("UN", "un")]


# --- longest match ----------------------------------------------------------------------------

def test_longest_match_wins_over_a_shorter_name_inside_it():
    entities = [entity("kim-jong-un", "Kim Jong Un"), entity("kim", "Kim", "other"),
                entity("un", "United Nations", "organisation", aliases=["UN"]),
                entity("security-council", "United Nations Security Council", "organisation",
                       aliases=["Security Council"]),
                entity("china", "China", "place", aliases=["People’s Republic of China"]),
                entity("roc", "Republic of China", "place")]
    text = ("Kim Jong Un met Kim. The United Nations Security Council met; the Security Council of the "
            "United Nations. The People’s Republic of China and the Republic of China.")
    archive = link({"d": [text]}, entities, density="all")
    assert surfaces(archive) == [
        ("Kim Jong Un", "kim-jong-un"), ("Kim", "kim"),
        ("United Nations Security Council", "security-council"), ("Security Council", "security-council"),
        ("United Nations", "un"), ("People’s Republic of China", "china"), ("Republic of China", "roc")]
    starts = [m.start for m in archive.mentions]
    assert starts == [text.index(s) for s in ("Kim Jong Un", "Kim.", "United Nations Security",
                                               "Security Council of", "United Nations.", "People’s",
                                               "Republic of China.")]


# --- possessives ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, surface", [
    ("China’s seat at the UN.", "China"),
    ("China's seat at the UN.", "China"),
    ("Ban Ki-moon spoke. Ban’s term ends.", "Ban"),
    ("Ban Ki-moon spoke. Ban's term ends.", "Ban"),
])
def test_possessive_links_the_name_without_the_s(text, surface):
    archive = link({"d": [text]}, [entity("china", "China", "place"),
                                   entity("ban-ki-moon", "Ban Ki-moon", short_forms=["Ban"])], density="all")
    mention = archive.mentions[-1]
    assert mention.surface == surface
    assert text[mention.end] in "’'" and text[mention.end + 1] == "s"


# --- accents ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name, aliases, text, surface", [
    ("António Guterres", [], "Antonio Guterres spoke.", "Antonio Guterres"),
    ("Antonio Guterres", [], "António Guterres spoke.", "António Guterres"),
    ("Swiss city", ["Zürich"], "He flew to Zurich.", "Zurich"),
    ("Swiss city", ["Zurich"], "He flew to Zürich.", "Zürich"),
])
def test_accents_are_ignored_in_names_and_aliases(name, aliases, text, surface):
    archive = link({"d": [text]}, [entity("e", name, aliases=aliases)])
    assert found(archive) == [(1, text.index(surface), text.index(surface) + len(surface), surface, "e", True)]


def test_accent_insensitive_through_the_register_files(tmp_path):
    content = tmp_path / "content"
    write_files(content, {
        "entities/antonio-guterres.yml": 'id: antonio-guterres\nname: "António Guterres"\ntype: person\n'
                                         "short_forms:\n  - Guterres\n",
        "sources/one.txt": "A headline here\n\nAntonio Guterres arrived on Monday. Later Guterres left.\n",
    })
    archive = collect(content)
    assert [d for d in archive.diagnostics if d.severity != "info"] == []
    assert surfaces(archive) == [("Antonio Guterres", "antonio-guterres"), ("Guterres", "antonio-guterres")]


def test_decomposed_accent_in_a_register_name_still_matches():
    """A name typed with a combining accent (NFD, e.g. pasted from a PDF) matches the NFC text."""
    archive = link({"d": ["António Guterres spoke."]}, [entity("g", "Anto\u0301nio Guterres")])
    assert surfaces(archive) == [("António Guterres", "g")]


# --- short forms ------------------------------------------------------------------------------

BAN = entity("ban-ki-moon", "Ban Ki-moon", aliases=["Ban Ki-Moon"], short_forms=["Ban"])
HU = entity("hu-jintao", "Hu Jintao", short_forms=["Hu"])


def test_short_form_links_only_after_the_full_name_in_the_same_document():
    paragraphs = ["Ban said no.", "Then Ban Ki-moon arrived, and Ban spoke.", "Ban left."]
    archive = link({"d": paragraphs}, [BAN], density="all")
    assert found(archive) == [(2, 5, 16, "Ban Ki-moon", "ban-ki-moon", True),
                              (2, 30, 33, "Ban", "ban-ki-moon", True),
                              (3, 0, 3, "Ban", "ban-ki-moon", True)]


def test_short_form_before_the_full_name_in_the_same_paragraph_is_not_linked():
    archive = link({"d": ["Ban, that is Ban Ki-moon, spoke."]}, [BAN], density="all")
    assert surfaces(archive) == [("Ban Ki-moon", "ban-ki-moon")]


def test_an_alias_introduces_the_short_form_too():
    archive = link({"d": ["Ban Ki-Moon arrived.", "Ban spoke."]}, [BAN], density="all")
    assert surfaces(archive) == [("Ban Ki-Moon", "ban-ki-moon"), ("Ban", "ban-ki-moon")]


def test_full_name_in_another_document_does_not_introduce_the_short_form():
    archive = link({"a": ["Ban Ki-moon arrived. Ban spoke."], "b": ["Ban spoke again."]}, [BAN], density="all")
    assert surfaces(archive, "a") == [("Ban Ki-moon", "ban-ki-moon"), ("Ban", "ban-ki-moon")]
    assert surfaces(archive, "b") == []


def test_short_form_never_inside_another_word_and_never_lowercase():
    text = "Hu Jintao came. Human rights, Hugo, Shu, HU, hu. A ban on Banks; Banning. Hu smiled."
    archive = link({"d": [text]}, [HU, BAN], density="all")
    assert found(archive) == [(1, 0, 9, "Hu Jintao", "hu-jintao", True),
                              (1, text.index("Hu smiled"), text.index("Hu smiled") + 2, "Hu", "hu-jintao", True)]


def test_lowercase_common_word_is_not_the_short_form_even_after_the_name():
    archive = link({"d": ["Ban Ki-moon spoke against a ban on mines. Ban left."]}, [BAN], density="all")
    assert surfaces(archive) == [("Ban Ki-moon", "ban-ki-moon"), ("Ban", "ban-ki-moon")]
    assert archive.mentions[1].start == len("Ban Ki-moon spoke against a ban on mines. ")


KIMS = [entity("kim-jong-un", "Kim Jong Un", short_forms=["Kim"]),
        entity("kim-jong-il", "Kim Jong Il", short_forms=["Kim"])]


def test_short_form_shared_by_two_introduced_entities_is_not_linked_and_reported():
    archive = link({"d": ["Kim Jong Il ruled.", "Then Kim Jong Un.", "Kim laughed."]}, KIMS, density="all")
    assert surfaces(archive) == [("Kim Jong Il", "kim-jong-il"), ("Kim Jong Un", "kim-jong-un")]
    assert unresolved_diagnostics(archive) == [(
        "info", "sources/d.txt", 30, 1, "link-unresolved",
        "'Kim' was not linked: short form of several entities named earlier in the document (kim-jong-il, kim-jong-un)",
        "write the full name here, or give the entities distinct aliases")]
    assert [(u.doc, u.paragraph, u.surface, u.candidates) for u in archive.unresolved] == [
        ("d", 3, "Kim", ("kim-jong-il", "kim-jong-un"))]
    assert not archive.blocking_errors


def test_short_form_shared_by_two_entities_links_when_only_one_was_introduced():
    archive = link({"d": ["Kim Jong Un spoke.", "Kim laughed."]}, KIMS, density="all")
    assert surfaces(archive) == [("Kim Jong Un", "kim-jong-un"), ("Kim", "kim-jong-un")]
    assert unresolved_diagnostics(archive) == []


def test_shared_short_form_before_anyone_is_introduced_is_silently_left_alone():
    archive = link({"d": ["Kim laughed.", "Kim Jong Un spoke."]}, KIMS, density="all")
    assert surfaces(archive) == [("Kim Jong Un", "kim-jong-un")]
    assert unresolved_diagnostics(archive) == []


# --- an alias shared by two entities ----------------------------------------------------------

KOREAS = [entity("north-korea", "North Korea", "place", aliases=["Korea"]),
          entity("south-korea", "South Korea", "place", aliases=["Korea"])]


def test_shared_alias_links_when_exactly_one_of_its_entities_is_named_alone():
    archive = link({"d": ["Korea is divided.", "North Korea fired a missile; Korea protested."]}, KOREAS,
                   density="all")
    assert surfaces(archive) == [("Korea", "north-korea"), ("North Korea", "north-korea"), ("Korea", "north-korea")]
    assert unresolved_diagnostics(archive) == []


def test_shared_alias_when_no_entity_is_named_alone_is_not_linked():
    archive = link({"d": ["A headline.", "Korea is divided."]}, KOREAS)
    assert surfaces(archive) == []
    assert unresolved_diagnostics(archive) == [(
        "info", "sources/d.txt", 20, 1, "link-unresolved",
        "'Korea' was not linked: shared by several entities and the document names none of them alone "
        "(north-korea, south-korea)",
        "write the full name here, or give the entities distinct aliases")]


def test_shared_alias_when_both_entities_are_named_alone_is_not_linked():
    archive = link({"d": ["North Korea and South Korea met.", "Korea is divided."]}, KOREAS)
    assert surfaces(archive) == [("North Korea", "north-korea"), ("South Korea", "south-korea")]
    assert [d[5] for d in unresolved_diagnostics(archive)] == [
        "'Korea' was not linked: shared by several entities named in the document (north-korea, south-korea)"]


def test_shared_alias_resolution_is_per_document():
    archive = link({"a": ["North Korea. Korea."], "b": ["South Korea. Korea."], "c": ["Korea."]}, KOREAS)
    assert surfaces(archive, "a") == [("North Korea", "north-korea"), ("Korea", "north-korea")]
    assert surfaces(archive, "b") == [("South Korea", "south-korea"), ("Korea", "south-korea")]
    assert surfaces(archive, "c") == []


# --- link density -----------------------------------------------------------------------------

DENSITY_DOC = {"d": ["China and China.", "China, then Beijing.", "Beijing and China."]}
DENSITY_ENTITIES = [entity("china", "China", "place"), entity("beijing", "Beijing", "place")]
# mentions in order: China p1, China p1, China p2, Beijing p2, Beijing p3, China p3


@pytest.mark.parametrize("density, linked", [
    ("document", [True, False, False, True, False, False]),
    ("paragraph", [True, False, True, True, True, True]),
    ("all", [True, True, True, True, True, True]),
])
def test_link_density(density, linked):
    archive = link(DENSITY_DOC, DENSITY_ENTITIES, density=density)
    assert [(m.paragraph, m.surface) for m in archive.mentions] == [
        (1, "China"), (1, "China"), (2, "China"), (2, "Beijing"), (3, "Beijing"), (3, "China")]
    assert [m.linked for m in archive.mentions] == linked


def test_default_density_is_document_and_unknown_density_is_refused():
    assert DENSITIES == ("document", "paragraph", "all")
    assert Options().link_density == "document"
    with pytest.raises(ValueError, match="link_density must be one of document, paragraph, all, not 'every'"):
        Options(link_density="every")


def test_density_per_document_starts_again_in_each_document():
    archive = link({"a": ["China. China."], "b": ["China."]}, [entity("china", "China", "place")])
    assert [(m.doc, m.linked) for m in archive.mentions] == [("a", True), ("a", False), ("b", True)]


@pytest.mark.parametrize("density, expected", [
    ("document", {"p1": ["China"], "p2": []}),
    ("paragraph", {"p1": ["China"], "p2": ["China"]}),
    ("all", {"p1": ["China", "China"], "p2": ["China"]}),
])
def test_density_option_of_the_plugin_decides_the_links_on_the_page(tmp_path, density, expected):
    archive = make_tiny_archive(tmp_path / "a", files={
        "sources/story.txt": "A headline about things\n\nChina met China’s neighbours today in the morning.\n\n"
                             "Later China left the meeting for good.\n",
        "entities/china.yml": "id: china\nname: China\ntype: place\ndescription: A state in East Asia. It is big.\n",
    })
    set_plugin_option(archive.config, link_density=density)
    archive.build()
    paragraphs = body_paragraphs(page_soup(archive.site(), "documents/story.md"))
    links = {anchor: [a.get_text() for a in p.select('a[href*="entities/"]')] for anchor, p in paragraphs.items()}
    assert links == expected
    for p in paragraphs.values():
        for a in p.select('a[href*="entities/"]'):
            assert a["href"] == "../../entities/china/"
            assert a["title"] == "Place: A state in East Asia."


# --- the gold standard ------------------------------------------------------------------------

def _diff(expected: Counter, actual: Counter) -> str:
    missing = sorted((expected - actual).elements())
    extra = sorted((actual - expected).elements())
    return ("\nmissed (in gold, not found):\n  " + "\n  ".join(map(str, missing)) +
            "\nwrong (found, not in gold):\n  " + "\n  ".join(map(str, extra)))


def test_gold_mentions_equal_the_pipeline_mentions_exactly():
    archive = demo_archive()
    expected = Counter(gold_mentions())
    actual = Counter((m.doc, f"p{m.paragraph}", m.surface, m.entity) for m in archive.mentions)
    assert sorted(gold()) == sorted(d.id for d in archive.documents)
    assert actual == expected, _diff(expected, actual)
    # and in the same order of appearance, document by document
    for doc_id in gold():
        assert [(f"p{m.paragraph}", m.surface, m.entity) for m in archive.mentions if m.doc == doc_id] == \
               [(a, s, e) for d, a, s, e in gold_mentions() if d == doc_id]


def test_gold_surfaces_are_the_text_at_the_mention_offsets():
    archive = demo_archive()
    for m in archive.mentions:
        paragraph = next(p for p in archive.document(m.doc).paragraphs if p.index == m.paragraph)
        assert paragraph.text[m.start:m.end] == m.surface


def test_gold_must_not_link_items_are_not_mentions():
    archive = demo_archive()
    found_here = {(m.doc, f"p{m.paragraph}", m.surface) for m in archive.mentions}
    for doc_id, record in gold().items():
        for item in record.get("must_not_link") or []:
            assert (doc_id, item["paragraph"], item["text"]) not in found_here, item["reason"]


def test_gold_unresolved_kim_is_reported_as_info():
    archive = demo_archive()
    assert [(d.severity, d.path, d.message) for d in archive.diagnostics if d.code == "link-unresolved"] == [
        ("info", "sources/why-china-wont-stop-north-korea.txt",
         "'Kim' was not linked: short form of several entities named earlier in the document "
         "(kim-il-sung, kim-jong-il, kim-jong-un)")]


def _page_links(demo, doc_id):
    """[(anchor, link text, entity id)] of the entity links in the body, in page order."""
    links = []
    for anchor, p in body_paragraphs(page_soup(demo.site, f"documents/{doc_id}.md")).items():
        for a in p.select('a[href*="entities/"]'):
            m = ENTITY_HREF.search(a["href"])
            assert m, f"{doc_id} {anchor}: entity link with an odd href {a['href']!r}"
            links.append((anchor, a.get_text(), m.group(1)))
    return links


NEVER_LINKED = {("china-agenda-for-may-2021", "p16"): "a podcast promotion: Google Podcasts, Patreon, SoundCloud ..."}
"""Paragraphs of the demo whose mentions are never links."""
SHOUTED = {"DULCIE LEIMBACH": "a photo credit in capitals (the register has the name in ordinary case too)"}
"""Surfaces that are never links."""


def _captions(doc_id: str) -> set[str]:
    return {f"p{p.index}" for p in demo_archive().document(doc_id).paragraphs if p.kind == "caption"}


def expected_links(doc_id: str) -> list[tuple[str, str, str]]:
    """Density "document", counted from the article text: of each entity the first gold mention
    in the body, or, when the body never names it, in a caption; never in a promotional line or
    a credit in capitals. In page order."""
    captions = _captions(doc_id)
    mentions = [(a, s, e) for d, a, s, e in gold_mentions()
                if d == doc_id and (d, a) not in NEVER_LINKED and s not in SHOUTED]
    chosen, seen = set(), set()
    for in_caption in (False, True):
        for n, (anchor, _, entity_id) in enumerate(mentions):
            if (anchor in captions) == in_caption and entity_id not in seen:
                seen.add(entity_id)
                chosen.add(n)
    return [m for n, m in enumerate(mentions) if n in chosen]


def test_the_demo_has_what_the_link_rules_are_about():
    """A caption naming entities the body names later, a podcast promotion and a credit in capitals."""
    assert _captions("china-backs-ban-ki-moon") == {"p1"}
    assert ("china-backs-ban-ki-moon", "p1", "Ban Ki-moon", "ban-ki-moon") in gold_mentions()
    assert ("china-agenda-for-may-2021", "p16", "Patreon", "patreon") in gold_mentions()
    assert ("china-agenda-for-may-2021", "p1", "DULCIE LEIMBACH", "dulcie-leimbach") in gold_mentions()


@pytest.mark.parametrize("doc_id", sorted(gold()))
def test_gold_links_on_the_built_document_pages(demo, doc_id):
    links = _page_links(demo, doc_id)
    mentions = [(a, s, e) for d, a, s, e in gold_mentions() if d == doc_id]
    # every link is a gold mention of that entity, with that surface, in that paragraph
    for item in links:
        assert item in mentions, f"{doc_id}: link {item} is not a gold mention"
    assert links == expected_links(doc_id)
    # nothing the gold says must not be linked is a link with that text in that paragraph
    for item in gold()[doc_id].get("must_not_link") or []:
        assert not [l for l in links if l[0] == item["paragraph"] and l[1] == item["text"]], item["reason"]


def test_demo_links_are_on_the_first_mention_of_each_entity_in_the_article_text():
    """The link is on the first occurrence of the entity in the article's text (a caption's only
    when the text never names it), not a later one; every mention is still recorded."""
    archive = demo_archive()
    for doc_id in gold():
        linked = [(f"p{m.paragraph}", m.surface, m.entity) for m in archive.mentions if m.doc == doc_id and m.linked]
        assert linked == expected_links(doc_id)
    assert [(m.surface, m.linked) for m in archive.mentions
            if m.doc == "china-backs-ban-ki-moon" and m.entity == "ban-ki-moon"][:2] == [("Ban Ki-moon", False),
                                                                                          ("Ban Ki-moon", True)]
