"""builder.emit.markdown: untrusted text must render as exactly that text, never as Markdown or HTML.

Rendered with python-markdown and the extensions listed in the repository's mkdocs.yml.
``text`` collapses whitespace runs to one space by design (one line of text), so the
expected rendering is the input with its whitespace normalised.
"""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from builder.emit import markdown as md
from helpers import markdown_extensions

NAMES, CONFIGS = markdown_extensions()


def render(source: str) -> BeautifulSoup:
    return BeautifulSoup(markdown.markdown(source, extensions=NAMES, extension_configs=CONFIGS), "html.parser")


HOSTILE = [
    "#MeToo at a line start",
    "# Heading",
    "###### six",
    "1986. was a year",
    "1986) was a year",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<b>bold</b> and <!-- comment -->",
    "[x](javascript:alert(1))",
    "[x]: javascript:alert(1)",
    "![img](http://example.org/x.png)",
    "<http://example.org>",
    "*not emphasis*",
    "**not strong**",
    "_not emphasis_",
    "`not code`",
    "---",
    "***",
    "* * *",
    "- not a list",
    "+ not a list",
    "* not a list",
    "> not a quote",
    "    indented",
    "\tindented with a tab",
    "{: #id }",
    "text {: .cls }",
    "a | b",
    "| a | b |",
    ":   not a definition",
    "!!! note \"not an admonition\"",
    "=== not a tab",
    "[TOC]",
    "&amp;",
    "&copy; and &#35; and &#x41;",
    "back\\slash \\*",
    "trailing spaces  ",
    "2.5 million people",
    "~~not strike~~ ^not sup^",
    "a\u00a0b non-breaking",
    "“Curly” ‘quotes’ — and dashes – ok",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_text_renders_literally(value):
    soup = render(md.text(value))
    assert [tag.name for tag in soup.find_all()] == ["p"]
    assert soup.p.get_text() == " ".join(value.split())


@pytest.mark.parametrize("value", HOSTILE)
def test_text_renders_literally_as_a_body_paragraph_with_its_anchor(value):
    # How document pages emit a paragraph: the text, then an attribute list on the next line.
    soup = render(f"{md.text(value)}\n{{: #p7 .archive-p }}")
    assert [tag.name for tag in soup.find_all()] == ["p"]
    assert soup.p["id"] == "p7" and soup.p["class"] == ["archive-p"]
    assert soup.p.get_text() == " ".join(value.split())


@pytest.mark.parametrize("value", HOSTILE)
def test_text_renders_literally_in_a_table_cell(value):
    soup = render(md.table(["Title", "Publication"], [[md.text(value), "Reuters"]]))
    cells = soup.select("tbody td")
    assert [c.get_text() for c in cells] == [" ".join(value.split()), "Reuters"]


@pytest.mark.parametrize("value", ["[x](javascript:alert(1))", "a ] b [ c", "<script>", "*x*", "C#"])
def test_link_label_renders_literally(value):
    soup = render(md.link(value, "index.md", "documents/x.md", 'A "title" (with) <brackets>'))
    (a,) = soup.find_all("a")
    assert a.get_text() == value
    assert a["href"] == "documents/x.md"
    assert a["title"] == 'A "title" (with) <brackets>'
    assert [tag.name for tag in soup.find_all()] == ["p", "a"]


@pytest.mark.parametrize("from_page, to_page, target", [
    ("index.md", "documents/x.md", "documents/x.md"),
    ("review.md", "documents/x.md", "documents/x.md"),
    ("documents/a.md", "documents/b.md", "b.md"),
    ("documents/a.md", "sources/a.txt", "../sources/a.txt"),
    ("documents/a.md", "index.md", "../index.md"),
])
def test_rel(from_page, to_page, target):
    assert md.rel(from_page, to_page) == target


def test_escaping_keeps_ordinary_text_readable():
    value = "China’s Agenda for May: Less on Myanmar, More on Tech (and Peace) — 2021!"
    assert md.text(value) == value


def test_many_nested_brackets_render():
    value = "[" * 8000
    soup = render(md.text(value))
    assert soup.p.get_text() == value


def test_many_nested_brackets_with_closers_render():
    value = "[" * 4000 + "x" + "](y)" * 4000
    soup = render(md.text(value))
    assert soup.p.get_text() == value
    assert soup.find("a") is None


THREADS_SCRIPT = """
import sys
from concurrent.futures import ThreadPoolExecutor
from builder.markup import to_html
notes = [f"Note {i} with *emphasis*, a [link](https://example.org/{i}) and\\n\\n- item {i}\\n- another {i}\\n\\n"
         + f"A paragraph {i} of some length, *with* `code` and **more**. " * 20 for i in range(200)]
alone = [to_html(note) for note in notes]
sys.setswitchinterval(1e-6)  # threads take turns often, as on a busy machine
with ThreadPoolExecutor(max_workers=8) as pool:
    together = list(pool.map(to_html, notes))
print(sum(a != b for a, b in zip(alone, together)))
"""


def test_editor_markdown_renders_the_same_from_many_threads_at_once():
    """The document stages may run in a thread pool (any executor): each thread renders notes
    with its own Markdown instance, so no note's text ends up in another's HTML. (One instance
    shared by eight threads mixed notes up, or looped for good: hence a process with a timeout.)"""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", THREADS_SCRIPT], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0, done.stderr
    assert done.stdout == "0\n"
