"""Machine-readable exports and feeds, published as files in the site root.

documents.json/.csv (every document's metadata), entities.json/.csv (with mention
counts), mentions.json (every mention: document, paragraph anchor, entity, surface),
feed.xml (Atom, documents newest first) and annotations.xml (Atom, newest first): only
what has a full date is in a feed (see :func:`in_feed`).
All deterministic: the same content gives the same bytes. A page is named by its address
in the hosted site's style (mkdocs.yml's use_directory_urls: documents/x/ or documents/x.html),
also in the offline bundle, as citations name it (see :func:`page_address`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json

from builder.emit.atom import (entry, entry_head, entry_link, entry_rest, entry_tail, escape, feed,  # noqa: F401 (escape: the tests')
                               in_feed, timestamp)
from builder.emit.urls import Urls
from builder.model import Archive, Indexes
from builder.slugs import slugify

FILES = {
    "documents.json": "every document's metadata (JSON)",
    "documents.csv": "every document's metadata (CSV)",
    "entities.json": "entities with their mention counts (JSON)",
    "entities.csv": "entities with their mention counts (CSV)",
    "mentions.json": "every mention: document, paragraph, entity, text (JSON)",
    "feed.xml": "new documents (Atom feed)",
    "annotations.xml": "new annotations (Atom feed)",
}
DOC_FIELDS = ("id", "title", "authors", "date", "publication", "section", "dateline", "url", "language", "words",
              "topics", "entities", "annotations", "source", "page")


def _json(rows: list[dict]) -> bytes:
    """What ``json.dumps(rows, ensure_ascii=False, indent=2)`` writes, and a line break.

    Faster than json's indenting, which is pure Python: the rows fill in a template of the
    row, each value encoded by json's C string encoder (see :func:`_value`). The rows have
    the same keys in the same order; a value is plain, or a list of plain values.
    """
    return _join_json([_rows(rows)] if rows else [])


def _rows(rows: list[dict]) -> str:
    """The rows as they are inside the list :func:`_json` writes."""
    template = "  {\n" + ",\n".join(f"    {_encode(key)}: %s" for key in rows[0]) + "\n  }"
    return ",\n".join(template % tuple(map(_value, row.values())) for row in rows)


_encode = json.encoder.encode_basestring  # what json.dumps(..., ensure_ascii=False) writes for a string


def _value(value) -> str:
    """One value as it is written inside a row of :func:`_json` (a list one item a line)."""
    kind = value.__class__
    if kind is str:
        return _encode(value)
    if kind is int:
        return int.__repr__(value)
    if kind is list:
        return "[\n      " + ",\n      ".join(map(_value, value)) + "\n    ]" if value else "[]"
    return json.dumps(value, ensure_ascii=False)  # booleans, None, floats


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP's list of CSV injection triggers)."""


def _cell(value):
    """A CSV cell: lists joined; text a spreadsheet would run as a formula gets a leading
    apostrophe, as OWASP advises, so it is shown as text (the JSON exports keep the value)."""
    if isinstance(value, list):
        value = "; ".join(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _csv_rows(rows: list[dict], fields) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(fields), lineterminator="\n")
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return out.getvalue()


def _csv(rows: list[dict], fields) -> bytes:
    return (",".join(fields) + "\n" + _csv_rows(rows, fields)).encode("utf-8")


_MENTION = """  {
    "document": %s,
    "paragraph": "p%d",
    "entity": %s,
    "text": %s,
    "start": %d,
    "end": %d,
    "linked": %s
  }"""
"""A row of mentions.json, as :func:`_json` writes it (the tests check that it is)."""


def mention_rows(mentions: list) -> str:
    """One document's rows of mentions.json."""
    return ",\n".join(_MENTION % (_encode(m.doc), m.paragraph, _encode(m.entity), _encode(m.surface), m.start,
                                  m.end, "true" if m.linked else "false")
                      for m in sorted(mentions, key=lambda m: (m.paragraph, m.start)))


def page_address(page: str, directory_urls: bool) -> str:
    """The address of a site page (``page``: its Markdown path, 'documents/x.md') relative to
    the site's root, in the hosted site's style: documents/x/ with directory URLs, else
    documents/x.html."""
    return Urls(directory=directory_urls).page_url(page)


_ROW_END = "\n  }"  # how a row of :func:`_rows` ends


def document_parts(doc, mentions: list, topics: list[str], notes: int) -> dict[str, str]:
    """One document's rows of documents.json, documents.csv and mentions.json (and a hash of
    the latter), and its feed entry: made by the per-document stages, in parallel and cached,
    and joined by :func:`document_exports` and :func:`mention_exports`. What depends on the
    site is added there: the page's address (the last field of a row, and the entry's link,
    between its 'feed.xml' and 'feed.xml tail') and the entry's id. ``topics`` are the ids of
    its topics, ``notes`` how many annotations are placed in it."""
    meta = doc.metadata
    row = {"id": doc.id, "title": meta.title, "authors": list(meta.authors), "date": meta.date,
           "publication": meta.publication, "section": meta.section, "dateline": meta.dateline,
           "url": meta.url, "language": meta.language, "words": doc.word_count,
           "topics": sorted(topics), "entities": sorted({m.entity for m in mentions}),
           "annotations": notes, "source": doc.source.path}
    rows = mention_rows(mentions)
    from builder.emit.listing import excerpt

    parts = {"documents.json": _rows([row])[: -len(_ROW_END)], "documents.csv": _csv_rows([row], DOC_FIELDS[:-1])[:-1],
             "mentions.json": rows, "mentions digest": hashlib.sha256(rows.encode("utf-8")).hexdigest(),
             "feed.xml": "", "feed.xml tail": ""}
    if in_feed(meta.date):
        parts["feed.xml"] = entry_head(doc.display_title, timestamp(meta.date))
        parts["feed.xml tail"] = entry_tail(meta.authors, excerpt(doc))
    return parts


def _with_page(parts: dict[str, str], address: str) -> tuple[str, str]:
    """A document's row of documents.json and of documents.csv, its page's ``address`` added last."""
    return (f"{parts['documents.json']},\n    {_encode('page')}: {_encode(address)}{_ROW_END}",
            parts["documents.csv"] + "," + _csv_rows([{"page": address}], ("page",)))


def _entities(archive: Archive, index: Indexes, directory_urls: bool) -> list[dict]:
    counts = index.mention_counts
    naming = index.documents_naming
    rows = []
    for entity in sorted(archive.entities.values(), key=lambda e: e.id):
        rows.append({"id": entity.id, "name": entity.name, "type": entity.type, "aliases": list(entity.aliases),
                     "wikidata": entity.wikidata, "mentions": counts.get(entity.id, 0),
                     "documents": len(naming.get(entity.id, ())), "page": page_address(entity.page, directory_urls)})
    return rows


def export_files(archive: Archive, index: Indexes, title: str, site_url: str = "",
                 directory_urls: bool = True) -> dict[str, bytes]:
    """Every export and feed (``directory_urls``: see :func:`page_address`)."""
    parts = all_parts(archive, index)
    rows = {doc_id: one["mentions.json"] for doc_id, one in parts.items()}
    return {**document_exports(archive, index, title, site_url, parts, directory_urls),
            **mention_exports(archive, index, rows, directory_urls), **annotation_feed(archive, title, site_url, directory_urls)}


def _ids(title: str, site_url: str) -> tuple[str, str]:
    base = site_url.rstrip("/") + "/" if site_url else ""
    return base, base or f"urn:archive:{slugify(title) or 'archive'}:"  # Atom ids must be absolute IRIs


def all_parts(archive: Archive, index: Indexes, parts: dict[str, dict[str, str]] | None = None) -> dict[str, dict[str, str]]:
    """Every document's :func:`document_parts`: those in ``parts`` (document id -> parts,
    already made), the others made here."""
    parts = dict(parts or {})
    missing = [doc for doc in archive.documents if doc.id not in parts]
    if missing:
        mentions, topics, notes = index.mentions_by_doc, {}, annotation_counts(archive)
        for assignment in archive.assignments:
            topics.setdefault(assignment.doc, []).append(assignment.topic)
        for doc in missing:
            parts[doc.id] = document_parts(doc, mentions.get(doc.id, []), topics.get(doc.id, []), notes.get(doc.id, 0))
    return parts


def document_exports(archive: Archive, index: Indexes, title: str, site_url: str, parts: dict[str, dict[str, str]],
                     directory_urls: bool = True) -> dict[str, bytes]:
    """The exports of the documents' metadata: documents.json, documents.csv and feed.xml (of
    their annotations, only how many each has). ``parts``: :func:`all_parts`;
    ``directory_urls``: see :func:`page_address`."""
    base, ids = _ids(title, site_url)
    docs = index.newest_first
    newest = [parts[doc.id] for doc in docs]
    address = {doc.id: page_address(doc.page, directory_urls) for doc in docs}
    rows = [_with_page(part, address[doc.id]) for doc, part in zip(docs, newest)]
    files = {"documents.json": _join_json([json_row for json_row, _ in rows]),
             "documents.csv": (",".join(DOC_FIELDS) + "\n" + "".join(csv_row for _, csv_row in rows)).encode("utf-8")}
    fed = [(doc, part) for doc, part in zip(docs, newest) if in_feed(doc.metadata.date)]
    entries = [entry(f"{ids}{address[doc.id]}", part["feed.xml"] + entry_link(address[doc.id]) + part["feed.xml tail"])
               for doc, part in fed]
    left_out = len(docs) - len(fed)
    subtitle = "The archive's documents, newest first" + (
        f"; {left_out:,} without a full date of publication (day, month and year) "
        f"{'is' if left_out == 1 else 'are'} not in this feed: the timeline lists "
        f"{'it' if left_out == 1 else 'them'}" if left_out else "")
    files["feed.xml"] = feed(f"{ids}feed.xml", "feed.xml", f"{title}: documents", subtitle,
                              fed[0][0].metadata.date if fed else "", entries, base)
    return files


def mention_exports(archive: Archive, index: Indexes, rows: dict[str, str], directory_urls: bool = True) -> dict[str, bytes]:
    """The exports made from the mentions and the register: mentions.json, entities.json and
    entities.csv (nothing of the documents' metadata, so a corrected title keeps them).
    ``rows``: document id -> its rows of mentions.json (see :func:`document_parts`);
    ``directory_urls``: see :func:`page_address`."""
    entities = _entities(archive, index, directory_urls)
    return {"entities.json": _json(entities),
            "entities.csv": _csv(entities, ("id", "name", "type", "aliases", "wikidata", "mentions", "documents", "page")),
            "mentions.json": _join_json([r for r in (rows[doc_id] for doc_id in sorted(rows)) if r])}


def _join_json(inside: list[str]) -> bytes:
    """A list as :func:`_json` writes it, from the texts of its rows (see :func:`_rows`)."""
    return ("[\n" + ",\n".join(inside) + "\n]\n").encode("utf-8") if inside else b"[]\n"


def annotation_counts(archive: Archive) -> dict[str, int]:
    """How many placed annotations each document has (documents that have any)."""
    notes: dict[str, int] = {}
    for annotation in archive.annotations:
        if annotation.spans:
            notes[annotation.doc] = notes.get(annotation.doc, 0) + 1
    return notes


def annotation_feed(archive: Archive, title: str, site_url: str = "", directory_urls: bool = True) -> dict[str, bytes]:
    """annotations.xml: the placed annotations, newest first (``directory_urls``: see :func:`page_address`)."""
    base, ids = _ids(title, site_url)
    notes = sorted((a for a in archive.annotations if a.spans), key=lambda a: (a.doc, a.number))
    notes.sort(key=lambda a: a.date, reverse=True)
    doc_titles = {d.id: d.display_title for d in archive.documents}
    notes = [a for a in notes if in_feed(a.date)]  # (all: the schema asks every note for a full date)
    pages = {a.doc: page_address(f"documents/{a.doc}.md", directory_urls) for a in notes}
    note_entries = [entry(f"{ids}{pages[a.doc]}#{a.anchor}",
                           entry_rest(f"{a.kind.capitalize()} on “{doc_titles[a.doc]}”", timestamp(a.date),
                                       f"{pages[a.doc]}#{a.anchor}", [a.author], a.body)) for a in notes]
    return {"annotations.xml": feed(f"{ids}annotations.xml", "annotations.xml", f"{title}: annotations",
                                     "The editors' notes on passages of the archive's documents, newest first",
                                     notes[0].date if notes else "", note_entries, base)}
