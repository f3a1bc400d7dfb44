"""A page's digest (the bridge keys each generated page on it, bridge.rendered) is made once,
where the page is first pickled, and read back with it: a build that takes its pages from the
result store does not hash them again."""

from __future__ import annotations

import hashlib
import pickle

from builder.emit import frontmatter
from builder.emit.document_foot import ended, footed, packed
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
    kept = pickle.dumps([_made(), footed(_made(), packed("<p>Foot</p>"))], protocol=pickle.HIGHEST_PROTOCOL)
    expected = [p.digest() for p in pickle.loads(kept)]
    hashed = []
    real = hashlib.sha256
    monkeypatch.setattr(frontmatter.hashlib, "sha256", lambda *data: hashed.append(data) or real(*data))
    plain, with_foot = pickle.loads(kept)
    assert plain.digest() == expected[0] and hashed == []  # read with the page
    assert with_foot.digest() == expected[1]  # (the foot's own hash, on the page's read)
    assert plain.front == _made().front and plain.digest() == expected[0]  # decoded: the same page


def test_a_footed_page_read_back_is_the_page_and_its_foot():
    back = pickle.loads(pickle.dumps(ended(footed(_made(), packed("<p>Foot</p>")), "<p>Related</p>")))
    front, body = back.read()
    assert front == _made().front and body == _made().body + "\n<p>Foot</p>\n\n<p>Related</p>\n"
    assert back.digest() == ended(footed(_made(), packed("<p>Foot</p>")), "<p>Related</p>").digest()


def test_a_page_is_kept_packed_and_read_back_whole():
    """A page kept pickled (in the result store, in a worker's answer, in memory until MkDocs
    reads it) is its digest, then its pickle packed (builder.packed): repeated markup takes a
    fraction of its bytes, and the page reads back exactly."""
    rows = "".join(f'<li><a href="../documents/doc-{n:05d}/">Report number {n} on the council</a></li>\n'
                   for n in range(400))
    made = page({"title": "Kalo Council", "entity": "kalo-council"}, f"# Kalo Council\n\n<ul>\n{rows}</ul>\n")
    blob = pickle.dumps((made.front, made.body), protocol=pickle.HIGHEST_PROTOCOL)
    kept = pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL)
    assert len(kept) < len(blob) / 4  # packed
    back = pickle.loads(kept)
    assert back._pickled[:frontmatter.DIGEST] == hashlib.sha256(blob).digest() == made.digest()
    assert back.size() == len(blob)  # its size read from the packed frame, nothing decoded
    assert back._pickled is not None and back.read() == (made.front, made.body) and back._pickled is not None
    foot = packed("<div>" + "Cite this page. " * 200 + "</div>")
    assert len(foot) < 400
    with_foot = pickle.loads(pickle.dumps(ended(footed(back, foot), "<p>Related</p>")))
    assert with_foot.read() == (made.front, made.body + "\n<div>" + "Cite this page. " * 200 + "</div>\n\n<p>Related</p>\n")
    assert with_foot.size() == len(blob) + len("<div>" + "Cite this page. " * 200 + "</div>") + len("<p>Related</p>")
