"""Exports (builder/emit/exports.py): the JSON files are exactly what json.dumps(indent=2) writes."""

from __future__ import annotations

import json

import pytest

from helpers import demo_archive
from builder.emit.exports import _json, export_files
from builder.model import Indexes

ROWS = [
    {"id": "a", "names": ["Ann", "Bé \"quoted\"", "line\nbreak\u2028"], "count": 3, "ok": True, "none": None, "ratio": 0.5},
    {"id": "tab\there", "names": [], "count": 0, "ok": False, "none": None, "ratio": 1e-9},
    {"id": "", "names": ["%s %d"], "count": -1, "ok": True, "none": None, "ratio": 2.0},
]


@pytest.mark.parametrize("rows", [ROWS, ROWS[1:2], [{"only": "one"}], []])
def test_json_rows_are_what_json_dumps_writes(rows):
    assert _json(rows) == (json.dumps(rows, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def test_the_demo_exports_are_what_json_dumps_writes():
    archive = demo_archive()
    files = export_files(archive, Indexes(archive), "Demo")
    for name in ("documents.json", "entities.json", "mentions.json"):
        data = json.loads(files[name])
        assert data and files[name] == (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
