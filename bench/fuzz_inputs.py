"""Hostile sources for the fuzz harness (bench/fuzz.py): Hypothesis strategies.

Mutations of the demo seeds (the frozen test copy ``tests/fixtures/demo-content/sources``, and
in the long run ``../shared/seeds`` too when it is there, read at run time and never copied into
the project),
random Unicode, long lines and long repeats of the building blocks of the builder's patterns
(shortcodes, bylines, dates, brackets, quotes, control characters, HTML tags for ``.html``
sources), captured web pages with hostile metadata, and raw bytes.
"""

from __future__ import annotations

import functools
from pathlib import Path

from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "tests" / "fixtures" / "demo-content"
SEEDS = REPO.parent / "shared" / "seeds"

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


@functools.lru_cache(maxsize=2)
def seeds(shared: bool = False) -> tuple[str, ...]:
    """The demo seeds of the test fixtures, and with ``shared`` those of ../shared/seeds as well when
    it is there (read where they are; never copied into the project)."""
    folders = [DEMO / "sources"] + ([SEEDS] if shared and SEEDS.is_dir() else [])
    return tuple(path.read_text(encoding="utf-8", errors="replace")
                 for folder in folders for path in sorted(folder.glob("*.txt")))


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
def source_texts(draw, shared: bool = False) -> str:
    """Text for a .txt source: a mutated seed, random Unicode, or a long repeat of building blocks."""
    kind = draw(st.sampled_from(("seed", "seed", "seed", "unicode", "blocks")), label="kind")
    if kind == "seed":
        return _mutate(draw(st.data()), draw(st.sampled_from(seeds(shared)), label="seed"))
    if kind == "unicode":
        return draw(st.text(max_size=2000), label="text")
    blocks = draw(st.lists(st.sampled_from(BLOCKS), min_size=1, max_size=4), label="blocks")
    count = draw(st.sampled_from((1, 10, 100, 1000, 4000)), label="count")
    return draw(st.sampled_from(seeds(shared)), label="seed")[:draw(st.integers(0, 400))] + "".join(blocks) * count


@st.composite
def html_pages(draw, shared: bool = False) -> str:
    """A captured web page whose metadata and body hold hostile text."""
    def piece(label: str) -> str:
        return draw(st.sampled_from(BLOCKS) | st.text(max_size=30), label=label) * draw(st.sampled_from((1, 3, 300)))

    body = "".join(f"<p>{line}</p>" for line in draw(source_texts(shared), label="body").split("\n"))
    return HTML_PAGE.format(lang=piece("lang"), title=piece("title"), author=piece("author"),
                            description=piece("description"), date=piece("date"), nav=piece("nav"), body=body)


QUOTE_LENGTHS = (5, 30, 300, 1000, 2000, 5000)


@st.composite
def sources(draw, shared: bool = False) -> tuple[str, bytes, str]:
    """(file name, bytes, a passage to quote) for one source."""
    kind = draw(st.sampled_from(("txt", "txt", "txt", "html", "bytes")), label="format")
    if kind == "html":
        text, name = draw(html_pages(shared)), "fuzz.html"
    elif kind == "bytes":
        raw = draw(st.sampled_from((b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")), label="bom") + draw(
            st.binary(max_size=600) | source_texts(shared).map(lambda t: t.encode("cp1252", errors="replace")), label="bytes")
        return "fuzz.txt", raw, draw(st.text(max_size=40), label="quote")
    else:
        text, name = draw(source_texts(shared)), "fuzz.txt"
    at = draw(st.integers(0, len(text)), label="quote at")
    quote = text[at:at + draw(st.sampled_from(QUOTE_LENGTHS), label="quote length")]
    if draw(st.booleans(), label="alter quote"):
        words = quote.split()
        quote = " ".join(draw(st.permutations(words), label="reordered")) if len(words) < 200 else quote[::-1]
    return name, text.encode("utf-8", errors="surrogatepass"), quote


@st.composite
def typo_sources(draw, shared: bool = False) -> tuple[str, bytes, float, int, float]:
    """(file name, bytes, where a passage starts (0..1), its length, which character to alter (0..1)):
    real prose, perhaps mutated, for quoting one of its passages with one character changed."""
    text = draw(st.sampled_from(seeds(shared)), label="seed")
    if draw(st.booleans(), label="mutated"):
        text = _mutate(draw(st.data()), text)
    return ("fuzz.txt", text.encode("utf-8", errors="surrogatepass"), draw(st.floats(0, 1), label="passage at"),
            draw(st.sampled_from(QUOTE_LENGTHS[1:]), label="passage length"), draw(st.floats(0, 1), label="altered at"))
