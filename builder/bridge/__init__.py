"""The bridge to MkDocs: the only package that imports mkdocs.

- :mod:`builder.bridge.plugin`: the MkDocs plugin (``archive`` in mkdocs.yml) that runs the
  pipeline and hands MkDocs the generated pages;
- :mod:`builder.bridge.site`: building the site into a staging folder and swapping it in;
- :mod:`builder.bridge.bundle`: the offline bundle (the site built for file://, zipped);
- :mod:`builder.bridge.serve`: ``archive serve``, MkDocs' live-reloading server;
- :mod:`builder.bridge.handover`: the HTML blocks of generated pages, handed past Python-Markdown;
- :mod:`builder.bridge.options`: the plugin's options, and the folders they name kept apart;
- :mod:`builder.bridge.theming` and ``theme/``: the page template, stylesheet and script every
  archive shares, put after the archive's own ``custom_dir`` and before Material's;
- :mod:`builder.bridge.config_file`: which ``mkdocs.yml`` builds a content folder.

The command line catches :class:`SiteError` and never imports mkdocs itself.
"""

from __future__ import annotations

from mkdocs.exceptions import MkDocsException as SiteError

__all__ = ["SiteError"]
