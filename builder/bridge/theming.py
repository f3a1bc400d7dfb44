"""What every archive's site shares, brought by the builder's package (``theme/``): the page
template, its stylesheet and its script. Nothing of it is copied into an archive, so an
archive gets their fixes when the builder is upgraded.

- ``theme/archive.html`` is the page template (citation meta, JSON-LD, the feeds' links);
  ``theme/main.html`` only extends it.
- ``theme/assets/`` holds the stylesheet and the script. MkDocs copies a theme folder's files
  (other than templates) into the site; the plugin lists them on every page.

The folder is put among the theme's template folders after the archive's own (``custom_dir``,
its ``overrides/``) and before Material's: a file of the archive's own of the same name wins
(its ``main.html`` can extend ``archive.html`` to keep the builder's blocks). A change here
renders every page again (bridge.rendered hashes the builder's template folders).
"""

from __future__ import annotations

import os
import sysconfig
from pathlib import Path

import material
from jinja2 import BytecodeCache, FileSystemBytecodeCache, FileSystemLoader

from builder import stamps
from builder.bridge.options import follow_system_scheme

FOLDER = Path(__file__).resolve().parent / "theme"
PACKAGE = FOLDER.parent.parent
"""The builder's package."""
MATERIAL = Path(material.__file__).resolve().parent / "templates"
"""Material's own templates."""
STYLESHEET = "assets/stylesheets/archive.css"
SCRIPT = "assets/javascripts/archive.js"
MORE = ["assets/stylesheets/notes.css", "assets/stylesheets/navigation.css", "assets/stylesheets/entities.css",
        "assets/stylesheets/map.css", "assets/stylesheets/graph.css", "assets/stylesheets/related.css",
        "assets/stylesheets/charts.css", "assets/stylesheets/pager.css", "assets/stylesheets/dark.css", "assets/stylesheets/print.css",
        "assets/javascripts/notes.js", "assets/javascripts/entities.js", "assets/javascripts/graph.js",
        "assets/javascripts/print.js"]
"""More of the theme's files, one per concern (notes: margin notes and copy links; navigation:
breadcrumbs and the editors' footer; entities: entity links, their preview cards, entity pages;
map: the map of places and the places' locator maps; graph: the connections graph and an
entity's neighbourhood; related: the related documents at the end of a document's page;
charts: the SVG charts; dark: the dark scheme's colours; print: printed pages, with print.js
adding the page's address),
listed after archive.css and archive.js in this order."""


def add_templates(config, folder: Path) -> None:
    """Put ``folder`` among the theme's template folders, after the archive's own
    (``custom_dir``) and before the theme's (Material's)."""
    dirs = config.theme.dirs
    custom = config.theme.custom_dir
    at = 1 if custom and dirs and Path(dirs[0]) == Path(custom) else 0
    if str(folder) not in dirs:
        dirs.insert(at, str(folder))


def configure(config) -> None:
    """The builder's theme folder among the theme's, its stylesheet and script first on every
    page (before any the archive lists, so that the archive's own can change what they do);
    the theme's files listed as :class:`ListedTemplates` does."""
    add_templates(config, FOLDER)
    list_once(config.theme)
    follow_system_scheme(config)
    for listed, first in ((config.extra_css, STYLESHEET), (config.extra_javascript, SCRIPT)):
        ours = [first] + [path for path in MORE if path.rsplit(".", 1)[1] == first.rsplit(".", 1)[1]]
        listed[0:0] = [path for path in ours if path not in [str(s) for s in listed]]


class CompiledTemplates(BytecodeCache):
    """The theme's templates, compiled once rather than by every build (about half a second):
    Jinja keeps each under its name and file, with a hash of its source, and compiles it again
    when the source differs. Kept in this process (`archive serve`'s rebuilds, or any process
    that builds more than once, share them) and, given a ``folder`` (the cache's), on disk for
    the next process."""

    held: dict = {}  # (name and file's hash, source's hash) -> code, for this process

    def __init__(self, folder: Path | None) -> None:
        self.files = None
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            self.files = FileSystemBytecodeCache(str(folder))

    def load_bytecode(self, bucket) -> None:
        key = _held_key(bucket)
        code = self.held.get(key)
        if code is None and self.files is not None:
            self.files.load_bytecode(bucket)  # (Jinja's check: its version, Python's, the source's hash)
            code = bucket.code
            if code is not None:
                self.held[key] = code
        bucket.code = code

    def dump_bytecode(self, bucket) -> None:
        self.held[_held_key(bucket)] = bucket.code
        if self.files is not None:
            self.files.dump_bytecode(bucket)


def _held_key(bucket) -> tuple:
    """A template's code in this process is kept under its name and file, its source, and what
    of the environment changes how it compiles (extensions, delimiters, escaping): the same in
    every build MkDocs makes, but a process may make other environments."""
    env = bucket.environment
    return (bucket.key, bucket.checksum, tuple(sorted(env.extensions)), env.block_start_string,
            env.block_end_string, env.variable_start_string, env.variable_end_string, env.comment_start_string,
            env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
            env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized,
            repr(env.autoescape), env.finalize is None)


def list_once(theme) -> None:
    """Give ``theme``'s Jinja environment (MkDocs makes it with ``theme.get_env()`` before it
    lists the theme's files to copy into the site) a :class:`ListedTemplates` loader."""
    made = type(theme).get_env

    def get_env():
        env = made(theme)
        env.loader = ListedTemplates(theme.dirs)
        return env

    theme.get_env = get_env


INSTALLED = tuple(dict.fromkeys(str(Path(sysconfig.get_paths()[name]).resolve()) for name in ("purelib", "platlib")))
"""Where installed libraries are: a theme folder in one of them changes only when a library is
installed or removed there."""


class ListedTemplates(FileSystemLoader):
    """MkDocs' loader of the theme's folders (the same templates), whose list of files, which
    MkDocs walks on every build to copy the theme's files into the site, leaves out what is
    under a folder or file whose name starts with a dot, as MkDocs then does: Material's 14,000
    icons, a quarter of a second of every build. A folder of an installed library (Material's
    templates, MkDocs') is listed once per process, and again when a folder of Python's path
    changes (a library installed or removed); any other (the archive's ``overrides/``, the
    builder's own folders, a theme installed editable) on every build."""

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for folder in self.searchpath:
            if _installed(folder):
                found.update(stamps.asked(f"theme files of {folder}", stamps.path_folders(), lambda: _listed(folder)))
            else:
                found.update(_listed(folder))
        return sorted(found)


def _installed(folder: str) -> bool:
    """Is ``folder`` inside a library's installed files, and not the builder's?"""
    real = Path(folder).resolve()
    return not real.is_relative_to(PACKAGE) and any(real.is_relative_to(place) for place in INSTALLED)


def _listed(folder: str) -> tuple[str, ...]:
    """The files under ``folder`` (by their path in it, with /), but for those under a folder or
    file whose name starts with a dot."""
    found = []
    for path, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        inside = os.path.relpath(path, folder).replace(os.sep, "/")
        found += [name if inside == "." else f"{inside}/{name}" for name in files if not name.startswith(".")]
    return tuple(found)
