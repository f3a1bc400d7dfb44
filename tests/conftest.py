"""Shared fixtures: tiny archives built in tmp_path, and the demo archive built once per session.

Nothing here writes into the repository: every mkdocs.yml used by the tests is a copy of the
repository's, written into a temporary folder, with the plugin's ``export_dir`` pointed into
that folder (or switched off) and every other path made absolute.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from builder.bridge.site import build_site
from builder.model import Archive, ContentPath, DocId, Document, SourceFile
from builder.stages.clean import clean_documents
from builder.stages.decode import decode_sources
from builder.stages.extract import extract_metadata
from builder.stages.segment import segment_documents

REPO = Path(__file__).resolve().parents[1]
REPO_CONFIG = REPO / "mkdocs.yml"
REPO_CONTENT = REPO / "tests" / "fixtures" / "demo-content"  # a frozen copy of content/: editors change content/, tests stay put



@dataclass(frozen=True)
class _Tagged:
    """A YAML value with a custom tag (MkDocs' ``!ENV [NAME, default]``, ``!relative``), kept as written."""

    tag: str
    value: object
    kind: type


class ConfigLoader(yaml.SafeLoader):
    pass


class _ConfigDumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader, suffix, node):
    if isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    elif isinstance(node, yaml.MappingNode):
        value = loader.construct_mapping(node, deep=True)
    else:
        value = loader.construct_scalar(node)
    return _Tagged("!" + suffix, value, type(node))


def _represent_tagged(dumper, data: _Tagged):
    if data.kind is yaml.SequenceNode:
        return dumper.represent_sequence(data.tag, data.value, flow_style=True)
    if data.kind is yaml.MappingNode:
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


ConfigLoader.add_multi_constructor("!", _construct_tagged)
_ConfigDumper.add_representer(_Tagged, _represent_tagged)

# Markdown extensions exactly as the repository's mkdocs.yml lists them (read, not copied).
_repo_config = yaml.load(REPO_CONFIG.read_text(encoding="utf-8"), Loader=ConfigLoader)
MARKDOWN_EXTENSIONS: list = _repo_config["markdown_extensions"]


def markdown_extensions() -> tuple[list[str], dict]:
    """(names, configs) for python-markdown, from the repository's mkdocs.yml."""
    names, configs = [], {}
    for item in MARKDOWN_EXTENSIONS:
        if isinstance(item, dict):
            (name, options), = item.items()
            names.append(name)
            configs[name] = options or {}
        else:
            names.append(item)
    return names, configs


def write_config(target: Path, *, content_dir: Path, export_dir: Path | str = "",
                 nav: list | None = None, site_name: str | None = None) -> Path:
    """Write a copy of the repository's mkdocs.yml to ``target``.

    Paths become absolute so the copy works from anywhere; ``export_dir`` is '' (no Markdown
    copy) or a folder inside the test's temporary directory; ``nav`` replaces the navigation.
    """
    config = copy.deepcopy(_repo_config)
    config["docs_dir"] = str(content_dir / "pages")
    config["site_dir"] = str(target.parent / "site")
    theme = config.setdefault("theme", {})
    if "custom_dir" in theme:
        theme["custom_dir"] = str(REPO / theme["custom_dir"])
    plugins = []
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "archive" in plugin:
            plugin = {"archive": {**(plugin["archive"] or {}), "content_dir": str(content_dir),
                                  "export_dir": str(export_dir)}}
        plugins.append(plugin)
    config["plugins"] = plugins
    if nav is not None:
        config["nav"] = nav
    if site_name is not None:
        config["site_name"] = site_name
    target.write_text(yaml.dump(config, Dumper=_ConfigDumper, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


def soup_of(path: Path) -> BeautifulSoup:
    """Parse a built HTML file."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page_html(site: Path, page: str) -> Path:
    """The HTML file of a generated page with directory URLs: 'documents/x.md' -> documents/x/index.html."""
    if page == "index.md":
        return site / "index.html"
    assert page.endswith(".md"), page
    return site / page[: -len(".md")] / "index.html"


def article(soup: BeautifulSoup):
    """The page's main content (Material puts it in <article class="md-content__inner">)."""
    node = soup.select_one("article.md-content__inner")
    assert node is not None, "no <article> in the page"
    return node


def heading_text(node) -> str:
    """A heading's text without the toc extension's permalink (¶)."""
    node = copy.copy(node)
    for link in node.select("a.headerlink"):
        link.decompose()
    return node.get_text()


def body_paragraphs(soup: BeautifulSoup) -> list:
    """The document body: paragraphs with the p1, p2 ... anchors, in page order."""
    return [p for p in article(soup).find_all("p") if (p.get("id") or "").startswith("p")
            and p["id"][1:].isdigit()]


def paragraph_text(node) -> str:
    """A body paragraph's text as the source has it: note reference numbers (<sup>) left out."""
    node = copy.copy(node)
    for sup in node.find_all("sup"):
        sup.decompose()
    return node.get_text()


def meta_rows(soup: BeautifulSoup) -> dict:
    """The metadata header of a document page: label -> <dd> element."""
    box = article(soup).select_one("div.archive-meta")
    assert box is not None, "no metadata header"
    return {dt.get_text(): dt.find_next_sibling("dd") for dt in box.find_all("dt")}


def without_editor_mark(dd) -> tuple[str, bool]:
    """(text of a metadata value without the '(editor)' mark, whether the mark is there)."""
    dd = copy.copy(dd)
    marks = dd.select("span.archive-editor-mark")
    for mark in marks:
        mark.decompose()
    return dd.get_text().strip(), bool(marks)


def norm(text: str) -> str:
    """Whitespace runs (including no-break spaces) as one space."""
    return " ".join(text.split())


# --- stage-level helper -----------------------------------------------------------------

FAKE_CONTENT = Path("/nonexistent-content")


def process(raw: bytes | str, name: str = "doc.txt") -> tuple[Archive, Document | None]:
    """Run decode, clean, extract and segment over one in-memory source.

    Returns the archive (for its diagnostics) and the document, or None when it was dropped.
    """
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    archive = Archive(content_dir=FAKE_CONTENT)
    stem = name.rsplit(".", 1)[0]
    archive.documents.append(Document(DocId(stem), SourceFile(ContentPath(f"sources/{name}"),
                                                                FAKE_CONTENT / "sources" / name, data)))
    for stage in (decode_sources, clean_documents, extract_metadata, segment_documents):
        archive = stage(archive)
    return archive, (archive.documents[0] if archive.documents else None)


# --- tiny archives on disk ------------------------------------------------------------------

ABOUT_MD = "# About this archive\n\nA tiny archive made by the test suite.\n"

REUTERS_STORY = """\
China opposes UN Security Council meeting on North Korea rights

By Michelle Nichols

UNITED NATIONS (Reuters) – China opposes a planned United Nations Security Council meeting on human rights abuses in North Korea because it will only “intensify confrontation and antagonism,” a spokesperson for China’s U.N. mission in New York said on Monday.

The United States, Albania and Japan requested the meeting, which will be held on Thursday. It will be the first formal public meeting of the 15-member council on the issue since 2017.

(Reporting by Michelle Nichols; Editing by Richard Chang)

Leave a Comment
"""

CNS_STORY = """\
China Backs Ban Ki-Moon, As Advocacy Groups Criticize His Failure to Address Human Rights

By Patrick Goodenough | November 3, 2010 | 5:54 AM EDT

( – Ban Ki-moon appears to have secured Beijing’s support in his bid for a second term as U.N. secretary-general, amid concerns that he may have done so at the cost of raising human rights issues with China.

Weeks after coming under fire from rights advocates for his muted response to the awarding of this year’s Nobel peace prize to imprisoned Chinese dissident Liu Xiaobo, Ban during a visit to Beijing this week won praise from President Hu Jintao.
"""

GOOD_SOURCES = {
    "nichols-2023.txt": REUTERS_STORY,
    "goodenough-2010.txt": CNS_STORY,
}
GOOD_SIDECARS = {
    "nichols-2023.yml": "date: 2023-08-14\n",
    "goodenough-2010.yml": "publication: CNSNews.com\n",
}


@dataclass
class TinyArchive:
    """An archive folder in tmp_path: mkdocs.yml, content/sources, content/pages/about.md."""

    root: Path
    export: bool = False
    builds: list[Path] = field(default_factory=list)

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def sources(self) -> Path:
        return self.content / "sources"

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def export_dir(self) -> Path:
        return self.root / "export"

    def add(self, name: str, data: str | bytes) -> Path:
        """Write a file into content/sources (text as UTF-8, bytes as they are)."""
        path = self.sources / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8", newline="\n")
        return path

    def build(self, site: str = "site") -> Path:
        """Build with builder.bridge.site.build_site into root/<site>; return the site folder."""
        site_dir = self.root / site
        build_site(self.config, site_dir, content_dir=self.content)
        self.builds.append(site_dir)
        return site_dir


def tiny_nav(about: bool = True) -> list:
    """The repository's navigation (every generated index must stay reachable from the home page, or the
    build's link check fails), without the About page when the archive has none."""
    return [item for item in copy.deepcopy(_repo_config["nav"])
            if about or not (isinstance(item, dict) and "about.md" in item.values())]


def make_tiny_archive(root: Path, sources: dict | None = None, sidecars: dict | None = None, *,
                      about: bool = True, export: bool = False) -> TinyArchive:
    root.mkdir(parents=True, exist_ok=True)
    archive = TinyArchive(root, export=export)
    archive.sources.mkdir(parents=True, exist_ok=True)
    if about:
        (archive.content / "pages").mkdir(parents=True, exist_ok=True)
        (archive.content / "pages" / "about.md").write_text(ABOUT_MD, encoding="utf-8")
    for name, data in (GOOD_SOURCES if sources is None else sources).items():
        archive.add(name, data)
    for name, data in (GOOD_SIDECARS if sidecars is None else sidecars).items():
        archive.add(name, data)
    write_config(archive.config, content_dir=archive.content,
                 export_dir=archive.export_dir if export else "",
                 nav=tiny_nav(about), site_name="Tiny Test Archive")
    return archive


@pytest.fixture
def tiny_archive(tmp_path) -> TinyArchive:
    """Two good documents (with sidecars) and an about page; not built yet."""
    return make_tiny_archive(tmp_path / "archive")


@pytest.fixture
def make_archive(tmp_path):
    """Factory: make_archive(sources={...}, sidecars={...}) -> TinyArchive in its own folder."""
    counter = iter(range(1_000))

    def make(sources: dict | None = None, sidecars: dict | None = None, **kwargs) -> TinyArchive:
        return make_tiny_archive(tmp_path / f"archive{next(counter)}", sources, sidecars, **kwargs)

    return make


@pytest.fixture
def build_archive(make_archive):
    """Factory: make the archive and build it; returns (TinyArchive, site path)."""

    def build(sources: dict | None = None, sidecars: dict | None = None, **kwargs):
        archive = make_archive(sources, sidecars, **kwargs)
        return archive, archive.build()

    return build


# --- the demo archive, built once -----------------------------------------------------------

@dataclass
class DemoBuild:
    root: Path
    site: Path
    export: Path
    config: Path


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> DemoBuild:
    """The repository's demo archive (content/, mkdocs.yml) built once into a temporary folder."""
    root = tmp_path_factory.mktemp("demo")
    export = root / "export"
    config = write_config(root / "mkdocs.yml", content_dir=REPO_CONTENT, export_dir=export)
    site = root / "site"
    build_site(config, site, content_dir=REPO_CONTENT)
    return DemoBuild(root, site, export, config)
