"""The search index's files, read back the way the browser's client reads them (a decoder of
its own here, written from the format's description, not from the writer)."""

from __future__ import annotations

import pytest

from builder.search import index, text
from builder.search.records import Record
from helpers.search_index import decode, load, lookup

def document(n: int, words: str, title: str = "", language: str = "en") -> Record:
    return Record("document", title or f"Report {n}", f"documents/d{n}/", f"Agency · 1 March 2012", language, (),
                  tuple((f"p{i + 1}", p) for i, p in enumerate(words.split(" | "))))


CORPUS = [
    document(0, "The Security Council imposed sanctions. | Guterres spoke for the countries."),
    document(1, "A country imposed a sanction on Gutérres.", title="Sanctions report"),
    document(2, "Der Sicherheitsrat tagte in Genf über Sanktionen.", language="de"),
    document(3, "北京市 hosted the meeting. 𠀀 astral 𝐀bc"),
]


@pytest.fixture(scope="module")
def built():
    editorial = [Record("entity", "António Guterres", "entities/antonio-guterres/", "Person", "", ("Guterres",),
                        (("", "Secretary-General of the United Nations."),))]
    return index.build([("d", CORPUS), ("e", editorial)], shard_characters=40)


def test_every_word_of_every_record_is_found_with_its_impact(built):
    root = load(built, "root.js")
    assert root["format"] == 1 and root["records"] == 5
    d, e = root["segments"]
    assert (d["name"], d["offset"], d["records"], e["name"], e["offset"], e["records"]) == ("d", 0, 4, "e", 4, 1)
    for number, record in enumerate(CORPUS):
        words = " ".join([record.title, record.meta, *(p for _, p in record.paragraphs)])
        for term in set(text.terms(words, record.language)):
            df, postings = lookup(built, d, term)
            assert number in dict(postings), (term, number)
            assert df == len(postings)
    # title matches carry 16; the body's part is 1..15
    impacts = dict(lookup(built, d, text.stem("sanctions"))[1])
    assert impacts.keys() == {0, 1} and impacts[0] < 16 <= impacts[1] and all(1 <= v <= 31 for v in impacts.values())
    # an entity's other names rank as its name
    assert lookup(built, e, text.stem("guterres"))[1][0][1] >= 16
    # accents and case are gone; German is not stemmed as English
    assert dict(lookup(built, d, text.stem("guterres"))[1]).keys() == {0, 1}
    assert lookup(built, d, "sanktionen") is not None
    # Han characters are terms one by one; astral characters sort as JavaScript sorts them
    assert [lookup(built, d, c)[0] for c in "北京市"] == [1, 1, 1]
    assert lookup(built, d, "𠀀") == (1, [(3, lookup(built, d, "𠀀")[1][0][1])])


def test_shards_are_in_javascript_order_and_hot_prefixes_span_them(built):
    d = load(built, "root.js")["segments"][0]
    terms = []
    for shard in range(len(d["shards"])):
        entries = load(built, f"d/t/{shard}.js")
        assert entries and entries[0][0].startswith(d["shards"][shard]) or shard == 0
        terms += [t for t, *_ in entries]
    assert terms == sorted(terms, key=lambda t: t.encode("utf-16-be")) and len(set(terms)) == len(terms)
    assert len(d["shards"]) > 3
    where = {t: max(i for i, f in enumerate(d["shards"]) if f.encode("utf-16-be") <= t.encode("utf-16-be")) for t in terms}
    prefixes = {t[:n] for t in terms for n in range(1, len(t) + 1)}
    for prefix in prefixes:
        spans = {where[t] for t in terms if t.startswith(prefix)}
        assert (prefix in d["hot"]) == (len(spans) > 1), prefix
    for prefix, number in d["hot"].items():
        hot = load(built, f"d/h/{number}.js")
        expected = sorted((t for t in terms if t.startswith(prefix)),
                          key=lambda t: (-lookup(built, d, t)[0], t.encode("utf-16-be")))[:index.PREFIX_TERMS]
        assert [t for t, _ in hot["terms"]] == expected
        best = {}
        for t in expected:
            for record, impact in lookup(built, d, t)[1]:
                best[record] = max(best.get(record, 0), impact)
        assert decode(hot["postings"]) == sorted(best.items())


def test_a_large_term_has_its_best_records_in_the_shard_and_all_in_its_own_file():
    many = [document(n, "common words here" + (" rare" * (n % 7)), title="Common" if n == 250 else "")
            for n in range(index.HEAD + 60)]
    files = index.build([("d", many), ("e", [])])
    d = load(files, "root.js")["segments"][0]
    df, head = lookup(files, d, "rare", full=False)
    df_full, full = lookup(files, d, "rare")
    assert df == df_full == len(full) == sum(1 for n in range(len(many)) if n % 7)
    assert len(head) == index.HEAD and set(head) <= set(full)
    cut = sorted(full, key=lambda p: (-p[1], p[0]))[:index.HEAD]
    assert head == sorted(cut)
    assert dict(lookup(files, d, "common", full=False)[1])[250] >= 16  # its title: in the head


def test_fragments_hold_what_a_result_shows_as_plain_data(built):
    fragment = load(built, "r/0/4.js")
    assert fragment == {"k": "entity", "t": "António Guterres", "u": "entities/antonio-guterres/", "m": "Person",
                        "l": "", "n": ["Guterres"], "p": [["", "Secretary-General of the United Nations."]]}
    hostile = Record("document", '</script><img src=x onerror=alert(1)>\u2028', "documents/x/", "", "", (),
                     (("p1", '"); alert(1); ("'),))
    files = index.build([("d", [hostile]), ("e", [])])
    assert load(files, "r/0/0.js")["t"] == hostile.title
    assert load(files, "r/0/0.js")["p"] == [["p1", '"); alert(1); ("']]


def test_the_same_records_give_the_same_bytes(built):
    again = index.build([("d", list(CORPUS)), ("e", [Record("entity", "António Guterres", "entities/antonio-guterres/",
                                                             "Person", "", ("Guterres",),
                                                             (("", "Secretary-General of the United Nations."),))])],
                        shard_characters=40)
    assert again == built


def test_a_hostile_source_of_endless_words_keeps_the_index_small():
    """Words of 5,000 letters sharing a prefix: each term is its word's first 64 characters, so
    the shards' boundaries and the hot prefixes stay short (uncut: 5,000 hot prefixes, 500 MB)."""
    words = " ".join("x" * 5000 + letter for letter in "abcdefghijklmnopqrst")
    files = index.build([("d", [document(0, words), document(1, "plain words here")]), ("e", [])], shard_characters=40)
    d = load(files, "root.js")["segments"][0]
    assert lookup(files, d, "x" * 64)[1] == [(0, lookup(files, d, "x" * 64)[1][0][1])]
    assert all(len(prefix) <= 64 for prefix in d["hot"]) and all(len(first) <= 64 for first in d["shards"])
    assert sum(len(data) for path, data in files.items() if not path.startswith("r/")) < 5_000  # but the text
