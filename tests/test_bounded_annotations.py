"""The annotations index in pages of a fixed size (emit.annotation_pages, emit.pager), on a tiny
archive built with pages of one note: every note exactly once, newest first, in both URL styles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builder.emit import pager
from helpers import make_tiny_archive
from helpers.pages import soup_of

REPORT = ("The council and the report\n\nThe council met on Monday and voted on the new rules.\n\n"
          "After that the council rested. Its members went home to Geneva.\n\n"
          "A final paragraph with the closing words of the report.\n")
NOTES = {"one": ("met on Monday", "Ann Lee", "2024-01-01"), "two": ("went home to Geneva", "Bo Chen", "2024-01-03"),
         "three": ("the closing words", "Ann Lee", "2024-01-02")}


def _note(exact: str, author: str, date: str, name: str) -> str:
    return (f"exact: {json.dumps(exact)}\nbody: |\n  The note {name}. More of it.\nauthor: {json.dumps(author)}\n"
            f"date: {date}\n")


def _target(path: Path, href: str) -> Path:
    page = href.partition("#")[0]
    target = (path.parent / page).resolve() if page else path
    return target / "index.html" if target.is_dir() else target


@pytest.mark.parametrize("directory_urls", [True, False])
def test_the_annotations_index_is_in_pages_newest_first(tmp_path, directory_urls):
    files = {"sources/report.txt": REPORT, "sources/report.yml": "date: 2020-01-01\npublication: The Gazette\n"}
    files.update({f"annotations/report/{name}.yml": _note(*note, name) for name, note in NOTES.items()})
    archive = make_tiny_archive(tmp_path / "tiny", files=files)
    if not directory_urls:
        archive.config.write_text(archive.config.read_text(encoding="utf-8") + "use_directory_urls: false\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pager, "PAGE_SIZE", 1)
        site = archive.build()
    paths = [site / ("annotations/index.html" if directory_urls else "annotations/index.html")]
    paths += [site / (f"annotations/all/{n}/index.html" if directory_urls else f"annotations/all/{n}.html") for n in (2, 3)]
    document = site / ("documents/report/index.html" if directory_urls else "documents/report.html")
    seen = []
    for number, path in enumerate(paths, start=1):
        soup = soup_of(path)
        assert [p.get_text() for p in soup.select("nav.archive-pager .archive-pager-where")] == [
            f"Page {number} of 3 · notes {number}–{number} of 3, newest first"] * 2
        assert soup.select_one('nav.archive-pager a[aria-current="page"]').get_text() == str(number)
        items = soup.select("ul#archive-annotations > li")
        assert len(items) == 1
        link = items[0].select_one(".archive-annotation-head a")
        assert _target(path, link["href"]) == document
        anchor = link["href"].partition("#")[2]
        assert soup_of(document).find(id=anchor) is not None
        text = items[0].select_one(".archive-annotation-text").get_text()
        seen.append(text)
        # The filter offers the authors of the page's notes.
        options = [o.get_text() for o in soup.select("form.archive-filter select[name=author] option")]
        assert options == ["all", items[0]["data-author"]]
        for a in soup.select("article a[href]"):
            assert _target(path, a["href"]).is_file(), (path, a["href"])
    assert seen == ["The note two.", "The note three.", "The note one."]
    first = soup_of(paths[0]).select_one("article")
    assert "1 to a page; the filter picks among those of the page." in first.get_text()
    intro = soup_of(paths[2]).select_one(".archive-pager-intro")
    assert intro.get_text().strip() == ("More of the editors' notes, newest first; the filter picks among those of "
                                        "this page. The first page has the newest.")
    assert _target(paths[2], intro.a["href"]) == paths[0]
