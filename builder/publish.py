"""Building the site so that a failed build never replaces a good one.

MkDocs empties ``site_dir`` before it renders; if rendering then fails, the old site
is gone. Here MkDocs builds into a staging folder beside the target, and only a build
that finished is swapped in.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from builder.mkdocs_plugin import CONTENT_ENV


def build_site(config_file: Path, site_dir: Path, *, content_dir: Path | None = None, strict: bool = False) -> None:
    """Build with MkDocs into ``site_dir`` atomically. Raises on failure; ``site_dir`` is then untouched."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-building-", dir=site_dir.parent))
    staging.chmod(0o755)
    previous = os.environ.get(CONTENT_ENV)
    overrides: dict = {"site_dir": str(staging), "strict": strict}
    if content_dir is not None:
        os.environ[CONTENT_ENV] = str(content_dir.resolve())
        pages = content_dir / "pages"
        overrides["docs_dir"] = str(pages.resolve()) if pages.is_dir() else tempfile.mkdtemp(prefix="archive-pages-")
    try:
        config = load_config(str(config_file), **overrides)
        mkdocs_build(config)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if content_dir is not None:
            if previous is None:
                os.environ.pop(CONTENT_ENV, None)
            else:
                os.environ[CONTENT_ENV] = previous
    old = None
    if site_dir.exists():
        old = site_dir.with_name(f".{site_dir.name}-old-{os.getpid()}")
        site_dir.rename(old)
    staging.rename(site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
