"""Captured web pages: where a page writes its byline.

* Elements it marks as the byline: ``rel="author"``, ``itemprop="author"``, a class or id such as
  ``author``, ``byline``, ``autor``, ``verfasser``, or a ``<byline>``/``<address>`` element; each
  says whether its mark is a standard one (``rel``/``itemprop`` author, hCard's ``author vcard``).
* Short texts that open with a byline's words ("Von Claudia Lindner", "Ein Artikel von …",
  "Text: …"), or a label ("Autor", "Von:") and the text after it, or a date and a separator
  ("25.10.2022 - Reiner Nagel").

Never inside a comment section. The texts are short (BYLINE_MAX_CHARS); html_authors reads the
names in them.
"""

from __future__ import annotations

import itertools
import re

BYLINE_MAX_CHARS = 160
BYLINES_READ = 40
BYLINE_WORDS = re.compile(
    r"^(?:(?:(?:posted|written|published|edited|reviewed|reported|photos?|text|words|story|interview|report)"
    r"(?:\s+(?:and|und|&)\s+\w+)?(?:\s+by)?)|by|von|vom|par|por|de|di|da|door|av|af|przez|от|автор|作者|"
    r"(?:geschrieben|verfasst|eingestellt|erstellt|gepostet)\s+von|ein(?:e)?\s+(?:artikel|beitrag|kommentar|analyse|interview|"
    r"gastbeitrag|kolumne|rezension)\s+von|(?:artikel|beitrag|rezept|text|pressemitteilung|gastbeitrag)\s+von|"
    r"zum\s+profil\s+von|(?:alles|mehr)\s+von|more\s+from|"
    r"(?:view|see)\s+all\s+(?:posts|articles|stories)\s+by|(?:more\s+)?(?:articles|posts|stories)\s+by|"
    r"(?:zeige\s+)?alle\s+(?:beiträge|artikel)\s+von|voir\s+tous\s+les\s+articles\s+de|publié\s+par|"
    r"ver\s+todas\s+las\s+entradas\s+de|tutti\s+gli\s+articoli\s+di|escrito\s+por|publicado\s+por|escribe|écrit\s+par|"
    r"scritto\s+da|rédigé\s+par|propos\s+recueillis\s+par|a\s+cura\s+di|redactado\s+por|geschreven\s+door|"
    r"(?:texto|texte|testo|tekst)(?=\s*[:：])|un\s+(?:article|documentaire|reportage)\s+de|redaktion(?=\s*[:：])|"
    r"(?:autor|author|auteur|autore|redakteur)(?:in|\*in|/in|\(s\)|\(in\)|en|s)?)(?:\s*[:：]\s*|\s+|$)|"
    r"^(?:作者|记者|記者|撰文|文\s*[/／:：])\s*[:：/／]?\s*", re.I)
BYLINE_MARK = re.compile(r"author|byline|\bbyl\b|autor|verfasser|auteur|writer|journalist|redakteur", re.I)
COMMENT_MARK = re.compile(r"(?:^|[\s_-])(?:comment|kommentar|reply|respond|discussion|disqus|review)", re.I)
"""A comment section's class or id: one of these words starting a class name or a part of it ("comment-list",
"wp_comments", "user-reviews"), not inside another word ("blog_post_preview")."""
BYLINE_LABEL = re.compile(r"^(?:von|by|autor(?:in|en)?|authors?|auteurs?|autore|text|par|por|di|door|av|redaktion)\s*[:：]?$",
                          re.I)
LEADING = re.compile(r"^[\s\-–—|·•:]+")
DATED = re.compile(r"^\s*\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}(?:(?:\s*[,|·–-]\s*|\s+)\d{1,2}[:.]\d{2}(?:\s*uhr)?)?"
                   r"(?:\s*[|·–-]\s*|\s+(?=(?:von|by|par|por|di|door)\s))(?=\S)", re.I)
"""A date, and a time, before a byline ("04.02.2022 | 13:10 Uhr | Uta Helkenberg", "25.10.2022 - Reiner Nagel",
"06.11.2023 13:30 von Olga"). No two runs of spaces side by side: linear on any text."""
LABELLED = re.compile(r"^(?:autor(?:in|en)?|authors?|auteure?s?|autore|verfasser(?:in)?|von|by|text)\s*[:：]", re.I)
"""A byline that says it is one ("Autor: kaiser_k", "Von: Olga")."""
AUTHOR_HREF = re.compile(r"/(?:authors?|autor(?:en|in)?|auteurs?|autori?|autores|redakteur(?:e|in)?)/[^/?#\s]", re.I)
"""A link to the page of a site's writer ("/author/martin", "/autoren/kathrin-fuehres-684124")."""
DESCENDANTS_READ = 12
MENU_MARK = re.compile(r"(?:^|[\s_-])(?:nav|menu|footer|sidebar|widget)", re.I)
NODES_READ = 200
"""Elements looked at inside one byline (bounded work in nested markup)."""
NAME_TAGS = {"h2", "h3", "h4", "h5", "h6", "strong", "b"}
NAME_MARK = re.compile(r"name|\bfn\b", re.I)
BYLINE_TAGS = {"byline", "author", "address"}
EXPLICIT_CLASSES = {"author", "vcard", "fn", "byline", "author-name", "authorname", "entry-author", "post-author"}


def short_text(element, limit: int = BYLINE_MAX_CHARS) -> str | None:
    """The element's text, its parts joined by spaces ("Autor" and the name may be two elements);
    None when it is longer than ``limit`` (read no further: bounded work in nested markup)."""
    parts, length = [], 0
    for part in element.itertext():
        parts.append(part)
        length += len(part)
        if length > limit * 4:
            return None
    text = " ".join(" ".join(parts).split())
    return text if len(text) <= limit else None


def _in_comments(element) -> bool:
    """Inside a comment section (the page's <body> and <html> are not one, whatever their classes)."""
    return any(COMMENT_MARK.search(f"{a.get('class') or ''} {a.get('id') or ''}") for a in element.iterancestors()
               if a.tag not in ("body", "html"))


def _explicit(element) -> bool:
    """Marked as the author in a standard way: rel="author", itemprop="author", hCard's "author vcard" or "fn"."""
    classes = set((element.get("class") or "").split())
    return ("author" in (element.get("rel") or "") or "author" in (element.get("itemprop") or "")
            or bool(classes & EXPLICIT_CLASSES))


def _marked(element) -> str:
    """How the element is marked as the byline: "element" (its class, id, rel or itemprop, or its
    tag), "link" (a link to a writer's page, "/author/martin"), or "" (not marked)."""
    marks = " ".join(element.get(name) or "" for name in ("class", "id", "rel", "itemprop"))
    if BYLINE_MARK.search(marks) or element.tag in BYLINE_TAGS:
        return "element"
    return "link" if element.tag == "a" and AUTHOR_HREF.search(element.get("href") or "") and not _in_menu(element) else ""


def _in_menu(element) -> bool:
    """Inside the site's navigation, footer or a sidebar (a menu's "Unsere Autoren" links)."""
    return any(a.tag in ("nav", "footer", "aside") or MENU_MARK.search(f"{a.get('class') or ''} {a.get('id') or ''}")
               for a in itertools.islice(element.iterancestors(), NODES_READ) if a.tag not in ("body", "html"))


def _parts(element, text: str) -> list[str]:
    """The texts of the name-bearing elements inside a short byline (a heading, ``<strong>``, or an
    element whose class or itemprop says "name"): the name may be one part of it ("Martin Junker",
    the heading of a box that also says "Alles von Martin Junker" and gives a telephone number; a
    link to the writer's page whose picture credit comes first)."""
    found = []
    for node in itertools.islice(element.iterdescendants(), NODES_READ):
        if len(found) >= DESCENDANTS_READ:
            break
        if not isinstance(node.tag, str) or not (node.tag in NAME_TAGS or NAME_MARK.search(
                f"{node.get('class') or ''} {node.get('itemprop') or ''}")):
            continue
        part = short_text(node)
        if part and part != text and part not in found:
            found.append(part)
    return found


def _microdata_name(element) -> str | None:
    """The name microdata gives an author without showing it: ``<meta itemprop="name" content="…">``
    inside an ``itemprop="author"`` element."""
    if "author" not in (element.get("itemprop") or ""):
        return None
    return next((" ".join(node.get("content", "").split())[:BYLINE_MAX_CHARS]
                 for node in itertools.islice(element.iter(), NODES_READ)
                 if node.tag == "meta" and node.get("itemprop") == "name" and node.get("content", "").strip()), None)


def bylines(tree) -> list[tuple[str, bool]]:
    """The texts of the elements the page marks as its byline (and whether the mark is a standard
    one, see _explicit; never for a link to a writer's page, which may be the site's own), each
    followed by the texts of its parts (see _parts; not standard marks); in page order, outside comments."""
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("meta", "link", "script", "style", "html", "body", "head"):
            continue
        mark = _marked(element)
        if mark and not _in_comments(element):
            text = short_text(element)
            text = _microdata_name(element) if text == "" else text
            if text:
                found += [(text, mark == "element" and _explicit(element))]
                found += [(part, False) for part in _parts(element, text)]
                if len(found) >= BYLINES_READ:
                    break
    return found[:BYLINES_READ]


def _following_text(element, chars: int = BYLINE_MAX_CHARS) -> str:
    """The text after a label: its tail, then its next siblings' (a name after "Von:" and a <br>)."""
    parts, node = [element.tail or ""], element.getnext()
    while node is not None and sum(map(len, parts)) < chars and len(parts) < 8:
        parts += [(short_text(node, chars) or "") if isinstance(node.tag, str) else "", node.tail or ""]
        node = node.getnext()
    return " ".join(parts)


def _line_after(br) -> str | None:
    """The line a ``<br>`` starts: its tail and what follows up to the next ``<br>`` ("<br>Autor:
    <a>Rechtsanwalt</a> Sebastian Einbock"); None when longer than a byline."""
    parts, node = [br.tail or ""], br.getnext()
    while node is not None and node.tag != "br":
        parts += [(short_text(node) or "") if isinstance(node.tag, str) else "", node.tail or ""]
        if sum(map(len, parts)) > BYLINE_MAX_CHARS:
            return None
        node = node.getnext()
    return " ".join(" ".join(parts).split())


def byline_sentences(tree) -> list[tuple[str, bool]]:
    """Short texts that open with a byline's words ("Von Claudia Lindner", "Ein Artikel von …",
    "Text: …"), or a label ("Autor", "Von:") and the text after it, also as a line after a ``<br>``;
    in page order, outside comments. Each with whether it surely is a byline (after a date, or
    with a label and a colon: "Autor: kaiser_k"), so its name may be a single word."""
    found = []
    for element in tree.iter():
        if len(found) >= BYLINES_READ:
            break
        if element.tag == "br" and BYLINE_WORDS.match(LEADING.sub("", element.tail or "")) and not _in_comments(element):
            line = _line_after(element)
            if line:
                line = LEADING.sub("", line)
                found.append((line, bool(LABELLED.match(line))))
            continue
        own = LEADING.sub("", element.text or "") if isinstance(element.tag, str) else ""
        dated = DATED.match(own)
        if not own or element.tag in ("script", "style", "title", "head") or not (dated or BYLINE_WORDS.match(own)):
            continue
        rest = short_text(element)
        if rest is None:
            continue
        if dated:
            own, rest = own[dated.end():], DATED.sub("", rest, count=1)
        if BYLINE_LABEL.match(own.strip()) and LEADING.sub("", rest).strip() == own.strip():
            text = " ".join((own + " " + _following_text(element)).split())
        else:
            text = rest
        if len(text) <= BYLINE_MAX_CHARS and not _in_comments(element):
            text = LEADING.sub("", text)
            found.append((text, bool(LABELLED.match(text) or (dated and BYLINE_WORDS.match(text)))))
            if len(found) >= BYLINES_READ:
                break
    return found
