"""Material's search plugin works on the hand-written pages only (bridge/search.py,
spare_generated_pages): it indexes them, and strips its ``data-search-…`` attributes from them,
as it always has; a generated page, which it never indexes, keeps every word of its source,
even text that reads like one of those attributes (which Material's plugin used to cut out)."""

from __future__ import annotations

import json

from builder.bridge.site import build_site
from helpers import GOOD_SIDECARS, GOOD_SOURCES, make_tiny_archive, page_soup, squash

LOOKALIKE = 'The page markup read data-search-exclude="yes" in the middle.'
ABOUT = """# About this archive

A tiny archive made by the test suite.

<div data-search-exclude="true">A line kept out of search.</div>
"""


def test_material_search_indexes_hand_written_pages_and_leaves_the_generated_ones_whole(tmp_path):
    sources = {**GOOD_SOURCES, "goodenough-2010.txt": GOOD_SOURCES["goodenough-2010.txt"].rstrip() + f"\n\n{LOOKALIKE}\n"}
    archive = make_tiny_archive(tmp_path, sources, GOOD_SIDECARS, files={"pages/about.md": ABOUT})
    build_site(archive.config, archive.site(), content_dir=archive.content)
    site = archive.site()
    document = page_soup(site, "documents/goodenough-2010.md")
    assert LOOKALIKE in [squash(p.get_text()) for p in document.select("article p")]
    about = page_soup(site, "about.md")
    kept_out = about.find(string="A line kept out of search.")
    assert kept_out is not None and kept_out.parent.name == "div" and kept_out.parent.attrs == {}
    entries = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    about_text = " ".join(e["title"] + " " + e["text"] for e in entries if e["location"].startswith("about/"))
    assert "A tiny archive made by the test suite." in about_text
    assert "kept out of search" not in about_text
    assert not any(e["location"].startswith("documents/") for e in entries)
