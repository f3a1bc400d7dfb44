"""Stage segment: block quotations and headings read from a plain text's layout (issue 21,
item 11), conservatively: only a paragraph's kind changes (its text, number and anchor stay),
and the editors' page lists each one. Table-driven: the demo's two patterns, more that must be
read so, and counterexamples that must stay paragraphs."""

from __future__ import annotations

import time

import pytest

from builder.emit.review_page import render as render_review
from builder.model import Archive, ContentPath, DocId, Document, Line, SourceFile
from builder.stages import segment as stage
from builder.stages.segment import segment_document
from helpers import FAKE_CONTENT, REPO_CONTENT
from test_regex_bounds import LIMIT, shapes
from test_text_stages_real import process

ROTH_INTRO = ("After the UN released its report on human rights in North Korea, Kenneth Roth, the executive "
              "director of Human Rights Watch, argues in Foreign Policy that China needs to do more on North Korea:")
ROTH_QUOTE = ("No country has more influence over North Korea than China, which has long provided a lifeline of "
              "economic aid and political cover to the Kim dynasty.")
PROSE = "This is an ordinary paragraph of the article, and it ends as a sentence ends."


def doc_of(lines: list[str]) -> Document:
    doc = Document(DocId("doc"), SourceFile(ContentPath("sources/doc.txt"), FAKE_CONTENT / "sources/doc.txt", b""))
    doc.lines = [Line(n, text) for n, text in enumerate(lines, start=1)]
    return segment_document(doc)


def blocks(*paragraphs: str) -> list[str]:
    """Lines with a blank line between the paragraphs (a line with "\\n" is a block of several lines)."""
    lines: list[str] = []
    for paragraph in paragraphs:
        lines += paragraph.split("\n") + [""]
    return lines


def kinds(doc: Document) -> list[str]:
    return [p.kind for p in doc.paragraphs]


# --- the demo -------------------------------------------------------------------------------------------

def demo_doc(name: str) -> Document:
    return process((REPO_CONTENT / "sources" / name).read_bytes(), name)[1]


def test_roths_two_quotations_in_the_blog_post_are_block_quotations():
    doc = demo_doc("why-china-wont-stop-north-korea.txt")
    found = [(p.index, p.line, p.kind, p.text[:40]) for p in doc.paragraphs if p.kind != "text"]
    assert found == [(2, 7, "quote", "No country has more influence over North"),
                     (4, 11, "quote", "[China] fears a precedent of internation")]
    # The blogger's own paragraphs around them stay text.
    assert [p.kind for p in doc.paragraphs] == ["text", "quote", "text", "quote", "text", "text", "text"]


def test_country_profile_heads_the_profile_in_chinas_agenda_for_may():
    doc = demo_doc("china-agenda-for-may-2021.txt")
    found = [(p.index, p.line, p.kind, p.text) for p in doc.paragraphs if p.kind not in ("text", "caption")]
    assert found == [(34, 78, "heading", "Country Profile")]
    after = doc.paragraphs[34]
    assert (after.kind, after.text) == ("text", "Head of State: Xi Jinping")


@pytest.mark.parametrize("name", sorted(p.name for p in (REPO_CONTENT / "sources").glob("*.txt")))
def test_structure_changes_no_text_and_no_anchor(name, monkeypatch):
    """The same paragraphs, texts and anchors with the structure read as without: annotations
    anchor as before (p1...pN are unchanged)."""
    with_structure = demo_doc(name)
    monkeypatch.setattr(stage, "_read_structure", lambda *args: None)
    without = demo_doc(name)
    assert [(p.index, p.anchor, p.line, p.text) for p in with_structure.paragraphs] == \
        [(p.index, p.anchor, p.line, p.text) for p in without.paragraphs]
    assert all(p.kind in ("text", "caption") for p in without.paragraphs)


# --- quotations -----------------------------------------------------------------------------------------

QUOTES = {
    "Roth's, alone": (blocks(ROTH_INTRO, ROTH_QUOTE, PROSE), ["text", "quote", "text"]),
    "a statement that reads": (blocks(PROSE, "The statement, issued on Monday, reads:",
                                      "“We will not stand by while civilians suffer, and we call on all parties to stop.”",
                                      PROSE), ["text", "text", "quote", "text"]),
    "a saying verb before 'the following'": (blocks("In the article, Greta Thunberg states the following:",
                                                    "One of humanity’s greatest threats is the belief that enough "
                                                    "is being done.", PROSE), ["text", "quote", "text"]),
    "a quotation over three paragraphs": (blocks(
        "The ambassador told the Council:",
        "“We have listened to every delegation this morning, and we have heard them.",
        "“We will answer each of them in writing before the end of the week.",
        "“And we will not be lectured.”",
        PROSE), ["text", "quote", "quote", "quote", "text"]),
    "an indented block in a text that is not": (blocks(
        PROSE, "  Indented by two spaces, this paragraph is set off from the text around it.", PROSE, PROSE),
        ["text", "quote", "text", "text"]),
    "an indented hard-wrapped block, joined": (blocks(
        PROSE, "    The quoted passage runs on for a while, hard-wrapped by the sender at a\n"
               "    width of about seventy-five characters, and indented by four spaces so.", PROSE, PROSE),
        ["text", "quote", "text", "text"]),
}


@pytest.mark.parametrize("case", list(QUOTES))
def test_quotations(case):
    lines, expected = QUOTES[case]
    assert kinds(doc_of(lines)) == expected


NOT_QUOTES = {
    "a colon without a verb of saying": blocks("We would love your thoughts. Please comment:", PROSE),
    "a list introduced by 'the following'": blocks("According to the law, we agree to the following:",
                                                   "Users can visit our site anonymously and without a name."),
    "a record introduced by 'as follows'": blocks("The reports, as recorded by the police, are as follows:",
                                                  "October 20: ACCIDENT – A vehicle was southbound when a deer ran out."),
    "a list item after the colon": blocks("The letter warned:", "- If the current trend continues, the cases will double."),
    "a numbered item after the colon": blocks("The jokes were written by Kaleb, as told to his grandpa:",
                                              "260. Why did the cow lie down in the grass?"),
    "a label and its value after the colon": blocks("The statement says:", "Head of State: Xi Jinping, since the year 2013."),
    "the quotation in the same paragraph": blocks("China writes: “While acknowledging the effects, we should not "
                                                  "neglect their adverse impacts.”", PROSE),
    "a colon in the middle of the paragraph": blocks("His story, briefly: When Zhang became ambassador he said:", PROSE + ":"),
    "too short to be a quotation": blocks("He said:", "No comment."),
    "a heading after the colon": blocks("The report says:", "Country Profile"),
    "every block indented (the text's own style)": blocks("  " + PROSE, "  " + PROSE, "  " + PROSE),
    "an indented line of a few words": blocks(PROSE, "    Total 1,234", PROSE, PROSE),
}


@pytest.mark.parametrize("case", list(NOT_QUOTES))
def test_not_quotations(case):
    assert "quote" not in kinds(doc_of(NOT_QUOTES[case]))


def test_a_caption_is_never_read_as_a_quotation():
    doc = Document(DocId("doc"), SourceFile(ContentPath("sources/doc.txt"), FAKE_CONTENT / "sources/doc.txt", b""))
    doc.lines = [Line(n, text) for n, text in enumerate(blocks(ROTH_INTRO, ROTH_QUOTE), start=1)]
    doc.captions = {3}
    assert kinds(segment_document(doc)) == ["text", "caption"]


# --- headings -------------------------------------------------------------------------------------------

HEADINGS = {
    "over label lines, in its block": (blocks(PROSE, "Country Profile\nHead of State: Xi Jinping\nLanguage: Mandarin"),
                                       ["text", "heading", "text", "text"]),
    "over a paragraph": (blocks(PROSE, "Power and Performance", PROSE), ["text", "heading", "text"]),
    "with small words": (blocks(PROSE, "A Job for the Tuft Cells", PROSE), ["text", "heading", "text"]),
    "with an acronym": (blocks(PROSE, "AI in Patient Care", PROSE), ["text", "heading", "text"]),
    "with a hyphen and an apostrophe": (blocks(PROSE, "What’s Next for Follow-Up Talks", PROSE),
                                        ["text", "heading", "text"]),
    "in German": (blocks(PROSE, "Neues Leitmotto", "Unter dem Motto der Messe bestärkt die Veranstaltung ihre Gäste."),
                  ["text", "heading", "text"]),
}


@pytest.mark.parametrize("case", list(HEADINGS))
def test_headings(case):
    lines, expected = HEADINGS[case]
    assert kinds(doc_of(lines)) == expected


NOT_HEADINGS = {
    "the first paragraph (a headline)": blocks("China Backs Ban Ki-Moon", PROSE),
    "the last paragraph": blocks(PROSE, "Related Articles"),
    "one word": blocks(PROSE, "Background", PROSE),
    "more than eight words": blocks(PROSE, "The Long and Winding Road That Leads to Your Door Again", PROSE),
    "a sentence": blocks(PROSE, "Read the report.", PROSE),
    "a question": blocks(PROSE, "Why Now?", PROSE),
    "lowercase words": blocks(PROSE, "Country profile", PROSE),
    "all capitals": blocks(PROSE, "DULCIE LEIMBACH", PROSE),
    "a digit": blocks(PROSE, "Ambassador Since 2019", PROSE),
    "a colon": blocks(PROSE, "Language: Mandarin", PROSE),
    "a byline": blocks(PROSE, "By Jane Doe", PROSE),
    "a German byline": blocks(PROSE, "Von Georg Kasch", PROSE),
    "after an unfinished line": blocks("Inline Feedbacks", "View All Comments", PROSE),
    "before another title-case line": blocks(PROSE, "Related Posts", "Notify Of Replies", PROSE),
    "before a line that is no sentence": blocks(PROSE, "Related Posts", "view all comments"),
    "a name over its bio": blocks(PROSE, "Stéphanie Fillion", "Stéphanie Fillion is a New York-based reporter "
                                  "specializing in foreign affairs."),
    "a name over a bio by surname": blocks(PROSE, "Patrick Goodenough", "Goodenough is the international editor of "
                                           "the site and writes from Canberra."),
    "inside a block of lines": blocks(PROSE + "\nCountry Profile\n" + PROSE),
}


@pytest.mark.parametrize("case", list(NOT_HEADINGS))
def test_not_headings(case):
    assert "heading" not in kinds(doc_of(NOT_HEADINGS[case]))


# --- never drops text, bounded time ---------------------------------------------------------------------

@pytest.mark.parametrize("case", [*QUOTES, *HEADINGS])
def test_reading_structure_keeps_every_word(case):
    lines = (QUOTES.get(case) or HEADINGS[case])[0]
    doc = doc_of(lines)
    assert " ".join(p.text for p in doc.paragraphs).split() == " ".join(lines).split()
    assert [p.anchor for p in doc.paragraphs] == [f"p{i}" for i in range(1, len(doc.paragraphs) + 1)]


PATTERNS = {  # each pattern, the way the stage applies it, and the pieces of its worst inputs
    "SAYING": ("search", ["said ", "says", "according to ", " a"]),
    "SAID_FOLLOWING": ("search", ["said the following ", "states  ", ":"]),
    "LISTS": ("search", ["follows ", "following  ", ":"]),
    "ITEM": ("match", ["- ", "12. ", "1"]),
    "LABEL": ("match", ["a ", "a:", "b b ", ":"]),
    "INDENT": ("match", ["  ", "\t"]),
    "WORD": ("fullmatch", ["ab-", "a’", "a"]),
}


@pytest.mark.parametrize("pattern", list(PATTERNS))
def test_patterns_are_linear(pattern):
    """Each pattern of the stage on long repeats of its own pieces, as tests/test_regex_bounds.py
    feeds the others, applied as the stage applies it."""
    method, pieces = PATTERNS[pattern]
    apply = getattr(getattr(stage, pattern), method)
    for text in shapes(*pieces):
        start = time.perf_counter()
        apply(text)
        assert time.perf_counter() - start < LIMIT, (pattern, text[:40])


def test_a_long_document_of_title_case_lines_and_colons_is_segmented_quickly():
    lines = blocks(*(["He said:", "Country Profile", PROSE] * 3000))
    start = time.perf_counter()
    doc = doc_of(lines)
    assert time.perf_counter() - start < LIMIT
    assert len(doc.paragraphs) == 9000


# --- the editors' page lists them ---------------------------------------------------------------------------

def test_the_editors_page_lists_each_heading_and_quotation_with_its_paragraph():
    doc = demo_doc("why-china-wont-stop-north-korea.txt")
    other = demo_doc("china-agenda-for-may-2021.txt")
    archive = Archive(content_dir=FAKE_CONTENT)
    archive.documents = [doc, other]
    body = render_review(archive).body
    section = body[body.index("## Read as headings and quotations"):body.index("## Removed from the text")]
    from bs4 import BeautifulSoup
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in BeautifulSoup(section, "html.parser").select("tbody tr")]
    hrefs = [tr.find_all("a")[1]["href"] for tr in BeautifulSoup(section, "html.parser").select("tbody tr")]
    assert [row[1:3] for row in rows] == [["34", "Heading"], ["2", "Quotation"], ["4", "Quotation"]]
    assert rows[0][3] == "Country Profile"
    assert rows[1][3].startswith("No country has more influence over North Korea than China") and rows[1][3].endswith("…")
    assert hrefs == ["../documents/china-agenda-for-may-2021/#p34", "../documents/why-china-wont-stop-north-korea/#p2",
                     "../documents/why-china-wont-stop-north-korea/#p4"]
