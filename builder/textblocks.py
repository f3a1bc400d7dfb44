"""Blocks of lines: what the clean and segment stages agree a paragraph looks like.

Blank lines separate blocks. A block is hard-wrapped prose when every line but the last
has a similar width; otherwise (web copies) each line is a paragraph of its own.
"""

from __future__ import annotations

from builder.model import Line

WRAP_MIN, WRAP_MAX = 50, 100


def blocks(lines: list[Line]) -> list[list[Line]]:
    result: list[list[Line]] = [[]]
    for line in lines:
        if line.text.strip():
            result[-1].append(line)
        elif result[-1]:
            result.append([])
    return [block for block in result if block]


def is_wrapped(block: list[Line]) -> bool:
    """Hard-wrapped prose: lines of similar width that run on into each other.

    Width alone is not enough (two copies of an advert are of equal width): some line
    must run on into the next one (it ends in a lowercase word, or the next one starts in
    lowercase), or, in blocks of four lines or more, most lines must stop mid-sentence.
    Title-case lines ("… Peace and Security" over "Notify of") are not joined.
    """
    if len(block) < 2:
        return False
    widths = [len(line.text) for line in block]
    if not (all(WRAP_MIN <= w <= WRAP_MAX for w in widths[:-1]) and widths[-1] <= WRAP_MAX):
        return False
    texts = [line.text.strip() for line in block]
    if len(set(texts)) < len(texts):
        return False
    runs_on = any(nxt[:1].islower() for nxt in texts[1:]) or any(text.split()[-1][:1].islower() for text in texts[:-1])
    mid_sentence = sum(1 for text in texts[:-1] if not text.endswith((".", "!", "?", ":", "\"", "”")))
    return runs_on or (len(block) >= 4 and mid_sentence * 2 > len(block) - 1)
