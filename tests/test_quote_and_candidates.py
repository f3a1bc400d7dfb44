"""`archive quote` (builder/quote.py) and `archive candidates` (builder/candidates/), run through
builder.cli.main as an editor would."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from helpers import REPORT, make_tiny_archive, tree_digest
from builder.cli import main

START = "A story that starts with its passage\n\nThe council met on Monday.\n\nLater The council voted.\n"
HEADER = "# Save as content/annotations/report/<annotation-id>.yml\n"


@pytest.fixture
def archive(tmp_path):
    return make_tiny_archive(tmp_path / "quote", files={"sources/report.txt": REPORT, "sources/start.txt": START})


def quote(capsys, archive, *args):
    code = main(["quote", "--content", str(archive.content), *args])
    out, err = capsys.readouterr()
    return code, out, err


def saved_annotation(archive, doc_id: str, name: str, printed: str) -> None:
    """Save the printed YAML as an editor would (after writing the note)."""
    record = yaml.safe_load(printed)
    record["body"] = "The note."
    if record["author"] == "Your Name":  # the placeholder, which the check refuses
        record["author"] = "An Editor"
    archive.write({f"annotations/{doc_id}/{name}.yml": printed.replace("Write the note here, in Markdown.", "The note.")
                   .replace("author: Your Name", "author: An Editor")})
    assert yaml.safe_load((archive.content / f"annotations/{doc_id}/{name}.yml").read_text(encoding="utf-8")) == record


def anchoring_of(archive, doc_id: str, name: str):
    collected = archive.collect()
    annotation = next((a for a in collected.annotations if a.id == name), None)
    diagnostics = [(d.severity, d.code, d.message) for d in collected.diagnostics if d.path.endswith(f"/{name}.yml")]
    return (annotation.status if annotation else "not loaded"), (annotation.spans if annotation else []), diagnostics


def test_unique_passage_prints_a_ready_annotation(capsys, archive):
    code, out, err = quote(capsys, archive, "report", "voted on the “new” rules")
    assert (code, err) == (0, "")
    assert out.startswith(HEADER)
    assert yaml.safe_load(out) == {"exact": "voted on the “new” rules", "kind": "note",
                                   "body": "Write the note here, in Markdown.", "author": "Your Name",
                                   "date": dt.date.today().isoformat()}
    assert "prefix" not in out and "suffix" not in out


def test_author_option_and_straight_quotes(capsys, archive):
    code, out, _ = quote(capsys, archive, "report", 'the "new" rules', "--author", "Ann Lee")
    record = yaml.safe_load(out)
    assert code == 0
    assert (record["exact"], record["author"]) == ('the "new" rules', "Ann Lee")
    saved_annotation(archive, "report", "straight", out)
    status, spans, diagnostics = anchoring_of(archive, "report", "straight")
    assert (status, diagnostics) == ("anchored", [])


def test_ambiguous_passage_without_occurrence_lists_the_occurrences_and_fails(capsys, archive):
    code, out, err = quote(capsys, archive, "report", "the council")
    assert (code, out) == (1, "")
    assert err == (
        "archive quote: the passage occurs 2 times in report; choose one with --occurrence N:\n"
        '  1) …The council met on Monday. Then [the council] voted on the "new" rules - after a long…\n'
        "  2) …rules - after a long debate. After that [the council] rested. Its members went home to Geneva…\n")


@pytest.mark.parametrize("occurrence, prefix, paragraph", [(1, "Then", 1), (2, "that", 2)])
def test_occurrence_adds_the_shortest_unique_prefix_and_the_result_anchors(capsys, archive, occurrence, prefix,
                                                                            paragraph):
    code, out, err = quote(capsys, archive, "report", "the council", "--occurrence", str(occurrence))
    assert (code, err) == (0, "")
    record = yaml.safe_load(out)
    assert (record["exact"], record.get("prefix"), record.get("suffix")) == ("the council", prefix, None)
    assert list(record) == ["exact", "prefix", "kind", "body", "author", "date"]
    saved_annotation(archive, "report", f"occurrence-{occurrence}", out)
    status, spans, diagnostics = anchoring_of(archive, "report", f"occurrence-{occurrence}")
    assert (status, diagnostics) == ("anchored", [])
    assert [index for index, _, _ in spans] == [paragraph]


def test_a_suffix_is_given_when_it_is_shorter(capsys, tmp_path):
    archive = make_tiny_archive(tmp_path / "s", files={"sources/doc.txt": "A title for it\n\nAt first, in a long preamble, the vote "
                                                          "was won. Later, in a long preamble, the vote was lost.\n"})
    code, out, _ = quote(capsys, archive, "doc", "in a long preamble, the vote was", "--occurrence", "2")
    record = yaml.safe_load(out)
    assert code == 0
    assert (record.get("prefix"), record.get("suffix")) == (None, "lost")  # shorter than the prefix "Later,"
    saved_annotation(archive, "doc", "second", out)
    status, spans, diagnostics = anchoring_of(archive, "doc", "second")
    assert (status, diagnostics) == ("anchored", [])
    assert spans[0][1] > 0


@pytest.mark.parametrize("text, passage, occurrence, paragraph", [
    (START, "The council", 1, 1),  # this occurrence is at the start
    ("A title for it\n\nIn a long preamble, the vote was won. In a long preamble, the vote was lost.\n",
     "In a long preamble, the vote was", 2, 1),  # the other occurrence is at the start
])
def test_occurrence_next_to_the_start_of_the_document_gets_a_usable_selector(capsys, tmp_path, text, passage,
                                                                              occurrence, paragraph):
    archive = make_tiny_archive(tmp_path / "s", files={"sources/doc.txt": text})
    code, out, _ = quote(capsys, archive, "doc", passage, "--occurrence", str(occurrence))
    assert code == 0
    saved_annotation(archive, "doc", "chosen", out)
    status, spans, diagnostics = anchoring_of(archive, "doc", "chosen")
    assert (status, diagnostics) == ("anchored", [])
    assert spans[0][0] == paragraph
    assert (spans[0][1] == 0) == (occurrence == 1)


def test_passage_copied_across_two_paragraphs_gives_a_loadable_annotation(capsys, archive):
    code, out, _ = quote(capsys, archive, "report", "after a long debate.\n\nAfter that")
    assert code == 0
    saved_annotation(archive, "report", "two-paragraphs", out)
    status, spans, diagnostics = anchoring_of(archive, "report", "two-paragraphs")
    assert (status, diagnostics) == ("anchored", [])
    assert [index for index, _, _ in spans] == [1, 2]


@pytest.mark.parametrize("args, message", [
    (["reprot", "the council"], "archive quote: no document has the id 'reprot'; did you mean 'report'?\n"),
    (["report", "the council", "--occurrence", "3"], "archive quote: there are only 2 occurrences\n"),
    (["report", "Zebras xylophone quizzically"], "archive quote: the passage is not in report\n"),
])
def test_quote_errors(capsys, archive, args, message):
    code, out, err = quote(capsys, archive, *args)
    assert (code, out, err) == (1, "", message)


def test_an_occurrence_no_nearby_text_singles_out_asks_for_a_longer_passage(capsys, tmp_path):
    # More than MAX_TOLD_APART occurrences (issue 16: listing thousands of them was quadratic).
    archive = make_tiny_archive(tmp_path / "s", files={"sources/doc.txt": "A title for it\n\n" + "The council voted. " * 1500 + "\n"})
    code, out, err = quote(capsys, archive, "doc", "The council voted.", "--occurrence", "7")
    assert (code, out) == (1, "")
    assert err == ("archive quote: the passage occurs 1500 times in doc, and no nearby text singles out occurrence 7: "
                   "quote a longer passage\n")


def test_a_passage_occurring_many_times_lists_twenty_and_counts_the_rest(capsys, tmp_path):
    # Like the anchoring stage's message: archive quote listed every occurrence.
    archive = make_tiny_archive(tmp_path / "s", files={"sources/doc.txt": "A title for it\n\n" + "The council voted. " * 1500 + "\n"})
    code, out, err = quote(capsys, archive, "doc", "The council voted.")
    lines = err.splitlines()
    assert (code, out) == (1, "")
    assert lines[0] == "archive quote: the passage occurs 1500 times in doc; choose one with --occurrence N:"
    assert len(lines) == 1 + 20 + 1
    assert lines[1] == "  1) …[The council voted.] The council voted. The council voted. T…"
    assert lines[-1] == "  … and 1480 more (quote a longer passage)"


def test_a_passage_too_long_to_look_for_approximately_says_so(capsys, tmp_path):
    words = " ".join(f"word{i}" for i in range(1200))
    archive = make_tiny_archive(tmp_path / "s", files={"sources/doc.txt": f"A title for it\n\n{words}\n"})
    code, out, err = quote(capsys, archive, "doc", words.replace("word600", "wort600"))
    assert (code, out) == (1, "")
    assert err == ("archive quote: the passage is not in doc: a passage over 5,000 characters is only found exactly: "
                   "copy it from the document page\n")


def test_a_close_passage_is_shown(capsys, archive):
    code, out, err = quote(capsys, archive, "report", "the councel met")
    assert (code, out) == (1, "")
    assert err.startswith("archive quote: the passage is not in report; the closest passage (")


def test_quote_changes_no_file(capsys, archive):
    before = tree_digest(archive.root)
    quote(capsys, archive, "report", "the council", "--occurrence", "2")
    assert tree_digest(archive.root) == before


# --- candidates -------------------------------------------------------------------------------

CANDIDATE_SOURCES = {
    "entities/china.yml": "id: china\nname: China\ntype: place\n",
    "sources/one.txt": "First story\n\nZhou Enlai went to China on Monday, and on Tuesday Zhou Enlai spoke.\n",
    "sources/two.txt": "Second story\n\nIn March, Zhou Enlai met the press. China said no, and China left.\n",
}


def candidates(capsys, archive, *args):
    code = main(["candidates", "--content", str(archive.content), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_candidates_lists_a_recurring_name_not_in_the_register(capsys, tmp_path):
    archive = make_tiny_archive(tmp_path / "c", files=CANDIDATE_SOURCES)
    before = tree_digest(archive.root)
    code, out, err = candidates(capsys, archive)
    assert (code, err) == (0, "")
    assert out == (
        "rank  count  docs  name  (other forms; documents)\n"
        "   1      3     2  Zhou Enlai  (one, two)\n"
        "archive candidates: 1 names occur at least 2 times and are not in the register; "
        "add the real ones as entities/<id>.yml, or draft them with --write NAME or --write RANK\n")
    assert tree_digest(archive.root) == before  # nothing written, nothing changed


def test_candidates_minimum(capsys, tmp_path):
    archive = make_tiny_archive(tmp_path / "c", files=CANDIDATE_SOURCES)
    assert candidates(capsys, archive, "--min", "3")[1].splitlines()[1] == "   1      3     2  Zhou Enlai  (one, two)"
    code, out, _ = candidates(capsys, archive, "--min", "4")
    assert code == 0
    assert out.splitlines() == [
        "rank  count  docs  name  (other forms; documents)",
        "archive candidates: 0 names occur at least 4 times and are not in the register; "
        "add the real ones as entities/<id>.yml, or draft them with --write NAME or --write RANK"]


def test_a_name_added_to_the_register_is_no_longer_a_candidate(capsys, tmp_path):
    archive = make_tiny_archive(tmp_path / "c", files={**CANDIDATE_SOURCES,
                                         "entities/zhou-enlai.yml": "id: zhou-enlai\nname: Zhou Enlai\ntype: person\n"})
    code, out, _ = candidates(capsys, archive)
    assert (code, out.splitlines()[1:]) == (0, [
        "archive candidates: 0 names occur at least 2 times and are not in the register; "
        "add the real ones as entities/<id>.yml, or draft them with --write NAME or --write RANK"])


def test_a_name_followed_by_of_and_a_register_entity_still_counts(capsys, tmp_path):
    archive = make_tiny_archive(tmp_path / "c", files={
        **CANDIDATE_SOURCES,
        "sources/three.txt": "Third story\n\nThen Zhou Enlai of China left, and later Zhou Enlai of China came back.\n"})
    code, out, _ = candidates(capsys, archive)
    assert "   1      5     3  Zhou Enlai  (one, three, two)" in out.splitlines()
