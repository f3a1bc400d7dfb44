"""The header of a document's page: its metadata as a definition list (what the source says,
what editors supplied, marked, and what the source does not state), and its front matter."""

from __future__ import annotations

import html
import posixpath
from urllib.parse import quote

from builder.dates import display_date
from builder.emit import citations, originals
from builder.emit import rawhtml
from builder.emit.document_view import View
from builder.emit.links import linked_alike
from builder.emit.taxonomy_pages import AUTHORS, PUBLICATIONS, term_target
from builder.model import EDITOR_ORIGINS, METADATA_FIELDS

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
        rendered = ", ".join(_link(view, a, term_target(AUTHORS, a, view.entities)) for a in meta.authors)
    elif name == "publication":
        rendered = (_link(view, meta.publication, term_target(PUBLICATIONS, meta.publication, view.entities))
                    if meta.publication else "")
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
    original = originals.path_of(doc)
    if doc.source.is_html:
        source = _file_link(view, "view the captured original", original,
                            "The web page as captured, shown as text (its HTML is never run)")
    else:
        source = _file_link(view, doc.source.path.removeprefix("sources/"), original,
                            "The source file as received, shown as text")
    download = _file_link(view, "download", doc.source.published_path, "The file as received")
    source = f"{source} ({doc.word_count:,} words) · {download}"
    if doc.origins.get("title") == "editor":  # said here, not in a row repeating the heading
        source += f' · <span class="archive-editor-mark" title="{EDITED}">title supplied by an editor</span>'
    rows.append(("Source", source))
    lines = "\n".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    return rawhtml.block("meta", f"<dl>\n{lines}\n</dl>")
