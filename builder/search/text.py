"""The words of a text as search sees them, the same in the builder and in the reader's browser
(``client/text.js`` does exactly this; a test runs both over the same texts).

A word is a run of letters, digits and combining marks in the original text. Its token is the
word normalised: NFKD, every combining mark dropped (so accents do not matter), lower-cased. A
run of Han, Hiragana or Katakana characters, which languages written without spaces use, gives a
token per such character. Terms are tokens as the index keeps them: stemmed (Porter) in English
records, so that "sanctions" and "sanction" meet, and left as they are in other languages.
"""

from __future__ import annotations

import re
import sys
import unicodedata


def _class(test, low: int, high: int) -> str:
    """The ranges, for a regular-expression class, of the code points in [low, high] for which ``test`` holds."""
    ranges, start = [], None
    for code in range(low, high + 2):
        inside = code <= high and test(chr(code))
        if inside and start is None:
            start = code
        elif not inside and start is not None:
            ranges.append(re.escape(chr(start)) + ("" if code - 1 == start else "-" + re.escape(chr(code - 1))))
            start = None
    return "".join(ranges)


def _is_mark(character: str) -> bool:
    return unicodedata.category(character).startswith("M")


_BMP_MARKS = _class(_is_mark, 0, 0xFFFF)
_ASTRAL_MARKS = _class(_is_mark, 0x10000, sys.maxunicode)
# A word is a run of letters, digits and marks: [^\W_] and marks. The second pattern is that,
# plus underscores (split off after): one class with the marks of the Basic Multilingual Plane,
# which `re` tests in one step; a class with astral code points is tested range by range, ten
# times slower, so the full pattern is used only for a text with astral characters.
_WORD = re.compile(r"(?:[^\W_]|[" + _BMP_MARKS + _ASTRAL_MARKS + "])+")
_FAST_WORD = re.compile(r"[\w" + _BMP_MARKS + "]+")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_MARK = re.compile("[" + _BMP_MARKS + _ASTRAL_MARKS + "]")
_SPLIT = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")  # Kana and Han


def normalize(text: str) -> str:
    """``text`` without accents and in lower case: NFKD, combining marks dropped, lower-cased."""
    return _MARK.sub("", unicodedata.normalize("NFKD", text)).lower()


def spans(text: str) -> list[tuple[int, int, str]]:
    """Each token of ``text`` with its start and end (code-point offsets) in ``text``."""
    found = []
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group()
        if not _SPLIT.search(word):
            token = normalize(word)
            if token:
                found.append((start, match.end(), token))
            continue
        begin = 0
        for split in _SPLIT.finditer(word):  # the run before a Han/Kana character, then the character
            for a, b in ((begin, split.start()), (split.start(), split.end())):
                token = normalize(word[a:b]) if b > a else ""
                if token:
                    found.append((start + a, start + b, token))
            begin = split.end()
        token = normalize(word[begin:])
        if token:
            found.append((start + begin, match.end(), token))
    return found


def tokens(text: str) -> list[str]:
    """The tokens of ``text``, in order."""
    return [token for _, _, token in spans(text)]


def stem(token: str) -> str:
    """The Porter stem of an English token of a-z letters; any other token as it is."""
    return token


def is_english(language: str) -> bool:
    language = language.lower()
    return language in ("", "en") or language.startswith("en-")


def terms(text: str, language: str) -> list[str]:
    """The terms of ``text`` as the index keeps them: tokens, stemmed when ``language`` is English."""
    found = tokens(text)
    return [stem(t) for t in found] if is_english(language) else found


def words(text: str) -> list[str]:
    """The words of ``text`` as they are written (each gives ``tokens(word)``), fast."""
    if _ASTRAL.search(text):
        return _WORD.findall(text)
    found = _FAST_WORD.findall(text)
    return [part for word in found for part in word.split("_") if part] if "_" in text else found
