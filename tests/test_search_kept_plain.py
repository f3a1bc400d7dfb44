"""The editorial part of the search index is made every build; the plain text of its editor
Markdown (notes, descriptions) is kept in the cache by the text and the code, so that a
rebuild renders only what changed. (That a rebuild's index is a clean build's, byte for byte,
after every kind of edit: tests/test_incremental_render.py.)"""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

from builder.bridge import search
from builder.markup import to_plain_text
from builder.search import records
from helpers.records import demo_archive


def _counting(monkeypatch) -> list[str]:
    made: list[str] = []

    def plain(text: str) -> str:
        made.append(text)
        return to_plain_text(text)

    monkeypatch.setattr(search, "to_plain_text", plain)
    return made


def test_a_rebuild_makes_only_the_plain_text_of_changed_editor_markdown(tmp_path, monkeypatch):
    archive = demo_archive()
    reuse = SimpleNamespace(cache_dir=tmp_path / "cache")
    sources = records.editor_markdown(archive)
    assert len(sources) > 20 and any(note.body in sources for note in archive.annotations if note.spans)
    made = _counting(monkeypatch)
    first = search._kept_plain(archive, reuse)
    assert sorted(made) == sorted(sources)
    assert [first(text) for text in sources] == [to_plain_text(text) for text in sources]

    made.clear()
    again = search._kept_plain(archive, reuse)
    assert made == [] and [again(text) for text in sources] == [to_plain_text(text) for text in sources]

    note = next(a for a in archive.annotations if a.spans)
    edited = dataclasses.replace(note, body=note.body + " An *added* sentence.")
    archive.annotations[archive.annotations.index(note)] = edited
    changed = search._kept_plain(archive, reuse)
    assert made == [edited.body]
    assert changed(edited.body).endswith("An added sentence.")


def test_without_a_cache_every_text_is_made(monkeypatch):
    made = _counting(monkeypatch)
    plain = search._kept_plain(demo_archive(), None)
    assert plain("A *b* [c](https://example.org)") == "A b c" and made == ["A *b* [c](https://example.org)"]


def test_a_rebuild_counts_only_the_words_of_changed_editorial_records(tmp_path, monkeypatch):
    from builder.emit.urls import Urls
    from builder.search import index

    archive = demo_archive()
    reuse = SimpleNamespace(cache_dir=tmp_path / "cache")
    editorial = records.editorial(archive, Urls())
    counted: list = []
    count = index.record_terms
    monkeypatch.setattr(index, "record_terms", lambda record: counted.append(record) or count(record))
    assert search._kept_terms(editorial, reuse) == [count(record) for record in editorial]
    assert len(counted) == len(editorial) > 20
    counted.clear()
    assert search._kept_terms(editorial, reuse) == [count(record) for record in editorial] and counted == []
    edited = [*editorial[:3], dataclasses.replace(editorial[3], title="A new title"), *editorial[4:]]
    assert search._kept_terms(edited, reuse) == [count(record) for record in edited] and counted == [edited[3]]
    assert search._kept_terms(edited, None) is None  # (without a cache the index counts them)
