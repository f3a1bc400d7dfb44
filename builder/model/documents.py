"""Records of a source document: the file, its text, its metadata, and problems found.

Distinct kinds of strings (a document id, a path relative to the content folder, a
page path inside the site) get distinct types so they are not mixed up.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import NewType

DocId = NewType("DocId", str)
"""A document's stable id: the slug of its source file name. URLs are built from it."""

ContentPath = NewType("ContentPath", str)
"""A POSIX path relative to the content folder, as shown to editors (``sources/x.txt``)."""

PagePath = NewType("PagePath", str)
"""A Markdown page path inside the generated site (``documents/x.md``)."""

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in the content, meant for an editor.

    ``path`` is relative to the content folder; ``line`` and ``column`` are 1-based
    (0 when the problem concerns the whole file).
    """

    severity: str
    path: ContentPath
    line: int
    column: int
    code: str
    message: str
    hint: str = ""

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")

    @property
    def blocking(self) -> bool:
        """An error that stops the build. A bad source file only drops that document, and a
        hand-written page leading out of the archive only that page; an annotation that
        cannot be anchored is listed on the orphaned-annotations page; a file whose name is not
        UTF-8 is left out."""
        return self.severity == "error" and not self.code.startswith(("source", "page-outside-", "page-name-",
                                                                      "annotation-orphan", "annotation-ambiguous"))

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.message)


def digest_of(raw: bytes) -> str:
    """A source's digest (:attr:`SourceFile.digest`): SHA-256 of its bytes, in hex."""
    return hashlib.sha256(raw).hexdigest()


@dataclass
class SourceFile:
    """A source document as found on disk, before decoding.

    ``raw`` is None for a file a build with a result store did not read: the file is as the
    last build read it (its status on disk, ``seen``, is the same), so its ``digest`` is
    known and its bytes are read only where something needs them (builder.stages.read)."""

    path: ContentPath
    abs_path: Path
    raw: bytes | None
    digest: str = ""  # SHA-256 of the bytes, in hex (made from raw when not given): what keys and copies compare
    seen: tuple | None = None  # the file's status when read (size, times, inode, device), if it can tell a change

    def __post_init__(self) -> None:
        if not self.digest and self.raw is not None:
            self.digest = digest_of(self.raw)

    @property
    def is_html(self) -> bool:
        return self.abs_path.suffix.lower() in (".html", ".htm")

    @property
    def published_path(self) -> str:
        """Where the original is offered for download in the site: its path, with a character
        that some systems refuse in a file name written as %XX (see :func:`portable_path`). A
        captured web page is published as text (``page.html.txt``): it is untrusted HTML and
        must never be rendered."""
        path = portable_path(self.path)
        return path + ".txt" if self.is_html else path


UNSPACED = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
"""Scripts written without spaces between words (Japanese kana, Chinese characters: the ranges
search splits into characters too): each of their characters counts as a word, as word
processors count them."""
_COUNTED = re.compile(f"[{UNSPACED}]|[^\\s{UNSPACED}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]+")
"""A word, as counted: a run of what is neither space nor the punctuation of those scripts
(、。「」：！), or one character of theirs."""


UNPORTABLE = frozenset('<>:"|?*\\%') | frozenset(map(chr, range(32)))
"""Characters a path of the site must not have, for the offline copy unzips everywhere: those
Windows refuses in a file name (a captured page saved as ``view.php?id=3.html`` has one),
control characters, and '%', which writes the others."""


def portable_path(path: str) -> str:
    """``path`` as it is, unless it has an :data:`UNPORTABLE` character: then each of those
    is written %XX (its UTF-8 bytes), so two paths never give one (a path written so has a
    '%'; one left as it is has none)."""
    if UNPORTABLE.isdisjoint(path):
        return path
    return "".join("".join(f"%{byte:02X}" for byte in char.encode("utf-8")) if char in UNPORTABLE else char
                   for char in path)


@dataclass(slots=True)
class Line:
    """One line of decoded source text with its 1-based line number."""

    number: int
    text: str


@dataclass(slots=True)
class Removal:
    """Text taken out of a document's body, kept so editors can review it.

    ``kind`` is a stable code (``subscription-prompt``, ``metadata-byline`` ...);
    ``reason`` is the human sentence shown on the review page.
    """

    line: int
    text: str
    kind: str
    reason: str
    whole_line: bool = True  # False: only ``text`` was cut from the line, the rest stays


@dataclass(slots=True)
class Paragraph:
    """A paragraph of body text in original order. ``anchor`` is stable for citing."""

    index: int
    line: int
    text: str
    kind: str = "text"  # "text", "caption", "quote" or "heading" (segment: how it is shown; its text stays)

    @property
    def anchor(self) -> str:
        return f"p{self.index}"

    def __reduce__(self):
        # Pickled as its arguments: a rebuild reads every paragraph back from the result store
        # (150,000 at 10,000 documents), and the dataclass's own __setstate__ took twice as long.
        return Paragraph, (self.index, self.line, self.text, self.kind)


METADATA_FIELDS = (
    "title",
    "authors",
    "date",
    "publication",
    "section",
    "dateline",
    "caption",
    "photo_credit",
    "url",
    "language",
    "description",
)
"""The metadata fields of a document, in front-matter order."""

REVIEW_FIELDS = ("title", "authors", "date", "publication")
"""Fields a trustworthy record needs; an empty one puts the document on the review list."""

EDITOR_ORIGINS = ("editor", "collection")
"""Where a field's value came from when an editor gave it: the document's sidecar, or the
settings for many documents at once (collection.yml). The text's own are "source"."""


@dataclass
class Metadata:
    title: str = ""
    authors: tuple[str, ...] = ()
    date: str = ""  # ISO 8601: YYYY-MM-DD, or YYYY-MM / YYYY when only that is known
    publication: str = ""
    section: str = ""
    dateline: str = ""
    caption: str = ""
    photo_credit: str = ""
    url: str = ""
    language: str = ""
    description: str = ""  # a summary the source gives of itself (an HTML page's meta description)

    def get(self, name: str):
        return getattr(self, name)

    def is_empty(self, name: str) -> bool:
        return not self.get(name)


@dataclass
class Document:
    """A source document and everything the pipeline learns about it."""

    id: DocId
    source: SourceFile
    encoding: str = ""
    lines: list[Line] = field(default_factory=list)
    paragraphs: list[Paragraph] | None = field(default_factory=list)  # None: kept apart (builder.pipeline.texts)
    removals: list[Removal] = field(default_factory=list)
    captions: set[int] = field(default_factory=set)  # line numbers of photo captions
    metadata: Metadata = field(default_factory=Metadata)
    origins: dict[str, str] = field(default_factory=dict)  # field -> "source", or one of EDITOR_ORIGINS
    editor_note: str = ""
    sidecar: ContentPath | None = None
    sidecar_topics: tuple[str, ...] = ()
    corrections: dict = field(default_factory=dict)  # metadata field -> value, from the sidecar
    defaults: dict = field(default_factory=dict)  # metadata field -> value, from collection.yml (text and sidecar win)
    sketch: bytes = b""  # the body's sketch, to find near-identical copies (stages.duplicates)
    sidecar_positions: dict = field(default_factory=dict, repr=False)  # key -> [(line, column)]

    def removed_lines(self) -> set[int]:
        return {r.line for r in self.removals if r.whole_line}

    def kept_lines(self) -> list[Line]:
        """Lines still in the body (blank lines included, as paragraph separators)."""
        removed = self.removed_lines()
        return [line for line in self.lines if line.number not in removed]

    def remove(self, line: Line, kind: str, reason: str) -> None:
        self.removals.append(Removal(line.number, line.text, kind, reason))

    @cached_property
    def word_count(self) -> int:
        """Words in the body; counted once (by the per-document stages, when they make the
        document's rows of the exports), as the paragraphs are final by then."""
        return sum(len(_COUNTED.findall(p.text)) for p in self.paragraphs)

    @property
    def needs_review(self) -> list[str]:
        # An editor may confirm that a field is empty (``authors: []`` in the sidecar, or in
        # collection.yml for many documents).
        return [name for name in REVIEW_FIELDS
                if self.metadata.is_empty(name) and self.origins.get(name) not in EDITOR_ORIGINS]

    @property
    def display_title(self) -> str:
        return self.metadata.title or f"Untitled document ({self.id})"

    @property
    def page(self) -> PagePath:
        return PagePath(f"documents/{self.id}.md")


