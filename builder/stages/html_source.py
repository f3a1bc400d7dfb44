"""Captured web pages (.html, .htm) as sources: bytes -> the article's text as lines, plus the page's metadata.

:class:`WebPageReader` is the reader of these files (see source_reader). Three steps:

1. **Encoding**, as a browser would find it (``html_decode``).
2. **Main text**, extracted by trafilatura (chosen on the article-extraction benchmark,
   see ``bench/extraction.py``): navigation, adverts, cookie banners, comments and related
   links are left behind; paragraphs, headings, list items and table rows come out in page
   order, each as one line, with a blank line between them. Nothing of the page's markup
   survives: the later stages see plain text and escape it like any text source.
3. **Metadata** the library found, completed from the page's tags (``html_metadata``).

Deterministic: the same bytes give the same result on any day and without a network. The
library never fetches anything here (it is given the page's text), and its date search runs
with a fixed latest date (see html_dates).
"""

from __future__ import annotations

import contextlib
import logging
import unicodedata

from builder.stages.html_dates import LATEST_DATE
from builder.stages.html_decode import decode_html
from builder.stages.html_metadata import page_metadata, without_markup
from builder.stages.html_tags import same_text
from builder.stages.source_reader import Note, Reading
from builder.textdecode import DecodeError, normalise

TEXT_MIN_COLUMNS = 60
"""A page has text of its own when what the library finds is at least this wide (see has_article_text)."""


@contextlib.contextmanager
def _quiet_libraries():
    """The library logs every page it judges too short; the build reports that itself."""
    loggers = [logging.getLogger(name) for name in ("trafilatura", "htmldate", "courlan")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def run_library(page: str):
    """trafilatura over the page's text: (its Document, the parsed tree). Document is None when it
    found no article. No network (it is given text, not an address), no clock (see LATEST_DATE)."""
    import trafilatura  # imported here: only archives with HTML sources pay for loading it
    from trafilatura.utils import load_html

    with _quiet_libraries():
        tree = load_html(page)
        if tree is None:
            return None, None
        result = trafilatura.bare_extraction(
            tree, with_metadata=True, include_comments=False, include_tables=True, include_images=False,
            include_links=False, include_formatting=False, deduplicate=False,
            date_extraction_params={"original_date": True, "extensive_search": False, "max_date": LATEST_DATE})
    return result, tree


def has_article_text(lines: list[str]) -> bool:
    """Text of its own: at least TEXT_MIN_COLUMNS columns, a Chinese, Japanese or Korean character
    counting two (as wide as two letters, and saying as much). What the library finds on a page
    without an article is a line or two ("We use cookies."); a short post, a poem or a song's
    lines are a page a browser shows, and are kept (a rule on long lines left them out)."""
    width = 0
    for ch in "".join(lines):
        width += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if width >= TEXT_MIN_COLUMNS:
            return True
    return False


def text_lines(text: str, title: str) -> list[str]:
    """The library's text as lines: one paragraph per line, a blank line between paragraphs.
    The page's headline is dropped when the library repeats it at the top."""
    paragraphs = [" ".join(line.split()) for line in normalise(text or "").split("\n")]
    paragraphs = [p for p in paragraphs if p]
    while paragraphs and title and same_text(paragraphs[0], title):
        paragraphs.pop(0)
    lines: list[str] = []
    for paragraph in paragraphs:
        if lines:
            lines.append("")
        lines.append(paragraph)
    return lines


def extract(raw: bytes) -> Reading:
    """Decode a captured page and extract its article. Raises DecodeError when it cannot be read;
    ``lines`` is empty when the page has no article text."""
    page, encoding, notes = decode_html(raw)
    result, tree = run_library(page)
    metadata = page_metadata(result, tree, page)
    notes += without_markup(metadata)  # first: a headline not kept as the title stays in the text
    lines = text_lines(result.text if result is not None else "", metadata.title)
    if not has_article_text(lines):
        lines = []
    return Reading(lines, encoding, metadata, notes)


class WebPageReader:
    """A captured web page: its article's text, and what the page says about itself."""

    no_text = Note("source-no-text", "has no article text that could be extracted",
                   "check that the file is the saved article itself, not a front page, a login or cookie wall, "
                   "or a page that loads its text with JavaScript")
    too_large_hint = "save the page again as 'Web Page, HTML only' (without images), or copy its text into a .txt file"
    removes_page_furniture = True

    def read(self, raw: bytes) -> Reading:
        try:
            return extract(raw)
        except DecodeError:
            raise
        except Exception as exc:  # a page the parser cannot cope with must not stop the whole archive
            raise DecodeError("source-unreadable", f"could not be read as a web page ({type(exc).__name__})",
                              "save the page again from the browser as 'Web Page, HTML only'") from exc
