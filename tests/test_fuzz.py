"""A short, deterministic round of the fuzz harness (bench/fuzz.py): hostile sources through the
per-document stages and `archive check`. No exception escapes, and no input takes more than
LIMIT seconds (generous, as the test suite shares the machine; the long run, `make fuzz
SECONDS=600`, holds every input to LIMIT = 2 s, with fresh randomness)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings

from bench.fuzz import CheckArchive, run_document, warm_up
from bench.fuzz_inputs import sources

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
