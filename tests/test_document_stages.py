"""The per-document work: any executor gives the same archive; the result store gives the same
archive as computing afresh, and recomputes exactly the documents whose inputs changed."""

from __future__ import annotations

import shutil
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import pytest

from helpers import REPO_CONTENT, built_page, page_text, page_texts
from builder.emit import Site
from builder.emit.reuse import made
from builder.model import Indexes
from builder.pipeline import build
from builder.pipeline.documents import BATCH_SIZE

DEMO_DOCS = 5


def _kept_units(result, doc_id: str | None = None) -> int:
    """How many values emit.reuse keeps for the pages made from many documents: one per
    author, publication (and year, on a large archive), three per entity (its page, the
    entities mentioned with it, and its preview card) and two per topic (its page, and the entities its documents
    mention most), one per document (the foot of its page: its citation and its neighbours
    by date), the two groups of exports and the connections page, and the four groups of
    emit.archive_groups (the overviews, the editors' pages, the annotation pages and files); or,
    given a document whose metadata changed (not its mentions), those made (also) from it: the
    entity and topic pages but not what they show of the mentions, the feet of its page and of
    its neighbours' pages, the exports of the metadata but not those of the mentions, the
    overviews and the editors' pages, and the annotation pages and files if it has notes."""
    from builder.emit import document_foot, taxonomy_pages

    archive = result.archive
    entities = {m.entity for m in archive.mentions if doc_id in (None, m.doc)}
    if doc_id is not None:  # and the entities it is written or published by, and those its notes name
        entities |= {entity for entity, roles in taxonomy_pages.roles(archive, Indexes(archive)).items()
                     if any(d.id == doc_id for docs in roles.values() for d in docs)}
        entities |= {entity for a in archive.annotations if a.doc == doc_id and a.spans for entity in a.entities}
    topics = {a.topic for a in archive.assignments if doc_id in (None, a.doc)}
    terms = [term for taxonomy in taxonomy_pages.TAXONOMIES for term, docs in taxonomy_pages.terms(archive, Indexes(archive), taxonomy).items()
             if doc_id is None or any(d.id == doc_id for d in docs)]
    around = document_foot.neighbours(Indexes(archive).newest_first)
    feet = [d.id for d in archive.documents
            if doc_id in (None, d.id) or doc_id in {n.id for n in around.get(d.id, ()) if n is not None}]
    if doc_id is None:
        entities, topics = archive.entities, archive.topics
        return 3 * len(entities) + 2 * len(topics) + len(terms) + len(feet) + 2 + 1 + 4  # + the connections page
    noted = 2 if any(a.doc == doc_id for a in archive.annotations) else 0
    return len(entities) + len(topics) + len(terms) + len(feet) + 1 + 2 + noted


def _everything(result) -> tuple:
    """All a build produces: pages, published files, problems, mentions, assignments."""
    archive = result.archive
    return (page_texts(result), {path: made(data) for path, data in result.files.items()},
            [(d.severity, d.path, d.line, d.code, d.message) for d in archive.diagnostics],
            archive.mentions, archive.assignments, [(a.id, a.status, a.spans, a.number) for a in archive.annotations])


@pytest.fixture(scope="module")
def in_process():
    return build(REPO_CONTENT, Site("Demo"))


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(REPO_CONTENT, folder)
    return folder


def test_a_thread_pool_gives_the_same_archive(in_process):
    with ThreadPoolExecutor(max_workers=3) as pool:
        assert _everything(build(REPO_CONTENT, Site("Demo"), executor=pool)) == _everything(in_process)


def test_a_process_pool_gives_the_same_archive(in_process):
    with ProcessPoolExecutor(max_workers=2) as pool:
        assert _everything(build(REPO_CONTENT, Site("Demo"), executor=pool)) == _everything(in_process)


def _intake():
    """The demo archive as the stages before the per-document ones leave it."""
    from builder.model import Archive
    from builder.pipeline import COLLECT, run_stages
    from builder.timings import Timings

    return run_stages(Archive(content_dir=REPO_CONTENT.resolve()), COLLECT, Timings())


@pytest.mark.parametrize("how", ["in this process", "a thread pool", "the default process pool"])
def test_the_stages_leave_the_callers_documents_as_they_were(how, in_process, monkeypatch):
    """Only batches pickled on their way to the default pool's workers are changed in place
    (they are copies); in this process or in another executor's threads, the documents and
    annotations the caller holds are left as they were, and the result is the same."""
    import pickle

    import builder.pipeline.documents as document_stages
    from builder.emit.urls import Urls
    from builder.timings import Timings

    archive = _intake()
    documents, annotations = list(archive.documents), list(archive.annotations)
    before = pickle.dumps((documents, annotations))
    if how == "the default process pool":
        monkeypatch.setattr(document_stages, "PARALLEL_FROM", 1)  # five documents, two workers
        pools = []
        default = document_stages._default_executor
        monkeypatch.setattr(document_stages, "_default_executor", lambda jobs: pools.append(jobs) or default(jobs))
        result = document_stages.process_documents(archive, "document", Urls(), None, Timings(), jobs=2)
        assert pools == [2]  # (not run here instead, as with another thread alive)
    elif how == "a thread pool":
        with ThreadPoolExecutor(max_workers=2) as pool:
            result = document_stages.process_documents(archive, "document", Urls(), None, Timings(), executor=pool)
    else:
        result = document_stages.process_documents(archive, "document", Urls(), None, Timings())
    assert pickle.dumps((documents, annotations)) == before
    assert result.computed == DEMO_DOCS
    assert archive.mentions == in_process.archive.mentions
    assert [d.metadata for d in archive.documents] == [d.metadata for d in in_process.archive.documents]
    assert [d.paragraphs for d in archive.documents] == [d.paragraphs for d in in_process.archive.documents]
    assert [(a.id, a.status, a.spans) for a in archive.annotations] == \
        [(a.id, a.status, a.spans) for a in in_process.archive.annotations]


def test_batches_split_a_large_archive(content, in_process, monkeypatch):
    import builder.pipeline.documents as document_stages
    monkeypatch.setattr(document_stages, "BATCH_SIZE", 2)  # five documents: three batches
    calls = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        original = pool.map
        monkeypatch.setattr(pool, "map", lambda fn, items: calls.append(len(items)) or original(fn, items))
        result = build(content, Site("Demo"), executor=pool)
    assert calls == [3] and BATCH_SIZE > DEMO_DOCS
    assert _everything(result)[0] == _everything(in_process)[0]


def test_a_second_build_comes_from_the_cache_and_is_identical(content, tmp_path, in_process):
    cache = tmp_path / "cache"
    first = build(content, Site("Demo"), cache_dir=cache)
    assert (first.reused, first.computed) == (0, DEMO_DOCS)
    assert (first.kept, first.made) == (0, _kept_units(first) + 1)  # and the connections graph's layout, read only to remake its page
    second = build(content, Site("Demo"), cache_dir=cache)
    assert (second.reused, second.computed) == (DEMO_DOCS, 0)
    assert (second.kept, second.made) == (_kept_units(first), 0)
    assert _everything(second) == _everything(first)
    assert _everything(second)[0] == _everything(in_process)[0]


def test_editing_one_annotation_recomputes_only_its_document(content, tmp_path):
    cache = tmp_path / "cache"
    build(content, Site("Demo"), cache_dir=cache)
    note = sorted((content / "annotations").glob("*/*.yml"))[0]
    note.write_text(note.read_text(encoding="utf-8").replace("body:", "body: Edited.", 1), encoding="utf-8")
    after = build(content, Site("Demo"), cache_dir=cache)
    assert (after.reused, after.computed) == (DEMO_DOCS - 1, 1)
    # no index page or export shows the text of an annotation; the pages of the entities it names
    # do, and the annotation pages and files (emit.archive_groups)
    named = next(a.entities for a in after.archive.annotations if a.path == f"annotations/{note.parent.name}/{note.name}")
    assert after.made == len(set(named)) + 2 > 2
    fresh = build(content, Site("Demo"))
    assert _everything(after) == _everything(fresh)
    doc_page = page_text(after, f"documents/{note.parent.name}.md")
    assert "Edited." in doc_page


def test_editing_one_sidecar_recomputes_only_its_document(content, tmp_path):
    cache = tmp_path / "cache"
    build(content, Site("Demo"), cache_dir=cache)
    sidecar = sorted((content / "sources").glob("*.yml"))[0]
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "section: World\n", encoding="utf-8")
    after = build(content, Site("Demo"), cache_dir=cache)
    assert (after.reused, after.computed) == (DEMO_DOCS - 1, 1)
    # the exports, and the pages of the entities, topics, authors and publication that list it
    assert after.made == _kept_units(after, sidecar.stem) < _kept_units(after) / 2
    assert _everything(after) == _everything(build(content, Site("Demo")))


def test_a_name_added_to_a_source_remakes_that_entitys_page(content, tmp_path):
    cache = tmp_path / "cache"
    before = build(content, Site("Demo"), cache_dir=cache)
    source = sorted((content / "sources").glob("*.txt"))[0]
    unnamed = sorted(e.id for e in before.archive.entities.values()
                     if not any(m.entity == e.id and m.doc == source.stem for m in before.archive.mentions))[0]
    name = before.archive.entities[unnamed].name
    page_before = page_text(before, f"entities/{unnamed}.md")  # (read while the store holds it)
    source.write_bytes(source.read_bytes() + f"\n\nA closing line that names {name} once more.\n".encode())
    after = build(content, Site("Demo"), cache_dir=cache)
    page = page_text(after, f"entities/{unnamed}.md")
    assert f'id="doc-{source.stem}"' in page and f'id="doc-{source.stem}"' not in page_before
    assert _everything(after) == _everything(build(content, Site("Demo")))


def test_names_mentioned_together_remake_what_an_entity_page_shows_of_them(content, tmp_path):
    """What an entity page shows under "Often mentioned with" is kept apart from the page,
    under the mentions of the documents naming the entity: a title correction keeps it (see
    the sidecar test above), new mentions in one paragraph make it again."""
    cache = tmp_path / "cache"
    before = build(content, Site("Demo"), cache_dir=cache)
    entities = sorted(before.archive.entities.values(), key=lambda e: e.id)
    first, second = entities[0], entities[1]
    page_before = page_text(before, f"entities/{first.id}.md")  # (read while the store holds it)
    source = sorted((content / "sources").glob("*.txt"))[0]
    together = "".join(f"\n\nIn paragraph {n}, {first.name} met {second.name} again.\n" for n in range(20))
    source.write_bytes(source.read_bytes() + together.encode())
    after = build(content, Site("Demo"), cache_dir=cache)
    related = page_text(after, f"entities/{first.id}.md").split("Often mentioned with", 1)[1]
    assert f">{second.name}</a> — " in related.split("</li>", 1)[0]  # now the first of them
    assert page_text(after, f"entities/{first.id}.md") != page_before
    assert _everything(after) == _everything(build(content, Site("Demo")))


def test_a_new_document_and_a_new_title_give_what_a_fresh_build_gives(content, tmp_path):
    cache = tmp_path / "cache"
    build(content, Site("Demo"), cache_dir=cache)
    first = sorted((content / "sources").glob("*.txt"))[0]
    (content / "sources" / "a-copy.txt").write_bytes(first.read_bytes().replace(b"\n\n", b"\n\nAnother paragraph.\n\n", 1))
    after = build(content, Site("Demo"), cache_dir=cache)
    assert (after.reused, after.computed) == (DEMO_DOCS, 1)
    assert _everything(after) == _everything(build(content, Site("Demo")))
    retitled = build(content, Site("Another title"), cache_dir=cache)
    # the exports and every document's foot (the feed and the citations show the title), the
    # overviews (the home page shows it) and the annotations' files (their feed)
    assert retitled.made == 1 + len(retitled.archive.documents) + 2 == 9
    assert _everything(retitled) == _everything(build(content, Site("Another title")))


def test_changing_the_register_recomputes_every_document(content, tmp_path):
    cache = tmp_path / "cache"
    build(content, Site("Demo"), cache_dir=cache)
    entity = content / "entities" / "ban-ki-moon.yml"
    entity.write_text(entity.read_text(encoding="utf-8").replace("short_forms:", "short_forms:\n  - Mr Ban", 1),
                      encoding="utf-8")
    after = build(content, Site("Demo"), cache_dir=cache)
    assert (after.reused, after.computed) == (0, DEMO_DOCS)
    assert _everything(after) == _everything(build(content, Site("Demo")))


def test_editing_an_entity_no_document_names_remakes_its_page(content, tmp_path):
    cache = tmp_path / "cache"
    before = build(content, Site("Demo"), cache_dir=cache)
    named = {m.entity for m in before.archive.mentions}
    unnamed = sorted(set(before.archive.entities) - named)[0]
    record = content / "entities" / f"{unnamed}.yml"
    text = record.read_text(encoding="utf-8")
    assert "description: >-\n" in text
    record.write_text(text.replace("description: >-\n", "description: >-\n  A description added later.\n", 1), encoding="utf-8")
    after = build(content, Site("Demo"), cache_dir=cache)
    assert "A description added later." in page_text(after, f"entities/{unnamed}.md")
    assert _everything(after) == _everything(build(content, Site("Demo")))


def test_the_cache_drops_old_entries_once_they_hold_a_tenth_of_its_bytes(content, tmp_path):
    import sqlite3

    from builder import store as result_cache

    def keys() -> set[str]:
        with sqlite3.connect(tmp_path / "documents.sqlite") as db:
            return {k for (k,) in db.execute("SELECT key FROM kept")}

    pages = {f"page{i}" for i in range(20)}
    store = result_cache.Cache(tmp_path)
    store.put_many([(key, b"x" * 100) for key in sorted(pages)] + [("old page", b"x" * 100)])
    store.prune(pages)  # 100 stale bytes of 2,100: kept
    assert keys() == pages | {"old page"}
    store.put_many([("old exports", b"x" * 200)])
    store.prune(pages)  # 300 stale bytes of 2,300 (two entries of 22): dropped
    assert keys() == pages
    store.close()

    # A cache of more than store.COUNTED_UP_TO bytes of pages counts its pages in use (of 64
    # KiB each) as its bytes, not every value's length (which would read the whole file): 300
    # stale bytes of at least 131,072 are kept.
    store = result_cache.Cache(tmp_path, "counted")
    store.put_many([(key, b"x" * 100) for key in sorted(pages)] + [("old page", b"x" * 100), ("old exports", b"x" * 200)])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(result_cache, "COUNTED_UP_TO", 0)
        pages_in_use = store.db.execute("PRAGMA page_count").fetchone()[0] - store.db.execute("PRAGMA freelist_count").fetchone()[0]
        assert store._bytes() == pages_in_use * result_cache.PAGE_SIZE >= 2 * result_cache.PAGE_SIZE
        store.prune(pages)
        assert {k for (k,) in store.db.execute("SELECT key FROM kept")} == pages | {"old page", "old exports"}
    store.prune(pages)  # counted one by one again: 300 of 2,300, dropped
    assert {k for (k,) in store.db.execute("SELECT key FROM kept")} == pages
    store.close()

    # Through a build: an edited annotation leaves its document's old result, one of six, so
    # well over a tenth of the bytes: dropped.
    build(content, Site("Demo"), cache_dir=tmp_path / "cache")
    note = sorted((content / "annotations").glob("*/*.yml"))[0]
    note.write_text(note.read_text(encoding="utf-8").replace("body:", "body: Edited.", 1), encoding="utf-8")
    build(content, Site("Demo"), cache_dir=tmp_path / "cache")
    with sqlite3.connect(tmp_path / "cache" / "documents.sqlite") as db:
        assert db.execute("SELECT count(*) FROM kept").fetchone()[0] == DEMO_DOCS


@pytest.mark.parametrize("scan_from", [1, 10 ** 6], ids=["whole file read in order", "key by key"])
def test_the_cache_answers_exactly_the_keys_asked_for(tmp_path, monkeypatch, scan_from):
    from builder import store as result_cache

    monkeypatch.setattr(result_cache, "SCAN_FROM", scan_from)
    store = result_cache.Cache(tmp_path)
    store.put_many((f"k{i}", result_cache.dumps({"n": i})) for i in range(1200))
    store.put_many([("broken", b"not a pickle")])
    wanted = [f"k{i}" for i in range(0, 1200, 2)] + ["k0", "absent", "broken"]
    assert store.get_many(wanted) == {f"k{i}": {"n": i} for i in range(0, 1200, 2)}
    store.close()


def test_the_cache_reads_its_whole_file_only_when_asked_for_most_of_it(tmp_path):
    """Asked for a thousand keys or more, and at least half of what it holds, the cache reads its
    file in order; asked for a part of a larger file (a chunk of entity pages' documents, say),
    it looks each key up."""
    from builder import store as result_cache

    store = result_cache.Cache(tmp_path)
    store.put_many((f"k{i}", result_cache.dumps(i)) for i in range(2400))
    statements: list[str] = []
    store.db.set_trace_callback(statements.append)
    assert store.get_many([f"k{i}" for i in range(1200)]) == {f"k{i}": i for i in range(1200)}
    assert [s for s in statements if s.startswith("SELECT key, value")] == ["SELECT key, value FROM kept"]
    statements.clear()
    assert store.get_many([f"k{i}" for i in range(1199)]) == {f"k{i}": i for i in range(1199)}
    looked_up = [s for s in statements if s.startswith("SELECT key, value")]
    assert len(looked_up) == 3 and all(" WHERE key IN (" in s for s in looked_up)
    store.close()


def test_a_damaged_cache_file_is_rebuilt(content, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "documents.sqlite").write_bytes(b"not a database at all" * 100)
    result = build(content, Site("Demo"), cache_dir=cache)
    assert (result.reused, result.computed) == (0, DEMO_DOCS)
    assert build(content, Site("Demo"), cache_dir=cache).reused == DEMO_DOCS


def _made_alone(archive, documents: dict | None = None) -> dict:
    """What emit.per_document makes of each document of a finished archive."""
    from builder.emit.per_document import make_documents
    from builder.emit.urls import Urls

    return make_documents(archive.documents, Indexes(archive).mentions_by_doc, archive.assignments, archive.annotations,
                          archive.entities, archive.topics, Urls(), documents)


def test_pages_made_per_document_equal_pages_made_at_the_end(in_process):
    """Document pages and entity-page parts are made beside each document's stages; made
    again from the finished archive, with no per-document output, they are the same bytes."""
    from builder.emit import emit
    from builder.emit.urls import Urls
    from builder.pipeline import collect
    from builder.pipeline.related import join_related, related_ends

    archive = collect(REPO_CONTENT)
    at_the_end = emit(archive, Indexes(archive), Site("Demo"))[0]
    join_related(at_the_end, archive, related_ends(archive, Indexes(archive), Urls(), {}, None))  # as the build joins them
    expected = page_texts(in_process)
    assert {path: page.text for path, page in at_the_end.items()} == expected


def test_search_words_made_per_document_equal_those_made_at_the_end(content, tmp_path, in_process):
    """A document's words as the search index keeps them are made beside its stages (and kept
    in the store); made again from the finished archive they are the same, and so is the index."""
    import copy

    from builder.emit.urls import Urls
    from builder.pipeline import texts
    from builder.search import index, records

    cache = tmp_path / "cache"
    for result in (build(content, Site("Demo"), cache_dir=cache), build(content, Site("Demo"), cache_dir=cache)):
        assert all(doc.paragraphs is None for doc in result.archive.documents)  # kept apart, in the store
        with texts.reading(result.texts) as with_text:
            docs = with_text(sorted(result.archive.documents, key=lambda d: d.id))
        assert sorted(result.search) == [doc.id for doc in docs]
        for doc in docs:
            record = records.document(doc, Urls())
            assert result.search[doc.id] == (index.record_terms(record), records.digest(record))
        archive = copy.copy(result.archive)
        archive.documents = docs
        made = records.documents(archive, Urls())
        assert index.build([("d", made)], counted={"d": [result.search[d.id][0] for d in docs]}) == index.build([("d", made)])
    assert result.search_key and result.search_key == build(content, Site("Demo"), cache_dir=cache).search_key


def test_nothing_but_the_build_holds_the_pages_made_from_many_documents():
    """The build runs without the cycle collector (pipeline.few_collections), and the plugin
    then freezes what is left: a reference cycle holding the pages would keep every one of
    them through the rendering (hundreds of megabytes at 10,000 documents). Let go of, each
    page is freed at once, by reference counting alone."""
    import gc
    import weakref

    from builder.pipeline import few_collections

    with few_collections():
        result = build(REPO_CONTENT, Site("Demo"))
        kinds = ("entities/", "topics/", "authors/", "publications/")
        made = [path for path in result.pages if path.startswith(kinds) and not path.endswith("index.md")]
        assert made and not gc.isenabled()
        refs = [weakref.ref(result.pages[path]) for path in made]
        del result
        assert [path for path, ref in zip(made, refs) if ref() is not None] == []


def _reading_parts(monkeypatch) -> list[list[str]]:
    """Record every read of the store of documents' parts (the keys asked for, per read)."""
    from builder.store import Cache

    reads: list[list[str]] = []
    original = Cache.get_many

    def get_many(self, keys):
        if self.path.name.startswith("document-parts"):
            reads.append(sorted(keys))
        return original(self, keys)

    monkeypatch.setattr(Cache, "get_many", get_many)
    return reads


def test_a_rebuild_reads_documents_parts_only_for_the_pages_remade(content, tmp_path, monkeypatch):
    """A document's parts of entity pages and its rows of mentions.json are most of its
    result's bytes, and needed only when an entity page or the mentions export is made
    again: a rebuild after an annotation edit reads none of them (but those of the documents
    naming the entities it names, whose pages show it, its own among them: made in this build,
    they were stored, not kept in memory); after a sidecar edit, the parts of the documents
    naming that document's entities, in one read; and what it makes of them is what
    a fresh build makes."""
    cache = tmp_path / "cache"
    build(content, Site("Demo"), cache_dir=cache)
    reads = _reading_parts(monkeypatch)
    note = sorted((content / "annotations").glob("*/*.yml"))[0]
    note.write_text(note.read_text(encoding="utf-8").replace("body:", "body: Edited.", 1), encoding="utf-8")
    after = build(content, Site("Demo"), cache_dir=cache)
    named = next(a.entities for a in after.archive.annotations if a.path == f"annotations/{note.parent.name}/{note.name}")
    assert after.computed == 1 and len(reads) == 1
    assert len(reads[0]) == len({m.doc for m in after.archive.mentions if m.entity in named})
    reads.clear()
    other = sorted((content / "annotations").glob("*/*.yml"))[-1]
    assert "entities:" not in other.read_text(encoding="utf-8")  # a note naming no entity
    other.write_text(other.read_text(encoding="utf-8").replace("body:", "body: Edited.", 1), encoding="utf-8")
    after = build(content, Site("Demo"), cache_dir=cache)
    assert after.computed == 1 and after.made == 2 and reads == []  # the annotation pages and files (emit.archive_groups)
    sidecar = sorted((content / "sources").glob("*.yml"))[0]
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + "section: World\n", encoding="utf-8")
    after = build(content, Site("Demo"), cache_dir=cache)
    named = {m.entity for m in after.archive.mentions if m.doc == sidecar.stem}
    naming = {m.doc for m in after.archive.mentions if m.entity in named}
    assert len(reads) == 1 and len(reads[0]) == len(naming) > 1
    assert _everything(after) == _everything(build(content, Site("Demo")))
    # A new document remakes the entity pages it names, which read the parts of the documents
    # they list, and the mentions export, which reads every document's rows, the new one's too
    # (made in this build and stored), each once.
    reads.clear()
    (content / "sources" / "a-copy.txt").write_bytes(sorted((content / "sources").glob("*.txt"))[0].read_bytes())
    after = build(content, Site("Demo"), cache_dir=cache)
    pages_read, rows_read = reads
    assert after.computed == 1 and len(rows_read) == len(set(rows_read)) == DEMO_DOCS + 1
    assert set(pages_read) <= set(rows_read) and len(pages_read) == len(set(pages_read)) > 1
    assert _everything(after) == _everything(build(content, Site("Demo")))


def test_a_part_gone_from_the_store_while_the_build_reads_it_is_made_again(content, tmp_path):
    """Another build on the same folder may drop an entry this one has still to read (each
    keeps only its own entries): what was in it is made again from the document."""
    import sqlite3

    cache = tmp_path / "cache"
    build(content, Site("Demo"), cache_dir=cache)
    with sqlite3.connect(cache / "document-parts.sqlite") as db:
        db.execute("DELETE FROM kept")
    (content / "sources" / "a-copy.txt").write_bytes(sorted((content / "sources").glob("*.txt"))[0].read_bytes())
    after = build(content, Site("Demo"), cache_dir=cache)  # every entity page and the mentions export are remade
    assert after.computed == 1
    assert _everything(after) == _everything(build(content, Site("Demo")))
    with sqlite3.connect(cache / "document-parts.sqlite") as db:  # made again, and kept again
        assert db.execute("SELECT count(*) FROM kept").fetchone()[0] == DEMO_DOCS + 1


def test_a_page_pickled_again_unread_is_the_same_bytes(in_process):
    """A page read back from the store (or from a worker) is the page it was, and pickled
    again before anything read it is the same bytes."""
    import pickle

    from builder.emit.frontmatter import Page

    path = next(p for p in in_process.pages if p.startswith("documents/"))
    page = in_process.pages[path]
    blob = pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL)
    back = pickle.loads(blob)
    assert isinstance(back, Page) and pickle.dumps(back, protocol=pickle.HIGHEST_PROTOCOL) == blob
    assert back.text == page.text and back.front == page.front and back.body == page.body and back == page
    assert pickle.loads(blob) != Page(page.front, page.body + "more")


def test_a_page_read_back_stays_as_bytes_until_mkdocs_reads_it():
    """The one laziness kept, at the MkDocs boundary: pages read back from the store are held
    as their UTF-8 bytes until the bridge hands them to MkDocs, not as Python text (two bytes
    a character once one is beyond Latin-1); the exported copy reads them without keeping
    them decoded."""
    import pickle
    import tracemalloc

    from builder.emit.frontmatter import page

    made = page({"title": "A dash — of text"}, "Words — and more words. " * 20_000)
    decoded = len(made.body) * 2  # bytes of the body as Python text
    blob = pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL)
    tracemalloc.start()
    try:
        pages = [pickle.loads(blob) for _ in range(20)]
        held = tracemalloc.get_traced_memory()[0]
        assert held < 20 * decoded * 0.75
        for one in pages:
            assert one.text.endswith("words.\n")  # the export reads each page
        assert tracemalloc.get_traced_memory()[0] < 20 * decoded * 0.75
        assert all(one.body == made.body for one in pages)  # MkDocs reads each: decoded now
        assert tracemalloc.get_traced_memory()[0] > 20 * decoded
    finally:
        tracemalloc.stop()


def test_pages_made_a_chunk_at_a_time_equal_those_made_at_once(in_process, tmp_path, monkeypatch):
    """The entity pages are made as the documents they list are read, each document's parts
    read once from the result store, newest first, a few at a time (emit.entity_parts.swept),
    and stored a chunk at a time (emit.chunks.in_chunks_of): made so two at a time, every page
    and file is what the demo makes in one go; and each entity page is what it is made alone."""
    from builder.emit import chunks, entity_pages, entity_parts, reuse, taxonomy_pages
    from builder.emit.frontmatter import Page
    from builder.emit.urls import Urls
    from builder.model import Archive

    monkeypatch.setattr(chunks, "CHUNK", 2)
    monkeypatch.setattr(entity_parts, "READ_AT_ONCE", 2)
    stored = []  # the names of each chunk of entity pages stored
    real_keep = reuse.Reuse.keep

    def keep(self, keys, made, pages=False):
        if made and all(isinstance(v, Page) and "entity" in v.front and "page" not in v.front for v in made.values()):
            stored.append(sorted(made))
        return real_keep(self, keys, made, pages)

    monkeypatch.setattr(reuse.Reuse, "keep", keep)
    reads = _reading_parts(monkeypatch)
    chunked = build(REPO_CONTENT, Site("Demo"), cache_dir=tmp_path / "cache")
    assert _everything(chunked) == _everything(in_process)
    *sweep, rows = reads  # the entity pages' documents, then every document's rows of mentions.json
    assert len(rows) == DEMO_DOCS and all(len(keys) <= 2 for keys in sweep)
    assert sorted(key for keys in sweep for key in keys) == sorted(set(rows))  # each document's parts read once
    entities = sorted(chunked.archive.entities)
    assert sorted(name for names in stored for name in names) == entities and max(map(len, stored)) == 2

    built = in_process.archive
    archive = Archive(content_dir=built.content_dir, documents=built.documents, entities=built.entities,
                      mentions=built.mentions, topics=built.topics, annotations=built.annotations,
                      assignments=built.assignments)
    index = Indexes(archive)
    parts = {doc_id: made[1] for doc_id, made in _made_alone(archive, {d.id: d for d in archive.documents}).items()}
    documents, rank = {d.id: d for d in archive.documents}, index.newest_first_rank
    related = entity_pages.often_with(archive, index, sorted(archive.entities), every=True)
    by_entity = index.mentions_by_entity
    context = entity_pages.Context(archive, documents, rank, Urls(), {}, taxonomy_pages.roles(archive, index),
                                   entity_pages.notes_naming(archive, documents), entity_pages.topics_naming(archive))
    mentioned = 0
    for entity_id, entity in sorted(archive.entities.items()):
        listed = sorted({m.doc for m in by_entity.get(entity_id, [])}, key=rank.__getitem__)[:100]
        blocks = [parts[doc_id].entity_parts[entity_id] for doc_id in listed]
        alone = entity_pages.render_entity(context, entity, by_entity.get(entity_id, []), related[entity_id], blocks)
        assert alone == in_process.pages[entity.page] == built_page(chunked, entity.page)
        mentioned += bool(by_entity.get(entity_id))
    assert mentioned >= 10


def test_the_mentions_of_a_few_entities_are_those_of_every_entity(in_process):
    from builder.emit.entity_pages import mentions_of

    archive = in_process.archive
    index = Indexes(archive)
    every = index.mentions_by_entity
    chosen = sorted(every)[::3] + ["an-entity-no-one-names"]
    assert mentions_of(archive, index, chosen) == {e: every.get(e, []) for e in chosen}
    assert index.mention_counts == {entity: len(mentions) for entity, mentions in every.items()}


@pytest.mark.parametrize("how", ["in process", "thread pool", "from the cache"])
def test_the_published_sources_are_the_files_as_received(content, tmp_path, how):
    """The per-document stages work on copies and send no source bytes back; the site still
    publishes every source byte for byte."""
    if how == "thread pool":
        with ThreadPoolExecutor(max_workers=2) as pool:
            result = build(content, Site("Demo"), executor=pool)
    elif how == "from the cache":
        build(content, Site("Demo"), cache_dir=tmp_path / "cache")
        result = build(content, Site("Demo"), cache_dir=tmp_path / "cache")
        assert result.reused == DEMO_DOCS
    else:
        result = build(content, Site("Demo"))
    for doc in result.archive.documents:
        original = (content / doc.source.path).read_bytes()
        assert result.files[doc.source.published_path] == original and original


def test_the_site_and_the_offline_bundle_keep_their_own_cache(content, tmp_path):
    from builder.pipeline import Options

    cache = tmp_path / "cache"
    offline = Options(directory_urls=False)
    assert build(content, Site("Demo"), cache_dir=cache).computed == DEMO_DOCS
    assert build(content, Site("Demo"), options=offline, cache_dir=cache).computed == DEMO_DOCS
    assert build(content, Site("Demo"), cache_dir=cache).reused == DEMO_DOCS
    assert build(content, Site("Demo"), options=offline, cache_dir=cache).reused == DEMO_DOCS
    assert sorted(p.name for p in cache.iterdir()) == [
        "checks-offline.sqlite", "checks.sqlite", "document-pages-offline.sqlite", "document-pages.sqlite",
        "document-parts-offline.sqlite", "document-parts.sqlite", "document-signatures-offline.sqlite",
        "document-signatures.sqlite", "document-texts-offline.sqlite", "document-texts.sqlite", "documents-offline.sqlite",
        "documents.sqlite", "editor-files-offline.sqlite",
        "editor-files.sqlite", "pages-offline.sqlite", "pages.sqlite",
        "sources-read-offline.sqlite", "sources-read.sqlite"]


def test_a_cache_folder_shared_with_earlier_code_works_for_both(tmp_path):
    """Earlier code kept its values in tables "results" and "entries": this code drops them
    (values of other code are never read) and keeps its own, and earlier code can still open
    the file and store its values."""
    import sqlite3

    from builder import store as result_cache

    path = tmp_path / "documents.sqlite"
    earlier = "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB NOT NULL, apart BLOB)"
    with sqlite3.connect(path) as db:
        db.execute(earlier)
        db.execute("INSERT INTO entries VALUES ('old', x'00', NULL)")
    store = result_cache.Cache(tmp_path, "documents")
    store.put_many([("new", result_cache.dumps({"n": 1}))])
    assert store.get_many(["new", "old"]) == {"new": {"n": 1}}
    store.close()
    with sqlite3.connect(path) as db:  # earlier code, again
        db.execute(earlier)
        db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?, NULL)", ("old", b"x"))
        tables = sorted(name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
    assert tables == ["entries", "kept"]
    store = result_cache.Cache(tmp_path, "documents")
    assert store.get_many(["new"]) == {"new": {"n": 1}}
    store.close()


def test_large_values_are_kept_in_files_and_removed_once_stale(tmp_path, monkeypatch):
    from builder import store as result_cache

    monkeypatch.setattr(result_cache, "LARGE", 1000)
    store = result_cache.Cache(tmp_path, "pages")
    big, small = result_cache.dumps("x" * 2000), result_cache.dumps("y")
    store.put_many([("exports-1", big), ("page", small)])
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == ["exports-1"]
    assert (tmp_path / "pages" / "exports-1").read_bytes() == big
    (tmp_path / "pages" / "left-by-a-stopped-build").write_bytes(b"")
    assert store.get_many(["exports-1", "page"]) == {"exports-1": "x" * 2000, "page": "y"}

    store.put_many([("exports-2", big)])
    store.prune({"exports-2", "page"})  # the stale copy goes at once, with the file no row names
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == ["exports-2"]
    assert store.get_many(["exports-1", "exports-2", "page"]) == {"exports-2": "x" * 2000, "page": "y"}
    (tmp_path / "pages" / "exports-2").unlink()  # a file gone: its value is made again
    assert store.get_many(["exports-2"]) == {}
    store.close()


def test_a_prune_stopped_half_way_leaves_files_no_row_names_never_a_row_without_its_file(tmp_path, monkeypatch):
    """A prune drops the rows first, then the files: stopped in between, the rows of the values
    dropped are gone and their files left, which the next prune removes; a row whose file is gone
    (left by earlier code, which removed the files first) is dropped by Cache.drop_unreadable."""
    from pathlib import Path as PathClass

    from builder import store as result_cache

    monkeypatch.setattr(result_cache, "LARGE", 1000)
    store = result_cache.Cache(tmp_path, "pages")
    big = result_cache.dumps("x" * 2000)
    store.put_many([("old", big), ("new", big), ("small", result_cache.dumps("y"))])
    with monkeypatch.context() as stopped:
        def stop(self, *args, **kwargs):
            raise KeyboardInterrupt

        stopped.setattr(PathClass, "unlink", stop)
        with pytest.raises(KeyboardInterrupt):
            store.prune({"new", "small"})
    assert store.held(["old", "new", "small"]) == {"new", "small"}
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == ["new", "old"]
    store.prune({"new", "small"})
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == ["new"]

    (tmp_path / "pages" / "new").unlink()  # (as earlier code's stopped prune could leave it)
    store.put_many([("other", big)])
    store.drop_unreadable(["small"])
    assert store.held(["new", "small", "other"]) == {"other"}
    assert store.get_many(["other"]) == {"other": "x" * 2000}
    store.close()


def test_further_pages_of_lists_are_stored_a_chunk_at_a_time_and_equal_those_made_at_once(tmp_path, monkeypatch):
    """The further pages of the topics' lists (and the authors' and publications', made the same
    way: emit.listing_groups) are made and stored a chunk at a time (emit.chunks.in_chunks_of), not all made first: with
    lists of one document a page and chunks of two, every chunk stored holds two pages at most,
    and the pages are those made all at once."""
    from builder.emit import chunks, listing_groups, pager, reuse
    from builder.emit.frontmatter import Page

    monkeypatch.setattr(pager, "PAGE_SIZE", 1)
    with monkeypatch.context() as whole:  # (each maker's pages in one dict, all made before any is stored)
        whole.setattr(listing_groups, "in_chunks_of", lambda made, size=None: iter([dict(made)]))
        at_once = build(REPO_CONTENT, Site("Demo"), cache_dir=tmp_path / "at-once")
    monkeypatch.setattr(chunks, "CHUNK", 2)
    stored = []  # each chunk of further pages of lists stored
    real_keep = reuse.Reuse.keep

    def keep(self, keys, made, pages=False):
        further = {name for name, value in made.items() if isinstance(value, Page) and "page" in value.front
                   and "entity" not in value.front}
        if further:
            stored.append(further)
        return real_keep(self, keys, made, pages)

    monkeypatch.setattr(reuse.Reuse, "keep", keep)
    chunked = build(REPO_CONTENT, Site("Demo"), cache_dir=tmp_path / "chunked")
    assert _everything(chunked) == _everything(at_once)
    names = [name for chunk in stored for name in chunk]
    assert len(names) == len(set(names)) > 10 and max(map(len, stored)) == 2
    assert all(name.startswith("topics/") for name in names)  # (the demo's authors and publications: one document each)
