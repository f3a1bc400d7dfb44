"""Captured web pages: the people a byline, an author tag or the library's pick names (html_authors
says where those come from and which names are taken).

Each value is made plain text before anything else: HTML entities decoded until none is left (a
double-escaped ``Redacci&amp;Oacute;N`` is "RedacciÓN", not three names), tags dropped. Then
the byline's own words come off ("By", "Von", "View all posts by", "Zeige alle Beiträge von",
"Voir tous les articles de", "记者"), a job before the name ("Rechtsanwalt", "Staff Writer") and
what follows it (a date, also glued to the name, a role, "기자", the publication written for, a box's
"Follow" or "Email"; after a full name, a category, a biography, a role, a news agency), and a
date before "by" ("Posted on March 3, 2021 by …") comes off; the value is cut into names (", ",
" and ", " und ", " mit ", "&", …). Not a name:

* a commenter ("Art Edwards says"), a credit (a theme's, a photograph's, an editor's or a
  reviewer's: "Geprüft von …"), a date ("am 25.01.2022"), sentences (but "Prof. Dr." is a title);
* an organisation: one of the names given (the site's, the publisher's) or a company form
  ("… GmbH", "Condé Nast Inc."), or after a writer's name a publication ("Jane Doe, BBC News");
* a placeholder ("Unknown", "No Author", "admin"), a news or picture agency ("dpa", "istockphoto"),
  an address, a job alone, the heading of a box about the writer ("Über den Autor"), words with
  a possessive ("Mein Motto").

A name is short, and most of its words are capitalised (in a script written without spaces, two
to eight characters are a name).
"""

from __future__ import annotations

import html
import re
import unicodedata

from builder.stages import html_tags as tags
from builder.stages.html_bylines import BYLINE_MAX_CHARS, BYLINE_WORDS
from builder.stages.html_title import words

ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});", re.I)
DATE_WORDS = re.compile(r"^(?:posted|published|updated|veröffentlicht|aktualisiert|publié|publicado|pubblicato|stand)"
                        r"(?:\s+(?:on|am|le|el|il))?\b|^(?:am|on|le|el|il|op|den|um|vom)\s+\S*\d", re.I)
"""A date, not a byline ("Veröffentlicht am …", "am 25.01.2022")."""
PUBLISHED_BY = re.compile(r"^(?:posted|published|veröffentlicht|publié|publicado|pubblicato|gepostet|eingestellt)\b"
                          r".{0,80}?\s(?:by|von|par|por|da|door|av)\s+(?=\S)", re.I)
"""A date, and who published it: a byline ("Posted by …", "Posted on March 3, 2021 by …", "Veröffentlicht am
12.03.2021 von …", "Publié le 3 mars par …"): the name follows it."""
MONTHS = (r"jan(?:uary|uar|vier|uari)?|jän(?:ner)?|feb(?:ruary|ruar|ruari|brai[oa])?|févr?(?:ier)?|mar(?:ch|s|zo)?|märz?|"
          r"maart|mrt|apr(?:il|ile)?|avr(?:il)?|abr(?:il)?|may|mayo|mai|mei|maggio|jun(?:e|i|io)?|juin|giugno|jul(?:y|i|io)?|"
          r"juil(?:let)?|luglio|aug(?:ust|ustus)?|août|ago(?:sto)?|sep(?:t|tember|tembre|tiembre)?|set(?:tembre|iembre)?|"
          r"oct(?:ober|obre|ubre)?|okt(?:ober)?|ott(?:obre)?|nov(?:ember|embre|iembre)?|dec(?:ember)?|dez(?:ember)?|"
          r"déc(?:embre)?|dic(?:iembre|embre)?|ene(?:ro)?|gen(?:naio)?")
"""A month's name or its abbreviation, in English, German, French, Spanish, Italian and Dutch."""
WEEKDAYS = (r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag|freitag|"
            r"samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|"
            r"sábado|domingo|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica|maandag|dinsdag|woensdag|"
            r"donderdag|vrijdag|zaterdag|zondag")
"""A weekday's full name (an abbreviation such as "Sun" or "Mon" may be a name)."""
GLUED = re.compile(rf"(?<=[^\W\d_])(?=\d{{1,4}}[./:-]\d|\d{{1,2}}\.?\s+(?i:{MONTHS})\b)|"
                   r"(?<=[a-zäöüßàâçéèêëîïôûùÿñáíóú])(?=(?:January|February|March|April|May|June|July|August|"
                   r"September|October|November|December|Januar|Februar|März|Juni|Juli|Oktober|Dezember|"
                   r"Published|Posted|Updated|Veröffentlicht|Aktualisiert|Publié|Publicado)\b)")
"""A date glued to the name before it, where a page's parts were joined without a space ("Anna Berg12.03.2021",
"Jane DoeMarch 12, 2021", "Jane DoeUpdated"); case matters ("Lamarche" is a name)."""
AFTER_MONTH = (r"\s+(?:\d{4}\b|\d{1,2}(?:st|nd|rd|th)?\b\.?,?(?:\s+\d{4}\b|\s+(?:(?:at|um|à|om|alle|a\s+las)\s+)?"
               r"\d{1,2}[:.h]\d{2}\b|\s*$|\s*[|·•—–-]))")
"""After a month: a year, a day and a year or time, a day at the end ("May 2021", "Feb 21"); not "Brian May, 3 min"."""
AFTER_NAME = re.compile(r"(?<!\s)(?:\s*\(.*$|\s+(?:am|on|le|el|il|op|den|at|um|vom|em)\s+(?=.*\d).*$|\s+(?:über|about)\s.*$|"
                        r"\s+[|·•—–-](?:\s.*)?$|\s+\w+:\s.*$|"
                        rf"(?:\s+(?:{WEEKDAYS}),?)?(?:\s+(?:den|le|el|il|the))?(?:\s+(?:{MONTHS})\.?,?(?={AFTER_MONTH}))?\s+\d.*$|"
                        r"\s+\S+\.(?:com|net|org|de|at|ch|fr|es|it|uk)\b.*$|"
                        r"\s+(?:published|posted|publié|publicado|pubblicato|veröffentlicht|gepostet|geplaatst|"
                        r"publicerad)\b.*$|"
                        r"\s+(?:for|für|pour|para)\s+\S.*$|"
                        r"\s+(?:photos?|photography|fotos?|bilder?|illustrations?|videos?)\s+(?:by|von|par|por|de|di)\s.*$|"
                        r"\s+(?:on\s+|auf\s+)?(?:follow|folgen|twitter|e-?mail|contact|kontakt|facebook|linkedin|instagram)\b.*$|"
                        r"\s+(?:lesezeit|lesedauer|reading\s+time|read\s+time|temps\s+de\s+lecture|tiempo\s+de\s+lectura)\b.*$|"
                        r"\s+(?:an?\s+(?:minute|hour|day|week|month|year)\s+ago|vor\s+(?:\d+|eine[mr]?|kurzem)|"
                        r"hace\s+(?:\d+|una?|unos?)|today|yesterday|heute|gestern|aujourd'hui|vandaag|gisteren|oggi|ieri|"
                        r"(?:hoy|ayer),?\s+(?:a\s+las\s+)?\d+|"
                        r"last\s+updated|zuletzt\s+aktualisiert|mis\s+à\s+jour|actualizado)\b.*$|"
                        r"\s+(?:(?:senior|staff|chief|managing|contributing|freie?r?|leitende?r?)\s+)?"
                        r"(?:redakteur(?:in)?|editor|reporter|journalist(?:in)?|korrespondent(?:in)?|correspondent)\b.*$|"
                        r"\s+(?:senior|staff|chief|contributing)\s+writer\b.*$|"
                        r"\s+(?:übersetzt|translated|traduit|traducido|tradotto|updated|aktualisiert)\b.*$|"
                        r"\s+(?:weitere|alle|mehr|more|all|view|see)\s+(?:beiträge|artikel|posts|articles|stories)\b.*$|"
                        r"\s+(?:(?:alles|mehr)\s+von|more\s+(?:from|by)|voir\s+tous)\s.*$|"
                        r"\s*(?:기자|記者|记者)$)",
                        re.I)
"""What follows a name in a byline: a role in brackets, a date ("am 19. Oktober", "Feb 21", "Tuesday,
March 12, 2021", but not a surname of three letters: "Jane Doe 3 min read"), the publication written
for ("for The Guardian", "für die ZEIT"), a photographer's credit, a box's buttons ("Follow", "Email"), a
reading time, a time ago ("vor 2 Stunden", "an hour ago", "Yesterday"), a label
("Kategorien: Mode"), the site and the writer's job ("Motorsport-Magazin.com Redakteur", "김민준 기자"),
a translator or an update ("Übersetzt von : …", "Updated …"), a link to the writer's other posts
("Weitere Beiträge"). Each is tried only where a run of spaces starts (linear on a run of spaces)."""
TRAILER = re.compile(r"(?<!\s)\s+(?:(?:in|dans)\s+(?!conversation\b)\S|(?:ist|is|war|was|est|es|è|lebt|lives|arbeitet|works|"
                     r"schreibt|writes)(?:\s+\S|$)|"
                     r"on\s+x$|(?:(?:gast|guest)\s*)?(?:autor(?:in)?|author|auteure?|autore|"
                     r"contributor|columnist|kolumnist(?:in)?)\b|"
                     r"(?:dpa|afp|ap|apa|reuters|associated\s+press|kna|epd|sda|efe|ansa)$)",
                     re.I)
"""What follows a full name in a byline, where the name before it has two words or more (_without_trailer):
a category ("Posted by Anna Berg in Politics"), a biography ("Anna Berg ist Redakteurin …"), a profile
("on Twitter"), the writer's role ("Gastautorin", "Guest Contributor"), a news agency ("Anna Berg dpa")."""
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
MEDIA = re.compile(r"^the\s|\s(?:news|times|zeitung|rundfunk|rundschau|nachrichten|noticias|magazine?|journal|tribune|"
                   r"gazette|herald|chronicle|telegraph|daily|weekly|press|presse|agency|agentur|media|medien|online|"
                   r"network|radio|television|fernsehen|business|institute?|university|universität|foundation|stiftung|"
                   r"association|ministry|ministerium|department|council|company|group|gruppe)$", re.I)
"""A publication or an institution, by its first or last word ("The Washington Post", "Süddeutsche Zeitung",
"BBC News", "Bayerischer Rundfunk"): after a writer's name, the one they write for (publication), not a co-author
(a name never starts with "The"). Alone, it may be what the page marks as its author (html_authors decides)."""
SURNAME_MEDIA = {"press", "daily", "times", "group", "media"}
"""MEDIA's words that people bear as surnames ("Kim Press", "Tom Daily"): a publication's only in its shape."""
GIVEN_NAME = re.compile(r"[A-ZÀ-Þ][a-zß-ÿ'’-]{1,11}")
NOT_GIVEN = re.compile(rf"(?:isch|ische[nrs]?|sche[nrs]?|ical|cial|tial|ated|nal|ish|ese|{WEEKDAYS})$", re.I)
"""A publication's first word that no given name has: an adjective's ending ("Süddeutsche", "Financial"), a day."""
JOB_BEFORE = re.compile(r"^(?:(?:senior|staff|chief|freie?r?|leitende?r?|stellvertretende?r?)\s+)?(?:writer|reporter(?:in)?|"
                        r"editor|redakteur(?:in)?|journalist(?:in)?|korrespondent(?:in)?|correspondent|rechtsanw(?:alt|ältin)|"
                        r"fotograf(?:in)?|photographer|columnist|kolumnist(?:in)?)\s+", re.I)
"""A job before the name ("Rechtsanwalt Sebastian Einbock", "Staff Writer Jane Doe")."""
NOT_A_NAME = re.compile(r"\b(?:about|über|autor(?:in|en)?|authors?|auteure?s?|autore|"
                        r"meine?n?|unsere?n?|deine?n?|eure?n?|our|your)\b", re.I)
"""A heading of the box about the writer ("Über den Autor", "About the Author"), or words with a
possessive ("Mein Motto", "Our Team"): not a name."""
PLACEHOLDER = {"unknown", "no author", "anonymous", "anonym", "admin", "administrator", "wordpressadmin", "name",
               "publisher", "author", "autor", "red", "follow", "guest", "gast", "editor", "user", "webmaster", "quelle",
               "source", "fuente", "agenturen", "agencies", "agencias",
               "dpa", "afp", "ap", "apa", "epd", "kna", "sda", "efe", "ansa", "reuters", "associated press",
               "istock", "istockphoto", "getty images", "gettyimages", "shutterstock", "adobe stock", "adobestock", "imago",
               "picture alliance", "unsplash", "pixabay", "pexels", "fotolia", "colourbox", "keystone"}
"""Not a person: a placeholder a site's software writes, a news agency, a picture agency (a photograph's credit)."""
TOP_LEVEL = {"com", "net", "org", "de", "at", "ch", "fr", "es", "it", "uk", "pe", "cl", "co", "info", "eu"}
DEGREES = {"phd", "ph d", "md", "mba", "msc", "ma", "ba", "dr", "prof"}
PARTICLES = {"von", "van", "de", "der", "den", "da", "di", "du", "la", "le", "del", "dos", "das", "do", "y", "e", "bin",
             "al", "el", "ibn", "ten", "ter", "zu", "of", "und", "and", "des", "vom", "zur", "d", "l"}
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


def _without_initials(text: str) -> str:
    """The initials a page shows in a writer's round picture, before each name ("LP Luana Patriolino
    RF Raphael Felice"): each one is a separator between names."""
    tokens = text.split()
    kept = []
    for i, token in enumerate(tokens):
        following = tokens[i + 1:i + 1 + len(token)]
        if 2 <= len(token) <= 3 and token.isupper() and token.isalpha() and len(following) == len(token) \
                and all(word[:1] == letter for word, letter in zip(following, token)):
            kept.append(";")
        else:
            kept.append(token)
    return " ".join(kept)


def _without_handle(name: str) -> str:
    """'Edilson La Rosa edilsonlarosa': the name, without the user name it is followed by."""
    parts = name.split()
    if len(parts) >= 3 and parts[-1].lstrip("@").casefold() == "".join(parts[:-1]).casefold():
        return " ".join(parts[:-1])
    return name


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


def _without_trailer(text: str) -> str:
    """The text before a TRAILER, when that is a full name ("Alle Autoren" is no name and its trailer)."""
    trailer = TRAILER.search(text)
    return text[:trailer.start()] if trailer and len(text[:trailer.start()].split()) >= 2 else text


def publication(name: str) -> bool:
    """A publication's or an institution's name (MEDIA) in its shape: "The …"; three words or more ("Los
    Angeles Times"); or a MEDIA word after no plausible given name ("BBC News", "Süddeutsche Zeitung"; not
    "Kim Press", "Tom Daily": Press, Daily, Times, Group, Media are surnames too, SURNAME_MEDIA)."""
    parts = name.split()
    if not MEDIA.search(name) or name[:4].casefold() == "the " or len(parts) != 2:
        return bool(MEDIA.search(name))
    return parts[1].casefold() not in SURNAME_MEDIA or not GIVEN_NAME.fullmatch(parts[0]) or bool(NOT_GIVEN.search(parts[0]))


def without_publications(names: list[str]) -> list[str]:
    """After a writer's name, a publication's or an institution's is the one they write for, not a
    co-author ("Jane Doe, The Washington Post"; but "Jane Doe, Kim Press" are two writers)."""
    return [name for i, name in enumerate(names) if i == 0 or not publication(name)]


def names_in(value, organisations: set, strict: bool = False) -> list[str]:
    """The people a byline, an author tag or the library's pick names (see the module's description)."""
    text = plain(value)
    if len(text) > BYLINE_MAX_CHARS:
        return []  # not a byline (and every pattern below runs on a short text)
    text = _segment(text)
    if PROSE.search(ABBREVIATION.sub("", text)):
        return []  # sentences: a biography or the article, not a byline
    published = PUBLISHED_BY.match(text)
    text = text[published.end():] if published else text
    if not text or COMMENTER.search(text) or DATE_WORDS.match(text) or CREDIT.search(text) \
            or re.search(r"https?:|www\.", text):
        return []
    text = _without_trailer(AFTER_NAME.sub("", GLUED.sub(" ", _without_byline_words(text)))).strip(" -–—|·•")
    if len(text.split()) > BYLINE_MAX_WORDS or _is_organisation(words(text), organisations):
        return []  # a biography, not a byline; or the site's own name ("Jobs & Hire")
    found: list[str] = []
    for i, part in enumerate(NAME_SPLIT.split(_without_initials(text))):
        name = " ".join(_without_byline_words(part).strip(" .,:;'\"“”‘’„«»()[]-–—|·•©").split())
        name = _without_handle(_once(_without_job(name)))
        if i == 0 and (COMPANY.search(name) or _is_organisation(words(name), organisations)):
            return []  # "Olympia-Verlag GmbH, Nürnberg, Germany": an organisation and its address
        if found and len(found[0].split()) > 1 and len(name.split()) == 1:
            continue  # "Evan Symon, August", "Markus Haefliger, London": a date or a place after a name
        if _looks_like_a_name(name, organisations, strict) and name.casefold() not in (n.casefold() for n in found):
            found.append(name)
    return without_publications(found)
