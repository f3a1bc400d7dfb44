"""Duplicates: byte-identical and nearly identical sources are reported (archive check, the
review), a sidecar's ``duplicate_of`` sets a copy aside (no page, no listing, feed, export,
entity page or search entry; its URL forwards to the original), and a wrong ``duplicate_of``
is an error on its line."""

from __future__ import annotations

import json
import random
import shutil
import time

import pytest

from builder.bridge.site import build_site
from builder.cli import main
from builder.model import Archive, ContentPath, DocId, Document, Paragraph, SourceFile
from builder.stages.duplicates import THRESHOLD, Words, find_duplicates, sketch_documents, words_of
from helpers import (FAKE_CONTENT, REUTERS_STORY, article, heading_text, make_tiny_archive, page_soup, squash,
                     tree_digest)

REPORT = """\
The council and the report on rights

By Jane Roe | March 3, 2004

The council met on Monday in Geneva to hear the report of its commission on the rights of people held without trial.

The report found that the prisons held many people for years, and that some had never seen a lawyer or a judge.

Members of the council asked the government to answer within a month, and to let the commission visit the prisons.
"""
EDITED = REPORT.replace("for years", "for many years").replace("within a month", "within two months")
NEAR = REPORT.replace("council", "assembly").replace("rights", "wrongs").replace("prisons", "camps")  # 5 of 64 words
UNDER = NEAR.replace("Geneva", "Vienna").replace("Monday", "Friday").replace("lawyer", "doctor")  # 8 of 64 words
COUNCIL = "id: council\nname: council\ntype: organisation\naliases: [Geneva]\n"
SIDECAR_FIX = ("add 'duplicate_of: report' to sources/{copy}.yml (its page then forwards to the original), or delete "
               "'sources/{copy}.txt'; if they are different documents, add 'not_duplicate_of: [report]' to "
               "sources/{copy}.yml")


@pytest.fixture
def copies(make_archive, monkeypatch):
    archive = make_archive({"report.txt": REPORT, "report-copy.txt": REPORT, "report-edited.txt": EDITED,
                            "nichols-2023.txt": REUTERS_STORY}, {"nichols-2023.yml": "date: 2023-08-14\n"})
    monkeypatch.chdir(archive.root)
    return archive


def test_check_reports_identical_and_nearly_identical_copies_naming_both_files(copies, capsys):
    assert main(["check", "--since", ""]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "content/sources/report-copy.txt: warning: 'sources/report-copy.txt' is a byte-identical copy of "
        "'sources/report.txt' [duplicate-identical]",
        "    fix: " + SIDECAR_FIX.format(copy="report-copy"),
        "content/sources/report-edited.txt: warning: 'sources/report-edited.txt' is nearly identical to "
        "'sources/report.txt' (96.1% of their words alike, in order; the threshold is 90%) [duplicate-near]",
        "    fix: " + SIDECAR_FIX.format(copy="report-edited"),
        "archive check: 4 documents; 0 error(s), 2 warning(s)",
    ]
    assert main(["check", "--since", "", "--strict"]) == 1


def test_texts_under_the_threshold_are_not_reported(make_archive):
    archive = make_archive({"report.txt": REPORT, "other.txt": UNDER}, {}).collect()
    assert [d.code for d in archive.diagnostics if d.code.startswith("duplicate")] == []  # 87.5% alike
    archive = make_archive({"report.txt": REPORT, "other.txt": NEAR}, {}).collect()
    assert [d.message for d in archive.diagnostics if d.code.startswith("duplicate")] == [
        "'sources/report.txt' is nearly identical to 'sources/other.txt' (92.1% of their words alike, in order; the "
        "threshold is 90%)"]
    assert THRESHOLD == 0.9


def test_review_lists_the_copies(copies, capsys):
    assert main(["review"]) == 0
    out = capsys.readouterr().out.splitlines()
    start = out.index("2 documents that copy another")
    assert out[start:start + 4] == [
        "2 documents that copy another",
        "    fix: add 'duplicate_of: <the original's id>' to each copy's sidecar (its page then forwards to the "
        "original), or delete the copy; if the two are different documents, 'not_duplicate_of: [<id>]'",
        "    sources/report-copy.txt: a byte-identical copy of 'sources/report.txt'",
        "    sources/report-edited.txt: nearly identical to 'sources/report.txt' (96.1% of their words alike, in "
        "order; the threshold is 90%)",
    ]
    page = article(page_soup(copies.build(), "review.md"))
    section = next(h for h in page.find_all("h2") if heading_text(h) == "Copies of another document")
    h3 = section.find_next_sibling("div").find("h3")
    assert h3["id"] == "copies"
    assert heading_text(h3) == "2 documents that copy another"
    table = h3.find_next_sibling("table")
    assert [th.get_text() for th in table.thead.find_all("th")] == ["Document", "Source", "Copy of"]
    assert [[squash(td.get_text()) for td in tr.find_all("td")] for tr in table.tbody.find_all("tr")] == [
        ["The council and the report on rights", "sources/report-copy.txt",
         "a byte-identical copy of 'sources/report.txt'"],
        ["The council and the report on rights", "sources/report-edited.txt",
         "nearly identical to 'sources/report.txt' (96.1% of their words alike, in order; the threshold is 90%)"]]
    problems = next(h for h in page.find_all("h2") if heading_text(h) == "Problems found in the content")
    assert "duplicate" not in problems.find_next_sibling().get_text()  # listed once, under its problem


def test_not_duplicate_of_says_two_alike_documents_are_different(copies, capsys):
    copies.write({"sources/report-edited.yml": "not_duplicate_of: [report]\n"})
    assert main(["check", "--since", ""]) == 0
    out = capsys.readouterr().out
    assert "report-edited" not in out and "report-copy.txt' is a byte-identical copy" in out


def _declared(make_archive, **extra):
    files = {"entities/council.yml": COUNCIL, **extra.pop("files", {})}
    return make_archive({"report.txt": REPORT, "report-copy.txt": REPORT, "report-edited.txt": EDITED,
                         "nichols-2023.txt": REUTERS_STORY},
                        {"nichols-2023.yml": "date: 2023-08-14\n", "report-copy.yml": "duplicate_of: report\n",
                         "report-edited.yml": "duplicate_of: report\ntitle: An edited copy\n"},
                        files=files, export=True)


def test_a_declared_copy_has_no_page_and_its_url_forwards_to_the_original(make_archive):
    archive = _declared(make_archive)
    assert [d for d in archive.collect().diagnostics if d.severity != "info"] == []
    result = build_site(archive.config, archive.site(), content_dir=archive.content)
    site = archive.site()
    for copy in ("report-copy", "report-edited"):
        forward = (site / "documents" / copy / "index.html").read_text(encoding="utf-8")
        assert '<meta http-equiv="refresh" content="0; url=../report/">' in forward
        assert not (archive.export_dir / "documents" / f"{copy}.md").exists()
        assert not (site / "sources" / f"{copy}.txt").exists()
    assert (archive.export_dir / "documents" / "report.md").is_file()
    everywhere = {  # every file that lists documents: the copies are in none
        "home": (site / "index.html").read_text(encoding="utf-8"),
        "timeline": (site / "timeline" / "index.html").read_text(encoding="utf-8"),
        "entity page": (site / "entities" / "council" / "index.html").read_text(encoding="utf-8"),
        "author page": (site / "authors" / "jane-roe" / "index.html").read_text(encoding="utf-8"),
        "feed": (site / "feed.xml").read_text(encoding="utf-8"),
        "documents.csv": (site / "documents.csv").read_text(encoding="utf-8"),
        "mentions.json": (site / "mentions.json").read_text(encoding="utf-8"),
    }
    for name, text in everywhere.items():
        assert "report-copy" not in text and "report-edited" not in text, name
        assert "report/" in text or '"report"' in text, name
    assert sorted(row["id"] for row in json.loads((site / "documents.json").read_text(encoding="utf-8"))) == [
        "nichols-2023", "report"]
    assert sorted(result.search) == ["nichols-2023", "report"]
    assert squash(article(page_soup(site, "index.md")).select_one("p.archive-counts").get_text()).startswith("2 documents")


BAD = {
    "itself": ("duplicate_of: report-copy\n", "report-copy.yml:1:15: error: 'duplicate_of' names this document "
               "itself [duplicate-of-itself]", "write the id of the document this one copies, or remove the line"),
    "missing": ("duplicate_of: reprot\n", "report-copy.yml:1:15: error: 'duplicate_of' value 'reprot' is not a "
                "document id [duplicate-of-unknown]", "did you mean 'report'?"),
    "a circle": ("duplicate_of: report-edited\n", "report-copy.yml:1:15: error: 'report-copy' and 'report-edited' "
                 "name each other in 'duplicate_of' [duplicate-of-circle]",
                 "keep one of them as the original: remove 'duplicate_of' from its sidecar (sources/report-copy.yml or "
                 "sources/report-edited.yml); the others then forward to it"),
    "not_duplicate_of": ("not_duplicate_of: [report, nobody]\n", "report-copy.yml:1:28: error: 'nobody' in "
                         "'not_duplicate_of' is not a document id [duplicate-of-unknown]",
                         "write the id of a document this one looks like"),
    "a bad id": ("duplicate_of: Report Copy\n", "report-copy.yml:1:15: error: 'duplicate_of' value 'Report Copy' is not "
                 "a valid id [schema-id]", "ids are lowercase letters, digits and single hyphens, e.g. ban-ki-moon"),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_a_wrong_duplicate_of_is_an_error_on_its_line(make_archive, monkeypatch, capsys, kind):
    sidecar, error, fix = BAD[kind]
    archive = make_archive({"report.txt": REPORT, "report-copy.txt": REPORT, "report-edited.txt": EDITED}, {
        "report-copy.yml": sidecar,
        "report-edited.yml": "duplicate_of: report-copy\n" if kind == "a circle" else "duplicate_of: report\n"})
    monkeypatch.chdir(archive.root)
    assert main(["check", "--since", ""]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"content/sources/{error}" in out
    assert out[out.index(f"content/sources/{error}") + 1] == f"    fix: {fix}"
    assert len([line for line in out if ": error: " in line]) == 1


def test_notes_on_a_copy_or_naming_it_are_errors_and_redirects_to_it_reach_the_original(make_archive, monkeypatch,
                                                                                          capsys):
    note = "exact: the prisons\nkind: note\nbody: A note.\nauthor: Ann Lee\ndate: 2026-01-02\n"
    archive = _declared(make_archive, files={
        "annotations/report-copy/on-copy.yml": note,
        "annotations/nichols-2023/names-copy.yml": note.replace("the prisons", "Security Council") + "documents: [report-copy]\n"})
    monkeypatch.chdir(archive.root)
    assert main(["check", "--since", ""]) == 1
    assert capsys.readouterr().out.splitlines()[:4] == [
        "content/annotations/nichols-2023/names-copy.yml:1:1: error: 'documents' names 'report-copy', a duplicate of "
        "'report' with no page [annotation-names-duplicate]",
        "    fix: name 'report' instead",
        "content/annotations/report-copy/on-copy.yml:1:1: error: this note is on 'report-copy', which its sidecar says "
        "is a duplicate of 'report': the copy has no page [annotation-on-duplicate]",
        "    fix: move the file to annotations/report/ (if the passage is there too), or delete it",
    ]
    archive = _declared(make_archive, files={"redirects.yml": "documents:\n  old-report: report-copy\n"})
    found = archive.collect()
    assert sorted((r.old, r.new) for r in found.redirects) == [
        ("old-report", "report"), ("report-copy", "report"), ("report-edited", "report")]


def test_a_copy_whose_original_is_left_out_is_an_error(make_archive, monkeypatch, capsys):
    archive = make_archive({"report.txt": "   \n", "report-copy.txt": REPORT}, {"report-copy.yml": "duplicate_of: report\n"})
    monkeypatch.chdir(archive.root)
    assert main(["check", "--since", ""]) == 1
    assert capsys.readouterr().out.splitlines()[:2] == [
        "content/sources/report-copy.yml:1:15: error: the original, 'report', was left out of the archive (see the "
        "error on its source file), so this copy has nothing to forward to [duplicate-of-left-out]",
        "    fix: fix the original's source file, or remove 'duplicate_of' to give the copy its own page",
    ]


def test_declaring_a_copy_rebuilds_to_what_a_clean_build_makes(make_archive, tmp_path):
    archive = make_archive({"report.txt": REPORT, "report-copy.txt": REPORT, "nichols-2023.txt": REUTERS_STORY},
                           {"nichols-2023.yml": "date: 2023-08-14\n"}, files={"entities/council.yml": COUNCIL})
    build_site(archive.config, archive.site(), content_dir=archive.content)
    assert (archive.site() / "documents" / "report-copy" / "index.html").is_file()
    archive.write({"sources/report-copy.yml": "duplicate_of: report\n"})
    again = build_site(archive.config, archive.site(), content_dir=archive.content)
    assert (again.computed, again.reused) == (0, 2)  # the copy is set aside; nothing else is redone
    clean = make_tiny_archive(tmp_path / "clean", {}, {})
    shutil.rmtree(clean.content)
    shutil.copytree(archive.content, clean.content)
    clean.build()
    assert tree_digest(archive.site()) == tree_digest(clean.site())


def _synthetic(count: int, seed: int = 7) -> tuple[Archive, set[tuple[str, str]]]:
    """``count`` documents of 200 words drawn from a news-like vocabulary, and among them
    near-copies (a few words changed) and exact copies of some; returns the archive and the
    (original, copy) pairs planted."""
    rng = random.Random(seed)
    vocabulary = [f"w{n}" for n in range(3000)] + ["the", "of", "and", "said", "council", "minister"] * 200
    texts = {f"doc-{n:05d}": " ".join(rng.choice(vocabulary) for _ in range(200)) for n in range(count)}
    planted = set()
    for n in range(0, count, count // 20):
        original = f"doc-{n:05d}"
        words = texts[original].split()
        for k in range(rng.randint(1, 8)):  # up to 8 words of 200 changed: 96% alike or more
            words[rng.randrange(len(words))] = f"edit{k}"
        texts[f"doc-{n:05d}-z-near"] = " ".join(words)
        texts[f"doc-{n:05d}-z-same"] = texts[original]
        planted |= {(original, f"doc-{n:05d}-z-near"), (original, f"doc-{n:05d}-z-same")}
    return _memory(dict(sorted(texts.items()))), planted


def test_ten_thousand_documents_every_planted_copy_is_found_and_nothing_else_deterministically():
    archive, planted = _synthetic(10_000)
    started = time.perf_counter()
    found = find_duplicates(sketch_documents(archive))
    assert time.perf_counter() - started < 120  # a hang bound (comparing all 50 million pairs would take hours)
    pairs = {(d.message.split("'")[3].removeprefix("sources/").removesuffix(".txt"),
              d.path.removeprefix("sources/").removesuffix(".txt")) for d in found.diagnostics}
    assert pairs == planted
    again, _ = _synthetic(10_000)
    assert find_duplicates(sketch_documents(again)).diagnostics == found.diagnostics


def _memory(texts: dict[str, str]) -> Archive:
    """An archive of one-paragraph documents (id -> text) whose source files hold their text."""
    archive = Archive(content_dir=FAKE_CONTENT)
    for doc_id, text in texts.items():
        path = ContentPath(f"sources/{doc_id}.txt")
        doc = Document(DocId(doc_id), SourceFile(path, FAKE_CONTENT / path, text.encode()))
        doc.paragraphs = [Paragraph(1, 1, text)]
        archive.documents.append(doc)
    return archive


def test_a_copy_of_a_copy_names_the_original_in_its_fix():
    words = "the council met on monday in geneva to hear a report on the people held for years without a trial".split()
    assert len(words) == 20
    second = [*words[:3], "twice", *words[4:]]  # 1 word of 20 changed: 95% alike
    third = [*second[:8], "read", *second[9:15], "those", *second[16:]]  # 2 more: 90% alike the second, 85% the first
    archive = _memory({"a-first": " ".join(words), "b-second": " ".join(second), "c-third": " ".join(third)})
    found = find_duplicates(sketch_documents(archive)).diagnostics
    assert [(d.path, d.message) for d in found] == [
        ("sources/b-second.txt", "'sources/b-second.txt' is nearly identical to 'sources/a-first.txt' (95% of their "
                                 "words alike, in order; the threshold is 90%)"),
        ("sources/c-third.txt", "'sources/c-third.txt' is nearly identical to 'sources/b-second.txt' (90% of their "
                                "words alike, in order; the threshold is 90%), itself a copy of 'a-first'")]
    assert found[1].hint.startswith("add 'duplicate_of: a-first' to sources/c-third.yml")


def _copy_warnings(result) -> list[tuple[str, str]]:
    return [(d.path, d.message) for d in result.archive.diagnostics if d.code.startswith("duplicate-")]


def test_the_copies_found_are_kept_between_builds_and_found_again_when_a_document_changes(copies, monkeypatch,
                                                                                          tmp_path):
    """With the build's cache, the copies found are kept under every document's inputs: a build
    after an edit to an annotation looks for none, and reports what it reported; a changed
    source looks again, and the report is what a build without the cache makes."""
    from builder.pipeline import copies as kept

    first = build_site(copies.config, copies.site(), content_dir=copies.content)
    assert [path for path, _ in _copy_warnings(first)] == ["sources/report-copy.txt", "sources/report-edited.txt"]
    looked: list[int] = []
    found = kept.kept_copies_found
    monkeypatch.setattr(kept, "kept_copies_found", lambda *args: looked.append(1) or found(*args))
    copies.write({"annotations/report/note.yml": 'exact: "held many people"\nbody: A note.\nauthor: An Editor\n'
                                                 "date: 2026-01-01\nkind: note\n"})
    again = build_site(copies.config, copies.site(), content_dir=copies.content)
    assert (looked, again.computed, _copy_warnings(again)) == ([], 1, _copy_warnings(first))
    copies.write({"sources/report-edited.txt": UNDER})
    changed = build_site(copies.config, copies.site(), content_dir=copies.content)
    assert looked == [1]
    assert [path for path, _ in _copy_warnings(changed)] == ["sources/report-copy.txt"]
    clean = make_tiny_archive(tmp_path / "clean", {}, {})
    shutil.rmtree(clean.content)
    shutil.copytree(copies.content, clean.content)
    assert _copy_warnings(build_site(clean.config, clean.site(), content_dir=clean.content)) == _copy_warnings(changed)


def test_a_sidecars_new_title_finds_no_copies_again_but_a_new_date_does(copies, monkeypatch, tmp_path):
    """The copies found are also kept under what finding them reads of each document (its text,
    bytes, path and date): a corrected title reads them back; a corrected date (which decides
    which of two copies is the original) finds them again; each report is a clean build's."""
    from builder.pipeline import copies as kept

    build_site(copies.config, copies.site(), content_dir=copies.content)
    looked: list[int] = []
    found = kept.kept_copies_found
    monkeypatch.setattr(kept, "kept_copies_found", lambda *args: looked.append(1) or found(*args))

    def clean_warnings() -> list[tuple[str, str]]:
        clean = make_tiny_archive(tmp_path / f"clean-{len(looked)}", {}, {})
        shutil.rmtree(clean.content)
        shutil.copytree(copies.content, clean.content)
        return _copy_warnings(build_site(clean.config, clean.site(), content_dir=clean.content))

    copies.write({"sources/report-edited.yml": "title: The corrected title\n"})
    titled = build_site(copies.config, copies.site(), content_dir=copies.content)
    assert (looked, titled.computed) == ([], 1)
    assert _copy_warnings(titled) == clean_warnings()
    looked.clear()
    copies.write({"sources/report-edited.yml": "title: The corrected title\ndate: 1999-01-01\n"})
    dated = build_site(copies.config, copies.site(), content_dir=copies.content)
    assert looked == [1] and _copy_warnings(dated) != _copy_warnings(titled)
    assert _copy_warnings(dated) == clean_warnings()
    # Other code (of the check, or a library it uses) finds them again, though no text changed.
    looked.clear()
    monkeypatch.setattr(kept.result_store, "code_version", lambda: "other code")
    build_site(copies.config, copies.site(), content_dir=copies.content)
    assert looked == [1]


def test_the_words_compared_are_each_documents_words_with_one_string_for_each_word():
    """Finding copies keeps the words of every document it compared (duplicates.Words): the
    words are words_of's, and a word two documents share is one string in both lists."""
    archive = _memory({"a": "The Council met the council in Geneva.", "b": "A council met in Geneva, then left."})
    a, b = archive.documents
    words = Words()
    first, second = words(a), words(b)
    assert first == words_of(a) == ["the", "council", "met", "the", "council", "in", "geneva"]
    assert second == words_of(b)
    assert first[1] is first[4] is second[1] and first[6] is second[4]
    assert words(a) is first  # kept, not made again
