"""Fuzzing the builder with hostile sources: the per-document stages and `archive check`.

The property: whatever a source holds, no exception escapes (bad input becomes a Diagnostic)
and no single input takes more than SLOWEST_ALLOWED seconds.

Sources are mutations of the demo seeds (``../shared/seeds`` when it is there, read at run
time, else the frozen test copy ``tests/fixtures/demo-content/sources``), random Unicode,
long lines and long repeats of the building blocks of the builder's patterns (shortcodes,
bylines, dates, brackets, quotes, control characters, HTML tags for ``.html`` sources). Each
comes with an annotation quoting a (perhaps altered) passage of it, so anchoring runs too.

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
from hypothesis import strategies as st

from builder.document_stages import Batch, run_batch
from builder.emit.urls import Urls
from builder.model import Annotation, Archive, ContentPath, DocId, Document, SourceFile
from builder.stages.register import load_register
from builder.stages.topics import load_topics

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "tests" / "fixtures" / "demo-content"
SEEDS = REPO.parent / "shared" / "seeds"
SLOWEST_ALLOWED = 2.0
"""Seconds one input may take (the per-document stages, or a whole `archive check`)."""
HUNG = 30
"""Seconds after which the long run stops an input and records it as a failure."""
FAILURES = REPO / "build" / "fuzz-failures"
"""Where the long run writes each failing input (the source, and the quote beside it)."""

BLOCKS = (
    '[x a="1" ', "[caption id=", "[/", "] ", "By ", "BY: ", "By Ann Lee | ", "May 3, 2010 ", "3rd May 2010 ",
    "2010-02-30 ", "12/11/2010 ", "Published on ", "(", ")", "[", "]", "#", "# ", '"', "'", "“", "”", "‘", "’",
    "«", "—", "–", "-", "\x00", "\x0b", "\x1b", "\r", "\r\n", "\u2028", "\u200b", "\ufeff", " ", "  ", "\t", "\n",
    "\n\n", "GENEVA - ", "UNITED NATIONS (Reuters) – ", "(AFP) - ", "(Reporting by ", ", and ", " and ", " & ",
    "Ann Lee is a reporter ", "writes for ", "Subscribe ", "Subscribe to PassBlue ", "Leave a Reply", "Related Posts",
    "cookies accept ", "Advertisement", "Share this:", "Photo: ", "(photo credit) ", "UN PHOTO ", "*", "_", "`",
    "    ", "1986. ", "---", "===", "|", "http://", "<", ">", "&amp;", "&#", "<!--", "-->", "<script>", "</script>",
    "<p>", "</p>", "<br>", "<b>", "<a href=", "<meta charset=", "<img src=x onerror=alert(1)>", "{", "}", "\\",
    "Ban Ki-moon ", "United Nations ", "the council ", "China", "é", "e\u0301", "ﬁ", "İ", "ß", "\U0001F600",
)
HTML_PAGE = ('<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
             '<meta name="author" content="{author}"><meta name="description" content="{description}">'
             '<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{title}", '
             '"author": {{"name": "{author}"}}, "datePublished": "{date}"}}</script></head>'
             "<body><header>{nav}</header><article><h1>{title}</h1>{body}</article><footer>{nav}</footer></body></html>")


@functools.lru_cache(maxsize=1)
def seeds() -> tuple[str, ...]:
    """The demo seeds (read where they are; never copied into the project)."""
    folder = SEEDS if SEEDS.is_dir() else DEMO / "sources"
    return tuple(path.read_text(encoding="utf-8", errors="replace") for path in sorted(folder.glob("*.txt")))


def _mutate(data: st.DataObject, text: str) -> str:
    """A few random edits: blocks repeated at a place, pieces cut, doubled or replaced, lines joined."""
    for _ in range(data.draw(st.integers(0, 6), label="edits")):
        at = data.draw(st.integers(0, len(text)), label="at")
        to = data.draw(st.integers(at, min(len(text), at + 400)), label="to")
        edit = data.draw(st.sampled_from(("repeat", "cut", "double", "unicode", "join", "swap")), label="edit")
        if edit == "repeat":
            block = data.draw(st.sampled_from(BLOCKS) | st.text(min_size=1, max_size=4), label="block")
            count = data.draw(st.sampled_from((1, 2, 3, 10, 40, 200, 1000, 5000)), label="count")
            text = text[:at] + block * count + text[at:]
        elif edit == "cut":
            text = text[:at] + text[to:]
        elif edit == "double":
            text = text[:to] + text[at:to] * data.draw(st.integers(1, 50), label="times") + text[to:]
        elif edit == "unicode":
            text = text[:at] + data.draw(st.text(max_size=80), label="unicode") + text[to:]
        elif edit == "join":
            text = text[:at] + text[at:to].replace("\n", " ") + text[to:]
        else:
            text = text[at:] + text[:at]
    return text


@st.composite
def source_texts(draw) -> str:
    """Text for a .txt source: a mutated seed, random Unicode, or a long repeat of building blocks."""
    kind = draw(st.sampled_from(("seed", "seed", "seed", "unicode", "blocks")), label="kind")
    if kind == "seed":
        return _mutate(draw(st.data()), draw(st.sampled_from(seeds()), label="seed"))
    if kind == "unicode":
        return draw(st.text(max_size=2000), label="text")
    blocks = draw(st.lists(st.sampled_from(BLOCKS), min_size=1, max_size=4), label="blocks")
    count = draw(st.sampled_from((1, 10, 100, 1000, 4000)), label="count")
    return draw(st.sampled_from(seeds()), label="seed")[:draw(st.integers(0, 400))] + "".join(blocks) * count


@st.composite
def html_pages(draw) -> str:
    """A captured web page whose metadata and body hold hostile text."""
    def piece(label: str) -> str:
        return draw(st.sampled_from(BLOCKS) | st.text(max_size=30), label=label) * draw(st.sampled_from((1, 3, 300)))

    body = "".join(f"<p>{line}</p>" for line in draw(source_texts(), label="body").split("\n"))
    return HTML_PAGE.format(lang=piece("lang"), title=piece("title"), author=piece("author"),
                            description=piece("description"), date=piece("date"), nav=piece("nav"), body=body)


@st.composite
def sources(draw) -> tuple[str, bytes, str]:
    """(file name, bytes, a passage to quote) for one source."""
    kind = draw(st.sampled_from(("txt", "txt", "txt", "html", "bytes")), label="format")
    if kind == "html":
        text, name = draw(html_pages()), "fuzz.html"
    elif kind == "bytes":
        raw = draw(st.sampled_from((b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")), label="bom") + draw(
            st.binary(max_size=600) | source_texts().map(lambda t: t.encode("cp1252", errors="replace")), label="bytes")
        return "fuzz.txt", raw, draw(st.text(max_size=40), label="quote")
    else:
        text, name = draw(source_texts()), "fuzz.txt"
    at = draw(st.integers(0, len(text)), label="quote at")
    quote = text[at:at + draw(st.sampled_from((5, 30, 300, 1000)), label="quote length")]
    if draw(st.booleans(), label="alter quote"):
        words = quote.split()
        quote = " ".join(draw(st.permutations(words), label="reordered")) if len(words) < 200 else quote[::-1]
    return name, text.encode("utf-8", errors="surrogatepass"), quote


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
    slowest: float = 0.0
    slowest_input: tuple[str, bytes, str] = ("", b"", "")
    slowest_stages: dict[str, float] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    current: tuple[str, bytes, str] = ("", b"", "")

    def record_failure(self, message: str) -> str:
        """Write the input that failed under FAILURES; returns where."""
        name, raw, quote = self.current
        FAILURES.mkdir(parents=True, exist_ok=True)
        path = FAILURES / f"failure-{len(self.failures) + 1}-{name}"
        path.write_bytes(raw)
        path.with_name(path.name + ".quote").write_text(quote, encoding="utf-8", errors="surrogatepass")
        self.failures.append(f"{message} (input: {path.relative_to(REPO)})")
        return str(path)

    def timed(self, seconds: float, source: tuple[str, bytes, str], stages: dict[str, float] | None = None) -> None:
        if seconds > self.slowest:
            self.slowest, self.slowest_input, self.slowest_stages = seconds, source, stages or {"archive check": seconds}
        assert seconds < SLOWEST_ALLOWED, f"{source[0]} of {len(source[1])} bytes took {seconds:.2f} s"


def document_property(tally: Tally):
    @given(sources())
    def prop(source):
        tally.examples += 1
        tally.current = source
        with time_limit(HUNG):
            seconds, stages = run_document(*source)
        tally.timed(seconds, source, stages)
    return prop


def check_property(tally: Tally, archive: CheckArchive):
    @given(sources())
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
    warm_up()
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            for prop, examples in ((document_property(tally), 200), (check_property(tally, archive), 10)):
                try:
                    with contextlib.redirect_stdout(io.StringIO()):  # Hypothesis prints the (large) input
                        _round(prop, examples)
                except Exception as exc:  # a failure Hypothesis found: record it, go on
                    where = tally.record_failure(f"{type(exc).__name__}: {str(exc)[:300]}")
                    print(f"FAILURE {len(tally.failures)}: {type(exc).__name__}: {str(exc)[:300]} ({where})",
                          file=out, flush=True)
            print(f"{tally.examples} documents, {tally.checks} checks, slowest {tally.slowest:.2f} s, "
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
    print(f"\narchive fuzz: {tally.examples} inputs through the per-document stages, {tally.checks} through "
          f"`archive check`, in {args.seconds:.0f} s")
    print(f"slowest input: {tally.slowest:.3f} s ({name}, {len(raw)} bytes, a quote of {len(quote)} characters); "
          + ", ".join(f"{stage} {s:.3f} s" for stage, s in sorted(tally.slowest_stages.items(), key=lambda i: -i[1])[:3]))
    print(f"exceptions or inputs over {SLOWEST_ALLOWED:.0f} s: {len(tally.failures)}")
    for failure in tally.failures:
        print(f"  {failure}")
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
