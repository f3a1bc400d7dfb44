"""collection.yml may be called collection.yaml (it was silently ignored); both at once is an
error; one put in sources/ is told where it belongs (it was called a sidecar of no source)."""

from __future__ import annotations

from helpers import make_tiny_archive

STORY = "Rates rise again\n\nThe bank raised rates on Monday.\n"
SETTINGS = 'defaults:\n  - sources: "*"\n    publication: Daily Post\n'


def _archive(tmp_path, files):
    return make_tiny_archive(tmp_path / "archive", {"rates.txt": STORY}, {}, files=files).collect()


def test_collection_yaml_is_read(tmp_path):
    archive = _archive(tmp_path, {"collection.yaml": SETTINGS})
    assert [d.message for d in archive.diagnostics if d.severity != "info"] == []
    doc = archive.documents[0]
    assert (doc.metadata.publication, doc.origins["publication"]) == ("Daily Post", "collection")


def test_both_endings_at_once_is_an_error_and_collection_yml_is_read(tmp_path):
    archive = _archive(tmp_path, {"collection.yml": SETTINGS,
                                  "collection.yaml": SETTINGS.replace("Daily Post", "Evening Post")})
    assert [(d.severity, d.path, d.line, d.code, d.message, d.hint) for d in archive.diagnostics] == [
        ("error", "collection.yaml", 0, "collection-two-files",
         "both collection.yml and collection.yaml are in the content folder; only collection.yml is read",
         "keep one: move what collection.yaml says into collection.yml, and delete it")]
    assert archive.blocking_errors == archive.diagnostics
    assert archive.documents[0].metadata.publication == "Daily Post"


def test_a_collection_file_in_sources_is_told_where_it_belongs(tmp_path):
    archive = _archive(tmp_path, {"sources/collection.yml": SETTINGS, "sources/sport/collection.yaml": SETTINGS,
                                  "sources/sport/match.txt": "A draw\n\nThe two sides drew in the rain, and nobody scored.\n"})
    assert [(d.severity, d.path, d.code, d.message, d.hint) for d in archive.diagnostics] == [
        ("error", "sources/collection.yml", "collection-misplaced",
         "'sources/collection.yml' is not read: the settings for many sources belong in the content folder, beside "
         "sources/ (content/collection.yml)",
         "move it to content/collection.yml; its patterns are paths under sources/"),
        ("error", "sources/sport/collection.yaml", "collection-misplaced",
         "'sources/sport/collection.yaml' is not read: the settings for many sources belong in the content folder, "
         "beside sources/ (content/collection.yaml)",
         "move it to content/collection.yaml; its patterns are paths under sources/ (for the files of this folder, "
         "'sport/*')"),
    ]


def test_a_source_named_collection_keeps_its_sidecar(tmp_path):
    archive = make_tiny_archive(tmp_path / "archive", {"collection.txt": STORY},
                                {"collection.yml": "title: The collection of rates\n"}).collect()
    assert [d for d in archive.diagnostics if d.severity != "info"] == []
    assert archive.documents[0].metadata.title == "The collection of rates"


def test_a_pattern_naming_a_folder_without_a_slash_is_told_to_add_one(tmp_path):
    archive = make_tiny_archive(tmp_path / "archive", {"sport/match.txt": STORY, "2019/sport/cup.txt": STORY.replace(
        "The bank raised rates", "The cup was won")}, {}, files={
        "collection.yml": "defaults:\n  - sources: [sport, '2019']\n    section: Sport\n"})
    assert [(d.line, d.column, d.message, d.hint) for d in archive.collect().diagnostics
            if d.code == "collection-matches-nothing"] == [
        (2, 15, "no source file's name matches 'sport'",
         "'sport' is a folder of sources/, and a pattern without '/' matches file names: for the files in that folder, "
         "write 'sport/*'"),
        (2, 22, "no source file's name matches '2019'",
         "'2019' is a folder of sources/, and a pattern without '/' matches file names: for the files in that folder, "
         "write '2019/*'"),
    ]


def test_a_pattern_naming_a_deeper_folder_without_a_slash_is_told_where_it_is(tmp_path):
    archive = make_tiny_archive(tmp_path / "archive", {"2019/sport/cup.txt": STORY}, {}, files={
        "collection.yml": "defaults:\n  - sources: sport\n    section: Sport\n"})
    assert [d.hint for d in archive.collect().diagnostics if d.code == "collection-matches-nothing"] == [
        "'sport' is a folder below sources/, and a pattern without '/' matches file names: for the files in the "
        "folders of that name, write '*/sport/*'"]
