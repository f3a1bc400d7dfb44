"""Names the register lacks: recurring capitalised phrases no entity accounts for.

Read-only: it looks at a collected archive and suggests; editors decide.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from builder.model import Archive

NAME = re.compile(r"[A-Z][\w’'.-]*[\w.](?:\s+(?:(?:of|the|for|and|on|de|del|van|von|al)\s+)*[A-Z][\w’'.-]*[\w.])*")
POSSESSIVE = re.compile(r"[’']s$")
COMMON = frozenset("""
A An And As At But By For From He Her His How I If In It Its Me My No Not Now Of On One Or Our She So That The Their
Then There These They This Those To We What When Where Which While Who Why With Yet You Your Mr Mrs Ms Dr Monday
Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October
November December Earlier Even Four Two Three Five Among After Before Since Each Every Many Some Most More Less Also
Ahead Below Above Citing Raising Born Can Do Does Did Is Are Was Were Be Been Has Have Had Period Country Year Type
Language Education Head Foreign Minister President Ambassador Secretary General Council Chief Government Party
""".split())


@dataclass
class Candidate:
    name: str
    count: int = 0
    documents: set[str] = field(default_factory=set)


def _names(phrase: str) -> list[str]:
    """Split at possessives ("China’s U.N." -> "China", "U.N."), drop leading titles and common words."""
    names = []
    for part in re.split(r"[’']s\s+", phrase):
        words = POSSESSIVE.sub("", part).split()
        while words and words[0] in COMMON:
            words.pop(0)
        name = " ".join(words)
        if name.endswith(".") and name.count(".") == 1:
            name = name[:-1]  # a sentence's full stop, not an abbreviation's
        if len(name) >= 3 or (len(name) >= 2 and name.isupper()):
            names.append(name)
    return names


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with known mentions blanked out, so only the names around them are seen."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = "|" * (end - start)
    return "".join(chars)


def find_candidates(archive: Archive, minimum: int = 2) -> list[Candidate]:
    covered: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    for mention in archive.mentions:
        covered[(mention.doc, mention.paragraph)].append((mention.start, mention.end))
    found: dict[str, Candidate] = {}
    for doc in archive.documents:
        for paragraph in doc.paragraphs:
            spans = covered[(doc.id, paragraph.index)]
            for m in NAME.finditer(_blank(paragraph.text, spans)):
                for name in _names(m.group(0)):
                    candidate = found.setdefault(name, Candidate(name))
                    candidate.count += 1
                    candidate.documents.add(doc.id)
    result = [c for c in found.values() if c.count >= minimum]
    result.sort(key=lambda c: (-c.count, c.name))
    return result
