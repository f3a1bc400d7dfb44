"""The hostile archives of the escaping tests (issue 16, "Script injection"), and what in a
built page could run one of their payloads (executable).

- A little hostile archive (write_hostile_archive): the browser tests' first hostile document.
- The matrix (write_matrix_archive): a payload in every field of every editor file, in every
  metadata field a text source or a captured web page can give, in a source's file name and in
  mkdocs.yml's site_name and site_description. Each payload calls window.__pwned(N), N naming
  its field (a tagged template, __pwned`N`, where a field forbids parentheses); the browser
  tests expose that function and fail if it is ever called.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from browser_support import write_test_config


# --- a hostile little archive (tests/test_browser.py) ------------------------------------------------

PAYLOAD_SCRIPT = "<script>window.__pwned=1</script>"
PAYLOAD_IMG = '<img src=x onerror="window.__pwned=1">'
PAYLOAD_LINK = "[click](javascript:window.__pwned=1)"
NOTE_LINK = "[x](javascript:window.__pwned=1)"

HOSTILE_TITLE = "Hostile input reaches the archive"
HOSTILE_SOURCE = f"""\
{HOSTILE_TITLE}

By Test Writer

UNITED NATIONS – The delegate Zed Quorum read out {PAYLOAD_SCRIPT} during the session.

An image tag {PAYLOAD_IMG} was pasted into the record, and a link {PAYLOAD_LINK} too.

Campaigners used the hashtag
#MeToo
on the day.

1986. was a year of change for Zed Quorum and the council.
"""
HOSTILE_ENTITY = f"""\
id: zed-quorum
name: Zed Quorum
type: person
description: >-
  A *fictional* delegate {PAYLOAD_IMG} made up by the test suite. He does not exist.
"""
HOSTILE_NOTE_PASSAGE = "The delegate Zed Quorum read out"
# Titles are allowed on links and <abbr> in editor Markdown; Material's content.tooltips shows them.
TITLE_PAYLOAD_ABBR = "<img src=x onerror=window.__pwned=2>"
TITLE_PAYLOAD_LINK = "<img src=x onerror=window.__pwned=3>"
HOSTILE_ANNOTATION = f"""\
exact: "{HOSTILE_NOTE_PASSAGE}"
kind: note
body: >-
  A note with {PAYLOAD_SCRIPT} and {PAYLOAD_IMG}
  and a link {NOTE_LINK} in it. The <abbr title='{TITLE_PAYLOAD_ABBR}'>UN</abbr>
  has [a source](https://example.org/ "{TITLE_PAYLOAD_LINK}") too.
author: Test Editor
date: 2024-01-02
entities:
  - zed-quorum
"""
HOSTILE_ABOUT = "# About\n\nA hostile test archive made by the browser tests.\n"
HOSTILE_SITE_NAME = "Hostile Test Archive"


def write_hostile_archive(root: Path) -> Path:
    """content/ with one hostile document, entity and annotation, plus a minimal mkdocs.yml; returns the config."""
    content = root / "content"
    for folder in ("sources", "entities", "annotations/hostile", "pages"):
        (content / folder).mkdir(parents=True, exist_ok=True)
    (content / "sources" / "hostile.txt").write_text(HOSTILE_SOURCE, encoding="utf-8")
    (content / "entities" / "zed-quorum.yml").write_text(HOSTILE_ENTITY, encoding="utf-8")
    (content / "annotations" / "hostile" / "evil.yml").write_text(HOSTILE_ANNOTATION, encoding="utf-8")
    (content / "pages" / "about.md").write_text(HOSTILE_ABOUT, encoding="utf-8")
    return write_test_config(root, content, HOSTILE_SITE_NAME)


# --- the hostile matrix: a payload in every field of every editor file and of a source's metadata ----------

def pwn(n: int) -> str:
    """Script in three forms: an element with an event handler, an attribute break-out, a script element."""
    return f'<img src=x onerror=__pwned({n})> "><svg onload=__pwned({n})> <script>__pwned({n})</script>'


def pwn_markdown(n: int) -> str:
    """Editor Markdown trying every way to script: raw HTML, javascript: links, attr_list, a code
    block that a second Markdown pass would turn into an image with an event handler."""
    return (f"Words {pwn(n)} [a link](javascript:__pwned({n})) <a href=\"javascript:__pwned({n})\">raw</a> "
            f"![i](x){{onerror=__pwned({n})}} [t](https://example.org/ 'x\" onmouseover=\"__pwned({n})')\n"
            f"{{: onclick=\"__pwned({n})\" }}\n\n"
            f"    ![m](https://example.invalid/m.png){{onerror=__pwned({n})}}\n\n"
            f"<details open ontoggle=__pwned({n})><summary>s</summary></details>\n")


MATRIX_SITE_NAME = f"AT&T Archive {pwn(1)}"
MATRIX_SITE_DESCRIPTION = f"About AT&T {pwn(2)}"
MATRIX_BYLINE_AUTHOR = 'Ann Lee"><script>__pwned(3)</script>'  # the issue's byline, calling __pwned
MATRIX_TEXT_TITLE = "Report on <img src=x onerror=__pwned(4)> rights"  # the issue's search reproduction
MATRIX_SECTION = f"Opinion {pwn(5)}"
MATRIX_CAPTION = f"Delegates gather in the hall <img src=x onerror=__pwned(6)> before the vote"
MATRIX_CREDIT = "Photo <svg onload=__pwned`7`> Agency"
MATRIX_PUBLICATION_WRITES = "AT&T Weekly"  # '&' must read as '&', never '&amp;'
MATRIX_ENTITY_NAME = f"Zed Quorum {pwn(10)}"
MATRIX_TOPIC_TITLE = f"Evil topic {pwn(20)}"
MATRIX_SIDECAR_TITLE = f"=Sidecar title {pwn(30)}"  # also a spreadsheet formula
MATRIX_SIDECAR_AUTHOR = f"@Sid Author {pwn(31)}"
MATRIX_NOTE_AUTHOR = f"Note Author {pwn(50)}"
MATRIX_ORPHAN_EXACT = f"a passage that is nowhere {pwn(53)}"
MATRIX_HTML_TITLE = "HTML page <img src=x onerror=__pwned(60)> title"
MATRIX_BAD_FILE = "x<img src=x onerror=__pwned`62`>.doc"  # an unsupported file: named in a warning
MATRIX_SOURCE_FILE = "named<img src=x onerror=__pwned`63`>.txt"

MATRIX_TEXT_SOURCE = f"""\
{MATRIX_TEXT_TITLE}

By {MATRIX_BYLINE_AUTHOR} | November 3, 2010

{MATRIX_CAPTION} ({MATRIX_CREDIT})

UNITED NATIONS – The delegate {MATRIX_ENTITY_NAME} read out <script>__pwned(8)</script> during the session, and the Quorum council listened.

The delegate Zed Quorum spoke again about the council and the rights of the people, at length and in detail.

Jo Smith is a reporter who writes for {MATRIX_PUBLICATION_WRITES} and others.

Filed under {MATRIX_SECTION}
"""

MATRIX_SIDECAR = {
    "title": MATRIX_SIDECAR_TITLE,
    "authors": [MATRIX_SIDECAR_AUTHOR, f"-Second {pwn(32)}"],
    "date": "2011-05-06",
    "publication": f"+Sidecar Times {pwn(33)}",
    "section": f"Section {pwn(34)}",
    "dateline": f"Dateline {pwn(35)}",
    "caption": f"Caption {pwn(36)}",
    "photo_credit": f"Credit {pwn(37)}",
    "url": "https://example.invalid/a?x=1&y=%22%3E%3Cscript%3E__pwned(38)%3C/script%3E#onmouseover=__pwned(38)",
    "language": f"en {pwn(39)}",
    "description": f"Summary {pwn(40)}",
    "note": pwn_markdown(41),
    "topics": ["evil"],
}
MATRIX_SIDECAR_SOURCE = """\
A plain headline for the sidecar's document

By Plain Writer

UNITED NATIONS – The council met on Tuesday and Zed Quorum spoke about the rights of many people in the region.

A second paragraph with enough words for the builder to keep the document as a real one.
"""

MATRIX_AGENCY = "Wire <svg onload=__pwned`9`>"  # a dateline's agency: the publication
MATRIX_REPORTER = "Kim <img src=x onerror=__pwned`25`> Lee"  # a 'Reporting by' line: an author
MATRIX_NAMED_SOURCE = f"""\
A named file's headline for a wire story

UNITED NATIONS ({MATRIX_AGENCY}) – The council met on Tuesday and Zed Quorum spoke about the rights of many people in the region.

A second paragraph with enough words for the builder to keep the document as a real one.

(Reporting by {MATRIX_REPORTER})
"""

MATRIX_ENTITY = {
    "id": "zed-quorum",
    "name": MATRIX_ENTITY_NAME,
    "type": "person",
    "aliases": ["Zed Quorum", f"Alias {pwn(11)}"],
    "short_forms": [f"Short {pwn(12)}"],
    "description": pwn_markdown(13),
    "wikidata": "Q1",  # checked: a Q number
    "viaf": "123<img src=x onerror=__pwned(15)>",
    "website": "https://example.invalid/?q=%3Cscript%3E__pwned(16)%3C/script%3E",
    "start": "1950",
    "roles": [f"Delegate {pwn(17)}"],
}
MATRIX_OTHER_ENTITY = {"id": "council", "name": "Quorum council", "type": "organisation",
                       "description": pwn_markdown(18), "roles": [f"Body {pwn(19)}"]}
MATRIX_TOPIC = {
    "id": "evil",
    "title": MATRIX_TOPIC_TITLE,
    "description": pwn_markdown(21),
    "phrases": ["council", f"phrase {pwn(22)}"],
    "entities": ["zed-quorum"],
}
MATRIX_CHILD_TOPIC = {"id": "evil-child", "title": f"Child {pwn(23)}", "parent": "evil",
                      "description": pwn_markdown(24), "phrases": ["rights"]}
MATRIX_NOTE_EXACT = "read out <script>__pwned(8)</script> during the session"
MATRIX_ANNOTATION = {"exact": MATRIX_NOTE_EXACT, "prefix": "<script>__pwned(10)</script>", "kind": "context", "body": pwn_markdown(51),
                     "author": MATRIX_NOTE_AUTHOR, "date": "2024-01-02", "entities": ["zed-quorum"]}
MATRIX_ORPHAN = {"exact": MATRIX_ORPHAN_EXACT, "prefix": f"before {pwn(56)}", "suffix": f"after {pwn(57)}", "kind": "note", "body": pwn_markdown(54),
                 "author": f"Orphan Author {pwn(55)}", "date": "2024-01-03"}

MATRIX_HTML_SOURCE = f"""\
<!doctype html>
<html lang="en&quot;&gt;&lt;script&gt;__pwned(61)&lt;/script&gt;">
<head>
<meta charset="utf-8">
<title>{MATRIX_HTML_TITLE.replace('<', '&lt;').replace('>', '&gt;')}</title>
<meta name="author" content="Hal Author &lt;img src=x onerror=__pwned(64)&gt;">
<meta name="description" content="Described &quot;&gt;&lt;script&gt;__pwned(65)&lt;/script&gt;">
<meta property="og:site_name" content="Site &lt;svg onload=__pwned(66)&gt;">
<meta property="og:title" content="OG &lt;img src=x onerror=__pwned(67)&gt;">
<meta property="article:section" content="Sec &lt;img src=x onerror=__pwned(68)&gt;">
<link rel="canonical" href="https://example.invalid/page?a=&quot;&gt;&lt;script&gt;__pwned(69)&lt;/script&gt;">
<script type="application/ld+json">
{{"@type": "NewsArticle", "headline": "LD <img src=x onerror=__pwned(70)>",
  "author": {{"@type": "Person", "name": "LD Author <img src=x onerror=__pwned(71)>"}},
  "datePublished": "2012-02-03", "articleSection": "LD <svg onload=__pwned(72)>",
  "description": "<p>LD description <img src=x onerror=__pwned(73)></p>"}}
</script>
</head>
<body>
<article>
<h1>{MATRIX_HTML_TITLE.replace('<', '&lt;').replace('>', '&gt;')}</h1>
<p>The council heard from Zed Quorum at length about the rights of people in many regions of the world today.</p>
<p>A second paragraph &lt;script&gt;__pwned(74)&lt;/script&gt; follows, with enough words to count as a real paragraph of the page.</p>
<p>A third paragraph closes the article, again with enough words to be kept by the extractor as text.</p>
</article>
</body>
</html>
"""


def _yaml(data: dict) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def write_matrix_archive(root: Path) -> Path:
    """content/ where every field of every editor file, every metadata field a source can give, a
    file name and mkdocs.yml's site_name and site_description carry a payload; returns the config."""
    content = root / "content"
    files = {
        "sources/report.txt": MATRIX_TEXT_SOURCE,
        "sources/sidecar.txt": MATRIX_SIDECAR_SOURCE,
        "sources/sidecar.yml": _yaml(MATRIX_SIDECAR),
        "sources/captured.html": MATRIX_HTML_SOURCE,
        f"sources/{MATRIX_SOURCE_FILE}": MATRIX_NAMED_SOURCE,
        f"sources/{MATRIX_BAD_FILE}": "not a source",
        "entities/zed-quorum.yml": _yaml(MATRIX_ENTITY),
        "entities/council.yml": _yaml(MATRIX_OTHER_ENTITY),
        "topics/evil.yml": _yaml(MATRIX_TOPIC),
        "topics/evil-child.yml": _yaml(MATRIX_CHILD_TOPIC),
        "annotations/report/evil-note.yml": _yaml(MATRIX_ANNOTATION),
        "annotations/report/orphan-note.yml": _yaml(MATRIX_ORPHAN),
        "pages/about.md": HOSTILE_ABOUT,
    }
    for rel, text in files.items():
        target = content / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return write_test_config(root, content, MATRIX_SITE_NAME, MATRIX_SITE_DESCRIPTION)


# --- what in a built page could run a payload ---------------------------------------------------------

def executable(path: Path) -> list[str]:
    """What in one built page could run a payload: event-handler attributes, script elements
    whose code mentions __pwned, javascript:/data: URLs, elements from content that can carry a
    handler (img, svg, iframe) inside the article, and the payloads' <img src=x> anywhere."""
    found = []
    for tag in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find_all(True):
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                found.append(f"<{tag.name} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction") and \
                    value.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                found.append(f"<{tag.name} {name}={value!r}>")
        if tag.name == "script" and "__pwned" in (tag.string or ""):
            if tag.get("type") == "application/ld+json":
                json.loads(tag.string)  # data, and well-formed
            else:
                found.append(f"<script>{tag.string[:80]}")
        if tag.name in ("img", "svg", "iframe", "object", "embed") and tag.find_parent("article") \
                and not _drawn_by_the_builder(tag) \
                or tag.name == "img" and tag.get("src") == "x":  # the payloads' image, anywhere
            found.append(str(tag)[:80])
    return found


DRAWING = {"g", "line", "circle", "rect", "path", "polyline", "polygon", "text", "title", "desc", "a"}
"""The elements of a drawing the builder makes (a graph, a chart, a map): shapes, text and links."""


def _drawn_by_the_builder(tag) -> bool:
    """An <svg> the builder drew (class archive-..., e.g. the connections graph): only shapes,
    text and links inside (their attributes are checked like every other tag's)."""
    return tag.name == "svg" and any(c.startswith("archive-") for c in tag.get("class", [])) and \
        all(inner.name in DRAWING for inner in tag.find_all(True))
