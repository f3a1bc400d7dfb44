"""Records the result store keeps are pickled by hand where that reads back faster
(model.Paragraph as its arguments): every field survives the round trip, so that a field added
to the record cannot be dropped silently by the store."""

from __future__ import annotations

import dataclasses
import pickle

from builder.model import Paragraph


def test_a_paragraph_comes_back_from_its_pickle_with_every_field():
    values = {"index": 7, "line": 41, "text": "A quoted “passage”.", "kind": "quote"}
    assert [field.name for field in dataclasses.fields(Paragraph)] == list(values)  # __reduce__ lists them
    paragraph = Paragraph(**values)
    again = pickle.loads(pickle.dumps(paragraph, protocol=pickle.HIGHEST_PROTOCOL))
    assert dataclasses.asdict(again) == values and again == paragraph and again.anchor == "p7"
