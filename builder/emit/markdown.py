"""Markdown building blocks for generated pages.

Source documents are untrusted text: :func:`text` turns any string into Markdown that
renders as exactly that string, never as Markdown syntax or HTML. Characters that could
start syntax become numeric character references, which Python-Markdown passes through
as text; ordinary letters and punctuation stay readable in the generated files.
"""

from __future__ import annotations

import posixpath
import re

from builder.emit.urls import relative_path
from builder.model import PagePath

_INLINE = {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", "\\": "&#92;", "`": "&#96;", "*": "&#42;", "_": "&#95;",
    "[": "&#91;", "]": "&#93;", "{": "&#123;", "}": "&#125;", "|": "&#124;", "~": "&#126;",
    "^": "&#94;",
}
_INLINE_RE = re.compile("[" + re.escape("".join(_INLINE)) + "]")
_LINE_START = {"#": "&#35;", "+": "&#43;", "-": "&#45;", ":": "&#58;", "!": "&#33;", "?": "&#63;", "=": "&#61;"}
_ORDERED = re.compile(r"^(\d+)([.)])")


_SPACE = re.compile(r"\s+")


def inline(value: str) -> str:
    """Escape untrusted text for use inside a line (whitespace runs become one space)."""
    return _INLINE_RE.sub(lambda m: _INLINE[m.group(0)], _SPACE.sub(" ", value))


def line_start(value: str) -> str:
    """Escape what would start a block (heading, list, quote...) at the start of a line."""
    if value and value[0] in _LINE_START:
        value = _LINE_START[value[0]] + value[1:]
    m = _ORDERED.match(value)
    if m:
        value = m.group(1) + ("&#46;" if m.group(2) == "." else "&#41;") + value[m.end():]
    return value


def text(value: str) -> str:
    """Escape one line of untrusted text so that Markdown renders it literally."""
    return line_start(inline(value).strip())


_HEADING_RE = re.compile("[" + re.escape("".join(_INLINE) + "#") + "]")


def heading(value: str) -> str:
    """Escaped text for an ATX heading, where '#' at the end would be taken as closing hashes."""
    escaped = _HEADING_RE.sub(lambda m: _INLINE.get(m.group(0), "&#35;"), _SPACE.sub(" ", value).strip())
    return line_start(escaped)


def code(value: str) -> str:
    """Untrusted text (a file name) shown as code: a backtick in it cannot end a code span."""
    return f"<code>{inline(value)}</code>"


def attr(value: str) -> str:
    """Escape text for a quoted link title."""
    return text(value).replace('"', "&quot;").replace("(", "&#40;").replace(")", "&#41;")


def rel(from_page: PagePath, to_page: str) -> str:
    """Relative link from one generated page to another page or file of the site."""
    return relative_path(to_page, posixpath.dirname(from_page))


def link(label: str, from_page: PagePath, to_page: str, title: str = "") -> str:
    """A Markdown link with an escaped label (and optional hover title)."""
    target = rel(from_page, to_page)
    if title:
        return f'[{text(label)}]({target} "{attr(title)}")'
    return f"[{text(label)}]({target})"


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table; cells must already be escaped Markdown."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def counted(n: int, word: str) -> str:
    """``n`` and ``word``, in the plural unless there is one: "1 document", "2,225 mentions"."""
    return f"{n:,} {word}{'s' if n != 1 else ''}"
