"""Citing a document: the "Cite this document" box at the foot of its page (a plain citation,
BibTeX, RIS and CSL-JSON), and what its page's head gives citation managers and search
engines (Highwire Press ``citation_*`` tags and a schema.org description for JSON-LD, which
the theme writes from the page's front matter).

A citation names the archive's page of the document (its address on the hosted site: the
site's ``site_url`` and the page's URL in the hosted site's style, use_directory_urls: see
emit.document_foot.public_url) and, where the source gives it, the original
address. It carries no date of access: the page is the same for every reader, and a build's
date would be the day the site was made, not the day it was read. The theme's script
(``notes.js``) adds "Accessed <today>" in the reader's browser, to the plain citation and to
each format (BibTeX ``urldate``, RIS ``Y2``, CSL-JSON ``accessed``), and offers each format
as a file to download (Zotero imports the RIS file).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

from builder.dates import display_date
from builder.emit import rawhtml
from builder.model import Document
from builder.slugs import slugify


@dataclass(frozen=True)
class Place:
    """Where a document is read: the archive's name and the document page's address on the
    hosted site ('' when the site's address, mkdocs.yml's ``site_url``, is not set)."""

    archive: str
    url: str = ""


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


# --- what every format says -------------------------------------------------------------------------

def _one_line(value: str) -> str:
    return " ".join(value.split())


def original_url(doc: Document) -> str:
    """The address the source was published at, if it gives one (http or https only)."""
    url = _one_line(doc.metadata.url or "")
    return url if url.split(":", 1)[0].lower() in ("http", "https") else ""


_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"}


def cite_key(doc: Document) -> str:
    """A key for citation managers, as they make them: the first author's last name (else the
    publication's first word), the year and the title's first word ("goodenough2010china")."""
    meta = doc.metadata

    def word(text: str, skip: set[str] = frozenset()) -> str:
        first = ""
        for raw in text.split():
            folded = slugify(raw).replace("-", "")
            if folded and folded not in skip:
                return folded
            first = first or folded
        return first

    who = slugify(meta.authors[0].split()[-1]).replace("-", "") if meta.authors and meta.authors[0].split() else ""
    who = who or word(meta.publication) or "anon"
    return f"{who}{meta.date[:4] if meta.date else 'nd'}{word(doc.display_title, _SMALL_WORDS)}"


def plain(doc: Document, place: Place) -> str:
    """A plain citation: authors, title, publication and date, the original address, the archive."""
    meta = doc.metadata
    parts = []
    if meta.authors:
        parts.append(_one_line(", ".join(meta.authors)) + ".")
    parts.append(f"“{_one_line(doc.display_title)}.”")
    if meta.publication:
        parts.append(_one_line(meta.publication) + ",")
    parts.append((display_date(meta.date) or "undated") + ".")
    if original_url(doc):
        parts.append(original_url(doc) + ".")
    archived = f"Archived in {_one_line(place.archive)}"
    parts.append(f"{archived}, {place.url}." if place.url else f"{archived}.")
    return " ".join(parts)


def bibtex(doc: Document, place: Place, key: str = "") -> str:
    """A BibTeX entry (``@article`` in a publication, else ``@misc``); every field line ends
    with a comma, so a field can be added before the closing brace. ``key``: the document's
    :func:`cite_key`, if made already."""
    meta = doc.metadata
    lines = [f"@{'article' if meta.publication else 'misc'}{{{key or cite_key(doc)},",
             f"  title = {_braced(doc.display_title)},"]
    if meta.authors:
        lines.append(f"  author = {_braced(' and '.join(meta.authors))},")
    if meta.publication:
        lines.append(f"  journal = {_braced(meta.publication)},")
    if meta.date:
        lines.append(f"  year = {{{meta.date[:4]}}},")
        if len(meta.date) >= 7:
            lines.append(f"  month = {{{meta.date[5:7]}}},")
        lines.append(f"  date = {{{meta.date}}},")
    url = place.url or original_url(doc)
    if url:
        lines.append(f"  url = {{{_url(url)}}},")
    note = f"Archived in {_latex(place.archive)}"
    if place.url and original_url(doc):
        note += f". Original address: \\url{{{_url(original_url(doc)).translate(_IN_ARGUMENT)}}}"
    lines.append(f"  note = {{{note}}},")
    if meta.language:
        lines.append(f"  language = {_braced(meta.language)},")
    lines.append("}")
    return "\n".join(lines)


_LATEX = str.maketrans({"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "~": r"{\textasciitilde}",
                        "^": r"{\textasciicircum}", "{": "", "}": "", "\\": ""})


def _latex(value: str) -> str:
    """Text for a BibTeX field: LaTeX's special characters escaped, braces and backslashes
    dropped (an unbalanced brace would end the entry)."""
    return _one_line(value.translate(_LATEX))


def _braced(value: str) -> str:
    return "{" + _latex(value) + "}"


_URL = str.maketrans("", "", "{}\\ ")


_IN_ARGUMENT = str.maketrans({"%": r"\%", "#": r"\#"})
"""What ``\\url`` needs escaped inside another command's argument (as the note is, in a
bibliography style): a '%' would start a comment and a '#' is a macro parameter."""


def _url(url: str) -> str:
    """An address inside ``url = {...}`` (read as it is by biblatex and hyperref): only what
    would end the field is dropped."""
    return url.translate(_URL)


def ris(doc: Document, place: Place) -> str:
    """An RIS record (what Zotero, EndNote and Mendeley import), ending with ``ER  - ``."""
    meta = doc.metadata
    lines = [("TY", "NEWS" if meta.publication else "ELEC"), ("TI", doc.display_title)]
    lines += [("AU", author) for author in meta.authors]
    if meta.publication:
        lines.append(("T2", meta.publication))
    if meta.date:
        parts = meta.date.split("-")
        lines.append(("PY", parts[0]))
        lines.append(("DA", "/".join(parts + [""] * (3 - len(parts))) + "/"))
    if meta.language:
        lines.append(("LA", meta.language))
    url = place.url or original_url(doc)
    if url:
        lines.append(("UR", url))
    lines.append(("DB", place.archive))
    if place.url and original_url(doc):
        lines.append(("N1", f"Original address: {original_url(doc)}"))
    lines.append(("ER", ""))
    return "\n".join(f"{tag}  - {_one_line(value)}".rstrip() + (" " if tag == "ER" else "") for tag, value in lines)


def csl_json(doc: Document, place: Place, key: str = "") -> str:
    """A CSL-JSON item list of one (what citeproc, Pandoc and Zotero read), one field a line,
    so that a field can be added before the item's closing brace."""
    meta = doc.metadata
    item: dict = {"id": key or cite_key(doc), "type": "article-newspaper" if meta.publication else "webpage",
                  "title": _one_line(doc.display_title)}
    if meta.authors:
        item["author"] = [{"literal": _one_line(a)} for a in meta.authors]
    if meta.publication:
        item["container-title"] = _one_line(meta.publication)
    if meta.date:
        item["issued"] = {"date-parts": [[int(part) for part in meta.date.split("-")]]}
    url = place.url or original_url(doc)
    if url:
        item["URL"] = url
    item["archive"] = _one_line(place.archive)
    if place.url and original_url(doc):
        item["note"] = f"Original address: {original_url(doc)}"
    if meta.language:
        item["language"] = _one_line(meta.language)
    fields = ",\n".join(f"    {json.dumps(name)}: {json.dumps(value, ensure_ascii=False)}" for name, value in item.items())
    return "[\n  {\n" + fields + "\n  }\n]"  # one field a line, each value on its line


def cite_box(doc: Document, place: Place) -> str:
    """The "Cite this document" box: closed, at the foot of the page."""
    e = html.escape
    key = cite_key(doc)
    parts = [f'<details class="archive-cite" data-cite-key="{e(key)}">', "<summary>Cite this document</summary>",
             f'<p class="archive-cite-plain">{e(plain(doc, place), quote=False)}</p>']
    for name, label, extension, text in (("bibtex", "BibTeX", "bib", bibtex(doc, place, key)),
                                         ("ris", "RIS (Zotero, EndNote, Mendeley)", "ris", ris(doc, place)),
                                         ("csl-json", "CSL-JSON", "json", csl_json(doc, place, key))):
        parts.append(f'<div class="archive-cite-format" data-format="{name}" data-extension="{extension}">'
                     f'<p class="archive-cite-label">{label}</p>'
                     f'<pre class="archive-cite-{name}"><code>{e(text, quote=False)}</code></pre></div>')
    parts.append("</details>")
    return rawhtml.block("citation", "\n".join(parts))
