"""Stage: take web boilerplate out of each document's body.

Every rule is data: a kind code, the reason shown to editors, and a pattern. Removed
lines are recorded on the document (never silently dropped) and listed on the review
page. Pattern rules only touch short lines, so a real paragraph that happens to say
"subscribe" is never lost. A line that repeats is removed only when its repetition has
the page's shape (it frames the article: before its text and again after it): the rows of a
fixture list, the questions of an interview, a song's refrain and a result that comes twice
("0-0", "0-0") repeat too, even one line right after another, and they are the article's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from builder.model import Archive, Document
from builder.stages.read import reader_for
from builder.textblocks import blocks, is_wrapped

SHORT_LINE = 160
"""Pattern rules apply only to lines up to this many characters."""
SUBSTANTIAL_WORDS = 30
"""A line with at least this many words is article text; the footer starts after the last one."""
PROSE_WORDS = 12
SENTENCE_END = (".", "!", "?", "\"", "”", "’", ")")
"""A line of at least PROSE_WORDS words ending like a sentence is article text too."""
FOOTER_LINE = 200
"""In the footer, lines up to this long are removed; longer ones are kept as text."""


@dataclass(frozen=True)
class Rule:
    kind: str
    reason: str
    pattern: re.Pattern[str]
    marks_footer: bool = False  # the page footer (comments, related posts...) starts here
    any_length: bool = False  # applies to long lines too (the pattern cannot match prose)


def _rule(kind: str, reason: str, pattern: str, marks_footer: bool = False, any_length: bool = False) -> Rule:
    return Rule(kind, reason, re.compile(pattern, re.I), marks_footer, any_length)


RULES: tuple[Rule, ...] = (
    _rule("shortcode", "WordPress shortcode, not text", r"^\[/?[a-z][\w-]*+(?:\s++[\w-]++=(?>\"[^\"]*+\"|'[^']*+'|\S)\S*)*\s*/?\]$",
          any_length=True),
    _rule("archive-header", "archive page header (the category is kept as the section)",
          r"^(?:category|tag|section) archives?:\s*\S"),
    _rule("filed-under", "'Filed under' footer (the category is kept as the section)",
          r"^(?:filed under|posted in)\s+\S"),
    _rule("subscription-prompt", "subscription prompt",
          r"\bsubscribe\b|\b(?:our|free|daily|weekly)\s+newsletters?\b|newsletter\s+sign[- ]?up|"
          r"don['’]t miss a\s+story|to your inbox|we respect your privacy|^sign up\b",
          marks_footer=True),
    _rule("comment-form", "comment form",
          r"^leave a (?:comment|reply)\b|^notify of\b|^inline feedbacks$|^view all comments$|\bakismet\b|"
          r"please comment:?$|we welcome your comments|what are your thoughts\??$|^comments are closed|"
          r"^\d+ comments?$|^join the discussion|^post a comment|^add a comment",
          marks_footer=True),
    _rule("related-links", "related-links box",
          r"^(?:[\w.]+\s+)?related (?:posts|articles|stories|content|coverage)$|you might (?:also )?be interested in|"
          r"^read more\b|^recommended(?: for you| stories| articles)?:?$|^more from\b|^most (?:read|popular)$",
          marks_footer=True),
    _rule("advertising", "advertising", r"^\(?advertisements?\)?$|^sponsored(?: content)?$|^ad$|^story continues below"),
    _rule("share-buttons", "share buttons",
          r"^share (?:this|on)\b|^click to (?:share|print|email)|^(?:tweet|print|email|share)$", marks_footer=True),
    _rule("cookie-banner", "cookie banner", r"\bcookies?\b.*\b(?:accept|consent|we use)\b|^accept(?: all)? cookies"),
    _rule("navigation", "site navigation",
          r"^skip to (?:main )?content$|^(?:menu|search|home|next|previous)$|^(?:back|return) to (?:the )?top$"),
    _rule("promo-link", "promotional link", r"\s[→»]$|\s>>$"),
)


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def match_rule(text: str) -> Rule | None:
    short = len(text) <= SHORT_LINE
    for rule in RULES:
        if (short or rule.any_length) and rule.pattern.search(text):
            return rule
    return None


def _is_prose(text: str) -> bool:
    """A line that reads as article text: long, or a full sentence of some length."""
    words = len(text.split())
    return words >= SUBSTANTIAL_WORDS or (words >= PROSE_WORDS and text.rstrip().endswith(SENTENCE_END))


def _article_span(lines, rules, wrapped) -> tuple[int, int]:
    """The indexes of the first and last lines of article text (prose, or hard-wrapped
    paragraphs); (-1, -1) when no line is long enough to be sure of."""
    prose = [i for i, line in enumerate(lines)
             if line.number in wrapped or (not rules[line.number] and _is_prose(line.text))]
    return (prose[0], prose[-1]) if prose else (-1, -1)


def _repeated_furniture(lines, wrapped, first: int, last: int) -> dict[int, str]:
    """The repeated lines that are page furniture: line number -> reason.

    A line that occurs more than once is not boilerplate for that alone (the rows of a
    fixture list or a table's header repeat, and so do an interview's questions). It is
    furniture when its repetition has the page's shape:
    - it frames the article: it occurs before the first line of article text and again
      after the last one (a banner or menu at the top and the bottom of the page). Three or
      more copies are all removed (an advert); of two, the later one (a headline repeated in
      the footer), so the first stays for the headline.
    A copy of the line just above it is the article's (a refrain, a result that comes twice)
    unless it looks like page furniture too: short navigation and share text is removed by
    the pattern rules wherever it stands, repeated or not.
    """
    places: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        if line.number not in wrapped and len(line.text.strip()) <= FOOTER_LINE:
            places.setdefault(_key(line.text), []).append(i)
    found: dict[int, str] = {}
    for key, where in places.items():
        if len(where) < 2:
            continue
        if first >= 0 and where[0] < first and where[-1] > last:
            if len(where) >= 3:
                reason = f"line repeated {len(where)} times on the page (advertising or navigation)"
                found.update((lines[i].number, reason) for i in where)
            else:
                found[lines[where[1]].number] = "repeats an earlier line of the page"
    return found


def clean_document(doc: Document) -> Document:
    wrapped = {line.number for block in blocks(doc.lines) if is_wrapped(block) for line in block}
    lines = [line for line in doc.lines if line.text.strip()]
    rules = {line.number: match_rule(line.text.strip()) for line in lines if line.number not in wrapped}
    first, last_prose = _article_span(lines, rules, wrapped)
    # The page footer can only start after the last line of article text.
    if last_prose < 0:  # no line long enough to be sure of: a short sentence is the article then
        last_prose = max((i for i, line in enumerate(lines)
                          if not rules[line.number] and line.text.rstrip().endswith(SENTENCE_END)), default=-1)
    # A reader that already removed page furniture leaves repeats that are the article's own.
    repeats = {} if reader_for(doc.source.abs_path).removes_page_furniture else \
        _repeated_furniture(lines, wrapped, first, last_prose)
    in_footer = False
    for i, line in enumerate(lines):
        if line.number in wrapped:
            continue  # hard-wrapped prose: a line of a paragraph, not a page element
        text = line.text.strip()
        rule = rules[line.number]
        if i > last_prose and rule and rule.marks_footer:
            in_footer = True
        if rule:
            doc.remove(line, rule.kind, rule.reason)
        elif line.number in repeats:
            doc.remove(line, "repeated-line", repeats[line.number])
        elif in_footer and len(text) <= FOOTER_LINE:
            doc.remove(line, "page-footer", "page footer after the article (comments, promotion, links)")
    return doc


def clean_documents(archive: Archive) -> Archive:
    for doc in archive.documents:
        clean_document(doc)
    return archive


