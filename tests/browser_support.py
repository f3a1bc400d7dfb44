"""Helpers for the browser tests (tests/test_browser.py): Chromium, a local HTTP server,
the two site variants (served over http://, unzipped bundle over file://), request
watching, screenshots, axe-core, and the test archives' mkdocs.yml (the hostile archives
themselves are in tests/hostile_matrix.py).

Nothing here writes into the repository except screenshots under test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench.localserver import serve  # noqa: F401  (used by the tests through this module)
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from helpers import REPO, REPO_CONFIG, REPO_CONTENT

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

DESKTOP = 1280
PHONE = 390
WIDTHS = (DESKTOP, PHONE)
HEIGHTS = {DESKTOP: 900, PHONE: 844}

BUNDLE_FOLDER = "china-the-un-and-human-rights"
BUNDLE_ZIP = f"{BUNDLE_FOLDER}-offline.zip"


def require_chromium() -> Path:
    """Debian's Chromium, or skip (fail on CI, where the browser tests must run)."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    reason = (f"the browser tests need Chromium at {CHROMIUM} (Debian package 'chromium'); "
              "Playwright's own browser download is not used")
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {reason}", pytrace=False)
    pytest.skip(reason)


@contextmanager
def launched_chromium():
    """Debian's Chromium launched headless through Playwright (or the test skipped, see
    :func:`require_chromium`), closed after the block."""
    from playwright.sync_api import sync_playwright

    chromium = require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def require_axe() -> Path:
    if AXE.is_file():
        return AXE
    reason = f"axe-core is not installed at {AXE} (run `npm ci`, or `make test`)"
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {reason}", pytrace=False)
    pytest.skip(reason)


# --- the two variants of the site ---------------------------------------------------------------

@dataclass(frozen=True)
class Variant:
    """One way a reader gets the site: 'served' (http://, directory URLs) or 'bundle' (file://, .html pages)."""

    name: str
    base: str  # ends with '/'
    root: Path  # the folder on disk
    directory_urls: bool

    def url(self, page: str) -> str:
        """URL of a page given as 'index', 'documents/x', 'topics/y' ..."""
        return self.base + self.path(page)

    def path(self, page: str) -> str:
        if page == "index":
            return "" if self.directory_urls else "index.html"
        if page.endswith("/index"):  # topics/index.md: topics/ or topics/index.html
            return page[: -len("index")] if self.directory_urls else f"{page}.html"
        return f"{page}/" if self.directory_urls else f"{page}.html"

    def is_page(self, url: str, page: str) -> bool:
        """Does ``url`` (query and fragment ignored) show ``page``?"""
        parts = urlsplit(url)
        return parts.path.endswith("/" + self.path(page))


# --- what the browser requested ------------------------------------------------------------------

@dataclass
class RequestLog:
    """Every request a browser context made, and the ones that failed or got an error status."""

    variant: Variant
    urls: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, int]] = field(default_factory=list)

    def attach(self, target) -> RequestLog:
        target.on("request", lambda request: self.urls.append(request.url))
        target.on("requestfailed", lambda request: self.failed.append((request.url, request.failure or "")))
        target.on("response", lambda response: response.status >= 400
                  and self.errors.append((response.url, response.status)))
        return self

    def leaving(self) -> list[str]:
        """Requests that leave the site: another host (served) or outside the bundle folder (bundle)."""
        return [url for url in self.urls if not self._inside(url)]

    def _inside(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return True
        if self.variant.name == "served":
            return parts.scheme == "http" and parts.hostname == "127.0.0.1"
        if parts.scheme != "file":
            return False
        path = Path(unquote(parts.path)).resolve()
        return path == self.variant.root or self.variant.root in path.parents

    def broken(self) -> list[str]:
        """Requests that failed (the bundle links no feeds, so Material never asks for sitemap.xml from file://)."""
        out = [f"{url}: HTTP {status}" for url, status in self.errors]
        for url, failure in self.failed:
            if failure == "net::ERR_ABORTED":  # cut short because the test went on to the next page
                continue
            out.append(f"{url}: {failure}")
        return out

    def assert_clean(self) -> None:
        assert self.urls, "no request was recorded (the request listener is not attached?)"
        leaving = self.leaving()
        assert not leaving, f"{self.variant.name}: requests left the site:\n" + "\n".join(leaving)
        broken = self.broken()
        assert not broken, f"{self.variant.name}: requests failed:\n" + "\n".join(broken)


# --- screenshots ------------------------------------------------------------------------------------

def screenshot(page, variant: str, name: str, width: int, *, full_page: bool = True) -> Path:
    """Save test-artifacts/screenshots/<variant>-<name>-<width>.png; the page keeps its current viewport."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{variant}-{name}-{width}.png"
    page.screenshot(path=str(target), full_page=full_page)
    return target


def set_width(page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": HEIGHTS.get(width, 900)})


def horizontal_overflow(page) -> dict:
    """How wide the page is compared with the viewport, and the widest elements that stick out."""
    return page.evaluate("""() => {
        const vw = document.documentElement.clientWidth;
        const out = [];
        for (const el of document.querySelectorAll('body *')) {
            const r = el.getBoundingClientRect();
            if (r.width > 0 && r.right > vw + 1) {
                out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                         (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
                         ' right=' + Math.round(r.right));
            }
        }
        return {scrollWidth: document.documentElement.scrollWidth, clientWidth: vw, sticking_out: out.slice(0, 15)};
    }""")


# --- axe-core -----------------------------------------------------------------------------------------

def run_axe(page, preload: bool = True, root: str | None = None) -> list[dict]:
    """Inject axe-core into the page and return its violations (id, impact, help, node targets).
    ``preload``: let axe fetch the stylesheets again (for one rule, css-orientation-lock); from
    file:// Chromium refuses those fetches, and their failures can arrive after axe is done.
    Running transitions are waited out first: a full-page screenshot scrolls, Material hides its
    tabs with a fade, and axe measuring a half-faded tab reports a contrast no reader settles on.
    ``root``: a CSS selector to check only that part of the page."""
    page.add_script_tag(path=str(require_axe()))
    return page.evaluate("""async ([preload, root]) => {
        const frames = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
        await frames();
        const finite = document.getAnimations().filter(a => a.effect && isFinite(a.effect.getComputedTiming().endTime));
        await Promise.all(finite.map(a => a.finished.catch(() => null)));
        await frames();
        const result = await axe.run(root ? document.querySelector(root) : document, {preload});
        return result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.map(n => n.target.join(' ')),
            summary: v.nodes.length ? v.nodes[0].failureSummary : ''
        }));
    }""", [preload, root])


def serious(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def describe_violations(page_name: str, violations: list[dict]) -> str:
    lines = [f"{page_name}: {len(violations)} serious/critical axe violation(s):"]
    for v in violations:
        targets = ", ".join(v["targets"][:8]) + (f" ... (+{len(v['targets']) - 8})" if len(v["targets"]) > 8 else "")
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']}\n      nodes: {targets}\n      {v['summary']}".rstrip())
    return "\n".join(lines)


# --- the repository's mkdocs.yml, read (MkDocs tags such as !ENV kept as plain values) -----------------

class _TolerantLoader(yaml.SafeLoader):
    pass


_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def repo_config() -> dict:
    return yaml.load(REPO_CONFIG.read_text(encoding="utf-8"), Loader=_TolerantLoader)



def write_test_config(root: Path, content: Path, site_name: str, site_description: str = "") -> Path:
    """root/mkdocs.yml for a test archive in ``content``: the repository's theme, Markdown
    extensions and navigation, no Markdown export; Material's offline plugin listed turned
    off (the bundle's build turns it on), as in the repository's mkdocs.yml."""
    repo = repo_config()
    repo_theme = repo.get("theme") or {}
    config = {
        "site_name": site_name,
        **({"site_description": site_description} if site_description else {}),
        "docs_dir": str(content / "pages"),
        "site_dir": str(root / "site"),
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            "custom_dir": str(REPO / repo_theme.get("custom_dir", "overrides")),
            "font": False,
            "language": "en",
            "features": list(repo_theme.get("features") or []),
        },
        "extra_css": list(repo.get("extra_css") or []),
        "extra_javascript": list(repo.get("extra_javascript") or []),
        "plugins": ["search", {"archive": {"content_dir": str(content), "export_dir": ""}},
                    {"offline": {"enabled": False}}],
        "markdown_extensions": repo["markdown_extensions"],
        # The build's link check wants every generated index reachable from the home page, which
        # only the navigation does; index.md and review.md alone fail it. So: the repository's nav.
        "nav": repo["nav"],
    }
    target = root / "mkdocs.yml"
    target.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


# --- the bundle ---------------------------------------------------------------------------------------

def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def unzip(zip_path: Path, target: Path) -> Path:
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(target)
    return target
