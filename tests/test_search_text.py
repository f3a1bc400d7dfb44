"""Search's words (builder/search/text.py, and builder/search/client/text.js in node): the Porter
stemmer's published examples, tokens and spans of tricky texts, and the Python and JavaScript
versions agreeing on every word of the demo archive, of tricky texts and of every assigned character."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from builder.search.text import LONGEST, _patterns, is_english, normalize, spans, stem, terms, tokens, words
from helpers import REPO, REPO_CONTENT

TEXT_JS = REPO / "builder" / "search" / "client" / "text.js"
NODE = Path("/usr/bin/node")

# The examples of M. F. Porter, "An algorithm for suffix stripping" (1980), steps 1 to 5, and a few
# words the demo archive's readers search for.
PORTER = {
    "caresses": "caress", "ponies": "poni", "ties": "ti", "caress": "caress", "cats": "cat", "feed": "feed",
    "agreed": "agre", "plastered": "plaster", "bled": "bled", "motoring": "motor", "sing": "sing",
    "conflated": "conflat", "troubled": "troubl", "sized": "size", "hopping": "hop", "tanned": "tan",
    "falling": "fall", "hissing": "hiss", "fizzed": "fizz", "failing": "fail", "filing": "file", "happy": "happi",
    "sky": "sky", "relational": "relat", "conditional": "condit", "rational": "ration", "valenci": "valenc",
    "hesitanci": "hesit", "digitizer": "digit", "conformabli": "conform", "radicalli": "radic",
    "differentli": "differ", "vileli": "vile", "analogousli": "analog", "vietnamization": "vietnam",
    "predication": "predic", "operator": "oper", "feudalism": "feudal", "decisiveness": "decis",
    "hopefulness": "hope", "callousness": "callous", "formaliti": "formal", "sensitiviti": "sensit",
    "sensibiliti": "sensibl", "triplicate": "triplic", "formative": "form", "formalize": "formal",
    "electriciti": "electr", "electrical": "electr", "hopeful": "hope", "goodness": "good", "revival": "reviv",
    "allowance": "allow", "inference": "infer", "airliner": "airlin", "gyroscopic": "gyroscop",
    "adjustable": "adjust", "defensible": "defens", "irritant": "irrit", "replacement": "replac",
    "adjustment": "adjust", "dependent": "depend", "adoption": "adopt", "homologou": "homolog",
    "communism": "commun", "activate": "activ", "angulariti": "angular", "homologous": "homolog",
    "effective": "effect", "bowdlerize": "bowdler", "probate": "probat", "rate": "rate", "cease": "ceas",
    "controll": "control", "roll": "roll", "generalizations": "gener", "sanctions": "sanction",
    "countries": "countri", "country": "countri",
}

# Texts where normalising or splitting words could go wrong, in many scripts.
TRICKY = [
    "Café, naïve façade; RÉSUMÉ — coöperate, Ångström, Øresund, Łódź, Dvořák, Ǆemal ǅ ǆ",
    "Straße STRASSE ß ẞ groß",
    "İstanbul ISTANBUL ıi DİYARBAKIR ŞİŞLİ",
    "ﬁnance ﬂow ﬀ ﬃ ﬅ ﬓ ½ ² ℃ ㎏ Ⅻ ① Ⓐ ｆｕｌｌｗｉｄｔｈ ŉ K Ω Å",
    "ΟΔΟΣ Ὀδυσσεύς ΣΊΣΥΦΟΣ σίσυφος ς Σ ΑΣ'Σ ΤΗΣ-ΑΘΗΝΑΣ AΣ ΣΑΣ.",
    "Москва ЁЛКА ёлка Йошкар-Ола й",
    "العَرَبِيَّة مُحَمَّد ﻻ ٢٠٢١",
    "שָׁלוֹם",
    "ᏣᎳᎩ ᲥᲐᲠᲗᲣᲚᲘ",
    "हिन्दी क्\u200dष नमस्ते संस्कृतम् १२३",
    "ภาษาไทย สวัสดีครับ",
    "می\u200cخواهم ۲۰۲۱",
    "中华人民共和国《人民日报》，２０２１年５月",
    "東京タワーはTokyo Towerです。ひらがなカタカナ漢字abc123ｶﾀｶﾅ",
    "ｶﾞｲﾄﾞ が か\u3099 ㇰㇱ 𛀁𛄟",
    "👍🏽 family 👨\u200d👩\u200d👧 🇫🇷 1\ufe0f\u20e3 ❤\ufe0f",
    "𠀀𠀁 𪜀 𫝀 text𠀀text 丽 葛\U000e0100",
    "𑀓𑀸 𝅘𝅥𝅮 x\U0001d165y",
    "2021 3.14 1,000 ௧௨ 0x1F",
    "don't can’t O'Neill rock'n'roll e-mail well\u2011known snake_case __init__ a_b_c",
    "\u0301abc a\u0301 \u0301\u0302 e\u0301\u0301 \u0301", "", "   ", "a", "Ab CD eFg",
    "x" * 100 + " " + "é" * 70 + " " + "𝐀" * 70 + "b " + "ﬁ" * 40,  # words longer than a token may be
]

# Suffixes of every Porter rule, put on words of the demo archive to reach every rule.
SUFFIXES = ["sses", "ies", "ss", "s", "eed", "ed", "ing", "y", "ational", "tional", "enci", "anci", "izer",
            "abli", "alli", "entli", "eli", "ousli", "ization", "ation", "ator", "alism", "iveness", "fulness",
            "ousness", "aliti", "iviti", "biliti", "icate", "ative", "alize", "iciti", "ical", "ful", "ness", "al",
            "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "sion", "tion", "ion", "ou",
            "ism", "ate", "iti", "ous", "ive", "ize", "e", "ll", "at", "bl", "iz", "yed", "ying"]

KANA_HAN = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
                      r"\U0001aff0-\U0001b16f\U00020000-\U0003134f]")


def assigned_characters() -> list[str]:
    """Every character of this Python's Unicode that is assigned, not a surrogate nor private use."""
    found = (chr(code) for code in range(sys.maxunicode + 1))
    return [c for c in found if unicodedata.category(c) not in ("Cn", "Cs", "Co")]


def demo_texts() -> list[str]:
    return [path.read_text("utf-8") for path in sorted(REPO_CONTENT.rglob("*")) if path.is_file()]


def test_stem_gives_the_published_examples():
    assert {word: stem(word) for word in PORTER} == PORTER


def test_stem_leaves_short_and_non_english_tokens_as_they_are():
    assert [stem(t) for t in ["is", "as", "ed", "s", "2010s", "caf\u00e9", "straße", "x1s", "Cats", "état"]] == [
        "is", "as", "ed", "s", "2010s", "caf\u00e9", "straße", "x1s", "Cats", "état"]
    assert [stem(t) for t in ["its", "was", "sses", "ies", "ing"]] == ["it", "wa", "ss", "i", "ing"]


def test_tokens_drop_accents_and_case_and_split_at_punctuation():
    assert tokens("Café, RÉSUMÉ! Don't e-mail snake_case ﬁne Straße İstanbul ΟΔΟΣ 3.14") == [
        "cafe", "resume", "don", "t", "e", "mail", "snake", "case", "fine", "straße", "istanbul", "οδος", "3", "14"]
    assert tokens("العَرَبِيَّة हिन्दी 👍 ❤\ufe0f 1\ufe0f\u20e3") == ["العربية", "हनद", "1"]
    assert tokens("\u0301\u0302 \u0301") == []


def test_han_and_kana_are_a_token_each_and_other_letters_stay_grouped():
    assert tokens("東京タワーはTokyo Towerです。中文abc中𠀀x") == [
        "東", "京", "タ", "ワ", "ー", "は", "tokyo", "tower", "て", "す", "中", "文", "abc", "中", "𠀀", "x"]


def test_half_width_and_small_kana_are_split_like_kana():
    assert tokens("ｶﾞｲﾄﾞ") == tokens("ガイド") == tokens("カ\u3099イト\u3099") == ["カ", "イ", "ト"]
    assert tokens("ㇰㇱabc𛀁") == ["ㇰ", "ㇱ", "abc", "𛀁"]


def test_spans_are_code_point_offsets_into_the_original_text():
    text = "𠀀Café—naïve 中x\u0301"
    assert spans(text) == [(0, 1, "𠀀"), (1, 5, "cafe"), (6, 11, "naive"), (12, 13, "中"), (13, 15, "x")]
    for start, end, token in spans(" ".join(TRICKY)):
        assert normalize(" ".join(TRICKY)[start:end])[:LONGEST] == token


def test_a_token_is_at_most_longest_characters_its_word_s_beginning():
    assert LONGEST == 64
    assert tokens("x" * 5000 + "a " + "É" * 70 + " " + "𝐀" * 70) == ["x" * 64, "e" * 64, "a" * 64]
    assert spans("y" * 100) == [(0, 100, "y" * 64)]


def test_terms_are_stemmed_in_english_only():
    assert terms("Sanctions against the countries", "en") == ["sanction", "against", "the", "countri"]
    assert terms("Sanctions against the countries", "EN-gb") == terms("Sanctions against the countries", "")
    assert terms("Sanctions contre les pays", "fr") == ["sanctions", "contre", "les", "pays"]
    assert [is_english(x) for x in ["", "en", "EN", "en-US", "eng", "fr", "de-en"]] == [
        True, True, True, True, False, False, False]


def test_a_word_is_letters_digits_and_marks_of_every_plane():
    """Every assigned character (but Han and Kana, split apart) joins "a" and "b" into one word
    exactly when it is a letter, digit or mark in this Python's Unicode."""
    characters = [c for c in assigned_characters() if not KANA_HAN.match(c)]
    text = "".join(f" a{c}b" for c in characters)
    joined = {start for start, end, _ in spans(text) if end - start == 3}
    expected = {4 * i + 1 for i, c in enumerate(characters) if unicodedata.category(c)[0] in "LNM"}
    assert joined == expected


# --- the same in JavaScript ---------------------------------------------------------------------

NODE_SCRIPT = r"""
const fs = require("fs"), vm = require("vm");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
vm.runInThisContext(fs.readFileSync(input.script, "utf8"), {filename: input.script});
const T = globalThis.ArchiveSearch.text;
process.stdout.write(JSON.stringify({
  texts: input.texts.map((t) => ({
    spans: T.spans(t).map((s) => [s.start, s.end, s.token]), tokens: T.tokens(t), normalized: T.normalize(t),
    english: T.terms(t, "en"), french: T.terms(t, "fr"),
  })),
  stems: input.words.map((w) => T.stem(w)),
  isEnglish: input.languages.map((l) => T.isEnglish(l)),
}));
"""


def require_node() -> Path:
    if NODE.is_file() and os.access(NODE, os.X_OK):
        return NODE
    reason = f"the JavaScript half of search's words is checked with node at {NODE} (Debian package 'nodejs')"
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {reason} is missing", pytrace=False)
    pytest.skip(reason)


def stem_words(texts: list[str]) -> list[str]:
    """The English words of ``texts``, the Porter examples, and every fifth word with every rule's suffix."""
    words = sorted({t for text in texts for t in tokens(text) if re.fullmatch("[a-z]+", t)} | set(PORTER))
    return words + [word + suffix for word in words[::5] for suffix in SUFFIXES] + ["a", "ab", "abc", "yyy"]


@pytest.fixture(scope="module")
def both():
    """The corpus, and what text.js made of it in one node process."""
    node = require_node()
    everything = assigned_characters()
    per_block = [" ".join(f"a{c}b {c}" for c in everything[i:i + 512]) for i in range(0, len(everything), 512)]
    words = demo_texts() + TRICKY + [" ".join(TRICKY)]
    languages = ["", "en", "EN", "En-Gb", "en-", "eng", "fr", "de-en", "İn", "EN-İ"]
    corpus = {"script": str(TEXT_JS), "texts": words + per_block, "words": stem_words(words), "languages": languages}
    run = subprocess.run([str(node), "-e", NODE_SCRIPT], input=json.dumps(corpus), capture_output=True,
                         text=True, encoding="utf-8", timeout=300)
    assert run.returncode == 0, run.stderr
    return corpus, json.loads(run.stdout)


def utf16(text: str) -> list[int]:
    """The UTF-16 offset of each code-point offset of ``text`` (and of its end)."""
    offsets = [0]
    for c in text:
        offsets.append(offsets[-1] + (2 if ord(c) > 0xFFFF else 1))
    return offsets


def first_difference(python: list, javascript: list) -> str:
    at = next((i for i, (a, b) in enumerate(zip(python, javascript)) if a != b), min(len(python), len(javascript)))
    return f"at {at}: Python {python[at:at + 3]!r}, JavaScript {javascript[at:at + 3]!r}"


def test_javascript_tokens_and_terms_are_the_same(both):
    corpus, js = both
    assert len(js["texts"]) == len(corpus["texts"]) > 300
    for text, out in zip(corpus["texts"], js["texts"]):
        python = tokens(text)
        assert out["tokens"] == python, f"{text[:60]!r}: {first_difference(python, out['tokens'])}"
        assert out["english"] == terms(text, "en"), text[:60]
        assert out["french"] == terms(text, "fr") == python, text[:60]


def test_javascript_spans_delimit_the_same_words(both):
    corpus, js = both
    for text, out in zip(corpus["texts"], js["texts"]):
        offsets = utf16(text)
        python = [[offsets[start], offsets[end], token] for start, end, token in spans(text)]
        assert out["spans"] == python, f"{text[:60]!r}: {first_difference(python, out['spans'])}"


def test_javascript_normalizes_whole_texts_the_same(both):
    corpus, js = both
    for text, out in zip(corpus["texts"], js["texts"]):
        assert out["normalized"] == normalize(text), text[:60]


def test_javascript_stems_and_languages_are_the_same(both):
    corpus, js = both
    assert len(corpus["words"]) > 10_000
    python = [stem(word) for word in corpus["words"]]
    assert js["stems"] == python, first_difference(python, js["stems"])
    assert js["isEnglish"] == [is_english(language) for language in corpus["languages"]]


def test_ascii_text_has_the_same_words_as_with_the_whole_pattern():
    """words() reads ASCII text with a shorter pattern (no mark is ASCII): the same words."""
    every = "".join(map(chr, range(128)))
    texts = [every, every[::-1], "don't stop_me now 42x x42 a-b a_b", min((REPO_CONTENT / "sources").glob("*.txt")).read_text(encoding="utf-8")]
    for text in texts:
        if text.isascii():
            assert words(text) == _patterns()[0].findall(text)
    assert words("café naïve") == _patterns()[0].findall("café naïve") == ["café", "naïve"]
