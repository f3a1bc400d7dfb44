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
    assert kept.copies_found(archive, _hashes(archive), {}, compared) == duplicates.copies_found(archive)
    assert compared
    rng = random.Random(seed)
    for edited in rng.sample(sorted(texts), 5):  # a document made a near copy of another, or different
        words = texts[rng.choice(sorted(texts))].split()
        words[0] = "edited"
        texts[edited] = rng.choice([" ".join(words), " ".join(rng.sample(WORDS, 20))])
    archive = sketch_documents(_memory(texts))
    made: list = []
    alike = duplicates._alike
    monkeypatch.setattr(duplicates, "_alike", lambda *args: made.append(1) or alike(*args))
    again: dict = {}
    found = kept.copies_found(archive, _hashes(archive), compared, again)
    monkeypatch.undo()
    assert found == duplicates.copies_found(archive)
    assert 0 < len(made) == len(again.keys() - compared.keys()) < len(again)  # only the edited documents' made again
