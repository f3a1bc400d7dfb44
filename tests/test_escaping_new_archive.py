"""A site laid out by `archive new` is as safe as the project's own (issue 16, "Script injection").

`archive new` writes a mkdocs.yml without the project's overrides, so Material's own base.html
prints the pages' metadata, and prints ``page.meta.author`` and ``page.meta.description`` raw.
The builder's plugin, which every archive has, hands every text value of a generated page's
front matter over escaped; nothing depends on the overrides folder.

The archive here is made by builder.scaffold and filled with hostile values: the review's
reproduction (a byline and a sidecar description), a sidecar's authors, publication and title,
a captured web page, an entity, a topic, and mkdocs.yml's site name, author and description. It
is built as `mkdocs build` and `archive serve` render it, without the link check `archive build`
adds (which refuses a page holding <img src=x>, but not one holding <svg onload>): what is
tested is the escaping itself. tests/test_hostile_browser.py opens it in Chromium once.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from helpers import article, heading_text, page_html, soup_of
from hostile_matrix import MATRIX_HTML_SOURCE, executable, pwn, pwn_markdown, write_matrix_archive
from builder.emit.taxonomy_pages import AUTHORS
from builder.emit import Site
from builder.pipeline import Options, build
from builder.scaffold import scaffold

NEW_SITE_NAME = f"New AT&T {pwn(80)}"
NEW_SITE_AUTHOR = f'Operator "> {pwn(81)}'
NEW_SITE_DESCRIPTION = f'About "> {pwn(82)}'
NEW_BYLINE_AUTHOR = 'Joe"><img src=x onerror=__pwned(83)> Smith'  # the review's reproduction
NEW_DESCRIPTION = 'Sum "><script>__pwned(84)</script>'  # the review's reproduction
NEW_SIDECAR_AUTHOR = f"Sid {pwn(85)}"
NEW_SIDECAR = {"title": f"Sidecar {pwn(86)}", "authors": [NEW_SIDECAR_AUTHOR], "publication": f"Pub {pwn(87)}",
               "description": f"Summary {pwn(88)}", "date": "2011-05-06", "topics": ["evil"]}
NEW_ENTITY = {"id": "zed-quorum", "name": f"Zed Quorum {pwn(89)}", "type": "person", "aliases": ["Zed Quorum"],
              "description": pwn_markdown(90)}
NEW_TOPIC = {"id": "evil", "title": f"Evil topic {pwn(91)}", "description": pwn_markdown(92), "phrases": ["council"]}
STORY = "UNITED NATIONS – The council met on Tuesday and Zed Quorum spoke about the rights of many people.\n\n" \
        "A second paragraph with enough words for the builder to keep the document as a real one.\n"


def write_new_archive(target: Path) -> Path:
    """`archive new` in ``target``, filled with hostile content; returns the archive's folder."""
    scaffold(target, NEW_SITE_NAME)
    config_file = target / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    assert "custom_dir" not in config["theme"]  # Material's own templates, as `archive new` leaves them
    config.update(site_author=NEW_SITE_AUTHOR, site_description=NEW_SITE_DESCRIPTION)
    config_file.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    files = {
        "sources/doc1.txt": f"A headline for the first document\n\nBy {NEW_BYLINE_AUTHOR}\n\n{STORY}",
        "sources/doc1.yml": yaml.safe_dump({"description": NEW_DESCRIPTION}),
        "sources/doc2.txt": f"A plain headline for the second document\n\nBy Plain Writer\n\n{STORY}",
        "sources/doc2.yml": yaml.safe_dump(NEW_SIDECAR, allow_unicode=True, width=1000),
        "sources/captured.html": MATRIX_HTML_SOURCE,
        "entities/zed-quorum.yml": yaml.safe_dump(NEW_ENTITY, allow_unicode=True, width=1000),
        "topics/evil.yml": yaml.safe_dump(NEW_TOPIC, allow_unicode=True, width=1000),
    }
    for rel, text in files.items():
        (target / "content" / rel).write_text(text, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def new_site(tmp_path_factory) -> Path:
    root = write_new_archive(tmp_path_factory.mktemp("new-archive") / "hostile")
    mkdocs_build(load_config(str(root / "mkdocs.yml")))
    return root / "site"


def meta(page_soup: BeautifulSoup, name: str) -> list[str]:
    return [m["content"] for m in page_soup.find_all("meta", attrs={"name": name})]


@pytest.mark.parametrize("name", [NEW_BYLINE_AUTHOR, NEW_SIDECAR_AUTHOR])
def test_author_pages_meta_author_is_the_literal_name(new_site, name):
    """The review: the byline 'By Joe"><img src=x onerror=alert(1)> Smith' gave
    <meta name="author" content="Joe"><img src=x onerror=alert(1)> Smith"> on its author page."""
    page_soup = soup_of(page_html(new_site, AUTHORS.term_page(name)))
    assert meta(page_soup, "author") == [name]
    assert heading_text(article(page_soup).h1) == name
    assert page_soup.title.get_text() == f"{name} - {NEW_SITE_NAME}"


@pytest.mark.parametrize("document, description", [("doc1", NEW_DESCRIPTION), ("doc2", NEW_SIDECAR["description"]),
                                                   ("captured", 'Described ">__pwned(65)')])
def test_document_meta_description_is_the_literal_text(new_site, document, description):
    """The review: a sidecar's description 'Sum "><script>alert(2)</script>' closed the meta tag."""
    assert meta(soup_of(page_html(new_site, f"documents/{document}.md")), "description") == [description]


def test_site_author_and_description_are_text(new_site):
    home = soup_of(new_site / "index.html")
    assert meta(home, "author") == [NEW_SITE_AUTHOR]
    assert meta(home, "description") == [NEW_SITE_DESCRIPTION]
    assert home.title.get_text() == f"{NEW_SITE_NAME} - {NEW_SITE_NAME}"  # the home page is named after the site


def test_no_page_of_the_new_archive_carries_script(new_site):
    pages = sorted(new_site.rglob("*.html"))
    assert len(pages) > 15
    found = {str(p.relative_to(new_site)): bad for p in pages if (bad := executable(p))}
    assert found == {}


def test_the_payloads_reach_the_pages(new_site):
    """Only a test if every payload gets to a page (as text)."""
    text = html.unescape("\n".join(p.read_text(encoding="utf-8") for p in new_site.rglob("*.html")))
    for n in (*range(80, 93), 65):
        assert f"__pwned({n})" in text, n


STEERING = ("template", "hide", "search", "status", "icon", "subtitle", "tags", "location", "social", "comments")
"""Front-matter keys by which MkDocs and Material choose a template, hide parts of a page, index
it, or include a file: only the builder may set them, to its own values."""
BUILDER_VALUES = {"hide": (["toc"], ["navigation", "toc"]), "search": ({"exclude": True},)}


@pytest.mark.parametrize("archive", ["matrix", "new"])
def test_no_value_from_the_content_sets_a_front_matter_key(tmp_path, archive):
    """Every key of every generated page is the builder's own: none comes from a name or text
    of the content, and the keys that steer MkDocs and Material hold the builder's values."""
    if archive == "matrix":
        write_matrix_archive(tmp_path)
        content = tmp_path / "content"
    else:
        content = write_new_archive(tmp_path / "new") / "content"
    pages = build(content, Site("Test"), options=Options(jobs=1)).pages
    assert len(pages) > 15
    for path, made in pages.items():
        front = made.front
        assert all(re.fullmatch(r"[a-z_]+", key) for key in front), (path, list(front))
        for key in STEERING:
            assert key not in front or front[key] in BUILDER_VALUES.get(key, ()), (path, key, front[key])


def test_a_new_archive_has_the_archive_s_own_search(new_site):
    """`archive new` gives no overrides/: the search box, its client and its index come with the
    builder, and the index holds the new archive's documents as text."""
    from helpers.search_index import fragments, index_files

    box = soup_of(new_site / "index.html").select_one("[data-archive-search-index]")
    assert box is not None and box["data-archive-search-index"] == "search-index/"
    assert box.select_one("form[name]") is None and box.select_one("[data-md-component]") is None
    assert (new_site / "assets" / "archive-search" / "search.js").stat().st_size > 20_000
    kinds = {f["k"] for f in fragments(index_files(new_site / "search-index")).values()}
    assert "document" in kinds
