"""Topics (builder/stages/topics.py, builder/emit/topic_pages.py) on the built demo site and on
tiny archives with bad input; the timeline, authors and publications pages."""

from __future__ import annotations

import re

import pytest
import yaml

from helpers import (REPO_CONTENT, article, demo_archive, failing_build_log, front_matter, gold_mentions, linked_id,
                     make_tiny_archive, meta_rows, page_soup, squash, tree_digest)
from builder.bridge.site import build_site
from builder.model import Indexes
from builder.stages.topics import PhraseFinder, assign_document

OPPOSES = "china-opposes-council-meeting-on-north-korea"  # 2023-08-14
AGENDA = "china-agenda-for-may-2021"                      # 2021-05
WHY = "why-china-wont-stop-north-korea"                   # 2014-02
UN2013 = "ban-ki-moon-meets-chinese-leaders-2013"         # 2013-06-19
BACKS = "china-backs-ban-ki-moon"                         # 2010-11-03
NEWEST_FIRST = [OPPOSES, AGENDA, WHY, UN2013, BACKS]
ALL = set(NEWEST_FIRST)

# Worked out by hand from content/topics/*.yml and the sources: each topic's phrases
# (whole words, case-insensitive except acronyms) and entity mentions, counting each place
# once, against its threshold; plus 'include'.
EXPECTED = {
    "china-at-the-un": ALL,                       # United Nations / U.N. / UN, threshold 3: every document
    "human-rights-at-the-un": ALL,                # "human rights", threshold 3: every document
    "myanmar": {AGENDA},                          # threshold 2: UN2013 and BACKS name it once each
    "nobel-prize-and-liu-xiaobo": {BACKS},
    "north-korea": {UN2013, OPPOSES, WHY},        # BACKS has "Korean peninsula" once only
    "north-korea-human-rights": {OPPOSES, WHY},   # include
    "peacekeeping": {UN2013, BACKS},              # AGENDA says "peacekeeping" once only
    "secretary-general-selection": {BACKS},
    "security-council": {AGENDA, BACKS, OPPOSES},  # WHY says "UN Security Council" once only
    "technology-and-security": {AGENDA},
    "xinjiang-and-the-uyghurs": {AGENDA},         # WHY names Xinjiang once (phrase and mention: one place)
}
PARENTS = {
    "peacekeeping": "china-at-the-un", "secretary-general-selection": "china-at-the-un",
    "security-council": "china-at-the-un", "technology-and-security": "china-at-the-un",
    "nobel-prize-and-liu-xiaobo": "human-rights-at-the-un", "north-korea-human-rights": "human-rights-at-the-un",
    "xinjiang-and-the-uyghurs": "human-rights-at-the-un",
}
WHY_IT_IS_HERE = {
    ("north-korea-human-rights", OPPOSES): "an editor included it in the topic",
    ("north-korea-human-rights", WHY): "an editor included it in the topic",
    ("myanmar", AGENDA): "the phrase “Myanmar” (6×); mentions Myanmar (5×)",
    ("peacekeeping", UN2013): "the phrase “peacekeeping” (2×); the phrase “peacekeepers” (2×)",
    ("peacekeeping", BACKS): "the phrase “peacekeeping” (2×)",
    ("secretary-general-selection", BACKS): "the phrase “second term” (3×); the phrase “re-election” (2×)",
    ("china-at-the-un", WHY): "the phrase “UN” (4×)",
}


def topic_files() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((REPO_CONTENT / "topics").glob("*.yml"))}


def topics_of(doc_id: str) -> set[str]:
    return {t for t, docs in EXPECTED.items() if doc_id in docs}


def test_expectation_covers_every_topic_and_parent():
    files = topic_files()
    assert sorted(files) == sorted(EXPECTED)
    assert {t: v["parent"] for t, v in files.items() if v.get("parent")} == PARENTS


def test_pipeline_assigns_exactly_the_expected_documents():
    archive = demo_archive()
    assigned: dict[str, set] = {}
    for a in archive.assignments:
        assigned.setdefault(a.topic, set()).add(a.doc)
    assert assigned == EXPECTED
    assert not [d for d in archive.diagnostics if d.code.startswith("topic")]


def test_one_document_is_assigned_on_its_own_as_in_the_whole_archive():
    """What a per-document pipeline calls: the same assignments, document by document."""
    archive = demo_archive()
    topics = sorted(archive.topics.values(), key=lambda t: t.id)
    finder = PhraseFinder({phrase for topic in topics for phrase in topic.phrases})
    names = {entity.id: entity.name for entity in archive.entities.values()}
    mentions = Indexes(archive).mentions_by_doc
    one_at_a_time = [assignment for doc in sorted(archive.documents, key=lambda d: d.id)
                     for assignment in assign_document(doc, mentions.get(doc.id, []), topics, finder, names)]
    assert one_at_a_time == archive.assignments
    reasons = {(a.topic, a.doc): "; ".join(a.reasons) for a in one_at_a_time}
    assert {key: reasons[key] for key in WHY_IT_IS_HERE} == WHY_IT_IS_HERE


def _documents_section(page):
    heading = next(h for h in page.select("h2") if squash(h.get_text()).startswith("Documents ("))
    following = heading.find_next_sibling()
    return heading, following.find("ul") if following.name == "div" else following


@pytest.mark.parametrize("topic_id", sorted(EXPECTED))
def test_topic_page_lists_the_expected_documents_newest_first(demo, topic_id):
    archive = demo_archive()
    page = article(page_soup(demo.site, f"topics/{topic_id}.md"))
    heading, listing = _documents_section(page)
    expected = [d for d in NEWEST_FIRST if d in EXPECTED[topic_id]]
    assert squash(heading.get_text()).rstrip("¶").strip() == f"Documents ({len(expected)})"
    assert listing.name == "ul"
    items = listing.find_all("li", recursive=False)
    shown = [linked_id(f"topics/{topic_id}.md", li.find("a")["href"], "documents") for li in items]
    assert shown == expected
    reasons = {a.doc: a.reasons for a in archive.assignments if a.topic == topic_id}
    for li, doc_id in zip(items, shown):
        why = squash(li.find("small").get_text())
        assert why == "Why it is here: " + "; ".join(reasons[doc_id]) + "."
        if (topic_id, doc_id) in WHY_IT_IS_HERE:
            assert why == f"Why it is here: {WHY_IT_IS_HERE[topic_id, doc_id]}."


def test_sub_topics_and_parent_links(demo):
    titles = {t: v["title"] for t, v in topic_files().items()}
    for parent in set(PARENTS.values()):
        page = article(page_soup(demo.site, f"topics/{parent}.md"))
        line = next(p for p in page.find_all("p") if squash(p.get_text()).startswith("Sub-topics:"))
        children = sorted((t for t, p in PARENTS.items() if p == parent), key=lambda t: titles[t].casefold())
        assert [linked_id(f"topics/{parent}.md", a["href"], "topics") for a in line.find_all("a")] == children
        assert not [p for p in page.find_all("p") if squash(p.get_text()).startswith("Part of")]
    for child, parent in PARENTS.items():
        page = article(page_soup(demo.site, f"topics/{child}.md"))
        line = next(p for p in page.find_all("p") if squash(p.get_text()).startswith("Part of"))
        assert squash(line.get_text()) == f"Part of {titles[parent]}."
        assert [linked_id(f"topics/{child}.md", a["href"], "topics") for a in line.find_all("a")] == [parent]
        assert not [p for p in page.find_all("p") if squash(p.get_text()).startswith("Sub-topics:")]


def _overview(demo):
    page = article(page_soup(demo.site, "topics/index.md"))
    tree = []
    for li in page.find("ul").find_all("li", recursive=False):
        own = squash("".join(str(s) if isinstance(s, str) else s.get_text()
                             for s in li.children if getattr(s, "name", None) != "ul"))
        children = [(linked_id("topics/index.md", c.a["href"], "topics"), squash(c.get_text()))
                    for c in (li.find("ul").find_all("li", recursive=False) if li.find("ul") else [])]
        tree.append((linked_id("topics/index.md", li.a["href"], "topics"), own, children))
    return tree


def test_topics_overview_shows_every_topic_with_its_count_under_its_parent(demo):
    titles = {t: v["title"] for t, v in topic_files().items()}
    count = re.compile(r"(.+) — (\d+) documents?")
    tree = _overview(demo)
    roots = sorted((t for t in EXPECTED if t not in PARENTS), key=lambda t: titles[t].casefold())
    assert [t for t, _, _ in tree] == roots
    for topic_id, own, children in tree:
        m = count.fullmatch(own)
        assert m and m.group(1) == titles[topic_id] and int(m.group(2)) == len(EXPECTED[topic_id]), own
        expected_children = sorted((t for t, p in PARENTS.items() if p == topic_id), key=lambda t: titles[t].casefold())
        assert [c for c, _ in children] == expected_children
        for child, text in children:
            m = count.fullmatch(text)
            assert m and m.group(1) == titles[child] and int(m.group(2)) == len(EXPECTED[child]), text


def test_topics_overview_says_1_document(demo):
    """Singular for one document, as on the authors and publications indexes."""
    texts = [own for _, own, _ in _overview(demo)] + [t for _, _, cs in _overview(demo) for _, t in cs]
    assert "Myanmar — 1 document" in texts
    assert not [t for t in texts if t.endswith(" 1 documents")]


@pytest.mark.parametrize("doc_id", NEWEST_FIRST)
def test_document_page_lists_its_topics(demo, doc_id):
    titles = {t: v["title"] for t, v in topic_files().items()}
    dd = meta_rows(page_soup(demo.site, f"documents/{doc_id}.md")).get("Topics")
    assert dd is not None
    shown = [linked_id(f"documents/{doc_id}.md", a["href"], "topics") for a in dd.find_all("a")]
    assert shown == sorted(topics_of(doc_id), key=lambda t: titles[t].casefold())
    assert [a.get_text() for a in dd.find_all("a")] == [titles[t] for t in shown]


@pytest.mark.parametrize("doc_id", NEWEST_FIRST)
def test_front_matter_carries_topics_and_entities(demo, doc_id):
    front = front_matter(demo.export / "documents" / f"{doc_id}.md")
    assert front["topics"] == sorted(topics_of(doc_id))
    assert front["entities"] == sorted({e for d, _, _, e in gold_mentions() if d == doc_id})


@pytest.mark.parametrize("topic_id", sorted(EXPECTED))
def test_topic_page_front_matter_lists_its_documents(demo, topic_id):
    front = front_matter(demo.export / "topics" / f"{topic_id}.md")
    assert front["topic"] == topic_id
    assert front["documents"] == [d for d in NEWEST_FIRST if d in EXPECTED[topic_id]]


# --- bad input --------------------------------------------------------------------------------

STORY = "A headline about North Korea\n\nNorth Korea and Japan met in Tokyo on Monday to talk about trade.\n"
NORTH_KOREA = "id: north-korea\ntitle: North Korea\nphrases:\n  - North Korea\n"


def test_sidecar_naming_an_undefined_topic(tmp_path, caplog):
    archive = make_tiny_archive(tmp_path, files={"sources/story.txt": STORY, "topics/north-korea.yml": NORTH_KOREA})
    archive.build()
    before = tree_digest(archive.site())
    archive.write({"sources/story.yml": "date: 2023-08-14\ntopics:\n  - north-korea\n  - nort-korea\n"})
    errors = [(d.path, d.line, d.column, d.code, d.message, d.hint) for d in archive.collect().errors]
    assert errors == [("sources/story.yml", 4, 5, "sidecar-unknown-topic", "topic 'nort-korea' is not defined",
                       "did you mean 'north-korea'?")]
    log = failing_build_log(caplog, archive.config, archive.site(), archive.content)
    assert (f"{(archive.content / 'sources/story.yml').resolve()}:4:5: error: topic 'nort-korea' is not defined "
            "[sidecar-unknown-topic]\n    fix: did you mean 'north-korea'?") in log
    assert tree_digest(archive.site()) == before


def test_topic_naming_an_unknown_entity_or_document(tmp_path):
    archive = make_tiny_archive(tmp_path, files={
        "sources/story.txt": STORY,
        "entities/north-korea.yml": "id: north-korea\nname: North Korea\ntype: place\n",
        "topics/north-korea.yml": NORTH_KOREA + "entities:\n  - nort-korea\ninclude:\n  - stroy\n",
    })
    errors = [(d.line, d.column, d.code, d.message, d.hint) for d in archive.collect().errors]
    assert errors == [
        (6, 5, "topic-unknown-entity", "entity 'nort-korea' in 'entities' does not exist", "did you mean 'north-korea'?"),
        (8, 5, "topic-unknown-document", "document 'stroy' in 'include' does not exist", "did you mean 'story'?"),
    ]


def test_parent_cycle_is_an_error_naming_the_cycle(tmp_path, caplog):
    archive = make_tiny_archive(tmp_path, files={
        "sources/story.txt": STORY,
        "topics/asia.yml": "id: asia\ntitle: Asia\nparent: east-asia\nphrases: [Japan]\n",
        "topics/east-asia.yml": "id: east-asia\ntitle: East Asia\nparent: asia\nphrases: [Tokyo]\n",
        "topics/korea.yml": "id: korea\ntitle: Korea\nparent: korea\nphrases: [Korea]\n",
        "topics/japan.yml": "id: japan\ntitle: Japan\nparent: asia\nphrases: [Japan]\n",
    })
    errors = [(d.path, d.line, d.column, d.code, d.message) for d in archive.collect().errors]
    # Each cycle is reported once, on its first topic; a topic hanging off a cycle adds nothing.
    assert errors == [
        ("topics/asia.yml", 3, 9, "topic-parent-cycle", "topic parents form a cycle: asia -> east-asia -> asia"),
        ("topics/korea.yml", 3, 9, "topic-parent-cycle", "topic parents form a cycle: korea -> korea"),
    ]
    log = failing_build_log(caplog, archive.config, archive.site(), archive.content)
    assert "error: topic parents form a cycle: asia -> east-asia -> asia [topic-parent-cycle]" in log
    assert not archive.site().exists()


def test_unknown_parent_with_suggestion(tmp_path):
    archive = make_tiny_archive(tmp_path, files={
        "sources/story.txt": STORY,
        "topics/asia.yml": "id: asia\ntitle: Asia\nphrases: [Japan]\n",
        "topics/east-asia.yml": "id: east-asia\ntitle: East Asia\nparent: asai\nphrases: [Tokyo]\n",
    })
    assert [(d.path, d.line, d.code, d.message, d.hint) for d in archive.collect().errors] == [
        ("topics/east-asia.yml", 3, "topic-unknown-parent", "parent topic 'asai' does not exist", "did you mean 'asia'?")]


def test_topic_matching_nothing_is_a_warning_and_its_page_says_so(tmp_path):
    archive = make_tiny_archive(tmp_path, files={
        "sources/story.txt": STORY,
        "topics/north-korea.yml": NORTH_KOREA,
        "topics/antarctica.yml": "id: antarctica\ntitle: Antarctica\nphrases:\n  - Antarctica\n  - South Pole\n",
    })
    result = build_site(archive.config, archive.site(), content_dir=archive.content)
    assert [(d.severity, d.path, d.line, d.code, d.message) for d in result.archive.diagnostics] == [
        ("warning", "topics/antarctica.yml", 1, "topic-empty", "topic 'antarctica' matches no document")]
    page = article(page_soup(archive.site(), "topics/antarctica.md"))
    heading, listing = _documents_section(page)
    assert squash(heading.get_text()).rstrip("¶").strip() == "Documents (0)"
    assert squash(listing.get_text()).startswith("No document matches this topic yet")
    assert page.find("a", href=re.compile("documents/")) is None
    # the other topic is fine and lists the story
    other = article(page_soup(archive.site(), "topics/north-korea.md"))
    assert [linked_id("topics/north-korea.md", li.a["href"], "documents")
            for li in _documents_section(other)[1].find_all("li", recursive=False)] == ["story"]


def test_threshold_counts_a_place_once(tmp_path):
    """A phrase and an entity mention at the same place count once against the threshold."""
    archive = make_tiny_archive(tmp_path, files={
        "sources/story.txt": STORY,
        "entities/north-korea.yml": "id: north-korea\nname: North Korea\ntype: place\n",
        "topics/two.yml": "id: two\ntitle: Two\nphrases: [North Korea]\nentities: [north-korea]\nthreshold: 3\n",
        "topics/one.yml": "id: one\ntitle: One\nphrases: [North Korea]\nentities: [north-korea]\nthreshold: 2\n",
    })
    collected = archive.collect()
    assert [(a.topic, a.reasons) for a in collected.assignments] == [
        ("one", ("the phrase “North Korea” (2×)", "mentions North Korea (1×)"))]  # the title is no paragraph


def test_a_grandchild_topic_is_refused_with_the_fix(tmp_path, caplog):
    """Topics have one level of sub-topics; a deeper one would be missing from the overview."""
    archive = make_tiny_archive(tmp_path, files={
        "sources/story.txt": STORY,
        "topics/asia.yml": "id: asia\ntitle: Asia\nphrases: [Japan]\n",
        "topics/east-asia.yml": "id: east-asia\ntitle: East Asia\nparent: asia\nphrases: [Tokyo]\n",
        "topics/japan-trade.yml": "id: japan-trade\ntitle: Japan trade\nparent: east-asia\nphrases: [trade]\n",
    })
    errors = [(d.path, d.line, d.column, d.code, d.message, d.hint) for d in archive.collect().errors]
    assert errors == [("topics/japan-trade.yml", 3, 9, "topic-too-deep",
                       "parent topic 'east-asia' has a parent itself ('asia'); topics have one level of sub-topics",
                       "set parent: asia, or remove the parent of 'east-asia'")]
    log = failing_build_log(caplog, archive.config, archive.site(), archive.content)
    assert "topics have one level of sub-topics [topic-too-deep]" in log


# --- timeline, authors, publications ----------------------------------------------------------

def test_demo_timeline_years_newest_first_with_counts(demo):
    page = article(page_soup(demo.site, "timeline.md"))
    assert squash(page.find("p").get_text()) == "5 dated documents, newest first."
    years = [(squash(h.get_text()).rstrip("¶").strip(), h.get("id")) for h in page.select("h2")]
    assert years == [("2023 (1 document)", "y2023"), ("2021 (1 document)", "y2021"), ("2014 (1 document)", "y2014"),
                     ("2013 (1 document)", "y2013"), ("2010 (1 document)", "y2010")]
    jump = page.find_all("p")[1]
    assert squash(jump.get_text()) == "2023 (1) · 2021 (1) · 2014 (1) · 2013 (1) · 2010 (1)"
    shown = [linked_id("timeline.md", a["href"], "documents") for a in page.select("li a")]
    assert shown == NEWEST_FIRST


def test_timeline_counts_several_documents_a_year_and_undated_last(tmp_path):
    def story(title):
        return f"{title}\n\nSome text about {title.lower()} that is long enough to be a paragraph of its own.\n"
    archive = make_tiny_archive(tmp_path, files={
        "sources/a.txt": story("Alpha"), "sources/a.yml": "date: 2021-03-02\n",
        "sources/b.txt": story("Bravo"), "sources/b.yml": "date: 2021-11\n",
        "sources/c.txt": story("Charlie"), "sources/c.yml": "date: 2021\n",
        "sources/d.txt": story("Delta"), "sources/d.yml": "date: 2019-07-04\n",
        "sources/e.txt": story("Echo"),
    })
    archive.build()
    page = article(page_soup(archive.site(), "timeline.md"))
    assert squash(page.find("p").get_text()) == "4 dated documents, newest first."
    assert squash(page.find_all("p")[1].get_text()) == "2021 (3) · 2019 (1)"
    assert [squash(h.get_text()).rstrip("¶").strip() for h in page.select("h2")] == [
        "2021 (3 documents)", "2019 (1 document)", "Undated"]
    assert [squash(h.get_text()).rstrip("¶").strip() for h in page.select("h3")] == [
        "November 2021", "March 2021", "Month unknown 2021", "July 2019"]
    assert [linked_id("timeline.md", a["href"], "documents") for a in page.select("li a")] == ["b", "a", "c", "d", "e"]


AUTHORS = {"michelle-nichols": ("Michelle Nichols", [OPPOSES]), "patrick-goodenough": ("Patrick Goodenough", [BACKS]),
           "stephanie-fillion": ("Stéphanie Fillion", [AGENDA])}
PUBLICATIONS = {"cnsnews-com": ("CNSNews.com", [BACKS]), "passblue": ("PassBlue", [AGENDA]),
                "reuters": ("Reuters", [OPPOSES]), "united-nations": ("United Nations", [UN2013])}
AS_ENTITIES = {"michelle-nichols": "michelle-nichols", "patrick-goodenough": "patrick-goodenough",
               "stephanie-fillion": "stephanie-fillion", "cnsnews-com": "cnsnews", "passblue": "passblue",
               "reuters": "reuters", "united-nations": "united-nations"}
"""Every author and publication of the demo is also a register entity: its documents are on the
entity's page, which the index links to (issue 21; tests/test_entity_pages_reader.py)."""


@pytest.mark.parametrize("folder, terms, missing, what, role", [
    ("authors", AUTHORS, [UN2013, WHY], "author", "Written by"),
    ("publications", PUBLICATIONS, [WHY], "publication", "Published by"),
])
def test_authors_and_publications_pages_list_their_documents(demo, folder, terms, missing, what, role):
    index = article(page_soup(demo.site, f"{folder}/index.md"))
    items = index.find("ul").find_all("li", recursive=False)
    assert [(linked_id(f"{folder}/index.md", li.a["href"], "entities"), squash(li.get_text())) for li in items] == [
        (AS_ENTITIES[slug], f"{name} — {len(docs)} document{'s' if len(docs) != 1 else ''}") for slug, (name, docs) in terms.items()]
    tail = squash(index.find_all("p")[-1].get_text())
    assert tail.startswith(f"{len(missing)} document{'s' if len(missing) != 1 else ''} without a known {what}: ")
    assert [linked_id(f"{folder}/index.md", a["href"], "documents") for a in index.find_all("p")[-1].find_all("a")] == missing
    for slug, (name, docs) in terms.items():
        entity = AS_ENTITIES[slug]
        assert (demo.site / folder / slug / "index.html").read_text(encoding="utf-8").count(f"entities/{entity}/") == 4
        page = article(page_soup(demo.site, f"entities/{entity}.md"))
        heading = next(h for h in page.find_all("h2") if squash(h.get_text()).startswith(role))
        assert squash(heading.get_text()).rstrip("¶").strip() == f"{role} {page.h1.get_text().rstrip('¶').strip()}"
        assert [linked_id(f"entities/{entity}.md", li.find("a")["href"], "documents")
                for li in heading.find_next_sibling("div").find("ul").find_all("li", recursive=False)] == docs


def test_author_page_lists_several_documents_newest_first(tmp_path):
    archive = make_tiny_archive(tmp_path, files={
        "sources/old.txt": "Old story\n\nBy Jane Roe\n\nThe old story text is here, long enough to keep.\n",
        "sources/old.yml": "date: 2012-01-05\n",
        "sources/new.txt": "New story\n\nBy Jane Roe\n\nThe new story text is here, long enough to keep.\n",
        "sources/new.yml": "date: 2020-06-30\n",
    })
    archive.build()
    page = article(page_soup(archive.site(), "authors/jane-roe.md"))
    assert squash(page.find("p").get_text()) == "2 documents in the archive, newest first."
    assert [linked_id("authors/jane-roe.md", li.find("a")["href"], "documents")
            for li in page.find("ul").find_all("li", recursive=False)] == ["new", "old"]
