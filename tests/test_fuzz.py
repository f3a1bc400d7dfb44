"""A short, deterministic round of the fuzz harness (bench/fuzz.py): hostile sources through the
per-document stages and `archive check`. No exception escapes, and no input takes more than
LIMIT seconds (generous, as the test suite shares the machine; the long run, `make fuzz
SECONDS=600`, holds every input to LIMIT = 2 s, with fresh randomness)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings

from bench.fuzz import CheckArchive, altered_passage, run_document, warm_up
from bench.fuzz_inputs import seeds, sources, typo_sources

LIMIT = 10.0
"""Seconds: the inputs below once took minutes; now each takes well under a second."""

SHORT = settings(max_examples=30, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))

# Inputs that once hung or crashed a stage, kept as regression examples.
FOUND = [
    ("fuzz.txt", ('Headline\n\n[x' + ' a="1"' * 40 + ' b\n').encode(), "a"),  # the shortcode rule (issue 16)
    ("fuzz.txt", ("Headline\n\n(Reporting by Ann" + " " * 4000 + "Lee)\n").encode(), "Ann"),  # splitting authors
    ("fuzz.txt", ("GENEVA" + " " * 4000 + "- The council met.\n").encode(), "council"),  # the dateline
    ("fuzz.txt", "Real paragraph.\nSubscribe\n".encode(), "Real paragraph."),
]


def test_the_short_round_uses_the_test_fixtures_only():
    from bench.fuzz_inputs import DEMO

    assert seeds() == tuple(p.read_text(encoding="utf-8") for p in sorted((DEMO / "sources").glob("*.txt")))


@pytest.fixture(scope="module", autouse=True)
def warm():
    warm_up()


@pytest.fixture(scope="module")
def check_archive():
    archive = CheckArchive()
    yield archive
    archive.remove()


@SHORT
@given(sources())
@example(FOUND[0])
@example(FOUND[1])
@example(FOUND[2])
@example(FOUND[3])
def test_hostile_sources_through_the_per_document_stages(source):
    seconds, _ = run_document(*source)
    assert seconds < LIMIT, f"{source[0]} of {len(source[1])} bytes took {seconds:.2f} s"


@settings(SHORT, max_examples=10)
@given(sources())
@example(FOUND[0])
def test_hostile_sources_through_archive_check(check_archive, source):
    seconds, code = check_archive.check(*source)
    assert code in (0, 1)
    assert seconds < LIMIT, f"{source[0]} of {len(source[1])} bytes took {seconds:.2f} s"


@settings(SHORT, max_examples=15)
@given(typo_sources())
@example(("fuzz.txt", seeds()[1].encode(), 0.3, 5000, 0.5))
@example(("fuzz.txt", seeds()[1].encode(), 0.0, 2000, 0.0))
def test_a_real_passage_with_one_character_altered_is_never_an_orphan(source):
    # altered_passage asserts the annotation is anchored (re-anchored, with a warning), not an orphan.
    assert altered_passage(*source) in ("", "anchored", "reanchored", "ambiguous", "gave up")
