"""The copies found with the comparisons of the last build kept (builder.pipeline.copies_found)
are those builder.stages.duplicates finds; after one document's edit only its comparisons are
made again, and a rebuild reports what a clean build reports."""

from __future__ import annotations

import hashlib
import random

import pytest

from builder.pipeline import copies_found as kept
from builder.stages import duplicates
from builder.stages.duplicates import sketch_documents
from test_duplicates import _memory

WORDS = ("the council met on monday in geneva to hear a report on the people held for years without a trial "
         "and its members asked the government to answer within a month or let the commission visit").split()


def _texts(seed: int, n: int) -> dict[str, str]:
    """Documents of a small vocabulary (many candidates), with near and exact copies planted."""
    rng = random.Random(seed)
    texts = {f"doc-{i:04d}": " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 80))) for i in range(n)}
    ids = sorted(texts)
    for i in range(0, n, 7):
        words = texts[ids[i]].split()
        words[rng.randrange(len(words))] = "changed"
        texts[f"{ids[i]}-near"] = " ".join(words)
    for i in range(3, n, 11):
        texts[f"{ids[i]}-same"] = texts[ids[i]]
    return dict(sorted(texts.items()))


def _hashes(archive) -> dict[str, bytes]:
    return {doc.id: hashlib.sha256("\n".join(p.text for p in doc.paragraphs).encode()).digest()
            for doc in archive.documents}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_kept_comparisons_find_what_the_stage_finds_before_and_after_an_edit(seed, monkeypatch):
    texts = _texts(seed, 300)
    archive = sketch_documents(_memory(texts))
    archive.distinct = {sorted(texts)[7]: [sorted(texts)[8]]}
    compared: dict = {}
    first = kept.copies_found(archive, _hashes(archive), {}, compared, _hashes(archive))
    assert first[0] == duplicates.copies_found(archive)
    assert compared and [doc_id for doc_id, _ in first[1]] == sorted(texts)
    rng = random.Random(seed)
    for edited in rng.sample(sorted(texts)[len(texts) // 2:], 5):  # made a near copy of another, or different
        words = texts[rng.choice(sorted(texts))].split()
        words[0] = "edited"
        texts[edited] = rng.choice([" ".join(words), " ".join(rng.sample(WORDS, 20))])
    archive = sketch_documents(_memory(texts))
    made: list = []
    alike = duplicates._alike
    monkeypatch.setattr(duplicates, "_alike", lambda *args: made.append(1) or alike(*args))
    again: dict = {}
    found, _ = kept.copies_found(archive, _hashes(archive), compared, again)
    monkeypatch.undo()
    assert found == duplicates.copies_found(archive)
    assert 0 < len(made) == len(again.keys() - compared.keys()) < len(again)  # only the edited documents' made again
    # With the last finding's order and copies: the documents before the first edited one are not compared.
    made.clear()
    monkeypatch.setattr(duplicates, "_alike", lambda *args: made.append(1) or alike(*args))
    assert kept.copies_found(archive, _hashes(archive), {}, {}, _hashes(archive), first[::-1])[0] == found
    monkeypatch.undo()
    assert len(made) < len(again)


def test_a_document_moved_in_the_order_finds_what_the_stage_finds(monkeypatch):
    """A document whose date changes moves in the order the finding takes them: the documents
    before the first new, moved or changed one are as the last finding found them."""
    texts = _texts(4, 200)
    archive = sketch_documents(_memory(texts))

    def reads():  # (what the finding reads of each: its date and its text)
        return {doc.id: hashlib.sha256(f"{doc.id} {doc.metadata.date}".encode()).digest() + h
                for doc, h in zip(archive.documents, _hashes(archive).values())}

    first = kept.copies_found(archive, _hashes(archive), {}, {}, reads())
    ids = sorted(texts)
    for moved, date in ((ids[150], "1990-01-01"), (ids[3], "2030-01-01")):
        for doc in archive.documents:
            if doc.id == moved:
                doc.metadata.date = date
        found = kept.copies_found(archive, _hashes(archive), {}, {}, reads(), first[::-1])
        assert found[0] == duplicates.copies_found(archive)
        first = found
