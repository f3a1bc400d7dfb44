"""Editor-written Markdown (notes, descriptions) rendered to sanitised HTML or plain text.

Editors are trusted to write Markdown, not HTML: the result is cleaned with nh3
(Ammonia), so no script, event handler, style or ``javascript:`` URL can reach a page.

Rendered once, cleaned once: the HTML of :func:`to_html` goes into a page only inside an
emit.rawhtml block, which MkDocs' Python-Markdown never parses. Parsed again, the text of a
code block (which nh3 keeps) would become Markdown, with ``attr_list`` attributes and all.
"""

from __future__ import annotations

from html import unescape

import markdown
import nh3

ALLOWED_TAGS = {"p", "a", "em", "strong", "code", "ul", "ol", "li", "blockquote", "br", "q", "cite", "abbr", "sup", "sub"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


_RENDERER = markdown.Markdown(extensions=[], output_format="html")


def _render(source: str) -> str:
    # One Markdown instance, reset between documents: building one costs more than converting.
    return _RENDERER.reset().convert(source)


def to_html(source: str) -> str:
    """Render editor Markdown and keep only harmless tags, attributes and URL schemes."""
    html = _render(source)
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer").strip()


def to_plain_text(source: str) -> str:
    """The words of editor Markdown, without any markup (for hover cards and feeds)."""
    html_text = _render(source)
    return " ".join(unescape(nh3.clean(html_text, tags=set(), attributes={})).split())


def to_inline_html(source: str) -> str:
    """Like :func:`to_html` but for one short line: the surrounding paragraph is dropped."""
    html = to_html(source)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html
