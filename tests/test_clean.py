"""Stage clean: web boilerplate leaves the body, every removal recorded with its kind and reason."""

from __future__ import annotations

import pytest

from builder.model import Archive, ContentPath, DocId, Document, SourceFile
from builder.stages.clean import FOOTER_LINE, SHORT_LINE, SUBSTANTIAL_WORDS, clean_document, match_rule
from builder.stages.decode import decode_document
from helpers import FAKE_CONTENT, process

# A real paragraph: more than SUBSTANTIAL_WORDS words.
LONG = ("The council met on Monday to discuss the situation in the region, and diplomats said that the vote "
        "on the resolution would take place later in the week after more talks with the members.")
LONG2 = ("China’s mission to the United Nations said in a statement that it would oppose any meeting on the "
         "subject, arguing that human rights fall outside the mandate of the Security Council in New York.")
assert len(LONG.split()) >= SUBSTANTIAL_WORDS and len(LONG2.split()) >= SUBSTANTIAL_WORDS


def cleaned(text: str) -> Document:
    """Decode and clean only (no extraction), so removals are exactly the clean stage's."""
    archive = Archive(content_dir=FAKE_CONTENT)
    doc = Document(DocId("doc"), SourceFile(ContentPath("sources/doc.txt"), FAKE_CONTENT / "sources/doc.txt",
                                            text.encode("utf-8")))
    assert decode_document(archive, doc)
    return clean_document(doc)


def removed(doc: Document) -> list[tuple[int, str, str]]:
    return sorted((r.line, r.kind, r.text) for r in doc.removals)


def kept(doc: Document) -> list[str]:
    return [line.text for line in doc.kept_lines() if line.text.strip()]


@pytest.mark.parametrize("line, kind", [
    ('[display-posts taxonomy="category" posts_per_page="3"]', "shortcode"),
    ("[/caption]", "shortcode"),
    ("Category Archives: News Analysis", "archive-header"),
    ("Tag Archive: Human Rights", "archive-header"),
    ("Filed under News Analysis", "filed-under"),
    ("Posted in Asia, Diplomacy", "filed-under"),
    ("Subscribe to PassBlue", "subscription-prompt"),
    ("Don't miss a story", "subscription-prompt"),
    ("Don’t miss a  story,  Subscribe to PassBlue", "subscription-prompt"),
    ("on the UN directly to your inbox.", "subscription-prompt"),
    ("We respect your privacy and take protecting it seriously", "subscription-prompt"),
    ("Sign up for our weekly briefing", "subscription-prompt"),
    ("Leave a Comment", "comment-form"),
    ("Leave a Reply", "comment-form"),
    ("Notify of", "comment-form"),
    ("Inline Feedbacks", "comment-form"),
    ("View all comments", "comment-form"),
    ("This site uses Akismet to reduce spam. Learn how your comment data is processed.", "comment-form"),
    ("We would love your thoughts. Please comment:", "comment-form"),
    ("We welcome your comments on this article.  What are your thoughts?", "comment-form"),
    ("12 Comments", "comment-form"),
    ("Comments are closed.", "comment-form"),
    ("Related Posts", "related-links"),
    ("PassBlue Related Articles", "related-links"),
    ("You might be interested in these posts.", "related-links"),
    ("Read more: China at the UN", "related-links"),
    ("Recommended for you", "related-links"),
    ("Most Read", "related-links"),
    ("Advertisement", "advertising"),
    ("(Advertisement)", "advertising"),
    ("Story continues below advertisement", "advertising"),
    ("Share this:", "share-buttons"),
    ("Click to share on Twitter (Opens in new window)", "share-buttons"),
    ("Tweet", "share-buttons"),
    ("We use cookies to improve your experience. By continuing you accept our use of cookies.", "cookie-banner"),
    ("Skip to content", "navigation"),
    ("Menu", "navigation"),
    ("SMALL STATES - Our series exploring how the UN and others can better serve these countries →", "promo-link"),
    ("Global coverage from our correspondents >>", "promo-link"),
])
def test_each_rule_on_a_real_looking_line(line, kind):
    rule = match_rule(line)
    assert rule is not None and rule.kind == kind
    # ...and the stage removes that line, recording the rule's reason.
    doc = cleaned(f"{LONG}\n\n{line}\n\n{LONG2}\n")
    assert [(r.line, r.kind, r.text, r.reason) for r in doc.removals] == [(3, kind, line, rule.reason)]
    assert kept(doc) == [LONG, LONG2]


@pytest.mark.parametrize("line", [
    "Ambassador Zhang said the council would meet on Monday.",
    "China’s Agenda for May: Less on Myanmar, More on Tech, Peace and Security",
    "The Secretary-General thanked China for its contribution to UN Women and gender empowerment.",
    "Home Secretary Priti Patel said the decision was final.",  # 'Home' only as a whole line
    "Menu options at the state banquet included Peking duck.",
])
def test_ordinary_lines_match_no_rule(line):
    assert match_rule(line) is None


def test_long_paragraph_saying_subscribe_is_kept():
    paragraph = ("Readers who subscribe to the newsletter of the Human Rights Council receive its reports, but the "
                 "council said on Monday that it would also publish them on its website, so that anyone can read "
                 "what the special rapporteurs found during their visits to Xinjiang and Tibet.")
    assert len(paragraph) > SHORT_LINE
    doc = cleaned(f"{LONG}\n\n{paragraph}\n\n{LONG2}\n")
    assert doc.removals == []
    assert kept(doc) == [LONG, paragraph, LONG2]


def test_long_line_is_never_matched_by_a_pattern_rule():
    assert match_rule("Subscribe " + "x" * SHORT_LINE) is None
    assert match_rule("Subscribe " + "x" * (SHORT_LINE - 10)) is not None


# Longer than FOOTER_LINE but fewer than SUBSTANTIAL_WORDS words (so not itself "substantial").
WIDE = "https://example.org/" + "a-very-long-address-segment/" * 8
assert len(WIDE) > FOOTER_LINE and len(WIDE.split()) < SUBSTANTIAL_WORDS


def test_footer_starts_after_last_substantial_line():
    text = "\n".join([
        LONG,
        "Leave a Reply",                      # footer starts here: after the last substantial line
        "Global Connections Television - The only talk show of its kind in the world",
        "An unrelated promotional line",
        WIDE,                                  # longer than FOOTER_LINE: kept as text
    ])
    doc = cleaned(text)
    assert removed(doc) == [
        (2, "comment-form", "Leave a Reply"),
        (3, "page-footer", "Global Connections Television - The only talk show of its kind in the world"),
        (4, "page-footer", "An unrelated promotional line"),
    ]
    assert kept(doc) == [LONG, WIDE]
    footer = next(r for r in doc.removals if r.kind == "page-footer")
    assert footer.reason == "page footer after the article (comments, promotion, links)"


def test_footer_rule_before_the_last_paragraph_does_not_start_the_footer():
    text = f"{LONG}\n\nLeave a Reply\n\nA short line between the paragraphs.\n\n{LONG2}\n"
    doc = cleaned(text)
    assert removed(doc) == [(3, "comment-form", "Leave a Reply")]
    assert kept(doc) == [LONG, "A short line between the paragraphs.", LONG2]


def test_non_footer_rule_after_the_article_does_not_start_a_footer():
    doc = cleaned(f"{LONG}\n\nAdvertisement\n\nAnother short closing line.\n")
    assert removed(doc) == [(3, "advertising", "Advertisement")]
    assert kept(doc) == [LONG, "Another short closing line."]


def test_repeated_lines():
    ad = "Seton Hall University: Take your career further with a graduate degree in International Affairs"
    title = "China’s Agenda for May: Less on Myanmar, More on Tech, Peace and Security"
    text = "\n".join([ad, ad, title, LONG, LONG2, title, "x", ad])
    doc = cleaned(text)
    assert [(r.line, r.kind, r.reason) for r in sorted(doc.removals, key=lambda r: r.line)] == [
        (1, "repeated-line", "line repeated 3 times on the page (advertising or navigation)"),
        (2, "repeated-line", "line repeated 3 times on the page (advertising or navigation)"),
        (6, "repeated-line", "repeats an earlier line of the page"),
        (8, "repeated-line", "line repeated 3 times on the page (advertising or navigation)"),
    ]
    # A line seen twice keeps its first occurrence.
    assert kept(doc) == [title, LONG, LONG2, "x"]


def test_repeated_long_paragraph_is_kept():
    long_quote = "“" + "We need China’s full engagement, we need China’s leadership " * 4 + "”"
    assert len(long_quote) > FOOTER_LINE
    doc = cleaned(f"{long_quote}\n{long_quote}\n{long_quote}\n")
    assert doc.removals == []


def test_repeat_detection_ignores_case_and_spacing():
    doc = cleaned(f"Read the Full Report Here\n{LONG}\n{LONG2}\nread the  full report here\n")
    assert removed(doc) == [(4, "repeated-line", "read the  full report here")]


def test_long_shortcode_is_removed():
    shortcode = ('[display-posts taxonomy="category" tax_term="current" orderby="date" posts_per_page="3" '
                 'wrapper="ul" content_class="pb-inpost-list" wrapper_class="pb-inpost-layout" exclude_current="true"]')
    assert len(shortcode) > SHORT_LINE
    doc = cleaned(f"{LONG}\n\n{shortcode}\n\n{LONG2}\n")
    assert removed(doc) == [(3, "shortcode", shortcode)]


def test_long_prose_line_opening_with_brackets_is_not_a_shortcode():
    prose = ("[China] fears a precedent of international attention to peacetime repression, lest China’s own "
             "conduct — whether in the restive regions of Xinjiang and Tibet — be the next subject of interest.")
    assert len(prose) > SHORT_LINE
    assert match_rule(prose) is None
    assert match_rule("[China] said no.") is None
    doc = cleaned(f"{LONG}\n\n{prose}\n")
    assert doc.removals == []


def test_share_buttons_above_a_short_paragraph_article():
    # Regression: with no line of 30+ words, a share line ABOVE the article used to start the "footer",
    # and the whole body was removed as page footer.
    text = ("Title of the story\nShare this:\n\n"
            "The council met on Monday to discuss the situation in the region, diplomats said.\n\n"
            "Ambassador Zhang told reporters that China would oppose the meeting.\n\n"
            "The vote is expected on Thursday.\n")
    _, doc = process(text)
    assert [p.text for p in doc.paragraphs] == [
        "The council met on Monday to discuss the situation in the region, diplomats said.",
        "Ambassador Zhang told reporters that China would oppose the meeting.",
        "The vote is expected on Thursday.",
    ]


def test_hard_wrapped_article_mentioning_a_newsletter():
    # Regression: in hard-wrapped text every line is short, so a wrapped line that said "newsletter" used to be cut
    # out of its paragraph, and everything after it was dropped as page footer.
    text = ("Rights office to publish a bulletin\n\n"
            "GENEVA - The human rights office said on Monday that it would publish a\n"
            "monthly newsletter on the work of the treaty bodies for diplomats in Geneva\n"
            "and New York, starting in June this year, according to a statement.\n\n"
            "The first issue will cover the review of China by the committee against\n"
            "torture, which is due to take place in the autumn. Subscribe to it at\n"
            "the office's website, the statement said.\n")
    _, doc = process(text)
    assert doc.metadata.title == "Rights office to publish a bulletin"
    assert [r.kind for r in doc.removals] == ["metadata-title"]
    assert [p.text for p in doc.paragraphs] == [
        "GENEVA - The human rights office said on Monday that it would publish a monthly newsletter on the work "
        "of the treaty bodies for diplomats in Geneva and New York, starting in June this year, according to a "
        "statement.",
        "The first issue will cover the review of China by the committee against torture, which is due to take "
        "place in the autumn. Subscribe to it at the office's website, the statement said.",
    ]


def test_headline_mentioning_a_newsletter_above_hard_wrapped_text():
    text = ("UN rights office to publish newsletter\n\n"
            "GENEVA - The human rights office said on Monday that it would publish a\n"
            "monthly bulletin on the work of the treaty bodies for diplomats in Geneva\n"
            "and New York, starting in June this year, according to a statement.\n")
    _, doc = process(text)
    assert doc.metadata.title == "UN rights office to publish newsletter"
    assert [p.text for p in doc.paragraphs] == [
        "GENEVA - The human rights office said on Monday that it would publish a monthly bulletin on the work "
        "of the treaty bodies for diplomats in Geneva and New York, starting in June this year, according to a "
        "statement."]


# --- hostile input (issue 16) -------------------------------------------------------------------

@pytest.mark.parametrize("line, is_shortcode", [
    ('[caption id="attachment_1" align="alignnone" width="300"]', True),
    ("[x a=b]", True),
    ("[x a=b/]", True),
    ("[x a='1 2' b=\"3 4\"]", True),
    ("[embed url=https://example.org/a?b=1 /]", True),
    ('[x a="1"x]', True),
    ("[x a=]", False),
    ("[x a]", False),
    ("[x a=b", False),
    ('[x' + ' a="1"' * 40 + ' b', False),
])
def test_shortcode_rule_on_real_and_unfinished_shortcodes(line, is_shortcode):
    rule = match_rule(line)
    assert (rule is not None and rule.kind == "shortcode") is is_shortcode


def test_an_unfinished_shortcode_of_many_attributes_is_text_and_quick():
    # Regression: 40 quoted attributes without the closing bracket sent the shortcode rule into
    # catastrophic backtracking (26 attributes took 28 s; each 2 more multiplied that by 4).
    import time

    line = '[x' + ' a="1"' * 40 + ' b'
    started = time.perf_counter()
    archive, doc = process(f"Headline of the story\n\n{line}\n\n{LONG}\n")
    assert time.perf_counter() - started < 5
    assert [p.text for p in doc.paragraphs] == [line, LONG]
    assert archive.diagnostics == []


@pytest.mark.parametrize("text", [
    "Real paragraph.\nSubscribe\n",
    "Subscribe\nReal paragraph.\n",
    "Headline of the story\n\nSubscribe\n\nReal paragraph.\n",
    "Real paragraph.\n\nSubscribe\n\nAnother real paragraph.\n",
])
def test_a_short_document_keeps_its_real_paragraphs_around_a_subscribe_line(text):
    # Regression: with no line long enough to count as article text, a "Subscribe" line started the
    # page footer, every line after it was removed, and the document was left out whole.
    from builder.stages.empty import drop_empty

    archive, doc = process(text)
    archive = drop_empty(archive)
    assert archive.documents == [doc]
    assert archive.diagnostics == []
    expected = [line for line in text.splitlines() if line.endswith(".")]
    assert [p.text for p in doc.paragraphs] == expected
    assert [(r.kind, r.text) for r in doc.removals if r.kind != "metadata-title"] == [("subscription-prompt", "Subscribe")]


def test_a_short_document_still_loses_its_footer_after_its_last_sentence():
    doc = cleaned("A short first paragraph.\n\nThe closing paragraph of it.\n\nLeave a Reply\n\nRelated story one\n"
                  "Related story two\n")
    assert removed(doc) == [(5, "comment-form", "Leave a Reply"), (7, "page-footer", "Related story one"),
                            (8, "page-footer", "Related story two")]
