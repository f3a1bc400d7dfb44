"""The HTML-block hand-over (builder.bridge.handover): the blocks emit writes go around
Python-Markdown and come back exactly, in place; nothing else is taken for a block."""

from __future__ import annotations

import markdown

from builder.bridge import handover
from builder.emit import rawhtml
from helpers import markdown_extensions

NAMES, CONFIGS = markdown_extensions()


def render(text: str) -> str:
    return markdown.markdown(text, extensions=NAMES, extension_configs=CONFIGS)


def test_blocks_go_around_markdown_and_come_back_in_place():
    first = rawhtml.block("meta", "<dl>\n<dt>*Not* emphasis</dt>\n<dd>_kept_ as written</dd>\n</dl>")
    second = rawhtml.block("body", '<p id="p1" class="archive-p">A [link](x) that stays text</p>')
    page = f"# Title\n\n{first}\n\nBetween *the* blocks.\n\n{second}\n"
    placeholder = handover.new_placeholder()
    text, blocks = handover.split(page, placeholder)
    assert blocks == [first, second]
    assert text == f"# Title\n\n{placeholder}0\n\nBetween *the* blocks.\n\n{placeholder}1\n"
    assert handover.join(render(text), blocks, placeholder) == (
        f'<h1 id="title">Title<a class="headerlink" href="#title" title="Permanent link">&para;</a></h1>\n'
        f"{first}\n<p>Between <em>the</em> blocks.</p>\n{second}")


def test_escaped_text_that_looks_like_a_block_is_no_block():
    looks_like = '<div class="archive-meta">\nx\n</div><!-- /archive-meta -->'
    assert handover.split(rawhtml.text(looks_like), "PH") == (rawhtml.text(looks_like), [])


def test_each_build_has_its_own_placeholder():
    assert len({handover.new_placeholder() for _ in range(100)}) == 100


def test_many_blocks_each_come_back_in_their_place():
    from builder.bridge import handover

    placeholder = handover.new_placeholder()
    blocks = [f'<div class="archive-x">\n<p>block {n}</p>\n</div><!-- /archive-x -->' for n in range(1_200)]
    markdown = "\n\n".join(f"{placeholder}{n}" for n in range(len(blocks)))
    html = "\n".join(f"<p>{placeholder}{n}</p>" for n in range(len(blocks)))
    assert handover.join(html, blocks, placeholder) == "\n".join(blocks)
    assert handover.split(markdown.replace(placeholder, "x"), placeholder) == (markdown.replace(placeholder, "x"), [])


def test_a_page_handed_to_mkdocs_is_decoded_for_its_file_alone():
    """A forked renderer shares the building process's pages: reading one for MkDocs must not
    decode it in place (it would stay decoded in that process's memory to the end)."""
    import pickle

    from builder.emit.frontmatter import page

    made = page({"title": "Café · menu", "search": {"exclude": True}}, "# Café · menu\n\nText.")
    kept = pickle.loads(pickle.dumps(made))  # as from the result store, or from a worker
    blob = pickle.dumps((made.front, made.body), protocol=pickle.HIGHEST_PROTOCOL)  # the page, pickled
    file = handover.GeneratedPage("documents/cafe.md", None, "site", True)
    file.source = kept  # (as GeneratedPage.of hands it over)
    assert file.content_string == made.body
    assert file.parts() == (made.front, made.body)
    assert kept.size() == len(blob) != len(made.body)  # still pickled
    file.let_go()
    assert file.source is None and file._parts is None
    # A document's page ends with its foot (emit.document_foot), read the same way.
    from builder.emit.document_foot import footed, packed

    ended = handover.GeneratedPage("documents/cafe.md", None, "site", True)
    ended.source = footed(kept, packed("<p>Related</p>"))
    assert ended.parts() == (made.front, made.body + "\n<p>Related</p>\n") and kept.size() == len(blob)
    assert ended.source.text.startswith("---\ntitle: ") and ended.source.text.endswith("---\n\n" + ended.content_string)


CHARACTER_AT_A_TIME = r'^<div class="archive-(?P<name>[a-z-]+)[" ][^\n]*>\n.*?\n</div><!-- /archive-(?P=name) -->$'
"""The block's first form (its body tried a character at a time): rawhtml.BLOCK tries it a line
at a time, and must find the same blocks."""


def test_blocks_are_found_a_line_at_a_time_as_a_character_at_a_time():
    import re

    reference = re.compile(CHARACTER_AT_A_TIME, re.MULTILINE | re.DOTALL)
    close = "</div><!-- /archive-{} -->"
    texts = [
        f'<div class="archive-meta">\n\n{close.format("meta")}',  # an empty line as its body
        f'<div class="archive-meta">\n{close.format("meta")}\nx\n{close.format("meta")}',  # no body: the next close
        f'<div class="archive-a x">\none\n{close.format("b")}\ntwo\n{close.format("a")}\n\n'
        f'<div class="archive-b">\nthree\n{close.format("b")} trailing\n{close.format("b")}',
        f'text\n<div class="archive-meta" id="m">\nline\n<div class="archive-meta">\ninner\n{close.format("meta")}\n'
        f'{close.format("meta")}\n',
        f'<div class="archive-meta">\nnever closed\n',
        f'<div class="archive-meta">\r\nwindows\r\n{close.format("meta")}\r\n',
    ]
    for text in texts:
        assert [m.group(0) for m in rawhtml.BLOCK.finditer(text)] == [m.group(0) for m in reference.finditer(text)]
    assert [m.group("name") for m in rawhtml.BLOCK.finditer(texts[2])] == ["a", "b"]
    assert rawhtml.BLOCK.search(texts[1]).group(0) == texts[1]  # its body is the first close and the x
