"""Which mkdocs.yml builds an archive, when the command is run outside the archive's folder.

`archive build`, `serve` and `bundle` take the configuration given with ``--config`` (and,
without ``--content``, the content folder its archive plugin builds); without it, the
archive's own: the mkdocs.yml beside the content folder (its parent) whose archive plugin's
``content_dir`` is that folder; else the one in the current folder, when it builds that
folder. Without ``--content`` either, the current folder's mkdocs.yml and the content folder
it builds. A configuration that builds another content folder is never used unasked: it
would write its own export and cache for the wrong content. When there is none, or the one
beside the content folder cannot be read, the message says why and exactly what to pass.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

NAME = "mkdocs.yml"
DEFAULT_CONTENT = "content"  # the archive plugin's content_dir when mkdocs.yml gives none (bridge.options)


class NoConfig(MkDocsException):
    """No configuration file builds the content folder; the message says what to pass."""


@dataclass(frozen=True)
class Found:
    path: Path
    beside_content: bool  # the archive's own, found beside the content folder (not the current folder's)
    content: Path | None  # the content folder to build; None: the one the configuration builds (it says what is wrong)


def builds(config_file: Path) -> Path | None:
    """The content folder ``config_file`` builds (its archive plugin's content_dir, resolved
    from its folder); None if it has no archive plugin. Raises NoConfig, naming the file and
    the error, when it cannot be read."""
    try:
        with open(config_file, "rb") as handle:
            data = yaml_load(handle, get_yaml_loader(config=MkDocsConfig()))
    except OSError as exc:
        raise NoConfig(f"{config_file} cannot be read: {exc.strerror}") from None
    except MkDocsException as exc:
        raise NoConfig(f"{config_file} cannot be read: {exc}") from None
    plugins = data.get("plugins") if isinstance(data, dict) else None
    items = plugins.items() if isinstance(plugins, dict) else (
        (next(iter(p.items())) if isinstance(p, dict) and len(p) == 1 else (p, None)) for p in plugins or [])
    for name, options in items:
        if name == "archive":
            value = options.get("content_dir", DEFAULT_CONTENT) if isinstance(options, dict) else DEFAULT_CONTENT
            return (config_file.parent / str(value)).resolve() if isinstance(value, (str, os.PathLike)) else None
    return None


def content_dir_of(config_file: Path) -> Path | None:
    """:func:`builds`, or None when ``config_file`` cannot be read (the build says why)."""
    try:
        return builds(config_file)
    except NoConfig:
        return None


def find(content: Path | None, given: Path | None, here: Path | None = None) -> Found:
    """The configuration that builds ``content`` (--content; None: not given), and the content
    folder to build: ``given`` (--config), else the archive's own beside ``content``, else
    the one in ``here`` (the current folder) if it builds ``content`` (or, ``content`` not
    given, whatever it builds). Raises NoConfig with why and what to pass."""
    if given is not None:
        if not given.is_file():
            raise NoConfig(f"the configuration file {given} does not exist; pass the archive's {NAME} with --config")
        return Found(given, False, content if content is not None else content_dir_of(given))
    here = Path.cwd() if here is None else here
    folder = (here / (DEFAULT_CONTENT if content is None else content)).resolve()
    if content is not None and not folder.is_dir():
        raise NoConfig(f"the content folder {folder} does not exist; pass the archive's content folder with --content")
    beside, current = folder.parent / NAME, here / NAME
    current_is_beside = current.is_file() and current.resolve() == beside
    if beside.is_file():
        try:
            beside_builds = builds(beside)
        except NoConfig as exc:
            raise NoConfig(f"{exc}; correct it, or pass the configuration to use with --config") from None
        if beside_builds == folder:
            return Found(beside, not current_is_beside, folder if content is None else content)
        if content is None:  # beside is the current folder's: build what it builds
            return Found(Path(NAME), False, beside_builds)
    else:
        beside_builds = None
    if beside_builds is not None:
        why = f"{beside} builds another content folder ({beside_builds})"
    else:
        why = (f"{beside} lists no archive plugin" if beside.is_file() else
               f"there is no {NAME} beside the content folder {folder}")
    current_builds = None
    if current_is_beside:
        where = ""
    elif current.is_file():
        current_builds = content_dir_of(current)
        if current_builds == folder:
            return Found(Path(NAME), False, content)
        where = (f", and the one in the current folder ({current.resolve()}) "
                 + (f"builds another content folder ({current_builds})" if current_builds is not None
                    else "cannot be used to build it"))
    else:
        where = f", and none is in the current folder ({here.resolve()})"
    if beside_builds is not None:
        fix = f"--config {beside} to build {folder} with it"
    elif current_builds is not None:
        fix = f"--config {current.resolve()} to build {folder} with it"
    else:
        fix = f"the archive's configuration with --config PATH/{NAME}"
    raise NoConfig(f"{why}{where}; pass {fix}")
