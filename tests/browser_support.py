"""Helpers for the browser tests (tests/test_browser.py): Chromium, a local HTTP server,
the two site variants (served over http://, unzipped bundle over file://), request
watching, screenshots, axe-core, and a small hostile test archive.

Nothing here writes into the repository except screenshots under test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from bench.localserver import serve  # noqa: F401  (used by the tests through this module)
from urllib.parse import unquote, urlsplit

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
REPO_CONFIG = REPO / "mkdocs.yml"
REPO_CONTENT = REPO / "tests" / "fixtures" / "demo-content"  # a frozen copy of content/: editors change content/, tests stay put
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
        """Requests that failed, except the bundle's file:// XHR for sitemap.xml (Chromium blocks it, by design)."""
        out = [f"{url}: HTTP {status}" for url, status in self.errors]
        for url, failure in self.failed:
            if failure == "net::ERR_ABORTED":  # cut short because the test went on to the next page
                continue
            parts = urlsplit(url)
            if self.variant.name == "bundle" and parts.scheme == "file" and parts.path.endswith("/sitemap.xml") \
                    and self._inside(url):
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

def run_axe(page) -> list[dict]:
    """Inject axe-core into the page and return its violations (id, impact, help, node targets)."""
    page.add_script_tag(path=str(require_axe()))
    return page.evaluate("""async () => {
        const result = await axe.run(document);
        return result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.map(n => n.target.join(' ')),
            summary: v.nodes.length ? v.nodes[0].failureSummary : ''
        }));
    }""")


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


# --- a hostile little archive -------------------------------------------------------------------------

PAYLOAD_SCRIPT = "<script>window.__pwned=1</script>"
PAYLOAD_IMG = '<img src=x onerror="window.__pwned=1">'
PAYLOAD_LINK = "[click](javascript:window.__pwned=1)"
NOTE_LINK = "[x](javascript:window.__pwned=1)"

HOSTILE_TITLE = "Hostile input reaches the archive"
HOSTILE_SOURCE = f"""\
{HOSTILE_TITLE}

By Test Writer

UNITED NATIONS – The delegate Zed Quorum read out {PAYLOAD_SCRIPT} during the session.

An image tag {PAYLOAD_IMG} was pasted into the record, and a link {PAYLOAD_LINK} too.

Campaigners used the hashtag
#MeToo
on the day.

1986. was a year of change for Zed Quorum and the council.
"""
HOSTILE_ENTITY = f"""\
id: zed-quorum
name: Zed Quorum
type: person
description: >-
  A *fictional* delegate {PAYLOAD_IMG} made up by the test suite. He does not exist.
"""
HOSTILE_NOTE_PASSAGE = "The delegate Zed Quorum read out"
# Titles are allowed on links and <abbr> in editor Markdown; Material's content.tooltips shows them.
TITLE_PAYLOAD_ABBR = "<img src=x onerror=window.__pwned=2>"
TITLE_PAYLOAD_LINK = "<img src=x onerror=window.__pwned=3>"
HOSTILE_ANNOTATION = f"""\
exact: "{HOSTILE_NOTE_PASSAGE}"
kind: note
body: >-
  A note with {PAYLOAD_SCRIPT} and {PAYLOAD_IMG}
  and a link {NOTE_LINK} in it. The <abbr title='{TITLE_PAYLOAD_ABBR}'>UN</abbr>
  has [a source](https://example.org/ "{TITLE_PAYLOAD_LINK}") too.
author: Test Editor
date: 2024-01-02
entities:
  - zed-quorum
"""
HOSTILE_ABOUT = "# About\n\nA hostile test archive made by the browser tests.\n"
HOSTILE_SITE_NAME = "Hostile Test Archive"


def write_hostile_archive(root: Path) -> Path:
    """content/ with one hostile document, entity and annotation, plus a minimal mkdocs.yml; returns the config."""
    content = root / "content"
    for folder in ("sources", "entities", "annotations/hostile", "pages"):
        (content / folder).mkdir(parents=True, exist_ok=True)
    (content / "sources" / "hostile.txt").write_text(HOSTILE_SOURCE, encoding="utf-8")
    (content / "entities" / "zed-quorum.yml").write_text(HOSTILE_ENTITY, encoding="utf-8")
    (content / "annotations" / "hostile" / "evil.yml").write_text(HOSTILE_ANNOTATION, encoding="utf-8")
    (content / "pages" / "about.md").write_text(HOSTILE_ABOUT, encoding="utf-8")
    return write_test_config(root, content, HOSTILE_SITE_NAME)


OFFLINE_SHIM = REPO / "node_modules" / "iframe-worker" / "shim" / "index.js"


def write_test_config(root: Path, content: Path, site_name: str, site_description: str = "") -> Path:
    """root/mkdocs.yml for a test archive in ``content``: the repository's theme, Markdown
    extensions and navigation, no Markdown export; Material's offline plugin on when the
    bundle is made (ARCHIVE_OFFLINE), as in the repository's mkdocs.yml."""
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
        "plugins": ["search", {"archive": {"content_dir": str(content), "export_dir": "", "offline_shim": str(OFFLINE_SHIM)}},
                    {"offline": {"enabled": "ARCHIVE_OFFLINE_TAG"}}],
        "markdown_extensions": repo["markdown_extensions"],
        # The build's link check wants every generated index reachable from the home page, which
        # only the navigation does; index.md and review.md alone fail it. So: the repository's nav.
        "nav": repo["nav"],
    }
    target = root / "mkdocs.yml"
    text = yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
    target.write_text(text.replace("ARCHIVE_OFFLINE_TAG", "!ENV [ARCHIVE_OFFLINE, false]"), encoding="utf-8")
    return target


# --- the bundle ---------------------------------------------------------------------------------------

def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def unzip(zip_path: Path, target: Path) -> Path:
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(target)
    return target


# --- the hostile matrix: a payload in every field of every editor file and of a source's metadata ----------
#
# Each payload calls window.__pwned(N) (the browser tests expose it and fail if it is ever called);
# N tells which field it came from. Where a field's rules forbid parentheses, the call is a tagged
# template (__pwned`N`), which calls the function all the same.

def pwn(n: int) -> str:
    """Script in three forms: an element with an event handler, an attribute break-out, a script element."""
    return f'<img src=x onerror=__pwned({n})> "><svg onload=__pwned({n})> <script>__pwned({n})</script>'


def pwn_markdown(n: int) -> str:
    """Editor Markdown trying every way to script: raw HTML, javascript: links, attr_list, a code
    block that a second Markdown pass would turn into an image with an event handler."""
    return (f"Words {pwn(n)} [a link](javascript:__pwned({n})) <a href=\"javascript:__pwned({n})\">raw</a> "
            f"![i](x){{onerror=__pwned({n})}} [t](https://example.org/ 'x\" onmouseover=\"__pwned({n})')\n"
            f"{{: onclick=\"__pwned({n})\" }}\n\n"
            f"    ![m](https://example.invalid/m.png){{onerror=__pwned({n})}}\n\n"
            f"<details open ontoggle=__pwned({n})><summary>s</summary></details>\n")


MATRIX_SITE_NAME = f"AT&T Archive {pwn(1)}"
MATRIX_SITE_DESCRIPTION = f"About AT&T {pwn(2)}"
MATRIX_BYLINE_AUTHOR = 'Ann Lee"><script>__pwned(3)</script>'  # the issue's byline, calling __pwned
MATRIX_TEXT_TITLE = "Report on <img src=x onerror=__pwned(4)> rights"  # the issue's search reproduction
MATRIX_SECTION = f"Opinion {pwn(5)}"
MATRIX_CAPTION = f"Delegates gather in the hall <img src=x onerror=__pwned(6)> before the vote"
MATRIX_CREDIT = "Photo <svg onload=__pwned`7`> Agency"
MATRIX_PUBLICATION_WRITES = "AT&T Weekly"  # '&' must read as '&', never '&amp;'
MATRIX_ENTITY_NAME = f"Zed Quorum {pwn(10)}"
MATRIX_TOPIC_TITLE = f"Evil topic {pwn(20)}"
MATRIX_SIDECAR_TITLE = f"=Sidecar title {pwn(30)}"  # also a spreadsheet formula
MATRIX_SIDECAR_AUTHOR = f"@Sid Author {pwn(31)}"
MATRIX_NOTE_AUTHOR = f"Note Author {pwn(50)}"
MATRIX_ORPHAN_EXACT = f"a passage that is nowhere {pwn(53)}"
MATRIX_HTML_TITLE = "HTML page <img src=x onerror=__pwned(60)> title"
MATRIX_BAD_FILE = "x<img src=x onerror=__pwned`62`>.doc"  # an unsupported file: named in a warning
MATRIX_SOURCE_FILE = "named<img src=x onerror=__pwned`63`>.txt"

MATRIX_TEXT_SOURCE = f"""\
{MATRIX_TEXT_TITLE}

By {MATRIX_BYLINE_AUTHOR} | November 3, 2010

{MATRIX_CAPTION} ({MATRIX_CREDIT})

UNITED NATIONS – The delegate {MATRIX_ENTITY_NAME} read out <script>__pwned(8)</script> during the session, and the Quorum council listened.

The delegate Zed Quorum spoke again about the council and the rights of the people, at length and in detail.

Jo Smith is a reporter who writes for {MATRIX_PUBLICATION_WRITES} and others.

Filed under {MATRIX_SECTION}
"""

MATRIX_SIDECAR = {
    "title": MATRIX_SIDECAR_TITLE,
    "authors": [MATRIX_SIDECAR_AUTHOR, f"-Second {pwn(32)}"],
    "date": "2011-05-06",
    "publication": f"+Sidecar Times {pwn(33)}",
    "section": f"Section {pwn(34)}",
    "dateline": f"Dateline {pwn(35)}",
    "caption": f"Caption {pwn(36)}",
    "photo_credit": f"Credit {pwn(37)}",
    "url": "https://example.invalid/a?x=1&y=%22%3E%3Cscript%3E__pwned(38)%3C/script%3E#onmouseover=__pwned(38)",
    "language": f"en {pwn(39)}",
    "description": f"Summary {pwn(40)}",
    "note": pwn_markdown(41),
    "topics": ["evil"],
}
MATRIX_SIDECAR_SOURCE = """\
A plain headline for the sidecar's document

By Plain Writer

UNITED NATIONS – The council met on Tuesday and Zed Quorum spoke about the rights of many people in the region.

A second paragraph with enough words for the builder to keep the document as a real one.
"""

MATRIX_AGENCY = "Wire <svg onload=__pwned`9`>"  # a dateline's agency: the publication
MATRIX_REPORTER = "Kim <img src=x onerror=__pwned`25`> Lee"  # a 'Reporting by' line: an author
MATRIX_NAMED_SOURCE = f"""\
A named file's headline for a wire story

UNITED NATIONS ({MATRIX_AGENCY}) – The council met on Tuesday and Zed Quorum spoke about the rights of many people in the region.

A second paragraph with enough words for the builder to keep the document as a real one.

(Reporting by {MATRIX_REPORTER})
"""

MATRIX_ENTITY = {
    "id": "zed-quorum",
    "name": MATRIX_ENTITY_NAME,
    "type": "person",
    "aliases": ["Zed Quorum", f"Alias {pwn(11)}"],
    "short_forms": [f"Short {pwn(12)}"],
    "description": pwn_markdown(13),
    "wikidata": "Q1",  # checked: a Q number
    "viaf": "123<img src=x onerror=__pwned(15)>",
    "website": "https://example.invalid/?q=%3Cscript%3E__pwned(16)%3C/script%3E",
    "start": "1950",
    "roles": [f"Delegate {pwn(17)}"],
}
MATRIX_OTHER_ENTITY = {"id": "council", "name": "Quorum council", "type": "organisation",
                       "description": pwn_markdown(18), "roles": [f"Body {pwn(19)}"]}
MATRIX_TOPIC = {
    "id": "evil",
    "title": MATRIX_TOPIC_TITLE,
    "description": pwn_markdown(21),
    "phrases": ["council", f"phrase {pwn(22)}"],
    "entities": ["zed-quorum"],
}
MATRIX_CHILD_TOPIC = {"id": "evil-child", "title": f"Child {pwn(23)}", "parent": "evil",
                      "description": pwn_markdown(24), "phrases": ["rights"]}
MATRIX_NOTE_EXACT = "read out <script>__pwned(8)</script> during the session"
MATRIX_ANNOTATION = {"exact": MATRIX_NOTE_EXACT, "prefix": "<script>__pwned(10)</script>", "kind": "context", "body": pwn_markdown(51),
                     "author": MATRIX_NOTE_AUTHOR, "date": "2024-01-02", "entities": ["zed-quorum"]}
MATRIX_ORPHAN = {"exact": MATRIX_ORPHAN_EXACT, "prefix": f"before {pwn(56)}", "suffix": f"after {pwn(57)}", "kind": "note", "body": pwn_markdown(54),
                 "author": f"Orphan Author {pwn(55)}", "date": "2024-01-03"}

MATRIX_HTML_SOURCE = f"""\
<!doctype html>
<html lang="en&quot;&gt;&lt;script&gt;__pwned(61)&lt;/script&gt;">
<head>
<meta charset="utf-8">
<title>{MATRIX_HTML_TITLE.replace('<', '&lt;').replace('>', '&gt;')}</title>
<meta name="author" content="Hal Author &lt;img src=x onerror=__pwned(64)&gt;">
<meta name="description" content="Described &quot;&gt;&lt;script&gt;__pwned(65)&lt;/script&gt;">
<meta property="og:site_name" content="Site &lt;svg onload=__pwned(66)&gt;">
<meta property="og:title" content="OG &lt;img src=x onerror=__pwned(67)&gt;">
<meta property="article:section" content="Sec &lt;img src=x onerror=__pwned(68)&gt;">
<link rel="canonical" href="https://example.invalid/page?a=&quot;&gt;&lt;script&gt;__pwned(69)&lt;/script&gt;">
<script type="application/ld+json">
{{"@type": "NewsArticle", "headline": "LD <img src=x onerror=__pwned(70)>",
  "author": {{"@type": "Person", "name": "LD Author <img src=x onerror=__pwned(71)>"}},
  "datePublished": "2012-02-03", "articleSection": "LD <svg onload=__pwned(72)>",
  "description": "<p>LD description <img src=x onerror=__pwned(73)></p>"}}
</script>
</head>
<body>
<article>
<h1>{MATRIX_HTML_TITLE.replace('<', '&lt;').replace('>', '&gt;')}</h1>
<p>The council heard from Zed Quorum at length about the rights of people in many regions of the world today.</p>
<p>A second paragraph &lt;script&gt;__pwned(74)&lt;/script&gt; follows, with enough words to count as a real paragraph of the page.</p>
<p>A third paragraph closes the article, again with enough words to be kept by the extractor as text.</p>
</article>
</body>
</html>
"""


def _yaml(data: dict) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def write_matrix_archive(root: Path) -> Path:
    """content/ where every field of every editor file, every metadata field a source can give, a
    file name and mkdocs.yml's site_name and site_description carry a payload; returns the config."""
    content = root / "content"
    files = {
        "sources/report.txt": MATRIX_TEXT_SOURCE,
        "sources/sidecar.txt": MATRIX_SIDECAR_SOURCE,
        "sources/sidecar.yml": _yaml(MATRIX_SIDECAR),
        "sources/captured.html": MATRIX_HTML_SOURCE,
        f"sources/{MATRIX_SOURCE_FILE}": MATRIX_NAMED_SOURCE,
        f"sources/{MATRIX_BAD_FILE}": "not a source",
        "entities/zed-quorum.yml": _yaml(MATRIX_ENTITY),
        "entities/council.yml": _yaml(MATRIX_OTHER_ENTITY),
        "topics/evil.yml": _yaml(MATRIX_TOPIC),
        "topics/evil-child.yml": _yaml(MATRIX_CHILD_TOPIC),
        "annotations/report/evil-note.yml": _yaml(MATRIX_ANNOTATION),
        "annotations/report/orphan-note.yml": _yaml(MATRIX_ORPHAN),
        "pages/about.md": HOSTILE_ABOUT,
    }
    for rel, text in files.items():
        target = content / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return write_test_config(root, content, MATRIX_SITE_NAME, MATRIX_SITE_DESCRIPTION)
