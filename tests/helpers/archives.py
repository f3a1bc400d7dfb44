"""Tiny archives on disk and the mkdocs.yml they are built with.

Nothing here writes into the repository: content folders and sites go into the tests'
temporary folders, and every mkdocs.yml is a copy of the repository's, written there with
:func:`write_config` (the plugin's ``export_dir`` pointed into that folder or switched off,
every other path made absolute).
"""

from __future__ import annotations

import copy
import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from builder.bridge.site import build_site
from builder.model import Archive
from builder.pipeline import collect

REPO = Path(__file__).resolve().parents[2]
REPO_CONFIG = REPO / "mkdocs.yml"
REPO_CONTENT = REPO / "tests" / "fixtures" / "demo-content"  # a frozen copy of content/: editors change content/, tests stay put


# --- the repository's mkdocs.yml, copied -----------------------------------------------------

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

_repo_config = yaml.load(REPO_CONFIG.read_text(encoding="utf-8"), Loader=ConfigLoader)


def markdown_extensions() -> tuple[list[str], dict]:
    """(names, configs) for python-markdown, exactly as the repository's mkdocs.yml lists them."""
    names, configs = [], {}
    for item in _repo_config["markdown_extensions"]:
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


def set_plugin_option(config: Path, **options) -> None:
    """Add options to the archive plugin of a test mkdocs.yml written by :func:`write_config`.

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


# --- tiny archives on disk -------------------------------------------------------------------

ABOUT = "# About this archive\n\nA tiny archive made by the test suite.\n"

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

# A short report whose passages annotation and quote tests point at ("the council" occurs twice).
REPORT = """\
The council and the report

By Jane Roe

The council met on Monday. Then the council voted on the “new” rules – after a long debate.

After that the council rested. Its members went home to Geneva.

A final paragraph with the closing words of the report.
"""


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    """Write {path relative to root: text (as UTF-8, newlines kept) or bytes (as they are)}."""
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8", newline="\n")


@dataclass
class TinyArchive:
    """An archive folder in tmp_path: root/mkdocs.yml (the repository's, see write_config) and
    root/content, with content/pages/about.md unless made without."""

    root: Path

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

    def site(self, name: str = "site") -> Path:
        return self.root / name

    def write(self, files: dict[str, str | bytes]) -> None:
        """Write ``files`` (paths relative to the content folder), see write_files."""
        write_files(self.content, files)

    def add(self, name: str, data: str | bytes) -> Path:
        """Write one file into content/sources; return its path."""
        self.write({f"sources/{name}": data})
        return self.sources / name

    def collect(self) -> Archive:
        return collect(self.content)

    def build(self, site: str = "site") -> Path:
        """Build with builder.bridge.site.build_site into root/<site>; return the site folder."""
        build_site(self.config, self.site(site), content_dir=self.content)
        return self.site(site)


def tiny_nav(about: bool = True) -> list:
    """The repository's navigation (every generated index must stay reachable from the home page, or the
    build's link check fails), without the About page when the archive has none (the rest of its
    section, the editors' page, stays)."""
    nav = []
    for item in copy.deepcopy(_repo_config["nav"]):
        if about or not isinstance(item, dict):
            nav.append(item)
            continue
        for value in item.values():
            if isinstance(value, list):
                nav.extend(child for child in value if child != "about.md")
            elif value != "about.md":
                nav.append(item)
    return nav


def make_tiny_archive(root: Path, sources: dict | None = None, sidecars: dict | None = None, *,
                      files: dict | None = None, about: bool = True, export: bool = False) -> TinyArchive:
    """A tiny archive in ``root``: ``sources`` and ``sidecars`` ({name: text or bytes}) in
    content/sources, ``files`` ({path relative to the content folder: text or bytes}) anywhere
    in it. Given none of the three, the two good stories (GOOD_SOURCES) with their sidecars
    (GOOD_SIDECARS). ``about``: with content/pages/about.md; ``export``: with a Markdown
    export (root/export)."""
    if sources is None and sidecars is None and files is None:
        sources, sidecars = GOOD_SOURCES, GOOD_SIDECARS
    root.mkdir(parents=True, exist_ok=True)
    archive = TinyArchive(root)
    archive.sources.mkdir(parents=True, exist_ok=True)
    if about:
        archive.write({"pages/about.md": ABOUT})
    archive.write({f"sources/{name}": data for name, data in {**(sources or {}), **(sidecars or {})}.items()})
    archive.write(files or {})
    write_config(archive.config, content_dir=archive.content, export_dir=archive.export_dir if export else "",
                 nav=tiny_nav(about), site_name="Tiny Test Archive")
    return archive


# --- builds --------------------------------------------------------------------------------------

def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden ones too) -> sha256 of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def staging_leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".") and "-building-" in p.name)


def failing_build_log(caplog, config: Path, site: Path, content: Path) -> str:
    """Run build_site, which must raise; return everything MkDocs logged meanwhile."""
    caplog.clear()
    with caplog.at_level(logging.INFO):
        with pytest.raises(BaseException) as info:
            build_site(config, site, content_dir=content)
    assert not isinstance(info.value, (KeyboardInterrupt, AssertionError)), info.value
    return "\n".join(record.getMessage() for record in caplog.records) + "\n" + str(info.value)
