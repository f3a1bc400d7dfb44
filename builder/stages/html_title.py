"""Captured web pages: the headline, without the site's name or the section around it.

A page states its title in several places: its ``<h1>`` (sometimes an ``<h2>``), ``og:title`` and
``twitter:title``, the JSON-LD ``headline`` and ``<title>``. The last ones often carry the site's
name or a section as well ("Headline | Site", "Section - Headline", "Headline-新华网"). So:

1. **A heading that is the headline.** A heading whose words are those of a stated title, or of
   its main part between separators: what is left around it is names the page gives (below), or
   no longer than it ("Durch die Gegend | Mit Musiker …" and the heading "Mit Musiker …"; not the
   heading "Fachmeldungen" of "Fachmeldungen - Verkündung des …"). Its own text is kept, quotes
   and case as the reader sees them, without a kicker above it (``<small>``, a class such as
   ``kicker``), a byline set inside it, ruby annotations, or text hidden from view.
2. **Else the page's one <h1>**, when it has one that is not the site's logo (a heading that
   links to the site's front page, or is marked ``logo``), unless it is a label of a word or two
   sharing no word with the title the page gives for sharing (an "Aktuelles" beside an og:title).
3. **Else the stated title**, with the names the page gives taken off its ends: ``og:site_name``,
   ``application-name``, the JSON-LD publisher and website, the section, the host name of the
   page's address and any part written like a domain ("24ora.com"), the logo heading, a short
   heading that is a lesser part of the title (its section), what the ``<title>`` adds to the title given
   for sharing ("X | Site" beside "X"), and a date.

No site is named here: every rule reads what the page itself says. A stated title longer than
ANALYSED_CHARS, or with more than MAX_PARTS parts, is taken as it is, not cut (bounded work).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

SEPARATOR_CHARS = "|│–—·•›»:~*/\\-"
WIDE = "\u3000-\u9fff\uac00-\ud7af\uff00-\uffef"
EDGE = re.compile(rf"\s+[{re.escape(SEPARATOR_CHARS)}]+\s+|\s*[|│·•›»~*]+\s*|:\s+|(?<=[{WIDE}])\s*[-–—_:：|]\s*|"
                  rf"\s*[-–—_:：|]\s*(?=[{WIDE}])")
"""A separator between a headline and a name: spaced ("Headline - Site"), a bar or the like, or any
dash beside Chinese, Japanese or Korean text ("…-新华网"); not the hyphen of "Bild-Zeitung"."""
SPACED_SEPARATOR = re.compile(rf"\s+[{re.escape(SEPARATOR_CHARS)}]+\s+|\s*[|│»›•]\s*|:\s+")
DOMAIN_LIKE = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}$", re.I)
DATE_AFFIX = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{2,4}(?:,?\s*\d{1,2}[.:]\d{2}(?:\s*(?:uhr|h))?)?$", re.I)
"""A date (and time) beside the headline: "Headline : 06.11.2023, 11.41 Uhr"."""
LOGO_MARK = re.compile(r"logo|brand|site-?(?:title|name)|blog-?(?:title|name)|masthead", re.I)
KICKER_MARK = re.compile(r"kicker|overline|dachzeile|topline|roofline|eyebrow|supertitle|sub-?(?:line|heading|title)|"
                         r"label|small", re.I)
HIDDEN_MARK = re.compile(r"visually-?hidden|sr-only|screen-reader|\bhidden\b", re.I)
WORD = re.compile(r"\w+")
HEADINGS_READ = 20
ANALYSED_CHARS = 400
MAX_PARTS = 12
LABEL_WORDS = 2
SECTION_WORDS = 3


def words(text: str) -> tuple[str, ...]:
    """The words of a text, case and punctuation aside: what two spellings of a title share."""
    return tuple(WORD.findall(text.casefold()))


def _is_front_page(href: str | None) -> bool:
    """A link to a site's front page ('/', 'https://site.example/', an archived copy of one)."""
    href = (href or "").strip()
    if href in ("/", "./", "index.html"):
        return True
    inner = href[href.rfind("http"):] if "http" in href else ""
    return bool(inner) and urlsplit(inner).path in ("", "/")


def _marked(element, pattern: re.Pattern, levels: int = 3) -> bool:
    return any(pattern.search(f"{node.get('class') or ''} {node.get('id') or ''}")
               for node in [element, *list(element.iterancestors())[:levels]])


def _skipped(child) -> bool:
    tag = child.tag if isinstance(child.tag, str) else ""
    marks = f"{child.get('class') or ''} {child.get('id') or ''}"
    return tag in ("rt", "rp", "small", "script", "style") or bool(KICKER_MARK.search(marks) or HIDDEN_MARK.search(marks))


def heading_text(heading) -> str:
    """The heading as read: without ruby annotations, a kicker, or text hidden from view."""
    parts: list[str] = [heading.text or ""]
    for child in heading:
        parts += [" " if _skipped(child) else heading_text(child), child.tail or ""]
    return " ".join("".join(parts).split()).strip(" :|/–—-")


def is_logo(heading) -> bool:
    """The site's name set as a heading: it links to the front page, or it is marked as the logo."""
    return any(_is_front_page(a.get("href")) for a in heading.iter("a")) or _marked(heading, LOGO_MARK)


def _parts(heading) -> list[str]:
    """The heading's text, then its parts: its own text without its elements (a kicker set apart
    without a class, a byline set inside it), and each element's text."""
    own = "".join([heading.text or ""] + [child.tail or "" for child in heading])
    texts = [heading_text(heading), " ".join(own.split()).strip(" :|/–—-")]
    texts += [heading_text(child) for child in heading if isinstance(child.tag, str) and not _skipped(child)]
    return [t for t in dict.fromkeys(texts) if words(t)]


def _splits(title: str) -> list[tuple[str, str]]:
    """Every way to cut ``title`` in two at a separator (the separator dropped)."""
    if len(title) > ANALYSED_CHARS:
        return []
    cuts = [(title[:m.start()].strip(), title[m.end():].strip()) for m in EDGE.finditer(title)
            if m.start() > 0 and m.end() < len(title)]
    return cuts if len(cuts) < MAX_PARTS else []


def _segments_match(title: str, key: tuple[str, ...]) -> tuple[str, str] | None:
    """(before, after) when ``key`` is the words of a part of ``title`` between separators or its ends."""
    if words(title) == key:
        return "", ""
    if len(title) > ANALYSED_CHARS:
        return None
    cuts = [(0, 0), *((m.start(), m.end()) for m in SPACED_SEPARATOR.finditer(title)), (len(title), len(title))]
    if len(cuts) > MAX_PARTS:
        return None
    for i, (before, start) in enumerate(cuts):
        for end, _ in cuts[i + 1:]:
            if words(title[start:end]) == key:
                return title[:before], title[end:]
    return None


def _is_name(text: str, name_keys: set) -> bool:
    """``text`` is made of the names but for one word (a site's name and its abbreviation), or a date."""
    if DATE_AFFIX.match(text.strip(f" {SEPARATOR_CHARS}")):
        return True
    left = list(words(text))
    for name in sorted(name_keys, key=len, reverse=True):
        i = 0
        while name and i <= len(left) - len(name):
            if tuple(left[i:i + len(name)]) == name:
                del left[i:i + len(name)]
            else:
                i += 1
    return len(set(left)) <= 1 and len(left) < len(words(text))


def _strip_edges(title: str, name_keys: set) -> str:
    """``title`` without the names (or a date) at its start or end, with the separator between."""
    changed = True
    while changed:
        changed = False
        for head, tail in _splits(title):
            for keep, side in ((head, tail), (tail, head)):
                if words(keep) and (words(side) in name_keys or DATE_AFFIX.match(side)):
                    title, changed = keep, True
                    break
            if changed:
                break
    return title


def site_names(declared: list[str], url: str, main_titles: list[str], page_titles: list[str],
               logos: list[str]) -> set[tuple[str, ...]]:
    """The words of the names a stated title may carry besides the headline."""
    title_keys = {words(t) for t in main_titles + page_titles}
    names = [n for n in declared if words(n) not in title_keys]  # a site "named" after the article is not
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    names += [host, host.split(".")[0]] if host else []
    names += logos
    for title in main_titles + page_titles:
        names += [part for cut in _splits(title) for part in cut if DOMAIN_LIKE.match(part)]
    for a in main_titles:  # what the <title> adds to the title given for sharing: "X | Site" beside "X"
        for b in page_titles:
            found = _segments_match(b, words(a)) if words(b) != words(a) else None
            names += [EDGE.sub(" ", part) for part in found or ()]
    return {words(n) for n in names} - {()}


def _is_headline(text: str, titles: list[str], name_keys: set) -> bool:
    """``text`` is the words of a stated title, or of its main part (see the module's description)."""
    key = words(text)
    if key in name_keys:
        return False
    for title in titles:
        found = _segments_match(title, key)
        if found is not None and all(_is_name(side, name_keys) or len(words(side)) <= len(key)
                                     for side in found if words(side)):
            return True
    return False


def _untruncated(title: str, titles: list[str]) -> str:
    """The longer stated title that ``title`` is the start of, without a separator between (a
    ``content`` attribute cut at a quote: 'Biden de' beside 'Biden de "incapacitado"')."""
    key = words(title)
    for other in titles:
        if len(words(other)) > len(key) and words(other)[:len(key)] == key and not _segments_match(other, key):
            return other
    return title


def choose_title(headings: list, meta_titles: list[str], page_title: str, library_title: str,
                 declared_names: list[str], url: str) -> str:
    """The page's headline (see the module's description). ``headings``: the <h1> elements, then the
    <h2>; ``meta_titles``: og:title, the JSON-LD headline, twitter:title; ``page_title``: <title>;
    ``library_title``: the extraction library's pick among them (it may be a heading)."""
    stated = [t for t in meta_titles + [page_title, library_title] if words(t)]
    meta_titles = list(dict.fromkeys(_untruncated(t, stated) for t in meta_titles if words(t)))
    page_titles = [_untruncated(page_title, stated)] if words(page_title) else []
    titles = list(dict.fromkeys(meta_titles + page_titles))
    headings = [h for h in headings[:HEADINGS_READ] if words(heading_text(h))]
    logos = [heading_text(h) for h in headings if is_logo(h)]
    headings = [h for h in headings if not is_logo(h)]
    name_keys = site_names(declared_names, url, meta_titles, page_titles, logos)
    for heading in headings:
        for text in _parts(heading):
            if _is_headline(text, titles, name_keys):
                return text
    # A short heading that is a lesser part of a stated title names its section ("Fachmeldungen").
    name_keys |= {key for key in map(words, map(heading_text, headings))
                  if len(key) <= SECTION_WORDS and any(_segments_match(t, key) for t in titles)}
    h1s = [heading_text(h) for h in headings if h.tag == "h1"]
    if len(h1s) == 1 and words(h1s[0]) not in name_keys:
        key = words(h1s[0])
        if len(key) > LABEL_WORDS or not meta_titles or any(set(key) & set(words(t)) for t in meta_titles):
            return h1s[0]
    for title in titles + [library_title]:
        stripped = _strip_edges(title, name_keys)
        if words(stripped) and words(stripped) not in name_keys:
            return stripped
    return h1s[0] if h1s else next(filter(words, titles + [library_title]), "")  # the site's name: all it says
