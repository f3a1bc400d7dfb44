"""The one interface every kind of source has: a reader, from the file's bytes to a Reading.

Two readers implement it: ``text_source.TextReader`` (.txt) and ``html_source.WebPageReader``
(.html, .htm). ``read.reader_for`` chooses one by the file's suffix, and the decode stage runs
it the same way for every source; the later stages see only the lines it gave.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from builder.model import Metadata


@dataclass
class Note:
    """Something to tell the editor about a file, as ``'<path>' <message>`` and a hint."""

    code: str
    message: str  # follows "'<path>' "
    hint: str


EMPTY = Note("source-empty", "is empty", "add the document's text, or delete the file")
"""A file with no text at all, whatever its kind (an error: it is left out)."""


@dataclass
class Reading:
    """What a reader gives: the text as lines, how it was decoded, what the file says about itself."""

    lines: list[str]  # empty when the file has no text
    encoding: str
    metadata: Metadata = field(default_factory=Metadata)  # fields found in the file itself (a web page's tags)
    notes: list[Note] = field(default_factory=list)  # warnings: the file was read all the same


class SourceReader(Protocol):
    """Reads one kind of source file."""

    no_text: Note
    """The error when a file of this kind gives no lines."""
    too_large_hint: str
    """How to make a file of this kind that is over the size limit smaller."""
    removes_page_furniture: bool
    """The reader already leaves a page's navigation, adverts and footer behind, so a line the
    text repeats is the article's own (the clean stage leaves it)."""

    def read(self, raw: bytes) -> Reading:
        """The file's text; raises ``textdecode.DecodeError`` when it cannot be read as this kind."""
        ...
