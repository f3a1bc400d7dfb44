"""Finding a quoted passage in a document, the way an editor means it.

Matching ignores what editors cannot see or type: curly vs straight quotes and
apostrophes, kinds of dashes, runs of whitespace and line breaks (paragraph breaks
included, so a quote may span two paragraphs), and Unicode compatibility forms.
Positions in the normalised text map back to (paragraph, offset) in the original.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple
from itertools import accumulate

from builder.model import Paragraph
from builder.nearest import Nearest, most_similar, work_allowed

SUBSTITUTES = {
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−", "-"),
}
CLOSE_ENOUGH = 0.85
"""Similarity (0..1) from which a quote that is not found exactly is re-anchored. Similarity is
twice the longest common subsequence of the two texts (the characters both have in the same
order, not necessarily together) over their lengths added up: 1 for equal texts, 0 for texts with
no character in common. A one-character typo in a 100-character quote is 99.5% alike. It is
never below difflib's ratio (which counts matching blocks only), so it is a little more lenient."""


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


UNCHANGED = re.compile(r"[\x00-\x08\x0e-\x1b!-_a-\x7f]+(?: [\x00-\x08\x0e-\x1b!-_a-\x7f]+)*")
"""A run of text that normalising leaves as it is: ASCII other than whitespace and the backquote,
with single spaces between (a space after such a character is kept as it is)."""


@dataclass
class NormalText:
    """A document's paragraphs as one normalised string, with a map back to the original.

    The map is kept per piece, not per character: a piece is a run of text normalising left
    as it is, or what one other character became.
    """

    text: str
    starts: list[int]  # where each piece begins in ``text``
    pieces: list[tuple[int, int, bool]]  # (paragraph index, offset in its text, whether a copied run)
    lengths: dict[int, int]  # paragraph index -> length of its text
    originals: dict[int, str]  # paragraph index -> its text

    @classmethod
    def of(cls, paragraphs: list[Paragraph]) -> "NormalText":
        parts: list[str] = []
        pieces: list[tuple[int, int, bool]] = []
        for paragraph in paragraphs:
            text, done = paragraph.text + "\n", 0
            for run in [*UNCHANGED.finditer(text), None]:
                for offset in range(done, run.start() if run else len(text)):  # one character at a time
                    for n in _norm_char(text[offset]):
                        if n != " " or (parts and parts[-1][-1] != " "):
                            parts.append(n)
                            pieces.append((paragraph.index, offset, False))
                if run:
                    parts.append(run.group())
                    pieces.append((paragraph.index, run.start(), True))
                    done = run.end()
        starts = list(accumulate(map(len, parts), initial=0))[:-1]
        return cls("".join(parts), starts, pieces, {p.index: len(p.text) for p in paragraphs},
                   {p.index: p.text for p in paragraphs})

    def origin(self, i: int) -> tuple[int, int]:
        """(paragraph index, offset in its text) of character ``i``; a paragraph break is at its paragraph's end."""
        k = bisect.bisect_right(self.starts, i) - 1
        paragraph, offset, copied = self.pieces[k]
        return paragraph, offset + (i - self.starts[k] if copied else 0)

    def spans(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """(paragraph, start, end) pieces of the original text covered by [start, end)."""
        pieces: dict[int, list[int]] = {}
        for i in range(start, end):
            paragraph, offset = self.origin(i)
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


CONTEXT_MAX = 200
"""The longest prefix or suffix offered to single out an occurrence (characters); occurrences
that share more context than this are told apart by the other side, or not at all."""


MAX_TOLD_APART = 1000
"""Occurrences of a passage beyond which no prefix or suffix is worked out (it would cost a
sort of every occurrence's nearby text, and nobody tells a thousand copies apart that way)."""


def _shared(a: str, b: str) -> int:
    """Length of the common beginning of ``a`` and ``b`` (a binary search of slice comparisons)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _most_shared(contexts: list[str], which: list[int]) -> list[int]:
    """For each of ``which``, the longest beginning its context shares with another's. In sorted
    order that other is a neighbour, so one sort serves every occurrence."""
    order = sorted(range(len(contexts)), key=contexts.__getitem__)
    rank = {i: r for r, i in enumerate(order)}
    result = []
    for i in which:
        r = rank[i]
        result.append(max((_shared(contexts[i], contexts[order[n]]) for n in (r - 1, r + 1) if 0 <= n < len(order)),
                          default=0))
    return result


def _prefixes(normal: NormalText, starts: list[int], which: list[int]) -> list[str]:
    """The shortest text before each occurrence of ``which`` that no other occurrence shares (whole
    words); empty when there is none within CONTEXT_MAX characters, or the occurrence opens the
    document (use a suffix then)."""
    text = normal.text
    befores = [text[max(0, s - CONTEXT_MAX - 1):s][::-1] for s in starts]  # nearest character first
    found = []
    for i, shared in zip(which, _most_shared(befores, which)):
        k, start = shared + 1, starts[i]
        a = _grow_to_word(text, start - k, start, forward=False)[0] if k <= min(start, CONTEXT_MAX) else start
        found.append(text[a:start].strip())
    return found


def _suffixes(normal: NormalText, starts: list[int], length: int, which: list[int]) -> list[str]:
    text = normal.text
    afters = [text[s + length:s + length + CONTEXT_MAX + 1] for s in starts]
    found = []
    for i, shared in zip(which, _most_shared(afters, which)):
        k, end = shared + 1, starts[i] + length
        b = _grow_to_word(text, end, end + k, forward=True)[1] if k <= min(len(text) - end, CONTEXT_MAX) else end
        found.append(text[end:b].strip())
    return found


def disambiguators(normal: NormalText, starts: list[int], length: int, which: list[int]) -> list[tuple[str, str]]:
    """('prefix' or 'suffix', text) for each occurrence of ``which``: the shorter of the two that
    singles it out (both empty when nothing within CONTEXT_MAX characters does, or the passage
    occurs more than MAX_TOLD_APART times: a longer passage is the way then)."""
    if len(starts) > MAX_TOLD_APART:
        return [("suffix", "")] * len(which)
    result = []
    for prefix, suffix in zip(_prefixes(normal, starts, which), _suffixes(normal, starts, length, which)):
        result.append(("prefix", prefix) if prefix and (not suffix or len(prefix) <= len(suffix)) else ("suffix", suffix))
    return result


def disambiguator(normal: NormalText, starts: list[int], length: int, which: int) -> tuple[str, str]:
    """('prefix' or 'suffix', text): the shorter of the two that singles out occurrence ``which``."""
    return disambiguators(normal, starts, length, [which])[0]


APPROXIMATE_MAX = 5_000
"""A passage longer than this (characters) is only found exactly: the closest-passage search
costs the document's length times the passage's."""

TOO_LONG = f"a passage over {APPROXIMATE_MAX:,} characters is only found exactly: copy it from the document page"
GAVE_UP = ("the search for a close passage gave up before it had compared every candidate (the passage is long, or "
           "the document repeats itself a lot): copy the passage again from the document page")


def closest(normal: NormalText, quote: str, at_least: float = 0.0, work: int | None = None) -> Nearest:
    """The passage most like ``quote`` and at least ``at_least`` alike, as (similarity, start, end,
    complete) in the normalised text: from a word's start to a word's end, about as long as the
    quote, the first of the most similar (see :mod:`builder.nearest` for the bounded search;
    ``complete`` is False when it stopped early). Nothing (0.0, 0, 0, True) for a quote longer
    than APPROXIMATE_MAX."""
    if len(quote) > APPROXIMATE_MAX:
        return Nearest(0.0, 0, 0, True)
    return most_similar(normal.text, quote, at_least, work)


class Absence(NamedTuple):
    """What became of a passage not found exactly: the passage to re-anchor to, if any; whether
    the search gave up; what to tell the editor otherwise; and the passage shown then, if any."""
    found: Nearest | None
    gave_up: bool
    hint: str
    near: Nearest | None = None


def look_for_close(normal: NormalText, exact: str, work: int | None = None) -> Absence:
    """Search for a passage close enough to re-anchor ``exact`` (normalised) to. Only a complete
    search re-anchors: when it stopped early, the passage it had might not be the right one."""
    if len(exact) > APPROXIMATE_MAX:
        return Absence(None, False, TOO_LONG)
    found = closest(normal, exact, CLOSE_ENOUGH, work)
    if not found.complete:
        return Absence(None, True, GAVE_UP)
    if found.ratio >= CLOSE_ENOUGH:
        return Absence(found, False, "")
    # Only to show the editor what is nearest: a quarter of the work, so that an orphan costs at
    # most a quarter more than the search that made it one.
    hint_work = (work_allowed(len(normal.text), len(exact)) if work is None else work) // 4
    near = closest(normal, exact, 0.5, hint_work)
    if near.ratio > 0.5:
        what = "the closest text" if near.complete else "the most similar text found"
        return Absence(None, False, f"{what} ({near.ratio:.0%} alike) is \"{normal.text[near.start:near.end]}\"; "
                                    "copy the passage from the document page", near)
    return Absence(None, False, "copy the passage from the document page, or delete the annotation")


LISTED_OCCURRENCES = 20
"""A message lists this many occurrences of an ambiguous passage, and counts the rest."""


def listing(normal: NormalText, starts: list[int], length: int, notes: list[str] | None = None) -> str:
    """The first LISTED_OCCURRENCES occurrences, one a line with its context (and its note, if
    any), then how many more there are."""
    lines = "".join(f"\n  {i}) {normal.context(s, s + length)}" + (f" — {notes[i - 1]}" if notes else "")
                    for i, s in enumerate(starts[:LISTED_OCCURRENCES], start=1))
    if len(starts) > LISTED_OCCURRENCES:
        lines += f"\n  … and {len(starts) - LISTED_OCCURRENCES} more (quote a longer passage)"
    return lines
