"""Fixtures: tiny archives built in tmp_path, and the demo archive built once per session.
The helpers they use, and every other test helper, are in tests/helpers (``from helpers import ...``).

Nothing here writes into the repository (see helpers.archives).
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from browser_support import (BUNDLE_FOLDER, BUNDLE_ZIP, REPO_CONFIG, Variant, launched_chromium, require_chromium,
                             serve, unzip)
from builder.bridge.bundle import make_bundle
from builder.bridge.site import build_site
from builder.emit import pager
from helpers import REPO, REPO_CONTENT, TinyArchive, make_tiny_archive, write_config

# MkDocs dates the sitemap with the build's day: two builds a test compares, one each side of
# midnight, differed there. Every build of the tests (and every process they start) takes one
# day; a test may set another.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")


IN_MEMORY = Path("/dev/shm")
"""Where the tests' temporary folders go when the machine has room (:func:`pytest_configure`)."""

PREFIX = "archive-tests-"
"""How the name of each run's folder in :data:`IN_MEMORY` begins."""
_IN_MEMORY = pytest.StashKey[Path]()

ROOM = 8 << 30
"""The memory, free in :data:`IN_MEMORY` and available to the system, that the tests' folders need
(a whole run writes about 3 GB; each is removed when it ends)."""


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    """The tests' temporary folders (tmp_path, and every TMPDIR of the processes they start) in
    memory when there is room: the suite writes thousands of small sites and caches, and on this
    machine's disk the file system's own work (sys time) made a module of builds take 60 s that
    takes 35 s in memory. What is tested is the same: every folder a test compares is in one file
    system, as on disk. `--basetemp DIR` or ARCHIVE_TESTS_ON_DISK=1 keeps them where asked; each
    test process started by xdist takes its folder from this one, and a pytest a test starts
    uses the TMPDIR it is given. The folder is removed when the run passes; a run that fails
    leaves it (its path is printed) until the next run starts, which removes every such folder
    whose run is over (its process gone), however it ended."""
    if (hasattr(config, "workerinput") or config.option.basetemp or os.environ.get("ARCHIVE_TESTS_ON_DISK")
            or os.environ.get("TMPDIR", "").startswith(f"{IN_MEMORY}/{PREFIX}")):
        return
    try:
        _remove_runs_over()
        room = os.statvfs(IN_MEMORY)
        if room.f_flag & os.ST_NOEXEC or min(room.f_bavail * room.f_frsize, available_memory()) < ROOM:
            return
        folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=IN_MEMORY))
        (folder / "pid").write_text(str(os.getpid()), encoding="ascii")
    except OSError:
        return
    config.option.basetemp = str(folder / "pytest")
    os.environ["TMPDIR"] = str(folder)
    tempfile.tempdir = None  # (asked again: TMPDIR)
    config.stash[_IN_MEMORY] = folder


def pytest_sessionfinish(session, exitstatus):
    folder = session.config.stash.get(_IN_MEMORY, None)
    if folder is None:
        return
    if exitstatus == 0:
        shutil.rmtree(folder, ignore_errors=True)
    else:
        session.config.get_terminal_writer().line(f"the tests' temporary folders are kept in {folder} "
                                                  f"(in memory: the next run removes them)")


def _remove_runs_over() -> None:
    """Remove the folders of earlier runs in :data:`IN_MEMORY` whose process is gone."""
    for folder in IN_MEMORY.glob(f"{PREFIX}*"):
        try:
            pid = int((folder / "pid").read_text(encoding="ascii"))
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (OSError, ValueError):
            continue


def available_memory() -> int:
    """Bytes the system says it can give without swapping (0 when it does not say)."""
    try:
        for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


SIGPIPE_AT_START = signal.getsignal(signal.SIGPIPE)
"""Python's own handling of SIGPIPE (ignored: a write to a closed pipe raises BrokenPipeError)."""


@pytest.fixture(autouse=True)
def sigpipe_restored():
    """`archive` run as a command lets SIGPIPE end the process quietly (`archive ... | head`);
    main() called with arguments, as the tests call it, does not. Should anything in a test
    process set it so, a later test writing to a closed pipe (a browser's, a killed child's)
    would end the test process: "node down", and the run hangs. Each test starts and ends with
    the handler the process started with (a module's fixture that ran main() before a test's
    own fixtures set up once left it changed for the rest of the run)."""
    signal.signal(signal.SIGPIPE, SIGPIPE_AT_START)
    yield
    signal.signal(signal.SIGPIPE, SIGPIPE_AT_START)


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

@pytest.fixture(scope="session")
def browser_demo_site(tmp_path_factory) -> Path:
    """The demo archive built once a session (hosted variant) for the browser tests, which
    only read it (test_browser.served_site serves it)."""
    site = tmp_path_factory.mktemp("browser-demo") / "site"
    build_site(REPO_CONFIG, site, content_dir=REPO_CONTENT)
    return site.resolve()


@pytest.fixture(scope="session")
def bundle_zip(tmp_path_factory) -> Path:
    """The demo's offline bundle, made once a session."""
    out = tmp_path_factory.mktemp("browser-bundle")
    result = make_bundle(REPO_CONFIG, out, content_dir=REPO_CONTENT)
    assert result.path == out / BUNDLE_ZIP
    return result.path


@pytest.fixture(scope="session")
def browser_bundle_folder(tmp_path_factory, bundle_zip) -> Path:
    """The demo's offline bundle unzipped once a session (test_browser.bundle_site opens it)."""
    folder = unzip(bundle_zip, tmp_path_factory.mktemp("browser-unzipped")) / BUNDLE_FOLDER
    assert (folder / "index.html").is_file()
    return folder.resolve()


SMALL_PAGES = 2
"""Documents a page lists in :func:`small_pages_demo` (emit.pager.PAGE_SIZE, patched)."""


@dataclass(frozen=True)
class SmallPages:
    site: Path  # the hosted site
    bundle: Path  # the offline bundle, unzipped
    size: int = SMALL_PAGES


@pytest.fixture(scope="session")
def small_pages_demo(tmp_path_factory) -> SmallPages:
    """The demo built with its lists in pages of :data:`SMALL_PAGES`, hosted and as the offline
    bundle, once a session for the browser modules that page through long lists. In a folder of
    its own with its own cache, so pages made at that size never reach the repository's cache."""
    root = tmp_path_factory.mktemp("small-pages")
    shutil.copytree(REPO / "overrides", root / "overrides")
    config = write_config(root / "mkdocs.yml", content_dir=REPO_CONTENT)
    config.write_text(config.read_text(encoding="utf-8").replace(str(REPO / "overrides"), str(root / "overrides")),
                      encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pager, "PAGE_SIZE", SMALL_PAGES)
        build_site(config, root / "site", content_dir=REPO_CONTENT)
        bundle = make_bundle(config, root / "bundle", content_dir=REPO_CONTENT)
    folder = [p for p in unzip(bundle.path, root / "unzipped").iterdir() if p.is_dir()][0].resolve()
    return SmallPages((root / "site").resolve(), folder)


@pytest.fixture(scope="module")
def small_pages_served(small_pages_demo, chromium_path):
    """:func:`small_pages_demo`'s site, served on loopback while the module runs."""
    with serve(small_pages_demo.site) as base:
        yield Variant("served", base, small_pages_demo.site, directory_urls=True)


@pytest.fixture(scope="module")
def small_pages_bundled(small_pages_demo, chromium_path) -> Variant:
    """:func:`small_pages_demo`'s offline bundle, opened from file://."""
    folder = small_pages_demo.bundle
    return Variant("bundle", folder.as_uri() + "/", folder, directory_urls=False)


@pytest.fixture(params=["small_pages_served", "small_pages_bundled"])
def small_pages_variant(request) -> Variant:
    """Each of the two ways a reader opens :func:`small_pages_demo`."""
    return request.getfixturevalue(request.param)


@pytest.fixture(scope="module")
def chromium_path() -> Path:
    """Debian's Chromium (the module's tests are skipped, or fail in CI, without it)."""
    return require_chromium()


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module (not per test process: Playwright's thread, alive,
    would keep the builds of the modules after it from forking their workers)."""
    with launched_chromium() as browser:
        yield browser
