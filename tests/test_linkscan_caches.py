"""The link check's page reader (builder.linkscan) keeps what it parsed of each distinct tag and
made of each link in a worker, for the next pages: the same tag or link on another page must
still give that page's own result (its own directory, itself for a bare '#anchor')."""

from __future__ import annotations

from builder import linkscan
from builder.linkscan import _scan, _scan_pages

HEAD = '<a href="#top">Top</a> <a href="../sibling/">Sibling</a> <a href="/about/">About</a>'


def _site(tmp_path, pages: dict[str, str]) -> str:
    for rel, text in pages.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return str(tmp_path)


def test_the_same_tags_on_pages_in_other_folders_resolve_from_each_page(tmp_path):
    site = _site(tmp_path, {"a/one/index.html": f'<h1 id="top">One</h1>{HEAD}',
                            "b/c/two/index.html": f'<h1 id="top">Two</h1>{HEAD}',
                            "a/three/index.html": f"<p>{HEAD}</p>"})
    linkscan._TAGS.clear()
    linkscan._LINKS.clear()
    one, two, three = _scan_pages(site, ["a/one/index.html", "b/c/two/index.html", "a/three/index.html"])
    assert one.links == [("broken href", "#top", "a/one/index.html", "top"),
                         ("broken href", "../sibling/", "a/sibling", ""),
                         ("broken href", "/about/", "about/", "")]
    assert two.links == [("broken href", "#top", "b/c/two/index.html", "top"),
                         ("broken href", "../sibling/", "b/c/sibling", ""),
                         ("broken href", "/about/", "about/", "")]
    assert three.links[0] == ("broken href", "#top", "a/three/index.html", "top")
    assert three.links[1:] == one.links[1:]
    assert one.ids == two.ids == {"top"} and three.ids == set()
    # Read again with everything kept from the first reading: the same for each page.
    assert _scan_pages(site, ["a/three/index.html", "b/c/two/index.html", "a/one/index.html"]) == [three, two, one]


def test_only_tags_with_attributes_are_read_and_their_words_in_any_case():
    text = ('<p><b>bold</b><br><br/>\n<A\nHREF="../x/">x</A><IMG SRC=pic.png alt="">'
            '<div Id="d1"><a NAME="old">old</a><span title="a <a href=y> b">s</span>'
            '<meta HTTP-EQUIV="Refresh" content="0; url=../x/">'
            '<!-- <a href="in-a-comment/"> --><script src="app.js">var a = "<a href=nope>";</script>')
    ids, links, redirect = _scan(text)
    assert ids == {"d1", "old"}
    # A tag ends at its first '>': the span's attributes end inside its title, where a href is read.
    assert links == [("href", "../x/"), ("src", "pic.png"), ("href", "y"), ("src", "app.js")]
    assert redirect
    assert _scan(text) == (ids, links, redirect)  # from what was kept


def test_a_canonical_link_to_the_public_address_is_not_read_but_a_relative_one_is():
    ids, links, redirect = _scan('<link rel="canonical" href="https://example.org/a/">'
                                 '<link rel="canonical" href="../a/"><link rel="stylesheet" href="https://cdn/x.css">')
    assert links == [("href", "../a/"), ("href", "https://cdn/x.css")]
    assert (ids, redirect) == (set(), False)


def test_an_anchor_of_a_page_read_later_is_checked_once_it_is_read(tmp_path):
    """check_site checks each page as soon as it is read: a link to an anchor of a page read
    after it is checked at the end, missing or not, as one to a page read before."""
    from concurrent.futures import ThreadPoolExecutor

    from builder.linkcheck import Problem, check_site

    site = _site(tmp_path, {"index.html": '<a href="a/">a</a> <a href="b/#here">b</a> <a href="b/#gone">b</a>',
                            "a/index.html": '<p id="top"><a href="../b/#here">b</a> <a href="../b/#nowhere">b</a></p>',
                            "b/index.html": '<p id="here"><a href="../a/#top">a</a> <a href="../a/#lost">a</a></p>'})
    with ThreadPoolExecutor(max_workers=1) as here:  # one page a chunk (three pages): b is read after a and the home page
        report = check_site(tmp_path, here)
    assert site and report.pages == 3 and report.links == 7
    assert report.problems == [Problem("a/index.html", "../b/#nowhere", "missing anchor"),
                               Problem("b/index.html", "../a/#lost", "missing anchor"),
                               Problem("index.html", "b/#gone", "missing anchor")]
    assert report.linked == {"a/index.html": {"": 1, "top": 1, "lost": 1}, "b/index.html": {"here": 2, "gone": 1, "nowhere": 1}}


def test_scripts_comments_and_style_sheets_are_passed_over_as_a_browser_reads_them():
    """One pass from the page's start: a script's body is not read, even where it holds what
    would open a comment; its opening tag is; an unclosed script or comment reads on as tags."""
    text = ('<script id="s1" src="a.js">if (x <!-- y) { go("<a href=in-script>") }</script>'
            '<a href="after-script/">a</a>'
            '<style media="print">a { background: url(in-style.png) }</style><p id="after-style">p</p>'
            '<!-- <a href="commented/"> --><SCRIPT>var b = "<img src=nope.png>";</SCRIPT>'
            '<script data-x="1 <a href=inside-its-tag/>">x</script>'
            '<script src="unclosed.js"><a href="read-on/">')
    ids, links, redirect = _scan(text)
    assert ids == {"s1", "after-style"}
    assert links == [("src", "a.js"), ("href", "after-script/"), ("href", "inside-its-tag/"),
                     ("src", "unclosed.js"), ("href", "read-on/")]
    assert not redirect
    assert _scan(text) == (ids, links, redirect)  # from what was kept
