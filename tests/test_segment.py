"""Stage segment: paragraphs in source order, one per line, hard-wrapped blocks joined."""

from __future__ import annotations

import pytest

from builder.model import Archive, ContentPath, DocId, Document, Line, SourceFile
from builder.stages.segment import WRAP_MAX, WRAP_MIN, segment_document
from helpers import FAKE_CONTENT


def segment(lines: list[str], removed: dict[int, str] | None = None, captions: set[int] = frozenset()) -> Document:
    doc = Document(DocId("doc"), SourceFile(ContentPath("sources/doc.txt"), FAKE_CONTENT / "sources/doc.txt", b""))
    doc.lines = [Line(n, text) for n, text in enumerate(lines, start=1)]
    for number, kind in (removed or {}).items():
        doc.remove(doc.lines[number - 1], kind, "test")
    doc.captions = set(captions)
    return segment_document(doc)


def table(doc: Document) -> list[tuple[int, str, int, str, str]]:
    return [(p.index, p.anchor, p.line, p.kind, p.text) for p in doc.paragraphs]


def test_one_paragraph_per_line_in_a_block():
    doc = segment(["Short first line.", "A second, much longer line that is a paragraph of its own in web copies.",
                   "Third."])
    assert table(doc) == [
        (1, "p1", 1, "text", "Short first line."),
        (2, "p2", 2, "text", "A second, much longer line that is a paragraph of its own in web copies."),
        (3, "p3", 3, "text", "Third."),
    ]


def test_blank_lines_separate_and_are_not_paragraphs():
    doc = segment(["", "One.", "", "", "   ", "Two.", ""])
    assert table(doc) == [(1, "p1", 2, "text", "One."), (2, "p2", 6, "text", "Two.")]


def test_hard_wrapped_block_is_joined():
    lines = ["This is a hard-wrapped paragraph of prose that goes on for a while and is",
             "wrapped at about seventy-five characters per line, like a plain text mail",
             "message from the nineteen-nineties."]
    assert all(WRAP_MIN <= len(line) <= WRAP_MAX for line in lines[:-1])
    doc = segment(["Title", ""] + lines + ["", "Next paragraph."])
    assert table(doc) == [
        (1, "p1", 1, "text", "Title"),
        (2, "p2", 3, "text", " ".join(lines)),
        (3, "p3", 7, "text", "Next paragraph."),
    ]


def test_two_line_wrapped_paragraph_continuing_with_a_name():
    lines = ["The first issue will cover the review of China by the Committee against",
             "Torture, which is due to take place in the autumn, the office said."]
    doc = segment(lines)
    assert [p.text for p in doc.paragraphs] == [" ".join(lines)]


def test_two_copies_of_an_advert_are_not_joined():
    ad = "Seton Hall University: Take your career further with a graduate degree"
    doc = segment([ad, ad])
    assert [p.text for p in doc.paragraphs] == [ad, ad]


def test_block_with_a_short_inner_line_is_not_wrapped():
    lines = ["Country Profile", "Head of State: Xi Jinping", "Foreign Affairs Minister: Wang Yi"]
    doc = segment(lines)
    assert [p.text for p in doc.paragraphs] == lines


def test_block_with_a_line_over_wrap_max_is_not_wrapped():
    first = "x" * (WRAP_MAX + 1)
    doc = segment([first, "second line"])
    assert [p.text for p in doc.paragraphs] == [first, "second line"]


def test_removed_lines_are_skipped_and_indices_stay_consecutive():
    doc = segment(["Headline", "", "Body one.", "Subscribe to PassBlue", "Body two.", "", "Leave a Comment"],
                  removed={1: "metadata-title", 4: "subscription-prompt", 7: "comment-form"})
    assert table(doc) == [(1, "p1", 3, "text", "Body one."), (2, "p2", 5, "text", "Body two.")]


def test_caption_kind_comes_from_the_caption_lines():
    doc = segment(["A caption of the photo at the top. (UN Photo)", "", "Body."], captions={1})
    assert [(p.kind, p.anchor) for p in doc.paragraphs] == [("caption", "p1"), ("text", "p2")]


def test_paragraph_text_is_stripped():
    doc = segment(["   indented line   "])
    assert [p.text for p in doc.paragraphs] == ["indented line"]


def test_segmenting_twice_gives_the_same_paragraphs():
    doc = segment(["One.", "", "Two."])
    first = table(doc)
    assert table(segment_document(doc)) == first
