"""The link check scans pages in chunks: in-process, with the default process pool, or with
any executor the caller passes, and the report is the same every way."""

from __future__ import annotations

import json
import pickle
import multiprocessing
import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest

from builder import linkcheck, linkscan
from builder.linkcheck import check_site
from helpers import REPO

CHAIN = 250  # pages beyond linkscan.PARALLEL_FROM, so that the default scans them in a process pool

PAGES = 6 + CHAIN  # index, a/, b, lonely, old/, 404 and the chain
LINKS = 10 + 3 + CHAIN + 2  # index.html's ten, one each on a/, b and old/, one per chain page and two more
PROBLEMS = [
    "b.html: broken src: ../img/missing.png",
    "chain/123/index.html: missing anchor: ../124/#nope",
    "chain/200/index.html: broken src: /assets/logo.png",
    "index.html: missing anchor: a/#nowhere",
    "index.html: broken src: assets/app.js",
    "index.html: javascript: URL: javascript:alert(1)",
    "index.html: broken href: missing/",
    "lonely.html: page not reachable from the home page: ",
]


def _write(site: Path, rel: str, body: str) -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!doctype html><html><body>{body}</body></html>", encoding="utf-8")


def _big_site(site: Path) -> Path:
    _write(site, "index.html",
           '<a href="a/">A</a> <a href="missing/">gone</a> <a href="a/#nowhere">anchor</a> <a href="a/#here">ok</a> '
           '<a href="javascript:alert(1)">js</a> <a href="chain/0/">chain</a> '
           '<link rel="stylesheet" href="assets/site.css"> <script src="assets/app.js"></script> '
           '<a href="https://example.org/">out</a> <a href="b.html?x=1&amp;y=2#n%20ame">b</a>')
    _write(site, "a/index.html", '<p id="here">a</p><a href="../">home</a><!-- <a href="commented/"> -->'
                                 '<script>var s = \'<a href="in-script/">\';</script>')
    _write(site, "b.html", '<a name="n ame">by name</a><img src="../img/missing.png">')
    _write(site, "lonely.html", "<p>nobody links here</p>")
    _write(site, "old/index.html", '<meta http-equiv="refresh" content="0; url=../a/"><a href="../a/">moved</a>')
    _write(site, "404.html", "not found")
    for i in range(CHAIN):
        after = f'<a href="../{i + 1}/#step-{i + 1}">next</a>' if i + 1 < CHAIN else '<a href="../../">home</a>'
        extra = {123: '<a href="../124/#nope">nope</a>', 200: '<img src="/assets/logo.png">'}.get(i, "")
        _write(site, f"chain/{i}/index.html", f'<h2 id="step-{i}">step {i}</h2>{after}{extra}')
    (site / "assets").mkdir()
    (site / "assets" / "site.css").write_text("p {}", encoding="utf-8")
    return site


@pytest.fixture
def pools(monkeypatch) -> list[int]:
    """The number of workers of each process pool check_site starts itself."""
    started: list[int] = []

    class Spy(ProcessPoolExecutor):
        def __init__(self, workers, **kwargs):
            started.append(workers)
            super().__init__(workers, **kwargs)

    monkeypatch.setattr(linkscan, "ProcessPoolExecutor", Spy)
    return started


def _summary(report: linkcheck.Report) -> tuple[int, int, list[str]]:
    return report.pages, report.links, [str(p) for p in report.problems]


def test_every_way_of_scanning_gives_the_same_report(tmp_path, monkeypatch, pools):
    site = _big_site(tmp_path)
    default = check_site(site)
    with ThreadPoolExecutor(3) as threads:
        threaded = check_site(site, threads)
    monkeypatch.setattr(linkscan, "PARALLEL_FROM", 10 ** 6)
    in_process = check_site(site)

    assert _summary(default) == _summary(threaded) == _summary(in_process) == (PAGES, LINKS, PROBLEMS)
    assert default.problems == threaded.problems == in_process.problems
    # Only the default started a pool, of one worker per CPU (none on a single CPU).
    assert pools == ([os.cpu_count()] if (os.cpu_count() or 1) > 1 else [])


def test_a_spawned_process_pool_gives_the_same_report(tmp_path):
    """What is sent to the executor pickles (top-level function, paths, plain tuples back)."""
    site = _big_site(tmp_path)
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        report = check_site(site, pool)
    assert _summary(report) == (PAGES, LINKS, PROBLEMS)


def test_a_small_site_is_scanned_in_process(tmp_path, pools):
    _write(tmp_path, "index.html", '<a href="a/#x">a</a> <a href="#top" id="top">top</a>')
    _write(tmp_path, "a/index.html", '<a href="../" id="x">home</a> <a href="../missing.html#x">gone</a>')
    report = check_site(tmp_path)
    assert _summary(report) == (2, 4, ["a/index.html: broken href: ../missing.html#x"])
    assert pools == []


def test_a_large_build_checks_its_links_in_a_new_process_with_the_same_report(tmp_path, monkeypatch):
    """bridge.site.build_site checks a site of more than PARALLEL_FROM pages in a new process
    (check_site_apart), whose report comes back whole: pages, links and each problem."""
    from builder.bridge import site as bridge_site

    site = _big_site(tmp_path)
    apart = linkcheck.check_site_apart(site)
    assert _summary(apart) == (PAGES, LINKS, PROBLEMS)
    assert apart.problems == check_site(site).problems


def _fake_python(tmp_path, monkeypatch, script: str) -> None:
    """The link check's process runs ``script`` (sh) instead of Python."""
    python = tmp_path / "python"
    python.write_text("#!/bin/sh\n" + script)
    python.chmod(0o755)
    monkeypatch.setattr(linkcheck.sys, "executable", str(python))


def test_a_link_check_whose_process_fails_says_why(tmp_path, monkeypatch):
    _fake_python(tmp_path, monkeypatch, "echo 'MemoryError' >&2\nexit 1\n")
    with pytest.raises(RuntimeError) as caught:
        linkcheck.check_site_apart(tmp_path)
    assert str(caught.value) == "the link check failed:\nMemoryError\n"


def test_a_link_check_process_that_writes_no_report_fails(tmp_path, monkeypatch):
    _fake_python(tmp_path, monkeypatch, "exit 0\n")
    with pytest.raises(RuntimeError) as caught:
        linkcheck.check_site_apart(tmp_path)
    assert str(caught.value) == "the link check failed:\nit wrote no report"


def test_the_link_check_process_writes_its_report_to_the_folder_it_is_given_and_prints_nothing(tmp_path):
    site = _big_site(tmp_path / "site")
    folder = tmp_path / "check"
    folder.mkdir()
    (folder / "known.pickle").write_bytes(pickle.dumps({}))
    done = subprocess.run([sys.executable, "-m", "builder.linkcheck", str(site), str(folder)], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert (report["pages"], report["links"]) == (PAGES, LINKS)
    assert [f"{page}: {message}: {target}" for page, target, message in report["problems"]] == PROBLEMS
    scans, linked, reached = pickle.loads((folder / "scans.pickle").read_bytes())
    assert sorted(scans) == sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    whole = linkcheck.check_site(site)
    assert (linked, reached) == (whole.linked, whole.reached) and reached["index.html"] == (0, ())
