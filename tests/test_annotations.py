"""Annotations (builder/stages/annotations.py, builder/anchoring.py, builder/emit/annotation_pages.py
and the notes on document pages): anchoring with exact diagnostics, safe note bodies, the
annotations index, the orphaned-annotations page and the W3C Web Annotation export."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace

import pytest
import yaml
from bs4 import BeautifulSoup

from helpers import (REPORT, article, body_paragraphs, demo_archive, linked_id, make_tiny_archive, meta_rows, page_soup,
                     squash)
from builder.anchoring import NormalText, _norm_char, closest
from builder.bridge.site import build_site
from builder.emit.annotation_pages import web_annotations
from builder.model import Diagnostic, Paragraph
from builder.emit import Site
from builder.pipeline import build
from builder.stages.annotations import anchor_document

P1 = "The council met on Monday. Then the council voted on the “new” rules – after a long debate."
P2 = "After that the council rested. Its members went home to Geneva."
P3 = "A final paragraph with the closing words of the report."


def note(exact: str, body: str = "A note.", author: str = "Jane Roe", date: str = "2024-01-01", **more) -> str:
    lines = [f"exact: {json.dumps(exact, ensure_ascii=False)}", "body: |"]
    lines += ["  " + line for line in body.splitlines()]
    lines += [f"author: {json.dumps(author, ensure_ascii=False)}", f"date: {date}"]
    lines += [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in more.items()]
    return "\n".join(lines) + "\n"


def collect_with(tmp_path, notes: dict[str, str]):
    files = {"sources/report.txt": REPORT}
    files.update({f"annotations/report/{name}.yml": text for name, text in notes.items()})
    return make_tiny_archive(tmp_path, files=files).collect()


class NotLoaded:
    """Stands for an annotation the loader rejected."""
    status = "not loaded"
    spans: list = []
    found = ""
    number = 0


def about(archive, name):
    annotation = next((a for a in archive.annotations if a.id == name), NotLoaded())
    diagnostics = [(d.severity, d.line, d.code, d.message, d.hint) for d in archive.diagnostics
                   if d.path == f"annotations/report/{name}.yml"]
    return annotation, diagnostics


def spanned(archive, annotation) -> list[str]:
    paragraphs = {p.index: p.text for p in archive.documents[0].paragraphs}
    return [paragraphs[i][a:b] for i, a, b in annotation.spans]


# --- anchoring ----------------------------------------------------------------------------------

def test_the_tiny_document_has_the_paragraphs_the_tests_assume(tmp_path):
    archive = collect_with(tmp_path, {})
    assert [(p.index, p.text) for p in archive.documents[0].paragraphs] == [(1, P1), (2, P2), (3, P3)]


def test_unique_passage_anchors_without_a_word(tmp_path):
    archive = collect_with(tmp_path, {"unique": note("voted on the “new” rules")})
    annotation, diagnostics = about(archive, "unique")
    assert (annotation.status, diagnostics) == ("anchored", [])
    start = P1.index("voted")
    assert annotation.spans == [(1, start, start + len("voted on the “new” rules"))]
    assert annotation.number == 1


# One occurrence per line, each with a line of YAML the editor can paste as it is.
AMBIGUOUS = ('the passage "the council" occurs 2 times in report:\n'
             '  1) …The council met on Monday. Then [the council] voted on the "new" rules - after a long… '
             '— add prefix: Then\n'
             '  2) …rules - after a long debate. After that [the council] rested. Its members went home to Geneva… '
             '— add prefix: that')


def test_ambiguous_passage_lists_each_occurrence_and_the_prefix_that_singles_it_out(tmp_path):
    archive = collect_with(tmp_path, {"amb": note("the council")})
    annotation, diagnostics = about(archive, "amb")
    assert annotation.status == "ambiguous" and annotation.spans == []
    assert diagnostics == [("error", 1, "annotation-ambiguous", AMBIGUOUS,
                            "add the 'prefix' (or 'suffix') shown for the occurrence you mean")]
    assert not archive.blocking_errors  # listed on the orphaned page, the build goes on


@pytest.mark.parametrize("prefix, paragraph", [("Then", 1), ("that", 2)])
def test_the_suggested_prefix_anchors_the_ambiguous_passage(tmp_path, prefix, paragraph):
    archive = collect_with(tmp_path, {"amb": note("the council", prefix=prefix)})
    annotation, diagnostics = about(archive, "amb")
    assert (annotation.status, diagnostics) == ("anchored", [])
    text = P1 if paragraph == 1 else P2
    start = text.index(f"{prefix} the council") + len(prefix) + 1
    assert annotation.spans == [(paragraph, start, start + len("the council"))]


def test_every_suggested_prefix_is_usable_even_at_the_start_of_the_document(tmp_path):
    def with_note(extra):
        files = {"sources/start.txt": "A story that starts with its passage\n\nThe council met on Monday.\n\n"
                                      "Later The council voted.\n",
                 "annotations/start/amb.yml": note("The council", **extra)}
        return make_tiny_archive(tmp_path / str(len(list(tmp_path.iterdir()))), files=files).collect()

    message = next(d.message for d in with_note({}).diagnostics if d.code == "annotation-ambiguous")
    # The first occurrence opens the document: nothing comes before it, so a suffix is offered.
    suggestions = [yaml.safe_load(line.split(" — add ", 1)[1]) for line in message.splitlines()[1:]]
    assert [list(s) for s in suggestions] == [["suffix"], ["prefix"]], message
    for suggestion in suggestions:
        (key, value), = suggestion.items()
        assert value.strip(), message
        annotation = with_note({key: value}).annotations[0]
        assert annotation.status == "anchored"


def test_a_suffix_also_singles_out_an_occurrence(tmp_path):
    archive = collect_with(tmp_path, {"amb": note("the council", suffix="rested")})
    annotation, diagnostics = about(archive, "amb")
    assert (annotation.status, diagnostics) == ("anchored", [])
    assert annotation.spans[0][0] == 2


def test_a_typo_reanchors_with_a_warning_showing_the_text_found(tmp_path):
    archive = collect_with(tmp_path, {"typo": note("Then the councel voted")})
    annotation, diagnostics = about(archive, "typo")
    assert annotation.status == "reanchored"
    assert annotation.found == "Then the council voted"
    assert spanned(archive, annotation) == ["Then the council voted"]
    assert diagnostics == [("warning", 1, "annotation-reanchored",
                            'the passage was not found exactly; it was anchored to the closest text (95% alike): '
                            '"Then the council voted"', "if that is the right passage, copy it into 'exact'")]


@pytest.mark.parametrize("exact, hint", [
    ("Zebras xylophone quizzically", "copy the passage from the document page, or delete the annotation"),
    ("Its members flew home to Zurich.",
     'the closest text (72% alike) is "Its members went home to Geneva."; copy the passage from the document page'),
])
def test_a_passage_not_in_the_document_is_an_orphan(tmp_path, exact, hint):
    archive = collect_with(tmp_path, {"orphan": note(exact)})
    annotation, diagnostics = about(archive, "orphan")
    assert (annotation.status, annotation.spans) == ("orphan", [])
    assert diagnostics == [("error", 1, "annotation-orphan", f'the passage "{exact}" is not in report', hint)]
    assert not archive.blocking_errors


@pytest.mark.parametrize("exact", [
    'voted on the "new" rules - after',          # straight quotes, hyphen for the en dash
    "voted on the «new» rules — after",          # other quotes, em dash
    "voted   on the “new”\trules –  after",      # runs of spaces and a tab
])
def test_quotes_dashes_and_spacing_do_not_matter(tmp_path, exact):
    archive = collect_with(tmp_path, {"q": note(exact)})
    annotation, diagnostics = about(archive, "q")
    assert (annotation.status, diagnostics) == ("anchored", [])
    assert spanned(archive, annotation) == ["voted on the “new” rules – after"]


def test_a_passage_folded_over_several_lines_in_the_yaml_anchors(tmp_path):
    text = "exact: voted on the\n  “new” rules –\n  after a long\n  debate.\nbody: A note.\nauthor: A\ndate: 2024-01-01\n"
    archive = collect_with(tmp_path, {"folded": text})
    annotation, diagnostics = about(archive, "folded")
    assert (annotation.status, diagnostics) == ("anchored", [])
    assert spanned(archive, annotation) == ["voted on the “new” rules – after a long debate."]


@pytest.mark.parametrize("exact_yaml", [
    "exact: |\n  a long debate.\n  After that\n",
    'exact: "a long debate.\\n\\nAfter that"\n',
])
def test_a_passage_with_a_line_break_anchors(tmp_path, exact_yaml):
    archive = collect_with(tmp_path, {"lines": exact_yaml + "body: A note.\nauthor: A\ndate: 2024-01-01\n"})
    annotation, diagnostics = about(archive, "lines")
    assert (annotation.status, diagnostics) == ("anchored", [])


def test_a_passage_spanning_two_paragraphs_anchors_in_both(tmp_path):
    archive = collect_with(tmp_path, {"span": note("a long debate. After that")})
    annotation, diagnostics = about(archive, "span")
    assert (annotation.status, diagnostics) == ("anchored", [])
    assert [(i, a) for i, a, _ in annotation.spans] == [(1, P1.index("a long debate.")), (2, 0)]
    assert annotation.spans[-1] == (2, 0, len("After that"))
    assert [s.strip() for s in spanned(archive, annotation)] == ["a long debate.", "After that"]


def test_spans_of_a_two_paragraph_passage_stay_inside_each_paragraph(tmp_path):
    archive = collect_with(tmp_path, {"span": note("a long debate. After that")})
    annotation, _ = about(archive, "span")
    assert annotation.spans == [(1, P1.index("a long debate."), len(P1)), (2, 0, len("After that"))]


def test_notes_are_numbered_in_reading_order(tmp_path):
    archive = collect_with(tmp_path, {"c": note("closing words"), "a": note("met on Monday"),
                                      "b": note("went home"), "z": note("The council met")})
    assert sorted((a.number, a.id) for a in archive.annotations) == [(1, "z"), (2, "a"), (3, "b"), (4, "c")]


def test_one_document_is_anchored_on_its_own_and_its_problems_returned(tmp_path):
    """What a per-document pipeline calls: the same statuses, numbers and diagnostics as the
    archive-level stage, without an Archive (nothing is reported on it)."""
    notes = {"c": note("closing words"), "amb": note("the council"), "typo": note("Then the councel voted"),
             "orphan": note("Zebras xylophone quizzically"), "a": note("met on Monday")}
    archive = collect_with(tmp_path, notes)
    fresh = [replace(a, status="pending", spans=[], found="", quoted="", quoted_prefix="", quoted_suffix="", number=0)
             for a in archive.annotations]
    diagnostics = anchor_document(archive.documents[0], fresh)
    assert sorted(diagnostics, key=Diagnostic.sort_key) == [d for d in archive.diagnostics if d.code.startswith("annotation")]
    assert fresh == archive.annotations
    assert sorted((a.number, a.id, a.status) for a in fresh) == [
        (0, "amb", "ambiguous"), (0, "orphan", "orphan"), (1, "a", "anchored"), (2, "typo", "reanchored"),
        (3, "c", "anchored")]
    assert anchor_document(archive.documents[0], []) == []


@pytest.mark.parametrize("quote, expected", [
    ("the councel voted.", (0.9444444444444444, 5, 23)),  # as close twice: the first
    ("council voted", (0.9629629629629629, 9, 23)),
    ("the councel rested", (0.918918918918919, 60, 79)),
    ("Later the councel", (0.9411764705882353, 24, 41)),
    ("zebras", (0.36363636363636365, 24, 29)),  # "Later" and "After" share "er" with it alike: the first
    ("", (0.0, 0, 0)),
])
def test_the_closest_passage_is_the_first_of_the_most_similar(quote, expected):
    normal = NormalText.of([Paragraph(1, 1, "Then the council voted. Later the council voted. After that the council rested.")])
    assert closest(normal, quote) == (*expected, True)


def _per_character(paragraphs: list[Paragraph]) -> tuple[str, list[tuple[int, int]]]:
    """The normalised text and each character's (paragraph, offset), worked out one character at a time."""
    chars, origin = [], []
    for paragraph in paragraphs:
        for offset, ch in enumerate(paragraph.text + "\n"):
            for n in _norm_char(ch):
                if n == " " and (not chars or chars[-1] == " "):
                    continue
                chars.append(n)
                origin.append((paragraph.index, offset))
    return "".join(chars), origin


@pytest.mark.parametrize("texts", [
    [P1, P2, P3],
    ["  Two  spaces,\ta tab and `back` quotes ", "“Curly” — dashes – and ‘single’ quotes"],
    ["Ligatures: ﬁne … and ½ x¨y ¨ too", "", "non\u00a0breaking\u2003spaces and é or e\u0301", "x"],
])
def test_the_normalised_text_maps_each_character_back_to_the_original(texts):
    paragraphs = [Paragraph(i, i, text) for i, text in enumerate(texts, start=1)]
    normal = NormalText.of(paragraphs)
    text, origin = _per_character(paragraphs)
    assert normal.text == text
    assert [normal.origin(i) for i in range(len(text))] == origin
    assert normal.original(0, len(text)) == "\n".join(t.lstrip() for t in texts if t)


# --- the built pages of a tiny archive ----------------------------------------------------------

HOSTILE = {
    "script": "<script>alert('script')</script> Plain words.",
    "img": "See <img src=x onerror=alert('img')> here.",
    "js": "[click](javascript:alert('md')) and <a href=\"javascript:alert('html')\">this</a>.",
    "iframe": "<iframe src=\"https://evil.example/\"></iframe>\n\n<svg onload=alert('svg')></svg> Done.",
}
# id -> (exact, kind, author, date)
NOTES = {
    "unique": ("met on Monday", "note", "Ann Lee", "2024-01-05"),
    "typo": ("Then the councel voted", "correction", "Bob Stone", "2023-06-01"),
    "quotes": ('the "new" rules - after', "context", "Ann Lee", "2024-05-10"),
    "spanning": ("a long debate. After that", "translation", "Cy Young", "2022-02-02"),
    "script": ("Its members went home", "source", "Eve <b>Bold</b>", "2023-12-31"),
    "img": ("to Geneva", "note", "Ann Lee", "2021-01-01"),
    "js": ("A final paragraph", "note", "Bob Stone", "2024-05-11"),
    "iframe": ("closing words", "context", "Cy Young", "2020-07-07"),
    "orphan": ("Zebras xylophone quizzically", "note", "Ann Lee", "2024-02-02"),
    "amb": ("the council", "note", "Ann Lee", "2024-02-03"),
}
ANCHORED = [n for n in NOTES if n not in ("orphan", "amb")]
READING_ORDER = ["unique", "typo", "quotes", "spanning", "script", "img", "js", "iframe"]
NEWEST_FIRST = ["js", "quotes", "unique", "script", "typo", "spanning", "img", "iframe"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("annotated")
    files = {"sources/report.txt": REPORT}
    for name, (exact, kind, author, date) in NOTES.items():
        files[f"annotations/report/{name}.yml"] = note(exact, HOSTILE.get(name, f"Note {name}."), author, date,
                                                       kind=kind)
    archive = make_tiny_archive(root, files=files)
    result = build_site(archive.config, archive.site(), content_dir=archive.content)
    return archive, result


@pytest.fixture(scope="module")
def report_page(built):
    archive, _ = built
    return page_soup(archive.site(), "documents/report.md")


def test_build_succeeds_with_an_orphan_and_an_ambiguous_note(built):
    _, result = built
    statuses = {a.id: a.status for a in result.archive.annotations}
    assert statuses == {**{n: "anchored" for n in ANCHORED}, "typo": "reanchored", "orphan": "orphan",
                        "amb": "ambiguous"}
    assert sorted(d.code for d in result.archive.errors) == ["annotation-ambiguous", "annotation-orphan"]


def test_document_header_shows_the_annotation_count(report_page):
    dd = meta_rows(report_page).get("Annotations")
    assert squash(dd.get_text()) == f"{len(ANCHORED)} editor notes"
    assert dd.a["href"] == "#note-unique"


def test_notes_follow_their_paragraph_in_reading_order(report_page):
    body = article(report_page).select_one("div.archive-body")
    sequence = [el.get("id") for el in body.find_all(["p", "aside"], recursive=False)
                if el.name == "aside" or re.fullmatch(r"p\d+", el.get("id") or "")]
    assert sequence == ["p1", "note-unique", "note-typo", "note-quotes",
                        "p2", "note-spanning", "note-script", "note-img",
                        "p3", "note-js", "note-iframe"]
    for number, name in enumerate(READING_ORDER, start=1):
        aside = body.find("aside", id=f"note-{name}")
        assert aside["aria-label"] == f"Note {number}"
        assert "archive-note--" + NOTES[name][1] in aside["class"]
        ref = body.find("sup", id=f"ref-{name}")
        assert ref.a["href"] == f"#note-{name}" and ref.a.get_text() == str(number)


def test_passage_spanning_two_paragraphs_is_marked_in_both_and_the_note_follows_the_second(report_page):
    paragraphs = body_paragraphs(report_page)
    number = str(READING_ORDER.index("spanning") + 1)
    marks = {anchor: [squash(m.get_text()) for m in p.select(f'mark.archive-annotated[data-note="{number}"]')]
             for anchor, p in paragraphs.items()}
    assert marks == {"p1": ["a long debate."], "p2": ["After that"], "p3": []}
    assert paragraphs["p1"].find("sup", id="ref-spanning") is None
    assert paragraphs["p2"].find("sup", id="ref-spanning") is not None
    following = [el for el in paragraphs["p1"].find_next_siblings(["p", "aside"])]
    assert following.index(article(report_page).find("aside", id="note-spanning")) > \
        following.index(paragraphs["p2"])


def test_reanchored_note_is_shown_with_a_warning(report_page):
    aside = article(report_page).find("aside", id="note-typo")
    assert squash(aside.select_one("p.archive-note-warning").get_text()) == \
        "The quoted passage was not found exactly; it is shown on the closest text."
    mark = body_paragraphs(report_page)["p1"].select_one('mark[data-note="2"]')
    assert squash(mark.get_text()) == "Then the council voted"


def test_hostile_note_bodies_are_defused(report_page):
    html = str(report_page)
    for tag in report_page.find_all(True):
        for attribute, value in tag.attrs.items():
            assert not attribute.lower().startswith(("onerror", "onload", "onclick", "onmouseover")), tag
            if attribute in ("href", "src", "action", "formaction"):
                assert not str(value).strip().lower().startswith("javascript:"), tag
    assert not [s for s in report_page.find_all("script") if "alert(" in (s.string or "")]
    assert "<script>alert" not in html and "<iframe" not in html and "<svg onload" not in html
    for name in HOSTILE:
        aside = article(report_page).find("aside", id=f"note-{name}")
        assert aside.find(["script", "img", "iframe", "svg", "object", "embed", "style"]) is None, name
    assert squash(article(report_page).find("aside", id="note-script").get_text()).endswith("Plain words.")
    js_links = article(report_page).find("aside", id="note-js").find_all("a")
    assert [(a.get_text(), a.get("href")) for a in js_links[1:]] == [("click", None), ("this", None)]


def test_note_author_is_text_not_html(report_page):
    head = article(report_page).find("aside", id="note-script").select_one("p.archive-note-head")
    assert "Eve <b>Bold</b>" in head.get_text()
    assert head.find("b") is None


def _index_rows(archive):
    page = article(page_soup(archive.site(), "annotations/index.md"))
    return page, page.select("ul#archive-annotations > li")


KIND_LABELS = {"note": "Note", "context": "Context", "correction": "Correction", "translation": "Translation",
               "source": "Source"}


def test_annotations_index_lists_every_anchored_note_newest_first(built):
    archive, _ = built
    page, rows = _index_rows(archive)
    assert squash(page.find("p").get_text()).startswith(f"{len(ANCHORED)} editor notes")
    shown = []
    for row in rows:
        link = row.select_one("p.archive-annotation-head a")
        target = linked_id("annotations/index.md", link["href"], "documents")
        assert target == "report"
        shown.append(link["href"].rsplit("#note-", 1)[1])
        name = shown[-1]
        exact, kind, author, date = NOTES[name]
        assert (row["data-kind"], row["data-author"]) == (kind, author)
        assert row.find("time")["datetime"] == date
        # Each item: kind and document, the passage, the note's first sentence, author and date.
        assert [squash(p.get_text()) for p in row.find_all("p")] == [
            f"{KIND_LABELS[kind]} on {squash(link.get_text())}", f"“{squash(row.select_one('.archive-annotation-passage').get_text())[1:-1]}”",
            squash(row.select_one("p.archive-annotation-text").get_text()), f"{author} · {row.find('time').get_text()}"]
        assert squash(row.select_one(".archive-annotation-passage").get_text())[1:-1] in squash(P1 + " " + P2 + " " + P3)
    assert shown == NEWEST_FIRST
    texts = {row.select_one("p.archive-annotation-head a")["href"].rsplit("#note-", 1)[1]:
             row.select_one("p.archive-annotation-text").get_text() for row in rows}
    assert texts["unique"] == "Note unique."
    # The note's words as its page shows them (Markdown ends the first link at its first ")"), no link, no markup.
    assert texts["js"] == "click) and this."
    counted = squash(page.find_all("p")[-1].get_text())
    assert counted == "2 annotations could not be placed: see orphaned annotations."


def test_annotations_index_filter_offers_the_kinds_and_authors(built):
    archive, _ = built
    page, _ = _index_rows(archive)
    form = page.select_one("form.archive-filter")
    assert [o["value"] for o in form.select('select[name="kind"] option')] == [
        "", "note", "context", "correction", "translation", "source"]
    assert [o["value"] for o in form.select('select[name="author"] option')] == [
        "", "Ann Lee", "Bob Stone", "Cy Young", "Eve <b>Bold</b>"]


def test_orphaned_page_lists_the_orphan_and_the_ambiguous_note(built):
    archive, _ = built
    page = article(page_soup(archive.site(), "annotations/orphaned.md"))
    assert [squash(h.get_text()).rstrip("¶").strip() for h in page.select("h2")] == ["amb", "orphan"]
    orphan = next(h for h in page.select("h2") if "orphan" in h.get_text())
    line = orphan.find_next_sibling("p")
    assert squash(line.get_text()) == ("Orphan in The council and the report · annotations/report/orphan.yml · "
                                       "Ann Lee, 2 February 2024")
    assert linked_id("annotations/orphaned.md", line.a["href"], "documents") == "report"
    assert squash(orphan.find_next_sibling("blockquote").get_text()) == "Zebras xylophone quizzically"
    amb = next(h for h in page.select("h2") if "amb" in h.get_text())
    assert squash(amb.find_next_sibling("p").get_text()).startswith("Ambiguous in The council and the report")


def test_orphaned_notes_are_not_on_the_document_page(report_page):
    page = article(report_page)
    assert page.find("aside", id="note-orphan") is None and page.find("aside", id="note-amb") is None
    assert "Zebras" not in page.get_text()


# --- the W3C Web Annotation export ------------------------------------------------------------

W3C_MOTIVATIONS = {"assessing", "bookmarking", "classifying", "commenting", "describing", "editing", "highlighting",
                   "identifying", "linking", "moderating", "questioning", "replying", "tagging"}
XSD_DATETIME_UTC = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z")


def validate_web_annotations(data: dict) -> list[dict]:
    """Check the W3C Web Annotation Data Model's required fields; return the annotations."""
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection"
    assert isinstance(data["id"], str) and data["id"]
    page = data["first"]
    assert page["type"] == "AnnotationPage"
    items = page["items"]
    assert data["total"] == len(items)
    assert len({item["id"] for item in items}) == len(items)
    for item in items:
        assert isinstance(item["id"], str) and item["id"]
        assert item["type"] == "Annotation"
        body = item["body"]
        assert body["type"] == "TextualBody" and isinstance(body["value"], str) and body["value"].strip()
        assert body["format"] == "text/markdown"
        target = item["target"]
        assert isinstance(target["source"], str) and target["source"]
        selector = target["selector"]
        assert selector["type"] == "TextQuoteSelector"
        assert isinstance(selector["exact"], str) and selector["exact"]
        assert item["motivation"] in W3C_MOTIVATIONS
        assert body.get("purpose", item["motivation"]) in W3C_MOTIVATIONS
        assert XSD_DATETIME_UTC.fullmatch(item["created"]), item["created"]
        dt.datetime.fromisoformat(item["created"].replace("Z", "+00:00"))
        assert item["creator"]["name"]
    return items


def site_relative(data: dict, items: list[dict]) -> list[dict]:
    """The items of an annotations.jsonld with their ids and targets relative to the site (the
    test archives' mkdocs.yml may give a site_url, which makes them absolute)."""
    base = data["id"][:-len("annotations.jsonld")]
    return [{**item, "id": item["id"][len(base):], "target": {**item["target"], "source": item["target"]["source"][len(base):]}}
            for item in items]


def test_tiny_archive_web_annotations(built):
    archive, result = built
    data = json.loads((archive.site() / "annotations.jsonld").read_text(encoding="utf-8"))
    items = site_relative(data, validate_web_annotations(data))
    by_id = {item["id"].rsplit("#note-", 1)[1]: item for item in items}
    assert sorted(by_id) == sorted(ANCHORED)
    for name, item in by_id.items():
        exact, kind, author, date = NOTES[name]
        assert item["created"] == f"{date}T00:00:00Z"
        assert item["creator"]["name"] == author
        assert item["target"]["source"] == "documents/report/"
        assert item["id"] == f"documents/report/#note-{name}"
        assert item["motivation"] == {"note": "commenting", "context": "describing", "correction": "editing",
                                      "translation": "describing", "source": "linking"}[kind]


def test_web_annotation_ids_are_absolute_with_a_site_url(built):
    _, result = built
    data = json.loads(web_annotations(result.archive, "https://example.org/archive/"))
    items = validate_web_annotations(data)
    assert data["id"] == "https://example.org/archive/annotations.jsonld"
    assert {item["id"] for item in items} == {f"https://example.org/archive/documents/report/#note-{n}" for n in ANCHORED}
    assert {item["target"]["source"] for item in items} == {"https://example.org/archive/documents/report/"}


def test_reanchored_note_exports_the_text_it_was_anchored_to(built):
    archive, _ = built
    data = json.loads((archive.site() / "annotations.jsonld").read_text(encoding="utf-8"))
    item = next(i for i in data["first"]["items"] if i["id"].endswith("#note-typo"))
    assert item["target"]["selector"]["exact"] == "Then the council voted"


def test_an_annotation_file_name_cannot_inject_attributes(tmp_path):
    name = 'x" onmouseover="alert(1)'
    archive = make_tiny_archive(tmp_path, files={"sources/report.txt": REPORT,
                                   f"annotations/report/{name}.yml": note("met on Monday")})
    collected = archive.collect()
    if not [d for d in collected.errors if name in d.path]:  # accepted: then the page must stay safe
        # The generated page as `archive serve` and `archive export` publish it (no link check there).
        pages = build(archive.content, Site("Tiny")).pages
        raw_html = BeautifulSoup(pages["documents/report.md"].text, "html.parser")
        assert not raw_html.find_all(lambda tag: "onmouseover" in tag.attrs)


# --- the demo archive ---------------------------------------------------------------------------

def test_demo_has_at_least_six_anchored_annotations_and_no_orphans():
    archive = demo_archive()
    assert len(archive.annotations) >= 6
    assert {a.status for a in archive.annotations} == {"anchored"}
    assert not [d for d in archive.diagnostics if d.code.startswith("annotation")]


def test_demo_web_annotations(demo):
    archive = demo_archive()
    data = json.loads((demo.site / "annotations.jsonld").read_text(encoding="utf-8"))
    items = site_relative(data, validate_web_annotations(data))
    anchored = {(a.doc, a.id) for a in archive.annotations if a.spans}
    assert len(items) == len(anchored) >= 6
    assert {tuple(re.fullmatch(r"documents/([^/]+)/#note-(.+)", i["id"]).groups()) for i in items} == anchored
    for item in items:
        doc_id = item["target"]["source"].split("/")[1]
        note_id = item["id"].rsplit("#note-", 1)[1]
        annotation = next(a for a in archive.annotations if (a.doc, a.id) == (doc_id, note_id))
        assert item["target"]["selector"]["exact"] == annotation.quoted  # the document's own text
        assert item["body"]["value"] == annotation.body
        assert item["created"] == f"{annotation.date}T00:00:00Z"


def test_demo_web_annotation_selectors_quote_the_document_text(demo):
    archive = demo_archive()
    data = json.loads((demo.site / "annotations.jsonld").read_text(encoding="utf-8"))
    for item in site_relative(data, data["first"]["items"]):
        doc = archive.document(item["target"]["source"].split("/")[1])
        text = squash(" ".join(p.text for p in doc.paragraphs))
        assert squash(item["target"]["selector"]["exact"]) in text, item["id"]


def test_demo_annotations_index_lists_every_anchored_note_with_working_links(demo):
    archive = demo_archive()
    anchored = [a for a in archive.annotations if a.spans]
    page = article(page_soup(demo.site, "annotations/index.md"))
    rows = page.select("ul#archive-annotations > li")
    assert len(rows) == len(anchored)
    dates = []
    for row in rows:
        link = row.find("a")
        doc_id = linked_id("annotations/index.md", link["href"], "documents")
        note_id = link["href"].rsplit("#note-", 1)[1]
        annotation = next(a for a in anchored if (a.doc, a.id) == (doc_id, note_id))
        assert (row["data-kind"], row["data-author"]) == (annotation.kind, annotation.author)
        dates.append(row.find("time")["datetime"])
        doc_page = article(page_soup(demo.site, f"documents/{doc_id}.md"))
        assert doc_page.find("aside", id=f"note-{note_id}") is not None
    assert dates == sorted(dates, reverse=True)
    assert squash(page.find_all("p")[-1].get_text()) == "Every annotation is anchored (orphaned annotations: none)."


@pytest.mark.parametrize("doc_id", sorted({a.doc for a in demo_archive().annotations}))
def test_demo_document_header_counts_its_notes(demo, doc_id):
    count = len([a for a in demo_archive().annotations if a.doc == doc_id and a.spans])
    dd = meta_rows(page_soup(demo.site, f"documents/{doc_id}.md")).get("Annotations")
    assert squash(dd.get_text()) == f"{count} editor note{'s' if count != 1 else ''}"
    assert len(article(page_soup(demo.site, f"documents/{doc_id}.md")).select("aside.archive-note")) == count


def test_demo_two_paragraph_note(demo):
    page = page_soup(demo.site, "documents/why-china-wont-stop-north-korea.md")
    paragraphs = body_paragraphs(page)
    annotation = next(a for a in demo_archive().annotations if a.id == "china-influence")
    assert [i for i, _, _ in annotation.spans] == [2, 3]
    number = str(annotation.number)
    assert squash(" ".join(m.get_text() for m in paragraphs["p2"].select(f'mark[data-note="{number}"]'))) == \
        "If it wanted to, Beijing could use its considerable influence to press Pyongyang to curb its atrocities."
    assert squash(" ".join(m.get_text() for m in paragraphs["p3"].select(f'mark[data-note="{number}"]'))) == \
        "Now, experts have different views on just how much influence China has over North Korea."
    aside = article(page).find("aside", id="note-china-influence")
    assert aside.find_previous_sibling("p", class_="archive-p")["id"] == "p3"


@pytest.mark.parametrize("body, problem", [
    ("[" * 8000, "has 8,000 '[' characters (at most 50)"),  # Python-Markdown: 16 s
    ("<a " * 3000, "has 3,000 '<' characters (at most 100)"),  # Python-Markdown: 1.5 s, and growing with the square
    ("".join("    " * i + "- a\n" for i in range(40)), "nests lists, quotes or code more than 16 levels deep"),  # 300: RecursionError
    ("".join(">" * i + " a\n" for i in range(1, 40)), "nests lists, quotes or code more than 16 levels deep"),
    ("a" * 25_000, "is 25,000 characters long (at most 10,000)"),
    ("``a`" * 2400, "has 7,200 '`' characters (at most 100)"),  # Python-Markdown: 1 s, 9,600 characters
])
def test_a_note_too_complex_for_markdown_is_an_error_naming_its_file_and_line(tmp_path, body, problem):
    import time

    started = time.perf_counter()
    archive = collect_with(tmp_path, {"deep": note("the council met", body=body), "fine": note("met on Monday")})
    assert time.perf_counter() - started < 30  # a hang regression bound: these took minutes or crashed
    annotation, diagnostics = about(archive, "deep")
    assert annotation.status == "not loaded"
    assert diagnostics == [("error", 2, "schema-markdown-too-complex", f"'body' {problem}",
                            "shorten it, or simplify its links, code and nesting")]
    assert about(archive, "fine")[0].status == "anchored"


def test_markdown_too_complex_is_shown_as_plain_text_never_rendered():
    from builder.markup import to_html, to_plain_text

    body = "[" * 8000 + "\n\n<script>alert(1)</script>"
    assert to_html(body) == f"<p>{'[' * 8000}</p>\n<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    assert to_plain_text(body) == f"{'[' * 8000} <script>alert(1)</script>"
