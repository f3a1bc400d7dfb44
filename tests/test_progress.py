"""How far a build is, on standard error: plain lines when not on a terminal, a live bar on one."""

from __future__ import annotations

import io
import re
import subprocess
import sys

from builder.cli.progress import ProgressReport


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_plain_lines_come_every_few_seconds_with_the_time_left_and_at_the_end():
    out, clock = io.StringIO(), Clock()
    with ProgressReport(out, every=5.0, clock=clock) as report:
        report("documents", 2_000, 10_000)  # 2,000 from the result store
        clock.now += 1
        report("documents", 2_200, 10_000)  # within 5 s of the last line: not shown
        clock.now += 9
        report("documents", 4_000, 10_000)  # 2,000 in 10 s: 6,000 left, about 30 s
        report("documents", 10_000, 10_000)
        report("documents", 10_000, 10_000)  # said once
        report("pages", 1, 3)
        report("pages", 3, 3)
    ready = "documents ready"
    assert out.getvalue().splitlines() == [
        "archive build: 10,000 of 10,000 sources read",  # the documents are first reported once the content is read
        f"archive build: 2,000 of 10,000 {ready}",
        f"archive build: 4,000 of 10,000 {ready} (about 30 s left)",
        f"archive build: 10,000 of 10,000 {ready}",
        "archive build: 1 of 3 pages rendered",
        "archive build: 3 of 3 pages rendered",
    ]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_a_live_bar_shows_each_part_with_its_counts():
    import threading

    out = Terminal()
    before = threading.active_count()  # (an earlier test's library may have left an idle thread)
    with ProgressReport(out) as report:
        # No thread of its own: with one running, the documents would be processed in this
        # process instead of the worker processes (see pipeline.documents).
        assert threading.active_count() == before
        report("documents", 5, 5)
        report("pages", 7, 12)
        report("pages", 12, 12)
    shown = out.getvalue()
    assert "\x1b[" in shown  # drawn with the terminal's escape codes (by rich), not plain lines
    assert "documents ready" in shown and "5/5" in shown
    assert "pages rendered" in shown and "12/12" in shown
    assert "archive build:" not in shown


def test_the_seconds_a_build_reports_count_from_the_start_of_the_process():
    """The summary's seconds are what the person waited, Python's start and imports included:
    a process that has run for half a second knows it has."""
    script = "import time; time.sleep(0.5); from builder.cli.streams import process_age; print(process_age())"
    age = float(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                               timeout=60).stdout)
    assert 0.5 <= age < 60


def test_archive_bundle_reports_progress_and_ends_with_the_summary(tiny_archive, capsys, monkeypatch):
    import re
    import zipfile

    from builder.cli import main
    from helpers import REPO, set_plugin_option

    monkeypatch.chdir(tiny_archive.root)
    assert main(["bundle", "--out", "dist"]) == 0
    out = capsys.readouterr()
    summary = re.fullmatch(r"archive bundle: 2 documents \(2 processed, 0 from the cache\), (\d+) pages rendered, "
                           r"0 reused, (\d+) warnings?, \d+\.\d s; (.+) \(([\d,]+) files\); "
                           r"unzip it anywhere and open index\.html\n", out.out)
    assert summary, out.out
    with zipfile.ZipFile(summary.group(3)) as bundle:
        names = [n for n in bundle.namelist() if not n.endswith("/")]
        # the pages MkDocs renders: not the 404 page, nor the original's page beside each source
        # file (sources/<file>.html), which the builder writes as a file MkDocs copies
        originals = [n for n in names if re.fullmatch(r"[^/]+/sources/[^/]+\.txt\.html", n)]
        pages = [n for n in names if n.endswith(".html") and not n.endswith("/404.html") and n not in originals]
    assert len(originals) == 2
    assert int(summary.group(4).replace(",", "")) == len(names) - 3  # but README.txt, manifest.json, SHA256SUMS
    assert int(summary.group(1)) == len(pages)
    assert f"archive bundle: {len(pages)} of {len(pages)} pages rendered" in out.err.splitlines()


def test_a_rebuild_says_how_many_pages_it_reused_as_it_goes_and_at_the_end(tiny_archive, capsys):
    from builder.cli import main

    args = ["build", "--config", str(tiny_archive.config), "--content", str(tiny_archive.content),
            "--site", str(tiny_archive.root / "site")]
    assert main(args) == 0
    first = capsys.readouterr()
    pages = int(first.out.split(" pages rendered")[0].rsplit(" ", 1)[1])
    assert ", 0 reused, " in first.out
    assert f"archive build: 0 of {pages} pages reused (unchanged)" in first.err.splitlines()
    assert main(args) == 0
    again = capsys.readouterr()
    assert f"archive build: {pages - 1} of {pages} pages reused (unchanged)" in again.err.splitlines()
    assert f"1 page rendered, {pages - 1} reused, " in again.out  # the hand-written About page is always rendered


# --- every part of a build says how far it is -------------------------------------------------------

PARTS = ["sources read", "documents ready", "pages made", "pages exported (Markdown)", "pages reused (unchanged)",
         "documents indexed for search", "pages read", "pages rendered", "pages checked for broken links"]
LINE = re.compile(r"archive build: ([\d,]+) of ([\d,]+) (.+)")


def _parts(err: str) -> list[tuple[str, int, int]]:
    """(part, done, total) of each progress line, in order; every line of ``err`` must be one."""
    found = []
    for line in err.splitlines():
        match = LINE.fullmatch(line)
        assert match and match.group(3) in PARTS, line
        found.append((match.group(3), int(match.group(1).replace(",", "")), int(match.group(2).replace(",", ""))))
    return found


def _html_files(site) -> tuple[int, int]:
    """How many pages MkDocs renders into ``site`` (the 404 page included), and how many
    originals' pages (sources/<file>.html, written by the builder: the link check reads them)."""
    html = list(site.rglob("*.html"))
    originals = list((site / "sources").glob("*.html"))
    assert len(originals) == 2  # one for each of the two sources
    return len(html) - len(originals), len(originals)


def test_not_on_a_terminal_every_part_of_a_build_says_its_counts(make_archive, capsys, monkeypatch):
    """In CI or a log: from the sources read to the link check, each part has a line with its
    counts when it is done (and when it begins, for those that take a while), in the order the
    build goes; the last of each agrees with the summary."""
    from builder.cli import main

    tiny_archive = make_archive(export=True)  # the two good stories, with a Markdown export
    monkeypatch.chdir(tiny_archive.root)
    assert main(["build"]) == 0
    first = capsys.readouterr()
    lines = _parts(first.err)
    assert [part for part, _, _ in lines if part != "documents ready"] == [
        p for p in PARTS for _ in range(2 if p in ("pages read", "pages rendered", "documents indexed for search",
                                                   "pages checked for broken links") else 1) if p != "documents ready"]
    last = {part: (done, total) for part, done, total in lines}
    pages, originals = _html_files(tiny_archive.root / "site")
    assert last["sources read"] == (2, 2) and last["documents ready"] == (2, 2)
    assert last["pages made"] == (pages - 2, pages - 2)  # all but 404.html and the hand-written About page
    assert last["pages exported (Markdown)"] == last["pages made"]
    assert last["pages reused (unchanged)"] == (0, pages - 1)
    assert last["pages rendered"] == (pages - 1, pages - 1)
    assert last["documents indexed for search"] == (2, 2)
    assert last["pages checked for broken links"] == (pages + originals, pages + originals)
    assert f", {pages - 1} pages rendered, 0 reused, " in first.out
    # A rebuild reuses every generated page: it says so, then renders the one left.
    assert main(["build"]) == 0
    again = capsys.readouterr()
    last = {part: (done, total) for part, done, total in _parts(again.err)}
    assert last["pages reused (unchanged)"] == (pages - 2, pages - 1)
    assert last["pages rendered"] == (1, 1)
    assert last["pages checked for broken links"] == (pages + originals, pages + originals)
    assert f", 1 page rendered, {pages - 2} reused, " in again.out


def test_on_a_terminal_a_build_shows_every_part_in_the_live_bar(make_archive, capsys, monkeypatch):
    """The same parts, drawn by rich on a terminal (no plain lines); the pages reused only when
    there are any."""
    from builder.cli import main

    tiny_archive = make_archive(export=True)  # the two good stories, with a Markdown export
    monkeypatch.chdir(tiny_archive.root)
    monkeypatch.setattr(sys, "stderr", Terminal())
    assert main(["build"]) == 0
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", sys.stderr.getvalue())
    pages, originals = _html_files(tiny_archive.root / "site")
    assert not re.search(r"archive build: \d", shown)
    for label, counts in [("documents ready", "2/2"), ("pages made", f"{pages - 2}/{pages - 2}"),
                          ("pages exported (Markdown)", f"{pages - 2}/{pages - 2}"),
                          ("pages rendered", f"{pages - 1}/{pages - 1}"), ("documents indexed for search", "2/2"),
                          ("pages checked for broken links", f"{pages + originals}/{pages + originals}")]:
        assert re.search(rf"{re.escape(label)} +\S+ +{counts} ", shown), label
    assert "pages reused" not in shown
