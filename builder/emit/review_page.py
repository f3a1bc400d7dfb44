"""The editors' page ("For editors"): what needs an editor by problem (counts first, each
with its fix and its documents; see model.review), problems found, names not linked, register
entries no document names, every paragraph the builder shows as a heading or a quotation,
and every removed line.

It speaks to editors (file paths, fixes), so it is not among the reader's tabs: the
navigation lists it under About, and the theme's footer links it from every page.

On a large archive its lists are long (a row for each document missing metadata, a table of
removed lines for nearly every document): a list longer than a page of emit.pager is on
pages of its own (emit.review_lists), which the page links, so it stays small whatever the
archive's size. All but its title, section headings and prose is written as HTML handed past
Markdown (see emit.rawhtml): escaped text, and links whose
URLs emit works out (emit.urls). Each section is one block, the removed lines of every
document too: blocks are put back into the page one by one, so ten thousand of them (one
per document) would cost more than Markdown did. A document's heading is in its block, so
the table of contents lists the sections only.
"""

from __future__ import annotations

import html
from collections.abc import Collection

from builder.emit import rawhtml
from builder.emit.frontmatter import Page, page
from builder.emit.review_lists import PAGE, TITLE, Listing, href, link
from builder.emit.urls import Urls
from builder.model import Archive
from builder.model.review import DUPLICATE, DUPLICATE_CODES, documents_in, review_groups

STRUCTURE = {"heading": "Heading", "quote": "Quotation"}
"""The kinds of paragraph the segment stage reads from a plain text's layout, as this page names them."""
EXCERPT_WORDS = 16


def removed_section(doc, urls: Urls) -> str:
    """The lines taken out of one document, as HTML ("" for none): made by the per-document
    stages (in parallel, cached), since on a large archive the tables of every document's
    removed lines are most of this page; its links' way up is left to place it
    (emit.review_lists). Its heading's anchor is ``removed_`` and the
    document's id: the page's other anchors are made from its section headings, which have
    no underscore."""
    if not doc.removals:
        return ""
    rows = [[str(r.line), rawhtml.text(r.text), rawhtml.text(r.reason)]
            for r in sorted(doc.removals, key=lambda r: (r.line, r.kind))]
    anchor = html.escape(f"removed_{doc.id}")
    return "\n".join([
        f'<h3 id="{anchor}">{rawhtml.text(doc.display_title)}<a class="headerlink" href="#{anchor}" title="Permanent link">&para;</a></h3>',
        f"<p>{link('Open the document', doc.page, urls)} · source <code>{rawhtml.text(doc.source.path)}</code></p>",
        rawhtml.table(["Line", "Text", "Why"], rows)])


def missing_row(doc, urls: Urls) -> list[str]:
    """The document's row (HTML cells) in the tables of missing metadata (none when nothing
    is missing): made by the per-document stages, as :func:`removed_section` is."""
    return _row(doc, urls) if doc.needs_review else []


def _row(doc, urls: Urls) -> list[str]:
    return [link(doc.display_title, doc.page, urls), f"<code>{rawhtml.text(doc.source.path)}</code>"]


def _heading(anchor: str, label: str) -> str:
    anchor = html.escape(anchor)
    return f'<h3 id="{anchor}">{rawhtml.text(label)}<a class="headerlink" href="#{anchor}" title="Permanent link">&para;</a></h3>'


def by_problem(groups: list, docs: list, urls: Urls, rows: dict[str, list[str]], lead: str = "",
               own: dict[str, Page] | None = None) -> str:
    """``groups`` (of model.review), counts first: with a ``lead`` (which follows the number
    of documents they hold), a list of them; then under each its fix and its documents (HTML,
    one block). A group of more documents than a page holds links them on pages of their own,
    added to ``own`` (emit.review_lists)."""
    titles = {d.id: d for d in docs}
    parts = []
    if lead:
        summary = "\n".join(f'<li><a href="#{_anchor(g)}">{rawhtml.text(g.heading)}</a></li>' for g in groups)
        parts = [f"<p>{documents_in(groups):,} of {len(docs):,} documents {lead}:</p>", f"<ul>\n{summary}\n</ul>"]
    for group in groups:
        if group.problem is DUPLICATE:  # few: their rows are made here
            headers = ["Document", "Source", "Copy of"]
            table = [[*_row(titles[listed.doc], urls), rawhtml.text(listed.detail)] for listed in group.documents]
        else:
            headers = ["Document", "Source"]
            table = [rows[listed.doc] if listed.doc in rows else missing_row(titles[listed.doc], urls)
                     for listed in group.documents]
        fix = f"<p>Fix: {rawhtml.text(group.problem.fix)}.</p>"
        listing = Listing(_anchor(group), group.heading, f"Fix: {rawhtml.text(group.problem.fix)}.", tuple(headers), table)
        parts += [_heading(_anchor(group), group.heading), fix, _listed(listing, urls, own)]
    return rawhtml.block("review-copies" if groups[0].problem is DUPLICATE else "review-missing", "\n".join(parts))


def _listed(listing: Listing, urls: Urls, own: dict[str, Page] | None, block: str = "") -> str:
    """``listing`` as the editors' page shows it (in a block named ``block``, if given): the
    whole list, or where it is when it is too long for the page (its own pages are added to
    ``own``)."""
    if listing.too_long() and own is not None:
        own.update(listing.pages(urls, block or "review-list"))
        return listing.pointer(urls)
    shown = listing.body(listing.items, PAGE, urls)
    return rawhtml.block(block, shown) if block else shown


def _anchor(group) -> str:
    return "copies" if group.problem is DUPLICATE else f"missing-{group.problem.key}"


def render(archive: Archive, urls: Urls = Urls(), sections: dict[str, str] | None = None,
           rows: dict[str, list[str]] | None = None, authors: Collection[str] = ()) -> Page:
    """The editors' page alone (see :func:`render_pages`)."""
    return render_pages(archive, urls, sections, rows, authors)[PAGE]


def render_pages(archive: Archive, urls: Urls = Urls(), sections: dict[str, str] | None = None,
                 rows: dict[str, list[str]] | None = None, authors: Collection[str] = (),
                 structure: dict[str, list[list[str]]] | None = None) -> dict[str, Page]:
    """The editors' page and the pages of its long lists (emit.review_lists), by path.
    ``sections``: document id -> :func:`removed_section`, ``rows``: document id ->
    :func:`missing_row`, and ``structure``: document id -> :func:`structure_rows`, where
    already made (with the same ``urls``). ``authors``: the ids of
    the register's entities that wrote or published documents (emit.taxonomy_pages.roles)."""
    sections, rows = sections or {}, rows or {}
    own: dict[str, Page] = {}
    docs = sorted(archive.documents, key=lambda d: d.id)
    parts = [f"# {TITLE}",
             "This page is for the archive's editors: what the builder could not find in the sources or was unsure "
             "of, by problem, each with its fix, and what it changed in the texts. `archive review` prints the same "
             "from the command line."]
    groups = review_groups(archive)
    missing = [g for g in groups if g.problem is not DUPLICATE]
    copies = [g for g in groups if g.problem is DUPLICATE]
    parts.append("## Missing metadata")
    parts.append(by_problem(missing, docs, urls, rows, "lack a title, authors, a date or a publication", own) if missing
                 else "Every document has a title, authors, a date and a publication.")
    parts.append("## Copies of another document")
    parts.append(by_problem(copies, docs, urls, rows, own=own) if copies
                 else "None: no source is a copy of another.")
    problems = sorted((d for d in archive.diagnostics if d.severity != "info" and d.code not in DUPLICATE_CODES),
                      key=lambda d: d.sort_key())
    parts.append("## Problems found in the content")
    if problems:
        parts.append(_listed(Listing("problems", "Problems found in the content", "Each problem found in the "
                                     "content, with how to fix it.", ("Where", "Severity", "Problem", "How to fix"), [
            [rawhtml.text(f"{d.path}:{d.line}" if d.line else d.path), rawhtml.text(d.severity), rawhtml.text(d.message),
             rawhtml.text(d.hint)]
            for d in problems], "problems", "by file"), urls, own, "review-problems"))
    else:
        parts.append("None.")
    parts.append("## Names not linked")
    if archive.unresolved:
        parts.append("Names the linker would not guess: a short form or alias that several register entities "
                     "share. Give the entities distinct aliases, or leave them unlinked.")
        titles = {d.id: d for d in docs}
        parts.append(_listed(Listing("unlinked", "Names not linked", "Names the linker would not guess: give the "
                                     "entities distinct aliases, or leave them unlinked.",
                                     ("Document", "Paragraph", "Name", "Could be", "Why"), [
            [link(titles[u.doc].display_title, titles[u.doc].page, urls), f"¶{u.paragraph}",
             rawhtml.text(u.surface), rawhtml.text(", ".join(u.candidates)), rawhtml.text(u.why)]
            for u in sorted(archive.unresolved, key=lambda u: (u.doc, u.paragraph, u.surface))], "names", "by document"),
            urls, own, "review-unlinked"))
    else:
        parts.append("None: every name of the register found in the text was linked or resolved.")
    parts.append("## Register entries no document mentions")
    parts.append(_unmentioned(archive, urls, authors, own))
    parts.append("## Read as headings and quotations")
    parts.append(_structure(docs, urls, own, structure or {}))
    parts.append("## Removed from the text")
    parts.append("Lines the builder took out of each body (boilerplate, or metadata it moved to the header). "
                 "If a real paragraph is here, tell the developers.")
    removed = [section for section in (sections[d.id] if d.id in sections else removed_section(d, urls) for d in docs) if section]
    if removed:
        parts.append(_listed(Listing("removed", "Removed from the text", "Lines the builder took out of each body; "
                                     "if a real paragraph is here, tell the developers.", (), removed), urls, own, "removed"))
    return {PAGE: page({"title": TITLE, "search": {"exclude": True}}, "\n\n".join(parts)), **own}


def _unmentioned(archive: Archive, urls: Urls, authors: Collection[str], own: dict[str, Page]) -> str:
    """The register's entries that no document names, with their files (Markdown or HTML);
    not those that wrote or published a document (their pages list what they did)."""
    named = {mention.entity for mention in archive.mentions}
    never = sorted((e for e in archive.entities.values() if e.id not in named and e.id not in authors),
                   key=lambda e: (e.name.casefold(), e.id))
    if not never:
        return "None: every entity in the register is mentioned at least once, or wrote or published a document."
    rows = [[link(e.name, e.page, urls), rawhtml.text(e.type), f"<code>{rawhtml.text(e.path)}</code>"]
            for e in never]
    return ("No document names these entries of the register, and none wrote or published one: check their names "
            "and aliases (a spelling the sources use may be missing), or remove the files.\n\n"
            + _listed(Listing("unmentioned", "Register entries no document mentions", "No document names these entries of the "
                              "register: check their names and aliases, or remove the files.", ("Entity", "Type", "File"), rows, "entries", "by name"),
                      urls, own, "review-unmentioned"))


def structure_rows(doc, urls: Urls) -> list[list[str]]:
    """The document's rows (HTML cells) of the paragraphs read as headings and quotations:
    made by the per-document stages, as :func:`removed_section` is (the page's other documents'
    paragraphs are not read again)."""
    rows = []
    for paragraph in doc.paragraphs:
        shown = STRUCTURE.get(paragraph.kind)
        if shown:
            words = paragraph.text.split()
            excerpt = " ".join(words[:EXCERPT_WORDS]) + (" …" if len(words) > EXCERPT_WORDS else "")
            rows.append([link(doc.display_title, doc.page, urls),
                         f'<a href="{href(doc.page, urls, paragraph.anchor)}">{paragraph.index}</a>',
                         shown, rawhtml.text(excerpt)])
    return rows


def _structure(docs: list, urls: Urls, own: dict[str, Page], made: dict[str, list]) -> str:
    """Every paragraph the segment stage shows as a heading or a quotation (read from the
    layout of a plain text: see stages.segment), linked to its place on the document's page
    (each document's rows ``made`` already, or made here)."""
    rows = [row for doc in docs for row in (made[doc.id] if doc.id in made else structure_rows(doc, urls))]
    if not rows:
        return "None: no paragraph was read as a heading or a quotation."
    return ("Paragraphs the builder shows as a heading (a short title-case line before "
            "the text it heads) or a quotation (a paragraph introduced by a colon after a verb of saying, or "
            "indented). Their text is unchanged; if one is wrong, tell the developers.\n\n"
            + _listed(Listing("structure", "Read as headings and quotations", "Paragraphs the builder shows as a heading "
                              "or a quotation; if one is wrong, tell the developers.", ("Document", "Paragraph", "Shown as", "Text"), rows,
                              "paragraphs", "by document"), urls, own, "review-structure"))
