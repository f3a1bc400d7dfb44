"""The editor files as parsed and checked are kept in the result store (stages.editor_files.
Parsed, in build/cache/editor-files.sqlite): a build parses only the files no build before it
parsed with the same text and code, and what it reports and reads is the same as when it
parses everything. (A served session also holds them: tests/test_serve_rebuilds.py.)"""

from __future__ import annotations

import shutil

import pytest

from builder.emit import Site
from builder.pipeline import ContentErrors, build
from builder.stages import editor_files
from helpers import REPO_CONTENT, recorded

NOTE = "annotations/china-backs-ban-ki-moon/liu-xiaobo.yml"


def _seen(result) -> tuple:
    """What a build read of the editor files: every entity, topic and annotation as the model
    has them, and every problem reported."""
    archive = result.archive
    return (repr(sorted(archive.entities.items())), repr(sorted(archive.topics.items())),
            repr([(a.doc, a.path, a.line, a.exact, a.body) for a in archive.annotations]),
            [(d.path, d.line, d.column, d.code, d.message) for d in archive.diagnostics])


def test_a_build_parses_only_the_editor_files_no_build_before_it_parsed(tmp_path, monkeypatch):
    content, cache = tmp_path / "content", tmp_path / "cache"
    shutil.copytree(REPO_CONTENT, content)
    parsed = recorded(monkeypatch, editor_files, "parse_nodes")

    first = _seen(build(content, Site("Demo"), cache_dir=cache))
    everything = len(parsed)
    assert everything > 20  # the register, the topics, the sidecars, the annotations
    parsed.clear()
    assert _seen(build(content, Site("Demo"), cache_dir=cache)) == first
    assert parsed == []

    note = content / NOTE
    good = note.read_text(encoding="utf-8")
    note.write_text(good.replace("eleven-year sentence", "eleven-year prison sentence"), encoding="utf-8")
    edited = _seen(build(content, Site("Demo"), cache_dir=cache))
    assert parsed == [note.read_text(encoding="utf-8")] and edited != first
    assert "eleven-year prison sentence" in edited[2]

    note.write_text(good.replace("kind: ", "kind: [", 1), encoding="utf-8")
    reported = []
    for _ in range(2):  # the broken file reported by the build that parses it, and by the next
        parsed.clear()
        with pytest.raises(ContentErrors) as failed:
            build(content, Site("Demo"), cache_dir=cache)
        reported.append(([(d.path, d.line, d.column, d.code, d.message) for d in failed.value.archive.blocking_errors],
                         len(parsed)))
    assert reported[0][0] == reported[1][0] == [(NOTE, 3, 5, "yaml-syntax", reported[0][0][0][4])]
    assert reported[0][0][0][4].startswith("not valid YAML: ")
    assert [count for _, count in reported] == [1, 0]

    note.write_text(good, encoding="utf-8")
    assert _seen(build(content, Site("Demo"), cache_dir=cache)) == first
    shutil.rmtree(cache)  # deleting the cache: every file is parsed again, to the same model
    parsed.clear()
    assert _seen(build(content, Site("Demo"), cache_dir=cache)) == first
    assert len(parsed) == everything


def test_a_process_holding_the_files_parses_them_again_when_the_builder_s_code_changes(tmp_path, monkeypatch):
    from builder import store as result_store
    from builder.pipeline.stores import Held

    content = tmp_path / "content"
    shutil.copytree(REPO_CONTENT, content)
    parsed = recorded(monkeypatch, editor_files, "parse_nodes")
    held = Held()
    first = _seen(build(content, Site("Demo"), held=held))  # (no store: only what the process holds)
    everything = len(parsed)
    parsed.clear()
    assert _seen(build(content, Site("Demo"), held=held)) == first and parsed == []
    code = result_store.code_version()
    monkeypatch.setattr(result_store, "code_version", lambda: code + "-next")
    assert _seen(build(content, Site("Demo"), held=held)) == first
    assert len(parsed) == everything
