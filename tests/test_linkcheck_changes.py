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


def _before(report) -> Before:
    """What a check left (its report), as the next check of what changed is given it."""
    scans = dict(report.scans)
    return Before(report.files, report.links, lambda pages: {p: scans[p] for p in pages if p in scans},
                  report.linked, report.reached)


def _checked(root: Path, files: dict[str, str]) -> Before:
    """``files`` written into ``root``, a site that passes the whole check, and what it left."""
    _write(root, files)
    report = check_site(root)
    assert report.ok
    return _before(report)


def _after(before: Before, changes) -> Before:
    """What the check after ``changes`` (a check of what changed, given ``before``) is given: the
    scans it read, and the earlier ones of the pages it did not read."""
    scans = {**before.scans(sorted(p for p in changes.files if p.endswith(".html"))), **changes.scans}
    return Before(changes.files, changes.links, lambda pages: {p: scans[p] for p in pages if p in scans},
                  changes.linked, changes.reached)


@pytest.fixture
def site(tmp_path):
    """A site that passes the check, and what its check left (Before)."""
    root = tmp_path / "site"
    return root, _checked(root, SITE)


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


def test_each_page_keeps_its_rank_in_the_walk_from_home_and_the_pages_of_a_smaller_rank_that_link_to_it(tmp_path):
    root = tmp_path / "site"
    _write(root, {**SITE, "c/index.html": _page('<a href="../">home</a>'),
                  "a/index.html": _page('<a href="../b/#p2">B, p2</a> <a href="../c/">C</a>', "p1"),
                  "b/index.html": _page('<a href="../a/#p1">A, p1</a> <a href="../c/">C</a>', "p1 p2")})
    # The walk from home comes to a, b (home's links, in order), then c (a's link): b's
    # witnesses are home and a, which the walk came to first.
    assert check_site(root).reached == {"index.html": (0, ()), "a/index.html": (1, ("index.html",)),
                                        "b/index.html": (2, ("index.html", "a/index.html")),
                                        "c/index.html": (3, ("a/index.html", "b/index.html"))}


def test_a_link_gone_from_no_page_s_path_from_home_is_checked_with_the_changed_page_alone(site):
    root, before = site
    # a no longer links to b, which the walk from home reached from the home page itself.
    _write(root, {"a/index.html": _page('<a href="../">home</a>', "p1")})
    changes, whole = _both(root, before, {"a/index.html"})
    assert changes is not None and set(changes.scans) == {"a/index.html"}
    assert (changes.ok, changes.pages, changes.links, changes.linked) == (whole.ok, whole.pages, whole.links,
                                                                          whole.linked) == (
        True, 3, 5, {"index.html": {"": 1}, "a/index.html": {"": 1, "p1": 1}, "b/index.html": {"": 1},
                     "style.css": {"": 1}})
    assert changes.reached == whole.reached


def test_a_new_page_s_path_from_home_is_kept_for_the_next_check(site):
    root, before = site
    _write(root, {"b/index.html": _page('<a href="../a/#p1">A, p1</a> <a href="../c/">C</a>', "p1 p2"),
                  "c/index.html": _page("C")})
    changes, whole = _both(root, before, {"b/index.html", "c/index.html"})
    assert changes.ok and whole.ok
    assert changes.reached == whole.reached == {"index.html": (0, ()), "a/index.html": (1, ("index.html",)),
                                                "b/index.html": (2, ("index.html", "a/index.html")),
                                                "c/index.html": (3, ("b/index.html",))}
    later = _after(before, changes)
    # b's link to c is c's only path from home: losing it is left to the whole check.
    _write(root, {"b/index.html": _page('<a href="../a/#p1">A, p1</a>', "p1 p2")})
    changes, whole = _both(root, later, {"b/index.html"})
    assert changes is None
    assert [str(p) for p in whole.problems] == ["c/index.html: page not reachable from the home page: "]


def test_a_page_losing_one_of_the_links_that_make_it_reachable_keeps_the_others(tmp_path):
    root = tmp_path / "site"
    before = _checked(root, {**SITE, "c/index.html": _page('<a href="../">home</a>'),
                             "a/index.html": _page('<a href="../b/#p2">B, p2</a> <a href="../c/">C</a>', "p1"),
                             "b/index.html": _page('<a href="../a/#p1">A, p1</a> <a href="../c/">C</a>', "p1 p2")})
    _write(root, {"a/index.html": _page('<a href="../b/#p2">B, p2</a>', "p1")})
    changes, whole = _both(root, before, {"a/index.html"})
    assert changes is not None and changes.ok and whole.ok
    assert changes.reached["c/index.html"] == (3, ("b/index.html",))
    later = _after(before, changes)
    _write(root, {"b/index.html": _page('<a href="../a/#p1">A, p1</a>', "p1 p2")})
    changes, whole = _both(root, later, {"b/index.html"})
    assert changes is None  # c's last such link
    assert [str(p) for p in whole.problems] == ["c/index.html: page not reachable from the home page: "]


def test_a_page_losing_its_last_such_link_may_gain_one_from_a_changed_page_of_a_smaller_rank(site):
    root, before = site
    _write(root, {"c/index.html": _page("C"),
                  "a/index.html": _page('<a href="../b/#p2">B, p2</a> <a href="../">home</a> <a href="../c/">C</a>',
                                        "p1")})
    changes, _ = _both(root, before, {"a/index.html", "c/index.html"})
    assert changes.ok and changes.reached["c/index.html"] == (2, ("a/index.html",))  # (a new page: a rank after a's)
    later = _after(before, changes)
    # a no longer links to c; the home page does now.
    _write(root, {"a/index.html": _page('<a href="../b/#p2">B, p2</a> <a href="../">home</a>', "p1"),
                  "index.html": _page('<a href="a/">A</a> <a href="b/">B</a> <a href="style.css">s</a> <a href="c/">C</a>')})
    changes, whole = _both(root, later, {"a/index.html", "index.html"})
    assert changes is not None and changes.ok and whole.ok
    assert changes.reached["c/index.html"] == (2, ("index.html",))  # (its rank as it was: a smaller one will do)
    assert changes.links == whole.links


def test_a_link_gone_is_left_to_the_whole_check_when_the_walk_from_home_is_not_known(site):
    root, before = site
    unknown = Before(before.files, before.links, before.scans, before.linked)
    _write(root, {"a/index.html": _page('<a href="../">home</a>', "p1")})
    assert check_changes(root, unknown, {"index.html", "b/index.html"}) is None
    assert check_changes(root, before, {"index.html", "b/index.html"}) is not None


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
    assert changes.linked == whole.linked == {"index.html": {"": 1}, "a/index.html": {"": 1, "p1": 1},
                                              "b/index.html": {"": 1, "p2": 1}, "style.css": {"": 1}}
    # The counts carry on: b then loses p2, which a links to.
    later = _after(before, changes)
    _write(root, {"b/index.html": _page('<a href="../a/#p1">A, p1</a> more', "p2 p3")})  # keeps p2: fine
    assert _both(root, later, {"b/index.html"})[0] is not None
    _write(root, {"b/index.html": _page('<a href="../a/#p1">A, p1</a>', "p3")})
    changes, whole = _both(root, later, {"b/index.html"})
    assert changes is None and [str(p) for p in whole.problems] == ["a/index.html: missing anchor: ../b/#p2"]


def test_a_changed_page_read_as_it_was_written_is_not_read_again(site, monkeypatch):
    import os

    import builder.linkcheck_changes as changes_module

    root, before = site
    _write(root, {"a/index.html": _page('<a href="../b/#p2">B, p2</a> <a href="../">home</a> more', "p1 p3")})
    as_written = check_site(root).scans["a/index.html"]
    stat = os.stat(root / "a" / "index.html")
    read = []
    scan_site = changes_module._scan_site
    monkeypatch.setattr(changes_module, "_scan_site", lambda site, pages, executor: read.extend(pages) or scan_site(
        site, pages, executor))
    written = {"a/index.html": ((stat.st_size, stat.st_mtime_ns, stat.st_ino), as_written)}
    changes = check_changes(root, before, {"index.html", "b/index.html"}, written=written)
    assert read == [] and changes.scans["a/index.html"] is as_written and changes.ok
    # A page written again since it was read is read again.
    _write(root, {"a/index.html": _page('<a href="../b/#p2">B, p2</a> <a href="../">home</a> again', "p1 p3")})
    changes = check_changes(root, before, {"index.html", "b/index.html"}, written=written)
    assert read == ["a/index.html"] and changes.scans["a/index.html"] is not as_written and changes.ok


CHAIN = {**SITE, "b/index.html": _page('<a href="../a/#p1">A, p1</a> <a href="../c/">C</a>', "p1 p2"),
         "c/index.html": _page('<a href="../d/">D</a>'), "d/index.html": _page('<a href="../">home</a>')}
"""b leads to c, and c alone to d."""


def test_a_page_gone_that_no_unchanged_page_linked_to_is_checked_with_the_changed_pages_alone(tmp_path):
    root = tmp_path / "site"
    before = _checked(root, CHAIN)
    # c goes; b, which linked to it, now leads to d.
    (root / "c" / "index.html").unlink()
    _write(root, {"b/index.html": _page('<a href="../a/#p1">A, p1</a> <a href="../d/">D</a>', "p1 p2")})
    changes, whole = _both(root, before, {"b/index.html"})
    assert changes is not None and set(changes.scans) == {"b/index.html"}
    assert (changes.ok, changes.pages, changes.links, changes.linked) == (whole.ok, whole.pages, whole.links,
                                                                          whole.linked)
    assert changes.reached["d/index.html"] == (4, ("b/index.html",)) and "c/index.html" not in changes.reached


def test_a_page_gone_that_was_another_s_only_way_from_home_is_left_to_the_whole_check(tmp_path):
    root = tmp_path / "site"
    before = _checked(root, CHAIN)
    (root / "c" / "index.html").unlink()
    _write(root, {"b/index.html": _page('<a href="../a/#p1">A, p1</a>', "p1 p2")})
    changes, whole = _both(root, before, {"b/index.html"})
    assert changes is None
    assert [str(p) for p in whole.problems] == ["d/index.html: page not reachable from the home page: "]


def test_a_file_gone_that_no_unchanged_page_linked_to_is_checked_with_the_changed_pages_alone(site):
    root, before = site
    (root / "style.css").unlink()
    _write(root, {"index.html": _page('<a href="a/">A</a> <a href="b/">B</a>')})
    changes, whole = _both(root, before, {"index.html"})
    assert changes is not None and changes.ok and whole.ok
    assert (changes.links, changes.linked) == (whole.links, whole.linked) and "style.css" not in changes.linked


def test_a_page_gone_that_an_unchanged_page_links_to_is_left_to_the_whole_check(tmp_path):
    root = tmp_path / "site"
    before = _checked(root, {**CHAIN, "a/index.html": _page('<a href="../">home</a> <a href="../c/">C</a>', "p1")})
    (root / "c" / "index.html").unlink()
    _write(root, {"b/index.html": _page('<a href="../a/#p1">A, p1</a> <a href="../d/">D</a>', "p1 p2")})
    changes, whole = _both(root, before, {"b/index.html"})
    assert changes is None
    assert [str(p) for p in whole.problems] == ["a/index.html: broken href: ../c/"]


REDIRECT = '<html><head><meta http-equiv="refresh" content="0; url=../a/"></head><body>{}</body></html>\n'


def test_a_redirect_no_page_led_to_that_a_changed_page_now_leads_to_is_left_to_the_whole_check(tmp_path):
    root = tmp_path / "site"
    before = _checked(root, {"index.html": _page('<a href="a/">A</a>'), "a/index.html": _page('<a href="../">h</a>'),
                             "old/index.html": REDIRECT.format('<a href="../a/">moved</a>')})
    # The home page now leads to the redirect, which now leads to a new page: reachable through it.
    _write(root, {"index.html": _page('<a href="a/">A</a> <a href="old/">old</a>'),
                  "old/index.html": REDIRECT.format('<a href="../a/">moved</a> <a href="../c/">C</a>'),
                  "c/index.html": _page('<a href="../">h</a>')})
    changes, whole = _both(root, before, {"index.html", "old/index.html", "c/index.html"})
    assert changes is None and whole.ok
    # Once the whole check has walked through it, the redirect has its rank and witness.
    assert whole.reached["old/index.html"] == (2, ("index.html",)) and whole.reached["c/index.html"][0] == 3


def test_the_counts_of_a_file_only_a_changed_page_links_to_are_taken_away_and_made_again(site):
    root, before = site
    kept = {target: dict(anchors) for target, anchors in before.linked.items()}
    # Only the home page links to style.css (and to a, and b without an anchor): counted down to none, then up.
    _write(root, {"index.html": _page('<a href="a/">A</a> <a href="b/">B</a> <a href="style.css">s</a> more')})
    changes, whole = _both(root, before, {"index.html"})
    assert changes is not None and (changes.linked, changes.links) == (whole.linked, whole.links)
    assert changes.linked["style.css"] == {"": 1} and before.linked == kept  # (the earlier counts left as they were)
