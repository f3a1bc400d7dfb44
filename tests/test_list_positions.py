"""An error on an item of a list points at that item, even when an item before it was invalid
and left out (review of issue 20: the places kept every item, the values only the valid ones,
so 'nosuch' was reported on the line of 'Bad Id')."""

from __future__ import annotations

from helpers import make_tiny_archive

STORY = "A story\n\nBy Jane Roe | March 3, 2004\n\nThe council met on Monday and agreed.\n"


def _problems(archive, path: str) -> list[tuple[int, int, str, str]]:
    return [(d.line, d.column, d.code, d.message) for d in archive.collect().diagnostics if d.path == path]


def test_not_duplicate_of_names_the_line_of_each_wrong_item(tmp_path):
    archive = make_tiny_archive(tmp_path / "archive", {"a.txt": STORY, "b.txt": STORY.replace("agreed", "left")},
                                {"a.yml": "not_duplicate_of:\n  - Bad Id\n  - nosuch\n  - b\n  - nobody\n"})
    assert _problems(archive, "sources/a.yml") == [
        (2, 5, "schema-id", "'Bad Id' in 'not_duplicate_of' is not a valid id"),
        (3, 5, "duplicate-of-unknown", "'nosuch' in 'not_duplicate_of' is not a document id"),
        (5, 5, "duplicate-of-unknown", "'nobody' in 'not_duplicate_of' is not a document id"),
    ]


def test_a_collection_pattern_after_an_empty_one_is_named_on_its_own_line(tmp_path):
    archive = make_tiny_archive(tmp_path / "archive", {"a.txt": STORY}, {}, files={
        "collection.yml": 'defaults:\n  - sources:\n      - ""\n      - "nomatch-*"\n    publication: Daily\n'})
    assert _problems(archive, "collection.yml") == [
        (3, 9, "schema-empty", "'sources' has an empty item"),
        (4, 9, "collection-matches-nothing", "no source file's name matches 'nomatch-*'"),
    ]
