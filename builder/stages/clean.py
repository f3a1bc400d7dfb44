"""Stage: take web boilerplate out of each document's body.

Every rule is data: a kind code, the reason shown to editors, and a pattern. Removed
lines are recorded on the document (never silently dropped) and listed on the review
page. Pattern rules only touch short lines, so a real paragraph that happens to say
"subscribe" is never lost.
"""

from __future__ import annotations

import re
from collections import Counter
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
    _rule("navigation", "site navigation", r"^skip to (?:main )?content$|^(?:menu|search|home|next|previous)$"),
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


def clean_document(doc: Document) -> Document:
    wrapped = {line.number for block in blocks(doc.lines) if is_wrapped(block) for line in block}
    lines = [line for line in doc.lines if line.text.strip()]
    counts = Counter(_key(line.text) for line in lines if line.number not in wrapped)
    rules = {line.number: match_rule(line.text.strip()) for line in lines if line.number not in wrapped}
    # The page footer can only start after the last line of article text.
    last_prose = max((i for i, line in enumerate(lines)
                      if line.number in wrapped or (not rules[line.number] and _is_prose(line.text))), default=-1)
    if last_prose < 0:  # no line long enough to be sure of: a short sentence is the article then
        last_prose = max((i for i, line in enumerate(lines)
                          if not rules[line.number] and line.text.rstrip().endswith(SENTENCE_END)), default=-1)
    repeats_are_text = reader_for(doc.source.abs_path).removes_page_furniture
    seen: set[str] = set()
    in_footer = False
    for i, line in enumerate(lines):
        if line.number in wrapped:
            continue  # hard-wrapped prose: a line of a paragraph, not a page element
        text = line.text.strip()
        key = _key(text)
        rule = rules[line.number]
        if i > last_prose and rule and rule.marks_footer:
            in_footer = True
        if rule:
            doc.remove(line, rule.kind, rule.reason)
        elif repeats_are_text:
            pass  # the reader already removed page furniture; repeats here are the article's own
        elif counts[key] >= 3 and len(text) <= FOOTER_LINE:
            doc.remove(line, "repeated-line", f"line repeated {counts[key]} times on the page (advertising or navigation)")
        elif key in seen and len(text) <= FOOTER_LINE:
            doc.remove(line, "repeated-line", "repeats an earlier line of the page")
        elif in_footer and len(text) <= FOOTER_LINE:
            doc.remove(line, "page-footer", "page footer after the article (comments, promotion, links)")
        seen.add(key)
    return doc


def clean_documents(archive: Archive) -> Archive:
    for doc in archive.documents:
        clean_document(doc)
    return archive


