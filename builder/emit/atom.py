"""Atom feeds (RFC 4287), written as text: a feed, its entries, and the XML escaping of
what goes in them (see :mod:`builder.emit.exports` for the feeds themselves)."""

from __future__ import annotations

import re

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot hold, even escaped: left out of the feeds."""


def escape(text: str, quote: bool = False) -> str:
    """Text as XML character data (or, with ``quote``, a double-quoted attribute value).
    (As ``xml.sax.saxutils.escape`` does it: importing that module imports urllib.request,
    http.client and ssl, a twentieth of a second at every start of `archive build`.)"""
    text = _NOT_XML.sub("", text).replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    return text.replace('"', "&quot;") if quote else text


def feed(feed_id: str, self_link: str, title: str, subtitle: str, newest: str, entries: list[str], base: str) -> bytes:
    """A feed of ``entries`` (each from :func:`entry`), updated on the day ``newest`` (the
    newest entry's date). A feed without entries has no date at all: Atom asks for one, but
    no source or editor gave it, and the archive never makes one up."""
    head = ['<?xml version="1.0" encoding="utf-8"?>',
            f'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="{escape(base or "./", quote=True)}">',
            f"  <id>{escape(feed_id)}</id>", f"  <title>{escape(title)}</title>", f"  <subtitle>{escape(subtitle)}</subtitle>"]
    head += [f"  <updated>{timestamp(newest)}</updated>"] if newest else []
    head += [f'  <link rel="self" href="{escape(self_link, quote=True)}"/>']
    return ("\n".join([*head, *entries, "</feed>"]) + "\n").encode("utf-8")


def entry(entry_id: str, rest: str) -> str:
    return f"  <entry>\n    <id>{escape(entry_id)}</id>\n{rest}"


def entry_rest(title: str, updated: str, link: str, authors, summary: str) -> str:
    """An entry's lines after its id."""
    return entry_head(title, updated) + entry_link(link) + entry_tail(authors, summary)


def entry_head(title: str, updated: str) -> str:
    return f"    <title>{escape(title)}</title>\n    <updated>{updated}</updated>\n"


def entry_link(link: str) -> str:
    return f'    <link href="{escape(link, quote=True)}"/>\n'


def entry_tail(authors, summary: str) -> str:
    lines = [f"    <author><name>{escape(a)}</name></author>" for a in authors]
    if summary:
        lines.append(f"    <summary>{escape(summary)}</summary>")
    lines.append("  </entry>")
    return "\n".join(lines)


def in_feed(date: str) -> bool:
    """Whether a document or note dated ``date`` is in a feed: only a full date (YYYY-MM-DD)
    is. Atom dates every entry to the second; a day is written as its midnight (UTC), the
    usual reading of a date alone, but a month or a year given alone has no day to write,
    and an undated document none at all: the feeds leave them out rather than invent one
    (the timeline lists them)."""
    return len(date) == 10


def timestamp(date: str) -> str:
    """A full date (see :func:`in_feed`) as an Atom date."""
    assert in_feed(date), date
    return date + "T00:00:00Z"
