"""The editors' review page: missing metadata, problems found, and every removed line."""

from __future__ import annotations

from builder.emit import markdown as md
from builder.emit.frontmatter import page
from builder.model import Archive, PagePath

PAGE = PagePath("review.md")


def removed_section(doc) -> str:
    """The lines taken out of one document, as a section of the page ("" for none): made by
    the per-document stages (in parallel, cached), since on a large archive the tables of
    every document's removed lines are most of this page."""
    if not doc.removals:
        return ""
    rows = [[str(r.line), md.text(r.text), md.text(r.reason)] for r in sorted(doc.removals, key=lambda r: (r.line, r.kind))]
    return "\n\n".join([f"### {md.heading(doc.display_title)}",
                         md.link("Open the document", PAGE, doc.page) + f" · source {md.code(doc.source.path)}",
                         md.table(["Line", "Text", "Why"], rows)])


def missing_row(doc) -> list[str]:
    """The document's row of the table of missing metadata (none when nothing is missing):
    made by the per-document stages, as :func:`removed_section` is."""
    return [md.link(doc.display_title, PAGE, doc.page), md.text(", ".join(doc.needs_review))] if doc.needs_review else []


def render(archive: Archive, sections: dict[str, str] | None = None, rows: dict[str, list[str]] | None = None) -> str:
    """``sections``: document id -> :func:`removed_section`, and ``rows``: document id ->
    :func:`missing_row`, where already made."""
    sections, rows = sections or {}, rows or {}
    docs = sorted(archive.documents, key=lambda d: d.id)
    parts = ["# Needs review",
             "What the builder could not find or was unsure of. Fix a field by adding it to the "
             "document's sidecar file (`sources/<name>.yml`); see the README."]
    missing = [row for row in (rows[d.id] if d.id in rows else missing_row(d) for d in docs) if row]
    parts.append("## Missing metadata")
    parts.append(md.table(["Document", "Not found in the text"], missing) if missing else "Every document has a title, authors, a date and a publication.")
    problems = sorted((d for d in archive.diagnostics if d.severity != "info"), key=lambda d: d.sort_key())
    parts.append("## Problems found in the content")
    if problems:
        parts.append(md.table(["Where", "Severity", "Problem", "How to fix"], [
            [md.text(f"{d.path}:{d.line}" if d.line else d.path), d.severity, md.text(d.message), md.text(d.hint)]
            for d in problems]))
    else:
        parts.append("None.")
    parts.append("## Names not linked")
    if archive.unresolved:
        parts.append("Names the linker would not guess: a short form or alias that several register entities "
                     "share. Give the entities distinct aliases, or leave them unlinked.")
        titles = {d.id: d for d in docs}
        parts.append(md.table(["Document", "Paragraph", "Name", "Could be", "Why"], [
            [md.link(titles[u.doc].display_title, PAGE, titles[u.doc].page), f"¶{u.paragraph}", md.text(u.surface),
             md.text(", ".join(u.candidates)), md.text(u.why)]
            for u in sorted(archive.unresolved, key=lambda u: (u.doc, u.paragraph, u.surface))]))
    else:
        parts.append("None: every name of the register found in the text was linked or resolved.")
    parts.append("## Removed from the text")
    parts.append("Lines the builder took out of each body (boilerplate, or metadata it moved to the header). "
                 "If a real paragraph is here, tell the developers.")
    for doc in docs:
        section = sections[doc.id] if doc.id in sections else removed_section(doc)
        if section:
            parts.append(section)
    return page({"title": "Needs review", "search": {"exclude": True}}, "\n\n".join(parts))
