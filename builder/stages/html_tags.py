"""Captured web pages: what a page says about itself in its tags, read as plain text.

``<meta>`` tags (by name, property, itemprop or http-equiv) and JSON-LD objects (inside
``@graph`` and lists too). Every value comes out as one line of plain text: entities decoded once,
controls removed, spaces collapsed (markup stays text, for without_markup to judge), except in
JSON-LD, where sites put HTML and its tags are dropped.
"""

from __future__ import annotations

import html
import json
import re

from builder.textdecode import normalise

TAG = re.compile(r"<!--.*?(?:-->|\Z)|</?[a-zA-Z][^<>]*>", re.S)
ARTICLE_TYPES = re.compile(r"(?:Article|BlogPosting|Report|WebPage|Posting|Review)$")


def clean(value) -> str:
    """One line of plain text: entities decoded, controls removed, whitespace collapsed. Anything
    that looks like markup stays as text (the pages escape it); see clean_ld for JSON-LD."""
    if not isinstance(value, str):
        return ""
    return " ".join(normalise(html.unescape(value)).split())


def clean_ld(value) -> str:
    """A JSON-LD string, where sites put HTML (``"description": "<p>...</p>"``): its tags are dropped."""
    return clean(TAG.sub(" ", value) if isinstance(value, str) else value)


def same_text(a: str, b: str) -> bool:
    """The same words, whatever their case and spacing."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()



def meta(tree, *names: str) -> list[str]:
    """Values of <meta name|property|itemprop|http-equiv=... content=...>, in the order of ``names``."""
    found: dict[str, list[str]] = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop")
               or element.get("http-equiv") or "").strip().lower()
        content = element.get("content")
        if key and content and content.strip():
            found.setdefault(key, []).append(content)
    return [value for name in names for value in found.get(name, [])]


def json_ld(tree) -> list[dict]:
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


def types(obj: dict) -> list[str]:
    kind = obj.get("@type")
    return [k for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)]


def names(value) -> list[str]:
    """Texts in a JSON-LD value: a string, {"name": ...}, or a list of them (tags dropped)."""
    if isinstance(value, str):
        return [clean_ld(value)]
    if isinstance(value, dict):
        return names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value[:20] for name in names(item)]
    return []


def article(objects: list[dict]) -> dict:
    """The JSON-LD object that describes the article (the first with an article-like type)."""
    return next((obj for obj in objects if any(ARTICLE_TYPES.search(t) for t in types(obj))), {})
