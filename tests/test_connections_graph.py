"""The connections graph (issue 22): the page entities/connections/ and each entity page's
neighbourhood, read from the built demo and compared with what the model says.

- The nodes are the entities the rule picks (by documents, ties by name; those sharing a
  paragraph with another of them), the edges every pair of them sharing paragraphs, each
  with its count; the core and the floor shown at first are those the page states.
- A node's size grows with its documents; every node and table row links an entity page
  that exists; the table says the same as the drawing.
- Two builds give byte-identical pages; hostile entity names stay text.
"""

from __future__ import annotations

import os
import os
import re
from collections import Counter
from pathlib import Path
from pathlib import Path
from itertools import combinations

import pytest

from builder.emit import connections
from builder.emit.graph_layout import force_directed
from builder.emit.connections_page import PAGE
from builder.emit.urls import Urls
from builder.model import Indexes
from helpers import (REPO_CONTENT, article, demo_archive, linked_id, page_html, page_soup, page_url, site_target, soup_of,
                     squash, write_config)


def _model():
    archive = demo_archive()
    index = Indexes(archive)
    return archive, index


def expected_graph():
    """The nodes and edges by the rule, counted here from the mentions (not with the builder's
    own counting)."""
    archive, index = _model()
    docs: dict[str, set] = {}
    paragraphs: dict[tuple, set] = {}
    for m in archive.mentions:
        docs.setdefault(m.entity, set()).add(m.doc)
        paragraphs.setdefault((m.doc, m.paragraph), set()).add(m.entity)
    ranked = sorted(docs, key=lambda e: (-len(docs[e]), archive.entities[e].name.casefold(), e))[:connections.MOST]
    top = set(ranked)
    pairs: Counter = Counter()
    for shared in paragraphs.values():
        pairs.update(combinations(sorted(shared & top), 2))
    linked = {e for pair in pairs for e in pair}
    nodes = [e for e in ranked if e in linked]
    return archive, nodes, {frozenset(pair): n for pair, n in pairs.items()}, {e: len(docs[e]) for e in nodes}


@pytest.fixture(scope="module")
def graph_page(demo):
    return page_soup(demo.site, PAGE)


def drawn(soup):
    """(node entity ids in order, {node number: (radius, type, href, title)}, edges {frozenset(ids): weight}, off)"""
    svg = soup.select_one("figure.archive-graph svg.archive-graph-svg")
    nodes = svg.select("a.archive-graph-node")
    ids = [linked_id(PAGE, a["href"], "entities") for a in nodes]
    info = {int(a["data-i"]): (float(a.circle["r"]), a["data-type"], a["href"], a.title.get_text()) for a in nodes}
    edges = {frozenset((ids[int(line["data-a"])], ids[int(line["data-b"])])): int(line["data-w"])
             for line in svg.select("line")}
    off_nodes = {int(a["data-i"]) for a in nodes if "is-off" in a.get("class", [])}
    off_edges = {frozenset((ids[int(line["data-a"])], ids[int(line["data-b"])])) for line in svg.select("line")
                 if "is-off" in line.get("class", [])}
    return ids, info, edges, off_nodes, off_edges


def test_nodes_and_edges_are_what_the_model_says(graph_page):
    archive, nodes, pairs, docs = expected_graph()
    ids, info, edges, off_nodes, off_edges = drawn(graph_page)
    assert ids == nodes
    assert len(ids) > 50  # the demo's register is drawn, not a token graph
    assert len(pairs) <= connections.MOST_EDGES
    assert edges == pairs
    for i, entity_id in enumerate(ids):
        radius, entity_type, _, title = info[i]
        assert entity_type == archive.entities[entity_id].type
        documents = docs[entity_id]
        assert title == f"{archive.entities[entity_id].name}: {documents} document{'s' if documents != 1 else ''}"
    # The demo has fewer entities than the core: all shown; the connections below the floor are not.
    figure = graph_page.select_one("figure.archive-graph")
    core, floor = int(figure["data-core"]), int(figure["data-floor"])
    assert core == len(ids) and off_nodes == set()
    assert floor > 1
    assert off_edges == {pair for pair, w in pairs.items() if w < floor}
    shown = len(pairs) - len(off_edges)
    assert shown <= connections.CORE_EDGES
    # The lowest such floor: one lower would show more than CORE_EDGES, or there is none lower.
    assert sum(1 for w in pairs.values() if w >= floor - 1) > connections.CORE_EDGES or floor == 1
    intro = squash(article(graph_page).select_one("div.archive-graph-intro").get_text())
    assert f"Drawn: the {len(ids)} entities named in the most documents (of {len(docs)})" in intro
    assert f"Shown at first: all of them, and the {shown} connections between them of at least {floor} shared paragraphs." in intro
    status = squash(graph_page.select_one(".archive-graph-status").get_text())
    assert status == f"Showing {len(ids)} of {len(ids)} entities and {shown} connections of at least {floor} shared paragraphs."


def test_sizes_follow_documents(graph_page):
    _, nodes, _, docs = expected_graph()
    _, info, _, _, _ = drawn(graph_page)
    by_docs = sorted(((docs[e], info[i][0]) for i, e in enumerate(nodes)))
    for (d1, r1), (d2, r2) in zip(by_docs, by_docs[1:]):
        assert r1 <= r2 and (d1 < d2) == (r1 < r2), (d1, r1, d2, r2)
    assert by_docs[0][1] < by_docs[-1][1]


def test_every_link_reaches_an_entity_page(demo, graph_page):
    _, info, _, _, _ = drawn(graph_page)
    table_links = [a["href"] for a in graph_page.select("div.archive-connections-table table a")]
    for href in [h for _, _, h, _ in info.values()] + table_links:
        target = site_target(PAGE, href)
        assert linked_id(PAGE, href, "entities") and (demo.site / target / "index.html").is_file(), href
    # The entities index links the page; so does an entity page's neighbourhood.
    index = page_soup(demo.site, "entities/index.md")
    assert [site_target("entities/index.md", a["href"]) for a in article(index).select("a")
            if a.get_text() == "How they are connected"] == [page_url(PAGE)]


def test_the_table_says_what_the_drawing_shows(graph_page):
    archive, nodes, pairs, docs = expected_graph()
    rows = graph_page.select("div.archive-connections-table table tbody tr")
    assert [squash(th.get_text()) for th in graph_page.select("div.archive-connections-table th")] == [
        "Entity", "Type", "Documents", "Most shared paragraphs with (up to 5)"]
    assert len(rows) == len(nodes)
    names = {e: archive.entities[e].name for e in nodes}
    rank = {e: i for i, e in enumerate(nodes)}
    for row, entity_id in zip(rows, nodes):
        cells = [squash(td.get_text()) for td in row.select("td")]
        strongest = sorted(((next(iter(pair - {entity_id})), w) for pair, w in pairs.items() if entity_id in pair),
                           key=lambda item: (-item[1], min(rank[entity_id], rank[item[0]]), max(rank[entity_id], rank[item[0]])))[:5]
        assert cells == [names[entity_id], archive.entities[entity_id].type.capitalize(), str(docs[entity_id]),
                         ", ".join(f"{names[other]} ({w})" for other, w in strongest)]


def test_an_entity_page_draws_its_neighbourhood(demo):
    soup = page_soup(demo.site, "entities/ban-ki-moon.md")
    figure = soup.select_one("div.archive-related figure.archive-neighbourhood")
    listed = [(site_target("entities/ban-ki-moon.md", li.a["href"]), int(re.search(r"(\d+) paragraphs?$", squash(li.get_text())).group(1)))
              for li in soup.select("div.archive-related > ul > li")]
    nodes = figure.select("svg a.archive-graph-node")
    assert len(nodes) == min(10, len(listed)) == 10
    assert [site_target("entities/ban-ki-moon.md", a["href"]) for a in nodes] == [t for t, _ in listed[:10]]
    assert [a.title.get_text().rsplit(": ", 1)[1] for a in nodes] == [
        f"{n} shared paragraph{'s' if n != 1 else ''}" for _, n in listed[:10]]
    assert all(a["tabindex"] == "-1" for a in nodes) and figure.svg["aria-hidden"] == "true"
    assert figure.select_one(".archive-graph-centre title").get_text() == "Ban Ki-moon"
    caption = figure.figcaption
    assert squash(caption.get_text()) == "Its 10 strongest connections. All connections"
    assert site_target("entities/ban-ki-moon.md", caption.a["href"]) == page_url(PAGE)


def _built_twice(tmp_path):
    from builder.bridge.site import build_site
    sites = []
    for n in (1, 2):
        root = tmp_path / f"b{n}"
        root.mkdir()
        config = write_config(root / "mkdocs.yml", content_dir=REPO_CONTENT)
        build_site(config, root / "site", content_dir=REPO_CONTENT)
        sites.append(root / "site")
    return sites


def test_the_layout_is_deterministic(demo, tmp_path):
    """The graph of the demo made again in this process, and the page of the session's build:
    byte-identical (a second process gives the same numbers: the seed and the order are fixed)."""
    from builder.emit import connections_page
    archive, index = _model()
    again = connections_page.render(archive, index, Urls())
    assert again.body == connections_page.render(archive, index, Urls()).body
    built = page_html(demo.site, PAGE).read_text(encoding="utf-8")
    svg = re.search(r'<svg class="archive-graph-svg".*?</svg>', built, re.DOTALL).group(0)
    assert svg in again.body


def test_two_builds_are_byte_identical(tmp_path):
    first, second = _built_twice(tmp_path)
    for page in (PAGE, "entities/ban-ki-moon.md", "entities/china.md"):
        assert page_html(first, page).read_bytes() == page_html(second, page).read_bytes()


def test_hostile_names_stay_text(tmp_path):
    """Entities whose names are markup, named together: the graph, its table and their
    neighbourhoods show the names as text."""
    from helpers import make_tiny_archive

    names = {"evil-one": '<img src=x onerror=alert(1)>"Evil" & co', "evil-two": "</svg><script>alert(2)</script>"}
    register = {f"entities/{entity_id}.yml": f"id: {entity_id}\nname: '{name}'\ntype: person\n"
                                             f"aliases: ['{entity_id.replace('-', ' ').title()}']\n"
                for entity_id, name in names.items()}
    tiny = make_tiny_archive(tmp_path, sources={"story.txt": "A story\n\nEvil One met Evil Two in the hall.\n\n"
                                                             "Later Evil Two and Evil One spoke again.\n"}, files=register)
    site = tiny.build()
    page = page_html(site, PAGE).read_text(encoding="utf-8")
    assert "<img" not in page and "<script>alert" not in page
    soup = soup_of(page_html(site, PAGE))
    titles = sorted(a.title.get_text() for a in soup.select("svg a.archive-graph-node"))
    assert titles == sorted(f"{name}: 1 document" for name in names.values())
    assert sorted(squash(a.get_text()) for a in soup.select("div.archive-connections-table td:first-child a")) == sorted(
        squash(n) for n in names.values())
    entity = page_html(site, "entities/evil-one.md").read_text(encoding="utf-8")
    assert "<img src=x" not in entity.split('<div class="archive-related">', 1)[1].split("</div>", 1)[0]
    soup = soup_of(page_html(site, "entities/evil-one.md"))
    assert soup.select_one("figure.archive-neighbourhood a title").get_text() == f"{names['evil-two']}: 2 shared paragraphs"
    # One connection: said in the singular.
    assert squash(soup.select_one("figure.archive-neighbourhood figcaption").get_text()) == \
        "Its strongest connection. All connections"


def test_the_layout_is_the_same_in_a_fresh_process():
    """The layout's numbers do not depend on the process (hash seeds, import order): the demo's
    graph made in a new Python process is byte-identical to the one made here."""
    import subprocess
    import sys

    from builder.emit import connections_page
    archive, index = _model()
    here = connections_page.render(archive, index, Urls()).body
    script = ("import sys; sys.path.insert(0, 'tests'); from helpers import demo_archive; "
              "from builder.model import Indexes; from builder.emit import connections_page; "
              "from builder.emit.urls import Urls; a = demo_archive(); "
              "sys.stdout.buffer.write(connections_page.render(a, Indexes(a), Urls()).body.encode('utf-8'))")
    root = Path(__file__).resolve().parents[1]
    there = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": "12345"}).stdout.decode("utf-8")
    assert there == here


REGISTER = {
    "entities/beijing.yml": "id: beijing\nname: Beijing\ntype: place\ncoordinates: [39.9042, 116.4074]\n",
    "entities/china.yml": "id: china\nname: China\ntype: place\n",
    "entities/ban-ki-moon.yml": "id: ban-ki-moon\nname: Ban Ki-moon\ntype: person\n",
    "entities/hu-jintao.yml": "id: hu-jintao\nname: Hu Jintao\ntype: person\naliases: [President Hu]\n",
}
STORIES = {
    "sources/one.txt": "Ban Ki-moon in Beijing\n\nBan Ki-moon met Hu Jintao in Beijing.\n\nChina and Hu Jintao spoke.\n",
    "sources/two.txt": "China at the UN\n\nChina backed Ban Ki-moon.\n\nPresident Hu and Ban Ki-moon met in Beijing.\n",
}
REGISTER_EDITS = [
    ("entities/hu-jintao.yml", "name: Hu Jintao\n", "name: Hu Jin-tao\n"),  # a name (its alias still finds him)
    ("entities/ban-ki-moon.yml", "type: person", "type: organisation"),  # a type
    ("entities/beijing.yml", "[39.9042, 116.4074]", "[-33.87, 151.21]"),  # a place's coordinates
]


@pytest.mark.parametrize("edits", [1, 2, 3])
def test_after_a_register_edit_the_graph_and_the_place_pages_are_a_clean_builds(tmp_path, edits):
    """Built, the register edited (a name, then a type, then a place's coordinates), built again
    with the first build's cache and site: the connections page, the map and the place's page
    are byte for byte those of a clean build of the edited archive, and so is every other file."""
    from helpers import make_tiny_archive, tree_digest

    archive = make_tiny_archive(tmp_path / "archive", files={**STORIES, **REGISTER})
    first = archive.build()
    before = {page: (first / page).read_bytes() for page in PAGES_EDITED}
    files = dict(REGISTER)
    for path, old, new in REGISTER_EDITS[:edits]:
        assert old in files[path]
        files[path] = files[path].replace(old, new)
    archive.write(files)
    from builder.bridge.site import build_site
    result = build_site(archive.config, archive.site(), content_dir=archive.content)
    assert result.pages_reused > 0  # a rebuild, not a clean build
    site = archive.site()
    clean = make_tiny_archive(tmp_path / "clean", files={**STORIES, **files}).build()
    for page in PAGES_EDITED:
        assert (site / page).read_bytes() == (clean / page).read_bytes(), page
    assert (site / "entities/connections/index.html").read_bytes() != before["entities/connections/index.html"]
    if edits == 3:
        assert (site / "entities/beijing/index.html").read_bytes() != before["entities/beijing/index.html"]
    assert tree_digest(site) == tree_digest(clean)


PAGES_EDITED = ("entities/connections/index.html", "entities/map/index.html", "entities/beijing/index.html",
                "entities/hu-jintao/index.html", "entities/ban-ki-moon/index.html")


@pytest.mark.parametrize("edit, laid_out", [
    # A paragraph without names before the others: every mention moves, the graph does not.
    (("sources/one.txt", "Ban Ki-moon in Beijing\n\n", "Ban Ki-moon in Beijing\n\nA new first paragraph.\n\n"), 0),
    # A paragraph naming two entities together: one more shared paragraph, laid out again.
    (("sources/two.txt", "China backed Ban Ki-moon.\n", "China backed Ban Ki-moon.\n\nHu Jintao and China agreed.\n"), 1),
])
def test_the_layout_is_kept_while_its_nodes_and_edges_are_the_same(tmp_path, monkeypatch, edit, laid_out):
    """Built, a source edited, built again with the first build's cache: the graph is laid out
    again only when what it places changed (not when mentions merely moved to other paragraphs),
    and the site is byte for byte a clean build's."""
    import builder.emit
    from builder.bridge.site import build_site
    from builder.emit import connections_page
    from helpers import make_tiny_archive, tree_digest

    archive = make_tiny_archive(tmp_path / "archive", files={**STORIES, **REGISTER})
    first = archive.build()
    before = (first / "entities/connections/index.html").read_bytes()
    path, old, new = edit
    files = {**STORIES, **REGISTER, path: STORIES[path].replace(old, new)}
    assert files[path] != STORIES[path]
    archive.write(files)
    calls, renders = [], []
    monkeypatch.setattr(builder.emit, "force_directed", lambda *args: calls.append(args) or force_directed(*args))
    render = connections_page.render
    monkeypatch.setattr(connections_page, "render", lambda *args: renders.append(1) or render(*args))
    build_site(archive.config, archive.site(), content_dir=archive.content)
    monkeypatch.undo()
    assert len(renders) == 1  # the page made again (its mentions moved), in both cases
    assert len(calls) == laid_out
    site = archive.site()
    clean = make_tiny_archive(tmp_path / "clean", files=files).build()
    assert tree_digest(site) == tree_digest(clean)
    assert ((site / "entities/connections/index.html").read_bytes() == before) == (laid_out == 0)
