"""yamlio: node trees with positions for editor files; deterministic, lossless front-matter dumps."""

from __future__ import annotations

import pytest
import yaml

from builder.yamlio import YamlProblem, dump, parse_nodes, position

HOSTILE = [
    "China: a title with a colon",
    "Key: value: more",
    'He said "no"',
    "It's",
    "'single' and \"double\"",
    "yes", "Yes", "no", "No", "on", "off", "true", "False", "null", "~", "",
    "12:30", "@x", "`tick", "0777", "0o17", "0x1F", "1e3", "1_000", "+1", ".5", ".inf", "-.nan",
    "2005-02-14", "2005-02-30", "2005-02-14T10:00:00Z",
    "-", "---", "...", "# hash", "a #b", " leading space", "trailing space ", "!tag", "&anchor", "*alias",
    "%directive", "|", ">", "[x]", "{x}", "<<", "=", "?", ":",
    "é", "“curly” ‘quotes’", "中国与联合国", "tab\tinside", "\u2028line separator",
    "x" * 300 + " y" * 200,
    "a\nb",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_strings_read_back_as_themselves(value):
    data = {"title": value, "authors": [value, "Plain Name"], "words": 12, "flag": True, "empty": []}
    text = dump(data)
    assert yaml.safe_load(text) == data
    back = yaml.safe_load(text)["title"]
    assert isinstance(back, str) and back == value


def test_specific_quoting():
    assert dump({"title": "No", "time": "12:30", "date": "2005-02-14", "mode": "0777", "handle": "@x"}) == (
        "title: 'No'\ntime: '12:30'\ndate: '2005-02-14'\nmode: '0777'\nhandle: '@x'\n")


def test_block_style_and_key_order():
    data = {"zeta": "last key first", "authors": ["Ann Lee", "Bo Chen"], "empty": [], "nested": {"b": 1, "a": 2}}
    assert dump(data) == (
        "zeta: last key first\n"
        "authors:\n"
        "- Ann Lee\n"
        "- Bo Chen\n"
        "empty: []\n"
        "nested:\n"
        "  b: 1\n"
        "  a: 2\n")


def test_unicode_is_written_as_is_and_long_lines_are_not_folded():
    long_title = "Stéphanie Fillion: " + "très long titre " * 40
    text = dump({"title": long_title.strip()})
    assert text == f"title: '{long_title.strip()}'\n"
    assert "\\x" not in text and "\\u" not in text
    assert text.count("\n") == 1


def test_dumping_twice_gives_identical_bytes():
    data = {"id": "x", "title": "No", "authors": ["Stéphanie Fillion"], "date": "2010-11-03", "words": 3}
    assert dump(data).encode("utf-8") == dump(dict(data)).encode("utf-8")
    assert dump(yaml.safe_load(dump(data))) == dump(data)


@pytest.mark.parametrize("value", ["a\x85b", "a\u2028b", "a\u2029b"])
def test_yaml_line_break_characters_read_back(value):
    # Regression: U+0085 (NEL) used to be written raw and read back as a line break ('a b').
    assert yaml.safe_load(dump({"title": value})) == {"title": value}


# --- parse_nodes ---------------------------------------------------------------------------------

def test_parse_nodes_keeps_positions_and_plain_text():
    node, problem = parse_nodes("# comment\ntitle: No\ntime:   12:30\n")
    assert problem is None
    (k1, v1), (k2, v2) = node.value
    assert (k1.value, v1.value, position(k1), position(v1)) == ("title", "No", (2, 1), (2, 8))
    assert (k2.value, v2.value, position(v2)) == ("time", "12:30", (3, 9))


@pytest.mark.parametrize("text, problem", [
    ("title: [a\n", YamlProblem(2, 1, "while parsing a flow sequence, expected ',' or ']', but got '<stream end>'")),
    ("title: a\n  b: c\n", YamlProblem(2, 4, "mapping values are not allowed here")),
    ("a: 1\n\tb: 2\n", YamlProblem(2, 1, "while scanning for the next token, found character '\\t' that cannot "
                                         "start any token")),
    ("a: 'open\n", YamlProblem(2, 1, "while scanning a quoted scalar, found unexpected end of stream")),
])
def test_parse_nodes_reports_line_and_column(text, problem):
    assert parse_nodes(text) == (None, problem)


def test_parse_nodes_of_empty_text():
    assert parse_nodes("") == (None, None)
    assert parse_nodes("# only a comment\n") == (None, None)
