"""`archive serve`: MkDocs' live-reloading server over the archive.

MkDocs' serve loads mkdocs.yml afresh for every rebuild (so that an edit to it shows), and
hands that configuration straight to the build: unlike `archive build`, the bridge never holds
it to set the archive plugin's content_dir. The content folder served is therefore the one
setting kept in the plugin's module (``plugin.served_content``), for as long as the server runs.
"""

from __future__ import annotations

import tempfile
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands.serve import serve as mkdocs_serve

from builder.bridge import plugin, session
from builder.bridge.rendered import quiet_dirty
from builder.bridge.site import docs_dir_of


def serve_options(content: Path | None, empty: Path) -> dict[str, str]:
    """What `archive serve --content DIR` hands MkDocs: the docs folder `archive build` gives it
    (:func:`builder.bridge.site.docs_dir_of`); nothing without a content folder (mkdocs.yml's own)."""
    return {} if content is None else {"docs_dir": str(docs_dir_of(content, empty).resolve())}


@contextmanager
def serving(content: Path | None):
    """The archive plugin builds ``content`` until the end of the block, whatever mkdocs.yml
    says (None: what it says); what the block's builds keep between them is its session's
    (bridge.session)."""
    before, plugin.served_content = plugin.served_content, None if content is None else content.resolve()
    was, session.current = session.current, session.Session(plugin.served_content)
    try:
        yield
    finally:
        plugin.served_content, session.current = before, was


def serve(config_file: Path, dev_addr: str, content: Path | None) -> None:
    """Serve the archive in ``content`` (None: the one ``config_file`` builds) on ``dev_addr``
    until interrupted, rebuilding on change. Raises OSError when the address cannot be used."""
    with tempfile.TemporaryDirectory(prefix="archive-pages-") as empty, serving(content), quiet_dirty():
        # Dirty: each rebuild renders into the folder served only the pages that changed
        # (see bridge.rendered), and removes those deleted.
        mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True, build_type="dirty",
                     **serve_options(content, Path(empty)))
