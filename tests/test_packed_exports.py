"""The data exports of a whole archive are kept packed (builder.packed) until the bridge writes
them: made once, stored packed, read back packed, and written exactly as made."""

from __future__ import annotations

import csv
import io
import json
import pickle

from bench.generate import generate
from builder.emit import Site
from builder.emit.reuse import Deferred, made
from builder.pipeline import Options, build

EXPORTS = ("documents.json", "documents.csv", "feed.xml", "mentions.json", "entities.json", "entities.csv")


def test_the_exports_are_kept_packed_and_written_as_made(tmp_path):
    generate(tmp_path / "a", 60, entities=40, topics=5)
    content, cache = tmp_path / "a" / "content", tmp_path / "cache"
    first = build(content, Site("Packed"), Options(jobs=1), cache_dir=cache)
    for name in EXPORTS:
        data = first.files[name]
        assert isinstance(data, Deferred), name
    for name in ("documents.json", "feed.xml", "mentions.json"):  # (the larger: a frame has a header)
        assert len(pickle.dumps(first.files[name])) < len(made(first.files[name])) / 3, name  # packed
    mentions = json.loads(made(first.files["mentions.json"]))
    assert len(mentions) > 100 and {"document", "entity"} <= set(mentions[0])
    rows = list(csv.reader(io.StringIO(made(first.files["documents.csv"]).decode("utf-8"))))
    assert len(rows) == 61  # a header, then each document
    # Read back from the store on the next build: the same keys, the same bytes.
    again = build(content, Site("Packed"), Options(jobs=1), cache_dir=cache)
    assert again.kept > 0
    for name in EXPORTS:
        assert again.files[name].key == first.files[name].key and again.files[name] == first.files[name], name
        assert made(again.files[name]) == made(first.files[name]), name
    # A changed title changes documents.json (and its key), not mentions.json.
    (content / "sources" / "doc-00001.yml").write_text("title: A corrected title\n", encoding="utf-8")
    edited = build(content, Site("Packed"), Options(jobs=1), cache_dir=cache)
    assert edited.files["documents.json"].key != first.files["documents.json"].key
    assert b"A corrected title" in made(edited.files["documents.json"])
    assert edited.files["mentions.json"].key == first.files["mentions.json"].key
