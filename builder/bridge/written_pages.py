"""Hand-written pages (the content folder's pages/, MkDocs' docs_dir): published only as
read from inside the archive."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.structure.files import Files

from builder.stages.archive_files import CONTENT_FOLDER, Refused, is_utf8, is_within, read_inside
from builder.stages.pages import OUTSIDE_CODE as PAGE_OUTSIDE
from builder.stages.pages import OUTSIDE_PAGES_CODE as PAGE_OUTSIDE_PAGES
from builder.stages.pages import PAGES
from builder.stages.pages import WHERE as PAGES_FOLDER

log = logging.getLogger("mkdocs.plugins.archive")


def keep_inside(files: Files, config, content_dir: Path, diagnostics) -> None:
    """MkDocs found the hand-written pages itself, following links: each is read here,
    only if it stays inside the pages folder (docs_dir, as the pipeline's stages.pages
    checks it), and MkDocs is handed the bytes read (so it publishes what was checked);
    any other is left out of the site. stages.pages reported those under the content
    folder's pages/ already (``diagnostics``); any other is reported here."""
    reported = {d.path for d in diagnostics if d.code in (PAGE_OUTSIDE, PAGE_OUTSIDE_PAGES)}
    docs = Path(os.path.realpath(config.docs_dir))
    root, where = (docs, PAGES_FOLDER) if is_within(content_dir, docs) else (content_dir, CONTENT_FOLDER)
    for file in [f for f in files if f.src_dir == config.docs_dir and f.abs_src_path is not None]:
        if not is_utf8(file.src_uri):  # no URL can hold its name (stages.pages reported it)
            files.remove(file)
            continue
        name = f"{PAGES}/{file.src_uri}"
        try:
            file.content_bytes = read_inside(root, Path(file.abs_src_path), name, where=where)
        except Refused as refused:
            files.remove(file)
            if not any(name == path or name.startswith(f"{path}/") for path in reported):
                log.warning(f"{file.abs_src_path}: {refused.message}; left out of the site [page-{refused.kind}]")
