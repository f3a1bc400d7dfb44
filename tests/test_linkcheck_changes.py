"""The link check of a changed site that reads only what changed: it reports exactly what the
whole check reports, or says it cannot (None) when a change could break an unchanged page."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.linkcheck import check_site
from builder.linkcheck_changes import Before, check_changes


def _page(body: str, ids: str = "") -> str:
    anchors = "".join(f'<p id="{i}">{i}</p>' for i in ids.split())
    return f"<!doctype html><html><body>{body}{anchors}</body></html>\n"


SITE = {
    "index.html": _page('<a href="a/">A</a> <a href="b/">B</a> <a href="style.css">s</a>'),
    "a/index.html": _page('<a href="../b/#p2">B, p2</a> <a href="../">home</a>', "p1"),
    "b/index.html": _page('<a href="../a/#p1">A, p1</a>', "p1 p2"),
    "style.css": "p {}\n",
}


def _write(root: Path, files: dict[str, str]) -> None:
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


@pytest.fixture
def site(tmp_path):
    """A site that passes the check, and what its check left (Before)."""
    root = tmp_path / "site"
    _write(root, SITE)
    report = check_site(root)
    assert report.ok
    scans = report.scans
    return root, Before(report.files, report.links, lambda pages: {p: scans[p] for p in pages if p in scans},
                        report.linked)


def _both(root: Path, before: Before, changed: set[str]):
    pages = {p.relative_to(root).as_posix() for p in root.rglob("*.html")}
    return check_changes(root, before, pages - changed), check_site(root)


def test_a_page_changed_without_losing_anything_is_the_only_page_read(site):
    root, before = site
    _write(root, {"a/index.html": _page('<a href="../b/#p2">B, p2</a> <a href="../">home</a> more', "p1 p3")})
    changes, whole = _both(root, before, {"a/index.html"})
    assert set(changes.scans) == {"a/index.html"}
    assert (changes.ok, changes.pages, changes.links) == (whole.ok, whole.pages, whole.links) == (True, 3, 6)


def test_a_changed_page_s_own_broken_link_and_missing_anchor_are_reported_as_the_whole_check_does(site):
    root, before = site
    _write(root, {"a/index.html": _page('<a href="../b/#p2">B</a> <a href="../b/#p9">B</a> <a href="../">h</a>'
                                        ' <a href="../c/">C</a>', "p1")})
    changes, whole = _both(root, before, {"a/index.html"})
    assert [str(p) for p in changes.problems] == [str(p) for p in whole.problems] == [
        "a/index.html: missing anchor: ../b/#p9", "a/index.html: broken href: ../c/"]


def test_a_new_page_must_be_reachable_through_the_changed_pages(site):
    root, before = site
    _write(root, {"c/index.html": _page("C")})
    changes, whole = _both(root, before, {"c/index.html"})
    assert [str(p) for p in changes.problems] == [str(p) for p in whole.problems] == [
        "c/index.html: page not reachable from the home page: "]
    _write(root, {"b/index.html": _page('<a href="../a/#p1">A, p1</a> <a href="../c/">C</a>', "p1 p2")})
    changes, whole = _both(root, before, {"b/index.html", "c/index.html"})
    assert changes.ok and whole.ok and changes.pages == whole.pages == 4


@pytest.mark.parametrize("change", ["an anchor another page links to is gone", "a link is gone", "a file is gone"])
def test_a_change_that_could_break_an_unchanged_page_is_left_to_the_whole_check(site, change):
    root, before = site
    if change == "an anchor another page links to is gone":
        _write(root, {"b/index.html": _page('<a href="../a/#p1">A, p1</a>', "p1")})
        changed = {"b/index.html"}
    elif change == "a link is gone":  # b was reachable only through a
        _write(root, {"index.html": _page('<a href="a/">A</a> <a href="style.css">s</a>'),
                      "a/index.html": _page('<a href="../">home</a>', "p1")})
        changed = {"index.html", "a/index.html"}
    else:
        (root / "style.css").unlink()
        changed = set()
    changes, whole = _both(root, before, changed)
    assert changes is None
    assert not whole.ok or change == "a link is gone" and [str(p) for p in whole.problems] == [
        "b/index.html: page not reachable from the home page: "]


def test_what_the_earlier_check_read_must_be_at_hand(site):
    root, _ = site
    report = check_site(root)
    forgetful = Before(report.files, report.links, lambda pages: {})
    _write(root, {"a/index.html": _page('<a href="../b/#p2">B, p2</a> <a href="../">home</a>', "p1")})
    assert check_changes(root, forgetful, {"index.html", "b/index.html"}) is None


def test_a_redirect_that_became_a_page_does_not_make_new_pages_reachable(tmp_path):
    root = tmp_path / "site"
    _write(root, {**SITE, "old/index.html": '<html><head><meta http-equiv="refresh" content="0; url=../a/">'
                                              '</head><body><a href="../a/">moved</a></body></html>\n'})
    report = check_site(root)
    assert report.ok
    scans = report.scans
    before = Before(report.files, report.links, lambda pages: {p: scans[p] for p in pages if p in scans})
    # The redirect becomes an ordinary page, still unreachable, leading to a new page.
    _write(root, {"old/index.html": _page('<a href="../a/">A</a> <a href="../c/">C</a>'), "c/index.html": _page("C")})
    changes, whole = _both(root, before, {"old/index.html", "c/index.html"})
    assert changes is None  # left to the whole check, which finds both
    assert [str(p) for p in whole.problems] == [
        "c/index.html: page not reachable from the home page: ", "old/index.html: page not reachable from the home page: "]


def test_a_site_without_a_home_page_is_left_to_the_whole_check(tmp_path):
    root = tmp_path / "site"
    _write(root, {path: text for path, text in SITE.items() if path != "index.html"})
    report = check_site(root)  # (no home page: nothing is looked for from it)
    scans = report.scans
    before = Before(report.files, report.links, lambda pages: {p: scans[p] for p in pages if p in scans})
    _write(root, {"a/index.html": _page('<a href="../b/#p2">B, p2</a> <a href="../">home</a> more', "p1")})
    assert check_changes(root, before, {"b/index.html"}) is None


def test_a_changed_page_may_lose_an_anchor_no_other_page_links_to(site):
    root, before = site
    # b loses p1, which no page links to (a links to b#p2), and keeps p2.
    _write(root, {"b/index.html": _page('<a href="../a/#p1">A, p1</a>', "p2 p3")})
    changes, whole = _both(root, before, {"b/index.html"})
    assert changes is not None and set(changes.scans) == {"b/index.html"}
    assert (changes.ok, changes.pages, changes.links) == (whole.ok, whole.pages, whole.links) == (True, 3, 6)
    assert changes.linked == whole.linked == {"b/index.html": {"p2": 1}, "a/index.html": {"p1": 1}}
    # The counts carry on: b then loses p2, which a links to.
    latest = {**before.scans(["index.html", "a/index.html", "b/index.html"]), **changes.scans}
    later = Before(changes.files, changes.links, lambda pages: {p: latest[p] for p in pages if p in latest},
                   changes.linked)
    _write(root, {"b/index.html": _page('<a href="../a/#p1">A, p1</a> more', "p2 p3")})  # keeps p2: fine
    assert _both(root, later, {"b/index.html"})[0] is not None
    _write(root, {"b/index.html": _page('<a href="../a/#p1">A, p1</a>', "p3")})
    changes, whole = _both(root, later, {"b/index.html"})
    assert changes is None and [str(p) for p in whole.problems] == ["a/index.html: missing anchor: ../b/#p2"]
