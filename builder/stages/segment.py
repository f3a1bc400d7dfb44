"""Stage: cut the kept lines of each document into paragraphs, in original order, and read
the structure plain text shows only by its layout.

Blank lines separate blocks. Inside a block each line is its own paragraph (web copies
put one paragraph per line), unless the block is hard-wrapped prose (every line but the
last of similar width), in which case its lines are joined.

Then, conservatively, two kinds of paragraph are told apart from the running text (each
keeps its text, its number and its anchor, p1...pN: only its ``kind`` changes, which the
page shows and the review page lists):

- ``quote``: a block quotation. A paragraph of its own introduced by a colon after a verb
  of saying ("Roth argues in Foreign Policy that ...:", "The statement reads:"), and the
  paragraphs after it that go on with the quotation (each opening with a quotation mark,
  until the marks close); or a block indented by two spaces or a tab where most of the
  text is not.
- ``heading``: a short title-case line ("Country Profile") that starts a block after a
  finished sentence and is followed by text (a sentence, or a "Label: value" line) that
  does not begin with one of its words (a name over a short biography is no heading).
"""

from __future__ import annotations

import re

from builder.model import Archive, Document, Paragraph
from builder.textblocks import WRAP_MAX, WRAP_MIN, blocks, is_wrapped  # noqa: F401  (re-exported)

QUOTE, HEADING = "quote", "heading"
"""The kinds of paragraph this stage reads from the layout (besides "text" and "caption")."""
REASONS = {
    QUOTE: "shown as a quotation: it is introduced by a colon after a verb of saying, or indented",
    HEADING: "shown as a heading: a short title-case line before the text it heads",
}
"""Why a paragraph is of each kind, as the review page says it."""

HEADING_WORDS = (2, 8)  # words in a heading, at least and at most
HEADING_CHARS = 60
MIN_WORDS = 6  # words in a paragraph that is a quotation, or the sentence a heading heads
SMALL_WORDS = frozenset("a an and as at but by for from in into nor of off on onto or out over per the to up upon via "
                        "vs with".split())
SAYING = re.compile(r"\b(?:says?|said|argues?|argued|writes?|wrote|notes?|noted|adds?|added|explains?|explained"
                    r"|acknowledges?|acknowledged|states?|stated|tells?|told|warns?|warned|insists?|insisted"
                    r"|continues?|continued|concludes?|concluded|declares?|declared|asks?|asked|puts? it|reads"
                    r"|recalls?|recalled|observes?|observed|remarks?|remarked|testified|according to)\b",
                    re.IGNORECASE)
LISTS = re.compile(r"\b(?:follows|following|below)\s*:$", re.IGNORECASE)
"""An introduction to a list or a record ("The blotter is as follows:", "we agree to the
following:"), not to a quotation, unless a verb of saying comes just before ("Thunberg states
the following:", :data:`SAID_FOLLOWING`)."""
SAID_FOLLOWING = re.compile(SAYING.pattern + r"\s+the\s+following\s*:$", re.IGNORECASE)
ITEM = re.compile(r"(?:[-–—•*·▪●]|\d{1,4}[.)])\s")
"""A list item's marker, at the start of a line."""
LABEL = re.compile(r"(?:\S+\s){0,4}?\S+:\s")
"""A "Label: value" line (a record, a transcript's speaker): its colon within the first five words."""
BYLINE_WORDS = frozenset(("by", "von", "par", "por", "door"))
"""First words of a byline ("By Jane Doe", "Von Georg Kasch"), which is no heading."""
SENTENCE_END = (".", "!", "?", "…", "”", '"', "’", ")", "]")
OPENING_QUOTES = ("“", '"', "‘")
INDENT = re.compile(r"(?: {2,}|\t)\S")
WORD = re.compile(r"[^\W\d_]+(?:[-’'][^\W\d_]+)*")


def segment_document(doc: Document) -> Document:
    paragraphs: list[Paragraph] = []
    starts: set[int] = set()  # paragraphs that start a block
    indented: set[int] = set()  # paragraphs whose block is indented throughout
    indented_lines = text_lines = 0
    for block in blocks(doc.kept_lines()):
        groups = [block] if is_wrapped(block) else [[line] for line in block]
        whole = all(INDENT.match(line.text) for line in block)
        starts.add(len(paragraphs))
        for group in groups:
            text = " ".join(line.text.strip() for line in group)
            kind = "caption" if group[0].number in doc.captions else "text"
            if whole:
                indented.add(len(paragraphs))
            paragraphs.append(Paragraph(len(paragraphs) + 1, group[0].number, text, kind))
        text_lines += len(block)
        indented_lines += len(block) if whole else 0
    _read_structure(paragraphs, starts, indented if indented_lines * 2 < text_lines else set())
    doc.paragraphs = paragraphs
    return doc


def segment_documents(archive: Archive) -> Archive:
    for doc in archive.documents:
        segment_document(doc)
    return archive


def _read_structure(paragraphs: list[Paragraph], starts: set[int], indented: set[int]) -> None:
    """Set the kind of each paragraph that is a quotation or a heading (see the module)."""
    quoting = False  # a quotation runs on into the next paragraph (its marks are still open)
    for i, paragraph in enumerate(paragraphs):
        if paragraph.kind != "text":
            quoting = False
            continue
        before = paragraphs[i - 1] if i else None
        after = paragraphs[i + 1] if i + 1 < len(paragraphs) else None
        if quoting and i in starts and paragraph.text.startswith(OPENING_QUOTES):
            paragraph.kind = QUOTE
        elif i in indented and _is_passage(paragraph.text):
            paragraph.kind = QUOTE
        elif i in starts and before is not None and before.kind == "text" and _introduces(before.text) \
                and _is_passage(paragraph.text):
            paragraph.kind = QUOTE
        elif i in starts and before is not None and before.text.endswith(SENTENCE_END) and after is not None \
                and after.kind == "text" and _is_heading_like(paragraph.text) and _heads(paragraph.text, after.text):
            paragraph.kind = HEADING
        quoting = paragraph.kind == QUOTE and _open_quotes(paragraph.text)


def _words(text: str) -> int:
    return len(text.split())


def _introduces(text: str) -> bool:
    """Does the paragraph end by introducing a quotation: a colon after a verb of saying in its
    last sentence?"""
    if not text.endswith(":") or ITEM.match(text):
        return False
    if LISTS.search(text):
        return SAID_FOLLOWING.search(text) is not None
    last = re.split(r"(?<=[.!?])\s+", text)[-1]
    return SAYING.search(last) is not None


def _is_passage(text: str) -> bool:
    """A paragraph that can be a quotation: some words, ending as a sentence ends; not a list
    item, nor a "Label: value" line."""
    return (_words(text) >= MIN_WORDS and text.endswith(SENTENCE_END) and not _is_heading_like(text)
            and ITEM.match(text) is None and LABEL.match(text) is None)


def _open_quotes(text: str) -> bool:
    """Does the paragraph open more quotation marks than it closes (a quotation of several
    paragraphs: each opens with a mark, the last one closes it)?"""
    return text.startswith(OPENING_QUOTES) and text.count("“") > text.count("”")


def _is_heading_like(text: str) -> bool:
    """A short line in title case: two to eight words, each capitalised but the small ones
    ("of", "the" ...), at least one in lowercase letters after its capital (an ALL-CAPS line
    is a credit or a shout), nothing but words, spaces and hyphens, no digit, no closing
    punctuation."""
    low, high = HEADING_WORDS
    words = text.split()
    if not low <= len(words) <= high or len(text) > HEADING_CHARS or not text[-1].isalpha():
        return False
    if any(WORD.fullmatch(word) is None for word in words) or words[0].casefold() in BYLINE_WORDS:
        return False
    if any(not word[0].isupper() and (i == 0 or word not in SMALL_WORDS) for i, word in enumerate(words)):
        return False
    return any(word[0].isupper() and any(ch.islower() for ch in word[1:]) for word in words)


def _heads(heading: str, text: str) -> bool:
    """Is ``text`` what a heading would head: a sentence, or a "Label: value" line, that is no
    heading itself and does not begin with one of the heading's words (a name over its bio)?"""
    if _is_heading_like(text):
        return False
    first = text.split()[0].strip("“\"‘'(").casefold()
    if first in {word.casefold() for word in heading.split()}:
        return False
    label, colon, value = text.partition(": ")
    if colon and label and value and _words(label) <= 5:
        return True
    return _words(text) >= MIN_WORDS and text.endswith(SENTENCE_END)
