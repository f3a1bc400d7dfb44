"""A page's digest (the bridge keys each generated page on it, bridge.rendered) is made once,
where the page is first pickled, and read back with it: a build that takes its pages from the
result store does not hash them again."""

from __future__ import annotations

import hashlib
import pickle

from builder.emit import frontmatter
from builder.emit.document_foot import ended, footed
from builder.emit.frontmatter import page


def _made():
    return page({"title": "Café · menu", "authors": ["A. B."]}, "# Café · menu\n\nText.")


def test_a_page_read_back_has_the_digest_of_the_page_made():
    made = _made()
    back = pickle.loads(pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
    assert back.digest() == made.digest() == hashlib.sha256(
        pickle.dumps((made.front, made.body), protocol=pickle.HIGHEST_PROTOCOL)).digest()
    assert back == made and back.read() == (made.front, made.body)
    assert back.digest() != page({"title": "Café · menu"}, "# Café · menu\n\nOther text.").digest()


def test_the_digest_of_a_page_read_back_is_read_not_made(monkeypatch):
    kept = pickle.dumps([_made(), footed(_made(), "<p>Foot</p>")], protocol=pickle.HIGHEST_PROTOCOL)
    expected = [p.digest() for p in pickle.loads(kept)]
    hashed = []
    real = hashlib.sha256
    monkeypatch.setattr(frontmatter.hashlib, "sha256", lambda *data: hashed.append(data) or real(*data))
    plain, with_foot = pickle.loads(kept)
    assert plain.digest() == expected[0] and hashed == []  # read with the page
    assert with_foot.digest() == expected[1]  # (the foot's own hash, on the page's read)
    assert plain.front == _made().front and plain.digest() == expected[0]  # decoded: the same page


def test_a_footed_page_read_back_is_the_page_and_its_foot():
    back = pickle.loads(pickle.dumps(ended(footed(_made(), "<p>Foot</p>"), "<p>Related</p>")))
    front, body = back.read()
    assert front == _made().front and body == _made().body + "\n<p>Foot</p>\n\n<p>Related</p>\n"
    assert back.digest() == ended(footed(_made(), "<p>Foot</p>"), "<p>Related</p>").digest()
