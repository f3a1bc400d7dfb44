"""Every regular expression over source text is linear, or its input is bounded (issue 16).

Each pattern is fed long repeats of its own building blocks, the shapes that make a
backtracking engine try every way of splitting a run (a separator repeated, a run of spaces
between two parts, an opening never closed). A quadratic pattern takes minutes on these
inputs of 60,000 characters; a linear one takes milliseconds. Patterns whose input the code
bounds are called the way the code calls them (through the function that applies the bound).
"""

from __future__ import annotations

import time

import pytest

from builder import anchoring, candidates, dates, nearest, schema_checks, textdecode
from builder.model import Archive, ContentPath, DocId, Document, Line, SourceFile
from builder.stages import extract, html_decode, html_metadata, html_tags
from builder.stages.clean import RULES, match_rule
from helpers import FAKE_CONTENT

SIZE = 60_000
"""Characters in each adversarial input."""
LIMIT = 10.0
"""Seconds: a hang bound, not a timing (linear patterns take milliseconds to a second here, on a
machine shared with other work; the old ones took minutes)."""


def shapes(*blocks: str) -> list[str]:
    """Long inputs made of the blocks: each repeated, all in turn, with a run of spaces in the
    middle, and each followed by a character that makes the match fail at the very end."""
    out = []
    for block in blocks:
        out.append(block * (SIZE // len(block)))
        out.append(block * (SIZE // len(block) // 2) + "\x01")
        out.append(block + " " * SIZE + block)
    together = "".join(blocks)
    out.append(together * (SIZE // len(together)))
    return out


def _extractor(text: str) -> None:
    """The extract stage on a document of one long line, opening, closing and following a paragraph."""
    lines = [Line(1, text), Line(2, "A paragraph."), Line(3, text)]
    doc = Document(DocId("d"), SourceFile(ContentPath("sources/d.txt"), FAKE_CONTENT / "sources/d.txt", b""))
    doc.lines = lines
    extract._Extractor(Archive(content_dir=FAKE_CONTENT), doc).run()


def _search(pattern):
    return lambda text: pattern.search(text)


def _all(pattern):
    return lambda text: list(pattern.finditer(text))


CASES = [
    # clean: each rule as match_rule applies it (pattern rules only to lines of SHORT_LINE characters,
    # except the shortcode rule, which applies to lines of any length)
    ("clean shortcode (any length)", match_rule, shapes('[x a="1" ', "[x a=", " a='1'", "a=b ", "[/", "] ", '"', "=")),
    ("clean every rule on a short line", lambda text: [match_rule(text[i:i + 160]) for i in range(0, 16_000, 160)],
     shapes("cookie ", "cookies accept ", "our  newsletter ", " »", "related posts ")),
    *[(f"clean {rule.kind} (unguarded, short line)", _search(rule.pattern), [s[:160] for s in shapes("cookie ", "a ", " ")])
      for rule in RULES],
    # decode
    ("decode CONTROL", lambda text: textdecode.CONTROL.sub("", text), shapes("\x00", "a\x0b")),
    ("decode LINE_BREAKS", lambda text: textdecode.LINE_BREAKS.sub("\n", text), shapes("\r", "\r\n", "\u2028")),
    # extract: the patterns, and the stage that bounds caption lines
    ("extract PUBLISHED", extract.PUBLISHED.match, [f"Published on {s}" for s in shapes("x ", " ", ")", "on ")]),
    ("extract BYLINE", extract.BYLINE.match, [f"By {s}" for s in shapes(" ", "A", "a ")]),
    ("extract author_names", extract.author_names, shapes(" ", ", ", " and ", " & ", ",and ", "a , and ")),
    ("extract AUTHOR_NOISE", extract.AUTHOR_NOISE.match, shapes("staff ", "a")),
    ("extract DATELINE", extract.DATELINE.match, [f"G{s}" for s in shapes(" ", "A ", "(AFP) ", "-", ", Nov 3 ")]),
    ("extract AGENCY_ONLY", extract.AGENCY_ONLY.match, [f"(AFP){s}" for s in shapes(" ", "-", "– ")]),
    ("extract REMNANT", extract.REMNANT.match, [f"({s}" for s in shapes(" ", ")", "- ")]),
    ("extract BIO", extract.BIO.match, [f"Ann Lee{s}" for s in shapes(" Lee", " is a ", "reporter ")]),
    ("extract WRITES_FOR", _all(extract.WRITES_FOR), shapes("writes for ", "writing for A ", "A ")),
    ("extract SUBSCRIBE_TO", _all(extract.SUBSCRIBE_TO), shapes("subscribe to ", "A ")),
    ("extract REPORTING_BY", extract.REPORTING_BY.match, [f"(Reporting by {s}" for s in shapes(" ", "a, ")]),
    *[(f"extract {kind}", pattern.match, [f"Filed under {s}" for s in shapes(" ", "a")])
      for kind, pattern in extract.SECTION_REMOVALS.items()],
    ("extract stage (captions bounded)", _extractor,
     shapes("x (photo ", "(", " (credit) ", "photo ", "A. B ", ". AB ", "Ann Lee is a reporter ", "By ", "GENEVA - ")),
    # dates
    *[(f"dates pattern {i}", _all(pattern), shapes("May ", "3 ", "May 3, ", "3rd May ", "2010-", "1/", "12/12/"))
      for i, pattern in enumerate(dates.PATTERNS)],
    ("dates parse_date", dates.parse_date, shapes("May 3 ", "30/30/2010 ", "2010-02-30 ")),
    # candidates (archive review)
    ("candidates NAME", _all(candidates.NAME), shapes("A ", "A of ", "of the ", "A.", "A’s ", "Ab'")),
    ("candidates _names", candidates._names, shapes("A’s ", "’s ", "A ")),
    # anchoring
    ("anchoring UNCHANGED", _all(anchoring.UNCHANGED), shapes("a ", " ", "a é ")),
    ("anchoring normalise", anchoring.normalise, shapes("“ ", "  ", "ﬁ ")),
    ("nearest WORD", _all(nearest.WORD), shapes("a ", " ")),
    # captured web pages (the encoding prescan reads PRESCAN_BYTES bytes; the rest reads whole values)
    ("html MARKUP", lambda text: html_decode.MARKUP.sub(" ", text), shapes("<", "<script ", "<style ", "<!--", "<a ")),
    ("html TAG", lambda text: html_tags.TAG.sub(" ", text), shapes("<", "<!--", "<a ", "</")),
    ("html FORMATTING_TAG", lambda text: html_metadata.FORMATTING_TAG.sub(" ", text), shapes("<p ", "<!--", "<b", "</")),
    ("html _without_comments", html_metadata._without_comments, shapes("<!--", "<!-- -->", "-->", "<!-")),
    ("html TAG_OPEN", _search(html_metadata.TAG_OPEN), shapes("<", "< ")),
    ("html LANGUAGE_TAG", html_metadata.LANGUAGE_TAG.match, shapes("en-", "a", "-ab")),
    ("html ISO_DATE", html_metadata.ISO_DATE.match, shapes("2010", " ", "-")),
    ("html ARTICLE_TYPES", _search(html_tags.ARTICLE_TYPES), shapes("Article ", "Report")),
    ("html encoding prescan", lambda text: html_decode.declared_encoding(text.encode()),
     shapes("<meta ", "<meta charset", "<!--", "<?xml ", 'http-equiv="content-type" ')),
    # editor files
    ("schema PARTIAL_DATE", schema_checks.PARTIAL_DATE.match, shapes("2010", "-")),
    ("schema URL", schema_checks.URL.match, [f"https://{s}" for s in shapes("a", "a/", " ")]),
    ("schema SLUG", schema_checks.SLUG.match, shapes("a-", "a", "-")),
]


@pytest.mark.parametrize("name, apply, texts", CASES, ids=[c[0] for c in CASES])
def test_each_pattern_is_quick_on_long_repeats_of_its_building_blocks(name, apply, texts):
    assert texts
    for text in texts:
        started = time.perf_counter()
        apply(text)
        elapsed = time.perf_counter() - started
        assert elapsed < LIMIT, f"{name}: {elapsed:.1f} s on {text[:60]!r}… ({len(text)} characters)"
