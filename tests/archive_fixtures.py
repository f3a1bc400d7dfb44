"""Helpers shared by test_link, test_entity_pages, test_topics, test_annotations and
test_quote_and_candidates (not a conftest: import what you need).

Nothing here writes into the repository: content folders and sites go into the tests'
temporary folders, and every mkdocs.yml is written with conftest.write_config.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
import hashlib
import posixpath
import logging
import re
import textwrap
from collections import Counter
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from builder.bridge.site import build_site
from builder.model import Archive, ContentPath, DocId, Document, Entity, EntityId, Paragraph, SourceFile
from builder.pipeline import Build, collect
from conftest import write_config

REPO = Path(__file__).resolve().parents[1]
REPO_CONTENT = REPO / "tests" / "fixtures" / "demo-content"  # a frozen copy of content/: editors change content/, tests stay put
GOLD_PATH = REPO / "tests" / "data" / "gold_mentions.yml"

ENTITY_HREF = re.compile(r"(?:^|/)entities/([a-z0-9]+(?:-[a-z0-9]+)*)/(?:index\.html)?$")
DOCUMENT_HREF = re.compile(r"(?:^|/)documents/([a-z0-9]+(?:-[a-z0-9]+)*)/(?:index\.html)?(?:#(.*))?$")
TOPIC_HREF = re.compile(r"(?:^|/)(?:topics/)?([a-z0-9]+(?:-[a-z0-9]+)*)/(?:index\.html)?$")


# --- the demo archive ------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def demo_archive() -> Archive:
    """The repository's content/ collected once per test process. Do not mutate it."""
    return collect(REPO_CONTENT)


@functools.lru_cache(maxsize=1)
def gold() -> dict:
    return yaml.safe_load(GOLD_PATH.read_text(encoding="utf-8"))


def gold_mentions() -> list[tuple[str, str, str, str]]:
    """(doc, paragraph anchor, surface, entity) for every gold mention, in document order."""
    result = []
    for doc_id, record in gold().items():
        for anchor, items in (record.get("mentions") or {}).items():
            for item in items:
                result.append((doc_id, anchor, item["text"], item["entity"]))
    return result


def gold_counts() -> dict[str, tuple[int, int]]:
    """entity id -> (mentions, documents), from the gold file."""
    mentions = Counter(entity for _, _, _, entity in gold_mentions())
    docs = {entity: len({d for d, _, _, e in gold_mentions() if e == entity}) for entity in mentions}
    return {entity: (mentions[entity], docs[entity]) for entity in mentions}


# --- HTML ------------------------------------------------------------------------------------

def soup_at(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_path(site: Path, page: str) -> Path:
    """'documents/x.md' -> site/documents/x/index.html (directory URLs); 'index.md' -> site/index.html."""
    if page == "index.md":
        return site / "index.html"
    if page.endswith("/index.md"):
        return site / page[: -len("index.md")] / "index.html"
    assert page.endswith(".md"), page
    return site / page[: -len(".md")] / "index.html"


def page_soup(site: Path, page: str) -> BeautifulSoup:
    return soup_at(html_path(site, page))


def main_article(soup: BeautifulSoup):
    node = soup.select_one("article.md-content__inner")
    assert node is not None, "no <article class='md-content__inner'> in the page"
    return node


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


def squash(text: str) -> str:
    """Whitespace runs to one space, ends stripped."""
    return " ".join(text.split())


def text_without_note_refs(node) -> str:
    """A body paragraph's text without the note numbers (<sup class="archive-note-ref">)."""
    node = BeautifulSoup(str(node), "html.parser")
    for sup in node.select("sup.archive-note-ref"):
        sup.decompose()
    return node.get_text()


def body_paragraphs(soup: BeautifulSoup) -> dict[str, object]:
    """anchor -> <p> of the document body (p.archive-p and p.archive-caption with id pN)."""
    found = {}
    for p in main_article(soup).select("p.archive-p, p.archive-caption"):
        anchor = p.get("id", "")
        assert re.fullmatch(r"p\d+", anchor), f"body paragraph without a pN id: {p}"
        found[anchor] = p
    return found


def meta_value(soup: BeautifulSoup, label: str):
    """The <dd> after the <dt> with this label in the document header, or None."""
    for dt in main_article(soup).select("div.archive-meta dt"):
        if squash(dt.get_text()) == label:
            return dt.find_next_sibling("dd")
    return None


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), path
    head, sep, _ = text[4:].partition("\n---\n")
    assert sep, f"no end of front matter in {path}"
    return yaml.safe_load(head)


# --- files on disk ---------------------------------------------------------------------------

def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    """Write {path relative to root: text (dedented) or bytes}."""
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data), encoding="utf-8", newline="\n")


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden ones too) -> sha256 of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def staging_leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".") and "-building-" in p.name)


def set_plugin_option(config: Path, **options) -> None:
    """Add options to the archive plugin of a test mkdocs.yml written by conftest.write_config.

    Done on the text (the file may hold MkDocs tags such as !ENV): the archive plugin is the
    only one with an ``export_dir`` option, and the new options go right after it.
    """
    text = config.read_text(encoding="utf-8")
    match = re.search(r"^( +)export_dir:.*$", text, flags=re.M)
    assert match, "no archive plugin with export_dir in " + str(config)
    indent = match.group(1)
    added = "".join(f"\n{indent}{key}: {value}" for key, value in options.items())
    config.write_text(text[:match.end()] + added + text[match.end():], encoding="utf-8")
    assert all(f"{key}: {value}" in config.read_text(encoding="utf-8") for key, value in options.items())


def failing_build_log(caplog, config: Path, site: Path, content: Path) -> str:
    """Run build_site, which must raise; return everything MkDocs logged meanwhile."""
    caplog.clear()
    with caplog.at_level(logging.INFO):
        with pytest.raises(BaseException) as info:
            build_site(config, site, content_dir=content)
    assert not isinstance(info.value, (KeyboardInterrupt, AssertionError)), info.value
    return "\n".join(record.getMessage() for record in caplog.records) + "\n" + str(info.value)


# --- tiny archives on disk -------------------------------------------------------------------

ABOUT = "# About\n\nA tiny archive made by the test suite.\n"


@dataclass
class TinySite:
    """root/mkdocs.yml (the repository's, with its navigation) and root/content."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"

    def write(self, files: dict[str, str | bytes]) -> None:
        write_files(self.content, files)

    def collect(self) -> Archive:
        return collect(self.content)

    def build(self, site: str = "site") -> Build:
        """build_site into root/<site>; returns the Build (archive, pages, files)."""
        return build_site(self.config, self.root / site, content_dir=self.content)

    def site(self, name: str = "site") -> Path:
        return self.root / name


def tiny_site(root: Path, files: dict[str, str | bytes], **plugin_options) -> TinySite:
    """A tiny archive: ``files`` relative to the content folder, plus pages/about.md."""
    root.mkdir(parents=True, exist_ok=True)
    site = TinySite(root)
    site.write({"pages/about.md": ABOUT, **files})
    (site.content / "sources").mkdir(exist_ok=True)
    write_config(site.config, content_dir=site.content, export_dir="", site_name="Tiny Test Archive")
    if plugin_options:
        set_plugin_option(site.config, **plugin_options)
    return site


# --- in-memory archives for the linker -------------------------------------------------------

def entity(entity_id: str, name: str, type: str = "person", **kwargs) -> Entity:
    kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in kwargs.items()}
    return Entity(EntityId(entity_id), name, type, ContentPath(f"entities/{entity_id}.yml"), **kwargs)


def memory_archive(documents: dict[str, list[str]], entities: list[Entity]) -> Archive:
    """An archive whose documents are given as paragraphs (paragraph i is on line 10*i)."""
    archive = Archive(content_dir=Path("/nonexistent-content"))
    for doc_id, paragraphs in documents.items():
        source = SourceFile(ContentPath(f"sources/{doc_id}.txt"), Path(f"/nonexistent-content/sources/{doc_id}.txt"), b"")
        doc = Document(DocId(doc_id), source)
        doc.paragraphs = [Paragraph(i, 10 * i, text) for i, text in enumerate(paragraphs, start=1)]
        archive.documents.append(doc)
    for item in entities:
        archive.entities[item.id] = item
    return archive


# A short report whose passages annotation and quote tests point at ("the council" occurs twice).
REPORT = """\
The council and the report

By Jane Roe

The council met on Monday. Then the council voted on the “new” rules – after a long debate.

After that the council rested. Its members went home to Geneva.

A final paragraph with the closing words of the report.
"""
