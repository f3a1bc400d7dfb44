"""Copies of copies (review of issue 20): the report names the original at the end of a chain,
so that following its advice builds; a ``duplicate_of`` naming another copy forwards to that
copy's original; copies naming each other in a circle are one error; which of two alike
documents is the copy; and a corpus of thousands of near-copies of one text is checked
without comparing each document with every other."""

from __future__ import annotations

import pytest

from builder.cli import main
from builder.stages import duplicates
from builder.stages.duplicates import BANDS, find_duplicates, sketch_documents
from test_duplicates import EDITED, REPORT, _memory


def _fix(copy: str, original: str, first: str) -> str:
    return (f"add 'duplicate_of: {original}' to sources/{copy}.yml (its page then forwards to the original), or delete "
            f"'sources/{copy}.txt'; if they are different documents, add 'not_duplicate_of: [{first}]' to "
            f"sources/{copy}.yml")


def test_a_byte_identical_copy_of_a_near_copy_is_told_to_name_the_original_and_following_the_advice_builds(
        make_archive, monkeypatch, capsys):
    archive = make_archive({"report.txt": REPORT, "report-edited.txt": EDITED, "report-edited-again.txt": EDITED}, {})
    monkeypatch.chdir(archive.root)
    assert main(["check", "--since", ""]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "content/sources/report-edited-again.txt: warning: 'sources/report-edited-again.txt' is a byte-identical copy "
        "of 'sources/report-edited.txt', itself a copy of 'report' [duplicate-identical]",
        "    fix: " + _fix("report-edited-again", "report", "report-edited"),
        "content/sources/report-edited.txt: warning: 'sources/report-edited.txt' is nearly identical to "
        "'sources/report.txt' (96.1% of their words alike, in order; the threshold is 90%) [duplicate-near]",
        "    fix: " + _fix("report-edited", "report", "report"),
        "archive check: 3 documents; 0 error(s), 2 warning(s)",
    ]
    archive.write({"sources/report-edited.yml": "duplicate_of: report\n",
                   "sources/report-edited-again.yml": "duplicate_of: report\n"})
    assert main(["check", "--since", ""]) == 0
    assert capsys.readouterr().out.splitlines() == ["archive check: 1 documents; 0 error(s), 0 warning(s)"]


def test_a_copy_naming_another_copy_forwards_to_the_original(make_archive):
    archive = make_archive({"report.txt": REPORT, "report-copy.txt": REPORT, "report-edited.txt": EDITED},
                           {"report-copy.yml": "duplicate_of: report-edited\n",
                            "report-edited.yml": "duplicate_of: report\n"})
    found = archive.collect()
    assert [d for d in found.diagnostics if d.severity != "info"] == []
    assert found.duplicate_of == {"report-copy": "report", "report-edited": "report"}
    assert sorted((r.old, r.new) for r in found.redirects) == [("report-copy", "report"), ("report-edited", "report")]
    site = archive.build()
    forward = (site / "documents" / "report-copy" / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../report/">' in forward
    assert sorted(p.name for p in (site / "documents").iterdir()) == ["report", "report-copy", "report-edited"]
    assert (site / "documents" / "report" / "index.html").read_text(encoding="utf-8").count("http-equiv") == 0


def test_three_copies_in_a_circle_are_one_error_and_a_copy_leading_into_it_none(make_archive, monkeypatch, capsys):
    archive = make_archive({"a.txt": REPORT, "b.txt": REPORT, "c.txt": REPORT, "d.txt": REPORT},
                           {"a.yml": "title: A\nduplicate_of: c\n", "b.yml": "duplicate_of: a\n",
                            "c.yml": "duplicate_of: b\n", "d.yml": "duplicate_of: b\n"})
    monkeypatch.chdir(archive.root)
    assert main(["check", "--since", ""]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "content/sources/a.yml:2:15: error: 'a', 'c' and 'b' name each other in 'duplicate_of', in a circle "
        "(a -> c -> b -> a) [duplicate-of-circle]",
        "    fix: keep one of them as the original: remove 'duplicate_of' from its sidecar (sources/a.yml, sources/c.yml "
        "or sources/b.yml); the others then forward to it",
        "archive check: 4 documents; 1 error(s), 0 warning(s)",
    ]
    archive.write({"sources/a.yml": "title: A\n"})  # as the fix says: every other forwards to a
    found = archive.collect()
    assert found.blocking_errors == []
    assert found.duplicate_of == {"b": "a", "c": "a", "d": "a"}


@pytest.mark.parametrize("top, deeper", [("report", "older/report"), ("zz-report", "a/report")])
def test_of_two_copies_the_one_nearer_the_top_is_the_original(make_archive, top, deeper):
    found = make_archive({f"{top}.txt": REPORT, f"{deeper}.txt": REPORT}, {}).collect()
    assert [(d.path, d.message) for d in found.diagnostics] == [
        (f"sources/{deeper}.txt", f"'sources/{deeper}.txt' is a byte-identical copy of 'sources/{top}.txt'")]


def test_of_two_copies_in_one_folder_the_one_dated_earlier_is_the_original(make_archive):
    later = REPORT.replace("March 3, 2004", "March 9, 2004")
    found = make_archive({"a-later.txt": later, "b-earlier.txt": REPORT.replace("for years", "for many years"),
                          "c-undated.txt": REPORT.replace("By Jane Roe | March 3, 2004", "By Jane Roe")}, {}).collect()
    assert sorted((d.path, d.message.split(" (")[0]) for d in found.diagnostics) == [
        ("sources/a-later.txt", "'sources/a-later.txt' is nearly identical to 'sources/b-earlier.txt'"),
        ("sources/c-undated.txt", "'sources/c-undated.txt' is nearly identical to 'sources/b-earlier.txt'")]


def test_thousands_of_near_copies_of_one_text_are_not_each_compared_with_every_other(monkeypatch):
    """3,000 failed captures saying the same few words, each slightly different: every one is
    found a copy of the first, and each document has at most BANDS x MAX_BUCKET candidates
    (without the bound, each had every earlier one in most of its bands: 75 million in all)."""
    from builder.stages.duplicates import MAX_BUCKET

    texts = {f"capture-{n:05d}": f"please enable javascript to view this page on our site, reference {n} of the archive "
             "and try again later or contact the site's help desk for more information on the page you asked for"
             for n in range(3000)}
    candidates: list[int] = []

    shared = duplicates._shared

    def counting(hits):
        candidates.append(len(hits))
        return shared(hits)

    monkeypatch.setattr(duplicates, "_shared", counting)
    found = find_duplicates(sketch_documents(_memory(texts)))
    assert [d.path for d in found.diagnostics] == [f"sources/capture-{n:05d}.txt" for n in range(1, 3000)]
    assert {d.hint.split("'")[1] for d in found.diagnostics} == {"duplicate_of: capture-00000"}
    assert len(candidates) == 2999 and max(candidates) <= BANDS * MAX_BUCKET
    assert sum(candidates) <= 3000 * BANDS * MAX_BUCKET < 4_000_000
