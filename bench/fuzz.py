"""Fuzzing the builder with hostile sources: the per-document stages and `archive check`.

The properties: whatever a source holds, no exception escapes (bad input becomes a Diagnostic)
and no single input takes more than SLOWEST_ALLOWED seconds; and a real passage of a document
quoted with one character altered is anchored (re-anchored, with a warning), never an orphan,
unless the search honestly gave up on a document that repeats the passage's halves.

The sources come from bench/fuzz_inputs.py (mutated demo seeds, random Unicode, long lines,
repeats of the patterns' building blocks, hostile web pages, raw bytes). Each comes with an
annotation quoting a (perhaps altered) passage of it, so anchoring runs too.

``make fuzz SECONDS=600`` runs :func:`main`: as many examples as fit, with fresh randomness,
then a summary (examples run, the slowest input and its time, any failure).
``tests/test_fuzz.py`` runs a short, derandomized round of the same strategies in ``make test``.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from hypothesis import HealthCheck, Phase, given, settings

from bench.fuzz_inputs import DEMO, HTML_PAGE, REPO, seeds, sources, typo_sources
from builder.anchoring import APPROXIMATE_MAX, GAVE_UP, NormalText
from builder.pipeline.documents import Batch, run_batch
from builder.emit.urls import Urls
from builder.model import Annotation, Archive, ContentPath, DocId, Document, SourceFile
from builder.stages.annotations import anchor_document
from builder.stages.clean import clean_documents
from builder.stages.decode import decode_sources
from builder.stages.extract import extract_metadata
from builder.stages.register import load_register
from builder.stages.segment import segment_documents
from builder.stages.topics import load_topics

SLOWEST_ALLOWED = 2.0
"""Seconds one input may take (the per-document stages, or a whole `archive check`)."""
HUNG = 30
"""Seconds after which the long run stops an input and records it as a failure."""
FAILURES = REPO / "build" / "fuzz-failures"
"""Where the long run writes each failing input (the source, and the quote beside it)."""


@functools.lru_cache(maxsize=1)
def _editor_files() -> tuple[dict, dict]:
    """The demo register and topics, so that linking and topic assignment run on the fuzzed text."""
    archive = load_topics(load_register(Archive(content_dir=DEMO)))
    return archive.entities, archive.topics


def annotation(name: str, quote: str) -> Annotation:
    return Annotation(id="note", doc=DocId(name.rsplit(".", 1)[0]), path=ContentPath("annotations/fuzz/note.yml"),
                      exact=quote or "x", body="A note.", author="Fuzz", date="2024-01-01")


def run_document(name: str, raw: bytes, quote: str) -> tuple[float, dict[str, float]]:
    """The per-document stages (and the document's page) on one source; returns the seconds taken,
    and seconds per stage. Raises whatever escapes them."""
    entities, topics = _editor_files()
    doc = Document(DocId(name.rsplit(".", 1)[0]), SourceFile(ContentPath(f"sources/{name}"), DEMO / "sources" / name, raw))
    batch = Batch(DEMO, [doc], [annotation(name, quote)], entities, topics, "document", Urls(directory=True), own=True)
    started = time.perf_counter()
    _, stages = run_batch(batch)
    return time.perf_counter() - started, stages


def altered_passage(name: str, raw: bytes, at: float, length: int, altered: float) -> str:
    """Quote a passage of the document (as the stages read it: from ``at``, about ``length``
    characters, whole words) with one character changed, and anchor it. Returns what happened
    ('' when the document has no such passage); raises AssertionError when it is an orphan."""
    archive = Archive(content_dir=DEMO)
    archive.documents.append(Document(DocId(name.rsplit(".", 1)[0]), SourceFile(ContentPath(f"sources/{name}"),
                                                                                DEMO / "sources" / name, raw)))
    for stage in (decode_sources, clean_documents, extract_metadata, segment_documents):
        archive = stage(archive)
    if not archive.documents:
        return ""
    normal = NormalText.of(archive.documents[0].paragraphs)
    text = normal.text
    start = text.find(" ", int(at * len(text)))
    start = 0 if at == 0 or start < 0 else start + 1
    end = len(text.rstrip()) if start + length >= len(text) else text.rfind(" ", start, start + length + 1)
    passage = text[start:end]
    if not 20 <= len(passage) <= APPROXIMATE_MAX or passage != passage.strip():
        return ""
    k = min(len(passage) - 1, int(altered * len(passage)))
    quote = passage[:k] + ("%" if passage[k] == "#" else "#") + passage[k + 1:]
    note = annotation(name, quote)
    (diagnostic,) = anchor_document(archive.documents[0], [note]) or [None]
    if note.status == "orphan" and diagnostic.hint == GAVE_UP:
        # Honest, and allowed where the document repeats the passage's halves: every copy is a
        # candidate as close as the passage, and telling them apart costs more than the budget.
        halves = (passage[:len(passage) // 2], passage[len(passage) // 2:])
        assert any(len(normal.find_all(half)) > 1 for half in halves), f"gave up on a passage of {len(quote)} characters"
        return "gave up"
    assert note.status != "orphan", f"{len(quote)} characters from {start} altered at {k}: {diagnostic.hint}"
    return note.status


def warm_up() -> None:
    """Run one page and one text through the stages, so that no example pays for the first imports."""
    run_document("warm.html", HTML_PAGE.format(lang="en", title="T", author="A", description="D", date="2020-01-01",
                                               nav="Home", body="<p>The council met.</p>").encode(), "council")
    run_document("warm.txt", seeds()[0].encode(), seeds()[0][:40])


class CheckArchive:
    """A content folder with the demo register and topics, holding one fuzzed source at a time."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="archive-fuzz-"))
        for part in ("entities", "topics"):
            shutil.copytree(DEMO / part, self.root / part)
        (self.root / "sources").mkdir()
        (self.root / "annotations" / "fuzz").mkdir(parents=True)

    def check(self, name: str, raw: bytes, quote: str) -> tuple[float, int]:
        """`archive check` on the folder with this source; (seconds, exit code)."""
        from builder.cli import main
        from builder.yamlio import dump

        for old in (self.root / "sources").iterdir():
            old.unlink()
        (self.root / "sources" / name).write_bytes(raw)
        (self.root / "annotations" / "fuzz" / "note.yml").write_text(
            dump({"exact": quote or "x", "body": "A note.", "author": "Fuzz", "date": "2024-01-01"}), encoding="utf-8")
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            code = main(["check", "--content", str(self.root), "--since", ""])
        return time.perf_counter() - started, code

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


class Hung(Exception):
    """An input ran for HUNG seconds."""


@contextlib.contextmanager
def time_limit(seconds: int):
    """Raise Hung in this thread after ``seconds`` (the long run's guard against a hang)."""
    def stop(signum, frame):
        raise Hung(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Tally:
    examples: int = 0
    checks: int = 0
    typos: int = 0
    slowest: float = 0.0
    slowest_input: tuple[str, bytes, str] = ("", b"", "")
    slowest_stages: dict[str, float] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    current: tuple[str, bytes, str] = ("", b"", "")

    def record_failure(self, message: str) -> str:
        """Write the input that failed under FAILURES; returns where."""
        path = save(f"failure-{len(self.failures) + 1}", self.current)
        self.failures.append(f"{message} (input: {path})")
        return path

    def timed(self, seconds: float, source: tuple[str, bytes, str], stages: dict[str, float] | None = None) -> None:
        if seconds > self.slowest:
            self.slowest, self.slowest_input, self.slowest_stages = seconds, source, stages or {"archive check": seconds}
        assert seconds < SLOWEST_ALLOWED, f"{source[0]} of {len(source[1])} bytes took {seconds:.2f} s"


def save(label: str, source: tuple[str, bytes, str]) -> str:
    """Write a source (and its quote beside it) under FAILURES; returns the path from the repository."""
    name, raw, quote = source
    FAILURES.mkdir(parents=True, exist_ok=True)
    path = FAILURES / f"{label}-{name}"
    path.write_bytes(raw)
    path.with_name(path.name + ".quote").write_text(quote, encoding="utf-8", errors="surrogatepass")
    return str(path.relative_to(REPO))


def document_property(tally: Tally):
    @given(sources(shared=True))
    def prop(source):
        tally.examples += 1
        tally.current = source
        with time_limit(HUNG):
            seconds, stages = run_document(*source)
        tally.timed(seconds, source, stages)
    return prop


def typo_property(tally: Tally):
    @given(typo_sources(shared=True))
    def prop(source):
        tally.typos += 1
        tally.current = source[:2] + (f"{source[2:]}",)
        with time_limit(HUNG):
            altered_passage(*source)
    return prop


def check_property(tally: Tally, archive: CheckArchive):
    @given(sources(shared=True))
    def prop(source):
        tally.checks += 1
        tally.current = source
        with time_limit(HUNG):
            seconds, code = archive.check(*source)
        assert code in (0, 1), f"archive check exited with {code}"
        tally.timed(seconds, source)
    return prop


def _round(prop, examples: int) -> None:
    # Fresh randomness, no shrinking (a failing input is written out whole, see Tally.record_failure).
    settings(max_examples=examples, deadline=None, database=None, derandomize=False, phases=[Phase.generate],
             report_multiple_bugs=False, suppress_health_check=list(HealthCheck))(prop)()


def fuzz(seconds: float, tally: Tally, out=sys.stdout) -> Tally:
    """Rounds of fresh examples, for the per-document stages and for `archive check`, until ``seconds`` pass."""
    archive = CheckArchive()
    shutil.rmtree(FAILURES, ignore_errors=True)  # the inputs of this run only
    warm_up()
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            for prop, examples in ((document_property(tally), 200), (typo_property(tally), 50),
                                   (check_property(tally, archive), 10)):
                try:
                    with contextlib.redirect_stdout(io.StringIO()):  # Hypothesis prints the (large) input
                        _round(prop, examples)
                except Exception as exc:  # a failure Hypothesis found: record it, go on
                    where = tally.record_failure(f"{type(exc).__name__}: {str(exc)[:300]}")
                    print(f"FAILURE {len(tally.failures)}: {type(exc).__name__}: {str(exc)[:300]} ({where})",
                          file=out, flush=True)
            print(f"{tally.examples} documents, {tally.typos} altered passages, {tally.checks} checks, slowest {tally.slowest:.2f} s, "
                  f"{len(tally.failures)} failure(s)", file=out, flush=True)
    finally:
        archive.remove()
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=600.0)
    args = parser.parse_args(argv)
    tally = fuzz(args.seconds, Tally())
    name, raw, quote = tally.slowest_input
    where = save("slowest", tally.slowest_input) if name else ""
    print(f"\narchive fuzz: {tally.examples} inputs through the per-document stages, {tally.typos} passages quoted "
          f"with one character altered, {tally.checks} through `archive check`, in {args.seconds:.0f} s")
    print(f"slowest input: {tally.slowest:.3f} s ({name}, {len(raw)} bytes, a quote of {len(quote)} characters); "
          + ", ".join(f"{stage} {s:.3f} s" for stage, s in sorted(tally.slowest_stages.items(), key=lambda i: -i[1])[:3])
          + (f"; written to {where}" if where else ""))
    print(f"failures (exceptions, inputs over {SLOWEST_ALLOWED:.0f} s, altered passages left orphans): {len(tally.failures)}")
    for failure in tally.failures:
        print(f"  {failure}")
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
