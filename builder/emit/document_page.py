"""The page of one document: metadata header, editor's note, body paragraphs with anchors,
entity links, and annotations (highlighted passage, numbered note right after it). Its foot
(how to cite it, the documents before and after it) is joined to it by emit
(:mod:`builder.emit.document_foot`)."""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import quote

from builder.dates import display_date
from builder.emit import citations
from builder.emit import markdown as md
from builder.emit import rawhtml
from builder.emit.links import entity_link, linked_alike
from builder.markup import to_html
from builder.emit.frontmatter import Page, page
from builder.emit.taxonomy_pages import AUTHORS, PUBLICATIONS
from builder.emit.urls import Urls
from builder.model import EDITOR_ORIGINS, METADATA_FIELDS, Annotation, Document, Mention, Paragraph, Topic

LABELS = {
    "authors": "Authors",
    "date": "Date",
    "publication": "Publication",
    "section": "Section",
    "dateline": "Dateline",
    "photo_credit": "Photo credit",
    "url": "Original address",
    "language": "Language",
    "description": "Summary",
}
EDITED = "Supplied or corrected by the archive's editors"
EDITOR_MARK = f' <span class="archive-editor-mark" title="{EDITED}">(editor)</span>'
COLLECTION_MARK = (' <span class="archive-editor-mark" title="Supplied by the archive\'s editors for many documents '
                   'at once">(editor)</span>')
MARKS = {"editor": EDITOR_MARK, "collection": COLLECTION_MARK}
NOT_GIVEN = "not given in this collection"
"""What the header shows of a field an editor said, in collection.yml, the sources do not give."""
NOT_STATED = "not stated in the source"
"""What the header shows of an author, date or publication the text does not give and no
editor has supplied (the review page lists the document for editors)."""
NOT_STATED_FIELDS = ("authors", "date", "publication")
PHOTO_NOT_ARCHIVED = "photo not in this archive"
CAPTION_LABEL = "Caption of a photo not in this archive"
"""Said before a photo's caption (a run of caption paragraphs): the archive keeps the text, not
the photo."""
BODY_START = '<div class="archive-body">'
BODY_END = "</div><!-- /archive-body -->"
"""The lines that open and close a document's body; the MkDocs bridge hands the body past
Markdown (it is HTML already). Source text cannot produce them: it is escaped."""
KIND_LABELS = {"note": "Note", "context": "Context", "correction": "Correction", "translation": "Translation",
               "source": "Source"}


@dataclass
class View:
    """Everything the page shows about one document."""

    doc: Document
    mentions: list[Mention] = field(default_factory=list)
    entities: dict = field(default_factory=dict)
    topics: list[Topic] = field(default_factory=list)
    annotations: list[Annotation] = field(default_factory=list)  # anchored ones, numbered
    documents: dict = field(default_factory=dict)  # id -> Document, for notes' links
    urls: Urls = Urls()

    def __post_init__(self) -> None:
        self.by_paragraph: dict[int, list[Mention]] = {}
        for mention in self.mentions:
            self.by_paragraph.setdefault(mention.paragraph, []).append(mention)


def _marks(paragraph: Paragraph, annotations: list[Annotation], mentions: list[Mention]) -> list[tuple[int, int, Annotation]]:
    """Highlighted ranges in this paragraph, widened so none cuts through a linked mention."""
    ranges = []
    for annotation in annotations:
        for index, start, end in annotation.spans:
            if index != paragraph.index:
                continue
            for m in mentions:
                if m.start < start < m.end:
                    start = m.start
                if m.start < end < m.end:
                    end = m.end
            ranges.append((start, end, annotation))
    return ranges


def paragraph_html(paragraph: Paragraph, view: View) -> str:
    """The paragraph as escaped HTML: linked mentions become entity links; annotated passages
    are marked, with the note's number after the passage's last piece.

    Bodies are written as HTML rather than Markdown: the text is untrusted either way, and
    HTML skips Python-Markdown's inline pass, most of the rendering time of a large archive.
    """
    text = paragraph.text
    escape = partial(html.escape, quote=False)
    mentions = sorted((m for m in view.by_paragraph.get(paragraph.index, ()) if m.linked), key=lambda m: m.start)
    marks = _marks(paragraph, view.annotations, mentions) if view.annotations else []
    if not marks:  # the common case: text and entity links only
        out, pos = [], 0
        for mention in mentions:
            out.append(escape(text[pos:mention.start]))
            out.append(entity_link(view.entities[mention.entity], text[mention.start:mention.end], view.doc.page, view.urls))
            pos = mention.end
        out.append(escape(text[pos:]))
        return "".join(out)
    points = sorted({0, len(text), *(m.start for m in mentions), *(m.end for m in mentions),
                     *(s for s, _, _ in marks), *(e for _, e, _ in marks)})
    starting = {m.start: m for m in mentions}
    out: list[str] = []
    open_now: list[Annotation] = []
    for a, b in zip(points, points[1:]):
        active = [ann for s, e, ann in marks if s <= a < e]
        if active != open_now:
            out.append("</mark>" * len(open_now))
            for ann in open_now:
                if ann not in active and _ends_here(ann, paragraph.index):
                    out.append(_note_ref(ann))
            out.append("".join(f'<mark class="archive-annotated" data-note="{ann.number}">' for ann in active))
            open_now = active
        mention = starting.get(a)
        if mention is not None:
            out.append(entity_link(view.entities[mention.entity], text[mention.start:mention.end], view.doc.page, view.urls))
        elif not any(m.start < a < m.end for m in mentions):
            out.append(escape(text[a:b]))
    out.append("</mark>" * len(open_now))
    out.extend(_note_ref(ann) for ann in open_now if _ends_here(ann, paragraph.index))
    return "".join(out)


def _ends_here(annotation: Annotation, paragraph: int) -> bool:
    return annotation.spans[-1][0] == paragraph


def _note_ref(annotation: Annotation) -> str:
    return (f'<sup class="archive-note-ref" id="ref-{annotation.id}"><a href="#{annotation.anchor}" '
            f'aria-label="Note {annotation.number}" data-note="{annotation.number}">{annotation.number}</a></sup>')


def note_html(annotation: Annotation, view: View) -> str:
    """The note as an aside, placed right after the paragraph where its passage ends."""
    e = html.escape
    kind = KIND_LABELS[annotation.kind]
    meta = f"{e(annotation.author)}, <time datetime=\"{e(annotation.date)}\">{e(display_date(annotation.date))}</time>"
    see_also = []
    for entity_id in annotation.entities:
        entity = view.entities[entity_id]
        see_also.append(f'<a href="{e(view.urls.href(view.doc.page, entity.page))}">{e(entity.name)}</a>')
    for doc_id in annotation.documents:
        other = view.documents[doc_id]
        see_also.append(f'<a href="{e(view.urls.href(view.doc.page, other.page))}">{e(other.display_title)}</a>')
    parts = [f'<aside class="archive-note archive-note--{annotation.kind}" id="{annotation.anchor}" '
             f'aria-label="Note {annotation.number}" data-note="{annotation.number}">',
             f'<p class="archive-note-head"><a href="#ref-{annotation.id}" title="Back to the passage" '
             f'aria-label="Note {annotation.number}, back to the passage">{annotation.number}</a> '
             f"<strong>{kind}</strong> · {meta}</p>",
             to_html(annotation.body)]
    if annotation.found:
        parts.append('<p class="archive-note-warning">The quoted passage was not found exactly; '
                     "it is shown on the closest text.</p>")
    if see_also:
        parts.append(f'<p class="archive-note-see">See also: {", ".join(see_also)}</p>')
    parts.append("</aside>")
    return "\n".join(parts)


def front_matter(view: View) -> dict:
    doc, meta = view.doc, view.doc.metadata
    front: dict = {"id": doc.id}
    for name in METADATA_FIELDS:
        value = meta.get(name)
        front[name] = list(value) if isinstance(value, tuple) else value
    front["source"] = doc.source.path
    front["encoding"] = doc.encoding
    front["words"] = doc.word_count
    front["paragraphs"] = len(doc.paragraphs)
    front["editor_fields"] = sorted(name for name, origin in doc.origins.items() if origin in EDITOR_ORIGINS)
    front["needs_review"] = doc.needs_review
    front["entities"] = sorted({m.entity for m in view.mentions})
    front["topics"] = sorted(t.id for t in view.topics)
    front["annotations"] = len(view.annotations)
    front.update(citations.front_matter(doc))
    front["hide"] = ["toc"]  # no headings to list: the right-hand column holds the notes (notes.js)
    return front


def _link(view: View, label: str, to_page: str, title: str = "") -> str:
    """A link from the document's page to an author, publication or topic page: the same
    from every page that links alike (see links.linked_alike), so made once."""
    alike, source = linked_alike(view.doc.page)
    key = (alike, label, to_page, title, view.urls.directory)
    link = _LINKS.get(key)
    if link is None:
        e = html.escape
        hover = f' title="{e(title)}"' if title else ""
        href = view.urls.href(source, to_page)
        link = _LINKS[key] = f'<a href="{e(href)}"{hover}>{rawhtml.text(label)}</a>'
    return link


_LINKS: dict[tuple, str] = {}


def _file_link(view: View, label: str, path: str, title: str) -> str:
    """A link to a published file (not a page), relative to the page's own URL."""
    here = view.urls.page_url(view.doc.page)
    folder = here if here.endswith("/") else posixpath.dirname(here)
    target = quote(posixpath.relpath(path, folder.rstrip("/") or "."))  # a file name may hold '#' or '?'
    return f'<a href="{html.escape(target)}" title="{html.escape(title)}">{rawhtml.text(label)}</a>'


def _value(view: View, name: str) -> str:
    doc, meta, e = view.doc, view.doc.metadata, html.escape
    if name == "authors":
        rendered = ", ".join(_link(view, a, AUTHORS.term_page(a)) for a in meta.authors)
    elif name == "publication":
        rendered = _link(view, meta.publication, PUBLICATIONS.term_page(meta.publication)) if meta.publication else ""
    elif name == "date":
        rendered = f'<time datetime="{e(meta.date)}">{e(display_date(meta.date))}</time>' if meta.date else ""
    elif name == "url":
        url = meta.url or ""
        safe = url.split(":", 1)[0].lower() in ("http", "https")
        rendered = (f'<a href="{e(url)}">{e(url, quote=False)}</a>' if safe else e(url, quote=False))
    else:
        rendered = rawhtml.text(meta.get(name) or "")
        if rendered and name == "photo_credit":
            rendered += f' <span class="archive-not-given">({PHOTO_NOT_ARCHIVED})</span>'
    origin = doc.origins.get(name)
    if not rendered and origin == "collection":
        rendered = f'<span class="archive-not-given">{NOT_GIVEN}</span>'
    elif not rendered and name in NOT_STATED_FIELDS and name in doc.needs_review:
        rendered = f'<span class="archive-not-given">{NOT_STATED}</span>'
    if rendered and origin in MARKS:
        rendered += MARKS[origin]
    return rendered


def header(view: View) -> str:
    """The metadata as a definition list (HTML, handed past Markdown), one field per line."""
    doc = view.doc
    rows = []
    for name, label in LABELS.items():
        value = _value(view, name)
        if value:
            rows.append((label, value))
    if view.topics:
        rows.append(("Topics", ", ".join(_link(view, t.title, t.page)
                                         for t in sorted(view.topics, key=lambda t: t.title.casefold()))))
    if view.annotations:
        count = len(view.annotations)
        first = view.annotations[0]
        rows.append(("Annotations", f'<a href="#{first.anchor}">{count} editor note{"s" if count != 1 else ""}</a>'))
    if doc.source.is_html:
        source = _file_link(view, "view the captured original", doc.source.published_path,
                            "The web page as captured, shown as text (its HTML is never run)")
    else:
        source = _file_link(view, doc.source.path.split("/")[-1], doc.source.published_path, "The source file, as received")
    source = f"{source} ({doc.word_count:,} words)"
    if doc.origins.get("title") == "editor":  # said here, not in a row repeating the heading
        source += f' · <span class="archive-editor-mark" title="{EDITED}">title supplied by an editor</span>'
    rows.append(("Source", source))
    lines = "\n".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    return rawhtml.block("meta", f"<dl>\n{lines}\n</dl>")


def body(view: View) -> str:
    """The paragraphs (and the notes after the paragraphs their passages end in) as one HTML
    block, one paragraph per line so diffs stay readable."""
    notes_after: dict[int, list[Annotation]] = {}
    for annotation in view.annotations:
        notes_after.setdefault(annotation.spans[-1][0], []).append(annotation)
    lines = [BODY_START]
    caption_before = False
    for paragraph in view.doc.paragraphs:
        caption = paragraph.kind == "caption"
        if caption and not caption_before:
            lines.append(f'<p class="archive-caption-label">{CAPTION_LABEL}</p>')
        caption_before = caption
        css = "archive-caption" if caption else "archive-p"
        lines.append(f'<p id="{paragraph.anchor}" class="{css}">{paragraph_html(paragraph, view)}</p>')
        for annotation in notes_after.get(paragraph.index, []):
            lines.append(note_html(annotation, view))
    lines.append(BODY_END)
    return "\n".join(lines)


def render(view: View) -> Page:
    doc = view.doc
    parts = [f"# {md.heading(doc.display_title)}", header(view)]
    if doc.editor_note:
        parts.append(rawhtml.block("editor-note", '<p class="admonition-title">Editor\'s note</p>\n' + to_html(doc.editor_note),
                                   "admonition note"))
    parts.append(body(view))
    return page(front_matter(view), "\n\n".join(parts))
