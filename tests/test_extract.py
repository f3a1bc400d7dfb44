"""Stage extract: metadata read from the text itself, never invented."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from builder.model import Metadata
from helpers import process

BODY = ("The council met on Monday to discuss the situation in the region, and diplomats said that the vote "
        "on the resolution would take place later in the week after more talks with the members.")
BODY2 = ("China’s mission to the United Nations said in a statement that it would oppose any meeting on the "
         "subject, arguing that human rights fall outside the mandate of the Security Council in New York.")


def meta(**fields) -> dict:
    """A full metadata dict: the given fields, every other field empty."""
    return asdict(Metadata(**fields))


def removals(doc) -> list[tuple[int, str, str]]:
    return sorted((r.line, r.kind, r.text) for r in doc.removals)


# --- titles ----------------------------------------------------------------------------------

def test_first_line_is_the_title_and_leaves_the_body():
    _, doc = process(f"China opposes UN Security Council meeting on North Korea rights\n\n{BODY}\n")
    assert doc.metadata.title == "China opposes UN Security Council meeting on North Korea rights"
    assert doc.origins["title"] == "source"
    assert removals(doc) == [(1, "metadata-title", "China opposes UN Security Council meeting on North Korea rights")]
    assert [p.text for p in doc.paragraphs] == [BODY]


def test_category_archives_header_is_never_the_title():
    _, doc = process(f"Category Archives: News Analysis\n\nWhy China Won’t Stop North Korea’s Human Rights Atrocities"
                     f"\n\n{BODY}\n")
    assert doc.metadata.title == "Why China Won’t Stop North Korea’s Human Rights Atrocities"
    assert doc.metadata.section == "News Analysis"


def test_originally_published_line_is_never_the_title():
    archive, doc = process(f"(Originally published on 06/19/2013)\n{BODY}\n")
    assert doc.metadata.title == ""
    assert doc.metadata.date == "2013-06-19"
    assert removals(doc) == [(1, "metadata-date", "(Originally published on 06/19/2013)")]
    assert doc.removals[0].reason == "publication date line (kept as the date)"
    assert archive.diagnostics == []


@pytest.mark.parametrize("first_line", [
    "The council met on Monday.",               # a sentence ends with a full stop
    "(Photo: the council chamber)",             # starts with a parenthesis
    "[Editor's note]",                          # starts with a bracket
    " ".join(["word"] * 26),                   # too many words for a headline
])
def test_lines_that_are_not_headlines(first_line):
    _, doc = process(f"{first_line}\n\n{BODY}\n")
    assert doc.metadata.title == ""
    assert doc.paragraphs[0].text == first_line


# --- bylines -----------------------------------------------------------------------------------

@pytest.mark.parametrize("byline, authors", [
    ("By Michelle Nichols", ("Michelle Nichols",)),
    ("By Michelle Nichols and Jane Doe", ("Michelle Nichols", "Jane Doe")),
    ("By Ann Lee, Bo Chen and Cy Diaz", ("Ann Lee", "Bo Chen", "Cy Diaz")),
    ("By Ann Lee, Bo Chen, and Cy Diaz", ("Ann Lee", "Bo Chen", "Cy Diaz")),
    ("By Ann Lee & Bo Chen", ("Ann Lee", "Bo Chen")),
    ("By: Stéphanie Fillion", ("Stéphanie Fillion",)),
    ("By Michelle Nichols, Reuters", ("Michelle Nichols",)),
    ("by Patrick Goodenough, Staff Writer", ("Patrick Goodenough",)),
])
def test_bylines(byline, authors):
    _, doc = process(f"A headline for the story\n\n{byline}\n\n{BODY}\n")
    assert doc.metadata.authors == authors
    assert doc.origins["authors"] == "source"
    assert (3, "metadata-byline", byline) in removals(doc)
    assert [p.text for p in doc.paragraphs] == [BODY]


def test_byline_with_date_and_time():
    archive, doc = process("China Backs Ban Ki-Moon, As Advocacy Groups Criticize His Failure to Address Human Rights\n\n"
                           "By Patrick Goodenough | November 3, 2010 | 5:54 AM EDT\n\n" + BODY + "\n")
    assert asdict(doc.metadata) == meta(
        title="China Backs Ban Ki-Moon, As Advocacy Groups Criticize His Failure to Address Human Rights",
        authors=("Patrick Goodenough",), date="2010-11-03")
    assert removals(doc) == [
        (1, "metadata-title", "China Backs Ban Ki-Moon, As Advocacy Groups Criticize His Failure to Address Human Rights"),
        (3, "metadata-byline", "By Patrick Goodenough | November 3, 2010 | 5:54 AM EDT"),
    ]
    assert archive.diagnostics == []


def test_date_line_in_the_header():
    _, doc = process(f"A headline for the story\nNovember 3, 2010\n\n{BODY}\n")
    assert doc.metadata.date == "2010-11-03"
    assert removals(doc) == [(1, "metadata-title", "A headline for the story"),
                             (2, "metadata-date", "November 3, 2010")]


def test_ambiguous_numeric_date_is_read_month_first_with_a_warning():
    archive, doc = process(f"A headline for the story\n(Originally published on 05/06/2020)\n{BODY}\n")
    assert doc.metadata.date == "2020-05-06"
    assert [(d.severity, d.path, d.line, d.column, d.code, d.message, d.hint) for d in archive.diagnostics] == [(
        "warning", "sources/doc.txt", 2, 1, "metadata-ambiguous-date",
        "'05/06/2020' could be month/day or day/month; it was read as month/day",
        "if it is wrong, set the date in the document's sidecar file")]


def test_unambiguous_numeric_date_has_no_warning():
    archive, doc = process(f"(Originally published on 19/06/2013)\n{BODY}\n")
    assert doc.metadata.date == "2013-06-19"
    assert archive.diagnostics == []


def test_byline_with_accented_initial():
    # Regression: BYLINE used to require an ASCII capital, so this byline stayed in the body.
    _, doc = process(f"A headline for the story\n\nBy Élise Dupont\n\n{BODY}\n")
    assert doc.metadata.authors == ("Élise Dupont",)
    assert [p.text for p in doc.paragraphs] == [BODY]


# --- datelines -------------------------------------------------------------------------------

@pytest.mark.parametrize("opening, dateline, publication", [
    ("UNITED NATIONS (Reuters) – China opposes a planned meeting.", "UNITED NATIONS", "Reuters"),
    ("BEIJING, Nov. 3 (Xinhua) -- Chinese President Hu Jintao met Ban Ki-moon.", "BEIJING", "Xinhua"),
    ("GENEVA — The Human Rights Council opened its session.", "GENEVA", ""),
    ("(CNSNews.com) – Ban Ki-moon appears to have secured Beijing’s support.", "", "CNSNews.com"),
])
def test_datelines(opening, dateline, publication):
    _, doc = process(f"A headline for the story\n\n{opening}\n\n{BODY}\n")
    assert (doc.metadata.dateline, doc.metadata.publication) == (dateline, publication)
    # The dateline stays in the text: it is part of what the source says.
    assert [p.text for p in doc.paragraphs] == [opening, BODY]


def test_empty_dateline_remnant_is_cut_from_the_paragraph():
    _, doc = process(f"A headline for the story\n\n( – Ban Ki-moon appears to have secured Beijing’s support.\n\n{BODY}\n")
    assert doc.metadata.dateline == "" and doc.metadata.publication == ""
    assert [p.text for p in doc.paragraphs] == ["Ban Ki-moon appears to have secured Beijing’s support.", BODY]
    remnant = [r for r in doc.removals if r.kind == "dateline-remnant"]
    assert [(r.line, r.text, r.whole_line, r.reason) for r in remnant] == [
        (3, "( – ", False, "empty dateline left from the original page")]


def test_lowercase_opening_is_not_a_dateline():
    _, doc = process(f"A headline for the story\n\nOn Monday - the council met.\n\n{BODY}\n")
    assert doc.metadata.dateline == ""


# --- photo captions ------------------------------------------------------------------------------

def test_caption_with_parenthesised_photo_credit():
    caption = ("U.N. Secretary-General Ban Ki-moon meets with President Hu Jintao at the Great Hall of the People "
               "in Beijing on November 1, 2010.")
    _, doc = process(f"A headline for the story\n\n{caption} (UN Photo by Mark Garten)\n\n{BODY}\n")
    assert doc.metadata.caption == caption
    assert doc.metadata.photo_credit == "UN Photo by Mark Garten"
    assert [(p.kind, p.text) for p in doc.paragraphs] == [
        ("caption", f"{caption} (UN Photo by Mark Garten)"), ("text", BODY)]


def test_caption_with_trailing_all_caps_credit():
    caption = ("On May 3, 2021, Ambassador Zhang Jun told reporters at the UN in New York City that he had missed "
               "them in the last year.")
    _, doc = process(f"A headline for the story\n\n{caption} DULCIE LEIMBACH\n\n{BODY}\n")
    assert doc.metadata.caption == caption
    assert doc.metadata.photo_credit == "Dulcie Leimbach"
    assert doc.paragraphs[0].kind == "caption"
    assert doc.paragraphs[1].kind == "text"


def test_caption_is_not_taken_as_the_dateline_line():
    # The dateline is read from the first paragraph that is not a caption.
    caption = "Ambassador Zhang Jun at the Security Council in New York on Monday. (UN Photo by Loey Felipe)"
    _, doc = process(f"A headline for the story\n\n{caption}\n\nUNITED NATIONS (Reuters) – China said no.\n")
    assert (doc.metadata.dateline, doc.metadata.publication) == ("UNITED NATIONS", "Reuters")


# --- tail: bio, sign-off, reporting credit --------------------------------------------------------

def test_author_bio_gives_author_and_publication():
    bio = ("Stéphanie Fillion is a New York-based reporter specializing in foreign affairs and human rights who "
           "has been writing for PassBlue regularly for a year.")
    _, doc = process(f"A headline for the story\n\n{BODY}\n\n{BODY2}\n\n{bio}\n")
    assert doc.metadata.authors == ("Stéphanie Fillion",)
    assert doc.metadata.publication == "PassBlue"
    assert (doc.origins["authors"], doc.origins["publication"]) == ("source", "source")
    assert (7, "author-bio", bio) in removals(doc)
    assert [p.text for p in doc.paragraphs] == [BODY, BODY2]


def test_sign_off_and_tagline_after_the_article():
    text = (f"A headline for the story\n\nBy Patrick Goodenough\n\n{BODY}\n\n{BODY2}\n\n"
            "Patrick Goodenough\nSpencer Journalism Fellow\n")
    _, doc = process(text)
    assert removals(doc)[-2:] == [(9, "author-signoff", "Patrick Goodenough"),
                                  (10, "author-tagline", "Spencer Journalism Fellow")]
    assert [p.text for p in doc.paragraphs] == [BODY, BODY2]


def test_reporting_by_credit_gives_authors_and_stays_in_the_text():
    credit = "(Reporting by Michelle Nichols; Editing by Richard Chang)"
    _, doc = process(f"A headline for the story\n\n{BODY}\n\n{credit}\n")
    assert doc.metadata.authors == ("Michelle Nichols",)
    assert [p.text for p in doc.paragraphs] == [BODY, credit]


# --- section and publication from removed boilerplate -----------------------------------------------

@pytest.mark.parametrize("line, section", [
    ("Category Archives: News Analysis", "News Analysis"),
    ("Filed under Diplomacy", "Diplomacy"),
    ("Posted in Asia", "Asia"),
])
def test_section_from_archive_header_or_filed_under(line, section):
    _, doc = process(f"A headline for the story\n\n{BODY}\n\n{line}\n")
    assert doc.metadata.section == section
    assert doc.origins["section"] == "source"
    assert section not in " ".join(p.text for p in doc.paragraphs)


def test_first_section_wins():
    _, doc = process(f"Category Archives: News Analysis\n\nA headline for the story\n\n{BODY}\n\nFiled under Diplomacy\n")
    assert doc.metadata.section == "News Analysis"


def test_subscribe_to_x_gives_the_publication():
    _, doc = process(f"A headline for the story\n\n{BODY}\n\nDon't miss a story, subscribe to PassBlue\n")
    assert doc.metadata.publication == "PassBlue"
    assert doc.origins["publication"] == "source"


@pytest.mark.parametrize("prompt", ["Subscribe to our newsletter", "Subscribe to the daily briefing"])
def test_subscribe_to_generic_words_gives_no_publication(prompt):
    _, doc = process(f"A headline for the story\n\n{BODY}\n\n{prompt}\n")
    assert doc.metadata.publication == ""


def test_capitalised_subscribe_to_x_gives_the_publication():
    # Regression: SUBSCRIBE_TO used to be case-sensitive.
    _, doc = process(f"A headline for the story\n\n{BODY}\n\nSubscribe to PassBlue\n")
    assert doc.metadata.publication == "PassBlue"


# --- nothing is invented ----------------------------------------------------------------------------

def test_text_without_byline_has_no_authors_and_needs_review():
    archive, doc = process(f"Why China Won’t Stop North Korea’s Human Rights Atrocities\n\n{BODY}\n\n{BODY2}\n")
    assert asdict(doc.metadata) == meta(title="Why China Won’t Stop North Korea’s Human Rights Atrocities")
    assert doc.origins == {"title": "source"}
    assert doc.needs_review == ["authors", "date", "publication"]
    assert archive.diagnostics == []


def test_bare_text_has_nothing_at_all():
    _, doc = process(f"{BODY}\n\n{BODY2}\n")
    assert asdict(doc.metadata) == meta()
    assert doc.needs_review == ["title", "authors", "date", "publication"]
    assert doc.display_title == "Untitled document (doc)"
    assert doc.removals == []
    assert [p.text for p in doc.paragraphs] == [BODY, BODY2]


def test_names_and_dates_inside_the_body_are_not_metadata():
    body = ("Ambassador Zhang Jun said on November 3, 2010 that by Michelle Nichols’ count the council had met "
            "twelve times, and that Reuters had reported it first from New York on the same evening.")
    _, doc = process(f"A headline for the story\n\n{body}\n")
    assert asdict(doc.metadata) == meta(title="A headline for the story")
