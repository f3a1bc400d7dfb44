"""Links between pages (builder/emit/urls.py): the same relative links posixpath.relpath gives,
for directory URLs (the hosted site) and .html pages (the offline bundle)."""

from __future__ import annotations

import itertools
import posixpath

import pytest

from builder.emit.urls import Urls

PAGES = ["index.md", "topics/index.md", "topics/peacekeeping.md", "documents/report.md", "documents/other.md",
         "entities/index.md", "entities/ban-ki-moon.md", "annotations/orphaned.md", "timeline/2024.md",
         "documents.md", "a/b/c.md", "a/b/index.md", "a/bc/d.md", "ab/c.md"]


def relpath_href(urls: Urls, from_page: str, to_page: str, anchor: str = "") -> str:
    """The link worked out with posixpath.relpath, as href did before it was made faster."""
    source, target = urls.page_url(from_page), urls.page_url(to_page)
    base = source.rstrip("/") if urls.directory else posixpath.dirname(source)
    link = posixpath.relpath(target.rstrip("/") or ".", base or ".")
    if urls.directory and (target.endswith("/") or not target):
        link = link.rstrip("/") + "/"
    return link + (f"#{anchor}" if anchor else "")


@pytest.mark.parametrize("directory", [True, False])
def test_href_is_the_relative_path_between_the_two_pages(directory):
    urls = Urls(directory=directory)
    for from_page, to_page in itertools.product(PAGES, repeat=2):
        for anchor in ("", "p3"):
            assert urls.href(from_page, to_page, anchor) == relpath_href(urls, from_page, to_page, anchor)


@pytest.mark.parametrize("directory, expected", [
    (True, ["../../entities/ban-ki-moon/#p1", "../../", "./", "../../topics/"]),
    (False, ["../entities/ban-ki-moon.html#p1", "../index.html", "index.html", "../topics/index.html"]),
])
def test_some_links_spelled_out(directory, expected):
    urls = Urls(directory=directory)
    assert [urls.href("documents/report.md", "entities/ban-ki-moon.md", "p1"), urls.href("documents/report.md", "index.md"),
            urls.href("index.md", "index.md"), urls.href("entities/ban-ki-moon.md", "topics/index.md")] == expected
