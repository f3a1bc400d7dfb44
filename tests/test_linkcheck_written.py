"""Pages scanned as they are written: the processes that render pages, and the building process
for the pages it publishes, read each page for the link check while it is at hand
(linkscan.scan_written); the check reads only the others, and reports the same problems, with the
same messages, as a check that reads every page; a page changed after it was scanned is read again.

The demo has fewer pages than it takes to share the rendering (parallel.FROM): the tests lower it.
"""

from __future__ import annotations

import shutil

import pytest

from builder import linkscan
from builder.bridge import parallel, remembered
from builder.bridge.scans import Scans, scans_file
from builder.bridge.site import BrokenLinks, build_site
from builder.linkcheck import check_site
from helpers import REPO_CONTENT, set_plugin_option, write_config

DOC = "china-backs-ban-ki-moon"
PAGE = f"documents/{DOC}/index.html"


@pytest.fixture
def archive(tmp_path, monkeypatch):
    """The demo's content and a mkdocs.yml rendering on two processes; the pages the link check reads
    in the building process are listed in ``archive.read``."""
    monkeypatch.setattr(parallel, "FROM", 10)
    monkeypatch.setattr(parallel, "SCANS_EVERY", 7)  # what a process scanned reaches the build in many batches
    content = tmp_path / "content"
    shutil.copytree(REPO_CONTENT, content)
    config = write_config(tmp_path / "mkdocs.yml", content_dir=content)
    set_plugin_option(config, jobs=2)
    read: list[str] = []
    real = linkscan._scan_pages

    def spied(site, pages):
        read.extend(pages)
        return real(site, pages)

    monkeypatch.setattr(linkscan, "_scan_pages", spied)
    return config, content, tmp_path / "site", read


def test_a_broken_link_and_a_missing_anchor_in_a_page_rendered_by_another_process_fail_the_build(
        archive, monkeypatch):
    config, content, site, read = archive
    real = parallel._build_page

    def tampered(page, *args, **kwargs):  # run by the forked processes only
        real(page, *args, **kwargs)
        if page.file.dest_uri == PAGE:
            path = page.file.abs_dest_path
            with open(path, encoding="utf-8") as handle:
                html = handle.read()
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(html.replace("</body>", '<a href="../no-such-page/">gone</a>'
                                                     '<a href="../../#no-such-anchor">top</a></body>'))

    monkeypatch.setattr(parallel, "_build_page", tampered)
    with pytest.raises(BrokenLinks) as caught:
        build_site(config, site, content_dir=content)
    assert [str(problem) for problem in caught.value.report.problems] == [
        f"{PAGE}: missing anchor: ../../#no-such-anchor",
        f"{PAGE}: broken href: ../no-such-page/",
    ]
    assert caught.value.report.pages > 2 * len(read) > 0  # most pages were scanned as they were written
    assert PAGE not in read and not [page for page in read if page.startswith("sources/")]


def test_what_the_build_keeps_of_the_pages_scanned_as_written_is_what_reading_them_gives(archive):
    config, content, site, read = archive
    result = build_site(config, site, content_dir=content)
    assert result.rendered > 100 and PAGE not in read

    def kept():
        path = remembered.memory_file(config.parent / "build" / "cache", site)
        memory = remembered.with_checks(path, remembered.load(path))
        return memory, Scans(scans_file(path)).get(memory.pages)

    def every_page_read():
        pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
        return dict(zip(pages, linkscan._scan_site(site, pages, None)))

    memory, scans = kept()
    whole = check_site(site)
    assert scans == every_page_read() and memory.links == whole.links and memory.linked == whole.linked
    # An annotation changed: its document's page is rendered again (by another process), and the few
    # pages that changed are checked alone (linkcheck_changes), as they were scanned when written.
    annotation = content / "annotations" / DOC / "liu-xiaobo.yml"
    annotation.write_text(annotation.read_text(encoding="utf-8").replace("eleven-year sentence", "eleven-year prison sentence"),
                          encoding="utf-8")
    monkey = pytest.MonkeyPatch()
    monkey.setattr(parallel, "FROM", 1)
    try:
        del read[:]
        again = build_site(config, site, content_dir=content)
    finally:
        monkey.undo()
    # (what changed was scanned as it was written, by the process that rendered it: not read again)
    assert 0 < again.rendered < result.rendered and PAGE not in read and len(read) < 10
    memory, scans = kept()
    whole = check_site(site)
    assert scans == every_page_read() and memory.links == whole.links and memory.linked == whole.linked
    assert "eleven-year prison sentence" in (site / PAGE).read_text(encoding="utf-8")


def _page(site, rel: str, body: str) -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!doctype html><html><body>{body}</body></html>", encoding="utf-8")


def test_a_page_changed_after_it_was_scanned_is_read_again(tmp_path):
    _page(tmp_path, "index.html", '<a href="a/">a</a><a href="a/#here">here</a>')
    _page(tmp_path, "a/index.html", '<p id="here">a</p><a href="../">home</a>')
    assert linkscan.scan_written(tmp_path, ["index.html"]) == {}  # nothing is scanned unless it is collected
    linkscan.collect_written(tmp_path)
    linkscan.note_written(tmp_path, linkscan.scan_written(tmp_path, ["index.html", "a/index.html", "missing.html"]))
    written = linkscan.take_written(tmp_path)
    assert sorted(written) == ["a/index.html", "index.html"] and linkscan.take_written(tmp_path) == {}
    report = check_site(tmp_path, written=written)
    assert report.ok and (report.pages, report.links) == (2, 3) and sorted(report.scans) == ["a/index.html", "index.html"]
    _page(tmp_path, "a/index.html", '<p id="there">a</p><a href="../">home</a><img src="../logo.png">')
    assert [str(p) for p in check_site(tmp_path, written=written).problems] == [
        "a/index.html: broken src: ../logo.png", "index.html: missing anchor: a/#here"]


def test_a_page_is_scanned_as_written_as_the_check_reads_it_or_left_to_the_check(tmp_path):
    (tmp_path / "index.html").write_bytes(b'<p id="a\r\nb">x</p><p id="c\rd">\xff</p><a href="#a\r\nb">to</a>')
    (tmp_path / "odd.html").write_text('<a href="http://[::1/">refused by urlsplit</a>', encoding="utf-8")
    linkscan.collect_written(tmp_path)
    written = linkscan.scan_written(tmp_path, ["index.html", "odd.html"])
    linkscan.take_written(tmp_path)
    assert sorted(written) == ["index.html"]  # (the check reads the other, and fails as it always did)
    assert written["index.html"][1] == linkscan._scan_pages(str(tmp_path), ["index.html"])[0]
    assert written["index.html"][1].ids == {"a\nb", "c\nd"}


def test_the_scans_noted_and_read_back_share_one_object_for_each_link_and_id(tmp_path):
    """Scans noted from several rendering processes (each pickled: its own copies), and scans
    read back from the store of the last check, are made of one object for each link and id
    (linkscan.shared): at 10,000 documents the scans read back held 558 MB, 181 MB shared. The
    check finds what it found with the scans as they came."""
    import pickle

    from builder.bridge.scans import Scans

    for n in range(4):
        _page(tmp_path, f"p{n}/index.html", f'<p id="here">{n}</p><a href="../">home</a><a href="../p0/#here">first</a>')
    _page(tmp_path, "index.html", "".join(f'<a href="p{n}/">{n}</a>' for n in range(4)))
    pages = ["index.html", *(f"p{n}/index.html" for n in range(4))]
    linkscan.collect_written(tmp_path)
    for page in pages:  # (each as another process sends it: a copy of its own)
        linkscan.note_written(tmp_path, pickle.loads(pickle.dumps(linkscan.scan_written(tmp_path, [page]))))
    written = linkscan.take_written(tmp_path)
    home = [written[page][1].links[0] for page in pages[1:]]
    assert len({id(link) for link in home}) == 1 and home[0][2] == "."
    assert len({id(i) for page in pages[1:] for i in written[page][1].ids}) == 1
    assert check_site(tmp_path, written=written) == check_site(tmp_path)
    store = Scans(tmp_path / "scans.sqlite")
    store.put({page: written[page] for page in pages}, set())
    read = store.get({page: written[page][0] for page in pages})
    assert read == {page: written[page][1] for page in pages}
    assert len({id(read[page].links[0]) for page in pages[1:]}) == 1
