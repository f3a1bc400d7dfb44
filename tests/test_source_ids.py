"""A source's id is the slug of its path without its ending (stages.source_tree.source_id): a
name that is already a slug is taken as it is, and is what slugify would make of it."""

from __future__ import annotations

import posixpath

import pytest

from builder.slugs import MAX_SLUG, slugify
from builder.stages.source_tree import source_id


@pytest.mark.parametrize("path", [
    "doc-00001.txt", "report.txt", "business/001.txt", "a-b-c.html", "9.txt", "x" * MAX_SLUG + ".txt",
    "x" * (MAX_SLUG + 1) + ".txt", "a--b.txt", "-a.txt", "a-.txt", "ABC.txt", "a_b.txt", "Café Society.txt",
    "孔德明.txt", "index.txt", "a.b.txt", "page.html.txt", " a .txt", "a\tb.txt",
])
def test_a_source_id_is_the_slug_of_its_path(path):
    assert source_id(path) == slugify(posixpath.splitext(path)[0])
