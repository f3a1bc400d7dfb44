"""What every built archive's site must show, checked on any archive: the demo's end-to-end
test (test_e2e_demo.py) and a new archive's (test_new_archive_site.py) run the same checks.

An archive's documents are described by id as the demo test writes them::

    {"title": str, "authors": (names, by an editor?) or None, "date": (iso, shown, by an editor?),
     "publication": (name, by an editor?) or None, "needs_review": [fields]}
"""

from __future__ import annotations

from pathlib import Path

from .pages import (article, body_paragraphs, front_matter, heading_text, meta_rows, page_html, paragraph_text,
                    soup_of, squash, without_editor_mark)


def documents_built(site: Path, export: Path) -> tuple[list[str], list[str]]:
    """(the ids of the document pages in the site, those of the export's document pages), sorted."""
    built = sorted(p.name for p in (site / "documents").iterdir() if (p / "index.html").is_file())
    return built, sorted(p.stem for p in (export / "documents").glob("*.md"))


def check_title(soup, title: str) -> None:
    (h1,) = article(soup).find_all("h1")
    # Pages show whitespace runs (here a no-break space) as one space; front matter keeps the text as is.
    assert heading_text(h1) == squash(title)
    assert squash(soup.title.get_text()).startswith(squash(title) + " - ")


NOT_STATED = ("not stated in the source", False)
"""What a document's header shows of an author, date or publication that the text does not give
and no editor supplied (the editors' review page lists it; readers get no instructions)."""


def check_authors(soup, expected: tuple[str, bool] | None, not_stated: bool = False) -> None:
    """``not_stated``: the header says the source gives no author (else it has no Authors row)."""
    rows = meta_rows(soup)
    if expected is None and not_stated:
        assert without_editor_mark(rows["Authors"]) == NOT_STATED
    elif expected is None:
        assert "Authors" not in rows
    else:
        assert without_editor_mark(rows["Authors"]) == expected


def check_date(soup, expected: tuple[str, str, bool]) -> None:
    iso, shown, by_editor = expected
    dd = meta_rows(soup)["Date"]
    (time,) = dd.find_all("time")
    assert (time["datetime"], time.get_text()) == (iso, shown)
    assert without_editor_mark(dd) == (shown, by_editor)


def check_publication(soup, expected: tuple[str, bool] | None, not_stated: bool = False) -> None:
    rows = meta_rows(soup)
    if expected is None and not_stated:
        assert without_editor_mark(rows["Publication"]) == NOT_STATED
    elif expected is None:
        assert "Publication" not in rows
    else:
        assert without_editor_mark(rows["Publication"]) == expected


def check_paragraphs_in_source_order(soup, exported: Path, source: Path, at_least: int = 5) -> None:
    """The body's paragraphs are anchored p1, p2 ... and each is the source's text, in its order."""
    paragraphs = list(body_paragraphs(soup).values())
    assert len(paragraphs) >= at_least
    assert [p["id"] for p in paragraphs] == [f"p{i}" for i in range(1, len(paragraphs) + 1)]
    assert front_matter(exported)["paragraphs"] == len(paragraphs)
    text = squash(source.read_text(encoding="utf-8"))
    position = 0
    for paragraph in paragraphs:
        said = squash(paragraph_text(paragraph))
        found = text.find(said, position)
        assert found >= 0, f"{paragraph['id']} is not in the source after the previous paragraph: {said[:80]!r}"
        position = found + len(said)


def check_home_lists_newest_first(site: Path, documents: dict[str, dict], newest_first: list[str]) -> None:
    """The home page lists every document, newest first: link, title, date and publication."""
    soup = soup_of(site / "index.html")
    rows = article(soup).select("div.archive-documents li")
    links = [row.find("a") for row in rows]
    assert [a["href"] for a in links] == [f"documents/{doc_id}/" for doc_id in newest_first]
    assert [a.get_text() for a in links] == [squash(documents[doc_id]["title"]) for doc_id in newest_first]
    assert [row.find("time")["datetime"] for row in rows] == [documents[d]["date"][0] for d in newest_first]
    assert [row.find("em").get_text() if row.find("em") else "—" for row in rows] == [
        (documents[d]["publication"] or ("—",))[0] for d in newest_first]
    for a in links:
        assert (site / a["href"] / "index.html").is_file()


def home_counts(site: Path) -> str:
    """The home page's line of counts (documents, dates, words, authors, publications)."""
    return squash(article(soup_of(site / "index.html")).select_one("p.archive-counts").get_text())


def missing_metadata(site: Path) -> tuple[dict[str, list[list[str]]], str]:
    """The review page's "Missing metadata" section: each problem's heading and its table's
    rows (cells), and the first link (which must lead to a page of the site)."""
    soup = soup_of(page_html(site, "review.md"))
    heading = next(h for h in article(soup).find_all("h2") if heading_text(h) == "Missing metadata")
    block = heading.find_next_sibling()  # the section's HTML block: a table of documents under each problem
    problems = {heading_text(h3): [[td.get_text() for td in tr.find_all("td")]
                                   for tr in h3.find_next_sibling("table").select("tbody tr")]
                for h3 in block.find_all("h3")}
    href = block.select_one("table tbody a")["href"]
    assert (site / "review" / href / "index.html").resolve().is_file()
    return problems, href


def check_source_published_unchanged(soup, site: Path, doc_id: str, source: Path) -> None:
    shown, download = meta_rows(soup)["Source"].find_all("a")
    assert (shown.get_text(), download.get_text()) == (source.name, "download")
    page = (site / "documents" / doc_id / shown["href"]).resolve()
    assert page == (site / "sources" / f"{source.name}.html").resolve()  # the original, readable (emit.originals)
    published = (site / "documents" / doc_id / download["href"]).resolve()
    assert published == (site / "sources" / source.name).resolve()
    assert published.read_bytes() == source.read_bytes()


def check_front_matter(exported: Path, doc_id: str, expected: dict, source_name: str | None = None) -> None:
    """The exported page's front matter says what the page shows."""
    front = front_matter(exported)
    assert front["id"] == doc_id
    assert front["title"] == expected["title"]
    assert front["authors"] == ([expected["authors"][0]] if expected["authors"] else [])
    assert front["date"] == expected["date"][0] and isinstance(front["date"], str)
    assert front["publication"] == (expected["publication"][0] if expected["publication"] else "")
    assert front["source"] == f"sources/{source_name or doc_id + '.txt'}"
    assert front["encoding"] == "utf-8"
    assert front["needs_review"] == expected["needs_review"]
    editor = set(front["editor_fields"])
    assert ("date" in editor) == expected["date"][2]
    assert ("publication" in editor) == bool(expected["publication"] and expected["publication"][1])


def check_no_markup_from_sources(soups) -> None:
    for soup in soups:
        for p in body_paragraphs(soup).values():
            assert p.find_all(["script", "img", "iframe", "h1", "h2", "em", "strong", "code", "pre"]) == []


def boilerplate_found(soups: dict, phrase: str) -> list[str]:
    """The documents whose title or body paragraphs hold ``phrase``."""
    found = []
    for doc_id, soup in soups.items():
        texts = [heading_text(article(soup).h1)] + [paragraph_text(p) for p in body_paragraphs(soup).values()]
        if any(phrase in squash(t) for t in texts):
            found.append(doc_id)
    return found
