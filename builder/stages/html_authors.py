"""Captured web pages: who wrote the article, with their names as the page writes them.

Where a page names its author, most trusted first (SOURCES): the JSON-LD article's ``author`` (a
person, not an organisation; an ``{"@id": …}`` is the person of that id in the page's ``@graph``;
a ``WebPage``'s ``mainEntity``); its byline (html_bylines: an element marked ``rel="author"``,
``itemprop="author"``, or with a class or id such as ``author``, ``byline``, ``autor``, a link to
a writer's page, and the name-bearing parts of such an element, outside any comment section); the
author ``<meta>`` tags; what the extraction library picked; a short text that opens with a
byline's words ("Von Claudia Lindner", "Text: …"), or a date ("25.10.2022 - Reiner Nagel"), also
as a line after a ``<br>``. html_names reads the people each one names.

Of those, the names the most sources share a name with are taken; on a tie, the names more
sources give exactly, then the most trusted source's. A source that names them and a co-author
gives the longer list; a first name alone is completed from another source. A newsroom's byline
("Redaktion", "Editorial Team") is what the page says, and is kept, unless another source names
a person.

Not an author: a commenter, an organisation (a name the page gives its site or publisher:
``og:site_name``, the JSON-LD publisher and organisations, the host name: "El Colombiano",
"Digitalcourage", "finanztreff.de"). But a name the page marks as its author in a standard way
(``rel="author"``, ``itemprop="author"``, hCard's ``author vcard``) may be the site's own: a blog
named after its writer. The library's pick is read as it cut it: not when it begins with a
company (the rest is its address) or was cut at an entity's ';', and without a single word
after a full name (a place or a job).

No site is named here: every rule reads what the page itself says.
"""

from __future__ import annotations

import html.entities
import re
from urllib.parse import urlsplit

from builder.stages import html_tags as tags
from builder.stages.html_bylines import byline_sentences, bylines
from builder.stages.html_names import COMPANY, names_in, plain, without_publications
from builder.stages.html_title import words

AUTHOR_META = ("author", "article:author", "dc.creator", "dcterms.creator", "byl", "parsely-author", "sailthru.author")
CITATION_META = ("citation_author", "bepress_citation_author")
"""A scholarly page's tags (Highwire Press, bepress): one per author, often "Last, First"."""
WRITTEN_BY = re.compile(r"^\s*(?:written\s+by|verfasst\s+von|geschrieben\s+von|escrito\s+por|écrit\s+par|scritto\s+da|"
                        r"auteur|autor|author)\s*$", re.I)
"""A ``twitter:labelN`` that says its ``twitter:dataN`` is the author (as WordPress' SEO plugins write them)."""
ORGANISATION_TYPES = {"Organization", "NewsMediaOrganization", "Corporation", "GovernmentOrganization",
                      "EducationalOrganization", "NGO", "LocalBusiness", "WebSite"}
NEWSROOM = re.compile(r"\b(?:redaktion|rédaction|redaction|redacción|redação|redazione|redactie|newsroom|"
                      r"editorial\s+(?:team|staff|board)|staff|team)\b", re.I)
"""A newsroom's byline ("Redaktion", "Redacción EC", "Editorial Team"): kept, unless a source names a person."""


def organisations(objects: list[dict], site_names: list[str], url: str) -> tuple[set, set]:
    """The words of every name the page gives an organisation: (those its JSON-LD calls one, and
    those and its site's names: og:site_name, the publisher, the host, its first label and the
    domain's own: "fischerhuette.hejfish.com" names fischerhuette and hejfish)."""
    found = [name for obj in objects if set(tags.types(obj)) & ORGANISATION_TYPES for name in tags.names(obj.get("name"))]
    for obj in objects:
        for value in (obj.get("author"), obj.get("publisher")):
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict) and set(tags.types(item)) & ORGANISATION_TYPES:
                    found += tags.names(item.get("name"))
    typed = {words(plain(name)) for name in found} - {()}
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    labels = host.split(".")
    site = list(site_names) + ([host, labels[0]] + labels[-2:-1] if host else [])  # "shop.nmb-media.de": nmb-media
    return typed, typed | {words(plain(name)) for name in site} - {()}


SOURCES = ("json-ld", "byline", "meta", "library", "byline sentence")
"""Where a page names its author, most trusted first (see page_authors)."""


def citation_authors(tree) -> list[str]:
    """The authors of a scholarly page's tags, each as "First Last" ("Berg, Anna" is Anna Berg)."""
    return [" ".join(reversed([p.strip() for p in value.split(",")])) if value.count(",") == 1 else value
            for value in tags.meta(tree, *CITATION_META)[:20]]


def written_by(tree) -> list[str]:
    """The ``twitter:dataN`` whose ``twitter:labelN`` says "Written by", "Verfasst von", …"""
    labels = {n: label for n in range(1, 5) if (label := tags.meta(tree, f"twitter:label{n}"))}
    return [value for n, label in labels.items() if WRITTEN_BY.match(label[0])
            for value in tags.meta(tree, f"twitter:data{n}")[:1]]


def _library_values(library_author: str, orgs: set) -> list[str]:
    """The library's pick, which it has already cut at commas ("Olympia-Verlag GmbH; Nürnberg;
    Germany"): nothing when it is the site's name, or when its first part is a company (the rest
    is then its address), or cut where an entity was ("Redacci; Oacute; N")."""
    values = [value for value in (library_author or "").split(";") if value.strip()]
    if not values or words(library_author or "") in orgs or COMPANY.search(values[0]) or words(plain(values[0])) in orgs \
            or any(value.strip() in html.entities.name2codepoint for value in values):
        return []  # or cut at an entity's ';' ("Redacci; Oacute; N")
    return values


def _without_trailers(names: list[str]) -> list[str]:
    """After a full name, a single word is a place or a job that was cut off, not a co-author
    ("Anna Berg; Berlin", "Jane Doe; Staff Reporter")."""
    return [name for i, name in enumerate(names) if i == 0 or len(names[0].split()) < 2 or len(name.split()) > 1]


def source_names(tree, objects: list[dict], library_author: str, site_names: list[str],
                 url: str) -> list[tuple[str, list[str]]]:
    """Each source (SOURCES) that names someone, and its names: a byline is the first marked element
    (or sentence) that names someone. A name marked as the author in a standard way may be the
    site's own (a blog named after its writer)."""
    typed, orgs = organisations(objects, site_names, url)
    article = tags.article(objects)
    main = article.get("mainEntity")
    author = (article.get("author") or article.get("creator")  # schema.org's creator: the author's wider kind
              or (main.get("author") if isinstance(main, dict) else None))  # a WebPage's article
    by_id = {obj["@id"]: obj for obj in objects if isinstance(obj.get("@id"), str)}
    people = [by_id.get(item["@id"], item) if isinstance(item, dict) and "name" not in item
              and isinstance(item.get("@id"), str) else item  # {"@id": "…"}: the Person in the @graph
              for item in (author if isinstance(author, list) else [author])[:20]]
    people = [item for item in people
              if isinstance(item, str) or (isinstance(item, dict) and not set(tags.types(item)) & ORGANISATION_TYPES)]
    sources = [
        [([name for item in people for name in tags.names(item)], orgs)],
        [([text], typed if explicit else orgs) for text, explicit in bylines(tree)],
        [(tags.meta(tree, *AUTHOR_META), orgs), (citation_authors(tree), orgs), (written_by(tree), orgs)],
        [(_library_values(library_author, orgs), orgs)],
        [([text], orgs, not sure) for text, sure in byline_sentences(tree)],
    ]
    found = []
    for rank, entries in enumerate(sources):
        names = next((names for values, not_people, *strict in entries
                      if (names := [n for v in values for n in names_in(v, not_people, bool(strict and strict[0]))])), [])
        if names:
            names = without_publications(names)  # "Jane Doe; The Washington Post" (the library's, two tags)
            found.append((SOURCES[rank], _without_trailers(names) if SOURCES[rank] == "library" else names))
    return found


def page_authors(tree, objects: list[dict], library_author: str, site_names: list[str], url: str) -> tuple[str, ...]:
    """The article's authors (see the module's description): each source's names, and of those the
    names the most sources agree on (on a tie, the most trusted source's)."""
    found = [names for _, names in source_names(tree, objects, library_author, site_names, url)]
    people = [names for names in found if not all(NEWSROOM.search(name) for name in names)]
    found = people or found  # a person's name where another source gives the newsroom's
    if not found:
        return ()
    sets = [{n.casefold() for n in names} for names in found]

    def support(names: list[str]) -> tuple[int, int]:
        """How many sources name one of them, and how many name exactly them."""
        folded = {n.casefold() for n in names}
        return sum(1 for other in sets if folded & other), sum(1 for other in sets if folded == other)

    chosen = max(found, key=lambda names: (support(names), -found.index(names)))
    folded = {n.casefold() for n in chosen}
    chosen = next((other for other in found if folded < {n.casefold() for n in other}), chosen)  # and his co-author
    for other in found:  # a first name alone ("Emily") where another source writes it in full
        chosen = [next((f for f in other if f.casefold().startswith(name.casefold() + " ")), name)
                  if len(name.split()) == 1 else name for name in chosen]
    return tuple(dict.fromkeys(chosen))
