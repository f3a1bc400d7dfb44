"""emit.reuse keeps the pages made from many documents as the store holds them (pickled), and
lets each page made go as soon as its stored copy is made: the pages as made and as stored
are never all in memory at once (a build from scratch makes thousands at a time)."""

from __future__ import annotations

import weakref

from builder.emit.frontmatter import Page
from builder.emit.reuse import Groups, Reuse
from builder.store import Cache


def _reuse(tmp_path) -> Reuse:
    return Reuse(Cache(tmp_path, "pages"), {"doc": "ab" * 32}, "fingerprint")


def test_keep_lets_each_page_made_go_once_its_stored_copy_is_made(tmp_path):
    reuse = _reuse(tmp_path)
    made = {f"p{i}": Page({"title": f"Page {i}"}, f"Body {i}\n") for i in range(4)}
    copies = {name: Page({"title": f"Page {i}"}, f"Body {i}\n") for i, name in enumerate(made)}
    gone = {name: weakref.ref(page) for name, page in made.items()}
    keys = {name: reuse.key("page", name) for name in made}
    alive_while_stored = []
    put_many = reuse.store.put_many

    def watched(rows):
        def each():
            for row in rows:
                alive_while_stored.append(sum(ref() is not None for ref in gone.values()))
                yield row
        put_many(each())

    reuse.store.put_many = watched
    kept = reuse.keep(keys, made)
    assert made == {}  # emptied as stored
    assert [ref() for ref in gone.values()] == [None] * 4
    assert alive_while_stored == [3, 2, 1, 0]  # each went before the next was stored
    assert kept == copies and list(kept) == list(copies)
    found, missing = reuse.lookup(keys)
    assert found == copies and missing == []


def test_a_group_made_keeps_its_values_in_the_order_of_its_keys(tmp_path):
    reuse = _reuse(tmp_path)
    groups = Groups(reuse)
    names = ["b", "a", "c"]
    groups.add("letters", {name: reuse.key("letters", name) for name in names},
               lambda todo, done: {name: Page({"title": name}, name + "\n") for name in reversed(todo)})
    values = groups.make()["letters"]
    assert list(values) == names
    assert values == {name: Page({"title": name}, name + "\n") for name in names}
    assert reuse.computed == 3 and reuse.reused == 0
