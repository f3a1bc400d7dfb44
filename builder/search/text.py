"""The words of a text as search sees them, the same in the builder and in the reader's browser
(``client/text.js`` does exactly this; a test runs both over the same texts).

A word is a run of letters, digits and combining marks in the original text. Its token is the
word normalised: NFKD, every combining mark dropped (so accents do not matter), lower-cased. A
run of Han, Hiragana or Katakana characters, which languages written without spaces use, gives a
token per such character. Terms are tokens as the index keeps them: stemmed (Porter) in English
records, so that "sanctions" and "sanction" meet, and left as they are in other languages.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable

# Hiragana and Katakana (with their phonetic extensions, half-width forms and supplements) and Han.
_SPLIT = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
                    r"\U0001aff0-\U0001b16f\U00020000-\U0003134f]")

# Combining marks are in the Basic and Supplementary Multilingual Planes and (variation selectors)
# in the Supplementary Special-purpose Plane; planes 2 and 3 hold ideographs only, the rest nothing
# or private use. Listing the marks of those planes only takes a tenth of the time of a scan of
# every code point (tests/test_search_text.py checks the words against every code point).
_BASIC = range(0, 0x10000)
_BEYOND = (range(0x10000, 0x20000), range(0xE0000, 0xF0000))


def _marks(codes: Iterable[int]) -> str:
    """The combining marks among ``codes`` as ranges, the inside of a character class (no mark is
    ASCII, so none needs escaping)."""
    runs: list[list[int]] = []
    for code in codes:
        if unicodedata.category(chr(code))[0] == "M":
            if runs and runs[-1][1] == code - 1:
                runs[-1][1] = code
            else:
                runs.append([code, code])
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in runs)


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A word (letters and digits, ``[^\\W_]``, and marks) and a mark, made on first use (~20 ms).

    Python's re looks a character up in a class within the BMP in a bitmap, but in a class that
    reaches beyond it range by range; so the marks beyond the BMP (about 150 ranges) are tried only
    at a character beyond the BMP, and the word pattern repeats runs, not single characters: three
    times faster than ``(?:[^\\W_]|mark)+``.
    """
    basic, beyond = _marks(_BASIC), _marks(itertools.chain(*_BEYOND))
    mark = f"(?:[{basic}]|(?=[\U00010000-\U0010ffff])[{beyond}])"
    word = rf"[^\W_]+(?:{mark}+[^\W_]*)*|(?:{mark}+[^\W_]*)+"
    return re.compile(word), re.compile(mark)


LONGEST = 64
"""A token is at most this many characters (code points), its word's beginning: a word longer
than any real one (a hostile source's) would otherwise put every prefix of it in the index."""


@functools.lru_cache(maxsize=1 << 16)
def _pieces(word: str) -> tuple[tuple[int, int, str], ...]:
    """The tokens of a word, with their start and end in it: the word normalised, or, when it holds
    Han or Kana, the run before each such character, then the character, then what follows."""
    if not _SPLIT.search(word):
        token = normalize(word)[:LONGEST]
        return ((0, len(word), token),) if token else ()
    bounds, begin = [], 0
    for split in _SPLIT.finditer(word):
        bounds += [(begin, split.start()), (split.start(), split.end())]
        begin = split.end()
    bounds.append((begin, len(word)))
    found = ((a, b, normalize(word[a:b])[:LONGEST]) for a, b in bounds if b > a)
    return tuple(piece for piece in found if piece[2])


def normalize(text: str) -> str:
    """``text`` without accents and in lower case: NFKD, combining marks dropped, lower-cased."""
    if text.isascii():
        return text.lower()
    return _patterns()[1].sub("", unicodedata.normalize("NFKD", text)).lower()


def spans(text: str) -> list[tuple[int, int, str]]:
    """Each token of ``text`` with its start and end (code-point offsets) in ``text``."""
    found = []
    for match in _patterns()[0].finditer(text):
        word = match.group()
        if word.isascii():  # most words: nothing to decompose, no Han or Kana
            found.append((match.start(), match.end(), word[:LONGEST].lower()))
        else:
            start = match.start()
            found += [(start + a, start + b, token) for a, b, token in _pieces(word)]
    return found


def tokens(text: str) -> list[str]:
    """The tokens of ``text``, in order."""
    found = []
    for word in _patterns()[0].findall(text):
        if word.isascii():
            found.append(word[:LONGEST].lower())
        else:
            found += [token for _, _, token in _pieces(word)]
    return found


# --- the Porter stemmer (M. F. Porter, "An algorithm for suffix stripping", Program 14(3), 1980) ---
#
# A letter is a vowel (v) when it is a, e, i, o or u, or a y that follows a consonant (c); any
# other letter is a consonant. A word is [C](VC)^m[V], runs of consonants C and vowels V; m is
# its measure. The conditions on a stem (the word without the suffix a rule would remove):
# *v* it has a vowel; *d it ends in a double consonant; *o it ends consonant-vowel-consonant, the
# last not w, x or y; *S, *L, *T it ends in that letter. In each step the rule with the longest
# matching suffix is the one that applies, and only when its condition holds.

def _shape(word: str) -> str:
    """One 'c' (consonant) or 'v' (vowel) per letter of ``word``."""
    shape, after_consonant = [], False
    for letter in word:
        vowel = letter in "aeiou" or (letter == "y" and after_consonant)
        shape.append("v" if vowel else "c")
        after_consonant = not vowel
    return "".join(shape)


def _measure(shape: str) -> int:
    return shape.count("vc")


def _ends_cvc(word: str, shape: str) -> bool:
    return shape.endswith("cvc") and word[-1] not in "wxy"


def _ends_double(word: str, shape: str) -> bool:
    return len(word) >= 2 and word[-1] == word[-2] and shape[-1] == "c"


def _step1a(word: str) -> str:
    """Plurals: sses -> ss, ies -> i, ss stays, s dropped."""
    for suffix, replacement in (("sses", "ss"), ("ies", "i"), ("ss", "ss"), ("s", "")):
        if word.endswith(suffix):
            return word[: len(word) - len(suffix)] + replacement
    return word


def _step1b(word: str) -> str:
    """eed -> ee (m > 0); ed and ing dropped (*v*), then at, bl, iz get an e, a double consonant
    but l, s, z is made single, and an e is added after a stem with m = 1 and *o."""
    if word.endswith("eed"):
        return word[:-1] if _measure(_shape(word[:-3])) > 0 else word
    stem = word[:-2] if word.endswith("ed") else word[:-3] if word.endswith("ing") else None
    if stem is None or "v" not in _shape(stem):
        return word
    shape = _shape(stem)
    if stem.endswith(("at", "bl", "iz")):
        return stem + "e"
    if _ends_double(stem, shape):
        return stem if stem[-1] in "lsz" else stem[:-1]
    return stem + "e" if _measure(shape) == 1 and _ends_cvc(stem, shape) else stem


def _step1c(word: str) -> str:
    """y -> i (*v*)."""
    return word[:-1] + "i" if word.endswith("y") and "v" in _shape(word[:-1]) else word


_STEP2 = {"ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize", "abli": "able",
          "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize", "ation": "ate",
          "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful", "ousness": "ous", "aliti": "al",
          "iviti": "ive", "biliti": "ble"}
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}
_STEP4 = {suffix: "" for suffix in ("al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment",
                                    "ent", "ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize")}


def _longest(word: str, rules: dict[str, str]) -> str | None:
    """The longest suffix of ``word`` that ``rules`` has (suffixes are 2 to 7 letters long)."""
    for size in range(min(7, len(word)), 1, -1):
        if word[-size:] in rules:
            return word[-size:]
    return None


def _replace(word: str, rules: dict[str, str], least: int) -> str:
    """Steps 2 and 3 (m > 0) and 4 (m > 1, and *S or *T before ion): the longest matching rule's
    replacement, when its stem's measure exceeds ``least``."""
    suffix = _longest(word, rules)
    if suffix is None:
        return word
    stem = word[: len(word) - len(suffix)]
    if suffix == "ion" and not stem.endswith(("s", "t")):
        return word
    return stem + rules[suffix] if _measure(_shape(stem)) > least else word


def _step5(word: str) -> str:
    """5a: e dropped (m > 1, or m = 1 and not *o); 5b: ll -> l (m > 1)."""
    if word.endswith("e"):
        stem, shape = word[:-1], _shape(word[:-1])
        measure = _measure(shape)
        if measure > 1 or (measure == 1 and not _ends_cvc(stem, shape)):
            word = stem
    if word.endswith("ll") and _measure(_shape(word)) > 1:
        word = word[:-1]
    return word


_LOWER_ASCII = re.compile(r"[a-z]{3,}")


@functools.lru_cache(maxsize=1 << 16)
def stem(token: str) -> str:
    """The Porter stem of an English token of three or more a-z letters; any other token as it is."""
    if not _LOWER_ASCII.fullmatch(token):
        return token
    word = _step1c(_step1b(_step1a(token)))
    word = _replace(_replace(_replace(word, _STEP2, 0), _STEP3, 0), _STEP4, 1)
    return _step5(word)


def is_english(language: str) -> bool:
    """Whether a record in ``language`` is stemmed: "", "en" or "en-*", in any case."""
    language = language.lower()
    return language in ("", "en") or language.startswith("en-")


def terms(text: str, language: str) -> list[str]:
    """The terms of ``text`` as the index keeps them: tokens, stemmed when ``language`` is English."""
    found = tokens(text)
    return [stem(t) for t in found] if is_english(language) else found


_ASCII_WORD = re.compile(r"[^\W_]+")
"""A word of ASCII text: no mark is ASCII, so the word pattern finds these there, in two thirds
of the time."""


def words(text: str) -> list[str]:
    """The words of ``text`` as they are written (each gives ``tokens(word)``, the same as
    within ``text``: a word's tokens never depend on its neighbours)."""
    return _ASCII_WORD.findall(text) if text.isascii() else _patterns()[0].findall(text)
