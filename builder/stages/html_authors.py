"""Captured web pages: who wrote the article, with their names as the page writes them.

Where a page names its author, most trusted first: the JSON-LD article's ``author`` (a person,
not an organisation; an ``{"@id": …}`` is the person of that id in the page's ``@graph``); its
byline (html_bylines: an element marked ``rel="author"``, ``itemprop="author"``, or with a class
or id such as ``author``, ``byline``, ``autor``, outside any comment section); the author
``<meta>`` tags; what the extraction library picked; a short text that opens with a byline's
words ("Von Claudia Lindner", "Text: …") or a date ("25.10.2022 - Reiner Nagel"). The names most
of these sources agree on are taken (on a tie, the most trusted source's; a source that names
them and a co-author, the longer list).

Each value is made plain text before anything else: HTML entities decoded until none is left (a
double-escaped ``Redacci&amp;Oacute;N`` is "RedacciÓN", not three names), tags dropped. Then
the byline's own words come off ("By", "Von", "View all posts by", "Zeige alle Beiträge von",
"Voir tous les articles de", a date after the name), and the value is cut into names (", ",
" and ", " und ", "&", …). Not an author:

* a commenter ("Art Edwards says"), and anything inside a comment section;
* an organisation: a name the page gives its site or publisher (``og:site_name``, the JSON-LD
  publisher and organisations, the host name: "El Colombiano", "Digitalcourage", "finanztreff.de"),
  or a company form ("… GmbH", "Condé Nast Inc."). But a name the page marks as its author in a
  standard way (``rel="author"``, ``itemprop="author"``, hCard's ``author vcard``) may be the
  site's own: a blog named after its writer. A newsroom's byline ("Redaktion", "Editorial Team")
  is what the page says, and is kept;
* a placeholder ("Unknown", "No Author", "admin"), an address, a date.

No site is named here: every rule reads what the page itself says.
"""

from __future__ import annotations

import html
import html.entities
import re
import unicodedata
from urllib.parse import urlsplit

from builder.stages import html_tags as tags
from builder.stages.html_bylines import BYLINE_MAX_CHARS, BYLINE_WORDS, byline_sentences, bylines
from builder.stages.html_title import words

AUTHOR_META = ("author", "article:author", "dc.creator", "byl", "parsely-author", "sailthru.author")
ORGANISATION_TYPES = {"Organization", "NewsMediaOrganization", "Corporation", "GovernmentOrganization",
                      "EducationalOrganization", "NGO", "LocalBusiness", "WebSite"}
ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});", re.I)
DATE_WORDS = re.compile(r"^(?:posted|published|updated|veröffentlicht|aktualisiert|publié|publicado|pubblicato|stand)"
                        r"(?:\s+(?:on|am|le|el|il))?\b|^(?:am|on|le|el|il|op|den|um|vom)\s+\S*\d", re.I)
"""A date, not a byline ("Veröffentlicht am …", "am 25.01.2022")."""
AFTER_NAME = re.compile(r"\s*\(.*$|\s+(?:am|on|le|el|il|op|den|at|um|vom)\s+(?=.*\d).*$|\s+(?:über|about)\s.*$|"
                        r"\s+[|·•—–-](?:\s.*)?$|\s+\w+:\s.*$|"
                        r"(?:\s+[^\W\d]{3,4}\.?)?\s+\d.*$|\s+\S+\.(?:com|net|org|de|at|ch|fr|es|it|uk)\b.*$|"
                        r"\s+(?:(?:senior|staff|chief|managing|contributing|freie?r?|leitende?r?)\s+)?"
                        r"(?:redakteur(?:in)?|editor|reporter|journalist(?:in)?|korrespondent(?:in)?|correspondent)\b.*$|"
                        r"\s+(?:senior|staff|chief|contributing)\s+writer\b.*$|"
                        r"\s*(?:기자|記者|记者)$",
                        re.I)
"""What follows a name in a byline: a role in brackets, a date ("am 19. Oktober", "Feb 21"), a label
("Kategorien: Mode"), the site and the writer's job ("Motorsport-Magazin.com Redakteur", "김민준 기자")."""
CREDIT = re.compile(r"^(?:theme|powered|design(?:ed)?|proudly|copyright)\b|©|\b(?:foto|bild|photo|image)\s*:|"
                    r"\b(?:edited|(?:medically\s+|fact[- ])?(?:reviewed|checked))\s+by\b|"
                    r"\b(?:herausgegeben|(?:fachlich\s+)?(?:geprüft|überprüft))\s+von\b", re.I)
"""A credit that is not a byline: the site's theme, a photograph's, an editor's, a reviewer's
("Medically reviewed by …", "Geprüft von Dr. med. …")."""
PROSE = re.compile(r"[a-zäöüßéèà]{3,}[.!?]\s+[A-ZÄÖÜ]")
"""A sentence's end and the next one's start ("... in Hamburg. Folgt mir"): prose, not a byline."""
ABBREVIATION = re.compile(r"\b(?:prof|dipl|univ|mag|med|phil|habil|priv|doz|hon|rev)\.", re.I)
"""A title's abbreviation ("Prof. Dr. Rainer Quitzow", "Dipl.-Ing."), which is not a sentence's end."""
COMMENTER = re.compile(r"\s(?:says|said|sagt|schreibt|writes|wrote|dit|dice|scrive|zegt|skriver|napisał)\s*:?$", re.I)
NAME_SPLIT = re.compile(r"\s*(?:;|,|&|\+|/|\s(?:and|und|y|et|e|i|og|en|sowie|mit|with|avec|con|"
                        r"im\s+gespräch\s+mit|in\s+conversation\s+with)\s)\s*", re.I)
COMPANY = re.compile(r"\b(?:gmbh|ag|ltd|inc|llc|plc|corp|kg|e\.\s?v|s\.\s?a|sarl|verlag)\b\.?", re.I)
"""A company form: "… GmbH", "Condé Nast Inc."."""
ROLE = re.compile(r"\b(?:writers?|reporters?|correspondents?|editors?|columnists?|contributors?)$", re.I)
"""A job, not a name ("Ap Auto Writer")."""
JOB_BEFORE = re.compile(r"^(?:(?:senior|staff|chief|freie?r?|leitende?r?|stellvertretende?r?)\s+)?(?:writer|reporter(?:in)?|"
                        r"editor|redakteur(?:in)?|journalist(?:in)?|korrespondent(?:in)?|correspondent|rechtsanw(?:alt|ältin)|"
                        r"fotograf(?:in)?|photographer|columnist|kolumnist(?:in)?)\s+", re.I)
"""A job before the name ("Rechtsanwalt Sebastian Einbock", "Staff Writer Jane Doe")."""
NOT_A_NAME = re.compile(r"\b(?:about|über|autor(?:in|en)?|authors?|auteure?s?|autore|"
                        r"meine?n?|unsere?n?|deine?n?|eure?n?|our|your)\b", re.I)
"""A heading of the box about the writer ("Über den Autor", "About the Author"), or words with a
possessive ("Mein Motto", "Our Team"): not a name."""
PLACEHOLDER = {"unknown", "no author", "anonymous", "anonym", "admin", "administrator", "wordpressadmin", "name",
               "publisher", "author", "autor", "follow", "guest", "gast", "editor", "user", "webmaster", "quelle",
               "source", "fuente", "agenturen", "agencies", "agencias",
               "dpa", "afp", "ap", "apa", "epd", "kna", "sda", "efe", "ansa", "reuters", "associated press",
               "istock", "istockphoto", "getty images", "gettyimages", "shutterstock", "adobe stock", "adobestock", "imago",
               "picture alliance", "unsplash", "pixabay", "pexels", "fotolia", "colourbox", "keystone"}
"""Not a person: a placeholder a site's software writes, a news agency, a picture agency (a photograph's credit)."""
TOP_LEVEL = {"com", "net", "org", "de", "at", "ch", "fr", "es", "it", "uk", "pe", "cl", "co", "info", "eu"}
DEGREES = {"phd", "ph d", "md", "mba", "msc", "ma", "ba", "dr", "prof"}
PARTICLES = {"von", "van", "de", "der", "den", "da", "di", "du", "la", "le", "del", "dos", "das", "do", "y", "e", "bin",
             "al", "el", "ibn", "ten", "ter", "zu", "of", "und", "and", "des", "vom", "zur", "d", "l"}
NEWSROOM = re.compile(r"\b(?:redaktion|rédaction|redaction|redacción|redazione|redactie|newsroom|"
                      r"editorial\s+(?:team|staff|board)|staff|team)\b", re.I)
"""A newsroom's byline ("Redaktion", "Redacción EC", "Editorial Team"): kept, unless a source names a person."""
UNSPACED_SCRIPTS = ("CJK UNIFIED IDEOGRAPH", "HIRAGANA", "KATAKANA", "HANGUL SYLLABLE")
NAME_MAX_CHARS, NAME_MAX_WORDS, BYLINE_MAX_WORDS = 60, 6, 10


def plain(value) -> str:
    """The value as text: entities decoded until none is left (double escapes too), tags dropped."""
    text = value if isinstance(value, str) else ""
    for _ in range(3):
        if not ENTITY.search(text):
            break
        text = html.unescape(text)
    return tags.clean_ld(text)


def _without_byline_words(text: str) -> str:
    for _ in range(4):
        shorter = BYLINE_WORDS.sub("", text, count=1)
        if shorter == text:
            break
        text = shorter
    return text


def _without_job(name: str) -> str:
    """'Rechtsanwalt Sebastian Einbock' -> 'Sebastian Einbock' (only before a capitalised word)."""
    job = JOB_BEFORE.match(name)
    return name[job.end():] if job and name[job.end():][:1].isupper() else name


def _segment(text: str) -> str:
    """A byline that is several things ("10. Dezember 2019 · von X · in Allgemein"): the part with the name."""
    parts = [p.strip() for p in re.split(r"\s[|·•]\s", text) if p.strip()]
    return next((p for p in parts if BYLINE_WORDS.match(p)), parts[0] if parts else "")


def _looks_like_a_name(name: str, organisations: set, strict: bool = False) -> bool:
    """A person's name: short, no digits or address, not a placeholder, company or the site's name;
    most of its words capitalised (all but particles when ``strict``: text that merely starts "Von …")."""
    key = words(name)
    capitalised = [w for w in name.split() if w[:1].isupper() or not w[:1].isalpha()]
    lower = [w for w in name.split() if w[:1].islower() and w.casefold().strip(".") not in PARTICLES]
    return (bool(key) and len(name) <= NAME_MAX_CHARS and len(key) <= NAME_MAX_WORDS
            and not re.search(r"@|https?:|www\.|^\d|\s\d|\d\s", name) and " ".join(key) not in PLACEHOLDER | DEGREES
            and not COMPANY.search(name) and not ROLE.search(name) and not NOT_A_NAME.search(name)
            and not _is_organisation(key, organisations)
            and not (len(key) == 2 and key[1] in TOP_LEVEL)  # "Facebook Com": an address the library took apart
            and (len(key) == 1 or not lower or len(lower) < len(capitalised))
            and not (strict and ((len(key) < 2 and not _written_without_spaces(name)) or lower)))


def _written_without_spaces(name: str) -> bool:
    """A name in a script written without spaces between words ("孔德明", "山田太郎", "김민준"): two
    to eight such characters, which count as a full name."""
    return 2 <= len(name) <= 8 and all(unicodedata.name(ch, "").startswith(UNSPACED_SCRIPTS) for ch in name)


def _letters(key: tuple[str, ...]) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", "".join(key)) if ch.isalnum())


def _is_organisation(key: tuple[str, ...], organisations: set) -> bool:
    """One of the names (its words, or its letters: "La República" and larepublica.pe), or one of them
    with a word or two around it ("NOTICIAS EL COMERCIO PERÚ")."""
    letters = _letters(key)
    for org in organisations:
        if key == org or letters == _letters(org):
            return True
        if len(org) >= 2 and len(key) - len(org) in (1, 2) and any(key[i:i + len(org)] == org for i in range(len(key))):
            return True
    return False


def _once(name: str) -> str:
    """'jesusfreak jesusfreak', 'Kristen FalchonKristen Falchon' (a link's text and its title): once."""
    half = name.split()
    if len(half) % 2 == 0 and half and half[:len(half) // 2] == half[len(half) // 2:]:
        return " ".join(half[:len(half) // 2])
    middle = len(name) // 2
    return name[:middle] if len(name) % 2 == 0 and name[:middle] == name[middle:] else name


def names_in(value, organisations: set, strict: bool = False) -> list[str]:
    """The people a byline, an author tag or the library's pick names (see the module's description)."""
    text = plain(value)
    if len(text) > BYLINE_MAX_CHARS:
        return []  # not a byline (and every pattern below runs on a short text)
    text = _segment(text)
    if PROSE.search(ABBREVIATION.sub("", text)):
        return []  # sentences: a biography or the article, not a byline
    if not text or COMMENTER.search(text) or DATE_WORDS.match(text) or CREDIT.search(text) \
            or re.search(r"https?:|www\.", text):
        return []
    text = AFTER_NAME.sub("", _without_byline_words(text)).strip(" -–—|·•")
    if len(text.split()) > BYLINE_MAX_WORDS or _is_organisation(words(text), organisations):
        return []  # a biography, not a byline; or the site's own name ("Jobs & Hire")
    found: list[str] = []
    for i, part in enumerate(NAME_SPLIT.split(text)):
        name = _once(_without_job(" ".join(_without_byline_words(part).strip(" .,:;'\"“”‘’„«»()[]-–—|·•©").split())))
        if i == 0 and (COMPANY.search(name) or _is_organisation(words(name), organisations)):
            return []  # "Olympia-Verlag GmbH, Nürnberg, Germany": an organisation and its address
        if found and len(found[0].split()) > 1 and len(name.split()) == 1:
            continue  # "Evan Symon, August", "Markus Haefliger, London": a date or a place after a name
        if _looks_like_a_name(name, organisations, strict) and name.casefold() not in (n.casefold() for n in found):
            found.append(name)
    return found


def organisations(objects: list[dict], site_names: list[str], url: str) -> tuple[set, set]:
    """The words of every name the page gives an organisation: (those its JSON-LD calls one, and
    those and its site's names: og:site_name, the publisher, the host)."""
    found = [name for obj in objects if set(tags.types(obj)) & ORGANISATION_TYPES for name in tags.names(obj.get("name"))]
    for obj in objects:
        for value in (obj.get("author"), obj.get("publisher")):
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict) and set(tags.types(item)) & ORGANISATION_TYPES:
                    found += tags.names(item.get("name"))
    typed = {words(plain(name)) for name in found} - {()}
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    site = list(site_names) + ([host, host.split(".")[0]] if host else [])
    return typed, typed | {words(plain(name)) for name in site} - {()}


SOURCES = ("json-ld", "byline", "meta", "library", "byline sentence")
"""Where a page names its author, most trusted first (see page_authors)."""


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


def source_names(tree, objects: list[dict], library_author: str, site_names: list[str], url: str) -> list[tuple[str, list[str]]]:
    """Each source (SOURCES) that names someone, and its names: a byline is the first marked element
    (or sentence) that names someone. A name marked as the author in a standard way may be the
    site's own (a blog named after its writer)."""
    typed, orgs = organisations(objects, site_names, url)
    article = tags.article(objects)
    main = article.get("mainEntity")
    author = article.get("author") or (main.get("author") if isinstance(main, dict) else None)  # a WebPage's article
    by_id = {obj["@id"]: obj for obj in objects if isinstance(obj.get("@id"), str)}
    people = [by_id.get(item.get("@id"), item) if isinstance(item, dict) and "name" not in item else item
              for item in (author if isinstance(author, list) else [author])[:20]]  # {"@id": …}: the Person in the @graph
    people = [item for item in people
              if isinstance(item, str) or (isinstance(item, dict) and not set(tags.types(item)) & ORGANISATION_TYPES)]
    sources = [
        [([name for item in people for name in tags.names(item)], orgs)],
        [([text], typed if explicit else orgs) for text, explicit in bylines(tree)],
        [(tags.meta(tree, *AUTHOR_META), orgs)],
        [(_library_values(library_author, orgs), orgs)],
        [([text], orgs) for text in byline_sentences(tree)],
    ]
    found = []
    for rank, entries in enumerate(sources):
        strict = rank == len(sources) - 1
        names = next((names for values, not_people in entries
                      if (names := [n for v in values for n in names_in(v, not_people, strict)])), [])
        if names:
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
