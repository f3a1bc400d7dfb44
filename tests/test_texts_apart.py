"""Each document's paragraphs kept apart from its result (builder.pipeline.texts): the model
holds none, what needs them reads them back, and the site is what a build without a store
makes."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from helpers import REPO_CONTENT, page_texts
from builder import store as result_store
from builder.emit import Site
from builder.emit.reuse import made
from builder.emit.urls import Urls
from builder.pipeline import build, texts
from builder.pipeline.stores import TEXTS
from builder.search import index, records


def _by_id(documents) -> list:
    return sorted(documents, key=lambda doc: doc.id)


def _everything(result) -> tuple:
    archive = result.archive
    return (page_texts(result), {path: made(data) for path, data in result.files.items()},
            [(d.severity, d.path, d.line, d.code, d.message) for d in archive.diagnostics])


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(REPO_CONTENT, folder)
    return folder


@pytest.fixture(scope="module")
def fresh():
    """The demo built without a store: its documents hold their paragraphs."""
    return build(REPO_CONTENT, Site("Demo"))


def test_the_model_holds_no_paragraph_and_the_store_holds_each_document_s(content, tmp_path, fresh):
    cache = tmp_path / "cache"
    kept = build(content, Site("Demo"), cache_dir=cache)
    assert kept.texts is not None and kept.texts.name == TEXTS
    assert [doc.paragraphs for doc in kept.archive.documents] == [None] * len(fresh.archive.documents)
    with texts.reading(kept.texts) as with_text:
        whole = with_text(_by_id(kept.archive.documents))
    assert [(doc.id, doc.paragraphs) for doc in whole] == [(doc.id, doc.paragraphs) for doc in _by_id(fresh.archive.documents)]
    assert all(doc.paragraphs is None for doc in kept.archive.documents)  # copies were made whole, not the model's
    assert [doc.word_count for doc in whole] == [doc.word_count for doc in _by_id(fresh.archive.documents)]
    assert _everything(kept) == _everything(fresh)
    again = build(content, Site("Demo"), cache_dir=cache)
    assert again.reused == len(fresh.archive.documents)
    assert _everything(again) == _everything(fresh)


def test_a_result_whose_paragraphs_the_store_lost_is_worked_out_again(content, tmp_path, fresh):
    cache = tmp_path / "cache"
    build(content, Site("Demo"), cache_dir=cache)
    first = _by_id(fresh.archive.documents)[0].id
    kept = build(content, Site("Demo"), cache_dir=cache).texts
    with sqlite3.connect(cache / f"{TEXTS}.sqlite") as db:
        db.execute("DELETE FROM kept WHERE key = ?", (kept.keys[first],))
    again = build(content, Site("Demo"), cache_dir=cache)
    assert (again.computed, again.reused) == (1, len(fresh.archive.documents) - 1)
    assert _everything(again) == _everything(fresh)
    (cache / f"{TEXTS}.sqlite").unlink()  # the whole file removed: every document worked out again
    again = build(content, Site("Demo"), cache_dir=cache)
    assert again.computed == len(fresh.archive.documents)
    assert _everything(again) == _everything(fresh)


def test_paragraphs_gone_while_a_build_needs_them_stop_it_with_what_to_do(tmp_path, fresh):
    docs = _by_id(fresh.archive.documents)
    cache = result_store.Cache(tmp_path, TEXTS)
    try:
        cache.put_many([("k0", result_store.dumps(docs[0].paragraphs))])
        apart = []
        for doc in docs[:2]:
            one = _copy_without_paragraphs(doc)
            apart.append(one)
        whole = texts.whole(cache, {docs[0].id: "k0", docs[1].id: "k1"}, [apart[0], docs[2]])
        assert [doc.paragraphs for doc in whole] == [docs[0].paragraphs, docs[2].paragraphs]
        assert whole[1] is docs[2]  # a document holding its paragraphs is given as it is
        with pytest.raises(texts.TextLost) as lost:
            texts.whole(cache, {docs[0].id: "k0", docs[1].id: "k1"}, apart)
        assert str(lost.value) == (
            f"the result store no longer holds the text of 1 document(s) ({docs[1].id}): was build/cache removed, "
            "or used by another build, during this one? Build again.")
    finally:
        cache.close()


def _copy_without_paragraphs(doc):
    import copy

    one = copy.copy(doc)
    one.paragraphs = None
    return one


def test_the_search_records_are_made_from_the_paragraphs_read_back_a_few_at_a_time(content, tmp_path, fresh, monkeypatch):
    """The search index's records of the documents whose fragment is written (a build from
    scratch: every one) come from the documents made whole, here two at a time: each fragment
    is the one made from the document as a build without a store holds it."""
    from builder.bridge import search

    kept = build(content, Site("Demo"), cache_dir=tmp_path / "cache")
    monkeypatch.setattr(texts, "READ_AT_ONCE", 2)
    asked: list[int] = []
    whole = texts.whole
    monkeypatch.setattr(texts, "whole", lambda cache, keys, docs: asked.append(len(docs)) or whole(cache, keys, docs))
    rest = search.from_model(kept, Urls())
    assert asked == [0, 2, 2, 1]  # (none lacks its words: the first asks for no document)
    for number, doc in enumerate(_by_id(fresh.archive.documents)):
        data, _ = rest.files[index.fragment_path(number)]
        assert data == index.fragment(number, records.document(doc, Urls()))


def test_copies_are_found_from_the_paragraphs_read_back(content, tmp_path):
    """A near copy of a demo source (one word changed) is found by a build with a store, which
    reads the texts it compares from the store, as by one without; and again after the copy is
    edited (what finding copies reads of a changed document is read from its paragraphs)."""
    source = sorted((content / "sources").glob("*.txt"))[0]
    text = source.read_text(encoding="utf-8")
    middle = len(text) // 2
    word = next(w for w in text[middle:].split()[1:] if w.isalpha() and len(w) > 5)  # (in the body)
    copy = content / "sources" / "z-near-copy.txt"
    copy.write_text(text[:middle] + text[middle:].replace(word, "Changed", 1), encoding="utf-8")
    cache = tmp_path / "cache"

    def copies(result) -> list:
        return [(d.path, d.code, d.message) for d in result.archive.diagnostics if d.code.startswith("duplicate")]

    found = copies(build(content, Site("Demo"), cache_dir=cache))
    assert found and found == copies(build(content, Site("Demo")))
    assert [d[:2] for d in found] == [("sources/z-near-copy.txt", "duplicate-near")]
    assert "% of their words alike" in found[0][2] and "(100%" not in found[0][2]
    copy.write_text(text[:middle] + text[middle:].replace(word, "Edited", 1), encoding="utf-8")
    assert copies(build(content, Site("Demo"), cache_dir=cache)) == copies(build(content, Site("Demo")))
