"""The result store's files use large SQLite pages (store.PAGE_SIZE), a file of earlier code is
written again with them and keeps its values; and what a rebuild reads back from the store
most (each document's Result: its paragraphs, mentions and topics) comes back equal, of the
same types."""

from __future__ import annotations

import pickle
import sqlite3

from builder import store
from builder.model import Assignment, Document, Mention, Paragraph, SourceFile
from builder.pipeline.documents import Result


def test_a_new_cache_has_large_pages_and_an_old_one_is_rewritten_with_its_values(tmp_path):
    fresh = store.Cache(tmp_path / "new")
    assert fresh.db.execute("PRAGMA page_size").fetchone()[0] == store.PAGE_SIZE
    fresh.close()
    old = sqlite3.connect(tmp_path / "documents.sqlite")
    old.execute("PRAGMA page_size = 4096")
    old.execute(f"CREATE TABLE {store.TABLE} (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
    with old:
        old.executemany(f"INSERT INTO {store.TABLE} VALUES (?, ?)",
                        [(f"k{n}", store.dumps("x" * 30_000 + str(n))) for n in range(20)])
    old.close()
    cache = store.Cache(tmp_path)
    assert cache.db.execute("PRAGMA page_size").fetchone()[0] == store.PAGE_SIZE
    assert cache.get_many([f"k{n}" for n in range(20)]) == {f"k{n}": "x" * 30_000 + str(n) for n in range(20)}
    cache.put_many([("new", store.dumps([1, 2]))])
    assert cache.get_many(["new", "k3"]) == {"new": [1, 2], "k3": "x" * 30_000 + "3"}


def test_a_result_read_back_is_equal_and_of_the_same_types():
    doc = Document("d", SourceFile("sources/d.txt", None, b""),
                   paragraphs=[Paragraph(1, 1, "Text · one", "heading"), Paragraph(2, 3, "Two")])
    result = Result(doc, [Mention("d", 1, 0, 4, "e1", "Text"), Mention("d", 2, 0, 3, "e2", "Two", False)],
                    assignments=[Assignment("d", "t", ("because",))])
    back = pickle.loads(store.dumps(result))
    assert back == result
    assert [type(m) for m in back.mentions] == [Mention, Mention] and back.mentions[1].linked is False
    assert type(back.assignments[0]) is Assignment and back.assignments[0].reasons == ("because",)
    assert [type(p) for p in back.document.paragraphs] == [Paragraph, Paragraph]
    assert back.document.paragraphs[0].kind == "heading" and back.document.paragraphs[0].anchor == "p1"
    assert pickle.loads(store.dumps(Result(None))) == Result(None)
