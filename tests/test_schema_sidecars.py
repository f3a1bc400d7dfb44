"""Sidecar files (sources/<name>.yml): schema validation with exact messages and positions."""

from __future__ import annotations

import pytest

from builder.pipeline import collect
from builder.schema import Field, check_date, validate
from builder.stages.sidecars import SIDECAR_SCHEMA
from builder.yamlio import parse_nodes
from helpers import CNS_STORY, REUTERS_STORY, make_tiny_archive


@pytest.fixture
def content(tmp_path):
    """A content folder with two sources and no sidecars; tests add the sidecars."""
    archive = make_tiny_archive(tmp_path / "a", {"nichols-2023.txt": REUTERS_STORY, "goodenough-2010.txt": CNS_STORY},
                                {}, about=False)
    return archive


def sidecar_diagnostics(archive, name: str) -> list[tuple]:
    return [(d.severity, d.line, d.column, d.code, d.message, d.hint)
            for d in archive.diagnostics if d.path == f"sources/{name}"]


def doc_of(archive, doc_id):
    return next(d for d in archive.documents if d.id == doc_id)


def run(content, name: str, text: str | bytes):
    content.add(name, text)
    return collect(content.content)


# --- values reach the document ----------------------------------------------------------------

def test_sidecar_overrides_and_adds_fields(content):
    archive = run(content, "nichols-2023.yml",
                  "title: A corrected title\ndate: 2023-08-14\nurl: https://www.reuters.com/world/x\n"
                  "note: Dated by an *editor*.\n")
    doc = doc_of(archive, "nichols-2023")
    assert doc.metadata.title == "A corrected title"
    assert doc.metadata.date == "2023-08-14"
    assert doc.metadata.url == "https://www.reuters.com/world/x"
    assert doc.metadata.authors == ("Michelle Nichols",)  # from the text, untouched
    assert doc.editor_note == "Dated by an *editor*."
    assert doc.sidecar == "sources/nichols-2023.yml"
    assert {k: v for k, v in doc.origins.items() if v == "editor"} == {"title": "editor", "date": "editor",
                                                                       "url": "editor"}
    assert doc.origins["authors"] == "source"
    assert doc.id == "nichols-2023"  # the id never comes from the sidecar
    assert archive.diagnostics == []


@pytest.mark.parametrize("line, field, value", [
    ("title: No", "title", "No"),
    ("title: yes", "title", "yes"),
    ("title: 12:30", "title", "12:30"),
    ("title: 0777", "title", "0777"),
    ("title: null", "title", ""),
    ("publication: on", "publication", "on"),
    ("section: 1986", "section", "1986"),
    ("date: 2010", "date", "2010"),
    ("date: 2010-11", "date", "2010-11"),
    ("date: 2010-11-03", "date", "2010-11-03"),
    ("authors: Jane Doe", "authors", ("Jane Doe",)),
    ("authors: [No, Yes]", "authors", ("No", "Yes")),
    ("authors: []", "authors", ()),
])
def test_values_are_read_as_the_text_the_editor_typed(content, line, field, value):
    archive = run(content, "nichols-2023.yml", line + "\n")
    assert archive.diagnostics == []
    doc = doc_of(archive, "nichols-2023")
    assert doc.metadata.get(field) == value
    assert doc.origins[field] == "editor"


def test_editor_confirmed_empty_authors_leave_the_review_list(content):
    content.add("goodenough-2010.txt", "A headline for an unsigned readout\n\nThe council met on Monday.\n")
    before = doc_of(collect(content.content), "goodenough-2010")
    assert before.needs_review == ["authors", "date", "publication"]
    archive = run(content, "goodenough-2010.yml", "authors: []\npublication: United Nations\n")
    assert doc_of(archive, "goodenough-2010").needs_review == ["date"]


# --- problems: exact message, line and column --------------------------------------------------

def test_unknown_key_with_did_you_mean(content):
    archive = run(content, "nichols-2023.yml", "title: Fine\nautor: Michelle Nichols\n")
    assert sidecar_diagnostics(archive, "nichols-2023.yml") == [
        ("error", 2, 1, "schema-unknown-key", "unknown key 'autor' in sidecar file", "did you mean 'authors'?")]
    assert [d.code for d in archive.blocking_errors] == ["schema-unknown-key"]
    # The valid key is still applied.
    assert doc_of(archive, "nichols-2023").metadata.title == "Fine"


def test_unknown_key_without_close_match_lists_the_known_keys(content):
    archive = run(content, "nichols-2023.yml", "xyz: 1\n")
    known = ", ".join(f.name for f in SIDECAR_SCHEMA)
    assert sidecar_diagnostics(archive, "nichols-2023.yml") == [
        ("error", 1, 1, "schema-unknown-key", "unknown key 'xyz' in sidecar file", f"known keys: {known}")]


def test_impossible_date(content):
    archive = run(content, "nichols-2023.yml", "# corrected by an editor\ntitle: T\ndate: 2005-02-30\n")
    assert sidecar_diagnostics(archive, "nichols-2023.yml") == [(
        "error", 3, 7, "schema-date", "'date' value '2005-02-30' has day 30, but 2005-02 has 28 days",
        "write the date as YYYY-MM-DD, e.g. 2010-11-03; YYYY-MM or YYYY when the day is unknown")]
    assert archive.blocking_errors[0].code == "schema-date"
    # The date found in the text is kept; the bad one is not applied.
    assert doc_of(archive, "nichols-2023").metadata.date == ""


@pytest.mark.parametrize("text, expected", [
    pytest.param("date: 05/06/2020\n", [(1, 7, "schema-date",
                 "'date' value '05/06/2020' is not a date in the form YYYY-MM-DD (or YYYY-MM, or YYYY)")], id="date-form"),
    pytest.param("date: 2010-13-01\n", [(1, 7, "schema-date",
                 "'date' value '2010-13-01' has month 13, which does not exist")], id="month-13"),
    pytest.param("url: ftp://example.org/x\n", [(1, 6, "schema-url",
                 "'url' value 'ftp://example.org/x' is not an http(s) URL")], id="url"),
    pytest.param("title: A\ntitle: B\n", [(2, 1, "schema-duplicate-key",
                 "key 'title' appears twice (first on line 1)")], id="duplicate"),
    pytest.param("title: |\n  two\n  lines\n", [(1, 8, "schema-multiline", "'title' must be one line")],
                 id="multiline"),
    pytest.param("title:\n  x: 1\n", [(2, 3, "schema-type", "'title' must be a single text value, not a mapping")],
                 id="mapping-value"),
    pytest.param("authors:\n  - Ann Lee\n  -\n", [(3, 4, "schema-empty", "'authors' has an empty item")],
                 id="empty-item"),
    pytest.param("- title\n", [(1, 1, "schema-type",
                 "a sidecar file must be a mapping of keys to values, not a list")], id="list-file"),
    pytest.param("# nothing but a comment\n", [(1, 1, "schema-empty-file", "the sidecar file is empty")],
                 id="empty-file"),
    pytest.param("title: [a\n", [(2, 1, "yaml-syntax",
                 "not valid YAML: while parsing a flow sequence, expected ',' or ']', but got '<stream end>'")],
                 id="yaml-flow"),
    pytest.param("title: a\n  b: c\n", [(2, 4, "yaml-syntax", "not valid YAML: mapping values are not allowed here")],
                 id="yaml-indent"),
    pytest.param(b"title: caf\xe9\n", [(0, 0, "sidecar-encoding", "sidecar is not UTF-8 (byte 10)")],
                 id="not-utf8"),
])
def test_sidecar_problems(content, text, expected):
    archive = run(content, "nichols-2023.yml", text)
    found = [(line, column, code, message) for _, line, column, code, message, _ in
             sidecar_diagnostics(archive, "nichols-2023.yml")]
    assert found == expected
    assert all(d.blocking for d in archive.diagnostics)


def test_orphan_sidecar_with_did_you_mean(content):
    archive = run(content, "nichols-2032.yml", "title: T\n")
    assert sidecar_diagnostics(archive, "nichols-2032.yml") == [(
        "error", 0, 0, "sidecar-orphan", "sidecar 'nichols-2032.yml' belongs to no source document",
        "did you mean 'nichols-2023.yml'?")]
    assert archive.blocking_errors[0].code == "sidecar-orphan"


def test_orphan_sidecar_without_close_match(content):
    archive = run(content, "zzzz.yml", "title: T\n")
    assert sidecar_diagnostics(archive, "zzzz.yml") == [(
        "error", 0, 0, "sidecar-orphan", "sidecar 'zzzz.yml' belongs to no source document",
        "name it after its source file: <name>.yml next to <name>.txt")]


def test_sidecar_of_a_dropped_source_is_not_an_orphan(content):
    content.add("broken.txt", b"")
    archive = run(content, "broken.yml", "title: T\n")
    assert [(d.path, d.code) for d in archive.diagnostics] == [("sources/broken.txt", "source-empty")]
    assert archive.blocking_errors == []


def test_every_problem_is_collected_not_only_the_first(content):
    archive = run(content, "nichols-2023.yml", "autor: X\ndate: 2005-02-30\nurl: nope\n")
    assert [(d.line, d.code) for d in archive.diagnostics] == [
        (1, "schema-unknown-key"), (2, "schema-date"), (3, "schema-url")]


# --- the validator and check_date directly ------------------------------------------------------

@pytest.mark.parametrize("value, problem", [
    ("2010-11-03", None), ("2010-11", None), ("2010", None), ("2012-02-29", None),
    ("2005-02-30", "has day 30, but 2005-02 has 28 days"),
    ("2011-02-29", "has day 29, but 2011-02 has 28 days"),
    ("2010-04-31", "has day 31, but 2010-04 has 30 days"),
    ("2010-00-10", "has month 00, which does not exist"),
    ("2010-11-00", "has day 00, but 2010-11 has 30 days"),
    ("10-11-2010", "is not a date in the form YYYY-MM-DD (or YYYY-MM, or YYYY)"),
    ("2010-1-3", "is not a date in the form YYYY-MM-DD (or YYYY-MM, or YYYY)"),
    ("November 2010", "is not a date in the form YYYY-MM-DD (or YYYY-MM, or YYYY)"),
])
def test_check_date(value, problem):
    assert check_date(value) == problem


SCHEMA = (
    Field("id", "id", required=True),
    Field("type", "choice", choices=("person", "organisation", "place")),
    Field("tags", "id-list"),
    Field("short", "text-list", min_length=2),
)


@pytest.mark.parametrize("text, values, problems", [
    ("id: ban-ki-moon\ntype: person\n", {"id": "ban-ki-moon", "type": "person"}, []),
    ("id: Ban Ki-moon\n", {}, [(1, 5, "schema-id", "'id' value 'Ban Ki-moon' is not a valid id",
                               "ids are lowercase letters, digits and single hyphens, e.g. ban-ki-moon")]),
    ("id: x\ntype: persn\n", {"id": "x"}, [(2, 7, "schema-choice",
                                           "'type' value 'persn' is not one of: person, organisation, place",
                                           "did you mean 'person'? use one of: person, organisation, place")]),
    ("id: x\ntags: [north-korea, North Korea]\n", {"id": "x", "tags": ("north-korea",)},
     [(2, 21, "schema-id", "'North Korea' in 'tags' is not a valid id",
       "ids are lowercase letters, digits and single hyphens, e.g. north-korea")]),
    ("id: x\nshort: [Ban, B]\n", {"id": "x", "short": ("Ban",)},
     [(2, 14, "schema-too-short", "'B' in 'short' is shorter than 2 characters", "use the full form, or remove it")]),
    ("type: person\n", {"type": "person"}, [(1, 1, "schema-missing-key",
                                             "required key 'id' is missing from the test file", "add a line: id: ...")]),
    ("id:\n", {"id": ""}, [(1, 1, "schema-empty-value", "required key 'id' has no value",
                            "write a value after 'id:'")]),
])
def test_validate(text, values, problems):
    node, problem = parse_nodes(text)
    assert problem is None
    got, diagnostics = validate(node, SCHEMA, "x/test.yml", "test")
    assert got == values
    assert [(d.line, d.column, d.code, d.message, d.hint) for d in diagnostics] == problems
    assert all(d.path == "x/test.yml" and d.severity == "error" for d in diagnostics)
