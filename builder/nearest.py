"""The passage of a text most like a quote: a bounded approximate search.

Candidates run from a word's start to a word's end and are about as long as the quote (within
a sixth of its length). Similarity is the Indel ratio: twice the longest common subsequence
over the two lengths together (0..1; rapidfuzz computes it bit-parallel). The first of the most
similar wins: the earliest start, then the earliest end.

Comparing the quote with every candidate would cost (words × lengths × quote²). Instead the
common subsequence of the quote with a wider window bounds that of every candidate inside it,
so the search narrows, most promising first, and skips whatever cannot beat the best found so
far (nor reach ``at_least``, when the caller only wants passages that similar):

0. exact pieces of the quote (halves, quarters, ... as found by ``str.find``) place a few
   candidates where the quote would lie around them: usually the passage itself, whose
   similarity then rules out almost everything else;
1. blocks of word starts about a quote long: one comparison with the window all their
   candidates lie in;
2. a block that can still win is halved, and each half compared with its own window, down to
   single word starts;
3. the candidates of a start that can still win: one comparison each.

Step 1 costs (text × quote / 64) machine operations. The search is given a budget
(:func:`work_allowed`), so the whole search is O(text × quote) even on text built to defeat the
bounds (repeats of one word, say). When the budget is spent the search stops and says so: the
result's ``complete`` is False, and its passage is only the best seen, not necessarily the best.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections import Counter
from typing import NamedTuple

from rapidfuzz.distance import LCSseq

STEP1_MULTIPLE = 8
"""The whole search may cost this many times what step 1 costs (step 1 is always done) ..."""
QUOTE_COMPARISONS = 600
"""... plus this many comparisons of the quote with a passage its length ..."""
WORK_FLOOR = 2_000_000
"""... plus this much work (about 2 ms), whatever the text."""
CALL_COST = 1_000
"""What one comparison costs beyond its characters, for the budget (the unit of work is a
64-bit operation of the comparison, about a nanosecond; a call costs about a microsecond)."""
SEED_PIECE = 12
"""The shortest piece of the quote step 0 looks for."""
SEED_HITS = 4
"""Occurrences of one piece step 0 places candidates around."""
WORD = re.compile(r"[^ ]+")


class Nearest(NamedTuple):
    ratio: float
    start: int
    end: int
    complete: bool
    """False when the budget ran out before every passage that might beat this one was ruled out."""


def _ratio(common: int, size: int, length: int) -> float:
    return 2 * common / (size + length)


def _bound(common: int, size: int, shortest: int, longest: int) -> float:
    """The highest ratio a candidate of length shortest..longest can reach when its common
    subsequence with the quote is at most ``common``."""
    if common <= shortest:
        return _ratio(common, size, shortest)
    if common >= longest:
        return _ratio(longest, size, longest)
    return _ratio(common, size, common)


def work_allowed(text_length: int, quote_length: int) -> int:
    """The work the search may do (in the units of CALL_COST): O(text × quote), step 1's order,
    since the quote's length squared is at most that too."""
    words64 = 1 + quote_length // 64
    step1 = 2 * text_length * words64 + (text_length // max(quote_length, 16) + 1) * CALL_COST
    per_quote = min(text_length, quote_length) * words64 + CALL_COST
    return STEP1_MULTIPLE * step1 + QUOTE_COMPARISONS * per_quote + WORK_FLOOR


class _Search:
    def __init__(self, text: str, quote: str, at_least: float, work: int) -> None:
        self.text, self.quote, self.size = text, quote, len(quote)
        slack = max(3, self.size // 6)
        self.shortest, self.longest = max(1, self.size - slack), self.size + slack
        words = list(WORD.finditer(text))
        self.starts = [w.start() for w in words]
        self.ends = [w.end() for w in words] + ([len(text)] if text.endswith(" ") else [])
        self.words64 = 1 + self.size // 64
        self.best = (0.0, 0, 0)  # (ratio, start, end)
        self.at_least, self.budget = at_least, work

    def common(self, start: int, end: int, at_least: float = 0.0) -> int:
        """Longest common subsequence of the quote and text[start:end] (0 when below ``at_least``)."""
        self.budget -= self.words64 * (end - start) + CALL_COST
        cutoff = int(at_least * (self.size + end - start) / 2)
        return LCSseq.similarity(self.quote, self.text[start:end], score_cutoff=cutoff or None)

    def beats(self, ratio: float, start: int, end: int) -> bool:
        best, best_start, best_end = self.best
        return ratio > best or (ratio == best and (start, end) < (best_start, best_end))

    def can_win(self, bound: float, start: int, end: int) -> bool:
        return bound > 0 and bound >= self.at_least and self.beats(bound, start, end)

    def try_passage(self, start: int, end: int) -> None:
        """Compare the quote with text[start:end], a candidate if its length is allowed."""
        if self.shortest <= end - start <= self.longest and self.beats(_ratio(end - start, self.size, end - start), start, end):
            ratio = _ratio(self.common(start, end, max(self.best[0], self.at_least)), self.size, end - start)
            if ratio > 0 and self.beats(ratio, start, end):
                self.best = (ratio, start, end)

    def seed(self) -> None:
        """Step 0: candidates around exact pieces of the quote, aligned as in the quote."""
        starts, ends = Counter(), Counter()
        parts = 2
        while self.size // parts >= SEED_PIECE and parts <= 16:
            step = self.size // parts
            for offset in range(0, self.size - step + 1, step):
                piece, found = self.quote[offset:offset + step], -1
                for _ in range(SEED_HITS):
                    found = self.text.find(piece, found + 1)
                    if found < 0:
                        break
                    starts[_nearest(self.starts, found - offset)] += 1
                    ends[_nearest(self.ends, found - offset + self.size)] += 1
            parts *= 2
        likely_ends = [e for e, _ in ends.most_common(4) if e is not None]
        for start, _ in starts.most_common(4):
            if start is not None:
                for end in likely_ends + [_nearest(self.ends, start + self.size)]:
                    if end is not None:
                        self.try_passage(start, end)

    def reach(self, common: int) -> int:
        """The longest candidate that can still win when its common subsequence with the quote is
        at most ``common`` (2·common / (size + length) must reach the best so far)."""
        best = max(self.best[0], self.at_least)
        if best <= 0:
            return self.longest
        return min(self.longest, int((2 * common - best * self.size) / best) + 1)

    def block(self, group: list[int], common: int) -> tuple[float, int, list[int], int]:
        """(-bound, first start, group, common) of the candidates from ``group``, whose common
        subsequence with the quote is known to be at most ``common``: a heap entry."""
        common = self.common(group[0], group[-1] + max(self.reach(common), 0))
        return -_bound(common, self.size, self.shortest, self.longest), group[0], group, common

    def run(self) -> Nearest:
        self.seed()
        heap, group = [], []
        width = max(self.size, 16)
        for start in self.starts + [None]:  # step 1
            if group and (start is None or start - group[0] >= width):
                heap.append(self.block(group, self.size))
                group = []
            if start is not None:
                group.append(start)
        heapq.heapify(heap)
        while heap:
            bound, first, group, common = heapq.heappop(heap)
            if not self.can_win(-bound, first, first):
                break  # the heap gives the highest bound first: nothing left can win
            if self.budget < 0:
                return Nearest(*self.best, complete=False)
            if len(group) == 1:
                if self.reach(common) < self.longest and common > 0:  # a narrower window may rule it out
                    narrower = self.block(group, common)
                    if narrower[3] < common:
                        heapq.heappush(heap, narrower)
                        continue
                if not self.candidates(first, common):
                    return Nearest(*self.best, complete=False)
                continue
            for half in (group[:len(group) // 2], group[len(group) // 2:]):  # step 2
                heapq.heappush(heap, self.block(half, common))
        return Nearest(*self.best, complete=True)

    def candidates(self, start: int, ceiling: int) -> bool:
        """Step 3: each word end at a length the quote allows, from ``start``; False when the
        budget ran out first."""
        lo = bisect.bisect_left(self.ends, start + self.shortest)
        hi = bisect.bisect_right(self.ends, start + self.longest)
        for end in self.ends[lo:hi]:
            length = end - start
            if not self.can_win(_ratio(min(ceiling, length), self.size, length), start, end):
                continue
            if self.budget < 0:
                return False
            self.try_passage(start, end)
        return True


def _nearest(points: list[int], at: int) -> int | None:
    """The point of the sorted ``points`` nearest ``at`` (the earlier of two as near)."""
    i = bisect.bisect_left(points, at)
    near = points[max(0, i - 1):i + 1]
    return min(near, key=lambda p: (abs(p - at), p)) if near else None


def most_similar(text: str, quote: str, at_least: float = 0.0, work: int | None = None) -> Nearest:
    """The passage of ``text`` most like ``quote`` (see the module), among those at least
    ``at_least`` alike: (similarity, start, end, complete), (0.0, 0, 0, True) when there is none.
    ``work`` overrides the budget (:func:`work_allowed`)."""
    if not quote or not text:
        return Nearest(0.0, 0, 0, True)
    budget = work_allowed(len(text), len(quote)) if work is None else work
    return _Search(text, quote, at_least, budget).run()
