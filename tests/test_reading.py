"""A build reading the result store after it let go of the cache's lock (builder.reading):
while one holds it, no build prunes the store; a process holds one reading of a store at a time."""

from __future__ import annotations

from builder import reading, store


def test_a_prune_waits_for_no_reader_and_a_readers_last_hold_is_released_by_its_next(tmp_path):
    cache = tmp_path / "cache"
    kept = store.Cache(cache, "pages", read_late=True)  # (read after the build lets go of the cache's lock)
    own = store.Cache(cache, "search-terms")  # (read only by the build that prunes it)
    for cache_ in (kept, own):
        cache_.put_many([("old", store.dumps("old page")), ("new", store.dumps("new page"))])
    assert reading.idle(cache)  # (no build has read this store yet: no readers file)

    first = reading.Reading(cache)
    assert reading.readers_file(cache) == tmp_path / ".cache.readers" and not reading.idle(cache)
    kept.prune({"new"})
    own.prune({"new"})
    assert kept.held(["old", "new"]) == {"old", "new"}  # read by a build: kept
    assert own.held(["old", "new"]) == {"new"}
    own.close()

    second = reading.Reading(cache)  # the next build of this process: the last one's hold goes
    assert first.fd is None and not reading.idle(cache)
    second.release()
    assert reading.idle(cache)
    kept.prune({"new"})
    assert kept.held(["old", "new"]) == {"new"}
    kept.close()


def test_a_build_lets_go_of_the_store_at_its_end_and_still_prunes_the_bridge_s_own_stores(tmp_path, monkeypatch):
    """The archive plugin holds the store as read while it renders (bridge.kept.KeptPages), and
    not after its end, failed or not; the stores only the bridge reads (the search index's
    parts, kept under the documents' keys) are pruned meanwhile, by the build that holds it."""
    import shutil
    import sqlite3

    import pytest

    from builder.bridge.site import build_site
    from helpers import REPO_CONTENT, write_config

    content = tmp_path / "content"
    shutil.copytree(REPO_CONTENT, content)
    config = write_config(tmp_path / "mkdocs.yml", content_dir=content)
    cache = tmp_path / "build" / "cache"
    source = sorted((content / "sources").glob("*.txt"))[0]
    for round_ in range(3):  # a document changed each time: the search index's part of the documents too
        source.write_text(source.read_text(encoding="utf-8") + f"\n\nEdited, round {round_}.\n", encoding="utf-8")
        build_site(config, tmp_path / "site", content_dir=content)
        assert reading.idle(cache)
    with sqlite3.connect(cache / "search-documents.sqlite") as db:
        assert db.execute("SELECT count(*) FROM kept").fetchone()[0] == 1  # the last build's only

    from builder.bridge import search

    def fails(*args, **kwargs):
        raise RuntimeError("the search index could not be written")

    monkeypatch.setattr(search, "write_rest", fails)  # (after the pages are rendered)
    source.write_text(source.read_text(encoding="utf-8") + "\n\nOnce more.\n", encoding="utf-8")
    with pytest.raises(Exception, match="could not be written"):
        build_site(config, tmp_path / "site", content_dir=content)
    assert reading.idle(cache)
