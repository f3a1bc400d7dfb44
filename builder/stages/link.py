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

Every mention is kept (entity pages show them all); ``density`` decides which are links.
"""

from __future__ import annotations

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
    automaton = ahocorasick.Automaton()
    for key in sorted(set(names.full) | set(names.short)):
        automaton.add_word(key, key)
    if len(automaton):
        automaton.make_automaton()
        names.automaton = automaton
    return names


def _candidates(names: Names, text: str) -> list[tuple[int, int, str]]:
    """Whole-word matches, leftmost-longest, not overlapping: (start, end, key)."""
    if names.automaton is None:
        return []
    folded = fold(text)
    found = []
    for end_index, key in names.automaton.iter(folded):
        start, end = end_index - len(key) + 1, end_index + 1
        if is_word_char(key[0]) and start > 0 and is_word_char(folded[start - 1]):
            continue
        if is_word_char(key[-1]) and end < len(folded) and is_word_char(folded[end]):
            continue
        found.append((start, end, key))
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
    return _apply_density(mentions, density), unresolved


def _apply_density(mentions: list[Mention], density: str) -> list[Mention]:
    if density == "all":
        return mentions
    seen: set[tuple] = set()
    result = []
    for mention in mentions:
        key = (mention.entity, mention.paragraph) if density == "paragraph" else (mention.entity,)
        linked = key not in seen
        seen.add(key)
        result.append(mention if linked else mention._replace(linked=False))
    return result


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
