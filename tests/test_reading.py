"""A build reading the result store after it let go of the cache's lock (builder.reading):
while one holds it, no build prunes the store; a process holds one reading of a store at a time."""

from __future__ import annotations

from builder import reading, store


def test_a_prune_waits_for_no_reader_and_a_readers_last_hold_is_released_by_its_next(tmp_path):
    cache = tmp_path / "cache"
    kept = store.Cache(cache, "pages")
    kept.put_many([("old", store.dumps("old page")), ("new", store.dumps("new page"))])
    assert reading.idle(cache)  # (no build has read this store yet: no readers file)

    first = reading.Reading(cache)
    assert reading.readers_file(cache) == tmp_path / ".cache.readers" and not reading.idle(cache)
    kept.prune({"new"})
    assert kept.held(["old", "new"]) == {"old", "new"}  # read by a build: kept

    second = reading.Reading(cache)  # the next build of this process: the last one's hold goes
    assert first.fd is None and not reading.idle(cache)
    second.release()
    assert reading.idle(cache)
    kept.prune({"new"})
    assert kept.held(["old", "new"]) == {"new"}
    kept.close()
