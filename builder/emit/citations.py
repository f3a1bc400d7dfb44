"""Citing a document: the "Cite this document" box at the foot of its page (a plain citation
and BibTeX), and what its page's head gives citation managers and search engines (Highwire
Press ``citation_*`` tags and a schema.org description for JSON-LD, which the theme writes
from the page's front matter)."""

from __future__ import annotations

import html

from builder.dates import display_date
from builder.emit import rawhtml
from builder.model import Document


def front_matter(doc: Document) -> dict:
    """What the document page's front matter carries for citing; the theme writes it into the
    page's head as ``<meta name="citation_...">`` tags and a JSON-LD script."""
    return {"citation": citation_tags(doc), "schema_org": schema_org(doc)}


def citation_tags(doc: Document) -> list[list[str]]:
    """Highwire Press tags (what Google Scholar and Zotero read), as [name, value] pairs."""
    meta = doc.metadata
    tags = [["citation_title", doc.display_title]]
    tags += [["citation_author", author] for author in meta.authors]
    if meta.date:
        tags.append(["citation_publication_date", meta.date.replace("-", "/")])
    if meta.publication:
        tags.append(["citation_journal_title", meta.publication])
    if meta.language:
        tags.append(["citation_language", meta.language])
    return tags


def schema_org(doc: Document) -> dict:
    """schema.org description of the document, for JSON-LD."""
    meta = doc.metadata
    data: dict = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": doc.display_title,
                  "identifier": doc.id, "wordCount": doc.word_count}
    if meta.authors:
        data["author"] = [{"@type": "Person", "name": a} for a in meta.authors]
    if meta.date:
        data["datePublished"] = meta.date
    if meta.publication:
        data["publisher"] = {"@type": "Organization", "name": meta.publication}
    if meta.url:
        data["url"] = meta.url
    if meta.dateline:
        data["locationCreated"] = {"@type": "Place", "name": meta.dateline}
    return data


def bibtex(doc: Document) -> str:
    meta = doc.metadata

    def field(value: str) -> str:
        return "{" + value.replace("\\", "").replace("{", "").replace("}", "") + "}"

    lines = [f"@article{{{doc.id},", f"  title = {field(doc.display_title)},"]
    if meta.authors:
        lines.append(f"  author = {field(' and '.join(meta.authors))},")
    if meta.publication:
        lines.append(f"  journal = {field(meta.publication)},")
    if meta.date:
        lines.append(f"  year = {field(meta.date[:4])},")
        if len(meta.date) >= 7:
            lines.append(f"  month = {field(meta.date[5:7])},")
        if len(meta.date) == 10:
            lines.append(f"  day = {field(meta.date[8:10])},")
    if meta.url:
        lines.append(f"  url = {field(meta.url)},")
    lines.append(f"  note = {field('Archive document ' + doc.id)}")
    lines.append("}")
    return "\n".join(lines)


def plain_citation(doc: Document) -> str:
    meta = doc.metadata
    parts = []
    if meta.authors:
        parts.append(", ".join(meta.authors) + ".")
    parts.append(f"“{doc.display_title}.”")
    if meta.publication:
        parts.append(meta.publication + ",")
    parts.append((display_date(meta.date) or "undated") + ".")
    if meta.url:
        parts.append(meta.url + ".")
    parts.append(f"Archive document {doc.id}.")
    return " ".join(parts)


def cite_box(doc: Document) -> str:
    e = html.escape
    return rawhtml.block("citation", '<details class="archive-cite">\n<summary>Cite this document</summary>\n'
                         f'<p class="archive-cite-plain">{e(plain_citation(doc))}</p>\n'
                         f'<pre class="archive-cite-bibtex"><code>{e(bibtex(doc))}</code></pre>\n</details>')
