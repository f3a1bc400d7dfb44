"""`archive serve`: MkDocs' live-reloading server over the archive."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from mkdocs.commands.serve import serve as mkdocs_serve

from builder.bridge.plugin import CONTENT_ENV
from builder.bridge.site import docs_dir_of


def serve_options(content: Path, empty: Path) -> dict[str, str]:
    """What `archive serve --content DIR` hands MkDocs: the docs folder `archive build` gives it
    (:func:`builder.bridge.site.docs_dir_of`)."""
    return {"docs_dir": str(docs_dir_of(content, empty).resolve())}


def serve(config_file: Path, dev_addr: str, content: Path) -> None:
    """Serve the archive in ``content`` on ``dev_addr`` until interrupted, rebuilding on change.
    Raises OSError when the address cannot be used."""
    os.environ[CONTENT_ENV] = str(content.resolve())
    with tempfile.TemporaryDirectory(prefix="archive-pages-") as empty:
        mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True,
                     **serve_options(content, Path(empty)))
