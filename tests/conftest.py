"""Fixtures: tiny archives built in tmp_path, and the demo archive built once per session.
The helpers they use, and every other test helper, are in tests/helpers (``from helpers import ...``).

Nothing here writes into the repository (see helpers.archives).
"""

from __future__ import annotations

import signal
from dataclasses import dataclass
from pathlib import Path

import pytest

from browser_support import launched_chromium, require_chromium
from builder.bridge.site import build_site
from helpers import REPO_CONTENT, TinyArchive, make_tiny_archive, write_config


@pytest.fixture(autouse=True)
def sigpipe_restored():
    """`archive`'s main() lets SIGPIPE end the process quietly (`archive ... | head`). Tests call
    main() in this process: left so, a later test writing to a closed pipe (a browser's, say)
    would end the whole test run. The handler is put back after each test."""
    before = signal.getsignal(signal.SIGPIPE)
    yield
    signal.signal(signal.SIGPIPE, before)


@pytest.fixture
def tiny_archive(tmp_path) -> TinyArchive:
    """Two good documents (with sidecars) and an about page; not built yet."""
    return make_tiny_archive(tmp_path / "archive")


@pytest.fixture
def make_archive(tmp_path):
    """Factory: make_archive(sources={...}, sidecars={...}) -> TinyArchive in its own folder."""
    counter = iter(range(1_000))

    def make(sources: dict | None = None, sidecars: dict | None = None, **kwargs) -> TinyArchive:
        return make_tiny_archive(tmp_path / f"archive{next(counter)}", sources, sidecars, **kwargs)

    return make


@pytest.fixture
def build_archive(make_archive):
    """Factory: make the archive and build it; returns (TinyArchive, site path)."""

    def build(sources: dict | None = None, sidecars: dict | None = None, **kwargs):
        archive = make_archive(sources, sidecars, **kwargs)
        return archive, archive.build()

    return build


# --- the demo archive, built once -----------------------------------------------------------

@dataclass
class DemoBuild:
    root: Path
    site: Path
    export: Path
    config: Path


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> DemoBuild:
    """The repository's demo archive (content/, mkdocs.yml) built once into a temporary folder."""
    root = tmp_path_factory.mktemp("demo")
    export = root / "export"
    config = write_config(root / "mkdocs.yml", content_dir=REPO_CONTENT, export_dir=export)
    site = root / "site"
    build_site(config, site, content_dir=REPO_CONTENT)
    return DemoBuild(root, site, export, config)


# --- the browser, for the tests that open pages in Chromium ------------------------------------------------

@pytest.fixture(scope="module")
def chromium_path() -> Path:
    """Debian's Chromium (the module's tests are skipped, or fail in CI, without it)."""
    return require_chromium()


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module."""
    with launched_chromium() as browser:
        yield browser
