"""Editor-written Markdown (notes, descriptions) rendered to sanitised HTML or plain text.

Editors are trusted to write Markdown, not HTML: the result is cleaned with nh3
(Ammonia), so no script, event handler, style or ``javascript:`` URL can reach a page.

Rendered once, cleaned once: the HTML of :func:`to_html` goes into a page only inside an
emit.rawhtml block, which MkDocs' Python-Markdown never parses. Parsed again, the text of a
code block (which nh3 keeps) would become Markdown, with ``attr_list`` attributes and all.
"""

from __future__ import annotations

from html import escape as html_escape
from html import unescape

import threading
from functools import lru_cache

import markdown
import nh3

ALLOWED_TAGS = {"p", "a", "em", "strong", "code", "ul", "ol", "li", "blockquote", "br", "q", "cite", "abbr", "sup", "sub"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


_RENDERERS = threading.local()
"""One Markdown instance per thread, reset between documents (building one costs more than
converting; shared by two threads, one's text would end up in the other's HTML)."""

MAX_CHARS = 10_000
MAX_OPENINGS = {"[": 50, "<": 100, "`": 100}
MAX_DEPTH = 16
"""Python-Markdown's time grows with the number of '[' (or '<', or '`') times the length of the
text (20,000 '[' took 108 s; 6,600 '<a ' took 6 s; 2,400 '``a`' took 1 s, within MAX_CHARS) and a
list nested 300 deep exhausts its recursion: editor Markdown is held within these bounds (a note
with 50 links, or 50 bits of `code`, is long)."""


def too_complex(source: str) -> str:
    """Why ``source`` is not given to Python-Markdown ('' when it may be): too long, too many
    '[', '<' or '`', or lists or quotes nested too deep."""
    if len(source) > MAX_CHARS:
        return f"is {len(source):,} characters long (at most {MAX_CHARS:,})"
    for opening, most in MAX_OPENINGS.items():
        if source.count(opening) > most:
            return f"has {source.count(opening):,} '{opening}' characters (at most {most})"
    for line in source.splitlines():
        line = line.expandtabs(4)
        indent = len(line) - len(line.lstrip(" "))
        quotes = len(line) - len(line.lstrip(" >")) - line[:len(line) - len(line.lstrip(" >"))].count(" ")
        if indent // 4 > MAX_DEPTH or quotes > MAX_DEPTH:
            return f"nests lists, quotes or code more than {MAX_DEPTH} levels deep"
    return ""


def _render(source: str) -> str:
    if too_complex(source):  # reported where the file is read; shown as plain text, never rendered
        return "\n".join(f"<p>{html_escape(part)}</p>" for part in source.split("\n\n") if part.strip())
    renderer = getattr(_RENDERERS, "markdown", None)
    if renderer is None:
        renderer = _RENDERERS.markdown = markdown.Markdown(extensions=[], output_format="html")
    return renderer.reset().convert(source)


def to_html(source: str) -> str:
    """Render editor Markdown and keep only harmless tags, attributes and URL schemes."""
    html = _render(source)
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer").strip()


def to_plain_text(source: str) -> str:
    """The words of editor Markdown, without any markup (for hover cards and feeds)."""
    html_text = _render(source)
    return " ".join(unescape(nh3.clean(html_text, tags=set(), attributes={})).split())


def to_inline_html(source: str) -> str:
    """Like :func:`to_html` but for one short line: the surrounding paragraph is dropped."""
    html = to_html(source)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html


@lru_cache(maxsize=1 << 16)
def first_sentence(text: str) -> str:
    """The first sentence of editor Markdown, as plain text (no Markdown, no HTML): an
    entity's one line on the hover cards of its links, a note's in the lists of notes.
    Rendering the Markdown is the cost, and the same text is asked for again (a note by its
    entity's page and by the notes' index, and by every rebuild of `archive serve`): each
    text rendered once per process (the latest 65,536 texts kept)."""
    plain = to_plain_text(text)
    end = plain.find(". ")
    return plain if end < 0 else plain[: end + 1]
