"""Stage: find every mention of a register entity in every paragraph, and choose the links.

One Aho-Corasick automaton holds every name, alias and short form (accent-folded); each
paragraph is scanned once. Rules:

- case-sensitive, whole words; the longest match at a place wins ("Kim Jong Un" over "Kim");
  possessives need nothing special ("China’s" is "China" followed by a non-word character);
- a short form ("Ban") counts only after the entity's name or an alias appeared earlier in
  the same document, and only if exactly one such entity did;
- a name or alias shared by several entities counts only when the document resolves it:
  exactly one of those entities is also named unambiguously somewhere in the document.
  Unresolved names are recorded for editors, never guessed.

Every mention is kept (entity pages show them all); ``density`` decides which are links,
counting from the article text: with the default density the first mention in the body is the
link, and a caption's mention is one only for an entity the body never names. Never a link:

- a mention in a promotional line (:func:`is_promotion`: "download our podcast at Patreon,
  SoundCloud..."): the outlets it names are not what the article is about;
- a name written in capitals where the register has it in ordinary case too (a credit such as
  "DULCIE LEIMBACH", a dateline's "UNITED NATIONS"), and any mention in a line written all in
  capitals (:func:`is_shouted`). Acronyms ("UN", "PRC") are ordinary links.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

import ahocorasick

from builder.model import Archive, Diagnostic, Document, EntityId, Mention
from builder.textfold import fold, is_word_char

DENSITIES = ("document", "paragraph", "all")
"""Which mentions become links: the first per document (default, as encyclopedias do), the first per paragraph, or all."""


@dataclass
class Names:
    """Every matchable string and what it may mean."""

    full: dict[str, set[EntityId]] = field(default_factory=lambda: defaultdict(set))
    short: dict[str, set[EntityId]] = field(default_factory=lambda: defaultdict(set))
    automaton: ahocorasick.Automaton | None = None
    shouted: set[str] = field(default_factory=set)  # keys that are a form written in capitals (see is_shouted)


@dataclass(frozen=True)
class Unresolved:
    doc: str
    paragraph: int
    surface: str
    candidates: tuple[str, ...]
    why: str


def build_names(archive: Archive) -> Names:
    names = Names()
    for entity in archive.entities.values():
        for text in (entity.name, *entity.aliases):
            names.full[fold(unicodedata.normalize("NFC", text))].add(entity.id)
        for text in entity.short_forms:
            names.short[fold(unicodedata.normalize("NFC", text))].add(entity.id)
        forms = [fold(unicodedata.normalize("NFC", text)) for text in (entity.name, *entity.aliases, *entity.short_forms)]
        ordinary = {form.casefold() for form in forms if not _capitals(form)}
        names.shouted.update(form for form in forms if _capitals(form) and form.casefold() in ordinary)
    automaton = ahocorasick.Automaton()
    for key in sorted(set(names.full) | set(names.short)):
        edges = bool(key) and is_word_char(key[0]), bool(key) and is_word_char(key[-1])  # words at its ends?
        automaton.add_word(key, (key, len(key) - 1, *edges))
    if len(automaton):
        automaton.make_automaton()
        names.automaton = automaton
    return names


def _capitals(text: str) -> bool:
    """Written in capitals: two capital letters or more, none in lower case (a script without
    capitals, such as Chinese, is never written in capitals)."""
    return text == text.upper() and sum(ch.isupper() for ch in text) >= 2


PROMOTION_CALLS = re.compile(r"\b(?:subscribe|subscription|podcasts?|newsletters?|listen|download|support us|follow us|"
                             r"become a (?:patron|member|subscriber)|sign up)\b", re.IGNORECASE)
"""What a promotional line asks the reader to do (alternatives of literal words: linear)."""
PROMOTION_PLATFORMS = ("Amazon Music", "Amazon Prime Music", "Apple Podcasts", "Audible", "Castbox", "Deezer",
                       "Facebook", "Google Podcasts", "iHeart Radio", "iHeartRadio", "iTunes", "Instagram", "LinkedIn",
                       "Overcast", "Patreon", "Pocket Casts", "Podbean", "SoundCloud", "Spotify", "Stitcher",
                       "Substack", "Telegram", "TikTok", "TuneIn", "Twitter", "WhatsApp", "YouTube")
"""Where promotional lines send readers: podcast, subscription and social platforms."""
PROMOTION_WORDS = 80
"""A promotional line is short: a paragraph of more words is article text, whatever it names."""
PROMOTION_ALONE = re.compile(r"^\W*(?:subscribe|sign up)\b|\bour newsletters?\b|\bdon['’]t miss\b", re.IGNORECASE)
PROMOTION_ALONE_WORDS = 12
"""A line this short that opens with "Subscribe" or "Sign up", or offers "our newsletter", is
promotional even without a platform ("Subscribe to PassBlue")."""
_PLATFORMS = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in PROMOTION_PLATFORMS) + r")(?!\w)")


_CALLED = ("subscri", "podcast", "newsletter", "listen", "download", "support us", "follow us", "become a ", "sign up")
"""A part of every match of PROMOTION_CALLS, in lower case: a paragraph without one (most) needs
no regular expression."""
_LIKE_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
"""The letters outside ASCII that an IGNORECASE expression takes for ASCII letters ('İ', 'ı',
'ſ', Kelvin's 'K'): what they stand for, before lowercasing (which turns no other character
into an ASCII letter)."""


def _may_call(text: str) -> bool:
    """Could PROMOTION_CALLS find something in ``text``? (False only when it cannot.)"""
    low = (text if text.isascii() else text.translate(_LIKE_ASCII)).lower()
    return any(part in low for part in _CALLED)


def is_promotion(text: str) -> bool:
    """A podcast, subscription or social-media promotion: at most :data:`PROMOTION_WORDS`
    words, asking the reader to subscribe, listen, download or follow, and naming a platform
    (or, in at most :data:`PROMOTION_ALONE_WORDS` words, opening with "Subscribe")."""
    if len(text) > PROMOTION_WORDS * 30 or not _may_call(text) or not PROMOTION_CALLS.search(text):
        return False  # most paragraphs: decided in C
    words = len(text.split())
    if words > PROMOTION_WORDS:
        return False
    return bool(_PLATFORMS.search(text)) or (words <= PROMOTION_ALONE_WORDS and bool(PROMOTION_ALONE.search(text)))


def is_shouted(text: str) -> bool:
    """A line written all in capitals (a credit, a banner): of three words or more, none
    with a lower-case letter."""
    if text != text.upper():  # the common case, decided in C
        return False
    return _capitals(text) and sum(any(ch.isalpha() for ch in word) for word in text.split()) >= 3


def _candidates(names: Names, text: str) -> list[tuple[int, int, str]]:
    """Whole-word matches, leftmost-longest, not overlapping: (start, end, key)."""
    if names.automaton is None:
        return []
    folded = fold(text)
    found = []
    last = len(folded) - 1
    for end_index, (key, before, word_first, word_last) in names.automaton.iter(folded):
        start = end_index - before
        if word_first and start > 0 and ((ch := folded[start - 1]).isalnum() or ch == "_"):
            continue  # not at a word's start (is_word_char, inline)
        if word_last and end_index < last and ((ch := folded[end_index + 1]).isalnum() or ch == "_"):
            continue  # not at a word's end
        found.append((start, end_index + 1, key))
    found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
    chosen, last_end = [], 0
    for start, end, key in found:
        if start >= last_end:
            chosen.append((start, end, key))
            last_end = end
    return chosen


def link_document(doc: Document, names: Names, density: str) -> tuple[list[Mention], list[Unresolved]]:
    matches = [(p, m) for p in doc.paragraphs for m in _candidates(names, p.text)]
    # Entities the document names by a name or alias that only they carry.
    named_alone = {next(iter(names.full[key])) for _, (_, _, key) in matches if len(names.full.get(key, ())) == 1}
    introduced: set[EntityId] = set()
    mentions: list[Mention] = []
    unresolved: list[Unresolved] = []
    for paragraph, (start, end, key) in matches:
        surface = paragraph.text[start:end]
        full = names.full.get(key, set())
        if full:
            options = full if len(full) == 1 else full & named_alone
            if len(options) != 1:
                unresolved.append(Unresolved(doc.id, paragraph.index, surface, tuple(sorted(full)),
                                             "shared by several entities and the document names none of them alone"
                                             if not options else "shared by several entities named in the document"))
                continue
        else:
            options = names.short[key] & introduced
            if len(options) != 1:
                if options:
                    unresolved.append(Unresolved(doc.id, paragraph.index, surface, tuple(sorted(options)),
                                                 "short form of several entities named earlier in the document"))
                continue
        entity = next(iter(options))
        if full:
            introduced.add(entity)
        mentions.append(Mention(doc.id, paragraph.index, start, end, entity, surface))
    never = _never_links(doc, names, mentions)
    return _apply_density(mentions, density, never, {p.index for p in doc.paragraphs if p.kind in CAPTION_KINDS}), unresolved


CAPTION_KINDS = ("caption", "credit")
"""Paragraphs that are not the article's text: their mentions are links only after the body's."""


def _never_links(doc: Document, names: Names, mentions: list[Mention]) -> set[int]:
    """The positions in ``mentions`` that are never links: in a promotional or shouted line,
    or a name written in capitals that the register also has in ordinary case."""
    named = {m.paragraph for m in mentions}
    unlinkable = {p.index for p in doc.paragraphs
                  if p.index in named and (p.kind == "heading" or is_promotion(p.text) or is_shouted(p.text))}
    return {n for n, m in enumerate(mentions) if m.paragraph in unlinkable or fold(m.surface) in names.shouted}


def _apply_density(mentions: list[Mention], density: str, never: set[int] = frozenset(),
                   captions: set[int] = frozenset()) -> list[Mention]:
    """Which mentions are links: every one (``all``), the first of each entity in each
    paragraph, or the first of each entity in the document's text, else in its captions;
    never those in ``never`` (positions), captions (paragraph indexes) counted last."""
    linked: set[int] = set()
    if density == "all":
        linked = set(range(len(mentions))) - never
    else:
        seen: set[tuple] = set()
        body_first = sorted(range(len(mentions)), key=lambda n: mentions[n].paragraph in captions)
        for n in (body_first if density == "document" else range(len(mentions))):
            mention = mentions[n]
            key = (mention.entity, mention.paragraph) if density == "paragraph" else (mention.entity,)
            if n not in never and key not in seen:
                seen.add(key)
                linked.add(n)
    return [m if n in linked else m._replace(linked=False) for n, m in enumerate(mentions)]


def link_entities(archive: Archive, density: str = "document") -> Archive:
    names = build_names(archive)
    for doc in archive.documents:
        mentions, unresolved = link_document(doc, names, density)
        archive.mentions.extend(mentions)
        archive.unresolved.extend(unresolved)
        for item in unresolved:
            line = next(p.line for p in doc.paragraphs if p.index == item.paragraph)
            archive.report(Diagnostic("info", doc.source.path, line, 1, "link-unresolved",
                                      f"'{item.surface}' was not linked: {item.why} ({', '.join(item.candidates)})",
                                      "write the full name here, or give the entities distinct aliases"))
    return archive
