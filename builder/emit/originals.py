"""The original of each document, readable in any browser: a page of its own that shows the
source file as received, as text, beside the file itself (offered for download).

A source is published as it was received (``sources/x.txt``; a captured web page as
``sources/x.html.txt``, so that its HTML is never run). Served as it is, a text file gets no
charset from most servers (``python3 -m http.server`` sends ``text/plain``), so a browser
reads UTF-8 as Latin-1 and "China’s" shows as "Chinaâ€™s"; opened from the disk, the same.
The page beside it, ``<published file>.html``, declares its charset and shows the text the
builder decoded (in the encoding the builder found, line ends made LF, control characters
left out) escaped, in a ``<pre>``: nothing of the source is ever markup. It needs no
stylesheet or script of the site, so it reads the same served, in the offline bundle, and
on its own.
"""

from __future__ import annotations

import codecs
import html
import posixpath
import re
from collections.abc import Callable
from functools import partial
from urllib.parse import quote

from builder import store as result_store
from builder.emit.reuse import Deferred, Reuse
from builder.emit.urls import Urls, relative_path
from builder.model import Document, SourceFile
from builder.textdecode import CONTROL, LINE_BREAKS

SUFFIX = ".html"
ICON = "assets/images/favicon.png"
"""The site's icon, linked so that a browser does not ask the server for /favicon.ico: Material's,
which every site of the theme has (an archive's own theme.favicon is not known here)."""
ENCODINGS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (with a byte-order mark)", "cp1252": "Windows-1252 (cp1252)",
             "utf-16": "UTF-16", "utf-32": "UTF-32"}
"""Encodings by the names readers know (others in capitals: ISO8859-2 ...)."""
C0_BYTES = bytes(range(0x09)) + b"\x0b\x0c" + bytes(range(0x0e, 0x20)) + b"\x7f"
C1_UTF8 = re.compile(b"\xc2[\x80-\x84\x86-\x9f]")
"""With :data:`C0_BYTES`, a zero-width space and a byte-order mark: the characters textdecode.CONTROL
removes, as UTF-8 bytes (a UTF-8 source without them needs no pass over its text)."""
LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,3}")
"""A language tag (BCP 47's shape): the <pre> says the text's language only when it is one."""

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="{icon}">
<title>Original: {title} - {site}</title>
<style>
body {{ margin: 0 auto; padding: 1rem; max-width: 52rem; font: 1rem/1.5 system-ui, sans-serif; color: #1f1f1f; background: #fff; }}
a {{ color: #1b5299; text-underline-offset: 0.2em; }}
a:is(:hover, :focus) {{ color: #7a2b00; }}
header p {{ margin: 0.4rem 0; }}
header a {{ display: inline-block; min-height: 24px; line-height: 24px; }}
h1 {{ font-size: 1.3rem; font-weight: 700; margin: 0.6rem 0; overflow-wrap: anywhere; }}
.about {{ color: #4a4a4a; font-size: 0.9rem; }}
pre {{ white-space: pre-wrap; overflow-wrap: anywhere; tab-size: 4; font: 0.9rem/1.5 ui-monospace, monospace;
       padding: 0.8rem; border: 1px solid #d0d0d0; background: #f7f7f7; }}
</style>
</head>
<body>
<header>
<p><a href="{document}">← {title}</a></p>
<h1>{heading}</h1>
<p class="about">{about} <a href="{raw}" download>Download the file</a> ({size}).</p>
</header>
<main>
<pre{lang}>{text}</pre>
</main>
</body>
</html>
"""


def path_of(doc: Document) -> str:
    """Where the page of the document's original is, in the site: its published file's path
    and ``.html`` (``sources/x.txt.html``). A published file ends in ``.txt``, so no page of
    an original is ever another published file."""
    return doc.source.published_path + SUFFIX


def text_of(doc: Document, raw: bytes) -> str:
    """The source file (``raw``, its bytes) as the builder read it: decoded in the encoding it found (a byte that
    does not fit shows as '\ufffd'), line ends made LF, control characters left out."""
    encoding = doc.encoding or "utf-8"
    try:
        codecs.lookup(encoding)
    except LookupError:
        encoding = "utf-8"
    text = raw.decode(encoding, errors="replace")
    # Each pass only where it changes something (on most sources neither does; each costs as
    # much as the rest of the page).
    if "\r" in text or "\x85" in text or "\u2028" in text or "\u2029" in text:
        text = LINE_BREAKS.sub("\n", text)
    if encoding not in ("utf-8", "utf-8-sig") or _controls_in_utf8(raw):
        text = CONTROL.sub("", text)
    return text


def _controls_in_utf8(raw: bytes) -> bool:
    """Does UTF-8 ``raw`` hold a character textdecode.CONTROL removes? (Byte searches: a regular
    expression over the text took as long as making the page.)"""
    return (len(raw.translate(None, C0_BYTES)) != len(raw) or C1_UTF8.search(raw) is not None
            or b"\xe2\x80\x8b" in raw or b"\xef\xbb\xbf" in raw)


def _size(n: int) -> str:
    return f"{n:,}\u00a0bytes" if n < 10_000 else f"{n / 1000:,.0f}\u00a0KB"


def page_of(doc: Document, urls: Urls, site_title: str, read: Callable[[SourceFile], bytes] | None = None) -> bytes:
    """The page of the document's original (UTF-8 bytes); ``read`` gives the source's bytes
    where the build did not read them (builder.model.SourceFile)."""
    e = html.escape
    raw = doc.source.raw if doc.source.raw is not None else read(doc.source)
    target = urls.page_url(doc.page)
    document = relative_path(target.rstrip("/"), posixpath.dirname(path_of(doc))) + ("/" if target.endswith("/") else "")
    name = posixpath.basename(doc.source.published_path)
    kind = "the web page as captured, shown as text (its HTML is never run)" if doc.source.is_html else "the text file as received"
    encoding = doc.encoding or "utf-8"
    encoding = ENCODINGS.get(encoding.lower(), encoding.upper())
    language = doc.metadata.language if LANGUAGE.fullmatch(doc.metadata.language or "") else ""
    return PAGE.format(
        title=e(" ".join(doc.display_title.split())), site=e(site_title), document=e(quote(document)),
        icon=e(relative_path(ICON, posixpath.dirname(path_of(doc)))),
        heading=f"Original: <code>{e(posixpath.basename(doc.source.path))}</code>",
        about=e(f"The source of this document: {kind}, read as {encoding}."),
        raw=e(quote(name)), size=_size(len(raw)), lang=f' lang="{e(language)}"' if language else "",
        text=e(text_of(doc, raw), quote=False),
    ).encode("utf-8")


def files(documents: list[Document], urls: Urls, site_title: str, reuse: Reuse | None = None,
          read: Callable[[SourceFile], bytes] | None = None) -> dict[str, bytes | Deferred]:
    """The page of every document's original, by its path in the site. With ``reuse`` (a build
    with a store), each page is deferred under its document's text key (its source, sidecar and
    defaults, the register, the topics, the options and the code), the site's title and the URL
    style: made only where the site does not hold it already (10,000 of them took a second of
    every rebuild). ``read``: as for :func:`page_of`."""
    ordered = sorted(documents, key=lambda d: d.id)
    keys = reuse.text_keys if reuse is not None and reuse.store else {}
    if not all(doc.id in keys for doc in ordered):
        return {path_of(doc): page_of(doc, urls, site_title, read) for doc in ordered}
    common = reuse.key("original page", site_title, repr(urls))
    return {path_of(doc): Deferred(result_store.key(common, keys[doc.id]), partial(page_of, doc, urls, site_title, read))
            for doc in ordered}
