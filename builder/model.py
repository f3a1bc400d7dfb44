"""Typed records of the in-memory archive model.

Every stage reads and returns these records; nothing else is passed between stages.
Distinct kinds of strings (a document id, a path relative to the content folder, a
page path inside the site) get distinct types so they are not mixed up.
"""

from __future__ import annotations

import pickle
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from pathlib import Path
from typing import Callable, NamedTuple, NewType

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
        cannot be anchored is listed on the orphaned-annotations page."""
        return self.severity == "error" and not self.code.startswith(("source", "page-outside-",
                                                                      "annotation-orphan", "annotation-ambiguous"))

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.code, self.message)


@dataclass
class SourceFile:
    """A source document as found on disk, before decoding."""

    path: ContentPath
    abs_path: Path
    raw: bytes

    @property
    def is_html(self) -> bool:
        return self.abs_path.suffix.lower() in (".html", ".htm")

    @property
    def published_path(self) -> str:
        """Where the original is offered for download in the site. A captured web page is
        published as text (``page.html.txt``): it is untrusted HTML and must never be rendered."""
        return self.path + ".txt" if self.is_html else self.path


@dataclass
class Line:
    """One line of decoded source text with its 1-based line number."""

    number: int
    text: str


@dataclass
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


@dataclass
class Paragraph:
    """A paragraph of body text in original order. ``anchor`` is stable for citing."""

    index: int
    line: int
    text: str
    kind: str = "text"  # "text" or "caption"

    @property
    def anchor(self) -> str:
        return f"p{self.index}"


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


class PickledLazily:
    """Pickled (for the cache, or from a worker), the attributes named in ``LAZY`` stay
    pickled until they are first read: a rebuild reads back every document's result, and
    most of a result is never asked for unless its document, or a page it is part of,
    changed.

    Those also named in ``APART`` can be taken out (:meth:`take_apart`) and pickled on their
    own, for the cache to keep beside the rest and read back only when one of them is
    asked for (:meth:`read_apart_from`): a rebuild then does not even read their bytes."""

    LAZY: tuple[str, ...] = ()
    APART: tuple[str, ...] = ()

    def __getstate__(self) -> dict:
        if "_apart_source" in self.__dict__:  # pickled again: whole
            with _UNPICKLING:
                if "_apart_source" in self.__dict__:
                    self._read_apart()
        state = dict(self.__dict__)
        for name in self.LAZY:
            if name in state:
                state[f"_pickled_{name}"] = pickle.dumps(state.pop(name), protocol=pickle.HIGHEST_PROTOCOL)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)

    def take_apart(self) -> bytes:
        """The attributes named in ``APART``, pickled (each on its own, so that one is read
        without the others), and taken out of this object."""
        blobs = {}
        for name in self.APART:
            blob = self.__dict__.pop(f"_pickled_{name}", None)
            if blob is None:
                blob = pickle.dumps(self.__dict__.pop(name), protocol=pickle.HIGHEST_PROTOCOL)
            blobs[name] = blob
        return pickle.dumps(blobs, protocol=pickle.HIGHEST_PROTOCOL)

    def read_apart_from(self, source: Callable[[], bytes]) -> None:
        """Where the attributes :meth:`take_apart` took out are read from, when one is asked for:
        ``source()`` gives what it returned."""
        self.__dict__["_apart_source"] = source

    def apart_source(self) -> Callable[[], bytes] | None:
        """Where what is kept apart will be read from; None once read (or if nothing is)."""
        return self.__dict__.get("_apart_source")

    def _read_apart(self) -> None:  # (under _UNPICKLING)
        blobs = pickle.loads(self.__dict__["_apart_source"]())  # what it raises, it raises again if asked again
        del self.__dict__["_apart_source"]
        for name, blob in blobs.items():  # each still pickled
            if name not in self.__dict__:
                self.__dict__[f"_pickled_{name}"] = blob

    def __getattr__(self, name: str):  # only called for attributes not set: those still pickled
        if name not in self.LAZY:
            raise AttributeError(name)
        with _UNPICKLING:  # two threads reading it at once: one unpickles, the other waits for it
            if name not in self.__dict__:
                if f"_pickled_{name}" not in self.__dict__ and name in self.APART and "_apart_source" in self.__dict__:
                    self._read_apart()
                blob = self.__dict__.pop(f"_pickled_{name}", None)
                if blob is None:
                    raise AttributeError(name)
                self.__dict__[name] = pickle.loads(blob)
        return self.__dict__[name]


_UNPICKLING = threading.Lock()


@dataclass
class Document(PickledLazily):
    """A source document and everything the pipeline learns about it."""

    LAZY = ("paragraphs", "removals")  # read for its own page, its parts and its search entry: made with it

    id: DocId
    source: SourceFile
    encoding: str = ""
    lines: list[Line] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    removals: list[Removal] = field(default_factory=list)
    captions: set[int] = field(default_factory=set)  # line numbers of photo captions
    metadata: Metadata = field(default_factory=Metadata)
    origins: dict[str, str] = field(default_factory=dict)  # field -> "source" | "editor"
    editor_note: str = ""
    sidecar: ContentPath | None = None
    sidecar_topics: tuple[str, ...] = ()
    corrections: dict = field(default_factory=dict)  # metadata field -> value, from the sidecar
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
        return sum(len(p.text.split()) for p in self.paragraphs)

    @property
    def needs_review(self) -> list[str]:
        # An editor may confirm that a field is empty (``authors: []`` in the sidecar).
        return [name for name in REVIEW_FIELDS
                if self.metadata.is_empty(name) and self.origins.get(name) != "editor"]

    @property
    def display_title(self) -> str:
        return self.metadata.title or f"Untitled document ({self.id})"

    @property
    def page(self) -> PagePath:
        return PagePath(f"documents/{self.id}.md")


ENTITY_TYPES = ("person", "organisation", "place", "event", "work", "other")

EntityId = NewType("EntityId", str)


@dataclass
class Entity:
    """A person, organisation, place... from the editors' register (``entities/<id>.yml``)."""

    id: EntityId
    name: str
    type: str
    path: ContentPath
    line: int = 1
    aliases: tuple[str, ...] = ()
    short_forms: tuple[str, ...] = ()
    description: str = ""
    wikidata: str = ""
    viaf: str = ""
    website: str = ""
    start: str = ""
    end: str = ""
    roles: tuple[str, ...] = ()
    positions: dict = field(default_factory=dict, repr=False, compare=False)  # key -> [(line, column)] of values

    @property
    def page(self) -> PagePath:
        return PagePath(f"entities/{self.id}.md")

    @cached_property
    def one_line(self) -> str:
        """First sentence of the description, as plain text (no Markdown, no HTML), for hover cards."""
        from builder.markup import to_plain_text

        text = to_plain_text(self.description)
        end = text.find(". ")
        return text if end < 0 else text[: end + 1]


class Mention(NamedTuple):
    """One place where a document names an entity. (A named tuple, not a dataclass: an
    archive holds hundreds of thousands, and a rebuild reads every one back from the
    cache; a tuple is made in half the time.)"""

    doc: DocId
    paragraph: int  # Paragraph.index
    start: int  # character offsets in the paragraph text
    end: int
    entity: EntityId
    surface: str
    linked: bool = True


ANNOTATION_KINDS = ("note", "context", "correction", "translation", "source")


@dataclass
class Annotation:
    """An editor's note on a quoted passage (``annotations/<document-id>/<id>.yml``).

    The passage is found with a W3C TextQuoteSelector (``exact`` plus optional ``prefix``
    and ``suffix``). ``status`` says how anchoring went: anchored, reanchored (close match,
    with a warning), ambiguous or orphan (both errors; never silently dropped).
    """

    id: str
    doc: DocId
    path: ContentPath
    exact: str
    body: str
    author: str
    date: str
    kind: str = "note"
    prefix: str = ""
    suffix: str = ""
    entities: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    line: int = 1
    status: str = "pending"
    spans: list[tuple[int, int, int]] = field(default_factory=list)  # (paragraph, start, end)
    found: str = ""  # the text actually anchored to, when re-anchored
    quoted: str = ""  # the document's own text of the passage (for the W3C selector)
    quoted_prefix: str = ""
    quoted_suffix: str = ""
    number: int = 0  # 1-based order of the note in its document

    @property
    def anchor(self) -> str:
        return f"note-{self.id}"


TopicId = NewType("TopicId", str)


@dataclass
class Topic:
    """A subject editors define (``topics/<id>.yml``) and the rules that assign documents to it."""

    id: TopicId
    title: str
    path: ContentPath
    line: int = 1
    description: str = ""
    parent: str = ""
    phrases: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    threshold: int = 1
    positions: dict = field(default_factory=dict, repr=False)  # key -> [(line, column)] of values

    @property
    def page(self) -> PagePath:
        return PagePath(f"topics/{self.id}.md")


class Assignment(NamedTuple):
    """A document belongs to a topic, and why (shown to readers). (A named tuple, as Mention.)"""

    doc: DocId
    topic: TopicId
    reasons: tuple[str, ...]


@dataclass
class Rendered(PickledLazily):
    """Output made from one document alone by the per-document stages (see emit.render_documents)."""

    # Read only when one of the entity pages it is part of, or the mentions export, is made;
    # the cache keeps them apart, so that a rebuild reads them only then.
    LAZY = APART = ("entity_parts", "mention_rows")

    urls: object  # the emit.urls.Urls it was made for
    page: object  # its page (emit.frontmatter.Page), or None when it needs other documents
    entity_parts: dict  # entity id -> this document's part of that entity's page (HTML)
    mention_rows: str  # its rows of mentions.json (emit.exports.document_parts)
    # (No defaults for those two: a default is a class attribute, found before the cache is asked.)
    listed: tuple = ()  # its item on pages that list documents, in parts (emit.listing.item_parts)
    exports: dict = field(default_factory=dict)  # its rows of the data exports (emit.exports.document_parts)
    removed: str = ""  # its section of the review page (emit.review_page.removed_section)
    why: dict = field(default_factory=dict)  # why it is on each of its topics' pages (emit.topic_pages.why_lines)
    missing: list = field(default_factory=list)  # its row of the review page's missing metadata (emit.review_page.missing_row)
    search: dict = field(default_factory=dict)  # its search entry for an archive indexed in summary (emit.search_index.document_entry)


@dataclass
class Archive:
    """The whole archive: what was collected, and every problem found on the way."""

    content_dir: Path
    documents: list[Document] = field(default_factory=list)
    entities: dict[EntityId, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    unresolved: list = field(default_factory=list)  # names the linker would not guess (link.Unresolved)
    topics: dict[TopicId, Topic] = field(default_factory=dict)
    annotations: list[Annotation] = field(default_factory=list)
    redirects: list = field(default_factory=list)  # stages.redirects.Redirect
    timings: dict[str, float] = field(default_factory=dict)  # stage name -> seconds (for benchmarks)
    rendered: dict = field(default_factory=dict)  # document id -> Rendered
    search_summaries: dict = field(default_factory=dict)  # document id -> Rendered.search, kept once the pages are made
    worker_timings: dict[str, float] = field(default_factory=dict)  # inside process_documents: per-document stage -> seconds summed over batches (they run in parallel), and cache reads and writes
    emit_timings: dict[str, float] = field(default_factory=dict)  # inside emit: part -> seconds (see timed)
    reused: int = 0  # documents whose per-document results came from the cache
    computed: int = 0  # documents whose per-document stages ran in this build
    text_keys: dict[str, str] = field(default_factory=dict)  # with a cache: document id -> document_stages.text_key
    fingerprint: str = ""  # with a cache: a hash of the register, the topics and the code (document_stages.fingerprint)
    assignments: list[Assignment] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _memo: dict = field(default_factory=dict, repr=False, compare=False)  # see remembered
    caches: list = field(default_factory=list, repr=False, compare=False)  # cache.Cache files results still read from (closed by pipeline.build)

    def report(self, diagnostic: Diagnostic) -> None:
        self.diagnostics.append(diagnostic)

    @contextmanager
    def timed(self, part: str):
        """Add the seconds the block takes to ``emit_timings[part]`` (for benchmarks)."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.emit_timings[part] = self.emit_timings.get(part, 0.0) + time.perf_counter() - started

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def blocking_errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.blocking]

    def document(self, doc_id: str) -> Document:
        return next(d for d in self.documents if d.id == doc_id)

    def mentions_by_doc(self) -> dict[str, list[Mention]]:
        """Each document's mentions (the lists are shared between calls: do not change them)."""
        return self.remembered("mentions_by_doc", self.mentions, lambda: _grouped(self.mentions, attrgetter("doc")))

    def mentions_by_entity(self) -> dict[str, list[Mention]]:
        """Each entity's mentions (the lists are shared between calls: do not change them)."""
        return self.remembered("mentions_by_entity", self.mentions, lambda: _grouped(self.mentions, _ENTITY))

    def mention_counts(self) -> Counter:
        """How many times each entity is mentioned (shared between calls: do not change it)."""
        return self.remembered("mention_counts", self.mentions, lambda: Counter(map(_ENTITY, self.mentions)))

    def entities_by_doc(self) -> dict[str, list[str]]:
        """For each document, the entity of each of its mentions (shared between calls: do not
        change them)."""
        return self.remembered("entities_by_doc", self.mentions,
                                lambda: {doc: list(map(_ENTITY, mentions)) for doc, mentions in self.mentions_by_doc().items()})

    def documents_naming(self) -> dict[str, list[str]]:
        """For each entity, the documents (ids) that mention it, in the order of the mentions
        (shared between calls: do not change them)."""
        def naming() -> dict[str, list[str]]:
            found: dict[str, list[str]] = {}
            for doc_id, entities in self.entities_by_doc().items():
                for entity in dict.fromkeys(entities):
                    named = found.get(entity)
                    if named is None:
                        found[entity] = [doc_id]
                    else:
                        named.append(doc_id)
            return found  # entities in the order of their first mention, as mentions_by_entity has them
        return self.remembered("documents_naming", self.mentions, naming)

    def documents_newest_first(self) -> list[Document]:
        def newest_first() -> list[Document]:
            # Undated documents last, ties broken by id so the order is deterministic.
            dated = sorted((d for d in self.documents if d.metadata.date), key=lambda d: d.id)
            dated.sort(key=lambda d: d.metadata.date, reverse=True)
            undated = sorted((d for d in self.documents if not d.metadata.date), key=lambda d: d.id)
            return dated + undated
        return list(self.remembered("documents_newest_first", self.documents, newest_first))

    def newest_first_rank(self) -> dict[str, int]:
        """Each document's place (from 0) in :meth:`documents_newest_first` (shared between
        calls: do not change it)."""
        return self.remembered("newest_first_rank", self.documents,
                                lambda: {doc.id: n for n, doc in enumerate(self.documents_newest_first())})

    def assignments_by_topic(self) -> dict[str, dict[str, Assignment]]:
        """For each topic, its documents' assignments by document id, in the archive's order
        (shared between calls: do not change them)."""
        def grouped() -> dict[str, dict[str, Assignment]]:
            found: dict[str, dict[str, Assignment]] = {}
            for assignment in self.assignments:
                found.setdefault(assignment.topic, {})[assignment.doc] = assignment
            return found
        return self.remembered("assignments_by_topic", self.assignments, grouped)

    def remembered(self, name: str, items: list, compute):
        """``compute()``, made again only when ``items`` is another list or has another length
        (each emitter asks for these tables, once the model is complete; on a large archive
        making them is not free)."""
        kept = self._memo.get(name)
        if kept is None or kept[0] is not items or kept[1] != len(items):
            kept = self._memo[name] = (items, len(items), compute())
        return kept[2]

    def remember_mentions_by_doc(self, table: dict[str, list[Mention]]) -> None:
        """Take ``table`` as :meth:`mentions_by_doc` (the per-document stages have each
        document's mentions apart already)."""
        self._memo["mentions_by_doc"] = (self.mentions, len(self.mentions), table)


_ENTITY = attrgetter("entity")


def _grouped(mentions: list[Mention], key) -> dict[str, list[Mention]]:
    result: dict[str, list[Mention]] = {}
    for mention in mentions:
        result.setdefault(key(mention), []).append(mention)
    return result
