"""Captured web pages: their metadata, from what the extraction library found and the page's tags.

The library's metadata (title, authors, date, site name, canonical URL, description, section)
is completed from the page's ``<meta>`` tags, JSON-LD and ``<time datetime>`` where it found
nothing, and the language from ``<html lang>`` and the like. The theme prints some of these
fields as HTML, so a value that could open a tag is not kept (see without_markup); the address
must be http(s). Every value is one line of plain text.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re

from builder.dates import parse_date
from builder.model import Metadata
from builder.schema import URL
from builder.stages.extract import author_names
from builder.stages.source_reader import Note
from builder.textdecode import normalise

DESCRIPTION_MAX_CHARS = 500
"""A longer description (some sites put the whole article there) is cut at a word, with '…'."""

TAG = re.compile(r"<!--.*?(?:-->|\Z)|</?[a-zA-Z][^<>]*>", re.S)
TAG_OPEN = re.compile(r"<[a-zA-Z/!?]")
FORMATTING_TAG = re.compile(r"</?(?:a|abbr|b|big|br|cite|code|del|div|em|font|h[1-6]|hr|i|img|ins|li|mark|ol|p|q|s|small|"
                            r"span|strong|sub|sup|u|ul)(?:\s[^<>]*)?/?>", re.I)
MARKUP_CHECKED = ("title", "authors", "publication", "section", "description")
METADATA_LABELS = {"title": "a title", "authors": "an author's name", "publication": "a site name",
                   "section": "a section", "description": "a description"}

LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$", re.I)
ISO_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:$|[T\s])")
AUTHOR_ROLE = re.compile(r"\b(?:writers?|reporters?|correspondents?|editors?|staff|columnists?|contributors?)$", re.I)
BY_PREFIX = re.compile(r"^by\s+", re.I)
TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ")
ARTICLE_TYPES = re.compile(r"(?:Article|BlogPosting|Report|WebPage|Posting|Review)$")


def _clean(value) -> str:
    """One line of plain text: entities decoded, controls removed, whitespace collapsed. Anything
    that looks like markup stays as text (the pages escape it); see _clean_ld for JSON-LD."""
    if not isinstance(value, str):
        return ""
    return " ".join(normalise(html.unescape(value)).split())


def _clean_ld(value) -> str:
    """A JSON-LD string, where sites put HTML (``"description": "<p>...</p>"``): its tags are dropped."""
    return _clean(TAG.sub(" ", value) if isinstance(value, str) else value)


def same_text(a: str, b: str) -> bool:
    """The same words, whatever their case and spacing."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()



def _meta(tree, *names: str) -> list[str]:
    """Values of <meta name|property|itemprop|http-equiv=... content=...>, in the order of ``names``."""
    found: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop")
               or element.get("http-equiv") or "").strip().lower()
        content = element.get("content")
        if key and content and content.strip():
            found.setdefault(key, []).append(content)
    return [value for name in names for value in found.get(name, [])]


def _json_ld(tree) -> list[dict]:
    """Every JSON-LD object on the page (inside @graph and lists too), in page order."""
    objects: list[dict] = []

    def walk(node, depth: int) -> None:
        if depth > 8 or len(objects) > 200:
            return
        if isinstance(node, list):
            for item in node:
                walk(item, depth + 1)
        elif isinstance(node, dict):
            objects.append(node)
            walk(node.get("@graph"), depth + 1)

    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            walk(json.loads(script.text, strict=False), 0)
        except (ValueError, RecursionError):
            continue
    return objects


def _types(obj: dict) -> list[str]:
    kind = obj.get("@type")
    return [k for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)]


def _names(value) -> list[str]:
    """Texts in a JSON-LD value: a string, {"name": ...}, or a list of them (tags dropped)."""
    if isinstance(value, str):
        return [_clean_ld(value)]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value[:20] for name in _names(item)]
    return []


def _article(objects: list[dict]) -> dict:
    """The JSON-LD object that describes the article (the first with an article-like type)."""
    return next((obj for obj in objects if any(ARTICLE_TYPES.search(t) for t in _types(obj))), {})


def iso_date(value: str) -> str:
    """'2019-11-19T10:00:00Z' -> '2019-11-19' (the page's own calendar date); also '2019-11', '2019'
    and dates written out ('November 19, 2019'). '' when there is no valid date."""
    value = _clean(value)
    m = ISO_DATE.match(value)
    if m:
        year, month, day = m.groups()
        try:
            dt.date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            return ""
        return "-".join(part for part in (year, month, day) if part)
    return parse_date(value)[0]


def language_tag(value: str) -> str:
    """'en_us' -> 'en-US', 'EN' -> 'en'; '' unless it is a language tag."""
    value = _clean(value).replace("_", "-")
    if not LANGUAGE_TAG.match(value):
        return ""
    parts = value.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.upper() if len(part) == 2 else part.title() if len(part) == 4 else part.lower())
    return "-".join(out)


def http_url(value: str) -> str:
    value = _clean(value)
    return value if URL.match(value) else ""


def split_authors(values: list[str]) -> tuple[str, ...]:
    """Author names from the library ('A; B') or the page: job titles, agencies and links left out."""
    names: list[str] = []
    for value in values:
        for part in _clean(value).split(";"):
            part = BY_PREFIX.sub("", part.strip())
            if not part or URL.match(part) or "@" in part or "/" in part:
                continue
            for name in author_names(part):
                if not AUTHOR_ROLE.search(name) and len(name) <= 80 \
                        and name.casefold() not in {n.casefold() for n in names}:
                    names.append(name)
    return tuple(names)


def _strip_site(title: str, site: str) -> str:
    """'Headline | Site' -> 'Headline' when Site is the page's site name."""
    for separator in TITLE_SEPARATORS:
        head, sep, tail = title.rpartition(separator)
        if sep and head and site and same_text(tail, site):
            return head.strip()
    return title


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def page_metadata(result, tree) -> Metadata:
    """The library's metadata, completed from the page where the library has nothing."""
    meta = Metadata()
    objects = _json_ld(tree) if tree is not None else []
    article = _article(objects)
    if result is not None:
        meta.title = _clean(result.title)
        meta.authors = split_authors([result.author] if result.author else [])
        meta.date = iso_date(result.date or "")
        meta.publication = _clean(result.sitename)
        meta.url = http_url(result.url or "")
        meta.description = _clean(result.description)
        meta.section = _clean((result.categories or [""])[0])
    if tree is None:
        return meta
    if not meta.publication:
        meta.publication = next(filter(None, map(_clean, _meta(tree, "og:site_name", "application-name")
                                                 + _names(article.get("publisher")))), "")
    if not meta.title:
        candidates = _meta(tree, "og:title", "twitter:title") + _names(article.get("headline"))
        candidates += [t.text_content() for t in tree.iter("title")][:1] + [h.text_content() for h in tree.iter("h1")][:1]
        meta.title = next(filter(None, map(_clean, candidates)), "")
    if not meta.authors:
        meta.authors = split_authors(_names(article.get("author"))) or split_authors(
            _meta(tree, "author", "article:author", "dc.creator", "byl", "parsely-author", "sailthru.author"))
    if not meta.date:
        dates = [article.get("datePublished"), article.get("dateCreated")]
        dates += _meta(tree, "article:published_time", "datepublished", "date", "dc.date.issued", "dc.date",
                       "pubdate", "publish-date", "parsely-pub-date", "sailthru.date")
        dates += [t.get("datetime") for t in tree.iter("time")][:1]
        meta.date = next(filter(None, (iso_date(d) for d in dates if isinstance(d, str))), "")
    if not meta.url:
        urls = [link.get("href") or "" for link in tree.iter("link") if "canonical" in (link.get("rel") or "").lower().split()]
        urls += _meta(tree, "og:url")
        for value in (article.get("url"), article.get("mainEntityOfPage")):  # a string, or {"@id": ...}
            value = value.get("@id") or value.get("url") if isinstance(value, dict) else value
            urls += [value] if isinstance(value, str) else []
        meta.url = next(filter(None, map(http_url, urls)), "")
    if not meta.description:
        descriptions = _meta(tree, "description", "og:description", "twitter:description")
        descriptions += _names(article.get("description") if isinstance(article.get("description"), str) else None)
        meta.description = next(filter(None, map(_clean, descriptions)), "")
    if not meta.section:
        sections = _meta(tree, "article:section") + _names(article.get("articleSection"))
        meta.section = next(filter(None, map(_clean, sections)), "")
    root = tree.getroottree().getroot()
    languages = [root.get(name) or "" for name in ("lang", "xml:lang", "{http://www.w3.org/XML/1998/namespace}lang")]
    languages += _meta(tree, "content-language", "language", "og:locale", "dc.language")
    languages += [article["inLanguage"]] if isinstance(article.get("inLanguage"), str) else []
    meta.language = next(filter(None, map(language_tag, languages)), "")
    meta.title = _strip_site(meta.title, meta.publication)
    meta.description = _shorten(meta.description, DESCRIPTION_MAX_CHARS)
    return meta


def _without_comments(value: str) -> str:
    """``value`` with each closed HTML comment made a space. An unclosed one is left, so the value
    is not kept and the editor is told; one scan, so linear (a lazy regular expression looking for
    a '-->' that never comes would scan to the end again from every '<!--')."""
    kept, at = [], 0
    while (opening := value.find("<!--", at)) >= 0 and (closing := value.find("-->", opening + 4)) >= 0:
        kept += [value[at:opening], " "]
        at = closing + 3
    return "".join(kept) + value[at:]


def without_markup(meta: Metadata) -> list[Note]:
    """Keep HTML markup out of metadata the theme prints as it is.

    The theme prints a document's title, an author's or a publication's name (as the title of
    its page) as HTML, and the description inside a quoted attribute. So: common formatting tags
    a site leaked into its metadata (``<p>``, ``<br>``, ``<b>``, ``<img ...>``) are dropped; a
    value that could still open a tag ('<' then a letter, '/', '!' or '?') is not kept, and the
    editor is told (a real headline almost never has one; the sidecar file can set it). In the
    description, inside an attribute, only a '"' together with such a sequence could do harm.
    """
    notes = []
    for name in MARKUP_CHECKED:
        value = meta.get(name)
        values = [" ".join(FORMATTING_TAG.sub(" ", _without_comments(v)).split()) for v in (value if isinstance(value, tuple) else (value,))]
        unsafe = [v for v in values if TAG_OPEN.search(v) and (name != "description" or '"' in v)]
        kept = [v for v in values if v and v not in unsafe]
        setattr(meta, name, tuple(kept) if isinstance(value, tuple) else (kept[0] if kept else ""))
        if unsafe:
            label = METADATA_LABELS[name]
            notes.append(Note("source-metadata-markup",
                              f"gives {label} that contains HTML markup; it was not kept",
                              f"set '{name}' in the document's sidecar file"))
    return notes
