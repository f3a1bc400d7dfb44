"""Aliases and short forms that are ordinary words are warnings (issue 16: `aliases: [the,
The, UN, and]` passed `check --strict`, and every document's first "the" became a link)."""

from __future__ import annotations

import pytest

from builder.cli import main
from builder.pipeline import collect
from builder.stages.aliases import MIN_DOCUMENTS

UN_ENTITY = "id: united-nations\nname: United Nations\ntype: organisation\naliases: [the, The, UN, and]\n"


def write_entity(archive, name: str, text: str) -> None:
    folder = archive.content / "entities"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def warnings_of(content) -> list[tuple]:
    return [(d.path, d.line, d.column, d.message, d.hint) for d in collect(content).diagnostics
            if d.code == "entity-common-alias"]


def test_stopword_aliases_fail_the_strict_check(make_archive, monkeypatch, capsys):
    archive = make_archive()
    write_entity(archive, "united-nations.yml", UN_ENTITY)
    monkeypatch.chdir(archive.root)
    assert main(["check"]) == 0  # warnings only
    capsys.readouterr()
    assert main(["check", "--strict"]) == 1
    fix = ("    fix: remove '{0}' from aliases (names are matched as whole words, case-sensitively: keep only forms "
           "that always mean United Nations)")
    assert capsys.readouterr().out.splitlines() == [
        "content/entities/united-nations.yml:4:11: warning: 'the' in 'aliases' is a common English word, not a name "
        "for United Nations; every document's first 'the' would link to it [entity-common-alias]", fix.format("the"),
        "content/entities/united-nations.yml:4:16: warning: 'The' in 'aliases' is a common English word, not a name "
        "for United Nations; every document's first 'The' would link to it [entity-common-alias]", fix.format("The"),
        "content/entities/united-nations.yml:4:25: warning: 'and' in 'aliases' is a common English word, not a name "
        "for United Nations; every document's first 'and' would link to it [entity-common-alias]", fix.format("and"),
        "archive check: 2 documents; 0 error(s), 3 warning(s)",
    ]


def test_short_forms_and_block_lists_are_checked_too(make_archive):
    archive = make_archive()
    write_entity(archive, "michelle-nichols.yml", "id: michelle-nichols\nname: Michelle Nichols\ntype: person\n"
                                                  "short_forms:\n  - Nichols\n  - Of the\n")
    assert warnings_of(archive.content) == [
        ("entities/michelle-nichols.yml", 6, 5, "'Of the' in 'short_forms' is a common English word, not a name for "
         "Michelle Nichols; in a document naming it, the next 'Of the' would link to it",
         "remove 'Of the' from short_forms (names are matched as whole words, case-sensitively: keep only forms "
         "that always mean Michelle Nichols)")]


@pytest.mark.parametrize("alias", ["UN", "US", "U.N.", "IT", "China", "Security Council"])
def test_acronyms_and_names_are_not_flagged(make_archive, alias):
    archive = make_archive()
    write_entity(archive, "x.yml", f"id: x\nname: Some Name\ntype: other\naliases: ['{alias}']\n")
    assert warnings_of(archive.content) == []


def story(i: int, ordinary: bool) -> str:
    council = "The council met again." if ordinary else "Delegates met again."
    return f"Story number {i}\n\nBy Ann Lee\n\nChina spoke at the meeting in New York. {council}\n"


@pytest.mark.parametrize("with_word, expected", [
    (6, 1),  # 6 of 10 documents use "council" as an ordinary word: more than half
    (5, 0),  # exactly half: not flagged
])
def test_aliases_frequent_as_ordinary_words_in_the_archive(make_archive, with_word, expected):
    sources = {f"story-{i:02}.txt": story(i, i < with_word) for i in range(MIN_DOCUMENTS)}
    archive = make_archive(sources, {})
    write_entity(archive, "security-council.yml", "id: security-council\nname: Security Council\ntype: organisation\n"
                                                  "aliases: [Council, China]\n")
    found = warnings_of(archive.content)
    assert found == [("entities/security-council.yml", 4, 11,
                      f"'Council' in 'aliases' is an ordinary word in this archive: 'council' occurs in {with_word} "
                      f"of {MIN_DOCUMENTS} documents; every document's first 'Council' would link to it",
                      "remove 'Council' from aliases (names are matched as whole words, case-sensitively: keep only "
                      "forms that always mean Security Council)")][:expected]


def test_a_build_with_a_store_reads_the_paragraphs_it_samples_back(make_archive, tmp_path):
    """A build with a result store keeps each document's paragraphs apart from the model
    (builder.pipeline.texts): the check reads those of the documents it samples from the store,
    and warns as the check without a store does, on the first build and on the next."""
    from builder.emit import Site
    from builder.pipeline import build

    sources = {f"story-{i:02}.txt": story(i, i < 6) for i in range(MIN_DOCUMENTS)}
    archive = make_archive(sources, {})
    write_entity(archive, "security-council.yml", "id: security-council\nname: Security Council\ntype: organisation\n"
                                                  "aliases: [Council, China]\n")
    expected = warnings_of(archive.content)
    assert len(expected) == 1 and "occurs in 6 of 10 documents" in expected[0][3]
    for _ in range(2):
        result = build(archive.content, Site("Aliases"), cache_dir=tmp_path / "cache")
        assert all(doc.paragraphs is None for doc in result.archive.documents)
        assert [(d.path, d.line, d.column, d.message, d.hint) for d in result.archive.diagnostics
                if d.code == "entity-common-alias"] == expected


def test_small_archives_are_not_judged_by_frequency(make_archive):
    sources = {f"story-{i:02}.txt": story(i, True) for i in range(MIN_DOCUMENTS - 1)}
    archive = make_archive(sources, {})
    write_entity(archive, "security-council.yml", "id: security-council\nname: Security Council\ntype: organisation\n"
                                                  "aliases: [Council]\n")
    assert warnings_of(archive.content) == []


def test_a_form_without_letters_or_digits_is_not_called_a_common_word(make_archive):
    """all() of no words is true: "&&" was reported as "a common English word". (A single "&"
    is refused as shorter than 2 characters.)"""
    archive = make_archive()
    write_entity(archive, "x.yml", "id: x\nname: Smith & Sons\ntype: organisation\naliases: ['&&']\n")
    assert warnings_of(archive.content) == [
        ("entities/x.yml", 4, 11, "'&&' in 'aliases' has no letters or digits, so it is not a name for Smith & Sons; "
         "every document's first '&&' would link to it",
         "remove '&&' from aliases (names are matched as whole words, case-sensitively: keep only forms that always "
         "mean Smith & Sons)")]


@pytest.mark.parametrize("alias, flagged", [
    ("The Who", False),  # a name of capitalised words, even if they are function words
    ("The The", False),
    ("The", True),  # one word: the first "The" of every sentence
    ("of the", True),
    ("Of the", True),  # not every word capitalised: a phrase, not a name
])
def test_names_made_of_function_words(make_archive, alias, flagged):
    archive = make_archive()
    write_entity(archive, "band.yml", f"id: band\nname: A Band\ntype: organisation\naliases: ['{alias}']\n")
    messages = [message for _, _, _, message, _ in warnings_of(archive.content)]
    assert messages == ([f"'{alias}' in 'aliases' is a common English word, not a name for A Band; every document's "
                         f"first '{alias}' would link to it"] if flagged else [])
