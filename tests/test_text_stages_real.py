"""The text stages on patterns met in real corpora (issue 20), each with near variants:
repeated lines that are the article's own, headlines cut short with an ellipsis, paragraphs
that only look like a photo caption. The demo's boilerplate and captions are still found."""

from __future__ import annotations

import pytest

from builder.stages.extract import CAPTION_MAX_WORDS, TITLE_MAX_CHARS, _is_title
from helpers import REPO_CONTENT, process

TITLE = "Cup draw puts the holders against the leaders"
LONG = ("The draw for the last four of the cup was made on Monday evening, and the holders will travel to the "
        "league leaders in the first of the two ties, which are to be played over the weekend of the 12th.")
LONG2 = ("The manager said that his players were looking forward to the trip and that the squad had no new "
         "injuries, although the captain is still doubtful after missing the last two games with a knee problem.")
WINNERS = "Winners meet in final match"
FIXTURES = ["Arsenal v Chelsea", WINNERS, "Liverpool v Everton", WINNERS, "Leeds v Hull", WINNERS]


def body(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def not_metadata(doc) -> list[tuple[int, str, str]]:
    return sorted((r.line, r.kind, r.text) for r in doc.removals if not r.kind.startswith("metadata-"))


# --- repeated lines: the article's own ----------------------------------------------------------

@pytest.mark.parametrize("lines", [
    [LONG, "", *FIXTURES],                       # the list after the article's last paragraph
    [LONG, "", *FIXTURES, "", LONG2],            # the list between two paragraphs
    [*FIXTURES, "", LONG],                       # the list before the article's first paragraph
    FIXTURES,                                    # the list is the whole body
    [LONG, "", *"\n\n".join(FIXTURES).split("\n"), "", LONG2],  # one fixture a paragraph
], ids=["after", "between", "before", "alone", "paragraphs"])
def test_a_fixture_list_keeps_its_repeated_line(lines):
    archive, doc = process("\n".join([TITLE, "", *lines]) + "\n")
    assert doc.metadata.title == TITLE
    assert not_metadata(doc) == []
    assert body(doc) == [line for line in lines if line]
    assert body(doc).count(WINNERS) == 3


@pytest.mark.parametrize("block", [
    # a table's header before each of its parts
    ["Pos Player Plays Stats", "1 Ann Lee 12 80%", "Pos Player Plays Stats", "2 Bo Chen 10 75%",
     "Pos Player Plays Stats", "3 Cy Diaz 9 60%"],
    # an interview that puts the same questions to each guest
    ["What inspired your recipes?", "My grandmother.", "What inspired your recipes?", "Travel.",
     "What inspired your recipes?", "Hunger, mostly."],
    # a separator between the parts of a list
    ["___", "First item of the list", "___", "Second item of the list", "___"],
], ids=["table-header", "interview", "separator"])
def test_other_repeats_that_are_the_articles_own_are_kept(block):
    lines = [LONG, "", *block, "", LONG2]
    _, doc = process("\n".join([TITLE, "", *lines]) + "\n")
    assert not_metadata(doc) == []
    assert body(doc) == [line for line in lines if line]


# --- repeated lines: page furniture ---------------------------------------------------------------

BANNER = "Take your career further with a graduate degree in International Affairs"


@pytest.mark.parametrize("before, after", [(2, 1), (1, 2), (1, 1), (3, 3)], ids=["2+1", "1+2", "1+1", "3+3"])
def test_a_line_framing_the_article_is_removed(before, after):
    text = "\n".join([*[BANNER] * before, TITLE, "", LONG, "", LONG2, "", *[BANNER] * after]) + "\n"
    _, doc = process(text)
    count = before + after
    lines = [i + 1 for i, line in enumerate(text.splitlines()) if line == BANNER]
    if count >= 3:  # an advert: every copy goes
        reasons = {r.line: r.reason for r in doc.removals if r.kind == "repeated-line"}
        assert reasons == {n: f"line repeated {count} times on the page (advertising or navigation)" for n in lines}
    else:  # twice: the later copy goes (the first may be the headline)
        assert [(r.line, r.reason) for r in doc.removals if r.kind == "repeated-line"] == [
            (lines[1], "repeats an earlier line of the page")]
    assert BANNER not in body(doc)[1:]
    assert body(doc)[-2:] == [LONG, LONG2]


def test_a_headline_repeated_in_the_footer_stays_the_title():
    _, doc = process(f"{TITLE}\n\n{LONG}\n\n{LONG2}\n\nMore stories\n{TITLE}\n")
    assert doc.metadata.title == TITLE
    assert not_metadata(doc) == [(8, "repeated-line", TITLE)]
    assert body(doc) == [LONG, LONG2, "More stories"]


@pytest.mark.parametrize("pair", [
    ["Photo gallery: the final in pictures"] * 2,
    ["Arsenal 1-1 Chelsea"] * 2,  # a results list: two matches ended alike
    ["0-0"] * 2,
    ["And the river runs on, and the river runs on"] * 2,  # a refrain, a paragraph each time
], ids=["caption", "result", "score", "refrain"])
@pytest.mark.parametrize("where", ["inside", "after"])
def test_a_copy_of_the_line_above_is_the_article_s_own_and_kept(where, pair):
    """Review of issue 20: a line that copies the one above it is not page furniture for that
    alone (it was removed as "repeats an earlier line of the page")."""
    lines = [LONG, "", *pair, "", LONG2] if where == "inside" else [LONG, "", LONG2, "", *pair]
    _, doc = process("\n".join([TITLE, "", *lines]) + "\n")
    assert not_metadata(doc) == []
    assert body(doc).count(pair[0]) == 2


def test_a_refrain_in_paragraphs_of_their_own_is_kept():
    refrain = "We shall not be moved."
    _, doc = process("\n\n".join([TITLE, LONG, refrain, refrain, LONG2, refrain]) + "\n")
    assert not_metadata(doc) == []
    assert body(doc) == [LONG, refrain, refrain, LONG2, refrain]


@pytest.mark.parametrize("line, kind", [("Share on Facebook", "share-buttons"), ("Back to top", "navigation")])
def test_a_copy_of_the_line_above_that_is_navigation_or_share_text_is_removed(line, kind):
    _, doc = process("\n".join([TITLE, "", LONG, "", line, line, "", LONG2]) + "\n")
    assert not_metadata(doc) == [(5, kind, line), (6, kind, line)]
    assert body(doc) == [LONG, LONG2]


@pytest.mark.parametrize("line, kind", [("Back to top", "navigation"), ("Share", "share-buttons"),
                                        ("Tweet", "share-buttons"), ("Advertisement", "advertising")])
def test_repeated_navigation_and_share_text_inside_the_article_is_removed(line, kind):
    text = "\n".join([TITLE, "", LONG, "", line, "", LONG2, "", line, "", LONG, "", line]) + "\n"
    _, doc = process(text)
    assert not_metadata(doc) == [(5, kind, line), (9, kind, line), (13, kind, line)]
    assert body(doc) == [LONG, LONG2, LONG]


# --- headlines cut short -------------------------------------------------------------------------------

@pytest.mark.parametrize("headline", [
    "Rivals of the £400 Apple...",
    "Rivals of the £400 Apple…",
    "Rivals of the £400 Apple ...",
    "Rivals of the £400 Apple. . .",
    "Why the cheapest phones are catching up...",
    "Trade talks with the U.S.",
    "New envoy named to the U.N.",
])
def test_a_headline_ending_in_an_ellipsis_or_initialism_is_the_title(headline):
    _, doc = process(f"{headline}\n\n{LONG}\n\n{LONG2}\n")
    assert doc.metadata.title == headline
    assert doc.display_title == headline
    assert [(r.line, r.kind) for r in doc.removals] == [(1, "metadata-title")]
    assert body(doc) == [LONG, LONG2]


@pytest.mark.parametrize("first_line", [
    "The council met on Monday.",       # a sentence
    "The council said:",                # a lead-in
    "First, the facts,",                # a clause
    "Shares rose by 3.5.",              # a sentence ending in a number
    "Rivals of the £400 Apple.. ",      # two dots end no headline
])
def test_a_first_line_ending_like_a_sentence_is_still_not_the_title(first_line):
    _, doc = process(f"{first_line}\n\n{LONG}\n")
    assert doc.metadata.title == ""
    assert body(doc) == [first_line.strip(), LONG]


def test_the_ellipsis_and_initialism_patterns_see_only_short_lines():
    # A line too long for a headline is refused before either pattern reads it.
    assert not _is_title("A." * (TITLE_MAX_CHARS // 2) + "A")
    assert not _is_title("word " + ". " * 30_000 + "...")
    assert _is_title("Talks " + "A." * 20)


# --- photo captions ----------------------------------------------------------------------------------------

def words(n: int, last: str = "on PS2.") -> str:
    """A paragraph of exactly n words, ending in ``last``."""
    filler = ("the new console sold well in its first weeks in the shops and many of the games that made the "
              "old one famous were brought back ").split()
    head = [filler[i % len(filler)] for i in range(n - len(last.split()))]
    return " ".join(["The", *head[1:], last]) if head else last


ZELDA = words(150) + " THE LEGEND OF ZELDA"


def test_a_long_paragraph_ending_with_a_caps_subheading_is_not_a_caption():
    _, doc = process(f"Nintendo fans get their classics back\n\n{ZELDA}\n\n{LONG}\n")
    assert (doc.metadata.caption, doc.metadata.photo_credit) == ("", "")
    assert [(p.kind, p.text) for p in doc.paragraphs] == [("text", ZELDA), ("text", LONG)]
    assert doc.needs_review == ["authors", "date", "publication"]


@pytest.mark.parametrize("paragraph", [
    words(CAPTION_MAX_WORDS + 1) + " THE LEGEND OF ZELDA",
    words(CAPTION_MAX_WORDS + 1, "on PS2") + " (Image courtesy of Nintendo)",
    words(150, "on PS2") + " (Photo: Nintendo)",
], ids=["caps", "paren", "paren-long"])
def test_a_paragraph_longer_than_a_caption_is_text(paragraph):
    _, doc = process(f"Nintendo fans get their classics back\n\n{paragraph}\n\n{LONG}\n")
    assert (doc.metadata.caption, doc.metadata.photo_credit) == ("", "")
    assert body(doc) == [paragraph, LONG]


def test_a_short_paragraph_after_the_articles_first_paragraph_is_not_a_caption():
    # Near the top means before the article's text: after a paragraph of it, a line is text.
    short = words(40) + " THE LEGEND OF ZELDA"
    _, doc = process(f"Nintendo fans get their classics back\n\n{LONG}\n\n{short}\n\n{LONG2}\n")
    assert (doc.metadata.caption, doc.metadata.photo_credit) == ("", "")
    assert [p.kind for p in doc.paragraphs] == ["text", "text", "text"]


@pytest.mark.parametrize("before", [[], ["A short standfirst about the story"]], ids=["first", "after-standfirst"])
@pytest.mark.parametrize("credit, expected", [
    ("DULCIE LEIMBACH", "Dulcie Leimbach"), ("(UN Photo by Mark Garten)", "UN Photo by Mark Garten"),
    ("(Photo: Jane Doe/Reuters)", "Photo: Jane Doe/Reuters")])
def test_a_short_caption_near_the_top_is_still_a_caption(before, credit, expected):
    caption = words(CAPTION_MAX_WORDS, "in Kyoto.")
    _, doc = process("\n\n".join(["Nintendo fans get their classics back", *before, f"{caption} {credit}", LONG]) + "\n")
    assert (doc.metadata.caption, doc.metadata.photo_credit) == (caption, expected)
    assert [p.kind for p in doc.paragraphs] == ["text"] * len(before) + ["caption", "text"]


# --- the demo's boilerplate and captions ------------------------------------------------------------------------

def demo(name: str):
    return process((REPO_CONTENT / "sources" / name).read_bytes(), name)[1]


def test_the_demo_advert_framing_its_article_and_its_repeated_headline_are_removed():
    doc = demo("china-agenda-for-may-2021.txt")
    assert sorted((r.line, r.reason) for r in doc.removals if r.kind == "repeated-line") == [
        (1, "line repeated 3 times on the page (advertising or navigation)"),
        (2, "line repeated 3 times on the page (advertising or navigation)"),
        (92, "repeats an earlier line of the page"),
        (100, "line repeated 3 times on the page (advertising or navigation)"),
    ]
    assert doc.metadata.title == "China’s Agenda for May: Less on Myanmar, More on Tech, Peace and Security"
    assert doc.metadata.photo_credit == "Dulcie Leimbach"
    assert doc.metadata.caption.startswith("On May 3, 2021, Ambassador Zhang Jun told reporters")
    assert doc.paragraphs[0].kind == "caption"


def test_the_demo_doubled_sign_off_and_parenthesised_credit():
    doc = demo("china-backs-ban-ki-moon.txt")
    assert sorted((r.line, r.kind) for r in doc.removals if r.line in (60, 61, 62)) == [
        (60, "author-signoff"), (61, "author-signoff"), (62, "author-tagline")]
    assert doc.metadata.photo_credit == "UN Photo by Mark Garten"
    assert doc.paragraphs[0].kind == "caption"
