"""The passage of a text most like a quote: a bounded approximate search.

Candidates run from a word's start to a word's end and are about as long as the quote (within
a sixth of its length). Similarity is the Indel ratio: twice the longest common subsequence
over the two lengths together (0..1; rapidfuzz computes it bit-parallel). The first of the most
similar wins: the earliest start, then the earliest end.

Comparing the quote with every candidate would cost (words × lengths × quote²). Instead the
common subsequence of the quote with a wider window bounds that of every candidate inside it,
so the search narrows in three steps, most promising first, and skips whatever cannot beat the
best found so far:

1. blocks of word starts about a quote long: one comparison with the window all their
   candidates lie in;
2. the word starts of a block that can still win: one comparison each, with the window of
   their candidates;
3. the candidates of a start that can still win: one comparison each.

Step 1 costs (text × quote / 64) machine operations. Steps 2 and 3 are given a budget of a few
times that, so the whole search is O(text × quote) even on text built to defeat the bounds
(repeats of one word, say); when the budget is spent, the best passage found so far is
returned. On ordinary text the bounds leave a handful of blocks to look into.
"""

from __future__ import annotations

import bisect
import re

from rapidfuzz.distance import LCSseq

WORK_PER_BLOCK_WORK = 8
"""Steps 2 and 3 may cost this many times what step 1 cost, plus WORK_FLOOR, and no more."""
WORK_FLOOR = 20_000_000
"""Work steps 2 and 3 may always do (about 20 ms): on short texts the search is exhaustive."""
CALL_COST = 1_000
"""What one comparison costs beyond its characters, for the budget (the unit of work is a
64-bit operation of the comparison, about a nanosecond; a call costs about a microsecond)."""
WORD = re.compile(r"[^ ]+")


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


class _Search:
    def __init__(self, text: str, quote: str) -> None:
        self.text, self.quote, self.size = text, quote, len(quote)
        slack = max(3, self.size // 6)
        self.shortest, self.longest = max(1, self.size - slack), self.size + slack
        words = list(WORD.finditer(text))
        self.starts = [w.start() for w in words]
        self.ends = [w.end() for w in words] + ([len(text)] if text.endswith(" ") else [])
        self.words64 = 1 + self.size // 64
        self.best = (0.0, 0, 0)  # (ratio, start, end)
        self.budget = 0

    def common(self, start: int, end: int, at_least: float = 0.0) -> int:
        """Longest common subsequence of the quote and text[start:end] (0 when below ``at_least``)."""
        self.budget -= self.words64 * (end - start) + CALL_COST
        cutoff = int(at_least * (self.size + end - start) / 2)
        return LCSseq.similarity(self.quote, self.text[start:end], score_cutoff=cutoff or None)

    def beats(self, ratio: float, start: int, end: int) -> bool:
        best, best_start, best_end = self.best
        return ratio > best or (ratio == best and (start, end) < (best_start, best_end))

    def blocks(self) -> list[tuple[float, int, list[int]]]:
        """Step 1: (bound, first start, starts) for each block of word starts."""
        blocks, group = [], []
        width = max(self.size, 16)
        for start in self.starts + [None]:
            if group and (start is None or start - group[0] >= width):
                common = self.common(group[0], group[-1] + self.longest)
                blocks.append((_bound(common, self.size, self.shortest, self.longest), group[0], group))
                group = []
            if start is not None:
                group.append(start)
        return blocks

    def run(self) -> tuple[float, int, int]:
        blocks = self.blocks()
        self.budget = WORK_PER_BLOCK_WORK * -self.budget + WORK_FLOOR
        for bound, first, group in sorted(blocks, key=lambda b: (-b[0], b[1])):
            if not self.beats(bound, first, first) or bound == 0:
                break  # sorted by bound: no later block can win either
            starts = []
            for start in group:
                if self.budget < 0:
                    return self.best
                common = self.common(start, start + self.longest)
                starts.append((_bound(common, self.size, self.shortest, self.longest), start, common))
            for start_bound, start, common in sorted(starts, key=lambda s: (-s[0], s[1])):
                if not self.beats(start_bound, start, start):
                    break
                self.candidates(start, common)
                if self.budget < 0:
                    return self.best
        return self.best

    def candidates(self, start: int, ceiling: int) -> None:
        """Step 3: each word end at a length the quote allows, from ``start``."""
        lo = bisect.bisect_left(self.ends, start + self.shortest)
        hi = bisect.bisect_right(self.ends, start + self.longest)
        for end in self.ends[lo:hi]:
            length = end - start
            if not self.beats(_ratio(min(ceiling, length), self.size, length), start, end):
                continue
            ratio = _ratio(self.common(start, end, self.best[0]), self.size, length)
            if self.beats(ratio, start, end):
                self.best = (ratio, start, end)


def most_similar(text: str, quote: str) -> tuple[float, int, int]:
    """(similarity, start, end) of the passage of ``text`` most like ``quote`` (see the module)."""
    if not quote or not text:
        return 0.0, 0, 0
    return _Search(text, quote).run()
