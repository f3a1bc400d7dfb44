"""Capitalised phrases in running text, cut into the names they hold, and what the corpus
says about each name: how often it is capitalised inside a sentence (not only as a
sentence's first word), and how often it stands before a noun as an adjective does.

The rules are general ones of English text (see :mod:`builder.candidates.words` for the
closed lists they use): a name starts at a word boundary ("Pod" inside "iPod" is none, "iPod"
is one); a possessive or a title ends it ("China’s U.N." -> "China", "U.N."; "Chinese
President Xi Jinping" -> "Chinese", "Xi Jinping"); function words, sentence openers, titles
and months lead none ("However Tony Blair" -> "Tony Blair"); a contraction is none ("I’m").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from builder.candidates.words import (ABBREVIATIONS, AFTER_NAME, COMPOUND_HEADS, CONNECTORS, LEADING,
                                     SPLITTING_TITLES, TITLES)
from builder.model import Archive

NAME = re.compile(r"(?<!\w)(?:[A-Z]|[a-z]{1,2}(?=[A-Z]))[\w’'.-]*[\w.]"
                  r"(?:\s+(?:(?:of|the|for|and|on|de|del|van|von|al)\s+)*[A-Z][\w’'.-]*[\w.])*")
"""A run of capitalised words (and lowercase-led ones such as "iPod"), with the connectors
names hold ("Bank of England"); it starts at a word boundary."""
POSSESSIVE = re.compile(r"[’']s$")
CONTRACTION = re.compile(r"[’'](?:m|re|ve|ll|d|t)$|n[’']t$", re.I)
WORD = re.compile(r"\S+")
LOWER_WORD = re.compile(r"[^\W\d_]+")
NEXT_WORD = re.compile(r"(?:\s+|(?P<hyphen>-))(?P<word>[A-Za-z]+)\b")

OPENING_MARKS = "\"“‘'([—–-"
CLOSING_MARKS = "\"”’')]"
SENTENCE_ENDS = ".!?:;…"
SHORT_WORDS = frozenset("Mr Mrs Ms Dr St Sen Rep Gov Gen Col Lt Capt Sgt Prof Jr Sr No Inc Co Corp Ltd vs".split())
"""Words whose full stop is an abbreviation's, not a sentence's end."""


def _names_at(phrase: str) -> list[tuple[int, int, str]]:
    """The names in one capitalised phrase: (start, end, name), offsets in ``phrase``."""
    segments: list[list[tuple[int, int, str]]] = [[]]
    for m in WORD.finditer(phrase):
        word, start = m.group(0), m.start()
        if CONTRACTION.search(word) or word.rstrip(".") in SPLITTING_TITLES or word == "and":
            segments.append([])  # "I’m", "Mr." and "President" belong to no name, and end one
            continue
        possessive = POSSESSIVE.search(word)
        head = word.rsplit("-", 1)
        if possessive:
            word = word[:possessive.start()]
        elif len(head) == 2 and head[1] in COMPOUND_HEADS:
            word = head[0]  # "Kong-based"
        elif word.endswith("..") or (word.endswith(".") and not _abbreviation(word[:-1])):
            word = word.rstrip(".")  # "... Maitlis, Andrew. Maitlis said": the sentence ends here
        if word:
            segments[-1].append((start, start + len(word), word))
        if word != m.group(0):
            segments.append([])
    names = []
    for words in segments:
        first, last = 0, len(words)
        while first < last and (words[first][2].rstrip(".") in LEADING or words[first][2] in CONNECTORS
                                or words[first][2] in ABBREVIATIONS):
            first += 1
        while last > first and words[last - 1][2] in CONNECTORS:
            last -= 1
        if first == last:
            continue
        kept = words[first:last]
        name, end = " ".join(w for _, _, w in kept), kept[-1][1]
        if len(name) >= 3 or (len(name) >= 2 and name.isupper()):
            names.append((kept[0][0], end, name))
    return names


def _abbreviation(word: str) -> bool:
    """Whether a full stop after ``word`` is an abbreviation's ("U.S.", "J.", "Mr."), not a sentence's end."""
    return len(word) <= 1 or "." in word or word in SHORT_WORDS


def _names(phrase: str) -> list[str]:
    """The names in one capitalised phrase ("China’s U.N." -> ["China", "U.N."])."""
    return [name for _, _, name in _names_at(phrase)]


def starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` is the first of its sentence (or paragraph)."""
    i = start
    while i > 0 and (text[i - 1].isspace() or text[i - 1] in OPENING_MARKS):
        i -= 1
    j = i
    while j > 0 and text[j - 1] in CLOSING_MARKS:
        j -= 1
    if j == 0:
        return True
    if text[j - 1] not in SENTENCE_ENDS or j == i == start:
        return False
    if text[j - 1] == ".":
        k = j - 1
        while k > 0 and not text[k - 1].isspace():
            k -= 1
        if _abbreviation(text[k:j - 1]):
            return False  # "Mr. Blair", "J. Smith", "U.S. Senate"
    return True


def _as_adjective(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` stands before a noun, as an adjective does
    ("British troops", "Chinese-made") or a title ("Chinese President"), not before a verb or a function
    word ("Brian said")."""
    m = NEXT_WORD.match(text, end, min(len(text), end + 40))
    if not m:
        return False
    word = m.group("word")
    if not word[0].islower():
        return word in TITLES  # "Chinese President Xi Jinping"
    return bool(m.group("hyphen")) or not (word in AFTER_NAME or word.endswith(("ed", "ly")))


@dataclass
class Seen:
    """What the corpus shows of one name."""

    count: int = 0
    inside: int = 0  # capitalised inside a sentence, not as its first word
    adjective: int = 0  # followed by a noun, as an adjective is
    documents: Counter = field(default_factory=Counter)  # document id -> occurrences


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with known mentions blanked out, so only the names around them are seen."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = "|" * (end - start)
    return "".join(chars)


def scan(archive: Archive) -> tuple[dict[str, Seen], Counter]:
    """Every name in the documents' paragraphs that no mention of a register entity covers,
    with what the corpus shows of it; and how often each word is written in lowercase."""
    covered: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for mention in archive.mentions:
        covered.setdefault((mention.doc, mention.paragraph), []).append((mention.start, mention.end))
    seen: dict[str, Seen] = {}
    lowercase: Counter = Counter()
    for doc in archive.documents:
        for paragraph in doc.paragraphs:
            text = _blank(paragraph.text, covered.get((doc.id, paragraph.index), []))
            lowercase.update(word for word in LOWER_WORD.findall(text) if word.islower())
            for m in NAME.finditer(text):
                for start, end, name in _names_at(m.group(0)):
                    record = seen.setdefault(name, Seen())
                    record.count += 1
                    record.documents[doc.id] += 1
                    record.inside += not starts_sentence(text, m.start() + start)
                    record.adjective += _as_adjective(text, m.start() + end)
    return seen, lowercase
