"""Captured web pages: their metadata, from what the extraction library found and the page's tags.

The library's metadata (date, site name, canonical URL, description, section) is completed from
the page's ``<meta>`` tags, JSON-LD and ``<time datetime>`` where it found nothing, and the
language from ``<html lang>`` and the like. Three fields have modules of their own: the headline
(html_title), the authors (html_authors, with html_bylines) and the date's checks (html_dates);
the page's tags are read by html_tags. The theme prints some of these fields as HTML, so a value
that could open a tag is not kept (see without_markup); the address must be http(s). Every value
is one line of plain text.
"""

from __future__ import annotations

import datetime as dt
import re

from builder.dates import parse_date
from builder.model import Metadata
from builder.schema_checks import URL
from builder.stages import html_tags as tags
from builder.stages.html_authors import ORGANISATION_TYPES, page_authors
from builder.stages.html_dates import extensive_date, shown_day, stated_dates, visible_text
from builder.stages.html_title import choose_title
from builder.stages.source_reader import Note

DATE_META = ("article:published_time", "datepublished", "date", "dc.date.issued", "dc.date", "pubdate", "publish-date",
             "parsely-pub-date", "sailthru.date")
DESCRIPTION_MAX_CHARS = 500
"""A longer description (some sites put the whole article there) is cut at a word, with '…'."""

TAG_OPEN = re.compile(r"<[a-zA-Z/!?]")
FORMATTING_TAG = re.compile(r"</?(?:a|abbr|b|big|br|cite|code|del|div|em|font|h[1-6]|hr|i|img|ins|li|mark|ol|p|q|s|small|"
                            r"span|strong|sub|sup|u|ul)(?:\s[^<>]*)?/?>", re.I)
MARKUP_CHECKED = ("title", "authors", "publication", "section", "description")
METADATA_LABELS = {"title": "a title", "authors": "an author's name", "publication": "a site name",
                   "section": "a section", "description": "a description"}

LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$", re.I)
ISO_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:$|[T\s])")


def iso_date(value: str) -> str:
    """'2019-11-19T10:00:00Z' -> '2019-11-19' (the page's own calendar date); also '2019-11', '2019'
    and dates written out ('November 19, 2019'). '' when there is no valid date."""
    value = tags.clean(value)
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
    value = tags.clean(value).replace("_", "-")
    if not LANGUAGE_TAG.match(value):
        return ""
    parts = value.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.upper() if len(part) == 2 else part.title() if len(part) == 4 else part.lower())
    return "-".join(out)


def http_url(value: str) -> str:
    value = tags.clean(value)
    return value if URL.match(value) else ""


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def site_names(result, tree, objects: list[dict]) -> list[str]:
    """The names the page gives its site and section: og:site_name, application-name, the JSON-LD
    publisher, website and organisations, the library's site name, the section."""
    article = tags.article(objects)
    found = tags.meta(tree, "og:site_name", "application-name", "article:section")
    found += tags.names(article.get("publisher")) + tags.names(article.get("articleSection"))
    found += [name for obj in objects if set(tags.types(obj)) & ORGANISATION_TYPES
              for name in tags.names(obj.get("name"))]
    found += [result.sitename or ""] + list(result.categories or [])[:1] if result is not None else []
    return [name for name in dict.fromkeys(map(tags.clean, found)) if name]


def page_title(result, tree, objects: list[dict], names: list[str], url: str) -> str:
    """The headline (html_title.choose_title) from the page's headings and the titles it states."""
    article = tags.article(objects)
    stated = [next(iter(values), "") for values in (tags.meta(tree, "og:title"), tags.names(article.get("headline")),
                                                     tags.meta(tree, "twitter:title"))]
    page = next((t.text_content() for t in tree.iter("title")), "")
    headings = list(tree.iter("h1")) + list(tree.iter("h2"))
    return choose_title(headings, [tags.clean(t) for t in stated], tags.clean(page),
                        tags.clean(result.title if result is not None else ""), names, url)


def page_metadata(result, tree, page: str = "") -> Metadata:
    """The library's metadata, completed from the page where the library has nothing; the title
    chosen by html_title, the authors found by html_authors; where nothing gives a date, the
    extensive search of html_dates (``page``: the page's text, to check what it finds)."""
    meta = Metadata()
    objects = tags.json_ld(tree) if tree is not None else []
    article = tags.article(objects)
    if result is not None:
        meta.title = tags.clean(result.title)
        meta.date = iso_date(result.date or "")
        meta.publication = tags.clean(result.sitename)
        meta.url = http_url(result.url or "")
        meta.description = tags.clean(result.description)
        meta.section = tags.clean((result.categories or [""])[0])
    if tree is None:
        return meta
    if not meta.publication:
        meta.publication = next(filter(None, map(tags.clean, tags.meta(tree, "og:site_name", "application-name")
                                                 + tags.names(article.get("publisher")))), "")
    if not meta.date:
        dates = [article.get("datePublished"), article.get("dateCreated")]
        dates += tags.meta(tree, *DATE_META)
        dates += [t.get("datetime") for t in tree.iter("time")][:1]
        meta.date = next(filter(None, (iso_date(d) for d in dates if isinstance(d, str))), "")
    if not meta.url:
        urls = [link.get("href") or "" for link in tree.iter("link") if "canonical" in (link.get("rel") or "").lower().split()]
        urls += tags.meta(tree, "og:url")
        for value in (article.get("url"), article.get("mainEntityOfPage")):  # a string, or {"@id": ...}
            value = value.get("@id") or value.get("url") if isinstance(value, dict) else value
            urls += [value] if isinstance(value, str) else []
        meta.url = next(filter(None, map(http_url, urls)), "")
    if not meta.description:
        descriptions = tags.meta(tree, "description", "og:description", "twitter:description")
        descriptions += tags.names(article.get("description") if isinstance(article.get("description"), str) else None)
        meta.description = next(filter(None, map(tags.clean, descriptions)), "")
    if not meta.section:
        sections = tags.meta(tree, "article:section") + tags.names(article.get("articleSection"))
        meta.section = next(filter(None, map(tags.clean, sections)), "")
    root = tree.getroottree().getroot()
    languages = [root.get(name) or "" for name in ("lang", "xml:lang", "{http://www.w3.org/XML/1998/namespace}lang")]
    languages += tags.meta(tree, "content-language", "language", "og:locale", "dc.language")
    languages += [article["inLanguage"]] if isinstance(article.get("inLanguage"), str) else []
    meta.language = next(filter(None, map(language_tag, languages)), "")
    if not meta.date:
        meta.date = iso_date(extensive_date(tree, page, meta.url))
    meta.date = shown_day(meta.date, stated_dates(tree, objects), visible_text(tree))
    names = site_names(result, tree, objects)
    meta.title = page_title(result, tree, objects, names, meta.url) or meta.title
    meta.authors = page_authors(tree, objects, result.author if result is not None else "", names, meta.url)
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
