"""The files published as they are (each source's bytes, the page of each original, the feeds,
the exports, the redirects) are written by the bridge (builder/bridge/published.py), not by
MkDocs: a Markdown link to one still works as MkDocs made it, a hand-written file at the path
of one is an error, and a rebuild keeps those that did not change."""

from __future__ import annotations

from bs4 import BeautifulSoup

from builder.bridge.site import build_site
from helpers import failing_build_log, make_tiny_archive, tree_digest

ABOUT = "# About\n\nRead [the Reuters story](sources/nichols-2023.txt) and [the metadata](documents.csv).\n"


def test_a_written_page_links_to_a_published_file_as_mkdocs_would_even_in_strict_mode(tmp_path):
    archive = make_tiny_archive(tmp_path / "archive")
    archive.write({"pages/about.md": ABOUT})
    result = build_site(archive.config, archive.site(), content_dir=archive.content, strict=True)
    assert not [d for d in result.archive.diagnostics if d.severity == "warning"]
    page = BeautifulSoup((archive.site() / "about" / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = {a.get_text(): a["href"] for a in page.select("article a") if a.get_text() in ("the Reuters story", "the metadata")}
    assert links == {"the Reuters story": "../sources/nichols-2023.txt", "the metadata": "../documents.csv"}
    assert (archive.site() / "sources" / "nichols-2023.txt").read_bytes() == (archive.sources / "nichols-2023.txt").read_bytes()
    assert (archive.site() / "documents.csv").is_file()


def test_a_written_file_at_the_path_of_a_published_one_is_an_error(tmp_path, caplog):
    archive = make_tiny_archive(tmp_path / "archive")
    archive.write({"pages/documents.csv": "id\n"})
    log = failing_build_log(caplog, archive.config, archive.site(), archive.content)
    assert f"'documents.csv' (in {archive.content / 'pages'}) has the same path as a file the archive publishes; rename it" in log
    assert not archive.site().exists()


def test_a_rebuild_links_in_the_published_files_that_did_not_change(tmp_path):
    archive = make_tiny_archive(tmp_path / "archive")
    build_site(archive.config, archive.site(), content_dir=archive.content)
    site = archive.site()
    before = {path.relative_to(site): path.stat().st_ino for path in (site / "sources").iterdir()}
    archive.write({"sources/goodenough-2010.yml": "publication: CNSNews.com\ntitle: A corrected title\n"})
    build_site(archive.config, site, content_dir=archive.content)
    after = {path.relative_to(site): path.stat().st_ino for path in (site / "sources").iterdir()}
    assert after.keys() == before.keys()
    changed = {str(path) for path in after if after[path] != before[path]}
    # The corrected document's original page shows its title; its bytes and the other document's files are kept.
    assert changed == {"sources/goodenough-2010.txt.html"}
    clean = make_tiny_archive(tmp_path / "clean")
    clean.write({"sources/goodenough-2010.yml": "publication: CNSNews.com\ntitle: A corrected title\n"})
    build_site(clean.config, clean.site(), content_dir=clean.content)
    assert tree_digest(site) == tree_digest(clean.site())


def test_a_written_file_mkdocs_leaves_out_is_no_clash(tmp_path):
    archive = make_tiny_archive(tmp_path / "archive")
    archive.write({"pages/documents.csv": "not the export\n"})
    with archive.config.open("a", encoding="utf-8") as config:
        config.write("exclude_docs: |\n  documents.csv\n")
    build_site(archive.config, archive.site(), content_dir=archive.content)
    assert (archive.site() / "documents.csv").read_text(encoding="utf-8").startswith("id,")
