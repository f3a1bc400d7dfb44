"""Names the register lacks: recurring capitalised phrases no entity accounts for, each with
the shorter forms and spellings the corpus also uses for it ("Blair" under "Tony Blair").

Read-only: it looks at a collected archive and suggests; editors decide (and
:mod:`builder.candidates.drafts` drafts register files for the ones they choose).

A capitalised word is taken for a name only when the corpus treats it as one (see
:func:`is_name`): a word capitalised only where it opens a sentence, and written in lowercase
elsewhere, is an ordinary word ("However", "Group"); an adjective of nationality is none
("British troops"); nor is a contraction ("I’m") or an ordinary noun's abbreviation ("TV").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from builder.candidates.names import NAME, Seen, _names, scan
from builder.candidates.words import ABBREVIATIONS, CONNECTORS, DEMONYM_ENDINGS, LEADING, PHRASE_DEMONYM_ENDINGS
from builder.model import Archive

__all__ = ["NAME", "Candidate", "_names", "find_candidates", "is_name"]

SHORT_FORM_SHARE = 0.5
"""A one-word name is grouped under a longer one that ends with it ("Blair" under "Tony
Blair") when at least this share of the documents that have it also have the longer one."""
SHOUTED = 4
"""A word in capitals of at least this many letters that the corpus also writes in lowercase
(more often) is an ordinary word in a heading; shorter ones are acronyms ("US" is not "us")."""
ADJECTIVE_SHARE = 0.5
"""A word shaped like an adjective of nationality that stands before a noun at least this
often is one ("British" in "British troops")."""


@dataclass
class Candidate:
    name: str
    count: int = 0  # occurrences of the name and of its other forms
    documents: set[str] = field(default_factory=set)
    forms: list[tuple[str, int]] = field(default_factory=list)
    """The shorter forms grouped under it ("Blair"), with their occurrences, most frequent first."""
    spellings: list[tuple[str, int]] = field(default_factory=list)
    """Its other spellings ("US" for "U.S."), with their occurrences, most frequent first."""
    by_document: Counter = field(default_factory=Counter)  # document id -> occurrences, all forms


def is_name(name: str, seen: Seen, lowercase: Counter) -> bool:
    """Whether the corpus treats this name as a name (a name of several words is one, once its
    leading function words are gone, unless it is an adjective of nationality: "North Korean")."""
    if name.endswith(PHRASE_DEMONYM_ENDINGS if " " in name else DEMONYM_ENDINGS) \
            and seen.adjective >= ADJECTIVE_SHARE * seen.count:
        return False  # "British troops", "North Korean leader"
    if " " in name:
        return True
    if name in LEADING or name in ABBREVIATIONS:
        return False
    if name[1:].islower() and 0 < lowercase[name.lower()] >= seen.inside:
        return False  # written in lowercase at least as often as capitalised inside a sentence
    if name.isupper() and len(name) >= SHOUTED and lowercase[name.lower()] >= seen.count:
        return False  # an ordinary word in a heading in capitals ("GROW"); "US" and "NASA" stay
    return True


def _without_openers(seen: dict[str, Seen], lowercase: Counter) -> dict[str, Seen]:
    """A phrase seen only at the start of sentences whose first word the corpus also writes
    in lowercase began with an ordinary word: "Getting Disney" is "Disney"."""
    result: dict[str, Seen] = {}
    for name, record in seen.items():
        words = name.split()
        if len(words) > 1 and record.inside == 0 and words[0][1:].islower() and lowercase[words[0].lower()]:
            rest = words[1:]
            while rest and (rest[0] in LEADING or rest[0] in CONNECTORS):
                rest.pop(0)
            name = " ".join(rest)
            if len(name) < 3:
                continue
        into = result.setdefault(name, Seen())
        into.count += record.count
        into.inside += record.inside
        into.adjective += record.adjective
        into.documents.update(record.documents)
    return result


def _spelling_key(name: str) -> str:
    """Spellings of one name: "U.S." and "US", "NASA" and "Nasa"."""
    return name.replace(".", "").casefold()


def _merge(into: Candidate, name: str, seen: Seen) -> None:
    into.count += seen.count
    into.by_document.update(seen.documents)


def find_candidates(archive: Archive, minimum: int = 2) -> list[Candidate]:
    """The recurring names no register entity accounts for, most frequent first; each with
    its short forms and spellings. ``minimum``: occurrences, all forms together."""
    seen, lowercase = scan(archive)
    seen = _without_openers(seen, lowercase)
    names = {name: record for name, record in seen.items() if is_name(name, record, lowercase)}
    # Spellings: the most frequent one names the group (one in capitals only if all are: "NEW DELHI" is a dateline's).
    by_key: dict[str, list[str]] = {}
    for name in sorted(names, key=lambda n: (n.isupper() and " " in n, -names[n].count, n)):
        by_key.setdefault(_spelling_key(name), []).append(name)
    groups: dict[str, Candidate] = {}
    for spellings in by_key.values():
        group = Candidate(spellings[0])
        for name in spellings:
            _merge(group, name, names[name])
        group.spellings = [(name, names[name].count) for name in spellings[1:]]
        groups[spellings[0]] = group
    # Short forms: a one-word name under the longer name it ends (a surname), in the same documents.
    ends: dict[str, list[str]] = {}
    for name in groups:
        words = name.split()
        if len(words) > 1:
            ends.setdefault(_spelling_key(words[-1]), []).append(name)
    for short in [name for name in groups if " " not in name]:
        group = groups[short]
        shared = {full: sum(1 for doc in group.by_document if doc in groups[full].by_document)
                  for full in ends.get(_spelling_key(short), ())}
        if not shared:
            continue
        full = min(shared, key=lambda f: (-shared[f], -groups[f].count, f))
        if shared[full] >= SHORT_FORM_SHARE * len(group.by_document):
            target = groups[full]
            target.count += group.count
            target.by_document.update(group.by_document)
            target.forms.append((short, group.count))
            target.forms.extend(group.forms)
            target.spellings.extend(group.spellings)
            del groups[short]
    result = [group for group in groups.values() if group.count >= minimum]
    for group in result:
        group.documents = set(group.by_document)
        group.forms.sort(key=lambda f: (-f[1], f[0]))
        group.spellings.sort(key=lambda f: (-f[1], f[0]))
    result.sort(key=lambda c: (-c.count, c.name))
    return result
