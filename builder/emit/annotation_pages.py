"""The annotations index, the orphaned-annotations page, and the W3C Web Annotation export.

The index lists the notes newest first, at most :data:`builder.emit.pager.PAGE_SIZE` to a page:
its first page keeps its address (``annotations/``), the notes that follow are on further pages
(``annotations/all/2/``), each with a pager (emit.pager), so no page grows with the notes. Its
filter by kind and author picks among the notes of the page it is on."""

from __future__ import annotations

import html
import json

from builder.dates import display_date
from builder.emit import markdown as md
from builder.emit import pager, rawhtml
from builder.emit.document_page import KIND_LABELS
from builder.emit.frontmatter import Page, page
from builder.emit.urls import Urls
from builder.markup import first_sentence, to_html
from builder.model import ANNOTATION_KINDS, Annotation, Archive, PagePath

INDEX = PagePath("annotations/index.md")
FURTHER = PagePath("annotations/all.md")
"""Where the further pages of the index are: annotations/all/2.md ... (emit.pager.page_path)."""
ORPHANED = PagePath("annotations/orphaned.md")
JSONLD = "annotations.jsonld"
MOTIVATIONS = {"note": "commenting", "context": "describing", "correction": "editing",
               "translation": "describing", "source": "linking"}


def _newest_first(annotations: list[Annotation]) -> list[Annotation]:
    ordered = sorted(annotations, key=lambda a: (a.doc, a.number, a.id))
    ordered.sort(key=lambda a: a.date, reverse=True)
    return ordered


PASSAGE = 160
"""How much of the quoted passage the index shows (cut at a word)."""


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def index_item(annotation: Annotation, doc, urls: Urls, on: PagePath = INDEX) -> str:
    """One note in the index (on its page ``on``), as a list item (one line of HTML): its kind
    and document, the passage it is on, its first sentence, its author and date."""
    e = html.escape
    href = urls.href(on, doc.page, annotation.anchor)
    passage = _cut(annotation.quoted or annotation.found or annotation.exact, PASSAGE)  # the document's words
    return (f'<li class="archive-annotation" data-kind="{annotation.kind}" data-author="{e(annotation.author)}">'
            f'<p class="archive-annotation-head"><span class="archive-kind archive-kind--{annotation.kind}">'
            f'{KIND_LABELS[annotation.kind]}</span> on <a href="{e(href)}">{rawhtml.text(doc.display_title)}</a></p>'
            f'<p class="archive-annotation-passage">“{rawhtml.text(passage)}”</p>'
            f'<p class="archive-annotation-text">{rawhtml.text(first_sentence(annotation.body))}</p>'
            f'<p class="archive-annotation-meta">{rawhtml.text(annotation.author)} · '
            f'<time datetime="{e(annotation.date)}">{e(display_date(annotation.date))}</time></p></li>')


def render_index(archive: Archive, urls: Urls = Urls()) -> Page:
    """The first page of the annotations index (see :func:`render_index_pages`)."""
    return render_index_pages(archive, urls)[INDEX]


def render_index_pages(archive: Archive, urls: Urls = Urls()) -> dict[str, Page]:
    """The annotations index, by path: its first page and, when the notes are more than a page
    holds, the further pages (emit.pager), each with the notes' filter."""
    e = html.escape
    anchored = _newest_first([a for a in archive.annotations if a.spans])
    failed = [a for a in archive.annotations if not a.spans]
    docs = {d.id: d for d in archive.documents}
    found: dict[str, Page] = {}
    for number, chunk in enumerate(pager.chunks(anchored), start=1):
        this = pager.page_path(INDEX, number, FURTHER)
        authors = sorted({a.author for a in chunk}, key=str.casefold)
        if number == 1:
            paged = (f" {pager.PAGE_SIZE:,} to a page; the filter picks among those of the page."
                     if len(anchored) > pager.PAGE_SIZE else "")
            parts = ["# Annotations",
                     f"{len(anchored)} editor notes on passages of the archive's documents, newest first.{paged} "
                     f"They are also published as [W3C Web Annotations](../{JSONLD}) (JSON-LD)."]
        else:
            back = e(urls.href(this, INDEX))
            parts = ["# Annotations", rawhtml.block("pager-intro", f'<p>More of the editors\' notes, newest first; the '
                                                                   f'filter picks among those of this page. <a href="{back}">'
                                                                   f'The first page</a> has the newest.</p>')]
        kind_options = "".join(f'<option value="{k}">{KIND_LABELS[k]}</option>' for k in ANNOTATION_KINDS)
        author_options = "".join(f'<option value="{e(a)}">{e(a)}</option>' for a in authors)
        # Shown by the theme's script (notes.js), which hides the items the choice leaves out.
        form = ('<form class="archive-filter" data-filter-list="archive-annotations" hidden>\n'
                f'<label>Kind <select name="kind"><option value="">all</option>{kind_options}</select></label>\n'
                f'<label>Author <select name="author"><option value="">all</option>{author_options}</select></label>\n'
                '<output name="count" aria-live="polite"></output>\n</form>')
        items = [index_item(a, docs[a.doc], urls, this) for a in chunk]
        # HTML the builder wrote (escaped text), handed past Markdown (emit.rawhtml).
        parts += pager.between(INDEX, number, len(anchored), rawhtml.block(
            "annotation-list", form + "\n" + '<ul id="archive-annotations" class="archive-annotations">\n'
            + "\n".join(items) + "\n</ul>"), urls, FURTHER, "the notes", noun="notes")
        orphans = md.link('orphaned annotations', this, ORPHANED)
        if failed:
            parts.append(f"{len(failed)} annotation{'s' if len(failed) != 1 else ''} could not be placed: see {orphans}.")
        else:
            parts.append(f"Every annotation is anchored ({orphans}: none).")
        title = "Annotations" if number == 1 else f"Annotations (page {number:,} of {pager.page_count(len(anchored)):,})"
        found[this] = page({"title": title, "hide": ["toc"]}, "\n\n".join(parts))
    return found


def render_orphaned(archive: Archive) -> str:
    failed = sorted((a for a in archive.annotations if not a.spans), key=lambda a: (a.doc, a.id))
    parts = ["# Orphaned annotations",
             "Annotations whose quoted passage could not be found in their document (orphans) or "
             "was found more than once (ambiguous). They are kept here so no note is lost; "
             "`archive check` tells editors how to fix each one."]
    if not failed:
        parts.append("None: every annotation is anchored to its passage.")
    docs = {d.id: d for d in archive.documents}
    for a in failed:
        parts.append(f"## {md.heading(a.id)}\n\n"
                     f"**{md.inline(a.status.capitalize())}** in {md.link(docs[a.doc].display_title, ORPHANED, docs[a.doc].page)} "
                     f"· {md.code(a.path)} · {md.inline(a.author)}, {md.inline(display_date(a.date))}\n\n"
                     f"> {md.inline(a.exact)}\n\n"
                     + rawhtml.block("orphan-note", to_html(a.body)))
    return page({"title": "Orphaned annotations", "search": {"exclude": True}}, "\n\n".join(parts))


def _datetime(date: str) -> str:
    """xsd:dateTime in UTC, as the Web Annotation model asks; a partial date takes its first day."""
    parts = (date.split("-") + ["01", "01"])[:3]
    return "-".join(parts) + "T00:00:00Z"


def web_annotations(archive: Archive, site_url: str = "", directory_urls: bool = True) -> str:
    """All anchored annotations as one W3C Web Annotation collection (JSON-LD), deterministic;
    a document page is named in the hosted site's style (``directory_urls``: documents/x/, else documents/x.html)."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    pages = {doc.id: Urls(directory=directory_urls).page_url(doc.page) for doc in archive.documents}
    items = []
    for a in sorted((a for a in archive.annotations if a.spans), key=lambda a: (a.doc, a.number, a.id)):
        selector = {"type": "TextQuoteSelector", "exact": a.quoted or a.exact}
        if a.quoted_prefix:
            selector["prefix"] = a.quoted_prefix
        if a.quoted_suffix:
            selector["suffix"] = a.quoted_suffix
        items.append({
            "id": f"{base}{pages[a.doc]}#{a.anchor}",
            "type": "Annotation",
            "motivation": MOTIVATIONS[a.kind],
            "created": _datetime(a.date),
            "creator": {"type": "Person", "name": a.author},
            "body": {"type": "TextualBody", "value": a.body, "format": "text/markdown", "language": "en",
                     "purpose": MOTIVATIONS[a.kind]},
            "target": {"source": f"{base}{pages[a.doc]}", "selector": selector},
        })
    collection = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": f"{base}{JSONLD}",
        "type": "AnnotationCollection",
        "label": "Editors' annotations",
        "total": len(items),
        "first": {"id": f"{base}{JSONLD}#page1", "type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    return json.dumps(collection, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
