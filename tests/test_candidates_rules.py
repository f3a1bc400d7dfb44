"""`archive candidates`: which capitalised words are names, and how the forms of one name are
grouped (builder/candidates/), table by table, on small corpora in memory; then the command's
--top and --write, run as an editor would."""

from __future__ import annotations

import random

import time

import pytest

from builder.candidates import find_candidates
from builder.candidates.names import starts_sentence
from builder.cli import main
from helpers import make_tiny_archive, memory_archive, tree_digest


def names_of(*paragraphs: str, minimum: int = 1) -> dict[str, int]:
    """name -> occurrences, for a corpus of one document per paragraph."""
    archive = memory_archive({f"d{i}": [text] for i, text in enumerate(paragraphs)}, [])
    return {c.name: c.count for c in find_candidates(archive, minimum)}


# --- what is a name ------------------------------------------------------------------------------------

@pytest.mark.parametrize("opener", ["However", "According", "Meanwhile", "Despite", "Moreover", "Instead"])
def test_sentence_openers_are_no_names(opener):
    found = names_of(f"{opener} the council met. The vote was close, and {opener.lower()} it passed.",
                     f"{opener}, the talks went on in Geneva with Kofi Annan.", f"Kofi Annan left. {opener} it rained.")
    assert opener not in found
    assert found["Kofi Annan"] == 2


@pytest.mark.parametrize("word", ["Group", "Here", "Phone", "Get"])
def test_a_word_capitalised_only_where_it_opens_a_sentence_is_an_ordinary_word(word):
    # Written in lowercase inside sentences at least as often as capitalised there.
    found = names_of(f"{word} is the word. A {word.lower()} again.", f"{word} and more. The {word.lower()} here.")
    assert word not in found


def test_a_word_capitalised_inside_sentences_more_than_written_in_lowercase_is_a_name():
    found = names_of("Shares in Apple rose. He ate an apple.", "Then Apple said no.", "Apple is big, said Apple.")
    assert found["Apple"] == 4


@pytest.mark.parametrize("contraction", ["I’m", "I've", "We’re", "I’ll", "I'd", "Don’t", "Isn't"])
def test_contractions_are_no_names(contraction):
    found = names_of(f"{contraction} sure, said Anna Lind.", f"{contraction} told, said Anna Lind.")
    assert set(found) == {"Anna Lind"}


def test_a_name_with_an_apostrophe_is_a_name():
    assert names_of("Then Conan O’Brien spoke.", "Later Conan O’Brien left.") == {"Conan O’Brien": 2}


@pytest.mark.parametrize("demonym, noun", [("British", "troops"), ("European", "leaders"), ("Chinese", "officials"),
                                          ("American", "people"), ("Japanese", "market"), ("Russian", "gas")])
def test_adjectives_of_nationality_are_no_names(demonym, noun):
    found = names_of(f"The {demonym} {noun} left. Two {demonym} {noun} stayed.", f"Many {demonym} {noun} came.",
                     f"The {demonym}-made cars sold.")
    assert demonym not in found


@pytest.mark.parametrize("name", ["Brian", "Japan", "Sudan", "Morgan", "Kofi Annan", "Paul Ryan"])
def test_names_shaped_like_demonyms_used_as_names_are_names(name):
    found = names_of(f"Then {name} said no. Later {name} left, and {name} was gone.", f"We met {name} in the end.")
    assert found[name] == 4


@pytest.mark.parametrize("phrase", ["North Korean", "South African", "Latin American"])
def test_phrases_that_are_adjectives_of_nationality_are_no_names(phrase):
    assert names_of(f"The {phrase} leader spoke.", f"Then {phrase} troops left, and the {phrase} press said so.") == {}


@pytest.mark.parametrize("text, found, not_found", [
    ("The new iPod sold, and then iPod sales rose.", "iPod", "Pod"),
    ("He sold it on eBay, and eBay took a fee.", "eBay", "Bay"),
    ("The iPhone came out; the iPhone sold.", "iPhone", "Phone"),
])
def test_a_name_starts_at_a_word_boundary(text, found, not_found):
    result = names_of(text)
    assert result[found] == 2
    assert not_found not in result


def test_abbreviations_of_ordinary_nouns_are_no_names_and_acronyms_of_names_are():
    found = names_of("The TV showed the CEO of NASA. The US said the TV was new.", "The CEO of NASA went to the US.",
                     "Tell us, and tell us again: how NASA grew. GROW is a word the heading shouted; we grow.")
    assert found == {"NASA": 3, "US": 2}


@pytest.mark.parametrize("text, expected", [
    ("Prime Minister Tony Blair spoke. Tony Blair left.", {"Tony Blair": 2}),
    ("Chinese President Xi Jinping spoke. Later Xi Jinping left.", {"Xi Jinping": 2}),
    ("It was Emily Maitlis, Andrew. Maitlis asked. Then Emily Maitlis left.", {"Emily Maitlis": 3, "Andrew": 1}),
    ("The Hong Kong-based firm and Hong Kong police.", {"Hong Kong": 2}),
    ("Then SLS and Orion flew. SLS and Orion landed.", {"SLS": 2, "Orion": 2}),
    ("Getting Disney to agree was hard, and getting it to pay too. Getting Disney...", {"Disney": 2}),
    ("Black Friday... came. Black Friday went.", {"Black Friday": 2}),
])
def test_phrases_are_cut_into_the_names_they_hold(text, expected):
    assert names_of(text) == expected


@pytest.mark.parametrize("text, start, expected", [
    ("Blair said.", 0, True),
    ("He left. Blair said.", 9, True),
    ("He left.” Blair said.", 10, True),
    ("He said: “Blair", 10, True),
    ("then Blair said", 5, False),
    ("Mr. Blair said", 4, False),
    ("J. K. Rowling", 6, False),
    ("the U.S. Senate", 9, False),
])
def test_where_a_sentence_starts(text, start, expected):
    assert starts_sentence(text, start) is expected


# --- forms of one name ----------------------------------------------------------------------------------

def test_a_surname_is_grouped_under_the_full_name_of_the_same_documents():
    archive = memory_archive({
        "a": ["Prime Minister Tony Blair spoke on Monday. Later Mr Blair left, and Blair came back."],
        "b": ["Tony Blair met the press. Mr. Blair said no."],
        "c": ["Blair was not there; Blair stayed home."],
    }, [])
    [candidate] = find_candidates(archive)
    assert (candidate.name, candidate.count, candidate.forms) == ("Tony Blair", 7, [("Blair", 5)])
    assert candidate.documents == {"a", "b", "c"}


def test_a_surname_mostly_in_other_documents_is_not_grouped():
    archive = memory_archive({"a": ["Then Mike Ford spoke, and Ford left."], "b": ["The new Ford sold. Ford said so."],
                              "c": ["A Ford car and the Ford plant."]}, [])
    assert [(c.name, c.count, c.forms) for c in find_candidates(archive, 1)] == [("Ford", 5, []), ("Mike Ford", 1, [])]


def test_a_first_word_is_not_grouped_under_a_longer_name():
    archive = memory_archive({"a": ["Then Apple TV came out, and Apple said so. Apple TV sold."]}, [])
    assert {(c.name, c.count) for c in find_candidates(archive, 1)} == {("Apple TV", 2), ("Apple", 1)}


def test_spellings_are_grouped_under_the_most_frequent():
    archive = memory_archive({"a": ["Then the U.S. said no, and the U.S. left. The US came back."],
                              "b": ["In NEW DELHI the news came. New Delhi said no."]}, [])
    found = {c.name: (c.count, c.spellings) for c in find_candidates(archive, 1)}
    assert found == {"U.S.": (3, [("US", 1)]), "New Delhi": (2, [("NEW DELHI", 1)])}


def test_adversarial_paragraphs_are_read_quickly():
    # A hang bound, not a timing: every look back or ahead is bounded by the text it walks once.
    paragraphs = ["A. " * 20_000, "Mr. " * 20_000, " " * 60_000 + "Blair", "“" * 60_000 + "Blair", "Ab " * 20_000,
                  "I’m " * 20_000, "Xy-based " * 10_000]
    started = time.perf_counter()
    find_candidates(memory_archive({f"d{i}": [p] for i, p in enumerate(paragraphs)}, []))
    assert time.perf_counter() - started < 10


# --- the command -----------------------------------------------------------------------------------------

def run(capsys, archive, *args):
    code = main(["candidates", "--content", str(archive.content), *args])
    out, err = capsys.readouterr()
    return code, out, err


WORDS = ("apple river table garden window letter market winter summer bridge castle forest engine harbour "
         "island ladder meadow orchard pencil pocket rocket saddle tunnel valley wagon basket candle doctor "
         "farmer hammer").split()
# Each story's own words, in an order of its own: twelve stories, not twelve copies of one (archive check
# reports copies).
STORIES = {f"sources/s{i:02}.txt": f"Story {i}\n\nPrime Minister Tony Blair spoke. Later Mr Blair left with "
                                    f"Gordon Brown, and Blair said no. The talks covered "
                                    f"{' '.join(random.Random(i).sample(WORDS, 30))}.\n" for i in range(12)}
STORIES["sources/s99.txt"] = "Story 99\n\nThe Hong Kong police came. In Hong Kong it rained.\n"


def test_documents_are_shown_as_a_count_and_three_examples(capsys, tmp_path):
    archive = make_tiny_archive(tmp_path / "a", files=STORIES)
    code, out, err = run(capsys, archive)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "rank  count  docs  name  (other forms; documents)",
        "   1     36    12  Tony Blair  (Blair 24; s00, s01, s02 and 9 more)",
        "   2     12    12  Gordon Brown  (s00, s01, s02 and 9 more)",
        "   3      2     1  Hong Kong  (s99)",
        "archive candidates: 3 names occur at least 2 times and are not in the register; "
        "add the real ones as entities/<id>.yml, or draft them with --write NAME or --write RANK"]


def test_top_lists_the_most_frequent(capsys, tmp_path):
    archive = make_tiny_archive(tmp_path / "a", files=STORIES)
    code, out, _ = run(capsys, archive, "--top", "1")
    assert (code, out.splitlines()[1:]) == (0, [
        "   1     36    12  Tony Blair  (Blair 24; s00, s01, s02 and 9 more)",
        "archive candidates: 3 names occur at least 2 times and are not in the register; the 1 most frequent are "
        "listed (--top N for more, --top 0 for all); add the real ones as entities/<id>.yml, or draft them with "
        "--write NAME or --write RANK"])
    assert len(run(capsys, archive, "--top", "0")[1].splitlines()) == 5


TONY_BLAIR_DRAFT = """\
# Drafted by `archive candidates --write`: "Tony Blair" occurs 36 times in 12 documents
# (s00, s01, s02 and 9 more). Check the name and the forms below,
# choose the type, and fill in what you know (or delete the lines you do not need).
id: tony-blair
name: Tony Blair
type: other  # one of: person, organisation, place, event, work, other
# short_forms: bare surnames or short forms (Ban, Hu), linked only after the name or an alias has appeared earlier in the same document
short_forms:
- Blair
# Fields to add if you know them:
#   aliases: other names that always mean this entity, linked anywhere (e.g. U.N. for United Nations)
#   description: one or two sentences of Markdown; the first is the hover text
#   wikidata: Wikidata item id, e.g. Q1253
#   viaf: VIAF id
#   website: official website
#   start: born / founded / began
#   end: died / dissolved / ended
#   roles: roles or offices, e.g. UN Secretary-General (2007-2016)
#   coordinates: a place's [latitude, longitude] in decimal degrees, e.g. [39.9042, 116.4074]; it puts the place on the map of places
"""


def test_write_drafts_register_files_that_pass_the_check(capsys, tmp_path):
    archive = make_tiny_archive(tmp_path / "a", files=STORIES)
    code, out, err = run(capsys, archive, "--write", "Tony Blair", "--write", "3")
    entities = archive.content / "entities"
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"archive candidates: wrote {entities / 'tony-blair.yml'} for 'Tony Blair': choose its type and fill it in",
        f"archive candidates: wrote {entities / 'hong-kong.yml'} for 'Hong Kong': choose its type and fill it in"]
    assert (entities / "tony-blair.yml").read_text(encoding="utf-8") == TONY_BLAIR_DRAFT
    assert main(["check", "--content", str(archive.content)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "archive check: 13 documents; 0 error(s), 0 warning(s)"
    # The register now has them: they are no longer candidates.
    assert [line.split("  ")[-2] for line in run(capsys, archive)[1].splitlines()[1:-1]] == ["Gordon Brown"]


def test_write_by_short_form_or_rank_picks_the_group(capsys, tmp_path):
    archive = make_tiny_archive(tmp_path / "a", files=STORIES)
    assert run(capsys, archive, "--write", "blair")[0] == 0
    assert (archive.content / "entities/tony-blair.yml").read_text(encoding="utf-8") == TONY_BLAIR_DRAFT


def test_write_never_overwrites_and_says_so(capsys, tmp_path):
    mine = "id: tony-blair\nname: Tony Blair\ntype: person\n"
    archive = make_tiny_archive(tmp_path / "a", files={**STORIES, "entities/tony-blair.yaml": mine})
    before = tree_digest(archive.root)
    # The register has him, so he is no candidate (his surname still is: the register lacks it).
    code, out, err = run(capsys, archive, "--write", "Tony Blair", "--write", "9")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "archive candidates: 'Tony Blair' is not among the 3 candidates; run `archive candidates` to see their names "
        "and ranks",
        "archive candidates: rank 9 is not among the 3 candidates; run `archive candidates` to see their names and ranks"]
    assert tree_digest(archive.root) == before


def test_write_leaves_an_existing_file_as_it_is(capsys, tmp_path):
    theirs = "id: hong-kong\nname: Hong Kong SAR\ntype: place\n"
    archive = make_tiny_archive(tmp_path / "a", files={**STORIES, "entities/hong-kong.yml": theirs})
    # 'Hong Kong' is still a candidate (the register names 'Hong Kong SAR'), but its file exists.
    code, out, err = run(capsys, archive, "--write", "Hong Kong", "--write", "Gordon Brown")
    entities = archive.content / "entities"
    assert code == 1
    assert out == (f"archive candidates: wrote {entities / 'gordon-brown.yml'} for 'Gordon Brown': "
                   "choose its type and fill it in\n")
    assert err == (f"archive candidates: {entities / 'hong-kong.yml'} already exists, left as it is (a draft never "
                   "overwrites a file); edit it to add 'Hong Kong'\n")
    assert (entities / "hong-kong.yml").read_text(encoding="utf-8") == theirs
