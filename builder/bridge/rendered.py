"""Incremental rendering: MkDocs renders again only the pages whose HTML can change.

A build remembers, in the cache folder, what it wrote into the site (bridge.remembered): for
each generated page and file, a key of everything its bytes depend on, the file's identity on
disk (size, modification time, inode) and what the link check read in it. The next build into the same
site computes each page's key again. A page whose key is unchanged, and whose file in the
site is still the one written (nothing replaced or edited it since), is not read or rendered
by MkDocs (its ``File.is_modified`` says no, MkDocs' own dirty-build mechanism): the file is
linked into the new site (``archive build``, which builds beside the site and swaps), or
left where it is (``archive serve``, which renders in place).

A page's key (:func:`page_key`) covers:
- the site's key (:func:`site_key`):
  - the configuration as MkDocs and its plugins left it (the site folder and the pages folder
    aside, which hold no output's text);
  - every file of the theme's custom folder (``overrides/``) and of the builder's own template
    folders (its theme, bridge.theming, and the search box's); Material's folders are covered
    by its library's version;
  - the builder's code, Python's and every installed library's version;
  - the navigation, which every page shows: each entry's title and address, and what
    Material shows of each page in it (:data:`NAV_META`; for a hand-written page, its text);
  - the paths of the hand-written pages: a generated page's Markdown link to a page is
    written as an address only if that page exists. (A link to a generated page needs no
    more: a generated page changes with the model that decides which pages exist, and a
    link to a page that does not exist fails the build's link check.)
- the page's path and its text (front matter and Markdown).

Hand-written pages are always rendered (they are few, and Material's search indexes them as
it renders them). Warnings logged while a page was made are kept with it and logged again
when it is reused, so that a rebuild warns (and ``--strict`` fails) as a clean build would.
Deleting the cache, or the site, only makes the next build render everything.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import os
import stat
import sys
from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import builder
from builder.bridge import session, theming

NOT_KEYED = frozenset(("config_file_path", "site_dir", "docs_dir", "dev_addr", "watch", "strict",
                       "validation", "remote_branch", "remote_name"))
"""Settings that change no byte of a rendered page: where things are read from and written to,
how warnings are treated."""
OPTIONS_NOT_KEYED = frozenset(("jobs", "executor", "scheduler", "trust_file_status"))
"""The builder's own plugin's options that change no byte of a rendered page: how many
processes, or which cluster, run the per-document stages (bridge.cluster); whether a source
unchanged on disk is read again (stages.read)."""


def identity(path: str | os.PathLike) -> tuple[int, int, int] | None:
    """(size, modification time, inode) of a file, or None if it is not a file."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ino) if stat.S_ISREG(st.st_mode) else None


def _plain(value: Any) -> Any:
    """A value of the configuration as plain, comparable data; raises TypeError for what has
    no stable form (the site's key then changes every build: nothing is reused)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, Mapping):
        return sorted(((str(k), _plain(v)) for k, v in value.items()), key=lambda item: item[0])
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if inspect.ismodule(value):  # a hook (mkdocs.yml's hooks:): its code
        return ["module", value.__name__, _code_of(value)]
    if inspect.isroutine(value) or inspect.isclass(value):  # !!python/name:... (Material's emoji settings)
        module = sys.modules.get(getattr(value, "__module__", "") or "")
        return ["name", getattr(value, "__module__", None), getattr(value, "__qualname__", None), _code_of(module)]
    config = getattr(value, "config", None)
    if isinstance(config, Mapping):  # a plugin: its options, and its code where no version covers it
        module = sys.modules.get(type(value).__module__)
        if type(value).__module__.split(".")[0] == __name__.split(".")[0]:  # the builder's own plugin
            config = {k: v for k, v in config.items() if k not in OPTIONS_NOT_KEYED}
        return [type(value).__module__, type(value).__qualname__, _plain(config), _code_of(module)]
    dirs = getattr(value, "dirs", None)
    if isinstance(value, Mapping) or dirs is not None:  # the theme
        return [_plain(dict(value)), _plain(list(dirs or []))]
    text = repr(value)
    if " at 0x" in text:
        raise TypeError(f"no stable form for {type(value).__qualname__}")
    return [type(value).__qualname__, text]


def _code_of(module) -> str:
    """A hash of a module's source file, if it lies outside the installed libraries (a hook, a
    plugin of the project's own, installed editable): a library's version stands for its code."""
    path = getattr(module, "__file__", None)
    if not path or _installed(path):
        return ""
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return "unreadable"


def _installed(path: str) -> bool:
    parts = os.path.normpath(os.path.abspath(path)).split(os.sep)
    return "site-packages" in parts or "dist-packages" in parts or os.path.abspath(path).startswith(sys.base_prefix)


def site_key(config, written: list[str], nav: str, made: str | None = None) -> str:
    """A hash of everything every generated page depends on (see the module's text):
    ``written`` the paths of the hand-written pages (a generated page's Markdown link to one is
    written as an address only if it exists), ``nav`` the navigation's :func:`nav_key`, ``made``
    :func:`made_with` (asked for here if not given). A new random value if the configuration
    holds something without a stable form."""
    digest = hashlib.sha256()
    try:
        settings = {k: v for k, v in config.items() if k not in NOT_KEYED}
        settings["theme"] = config.theme
        digest.update(repr(_plain(settings)).encode())
    except TypeError:
        digest.update(os.urandom(16))
    for part in (made or made_with(), "\n".join(written), nav):
        digest.update(part.encode())
        digest.update(b"\0")
    # The theme's own folders are covered by its library's version; a custom_dir (overrides/)
    # is read whole, and so are the builder's own template folders, which are no Python code:
    # its theme (bridge.theming: the page template, stylesheet and script) and the search box's.
    if config.theme.custom_dir:
        _add_folder(digest, config.theme.custom_dir)
    package = Path(builder.__file__).parent
    for folder in config.theme.dirs:
        if Path(folder) == theming.FOLDER or Path(folder).is_relative_to(package):
            _add_folder(digest, folder)
    return digest.hexdigest()


def made_with() -> str:
    """A hash of the code every page is made with: the builder's, Python's and every installed
    library's version (part of :func:`site_key`). A site made with other code holds no page a
    build can reuse: none is linked into the new site (bridge.incremental.Reuse)."""
    return hashlib.sha256("\0".join((session.code(), sys.version, *session.libraries())).encode()).hexdigest()


PAGE = "page "
"""How a page's key (:func:`page_key`) begins: what a site's memory says of an output is a page's."""


def _add_folder(digest, folder: str) -> None:
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(root, name)
            digest.update(os.fsencode(os.path.relpath(path, folder)) + b"\0")
            try:
                with open(path, "rb") as handle:
                    digest.update(hashlib.sha256(handle.read()).digest())
            except OSError:
                digest.update(b"unreadable")


NAV_META = ("title", "icon", "subtitle", "status")
"""What Material's navigation and tabs show of a page besides its address: its title, and these
of its metadata (partials/nav-item.html, tabs-item.html)."""


def nav_key(nav, shown_of) -> str:
    """A hash of the navigation as every page shows it: each entry's kind, title and address,
    and for a page what ``shown_of(file)`` says of it (what the navigation shows of its
    metadata, or a hash of its text when that is not known before it is read)."""
    digest = hashlib.sha256()

    def walk(items, depth: int) -> None:
        for item in items:
            title = item.__dict__.get("title")  # given in mkdocs.yml (a page's, else from its text)
            digest.update(repr((depth, type(item).__name__, title, getattr(item, "url", None))).encode())
            file = getattr(item, "file", None)
            if file is not None:
                digest.update(shown_of(file))
            if getattr(item, "children", None):
                walk(item.children, depth + 1)

    walk(nav.items, 0)
    return digest.hexdigest()


def page_key(site: str, src_uri: str, text: bytes) -> str:
    """A hash of everything a generated page's HTML depends on: the site's key, the page's
    path, and ``text``, a hash of its front matter and Markdown."""
    digest = hashlib.sha256(site.encode())
    digest.update(b"\0" + src_uri.encode() + b"\0")
    digest.update(text)
    return PAGE + digest.hexdigest()


def file_key(data: bytes | str) -> str:
    """The key of a generated file copied as it is: its bytes."""
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


class Warnings(logging.Handler):
    """Collects the warnings logged while each page is read and rendered (MkDocs sets the page
    it is working on on the configuration), by the page's path in the site."""

    def __init__(self, config) -> None:
        super().__init__(logging.WARNING)
        self.config = config
        self.by_page: dict[str, list[tuple[str, int, str]]] = {}

    def emit(self, record: logging.LogRecord) -> None:
        page = getattr(self.config, "_current_page", None)
        if page is not None:
            self.by_page.setdefault(page.file.dest_uri, []).append((record.name, record.levelno, record.getMessage()))


def log_again(warnings: tuple[tuple[str, int, str], ...]) -> None:
    """Log a reused page's warnings as they were logged when it was made."""
    for name, level, message in warnings:
        logging.getLogger(name).log(level, message)


BUILD_LOG = "mkdocs.commands.build"
DIRTY_WARNING = "A 'dirty' build is being performed"


class QuietDirty(logging.Filter):
    """MkDocs warns that a dirty build may leave stale navigation and links. The bridge's
    dirty builds do not: every page whose output could change is rendered (see
    this module's text), so the warning is dropped (and does not fail --strict)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)


@contextmanager
def quiet_dirty():
    """MkDocs' dirty-build warning dropped (:class:`QuietDirty`) until the end of the block."""
    quiet = QuietDirty()
    logging.getLogger(BUILD_LOG).addFilter(quiet)
    try:
        yield
    finally:
        logging.getLogger(BUILD_LOG).removeFilter(quiet)
