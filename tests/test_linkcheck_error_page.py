"""The server's error page in the link check: MkDocs writes 404.html at the site's root with
links from the site_url's path ('/sub/...'), since a server shows it at any address. A check
of the built folder cannot follow those, so it reads neither its links nor asks that it be
reachable; any other page, even one whose name ends in 404.html, is checked. The whole check
and the check of what changed say the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.linkcheck import check_site
from builder.linkcheck_changes import Before, check_changes


def _page(body: str) -> str:
    return f"<!doctype html><html><body>{body}</body></html>\n"


def _write(root: Path, files: dict[str, str]) -> None:
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


ERROR_PAGE = _page('<a href="/sub/">Home</a> <script src="/sub/assets/x.js"></script> <a href="/sub/a.html#p1">A</a>')


@pytest.fixture
def site(tmp_path) -> Path:
    root = tmp_path / "site"
    _write(root, {"index.html": _page('<a href="a.html">A</a>'), "a.html": _page('<p id="p1">A</p>'),
                  "assets/x.js": "", "404.html": ERROR_PAGE})
    return root


def test_the_error_page_s_links_from_a_sub_path_are_not_checked(site):
    report = check_site(site)
    assert [str(p) for p in report.problems] == []
    assert report.pages == 3


def test_a_page_whose_name_ends_in_404_is_checked_as_any_other(site):
    _write(site, {"documents/error-404.html": _page('<a href="/sub/">Home</a>')})
    assert [str(p) for p in check_site(site).problems] == [
        "documents/error-404.html: page not reachable from the home page: ",
        "documents/error-404.html: broken href: /sub/"]


def test_the_check_of_what_changed_says_the_same(site):
    report = check_site(site)
    scans = report.scans
    before = Before(report.files, report.links, lambda pages: {p: scans[p] for p in pages if p in scans}, report.linked,
                    report.reached)
    _write(site, {"404.html": ERROR_PAGE.replace("Home", "Home page"),
                  "documents/error-404.html": _page('<a href="/sub/">Home</a>')})
    changes = check_changes(site, before, {"index.html", "a.html"})
    assert changes is not None
    assert [str(p) for p in changes.problems] == [str(p) for p in check_site(site).problems] == [
        "documents/error-404.html: page not reachable from the home page: ",
        "documents/error-404.html: broken href: /sub/"]
