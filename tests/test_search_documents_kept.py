"""The documents' part of the search index after an edit to one document: each file of it the
last site holds as it would be made now is linked in (the other documents' fragments, the
postings' files that did not change), only those that changed are written, and the site is a
clean build's."""

from __future__ import annotations

from builder.bridge import search
from test_incremental_render import DOC, EDITS, _same_as_clean, built, pristine  # noqa: F401  (the fixtures)


def _files(folder):
    return {path.relative_to(folder): (path.stat().st_ino, path.read_bytes()) for path in folder.rglob("*.js")}


def test_a_source_edit_writes_only_the_documents_files_that_changed(built, monkeypatch):  # noqa: F811
    folder = built.root / "site" / "search-index"
    before = _files(folder)
    made, records = [], []
    monkeypatch.setattr(search.index, "fragment", lambda number, record, make=search.index.fragment:
                        made.append((record.kind, record.url)) or make(number, record))

    class Counted:  # the records module as the bridge's search sees it, counting the documents' records made
        def __getattr__(self, name, module=search.records):
            return getattr(module, name)

        @staticmethod
        def document(doc, urls, make=search.records.document):
            records.append(doc.id)
            return make(doc, urls)

    monkeypatch.setattr(search, "records", Counted())
    EDITS["source text"](built)
    built.build()
    assert records == [DOC]  # (for its fragment, written again: the others' words and digests were made with their other outputs)
    after = _files(folder)
    assert after.keys() == before.keys()
    documents = {path for path in after if path.parts[0] == "d" or (path.parts[0] == "r" and path.stem.isdigit())}
    same = {path for path in documents if after[path][1] == before[path][1]}
    changed = documents - same
    assert [url for kind, url in made if kind == "document"] == [f"documents/{DOC}/"]  # its fragment alone made again
    assert changed and any(path.parts[0] == "r" for path in same) and any(path.parts[0] == "d" for path in changed)
    assert all(after[path][0] == before[path][0] for path in same)
    assert all(after[path][0] != before[path][0] for path in changed)
    _same_as_clean(built, None)


def test_a_rebuild_with_no_document_changed_makes_none_of_the_documents_part(built, monkeypatch):  # noqa: F811
    monkeypatch.setattr(search, "_documents_part", lambda *args: (_ for _ in ()).throw(AssertionError("made")))
    EDITS["annotation changed"](built)
    built.build()
    monkeypatch.undo()  # (the clean build makes it)
    _same_as_clean(built, None)
