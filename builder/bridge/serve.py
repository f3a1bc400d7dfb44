"""`archive serve`: MkDocs' live-reloading server over the archive."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from mkdocs.commands.serve import serve as mkdocs_serve

from builder.bridge.plugin import CONTENT_ENV


def serve_options(content: Path, empty: Path) -> dict[str, str]:
    """What `archive serve --content DIR` hands MkDocs: docs_dir is DIR/pages, the pages that
    the plugin checks, as `archive build` does (``empty``, an empty folder, when DIR has no
    pages: MkDocs needs a docs folder, an archive need not have hand-written pages)."""
    pages = content / "pages"
    return {"docs_dir": str((pages if pages.is_dir() else empty).resolve())}


def serve(config_file: Path, dev_addr: str, content: Path) -> None:
    """Serve the archive in ``content`` on ``dev_addr`` until interrupted, rebuilding on change.
    Raises OSError when the address cannot be used."""
    os.environ[CONTENT_ENV] = str(content.resolve())
    with tempfile.TemporaryDirectory(prefix="archive-pages-") as empty:
        mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True,
                     **serve_options(content, Path(empty)))
