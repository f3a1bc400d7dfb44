"""`archive serve` keeps what its rebuilds need between them (bridge.session): after each edit,
in one process, the folder served is byte for byte what a fresh serve of the same content
writes (a new process's session, a new folder, a cache of its own).

The rebuilds are MkDocs' serve's own: the configuration loaded afresh each time, its site URL
the server's, a dirty build into the one folder served.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from builder import store as result_store
from builder.bridge import search, session
from builder.bridge.rendered import quiet_dirty
from builder.bridge.serve import serving
from builder.bridge.site import archive_plugin
from builder.stages import editor_files, read
from helpers import REPO, REPO_CONTENT, recorded, tree_digest, write_config


@pytest.fixture(autouse=True)
def sources_known(monkeypatch):
    """The copies' files were written a moment before their first build: their status is
    trusted at once (builder.stages.read.RECENT_NS), so that each rebuild leaves the unchanged
    sources unread, as it does on an archive's files."""
    monkeypatch.setattr(read, "RECENT_NS", -3600 * 10**9)

SERVED_AT = "http://127.0.0.1:8000/"
EPOCH = "1700000000"  # MkDocs dates the sitemap with the build's day
DOC = "china-backs-ban-ki-moon"


def _config(root: Path, content: Path) -> Path:
    """A mkdocs.yml in ``root`` (its cache: ``root``/build/cache) building ``content``."""
    (root / "overrides").exists() or shutil.copytree(REPO / "overrides", root / "overrides")
    config = write_config(root / "mkdocs.yml", content_dir=content)
    text = config.read_text(encoding="utf-8").replace(str(REPO / "overrides"), str(root / "overrides"))
    config.write_text(text, encoding="utf-8")
    return config


def _serve_build(config: Path, content: Path, served: Path):
    """One rebuild as MkDocs' serve makes it; the plugin that made it."""
    loaded = load_config(str(config), site_dir=str(served), docs_dir=str(content / "pages"))
    loaded.site_url = SERVED_AT
    plugin = archive_plugin(loaded)
    with quiet_dirty():
        mkdocs_build(loaded, serve_url=SERVED_AT, dirty=True)
    return plugin


def _fresh(root: Path, content: Path) -> dict[str, str]:
    """What a new `archive serve` of ``content`` writes into its folder (its own cache)."""
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    config = _config(root, content)
    with serving(content):
        plugin = _serve_build(config, content, root / "served")
    assert plugin.reused_pages == 0
    return tree_digest(root / "served")


def _edit(content: Path, path: str, old: str, new: str) -> None:
    file = content / path
    text = file.read_text(encoding="utf-8")
    assert old in text, (path, old)
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = [
    ("annotation changed", lambda c: _edit(c, f"annotations/{DOC}/liu-xiaobo.yml", "eleven-year sentence",
                                           "eleven-year prison sentence")),
    ("annotation added", lambda c: (c / f"annotations/{DOC}/hu-jintao.yml").write_text(
        "exact: President Hu Jintao\nsuffix: at\nkind: context\nbody: Hu Jintao led China from 2003 to 2013.\n"
        "author: Archive editors\ndate: 2026-12-05\n", encoding="utf-8")),
    ("sidecar", lambda c: _edit(c, f"sources/{DOC}.yml", "publication: CNSNews.com",
                                "publication: CNSNews.com\ntitle: China backs Ban Ki-moon for a second term")),
    ("source text", lambda c: _edit(c, f"sources/{DOC}.txt", "Great Hall of the People",
                                    "Great Hall of the People (edited)")),
    ("register entity", lambda c: _edit(c, "entities/cnn.yml", "based in Atlanta", "based in Atlanta, Georgia")),
    ("topic", lambda c: _edit(c, "topics/peacekeeping.yml", "praised by the Secretary-General",
                              "praised by the Secretary-General, and debated")),
    ("annotation removed", lambda c: (c / f"annotations/{DOC}/martin-nesirky.yml").unlink()),
    ("nothing", lambda c: None),
    ("document deleted", lambda c: _delete(c, DOC)),
]


def _delete(content: Path, document: str) -> None:
    for ending in (".txt", ".yml"):
        (content / "sources" / f"{document}{ending}").unlink()
    shutil.rmtree(content / "annotations" / document)


def _served_copy(tmp_path, monkeypatch):
    """A copy of the demo's content, its archive folder, configuration and served folder."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    content = tmp_path / "content"
    shutil.copytree(REPO_CONTENT, content)
    root = tmp_path / "archive"
    root.mkdir()
    return content, root, _config(root, content), root / "served"


READ_AGAIN = {"nothing": 0, "annotation changed": 1, "annotation added": 1, "annotation removed": 1, "sidecar": 1,
              "source text": 1, "document deleted": 0}
"""How many documents' results a rebuild after each edit reads from the store: those the session
does not hold (the edited document's, under its new key; every document's after an edit to the
register or the topics, which every key covers)."""


def test_each_serve_rebuild_in_one_process_writes_what_a_fresh_serve_writes(tmp_path, monkeypatch):
    content, root, config, served = _served_copy(tmp_path, monkeypatch)
    asked: list[int] = []
    get_many = result_store.Cache.get_many

    def counted(cache, keys):
        if cache.path.name == "documents.sqlite":
            asked.append(len(keys))
        return get_many(cache, keys)

    monkeypatch.setattr(result_store.Cache, "get_many", counted)
    with serving(content):
        kept = session.current
        first = _serve_build(config, content, served)
        assert first.reused_pages == 0 and kept.memory is not None
        for kind, edit in EDITS:
            edit(content)
            asked.clear()
            plugin = _serve_build(config, content, served)
            assert plugin.reused_pages > 0, kind  # the session's memory was used
            assert asked == [READ_AGAIN.get(kind, len(kept.held.results))], kind  # the results held were used
            assert len(kept.held.results) == len(list((content / "sources").glob("*.txt"))), kind
            # What is held is never changed by a build: no source (nor its bytes) is put on it.
            assert all(r.document is not None and r.document.source is None for r in kept.held.results.values()), kind
            assert tree_digest(served) == _fresh(tmp_path / "fresh", content), kind
    # The memory stayed in the process: nothing of it was written for the folder served.
    assert not list((root / "build" / "cache" / "rendered").glob("served*"))


def test_a_failed_serve_rebuild_keeps_the_last_memory_and_the_next_is_right(tmp_path, monkeypatch):
    content, _, config, served = _served_copy(tmp_path, monkeypatch)
    with serving(content):
        _serve_build(config, content, served)
        memory = session.current.memory
        _edit(content, f"annotations/{DOC}/liu-xiaobo.yml", "eleven-year sentence", "eleven-year prison sentence")
        def fail(*args, **kwargs):
            raise OSError("the disk is full")

        with monkeypatch.context() as patched:  # the rebuild fails after the pages are rendered
            patched.setattr(search, "write_rest", fail)
            try:
                _serve_build(config, content, served)
            except OSError:
                pass
            else:
                raise AssertionError("the rebuild did not fail")
        assert session.current.memory is memory
        _serve_build(config, content, served)
        assert tree_digest(served) == _fresh(tmp_path / "fresh", content)


def test_a_serve_rebuild_parses_only_the_editor_files_that_changed_and_reports_a_broken_one_every_time(
        tmp_path, monkeypatch, caplog):
    content, _, config, served = _served_copy(tmp_path, monkeypatch)
    parsed = recorded(monkeypatch, editor_files, "parse_nodes")
    note = content / "annotations" / DOC / "liu-xiaobo.yml"
    with serving(content):
        _serve_build(config, content, served)
        everything = len(parsed)
        assert everything > 20  # the register, the topics, the sidecars, the annotations
        parsed.clear()
        _serve_build(config, content, served)
        assert parsed == []
        _edit(content, f"annotations/{DOC}/liu-xiaobo.yml", "eleven-year sentence", "eleven-year prison sentence")
        _serve_build(config, content, served)
        assert parsed == [note.read_text(encoding="utf-8")]
        good = note.read_text(encoding="utf-8")
        note.write_text(good.replace("kind: ", "kind: [", 1), encoding="utf-8")
        reports = []
        for _ in range(2):  # the broken file reported by the rebuild that parses it, and by the next
            parsed.clear()
            caplog.clear()
            with pytest.raises(Abort):
                _serve_build(config, content, served)
            reports.append(("\n".join(r.getMessage() for r in caplog.records if r.levelname == "ERROR"), len(parsed)))
        assert reports[0][0] == reports[1][0] and f"annotations/{DOC}/liu-xiaobo.yml" in reports[0][0]
        assert [count for _, count in reports] == [1, 0]
        note.write_text(good, encoding="utf-8")
        _serve_build(config, content, served)
    assert tree_digest(served) == _fresh(tmp_path / "fresh", content)
    parsed.clear()
    with serving(content):  # a new session holds nothing, and reads what it can from the result store
        _serve_build(config, content, tmp_path / "again")
    assert parsed == []
    shutil.rmtree(tmp_path / "archive" / "build" / "cache")
    with serving(content):  # ... and without it every file is parsed
        _serve_build(config, content, tmp_path / "once more")
    assert len(parsed) == everything


def test_the_libraries_and_the_code_kept_are_asked_for_again_when_they_change(tmp_path, monkeypatch):
    from importlib import metadata

    from builder.store import code_version

    assert session.code() == code_version()
    assert session.libraries() == sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    folder = tmp_path / "more"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    assert not any(name.startswith("a-library-installed-now==") for name in session.libraries())
    info = folder / "a_library_installed_now-1.0.dist-info"
    info.mkdir()  # (the folder on Python's path changes: asked for again)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: a-library-installed-now\nVersion: 1.0\n",
                                   encoding="utf-8")
    assert "a-library-installed-now==1.0" in session.libraries()
