"""Finding a quoted passage in a document, the way an editor means it.

Matching ignores what editors cannot see or type: curly vs straight quotes and
apostrophes, kinds of dashes, runs of whitespace and line breaks (paragraph breaks
included, so a quote may span two paragraphs), and Unicode compatibility forms.
Positions in the normalised text map back to (paragraph, offset) in the original.
"""

from __future__ import annotations

import bisect
import difflib
import unicodedata
from dataclasses import dataclass

from builder.model import Paragraph

SUBSTITUTES = {
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−", "-"),
}
CLOSE_ENOUGH = 0.85
"""Similarity (0..1) above which a quote that is not found exactly is re-anchored."""


def _norm_char(ch: str) -> str:
    if ch in SUBSTITUTES:
        return SUBSTITUTES[ch]
    if ch.isspace():
        return " "
    if ch.isascii():
        return ch
    return unicodedata.normalize("NFKC", ch)


def normalise(text: str) -> str:
    """The form quotes, prefixes and suffixes are compared in."""
    out = []
    for ch in text:
        for n in _norm_char(ch):
            if n == " " and (not out or out[-1] == " "):
                continue
            out.append(n)
    return "".join(out).strip()


@dataclass
class NormalText:
    """A document's paragraphs as one normalised string, with a map back to the original."""

    text: str
    origin: list[tuple[int, int]]  # per character: (paragraph index, offset in its text)
    lengths: dict[int, int]  # paragraph index -> length of its text
    originals: dict[int, str]  # paragraph index -> its text

    @classmethod
    def of(cls, paragraphs: list[Paragraph]) -> "NormalText":
        chars: list[str] = []
        origin: list[tuple[int, int]] = []
        for paragraph in paragraphs:
            for offset, ch in enumerate(paragraph.text + "\n"):
                for n in _norm_char(ch):
                    if n == " " and (not chars or chars[-1] == " "):
                        continue
                    chars.append(n)
                    origin.append((paragraph.index, min(offset, len(paragraph.text))))
        return cls("".join(chars), origin, {p.index: len(p.text) for p in paragraphs},
                   {p.index: p.text for p in paragraphs})

    def spans(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """(paragraph, start, end) pieces of the original text covered by [start, end)."""
        pieces: dict[int, list[int]] = {}
        for i in range(start, end):
            paragraph, offset = self.origin[i]
            if offset >= self.lengths[paragraph]:
                continue  # the break between two paragraphs belongs to neither
            piece = pieces.setdefault(paragraph, [offset, offset])
            piece[1] = offset + 1
        result = []
        for paragraph, (a, b) in sorted(pieces.items()):
            result.append((paragraph, a, b))
        return result

    def find_all(self, needle: str) -> list[int]:
        found, i = [], self.text.find(needle)
        while i >= 0 and needle:
            found.append(i)
            i = self.text.find(needle, i + 1)
        return found

    def context(self, start: int, end: int, width: int = 40) -> str:
        before = self.text[max(0, start - width):start]
        after = self.text[end:end + width]
        return f"…{before}[{self.text[start:end]}]{after}…"

    def original(self, start: int, end: int) -> str:
        """The document's own text for [start, end), paragraphs joined by a line break."""
        return "\n".join(self.originals[p][a:b] for p, a, b in self.spans(start, end))


def _grow_to_word(text: str, start: int, end: int, forward: bool) -> tuple[int, int]:
    if forward:
        while end < len(text) and text[end].isalnum():
            end += 1
    else:
        while start > 0 and text[start - 1].isalnum():
            start -= 1
    return start, end


def shortest_prefix(normal: NormalText, starts: list[int], which: int) -> str:
    """The shortest text before occurrence ``which`` that no other occurrence shares (whole words).

    Empty when there is none (the occurrence opens the document): use a suffix then.
    """
    start = starts[which]
    for k in range(1, start + 1):
        mine = normal.text[start - k:start]
        if all(normal.text[max(0, s - k):s] != mine for j, s in enumerate(starts) if j != which):
            a, _ = _grow_to_word(normal.text, start - k, start, forward=False)
            return normal.text[a:start].strip()
    return ""


def shortest_suffix(normal: NormalText, starts: list[int], length: int, which: int) -> str:
    end = starts[which] + length
    for k in range(1, len(normal.text) - end + 1):
        mine = normal.text[end:end + k]
        if all(normal.text[s + length:s + length + k] != mine for j, s in enumerate(starts) if j != which):
            _, b = _grow_to_word(normal.text, end, end + k, forward=True)
            return normal.text[end:b].strip()
    return ""


def disambiguator(normal: NormalText, starts: list[int], length: int, which: int) -> tuple[str, str]:
    """('prefix' or 'suffix', text): the shorter of the two that singles out occurrence ``which``."""
    prefix = shortest_prefix(normal, starts, which)
    suffix = shortest_suffix(normal, starts, length, which)
    if prefix and (not suffix or len(prefix) <= len(suffix)):
        return "prefix", prefix
    return "suffix", suffix


def closest(normal: NormalText, quote: str) -> tuple[float, int, int]:
    """The passage most like ``quote``, as (similarity, start, end) in the normalised text."""
    text, size = normal.text, len(quote)
    if not size or not text:
        return 0.0, 0, 0
    word_starts = [i for i in range(len(text)) if i == 0 or (text[i - 1] == " " and text[i] != " ")]
    word_ends = [i for i in range(1, len(text) + 1) if i == len(text) or text[i] == " "]
    best = (0.0, 0, 0)
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(quote)
    slack = max(3, size // 6)
    for start in word_starts:
        lo = bisect.bisect_left(word_ends, start + size - slack)
        hi = bisect.bisect_right(word_ends, start + size + slack)
        for end in word_ends[lo:hi]:
            matcher.set_seq1(text[start:end])
            if matcher.real_quick_ratio() <= best[0] or matcher.quick_ratio() <= best[0]:
                continue
            ratio = matcher.ratio()
            if ratio > best[0]:
                best = (ratio, start, end)
    return best
