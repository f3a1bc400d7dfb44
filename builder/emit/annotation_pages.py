"""The annotations index, the orphaned-annotations page, and the W3C Web Annotation export."""

from __future__ import annotations

import html
import json

from builder.dates import display_date
from builder.emit import markdown as md
from builder.emit import rawhtml
from builder.emit.frontmatter import page
from builder.emit.urls import Urls
from builder.markup import to_html
from builder.model import ANNOTATION_KINDS, Annotation, Archive, PagePath

INDEX = PagePath("annotations/index.md")
ORPHANED = PagePath("annotations/orphaned.md")
JSONLD = "annotations.jsonld"
MOTIVATIONS = {"note": "commenting", "context": "describing", "correction": "editing",
               "translation": "describing", "source": "linking"}


def _newest_first(annotations: list[Annotation]) -> list[Annotation]:
    ordered = sorted(annotations, key=lambda a: (a.doc, a.number, a.id))
    ordered.sort(key=lambda a: a.date, reverse=True)
    return ordered


def render_index(archive: Archive, urls: Urls = Urls()) -> str:
    e = html.escape
    anchored = _newest_first([a for a in archive.annotations if a.spans])
    failed = [a for a in archive.annotations if not a.spans]
    docs = {d.id: d for d in archive.documents}
    authors = sorted({a.author for a in anchored}, key=str.casefold)
    parts = ["# Annotations",
             f"{len(anchored)} editor notes on passages of the archive's documents, newest first. "
             f"They are also published as [W3C Web Annotations](../{JSONLD}) (JSON-LD)."]
    kind_options = "".join(f'<option value="{k}">{k}</option>' for k in ANNOTATION_KINDS)
    author_options = "".join(f'<option value="{e(a)}">{e(a)}</option>' for a in authors)
    form = ('<form class="archive-filter" data-filter-table="archive-annotations" hidden>\n'
            f'<label>Kind <select name="kind"><option value="">all</option>{kind_options}</select></label>\n'
            f'<label>Author <select name="author"><option value="">all</option>{author_options}</select></label>\n'
            '<output name="count"></output>\n</form>')
    rows = []
    for a in anchored:
        doc = docs[a.doc]
        passage = a.found or a.exact
        if len(passage) > 160:
            passage = passage[:160].rsplit(" ", 1)[0] + "…"
        rows.append(
            f'<tr data-kind="{a.kind}" data-author="{e(a.author)}">'
            f'<td><time datetime="{e(a.date)}">{e(display_date(a.date))}</time></td>'
            f'<td>{e(a.kind)}</td>'
            f'<td><a href="{e(urls.href(INDEX, doc.page, a.anchor))}">{e(doc.display_title)}</a></td>'
            f'<td>“{rawhtml.text(passage)}”</td><td>{e(a.author)}</td></tr>')
    # HTML the builder wrote (escaped text), handed past Markdown (emit.rawhtml).
    parts.append(rawhtml.block("annotation-list", form + "\n" +
                               '<table id="archive-annotations" class="archive-annotations">\n'
                               "<thead><tr><th>Date</th><th>Kind</th><th>Document</th><th>Passage</th><th>Author</th></tr></thead>\n"
                               "<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"))
    if failed:
        parts.append(f"{len(failed)} annotation{'s' if len(failed) != 1 else ''} could not be placed: "
                     f"see {md.link('orphaned annotations', INDEX, ORPHANED)}.")
    else:
        parts.append(f"Every annotation is anchored ({md.link('orphaned annotations', INDEX, ORPHANED)}: none).")
    return page({"title": "Annotations", "hide": ["toc"]}, "\n\n".join(parts))


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


def web_annotations(archive: Archive, site_url: str = "") -> str:
    """All anchored annotations as one W3C Web Annotation collection (JSON-LD), deterministic."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    items = []
    for a in sorted((a for a in archive.annotations if a.spans), key=lambda a: (a.doc, a.number, a.id)):
        selector = {"type": "TextQuoteSelector", "exact": a.quoted or a.exact}
        if a.quoted_prefix:
            selector["prefix"] = a.quoted_prefix
        if a.quoted_suffix:
            selector["suffix"] = a.quoted_suffix
        items.append({
            "id": f"{base}documents/{a.doc}/#{a.anchor}",
            "type": "Annotation",
            "motivation": MOTIVATIONS[a.kind],
            "created": _datetime(a.date),
            "creator": {"type": "Person", "name": a.author},
            "body": {"type": "TextualBody", "value": a.body, "format": "text/markdown", "language": "en",
                     "purpose": MOTIVATIONS[a.kind]},
            "target": {"source": f"{base}documents/{a.doc}/", "selector": selector},
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
