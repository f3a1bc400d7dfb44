"""Reading a built site: its HTML pages, their parts and their links, and the generated
Markdown's front matter."""

from __future__ import annotations

import copy
import posixpath
import re
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

ENTITY_HREF = re.compile(r"(?:^|/)entities/([a-z0-9]+(?:-[a-z0-9]+)*)/(?:index\.html)?$")
DOCUMENT_HREF = re.compile(r"(?:^|/)documents/([a-z0-9]+(?:-[a-z0-9]+)*)/(?:index\.html)?(?:#(.*))?$")
TOPIC_HREF = re.compile(r"(?:^|/)(?:topics/)?([a-z0-9]+(?:-[a-z0-9]+)*)/(?:index\.html)?$")


def squash(text: str) -> str:
    """Whitespace runs (including no-break spaces) as one space, ends stripped."""
    return " ".join(text.split())


def soup_of(path: Path) -> BeautifulSoup:
    """Parse a built HTML file."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page_html(site: Path, page: str) -> Path:
    """The HTML file of a generated page with directory URLs: 'documents/x.md' ->
    site/documents/x/index.html, 'topics/index.md' -> site/topics/index.html, 'index.md' -> site/index.html."""
    if page == "index.md":
        return site / "index.html"
    if page.endswith("/index.md"):
        return site / page[: -len("index.md")] / "index.html"
    assert page.endswith(".md"), page
    return site / page[: -len(".md")] / "index.html"


def page_soup(site: Path, page: str) -> BeautifulSoup:
    """A generated page ('documents/x.md') of a built site, parsed."""
    return soup_of(page_html(site, page))


def article(soup: BeautifulSoup):
    """The page's main content (Material puts it in <article class="md-content__inner">)."""
    node = soup.select_one("article.md-content__inner")
    assert node is not None, "no <article class='md-content__inner'> in the page"
    return node


def _text_without(node, selector: str) -> str:
    """The node's text, the elements ``selector`` matches left out (the node itself unchanged)."""
    node = copy.copy(node)
    for element in node.select(selector):
        element.decompose()
    return node.get_text()


def heading_text(node) -> str:
    """A heading's text without the toc extension's permalink (¶)."""
    return _text_without(node, "a.headerlink")


def body_paragraphs(soup: BeautifulSoup) -> dict[str, object]:
    """anchor -> paragraph of the document body (.archive-p: <p>, or <h2> for a heading; p.archive-caption) with id pN, in page order."""
    found = {}
    for p in article(soup).select(".archive-p, .archive-caption"):
        anchor = p.get("id", "")
        assert re.fullmatch(r"p\d+", anchor), f"body paragraph without a pN id: {p}"
        found[anchor] = p
    return found


def paragraph_text(node) -> str:
    """A body paragraph's text as the source has it: note reference numbers (<sup>) left out."""
    return _text_without(node, "sup")


def meta_rows(soup: BeautifulSoup) -> dict:
    """The metadata header of a document page: label -> <dd> element."""
    box = article(soup).select_one("div.archive-meta")
    assert box is not None, "no metadata header"
    return {squash(dt.get_text()): dt.find_next_sibling("dd") for dt in box.find_all("dt")}


def without_editor_mark(dd) -> tuple[str, bool]:
    """(text of a metadata value without the '(editor)' mark, whether the mark is there)."""
    dd = copy.copy(dd)
    marks = dd.select("span.archive-editor-mark")
    for mark in marks:
        mark.decompose()
    return dd.get_text().strip(), bool(marks)


def page_url(page: str) -> str:
    """Site-relative directory URL of a page: 'entities/x.md' -> 'entities/x/', 'entities/index.md' -> 'entities/'."""
    if page == "index.md":
        return ""
    if page.endswith("/index.md"):
        return page[: -len("index.md")]
    return page[: -len(".md")] + "/"


def site_target(page: str, href: str) -> str:
    """Where a relative link on ``page`` leads, as a site-relative URL (fragment kept)."""
    path, _, fragment = href.partition("#")
    target = posixpath.normpath(posixpath.join(page_url(page) or ".", path)) if path else page_url(page)
    if path.endswith("/") and not target.endswith("/"):
        target += "/"
    return target + (f"#{fragment}" if fragment else "")


def linked_id(page: str, href: str, folder: str) -> str:
    """The id of the entity/document/topic page a link on ``page`` points to ('' if none)."""
    m = re.fullmatch(rf"{folder}/([a-z0-9]+(?:-[a-z0-9]+)*)/(?:#.*)?", site_target(page, href))
    return m.group(1) if m else ""


def front_matter(path: Path) -> dict:
    """The front matter of a generated Markdown page (the export)."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), path
    head, sep, _ = text[4:].partition("\n---\n")
    assert sep, f"no end of front matter in {path}"
    return yaml.safe_load(head)
