"""numpy, networkx and xml.sax.saxutils (which imports urllib.request, http.client and ssl) are
imported only where they are used: a rebuild after editing one annotation needs none of them.
The sketch made without numpy is the one made with it, byte for byte; the feeds' escaping is
xml.sax.saxutils.escape's."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape as sax_escape

import pytest

from builder.emit.atom import escape
from builder.stages.duplicates import BINS, NUMPY_FROM, sketch, sketch_plain, sketch_documents, words_of
from builder.model import Archive, Document, Paragraph, SourceFile


def _words(n: int, vocabulary: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [f"w{rng.randrange(vocabulary)}" for _ in range(n)]


CASES = [[], ["one"], ["a", "b"], ["a", "b", "a", "b"], ["同", "じ", "文"], "the same words again and again the same".split(),
         *(_words(n, v, seed) for seed, (n, v) in enumerate([(3, 5), (10, 4), (40, 1000), (64, 64), (200, 30), (2000, 5000)]))]


@pytest.mark.parametrize("words", CASES)
def test_sketch_without_numpy_is_the_same(words):
    assert sketch_plain(words) == sketch(words)
    assert len(sketch_plain(words)) in (0, 8 * BINS)


def test_sketch_documents_gives_the_same_sketches_for_few_and_many():
    docs = [Document(f"d{n}", SourceFile(f"sources/d{n}.txt", None, b""),
                     paragraphs=[Paragraph(0, 1, " ".join(_words(300, 800, n)))]) for n in range(NUMPY_FROM + 1)]
    few = sketch_documents(Archive(Path("."), documents=[Document(d.id, d.source, paragraphs=d.paragraphs) for d in docs[:3]]))
    many = sketch_documents(Archive(Path("."), documents=docs))
    assert [d.sketch for d in few.documents] == [d.sketch for d in many.documents[:3]]
    assert all(d.sketch == sketch(words_of(d)) for d in many.documents)


XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@pytest.mark.parametrize("text", ["plain", "a&b<c>\"d'e", "&amp;&lt;", "\x01bad\x0bchars\ufffe", '""<>&&', "é·ü “q”"])
def test_feed_escaping_is_saxutils(text):
    assert escape(text) == sax_escape(XML.sub("", text))
    assert escape(text, quote=True) == sax_escape(XML.sub("", text), {'"': "&quot;"})


def test_building_modules_do_not_import_numpy_networkx_or_ssl():
    code = ("import sys; import builder.bridge.site, builder.pipeline, builder.emit, builder.emit.graph_layout, "
            "builder.stages.duplicates, builder.emit.atom; "
            "print(sorted(m for m in ('numpy', 'networkx', 'ssl', 'xml.sax.saxutils', 'urllib.request') if m in sys.modules))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert found == "[]"
