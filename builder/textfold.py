"""Folding text for matching without changing its length.

Each character is folded on its own (accents dropped: "António" -> "Antonio") and kept
only when it folds to exactly one character, so an offset in the folded text is the
same offset in the original. Case is kept: matching stays case-sensitive.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch.isascii():
        return ch
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return base if len(base) == 1 else ch


def fold(text: str) -> str:
    """Accent-folded copy of ``text`` with exactly the same length."""
    if text.isascii():
        return text
    return "".join(_fold_char(ch) for ch in text)


def is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"
