"""The page of one document: metadata header (:mod:`builder.emit.document_header`), editor's
note, body paragraphs with anchors, entity links, and annotations (highlighted passage,
numbered note right after it). Its foot
(how to cite it, the documents before and after it) is joined to it by emit
(:mod:`builder.emit.document_foot`)."""

from __future__ import annotations

import html
from functools import partial

from builder.dates import display_date
from builder.emit import markdown as md
from builder.emit import rawhtml
from builder.emit.document_header import front_matter, header
from builder.emit.document_view import View
from builder.emit.frontmatter import Page, page
from builder.emit.links import entity_link
from builder.markup import to_html
from builder.model import Annotation, Mention, Paragraph

__all__ = ["View", "render", "paragraph_html", "note_html", "body", "BODY_START", "BODY_END", "KIND_LABELS"]

CAPTION_LABEL = "Caption of a photo not in this archive"
"""Said before a photo's caption (a run of caption paragraphs): the archive keeps the text, not
the photo."""
BODY_START = '<div class="archive-body">'
BODY_END = "</div><!-- /archive-body -->"
"""The lines that open and close a document's body; the MkDocs bridge hands the body past
Markdown (it is HTML already). Source text cannot produce them: it is escaped."""
KIND_LABELS = {"note": "Note", "context": "Context", "correction": "Correction", "translation": "Translation",
               "source": "Source"}


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


def body(view: View) -> str:
    """The paragraphs (and the notes after the paragraphs their passages end in) as one HTML
    block, one paragraph per line so diffs stay readable."""
    notes_after: dict[int, list[Annotation]] = {}
    for annotation in view.annotations:
        notes_after.setdefault(annotation.spans[-1][0], []).append(annotation)
    lines = [BODY_START]
    caption_before = False
    quoting = False  # consecutive quotations are one blockquote (a note after one closes it)
    for paragraph in view.doc.paragraphs:
        if quoting != (paragraph.kind == "quote"):
            lines.append("</blockquote>" if quoting else '<blockquote class="archive-quote">')
            quoting = not quoting
        caption = paragraph.kind == "caption"
        if caption and not caption_before:
            lines.append(f'<p class="archive-caption-label">{CAPTION_LABEL}</p>')
        caption_before = caption
        if paragraph.kind == "heading":
            lines.append(f'<h2 id="{paragraph.anchor}" class="archive-p archive-heading">{paragraph_html(paragraph, view)}</h2>')
        else:
            css = "archive-caption" if caption else "archive-p"
            lines.append(f'<p id="{paragraph.anchor}" class="{css}">{paragraph_html(paragraph, view)}</p>')
        notes = notes_after.get(paragraph.index, [])
        if notes and quoting:
            lines.append("</blockquote>")
            quoting = False
        for annotation in notes:
            lines.append(note_html(annotation, view))
    if quoting:
        lines.append("</blockquote>")
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
