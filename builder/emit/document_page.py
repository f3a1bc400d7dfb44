"""The page of one document: metadata header, editor's note, body paragraphs with anchors."""

from __future__ import annotations

from builder.dates import display_date
from builder.emit import markdown as md
from builder.emit.editor_markdown import to_html
from builder.emit.frontmatter import page
from builder.emit.taxonomy_pages import AUTHORS, PUBLICATIONS
from builder.model import METADATA_FIELDS, Document, Entity, Mention, Topic

LABELS = {
    "authors": "Authors",
    "date": "Date",
    "publication": "Publication",
    "section": "Section",
    "dateline": "Dateline",
    "photo_credit": "Photo credit",
    "url": "Original address",
}
EDITOR_MARK = ' <span class="archive-editor-mark" title="Supplied by an editor: the source text does not say this">(editor)</span>'


def entity_link(entity: Entity, surface: str, from_page: str) -> str:
    """A link to an entity page whose hover/focus text gives its type and one-line description."""
    card = entity.type.capitalize() + (f": {entity.one_line}" if entity.one_line else "")
    return md.link(surface, from_page, entity.page, card)


def paragraph_markdown(text: str, mentions: list[Mention], entities: dict, from_page: str) -> str:
    """Escaped paragraph text with the linked mentions turned into entity links."""
    out, pos = [], 0
    for mention in sorted((m for m in mentions if m.linked), key=lambda m: m.start):
        out.append(md.inline(text[pos:mention.start]))
        out.append(entity_link(entities[mention.entity], text[mention.start:mention.end], from_page))
        pos = mention.end
    out.append(md.inline(text[pos:]))
    return md.line_start("".join(out).strip())


def front_matter(doc: Document, entity_ids: list[str] = ()) -> dict:
    meta = doc.metadata
    front: dict = {"id": doc.id}
    for name in METADATA_FIELDS:
        value = meta.get(name)
        front[name] = list(value) if isinstance(value, tuple) else value
    front["source"] = doc.source.path
    front["encoding"] = doc.encoding
    front["words"] = doc.word_count
    front["paragraphs"] = len(doc.paragraphs)
    front["editor_fields"] = sorted(name for name, origin in doc.origins.items() if origin == "editor")
    front["needs_review"] = doc.needs_review
    front["entities"] = list(entity_ids)
    return front


def _value(doc: Document, name: str) -> str:
    meta = doc.metadata
    if name == "authors":
        rendered = ", ".join(md.link(a, doc.page, AUTHORS.term_page(a)) for a in meta.authors)
    elif name == "publication":
        rendered = md.link(meta.publication, doc.page, PUBLICATIONS.term_page(meta.publication)) if meta.publication else ""
    elif name == "date":
        rendered = f'<time datetime="{meta.date}">{md.text(display_date(meta.date))}</time>' if meta.date else ""
    elif name == "url":
        rendered = f"<{meta.url}>" if meta.url else ""
    else:
        rendered = md.text(meta.get(name))
    if rendered and doc.origins.get(name) == "editor":
        rendered += EDITOR_MARK
    return rendered


def header(doc: Document, topics: list[Topic]) -> str:
    rows = []
    for name, label in LABELS.items():
        value = _value(doc, name)
        if value:
            rows.append(f"{label}\n:   {value}\n")
    if topics:
        links = ", ".join(md.link(t.title, doc.page, t.page) for t in sorted(topics, key=lambda t: t.title.casefold()))
        rows.append(f"Topics\n:   {links}\n")
    source = md.link(doc.source.path.split("/")[-1], doc.page, doc.source.path, "The source file, as received")
    rows.append(f"Source\n:   {source} ({doc.word_count:,} words)\n")
    if doc.needs_review:
        missing = ", ".join(doc.needs_review)
        rows.append(f"Needs review\n:   {md.text(missing)} not found in the source text\n")
    return '<div class="archive-meta" markdown>\n\n' + "\n".join(rows) + "\n</div>"


def body(doc: Document, mentions: list[Mention], entities: dict) -> str:
    by_paragraph: dict[int, list[Mention]] = {}
    for mention in mentions:
        by_paragraph.setdefault(mention.paragraph, []).append(mention)
    blocks = []
    for paragraph in doc.paragraphs:
        css = ".archive-caption" if paragraph.kind == "caption" else ".archive-p"
        text = paragraph_markdown(paragraph.text, by_paragraph.get(paragraph.index, []), entities, doc.page)
        blocks.append(f"{text}\n{{: #{paragraph.anchor} {css} }}")
    return "\n\n".join(blocks)


def render(doc: Document, mentions: list[Mention], entities: dict, topics: list[Topic] = ()) -> str:
    entity_ids = sorted({m.entity for m in mentions})
    parts = [f"# {md.text(doc.display_title)}", header(doc, list(topics))]
    if doc.editor_note:
        parts.append('<div class="admonition note archive-editor-note">\n<p class="admonition-title">Editor\'s note</p>\n'
                     + to_html(doc.editor_note) + "\n</div>")
    parts.append(body(doc, mentions, entities))
    front = front_matter(doc, entity_ids)
    front["topics"] = sorted(t.id for t in topics)
    return page(front, "\n\n".join(parts))
