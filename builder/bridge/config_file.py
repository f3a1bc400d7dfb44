"""Which mkdocs.yml builds an archive, when the command is run outside the archive's folder.

`archive build`, `serve` and `bundle` take the configuration given with ``--config``; without
it, the archive's own: the mkdocs.yml beside the content folder (its parent) whose archive
plugin's ``content_dir`` is that folder; else the one in the current folder, as MkDocs does.
When there is none, the message says exactly what to pass.
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


def content_dir_of(config_file: Path) -> Path | None:
    """The content folder ``config_file`` builds (its archive plugin's content_dir, resolved
    from its folder); None if it cannot be read or has no archive plugin."""
    try:
        with open(config_file, "rb") as handle:
            data = yaml_load(handle, get_yaml_loader(config=MkDocsConfig()))
    except (OSError, MkDocsException):
        return None
    plugins = data.get("plugins") if isinstance(data, dict) else None
    items = plugins.items() if isinstance(plugins, dict) else (
        (next(iter(p.items())) if isinstance(p, dict) and len(p) == 1 else (p, None)) for p in plugins or [])
    for name, options in items:
        if name == "archive":
            value = options.get("content_dir", DEFAULT_CONTENT) if isinstance(options, dict) else DEFAULT_CONTENT
            return (config_file.parent / str(value)).resolve() if isinstance(value, (str, os.PathLike)) else None
    return None


def find(content: Path, given: Path | None, here: Path | None = None) -> Found:
    """The configuration that builds ``content``: ``given`` (--config), else the archive's own
    beside ``content``, else the one in ``here`` (the current folder). Raises NoConfig with
    what to pass."""
    if given is not None:
        if not given.is_file():
            raise NoConfig(f"the configuration file {given} does not exist; pass the archive's {NAME} with --config")
        return Found(given, False)
    here = Path.cwd() if here is None else here
    content = (here / content).resolve()
    beside, current = content.parent / NAME, here / NAME
    builds = content_dir_of(beside) if beside.is_file() else None
    if builds == content:
        return Found(beside, not (current.is_file() and current.resolve() == beside))
    if current.is_file():
        return Found(Path(NAME), False)
    if builds is not None:
        why = f"{beside} builds another content folder ({builds})"
        fix = f"--config {beside} to build {content} with it"
    else:
        why = (f"{beside} lists no archive plugin" if beside.is_file() else
               f"there is no {NAME} beside the content folder {content}")
        fix = f"the archive's configuration with --config PATH/{NAME}"
    raise NoConfig(f"{why}, and none is in the current folder ({here.resolve()}); pass {fix}")
